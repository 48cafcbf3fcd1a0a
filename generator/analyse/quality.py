"""Source-quality score for one article: spun copies, garbled/truncated text, page furniture.

`assess(text)` depends on the text alone (cacheable by content hash, deterministic). Every
reason names the evidence (the exact phrase and its line) so a person can check it.

Signals, what they catch and what they miss (numbers: `python -m eval.spin`):

1. "spun-phrase" -- names and fixed expressions (generator/data/fixed_phrases.txt) seen with one
   or more words swapped for a synonym from generator/data/name_synonyms.tsv, matched
   case-sensitively as a capitalised run: "White Home", "Related Press", "Oval Workplace",
   "Basis for Protection of Democracies". A generic variant needs no synonym table: a phrase of
   three or more capitalised words with exactly one inner word swapped for a common English word
   ("World Conflict II"). Returned as `substitutions` (spun form, original) for entity merging.
   Catches: spinners that run over names (the cheap ones do). Misses: names not in the list,
   synonyms not in the table (2-word names need the table), spinners that protect capitalised words.
2. "collocation" -- word choice that edited news almost never makes:
   a. fingerprints (generator/data/spinner_fingerprints.tsv): "in the present day", "4 years in
      the past", "make it possible for", "international locations", "based on two officials";
   b. "attribution": quotes attributed with mentioned/stated/remarked/noted/declared at least
      half as often as with "said";
   c. "register": wordfreq 3.1.1 (offline data in the package): mid-frequency plain words
      (Zipf 3.5-5) per common one (Zipf >= 5); spinners swap common words for rarer synonyms.
   Catches: the classic spinner idioms (a, b) and heavy spinning (c, any synonym table).
   Misses: light spinning -- (c) moves less than real differences in style (AUC ~0.74 even at
   50% of eligible words), (a) only knows listed idioms, (b) needs 3+ odd attributions.
   Jargon-heavy clean articles raise (c), hence its low weight and a threshold set on clean BBC
   dev articles (business/entertainment/sport/tech included).
3. "garbled" / "truncated" / "furniture" -- mojibake, a high share of non-words, unbalanced
   curly quotes; a last line that stops mid-sentence or with an ellipsis; scraper leftovers
   ("Leave a comment", "Trending", "Our reporters are currently covering ...") recognised by
   the cleaner's furniture patterns (generator/clean.py), so one list serves both. Misses:
   furniture phrased in ways not listed, truncation exactly at a sentence end.
The cross-article signal (same story, drifted wording) lives in generator/link/spin_alignment.py.

score = product of (1 - weight) over all reasons; spun = the spin signals (1, 2) combined the
same way reach SPUN_THRESHOLD, i.e. at least two independent pieces of evidence.
"""

from __future__ import annotations

import bisect
import importlib.util
import itertools
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from generator.clean import is_furniture
from generator.data import data_lines
from generator.text import words

# Spun when the combined spin evidence is at least this: any two spin signals reach it
# (weakest pair: 1 - 0.7 * 0.7 = 0.51), no single one does (the largest weight is 0.4): one odd
# phrase is how some outlets write, two independent ones are a spinner.
SPUN_THRESHOLD = 0.5
SPIN_SIGNALS = ("spun-phrase", "collocation")

