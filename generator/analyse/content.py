"""Content analysis of one article: quality, entities, quotes and dated events."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace

from generator.analyse.entities import Mention, extract_mentions
from generator.analyse.events import extract_events
from generator.analyse.quality import assess
from generator.analyse.quotes import Quote, extract_quotes
from generator.analyse.result import ArticleAnalysis
from generator.analyse.timex import tag
from generator.models import as_date
from generator.text import sentence_spans

SEPARATOR = "\n\n"


def analyse_content(title: str, paragraphs: list[str], furniture: list[str],
                    date: str) -> ArticleAnalysis:
    """Quality, mentions, quotes and events of one article, located as generator.models says:
    paragraph 0 is the headline, body paragraphs count from 1, offsets are paragraph-relative."""
    quality = assess("\n".join([*paragraphs, *furniture]))
    # Entities are read from the text with spun names put back ("White Home" -> "White House"),
    # so a spun copy's people and institutions merge with the other reports'.
    despun = [despin(p, quality.substitutions) for p in paragraphs]
    despun_title = despin(title, quality.substitutions)
    mentions = _mentions([despun_title, *despun])
    quotes = _quotes(paragraphs)
    dct = as_date(date)
    timexes = [tag(p, dct) for p in paragraphs]
    sentence_entities = [_sentence_names(p, [m for m in mentions if m.paragraph == number])
                         for number, p in enumerate(despun, start=1)]
    people = {m.name for m in mentions if m.type == "person"}
    events = extract_events(paragraphs, timexes, sentence_entities, date, people)
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


def _mentions(parts: list[str]) -> list[Mention]:
    """Mentions over headline + paragraphs, each placed in its part (0 = headline) with offsets
    relative to that part."""
    starts = _starts(parts)
    located = []
    for mention in extract_mentions(SEPARATOR.join(parts)):
        number = bisect_right(starts, mention.start) - 1
        shift = starts[number]
        located.append(replace(mention, start=mention.start - shift, end=mention.end - shift,
                               paragraph=number))
    return located


def _quotes(paragraphs: list[str]) -> list[Quote]:
    """Quotes placed in the body paragraph they open in (from 1), offsets relative to it."""
    starts = _starts(paragraphs)
    located = []
    for quote in extract_quotes(SEPARATOR.join(paragraphs)):
        index = bisect_right(starts, quote.start) - 1
        shift = starts[index]
        located.append(replace(quote, start=quote.start - shift, end=quote.end - shift,
                               paragraph=index + 1))
    return located


def _sentence_names(paragraph: str, mentions: list[Mention]) -> list[tuple[str, ...]]:
    names = []
    for start, end in sentence_spans(paragraph):
        inside = [m.name for m in mentions if start <= m.start < end]
        names.append(tuple(dict.fromkeys(inside)))
    return names


