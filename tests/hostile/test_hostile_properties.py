"""Property: any text survives ingest -> clean -> render with its words intact, and nothing in
it becomes markup. The page is rendered with Python-Markdown and the extensions mkdocs.yml
enables, as MkDocs would."""

from __future__ import annotations

import unicodedata
from collections import Counter
from html.parser import HTMLParser

import markdown
import yaml
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from generator.analyse import analyse
from generator.clean import MAX_PARAGRAPH_CHARS, clean
from generator.config import Settings
from generator.ingest.decode import CONTROLS, ReadError, repair_mojibake
from generator.ingest.readers import read_markdown, read_txt
from generator.link import link
from generator.models import Digest, RawDocument
from generator.render.pages import article_page
from generator.text import words
from tests.conftest import ROOT, active_markup
from tests.hostile.sitecheck import ALLOWED_ATTRS, ALLOWED_TAGS, start_tags

MKDOCS = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
EXTENSIONS = [next(iter(e)) if isinstance(e, dict) else e for e in MKDOCS["markdown_extensions"]]
EXTENSION_CONFIGS = {k: v for e in MKDOCS["markdown_extensions"] if isinstance(e, dict)
                     for k, v in e.items()}

MARKUP = [
    "<script>", "</script>", "<img src=x onerror=alert(1)>", "<div>", "</p>", "<!--", "-->",
    "<b onclick=x>", "<?php", "<![CDATA[", "&amp;", "&lt;", "&#60;", "&", "&#x3C;",
    "[a](javascript:x)", "](", "![i](data:x)", "<https://x.y>", "javascript:", "data:text/html,",
    "{: #id onclick=x }", "{:", "{", "}", "{{ x }}", "{% y %}", "{#", "\\", "\\\\", "*", "**",
    "_", "__", "`", "```", "~~~", "~~", "#", "# ", "## ", "1. ", "1) ", "- ", "+ ", "* ", "> ",
    "| ", "---", "===", "    ", "\t", "\"", "'", "=", "^", ":", ";", ".", "!", "(", ")",
    "\u200f", "\u202e", "\u200b", "\u00a0", "\u2028", "\ufeff", "😀", "👩‍👩‍👧", "🇺🇦", "שלום",
    "مرحبا", "日本語，", "ﬁ", "\x0b", "\x0c", "\x01", "\x1f", "\x7f", "\x85", "\x02", "\x03",
    "Share", "Advertisement", "By Ann Lee", "© 2025 Example Times", "Mr.", "U.S.",
]
SEPARATORS = ["", " ", " ", "\n", "\n\n", "\r\n", "\r"]
PIECE = st.one_of(
    st.sampled_from(MARKUP),
    st.from_regex(r"[A-Za-z]{1,9}", fullmatch=True),
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
            min_size=1, max_size=8),
)
TEXT = st.lists(st.tuples(PIECE, st.sampled_from(SEPARATORS)), min_size=1, max_size=60).map(
    lambda parts: "".join(piece + sep for piece, sep in parts))
TITLE = "Property test title"
CONFIG = Settings()


def compare_words(text: str) -> list[str]:
    """Words as a reader sees them: compatibility forms (ligatures) folded."""
    return words(unicodedata.normalize("NFKC", text))


def _mis_decoded(text: str) -> bool:
    """Mojibake ("donâ€™t", C1 control characters) is text that was decoded with the wrong
    code page somewhere: the decoder repairs it (ftfy), so its words are meant to change.
    Judged on the text as the decoder repairs it, after controls become spaces: "Ã" then a
    space is how "à" looks when its no-break space was lost, so "Ã\x1b" becomes "à"."""
    seen = text.translate(CONTROLS)
    return repair_mojibake(seen) != seen or any(0x80 <= ord(ch) < 0xA0 for ch in text)


def _visible(text: str) -> bool:
    return any(not ch.isspace() and unicodedata.category(ch) not in ("Cc", "Cf")
               for ch in text)


