"""YAML front matter, parsed defensively: no aliases, no tags, scalars where scalars belong."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

from generator.ingest.decode import ReadError

MAX_FRONT_MATTER = 64 * 1024
_FENCE = re.compile(r"\A---[ \t]*\n(.*?)(?:\n)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_LIST_FIELDS = {"authors", "tags"}
_URL = re.compile(r"^https?://[^\s<>\"'`\\]+$", re.I)


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


def parse_yaml_mapping(raw: str, what: str) -> dict[str, Any]:
    """Parse YAML that must be a mapping; refuse anchors/aliases (alias bombs) outright."""
    try:
        for token in yaml.scan(raw, Loader=yaml.SafeLoader):
            if isinstance(token, (yaml.AliasToken, yaml.AnchorToken)):
                raise ReadError(f"{what} uses YAML anchors or aliases, which are not allowed")
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise ReadError(f"malformed {what}{where}: {problem}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ReadError(f"{what} is not a mapping of field: value")
    return {str(k): v for k, v in data.items()}


def normalise_fields(data: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Coerce known fields to their types; return (fields, warnings about dropped values)."""
    fields: dict[str, Any] = {}
    warnings: list[str] = []
    for key, value in data.items():
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
            fields[key] = str(value).strip()
        else:
            warnings.append(f"field '{key}' ignored: expected a single value")
    return fields, warnings


def _as_string_list(value: Any) -> list[str] | None:
    if isinstance(value, str):
        return [part.strip() for part in re.split(r"[,;]", value) if part.strip()]
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        return [str(v).strip() for v in value if str(v).strip()]
    return None


def coerce_date(value: Any) -> str | None:
    """An ISO date string (YYYY-MM-DD) from a YAML date, datetime or date-like string."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        match = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", value)
        if match:
            try:
                return dt.date(*map(int, match.groups())).isoformat()
            except ValueError:
                return None
    return None
