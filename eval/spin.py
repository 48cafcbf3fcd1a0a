"""Evaluate spin detection: `python -m eval.spin [--dev]`.

Negatives: clean BBC articles (all five sections, so entertainment/tech/sport jargon is included).
Positives: the same articles run through eval/spinner.py at 10%, 25% and 50% of eligible words
(seeded). Two spinners: "full" (the whole spinner table) and "held-out" (every pair the detector's
data files know, and every output a fingerprint matches, removed) -- the held-out rows measure the
detector on substitutions it has never seen. `--dev` uses a disjoint set of articles (the one the
thresholds were set on) and prints the register-share distribution.
Also: the two seed articles, and alignment_signal (generator/link/spin_alignment.py).
"""

from __future__ import annotations

import random
import sys
from collections import Counter
from pathlib import Path

from eval.common import corpora_dir
from eval.spinner import TABLE, SpinTable, spin
from generator.analyse.quality import _tokens, assess, fingerprints, known_pairs, register_rarity
from generator.link.spin_alignment import alignment_signal

ROOT = Path(__file__).resolve().parents[1]
SECTIONS = ("business", "entertainment", "politics", "sport", "tech")
STRENGTHS = (0.10, 0.25, 0.50)
PER_SECTION = 40
SEEDS = ROOT / "seeds"


def pick_articles(bbc: Path, dev: bool) -> list[str]:
    """40 per section; test and dev sets are disjoint halves of one seeded shuffle."""
    texts = []
    for section in SECTIONS:
        files = sorted((bbc / section).glob("*.txt"))
        random.Random(f"spin-{section}").shuffle(files)
        chosen = files[PER_SECTION : 2 * PER_SECTION] if dev else files[:PER_SECTION]
        texts += [f.read_text(encoding="latin-1") for f in chosen]
    return texts


def held_out_table() -> SpinTable:
    known = known_pairs()
    patterns = [p for p, _ in fingerprints()]
    kept = {}
    for key, syns in TABLE.entries.items():
        left = tuple(
            s
            for s in syns
            if (key, s) not in known and not any(p.fullmatch(s) or p.search(s) for p in patterns)
        )
        if left:
            kept[key] = left
    return SpinTable(kept)


def sub_signals(text: str) -> set[str]:
    """Which detector parts fired, keyed by the reason's signal and its detail wording."""
    fired = set()
    for r in assess(text).reasons:
        if r.signal == "spun-phrase":
            fired.add("phrase-table" if r.weight >= 0.4 else "phrase-nearmiss")
        elif r.signal == "collocation":
            if "spinner idiom" in r.detail:
                fired.add("fingerprint")
            elif "attributed" in r.detail:
                fired.add("attribution")
            else:
                fired.add("register")
    return fired


PARTS = ("phrase-table", "phrase-nearmiss", "fingerprint", "attribution", "register")


def evaluate(texts: list[str]) -> None:
    clean_flags = [assess(t).spun for t in texts]
    fp = sum(clean_flags)
    clean_parts = Counter(p for t in texts for p in sub_signals(t))
    print(f"negatives: {len(texts)} clean BBC articles, flagged spun: {fp}")
    print("clean fire rate per part: " + ", ".join(f"{p} {clean_parts[p]}" for p in PARTS))
    print()
    head = f"{'spinner':<9}{'str':>5}{'subs/art':>9}{'P':>7}{'R':>7}  " + "".join(
        f"{p:>16}" for p in PARTS
    )
    print(head + "   (per-part recall)")
    print("-" * len(head))
    tables = (("full", TABLE), ("held-out", held_out_table()))
    for name, table in tables:
        for strength in STRENGTHS:
            tp, subs, parts = 0, 0, Counter()
            for i, text in enumerate(texts):
                spun, n = spin(text, strength, seed=i, table=table)
                subs += n
                tp += assess(spun).spun
                parts.update(sub_signals(spun))
            precision = f"{tp / (tp + fp):.2f}" if tp + fp else "n/a"
            recall = tp / len(texts)
            per_art = subs / len(texts)
            row = f"{name:<9}{strength:>5.0%}{per_art:>9.1f}{precision:>7}{recall:>7.2f}  "
            print(row + "".join(f"{parts[p] / len(texts):>16.2f}" for p in PARTS))
    print(f"(held-out spinner keeps {len(tables[1][1].pairs())} of {len(TABLE.pairs())} pairs)")


