"""The newsdigest MkDocs plugin: `mkdocs build` and `mkdocs serve` generate the pages themselves;
the theme override adds feed links, OpenGraph/Twitter tags and NewsArticle JSON-LD."""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.render.search import searched_page_count
from tests.conftest import ROOT

WAIT_SECONDS = 60  # upper bound for the live preview to show a change
SITE_PATH = "/newsdigest/"  # the path of site_url in mkdocs.yml


def mkdocs_build(project, **env: str) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **env}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"],
                          cwd=project.path, env=full_env, capture_output=True, text=True)


class HeadReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.links: list[dict[str, str | None]] = []
        self.json_ld: list[str] = []
        self._in_ld = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and (a.get("property") or a.get("name")):
            self.meta[a.get("property") or a.get("name")] = a.get("content") or ""
        if tag == "link":
            self.links.append(a)
        self._in_ld = tag == "script" and a.get("type") == "application/ld+json"

    def handle_data(self, data):
        if self._in_ld:
            self.json_ld.append(data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_ld = False


def read_head(path: Path) -> HeadReader:
    reader = HeadReader()
    reader.feed(path.read_text(encoding="utf-8"))
    return reader


def test_build_generates_pages_without_a_separate_generate_step(seeded_project):
    assert not (seeded_project.docs / "index.md").exists()
    build = mkdocs_build(seeded_project)
    assert build.returncode == 0, build.stderr
    digest = json.loads((seeded_project.site / "digest.json").read_text())
    assert len(digest["articles"]) == 2
    for article in digest["articles"]:
        assert (seeded_project.site / article["page"] / "index.html").is_file()


def test_a_page_newsdigest_generate_left_in_docs_is_not_built_once_its_seed_is_gone(
        seeded_project):
    seeded_project.generate()  # the command line writes the pages into docs/
    digest = json.loads((seeded_project.docs / "digest.json").read_text())
    gone = next(a for a in digest["articles"] if not a["seed"].startswith("000"))
    kept = next(a for a in digest["articles"] if a["seed"].startswith("000"))
    (seeded_project.seeds / gone["seed"]).unlink()
    build = mkdocs_build(seeded_project)
    assert build.returncode == 0, build.stderr
    assert (seeded_project.site / kept["page"] / "index.html").is_file()
    assert not (seeded_project.site / gone["page"]).exists()  # not built from docs/'s copy
    assert (seeded_project.docs / (gone["page"].rstrip("/") + ".md")).is_file()  # not deleted


def test_rejected_seed_is_logged_at_info_and_the_site_still_builds(seeded_project):
    seeded_project.add_seed("broken.txt", b"\x00\x01binary")
    build = mkdocs_build(seeded_project)
    assert build.returncode == 0, build.stderr
    assert re.search(r"INFO +- +newsdigest: skipped: seeds/broken.txt: binary file", build.stderr)
    assert "WARNING" not in build.stderr
    assert len(json.loads((seeded_project.site / "digest.json").read_text())["articles"]) == 2
    strict = mkdocs_build(seeded_project, NEWSDIGEST_STRICT="1")
    assert strict.returncode != 0
    assert "1 seed(s) rejected" in strict.stderr


def test_every_page_links_both_feeds_and_article_pages_carry_metadata(seeded_project):
    assert mkdocs_build(seeded_project).returncode == 0
    site = seeded_project.site
    for page in site.rglob("*.html"):
        feeds = {link.get("type"): link.get("href") for link in read_head(page).links
                 if "alternate" in (link.get("rel") or "").lower().split()}
        for kind, name in (("application/atom+xml", "feed.xml"),
                           ("application/feed+json", "feed.json")):
            assert feeds.get(kind, "").endswith(name), page
            href = feeds[kind]
            # 404.html is served at any path, so MkDocs gives it URLs from the site root.
            target = site / href.removeprefix(SITE_PATH) if href.startswith("/") \
                else page.parent / href
            assert target.resolve() == (site / name).resolve(), page
    digest = json.loads((site / "digest.json").read_text())
    record = next(a for a in digest["articles"] if a["source"] == "The Canadian Press")
    head = read_head(site / record["page"] / "index.html")
    assert head.meta["og:type"] == "article"
    assert head.meta["og:title"] == head.meta["twitter:title"] == record["title"]
    assert head.meta["og:url"] == "https://example.github.io/newsdigest/" + record["page"]
    assert head.meta["twitter:card"] == "summary_large_image"  # the 1200x630 site card
    (ld,) = [json.loads(text) for text in head.json_ld]
    assert ld["@type"] == "NewsArticle" and ld["@context"] == "https://schema.org"
    assert ld["headline"] == record["title"]
    assert ld["datePublished"] == record["date"]
    assert ld["publisher"]["name"] == "The Canadian Press"
    assert ld["author"] and ld["url"] == head.meta["og:url"]
    home = read_head(site / "index.html")
    assert "og:type" not in home.meta and home.json_ld == []


def test_metadata_cannot_break_out_of_attributes_or_the_json_ld_block(seeded_project):
    # A hand-written page bypasses safe_inline, so this checks the template's own escaping.
    title = 'Evil </script><script>alert(1)</script> "quoted" & <b>bold</b>'
    page = seeded_project.docs / "articles" / "evil.md"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(f"---\ntitle: {json.dumps(title)}\ndate: '2025-01-02'\n"
                    f"authors: [{json.dumps('A </script> B')}]\n---\n\n# Evil\n")
    assert mkdocs_build(seeded_project).returncode == 0
    html = (seeded_project.site / "articles" / "evil" / "index.html").read_text()
    head = read_head(seeded_project.site / "articles" / "evil" / "index.html")
    assert head.meta["og:title"] == title
    (ld,) = [json.loads(text) for text in head.json_ld]
    assert ld["headline"] == title and ld["author"][0]["name"] == "A </script> B"
    # (Material's own <title> does not escape: generated pages rely on safe_inline for that.)
    (raw,) = head.json_ld
    assert "<" not in raw and ">" not in raw  # tojson writes them as \u003c and \u003e
    assert html.count('<script type="application/ld+json">') == 1


def test_sitemap_and_404_page_exist_and_the_404_page_is_not_searched(seeded_project):
    assert mkdocs_build(seeded_project).returncode == 0
    sitemap = (seeded_project.site / "sitemap.xml").read_text()
    digest = json.loads((seeded_project.site / "digest.json").read_text())
    for article in digest["articles"]:
        assert f"<loc>https://example.github.io/newsdigest/{article['page']}</loc>" in sitemap
    not_found = (seeded_project.site / "404.html").read_text()
    assert "404" in not_found and "feed.xml" in not_found
    # Pagefind indexes only content marked for search: the article pages are, the 404 is not
    # (a search for "not found" listed it)
    assert "data-pagefind-body" not in not_found
    article = seeded_project.site / digest["articles"][0]["page"] / "index.html"
    assert "data-pagefind-body" in article.read_text()
    indexed = [json.loads(gzip.decompress(f.read_bytes()).removeprefix(b"pagefind_dcd"))["url"]
               for f in (seeded_project.site / "pagefind" / "fragment").iterdir()]
    assert indexed and not any("404" in url for url in indexed)


# --- live preview -----------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, OSError):
        return None


def wait_for(description: str, check, log: Path) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.3)
    pytest.fail(f"live preview did not show: {description}\n--- mkdocs serve log ---\n"
                + log.read_text(errors="replace")[-3000:])


