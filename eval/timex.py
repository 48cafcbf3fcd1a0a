"""Score generator.analyse.timex on WikiWars the way TempEval-3 scores TIMEX3 extraction.

Usage (from the repo root): ``python -m eval.timex [--anchor narrative|news] [--errors N]``

Metrics: span precision/recall/F1, strict (identical offsets) and relaxed (any overlap,
one-to-one); on the relaxed matches, type and value accuracy, and type/value F1 where a
hit needs an overlapping span and an equal attribute (TempEval-3's attribute F1).
Caveat: this WikiWars conversion labels every TIMEX3 type="DATE", so the gold type is
derived from the value's shape (P... -> DURATION, ...T.. -> TIME, else DATE) and the
type figures are indicative only.
"""

from __future__ import annotations

import argparse
import datetime
import re
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from eval.common import corpora_dir
from generator.analyse.timex import tag
from generator.timex_value import value_type

REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str
    type: str
    value: str


def corpus_dir() -> Path:
    return corpora_dir() / "wikiwars"


def gold_type(value: str) -> str:
    return value_type(value)


def read_tml(path: Path) -> tuple[str, datetime.date, list[Span]]:
    """Plain text of the TEXT element, the DCT and the gold TIMEX3 spans with offsets."""
    root = ET.parse(path).getroot()
    dct_value = root.find("DCT/TIMEX3").get("value")
    text_el = root.find("TEXT")
    parts, gold = [text_el.text or ""], []
    offset = len(parts[0])
    for child in text_el:
        inner = "".join(child.itertext())
        if child.tag == "TIMEX3":
            value = child.get("value", "")
            gold.append(Span(offset, offset + len(inner), inner, gold_type(value), value))
        parts.append(inner)
        offset += len(inner)
        parts.append(child.tail or "")
        offset += len(child.tail or "")
    return "".join(parts), datetime.date.fromisoformat(dct_value[:10]), gold


def match_relaxed(gold: list[Span], system: list[Span]) -> list[tuple[Span, Span]]:
    """One-to-one pairs of overlapping spans, greedy by overlap size (both lists sorted)."""
    pairs, used = [], set()
    for g in gold:
        best, best_overlap = None, 0
        for i, s in enumerate(system):
            if s.start >= g.end:
                break
            overlap = min(g.end, s.end) - max(g.start, s.start)
            if overlap > best_overlap and i not in used:
                best, best_overlap = i, overlap
        if best is not None:
            used.add(best)
            pairs.append((g, system[best]))
    return pairs


@dataclass
class Counts:
    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    type_ok: int = 0
    value_ok: int = 0

    def add(self, other: Counts) -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def row(self) -> list[float]:
        def f1(hits: int) -> float:
            p = hits / self.system if self.system else 0.0
            r = hits / self.gold if self.gold else 0.0
            return 2 * p * r / (p + r) if p + r else 0.0

        def pct(a: int, b: int) -> float:
            return a / b if b else 0.0

        return [pct(self.strict, self.system), pct(self.strict, self.gold), f1(self.strict),
                pct(self.relaxed, self.system), pct(self.relaxed, self.gold), f1(self.relaxed),
                pct(self.type_ok, self.relaxed), f1(self.type_ok),
                pct(self.value_ok, self.relaxed), f1(self.value_ok)]


HEADER = ["doc", "gold", "sys", "strictP", "strictR", "strictF1", "relaxP", "relaxR",
          "relaxF1", "typeAcc", "typeF1", "valAcc", "valF1"]


_YEAR = re.compile(r"\b(?:1\d{3}|20\d{2})\b")


def baseline_tag(text: str) -> list[Span]:
    """The simple baseline: every four-digit year (1000-2099) tagged as that year."""
    return [Span(m.start(), m.end(), m.group(), "DATE", m.group()) for m in _YEAR.finditer(text)]


