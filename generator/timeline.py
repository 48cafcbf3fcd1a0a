"""Timeline: every dated event the articles report, on one time axis, each event once.

Events with the same date value are merged when they are about the same thing: they share at
least two entities making up most of the smaller event's entities, or their content words
overlap strongly and they share an entity. Each entry cites every source (article and
paragraph) and takes its wording from the best-quality source, so a spun copy never provides
the text when a clean report exists.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from generator.analyse.content import despin
from generator.analyse.events import TOPIC_ANAPHOR, Event
from generator.data import data_lines
from generator.link import Links, verdict_rank
from generator.link.union_find import UnionFind
from generator.models import Article
from generator.text import words
from generator.timex_value import UNDATED, parse

ENTITY_OVERLAP = 0.6
WORD_OVERLAP = 0.35
_STOP = frozenset("""a an the and or but of to in on at for with by from as is was were be been
has have had that this it its he she they his her their will would could said says also which
who after before over about into than then there not no more most into while""".split())


@dataclass(frozen=True)
class Citation:
    article: str
    paragraph: int


@dataclass
class TimelineEntry:
    date: str  # TIMEX3 value at its granularity, or XXXX-XX-XX when not set
    granularity: str
    text: str
    lead: Citation  # the source the text is taken from
    sources: list[Citation] = field(default_factory=list)
    story: str = ""
    entities: list[str] = field(default_factory=list)
    upcoming: bool = False
    spun_text: bool = False  # the only wording available comes from a spun copy
    # No source names a date for it: it is dated at the day its report was about (the last
    # day the article named, else its publication day; analyse/events.py).
    dated_by_context: bool = False

    @property
    def sort_key(self) -> tuple:
        """Time order (generator.timex_value), undated entries last, then by wording."""
        return (parse(self.date).sort_key, self.text)

    @property
    def articles(self) -> list[str]:
        return list(dict.fromkeys(c.article for c in self.sources))


def build_timeline(articles: list[Article], links: Links) -> list[TimelineEntry]:
    copies = _copies(links)
    items = [(a, e) for a in articles if a.id not in copies for e in a.analysis.events
             if not (_dated_by_context(e) and links.articles[a.id].quality.spun)]
    buckets: dict[str, list[tuple[Article, Event]]] = defaultdict(list)
    for article, event in items:
        buckets[_same_date_key(event.value)].append((article, event))
    entries = [entry for value in sorted(buckets)
               for entry in _merge_bucket(buckets[value], links)]
    return sorted(entries, key=lambda e: e.sort_key)


def _same_date_key(value: str) -> str:
    """Events can be one event only when their dates are compatible: the same value, or the
    same day told at different precision ("on Wednesday", "on Wednesday evening", "at 8pm").
    Coarser values merge only with the same value: "in October" does not say which day."""
    parsed = parse(value)
    if parsed.granularity in ("day", "time"):
        return parsed.value[:10]
    return value


def _precise_value(members: list[tuple[Article, Event]]) -> Event:
    """The member whose date says most: a time of day, then a part of the day, then the day."""
    return max(members, key=lambda ae: (-parse(ae[1].value).precision, len(ae[1].value)))[1]


def _copies(links: Links) -> set[str]:
    return {copy for story in links.stories for copy in story.duplicates}


def _merge_bucket(items: list[tuple[Article, Event]], links: Links) -> list[TimelineEntry]:
    items = sorted(items, key=lambda ae: (ae[0].id, ae[1].paragraph, ae[1].sentence))
    keys = [_entity_ids(a, e, links) for a, e in items]
    bags = [_content_words(e.sentence) for _, e in items]
    groups = UnionFind(range(len(items)))
    # Events sharing no entity never merge (_same_event), so only pairs that share one are
    # compared: a date bucket holds every event of that day, and all pairs were quadratic.
    # Groups are connected components, the same whatever the order of the unions.
    postings: dict[str, list[int]] = defaultdict(list)
    for i, key in enumerate(keys):
        for entity in key:
            postings[entity].append(i)
    for i in range(len(items)):
        candidates = {j for entity in keys[i] for j in postings[entity] if j > i}
        for j in sorted(candidates):
            by_content = _dated_by_context(items[i][1]) or \
                _dated_by_context(items[j][1])
            if groups.find(i) != groups.find(j) and \
                    _same_event(keys[i], keys[j], bags[i], bags[j], by_content):
                groups.union(i, j)
    return [_entry([items[i] for i in members], [keys[i] for i in members], links)
            for members in groups.groups().values()]


def _dated_by_context(event: Event) -> bool:
    """The event names no date: analysis dated it at the reference time of its report
    (analyse/events.py). Such events from spun copies are left out: their wording would come
    from the spun copy alone, and a report's day says nothing about which event it is."""
    return not event.timex and event.value != UNDATED


