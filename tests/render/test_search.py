"""generator.render.search: Pagefind's index is built after every build and serve rebuild."""

import gzip
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

from mkdocs.structure.files import File, Files

from generator.render.search import (
    DIRTY_FOLDER,
    DIRTY_MANIFEST,
    INDEX_FOLDER,
    IncrementalIndex,
    build_search_index,
    ignore_excluded_sections,
    top_level_headings,
)
from tests.conftest import ROOT

PAGE = "<html><body><main{mark}><h1>{title}</h1><p>{text}</p></main></body></html>"


def test_only_pages_marked_for_search_are_indexed(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(PAGE.format(
        mark=" data-pagefind-body", title="Bridge opens", text="The bridge opened today."))
    (tmp_path / "index.html").write_text(PAGE.format(
        mark="", title="Listing", text="Bridge opens, and more."))
    assert build_search_index(tmp_path) is None
    entry = json.loads((tmp_path / INDEX_FOLDER / "pagefind-entry.json").read_text())
    assert [lang["page_count"] for lang in entry["languages"].values()] == [1]
    assert (tmp_path / INDEX_FOLDER / "pagefind.js").is_file()


SECTIONS = ('<h1 id="t">Bridge opens</h1>\n<p>The bridge opened today.</p>\n'
            '<h2 data-search-exclude id="s">Sources</h2>\n<ul><li>Harbour<br>news</li></ul>\n'
            '<h3>More</h3><p>Ferry timetable</p>\n<h2 id="k">Reactions</h2><p>Drivers cheered.</p>'
            '<div><h2 data-search-exclude>Nested</h2><p>Lighthouse</p></div>')


def test_a_section_marked_for_exclusion_is_left_out_of_the_index(tmp_path):
    """Material's search skipped a marked heading's whole section; Pagefind skips only marked
    elements, so the section (up to the next heading of its level) is wrapped for it."""
    html = ignore_excluded_sections(SECTIONS)
    unwrapped = html.replace('<div data-pagefind-ignore="all">', "", 1)
    assert unwrapped.replace("</div><h2 id", "<h2 id") == SECTIONS  # only the wrapper is added
    assert '<div data-pagefind-ignore="all"><h2 data-search-exclude id="s">' in html
    assert ignore_excluded_sections("<h1>Plain</h1><p>text</p>") == "<h1>Plain</h1><p>text</p>"
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(PAGE.format(
        mark=" data-pagefind-body", title="Page", text="").replace(
        "<h1>Page</h1><p></p>", html), encoding="utf-8")
    assert build_search_index(tmp_path) is None
    [fragment] = (tmp_path / INDEX_FOLDER / "fragment").iterdir()
    content = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd")
                         )["content"]
    assert "bridge opened today" in content and "Drivers cheered" in content
    assert "Lighthouse" in content  # a nested marked heading keeps its paragraph
    assert "Harbour" not in content and "Ferry" not in content and "Sources" not in content


