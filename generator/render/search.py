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
import subprocess
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin

log = logging.getLogger("mkdocs.plugins.newsdigest.search")

INDEX_FOLDER = "pagefind"  # below the site; the search script looks for it there
# Not indexed: heading permalinks ("¶") and sections marked data-search-exclude (lists of
# sources, entities and related stories that repeat other pages' titles).
EXCLUDE_SELECTORS = ".headerlink, [data-search-exclude]"
TIMEOUT_SECONDS = 1800


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
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        problem = build_search_index(Path(config.site_dir))
        if problem:
            log.warning("newsdigest: search index not built: %s", problem)
