"""The pipeline: ingest -> clean -> analyse -> link -> render -> write, one direction only."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.analyse import analyse
from generator.clean import clean
from generator.config import Settings
from generator.ingest import read_seeds
from generator.link import assign_unique_slugs
from generator.models import Digest, Problem
from generator.render import render
from generator.write import WriteReport, write_outputs


@dataclass
class GenerateResult:
    digest: Digest
    problems: list[Problem] = field(default_factory=list)
    report: WriteReport = field(default_factory=WriteReport)


def build_digest(settings: Settings) -> tuple[Digest, list[Problem]]:
    ingested = read_seeds(settings.seeds, settings.max_bytes)
    cleaned = [clean(doc, settings.furniture) for doc in ingested.documents]
    articles = [analyse(doc, settings) for doc in cleaned]
    articles = assign_unique_slugs(articles)
    return Digest(articles=articles), ingested.problems


def generate(settings: Settings) -> GenerateResult:
    digest, problems = build_digest(settings)
    files = render(digest, settings)
    report = write_outputs(files, settings.docs)
    return GenerateResult(digest, problems, report)
