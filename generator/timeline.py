"""Timeline: every dated event the articles report, on one time axis, each event once.

Events with the same date value are merged when they are about the same thing: they share at
least two entities making up most of the smaller event's entities (on a day, or in one story; a
year holds many acts of the same actors, so across stories the words must match), or they share
an entity and their content words (without the actors' names and the time expression) overlap
strongly (WORD_OVERLAP of all their words, or JOIN_WORDS of the shorter report's: a terse report
shares most of its words with a fuller one). Events of different articles whose dates are compatible
but not the same -- "in 2010" and "on 7 June 2010", or a report dated only by its context and
another source's date in the month before it -- are joined when they share most of their
actors (the one actor, when a report names one) and their closest reports share most of their
words (_join_across_dates). A past act an article retells in a background clause with no
date ("When Jobs first introduced iPhone 4, ...") joins the report of another article that
dates the same actors' act told with the same verb (_join_past_mentions). An entry lists
its actors, then the organisations its products and divisions belong to ("Boeing 787
Dreamliner" -> Boeing). Each entry cites every source
(article and paragraph) and takes its wording from the best-quality source, so a spun copy
never provides the text when a clean report exists.
"""

from __future__ import annotations

import datetime as dt
import re
from array import array
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence, Set
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, chain, combinations, compress, count, pairwise, repeat
from operator import attrgetter, is_, itemgetter
from sys import intern
from typing import NamedTuple

from generator.analyse.content import despin
from generator.analyse.entities import Mention
from generator.analyse.events import (
    TOPIC_ANAPHOR,
    Event,
    may_retell,
    verb_heads,
    verb_phrases,
)
from generator.cache import _no_collection as no_collection
from generator.data import data_lines
from generator.link import Links, verdict_rank
from generator.link.similarity import stem
from generator.link.union_find import UnionFind
from generator.models import HEADLINE, LEAD, Article
from generator.text import words
from generator.timex_value import GRANULARITIES, UNDATED, TimexValue, parse

ENTITY_OVERLAP = 0.6
WORD_OVERLAP = 0.35
# Joining across dates (_join_across_dates): half the words of the shorter report shared.
JOIN_WORDS = 0.5
# A report's headline or lead dated by its day (the news of that day) joins another source's
# recent date of the same act when they share this many actors and any word of what happened:
# outlets word one act differently ("defeat Boeing for the airtanker contract", "defeated
# Boeing to win a massive order for tankers"), and three named actors in one act within a
# month rarely make two acts.
MANY_ACTORS = 3
# A report that names no date tells what happened recently (news date older events): it
# joins another source's date at most this many days before its own.
RECENT_DAYS = 31
# Letters of a word that name its root (_root): long enough to tell "resign" from
# "result", short enough to reach past "-ed", "-ing", "-ation", "-ment".
ROOT_LETTERS = 6


class Report(NamedTuple):
    """An event as one article reports it."""

    article: Article
    event: Event
    # The event's number, the same in later runs while its article's reading holds
    # (_ArticleReading.first + its position): memos are keyed by it, not by the event.
    token: int


Group = list[Report]
_TOKEN = itemgetter(2)  # Report.token, read in C
Actors = dict[int, frozenset[str]]  # token -> the entity ids of its actors (_entity_ids)
Words = dict[int, frozenset[str]]  # token -> its words (_event_words)
Verbs = dict[int, tuple[str, ...]]  # token -> roots of its statement's verbs (_verb_roots)
_DAY_PRECISION = GRANULARITIES.index("day")
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

    def __reduce__(self) -> tuple:
        """Pickled as one flat tuple (the run state holds tens of thousands of entries: a
        pickler tracks every object it writes, and citations and lists as objects were most
        of the state's). The same object stays one object wherever the state refers to it."""
        return _entry_from_row, (
            self.date, self.granularity, self.text, self.story,
            self.upcoming | self.spun_text << 1 | self.dated_by_context << 2,
            self.lead.article, self.lead.paragraph, len(self.sources),
            *(part for c in self.sources for part in (c.article, c.paragraph)), *self.entities)


# The fields TimelineEntry.__reduce__ writes: a field added to the entry must be added there.
_ENTRY_ROW_FIELDS = ("date", "granularity", "text", "lead", "sources", "story", "entities",
                     "upcoming", "spun_text", "dated_by_context")


def _entry_from_row(date: str, granularity: str, text: str, story: str, flags: int,
                    lead_article: str, lead_paragraph: int, sources: int, *rest
                    ) -> TimelineEntry:
    # Filled as unpickling fills an object (its __dict__), not through __init__: a warm run
    # loads tens of thousands of entries and their citations.
    cited = rest[:2 * sources]
    entry = object.__new__(TimelineEntry)
    entry.__dict__.update(
        date=date, granularity=granularity, text=text,
        lead=_citation(lead_article, lead_paragraph),
        sources=[_citation(cited[i], cited[i + 1]) for i in range(0, len(cited), 2)],
        story=story, entities=list(rest[2 * sources:]), upcoming=bool(flags & 1),
        spun_text=bool(flags & 2), dated_by_context=bool(flags & 4))
    return entry


def _citation(article: str, paragraph: int) -> Citation:
    citation = object.__new__(Citation)
    citation.__dict__.update(article=article, paragraph=paragraph)
    return citation


def build_timeline(articles: list[Article], links: Links, memo: dict | None = None
                   ) -> list[TimelineEntry]:
    """``memo``: what the previous run of the stage kept (TimelineMemo, held by
    cache.RunState), updated in place to this run's; None keeps nothing."""
    # The stage makes hundreds of thousands of small sets and tuples, none of them in a
    # reference cycle; each of the cyclic collector's full passes walks every object of the
    # archive, and there are more passes the larger the archive: about a third of the
    # stage's time at 2,225 BBC articles, growing faster than the archive.
    with no_collection():
        return _build_timeline(articles, links, TimelineMemo.of(memo))


@dataclass
class _ArticleReading:
    """What the stage reads of one article and its links, and what it finds from them for
    each of the article's events (in the order of analysis.events): the actors
    (_entity_ids: the event, the article's mentions, its names and their entities' types)
    and the words (_event_words: the event alone)."""

    events: list[Event]
    mentions: list[Mention]
    names: dict[str, str]
    kinds: tuple[str, ...]  # the type of each entity names lists, in its order
    actors: tuple[frozenset[str], ...]
    words: Sequence[frozenset[str]]  # a tuple, or a loaded reading's _WordsOf
    days: tuple[str, ...]  # the date bucket of each event (_same_date_key)
    # The roots of each event's past and "-ing" verbs, and of its retold verbs
    # (_verb_roots): what _join_past_mentions indexes, found once per reading.
    told: tuple[tuple[str, ...], ...]
    retold: tuple[tuple[str, ...], ...]
    first: int  # the token of its first event (Report.token)
    # The positions of its events in a date bucket's order (_bucket_order): a stage that
    # walks the articles by id and each one's events in this order fills every bucket in
    # its order, and need not sort the tens of thousands of events again each run.
    order: tuple[int, ...] = ()

    def holds(self, events: list[Event], mentions: list[Mention], names: dict[str, str],
              kinds: tuple[str, ...]) -> bool:
        """Read from these inputs. An unchanged article's lists are the previous run's
        (cache.RunState keeps its analysed articles), so they compare item by item by
        identity first."""
        return _equal(self.events, events) and _equal(self.mentions, mentions) and \
            self.names == names and self.kinds == kinds


def _equal(a: list, b: list) -> bool:
    return a is b or a == b


