"""YAML front matter, parsed defensively: no aliases, no tags, scalars where scalars belong."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml
from slugify import slugify

from generator.ingest.decode import ReadError, printable

MAX_FRONT_MATTER = 64 * 1024
MAX_DEPTH = 10  # front matter needs two levels (a list in a mapping); leave room
_FENCE = re.compile(r"\A---[ \t]*\n(.*?)(?:\n)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_LIST_FIELDS = {"authors", "tags"}
_URL = re.compile(r"^https?://[^\s<>\"'`\\]+$", re.I)
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8}){0,3}$")  # BCP 47, roughly
_LIST_SEPARATOR = re.compile(r"[,;]")
_ISO_DATE = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})")


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Return (front matter, body). Text without a leading '---' fence has no front matter."""
    if not text.startswith("---"):
        return {}, text
    match = _FENCE.match(text)
    if not match:
        if re.match(r"\A---[ \t]*\n", text):
            raise ReadError("malformed front matter (no closing '---')")
        return {}, text
    raw = match.group(1)
    if len(raw) > MAX_FRONT_MATTER:
        raise ReadError("front matter larger than 64 KB")
    return parse_yaml_mapping(raw, "front matter"), text[match.end():]


class _PlainLoader(yaml.SafeLoader):
    """SafeLoader that leaves dates as strings: coerce_date validates them and reports a bad
    one as a warning, where PyYAML would raise ValueError on '2025-02-30'."""


_PlainLoader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
# libyaml's parser, when PyYAML was built with it, is ten times faster on a large sidecar.
_Scanner = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
if hasattr(yaml, "CSafeLoader"):
    class _FastPlainLoader(yaml.CSafeLoader):  # type: ignore[misc, name-defined]
        """The same loader on libyaml's parser."""

    _FastPlainLoader.yaml_implicit_resolvers = _PlainLoader.yaml_implicit_resolvers
    _Loader: type = _FastPlainLoader
else:
    _Loader = _PlainLoader
SCANNER = _Scanner  # for a scan of the same YAML elsewhere (sidecar chunks)
_OPENERS = (yaml.BlockMappingStartToken, yaml.BlockSequenceStartToken,
            yaml.FlowMappingStartToken, yaml.FlowSequenceStartToken)
_CLOSERS = (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)


def parse_yaml_mapping(raw: str, what: str) -> dict[str, Any]:
    """Parse YAML that must be a mapping. Anchors and aliases (alias bombs), tags and deep
    nesting (PyYAML composes recursively) are refused before anything is built."""
    try:
        _check_tokens(raw, what)
        data = yaml.load(raw, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise ReadError(f"malformed {what}{where}: {_one_line(problem)}") from None
    except (ValueError, OverflowError, RecursionError) as exc:  # e.g. an int of 5000 digits
        raise ReadError(f"malformed {what}: {_one_line(str(exc))[:80]}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ReadError(f"{what} is not a mapping of field: value")
    return {str(k): v for k, v in data.items()}


def _check_tokens(raw: str, what: str) -> None:
    depth = 0
    for token in yaml.scan(raw, Loader=_Scanner):
        if isinstance(token, (yaml.AliasToken, yaml.AnchorToken)):
            raise ReadError(f"{what} uses YAML anchors or aliases, which are not allowed")
        if isinstance(token, yaml.TagToken):
            raise ReadError(f"{what} uses YAML tags ('!'), which are not allowed")
        if isinstance(token, _OPENERS):
            depth += 1
            if depth > MAX_DEPTH:
                raise ReadError(f"{what} is nested too deeply (over {MAX_DEPTH} levels)")
        elif isinstance(token, _CLOSERS):
            depth -= 1


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def normalise_fields(data: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Coerce known fields to their types; return (fields, warnings about dropped values)."""
    fields: dict[str, Any] = {}
    warnings: list[str] = []
    for name, value in data.items():
        key = printable(name)[:60]  # keys end up in one-line messages
        if value is None:
            continue
        if key in _LIST_FIELDS:
            items = _as_string_list(value)
            if items is None:
                warnings.append(f"field '{key}' ignored: expected a list of names")
            else:
                fields[key] = items
        elif key == "date":
            date = coerce_date(value)
            if date is None:
                warnings.append(f"field 'date' ignored: {str(value)[:40]!r} is not a date")
            else:
                fields[key] = date
        elif key == "url":
            if isinstance(value, str) and _URL.match(value.strip()):
                fields[key] = value.strip()
            else:
                warnings.append("field 'url' ignored: not an http(s) address")
        elif isinstance(value, (str, int, float)) and not isinstance(value, bool):
            text, problem = _scalar(key, value)
            if problem:
                warnings.append(f"field '{key}' ignored: {problem}")
            elif text:
                fields[key] = text
        else:
            warnings.append(f"field '{key}' ignored: expected a single value")
    return fields, warnings


def _scalar(key: str, value: str | int | float) -> tuple[str, str]:
    """(normalised text, reason to ignore it or '')."""
    text = " ".join(str(value).split())  # one line: a title is never a paragraph
    if key == "id":
        slug = slugify(text, max_length=40)  # the id names pages and anchors: [a-z0-9-] only
        return slug, "" if slug or not text else "no letters or digits"
    if key == "language" and text and not _LANGUAGE.match(text):
        return "", f"{text[:40]!r} is not a language tag"
    return text, ""


def _as_string_list(value: Any) -> list[str] | None:
    if isinstance(value, str):
        return [part.strip() for part in _LIST_SEPARATOR.split(value) if part.strip()]
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        items = (" ".join(str(v).split()) for v in value)
        return [item for item in items if item]
    return None


def coerce_date(value: Any) -> str | None:
    """An ISO date string (YYYY-MM-DD) from a YAML date, datetime or date-like string."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        match = _ISO_DATE.match(value)
        if match:
            try:
                return dt.date(*map(int, match.groups())).isoformat()
            except ValueError:
                return None
    return None


def resolves_as_text(value: str) -> bool:
    """Whether `value`, written plain in YAML, loads as a string (not a number, bool or null):
    two such keys are equal after str() only if they were equal as loaded."""
    return _PlainLoader.resolve(_PlainLoader, yaml.ScalarNode, value,  # type: ignore[arg-type]
                                (True, False)) == "tag:yaml.org,2002:str"
