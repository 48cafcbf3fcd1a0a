"""Link: relate analysed articles to each other.

Page slugs are made unique, per-article mentions become canonical entities, articles reporting
one event become stories (with exact copies folded in), and the spin verdict of each article is
completed with the cross-report alignment signal, which needs the other reports of its story.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import cached_property

from generator.analyse.quality import Quality
from generator.link.entities import Entity, entities_worth_a_page, merge_entities
from generator.link.spin_alignment import alignment_signal
from generator.link.stories import Story, StoryInput, group_stories
from generator.link.story_ids import StoryState
from generator.models import Article, as_date

RESERVED_SLUGS = {"index", "tags", "feed", "search"}
STORY_ENTITIES = 12  # entities listed on a story page
ALIGN_WITH = 4  # other reports of its story an article's wording is aligned with


@dataclass
class StoryInfo:
    """A story as the site shows it."""

    id: str
    title: str
    lead_article: str  # the best source: headline, summary and quotes come from it first
    articles: list[str]  # every member, oldest first (copies included)
    duplicates: dict[str, str]  # copy -> the article it copies
    related: list  # RelatedLink: evidence as data (entity ids by kind, terms)
    shared: dict[str, tuple[str, ...]]  # kind -> entity ids most of its reports name
    terms: tuple[str, ...]  # terms most of its reports use
    entities: list[str]  # entity ids, most salient first
    first_date: str
    last_date: str

    @property
    def page(self) -> str:
        return f"stories/{self.id}.md"


@dataclass
class Links:
    stories: list[StoryInfo] = field(default_factory=list)
    story_of: dict[str, str] = field(default_factory=dict)  # article id -> story id
    entities: list[Entity] = field(default_factory=list)
    article_entities: dict[str, list[str]] = field(default_factory=dict)
    entity_names: dict[tuple[str, str], str] = field(default_factory=dict)  # (article, name)->id
    entity_pages: set[str] = field(default_factory=set)  # ids of entities with a page
    quality: dict[str, Quality] = field(default_factory=dict)  # final verdict per article
    moved: dict[str, str] = field(default_factory=dict)  # merged-away story id -> its story

    # Lookups for the renderer, built on first use (after link() has filled the fields).
    @cached_property
    def story_by_id(self) -> dict[str, StoryInfo]:
        return {s.id: s for s in self.stories}

    @cached_property
    def entity_by_id(self) -> dict[str, Entity]:
        return {e.id: e for e in self.entities}

    @cached_property
    def copies(self) -> dict[str, str]:
        """Identical copy -> the article it copies."""
        return {copy: original for s in self.stories for copy, original in s.duplicates.items()}


def link(articles: list[Article], previous: StoryState | None = None) -> Links:
    """``previous``: the last run's story state, so stories keep their ids (story_ids.py)."""
    assign_unique_slugs(articles)
    links = Links()
    by_id = {a.id: a for a in articles}
    mentions = {a.id: a.analysis.mentions for a in articles}
    links.entities, links.article_entities = merge_entities(mentions)
    links.entity_names = _name_index(links.entities)
    links.entity_pages = {e.id for e in entities_worth_a_page(links.entities)}
    types = {e.id: e.type for e in links.entities}
    grouped = group_stories([_story_input(a, links.article_entities, types) for a in articles],
                            previous)
    stories, links.moved = grouped.stories, grouped.moved
    links.quality = _final_quality(articles, stories)
    links.stories = [_story_info(s, by_id, links) for s in stories]
    links.stories.sort(key=lambda s: (s.last_date, s.id), reverse=True)
    links.story_of = {a: s.id for s in links.stories for a in s.articles}
    return links


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


def _name_index(entities: list[Entity]) -> dict[tuple[str, str], str]:
    index: dict[tuple[str, str], str] = {}
    for entity in entities:
        for article in entity.articles:
            for name in (entity.name, *entity.aliases):
                index.setdefault((article, name), entity.id)
    return index


def _story_input(article: Article, article_entities: dict[str, list[str]],
                 types: dict[str, str]) -> StoryInput:
    text = "\n".join(b.text for b in article.blocks if b.kind == "p")
    entity_ids = tuple(article_entities.get(article.id, []))
    return StoryInput(id=article.id, title=article.title, text=text, date=as_date(article.date),
                      entities=entity_ids, entity_types={e: types[e] for e in entity_ids},
                      date_guessed="guess" in article.inferred.get("date", ""))




def _final_quality(articles: list[Article], stories: list[Story]) -> dict[str, Quality]:
    """Each article's own quality, plus the alignment signal against its story's other reports."""
    by_id = {a.id: a for a in articles}
    quality = {a.id: a.analysis.quality for a in articles}
    for story in stories:
        members = [m for m in story.articles if m not in story.duplicates]
        if len(members) < 2:
            continue
        texts = {m: _plain(by_id[m]) for m in members}
        for member in members:
            # The earliest reports are the likeliest originals; comparing with a few of them
            # keeps a story of many copies linear instead of quadratic.
            others = [texts[o] for o in members if o != member][:ALIGN_WITH]
            reason = alignment_signal(texts[member], others)
            if reason is not None:
                own = quality[member]
                quality[member] = replace(own, spun=True, reasons=(*own.reasons, reason),
                                          score=round(own.score * (1 - reason.weight), 4))
    return quality


def _plain(article: Article) -> str:
    return "\n".join(b.text for b in article.blocks if b.kind == "p")


def best_source(members: list[Article], quality: dict[str, Quality]) -> Article:
    """The report to quote first: not spun, highest quality, longest, then by id."""
    return min(members, key=lambda a: (quality[a.id].spun, -quality[a.id].score,
                                       -a.word_count, a.id))


def _story_info(story: Story, by_id: dict[str, Article], links: Links) -> StoryInfo:
    members = [by_id[m] for m in story.articles]
    # A copy whose original sits in another story is the only report of this one.
    originals = [a for a in members if a.id not in story.duplicates] or members
    lead = best_source(originals, links.quality)
    weight: dict[str, int] = defaultdict(int)
    for article in originals:
        for rank, entity in enumerate(links.article_entities.get(article.id, [])):
            if entity in links.entity_pages:
                weight[entity] += max(1, 10 - rank)
    entities = sorted(weight, key=lambda e: (-weight[e], e))[:STORY_ENTITIES]
    dates = sorted(a.date for a in members)
    return StoryInfo(id=story.id, title=lead.title, lead_article=lead.id,
                     articles=list(story.articles), duplicates=dict(story.duplicates),
                     related=list(story.related), shared=dict(story.shared),
                     terms=tuple(story.terms), entities=entities,
                     first_date=dates[0], last_date=dates[-1])
