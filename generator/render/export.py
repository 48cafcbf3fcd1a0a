"""digest.json: a stable machine-readable export of what the site shows (docs/export.md)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from functools import cached_property

from generator import __version__
from generator.link import StoryInfo
from generator.link.entities import Entity
from generator.models import HEADLINE, Article, Digest
from generator.render.common import article_metadata, entity_page, reason_parts
from generator.timeline import TimelineEntry

EXPORT_VERSION = 1
# One encoder for every record: json.dumps with any option builds a new encoder per call.
_ENCODER = json.JSONEncoder(ensure_ascii=False)


def site_path(page: str) -> str:
    """docs-relative Markdown path -> site path with directory URLs."""
    if page.endswith("index.md"):
        return page[: -len("index.md")]
    return page[: -len(".md")] + "/"


def article_record(article: Article, digest: Digest, page_of: Callable[[str], str]) -> dict:
    linked = digest.links.articles[article.id]
    return {
        **article_metadata(article),
        "page": site_path(page_of(article.id)),
        "story": linked.story,
        "duplicate_of": linked.copy_of,
        "entities": linked.entities,
        "quality": linked.quality.to_dict(),
    }


def story_record(story: StoryInfo, entities: dict[str, Entity]) -> dict:
    return {
        "id": story.id,
        "page": site_path(story.page),
        "title": story.title,
        "lead_article": story.lead_article,
        "first_date": story.first_date,
        "last_date": story.last_date,
        "articles": story.articles,
        "duplicates": dict(sorted(story.duplicates.items())),
        "related": [{**r.to_dict(), "reasons": reason_parts(r, entities)}
                    for r in story.related],
        "entities": story.entities,
    }


def entity_record(entity: Entity) -> dict:
    return {
        "id": entity.id,
        "name": entity.name,
        "type": entity.type,
        "aliases": entity.aliases,
        "articles": entity.articles,
        "mentions": entity.mentions,
        "page": site_path(entity_page(entity.id)) if entity.page else None,
    }


def timeline_record(entry: TimelineEntry, site_of: Callable[[str], str]) -> dict:
    """site_of: an article id -> its page's site path. A record shows the entry's fields and
    the pages of the articles it cites, nothing else: a warm run takes an unchanged entry's
    record from the previous digest.json on that ground (PreviousTimeline)."""
    return {
        "date": entry.date,
        "granularity": entry.granularity,
        "text": entry.text,
        "sources": entry.articles,
        "citations": [{"article": c.article, "paragraph": c.paragraph,
                       "page": site_of(c.article)
                       + (f"#p{c.paragraph}" if c.paragraph != HEADLINE else "")}
                      for c in entry.sources],
        "story": entry.story,
        "entities": entry.entities,
        "upcoming": entry.upcoming,
    }


# How _one_record_per_line writes a list's opening and closing lines and each record's indent.
_LIST_END = " ]"
_RECORD_INDENT = "  "
# How a record's line starts in the file: no record holds a line break (JSON escapes them).
_RECORD_START = ("\n" + _RECORD_INDENT + "{").encode("utf-8")
# What stands between two records of a list (_one_record_per_line).
_BETWEEN = (",\n" + _RECORD_INDENT).encode("utf-8")


def export_hash(data: bytes) -> str:
    """What a run keeps to know a digest.json on disk is the one it made (PreviousTimeline).
    SHA-256, which CPUs with SHA extensions hash about 2.5x as fast as BLAKE2b here (13.7 MB at
    2,225 articles, hashed twice a run: 0.06 -> 0.025 s each)."""
    return hashlib.sha256(data).hexdigest()


class PreviousTimeline:
    """The timeline records of the digest.json the previous run made, to be used again.

    A timeline record shows its entry's fields and the page of each article it cites. The
    timeline stage hands the previous run's entry object again when its inputs are the same
    and never changes an entry it made (render.signatures relies on the same), so the record
    of an entry object the previous run listed is its previous line, as long as each article
    it cites has the page it had then (the previous file's own articles list says which page
    that was: the same site_path(page_of(...)) the citations use). Making the timeline's
    records was most of digest.json's cost (tens of thousands of entries at 2,225 articles).
    Nothing is kept in the state for it but the previous entries (kept for the page
    signatures already) and one hash of the file, which the caller checks against the file
    before handing its bytes here.

    A record used again is given by its number in the previous file (_Lines), so that runs of
    them are taken as one slice of it (_joined). The file is held as bytes, and only while
    digest.json is made (tens of MB at 10x the BBC corpus), never split into its lines. Raises
    ValueError if the file does not hold one timeline record per entry."""

    def __init__(self, text: bytes, entries: list, kept: set[int] | None = None,
                 known: tuple[list, list[int | None]] | None = None) -> None:
        """``kept``: the entries (ids) the caller knows to be listed as in the previous run
        (render.signatures.PageSignatures.reused: the same object, citing articles whose
        pages did not move), if it knows them; else which articles moved is read from the
        previous file's own articles list. ``known``: a list of entries to be listed and what
        numbers() answers for it, if the caller found that already (PageSignatures.numbers:
        the entries it holds by their number in ``entries`` and kept)."""
        timeline = _section(text, "timeline")
        if timeline < 0 or text.count(_RECORD_START, timeline) != len(entries):
            raise ValueError("not a digest.json of these timeline entries")
        if kept is None and _section(text, "articles") < 0:
            raise ValueError("not a digest.json: no articles")
        self._text = text
        self.lines = _Lines(text, timeline, len(entries))
        self._entries = entries  # holds the objects, so that their ids stay theirs
        self._known = known
        self._kept = kept
        self._moved: set[str] | None = None
        self.used = 0

    @cached_property
    def _position(self) -> dict[int, int]:
        return {id(entry): number for number, entry in enumerate(self._entries)}

    def number(self, entry: TimelineEntry, site_of: Callable[[str], str]) -> int | None:
        """The number of the entry's record in the previous file, or None: make it again."""
        number = self._position.get(id(entry))
        if number is None or self._entries[number] is not entry or \
                (self._kept is not None and id(entry) not in self._kept):
            return None
        if self._kept is None:
            if self._moved is None:
                self._moved = self._moved_articles(site_of)
            if self._moved and any(c.article in self._moved for c in entry.sources):
                return None
        self.used += 1
        return number

    def numbers(self, entries: list[TimelineEntry],
                site_of: Callable[[str], str]) -> list[int | None]:
        """number() of each entry, in one loop when the caller said which entries are kept
        (tens of thousands of entries a run)."""
        if self._kept is None:
            return [self.number(entry, site_of) for entry in entries]
        if self._known is not None and self._known[0] is entries:
            numbers = self._known[1]
            self.used += len(numbers) - numbers.count(None)
            return numbers
        position, previous, kept = self._position, self._entries, self._kept
        numbers: list[int | None] = []
        for entry in entries:
            key = id(entry)
            number = position.get(key) if key in kept else None
            numbers.append(number if number is not None and previous[number] is entry
                           else None)
        self.used += len(numbers) - numbers.count(None)
        return numbers

    def _moved_articles(self, site_of: Callable[[str], str]) -> set[str]:
        """The articles of the previous file whose page is not the same now (or that are gone)."""
        pages = {record["id"]: record["page"] for record in
                 map(json.loads, _records(self._text, _section(self._text, "articles")))}
        moved = set()
        for article_id, page in pages.items():
            try:
                if site_of(article_id) != page:
                    moved.add(article_id)
            except KeyError:
                moved.add(article_id)
        return moved


