"""Cross-article spin signal: a reworded copy of another report of the same story.

A synonym spinner keeps an article's skeleton -- sentence order, sentence lengths, names,
numbers, quotes -- and swaps words inside it. So against its source, a spun copy shows
  * high alignment: most sentences pair up in order with a sentence of similar length that
    shares its names and numbers, and
  * drift inside the pairs: a clear share of the words differ (a verbatim copy has none), with
    the differences being small one-for-one swaps.
A clean paraphrase of the same story (rewritten by a person or model) restructures sentences,
so few pair up. Direction: the same pattern holds for the source measured against the copy, so
the swapped words decide which side was spun -- spinners replace common words with rarer
synonyms ("said" -> "mentioned"), so the spun side's swapped words have lower wordfreq Zipf.

Misses: spun copies of a source we do not have; spinners that also reorder sentences; a
source that was itself lightly edited copy (its swaps are not rarer) goes unflagged.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cached_property, lru_cache

from generator.analyse.quality import QualityReason
from generator.text import words as text_words

MIN_SENTENCES = 3
MIN_ALIGNED_SHARE = 0.6
MIN_DRIFTED = 2
VERBATIM_RATIO = 0.97
MIN_PAIR_RATIO = 0.45
MIN_ZIPF_DROP = 0.25
WEIGHT = 0.5
WINDOW = 4

_SENTENCE_END = re.compile(r"(?<=[.!?”\"])\s+(?=[“\"A-Z0-9])|\n+")


@dataclass(frozen=True, eq=False)  # identity: a SentenceCache keeps one object per sentence
class _Sentence:
    words: tuple[str, ...]
    anchors: frozenset[str]  # names and numbers: a spinner leaves most of them alone

    @cached_property
    def counts(self) -> Counter[str]:
        """The words as a multiset (see _pair_up); most sentences never need it."""
        return Counter(self.words)


def split_sentences(text: str) -> list[_Sentence]:
    """The sentences of a report that can be aligned (five words or more)."""
    return [s for raw in _raw_sentences(text) if (s := _sentence(raw)) is not None]


def _raw_sentences(text: str) -> list[str]:
    return _SENTENCE_END.split(text)


def _sentence(raw: str) -> _Sentence | None:
    """A raw sentence's words and anchors; None when it is too short to align."""
    words = text_words(raw)
    if len(words) < 5:
        return None
    anchors = frozenset(w for w in words[1:] if w[0].isdigit() or w[0].isupper())
    return _Sentence(tuple(map(str.lower, words)), anchors)


Splitter = Callable[[str], list[_Sentence]]


class SentenceCache:
    """split_sentences and _align's steps with memory, meant to live as long as one story's
    checks (so memory stays small): a report compared with several others (and they with it)
    is split once (a sentence written alike in several is made once), two sentences are paired
    once, and a sentence is looked for in a window of
    another report once. Copies of one report share most sentences word for word, so the same
    sentence meets the same others in many checks (58% of the pairings at 10x BBC were
    repeats); each distinct sentence is kept as one object, so it is remembered by identity."""

    def __init__(self) -> None:
        self._splits: dict[str, list[_Sentence]] = {}
        self._raws: dict[str, _Sentence | None] = {}  # a sentence as written -> it, once
        self._sentences: dict[tuple[tuple[str, ...], frozenset[str]], _Sentence] = {}
        self._pairs: dict[tuple[_Sentence, _Sentence], _Pair | None] = {}
        # id of a split (kept alive here, so the id is not reused) -> it and its verbatim index
        self._indexes: dict[int, tuple[list[_Sentence], dict]] = {}
        self._windows: dict[tuple[_Sentence, int, int, int], Found] = {}

    def __call__(self, text: str) -> list[_Sentence]:
        if text not in self._splits:
            self._splits[text] = [s for raw in _raw_sentences(text)
                                  if (s := self._sentence(raw)) is not None]
        return self._splits[text]

    def _sentence(self, raw: str) -> _Sentence | None:
        """_sentence(raw), made once per sentence as written (copies repeat most of them),
        and one object for sentences with the same words and anchors."""
        if raw not in self._raws:
            made = _sentence(raw)
            self._raws[raw] = made if made is None else \
                self._sentences.setdefault((made.words, made.anchors), made)
        return self._raws[raw]

    def pair_up(self, a: _Sentence, b: _Sentence) -> _Pair | None:
        """_pair_up(a, b), computed once per two sentences (a pure function of their fields)."""
        key = (a, b)
        if key not in self._pairs:
            self._pairs[key] = _pair_up(a, b)
        return self._pairs[key]

    def best_in_window(self, sentence: _Sentence, theirs: list[_Sentence], lo: int,
                       hi: int) -> Found:
        """_best_in_window, computed once per sentence, split and window: the copies of a
        report share the sentence, and the earliest reports are every member's others."""
        known = self._indexes.get(id(theirs))
        if known is None or known[0] is not theirs:
            known = self._indexes[id(theirs)] = (theirs, _verbatim_index(theirs))
        key = (sentence, id(theirs), lo, hi)
        if key not in self._windows:
            self._windows[key] = _best_in_window(sentence, theirs, lo, hi, known[1],
                                                 self.pair_up)
        return self._windows[key]