def titles(base: str) -> set[str]:
    text = fetch(base + "digest.json")
    try:
        return {a["title"] for a in json.loads(text)["articles"]} if text else set()
    except ValueError:
        return set()


PROBE = ("---\ntitle: {title}\ndate: 2025-11-01\nsource: Probe Wire\ntags: [Probetag]\n---\n\n"
         "Donald Trump spoke about {title}.\n")


def searched_pages(base: str) -> int:
    """Pages the served Pagefind index finds (0: none served): under --dirty, the whole index
    less the pages changed since, plus the second index of those."""
    def served(path: str) -> dict | None:
        text = fetch(base + path)
        return json.loads(text) if text else None

    return searched_page_count(served("pagefind/pagefind-entry.json") or {},
                               served("pagefind-dirty/pagefind-entry.json"),
                               served("pagefind-dirty/nd-dirty.json"))


def digest_pages(base: str) -> int:
    """Searched pages the served digest.json lists: articles, and stories of several reports
    (a one-report story page is not searched)."""
    digest = json.loads(fetch(base + "digest.json") or "{}")
    return len({a["page"] for a in digest.get("articles", [])}
               | {s["page"] for s in digest.get("stories", []) if len(s["articles"]) > 1})


def probe_everywhere(base: str, title: str) -> bool:
    """The probe article's story and an entity page naming it are served and list it."""
    digest = json.loads(fetch(base + "digest.json") or "{}")
    article = next(a for a in digest["articles"] if a["title"] == title)
    story = next(s for s in digest["stories"] if s["id"] == article["story"])
    named = [e for e in digest["entities"] if article["id"] in e["articles"] and e["page"]]
    return (title in (fetch(base + story["page"]) or "")
            and bool(named) and all(title in (fetch(base + e["page"]) or "") for e in named))


