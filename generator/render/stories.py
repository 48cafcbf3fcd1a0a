"""Story pages and the story index."""

from __future__ import annotations

from generator.analyse.quotes import Quote
from generator.link import StoryInfo
from generator.models import Article, Digest
from generator.render.charts import story_chart
from generator.render.common import (
    ENTITY_TYPES,
    NO_SEARCH,
    NOT_SEARCHED,
    badge,
    entity_page,
    human_date,
    link,
    newest_first,
    reason_text,
    shared_text,
    source_name,
)
from generator.render.escape import escape_markdown as md
from generator.render.frontmatter import front_matter
from generator.render.timeline_pages import date_label, timeline_section
from generator.timex_value import parse

# A story timeline longer than this is folded into a closed <details> below its heading. At 600
# BBC articles the largest story had 355 events: three quarters of its page's HTML and elements,
# between the reader and the people and related stories below them, and the bulk of the style and
# layout work of opening the page on a phone (a closed <details> is not laid out until opened;
# the chart above still draws the story's events on a time axis, and find-in-page opens it).
TIMELINE_SHOWN_OPEN = 20


def story_page(story: StoryInfo, digest: Digest, page_of, entries: list | None = None) -> str:
    """``entries``: the story's timeline entries, if the caller has them
    (digest.timeline_by_story's)."""
    links = digest.links
    by_id = digest.article_by_id
    members = [by_id[a] for a in story.articles]
    originals = [a for a in members if a.id not in story.duplicates]
    clean = [a for a in originals if not links.articles[a.id].quality.spun]
    spun = [a for a in originals if links.articles[a.id].quality.spun]
    lead = by_id[story.lead_article]
    page = story.page
    if entries is None:
        entries = digest.timeline_by_story.get(story.id, [])
    meta = {"title": story.title, "description": lead.summary, "date": story.last_date,
            "published": story.first_date,
            "source": lead.source, "authors": lead.authors, "story": story.id,
            "page_type": "story"}
    if len(story.articles) == 1:
        # A one-report story page repeats its article's title and words, and being shorter it
        # would outrank the article in search; the article is the page a reader looks for.
        meta["search"] = NOT_SEARCHED
    count = len(originals)
    dates = human_date(story.first_date) if story.first_date == story.last_date else \
        f"{human_date(story.first_date)} – {human_date(story.last_date)}"
    lines = [front_matter(meta), f"# {md(story.title)}\n",
             f"*{count} report{'s' if count != 1 else ''} · {dates}*\n",
             _why(story, digest),
             _summary(story, digest, page, page_of),
             story_chart(story.id, originals, entries),
             _sources(clean, spun, members, story, page, page_of),
             _quotes(story, digest, page, page_of),
             _timeline(entries, by_id, page, page_of),
             _entities(story, digest, page),
             _related(story, digest, page)]
    return "\n".join(part for part in lines if part)


def _timeline(entries: list, by_id: dict[str, Article], page: str, page_of) -> str:
    if len(entries) <= TIMELINE_SHOWN_OPEN:
        return timeline_section(entries, by_id, page, page_of)
    span = _date_span([e.date for e in entries])
    heading = (f'## Timeline{NO_SEARCH}\n\n<details class="nd-fold" markdown>\n'
               f"<summary>All {len(entries)} events{span}</summary>\n")
    return timeline_section(entries, by_id, page, page_of, heading=heading) + "\n</details>\n"


def _date_span(dates: list[str]) -> str:
    """' from 1973 to 16 February 2005': the first and last dated entries (entries come in date
    order, those whose date is not set last)."""
    labels = [date_label(d) for d in dates if parse(d).on_calendar]
    if not labels or labels[0] == labels[-1]:
        return f", {labels[0]}" if labels else ""
    return f", {labels[0]} to {labels[-1]}"


def _why(story, digest: Digest) -> str:
    """One line saying what most reports of the story share, so a reader can judge the
    grouping (link gives the evidence as entity ids and terms; words are made here)."""
    parts = shared_text(story.shared, digest.links.entity_by_id)
    if story.terms:
        parts.append("shared terms: " + ", ".join(story.terms))
    if not parts:
        return ""
    return md("Why these reports are one story: " + "; ".join(parts)) + "\n"


