"""The pipeline: ingest -> clean -> analyse -> link -> timeline -> render -> write.

Data flows one way; each stage takes the previous stage's dataclasses. Analysis of one article
depends on that article alone, so it is cached by content and run in parallel (see cache.py).
A run takes the previous run's state (cache.RunState): unchanged seeds and sidecars are not
read, parsed, cleaned or hashed again and their analysis is not looked up again, and link reuses
its spun-copy checks of unchanged texts; link and timeline are otherwise whole-archive stages.
Render hands each file to the writer as it is made; article, story and entity pages go by a
signature of what they show (render.signatures), and the writer renders only those whose
signature differs from the one it made the file from. The writer touches only files whose bytes
changed.
Each run records the wall time of every stage (GenerateResult.timings) for `make bench`.
"""

from __future__ import annotations

import gc
import resource
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TypeVar

from generator.cache import KnownDocument, RunState, analyse_all, freeze_kept, frozen_any, thaw_kept
from generator.clean import clean
from generator.config import Settings
from generator.ingest import read_seeds
from generator.link import link
from generator.link.story_ids import STATE_FILE, load_state, save_state
from generator.models import CleanDocument, Digest, Problem, RawDocument
from generator.render import EXPORT, render_files
from generator.render.signatures import Deferred
from generator.timeline import build_timeline
from generator.write import FileStats, Sibling, WriteReport, read_known, recover, write_outputs

T = TypeVar("T")
STAGES = ("state", "read", "clean", "analyse", "link", "timeline", "render", "write")


@dataclass
class GenerateResult:
    digest: Digest
    problems: list[Problem] = field(default_factory=list)
    report: WriteReport = field(default_factory=WriteReport)
    timings: dict[str, float] = field(default_factory=dict)  # stage -> seconds, in STAGES order
    # stage -> the process's peak resident memory (MB) when the stage ended: a stage that keeps
    # or builds much shows as a step (for `make bench`; the pool's workers are not counted)
    peak_mb: dict[str, float] = field(default_factory=dict)


@contextmanager
def _timed(timings: dict[str, float] | None, stage: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        if timings is not None:  # a stage timed twice (state: load and save) adds up
            timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - start
            _PEAKS[stage] = _peak_mb()


def _timed_items(items: Iterator[T], timings: dict[str, float], stage: str) -> Iterator[T]:
    """The items, the time spent making them added to the stage's. The peak memory is read
    once, at the end: getrusage took about a millisecond a call on a loaded machine."""
    spent = 0.0
    while True:
        start = time.perf_counter()
        try:
            item = next(items)
        except StopIteration:
            break
        finally:
            spent += time.perf_counter() - start
        yield _timed_deferred(item, timings, stage)
    timings[stage] = timings.get(stage, 0.0) + spent
    _PEAKS[stage] = _peak_mb()


@contextmanager
def _kept_objects_frozen() -> Iterator[None]:
    """The run state and the digest outlive render and write, so the cyclic collector's full
    passes need not walk them: frozen, they walk only what render and write make (link
    pauses the collector likewise, as does the timeline stage). Unfrozen afterwards, so that a
    process that keeps running (`mkdocs serve`) collects what later runs drop. When a caller
    froze objects itself (generate, after loading the state), these join them and go back to
    the collector with them, when the caller unfreezes."""
    held = frozen_any()
    if held:
        gc.freeze()  # joins the holder's: theirs to thaw (and to remember, freeze_kept)
    else:
        freeze_kept()
    try:
        yield
    finally:
        if not held:
            thaw_kept()


def _analysis_keys(digest: Digest, state: RunState) -> dict[str, str]:
    """article id -> its analysis key, for the page signatures (render.signatures)."""
    by_seed = {seed: key for seed, (_, key) in state.prepared.items()}
    return {a.id: by_seed[a.seed] for a in digest.articles if a.seed in by_seed}


def _timed_deferred(item: T, timings: dict[str, float], stage: str) -> T:
    """A page the writer renders itself (render.signatures.Deferred) counts as rendering."""
    if not (isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], Deferred)):
        return item
    path, page = item

    def make() -> str:
        start = time.perf_counter()
        try:
            return page.make()
        finally:
            timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - start

    return (path, Deferred(page.signature, make))  # type: ignore[return-value]


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


_PEAKS: dict[str, float] = {}  # of the last timed run (see GenerateResult.peak_mb)