def builds(log: Path) -> int:
    return log.read_text(errors="replace").count("Building documentation")


def finished_builds(log_text: str) -> int:
    """Builds that ended: the first with "Serving on", each rebuild with "Reloading browsers" or
    an error line. Not "Documentation built in": MkDocs drops a log message it has logged before
    (DuplicateFilter), so two rebuilds of the same duration print it once."""
    return (log_text.count("Serving on") + log_text.count("Reloading browsers")
            + log_text.count("An error happened during the rebuild"))


def settled_builds(log: Path, quiet: float = 3.0) -> int:
    """The build count once no build has started or finished for `quiet` seconds."""
    deadline = time.monotonic() + WAIT_SECONDS
    last = log.read_text(errors="replace")
    while time.monotonic() < deadline:
        time.sleep(quiet)
        now = log.read_text(errors="replace")
        if now == last and now.count("Building documentation") == finished_builds(now):
            return builds(log)
        last = now
    pytest.fail("mkdocs serve kept building (a rebuild loop?)\n" + last[-3000:])


@contextlib.contextmanager
def serving(project: Path, log: Path, *options: str) -> Iterator[str]:
    """`mkdocs serve [options]` on a free port of 127.0.0.1, its output in log; yields the
    site's base URL once the first build serves the two seeds."""
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with open(log, "w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", *options, "--dev-addr",
             f"127.0.0.1:{port}"], cwd=project, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/newsdigest/"  # serve mounts the site at site_url's path
    try:
        wait_for("the first build", lambda: len(titles(base)) == 2, log)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)


@pytest.fixture(params=["plain", "dirty"])
def served(request, seeded_project, tmp_path_factory):
    log = tmp_path_factory.mktemp("serve") / "mkdocs-serve.log"
    dirty = ["--dirty"] if request.param == "dirty" else []
    with serving(seeded_project.path, log, *dirty) as base:
        yield seeded_project, base, log


def test_serve_regenerates_once_per_change_when_seeds_are_added_changed_and_removed(served):
    project, base, log = served
    before = settled_builds(log)
    assert before == 1
    assert not (project.docs / "index.md").exists()  # pages never go into the watched docs/
    start_tags = fetch(base + "tags/") or ""
    assert "Diplomacy" in start_tags and "Probetag" not in start_tags
    # The search index covers the article and story pages and some hand-written ones: after
    # each change it must still hold all of them (a dirty build rebuilds only a few pages).
    hand_written = searched_pages(base) - digest_pages(base)
    assert hand_written >= 1

    probe = project.add_seed("probe.txt", PROBE.format(title="First probe headline"))
    wait_for("an added seed", lambda: "First probe headline" in titles(base), log)
    page = next(a["page"] for a in json.loads(fetch(base + "digest.json"))["articles"]
                if a["title"] == "First probe headline")
    assert "Donald Trump spoke about First probe headline" in (fetch(base + page) or "")
    assert settled_builds(log) == before + 1  # one rebuild: the plugin's writes are not seen
    assert "First probe headline" in (fetch(base) or "")  # the home page lists it
    tags = fetch(base + "tags/") or ""  # the tag listing has the new page and kept the others
    assert "Probetag" in tags and "First probe headline" in tags and "Diplomacy" in tags
    assert all(title in tags for title in titles(base))
    assert probe_everywhere(base, "First probe headline")  # its story and entity pages
    assert "First probe headline" in (fetch(base + "feed.xml") or "")
    assert searched_pages(base) == digest_pages(base) + hand_written

    project.add_seed("probe.txt", PROBE.format(title="Edited probe headline"))
    wait_for("an edited seed", lambda: "Edited probe headline" in titles(base)
             and "First probe headline" not in titles(base), log)
    assert settled_builds(log) == before + 2
    assert probe_everywhere(base, "Edited probe headline")
    feed = fetch(base + "feed.xml") or ""
    assert "Edited probe headline" in feed and "First probe headline" not in feed
    assert searched_pages(base) == digest_pages(base) + hand_written

    project.add_seed("broken.txt", b"\x00\x01binary")
    wait_for("the rejected seed in the log",
             lambda: "newsdigest: skipped: seeds/broken.txt" in log.read_text(), log)
    assert settled_builds(log) == before + 3
    assert "Edited probe headline" in titles(base)  # the rest of the site keeps working

    edited = next(a["page"] for a in json.loads(fetch(base + "digest.json"))["articles"]
                  if a["title"] == "Edited probe headline")
    probe.unlink()
    wait_for("a removed seed", lambda: titles(base) and "Edited probe headline" not in titles(base),
             log)
    assert len(titles(base)) == 2
    assert settled_builds(log) == before + 4
    assert fetch(base + edited) is None  # its page is gone, even from a dirty build's site
    assert "Probetag" not in (fetch(base + "tags/") or "")
    assert "Edited probe headline" not in (fetch(base + "feed.xml") or "")
    assert "Edited probe headline" not in (fetch(base + "entities/donald-trump/") or "")
    assert searched_pages(base) == digest_pages(base) + hand_written


