"""What a reader gets, checked in the browser: feeds discoverable from every page's head without
the page fetching anything it does not need."""

from __future__ import annotations

import gzip
import json
import xml.etree.ElementTree as ET

import pytest

from tests.browser.conftest import DESKTOP, PHONE, ROOT, screenshot
from tests.browser.test_browser import goto, phone_pages
from tests.test_mkdocs_plugin import read_head

SITE_URL = "https://example.github.io/newsdigest/"  # site_url in mkdocs.yml

ATOM = "{http://www.w3.org/2005/Atom}"
FEED_TYPES = ("application/atom+xml", "application/feed+json")

# A feed reader's autodiscovery, as the HTML standard defines it: a <link> whose rel token list
# contains "alternate" and whose type is a feed type. The browser parses the head and the rel
# tokens (relList), so this reads the page as a client does, not as a regex would.
DISCOVER_FEEDS = """() => [...document.querySelectorAll('link[href]')]
  .filter(link => link.relList.contains('alternate'))
  .map(link => ({type: (link.type || '').toLowerCase(), href: link.href, title: link.title}))"""


def reader_pages(digest: dict) -> list[str]:
    return ["", "stories/", *phone_pages(digest)[1:]]


@pytest.mark.parametrize("which", range(6))
def test_page_view_fetches_no_sitemap_and_feeds_are_discoverable(page_and_traffic, base_url,
                                                                   digest, which):
    page, traffic = page_and_traffic
    path = reader_pages(digest)[which]
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    goto(page, base_url + path)
    page.wait_for_timeout(300)  # Material fetches alternates' sitemaps after the load event
    assert requested and requested[0].startswith(base_url)
    assert [u for u in requested if "sitemap" in u] == []
    feeds = {f["type"]: f for f in page.evaluate(DISCOVER_FEEDS) if f["type"] in FEED_TYPES}
    assert sorted(feeds) == sorted(FEED_TYPES), feeds
    assert all(f["title"] for f in feeds.values())
    atom = page.request.get(feeds["application/atom+xml"]["href"])
    assert atom.ok
    root = ET.fromstring(atom.body())
    assert root.tag == f"{ATOM}feed"
    atom_titles = [e.findtext(f"{ATOM}title") for e in root.iter(f"{ATOM}entry")]
    json_feed = json.loads(page.request.get(feeds["application/feed+json"]["href"]).body())
    assert json_feed["version"] == "https://jsonfeed.org/version/1.1"
    assert [i["title"] for i in json_feed["items"]] == atom_titles
    assert digest["stories"][0]["title"] in atom_titles
    assert traffic.problems() == []


def test_scripts_are_deferred_and_material_still_starts(page_and_traffic, base_url, digest):
    """No script blocks the first paint (every external script is deferred), and Material's
    bundle still starts its components: its global observables exist and the palette toggle,
    which only the bundle drives, switches the scheme."""
    page, traffic = page_and_traffic
    goto(page, base_url + digest["stories"][0]["page"])
    sources = page.evaluate("""() => [...document.scripts].filter(s => s.src)
                                 .map(s => ({src: s.src, defer: s.defer}))""")
    assert any("bundle" in s["src"] for s in sources)
    assert [s["src"] for s in sources if not s["defer"]] == []
    assert page.evaluate("typeof window.component$ === 'object'")
    page.locator("form[data-md-component=palette] label:visible").first.click()
    page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'", timeout=5_000)
    # Back to light: Material stores the choice, and it would carry into the next test.
    page.locator("form[data-md-component=palette] label:visible").first.click()
    page.wait_for_function("document.body.dataset.mdColorScheme === 'default'", timeout=5_000)
    assert traffic.problems() == []


def test_an_alternate_link_would_make_material_fetch_the_sitemap(page_and_traffic, base_url):
    """The check above can fail: a plain rel="alternate" link added to a page is picked up by
    Material's language selector, which requests sitemap.xml beside it."""
    page, traffic = page_and_traffic
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))

    def add_alternate(route):
        response = route.fetch()
        route.fulfill(response=response, body=response.text().replace(
            "</head>", f'<link rel="alternate" href="{base_url}x/"></head>'))

    page.route("**/about/", add_alternate)
    goto(page, base_url + "about/")
    page.wait_for_timeout(300)
    assert [u for u in requested if u.endswith("sitemap.xml")] == [base_url + "x/sitemap.xml"]


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = ("serious", "critical")


def axe_pages(digest: dict) -> dict[str, str]:
    """Home, stories index, a story, an article, the timeline and an entity page."""
    story = digest["stories"][0]
    entity = next(e["page"] for e in digest["entities"] if e["page"])
    return {"home": "", "stories": "stories/", "story": story["page"],
            "article": story_article(digest, story)["page"], "timeline": "timeline/",
            "entity": entity}


def story_article(digest: dict, story: dict) -> dict:
    return next(a for a in digest["articles"] if a["id"] == story["lead_article"])


