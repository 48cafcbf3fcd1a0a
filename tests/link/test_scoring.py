"""The pair scorer's evidence against: who and where each report is about (small fixtures
written for these tests)."""

import datetime
import itertools
import math
import random
from collections import Counter
from types import SimpleNamespace

import numpy as np
import pytest

from eval.news_clusters import background_idf
from generator.link import scoring
from generator.link import similarity as sim
from generator.link.scoring import (
    LEAD_WEIGHT,
    LEAD_WORDS,
    TITLE_WEIGHT,
    Scorer,
    StoryInput,
    weighted_counts,
)

DAY = datetime.date(2025, 3, 3)
TYPES = {"carl-brenner": "person", "harrow-ridge": "place", "saltmarsh": "place",
         "jane-doe": "person", "ray-osgood": "person"}
NAMES = {"carl-brenner": "Carl Brenner", "harrow-ridge": "Harrow Ridge",
         "saltmarsh": "Saltmarsh", "jane-doe": "Jane Doe", "ray-osgood": "Ray Osgood"}
FILLER = ("The escape is the first from the jail in a decade, and the prison service said it "
          "would review its night shifts, its fences and the lighting of its yard. ") * 3


def story(aid: str, title: str, text: str, entities: tuple[str, ...]) -> StoryInput:
    return StoryInput(id=aid, title=title, text=text, date=DAY, entities=entities,
                      entity_types={e: TYPES[e] for e in entities},
                      entity_names={e: NAMES[e] for e in entities})


def test_a_surname_alone_names_the_same_person():
    full = story("a", "Carl Brenner escapes", "Inmate Carl Brenner escaped on Monday night "
                 "by cutting a fence. " + FILLER, ("carl-brenner",))
    # The recogniser found the town but not the bare surname: the report still names him.
    by_surname = story("b", "Manhunt in Harrow Ridge", "Police in Harrow Ridge hunt an inmate "
                       "who cut a fence. Brenner, 34, was missing at the morning count. "
                       + FILLER, ("harrow-ridge",))
    other = story("c", "Manhunt in Harrow Ridge", "Police in Harrow Ridge hunt an inmate who "
                  "cut a fence. He was missing at the morning count. " + FILLER,
                  ("harrow-ridge",))
    scorer = Scorer([full, by_surname, other])
    assert not scorer.disagree(0, 1)
    assert scorer.disagree(0, 2)  # nobody of the one is named in the other


def test_only_names_in_the_headline_and_lead_are_salient():
    credit = "Photograph by Jane Doe for the agency. "
    report = story("a", "Inmates escape Saltmarsh jail", "Three inmates led by Ray Osgood "
                   "broke out of Saltmarsh jail. " + FILLER, ("saltmarsh", "ray-osgood"))
    credited = story("b", "Jail breakout", "Prisoners broke out of a jail overnight. "
                     + FILLER + credit, ("jane-doe",))
    led = story("c", "Jail breakout", credit + "Prisoners broke out of a jail overnight. "
                + FILLER, ("jane-doe",))
    scorer = Scorer([report, credited, led])
    assert scorer.key[1] == frozenset()  # a photo credit in the tail says nothing
    assert not scorer.disagree(0, 1)
    assert scorer.key[2] == frozenset({"jane-doe"})
    assert scorer.disagree(0, 2)


def test_one_pair_dot_product_equals_the_set_intersection_way():
    import random

    import numpy as np

    rng = random.Random(3)
    vocab = [f"term{k}" for k in range(60)]
    items = [StoryInput(id=f"a{k}", title="", date=datetime.date(2024, 5, 1),
                        text=" ".join(rng.choice(vocab) for _ in range(rng.randrange(1, 80))))
             for k in range(40)]
    scorer = Scorer(items)
    assert scorer._descending  # the fast way is the one taken
    fast = [scorer._dot(i, j) for i in range(40) for j in range(40)]
    scorer._descending = False  # the general way: np.intersect1d over the two rows
    general = [scorer._dot(i, j) for i in range(40) for j in range(40)]
    assert fast == general
    assert np.allclose(fast, (scorer.matrix @ scorer.matrix.T).toarray().ravel())


