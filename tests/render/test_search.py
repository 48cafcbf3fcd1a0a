"""generator.render.search: Pagefind's index is built after every build and serve rebuild."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

from generator.render.search import INDEX_FOLDER, build_search_index
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
