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
from collections import Counter
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


class LastOutputs(NamedTuple):
    """What link_entities gave in the run that last updated a GroupMemo (link keeps it:
    link.LinkOutputs), so the memo need not hold it again."""

    entities: Mapping[str, Entity]  # by id
    per_article: Mapping[str, list[str]]  # LinkedEntities.per_article
    names: Mapping[str, dict[str, str]]  # LinkedEntities.names ({} for an article naming none)


_NO_OUTPUTS = LastOutputs({}, {}, {})


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
    groups_memo: GroupMemo | None = None, last: LastOutputs | None = None,
) -> LinkedEntities:
    """Canonical entities, each article's by salience, and each article's names.
    ``memo``: the previous run's person-name comparisons (_link_people), updated in place;
    ``groups_memo``: what each entity was made of in the previous run (GroupMemo), likewise;
    ``last``: what the run that last updated ``groups_memo`` gave (LastOutputs): a group that
    is that run's object with that run's id is given its entity (with that run's page flag),
    and an article whose entities cannot have changed their order or names is given that
    run's (_stable, _names_kept)."""
    last = last if last is not None and groups_memo is not None else _NO_OUTPUTS
    # An archive names the same people in many reports and a report names them again and
    # again: each distinct (name, type) is counted in one pass and each distinct name keyed
    # once, not every mention (40k mentions, 13k distinct names at 2,225 BBC articles).
    named = _named(mentions_by_article, groups_memo)
    key_of: dict[str, str] = {}  # name as written -> its spelling-insensitive key
    # A name's key is a pure function of the name: last run's keys (GroupMemo.keys) are taken
    # as they are, so a warm run keys only the names new to it.
    known = groups_memo.keys if groups_memo is not None else {}
    typed: Counter[tuple[str, str]] = Counter()  # (name key, type) votes
    for (name, type_), n in named.items():
        key = key_of.get(name)
        if key is None:
            key = known.get(name)
            key = key_of[name] = _name_key(name) if key is None else key
        typed[(key, type_)] += n
    key_type = _majority_types(typed)
    keys = sorted(key_type)
    groups = UnionFind(keys)
    _link_people(groups, [k for k in keys if key_type[k] == PERSON], memo)
    shortened, tails = _shortenings(mentions_by_article, key_type, groups, key_of, groups_memo)

    # Each distinct name is resolved to its group once (a name recurs in many articles).
    root_of = {name: groups.find(key) for name, key in key_of.items()}
    resolved = _resolve(mentions_by_article, key_of, root_of, shortened)
    made, same, entries = _groups(mentions_by_article, resolved, key_type, groups_memo)
    entities = _build_entities(made, groups_memo, last.entities)
    by_root = {root: ent for root, ent in entities}
    in_article = {place: by_root[root].id for place, root in shortened.items()}
    stable = _stable(resolved, by_root, groups_memo, same)
    per_article = _salience(mentions_by_article, resolved, by_root, last.per_article, stable)
    ordered = sorted((e for _, e in entities), key=lambda e: e.id)
    names = _name_index(ordered, mentions_by_article, root_of, by_root, in_article, key_of,
                        per_article, _names_kept(ordered, in_article, stable, per_article,
                                                 groups_memo, last))
    if groups_memo is not None:  # all at once, so the tables are of one run
        # named as a plain dict: the state applies a log's delta with dict.update, which a
        # Counter would add to the counts instead of replacing them
        groups_memo.articles, groups_memo.groups, groups_memo.named = entries, made, dict(named)
        groups_memo.keys = key_of  # this run's names only, so the memo does not grow
        groups_memo.types, groups_memo.tails, groups_memo.in_article = key_type, tails, in_article
        groups_memo.ids = {root: entity.id for root, entity in by_root.items()}
        groups_memo.run += 1
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
                root_of: dict[str, str], by_root: dict[str, Entity],
                in_article: dict[tuple[str, str], str], key_of: dict[str, str],
                per_article: dict[str, list[str]], kept: Mapping[str, dict[str, str]],
                ) -> dict[str, dict[str, str]]:
    """article id -> {name or alias as written -> entity id}: every name of each entity the
    article names (in order of entity id; the first entity to claim a name keeps it). A
    shortening ("Air Force") is a name of several entities (each air force a report shortened
    so): in each report it is what that report's mentions were resolved to. ``kept``: last
    run's names of the articles for which they cannot have changed (_names_kept)."""
    by_id = {e.id: e for e in entities}
    shortenings = {key for _, key in in_article}
    index: dict[str, dict[str, str]] = {}
    for art in sorted(mentions_by_article):
        known = kept.get(art)
        if known is not None:
            if known:  # an article naming nothing has no entry
                index[art] = known
            continue
        names: dict[str, str] = {}
        for eid in sorted(per_article.get(art, ())):
            entity = by_id[eid]
            names.setdefault(entity.name, eid)
            for alias in entity.aliases:
                names.setdefault(alias, eid)
        if shortenings:
            for m in mentions_by_article[art]:
                key = key_of[m.name]
                if key not in shortenings:
                    continue
                meant = in_article.get((art, key))
                names[m.name] = meant or by_root[root_of[m.name]].id
                if meant:
                    names[m.text] = meant
        if names:
            index[art] = names
    return index