def test_a_pairs_cosine_is_one_float_however_the_pairs_are_batched():
    """Cold and warm runs, candidates and grouping's small asks batch pairs differently; a
    pair's cosine must not depend on it to the last bit (numpy's dot and scipy's row sums
    round differently). The reference: the exactly rounded sum of the shared entries'
    products, from plain dictionaries."""
    import random

    import numpy as np

    rng = random.Random(5)
    vocab = [f"term{k}" for k in range(90)]
    items = [StoryInput(id=f"a{k}", title="", date=datetime.date(2024, 5, 1),
                        text=" ".join(rng.choice(vocab) for _ in range(rng.randrange(1, 160))))
             for k in range(45)]
    scorer = Scorer(items)
    rows = [_row(scorer, it.id) for it in items]
    left, right = np.array(list(itertools.combinations(range(45), 2))).T
    reference = [math.fsum(rows[i][t] * rows[j][t] for t in rows[i].keys() & rows[j].keys())
                 for i, j in zip(left.tolist(), right.tolist(), strict=True)]
    assert left.size > scoring.SMALL_BATCH  # one batch takes the gathered-rows way
    assert scorer.cosine(left, right).tolist() == reference
    single = [float(scorer.cosine(left[k:k + 1], right[k:k + 1])[0]) for k in range(left.size)]
    assert single == reference
    chunks = np.concatenate([scorer.cosine(left[k:k + 7], right[k:k + 7])
                             for k in range(0, left.size, 7)])
    assert chunks.tolist() == reference


def test_weighted_counts_equal_counting_each_stretch_on_its_own():
    """One term look-up per body word gives the counts (and their key order) that counting the
    lead and the rest separately gives."""
    for text in ("", "The the of a", FILLER, "Carl Brenner's fence. " * 40 + FILLER,
                 "Saltmarsh ferries " * 29 + "and " + FILLER):
        item = story("a", "Ferries stop at Saltmarsh", text, ())
        body = sim.words(text)
        plain = Counter(sim.terms_of_words(body[LEAD_WORDS:]))
        lead = Counter(sim.terms_of_words(body[:LEAD_WORDS]))
        title = Counter(sim.terms_of_words(sim.words(item.title)))
        for term, n in lead.items():
            plain[term] += LEAD_WEIGHT * n
        for term, n in title.items():
            plain[term] += TITLE_WEIGHT * n
        counts, salient = weighted_counts(item, body)
        assert list(counts.items()) == list(plain.items())
        assert salient == title.keys() | lead.keys()
        assert "" not in counts


def _row(scorer, article_id):
    """An article's weighted term vector as {term: weight}."""
    k = [it.id for it in scorer.items].index(article_id)
    lo, hi = scorer.matrix.indptr[k], scorer.matrix.indptr[k + 1]
    return {scorer.vocab[c]: w for c, w in zip(scorer.matrix.indices[lo:hi].tolist(),
                                               scorer.matrix.data[lo:hi].tolist(), strict=True)}


def test_a_term_weighting_of_the_term_alone_makes_an_article_vector_its_own(monkeypatch):
    texts = {"a": "Volcano erupts near the village; thousands of villagers flee the ash cloud.",
             "b": "The village council met to discuss the volcano and the ash on the roads.",
             "c": "Markets fell as the central bank raised rates; the village bank closed."}
    items = {k: StoryInput(id=k, title="", text=t, date=DAY) for k, t in texts.items()}
    small, large = [items["a"], items["b"]], list(items.values())
    # The build's IDF is the collection's: another article moves a's weights.
    assert _row(Scorer(small), "a") != pytest.approx(_row(Scorer(large), "a"))
    monkeypatch.setattr(scoring, "TERM_IDF", background_idf)
    assert _row(Scorer(small), "a") == _row(Scorer(large), "a")


