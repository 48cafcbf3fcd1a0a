"""Render: the digest as output files (path below docs/ -> text). Pure: writes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from generator.config import Settings
from generator.models import Digest
from generator.render.common import assign_unique_slugs, entity_page
from generator.render.entities import entity_index, entity_page_text
from generator.render.export import digest_json, site_path
from generator.render.feeds import FeedItem, feed_files
from generator.render.pages import archive_pages, article_page, home_page
from generator.render.signatures import ArticleSignatures, Deferred
from generator.render.stories import moved_page, story_page
from generator.render.story_index import story_index_pages
from generator.render.timeline_pages import timeline_pages


def render(digest: Digest, settings: Settings) -> dict[str, str]:
    """All output files at once, by path (render_files gives them one at a time)."""
    return dict(sorted(render_files(digest, settings)))  # type: ignore[arg-type]


def render_files(digest: Digest, settings: Settings,
                 deferred: bool = False) -> Iterator[tuple[str, str | Deferred]]:
    """The output files one at a time, (path, text), so that the writer can write each and
    let it go (all pages at once are many times the size of the seeds). A path given twice
    is replaced by its later text, as in `render`. With ``deferred``, article pages come as
    a signature of what they show and a function that renders them (render.signatures): the
    writer renders only those whose signature differs from the one it made the file from."""
    links = digest.links
    assign_unique_slugs(digest.articles)
    by_id = digest.article_by_id

    def page_of(article_id: str) -> str:
        """Identical copies have no page of their own: they point at the original."""
        return by_id[links.articles[article_id].copy_of or article_id].page

    shown = [a for a in digest.articles if not links.articles[a.id].copy_of]
    yield "index.md", home_page(digest, settings.home_items)
    yield from archive_pages(shown).items()
    signature = ArticleSignatures(digest) if deferred else None
    for article in shown:
        if signature is None:
            yield article.page, article_page(article, digest)
        else:
            yield article.page, Deferred(signature(article), partial(article_page, article,
                                                                     digest))
    yield from story_index_pages(digest).items()
    for story in links.stories:
        yield story.page, story_page(story, digest, page_of)
    for old, new in links.moved.items():  # merged-away stories: their old URL forwards
        yield f"stories/{old}.md", moved_page(old, links.story_by_id[new])
    yield "entities/index.md", entity_index(digest)
    for entity in links.entities:
        if entity.page:
            path = entity_page(entity.id)
            yield path, entity_page_text(entity, digest, page_of)
    yield from timeline_pages(digest.timeline, by_id, page_of).items()
    yield "digest.json", digest_json(digest, page_of)
    yield from feed_files(story_items(digest), settings.docs.parent / "mkdocs.yml").items()


def story_items(digest: Digest) -> list[FeedItem]:
    """Feed entries: one per story, dated by its newest report, summarised by its best one."""
    by_id = digest.article_by_id
    items = []
    for story in digest.links.stories:
        lead = by_id[story.lead_article]
        sources = sorted({by_id[a].source for a in story.articles if by_id[a].source})
        items.append(FeedItem(story.id, story.title, site_path(story.page), story.last_date,
                              lead.summary, sources))
    return items
