"""`python -m bench [--sizes 1,2,4,10] [--mkdocs-sizes 1,2] [--skip-mkdocs] [--quick] [--profile]`

For each size (copies of the 2,225-article BBC corpus) a project is built in a temporary folder
and measured:

- cold: empty cache, empty docs: generator time per stage, then `mkdocs build` of its output;
- rerun: cache full, docs emptied: nothing may be analysed again (cache invalidation at scale);
- warm: cache full, docs current, one article added: generator time and the files rewritten.

Peak memory is the peak resident set size of the largest process of each run (the generator or
one of its pool workers; MkDocs), from os.wait4's rusage, i.e. getrusage of the child and its
children. Results are printed as a table and written to bench/results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import reader
from bench.corpus import REPO, add_article, corpora_dir, find_bbc, load_bbc, make_project
from generator.pipeline import STAGES

RESULTS = REPO / "bench" / "results.json"
GENERATED = ("articles", "stories", "entities", "tags", "index.md", "timeline.md", "digest.json",
             ".newsdigest-manifest.json")


def run_child(args: list[str], cwd: Path) -> tuple[float, float, int]:
    """Run a process; return (wall seconds, peak RSS in MB of its largest process, exit code)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(REPO)}
    start = time.perf_counter()
    proc = subprocess.Popen(args, cwd=cwd, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - start, usage.ru_maxrss / 1024, proc.returncode


def run_generator(project: Path, profile: Path | None = None) -> dict:
    out = project / "run.json"
    args = [sys.executable, "-m", "bench.worker", str(project), str(out)]
    if profile:
        args += ["--profile", str(profile)]
    wall, rss, code = run_child(args, REPO)
    if code != 0:
        raise SystemExit(f"bench: generator failed (exit {code}) in {project}")
    data = json.loads(out.read_text(encoding="utf-8"))
    data.update(wall_s=wall, peak_rss_mb=rss)
    return data


def run_mkdocs(project: Path) -> dict:
    shutil.rmtree(project / "site", ignore_errors=True)
    wall, rss, code = run_child([sys.executable, "-m", "mkdocs", "build", "--quiet"], project)
    if code != 0:
        raise SystemExit(f"bench: mkdocs build failed (exit {code}) in {project}")
    return {"mkdocs_s": wall, "mkdocs_peak_rss_mb": rss, "mkdocs_exit": code}


def site_metrics(project: Path, articles: int) -> dict:
    site = project / "site"
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    pages = [p for p in (site / "articles").glob("*/*/*/index.html")]
    index = site / "search" / "search_index.json"
    search = index.stat().st_size if index.is_file() else 0
    return {
        "site_mb": total / 1e6,
        "site_kb_per_article": total / 1e3 / max(articles, 1),
        "article_pages": len(pages),
        "article_page_kb": sum(p.stat().st_size for p in pages) / 1e3 / max(len(pages), 1),
        "search_index_mb": search / 1e6,
        "search_kb_per_article": search / 1e3 / max(articles, 1),
    }


def clear_generated(project: Path) -> None:
    for name in GENERATED:
        path = project / "docs" / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


def written_kinds(paths: list[str]) -> dict[str, int]:
    kinds: dict[str, int] = {}
    for path in paths:
        kind = path.split("/", 1)[0] if "/" in path else path
        if path.startswith("articles/") and path.endswith("index.md"):
            kind = "articles (month/index)"
        kinds[kind] = kinds.get(kind, 0) + 1
    return dict(sorted(kinds.items()))


def bench_size(size: int, corpus, work: Path, mkdocs: bool, profile: bool) -> list[dict]:
    project = work / f"x{size}"
    count = make_project(project, corpus, size)
    print(f"bench: {size}x = {count} articles in {project}", flush=True)
    rows = []
    cold = run_generator(project)
    cold.update(size=size, mode="cold")
    if mkdocs:
        cold.update(run_mkdocs(project))
        cold.update(site_metrics(project, cold["articles"]))
    rows.append(cold)
    clear_generated(project)
    stats = project / "rerun.pstats" if profile else None
    rerun = run_generator(project, stats)
    rerun.update(size=size, mode="rerun (cache full, docs empty)")
    rows.append(rerun)
    if stats:
        print_profile(stats, size)
    add_article(project / "seeds", corpus)
    warm = run_generator(project)
    warm.update(size=size, mode="warm (+1 article)", written_kinds=written_kinds(warm["written"]))
    rows.append(warm)
    for row in rows:
        row.pop("written", None)
        print(summary_line(row), flush=True)
    return rows


def print_profile(path: Path, size: int, top: int = 25) -> None:
    print(f"\nbench: profile of the {size}x rerun (cProfile, sorted by own time):")
    stats = pstats.Stats(str(path))
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)


