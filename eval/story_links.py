"""News-pairs with the product's own entities: does entity overlap help story similarity?

Run from the repo root: ``python -m eval.story_links``.

The 161 human-scored pairs of ``news-pairs/pairs.tsv`` (SemEval-2022 Task 8 sample; overall
1 = same story .. 4 = unrelated) are scored twice with the build's scorer
(``generator.link.scoring.Scorer``): without entities (as eval/stories.py does) and with
the entities the product itself finds:
every text goes through ``generator.analyse.analyse`` (as a cleaned plain-text document), the
mentions of all texts are merged with ``generator.link.entities.merge_entities``, and each
StoryInput gets its article's entity ids (by salience), their types and names, exactly as
``generator.link`` builds them (``scoring.entity_fields``). Reported: Pearson(score, -overall),
IDF over the pair texts,
and, when all texts go through ``build_stories`` together (one date),
the share of pairs scored <= 1.5 that land in one story and of pairs >= 3.5 kept apart.
"""

from __future__ import annotations

import sys
import time
from dataclasses import replace

from eval.common import corpora_dir, pearson, skipped, write_result
from eval.stories import load_pairs, pair_scores
from generator.analyse import analyse
from generator.clean import clean
from generator.config import Settings
from generator.link.entities import merge_entities
from generator.link.scoring import entity_fields
from generator.link.stories import StoryInput, build_stories
from generator.models import RawDocument

Pair = tuple[str, float, StoryInput, StoryInput]


def unique_articles(pairs: list[Pair]) -> dict[str, StoryInput]:
    articles: dict[str, StoryInput] = {}
    for _, _, a, b in pairs:
        for item in (a, b):
            articles.setdefault(item.id, item)
    return articles


def with_product_entities(articles: dict[str, StoryInput]) -> dict[str, StoryInput]:
    """Each article with the entity ids and types the product's analyse + merge give it."""
    settings = Settings()
    mentions = {}
    for aid, item in sorted(articles.items()):
        raw = RawDocument(seed=f"{aid}.txt", format="txt", text=item.text, declared={},
                          content_hash=aid)
        mentions[aid] = analyse(clean(raw), settings).analysis.mentions
    entities, per_article = merge_entities(mentions)
    by_id = {e.id: e for e in entities}
    return {aid: replace(item, **entity_fields(aid, per_article, by_id))
            for aid, item in articles.items()}


def score_variant(pairs: list[Pair], articles: dict[str, StoryInput]) -> dict:
    resolved = [(score, articles[a.id], articles[b.id]) for _, score, a, b in pairs]
    target = [-score for score, _, _ in resolved]
    scored = pair_scores([(None, score, a, b) for score, a, b in resolved], articles)
    stories = build_stories(list(articles.values()))
    story_of = {aid: s.id for s in stories for aid in s.articles}
    together = [(score, story_of[a.id] == story_of[b.id]) for score, a, b in resolved]
    close = [t for score, t in together if score <= 1.5]
    far = [t for score, t in together if score >= 3.5]
    return {
        "pearson": pearson(scored, target),
        "close_pairs": len(close),
        "close_grouped": sum(close) / len(close) if close else float("nan"),
        "far_pairs": len(far),
        "far_apart": (len(far) - sum(far)) / len(far) if far else float("nan"),
        "stories": len(stories),
        "mean_entities": sum(len(it.entities) for it in articles.values()) / len(articles),
    }


def main(argv: list[str] | None = None) -> int:
    path = corpora_dir() / "news-pairs" / "pairs.tsv"
    if not path.exists():
        return skipped(path)
    pairs = load_pairs(path)
    articles = unique_articles(pairs)
    start = time.perf_counter()
    entity_articles = with_product_entities(articles)
    seconds = time.perf_counter() - start
    variants = {"no entities": score_variant(pairs, articles),
                "product entities": score_variant(pairs, entity_articles)}
    print(f"news-pairs: {len(pairs)} pairs, {len(articles)} texts; product analysis "
          f"{seconds:.1f}s; Pearson against -overall (1 = same story, 4 = unrelated)")
    names = list(variants)
    print(f"    {'measure':<44}" + "".join(f"{n:>18}" for n in names))
    rows = [
        ("mean entities per text", "mean_entities", "{:.1f}"),
        ("Pearson(build's pair score, -overall)", "pearson", "{:.3f}"),
        ("pairs <= 1.5 in one story", "close_grouped", "{:.1%}"),
        ("pairs >= 3.5 in different stories", "far_apart", "{:.1%}"),
        ("stories built from all texts", "stories", "{}"),
    ]
    for label, key, fmt in rows:
        print(f"    {label:<44}" + "".join(f"{fmt.format(variants[n][key]):>18}" for n in names))
    first = variants[names[0]]
    print(f"    (n = {first['close_pairs']} pairs <= 1.5, {first['far_pairs']} pairs >= 3.5)")
    write_result("story_links", {"pairs": len(pairs), "texts": len(articles),
                                 "analysis_seconds": seconds, "variants": variants})
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
