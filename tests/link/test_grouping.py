"""Grouping's reuse of last run's below-threshold verdicts (generator/link/grouping.py)."""

import dataclasses
import datetime
import pickle
import random

from generator.link import grouping
from generator.link.grouping import SAME_STORY, AskMemo, AskReuse
from generator.link.stories import group_stories
from generator.link.terms import TermMemo
from tests.link.test_stories import DAY, item

PEOPLE = [f"person-{k}" for k in range(6)]
PLACES = [f"place-{k}" for k in range(4)]
TYPES = {**{p: "person" for p in PEOPLE}, **{p: "place" for p in PLACES}}


def _corpus(n=60, seed=7):
    """Articles on a few topics (some half about the next topic), with people and places, so
    grouping asks many questions that stay below the threshold."""
    rng = random.Random(seed)
    vocab = ["".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(3))
             for _ in range(500)]
    topics = [[rng.choice(vocab) for _ in range(80)] for _ in range(6)]
    items = []
    for k in range(n):
        words = list(topics[k % 6])
        if k % 4 == 3:
            words[40:] = topics[(k + 1) % 6][40:]
        for p in rng.sample(range(80), 30):
            words[p] = rng.choice(vocab)
        entities = (PEOPLE[k % 6], PLACES[k % 4], *rng.sample(PEOPLE, 2))
        items.append(item(f"a{k:03d}", " ".join(words) + ".", DAY + datetime.timedelta(days=k % 5),
                          tuple(dict.fromkeys(entities)), TYPES))
    return items


def _stories(grouped):
    return [s.to_dict() for s in grouped.stories], grouped.moved


class _Spy:
    """Every AskReuse a run prepares, and each ask it answered without scoring (with the true
    answer, computed aside)."""

    def __init__(self, monkeypatch):
        self.reuses, self.skipped, self.skipped_ids = [], [], []
        prepare, compute = AskReuse.prepare.__func__, grouping.Groups._average_link

        def spy_prepare(cls, *args, **kwargs):
            self.reuses.append(prepare(cls, *args, **kwargs))
            return self.reuses[-1]

        def spy_compute(groups, ra, rb, threshold):
            reuse, groups.reuse = groups.reuse, None
            truth = compute(groups, ra, rb, threshold)
            groups.reuse = reuse
            skipped = reuse.skipped if reuse is not None else 0
            answer = compute(groups, ra, rb, threshold)
            if reuse is not None and reuse.skipped > skipped:
                sample = grouping.SAMPLE
                members = groups.members[ra][:sample] + groups.members[rb][:sample]
                self.skipped.append(truth)
                self.skipped_ids.append({reuse.ids[m] for m in members})
            return answer

        monkeypatch.setattr(AskReuse, "prepare", classmethod(spy_prepare))
        monkeypatch.setattr(grouping.Groups, "_average_link", spy_compute)


def _changed(items, k, words):
    return [dataclasses.replace(it, text=words) if n == k else it for n, it in enumerate(items)]


def test_warm_grouping_with_last_runs_verdicts_equals_cold_after_add_change_and_remove(
        monkeypatch):
    spy = _Spy(monkeypatch)
    items = _corpus()
    runs = [items[:50], items[:55], items[3:55], _changed(items[3:55], 10, items[30].text),
            [dataclasses.replace(it, entities=it.entities[:1]) if it.id == "a020" else it
             for it in items[3:58]], items]
    memo, terms = AskMemo(), TermMemo()
    for run in runs:
        warm = group_stories(run, terms=terms, asks=memo)
        assert _stories(warm) == _stories(group_stories(run))
    assert sum(r.skipped for r in spy.reuses) > 0  # the verdicts were used
    assert spy.skipped and max(spy.skipped) < SAME_STORY  # and each one reused was right


def test_verdicts_survive_pickling():
    items = _corpus()
    memo, terms = AskMemo(), TermMemo()
    group_stories(items[:50], terms=terms, asks=memo)
    memo, terms = pickle.loads(pickle.dumps((memo, terms)))
    assert memo.below and set(memo.articles) == {it.id for it in items[:50]}
    assert all(isinstance(key, str) for key in memo.below)  # tables keyed by article id
    assert _stories(group_stories(items, terms=terms, asks=memo)) == \
        _stories(group_stories(items))


def _reuse(drift, entity_drift=None, verdict=(4, 0.4, 0.08)):
    """An AskReuse with one verdict, groups a0 + a1 vs a2 + a3: 4 pairs, score sum
    ``verdict[1]``, decisive score ``verdict[2]``, every drift 0 then (now: ``drift``)."""
    n, total, decisive = verdict
    memo = AskMemo()
    drifts = list(zip(drift, entity_drift or [0.0] * 4, strict=True))
    reuse = AskReuse(memo, ["a0", "a1", "a2", "a3"], [(b"", b"", ())] * 4, drifts, {}, 0.5,
                     SAME_STORY)
    row, digest, _ = reuse._key([0, 1], [2, 3])
    reuse.verdicts = {row: {digest: (n, total, decisive, (0.0,) * 4, (0.0,) * 4)}}
    return reuse


