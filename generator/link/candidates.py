"""Candidate pairs for grouping: each article's nearest neighbours in the weighted term space,
among the articles published within a window of its date (all articles when its date is a
guess). Paraphrased reports share few word n-grams but many rare terms, so neighbours come
from terms, not shingles.

Near-linear: rows are taken in date order, in chunks, against only the articles inside the
chunk's date window, and only the top ``NEIGHBOURS`` per article are kept. Vectors are pruned
to their ``PRUNED_TERMS`` heaviest terms for this search (the pair score uses full vectors).
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

from generator.link.scoring import DATE_DECAY_DAYS, DATE_WINDOW_DAYS, Scorer

NEIGHBOURS = 10  # per article: the largest events have about ten outlets
# Candidates reach as far as the pair score still lets a report join: to where the date
# factor has fallen to one half (scoring.date_factor), so a follow-up weeks later (an
# apology, a fine, the inquiry's report) joins its story when its words and names say so
# strongly. The window bounds the search, it does not decide: the score does.
WINDOW_DAYS = DATE_WINDOW_DAYS + int(DATE_DECAY_DAYS)
PRUNED_TERMS = 40  # heaviest terms per article used to find neighbours
CHUNK = 256  # rows per block product: bounds memory at CHUNK x window articles


def neighbour_pairs(scorer: Scorer) -> list[tuple[int, int]]:
    """Sorted (i, j), i < j: each article with its nearest neighbours (positive cosine)."""
    n = len(scorer)
    if n < 2:
        return []
    guessed = np.flatnonzero(scorer.guessed)
    dated = np.flatnonzero(~scorer.guessed)
    dated = dated[np.argsort(scorer.ordinal[dated], kind="stable")]
    days = scorer.ordinal[dated]
    order = np.concatenate([dated, guessed])  # columns: dated by day, then the guessed
    pruned = _pruned(scorer.matrix, PRUNED_TERMS)
    # Term -> articles (in ``order``), made once: each block's columns are a slice of it.
    by_term = sparse.csr_matrix(pruned[order].T)
    search = _Search(pruned, by_term, order, scorer)
    pairs: set[tuple[int, int]] = set()
    for start in range(0, dated.size, CHUNK):
        lo = np.searchsorted(days, days[start] - WINDOW_DAYS, side="left")
        hi = np.searchsorted(days, days[min(start + CHUNK, dated.size) - 1] + WINDOW_DAYS,
                             side="right")
        search.top(dated[start:start + CHUNK], [(lo, hi), (dated.size, n)], pairs)
    for start in range(0, guessed.size, CHUNK):
        search.top(guessed[start:start + CHUNK], [(0, n)], pairs)
    return sorted(pairs)


class _Search:
    """Top neighbours of blocks of rows among column ranges of ``order``.

    The block product stays sparse: most pairs in a window share none of their heaviest terms,
    and a dense block made this part quadratic in the window's size. Equal cosines (copies of
    one report) are broken by the lower article index, so the choice does not depend on
    which other articles share the block."""

    def __init__(self, pruned: sparse.csr_matrix, by_term: sparse.csr_matrix,
                 order: np.ndarray, scorer: Scorer):
        self.pruned, self.by_term, self.order, self.scorer = pruned, by_term, order, scorer

    def top(self, rows: np.ndarray, ranges: list[tuple[int, int]],
            pairs: set[tuple[int, int]]) -> None:
        ranges = [(lo, hi) for lo, hi in ranges if hi > lo]
        if rows.size == 0 or not ranges:
            return
        cols = np.concatenate([self.order[lo:hi] for lo, hi in ranges])
        block = self.by_term[:, ranges[0][0]:ranges[0][1]] if len(ranges) == 1 else \
            sparse.hstack([self.by_term[:, lo:hi] for lo, hi in ranges], format="csr")
        sims = sparse.csr_matrix(self.pruned[rows] @ block)
        row_of = np.repeat(np.arange(rows.size), np.diff(sims.indptr))
        other, value = cols[sims.indices], sims.data
        keep = (value > 0) & (rows[row_of] != other)
        keep &= self._in_window(rows, row_of, other)
        row_of, other, value = row_of[keep], other[keep], value[keep]
        bounds = np.searchsorted(row_of, np.arange(rows.size + 1))
        for r, row in enumerate(rows.tolist()):
            found = _best(other[bounds[r]:bounds[r + 1]], value[bounds[r]:bounds[r + 1]])
            for o in found.tolist():
                pairs.add((row, o) if row < o else (o, row))

    def _in_window(self, rows: np.ndarray, row_of: np.ndarray, other: np.ndarray) -> np.ndarray:
        ordinal, guessed = self.scorer.ordinal, self.scorer.guessed
        days = ordinal[rows]
        if not guessed.any() and ordinal.max() - ordinal.min() <= WINDOW_DAYS:
            return np.ones(row_of.size, dtype=bool)  # every pair is inside the window
        near = np.abs(days[row_of] - ordinal[other]) <= WINDOW_DAYS
        return near | guessed[rows][row_of] | guessed[other]


def _best(other: np.ndarray, value: np.ndarray, k: int = NEIGHBOURS) -> np.ndarray:
    """The k articles of highest cosine; among equal cosines, the lower indices."""
    if other.size <= k:
        return other
    kth = np.partition(value, other.size - k)[other.size - k]
    above = value > kth
    tied = np.sort(other[value == kth])[:k - int(above.sum())]
    return np.concatenate([other[above], tied])


def _pruned(matrix: sparse.csr_matrix, keep: int) -> sparse.csr_matrix:
    """Each row with only its ``keep`` heaviest entries (ties: lower column first)."""
    indptr, indices, data = [0], [], []
    for i in range(matrix.shape[0]):
        lo, hi = matrix.indptr[i], matrix.indptr[i + 1]
        cols, vals = matrix.indices[lo:hi], matrix.data[lo:hi]
        if cols.size > keep:
            top = np.lexsort((cols, -vals))[:keep]
            cols, vals = cols[top], vals[top]
        indices.append(cols)
        data.append(vals)
        indptr.append(indptr[-1] + cols.size)
    return sparse.csr_matrix((np.concatenate(data) if data else np.zeros(0),
                              np.concatenate(indices) if indices else np.zeros(0, np.int64),
                              np.array(indptr)), shape=matrix.shape)
