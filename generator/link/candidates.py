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
    matrix = _pruned(scorer.matrix, PRUNED_TERMS)
    guessed = np.flatnonzero(scorer.guessed)
    dated = np.flatnonzero(~scorer.guessed)
    dated = dated[np.argsort(scorer.ordinal[dated], kind="stable")]
    days = scorer.ordinal[dated]
    pairs: set[tuple[int, int]] = set()
    for start in range(0, dated.size, CHUNK):
        rows = dated[start:start + CHUNK]
        lo = np.searchsorted(days, days[start] - WINDOW_DAYS, side="left")
        hi = np.searchsorted(days, days[min(start + CHUNK, dated.size) - 1] + WINDOW_DAYS,
                             side="right")
        cols = np.concatenate([dated[lo:hi], guessed])
        _top(matrix, rows, cols, scorer, pairs)
    for start in range(0, guessed.size, CHUNK):
        _top(matrix, guessed[start:start + CHUNK], np.arange(n), scorer, pairs)
    return sorted(pairs)


def _top(matrix: sparse.csr_matrix, rows: np.ndarray, cols: np.ndarray, scorer: Scorer,
         pairs: set[tuple[int, int]]) -> None:
    if rows.size == 0 or cols.size == 0:
        return
    sims = (matrix[rows] @ matrix[cols].T).toarray()
    gap = np.abs(scorer.ordinal[rows][:, None] - scorer.ordinal[cols][None, :])
    undated = scorer.guessed[rows][:, None] | scorer.guessed[cols][None, :]
    sims[(gap > WINDOW_DAYS) & ~undated] = 0.0
    sims[rows[:, None] == cols[None, :]] = 0.0
    k = min(NEIGHBOURS, cols.size)
    best = np.argpartition(-sims, k - 1, axis=1)[:, :k] if k < cols.size else \
        np.broadcast_to(np.arange(cols.size), (rows.size, cols.size))
    for r, row in enumerate(rows.tolist()):
        for c in best[r].tolist():
            if sims[r, c] > 0:
                other = int(cols[c])
                pairs.add((row, other) if row < other else (other, row))


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
