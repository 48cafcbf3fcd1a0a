"""What a reader gets, checked in the browser: feeds discoverable from every page's head without
the page fetching anything it does not need."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from tests.browser.test_browser import goto, phone_pages

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
