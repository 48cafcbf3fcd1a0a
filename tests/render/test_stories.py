"""generator.render.stories: a long story timeline folded under its heading, never cut."""

import re
from types import SimpleNamespace as NS

import markdown

from generator.render.stories import TIMELINE_SHOWN_OPEN, _timeline
from generator.timeline import Citation, TimelineEntry

ARTICLES = {"a1": NS(source="Daily News")}


def entries(n: int) -> list[TimelineEntry]:
    dated = [TimelineEntry(date=f"2025-10-{1 + i % 28:02d}", granularity="day",
                           text=f"Event number {i}.", lead=Citation("a1", 2),
                           sources=[Citation("a1", 2)]) for i in range(n - 1)]
    undated = TimelineEntry(date="XXXX-XX-XX", granularity="day", text="Undated event.",
                            lead=Citation("a1", 3), sources=[Citation("a1", 3)])
    return dated + [undated]


def page_of(article_id: str) -> str:
    return f"articles/2025/10/{article_id}.md"


def html(section: str) -> str:
    return markdown.markdown(section, extensions=["md_in_html", "attr_list", "toc"])


def test_short_timeline_is_shown_open():
    section = _timeline(entries(TIMELINE_SHOWN_OPEN), ARTICLES, "stories/s.md", page_of)
    assert "<details" not in section
    assert html(section).count("<li>") == TIMELINE_SHOWN_OPEN


def test_long_timeline_is_folded_with_every_event_and_its_span():
    n = TIMELINE_SHOWN_OPEN + 1
    page = html(_timeline(entries(n), ARTICLES, "stories/s.md", page_of))
    # The heading stays outside (in the page's table of contents); the list is inside.
    assert re.search(r"<h2[^>]*>Timeline</h2>\s*<details class=\"nd-fold\">\s*<summary>", page)
    summary = re.search(r"<summary>(.*?)</summary>", page).group(1)
    # Dated entries only give the span: the undated one, listed last, does not.
    assert summary == f"All {n} events, 1 October 2025 to {n - 1} October 2025"
    folded = page.split("<details class=\"nd-fold\">", 1)[1].split("</details>", 1)[0]
    assert folded.count("<li>") == n
    assert "Event number 0." in folded and "Undated event." in folded
    assert 'href="../articles/2025/10/a1.md#p2"' in folded
