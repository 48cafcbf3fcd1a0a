"""`newsdigest fetch` against a real HTTP server on 127.0.0.1 (ephemeral port) serving feeds
and pages for every bad-input case; the rest of each feed must still arrive."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from generator.cli import main as cli_main
from generator.fetch import canonical_url, fetch
from generator.fetch.feeds import read_feed_list
from generator.fetch.http import USER_AGENT, Client

NOW = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)
# The client gives up after CLIENT_TIMEOUT_S; /slow answers far later. The margin is wide so a
# loaded test machine never times out an ordinary reply (0.5 s did, under load 20).
CLIENT_TIMEOUT_S = 3.0
SLOW_REPLY_S = 10.0
WORDS = ("The council voted on Tuesday to rebuild the old bridge over the river after two "
         "years of delays, and the engineers said work would start in the spring. ")


def article(title: str, extra: str = "") -> bytes:
    return (f"<html><head><meta charset='utf-8'><title>{title} | Page Site</title></head>"
            f"<body><article><h1>{title}</h1><p>{WORDS * 3}</p><p>{extra}{WORDS}</p>"
            "</article></body></html>").encode()


def rss_item(guid: str, link: str | None, title: str, date: str = "Mon, 02 Mar 2026 08:00:00 GMT",
             content: str = "") -> str:
    link_tag = f"<link>{link}</link>" if link else ""
    body = f"<description><![CDATA[{content}]]></description>" if content else ""
    return (f"<item><guid isPermaLink='false'>{guid}</guid>{link_tag}<title>{title}</title>"
            f"<pubDate>{date}</pubDate><author>jane@example.org (Jane Doe)</author>"
            f"{body}</item>")


class Site:
    """Routes: path -> (status, content type, body, extra headers); a few special paths."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, str, bytes, dict[str, str]]] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.base = ""

    def add(self, path: str, body: bytes | str, content_type: str = "text/html; charset=utf-8",
            status: int = 200, headers: dict[str, str] | None = None) -> str:
        data = body.encode() if isinstance(body, str) else body
        self.routes[path] = (status, content_type, data, headers or {})
        return self.base + path


@pytest.fixture
def site():
    state = Site()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # keep test output clean
            pass

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            state.requests.append((self.path, dict(self.headers)))
            if self.path == "/slow":
                time.sleep(SLOW_REPLY_S)
            if self.path.startswith("/loop"):
                self.send_response(302)
                self.send_header("Location", "/loop-b" if self.path == "/loop-a" else "/loop-a")
                self.end_headers()
                return
            if self.path == "/huge":
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                for _ in range(64):  # 4 MB, no Content-Length: the cap must stop the read
                    try:
                        self.wfile.write(b"<p>" + b"x" * 65536)
                    except OSError:
                        return
                return
            status, content_type, body, headers = state.routes.get(
                self.path.split("?")[0], (404, "text/plain", b"not found", {}))
            etag = headers.get("ETag")
            if etag and self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for key, value in headers.items():
                self.send_header(key, value)
            self.end_headers()
            try:
                self.wfile.write(body)
            except OSError:  # the client gave up (timeout, size cap)
                pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


def client() -> Client:
    return Client(timeout=CLIENT_TIMEOUT_S, host_delay=0, max_bytes=1024 * 1024)


def rss(site: Site, path: str, items: list[str], title: str = "Example News",
        encoding: str = "utf-8", etag: str | None = None) -> str:
    text = (f'<?xml version="1.0" encoding="{encoding}"?><rss version="2.0"><channel>'
            f"<title>{title}</title><link>{site.base}/</link>{''.join(items)}</channel></rss>")
    return site.add(path, text.encode(encoding), "application/rss+xml",
                    headers={"ETag": etag} if etag else None)


def sidecar(seeds: Path) -> dict:
    import yaml
    return yaml.safe_load((seeds / "fetched" / "sources.yml").read_text(encoding="utf-8"))


def snapshot(seeds: Path) -> dict[str, bytes]:
    return {p.relative_to(seeds).as_posix(): p.read_bytes()
            for p in sorted(seeds.rglob("*")) if p.is_file()}