def _same_event(a: set[str], b: set[str], words_a: set[str], words_b: set[str],
                by_content: bool = False) -> bool:
    """Shared actors, or shared actors and words. ``by_content``: one side is dated only by
    its report, and a shared publication day says nothing about being one event, so only
    the words can tell."""
    shared = len(a & b)
    # Overlap coefficient: a terse report naming two actors matches a fuller one naming five.
    if not by_content and shared >= 2 and \
            shared / max(min(len(a), len(b)), 1) >= ENTITY_OVERLAP:
        return True
    overlap = len(words_a & words_b) / max(len(words_a | words_b), 1)
    return overlap >= WORD_OVERLAP and shared >= 1


_TOPIC_TYPES = ("organisation", "product")


def _entity_ids(article: Article, event: Event, links: Links) -> set[str]:
    names = links.articles[article.id].names
    ids = {names.get(name) for name in event.entities}
    if TOPIC_ANAPHOR.search(event.sentence):
        ids |= {names.get(m.name) for m in article.analysis.mentions
                if m.paragraph == 0 and m.type in _TOPIC_TYPES}
    return {i for i in ids if i}


def _content_words(sentence: str) -> set[str]:
    return {w.lower() for w in words(sentence) if w.lower() not in _STOP and len(w) > 2
            and not re.match(r"^\d+$", w)}


def _entry(members: list[tuple[Article, Event]], keys: list[set[str]],
           links: Links) -> TimelineEntry:
    quality = {a.id: links.articles[a.id].quality for a, _ in members}
    lead_article, lead_event = min(
        members, key=lambda ae: (*verdict_rank(quality[ae[0].id]),
                                 len(ae[1].statement or ae[1].sentence), ae[0].id,
                                 ae[1].paragraph))
    citations = sorted({Citation(a.id, e.paragraph) for a, e in members},
                       key=lambda c: (c.article != lead_article.id, c.article, c.paragraph))
    stories = [links.articles[a.id].story for a, _ in members]
    entity_count: dict[str, int] = defaultdict(int)
    for key in keys:
        for entity in key:
            entity_count[entity] += 1
    entities = sorted(entity_count, key=lambda e: (-entity_count[e], e))
    spun = quality[lead_article.id].spun
    text = lead_event.statement or lead_event.sentence
    if spun:  # no clean source reports it: show the spun copy's wording repaired
        text = repair_spun_wording(text, quality[lead_article.id].substitutions)
    dated = _precise_value(members)
    return TimelineEntry(
        date=dated.value, granularity=dated.granularity,
        text=text, lead=Citation(lead_article.id, lead_event.paragraph),
        sources=citations, story=max(set(stories), key=lambda s: (stories.count(s), s)),
        entities=entities, upcoming=any(e.upcoming for _, e in members),
        spun_text=spun,
        dated_by_context=all(_dated_by_context(e) for _, e in members),
    )


@lru_cache(maxsize=1)
def _spinner_repairs() -> tuple[tuple[re.Pattern[str], re.Pattern[str], str], ...]:
    """(pattern as written, the pattern in any case at the start, replacement) per row."""
    rows = []
    for line in data_lines("spinner_repairs.tsv"):
        pattern, _, original = line.partition("\t")
        rows.append((re.compile(rf"\b{pattern}\b"),
                     re.compile(rf"^(?:{pattern})\b", re.IGNORECASE), original.strip()))
    return tuple(rows)


def repair_spun_wording(text: str, substitutions: tuple[tuple[str, str], ...]) -> str:
    """A spun copy's statement with the names the spin detector found put back ("White Home"
    -> "White House") and the spinner idioms of generator/data/spinner_repairs.tsv replaced
    by their idiomatic originals ("beforehand" -> "previously", "yr" -> "year")."""
    text = despin(text, substitutions)
    for pattern, at_start, original in _spinner_repairs():
        text = at_start.sub(lambda m, o=original: _capitalise(m.expand(o)), text, count=1)
        text = pattern.sub(lambda m, o=original: m.expand(o), text)
    return text


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]