def set_scheme(page, scheme: str) -> None:
    """Material applies a palette as attributes of <body>; its toggle does the same."""
    page.evaluate("""scheme => {
        document.body.setAttribute('data-md-color-scheme', scheme);
        document.body.setAttribute('data-md-color-primary',
            document.querySelector('[data-md-color-media]') ? 'custom' : 'indigo');
    }""", scheme)


def axe_violations(page) -> list[str]:
    """Serious and critical axe-core violations on the page as shown: 'rule: target (n)'."""
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `make browser-deps` (npm ci)")
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    found = []
    for rule in results["violations"]:
        nodes = [n for n in rule["nodes"] if n.get("impact") in SERIOUS]
        if rule.get("impact") in SERIOUS and nodes:
            found.append(f"{rule['id']}: {nodes[0]['target']} and {len(nodes) - 1} more: "
                         + " ".join(nodes[0].get("failureSummary", "").split())[:300])
    return found


@pytest.mark.parametrize("scheme", ["default", "slate"])
@pytest.mark.parametrize("name", ["home", "stories", "story", "article", "timeline", "entity"])
def test_no_serious_accessibility_violations(page_and_traffic, base_url, digest, name, scheme):
    page, traffic = page_and_traffic
    goto(page, base_url + axe_pages(digest)[name])
    set_scheme(page, scheme)
    if name == "home":  # with the search results open, too
        type_query(page, "Tomahawk")
        result_hrefs(page)
    found = axe_violations(page)
    assert not found, "\n".join(found)
    assert traffic.problems() == []


def test_axe_check_can_fail(page_and_traffic, base_url):
    page, _ = page_and_traffic
    goto(page, base_url)
    page.evaluate("""() => document.querySelector('article').insertAdjacentHTML('beforeend',
        '<p style="color:#777;background:#888">faint text</p>')""")
    assert any(v.startswith("color-contrast:") for v in axe_violations(page))


def test_stories_index_links_month_pages_with_cards(page_and_traffic, base_url, digest):
    page, traffic = page_and_traffic
    goto(page, base_url + "stories/")
    months = page.locator("article ul a[href*='2025/10']")
    assert months.count() == 1 and months.first.inner_text() == "October 2025"
    months.first.click()
    page.wait_for_load_state("networkidle")
    assert page.url == base_url + "stories/2025/10/"
    assert page.locator("article h1").inner_text().rstrip("¶ \n") == "Stories, October 2025"
    story = digest["stories"][0]
    page.locator(f".nd-card h2 a[href$='/{story['id']}/']").click()
    page.wait_for_load_state("networkidle")
    assert page.url == base_url + story["page"]
    assert traffic.problems() == []


def type_query(page, text: str) -> None:
    page.locator("input.md-search__input").click()
    page.keyboard.type(text, delay=10)


def result_hrefs(page) -> list[str]:
    page.locator(".md-search-result__item a").first.wait_for(state="visible", timeout=15_000)
    return page.locator(".md-search-result__item a").evaluate_all(
        "links => links.map(a => new URL(a.href).pathname)")


def test_typing_an_articles_title_shows_that_article_first(page_and_traffic, base_url, digest):
    page, traffic = page_and_traffic
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    goto(page, base_url + "about/")
    assert not [u for u in requested if "pagefind" in u or "search_index" in u]
    article = digest["articles"][-1]
    before_search = len(requested)
    type_query(page, article["title"])
    page.wait_for_function("""page => [...document.querySelectorAll('.md-search-result__item a')]
        .slice(0, 1).some(a => new URL(a.href).pathname.endsWith(page))""", arg=article["page"],
        timeout=15_000)
    assert result_hrefs(page)[0] == "/" + article["page"]
    # Only Pagefind's chunked files were fetched for the search, never a whole-site index.
    searched = requested[before_search:]
    assert searched and all(u.startswith(base_url + "pagefind/") for u in searched), searched
    assert not [u for u in requested if "search_index.json" in u]
    found = axe_violations(page)  # with the results list open
    assert not found, "\n".join(found)
    assert traffic.problems() == []


def test_search_on_a_phone_opens_from_the_magnifier(page_and_traffic, base_url, digest):
    page, traffic = page_and_traffic
    page.set_viewport_size(PHONE)
    try:
        goto(page, base_url)
        assert not page.evaluate("document.getElementById('__search').checked")
        page.locator("label.md-header__button[for='__search']").click()
        page.wait_for_function("""() => document.getElementById('__search').checked &&
            document.activeElement === document.querySelector('input.md-search__input')""")
        page.keyboard.type("Tomahawk", delay=10)
        hrefs = result_hrefs(page)
        assert any(h.endswith(digest["stories"][0]["page"]) for h in hrefs), hrefs
        screenshot(page, "phone-search")
        page.keyboard.press("Escape")
        page.wait_for_function("!document.getElementById('__search').checked")
    finally:
        page.set_viewport_size(DESKTOP)
    assert traffic.problems() == []