def _names_kept(entities: list[Entity], in_article: dict[tuple[str, str], str],
                stable: set[str], per_article: dict[str, list[str]], memo: GroupMemo | None,
                last: LastOutputs) -> dict[str, dict[str, str]]:
    """Last run's names of each article whose names cannot have changed: its mentions, their
    groups and the groups' ids are last run's (``stable``), none of its entities has another
    name or alias, no shortening is in it now or was last run, and the names shortened
    anywhere are last run's (a name shortened elsewhere is given its own entity)."""
    if memo is None or not last.entities or not last.names or not stable:
        return {}
    if {key for _, key in in_article} != {key for _, key in memo.in_article}:
        return {}
    renamed = set()
    for entity in entities:
        old = last.entities.get(entity.id)
        if old is not entity and (old is None or old.name != entity.name
                                  or old.aliases != entity.aliases):
            renamed.add(entity.id)
    shortened_in = {art for art, _ in in_article} | {art for art, _ in memo.in_article}
    kept = {}
    for art in stable:
        names = last.names.get(art)
        if names is not None and art not in shortened_in \
                and renamed.isdisjoint(per_article[art]):
            kept[art] = names
    return kept


# Types whose names news writing shortens after the first mention by dropping the leading
# modifiers and keeping the head noun at the end: "the Air Force", "the A380" (persons have
# their own rule: _link_people). The first words are not a shortening: they usually name
# another entity, the parent or the brand ("Apple" of "Apple Corps", "Boeing" of "Boeing
# Commercial Airplanes", "iPhone" of "iPhone 4"); measured on the WikiNews dev set, joining them
# merged Apple into Apple Corps and Boeing into its airliner division.
SHORTENED_TYPES = (ORG, PRODUCT)

Position = tuple[int, int]  # (paragraph, offset): reading order within an article


