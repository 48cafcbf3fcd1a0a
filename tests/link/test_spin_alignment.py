from difflib import SequenceMatcher
from itertools import product

from generator.link import spin_alignment
from generator.link.spin_alignment import SentenceCache, alignment_signal, split_sentences

ORIGINAL = (
    "President Joe Smith said on Monday that the talks in Geneva would begin next week.\n"
    "The meeting came after months of pressure from European leaders, officials said.\n"
    "Smith said he was very happy with the progress made so far in the negotiations.\n"
    "About 300 people have been killed in the fighting since March, the United Nations said.\n"
    "Officials said the new plan would cost nearly 4 billion dollars over five years.\n"
)
SPUN = (
    "President Joe Smith stated on Monday that the talks in Geneva would commence next week.\n"
    "The assembly arrived after months of pressure from European leaders, officials remarked.\n"
    "Smith stated he was extremely happy with the progress made so far in the negotiations.\n"
    "Approximately 300 people have been killed in the fighting since March, the United Nations "
    "stated.\n"
    "Officials stated the new plan would cost practically 4 billion dollars over five years.\n"
)
PARAPHRASE = (
    "Geneva will host talks next week, according to President Joe Smith.\n"
    "European leaders had pushed for months for a meeting of the two sides.\n"
    "The United Nations counts some 300 deaths since the fighting started in March.\n"
    "A five-year plan worth close to 4 billion dollars is on the table.\n"
    "Smith told reporters he was pleased with how the negotiations had gone.\n"
)
UNRELATED = (
    "The football club confirmed on Tuesday that its manager had signed a new contract.\n"
    "Supporters gathered outside the stadium to celebrate the news with songs.\n"
    "The chairman said the club would invest in young players this season.\n"
    "Ticket prices will stay the same for the next two years, the club said.\n"
)


def test_spun_copy_of_a_known_source_is_flagged():
    reason = alignment_signal(SPUN, [UNRELATED, ORIGINAL])
    assert reason is not None
    assert reason.signal == "alignment"
    assert "very->extremely" in reason.detail


def test_the_source_itself_is_not_flagged_against_its_spun_copy():
    assert alignment_signal(ORIGINAL, [SPUN]) is None


def test_verbatim_copy_is_not_spin():
    assert alignment_signal(ORIGINAL, [ORIGINAL]) is None


def test_paraphrase_and_unrelated_are_not_flagged():
    assert alignment_signal(PARAPHRASE, [ORIGINAL]) is None
    assert alignment_signal(ORIGINAL, [UNRELATED]) is None
    assert alignment_signal(SPUN, []) is None


def test_a_sentence_cache_splits_each_text_once_and_changes_no_verdict(monkeypatch):
    calls = []
    real = spin_alignment._raw_sentences
    monkeypatch.setattr(spin_alignment, "_raw_sentences",
                        lambda text: calls.append(text) or real(text))
    texts = [ORIGINAL, SPUN, PARAPHRASE, UNRELATED]
    alone = [alignment_signal(t, [o for o in texts if o is not t]) for t in texts]
    calls.clear()
    split = SentenceCache()
    cached = [alignment_signal(t, [o for o in texts if o is not t], split) for t in texts]
    assert cached == alone and any(alone)
    assert sorted(calls) == sorted(texts)  # every text split once, though compared 3 times


def test_a_sentence_cache_makes_a_sentence_written_alike_once():
    lines = ORIGINAL.splitlines()
    split = SentenceCache()
    first, again = split(ORIGINAL), split("\n".join([lines[2], lines[0]]))
    assert again[0] is first[2] and again[1] is first[0]
    assert [(s.words, s.anchors) for s in first] == \
        [(s.words, s.anchors) for s in split_sentences(ORIGINAL)]


