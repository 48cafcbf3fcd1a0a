"""Content analysis of one article: quality, entities, quotes and dated events."""

from __future__ import annotations

import re
from bisect import bisect_right

from generator.analyse.entities import extract_mentions
from generator.analyse.events import extract_events
from generator.analyse.quality import assess
from generator.analyse.quotes import extract_quotes
from generator.analyse.result import ArticleAnalysis
from generator.analyse.timex import tag
from generator.models import as_date
from generator.text import sentence_spans

SEPARATOR = "\n\n"


def analyse_content(title: str, paragraphs: list[str], furniture: list[str],
                    date: str) -> ArticleAnalysis:
    quality = assess("\n".join([*paragraphs, *furniture]))
    # Entities are read from the text with spun names put back ("White Home" -> "White House"),
    # so a spun copy's people and institutions merge with the other reports'.
    despun = [despin(p, quality.substitutions) for p in paragraphs]
    despun_title = despin(title, quality.substitutions)
    mentions, mention_paragraphs = _mentions([despun_title, *despun])
    quotes, quote_paragraphs = _quotes(paragraphs)
    dct = as_date(date)
    timexes = [tag(p, dct) for p in paragraphs]
    sentence_entities = [_sentence_names(p, [m for m, n in zip(mentions, mention_paragraphs,
                                                                strict=True) if n == i + 1])
                         for i, p in enumerate(despun)]
    people = {m.name for m in mentions if m.type == "person"}
    events = extract_events(paragraphs, timexes, sentence_entities, date, people)
    return ArticleAnalysis(mentions, mention_paragraphs, quotes, quote_paragraphs, quality,
                           events)


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


def _mentions(parts: list[str]) -> tuple[list, list[int]]:
    """Mentions over title + paragraphs, with each one's paragraph (0 = title) and offsets made
    relative to that paragraph."""
    starts = _starts(parts)
    mentions, where = [], []
    for mention in extract_mentions(SEPARATOR.join(parts)):
        index = bisect_right(starts, mention.start) - 1
        shift = starts[index]
        mentions.append(type(mention)(mention.text, mention.name, mention.type,
                                      mention.start - shift, mention.end - shift))
        where.append(index)
    return mentions, where


def _quotes(paragraphs: list[str]) -> tuple[list, list[int]]:
    starts = _starts(paragraphs)
    quotes = extract_quotes(SEPARATOR.join(paragraphs))
    return quotes, [bisect_right(starts, q.start) for q in quotes]


def _sentence_names(paragraph: str, mentions: list) -> list[tuple[str, ...]]:
    names = []
    for start, end in sentence_spans(paragraph):
        inside = [m.name for m in mentions if start <= m.start < end]
        names.append(tuple(dict.fromkeys(inside)))
    return names