@dataclass
class TimelineMemo:
    """What a run keeps for the next, keyed by the exact inputs of each result, so a warm
    run after a small change gives the bytes of a cold one: each article's reading (its
    events' actors and words: _ArticleReading, by article id), each date bucket's groups
    (_merge_bucket: keyed by its events' tokens and stories, in its order), each group's
    join across dates (_join_across_dates) and each entry (_entry: keyed by its members'
    tokens and what it reads of their articles' links). Only this run's entries are kept,
    so the memo does not grow with the runs."""

    readings: dict[str, _ArticleReading] = field(default_factory=dict)
    tokens: int = 0  # event tokens given so far (Report.token)
    buckets: dict[tuple, tuple[tuple[int, ...], ...]] = field(default_factory=dict)
    # Joining across dates (_join_across_dates): each group's facts (a function of its
    # members and their actors: _group_identity), under a serial number no other group of
    # any run gets, so a warm run knows the groups that came and went (and so which choices
    # hold); and each coarse or context-dated group's choice, by its serial.
    facts: dict[tuple, tuple[int, _GroupFacts]] = field(default_factory=dict)
    choices: dict[int, int] = field(default_factory=dict)  # serial -> the serial joined, -1
    serials: int = 0  # serial numbers given so far
    # Each entry by its inputs (_entry_inputs), and the organisations each entity belongs to
    # (_parent_organisations) when they were made: an entry is made again when one of its
    # entities' changed.
    entries: dict[tuple, TimelineEntry] = field(default_factory=dict)
    parents: dict[str, list[str]] = field(default_factory=dict)

    # How the run state saves the memo (cache._Segments): a run after a small change writes
    # only the rows of these tables that are not the same objects as (or equal to) those it
    # last saved in full, and these counters.
    LOG_TABLES = ("readings", "buckets", "facts", "choices", "entries", "parents")
    LOG_COUNTERS = ("tokens", "serials")

    def named_entries(self) -> dict[int, TimelineEntry]:
        """Each entry by a name a pickled copy of the memo gives the same entry: the first
        event token of its group (a group's tokens are no other group's)."""
        return {tokens[0]: entry for (tokens, _), entry in self.entries.items() if tokens}

    def __getstate__(self) -> dict:
        """Pickled as a few flat tables (_pack_memo), not as its hundreds of thousands of
        small sets, tuples and facts: the pickler's table of the objects it wrote was the
        run state's memory peak, and the memo most of the state's save and load time."""
        return _pack_memo(self)

    def __setstate__(self, state: dict) -> None:
        _unpack_memo(self, state)

    @classmethod
    def of(cls, held: dict | None) -> TimelineMemo | None:
        """The memo kept in ``held`` (a plain dict, so the run state needs no import of this
        module), made there when missing."""
        if held is None:
            return None
        return held.setdefault("timeline", cls())


# What _GroupFacts holds that its group's tokens give (their readings' actors, words and
# article), made again on load instead of pickled; its other fields are pickled as columns
# (_FACT_COLUMNS, in the order _unpack_facts reads them).
_FACTS_FROM_TOKENS = ("entities", "reports", "articles")
_FACT_COLUMNS = ("date", "by_context", "news", "first", "last")


def _pack_memo(memo: TimelineMemo) -> dict:
    """TimelineMemo as flat tables: each table's integers in one array, its strings in one
    tuple, so a pickler writes tens of objects where the memo holds hundreds of thousands
    (_unpack_memo makes the same memo again)."""
    state = {"tokens": memo.tokens, "serials": memo.serials, "choices": memo.choices,
             "parents": memo.parents}
    state.update(_pack_readings(memo.readings))
    state["facts"] = _pack_facts(memo.facts)
    entry_tokens, entry_sizes, entry_links = array("q"), array("q"), array("q")
    link_rows: dict[tuple, int] = {}
    for (tokens, read), _ in memo.entries.items():
        entry_tokens.extend(tokens)
        entry_sizes.append(len(tokens))
        entry_links.extend(link_rows.setdefault(row, len(link_rows)) for row in read)
    state["entries"] = (_pack_entries(memo.entries.values()), entry_tokens.tobytes(),
                        entry_sizes.tobytes(), entry_links.tobytes(), list(link_rows))
    bucket_tokens, bucket_sizes, groups, group_sizes, members = (array("q") for _ in range(5))
    stories: list[str] = []
    for (tokens, told), found in memo.buckets.items():
        bucket_tokens.extend(tokens)
        bucket_sizes.append(len(tokens))
        stories.extend(told)
        groups.append(len(found))
        for group in found:
            group_sizes.append(len(group))
            members.extend(group)
    state["buckets"] = (bucket_tokens.tobytes(), bucket_sizes.tobytes(), stories,
                        groups.tobytes(), group_sizes.tobytes(), members.tobytes())
    return state


# The numbers _pack_entries writes per entry: its date, granularity, text and story (strings),
# its flags, its lead (a citation), and how many sources and entities it has.
_ENTRY_COLUMNS = 8


def _pack_entries(entries: Iterable[TimelineEntry]) -> tuple:
    """The entries as columns (_unpack_entries): each distinct string once, in one tuple; each
    distinct citation once, as its article's string and its paragraph; and per entry the
    numbers of its strings and citations. Most of what entries hold repeats (at 2,225 BBC
    articles 43,229 citations, 8,085 distinct), and an unpickler reads a tuple of strings and a
    few arrays in a fraction of the time it takes to call a function per entry (__reduce__:
    most of the memo's unpickling time)."""
    strings: dict[str, int] = {}
    cited: dict[tuple[int, int], int] = {}

    def number(text: str) -> int:
        return strings.setdefault(text, len(strings))

    def cite(citation: Citation) -> int:
        return cited.setdefault((number(citation.article), citation.paragraph), len(cited))

    rows, sources, entities = array("q"), array("q"), array("q")
    for entry in entries:
        rows.extend((number(entry.date), number(entry.granularity), number(entry.text),
                     number(entry.story),
                     entry.upcoming | entry.spun_text << 1 | entry.dated_by_context << 2,
                     cite(entry.lead), len(entry.sources), len(entry.entities)))
        sources.extend(map(cite, entry.sources))
        entities.extend(map(number, entry.entities))
    return (tuple(strings), array("q", chain.from_iterable(cited)).tobytes(), rows.tobytes(),
            sources.tobytes(), entities.tobytes())


def _unpack_entries(packed: tuple) -> list[TimelineEntry]:
    """The entries _pack_entries wrote, column by column; an entry is filled as unpickling
    fills an object (its __dict__, in the order of its fields), and equal citations are one
    (frozen) object."""
    strings, cited, rows, cited_by_entry, named_by_entry = packed
    text = strings.__getitem__
    cited, rows = _ints(cited), _ints(rows)
    citations = list(map(_citation, map(text, cited[::2]), cited[1::2]))
    column = [rows[k::_ENTRY_COLUMNS] for k in range(_ENTRY_COLUMNS)]
    dates, granularities, texts, stories, bits, leads, source_counts, entity_counts = column
    found = []
    new = object.__new__
    for date, granularity, said, lead, sources, story, entities, flags in zip(
            map(text, dates), map(text, granularities), map(text, texts),
            map(citations.__getitem__, leads),
            _cut(list(map(citations.__getitem__, _ints(cited_by_entry))), source_counts),
            map(text, stories), _cut(list(map(text, _ints(named_by_entry))), entity_counts),
            bits, strict=True):
        entry = new(TimelineEntry)
        entry.__dict__ = {  # _ENTRY_ROW_FIELDS, in order
            "date": date, "granularity": granularity, "text": said, "lead": lead,
            "sources": sources, "story": story, "entities": entities,
            "upcoming": bool(flags & 1), "spun_text": bool(flags & 2),
            "dated_by_context": bool(flags & 4)}
        found.append(entry)
    return found


def _pack_facts(facts: dict[tuple, tuple[int, _GroupFacts]]) -> tuple:
    """The facts as columns (_unpack_facts): their tokens, the number of tokens and serial of
    each, and a list per field that their tokens do not give."""
    names = _FACT_COLUMNS
    values = [fact for _, fact in facts.values()]
    columns = {name: list(map(attrgetter(name), values)) for name in names}
    return (array("q", chain.from_iterable(facts)).tobytes(),
            array("q", map(len, facts)).tobytes(),
            array("q", (serial for serial, _ in facts.values())).tobytes(), columns)


def _pack_readings(readings: dict[str, _ArticleReading]) -> dict:
    """Each reading's inputs as columns (its events, mentions and names are the run state's
    own objects, pickled once there) and what it found per event, column by column (its day,
    its actors, its words and its verbs' roots), each value once (_pack_distinct): at 2,225
    BBC articles 22,005 events have 608 days, 9,865 sets of actors and 6,531 of told verbs."""
    values = readings.values()
    columns = tuple(_pack_distinct(chain.from_iterable(map(attrgetter(name), values)))
                    for name in ("actors", "words", "told", "retold"))
    days = _pack_distinct((day,) for r in values for day in r.days)
    return {"readings": (list(readings), [r.events for r in values],
                         [r.mentions for r in values], [r.names for r in values],
                         [r.kinds for r in values],
                         array("q", (r.first for r in values)).tobytes(), (days, *columns),
                         array("q", (len(r.days) for r in values)).tobytes(),
                         array("q", chain.from_iterable(r.order for r in values)).tobytes())}


