"""Per-article analysis, cached on disk and run in parallel.

The analysis of an article depends only on its cleaned document and a few settings, so its
result is stored under a key made of those and of the analysis code's fingerprint (version plus
a hash of the analysis modules, of every module they import and of the data files): editing an
article, or the analysis code, invalidates exactly what it should, and editing a page renderer
keeps the cache. Cache misses are analysed in a process pool when there are enough of them to
pay for the start-up; results keep the input order, so output stays deterministic.
"""

from __future__ import annotations

import ast
import gc
import hashlib
import json
import os
import pickle
import secrets
import struct
import sys
from array import array
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, fields
from functools import lru_cache
from io import BufferedReader
from itertools import compress, count, filterfalse, islice, repeat
from operator import is_not
from pathlib import Path
from typing import BinaryIO

from generator import __version__
from generator.analyse import analyse
from generator.analyse.result import ArticleAnalysis
from generator.config import Settings
from generator.ingest import ReadMemo
from generator.ingest.sidecar import SidecarMemo
from generator.link import AlignmentMemo
from generator.models import Article, Block, CleanDocument, Problem, RawDocument

PACKAGE = Path(__file__).resolve().parent
PARALLEL_MIN = 24  # fewer misses than this are analysed in-process
STATE_FORMAT = 10  # bump when RunState's layout changes


# States loaded by a process that exits right after its run (the CLI: cli.entry, os._exit): held
# here, they are not freed object by object when the run drops them (0.1 s at 2,225 articles).
_HELD_TO_EXIT: list[RunState] | None = None


def hold_loaded_states() -> None:
    """From now on, every state loaded lives until the process exits (see cli.entry)."""
    global _HELD_TO_EXIT
    if _HELD_TO_EXIT is None:
        _HELD_TO_EXIT = []


DATA_SUFFIXES = (".txt", ".tsv", ".yml", ".json")
ANALYSIS_MODULE = "generator.analyse"  # what an analysis cache entry depends on (with its imports)


@lru_cache(maxsize=1)
def generator_fingerprint() -> str:
    """Version plus a hash of every source and data file of the package."""
    return _files_fingerprint(sorted(p for p in PACKAGE.rglob("*") if p.is_file() and
                                     p.suffix in (".py", *DATA_SUFFIXES)))


@lru_cache(maxsize=4)
def code_fingerprint(module: str) -> str:
    """Version plus a hash of the module's source, of every generator module it imports,
    directly or not (read from its import statements, wherever they stand), and of the
    package's data files: a change elsewhere in the package (a page renderer) keeps it."""
    data = [p for p in PACKAGE.rglob("*") if p.is_file() and p.suffix in DATA_SUFFIXES]
    return _files_fingerprint(sorted([*imported_files(module), *data]))


