"""Live preview latency: a real `mkdocs serve` (plain or --dirty) on a free 127.0.0.1 port.

After the first build, seeds are added one at a time (``changes`` of them, in one server
session: a single latency varies a lot on a shared machine, so the row gives the median, min
and max); each latency is the time from writing the seed to the server serving a digest.json
that lists it and its page. After each, the server is left idle and the builds are counted
(one per change is the goal: the plugin's own writes must not trigger another), and the served
(Pagefind) search index is checked to cover every article and story page (a dirty build must
not lose the pages it did not rebuild). Under --dirty the rebuild indexes only
the changed pages into a second index (generator/render/search.py), and the latency includes it:
MkDocs' server answers a request only once the build, search index included, is done.
"""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from bench.corpus import REPO, CorpusFile, add_article
from generator.render.search import searched_page_count

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


def searched_pages(base: str) -> int | None:
    """How many pages the served Pagefind index finds (None: no index served); under --dirty,
    the whole index less the pages changed since it, plus the second index of those."""
    entry = fetch_json(base + "pagefind/pagefind-entry.json")
    if not entry:
        return None
    return searched_page_count(entry, fetch_json(base + "pagefind-dirty/pagefind-entry.json"),
                               fetch_json(base + "pagefind-dirty/nd-dirty.json"))


def digest_pages(digest: dict) -> int:
    """Searched pages of the digest: articles (identical copies share their original's page)
    and stories of several reports (a one-report story page is not searched)."""
    pages = {a["page"] for a in digest.get("articles", [])}
    return len(pages | {s["page"] for s in digest.get("stories", []) if len(s["articles"]) > 1})


def search_complete(base: str, digest: dict, others: int | None) -> bool:
    """The served search index holds every article and story page and the same number of other
    (hand-written) pages as after the first, full build: a dirty build must not leave out the
    pages it did not rebuild, nor keep removed ones."""
    searched = searched_pages(base)
    return others is not None and searched is not None and \
        searched - digest_pages(digest) == others


def new_page_served(base: str, seed: str) -> bool:
    """Whether the served digest.json lists the seed and its page is served."""
    digest = fetch_json(base + "digest.json") or {}
    page = next((a["page"] for a in digest.get("articles", []) if a["seed"] == seed), None)
    return page is not None and served(base + page)


def measure_serve(project: Path, corpus: list[CorpusFile], dirty: bool, changes: int = 1
                  ) -> dict:
    """The serve row: "new_seed_served_s" is the median latency of ``changes`` new seeds (with
    its min and max, and each under "latencies"), "rebuilds" the most builds one change
    started (each under "rebuilds_each"), "search_complete" whether the index was whole after
    every change."""
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
        first_searched = searched_pages(base)
        others = None if first_searched is None else \
            first_searched - digest_pages(fetch_json(base + "digest.json") or {})
        latencies, builds, complete = [], [], []
        for change in range(changes):
            seed = add_article(project / "seeds", corpus,
                               name=f"extra/serve-{port}-{change + 1}.txt")
            latencies.append(wait(lambda seed=seed: new_page_served(base, seed), "the new seed",
                                  log))
            after = settle(log)
            builds.append(after - before)
            before = after
            complete.append(search_complete(base, fetch_json(base + "digest.json") or {},
                                            others))
        return {"mode": "serve --dirty" if dirty else "serve", "first_build_s": first,
                "new_seed_served_s": statistics.median(latencies),
                "new_seed_served_s_min": min(latencies), "new_seed_served_s_max": max(latencies),
                "runs": changes, "latencies": latencies,
                "rebuilds": max(builds), "rebuilds_each": builds,
                "search_complete": all(complete), "searched_pages": searched_pages(base)}
    finally:
        server.terminate()
        server.wait(timeout=60)
