"""Merge per-article mentions into canonical entities across articles.

Names are grouped by a spelling-insensitive key (transliteration variants such as
Zelensky/Zelenskyy/Zelenskiy share a key). Then bare surnames ("Trump") attach to the one full
name with that surname seen anywhere ("Donald Trump"), and full names whose surnames are close
spelling variants (difflib ratio >= 0.8) with the same first name are merged. Ambiguous
surnames (two different full names) stay on their own. In an article that names an
organisation or product in full, a later shortening to the last words of its name ("Air
Force", "A380") means it ("United States Air Force", "Airbus A380"): _shortenings. Output is
deterministic.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Collection, Mapping
from dataclasses import asdict, dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from typing import NamedTuple

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


class LinkedEntities(NamedTuple):
    entities: list[Entity]  # sorted by id
    per_article: dict[str, list[str]]  # article id -> entity ids sorted by salience
    names: dict[str, dict[str, str]]  # article id -> {name or alias as written -> entity id}


def merge_entities(
    mentions_by_article: dict[str, list[Mention]], memo: PeopleMemo | None = None,
) -> tuple[list[Entity], dict[str, list[str]]]:
    """Canonical entities (sorted by id) and, per article, entity ids sorted by salience
    (link_entities without the name index)."""
    linked = link_entities(mentions_by_article, memo)
    return linked.entities, linked.per_article


def link_entities(
    mentions_by_article: dict[str, list[Mention]], memo: PeopleMemo | None = None,
) -> LinkedEntities:
    """Canonical entities, each article's by salience, and each article's names.
    ``memo``: the previous run's person-name comparisons (_link_people), updated in place."""
    # An archive names the same people in many reports and a report names them again and
    # again: each distinct (name, type) is counted in one pass and each distinct name keyed
    # once, not every mention (40k mentions, 13k distinct names at 2,225 BBC articles).
    named = Counter((m.name, m.type) for ms in mentions_by_article.values() for m in ms)
    key_of: dict[str, str] = {}  # name as written -> its spelling-insensitive key
    typed: Counter[tuple[str, str]] = Counter()  # (name key, type) votes
    for (name, type_), n in named.items():
        key = key_of.get(name)
        if key is None:
            key = key_of[name] = _name_key(name)
        typed[(key, type_)] += n
    key_type = _majority_types(typed)
    keys = sorted(key_type)
    groups = UnionFind(keys)
    _link_people(groups, [k for k in keys if key_type[k] == PERSON], memo)
    shortened = _shortenings(mentions_by_article, key_type, groups, key_of)

    # Each distinct name is resolved to its group once (a name recurs in many articles).
    root_of = {name: groups.find(key) for name, key in key_of.items()}
    resolved = _resolve(mentions_by_article, key_of, root_of, shortened)
    entities = _build_entities(mentions_by_article, resolved, key_type)
    by_root = {root: ent for root, ent in entities}
    entity_of = {name: by_root[root].id for name, root in root_of.items()
                 if root in by_root}  # a short name used only as a shortening has no group
    in_article = {place: by_root[root].id for place, root in shortened.items()}
    per_article = _salience(mentions_by_article, resolved, by_root)
    ordered = sorted((e for _, e in entities), key=lambda e: e.id)
    names = _name_index(ordered, mentions_by_article, entity_of, in_article, key_of)
    return LinkedEntities(ordered, per_article, names)


class _Resolved(NamedTuple):
    """Each article's mentions resolved to their groups (article ids in sorted order)."""

    articles: list[str]
    roots: list[list[str]]  # per article, the group root of each of its mentions, in order


def _resolve(mentions_by_article: dict[str, list[Mention]], key_of: dict[str, str],
             root_of: dict[str, str], shortened: dict[tuple[str, str], str]) -> _Resolved:
    """The group of each mention: what its name shortens in its report (_shortenings), else
    its name's group."""
    shortening_in: dict[str, dict[str, str]] = {}
    for (art, key), root in shortened.items():
        shortening_in.setdefault(art, {})[key] = root
    articles = sorted(mentions_by_article)
    roots = []
    for art in articles:
        names = [m.name for m in mentions_by_article[art]]
        local = shortening_in.get(art)
        if local is None:
            roots.append([root_of[name] for name in names])
        else:
            roots.append([local.get(key_of[name]) or root_of[name] for name in names])
    return _Resolved(articles, roots)


