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
The parts of link's objects (a story's fields, an entity, an article's ArticleLinks, a story's
card) are kept between runs the same way, by the object (HeldParts): link hands the previous
run's object back when its value is the same and never changes an object it handed out, so
an unchanged object costs a dict lookup, not a repr and a hash.
Parts are 16-byte tokens, and a page's signature hashes its parts' tokens one after another
(_sign), not the repr of a tuple of reprs.
Tested by comparing warm output with a cold run's after adding, changing and removing seeds.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields
from functools import partial
from itertools import compress, count, islice, repeat
from operator import eq, le, lt

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
# every object it holds; and each article's part as others list it ("articles": id -> hash);
# and the parts of link's objects (HeldParts: "held", kind -> id -> (object, token)).
SignatureMemo = dict[str, object]
TOKEN_BYTES = 16
# The kinds of link's objects whose parts are held (HeldParts), and the kinds of pages whose
# signatures are held by the object the page is of (PageSignatures: "provably the same").
PAGE_KINDS = ("article pages", "story pages", "entity pages")
HELD_KINDS = ("links", "stories", "entities", "named", "cards", "listed cards", *PAGE_KINDS)
_NO_STORY = bytes(TOKEN_BYTES)  # an article of no story, as an entity page lists it
# The stage memo in which link keeps the objects it may hand back (generator.link: its tables
# "stories", "entities" and "articles", by id), and the table each held kind's objects are in.
LINK_OUTPUTS_MEMO = "link-outputs"
_TABLE_OF = {"links": "articles", "stories": "stories", "cards": "stories",
             "listed cards": "stories",
             "entities": "entities", "named": "entities", "article pages": "articles",
             "story pages": "stories", "entity pages": "entities"}


class HeldParts:
    """Parts of link's objects by the object, this run's and the memo's (its "held": kind ->
    id -> (the object, its token)). A part of an object the memo holds is the memo's: link
    hands the previous run's object back when its value is the same, and never changes one
    it handed out (as the timeline does its entries). The object is kept with its token, so
    that its id cannot be another's. Only this run's objects are held afterwards."""

    def __init__(self, memo: SignatureMemo | None) -> None:
        held = memo.get("held") if memo is not None else None
        valid = isinstance(held, dict) and all(isinstance(held.get(k), dict) for k in HELD_KINDS)
        self._last: dict[str, dict] = held if valid else {k: {} for k in HELD_KINDS}  # type: ignore[assignment]
        self.now: dict[str, dict] = {k: {} for k in HELD_KINDS}
        self.last_links = self._last["links"]
        self.made = 0  # parts made (not the memo's), for tests and measurements
        if memo is not None:
            memo["held"] = self.now

    def last(self, kind: str) -> dict:
        """The memo's parts of one kind: id -> (object, token)."""
        return self._last[kind]

    def was(self, kind: str, key: str, obj: object) -> bool:
        """Whether the memo's run held this very object (link handed it back: unchanged)."""
        found = self._last[kind].get(key)
        return found is not None and found[0] is obj

    def carry(self, tables: Mapping[str, Mapping[str, object]]) -> None:
        """Hold for this run every part of the memo's whose object is still link's (``tables``:
        kind -> id -> this run's object), asked for or not: a page whose signature is the
        memo's asks for none of its parts, and the next run must still know them unchanged.
        Pages' signatures are not carried: they depend on more than their object
        (PageSignatures.reuse holds each one it finds still valid)."""
        for kind, table in tables.items():
            now = self.now[kind]
            for key, found in self._last[kind].items():
                if table.get(key) is found[0] and key not in now:
                    now[key] = found

    def page(self, kind: str, key: str, obj: object) -> tuple[object, str] | None:
        """The memo's (object, signature) of the page of ``obj``, if it is of this very object."""
        found = self._last[kind].get(key)
        return found if found is not None and found[0] is obj else None

    def token(self, kind: str, key: str, obj: object, make: Callable[[object], bytes]) -> bytes:
        now = self.now[kind]
        found = now.get(key)
        if found is None or found[0] is not obj:
            found = self._last[kind].get(key)
            if found is None or found[0] is not obj:
                found = (obj, make(obj))
                self.made += 1
            now[key] = found
        return found[1]