def _shortenings(mentions_by_article: dict[str, list[Mention]], key_type: dict[str, str],
                 groups: UnionFind, key_of: dict[str, str], memo: GroupMemo | None = None,
                 ) -> tuple[dict[tuple[str, str], str], dict[str, dict[str, tuple[str, ...]]]]:
    """(article, short name's key) -> the group root of the longer name it shortens there; and
    each article's shortenings as names (_tails, for GroupMemo.tails).

    A report shortens an organisation or product to the last words of its name after naming
    it in full ("the United States Air Force ... the Air Force"). So in one article a name of
    those types that ends a longer name of its type named before it (before its last mention)
    means that name; two such longer names of different entities in the article ("Royal Air
    Force" too): ambiguous, left as it is. Decided per article because the same short name
    means different entities in different reports (five air forces in the WikiNews set);
    a report that only ever uses the short form keeps it as an entity of its own.
    ``key_of``: each name's key (_name_key). An article's _tails depend only on its mentions
    and their keys' types: last run's (``memo``) are taken for an article whose mentions are
    last run's when no key kept its name but changed type."""
    reuse = memo is not None and bool(memo.articles) and all(
        memo.types.get(key, type_) == type_ for key, type_ in key_type.items())
    out: dict[tuple[str, str], str] = {}
    tails_of: dict[str, dict[str, tuple[str, ...]]] = {}
    for art in sorted(mentions_by_article):
        mentions = mentions_by_article[art]
        old = memo.articles.get(art) if reuse else None  # type: ignore[union-attr]
        if old is not None and (old[0] is mentions or old[0] == mentions):
            tails = memo.tails.get(art, _NO_TAILS)  # type: ignore[union-attr]
        else:
            tails = _tails(mentions, key_type, key_of)
        if not tails:
            continue
        tails_of[art] = tails
        for short, longs in tails.items():
            # "Force" ends "Air Force" and "United States Air Force": the longest is meant
            roots = {groups.find(k) for k in longs if k not in tails}
            if len(roots) == 1 and groups.find(short) not in roots:
                out[(art, short)] = roots.pop()
    return out, tails_of


_NO_TAILS: dict[str, tuple[str, ...]] = {}


def _tails(mentions: list[Mention], key_type: dict[str, str], key_of: dict[str, str],
           ) -> dict[str, tuple[str, ...]]:
    """Short key -> the longer keys of the article it ends (_shortenings)."""
    first: dict[str, Position] = {}
    last: dict[str, Position] = {}
    for m in mentions:
        key = key_of[m.name]
        if key_type[key] not in SHORTENED_TYPES:
            continue
        pos = (m.paragraph, m.start)
        first[key] = min(first.get(key, pos), pos)
        last[key] = max(last.get(key, pos), pos)
    tails: dict[str, list[str]] = {}
    for key in first:
        words = key.split()
        for n in range(1, len(words)):
            tail = " ".join(words[-n:])
            if tail in first and key_type[tail] == key_type[key] \
                    and first[key] < last[tail]:
                tails.setdefault(tail, []).append(key)
    return {short: tuple(longs) for short, longs in tails.items()}


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


class _Group(NamedTuple):
    """What one entity is made of, as counts a run can take an article's mentions from and add
    them to (GroupMemo): how often each name and each written form is used, the articles
    naming it and those naming it in their headline or lead (sorted); and what follows from
    those alone: its canonical name, aliases and number of mentions."""

    type: str
    names: dict[str, int]  # name -> mentions (none at 0)
    texts: dict[str, int]  # text as written -> mentions
    articles: tuple[str, ...]
    lead: tuple[str, ...]
    name: str
    aliases: tuple[str, ...]
    mentions: int
    slug: str  # the slug its name wants (_unique_slug adds to it on a clash)