W_SPUN_PHRASE = 0.4  # per distinct substitution found through the synonym table
W_NEAR_MISS = 0.3  # one inner word of a 3+ word name swapped for a common word
W_FINGERPRINT = 0.3  # per distinct fingerprint idiom
# Odd attribution verbs and a rare register are style, which honest outlets vary in: each is
# weaker than a table substitution, and needs another signal to call a copy spun.
W_ATTRIBUTION = 0.35
W_REGISTER = 0.35
REGISTER_RARE_ZIPF = 3.5  # wordfreq Zipf 3.5-5: "stated", "massive"; >= 5 is "said", "big"
REGISTER_COMMON_ZIPF = 5.0
REGISTER_THRESHOLD = 0.8  # about the 98th percentile on clean BBC dev articles (eval --dev)
REGISTER_MIN_WORDS = 120  # below this the ratio swings too much with a few words
# A spinner swaps a capitalised inner word of a name only for a word common enough to be in
# its synonym table (Zipf >= 3.5); rarer capitalised words are real names ("Gaza Strip").
NEAR_MISS_MIN_ZIPF = 3.5
# zipf_frequency's own table (_EnglishZipfs): plain words of at least this Zipf value are kept in
# a dict from the start (below every threshold above: the words the signals tell apart), rarer
# ones looked up in wordfreq's sorted bands until this many were asked.
TABLE_MIN_ZIPF = 3.0
RARE_LOOKUPS_BEFORE_FULL_TABLE = 300
# The wordfreq release whose English list _english_bands reads without importing wordfreq (its
# data file, format header and Zipf formula; tests compare every plain word with wordfreq's
# answer). Upgrading wordfreq falls back to its own reader until this is checked and raised.
WORDFREQ_READ_DIRECTLY = "3.1.1"
CBPACK_HEADER = {"format": "cB", "version": 1}
# "mentioned/stated" attributions: at least this many, and "said" at most this many times
# as often, before they stand out from an outlet's own habit.
ATTRIBUTION_MIN_ODD = 3
ATTRIBUTION_SAID_RATIO = 2
# Weights of the non-spin problems: furniture left in costs little (it is removed anyway),
# a cut-off or garbled text costs more, a short text is likely a stub.
W_FURNITURE = 0.05
W_TRUNCATED = 0.3
W_MOJIBAKE = 0.3
W_NON_ENGLISH = 0.4
W_UNBALANCED_QUOTES = 0.1
MOJIBAKE_MIN = 2  # one odd sequence can be a real character; two are an encoding problem
NON_ENGLISH_MIN_WORDS = 20  # shorter texts have too few words to judge
NON_ENGLISH_SHARE = 0.12  # names and jargon make ~5% non-words in clean news copy
UNBALANCED_QUOTES = 3  # a quote running over paragraphs leaves one or two opening marks
SHORT_TEXT_WORDS = 30  # fewer words than this is a stub, not a report
CUT_OFF_MIN_WORDS = 6  # a short last line ending on "and" is a list item or a caption
UNENDED_MIN_WORDS = 15  # shorter last lines without an end mark are lists or credits
FUNCTION_WORDS = frozenset({"of", "for", "the", "and", "on", "in", "to", "a", "de"})


@dataclass(frozen=True)
class QualityReason:
    signal: str
    detail: str
    weight: float

    def __str__(self) -> str:
        return f"{self.signal} ({self.weight:g}): {self.detail}"

    @classmethod
    def parse(cls, s: str) -> QualityReason:
        m = _REASON_STR.match(s)
        if not m:
            return cls("unknown", s, 0.0)
        return cls(m.group(1), m.group(3), float(m.group(2)))


_REASON_STR = re.compile(r"^([\w-]+) \(([\d.e-]+)\): (.*)$", re.DOTALL)


@dataclass(frozen=True)
class Quality:
    score: float
    spun: bool
    reasons: tuple[QualityReason, ...]
    substitutions: tuple[tuple[str, str], ...] = ()

    def to_dict(self) -> dict:
        return {
            "score": self.score,
            "spun": self.spun,
            "reasons": [str(r) for r in self.reasons],
            "substitutions": [list(pair) for pair in self.substitutions],
        }

    @classmethod
    def from_dict(cls, d: dict) -> Quality:
        return cls(
            score=float(d["score"]),
            spun=bool(d["spun"]),
            reasons=tuple(QualityReason.parse(r) for r in d.get("reasons", ())),
            substitutions=tuple((s, o) for s, o in d.get("substitutions", ())),
        )


# ---------------------------------------------------------------- data files


@lru_cache(maxsize=1)
def fixed_phrases() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(line.split()) for line in data_lines("fixed_phrases.txt"))


@lru_cache(maxsize=1)
def name_synonyms() -> dict[str, tuple[str, ...]]:
    table: dict[str, tuple[str, ...]] = {}
    for line in data_lines("name_synonyms.tsv"):
        word, _, variants = line.partition("\t")
        table[word.strip()] = tuple(v.strip() for v in variants.split(",") if v.strip())
    return table


@lru_cache(maxsize=1)
def fingerprints() -> tuple[tuple[re.Pattern[str], str], ...]:
    rows = []
    for line in data_lines("spinner_fingerprints.tsv"):
        pattern, _, original = line.partition("\t")
        rows.append((re.compile(rf"\b{pattern}\b", re.IGNORECASE), original.strip()))
    return tuple(rows)


@lru_cache(maxsize=1)


def known_pairs() -> set[tuple[str, str]]:
    """(original, spun) word pairs the detector knows; eval/spin.py holds these out."""
    pairs = {(w, v) for w, vs in name_synonyms().items() for v in vs}
    return pairs | {("said", "mentioned"), ("says", "mentions"), ("say", "mention")}


