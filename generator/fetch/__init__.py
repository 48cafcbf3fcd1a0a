"""`newsdigest fetch`: read feeds, save each new item's page as a seed with the feed's fields.

Layout below seeds/ (everything fetch writes, and nothing else):
  fetched/<date>-<title slug>-<hash>.html   the page as served (raw bytes)
  fetched/sources.yml                        the feed's fields for each saved page (a sidecar:
                                             title, date, source, url, authors; they override
                                             what the page suggests)
  fetched/.state.json                        GUIDs and canonical URLs already saved, and each
                                             feed's ETag/Last-Modified for conditional requests

The state lives in seeds/, so a clean checkout in CI knows what earlier runs saved. A run that
finds nothing new writes nothing: files are only rewritten when their bytes change, and
always atomically (a temporary file renamed over the old one).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import yaml
from slugify import slugify

from generator.fetch.feeds import Feed, FeedError, Item, parse_feed
from generator.fetch.http import Client, FetchError, Response

FETCHED_DIR = "fetched"
SIDECAR = "sources.yml"
STATE = ".state.json"
HTML_TYPES = ("text/html", "application/xhtml+xml")
# A feed's own text stands in for a page that cannot be fetched only when it is an article,
# not a teaser: most feed summaries are one or two sentences (under 60 words).
MIN_FEED_CONTENT_WORDS = 120
# Tracking parameters that do not change which article a URL names.
_TRACKING = re.compile(r"^(?:utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref|cmpid|ocid|smid)$", re.I)
_CANONICAL = re.compile(rb"<link\b[^>]*\brel=[\"']?canonical[\"']?[^>]*>", re.I)
_HREF = re.compile(rb"\bhref=[\"']?([^\"'\s>]+)", re.I)
_META_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset", re.I)


@dataclass
class FetchReport:
    saved: list[str] = field(default_factory=list)  # seed paths written
    problems: list[str] = field(default_factory=list)  # one line per bad feed or item

    @property
    def failed(self) -> bool:
        return bool(self.problems)


@dataclass
class _State:
    seen: dict[str, str] = field(default_factory=dict)  # GUID or canonical URL -> seed
    validators: dict[str, dict[str, str]] = field(default_factory=dict)  # feed -> headers

    def knows(self, *keys: str) -> bool:
        return any(k and k in self.seen for k in keys)


def fetch(feed_urls: list[str], seeds_dir: Path, client: Client | None = None,
          now: dt.datetime | None = None) -> FetchReport:
    """Fetch every feed; save new items below seeds_dir/fetched. Never raises for bad input."""
    client = client or Client()
    now = now or dt.datetime.now(dt.UTC)
    report = FetchReport()
    folder = _fetched_folder(seeds_dir)
    state = _load_state(folder, report)
    sidecar = _load_sidecar(folder, report)
    for feed_url in feed_urls:
        _fetch_feed(feed_url, client, state, sidecar, folder, now, report)
    _write_if_changed(folder / SIDECAR, _dump_sidecar(sidecar))
    _write_if_changed(folder / STATE, _dump_state(state))
    return report


def _fetched_folder(seeds_dir: Path) -> Path:
    root = seeds_dir.resolve()
    folder = root / FETCHED_DIR
    if folder.is_symlink() or (folder.exists() and not folder.resolve().is_relative_to(root)):
        raise OSError(f"{folder} is a link; fetch writes only inside the seeds folder")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _fetch_feed(feed_url: str, client: Client, state: _State, sidecar: dict[str, dict],
                folder: Path, now: dt.datetime, report: FetchReport) -> None:
    validators = state.validators.get(feed_url, {})
    conditional = {}
    if validators.get("etag"):
        conditional["If-None-Match"] = validators["etag"]
    if validators.get("last_modified"):
        conditional["If-Modified-Since"] = validators["last_modified"]
    try:
        response = client.get(feed_url, conditional)
        if response.status == 304:
            return  # not modified since the last run
        feed = parse_feed(response)
    except (FetchError, FeedError) as exc:
        report.problems.append(f"feed {feed_url}: {exc}")
        return
    if feed.warning:
        report.problems.append(f"feed {feed_url}: {feed.warning}")
    kept = {k: v for k, v in (("etag", response.headers.get("ETag")),
                              ("last_modified", response.headers.get("Last-Modified"))) if v}
    if kept:
        state.validators[feed_url] = kept
    source = feed.title or urlsplit(feed.link or feed_url).hostname or feed_url
    guids_in_feed: set[str] = set()
    for item in feed.items:
        name = f"feed {feed_url}: item {item.guid or item.title or '(no id)'}"[:200]
        if item.guid and item.guid in guids_in_feed:
            report.problems.append(f"{name}: duplicate GUID in the feed (later copy skipped)")
            continue
        guids_in_feed.add(item.guid)
        try:
            _take_item(item, source, client, state, sidecar, folder, now, report)
        except (FetchError, ItemError) as exc:
            report.problems.append(f"{name}: {exc}")


class ItemError(Exception):
    """An item that cannot become a seed."""


def _take_item(item: Item, source: str, client: Client, state: _State,
               sidecar: dict[str, dict], folder: Path, now: dt.datetime,
               report: FetchReport) -> None:
    canonical = canonical_url(item.link) if item.link else ""
    if state.knows(item.guid, canonical):
        return  # saved by an earlier run or from another feed
    fields: dict[str, Any] = {"title": item.title, "source": source}
    if item.date is not None:
        if item.date > now + dt.timedelta(days=1):
            report.problems.append(f"feed item {item.guid}: date {item.date.date()} is in the "
                                   "future (date ignored)")
        else:
            fields["date"] = item.date.date().isoformat()
    if item.authors:
        fields["authors"] = item.authors
    page, why_not = _fetch_page(item, client)
    if page is not None:
        page_canonical = _page_canonical(page)
        if page_canonical and state.knows(page_canonical):
            _remember(state, item.guid, canonical, state.seen[page_canonical])
            return
        canonical = canonical or canonical_url(page.url)
        fields["url"] = item.link or page.url
        data = _with_charset(page)
    elif _words(item.content) >= MIN_FEED_CONTENT_WORDS:
        data = _feed_content_page(item)
        if item.link:
            fields["url"] = item.link
        fields["origin"] = f"feed content (page not fetched: {why_not})"
    else:
        raise ItemError(why_not if item.link else "item has no link and too little text "
                        f"in the feed ({_words(item.content)} words)")
    seed_name = _seed_name(item, canonical, fields.get("date"))
    _write_if_changed(folder / seed_name, data)
    sidecar[seed_name] = {k: v for k, v in fields.items() if v}
    _remember(state, item.guid, canonical, f"{FETCHED_DIR}/{seed_name}")
    if page is not None and (page_canonical := _page_canonical(page)):
        state.seen.setdefault(page_canonical, f"{FETCHED_DIR}/{seed_name}")
    report.saved.append(f"{FETCHED_DIR}/{seed_name}")
    if page is None:
        report.problems.append(f"feed item {item.guid}: page not fetched ({why_not}); saved "
                               "from the feed's own content")


def _fetch_page(item: Item, client: Client) -> tuple[Response | None, str]:
    if not item.link:
        return None, "item has no link"
    try:
        page = client.get(item.link)
    except FetchError as exc:
        return None, str(exc)
    if page.content_type not in HTML_TYPES:
        return None, f"not an HTML page ({page.content_type or 'no content type'})"
    if not page.body.strip():
        return None, "empty page"
    return page, ""


def _remember(state: _State, guid: str, canonical: str, seed: str) -> None:
    for key in (guid, canonical):
        if key:
            state.seen.setdefault(key, seed)


def canonical_url(url: str) -> str:
    """One spelling per article: lower-case scheme and host, no fragment, no tracking
    parameters, remaining parameters sorted, no trailing slash."""
    parts = urlsplit(url.strip())
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                             if not _TRACKING.match(k)))
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((parts.scheme.lower(), (parts.hostname or "").lower()
                       + (f":{parts.port}" if parts.port else ""), path, query, ""))


def _page_canonical(page: Response) -> str:
    """The page's own <link rel="canonical">, if it names an http(s) address."""
    tag = _CANONICAL.search(page.body[:200_000])
    href = _HREF.search(tag.group(0)) if tag else None
    if not href:
        return ""
    url = html.unescape(href.group(1).decode("ascii", "replace"))
    return canonical_url(url) if url.startswith(("http://", "https://")) else ""


