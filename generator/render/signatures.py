"""What a page is made from, as one short hash, so that a warm run can skip a page whose
inputs did not change (the writer keeps the file when the signature is the one it recorded).

A signature must cover everything its page function reads, or a warm run would keep a stale
page: each function below lists, beside the page function it mirrors, the values that page
shows. Signatures are coarse on purpose (a whole story's members and related stories, not what
one line shows): computing them must cost far less than rendering (recording each page's reads
was tried and cost as much as rendering; see the notes of issue 13).
Tested by comparing warm output with a cold run's after adding, changing and removing seeds.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from generator.models import Article, Digest


@dataclass(frozen=True)
class Deferred:
    """A page given to the writer by its signature: ``make`` renders it when the writer does
    not hold a file made from the same signature."""

    signature: str
    make: Callable[[], str]


def _digest(value: object) -> str:
    return hashlib.blake2b(repr(value).encode("utf-8"), digest_size=16).hexdigest()


def _own_fields(article: Article) -> tuple:
    """Every field of the article but its analysis (which article pages do not show), its
    page path included (slugs change when titles clash)."""
    return (article.id, article.seed, article.page, article.title, article.date, article.source,
            article.authors, article.contributors, article.url, article.tags, article.language,
            sorted(article.inferred.items()), article.summary, article.blocks,
            article.word_count, article.reading_minutes, article.content_hash)


class ArticleSignatures:
    """Signatures of article pages (render.pages.article_page) for one digest; a story's part
    is computed once for all its members."""

    def __init__(self, digest: Digest) -> None:
        self.digest = digest
        self.stories: dict[str, str] = {}

    def __call__(self, article: Article) -> str:
        links = self.digest.links
        linked = links.articles[article.id]
        names = links.entity_by_id
        # _entity_section: the names and page flags of the entities it may list
        entities = [(e, names[e].name, names[e].page) for e in linked.entities]
        return _digest((_own_fields(article), repr(linked), self._story(linked.story),
                        entities))

    def _story(self, story_id: str) -> str:
        if story_id not in self.stories:
            self.stories[story_id] = self._story_part(story_id)
        return self.stories[story_id]

    def _story_part(self, story_id: str) -> str:
        """_story_section: the story, each member's listed fields and page, each related
        story's title and page and the names its reasons give."""
        links = self.digest.links
        story = links.story_by_id.get(story_id)
        if story is None:
            return ""
        by_id = self.digest.article_by_id
        members = [(a, by_id[a].title, by_id[a].source, by_id[a].date, by_id[a].page)
                   for a in story.articles]
        stories, names = links.story_by_id, links.entity_by_id
        related = [(r.story, stories[r.story].title) for r in story.related if r.story in stories]
        shared = sorted({e for r in story.related for ids in r.shared.values() for e in ids})
        return _digest((repr(story), members, related,
                        [(e, names[e].name if e in names else None) for e in shared]))
