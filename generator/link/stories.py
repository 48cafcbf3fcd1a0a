"""Group articles that report the same event into stories; mark copies; link related stories.

Steps (near-linear in the number of articles), one module each:
1. duplicates.py: exact copies collapse on a normalised-text key (near copies are marked
   later, from the candidate pairs);
2. candidates.py: each article's nearest neighbours in a weighted TF-IDF space, inside a
   publication-date window -- never all pairs, and not shingles alone;
3. scoring.py: the one pair score (words, entities for and against, dates);
4. grouping.py: average link over the candidate graph (no single-link chaining);
5. story_ids.py: ids continue the previous run's; merged stories leave a forwarding id;
6. related.py: leftover cross-story candidate pairs become related links, with evidence.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np

from generator.link.candidates import neighbour_pairs
from generator.link.duplicates import (
    NearCopyMemo,
    duplicates_within,
    near_copies,
    split_exact_copies,
)
from generator.link.grouping import SAME_STORY, AskMemo, AskReuse, group
from generator.link.related import RelatedLink, related_links
from generator.link.scoring import Scorer, StoryInput, similarity
from generator.link.story_ids import StoryState, assign_ids
from generator.link.terms import TermMemo

__all__ = ["Grouped", "RelatedLink", "Story", "StoryInput", "build_stories", "group_stories",
           "similarity"]

WHY_ENTITIES = 4  # entities named in a story's "why one story" line
WHY_TERMS = 4


@dataclass
class Story:
    id: str
    articles: list[str]
    duplicates: dict[str, str] = field(default_factory=dict)
    related: list[RelatedLink] = field(default_factory=list)
    shared: dict[str, tuple[str, ...]] = field(default_factory=dict)  # kind -> entity ids
    terms: tuple[str, ...] = ()  # terms most of its reports use

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "articles": list(self.articles),
            "duplicates": dict(sorted(self.duplicates.items())),
            "related": [r.to_dict() for r in self.related],
            "shared": {k: list(v) for k, v in sorted(self.shared.items())},
            "terms": list(self.terms),
        }

    @classmethod
    def from_dict(cls, data: dict) -> Story:
        return cls(
            id=data["id"],
            articles=list(data["articles"]),
            duplicates=dict(data.get("duplicates", {})),
            related=[RelatedLink.from_dict(r) for r in data.get("related", [])],
            shared={k: tuple(v) for k, v in data.get("shared", {}).items()},
            terms=tuple(data.get("terms", ())),
        )


@dataclass
class Grouped:
    stories: list[Story]
    moved: dict[str, str]  # story id merged away -> the story it went to


def build_stories(items: list[StoryInput], threshold: float = SAME_STORY) -> list[Story]:
    """Stories ordered by their earliest article; every input article is in exactly one."""
    return group_stories(items, threshold=threshold).stories


def group_stories(items: list[StoryInput], previous: StoryState | None = None,
                  threshold: float = SAME_STORY, terms: TermMemo | None = None,
                  copies: NearCopyMemo | None = None, asks: AskMemo | None = None) -> Grouped:
    """Stories (ids continuing ``previous``) and the ids that moved. ``terms``: the previous
    run's term counts (terms.py), used for unchanged articles and updated; ``copies``: the
    previous run's near-copy verdicts (duplicates.py), likewise; ``asks``: the previous run's
    grouping verdicts (grouping.py), likewise."""
    ordered = sorted(items, key=lambda it: (it.date, it.id))
    ids = [it.id for it in ordered]
    if len(set(ids)) != len(ids):
        raise ValueError("article ids must be unique")
    if not ordered:
        return Grouped([], {})

    terms = terms if terms is not None else TermMemo()
    old_terms = terms.terms_before()  # before the count replaces last run's records
    counted = terms.count(ordered)
    kept, exact = split_exact_copies(ordered, counted.exact)
    unique = [ordered[k] for k in kept]
    counted = counted.subset(kept)
    scorer = Scorer(unique, counted)
    keys = counted.keys
    del counted
    pairs = neighbour_pairs(scorer)
    left = np.array([p[0] for p in pairs], dtype=np.int64)
    right = np.array([p[1] for p in pairs], dtype=np.int64)
    # The candidates' word cosines serve both their scores and the near-copy check.
    words = scorer.cosine(left, right)
    scores = dict(zip(pairs, scorer.score(left, right, words).tolist(), strict=True))
    reuse = AskReuse.prepare(asks, scorer, threshold, old_terms, keys) \
        if asks is not None else None
    groups = group(scorer, scores, threshold, reuse)
    copies = near_copies(unique, pairs, words, exact, copies)
    copies_of: dict[str, list[str]] = defaultdict(list)
    for copy, original in exact.items():
        copies_of[original].append(copy)

    rank = {it.id: (it.date, it.id) for it in ordered}
    roots = sorted(groups.members)  # root = earliest member index -> stable story order
    member_lists = []
    for r in roots:
        member_ids = [unique[i].id for i in groups.members[r]]
        member_ids += [c for m in member_ids for c in copies_of.get(m, [])]
        member_lists.append(sorted(member_ids, key=lambda a: rank[a]))
    story_ids, moved = assign_ids(member_lists, rank, previous or StoryState())
    story_of_root = dict(zip(roots, story_ids, strict=True))
    root_of = [groups.find(i) for i in range(len(unique))]
    related = related_links(scorer, groups.members, root_of, scores, story_of_root)
    why_terms = _why_terms(scorer, [groups.members[r] for r in roots])
    stories = []
    for r, member_ids, sid, terms in zip(roots, member_lists, story_ids, why_terms, strict=True):
        shared = _why_entities(scorer, groups.members[r])
        stories.append(Story(id=sid, articles=member_ids,
                             duplicates=duplicates_within(member_ids, copies, exact),
                             related=related.get(sid, []), shared=shared, terms=terms))
    return Grouped(stories, moved)


def _why_entities(scorer: Scorer, members: list[int]) -> dict[str, tuple[str, ...]]:
    """What most reports of a story name (``WHY_ENTITIES`` entities, by kind): half of why
    they are one story (``_why_terms``: the other half)."""
    if len(members) < 2:
        return {}
    need = _need(len(members))
    counts = Counter(e for i in members for e in scorer.entities[i])
    common = sorted((e for e, n in counts.items() if n >= need),
                    key=lambda e: (-counts[e], -scorer.entity_weight.get(e, 0.0), e))
    shared: dict[str, list[str]] = {}
    for entity in common[:WHY_ENTITIES]:
        shared.setdefault(scorer.types.get(entity, "entity"), []).append(entity)
    return {k: tuple(v) for k, v in sorted(shared.items())}


def _why_terms(scorer: Scorer, stories: list[list[int]]) -> list[tuple[str, ...]]:
    """Per story (its members), the ``WHY_TERMS`` terms most of its reports use, heaviest
    first (summed weight; ties by vocabulary order); none for a story of one report.

    All stories at once (one sort of every story's entries, not one per story): each
    story's summed weights are added in member order (``np.add.at`` adds repeated positions
    one at a time, in order), the floats ``Scorer.term_sums`` gives one story."""
    many = [k for k, members in enumerate(stories) if len(members) >= 2]
    found: list[tuple[str, ...]] = [()] * len(stories)
    if not many:
        return found
    group, columns, counts, weights = scorer.groups_term_sums([stories[k] for k in many])
    story = np.array(many, dtype=np.int64)[group]
    need = np.array([_need(len(members)) for members in stories], dtype=np.int64)
    common = np.flatnonzero(counts >= need[story])
    story_of, column = story[common], columns[common]
    order = np.lexsort((column, -weights[common], story_of))  # per story: heaviest first
    story_of, column = story_of[order], column[order]
    rank = np.arange(order.size) - np.searchsorted(story_of, story_of, side="left")
    top = rank < WHY_TERMS
    picked: dict[int, list[str]] = {}
    for k, c in zip(story_of[top].tolist(), column[top].tolist(), strict=True):
        picked.setdefault(k, []).append(scorer.vocab[c])
    for k, terms in picked.items():
        found[k] = tuple(terms)
    return found


def _need(size: int) -> int:
    """Reports of a story of ``size`` that must share a name or term for it to say why they
    are one story: at least half of them (and two)."""
    return max(2, (size + 1) // 2)
