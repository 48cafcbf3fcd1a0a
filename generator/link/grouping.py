"""Group articles into stories: average link over the candidate graph.

Two groups merge only when the MEAN score over all their article pairs reaches
``SAME_STORY`` -- never because one strong pair chains them (single link joins two events
through one article that mentions both). Best pairs merge first (greedy UPGMA): each candidate
edge is taken best first, re-scored as the average link of the groups its ends now belong to,
and put back in the queue when that average is lower than it was.

``SAME_STORY``: the score at which a pair is more likely the same story than not. Chosen on
news-pairs (human same-story ratings, no dates) as the midpoint between the typical scores
of same-story and different-story pairs, and checked on both halves of news-clusters; it is
not fitted to either set.

A warm run asks most of the last run's questions again. ``AskMemo`` keeps the asks that stayed
below the threshold (their pair count, score sum and the score that decides the support rule)
with how far each member's term vector and entity weights had drifted then; an ask whose
members drifted too little since to lift it to the threshold is answered "below" without its
pairs being scored (``AskReuse``: the bound is exact, see ``_bound``).
"""

from __future__ import annotations

import hashlib
import heapq
import math
from collections import Counter
from collections.abc import Callable

import numpy as np

from generator.link import scoring
from generator.link import similarity as sim
from generator.link.scoring import Scorer, StoryInput
from generator.link.terms import text_key

SAME_STORY = 0.15  # average-link score needed to merge two groups
SAMPLE = 25  # members per side used for the average of large groups (cost stays bounded)
# Besides the average, most cross pairs must at least be related (score >= SUPPORT x the
# threshold): one article that is half about each of two events (a round-up) averages high
# enough with both, but then half the cross pairs score nothing, so it cannot join them.
SUPPORT = 0.5
# A reused verdict must be below the threshold by more than this: far above the rounding of a
# score or a drift (about 1e-15), far below any difference a score means.
MARGIN = 1e-9
# The drift given an article whose words, entities or date changed: larger than any bound can
# absorb (a score is at most 1 + ENTITY_GAIN), so no verdict from before the change is reused.
CHANGED_DRIFT = 2.0


class Groups:
    def __init__(self, scorer: Scorer, scores: dict[tuple[int, int], float],
                 reuse: AskReuse | None = None):
        self.scorer = scorer
        self.reuse = reuse
        self.candidates = scores
        self.scores = dict(scores)
        # The pairs beyond the candidates whose scores the asks at or above the threshold read
        # (a warm run scores last run's at once: AskReuse.last_pairs).
        self.extra: set[tuple[int, int]] = set()
        self.parent = list(range(len(scorer)))
        self.members: dict[int, list[int]] = {i: [i] for i in range(len(scorer))}
        # (ra, rb) -> ((their sizes, threshold), average_link): each candidate edge between
        # the same two groups asks again, and a group only grows, so its size says whether it
        # changed since.
        self._averages: dict[tuple[int, int], tuple[tuple[int, int, float], float]] = {}

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def average_link(self, ra: int, rb: int, threshold: float) -> float:
        """Mean score over the groups' article pairs; 0 when most pairs are unrelated. Asked
        again for groups that have not changed since, the answer is the one computed then."""
        state = (len(self.members[ra]), len(self.members[rb]), threshold)
        known = self._averages.get((ra, rb))
        if known is not None and known[0] == state:
            return known[1]
        average = self._average_link(ra, rb, threshold)
        self._averages[(ra, rb)] = (state, average)
        return average

    def _average_link(self, ra: int, rb: int, threshold: float) -> float:
        left, right = self.members[ra][:SAMPLE], self.members[rb][:SAMPLE]
        if self.reuse is not None and self.reuse.proven_below(left, right, threshold):
            return 0.0
        pairs = [(i, j) if i < j else (j, i) for i in left for j in right]
        missing = [p for p in pairs if p not in self.scores]
        if missing:  # score the unseen pairs in one vectorised call
            self.score_pairs(missing)
        values = [self.scores[p] for p in pairs]
        related = sum(1 for v in values if v >= SUPPORT * threshold)
        average = 0.0 if 2 * related <= len(values) else sum(values) / len(values)
        if self.reuse is not None:
            if average < threshold:  # the next run's ask may well be proven below unscored
                self.reuse.remember(left, right, values)
            else:
                candidates = self.candidates
                self.extra.update(p for p in pairs if p not in candidates)
        return average

    def score_pairs(self, pairs: list[tuple[int, int]]) -> None:
        """Score pairs (i < j) into ``scores``: a pair's score is one float however the pairs
        are batched (Scorer.score), so scoring them early or late changes nothing."""
        values = self.scorer.score(np.array([p[0] for p in pairs], dtype=np.int64),
                                   np.array([p[1] for p in pairs], dtype=np.int64))
        self.scores.update(zip(pairs, values.tolist(), strict=True))

    def union(self, ra: int, rb: int) -> None:
        keep, gone = min(ra, rb), max(ra, rb)  # the earlier article's index stays the root
        self.parent[gone] = keep
        self.members[keep] = sorted(self.members[keep] + self.members.pop(gone))