class _Lines:
    """Where each record of one list of a previous digest.json starts, found once by walking
    its line breaks (no record holds one: JSON escapes them): records i to j-1, with what
    stands between them, are ``text[starts[i]:starts[j] - len(_BETWEEN)]``, as the list
    ends as if one more record followed its last."""

    def __init__(self, text: bytes, start: int, count: int) -> None:
        """``start``: the line break before the list's first record (_section)."""
        starts = []
        find, skip = text.find, len(_RECORD_START) - 1
        at = start
        for _ in range(count):
            starts.append(at + skip)
            at = find(b"\n", at + 1)
        starts.append(at + len(_BETWEEN))
        self.text, self.starts = text, starts


def _joined(lines: _Lines | None, records: Iterable[int | bytes]) -> list[bytes]:
    """A list's records (each made, as bytes, or the number of the previous file's record to
    use again), with each run of records that follow one another in the previous file taken
    as one slice of it: joined with _BETWEEN, the parts give the same bytes as the records
    joined one by one (a warm run takes most records again, in long runs)."""
    parts: list[bytes] = []
    first = end = -1  # the run of previous records being taken: numbers first to end-1
    starts = lines.starts if lines is not None else []
    text = lines.text if lines is not None else b""
    cut = len(_BETWEEN)
    for record in records:
        if isinstance(record, int):
            if record == end:
                end += 1
                continue
            if end > first:
                parts.append(text[starts[first]:starts[end] - cut])
            first, end = record, record + 1
        else:
            if end > first:
                parts.append(text[starts[first]:starts[end] - cut])
                first = end = -1
            parts.append(record)
    if end > first:
        parts.append(text[starts[first]:starts[end] - cut])
    return parts


