"""Evaluate the `.html` reader on real saved pages: `python -m eval.html_pages [--half A|B]
[--show N]`.

Corpus: ../shared/corpora/html-pages (181 gzipped pages, ground-truth.json with the article
body a person marked and the page's URL). Every figure is set beside trafilatura alone
(`bare_extraction` with its defaults, given the same bytes) computed in the same run.

- body: token F1 over 4-token shingles (the benchmark's own metric: \\w+ tokens, multiset
  overlap per page, F1 averaged over pages).
- date: where the URL carries a full date (/2019/11/19/, 20191119, 2019-11-19), the share of
  pages whose date is within a day of it; pages where the reader says "unknown" count as misses.
  The reader itself takes the URL's date when there is one, so the figure that tells is
  "not using url": the reader given the page without its address.
- title: share of titles that still carry a site-name suffix ("... | Site", "... - Site.com")
  or are page furniture; lower is better. There is no title ground truth.
- authors: implausible author strings (digits, month names, "Link Copied", "See full bio",
  single words, trailing bullets): invented authors; lower is better.
- internal agreement (NOT the held-out metadata metric; there is no gold here):
  `titles_equal_h1`, the share of pages with an h1 of 3+ words whose title is that h1 (the
  headline readers see; ours prefers the h1's wording when a candidate reduces to it, so this
  is partly by construction); `authors_seen_in_page`, the share of declared authors whose name
  is in the page's visible text (ours keeps only such names, so 1.0 by construction: the figure
  that tells is trafilatura's). The date check above, the reader given the page without its
  URL against the URL's date, is the one comparison of independent sources.

Pages are split into two halves by a hash of their id: rules were developed looking at half A
only; half B is the check on pages not looked at (`--half B`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import hashlib
import json
import re
import statistics
from collections import Counter
from typing import Any

from eval.common import corpora_dir, skipped, write_result

_TOKEN = re.compile(r"\w+")
SHINGLE = 4
_URL_DATE = (
    re.compile(r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})(?:/|$|[^\d])"),
    re.compile(r"[/_-]((?:19|20)\d{2})-(\d{2})-(\d{2})(?:[/_.-]|$)"),
    re.compile(r"[/_-]((?:19|20)\d{2})(\d{2})(\d{2})(?:[/_.-]|$)"),
)
_MONTH_WORDS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                "dec", "january", "february", "march", "april", "june", "july", "august",
                "september", "october", "november", "december")
_NOT_A_NAME = re.compile(
    r"\d|•|link copied|see full bio|lesedauer|follow|updated|published|\bby\b|@|http|"
    r"\b(?:" + "|".join(_MONTH_WORDS) + r")\b", re.I)
_SUFFIX = re.compile(r"\s(?:\||-|–|—|::|·)\s*[^|–—-]{2,40}$")


def shingles(text: str) -> Counter:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i:i + SHINGLE]) for i in range(max(len(tokens) - SHINGLE + 1, 1)))


def body_f1(expected: str, got: str) -> float:
    truth, pred = shingles(expected), shingles(got)
    overlap = sum((truth & pred).values())
    if not overlap:
        return 0.0 if (truth or pred) else 1.0
    precision = overlap / sum(pred.values())
    recall = overlap / sum(truth.values())
    return 2 * precision * recall / (precision + recall)


def url_date(url: str) -> str | None:
    for pattern in _URL_DATE:
        match = pattern.search(url)
        if match:
            try:
                return dt.date(*(int(g) for g in match.groups())).isoformat()
            except ValueError:
                continue
    return None


def within_a_day(got: str | None, expected: str) -> bool:
    if not got:
        return False
    try:
        delta = dt.date.fromisoformat(got[:10]) - dt.date.fromisoformat(expected)
    except ValueError:
        return False
    return abs(delta.days) <= 1


def implausible_author(name: str) -> bool:
    words = name.split()
    return bool(_NOT_A_NAME.search(name)) or len(words) < 2 or len(words) > 5 \
        or (name.isupper() and len(name) > 3)


def suffixed_or_furniture(title: str | None, host: str) -> bool:
    if not title:
        return True
    from generator.ingest.html_meta import is_furniture_title
    match = _SUFFIX.search(title)
    if match:
        tail = re.sub(r"\W", "", match.group(0)).lower()
        site = host.removeprefix("www.").split(".")[0].replace("-", "")
        if tail and (site in tail or tail in site or tail.endswith("com")):
            return True
    return is_furniture_title(title)


def _squash(text: str) -> str:
    return re.sub(r"[\W_]+", "", (text or "").lower())


def page_view(data: bytes) -> dict[str, str]:
    """What a reader of the page sees: its first h1 and its visible text (squashed)."""
    from lxml import html as lxml_html

    from generator.ingest.decode import decode_html
    from generator.ingest.html_prune import drop_hidden
    try:
        tree = lxml_html.document_fromstring(decode_html(data, None)[0])
    except Exception:  # noqa: BLE001 - an unparsable page has no view
        return {"h1": "", "text": ""}
    for element in tree.xpath("//script|//style|//head|//noscript|//template"):
        element.drop_tree()
    drop_hidden(tree)
    h1 = next((" ".join(h.text_content().split()) for h in tree.iter("h1")
               if h.text_content().strip()), "")
    return {"h1": h1, "text": _squash(tree.text_content())}


def half_of(page_id: str) -> str:
    return "A" if hashlib.sha256(page_id.encode()).digest()[0] % 2 == 0 else "B"


def ours(data: bytes, url: str) -> dict[str, Any]:
    from generator.ingest.decode import ReadError
    from generator.ingest.readers import read_html
    try:
        out = read_html(data, url=url)
    except ReadError as exc:
        return {"text": "", "error": str(exc)}
    declared = out.declared
    return {"text": out.text, "title": declared.get("title"), "date": declared.get("date"),
            "authors": declared.get("authors") or [], "source": declared.get("source")}


def trafilatura_alone(data: bytes) -> dict[str, Any]:
    import trafilatura
    doc = trafilatura.bare_extraction(data, with_metadata=True)
    if doc is None:
        return {"text": ""}
    found = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    author = found.get("author") or ""
    return {"text": found.get("text") or "", "title": found.get("title"),
            "date": found.get("date"), "source": found.get("sitename"),
            "authors": [a.strip() for a in re.split(r";|\band\b", author) if a.strip()]}


def score(rows: list[dict[str, Any]], key: str) -> dict[str, Any]:
    dated = [r for r in rows if r["url_date"]]
    authors = [a for r in rows for a in r[key].get("authors", [])]
    with_h1 = [r for r in rows if len(r["view"]["h1"].split()) >= 3]
    return {
        "pages": len(rows),
        "body_f1": round(statistics.mean(body_f1(r["truth"], r[key]["text"]) for r in rows), 4),
        "date_within_a_day_of_url_date": round(
            sum(within_a_day(r[key].get("date"), r["url_date"]) for r in dated)
            / max(len(dated), 1), 4),
        "pages_with_url_date": len(dated),
        "date_within_a_day_not_using_url": round(
            sum(within_a_day(r[key].get("date_without_url", r[key].get("date")),
                             r["url_date"]) for r in dated) / max(len(dated), 1), 4),
        "titles_suffixed_or_furniture": sum(
            suffixed_or_furniture(r[key].get("title"), r["host"]) for r in rows),
        "authors_total": len(authors),
        "authors_implausible": sum(implausible_author(a) for a in authors),
        "sources_stub": sum(_stub_source(r[key].get("source")) for r in rows),
        "titles_equal_h1": round(sum(_squash(r[key].get("title")) == _squash(r["view"]["h1"])
                                     for r in with_h1) / max(len(with_h1), 1), 4),
        "authors_seen_in_page": round(sum(
            bool(_squash(a)) and _squash(a) in r["view"]["text"]
            for r in rows for a in r[key].get("authors", [])) / max(len(authors), 1), 4),
    }


def _stub_source(source: str | None) -> bool:
    from generator.ingest.html_meta import is_stub_source
    return not source or (is_stub_source(source) and "." not in source)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.html_pages")
    parser.add_argument("--half", choices=("A", "B"), help="score one half only")
    parser.add_argument("--show", type=int, default=0, help="print N worst pages (ours)")
    args = parser.parse_args(argv)
    corpus = corpora_dir() / "html-pages"
    if not (corpus / "ground-truth.json").is_file():
        return skipped(corpus)
    from urllib.parse import urlsplit
    truth = json.loads((corpus / "ground-truth.json").read_text(encoding="utf-8"))
    rows = []
    for page_id in sorted(truth):
        if args.half and half_of(page_id) != args.half:
            continue
        data = gzip.decompress((corpus / "html" / f"{page_id}.html.gz").read_bytes())
        url = truth[page_id].get("url") or ""
        rows.append({"id": page_id, "half": half_of(page_id), "url": url,
                     "host": urlsplit(url).hostname or "", "url_date": url_date(url),
                     "truth": truth[page_id].get("articleBody") or "",
                     "ours": ours(data, url), "baseline": trafilatura_alone(data),
                     "view": page_view(data)})
        if rows[-1]["url_date"]:  # the page's own evidence, without the URL's date
            rows[-1]["ours"]["date_without_url"] = ours(data, "").get("date")
    results: dict[str, Any] = {}
    for half in ("all", "A", "B"):
        subset = [r for r in rows if half == "all" or r["half"] == half]
        if subset:
            results[half] = {"ours": score(subset, "ours"),
                             "trafilatura": score(subset, "baseline")}
    print(f"{'half':5} {'metric':34} {'ours':>8} {'trafilatura':>12}")
    for half, pair in results.items():
        for metric in pair["ours"]:
            print(f"{half:5} {metric:34} {pair['ours'][metric]:>8} "
                  f"{pair['trafilatura'][metric]:>12}")
    print("body_f1: higher is better; date: share within a day; titles/authors/sources: "
          "counts of bad values, lower is better")
    if args.show:
        worst = sorted(rows, key=lambda r: body_f1(r["truth"], r["ours"]["text"]))
        for r in worst[:args.show]:
            print(f"{body_f1(r['truth'], r['ours']['text']):.3f} "
                  f"{body_f1(r['truth'], r['baseline']['text']):.3f} {r['id'][:10]} {r['url']}")
    write_result("html_pages", {"results": results, "pages": [
        {"id": r["id"], "url": r["url"], "half": r["half"],
         "ours": {k: v for k, v in r["ours"].items() if k != "text"},
         "trafilatura": {k: v for k, v in r["baseline"].items() if k != "text"}}
        for r in rows]})
    return 0


if __name__ == "__main__":
    import sys
    raise SystemExit(main(sys.argv[1:]))
