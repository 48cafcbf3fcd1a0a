"""Lines, tokens and capitalised spans of one article, and the article context the typing
rules read."""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.analyse.entities.lexicon import CONNECTORS, TITLE_ABBREVS, _lexicon

_TOKEN_RE = re.compile(r"(?:[A-Z]\.){2,}|[\w][\w]*(?:['’\-][\w]+)*|&")
_BOILERPLATE_RE = re.compile(
    r"^(?:leave a comment|trending|get breaking .*|sign up.*|subscribe.*|share this.*|"
    r"advertisement|read more.*|related:.*|watch:.*|©.*|copyright.*|.*contributed to this report\.?"
    r"|.*all rights reserved.*|for (?:news|information) impacting .*|click here.*)$",
    re.IGNORECASE,
)
_SENTENCE_END = frozenset(".!?")
_OPENERS = frozenset("\"“‘'([—–-:;")


@dataclass
class _Tok:
    text: str
    start: int
    end: int
    initial: bool  # first word of a sentence / line / quotation
    breaks_after: bool  # possessive or punctuation ends the span here


@dataclass
class _Cand:
    tokens: list[_Tok]
    name: str
    type: str | None  # None: untyped, needs same-article resolution
    surface_start: int
    cue: bool = False  # typed by a strong cue (title, role noun, speech verb)


@dataclass
class _Context:
    text: str
    lowercase_words: frozenset[str]
    lex_given_ok: frozenset[str]
    model_codes: dict[str, str]  # "A380" -> "Airbus A380" (named after its maker here)
    acronyms: dict[str, int]  # all-caps words of 3+ letters -> occurrences in the article




def _line_spans(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


def _is_headline_like(line: str) -> bool:
    """A bare line without sentence punctuation (headline, sub-heading)."""
    stripped = line.rstrip().rstrip("\"”’'")
    return len(stripped.split()) <= 16 and not stripped.endswith((".", "!", "?", ":"))


def _tokenise(line: str, offset: int) -> list[_Tok]:
    toks: list[_Tok] = []
    prev_end = 0
    for m in _TOKEN_RE.finditer(line):
        word, start = m.group(), m.start()
        gap = line[prev_end:start]
        initial = not toks or _starts_sentence(gap, toks[-1].text)
        possessive = False
        for suffix in ("’s", "'s", "’", "'"):
            if word.endswith(suffix) and len(word) > len(suffix) + 1:
                word, possessive = word[: -len(suffix)], True
                break
        end = start + len(word)
        if toks:
            toks[-1].breaks_after = toks[-1].breaks_after or not _joinable_gap(gap, toks[-1].text)
        parts = word.split("-")
        if len(parts) > 1 and all(p in _lexicon().gazetteer for p in parts):
            # "Israel-Hamas truce": two mentions, not one hyphenated word
            pos = offset + start
            for k, part in enumerate(parts):
                toks.append(_Tok(part, pos, pos + len(part), initial and k == 0, True))
                pos += len(part) + 1
            toks[-1].breaks_after = possessive
            prev_end = m.end()
            continue
        toks.append(_Tok(word, offset + start, offset + end, initial, possessive))
        prev_end = m.end()
    return toks


def _starts_sentence(gap: str, prev: str) -> bool:
    g = gap.strip()
    if not g:
        return False
    if any(c in _OPENERS for c in g) and g[-1] in _OPENERS:
        return True
    if g[0] in _SENTENCE_END:
        return prev not in TITLE_ABBREVS and not (len(prev) == 1 and prev.isupper())
    return False


def _joinable_gap(gap: str, prev: str) -> bool:
    if gap == " ":
        return True
    if gap == ". ":  # "Sen. Lindsey Graham", "George W. Bush"
        return prev in TITLE_ABBREVS or (len(prev) == 1 and prev.isupper())
    return False


def _is_cap(tok: _Tok) -> bool:
    c = tok.text[0]
    return c.isupper() or (tok.text == "&")


def _spans(toks: list[_Tok]) -> list[list[_Tok]]:
    """Maximal runs of capitalised tokens, joined by single spaces and inner connectors."""
    spans: list[list[_Tok]] = []
    cur: list[_Tok] = []
    for i, tok in enumerate(toks):
        joinable = cur and not cur[-1].breaks_after
        if _is_cap(tok) and tok.text != "&" and not tok.text.isdigit():
            if not joinable and cur:
                spans.append(cur)
                cur = []
            cur.append(tok)
        elif (
            joinable
            and tok.text in CONNECTORS
            and not tok.breaks_after
            and i + 1 < len(toks)
            and _is_cap(toks[i + 1])
        ):
            cur.append(tok)
        elif cur:
            spans.append(cur)
            cur = []
    if cur:
        spans.append(cur)
    return spans
