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
"""

from __future__ import annotations

import heapq

import numpy as np

from generator.link.scoring import Scorer

SAME_STORY = 0.15  # average-link score needed to merge two groups
SAMPLE = 25  # members per side used for the average of large groups (cost stays bounded)
# Besides the average, most cross pairs must at least be related (score >= SUPPORT x the
# threshold): one article that is half about each of two events (a round-up) averages high
# enough with both, but then half the cross pairs score nothing, so it cannot join them.
SUPPORT = 0.5


class Groups:
    def __init__(self, scorer: Scorer, scores: dict[tuple[int, int], float]):
        self.scorer = scorer
        self.scores = dict(scores)
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
        pairs = [(i, j) if i < j else (j, i) for i in left for j in right]
        missing = [p for p in pairs if p not in self.scores]
        if missing:  # score the unseen pairs in one vectorised call
            values = self.scorer.score(np.array([p[0] for p in missing]),
                                       np.array([p[1] for p in missing]))
            self.scores.update(zip(missing, values.tolist(), strict=True))
        values = [self.scores[p] for p in pairs]
        related = sum(1 for v in values if v >= SUPPORT * threshold)
        if 2 * related <= len(values):
            return 0.0
        return sum(values) / len(values)

    def union(self, ra: int, rb: int) -> None:
        keep, gone = min(ra, rb), max(ra, rb)  # the earlier article's index stays the root
        self.parent[gone] = keep
        self.members[keep] = sorted(self.members[keep] + self.members.pop(gone))


def group(scorer: Scorer, scores: dict[tuple[int, int], float],
          threshold: float = SAME_STORY) -> Groups:
    groups = Groups(scorer, scores)
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
    return groups
