"""Write: put rendered files into docs/ safely.

- Only files whose bytes changed are rewritten (MkDocs' live reload watches docs/).
- A manifest (docs/.newsdigest-manifest.json) lists every file the generator wrote, with its
  hash. Files that were in the previous manifest but are no longer rendered are removed, but
  only if they still hold what the generator wrote; hand-written files are never touched, and a
  hand-written file in the way of a generated one is reported, not overwritten.
- Crash safety: changed files are first written to a staging folder, then a journal listing the
  moves is written atomically, then the moves happen, the manifest is replaced and the journal
  removed. A run killed before the journal exists leaves the previous output untouched; a run
  killed after it is completed ("rolled forward") at the start of the next run.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from generator.render.signatures import Deferred, Encoded

MANIFEST = ".newsdigest-manifest.json"
STAGING = ".newsdigest-staging"
JOURNAL = ".newsdigest-journal.json"


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)  # hand-written files left in place
    kept: int = 0  # pages given by signature (render.signatures) and not rendered at all


class UnsafePath(ValueError):
    pass


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# A path in normal form (what render makes): parts that are not empty, hidden, "." or "..",
# and no backslash. One match in C per path (it is asked for each output file twice a run).
_NORMAL_PATH = re.compile(r"[^./\\][^/\\]*(?:/[^./\\][^/\\]*)*")


def check_relative(path: str) -> str:
    """Refuse any output path that could leave the output folder."""
    if _NORMAL_PATH.fullmatch(path):
        # Checked without PurePosixPath, which cost a fifth of a warm run's writing.
        return path
    pure = PurePosixPath(path)
    if pure.is_absolute() or ".." in pure.parts or "\\" in path or not pure.parts \
            or any(part.startswith(".") for part in pure.parts):
        raise UnsafePath(f"refusing to write outside the output folder: {path!r}")
    return pure.as_posix()


def read_manifest(out_dir: Path) -> dict[str, str]:
    try:
        data = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
        return {check_relative(k): str(v) for k, v in data.get("files", {}).items()}
    except (OSError, ValueError, AttributeError):
        return {}


# path -> (signature, sha256) of a file written from a render.signatures.Deferred page
PageMemo = dict[str, tuple[str, str]]
# path -> (size, mtime_ns, inode, sha256) of an output file as last hashed: a file whose stat
# still matches is not read and hashed again (reading every output cost a warm run a second at
# 2,225 articles). An entry is kept only for a file last modified RACY_NS before it was
# hashed, so an edit in the same clock tick as the generator's write cannot go unseen (git's
# "racy clean" rule).
FileStats = dict[str, tuple[int, int, int, str]]
RACY_NS = 2_000_000_000


@dataclass(frozen=True)
class Sibling:
    """Another output folder the same pages are written into, with its writer's PageMemo:
    `newsdigest generate` writes docs/, the MkDocs plugin its page folder in the cache. A page
    this folder does not hold from the right signature is copied from there when that folder's
    file was made from it, rather than rendered (the first `mkdocs serve` after a `generate`
    rendered every page)."""

    folder: Path
    memo: PageMemo


def write_outputs(files: Mapping[str, str] | Iterable[tuple[str, str | Encoded | Deferred]],
                  out_dir: Path, memo: PageMemo | None = None,
                  stats: FileStats | None = None, sibling: Sibling | None = None) -> WriteReport:
    """Write the files ({path: text}, or (path, text) pairs taken one at a time so that the
    caller need not hold them all; a path given twice keeps its later text).

    A Deferred page is rendered only when the file is not known to hold its signature's
    text: memo (updated in place) records the signature each such file was made from, and
    it is trusted only while the file still has the bytes written then; failing that, a
    sibling folder's file made from the same signature is copied (its bytes are checked
    against the hash its memo recorded). stats (FileStats, updated in place) spares reading
    files whose stat did not change since they were hashed."""
    memo = memo if memo is not None else {}
    known = stats if stats is not None else {}

    def current(target: str, path: str) -> str | None:
        return _current_hash(target, path, known)

    recorded, memo_now = dict(memo), {}
    out_dir.mkdir(parents=True, exist_ok=True)
    recover(out_dir)
    previous = read_manifest(out_dir)
    report = WriteReport()
    manifest: dict[str, str] = {}
    moves: dict[str, tuple[int, int, int, str]] = {}  # path -> its staged file's stat, hash
    unchanged: set[str] = set()
    staging = out_dir / STAGING
    shutil.rmtree(staging, ignore_errors=True)
    pairs = files.items() if isinstance(files, Mapping) else files
    folder = f"{out_dir}/"  # a path below it joined as a string: pathlib's join cost a
    for key, text in pairs:  # tenth of a warm run's writing at 2,225 articles
        # A bad path stops the run here; what was staged is thrown away (nothing has moved).
        path = check_relative(key)
        target = folder + path
        moves.pop(path, None)
        unchanged.discard(path)
        memo_now.pop(path, None)
        if _is_foreign(target, path, previous):
            report.conflicts.append(path)
            continue
        signature = ""
        if isinstance(text, Deferred):
            kept = recorded.get(path)
            if kept is not None and kept[0] == text.signature and \
                    previous.get(path) == kept[1] and current(target, path) == kept[1]:
                manifest[path] = kept[1]
                unchanged.add(path)
                memo_now[path] = kept
                report.kept += 1
                continue
            signature = text.signature
            made = _made_in(sibling, path, signature) if sibling is not None else None
            text = text.make() if made is None else made
        # one file's bytes at a time (memory at scale)
        if isinstance(text, Encoded):  # hashed by its maker
            data, digest = text.data, text.sha256
        else:
            data = text if isinstance(text, bytes) else text.encode("utf-8")
            digest = sha256(data)
        manifest[path] = digest
        if signature:
            memo_now[path] = (signature, digest)
        if current(target, path) == digest:
            unchanged.add(path)
            continue
        staged = staging / path
        staged.parent.mkdir(parents=True, exist_ok=True)
        # A plain write: staging is thrown away unless the journal below exists, and one
        # sync before the journal makes all staged files durable (an fsync per file cost
        # more than rendering on large sites).
        staged.write_bytes(data)
        info = os.lstat(staged)
        moves[path] = (info.st_size, info.st_mtime_ns, info.st_ino, digest)
    report.unchanged = len(unchanged)
    memo.clear()
    memo.update(memo_now)
    report.conflicts = sorted(set(report.conflicts))
    stale = [p for p in sorted(previous) if p not in manifest]
    for path in [p for p in known if p not in manifest or p in moves]:
        del known[path]  # gone, or replaced below: hashed again when next seen
    if not moves and not stale and manifest == previous:
        return report  # nothing to do: touch nothing, so a watching server stays idle
    if moves:
        # The staged files reach the disk before the journal that moves them does. A killed
        # process loses nothing the kernel holds, so the journal alone keeps the previous
        # output intact then; but after a power loss or a crash the journal may be on disk
        # before the staged files' data (delayed allocation), and rolling it forward would
        # move empty files over good pages. One global sync: 1-28 ms wall and no CPU here for
        # 25-1,500 files, where an fsync per staged file (and its folder) took 50-240 ms for
        # 25-64 files and up to 4.5 s for 1,500 (measured alternating, 2 cores, load 4-8).
        os.sync()
    _write_durably(out_dir / JOURNAL, json.dumps(
        {"moves": sorted(moves), "remove": stale, "previous": previous, "manifest": manifest}
    ).encode("utf-8"))
    report.written, report.removed = sorted(moves), _apply_journal(out_dir)
    _remember_moved(out_dir, moves, known)
    return report


def _remember_moved(out_dir: Path, moves: Mapping[str, tuple[int, int, int, str]],
                    known: FileStats) -> None:
    """Record the stat of each file just moved into place whose staged copy was written more
    than RACY_NS ago and has not changed since (a move keeps the inode and mtime): any later
    edit gives it a newer mtime, so the next run need not read it back (after a cold run,
    reading every output back cost the next run most of its writing)."""
    now = time.time_ns()
    for path, staged in moves.items():
        if now - staged[1] <= RACY_NS:
            continue
        try:
            info = os.lstat(f"{out_dir}/{path}")
        except OSError:
            continue
        if (info.st_size, info.st_mtime_ns, info.st_ino) == staged[:3]:
            known[path] = staged


def _made_in(sibling: Sibling, path: str, signature: str) -> bytes | None:
    """The bytes of the sibling folder's file at path if its memo says it was made from this
    signature and the file still holds what was made then; else None."""
    made = sibling.memo.get(path)
    if made is None or made[0] != signature:
        return None
    try:
        with open(f"{sibling.folder}/{path}", "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    return data if sha256(data) == made[1] else None


def recover(out_dir: Path) -> None:
    """Finish a run that was killed after its journal was written; discard a partial staging
    and the temporary files of a journal or manifest that was being written."""
    journal = out_dir / JOURNAL
    if journal.exists():
        try:
            _apply_journal(out_dir)
        except (ValueError, KeyError, TypeError, AttributeError):
            # Not a journal this code wrote (journals are replaced atomically, so a kill cannot
            # truncate one): it cannot be rolled forward; drop it rather than fail every run.
            journal.unlink()
    shutil.rmtree(out_dir / STAGING, ignore_errors=True)
    for name in (JOURNAL, MANIFEST):
        (out_dir / f"{name}.tmp").unlink(missing_ok=True)


def _apply_journal(out_dir: Path) -> list[str]:
    journal = json.loads((out_dir / JOURNAL).read_text(encoding="utf-8"))
    staging = out_dir / STAGING
    for path in journal["moves"]:
        staged, target = staging / check_relative(path), out_dir / path
        if staged.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged, target)
    removed = []
    for path in journal["remove"]:
        target = out_dir / check_relative(path)
        # Delete only what is still exactly what the generator wrote.
        if _current_hash(target) == journal["previous"].get(path):
            target.unlink()
            removed.append(path)
            _prune_empty_dirs(target.parent, out_dir)
    _write_durably(out_dir / MANIFEST, manifest_bytes(journal["manifest"]))
    (out_dir / JOURNAL).unlink()
    shutil.rmtree(staging, ignore_errors=True)
    return removed


# The manifest's files, one per line, by json's C encoder (json's indent uses its pure-Python
# encoder: a tenth of a warm run's writing at 2,225 articles).
_MANIFEST_FILES = json.JSONEncoder(sort_keys=True, separators=(",\n", ": "))


def manifest_bytes(files: dict[str, str]) -> bytes:
    """The manifest: the bytes of json.dumps({"version": 1, "files": files}, indent=0,
    sort_keys=True), which it was written as."""
    listed = _MANIFEST_FILES.encode(files)[1:-1]
    inner = "{\n" + listed + "\n}" if files else "{}"
    return ('{\n"files": ' + inner + ',\n"version": 1\n}').encode("utf-8")


def _is_foreign(target: str, path: str, previous: dict[str, str]) -> bool:
    """A file that exists but was never written by the generator is hand-written (a file the
    manifest lists is not looked at: most are)."""
    return path not in previous and os.path.exists(target)


def read_known(path: str, key: str, known: FileStats) -> tuple[bytes, str] | None:
    """The file's bytes and their sha256 (None: not a regular file), as _current_hash finds
    the hash: not hashed again when its stat is the one ``known`` recorded, and its stat
    recorded when it is not racy. For a file a run reads anyway (render reads last run's
    digest.json, 13.6 MB at 2,225 articles): the writer's check of the same file then
    needs neither to read nor to hash it again."""
    try:
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode):
            return None
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    seen = known.get(key)
    if seen is not None and seen[:3] == (info.st_size, info.st_mtime_ns, info.st_ino):
        return data, seen[3]
    digest = sha256(data)
    _remember(known, key, info, digest)
    return data, digest


def _remember(known: FileStats, key: str, info: os.stat_result, digest: str) -> None:
    """Record a file's stat with its hash, unless it was modified within RACY_NS of now."""
    if time.time_ns() - info.st_mtime_ns > RACY_NS:
        known[key] = (info.st_size, info.st_mtime_ns, info.st_ino, digest)
    else:
        known.pop(key, None)


def _current_hash(path: Path | str, key: str | None = None,
                  known: FileStats | None = None) -> str | None:
    """The file's sha256 (None: not a regular file). With known (FileStats) and the file's
    key in it, a file whose size, modification time and inode match is not read."""
    try:
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode):
            return None
        seen = known.get(key) if known is not None and key is not None else None
        if seen is not None and seen[:3] == (info.st_size, info.st_mtime_ns, info.st_ino):
            return seen[3]
        with open(path, "rb") as handle:
            digest = sha256(handle.read())
    except OSError:
        return None
    if known is not None and key is not None:
        _remember(known, key, info, digest)
    return digest


def _write_durably(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def _prune_empty_dirs(folder: Path, stop: Path) -> None:
    while folder != stop and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
