"""What a page is made from, as one short hash, so that a warm run can skip a page whose
inputs did not change (the writer keeps the file when the signature is the one it recorded).

A signature must cover everything its page function reads, or a warm run would keep a stale
page: each function below lists, beside the page function it mirrors, the values that page
shows. Signatures are coarse on purpose (a whole story's members and related stories, not what
one line shows): computing them must cost far less than rendering (recording each page's reads
was tried and cost as much as rendering; see the notes of issue 13).
A timeline entry's part is kept between runs (SignatureMemo), by the entry object: the
timeline stage hands the previous run's entry object again when its inputs are the same, and
never changes an entry it made (timeline.TimelineMemo), so its own part need not be made
again, and its part as listed (its own part and the articles it cites) neither, when none of
those articles changed (an article's part is hashed each run and compared with the last run's:
tens of thousands of entries cite a few thousand articles).
Tested by comparing warm output with a cold run's after adding, changing and removing seeds.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields

from generator.models import Article, Digest


@dataclass(frozen=True)
class Encoded:
    """A file given to the writer as its bytes with their SHA-256 (hashed once: digest.json,
    13.7 MB at 2,225 articles, whose hash render keeps for the next run)."""

    data: bytes
    sha256: str


@dataclass(frozen=True)
class Deferred:
    """A page given to the writer by its signature: ``make`` renders it when the writer does
    not hold a file made from the same signature."""

    signature: str
    make: Callable[[], str]


# What a run keeps for the next (in the run state, pickled with the timeline's memo, which holds
# the same entry objects): the timeline entries of the last run ("entries"), their own parts'
# hashes ("tokens") and their parts as listed ("listed"), TOKEN_BYTES each, each in one bytes
# object: a few objects, not one tuple and one string per entry, as the state's save walks
# every object it holds; and each article's part as others list it ("articles": id -> hash).
SignatureMemo = dict[str, object]
TOKEN_BYTES = 16


def _story_fields(story) -> tuple:
    """A story's fields as its pages show them: a related link's score (which moves with
    every new article, as it weighs terms by how rare they are) only orders the links."""
    return tuple((f.name, [(r.story, sorted(r.shared.items()), r.terms) for r in story.related]
                  if f.name == "related" else getattr(story, f.name))
                 for f in fields(story))


def _digest(value: object) -> str:
    return hashlib.blake2b(repr(value).encode("utf-8"), digest_size=16).hexdigest()


class PageSignatures:
    """Signatures of the article, story and entity pages of one digest. ``keys`` gives each
    article's analysis key (cache.cache_key), which stands for all its fields (an article is
    made from its document, settings and code alone); its page path is added, as slugs change
    when titles clash. Parts shared by many pages (a story's, a timeline entry's) are
    computed once."""

    def __init__(self, digest: Digest, keys: Mapping[str, str],
                 page_of: Callable[[str], str], memo: SignatureMemo | None = None) -> None:
        self.digest, self.keys, self.page_of = digest, keys, page_of
        self._stories: dict[str, str] = {}
        self._articles: dict[str, tuple] = {}
        self._links: dict[str, str] = {}
        self._cards: dict[str, str] = {}
        self._entries = self._entry_tokens(memo)

    def _article(self, article_id: str) -> tuple:
        """An article as another page lists it: its content and both pages it may link to."""
        found = self._articles.get(article_id)
        if found is None:
            found = (article_id, self.keys[article_id],
                     self.digest.article_by_id[article_id].page, self.page_of(article_id))
            self._articles[article_id] = found
        return found

    def _entities(self, ids: Iterable[str]) -> list[tuple]:
        names = self.digest.links.entity_by_id
        return [(e, names[e].name, names[e].type, names[e].page) if e in names else (e,)
                for e in sorted(set(ids))]

    def _entry(self, entry) -> str:
        """A timeline entry as a section lists it (timeline_pages.entry_lines): its fields and
        the source names and pages of the articles it cites, as one hash (an entry is listed
        on its story's page, its entities' and its month's: hashed once, each page's
        signature hashes 32 characters per entry, not the entry's parts)."""
        token = self._entries.get(id(entry))
        if token is None:  # not one of the digest's timeline entries
            token = self._entries[id(entry)] = self._listed(entry, _own_token(entry)).hex()
        return token

    def _listed(self, entry, own: bytes) -> bytes:
        return _token((own, [self._article(c.article) for c in entry.sources]))

    def _entry_tokens(self, memo: SignatureMemo | None) -> dict[int, str]:
        """id of each timeline entry -> its part as listed: the memo's for an entry object it
        holds whose cited articles' parts are the last run's (see the module's docstring),
        made for the others; the memo then holds this run's entries only, so it does not grow
        with the runs."""
        entries = self.digest.timeline
        held, own, listed, cited = _held(memo)
        articles = {a: _token(self._article(a)) for a in self.digest.article_by_id}
        moved = {a for a, token in articles.items() if cited.get(a) != token}
        # the entries (ids) listed as in the memo's run: the same object citing articles
        # listed alike (None: no such run known), whose records in the digest.json that run
        # made are this run's too (render.export.PreviousTimeline)
        self.reused: set[int] | None = set() if held else None
        tokens: dict[int, tuple[bytes, bytes]] = {}
        for entry in entries:
            key = id(entry)
            if key in tokens:
                continue
            number = held.get(key)
            if number is None:
                mine = _own_token(entry)
                tokens[key] = (mine, self._listed(entry, mine))
                continue
            mine = own[number * TOKEN_BYTES:(number + 1) * TOKEN_BYTES]
            if any(c.article in moved for c in entry.sources):
                tokens[key] = (mine, self._listed(entry, mine))
            else:
                tokens[key] = (mine, listed[number * TOKEN_BYTES:(number + 1) * TOKEN_BYTES])
                self.reused.add(key)  # type: ignore[union-attr]
        if memo is not None:
            memo["entries"] = list(entries)
            memo["tokens"] = b"".join(tokens[id(entry)][0] for entry in entries)
            memo["listed"] = b"".join(tokens[id(entry)][1] for entry in entries)
            memo["articles"] = articles
        return {key: pair[1].hex() for key, pair in tokens.items()}

    def _linked(self, article_id: str) -> str:
        """An article's links (ArticleLinks), read by its own page and its story's."""
        found = self._links.get(article_id)
        if found is None:
            found = self._links[article_id] = repr(self.digest.links.articles[article_id])
        return found

    def article(self, article: Article) -> str:
        """render.pages.article_page: the article, its links, its story's section (the story,
        each member and each related story's title) and its entities' names and pages."""
        links = self.digest.links
        linked = links.articles[article.id]
        return _digest((self._article(article.id), self._linked(article.id),
                        self._story_part(linked.story),
                        self._entities(linked.entities)))

    def _story_part(self, story_id: str) -> str:
        if story_id not in self._stories:
            links = self.digest.links
            story = links.story_by_id.get(story_id)
            if story is None:
                self._stories[story_id] = ""
            else:
                related = [(r.story, links.story_by_id[r.story].title,
                            links.story_by_id[r.story].last_date)
                           for r in story.related if r.story in links.story_by_id]
                shared = [e for r in story.related for ids in r.shared.values() for e in ids]
                self._stories[story_id] = _digest((
                    _story_fields(story), [self._article(a) for a in story.articles], related,
                    self._entities(shared)))
        return self._stories[story_id]

    def story(self, story) -> str:
        """render.stories.story_page: the story part above plus every member's links (quality,
        the names it uses for entities), the articles its summary and quotes cite, the
        entities it names and its timeline entries."""
        links = self.digest.links
        cited = [e.article for e in story.summary] + [c.article for c in story.quotes]
        reports = list(dict.fromkeys([*story.articles, *cited]))
        members = [self._linked(a) for a in reports]
        named = [*story.entities, *(e for ids in story.shared.values() for e in ids),
                 *(e for a in reports for e in links.articles[a].names.values())]
        entries = [self._entry(e) for e in self.digest.timeline_by_story.get(story.id, [])]
        return _digest((self._story_part(story.id), members,
                        [self._article(a) for a in cited], self._entities(named), entries))

    def entity(self, entity) -> str:
        """render.entities.entity_page_text: the entity, each article naming it (content,
        pages, its story's title, page and date) and the timeline entries naming it."""
        links = self.digest.links
        stories = links.story_by_id
        listed = []
        for a in entity.articles:
            if a in self.digest.article_by_id:
                story = stories.get(links.articles[a].story)
                listed.append((self._article(a), story and (story.id, story.title,
                                                            story.last_date)))
        entries = [self._entry(e) for e in self.digest.timeline_by_entity.get(entity.id, [])]
        return _digest((repr(entity), listed, entries))

    def archive_month(self, path: str, label: str, members: list[Article]) -> str:
        """render.pages._archive_month: its path and title and each article as listed (its
        analysis key stands for its title, date, source and summary; its page)."""
        return _digest((path, label, [self._article(a.id) for a in members]))

    def story_listing(self, path: str, outside: str, stories: list) -> str:
        """render.story_index: a page's path, its text outside the cards (given) and each
        story's card (render.cards.story_card)."""
        return _digest((path, outside, [self._card(s) for s in stories]))

    def _card(self, story) -> str:
        """render.cards.story_card: the story's id, dates, lead, members and copies and its
        entities in order (not its related stories, summary or quotes, which move with many
        new reports: with them, a +1 run rendered 20 of 57 listings at 2,225 articles, not 3),
        each original report as listed and its links (its quality verdict picks the
        headline's report) and the entities' names (a headline may be made of them)."""
        found = self._cards.get(story.id)
        if found is None:
            found = self._cards[story.id] = _digest((
                story.id, story.page, story.first_date, story.last_date, story.lead_article,
                story.articles, story.duplicates, story.entities,
                [(self._article(a), self._linked(a)) for a in story.articles
                 if a not in story.duplicates],
                self._entities(story.entities)))
        return found

    def timeline_month(self, page, before, after) -> str:
        """render.timeline_pages._month_page: the page's path and title, the path and title of
        the pages before and after it (its pager), and each of its entries as listed."""
        neighbours = [(p.path, p.title) if p is not None else None for p in (before, after)]
        return _digest((page.path, page.title, neighbours,
                        [self._entry(e) for e in page.entries]))


def _token(value: object) -> bytes:
    return hashlib.blake2b(repr(value).encode("utf-8"), digest_size=TOKEN_BYTES).digest()


def _own_token(entry) -> bytes:
    return _token(entry)


def _held(memo: SignatureMemo | None) -> tuple[dict[int, int], bytes, bytes, dict]:
    """The memo's entries (id -> number), their own and listed parts and the articles' parts,
    or nothing if the memo is not one this code made."""
    if memo is None:
        return {}, b"", b"", {}
    held, own, listed, cited = (memo.get("entries", []), memo.get("tokens", b""),
                                memo.get("listed", b""), memo.get("articles", {}))
    if not (isinstance(held, list) and isinstance(own, bytes) and isinstance(listed, bytes)
            and isinstance(cited, dict)
            and len(own) == len(listed) == TOKEN_BYTES * len(held)):
        return {}, b"", b"", {}
    return {id(entry): number for number, entry in enumerate(held)}, own, listed, cited