# The lists whose records a warm run may take from the previous file by their object (the
# article's, story's or entity's id), beside the timeline (PreviousTimeline).
RECORD_LISTS = ("articles", "stories", "entities")


class PreviousRecords:
    """The article, story and entity records of the digest.json the previous run made, by id.

    An article's record shows its own fields and page (the page signatures' part of the
    article, render.signatures) and its ArticleLinks; a story's its StoryInfo and the names
    of the entities its related links share; an entity's its Entity. Link hands the previous
    run's object back when its value is the same (render.signatures.HeldParts), so the record
    of an unchanged object is its previous line: the caller says which are unchanged. A record
    used again is given by its number (as PreviousTimeline's). ``ids``: each list's ids in the
    previous file's order (kept in the memo beside the file's hash, which the caller checks).
    Raises ValueError if the file does not hold one record per id."""

    def __init__(self, text: bytes, ids: dict[str, list[str]]) -> None:
        self.lines: dict[str, _Lines] = {}
        self._position: dict[str, dict[str, int]] = {}
        for name in RECORD_LISTS:
            start, names = _section(text, name), ids.get(name)
            if start < 0 or not isinstance(names, list) or \
                    text.count(_RECORD_START, start, text.find(b"\n ]", start)) != len(names):
                raise ValueError(f"not a digest.json of these {name}")
            self.lines[name] = _Lines(text, start, len(names))
            self._position[name] = {key: number for number, key in enumerate(names)}
        self.used = 0

    def positions(self, name: str) -> dict[str, int]:
        """The number of each id's record in list ``name`` of the previous file (the caller
        counts those it uses in ``used``)."""
        return self._position[name]

    def number(self, name: str, key: str) -> int | None:
        """The number of ``key``'s record in list ``name`` of the previous file, or None."""
        number = self._position[name].get(key)
        if number is not None:
            self.used += 1
        return number


def _section(text: bytes, key: str) -> int:
    """Where the records of a list of the export start (-1: not found)."""
    header = f"\n {dump(key)}: [\n".encode()
    found = text.find(header)
    return found + len(header) - 1 if found >= 0 else -1


def _records(text: bytes, start: int) -> Iterator[bytes]:
    """The encoded records of the list whose first record starts after ``start``, one by one."""
    while text.startswith(_RECORD_START, start):
        end = text.find(b"\n", start + 1)
        yield text[start + len(_RECORD_START) - 1:end].removesuffix(b",")
        start = end


# The ids of a list's objects that are the ones the previous run listed, unchanged:
# (list name, its objects) -> ids.
Unchanged = Callable[[str, list], set[str]]


def export_articles(digest: Digest) -> list[Article]:
    """The articles in the order digest.json lists them: newest first."""
    return sorted(digest.articles, key=lambda a: (a.date, a.id), reverse=True)