def _name_index(entities: list[Entity], mentions_by_article: dict[str, list[Mention]],
                entity_of: dict[str, str], in_article: dict[tuple[str, str], str],
                key_of: dict[str, str]) -> dict[str, dict[str, str]]:
    """article id -> {name or alias as written -> entity id}: every name of each entity the
    article names. A shortening ("Air Force") is a name of several entities (each air force a
    report shortened so): in each report it is what that report's mentions were resolved to."""
    index: dict[str, dict[str, str]] = defaultdict(dict)
    for entity in entities:
        for article in entity.articles:
            for name in (entity.name, *entity.aliases):
                index[article].setdefault(name, entity.id)
    shortenings = {key for _, key in in_article}
    if not shortenings:
        return index
    for art in sorted(mentions_by_article):
        for m in mentions_by_article[art]:
            key = key_of[m.name]
            if key not in shortenings:
                continue
            meant = in_article.get((art, key))
            index[art][m.name] = meant or entity_of[m.name]
            if meant:
                index[art][m.text] = meant
    return index


# Types whose names news writing shortens after the first mention by dropping the leading
# modifiers and keeping the head noun at the end: "the Air Force", "the A380" (persons have
# their own rule: _link_people). The first words are not a shortening: they usually name
# another entity, the parent or the brand ("Apple" of "Apple Corps", "Boeing" of "Boeing
# Commercial Airplanes", "iPhone" of "iPhone 4"); measured on the WikiNews dev set, joining them
# merged Apple into Apple Corps and Boeing into its airliner division.
SHORTENED_TYPES = (ORG, PRODUCT)

Position = tuple[int, int]  # (paragraph, offset): reading order within an article


def _shortenings(mentions_by_article: dict[str, list[Mention]], key_type: dict[str, str],
                 groups: UnionFind, key_of: dict[str, str]) -> dict[tuple[str, str], str]:
    """(article, short name's key) -> the group root of the longer name it shortens there.

    A report shortens an organisation or product to the last words of its name after naming
    it in full ("the United States Air Force ... the Air Force"). So in one article a name of
    those types that ends a longer name of its type named before it (before its last mention)
    means that name; two such longer names of different entities in the article ("Royal Air
    Force" too): ambiguous, left as it is. Decided per article because the same short name
    means different entities in different reports (five air forces in the WikiNews set);
    a report that only ever uses the short form keeps it as an entity of its own.
    ``key_of``: each name's key (_name_key)."""
    out: dict[tuple[str, str], str] = {}
    for art in sorted(mentions_by_article):
        first: dict[str, Position] = {}
        last: dict[str, Position] = {}
        for m in mentions_by_article[art]:
            key = key_of[m.name]
            if key_type[key] not in SHORTENED_TYPES:
                continue
            pos = (m.paragraph, m.start)
            first[key] = min(first.get(key, pos), pos)
            last[key] = max(last.get(key, pos), pos)
        tails: dict[str, set[str]] = {}  # short key -> longer keys of this article it ends
        for key in first:
            words = key.split()
            for n in range(1, len(words)):
                tail = " ".join(words[-n:])
                if tail in first and key_type[tail] == key_type[key] \
                        and first[key] < last[tail]:
                    tails.setdefault(tail, set()).add(key)
        for short, longs in tails.items():
            # "Force" ends "Air Force" and "United States Air Force": the longest is meant
            roots = {groups.find(k) for k in longs if k not in tails}
            if len(roots) == 1 and groups.find(short) not in roots:
                out[(art, short)] = roots.pop()
    return out


