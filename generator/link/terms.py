"""Each article's weighted term counts and exact-copy key: the part of the pair score's features
that depends on the article alone, not on the collection (IDF, entity rarity and the scores do).

A warm run after a small change would tokenise and count every article again (about a second at
2,225 BBC articles); ``TermMemo`` keeps the result in the run state instead, keyed by a digest of
the article's headline and body text, which are all the counts are computed from. So an article
whose words are unchanged is not read again, and one whose words changed (same id or not) is.

Compact, because the run state is pickled and held in memory at 10x BBC: one table of term
strings, and per article a tuple of bytes (its exact-copy digest, term ids, counts, headline and
lead term ids). Counts are small whole numbers in practice and are stored one byte each; an
article with a count that is not exactly one byte keeps its counts as float64 (the same values).

Its state is dict tables (``LOG_TABLES``), so the run state saves it as a log, only the entries a
run changed: ``index`` (term -> id; ids only ever appended until a clean-up renumbers them),
``records`` (article id -> its text digest and counts) and ``names`` (an entity name's terms, as
the scorer reads names in running text: scoring._name_terms).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from generator.link import similarity as sim

if TYPE_CHECKING:  # scoring builds on this module
    from generator.link.scoring import StoryInput

TITLE_WEIGHT = 3.0  # a headline term counts as three body occurrences
LEAD_WEIGHT = 2.0  # so does (twice) a term of the lead
LEAD_WORDS = 60  # about the first two sentences

# The term table keeps the terms of articles no longer in the archive until it has grown to this
# many times its size after the last clean-up; then the terms in use are renumbered from 0 (so
# the table cannot grow forever, and the check costs nothing on most runs).
COMPACT_FACTOR = 2
COMPACT_MIN_TERMS = 10_000  # below this the table is small whatever its share of old terms
_IDS = np.dtype("<u4")
_SMALL_COUNTS = np.dtype("u1")
_COUNTS = np.dtype("<f8")

# article id -> (digest of its words (text_key), exact-copy digest, term ids, counts, headline
# and lead term ids), each bytes
Record = tuple[bytes, bytes, bytes, bytes, bytes]


@dataclass
class Counted:
    """Per article, in the order asked: exact-copy digest, term ids into ``terms`` with their
    weighted counts, and the ids of its headline and lead terms."""

    terms: list[str]
    exact: list[bytes]
    ids: list[np.ndarray]
    counts: list[np.ndarray]
    lead: list[np.ndarray]
    # name terms: last run's table and this run's (filled by the scorer: TermMemo.names)
    names: tuple[dict, dict] = field(default_factory=lambda: ({}, {}))
    keys: list[bytes] = field(default_factory=list)  # each article's text_key

    def subset(self, rows: list[int]) -> Counted:
        return Counted(self.terms, [self.exact[k] for k in rows], [self.ids[k] for k in rows],
                       [self.counts[k] for k in rows], [self.lead[k] for k in rows], self.names,
                       [self.keys[k] for k in rows])

    def name_terms(self, key: str, make: Callable[[], tuple[str, ...]]) -> tuple[str, ...]:
        """The terms of an entity name (``key``: kind and name), from last run's table or
        ``make``; kept for the next run either way."""
        before, now = self.names
        terms = now.get(key)
        if terms is None:
            terms = before.get(key)
            now[key] = terms if terms is not None else make()
        return now[key]

    def entries(self) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
        """The articles' vocabulary (sorted), and all their entries: row offsets (CSR
        ``indptr``), each entry's vocabulary column and its count, row by row (each row in
        column order, as its record keeps its terms in alphabetical order)."""
        indptr = np.zeros(len(self.ids) + 1, dtype=np.int64)
        np.cumsum([len(ids) for ids in self.ids], out=indptr[1:])
        ids = np.concatenate([np.zeros(0, _IDS), *self.ids])
        used = np.zeros(len(self.terms), dtype=bool)
        used[ids] = True
        in_use = np.flatnonzero(used)
        names = [self.terms[k] for k in in_use.tolist()]
        order = sorted(range(len(names)), key=names.__getitem__)
        column = np.zeros(len(self.terms), dtype=np.int64)
        column[in_use[order]] = np.arange(len(names), dtype=np.int64)
        counts = np.concatenate([np.zeros(0, _COUNTS), *self.counts])
        return [names[k] for k in order], indptr, column[ids], counts

    def lead_terms(self, row: int) -> set[str]:
        return {self.terms[k] for k in self.lead[row].tolist()}


class TermMemo:
    """Term counts of articles by id, checked against the digest of their words; see the
    module's docstring."""

    LOG_TABLES = ("index", "records", "names")
    LOG_COUNTERS = ("compacted",)

    def __init__(self) -> None:
        self.terms: list[str] = []  # id -> term: ``index`` inverted (not saved)
        self.index: dict[str, int] = {}
        self.records: dict[str, Record] = {}
        self.names: dict[str, tuple[str, ...]] = {}
        self.compacted = 0  # the table's size after its last clean-up

    def __getstate__(self) -> dict:  # the term list is the index's, made again when used
        return {"index": self.index, "records": self.records, "names": self.names,
                "compacted": self.compacted}

    def __setstate__(self, state: dict) -> None:
        self.index, self.records = state["index"], state["records"]
        self.names, self.compacted = state["names"], state["compacted"]
        self.terms = []

    def __eq__(self, other: object) -> bool:  # by what it saves (the term list follows)
        return isinstance(other, TermMemo) and self.__getstate__() == other.__getstate__()

    __hash__ = None  # type: ignore[assignment]  (mutable, equal by value)

    def _table(self) -> list[str]:
        """The term list, made again from the index when a load (or a log's delta) left it
        behind: ids are 0 .. n - 1."""
        if len(self.terms) != len(self.index):
            terms = [""] * len(self.index)
            for term, k in self.index.items():
                terms[k] = term
            self.terms = terms
        return self.terms

    def count(self, items: list[StoryInput]) -> Counted:
        """The items' counts, from the memo where their words are unchanged; afterwards the
        memo holds these items' records only, so it does not grow with removed articles."""
        self._table()
        used: dict[str, Record] = {}
        records = []
        for item in items:
            key = text_key(item)
            record = self.records.get(item.id)
            if record is None or record[0] != key:
                record = self._record(item, key)
            used[item.id] = record
            records.append(record)
        self.records = used
        names, self.names = self.names, {}
        counted = Counted(self.terms, [r[1] for r in records],
                          [np.frombuffer(r[2], dtype=_IDS) for r in records],
                          [_decode_counts(r[3], len(r[2]) // _IDS.itemsize) for r in records],
                          [np.frombuffer(r[4], dtype=_IDS) for r in records],
                          (names, self.names), [r[0] for r in records])
        if len(self.terms) > max(COMPACT_MIN_TERMS, COMPACT_FACTOR * self.compacted):
            self._compact(counted)
        return counted

    def terms_before(self) -> Callable[[str, bytes], list[str] | None]:
        """The terms of an article as the memo holds it now, by id and the digest of its
        words (None when it holds other words or none): what a later ``count`` replaced, for
        grouping's drifts (grouping.py)."""
        records, table = self.records, self._table()  # a count or clean-up replaces, not edits

        def terms_of(article: str, key: bytes) -> list[str] | None:
            record = records.get(article)
            if record is None or record[0] != key:
                return None
            return [table[k] for k in np.frombuffer(record[2], dtype=_IDS).tolist()]
        return terms_of

    def _record(self, item: StoryInput, key: bytes) -> Record:
        tokens = article_words(item)
        counts, lead = weighted_counts(item, tokens)
        terms = sorted(counts)  # alphabetical: the order of the columns of the term matrix
        ids = np.fromiter(map(self._id, terms), dtype=_IDS, count=len(terms))
        values = np.fromiter(map(counts.__getitem__, terms), dtype=_COUNTS, count=len(terms))
        lead_ids = np.fromiter(map(self._id, lead), dtype=_IDS, count=len(lead))
        return (key, bytes.fromhex(sim.exact_key(tokens)), ids.tobytes(), _encode_counts(values),
                lead_ids.tobytes())

    def _id(self, term: str) -> int:
        k = self.index.get(term)
        if k is None:
            k = self.index[term] = len(self.terms)
            self.terms.append(term)
        return k

    def _compact(self, counted: Counted) -> None:
        """Renumber the terms in use from 0 when most of the table is terms of articles gone
        (``counted`` keeps the table its ids refer to)."""
        in_use = np.unique(np.concatenate([np.zeros(0, _IDS), *counted.ids]))
        self.compacted = len(self.terms)
        if len(self.terms) <= COMPACT_FACTOR * in_use.size:
            return  # the archive grew: check again when the table has doubled once more
        renumber = np.zeros(len(self.terms), dtype=_IDS)
        renumber[in_use] = np.arange(in_use.size, dtype=_IDS)
        self.terms = [self.terms[k] for k in in_use.tolist()]
        self.index = {t: k for k, t in enumerate(self.terms)}
        self.compacted = len(self.terms)
        self.records = {article: (key, exact, renumber[np.frombuffer(ids, dtype=_IDS)].tobytes(),
                                  counts, renumber[np.frombuffer(lead, dtype=_IDS)].tobytes())
                        for article, (key, exact, ids, counts, lead) in self.records.items()}


def weighted_counts(item: StoryInput, body: list[str]) -> tuple[Counter, set[str]]:
    """Term counts with the headline and lead weighted up (inverted pyramid), and the terms
    of the headline and lead (all of them among the counts)."""
    title = Counter(sim.terms_of_words(sim.words(item.title)))
    terms = sim.term_per_word(body)  # "" for a word that is no term: dropped from the counts
    lead = Counter(terms[:LEAD_WORDS])
    counts = Counter(terms[LEAD_WORDS:])
    lead.pop("", None)
    counts.pop("", None)
    for term, n in lead.items():
        counts[term] += LEAD_WEIGHT * n
    for term, n in title.items():
        counts[term] += TITLE_WEIGHT * n
    return counts, title.keys() | lead.keys()


def article_words(item: StoryInput) -> list[str]:
    """The words an article's exact-copy key and shingles are made of: its body's, or its
    headline's when it has no body text."""
    return sim.words(item.text) or sim.words(item.title)


def text_key(item: StoryInput) -> bytes:
    """Digest of everything the counts (and ``article_words``) are made of: the headline and
    the body text."""
    digest = hashlib.blake2b(item.title.encode(), digest_size=16)
    digest.update(b"\0" + item.text.encode())
    return digest.digest()


def _encode_counts(values: np.ndarray) -> bytes:
    if values.size and values.min() >= 0 and values.max() <= 255 \
            and np.array_equal(values, np.floor(values)):  # one byte each, the same values
        return values.astype(_SMALL_COUNTS).tobytes()
    return values.tobytes()


def _decode_counts(data: bytes, n: int) -> np.ndarray:
    if len(data) == n * _SMALL_COUNTS.itemsize:
        return np.frombuffer(data, dtype=_SMALL_COUNTS).astype(_COUNTS)
    return np.frombuffer(data, dtype=_COUNTS)