def digest_json(digest: Digest, page_of: Callable[[str], str],
                previous: PreviousTimeline | None = None,
                records: PreviousRecords | None = None,
                unchanged: Unchanged | None = None,
                articles: list[Article] | None = None) -> bytes:
    """The export, encoded; ``previous`` (PreviousTimeline) gives the records of unchanged
    timeline entries as the previous run wrote them (their bytes: most of the file at a few
    thousand articles, never decoded and encoded again), and ``records`` (PreviousRecords)
    those of the articles, stories and entities ``unchanged`` says are unchanged.
    ``articles``: export_articles(digest), if the caller has it."""
    links = digest.links
    articles = export_articles(digest) if articles is None else articles
    paths: dict[str, str] = {}  # each article's site path: the timeline cites most many times

    def site_of(article_id: str) -> str:
        found = paths.get(article_id)
        if found is None:
            found = paths[article_id] = site_path(page_of(article_id))
        return found
    return _one_record_per_line(
        {"version": EXPORT_VERSION, "generator": f"newsdigest {__version__}",
         # merged-away story id -> the story it went to (its old page forwards there)
         "moved_stories": dict(sorted(links.moved.items()))},
        {"articles": _records_of(records, unchanged, "articles", articles,
                                 lambda a: article_record(a, digest, page_of)),
         "stories": _records_of(records, unchanged, "stories", links.stories,
                                lambda s: story_record(s, links.entity_by_id)),
         "entities": _records_of(records, unchanged, "entities", links.entities,
                                 entity_record),
         "timeline": _timeline_records(digest.timeline, site_of, previous)})


def _records_of(records: PreviousRecords | None, unchanged: Unchanged | None, name: str,
                values: list, make: Callable) -> list[bytes]:
    """A list's records: the previous file's for an unchanged object (by its id), else made
    and encoded."""
    if records is None or unchanged is None:
        return [dump(make(value)).encode("utf-8") for value in values]
    taken: list[int | bytes] = []
    same, position = unchanged(name, values), records.positions(name)
    for value in values:
        key = value.id
        number = position.get(key) if key in same else None
        taken.append(number if number is not None else dump(make(value)).encode("utf-8"))
    records.used += len(taken) - sum(isinstance(t, bytes) for t in taken)
    return _joined(records.lines[name], taken)


def _timeline_records(entries: list[TimelineEntry], site_of: Callable[[str], str],
                      previous: PreviousTimeline | None) -> list[bytes]:
    if previous is None:
        return [dump(timeline_record(entry, site_of)).encode("utf-8") for entry in entries]
    numbers = previous.numbers(entries, site_of)
    return _joined(previous.lines, [
        number if number is not None else dump(timeline_record(entry, site_of)).encode("utf-8")
        for entry, number in zip(entries, numbers, strict=True)])


def dump(value: object) -> str:
    return _ENCODER.encode(value)


def _one_record_per_line(fields: dict[str, object],
                         lists: dict[str, list[str] | list[bytes]]) -> bytes:
    """A JSON object written with each record of its lists (given encoded: as text, or as
    UTF-8 bytes) on one line, as bytes. json's C encoder only runs without indent (the
    indented, pure-Python one took a fifth of the render time at 600 articles), and a record
    per line still reads and diffs well."""
    head = ["{"] + [f" {dump(key)}: {dump(value)}," for key, value in fields.items()]
    parts = ["\n".join(head).encode("utf-8")]
    between = _BETWEEN.decode("utf-8")
    for number, (key, records) in enumerate(lists.items(), start=1):
        parts.append(f"\n {dump(key)}: [".encode())
        if records and isinstance(records[0], bytes):  # joined once, with the whole file
            parts.append(b"\n" + _RECORD_INDENT.encode("utf-8"))
            for record in records:
                parts += (record, _BETWEEN)  # type: ignore[arg-type]
            parts.pop()
        elif records:
            parts += [b"\n" + _RECORD_INDENT.encode("utf-8"),
                      between.join(records).encode("utf-8")]  # type: ignore[arg-type]
        parts.append(("\n" + _LIST_END + ("," if number < len(lists) else "")).encode("utf-8"))
    parts.append(b"\n}\n")
    return b"".join(parts)
