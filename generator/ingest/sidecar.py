"""The sidecar file (seeds/sources.yml): what is known about seeds whose text cannot say it."""

from __future__ import annotations

import pickle
import re
from pathlib import Path
from typing import Any

import yaml

from generator.ingest.decode import ReadError, decode
from generator.ingest.frontmatter import SCANNER, parse_yaml_mapping, resolves_as_text

# sidecar path -> (its bytes, pickled: (its entries, its chunks pickled or b"")): a sidecar
# read again with the same bytes is not parsed again (PyYAML's safe parser took about a second
# a run at 2,225 seeds); one edited mid-file has only its changed chunks parsed (_chunked_entries)
SidecarMemo = dict[str, tuple[bytes, bytes]]
# a chunk's text -> (its one key, that key's fields as parsed)
_Chunks = dict[str, tuple[str, Any]]


def read_sidecar(path: Path, memo: SidecarMemo | None = None) -> dict[str, dict[str, Any]]:
    """Map of seed path (relative to seeds/) -> declared fields. Missing file: empty map.
    With a memo (updated in place), a file read before with the same bytes is not parsed, and
    one changed is parsed only where it changed when that gives what a whole parse gives."""
    if not path.is_file():
        return {}
    raw = path.read_bytes()
    if memo is None:
        return _entries(path, raw)
    seen = memo.get(str(path))
    if seen is not None and seen[0] == raw:
        return pickle.loads(seen[1])[0]  # a fresh copy: callers may change what they are given
    entries, chunks, known = None, b"", {}
    if seen is not None:  # an append (how a maintainer adds an article) keeps the chunks known
        old_entries, chunks = pickle.loads(seen[1])
        entries = _appended_entries(path, raw, seen[0], old_entries)
        if entries is None and chunks:
            known = pickle.loads(chunks)
    if entries is None:
        chunked = _chunked_entries(path, raw, known)
        if chunked is not None:
            entries, chunks = chunked[0], pickle.dumps(chunked[1], protocol=_PROTOCOL)
        else:
            entries, chunks = _entries(path, raw), b""
    memo[str(path)] = (raw, pickle.dumps((entries, chunks), protocol=_PROTOCOL))
    return entries


_PROTOCOL = pickle.HIGHEST_PROTOCOL


def _entries(path: Path, raw: bytes) -> dict[str, dict[str, Any]]:
    return _entries_of(parse_yaml_mapping(decode(raw), path.name))