def test_search_says_so_when_the_index_is_missing(page_and_traffic, base_url):
    page, traffic = page_and_traffic
    page.route("**/pagefind/**", lambda route: route.fulfill(status=404, body="gone"))
    goto(page, base_url)
    type_query(page, "Tomahawk")
    status = page.locator(".md-search-result__meta")
    page.wait_for_function("""() => document.querySelector('.md-search-result__meta')
        .textContent.includes('unavailable')""", timeout=15_000)
    assert "Search is unavailable" in status.inner_text()
    assert page.locator(".md-search-result__item").count() == 0


def test_search_excerpts_never_become_markup(page_and_traffic, base_url):
    """Pagefind's excerpt is the page's text with <mark> around matches; a page whose text holds
    a tag (an article quoting HTML) must show it as text: no element, no handler runs."""
    page, traffic = page_and_traffic
    hostile = '<img src="x" onerror="window.__pwned = 1"> <b>bold</b> Tomahawk '

    def poison(route):
        data = gzip.decompress(route.fetch().body())
        record = json.loads(data.removeprefix(b"pagefind_dcd"))
        record["content"] = hostile * 40
        body = b"pagefind_dcd" + json.dumps(record).encode()
        route.fulfill(status=200, body=gzip.compress(body),
                      headers={"content-type": "application/octet-stream"})

    page.route("**/pagefind/fragment/*", poison)
    goto(page, base_url)
    type_query(page, "Tomahawk")
    result_hrefs(page)
    page.wait_for_timeout(300)
    results = page.locator(".md-search-result__list")
    assert results.locator("img, b, [onerror]").count() == 0
    assert page.evaluate("window.__pwned") is None
    assert results.locator("mark").count() >= 1


def test_news_article_metadata_names_only_real_outlets_and_authors(built_site, digest):
    """JSON-LD NewsArticle: the outlet (never this site) as publisher and, without a byline,
    as author; nothing when the outlet is unknown; description, both dates, and an image the
    site itself serves."""
    site_name = "News Digest"
    story = digest["stories"][0]
    pages = [(a["page"], a) for a in digest["articles"]] + [(story["page"], None)]
    for path, article in pages:
        head = read_head(built_site / path / "index.html")
        (ld,) = [json.loads(text) for text in head.json_ld]
        assert ld["@type"] == "NewsArticle"
        named = [p["name"] for p in ld.get("author", [])] + [ld.get("publisher", {}).get("name")]
        assert site_name not in named, path
        assert ld["description"] and ld["dateModified"] and ld["datePublished"]
        assert ld["datePublished"] <= ld["dateModified"]
        image = head.meta["og:image"]
        assert ld["image"] == [image]
        assert (built_site / image.removeprefix(SITE_URL)).is_file(), image
        if article is None:
            continue
        assert ld["dateModified"] == article["date"]
        if article["source"]:
            assert ld["publisher"]["name"] == article["source"]
            assert ld["author"]
        else:
            assert "publisher" not in ld
            assert ("author" in ld) == bool(article["authors"])
        if article["authors"]:
            assert [p["name"] for p in ld["author"]] == article["authors"]
    assert any(not a["source"] for a in digest["articles"])  # the unknown-outlet case is seen


# Pairs of the chart's texts whose boxes, as drawn, overlap (more than a pixel each way).
OVERLAPPING_LABELS = """() => {
  const texts = [...document.querySelectorAll('svg.nd-chart text')];
  const boxes = texts.map(t => t.getBoundingClientRect());
  const hits = [];
  boxes.forEach((a, i) => boxes.slice(i + 1).forEach((b, j) => {
    if (a.left + 1 < b.right && b.left + 1 < a.right && a.top + 1 < b.bottom
        && b.top + 1 < a.bottom) hits.push([texts[i].textContent, texts[i + 1 + j].textContent]);
  }));
  return hits;
}"""


def test_story_chart_is_a_named_image_readable_in_dark_mode_and_on_a_phone(
        page_and_traffic, base_url, digest):
    page, traffic = page_and_traffic
    story = digest["stories"][0]
    page.set_viewport_size(PHONE)
    try:
        goto(page, base_url + story["page"])
        chart = page.get_by_role("img", name="Coverage by outlet and the story's events over time")
        assert chart.count() == 1
        box = chart.bounding_box()
        assert 0 < box["width"] <= PHONE["width"]
        assert page.locator("svg.nd-chart script").count() == 0
        overlaps = page.evaluate(OVERLAPPING_LABELS)
        assert page.locator("svg.nd-chart text").count() > 3 and overlaps == [], overlaps
        fill = "() => getComputedStyle(document.querySelector('svg.nd-chart text')).fill"
        light = page.evaluate(fill)
        set_scheme(page, "slate")
        dark = page.evaluate(fill)
        assert light != dark  # the labels follow the theme: dark text on light, light on dark
        found = axe_violations(page)
        assert not found, "\n".join(found)
        screenshot(page, "phone-story-chart-dark")
    finally:
        page.set_viewport_size(DESKTOP)
    assert traffic.problems() == []
