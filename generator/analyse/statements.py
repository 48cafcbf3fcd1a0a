"""The statement of a dated event: the clause that carries the event and its date, readable on
its own on the timeline.

A timeline entry is read out of its article, so it must be a whole statement: it starts where
a sentence starts, its quotation marks are balanced, and "he" says who. From the sentence that
holds the event's time expression:

1. Quotes: a sentence split inside a quotation ("...? I don't believe so," Trump said on
   Sunday) is extended back to the sentence that opens the quote; when the paragraph itself
   starts inside the quote (the scrape lost the opening mark), the missing opening mark is
   put back. A quote left open at the end gets its closing mark.
2. Clauses: a sentence can report more than one event. After the time expression, a
   comma-delimited non-restrictive clause (", who ...", ", which ...", ", although ...",
   ", enabling ...", "; ...") adds a second predication about something else: it is cut.
   When the time expression sits inside an appositive with a relative clause of its own
   subject (", a diplomatic accomplishment that he celebrated with a trip ... on Monday"),
   that relative clause is the dated event, and it is a full clause from its subject on.
3. Actor: a statement opening with a personal pronoun (he/she) takes the name of the person
   the article named last before it (news refer to a person by surname after the first
   mention).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

OPEN_QUOTES = "“"
CLOSE_QUOTES = "”"
_STRAIGHT = '"'

# A comma-delimited clause that starts a second predication: relative, concessive or
# participial. Cut when it follows the time expression (and lies outside quotes).
_TRAILING_CLAUSE = re.compile(
    r"\s*(?:;|,\s+(?:who|whom|whose|which|where|although|though|whereas|while"
    r"|even\s+though|but|as\s+well\s+as|\w+ing)\b)")
# ", a diplomatic accomplishment that he celebrated": an appositive noun phrase (determiner
# first) whose relative clause has its own subject (pronoun or name) -- a clause of its own.
_APPOSITIVE_RELATIVE = re.compile(
    r",\s+(?:a|an|the|this|that|one)\s+[^,;]{0,60}?\b(?:that|which|when|where)\s+"
    r"(?=(?:he|she|they|we|I|it|[A-Z][a-z]+)\b)")
_LEADING_PRONOUN = re.compile(r"^(?:He|She|he|she)\b(?!’|')")
_MIN_WORDS = 4  # a cut that leaves fewer words than this is not a statement


def statement(paragraph: str, start: int, end: int, timex_start: int,
              spans: Sequence[tuple[int, int]],
              actor: Callable[[int], str] | None = None) -> str:
    """The statement for the sentence ``paragraph[start:end]`` whose event is dated by the
    time expression at ``timex_start``. ``spans`` are the paragraph's sentence spans (to
    extend over a split quotation); ``actor(position)`` names the person a pronoun at that
    position refers to ("" when the article names none)."""
    start, end, opened, closed = _balance_quotes(paragraph, start, end, spans)
    start, end = _event_clause(paragraph, start, end, timex_start)
    while start < end and paragraph[start].isspace():
        start += 1
    text = paragraph[start:end].strip()
    if opened:
        text = OPEN_QUOTES + text
    text = _finish(text)
    if closed and _open_quote_count(text) > 0:
        text = text + CLOSE_QUOTES
    if actor and _LEADING_PRONOUN.match(text):
        name = actor(start)
        if name:
            text = _LEADING_PRONOUN.sub(name, text, count=1)
    return text[:1].upper() + text[1:]


def coordinated_statement(subject: str, predicate: str, actor: str = "") -> str:
    """The statement of a second coordinated predicate ("launched the store in 2003."): the
    sentence's subject before it, a leading he/she given its name."""
    if actor and _LEADING_PRONOUN.match(subject):
        subject = _LEADING_PRONOUN.sub(actor, subject, count=1)
    text = f"{subject} {predicate[:1].lower()}{predicate[1:]}"
    return text[:1].upper() + text[1:]


def _open_quote_count(text: str) -> int:
    """Positive: more quotes opened than closed; negative: a quote closed that was never
    opened. Straight quotes alternate, so an odd count is one open quote."""
    curly = sum(text.count(c) for c in OPEN_QUOTES) - sum(text.count(c) for c in CLOSE_QUOTES)
    return curly + text.count(_STRAIGHT) % 2


def _balance_quotes(paragraph: str, start: int, end: int,
                    spans: Sequence[tuple[int, int]]) -> tuple[int, int, bool, bool]:
    """Widen [start, end) over whole sentences until its quotes balance. Returns the span and
    whether an opening (or closing) mark must be added because the paragraph lacks it."""
    earlier = [s for s, _ in spans if s < start]
    while _open_quote_count(paragraph[start:end]) < 0 and earlier:
        start = earlier.pop()
    later = [e for _, e in spans if e > end]
    while _open_quote_count(paragraph[start:end]) > 0 and later:
        end = later.pop(0)
    balance = _open_quote_count(paragraph[start:end])
    return start, end, balance < 0, balance > 0


def _inside_quote(paragraph: str, start: int, position: int) -> bool:
    return _open_quote_count(paragraph[start:position]) > 0


def _event_clause(paragraph: str, start: int, end: int, timex_start: int) -> tuple[int, int]:
    for m in _APPOSITIVE_RELATIVE.finditer(paragraph, start, timex_start):
        clause_end = _cut_after(paragraph, m.end(), end, timex_start)
        if len(paragraph[m.end():clause_end].split()) >= _MIN_WORDS \
                and not _inside_quote(paragraph, start, m.start()):
            return m.end(), clause_end
    return start, _cut_after(paragraph, start, end, timex_start)


def _cut_after(paragraph: str, start: int, end: int, timex_start: int) -> int:
    """End of the clause: before the first non-restrictive clause after the time expression."""
    for m in _TRAILING_CLAUSE.finditer(paragraph, timex_start, end):
        if _inside_quote(paragraph, start, m.start()):
            continue
        if len(paragraph[start:m.start()].split()) >= _MIN_WORDS:
            return m.start()
    return end


def _finish(text: str) -> str:
    """End the statement with a full stop unless it ends a sentence already."""
    text = text.rstrip(" ,;:—–-")
    if re.search(r"[.!?…][”\"’)]*$", text):
        return text
    if text.endswith(tuple(CLOSE_QUOTES + _STRAIGHT)):
        return text
    return text + "."