class _ReferenceHeadings(HTMLParser):
    """html.parser's reading of a page's top-level headings (what the tag scan must match)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth, self.found = 0, []

    def handle_starttag(self, tag, attrs):
        if self.depth == 0 and tag in {f"h{n}" for n in range(1, 7)}:
            self.found.append((self.getpos(), int(tag[1]),
                               any(name == "data-search-exclude" for name, _ in attrs)))
        if tag not in VOID:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag not in VOID:
            self.depth = max(0, self.depth - 1)


VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
TRICKY = [SECTIONS,
          '<H2 Data-Search-Exclude ID="x">Caps</H2><p>a</p><h1>b</h1>',
          '<h2 title="a data-search-exclude b">a value</h2><h2 data-search-excluded>longer</h2>'
          '<h2 x=data-search-exclude>bare value</h2><h2 data-search-exclude="">empty</h2><p>e</p>',
          '<p title="a>b"><h2 data-search-exclude>inside p</h2></p><h2 id=\'q>\'>x</h2>',
          '<script>if (a<b) { x = "<div>"; }</script><h2 data-search-exclude>after</h2>'
          '<style>p>a{}</style><h3>s</h3><!-- <div> --><h2>c</h2><!-- unclosed <div>',
          '<br/><hr><img src=x /><div/><h2 data-search-exclude/>self</h2><p>x</p></br><h1>y</h1>',
          '<h2\ndata-search-exclude\nid=x>lines</h2>\n<p>1 < 2 and 3 > 2</p>\n<h2>end</h2>',
          '<div><div></div></div></div></div><h2 data-search-exclude>extra ends</h2><h4>z</h4>']


def test_the_tag_scan_finds_the_top_level_headings_html_parser_finds():
    """The scan replaced html.parser (which read every character of every page) and must read
    headings, nesting, comments, raw text, attributes and self-closing tags as it did."""
    for html in TRICKY:
        reference = _ReferenceHeadings()
        reference.feed(html)
        reference.close()
        starts = [0] + [m.end() for m in re.finditer("\n", html)]
        expected = [(starts[line - 1] + column, level, marked)
                    for (line, column), level, marked in reference.found]
        assert top_level_headings(html) == expected, html
    assert any(marked for html in TRICKY for _, _, marked in top_level_headings(html))


def test_pagefind_runs_as_its_binary_not_through_a_second_python(tmp_path, monkeypatch):
    from generator.render.search import pagefind_program
    pagefind_program.cache_clear()
    monkeypatch.delenv("PAGEFIND_BINARY_PATH", raising=False)
    (program,) = pagefind_program()
    assert Path(program).name == "pagefind" and os.access(program, os.X_OK)
    # A binary that cannot be run: `python -m pagefind` (which says why it cannot) instead.
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "missing"))
    pagefind_program.cache_clear()
    assert pagefind_program() == (sys.executable, "-m", "pagefind")
    pagefind_program.cache_clear()


def test_a_failed_index_build_returns_the_reason(tmp_path):
    problem = build_search_index(tmp_path / "no-such-site")
    assert problem and isinstance(problem, str)


def test_mkdocs_serve_preview_has_a_search_index(seeded_project):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=seeded_project.path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/newsdigest/{INDEX_FOLDER}/pagefind-entry.json"
    try:
        deadline = time.monotonic() + 120
        entry = None
        while time.monotonic() < deadline and entry is None:
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    entry = json.loads(response.read())
            except (OSError, ValueError):
                time.sleep(0.5)
        assert entry is not None, "mkdocs serve did not serve the search index"
        assert sum(lang["page_count"] for lang in entry["languages"].values()) >= 3
    finally:
        server.terminate()
        server.wait(timeout=20)


def _write_pages(site, pages: dict[str, str]) -> None:
    """pages: folder below the site -> its text; a folder starting with "list" is a listing
    (not marked for search)."""
    for folder, text in pages.items():
        mark = "" if folder.startswith("list") else " data-pagefind-body"
        path = site / folder / "index.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(PAGE.format(mark=mark, title=folder.title(), text=text), encoding="utf-8")


def _files(pages) -> Files:
    return Files([File(f"{folder}.md", "/docs", "/site", use_directory_urls=True)
                  for folder in pages])


def _fragments(bundle) -> dict[str, tuple[str, str]]:
    """Result id -> (url, content) of every page a written Pagefind bundle holds."""
    found = {}
    for path in (bundle / "fragment").iterdir():
        data = json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        found[path.name.split(".")[0]] = (data["url"], data["content"])
    return found


def _searched(site) -> list[tuple[str, str]]:
    """What the search script can find: the base index's results less the hidden ones, the
    second index's results when it is merged, each id once (as nd-search.js does)."""
    manifest = json.loads((site / DIRTY_FOLDER / DIRTY_MANIFEST).read_text())
    results = dict(_fragments(site / INDEX_FOLDER))
    for hidden in manifest["hidden"]:
        del results[hidden]
    if manifest["merge"]:
        results.update(_fragments(site / DIRTY_FOLDER))
    return sorted(results.values())