def summary_line(row: dict) -> str:
    stages = " ".join(f"{s}={row['stages'].get(s, 0):.2f}" for s in STAGES)
    extra = f" mkdocs={row['mkdocs_s']:.1f}s" if "mkdocs_s" in row else ""
    return (f"  {row['size']}x {row['mode']}: gen={sum(row['stages'].values()):.2f}s ({stages})"
            f"{extra} analysed={row['analysed']} written={row['files_written']}")


def table(rows: list[dict]) -> str:
    head = ("size", "articles", "run", *STAGES, "gen s", "mkdocs s", "gen/mk", "gen MB",
            "mk MB", "analysed", "written", "site MB", "KB/page", "search KB/art")
    lines = [" | ".join(head), " | ".join("---" for _ in head)]
    for r in rows:
        gen = sum(r["stages"].values())
        mk = r.get("mkdocs_s")
        cells = [f"{r['size']}x", str(r["articles"]), r["mode"].split(" ")[0],
                 *(f"{r['stages'].get(s, 0):.2f}" for s in STAGES), f"{gen:.2f}",
                 f"{mk:.1f}" if mk else "-", f"{gen / mk:.2f}" if mk else "-",
                 f"{r['peak_rss_mb']:.0f}", f"{r['mkdocs_peak_rss_mb']:.0f}" if mk else "-",
                 str(r["analysed"]), str(r["files_written"]),
                 f"{r['site_mb']:.1f}" if mk else "-", f"{r['article_page_kb']:.1f}" if mk else "-",
                 f"{r['search_kb_per_article']:.2f}" if mk else "-"]
        lines.append(" | ".join(cells))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1,2,4,10", help="corpus copies, e.g. 1,2,4,10")
    parser.add_argument("--mkdocs-sizes", default="1,2",
                        help="sizes also built with MkDocs (slow on 2 cores; default 1,2)")
    parser.add_argument("--skip-mkdocs", action="store_true", help="generator only")
    parser.add_argument("--quick", action="store_true", help="1x only")
    parser.add_argument("--profile", action="store_true", help="cProfile the rerun, print top")
    parser.add_argument("--limit", type=int, help="use only the first N articles (smoke test)")
    parser.add_argument("--workdir", type=Path, help="keep projects here (default: a temp dir)")
    parser.add_argument("--output", type=Path, default=RESULTS, help="JSON results file")
    args = parser.parse_args(argv)
    bbc = find_bbc()
    if bbc is None:
        print(f"bench: skipped: corpus not found at {corpora_dir() / 'bbc'} "
              "(set NEWSDIGEST_CORPORA to the folder holding bbc/)")
        return 0
    sizes = [1] if args.quick else [int(s) for s in args.sizes.split(",") if s.strip()]
    mk_sizes = set() if args.skip_mkdocs else {int(s) for s in args.mkdocs_sizes.split(",") if s}
    corpus = load_bbc(bbc)[: args.limit]
    work = args.workdir or Path(tempfile.mkdtemp(prefix="newsdigest-bench-"))
    rows: list[dict] = []
    try:
        for size in sizes:
            rows.extend(bench_size(size, corpus, work, size in mk_sizes, args.profile))
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    print("\n" + table(rows))
    args.output.write_text(json.dumps({
        "command": "python -m bench " + " ".join(sys.argv[1:] if argv is None else argv),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python "
                   f"{platform.python_version()}",
        "corpus": str(bbc), "memory": "peak RSS of the largest process (os.wait4 rusage)",
        "runs": rows}, indent=1), encoding="utf-8")
    print(f"\nbench: results in {args.output}")
    return 0 if args.limit else reader.main([] if args.quick else ["--copies", "10"])


if __name__ == "__main__":
    sys.exit(main())
