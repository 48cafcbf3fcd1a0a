"""The one pair scorer: how likely two articles report the same event (0..1).

Used by the build (candidates, grouping, related links) and by the evaluations, through
``Scorer``. Evidence, and why each piece is there:

- **Words**, as sublinear TF-IDF cosine over content terms, IDF from the collection being
  built. The headline counts ``TITLE_WEIGHT`` times and the lead ``LEAD_WEIGHT`` times: news
  is written as an inverted pyramid, so the headline and first sentences name the event while
  the tail carries background that look-alike events share.
- **Entities** for: the rarity-weighted (IDF) overlap of the people, places and organisations
  both name scales the word score up to x(FLOOR + GAIN). Rare shared names are the strongest
  sign of one event; a name every article carries is worth little.
- **Entities** against: when the people (or places) each article names in its headline or
  lead are absent from the whole other article -- not among its entities, and their names
  (a person's surname) not among its words -- the two are about different actors or
  locations: the look-alike case (two prison escapes, two earthquakes, two celebrities in
  rehab), and the score is cut. Only headline and lead names count: a photographer's credit
  or an expert quoted in the tail says nothing about which event a report is about, and
  the words check keeps a recogniser's miss or a name variant ("Massa", "Felipe Massa") from
  reading as a different actor.
- **Dates**: one event is reported within a few days; beyond ``DATE_WINDOW_DAYS`` the score
  decays, to one half at ``DATE_WINDOW_DAYS + DATE_DECAY_DAYS`` (as far as candidates.py
  searches). A follow-up weeks later (an apology, a fine) still joins its story when its words
  and names agree strongly; a recurring look-alike months later (the next launch, the next
  monthly figures) needs twice the evidence, and beyond the search it is never proposed.
  An article whose date is only a guess (file time) is not held to the window.
"""

from __future__ import annotations

import bisect
import datetime
import math
from collections import Counter
from dataclasses import dataclass
from itertools import repeat

import numpy as np
from scipy import sparse

from generator.link import similarity as sim
from generator.link.terms import (  # noqa: F401  (weights re-exported: the score's evidence)
    LEAD_WEIGHT,
    LEAD_WORDS,
    TITLE_WEIGHT,
    Counted,
    TermMemo,
    weighted_counts,
)

DATE_WINDOW_DAYS = 14  # coverage of one event (follow-ups, reactions) runs for days to weeks
DATE_DECAY_DAYS = 60.0  # past the window the score halves over two further months
ENTITY_FLOOR, ENTITY_GAIN = 1.0, 0.5  # word score x (1 .. 1.5) by shared entities
KEY_ENTITIES = 3  # salient people / places per article checked for disagreement
CONFLICT_FACTOR = 0.5  # no salient person or place in common: half the score
PLACE_CONFLICT_FACTOR = 0.75  # salient places disagree (people may agree): a quarter off
ENTITY_WEIGHT_FLOOR = 0.25  # weight of an entity found in every article
CONFLICT_TYPES = ("person", "place")
# Pairs scored one by one rather than by sparse row gathers (cheaper below about 30 pairs); the
# two ways give the same floats (see Scorer.cosine), so the split cannot change a score.
SMALL_BATCH = 32
# Pairs per sparse row gather: the gathered rows are a copy, and at 10x BBC all candidate pairs
# at once made a temporary of about 700 MB (link's peak memory); blocks bound it.
GATHER_BLOCK = 8192


@dataclass(frozen=True)
class StoryInput:
    """What grouping needs of one article."""

    id: str
    title: str
    text: str
    date: datetime.date
    entities: tuple[str, ...] = ()  # entity ids, most salient first
    entity_types: dict | None = None  # {entity_id: "person" | "organisation" | "place" | ...}
    date_guessed: bool = False  # the date is the file's time, not the article's
    entity_names: dict | None = None  # {entity_id: canonical name}: to find it in the words


def entity_fields(article_id: str, per_article: dict[str, list[str]],
                  by_id: dict) -> dict:
    """The entity fields of an article's StoryInput, from ``merge_entities``' output
    (``by_id``: entity id -> Entity): ids by salience, their types and names."""
    ids = tuple(per_article.get(article_id, []))
    return {"entities": ids,
            "entity_types": {e: by_id[e].type for e in ids},
            "entity_names": {e: by_id[e].name for e in ids}}