def score_document(path: Path, anchor: str, errors: list[str], baseline: bool = False) -> Counts:
    text, dct, gold = read_tml(path)
    system = baseline_tag(text) if baseline else [
        Span(t.start, t.end, t.text, t.type, t.value) for t in tag(text, dct, anchor)]
    pairs = match_relaxed(gold, system)
    strict = {(g.start, g.end) for g in gold} & {(s.start, s.end) for s in system}
    counts = Counts(len(gold), len(system), len(strict), len(pairs))
    for g, s in pairs:
        counts.type_ok += g.type == s.type
        counts.value_ok += g.value == s.value
        if g.value != s.value:
            errors.append(f"VALUE {path.stem}: {g.text!r}={g.value} got {s.text!r}={s.value}")
    matched_gold = {id(g) for g, _ in pairs}
    matched_sys = {id(s) for _, s in pairs}
    for g in gold:
        if id(g) not in matched_gold:
            context = text[max(0, g.start - 40):g.end + 30].replace("\n", " ")
            errors.append(f"MISS  {path.stem}: {g.text!r}={g.value}  ...{context}...")
    for s in system:
        if id(s) not in matched_sys:
            context = text[max(0, s.start - 40):s.end + 30].replace("\n", " ")
            errors.append(f"FP    {path.stem}: {s.text!r}={s.value}  ...{context}...")
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--anchor", default="narrative", choices=["narrative", "news"])
    parser.add_argument("--errors", type=int, default=0, help="print N sampled errors")
    args = parser.parse_args(argv)
    folder = corpus_dir()
    files = sorted(folder.glob("*.tml")) if folder.is_dir() else []
    if not files:
        print(f"skipped: corpus not found at {folder}")
        return 0
    errors: list[str] = []
    total = Counts()
    print(" ".join(f"{h:>9}" if i else f"{h:<28}" for i, h in enumerate(HEADER)))
    for path in files:
        counts = score_document(path, args.anchor, errors)
        total.add(counts)
        print_row(path.stem, counts)
    print("-" * 150)
    print_row(f"ALL ({len(files)} docs, micro)", total)
    # Halves: the rules were developed looking at the even-numbered documents (A); the
    # odd-numbered ones (B) check that a change generalises.
    for name, half in (("half A (even docs)", files[0::2]), ("half B (odd docs)", files[1::2])):
        sub = Counts()
        for path in half:
            sub.add(score_document(path, args.anchor, []))
        print_row(f"{name}, {len(half)} docs", sub)
    base = Counts()
    for path in files:
        base.add(score_document(path, args.anchor, [], baseline=True))
    print_row("BASELINE: 4-digit years", base)
    print_news_check(errors if args.errors else [])
    if args.errors:
        step = max(1, len(errors) // args.errors)
        for line in errors[::step][: args.errors]:
            print(line)
    return 0


# Our own small news check set (eval/data/news_timex, see its README): news reports
# paraphrased from public-domain VOA items, gold written by hand before the tagger was run.
# It is ours and small, a check on news style beside WikiWars, not TempEval-3.
NEWS_CHECK_DIR = Path(__file__).resolve().parent / "data" / "news_timex"


def print_news_check(errors: list[str]) -> None:
    files = sorted(NEWS_CHECK_DIR.glob("*.tml"))
    if not files:
        return
    ours, base = Counts(), Counts()
    for path in files:
        ours.add(score_document(path, "news", errors))
        base.add(score_document(path, "news", [], baseline=True))
    print(f"our news check set (eval/data/news_timex, {len(files)} docs, ours: not TE3), "
          "anchor news:")
    print_row("  NEWS CHECK: product", ours)
    print_row("  NEWS CHECK: 4-digit years", base)


def print_row(name: str, counts: Counts) -> None:
    cells = [f"{name:<28}", f"{counts.gold:>9}", f"{counts.system:>9}"]
    cells += [f"{100 * v:>9.1f}" for v in counts.row()]
    print(" ".join(cells))


if __name__ == "__main__":
    sys.exit(main())
