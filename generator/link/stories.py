"""Group articles that report the same event into stories; mark copies; link related stories.

Pipeline (near-linear in the number of articles):
1. exact copies collapse on a normalised-text key;
2. candidate pairs come from MinHash LSH over word shingles (near copies) and from a
   sorted-neighbourhood index over each article's rarest terms and its entity ids (same event
   in other words) -- never from all pairs;
3. candidates are scored with TF-IDF cosine, shingle Jaccard, entity overlap and date distance;
4. average-link agglomeration over the candidate graph forms stories (no single-link chaining);
5. leftover cross-story candidate pairs become "related" links with human-readable reasons.
"""

from __future__ import annotations

import datetime
import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from generator.link import similarity as sim
from generator.link.story_ids import StoryState, assign_ids

__all__ = [
    "RelatedLink",
    "Story",
    "StoryConfig",
    "StoryInput",
    "build_stories",
    "similarity",
]


@dataclass(frozen=True)
class StoryInput:
    id: str
    title: str
    text: str
    date: datetime.date
    entities: tuple[str, ...] = ()
    entity_types: dict | None = None  # {entity_id: "person" | "organisation" | "place"}


@dataclass(frozen=True)
class RelatedLink:
    story: str
    score: float
    reasons: tuple[str, ...]

    def to_dict(self) -> dict:
        return {"story": self.story, "score": self.score, "reasons": list(self.reasons)}

    @classmethod
    def from_dict(cls, data: dict) -> RelatedLink:
        return cls(story=data["story"], score=float(data["score"]), reasons=tuple(data["reasons"]))


@dataclass
class Story:
    id: str
    articles: list[str]
    duplicates: dict[str, str] = field(default_factory=dict)
    related: list[RelatedLink] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "articles": list(self.articles),
            "duplicates": dict(sorted(self.duplicates.items())),
            "related": [r.to_dict() for r in self.related],
        }

    @classmethod
    def from_dict(cls, data: dict) -> Story:
        return cls(
            id=data["id"],
            articles=list(data["articles"]),
            duplicates=dict(data.get("duplicates", {})),
            related=[RelatedLink.from_dict(r) for r in data.get("related", [])],
        )


@dataclass(frozen=True)
class StoryConfig:
    same_story: float = 0.28  # average-link similarity needed to merge two groups
    link_min: float = 0.28  # a candidate edge must reach this to start a merge
    duplicate_jaccard: float = 0.85  # shingle Jaccard above which an article is a near copy
    date_window_days: int = 3  # same event is usually reported within this many days
    rare_terms_per_article: int = 12  # index keys per article (highest TF-IDF weight)
    neighbours_per_key: int = 8  # sorted-neighbourhood width per index key
    min_shared_keys: int = 2  # index hits needed before a pair is scored
    lsh_bands: int = 16  # 16 bands x 4 rows: ~50% Jaccard is the LSH threshold
    max_bucket: int = 50  # cap pairs from an oversized LSH bucket (boilerplate)
    related_min: float = 0.08  # weakest relation worth showing
    max_related: int = 5
    average_link_sample: int = 25  # members per side used when checking average link


def similarity(a: StoryInput, b: StoryInput, stats: sim.TermStats | None = None) -> float:
    """0..1 similarity of two articles; pass corpus ``stats`` for IDF weighting."""
    ta = sim.content_terms(a.title + "\n" + a.text)
    tb = sim.content_terms(b.title + "\n" + b.text)
    cos = sim.cosine(sim.tfidf_vector(ta, stats), sim.tfidf_vector(tb, stats))
    jac = sim.jaccard(sim.shingle_hashes(a.text), sim.shingle_hashes(b.text))
    ents = sim.entity_overlap(a.entities, b.entities) if a.entities and b.entities else None
    return sim.combine(cos, jac, ents, sim.date_factor(a.date, b.date))