@lru_cache(maxsize=1)
def _variant_index() -> dict[tuple[str, ...], tuple[str, ...]]:
    """Lower-cased spun variants of every fixed phrase -> the phrase (table-driven)."""
    syn = name_synonyms()
    index: dict[tuple[str, ...], tuple[str, ...]] = {}
    originals = {tuple(w.lower() for w in p) for p in fixed_phrases()}
    for phrase in fixed_phrases():
        options = [
            [w.lower()] + [v for v in syn.get(w.lower(), ()) if " " not in v] for w in phrase
        ]
        for combo in itertools.product(*options):
            if combo not in originals:
                index.setdefault(combo, phrase)
    return index


# ---------------------------------------------------------------- helpers


@lru_cache(maxsize=262144)
def zipf_frequency(word: str, lang: str) -> float:
    """wordfreq's Zipf frequency, memoised: news reuses a small vocabulary, and each lookup
    tokenises its argument again. A plain English word (a-z only: every word the register
    signal asks about, and most near-miss checks) is answered by _english_zipfs(), with the
    very float wordfreq gives (a test compares every such word of wordfreq's list)."""
    if lang == "en" and word.isascii() and word.isalpha() and word.islower():
        return _english_zipfs().get(word)
    # wordfreq (with ftfy, langcodes, regex: about a fifth of a second) is imported when first
    # asked: a run that analyses no article (a warm run after a removal) never asks.
    from wordfreq import zipf_frequency as wordfreq_zipf

    return wordfreq_zipf(word, lang)


@lru_cache(maxsize=1)
def _english_zipfs() -> _EnglishZipfs:
    return _EnglishZipfs(_english_bands())


def _english_bands() -> list[list[str]]:
    """wordfreq's English list (get_frequency_list("en")): bands of words, band i at -i cB.
    Importing wordfreq costs about 0.15 s CPU (ftfy, langcodes, regex, and locate walking the
    stack to find the data folder), most of what analysing one new seed cost; its list is a
    gzipped msgpack file, read here with gzip and msgpack alone. Only for the wordfreq version
    whose file and formulas the tests check word for word (WORDFREQ_READ_DIRECTLY); any other
    version, or a file this reader does not recognise, is read by wordfreq itself."""
    path = _wordfreq_english_file()
    bands = _read_cbpack(path) if path else None
    if bands is None:
        from wordfreq import get_frequency_list  # imported when first asked (zipf_frequency)

        bands = get_frequency_list("en")
    return bands


def _wordfreq_english_file() -> Path | None:
    """The file get_frequency_list("en") reads ("best": large over small), found without
    importing wordfreq; None unless the installed wordfreq is WORDFREQ_READ_DIRECTLY."""
    spec = importlib.util.find_spec("wordfreq")
    if spec is None or spec.origin is None:
        return None
    package = Path(spec.origin).parent
    if not (package.parent / f"wordfreq-{WORDFREQ_READ_DIRECTLY}.dist-info").is_dir():
        return None
    path = package / "data" / "large_en.msgpack.gz"
    return path if path.is_file() else None


def _read_cbpack(path: Path) -> list[list[str]] | None:
    """wordfreq's read_cBpack: a gzipped msgpack list, a format header then the bands;
    None if the header is not the one that reader accepts."""
    import gzip

    import msgpack  # wordfreq's own dependency: a C extension, about 4 ms to import

    data = msgpack.unpackb(gzip.decompress(path.read_bytes()), raw=False)
    header = data[0] if isinstance(data, list) and data else None
    if header != CBPACK_HEADER:
        return None
    return data[1:]