class GroupMemo:
    """Last run's entity groups (root -> _Group) and each article's mentions with the group
    each was resolved to (article id -> (mentions, roots)). A group is the sum of its
    articles' mentions: a run takes each changed, added or removed article's mentions out of
    the groups they were in and adds them to those they are in now, and makes again only the
    groups whose counts or type changed; every other group is last run's. An article counts as
    changed unless its mentions are last run's (the same list, or an equal one) resolved to the
    same roots, so a name that joins another group anywhere (a new full name for a surname, a
    shortening) changes the articles using it. Exact: the counts are integers, and an entity's
    fields depend only on its counts and its type (see _group); the slugs, which depend on
    every group, are assigned again in full (_build_entities)."""

    # How the run state saves the memo (cache._Segments): a run after a small change writes
    # only the rows it made again.
    LOG_TABLES = ("articles", "groups", "named", "keys", "types", "tails", "in_article", "ids")
    LOG_COUNTERS = ("run",)

    def __init__(self) -> None:
        self.articles: dict[str, tuple[list[Mention], list[str]]] = {}
        self.groups: dict[str, _Group] = {}
        # How often each (name, type) is used (link_entities' votes), kept the same way.
        self.named: dict[tuple[str, str], int] = {}
        self.keys: dict[str, str] = {}  # each name used -> its key (_name_key)
        # Each key's type (the votes' majority), each article's shortenings (_tails; articles
        # with none left out) and where a shortening was resolved ((article, key) -> entity id)
        self.types: dict[str, str] = {}
        self.tails: dict[str, dict[str, tuple[str, ...]]] = {}
        self.in_article: dict[tuple[str, str], str] = {}
        # Each group's entity id: an article whose mentions and roots are last run's, none of
        # whose groups changed id, ranks its entities as last run did (_stable; that run's
        # order is LastOutputs.per_article, not kept here again).
        self.ids: dict[str, str] = {}
        self.run = 0  # runs that updated the tables (a memo of last run's entities names one)


def _named(mentions_by_article: dict[str, list[Mention]],
           memo: GroupMemo | None) -> Counter[tuple[str, str]]:
    """How often each (name, type) is used: last run's counts with the mentions of the articles
    that changed moved (as GroupMemo's groups), or counted afresh."""
    if memo is not None and memo.articles and memo.named:
        named = Counter(memo.named)
        for art, mentions in mentions_by_article.items():
            old = memo.articles.get(art)
            if old is not None and (old[0] is mentions or old[0] == mentions):
                continue
            if old is not None and not isinstance(old[0], list):
                break  # a memo without this article's last mentions: counted afresh
            if old is not None:
                named.subtract((m.name, m.type) for m in old[0])
            named.update((m.name, m.type) for m in mentions)
        else:
            for art, old in memo.articles.items():
                if art in mentions_by_article:
                    continue
                if not isinstance(old[0], list):
                    break
                named.subtract((m.name, m.type) for m in old[0])
            else:
                return +named
    return Counter((m.name, m.type) for ms in mentions_by_article.values() for m in ms)


class _Counts(NamedTuple):
    """A group's counts being updated (mutable)."""

    names: Counter[str]
    texts: Counter[str]
    articles: set[str]
    lead: set[str]


def _build_entities(groups: dict[str, _Group], memo: GroupMemo | None = None,
                    last: Mapping[str, Entity] | None = None) -> list[tuple[str, Entity]]:
    """Each group's entity (root, entity): ``last``'s (see link_entities) for a group that is
    the memo's object with the memo's id."""
    last_groups = memo.groups if memo is not None else {}
    last_ids = memo.ids if memo is not None else {}
    last = last if last is not None and memo is not None else {}
    out: list[tuple[str, Entity]] = []
    used: set[str] = set()
    # Slugs are unique in this order over every group, so they are given in full each run
    # (a few microseconds a group): a group new this run may take the slug another wanted.
    for root in sorted(groups, key=lambda r: (-groups[r].mentions, r)):
        group = groups[root]
        slug = _unique_slug(group.slug, group.type, used)
        kept = last.get(slug) if last_groups.get(root) is group and last_ids.get(root) == slug \
            else None
        if kept is not None and (kept.name, kept.type, kept.mentions) != \
                (group.name, group.type, group.mentions):
            kept = None  # not the entity of that run (a memo of another run): made again
        out.append((root, kept if kept is not None else Entity(
            id=slug, name=group.name, type=group.type, aliases=list(group.aliases),
            articles=list(group.articles), mentions=group.mentions,
            lead_articles=list(group.lead))))
    return out


