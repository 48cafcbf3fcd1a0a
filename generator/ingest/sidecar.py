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
    entries = _appended_entries(path, raw, seen) if seen is not None else None
    if entries is None:
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


# Bytes of an appended part that parses alone as it does at the end of the file: printable
# ASCII, tabs and line feeds (its decoding, mojibake repair and control check are then the
# identity; see decode.repair_mojibake).
_PLAIN_ASCII = bytes(range(0x20, 0x7F)) + b"\t\n"


def _appended_entries(path: Path, raw: bytes,
                      seen: tuple[bytes, bytes]) -> dict[str, dict[str, Any]] | None:
    """The entries of a sidecar that is the remembered one with entries appended (how a
    maintainer adds an article), parsing only the appended part; None when that cannot be
    shown to give what parsing the whole file gives, or the part does not parse alone (the
    whole file is parsed then, so its error is reported as before).

    Why it is the same: the old bytes parsed alone as a block mapping (its first key at
    column 0) and end with a line break, and the appended part starts with a key at column 0,
    so it can only continue that mapping (a flow collection or quoted scalar left open, the
    only constructs that would carry across, would have made the old bytes fail to parse), and
    no line of the file starts or ends a YAML document.
    A key given again takes its later value, as PyYAML does in one document."""
    old, pickled = seen
    tail = raw[len(old):]
    if not (raw.startswith(old) and old.endswith(b"\n") and tail[:1].isalnum()
            and _starts_block_mapping(old) and not tail.translate(None, _PLAIN_ASCII)
            and not _has_document_marker(raw)):
        return None
    try:
        added = _entries(path, tail)
    except ReadError:
        return None
    entries = pickle.loads(pickled)
    entries.update(added)
    return entries


def _starts_block_mapping(data: bytes) -> bool:
    """The first line that is not blank, a comment or a directive starts with a plain key."""
    for line in data.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith((b"#", b"%")):
            return line[:1].isalnum()
    return False


def _has_document_marker(data: bytes) -> bool:
    return data.startswith((b"---", b"...")) or b"\n---" in data or b"\n..." in data
