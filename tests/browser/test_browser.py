"""The built site in a real browser (Debian's Chromium through Playwright), served locally."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import DESKTOP, PHONE, screenshot

# Later pipeline stages list their pages in digest.json; these checks switch on when they do.
OPTIONAL_PAGES = {"stories": "story", "timeline": "timeline", "entities": "entity"}


def optional_page(digest: dict, key: str) -> str:
    if key not in digest or not digest[key]:
        pytest.skip(f"digest.json has no {key!r} yet: no {OPTIONAL_PAGES[key]} page to check")
    if key == "timeline":
        return "timeline/"  # docs/timeline.md
    return digest[key][0]["page"]


def newest_article(digest: dict) -> dict:
    return digest["articles"][0]


def goto(page, url: str) -> None:
    response = page.goto(url, wait_until="networkidle")
    assert response is not None and response.ok, url


def assert_clean(traffic) -> None:
    assert traffic.problems() == []


def test_home_page_lists_every_article(page_and_traffic, base_url, digest):
    page, traffic = page_and_traffic
    goto(page, base_url)
    assert digest["articles"]
    for article in digest["articles"]:
        link = page.locator("article a", has_text=article["title"])
        assert link.count() >= 1, article["title"]
        assert link.first.get_attribute("href").rstrip("/").endswith(article["page"].rstrip("/"))
    screenshot(page, "home")
    assert_clean(traffic)


def test_article_page_opens(page_and_traffic, base_url, digest):
    page, traffic = page_and_traffic
    article = newest_article(digest)
    goto(page, base_url)
    page.locator("article a", has_text=article["title"]).first.click()
    page.wait_for_load_state("networkidle")
    assert page.url == base_url + article["page"]
    assert page.locator("article h1").inner_text().rstrip("¶ \n") == article["title"]
    screenshot(page, "article")
    assert_clean(traffic)


def test_search_finds_tomahawk_and_the_result_opens(page_and_traffic, base_url, digest):
    page, traffic = page_and_traffic
    goto(page, base_url)
    page.locator("input.md-search__input").click()  # desktop: the box is in the header
    page.keyboard.type("Tomahawk", delay=20)  # Material searches on key events, not fill()
    result = page.locator(".md-search-result__item a").first
    result.wait_for(state="visible", timeout=15_000)
    result.click()
    page.wait_for_load_state("networkidle")
    pages = {base_url + r["page"] for key in ("articles", "stories")
             for r in digest.get(key, [])}
    landed = page.url.split("?")[0].split("#")[0]
    assert landed in pages, page.url
    assert "Tomahawk" in page.locator("article").inner_text()
    assert_clean(traffic)


def test_palette_toggle_switches_light_and_dark(page_and_traffic, base_url):
    page, traffic = page_and_traffic
    goto(page, base_url)
    body = page.locator("body")
    assert body.get_attribute("data-md-color-scheme") == "default"
    page.locator("form[data-md-component=palette] label:visible").first.click()
    page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'", timeout=5_000)
    screenshot(page, "home-dark")
    page.locator("form[data-md-component=palette] label:visible").first.click()
    page.wait_for_function("document.body.dataset.mdColorScheme === 'default'", timeout=5_000)
    assert_clean(traffic)


@pytest.mark.parametrize("key", sorted(OPTIONAL_PAGES))
def test_story_timeline_and_entity_pages_open(page_and_traffic, base_url, digest, key):
    page, traffic = page_and_traffic
    path = optional_page(digest, key)
    goto(page, base_url + path)
    assert page.locator("article h1").count() == 1
    screenshot(page, OPTIONAL_PAGES[key])
    assert_clean(traffic)


def phone_pages(digest: dict) -> list[str]:
    pages = ["", newest_article(digest)["page"]]
    for key in sorted(OPTIONAL_PAGES):
        if digest.get(key):
            pages.append(optional_page(digest, key))
    return pages


def test_phone_viewport_has_no_horizontal_scroll(page_and_traffic, base_url, digest):
    page, traffic = page_and_traffic
    page.set_viewport_size(PHONE)
    try:
        for path in phone_pages(digest):
            goto(page, base_url + path)
            widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            assert widths[0] <= widths[1], f"/{path} scrolls sideways: {widths}"
            name = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"
            screenshot(page, f"phone-{name[:60]}")
    finally:
        page.set_viewport_size(DESKTOP)
    assert_clean(traffic)


def test_guard_records_requests_that_leave_the_machine(page_and_traffic, base_url):
    """The off-host check can fail: a page that asks for an outside resource is caught."""
    page, traffic = page_and_traffic
    goto(page, base_url)
    page.evaluate("fetch('https://example.com/x').catch(() => null)")
    page.wait_for_timeout(200)
    assert traffic.outside == ["https://example.com/x"]