def _pack_distinct(values: Iterable[Iterable[str]]) -> tuple:
    """Values made of strings (sets, tuples) as each distinct value's strings in one tuple,
    their sizes, and each value's number among them (_unpack_distinct)."""
    numbers: dict = {}
    found = array("q", (numbers.setdefault(value, len(numbers)) for value in values))
    return (tuple(chain.from_iterable(numbers)), array("q", map(len, numbers)).tobytes(),
            found.tobytes())


def _unpack_distinct(packed: tuple, make: Callable) -> list:
    """The values _pack_distinct wrote, each distinct one made once (``make``, from a tuple of
    its strings): equal values are one object."""
    strings, sizes, numbers = packed
    table = list(map(make, _split(strings, sizes)))
    return list(map(table.__getitem__, _ints(numbers)))


def _ints(data: bytes) -> array:
    found = array("q")
    found.frombytes(data)
    return found


def _split(flat, sizes: bytes) -> list:
    """``flat`` cut into consecutive parts of the (packed) sizes."""
    return _cut(flat, _ints(sizes))


def _cut(flat, sizes: Iterable[int]) -> list:
    """``flat`` cut into consecutive parts of these sizes."""
    ends = list(accumulate(sizes, initial=0))
    return [flat[start:end] for start, end in pairwise(ends)]


def _unpack_memo(memo: TimelineMemo, state: dict) -> None:
    memo.tokens, memo.serials = state["tokens"], state["serials"]
    memo.choices, memo.parents = state["choices"], state["parents"]
    memo.readings, article_of, actors_of, words_of = _unpack_readings(state["readings"])
    memo.facts = _unpack_facts(state["facts"], article_of, actors_of, words_of)
    entries, entry_tokens, entry_sizes, entry_links, link_rows = state["entries"]
    rows = [link_rows[i] for i in _ints(entry_links)]
    memo.entries = _pairs_to(_split(_ints(entry_tokens), entry_sizes),
                             _split(rows, entry_sizes), _unpack_entries(entries))
    bucket_tokens, bucket_sizes, stories, groups, group_sizes, members = state["buckets"]
    found = _split(list(map(tuple, _split(_ints(members), group_sizes))), groups)
    memo.buckets = _pairs_to(_split(_ints(bucket_tokens), bucket_sizes),
                             _split(stories, bucket_sizes), map(tuple, found))


def _unpack_facts(packed: tuple, article_of: dict[int, str], actors_of: dict[int, frozenset[str]],
                  words_of: Words) -> dict[tuple, tuple[int, _GroupFacts]]:
    """The facts _pack_memo wrote as columns. Of what their tokens give, the actors are made
    again here, column by column (every fact's are asked for: _DateIndex); each member's
    words and the articles, which only a join's candidates are asked for, when first asked
    for (_GroupFacts.__getattr__: a warm run asks for few). A one-member group's actors are
    its reading's own set (98% of groups at 2,225 BBC articles). A fact naming a token no
    reading has was not made by the run that kept it: left out, made again when needed."""
    fact_tokens, fact_sizes, fact_serials, columns = packed
    identities = list(map(tuple, _split(_ints(fact_tokens), fact_sizes)))
    missing = set(_ints(fact_tokens)).difference(article_of)  # mostly none
    whole = [missing.isdisjoint(i) for i in identities] if missing else \
        [True] * len(identities)
    entities = [(actors_of[i[0]] if len(i) == 1 else
                 frozenset().union(*map(actors_of.__getitem__, i))) if ok else None
                for i, ok in zip(identities, whole, strict=True)]
    source = _TokenSource(article_of, words_of)
    facts: dict[tuple, tuple[int, _GroupFacts]] = {}
    new, kind = object.__new__, _GroupFacts
    for identity, serial, ok, date, by_context, news, first, last, actors in zip(
            identities, _ints(fact_serials), whole, *map(columns.__getitem__, _FACT_COLUMNS),
            entities, strict=True):
        if ok:
            fact = new(kind)  # filled as unpickling fills an object
            fact.__dict__ = {"date": date, "by_context": by_context, "entities": actors,
                             "news": news, "first": first, "last": last,
                             "_source": (identity, source)}
            facts[identity] = (serial, fact)
    return facts


@dataclass(frozen=True)
class _TokenSource:
    """What a loaded memo's facts make their members' words and articles from, when first
    asked for (_GroupFacts.__getattr__): each event token's article and words, as the run
    that kept the memo read them."""

    article_of: dict[int, str]
    words_of: Words


def _pairs_to(firsts: list, seconds: list, values) -> dict[tuple, object]:
    """(tuple(first), tuple(second)) -> value, for the parts of the three in order."""
    return dict(zip(zip(map(tuple, firsts), map(tuple, seconds), strict=True), values,
                    strict=True))


def _unpack_readings(packed: tuple) -> tuple[dict[str, _ArticleReading], dict[int, str],
                                             dict[int, frozenset[str]], _EventWords]:
    """The readings _pack_readings wrote, and each event token's article, actors and words
    (made when first asked for: _PackedSets)."""
    articles, events, mentions, names, kinds, firsts, columns, counts, orders = packed
    days = _unpack_distinct(columns[0], itemgetter(0))
    actors = _unpack_distinct(columns[1], frozenset)
    said = _PackedSets(columns[2])
    told_verbs = _unpack_distinct(columns[3], tuple)
    retold_verbs = _unpack_distinct(columns[4], tuple)
    order = _ints(orders)
    readings = {}
    article_of: dict[int, str] = {}
    words_of = _EventWords()
    at = 0
    for article, told, named, names_of, kinds_of, first, size in zip(
            articles, events, mentions, names, kinds, _ints(firsts), _ints(counts),
            strict=True):
        end = at + size
        readings[article] = _ArticleReading(told, named, names_of, kinds_of,
                                            tuple(actors[at:end]), said.part(at, end),
                                            tuple(days[at:end]), tuple(told_verbs[at:end]),
                                            tuple(retold_verbs[at:end]), first,
                                            tuple(order[at:end]))
        article_of.update(dict.fromkeys(range(first, first + size), article))
        words_of.add(range(first, first + size), readings[article])
        at = end
    tokens = [token for r in readings.values()
              for token in range(r.first, r.first + len(r.days))]
    return readings, article_of, dict(zip(tokens, actors, strict=True)), words_of


class _PackedSets:
    """The distinct sets of words _pack_distinct wrote, each made a frozenset when first
    asked for (_WordsOf): a warm run compares the words of the few events of the buckets it
    merges again and of its new groups, and hashing every word of every event was a third of
    the memo's load time."""

    def __init__(self, packed: tuple) -> None:
        strings, sizes, numbers = packed
        self.strings = strings
        self.ends = list(accumulate(_ints(sizes), initial=0))
        self.numbers = _ints(numbers)  # each event's set, in the readings' order
        self.made: dict[int, frozenset[str]] = {}

    def part(self, start: int, end: int) -> _WordsOf:
        """The sets of the events from ``start`` to ``end`` (one reading's)."""
        return _WordsOf(self, self.numbers[start:end])

    def get(self, number: int) -> frozenset[str]:
        found = self.made.get(number)
        if found is None:
            found = self.made[number] = frozenset(
                self.strings[self.ends[number]:self.ends[number + 1]])
        return found


class _WordsOf:
    """A loaded reading's words (_ArticleReading.words): a sequence of its events' sets, each
    made when first asked for. Pickled, and compared, as the tuple of its sets."""

    __slots__ = ("table", "numbers")

    def __init__(self, table: _PackedSets, numbers: array) -> None:
        self.table, self.numbers = table, numbers

    def __len__(self) -> int:
        return len(self.numbers)

    def __getitem__(self, k: int) -> frozenset[str]:
        return self.table.get(self.numbers[k])

    def __iter__(self) -> Iterator[frozenset[str]]:
        return map(self.table.get, self.numbers)

    def __eq__(self, other: object) -> bool:
        return tuple(self) == (tuple(other) if isinstance(other, _WordsOf) else other)

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> tuple:
        return tuple, (tuple(self),)


