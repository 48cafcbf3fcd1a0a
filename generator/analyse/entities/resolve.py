"""Article-level resolution: short names attached to the one full name they can mean
("Trump" -> "Donald Trump"), untyped or junk names dropped, overlaps removed."""

from __future__ import annotations

import re
import unicodedata

from generator.analyse.entities.lexicon import NOT_NAME_WORDS, _Lexicon
from generator.analyse.entities.mention import PERSON, Mention
from generator.analyse.entities.tokens import _Cand, _Context


def translit_key(word: str) -> str:
    """Spelling-insensitive key for transliterated names: Zelenskyy/Zelensky/Zelenskiy."""
    w = unicodedata.normalize("NFKD", word.lower())
    w = "".join(c for c in w if c.isalpha())
    for a, b in (("yy", "y"), ("iy", "y"), ("yi", "y"), ("ij", "y"), ("ii", "y"), ("kh", "h"),
                 ("ph", "f"), ("ck", "k"), ("dh", "d"), ("tz", "ts"), ("q", "k"), ("w", "v")):
        w = w.replace(a, b)
    w = w.replace("y", "i").replace("j", "i")
    return re.sub(r"(.)\1+", r"\1", w)


def _resolve(body: list[_Cand], strict: list[_Cand], ctx: _Context, lex: _Lexicon) -> list[Mention]:
    full_people = sorted({c.name for c in body + strict if c.type == PERSON and " " in c.name})
    by_last: dict[str, set[str]] = {}
    by_first: dict[str, set[str]] = {}
    for full in full_people:
        by_last.setdefault(translit_key(full.split()[-1]), set()).add(full)
        by_first.setdefault(full.split()[0], set()).add(full)
    body_names = {c.name for c in body if c.type}
    mentions: list[Mention] = []
    for cand, is_strict in [(c, False) for c in body] + [(c, True) for c in strict]:
        name, type_ = cand.name, cand.type
        if type_ in (None, PERSON) and " " not in name:
            full = _attach_short_name(name, by_last, by_first, lex)
            if full:
                name, type_ = full, PERSON
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
