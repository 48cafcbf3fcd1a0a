"""Live preview latency: a real `mkdocs serve` (plain or --dirty) on a free 127.0.0.1 port.

One seed is added after the first build; the latency is the time from writing it to the server
serving a digest.json that lists it and its page. Then the server is left idle and the builds
are counted (one per change is the goal: the plugin's own writes must not trigger another),
and the served search index is checked to cover every generated page (a dirty build must not
lose the pages it did not rebuild).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from bench.corpus import REPO, CorpusFile, add_article

BUILD_LINE = "Building documentation"
QUIET_S = 4.0  # the server counts as settled after this long without a new log line
TIMEOUT_S = 900.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch_json(url: str) -> dict | None:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return json.loads(response.read().decode("utf-8"))
    except (urllib.error.URLError, OSError, ValueError):
        return None


def served(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def site_path(project: Path) -> str:
    for line in (project / "mkdocs.yml").read_text(encoding="utf-8").splitlines():
        if line.startswith("site_url:"):
            return urlsplit(line.split(":", 1)[1].strip()).path or "/"
    return "/"


def wait(check, what: str, log: Path) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < TIMEOUT_S:
        if check():
            return time.perf_counter() - start
        time.sleep(0.1)
    raise SystemExit(f"bench: serve never showed {what}; log:\n{log.read_text()[-2000:]}")


def settle(log: Path) -> int:
    """Wait until the server is idle; return how many builds it started."""
    last = log.read_text(errors="replace")
    while True:
        time.sleep(QUIET_S)
        now = log.read_text(errors="replace")
        # A build has ended once the server says so ("Serving on" for the first, "Reloading
        # browsers" for a rebuild); "Documentation built in" is not counted: MkDocs drops a log
        # message it has logged before, so two rebuilds of the same duration print it once.
        ended = now.count("Serving on") + now.count("Reloading browsers")
        if now == last and now.count(BUILD_LINE) == ended:
            return now.count(BUILD_LINE)
        last = now


def search_complete(base: str, digest: dict) -> bool:
    """Every article and story page of the digest is in the served search index."""
    index = fetch_json(base + "search/search_index.json") or {"docs": []}
    located = {d["location"].split("#", 1)[0] for d in index["docs"]}
    pages = [a["page"] for a in digest.get("articles", [])]
    pages += [s["page"] for s in digest.get("stories", [])]
    return bool(pages) and all(page in located for page in pages)


def measure_serve(project: Path, corpus: list[CorpusFile], dirty: bool) -> dict:
    port = free_port()
    log = project / f"serve-{'dirty' if dirty else 'plain'}.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(REPO)}
    args = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}",
            *(["--dirty"] if dirty else [])]
    base = f"http://127.0.0.1:{port}{site_path(project)}"
    with open(log, "w") as out:
        server = subprocess.Popen(args, cwd=project, env=env, stdout=out,
                                  stderr=subprocess.STDOUT)
    try:
        first = wait(lambda: fetch_json(base + "digest.json") is not None, "the first build",
                     log)
        before = settle(log)
        seed = add_article(project / "seeds", corpus, name=f"extra/serve-{port}.txt")

        def new_page_served() -> bool:
            digest = fetch_json(base + "digest.json") or {}
            page = next((a["page"] for a in digest.get("articles", []) if a["seed"] == seed),
                        None)
            return page is not None and served(base + page)

        latency = wait(new_page_served, "the new seed", log)
        builds = settle(log) - before
        digest = fetch_json(base + "digest.json") or {}
        return {"mode": "serve --dirty" if dirty else "serve", "first_build_s": first,
                "new_seed_served_s": latency, "rebuilds": builds,
                "search_complete": search_complete(base, digest)}
    finally:
        server.terminate()
        server.wait(timeout=60)