class _EventWords(dict):
    """Each event's words (token -> _event_words), taken from its reading when first asked
    for (a loaded reading makes its sets only then: _WordsOf)."""

    def __init__(self) -> None:
        super().__init__()
        self.reading_of: dict[int, _ArticleReading] = {}

    def add(self, tokens: range, reading: _ArticleReading) -> None:
        self.reading_of.update(zip(tokens, repeat(reading)))

    def __missing__(self, token: int) -> frozenset[str]:
        reading = self.reading_of[token]
        found = self[token] = reading.words[token - reading.first]
        return found


def _build_timeline(articles: list[Article], links: Links, memo: TimelineMemo | None
                    ) -> list[TimelineEntry]:
    copies = _copies(links)
    fresh = memo.tokens if memo is not None else 0  # this run's new readings' tokens from here
    readings = _read_articles([a for a in articles if a.id not in copies], links, memo)
    # Each date bucket's events in its order (_bucket_order) and their stories: the
    # articles by id, each one's events in its reading's order.
    buckets: dict[str, list[Report]] = defaultdict(list)
    told_in: dict[str, list[str]] = defaultdict(list)
    # Each event's actors and words, found once: merging in a bucket, joining across dates
    # and making the entry all ask for them (by the tokens of the events in buckets; a spun
    # copy's events left out of them are never asked for).
    actors: Actors = {}
    words = _EventWords()
    told: Verbs = {}
    retold: Verbs = {}
    for article in sorted((a for a in articles if a.id in readings), key=attrgetter("id")):
        reading = readings[article.id]
        first, days, events = reading.first, reading.days, article.analysis.events
        tokens = range(first, first + len(days))
        actors.update(zip(tokens, reading.actors, strict=True))
        words.add(tokens, reading)
        told.update(zip(tokens, reading.told, strict=True))
        retold.update(zip(tokens, reading.retold, strict=True))
        linked = links.articles[article.id]
        spun, story = linked.quality.spun, linked.story
        for k in reading.order:
            event = events[k]
            if not (spun and _dated_by_context(event)):
                day = days[k]
                buckets[day].append(Report(article, event, first + k))
                told_in[day].append(story)
    merged: dict[tuple, tuple[tuple[int, ...], ...]] = {}
    known = _KnownBuckets(memo.buckets if memo is not None else {}, fresh)
    groups = [group for value in sorted(buckets)
              for group in _merge_bucket(buckets[value], told_in[value], actors, words,
                                         known, merged)]
    if memo is not None:
        memo.buckets = merged
    groups = _join_across_dates(groups, links, actors, words, memo)
    groups = _join_past_mentions(groups, links, actors, told, retold)
    entries = _entries(groups, links, actors, memo)
    return _in_time_order(entries)


def _in_time_order(entries: list[TimelineEntry]) -> list[TimelineEntry]:
    """The entries by TimelineEntry.sort_key, each date value's order found once (a
    timeline holds many entries per value)."""
    order = {date: parse(date).sort_key for date in {e.date for e in entries}}
    return sorted(entries, key=lambda e: (order[e.date], e.text))


def _read_articles(articles: list[Article], links: Links, memo: TimelineMemo | None
                   ) -> dict[str, _ArticleReading]:
    """Each article's reading (_ArticleReading), the previous run's when read from the same
    inputs; ``memo`` keeps this run's."""
    kind_of = {e.id: e.type for e in links.entities}
    known = memo.readings if memo is not None else {}
    tokens = memo.tokens if memo is not None else 0
    readings: dict[str, _ArticleReading] = {}
    for article in articles:
        names = links.articles[article.id].names
        analysis = article.analysis
        kinds = tuple(kind_of.get(i, "") for i in names.values())
        found = known.get(article.id)
        if found is None or not found.holds(analysis.events, analysis.mentions, names, kinds):
            heads = _head_names(article, names)
            roots = [_verb_roots(e) for e in analysis.events]
            found = _ArticleReading(
                analysis.events, analysis.mentions, names, kinds,
                tuple(frozenset(_entity_ids(article, e, links, heads))
                      for e in analysis.events),
                tuple(_event_words(e) for e in analysis.events),
                tuple(_same_date_key(e.value) for e in analysis.events),
                tuple(told for told, _ in roots), tuple(retold for _, retold in roots), tokens,
                _bucket_order(analysis.events))
            tokens += len(analysis.events)
        else:  # the same names: keep this run's, so the state holds one copy
            found.names = names
        readings[article.id] = found
    if memo is not None:
        memo.readings, memo.tokens = readings, tokens
    return readings


def _bucket_order(events: list[Event]) -> tuple[int, ...]:
    """The positions of an article's events in the order of a date bucket: by paragraph,
    then sentence, then their order in the analysis (a bucket's events are by article id,
    then this)."""
    return tuple(sorted(range(len(events)),
                        key=lambda k: (events[k].paragraph, events[k].sentence)))


def _entries(groups: list[Group], links: Links, actors: Actors, memo: TimelineMemo | None
             ) -> list[TimelineEntry]:
    """Each group's entry, the previous run's when made from the same inputs and none of
    its entities now belongs to other organisations."""
    parents = _parent_organisations(links)
    known = memo.entries if memo is not None else {}
    moved: set[str] = set()
    if memo is not None and memo.parents != parents:  # mostly equal: one C comparison
        moved = {e for e in memo.parents.keys() | parents.keys()
                 if memo.parents.get(e) != parents.get(e)}
    read_links = {article: _entry_links(links, article) for article in links.articles}
    # Each group's inputs and the kept entry for them, found in bulk (lookups in C); only
    # the groups with none, or with a moved entity, are made again one by one.
    inputs = [((group[0].token,), (read_links[group[0].article.id],)) if len(group) == 1
              else (tuple(map(_TOKEN, group)), tuple(read_links[r.article.id] for r in group))
              for group in groups]
    entries: list[TimelineEntry | None] = list(map(known.get, inputs))
    again = [k for k, entry in enumerate(entries) if entry is None or
             not moved.isdisjoint(entry.entities)] if moved else _missing(entries)
    for k in again:
        group = groups[k]
        entries[k] = _entry(group, [actors[r.token] for r in group], links, parents)
    if memo is not None:
        memo.entries, memo.parents = dict(zip(inputs, entries, strict=True)), parents
    return entries  # type: ignore[return-value]


def _entry_links(links: Links, article: str) -> tuple:
    """What _entry reads of an article's links: its story and its quality verdict."""
    found = links.articles[article]
    quality = found.quality
    return found.story, quality.spun, quality.score, quality.substitutions


def _same_date_key(value: str) -> str:
    """Events can be one event only when their dates are compatible: the same value, or the
    same day told at different precision ("on Wednesday", "on Wednesday evening", "at 8pm").
    Coarser values merge only with the same value: "in October" does not say which day."""
    parsed = parse(value)
    if parsed.granularity in ("day", "time"):
        return parsed.value[:10]
    return value


def _precise_value(members: Group) -> Event:
    """The member whose date says most: a date a source names before one taken from context,
    then a time of day, then a part of the day, then the day; of context dates, a day the
    article named before one taken from its publication day (_retold_past)."""
    return max(members, key=lambda ae: (not _dated_by_context(ae[1]),
                                        -parse(ae[1].value).precision, len(ae[1].value),
                                        not _at_publication(ae)))[1]


def _at_publication(report: Report) -> bool:
    """Dated only by its article's publication day: no date named, none in the discourse."""
    return _dated_by_context(report.event) and \
        report.event.value[:10] == report.article.date[:10]