def evaluate_alignment(texts: list[str]) -> None:
    print("\nalignment_signal, held-out spinner (want: spun all, original none, clean none):")
    table = held_out_table()
    n = len(texts)
    for strength in STRENGTHS:
        spun_hit = orig_hit = other_hit = 0
        for i, text in enumerate(texts):
            spun, _ = spin(text, strength, seed=i, table=table)
            other = texts[(i + 1) % n]
            spun_hit += alignment_signal(spun, [other, text]) is not None
            orig_hit += alignment_signal(text, [other, spun]) is not None
            other_hit += alignment_signal(text, [other]) is not None
        print(
            f"  {strength:>4.0%}  spun vs [unrelated, original] {spun_hit}/{n}   "
            f"original vs [unrelated, spun] {orig_hit}/{n}   clean vs [unrelated] {other_hit}/{n}"
        )


def evaluate_news_pairs(pairs_file: Path) -> None:
    """Real web news excerpts (SemEval 2022 sample): how often is anything called spun?"""
    if not pairs_file.exists():
        return
    texts = []
    for row in pairs_file.read_text(encoding="utf-8").splitlines()[1:]:
        cols = row.split("\t")
        texts += [c.replace("\\n", "\n") for c in cols[8:10]]
    flagged = [t for t in texts if assess(t).spun]
    print(f"\nnews-pairs excerpts (real web news, unlabelled): {len(flagged)}/{len(texts)} spun")


def evaluate_seeds() -> None:
    s000 = SEEDS / "000_82f1fc805ef2a3d3.txt"
    s004 = SEEDS / "004_7ea99317f4e942c8.txt"
    if not (s000.exists() and s004.exists()):
        print("\nseeds not found; skipped")
        return
    a, b = s000.read_text(encoding="utf-8"), s004.read_text(encoding="utf-8")
    qa, qb = assess(a), assess(b)
    print("\nseeds:")
    n_subs = len(qa.substitutions)
    print(f"  000 (spun AP copy)      spun={qa.spun} score={qa.score:.2f} subs={n_subs}")
    print(f"  004 (clean paraphrase)  spun={qb.spun} score={qb.score:.2f}")
    print(f"  alignment 000 vs [004]: {alignment_signal(a, [b]) is not None}")
    print(f"  alignment 004 vs [000]: {alignment_signal(b, [a]) is not None}")


def register_distribution(texts: list[str]) -> None:
    table = held_out_table()
    for label, strength in (("clean", 0.0), ("10%", 0.1), ("25%", 0.25), ("50%", 0.5)):
        shares = sorted(
            register_rarity(_tokens(spin(t, strength, seed=i, table=table)[0] if strength else t))[
                0
            ]
            for i, t in enumerate(texts)
        )
        q = [shares[int(k * (len(shares) - 1))] for k in (0.5, 0.9, 0.98, 1.0)]
        quantiles = f"p50 {q[0]:.3f} p90 {q[1]:.3f} p98 {q[2]:.3f} max {q[3]:.3f}"
        print(f"register ratio {label:>5}: {quantiles}")


def main(argv: list[str] | None = None) -> int:
    bbc = corpora_dir() / "bbc"
    if not bbc.is_dir():
        print(f"skipped: corpus not found at {bbc}")
        return 0
    dev = "--dev" in (sys.argv[1:] if argv is None else argv)
    texts = pick_articles(bbc, dev)
    print(
        f"set: {'dev' if dev else 'test'}; {len(texts)} articles, {PER_SECTION} per BBC section\n"
    )
    if dev:
        register_distribution(texts)
    evaluate(texts)
    evaluate_alignment(texts)
    evaluate_news_pairs(corpora_dir() / "news-pairs" / "pairs.tsv")
    evaluate_seeds()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
