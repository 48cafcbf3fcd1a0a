"""Link: relate analysed articles to each other.

Per-article mentions become canonical entities, articles reporting one event become stories
(with exact copies folded in), and the spin verdict of each article is completed with the
cross-report alignment signal, which needs the other reports of its story. Link returns ids
and structured reasons; render turns them into pages, URLs and sentences.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TypeVar

from generator.analyse.quality import Quality, QualityReason
from generator.link.entities import (
    Entity,
    GroupMemo,
    LastOutputs,
    entities_worth_a_page,
    link_entities,
)
from generator.link.excerpts import Excerpt, QuoteChoice, story_quotes, summary_sentences
from generator.link.grouping import AskMemo
from generator.link.scoring import entity_fields
from generator.link.spin_alignment import SentenceCache, alignment_signal
from generator.link.stories import Story, StoryInput, group_stories
from generator.link.story_ids import StoryState
from generator.link.terms import TermMemo
from generator.models import Article, as_date

# A story page lists the entities a reader would look up, not every name its reports drop: a
# dozen covers the actors of a multi-outlet story on our seeds and BBC copy.
STORY_ENTITIES = 12
# Other reports of its story an article's wording is aligned with (see _final_quality).
ALIGN_WITH = 4
# Salience weight of an article's entity for its story: its rank r in the article gives
# max(1, SALIENCE_RANKS - r), so an article's top entities outweigh the long tail.
SALIENCE_RANKS = 10
# The run state's stage memo under which link keeps its person-name comparisons (entities.py).
PEOPLE_MEMO = "link-people"
# ... and each story's summary and quotes (_excerpts).
EXCERPTS_MEMO = "link-excerpts"
# ... and each article's term counts (terms.py).
TERMS_MEMO = "link-terms"
# ... and which pairs of texts are near copies (duplicates.py).
COPIES_MEMO = "link-near-copies"
# ... and grouping's verdicts that stayed below the threshold (grouping.py).
ASKS_MEMO = "link-asks"
# ... and what each entity was made of (entities.py).
GROUPS_MEMO = "link-entity-groups"
# ... and last run's outputs (LinkOutputs).
OUTPUTS_MEMO = "link-outputs"


@dataclass
class StoryInfo:
    """A story as link decided it (ids only; render makes its page and words)."""

    id: str
    title: str
    lead_article: str  # the best source: headline, summary and quotes come from it first
    articles: list[str]  # every member, oldest first (copies included)
    duplicates: dict[str, str]  # copy -> the article it copies
    related: list  # RelatedLink: story id, shared entity ids by kind, shared terms
    shared: dict[str, tuple[str, ...]]  # kind -> entity ids most of its reports name
    terms: tuple[str, ...]  # terms most of its reports use
    entities: list[str]  # entity ids, most salient first
    first_date: str
    last_date: str
    summary: list[Excerpt] = field(default_factory=list)  # lead first, then other clean reports
    quotes: list[QuoteChoice] = field(default_factory=list)

    @property
    def page(self) -> str:
        return f"stories/{self.id}.md"


@dataclass
class ArticleLinks:
    """What link decided about one article."""

    story: str  # id of its story
    quality: Quality  # the final verdict (generator.models: "Quality verdict")
    entities: list[str] = field(default_factory=list)  # entity ids, most salient first
    names: dict[str, str] = field(default_factory=dict)  # a name as it writes it -> entity id
    copy_of: str = ""  # the article this one is an identical copy of ("" when none)


@dataclass
class Links:
    """The link stage's output: stories, entities (``Entity.page``: worth a page) and, per
    article id, its ArticleLinks."""

    stories: list[StoryInfo] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    articles: dict[str, ArticleLinks] = field(default_factory=dict)
    moved: dict[str, str] = field(default_factory=dict)  # merged-away story id -> its story

    # Lookups for the renderer, built on first use (after link() has filled the fields).
    @cached_property
    def story_by_id(self) -> dict[str, StoryInfo]:
        return {s.id: s for s in self.stories}

    @cached_property
    def entity_by_id(self) -> dict[str, Entity]:
        return {e.id: e for e in self.entities}


def link(articles: list[Article], previous: StoryState | None = None,
         alignments: AlignmentMemo | None = None, memos: dict | None = None) -> Links:
    """``previous``: the last run's story state, so stories keep their ids (story_ids.py).
    ``alignments``: the previous run's alignment checks (see _final_quality), reused when their
    texts are the same and replaced by this run's. ``memos``: the run state's stage memos (a
    plain dict, cache.RunState.stage_memos); link keeps its other memos there, each checked
    against its inputs before use."""
    # The pause is the run state's (cache.py), which imports this module: imported here.
    from generator.cache import _no_collection

    # The analysed articles (millions of objects at 10x BBC) live through link, and link makes
    # millions of small containers, none of them garbage in a cycle: the collector's passes
    # over them took 8 s of link's 72-78 s CPU at 10x BBC (6.7-8.2 s with the articles frozen,
    # as link did before). Paused: 2 s (the first pass after link), the same peak RSS, and no
    # unreachable object left after link. Freezing as well would gain nothing while paused.
    with _no_collection():
        return _link(articles, previous, alignments, memos)


def _link(articles: list[Article], previous: StoryState | None,
          alignments: AlignmentMemo | None, memos: dict | None = None) -> Links:
    by_id = {a.id: a for a in articles}
    mentions = {a.id: a.analysis.mentions for a in articles}
    people = memos.setdefault(PEOPLE_MEMO, {}) if memos is not None else None
    groups = _stage_memo(memos, GROUPS_MEMO, GroupMemo)
    kept = LinkOutputs() if memos is None else _stage_memo(memos, OUTPUTS_MEMO, LinkOutputs)
    entities, article_entities, names = link_entities(
        mentions, people, groups, kept.last_of(groups))
    by_entity = {e.id: e for e in entities}
    grouped = group_stories([_story_input(a, article_entities, by_entity) for a in articles],
                            previous, terms=_stage_memo(memos, TERMS_MEMO, TermMemo),
                            copies=memos.setdefault(COPIES_MEMO, {}) if memos is not None else None,
                            asks=_stage_memo(memos, ASKS_MEMO, AskMemo))
    stories = grouped.stories
    quality = _final_quality(articles, stories, alignments)
    story_of = {member: story.id for story in stories for member in story.articles}
    copies = {copy for story in stories for copy in story.duplicates}
    # Not set on the entities in place: a memo's entity (GroupMemo) is last run's object.
    worth = {e.id for e in entities_worth_a_page(entities, story_of, copies)}
    entities = [e if e.page == (e.id in worth) else replace(e, page=e.id in worth)
                for e in entities]
    entities = kept.entities_as_last(entities, groups)
    with_page = {e.id for e in entities if e.page}
    excerpts = _Excerpts(memos.setdefault(EXCERPTS_MEMO, {}) if memos is not None else None)
    infos = [_story_info(s, by_id, quality, article_entities, with_page, excerpts)
             for s in stories]
    excerpts.keep_used()
    infos = [kept.story(s) for s in infos]
    infos.sort(key=lambda s: (s.last_date, s.id), reverse=True)
    per_article = {}
    for story in infos:
        for member in story.articles:
            per_article[member] = kept.article(member, ArticleLinks(
                story=story.id, quality=quality[member],
                entities=article_entities.get(member, []), names=names.get(member, {}),
                copy_of=story.duplicates.get(member, "")))
    links = Links(stories=infos, entities=entities,
                  articles={a.id: per_article[a.id] for a in articles}, moved=grouped.moved)
    kept.keep(links)
    return links


class LinkOutputs:
    """Last run's stories, entities and per-article links, by id. An output of this run equal
    to last run's (value equality, dicts in the same order too: _same_story) is handed back as
    last run's object, so a later stage can tell an unchanged output by its identity (render's
    page signatures) instead of comparing or encoding it again. Exact by construction: the
    object handed back has the value this run computed. Render's memo names the objects it
    holds by id (render.signatures.held_by_name), so the state saves this memo as a log: a run
    after a small change writes only the outputs that are not last run's objects."""

    LOG_TABLES = ("stories", "articles", "entities")
    LOG_COUNTERS = ("entities_run",)

    def __init__(self) -> None:
        self.stories: dict[str, StoryInfo] = {}
        self.articles: dict[str, ArticleLinks] = {}
        self.entities: dict[str, Entity] = {}
        self.entities_run = -1  # the GroupMemo run that made them

    def last_of(self, groups: GroupMemo | None) -> LastOutputs | None:
        """Last run's entities and each article's entities and names, when made in the run
        that last updated ``groups`` (link_entities)."""
        if groups is None or self.entities_run != groups.run:
            return None
        return LastOutputs(self.entities,
                           {art: links.entities for art, links in self.articles.items()},
                           {art: links.names for art, links in self.articles.items()})

    def entities_as_last(self, entities: list[Entity], groups: GroupMemo | None,
                         ) -> list[Entity]:
        """Last run's object for each entity equal to it (most are last run's already:
        link_entities gives them; every field is a string, an int, a bool or a list of
        strings, so == is exact); kept for the next run."""
        last = self.entities if groups is not None and self.entities_run == groups.run - 1 \
            else {}
        out = []
        for entity in entities:
            old = last.get(entity.id)
            out.append(old if old is not None and (old is entity or old == entity) else entity)
        self.entities = {e.id: e for e in out}
        self.entities_run = groups.run if groups is not None else -1
        return out

    def story(self, new: StoryInfo) -> StoryInfo:
        old = self.stories.get(new.id)
        return old if old is not None and _same_story(old, new) else new

    def article(self, article_id: str, new: ArticleLinks) -> ArticleLinks:
        old = self.articles.get(article_id)
        return old if old is not None and old == new \
            and list(old.names) == list(new.names) else new

    def keep(self, links: Links) -> None:
        """This run's outputs only, so the memo does not grow."""
        self.stories = {s.id: s for s in links.stories}
        self.articles = dict(links.articles)