def test_a_verdict_is_reused_only_while_the_bound_keeps_it_below():
    assert _reuse([0.0] * 4).proven_below([0, 1], [2, 3], SAME_STORY)
    assert _reuse([0.0] * 4).proven_below([2, 3], [0, 1], SAME_STORY)  # either way round
    # mean 0.1: a term drift of 0.01 can lift it by 3 x 0.01 at most: still below 0.15
    assert _reuse([0.0, 0.01, 0.0, 0.0]).proven_below([0, 1], [2, 3], SAME_STORY)
    # 0.02 could lift it to 0.16, and its decisive score 0.08 to 0.14, over 0.075: asked again
    assert not _reuse([0.0, 0.02, 0.0, 0.0]).proven_below([0, 1], [2, 3], SAME_STORY)
    # entity weights that moved enough refuse it as well
    assert not _reuse([0.0] * 4, [0.0, 0.0, 0.2, 0.0]).proven_below([0, 1], [2, 3], SAME_STORY)
    # the support rule alone can keep it: mean high, but the decisive score far below its line
    assert _reuse([0.0, 0.01, 0.0, 0.0], verdict=(4, 0.8, 0.02)).proven_below(
        [0, 1], [2, 3], SAME_STORY)
    assert not _reuse([0.0] * 4).proven_below([0, 2], [1, 3], SAME_STORY)  # other members


def test_a_changed_article_is_asked_again(monkeypatch):
    spy = _Spy(monkeypatch)
    items = _corpus()
    memo, terms = AskMemo(), TermMemo()
    group_stories(items, terms=terms, asks=memo)
    group_stories(items, terms=terms, asks=memo)
    assert any("a010" in ids for ids in spy.skipped_ids)  # reused while a010 is unchanged
    spy.skipped_ids.clear()
    changed = [dataclasses.replace(it, date=it.date + datetime.timedelta(days=1))
               if it.id == "a010" else it for it in items]
    warm = group_stories(changed, terms=terms, asks=memo)
    assert spy.reuses[-1].skipped > 0
    assert not any("a010" in ids for ids in spy.skipped_ids)  # not once its date changed
    assert spy.reuses[-1].drift[spy.reuses[-1].ids.index("a010")] >= grouping.CHANGED_DRIFT
    assert _stories(warm) == _stories(group_stories(changed))


def test_a_run_moving_every_drift_is_saved_as_a_small_delta():
    """Most articles' drifts move each run; the state's log of the memo then writes only the
    changed rows and the drifts, not the whole memo again (its base)."""
    from generator import cache
    n = 4 * cache.COMPACT_MIN * cache.COMPACT_FRACTION
    memo = AskMemo()
    memo.articles = {f"a{i}": (b"k%d" % i, b"f", ()) for i in range(n)}
    memo.drifts = {f"a{i}": (0.0, 0.0) for i in range(n)}
    memo.below = {f"a{i}": {} for i in range(0, n, 3)}
    log = cache._Log("base", {name: dict(t) for name, t in cache._tables(memo).items()},
                     cache._extra(memo))
    memo.articles = {**memo.articles, "new": (b"new", b"f", ())}
    memo.drifts = {key: (0.01, 0.02) for key in memo.articles}  # a new dict, as each run makes
    kept = cache._kept_delta(log, cache._tables(memo))
    assert kept is not None
    delta, removed = kept
    assert sum(map(len, delta.values())) == 1 and not any(removed.values())
    assert cache._extra(memo) != log.base_extra  # the drifts are saved with the delta


def test_a_warm_run_scores_last_runs_pairs_beyond_the_candidates_up_front(monkeypatch):
    batches = []
    score_pairs = grouping.Groups.score_pairs

    def spy(groups, pairs):
        batches.append((bool(groups.merged), list(pairs)))
        return score_pairs(groups, pairs)
    monkeypatch.setattr(grouping.Groups, "score_pairs", spy)
    monkeypatch.setattr(grouping.Groups, "merged", 0, raising=False)
    union = grouping.Groups.union

    def counting_union(groups, ra, rb):
        groups.merged += 1
        return union(groups, ra, rb)
    monkeypatch.setattr(grouping.Groups, "union", counting_union)
    items = _corpus()
    memo, terms = AskMemo(), TermMemo()
    cold = group_stories(items, terms=terms, asks=memo)
    assert batches and memo.pairs  # the asks read pairs beyond the candidates
    kept = {(a, b) for a, partners in memo.pairs.items() for b in partners}
    assert all(a < b for a, b in kept)
    batches.clear()
    warm = group_stories(items, terms=terms, asks=memo)  # nothing changed: the same asks
    assert _stories(warm) == _stories(cold)
    assert len(batches) == 1 and not batches[0][0]  # one batch, before any merge
    assert len(batches[0][1]) == len(kept)
    batches.clear()
    fewer = items[:40] + items[41:]  # a removed article's pairs are not asked for
    assert _stories(group_stories(fewer, terms=terms, asks=memo)) == \
        _stories(group_stories(fewer))
    gone = items[40].id
    assert gone not in memo.pairs and all(gone not in b for b in memo.pairs.values())