def _majority_types(typed: Counter[tuple[str, str]]) -> dict[str, str]:
    best: dict[str, tuple[int, int, str]] = {}
    for (key, type_), n in typed.items():
        cand = (n, -TYPES.index(type_), type_)
        if key not in best or cand > best[key]:
            best[key] = cand
    return {k: v[2] for k, v in best.items()}


def _canonical_name(names: Counter[str], type_: str) -> str:
    if type_ in SHORTENED_TYPES:  # the full name, not its shortening ("the Air Force")
        names = Counter({n: c for n, c in names.items()
                         if not any(o.endswith(" " + n) for o in names)})
    multi = {n: c for n, c in names.items() if " " in n} or dict(names)
    return min(multi, key=lambda n: (-multi[n], -len(n), n))


class _Members(NamedTuple):
    """What one entity is made of: its mentions, the articles naming it, those naming it in
    their headline or lead."""

    mentions: list[Mention]
    articles: set[str]
    lead: set[str]


def _build_entities(mentions_by_article: dict[str, list[Mention]], resolved: _Resolved,
                    key_type: dict[str, str]) -> list[tuple[str, Entity]]:
    members: dict[str, _Members] = {}
    for art, roots in zip(resolved.articles, resolved.roots, strict=True):
        for root, m in zip(roots, mentions_by_article[art], strict=True):
            group = members.get(root)
            if group is None:
                group = members[root] = _Members([], set(), set())
            group.mentions.append(m)
            group.articles.add(art)
            if in_headline_or_lead(m.paragraph):
                group.lead.add(art)
    out: list[tuple[str, Entity]] = []
    used: set[str] = set()
    for root in sorted(members, key=lambda r: (-len(members[r].mentions), r)):
        group = members[root]
        type_ = key_type[root]
        names = [m.name for m in group.mentions]
        name = _canonical_name(Counter(names), type_)
        # the other ways its reports write it (not the canonical name itself)
        aliases = sorted(({m.text for m in group.mentions} | set(names)) - {name})
        ent = Entity(
            id=_unique_slug(name, type_, used),
            name=name,
            type=type_,
            aliases=aliases,
            articles=sorted(group.articles),
            mentions=len(names),
            lead_articles=sorted(group.lead),
        )
        out.append((root, ent))
    return out


# A name of plain ASCII letters and digits in words one space apart: its slug is those words
# lower-cased and joined by hyphens, which is what slugify makes of it, without its
# transliteration and entity decoding (a third of merge_entities' time at 2,225 articles).
_PLAIN_NAME = re.compile(r"[A-Za-z0-9]+(?: [A-Za-z0-9]+)*")


def name_slug(name: str) -> str:
    """slugify(name); a plain name the short way."""
    if _PLAIN_NAME.fullmatch(name):
        return name.lower().replace(" ", "-")
    return slugify(name)


def _unique_slug(name: str, type_: str, used: set[str]) -> str:
    base = name_slug(name) or "entity"
    slug = base if base not in used else f"{base}-{type_}"
    n = 2
    while slug in used:
        slug, n = f"{base}-{n}", n + 1
    used.add(slug)
    return slug


def _salience(mentions_by_article: dict[str, list[Mention]], resolved: _Resolved,
              by_root: dict[str, Entity]) -> dict[str, list[str]]:
    """Per article, the entities it names: most mentions first (headline and lead count
    extra), then first named first."""
    out: dict[str, list[str]] = {}
    for art, roots in zip(resolved.articles, resolved.roots, strict=True):
        score: dict[str, int] = {}
        first: dict[str, tuple[int, int]] = {}  # entity -> where it is first named
        for root, m in zip(roots, mentions_by_article[art], strict=True):
            eid = by_root[root].id
            if eid in score:
                score[eid] += 1 + (LEAD_WEIGHT if in_headline_or_lead(m.paragraph) else 0)
            else:
                score[eid] = 1 + (LEAD_WEIGHT if in_headline_or_lead(m.paragraph) else 0)
                first[eid] = (m.paragraph, m.start)
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
