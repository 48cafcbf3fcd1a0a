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
from urllib.parse import urlsplit

from generator.ingest.decode import ReadError, decode, decode_html
from generator.ingest.frontmatter import split_front_matter
from generator.ingest.html_meta import (
    PageEvidence,
    choose_source,
    choose_title,
    clean_authors,
    declared_date,
    is_bare_url_or_timestamp,
    is_stub_source,
    page_evidence,
    shows_name,
    similar_to_title,
    url_date,
)
from generator.ingest.html_prune import drop_hidden, is_teaser_block, page_host, teaser_texts

PRECISE_MIN_SHARE = 0.5  # of the default extraction's words (see _precise_text)


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


def read_html(data: bytes, url: str | None = None, http_charset: str | None = None
              ) -> ReaderOutput:
    """A saved page: decoded by its own declaration (BOM, <meta charset>, HTTP header), the
    article text extracted with trafilatura (tables kept as rows), and its metadata checked
    against the other places the page states it (generator/ingest/html_meta.py)."""
    import trafilatura  # imported lazily: only HTML seeds pay for it

    text, _codec = decode_html(data, http_charset)
    options = {"url": url or None, "include_formatting": True, "include_comments": False,
               "include_tables": True, "deduplicate": False}
    try:
        tree = trafilatura.load_html(text)
        if tree is None:
            raise ReadError("no article text found in the HTML page")
        tree = drop_hidden(tree)
        teasers = teaser_texts(tree, page_host(tree, url))
        doc = trafilatura.bare_extraction(tree, with_metadata=True, **options)
        precise = trafilatura.bare_extraction(tree, favor_precision=True, **options)
    except ReadError:
        raise
    except Exception as exc:  # trafilatura raises a variety of parser errors on broken pages
        raise ReadError(f"unreadable HTML ({type(exc).__name__})") from None
    if doc is None:
        raise ReadError("no article text found in the HTML page")
    found = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    declared = html_metadata(found, page_evidence(text), url)
    body = markdown_to_text(tables_to_rows(_precise_text(found.get("text") or "", precise)))
    body = _drop_leading_noise(body, declared.get("title", ""))
    body = "\n\n".join(b for b in body.split("\n\n") if not is_teaser_block(b, teasers))
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


def html_metadata(found: dict[str, Any], evidence: PageEvidence, url: str | None
                  ) -> dict[str, Any]:
    """The page's fields, each checked against the other places the page states it."""
    page_url = url or found.get("url") or ""
    host = (urlsplit(page_url).hostname or "") if isinstance(page_url, str) else ""
    site_names = [n for n in [*evidence.site_names, found.get("sitename") or ""]
                  if n and not is_stub_source(n)]
    declared: dict[str, Any] = {}
    title = choose_title([found.get("title") or "", evidence.og_title, evidence.title_tag,
                          evidence.h1], site_names, host, evidence.h1)
    if title:
        declared["title"] = title
    # JSON-LD persons first: the only place that says a credit is a person.
    raw_authors = ["; ".join(evidence.person_authors), found.get("author") or "",
                   *evidence.authors]
    authors: list[str] = []
    outlet = None
    for raw in raw_authors:  # the first place that names a person wins
        names, named_outlet = clean_authors([raw], site_names, host)
        outlet = outlet or named_outlet
        names = [name for name in names if shows_name(evidence, name)]
        if names:
            authors = names
            break
    if authors:
        declared["authors"] = authors
    source = choose_source([*evidence.site_names, found.get("sitename") or ""], host, outlet,
                           title)
    if source:
        declared["source"] = source
    # The URL's date, then the publication date the page declares for itself (JSON-LD
    # datePublished, article:published_time), then trafilatura's reading of the page.
    date = url_date(page_url) or declared_date(evidence.published) \
        or declared_date(found.get("date") or "")
    if date:
        declared["date"] = date
    for ours, theirs in (("url", "url"), ("language", "language")):
        value = url if ours == "url" and url else found.get(theirs)
        if isinstance(value, str) and value.strip():
            declared[ours] = value.strip()
    tags = [t for t in (found.get("tags") or []) + (found.get("categories") or []) if t]
    if tags:
        declared["tags"] = tags
    return declared


def _precise_text(default: str, precise: Any) -> str:
    """trafilatura's precision mode leaves out more page furniture (related links, promos),
    but on some pages it leaves out the article itself: its text is taken unless it keeps
    less than half of the default extraction's words (then it dropped content, not
    furniture). On the html-pages corpus this helps both halves, the one the rule was not
    looked at on included (eval/html_pages.py)."""
    text = (getattr(precise, "text", None) or "") if precise is not None else ""
    keeps = len(text.split()) >= PRECISE_MIN_SHARE * len(default.split())
    return text if text.strip() and keeps else default


def tables_to_rows(markdown: str) -> str:
    """trafilatura writes a table as Markdown rows ("| a | b |"); each row becomes its own
    block of cells joined by " · ", so a standings table reads as lines, not one run-on."""
    lines: list[str] = []
    for line in markdown.split("\n"):
        stripped = line.strip()
        if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
            cells = [c.strip() for c in stripped.strip("|").split("|")]
            if all(re.fullmatch(r":?-{2,}:?", c) or not c for c in cells):
                continue  # the header separator row
            row = " · ".join(c for c in cells if c)
            if row:
                lines.extend(["", row, ""])
            continue
        lines.append(line)
    return "\n".join(lines)


def _drop_leading_noise(body: str, title: str) -> str:
    """The page's own headline repeated above the text, and a leading bare URL or timestamp
    line, are not the article's opening (the summary is taken from the opening)."""
    blocks = body.split("\n\n")
    while blocks and (is_bare_url_or_timestamp(blocks[0])
                      or (title and similar_to_title(blocks[0].lstrip("# "), title))):
        blocks = blocks[1:]
    # Anywhere in the text, a block that is the headline again is a link to the article
    # itself (or the page's title repeated by a share box), not prose.
    headline = " ".join(title.split()).casefold()
    return "\n\n".join(b for b in blocks
                       if not (headline and " ".join(b.lstrip("# ").split()).casefold()
                               == headline))


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
