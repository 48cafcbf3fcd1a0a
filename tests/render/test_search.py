"""generator.render.search: Pagefind's index is built after every build and serve rebuild."""

import gzip
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

from generator.render.search import INDEX_FOLDER, build_search_index, ignore_excluded_sections
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
