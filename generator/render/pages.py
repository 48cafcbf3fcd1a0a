"""Markdown pages for articles, the home page and the archive by month."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from functools import partial

from generator.models import Article, Digest
from generator.render.cards import card_markdown, ranked, story_card
from generator.render.common import (
    NO_SEARCH,
    NOT_SEARCHED,
    article_metadata,
    badge,
    entity_page,
    human_date,
    link,
    newest_first,
    reason_text,
    source_name,
)
from generator.render.escape import escape_markdown as md
from generator.render.frontmatter import front_matter
from generator.render.signatures import Deferred

ENTITY_LINKS = 15  # entities linked from an article page


def byline(article: Article) -> str:
    # A date that is only a guess (a file's time) is not shown as a publication date.
    guessed = article.inferred.get("date", "").endswith("(guess)")
    parts = [source_name(article), "date unknown" if guessed else human_date(article.date),
             f"{article.reading_minutes} min read"]
    if article.authors:
        parts.insert(1, "by " + md(", ".join(article.authors)))
    return " · ".join(parts)


def article_page(article: Article, digest: Digest) -> str:
    linked = digest.links.articles[article.id]
    quality = linked.quality
    meta = {
        **article_metadata(article),
        "description": article.summary,
        "reading_time": article.reading_minutes,
        "story": linked.story,
        "quality": round(quality.score, 3),
        "spun": quality.spun,
        "page_type": "article",
    }
    lines = [front_matter(meta), f"# {md(article.title)}\n", f"*{byline(article)}*\n"]
    if quality.spun:
        lines.append(spun_notice(quality))
    paragraph = 0
    for block in article.blocks:
        if block.kind == "h":
            lines.append(f"## {md(block.text)}\n")
        else:
            paragraph += 1
            # A stable anchor per paragraph, so the timeline can cite the exact place.
            lines.append(f"{md(block.text)}\n{{: #p{paragraph} }}\n")
    lines.append(_story_section(article, digest))
    lines.append(_entity_section(article, digest))
    lines.append(_provenance(article))
    return "\n".join(line for line in lines if line)


def spun_notice(quality) -> str:
    reasons = "\n".join(f"- {md(r.detail)}" for r in quality.reasons
                        if r.signal in ("spun-phrase", "collocation", "alignment"))
    return (f"{badge('Spun copy', 'spun')} This text looks machine-paraphrased (“spun”) from "
            f"another outlet's report, so names and wording may be wrong. Evidence:\n\n"
            f"{reasons}\n")


def _story_section(article: Article, digest: Digest) -> str:
    links = digest.links
    story = links.story_by_id.get(links.articles[article.id].story)
    if story is None:
        return ""
    by_id = digest.article_by_id
    others = [by_id[a] for a in story.articles if a != article.id]
    lines = [f"## In this story{NO_SEARCH}\n",
             f"Part of the story [{md(story.title)}]({link(article.page, story.page)}) "
             f"({len(story.articles)} report{'s' if len(story.articles) != 1 else ''}).\n"]
    for other in newest_first(others):
        target = by_id[story.duplicates.get(other.id, other.id)]
        lines.append(f"- [{md(other.title)}]({link(article.page, target.page)}) · "
                     f"{source_name(other)} · {human_date(other.date)}")
    stories = links.story_by_id
    related = [r for r in story.related if r.story in stories]
    if related:
        lines.append("\n**Related stories**\n")
        for rel in related:
            target = stories[rel.story]
            reasons = reason_text(rel, links.entity_by_id)
            lines.append(f"- [{md(target.title)}]({link(article.page, target.page)}) · "
                         f"{md(reasons)}")
    return "\n".join(lines) + "\n"


def _entity_section(article: Article, digest: Digest) -> str:
    links = digest.links
    names = links.entity_by_id
    with_pages = [e for e in links.articles[article.id].entities
                  if names[e].page][:ENTITY_LINKS]
    if not with_pages:
        return ""
    items = [f"[{md(names[e].name)}]({link(article.page, entity_page(e))})" for e in with_pages]
    return "**People, places, organisations and products:** " + " · ".join(items) + "\n"


def _provenance(article: Article) -> str:
    rows = ["---\n", f"Seed file: `{article.seed.replace('`', '')}`  "]
    if article.url.startswith(("http://", "https://")):
        rows.append(f"Original: <{article.url.replace('>', '%3E').replace(' ', '%20')}>  ")
    if article.contributors:
        rows.append("Contributors: " + md(", ".join(article.contributors)) + "  ")
    if article.inferred:
        how = "; ".join(f"{k} from {md(v)}" for k, v in sorted(article.inferred.items()))
        rows.append(f"Inferred by the generator: {how}.")
    return "\n".join(rows) + "\n"


def home_page(digest: Digest, limit: int) -> str:
    """The front page: stories ranked by coverage and recency, one card each."""
    stories = digest.links.stories
    lines = [front_matter({"title": "News digest", "hide": ["navigation", "toc"],
                           "search": NOT_SEARCHED}),
             "# News digest\n"]
    if not stories:
        lines.append("No articles yet: drop text files into `seeds/` and rebuild.\n")
    for story in ranked(stories, digest)[:limit]:
        lines.append(card_markdown(story_card(story, digest), "index.md"))
    lines.append(f"[All {len(stories)} stor{'ies' if len(stories) != 1 else 'y'} by month]"
                 "(stories/index.md) · "
                 f"[Articles by month](articles/index.md)\n")
    return "\n".join(lines)


def digest_item(article: Article, from_page: str) -> str:
    title = f"[{md(article.title)}]({link(from_page, article.page)})"
    meta = f"{source_name(article)} · {human_date(article.date)}"
    return f"### {title}\n\n<small>{meta}</small>\n\n{md(article.summary)}\n"


# What a month of the archive shows: its path and title and, newest first, each article's
# title, date, source and summary (its analysis key stands for them) and page.
# render.signatures.PageSignatures.archive_month.
ArchiveSigner = Callable[[str, str, list[Article]], str]


def archive_pages(articles: list[Article],
                  sign: ArchiveSigner | None = None) -> dict[str, str | Deferred]:
    """articles/index.md (months, newest first) and one page per month. With ``sign``, each
    month's page comes as its signature and the function that renders it
    (render.signatures.Deferred): a new report changes its own month's page only."""
    by_month: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        by_month[article.date[:7]].append(article)
    pages: dict[str, str | Deferred] = {}
    index = [front_matter({"title": "Articles", "search": NOT_SEARCHED}), "# Articles by month\n"]
    for month in sorted(by_month, reverse=True):
        page = f"articles/{month[:4]}/{month[5:7]}/index.md"
        label = human_date(month + "-01").split(" ", 1)[1]
        members = newest_first(by_month[month])
        index.append(f"- [{label}]({link('articles/index.md', page)}) ({len(members)})")
        make = partial(_archive_month, page, label, members)
        pages[page] = make() if sign is None else Deferred(sign(page, label, members), make)
    pages["articles/index.md"] = "\n".join(index) + "\n"
    return pages


def _archive_month(page: str, label: str, members: list[Article]) -> str:
    body = [front_matter({"title": f"Articles, {label}", "search": NOT_SEARCHED}),
            f"# Articles, {label}\n"]
    body.extend(digest_item(a, page) for a in members)
    return "\n".join(body)
