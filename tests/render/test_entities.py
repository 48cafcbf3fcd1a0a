"""generator.render.entities: an entity page lists its latest events, not all of them."""

import re
from types import SimpleNamespace as NS

import markdown

from generator.render.entities import MAX_EVENTS, _events_section
from generator.timeline import Citation, TimelineEntry

ARTICLES = {"a1": NS(source="Daily News")}
PAGE = "entities/someone.md"


def page_of(article_id: str) -> str:
    return f"articles/2025/10/{article_id}.md"


def entry(day: int, date: str | None = None) -> TimelineEntry:
    return TimelineEntry(date=date or f"2025-{1 + day // 28:02d}-{1 + day % 28:02d}",
                         granularity="day", text=f"Event of day {day}.",
                         lead=Citation("a1", 2), sources=[Citation("a1", 2)])


def listed(section: str) -> list[str]:
    html = markdown.markdown(section, extensions=["attr_list"])
    return re.findall(r"Event of day (\d+)\.", html)


def test_few_events_are_all_listed_with_no_note():
    entries = [entry(d) for d in range(MAX_EVENTS)]
    section = _events_section(entries, ARTICLES, PAGE, page_of)
    assert listed(section) == [str(d) for d in range(MAX_EVENTS)]
    assert "listed here" not in section


def test_many_events_list_the_latest_dated_in_order_and_point_to_the_timeline():
    undated = entry(999, "XXXX-XX-XX")  # the timeline lists the undated last
    entries = [entry(d) for d in range(MAX_EVENTS + 25)] + [undated]
    section = _events_section(entries, ARTICLES, PAGE, page_of)
    assert listed(section) == [str(d) for d in range(25, MAX_EVENTS + 25)]
    assert f"*{MAX_EVENTS + 26} events, the {MAX_EVENTS} latest listed here; the " \
           "[timeline](../timeline.md) lists them all.*" in section
    assert section.startswith("## Timeline")


def test_many_undated_events_keep_the_heading_and_the_note():
    entries = [entry(d, "XXXX-XX-XX") for d in range(MAX_EVENTS + 1)]
    section = _events_section(entries, ARTICLES, PAGE, page_of)
    assert listed(section) == []
    assert section.startswith("## Timeline")
    assert f"*{MAX_EVENTS + 1} events, none of them dated; the [timeline]" in section
