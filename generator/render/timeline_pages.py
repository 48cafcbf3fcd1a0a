"""The timeline as Markdown: the site-wide page and the sections on story and entity pages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, partial

from generator.models import HEADLINE, Article
from generator.render.common import NO_SEARCH, NOT_SEARCHED, badge, link
from generator.render.escape import escape_markdown as md
from generator.render.frontmatter import front_matter
from generator.render.months import split_into_pages, split_month_by_days
from generator.render.signatures import Deferred
from generator.timex_value import parse

# Labels and page keys are computed once per date value (cached): an archive's timeline lists
# tens of thousands of entries on a few hundred dates, and every run renders all of them.
_DATES_CACHED = 4096


@lru_cache(maxsize=_DATES_CACHED)
def date_label(value: str) -> str:
    """The entry's date in words ('16 October 2025', 'Winter 2025–26', 'Date not set')."""
    return parse(value).label()


# Finer than this, an entry is filed under the month it falls in; coarser periods (a season,
# a quarter, a year) get a heading of their own, placed where their first day falls.
_MONTH_FILED = ("time", "day", "weekend", "week", "month")


def heading_label(entry) -> str:
    """The heading an entry is listed under on the timeline page."""
    return _heading_of(entry.date)


@lru_cache(maxsize=_DATES_CACHED)
def _heading_of(date: str) -> str:
    value = parse(date)
    if not value.on_calendar:
        return "Date not set"
    if value.granularity in _MONTH_FILED:
        return parse(value.month).label()
    return value.label()


def entry_lines(entry, articles: dict[str, Article], from_page: str,
                page_of: Callable[[str], str]) -> str:
    label = _date_markdown(entry.date)
    badges = f" {badge('Upcoming', 'upcoming')}" if entry.upcoming else ""
    if entry.dated_by_context:
        badges += f" {badge('Date from context', 'context')}"
    if entry.spun_text:
        badges += f" {badge('From a spun copy', 'spun')}"
    cited = citations(entry, articles, from_page, page_of)
    return f"- **{label}**{badges} — {md(entry.text)} ({cited})"


@lru_cache(maxsize=_DATES_CACHED)
def _date_markdown(value: str) -> str:
    return md(date_label(value))


def citations(entry, articles: dict[str, Article], from_page: str,
              page_of: Callable[[str], str]) -> str:
    """'Source ¶2 ¶5; Other source ¶1': one name per article, each paragraph linked."""
    by_article: dict[str, list[int]] = {}
    for citation in entry.sources:
        by_article.setdefault(citation.article, []).append(citation.paragraph)
    parts = []
    for article_id, paragraphs in by_article.items():
        name = md(articles[article_id].source or "Unknown source")
        marks = " ".join(_citation_mark(n, link(from_page, page_of(article_id),
                                                 f"p{n}" if n != HEADLINE else ""))
                         for n in paragraphs)
        parts.append(f"{name} {marks}")
    return "; ".join(parts)


def _citation_mark(paragraph: int, target: str) -> str:
    """"¶n" linked to the paragraph; a headline (paragraph 0, no anchor) links to the page."""
    label = "headline" if paragraph == HEADLINE else f"¶{paragraph}"
    return f"[{label}]({target})"


def timeline_section(entries: list, articles: dict[str, Article], from_page: str,
                     page_of: Callable[[str], str],
                     heading: str = f"## Timeline{NO_SEARCH}") -> str:
    if not entries:
        return ""
    lines = [f"{heading}\n"]
    lines.extend(entry_lines(e, articles, from_page, page_of) for e in entries)
    return "\n".join(lines) + "\n"


INDEX = "timeline.md"
# Entries on one page of the timeline before it is split by month: an entry line is about
# 300-700 bytes of Markdown, so a page stays well under 200 KB of HTML.
ENTRIES_PER_PAGE = 150
_INTRO = ("Every dated event the articles report, once, with every source that reports it. "
          "Dates are resolved against each article's publication date. An event marked "
          "*Date from context* names no date of its own: it is listed at the day its report "
          "was about (the last day the article named before it, else the day it was "
          "published), as the day it had happened by.\n")


