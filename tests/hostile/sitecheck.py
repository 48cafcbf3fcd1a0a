"""Helpers for the hostile tests: run the CLI, snapshot folders, look into built pages."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from generator.write import MANIFEST
from tests.conftest import ROOT, Project

ENV = {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"}
# A guard against a hung build, not a speed check: a build took over 300 s at load 19.
HUNG_AFTER_S = 1200


def run_cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m generator` from this worktree (the venv's editable install may be another)."""
    return subprocess.run([sys.executable, "-m", "generator", "--root", str(root), *args],
                          cwd=root, env=ENV, capture_output=True, text=True, timeout=HUNG_AFTER_S)


def tree(folder: Path) -> dict[str, str]:
    """Every entry below folder: relative path -> content hash, link target or 'dir'."""
    entries: dict[str, str] = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            rel = path.relative_to(folder).as_posix()
            if path.is_symlink():
                entries[rel] = "link -> " + os.readlink(path)
            elif path.is_dir():
                entries[rel] = "dir"
            else:
                entries[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return entries


@dataclass
class HostileBuild:
    base: Path  # holds the project and a folder outside it
    project: Project
    default: subprocess.CompletedProcess[str]  # `generate`
    strict: subprocess.CompletedProcess[str]  # `generate --strict`, run right after
    build: subprocess.CompletedProcess[str]  # `mkdocs build --strict`
    before: dict[str, str]  # tree(base) before any run
    after: dict[str, str]  # tree(base) after the build

    @property
    def digest(self) -> dict:
        return json.loads((self.project.site / "digest.json").read_text(encoding="utf-8"))

    def record(self, seed: str) -> dict:
        matches = [a for a in self.digest["articles"] if a["seed"] == seed]
        assert len(matches) == 1, f"{seed}: {len(matches)} records in digest.json"
        return matches[0]

    def page(self, seed: str) -> str:
        path = self.project.site / self.record(seed)["page"] / "index.html"
        return path.read_text(encoding="utf-8")

    def article(self, seed: str) -> str:
        """The <article> element of a seed's built page: what the generator put there."""
        page = self.page(seed)
        return page[page.index("<article"):page.index("</article>")]

    def generated(self) -> set[str]:
        manifest = json.loads((self.project.docs / MANIFEST).read_text(encoding="utf-8"))
        return {f"project/docs/{path}" for path in [*manifest["files"], MANIFEST]}

    def stderr_lines(self) -> list[str]:
        return self.default.stderr.splitlines()


class _Tags(HTMLParser):
    """Every start tag with its attributes, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def start_tags(html: str) -> list[tuple[str, dict[str, str]]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def html_text(html: str) -> str:
    parser = _Tags()
    parser.feed(html)
    return " ".join(parser.text)


# What the page template of an article may contain inside <article>: the generator's own
# Markdown output (headings, paragraphs, byline, provenance), the theme's permalinks and tags.
# Tags the generator itself writes in an article: body, story and entity sections, badges.
ALLOWED_TAGS = {"article", "nav", "h1", "h2", "p", "em", "strong", "a", "hr", "code", "br", "small",
                "ul", "li", "span"}
ALLOWED_ATTRS = {"class", "id", "href", "title", "data-search-exclude", "data-pagefind-body"}
# The search plugin wraps a section left out of search (render/search.py), attributes exact.
SEARCH_IGNORE_WRAPPER = ("div", {"data-pagefind-ignore": "all"})


def injected_markup(article_html: str) -> list[str]:
    """Tags or attributes in an article that the generator's templates never produce."""
    found = []
    for tag, attrs in start_tags(article_html):
        if (tag, attrs) == SEARCH_IGNORE_WRAPPER:
            continue
        if tag not in ALLOWED_TAGS:
            found.append(f"<{tag}>")
        for name, value in attrs.items():
            if name not in ALLOWED_ATTRS:
                found.append(f"<{tag} {name}>")
            if name == "href" and not value.startswith(("#", "http://", "https://", "../")):
                found.append(f"<{tag} href={value[:30]}>")
    return found
