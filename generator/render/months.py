"""Listing pages split by month, and long months split into numbered pages, so that no listing
page grows with the archive. Generic: the caller says what an item's month is and how to show
it; this module decides which page each item is on and links the pages in order."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from generator.render.common import human_date, link

T = TypeVar("T")
UNDATED = "undated"


@dataclass(frozen=True)
class ListingPage(Generic[T]):
    path: str  # below docs/, e.g. "stories/2025/10/index.md" or "stories/2025/10/2/index.md"
    month: str  # "2025-10", or UNDATED
    number: int  # page number within the month, from 1
    pages_in_month: int
    items: list[T]

    @property
    def label(self) -> str:
        """'October 2025', or 'October 2025, page 2 of 3'."""
        name = month_label(self.month)
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


def month_pages(items: Sequence[T], month_of: Callable[[T], str], folder: str,
                per_page: int) -> list[ListingPage[T]]:
    """Pages newest month first (undated last); items keep the caller's order within a month."""
    by_month: dict[str, list[T]] = {}
    for item in items:
        by_month.setdefault(month_of(item), []).append(item)
    months = sorted((m for m in by_month if m != UNDATED), reverse=True)
    if UNDATED in by_month:
        months.append(UNDATED)
    pages: list[ListingPage[T]] = []
    for month in months:
        members = by_month[month]
        chunks = [members[i:i + per_page] for i in range(0, len(members), per_page)]
        where = month.replace("-", "/")
        for number, chunk in enumerate(chunks, start=1):
            suffix = "" if number == 1 else f"{number}/"
            pages.append(ListingPage(f"{folder}/{where}/{suffix}index.md", month, number,
                                     len(chunks), chunk))
    return pages


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