class _EnglishZipfs:
    """The Zipf value of each word of wordfreq's English list, without wordfreq's first-lookup
    cost: it fills a dict of all 321,000 words in a Python loop and sets up its tokenizer, most
    of the time analysing one new seed took. The words of the common bands (Zipf >=
    TABLE_MIN_ZIPF, about 29,000) go in a dict; a rarer word is found by bisecting the rarer
    bands (wordfreq sorts each band), until RARE_LOOKUPS_BEFORE_FULL_TABLE of them were asked
    (a whole archive's analysis) and a dict of every band costs less."""

    def __init__(self, bands: list[list[str]]) -> None:
        self.bands = bands
        self.table: dict[str, float] = {}
        self.rare_from = next((i for i in range(len(bands)) if _band_zipf(i) < TABLE_MIN_ZIPF),
                              len(bands))
        self._fill(0, self.rare_from)
        self.rare_asked = 0

    def _fill(self, start: int, stop: int) -> None:
        for index in range(start, stop):
            self.table.update(dict.fromkeys(self.bands[index], _band_zipf(index)))

    def get(self, word: str) -> float:
        found = self.table.get(word)
        if found is not None or self.rare_from == len(self.bands):
            return 0.0 if found is None else found  # 0.0: wordfreq's value for unlisted words
        self.rare_asked += 1
        if self.rare_asked > RARE_LOOKUPS_BEFORE_FULL_TABLE:
            self._fill(self.rare_from, len(self.bands))
            self.rare_from = len(self.bands)
            return self.table.get(word, 0.0)
        for index in range(self.rare_from, len(self.bands)):
            band = self.bands[index]
            at = bisect.bisect_left(band, word)
            if at < len(band) and band[at] == word:
                return _band_zipf(index)
        return 0.0


def _band_zipf(index: int) -> float:
    """The Zipf value wordfreq gives a one-token word of the band `index` centibels below 1:
    its freq_to_zipf(cB_to_freq(-index)), rounded as zipf_frequency rounds. (wordfreq also
    rounds the frequency to 3 significant digits on the way, which moves no band's value at
    hundredths: the test compares every plain word of the list.)"""
    frequency = 10 ** (-index / 100)  # cB_to_freq
    return round(math.log(frequency, 10) + 9, 2)  # freq_to_zipf


@dataclass(frozen=True)
class _Token:
    text: str
    line: int


def _tokens(text: str) -> list[_Token]:
    out = []
    for n, line in enumerate(text.splitlines(), start=1):
        out.extend(_Token(word, n) for word in words(line))
    return out


def _capitalised(word: str) -> bool:
    return word[:1].isupper() or word[:1].isdigit() or word in ("II", "I")


def _line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


# ---------------------------------------------------------------- signal 1


@lru_cache(maxsize=1)
def _variant_first_words() -> frozenset[str]:
    return frozenset(key[0] for key in _variant_index())


def _table_variants(tokens: list[_Token]) -> list[tuple[str, str, int]]:
    index = _variant_index()
    firsts = _variant_first_words()
    lengths = sorted({len(k) for k in index}, reverse=True)
    lowered = [t.text.lower() for t in tokens]
    found: list[tuple[str, str, int]] = []
    i = 0
    while i < len(tokens):
        hit = None
        if lowered[i] in firsts:  # most tokens start no variant: skip the window lookups
            for n in lengths:
                phrase = index.get(tuple(lowered[i : i + n]))
                window = tokens[i : i + n]
                if phrase and all(_capitalised(t.text) == _capitalised(p)
                                  for t, p in zip(window, phrase, strict=True)):
                    hit = (" ".join(t.text for t in window), " ".join(phrase), window[0].line, n)
                    break
        if hit:
            found.append(hit[:3])
            i += hit[3]
        else:
            i += 1
    return found


@lru_cache(maxsize=1)
def _near_miss_index() -> dict[tuple[str, str, int], list[tuple[int, tuple[str, ...]]]]:
    """Candidate phrases by (first word, last word, length): a near miss keeps both ends, so
    only the phrases matching a window's ends are compared (every phrase at every token was
    60% of the analysis time). Each entry keeps the phrase's position in the list."""
    index: dict[tuple[str, str, int], list[tuple[int, tuple[str, ...]]]] = {}
    for rank, phrase in enumerate(fixed_phrases()):
        n = len(phrase)
        if n < 3 or any(w.lower() in FUNCTION_WORDS for w in phrase):
            continue
        index.setdefault((phrase[0], phrase[-1], n), []).append((rank, phrase))
    return index


def _near_misses(tokens: list[_Token]) -> list[tuple[str, str, int]]:
    """3+ word capitalised names with exactly one inner word swapped for a common word."""
    originals = {tuple(p) for p in fixed_phrases()}
    index = _near_miss_index()
    lengths = sorted({n for _, _, n in index})
    texts = [t.text for t in tokens]
    found = []
    for i, first in enumerate(texts):
        for n in lengths:
            if i + n > len(texts):
                break
            for rank, phrase in index.get((first, texts[i + n - 1], n), ()):
                window = tuple(texts[i : i + n])
                diff = [k for k in range(n) if window[k] != phrase[k]]
                if len(diff) != 1 or window in originals:
                    continue
                word = window[diff[0]]
                if word[:1].isupper() and zipf_frequency(word.lower(), "en") >= NEAR_MISS_MIN_ZIPF:
                    found.append((rank, i, (" ".join(window), " ".join(phrase), tokens[i].line)))
    return [hit for _, _, hit in sorted(found, key=lambda f: (f[0], f[1]))]


