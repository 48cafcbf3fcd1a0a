"""Analyse one cleaned document into an Article. Depends on that document alone."""

from __future__ import annotations

import hashlib
import math
import re

from slugify import slugify

from generator.analyse.content import analyse_content
from generator.analyse.metadata import (
    guess_language,
    infer_authors,
    infer_date,
    infer_source,
    infer_title,
)
from generator.config import Settings
from generator.models import Article, Block, CleanDocument
from generator.text import sentences, words


def analyse(doc: CleanDocument, settings: Settings) -> Article:
    declared = doc.declared
    inferred: dict[str, str] = {}
    blocks = doc.blocks

    def pick(name: str, value: object, how: str) -> object:
        if name in declared:
            return declared[name]
        if how:
            inferred[name] = how
        return value

    title, how, body = infer_title(blocks)
    if "title" in declared:
        body = _drop_repeated_title(blocks, str(declared["title"]))
    title = str(pick("title", title, how))
    source, how = infer_source(doc)
    source = str(pick("source", source, how))
    authors, contributors = infer_authors(doc)
    authors = list(pick("authors", authors, "byline" if authors else ""))
    date, how = infer_date(doc)
    date = str(pick("date", date, how))
    language, how = guess_language(body)
    language = str(pick("language", language, how))
    word_count = sum(len(words(b.text)) for b in body)
    article_id = _article_id(doc)
    paragraphs = [b.text for b in body if b.kind == "p"]
    # A title made from the lead sentence is no headline: it reports no event of its own.
    written = "title" in declared or how == "headline line"
    analysis = analyse_content(title, paragraphs, doc.removed, date, written_headline=written)
    return Article(
        id=article_id,
        seed=doc.seed,
        slug=_slug(declared.get("slug"), title, article_id),
        title=title,
        date=date,
        source=source,
        authors=authors,
        contributors=contributors,
        url=str(declared.get("url", "")),
        tags=list(declared.get("tags", [])),
        language=language,
        inferred=inferred,
        summary=summarise(body, settings.summary_words),
        blocks=body,
        word_count=word_count,
        reading_minutes=max(1, math.ceil(word_count / settings.reading_words_per_minute)),
        content_hash=doc.content_hash,
        analysis=analysis,
    )


def _drop_repeated_title(blocks: list[Block], title: str) -> list[Block]:
    if blocks and blocks[0].kind == "h" and blocks[0].text.strip() == title.strip():
        return blocks[1:]
    return blocks


def _article_id(doc: CleanDocument) -> str:
    declared = slugify(str(doc.declared.get("id", "")), max_length=40)
    if declared:
        return declared
    return "a" + hashlib.sha256(doc.seed.encode("utf-8")).hexdigest()[:11]


def _slug(declared: object, title: str, article_id: str) -> str:
    # slugify keeps only [a-z0-9-]: a declared '../../x' or '/etc/passwd' cannot leave the folder.
    for candidate in (declared, title):
        slug = slugify(str(candidate or ""), max_length=60, word_boundary=True)
        if slug:
            return slug
    return article_id


def summarise(blocks: list[Block], max_words: int) -> str:
    """The lead: whole sentences from the first paragraphs, up to max_words."""
    chosen: list[str] = []
    count = 0
    for block in blocks:
        if block.kind != "p":
            continue
        for sentence in sentences(block.text):
            n = len(sentence.split())
            if chosen and count + n > max_words:
                return " ".join(chosen)
            chosen.append(sentence)
            count += n
            if count >= max_words * 0.6:
                return " ".join(chosen)
    text = " ".join(chosen)
    return _truncate_words(text, max_words)


def _truncate_words(text: str, max_words: int) -> str:
    parts = text.split()
    if len(parts) <= max_words:
        return text
    return re.sub(r"[,;:]$", "", " ".join(parts[:max_words])) + " …"