def _whole_index(site, tmp_path) -> list[tuple[str, str]]:
    """The (url, content) of every page of a whole index of the site's pages as they are now."""
    fresh = tmp_path / "fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    for page in site.rglob("*.html"):
        copy = fresh / page.relative_to(site)
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(page, copy)
    assert build_search_index(fresh) is None
    return sorted(_fragments(fresh / INDEX_FOLDER).values())


def test_a_dirty_rebuild_indexes_only_changed_pages_and_search_equals_a_whole_index(tmp_path):
    site = tmp_path / "site"
    pages = {name: f"The {name} report about bridges." for name in "abcdefgh"}
    pages["list"] = "Every report."
    _write_pages(site, pages)
    index = IncrementalIndex(rebase_share=1.0)  # never a whole index again (see the next test)
    index.start_build(_files(pages))
    assert index.update(site) is None  # the first build writes the whole (base) index
    base = {url: hash_ for hash_, (url, _) in _fragments(site / INDEX_FOLDER).items()}
    assert len(base) == 8 and _searched(site) == _whole_index(site, tmp_path)
    base_files = {p: p.stat().st_mtime_ns for p in (site / INDEX_FOLDER).rglob("*")}

    # a changed, b removed, z added, c and the listing rendered again unchanged; d still in
    # MkDocs' list of pages but its built file deleted (as the newsdigest plugin does with a
    # page it no longer generates while a stale copy is left in docs/).
    pages["a"] = "The a report now about a Quokka."
    pages["z"] = "A new report about a Wombat."
    del pages["b"]
    shutil.rmtree(site / "b")
    shutil.rmtree(site / "d")
    _write_pages(site, {name: pages[name] for name in ("a", "c", "z", "list")})
    index.start_build(_files(pages))
    index.rendered = {"/a/", "/c/", "/z/", "/list/"}
    assert index.update(site) is None
    manifest = json.loads((site / DIRTY_FOLDER / DIRTY_MANIFEST).read_text())
    assert manifest == {"merge": True, "shared": [base["/c/"]],
                        "hidden": sorted([base["/a/"], base["/b/"], base["/d/"]])}
    assert sorted(url for url, _ in _fragments(site / DIRTY_FOLDER).values()) == \
        ["/a/", "/c/", "/z/"]  # only the changed pages, and not the unmarked listing
    assert {p: p.stat().st_mtime_ns for p in (site / INDEX_FOLDER).rglob("*")} == base_files
    assert _searched(site) == _whole_index(site, tmp_path)

    # The next rebuild changes z only: a, b and c stay replaced.
    pages["z"] = "A new report about a Wombat and a Numbat."
    _write_pages(site, {"z": pages["z"]})
    index.start_build(_files(pages))
    index.rendered = {"/z/"}
    assert index.update(site) is None
    assert _searched(site) == _whole_index(site, tmp_path)
    assert json.loads((site / DIRTY_FOLDER / DIRTY_MANIFEST).read_text())["hidden"] == \
        sorted([base["/a/"], base["/b/"], base["/d/"]])


def test_a_dirty_rebuild_writes_a_whole_index_again_once_much_has_changed(tmp_path):
    site = tmp_path / "site"
    pages = {name: f"The {name} report about bridges." for name in "abcd"}
    _write_pages(site, pages)
    index = IncrementalIndex(rebase_share=0.5)
    index.start_build(_files(pages))
    index.update(site)
    pages["a"], pages["b"] = "Harbour news.", "Ferry news."
    _write_pages(site, pages)
    index.rendered = {"/a/"}
    index.update(site)  # one page of four: the second index
    assert json.loads((site / DIRTY_FOLDER / DIRTY_MANIFEST).read_text())["merge"] is True
    index.rendered = {"/b/", "/c/"}
    index.update(site)  # three of four: more than half, a whole index again
    assert json.loads((site / DIRTY_FOLDER / DIRTY_MANIFEST).read_text()) == \
        {"merge": False, "hidden": [], "shared": []}
    assert not (site / DIRTY_FOLDER / "fragment").exists()  # the old second index is gone
    assert _searched(site) == _whole_index(site, tmp_path)
    assert index.changed == set()