def _story_fields(story) -> bytes:
    """A story's fields as its pages show them: a related link's score (which moves with
    every new article, as it weighs terms by how rare they are) only orders the links."""
    return _token(tuple((f.name, [(r.story, sorted(r.shared.items()), r.terms)
                                  for r in story.related]
                         if f.name == "related" else getattr(story, f.name))
                        for f in fields(story)))


def _sign(*parts: bytes | str) -> str:
    """A page's signature: its parts (tokens, joined lists of tokens, or short texts)."""
    return _parts_digest(parts).hexdigest()


def _token_of(*parts: bytes | str) -> bytes:
    """A part made of parts, as a token (the parts as _sign takes them)."""
    return _parts_digest(parts).digest()


def _parts_digest(parts: tuple[bytes | str, ...]):
    """The parts hashed one after another, each with its length, so that no two lists of
    parts run together alike (one update of them joined: a hash of the same bytes as an
    update per length and per part, in fewer calls)."""
    chunks = []
    for part in parts:
        data = part if isinstance(part, bytes) else part.encode("utf-8")
        chunks.append(len(data).to_bytes(8, "little"))
        chunks.append(data)
    return hashlib.blake2b(b"".join(chunks), digest_size=TOKEN_BYTES)


def _text(value: object) -> str:
    return repr(value)