def test_entity_overlap_does_not_depend_on_the_order_a_set_is_summed_in():
    """A frozenset's iteration order follows PYTHONHASHSEED; the same weights met in another
    order must give the same overlap to the last bit (0.1 + 0.2 + 0.3 is not 0.3 + 0.2 + 0.1)."""
    overlaps = set()
    for weights in itertools.permutations([0.1, 0.2, 0.3]):
        scorer = SimpleNamespace(entity_weight={**dict(zip("xyz", weights, strict=True)), "s": 0.7})
        overlaps.add(Scorer.entity_overlap(scorer, frozenset("xyzs"), frozenset("s")))
    assert overlaps == {0.7}


def test_term_sums_are_the_floats_a_loop_over_the_members_gives():
    items = [story(f"a{k}", "Ferries stop at Saltmarsh",
                   FILLER[k * 7:] + " Saltmarsh ferries harbour strike " * (k + 1), ())
             for k in range(6)]
    scorer = Scorer(items)
    members = [5, 0, 3, 1]  # not in index order: the sums follow the members' order
    loop: dict[int, float] = {}
    used: Counter = Counter()
    for i in members:
        lo, hi = scorer.matrix.indptr[i], scorer.matrix.indptr[i + 1]
        for c, w in zip(scorer.matrix.indices[lo:hi].tolist(),
                        scorer.matrix.data[lo:hi].tolist(), strict=True):
            loop[c] = loop.get(c, 0.0) + w
            used[c] += 1
    columns, counts, weights = scorer.term_sums(members)
    assert dict(zip(columns.tolist(), weights.tolist(), strict=True)) == loop
    assert dict(zip(columns.tolist(), counts.tolist(), strict=True)) == dict(used)
    assert scorer.term_weights(members) == loop


def test_the_size_grid_is_exact_and_within_one_step_below_the_log():
    step = math.log(2.0) / sim.COUNT_GRID_STEPS
    assert sim.grid_log(1) == 0.0
    for k in range(1, 40):  # on a power of two the grid point is the power itself
        assert sim.grid_log(2 ** k) == pytest.approx(k * math.log(2.0), abs=1e-12)
        assert sim.grid_log(2 ** k - 1) < sim.grid_log(2 ** k)
    logs = [sim.grid_log(c) for c in range(1, 5000)]
    assert logs == sorted(logs)
    assert all(0.0 <= math.log(c) - g < step + 1e-12
               for c, g in zip(range(1, 5000), logs, strict=True))
    assert len(set(logs)) < 4999 / 20  # a grid, not the log itself


def _topic(k: int, vocabulary: list[str]) -> StoryInput:
    words = " ".join(vocabulary[(k * 3 + i) % len(vocabulary)] for i in range(8))
    return StoryInput(id=f"t{k:02d}", title=f"Report {words}", text=f"{words}. " * 3, date=DAY,
                      entities=(f"ent-{k % 4}",), entity_types={f"ent-{k % 4}": "organisation"},
                      entity_names={f"ent-{k % 4}": f"Ent {k % 4}"})


def test_an_article_on_other_terms_leaves_the_archive_weights_as_they_were():
    """The collection's size is on the log grid: one more article, on terms and entities
    nobody else uses, moves no other article's vector nor any entity's weight (with the exact
    size, every weight moved with each article: the related lists churned archive-wide)."""
    vocabulary = ["harbour", "ferry", "strike", "council", "budget", "flood", "bridge",
                  "school", "vaccine", "airport", "tariff", "orchard", "museum", "railway"]
    archive = [_topic(k, vocabulary) for k in range(15)]
    assert sim.grid_log(len(archive) + 1) == sim.grid_log(len(archive) + 2)  # no step crossed
    outsider = StoryInput(id="zz", title="Glacier survey", text="Glaciologists measured the "
                          "icefield's meltwater. " * 3, date=DAY, entities=("ent-new",),
                          entity_types={"ent-new": "organisation"},
                          entity_names={"ent-new": "Ent New"})
    before, after = Scorer(archive), Scorer([*archive, outsider])
    for item in archive:
        assert _row(before, item.id) == _row(after, item.id)  # to the last bit
    assert {e: after.entity_weight[e] for e in before.entity_weight} == before.entity_weight
    assert after.entity_gain == before.entity_gain
    # A step crossed is a real change: the grid moves, so the weights do.
    grown = archive + [_topic(k, vocabulary) for k in range(15, 20)]
    assert sim.grid_log(len(grown) + 1) > sim.grid_log(len(archive) + 1)
    assert _row(Scorer(grown), "t00") != _row(before, "t00")


