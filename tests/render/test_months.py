from types import SimpleNamespace as NS

from generator.render.months import (
    UNDATED,
    month_label,
    month_of_date,
    month_pages,
    pager,
    split_into_pages,
)
from generator.render.timeline_pages import split_by_month


def test_items_split_by_month_newest_first_and_long_months_paginated():
    items = [("a", "2025-10-03"), ("b", "2025-09-30"), ("c", "2025-10-01"), ("d", "2025-10-20"),
             ("e", "sometime")]
    pages = month_pages(items, lambda i: month_of_date(i[1]), "stories", per_page=2)
    assert [(p.path, [i[0] for i in p.items]) for p in pages] == [
        ("stories/2025/10/index.md", ["a", "c"]),
        ("stories/2025/10/2/index.md", ["d"]),
        ("stories/2025/09/index.md", ["b"]),
        ("stories/undated/index.md", ["e"]),
    ]
    assert pages[0].label == "October 2025, page 1 of 2"
    assert pages[2].label == "September 2025"
    assert pages[3].month == UNDATED and pages[3].label == "Undated"


def test_pager_links_newer_and_older_pages_relatively():
    items = [str(n) for n in range(5)]
    pages = month_pages(items, lambda i: "2025-10", "stories", per_page=2)
    assert pager(pages, 0).count("](") == 1 and "Older: October 2025, page 2 of 3 →](2/index.md)" \
        in pager(pages, 0)
    middle = pager(pages, 1)
    assert "[← Newer: October 2025, page 1 of 3](../index.md)" in middle
    assert "(../3/index.md)" in middle
    assert "Older" not in pager(pages, 2)
    assert pager(month_pages(["x"], lambda i: "2025-10", "s", 2), 0) == ""


def test_month_label_and_month_of_date():
    assert month_label("2025-02") == "February 2025"
    assert month_of_date("2025-02-28") == "2025-02"
    assert month_of_date("") == UNDATED


def test_split_keeps_the_callers_order_of_groups_and_items():
    items = ["10a", "09a", "10b", "10c", "09b"]
    parts = split_into_pages(items, lambda i: i[:2], per_page=2)
    assert [(p.key, p.number, p.of, p.items) for p in parts] == [
        ("10", 1, 2, ["10a", "10b"]), ("10", 2, 2, ["10c"]), ("09", 1, 1, ["09a", "09b"])]
    assert split_into_pages([], lambda i: i, per_page=2) == []


def test_stories_index_and_timeline_share_the_split_in_opposite_orders():
    """The same items cut into the same pages: newest month first on the stories index, oldest
    first (time order) on the timeline."""
    dates = ["2025-08-02", "2025-10-01", "2025-10-09", "2025-10-20"]
    stories = month_pages(dates, month_of_date, "stories", per_page=2)
    entries = [NS(date=d) for d in dates]
    timeline = split_by_month(entries, per_page=2)
    assert [p.items for p in stories] == [["2025-10-01", "2025-10-09"], ["2025-10-20"],
                                          ["2025-08-02"]]
    assert [[e.date for e in p.entries] for p in timeline] == [
        ["2025-08-02"], ["2025-10-01", "2025-10-09"], ["2025-10-20"]]
    assert [p.path for p in timeline] == ["timeline/2025/08.md", "timeline/2025/10.md",
                                          "timeline/2025/10-2.md"]
