"""Clean: split a raw document into paragraphs and headings, drop page furniture, keep credits.

Furniture is what a scraper picks up around the story (sign-up prompts, "Trending", share
buttons, "Leave a comment"). Credit lines (copyright, contributor and publication lines) are
not story text either, but they say who published the article, so they are set aside for the
metadata step instead of being thrown away.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from generator.models import Block, CleanDocument, RawDocument

# Whole-line patterns (matched case-insensitively against a whitespace-normalised line).
FURNITURE_PATTERNS: tuple[str, ...] = (
    r"(advertisement|advertising|sponsored( content)?|story continues below( advertisement)?)",
    r"(leave|post|add|view|show|read) (a |the |all )?\d*\s*comments?",
    r"\d+ comments?|comments?( \(\d+\))?",
    r"(trending|trending now|most read|most popular|popular now|top stories|editor'?s picks)",
    r"(read more|more:|related|related (articles|stories|coverage|content)|recommended"
    r"( for you)?|you (may|might) also like|more (from|on) .{1,60})",
    r"(share|share this( article| story| page)?|share on \w+|tweet|email|e-mail|print"
    r"|copy link|save|bookmark)",
    r"follow (us|@\w+) on .{1,60}",
    r"(sign up|subscribe|register)\b.{0,160}\b(newsletters?|alerts?|updates|inbox)\b.{0,80}",
    r"(join|sign up for|subscribe to|get) (our )?breaking \w+ (news|information) alerts.{0,120}",
    r"for (news|information) (impacting|affecting|about) .{0,200}"
    r"(alerts|newsletter).{0,120}",
    r"get (the )?(breaking|latest) \w+ (news|information|headlines)",
    r"our (reporters|journalists|team) (are|is) (currently )?(covering|working on|following)"
    r" .{0,200}",
    r"(this is a )?(developing|breaking) (story|news)[.!]?( check back.{0,80}| (it|this story)"
    r" will be updated.{0,80})?",
    r"(click|tap) here .{0,120}",
    r"(image|photo|picture|video) (source|caption|credit)s?:.{0,120}",
    r"(listen to (this )?(article|story)|\d+ min(ute)?s? read|reading time:? .{0,20})",
    r"(skip to (main )?content|accept (all )?cookies.{0,80}|we use cookies.{0,200})",
    r"(watch|listen|video|gallery|photos|audio)( now)?:?",
    r"(close|menu|search|home|back to top|next article|previous article)",
    r"(download|get) (our|the) app.{0,80}",
    r"(support|donate to) (our|independent) journalism.{0,120}",
)

CREDIT_PATTERNS: tuple[str, ...] = (
    r"(©|\(c\)|copyright\b).{0,120}",
    r".{0,160}\bcontributed (to )?(this )?(report|reporting|story|article)\b.{0,40}",
    r"(published|updated|posted|first published|last updated)( on| at)?:? .{0,60}\d{4}.{0,40}",
    r"(reporting|writing|editing|additional reporting) by .{0,160}",
)

BYLINE = re.compile(
    r"^(?i:by)\s+(?P<names>[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}"
    r"(?:(?:\s*,\s*|\s+and\s+)[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3})*?)"
    r"(?:\s*[,|–—-]\s*(?P<outlet>.{2,60}))?$"
)

_TERMINAL = tuple(".!?…:;,\"”’)»'")
_SPACES = re.compile(r"[ \t\u00a0]+")
# Furniture, credit and byline lines are short; longer lines are story text, and are never
# matched against those patterns (the maintainer's extra patterns may backtrack badly).
MAX_LINE_PATTERN_CHARS = 500
MAX_BYLINE_CHARS = 200
# No real paragraph is longer; a longer one (a 1 MB line) is split at sentence ends, so the
# stages whose cost grows faster than linearly with a paragraph's length (sentence splitting,
# Python-Markdown's inline patterns) stay fast.
MAX_PARAGRAPH_CHARS = 2000
MAX_HEADING_CHARS = 300
# A byline ("By Jane Roe, Reuters") is one of the first lines of a scraped page, under the
# headline and maybe a date; further down the same shape is story text.
BYLINE_LINES = 3
# Hard-wrapped text (e-mail, plain-text wires): at least this many lines, each no longer than
# a terminal line and no shorter than a phrase, most not ending a sentence.
WRAPPED_MIN_LINES = 3
WRAPPED_MAX_WIDTH = 100
WRAPPED_MIN_WIDTH = 40
# A headline is a few words to a long tabloid line; a section heading is shorter, and longer
# text is a sentence that lost its full stop.
HEADLINE_WORDS = (2, 20)
HEADING_WORDS = (2, 14)
HEADING_MAX_CHARS = 120
_SENTENCE_END = re.compile(r"[.!?…][\"”’)»]*\s")


def compile_patterns(patterns: Iterable[str]) -> re.Pattern[str]:
    return re.compile(r"^(?:" + "|".join(f"(?:{p})" for p in patterns) + r")[.!]?$", re.I)


_FURNITURE = compile_patterns(FURNITURE_PATTERNS)
_CREDIT = compile_patterns(CREDIT_PATTERNS)


def is_furniture(line: str) -> bool:
    """A whole line of page furniture (what clean() drops)."""
    return bool(_FURNITURE.match(_normalise_space(line)))


def clean(raw: RawDocument, extra_furniture: Iterable[str] = ()) -> CleanDocument:
    extra = tuple(extra_furniture)
    furniture = compile_patterns(FURNITURE_PATTERNS + extra) if extra else _FURNITURE
    blocks: list[Block] = []
    credits: list[str] = []
    removed: list[str] = []
    candidates = _split_blocks(raw.text, raw.heading_marks)
    for index, block in enumerate(candidates):
        text = block.text
        short = len(text) <= MAX_LINE_PATTERN_CHARS
        if short and furniture.match(text):
            removed.append(text)
        elif short and (_CREDIT.match(text) or (index < BYLINE_LINES
                                                and len(text) <= MAX_BYLINE_CHARS
                                                and BYLINE.match(text))):
            credits.append(text)
        else:
            blocks.append(block)
    if not raw.heading_marks:
        blocks = _mark_headings(blocks)
    blocks = [part for block in blocks for part in split_long_block(block)]
    return CleanDocument(
        seed=raw.seed, format=raw.format, blocks=blocks, credits=credits, removed=removed,
        declared=raw.declared, content_hash=raw.content_hash, file_date=raw.file_date,
    )


def _split_blocks(text: str, heading_marks: bool) -> list[Block]:
    blocks: list[Block] = []
    for group in re.split(r"\n[ \t]*\n", text):
        lines = [_normalise_space(line) for line in group.split("\n")]
        lines = [line for line in lines if line]
        if not lines:
            continue
        if heading_marks:
            joined = " ".join(lines)
            if joined.startswith("# "):
                blocks.append(Block("h", joined[2:].strip()))
            else:
                blocks.append(Block("p", joined))
        elif _is_hard_wrapped(lines):
            blocks.append(Block("p", " ".join(lines)))
        else:
            blocks.extend(Block("p", line) for line in lines)
    return [b for b in blocks if b.text]


def split_long_block(block: Block) -> list[Block]:
    """A paragraph over MAX_PARAGRAPH_CHARS as several, cut after the last sentence end (else
    the last space, else anywhere) in the second half of each window; no word is lost."""
    if block.kind == "h" and len(block.text) > MAX_HEADING_CHARS:
        block = Block("p", block.text)  # a heading is never that long
    if block.kind != "p" or len(block.text) <= MAX_PARAGRAPH_CHARS:
        return [block]
    parts: list[Block] = []
    text, limit = block.text, MAX_PARAGRAPH_CHARS
    while len(text) > limit:
        window = text[:limit + 1]  # a separator right after the limit counts
        ends = [m.end() for m in _SENTENCE_END.finditer(window, limit // 2)]
        cut = ends[-1] if ends else window.rfind(" ", limit // 2) + 1 or limit
        parts.append(Block("p", text[:cut].strip()))
        text = text[cut:].lstrip()
    if text:
        parts.append(Block("p", text))
    return parts


def _normalise_space(line: str) -> str:
    return _SPACES.sub(" ", line).strip()


def _is_hard_wrapped(lines: list[str]) -> bool:
    """Lines cut at a fixed width (e-mail style) belong to one paragraph."""
    if len(lines) < WRAPPED_MIN_LINES:
        return False
    body = lines[:-1]
    widths = [len(line) for line in body]
    open_ended = sum(1 for line in body if not line.endswith(_TERMINAL))
    return (max(widths) <= WRAPPED_MAX_WIDTH and min(widths) >= WRAPPED_MIN_WIDTH
            and open_ended >= len(body) / 2)


def _mark_headings(blocks: list[Block]) -> list[Block]:
    """Bare short lines without final punctuation, followed by text, are headings."""
    marked: list[Block] = []
    for index, block in enumerate(blocks):
        following = blocks[index + 1].text if index + 1 < len(blocks) else ""
        # A next line starting in lower case continues a sentence broken by the scraper.
        rule = looks_like_headline if index == 0 else looks_like_heading
        if following and not following[0].islower() and rule(block.text, following):
            marked.append(Block("h", block.text))
        else:
            marked.append(block)
    return marked


_DANGLING = frozenset("a an the and or but of to in at by for with as that from than "
                      "who which whose his her their its".split())
_QUOTE_PAIRS = {"'": "'", "’": "‘", "”": "“", '"': '"'}


def looks_like_headline(text: str, following: str = "") -> bool:
    """The first line of a plain-text article is its headline when it is short, does not end
    like a sentence and is followed by longer text. Headlines may ask ("What now for Kelly
    Holmes?"), trail off ("Rivals of the £400 Apple...") or start with a symbol ("£1.8m fine")."""
    words = text.split()
    low, high = HEADLINE_WORDS
    if not low <= len(words) <= high or len(following) <= len(text):
        return False
    return not text.endswith((".", ",", ";", ":")) or text.endswith(("...", "…"))


def looks_like_heading(text: str, following: str = "") -> bool:
    words = text.split()
    low, high = HEADING_WORDS
    if not low <= len(words) <= high or len(text) > HEADING_MAX_CHARS \
            or words[-1].lower() in _DANGLING:
        return False
    if text.startswith(("-", "—", "•", "*", "“", '"', "‘", "'")):
        return False  # list items and quotes broken over lines are not headings
    core = text
    closing = _QUOTE_PAIRS.get(text[-1])
    if closing and (text.count(closing) >= 2 if closing == text[-1] else closing in text):
        core = text[:-1]  # a quoted phrase closing a headline: Economy 'stronger than forecast'
    if core.endswith(_TERMINAL):
        return False
    return text[0].isupper() or text[0].isdigit()
