"""Browser test set-up: the seeded site built once per session, served on 127.0.0.1, and
Debian's Chromium driven by Playwright (never `playwright install`: no browser is downloaded)."""

from __future__ import annotations

import contextlib
import functools
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "screenshots"  # git-ignored
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def copy_project(dest: Path) -> Path:
    """The repository's site inputs (config, theme override, hand-written docs, seeds)."""
    for name in ("mkdocs.yml", "digest.yml"):
        shutil.copy(ROOT / name, dest / name)
    shutil.copytree(ROOT / "overrides", dest / "overrides")
    shutil.copytree(ROOT / "seeds", dest / "seeds")
    shutil.copytree(ROOT / "docs", dest / "docs", ignore=shutil.ignore_patterns(
        "articles", "stories", "entities", "tags", "index.md", "timeline.md", "digest.json",
        "feed.*", ".newsdigest-*"))
    return dest


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("browser-project"))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project,
                           env=env, capture_output=True, text=True)
    assert build.returncode == 0, build.stderr
    return project / "site"


@pytest.fixture(scope="session")
def digest(built_site) -> dict:
    return json.loads((built_site / "digest.json").read_text(encoding="utf-8"))


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's signature
        pass


@contextlib.contextmanager
def serve_directory(site: Path) -> Iterator[str]:
    """A built site served on a free port of 127.0.0.1; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def base_url(built_site) -> Iterator[str]:
    with serve_directory(built_site) as base:
        yield base


@pytest.fixture(scope="session")
def browser_context(tmp_path_factory):
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser-deps` (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=CHROMIUM,
            args=CHROMIUM_ARGS, headless=True, viewport=DESKTOP, color_scheme="light",
            service_workers="block")
        yield context
        context.close()


@dataclass
class Traffic:
    """What a page did on the network and in its console."""

    outside: list[str] = field(default_factory=list)  # requests not to 127.0.0.1
    failed: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return ([f"left 127.0.0.1: {u}" for u in self.outside]
                + [f"failed: {u}" for u in self.failed]
                + [f"console: {m}" for m in self.console_errors])


@pytest.fixture
def page_and_traffic(browser_context):
    traffic = Traffic()

    def guard(route):
        host = urlsplit(route.request.url).hostname
        if host == "127.0.0.1":
            route.continue_()
        else:  # recorded and refused: nothing leaves the machine, even if a test forgets
            traffic.outside.append(route.request.url)
            route.abort()

    page = browser_context.new_page()
    page.route("**/*", guard)
    page.on("requestfailed", lambda r: traffic.failed.append(f"{r.url} ({r.failure})"))
    page.on("response", lambda r: r.status >= 400 and traffic.failed.append(
        f"{r.url} (HTTP {r.status})"))
    page.on("console", lambda m: m.type == "error" and traffic.console_errors.append(m.text))
    page.on("pageerror", lambda e: traffic.console_errors.append(str(e)))
    yield page, traffic
    page.close()


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
