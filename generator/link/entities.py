"""Merge per-article mentions into canonical entities across articles.

Names are grouped by a spelling-insensitive key (transliteration variants such as
Zelensky/Zelenskyy/Zelenskiy share a key). Then bare surnames ("Trump") attach to the one full
name with that surname seen anywhere ("Donald Trump"), and full names whose surnames are close
spelling variants (difflib ratio >= 0.8) with the same first name are merged. Ambiguous
surnames (two different full names) stay on their own. Output is deterministic.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import asdict, dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

from slugify import slugify

from generator.analyse.entities import ORG, PERSON, PLACE, PRODUCT, TYPES, Mention, translit_key
from generator.link.union_find import UnionFind
from generator.models import in_headline_or_lead

# Surnames this similar (difflib ratio) with the same first name are one person spelt two ways
# ("Muammar Gaddafi"/"Muammar Qadhafi"); "Saif Gaddafi" keeps his own first name apart.
FUZZY_SURNAME_RATIO = 0.8
LEAD_WEIGHT = 2  # extra salience of a mention in the headline or lead: what the report is about
# Types that get an entity page (every type render has a label for: render.common.ENTITY_TYPES).
PAGE_TYPES = (PERSON, ORG, PLACE, PRODUCT)


@dataclass
class Entity:
    id: str
    name: str
    type: str
    aliases: list[str]
    articles: list[str]
    mentions: int
    lead_articles: list[str] = field(default_factory=list)  # articles naming it in title/lead
    page: bool = False  # worth a page of its own (entities_worth_a_page; set by link)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> Entity:
        return cls(**d)


@lru_cache(maxsize=65536)
def _name_key(name: str) -> str:
    # model numbers keep their digits: "Boeing 717" and "Boeing 777" are different products
    return " ".join(w.lower() if any(c.isdigit() for c in w) else translit_key(w)
                    for w in name.split())


# What _link_people found for each first name: the digest of that first name's full names and
# the unions their close surnames made (index pairs into them). People with different first
# names are never merged, so a first name whose full names are the same as last run's gives
# the same unions: a run after a small change compares only the first names it touches.
PeopleMemo = dict[str, tuple[bytes, tuple[tuple[int, int], ...]]]


def _link_people(groups: UnionFind, person_keys: list[str],
                 memo: PeopleMemo | None = None) -> None:
    full = [k for k in person_keys if " " in k]
    by_last: dict[str, list[str]] = {}
    for k in full:
        by_last.setdefault(k.split()[-1], []).append(k)
    # Close spelling variants of the same first name + surname. Only names sharing a first
    # name are compared (all pairs was quadratic in the corpus); a group's root is its smallest
    # key whatever the order of unions, so the result is the same.
    by_first: dict[str, list[str]] = {}
    for k in full:
        by_first.setdefault(k.split()[0], []).append(k)
    previous = memo if memo is not None else {}
    used: PeopleMemo = {}
    for first, same_first in by_first.items():
        digest = hashlib.blake2b("\0".join(same_first).encode(), digest_size=16).digest()
        known = previous.get(first)
        unions = known[1] if known is not None and known[0] == digest \
            else _close_unions(same_first)
        for i, j in unions:
            groups.union(same_first[i], same_first[j])
        used[first] = (digest, unions)
    if memo is not None:  # this run's first names only, so the memo does not grow
        memo.clear()
        memo.update(used)
    for k in person_keys:
        if " " in k:
            continue
        targets = {groups.find(f) for f in by_last.get(k, [])}
        if len(targets) == 1:
            groups.union(k, targets.pop())


def _close_unions(same_first: list[str]) -> tuple[tuple[int, int], ...]:
    """The unions (index pairs) that join full names of one first name whose surnames are
    close spellings; a pair already joined through others is not compared."""
    surnames = [k.split()[-1] for k in same_first]
    local = UnionFind(range(len(same_first)))
    unions = []
    for i in range(len(same_first)):
        for j in range(i + 1, len(same_first)):
            if local.find(i) != local.find(j) and _close_spellings(surnames[i], surnames[j]):
                local.union(i, j)
                unions.append((i, j))
    return tuple(unions)


def _close_spellings(a: str, b: str) -> bool:
    """difflib ratio >= FUZZY_SURNAME_RATIO; its two cheap upper bounds (lengths, letters in
    common) rule out most pairs first, with the same verdict."""
    if 2.0 * min(len(a), len(b)) / (len(a) + len(b)) < FUZZY_SURNAME_RATIO:
        return False  # real_quick_ratio, without building a matcher
    matcher = SequenceMatcher(None, a, b)
    return (matcher.quick_ratio() >= FUZZY_SURNAME_RATIO
            and matcher.ratio() >= FUZZY_SURNAME_RATIO)


def merge_entities(
    mentions_by_article: dict[str, list[Mention]], memo: PeopleMemo | None = None,
) -> tuple[list[Entity], dict[str, list[str]]]:
    """Canonical entities (sorted by id) and, per article, entity ids sorted by salience.
    ``memo``: the previous run's person-name comparisons (_link_people), updated in place."""
    typed: Counter[tuple[str, str]] = Counter()  # (name key, type) votes
    for mentions in mentions_by_article.values():
        for m in mentions:
            typed[(_name_key(m.name), m.type)] += 1
    key_type = _majority_types(typed)
    keys = sorted(key_type)
    groups = UnionFind(keys)
    _link_people(groups, [k for k in keys if key_type[k] == PERSON], memo)

    # Each distinct name is resolved to its group once (a name recurs in many articles).
    root_of = {name: groups.find(_name_key(name))
               for name in {m.name for ms in mentions_by_article.values() for m in ms}}
    members: dict[str, list[tuple[str, Mention]]] = {}
    for art in sorted(mentions_by_article):
        for m in mentions_by_article[art]:
            members.setdefault(root_of[m.name], []).append((art, m))

    entities = _build_entities(members, key_type)
    by_root = {root: ent for root, ent in entities}
    entity_of = {name: by_root[root].id for name, root in root_of.items()}
    per_article = _salience(mentions_by_article, entity_of)
    return sorted((e for _, e in entities), key=lambda e: e.id), per_article


