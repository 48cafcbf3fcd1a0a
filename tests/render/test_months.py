from types import SimpleNamespace as NS

from generator.render.months import (
    UNDATED,
    day_of_date,
    month_label,
    month_of_date,
    month_pages,
    pager,
    split_into_pages,
    split_month_by_days,
)
from generator.render.timeline_pages import split_by_month


def _day(item) -> int:
    return day_of_date(item[1])


def test_items_split_by_month_newest_first_and_long_months_cut_at_fixed_days():
    items = [("a", "2025-10-03"), ("b", "2025-09-30"), ("c", "2025-10-01"), ("d", "2025-10-20"),
             ("e", "sometime")]
    pages = month_pages(items, lambda i: month_of_date(i[1]), _day, "stories", per_page=2)
    assert [(p.path, [i[0] for i in p.items]) for p in pages] == [
        ("stories/2025/10/15/index.md", ["d"]),
        ("stories/2025/10/01/index.md", ["a", "c"]),
        ("stories/2025/09/index.md", ["b"]),
        ("stories/undated/index.md", ["e"]),
    ]
    assert [p.label for p in pages] == ["15–21 October 2025", "1–7 October 2025",
                                        "September 2025", "Undated"]
    assert [(p.number, p.pages_in_month) for p in pages] == [(1, 2), (2, 2), (1, 1), (1, 1)]
    assert pages[3].month == UNDATED


def test_a_long_day_is_cut_into_parts_and_undated_items_by_count():
    items = [(str(n), "2025-02-28") for n in range(5)] + [("u1", "?"), ("u2", "?"), ("u3", "?")]
    pages = month_pages(items, lambda i: month_of_date(i[1]), _day, "s", per_page=2)
    assert [(p.path, p.label) for p in pages] == [
        ("s/2025/02/28/index.md", "28 February 2025, part 1 of 3"),
        ("s/2025/02/28-2/index.md", "28 February 2025, part 2 of 3"),
        ("s/2025/02/28-3/index.md", "28 February 2025, part 3 of 3"),
        ("s/undated/index.md", "Undated, page 1 of 2"),
        ("s/undated/2/index.md", "Undated, page 2 of 2")]


def test_a_new_story_changes_only_the_index_pages_of_its_days():
    """Cut every per_page stories newest first, one new story moved every page of its month."""
    dates = [f"2025-10-{day:02d}" for day in (1, 2, 3, 9, 10, 16, 17, 23, 24, 30)]

    def cut(items):
        ordered = sorted(items, key=lambda i: i[1], reverse=True)
        return {p.path: p.items for p in month_pages(ordered, lambda i: month_of_date(i[1]),
                                                      _day, "stories", per_page=5)}

    before = cut([(str(n), d) for n, d in enumerate(dates)])
    after = cut([(str(n), d) for n, d in enumerate(dates)] + [("new", "2025-10-25")])
    assert {path for path in after if before.get(path) != after[path]} == \
        {"stories/2025/10/22/index.md"}


def test_pager_links_newer_and_older_pages_relatively():
    items = [("0", "2025-10-30"), ("1", "2025-10-20"), ("2", "2025-10-02")]
    pages = month_pages(items, lambda i: month_of_date(i[1]), _day, "stories", per_page=2)
    assert pager(pages, 0).count("](") == 1 and \
        "Older: 15–21 October 2025 →](../15/index.md)" in pager(pages, 0)
    middle = pager(pages, 1)
    assert "[← Newer: 22–31 October 2025](../22/index.md)" in middle
    assert "(../01/index.md)" in middle
    assert "Older" not in pager(pages, 2)
    single = month_pages([("x", "2025-10-01")], lambda i: month_of_date(i[1]), _day, "s", 2)
    assert pager(single, 0) == ""


def test_month_label_and_month_of_date():
    assert month_label("2025-02") == "February 2025"
    assert day_of_date("2025-02-28") == 28 and day_of_date("2025-02") == 1
    assert month_of_date("2025-02-28") == "2025-02"
    assert month_of_date("") == UNDATED


def test_split_keeps_the_callers_order_of_groups_and_items():
    items = ["10a", "09a", "10b", "10c", "09b"]
    parts = split_into_pages(items, lambda i: i[:2], per_page=2)
    assert [(p.key, p.number, p.of, p.items) for p in parts] == [
        ("10", 1, 2, ["10a", "10b"]), ("10", 2, 2, ["10c"]), ("09", 1, 1, ["09a", "09b"])]
    assert split_into_pages([], lambda i: i, per_page=2) == []


def test_stories_index_and_timeline_cut_long_months_at_the_same_days():
    """The stories index: newest first; the timeline: oldest first; both cut a long month at
    its weeks, whatever the other weeks hold."""
    dates = ["2025-08-02", "2025-10-01", "2025-10-09", "2025-10-20"]
    stories = month_pages(sorted(dates, reverse=True), month_of_date, day_of_date, "stories",
                          per_page=2)
    entries = [NS(date=d) for d in dates]
    timeline = split_by_month(entries, per_page=2)
    assert [p.items for p in stories] == [["2025-10-20"], ["2025-10-09"], ["2025-10-01"],
                                          ["2025-08-02"]]
    assert [[e.date for e in p.entries] for p in timeline] == [
        ["2025-08-02"], ["2025-10-01"], ["2025-10-09"], ["2025-10-20"]]
    assert [(p.path, p.title) for p in timeline] == [
        ("timeline/2025/08.md", "August 2025"),
        ("timeline/2025/10-01.md", "1–7 October 2025"),
        ("timeline/2025/10-08.md", "8–14 October 2025"),
        ("timeline/2025/10-15.md", "15–21 October 2025")]


def test_a_new_event_changes_only_the_timeline_page_of_its_days():
    """Cut by count, one more event early in the month moved every later page's first entry."""
    dates = [f"2025-10-{day:02d}" for day in (1, 2, 3, 9, 10, 16, 17, 23, 24, 30)]
    before = split_by_month([NS(date=d) for d in dates], per_page=5)
    after = split_by_month([NS(date=d) for d in ["2025-10-01", *dates]], per_page=5)
    pages = {p.path: [e.date for e in p.entries] for p in before}
    changed = {p.path for p in after if pages.get(p.path) != [e.date for e in p.entries]}
    assert changed == {"timeline/2025/10-01.md"}  # days 1-7: four events, still one page
    assert [p.title for p in after][-1] == "22–31 October 2025"


def test_a_long_week_is_cut_into_days_and_a_long_day_into_parts():
    dates = ["2025-02-01"] * 5 + ["2025-02-03", "2025-02-20"]
    timeline = split_by_month([NS(date=d) for d in dates], per_page=2)
    assert [(p.path, p.title, len(p.entries)) for p in timeline] == [
        ("timeline/2025/02-01.md", "1 February 2025, part 1 of 3", 2),
        ("timeline/2025/02-01-2.md", "1 February 2025, part 2 of 3", 2),
        ("timeline/2025/02-01-3.md", "1 February 2025, part 3 of 3", 1),
        ("timeline/2025/02-03.md", "3 February 2025", 1),
        ("timeline/2025/02-15.md", "15–21 February 2025", 1)]
    month = split_month_by_days(list(range(12)), lambda i: 28, 28, per_page=20)
    assert [(p.first, p.last, p.items) for p in month] == [(1, 28, list(range(12)))]