def _join_past_mentions(groups: list[Group], links: Links, actors: Actors, told_verbs: Verbs,
                        retold_verbs: Verbs) -> list[Group]:
    """A retold past event joins the report that dates it.

    News retells an earlier act in a past-tense clause without its date ("When Apple CEO
    Steve Jobs first introduced iPhone 4, he praised the device's antenna design", two months
    after the launch): analysis dates it at the reporting day, which only says it had
    happened by then. When another article dates an act of the same actors told with the
    same verb (its root: "introduced" / "introducing", "underwent" / "had undergone") before
    that day, the mention is that act. Only a verb told as background is a retelling
    (events.verb_phrases: "first introduced", "had undergone", "while the CEO underwent"; a
    simple past in a report's body narrates its day's news), and verbs of speech and states
    name no act. The report telling the act must name the mention's actors (two of them when
    it names two or more; places are where, not who, and do not count), and the two must
    share a second actor, or a word of the verb's phrase (what was done: "underwent liver
    transplant surgery", "had undergone a liver transplant") with no other person named in
    the report ("Mandela backed Mr Brown's plan" is Mandela's act, not Brown's). Unlike
    _join_across_dates (the RECENT_DAYS before a report's day, most words shared) the date
    may lie any time before, so when the reports whose actors are most like the mention's
    name dates that exclude each other (the actors did it more than once), the mention joins
    none: it does not tell which one it is. A headline or lead is the news of its day, not a
    retelling. ``told_verbs`` and ``retold_verbs``: each event's _verb_roots, kept with its
    article's reading, so a warm run finds the verbs of no unchanged sentence again."""
    places = {e.id for e in links.entities if e.type == "place"}
    people = {e.id for e in links.entities if e.type == "person"}
    named = actors  # places too: cheaper, and no place is wanted (below)
    actors = _WithoutPlaces(actors, places)
    told: dict[tuple[str, str], list[tuple[Report, frozenset[str]]]] = defaultdict(list)
    group_of: dict[int, int] = {}
    retold: list[tuple[int, Report, frozenset[str], dict[str, frozenset[str]]]] = []
    for i, group in enumerate(groups):
        report = group[0]
        if len(group) == 1 and retold_verbs[report.token] and _at_publication(report) \
                and not report.event.upcoming and report.event.paragraph not in (HEADLINE, LEAD) \
                and actors[report.token]:
            # Its retold verbs' roots are those of its retold phrases (_verb_roots): the
            # phrases are found only for a mention some report may tell (below).
            retold.append((i, report, actors[report.token], retold_verbs[report.token]))
    if not retold:
        return groups
    # Only a report naming an actor of a retold verb and holding that verb's root can tell
    # its act (a verb's root is the root of the word: _content_words). A report dated only
    # by its day tells no date (a retold mention is one of those).
    wanted = {(entity, verb) for _, _, entities, roots in retold
              for entity in entities for verb in roots}
    wanted_by_verb: dict[str, set[str]] = defaultdict(set)
    for entity, verb in wanted:
        wanted_by_verb[verb].add(entity)
    verbs = set(wanted_by_verb)
    for i, group in enumerate(groups):
        for r in group:
            # Most reports hold none of the verbs wanted (cheap: roots found with the
            # reading); the others are tested as before, by the roots of their words.
            found = told_verbs[r.token]
            if verbs.isdisjoint(found) or r.event.upcoming or _at_publication(r):
                continue
            names = named[r.token]
            if all(names.isdisjoint(wanted_by_verb[verb]) for verb in verbs.intersection(found)) \
                    or not actors[r.token]:
                continue
            held = verbs.intersection(_content_words(r.event.statement or r.event.sentence))
            if not any((entity, verb) in wanted for verb in held for entity in actors[r.token]):
                continue
            group_of[r.token] = i
            for verb, said, _ in _verb_phrases(r.event, with_ing=True):
                for entity in actors[r.token]:
                    told[(entity, verb)].append((r, said))
    joins = []
    for i, report, entities, roots in retold:
        if not any((entity, verb) in told for verb in roots for entity in entities):
            continue  # no report tells an act of its actors with its verbs
        phrases = {verb: said for verb, said, retold_verb in _verb_phrases(report.event)
                   if retold_verb}
        day = parse(report.event.value)
        matched: dict[int, tuple[Report, TimexValue]] = {}
        for verb, said in phrases.items():
            for entity in entities:
                for r, other in told.get((entity, verb), ()):
                    shared = entities & actors[r.token]
                    # Told at a date before the mention's day; a date around that day ("in
                    # 2010") neither says nor excludes that it is the one.
                    date = parse(r.event.value)
                    if r.article.id != report.article.id and date.on_calendar \
                            and date.end < day.start and len(shared) >= min(2, len(entities)) \
                            and _actors_match(entities, actors[r.token]) \
                            and (len(shared) >= 2
                                 or said & other and actors[r.token] & people <= entities):
                        matched[r.token] = (r, date)
        if not matched:
            continue
        # The reports whose actors are most like the mention's: one naming other actors too
        # ("iOS 4 was first introduced by Apple") tells another act with that verb.
        found = [matched[token] for token in sorted(matched)]
        closeness = [_jaccard(entities, actors[r.token]) for r, _ in found]
        best = [m for m, c in zip(found, closeness, strict=True) if c == max(closeness)]
        if all(a.within(b) or b.within(a) for (_, a), (_, b) in combinations(best, 2)):
            finest = min(best, key=lambda m: m[1].precision)[0]
            joins.append((i, group_of[finest.token]))
    return _joined(groups, joins) if joins else groups


class _WithoutPlaces(dict):
    """Each event's actors without places, found when first asked for."""

    def __init__(self, actors: Actors, places: set[str]) -> None:
        super().__init__()
        self.actors, self.places = actors, places

    def __missing__(self, token: int) -> frozenset[str]:
        found = self[token] = self.actors[token] - self.places
        return found


def _jaccard(a: Set[str], b: Set[str]) -> float:
    return len(a & b) / max(len(a | b), 1)


def _verb_roots(event: Event) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The roots of the verbs of the event's statement (_verb_phrases, with "-ing" forms),
    and of those told as background when it may be a retold mention (_join_past_mentions:
    dated by context, not upcoming, in the body; events.may_retell), else ()."""
    # Interned: the run state pickles each root once, however many events hold it.
    text = event.statement or event.sentence
    told = tuple(dict.fromkeys(intern(_root(verb.lower())) for verb in verb_heads(text)))
    if not (_dated_by_context(event) and not event.upcoming
            and event.paragraph not in (HEADLINE, LEAD) and may_retell(text)):
        return told, ()
    return told, tuple(dict.fromkeys(intern(_root(p.verb.lower()))
                                     for p in verb_phrases(text) if p.retold))


@lru_cache(maxsize=1 << 16)
def _verb_phrases(event: Event, with_ing: bool = False
                  ) -> tuple[tuple[str, frozenset[str], bool], ...]:
    """(verb root, the roots of its phrase's words without the actors' names, retold) of
    each verb of the event's statement (events.verb_phrases)."""
    names = {w for name in event.entities for w in _content_words(name)}
    return tuple((_root(p.verb.lower()), _content_words(p.words) - names, p.retold)
                 for p in verb_phrases(event.statement or event.sentence, with_ing))


@dataclass
class _GroupFacts:
    """What joining groups across dates compares: the group's date, whether only context
    dates it, its actors and its words."""

    date: TimexValue
    by_context: bool
    entities: Set[str]
    reports: list[frozenset[str]]  # each member's words (_event_words)
    articles: set[str]
    # Dated by its report's day and told in a headline or lead: the news of that day.
    news: bool = False
    # The first and last day of the date as day numbers (date.toordinal), None off the
    # calendar: _says_more compares them for every candidate.
    first: int | None = None
    last: int | None = None

    def __getattr__(self, name: str) -> object:
        """A loaded fact's members' words or articles (_unpack_facts), made when first asked
        for, from its tokens (its ``_source``), and kept."""
        lazy = self.__dict__.get("_source")
        if lazy is None or name not in ("reports", "articles"):
            raise AttributeError(name)
        tokens, source = lazy
        self.reports = list(map(source.words_of.__getitem__, tokens))
        self.articles = set(map(source.article_of.__getitem__, tokens))
        del self.__dict__["_source"]
        return self.__dict__[name]

    def __getstate__(self) -> dict:
        """Pickled whole (a run state's log pickles a changed fact as an object), never with
        the load's tables."""
        if "_source" in self.__dict__:
            self.__getattr__("reports")
        return self.__dict__


