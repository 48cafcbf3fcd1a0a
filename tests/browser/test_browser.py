"""The built site in a real browser (Debian's Chromium through Playwright), served locally."""

from __future__ import annotations

import re

from tests.browser.conftest import DESKTOP, PHONE, screenshot


def newest_article(digest: dict) -> dict:
    return digest["articles"][0]


def goto(page, url: str) -> None:
    response = page.goto(url, wait_until="networkidle")
    assert response is not None and response.ok, url


def assert_clean(traffic) -> None:
    assert traffic.problems() == []


def test_home_page_shows_a_card_per_story(page_and_traffic, base_url, digest):
    page, traffic = page_and_traffic
    goto(page, base_url)
    assert digest["stories"]
    by_id = {a["id"]: a for a in digest["articles"]}
    for story in digest["stories"]:
        card = page.locator(".nd-card", has=page.locator(f"h2 a[href$='{story['page']}']"))
        assert card.count() == 1, story["page"]
        headline = card.locator("h2").inner_text().rstrip("¶ \n")
        assert 0 < len(headline) <= 90, headline
        facts = card.locator(".nd-card__facts").inner_text()
        reports = [by_id[a] for a in story["articles"] if a not in story["duplicates"]]
        assert f"{len(reports)} sources" in facts or len(reports) == 1
        for outlet in {a["source"] or "Unknown source" for a in reports}:
            assert outlet in facts
        day = str(int(story["last_date"][8:10]))
        assert day in facts and "2025" in facts
        summary = card.locator("p").last.inner_text()
        # One whole sentence: the opening of a report's summary, ending where a sentence ends.
        assert any(by_id[a]["summary"].startswith(summary) for a in story["articles"])
        assert summary.endswith((".", "!", "?", "”", '"'))
    screenshot(page, "home")
    assert_clean(traffic)


def test_story_page_opens_and_links_its_articles(page_and_traffic, base_url, digest):
    page, traffic = page_and_traffic
    story = digest["stories"][0]
    goto(page, base_url)
    page.locator(f".nd-card h2 a[href$='{story['page']}']").first.click()
    page.wait_for_load_state("networkidle")
    assert page.url == base_url + story["page"]
    screenshot(page, "story")
    article = next(a for a in digest["articles"] if a["id"] == story["lead_article"])
    page.locator("article a", has_text=article["title"]).first.click()
    page.wait_for_load_state("networkidle")
    assert page.url == base_url + article["page"]
    assert page.locator("article h1").inner_text().rstrip("¶ \n") == article["title"]
    screenshot(page, "article")
    assert_clean(traffic)


def test_search_finds_tomahawk_and_opens_the_story(page_and_traffic, base_url, digest):
    page, traffic = page_and_traffic
    story = digest["stories"][0]
    goto(page, base_url)
    page.locator("input.md-search__input").click()  # desktop: the box is in the header
    page.keyboard.type("Tomahawk", delay=20)  # as a reader types: one search per keystroke
    page.locator(".md-search-result__item a").first.wait_for(state="visible", timeout=15_000)
    hrefs = page.locator(".md-search-result__item a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))")
    target = next((h for h in hrefs if story["page"].rstrip("/") in h), None)
    assert target, hrefs
    page.locator(f".md-search-result__item a[href='{target}']").first.click()
    page.wait_for_load_state("networkidle")
    assert page.url.split("?")[0].split("#")[0] == base_url + story["page"]
    assert "Tomahawk" in page.locator("article").inner_text()
    assert_clean(traffic)


def test_timeline_page_shows_dated_entries(page_and_traffic, base_url, digest):
    page, traffic = page_and_traffic
    goto(page, base_url + "timeline/")
    text = page.locator("article").inner_text()
    assert "October 2025" in text and "16 October 2025" in text
    assert page.locator("article li").count() >= len(digest["timeline"])
    screenshot(page, "timeline")
    assert_clean(traffic)


def test_entity_page_opens_from_an_article(page_and_traffic, base_url, digest):
    page, traffic = page_and_traffic
    article = newest_article(digest)
    goto(page, base_url + article["page"])
    page.locator("article a[href*='entities/donald-trump']").first.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("entities/donald-trump/")
    assert page.locator("article h1").inner_text().rstrip("¶ \n") == "Donald Trump"
    screenshot(page, "entity")
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


def phone_pages(digest: dict) -> list[str]:
    entity = next(e["page"] for e in digest["entities"] if e["page"])
    return ["", newest_article(digest)["page"], digest["stories"][0]["page"], "timeline/",
            entity]


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
