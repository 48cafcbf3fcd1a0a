"""Listing pages split by month, and long months split into numbered pages, so that no listing
page grows with the archive. Generic: the caller says what an item's month is and how to show
it; this module decides which page each item is on and links the pages in order."""

from __future__ import annotations

import calendar
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from generator.render.common import human_date, link

T = TypeVar("T")
UNDATED = "undated"


@dataclass(frozen=True)
class ListingPage(Generic[T]):
    path: str  # below docs/: "stories/2025/10/index.md", or "stories/2025/10/08/index.md" for
    # days 8-14 of a long October (see month_pages)
    month: str  # "2025-10", or UNDATED
    number: int  # the page's place among its month's pages, from 1 (newest days first)
    pages_in_month: int
    items: list[T]
    days: DaysPart | None = None  # the days the page holds when its month is cut at days

    @property
    def label(self) -> str:
        """'October 2025'; '8–14 October 2025', '8 October 2025', '8 October 2025, part 2 of
        3' for a long month cut at fixed days; 'Undated, page 2 of 3'."""
        name = month_label(self.month)
        if self.days is not None:
            first, last = self.days.first, self.days.last
            when = f"{first} {name}" if first == last else f"{first}–{last} {name}"
            return when if self.days.of == 1 else \
                f"{when}, part {self.days.number} of {self.days.of}"
        if self.pages_in_month == 1:
            return name
        return f"{name}, page {self.number} of {self.pages_in_month}"


def month_label(month: str) -> str:
    if month == UNDATED:
        return "Undated"
    full = human_date(month + "-01")
    return full.split(" ", 1)[1] if full != month + "-01" else month


def month_of_date(date: str) -> str:
    """'2025-10' for an ISO date; UNDATED when the date does not start with YYYY-MM."""
    head = date[:7]
    if len(head) == 7 and head[4] == "-" and head[:4].isdigit() and head[5:].isdigit():
        return head
    return UNDATED


@dataclass(frozen=True)
class Part(Generic[T]):
    """One page's share of a group: the group's key, its page number and how many pages the
    group has."""

    key: str
    number: int  # from 1
    of: int
    items: list[T]


def split_into_pages(items: Sequence[T], key_of: Callable[[T], str],
                     per_page: int) -> list[Part[T]]:
    """The one month split of the site's listings: items grouped by key (a month, or whatever
    the caller files them under), groups in the order of their first item, each group cut into
    pages of at most `per_page` in the caller's order. The caller's order decides the pages'
    order: the stories index passes newest first, the timeline oldest first."""
    groups: dict[str, list[T]] = {}
    for item in items:
        groups.setdefault(key_of(item), []).append(item)
    parts: list[Part[T]] = []
    for key, members in groups.items():
        chunks = [members[i:i + per_page] for i in range(0, len(members), per_page)]
        parts.extend(Part(key, number, len(chunks), chunk)
                     for number, chunk in enumerate(chunks, start=1))
    return parts


# The fixed runs of days a long month is cut into (its weeks; the last ends with the month). A
# page's days never depend on how many items the other days have, so a new item changes the
# page of its own days only; cut by count, every later page of the month had moved by one.
WEEKS = ((1, 7), (8, 14), (15, 21), (22, 31))


@dataclass(frozen=True)
class DaysPart(Generic[T]):
    """One page of a month cut at fixed days: its first and last day, its number among the
    parts of a single day too long for one page (else 1 of 1), and its items."""

    first: int
    last: int
    number: int
    of: int
    items: list[T]


def split_month_by_days(items: Sequence[T], day_of: Callable[[T], int], month_days: int,
                        per_page: int) -> list[DaysPart[T]]:
    """A month's items (day_of gives an item's day of the month) on pages in calendar order,
    each keeping the caller's order: the whole month while it fits on one page, else one page
    per week (WEEKS) that has items, a week too long for one page cut into its days, and a day
    too long for one page into parts of per_page (only then does a count decide a cut)."""
    if len(items) <= per_page:
        return [DaysPart(1, month_days, 1, 1, list(items))]
    by_day: dict[int, list[T]] = {}
    for item in items:
        by_day.setdefault(day_of(item), []).append(item)
    parts: list[DaysPart[T]] = []
    for first, last in WEEKS:
        last = min(last, month_days)
        week = [item for day in range(first, last + 1) for item in by_day.get(day, [])]
        if len(week) <= per_page:
            parts.extend([DaysPart(first, last, 1, 1, week)] if week else [])
            continue
        for day in range(first, last + 1):
            members = by_day.get(day, [])
            chunks = [members[i:i + per_page] for i in range(0, len(members), per_page)]
            parts.extend(DaysPart(day, day, number, len(chunks), chunk)
                         for number, chunk in enumerate(chunks, start=1))
    return parts


