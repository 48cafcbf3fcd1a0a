"""Candidate search: the sparse block search equals a search over every pair, and ties between
equal cosines go to the lower article index whatever else is in the collection."""

import datetime
import random

import numpy as np

from generator.link import candidates
from generator.link.candidates import NEIGHBOURS, PRUNED_TERMS, WINDOW_DAYS, neighbour_pairs
from generator.link.scoring import Scorer, StoryInput

DAY = datetime.date(2024, 3, 1)
VOCAB = [f"{a}{b}" for a in ("harbour", "tariff", "pylon", "glacier", "ferry", "quarry",
                             "vaccine", "orchard", "sensor", "bridge")
         for b in ("ton", "wick", "ford", "ley", "by", "ham")]


def _items(count: int, seed: int, span_days: int, guessed_every: int = 0) -> list[StoryInput]:
    rng = random.Random(seed)
    out = []
    for k in range(count):
        text = " ".join(rng.choice(VOCAB[: 12 + k % 40]) for _ in range(rng.randrange(8, 60)))
        out.append(StoryInput(id=f"a{k:03d}", title="", text=text,
                              date=DAY + datetime.timedelta(days=rng.randrange(span_days)),
                              date_guessed=bool(guessed_every and k % guessed_every == 0)))
    return sorted(out, key=lambda it: (it.date, it.id))


def _every_pair(scorer: Scorer) -> set[tuple[int, int]]:
    """The definition: per article, the NEIGHBOURS highest positive cosines of the pruned
    vectors among all others inside the window, equal cosines by lower index."""
    pruned = candidates._pruned(scorer.matrix, PRUNED_TERMS).toarray()
    sims = pruned @ pruned.T
    pairs = set()
    for i in range(len(scorer)):
        ranked = []
        for j in range(len(scorer)):
            gap = abs(int(scorer.ordinal[i]) - int(scorer.ordinal[j]))
            undated = scorer.guessed[i] or scorer.guessed[j]
            if j != i and sims[i, j] > 0 and (gap <= WINDOW_DAYS or undated):
                ranked.append((-sims[i, j], j))
        for _, j in sorted(ranked)[:NEIGHBOURS]:
            pairs.add((min(i, j), max(i, j)))
    return pairs


def test_block_search_equals_every_pair(monkeypatch):
    monkeypatch.setattr(candidates, "CHUNK", 16)  # several blocks and windows
    for seed, span, guessed in ((1, 10, 0), (2, 400, 0), (3, 400, 7)):
        scorer = Scorer(_items(90, seed, span, guessed))
        # The dot products of the block search and of the dense check may differ in the last
        # bit; the fixture's cosines are far enough apart for the sets to agree anyway.
        assert set(neighbour_pairs(scorer)) == _every_pair(scorer)


def test_equal_cosines_go_to_the_lower_index_whatever_else_arrives():
    base = "harbourton ferryley quarryby glacierwick sensorham"
    copies = [StoryInput(id=f"copy{k:02d}", title="", text=base, date=DAY)
              for k in range(NEIGHBOURS + 5)]
    probe = StoryInput(id="probe", title="", text=base + " orchardford",
                       date=DAY + datetime.timedelta(days=1))
    scorer = Scorer([*copies, probe])
    probe_at = len(copies)
    chosen = sorted(i for pair in neighbour_pairs(scorer) if probe_at in pair
                    for i in pair if i != probe_at)
    # Every copy ties; the probe's own top k are the first copies, however the rows and
    # columns fall into blocks.
    assert set(range(NEIGHBOURS)) <= set(chosen)
    later = [StoryInput(id=f"late{k}", title="", text="vaccineton bridgeby pylonley",
                        date=DAY + datetime.timedelta(days=2)) for k in range(30)]
    more = Scorer([*copies, probe, *later])
    again = sorted(i for pair in neighbour_pairs(more) if probe_at in pair
                   for i in pair if i != probe_at)
    assert again == chosen
    assert np.isclose(float(scorer.cosine(np.array([0]), np.array([1]))[0]), 1.0)
