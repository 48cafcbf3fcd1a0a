"""Escaping untrusted article text for Markdown bodies and for page metadata.

Article text is data, never markup. Two contexts:
- Markdown body: HTML special characters become entities and every character Python-Markdown
  (with the extensions mkdocs.yml enables) could treat as syntax is backslash-escaped.
- Page metadata (front matter title, description, tags): MkDocs and Material insert these into
  templates without autoescaping, sometimes through `striptags`, which decodes entities. So
  angle brackets are replaced by look-alike guillemets and straight double quotes by curly ones:
  no sequence can open a tag or leave an attribute, whatever the template does.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Inline characters that start Markdown constructs (emphasis, code, links, attribute lists,
# raw HTML, entities). '(', ')' and '!' need no escape: they only act after an unescaped
# '[' or ']'. Every escape costs Python-Markdown time, so escape no more than needed.
# One translate() call does entities and escapes in a single linear pass.
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;",
                          **{ch: "\\" + ch for ch in "\\`*_[]{}#"}})
# Characters that only matter at the start of a block: lists, quotes, headings, rules.
_BLOCK_START = re.compile(r"^([-+=~:|]|\d+(?=[.)]))")
_WS = re.compile(r"\s+")


# Cached: a title is escaped once for every page that lists it (at 600 articles, 7 calls in 8
# repeat an earlier one); the function is pure and its results are immutable strings.
@lru_cache(maxsize=1 << 16)
def escape_markdown(text: str) -> str:
    """Escape text so that it renders as exactly this text inside one Markdown block."""
    text = _WS.sub(" ", text).strip()
    text = text.translate(_ESCAPES)
    match = _BLOCK_START.match(text)
    if match and match.group(1).isdigit():
        # "1. item" would become a list: escape the dot or parenthesis after the number.
        text = text[: match.end()] + "\\" + text[match.end():]
    elif match:
        # A list marker, rule, quote or setext underline: write the character as an entity.
        text = "&#" + str(ord(match.group(1))) + ";" + text[match.end():]
    return text


_QUOTE = re.compile(r'"')


def safe_inline(text: str) -> str:
    """Plain text that stays inert in any HTML context a theme template may put it in."""
    text = _WS.sub(" ", text).strip()
    text = text.replace("<", "‹").replace(">", "›").replace("`", "’")
    text = text.replace("&", "&amp;")
    opened = False

    def curl(_: re.Match[str]) -> str:
        nonlocal opened
        opened = not opened
        return "“" if opened else "”"

    return _QUOTE.sub(curl, text)


def safe_tag(tag: str) -> str:
    """Tags become tag-page names and URLs: letters, digits, spaces, dots, hyphens only."""
    cleaned = re.sub(r"[^\w\s.'’-]", "", tag, flags=re.U)
    return _WS.sub(" ", cleaned).strip()[:40]