def _page(article) -> str:
    """The article's page as the site renders it, in a digest of that article alone."""
    digest = Digest(articles=[article], links=link([article]), timeline=[])
    return article_page(article, digest)


def _body_html(page_markdown: str) -> str:
    body = page_markdown.split("\n---\n", 1)[1]  # after the page's own front matter
    return markdown.markdown(body, extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)


_VOID = {"br", "hr", "img", "input", "meta", "link", "wbr"}


class _BlockParser(HTMLParser):
    """Top-level blocks of rendered HTML as (tag, text of everything inside)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str]] = []
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if self._depth == 0:
            self.blocks.append((tag, ""))
        if tag not in _VOID:
            self._depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag not in _VOID:
            self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self.blocks and self._depth > 0:
            tag, text = self.blocks[-1]
            self.blocks[-1] = (tag, text + data)


def top_blocks(html: str) -> list[tuple[str, str]]:
    parser = _BlockParser()
    parser.feed(html)
    return parser.blocks


def _pipeline(text: str):
    data = f"---\ntitle: {TITLE}\n---\n{text}".encode()
    raw = read_txt(data)
    doc = RawDocument("prop.txt", "txt", raw.text, {"title": TITLE}, "0" * 64, None,
                      raw.heading_marks)
    cleaned = clean(doc)
    return cleaned, analyse(cleaned, CONFIG)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
@example("Ã\x1b")  # found by Hypothesis: ftfy reads "Ã " as mojibake for "à"
def test_any_text_keeps_its_words_and_gains_no_markup(text):
    assume(_visible(text))
    try:
        cleaned, article = _pipeline(text)
    except ReadError as exc:
        # Only text with no visible characters or mostly control characters is refused.
        assert "whitespace" in str(exc) or "binary" in str(exc) or "no article text" in str(exc)
        return
    # ingest + clean: every word ends up in the body, a credit line or the removed furniture.
    kept = [b.text for b in cleaned.blocks]
    expected = compare_words(text)
    if not cleaned.credits and not cleaned.removed and not _mis_decoded(text):
        assert compare_words(" ".join(kept)) == expected
    elif not _mis_decoded(text):
        assert Counter(compare_words(" ".join(kept + cleaned.credits + cleaned.removed))) \
            == Counter(expected)
    assert all(len(b.text) <= MAX_PARAGRAPH_CHARS for b in cleaned.blocks)
    # render: the page's blocks, in order, carry exactly the article's words.
    html = _body_html(_page(article))
    assert active_markup(html) == []
    blocks = top_blocks(html)
    assert blocks[0] == ("h1", TITLE + "¶")  # the permalink sign toc adds
    start = 3 if article.analysis.quality.spun else 2  # after title, byline (and spin notice)
    if start == 3:
        start += 1  # the notice's list of evidence
    shown = blocks[start:start + len(article.blocks)]
    assert [tag for tag, _ in shown] == ["h2" if b.kind == "h" else "p" for b in article.blocks]
    for (_, rendered), block in zip(shown, article.blocks, strict=True):
        assert compare_words(rendered.removesuffix("¶")) == compare_words(block.text)
    # Nothing spilled past the body: the generator's own story section follows it.
    assert blocks[start + len(article.blocks)] == ("h2", "In this story¶")
    for tag, attrs in start_tags(html):
        assert tag in ALLOWED_TAGS, tag
        assert set(attrs) <= ALLOWED_ATTRS, attrs
        assert not attrs.get("href", "#").lower().startswith(("javascript", "data")), attrs


@settings(max_examples=100, deadline=None)
@given(TEXT)
def test_any_markdown_seed_renders_without_markup(text):
    try:
        raw = read_markdown(text.encode())
    except ReadError:
        return
    doc = RawDocument("prop.md", "md", raw.text, {}, "0" * 64, None, raw.heading_marks)
    article = analyse(clean(doc), CONFIG)
    html = _body_html(_page(article))
    assert active_markup(html) == []
    for tag, attrs in start_tags(html):
        assert tag in ALLOWED_TAGS, tag
        assert set(attrs) <= ALLOWED_ATTRS, attrs
