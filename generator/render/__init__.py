"""Render: the digest as output files (path below docs/ -> text). Pure: writes nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from functools import partial
from itertools import compress
from operator import attrgetter, not_
from typing import TypeVar

from generator.config import Settings
from generator.models import Digest
from generator.render.common import assign_unique_slugs, entity_page
from generator.render.entities import entity_index, entity_page_text
from generator.render.export import (
    PreviousRecords,
    PreviousTimeline,
    digest_json,
    export_articles,
    export_hash,
    site_path,
)
from generator.render.feeds import FeedItem, feed_files
from generator.render.pages import archive_pages, article_page, home_page
from generator.render.signatures import Deferred, Encoded, PageSignatures, SignatureMemo
from generator.render.stories import moved_page, story_page
from generator.render.story_index import story_index_pages
from generator.render.timeline_pages import timeline_pages

EXPORT = "digest.json"
T = TypeVar("T")


def render(digest: Digest, settings: Settings) -> dict[str, str]:
    """All output files at once, by path (render_files gives them one at a time)."""
    return {path: text.data.decode("utf-8") if isinstance(text, Encoded) else text  # digest.json
            for path, text in sorted(render_files(digest, settings))}  # type: ignore[misc]


def render_files(digest: Digest, settings: Settings, keys: Mapping[str, str] | None = None,
                 memo: SignatureMemo | None = None,
                 previous_export: Callable[[str], bytes | None] | None = None,
                 ) -> Iterator[tuple[str, str | Encoded | Deferred]]:
    """The output files one at a time, (path, text), so that the writer can write each and
    let it go (all pages at once are many times the size of the seeds). A path given twice
    is replaced by its later text, as in `render`.

    With ``keys`` (article id -> analysis key), article, story and entity pages come as a
    signature of what they show and a function that renders them (render.signatures): the
    writer renders only those whose signature differs from the one it made the file from;
    ``memo`` (render.signatures.SignatureMemo, updated in place) spares work on them between
    runs. ``previous_export`` reads the digest.json in the output folder if it is the file
    whose hash it is given (called only when digest.json is made, with the hash of the file
    the memo's run made): its records of unchanged entries are used again
    (render.export.PreviousTimeline, PreviousRecords)."""
    links = digest.links
    assign_unique_slugs(digest.articles)
    by_id = digest.article_by_id

    pages: dict[str, str] = {}  # page_of's answers: each article's is asked for many times

    def page_of(article_id: str) -> str:
        """Identical copies have no page of their own: they point at the original."""
        found = pages.get(article_id)
        if found is None:
            found = pages[article_id] = by_id[links.articles[article_id].copy_of
                                              or article_id].page
        return found

    listed = memo.get("entries") if memo is not None else None  # before signed replaces it
    # The hash of the digest.json made by the run the memo's entries are from: taken out
    # until this run's is made, as the entries are replaced now (a run that fails before
    # then leaves no hash, and the next run no file to use again).
    made = memo.pop("export", None) if memo is not None else None
    ids = memo.pop("export ids", None) if memo is not None else None  # the file's, likewise
    signed = PageSignatures(digest, keys, page_of, memo) \
        if keys is not None and keys.keys() >= by_id.keys() else None

    def page(signature: Callable[[], str], make: Callable[[], str]) -> str | Deferred:
        return make() if signed is None else Deferred(signature(), make)

    shown = [a for a in digest.articles if not links.articles[a.id].copy_of]
    yield "index.md", home_page(digest, settings.home_items)
    yield from archive_pages(shown, signed.archive_month if signed is not None else None).items()
    for article in shown:
        yield article.page, page(lambda a=article: signed.article(a),
                                 partial(article_page, article, digest))
    yield from story_index_pages(digest, signed.story_listing if signed is not None else None
                                 ).items()
    if signed is None:
        for story in links.stories:
            yield story.page, story_page(story, digest, page_of)
    else:
        yield from _signed_pages(links.stories, signed.story_kept, signed.story_made,
                                 partial(_entries_of_stories, digest),
                                 lambda s: s.page, partial(story_page, digest=digest,
                                                           page_of=page_of))
    for old, new in links.moved.items():  # merged-away stories: their old URL forwards
        yield f"stories/{old}.md", moved_page(old, links.story_by_id[new])
    yield "entities/index.md", entity_index(digest)
    entities = [entity for entity in links.entities if entity.page]
    if signed is None:
        for entity in entities:
            yield entity_page(entity.id), entity_page_text(entity, digest, page_of)
    else:
        yield from _signed_pages(entities, signed.entity_kept, signed.entity_made,
                                 partial(_entries_of_entities, digest),
                                 lambda e: entity_page(e.id),
                                 partial(entity_page_text, digest=digest, page_of=page_of))
    yield from timeline_pages(digest.timeline, by_id, page_of,
                              sign=signed.timeline_month if signed is not None else None).items()
    yield EXPORT, _export(digest, page_of, memo if signed is not None else None,
                          (listed, made, signed.reused, ids) if signed is not None else None,
                          previous_export, signed)
    yield from feed_files(story_items(digest), settings.docs.parent / "mkdocs.yml").items()


def _signed_pages(values: list, kept: Callable[[T], str | None],
                  made: Callable[[T, list], str],
                  entries_of: Callable[[set[str]], dict[str, list] | None],
                  path: Callable[[T], str], text: Callable[..., str],
                  ) -> Iterator[tuple[str, Deferred]]:
    """The pages of ``values`` (stories or entities) by signature: first which are the
    memo's (``kept``), then the timeline entries of the others, found for those alone
    (``entries_of``: id -> entries, or None to leave them to the digest's index), for their
    signatures (``made``) and their pages (``text``). A kept page rendered all the same (its
    file edited by hand) finds its entries in the digest's index."""
    signatures = [kept(value) for value in values]
    found = entries_of({v.id for v, s in zip(values, signatures, strict=True) if s is None})
    for value, signature in zip(values, signatures, strict=True):
        entries = found.get(value.id, []) if found is not None and signature is None else None
        if signature is None:
            signature = made(value, entries)
        yield path(value), Deferred(signature, partial(text, value, entries=entries))


# A warm run signs and renders a few story and entity pages again: the timeline entries of
# those few are found in one pass over the timeline, rather than by indexing every entry under
# each of its stories and entities (tens of thousands of entries at 2,225 articles). When more
# than this share of the pages is made again (a cold run), the digest's index is built.
FEW_PAGES = 0.25


def _entries_of_stories(digest: Digest, wanted: set[str]) -> dict[str, list] | None:
    """Each wanted story's timeline entries, in timeline order (digest.timeline_by_story's),
    or None where the digest's index is the cheaper (or built already)."""
    if len(wanted) > FEW_PAGES * len(digest.links.stories) or \
            "timeline_by_story" in digest.__dict__:
        return None
    found: dict[str, list] = {}
    timeline = digest.timeline
    for entry in compress(timeline, map(wanted.__contains__, map(_STORY, timeline))):
        found.setdefault(entry.story, []).append(entry)
    return found


def _entries_of_entities(digest: Digest, wanted: set[str]) -> dict[str, list] | None:
    """Each wanted entity's timeline entries, in timeline order (digest.timeline_by_entity's),
    or None where the digest's index is the cheaper (or built already)."""
    if len(wanted) > FEW_PAGES * len(digest.links.entities) or \
            "timeline_by_entity" in digest.__dict__:
        return None
    found: dict[str, list] = {}
    timeline = digest.timeline
    # the entries naming one of them, picked in C (a Python step per entry cost as much as
    # the index)
    for entry in compress(timeline, map(not_, map(wanted.isdisjoint,
                                                   map(_ENTITIES, timeline)))):
        for entity in dict.fromkeys(entry.entities):
            if entity in wanted:
                found.setdefault(entity, []).append(entry)
    return found


_STORY, _ENTITIES = attrgetter("story"), attrgetter("entities")


def _export(digest: Digest, page_of: Callable[[str], str], memo: SignatureMemo | None,
            last: tuple[object, object, set[int] | None, object] | None,
            read_previous: Callable[[str], bytes | None] | None,
            signed: PageSignatures | None = None) -> Encoded:
    """digest.json (its bytes and their hash: made once, for the memo and the writer),
    from the previous one where it can (render.export.PreviousTimeline, PreviousRecords).
    ``last``: the entries of the memo's run, the hash of the digest.json it made, the entries
    listed as then (PageSignatures.reused) and the ids of its other lists in order. The memo
    records the hash of the file made here and those ids, beside the entries and objects it
    was made from (memo is None when this run did not record its entries there: then no hash
    is kept either)."""
    previous = records = None
    if memo is not None and read_previous is not None and last is not None:
        listed, made, kept, ids = last
        data = read_previous(made) if isinstance(made, str) else None
        if data is not None:
            if isinstance(listed, list):
                try:
                    previous = PreviousTimeline(data, listed, kept,  # type: ignore[arg-type]
                                                signed.numbers if signed is not None else None)
                except ValueError:
                    previous = None
            if isinstance(ids, dict):
                try:
                    records = PreviousRecords(data, {name: names.split(_ID_BREAK) if names
                                                     else [] for name, names in ids.items()})
                except (ValueError, AttributeError):
                    records = None
    articles = export_articles(digest)  # sorted once: for the file and the memo's ids
    data = digest_json(digest, page_of, previous, records,
                       signed.unchanged if signed is not None else None, articles)
    del previous, records
    encoded = Encoded(data, export_hash(data))
    if memo is not None:
        memo["export"] = encoded.sha256
        links = digest.links
        memo["export ids"] = {  # one string a list: the state pickles one object, not 16,000
            "articles": _ID_BREAK.join(a.id for a in articles),
            "stories": _ID_BREAK.join(s.id for s in links.stories),
            "entities": _ID_BREAK.join(e.id for e in links.entities)}
    return encoded


# Between the ids of a list in the memo (no id holds it: ids are slugs and hashes).
_ID_BREAK = "\x00"


def story_items(digest: Digest) -> list[FeedItem]:
    """Feed entries: one per story, dated by its newest report, summarised by its best one."""
    by_id = digest.article_by_id
    items = []
    for story in digest.links.stories:
        lead = by_id[story.lead_article]
        sources = sorted({by_id[a].source for a in story.articles if by_id[a].source})
        items.append(FeedItem(story.id, story.title, site_path(story.page), story.last_date,
                              lead.summary, sources))
    return items
