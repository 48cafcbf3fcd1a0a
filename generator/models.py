"""Plain dataclasses passed between pipeline stages, and the contract between the stages.

Flow: ingest -> RawDocument; clean -> CleanDocument; analyse -> Article (with its
ArticleAnalysis); link -> Links; timeline -> list[TimelineEntry]; render -> dict of output
files; write -> WriteReport. Each stage takes the previous stage's dataclasses and never
reaches back. Every stage follows the contract below; a stage that needs another convention
converts at its own edge.

Paragraph numbers
    An article's body paragraphs are its ``Block("p")`` blocks, numbered from 1 in reading
    order; headings are not numbered. Paragraph n is the page anchor ``#p{n}`` (render), so a
    mention, quote, event or timeline citation with paragraph n links to exactly that place.
    Paragraph 0 (``HEADLINE``) is the article's headline (``Article.title``); mentions and the
    headline's event can be in it (quotes are read from the body), so a timeline entry may
    cite a source at paragraph 0: render links that citation to the page itself (there is
    no ``#p0`` anchor).

Offsets
    ``start``/``end`` of a mention, quote or time expression are character offsets, end
    exclusive, into the text of the paragraph the record names (the headline for paragraph 0),
    never into the article. Mentions index the paragraph as analysed, with spun phrases put
    back ("White Home" -> "White House"), which may differ from the page text by a few
    characters: use them to find the sentence, not to cut the page text. A quote that runs on
    into the next paragraph belongs to the paragraph it opens in.

Headline and lead
    "Named in the headline or lead" means paragraph 0 or paragraph 1 (``in_headline_or_lead``):
    the inverted pyramid puts what a report is about there. Entity salience and entity pages
    use this test, never a character count.

TIMEX3 values
    Dated events and timeline entries carry a TIMEX3 value (``2025-10-16``, ``2025-W42``,
    ``2025-10``, ``2025-WI``, ``2025-Q3``, ``2025``, ``202`` for a decade), or the undated
    marker for "date not set" events. generator/timex_value.py owns them: the values
    understood, their granularity, period start and end (winter starts in December of the
    value's year), order and display text. No other module parses a value.

Quality verdict
    ``ArticleAnalysis.quality`` is the evidence one article gives on its own (analysis is per
    article and cached). The verdict, the one the site and digest.json show and every choice of
    a best source uses, is ``Links.quality[article id]``: the article's own evidence plus the
    signals that need the other reports of its story (spin alignment). Nothing after link reads
    ``analysis.quality``.

Ids, URLs and words
    Link and timeline return ids (article, story and entity ids) and structured reasons; render
    alone turns them into page paths, URLs and sentences.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the stage modules import this one; these names are for type checkers only
    from generator.analyse.result import ArticleAnalysis
    from generator.link import Links
    from generator.timeline import TimelineEntry

HEADLINE = 0  # paragraph number of the headline
LEAD = 1  # paragraph number of the lead (the first body paragraph)

# A value read from front matter, the sidecar or HTML metadata: text, a date, a list of tags...
Declared = str | int | float | bool | dt.date | list[str] | None


def in_headline_or_lead(paragraph: int) -> bool:
    """True for the headline and the first body paragraph (see the contract above)."""
    return paragraph <= LEAD


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
    declared: dict[str, Declared]  # metadata the input states (front matter, HTML meta, sidecar)
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
    declared: dict[str, Declared]
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
    analysis: ArticleAnalysis | None = None  # mentions, quotes, events, own quality evidence

    @property
    def page(self) -> str:
        """Path of the Markdown page, relative to docs/."""
        year, month = self.date[:4], self.date[5:7]
        return f"articles/{year}/{month}/{self.slug}.md"

    def to_dict(self) -> dict[str, object]:
        data = {k: v for k, v in vars(self).items() if k != "analysis"}
        data["blocks"] = [[b.kind, b.text] for b in self.blocks]
        data["analysis"] = self.analysis.to_dict() if self.analysis is not None else None
        return data


@dataclass
class Digest:
    """Everything the renderer needs: articles plus what the link and timeline stages add."""

    articles: list[Article]
    links: Links | None = None
    timeline: list[TimelineEntry] = field(default_factory=list)

    # Lookups built once per digest: pages ask them thousands of times, and a scan of all
    # articles or events per page makes rendering quadratic. A digest is not changed once built.
    @cached_property
    def article_by_id(self) -> dict[str, Article]:
        return {a.id: a for a in self.articles}

    @cached_property
    def timeline_by_story(self) -> dict[str, list[TimelineEntry]]:
        """story id -> its timeline entries, in timeline order."""
        by_story: dict[str, list[TimelineEntry]] = {}
        for entry in self.timeline:
            by_story.setdefault(entry.story, []).append(entry)
        return by_story

    @cached_property
    def timeline_by_entity(self) -> dict[str, list[TimelineEntry]]:
        """entity id -> the timeline entries naming it, in timeline order."""
        by_entity: dict[str, list[TimelineEntry]] = {}
        for entry in self.timeline:
            for entity in dict.fromkeys(entry.entities):
                by_entity.setdefault(entity, []).append(entry)
        return by_entity