def _same_story(old: StoryInfo, new: StoryInfo) -> bool:
    """Equal, and each dict in the same order (== ignores order; a page lists them in order)."""
    return old == new and list(old.duplicates) == list(new.duplicates) \
        and list(old.shared) == list(new.shared) \
        and all(list(a.shared) == list(b.shared)
                for a, b in zip(old.related, new.related, strict=True))


MemoKind = TypeVar("MemoKind")


def _stage_memo(memos: dict | None, name: str, kind: type[MemoKind]) -> MemoKind | None:
    """The run state's memo called name (made empty when missing or of another kind), or None
    without a state."""
    if memos is None:
        return None
    if not isinstance(memos.get(name), kind):
        memos[name] = kind()
    return memos[name]


def _story_input(article: Article, article_entities: dict[str, list[str]],
                 by_entity: dict[str, Entity]) -> StoryInput:
    text = "\n".join(b.text for b in article.blocks if b.kind == "p")
    return StoryInput(id=article.id, title=article.title, text=text, date=as_date(article.date),
                      date_guessed="guess" in article.inferred.get("date", ""),
                      **entity_fields(article.id, article_entities, by_entity))




# A spun-copy check is a pure function of a report's text and the texts it is compared with,
# and the costliest part of link; a run after a small change reuses the previous run's results
# (key: a hash of the texts; the memo lives in the run state, which a code change discards).
AlignmentMemo = dict[str, QualityReason | None]


