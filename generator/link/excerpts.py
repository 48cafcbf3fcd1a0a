"""What a story page quotes from its reports: summary sentences and quotes (content choices).

Link makes these choices because they need the story's members and their final quality
verdicts; render only words and links them. Both prefer the clean reports, best source first,
and skip what repeats something already chosen, so three outlets' versions of one lead
sentence are shown once.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.analyse.quotes import Quote
from generator.models import Article
from generator.text import sentences, words

# A story summary is a short paragraph: about the length of a news lead plus its follow-up.
SUMMARY_WORDS = 90
# Opening sentences taken from each clean report: the inverted pyramid puts the news there.
LEAD_SENTENCES = 3
# A sentence sharing more than this Jaccard word overlap with a chosen one repeats it.
SENTENCE_REPEAT = 0.4
# Quotes listed on a story page: enough for the main voices without listing every aside.
MAX_QUOTES = 8
# A quote whose words are more than this share inside a chosen quote's is the same quote as
# another outlet trimmed it (overlap over the new quote's own words, not Jaccard).
QUOTE_REPEAT = 0.5
# Quotes of fewer distinct words are fragments, not statements.
QUOTE_MIN_WORDS = 4


@dataclass(frozen=True)
class Excerpt:
    """A sentence of one article, with the body paragraph it is in (generator.models)."""

    article: str
    paragraph: int
    text: str


@dataclass(frozen=True)
class QuoteChoice:
    """A quote chosen for a story page, with the article it is read from."""

    article: str
    quote: Quote


def _bag(text: str) -> set[str]:
    return {w.lower() for w in words(text)}


def summary_sentences(ordered: list[Article]) -> list[Excerpt]:
    """Opening sentences of the given reports (best source first), up to SUMMARY_WORDS, a
    sentence that repeats one already chosen skipped."""
    chosen: list[Excerpt] = []
    seen: list[set[str]] = []
    total = 0
    for article in ordered:
        for sentence, paragraph in _opening_sentences(article, LEAD_SENTENCES):
            bag = _bag(sentence)
            if any(len(bag & old) / max(len(bag | old), 1) > SENTENCE_REPEAT for old in seen):
                continue
            n = len(sentence.split())
            if chosen and total + n > SUMMARY_WORDS:
                break
            chosen.append(Excerpt(article.id, paragraph, sentence))
            seen.append(bag)
            total += n
    return chosen


def _opening_sentences(article: Article, limit: int) -> list[tuple[str, int]]:
    """The first sentences of an article with the number of the paragraph each is in."""
    found: list[tuple[str, int]] = []
    paragraphs = (b.text for b in article.blocks if b.kind == "p")
    for number, paragraph in enumerate(paragraphs, start=1):
        found.extend((sentence, number) for sentence in sentences(paragraph))
        if len(found) >= limit:
            break
    return found[:limit]


def story_quotes(ordered: list[Article]) -> list[QuoteChoice]:
    """Quotes of the given reports in order, a quote another report already gave skipped, at
    most MAX_QUOTES."""
    chosen: list[QuoteChoice] = []
    seen: list[set[str]] = []
    for article in ordered:
        for quote in article.analysis.quotes if article.analysis else []:
            bag = _bag(quote.text)
            if len(bag) < QUOTE_MIN_WORDS or any(
                    len(bag & old) / max(len(bag), 1) > QUOTE_REPEAT for old in seen):
                continue
            seen.append(bag)
            chosen.append(QuoteChoice(article.id, quote))
            if len(chosen) >= MAX_QUOTES:
                return chosen
    return chosen
