"""Related stories: cross-story candidate pairs, scored by their best article pair plus the
rarity-weighted overlap of the two stories' entities; a few per story, symmetric where room
allows. Each link carries its evidence as data (shared entity ids by kind, shared terms); the
renderer turns it into words."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from generator.link.scoring import Scorer

RELATED_MIN = 0.08  # weakest relation worth showing
MAX_RELATED = 5
ENTITY_BONUS = 0.5  # weight of the stories' entity overlap added to their best pair score
REASON_ENTITIES = 5  # shared entities named per link, rarest first
REASON_TERMS = 5  # shared terms given when the stories share no entity


@dataclass(frozen=True)
class RelatedLink:
    story: str
    score: float
    shared: dict[str, tuple[str, ...]] = field(default_factory=dict)  # kind -> entity ids
    terms: tuple[str, ...] = ()  # shared terms, when no entity is shared

    def to_dict(self) -> dict:
        return {"story": self.story, "score": self.score,
                "shared": {k: list(v) for k, v in sorted(self.shared.items())},
                "terms": list(self.terms)}

    @classmethod
    def from_dict(cls, data: dict) -> RelatedLink:
        return cls(story=data["story"], score=float(data["score"]),
                   shared={k: tuple(v) for k, v in data.get("shared", {}).items()},
                   terms=tuple(data.get("terms", ())))


def pick_links(pairs: list[tuple[float, int, int]],
               limit: int) -> dict[int, list[tuple[float, int]]]:
    """Each story's own ``limit`` best links (``pairs`` best first): a story's list depends
    only on its own relations. (Links taken symmetrically while both lists had room made one
    story's new link push links out of full lists across the archive: 29 of the 32 article
    pages one new BBC report rewrote at 601 differed only in their related list.)"""
    chosen: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for score, ra, rb in pairs:
        for own, other in ((ra, rb), (rb, ra)):
            if len(chosen[own]) < limit:
                chosen[own].append((score, other))
    return chosen


def related_links(scorer: Scorer, members: dict[int, list[int]], root_of: list[int],
                  scores: dict[tuple[int, int], float],
                  story_id: dict[int, str]) -> dict[str, list[RelatedLink]]:
    """Story id -> its related links: its best few, the latest to begin first."""
    best: dict[tuple[int, int], float] = {}
    for (i, j), s in scores.items():
        ra, rb = root_of[i], root_of[j]
        if ra != rb:
            key = (min(ra, rb), max(ra, rb))
            best[key] = max(best.get(key, 0.0), s)
    entities = {r: frozenset().union(*(scorer.entities[i] for i in m))
                for r, m in members.items()}
    # each story's summed entity weights, asked once, not once per pair
    totals = {r: scorer.entity_weight_sum(entities[r]) for r in {r for pair in best for r in pair}}
    pairs: list[tuple[float, int, int]] = []
    for (ra, rb), text_score in sorted(best.items()):
        overlap = scorer.entity_overlap(entities[ra], entities[rb], (totals[ra], totals[rb]))
        score = round(min(1.0, text_score + ENTITY_BONUS * overlap), 3)
        if score >= RELATED_MIN:
            pairs.append((score, ra, rb))
    pairs.sort(key=lambda p: (-p[0], story_id[p[1]], story_id[p[2]]))
    chosen = pick_links(pairs, MAX_RELATED)
    # A link's evidence is the pair's, whichever side it is shown on: most chosen links are
    # shown on both stories' pages (2,276 of 4,115 at 2,225 BBC articles), found once.
    evidence = _evidence(scorer, members, entities,
                         sorted({(min(r, o), max(r, o)) for r, picked in chosen.items()
                                 for _, o in picked}))

    def link(root: int, other: int, score: float) -> RelatedLink:
        shared, words = evidence[(root, other) if root < other else (other, root)]
        return RelatedLink(story=story_id[other], score=score, shared=dict(shared), terms=words)

    # Shown by when the story began, newest first, not by score: the best few are close
    # (0.209 and 0.210 on one BBC story), a new report elsewhere moves such scores by 1e-4
    # through the term weights, and that reordered lists it has nothing to do with. A story's
    # first report is fixed once written (a new report only extends a story), and the pages
    # already show it.
    shown = set(chosen) | {other for picked in chosen.values() for _, other in picked}
    began = {r: min(scorer.ordinal[i] for i in members[r]) for r in shown}
    links: dict[str, list[RelatedLink]] = {}
    for root in sorted(chosen):
        top = sorted(chosen[root], key=lambda c: (-began[c[1]], story_id[c[1]]))
        links[story_id[root]] = [link(root, other, score) for score, other in top]
    return links


def _evidence(scorer: Scorer, members: dict[int, list[int]], entities: dict[int, frozenset[str]],
              pairs: list[tuple[int, int]]
              ) -> dict[tuple[int, int], tuple[dict[str, tuple[str, ...]], tuple[str, ...]]]:
    """Why each pair of stories (roots) is related: the rarest entities both name, by kind;
    the terms weighing most in both when they share none. Symmetric in the two stories."""
    weight = scorer.entity_weight
    found: dict[tuple[int, int], tuple[dict[str, tuple[str, ...]], tuple[str, ...]]] = {}
    wordy = []
    for ra, rb in pairs:
        # rarest first (as shared_entities orders each kind)
        both = sorted(entities[ra] & entities[rb], key=lambda e: (-weight.get(e, 0.0), e))
        shared: dict[str, list[str]] = {}
        for entity in sorted(both[:REASON_ENTITIES]):
            shared.setdefault(scorer.types.get(entity, "entity"), []).append(entity)
        if shared:
            found[(ra, rb)] = {kind: tuple(ids) for kind, ids in sorted(shared.items())}, ()
        else:  # shared terms only when no entity is shared
            wordy.append((ra, rb))
    if not wordy:
        return found
    # The term weights of every story a link needs them for, in one pass (not one per story).
    roots = sorted({r for pair in wordy for r in pair})
    group, columns, _, weights = scorer.groups_term_sums([members[r] for r in roots])
    bounds = np.searchsorted(group, np.arange(len(roots) + 1))
    terms = {r: (columns[bounds[k]:bounds[k + 1]], weights[bounds[k]:bounds[k + 1]])
             for k, r in enumerate(roots)}
    for ra, rb in wordy:
        found[(ra, rb)] = {}, tuple(scorer.shared_terms(terms[ra], terms[rb], REASON_TERMS))
    return found