def _spun_phrases(tokens: list[_Token]) -> tuple[list[QualityReason], list[tuple[str, str]]]:
    reasons: list[QualityReason] = []
    subs: list[tuple[str, str]] = []
    for source, weight in (
        (_table_variants(tokens), W_SPUN_PHRASE),
        (_near_misses(tokens), W_NEAR_MISS),
    ):
        for spun, original, line in source:
            if (spun, original) in subs:
                continue
            subs.append((spun, original))
            detail = f'"{spun}" looks like a spun "{original}" (line {line})'
            reasons.append(QualityReason("spun-phrase", detail, weight))
    return reasons, subs


# ---------------------------------------------------------------- signal 2

_ODD_VERB = r"(?:mentioned|mentions|stated|states|remarked|remarks|declared|declares|noted|notes)"
_ATTR_ODD = re.compile(
    rf"(?:[”\"],? ?(?:[A-Z][\w.]* ){{0,3}}{_ODD_VERB}\b)"
    rf"|(?:\b(?:[A-Z][a-z]+|he|she|they|officials?)\s+{_ODD_VERB}[,.:]?\s+"
    r"(?=(?:the|a|that|he|she|it|they|any|there|[A-Z])\b|[“\"]))"
)
_ATTR_SAID = re.compile(r"\b(?:said|says)\b")


def _fingerprints(text: str) -> list[QualityReason]:
    reasons = []
    for pattern, original in fingerprints():
        m = pattern.search(text)
        if m:
            line = _line_of(text, m.start())
            detail = f'"{m.group(0)}" is a spinner idiom for "{original}" (line {line})'
            reasons.append(QualityReason("collocation", detail, W_FINGERPRINT))
    return reasons


def _attribution(text: str) -> QualityReason | None:
    """Quotes attributed with "mentioned/stated/remarked" about as often as with "said"."""
    odd = list(_ATTR_ODD.finditer(text))
    said = len(_ATTR_SAID.findall(text))
    if len(odd) >= ATTRIBUTION_MIN_ODD and said <= ATTRIBUTION_SAID_RATIO * len(odd):
        verbs = sorted({re.search(_ODD_VERB, m.group(0)).group(0) for m in odd})
        lines = ", ".join(str(_line_of(text, m.start())) for m in odd[:4])
        detail = (
            f'speech attributed with {"/".join(verbs)} {len(odd)} times vs "said" {said} '
            f'times (lines {lines}); news prose uses "said"'
        )
        return QualityReason("collocation", detail, W_ATTRIBUTION)
    return None


def register_rarity(tokens: list[_Token]) -> tuple[float, int, list[str]]:
    """Mid-frequency plain words (Zipf 3.5-5) per high-frequency one (Zipf >= 5).

    Spinners swap common words (Zipf 5-6.5: said, made, big) for rarer synonyms (Zipf 3.5-5:
    stated, created, massive), so this ratio rises. Names, numbers and short words are excluded.
    Returns (ratio, plain words counted, sample of the mid-frequency words).
    """
    plain = [t.text for t in tokens if t.text.isalpha() and t.text.islower() and len(t.text) >= 3]
    zipfs = [(w, zipf_frequency(w, "en")) for w in plain]
    high = sum(1 for _, z in zipfs if z >= REGISTER_COMMON_ZIPF)
    mid = sorted({w for w, z in zipfs if REGISTER_RARE_ZIPF <= z < REGISTER_COMMON_ZIPF})
    mid_count = sum(1 for _, z in zipfs if REGISTER_RARE_ZIPF <= z < REGISTER_COMMON_ZIPF)
    return mid_count / max(high, 1), len(plain), mid


def _register(tokens: list[_Token]) -> QualityReason | None:
    ratio, n, mid = register_rarity(tokens)
    if n < REGISTER_MIN_WORDS or ratio < REGISTER_THRESHOLD:
        return None
    detail = (
        f"{ratio:.2f} mid-frequency words (Zipf {REGISTER_RARE_ZIPF}-5) per common word over {n} "
        f"plain words; clean news stays under {REGISTER_THRESHOLD}"
    )
    return QualityReason("collocation", detail, W_REGISTER)