def build_digest(settings: Settings, timings: dict[str, float] | None = None,
                 story_state: Path | None = None,
                 state: RunState | None = None) -> tuple[Digest, list[Problem]]:
    """Everything up to render. Story ids continue the previous run's (``story_state``, by
    default the state file beside the analysis cache; see generator/link/story_ids.py);
    ``state`` (cache.RunState) spares reading and analysing unchanged seeds again."""
    with _timed(timings, "read"):
        ingested = read_seeds(settings.seeds, settings.max_bytes,
                              state.reads if state is not None else None,
                              state.sidecars if state is not None else None)
    with _timed(timings, "clean"):
        cleaned = [_known_or_cleaned(doc, settings, state) for doc in ingested.documents]
    sources = {doc.seed: doc for doc in ingested.documents} if state is not None else None
    ingested.documents = []  # the cleaned documents replace them (memory at scale)
    with _timed(timings, "analyse"):
        articles, failed = analyse_all(cleaned, settings, state=state, sources=sources)
    del cleaned, sources
    with _timed(timings, "link"):
        links = link(articles, load_state(story_state or settings.cache / STATE_FILE),
                     state.alignments if state is not None else None,
                     state.stage_memos if state is not None else None)
    with _timed(timings, "timeline"):
        timeline = build_timeline(articles, links,
                                  state.stage_memos if state is not None else None)
    return Digest(articles=articles, links=links, timeline=timeline), ingested.problems + failed


def _known_or_cleaned(doc: RawDocument, settings: Settings,
                      state: RunState | None) -> CleanDocument | KnownDocument:
    """A seed read exactly as in the previous run is not cleaned again (cleaning depends
    only on the document and the settings, and a settings change starts a new state)."""
    known = state.known(doc) if state is not None else None
    return known if known is not None else clean(doc, settings.furniture)


def generate(settings: Settings, out_dir: Path | None = None,
             state: RunState | None = None) -> GenerateResult:
    """Generate the pages into out_dir (default: the docs folder).

    state: the previous run's state, updated in place; by default it is loaded from the cache
    folder and saved there after the run (a caller that keeps it in memory, like the MkDocs
    plugin during `mkdocs serve`, passes its own and saves it when it likes)."""
    out_dir = out_dir or settings.docs
    # A run killed while writing left a journal: finish it before anything else, so that even a
    # run that fails later leaves a complete output folder for MkDocs.
    recover(out_dir)
    timings: dict[str, float] = {}
    persist = state is None
    # A state loaded here lives to the end of the run: frozen, the cyclic collector's passes
    # during the run need not walk its millions of objects (the first full pass of a process
    # walked them all: half a second at 2,225 articles). Given back to the collector at the end.
    freeze_state = persist and not frozen_any()
    if state is None:
        with _timed(timings, "state"):
            state = RunState.load(settings)
            if freeze_state:
                freeze_kept()
    try:
        digest, problems = build_digest(settings, timings, state=state)
        with _kept_objects_frozen():
            report = _render_and_write(digest, settings, out_dir, state, timings)
            # Only once the pages are written: a failed run must not move the ids its pages
            # still use.
            save_state(settings.cache / STATE_FILE, digest.links)
            with _timed(timings, "state"):
                if persist:
                    state.save(settings)
                else:  # held by the caller between runs (`mkdocs serve`): bounded memory
                    state.release_replaced()
    finally:
        if freeze_state:
            thaw_kept()
    return GenerateResult(digest, problems, report, timings,
                          {stage: _PEAKS[stage] for stage in timings if stage in _PEAKS})


def _previous_export(out_dir: Path, stats: FileStats, made: str) -> bytes | None:
    """The digest.json in the output folder if it is the one the state's run made (``made``:
    its hash): render uses its unchanged records again. Hashed only when the writer's stats
    (write.FileStats) cannot vouch for it, and its stats are recorded for the writer, which
    checks the same file later in the run (it was read and hashed twice a run)."""
    found = read_known(f"{out_dir}/{EXPORT}", EXPORT, stats)
    return found[0] if found is not None and found[1] == made else None


def _render_and_write(digest: Digest, settings: Settings, out_dir: Path, state: RunState,
                      timings: dict[str, float]) -> WriteReport:
    # Render and write run together: each file is written (or found unchanged) as it is made
    # and then let go. "render" is the time spent making files, "write" the rest.
    with _timed(timings, "write"):
        folder = str(out_dir.resolve())
        stats = state.files.setdefault(folder, {})
        pages = render_files(digest, settings, _analysis_keys(digest, state), state.signatures,
                             partial(_previous_export, out_dir, stats))
        report = write_outputs(_timed_items(pages, timings, "render"), out_dir,
                               state.pages.setdefault(folder, {}), stats,
                               _sibling(state, folder))
    timings["write"] -= timings.get("render", 0.0)
    return report


def _sibling(state: RunState, folder: str) -> Sibling | None:
    """The other output folder of this state that holds the most pages made from a signature
    (docs/ for the MkDocs plugin's page folder, and the other way round): a page missing here
    is copied from there, if it was made from the same signature (write.Sibling)."""
    others = sorted(f for f, memo in state.pages.items() if f != folder and memo)
    if not others:
        return None
    best = max(others, key=lambda f: len(state.pages[f]))
    return Sibling(Path(best), state.pages[best])
