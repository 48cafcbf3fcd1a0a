"""Score the merged timeline against the WikiNews gold entity timelines (SemEval-2015 Task 4).

Run from the repo root: ``python -m eval.timeline [--misses N]``.

The 60 WikiNews articles are built by eval/wikinews.py (one paragraph per sentence; the map
(doc id, sentence) -> paragraph ``#p{n}`` is read back from the built article). Each gold
timeline (``{apple,airbus}/timelines/*.txt``: first line the target entity, then
``ORDER<TAB>DATE<TAB>EVENT...`` with EVENT = ``DOCID-SENTENCE-WORD``) is scored against the
product's timeline for that entity:

* Entity: the canonical entities whose name or an alias equals the target name
  (case-insensitive). The entity's timeline is every TimelineEntry whose ``entities`` include
  one of them. Targets with no such entity are listed (all their events count as missed).
* Position: a gold event sits at (article, paragraph) via the map; an event in the headline
  (sentence 0) sits at paragraph 0, which an entry cites when the headline's event is on the
  timeline (generator/models.py). Events in a sentence the cleaner made a heading, or in an
  unknown document, cannot be cited; they stay in the recall denominator and are counted as
  "uncitable".
* Found: a gold event is found when an entry of the entity's timeline cites its paragraph.
  Recall = found / gold events (also over dated gold events only: the product dates every
  event it lists, from the sentence or its context, while the gold also lists undated ones).
  Precision = cited paragraphs of the entity's timeline that hold a gold event of that
  timeline / all paragraphs it cites.
* Date right: for a found event whose gold DATE is not undated, some entry citing the
  paragraph has a date inside the gold date's period at the gold's granularity or finer: the
  gold's leading parts without X (``2006-12-XX`` -> ``2006-12``, ``2005-XX-XX`` -> ``2005``) name
  the period, and the entry's period (generator.timex_value) must lie within it (an entry
  "2005" for gold "2005-06-13" is wrong, "2005-06-13TEV" or a week inside gold June is right).
* Merged right (pairwise, across documents): gold pairs are two citable events on one gold
  line in different documents (same event reported twice); product pairs are two paragraphs of
  different articles cited by one entry of the entity's timeline. Merge recall = gold pairs the
  product puts in one entry / gold pairs; merge precision = product pairs that are gold pairs /
  product pairs whose both paragraphs hold gold events of this timeline (merges of sentences
  the annotators did not put on the timeline are not judged).

Micro totals add the counts of all timelines (an event on two timelines counts twice). The
two topics are the dev halves (apple, airbus); each is printed beside the baseline. The
right-date share is also given over the citable dated events (not in a heading or a missing
document).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from itertools import combinations
from pathlib import Path

from eval.common import ratio, skipped, write_result
from eval.wikinews import TOPICS, WikiNewsBuild, build_once, corpus_folder
from generator.models import HEADLINE
from generator.timex_value import parse

Position = tuple[str, int]  # (article id, paragraph n)


@dataclass(frozen=True)
class GoldEvent:
    line: int
    date: str
    doc: str
    sentence: int
    word: str


@dataclass
class GoldTimeline:
    topic: str
    name: str  # file stem
    target: str
    events: list[GoldEvent]


@dataclass
class Score:
    gold: int = 0
    uncitable: int = 0
    gold_dated: int = 0
    citable_dated: int = 0  # dated gold events in a paragraph an entry can cite
    found: int = 0
    found_dated: int = 0
    cited: int = 0
    cited_gold: int = 0
    date_right: int = 0
    gold_pairs: int = 0
    gold_pairs_merged: int = 0
    product_pairs: int = 0
    product_pairs_gold: int = 0
    entries: int = 0

    def add(self, other: Score) -> None:
        for name, value in vars(other).items():
            setattr(self, name, getattr(self, name) + value)


@dataclass
class TimelineResult:
    topic: str
    target: str
    entities: list[str]
    score: Score
    misses: list[dict] = field(default_factory=list)
    unmerged: list[str] = field(default_factory=list)  # gold pairs the product keeps apart


# --------------------------------------------------------------------------------------------
# Gold


def read_gold(path: Path, topic: str) -> GoldTimeline:
    lines = path.read_text(encoding="utf-8").splitlines()
    target = lines[0].strip()
    events = []
    for number, line in enumerate(lines[1:], start=1):
        cols = line.rstrip("\n").split("\t")
        if len(cols) < 3:
            continue
        for item in cols[2:]:
            doc, sentence, word = item.strip().split("-", 2)
            events.append(GoldEvent(number, cols[1].strip(), doc, int(sentence), word))
    return GoldTimeline(topic, path.stem, target, events)


def read_gold_timelines(folder: Path) -> list[GoldTimeline]:
    timelines = []
    for topic in TOPICS:
        listed = _listed_targets(folder / topic / "target_entities.txt")
        for path in sorted((folder / topic / "timelines").glob("*.txt")):
            gold = read_gold(path, topic)
            # A timeline's first line can carry a typo ("United States Air Froce"); the topic's
            # target list, where present, names the entity of that file.
            gold.target = listed.get(path.stem, gold.target)
            timelines.append(gold)
    return timelines


def _listed_targets(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    names = [n.strip() for n in path.read_text(encoding="utf-8").splitlines() if n.strip()]
    return {"_".join(n.lower().split()): n for n in names}


def date_prefix(gold_date: str) -> str:
    """The leading parts of a gold date that carry no X: '' when undated."""
    parts = []
    for part in gold_date.split("-"):
        if "X" in part.upper() or not part.isdigit():
            break
        parts.append(part)
    return "-".join(parts)


def date_right(product: str, gold_prefix: str) -> bool:
    """The product's date lies inside the gold period (same granularity or finer)."""
    return parse(product).within(parse(gold_prefix))


