"""MkDocs plugin: regenerate the digest's pages before every build, including every rebuild
of `mkdocs serve`, so editing, adding or removing a seed updates the live preview.

Thin on purpose: settings come from digest.yml beside mkdocs.yml and the pages are written
into MkDocs' docs_dir by generator.pipeline.generate. The writer rewrites only changed files,
so the rebuild that MkDocs triggers for the pages written here writes nothing and stops.

Logging: a rejected seed is logged at INFO ("newsdigest: skipped: seeds/x: reason"), not as a
WARNING, because `mkdocs build --strict` fails on any warning and one bad seed must not take
the whole site down. Set NEWSDIGEST_STRICT=1 (what `newsdigest build --strict` does) to fail
the build on rejected seeds instead. A hand-written page in the way of a generated one is a
project mistake, not bad input, and is logged as a WARNING.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from generator.config import load_settings
from generator.pipeline import GenerateResult, generate

log = logging.getLogger("mkdocs.plugins.newsdigest")

STRICT_ENV = "NEWSDIGEST_STRICT"
SEEDS_ENV = "NEWSDIGEST_SEEDS"


class NewsdigestPlugin(BasePlugin):
    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        root = Path(config.config_file_path).resolve().parent
        overrides = {"docs": Path(config.docs_dir), "seeds": os.environ.get(SEEDS_ENV) or None}
        result = generate(load_settings(root, overrides))
        report(result)
        rejected = [p for p in result.problems if p.fatal]
        if rejected and os.environ.get(STRICT_ENV) == "1":
            raise PluginError(f"newsdigest: {len(rejected)} seed(s) rejected ({STRICT_ENV}=1)")


def report(result: GenerateResult) -> None:
    for problem in result.problems:
        log.info("newsdigest: %s", problem.line())
    for path in result.report.conflicts:
        log.warning("newsdigest: docs/%s is hand-written; the generated page was not written",
                    path)
    r = result.report
    log.info("newsdigest: %d articles; %d files written, %d unchanged, %d removed",
             len(result.digest.articles), len(r.written), r.unchanged, len(r.removed))
