"""Markdown pages: one per article, the home page and the archive by month."""

from __future__ import annotations

import datetime as dt
import posixpath
from collections import defaultdict

from generator.models import Article
from generator.render.escape import escape_markdown as md
from generator.render.frontmatter import front_matter

INFERRED_LABELS = {
    "title": "title",
    "source": "source",
    "date": "date",
    "authors": "authors",
    "language": "language",
}


def link(from_page: str, to_page: str) -> str:
    """Relative link between two pages given by their paths below docs/."""
    return posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")


def human_date(iso: str) -> str:
    try:
        return dt.date.fromisoformat(iso).strftime("%-d %B %Y")
    except ValueError:
        return iso


def byline(article: Article) -> str:
    parts = [md(article.source or "Unknown source"), human_date(article.date),
             f"{article.reading_minutes} min read"]
    if article.authors:
        parts.insert(1, "by " + md(", ".join(article.authors)))
    return " · ".join(parts)


def article_page(article: Article) -> str:
    meta = {
        "id": article.id,
        "title": article.title,
        "description": article.summary,
        "date": article.date,
        "source": article.source,
        "authors": article.authors,
        "contributors": article.contributors,
        "url": article.url,
        "tags": article.tags,
        "language": article.language,
        "summary": article.summary,
        "word_count": article.word_count,
        "reading_time": article.reading_minutes,
        "inferred": article.inferred,
        "seed": article.seed,
    }
    lines = [front_matter(meta), f"# {md(article.title)}\n", f"*{byline(article)}*\n"]
    paragraph = 0
    for block in article.blocks:
        if block.kind == "h":
            lines.append(f"## {md(block.text)}\n")
        else:
            paragraph += 1
            # A stable anchor per paragraph, so the timeline can cite the exact place.
            lines.append(f"{md(block.text)}\n{{: #p{paragraph} }}\n")
    lines.append(_provenance(article))
    return "\n".join(lines)


def _provenance(article: Article) -> str:
    rows = ["---\n", f"Seed file: `{article.seed.replace('`', '')}`  "]
    if article.url.startswith(("http://", "https://")):
        rows.append(f"Original: <{article.url.replace('>', '%3E').replace(' ', '%20')}>  ")
    if article.contributors:
        rows.append("Contributors: " + md(", ".join(article.contributors)) + "  ")
    if article.inferred:
        how = "; ".join(f"{INFERRED_LABELS.get(k, k)} from {md(v)}"
                        for k, v in sorted(article.inferred.items()))
        rows.append(f"Inferred by the generator: {how}.")
    return "\n".join(rows) + "\n"


def newest_first(articles: list[Article]) -> list[Article]:
    return sorted(articles, key=lambda a: (a.date, a.id), reverse=True)


def digest_item(article: Article, from_page: str) -> str:
    title = f"[{md(article.title)}]({link(from_page, article.page)})"
    meta = f"{md(article.source or 'Unknown source')} · {human_date(article.date)}"
    return f"### {title}\n\n<small>{meta}</small>\n\n{md(article.summary)}\n"


def home_page(articles: list[Article], limit: int) -> str:
    ordered = newest_first(articles)
    lines = [front_matter({"title": "News digest", "hide": ["navigation"]}),
             "# News digest\n"]
    if not ordered:
        lines.append("No articles yet: drop text files into `seeds/` and rebuild.\n")
    for article in ordered[:limit]:
        lines.append(digest_item(article, "index.md"))
    if len(ordered) > limit:
        lines.append(f"[All {len(ordered)} articles by month](articles/index.md)\n")
    return "\n".join(lines)


def archive_pages(articles: list[Article]) -> dict[str, str]:
    """articles/index.md (months, newest first) and one page per month."""
    by_month: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        by_month[article.date[:7]].append(article)
    pages: dict[str, str] = {}
    index = [front_matter({"title": "Articles"}), "# Articles by month\n"]
    for month in sorted(by_month, reverse=True):
        page = f"articles/{month[:4]}/{month[5:7]}/index.md"
        label = human_date(month + "-01").split(" ", 1)[1]
        members = newest_first(by_month[month])
        index.append(f"- [{label}]({link('articles/index.md', page)}) ({len(members)})")
        body = [front_matter({"title": f"Articles, {label}"}), f"# Articles, {label}\n"]
        body.extend(digest_item(a, page) for a in members)
        pages[page] = "\n".join(body)
    pages["articles/index.md"] = "\n".join(index) + "\n"
    return pages