# --------------------------------------------------------------------------------------------
# Matching


def matching_entities(wb: WikiNewsBuild, target: str) -> list[str]:
    want = target.casefold()
    return [e.id for e in wb.digest.links.entities
            if want == e.name.casefold() or want in (a.casefold() for a in e.aliases)]


def near_entities(wb: WikiNewsBuild, target: str, limit: int = 3) -> list[str]:
    """Entities sharing a word with the target: what the product calls it, if anything."""
    words = {w.casefold() for w in target.split() if len(w) > 2}
    near = [e for e in wb.digest.links.entities
            if words & {w.casefold() for w in e.name.split()}]
    near.sort(key=lambda e: (-e.mentions, e.id))
    return [f"{e.name} ({e.type}, {e.mentions})" for e in near[:limit]]


def position_of(wb: WikiNewsBuild, event: GoldEvent) -> Position | None:
    """(article, paragraph) of a gold event: the headline (sentence 0) is paragraph 0."""
    article = wb.article_of.get(event.doc)
    if article and event.sentence == 0:
        return (article, HEADLINE)
    paragraph = wb.paragraph_of.get((event.doc, event.sentence))
    return (article, paragraph) if article and paragraph else None


def score_timeline(wb: WikiNewsBuild, gold: GoldTimeline) -> TimelineResult:
    ids = matching_entities(wb, gold.target)
    entries = [e for e in wb.digest.timeline if set(ids) & set(e.entities)]
    citing: dict[Position, list] = defaultdict(list)
    for entry in entries:
        for c in dict.fromkeys(entry.sources):
            citing[(c.article, c.paragraph)].append(entry)
    positions = {ev: position_of(wb, ev) for ev in gold.events}
    gold_positions = {p for p in positions.values() if p}
    s = Score(gold=len(gold.events), entries=len(entries), cited=len(citing))
    s.uncitable = sum(1 for p in positions.values() if p is None)
    s.cited_gold = sum(1 for p in citing if p in gold_positions)
    misses = []
    for ev, pos in positions.items():
        prefix = date_prefix(ev.date)
        s.gold_dated += bool(prefix)
        s.citable_dated += bool(prefix) and pos is not None
        hits = citing.get(pos, []) if pos else []
        right = bool(prefix) and any(date_right(h.date, prefix) for h in hits)
        if hits:
            s.found += 1
            s.found_dated += bool(prefix)
            s.date_right += right
        if prefix and not right:
            misses.append(_describe_miss(wb, gold, ev, pos, hits, set(ids)))
    gold_pairs = _gold_pairs(gold, positions)
    product_pairs = {frozenset(pair) for entry in entries
                     for pair in combinations(_distinct(entry.sources), 2)
                     if pair[0][0] != pair[1][0]}
    judged = {p for p in product_pairs if p <= gold_positions}
    s.gold_pairs, s.gold_pairs_merged = len(gold_pairs), len(gold_pairs & product_pairs)
    s.product_pairs, s.product_pairs_gold = len(judged), len(judged & gold_pairs)
    result = TimelineResult(gold.topic, gold.target, ids, s, misses)
    result.unmerged = [_describe_pair(wb, pair, citing) for pair in sorted(
        gold_pairs - product_pairs, key=sorted)] if ids else []
    return result


