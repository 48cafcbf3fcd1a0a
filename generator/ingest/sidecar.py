"""The sidecar file (seeds/sources.yml): what is known about seeds whose text cannot say it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.ingest.decode import ReadError, decode
from generator.ingest.frontmatter import parse_yaml_mapping


def read_sidecar(path: Path) -> dict[str, dict[str, Any]]:
    """Map of seed path (relative to seeds/) -> declared fields. Missing file: empty map."""
    if not path.is_file():
        return {}
    data = parse_yaml_mapping(decode(path.read_bytes()), path.name)
    entries: dict[str, dict[str, Any]] = {}
    for seed, fields in data.items():
        if not isinstance(fields, dict):
            raise ReadError(f"entry '{seed}' is not a mapping of field: value")
        entries[str(seed).strip("/")] = {str(k): v for k, v in fields.items()}
    return entries