def _files_fingerprint(paths: list[Path]) -> str:
    digest = hashlib.sha256(__version__.encode())
    for path in paths:
        digest.update(path.relative_to(PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def imported_files(module: str) -> set[Path]:
    """Source files of `module` and of the generator modules it imports, transitively (a
    package's __init__ included, as importing a submodule runs it)."""
    files: set[Path] = set()
    pending = [module]
    while pending:
        name = pending.pop()
        parts = name.split(".")
        for depth in range(1, len(parts) + 1):  # the module and the packages above it
            path = _module_file(parts[:depth])
            if path is None or path in files:
                continue
            files.add(path)
            pending.extend(_imports_of(path))
    return files


def _module_file(parts: list[str]) -> Path | None:
    if parts[0] != PACKAGE.name:
        return None
    base = PACKAGE.joinpath(*parts[1:])
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


def _imports_of(path: Path) -> list[str]:
    """Generator modules the file imports when it runs (not those under TYPE_CHECKING)."""
    names = []
    for node in _run_time_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            # `from generator.x import y` may import the submodule generator.x.y
            names += [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
    return [n for n in names if n.split(".")[0] == PACKAGE.name]


def _run_time_nodes(tree: ast.AST) -> Iterator[ast.AST]:
    """The statements of a module, nested ones included (imports are statements: expressions
    are not walked), leaving out the body of `if TYPE_CHECKING:`."""
    pending = [tree]
    while pending:
        node = pending.pop()
        yield node
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            pending.extend(node.orelse)
            continue
        for name in ("body", "orelse", "finalbody", "handlers"):
            block = getattr(node, name, None)
            if isinstance(block, list):
                pending.extend(block)


def cache_key(doc: CleanDocument, settings: Settings, fingerprint: str) -> str:
    payload = {
        "generator": fingerprint,
        "doc": asdict(doc),
        "summary_words": settings.summary_words,
        "wpm": settings.reading_words_per_minute,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def article_from_dict(data: dict) -> Article:
    data = dict(data)
    data["blocks"] = [Block(kind, text) for kind, text in data["blocks"]]
    data["analysis"] = ArticleAnalysis.from_dict(data["analysis"])
    return Article(**data)


class AnalysisCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def load(self, key: str) -> Article | None:
        try:
            return article_from_dict(json.loads(self.path(key).read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError):
            return None  # missing or unreadable: analyse again

    def store(self, key: str, article: Article) -> None:
        path = self.path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(article.to_dict(), ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)


@dataclass
class RunState:
    """What one run keeps for the next, so that a run after a small change does work in
    proportion to the change: the reader output of every seed (by the file's stat signature),
    every analysed article (by its analysis key) and link's spun-copy checks (by their texts).
    Held in memory by `mkdocs serve` between rebuilds and pickled in the cache folder for the
    next process, under a name made of the generator's fingerprint and the settings, so a code
    or settings change starts afresh.
    Every entry is checked against its key before use: a stale state costs time, never bytes.
    """

    reads: ReadMemo = field(default_factory=dict)
    sidecars: SidecarMemo = field(default_factory=dict)  # the sidecars, parsed
    articles: dict[str, Article] = field(default_factory=dict)  # analysis key -> article
    alignments: AlignmentMemo = field(default_factory=dict)  # link's spun-copy checks
    stage_memos: dict = field(default_factory=dict)  # stage -> its memo (timeline, link)
    # seed -> (the document as read, its analysis key): a seed read alike again is neither
    # cleaned nor hashed again (its text is the read memo's string: pickled once)
    prepared: dict[str, tuple[RawDocument, str]] = field(default_factory=dict)
    # the analysis code's fingerprint (code_fingerprint parses the package's imports): the
    # state's file name covers every file it hashes, so a loaded state's value is current
    fingerprint: str = ""
    # output folder -> the writer's memo of the pages it made from a signature (write.PageMemo)
    pages: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)
    # output folder -> the size, mtime, inode and hash of each file as last hashed
    # (write.FileStats): unchanged files are not read again to be compared
    files: dict[str, dict[str, tuple[int, int, int, str]]] = field(default_factory=dict)
    # the page signatures' parts kept between runs (render.signatures.SignatureMemo)
    signatures: dict[str, object] = field(default_factory=dict)
    # What the state held when loaded or saved (_made_from): a run that leaves that as it
    # was has nothing to save. Not pickled.
    basis: tuple | None = field(default=None, init=False, repr=False, compare=False)
    # The segment files the state was loaded from or last saved to (_Segments). Not pickled.
    segments: _Segments | None = field(default=None, init=False, repr=False, compare=False)

    def __getstate__(self) -> dict:
        return {**self.__dict__, "basis": None, "segments": None}

    @staticmethod
    def path(settings: Settings) -> Path:
        """The state's manifest: it names the segment files the last save wrote (_Segments)."""
        return settings.cache / "state" / f"{state_key(settings)}.pickle"

    @staticmethod
    def size(settings: Settings) -> int:
        """Bytes of the saved state: its manifest and the segment files it names."""
        path = RunState.path(settings)
        try:
            names = _read_manifest(path)["files"]
            return path.stat().st_size + sum((path.parent / n).stat().st_size for n in names)
        except (OSError, pickle.UnpicklingError, EOFError, TypeError, ValueError, KeyError):
            return 0

    @classmethod
    def load(cls, settings: Settings) -> RunState:
        path = cls.path(settings)
        try:
            manifest = _read_manifest(path)
            with _no_collection():
                state = _Segments.load(path.parent, manifest)
            state.basis = state._made_from()
            if _HELD_TO_EXIT is not None:
                _HELD_TO_EXIT.append(state)
            return state
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError,
                TypeError, ValueError, KeyError, IndexError, struct.error):
            return RunState()  # missing, old or damaged: start afresh

    def save(self, settings: Settings) -> None:
        """Save the state for the next process, in segments (_Segments): only what changed
        is written. Nothing at all when the run changed nothing the state records and the
        manifest is there."""
        path = self.path(settings)
        made_from = self._made_from()
        if self.basis is not None and self.basis == made_from and path.is_file():
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        segments = self.segments if self.segments is not None and \
            self.segments.folder == path.parent else _Segments(path.parent)
        segments.save(self, path)
        self.segments = segments
        self.basis = made_from

    def release_replaced(self) -> None:
        """For a state held in memory between runs (`mkdocs serve` saves it only at shutdown):
        forget each log's base (_Log) once the changes since it outgrow its share (_kept_delta:
        COMPACT_FRACTION of its rows, or COMPACT_MIN), as a save would then write that base
        again anyway. A base holds the rows it was written with, so it kept every row the runs
        changed alive until shutdown: up to a second copy of the state in a long session. The
        next save writes a forgotten base whole."""
        if self.segments is not None:
            self.segments.release_outgrown(self)

    def _made_from(self) -> tuple:
        """What the state records of a run's inputs and outputs: each seed's stat signature,
        each sidecar's bytes, each seed's analysis key, and for each output folder the pages
        made from a signature, the stats of its files and the stat of the folder itself (the
        writer replaces its manifest there whenever it writes or removes a file, which gives
        the folder a new modification time). Its memos are functions of these and of the
        code and settings (which name the state's file), so a run that finds them unchanged
        leaves memos equal to the loaded ones; were one not, it is checked against its key
        before use like any memo, so a state not saved costs time, never bytes. Copies: the
        stages update these in place."""
        folders = sorted(self.pages.keys() | self.files.keys())
        return ({seed: signature for seed, (signature, _, _) in self.reads.items()},
                {path: raw for path, (raw, _) in self.sidecars.items()},
                {seed: key for seed, (_, key) in self.prepared.items()},
                {folder: dict(memo) for folder, memo in self.pages.items()},
                {folder: dict(stats) for folder, stats in self.files.items()},
                {folder: _stat_signature(Path(folder)) for folder in folders})

    def keep_only(self, seeds: set[str], keys: set[str]) -> None:
        """Forget removed seeds and articles no longer produced, so the state does not grow."""
        self.reads = {s: v for s, v in self.reads.items() if s in seeds}
        self.articles = {k: v for k, v in self.articles.items() if k in keys}

    def known(self, raw: RawDocument) -> KnownDocument | None:
        """The seed as analysed before, when it was read alike and its article is kept."""
        seen = self.prepared.get(raw.seed)
        if seen is None or seen[1] not in self.articles or seen[0] != raw:
            return None
        return KnownDocument(raw.seed, seen[1])


def _stat_signature(path: Path) -> tuple[int, int, int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_ino, info.st_dev, info.st_size, info.st_mtime_ns


# The tables of the "rest" log (_rest_log): RunState's fields of that name.
_REST_TABLES = ("sidecars", "alignments")
# The one table of a stage memo that is a plain dict, in its log (_logged).
_ENTRIES = "entries"
# The page signatures' memo's tables in its log (_signatures_log): its "articles", and its
# "held" by kind, each kind's table under this prefix and the kind's name.
_SIGNATURE_TABLES = ("articles",)
_HELD = "held "
# The stage memo whose entries the page signatures' memo holds (render.signatures).
TIMELINE_MEMO = "timeline"
# A log segment's delta is folded into its base when it holds more than this share of the base's
# entries (and more than COMPACT_MIN): a save then writes at most about an eighth of the
# segment, a load reads at most that much more than the segment, and the base is written once
# every eighth of the archive's size in changed entries.
COMPACT_FRACTION = 8
COMPACT_MIN = 64
READ_BUFFER = 1 << 20  # bytes read at a time from a segment file
_MISSING = object()


def _read_manifest(path: Path) -> dict:
    with open(path, "rb") as handle:
        manifest = pickle.load(handle)
    if not isinstance(manifest, dict) or manifest.get("format") != STATE_FORMAT:
        raise ValueError("not a state manifest of this format")
    return manifest


def _same(a: object, b: object) -> bool:
    """Whether an entry is unchanged: the same object (an article kept from the state) or an
    equal one (a seed's document read again from its reader output)."""
    try:
        return a is b or bool(a == b)
    except (TypeError, ValueError):  # an entry that cannot say: written again
        return False


@dataclass
class _Plain:
    """What a log holds when it is not a memo object: its tables (name -> key -> entry) and a
    small value saved whole with each delta."""

    tables: dict[str, dict]
    extra: object = None


def _tables(value: object) -> dict[str, dict]:
    """A logged value's tables, the live dicts: a _Plain's, or a memo's attributes named by its
    class's LOG_TABLES (its other state, LOG_COUNTERS, is saved whole: _extra)."""
    if isinstance(value, _Plain):
        return value.tables
    return {name: getattr(value, name) for name in type(value).LOG_TABLES}


def _extra(value: object) -> object:
    if isinstance(value, _Plain):
        return value.extra
    return tuple(getattr(value, name) for name in type(value).LOG_COUNTERS)


def _set_extra(value: object, extra: object) -> None:
    if isinstance(value, _Plain):
        value.extra = extra
        return
    for name, item in zip(type(value).LOG_COUNTERS, extra, strict=True):  # type: ignore[call-overload]
        setattr(value, name, item)


def _logs_itself(memo: object) -> bool:
    return hasattr(type(memo), "LOG_TABLES") and hasattr(type(memo), "LOG_COUNTERS")


def _changes(base: dict[str, dict], tables: dict[str, dict]
             ) -> tuple[dict[str, dict], dict[str, frozenset]]:
    """Per table, the entries not the same as the base's (_same), and the keys removed.

    A table is mostly its base's rows, in the base's order: a row changed in place keeps its
    place, a new one comes last. Up to the first key that is not the base's own key object at
    its place, rows are told apart by identity alone, in a walk done in C (map, compress) that
    hashes no key (a timeline key is a tuple, hashed anew on each lookup). Past that place (a
    row removed or put back moves every later one), rows are looked up by key, also in C.
    Only the rows not the base's own objects are compared in Python."""
    delta, removed = {}, {}
    for name, table in tables.items():
        held = base[name]
        first = next(compress(count(), map(is_not, table.keys(), held.keys())),
                     min(len(table), len(held)))
        moved = list(compress(islice(table.keys(), first),
                              map(is_not, islice(table.values(), first), held.values())))
        moved.extend(compress(islice(table.keys(), first, None),
                              map(is_not, map(held.get, islice(table.keys(), first, None),
                                              repeat(_MISSING)),
                                  islice(table.values(), first, None))))
        delta[name] = {k: table[k] for k in moved if not _same(held.get(k, _MISSING), table[k])}
        removed[name] = frozenset(filterfalse(table.__contains__,
                                              islice(held.keys(), first, None)))
    return delta, removed


def _kept_delta(log: _Log, tables: dict[str, dict]
                ) -> tuple[dict[str, dict], dict[str, frozenset]] | None:
    """The changes of ``tables`` since the log's base (_changes), or None when the base is to
    be written again: other tables, or more changes than its share (COMPACT_FRACTION of its
    entries, at least COMPACT_MIN)."""
    if log.base.keys() != tables.keys():
        return None
    delta, removed = _changes(log.base, tables)
    count = sum(map(len, delta.values())) + sum(map(len, removed.values()))
    if count > max(COMPACT_MIN, sum(map(len, log.base.values())) // COMPACT_FRACTION):
        return None
    return delta, removed


def _same_delta(a: dict[str, dict], b: dict[str, dict]) -> bool:
    return a.keys() == b.keys() and all(
        a[name].keys() == b[name].keys() and all(_same(a[name][k], v) for k, v in b[name].items())
        for name in a)


@dataclass
class _Log:
    """A log segment on disk: a base file (the value when it was written) and a delta file (per
    table, the entries changed or added since and the keys removed, and the value's extra:
    _extra), each a pickle."""

    base_file: str
    base: dict[str, dict]  # table -> key -> the entry the base file holds (the objects)
    base_extra: object = None
    delta_file: str | None = None
    delta: dict[str, dict] = field(default_factory=dict)
    removed: dict[str, frozenset] = field(default_factory=dict)
    extra: object = None


class _Segments:
    """The state on disk, in segments that a save writes only when they changed:

    - logs: a base file and a delta of the entries changed since (_Log), so a run that adds
      one seed writes its entries, not the archive's: "articles" (analysis key -> Article),
      "seeds" (seed -> its read memo entry and its prepared document), each stage memo that
      names its tables (LOG_TABLES: the timeline's, "memo-timeline"; its base file is the memo
      pickled as it pickles itself, its delta the changed rows as objects) or is a plain dict
      (one table: link's excerpts, "memo-link-excerpts"), "signatures" (the page signatures'
      memo: _signatures_log), "rest" (the sidecars, the alignments, the fingerprint and any
      other stage memo: _rest_log) and "writer" (the writer's memos, by folder and path).
      A run that adds a seed writes each log's few changed rows, not a whole segment.

    The memos hold the articles' own lists (a timeline reading's events, an excerpt's blocks
    and analysis; their reuse is checked by identity). A memo's log outlives the articles it
    was saved beside, so it names them by article id and place (_pickle_refs, _ByKey), and
    loads the objects of the article that now has that id; one whose article is gone loads as
    an object equal to nothing (what holds it is made again: time, not bytes).

    Every file is written under a new name and renamed into place, then the manifest (the
    state's path) is replaced by one naming this save's files, and only then are files it does
    not name removed: an interrupted save leaves the previous manifest and all its files."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.generation = 0
        self.logs: dict[str, _Log] = {}

    @classmethod
    def load(cls, folder: Path, manifest: dict) -> RunState:
        segments = cls(folder)
        segments.generation = manifest["generation"]
        logs = manifest["logs"]
        articles = segments._load_log("articles", logs["articles"]).tables["articles"]
        seeds = segments._load_log("seeds", logs["seeds"]).tables["seeds"]
        objects = {key: _article_objects(article) for key, article in articles.items()}
        known = _KnownObjects(_by_article_id(articles, objects))
        memos: dict[str, object] = {}
        for name in manifest["memos"]:
            value = segments._load_log(f"{_MEMO_LOG}{name}", logs[f"{_MEMO_LOG}{name}"], known)
            memos[name] = value.tables[_ENTRIES] if isinstance(value, _Plain) else value
        rest = segments._load_log("rest", logs["rest"])
        if not isinstance(rest, _Plain) or not isinstance(rest.extra, tuple):
            raise ValueError("not the rest log")
        fingerprint, others = rest.extra
        memos.update(others)
        stage_memos = {name: memos[name] for name in sorted(memos)}  # as _logged saves them
        signatures = _signatures_from_log(segments._load_log("signatures", logs["signatures"]),
                                          stage_memos)
        writer = segments._load_log("writer", logs["writer"])
        pages, files = _writer_memos(writer)
        state = RunState(articles=articles, stage_memos=stage_memos, fingerprint=fingerprint,
                         pages=pages, files=files, signatures=signatures,
                         **{name: rest.tables[name] for name in _REST_TABLES})
        state.reads = {seed: read for seed, (read, _) in seeds.items() if read is not None}
        state.prepared = {seed: seen for seed, (_, seen) in seeds.items() if seen is not None}
        state.segments = segments
        return state

    def _read(self, name: str, known: _KnownObjects | None = None) -> object:
        with open(self.folder / name, "rb") as handle:
            if known is not None:
                return _ByKey(BufferedReader(handle, READ_BUFFER), known).load()
            return pickle.load(handle)

    def _load_log(self, segment: str, files: tuple[str, str | None],
                  known: _KnownObjects | None = None) -> object:
        """The value the log's base file holds, with its delta applied (its live tables
        updated in place)."""
        base_file, delta_file = files
        value = self._read(base_file, known)
        tables = _tables(value)
        log = _Log(base_file, {name: dict(table) for name, table in tables.items()},
                   _extra(value))
        if delta_file is not None:
            delta, removed, extra = self._read(delta_file, known)
            if delta.keys() != tables.keys() or removed.keys() != tables.keys():
                raise ValueError("a delta of other tables")
            for name, table in tables.items():
                for key in removed[name]:
                    table.pop(key, None)
                table.update(delta[name])
            _set_extra(value, extra)
            log.delta_file, log.delta, log.removed, log.extra = delta_file, delta, removed, extra
        self.logs[segment] = log
        return value

    def release_outgrown(self, state: RunState) -> None:
        """Forget the logs whose changes in ``state`` outgrew their share (RunState.
        release_replaced): a save writes their bases again."""
        for segment, value in _logged(state).items():
            log = self.logs.get(segment)
            if log is not None and _kept_delta(log, _tables(value)) is None:
                del self.logs[segment]

    def save(self, state: RunState, manifest_path: Path) -> None:
        self.generation += 1
        stem = manifest_path.stem
        objects = {key: _article_objects(article) for key, article in state.articles.items()}
        refs = _article_refs(_by_article_id(state.articles, objects))
        logs = {segment: self._save_log(stem, segment, value,
                                        refs if segment.startswith(_MEMO_LOG) else None)
                for segment, value in _logged(state).items()}
        files = [f for pair in logs.values() for f in pair if f is not None]
        memos = [segment[len(_MEMO_LOG):] for segment in logs if segment.startswith(_MEMO_LOG)]
        manifest = {"format": STATE_FORMAT, "generation": self.generation, "logs": logs,
                    "memos": memos, "files": files}
        _replace(manifest_path, manifest)
        kept = {manifest_path.name, *files}
        for old in self.folder.iterdir():  # this key's earlier files, other keys' states
            if old.name not in kept and old.suffix in (".pickle", ".seg"):
                old.unlink(missing_ok=True)

    def _save_log(self, stem: str, segment: str, value: object,
                  refs: dict[int, tuple[str, int]] | None = None) -> tuple[str, str | None]:
        """The log's files after this save: the delta against the base written again when it
        changed, or the base written again when the delta grew past its share."""
        tables, extra = _tables(value), _extra(value)
        log = self.logs.get(segment)
        kept = _kept_delta(log, tables) if log is not None and \
            (self.folder / log.base_file).is_file() else None
        if log is not None and kept is not None:
            delta, removed = kept
            count = sum(map(len, delta.values())) + sum(map(len, removed.values()))
            unchanged = log.delta_file is not None and removed == log.removed and \
                _same(log.extra, extra) and _same_delta(log.delta, delta) and \
                (self.folder / log.delta_file).is_file()
            if not count and _same(log.base_extra, extra):
                log.delta_file, log.delta, log.removed, log.extra = None, {}, {}, None
            elif not unchanged:
                log.delta_file = self._write(stem, f"{segment}-delta",
                                             (delta, removed, extra), refs=refs)
                log.delta, log.removed, log.extra = delta, removed, extra
            return log.base_file, log.delta_file
        base = {name: dict(table) for name, table in tables.items()}
        self.logs[segment] = _Log(self._write(stem, segment, value, refs=refs), base, extra)
        return self.logs[segment].base_file, None

    def _write(self, stem: str, segment: str, value: object,
               refs: dict[int, tuple[str, int]] | None = None) -> str:
        # Never the name of a file written before (a random part: another process saving
        # from the same manifest, or a later one of the same process id, names its own):
        # a manifest's files are never replaced under it.
        name = f"{stem}.{segment}.{self.generation}-{secrets.token_hex(6)}.seg"
        _replace(self.folder / name, value, refs)
        return name


def _replace(path: Path, value: object, refs: dict[int, tuple[str, int]] | None = None) -> None:
    """``value`` pickled (with ``refs``: _pickle_refs) into a new file renamed over path."""
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as handle:
        if refs is not None:
            _pickle_refs(value, refs, handle)
        else:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)


_MEMO_LOG = "memo-"  # a stage memo's log segment: "memo-" and the stage's name


def _logged(state: RunState) -> dict[str, object]:
    """The state's logged values by segment (_Segments): its articles, its seeds, each stage
    memo that names its tables or is a plain dict (one table, _ENTRIES), the page signatures'
    memo, the rest and the writer's memos."""
    logged: dict[str, object] = {"articles": _Plain({"articles": state.articles}),
                                 "seeds": _Plain({"seeds": _seed_entries(state)})}
    for name, memo in sorted(state.stage_memos.items()):
        if _logs_itself(memo):
            logged[f"{_MEMO_LOG}{name}"] = memo
        elif type(memo) is dict:
            logged[f"{_MEMO_LOG}{name}"] = _Plain({_ENTRIES: memo})
    logged["signatures"] = _signatures_log(state)
    logged["rest"] = _rest_log(state)
    logged["writer"] = _writer_log(state)
    return logged


def _rest_log(state: RunState) -> _Plain:
    """The sidecars and the alignments as tables; the fingerprint and the stage memos not
    logged on their own (_logged) saved whole with each delta."""
    others = {name: memo for name, memo in sorted(state.stage_memos.items())
              if not _logs_itself(memo) and type(memo) is not dict}
    return _Plain({name: getattr(state, name) for name in _REST_TABLES},
                  (state.fingerprint, others))


def _signatures_log(state: RunState) -> _Plain:
    """The page signatures' memo (render.signatures.SignatureMemo) as the state saves it: its
    timeline entries by name (_signatures_by_name) and its held parts by id (held_by_name);
    its "articles" and each kind of its held parts are tables (their rows change with the
    pages that change), the rest (the timeline entries' names and tokens, each one bytes
    object, and the export's ids) is saved whole with each delta."""
    memo = state.signatures
    timeline = state.stage_memos.get(TIMELINE_MEMO)
    by_name = _signatures_by_name(memo, timeline) if _logs_itself(timeline) else None
    # imported here: render imports the timeline, which imports this module
    from generator.render.signatures import LINK_OUTPUTS_MEMO, held_by_name
    memo = held_by_name(by_name if by_name is not None else memo,
                        state.stage_memos.get(LINK_OUTPUTS_MEMO))
    tables = {name: memo[name] for name in _SIGNATURE_TABLES if type(memo.get(name)) is dict}
    held = memo.get("held")
    if type(held) is dict:
        tables.update((f"{_HELD}{kind}", parts) for kind, parts in held.items())
    rest = {key: value for key, value in memo.items() if key not in tables and
            not (key == "held" and type(held) is dict)}
    return _Plain(tables, (by_name is not None, rest))


def _signatures_from_log(log: object, memos: dict[str, object]) -> dict:
    """The page signatures' memo _signatures_log saved, with the loaded memos' objects."""
    if not isinstance(log, _Plain) or not isinstance(log.extra, tuple):
        raise ValueError("not the signatures' log")
    by_name, memo = log.extra
    memo = dict(memo)
    for name, table in log.tables.items():
        if name.startswith(_HELD):
            memo.setdefault("held", {})[name[len(_HELD):]] = table
        else:
            memo[name] = table
    if by_name:
        memo = _signatures_from(memo, memos[TIMELINE_MEMO])
    from generator.render.signatures import LINK_OUTPUTS_MEMO, held_from
    return held_from(memo, memos.get(LINK_OUTPUTS_MEMO))


def _seed_entries(state: RunState) -> dict[str, tuple]:
    """seed -> (its read memo entry, its prepared document and key), in one segment: the
    prepared document's text is the reader output's string, pickled once."""
    seeds = state.reads.keys() | state.prepared.keys()
    return {seed: (state.reads.get(seed), state.prepared.get(seed)) for seed in sorted(seeds)}


def _signatures_by_name(signatures: dict, timeline: object) -> dict | None:
    """The signatures' memo (render.signatures.SignatureMemo) with its list of the last run's
    timeline entries (in their order: render.export.PreviousTimeline reads them so) as the
    entries' names in the timeline memo (TimelineMemo.named_entries), packed, which a loaded
    timeline memo gives back (_signatures_from): the entries themselves are saved once, in
    the timeline memo's log. None when an entry is not the timeline memo's."""
    entries = signatures.get("entries")
    if not isinstance(entries, list) or not hasattr(timeline, "named_entries"):
        return None
    name_of = {id(entry): name for name, entry in timeline.named_entries().items()}
    names = array("q", map(name_of.get, map(id, entries), repeat(-1)))
    if -1 in names:
        return None
    return {**signatures, "entries": names.tobytes()}


def _signatures_from(saved: dict, timeline: object) -> dict:
    """The signatures' memo _signatures_by_name saved, with the loaded timeline memo's
    entries."""
    named = timeline.named_entries()  # type: ignore[attr-defined]
    names = array("q")
    names.frombytes(saved["entries"])
    return {**saved, "entries": list(map(named.__getitem__, names))}


def _writer_log(state: RunState) -> _Plain:
    """The writer's memos (RunState.pages, .files: folder -> path -> entry) as two tables by
    (folder, path), and the folders in order (one may hold no entries)."""
    return _Plain({"pages": {(folder, path): made for folder, memo in state.pages.items()
                             for path, made in memo.items()},
                   "files": {(folder, path): stats for folder, memo in state.files.items()
                             for path, stats in memo.items()}},
                  (tuple(state.pages), tuple(state.files)))


def _writer_memos(log: object) -> tuple[dict, dict]:
    """RunState.pages and .files from what _writer_log saved."""
    if not isinstance(log, _Plain) or not isinstance(log.extra, tuple):
        raise ValueError("not the writer's memos")
    memos: list[dict[str, dict]] = []
    for name, folders in zip(("pages", "files"), log.extra, strict=True):  # type: ignore[call-overload]
        memo: dict[str, dict] = {folder: {} for folder in folders}
        for (folder, path), entry in log.tables[name].items():
            memo.setdefault(folder, {})[path] = entry
        memos.append(memo)
    return memos[0], memos[1]


_CONTAINERS = (list, dict)


def _article_objects(article: Article) -> list:
    """The article, its analysis and their lists and dicts, in an order save and load make."""
    found = [article, *(v for v in article.__dict__.values() if type(v) in _CONTAINERS)]
    analysis = article.analysis
    found.append(analysis)
    found.extend(v for v in analysis.__dict__.values() if type(v) in _CONTAINERS)
    return found


def _by_article_id(articles: dict[str, Article], objects: dict[str, list]) -> dict[str, list]:
    """The articles' objects (analysis key -> _article_objects) by article id, for each id one
    article alone has.

    By id, not by analysis key: a memo row is kept while its inputs are equal to the article's
    (a timeline reading, when the article's events are: its text edited elsewhere, its sidecar
    changed), so it may hold the objects of the article that had the id when the memo's base
    was written. Named by that article's key, they were gone once it was replaced: the row was
    made again on the next run (the first warm run after a large change rewrote three quarters
    of the readings). Named by id, they are the current article's, which its owner compares by
    content, not only identity, so a row is never taken for inputs it was not made from."""
    count = Counter(article.id for article in articles.values())
    return {article.id: objects[key] for key, article in articles.items()
            if count[article.id] == 1}


def _article_refs(by_id: dict[str, list]) -> dict[int, tuple[str, int]]:
    """id of each of the articles' objects (article id -> _article_objects) -> (the article's
    id, its place)."""
    return {id(o): (article_id, place) for article_id, found in by_id.items()
            for place, o in enumerate(found)}


class _KnownObjects:
    """The articles' objects by (article id, place): _article_refs's names, read back."""

    def __init__(self, by_id: dict[str, list]) -> None:
        self.by_id = by_id

    def get(self, name: tuple[str, int]) -> object:
        article_id, place = name
        found = self.by_id.get(article_id, ())
        # An article no longer kept: an object equal to nothing, so what holds it is made
        # again (a timeline reading compares its events with the article's).
        return found[place] if place < len(found) else object()


class _ByRef(pickle.Pickler):
    def __init__(self, handle: BinaryIO, refs: dict[int, tuple[str, int]]) -> None:
        super().__init__(handle, protocol=pickle.HIGHEST_PROTOCOL)
        self.refs = refs

    def persistent_id(self, obj: object) -> tuple[str, int] | None:
        return self.refs.get(id(obj))


def _pickle_refs(value: object, refs: dict[int, tuple[str, int]], handle: BinaryIO) -> None:
    """``value`` pickled with each object of refs (id -> its name: _article_refs) written as its
    name, read back by _ByKey."""
    _ByRef(handle, refs).dump(value)


class _ByKey(pickle.Unpickler):
    def __init__(self, data: BinaryIO, known: _KnownObjects) -> None:
        super().__init__(data)
        self.known = known

    def persistent_load(self, pid: object) -> object:
        return self.known.get(pid)  # type: ignore[arg-type]


@dataclass(frozen=True)
class KnownDocument:
    """A seed whose cleaned document and analysis key are the previous run's (RunState.known):
    it stands in for the CleanDocument given to analyse_all."""

    seed: str
    key: str


# Whether this process's generator code froze objects (freeze_kept) and has not given them back
# (thaw_kept) since. gc.get_freeze_count walks every frozen object (0.02-0.05 s at 2,225
# articles, a few calls a run): when this is set, the answer is known without asking.
_FROZEN_HERE = [False]


def freeze_kept() -> None:
    """gc.freeze, remembered (frozen_any) until thaw_kept: only for a caller that will thaw."""
    gc.freeze()
    _FROZEN_HERE[0] = True


def thaw_kept() -> None:
    """gc.unfreeze: every frozen object goes back to the collector, whoever froze it."""
    gc.unfreeze()
    _FROZEN_HERE[0] = False


def frozen_any() -> bool:
    """Whether any objects are frozen out of the cyclic collector: known at once when the
    generator froze them (freeze_kept), else asked of gc (another caller, e.g. the MkDocs
    plugin or a test, froze them itself)."""
    return _FROZEN_HERE[0] or gc.get_freeze_count() > 0


@contextmanager
def _no_collection() -> Iterator[None]:
    """Unpickling builds millions of objects, none of them garbage: the cyclic collector's full
    passes over them took about a third of the state's load time at 2,225 articles.

    On the way out, what was made meanwhile goes straight to the collector's oldest generation
    (gc.freeze then gc.unfreeze moves every tracked object there and resets the youngest
    generation's count), so that the first allocation after gc.enable does not start a
    collection of the young generation walking all of it (0.4 s after loading the state at
    2,225 articles). When a caller holds objects frozen (pipeline), they join those instead
    and go back to the collector with them. Garbage made meanwhile is still collected, by
    the next full collection."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if frozen_any():
            gc.freeze()
        else:
            gc.freeze()
            gc.unfreeze()
        if enabled:
            gc.enable()


def state_key(settings: Settings) -> str:
    """The name of the state for this code and these settings. Folders go in resolved: the
    CLI run in the project (root "."), the CLI or bench with an absolute root and the MkDocs
    plugin (root from mkdocs.yml's resolved path) must find one state, not each its own."""
    values = {f.name: str(_resolved(getattr(settings, f.name))) for f in fields(settings)}
    payload = json.dumps([STATE_FORMAT, generator_fingerprint(), sys.version, values],
                         sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()[:32]


def _resolved(value: object) -> object:
    return value.resolve() if isinstance(value, Path) else value


def analyse_all(docs: list[CleanDocument | KnownDocument], settings: Settings,
                workers: int | None = None, state: RunState | None = None,
                sources: dict[str, RawDocument] | None = None,
                ) -> tuple[list[Article], list[Problem]]:
    """Articles for the documents that could be analysed, and a problem for each that could not.

    With a state, articles analysed in an earlier run of this process (or the previous run's
    state file) are taken from it without reading the cache; each is returned as a copy, as
    the link stage sets page slugs on the articles it is given. A KnownDocument (from
    RunState.known) is one of those. ``sources`` (seed -> the document as read) is recorded in
    the state, so that the next run knows which seeds it need not clean again."""
    cache = AnalysisCache(settings.cache)
    if state is not None and not state.fingerprint:
        state.fingerprint = code_fingerprint(ANALYSIS_MODULE)
    fingerprint = state.fingerprint if state is not None else code_fingerprint(ANALYSIS_MODULE)
    keys = [doc.key if isinstance(doc, KnownDocument) else cache_key(doc, settings, fingerprint)
            for doc in docs]
    memo = state.articles if state is not None else {}
    results: list[Article | None] = [memo.get(key) or cache.load(key) for key in keys]
    # A KnownDocument's article is in the state (RunState.known checks it), so only cleaned
    # documents can be missing.
    missing = [i for i, found in enumerate(results) if found is None]
    fresh = [i for i, key in enumerate(keys) if key not in memo]
    problems: list[Problem] = []
    for i, outcome in zip(missing, _analyse_many([docs[i] for i in missing], settings, workers),
                          strict=True):
        if isinstance(outcome, str):
            problems.append(Problem(docs[i].seed, f"could not be analysed ({outcome})"))
            continue
        results[i] = outcome
        cache.store(keys[i], outcome)
    # Articles read from the cache or the pool hold a string object per field ("person" once
    # per mention): one object per distinct text, so the run state and its pickle hold about a
    # fifth of the strings.
    table: dict[str, str] = {}
    for i in fresh:
        if results[i] is not None:
            share_strings(results[i], table)
    if state is not None:
        for key, article in zip(keys, results, strict=True):
            if article is not None:
                memo[key] = article
        state.keep_only({doc.seed for doc in docs}, set(keys))
        state.prepared = {doc.seed: (sources[doc.seed], key)
                          for doc, key, article in zip(docs, keys, results, strict=True)
                          if article is not None and sources and doc.seed in sources}
    return [_shallow_copy(a) for a in results if a is not None], problems


def share_strings(value, table: dict[str, str]):
    """``value`` with every string in it (in its objects' attributes, lists, tuples and
    dicts, not in sets) replaced by the equal string of ``table``, added there when new:
    equal texts become one object. Lists, dicts and objects are changed in place; a tuple
    is made again."""
    kind = type(value)
    if kind is str:
        return table.setdefault(value, value)
    if kind is list:
        value[:] = [share_strings(item, table) for item in value]
    elif kind is tuple:
        return tuple(share_strings(item, table) for item in value)
    elif kind is dict:
        items = [(share_strings(k, table), share_strings(v, table)) for k, v in value.items()]
        value.clear()
        value.update(items)
    elif not isinstance(value, type) and hasattr(value, "__dict__"):
        attributes = value.__dict__
        for name, item in attributes.items():
            attributes[name] = share_strings(item, table)
    return value


def _shallow_copy(article: Article) -> Article:
    """copy.copy, without its __reduce_ex__ round (a second a run at 2,225 articles)."""
    twin = object.__new__(Article)
    twin.__dict__.update(article.__dict__)
    return twin


def _analyse_many(docs: list[CleanDocument], settings: Settings,
                  workers: int | None) -> list[Article | str]:
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if workers < 2 or len(docs) < PARALLEL_MIN:
        return [_analyse_safely(doc, settings) for doc in docs]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(_analyse_safely, docs, [settings] * len(docs), chunksize=16))


def _analyse_safely(doc: CleanDocument, settings: Settings) -> Article | str:
    """One article that breaks the analysis must not stop the build: report it instead."""
    try:
        return analyse(doc, settings)
    except (ValueError, TypeError, KeyError, IndexError, RecursionError, OverflowError) as exc:
        return f"{type(exc).__name__}: {' '.join(str(exc).split())[:120]}"