def _describe_pair(wb: WikiNewsBuild, pair: frozenset[Position],
                   citing: dict[Position, list]) -> str:
    """One unmerged gold pair: each side's product date on this entity's timeline, or why not."""
    sides = []
    for article, paragraph in sorted(pair):
        entries = citing.get((article, paragraph))
        if entries:
            sides.append(f"{article}#p{paragraph}={'/'.join(sorted({e.date for e in entries}))}")
        else:
            anywhere = [e.date for e in wb.digest.timeline
                        if any((c.article, c.paragraph) == (article, paragraph)
                               for c in e.sources)]
            why = f"entry {anywhere[0]} without entity" if anywhere else "no event"
            sides.append(f"{article}#p{paragraph}=({why})")
    return " | ".join(sides)


def _distinct(sources: list) -> list[Position]:
    return sorted({(c.article, c.paragraph) for c in sources})


def _gold_pairs(gold: GoldTimeline, positions: dict[GoldEvent, Position | None]
                ) -> set[frozenset[Position]]:
    by_line: dict[int, set[Position]] = defaultdict(set)
    for ev, pos in positions.items():
        if pos:
            by_line[ev.line].add(pos)
    return {frozenset(pair) for members in by_line.values()
            for pair in combinations(sorted(members), 2) if pair[0][0] != pair[1][0]}


def _describe_miss(wb: WikiNewsBuild, gold: GoldTimeline, ev: GoldEvent, pos: Position | None,
                   hits: list, ids: set[str]) -> dict:
    """Why a dated gold event was missed or misdated, in one of a few categories."""
    info = {"target": gold.target, "gold": f"{ev.doc}-{ev.sentence}-{ev.word}",
            "gold_date": ev.date, "text": _sentence(wb, ev)}
    if hits:
        info.update(kind="wrong date", product=sorted({h.date for h in hits}))
        return info
    if not ids:
        info["kind"] = "no entity"
    elif pos is None:
        info["kind"] = "uncitable (heading/missing document)"
    else:
        entries = [e for e in wb.digest.timeline
                   if any((c.article, c.paragraph) == pos for c in e.sources)]
        if entries:
            info.update(kind="entry lacks entity", product=[e.date for e in entries],
                        entities=sorted({x for e in entries for x in e.entities}))
        else:
            info["kind"] = "no dated event in sentence"
    return info


MERGEABLE = ("same date, not merged", "compatible dates, not merged")


def _pair_kind(described: str) -> str:
    sides = [side.split("=", 1)[1] for side in described.split(" | ")]
    if any("no event" in side for side in sides):
        return "a side has no dated event"
    if any("without entity" in side for side in sides):
        return "a side's entry lacks the entity"
    if sides[0] == sides[1]:
        return "same date, not merged"
    # The issue's merge needs the same date at compatible granularity ("2010" and "7 June
    # 2010"): a gold pair whose sides our dates put apart cannot merge by that definition.
    dates = [[parse(d) for d in side.split("/")] for side in sides]
    if any(a.within(b) or b.within(a) for a in dates[0] for b in dates[1]):
        return "compatible dates, not merged"
    return "different dates"


