"""Related links' evidence (small fixtures written for these tests, never corpus text)."""

import datetime
import random

import numpy as np

from generator.link import related
from generator.link.related import REASON_ENTITIES, related_links
from generator.link.scoring import Scorer, StoryInput

DAY = datetime.date(2025, 5, 5)
KINDS = ("person", "place", "organisation")
WORDS = ("quarry", "ferry", "tariff", "glacier", "harbour", "pylon", "orchard", "vaccine")


def _items(seed: int) -> list[StoryInput]:
    rng = random.Random(seed)
    entities = [f"e{k:02d}" for k in range(30)]
    types = {e: KINDS[k % 3] for k, e in enumerate(entities)}
    out = []
    for k in range(40):
        named = tuple(rng.sample(entities[: 6 + k % 24], rng.randrange(0, 9)))
        text = " ".join(rng.choice(WORDS) + rng.choice(("ton", "by", "ley")) for _ in range(30))
        out.append(StoryInput(id=f"a{k:02d}", title="", text=text,
                              date=DAY + datetime.timedelta(days=k % 5), entities=named,
                              entity_types={e: types[e] for e in named}))
    return out


def _expected(scorer: Scorer, a: frozenset, b: frozenset) -> dict:
    """The definition: the REASON_ENTITIES rarest shared entities (highest weight, then id),
    by kind, each kind's ids sorted."""
    rarest = sorted(a & b, key=lambda e: (-scorer.entity_weight[e], e))[:REASON_ENTITIES]
    by_kind: dict = {}
    for e in sorted(rarest):
        by_kind.setdefault(scorer.types[e], []).append(e)
    return {kind: tuple(ids) for kind, ids in sorted(by_kind.items())}


def test_a_links_evidence_is_the_pairs_rarest_shared_entities_on_both_sides():
    for seed in range(3):
        scorer = Scorer(_items(seed))
        members = {k: [k] for k in range(len(scorer))}  # each article its own story
        scores = {(i, j): 0.1 + 0.01 * ((i * 7 + j) % 9)
                  for i in range(len(scorer)) for j in range(i + 1, min(i + 6, len(scorer)))}
        ids = {k: f"s{k:02d}" for k in members}
        links = related_links(scorer, members, list(range(len(scorer))), scores, ids)
        by_id = {v: k for k, v in ids.items()}
        both = 0
        for sid, shown in links.items():
            for link in shown:
                a, b = scorer.entities[by_id[sid]], scorer.entities[by_id[link.story]]
                assert link.shared == _expected(scorer, a, b)
                back = [r for r in links.get(link.story, []) if r.story == sid]
                if back:  # shown on both stories' pages: the same evidence, its own dict
                    both += 1
                    assert (back[0].shared, back[0].terms) == (link.shared, link.terms)
                    assert back[0].shared is not link.shared
                if not link.shared:
                    assert link.terms  # shared words when no entity is shared
        assert both


def _expected_terms(scorer: Scorer, a: list[int], b: list[int]) -> tuple:
    """The definition: the terms weighing most in both stories (product of each story's
    summed weights, a loop over its members), ties by column."""
    wa, wb = scorer.term_weights(a), scorer.term_weights(b)
    common = sorted((c for c in wa if c in wb), key=lambda c: (-wa[c] * wb[c], c))
    return tuple(scorer.vocab[c] for c in common[:related.REASON_TERMS])


def test_a_links_shared_terms_are_the_two_storys_heaviest_common_terms():
    for seed in range(3):
        items = _items(seed)
        items = [StoryInput(id=it.id, title=it.title, text=it.text, date=it.date)
                 if k % 3 else it for k, it in enumerate(items)]  # many share no entity
        scorer = Scorer(items)
        # stories of one to four articles, members not in index order
        members: dict[int, list[int]] = {}
        root = 0
        while root < len(scorer):
            members[root] = list(range(root, min(root + 1 + len(members) % 4, len(scorer))))[::-1]
            root += len(members[root])
        root_of = [r for r in sorted(members) for _ in members[r]]
        scores = {(i, j): 0.1 + 0.01 * ((i * 7 + j) % 9)
                  for i in range(len(scorer)) for j in range(i + 1, min(i + 9, len(scorer)))}
        ids = {r: f"s{r:02d}" for r in members}
        links = related_links(scorer, members, root_of, scores, ids)
        by_id = {v: k for k, v in ids.items()}
        wordy = 0
        for sid, shown in links.items():
            for link in shown:
                a, b = members[by_id[sid]], members[by_id[link.story]]
                if not link.shared:
                    wordy += 1
                    assert link.terms == _expected_terms(scorer, a, b)
        assert wordy


def test_groups_term_sums_are_each_groups_term_sums():
    scorer = Scorer(_items(1))
    groups = [[5, 0, 3], [7], [], [1, 2, 3, 4, 9], [3, 5, 0]]
    group, columns, counts, weights = scorer.groups_term_sums(groups)
    for g, members in enumerate(groups):
        mine = group == g
        one = scorer.term_sums(members) if members else (np.zeros(0),) * 3
        for got, want in zip((columns[mine], counts[mine], weights[mine]), one, strict=True):
            assert got.tolist() == want.tolist()
    assert np.all(np.diff(group) >= 0)


def test_evidence_is_found_once_per_pair(monkeypatch):
    scorer = Scorer(_items(7))
    members = {k: [k] for k in range(len(scorer))}
    scores = {(i, i + 1): 0.3 for i in range(len(scorer) - 1)}
    asked = []
    real = related._evidence

    def counting(*args):
        asked.extend(args[-1])
        return real(*args)
    monkeypatch.setattr(related, "_evidence", counting)
    links = related_links(scorer, members, list(range(len(scorer))), scores,
                          {k: f"s{k:02d}" for k in members})
    assert sum(map(len, links.values())) > len(asked) == len(set(frozenset(p) for p in asked))
