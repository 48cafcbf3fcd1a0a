"""Shingles and their Jaccard: the fast paths equal numpy's set operations."""

import random

import numpy as np

from generator.link import similarity as sim


def test_shingles_are_sorted_unique_and_a_shared_hash_table_changes_nothing():
    rng = random.Random(5)
    vocab = ["pylon", "ferry", "tariff", "glacier", "quarry", "harbour", "sensor"]
    crc: dict[str, int] = {}
    for length in (1, 3, 5, 6, 40, 300):
        tokens = [rng.choice(vocab) for _ in range(length)]
        alone = sim.shingles_of_words(tokens)
        assert np.array_equal(alone, np.unique(alone))
        assert np.array_equal(sim.shingles_of_words(tokens, crc=crc), alone)
    assert set(crc) == set(vocab)  # each word hashed into the shared table once


def test_jaccard_equals_the_set_definition():
    rng = np.random.default_rng(9)
    for size_a, size_b in ((0, 0), (0, 4), (5, 0), (1, 1), (30, 200), (200, 30), (50, 50)):
        a = np.unique(rng.integers(0, 120, size_a).astype(np.uint64))
        b = np.unique(rng.integers(0, 120, size_b).astype(np.uint64))
        union = set(a.tolist()) | set(b.tolist())
        expected = len(set(a.tolist()) & set(b.tolist())) / len(union) if union else 1.0
        assert sim.jaccard(a, b) == expected


def test_interned_words_equal_words_and_share_one_string_per_word():
    texts = [
        "Mr Smith's ferry didn't sail; the ferry's crew's pay.",
        "JOHN'S 'S john's's don't's it'sa O\u2019Neill\u2019s caf\u00e9's 2,000's",
        "'s s' ' a's b'st Smith's",
        "",
        "The harbour and the HARBOUR\u2019S quarry",
    ]
    canon: dict[str, str] = {}
    seen: dict[str, str] = {}
    for text in texts * 2:  # the second pass finds every token already in the table
        fast = sim.interned_words(text, canon)
        assert fast == sim.words(text)
        for word in fast:  # one string object per distinct word, across texts
            assert seen.setdefault(word, word) is word
