"""The pipeline: ingest -> clean -> analyse -> link -> timeline -> render -> write.

Data flows one way; each stage takes the previous stage's dataclasses. Analysis of one article
depends on that article alone, so it is cached by content and run in parallel (see cache.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.cache import analyse_all
from generator.clean import clean
from generator.config import Settings
from generator.ingest import read_seeds
from generator.link import link
from generator.models import Digest, Problem
from generator.render import render
from generator.timeline import build_timeline
from generator.write import WriteReport, recover, write_outputs


@dataclass
class GenerateResult:
    digest: Digest
    problems: list[Problem] = field(default_factory=list)
    report: WriteReport = field(default_factory=WriteReport)


def build_digest(settings: Settings) -> tuple[Digest, list[Problem]]:
    ingested = read_seeds(settings.seeds, settings.max_bytes)
    cleaned = [clean(doc, settings.furniture) for doc in ingested.documents]
    articles, failed = analyse_all(cleaned, settings)
    links = link(articles)
    timeline = build_timeline(articles, links)
    return Digest(articles=articles, links=links, timeline=timeline), ingested.problems + failed


def generate(settings: Settings) -> GenerateResult:
    # A run killed while writing left a journal: finish it before anything else, so that even a
    # run that fails later leaves a complete docs/ for MkDocs.
    recover(settings.docs)
    digest, problems = build_digest(settings)
    files = render(digest, settings)
    report = write_outputs(files, settings.docs)
    return GenerateResult(digest, problems, report)
