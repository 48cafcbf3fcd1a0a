"""Feeds of the digest: Atom (feed.xml) and JSON Feed 1.1 (feed.json), newest first.

Feeds are built from plain FeedItems, so what they list (articles now, stories later) is the
caller's choice. They are deterministic: `updated` is the newest item's date, never the clock.

Absolute URLs need the site's address, which is a MkDocs setting: site_name and site_url are
read from the mkdocs.yml that sits beside the docs folder (MkDocs' own convention: docs_dir is
relative to mkdocs.yml). Without a site_url, links are root-relative paths and the feed id is
a URN; entry ids are always URNs made from the item id, so they survive a move of the site.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ATOM_NS = "http://www.w3.org/2005/Atom"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
FEED_ITEMS = 50  # newest items per feed; feed readers only need the recent ones
EPOCH = "1970-01-01"
# Characters XML 1.0 cannot carry at all, even escaped.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class FeedItem:
    id: str
    title: str
    path: str  # URL path of the page, relative to the site root ("articles/2025/10/x/")
    date: str  # ISO 8601 date (or date-time)
    summary: str
    sources: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SiteInfo:
    name: str = "News Digest"
    url: str = ""  # site_url with a trailing slash, or "" when unset
    description: str = ""


def newest_first(items: list[FeedItem]) -> list[FeedItem]:
    return sorted(items, key=lambda i: (i.date, i.id), reverse=True)[:FEED_ITEMS]


def site_info(mkdocs_yml: Path) -> SiteInfo:
    """site_name, site_url and site_description from mkdocs.yml (missing file: defaults)."""
    try:
        data = yaml.load(mkdocs_yml.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    except (OSError, yaml.YAMLError):
        return SiteInfo()
    if not isinstance(data, dict):
        return SiteInfo()
    url = str(data.get("site_url") or "").strip()
    if url and not url.endswith("/"):
        url += "/"
    return SiteInfo(str(data.get("site_name") or SiteInfo.name), url,
                     str(data.get("site_description") or ""))


class _TolerantLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml: 10x faster
    """mkdocs.yml may hold tags such as !!python/name:... or !ENV: read them as null."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def rfc3339(date: str) -> str:
    """An ISO date or date-time as an RFC 3339 timestamp (dates are taken as midnight UTC)."""
    if len(date) == 10:
        return f"{date}T00:00:00Z"
    return date if date[-1] == "Z" or "+" in date[10:] or "-" in date[10:] else date + "Z"


def _absolute(site: SiteInfo, path: str) -> str:
    return site.url + path if site.url else "/" + path.lstrip("/")


def _text(value: str) -> str:
    return _NOT_XML.sub("", value)


def atom_feed(items: list[FeedItem], site: SiteInfo) -> str:
    items = newest_first(items)
    ET.register_namespace("", ATOM_NS)
    feed = ET.Element(f"{{{ATOM_NS}}}feed")

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
        if text is not None:
            element.text = _text(text)
        return element

    sub(feed, "id", site.url or "urn:newsdigest:feed")
    sub(feed, "title", site.name)
    if site.description:
        sub(feed, "subtitle", site.description)
    sub(feed, "updated", rfc3339(items[0].date if items else EPOCH))
    sub(sub(feed, "author"), "name", site.name)
    sub(feed, "link", rel="self", href=_absolute(site, "feed.xml"))
    sub(feed, "link", rel="alternate", type="text/html", href=_absolute(site, ""))
    sub(feed, "generator", "newsdigest")
    for item in items:
        entry = sub(feed, "entry")
        sub(entry, "id", f"urn:newsdigest:{item.id}")
        sub(entry, "title", item.title)
        sub(entry, "updated", rfc3339(item.date))
        sub(entry, "published", rfc3339(item.date))
        sub(entry, "link", rel="alternate", type="text/html", href=_absolute(site, item.path))
        for source in item.sources:
            sub(sub(entry, "author"), "name", source)
        sub(entry, "summary", item.summary)
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, "unicode") + "\n"


def json_feed(items: list[FeedItem], site: SiteInfo) -> str:
    data: dict[str, Any] = {
        "version": JSON_FEED_VERSION,
        "title": site.name,
        "home_page_url": _absolute(site, ""),
        "feed_url": _absolute(site, "feed.json"),
    }
    if site.description:
        data["description"] = site.description
    data["items"] = [_json_item(item, site) for item in newest_first(items)]
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def _json_item(item: FeedItem, site: SiteInfo) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": f"urn:newsdigest:{item.id}",
        "url": _absolute(site, item.path),
        "title": item.title,
        "summary": item.summary,
        "content_text": item.summary,
        "date_published": rfc3339(item.date),
    }
    if item.sources:
        data["authors"] = [{"name": s} for s in item.sources]
    return data


def feed_files(items: list[FeedItem], mkdocs_yml: Path) -> dict[str, str]:
    """feed.xml and feed.json for the docs folder."""
    site = site_info(mkdocs_yml)
    return {"feed.xml": atom_feed(items, site), "feed.json": json_feed(items, site)}