def month_pages(items: Sequence[T], month_of: Callable[[T], str], day_of: Callable[[T], int],
                folder: str, per_page: int) -> list[ListingPage[T]]:
    """Pages newest month first (undated last); items keep the caller's order within a month.
    A month of more than per_page items is cut at fixed days (split_month_by_days), newest days
    first, so that a new item (or one that moved to a newer day) changes the pages of its own
    days only: cut every per_page items, every page of the month after it had moved by one.
    Undated items, which have no days, are cut every per_page items."""
    # Two stable sorts: months newest first, then the undated after them.
    newest_first = sorted(sorted(items, key=month_of, reverse=True),
                          key=lambda item: month_of(item) == UNDATED)
    pages: list[ListingPage[T]] = []
    for group in split_into_pages(newest_first, month_of, len(newest_first) or 1):
        month, where = group.key, group.key.replace("-", "/")
        if month == UNDATED:
            parts = split_into_pages(group.items, month_of, per_page)
            pages.extend(ListingPage(f"{folder}/{where}/{_suffix(p.number)}index.md", month,
                                     p.number, p.of, p.items) for p in parts)
            continue
        cut = _newest_days_first(group.items, day_of, _days_in(month), per_page)
        if len(cut) == 1 and cut[0].of == 1:
            pages.append(ListingPage(f"{folder}/{where}/index.md", month, 1, 1, cut[0].items))
            continue
        pages.extend(ListingPage(f"{folder}/{where}/{part.first:02d}{_suffix(part.number, '-')}"
                                 "/index.md", month, number, len(cut), part.items, part)
                     for number, part in enumerate(cut, start=1))
    return pages


def _newest_days_first(items: Sequence[T], day_of: Callable[[T], int], month_days: int,
                       per_page: int) -> list[DaysPart[T]]:
    """split_month_by_days, its pages newest days first (a long day's parts in order), each
    page's items in the caller's order (split_month_by_days lists a week day by day)."""
    numbered = list(enumerate(items))
    parts = split_month_by_days(numbered, lambda pair: day_of(pair[1]), month_days, per_page)
    return [DaysPart(p.first, p.last, p.number, p.of, [item for _, item in sorted(
                p.items, key=lambda pair: pair[0])])
            for p in sorted(parts, key=lambda p: -p.first)]


def _suffix(number: int, before: str = "") -> str:
    """The path part of a group's page after its first: '2/' (or '-2' with before='-')."""
    if number == 1:
        return ""
    return f"{before}{number}" if before else f"{number}/"


def _days_in(month: str) -> int:
    year, number = int(month[:4]), int(month[5:7])
    return calendar.monthrange(year, number)[1]


def day_of_date(date: str) -> int:
    """The day of the month of an ISO date (1 when it has none)."""
    day = date[8:10]
    return int(day) if len(day) == 2 and day.isdigit() and 1 <= int(day) <= 31 else 1


def pager(pages: Sequence[ListingPage], index: int, newer: str = "Newer",
          older: str = "Older") -> str:
    """Previous (newer) and next (older) links for pages[index], as a Markdown block."""
    here = pages[index].path
    parts = []
    if index > 0:
        before = pages[index - 1]
        parts.append(f"[← {newer}: {before.label}]({link(here, before.path)})")
    if index + 1 < len(pages):
        after = pages[index + 1]
        parts.append(f"[{older}: {after.label} →]({link(here, after.path)})")
    if not parts:
        return ""
    return ('<nav class="nd-pager" aria-label="Pages" markdown>\n\n'
            + " · ".join(parts) + "\n\n</nav>\n")