class PageSignatures:
    """Signatures of the article, story and entity pages of one digest. ``keys`` gives each
    article's analysis key (cache.cache_key), which stands for all its fields (an article is
    made from its document, settings and code alone); its page path is added, as slugs change
    when titles clash. Parts shared by many pages (a story's, a timeline entry's) are
    computed once."""

    def __init__(self, digest: Digest, keys: Mapping[str, str],
                 page_of: Callable[[str], str], memo: SignatureMemo | None = None) -> None:
        self.digest, self.keys, self.page_of = digest, keys, page_of
        self.held = HeldParts(memo)
        self._stories: dict[str, bytes] = {}
        self._listed_stories: dict[str, bytes] = {}
        self._cards: dict[str, bytes] = {}
        self._articles: dict[str, bytes] = {}
        # This run's parts by id, each made once (the digest's objects do not change within a
        # run): an entity as named, an article's links, an article as an entity page lists
        # it (with its story as listed). Pages ask for them tens of thousands of times.
        self._named: dict[str, bytes] = {}
        self._links: dict[str, bytes] = {}
        self._in_entity: dict[str, bytes] = {}
        cited = _held(memo)[3]  # the memo's run's article parts, before _entry_tokens replaces them
        self._entries = self._entry_tokens(memo)
        self.kept_pages = 0  # pages whose signature is the memo's (for tests and measurements)
        self._dirty = self._changes(cited) if self.reused is not None else None

    def _article(self, article_id: str) -> tuple:
        """An article as another page lists it: its content and both pages it may link to."""
        return (article_id, self.keys[article_id],
                self.digest.article_by_id[article_id].page, self.page_of(article_id))

    def _entities(self, ids: Iterable[str]) -> bytes:
        """The entities as pages name them (name, type, whether they have a page)."""
        named = self._named
        return b"".join([named.get(e) or self._named_token(e) for e in sorted(set(ids))])

    def _named_token(self, entity_id: str) -> bytes:
        entity = self.digest.links.entity_by_id.get(entity_id)
        found = self._named[entity_id] = _token((entity_id,)) if entity is None else \
            self.held.token("named", entity_id, entity, _named)
        return found

    def _entries_listed(self, entries: Iterable) -> bytes:
        """Timeline entries as listed (_entry), one after another."""
        tokens = self._entries
        try:
            return b"".join([tokens[id(e)] for e in entries])
        except KeyError:  # one is not the digest's: made by _entry
            return b"".join([self._entry(e) for e in entries])

    def _entry(self, entry) -> bytes:
        """A timeline entry as a section lists it (timeline_pages.entry_lines): its fields and
        the source names and pages of the articles it cites, as one token (an entry is listed
        on its story's page, its entities' and its month's: made once)."""
        token = self._entries.get(id(entry))
        if token is None:  # not one of the digest's timeline entries
            token = self._entries[id(entry)] = self._listed(entry, _own_token(entry))
        return token

    def _listed(self, entry, own: bytes) -> bytes:
        cited = self._articles
        return _token_of(own, b"".join(cited[c.article] for c in entry.sources))

    def _entry_tokens(self, memo: SignatureMemo | None) -> dict[int, bytes]:
        """id of each timeline entry -> its part as listed: the memo's for an entry object it
        holds whose cited articles' parts are the last run's (see the module's docstring),
        made for the others; the memo then holds this run's entries only, so it does not grow
        with the runs."""
        entries = self.digest.timeline
        held, own, listed, cited = _held(memo)
        articles = self._articles = {a: _token(self._article(a))
                                     for a in self.digest.article_by_id}
        moved = self._moved = {a for a, token in articles.items() if cited.get(a) != token}
        # An entry the memo holds cites only articles of the memo's run: of the moved ones,
        # only those can make its part as listed differ (a new article cannot).
        changed = {a for a in moved if a in cited}
        if held and not changed and IN_BULK:  # most warm runs
            memo["articles"] = articles  # type: ignore[index]
            return self._entry_tokens_in_bulk(memo, held, own, listed)  # type: ignore[arg-type]
        # the entries (ids) listed as in the memo's run: the same object citing articles
        # listed alike (None: no such run known), whose records in the digest.json that run
        # made are this run's too (render.export.PreviousTimeline)
        reused: set[int] | None = set() if held else None
        self.reused = reused
        tokens: dict[int, bytes] = {}  # id -> part as listed
        owns, lists = [], []  # each entry's own part and part as listed, in order
        # The entries listed otherwise than in the memo's run (new, or citing a changed
        # article) and those gone since: the pages listing them are signed again (_Changes).
        other: list = []
        last = -1  # the memo's number of the last held entry: are they in the memo's order?
        # (a memo listing an entry twice is not one whose lists can be told apart so)
        in_order, seen = len(held) == len(memo.get("entries", ())) if held else True, 0  # type: ignore[union-attr, arg-type]
        # each entry's number in the memo's list if listed as then (render.export numbers
        # digest.json's timeline records so), else None
        numbers: list[int | None] = []
        self.numbers = (entries, numbers)
        for entry in entries:
            key = id(entry)
            number = held.get(key)
            if number is None:
                mine = _own_token(entry)
                found = tokens.get(key) or self._listed(entry, mine)
                other.append(entry)
                numbers.append(None)
            else:
                at = number * TOKEN_BYTES
                mine = own[at:at + TOKEN_BYTES]
                if number <= last or key in tokens:  # out of the memo's order, or twice
                    in_order = False
                last, seen = number, seen + 1
                if changed and any(c.article in changed for c in entry.sources):
                    found = self._listed(entry, mine)
                    other.append(entry)
                    numbers.append(None)
                else:
                    found = listed[at:at + TOKEN_BYTES]
                    reused.add(key)  # type: ignore[union-attr]
                    numbers.append(number)
            tokens[key] = found
            owns.append(mine)
            lists.append(found)
        if seen < len(held):  # some of the memo's entries are gone
            other += [e for e in memo["entries"] if id(e) not in tokens]  # type: ignore[index]
        self._other_entries, self._in_order = other, in_order
        if memo is not None:
            memo["entries"] = list(entries)
            memo["tokens"] = b"".join(owns)
            memo["listed"] = b"".join(lists)
            memo["articles"] = articles
        return tokens

    def _entry_tokens_in_bulk(self, memo: SignatureMemo, held: dict[int, int], own: bytes,
                              listed: bytes) -> dict[int, bytes]:
        """_entry_tokens when no article an entry the memo holds cites has moved: then each
        held entry's parts are the memo's, and they are found for all entries at once, in
        passes done in C (map, compress, join) rather than a Python step per entry (tens of
        thousands); only the new entries' parts are made. Same results as the loop there."""
        entries = self.digest.timeline
        ids = list(map(id, entries))
        numbers = list(map(held.get, ids, repeat(_NEW)))  # the memo's number, or _NEW
        kept = list(filter(partial(le, 0), numbers))
        # held entries in the memo's order, each once, and the memo lists none twice
        in_order = len(held) == len(memo["entries"]) and \
            all(map(lt, kept, islice(kept, 1, None)))  # type: ignore[arg-type]
        owns = list(map(_chunks(own).__getitem__, numbers))  # a new entry's: replaced below
        lists = list(map(_chunks(listed).__getitem__, numbers))
        new = list(compress(count(), map(eq, numbers, repeat(_NEW))))
        other = [entries[i] for i in new]
        made: dict[int, bytes] = {}
        for i in new:
            entry = entries[i]
            owns[i] = _own_token(entry)
            lists[i] = made.get(ids[i]) or self._listed(entry, owns[i])
            made[ids[i]] = lists[i]
        tokens = dict(zip(ids, lists, strict=True))
        self.reused = set(compress(ids, map(le, repeat(0), numbers)))
        self.numbers = (entries, list(map(_NONE_FOR_NEW.get, numbers, numbers)))
        if len(kept) < len(held):  # some of the memo's entries are gone
            other += [e for e in memo["entries"] if id(e) not in tokens]  # type: ignore[attr-defined]
        self._other_entries, self._in_order = other, in_order
        memo["entries"] = list(entries)
        memo["tokens"] = b"".join(owns)
        memo["listed"] = b"".join(lists)
        return tokens

    def _changes(self, cited: Mapping[str, bytes]) -> _Changes:
        """What changed since the memo's run, as sets of ids (_Changes)."""
        links, held = self.digest.links, self.held
        stories, entities = links.story_by_id, links.entity_by_id
        held.carry({"links": links.articles, "stories": stories, "cards": stories,
                    "entities": entities, "named": entities})
        last_links, last_stories, last_named = (held.last(k) for k in ("links", "stories",
                                                                        "named"))
        moved = self._moved | (cited.keys() - self._articles.keys())
        relinked = {a for a, obj in links.articles.items()
                    if (found := last_links.get(a)) is None or found[0] is not obj}
        # A story's object moves with its related links' scores (with each new article), which
        # its pages do not show: a story whose fields' part is the memo's is unchanged.
        restoried = {s for s, obj in stories.items()
                     if (found := last_stories.get(s)) is None or found[0] is not obj and
                     held.token("stories", s, obj, _story_fields) != found[1]}
        restoried |= last_stories.keys() - stories.keys()
        # stories as a link to them shows them (_story_as_listed) that may differ: compared
        # with the memo's object's values
        relisted = {s for s, obj in stories.items()
                    if (found := last_stories.get(s)) is None or found[0] is not obj and
                    (found[0].title, found[0].last_date) != (obj.title, obj.last_date)}
        relisted |= last_stories.keys() - stories.keys()
        # an entity's object moves with the articles naming it; as named (_named) it is its
        # id, name, type and whether it has a page, compared likewise
        renamed = {e for e, obj in entities.items()
                   if (found := last_named.get(e)) is None or found[0] is not obj and
                   (found[0].name, found[0].type, found[0].page) != (obj.name, obj.type,
                                                                      obj.page)}
        renamed |= last_named.keys() - entities.keys()
        parts = set(restoried)
        for story in links.stories:
            if story.id not in parts and (
                    not moved.isdisjoint(story.articles)
                    or not relisted.isdisjoint([r.story for r in story.related])
                    or not all(renamed.isdisjoint(ids) for r in story.related
                               for ids in r.shared.values())):
                parts.add(story.id)
        in_entity = moved | relinked | {a for a, obj in links.articles.items()
                                        if obj.story in relisted}
        listing_stories: set[str] = set()
        listing_entities: set[str] = set()
        for entry in self._other_entries:
            listing_stories.add(entry.story)
            listing_entities.update(entry.entities)
        return _Changes(moved, relinked, restoried, relisted, renamed, parts, in_entity,
                        listing_stories, listing_entities, self._in_order)

    def _kept(self, kind: str, key: str, obj: object, same: bool = True) -> str | None:
        """The memo's signature of the page of ``obj``, held for this run (the caller has
        found each of its other inputs unchanged; ``same``: and the page's object must be the
        one the memo's signature is of, else the caller found its value unchanged)."""
        found = self.held.page(kind, key, obj) if same else self.held.last(kind).get(key)
        if found is None:
            return None
        if found[0] is not obj:
            found = (obj, found[1])  # held by this run's object (held_by_name saves link's)
        self.held.now[kind][key] = found
        self.kept_pages += 1
        return found[1]  # type: ignore[return-value]

    def _made(self, kind: str, key: str, obj: object, signature: str) -> str:
        self.held.now[kind][key] = (obj, signature)
        return signature

    def unchanged(self, name: str, values: list) -> set[str]:
        """The ids of the values whose record in digest.json is the one the memo's run made
        (render.export.PreviousRecords): an article whose part (its fields and page) and
        ArticleLinks object are that run's; a story whose object, and each entity its
        related links name, are; an entity whose object is (as a page or as pages name it:
        an entity no page names is made again). One set a list (tens of thousands of
        records): the lookups held.was makes, inline."""
        held, links = self.held, self.digest.links
        if name == "articles":
            last, linked, moved = held.last_links, links.articles, self._moved
            return {a.id for a in values if (found := last.get(a.id)) is not None and
                    found[0] is linked[a.id] and a.id not in moved}
        if name == "stories":
            entities = links.entity_by_id
            return {s.id for s in values if held.was("stories", s.id, s) and all(
                held.was("named", e, entities.get(e))
                for r in s.related for ids in r.shared.values() for e in ids)}
        as_pages, as_named = held.last("entities"), held.last("named")
        return {e.id for e in values
                if (found := as_pages.get(e.id)) is not None and found[0] is e or
                (found := as_named.get(e.id)) is not None and found[0] is e}

    def _linked(self, article_id: str) -> bytes:
        """An article's links (ArticleLinks), read by its own page and its story's."""
        found = self._links.get(article_id)
        if found is None:
            found = self._links[article_id] = self.held.token(
                "links", article_id, self.digest.links.articles[article_id], _token)
        return found

    def article(self, article: Article) -> str:
        """render.pages.article_page: the article, its links, its story's section (the story,
        each member and each related story's title) and its entities' names and pages.
        The memo's signature if its links are the same object (so are its story's id and its
        entities' ids), its own part did not move, nor its story's part, nor its entities."""
        linked = self.digest.links.articles[article.id]
        changes = self._dirty
        if changes is not None and article.id not in changes.moved and \
                linked.story not in changes.story_parts and \
                changes.renamed.isdisjoint(linked.entities):
            kept = self._kept("article pages", article.id, linked)
            if kept is not None:
                return kept
        return self._made("article pages", article.id, linked, _sign(
            self._articles[article.id], self._linked(article.id),
            self._story_part(linked.story), self._entities(linked.entities)))

    def _story_part(self, story_id: str) -> bytes:
        found = self._stories.get(story_id)
        if found is None:
            links = self.digest.links
            story = links.story_by_id.get(story_id)
            if story is None:
                found = b""
            else:
                articles = self._articles
                related = [self._story_as_listed(links.story_by_id[r.story])
                           for r in story.related if r.story in links.story_by_id]
                shared = [e for r in story.related for ids in r.shared.values() for e in ids]
                found = _token_of(self.held.token("stories", story_id, story, _story_fields),
                                  b"".join(articles[a] for a in story.articles),
                                  b"".join(related), self._entities(shared))
            self._stories[story_id] = found
        return found

    def _story_as_listed(self, story) -> bytes:
        """A story as a link to it shows it: its id, title and last date."""
        found = self._listed_stories.get(story.id)
        if found is None:
            found = self._listed_stories[story.id] = _token((story.id, story.title,
                                                             story.last_date))
        return found

    def story(self, story, entries: list | None = None) -> str:
        """render.stories.story_page: the story part above plus every member's links (quality,
        the names it uses for entities), the articles its summary and quotes cite, the
        entities it names and its timeline entries (``entries``: the story's, if the caller
        has them; digest.timeline_by_story's)."""
        kept = self.story_kept(story)
        return kept if kept is not None else self.story_made(story, entries)

    def story_kept(self, story) -> str | None:
        """story()'s answer if it is the memo's signature, else None (then story_made's)."""
        changes = self._dirty
        if changes is None:
            return None
        cited = [e.article for e in story.summary] + [c.article for c in story.quotes]
        reports = list(dict.fromkeys([*story.articles, *cited]))
        if not self._story_kept(story, changes, cited, reports):
            return None
        return self._kept("story pages", story.id, story, same=False)

    def story_made(self, story, entries: list | None = None) -> str:
        """story()'s signature made from its parts (story_kept found none to keep)."""
        links = self.digest.links
        articles = self._articles
        cited = [e.article for e in story.summary] + [c.article for c in story.quotes]
        reports = list(dict.fromkeys([*story.articles, *cited]))
        members = b"".join(self._linked(a) for a in reports)
        named = [*story.entities, *(e for ids in story.shared.values() for e in ids),
                 *(e for a in reports for e in links.articles[a].names.values())]
        if entries is None:
            entries = self.digest.timeline_by_story.get(story.id, [])
        return self._made("story pages", story.id, story, _sign(
            self._story_part(story.id), members, b"".join(articles[a] for a in cited),
            self._entities(named), self._entries_listed(entries)))

    def _story_kept(self, story, changes: _Changes, cited: list[str],
                    reports: list[str]) -> bool:
        """Whether the story page's inputs are the memo's run's: its part (with its fields:
        _Changes.story_parts holds the restoried), its reports' links (and so the names they
        use), the cited articles' parts, the entities it names, and its timeline entries (none
        listed otherwise, none new or gone, and the memo's in its order: the list is the
        timeline's entries of the story, in timeline order)."""
        if not changes.in_order or story.id in changes.story_parts or \
                story.id in changes.listing_stories or \
                not changes.relinked.isdisjoint(reports) or not changes.moved.isdisjoint(cited):
            return False
        renamed = changes.renamed
        if not renamed:
            return True
        links = self.digest.links.articles
        return renamed.isdisjoint(story.entities) and \
            all(renamed.isdisjoint(ids) for ids in story.shared.values()) and \
            all(renamed.isdisjoint(links[a].names.values()) for a in reports)

    def entity(self, entity, entries: list | None = None) -> str:
        """render.entities.entity_page_text: the entity, each article naming it (content,
        pages, its story's title, page and date) and the timeline entries naming it
        (``entries``: the entity's, if the caller has them; digest.timeline_by_entity's)."""
        kept = self.entity_kept(entity)
        return kept if kept is not None else self.entity_made(entity, entries)

    def entity_kept(self, entity) -> str | None:
        """entity()'s answer if it is the memo's signature, else None (then entity_made's)."""
        changes = self._dirty
        if changes is not None and changes.in_order and \
                entity.id not in changes.listing_entities and \
                changes.in_entity.isdisjoint(entity.articles):
            return self._kept("entity pages", entity.id, entity)
        return None

    def entity_made(self, entity, entries: list | None = None) -> str:
        """entity()'s signature made from its parts (entity_kept found none to keep)."""
        in_entity = self._in_entity
        articles = self._articles
        listed = b"".join([in_entity.get(a) or self._in_entity_token(a)
                           for a in entity.articles if a in articles])
        if entries is None:
            entries = self.digest.timeline_by_entity.get(entity.id, [])
        return self._made("entity pages", entity.id, entity, _sign(
            self.held.token("entities", entity.id, entity, _token), listed,
            self._entries_listed(entries)))

    def _in_entity_token(self, article_id: str) -> bytes:
        """An article as an entity page lists it: its part and its story as listed."""
        links = self.digest.links
        story = links.story_by_id.get(links.articles[article_id].story)
        found = self._in_entity[article_id] = self._articles[article_id] + (
            self._story_as_listed(story) if story is not None else _NO_STORY)
        return found

    def archive_month(self, path: str, label: str, members: list[Article]) -> str:
        """render.pages._archive_month: its path and title and each article as listed (its
        analysis key stands for its title, date, source and summary; its page)."""
        articles = self._articles
        return _sign(path, label, b"".join(articles[a.id] for a in members))

    def story_listing(self, path: str, outside: str, stories: list) -> str:
        """render.story_index: a page's path, its text outside the cards (given) and each
        story's card (render.cards.story_card)."""
        return _sign(path, outside, b"".join(self._card(s) for s in stories))

    def _card(self, story) -> bytes:
        """render.cards.story_card: the story's id, dates, lead, members and copies and its
        entities in order (not its related stories, summary or quotes, which move with many
        new reports: with them, a +1 run rendered 20 of 57 listings at 2,225 articles, not 3),
        each original report as listed and its links (its quality verdict picks the
        headline's report) and the entities' names (a headline may be made of them)."""
        found = self._cards.get(story.id)
        if found is None:
            found = self._cards[story.id] = self._card_kept(story) or self._card_made(story)
        return found

    def _card_kept(self, story) -> bytes | None:
        """The memo's card of the story if its inputs are the memo's run's: the same story
        object (its card fields, members and entities), no original report moved or
        relinked, no entity of it renamed (every card is listed each run: a +1 run made all
        of them again, a thousand at 2,225 articles)."""
        changes = self._dirty
        if changes is None:
            return None
        found = self.held.page("listed cards", story.id, story)
        if found is None:
            return None
        originals = [a for a in story.articles if a not in story.duplicates]
        if not (changes.moved.isdisjoint(originals) and changes.relinked.isdisjoint(originals)
                and changes.renamed.isdisjoint(story.entities)):
            return None
        self.held.now["listed cards"][story.id] = found
        return found[1]  # type: ignore[return-value]

    def _card_made(self, story) -> bytes:
        articles = self._articles
        found = _token_of(
            self.held.token("cards", story.id, story, _card_fields),
            b"".join(articles[a] + self._linked(a) for a in story.articles
                     if a not in story.duplicates),
            self._entities(story.entities))
        self.held.now["listed cards"][story.id] = (story, found)
        return found

    def timeline_month(self, page, before, after) -> str:
        """render.timeline_pages._month_page: the page's path and title, the path and title of
        the pages before and after it (its pager), and each of its entries as listed."""
        neighbours = [(p.path, p.title) if p is not None else None for p in (before, after)]
        return _sign(page.path, page.title, _text(neighbours),
                     self._entries_listed(page.entries))