def _groups(mentions_by_article: dict[str, list[Mention]], resolved: _Resolved,
            key_type: dict[str, str], memo: GroupMemo | None
            ) -> tuple[dict[str, _Group], set[str], dict[str, tuple[list[Mention], list[str]]]]:
    """Each group root's _Group: last run's updated by the articles that changed (GroupMemo),
    or counted afresh without a usable memo; the articles that did not change; and each
    article's entry for the memo."""
    entries = {art: (mentions_by_article[art], roots)
               for art, roots in zip(resolved.articles, resolved.roots, strict=True)}
    same: set[str] = set()
    groups = _updated_groups(entries, key_type, memo, same) if memo is not None else None
    if groups is None:
        same.clear()
        counts: dict[str, _Counts] = {}
        for art, (mentions, roots) in entries.items():
            _add(counts, art, mentions, roots, 1)
        groups = {root: _group(c, key_type[root]) for root, c in counts.items()}
    return groups, same, entries


def _updated_groups(entries: dict[str, tuple[list[Mention], list[str]]],
                    key_type: dict[str, str], memo: GroupMemo,
                    same: set[str]) -> dict[str, _Group] | None:
    """Last run's groups with the changed articles' mentions moved (None: no usable memo);
    the articles that did not change are added to ``same``."""
    if not memo.groups:
        return None
    counts: dict[str, _Counts] = {}  # the groups changed, as counts
    for art, (mentions, roots) in entries.items():
        old = memo.articles.get(art)
        if old is not None and old[1] == roots and (old[0] is mentions or old[0] == mentions):
            entries[art] = old if old[0] is mentions else entries[art]
            same.add(art)
            continue
        if old is not None and not _take_out(counts, memo.groups, art, old):
            return None
        _add(counts, art, mentions, roots, 1, memo.groups)
    for art, old in memo.articles.items():
        if art not in entries and not _take_out(counts, memo.groups, art, old):
            return None
    groups = dict(memo.groups)
    for root, c in counts.items():
        if +c.names:
            groups[root] = _group(c, key_type[root])
        else:
            del groups[root]
    for root, group in groups.items():  # a name's type is a vote over every article
        if group.type != key_type[root] and root not in counts:
            groups[root] = _group(_counts_of(group), key_type[root])
    return groups


def _take_out(counts: dict[str, _Counts], groups: dict[str, _Group], art: str,
              old: tuple[list[Mention], list[str]]) -> bool:
    """Last run's mentions of ``art`` taken out of its groups; False when the memo does not
    hold them (an article the run state could not name)."""
    mentions, roots = old
    if not isinstance(mentions, list) or len(mentions) != len(roots) \
            or any(root not in groups for root in roots):
        return False
    _add(counts, art, mentions, roots, -1, groups)
    return True


def _add(counts: dict[str, _Counts], art: str, mentions: list[Mention], roots: list[str],
         sign: int, groups: dict[str, _Group] | None = None) -> None:
    """One article's mentions added to (sign 1) or taken from (-1) the counts of their groups,
    each started from ``groups``' (last run's) when it has it."""
    for root, m in zip(roots, mentions, strict=True):
        c = counts.get(root)
        if c is None:
            known = groups.get(root) if groups is not None else None
            c = counts[root] = _counts_of(known) if known is not None \
                else _Counts(Counter(), Counter(), set(), set())
        c.names[m.name] += sign
        c.texts[m.text] += sign
        if sign > 0:
            c.articles.add(art)
            if in_headline_or_lead(m.paragraph):
                c.lead.add(art)
        else:  # every mention of art in its groups goes: art is in them again only if it adds
            c.articles.discard(art)
            c.lead.discard(art)


def _counts_of(group: _Group) -> _Counts:
    return _Counts(Counter(group.names), Counter(group.texts), set(group.articles),
                   set(group.lead))


def _group(counts: _Counts, type_: str) -> _Group:
    names = +counts.names  # the names still used
    texts = +counts.texts
    name = _canonical_name(names, type_)
    return _Group(
        type=type_, names=dict(names), texts=dict(texts),
        articles=tuple(sorted(counts.articles)), lead=tuple(sorted(counts.lead)), name=name,
        # the other ways its reports write it (not the canonical name itself)
        aliases=tuple(sorted((texts.keys() | names.keys()) - {name})),
        mentions=sum(names.values()), slug=name_slug(name) or "entity")


