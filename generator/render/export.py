"""digest.json: a stable machine-readable export of what the site shows (docs/export.md)."""

from __future__ import annotations

import json
from collections.abc import Callable

from generator import __version__
from generator.link import StoryInfo
from generator.link.entities import Entity
from generator.models import HEADLINE, Article, Digest
from generator.render.common import article_metadata, entity_page, reason_parts
from generator.timeline import TimelineEntry

EXPORT_VERSION = 1
# One encoder for every record: json.dumps with any option builds a new encoder per call.
_ENCODER = json.JSONEncoder(ensure_ascii=False)


def site_path(page: str) -> str:
    """docs-relative Markdown path -> site path with directory URLs."""
    if page.endswith("index.md"):
        return page[: -len("index.md")]
    return page[: -len(".md")] + "/"


def article_record(article: Article, digest: Digest, page_of: Callable[[str], str]) -> dict:
    linked = digest.links.articles[article.id]
    return {
        **article_metadata(article),
        "page": site_path(page_of(article.id)),
        "story": linked.story,
        "duplicate_of": linked.copy_of,
        "entities": linked.entities,
        "quality": linked.quality.to_dict(),
    }


def story_record(story: StoryInfo, entities: dict[str, Entity]) -> dict:
    return {
        "id": story.id,
        "page": site_path(story.page),
        "title": story.title,
        "lead_article": story.lead_article,
        "first_date": story.first_date,
        "last_date": story.last_date,
        "articles": story.articles,
        "duplicates": dict(sorted(story.duplicates.items())),
        "related": [{**r.to_dict(), "reasons": reason_parts(r, entities)}
                    for r in story.related],
        "entities": story.entities,
    }


def entity_record(entity: Entity) -> dict:
    return {
        "id": entity.id,
        "name": entity.name,
        "type": entity.type,
        "aliases": entity.aliases,
        "articles": entity.articles,
        "mentions": entity.mentions,
        "page": site_path(entity_page(entity.id)) if entity.page else None,
    }


def timeline_record(entry: TimelineEntry, site_of: Callable[[str], str]) -> dict:
    """site_of: an article id -> its page's site path."""
    return {
        "date": entry.date,
        "granularity": entry.granularity,
        "text": entry.text,
        "sources": entry.articles,
        "citations": [{"article": c.article, "paragraph": c.paragraph,
                       "page": site_of(c.article)
                       + (f"#p{c.paragraph}" if c.paragraph != HEADLINE else "")}
                      for c in entry.sources],
        "story": entry.story,
        "entities": entry.entities,
        "upcoming": entry.upcoming,
    }


def digest_json(digest: Digest, page_of: Callable[[str], str]) -> str:
    links = digest.links
    articles = sorted(digest.articles, key=lambda a: (a.date, a.id), reverse=True)
    paths: dict[str, str] = {}  # each article's site path: the timeline cites most many times

    def site_of(article_id: str) -> str:
        found = paths.get(article_id)
        if found is None:
            found = paths[article_id] = site_path(page_of(article_id))
        return found
    return _one_record_per_line(
        {"version": EXPORT_VERSION, "generator": f"newsdigest {__version__}",
         # merged-away story id -> the story it went to (its old page forwards there)
         "moved_stories": dict(sorted(links.moved.items()))},
        {"articles": [article_record(a, digest, page_of) for a in articles],
         "stories": [story_record(s, links.entity_by_id) for s in links.stories],
         "entities": [entity_record(e) for e in links.entities],
         "timeline": [timeline_record(e, site_of) for e in digest.timeline]})


def _one_record_per_line(fields: dict[str, object], lists: dict[str, list[dict]]) -> str:
    """A JSON object written with each record of its lists on one line. json's C encoder only
    runs without indent (the indented, pure-Python one took a fifth of the render time at 600
    articles), and a record per line still reads and diffs well."""
    dump = _ENCODER.encode
    lines = ["{"]
    lines += [f" {dump(key)}: {dump(value)}," for key, value in fields.items()]
    for number, (key, records) in enumerate(lists.items(), start=1):
        lines.append(f" {dump(key)}: [")
        lines += [f"  {dump(record)}," for record in records[:-1]]
        lines += [f"  {dump(record)}" for record in records[-1:]]
        lines.append(" ]," if number < len(lists) else " ]")
    return "\n".join(lines) + "\n}\n"