def _with_charset(page: Response) -> bytes:
    """The page as served; when only the HTTP header named its charset, that charset is
    written into the saved page as a <meta> tag, so the reader decodes it the same way."""
    charset = page.charset
    body = page.body
    if not charset or _META_CHARSET.search(body[:8192]) or body.startswith(
            (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return body
    safe = re.sub(r"[^A-Za-z0-9._-]", "", charset)[:40]
    return f'<meta charset="{safe}">\n'.encode("ascii") + body


def _feed_content_page(item: Item) -> bytes:
    """The feed's own text as a page: escaped title, the content as the feed gave it (the
    HTML reader extracts text only; no markup from it reaches the site)."""
    return ('<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
            f"<title>{html.escape(item.title)}</title></head>\n<body><article>\n"
            f"{item.content}\n</article></body></html>\n").encode()


def _words(content: str) -> int:
    return len(re.sub(r"<[^>]*>", " ", content or "").split())


def _seed_name(item: Item, canonical: str, date: str | None) -> str:
    key = item.guid or canonical
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:10]
    slug = slugify(item.title or "untitled", max_length=60, word_boundary=True) or "untitled"
    return f"{date or 'undated'}-{slug}-{digest}.html"


# --- state and sidecar --------------------------------------------------------------------

def _load_state(folder: Path, report: FetchReport) -> _State:
    path = folder / STATE
    if not path.is_file():
        return _State()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return _State(seen=dict(data.get("seen", {})),
                      validators=dict(data.get("validators", {})))
    except (OSError, ValueError, AttributeError) as exc:
        report.problems.append(f"seeds/{FETCHED_DIR}/{STATE}: unreadable, started afresh "
                               f"({type(exc).__name__})")
        return _State()


def _dump_state(state: _State) -> bytes:
    data = {"seen": dict(sorted(state.seen.items())),
            "validators": dict(sorted(state.validators.items()))}
    return (json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n").encode()


def _load_sidecar(folder: Path, report: FetchReport) -> dict[str, dict]:
    path = folder / SIDECAR
    if not path.is_file():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return {str(k): dict(v) for k, v in data.items() if isinstance(v, dict)}
    except (OSError, ValueError, AttributeError, yaml.YAMLError) as exc:
        report.problems.append(f"seeds/{FETCHED_DIR}/{SIDECAR}: unreadable, rewritten "
                               f"({type(exc).__name__})")
        return {}


def _dump_sidecar(sidecar: dict[str, dict]) -> bytes:
    header = ("# Written by `newsdigest fetch`: what each feed said about the pages it saved.\n"
              "# These fields override what the pages themselves suggest.\n")
    body = yaml.safe_dump(dict(sorted(sidecar.items())), allow_unicode=True, sort_keys=True,
                          width=100) if sidecar else ""
    return (header + body).encode("utf-8")


def _write_if_changed(path: Path, data: bytes) -> None:
    """Atomic and idempotent: same bytes, no write; otherwise a temporary file renamed."""
    if path.is_file() and not path.is_symlink() and path.read_bytes() == data:
        return
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


__all__ = ["Feed", "FetchReport", "canonical_url", "fetch"]