# A name of plain ASCII letters and digits in words one space apart: its slug is those words
# lower-cased and joined by hyphens, which is what slugify makes of it, without its
# transliteration and entity decoding (a third of merge_entities' time at 2,225 articles).
_PLAIN_NAME = re.compile(r"[A-Za-z0-9]+(?: [A-Za-z0-9]+)*")


def name_slug(name: str) -> str:
    """slugify(name); a plain name the short way."""
    if _PLAIN_NAME.fullmatch(name):
        return name.lower().replace(" ", "-")
    return slugify(name)


def _unique_slug(base: str, type_: str, used: set[str]) -> str:
    """``base`` (a name's slug), or with its type or a number after it when taken."""
    slug = base if base not in used else f"{base}-{type_}"
    n = 2
    while slug in used:
        slug, n = f"{base}-{n}", n + 1
    used.add(slug)
    return slug


def _stable(resolved: _Resolved, by_root: dict[str, Entity], memo: GroupMemo | None,
            same: Collection[str]) -> set[str]:
    """The articles in ``same`` (their mentions and roots are last run's) none of whose groups
    changed id (GroupMemo.ids): what follows from their entities is last run's."""
    if memo is None or not same:
        return set()
    known = memo.ids
    moved = {root for root, entity in by_root.items() if known.get(root) != entity.id}
    return {art for art, roots in zip(resolved.articles, resolved.roots, strict=True)
            if art in same and (not moved or moved.isdisjoint(roots))}


def _salience(mentions_by_article: dict[str, list[Mention]], resolved: _Resolved,
              by_root: dict[str, Entity], kept: Mapping[str, list[str]] | None = None,
              stable: Collection[str] = ()) -> dict[str, list[str]]:
    """Per article, the entities it names: most mentions first (headline and lead count
    extra), then first named first. Last run's order for an article in ``stable`` (_stable)."""
    ids = {root: entity.id for root, entity in by_root.items()}
    kept = kept if kept is not None else {}
    out: dict[str, list[str]] = {}
    for art, roots in zip(resolved.articles, resolved.roots, strict=True):
        last = kept.get(art) if art in stable else None
        if last is not None:
            out[art] = last
            continue
        score: dict[str, int] = {}
        first: dict[str, tuple[int, int]] = {}  # entity -> where it is first named
        for root, m in zip(roots, mentions_by_article[art], strict=True):
            eid = ids[root]
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
    # The tests cheapest first, the name's last: most entities are named by one report
    # (either count needs more), and a name is tested letter by letter.
    fewest = min(PAGE_MIN_STORIES, PAGE_MIN_ARTICLES_ABOUT)
    worth = []
    for e in entities:
        articles = e.articles
        if len(articles) < fewest or e.type not in PAGE_TYPES:
            continue
        if len({story_of.get(a, a) for a in articles}) < PAGE_MIN_STORIES and not (
                any(a not in copies for a in e.lead_articles)
                and sum(a not in copies for a in articles) >= PAGE_MIN_ARTICLES_ABOUT):
            continue
        if _looks_like_a_name(e.name, e.type):
            worth.append(e)
    return worth


_LOWER_PARTICLES = frozenset({"of", "for", "de", "von", "van", "der", "al", "&", "and", "the"})


def _looks_like_a_name(name: str, type_: str = PERSON) -> bool:
    # map over the str methods: the same tests as a generator per letter, without a Python
    # frame per letter.
    return (
        len(name) >= 2
        and all(any(map(str.isupper, w)) or w in _LOWER_PARTICLES for w in name.split())
        and (type_ == PRODUCT or not any(map(str.isdigit, name)))  # "Boeing 787" is fine
    )
