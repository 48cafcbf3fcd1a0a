"""Render: the digest as output files (path below docs/ -> text). Pure: writes nothing."""

from __future__ import annotations

from generator.config import Settings
from generator.models import Digest
from generator.render.export import digest_json
from generator.render.feeds import article_items, feed_files
from generator.render.pages import archive_pages, article_page, home_page


def render(digest: Digest, settings: Settings) -> dict[str, str]:
    files: dict[str, str] = {"index.md": home_page(digest.articles, settings.home_items)}
    files.update(archive_pages(digest.articles))
    for article in digest.articles:
        files[article.page] = article_page(article)
    files["digest.json"] = digest_json(digest)
    # Feeds list articles for now; site_url comes from the mkdocs.yml beside docs/.
    files.update(feed_files(article_items(digest.articles), settings.docs.parent / "mkdocs.yml"))
    return dict(sorted(files.items()))
