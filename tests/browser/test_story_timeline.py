"""A long story timeline in the browser: folded under its heading, opened from the keyboard,
and free of serious accessibility problems folded and open, light and dark. The seeds' story
has too few events to fold, so this builds a site of one article reporting 25 dated events."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from generator.render.stories import TIMELINE_SHOWN_OPEN
from tests.browser.conftest import PHONE, screenshot, serve_directory
from tests.browser.test_browser import goto
from tests.browser.test_reader import axe_violations, set_scheme
from tests.conftest import make_project

EVENTS = TIMELINE_SHOWN_OPEN + 5
SEED = ("---\ndate: 2025-03-28\nsource: Harbour Gazette\n"
        "title: Kestrel Bay council votes on dredging plans\n---\n"
        + "\n\n".join(f"On {day} March 2025 the harbour council of Kestrel Bay voted on dredging "
                      f"plan number {day}, officials said." for day in range(1, EVENTS + 1))
        + "\n")


@pytest.fixture(scope="module")
def long_story(tmp_path_factory) -> Iterator[tuple[str, str]]:
    """(base URL of a served build, the story page's path)."""
    project = make_project(tmp_path_factory.mktemp("long-story") / "project")
    project.add_seed("kestrel.txt", SEED)
    build = project.mkdocs_build()
    assert build.returncode == 0, build.stderr
    digest = json.loads((project.site / "digest.json").read_text(encoding="utf-8"))
    (story,) = digest["stories"]
    with serve_directory(project.site) as base:
        yield base, story["page"]


def test_long_timeline_is_folded_and_opens_from_the_keyboard(page_and_traffic, long_story):
    page, traffic = page_and_traffic
    base, story = long_story
    goto(page, base + story)
    fold = page.locator("h2#timeline + details")
    summary = fold.locator("summary")
    assert summary.inner_text().startswith(f"All {EVENTS} events, 1 March 2025 to")
    entries = fold.locator("li")
    assert entries.count() == EVENTS  # every event is on the page, only folded
    assert not entries.first.is_visible()
    summary.focus()
    page.keyboard.press("Enter")
    entries.first.wait_for(state="visible")
    assert "plan number 1," in entries.first.inner_text()
    # The table of contents still leads to the section, and the section to the articles.
    assert page.locator(".md-nav--secondary a[href='#timeline']").count() == 1
    cited = entries.first.locator("a").first.get_attribute("href")
    assert "/articles/2025/03/" in cited, cited
    assert traffic.problems() == []


@pytest.mark.parametrize("scheme", ["default", "slate"])
@pytest.mark.parametrize("opened", [False, True])
def test_long_timeline_has_no_serious_accessibility_violations(page_and_traffic, long_story,
                                                               scheme, opened):
    page, traffic = page_and_traffic
    base, story = long_story
    page.set_viewport_size(PHONE)
    goto(page, base + story)
    if opened:
        page.locator("h2#timeline + details summary").click()
    set_scheme(page, scheme)
    found = axe_violations(page)
    assert not found, "\n".join(found)
    page.locator("h2#timeline").scroll_into_view_if_needed()
    screenshot(page, f"phone-story-timeline-{'open' if opened else 'folded'}-{scheme}")
    assert traffic.problems() == []
