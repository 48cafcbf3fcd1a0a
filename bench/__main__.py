"""`python -m bench [--quick] [--skip-serve] [--skip-full] [--rss-copies N] [--rss-only]`

The rows of issue 13, each measured on a project built in a temporary folder from the BBC
corpus (seeds dated in a sidecar, their mtimes set in the past):

- at 600 articles: cold `generate` (empty cache and docs) beside `mkdocs build`; warm
  `generate` after one new seed (WARM_RUNS times, each a new seed added to the same archive and
  removed again after its run: the row is their median, min and max, wall and CPU; the runs that
  remove it are a "-1 seed" row); the same change as a maintainer runs it, `newsdigest generate`
  as a process, imports included, the generator's bytecode cached as in an installed copy
  (COMMAND_RUNS times: median, min and max, wall and CPU);
  `mkdocs serve` and `mkdocs serve --dirty`: time from writing a new seed to its page being
  served, builds started for it, search index complete (SERVE_CHANGES seeds one after another
  in one server session: median, min and max);
- at 2,225 articles (the corpus once): cold and warm `generate` (warm as at 600), generated
  pages per article, and the whole command as at 600;
- at --rss-copies times the corpus (default 10, i.e. 22,250 articles): cold and warm `generate`
  and their peak memory (the 10x run takes long on a shared machine; 0 skips it).

Peak memory is the peak resident set size of the largest process of each run (the generator or
one of its pool workers; MkDocs), from os.wait4's rusage. Timings depend on the machine's load:
results.json records the load average beside them. Printed as a table and written to
bench/results.json.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import reader
from bench.corpus import (
    REPO,
    add_article,
    corpora_dir,
    find_bbc,
    load_bbc,
    make_project,
    remove_article,
)
from bench.preview import measure_serve
from generator.pipeline import STAGES

RESULTS = REPO / "bench" / "results.json"
ARTICLES_SMALL = 600  # the archive size for latency
# Warm +1 runs per project, reported as their median, min and max: single warm runs of the same
# code vary by up to 1.7x on this shared machine, so one run cannot say whether a goal holds.
WARM_RUNS = 5
NEW_SEED = "extra/new-article.txt"  # the first warm run's seed, as in earlier sessions
SPREAD = ("total_s", "cpu_s")  # figures reported as median, min and max
# Extra warm +1 runs of the whole command (`newsdigest generate` as a process): what a
# maintainer waits for at the shell, imports included (the warm rows time generate() alone).
COMMAND_RUNS = 3
COMMAND_SEED = 10  # new_seed(COMMAND_SEED + run): no warm run's seed
WHOLE_COMMAND = "warm (+1 seed), whole command"  # the mode of its row
# What `python -m generator` imports from this checkout (PYTHONPATH=REPO). A maintainer's copy
# runs from cached bytecode (pip compiles what it installs; Python caches the rest on first
# import); this machine sets PYTHONDONTWRITEBYTECODE=1, under which every command run would
# recompile the package's sources (about 0.15 s). The row compiles it first and runs its timed
# processes without that variable (stdlib and site-packages are compiled at install already).
COMMAND_PACKAGE = REPO / "generator"
BYTECODE_OFF = "PYTHONDONTWRITEBYTECODE"
# New seeds per `mkdocs serve` session (plain and --dirty), reported as median, min and max.
SERVE_CHANGES = 3


def run_child(args: list[str], cwd: Path) -> tuple[float, float, int]:
    """Run a process; return (wall seconds, peak RSS in MB of its largest process, exit code)."""
    wall, _, rss, code = run_process(args, cwd)
    return wall, rss, code


def child_env(bytecode: bool = False) -> dict[str, str]:
    """The environment of a measured process: this one's, plus REPO on the path. With
    `bytecode`, without PYTHONDONTWRITEBYTECODE (as a maintainer's shell has it); otherwise
    unchanged, as every row but the whole command has always run."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(REPO)}
    if bytecode:
        env.pop(BYTECODE_OFF, None)
    return env


def compile_package(package: Path = COMMAND_PACKAGE) -> None:
    """Byte-compile a package into its own __pycache__ (where an import looks; py_compile
    writes even when this process runs with PYTHONDONTWRITEBYTECODE)."""
    if not compileall.compile_dir(package, quiet=1):
        raise SystemExit(f"bench: could not byte-compile {package}")


def run_process(args: list[str], cwd: Path,
                env: dict[str, str] | None = None) -> tuple[float, float, float, int]:
    """Run a process (in `env`, default child_env()); return (wall seconds, CPU seconds of it
    and of the children it waited for, peak RSS in MB of its largest process, exit code)."""
    env = child_env() if env is None else env
    start = time.perf_counter()
    proc = subprocess.Popen(args, cwd=cwd, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return (time.perf_counter() - start, usage.ru_utime + usage.ru_stime,
            usage.ru_maxrss / 1024, proc.returncode)


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


def written_kinds(paths: list[str]) -> dict[str, int]:
    kinds: dict[str, int] = {}
    for path in paths:
        kind = path.split("/", 1)[0] if "/" in path else path
        if path.startswith("articles/") and path.endswith("index.md"):
            kind = "articles (month/index)"
        kinds[kind] = kinds.get(kind, 0) + 1
    return dict(sorted(kinds.items()))


def generated_pages(project: Path) -> int:
    """Markdown pages the generator wrote (docs/ holds hand-written ones too)."""
    manifest = json.loads((project / "docs" / ".newsdigest-manifest.json").read_text())
    return sum(1 for path in manifest["files"] if path.endswith(".md"))


def new_seed(run: int) -> str:
    """A distinct new seed per warm run (its own text, so its analysis is never cached)."""
    return NEW_SEED if run == 0 else NEW_SEED.replace(".txt", f"-{run + 1}.txt")


def median_row(runs: list[dict], project: str, mode: str) -> dict:
    """One row for several runs of the same change: each figure of SPREAD as median, min and
    max, each stage's median, the largest peak RSS; the other fields from the median run (by
    wall time); the runs themselves under "runs"."""
    ordered = sorted(runs, key=lambda run: run["total_s"])
    row = {**ordered[(len(ordered) - 1) // 2], "project": project, "mode": mode,
           "runs": len(runs), "each": [dict(run) for run in runs]}
    for key in SPREAD:
        values = [run[key] for run in runs]
        row.update({key: statistics.median(values), f"{key}_min": min(values),
                    f"{key}_max": max(values)})
    stages = {stage for run in runs for stage in run["stages"]}
    row["stages"] = {stage: statistics.median(run["stages"].get(stage, 0.0) for run in runs)
                     for stage in STAGES if stage in stages}
    row["peak_rss_mb"] = max(run["peak_rss_mb"] for run in runs)
    for run in row["each"]:
        run.pop("written", None)
    return row


def warm_rows(project: Path, corpus, name: str, runs: int, profile: bool) -> list[dict]:
    """`runs` warm runs, each adding a new seed to the cold archive; between them the seed is
    removed again (a warm -1 run), so every +1 run is a real +1 change of the same archive.
    The last added seed stays (the serve rows start from there)."""
    seeds = project / "seeds"
    added, removed = [], []
    for run in range(runs + profile):  # a profiled run is extra, never counted
        seed = new_seed(run)
        add_article(seeds, corpus, name=seed)
        stats = project / "warm.pstats" if profile and run == 0 else None
        row = run_generator(project, stats)
        row["written_kinds"] = written_kinds(row["written"])
        if stats:
            print_profile(stats, name)
        else:
            added.append(row)
        if run < runs + profile - 1:
            remove_article(seeds, seed)
            removed.append(run_generator(project))
    rows = [median_row(added, name, "warm (+1 seed)")]
    if removed:
        rows.append(median_row(removed, name, "warm (-1 seed)"))
    return rows


def command_row(project: Path, corpus, name: str, runs: int = COMMAND_RUNS) -> dict:
    """`newsdigest generate` after one new seed, as a process (`python -m generator --root
    PROJECT generate`, what the console script runs), `runs` times: each adds a seed of its
    own and, once timed, removes it again with a run that is not timed, so each timed run is
    one change of the same archive. Wall and CPU (its own and its pool's) as median, min and
    max. The generator's bytecode is compiled first and the timed processes may use and write
    bytecode, as an installed copy does (see COMMAND_PACKAGE); the untimed runs are as before."""
    seeds = project / "seeds"
    compile_package()
    env = child_env(bytecode=True)
    runs_made = []
    for run in range(runs):
        seed = new_seed(COMMAND_SEED + run)
        add_article(seeds, corpus, name=seed)
        # The root spelled as the worker spells it: the run state's key includes the settings'
        # paths as given ("." and the absolute path are two keys, and a save removes the other
        # key's state), so with the default root every timed run would start without a state.
        wall, cpu, rss, code = run_process(
            [sys.executable, "-m", "generator", "--root", str(project), "generate", "--quiet"],
            project, env)
        if code != 0:
            raise SystemExit(f"bench: newsdigest generate failed (exit {code}) in {project}")
        runs_made.append({"total_s": wall, "cpu_s": cpu, "peak_rss_mb": rss, "stages": {}})
        remove_article(seeds, seed)
        run_generator(project)
    return median_row(runs_made, name, WHOLE_COMMAND)


def bench_project(name: str, corpus, copies: int, work: Path, *, mkdocs: bool, serve: bool,
                  profile: bool, warm_runs: int = WARM_RUNS,
                  command_runs: int = COMMAND_RUNS) -> list[dict]:
    project = work / name
    count = make_project(project, corpus, copies)
    print(f"bench: {name} = {count} articles in {project}", flush=True)
    rows = []
    cold = run_generator(project)
    cold.update(project=name, mode="cold")
    cold["pages_per_article"] = generated_pages(project) / max(cold["articles"], 1)
    if mkdocs:
        cold.update(run_mkdocs(project))
        cold.update(site_metrics(project, cold["articles"]))
    rows.append(cold)
    rows += warm_rows(project, corpus, name, warm_runs, profile)
    warm = rows[1]
    for row in rows:
        row.pop("written", None)
        print(summary_line(row), flush=True)
    if command_runs:
        row = command_row(project, corpus, name, command_runs)
        row["articles"] = warm["articles"] + 1  # the last warm run's seed stays
        print(f"  {name} {row['mode']}: {spread(row, 'total_s')} cpu={spread(row, 'cpu_s')}",
              flush=True)
        rows.append(row)
    if serve:
        for dirty in (False, True):
            row = measure_serve(project, corpus, dirty, SERVE_CHANGES)
            row.update(project=name, articles=warm["articles"] + 1)
            if mkdocs:
                row["vs_one_build"] = row["new_seed_served_s"] / cold["mkdocs_s"]
            print(f"  {name} {row['mode']}: new seed served in "
                  f"{spread(row, 'new_seed_served_s', 1)}, {row['rebuilds_each']} rebuild(s), "
                  f"search complete: {row['search_complete']}", flush=True)
            rows.append(row)
    return rows


def print_profile(path: Path, name: str, top: int = 25) -> None:
    print(f"\nbench: profile of the {name} warm run (cProfile, sorted by own time):")
    stats = pstats.Stats(str(path))
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)


def spread(row: dict, key: str, digits: int = 2) -> str:
    """"1.05 s" for one run; "median 1.05 s (0.98-1.31, 5 runs)" for several (a serve row's
    runs are its changes)."""
    value = f"{row[key]:.{digits}f} s"
    if "runs" not in row:
        return value
    return (f"median {value} ({row[f'{key}_min']:.{digits}f}-{row[f'{key}_max']:.{digits}f}, "
            f"{row['runs']} runs)")


def summary_line(row: dict) -> str:
    stages = " ".join(f"{s}={row['stages'].get(s, 0):.2f}" for s in STAGES)
    extra = f" mkdocs={row['mkdocs_s']:.1f}s" if "mkdocs_s" in row else ""
    cpu = f" cpu={spread(row, 'cpu_s')}" if "cpu_s" in row else ""
    return (f"  {row['project']} {row['mode']}: gen={spread(row, 'total_s')}{cpu} ({stages})"
            f"{extra} analysed={row['analysed']} written={row['files_written']} "
            f"not rendered={row.get('pages_kept_unrendered', 0)} "
            f"peak={row['peak_rss_mb']:.0f} MB state file={row.get('state_mb', 0):.1f} MB")


def table(rows: list[dict]) -> str:
    """The issue's rows, as measured in this run."""
    def get(project: str, mode: str) -> dict:
        return next((r for r in rows if r["project"] == project and r["mode"] == mode), {})

    lines = ["what | measured | goal", "--- | --- | ---"]
    small, full = f"{ARTICLES_SMALL}", "2225"
    big = next((r["project"] for r in rows if r["project"].endswith("x")), "")
    cold = get(small, "cold")
    if cold.get("mkdocs_s"):
        lines.append(f"cold generate vs mkdocs build at {small} | {cold['total_s']:.1f} s vs "
                     f"{cold['mkdocs_s']:.1f} s ({cold['total_s'] / cold['mkdocs_s']:.2f}x) "
                     "| <= 0.5x")
    for name, goal in ((small, "<= 1 s"), (full, "<= 2 s")):
        warm = get(name, "warm (+1 seed)")
        if warm:
            cpu = f"; CPU {spread(warm, 'cpu_s')}" if "cpu_s" in warm else ""
            lines.append(f"warm generate after one new seed at {warm['articles']} | "
                         f"{spread(warm, 'total_s')}{cpu}; stages: "
                         f"state {warm['stages'].get('state', 0):.2f}, "
                         f"link {warm['stages'].get('link', 0):.2f}, "
                         f"render {warm['stages'].get('render', 0):.2f} | {goal}")
        whole = get(name, WHOLE_COMMAND)
        if whole:
            lines.append(f"warm +1 seed, whole command (`newsdigest generate` as a process, "
                         f"imports included, bytecode cached) at {whole['articles']} | "
                         f"{spread(whole, 'total_s')}; CPU {spread(whole, 'cpu_s')} | "
                         "(what the shell waits for; no goal of its own)")
    for mode, goal in (("serve", "<= 1.2x one build, one rebuild"),
                       ("serve --dirty", "<= 3 s, one rebuild, search complete")):
        row = get(small, mode)
        if row:
            ratio = f" ({row['vs_one_build']:.2f}x one build)" if "vs_one_build" in row else ""
            lines.append(f"mkdocs {mode}: new seed served | "
                         f"{spread(row, 'new_seed_served_s', 1)}{ratio}, "
                         f"{row['rebuilds']} rebuild(s) at most per change, search complete: "
                         f"{row['search_complete']} | {goal}")
    for name in (full, small):
        row = get(name, "cold")
        if row:
            lines.append(f"generated pages per article at {row['articles']} | "
                         f"{row['pages_per_article']:.2f} | <= 2.5")
            break
    for mode in ("cold", "warm (+1 seed)"):
        row = get(big, mode)
        if row:
            lines.append(f"generator peak RSS at {row['articles']} ({mode}) | "
                         f"{row['peak_rss_mb'] / 1024:.2f} GB | <= 1.5 GB")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true",
                        help=f"{ARTICLES_SMALL} articles only, no MkDocs, no serve")
    parser.add_argument("--skip-serve", action="store_true", help="no mkdocs serve latency")
    parser.add_argument("--skip-full", action="store_true", help="no 2,225-article project")
    parser.add_argument("--rss-copies", type=int, default=10,
                        help="copies of the corpus for the memory run (0: none)")
    parser.add_argument("--rss-only", action="store_true",
                        help="only the memory run (--rss-copies times the corpus)")
    parser.add_argument("--skip-reader", action="store_true",
                        help="no reader bench (python -m bench.reader) after these rows")
    parser.add_argument("--profile", action="store_true", help="cProfile the warm runs")
    parser.add_argument("--limit", type=int, default=ARTICLES_SMALL,
                        help="articles of the small project")
    parser.add_argument("--workdir", type=Path, help="keep projects here (default: a temp dir)")
    parser.add_argument("--output", type=Path, default=RESULTS, help="JSON results file")
    args = parser.parse_args(argv)
    bbc = find_bbc()
    if bbc is None:
        print(f"bench: skipped: corpus not found at {corpora_dir() / 'bbc'} "
              "(set NEWSDIGEST_CORPORA to the folder holding bbc/)")
        return 0
    corpus = load_bbc(bbc)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="newsdigest-bench-"))
    load_before = os.getloadavg()
    rows: list[dict] = []
    try:
        if not args.rss_only:
            rows += bench_project(f"{ARTICLES_SMALL}", corpus[: args.limit], 1, work,
                                  mkdocs=not args.quick,
                                  serve=not (args.quick or args.skip_serve), profile=args.profile)
        if not (args.quick or args.skip_full or args.rss_only):
            rows += bench_project("2225", corpus, 1, work, mkdocs=False, serve=False,
                                  profile=args.profile)
        if args.rss_copies and not args.quick:
            # one warm run: its row is memory (a warm run there takes about 25 s)
            rows += bench_project(f"{args.rss_copies}x", corpus, args.rss_copies, work,
                                  mkdocs=False, serve=False, profile=False, warm_runs=1,
                                  command_runs=0)
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    print("\n" + table(rows))
    args.output.write_text(json.dumps({
        "command": "python -m bench " + " ".join(sys.argv[1:] if argv is None else argv),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python "
                   f"{platform.python_version()}",
        "load_average": {"before": load_before, "after": os.getloadavg()},
        "corpus": str(bbc), "memory": "peak RSS of the largest process (os.wait4 rusage)",
        "table": table(rows).splitlines(),
        "runs": rows}, indent=1), encoding="utf-8")
    print(f"\nbench: results in {args.output}")
    # A smaller --limit is a smoke test, --rss-only a single row: no reader bench then.
    if args.limit != ARTICLES_SMALL or args.rss_only or args.skip_reader:
        return 0
    return reader.main([] if args.quick else ["--copies", "10"])


if __name__ == "__main__":
    sys.exit(main())
