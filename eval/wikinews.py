"""Build the WikiNews timeline corpus (60 articles) with the product and show its stories.

Run from the repo root: ``python -m eval.wikinews``.

Each TimeML article (``wikinews-timelines/{apple,airbus}/articles/*.tml``) becomes a plain-text
seed in a temporary folder: YAML front matter (``id: <topic>-<docid>``, ``title`` = the headline
= sentence 0, ``date`` from the DCT, ``source: WikiNews``), then one paragraph per sentence
1..N, detokenised ("Ryanair 's" -> "Ryanair's", "`` x ''" -> '"x"'). The digest is built with
``build_digest`` (analysis in-process, cache in the temp folder). The map from (doc id, sentence)
to the paragraph anchor ``#p{n}`` is read back from the built ``Article.blocks``: paragraphs
are counted among the ``p`` blocks (the cleaner turns short bare lines such as the dateline
"June 13, 2005" into headings, which take no paragraph number), so gold events can be located.

The report lists every story with its member articles (title, date) and related links with
their reasons; multi-article stories are for a human to judge (same event or not).
"""

from __future__ import annotations

import re
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from eval.common import corpora_dir, skipped, write_result
from generator import cache as analysis_cache
from generator.config import load_settings
from generator.models import Digest
from generator.pipeline import build_digest
from generator.render.common import reason_parts

TOPICS = ("apple", "airbus")
SOURCE = "WikiNews"


@dataclass
class TmlDoc:
    topic: str
    docid: str
    dct: str  # ISO date
    headline: str
    sentences: list[tuple[int, str]]  # (sentence number, detokenised text), headline excluded

    @property
    def article_id(self) -> str:
        return f"{self.topic}-{self.docid}"


@dataclass
class WikiNewsBuild:
    digest: Digest
    docs: list[TmlDoc]
    article_of: dict[str, str]  # doc id -> article id
    paragraph_of: dict[tuple[str, int], int]  # (doc id, sentence) -> paragraph n (#p{n})
    headings: list[tuple[str, int]] = field(default_factory=list)  # sentences made headings
    lost: list[tuple[str, int]] = field(default_factory=list)  # sentences not found at all
    seconds: float = 0.0


# --------------------------------------------------------------------------------------------
# Reading TimeML and detokenising

_ATTACH_LEFT = {".", ",", ":", ";", "!", "?", "%", ")", "]", "}", "...", "'s", "'S", "n't",
                "'re", "'ve", "'ll", "'d", "'m", "'", "''"}
_ATTACH_RIGHT = {"(", "[", "{", "$", "£", "€", "``", "#"}


def detokenise(tokens: str) -> str:
    """Join Penn-style tokens into readable text; '``'/'' and '"' become straight quotes."""
    out = ""
    glue = True  # no space before the next token
    quote_open = False
    for tok in tokens.split():
        if tok == '"':  # ambiguous straight quote: alternate open/close
            tok = "``" if not quote_open else "''"
        if tok == "``":
            out += ("" if glue else " ") + '"'
            quote_open, glue = True, True
            continue
        if tok == "''":
            out += '"'
            quote_open, glue = False, False
            continue
        attach = glue or tok.lower() in _ATTACH_LEFT or tok == "-"
        out += ("" if attach else " ") + tok
        glue = tok in _ATTACH_RIGHT or tok.endswith("$") or tok == "-"  # "Wal - Mart", "US$ 7"
    return out.strip()


def read_tml(path: Path, topic: str) -> TmlDoc:
    root = ET.parse(path).getroot()
    docid = (root.findtext("DOCID") or path.stem.split("_")[0].split("-")[0]).strip()
    dct = root.find("DCT/TIMEX3").get("value", "")[:10]
    numbered = [(int(s.get("id")), detokenise("".join(s.itertext())))
                for s in root.find("TEXT").iter("s")]
    numbered.sort()
    # Sentence 0 is the headline; a few Apple files start at sentence 1, and their headline is
    # only in EXTRAINFO.
    extra = detokenise(root.findtext("EXTRAINFO") or "")
    headline = numbered[0][1] if numbered and numbered[0][0] == 0 else extra
    body = [(n, text) for n, text in numbered if n != 0 and text]
    return TmlDoc(topic, docid, dct, headline, body)


def read_corpus(folder: Path) -> list[TmlDoc]:
    docs = []
    for topic in TOPICS:
        for path in sorted((folder / topic / "articles").glob("*.tml")):
            docs.append(read_tml(path, topic))
    return docs


# --------------------------------------------------------------------------------------------
# Seeds and the build


def seed_text(doc: TmlDoc) -> str:
    meta = {"id": doc.article_id, "title": doc.headline, "date": doc.dct, "source": SOURCE}
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    return f"---\n{front}---\n\n" + "\n\n".join(text for _, text in doc.sentences) + "\n"


