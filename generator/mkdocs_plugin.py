"""MkDocs plugin: generate the digest's pages before every build, including every rebuild of
`mkdocs serve` (plain or `--dirty`), so adding, editing or removing a seed updates the preview.

One rebuild per change: the pages are written into a page folder in the cache
(`<cache>/pages`, outside every folder `mkdocs serve` watches) and handed to MkDocs as
generated files (`File.generated(..., abs_src_path=...)`, MkDocs 1.6), never into docs_dir.
Writing into docs_dir made the server see its own output and build a second time.
`newsdigest generate` still writes the same pages into docs/ (for people who build with other
tools); a page it left there is replaced by the plugin's copy, a hand-written page at a
generated page's path is kept and reported. The first build after a `generate` copies the pages
docs/ holds from the same signatures into the page folder rather than rendering them again
(write.Sibling; it rendered every page: at 600 articles, render went 11.5 s -> 1.8 s).

`mkdocs serve --dirty` rebuilds only pages whose source is newer than their built copy. The
writer rewrites only pages whose bytes changed, so exactly the pages that should change are
rebuilt. Two things a dirty build would otherwise get wrong are fixed here:
- the search index: Material keeps the previous index and replaces the entries of one page;
  here the entries of every rebuilt or removed page are replaced, so it stays whole;
- removed pages: their built HTML is deleted from the (temporary) site folder;
- tag listings: Material's tags plugin lists only the pages read in this build, so the front
  matter of every page is remembered when it is read and given back to it for the pages a
  dirty build skips, and a page holding a listing is rebuilt whenever generated pages changed.
The generator's state (cache.RunState) stays in memory between rebuilds, and so do the
compiled theme templates: every rebuild of `mkdocs serve` loads the configuration again and
makes a new Jinja environment, which compiled Material's templates again (about 0.7 s a
rebuild at load 1; a template whose source changed is compiled again, Jinja checks that).
While a rebuild runs, the objects alive when its generation ends (the state, among them) are
frozen out of the cyclic collector (gc.freeze), as `newsdigest generate` freezes the state it
loads: MkDocs' rendering sets off collections of the older generations, which walked the
state's objects each time (the collector's passes took 1.7 s of a 25 s dirty rebuild at 600
articles and load 10, one full pass 0.7 s of it; measured with gc.callbacks).
They are given back to the collector when the build ends, so what a rebuild drops is collected.

Logging: a rejected seed is logged at INFO ("newsdigest: skipped: seeds/x: reason"), not as a
WARNING, because `mkdocs build --strict` fails on any warning and one bad seed must not take
the whole site down. Set NEWSDIGEST_STRICT=1 (what `newsdigest build --strict` does) to fail
the build on rejected seeds instead. A hand-written page in the way of a generated one is a
project mistake, not bad input, and is logged as a WARNING.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from pathlib import Path

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from generator.cache import RunState, freeze_kept, thaw_kept
from generator.config import Settings, load_settings
from generator.pipeline import GenerateResult, generate
from generator.write import read_manifest, sha256

log = logging.getLogger("mkdocs.plugins.newsdigest")

STRICT_ENV = "NEWSDIGEST_STRICT"
SEEDS_ENV = "NEWSDIGEST_SEEDS"
PAGES_FOLDER = "pages"  # below the cache folder
SEARCH_PLUGINS = ("material/search", "search")
TAGS_PLUGINS = ("material/tags", "tags")
LISTING_MARK = "<!-- material/tags"  # how a page asks the tags plugin for a listing


class NewsdigestPlugin(BasePlugin):
    def __init__(self) -> None:
        super().__init__()
        self.dirty = False
        self.serving = False
        self.state: RunState | None = None  # kept between the rebuilds of `mkdocs serve`
        self.state_key: str | None = None
        self.settings: Settings | None = None
        self.pages: list[str] = []  # generated files of this build (paths below pages/)
        self.built_dest: dict[str, str] = {}  # src_uri -> built file, of the previous build
        self.dest: dict[str, str] = {}  # the same, of this build
        self.page_urls: set[str] = set()  # URLs of every page of this build
        self.rebuilt: set[str] = set()  # URLs of the pages MkDocs rendered in this build
        self.changed = True  # did this build's generation write or remove any page?
        self.page_meta: dict[str, dict] = {}  # src_uri -> front matter, when last read
        self.templates = MemoryBytecodeCache()  # compiled templates, kept between rebuilds
        self.frozen = False  # did this plugin freeze the collector's objects (see the docstring)?

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this instance (and its state) across serve's rebuilds.
        self.dirty = dirty
        self.serving = command == "serve"
        if self.serving:
            stop_on_sigterm_as_on_ctrl_c()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        list_theme_without_hidden_folders(config)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        root = Path(config.config_file_path).resolve().parent
        overrides = {"docs": Path(config.docs_dir), "seeds": os.environ.get(SEEDS_ENV) or None}
        settings = load_settings(root, overrides)
        self.settings = settings
        self._thaw()  # a build that failed before on_post_build left them frozen
        state = self._state(settings) if self.serving else None
        if state is not None:
            self._freeze()  # the state: generation's collector passes need not walk it
        result = generate(settings, out_dir=pages_dir(settings), state=state)
        if state is not None:
            self._freeze()  # and what generation made, for MkDocs' part of the build
        self.pages = sorted(read_manifest(pages_dir(settings)))
        self.rebuilt = set()
        self.changed = bool(result.report.written or result.report.removed)
        report(result)
        rejected = [p for p in result.problems if p.fatal]
        if rejected and os.environ.get(STRICT_ENV) == "1":
            raise PluginError(f"newsdigest: {len(rejected)} seed(s) rejected ({STRICT_ENV}=1)")

    def _state(self, settings: Settings) -> RunState:
        """The in-memory state, reloaded from the cache when the settings changed."""
        from generator.cache import state_key

        key = state_key(settings)
        if self.state is None or key != self.state_key:
            self.state, self.state_key = RunState.load(settings), key
        return self.state

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.settings is not None
        folder = pages_dir(self.settings)
        left_by_cli = read_manifest(Path(config.docs_dir))
        self.dest = {}
        for path in self.pages:
            existing = files.get_file_from_path(path)
            if existing is not None and existing.generated_by is None:
                if path not in left_by_cli:
                    log.warning("newsdigest: docs/%s is hand-written; the generated page was "
                                "not used", path)
                    continue
                files.remove(existing)  # written by `newsdigest generate`: use this build's
            generated = File.generated(config, path, abs_src_path=str(folder / path))
            files.append(generated)
            self.dest[path] = generated.abs_dest_path
        _leave_out_stale_cli_pages(files, left_by_cli, set(self.pages))
        if self.dirty and self.changed:
            _rebuild_listing_pages(files)
        return files

    def on_page_markdown(self, markdown, *, page, config, files):  # noqa: ANN001, ANN201
        if self.dirty:
            self.page_meta[page.file.src_uri] = dict(page.meta)
        return markdown

    @event_priority(110)  # before Material's tags plugin (100) fills its listings
    def on_env(self, env, *, config, files):  # noqa: ANN001, ANN201
        self.page_urls = {f.url for f in files.documentation_pages()}
        if self.serving:
            env.bytecode_cache = self.templates
        if self.dirty:
            self._restore_tags(config, files)
        return env

    def _restore_tags(self, config: MkDocsConfig, files: Files) -> None:
        """Give the tags plugin the tags of the pages this dirty build did not read."""
        plugin = next((config.plugins[name] for name in TAGS_PLUGINS
                       if name in config.plugins), None)
        mappings = getattr(plugin, "mappings", None)
        if mappings is None:
            return
        for file in files.documentation_pages():
            page, meta = file.page, self.page_meta.get(file.src_uri)
            if page is None or page.markdown is not None or meta is None:
                continue  # read in this build (or never read): the plugin has it already
            page.meta, page.markdown = dict(meta), ""  # markdown set: the title comes from meta
            mappings.add(page, "")

    def on_page_context(self, context, *, page, config, nav):  # noqa: ANN001, ANN201
        self.rebuilt.add(page.url)
        return context

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.dirty:
            self._remove_stale_pages(self.dest)
            self._complete_search_index(config)
        self.built_dest = self.dest
        self._thaw()

    def _freeze(self) -> None:
        # remembered by the generator (cache.frozen_any answers without asking gc, whose
        # gc.get_freeze_count walks every frozen object: three calls a rebuild)
        freeze_kept()
        self.frozen = True

    def _thaw(self) -> None:
        if self.frozen:
            thaw_kept()
            self.frozen = False

    def on_shutdown(self) -> None:
        self._thaw()
        if self.state is not None and self.settings is not None:
            self.state.save(self.settings)

    def _remove_stale_pages(self, current: dict[str, str]) -> None:
        """A dirty build writes over the previous site: remove the pages that are gone."""
        for src_uri, dest in self.built_dest.items():
            if src_uri not in current:
                Path(dest).unlink(missing_ok=True)

    def _complete_search_index(self, config: MkDocsConfig) -> None:
        """Material's index of a dirty build holds only the rebuilt pages. Add the previous
        entries of every page that still exists and was not rebuilt, then hand Material an
        index that needs no merging of its own."""
        search = next((config.plugins[name] for name in SEARCH_PLUGINS
                       if name in config.plugins), None)
        index = getattr(search, "search_index", None)
        previous = getattr(search, "search_index_prev", None)
        if index is None or previous is None or not hasattr(index, "entries"):
            return
        kept = [entry for entry in previous.entries
                if _page_url(entry) not in self.rebuilt and _page_url(entry) in self.page_urls]
        index.entries = kept + index.entries
        search.search_index_prev = None


def stop_on_sigterm_as_on_ctrl_c() -> None:
    """`mkdocs serve` cleans up only on Ctrl-C (KeyboardInterrupt): it then calls on_shutdown
    (which saves the generator's state) and deletes its temporary site folder. Stopped with
    SIGTERM (a process manager, a container, an editor's stop button, the bench), Python's
    default ends the process at once: the state was lost and every stop left a copy of the
    whole site in the temporary folder (tens of MB at 600 articles). So SIGTERM is made to
    stop the server as Ctrl-C does, unless someone already handles it."""
    if threading.current_thread() is not threading.main_thread() or \
            signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        return

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates in memory. Jinja keys a template by its name and file and stores the
    checksum of its source with it: a changed template is compiled again."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


class ThemeLoader(jinja2.FileSystemLoader):
    """The theme's template loader, listing no file below a hidden folder (one whose name
    starts with a dot). Every build (each rebuild of `mkdocs serve` too) lists the theme's
    files to copy the static ones, and MkDocs leaves out every path with a hidden part (its
    patterns '.*' and '*/.*'): Material keeps 14,348 of its 14,509 template files, its icons,
    in templates/.icons, so walking them and matching each against MkDocs' patterns took
    0.08-0.18 s of every rebuild for nothing. Loading a template (get_source) is Jinja's."""

    def list_templates(self) -> list[str]:
        found = set()
        for searchpath in self.searchpath:
            for folder, subfolders, names in os.walk(searchpath, followlinks=self.followlinks):
                subfolders[:] = [name for name in subfolders if not name.startswith(".")]
                for name in names:
                    template = os.path.join(folder, name)[len(searchpath):].strip(os.path.sep) \
                        .replace(os.path.sep, "/")
                    found.add(template.removeprefix("./"))
        return sorted(found)


def list_theme_without_hidden_folders(config: MkDocsConfig) -> None:
    """Make the theme's Jinja environment (a new one every build) list templates with
    ThemeLoader; a theme with a loader of its own is left alone."""
    theme = config.theme
    make_env = theme.get_env

    def get_env() -> jinja2.Environment:
        env = make_env()
        loader = env.loader
        if type(loader) is jinja2.FileSystemLoader:
            env.loader = ThemeLoader(loader.searchpath, loader.encoding, loader.followlinks)
        return env

    theme.get_env = get_env


def _leave_out_stale_cli_pages(files: Files, left_by_cli: dict[str, str],
                               generated: set[str]) -> None:
    """A page `newsdigest generate` wrote into docs/ that the plugin no longer generates (its
    seed was removed since) would be built from that stale copy: leave it out of the build,
    unless it was edited since (its bytes differ from what the generator wrote: a person's)."""
    for path in sorted(left_by_cli.keys() - generated):
        stale = files.get_file_from_path(path)
        if stale is None or stale.generated_by is not None or not stale.abs_src_path:
            continue
        try:
            if sha256(Path(stale.abs_src_path).read_bytes()) == left_by_cli[path]:
                files.remove(stale)
        except OSError:
            continue


def _rebuild_listing_pages(files: Files) -> None:
    """Delete the built copy of every hand-written page with a tag listing: a dirty build then
    reads and renders it again (File.is_modified is true when the built copy is missing)."""
    for file in files.documentation_pages():
        if file.generated_by is not None or not file.abs_src_path:
            continue
        try:
            if LISTING_MARK in Path(file.abs_src_path).read_text(encoding="utf-8"):
                Path(file.abs_dest_path).unlink(missing_ok=True)
        except OSError:
            continue


def _page_url(entry: dict) -> str:
    return str(entry.get("location", "")).split("#", 1)[0]


def pages_dir(settings: Settings) -> Path:
    return settings.cache / PAGES_FOLDER


def report(result: GenerateResult) -> None:
    for problem in result.problems:
        log.info("newsdigest: %s", problem.line())
    for path in result.report.conflicts:
        log.warning("newsdigest: docs/%s is hand-written; the generated page was not written",
                    path)
    r = result.report
    log.info("newsdigest: %d articles; %d files written, %d unchanged, %d removed",
             len(result.digest.articles), len(r.written), r.unchanged, len(r.removed))