def _final_quality(articles: list[Article], stories: list[Story],
                   memo: AlignmentMemo | None = None) -> dict[str, Quality]:
    """Each article's own quality, plus the alignment signal against its story's other reports."""
    by_id = {a.id: a for a in articles}
    quality = {a.id: a.analysis.quality for a in articles}
    previous = dict(memo) if memo is not None else {}
    used: AlignmentMemo = {}
    for story in stories:
        members = [m for m in story.articles if m not in story.duplicates]
        if len(members) < 2:
            continue
        texts = {m: _plain(by_id[m]) for m in members}
        # Each text hashed once, not once per check it takes part in.
        digests = {m: hashlib.sha256(text.encode()).digest() for m, text in texts.items()}
        split = SentenceCache()  # each report is split into sentences once, not per check
        for member in members:
            # The earliest reports are the likeliest originals; comparing with a few of them
            # keeps a story of many copies linear instead of quadratic.
            others = [o for o in members if o != member][:ALIGN_WITH]
            key = _alignment_key(digests[member], [digests[o] for o in others])
            if key not in used:
                used[key] = previous[key] if key in previous else \
                    alignment_signal(texts[member], [texts[o] for o in others], split)
            reason = used[key]
            if reason is not None:
                own = quality[member]
                quality[member] = replace(own, spun=True, reasons=(*own.reasons, reason),
                                          score=round(own.score * (1 - reason.weight), 4))
    if memo is not None:  # keep only this run's checks, so the memo does not grow
        memo.clear()
        memo.update(used)
    return quality


