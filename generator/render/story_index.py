"""The stories index: one page per month of stories (a long month cut at fixed days: its weeks,
then days; render.months.month_pages), newest first, with previous/next links, and an index
page listing the months."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

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
from generator.render.signatures import Deferred

STORIES_PER_PAGE = 50  # ~0.7 KB of HTML a card: a listing page stays near 60 KB at any size
INDEX = "stories/index.md"


def newest_first(stories: list) -> list:
    return sorted(stories, key=lambda s: (s.last_date, s.id), reverse=True)


# What a listing of stories shows besides its cards: its path, its text outside them (title,
# pager) and each story's card. render.signatures.PageSignatures.story_listing.
ListingSigner = Callable[[str, str, list], str]


def story_index_pages(digest: Digest,
                      sign: ListingSigner | None = None) -> dict[str, str | Deferred]:
    """The month pages and the index. With ``sign``, each page comes as its signature and the
    function that renders it (render.signatures.Deferred): a new report changes the cards of
    its story's days only (every page and card was made on every run before)."""
    stories = newest_first(digest.links.stories)
    pages = month_pages(stories, lambda s: month_of_date(s.last_date),
                        lambda s: day_of_date(s.last_date), "stories", STORIES_PER_PAGE)
    files: dict[str, str | Deferred] = {}
    for number, page in enumerate(pages):
        nav = pager(pages, number)
        make = partial(_listing_page, digest, page, nav)
        files[page.path] = make() if sign is None else \
            Deferred(sign(page.path, page.label + nav, page.items), make)
    if sign is None or not pages:
        files[INDEX] = index_page(digest, pages)
    else:  # the index shows the months and the newest page's cards
        outside = repr(_index_head(pages))
        files[INDEX] = Deferred(sign(INDEX, outside, pages[0].items),
                                partial(index_page, digest, pages))
    return files


def _listing_page(digest: Digest, page, nav: str) -> str:
    body = [front_matter({"title": f"Stories, {page.label}", "search": NOT_SEARCHED}),
            f"# Stories, {page.label}\n", nav]
    body.extend(card_markdown(story_card(s, digest), page.path) for s in page.items)
    body.append(nav)
    return "\n".join(part for part in body if part)


def index_page(digest: Digest, pages: list) -> str:
    lines = [front_matter({"title": "Stories", "search": NOT_SEARCHED}), "# Stories\n",
             "Reports of the same event, grouped across outlets, newest first, one page per "
             "month.\n"]
    if not pages:
        lines.append("No stories yet.\n")
        return "\n".join(lines)
    head = _index_head(pages)
    lines.extend(head[:-1])
    lines.extend(card_markdown(story_card(s, digest), INDEX, level=3) for s in pages[0].items)
    lines.append(head[-1])
    return "\n".join(line for line in lines if line is not None)


def _index_head(pages: list) -> list:
    """The index's lines besides its cards (which go before the last one, None when there is
    only one page): the months, with their counts, and the newest page's heading."""
    counts: dict[str, int] = {}
    for page in pages:
        counts[page.month] = counts.get(page.month, 0) + len(page.items)
    lines = ["## Months\n"]
    lines.extend(f"- [{month_label(p.month)}]({link(INDEX, p.path)}) ({counts[p.month]} "
                 f"stor{'ies' if counts[p.month] != 1 else 'y'})" for p in pages if p.number == 1)
    newest = pages[0]
    lines.append(f"\n## Latest: {newest.label}\n")
    lines.append(f"[More: {pages[1].label} →]({link(INDEX, pages[1].path)})\n"
                 if len(pages) > 1 else None)
    return lines
