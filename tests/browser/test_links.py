"""Every internal link in the built site resolves: the file exists and, for #anchors, the
target page has an element with that id. Plain Python over site/; no browser needed."""

from __future__ import annotations

import os
import shutil
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

SITE_PATH = "/newsdigest/"  # the path of site_url in mkdocs.yml (404.html links from the root)


class _LinksAndIds(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])
        if tag in ("a", "link", "area") and a.get("href") is not None:
            self.hrefs.append(a["href"])


def _parse(path: Path) -> _LinksAndIds:
    parser = _LinksAndIds()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _target_file(site: Path, page: Path, path: str) -> Path:
    if path.startswith(SITE_PATH):
        target = site / path[len(SITE_PATH):]
    elif path.startswith("/"):
        target = site / path.lstrip("/")
    else:
        target = page.parent / path
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target


def broken_links(site: Path) -> list[str]:
    """'page: href (reason)' for every internal link that does not resolve."""
    parsed = {p: _parse(p) for p in sorted(site.rglob("*.html"))}
    broken = []
    for page, found in parsed.items():
        for href in found.hrefs:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith(("mailto:", "tel:")):
                continue  # external: not this checker's business (and never fetched)
            path, anchor = unquote(parts.path), unquote(parts.fragment)
            target = _target_file(site, page, path) if path else page
            name = f"{PurePosixPath(page.relative_to(site))}: {href}"
            if not target.resolve().is_relative_to(site.resolve()) or not target.is_file():
                broken.append(f"{name} (no file {os.path.relpath(target, site)})")
            elif anchor and target.suffix == ".html":
                ids = parsed[target].ids if target in parsed else _parse(target).ids
                if anchor not in ids:
                    broken.append(f"{name} (no element with id {anchor!r})")
    return broken


def test_every_internal_link_and_anchor_resolves(built_site):
    pages = list(built_site.rglob("*.html"))
    assert len(pages) > 5
    assert broken_links(built_site) == []


def test_checker_catches_a_broken_link_and_a_broken_anchor(built_site, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(built_site, copy)
    home = copy / "index.html"
    html = home.read_text(encoding="utf-8")
    article = next(copy.glob("articles/*/*/*/index.html"))
    good = article.parent.relative_to(copy).as_posix() + "/"
    home.write_text(html.replace("</article>", f'<a href="{good}">fine</a>'
                                 '<a href="articles/no-such-page/">gone</a>'
                                 f'<a href="{good}#no-such-paragraph">lost</a></article>', 1),
                    encoding="utf-8")
    found = broken_links(copy)
    assert len(found) == 2, found
    assert "index.html: articles/no-such-page/ (no file" in found[0] + found[1]
    assert any("no element with id 'no-such-paragraph'" in f for f in found)