def group(scorer: Scorer, scores: dict[tuple[int, int], float],
          threshold: float = SAME_STORY, reuse: AskReuse | None = None) -> Groups:
    """``reuse``: last run's verdicts (``AskReuse.prepare``); afterwards it holds this run's."""
    groups = Groups(scorer, scores, reuse)
    if reuse is not None:
        # Most asks are last run's again, and their pairs beyond the candidates cost about
        # 30 us each scored a few at a time as asked (0.09 s at 2,225 BBC articles), a few
        # us each scored together: last run's are scored at once, up front.
        known = [p for p in reuse.last_pairs() if p not in scores]
        if known:
            groups.score_pairs(known)
    heap = [(-s, i, j) for (i, j), s in scores.items() if s >= threshold]
    heapq.heapify(heap)
    while heap:
        negative, i, j = heapq.heappop(heap)
        ra, rb = groups.find(i), groups.find(j)
        if ra == rb:
            continue
        average = groups.average_link(ra, rb, threshold)
        if average < threshold:
            continue
        if average < -negative - 1e-12:  # the groups changed since this entry was queued
            heapq.heappush(heap, (-average, ra, rb))
            continue
        groups.union(ra, rb)
    if reuse is not None:
        reuse.keep(groups.extra)
    return groups


# --- last run's verdicts ---------------------------------------------------------------------

# An article's row: (text key, fingerprint of all else the score reads of it, its entity ids),
# and its drifts: (term drift, entity drift), sums over runs (see AskReuse.prepare). Apart, as
# most articles' drifts move each run while the rest does not: saved whole with each save (a
# LOG_COUNTERS value), as a log table's changes outgrew its share every run, so the state wrote
# the memo's whole base again each run (0.6 MB and 0.03 s CPU at 2,225 articles).
ArticleRow = tuple[bytes, bytes, tuple[str, ...]]
Drifts = tuple[float, float]
# A below verdict: (pairs, score sum, the (pairs // 2 + 1)-th highest score, the members' term
# drifts and entity drifts when it was computed), the members in the ask's key order.
Verdict = tuple[int, float, float, tuple[float, ...], tuple[float, ...]]


class AskMemo:
    """The verdicts of the last run's asks that stayed below the threshold, and what they were
    computed from. Dict tables keyed by article id (the state saves them as a log): ``articles``
    (id -> ArticleRow, last run's unique articles) and ``below`` (the first member id of an
    ask's key -> {digest of the ask's members: Verdict}); saved whole: ``drifts`` (id -> Drifts,
    a new dict each run) and ``basis``: what every verdict assumes (the collection's size on the
    log grid, the threshold, the term weighting)."""

    LOG_TABLES = ("articles", "below", "pairs")
    LOG_COUNTERS = ("basis", "drifts")

    def __init__(self) -> None:
        self.articles: dict[str, ArticleRow] = {}
        self.drifts: dict[str, Drifts] = {}
        self.below: dict[str, dict[bytes, Verdict]] = {}
        self.basis: tuple = ()
        # id -> the ids (each greater) it was paired with beyond the candidates in the asks
        self.pairs: dict[str, tuple[str, ...]] = {}