def test_a_pairs_score_is_one_float_however_the_pairs_are_batched():
    """Grouping asks a few pairs at a time (scored one by one in plain floats), the candidates
    come in one batch (numpy arrays), and a caller may pass the cosines it has: the same score
    to the last bit each way, with dates inside, past and far past the window, a guessed date,
    and entities that agree, disagree and are missing."""
    import random

    import numpy as np

    rng = random.Random(11)
    vocab = [f"term{k}" for k in range(70)] + ["brenner", "osgood", "harrow", "ridge"]
    kinds = list(TYPES)
    items = []
    for k in range(40):
        ents = tuple(rng.sample(kinds, rng.randrange(0, 3)))
        items.append(StoryInput(
            id=f"a{k}", title=" ".join(rng.choice(vocab) for _ in range(4)),
            text=" ".join(rng.choice(vocab) for _ in range(rng.randrange(5, 120))),
            date=DAY + datetime.timedelta(days=rng.choice((0, 3, 20, 45, 200))),
            date_guessed=k % 9 == 0, entities=ents,
            entity_types={e: TYPES[e] for e in ents}, entity_names={e: NAMES[e] for e in ents}))
    scorer = Scorer(items)
    left, right = np.array(list(itertools.combinations(range(40), 2))).T
    batched = scorer.score(left, right)
    assert left.size > scoring.SMALL_BATCH and len(set(batched.tolist())) > 100
    assert scorer.score(left, right, scorer.cosine(left, right)).tolist() == batched.tolist()
    single = [scorer.score_one(i, j) for i, j in zip(left.tolist(), right.tolist(), strict=True)]
    assert single == batched.tolist()
    chunks = np.concatenate([scorer.score(left[k:k + 7], right[k:k + 7])
                             for k in range(0, left.size, 7)])
    assert chunks.tolist() == batched.tolist()
    factors = {scorer.entity_factor(i, j) for i, j in zip(left.tolist(), right.tolist(),
                                                          strict=True)}
    dates = set(scorer.date_factor(left, right).tolist())
    assert len(dates) > 3 and min(factors) < 1.0 < max(factors)  # the cases are all there


def test_a_pair_sharing_no_entity_sums_no_weights_and_scores_as_before(monkeypatch):
    """Most candidate pairs share no entity: their shared weight is 0.0 without summing
    (weight_sum is not called), and every pair's entity factor is the Dice formula's, computed
    here the long way."""
    scorer = Scorer([
        story("a", "Brenner escapes", "Carl Brenner escaped. " + FILLER, ("carl-brenner",)),
        story("b", "Osgood in Saltmarsh", "Ray Osgood spoke in Saltmarsh. " + FILLER,
              ("ray-osgood", "saltmarsh")),
        story("c", "Brenner at Harrow Ridge", "Carl Brenner was seen at Harrow Ridge. " + FILLER,
              ("carl-brenner", "harrow-ridge")),
        story("d", "Doe", "Jane Doe spoke. " + FILLER, ("jane-doe",)),
    ])
    pairs = list(itertools.combinations(range(4), 2))
    expected = {}
    for i, j in pairs:
        a, b = scorer.entities[i], scorer.entities[j]
        total = math.fsum(scorer.entity_weight[e] for e in a) + \
            math.fsum(scorer.entity_weight[e] for e in b)
        dice = 2 * math.fsum(scorer.entity_weight[e] for e in a & b) / total
        factor = scoring.ENTITY_FLOOR + scorer.entity_gain * dice
        if scorer.disagree(i, j):
            factor *= scoring.CONFLICT_FACTOR
        elif scorer.places_disagree(i, j):
            factor *= scoring.PLACE_CONFLICT_FACTOR
        expected[i, j] = factor
    summed = []
    real_sum = scoring.weight_sum
    monkeypatch.setattr(scoring, "weight_sum",
                        lambda weights, entities: summed.append(entities) or
                        real_sum(weights, entities))
    assert {p: scorer.entity_factor(*p) for p in pairs} == expected
    assert summed == [frozenset({"carl-brenner"})]  # only (a, c) shares one