class Scorer:
    """Features of a collection of articles and the pair score over them (by index)."""

    def __init__(self, items: list[StoryInput], counted: Counted | None = None):
        """``counted``: the items' term counts (terms.py), counted here when not given."""
        self.items = items
        counted = counted if counted is not None else TermMemo().count(items)
        self.vocab, indptr, columns, tf = counted.entries()
        self.df, self.matrix = _tfidf_rows(indptr, columns, tf, self.vocab)
        self._descending = _rows_descending(self.matrix)
        self.entities = [frozenset(it.entities) for it in items]
        self.types: dict[str, str] = {}
        names: dict[str, str] = {}
        for it in items:
            self.types.update(it.entity_types or {})
            names.update(it.entity_names or {})
        kinds = {e for e, kind in self.types.items() if kind in CONFLICT_TYPES}
        name_terms = {e: _name_terms_of(counted, names[e], self.types[e])
                      for e in kinds & names.keys()}
        leads = [counted.lead_terms(k) if it.entity_names else None
                 for k, it in enumerate(items)]
        self.key = [_key_entities(it, self.types, name_terms, lead)
                    for it, lead in zip(items, leads, strict=True)]
        # Each kind's key entities are chosen apart from the other kinds', so the key places
        # are the places among the key entities (one pass over the entities, not two).
        places = {e for key in self.key for e in key if self.types.get(e) == "place"}
        self.key_places = [key & places for key in self.key]
        del leads
        salient = {e for key in self.key for e in key} & name_terms.keys()
        self.name_columns = {e: self._columns(name_terms[e]) for e in sorted(salient)}
        self.name_words = self._name_words_present()
        self.entity_df = Counter(e for ents in self.entities for e in ents)
        self.entity_weight = _entity_weights(self.entity_df, len(self.entities))
        # each article's summed entity weight: the Dice denominator of entity_overlap
        self.entity_total = [self.entity_weight_sum(ents) for ents in self.entities]
        # Entity rarity from a handful of articles is noise (as term IDF is: similarity.py),
        # so the entities' say grows with the collection.
        # (The size on the log grid, as IDF takes it: the gain moves only at a grid step.)
        size = sim.grid_size(len(items))
        self.entity_gain = ENTITY_GAIN * size / (size + sim.IDF_SHRINK_DOCS)
        self.ordinal = np.array([it.date.toordinal() for it in items], dtype=np.int64)
        self.guessed = np.array([it.date_guessed for it in items], dtype=bool)
        self._ordinal, self._guessed = self.ordinal.tolist(), self.guessed.tolist()

    def __len__(self) -> int:
        return len(self.items)

    def cosine(self, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        """Cosine of each pair (left[k], right[k]): the products of the two unit rows' shared
        entries, summed exactly rounded (``math.fsum``). A pair's cosine is then one float
        however the pairs are batched and in whatever order its entries are met, so the
        candidate pairs, grouping's small asks and a warm run's pairs all agree to the last
        bit (numpy's dot and scipy's row sums each round their own way)."""
        left = np.asarray(left, dtype=np.int64)
        right = np.asarray(right, dtype=np.int64)
        if left.size == 0:
            return np.zeros(0)
        if left.size <= SMALL_BATCH:  # array set-up costs more than it saves here
            return np.array([self._dot(i, j) for i, j in
                             zip(left.tolist(), right.tolist(), strict=True)])
        return np.concatenate([self._cosines(left[k:k + GATHER_BLOCK], right[k:k + GATHER_BLOCK])
                               for k in range(0, left.size, GATHER_BLOCK)])

    def _cosines(self, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        """``cosine`` of a block of pairs: scipy multiplies the gathered rows (IEEE products,
        the same floats ``_dot`` makes), each row's products then summed exactly rounded."""
        products = sparse.csr_matrix(self.matrix[left].multiply(self.matrix[right]))
        return exact_sums(products.data, products.indptr)

    def _dot(self, i: int, j: int) -> float:
        """``cosine`` of one pair: the rows' products over their shared columns, fsum-med."""
        m = self.matrix
        a, b = slice(m.indptr[i], m.indptr[i + 1]), slice(m.indptr[j], m.indptr[j + 1])
        if not self._descending:
            _, ka, kb = np.intersect1d(m.indices[a], m.indices[b], assume_unique=True,
                                       return_indices=True)
            return math.fsum((m.data[a][ka] * m.data[b][kb]).tolist())
        # Rows reversed are sorted: a binary search finds the shared columns at a fraction
        # of np.intersect1d's cost.
        ia, ib = m.indices[a][::-1], m.indices[b][::-1]
        if ia.size == 0 or ib.size == 0:
            return 0.0
        at = np.minimum(np.searchsorted(ib, ia), ib.size - 1)
        hit = np.flatnonzero(ib[at] == ia)
        return math.fsum((m.data[a][::-1][hit] * m.data[b][::-1][at[hit]]).tolist())

    def date_factor(self, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        gap = np.abs(self.ordinal[left] - self.ordinal[right]).astype(np.float64)
        factor = np.where(gap <= DATE_WINDOW_DAYS, 1.0,
                          1.0 / (1.0 + (gap - DATE_WINDOW_DAYS) / DATE_DECAY_DAYS))
        return np.where(self.guessed[left] | self.guessed[right], 1.0, factor)

    def score(self, left: np.ndarray, right: np.ndarray,
              words: np.ndarray | None = None) -> np.ndarray:
        """Same-event score of each pair (left[k], right[k]). ``words``: the pairs' ``cosine``,
        when the caller has it already (it is the same float however it was batched)."""
        left = np.asarray(left, dtype=np.int64)
        right = np.asarray(right, dtype=np.int64)
        if words is None and left.size <= SMALL_BATCH:
            # Grouping asks for a few pairs at a time (thousands of asks at 2,225 articles),
            # where numpy's per-call set-up cost more than the pairs themselves.
            return np.array([self._score_pair(i, j) for i, j in
                             zip(left.tolist(), right.tolist(), strict=True)], dtype=np.float64)
        words = self.cosine(left, right) if words is None else np.asarray(words, dtype=np.float64)
        factor = np.array([self.entity_factor(i, j)
                           for i, j in zip(left.tolist(), right.tolist(), strict=True)])
        return np.clip(words * factor.reshape(-1) * self.date_factor(left, right), 0.0, 1.0) \
            if left.size else np.zeros(0)

    def _score_pair(self, i: int, j: int) -> float:
        """``score`` of one pair in plain floats: the same IEEE operations in the same order
        (words x entities, then x date; clipped), so the same float as the batched way."""
        value = self._dot(i, j) * self.entity_factor(i, j) * self._date_one(i, j)
        return min(1.0, max(0.0, value))

    def _date_one(self, i: int, j: int) -> float:
        """``date_factor`` of one pair."""
        if self._guessed[i] or self._guessed[j]:
            return 1.0
        gap = float(abs(self._ordinal[i] - self._ordinal[j]))
        return 1.0 if gap <= DATE_WINDOW_DAYS else \
            1.0 / (1.0 + (gap - DATE_WINDOW_DAYS) / DATE_DECAY_DAYS)

    def score_one(self, i: int, j: int) -> float:
        return float(self.score(np.array([i]), np.array([j]))[0])

    def entity_factor(self, i: int, j: int) -> float:
        a, b = self.entities[i], self.entities[j]
        if not a or not b:
            return 1.0
        total = self.entity_total[i] + self.entity_total[j]
        both = a & b
        # Most pairs share no entity: their sum is fsum's of nothing, 0.0, without the call.
        shared = self.entity_weight_sum(both) if both and total > 0 else 0.0
        factor = ENTITY_FLOOR + self.entity_gain * (2 * shared / total if total > 0 else 0.0)
        if self.disagree(i, j):
            factor *= CONFLICT_FACTOR
        elif self.places_disagree(i, j):
            factor *= PLACE_CONFLICT_FACTOR
        return factor

    def entity_overlap(self, a: frozenset[str], b: frozenset[str],
                       totals: tuple[float, float] | None = None) -> float:
        """Dice overlap of two entity sets, each entity weighted by its rarity (IDF).
        ``totals``: the sets' ``entity_weight_sum``s, when the caller keeps them."""
        weight = self.entity_weight
        ta, tb = totals if totals is not None else (weight_sum(weight, a), weight_sum(weight, b))
        total = ta + tb
        if total <= 0:
            return 0.0
        return 2 * weight_sum(weight, a & b) / total

    def entity_weight_sum(self, entities: frozenset[str]) -> float:
        return weight_sum(self.entity_weight, entities)

    def disagree(self, i: int, j: int) -> bool:
        """Neither side names any of the other's salient people and places: different actors
        in different places. (One kind alone is not enough: outlets quote different people
        about one event, and place it at different scales.)"""
        ki, kj = self.key[i], self.key[j]
        return bool(ki and kj and not self._names_any(j, ki) and not self._names_any(i, kj))

    def places_disagree(self, i: int, j: int) -> bool:
        """Each side's salient places are missing from the other: the same people in two
        places (a summit and a Senate vote) or a look-alike event elsewhere. Weaker than
        ``disagree``: outlets place one event at different scales (a town, its country)."""
        pi, pj = self.key_places[i], self.key_places[j]
        return bool(pi and pj and not self._names_any(j, pi) and not self._names_any(i, pj))

    def _names_any(self, j: int, entities: frozenset[str]) -> bool:
        """Article j names one of ``entities``: among its entities, or its name's words
        (a person's surname) among j's terms."""
        if entities & self.entities[j]:
            return True
        present = self.name_words[j]
        return bool(present) and any(
            columns and present.issuperset(columns)
            for columns in (self.name_columns.get(e) for e in entities))

    def _name_words_present(self) -> list[frozenset[int]]:
        """Per article, which words of the salient entities' names it uses (only those: a
        few columns per article, not its whole vocabulary)."""
        wanted = sorted({c for key in self.key for e in key
                         for c in (self.name_columns.get(e) or ())})
        none: frozenset[int] = frozenset()
        present = [none] * len(self.items)
        if not wanted:
            return present
        matrix = self.matrix
        hit = np.isin(matrix.indices, np.array(wanted, dtype=matrix.indices.dtype))
        rows = np.repeat(np.arange(len(self.items)), np.diff(matrix.indptr))[hit]
        found: dict[int, set[int]] = {}
        for row, column in zip(rows.tolist(), matrix.indices[hit].tolist(), strict=True):
            found.setdefault(row, set()).add(column)
        for row, columns in found.items():
            present[row] = frozenset(columns)
        return present

    def _columns(self, terms: tuple[str, ...]) -> tuple[int, ...] | None:
        """Vocabulary columns of a name's terms; None when one is in no article."""
        columns = tuple(self._column(t) for t in terms)
        return None if not columns or -1 in columns else columns

    def _column(self, term: str) -> int:
        """The vocabulary column of a term, -1 when no article uses it."""
        k = bisect.bisect_left(self.vocab, term)
        return k if k < len(self.vocab) and self.vocab[k] == term else -1

    def shared_entities(self, ents_a: frozenset[str],
                        ents_b: frozenset[str]) -> dict[str, tuple[str, ...]]:
        """Entities both sets name, by kind, rarest first."""
        shared = sorted(ents_a & ents_b, key=lambda e: (-self.entity_weight.get(e, 0.0), e))
        by_kind: dict[str, list[str]] = {}
        for entity in shared:
            by_kind.setdefault(self.types.get(entity, "entity"), []).append(entity)
        return {k: tuple(v) for k, v in sorted(by_kind.items())}

    def term_weights(self, members: list[int]) -> dict[int, float]:
        """Summed term weights of a group of articles (column -> weight)."""
        columns, _, weights = self.term_sums(members)
        return dict(zip(columns.tolist(), weights.tolist(), strict=True))

    def term_sums(self, members: list[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The columns a group of articles uses, how many of them use each, and their summed
        weights, added in member order (``groups_term_sums`` of one group)."""
        return self.groups_term_sums([members])[1:]

    def groups_term_sums(self, groups: list[list[int]]
                         ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """``term_sums`` of many groups of articles at once (one sort of all their entries,
        not one per group): each entry's group (an index into ``groups``), column, how many
        of the group's members use it and their summed weight, by group then column. Each
        sum is added in member order (``np.add.at`` adds repeated positions one at a time,
        in order), so it is the float a loop over the group's members would give."""
        m = self.matrix
        spans = [(g, m.indptr[i], m.indptr[i + 1]) for g, members in enumerate(groups)
                 for i in members]
        if not spans:
            return (np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64),
                    np.zeros(0))
        group = np.repeat(np.array([g for g, _, _ in spans], dtype=np.int64),
                          [hi - lo for _, lo, hi in spans])
        columns = np.concatenate([m.indices[lo:hi] for _, lo, hi in spans]).astype(np.int64)
        width = max(1, m.shape[1])
        keys, position, counts = np.unique(group * width + columns, return_inverse=True,
                                           return_counts=True)
        weights = np.zeros(keys.size)
        np.add.at(weights, position.ravel(),
                  np.concatenate([m.data[lo:hi] for _, lo, hi in spans]))
        return keys // width, keys % width, counts, weights

    def shared_terms(self, a: tuple[np.ndarray, np.ndarray], b: tuple[np.ndarray, np.ndarray],
                     limit: int) -> list[str]:
        """The terms weighing most in both groups: each group's columns (sorted, unique) with
        their summed weights (``term_sums``), ranked by the product of the two weights, ties
        by column."""
        common, ka, kb = np.intersect1d(a[0], b[0], assume_unique=True, return_indices=True)
        product = a[1][ka] * b[1][kb]
        top = np.lexsort((common, -product))[:limit]
        return [self.vocab[c] for c in common[top].tolist()]


def exact_sums(values: np.ndarray, indptr: np.ndarray) -> np.ndarray:
    """``math.fsum`` of each segment ``values[indptr[k]:indptr[k + 1]]``: the exactly rounded
    sum, without a Python call per segment where a wider sum proves it.

    Why it is exact. Each segment is summed in ``np.longdouble`` (every float64 converts to it
    exactly). Summed in any order with unit roundoff u, a sum of k terms is within
    (k - 1) u / (1 - (k - 1) u) x (the sum of their magnitudes) of the true sum (Higham,
    Accuracy and Stability, 4.2); ``slack`` is more than twice that, the magnitudes' own
    summing error included. The true sum rounds to the float64 ``nearest`` when it lies strictly
    between the midpoints from ``nearest`` to its two float64 neighbours, so when the wide sum
    +- slack does, ``nearest`` is the exactly rounded sum, which is what fsum returns. Where it
    does not (a sum within slack of a midpoint; every sum, were longdouble no wider than
    float64), or the sum is 0 (fsum's sign of zero), the segment is fsum-med."""
    count = np.diff(indptr)
    sums = np.zeros(count.size)
    nonempty = np.flatnonzero(count > 0)
    if nonempty.size == 0:
        return sums
    wide = values.astype(np.longdouble)
    starts = indptr[:-1][nonempty]
    total = np.add.reduceat(wide, starts)
    magnitude = np.add.reduceat(np.abs(wide), starts)
    slack = 4 * count[nonempty] * np.finfo(np.longdouble).eps * magnitude
    nearest = total.astype(np.float64)
    wide_nearest = nearest.astype(np.longdouble)
    below = (wide_nearest + np.nextafter(nearest, -np.inf).astype(np.longdouble)) / 2
    above = (wide_nearest + np.nextafter(nearest, np.inf).astype(np.longdouble)) / 2
    proven = (total - slack > below) & (total + slack < above) & (nearest != 0)
    sums[nonempty[proven]] = nearest[proven]
    for k in nonempty[~proven].tolist():
        sums[k] = math.fsum(values[indptr[k]:indptr[k + 1]].tolist())
    return sums


def _tfidf_rows(indptr: np.ndarray, columns: np.ndarray, tf: np.ndarray,
                vocab: list[str]) -> tuple[np.ndarray, sparse.csr_matrix]:
    """Unit-length rows of sublinear TF (1 + log weighted count) x IDF, from the entries of
    each row (``indptr``: where each row's entries start; their columns and counts)."""
    n_rows = indptr.size - 1
    # Each row's entries in column order (the vocabulary is sorted, so: in term order); they
    # come so from the term memo, and are sorted here only when they do not.
    row = np.repeat(np.arange(n_rows), np.diff(indptr))
    key = row * max(1, len(vocab)) + columns
    if not np.all(key[1:] > key[:-1]):
        order = np.argsort(key, kind="stable")
        columns, tf = columns[order], tf[order]
    idx = columns
    df = np.bincount(idx, minlength=len(vocab))
    idf = TERM_IDF(vocab, df, n_rows)
    data = (1.0 + np.log(np.maximum(tf, 1.0))) * idf[idx]
    shape = (n_rows, max(1, len(vocab)))
    matrix = sparse.csr_matrix((data, idx, indptr), shape=shape)
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return df, sparse.csr_matrix(sparse.diags(1.0 / norms) @ matrix)


def collection_idf(vocab: list[str], df: np.ndarray, n_docs: int) -> np.ndarray:
    """The build's term weights: IDF over the collection being built (similarity.py)."""
    return sim.idf_weight(n_docs, df)


# Term weights as a function of the vocabulary, its document frequencies and the collection's
# size. Swapped only by eval/news_clusters.py --background-idf, which measures a fixed weighting
# beside the build's (the candidate that would make an article's vector its own).
TERM_IDF = collection_idf


def _rows_descending(matrix: sparse.csr_matrix) -> bool:
    """Whether every row stores its columns in descending order (as the product that scales
    the rows leaves them); _dot then searches the rows reversed."""
    step = np.diff(matrix.indices)
    within = np.ones(step.size, dtype=bool)
    ends = matrix.indptr[1:-1]
    within[ends[(ends > 0) & (ends <= step.size)] - 1] = False
    return bool(np.all(step[within] < 0))


def _name_terms(name: str, kind: str) -> tuple[str, ...]:
    """The terms that name an entity in running text: a person's surname (reports name people
    by surname after the first mention), all the content words of other names."""
    tokens = sim.words(name)
    if kind == "person":
        tokens = tokens[-1:]
    return tuple(sorted(set(sim.terms_of_words(tokens))))


def _name_terms_of(counted: Counted, name: str, kind: str) -> tuple[str, ...]:
    """``_name_terms``, from the term memo's table when it has them (a name's terms are a pure
    function of the name and whether it is a person's)."""
    person = kind == "person"
    return counted.name_terms(("p\0" if person else "o\0") + name,
                              lambda: _name_terms(name, kind))


def _key_entities(item: StoryInput, types: dict[str, str], name_terms: dict[str, tuple],
                  lead: set[str] | None, kinds: tuple[str, ...] = CONFLICT_TYPES
                  ) -> frozenset[str]:
    """The first KEY_ENTITIES of each kind (people, places) an article names in its headline
    or lead (``lead``: their terms), most salient first; when the names are not known
    (``lead`` None), its most salient of each kind."""
    key: dict[str, list[str]] = {}
    for entity in item.entities:
        kind = types.get(entity, "")
        if kind not in kinds or len(key.setdefault(kind, [])) >= KEY_ENTITIES:
            continue
        if lead is not None:
            terms = name_terms.get(entity)
            if not terms or not lead.issuperset(terms):
                continue
        key[kind].append(entity)
    return frozenset(e for found in key.values() for e in found)


def weight_sum(weights: dict[str, float], entities: frozenset[str]) -> float:
    """Summed weights of a set of entities (fsum: exactly rounded, so the set's iteration
    order, which follows PYTHONHASHSEED, cannot move the sum's last bit)."""
    return math.fsum(map(weights.get, entities, repeat(0.0)))  # weights.get(e, 0.0) each


def _entity_weights(df: Counter[str], n: int) -> dict[str, float]:
    """``entity_weight`` of each entity of a collection of ``n`` articles (``df``: how many name
    it)."""
    size = sim.grid_log(n + 1)
    return {e: entity_weight(k, size) for e, k in df.items()}


def entity_weight(df: int, size: float) -> float:
    """IDF of an entity over the collection, plus a floor: an entity in every article (the
    topic's company, its country) weighs little, one in two articles weighs most. ``size``:
    the collection's size on the log grid (``similarity.grid_log`` of n + 1), as for term IDF
    (similarity.COUNT_GRID_STEPS)."""
    return ENTITY_WEIGHT_FLOOR + max(0.0, size - math.log(df))


def similarity(a: StoryInput, b: StoryInput, collection: list[StoryInput] | None = None) -> float:
    """The build's score for one pair; IDF (and entity rarity) from ``collection`` when given
    (it must contain both), else from the pair alone."""
    items = list(collection) if collection is not None else [a, b]
    index = {it.id: k for k, it in enumerate(items)}
    if a.id not in index:
        items.append(a)
        index[a.id] = len(items) - 1
    if b.id not in index or b.id == a.id:
        items.append(b)
        index[b.id] = len(items) - 1
    return Scorer(items).score_one(index[a.id], index[b.id])
