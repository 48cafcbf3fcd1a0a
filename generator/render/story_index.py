"""The stories index: one page per month of stories (a long month cut at fixed days: its weeks,
then days; render.months.month_pages), newest first, with previous/next links, and an index
page listing the months."""

from __future__ import annotations

from generator.models import Digest
from generator.render.cards import card_markdown, story_card
from generator.render.common import NOT_SEARCHED, link
from generator.render.frontmatter import front_matter
from generator.render.months import (
    day_of_date,
    month_label,
    month_of_date,
    month_pages,
    pager,
)

STORIES_PER_PAGE = 50  # ~0.7 KB of HTML a card: a listing page stays near 60 KB at any size
INDEX = "stories/index.md"


def newest_first(stories: list) -> list:
    return sorted(stories, key=lambda s: (s.last_date, s.id), reverse=True)


def story_index_pages(digest: Digest) -> dict[str, str]:
    stories = newest_first(digest.links.stories)
    pages = month_pages(stories, lambda s: month_of_date(s.last_date),
                        lambda s: day_of_date(s.last_date), "stories", STORIES_PER_PAGE)
    files: dict[str, str] = {}
    for number, page in enumerate(pages):
        nav = pager(pages, number)
        body = [front_matter({"title": f"Stories, {page.label}", "search": NOT_SEARCHED}),
                f"# Stories, {page.label}\n", nav]
        body.extend(card_markdown(story_card(s, digest), page.path) for s in page.items)
        body.append(nav)
        files[page.path] = "\n".join(part for part in body if part)
    files[INDEX] = index_page(digest, pages)
    return files


def index_page(digest: Digest, pages: list) -> str:
    lines = [front_matter({"title": "Stories", "search": NOT_SEARCHED}), "# Stories\n",
             "Reports of the same event, grouped across outlets, newest first, one page per "
             "month.\n"]
    if not pages:
        lines.append("No stories yet.\n")
        return "\n".join(lines)
    counts: dict[str, int] = {}
    for page in pages:
        counts[page.month] = counts.get(page.month, 0) + len(page.items)
    lines.append("## Months\n")
    lines.extend(f"- [{month_label(p.month)}]({link(INDEX, p.path)}) ({counts[p.month]} "
                 f"stor{'ies' if counts[p.month] != 1 else 'y'})" for p in pages if p.number == 1)
    newest = pages[0]
    lines.append(f"\n## Latest: {newest.label}\n")
    lines.extend(card_markdown(story_card(s, digest), INDEX, level=3) for s in newest.items)
    if len(pages) > 1:
        lines.append(f"[More: {pages[1].label} →]({link(INDEX, pages[1].path)})\n")
    return "\n".join(lines)
