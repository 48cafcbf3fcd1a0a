"""Small text helpers shared by several stages: sentences and words."""

from __future__ import annotations

import re

# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = (
    "Mr Mrs Ms Dr Prof Sen Rep Gov Gen Lt Col Capt Sgt Rev St Jr Sr Inc Ltd Co Corp No vs "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec U.S U.K U.N E.U D.C Mt Ft Ave approx "
    "R-S.C D-Conn R-Texas D-N.Y R-Fla D-Calif"
).split()
_ABBREV = re.compile(r"(?:\b(?:" + "|".join(re.escape(a) for a in _ABBREVIATIONS)
                     + r")|\b[A-Z])\.$")
_BOUNDARY = re.compile(r"(?<=[.!?…])[\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])")
_WORD = re.compile(r"[^\W_]+(?:[’'.-][^\W_]+)*", re.U)


def sentences(text: str) -> list[str]:
    """Split a paragraph into sentences, keeping abbreviations such as 'U.S.' intact."""
    parts: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        # Look only at the few characters before the stop: linear even on a 1 MB paragraph.
        if _ABBREV.search(text, max(start, match.start() - 16), match.start()):
            continue
        parts.append(text[start:match.end()].strip())
        start = match.end()
    tail = text[start:].strip()
    if tail:
        parts.append(tail)
    return parts


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each sentence of sentences(text) within text."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    for sentence in sentences(text):
        start = text.find(sentence, cursor)
        if start < 0:
            continue
        spans.append((start, start + len(sentence)))
        cursor = start + len(sentence)
    return spans