def test_pairing_shortcuts_agree_with_the_matcher():
    """The verbatim and shared-words shortcuts in _pair_up give what SequenceMatcher gives."""
    sentences = [s for t in (ORIGINAL, SPUN, PARAPHRASE, UNRELATED) for s in split_sentences(t)]
    accepted = 0
    for a, b in product(sentences, sentences):
        pair = spin_alignment._pair_up(a, b)
        ratio = SequenceMatcher(None, a.words, b.words, autojunk=False).ratio()
        shapes_match = 0.75 <= len(a.words) / len(b.words) <= 1.33 and (
            not (a.anchors or b.anchors)
            or len(a.anchors & b.anchors) >= 0.5 * len(a.anchors | b.anchors))
        expected = shapes_match and ratio >= spin_alignment.MIN_PAIR_RATIO
        assert (pair is not None) == expected
        if pair is not None:
            accepted += 1
            assert pair.ratio == ratio
    assert accepted > len(sentences)  # more than the sentences paired with themselves


def _align_by_scoring_every_candidate(mine, theirs):
    """The alignment without shortcuts: every sentence in the window scored, best kept."""
    pairs, last = [], -1
    for i, sentence in enumerate(mine):
        centre = round(i * len(theirs) / max(len(mine), 1))
        lo = max(last + 1, centre - spin_alignment.WINDOW)
        hi = min(len(theirs), centre + spin_alignment.WINDOW + 1)
        best = None
        for j in range(lo, hi):
            pair = spin_alignment._pair_up(sentence, theirs[j])
            if pair and (best is None or pair.ratio > best[1].ratio):
                best = (j, pair)
        if best:
            last = best[0]
            pairs.append(best[1])
    return pairs


def test_alignment_with_verbatim_sentences_matches_scoring_every_candidate():
    lines, spun = ORIGINAL.splitlines(), SPUN.splitlines()
    # Copies that repeat some sentences word for word and reword others; a sentence with the
    # same words in other case is not a verbatim pair (its names differ).
    repeated = "\n".join([lines[0], spun[1], lines[2], lines[0], spun[4]])
    recased = "\n".join([lines[0], spun[1], lines[2].title(), spun[3], spun[4]])
    texts = [ORIGINAL, SPUN, PARAPHRASE, UNRELATED, repeated, recased]
    for a, b in product(texts, texts):
        mine, theirs = split_sentences(a), split_sentences(b)
        expected = _align_by_scoring_every_candidate(mine, theirs)
        assert spin_alignment._align(mine, theirs) == expected
    pairs = spin_alignment._align(split_sentences(repeated), split_sentences(ORIGINAL))
    assert pairs.count(spin_alignment.VERBATIM) == 2
    pairs = spin_alignment._align(split_sentences(recased), split_sentences(ORIGINAL))
    assert len(pairs) == 4 and pairs.count(spin_alignment.VERBATIM) == 1


def test_a_sentence_cache_pairs_two_sentences_once_and_aligns_as_without_it(monkeypatch):
    lines, spun = ORIGINAL.splitlines(), SPUN.splitlines()
    # Copies sharing sentences word for word, and one with the same words in other case (other
    # names): a memory keyed by words alone would pair it as the original's sentence.
    repeated = "\n".join([lines[0], spun[1], lines[2], lines[0], spun[4]])
    recased = "\n".join([lines[0], spun[1], lines[2].title(), spun[3], spun[4]])
    texts = [ORIGINAL, SPUN, PARAPHRASE, UNRELATED, repeated, recased]
    pairs = list(product(texts, texts))
    expected = [spin_alignment._align(split_sentences(a), split_sentences(b)) for a, b in pairs]
    calls = []
    real = spin_alignment._pair_up
    monkeypatch.setattr(spin_alignment, "_pair_up", lambda a, b: calls.append(1) or real(a, b))
    cache = SentenceCache()
    assert [spin_alignment._align(cache(a), cache(b), cache=cache)
            for a, b in pairs] == expected
    assert cache(repeated)[0] is cache(ORIGINAL)[0]  # one object per distinct sentence
    assert cache(recased)[2] is not cache(ORIGINAL)[2]
    first_round = len(calls)
    for a, b in pairs:
        spin_alignment._align(cache(a), cache(b), cache=cache)
    assert first_round > 0 and len(calls) == first_round  # the second round is all memory
