"""Content analysis of one article: quality, entities, quotes and dated events."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace
from typing import TypeVar

from generator.analyse.entities import Mention, extract_mentions
from generator.analyse.events import Headline, extract_events
from generator.analyse.quality import assess
from generator.analyse.quotes import Quote, extract_quotes
from generator.analyse.result import ArticleAnalysis
from generator.analyse.timex import TimeExpression, tag
from generator.models import HEADLINE, as_date
from generator.text import sentence_spans

SEPARATOR = "\n\n"
_CARRIED = 8  # earlier expressions replayed per paragraph: the last day and date are in them
Located = TypeVar("Located", Mention, Quote)


def analyse_content(title: str, paragraphs: list[str], furniture: list[str],
                    date: str, written_headline: bool = True) -> ArticleAnalysis:
    """Quality, mentions, quotes and events of one article, located as generator.models says:
    paragraph 0 is the headline, body paragraphs count from 1, offsets are paragraph-relative.
    ``written_headline``: the title is the article's own headline (declared or a headline
    line), not one made from the lead; only a written headline makes an event."""
    quality = assess("\n".join([*paragraphs, *furniture]))
    # Entities are read from the text with spun names put back ("White Home" -> "White House"),
    # so a spun copy's people and institutions merge with the other reports'.
    despun = [despin(p, quality.substitutions) for p in paragraphs]
    despun_title = despin(title, quality.substitutions)
    # Headline and body are read as one text so names resolve across them; each record is then
    # placed in its paragraph (HEADLINE = 0, body from 1).
    parts = [despun_title, *despun]
    mentions = _placed(extract_mentions(SEPARATOR.join(parts)), parts, HEADLINE)
    quotes = _placed(extract_quotes(SEPARATOR.join(paragraphs)), paragraphs, HEADLINE + 1)
    dct = as_date(date)
    # Each paragraph is tagged knowing the dates named before it ("One year later" opening a
    # paragraph counts from the year the paragraph before named).
    timexes: list[list[TimeExpression]] = []
    named: list[TimeExpression] = []
    for paragraph in paragraphs:
        timexes.append(tag(paragraph, dct, before=named[-_CARRIED:]))
        named.extend(timexes[-1])
    sentence_entities = [_sentence_names(p, [m for m in mentions if m.paragraph == number])
                         for number, p in enumerate(despun, start=1)]
    people = {m.name for m in mentions if m.type == "person"}
    headline = Headline(title, tuple(tag(title, dct)), tuple(dict.fromkeys(
        m.name for m in mentions if m.paragraph == HEADLINE))) if written_headline else None
    events = extract_events(paragraphs, timexes, sentence_entities, date, people, headline)
    return ArticleAnalysis(mentions, quotes, quality, events)


def despin(text: str, substitutions: tuple[tuple[str, str], ...]) -> str:
    for spun, original in substitutions:
        text = re.sub(r"\b" + re.escape(spun) + r"\b", original, text)
    return text


def _starts(parts: list[str]) -> list[int]:
    starts, offset = [], 0
    for part in parts:
        starts.append(offset)
        offset += len(part) + len(SEPARATOR)
    return starts


def _placed(records: list[Located], parts: list[str], first: int) -> list[Located]:
    """Records found in SEPARATOR.join(parts), each moved into the part it starts in: offsets
    relative to that part, paragraph = its index + ``first``."""
    starts = _starts(parts)
    placed = []
    for record in records:
        index = bisect_right(starts, record.start) - 1
        shift = starts[index]
        placed.append(replace(record, start=record.start - shift, end=record.end - shift,
                              paragraph=index + first))
    return placed


def _sentence_names(paragraph: str, mentions: list[Mention]) -> list[tuple[str, ...]]:
    names = []
    for start, end in sentence_spans(paragraph):
        inside = [m.name for m in mentions if start <= m.start < end]
        names.append(tuple(dict.fromkeys(inside)))
    return names


