"""Entity pages (people, organisations, places) and their index."""

from __future__ import annotations

from generator.link.entities import Entity
from generator.models import Article, Digest
from generator.render.common import (
    ENTITY_TYPES,
    NO_SEARCH,
    NOT_SEARCHED,
    TYPE_LABELS,
    entity_page,
    human_date,
    link,
    newest_first,
)
from generator.render.escape import escape_markdown as md
from generator.render.frontmatter import front_matter
from generator.render.timeline_pages import INDEX as TIMELINE_INDEX
from generator.render.timeline_pages import timeline_section
from generator.text import sentence_spans
from generator.timex_value import parse

MAX_MENTIONS = 40
# An entity page lists at most this many of the entity's timeline events: the latest dated ones,
# in timeline order, and says where the rest are (the timeline). A place named in every other
# report (at 600 BBC articles "United States" has 581 events, 190 KB of Markdown, three quarters
# of it the events) made its page the largest of the site: slow to open, and the page most
# often rebuilt, since a new report naming it changes it (`mkdocs serve --dirty`).
MAX_EVENTS = 40


def entity_page_text(entity: Entity, digest: Digest, page_of, entries: list | None = None) -> str:
    """``entries``: the timeline entries naming the entity, if the caller has them
    (digest.timeline_by_entity's)."""
    page = entity_page(entity.id)
    links = digest.links
    by_id = digest.article_by_id
    articles = newest_first([by_id[a] for a in entity.articles if a in by_id])
    story_ids = list(dict.fromkeys(links.articles[a.id].story for a in articles))
    stories = links.story_by_id
    meta = {"title": entity.name, "description": f"{TYPE_LABELS[entity.type]} in the news digest",
            "entity_type": entity.type, "page_type": "entity"}
    lines = [front_matter(meta), f"# {md(entity.name)}\n",
             f"*{TYPE_LABELS[entity.type]} · mentioned {entity.mentions} times in "
             f"{len(articles)} article{'s' if len(articles) != 1 else ''}*\n"]
    aliases = [a for a in entity.aliases if a != entity.name]
    if aliases:
        lines.append("Also written as: " + ", ".join(md(a) for a in aliases[:12]) + "\n")
    lines.append(f"## Stories{NO_SEARCH}\n")
    lines.extend(f"- [{md(stories[s].title)}]({link(page, stories[s].page)}) · "
                 f"{human_date(stories[s].last_date)}" for s in story_ids)
    lines.append(f"\n## Where it is mentioned{NO_SEARCH}\n")
    lines.extend(_mention_line(entity, a, page, page_of) for a in articles[:MAX_MENTIONS])
    if entries is None:
        entries = digest.timeline_by_entity.get(entity.id, [])
    lines.append("\n" + _events_section(entries, by_id, page, page_of))
    return "\n".join(lines) + "\n"


def _events_section(entries: list, by_id: dict[str, Article], page: str, page_of) -> str:
    """The entity's timeline: every event while they are few, else the MAX_EVENTS latest
    dated ones and a line naming how many there are and where all of them are listed."""
    if len(entries) <= MAX_EVENTS:
        return timeline_section(entries, by_id, page, page_of)
    shown = [e for e in entries if parse(e.date).on_calendar][-MAX_EVENTS:]
    which = f"the {len(shown)} latest listed here" if shown else "none of them dated"
    heading = (f"## Timeline{NO_SEARCH}\n\n*{len(entries)} events, {which}; the "
               f"[timeline]({link(page, TIMELINE_INDEX)}) lists them all.*")
    return timeline_section(shown, by_id, page, page_of, heading=heading) or heading + "\n"


def _mention_line(entity: Entity, article: Article, page: str, page_of) -> str:
    analysis = article.analysis
    names = {entity.name, *entity.aliases}
    paragraphs = [b.text for b in article.blocks if b.kind == "p"]
    for mention in analysis.mentions:
        number = mention.paragraph
        if mention.name in names and number >= 1:
            snippet = _sentence_at(paragraphs[number - 1], mention.start)
            target = link(page, page_of(article.id), f"p{number}")
            return (f"- [{md(article.title)}]({target}) · {human_date(article.date)}: "
                    f"“{md(snippet)}”")
    return f"- [{md(article.title)}]({link(page, page_of(article.id))}) · " \
           f"{human_date(article.date)}"


def _sentence_at(paragraph: str, offset: int) -> str:
    for start, end in sentence_spans(paragraph):
        if start <= offset < end:
            text = paragraph[start:end]
            return text if len(text) <= 240 else text[:237].rsplit(" ", 1)[0] + " …"
    return paragraph[:200]


def entity_index(digest: Digest) -> str:
    """Every entity with a page, by type and name. Not ranked by how many articles name each,
    nor counted: a count here changed this page (1,400 lines at 2,225 articles) with nearly
    every new report; an entity's own page says how often it is named, and changes anyway."""
    links = digest.links
    shown = [e for e in links.entities if e.page]
    lines = [front_matter({"title": "People, places, organisations and products",
                           "search": NOT_SEARCHED}),
             "# People, places, organisations and products\n"]
    for kind, _, label in ENTITY_TYPES:
        members = sorted((e for e in shown if e.type == kind),
                         key=lambda e: (e.name.casefold(), e.name, e.id))
        if not members:
            continue
        lines.append(f"## {label}\n")
        lines.extend(f"- [{md(e.name)}]({e.id}.md)" for e in members)
        lines.append("")
    return "\n".join(lines) + "\n"