def moved_page(old_id: str, story) -> str:
    """The page left at a merged-away story's address: where the story went. The refresh
    URL is the target's directory URL (MkDocs' default use_directory_urls); the Markdown link
    is resolved by MkDocs whatever that setting."""
    meta = {"title": f"Moved: {story.title}", "search": NOT_SEARCHED, "page_type": "moved"}
    return "\n".join([
        front_matter(meta),
        "# This story has moved\n",
        f'<meta http-equiv="refresh" content="0; url=../{story.id}/">\n',
        f"Its reports are now part of the story [{md(story.title)}]({story.id}.md).\n"])


def _summary(story: StoryInfo, digest: Digest, page: str, page_of) -> str:
    """The story's summary sentences, each linked to the paragraph it comes from."""
    by_id = digest.article_by_id
    text = " ".join(f"{md(e.text)} <small>([{source_name(by_id[e.article])}]"
                    f"({link(page, page_of(e.article), f'p{e.paragraph}')}))</small>"
                    for e in story.summary)
    return f"## Summary\n\n{text}\n"


def _sources(clean: list[Article], spun: list[Article], members: list[Article], story,
             page: str, page_of) -> str:
    lines = [f"## Sources{NO_SEARCH}\n"]
    for article in newest_first(clean):
        lines.append(_source_line(article, page, page_of))
    if spun:
        lines.append(f"\n**Also carried by** {badge('Spun copy', 'spun')} — machine-paraphrased "
                     "copies of another report; their wording is not used on this page:\n")
        lines.extend(_source_line(a, page, page_of) for a in newest_first(spun))
    copies = [a for a in members if a.id in story.duplicates]
    if copies:
        lines.append("\n**Identical copies** (the same text from another place, shown once):\n")
        lines.extend(f"- {source_name(a)} · {human_date(a.date)} · `{a.seed.replace('`', '')}`"
                     for a in copies)
    return "\n".join(lines) + "\n"


def _source_line(article: Article, page: str, page_of) -> str:
    return (f"- **{source_name(article)}** · [{md(article.title)}]"
            f"({link(page, page_of(article.id))}) · {human_date(article.date)}")


def _quotes(story: StoryInfo, digest: Digest, page: str, page_of) -> str:
    by_id = digest.article_by_id
    lines = [_quote_line(c.quote, by_id[c.article], c.quote.paragraph, digest.links, page,
                         page_of) for c in story.quotes]
    return f"## Quotes{NO_SEARCH}\n\n" + "\n\n".join(lines) + "\n" if lines else ""


def _quote_line(quote: Quote, article: Article, paragraph: int, links, page: str,
                page_of) -> str:
    speaker = md(quote.speaker)
    entity = _speaker_entity(quote.speaker, article.id, links)
    if entity:
        speaker = f"[{speaker}]({link(page, entity_page(entity))})"
    where = link(page, page_of(article.id), f"p{paragraph}")
    return f"> “{md(quote.text)}”\n>\n> — {speaker}, [{source_name(article)}]({where})"


def _speaker_entity(speaker: str, article_id: str, links) -> str | None:
    words_in = speaker.split()
    for size in range(len(words_in), 0, -1):
        for start in range(len(words_in) - size + 1):
            name = " ".join(words_in[start:start + size])
            entity = links.articles[article_id].names.get(name)
            if entity and links.entity_by_id[entity].page:
                return entity
    return None


def _entities(story, digest: Digest, page: str) -> str:
    if not story.entities:
        return ""
    by_id = digest.links.entity_by_id
    lines = [f"## People, places, organisations and products{NO_SEARCH}\n"]
    for kind, _, label in ENTITY_TYPES:
        items = [f"[{md(by_id[e].name)}]({link(page, entity_page(e))})"
                 for e in story.entities if by_id[e].type == kind]
        if items:
            lines.append(f"- **{label}:** " + " · ".join(items))
    return "\n".join(lines) + "\n"


def _related(story, digest: Digest, page: str) -> str:
    stories = digest.links.story_by_id
    related = [r for r in story.related if r.story in stories]
    if not related:
        return ""
    lines = [f"## Related stories{NO_SEARCH}\n"]
    for rel in related:
        target = stories[rel.story]
        reasons = md(reason_text(rel, digest.links.entity_by_id))
        lines.append(f"- [{md(target.title)}]({link(page, target.page)}) — {reasons}")
    return "\n".join(lines) + "\n"
