"""Article-level resolution: short names attached to the one full name they can mean
("Trump" -> "Donald Trump"; an acronym to the one organisation of the article it abbreviates,
"SIA" -> "Singapore Airlines"), untyped or junk names dropped, overlaps removed."""

from __future__ import annotations

import re
import unicodedata

from generator.analyse.entities.lexicon import NOT_NAME_WORDS, _Lexicon
from generator.analyse.entities.mention import ORG, PERSON, Mention
from generator.analyse.entities.tokens import _Cand, _Context

# Spellings that transliterations of one name differ by, replaced in this order (translit_key).
_TRANSLIT_PAIRS = (("yy", "y"), ("iy", "y"), ("yi", "y"), ("ij", "y"), ("ii", "y"), ("kh", "h"),
                   ("ph", "f"), ("ck", "k"), ("dh", "d"), ("tz", "ts"), ("q", "k"), ("w", "v"))
_REPEATS = re.compile(r"(.)\1+")


def translit_key(word: str) -> str:
    """Spelling-insensitive key for transliterated names: Zelenskyy/Zelensky/Zelenskiy."""
    w = unicodedata.normalize("NFKD", word.lower())
    if not w.isalpha():  # most names are letters only: nothing to drop
        w = "".join(c for c in w if c.isalpha())
    for a, b in _TRANSLIT_PAIRS:
        w = w.replace(a, b)
    w = w.replace("y", "i").replace("j", "i")
    return _REPEATS.sub(r"\1", w)


def _resolve(body: list[_Cand], strict: list[_Cand], ctx: _Context, lex: _Lexicon) -> list[Mention]:
    full_people = sorted({c.name for c in body + strict if c.type == PERSON and " " in c.name})
    by_last: dict[str, set[str]] = {}
    by_first: dict[str, set[str]] = {}
    for full in full_people:
        by_last.setdefault(translit_key(full.split()[-1]), set()).add(full)
        by_first.setdefault(full.split()[0], set()).add(full)
    body_names = {c.name for c in body if c.type}
    expansions = _acronym_expansions(body + strict)
    mentions: list[Mention] = []
    for cand, is_strict in [(c, False) for c in body] + [(c, True) for c in strict]:
        name, type_ = cand.name, cand.type
        if type_ in (None, PERSON) and " " not in name:
            full = _attach_short_name(name, by_last, by_first, lex)
            if full:
                name, type_ = full, PERSON
        if type_ == ORG and name in expansions:
            name = expansions[name]
        if type_ is None or not _acceptable_name(name, lex):
            continue
        if type_ == PERSON and any(w in NOT_NAME_WORDS for w in name.split()):
            continue
        if is_strict and not (cand.cue or name in body_names or name in lex.gazetteer.values()
                              or _known(name, lex)):
            continue
        end = cand.tokens[-1].end
        mentions.append(Mention(ctx.text[cand.surface_start : end], name, type_,
                                cand.surface_start, end))
    mentions.sort(key=lambda m: (m.start, m.end, m.name))
    return _dedupe_overlaps(mentions)


def _acronym_expansions(cands: list[_Cand]) -> dict[str, str]:
    """Acronym -> the one multi-word organisation of the article it abbreviates (the
    Schwartz-Hearst test, below). An acronym two names fit stays as it is."""
    organisations = sorted({c.name for c in cands if c.type == ORG and " " in c.name})
    acronyms = {c.name for c in cands if c.type == ORG and c.name.isupper()
                and c.name.isalpha()}
    expansions = {}
    for acronym in sorted(acronyms):
        fits = [name for name in organisations if abbreviates(acronym, name)]
        if len(fits) == 1:
            expansions[acronym] = fits[0]
    return expansions


_MINOR_WORDS = frozenset({"of", "and", "the", "for", "de", "&"})


def abbreviates(acronym: str, name: str) -> bool:
    """True when ``acronym`` abbreviates ``name`` (Schwartz & Hearst 2003, stricter): its
    letters appear in the name in order, the first at the name's start, and the initial of
    every major word of the name is one of them. "SIA" abbreviates "Singapore Airlines"
    (S-I-ngapore A-irlines), "EADS" does not abbreviate "European Space Agency"."""
    words = [w for w in name.split() if w.lower() not in _MINOR_WORDS]
    if not words or len(acronym) < len(words) or \
            acronym[0].lower() != words[0][0].lower():
        return False
    return _letters_fit(acronym.lower(), [w.lower() for w in words])


def _letters_fit(letters: str, words: list[str]) -> bool:
    """The letters can be read off the words in order: each word gives its initial and then,
    optionally, more of its own letters in order (search over where each word's part ends)."""
    if not words:
        return not letters
    if not letters or letters[0] != words[0][0]:
        return False
    rest_letters, word = letters[1:], words[0][1:]
    for take in range(len(rest_letters) + 1):
        taken = rest_letters[:take]
        if _subsequence(taken, word) and _letters_fit(rest_letters[take:], words[1:]):
            return True
    return False


def _subsequence(letters: str, word: str) -> bool:
    found = iter(word)
    return all(letter in found for letter in letters)


def _known(name: str, lex: _Lexicon) -> bool:
    return any(v[1] == name for v in (lex.gazetteer.get(name),) if v)


def _attach_short_name(
    word: str, by_last: dict[str, set[str]], by_first: dict[str, set[str]], lex: _Lexicon
) -> str | None:
    last = by_last.get(translit_key(word), set())
    if len(last) == 1:
        return next(iter(last))
    first = by_first.get(word, set())
    if word in lex.given and len(first) == 1:
        return next(iter(first))
    return None


def _acceptable_name(name: str, lex: _Lexicon) -> bool:
    return len(name) >= 2 and name not in lex.stop and name not in lex.demonyms or (
        name in lex.gazetteer and lex.gazetteer[name][1] == name
    )


def _dedupe_overlaps(mentions: list[Mention]) -> list[Mention]:
    out: list[Mention] = []
    for m in mentions:
        if out and m.start < out[-1].end:
            if (m.end - m.start) > (out[-1].end - out[-1].start):
                out[-1] = m
            continue
        out.append(m)
    return out
