"""Shared fixtures: a throw-away project folder with the real mkdocs.yml and hand-written docs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.config import load_settings
from generator.pipeline import GenerateResult, generate

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


def write_atomically(target: Path, content: str | bytes, staging_dir: Path) -> None:
    """Write target in one step (a file in staging_dir, which nothing watches, then a rename):
    a watcher sees one change. A plain write is a truncate then a write; on a loaded machine
    the two can land more than MkDocs' 0.1 s debounce apart and start two rebuilds."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    staging = staging_dir / f".{target.name}.writing"
    staging.write_bytes(data)
    os.replace(staging, target)


class Project:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.seeds = path / "seeds"
        self.docs = path / "docs"
        self.site = path / "site"

    def add_seed(self, name: str, content: str | bytes) -> Path:
        target = self.seeds / name
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, content, self.path)  # the project root: not watched
        return target

    def generate(self) -> GenerateResult:
        return generate(load_settings(self.path))

    def mkdocs_build(self) -> subprocess.CompletedProcess[str]:
        # PYTHONPATH: MkDocs plugins from this checkout, not the venv's editable install.
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}
        return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"],
                              cwd=self.path, env=env, capture_output=True, text=True)

    def built_html(self) -> str:
        return "\n".join(p.read_text(encoding="utf-8") for p in sorted(self.site.rglob("*.html")))


def hand_written_docs() -> list[str]:
    """The pages in docs/ that git tracks: generated pages are git-ignored build output."""
    listed = subprocess.run(["git", "ls-files", "docs"], cwd=ROOT, capture_output=True,
                            text=True, check=True).stdout.split()
    return sorted(listed)


def make_project(path: Path) -> Project:
    """A project folder: the real mkdocs.yml, theme overrides, digest.yml and hand-written docs,
    and an empty seeds/."""
    path.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", path / "mkdocs.yml")
    # mkdocs.yml names these: the theme override (custom_dir) and a watched file (watch:).
    shutil.copytree(ROOT / "overrides", path / "overrides")
    shutil.copy(ROOT / "digest.yml", path / "digest.yml")
    for page in hand_written_docs():
        target = path / page
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / page, target)
    (path / "seeds").mkdir()
    return Project(path)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """An empty project: real mkdocs.yml and hand-written docs, no seeds."""
    return make_project(tmp_path)


@pytest.fixture
def seeded_project(project: Project) -> Project:
    """A project holding the real bundled seeds and their sidecar."""
    for path in SEEDS.iterdir():
        shutil.copy(path, project.seeds / path.name)
    return project


class _ActiveMarkupFinder(HTMLParser):
    """Collects anything in a page that could run script: handlers, script URLs, inline scripts
    other than the theme's own."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            if name in ("href", "src", "action", "formaction", "data") and \
                    value.startswith(("javascript:", "data:", "vbscript:")):
                self.found.append(f"<{tag} {name}={value[:30]}>")
        if tag in ("iframe", "object", "embed"):
            self.found.append(f"<{tag}>")
        # A JSON-LD block is data the browser never runs; the theme fills it with |tojson, which
        # escapes < > &, so article text in it cannot close the element.
        types = {(value or "").strip().lower() for name, value in attrs if name == "type"}
        self._in_script = tag == "script" and "application/ld+json" not in types

    def handle_data(self, data: str) -> None:
        if self._in_script and ("alert" in data or "document.cookie" in data):
            self.found.append("inline <script> with article text")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False


def active_markup(html: str) -> list[str]:
    finder = _ActiveMarkupFinder()
    finder.feed(html)
    return finder.found