@dataclass(frozen=True)
class TimelinePage:
    """One page of a timeline split by month: its path below docs/, title and entries."""

    path: str
    title: str
    entries: list


# What a month page shows besides its entries' lines: its own path and title, and the pages
# before and after it (the pager links them). render.signatures.PageSignatures.timeline_month.
MonthSigner = Callable[["TimelinePage", "TimelinePage | None", "TimelinePage | None"], str]


def timeline_pages(entries: list, articles: dict[str, Article],
                   page_of: Callable[[str], str], per_page: int | None = None,
                   sign: MonthSigner | None = None) -> dict[str, str | Deferred]:
    """The timeline as Markdown files. While it fits on one page, timeline.md holds it all;
    beyond that, timeline.md lists the months (and the events whose date is not set) and each
    month gets a page (timeline/2025/10.md, split again past ``per_page`` entries, by default
    ENTRIES_PER_PAGE) with links to the previous and next one. Events coarser than a month (a
    season, a quarter, a year) have a page for their year (timeline/2025.md).

    With ``sign``, each month page comes as its signature and the function that renders it
    (render.signatures.Deferred): a new report changes the entries of a few months, and the
    writer renders only those (every month page was rendered on every run before)."""
    per_page = ENTRIES_PER_PAGE if per_page is None else per_page
    groups, undated = _filed(entries)
    if len(entries) - len(undated) <= per_page:
        return {INDEX: timeline_page(entries, articles, page_of)}
    pages = _group_pages(groups, per_page)
    files: dict[str, str | Deferred] = {INDEX: _index_page(pages, undated, articles, page_of)}
    for number, page in enumerate(pages):
        before = pages[number - 1] if number > 0 else None
        after = pages[number + 1] if number + 1 < len(pages) else None
        make = partial(_month_page, page, before, after, articles, page_of)
        files[page.path] = make() if sign is None else Deferred(sign(page, before, after), make)
    return files


def split_by_month(entries: list, per_page: int) -> list[TimelinePage]:
    """Pages in time order: one per month (per year for coarser dates). A month too long for
    one page is cut at fixed days (render.months.split_month_by_days: its weeks, then days), so
    that a new event changes the page of its own days only; a year page too long for one page
    is cut into parts (render.months.split_into_pages, shared with the stories index)."""
    groups: dict[str, list] = {}
    for entry in entries:
        groups.setdefault(_page_key(entry), []).append(entry)
    return _group_pages(groups, per_page)


def _filed(entries: list) -> tuple[dict[str, list], list]:
    """The entries whose date is set by the page key they are filed under (split_by_month's
    groups, in order), and the others: one pass, each date looked at once (an archive's
    timeline has tens of thousands of entries on a few thousand dates)."""
    groups: dict[str, list] = {}
    undated = []
    filed_under = _filed_under
    for entry in entries:
        key = filed_under(entry.date)
        if key is None:
            undated.append(entry)
            continue
        members = groups.get(key)
        if members is None:
            groups[key] = [entry]
        else:
            members.append(entry)
    return groups, undated


def _group_pages(groups: dict[str, list], per_page: int) -> list[TimelinePage]:
    """split_by_month's pages of its groups (page key -> entries)."""
    pages = []
    for key, members in groups.items():
        value = parse(key)
        if value.granularity == "month" and value.start is not None:
            pages.extend(_month_parts(key, value, members, per_page))
            continue
        for part in split_into_pages(members, _page_key, per_page):
            title = f"{value.label()}: seasons, quarters and the whole year"
            suffix = f"-{part.number}" if part.number > 1 else ""
            label = f"{title}, part {part.number} of {part.of}" if part.of > 1 else title
            pages.append(TimelinePage(f"timeline/{key.replace('-', '/')}{suffix}.md", label,
                                      part.items))
    return pages


