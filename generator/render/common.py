"""Helpers shared by the page renderers: relative links, dates, bylines."""

from __future__ import annotations

import datetime as dt
import posixpath
from collections import defaultdict
from collections.abc import Mapping

from generator.link.entities import Entity
from generator.models import Article
from generator.render.escape import escape_markdown as md

UNKNOWN_SOURCE = "Unknown source"
# Search indexes each article's text once: listings (home, month, story, entity and timeline
# pages) repeat titles, summaries and snippets of it, and made the index ~10 KB per article.
# Material's search plugin skips a page with this front matter, and a heading's whole section
# when the heading carries the attribute.
NOT_SEARCHED = {"exclude": True}
NO_SEARCH = " { data-search-exclude }"


# Entity types as pages name them: (type, one, many), in the order pages list them.
ENTITY_TYPES = (("person", "Person", "People"), ("organisation", "Organisation", "Organisations"),
                ("place", "Place", "Places"), ("product", "Product", "Products"))
TYPE_LABELS = {kind: one for kind, one, _ in ENTITY_TYPES}


def entity_page(entity_id: str) -> str:
    """Path below docs/ of an entity's page."""
    return f"entities/{entity_id}.md"


def reason_parts(rel, entity_names: Mapping[str, Entity]) -> list[str]:
    """A related link's evidence (link gives entity ids by kind, or shared terms) in words:
    ['shared people: Donald Trump, Vladimir Putin', 'shared places: Ukraine']."""
    parts = shared_text(rel.shared, entity_names)
    if not parts and rel.terms:
        parts.append("shared terms: " + ", ".join(rel.terms))
    return parts


def reason_text(rel, entity_names: Mapping[str, Entity]) -> str:
    """The reasons of ``reason_parts`` as one line."""
    return "; ".join(reason_parts(rel, entity_names))


def shared_text(shared: Mapping[str, tuple[str, ...]],
                entity_names: Mapping[str, Entity]) -> list[str]:
    """'shared people: A, B' and the like, one per kind, in a fixed kind order."""
    many = {kind: plural.lower() for kind, _, plural in ENTITY_TYPES}
    kinds = [k for k in many if k in shared] + sorted(set(shared) - set(many))
    parts = []
    for kind in kinds:
        names = [entity_names[e].name if e in entity_names else e for e in shared[kind]]
        if names:
            parts.append(f"shared {many.get(kind, 'names')}: {', '.join(names)}")
    return parts


# Page names MkDocs, Material or our own pages use at the root of a folder.
RESERVED_SLUGS = {"index", "tags", "feed", "search"}


def assign_unique_slugs(articles: list[Article]) -> list[Article]:
    """Two articles whose titles slugify alike in one month get distinct pages.

    The article with the smallest id keeps the plain slug, so adding a newer article with the
    same title never renames an existing page; the others get their id appended.
    """
    by_page: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        if article.slug in RESERVED_SLUGS:
            article.slug = f"{article.slug}-{article.id}"
        by_page[article.page].append(article)
    for clash in by_page.values():
        for article in sorted(clash, key=lambda a: a.id)[1:]:
            article.slug = f"{article.slug}-{article.id}"
    return articles


def link(from_page: str, to_page: str, anchor: str = "") -> str:
    """Relative link between two pages given by their paths below docs/."""
    target = _relative(to_page, from_page)
    return f"{target}#{anchor}" if anchor else target


def _relative(to_page: str, from_page: str) -> str:
    """posixpath.relpath for plain relative paths, without its os.getcwd() per call (the
    renderer makes one link per listed item: hundreds of thousands)."""
    start, target = from_page.split("/")[:-1], to_page.split("/")
    if any(part in ("", ".", "..") for part in (*start, *target)):
        return posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")
    common = 0
    while common < min(len(start), len(target)) and start[common] == target[common]:
        common += 1
    return "/".join([".."] * (len(start) - common) + target[common:]) or "."


def human_date(iso: str) -> str:
    try:
        return dt.date.fromisoformat(iso[:10]).strftime("%-d %B %Y")
    except ValueError:
        return iso


def source_name(article: Article) -> str:
    return md(article.source or UNKNOWN_SOURCE)


def newest_first(articles: list[Article]) -> list[Article]:
    return sorted(articles, key=lambda a: (a.date, a.id), reverse=True)


def badge(label: str, kind: str) -> str:
    """A small coloured label; label is generator text, never article text."""
    return f'<span class="nd-badge nd-badge--{kind}">{label}</span>'


def article_metadata(article: Article) -> dict:
    """The article's own fields, as its page's front matter and digest.json both carry them."""
    return {
        "id": article.id,
        "seed": article.seed,
        "title": article.title,
        "date": article.date,
        "source": article.source,
        "authors": article.authors,
        "contributors": article.contributors,
        "url": article.url,
        "tags": article.tags,
        "language": article.language,
        "inferred": article.inferred,
        "summary": article.summary,
        "word_count": article.word_count,
    }
