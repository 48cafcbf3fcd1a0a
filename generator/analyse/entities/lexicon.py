"""The entity lexicon: gazetteers, titles, names and word lists from generator/data/, loaded
once, lazily."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from generator.analyse.entities.mention import ORG, PERSON, PLACE, PRODUCT
from generator.data import data_lines


def _words(name: str) -> frozenset[str]:
    return frozenset(w for ln in data_lines(name) for w in ln.split())


@dataclass(frozen=True)
class _Lexicon:
    gazetteer: dict[str, tuple[str, str]]  # surface key -> (type, canonical name)
    max_gaz_len: int
    titles: frozenset[str]  # title phrases, space-joined tokens
    max_title_len: int
    demonyms: frozenset[str]
    given: frozenset[str]
    stop: frozenset[str]
    surnames: dict[str, str]  # distinctive surname -> full name (from people.txt "*")
    makers: frozenset[str]  # makers whose model numbers name products ("Boeing" 787)
    product_first: frozenset[str]  # first words of gazetteer products (cheap pre-check)


def _add_entries(gaz: dict, lines: list[str], type_: str) -> None:
    for ln in lines:
        variant, _, canonical = ln.partition("\t")
        variant = variant.strip()
        canonical = canonical.strip() or variant
        gaz.setdefault(variant, (type_, canonical))
        gaz.setdefault(canonical, (type_, canonical))


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    gaz: dict[str, tuple[str, str]] = {}
    _add_entries(gaz, data_lines("place_aliases.txt"), PLACE)
    _add_entries(gaz, data_lines("places.txt"), PLACE)
    _add_entries(gaz, data_lines("organisations.txt"), ORG)
    _add_entries(gaz, data_lines("products.txt"), PRODUCT)
    surnames: dict[str, str] = {}
    for ln in data_lines("people.txt"):
        full, _, variants = ln.partition("\t")
        distinctive = full.endswith("*")
        full = full.rstrip("*").strip()
        gaz[full] = (PERSON, full)
        for v in filter(None, (v.strip() for v in variants.split("|"))):
            if " " in v:
                gaz[v] = (PERSON, full)
            elif distinctive:
                surnames[v] = full
        if distinctive:
            surnames[full.split()[-1]] = full
    titles = frozenset(data_lines("titles.txt"))
    return _Lexicon(
        gazetteer=gaz,
        max_gaz_len=max(len(k.split()) for k in gaz),
        titles=titles,
        max_title_len=max(len(t.split()) for t in titles),
        demonyms=frozenset(data_lines("demonyms.txt")),
        given=_words("given_names.txt"),
        stop=_words("stopwords.txt"),
        surnames=surnames,
        makers=frozenset(data_lines("product_makers.txt")),
        product_first=frozenset(k.split()[0] for k, v in gaz.items() if v[0] == PRODUCT),
    )


ROLE_NOUNS = _words("entity_role_nouns.txt")
SPEECH_VERBS = _words("entity_speech_verbs.txt")
ORG_SUFFIXES = _words("entity_org_suffixes.txt")
NOT_NAME_WORDS = _words("entity_not_name_words.txt")
NAME_LIKE_SUFFIXES = _words("entity_name_like_suffixes.txt")
ORG_HEADS = _words("entity_org_heads.txt")
PLACE_SUFFIXES = _words("entity_place_suffixes.txt")
CONNECTORS = _words("entity_connectors.txt")
TITLE_ABBREVS = _words("entity_title_abbrevs.txt")