def write_seeds(docs: list[TmlDoc], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for doc in docs:
        (folder / f"{doc.article_id}.txt").write_text(seed_text(doc), encoding="utf-8")


@contextmanager
def in_process_analysis() -> Iterator[None]:
    """Analyse in this process: the machine is shared, and 60 articles take seconds."""
    saved = analysis_cache.PARALLEL_MIN
    analysis_cache.PARALLEL_MIN = sys.maxsize
    try:
        yield
    finally:
        analysis_cache.PARALLEL_MIN = saved


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def locate_paragraphs(doc: TmlDoc, blocks: list) -> tuple[dict[int, int], list[int], list[int]]:
    """Sentence number -> paragraph n, by walking the built blocks in order."""
    numbers, count = [], 0
    for block in blocks:  # the anchor number of each block (0 for headings)
        count += block.kind == "p"
        numbers.append(count if block.kind == "p" else 0)
    found: dict[int, int] = {}
    headings: list[int] = []
    lost: list[int] = []
    position = 0
    for number, text in doc.sentences:
        target = _norm(text)
        hit = next((k for k in range(position, len(blocks)) if _norm(blocks[k].text) == target),
                   None)
        if hit is None:
            lost.append(number)
            continue
        position = hit + 1
        if numbers[hit]:
            found[number] = numbers[hit]
        else:
            headings.append(number)
    return found, headings, lost


def build(folder: Path) -> WikiNewsBuild:
    docs = read_corpus(folder)
    with tempfile.TemporaryDirectory(prefix="wikinews-") as tmp:
        base = Path(tmp)
        write_seeds(docs, base / "seeds")
        settings = load_settings(base, {"seeds": base / "seeds", "docs": base / "docs",
                                        "cache": base / "cache"})
        start = time.perf_counter()
        with in_process_analysis():
            digest, problems = build_digest(settings)
        seconds = time.perf_counter() - start
    for problem in problems:
        print(problem.line())
    by_id = {a.id: a for a in digest.articles}
    result = WikiNewsBuild(digest, docs, {}, {}, seconds=seconds)
    for doc in docs:
        article = by_id.get(doc.article_id)
        if article is None:
            result.lost += [(doc.docid, n) for n, _ in doc.sentences]
            continue
        result.article_of[doc.docid] = article.id
        found, headings, lost = locate_paragraphs(doc, article.blocks)
        result.paragraph_of.update({(doc.docid, n): p for n, p in found.items()})
        result.headings += [(doc.docid, n) for n in headings]
        result.lost += [(doc.docid, n) for n in lost]
    return result


_BUILD_CACHE: dict[Path, WikiNewsBuild] = {}


def build_once(folder: Path) -> WikiNewsBuild:
    """One build per process: the runner's wikinews and timeline evaluations share it."""
    if folder not in _BUILD_CACHE:
        _BUILD_CACHE[folder] = build(folder)
    return _BUILD_CACHE[folder]


def corpus_folder() -> Path:
    return corpora_dir() / "wikinews-timelines"


# --------------------------------------------------------------------------------------------
# Stories report


def stories_report(wb: WikiNewsBuild) -> dict:
    links = wb.digest.links
    by_id = {a.id: a for a in wb.digest.articles}
    titles = {s.id: s.title for s in links.stories}
    stories = sorted(links.stories, key=lambda s: (-len(s.articles), s.first_date, s.id))
    out = []
    for story in stories:
        members = [{"id": a, "date": by_id[a].date, "title": by_id[a].title,
                    "copy_of": story.duplicates.get(a, "")} for a in story.articles]
        related = [{"story": r.story, "title": titles.get(r.story, "?"), "score": r.score,
                    "reasons": reason_parts(r, links.entity_by_id)} for r in story.related]
        out.append({"id": story.id, "title": story.title, "articles": members,
                    "related": related})
    return {"articles": len(wb.digest.articles), "stories": out}


def print_stories(report: dict, show_related_for_singletons: bool = True) -> None:
    stories = report["stories"]
    multi = [s for s in stories if len(s["articles"]) > 1]
    print(f"{report['articles']} articles -> {len(stories)} stories, {len(multi)} with more than "
          f"one article ({sum(len(s['articles']) for s in multi)} articles in them)\n")
    for story in stories:
        if len(story["articles"]) < 2 and not show_related_for_singletons:
            continue
        print(f"[{len(story['articles'])}] {story['title']}  ({story['id']})")
        for member in story["articles"]:
            copy = f"  (copy of {member['copy_of']})" if member["copy_of"] else ""
            print(f"      {member['date']}  {member['id']:<14} {member['title']}{copy}")
        for rel in story["related"]:
            print(f"      ~ {rel['score']:.2f} {rel['title'][:60]!r}: {'; '.join(rel['reasons'])}")


def main(argv: list[str] | None = None) -> int:
    folder = corpus_folder()
    if not (folder / "apple").is_dir() or not (folder / "airbus").is_dir():
        return skipped(folder)
    wb = build_once(folder)
    n_sent = sum(len(d.sentences) for d in wb.docs)
    print(f"built {len(wb.digest.articles)} WikiNews articles in {wb.seconds:.1f}s; "
          f"{len(wb.digest.timeline)} timeline entries")
    print(f"paragraph map: {len(wb.paragraph_of)}/{n_sent} body sentences are paragraphs, "
          f"{len(wb.headings)} became headings, {len(wb.lost)} not found in the built text\n")
    report = stories_report(wb)
    print_stories(report)
    report["paragraph_map"] = {"sentences": n_sent, "paragraphs": len(wb.paragraph_of),
                               "headings": len(wb.headings), "lost": len(wb.lost)}
    report["seconds"] = wb.seconds
    write_result("wikinews", report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
