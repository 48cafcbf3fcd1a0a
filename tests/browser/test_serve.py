"""The live preview `make serve` runs (`mkdocs serve --dirty`) in a real browser: a seed added
while a page is open shows after the live reload, the search box finds it and opens its page;
once the seed is removed the search no longer finds it. A dirty build renders only the pages
that changed, so this checks that the search index still covers the whole site."""

from __future__ import annotations

import json

import pytest

from tests.browser.conftest import copy_project
from tests.conftest import write_atomically
from tests.test_mkdocs_plugin import fetch, serving, settled_builds, titles, wait_for

WORD = "Quokkaville"  # in no seed: found only while the probe seed exists
TITLE = "Ferry timetable revised"
PROBE = (f"---\ntitle: {TITLE}\ndate: 2025-11-02\nsource: Probe Wire\n---\n\n"
         f"The ferry company serving {WORD} revised its winter timetable on Sunday.\n")


@pytest.fixture
def dirty_server(tmp_path):
    project = copy_project(tmp_path)
    log = tmp_path / "mkdocs-serve.log"
    with serving(project, log, "--dirty") as base:
        yield project, base, log


# Pages load with wait_until="load": the live-reload script keeps a long poll open, so the
# network is never idle.
def search(page, query: str) -> None:
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    page.keyboard.type(query, delay=20)


def no_result(page) -> None:
    """Wait until the search status says nothing was found."""
    page.wait_for_function(
        """() => { const root = document.querySelector('[data-nd-search]');
                   return root.querySelector('.md-search-result__meta').textContent
                          === root.dataset.none; }""", timeout=30_000)


def test_dirty_preview_shows_and_searches_an_added_seed_and_forgets_a_removed_one(
        dirty_server, browser_context):
    project, base, log = dirty_server
    before = settled_builds(log)
    page = browser_context.new_page()
    page.goto(base, wait_until="load")
    search(page, WORD)
    no_result(page)

    seed = project / "seeds" / "probe.md"
    write_atomically(seed, PROBE, project)  # one change for the watcher
    # The open page reloads by itself once the rebuild is done and lists the new story.
    page.wait_for_function(
        "title => (document.querySelector('.md-content') || {}).textContent?.includes(title)",
        arg=TITLE, timeout=120_000)
    assert settled_builds(log) == before + 1
    article = next(a for a in json.loads(fetch(base + "digest.json"))["articles"]
                   if a["title"] == TITLE)
    page.goto(base, wait_until="load")
    search(page, WORD)  # finds the article (and its story, whose summary quotes it)
    result = page.locator(f".md-search-result__item a[href$='{article['page']}']").first
    result.wait_for(timeout=30_000)
    result.click()
    page.wait_for_load_state("load")
    assert page.url.split("#")[0] == base + article["page"]
    assert WORD in page.locator("article").inner_text()

    seed.unlink()
    wait_for("the removed seed", lambda: titles(base) and TITLE not in titles(base), log)
    assert settled_builds(log) == before + 2
    page.goto(base, wait_until="load")
    search(page, WORD)
    no_result(page)
    page.close()
