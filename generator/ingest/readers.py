"""One reader per input format. Each turns a file's bytes into body text and declared fields.

Body text convention: blocks separated by blank lines; for formats with real markup (Markdown,
HTML) a heading block starts with "# ". Plain text carries no heading marks: the cleaner infers
headings from bare short lines.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from generator.ingest.decode import ReadError, decode
from generator.ingest.frontmatter import split_front_matter


@dataclass(frozen=True)
class ReaderOutput:
    text: str
    declared: dict[str, Any]
    heading_marks: bool


def read_txt(data: bytes) -> ReaderOutput:
    declared, body = split_front_matter(decode(data))
    return ReaderOutput(_require_text(body, declared), declared, heading_marks=False)


def read_markdown(data: bytes) -> ReaderOutput:
    declared, body = split_front_matter(decode(data))
    return ReaderOutput(_require_text(markdown_to_text(body), declared), declared,
                        heading_marks=True)


def read_html(data: bytes) -> ReaderOutput:
    import trafilatura  # imported lazily: only HTML seeds pay for it

    text = decode(data)
    try:
        doc = trafilatura.bare_extraction(
            text, with_metadata=True, include_formatting=True, include_comments=False,
            include_tables=False, deduplicate=False,
        )
    except Exception as exc:  # trafilatura raises a variety of parser errors on broken pages
        raise ReadError(f"unreadable HTML ({type(exc).__name__})") from None
    if doc is None:
        raise ReadError("no article text found in the HTML page")
    found = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    declared = _html_metadata(found)
    body = markdown_to_text(found.get("text") or "")
    body = _drop_leading_title(body, declared.get("title", ""))
    return ReaderOutput(_require_text(body, {}), declared, heading_marks=True)


READERS: dict[str, Callable[[bytes], ReaderOutput]] = {
    ".txt": read_txt,
    ".text": read_txt,
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".html": read_html,
    ".htm": read_html,
}


def _require_text(body: str, front_matter: dict[str, Any]) -> str:
    if not body.strip():
        raise ReadError("no article text after the front matter" if front_matter
                        else "no article text (markup only)")
    return body


def _html_metadata(found: dict[str, Any]) -> dict[str, Any]:
    declared: dict[str, Any] = {}
    for ours, theirs in (("title", "title"), ("date", "date"), ("source", "sitename"),
                         ("url", "url"), ("language", "language")):
        value = found.get(theirs)
        if isinstance(value, str) and value.strip():
            declared[ours] = value.strip()
    author = found.get("author")
    if isinstance(author, str) and author.strip():
        declared["authors"] = [a.strip() for a in re.split(r";|\band\b", author) if a.strip()]
    tags = [t for t in (found.get("tags") or []) + (found.get("categories") or []) if t]
    if tags:
        declared["tags"] = tags
    return declared


def _drop_leading_title(body: str, title: str) -> str:
    blocks = body.split("\n\n")
    if blocks and title and blocks[0].lstrip("# ").strip() == title.strip():
        blocks = blocks[1:]
    return "\n\n".join(blocks)


# --- Markdown to plain blocks -------------------------------------------------------------

_FENCE = re.compile(r"^(```|~~~)")
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*))?$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_LIST = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_QUOTE = re.compile(r"^\s*>\s?")
# Linear-time patterns only: a 1 MB line of '[' or '*' must not make a pattern rescan the
# rest of the line from every position. Link text stops at the next bracket, targets allow
# one level of parentheses, and emphasis marks are dropped where they touch a word.
_TARGET = r"\((?:[^()]|\([^()]*\))*+\)"
_IMAGE = re.compile(r"!\[([^\[\]]*)\]" + _TARGET)
_LINK = re.compile(r"\[([^\[\]]*)\]" + _TARGET)
_REF_LINK = re.compile(r"\[([^\[\]]+)\]\[[^\[\]]*\]")
_REF_DEF = re.compile(r"^\s{0,3}\[[^\[\]]+\]:\s+\S")
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
# A run of emphasis marks that opens (after no word character, before text) or closes (after
# text, before no word character); runs inside words ("snake_case", "5*3") stay.
_EMPHASIS = re.compile(r"(?<![*_`])(?:(?<!\w)[*_`]++(?=\S)|(?<=\S)[*_`]++(?!\w))")
_STRIKE = re.compile(r"(?<!~)~~(?!~)")
_ESCAPED = re.compile(r"(\\[!-/:-@\[-`{-~])")  # backslash + ASCII punctuation


def markdown_to_text(markdown: str) -> str:
    """Reduce Markdown to blocks of plain text; headings become '# ' blocks."""
    blocks: list[str] = []
    current: list[str] = []  # raw lines of the paragraph being read
    in_fence = False

    def flush(literal: bool = False) -> None:
        if current:
            joined = " ".join(current)
            blocks.append(joined if literal else _inline_to_text(joined))
            current.clear()

    for line in _drop_comments(markdown).split("\n"):
        if _FENCE.match(line.strip()):
            flush(literal=in_fence)  # code is shown as written
            in_fence = not in_fence
            continue
        if in_fence:
            current.append(line.strip())
            continue
        heading = _ATX.match(line)
        if heading:
            flush()
            blocks.append("# " + _inline_to_text(_closing_hashes(heading.group(2) or "")))
            continue
        if _SETEXT.match(line) and len(current) == 1:
            blocks.append("# " + _inline_to_text(current.pop()))
            continue
        if not line.strip() or _REF_DEF.match(line):
            flush()
            continue
        if _LIST.match(line):
            flush()
        current.append(_QUOTE.sub("", _LIST.sub("", line)).strip())
    flush(literal=in_fence)
    return "\n\n".join(b for b in blocks if b.strip("# ").strip())


def _drop_comments(markdown: str) -> str:
    """Remove closed HTML comments (invisible in Markdown); an unclosed one stays as text.
    str.find, not a regex: each character is looked at once, however many '<!--' there are."""
    parts: list[str] = []
    position = 0
    while (start := markdown.find("<!--", position)) >= 0:
        end = markdown.find("-->", start + 4)
        if end < 0:
            break
        parts.append(markdown[position:start])
        position = end + 3
    parts.append(markdown[position:])
    return "".join(parts)


def _closing_hashes(text: str) -> str:
    """'Title ##' -> 'Title': the optional closing sequence of an ATX heading."""
    stripped = text.rstrip().rstrip("#")
    return stripped.rstrip() if not stripped or stripped[-1] in " \t" else text.rstrip()


def _inline_to_text(text: str) -> str:
    """Markup reduced to its text. A backslash-escaped character is literal text (trafilatura
    escapes '<', '*', '[' ... that were text in the page), so escapes are set aside first."""
    parts = _ESCAPED.split(text)
    return "".join(part[1] if index % 2 else _markup_to_text(part)
                   for index, part in enumerate(parts)).strip()


def _markup_to_text(text: str) -> str:
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _REF_LINK.sub(r"\1", text)
    text = _TAG.sub("", text)
    text = _STRIKE.sub("", _EMPHASIS.sub("", text))
    return html.unescape(text)