def _sentence(wb: WikiNewsBuild, ev: GoldEvent) -> str:
    doc = next((d for d in wb.docs if d.docid == ev.doc), None)
    if doc is None:
        return "(document not in corpus)"
    if ev.sentence == 0:
        return doc.headline
    return dict(doc.sentences).get(ev.sentence, "(no such sentence)")


def product_row(label: str, s: Score) -> str:
    return (f"{label}: dated gold events with the right date {s.date_right}/{s.gold_dated} = "
            f"{_pct(s.date_right, s.gold_dated).strip()}% (of the citable: "
            f"{_pct(s.date_right, s.citable_dated).strip()}%); merge recall "
            f"{_pct(s.gold_pairs_merged, s.gold_pairs).strip()}% ({s.gold_pairs_merged}/"
            f"{s.gold_pairs}), precision {_pct(s.product_pairs_gold, s.product_pairs).strip()}% "
            f"({s.product_pairs_gold}/{s.product_pairs})")


def baseline_row(wb: WikiNewsBuild, golds: list[GoldTimeline]) -> str:
    """The simple baseline, on the same gold: every event found and dated to its article's
    publication date; two events of one timeline in different articles merged when the
    articles share a publication date."""
    dct = {doc.docid: doc.dct for doc in wb.docs}
    dated = right = citable = citable_right = gold_pairs = merged = pairs = pairs_gold = 0
    for gold in golds:
        positions = {ev: position_of(wb, ev) for ev in gold.events}
        for ev in gold.events:
            prefix = date_prefix(ev.date)
            hit = bool(prefix) and ev.doc in dct and date_right(dct[ev.doc], prefix)
            dated += bool(prefix)
            right += hit
            citable += bool(prefix) and positions[ev] is not None
            citable_right += hit and positions[ev] is not None
        truth = _gold_pairs(gold, positions)
        doc_of = {pos: ev.doc for ev, pos in positions.items() if pos}
        same_day = {frozenset(pair) for pair in combinations(sorted(doc_of), 2)
                    if pair[0][0] != pair[1][0]
                    and dct.get(doc_of[pair[0]]) == dct.get(doc_of[pair[1]])}
        gold_pairs += len(truth)
        merged += len(truth & same_day)
        pairs += len(same_day)
        pairs_gold += len(same_day & truth)
    return (f"BASELINE (publication date for every event): dated gold events with the right "
            f"date {right}/{dated} = {_pct(right, dated).strip()}% (of the citable: "
            f"{_pct(citable_right, citable).strip()}%); merge recall "
            f"{_pct(merged, gold_pairs).strip()}%, precision {_pct(pairs_gold, pairs).strip()}%")


# --------------------------------------------------------------------------------------------
# Report


def _pct(a: int, b: int) -> str:
    return f"{100 * ratio(a, b):5.1f}" if b else "    -"


HEAD = (f"{'topic':<7}{'target':<24}{'ent':>4}{'gold':>5}{'unc':>4}{'found':>6}{'R':>6}"
        f"{'dated':>6}{'Rdat':>6}{'cited':>6}{'P':>6}{'dateOK':>8}{'mGold':>6}{'mR':>6}"
        f"{'mProd':>6}{'mP':>6}")