def test_every_bad_input_gets_one_line_and_the_rest_arrives(site, tmp_path):
    long_text = "<p>" + WORDS * 12 + "</p>"
    site.add("/good", article("Bridge to be rebuilt"))
    site.add("/future", article("Future"))
    site.add("/also", article("Also here"))
    site.add("/500", "oops", status=500)
    site.add("/image", b"\x89PNG\r\n\x1a\n", "image/png")
    site.add("/sjis", ("<html><head><title>橋</title></head><body><article><p>"
                       + "橋の再建が決まりました。工事は春に始まります。" * 8
                       + "</p></article></body></html>").encode("shift_jis"),
             "text/html; charset=Shift_JIS")
    items = [
        rss_item("g-good", f"{site.base}/good", "Bridge to be rebuilt"),
        rss_item("g-good", f"{site.base}/good", "Bridge to be rebuilt (again)"),
        rss_item("g-404", f"{site.base}/missing", "Missing page"),
        rss_item("g-500", f"{site.base}/500", "Server error"),
        rss_item("g-slow", f"{site.base}/slow", "Slow page"),
        rss_item("g-loop", f"{site.base}/loop-a", "Looping page"),
        rss_item("g-huge", f"{site.base}/huge", "Huge page"),
        rss_item("g-image", f"{site.base}/image", "An image"),
        rss_item("g-nolink", None, "No link, short"),
        rss_item("g-nolink-long", None, "No link, long text", content=long_text),
        rss_item("g-fallback", f"{site.base}/gone", "Gone but described", content=long_text),
        rss_item("g-future", f"{site.base}/future?utm_source=x", "Future",
                 date="Fri, 01 Jan 2100 00:00:00 GMT"),
        rss_item("g-sjis", f"{site.base}/sjis", "Japanese page"),
    ]
    broken = site.add("/broken.xml", '<?xml version="1.0"?><rss version="2.0"><channel>'
                      "<title>Tom & Jerry</title>" + rss_item("ok", f"{site.base}/also",
                                                              "Also here") + "</channel></rss>",
                      "application/rss+xml")
    unreadable = site.add("/unreadable.xml", "this is not a feed at all", "text/plain")
    feeds = [rss(site, "/feed.xml", items), broken, unreadable]
    seeds = tmp_path / "seeds"
    report = fetch(feeds, seeds, client(), now=NOW)
    reasons = "\n".join(report.problems)
    for expected in ("duplicate GUID", "HTTP 404", "HTTP 500", "timed out", "redirect loop",
                     "over the 1 MB limit", "not an HTML page (image/png)", "item has no link",
                     "in the future", "malformed XML", "saved from the feed's own content",
                     "not RSS, Atom or JSON Feed"):
        assert expected in reasons, expected
    assert all(line.count("\n") == 0 for line in report.problems)
    assert any("/broken.xml" in line for line in report.problems)
    saved = sidecar(seeds)
    titles = {fields["title"] for fields in saved.values()}
    # The good page (its future-dated copy is the same canonical URL), the two feed-content
    # seeds and the Shift_JIS page arrive.
    assert titles == {"Bridge to be rebuilt", "No link, long text", "Gone but described",
                      "Japanese page", "Future", "Also here"}
    future = next(f for f in saved.values() if f["title"] == "Future")
    assert "date" not in future
    good = next(f for f in saved.values() if f["title"] == "Bridge to be rebuilt")
    assert good == {"title": "Bridge to be rebuilt", "source": "Example News",
                    "date": "2026-03-02", "authors": ["Jane Doe"], "url": f"{site.base}/good"}
    fallback = next(f for f in saved.values() if f["title"] == "Gone but described")
    assert fallback["origin"].startswith("feed content (page not fetched: HTTP 404")
    # Everything written is below seeds/fetched; nothing else.
    assert {p.parent for p in seeds.rglob("*") if p.is_file()} == {seeds / "fetched"}
    # Each request named the project.
    assert all(headers.get("User-Agent") == USER_AGENT for _, headers in site.requests)


