"""Configuration: digest.yml at the project root; every key optional, defaults work on seeds/."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import yaml

CONFIG_FILE = "digest.yml"


@dataclass
class Settings:
    seeds: Path = Path("seeds")  # where articles are dropped
    docs: Path = Path("docs")  # MkDocs docs_dir; generated pages go below it
    cache: Path = Path(".cache/newsdigest")  # per-article analysis cache
    home_items: int = 30  # entries on the home page; the rest are in the archive
    summary_words: int = 60  # upper bound for an article summary
    reading_words_per_minute: int = 230
    max_file_mb: float = 10.0  # larger seeds are refused with a message
    furniture: list[str] = field(default_factory=list)  # extra whole-line regexes to drop
    feeds: list[str] = field(default_factory=list)  # feed URLs `newsdigest fetch` reads

    @property
    def max_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)


def load_settings(root: Path, overrides: dict[str, Any] | None = None) -> Settings:
    """Read digest.yml below root (if present), then apply overrides; paths resolve from root."""
    data: dict[str, Any] = {}
    path = root / CONFIG_FILE
    if path.is_file():
        loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if not isinstance(loaded, dict):
            raise ValueError(f"{CONFIG_FILE} must be a mapping of key: value")
        data.update(loaded)
    data.update({k: v for k, v in (overrides or {}).items() if v is not None})
    known = {f.name for f in fields(Settings)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ValueError(f"{CONFIG_FILE}: unknown keys {', '.join(unknown)}")
    settings = Settings(**data)
    for name in ("seeds", "docs", "cache"):
        value = Path(getattr(settings, name))
        setattr(settings, name, value if value.is_absolute() else root / value)
    return settings
