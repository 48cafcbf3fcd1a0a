"""`python -m bench.reader [--articles 600,2225] [--copies 10] [--lighthouse]`: what a reader's
browser downloads, measured in headless Chromium against the built site on 127.0.0.1.

For each size a project is built (the two bundled seeds plus N BBC articles, or the whole
corpus copied k times), with Material's search plugin enabled too, only so that its whole-site
index is written beside Pagefind's as the baseline (the pages never load it). Measured:

- view: bytes of every response for a first view of the home page (no cache);
- view+search: the same plus typing an article's headline into the search box, until the
  first result is that article or the story it belongs to (a story with several reports is
  titled with its best report's headline and lists the article; one-report stories are not
  searched); `seconds` is the time from the last keystroke to that result;
- material: view + Material's search_index.json + its search worker (what Material's search
  downloads on every page view), the baseline;
- largest listing page: the biggest HTML file among the home page, the stories index and its
  month pages, the timeline and its month pages.

With --lighthouse, Lighthouse (npm, mobile preset, simulated throttling) audits a story page
of the first size three times; the median run's scores for performance and accessibility, with
every run's scores and the load average after it (simulated throttling scales the CPU time it
observes, so a busy machine lowers the performance score), and where each run's main-thread time
went (by kind of work and by script: what total blocking time is made of).

Bytes are as served by Python's http.server: uncompressed (a host that gzips sends less).
Lighthouse gets a server that gzips text files, as GitHub Pages does.
Results go to bench/reader-results.json (git-ignored with bench/results.json's pattern).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from bench.corpus import REPO, find_bbc, load_bbc, make_project

RESULTS = REPO / "bench" / "reader-results.json"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update"]
LIGHTHOUSE = REPO / "node_modules" / ".bin" / "lighthouse"
SEARCH_TIMEOUT_MS = 30_000
LIGHTHOUSE_RUNS = 3  # the median run is reported
LISTINGS = ("index.html", "stories/**/index.html", "timeline/**/*.html", "timeline/index.html")


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's signature
        pass


class _Gzip(_Quiet):
    """Text files gzipped, as GitHub Pages (and most hosts) send them: for Lighthouse, whose
    simulated phone network makes uncompressed CSS and JavaScript the slowest part."""

    TEXT = ("text/html", "text/css", "text/javascript", "application/javascript",
            "application/json")

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        kind = self.guess_type(str(path))
        if not (path.is_file() and kind.split(";")[0] in self.TEXT
                and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        data = gzip.compress(path.read_bytes(), 6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        return io.BytesIO(data)


def build(project: Path, articles: list, copies: int) -> int:
    count = make_project(project, articles, copies)
    for seed in (REPO / "seeds").glob("*.txt"):
        shutil.copy(seed, project / "seeds" / seed.name)
    sidecar = (REPO / "seeds" / "sources.yml").read_text(encoding="utf-8")
    with open(project / "seeds" / "sources.yml", "a", encoding="utf-8") as out:
        out.write(sidecar)
    shutil.copytree(REPO / "overrides", project / "overrides", dirs_exist_ok=True)
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    # Baseline only: Material's plugin writes search/search_index.json; no page fetches it.
    config = config.replace("  - newsdigest-search", "  - search\n  - newsdigest-search", 1)
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(REPO)}
    start = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet"], cwd=project,
                         env=env, capture_output=True, text=True)
    if run.returncode != 0:
        raise SystemExit(f"bench.reader: mkdocs build failed in {project}:\n{run.stderr[-2000:]}")
    print(f"bench.reader: built {count + 2} articles in {time.perf_counter() - start:.0f} s",
          flush=True)
    return count + 2


def serve(site: Path, handler=_Quiet) -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def pick_article(digest: dict) -> dict:
    """A BBC article from the middle of the archive, with its own headline line."""
    bbc = [a for a in digest["articles"] if a["source"] == "BBC News"
           and a.get("inferred", {}).get("title") != "lead"]
    return bbc[len(bbc) // 2]


def right_results(digest: dict, article: dict) -> list[str]:
    """The article's page and its story's page: either answers a search for its headline."""
    stories = [s["page"] for s in digest["stories"] if s["id"] == article.get("story")]
    return [article["page"], *stories]


def measure_view_and_search(base: str, article: dict, right_results: list[str]) -> dict:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    sizes: dict[str, int] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})

        def record(request):
            response = request.response()
            if response is None:
                return
            try:
                sizes[request.url] = len(response.body())
            except PlaywrightError:  # finished as the page closed, after the measurement
                pass

        page.on("requestfinished", record)
        page.goto(base, wait_until="networkidle")
        page.wait_for_timeout(500)  # let the last requestfinished events arrive
        view = sum(sizes.values())
        page.locator("input.md-search__input").click()
        page.keyboard.type(article["title"], delay=15)
        typed = time.perf_counter()
        found = page.wait_for_function(
            """paths => { const a = document.querySelector('.md-search-result__item a');
                          const path = a && new URL(a.href).pathname.slice(1);
                          return paths.includes(path) && path; }""",
            arg=right_results, timeout=SEARCH_TIMEOUT_MS).json_value()
        seconds = time.perf_counter() - typed
        page.wait_for_load_state("networkidle")
        browser.close()
    return {"view_kb": view / 1e3, "view_search_kb": sum(sizes.values()) / 1e3,
            "search_seconds_after_typing": round(seconds, 3), "first_result": found,
            "requests": len(sizes)}


def listing_sizes(site: Path) -> dict:
    files = {p for pattern in LISTINGS for p in site.glob(pattern)
             if "/story-" not in p.as_posix()}
    largest = max(files, key=lambda p: p.stat().st_size)
    return {"largest_listing": largest.relative_to(site).as_posix(),
            "largest_listing_kb": largest.stat().st_size / 1e3, "listing_pages": len(files)}


def material_baseline_kb(site: Path, view_kb: float) -> float:
    index = site / "search" / "search_index.json"
    workers = list((site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    extra = index.stat().st_size + sum(w.stat().st_size for w in workers)
    return view_kb + extra / 1e3


def pagefind_kb(site: Path) -> float:
    return sum(p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file()) / 1e3


def lighthouse(base: str, path: str, out: Path, runs: int = LIGHTHOUSE_RUNS) -> dict:
    """The run with the median performance score of `runs` (Lighthouse's own advice: one run
    varies by several points, more on a shared machine), all runs' scores and load averages."""
    results = []
    for number in range(runs):
        result = lighthouse_once(base, path, out / f"lighthouse-{number + 1}.json")
        result["load_average"] = [round(x, 2) for x in os.getloadavg()]
        results.append(result)
    ranked = sorted(results, key=lambda r: r["scores"]["performance"])
    median = dict(ranked[len(ranked) // 2])
    median["runs"] = [{"performance": r["scores"]["performance"],
                       "accessibility": r["scores"]["accessibility"],
                       "load_average": r["load_average"]} for r in results]
    return median


def lighthouse_once(base: str, path: str, report: Path) -> dict:
    if not LIGHTHOUSE.is_file():
        raise SystemExit("bench.reader: Lighthouse is missing: run `make lighthouse`")
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    subprocess.run([str(LIGHTHOUSE), base + path, "--quiet", "--output=json",
                    f"--output-path={report}", "--only-categories=performance,accessibility",
                    "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
                   env=env, check=True, timeout=600)
    data = json.loads(report.read_text(encoding="utf-8"))
    scores = {k: round(v["score"] * 100) for k, v in data["categories"].items()}
    audits = data["audits"]
    metrics = {k: audits[k]["displayValue"] for k in (
        "first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
        "cumulative-layout-shift", "speed-index") if k in audits}
    failed = [k for k, v in audits.items() if v.get("score") == 0
              and v.get("scoreDisplayMode") == "binary"]
    return {"page": path, "scores": scores, "metrics": metrics, "failed_audits": failed,
            **work_breakdown(audits)}


def work_breakdown(audits: dict) -> dict:
    """Where the (simulated, 4x throttled) main-thread time goes: by kind of work, by script
    (a script's total includes the style and layout it forces), and the page's element count."""
    def items(audit: str) -> list[dict]:
        return audits.get(audit, {}).get("details", {}).get("items", [])

    dom = audits.get("dom-size", {}).get("numericValue")
    return {"main_thread_ms": {i["group"]: round(i["duration"])
                               for i in items("mainthread-work-breakdown")},
            "bootup_ms": {i["url"].rstrip("/").rsplit("/", 1)[-1]: {
                "total": round(i["total"]), "scripting": round(i["scripting"])}
                for i in items("bootup-time")},
            "dom_elements": round(dom) if dom is not None else None}


def bench_one(label: str, articles: list, copies: int, work: Path, with_lighthouse: bool) -> dict:
    project = work / label
    count = build(project, articles, copies)
    site = project / "site"
    digest = json.loads((site / "digest.json").read_text(encoding="utf-8"))
    article = pick_article(digest)
    server, base = serve(site)
    try:
        row = {"size": label, "articles": count, "searched_title": article["title"],
               **measure_view_and_search(base, article, right_results(digest, article))}
        row["material_view_search_kb"] = material_baseline_kb(site, row["view_kb"])
        row["pagefind_total_kb"] = pagefind_kb(site)
        row.update(listing_sizes(site))
        if with_lighthouse:
            story = max(digest["stories"], key=lambda s: len(s["articles"]))
            gz_server, gz_base = serve(site, _Gzip)
            try:
                row["lighthouse"] = lighthouse(gz_base, story["page"], project)
            finally:
                gz_server.shutdown()
                gz_server.server_close()
    finally:
        server.shutdown()
        server.server_close()
    row["load_average"] = [round(x, 2) for x in os.getloadavg()]
    print(summary(row), flush=True)
    return row


def summary(row: dict) -> str:
    line = (f"  {row['size']}: {row['articles']} articles: view {row['view_kb']:.0f} KB, "
            f"view+search {row['view_search_kb']:.0f} KB (Material search: "
            f"{row['material_view_search_kb']:.0f} KB), right article "
            f"{row['search_seconds_after_typing']:.2f} s after typing; largest listing "
            f"{row['largest_listing']} {row['largest_listing_kb']:.0f} KB")
    if "lighthouse" in row:
        line += f"; Lighthouse {row['lighthouse']['scores']}"
    return line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.reader", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", default="600,2225",
                        help="BBC articles for each size (the seeds are added)")
    parser.add_argument("--copies", default="", help="whole-corpus copies, e.g. 10")
    parser.add_argument("--lighthouse", action="store_true",
                        help="Lighthouse on a story page at the first size")
    parser.add_argument("--workdir", type=Path, help="keep projects here (default: temp dir)")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    bbc = find_bbc()
    if bbc is None:
        print("bench.reader: skipped: BBC corpus not found (set NEWSDIGEST_CORPORA)")
        return 0
    corpus = load_bbc(bbc)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="newsdigest-reader-"))
    rows = []
    try:
        sizes = [int(n) for n in args.articles.split(",") if n.strip()]
        for number, n in enumerate(sizes):
            rows.append(bench_one(f"{n}", corpus[:n], 1, work,
                                  args.lighthouse and number == 0))
        for k in (int(c) for c in args.copies.split(",") if c.strip()):
            rows.append(bench_one(f"{k}x", corpus, k, work, False))
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    args.output.write_text(json.dumps({"command": "python -m bench.reader " + " ".join(
        sys.argv[1:] if argv is None else argv), "runs": rows}, indent=1), encoding="utf-8")
    print(f"bench.reader: results in {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
