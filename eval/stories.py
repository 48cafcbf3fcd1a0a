"""Evaluate story grouping: agreement with human same-story scores, duplicates, and speed.

Run from the repo root: ``python -m eval.stories``. Corpora come from ``$NEWSDIGEST_CORPORA``
or ``../shared/corpora``; a missing corpus is reported as skipped.

(3) ``--merges N`` (default 30, none with ``--quick``; 0 skips it): the 2,225 BBC articles
through the real build (ingest .. link, the bench's pseudo dates and outlets from
``bench.corpus``), then N pairs of reports the build put in one story (copies left out),
chosen by a hash of their ids, printed for a person to judge "one event or only one topic?".
BBC has no event labels and one outlet, so this is the precision check that multi-outlet sets
cannot give; the sample is the same on every run of the same build, so a judged count can be
re-checked. The link stage's own time (in process, with the load average) is printed beside it.
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
import tempfile
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


# --------------------------------------------------------------------------------------------
# (3) BBC through the build: a reproducible sample of merged pairs to judge


MERGES_SAMPLE = 30


def bbc_merges(folder: Path, sample: int) -> dict:
    """Build BBC 1x as the bench does; story counts, link time, ``sample`` merged pairs."""
    from bench.corpus import load_bbc as bench_corpus
    from bench.corpus import write_seeds
    from generator.config import Settings
    from generator.pipeline import build_digest

    with tempfile.TemporaryDirectory(prefix="stories-bbc-") as tmp:
        seeds = Path(tmp) / "seeds"
        seeds.mkdir()
        write_seeds(seeds, bench_corpus(folder), 1)
        settings = Settings(seeds=seeds, docs=Path(tmp) / "docs",
                            cache=ROOT / ".cache" / "eval-stories-bbc")
        timings: dict[str, float] = {}
        digest, _ = build_digest(settings, timings, story_state=Path(tmp) / "no-state.json")
    load = os.getloadavg()[0]
    by_id = {a.id: a for a in digest.articles}
    pairs = []
    for story in digest.links.stories:
        members = [a for a in story.articles if a not in story.duplicates]
        pairs += [(a, b) for k, a in enumerate(members) for b in members[k + 1:]]
    pairs.sort(key=lambda p: hashlib.sha1(f"{p[0]} {p[1]}".encode()).hexdigest())
    sizes = sorted((len(s.articles) - len(s.duplicates) for s in digest.links.stories),
                   reverse=True)
    shown = [{"a": by_id[a].title, "a_date": by_id[a].date[:10],
              "b": by_id[b].title, "b_date": by_id[b].date[:10]} for a, b in pairs[:sample]]
    return {"articles": len(digest.articles), "stories": len(digest.links.stories),
            "multi_report": sum(1 for n in sizes if n > 1), "largest": sizes[:5],
            "merged_pairs": len(pairs), "link_seconds": timings.get("link", float("nan")),
            "load": load, "sample": shown}


def print_merges(r: dict) -> None:
    print(f"\n(3) BBC 1x through the build: {r['articles']} articles -> {r['stories']} stories "
          f"({r['multi_report']} with 2+ reports besides copies; largest {r['largest']}); "
          f"{r['merged_pairs']} merged pairs")
    print(f"    link stage {r['link_seconds']:.2f} s in process (load average {r['load']:.1f})")
    print(f"    {len(r['sample'])} merged pairs by hash of their ids -- judge each: one event, "
          "or only one topic?")
    for k, p in enumerate(r["sample"], 1):
        print(f"    {k:>3}. {p['a_date']} {p['a'][:60]}\n         {p['b_date']} {p['b'][:60]}")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    quick = "--quick" in args  # 1x BBC timing only
    # the BBC build of (3) costs an analysis of 2,225 articles: --quick leaves it out unless asked
    default_sample = 0 if quick else MERGES_SAMPLE
    sample = int(args[args.index("--merges") + 1]) if "--merges" in args else default_sample
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
        if sample > 0:
            results["bbc_merges"] = bbc_merges(bbc, sample)
            print_merges(results["bbc_merges"])
    else:
        print(f"skipped: corpus not found at {bbc}")

    out = ROOT / "eval" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "stories.json").write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
