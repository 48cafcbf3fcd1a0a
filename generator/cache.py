"""Per-article analysis, cached on disk and run in parallel.

The analysis of an article depends only on its cleaned document and a few settings, so its
result is stored under a key made of those and of the generator's own fingerprint (version plus
a hash of its code and data files): editing an article, or the generator, invalidates exactly
what it should. Cache misses are analysed in a process pool when there are enough of them to
pay for the start-up; results keep the input order, so output stays deterministic.
"""

from __future__ import annotations

import hashlib
import json
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path

from generator import __version__
from generator.analyse import analyse
from generator.analyse.result import ArticleAnalysis
from generator.config import Settings
from generator.models import Article, Block, CleanDocument, Problem

PACKAGE = Path(__file__).resolve().parent
PARALLEL_MIN = 24  # fewer misses than this are analysed in-process


@lru_cache(maxsize=1)
def generator_fingerprint() -> str:
    """Version plus a hash of every source and data file of the package."""
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".txt", ".tsv", ".yml", ".json"):
            digest.update(path.relative_to(PACKAGE).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def cache_key(doc: CleanDocument, settings: Settings, fingerprint: str) -> str:
    payload = {
        "generator": fingerprint,
        "doc": asdict(doc),
        "summary_words": settings.summary_words,
        "wpm": settings.reading_words_per_minute,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def article_from_dict(data: dict) -> Article:
    data = dict(data)
    data["blocks"] = [Block(kind, text) for kind, text in data["blocks"]]
    data["analysis"] = ArticleAnalysis.from_dict(data["analysis"])
    return Article(**data)


class AnalysisCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def load(self, key: str) -> Article | None:
        try:
            return article_from_dict(json.loads(self.path(key).read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError):
            return None  # missing or unreadable: analyse again

    def store(self, key: str, article: Article) -> None:
        path = self.path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(article.to_dict(), ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)


def analyse_all(docs: list[CleanDocument], settings: Settings,
                workers: int | None = None) -> tuple[list[Article], list[Problem]]:
    """Articles for the documents that could be analysed, and a problem for each that could not."""
    cache = AnalysisCache(settings.cache)
    fingerprint = generator_fingerprint()
    keys = [cache_key(doc, settings, fingerprint) for doc in docs]
    results: list[Article | None] = [cache.load(key) for key in keys]
    missing = [i for i, found in enumerate(results) if found is None]
    problems: list[Problem] = []
    for i, outcome in zip(missing, _analyse_many([docs[i] for i in missing], settings, workers),
                          strict=True):
        if isinstance(outcome, str):
            problems.append(Problem(docs[i].seed, f"could not be analysed ({outcome})"))
            continue
        results[i] = outcome
        cache.store(keys[i], outcome)
    return [a for a in results if a is not None], problems


def _analyse_many(docs: list[CleanDocument], settings: Settings,
                  workers: int | None) -> list[Article | str]:
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if workers < 2 or len(docs) < PARALLEL_MIN:
        return [_analyse_safely(doc, settings) for doc in docs]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(_analyse_safely, docs, [settings] * len(docs), chunksize=16))


def _analyse_safely(doc: CleanDocument, settings: Settings) -> Article | str:
    """One article that breaks the analysis must not stop the build: report it instead."""
    try:
        return analyse(doc, settings)
    except (ValueError, TypeError, KeyError, IndexError, RecursionError, OverflowError) as exc:
        return f"{type(exc).__name__}: {' '.join(str(exc).split())[:120]}"
