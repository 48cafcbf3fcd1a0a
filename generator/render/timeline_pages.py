"""The timeline as Markdown: the site-wide page and the sections on story and entity pages."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from generator.analyse.events import UNDATED
from generator.models import Article
from generator.render.common import NO_SEARCH, NOT_SEARCHED, badge, human_date, link
from generator.render.escape import escape_markdown as md
from generator.render.frontmatter import front_matter

_SEASONS = {"SP": "Spring", "SU": "Summer", "FA": "Autumn", "WI": "Winter"}
_PARTS = {"MO": "morning", "AF": "afternoon", "EV": "evening", "NI": "night"}


def date_label(value: str, granularity: str) -> str:
    if value == UNDATED:
        return "Date not set"
    if granularity == "day":
        label = human_date(value[:10])
        part = re.search(r"T(MO|AF|EV|NI)$", value)
        return f"{label}, {_PARTS[part.group(1)]}" if part else label
    if granularity == "week":
        monday = dt.date.fromisocalendar(int(value[:4]), int(value[6:8]), 1)
        return f"Week of {monday.strftime('%-d %B %Y')}"
    if granularity == "month":
        return dt.date(int(value[:4]), int(value[5:7]), 1).strftime("%B %Y")
    if granularity == "season" and value[5:] in _SEASONS:
        return f"{_SEASONS[value[5:]]} {value[:4]}"
    if granularity == "decade":
        return f"{value}0s"
    return value


def heading_label(entry) -> str:
    """Month heading for day/week/month entries, year heading for coarser ones."""
    if entry.date == UNDATED:
        return "Date not set"
    start = entry.sort_key[0]
    if entry.granularity in ("day", "week", "month", "season") and len(start) >= 7:
        return dt.date(int(start[:4]), int(start[5:7]), 1).strftime("%B %Y")
    return start[:4] if entry.granularity != "decade" else f"{entry.date}0s"


def entry_lines(entry, articles: dict[str, Article], from_page: str,
                page_of: Callable[[str], str]) -> str:
    label = date_label(entry.date, entry.granularity)
    badges = f" {badge('Upcoming', 'upcoming')}" if entry.upcoming else ""
    if entry.spun_text:
        badges += f" {badge('From a spun copy', 'spun')}"
    cited = citations(entry, articles, from_page, page_of)
    return f"- **{md(label)}**{badges} — {md(entry.text)} ({cited})"


def citations(entry, articles: dict[str, Article], from_page: str,
              page_of: Callable[[str], str]) -> str:
    """'Source ¶2 ¶5; Other source ¶1': one name per article, each paragraph linked."""
    by_article: dict[str, list[int]] = {}
    for citation in entry.sources:
        by_article.setdefault(citation.article, []).append(citation.paragraph)
    parts = []
    for article_id, paragraphs in by_article.items():
        name = md(articles[article_id].source or "Unknown source")
        marks = " ".join(f"[¶{n}]({link(from_page, page_of(article_id), f'p{n}')})"
                         for n in paragraphs)
        parts.append(f"{name} {marks}")
    return "; ".join(parts)


def timeline_section(entries: list, articles: dict[str, Article], from_page: str,
                     page_of: Callable[[str], str],
                     heading: str = f"## Timeline{NO_SEARCH}") -> str:
    if not entries:
        return ""
    lines = [f"{heading}\n"]
    lines.extend(entry_lines(e, articles, from_page, page_of) for e in entries)
    return "\n".join(lines) + "\n"


def timeline_page(entries: list, articles: dict[str, Article],
                  page_of: Callable[[str], str]) -> str:
    lines = [front_matter({"title": "Timeline", "page_type": "timeline", "search": NOT_SEARCHED}),
             "# Timeline\n",
             "Every dated event the articles report, once, with every source that reports it. "
             "Dates are resolved against each article's publication date.\n"]
    if not entries:
        lines.append("No dated events yet.\n")
    current = None
    for entry in entries:
        heading = heading_label(entry)
        if heading != current:
            lines.append(f"\n## {heading}\n")
            current = heading
        lines.append(entry_lines(entry, articles, "timeline.md", page_of))
    return "\n".join(lines) + "\n"
