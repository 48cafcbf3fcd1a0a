"""Feed lists (OPML or one URL a line) and feeds (RSS 0.9x/1.0/2.0 and Atom via feedparser,
JSON Feed 1.x read here: feedparser 6 does not read it) as plain items."""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Any
from xml.etree import ElementTree

import feedparser

from generator.fetch.http import Response


class FeedError(Exception):
    """A feed that cannot be read at all; the message is shown to the maintainer."""


@dataclass
class Item:
    guid: str  # the feed's id for the item, else its link
    link: str
    title: str = ""
    date: dt.datetime | None = None
    authors: list[str] = field(default_factory=list)
    content: str = ""  # HTML (or text) the feed carries for the item


@dataclass
class Feed:
    title: str
    link: str
    items: list[Item]
    warning: str = ""  # the feed was read, but is not well-formed


def read_feed_list(text: str) -> list[str]:
    """Feed URLs from an OPML document (every outline's xmlUrl) or one URL a line ('#'
    comments and blank lines skipped)."""
    stripped = text.lstrip("\ufeff").lstrip()
    if stripped.startswith("<"):
        try:
            root = ElementTree.fromstring(stripped)
        except ElementTree.ParseError as exc:
            raise FeedError(f"feed list is not valid OPML ({exc})") from None
        return [o.get("xmlUrl", "").strip() for o in root.iter("outline") if o.get("xmlUrl")]
    urls = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip() if line.lstrip().startswith("#") else line.strip()
        if line:
            urls.append(line)
    return urls


def parse_feed(response: Response) -> Feed:
    body = response.body
    if _is_json_feed(response):
        return _parse_json_feed(body)
    parsed = feedparser.parse(body, response_headers={
        "content-type": response.headers.get("Content-Type", "application/xml"),
        "content-location": response.url})
    if not parsed.version:
        raise FeedError("malformed feed (not RSS, Atom or JSON Feed)")
    problem = parsed.get("bozo_exception") if parsed.bozo else None
    if isinstance(problem, (feedparser.CharacterEncodingOverride,
                            feedparser.NonXMLContentType)):
        problem = None  # a charset or content type the feed mislabels: read fine anyway
    if problem is not None and not parsed.entries:
        raise FeedError(f"malformed XML ({' '.join(str(problem).split())[:100]})")
    feed = parsed.feed
    items = [_feedparser_item(e) for e in parsed.entries]
    warning = (f"malformed XML ({' '.join(str(problem).split())[:100]}); "
               f"{len(items)} items read by the lenient parser") if problem is not None else ""
    return Feed(title=_clean(feed.get("title", "")), link=feed.get("link", ""), items=items,
                warning=warning)


def _is_json_feed(response: Response) -> bool:
    if response.content_type in ("application/feed+json", "application/json"):
        return True
    return response.body.lstrip()[:1] == b"{"


def _feedparser_item(entry: Any) -> Item:
    link = entry.get("link", "") or ""
    parsed_time = entry.get("published_parsed") or entry.get("updated_parsed")
    date = (dt.datetime.fromtimestamp(calendar.timegm(parsed_time), dt.UTC)
            if parsed_time else None)
    authors = [a.get("name", "") for a in entry.get("authors", []) if a.get("name")]
    if not authors and entry.get("author"):
        authors = [entry["author"]]
    contents = entry.get("content") or []
    content = max((c.get("value", "") for c in contents), key=len, default="") \
        or entry.get("summary", "")
    return Item(guid=(entry.get("id") or link).strip(), link=link.strip(),
                title=_clean(entry.get("title", "")), date=date,
                authors=[_clean(a) for a in authors if _clean(a)], content=content)


def _parse_json_feed(body: bytes) -> Feed:
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise FeedError(f"malformed JSON Feed ({type(exc).__name__})") from None
    if not isinstance(data, dict) or not str(data.get("version", "")).startswith(
            "https://jsonfeed.org/version/"):
        raise FeedError("malformed JSON Feed (no jsonfeed.org version)")
    items = []
    for raw in data.get("items") or []:
        if not isinstance(raw, dict):
            continue
        link = str(raw.get("url") or raw.get("external_url") or "")
        authors = raw.get("authors") or ([raw["author"]] if raw.get("author") else [])
        names = [str(a.get("name")) for a in authors if isinstance(a, dict) and a.get("name")]
        items.append(Item(
            guid=str(raw.get("id") or link).strip(), link=link.strip(),
            title=_clean(str(raw.get("title") or "")),
            date=_iso_datetime(raw.get("date_published") or raw.get("date_modified")),
            authors=names, content=str(raw.get("content_html") or raw.get("content_text")
                                       or raw.get("summary") or "")))
    return Feed(title=_clean(str(data.get("title") or "")),
                link=str(data.get("home_page_url") or ""), items=items)


def _iso_datetime(value: Any) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _clean(text: str) -> str:
    return " ".join(re.sub(r"<[^>]*>", " ", text or "").split())
