"""The sidecar file (seeds/sources.yml): what is known about seeds whose text cannot say it."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

from generator.ingest.decode import ReadError, decode
from generator.ingest.frontmatter import parse_yaml_mapping

# sidecar path -> (its bytes, its entries, pickled): a sidecar read again with the same bytes
# is not parsed again (PyYAML's safe parser took about a second a run at 2,225 seeds)
SidecarMemo = dict[str, tuple[bytes, bytes]]


def read_sidecar(path: Path, memo: SidecarMemo | None = None) -> dict[str, dict[str, Any]]:
    """Map of seed path (relative to seeds/) -> declared fields. Missing file: empty map.
    With a memo (updated in place), a file read before with the same bytes is not parsed."""
    if not path.is_file():
        return {}
    raw = path.read_bytes()
    seen = memo.get(str(path)) if memo is not None else None
    if seen is not None and seen[0] == raw:
        return pickle.loads(seen[1])  # a fresh copy: callers may change what they are given
    entries = _entries(path, raw)
    if memo is not None:
        memo[str(path)] = (raw, pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL))
    return entries


def _entries(path: Path, raw: bytes) -> dict[str, dict[str, Any]]:
    data = parse_yaml_mapping(decode(raw), path.name)
    entries: dict[str, dict[str, Any]] = {}
    for seed, fields in data.items():
        if not isinstance(fields, dict):
            raise ReadError(f"entry '{seed}' is not a mapping of field: value")
        entries[str(seed).strip("/")] = {str(k): v for k, v in fields.items()}
    return entries