@dataclass(frozen=True)
class _Changes:
    """What changed since the memo's run (PageSignatures._changes), by id: a page whose own
    object is the one its memo signature was made for (link hands the previous run's object
    back when its value is the same, and never changes one) and none of whose other inputs
    is here has the memo's signature.

    - moved: articles whose part (fields, page) is not the memo's run's, or that are gone;
    - relinked: articles whose links (ArticleLinks) are another object;
    - restoried: stories whose fields' part (_story_fields: all a page shows of the object)
      is not the memo's run's, or that are gone;
    - relisted: stories as a link to them shows them (id, title, last date) that differ, or
      are gone;
    - renamed: entities as named (name, type, page) that differ, or are gone;
    - story_parts: stories whose part (PageSignatures._story_part) may differ: another
      fields changed or gone, a member moved, a related story relisted, an entity its related
      links share renamed;
    - in_entity: articles as entity pages list them (part, story as listed) that may differ;
    - listing_stories, listing_entities: the stories and entities of the timeline entries
      listed otherwise than in the memo's run (new, citing a moved article) or gone;
    - in_order: the memo's entries come in its order (then a story's or entity's list of
      entries is the memo's run's, unless an entry of it is new, gone or listed otherwise)."""

    moved: set[str]
    relinked: set[str]
    restoried: set[str]
    relisted: set[str]
    renamed: set[str]
    story_parts: set[str]
    in_entity: set[str]
    listing_stories: set[str]
    listing_entities: set[str]
    in_order: bool


