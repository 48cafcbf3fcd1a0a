"""Command line: newsdigest generate | build | serve | fetch | timex."""

from __future__ import annotations

import argparse
import atexit
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import yaml

from generator.config import load_settings

# Each command imports what it runs: the MkDocs plugin (mkdocs, jinja2, the whole generator)
# only for build and serve, the pipeline only for generate; `timex` and `--help` need neither.
if TYPE_CHECKING:
    from generator.pipeline import GenerateResult

FLUSH_FAILED = 120  # CPython's exit status when stdout cannot be flushed at exit


# What a run made, held by a process that exits right after (entry, os._exit) so that it is not
# freed object by object on the way out.
_LEFT_FOR_EXIT: list[object] = []


def main(argv: list[str] | None = None, *, exiting: bool = False) -> int:
    """Run one command; its exit status. exiting: the process ends right after (entry), so the
    run's objects (its result, the loaded state) are left for os._exit to drop."""
    parser = argparse.ArgumentParser(prog="newsdigest", description=__doc__)
    parser.add_argument("--root", type=Path, default=Path("."),
                        help="project folder holding digest.yml and mkdocs.yml (default: .)")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, text in (("generate", "write Markdown pages for every seed into docs/"),
                       ("build", "mkdocs build --strict (the plugin generates the pages)"),
                       ("serve", "live preview with mkdocs serve; regenerates when seeds change")):
        sub = commands.add_parser(name, help=text)
        sub.add_argument("--seeds", type=Path, help="folder of seed articles (default: seeds)")
        sub.add_argument("--docs", type=Path, help="docs folder (generate only)")
        sub.add_argument("--strict", action="store_true",
                         help="exit non-zero when any seed was rejected")
        sub.add_argument("-q", "--quiet", action="store_true", help="print problems only")
    fetch = commands.add_parser("fetch", help="read feeds; save each new item's page as a "
                                "seed with the feed's title, date, source and authors")
    fetch.add_argument("--feeds", type=Path, help="OPML file or text file of feed URLs, one a "
                       "line (default: the feeds: list in digest.yml)")
    fetch.add_argument("--seeds", type=Path, help="seeds folder (default: seeds); fetch "
                       "writes only below its fetched/ folder")
    fetch.add_argument("--strict", action="store_true",
                       help="exit non-zero when any feed or item failed")
    timex = commands.add_parser("timex", help="tag time expressions in text read from stdin; "
                                "print one JSON object per expression")
    timex.add_argument("--dct", required=True, type=_iso_date,
                       help="document creation (publication) date, YYYY-MM-DD")
    timex.add_argument("--anchor", choices=("news", "narrative"), default="news",
                       help="resolve relative dates against the DCT (news) or the latest date "
                       "mentioned (narrative)")
    args = parser.parse_args(argv)
    if args.command == "timex":
        return _timex(args.dct, args.anchor)
    if args.command == "fetch":
        return _fetch(args.root, args.feeds, args.seeds, args.strict)
    if args.command in ("build", "serve"):
        # The newsdigest MkDocs plugin (mkdocs.yml) generates the pages before each build, so
        # generating here too would do the work twice. The docs folder is MkDocs' docs_dir.
        from generator.mkdocs_plugin import SEEDS_ENV, STRICT_ENV

        env = {STRICT_ENV: "1" if args.strict else "0"}
        if args.seeds:
            env[SEEDS_ENV] = str(args.seeds.resolve())
        mkdocs_args = ["build", "--strict"] if args.command == "build" else ["serve"]
        return _mkdocs(args.root, mkdocs_args, env)
    from generator.pipeline import generate

    if exiting:
        from generator.cache import hold_loaded_states

        hold_loaded_states()
    try:
        # Resolved, like the MkDocs plugin's root: the same folders whichever way it is written.
        settings = load_settings(args.root.resolve(), {"seeds": args.seeds, "docs": args.docs})
    except (OSError, ValueError, TypeError, yaml.YAMLError) as exc:
        print(f"newsdigest: error: {' '.join(str(exc).split())}", file=sys.stderr)
        return 2
    result = generate(settings)
    if exiting:
        _LEFT_FOR_EXIT.append(result)
    _report(result, args.quiet)
    rejected = any(p.fatal for p in result.problems)
    return 1 if args.strict and rejected else 0


def entry(argv: list[str] | None = None) -> NoReturn:
    """The `newsdigest` console script and `python -m generator`: main(), then the steps of the
    interpreter's own exit that anyone can see (other threads joined, atexit callbacks run,
    stdout and stderr flushed) and os._exit. What it skips is tearing down every object of the
    run one by one: a third of a second at 2,225 articles, with nothing left to write (the
    pipeline's process pool is shut down and its files are closed when generate() returns).
    Only for this process: main() stays callable (tests), and the MkDocs plugin never exits."""
    code = main(argv, exiting=True)  # SystemExit (argparse) and errors leave the ordinary way
    threading = sys.modules.get("threading")
    if threading is not None:
        threading._shutdown()  # type: ignore[attr-defined]  # what exit waits for first
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError) as exc:  # e.g. a reader that closed the pipe
            # The interpreter's own exit says so and exits 120 when it cannot flush.
            name = getattr(stream, "name", "output")
            os.write(2, f"newsdigest: error: {name}: {exc}\n".encode(errors="replace"))
            os._exit(FLUSH_FAILED)
    os._exit(code)


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _timex(dct: dt.date, anchor: str) -> int:
    from generator.analyse.timex import tag

    for expression in tag(sys.stdin.read(), dct, anchor=anchor):
        record = {k: v for k, v in expression.to_dict().items()
                  if k in ("start", "end", "text", "type", "value")}
        print(json.dumps(record, ensure_ascii=False))
    return 0


def _fetch(root: Path, feeds_file: Path | None, seeds: Path | None, strict: bool) -> int:
    from generator.fetch import fetch
    from generator.fetch.feeds import FeedError, read_feed_list

    try:
        settings = load_settings(root, {"seeds": seeds.resolve() if seeds else None})
        urls = (read_feed_list(feeds_file.read_text(encoding="utf-8")) if feeds_file
                else [str(u) for u in settings.feeds])
        report = fetch(urls, settings.seeds)
    except (OSError, ValueError, TypeError, yaml.YAMLError, FeedError) as exc:
        print(f"newsdigest: error: {' '.join(str(exc).split())}", file=sys.stderr)
        return 2
    for line in report.problems:
        print(f"newsdigest: {line}", file=sys.stderr)
    print(f"newsdigest: {len(urls)} feeds; {len(report.saved)} new seeds saved, "
          f"{len(report.problems)} problems")
    return 1 if strict and report.failed else 0


def _report(result: GenerateResult, quiet: bool) -> None:
    for problem in result.problems:
        print(f"newsdigest: {problem.line()}", file=sys.stderr)
    for path in result.report.conflicts:
        print(f"newsdigest: warning: docs/{path} is hand-written; the generated page was not "
              "written", file=sys.stderr)
    if not quiet:
        r = result.report
        print(f"newsdigest: {len(result.digest.articles)} articles; {len(r.written)} files "
              f"written, {r.unchanged} unchanged, {len(r.removed)} removed")


def _mkdocs(root: Path, args: list[str], extra_env: dict[str, str]) -> int:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **extra_env}
    return subprocess.call([sys.executable, "-m", "mkdocs", *args], cwd=root, env=env)


if __name__ == "__main__":
    entry()