class AskReuse:
    """One run's use of an AskMemo: each unique article's drift, the verdicts it may reuse, the
    verdicts it leaves for the next run.

    Why a verdict can be reused. A pair's score is cos x F x D (clipped to 0..1): the cosine of
    two unit term vectors, the entity factor F = (1 + g dice) x c and the date factor D, with
    c (conflicts) and D fixed by the two articles' fingerprints and g by the size's grid step
    (the basis). When a member's unit vector moved by d (Euclidean) since, the cosine moved by
    at most the members' d summed (|u'.v' - u.v| <= |u' - u| + |v' - v|). When the weights of
    its entities moved by E in sum (absolute), with T its new weight total, dice moved by at
    most 3 max(E_i / T_i, E_j / T_j), so F by at most a factor 1 + 3 g max(E / T); runs chain
    as the product, at most exp(3 g (R_i + R_j)) with R the sum of E / T over runs. As
    F x D <= 1 + g, every pair's score since is at most
    (s + 2 (1 + g) dmax) x exp(6 g rmax) with dmax, rmax the largest drift of any member: one
    increasing function of s. So the mean is at most that of the old mean, and the
    (n // 2 + 1)-th highest score (the support rule's) that of the old one; either below its
    line proves the ask is still below the threshold."""

    def __init__(self, memo: AskMemo, ids: list[str], rows: list[ArticleRow],
                 drifts: list[Drifts], verdicts: dict[str, dict[bytes, Verdict]],
                 gain: float, threshold: float, basis: tuple = ()):
        self.memo, self.ids, self.rows, self.drifts = memo, ids, rows, drifts
        self.drift = [d[0] for d in drifts]
        self.entity_drift = [d[1] for d in drifts]
        self.verdicts, self.gain, self.threshold = verdicts, gain, threshold
        self.basis = basis
        self.used: dict[str, dict[bytes, Verdict]] = {}
        self.asked = self.skipped = 0
        self.encoded = [i.encode() for i in ids]  # the ids as an ask's digest joins them

    @classmethod
    def prepare(cls, memo: AskMemo, scorer: Scorer, threshold: float,
                old_terms: Callable[[str, bytes], list[str] | None],
                keys: list[bytes] | None = None) -> AskReuse:
        """``old_terms``: the terms of last run's article (by id and text key: the term memo
        before this run's count), None when not known; ``keys``: the articles' text keys
        (terms.text_key), when the caller has them."""
        items: list[StoryInput] = scorer.items
        n = len(items)
        basis = (sim.grid_log(n + 1), threshold, SAMPLE, SUPPORT, scoring.TERM_IDF.__name__)
        keys = keys if keys is not None else [text_key(it) for it in items]
        prints = [_fingerprint(it, key) for it, key in zip(items, keys, strict=True)]
        old = memo.articles if memo.basis == basis else {}
        old_drifts = memo.drifts
        at = {it.id: k for k, it in enumerate(items)}
        same = [old.get(it.id, (b"", b""))[1] == fp for it, fp in zip(items, prints, strict=True)]
        gone = [(aid, row) for aid, row in old.items() if aid not in at or not same[at[aid]]]
        removed_terms = [old_terms(aid, row[0]) for aid, row in gone]
        if any(terms is None for terms in removed_terms):  # cannot say what moved: start afresh
            old, gone, removed_terms, same = {}, [], [], [False] * n
        drift = _term_drift(scorer, same, removed_terms, len(old)) if old else np.zeros(n)
        entity_drift = _entity_drift(scorer, same, gone) if old else np.zeros(n)
        rows, drifts = [], []
        for k, it in enumerate(items):
            before = old.get(it.id)
            moved = old_drifts.get(it.id, (0.0, 0.0)) if before is not None else (0.0, 0.0)
            if before is None or not same[k]:
                rows.append((keys[k], prints[k], it.entities))
                if before is not None:
                    moved = (moved[0] + CHANGED_DRIFT, moved[1] + CHANGED_DRIFT)
            else:
                rows.append(before)
                if drift[k] or entity_drift[k]:
                    moved = (moved[0] + float(drift[k]), moved[1] + float(entity_drift[k]))
            drifts.append(moved)
        return cls(memo, [it.id for it in items], rows, drifts, memo.below if old else {},
                   scorer.entity_gain, threshold, basis)

    def _key(self, left: list[int], right: list[int]) -> tuple[str, bytes, list[int]]:
        """The ask's row key (its first member's id), digest and members, sides in id order
        (an ask is symmetric)."""
        left, right = self._sides(left, right)
        return self.ids[left[0]], self._digest(left, right), left + right

    def _sides(self, left: list[int], right: list[int]) -> tuple[list[int], list[int]]:
        ids = self.ids
        return (right, left) if ids[right[0]] < ids[left[0]] else (left, right)

    def _digest(self, left: list[int], right: list[int]) -> bytes:
        encoded = self.encoded
        return hashlib.blake2b(b"\0".join(map(encoded.__getitem__, left)) + b"\1"
                               + b"\0".join(map(encoded.__getitem__, right)),
                               digest_size=16).digest()

    def proven_below(self, left: list[int], right: list[int], threshold: float) -> bool:
        self.asked += 1
        left, right = self._sides(left, right)
        row = self.ids[left[0]]
        verdicts = self.verdicts.get(row)  # none for most asks' first member: no digest made
        if verdicts is None or threshold != self.threshold:
            return False
        digest = self._digest(left, right)
        verdict = verdicts.get(digest)
        if verdict is None:
            return False
        members = left + right
        n, total, decisive, drifts, entity_drifts = verdict
        moved = max(self.drift[m] - d for m, d in zip(members, drifts, strict=True))
        entities_moved = max(self.entity_drift[m] - r
                             for m, r in zip(members, entity_drifts, strict=True))
        below = _bound(total / n, moved, entities_moved, self.gain) < threshold - MARGIN
        unsupported = _bound(decisive, moved, entities_moved, self.gain) \
            < SUPPORT * threshold - MARGIN
        if not below and not unsupported:
            return False
        self.used.setdefault(row, {})[digest] = verdict
        self.skipped += 1
        return True

    def remember(self, left: list[int], right: list[int], values: list[float]) -> None:
        row, digest, members = self._key(left, right)
        decisive = sorted(values, reverse=True)[len(values) // 2]
        self.used.setdefault(row, {})[digest] = (
            len(values), sum(values), decisive, tuple(self.drift[m] for m in members),
            tuple(self.entity_drift[m] for m in members))

    def last_pairs(self) -> list[tuple[int, int]]:
        """Last run's pairs beyond the candidates that its asks read, between articles still
        here (by index, i < j, in a fixed order)."""
        at = {aid: k for k, aid in enumerate(self.ids)}
        found = []
        for aid, partners in sorted(self.memo.pairs.items()):
            i = at.get(aid)
            if i is not None:
                found += [(i, j) if i < j else (j, i)
                          for j in map(at.get, partners) if j is not None]
        return found

    def keep(self, pairs: set[tuple[int, int]] = frozenset()) -> None:
        """Leave this run's articles, verdicts and pairs beyond the candidates (``pairs``, by
        index) for the next run (only these: no growth)."""
        self.memo.articles = dict(zip(self.ids, self.rows, strict=True))
        self.memo.drifts = dict(zip(self.ids, self.drifts, strict=True))
        self.memo.basis = self.basis
        self.memo.below = self.used
        ids, partners = self.ids, {}
        for i, j in pairs:
            a, b = (ids[i], ids[j]) if ids[i] < ids[j] else (ids[j], ids[i])
            partners.setdefault(a, []).append(b)
        old = self.memo.pairs
        # last run's tuple where the same, so the state's log writes only the rows that moved
        self.memo.pairs = {a: old[a] if old.get(a) == tuple(sorted(b)) else tuple(sorted(b))
                           for a, b in partners.items()}


def _bound(score: float, moved: float, entities_moved: float, gain: float) -> float:
    """The most a score can be now that was ``score`` before its members' term vectors moved
    by at most ``moved`` and their entity drift by ``entities_moved`` (AskReuse)."""
    return (score + 2 * (1 + gain) * moved) * math.exp(6 * gain * entities_moved)


def _fingerprint(item: StoryInput, key: bytes) -> bytes:
    """Everything of an article the pair score reads besides its words (``key``): date, its
    entities with their kinds and names."""
    entities = item.entities
    types, names = item.entity_types or {}, item.entity_names or {}
    meta = (item.date.toordinal(), item.date_guessed, entities,
            tuple(types.get(e) for e in entities), tuple(names.get(e) for e in entities),
            item.entity_names is None)
    return hashlib.blake2b(key + repr(meta).encode(), digest_size=16).digest()


def _term_drift(scorer: Scorer, same: list[bool], removed_terms: list[list[str]],
                n_before: int) -> np.ndarray:
    """How far each unchanged article's unit term vector moved since last run (Euclidean),
    from the document frequencies the added and removed articles changed; 0 where none of its
    terms changed weight."""
    m = scorer.matrix
    rows = np.repeat(np.arange(len(same)), np.diff(m.indptr))
    change = Counter()
    for k in np.flatnonzero(~np.array(same, dtype=bool)).tolist():
        change.update(m.indices[m.indptr[k]:m.indptr[k + 1]].tolist())
    for terms in removed_terms:
        change.subtract(c for c in map(scorer._column, terms) if c >= 0)
    columns = np.array(sorted(c for c, d in change.items() if d), dtype=np.int64)
    drift = np.zeros(len(same))
    if columns.size == 0:
        return drift
    df_before = scorer.df.copy()
    df_before[columns] -= np.array([change[c] for c in columns.tolist()], dtype=df_before.dtype)
    ratio = np.ones(len(scorer.vocab))
    ratio[columns] = scoring.TERM_IDF(scorer.vocab, df_before, n_before)[columns] / \
        scoring.TERM_IDF(scorer.vocab, scorer.df, len(same))[columns]
    touched = np.zeros(len(same), dtype=bool)
    touched[rows[ratio[m.indices] != 1.0]] = True
    touched &= np.array(same, dtype=bool)
    pick = touched[rows]
    unit, row = m.data[pick], rows[pick]
    before = unit * ratio[m.indices[pick]]  # last run's row, up to its length
    length = np.sqrt(np.bincount(row, weights=before * before, minlength=len(same)))
    moved = unit - before / length[row]
    drift[touched] = np.sqrt(np.bincount(row, weights=moved * moved,
                                         minlength=len(same)))[touched]
    return drift


def _entity_drift(scorer: Scorer, same: list[bool],
                  gone: list[tuple[str, ArticleRow]]) -> np.ndarray:
    """Per unchanged article: how much the weights of its entities moved since last run (summed,
    absolute), over its entity weight total now."""
    change: Counter[str] = Counter()
    for k, unchanged in enumerate(same):
        if not unchanged:
            change.update(scorer.entities[k])
    for _, row in gone:
        change.subtract(row[2])
    size = sim.grid_log(len(same) + 1)
    moved = {}
    for entity, d in change.items():
        df = scorer.entity_df.get(entity, 0)
        if d and df and df - d > 0:  # an entity in no unchanged article does not matter
            moved[entity] = abs(scorer.entity_weight[entity] - scoring.entity_weight(df - d, size))
    drift = np.zeros(len(same))
    if not moved:
        return drift
    changed = frozenset(moved)
    for k, entities in enumerate(scorer.entities):
        hit = entities & changed
        if hit and same[k] and scorer.entity_total[k] > 0:
            drift[k] = math.fsum(moved[e] for e in hit) / scorer.entity_total[k]
    return drift