@dataclass(frozen=True)
class _Pair:
    ratio: float
    swaps: tuple[tuple[str, str], ...]  # (word here, word in the other report)


VERBATIM = _Pair(1.0, ())  # two sentences with the same words


def _pair_up(a: _Sentence, b: _Sentence) -> _Pair | None:
    if not 0.75 <= len(a.words) / len(b.words) <= 1.33:
        return None
    if a.anchors or b.anchors:
        common = len(a.anchors & b.anchors)  # |a | b| = |a| + |b| - |a & b|, without the union
        shared = common / max(len(a.anchors) + len(b.anchors) - common, 1)
        if shared < 0.5:
            return None
    if a.words == b.words:  # what SequenceMatcher would say, without running it
        return VERBATIM
    # SequenceMatcher's matches are a subset of the words the two share (as multisets), so
    # when even all of those could not reach MIN_PAIR_RATIO, the pair is out: same result,
    # without the matcher's quadratic search.
    common = sum(min(n, b.counts[w]) for w, n in a.counts.items() if w in b.counts)
    if 2 * common < MIN_PAIR_RATIO * (len(a.words) + len(b.words)):
        return None
    matcher = SequenceMatcher(None, a.words, b.words, autojunk=False)
    ratio = matcher.ratio()
    if ratio < MIN_PAIR_RATIO:
        return None
    swaps = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "replace" and i2 - i1 <= 3 and j2 - j1 <= 3:
            swaps.append((" ".join(a.words[i1:i2]), " ".join(b.words[j1:j2])))
    return _Pair(ratio, tuple(swaps))


Pairer = Callable[[_Sentence, _Sentence], _Pair | None]
Found = tuple[int, _Pair] | None  # the sentence of theirs a sentence pairs with, and how


def _align(mine: list[_Sentence], theirs: list[_Sentence], needed: float = 0.0,
           cache: SentenceCache | None = None) -> list[_Pair]:
    """Greedy in-order alignment within a window around the proportional position. Stops
    early (with the pairs so far) once fewer than ``needed`` pairs are still reachable.
    ``cache``: the SentenceCache that split both lists, whose memory then answers a sentence
    looked for again in the same window of the same report."""
    if cache is None:
        index = _verbatim_index(theirs)

        def best_in_window(sentence: _Sentence, lo: int, hi: int) -> Found:
            return _best_in_window(sentence, theirs, lo, hi, index, _pair_up)
    else:
        def best_in_window(sentence: _Sentence, lo: int, hi: int) -> Found:
            return cache.best_in_window(sentence, theirs, lo, hi)
    pairs, last = [], -1
    for i, sentence in enumerate(mine):
        if len(pairs) + len(mine) - i < needed:
            break
        centre = round(i * len(theirs) / max(len(mine), 1))
        found = best_in_window(sentence, max(last + 1, centre - WINDOW),
                               min(len(theirs), centre + WINDOW + 1))
        if found:
            last = found[0]
            pairs.append(found[1])
    return pairs


