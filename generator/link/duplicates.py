"""Copies: exact copies (same words after normalising case, spacing and quotes) fold onto the
earliest; near copies (word 5-gram Jaccard >= ``NEAR_COPY_JACCARD``) are marked too. A near
copy is only looked for among candidate pairs whose word cosine is already high."""

from __future__ import annotations

import numpy as np

from generator.link import similarity as sim
from generator.link.scoring import StoryInput
from generator.link.terms import article_words, text_key
from generator.link.union_find import UnionFind

NEAR_COPY_JACCARD = 0.85  # share of 5-word shingles two texts must have in common
NEAR_COPY_COSINE = 0.6  # word cosine below which a pair cannot reach that Jaccard


def split_exact_copies(ordered: list[StoryInput],
                       exact_keys: list[bytes]) -> tuple[list[int], dict[str, str]]:
    """Keep the earliest of each exact-text group (``exact_keys``: each article's key, from
    terms.py); map later copies. Returns the kept articles' positions and the copies."""
    first: dict[bytes, str] = {}
    unique: list[int] = []
    exact: dict[str, str] = {}
    for k, (it, key) in enumerate(zip(ordered, exact_keys, strict=True)):
        if key in first:
            exact[it.id] = first[key]
        else:
            first[key] = it.id
            unique.append(k)
    return unique, exact


# Whether two texts are near copies (their shingles' Jaccard >= NEAR_COPY_JACCARD) is a pure
# function of their words, and at 10x BBC (every report with nine edited copies) tokenising and
# shingling the texts again was a quarter of a warm run's link stage. The verdicts of the pairs
# a run checks are kept for the next, keyed by the two texts' digests (terms.text_key: the
# headline and body, all article_words is made of), so an edited text is checked again.
NearCopyMemo = dict[bytes, bool]


def near_copies(unique: list[StoryInput], pairs: list[tuple[int, int]], cosine: np.ndarray,
                exact: dict[str, str], memo: NearCopyMemo | None = None) -> dict[str, str]:
    """Article id -> the earliest article it copies (exact or near), over all copies.
    ``memo``: the previous run's verdicts, replaced by this run's."""
    shingles: dict[int, np.ndarray] = {}
    crc: dict[str, int] = {}  # word -> its hash, shared by all texts
    keys: dict[int, bytes] = {}
    previous = memo if memo is not None else {}
    used: NearCopyMemo = {}

    def shingles_of(i: int) -> np.ndarray:  # only articles in a pair of high cosine need them
        if i not in shingles:
            shingles[i] = sim.shingles_of_words(article_words(unique[i]), crc=crc)
        return shingles[i]

    def key_of(i: int) -> bytes:
        if i not in keys:
            keys[i] = text_key(unique[i])
        return keys[i]

    def near(i: int, j: int) -> bool:
        a, b = key_of(i), key_of(j)
        key = a + b if a <= b else b + a  # the verdict is symmetric
        verdict = previous.get(key)
        if verdict is None:
            verdict = sim.jaccard(shingles_of(i), shingles_of(j)) >= NEAR_COPY_JACCARD
        used[key] = verdict
        return verdict

    groups = UnionFind(range(len(unique)))
    for (i, j), cos in zip(pairs, cosine.tolist(), strict=True):
        # A pair already joined through other copies needs no Jaccard: joining is all it does.
        if cos >= NEAR_COPY_COSINE and groups.find(i) != groups.find(j) and near(i, j):
            groups.union(i, j)  # the root is the smaller index: the earlier article
    if memo is not None:  # this run's pairs only, so the memo does not grow
        memo.clear()
        memo.update(used)
    copies = {unique[i].id: unique[groups.find(i)].id
              for i in range(len(unique)) if groups.find(i) != i}
    for copy, original in exact.items():
        copies[copy] = copies.get(original, original)
    return copies


def duplicates_within(member_ids: list[str], duplicates: dict[str, str],
                      exact: dict[str, str]) -> dict[str, str]:
    """Copy -> original, both in this story. A near copy whose original went to another story
    (dated weeks apart, say) keeps its own page; an exact copy always sits with its original."""
    members = set(member_ids)
    within: dict[str, str] = {}
    for article in member_ids:
        original = duplicates.get(article)
        if original not in members:
            original = exact.get(article)
        if original in members:
            within[article] = original
    return within
