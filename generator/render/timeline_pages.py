"""The timeline as Markdown: the site-wide page and the sections on story and entity pages."""

from __future__ import annotations

from collections.abc import Callable

from generator.models import Article
from generator.render.common import NO_SEARCH, NOT_SEARCHED, badge, link
from generator.render.escape import escape_markdown as md
from generator.render.frontmatter import front_matter
from generator.timex_value import parse


def date_label(value: str) -> str:
    """The entry's date in words ('16 October 2025', 'Winter 2025–26', 'Date not set')."""
    return parse(value).label()


# Finer than this, an entry is filed under the month it falls in; coarser periods (a season,
# a quarter, a year) get a heading of their own, placed where their first day falls.
_MONTH_FILED = ("time", "day", "weekend", "week", "month")


def heading_label(entry) -> str:
    """The heading an entry is listed under on the timeline page."""
    value = parse(entry.date)
    if not value.on_calendar:
        return "Date not set"
    if value.granularity in _MONTH_FILED:
        return parse(value.month).label()
    return value.label()


def entry_lines(entry, articles: dict[str, Article], from_page: str,
                page_of: Callable[[str], str]) -> str:
    label = date_label(entry.date)
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
