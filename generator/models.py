"""Plain dataclasses passed between pipeline stages.

Flow: ingest -> RawDocument; clean -> CleanDocument; analyse -> Article; link -> Links;
timeline -> list[TimelineEntry]; render -> dict of output files; write -> WriteReport.
Each stage takes the previous stage's dataclasses and never reaches back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any


def as_date(iso: str) -> dt.date:
    """An ISO date string as a date; an unreadable one as the epoch (dates are validated at
    ingest, so this only guards against hand-made documents)."""
    try:
        return dt.date.fromisoformat(iso[:10])
    except ValueError:
        return dt.date(1970, 1, 1)


@dataclass(frozen=True)
class Problem:
    """One line for the maintainer: which seed, and what is wrong with it."""

    seed: str
    reason: str
    fatal: bool = True  # True: the file was skipped; False: it built with a field ignored

    def line(self) -> str:
        verb = "skipped" if self.fatal else "warning"
        return f"{verb}: seeds/{self.seed}: {self.reason}"


@dataclass(frozen=True)
class FileDate:
    """A date taken from the file system or git when the text gives none."""

    value: str  # ISO date
    origin: str  # "git" or "mtime"


@dataclass
class RawDocument:
    """One seed file as read by its reader: body text plus declared metadata."""

    seed: str  # path relative to the seeds folder, POSIX separators
    format: str  # "txt" | "md" | "html"
    text: str  # body as plain text; blocks separated by blank lines or line breaks
    declared: dict[str, Any]  # metadata the input states (front matter, HTML meta, sidecar)
    content_hash: str  # sha256 of the file's bytes
    file_date: FileDate | None = None
    heading_marks: bool = False  # True when "# " lines are real headings (Markdown, HTML)


@dataclass(frozen=True)
class Block:
    kind: str  # "p" (paragraph) or "h" (heading)
    text: str


@dataclass
class CleanDocument:
    seed: str
    format: str
    blocks: list[Block]
    credits: list[str]  # copyright, agency and contributor lines, kept for metadata inference
    removed: list[str]  # page furniture removed from the text
    declared: dict[str, Any]
    content_hash: str
    file_date: FileDate | None = None


@dataclass
class Article:
    """An analysed article: metadata (declared or inferred) and its cleaned body."""

    id: str
    seed: str
    slug: str
    title: str
    date: str  # ISO 8601 date of publication
    source: str
    authors: list[str]
    contributors: list[str]
    url: str
    tags: list[str]
    language: str
    inferred: dict[str, str]  # field -> how it was inferred ("lead", "copyright line", ...)
    summary: str
    blocks: list[Block]
    word_count: int
    reading_minutes: int
    content_hash: str
    analysis: Any = None  # generator.analyse.result.ArticleAnalysis: entities, quotes, events

    @property
    def page(self) -> str:
        """Path of the Markdown page, relative to docs/."""
        year, month = self.date[:4], self.date[5:7]
        return f"articles/{year}/{month}/{self.slug}.md"

    def to_dict(self) -> dict[str, Any]:
        data = {k: v for k, v in vars(self).items() if k != "analysis"}
        data["blocks"] = [[b.kind, b.text] for b in self.blocks]
        data["analysis"] = self.analysis.to_dict() if self.analysis is not None else None
        return data


@dataclass
class Digest:
    """Everything the renderer needs: articles plus what the link and timeline stages add."""

    articles: list[Article]
    links: Any = None  # generator.link.Links
    timeline: list[Any] = field(default_factory=list)  # generator.timeline.TimelineEntry

    # Lookups built once per digest: pages ask them thousands of times, and a scan of all
    # articles or events per page makes rendering quadratic. A digest is not changed once built.
    @cached_property
    def article_by_id(self) -> dict[str, Article]:
        return {a.id: a for a in self.articles}

    @cached_property
    def timeline_by_story(self) -> dict[str, list[Any]]:
        """story id -> its timeline entries, in timeline order."""
        by_story: dict[str, list[Any]] = {}
        for entry in self.timeline:
            by_story.setdefault(entry.story, []).append(entry)
        return by_story

    @cached_property
    def timeline_by_entity(self) -> dict[str, list[Any]]:
        """entity id -> the timeline entries naming it, in timeline order."""
        by_entity: dict[str, list[Any]] = {}
        for entry in self.timeline:
            for entity in dict.fromkeys(entry.entities):
                by_entity.setdefault(entity, []).append(entry)
        return by_entity