def _entries_of(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    entries: dict[str, dict[str, Any]] = {}
    for seed, fields in data.items():
        if not isinstance(fields, dict):
            raise ReadError(f"entry '{seed}' is not a mapping of field: value")
        entries[str(seed).strip("/")] = {str(k): v for k, v in fields.items()}
    return entries


def _chunked_entries(path: Path, raw: bytes,
                     known: _Chunks) -> tuple[dict[str, dict[str, Any]], _Chunks] | None:
    """The entries of a sidecar parsed in chunks, one per key at column 0 (with the lines up
    to the next such key), reusing `known` chunks' parses; with the chunks, for next time.
    All of the chunks not known are parsed in one call. None when that cannot be shown to
    give what parsing the whole file gives (the whole file is parsed then, so any error is
    reported as before).

    Why it is the same: the text is split where a line starts with a letter or digit, and
    each chunk must parse alone as a mapping of exactly one key. A quoted scalar or a flow
    collection left open at a chunk's end makes that chunk fail to parse alone (end of
    stream inside it), so none spans a split; a plain or block scalar under a key at column 0
    must be indented, so a line at column 0 ends it; anchors, aliases and tags are refused by
    the parse; no line may start or end a document or be a directive, and no merge key
    ("<<") may move keys. So each split starts a key of the one top-level block mapping and
    the whole file's tokens are the chunks' tokens in order. Keys are distinct and each loads
    as a string, so the whole mapping has them in the same order with the same values (a key
    given twice, or "1" beside "true", is left to the whole parse)."""
    text = decode(raw)
    chunks = _split_chunks(text)
    if chunks is None:
        return None
    fresh = [chunk for chunk in dict.fromkeys(chunks) if chunk not in known]
    parsed = _parse_chunks(path, fresh) if fresh else {}
    if parsed is None:
        return None
    data: dict[str, Any] = {}
    kept: _Chunks = {}
    for chunk in chunks:
        key, fields = parsed[chunk] if chunk in parsed else known[chunk]
        if key in data:
            return None
        data[key] = fields
        kept[chunk] = (key, fields)
    return _entries_of(data), kept


def _split_chunks(text: str) -> list[str] | None:
    """The text cut before each line that starts with a letter or digit; blank and comment
    lines before the first such line go with the first chunk. None if any line could start
    or end a document, is a directive, or the text has a merge key, or something other than
    blank and comment lines comes before the first key."""
    if "<<" in text or _has_document_marker(text.encode()) or text.startswith("%") \
            or "\n%" in text:
        return None
    starts = [0] if text[:1].isalnum() else []
    starts += [m.end() for m in _KEY_LINE.finditer(text)]
    if not starts:
        return None
    head = text[:starts[0]]
    if any(line.strip() and not line.lstrip().startswith("#") for line in head.splitlines()):
        return None
    starts[0] = 0
    return [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]


_KEY_LINE = re.compile(r"\n(?=[^\W_])")  # a line break before a letter or digit
_KEY_AT_START = re.compile(r"^[^\W_]", re.M)


def _parse_chunks(path: Path, chunks: list[str]) -> dict[str, tuple[str, Any]] | None:
    """Each chunk -> (its key, its fields), parsing them as one text (each begins at column 0
    after a line break); None unless that text parses and its top-level keys are written one
    at the start of each chunk, distinct, and each loads as a string."""
    joined = "".join(chunk if chunk.endswith("\n") else chunk + "\n" for chunk in chunks)
    starts, line = [], 0
    for chunk in chunks:  # only the first chunk can have lines (blank, comments) before its key
        key_line = _KEY_AT_START.search(chunk)
        starts.append((line + chunk.count("\n", 0, key_line.start() if key_line else 0), 0))
        line += chunk.count("\n") + (not chunk.endswith("\n"))
    try:
        if _top_level_keys(joined) != starts:
            return None
        data = parse_yaml_mapping(joined, path.name)
    except (ReadError, yaml.YAMLError, ValueError, RecursionError):
        return None
    if len(data) != len(chunks) or not all(resolves_as_text(key) for key in data):
        return None
    return {chunk: item for chunk, item in zip(chunks, data.items(), strict=True)}


def _top_level_keys(text: str) -> list[tuple[int, int]]:
    """(line, column) of each key of the top-level block mapping, from PyYAML's scanner: a key
    token where the scanner stands, so not inside a quoted scalar or a flow collection."""
    depth, keys = 0, []
    for token in yaml.scan(text, Loader=SCANNER):
        if isinstance(token, _OPENERS):
            depth += 1
        elif isinstance(token, _CLOSERS):
            depth -= 1
        elif depth == 1 and isinstance(token, yaml.KeyToken):
            keys.append((token.start_mark.line, token.start_mark.column))
    return keys


_OPENERS = (yaml.BlockMappingStartToken, yaml.BlockSequenceStartToken,
            yaml.FlowMappingStartToken, yaml.FlowSequenceStartToken)
_CLOSERS = (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)


# Bytes of an appended part that parses alone as it does at the end of the file: printable
# ASCII, tabs and line feeds (its decoding, mojibake repair and control check are then the
# identity; see decode.repair_mojibake).
_PLAIN_ASCII = bytes(range(0x20, 0x7F)) + b"\t\n"


def _appended_entries(path: Path, raw: bytes, old: bytes,
                      entries: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]] | None:
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
    tail = raw[len(old):]
    if not (raw.startswith(old) and old.endswith(b"\n") and tail[:1].isalnum()
            and _starts_block_mapping(old) and not tail.translate(None, _PLAIN_ASCII)
            and not _has_document_marker(raw)):
        return None
    try:
        added = _entries(path, tail)
    except ReadError:
        return None
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
