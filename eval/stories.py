"""Evaluate story grouping: agreement with human same-story scores, duplicates, and speed.

Run from the repo root: ``python -m eval.stories``. Corpora come from ``$NEWSDIGEST_CORPORA``
or ``../shared/corpora``; a missing corpus is reported as skipped.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import json
import os
import random
import re
import sys
import time
from pathlib import Path

from eval.common import corpora_dir, pearson
from generator.link.grouping import SAME_STORY
from generator.link.scoring import Scorer
from generator.link.stories import StoryInput, build_stories

ROOT = Path(__file__).resolve().parent.parent
DATE = datetime.date(2005, 1, 1)


# --------------------------------------------------------------------------------------------
# (1) human-scored pairs


def load_pairs(path: Path) -> list[tuple[str, float, StoryInput, StoryInput]]:
    csv.field_size_limit(sys.maxsize)
    rows = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            id1, id2 = row["pair_id"].split("_")
            texts = [row["text1"].replace("\\n", "\n"), row["text2"].replace("\\n", "\n")]
            a = StoryInput(id=id1, title="", text=texts[0].strip(), date=DATE)
            b = StoryInput(id=id2, title="", text=texts[1].strip(), date=DATE)
            rows.append((row["pair_id"], float(row["overall"]), a, b))
    return rows


CALIBRATION = (0.1, 0.15, 0.2, 0.25, 0.3)  # average-link cuts shown beside the build's


def pair_scores(pairs: list, articles: dict[str, StoryInput]) -> list[float]:
    """The build's own pair score (scoring.Scorer), IDF over all the pair texts."""
    items = list(articles.values())
    index = {it.id: k for k, it in enumerate(items)}
    scorer = Scorer(items)
    return scorer.score([index[a.id] for _, _, a, b in pairs],
                        [index[b.id] for _, _, a, b in pairs]).tolist()


def grouped_share(pairs: list, articles: dict[str, StoryInput], threshold: float) -> dict:
    """All texts through the build's grouping; share of close pairs together, far apart."""
    stories = build_stories(list(articles.values()), threshold=threshold)
    story_of = {aid: s.id for s in stories for aid in s.articles}
    together = [(score, story_of[a.id] == story_of[b.id]) for _, score, a, b in pairs]
    close = [t for score, t in together if score <= 1.5]
    far = [t for score, t in together if score >= 3.5]
    return {"close_pairs": len(close), "far_pairs": len(far), "stories": len(stories),
            "close_grouped": sum(close) / len(close) if close else float("nan"),
            "far_apart": (len(far) - sum(far)) / len(far) if far else float("nan")}


def eval_pairs(path: Path) -> dict:
    pairs = load_pairs(path)
    articles: dict[str, StoryInput] = {}
    for _, _, a, b in pairs:
        for it in (a, b):
            articles.setdefault(it.id, it)
    neg_scores = [-score for _, score, _, _ in pairs]
    result = {"pairs": len(pairs), "articles": len(articles),
              "pearson": pearson(pair_scores(pairs, articles), neg_scores)}
    result.update(grouped_share(pairs, articles, SAME_STORY))
    result["calibration"] = {str(t): grouped_share(pairs, articles, t) for t in CALIBRATION}
    return result


# --------------------------------------------------------------------------------------------
# (2) BBC: duplicates and speed


def load_bbc(folder: Path) -> list[tuple[str, bytes]]:
    out = []
    for path in sorted(folder.glob("*/*.txt")):
        out.append((f"{path.parent.name}/{path.stem}", path.read_bytes()))
    return out


def to_input(aid: str, raw: bytes) -> StoryInput:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    title, _, body = text.strip().partition("\n")
    return StoryInput(id=aid, title=title.strip(), text=body.strip(), date=DATE)


