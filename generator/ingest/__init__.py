"""Ingest: find seed files, pick a reader per format, merge the sidecar's fields."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from generator.ingest.decode import ReadError
from generator.ingest.filedates import file_date, git_commit_dates
from generator.ingest.frontmatter import normalise_fields
from generator.ingest.readers import READERS
from generator.ingest.sidecar import read_sidecar
from generator.models import Problem, RawDocument

SIDECAR = "sources.yml"
IGNORED_NAMES = {SIDECAR, "README.md", "README.txt", "readme.md"}


@dataclass
class IngestResult:
    documents: list[RawDocument] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def read_seeds(seeds_dir: Path, max_bytes: int = 10 * 1024 * 1024) -> IngestResult:
    """Read every seed below seeds_dir (recursive, sorted); one problem per bad file."""
    result = IngestResult()
    root = seeds_dir.resolve()
    try:
        sidecar = read_sidecar(root / SIDECAR)
    except ReadError as exc:
        result.problems.append(Problem(SIDECAR, f"sidecar ignored: {exc}", fatal=False))
        sidecar = {}
    git_dates = git_commit_dates(root)
    for path in _seed_files(root):
        seed = path.relative_to(root).as_posix()
        try:
            doc = _read_one(root, path, seed, max_bytes, git_dates)
        except ReadError as exc:
            result.problems.append(Problem(seed, str(exc)))
            continue
        declared, warnings = normalise_fields({**doc.declared, **sidecar.get(seed, {})})
        doc.declared = declared
        result.problems.extend(Problem(seed, w, fatal=False) for w in warnings)
        result.documents.append(doc)
    return result


def _seed_files(root: Path) -> list[Path]:
    files: list[Path] = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        files.extend(Path(folder) / n for n in names
                     if not n.startswith(".") and n not in IGNORED_NAMES)
    return sorted(files, key=lambda p: p.relative_to(root).as_posix())


def _read_one(root: Path, path: Path, seed: str, max_bytes: int,
              git_dates: dict[str, str]) -> RawDocument:
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise ReadError(f"unsupported file type '{path.suffix or '(none)'}' "
                        f"(expected one of {', '.join(sorted(READERS))})")
    if path.is_symlink() and not path.resolve().is_relative_to(root):
        raise ReadError("symbolic link to a file outside seeds/")
    if not path.is_file():
        raise ReadError("not a regular file")
    size = path.stat().st_size
    if size > max_bytes:
        raise ReadError(f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit")
    data = path.read_bytes()
    output = reader(data)
    return RawDocument(
        seed=seed,
        format=path.suffix.lower().lstrip("."),
        text=output.text,
        heading_marks=output.heading_marks,
        declared=output.declared,
        content_hash=hashlib.sha256(data).hexdigest(),
        file_date=file_date(seed, path, git_dates),
    )