def test_shift_jis_page_named_by_the_http_header_reads_correctly(site, tmp_path):
    from generator.ingest import read_seeds
    text = "橋の再建が決まりました。工事は春に始まります。"
    site.add("/sjis", ("<html><head><title>橋</title></head><body><article><p>" + text * 8
                       + "</p></article></body></html>").encode("shift_jis"),
             "text/html; charset=Shift_JIS")
    feed = rss(site, "/f.xml", [rss_item("s", f"{site.base}/sjis", "橋の再建")])
    seeds = tmp_path / "seeds"
    assert fetch([feed], seeds, client(), now=NOW).problems == []
    (doc,) = read_seeds(seeds).documents
    assert text in doc.text
    assert doc.declared["title"] == "橋の再建"


def test_atom_rss1_rss091_json_feed_and_latin1_feeds(site, tmp_path):
    for name in ("a", "b", "c", "d", "e"):
        site.add(f"/{name}", article(f"Story {name}"))
    atom = site.add("/atom.xml", f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Times</title>
<entry><id>urn:a</id><title>Atom story</title><link href="{site.base}/a"/>
<updated>2026-03-01T10:00:00Z</updated><author><name>Ann Atom</name></author></entry></feed>""",
                    "application/atom+xml")
    rdf = site.add("/rdf.xml", f"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/"><channel rdf:about="{site.base}/">
<title>RDF Daily</title>
<link>{site.base}/</link></channel><item rdf:about="{site.base}/b"><title>RDF story</title>
<link>{site.base}/b</link><dc:date>2026-02-28T09:00:00Z</dc:date></item></rdf:RDF>""",
                   "application/rdf+xml")
    rss091 = site.add("/rss091.xml", f"""<?xml version="1.0"?><rss version="0.91"><channel>
<title>Old Gazette</title><link>{site.base}/</link><item><title>Old story</title>
<link>{site.base}/c</link></item></channel></rss>""", "text/xml")
    json_feed = site.add("/feed.json", json.dumps({
        "version": "https://jsonfeed.org/version/1.1", "title": "JSON Journal",
        "items": [{"id": "j1", "url": f"{site.base}/d", "title": "JSON story",
                   "date_published": "2026-02-27T08:00:00+01:00",
                   "authors": [{"name": "Jo Json"}]}]}), "application/feed+json")
    latin = rss(site, "/latin.xml", [rss_item("l1", f"{site.base}/e", "Café crème")],
                title="Le Café Quotidien", encoding="iso-8859-1")
    seeds = tmp_path / "seeds"
    report = fetch([atom, rdf, rss091, json_feed, latin], seeds, client(), now=NOW)
    assert report.problems == []
    by_title = {f["title"]: f for f in sidecar(seeds).values()}
    assert by_title["Atom story"]["source"] == "Atom Times"
    assert by_title["Atom story"]["authors"] == ["Ann Atom"]
    assert by_title["RDF story"]["date"] == "2026-02-28"
    assert by_title["Old story"]["source"] == "Old Gazette"
    assert by_title["JSON story"] == {"title": "JSON story", "source": "JSON Journal",
                                      "date": "2026-02-27", "authors": ["Jo Json"],
                                      "url": f"{site.base}/d"}
    assert by_title["Café crème"]["source"] == "Le Café Quotidien"


def test_second_run_is_conditional_and_changes_nothing(site, tmp_path):
    site.add("/p", article("Only story"))
    feed = rss(site, "/feed.xml", [rss_item("one", f"{site.base}/p", "Only story")],
               etag='"v1"')
    seeds = tmp_path / "seeds"
    fetch([feed], seeds, client(), now=NOW)
    before = snapshot(seeds)
    mtimes = {p: p.stat().st_mtime_ns for p in seeds.rglob("*") if p.is_file()}
    site.requests.clear()
    report = fetch([feed], seeds, client(), now=NOW)
    assert report.saved == [] and report.problems == []
    assert site.requests[0][1].get("If-None-Match") == '"v1"'
    assert len(site.requests) == 1  # 304: no page fetched again
    assert snapshot(seeds) == before
    assert {p: p.stat().st_mtime_ns for p in seeds.rglob("*") if p.is_file()} == mtimes


