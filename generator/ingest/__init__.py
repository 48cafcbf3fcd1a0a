"""Ingest: find seed files, pick a reader per format, merge the sidecar's fields.

Every file is either read or reported with one line naming it and the reason; no input file
can stop the others from being read.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass, field
from operator import attrgetter, itemgetter
from pathlib import Path

from generator.ingest.decode import ReadError, printable
from generator.ingest.filedates import file_date, git_commit_dates
from generator.ingest.frontmatter import normalise_fields
from generator.ingest.readers import READERS, ReaderOutput, read_html
from generator.ingest.sidecar import SidecarMemo, read_sidecar
from generator.models import FileDate, Problem, RawDocument

SIDECAR = "sources.yml"
IGNORED_NAMES = {SIDECAR, "README.md", "README.txt", "readme.md"}


@dataclass
class IngestResult:
    documents: list[RawDocument] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


# seed -> (the file's stat signature, what its reader made of it, sha256 of its bytes)
ReadMemo = dict[str, tuple[tuple, ReaderOutput, str]]


def read_seeds(seeds_dir: Path, max_bytes: int = 10 * 1024 * 1024,
               memo: ReadMemo | None = None,
               sidecars: SidecarMemo | None = None) -> IngestResult:
    """Read every seed below seeds_dir (recursive, sorted); one problem per bad file.

    memo (optional) carries the previous run's reader outputs: a file whose size, times and
    inode are unchanged is not read or decoded again. It is updated in place, as is
    ``sidecars`` (sidecar.read_sidecar: a sidecar with the same bytes is not parsed again)."""
    result = IngestResult()
    root = seeds_dir.resolve()
    sidecar = _load_sidecar(root, result.problems, sidecars)
    git_dates = git_commit_dates(root)
    files, skipped = _seed_files(root)
    result.problems.extend(skipped)
    for seed, path, linked in files:
        from_sidecar = sidecar.pop(seed, {})
        try:
            if memo is None or seed not in memo:  # a name in the memo passed before
                _check_name(seed)
            doc = _read_one(root, path, seed, max_bytes, git_dates, from_sidecar, memo, linked)
        except ReadError as exc:
            result.problems.append(Problem(printable(seed), str(exc)))
            continue
        except Exception as exc:  # noqa: BLE001 - one odd file must not stop the others
            result.problems.append(Problem(printable(seed), "could not be read "
                                           f"({type(exc).__name__}: {printable(str(exc))[:80]})"))
            continue
        declared, warnings = normalise_fields({**doc.declared, **from_sidecar})
        doc.declared = declared
        result.problems.extend(Problem(seed, w, fatal=False) for w in warnings)
        result.documents.append(doc)
    result.problems.extend(
        Problem(SIDECAR, f"entry '{printable(name)}' names no readable seed file", fatal=False)
        for name in sorted(sidecar))
    _drop_duplicate_ids(result)
    return result


def _load_sidecar(root: Path, problems: list[Problem],
                  memo: SidecarMemo | None = None) -> dict[str, dict]:
    """seeds/sources.yml, plus a sources.yml in any sub-folder (keys relative to that folder,
    e.g. seeds/fetched/sources.yml written by `newsdigest fetch`). The top-level file, which
    people edit, wins over a sub-folder's for the same seed."""
    merged: dict[str, dict] = {}
    nested = sorted(p for p in root.rglob(SIDECAR) if p.parent != root
                    and not any(part.startswith(".") for part in p.relative_to(root).parts))
    for path in [*nested, root / SIDECAR]:
        name = path.relative_to(root).as_posix()
        prefix = path.parent.relative_to(root).as_posix()
        try:
            if path.is_symlink() and not path.resolve().is_relative_to(root):
                raise ReadError("symbolic link to a file outside seeds/")
            entries = read_sidecar(path, memo)
        except (ReadError, OSError) as exc:
            problems.append(Problem(name, f"sidecar ignored: {exc}", fatal=False))
            continue
        for seed, fields in entries.items():
            key = seed if prefix == "." else f"{prefix}/{seed}"
            merged[key] = {**merged.get(key, {}), **fields}
    return merged


def _seed_files(root: Path) -> tuple[list[tuple[str, str, bool]], list[Problem]]:
    """Files below root as (seed name: the path relative to root, with "/"; the file's path;
    whether it is a symbolic link), sorted by name; hidden files and folders are left out, linked
    folders are not followed (they may lead anywhere). Names are made while walking, from
    each folder's own: making each file's name again from its Path (relative_to) was most of
    the walk's time, which is part of every run, warm or not (0.4 s at 22,250 seeds). Whether
    a file is a link comes with the listing (the entry's type), so a file needs no lstat, and
    its path is the listing's string: a Path is made only for a file to be read."""
    files: list[tuple[str, str, bool]] = []
    problems: list[Problem] = []
    pending = [(root, "")]  # folders to list, depth first in name order
    while pending:
        folder, prefix = pending.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted((e for e in listing if not e.name.startswith(".")),
                                 key=attrgetter("name"))
        except OSError:  # as os.walk: a folder that cannot be listed is skipped
            continue
        below = []
        for entry in entries:
            seed = prefix + entry.name
            if _is_folder(entry):
                if entry.is_symlink():
                    problems.append(Problem(printable(seed),
                                            "symbolic link to a folder (not followed)"))
                else:
                    below.append((folder / entry.name, f"{seed}/"))
            elif entry.name not in IGNORED_NAMES:
                files.append((seed, entry.path, _is_link(entry)))
        pending.extend(reversed(below))
    files.sort(key=itemgetter(0))
    return files, problems


