"""Command line: newsdigest generate | build | serve."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import yaml

from generator.config import load_settings
from generator.pipeline import GenerateResult, generate
from generator.write import recover


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="newsdigest", description=__doc__)
    parser.add_argument("--root", type=Path, default=Path("."),
                        help="project folder holding digest.yml and mkdocs.yml (default: .)")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, text in (("generate", "write Markdown pages for every seed into docs/"),
                       ("build", "generate, then build the site with mkdocs build --strict"),
                       ("serve", "generate, then preview the site with mkdocs serve")):
        sub = commands.add_parser(name, help=text)
        sub.add_argument("--seeds", type=Path, help="folder of seed articles (default: seeds)")
        sub.add_argument("--docs", type=Path, help="MkDocs docs folder (default: docs)")
        sub.add_argument("--strict", action="store_true",
                         help="exit non-zero when any seed was rejected")
        sub.add_argument("-q", "--quiet", action="store_true", help="print problems only")
    args = parser.parse_args(argv)
    try:
        settings = load_settings(args.root, {"seeds": args.seeds, "docs": args.docs})
    except (OSError, ValueError, TypeError, yaml.YAMLError) as exc:
        print(f"newsdigest: error: {' '.join(str(exc).split())}", file=sys.stderr)
        return 2
    # A run killed while writing left a journal: finish it before anything else reads docs/,
    # so even a run that fails later starts from a complete output.
    recover(settings.docs)
    result = generate(settings)
    _report(result, args.quiet)
    rejected = any(p.fatal for p in result.problems)
    if args.strict and rejected:
        return 1
    if args.command == "build":
        return _mkdocs(args.root, ["build", "--strict"])
    if args.command == "serve":
        return _mkdocs(args.root, ["serve"])
    return 0


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


def _mkdocs(root: Path, args: list[str]) -> int:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.call([sys.executable, "-m", "mkdocs", *args], cwd=root, env=env)


if __name__ == "__main__":
    sys.exit(main())
