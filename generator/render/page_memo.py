"""Pages rendered again only when something they read changed.

A memoised page function is given a view of the digest that records every read: which article,
article links, story, entity or timeline group (by id) the page looked up, and which field of
it, with a hash of the value read. The memo keeps, per page, those reads and the hash of the
text made. The next run (same code and settings: the memo lives in cache.RunState) takes the
page's text from the output folder instead of rendering it again when every recorded read
gives a value with the same hash and the file there still has the recorded hash.

The reads are recorded, not declared, so a page cannot miss an input it uses: a field a page
starts to read is recorded like the others. A page that reads a whole collection (every
article, story or entity) is not memoised. The views have no other attributes and refuse to be
compared or hashed as objects, so a page that reaches the digest some other way fails loudly
instead of going stale.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, is_dataclass
from pathlib import Path
from typing import Any

from generator.models import Digest

ReadPath = tuple  # field names and list indices from a record; "#len": a list's length
Read = tuple[str, str, ReadPath]  # (collection, id, path); path () is the whole value
_ABSENT = object()  # the value read of an id not in its collection
_ABSENT_HASH = b"absent"
_LENGTH = "#len"
_KEPT_CHARS = 160
# A longer list of records (an article's paragraphs and mentions, a timeline group) is recorded
# whole: its items and fields would be thousands of reads per page, and such a list changes
# only when what the page shows of it changes too.
_LONG_LIST = 8
_PRESENT = ("#in",)  # the path of "the id is in its collection"


def value_hash(value: Any) -> bytes | str:
    """Equal hashes mean equal values: the digest's values are dataclasses, containers, strings
    and numbers, whose repr() writes every field (no field of the package's dataclasses is left
    out of repr). Equal values may hash differently (a set's order varies between processes; an
    object without its own repr shows its address): that costs a render, never a stale page.
    (pickle was tried: its output depends on which equal strings are the same object.)"""
    if value is _ABSENT:
        return _ABSENT_HASH
    if type(value) is str and len(value) <= _KEPT_CHARS:
        return "s" + value  # short strings (ids, titles, dates) are kept: cheaper than a hash
    if value is None or type(value) in (bool, int):
        return "r" + repr(value)
    return hashlib.blake2b(repr(value).encode("utf-8", "surrogatepass"),
                           digest_size=16).digest()


def text_hash(text: str) -> str:
    """The writer's hash of a file's bytes (write.py's manifest)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


Root = tuple[str, str]  # (collection, id): one article, story, entity, timeline group...


@dataclass
class PageRecord:
    """How a page was made. Per record read from (root): the hash of the whole record, the
    paths of the values read in it (one tuple shared by every page that read the same ones) and
    a hash of those values."""

    call: str  # the page function and its argument, e.g. "...article_page:article:<id>"
    roots: dict[Root, tuple[bytes | str, tuple[ReadPath, ...], bytes]]
    text: str  # sha256 of the page's UTF-8 bytes


def _combined(hashes: Iterable[bytes | str]) -> bytes:
    return hashlib.blake2b(repr(tuple(hashes)).encode("utf-8", "surrogatepass"),
                           digest_size=16).digest()


@dataclass
class PageMemo:
    """Page path -> how it was made last time. Replaced by each run's (removed pages drop)."""

    pages: dict[str, PageRecord] = field(default_factory=dict)


class _Reads:
    """The reads of one page, and this run's hash of every value any page read."""

    def __init__(self, hashes: dict[Read, bytes | str]) -> None:
        self.hashes = hashes
        self.seen: dict[Root, dict[ReadPath, bytes | str]] = {}
        self.whole = False

    def note(self, read: Read, value: Any) -> None:
        in_root = self.seen.setdefault(read[:2], {})
        if read[2] not in in_root:
            known = self.hashes.get(read)
            if known is None:
                known = self.hashes[read] = value_hash(value)
            in_root[read[2]] = known


def _wrap(root: tuple[str, str], path: ReadPath, value: Any, reads: _Reads) -> Any:
    """A record (dataclass) or a list of records comes back as a view whose own reads are
    recorded; any other value is recorded whole and returned as it is."""
    if is_dataclass(value) and not isinstance(value, type):
        return _ObjectView(root, path, value, reads)
    if type(value) in (list, tuple) and len(value) <= _LONG_LIST and \
            any(is_dataclass(item) for item in value):
        return _ListView(root, path, value, reads)
    reads.note((*root, path), value)
    return value


class _View:
    __slots__ = ("_root", "_path", "_obj", "_reads")

    def __init__(self, root: tuple[str, str], path: ReadPath, obj: Any, reads: _Reads) -> None:
        object.__setattr__(self, "_root", root)
        object.__setattr__(self, "_path", path)
        object.__setattr__(self, "_obj", obj)
        object.__setattr__(self, "_reads", reads)

    def __setattr__(self, name: str, value: Any) -> None:
        raise TypeError("page memo: a page must not change the digest")

    def __eq__(self, other: object) -> bool:
        raise TypeError("page memo: compare ids, not records")

    __hash__ = None  # type: ignore[assignment]


class _ObjectView(_View):
    """An article, story, entity, ... or a record inside one: each field read is recorded."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        return _wrap(self._root, (*self._path, name), getattr(self._obj, name), self._reads)


class _ListView(_View):
    """A list of records: its length and each item read are recorded."""

    __slots__ = ()

    def _length(self) -> int:
        self._reads.note((*self._root, (*self._path, _LENGTH)), len(self._obj))
        return len(self._obj)

    def __len__(self) -> int:
        return self._length()

    def __iter__(self) -> Iterator[Any]:
        return (self._item(i) for i in range(self._length()))

    def __getitem__(self, index: int | slice) -> Any:
        positions = range(self._length())[index]  # a negative index depends on the length
        if isinstance(index, slice):
            return [self._item(i) for i in positions]
        return self._item(positions)

    def _item(self, i: int) -> Any:
        return _wrap(self._root, (*self._path, i), self._obj[i], self._reads)


class _MapView(Mapping):
    """A lookup by id (article_by_id, links.articles, ...): each id looked up is recorded."""

    def __init__(self, collection: str, data: Mapping[str, Any], reads: _Reads) -> None:
        self._collection, self._data, self._reads = collection, data, reads
        self._views: dict[str, Any] = {}

    def __getitem__(self, key: str) -> Any:
        if key in self._views:
            return self._views[key]
        if key not in self._data:
            self._reads.note((self._collection, key, ()), _ABSENT)
            raise KeyError(key)
        self._reads.note((self._collection, key, _PRESENT), True)
        view = self._views[key] = _wrap((self._collection, key), (), self._data[key],
                                        self._reads)
        return view

    def __contains__(self, key: object) -> bool:
        try:
            self[key]  # type: ignore[index]
        except KeyError:
            return False
        return True

    def __iter__(self) -> Iterator[str]:
        self._reads.whole = True
        return iter(self._data)

    def __len__(self) -> int:
        self._reads.whole = True
        return len(self._data)


class _LinksView:
    __slots__ = ("articles", "story_by_id", "entity_by_id", "_links", "_reads")

    def __init__(self, digest: Digest, reads: _Reads) -> None:
        links = digest.links
        self.articles = _MapView("article_links", links.articles, reads)
        self.story_by_id = _MapView("story", links.story_by_id, reads)
        self.entity_by_id = _MapView("entity", links.entity_by_id, reads)
        self._links, self._reads = links, reads

    def __getattr__(self, name: str) -> Any:  # stories, entities, moved: whole collections
        self._reads.whole = True
        return getattr(self._links, name)


class _DigestView:
    __slots__ = ("links", "article_by_id", "timeline_by_story", "timeline_by_entity",
                 "_digest", "_reads")

    def __init__(self, digest: Digest, reads: _Reads) -> None:
        self.links = _LinksView(digest, reads)
        self.article_by_id = _MapView("article", digest.article_by_id, reads)
        self.timeline_by_story = _MapView("timeline_by_story", digest.timeline_by_story, reads)
        self.timeline_by_entity = _MapView("timeline_by_entity", digest.timeline_by_entity,
                                           reads)
        self._digest, self._reads = digest, reads

    def __getattr__(self, name: str) -> Any:  # articles, timeline: whole collections
        self._reads.whole = True
        return getattr(self._digest, name)


# A page function: (record view, digest view, page_of) -> Markdown.
PageFunction = Callable[[Any, Any, Callable[[str], str]], str]


class PageRenderer:
    """Renders pages through the memo of the previous run and builds this run's memo."""

    def __init__(self, digest: Digest, previous: PageMemo | None, out_dir: Path | None) -> None:
        self.digest = digest
        self.previous = previous if previous is not None and out_dir is not None else PageMemo()
        self.out_dir = out_dir
        self.memo = PageMemo()
        self.hashes: dict[Read, bytes | str] = {}
        self.paths: dict[tuple[ReadPath, ...], tuple[ReadPath, ...]] = {}
        self.reused = 0

    def page(self, path: str, function: PageFunction, collection: str, ident: str) -> str:
        """function(view of record `ident` of `collection`, digest view, page_of), reused
        when nothing it read last time changed."""
        call = f"{function.__module__}.{function.__qualname__}:{collection}:{ident}"
        text = self._reuse(path, call)
        if text is not None:
            self.reused += 1
            return text
        reads = _Reads(self.hashes)
        view = _DigestView(self.digest, reads)
        collections = {"article": view.article_by_id, "story": view.links.story_by_id,
                       "entity": view.links.entity_by_id}
        text = function(collections[collection][ident], view, _page_of(view))
        if not reads.whole:
            self.memo.pages[path] = PageRecord(call, {
                root: (self._current((*root, ())), self._shared(tuple(seen)),
                       _combined(seen.values()))
                for root, seen in reads.seen.items()}, text_hash(text))
        return text

    def _shared(self, paths: tuple[ReadPath, ...]) -> tuple[ReadPath, ...]:
        return self.paths.setdefault(paths, paths)

    def _reuse(self, path: str, call: str) -> str | None:
        record = self.previous.pages.get(path)
        if record is None or record.call != call or not self._unchanged(record):
            return None
        try:
            text = (self.out_dir / path).read_text(encoding="utf-8")  # type: ignore[operator]
        except (OSError, UnicodeDecodeError):
            return None
        if text_hash(text) != record.text:
            return None  # the file was changed or replaced since: render it
        self.memo.pages[path] = PageRecord(record.call, {
            root: (whole, self._shared(paths), values)
            for root, (whole, paths, values) in record.roots.items()}, record.text)
        return text

    def _unchanged(self, record: PageRecord) -> bool:
        """Every value read is the same: a record whose whole is the same needs no look at the
        values read in it (most records are unchanged after a small change)."""
        for root, (whole, paths, values) in record.roots.items():
            if self._current((*root, ())) != whole and \
                    _combined(self._current((*root, path)) for path in paths) != values:
                return False
        return True

    def _current(self, read: Read) -> bytes | str:
        if read not in self.hashes:
            self.hashes[read] = value_hash(self._resolve(read))
        return self.hashes[read]

    def _resolve(self, read: Read) -> Any:
        """The value at a read's path in this run's digest (_ABSENT: not there)."""
        collection, ident, path = read
        lookups: dict[str, Mapping[str, Any]] = {
            "article": self.digest.article_by_id, "article_links": self.digest.links.articles,
            "story": self.digest.links.story_by_id, "entity": self.digest.links.entity_by_id,
            "timeline_by_story": self.digest.timeline_by_story,
            "timeline_by_entity": self.digest.timeline_by_entity}
        value = lookups[collection].get(ident, _ABSENT) if collection in lookups else _ABSENT
        if path == _PRESENT:
            return _ABSENT if value is _ABSENT else True
        for step in path:
            if value is _ABSENT:
                break
            try:
                if step == _LENGTH:
                    value = len(value)
                elif isinstance(step, int):
                    value = value[step]
                else:
                    value = getattr(value, step)
            except (AttributeError, IndexError, TypeError, KeyError):
                value = _ABSENT
        return value


def _page_of(view: _DigestView) -> Callable[[str], str]:
    """Identical copies have no page of their own: they point at the original."""
    def page_of(article_id: str) -> str:
        original = view.links.articles[article_id].copy_of or article_id
        return view.article_by_id[original].page
    return page_of
