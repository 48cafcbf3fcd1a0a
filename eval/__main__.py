"""Run the evaluations: ``python -m eval [--quick]`` runs them all, ``python -m eval NAME
[ARGS...]`` runs one (ARGS go to it). ``--quick`` skips the 2x/4x BBC timing of ``stories``.

Each evaluation prints its table under a heading and skips itself (printing why) when its
corpus is absent. Results go to eval/results/ (git-ignored): the structured ones an evaluation
writes itself, plus run.json with every evaluation's status, time and printed output.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import sys
import time
import traceback

from eval.common import corpora_dir, write_result

EVALUATIONS = {
    "timex": "temporal tagger on WikiWars (TempEval-3 style)",
    "entities": "entity extraction on the hand-checked gold sample, speed on BBC",
    "stories": "story grouping: news-pairs agreement, BBC duplicates and timing",
    "story_links": "news-pairs similarity with the product's own entities",
    "news_clusters": "story grouping on multi-outlet news through the build, beside TF-IDF",
    "spin": "spin detection on BBC with a synthetic spinner",
    "wikinews": "WikiNews build: stories and related links, for reading",
    "timeline": "merged timeline against the WikiNews gold entity timelines",
    "html_pages": "the .html reader on real saved pages, beside trafilatura alone",
}


class _Tee(io.TextIOBase):
    """Write to the terminal and keep a copy."""

    def __init__(self, stream) -> None:
        self.stream = stream
        self.copy = io.StringIO()

    def write(self, text: str) -> int:
        self.stream.write(text)
        self.copy.write(text)
        return len(text)

    def flush(self) -> None:
        self.stream.flush()


def run_one(name: str, argv: list[str]) -> dict:
    print(f"\n{'=' * 100}\n== {name}: {EVALUATIONS[name]}\n{'=' * 100}", flush=True)
    tee = _Tee(sys.stdout)
    start = time.perf_counter()
    status = "ok"
    with contextlib.redirect_stdout(tee):
        try:
            code = importlib.import_module(f"eval.{name}").main(argv)
            status = "ok" if not code else f"exit {code}"
        except Exception:  # report and go on with the next evaluation
            traceback.print_exc(file=sys.stdout)
            status = "crashed"
    output = tee.copy.getvalue()
    if status == "ok" and output.startswith("skipped:"):
        status = "skipped"
    seconds = time.perf_counter() - start
    print(f"-- {name}: {status} in {seconds:.1f}s", flush=True)
    return {"status": status, "seconds": round(seconds, 2), "argv": argv,
            "output": output.splitlines()}


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    args = [a for a in argv if a != "--quick"]
    if args and args[0] in ("-h", "--help"):
        print(__doc__)
        print("evaluations: " + ", ".join(EVALUATIONS))
        return 0
    if args and args[0] not in EVALUATIONS:
        print(f"unknown evaluation {args[0]!r}; known: {', '.join(EVALUATIONS)}")
        return 2
    if args:
        plan = {args[0]: args[1:] + (["--quick"] if quick else [])}
    else:
        plan = {name: (["--quick"] if quick and name == "stories" else [])
                for name in EVALUATIONS}
    print(f"corpora: {corpora_dir()}")
    runs = {name: run_one(name, extra) for name, extra in plan.items()}
    print("\nsummary: " + ", ".join(f"{n} {r['status']} ({r['seconds']:.0f}s)"
                                    for n, r in runs.items()))
    write_result("run" if not args else f"run-{args[0]}", runs)
    return 1 if any(r["status"] == "crashed" for r in runs.values()) else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