def _join_across_dates(groups: list[Group], links: Links, actors: Actors, words: Words,
                       memo: TimelineMemo | None = None) -> list[Group]:
    """One event told with compatible dates of different precision in different articles:
    "in 2010" and "on 7 June 2010", or a report dated only by its context (it had happened
    by that day) and another source's earlier date. A group whose date says less (coarser,
    or taken from context) joins the one matching group whose date says more and lies within
    it (or, for a context date, on or before it) when they share most of their actors
    (JOIN_ENTITIES) and their words (JOIN_WORDS): a compatible date alone says little, so
    the test is stricter than within one day. Each group joins at most one, so a coarse
    date never chains two different days together through itself. ``memo``: the previous
    run's facts and choices (TimelineMemo), replaced by this run's."""
    serials, facts, came_or_went = _serials_and_facts(groups, actors, words, memo)
    index = _DateIndex(facts)
    calendar = sorted(index.months)
    # A choice is a function of the group's facts and its candidates' in order (the first
    # of equal matches wins). The candidates are groups sharing one of its actors in the
    # months it searches, so the previous run's choice holds while the group is the same
    # and no such (actor, month) list of groups changed. A list changes only where a group
    # came or went: the groups that stay keep their order (by date bucket, then by their
    # first event's place in the bucket's order, which a reading kept does not change).
    changed: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for fact in came_or_went:
        for month in _index_months(fact):
            for entity in fact.entities:
                changed[entity].append(month)
    for months in changed.values():
        months.sort()
    # Most groups name none of the actors whose lists changed (a warm run's few articles):
    # the set test spares them finding their months (_searches_changed).
    moved = changed.keys()
    known = memo.choices if memo is not None else {}
    position_of = {serial: i for i, serial in enumerate(serials)}
    joins: list[tuple[int, int]] = []
    chosen: dict[int, int] = {}
    for i, fact in enumerate(facts):
        if not (fact.by_context or fact.date.precision > _DAY_PRECISION):
            continue
        choice = known.get(serials[i])
        if choice is None or (not moved.isdisjoint(fact.entities)
                              and _searches_changed(fact, changed)):
            months = _months_to_search(fact, calendar)
            index.cover(months)
            candidates = sorted(_candidates(fact, months, index.by_pair, index.by_actor,
                                            index.by_lone_actor) - {i})
            position = _best_match(fact, [facts[j] for j in candidates])
            choice = serials[candidates[position]] if position >= 0 else -1
        chosen[serials[i]] = choice
        if choice >= 0:
            joins.append((i, position_of[choice]))
    if memo is not None:
        memo.choices = chosen
    return _joined(groups, joins)


def _joined(groups: list[Group], joins: list[tuple[int, int]]) -> list[Group]:
    """The groups with each set of joined groups made one, at the place of its first
    group, its members in the groups' order."""
    joined = UnionFind(sorted({i for pair in joins for i in pair}))
    for i, j in joins:
        joined.union(i, j)
    first = {members[0]: members for members in joined.groups().values()}
    return [[member for j in first[i] for member in groups[j]] if i in first else group
            for i, group in enumerate(groups) if i in first or i not in joined.parent]


class _DateIndex:
    """Where a date a group can join lies (_says_more): a date a source names, in the months
    of the group's period or the RECENT_DAYS before its context date. The groups are
    indexed by the months of their first and last day, with each of their actors, each
    pair of their actors (two shared actors: _same_event_across) and, for a group naming
    one actor, with that actor; so a group looks only at the few groups of its months that
    share its actors, not at every group of a popular pair of actors over the whole
    archive. The actors and pairs are indexed for the months a search covers (cover): a
    warm run searches few."""

    def __init__(self, facts: list[_GroupFacts]) -> None:
        self.facts = facts
        self.months: dict[tuple[int, int], list[int]] = defaultdict(list)
        self.by_actor: dict[tuple[str, tuple[int, int]], list[int]] = defaultdict(list)
        self.by_pair: dict[tuple[str, str, tuple[int, int]], list[int]] = defaultdict(list)
        self.by_lone_actor: dict[tuple[str, tuple[int, int]], list[int]] = defaultdict(list)
        self.covered: set[tuple[int, int]] = set()
        for i, fact in enumerate(facts):
            for month in _index_months(fact):
                self.months[month].append(i)

    def cover(self, months: list[tuple[int, int]]) -> None:
        for month in months:
            if month in self.covered:
                continue
            self.covered.add(month)
            for i in self.months.get(month, ()):
                actors_of = sorted(self.facts[i].entities)
                for entity in actors_of:
                    self.by_actor[(entity, month)].append(i)
                for pair in combinations(actors_of, 2):
                    self.by_pair[(*pair, month)].append(i)
                if len(actors_of) == 1:
                    self.by_lone_actor[(actors_of[0], month)].append(i)


def _index_months(fact: _GroupFacts) -> tuple[tuple[int, int], ...]:
    """The months _DateIndex indexes a group's facts under: those of its first and last
    day; none for a date taken from context or off the calendar, or a group with no actor."""
    if fact.by_context or not fact.date.on_calendar or not fact.entities:
        return ()
    first, last = fact.date.start[:2], fact.date.end[:2]
    return (first,) if first == last else (first, last)


def _searches_changed(fact: _GroupFacts, changed: dict[str, list[tuple[int, int]]]) -> bool:
    """Whether a list of groups sharing one of ``fact``'s actors changed in a month it
    searches (_months_to_search): ``changed`` lists each actor's changed months, sorted."""
    span = _search_span(fact)
    if span is None:
        return False
    first, last = span
    for entity in fact.entities:
        months = changed.get(entity)
        if months:
            at = bisect_left(months, first)
            if at < len(months) and months[at] <= last:
                return True
    return False


def _best_match(fact: _GroupFacts, candidates: list[_GroupFacts]) -> int:
    """The position in ``candidates`` of the group ``fact`` joins: the closest reports, then
    the most precise date, then the first; -1 when none is the same event."""
    matches = [(closest, -other.date.precision, -k) for k, other in enumerate(candidates)
               if _says_more(other, fact)
               and (closest := _same_event_across(fact, other)) is not None]
    return -max(matches)[2] if matches else -1


def _serials_and_facts(groups: list[Group], actors: Actors, words: Words,
                       memo: TimelineMemo | None
                       ) -> tuple[list[int], list[_GroupFacts], list[_GroupFacts]]:
    """Each group's serial number and facts, the previous run's for a group of the same
    members and actors, and the facts of the groups that came or went since the previous
    run (every group's when there is none); ``memo`` keeps this run's groups only."""
    known = memo.facts if memo is not None else {}
    came: list[_GroupFacts] = []
    next_serial = memo.serials if memo is not None else 0
    # Found in bulk (lookups in C); new groups numbered in the groups' order.
    identities = [(group[0].token,) if len(group) == 1 else tuple(map(_TOKEN, group))
                  for group in groups]
    found: list[tuple[int, _GroupFacts] | None] = list(map(known.get, identities))
    for k in _missing(found):
        fact = _group_facts(groups[k], actors, words)
        found[k] = (next_serial, fact)
        next_serial += 1
        came.append(fact)
    kept = dict(zip(identities, found, strict=True))
    serials = list(map(itemgetter(0), found))
    facts = list(map(itemgetter(1), found))
    went = [known[identity][1] for identity in known.keys() - kept.keys()]
    if memo is not None:
        memo.facts, memo.serials = kept, next_serial
    return serials, facts, came + went


def _missing(found: list) -> list[int]:
    """The positions of None in ``found`` (found in C: most are found)."""
    return list(compress(count(), map(is_, found, repeat(None))))


def _candidates(fact: _GroupFacts, months: list[tuple[int, int]], by_pair, by_actor,
                by_lone_actor) -> set[int]:
    """The groups of ``months`` sharing two of ``fact``'s actors, or its one actor, or naming
    only one of its actors (one shared actor is enough when a side names only that one)."""
    actors_of = sorted(fact.entities)
    found: set[int] = set()
    for month in months:
        if len(actors_of) == 1:
            found.update(by_actor.get((actors_of[0], month), ()))
            continue
        for pair in combinations(actors_of, 2):
            found.update(by_pair.get((*pair, month), ()))
        for entity in actors_of:
            found.update(by_lone_actor.get((entity, month), ()))
    return found


def _months_to_search(fact: _GroupFacts, calendar: list[tuple[int, int]]
                      ) -> list[tuple[int, int]]:
    """The months of ``calendar`` (the sorted months some group is dated in) a date that
    ``fact`` can join lies in (_search_span). Taken from the calendar, so a century costs its
    dated months."""
    span = _search_span(fact)
    if span is None:
        return []
    return calendar[bisect_left(calendar, span[0]):bisect_right(calendar, span[1])]