def test_key_places_are_the_places_a_places_only_choice_gives():
    """Each kind's key entities are chosen apart from the others', so the key places (the
    scorer takes them from the key) are what choosing among places alone gives."""
    lead = "Ray Osgood, Jane Doe and Carl Brenner fled Saltmarsh for Harrow Ridge. "
    items = [story("a", "Escape", lead + FILLER, ("ray-osgood", "jane-doe", "carl-brenner",
                                                  "saltmarsh", "harrow-ridge")),
             story("b", "Harrow Ridge manhunt", "Police searched. " + FILLER,
                   ("harrow-ridge", "jane-doe", "saltmarsh")),
             story("c", "Jail news", FILLER + lead, ("saltmarsh", "ray-osgood")),
             StoryInput(id="d", title="No names known", text=FILLER, date=DAY,
                        entities=("saltmarsh", "jane-doe", "harrow-ridge"),
                        entity_types={"saltmarsh": "place", "jane-doe": "person",
                                      "harrow-ridge": "place"})]
    scorer = Scorer(items)
    counted = scoring.TermMemo().count(items)
    name_terms = {e: scoring._name_terms(NAMES[e], TYPES[e]) for e in TYPES}
    for k, it in enumerate(items):
        lead_terms = counted.lead_terms(k) if it.entity_names else None
        alone = scoring._key_entities(it, scorer.types, name_terms, lead_terms, ("place",))
        assert scorer.key_places[k] == alone
    assert scorer.key_places[0] == {"saltmarsh", "harrow-ridge"}
    assert scorer.key_places[3] == {"saltmarsh", "harrow-ridge"}  # no names: most salient
    assert scorer.key_places[2] == frozenset()  # named only in the tail


def _fsums(values: list[float], bounds: list[int]) -> list[float]:
    return [math.fsum(values[a:b]) for a, b in zip(bounds[:-1], bounds[1:], strict=True)]


def test_exact_sums_are_fsums_of_each_segment():
    rng = random.Random(5)
    values: list[float] = []
    bounds = [0]
    for k in range(400):
        n = rng.choice((0, 1, 2, 5, 40, 300))
        scale = 10.0 ** rng.randint(-12, 3)
        values += [rng.random() * scale * (1 if k % 3 else rng.choice((1, -1))) for _ in range(n)]
        bounds.append(len(values))
    # sums on or next to a rounding midpoint, where a wide sum alone cannot decide: 1 + 2**-53
    # is halfway between two floats (fsum rounds it to even), a little more or less is not
    tiny = 2.0 ** -53
    for segment in ([1.0, tiny], [1.0, tiny, 2.0 ** -90], [1.0, tiny, -(2.0 ** -90)],
                    [1.0, 2 * tiny, tiny], [0.1] * 10, [1e16, 1.0, -1e16], [0.5, -0.5], []):
        values += segment
        bounds.append(len(values))
    got = scoring.exact_sums(np.array(values), np.array(bounds))
    want = _fsums(values, bounds)
    assert [x.hex() for x in got.tolist()] == [x.hex() for x in want]
    assert got[-8] == 1.0 == got[-6] and got[-7] == 1.0 + 2 * tiny  # midpoints: both ways


def test_cosines_in_blocks_are_the_pairs_fsums():
    items = [story(f"a{k}", "Ferries stop at Saltmarsh",
                   FILLER[k * 5:] + " Saltmarsh ferries harbour strike " * (k + 1), ())
             for k in range(12)]
    scorer = Scorer(items)
    left, right = np.array([i for i in range(12) for _ in range(12)]), np.tile(np.arange(12), 12)
    assert scorer.cosine(left, right).tolist() == [scorer._dot(i, j) for i, j in
                                                   zip(left.tolist(), right.tolist(), strict=True)]