# ---------------------------------------------------------------- signal 3

_MOJIBAKE = re.compile(r"Ã.|â€|\ufffd|&#\d+;|&[a-z]+;")
_END_OK = re.compile(r"[.!?:;\"”’')\]]\s*$")
_CUT_OFF = re.compile(r"(?:,|\s-|\b(?:and|or|the|a|an|of|to|in|with|for|that|but))\s*$")


def _furniture(lines: list[str]) -> tuple[list[QualityReason], set[int]]:
    reasons, hit_lines = [], set()
    for n, line in enumerate(lines, start=1):
        stripped = line.strip()
        if stripped and is_furniture(stripped):
            hit_lines.add(n)
            reasons.append(QualityReason("furniture", f'"{stripped[:60]}" (line {n})',
                                         W_FURNITURE))
    return reasons, hit_lines


def _truncation(lines: list[str], furniture_lines: set[int]) -> QualityReason | None:
    body = [
        (n, ln.strip()) for n, ln in enumerate(lines, 1) if ln.strip() and n not in furniture_lines
    ]
    if len(body) < 2:
        return None
    n, last = body[-1]
    if last.endswith(("...", "…", "[…]")):
        return QualityReason("truncated", f"last line ends with an ellipsis (line {n})",
                             W_TRUNCATED)
    if _CUT_OFF.search(last) and len(last.split()) >= CUT_OFF_MIN_WORDS:
        detail = f'last line stops on a connector: "…{last[-40:]}" (line {n})'
        return QualityReason("truncated", detail, W_TRUNCATED)
    # long prose without an end mark; shorter lines are often list items or credits
    if len(last.split()) >= UNENDED_MIN_WORDS and ":" not in last and not _END_OK.search(last):
        detail = f'last line stops mid-sentence: "…{last[-40:]}" (line {n})'
        return QualityReason("truncated", detail, W_TRUNCATED)
    return None


def _garbled(text: str, tokens: list[_Token]) -> list[QualityReason]:
    reasons = []
    moj = _MOJIBAKE.findall(text)
    if len(moj) >= MOJIBAKE_MIN:
        reasons.append(QualityReason(
            "garbled", f"{len(moj)} mojibake/entity sequences, e.g. {moj[0]!r}", W_MOJIBAKE))
    words = [
        t.text.lower() for t in tokens if t.text.isalpha() and t.text.islower() and len(t.text) >= 3
    ]
    if len(words) >= NON_ENGLISH_MIN_WORDS:
        nonwords = [w for w in words if zipf_frequency(w, "en") == 0]
        share = len(nonwords) / len(words)
        if share > NON_ENGLISH_SHARE:
            sample = ", ".join(sorted(set(nonwords))[:6])
            reasons.append(QualityReason(
                "garbled", f"{share:.0%} of words are not English words: {sample}",
                W_NON_ENGLISH))
    opening, closing = text.count("“"), text.count("”")
    if abs(opening - closing) >= UNBALANCED_QUOTES:
        reasons.append(QualityReason(
            "garbled", f"unbalanced quotes: {opening} “ vs {closing} ”", W_UNBALANCED_QUOTES))
    if len(tokens) < SHORT_TEXT_WORDS:
        reasons.append(QualityReason("truncated", f"very short text ({len(tokens)} words)",
                                     W_TRUNCATED))
    return reasons


# ---------------------------------------------------------------- combine


def _combine(weights: list[float]) -> float:
    keep = 1.0
    for w in weights:
        keep *= 1.0 - w
    return 1.0 - keep


def assess(text: str) -> Quality:
    lines = text.splitlines()
    tokens = _tokens(text)
    phrase_reasons, subs = _spun_phrases(tokens)
    spin_reasons = phrase_reasons + _fingerprints(text)
    spin_reasons += [r for r in (_attribution(text), _register(tokens)) if r]
    furniture, furniture_lines = _furniture(lines)
    other = furniture + _garbled(text, tokens)
    other += [r for r in (_truncation(lines, furniture_lines),) if r]
    reasons = tuple(spin_reasons + other)
    spin_evidence = _combine([r.weight for r in spin_reasons])
    return Quality(
        score=round(1.0 - _combine([r.weight for r in reasons]), 4),
        spun=spin_evidence >= SPUN_THRESHOLD,
        reasons=reasons,
        substitutions=tuple(subs),
    )
