import json
import xml.etree.ElementTree as ET

from generator.render.feeds import (
    JSON_FEED_VERSION,
    FeedItem,
    SiteInfo,
    atom_feed,
    feed_files,
    json_feed,
    site_info,
)

A = "{http://www.w3.org/2005/Atom}"
SITE = SiteInfo("Digest", "https://news.example/digest/", "All the news")
ITEMS = [
    FeedItem("old", "Older & wiser", "articles/2025/09/old/", "2025-09-01", "Old summary",
             ["Agency A"]),
    FeedItem("new", "Newest <script>alert(1)</script>", "articles/2025/10/new/", "2025-10-16",
             "New summary \x0b with a control character", ["Outlet B"]),
    FeedItem("mid", "Middle", "articles/2025/10/mid/", "2025-10-02", "Mid summary", []),
]


def test_atom_has_required_elements_newest_first_and_absolute_links():
    root = ET.fromstring(atom_feed(ITEMS, SITE))
    assert root.tag == f"{A}feed"
    assert root.findtext(f"{A}id") == "https://news.example/digest/"
    assert root.findtext(f"{A}title") == "Digest"
    assert root.findtext(f"{A}updated") == "2025-10-16T00:00:00Z"  # newest item, not the clock
    entries = root.findall(f"{A}entry")
    assert [e.findtext(f"{A}id") for e in entries] == \
        ["urn:newsdigest:new", "urn:newsdigest:mid", "urn:newsdigest:old"]
    for entry in entries:
        assert entry.findtext(f"{A}title") and entry.findtext(f"{A}updated")
        assert entry.find(f"{A}link").get("href").startswith("https://news.example/digest/")
    # Markup in a title stays text.
    assert entries[0].findtext(f"{A}title") == "Newest <script>alert(1)</script>"
    assert entries[0].find(f"{A}link").get("href") == \
        "https://news.example/digest/articles/2025/10/new/"
    assert entries[2].findtext(f"{A}title") == "Older & wiser"
    assert entries[2].findtext(f"{A}author/{A}name") == "Agency A"


def test_json_feed_1_1_items():
    feed = json.loads(json_feed(ITEMS, SITE))
    assert feed["version"] == JSON_FEED_VERSION == "https://jsonfeed.org/version/1.1"
    assert feed["title"] == "Digest"
    assert feed["feed_url"] == "https://news.example/digest/feed.json"
    assert [i["id"] for i in feed["items"]] == \
        ["urn:newsdigest:new", "urn:newsdigest:mid", "urn:newsdigest:old"]
    for item in feed["items"]:
        assert item["url"].startswith("https://news.example/digest/articles/")
        assert item["content_text"] and item["summary"]
    assert feed["items"][0]["date_published"] == "2025-10-16T00:00:00Z"
    assert feed["items"][2]["authors"] == [{"name": "Agency A"}]
    assert "authors" not in feed["items"][1]


def test_feeds_are_deterministic_and_independent_of_input_order():
    assert atom_feed(ITEMS, SITE) == atom_feed(list(reversed(ITEMS)), SITE)
    assert json_feed(ITEMS, SITE) == json_feed(list(reversed(ITEMS)), SITE)


def test_empty_feed_is_valid_with_a_fixed_date():
    root = ET.fromstring(atom_feed([], SITE))
    assert root.findtext(f"{A}updated") == "1970-01-01T00:00:00Z"
    assert json.loads(json_feed([], SITE))["items"] == []


def test_site_url_and_name_come_from_mkdocs_yml(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: My News\nsite_url: https://me.example/news\n"
                      "markdown_extensions:\n  - pymdownx.emoji:\n"
                      "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n")
    assert site_info(config) == SiteInfo("My News", "https://me.example/news/", "")
    files = feed_files(ITEMS, config)
    assert ET.fromstring(files["feed.xml"]).findtext(f"{A}title") == "My News"
    assert json.loads(files["feed.json"])["home_page_url"] == "https://me.example/news/"


def test_without_site_url_links_are_root_relative(tmp_path):
    files = feed_files(ITEMS, tmp_path / "missing.yml")
    root = ET.fromstring(files["feed.xml"])
    assert root.findtext(f"{A}id") == "urn:newsdigest:feed"
    assert root.find(f"{A}entry/{A}link").get("href") == "/articles/2025/10/new/"
