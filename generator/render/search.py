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
"""

from __future__ import annotations

import logging
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin

log = logging.getLogger("mkdocs.plugins.newsdigest.search")

INDEX_FOLDER = "pagefind"  # below the site; the search script looks for it there
# Not indexed: heading permalinks ("¶") and sections marked data-search-exclude (lists of
# sources, entities and related stories that repeat other pages' titles): the heading by this
# selector, the rest of its section by ignore_excluded_sections.
EXCLUDE_SELECTORS = ".headerlink, [data-search-exclude]"
TIMEOUT_SECONDS = 1800

# Elements with no end tag: they do not open a level of nesting.
_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
EXCLUDE_ATTRIBUTE = "data-search-exclude"  # render.common.NO_SEARCH puts it on a heading


class _TopLevelHeadings(HTMLParser):
    """Where each heading at the top level of a page's content starts (line, column), its
    level, and whether it is marked to be left out of search."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.found: list[tuple[tuple[int, int], int, bool]] = []

    def handle_starttag(self, tag, attrs):
        if self.depth == 0 and tag in _HEADINGS:
            self.found.append((self.getpos(), _HEADINGS[tag],
                               any(name == EXCLUDE_ATTRIBUTE for name, _ in attrs)))
        if tag not in _VOID:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag not in _VOID:
            self.depth = max(0, self.depth - 1)


def ignore_excluded_sections(html: str) -> str:
    """Each section whose heading is marked data-search-exclude (the heading and what follows
    it up to the next heading of its level or higher) wrapped in <div data-pagefind-ignore>.
    Pagefind leaves out a marked element and its children but, unlike Material's search,
    indexes the siblings after a marked heading: the story's sources, quotes, timeline and
    related stories, which repeat other pages' words."""
    parser = _TopLevelHeadings()
    parser.feed(html)
    parser.close()
    if not any(excluded for _, _, excluded in parser.found):
        return html
    # HTMLParser counts lines by "\n" only (not str.splitlines's other separators).
    line_starts = [0] + [m.end() for m in re.finditer("\n", html)]
    headings = [(line_starts[line - 1] + column, level, excluded)
                for (line, column), level, excluded in parser.found]
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


def pagefind_command(site: Path) -> list[str]:
    return [sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir",
            INDEX_FOLDER, "--exclude-selectors", EXCLUDE_SELECTORS, "--force-language", "en",
            "--quiet"]


def build_search_index(site: Path) -> str | None:
    """Write site/pagefind/. Returns None on success, else the reason it failed."""
    try:
        run = subprocess.run(pagefind_command(site), capture_output=True, text=True,
                             timeout=TIMEOUT_SECONDS, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        return str(error)
    if run.returncode != 0:
        lines = (run.stderr or run.stdout).strip().splitlines()
        return lines[-1] if lines else f"pagefind exited with {run.returncode}"
    if not (site / INDEX_FOLDER / "pagefind.js").is_file():
        return "pagefind wrote no pagefind.js"
    return None


class PagefindSearchPlugin(BasePlugin):
    def on_page_content(self, html: str, **kwargs) -> str:
        return ignore_excluded_sections(html)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        problem = build_search_index(Path(config.site_dir))
        if problem:
            log.warning("newsdigest: search index not built: %s", problem)