def _search_span(fact: _GroupFacts) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """The first and last month a date that ``fact`` can join lies in (_says_more): inside
    its period, or for a context date the RECENT_DAYS before it; None for none."""
    if fact.date.start is None or fact.date.end is None:
        return None
    first, last = fact.date.start, fact.date.end
    if fact.by_context:
        if first[0] < 1:
            return None
        back = dt.date(*first) - dt.timedelta(days=RECENT_DAYS)
        first = (back.year, back.month, back.day)
    return first[:2], last[:2]


def _group_facts(group: Group, actors: Actors, words: Words) -> _GroupFacts:
    dated = _precise_value(group)
    date = parse(dated.value)
    return _GroupFacts(
        date=date, by_context=_dated_by_context(dated),
        entities={x for r in group for x in actors[r.token]},
        reports=[words[r.token] for r in group],
        articles={r.article.id for r in group},
        news=_dated_by_context(dated) and any(r.event.paragraph in (HEADLINE, LEAD)
                                              for r in group),
        first=_day_number(date.start), last=_day_number(date.end))


def _day_number(day: tuple[int, int, int] | None) -> int | None:
    return dt.date(*day).toordinal() if day and day[0] >= 1 else None


def _says_more(other: _GroupFacts, this: _GroupFacts) -> bool:
    """``other``'s date is a date a source names, compatible with ``this`` and more precise."""
    if other.by_context or not other.date.on_calendar or other.articles & this.articles:
        return False
    if this.by_context:  # it had happened by that day: a recent date of another source
        if other.last is None or this.first is None:
            return False
        return 0 <= this.first - other.last <= RECENT_DAYS
    return other.date.precision < this.date.precision and other.date.within(this.date)


def _same_event_across(a: _GroupFacts, b: _GroupFacts) -> float | None:
    """The word overlap of the closest reports (_closest_reports) when ``a`` and ``b`` are
    one event, else None. One event: most actors shared (both, when a side names only one:
    "On August 24, Jobs resigned" names Jobs alone) and most words of the closest reports;
    or, for the news of ``a``'s day (_GroupFacts.news), MANY_ACTORS actors and a word of
    what happened."""
    if not _actors_match(a.entities, b.entities):
        return None
    shared = len(a.entities & b.entities)
    words = _closest_reports(a, b)
    if words >= JOIN_WORDS or (a.news and shared >= MANY_ACTORS and words > 0):
        return words
    return None


def _actors_match(a: Set[str], b: Set[str]) -> bool:
    """Most actors shared: both, when a side names only one or two, else ENTITY_OVERLAP of
    the side naming fewer."""
    shared = len(a & b)
    fewest = min(len(a), len(b))
    return shared >= min(2, fewest) and shared / max(fewest, 1) >= ENTITY_OVERLAP


def _closest_reports(a: _GroupFacts, b: _GroupFacts) -> float:
    """The word overlap of the two groups' closest reports, one from each: a group's words
    pooled over several reports hold words of other clauses, so a terse report that repeats
    one of them ("Apple launched the iTunes Music Store in 2003") shares few of the pool's."""
    return max(_word_overlap(x, y) for x in a.reports for y in b.reports)


def _word_overlap(a: Set[str], b: Set[str]) -> float:
    """Overlap coefficient: a terse report shares most of its words with a fuller one."""
    return len(a & b) / max(min(len(a), len(b)), 1)


def _copies(links: Links) -> set[str]:
    return {copy for story in links.stories for copy in story.duplicates}


class _KnownBuckets:
    """The previous run's groups of each date bucket (TimelineMemo.buckets), found by the
    bucket's exact inputs or, when they changed, by an event token the bucket held then (an
    event's token names its reading, and a reading's event stays in its day's bucket)."""

    def __init__(self, buckets: dict[tuple, tuple[tuple[int, ...], ...]], fresh: int) -> None:
        self.buckets = buckets
        self.fresh = fresh  # tokens from here on are this run's new readings'
        self._by_token: dict[int, tuple] | None = None

    def holding(self, tokens: tuple[int, ...]) -> tuple | None:
        """The inputs of the previous run's bucket holding one of ``tokens``, if any."""
        old = [token for token in tokens if token < self.fresh]
        if not old:
            return None
        if self._by_token is None:  # made once, when a warm run's first bucket changed
            self._by_token = {token: inputs for inputs in self.buckets for token in inputs[0]}
        return next((self._by_token[t] for t in old if t in self._by_token), None)


def _merge_bucket(items: list[Report], stories: list[str], actors: Actors,
                  words: Words, known: _KnownBuckets,
                  merged: dict[tuple, tuple[tuple[int, ...], ...]]) -> list[Group]:
    """The bucket's events (in its order: by article id, then _bucket_order; ``stories``:
    each one's article's story) in groups of one event each; taken from ``known`` (the
    previous run's) when every input is the same, else merged again from the previous run's
    groups that lost no event (_changed_in_bucket), and put in ``merged`` (this run's)."""
    inputs = (tuple(map(_TOKEN, items)), tuple(stories))
    found = known.buckets.get(inputs)
    if found is None:
        kept, redo = _changed_in_bucket(inputs, known)
        found = _merged_indices(items, [actors[r.token] for r in items],
                                [words[r.token] for r in items], stories, kept, redo)
    merged[inputs] = found
    return [[items[i] for i in members] for members in found]


def _changed_in_bucket(inputs: tuple, known: _KnownBuckets
                       ) -> tuple[list[list[int]], list[int] | None]:
    """The previous run's groups of the bucket that hold only events still in it with the
    same story (as positions in this run's order), and the positions of the other events:
    the ones to merge again (_merged_indices). (None for those: all of them) when the bucket
    is new, or it gained an event of an article read before (the article's first lead, which
    its headline joins, may have changed)."""
    tokens, stories = inputs
    before = known.holding(tokens)
    if before is None:
        return [], None
    position = {token: i for i, token in enumerate(tokens)}
    story_of = dict(zip(*before, strict=True))
    if any(token < known.fresh and token not in story_of for token in tokens):
        return [], None
    same = {token for token, story in zip(tokens, stories, strict=True)
            if story_of.get(token) == story}
    kept: list[list[int]] = []
    for members in known.buckets[before]:
        group = [before[0][k] for k in members]
        if all(token in same for token in group):
            kept.append([position[token] for token in group])
    held = {i for group in kept for i in group}
    return kept, [i for i in range(len(tokens)) if i not in held]


def _merged_indices(items: list[Report], keys: list[frozenset[str]],
                    bags: list[frozenset[str]], stories: list[str],
                    kept: list[list[int]] = (), redo: list[int] | None = None
                    ) -> tuple[tuple[int, ...], ...]:
    """The bucket's groups as positions of ``items``: the connected components of its events
    joined by _same_event and by a headline and its lead. ``kept``: groups known to be
    components still (no event of theirs left or changed: every pair not involving another
    event is compared as before, and no two of them were joined); ``redo``: the events whose
    pairs are compared (None: all)."""
    groups = UnionFind(range(len(items)))
    for group in kept:
        for i in group[1:]:
            groups.union(group[0], i)
    # Events sharing no entity never merge (_same_event), so only pairs that share one are
    # compared: a date bucket holds every event of that day, and all pairs were quadratic.
    # Groups are connected components, the same whatever the order of the unions.
    postings: dict[str, list[int]] = defaultdict(list)
    for i, key in enumerate(keys):
        for entity in key:
            postings[entity].append(i)
    for i, j in _headline_and_lead(items):
        groups.union(i, j)
    for i, j in _compared_pairs(keys, postings, redo):
        by_content = _dated_by_context(items[i][1]) or \
            _dated_by_context(items[j][1]) or \
            (_coarse(items[i][1].value) and stories[i] != stories[j])
        if groups.find(i) != groups.find(j) and \
                _same_event(keys[i], keys[j], bags[i], bags[j], by_content):
            groups.union(i, j)
    return tuple(tuple(members) for members in groups.groups().values())


def _compared_pairs(keys: list[frozenset[str]], postings: dict[str, list[int]],
                    redo: list[int] | None) -> Iterator[tuple[int, int]]:
    """The pairs of positions sharing an entity, the smaller first (as a cold run compares
    them): every pair, or those of an event in ``redo`` (a pair of two of them twice)."""
    if redo is None:
        for i, key in enumerate(keys):
            yield from zip(repeat(i), sorted({j for entity in key for j in postings[entity]
                                              if j > i}))
        return
    for i in redo:
        for j in sorted({j for entity in keys[i] for j in postings[entity] if j != i}):
            yield (i, j) if i < j else (j, i)