def _verbatim_index(theirs: list[_Sentence]) -> dict[tuple[str, ...], list[int]]:
    """Where each sentence of theirs occurs with the same words: such a pair has the highest
    ratio there is (1.0, and only such pairs have it), so the first one in the window that
    pairs up is the best pair, found without scoring the rest of the window (copies of a
    wire story are mostly verbatim sentences)."""
    verbatim: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for j, sentence in enumerate(theirs):
        verbatim[sentence.words].append(j)
    return verbatim


def _best_in_window(sentence: _Sentence, theirs: list[_Sentence], lo: int, hi: int,
                    verbatim: dict[tuple[str, ...], list[int]], pair_up: Pairer) -> Found:
    """The sentence of theirs[lo:hi] that ``sentence`` pairs with best (the first, on a tie)."""
    same = verbatim.get(sentence.words, ())
    # Names may differ in case; with the same anchors the pair is verbatim as it is.
    exact = next((j for j in same[bisect_left(same, lo):] if j < hi
                  and (sentence.anchors == theirs[j].anchors
                       or pair_up(sentence, theirs[j]))), None)
    if exact is not None:
        return exact, VERBATIM
    best: Found = None
    for j in range(lo, hi):
        pair = pair_up(sentence, theirs[j])
        if pair and (best is None or pair.ratio > best[1].ratio):
            best = (j, pair)
    return best


@lru_cache(maxsize=65536)  # swapped words repeat across reports; a lookup tokenises each time
def _phrase_zipf(phrase: str) -> float:
    # imported when first asked: wordfreq (with ftfy, langcodes, regex) costs about a fifth of
    # a second, and a warm run whose spun-copy checks are all kept never asks
    from wordfreq import zipf_frequency

    return zipf_frequency(phrase, "en")


def _check_one(text_sents: list[_Sentence], other: list[_Sentence],
               cache: SentenceCache | None = None) -> QualityReason | None:
    needed = MIN_ALIGNED_SHARE * len(text_sents)
    pairs = _align(text_sents, other, needed, cache)
    if len(pairs) < needed:
        return None
    drifted = [p for p in pairs if p.ratio < VERBATIM_RATIO]
    swaps = [s for p in drifted for s in p.swaps]
    if len(drifted) < MIN_DRIFTED or not swaps:
        return None
    drop = sum(_phrase_zipf(theirs) - _phrase_zipf(mine) for mine, theirs in swaps) / len(swaps)
    if drop < MIN_ZIPF_DROP:
        return None  # the other side looks like the spun one (or both are edits)
    overlap = sum(p.ratio for p in pairs) / len(pairs)
    examples = ", ".join(f"{theirs}->{mine}" for mine, theirs in sorted(set(swaps))[:5])
    detail = (
        f"{len(pairs)}/{len(text_sents)} sentences follow another report in order (same names, "
        f"numbers, lengths) but only {overlap:.0%} of their words match; the {len(swaps)} swapped "
        f"words here are rarer (Zipf -{drop:.1f}), e.g. {examples}"
    )
    return QualityReason("alignment", detail, WEIGHT)


def alignment_signal(text: str, others: list[str],
                     split: Splitter = split_sentences) -> QualityReason | None:
    """A reason if `text` looks like a spun copy of one of `others`, else None. ``split``:
    how texts are split into sentences (a SentenceCache splits each text once and pairs two
    sentences once)."""
    text_sents = split(text)
    if len(text_sents) < MIN_SENTENCES:
        return None
    cache = split if isinstance(split, SentenceCache) else None
    for other in others:
        reason = _check_one(text_sents, split(other), cache)
        if reason:
            return reason
    return None