# A timeline entry the memo does not hold, in _entry_tokens_in_bulk's list of numbers (and
# its number in the list render.export is given: None).
_NEW = -1
_NONE_FOR_NEW = {_NEW: None}
# Whether _entry_tokens takes its bulk path when it can (tests compare it with the loop).
IN_BULK = True


def _chunks(data: bytes) -> list[bytes]:
    """The tokens one after another in ``data``, each as its own bytes (made in C)."""
    return list(map(data.__getitem__, map(slice, range(0, len(data), TOKEN_BYTES),
                                          range(TOKEN_BYTES, len(data) + TOKEN_BYTES,
                                                TOKEN_BYTES))))


def _named(entity) -> bytes:
    """An entity as pages name it (PageSignatures._entities)."""
    return _token((entity.id, entity.name, entity.type, entity.page))


def _card_fields(story) -> bytes:
    """What a card shows of the story object itself (PageSignatures._card)."""
    return _token((story.id, story.page, story.first_date, story.last_date, story.lead_article,
                   story.articles, story.duplicates, story.entities))


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


def held_by_name(memo: dict, outputs: object) -> dict:
    """The memo as the run state saves it: a held object (HeldParts) that is the one link's
    outputs memo holds under its id is saved as that id alone (the state saves link's memo
    apart, so the object would come back as a copy, never the same as link's), and one that
    is not (no such memo, or another object) is not saved: a copy could never be the same."""
    held = memo.get("held")
    if not isinstance(held, dict):
        return memo
    named: dict[str, dict[str, bytes]] = {}
    for kind, parts in held.items():
        table = getattr(outputs, _TABLE_OF.get(kind, ""), None)
        named[kind] = {key: token for key, (obj, token) in parts.items()
                       if isinstance(table, dict) and table.get(key) is obj}
    return {**memo, "held": named}


def held_from(saved: object, outputs: object) -> object:
    """The memo held_by_name saved, with link's outputs memo as loaded (its objects: link hands
    them back when their value is the same)."""
    named = saved.get("held") if isinstance(saved, dict) else None
    if not isinstance(named, dict):
        return saved
    held: dict[str, dict] = {kind: {} for kind in HELD_KINDS}
    for kind, tokens in named.items():
        table = getattr(outputs, _TABLE_OF.get(kind, ""), None)
        if kind in held and isinstance(table, dict) and isinstance(tokens, dict):
            held[kind] = {key: (table[key], token) for key, token in tokens.items()
                          if key in table}
    return {**saved, "held": held}
