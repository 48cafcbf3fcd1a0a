"""One generator run in its own process, so its peak memory is its own:
`python -m bench.worker ROOT OUT.json [--profile OUT.pstats]`."""

from __future__ import annotations

import cProfile
import json
import resource
import sys
import time
from pathlib import Path

from generator.cache import RunState
from generator.config import load_settings
from generator.pipeline import generate


def cache_files(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("*.json")) if folder.is_dir() else 0


def state_mb(settings) -> float:
    """The size of the run state the run left for the next (its save is most of the state
    stage's time and, at scale, the run's memory peak)."""
    return RunState.size(settings) / 1e6


def cpu_seconds() -> float:
    """CPU of this process and of its ended children (the analysis pool's workers)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def main(argv: list[str]) -> int:
    root, out = Path(argv[0]), Path(argv[1])
    profile = Path(argv[3]) if len(argv) > 3 and argv[2] == "--profile" else None
    settings = load_settings(root)
    cached_before = cache_files(settings.cache)
    profiler = cProfile.Profile() if profile else None
    start, cpu_start = time.perf_counter(), cpu_seconds()
    if profiler:
        profiler.enable()
    result = generate(settings)
    if profiler:
        profiler.disable()
        profiler.dump_stats(profile)
    total, cpu = time.perf_counter() - start, cpu_seconds() - cpu_start
    written = result.report.written
    out.write_text(json.dumps({
        "articles": len(result.digest.articles),
        "stories": len(result.digest.links.stories),
        "entity_pages": sum(e.page for e in result.digest.links.entities),
        "timeline_entries": len(result.digest.timeline),
        "problems": [p.line() for p in result.problems if p.fatal],
        "stages": result.timings,
        "peak_mb_by_stage": result.peak_mb,
        "total_s": total,
        "cpu_s": cpu,
        "analysed": cache_files(settings.cache) - cached_before,  # cache misses
        "files_written": len(written),
        "files_unchanged": result.report.unchanged,
        "pages_kept_unrendered": result.report.kept,  # by signature (render.signatures)
        "files_removed": len(result.report.removed),
        "written": written,
        "state_mb": state_mb(settings),
    }), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