def _alignment_key(text: bytes, others: list[bytes]) -> str:
    """The key of a check: the digests of its text and of the texts it is compared with, in
    order (each a fixed-length sha256 digest, so the joined bytes name one list)."""
    return hashlib.sha256(b"".join((text, *others))).hexdigest()


def _plain(article: Article) -> str:
    return "\n".join(b.text for b in article.blocks if b.kind == "p")


def verdict_rank(quality: Quality) -> tuple[bool, float]:
    """How a report ranks as a source, best first: not spun, then higher quality. Every choice
    of a best source (story lead, timeline wording) sorts by this first."""
    return quality.spun, -quality.score


def best_source(members: list[Article], quality: dict[str, Quality]) -> Article:
    """The report to quote first: best verdict, then longest, then by id."""
    return min(members, key=lambda a: (*verdict_rank(quality[a.id]), -a.word_count, a.id))


def _story_info(story: Story, by_id: dict[str, Article], quality: dict[str, Quality],
                article_entities: dict[str, list[str]], with_page: set[str],
                excerpts: _Excerpts | None = None) -> StoryInfo:
    members = [by_id[m] for m in story.articles]
    # A copy whose original sits in another story is the only report of this one.
    originals = [a for a in members if a.id not in story.duplicates] or members
    lead = best_source(originals, quality)
    weight: dict[str, int] = defaultdict(int)
    for article in originals:
        for rank, entity in enumerate(article_entities.get(article.id, [])):
            if entity in with_page:
                weight[entity] += max(1, SALIENCE_RANKS - rank)
    entities = sorted(weight, key=lambda e: (-weight[e], e))[:STORY_ENTITIES]
    dates = sorted(a.date for a in members)
    # Wording comes from the clean reports; a story whose reports are all spun uses its lead.
    clean = [a for a in members if a.id not in story.duplicates
             and not quality[a.id].spun] or [lead]
    summary, quotes = (excerpts or _Excerpts(None)).of(lead, clean)
    return StoryInfo(id=story.id, title=lead.title, lead_article=lead.id,
                     articles=list(story.articles), duplicates=dict(story.duplicates),
                     related=list(story.related), shared=dict(story.shared),
                     terms=tuple(story.terms), entities=entities,
                     first_date=dates[0], last_date=dates[-1],
                     summary=summary, quotes=quotes)


# A story's summary and quotes are a pure function of the reports they are chosen from, in
# order: each report's id, body (its blocks) and analysis (its quotes). A warm run's articles
# share those objects with the run state's (cache.analyse_all copies an article shallowly), so
# a story whose reports are the very objects they were is given last run's choice. Kept per
# lead article: (the inputs as (id, blocks, analysis) triples flat, the clean reports' ids,
# the summary, the quotes). The blocks and analysis are compared by identity (an equal but new
# object recomputes), the ids by value: a warm run's id strings are not the objects the memo
# holds (the state's segments are unpickled apart), and by identity every story missed.
ExcerptsMemo = dict[str, tuple[tuple, tuple[str, ...], list[Excerpt], list[QuoteChoice]]]


class _Excerpts:
    """Summary sentences and quotes of stories, from the memo when their inputs are the same."""

    def __init__(self, memo: ExcerptsMemo | None):
        self.memo = memo
        self.used: ExcerptsMemo = {}

    def of(self, lead: Article, clean: list[Article]) -> tuple[list[Excerpt], list[QuoteChoice]]:
        ordered = [lead, *(a for a in clean if a.id != lead.id)]
        inputs = tuple(x for a in ordered for x in (a.id, a.blocks, a.analysis))
        clean_ids = tuple(a.id for a in clean)
        known = self.memo.get(lead.id) if self.memo is not None else None
        if known is not None and known[1] == clean_ids and len(known[0]) == len(inputs) \
                and all(x is y or (k % 3 == 0 and x == y)
                        for k, (x, y) in enumerate(zip(known[0], inputs, strict=True))):
            summary, quotes = known[2], known[3]
        else:
            summary, quotes = summary_sentences(ordered), story_quotes(clean)
        if self.memo is not None:
            self.used[lead.id] = (inputs, clean_ids, summary, quotes)
        return list(summary), list(quotes)

    def keep_used(self) -> None:
        """This run's stories only, so the memo does not grow."""
        if self.memo is not None:
            self.memo.clear()
            self.memo.update(self.used)