def _compiles(templates: dict[str, str], cache) -> tuple[str, int]:
    """Render "page.html" in a new Jinja environment (as each serve rebuild makes one) with the
    given bytecode cache; return the text and how many templates were compiled."""
    import jinja2

    class Counting(jinja2.Environment):
        compiled = 0

        def compile(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            Counting.compiled += 1
            return super().compile(*args, **kwargs)

    env = Counting(loader=jinja2.DictLoader(templates), bytecode_cache=cache)
    return env.get_template("page.html").render(title="x"), Counting.compiled


def test_serve_keeps_templates_compiled_between_rebuilds_and_compiles_a_changed_one():
    from generator.mkdocs_plugin import MemoryBytecodeCache

    cache = MemoryBytecodeCache()
    templates = {"base.html": "<h1>{{ title }}</h1>{% block body %}{% endblock %}",
                 "page.html": "{% extends 'base.html' %}{% block body %}one{% endblock %}"}
    assert _compiles(templates, cache) == ("<h1>x</h1>one", 2)
    assert _compiles(templates, cache) == ("<h1>x</h1>one", 0)  # a new environment, no compile
    templates["page.html"] = templates["page.html"].replace("one", "two")
    assert _compiles(templates, cache) == ("<h1>x</h1>two", 1)  # only the changed template


def test_plugin_hands_its_template_cache_to_the_environment_only_when_serving():
    import jinja2

    from generator.mkdocs_plugin import NewsdigestPlugin

    for command, kept in (("serve", True), ("build", False)):
        plugin = NewsdigestPlugin()
        plugin.on_startup(command=command, dirty=False)
        env = plugin.on_env(jinja2.Environment(), config={"plugins": {}}, files=_NoFiles())
        assert (env.bytecode_cache is plugin.templates) is kept


def test_a_serve_rebuild_renders_with_the_state_frozen_and_leaves_nothing_frozen(
        seeded_project, tmp_path, monkeypatch):
    """MkDocs' rendering makes the collector run full passes: the state kept between rebuilds
    is frozen out of them while a rebuild runs, and given back to the collector after it."""
    import gc

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from generator.mkdocs_plugin import NewsdigestPlugin

    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    from generator import cache

    seen: list[tuple[int, bool, bool]] = []
    real = NewsdigestPlugin.on_page_context

    def recording(self, context, **kwargs):  # noqa: ANN001, ANN202
        tracked = {id(o) for o in gc.get_objects()}  # the collector's objects, frozen ones not
        # known to the generator (cache.freeze_kept): cache.frozen_any need not ask gc, whose
        # count walks every frozen object
        seen.append((gc.get_freeze_count(), id(self.state) in tracked, cache._FROZEN_HERE[0]))
        return real(self, context, **kwargs)

    monkeypatch.setattr(NewsdigestPlugin, "on_page_context", recording)

    def config():  # what `mkdocs serve` does before each build
        return load_config(config_file=str(seeded_project.path / "mkdocs.yml"),
                           site_dir=str(tmp_path / "site"))

    first = config()
    first.plugins.on_startup(command="serve", dirty=True)
    for step in range(2):
        if step:
            seeded_project.add_seed("extra.md", "---\ntitle: Ferry terminal opens\ndate: "
                                    "2025-10-19\n---\n\nA ferry terminal opened in Valletta.\n")
        seen.clear()
        build(first if not step else config(), dirty=True)
        assert seen and all(count > 0 and not collected and known
                            for count, collected, known in seen)
        assert gc.get_freeze_count() == 0 and not cache.frozen_any()
    assert (tmp_path / "site" / "articles").is_dir()


def test_the_theme_is_listed_without_its_hidden_folders_and_the_same_files_are_copied(
        tmp_path):
    """Material keeps thousands of icons in templates/.icons, which MkDocs lists on every build
    only to leave them out: the plugin's loader does not walk hidden folders, and the build
    copies the same theme files as with Jinja's loader."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import Files

    from generator.mkdocs_plugin import ThemeLoader, list_theme_without_hidden_folders

    theme = tmp_path / "theme"
    for name in ("main.html", "assets/app.js", ".icons/a/b.svg", "assets/.cache/x.js",
                 ".top.css", "fonts/.hidden/y.woff"):
        (theme / name).parent.mkdir(parents=True, exist_ok=True)
        (theme / name).write_text("x")
    assert ThemeLoader(str(theme)).list_templates() == [".top.css", "assets/app.js",
                                                        "main.html"]

    def copied(config) -> list[str]:  # noqa: ANN001
        files = Files([])
        files.add_files_from_theme(config.theme.get_env(), config)
        return sorted(f.src_uri for f in files)

    config = load_config(config_file=str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path / "s"))
    plain = config.theme.get_env()
    assert any(name.startswith(".icons/") for name in plain.list_templates())
    expected = copied(config)
    list_theme_without_hidden_folders(config)
    env = config.theme.get_env()
    assert isinstance(env.loader, ThemeLoader)
    assert not any(name.startswith(".icons/") for name in env.list_templates())
    assert copied(config) == expected and expected


class _NoFiles:
    def documentation_pages(self):  # noqa: ANN201
        return []


def test_every_generated_page_is_in_the_nav_or_left_out_of_it_on_purpose(seeded_project):
    """`mkdocs build --strict` fails on a page that is neither in the nav nor matched by
    not_in_nav. The timeline is split into month pages here (one entry a page) as a large
    archive's is."""
    from mkdocs.config import load_config

    from generator.render.timeline_pages import timeline_pages

    result = seeded_project.generate()
    digest, links = result.digest, result.digest.links
    by_id = digest.article_by_id

    def page_of(article_id: str) -> str:
        return by_id[links.articles[article_id].copy_of or article_id].page

    written = json.loads((seeded_project.docs / ".newsdigest-manifest.json").read_text())
    paths = {*written["files"], *timeline_pages(digest.timeline, by_id, page_of, per_page=1)}
    assert any(p.startswith("timeline/") for p in paths)
    config = load_config(str(seeded_project.path / "mkdocs.yml"))

    def nav_pages(items) -> set[str]:  # noqa: ANN001
        found: set[str] = set()
        for item in items:
            value = next(iter(item.values())) if isinstance(item, dict) else item
            found |= nav_pages(value) if isinstance(value, list) else {value}
        return found

    in_nav = nav_pages(config.nav)
    left_out = sorted(p for p in paths if p.endswith(".md") and p not in in_nav
                      and not config.not_in_nav.match_file(p))
    assert left_out == []


def test_serve_stopped_with_sigterm_saves_the_state_and_removes_its_site_folder(
        seeded_project, tmp_path_factory):
    """Stopped by SIGTERM (a process manager, an editor, the bench) as by Ctrl-C: the state kept
    in memory is saved for the next run and MkDocs deletes its temporary site folder."""
    from generator.cache import RunState
    from generator.config import load_settings

    temp = tmp_path_factory.mktemp("serve-temp")  # MkDocs makes its site folder in TMPDIR
    log = temp.parent / "mkdocs-serve-sigterm.log"
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(temp)}
    with open(log, "w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--dev-addr",
             f"127.0.0.1:{port}"], cwd=seeded_project.path, env=env, stdout=out,
            stderr=subprocess.STDOUT)
    try:
        wait_for("the first build", lambda: len(titles(f"http://127.0.0.1:{port}/newsdigest/"))
                 == 2, log)
        state = RunState.path(load_settings(seeded_project.path))
        assert not state.exists()  # kept in memory while serving
        assert list(temp.glob("mkdocs_*"))  # the site folder being served
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=60) == 0
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    assert RunState.load(load_settings(seeded_project.path)).articles  # saved on the way out
    assert not list(temp.glob("mkdocs_*")), log.read_text()