def row(topic: str, target: str, n_ent: int, s: Score) -> str:
    return (f"{topic:<7}{target[:23]:<24}{n_ent:>4}{s.gold:>5}{s.uncitable:>4}{s.found:>6}"
            f"{_pct(s.found, s.gold):>6}{s.gold_dated:>6}{_pct(s.found_dated, s.gold_dated):>6}"
            f"{s.cited:>6}{_pct(s.cited_gold, s.cited):>6}"
            f"{s.date_right:>3}/{s.found_dated:<3}  {s.gold_pairs:>5}"
            f"{_pct(s.gold_pairs_merged, s.gold_pairs):>6}{s.product_pairs:>6}"
            f"{_pct(s.product_pairs_gold, s.product_pairs):>6}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", type=int, default=12, help="print N sample misses")
    args = parser.parse_args(argv)
    folder = corpus_folder()
    if not all((folder / t / "timelines").is_dir() for t in TOPICS):
        return skipped(folder)
    wb = build_once(folder)
    golds = read_gold_timelines(folder)
    results = [score_timeline(wb, g) for g in golds]
    total = Score()
    print(f"{len(golds)} gold timelines; product timeline: {len(wb.digest.timeline)} entries "
          f"over {len(wb.digest.articles)} articles\n")
    print(HEAD)
    for r in results:
        total.add(r.score)
        print(row(r.topic, r.target, len(r.entities), r.score))
    print("-" * len(HEAD))
    print(row("ALL", "(micro)", sum(bool(r.entities) for r in results), total))
    matched = [r for r in results if r.entities]
    sub = Score()
    for r in matched:
        sub.add(r.score)
    print(row("MATCHED", f"({len(matched)} timelines)", len(matched), sub))
    print()
    print(product_row("PRODUCT", total))
    print(baseline_row(wb, golds))
    # The two topics are the dev halves: a change must help on the one not looked at.
    for topic in TOPICS:
        half = Score()
        for r in results:
            if r.topic == topic:
                half.add(r.score)
        print(product_row(f"  half {topic}: PRODUCT", half))
        print("  " + baseline_row(wb, [g for g in golds if g.topic == topic]))
    print("The goal figure is the first one (every dated gold event); 'of the citable' leaves"
          "\nout events no entry can cite (a sentence made a heading, a missing document).")
    print("\nR = found/gold; Rdat = found/dated gold; P = cited paragraphs holding a gold event;"
          "\ndateOK = date right/found dated; mGold/mR = cross-document gold pairs and share "
          "merged;\nmProd/mP = judged product merged pairs and share that are gold pairs.")
    unmatched = [r for r in results if not r.entities]
    if unmatched:
        print("\ngold targets with no matching entity (name or alias, case-insensitive):")
        for r in unmatched:
            near = near_entities(wb, r.target)
            print(f"  {r.topic}/{r.target}: nearest product entities: {', '.join(near) or '-'}")
    for r in results:
        if r.entities:
            print(f"  matched {r.target!r} -> {', '.join(r.entities)}")
    misses = [m for r in results for m in r.misses]
    kinds = Counter(m["kind"] for m in misses)
    print(f"\ndated gold events missed or misdated: {len(misses)}: "
          + ", ".join(f"{k} {n}" for k, n in kinds.most_common()))
    if args.misses:
        step = max(1, len(misses) // args.misses)
        for m in misses[::step][: args.misses]:
            extra = f" product={m.get('product')}" if "product" in m else ""
            print(f"  [{m['kind']}] {m['target']} {m['gold']} gold={m['gold_date']}{extra}\n"
                  f"      {m['text'][:150]}")
    unmerged = [(r.target, p) for r in results for p in r.unmerged]
    print(f"\nunmerged gold pairs on matched timelines: {len(unmerged)}: "
          + ", ".join(f"{k} {n}" for k, n in Counter(_pair_kind(p) for _, p in unmerged)
                      .most_common()))
    # The merge joins reports at the same date at compatible granularity: merging
    # alone can reach only the unmerged pairs whose sides' dates are compatible; the rest
    # need a date changed, an event found or an entity attached first.
    reachable = sum(_pair_kind(p) in MERGEABLE for _, p in unmerged)
    print(f"merge recall if every unmerged pair with compatible dates were merged: "
          f"{_pct(total.gold_pairs_merged + reachable, total.gold_pairs).strip()}% "
          f"({total.gold_pairs_merged}+{reachable}/{total.gold_pairs})")
    print("examples (each side: the product's date on the entity timeline, or why none):")
    for target, pair in unmerged[:: max(1, len(unmerged) // 8)][:8]:
        print(f"  {target}: {pair}")
    write_result("timeline", {
        "total": asdict(total), "matched_total": asdict(sub),
        "timelines": [{"topic": r.topic, "target": r.target, "entities": r.entities,
                       "score": asdict(r.score), "misses": r.misses,
                       "unmerged_pairs": r.unmerged} for r in results],
        "miss_kinds": dict(kinds),
        "merge_reachable": reachable,
    })
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