def _coarse(value: str) -> bool:
    """A calendar date coarser than a day: a year or a month holds many events of the same
    actors ("in 2010" Apple introduced the iPhone 4 and Android outsold the iPhone), so
    sharing it and the actors says little across stories; the words must say it is one
    event. Within one story (outlets reporting one news event) the actors and the date are
    enough: a rewording ("the truce" for "the ceasefire") tells the same background."""
    parsed = parse(value)
    return parsed.on_calendar and parsed.precision > _DAY_PRECISION


def _headline_and_lead(items: list[Report]) -> list[tuple[int, int]]:
    """(headline event, lead event) index pairs of one article on one day: the headline
    reports the event the lead tells in full (inverted pyramid), so they are one entry."""
    first_lead: dict[str, int] = {}
    for i, (article, event, _) in enumerate(items):
        if event.paragraph == LEAD:
            first_lead.setdefault(article.id, i)
    return [(i, first_lead[a.id]) for i, (a, e, _) in enumerate(items)
            if e.paragraph == HEADLINE and a.id in first_lead]


def _dated_by_context(event: Event) -> bool:
    """The event names no date: analysis dated it at the reference time of its report
    (analyse/events.py). Such events from spun copies are left out: their wording would come
    from the spun copy alone, and a report's day says nothing about which event it is."""
    return not event.timex and event.value != UNDATED


def _same_event(a: Set[str], b: Set[str], words_a: Set[str], words_b: Set[str],
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
    return (overlap >= WORD_OVERLAP or _word_overlap(words_a, words_b) >= JOIN_WORDS) \
        and shared >= 1


_TOPIC_TYPES = ("organisation", "product")


def _entity_ids(article: Article, event: Event, links: Links, heads: dict[str, str]
                ) -> set[str]:
    names = links.articles[article.id].names
    ids = {names.get(name) for name in event.entities}
    topic = _topic(article)
    if TOPIC_ANAPHOR.search(event.sentence):
        ids |= {names.get(name) for name in topic}
    # A shorter name of the product the article is about ("the new iPhone" in an article
    # whose headline names the iPhone 4) is that product.
    ids |= {names.get(full) for name in event.entities for full in topic
            if full.startswith(name + " ") and _is_product(links, names.get(name))}
    ids |= _named_by_head(heads, event.sentence)
    return {i for i in ids if i}


_DEFINITE = re.compile(r"\b[Tt]he\s+([a-z][a-z-]+)\b")


def _named_by_head(heads: dict[str, str], sentence: str) -> set[str]:
    """"the store" in an article that names one organisation or product whose name ends in
    that noun (the "iTunes Store"; "the airline" and "Singapore Airlines") is that one: a
    definite description by its head noun is a short form of a name the reader has met.
    ``heads``: the article's _head_names."""
    if not heads:
        return set()
    return {heads[head] for head in {stem(m.group(1)) for m in _DEFINITE.finditer(sentence)}
            if head in heads}


def _head_names(article: Article, names: dict[str, str]) -> dict[str, str]:
    """Head noun (stemmed) -> the one organisation or product of the article whose name
    ends in it; two such names ("the store" with the "iTunes Store" and the "App Store")
    decide nothing. Found once per article, not once per event."""
    found: dict[str, set[str]] = defaultdict(set)
    for mention in article.analysis.mentions:
        parts = mention.name.split()
        entity = names.get(mention.name)
        if len(parts) > 1 and entity and mention.type in _TOPIC_TYPES:
            found[stem(parts[-1].lower())].add(entity)
    return {head: next(iter(ids)) for head, ids in found.items() if len(ids) == 1}


def _is_product(links: Links, entity_id: str | None) -> bool:
    entity = links.entity_by_id.get(entity_id) if entity_id else None
    return entity is not None and entity.type == "product"


def _topic(article: Article) -> list[str]:
    """The organisations and products the article is about: those its headline names, else
    those its lead names ("World's largest passenger airliner makes first flight" names none;
    its lead names the Airbus A380)."""
    for paragraph in (0, 1):
        found = [m.name for m in article.analysis.mentions
                 if m.paragraph == paragraph and m.type in _TOPIC_TYPES]
        if found:
            return found
    return []


@lru_cache(maxsize=1 << 16)
def _event_words(event: Event) -> frozenset[str]:
    """The words that say what happened, without its time expression and its actors' names:
    the dates and the actors are compared on their own. "On August 24" would otherwise count
    against a report that dates the same resignation differently, and a shared "Steve Jobs"
    would make two of his acts one."""
    names = {w for name in event.entities for w in _content_words(name)}
    return _content_words(event.sentence) - _content_words(event.timex) - names


@lru_cache(maxsize=1 << 16)
def _content_words(sentence: str) -> frozenset[str]:
    """The roots of the sentence's words that say what it is about (cached: a bucket and
    then joining across dates both compare every event's words)."""
    roots = (_content_root(w) for w in words(sentence))
    return frozenset(root for root in roots if root)


@lru_cache(maxsize=1 << 17)
def _content_root(word: str) -> str:
    """The root of a word that says what a sentence is about, "" for a stop word, a short
    word or a number (cached: a news archive repeats the same words)."""
    lowered = word.lower()
    if len(lowered) <= 2 or lowered in _STOP or lowered.isdigit():
        return ""
    return _root(lowered)


def _root(word: str) -> str:
    """One root for the forms of a word: its plural folded, then its first ROOT_LETTERS
    letters. Reports of one event name it by different forms ("resigned",
    "resignation"; "launched", "its launch"; "introducing", "introduced"), and English
    inflections and nominal suffixes come after the stem (truncation stemming)."""
    return stem(word)[:ROOT_LETTERS]


def _parent_organisations(links: Links) -> dict[str, list[str]]:
    """Entity id -> the organisations its name extends ("Boeing Commercial Airplanes",
    "Boeing 787 Dreamliner" -> Boeing; "Airbus A380" -> Airbus): a division's or product's
    event is its organisation's too. Only organisations: "Singapore Airlines" is no event
    of Singapore."""
    organisations = {e.name: e.id for e in links.entities if e.type == "organisation"}
    parents: dict[str, list[str]] = {}
    for entity in links.entities:
        words = entity.name.split()
        found = [organisations[" ".join(words[:n])] for n in range(1, len(words))
                 if " ".join(words[:n]) in organisations]
        if found:
            parents[entity.id] = found
    return parents


def _entry(members: Group, keys: list[frozenset[str]],
           links: Links, parents: dict[str, list[str]] | None = None) -> TimelineEntry:
    quality = {a.id: links.articles[a.id].quality for a, _, _ in members}
    # A body sentence gives the wording before a headline (headline style is no sentence).
    lead_article, lead_event, _ = min(
        members, key=lambda ae: (ae[1].paragraph == HEADLINE, *verdict_rank(quality[ae[0].id]),
                                 len(ae[1].statement or ae[1].sentence), ae[0].id,
                                 ae[1].paragraph))
    citations = sorted({Citation(a.id, e.paragraph) for a, e, _ in members},
                       key=lambda c: (c.article != lead_article.id, c.article, c.paragraph))
    stories = [links.articles[a.id].story for a, _, _ in members]
    entity_count: dict[str, int] = defaultdict(int)
    for key in keys:
        for entity in key:
            entity_count[entity] += 1
    entities = sorted(entity_count, key=lambda e: (-entity_count[e], e))
    # The organisations of its products and divisions after them: actors the sources name
    # come first (merging compared only those).
    entities += sorted({p for e in entities for p in (parents or {}).get(e, ())}
                       - set(entities))
    spun = quality[lead_article.id].spun
    text = lead_event.statement or lead_event.sentence
    if spun:  # no clean source reports it: show the spun copy's wording repaired
        text = repair_spun_wording(text, quality[lead_article.id].substitutions)
    dated = _precise_value(members)
    return TimelineEntry(
        date=dated.value, granularity=dated.granularity,
        text=text, lead=Citation(lead_article.id, lead_event.paragraph),
        sources=citations, story=max(set(stories), key=lambda s: (stories.count(s), s)),
        entities=entities, upcoming=any(e.upcoming for _, e, _ in members),
        spun_text=spun,
        dated_by_context=all(_dated_by_context(e) for _, e, _ in members),
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