def _is_folder(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()  # through a link, as os.walk lists a linked folder
    except OSError:
        return False


def _is_link(entry: os.DirEntry) -> bool:
    try:
        return entry.is_symlink()
    except OSError:  # as Path.is_symlink
        return False


def _check_name(seed: str) -> None:
    """A seed's name is shown on its page and in messages: it must be UTF-8, one line."""
    try:
        seed.encode("utf-8")
    except UnicodeEncodeError:
        raise ReadError("file name is not valid UTF-8; rename the file") from None
    if not seed.isprintable():  # a space is printable
        raise ReadError("file name contains control characters; rename the file")


def _read_one(root: Path, file: str | Path, seed: str, max_bytes: int,
              git_dates: dict[str, str], from_sidecar: dict,
              memo: ReadMemo | None = None, linked: bool = True) -> RawDocument:
    """One seed. ``linked``: whether the file may be a symbolic link (the listing says)."""
    given = _suffix(os.path.basename(file))
    suffix = given.lower()
    reader = READERS.get(suffix)
    if reader is None:
        raise ReadError(f"unsupported file type '{printable(given) or '(none)'}' "
                        f"(expected one of {', '.join(sorted(READERS))})")
    path = Path(file) if linked else None
    if path is not None and path.is_symlink() and not path.resolve().is_relative_to(root):
        raise ReadError("symbolic link to a file outside seeds/")
    url = from_sidecar.get("url") if reader is read_html else None
    url = url if isinstance(url, str) else None
    info = _stat(file)  # one stat: the memo's signature and the file's date
    signature = _stat_signature(info, url)
    known = memo.get(seed) if memo is not None else None
    if known is not None and signature is not None and known[0] == signature:
        _, output, content_hash = known
    else:
        data = _read_limited(Path(file), max_bytes)
        # A page's address (from the sidecar) dates it and names its site.
        output = read_html(data, url=url) if reader is read_html else reader(data)
        content_hash = hashlib.sha256(data).hexdigest()
        if memo is not None and signature is not None:
            memo[seed] = (signature, output, content_hash)
    return RawDocument(
        seed=seed,
        format=suffix.lstrip("."),
        text=output.text,
        heading_marks=output.heading_marks,
        declared=dict(output.declared),
        content_hash=content_hash,
        file_date=_file_date(seed, file, git_dates, html=reader is read_html,
                             mtime=info.st_mtime if info is not None else None),
    )


def _file_date(seed: str, path: str | Path, git_dates: dict[str, str], html: bool,
               mtime: float | None = None) -> FileDate:
    """A saved page's file (or commit) date is when it was saved, never when it was
    published: it stays a guess, which readers are shown as "date unknown"."""
    found = file_date(seed, path, git_dates, mtime)
    return FileDate(found.value, "mtime") if html else found


def _suffix(name: str) -> str:
    """A file name's suffix, as Path.suffix has it ("" for ".name" and "name.")."""
    at = name.rfind(".")
    return name[at:] if 0 < at < len(name) - 1 else ""


def _stat(file: str | Path) -> os.stat_result | None:
    try:
        return os.stat(file)
    except OSError:
        return None


def _stat_signature(info: os.stat_result | None, url: str | None) -> tuple | None:
    """What changes when a file is written, replaced or touched (plus the reader's other
    input, an HTML page's address); None for anything but a regular file (those always take
    the checked read below)."""
    if info is None or not stat.S_ISREG(info.st_mode):
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev, url)


def _read_limited(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, refusing anything over max_bytes before reading it into memory.

    The checks are made on the opened file (fstat), so a file swapped for a link, a pipe or a
    bigger file after the checks above cannot slip through; O_NONBLOCK keeps a named pipe from
    blocking the open."""
    too_big = f"over the {max_bytes / 1024 / 1024:g} MB limit (max_file_mb in digest.yml)"
    target = path.resolve() if path.is_symlink() else path  # checked to stay inside seeds/
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(target, flags)
    except OSError as exc:
        raise ReadError(f"cannot be read ({exc.strerror or type(exc).__name__})") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ReadError("not a regular file")
        if info.st_size > max_bytes:
            raise ReadError(f"file is {info.st_size / 1024 / 1024:.1f} MB, {too_big}")
        try:
            data = handle.read(max_bytes + 1)  # the file may grow while it is read
        except OSError as exc:
            raise ReadError(f"cannot be read ({exc.strerror or type(exc).__name__})") from None
    if len(data) > max_bytes:
        raise ReadError(f"file is {too_big}")
    return data


def _drop_duplicate_ids(result: IngestResult) -> None:
    """A declared id names a page: the first seed (in sorted order) keeps it, later ones lose
    it with a warning and get an id made from their path."""
    owners: dict[str, str] = {}
    for doc in result.documents:
        declared_id = doc.declared.get("id")
        if declared_id is None:
            continue
        if declared_id in owners:
            del doc.declared["id"]
            result.problems.append(Problem(doc.seed, f"field 'id' ignored: '{declared_id}' is "
                                           f"already the id of {owners[declared_id]}",
                                           fatal=False))
        else:
            owners[declared_id] = doc.seed
