"""Site search with Pagefind: a chunked index written beside the built site, so a search loads
only the index chunks and fragments its words need, however large the archive grows.

Why not Material's own search: it downloads the whole index (search_index.json, ~3 KB per
article) on every page view, 1.9 MB at 600 articles; `make bench` (bench/reader.py) measures
both. The search box stays Material's, in the header; overrides/assets/nd-search.js runs the
queries with Pagefind's JavaScript API.

Which pages are searched: the template marks the content of every page not excluded from
search (front matter `search: {exclude: true}`: listings, the timeline, entity pages) with
data-pagefind-body; Pagefind then indexes only those (article, story and hand-written pages).

The index is built after every `mkdocs build` and every `mkdocs serve` rebuild (the plugin
`newsdigest-search` in mkdocs.yml). If it cannot be built, the site still builds, a WARNING
says why (so `--strict` fails), and the search box says search is unavailable.

`mkdocs serve --dirty` (the fast preview): Pagefind's cost is per page and it cannot replace
one page of an index, so indexing the whole site took about 3 s of every rebuild at 600
articles. There, the first build writes the whole (base) index; a dirty rebuild indexes only
the pages rendered or removed since the base into a second, small bundle (pagefind-dirty/),
whose manifest (nd-dirty.json) names the base entries that are out of date. The search script
merges the second bundle with Pagefind's mergeIndex and leaves those base entries out, so the
search stays whole: a removed page is not found, a new or changed one is found as it is now.
Once the pages changed since the base are a large share of it, the next build writes a whole
base index again. Plain `mkdocs build` and plain `mkdocs serve` always write one whole index.
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files

log = logging.getLogger("mkdocs.plugins.newsdigest.search")

INDEX_FOLDER = "pagefind"  # below the site; the search script looks for it there
DIRTY_FOLDER = "pagefind-dirty"  # below the site: the pages changed since the base index
DIRTY_MANIFEST = "nd-dirty.json"  # in DIRTY_FOLDER: which base entries the script leaves out
DIRTY_GLOBAL = "nd_search_dirty"  # template variable: the site is served with --dirty
SEARCHED_MARK = "data-pagefind-body"  # a page holding it is searched (overrides/main.html)
FRAGMENT_PREFIX = b"pagefind_dcd"  # how Pagefind starts a decompressed fragment
# serve --dirty writes a whole index again once the pages changed since the last whole one (and
# still there) are more than this share of the site's pages: the second index's cost grows with
# them (both costs are linear in pages), and past half the site a whole index costs less than
# twice the second one. The plugin's option `rebase_share` in mkdocs.yml.
REBASE_SHARE = 0.5
# Not indexed: heading permalinks ("¶") and sections marked data-search-exclude (lists of
# sources, entities and related stories that repeat other pages' titles): the heading by this
# selector, the rest of its section by ignore_excluded_sections.
EXCLUDE_SELECTORS = ".headerlink, [data-search-exclude]"
TIMEOUT_SECONDS = 1800

# Elements with no end tag: they do not open a level of nesting.
_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
EXCLUDE_ATTRIBUTE = "data-search-exclude"  # render.common.NO_SEARCH puts it on a heading
# One tag (its attributes may quote a ">"), or a comment, or the raw text of a script or style
# element, which holds no tags: the only parts of a page that decide which headings are at its
# top level. Read as html.parser reads them (tag names and attribute names are not case
# sensitive; a self-closing tag opens no level), at a fraction of its cost: that parser handled
# every character of every page (2.0 of 26.7 s CPU of a whole build at 600 articles).
_TAG = re.compile(r"""<!--.*?(?:-->|\Z)|<(/?)([a-zA-Z][^\t\n\r\f />\x00]*)"""
                  r"""((?:[^>"']|"[^"]*"|'[^']*')*)>""", re.S)
_RAW_TEXT = {"script": re.compile(r"</script[\t\n\r\f />]", re.I),
             "style": re.compile(r"</style[\t\n\r\f />]", re.I)}
# An attribute, as html.parser finds them (its attrfind_tolerant).
_ATTRIBUTE = re.compile(r"""((?<=['"\s/])[^\s/>][^\s/=>]*)(\s*=+\s*"""
                        r"""('[^']*'|"[^"]*"|(?!['"])[^>\s]*))?(?:\s|/(?!>))*""")
_SPACE = re.compile(r"(?:\s|/(?!>))*")


def _is_marked(attributes: str) -> bool:
    """Does a start tag (its text after the name) carry the exclude attribute?"""
    if EXCLUDE_ATTRIBUTE not in attributes.lower():
        return False  # the usual case, without reading the attributes
    position = _SPACE.match(attributes).end()
    while (found := _ATTRIBUTE.match(attributes, position)) is not None and found.end() > position:
        if found.group(1).lower() == EXCLUDE_ATTRIBUTE:
            return True
        position = found.end()
    return False


def top_level_headings(html: str) -> list[tuple[int, int, bool]]:
    """Where each heading at the top level of a page's content starts (offset), its level,
    and whether it is marked to be left out of search."""
    found, depth, position = [], 0, 0
    while (match := _TAG.search(html, position)) is not None:
        position = match.end()
        closing, name, attributes = match.groups()
        if name is None:
            continue  # a comment
        tag = name.lower()
        if closing:
            if tag not in _VOID:
                depth = max(0, depth - 1)
            continue
        if depth == 0 and tag in _HEADINGS:
            found.append((match.start(), _HEADINGS[tag], _is_marked(attributes)))
        if attributes.endswith("/") or tag in _VOID:
            continue  # self-closing: html.parser calls it a start and an end tag
        depth += 1
        if tag in _RAW_TEXT:
            end = _RAW_TEXT[tag].search(html, position)
            position = len(html) if end is None else end.start()
    return found


def ignore_excluded_sections(html: str) -> str:
    """Each section whose heading is marked data-search-exclude (the heading and what follows
    it up to the next heading of its level or higher) wrapped in <div data-pagefind-ignore>.
    Pagefind leaves out a marked element and its children but, unlike Material's search,
    indexes the siblings after a marked heading: the story's sources, quotes, timeline and
    related stories, which repeat other pages' words."""
    if EXCLUDE_ATTRIBUTE not in html.lower():
        return html
    headings = top_level_headings(html)
    spans = []
    for index, (start, level, excluded) in enumerate(headings):
        if excluded:
            end = next((s for s, lv, _ in headings[index + 1:] if lv <= level), len(html))
            if not spans or start >= spans[-1][1]:
                spans.append((start, end))
    out, last = [], 0
    for start, end in spans:
        out += [html[last:start], '<div data-pagefind-ignore="all">', html[start:end], "</div>"]
        last = end
    out.append(html[last:])
    return "".join(out)


@lru_cache(maxsize=1)
def pagefind_program() -> tuple[str, ...]:
    """The Pagefind binary (from pagefind-bin, pinned in pyproject.toml; PAGEFIND_BINARY_PATH
    overrides it, as for `python -m pagefind`), else `python -m pagefind`. That module only
    finds the same binary and runs it, after starting a Python of its own: 0.1 s idle, about
    0.5 s on a loaded machine, on every rebuild of `mkdocs serve`."""
    try:
        from pagefind.service import get_executable
        found = get_executable()
    except ImportError:
        found = None
    if found is not None and os.access(found, os.X_OK):
        return (str(found),)
    return (sys.executable, "-m", "pagefind")


def pagefind_command(site: Path, bundle: Path | None = None) -> list[str]:
    """Index the HTML below `site` into site/pagefind/, or into `bundle` when given."""
    output = ["--output-subdir", INDEX_FOLDER] if bundle is None else \
        ["--output-path", str(bundle)]
    return [*pagefind_program(), "--site", str(site), *output,
            "--exclude-selectors", EXCLUDE_SELECTORS, "--force-language", "en", "--quiet"]


def build_search_index(site: Path, bundle: Path | None = None) -> str | None:
    """Write site/pagefind/ (or `bundle`). Returns None on success, else the reason it failed."""
    try:
        run = subprocess.run(pagefind_command(site, bundle), capture_output=True, text=True,
                             timeout=TIMEOUT_SECONDS, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        return str(error)
    if run.returncode != 0:
        lines = (run.stderr or run.stdout).strip().splitlines()
        return lines[-1] if lines else f"pagefind exited with {run.returncode}"
    if not ((bundle or site / INDEX_FOLDER) / "pagefind.js").is_file():
        return "pagefind wrote no pagefind.js"
    return None


def fragment_ids(bundle: Path) -> dict[str, str]:
    """Search URL -> the id Pagefind gives that page's result (its fragment's name), read from
    a written bundle. Raises ValueError if a fragment is not as Pagefind 1.x writes it."""
    ids = {}
    for path in sorted((bundle / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        if not data.startswith(FRAGMENT_PREFIX):
            raise ValueError(f"{path.name} is not a Pagefind fragment")
        ids[json.loads(data[len(FRAGMENT_PREFIX):])["url"]] = path.name.split(".")[0]
    return ids


def search_url(dest_uri: str) -> str:
    """The URL Pagefind records for a built file (site-relative, index.html dropped)."""
    url = "/" + dest_uri
    return url[: -len("index.html")] if url.endswith("/index.html") else url


@dataclass
class IncrementalIndex:
    """The base index of the last whole build and the pages changed since (serve --dirty)."""

    rebase_share: float = REBASE_SHARE
    base: dict[str, str] | None = None  # search URL -> result id, of the base index
    base_pages: set[str] = field(default_factory=set)  # search URLs of the base build's pages
    pages: dict[str, str] = field(default_factory=dict)  # search URL -> built file, this build
    rendered: set[str] = field(default_factory=set)  # search URLs rendered in this build
    changed: set[str] = field(default_factory=set)  # search URLs rendered or gone since base

    def start_build(self, files: Files) -> None:
        self.pages = {search_url(f.dest_uri): f.dest_uri for f in files.documentation_pages()}
        self.rendered = set()

    def update(self, site: Path) -> str | None:
        """Write the base index, or the index of the changed pages. None, or what failed."""
        # A page whose built file is gone is not searched, whatever MkDocs' list of pages says
        # (the newsdigest plugin deletes the built copy of a page it no longer generates).
        self.pages = {url: dest for url, dest in self.pages.items() if (site / dest).is_file()}
        if self.base is not None:
            self.changed |= self.rendered | (self.base_pages - self.pages.keys())
            to_index = len(self.changed & self.pages.keys())
            log.debug("newsdigest: search: %d of %d pages changed since the whole index",
                      to_index, len(self.pages))
            if to_index <= self.rebase_share * len(self.pages):
                try:
                    return self._write_changes(site)
                except (OSError, ValueError) as error:
                    log.info("newsdigest: whole search index written again: %s", error)
        return self._write_base(site)

    def _write_base(self, site: Path) -> str | None:
        self.base, self.base_pages, self.changed = None, set(self.pages), set()
        shutil.rmtree(site / DIRTY_FOLDER, ignore_errors=True)
        # Pagefind leaves the fragments of an earlier index in place: they would be read as
        # this index's (a dirty build writes over the previous site).
        shutil.rmtree(site / INDEX_FOLDER, ignore_errors=True)
        problem = build_search_index(site)
        if problem is None:
            try:
                self.base = fragment_ids(site / INDEX_FOLDER)
            except (OSError, ValueError) as error:
                log.info("newsdigest: the next rebuild indexes the whole site: %s", error)
        write_dirty_manifest(site / DIRTY_FOLDER, merge=False, hidden=[], shared=[])
        return problem

    def _write_changes(self, site: Path) -> str | None:
        assert self.base is not None
        bundle = site / DIRTY_FOLDER
        shutil.rmtree(bundle, ignore_errors=True)
        searched = [self.pages[url] for url in sorted(self.changed & self.pages.keys())
                    if SEARCHED_MARK in (site / self.pages[url]).read_text(encoding="utf-8")]
        ids: dict[str, str] = {}
        if searched:
            with tempfile.TemporaryDirectory() as staging:
                for dest_uri in searched:
                    copy = Path(staging, dest_uri)
                    copy.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(site / dest_uri, copy)
                problem = build_search_index(Path(staging), bundle)
            if problem is not None:
                raise OSError(problem)
            ids = fragment_ids(bundle)
        old = {self.base[url] for url in self.changed if url in self.base}
        shared = old & set(ids.values())  # rendered again, same content: one result is shown
        write_dirty_manifest(bundle, merge=bool(ids), hidden=sorted(old - shared),
                             shared=sorted(shared))
        return None


def write_dirty_manifest(bundle: Path, *, merge: bool, hidden: list[str],
                         shared: list[str]) -> None:
    """What the search script reads: whether to merge the bundle, which base results to leave
    out, and which results both indexes hold (the script shows each id once)."""
    bundle.mkdir(parents=True, exist_ok=True)
    (bundle / DIRTY_MANIFEST).write_text(
        json.dumps({"merge": merge, "hidden": hidden, "shared": shared}), encoding="utf-8")


def searched_page_count(entry: dict, dirty_entry: dict | None, manifest: dict | None) -> int:
    """How many pages the search script finds, from the served pagefind-entry.json of the
    whole index, and of the second index with its manifest (both None when not served)."""
    def pages(bundle_entry: dict) -> int:
        return sum(lang.get("page_count", 0) for lang in bundle_entry.get("languages", {}).values())

    count = pages(entry)
    if manifest and manifest.get("merge") and dirty_entry:
        count += pages(dirty_entry) - len(manifest.get("shared", []))
    return count - len((manifest or {}).get("hidden", []))


class PagefindSearchConfig(Config):
    rebase_share = config_options.Type(float, default=REBASE_SHARE)


class PagefindSearchPlugin(BasePlugin[PagefindSearchConfig]):
    def __init__(self) -> None:
        super().__init__()
        self.incremental: IncrementalIndex | None = None  # serve --dirty only

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this instance (and the base index) across serve's rebuilds.
        self.incremental = IncrementalIndex() if command == "serve" and dirty else None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self.incremental is not None:
            self.incremental.rebase_share = self.config.rebase_share
        return config

    def on_env(self, env, *, config, files):  # noqa: ANN001, ANN201
        env.globals[DIRTY_GLOBAL] = self.incremental is not None
        if self.incremental is not None:
            self.incremental.start_build(files)
        return env

    def on_page_context(self, context, *, page, config, nav):  # noqa: ANN001, ANN201
        if self.incremental is not None:
            self.incremental.rendered.add(search_url(page.file.dest_uri))
        return context

    def on_page_content(self, html: str, **kwargs) -> str:
        return ignore_excluded_sections(html)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        site = Path(config.site_dir)
        if self.incremental is None:
            problem = build_search_index(site)
        else:
            problem = self.incremental.update(site)
        if problem:
            log.warning("newsdigest: search index not built: %s", problem)
