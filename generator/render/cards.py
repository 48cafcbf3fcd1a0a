"""Story cards: the front page's ranking and the card each listing shows for a story.

A card says what a reader needs to choose a story: a concise headline, which outlets covered
it, over which dates, from how many reports, and one sentence of what happened.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from generator.models import Article, Digest
from generator.render.common import UNKNOWN_SOURCE, human_date, link
from generator.render.escape import escape_markdown as md
from generator.text import sentences

HEADLINE_MAX_CHARS = 90
# A story loses half its weight every HALF_LIFE_DAYS behind the newest story in the digest: a
# story covered by four outlets two days ago ranks level with a one-outlet story from today.
HALF_LIFE_DAYS = 1.0
HEADLINE_ENTITIES = 3  # names in a headline made from the story's entities
INFERRED_FROM_LEAD = "lead"  # Article.inferred["title"] when the title is a cut lead sentence


@dataclass(frozen=True)
class Card:
    story_id: str
    page: str
    headline: str
    outlets: list[str]
    reports: int
    first_date: str
    last_date: str
    summary: str


def originals(story, digest: Digest) -> list[Article]:
    """The story's reports, identical copies counted once."""
    by_id = digest.article_by_id
    return [by_id[a] for a in story.articles if a not in story.duplicates]


def clean_reports(story, digest: Digest) -> list[Article]:
    """Its reports that are not spun copies (all of them if every one is spun), best first."""
    reports = originals(story, digest)
    verdicts = digest.links.articles
    clean = [a for a in reports if not verdicts[a.id].quality.spun] or reports
    return sorted(clean, key=lambda a: (a.id != story.lead_article,
                                        -verdicts[a.id].quality.score, a.id))


def outlets(reports: list[Article]) -> list[str]:
    return sorted({a.source or UNKNOWN_SOURCE for a in reports})


def card_headline(story, digest: Digest) -> str:
    """A real headline of the best report that has one and fits; else the first sentence of a
    report, whole, if it fits; else the story's main names. Never a sentence cut short."""
    reports = clean_reports(story, digest)
    for article in reports:
        if article.inferred.get("title") != INFERRED_FROM_LEAD and fits(article.title):
            return article.title
    for article in reports:
        first = first_sentence(article.summary)
        if fits(first):
            return first.rstrip(".")
    names = [digest.links.entity_by_id[e].name for e in story.entities[:HEADLINE_ENTITIES]
             if e in digest.links.entity_by_id]
    label = join_names(names)
    return label if label and fits(label) else reports[0].title[:HEADLINE_MAX_CHARS]


def fits(text: str) -> bool:
    return 0 < len(text) <= HEADLINE_MAX_CHARS


def join_names(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def first_sentence(text: str) -> str:
    found = sentences(text.strip())
    return found[0] if found else ""


def story_card(story, digest: Digest) -> Card:
    reports = originals(story, digest)
    best = clean_reports(story, digest)[0]
    return Card(story_id=story.id, page=story.page, headline=card_headline(story, digest),
                outlets=outlets(reports), reports=len(reports), first_date=story.first_date,
                last_date=story.last_date, summary=first_sentence(best.summary))


def date_span(first: str, last: str) -> str:
    if first == last:
        return human_date(last)
    return f"{human_date(first)} – {human_date(last)}"


def card_markdown(card: Card, from_page: str, level: int = 2) -> str:
    """A card as Markdown (md_in_html): a heading one level below the page's section, then the
    facts and the one-sentence summary."""
    count = f"{card.reports} source{'s' if card.reports != 1 else ''}"
    dates = date_span(card.first_date, card.last_date)
    facts = f"{count} · {md(', '.join(card.outlets))} · {dates}"
    return (f'<div class="nd-card" markdown>\n\n'
            f"{'#' * level} [{md(card.headline)}]({link(from_page, card.page)})\n\n"
            f"{facts}\n{{: .nd-card__facts }}\n\n"
            f"{md(card.summary)}\n\n</div>\n")


def _age_days(date: str, newest: dt.date) -> float:
    try:
        return max((newest - dt.date.fromisoformat(date[:10])).days, 0)
    except ValueError:
        return math.inf


def ranked(stories: list, digest: Digest) -> list:
    """Stories by coverage (distinct outlets) decayed by age behind the newest story."""
    if not stories:
        return []
    dates = [dt.date.fromisoformat(s.last_date[:10]) for s in stories
             if _valid_date(s.last_date)]
    newest = max(dates) if dates else dt.date.min

    def weight(story) -> float:
        coverage = len(outlets(originals(story, digest)))
        return coverage * 0.5 ** (_age_days(story.last_date, newest) / HALF_LIFE_DAYS)

    return sorted(stories, key=lambda s: (weight(s), s.last_date, s.id), reverse=True)


def _valid_date(date: str) -> bool:
    try:
        dt.date.fromisoformat(date[:10])
    except ValueError:
        return False
    return True