def test_same_article_in_two_feeds_is_saved_once(site, tmp_path):
    site.add("/story", article("Shared story"))
    first = rss(site, "/one.xml", [rss_item("x1", f"{site.base}/story", "Shared story")])
    second = rss(site, "/two.xml", [rss_item("y9", f"{site.base}/story/?utm_source=feed#top",
                                             "Shared story, other feed")], title="Other")
    seeds = tmp_path / "seeds"
    report = fetch([first, second], seeds, client(), now=NOW)
    assert report.problems == [] and len(report.saved) == 1
    assert canonical_url("HTTP://Example.org/a/?utm_medium=x&b=2&a=1#frag") == \
        "http://example.org/a?a=1&b=2"


def test_per_host_delay_waits_between_requests_to_one_host(site, tmp_path):
    site.add("/p1", article("One"))
    site.add("/p2", article("Two"))
    feed = rss(site, "/feed.xml", [rss_item("1", f"{site.base}/p1", "One"),
                                   rss_item("2", f"{site.base}/p2", "Two")])
    waits: list[float] = []
    ticks = iter(range(1000))
    slow = Client(timeout=1, host_delay=5, sleep=waits.append, clock=lambda: next(ticks) * 0.1)
    fetch([feed], tmp_path / "seeds", slow, now=NOW)
    assert len(waits) == 2 and all(0 < w <= 5 for w in waits)


def test_feed_list_reads_opml_and_plain_text():
    opml = ('<?xml version="1.0"?><opml version="2.0"><body><outline text="News">'
            '<outline type="rss" xmlUrl="https://a.example/feed"/></outline>'
            '<outline xmlUrl="https://b.example/rss"/></body></opml>')
    assert read_feed_list(opml) == ["https://a.example/feed", "https://b.example/rss"]
    assert read_feed_list("# mine\nhttps://a.example/feed\n\nhttps://b.example/rss\n") == \
        ["https://a.example/feed", "https://b.example/rss"]


def test_fetch_refuses_a_fetched_folder_linked_out_of_seeds(tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "fetched").symlink_to(outside)
    with pytest.raises(OSError):
        fetch([], seeds, client(), now=NOW)
    assert list(outside.iterdir()) == []


def test_cli_strict_exit_code_and_feeds_file(site, tmp_path, capsys):
    site.add("/p", article("Fine story"))
    good = rss(site, "/good.xml", [rss_item("1", f"{site.base}/p", "Fine story")])
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"{good}\n{site.base}/nothing.xml\n", encoding="utf-8")
    seeds = tmp_path / "seeds"
    args = ["--root", str(tmp_path), "fetch", "--feeds", str(feeds), "--seeds", str(seeds)]
    assert cli_main(args) == 0
    assert cli_main([*args, "--strict"]) == 1
    err = capsys.readouterr().err
    assert f"feed {site.base}/nothing.xml: HTTP 404" in err


def test_fetched_item_shows_on_the_site_with_the_feeds_fields(site, tmp_path):
    from generator.config import load_settings
    from generator.pipeline import generate
    page = (b"<html><head><title>Wrong title | Page Site</title>"
            b"<meta property='og:site_name' content='Page Site'></head><body><article>"
            b"<h1>Wrong title</h1><p>" + (WORDS * 4).encode() + b"</p></article></body></html>")
    site.add("/bridge", page)
    feed = rss(site, "/feed.xml", [rss_item("b", f"{site.base}/bridge", "Bridge Plan Approved",
                                            date="Sun, 01 Mar 2026 09:00:00 GMT")],
               title="Riverside Courier")
    seeds = tmp_path / "seeds"
    assert fetch([feed], seeds, client(), now=NOW).problems == []
    settings = load_settings(tmp_path, {"seeds": seeds, "docs": tmp_path / "docs",
                                        "cache": tmp_path / "cache"})
    result = generate(settings)
    assert [p for p in result.problems if p.fatal] == []
    (article_,) = result.digest.articles
    text = (tmp_path / "docs" / article_.page).read_text(encoding="utf-8")
    assert "# Bridge Plan Approved" in text
    assert "Riverside Courier" in text and "1 March 2026" in text
    assert "Wrong title" not in text