def _majority_types(typed: Counter[tuple[str, str]]) -> dict[str, str]:
    best: dict[str, tuple[int, int, str]] = {}
    for (key, type_), n in typed.items():
        cand = (n, -TYPES.index(type_), type_)
        if key not in best or cand > best[key]:
            best[key] = cand
    return {k: v[2] for k, v in best.items()}


def _canonical_name(names: Counter[str]) -> str:
    multi = {n: c for n, c in names.items() if " " in n} or dict(names)
    return min(multi, key=lambda n: (-multi[n], -len(n), n))


def _build_entities(
    members: dict[str, list[tuple[str, Mention]]], key_type: dict[str, str]
) -> list[tuple[str, Entity]]:
    out: list[tuple[str, Entity]] = []
    used: set[str] = set()
    for root in sorted(members, key=lambda r: (-len(members[r]), r)):
        ms = members[root]
        name = _canonical_name(Counter(m.name for _, m in ms))
        type_ = key_type[root]
        aliases = sorted({m.text for _, m in ms} | {m.name for _, m in ms} - {name})
        ent = Entity(
            id=_unique_slug(name, type_, used),
            name=name,
            type=type_,
            aliases=aliases,
            articles=sorted({a for a, _ in ms}),
            mentions=len(ms),
            lead_articles=sorted({a for a, m in ms if in_headline_or_lead(m.paragraph)}),
        )
        out.append((root, ent))
    return out


def _unique_slug(name: str, type_: str, used: set[str]) -> str:
    base = slugify(name) or "entity"
    slug = base if base not in used else f"{base}-{type_}"
    n = 2
    while slug in used:
        slug, n = f"{base}-{n}", n + 1
    used.add(slug)
    return slug


def _salience(
    mentions_by_article: dict[str, list[Mention]], entity_of: dict[str, str]
) -> dict[str, list[str]]:
    """``entity_of``: a mention's name -> its entity id."""
    out: dict[str, list[str]] = {}
    for art in sorted(mentions_by_article):
        score: Counter[str] = Counter()
        first: dict[str, tuple[int, int]] = {}  # entity -> where it is first named
        for m in mentions_by_article[art]:
            eid = entity_of[m.name]
            score[eid] += 1 + (LEAD_WEIGHT if in_headline_or_lead(m.paragraph) else 0)
            first.setdefault(eid, (m.paragraph, m.start))
        out[art] = sorted(score, key=lambda e: (-score[e], first[e], e))
    return out


# An entity page is a listing: the stories and reports that name the entity. It is worth a page
# when it connects something the other pages do not: it is named in two stories at least, or in
# two reports at least one of which is about it (names it in its headline or lead). Named in one
# report only, its page would repeat that report's page; named in passing by the reports of one
# story, it would repeat the story page. Identical copies of a report do not count twice.
PAGE_MIN_STORIES = 2
PAGE_MIN_ARTICLES_ABOUT = 2


def entities_worth_a_page(entities: list[Entity], story_of: Mapping[str, str],
                          copies: Collection[str] = ()) -> list[Entity]:
    """Entities worth a page (see above); ``story_of``: article id -> its story id, ``copies``:
    ids of identical copies of another report. Junk-looking names never qualify."""
    worth = []
    for e in entities:
        if e.type not in PAGE_TYPES or not _looks_like_a_name(e.name, e.type):
            continue
        reports = [a for a in e.articles if a not in copies]
        stories = {story_of.get(a, a) for a in e.articles}
        about = any(a not in copies for a in e.lead_articles)
        if len(stories) >= PAGE_MIN_STORIES or (
                about and len(reports) >= PAGE_MIN_ARTICLES_ABOUT):
            worth.append(e)
    return worth


_LOWER_PARTICLES = frozenset({"of", "for", "de", "von", "van", "der", "al", "&", "and", "the"})


def _looks_like_a_name(name: str, type_: str = PERSON) -> bool:
    words = name.split()
    return (
        len(name) >= 2
        and all(any(c.isupper() for c in w) or w in _LOWER_PARTICLES for w in words)
        and (type_ == PRODUCT or not any(c.isdigit() for c in name))  # "Boeing 787" is fine
    )