def _month_parts(key: str, value, members: list, per_page: int) -> list[TimelinePage]:
    """timeline/2025/10.md for a whole month; timeline/2025/10-08.md for its days 8-14 (or
    the 8th alone), timeline/2025/10-08-2.md for the second part of a long 8 October."""
    month_days = value.end[2] if value.end is not None else 31
    parts = split_month_by_days(members, _first_day, month_days, per_page)
    path = f"timeline/{key.replace('-', '/')}"
    if len(parts) == 1 and parts[0].of == 1:
        return [TimelinePage(f"{path}.md", value.label(), parts[0].items)]
    pages = []
    for part in parts:
        suffix = f"-{part.number}" if part.number > 1 else ""
        if part.first == part.last:
            title = date_label(f"{key}-{part.first:02d}")
        else:
            title = f"{part.first}–{part.last} {value.label()}"
        label = f"{title}, part {part.number} of {part.of}" if part.of > 1 else title
        pages.append(TimelinePage(f"{path}-{part.first:02d}{suffix}.md", label, part.items))
    return pages


def _first_day(entry) -> int:
    return _first_day_of(entry.date)


@lru_cache(maxsize=_DATES_CACHED)
def _first_day_of(date: str) -> int:
    """The day of the month an entry of this date is filed under (asked for each entry of a
    month split by days: tens of thousands of entries on a few thousand dates)."""
    start = parse(date).start
    return start[2] if start is not None else 1


def _page_key(entry) -> str:
    return _page_key_of(entry.date)


@lru_cache(maxsize=_DATES_CACHED)
def _filed_under(date: str) -> str | None:
    """The page key of an entry of this date, or None when its date is not set."""
    return _page_key_of(date) if parse(date).on_calendar else None


@lru_cache(maxsize=_DATES_CACHED)
def _page_key_of(date: str) -> str:
    value = parse(date)
    if value.granularity in _MONTH_FILED:
        return value.month
    return value.month[:-3]  # the year its period starts in


def _index_page(pages: list[TimelinePage], undated: list, articles: dict[str, Article],
                page_of: Callable[[str], str]) -> str:
    # The pages only, not how many events each holds: with counts, nearly every new report
    # changed this page too (the count lives on the page itself, which changes anyway).
    lines = [front_matter({"title": "Timeline", "page_type": "timeline", "search": NOT_SEARCHED}),
             "# Timeline\n", _INTRO, "## By month\n"]
    lines.extend(f"- [{md(page.title)}]({link(INDEX, page.path)})" for page in pages)
    if undated:
        lines.append("\n## Date not set\n")
        lines.extend(entry_lines(e, articles, INDEX, page_of) for e in undated)
    return "\n".join(lines) + "\n"


def _month_page(page: TimelinePage, before: TimelinePage | None, after: TimelinePage | None,
                articles: dict[str, Article], page_of: Callable[[str], str]) -> str:
    nav = [f"[← {md(before.title)}]({link(page.path, before.path)})" if before else "",
           f"[All months]({link(page.path, INDEX)})",
           f"[{md(after.title)} →]({link(page.path, after.path)})" if after else ""]
    pager = " · ".join(part for part in nav if part) + "\n"
    upcoming = sum(1 for e in page.entries if e.upcoming)
    count = len(page.entries)
    extra = f", {upcoming} upcoming" if upcoming else ""
    lines = [front_matter({"title": f"Timeline: {page.title}", "page_type": "timeline",
                           "search": NOT_SEARCHED}),
             f"# Timeline: {md(page.title)}\n", f"*{count} event{'s' if count != 1 else ''}"
             f"{extra}*\n", pager]
    lines.append(_entries_under_headings(page.entries, articles, page.path, page_of))
    lines.append("\n" + pager)
    return "\n".join(lines) + "\n"


def _entries_under_headings(entries: list, articles: dict[str, Article], from_page: str,
                            page_of: Callable[[str], str]) -> str:
    lines = []
    current = None
    for entry in entries:
        heading = heading_label(entry)
        if heading != current:
            lines.append(f"\n## {heading}\n")
            current = heading
        lines.append(entry_lines(entry, articles, from_page, page_of))
    return "\n".join(lines)


def timeline_page(entries: list, articles: dict[str, Article],
                  page_of: Callable[[str], str]) -> str:
    """The whole timeline on one page, under month headings."""
    lines = [front_matter({"title": "Timeline", "page_type": "timeline", "search": NOT_SEARCHED}),
             "# Timeline\n", _INTRO]
    if not entries:
        lines.append("No dated events yet.\n")
    lines.append(_entries_under_headings(entries, articles, INDEX, page_of))
    return "\n".join(lines) + "\n"
