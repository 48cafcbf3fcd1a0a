"""Link: relate articles to each other. For now: unique, stable page slugs."""

from __future__ import annotations

from collections import defaultdict

from generator.models import Article

RESERVED_SLUGS = {"index", "tags", "feed", "search"}


def assign_unique_slugs(articles: list[Article]) -> list[Article]:
    """Two articles whose titles slugify alike in one month get distinct pages.

    The article with the smallest id keeps the plain slug, so adding a newer article with the
    same title never renames an existing page; the others get their id appended.
    """
    by_page: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        if article.slug in RESERVED_SLUGS:
            article.slug = f"{article.slug}-{article.id}"
        by_page[article.page].append(article)
    for clash in by_page.values():
        for article in sorted(clash, key=lambda a: a.id)[1:]:
            article.slug = f"{article.slug}-{article.id}"
    return articles
