"""YAML front matter for generated pages, with every string made inert for theme templates."""

from __future__ import annotations

from typing import Any

import yaml

from generator.render.escape import safe_inline, safe_tag


def front_matter(fields: dict[str, Any]) -> str:
    """Serialise fields as a '---' fenced YAML block (keys in the given order)."""
    safe = {key: _safe_value(key, value) for key, value in fields.items()}
    body = yaml.safe_dump(safe, sort_keys=False, allow_unicode=True, width=1000)
    return f"---\n{body}---\n\n"


def _safe_value(key: str, value: Any) -> Any:
    if key == "tags":
        return [t for t in (safe_tag(v) for v in value) if t]
    if isinstance(value, str):
        return safe_inline(value)
    if isinstance(value, list):
        return [_safe_value(key, v) for v in value]
    if isinstance(value, dict):
        return {k: _safe_value(k, v) for k, v in value.items()}
    return value
