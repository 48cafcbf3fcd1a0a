"""digest.json: a stable machine-readable export of what the site shows (docs/export.md)."""

from __future__ import annotations

import json
from typing import Any

from generator import __version__
from generator.models import Digest

EXPORT_VERSION = 1


def article_record(article: Any) -> dict[str, Any]:
    return {
        "id": article.id,
        "seed": article.seed,
        "page": article.url_path,
        "title": article.title,
        "date": article.date,
        "source": article.source,
        "authors": article.authors,
        "contributors": article.contributors,
        "url": article.url,
        "tags": article.tags,
        "language": article.language,
        "inferred": article.inferred,
        "summary": article.summary,
        "word_count": article.word_count,
    }


def digest_json(digest: Digest) -> str:
    articles = sorted(digest.articles, key=lambda a: (a.date, a.id), reverse=True)
    data = {
        "version": EXPORT_VERSION,
        "generator": f"newsdigest {__version__}",
        "articles": [article_record(a) for a in articles],
    }
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n"
