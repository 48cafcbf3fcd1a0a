"""Page structure that is not the article: removed before trafilatura reads the page (hidden
elements) or from the text it extracts (teasers).

trafilatura's main pass already skips elements styled display:none, but its recall fallbacks
(baseline, jusText), taken when the main pass covers a small share of the page, read the raw
tree: a long hidden block (schema.org microdata, a hidden copy of other stories) then comes
back as article text. Removing hidden elements first makes every pass see what a browser shows.

Teasers (short blocks that are mostly a link to another story on the same site: "READ MORE:",
"Related:", a "DON'T MISS" list) are found in the page and dropped from the extracted text.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from generator.ingest.html_meta import host_source

# Inline styles that hide an element from every reader of the page (schema.org microdata
# blocks, tracking pixels, templates filled in by scripts).
_HIDDEN_STYLE = re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\b", re.I)


def is_hidden(element: Any) -> bool:
    """An element the page never shows: `hidden` attribute or an inline style that hides it."""
    return element.get("hidden") is not None or bool(
        _HIDDEN_STYLE.search(element.get("style") or ""))


def drop_hidden(tree: Any) -> Any:
    """Remove hidden elements; the text after each (its tail) stays where it was."""
    hidden = [el for el in tree.iter() if isinstance(el.tag, str) and is_hidden(el)]
    for element in hidden:
        if element.getparent() is not None:
            element.drop_tree()
    return tree


# A teaser: a short block that is mostly one link to another page of the same site, with a
# headline's length of link text ("READ MORE: Plague confirmed in Beijing", a "Related" item).
# Links to other sites (sources, shops) are citations, not teasers.
TEASER_MAX_WORDS = 30
TEASER_MIN_LINK_WORDS = 4
TEASER_MIN_LINK_SHARE = 0.8
_TEASER_TAGS = ("p", "li", "h2", "h3", "h4", "h5", "h6")


def teaser_texts(tree: Any, host: str) -> set[str]:
    """The texts (see block_key) of blocks that only point readers to another story on the
    same site. They are found in the page but removed from the extracted text afterwards:
    taking them out of the tree first would lower the link density of the related-stories box
    around them, and trafilatura would then keep the rest of that box."""
    return {block_key(el.text_content()) for el in tree.iter(*_TEASER_TAGS)
            if _is_teaser(el, host)} - {""}


# What may be left of a block once its teasers are taken out: labels ("[INSIGHT]", "DON'T
# MISS") and separators, not prose.
TEASER_LEFTOVER_WORDS = 3


def is_teaser_block(block: str, teasers: set[str]) -> bool:
    """An extracted block made of teasers (trafilatura may join several into one block, or
    split one at its line breaks into parts of a headline's length)."""
    key = block_key(block)
    if not key or not teasers:
        return False
    if len(key.split()) >= TEASER_MIN_LINK_WORDS and any(f" {key} " in f" {t} " for t in teasers):
        return True
    rest, found = f" {key} ", False
    for teaser in sorted(teasers, key=len, reverse=True):
        if f" {teaser} " in rest:
            rest, found = rest.replace(f" {teaser} ", " "), True
    return found and len(rest.split()) <= TEASER_LEFTOVER_WORDS


def block_key(text: str) -> str:
    """A block's words, case-folded: the same block in the page and in extracted text."""
    return " ".join(re.findall(r"\w+", text.casefold()))


def _is_teaser(element: Any, host: str) -> bool:
    words = element.text_content().split()
    if not words or len(words) > TEASER_MAX_WORDS:
        return False
    link_words = sum(len(a.text_content().split()) for a in element.iter("a")
                     if _same_site(a.get("href") or "", host))
    return link_words >= TEASER_MIN_LINK_WORDS and link_words >= TEASER_MIN_LINK_SHARE * len(words)


def _same_site(href: str, host: str) -> bool:
    href = href.strip()
    if not href or href.startswith(("#", "mailto:", "javascript:", "tel:")):
        return False
    if href.startswith("/") and not href.startswith("//"):
        return True  # a path on this site
    found = urlsplit(href if "//" in href else "").hostname or ""
    return bool(host) and bool(found) and host_source(found) == host_source(host)


def page_host(tree: Any, url: str | None) -> str:
    """The page's host: from its URL, else from its canonical link or og:url."""
    found = urlsplit(url or "").hostname
    if found:
        return found
    for href in tree.xpath("//link[@rel='canonical']/@href|//meta[@property='og:url']/@content"):
        found = urlsplit(str(href).strip()).hostname
        if found:
            return found
    return ""
