"""Extract quoted speech and its speaker from article text.

Handles straight and curly quotes and the usual newsroom attributions:
    "...," Trump said.        /  "...," said Mark Montgomery, an analyst ...
    Montgomery said, "..."    /  "..." -- a follow-on quote after "he said." keeps the speaker
plus two conventions of real copy: a paragraph that continues a quote opens without closing,
and a lost opening mark makes the quote start at its paragraph. Quotes of 1-3 words are scare
quotes and are skipped; quotes with no recognisable speaker are not returned.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

__all__ = ["Quote", "extract_quotes"]


@dataclass(frozen=True)
class Quote:
    text: str  # the quoted words, without the quote marks or a trailing comma
    speaker: str  # as written ("Trump", "Mark Montgomery", "he", "A White House official")
    start: int  # offset of ``text`` in the string searched (analysis: in its paragraph)
    end: int  # offset just past ``text``
    paragraph: int = 0  # analysis: the body paragraph the quote opens in (anchor "#p{n}")

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Quote:
        return cls(text=data["text"], speaker=data["speaker"], start=data["start"],
                   end=data["end"], paragraph=data.get("paragraph", 0))


# Speech verbs. "mentioned" is here because spun copies swap it in for "said".
_VERBS = (
    r"(?:said|says|say|told|tells|added|adds|stated|states|remarked|mentioned|wrote|writes|"
    r"asked|asks|explained|noted|insisted|argued|declared|replied|warned|continued|tweeted|"
    r"posted|recalled|acknowledged|admitted|announced|claimed|conceded|confirmed|emphasised|"
    r"emphasized|suggested|predicted|urged|vowed|cautioned)"
)
_NAME_WORD = r"[A-Z][\w'’.-]*"
_NAME = rf"{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|de|van|von|bin|al|da|del|la))*"
_PRONOUN = r"(?:he|she|they|He|She|They|I|We|we)"
# "the official", "A White House aide"
_ROLE = r"(?:[Tt]he|[Aa]n?)\s+(?:[A-Z][\w'’-]*\s+)*[a-z][\w-]*"
_SPEAKER = rf"(?P<speaker>{_ROLE}|{_PRONOUN}|{_NAME})"
_REST_OF_SENTENCE = r"[^.!?\n“”\"]*[.!?]?"

_AFTER_VERB_FIRST = re.compile(rf"\s*{_VERBS}\s+(?P<speaker>{_NAME})")
_AFTER_SPEAKER_FIRST = re.compile(rf"\s*{_SPEAKER}\s+(?:also\s+|later\s+)?{_VERBS}\b")
_BEFORE = re.compile(
    rf"{_SPEAKER}\s+(?:also\s+|later\s+)?{_VERBS}(?:\s+[\w'’]+){{0,3}}?\s*[,:]\s*$"
)
_IN_SENTENCE = re.compile(rf"(?:^|(?<=[\s,]))(?:{_SPEAKER})\s+(?:\w+ly\s+)?{_VERBS}\b")
_REST = re.compile(_REST_OF_SENTENCE)
_MIN_WORDS = 4


@dataclass
class _Span:
    start: int  # inner text start
    end: int  # inner text end
    open_mark: int  # index of the opening mark (or paragraph start when it was lost)
    close_mark: int  # index just past the closing mark (or paragraph end when unclosed)
    para_start: int
    para_end: int


def _is_opening(text: str, i: int) -> bool:
    """A straight quote opens when preceded by a boundary and followed by a non-space."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([{—–-") and not after.isspace()


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _quote_spans(text: str) -> list[_Span]:
    spans: list[_Span] = []
    for p_start, p_end in _paragraphs(text):
        open_at: int | None = None
        for i in range(p_start, p_end):
            ch = text[i]
            if ch not in '“”"':
                continue
            opening = ch == "“" or (ch == '"' and _is_opening(text, i))
            if opening:
                open_at = i  # an unclosed earlier mark is abandoned
            elif open_at is not None:
                spans.append(_Span(open_at + 1, i, open_at, i + 1, p_start, p_end))
                open_at = None
            else:  # closing mark with no opener: the quote began at the paragraph start
                spans.append(_Span(p_start, i, p_start, i + 1, p_start, p_end))
        if open_at is not None:  # quote runs on into the next paragraph
            spans.append(_Span(open_at + 1, p_end, open_at, p_end, p_start, p_end))
    return spans


def _trim(text: str, span: _Span) -> tuple[int, int]:
    start, end = span.start, span.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;"):
        end -= 1
    return start, end


# Sentence end: not after a lone capital, so "U.S. president" does not split.
_SENTENCE_END = re.compile(r"(?<!\b[A-Z])[.!?][”\"]?\s+")


def _sentence_start(text: str, span: _Span) -> int:
    ends = list(_SENTENCE_END.finditer(text, span.para_start, span.open_mark))
    return ends[-1].end() if ends else span.para_start


def _attribute(text: str, span: _Span, inner_end: int) -> tuple[str, int]:
    """Speaker and the offset where the attribution's sentence ends ("" when none found)."""
    tail_char = text[inner_end - 1] if inner_end > span.start else ""
    raw_end = text[span.start : span.end].rstrip()
    handover = raw_end.endswith((",", "?", "!", "—", "-"))
    handover = handover or text[span.close_mark : span.close_mark + 1] == ","
    after = text[span.close_mark : span.para_end].lstrip(",")
    offset = span.para_end - len(after)
    if handover or tail_char in "?!":
        for pattern in (_AFTER_VERB_FIRST, _AFTER_SPEAKER_FIRST):
            m = pattern.match(after)
            if m:
                rest = _REST.match(after, m.end())
                return m.group("speaker"), offset + (rest.end() if rest else m.end())
    before = text[_sentence_start(text, span) : span.open_mark]
    m = _BEFORE.search(before)
    if m:
        return m.group("speaker"), span.close_mark
    matches = list(_IN_SENTENCE.finditer(before))
    if matches:  # partial quote inside reported speech: the nearest speaker before it
        return matches[-1].group("speaker"), span.close_mark
    return "", span.close_mark


def extract_quotes(text: str) -> list[Quote]:
    """Attributed quotes of four or more words, in reading order."""
    quotes: list[Quote] = []
    prev_speaker, prev_attr_end = "", -1
    for span in _quote_spans(text):
        start, end = _trim(text, span)
        if len(text[start:end].split()) < _MIN_WORDS:
            continue
        speaker, attr_end = _attribute(text, span, end)
        gap = text[prev_attr_end : span.open_mark] if prev_attr_end >= 0 else "x"
        if not speaker and prev_speaker and not gap.strip(" \n\t.,"):
            speaker = prev_speaker  # follow-on quote: '"A," he said. "B."'
        if speaker:
            quotes.append(Quote(text=text[start:end], speaker=speaker, start=start, end=end))
            prev_speaker, prev_attr_end = speaker, attr_end
        else:
            prev_speaker, prev_attr_end = "", -1
    return quotes