def edited_copy(item: StoryInput, copy_no: int, rng: random.Random) -> StoryInput:
    """A replica with ~3% of words dropped, doubled or swapped with a neighbour."""
    toks = item.text.split(" ")
    for _ in range(max(1, len(toks) // 33)):
        k = rng.randrange(len(toks))
        op = rng.randrange(3)
        if op == 0 and len(toks) > 1:
            del toks[k]
        elif op == 1:
            toks.insert(k, toks[k])
        elif k + 1 < len(toks):
            toks[k], toks[k + 1] = toks[k + 1], toks[k]
    return StoryInput(id=f"{item.id}#r{copy_no}", title=item.title, text=" ".join(toks), date=DATE)


_CAPS = re.compile(r"(?<![.!?]\s)\b([A-Z][a-z]+(?:\s+[A-Z][a-z]+)+)\b")


def approx_entities(item: StoryInput) -> StoryInput:
    """Cheap stand-in for the entity step: runs of two or more capitalised words."""
    ents = tuple(sorted({m.lower().replace(" ", "-") for m in _CAPS.findall(item.text)}))
    return StoryInput(item.id, item.title, item.text, item.date, ents)


def eval_bbc(folder: Path, factors: list[int]) -> dict:
    raw = load_bbc(folder)
    by_hash: dict[str, list[str]] = {}
    for aid, data in raw:
        by_hash.setdefault(hashlib.md5(data).hexdigest(), []).append(aid)
    truth = {tuple(sorted(ids)) for ids in by_hash.values() if len(ids) == 2}
    base = [to_input(aid, data) for aid, data in raw]

    rows = []
    for label, items0 in (
        ("no entities", base),
        ("approx. entities", [approx_entities(i) for i in base]),
    ):
        for factor in factors:
            rng = random.Random(1234)
            items = list(items0)
            for copy_no in range(1, factor):
                items += [edited_copy(it, copy_no, rng) for it in items0]
            if label != "no entities":
                items = [approx_entities(i) for i in items]
            start = time.perf_counter()
            stories = build_stories(items)
            elapsed = time.perf_counter() - start
            dup_pairs = {
                tuple(sorted((copy, orig)))
                for s in stories
                for copy, orig in s.duplicates.items()
                if "#" not in copy and "#" not in orig
            }
            rows.append(
                {
                    "entities": label,
                    "factor": factor,
                    "articles": len(items),
                    "stories": len(stories),
                    "seconds": elapsed,
                    "exact_dups_found": len(truth & dup_pairs),
                    "other_dup_pairs": len(dup_pairs - truth),
                    "replicas_marked_dup": sum(
                        1 for s in stories for c in s.duplicates if "#" in c
                    ),
                }
            )
    return {"truth_pairs": len(truth), "rows": rows}


# --------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    quick = "--quick" in (sys.argv[1:] if argv is None else argv)  # 1x BBC timing only
    root = corpora_dir()
    results: dict = {}
    pairs_path = root / "news-pairs" / "pairs.tsv"
    if pairs_path.exists():
        r = eval_pairs(pairs_path)
        results["news_pairs"] = r
        print(f"(1) news-pairs: {r['pairs']} pairs, {r['articles']} articles, one shared date")
        print("    similarity is high for the same story; human score 1 = same, 4 = unrelated,")
        print("    so Pearson is reported against -overall (published anchor 0.87).")
        print(f"    {'measure':<52}{'value':>8}")
        table = [
            ("Pearson(build's pair score, -overall)", f"{r['pearson']:.3f}"),
            (f"pairs <= 1.5 grouped together (n={r['close_pairs']})", f"{r['close_grouped']:.1%}"),
            (f"pairs >= 3.5 kept apart (n={r['far_pairs']})", f"{r['far_apart']:.1%}"),
        ]
        for name, value in table:
            print(f"    {name:<52}{value:>8}")
        print(f"    calibration of the average-link cut (build: {SAME_STORY}):")
        for cut, c in r["calibration"].items():
            print(f"      cut {cut:<5} same-story pairs grouped {c['close_grouped']:>6.1%}   "
                  f"unrelated pairs apart {c['far_apart']:>6.1%}   stories {c['stories']}")
    else:
        print(f"skipped: corpus not found at {pairs_path}")

    bbc = root / "bbc"
    if bbc.exists():
        default = "1" if quick else "1,2,4"
        factors = [int(f) for f in os.environ.get("STORIES_FACTORS", default).split(",")]
        r = eval_bbc(bbc, factors)
        results["bbc"] = r
        print("\n(2) BBC: build_stories time; replicas have ~3% random word edits (seed 1234);")
        print(f"    {r['truth_pairs']} exact-duplicate file pairs expected.")
        head = f"    {'entities':<18}{'x':>3}{'articles':>10}{'stories':>9}{'seconds':>9}"
        head += (
            f"{'s/1k art':>10}{'vs 1x':>7}{'exact dups':>12}{'other dup':>11}{'replica dup':>13}"
        )
        print(head)
        base_time: dict[str, float] = {}
        for row in r["rows"]:
            base_time.setdefault(row["entities"], row["seconds"] / row["factor"])
            ratio = row["seconds"] / base_time[row["entities"]]
            print(
                f"    {row['entities']:<18}{row['factor']:>3}{row['articles']:>10}"
                f"{row['stories']:>9}"
                f"{row['seconds']:>9.2f}{1000 * row['seconds'] / row['articles']:>10.2f}"
                f"{ratio:>7.1f}{row['exact_dups_found']:>12}{row['other_dup_pairs']:>11}"
                f"{row['replicas_marked_dup']:>13}"
            )
    else:
        print(f"skipped: corpus not found at {bbc}")

    out = ROOT / "eval" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "stories.json").write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