# ---------------------------------------------------------------------------------------------
# Features of the whole collection


class _Corpus:
    """Per-article features for the unique (non exact-copy) articles, in (date, id) order."""

    def __init__(self, items: list[StoryInput], tokens: list[list[str]], config: StoryConfig):
        self.items = items
        self.config = config
        counts = [
            Counter(sim.terms_of_words(sim.words(it.title) + toks))
            for it, toks in zip(items, tokens, strict=True)
        ]
        self.vocab = sorted({t for c in counts for t in c})
        self.df, self.matrix = self._tfidf_matrix(counts)
        self.shingles = [sim.shingles_of_words(toks) for toks in tokens]
        self.signatures = np.vstack([sim.minhash_signature(h) for h in self.shingles])
        self.entities = [frozenset(it.entities) for it in items]
        self.ordinal = np.array([it.date.toordinal() for it in items], dtype=np.int64)

    def _tfidf_matrix(self, counts: list[Counter]) -> tuple[np.ndarray, sparse.csr_matrix]:
        """Row-normalised sublinear TF-IDF (same formula as ``sim.tfidf_vector``)."""
        column = {t: k for k, t in enumerate(self.vocab)}
        indptr, indices, tf = [0], [], []
        for c in counts:
            for t, n in c.items():
                indices.append(column[t])
                tf.append(n)
            indptr.append(len(indices))
        idx = np.array(indices, dtype=np.int64)
        df = np.bincount(idx, minlength=len(self.vocab))
        idf = sim.idf_weight(len(counts), df)
        data = (1.0 + np.log(np.array(tf, dtype=np.float64))) * idf[idx]
        shape = (len(counts), max(1, len(self.vocab)))
        matrix = sparse.csr_matrix((data, idx, np.array(indptr)), shape=shape)
        matrix.sort_indices()
        norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return df, sparse.csr_matrix(sparse.diags(1.0 / norms) @ matrix)

    def score_pairs(self, left: np.ndarray, right: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Vectorised similarity and MinHash-estimated shingle Jaccard for index pairs."""
        if left.size == 0:
            return np.zeros(0), np.zeros(0)
        cos = np.asarray(self.matrix[left].multiply(self.matrix[right]).sum(axis=1)).ravel()
        jac = (self.signatures[left] == self.signatures[right]).mean(axis=1)
        gap = np.abs(self.ordinal[left] - self.ordinal[right])
        window = self.config.date_window_days
        dates = np.where(gap <= window, 1.0, 1.0 / (1.0 + (gap - window) / 7.0))
        scores = np.empty(left.size)
        for k, (i, j) in enumerate(zip(left.tolist(), right.tolist(), strict=True)):
            ents = None
            if self.entities[i] and self.entities[j]:
                ents = sim.entity_overlap(self.entities[i], self.entities[j])
            scores[k] = sim.combine(float(cos[k]), float(jac[k]), ents, float(dates[k]))
        return scores, jac

    def score_one(self, i: int, j: int) -> float:
        jac = float(np.mean(self.signatures[i] == self.signatures[j]))
        ents = None
        if self.entities[i] and self.entities[j]:
            ents = sim.entity_overlap(self.entities[i], self.entities[j])
        gap = abs(int(self.ordinal[i] - self.ordinal[j]))
        window = self.config.date_window_days
        dates = 1.0 if gap <= window else 1.0 / (1.0 + (gap - window) / 7.0)
        return sim.combine(self.cosine(i, j), jac, ents, dates)

    def index_keys(self, i: int) -> list[str]:
        """The article's highest-weighted terms seen elsewhere (df >= 2) and its entity ids."""
        lo, hi = self.matrix.indptr[i], self.matrix.indptr[i + 1]
        cols, weights = self.matrix.indices[lo:hi], self.matrix.data[lo:hi]
        keep = self.df[cols] >= 2
        cols, weights = cols[keep], weights[keep]
        top = cols[np.lexsort((cols, -weights))[: self.config.rare_terms_per_article]]
        keys = ["t:" + self.vocab[c] for c in top.tolist()]
        return keys + ["e:" + e for e in sorted(self.entities[i])]

    def row(self, i: int) -> dict[int, float]:
        lo, hi = self.matrix.indptr[i], self.matrix.indptr[i + 1]
        cols, weights = self.matrix.indices[lo:hi].tolist(), self.matrix.data[lo:hi].tolist()
        return dict(zip(cols, weights, strict=True))

    def cosine(self, i: int, j: int) -> float:
        ri, rj = self.row(i), self.row(j)
        return sum(w * rj.get(c, 0.0) for c, w in sorted(ri.items()))

    def group_terms(self, members: list[int]) -> dict[int, float]:
        acc: dict[int, float] = defaultdict(float)
        for i in members:
            for c, w in self.row(i).items():
                acc[c] += w
        return acc

    def shared_terms(self, a: dict[int, float], b: dict[int, float], limit: int = 5) -> list[str]:
        """Terms weighing most in both groups of articles, for a human-readable reason."""
        if len(a) > len(b):
            a, b = b, a
        common = sorted((c for c in a if c in b), key=lambda c: (-a[c] * b[c], c))[:limit]
        return [self.vocab[c] for c in common]


# ---------------------------------------------------------------------------------------------
# Candidate generation


def _lsh_pairs(corpus: _Corpus) -> set[tuple[int, int]]:
    """Pairs colliding in at least one MinHash band."""
    cfg = corpus.config
    sigs = corpus.signatures
    rows = sim.NUM_PERM // cfg.lsh_bands
    pairs: set[tuple[int, int]] = set()
    for band in range(cfg.lsh_bands):
        buckets: dict[bytes, list[int]] = defaultdict(list)
        block = np.ascontiguousarray(sigs[:, band * rows : (band + 1) * rows])
        for i in range(block.shape[0]):
            if corpus.shingles[i].size:
                buckets[block[i].tobytes()].append(i)
        for members in buckets.values():
            for pos, j in enumerate(members[1:], start=1):
                for i in members[max(0, pos - cfg.max_bucket) : pos]:
                    pairs.add((i, j))
    return pairs


def _index_pairs(corpus: _Corpus) -> set[tuple[int, int]]:
    """Sorted neighbourhood over rare terms and entities: each article meets the next few
    articles (in date order) that share a key, and a pair must share ``min_shared_keys``."""
    cfg = corpus.config
    postings: dict[str, list[int]] = defaultdict(list)
    for i in range(len(corpus.items)):  # items are in (date, id) order already
        for key in corpus.index_keys(i):
            postings[key].append(i)
    hits: dict[tuple[int, int], int] = defaultdict(int)
    for members in postings.values():
        for pos, i in enumerate(members):
            for j in members[pos + 1 : pos + 1 + cfg.neighbours_per_key]:
                hits[(i, j)] += 1
    return {pair for pair, n in hits.items() if n >= cfg.min_shared_keys}


# ---------------------------------------------------------------------------------------------
# Grouping


class _Groups:
    """Union-find whose merges must pass an average-link test (guards against chaining)."""

    def __init__(self, corpus: _Corpus, scores: dict[tuple[int, int], float]):
        self.corpus = corpus
        self.scores = scores
        self.parent = list(range(len(corpus.items)))
        self.members = {i: [i] for i in range(len(corpus.items))}

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def pair_score(self, i: int, j: int) -> float:
        key = (i, j) if i < j else (j, i)
        if key not in self.scores:  # not a candidate: score it now (small groups only)
            self.scores[key] = self.corpus.score_one(*key)
        return self.scores[key]

    def average_link(self, ra: int, rb: int) -> float:
        n = self.corpus.config.average_link_sample
        left, right = self.members[ra][:n], self.members[rb][:n]
        total = sum(self.pair_score(i, j) for i in left for j in right)
        return total / (len(left) * len(right))

    def union(self, ra: int, rb: int) -> None:
        keep, gone = min(ra, rb), max(ra, rb)  # lower index = earlier article stays root
        self.parent[gone] = keep
        self.members[keep] = sorted(self.members[keep] + self.members.pop(gone))


def _group(corpus: _Corpus, scores: dict[tuple[int, int], float]) -> _Groups:
    cfg = corpus.config
    groups = _Groups(corpus, scores)
    edges = sorted(
        ((s, i, j) for (i, j), s in scores.items() if s >= cfg.link_min),
        key=lambda e: (-e[0], e[1], e[2]),
    )
    for _, i, j in edges:
        ra, rb = groups.find(i), groups.find(j)
        if ra != rb and groups.average_link(ra, rb) >= cfg.same_story:
            groups.union(ra, rb)
    return groups


# ---------------------------------------------------------------------------------------------
# Related links and reasons

_TYPE_LABEL = {"person": "people", "organisation": "organisations", "place": "places",
               "product": "products"}
REASON_ENTITIES = 5  # shared entities named in one reason line, most distinctive first
ENTITY_WEIGHT_FLOOR = 0.25  # weight of an entity found in every article


def _reasons(
    entities: set[str],
    types: dict[str, str],
    shared_terms: list[str],
    weight: dict[str, float] | None = None,
) -> tuple[str, ...]:
    weight = weight or {}
    rarest = sorted(entities, key=lambda e: (-weight.get(e, 0.0), e))[:REASON_ENTITIES]
    by_label: dict[str, list[str]] = defaultdict(list)
    for ent in sorted(rarest):
        by_label[_TYPE_LABEL.get(types.get(ent, ""), "entities")].append(ent)
    order = ["people", "organisations", "places", "products", "entities"]
    reasons = [
        f"shared {label}: {', '.join(by_label[label])}" for label in order if by_label[label]
    ]
    if shared_terms:
        reasons.append("shared terms: " + ", ".join(shared_terms))
    return tuple(reasons)


def _entity_weights(corpus: _Corpus) -> dict[str, float]:
    """IDF of each entity over the collection's articles, plus a small floor: an entity in
    every article (the topic's company, its country) weighs little, one in two weighs most."""
    df: Counter[str] = Counter(e for ents in corpus.entities for e in ents)
    n = len(corpus.entities)
    return {e: ENTITY_WEIGHT_FLOOR + float(np.log((n + 1) / k)) for e, k in df.items()}


def _weighted_overlap(a: frozenset[str], b: frozenset[str], weight: dict[str, float]) -> float:
    """Dice overlap of entity sets, each entity counted by its rarity (IDF)."""
    total = sum(weight.get(e, 0.0) for e in a) + sum(weight.get(e, 0.0) for e in b)
    if total <= 0:
        return 0.0
    return 2 * sum(weight.get(e, 0.0) for e in a & b) / total


def _pick_links(
    pairs: list[tuple[float, int, int]], limit: int
) -> dict[int, list[tuple[float, int]]]:
    """Top links per story, symmetric where room allows: pairs are taken best first into both
    stories' lists while both have room, then lists with room left take their best remaining
    candidates. So A lists B without B listing A only when B's list is full of better links."""
    chosen: dict[int, list[tuple[float, int]]] = defaultdict(list)
    taken: set[tuple[int, int]] = set()
    for score, ra, rb in pairs:
        if len(chosen[ra]) < limit and len(chosen[rb]) < limit:
            chosen[ra].append((score, rb))
            chosen[rb].append((score, ra))
            taken.add((ra, rb))
    for score, ra, rb in pairs:
        if (ra, rb) in taken:
            continue
        for own, other in ((ra, rb), (rb, ra)):
            if len(chosen[own]) < limit:
                chosen[own].append((score, other))
    return chosen


def _related(
    corpus: _Corpus,
    groups: _Groups,
    scores: dict[tuple[int, int], float],
    root_to_story: dict[int, str],
) -> dict[str, list[RelatedLink]]:
    """Best cross-story candidate score plus rarity-weighted entity overlap per story pair;
    a few links per story, symmetric where possible."""
    cfg = corpus.config
    best: dict[tuple[int, int], float] = {}
    for (i, j), s in scores.items():
        ra, rb = groups.find(i), groups.find(j)
        if ra != rb:
            key = (min(ra, rb), max(ra, rb))
            best[key] = max(best.get(key, 0.0), s)
    ents = {
        r: frozenset().union(*(corpus.entities[i] for i in m)) for r, m in groups.members.items()
    }
    weight = _entity_weights(corpus)
    pairs: list[tuple[float, int, int]] = []
    for (ra, rb), text_score in sorted(best.items()):
        overlap = _weighted_overlap(ents[ra], ents[rb], weight)
        score = round(min(1.0, text_score + 0.5 * overlap), 4)
        if score >= cfg.related_min:
            pairs.append((score, ra, rb))
    pairs.sort(key=lambda p: (-p[0], root_to_story[p[1]], root_to_story[p[2]]))
    chosen = _pick_links(pairs, cfg.max_related)
    types: dict[str, str] = {}
    for it in corpus.items:
        types.update(it.entity_types or {})
    reasons_cache: dict[tuple[int, int], tuple[str, ...]] = {}
    terms_cache: dict[int, dict[int, float]] = {}

    def terms(root: int) -> dict[int, float]:
        if root not in terms_cache:
            terms_cache[root] = corpus.group_terms(groups.members[root])
        return terms_cache[root]

    def reasons(ra: int, rb: int) -> tuple[str, ...]:
        key = (min(ra, rb), max(ra, rb))
        if key not in reasons_cache:  # only for links that survive the top-k cut
            shared = ents[ra] & ents[rb]
            common = [] if shared else corpus.shared_terms(terms(ra), terms(rb))
            reasons_cache[key] = _reasons(set(shared), types, common, weight)
        return reasons_cache[key]

    links: dict[str, list[RelatedLink]] = {}
    for root in sorted(chosen):
        top = sorted(chosen[root], key=lambda c: (-c[0], root_to_story[c[1]]))
        links[root_to_story[root]] = [
            RelatedLink(story=root_to_story[other], score=score, reasons=reasons(root, other))
            for score, other in top
        ]
    return links


# ---------------------------------------------------------------------------------------------
# Duplicates


def _duplicate_map(
    corpus: _Corpus, scores_jac: dict[tuple[int, int], float], exact: dict[str, str]
) -> dict[str, str]:
    """Article id -> earliest copy. Near copies are confirmed with exact shingle Jaccard."""
    cfg = corpus.config
    parent = list(range(len(corpus.items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for (i, j), est in sorted(scores_jac.items()):
        if est >= cfg.duplicate_jaccard - 0.15:  # MinHash estimate is noisy; confirm exactly
            exact_j = sim.jaccard(corpus.shingles[i], corpus.shingles[j])
            if exact_j >= cfg.duplicate_jaccard:
                ri, rj = find(i), find(j)
                parent[max(ri, rj)] = min(ri, rj)
    dups = {
        corpus.items[i].id: corpus.items[find(i)].id for i in range(len(parent)) if find(i) != i
    }
    for copy, original in exact.items():
        dups[copy] = dups.get(original, original)
    return dups


def _story_id(earliest_article_id: str) -> str:
    return "story-" + hashlib.sha1(earliest_article_id.encode()).hexdigest()[:12]


# ---------------------------------------------------------------------------------------------


@dataclass
class Grouped:
    stories: list[Story]
    moved: dict[str, str]  # story id merged away -> the story it went to


def build_stories(items: list[StoryInput], config: StoryConfig | None = None) -> list[Story]:
    """Stories ordered by their earliest article; every input article is in exactly one."""
    return group_stories(items, config).stories


def group_stories(items: list[StoryInput], config: StoryConfig | None = None,
                  previous: StoryState | None = None) -> Grouped:
    """Stories (ids continuing ``previous``) and the ids that moved."""
    cfg = config or StoryConfig()
    ordered = sorted(items, key=lambda it: (it.date, it.id))
    ids = [it.id for it in ordered]
    if len(set(ids)) != len(ids):
        raise ValueError("article ids must be unique")
    if not ordered:
        return Grouped([], {})

    unique, tokens, exact = _split_exact_copies(ordered)
    corpus = _Corpus(unique, tokens, cfg)
    pairs = sorted(_lsh_pairs(corpus) | _index_pairs(corpus))
    left = np.array([p[0] for p in pairs], dtype=np.int64)
    right = np.array([p[1] for p in pairs], dtype=np.int64)
    score_arr, jac_arr = corpus.score_pairs(left, right)
    scores = {p: float(s) for p, s in zip(pairs, score_arr.tolist(), strict=True)}
    jacs = {p: float(j) for p, j in zip(pairs, jac_arr.tolist(), strict=True)}

    groups = _group(corpus, dict(scores))
    duplicates = _duplicate_map(corpus, jacs, exact)
    copies_of: dict[str, list[str]] = defaultdict(list)
    for copy, original in exact.items():
        copies_of[original].append(copy)

    by_id = {it.id: it for it in ordered}
    roots = sorted(groups.members)  # root = earliest member index -> stable story order
    rank = {it.id: (it.date, it.id) for it in ordered}
    member_lists = []
    for r in roots:
        ids_r = [unique[i].id for i in groups.members[r]]
        ids_r += [c for m in ids_r for c in copies_of.get(m, [])]
        member_lists.append(sorted(ids_r, key=lambda a: rank[a]))
    story_ids, moved = assign_ids(member_lists, rank, previous or StoryState())
    root_to_story = dict(zip(roots, story_ids, strict=True))
    related = _related(corpus, groups, scores, root_to_story)
    stories = []
    for r in roots:
        member_ids = [unique[i].id for i in groups.members[r]]
        member_ids += [c for m in member_ids for c in copies_of.get(m, [])]
        member_ids.sort(key=lambda a: (by_id[a].date, a))
        sid = root_to_story[r]
        stories.append(
            Story(
                id=sid,
                articles=member_ids,
                duplicates=_duplicates_within(member_ids, duplicates, exact),
                related=related.get(sid, []),
            )
        )
    return Grouped(stories, moved)


def _duplicates_within(member_ids: list[str], duplicates: dict[str, str],
                       exact: dict[str, str]) -> dict[str, str]:
    """Copy -> original, both in this story. A near copy whose original went to another story
    (dated weeks apart, say) keeps its own page; an exact copy always sits with its original."""
    members = set(member_ids)
    within: dict[str, str] = {}
    for article in member_ids:
        original = duplicates.get(article)
        if original not in members:
            original = exact.get(article)
        if original in members:
            within[article] = original
    return within


def _split_exact_copies(
    ordered: list[StoryInput],
) -> tuple[list[StoryInput], list[list[str]], dict[str, str]]:
    """Keep the earliest of each exact-text group (with its body tokens); map later copies."""
    first: dict[str, str] = {}
    unique: list[StoryInput] = []
    tokens: list[list[str]] = []
    exact: dict[str, str] = {}
    for it in ordered:
        toks = sim.words(it.text) or sim.words(it.title)
        key = sim.exact_key(toks)
        if key in first:
            exact[it.id] = first[key]
        else:
            first[key] = it.id
            unique.append(it)
            tokens.append(toks)
    return unique, tokens, exact
