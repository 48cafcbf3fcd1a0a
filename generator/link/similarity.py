"""Text features of articles: words, content terms, shingles and MinHash, IDF.

Everything here is deterministic: hashes come from zlib.crc32 and a fixed-seed generator,
never from Python's salted ``hash``. The pair scorer built on them is in scoring.py.
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
import sys
import unicodedata
import zlib

import numpy as np

# Function words and newsroom filler that say nothing about which event an article reports.
STOPWORDS = frozenset(
    """
    a about above after again against all also although am an and any are aren around as at
    be because been before being below between both but by can cannot could couldn did didn do
    does doesn doing don down during each either else ever every few for from further had hadn
    has hasn have haven having he her here hers herself him himself his how however i if in into
    is isn it its itself just least less let like ll made make many may me might more most much
    must my myself neither no nor not now of off often on once one only or other others our ours
    ourselves out over own per rather re s same say says said she should shouldn since so some
    still such t than that the their theirs them themselves then there these they this those
    though through thus to too two under until up upon us ve very was wasn we were weren what
    when where whether which while who whom whose why will with within without won would wouldn
    yet you your yours yourself yourselves mr mrs ms told year years new also according
    week weeks day days time times monday tuesday wednesday thursday friday saturday sunday
    get got go going went come came take took want wanted back well first last next three four
    """.split()
)

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
SHINGLE_SIZE = 5
NUM_PERM = 64
_MASK32 = np.uint64(0xFFFFFFFF)
# Fixed coefficients for multiply-shift hashing; seed is constant so signatures are stable.
_RNG = np.random.default_rng(20251016)
_PERM_A = (_RNG.integers(1, 2**63, size=NUM_PERM, dtype=np.uint64) | np.uint64(1)).astype(np.uint64)
_PERM_B = _RNG.integers(0, 2**63, size=NUM_PERM, dtype=np.uint64)


def fold(text: str) -> str:
    """Lower-case, unify curly apostrophes/quotes and strip accents, for matching only."""
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    if not text.isascii():  # accents go; other non-ASCII is never part of a word token here
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return text.lower()


def words(text: str) -> list[str]:
    """All word tokens (possessive 's dropped) in reading order."""
    return [w[:-2] if w.endswith("'s") else w for w in _WORD.findall(fold(text))]


def interned_words(text: str, canon: dict[str, str]) -> list[str]:
    """``words(text)`` with every word the one interned string for it. ``canon``: token as
    found -> word, kept by a caller that splits many texts, so each distinct token is stripped
    and interned once rather than every occurrence (hashing each token was most of the cost)."""
    tokens = _WORD.findall(fold(text))
    for t in set(tokens).difference(canon):
        canon[t] = sys.intern(t[:-2] if t.endswith("'s") else t)
    return list(map(canon.__getitem__, tokens))


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Very light plural folding so 'missiles' meets 'missile'; cheap and predictable."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def content_terms(text: str) -> list[str]:
    """Words that carry topic: no stopwords, no 1-2 letter tokens, no bare numbers < 100."""
    return terms_of_words(words(text))


def terms_of_words(tokens: list[str]) -> list[str]:
    return [t for t in term_per_word(tokens) if t]


def term_per_word(tokens: list[str]) -> list[str]:
    """The term each token counts as, "" where none (``terms_of_words`` without the blanks:
    a caller that counts several stretches of one text looks its words up once)."""
    if len(_TERMS) > MAX_TERMS_CACHED:  # bounded: a huge archive has a long tail of words
        _TERMS.clear()
    for w in set(tokens).difference(_TERMS):
        _TERMS[w] = _term(w)
    return list(map(_TERMS.__getitem__, tokens))


def _term(word: str) -> str:
    """The term a word counts as ("" for none)."""
    if word in STOPWORDS or len(word) < 3 or (word.isdigit() and len(word) < 3):
        return ""
    return stem(word)


# word -> term ("" for none), the per-word work of terms_of_words done once per word
_TERMS: dict[str, str] = {}
MAX_TERMS_CACHED = 500_000


def exact_key(tokens: list[str]) -> str:
    """Key under which exact copies collide: case, spacing and quote style are ignored."""
    return hashlib.sha1(" ".join(tokens).encode()).hexdigest()


def shingle_hashes(text: str, size: int = SHINGLE_SIZE) -> np.ndarray:
    """Sorted unique 32-bit hashes of word ``size``-grams (the whole text if shorter)."""
    return shingles_of_words(words(text), size)


_ROLL = np.array(
    [
        0x9E3779B97F4A7C15,
        0xC2B2AE3D27D4EB4F,
        0x165667B19E3779F9,
        0x27D4EB2F165667C5,
        0xFF51AFD7ED558CCD,
        0xC4CEB9FE1A85EC53,
    ],
    dtype=np.uint64,
)


def shingles_of_words(tokens: list[str], size: int = SHINGLE_SIZE,
                      crc: dict[str, int] | None = None) -> np.ndarray:
    """Word n-gram hashes built from per-word crc32 values mixed with fixed odd multipliers
    (vectorised: one crc32 per distinct word instead of one per n-gram). ``crc``: word ->
    crc32, kept by a caller that hashes many texts, so each word is hashed once."""
    if not tokens:
        return np.zeros(0, dtype=np.uint64)
    if crc is None:
        crc = {}
    for t in set(tokens).difference(crc):
        crc[t] = zlib.crc32(t.encode())
    codes = np.fromiter(map(crc.__getitem__, tokens), dtype=np.uint64, count=len(tokens))
    size = min(size, codes.size, _ROLL.size)
    n = codes.size - size + 1
    acc = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(size):
            acc += codes[k : k + n] * _ROLL[k]
    return _sorted_unique(acc >> np.uint64(32))


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    """np.unique for a short array (a sort beats numpy's hash-based unique there)."""
    values.sort()
    return values[np.concatenate(([True], values[1:] != values[:-1]))]


def minhash_signature(hashes: np.ndarray) -> np.ndarray:
    """NUM_PERM minima of multiply-shift hashes of the shingle set."""
    if hashes.size == 0:
        return np.full(NUM_PERM, 0xFFFFFFFF, dtype=np.uint64)
    with np.errstate(over="ignore"):
        mixed = (np.outer(hashes, _PERM_A) + _PERM_B) >> np.uint64(32)
    return (mixed & _MASK32).min(axis=0)


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Exact Jaccard of two sorted unique hash arrays."""
    if a.size == 0 and b.size == 0:
        return 1.0
    if a.size > b.size:
        a, b = b, a
    if a.size == 0:
        return 0.0
    at = np.searchsorted(b, a)  # where each of a would sit in b: equal there, or absent
    inter = int(np.count_nonzero(b[np.minimum(at, b.size - 1)] == a))
    return inter / (a.size + b.size - inter)


# Document frequencies from a handful of articles are noise (in a 2-article collection every
# shared term looks common), so IDF is shrunk towards flat weights until the collection grows.
IDF_SHRINK_DOCS = 20
# The collection's size enters every weight on a log grid of this many steps per doubling (about
# 9% apart): the weights then move with the archive's size only when it crosses a step, not
# with every article added, so one new article leaves the weights of the rest of the archive --
# and the related lists and pages built on them -- as they were except where it shares terms.
# (With the exact size, every term's weight moved with each article: on BBC, per new article,
# 24 stories' related lists changed at 2,225 articles, 16 with the grid.) The step is well
# under what the weights can resolve: log(N / df) moves by at most 0.087, while a document
# frequency d is a sample off by about 1/sqrt(d) in log terms. Computed on integers, so every
# platform puts a size on the same step. Document frequencies stay exact: a term's weight moves
# with each new article using it, but only articles sharing the term see it (on the same grid
# they would move less often but by a whole step, and churned more at 600 articles).
COUNT_GRID_STEPS = 8


def grid_log(count: int) -> float:
    """ln of a count (>= 1) rounded down to the log grid: k ln2 / STEPS for the largest k with
    2**(k/STEPS) <= count, found exactly (2**k <= count**STEPS, in integers)."""
    step = (int(count) ** COUNT_GRID_STEPS).bit_length() - 1
    return step * math.log(2.0) / COUNT_GRID_STEPS


def grid_size(n: int) -> float:
    """A collection's size as the log grid sees it: the grid point at or below n + 1, less one
    (what IDF's shrinkage and the entities' gain are computed from)."""
    return math.exp(grid_log(n + 1)) - 1.0


def idf_weight(n_docs: int, df):
    """Smoothed IDF (works on floats or numpy arrays), shrunk for small collections; the
    collection's size on the log grid (``COUNT_GRID_STEPS``), so a term in (nearly) every
    article can reach the floor weight 1."""
    size = grid_size(n_docs)
    shrink = size / (size + IDF_SHRINK_DOCS)
    return 1.0 + shrink * np.maximum(0.0, grid_log(n_docs + 1) - np.log(np.asarray(df) + 1))
