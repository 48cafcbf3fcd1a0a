"""The term-count memo (generator/link/terms.py): a warm run's grouping equals a cold run's."""

import dataclasses
import pickle
from collections import Counter

import numpy as np

from generator.link import terms as terms_module
from generator.link.scoring import Scorer, weighted_counts
from generator.link.similarity import words
from generator.link.stories import group_stories
from generator.link.terms import TermMemo
from tests.link.test_stories import FOOTBALL, SUMMIT_B, fixture_items, item, lookalike_items


def _everything():
    return {it.id: it for it in lookalike_items() + fixture_items()}


def _grouped(grouped):
    return [s.to_dict() for s in grouped.stories], grouped.moved


def _warm(before, after, memo=None):
    """Group ``after`` with the memo ``before`` left, as the next run of a build does."""
    memo = memo if memo is not None else TermMemo()
    group_stories(before, terms=memo)
    return group_stories(after, terms=memo)


def test_warm_grouping_equals_cold_after_add_remove_and_edit():
    items = list(_everything().values())
    half = items[: len(items) // 2]
    assert _grouped(_warm(half, items)) == _grouped(group_stories(items))  # added
    assert _grouped(_warm(items, half)) == _grouped(group_stories(half))  # removed
    # edited in place: the same id (an article's id need not change with its words), so a
    # memo keyed by the id would reuse the old words' counts
    edited = [dataclasses.replace(it, text=FOOTBALL) if it.id == "summit-b" else it
              for it in items]
    assert _grouped(_warm(items, edited)) == _grouped(group_stories(edited))
    assert _grouped(group_stories(edited)) != _grouped(group_stories(items))  # the edit shows
    retitled = [dataclasses.replace(it, title="Arsenal beat Chelsea at the Emirates")
                if it.id == "summit-b" else it for it in items]
    assert _grouped(_warm(items, retitled)) == _grouped(group_stories(retitled))


def test_an_edit_is_counted_again_not_taken_from_the_memo():
    before = [item("a", SUMMIT_B)]
    after = [item("a", FOOTBALL)]
    memo = TermMemo()
    memo.count(before)
    warm = memo.count(after)
    terms = {warm.terms[k] for k in warm.ids[0].tolist()}
    expected, _ = weighted_counts(after[0], words(FOOTBALL))
    assert terms == set(expected)


def test_memo_keeps_only_the_articles_of_the_last_run():
    items = list(_everything().values())
    memo = TermMemo()
    memo.count(items)
    memo.count(items[:3])
    assert set(memo.records) == {it.id for it in items[:3]}


def test_counts_equal_the_counted_ones_including_large_and_fractional(monkeypatch):
    text = "ferry " * 300 + "harbour strike"  # a count above one byte
    items = [item("a", text, title="Ferry strike"), item("b", FOOTBALL)]
    monkeypatch.setattr(terms_module, "LEAD_WEIGHT", 2.5)  # fractional weighted counts
    counted = TermMemo().count(items)
    for row, it in enumerate(items):
        expected, lead = terms_module.weighted_counts(it, words(it.text))
        got = {counted.terms[k]: c for k, c in zip(counted.ids[row].tolist(),
                                                    counted.counts[row].tolist(), strict=True)}
        assert got == dict(expected)
        assert counted.lead_terms(row) == lead
    assert any(c > 255 for c in counted.counts[0].tolist())


def test_memo_survives_pickling_and_gives_the_same_grouping():
    items = list(_everything().values())
    memo = TermMemo()
    group_stories(items[:-2], terms=memo)
    loaded = pickle.loads(pickle.dumps(memo))
    assert loaded.index == memo.index
    assert _grouped(group_stories(items, terms=loaded)) == _grouped(group_stories(items))
    state = memo.__getstate__()
    assert all(isinstance(part, bytes) for record in state["records"].values()
               for part in record)  # compact: bytes, no per-article arrays or counters


def _batch(name, n_words):
    """Two articles using ``n_words`` words no other batch uses."""
    return [item(f"{name}{k}", " ".join(f"{name}x{w}" for w in range(n_words)))
            for k in range(2)]


def test_term_table_is_cleaned_up_once_it_doubled_and_most_of_it_is_gone(monkeypatch):
    monkeypatch.setattr(terms_module, "COMPACT_MIN_TERMS", 5)
    memo = TermMemo()
    for batch, table in ((_batch("aa", 60), 60),  # first clean-up check: all 60 in use
                         (_batch("bb", 55), 115),  # aa's terms gone but kept: not doubled
                         (_batch("cc", 10), 10)):  # doubled, mostly gone: only cc's kept
        assert _grouped(group_stories(batch, terms=memo)) == _grouped(group_stories(batch))
        assert len(memo.terms) == table
        assert memo.index == {t: k for k, t in enumerate(memo.terms)}
    # cc's records, renumbered, give its counts again, beside new articles
    everything = _batch("cc", 10) + list(_everything().values())
    assert _grouped(group_stories(everything, terms=memo)) == \
        _grouped(group_stories(everything))


def test_scorer_matrix_is_the_one_counting_gives():
    items = list(_everything().values())
    scorer = Scorer(items)
    for row, it in enumerate(items):
        counts, _ = weighted_counts(it, words(it.text) or words(it.title))
        lo, hi = scorer.matrix.indptr[row], scorer.matrix.indptr[row + 1]
        columns = scorer.matrix.indices[lo:hi]
        assert sorted(scorer.vocab[c] for c in columns.tolist()) == sorted(counts)
        assert np.all(np.diff(columns) != 0)
    assert scorer.vocab == sorted(set().union(*(Counter(weighted_counts(
        it, words(it.text) or words(it.title))[0]) for it in items)))


def test_term_matrix_is_the_same_whatever_order_a_row_comes_in():
    items = list(_everything().values())
    counted = TermMemo().count(items)
    rng = np.random.default_rng(7)
    shuffled = dataclasses.replace(counted, ids=[], counts=[])
    for ids, counts in zip(counted.ids, counted.counts, strict=True):
        order = rng.permutation(ids.size)
        shuffled.ids.append(ids[order])
        shuffled.counts.append(counts[order])
    memo_order, other_order = Scorer(items, counted).matrix, Scorer(items, shuffled).matrix
    for part in ("indptr", "indices", "data"):
        assert np.array_equal(getattr(memo_order, part), getattr(other_order, part))


def _named():
    """The articles with their entities' names, as link gives them (scoring.entity_fields)."""
    return [dataclasses.replace(it, entity_names={e: e.replace("-", " ").title()
                                                  for e in it.entities})
            for it in _everything().values()]


def test_a_warm_run_changes_only_the_entries_of_the_changed_article():
    """The memo is dict tables (the run state saves only the entries a run changed): adding
    an article keeps every other record and every known term's id as they were."""
    items = _named()
    memo = TermMemo()
    group_stories(items[:-1], terms=memo)
    records, index, names = dict(memo.records), dict(memo.index), dict(memo.names)
    assert type(memo).LOG_TABLES == ("index", "records", "names") and names
    group_stories(items, terms=memo)
    assert {k for k, r in memo.records.items() if records.get(k) is not r} == {items[-1].id}
    assert all(memo.index[t] == k for t, k in index.items())
    assert memo.names == names  # the same names: their terms were not made again


def test_a_memo_whose_tables_grew_after_loading_counts_as_a_cold_run():
    """As the run state loads a log: the pickled memo, then its tables updated in place (new
    terms and records); the term list follows the index."""
    items = list(_everything().values())
    memo = TermMemo()
    group_stories(items[:-2], terms=memo)
    base = pickle.dumps(memo)
    group_stories(items, terms=memo)
    loaded = pickle.loads(base)
    for name in TermMemo.LOG_TABLES:
        getattr(loaded, name).update(getattr(memo, name))
    assert _grouped(group_stories(items, terms=loaded)) == _grouped(group_stories(items))
    assert loaded.terms == memo.terms


def test_name_terms_come_from_the_memo_and_only_this_runs_are_kept(monkeypatch):
    from generator.link import scoring

    items = _named()
    memo = TermMemo()
    group_stories(items, terms=memo)
    made = []
    real = scoring._name_terms
    monkeypatch.setattr(scoring, "_name_terms", lambda *a: made.append(a) or real(*a))
    group_stories(items, terms=memo)
    assert memo.names and not made
    without = [dataclasses.replace(it, entities=(), entity_types={}) for it in items]
    group_stories(without, terms=memo)
    assert memo.names == {}
