"""The live preview `make serve` runs (`mkdocs serve --dirty`) in a real browser: a seed added
while a page is open shows after the live reload, the search box finds it and opens its page;
once the seed is removed the search no longer finds it. A dirty build renders only the pages
that changed and indexes only those into a second search index (generator/render/search.py),
which the search script merges: this checks that the search still covers the whole site, that
a page of the first (whole) index whose seed is removed is no longer found, and that a page
left alone still is."""

from __future__ import annotations

import json

import pytest

from tests.browser.conftest import copy_project
from tests.conftest import write_atomically
from tests.test_mkdocs_plugin import fetch, serving, settled_builds, titles, wait_for

WORD = "Quokkaville"  # in no seed: found only while the probe seed exists
BASE_SEED = "004_7ea99317f4e942c8.txt"  # a bundled seed, indexed by the first (whole) build
BASE_WORD = "ballroom"  # in that seed only
KEPT_WORD = "Budapest"  # in the other bundled seed only
TITLE = "Ferry timetable revised"
PROBE = (f"---\ntitle: {TITLE}\ndate: 2025-11-02\nsource: Probe Wire\n---\n\n"
         f"The ferry company serving {WORD} revised its winter timetable on Sunday.\n")


@pytest.fixture
def dirty_server(tmp_path):
    project = copy_project(tmp_path)
    # Every rebuild of this test indexes into the second index, never a whole one again (a
    # whole index is what the first build writes; writing one again is tested in
    # tests/render/test_search.py).
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - newsdigest-search", "  - newsdigest-search:\n      rebase_share: 1.0\n  #", 1),
        encoding="utf-8")
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


def second_index(base: str) -> dict:
    """The manifest of the second search index the served site holds."""
    return json.loads(fetch(base + "pagefind-dirty/nd-dirty.json") or "{}")


def found(page, query: str) -> None:
    """Search, and wait until a result is shown."""
    search(page, query)
    page.locator(".md-search-result__item a").first.wait_for(timeout=30_000)


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
    found(page, BASE_WORD)

    seed = project / "seeds" / "probe.md"
    write_atomically(seed, PROBE, project)  # one change for the watcher
    # The open page reloads by itself once the rebuild is done and lists the new story.
    page.wait_for_function(
        "title => (document.querySelector('.md-content') || {}).textContent?.includes(title)",
        arg=TITLE, timeout=120_000)
    assert settled_builds(log) == before + 1
    assert second_index(base)["merge"] is True  # the new page is in the second index
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

    # A page of the whole index whose seed is removed: its old entry is left out of search.
    (project / "seeds" / BASE_SEED).unlink()
    wait_for("the removed bundled seed", lambda: len(titles(base)) == 1, log)
    assert settled_builds(log) == before + 3
    assert second_index(base)["hidden"]  # the whole index was not written again
    page.goto(base, wait_until="load")
    search(page, BASE_WORD)
    no_result(page)
    found(page, KEPT_WORD)  # the pages left alone are still found from the whole index
    page.close()
