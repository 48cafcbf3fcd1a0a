import pytest

import generator.link.entities as entities_module
from generator.analyse.content import analyse_content
from generator.analyse.entities import Mention, extract_mentions
from generator.link.entities import Entity, entities_worth_a_page, link_entities, merge_entities
from generator.models import HEADLINE, LEAD


def m(name, type_="person", paragraph=5, text=None):
    """A mention at the start of body paragraph ``paragraph`` (5: outside the lead)."""
    return Mention(text or name, name, type_, 0, len(name), paragraph)


def _analysed(title: str, paragraphs: list[str]) -> list[Mention]:
    return analyse_content(title, paragraphs, [], "2025-10-16").mentions


def _pages(articles: dict[str, list[Mention]], story_of: dict[str, str]) -> set[str]:
    entities, _ = merge_entities(articles)
    return {e.name for e in entities_worth_a_page(entities, story_of)}


BODY = [
    "Donald Trump said on Thursday he would meet Vladimir Putin in Hungary within two weeks.",
    "The announcement followed a long phone call between the two leaders.",
    "Egypt hosted a separate summit on Gaza earlier this month.",
    "Officials said the talks would focus on the war and on trade.",
]


def test_analysed_mentions_carry_paragraph_and_paragraph_relative_offsets():
    mentions = _analysed("Trump and Putin to meet again", BODY)
    paragraphs = ["Trump and Putin to meet again", *BODY]
    for mention in mentions:
        assert paragraphs[mention.paragraph][mention.start:mention.end] == mention.text
    egypt = next(x for x in mentions if x.name == "Egypt")
    assert (egypt.paragraph, egypt.start) == (3, 0)
    assert {x.text for x in mentions if x.paragraph == HEADLINE} == {"Trump", "Putin"}


SECOND = [
    "Hungary confirmed it would host the meeting between the two presidents.",
    "Diplomats from Egypt and Hungary were not invited to the talks.",
]


def test_entity_pages_only_for_entities_a_report_is_about_through_the_analyser():
    # Two reports of one story. Hungary: in the lead of the first (it is about it) and named in
    # the second. Egypt: in both, but only in passing (early in a later paragraph of the first:
    # offset 0 there, which an article-offset reading would take for the lead).
    articles = {"a": _analysed("Trump and Putin to meet again", BODY),
                "b": _analysed("Budapest summit planned", SECOND + BODY[2:])}
    pages = _pages(articles, {"a": "s", "b": "s"})
    assert "Hungary" in pages
    assert "Egypt" not in pages
    # Trump and Putin lead the first report but are not named in the second: one report only.
    assert not {"Donald Trump", "Vladimir Putin"} & pages
    # The same two reports in two different stories: every name they share connects them.
    assert "Egypt" in _pages(articles, {"a": "s", "b": "t"})


def test_a_single_report_makes_no_entity_page_however_often_it_names_it():
    pages = _pages({"a": _analysed("Trump and Putin to meet again", BODY * 3)}, {"a": "s"})
    assert pages == set()


def test_surname_only_article_attaches_to_full_name_elsewhere():
    ents, per = merge_entities({
        "a": [m("Donald Trump", text="President Donald Trump")],
        "b": [m("Trump"), m("Trump")],
    })
    assert [e.id for e in ents] == ["donald-trump"]
    e = ents[0]
    assert e.name == "Donald Trump" and e.articles == ["a", "b"] and e.mentions == 3
    assert e.aliases == ["President Donald Trump", "Trump"]
    assert per == {"a": ["donald-trump"], "b": ["donald-trump"]}


def test_aliases_are_the_other_ways_of_writing_it():
    ents, _ = merge_entities({
        "a": [m("Donald Trump")],
        "b": [m("Donald Trump", text="President Donald Trump"), m("Trump")],
    })
    assert ents[0].name == "Donald Trump"
    assert ents[0].aliases == ["President Donald Trump", "Trump"]


def test_ambiguous_surname_stays_separate():
    ents, _ = merge_entities({
        "a": [m("Gordon Brown")], "b": [m("Zoe Brown")], "c": [m("Brown")],
    })
    assert sorted(e.name for e in ents) == ["Brown", "Gordon Brown", "Zoe Brown"]


def test_transliteration_variants_merge_across_outlets():
    ents, _ = merge_entities({
        "a": [m("Volodymyr Zelenskyy")], "b": [m("Volodymyr Zelenskiy")], "c": [m("Zelensky")],
    })
    assert len(ents) == 1 and len(ents[0].articles) == 3


def test_fuzzy_surname_merge_requires_same_first_name():
    ents, _ = merge_entities({"a": [m("Muammar Gaddafi")], "b": [m("Muammar Qadhafi")],
                              "c": [m("Saif Gaddafi")]})
    assert sorted(len(e.articles) for e in ents) == [1, 2]


def test_salience_orders_by_count_and_lead():
    ents, per = merge_entities({
        "a": [m("Hungary", "place", paragraph=LEAD), m("Russia", "place"), m("Russia", "place")],
    })
    # Hungary: 1 mention in the lead (score 3) beats Russia: 2 mentions in the body (score 2)
    assert per["a"] == ["hungary", "russia"]


def test_slug_collisions_are_unique():
    ents, _ = merge_entities({"a": [m("Al-Qaeda", "organisation"), m("Al Qaeda", "place")]})
    ids = sorted(e.id for e in ents)
    assert len(ids) == 2 and ids[0] == "al-qaeda" and ids[1].startswith("al-qaeda-")


def test_worth_a_page():
    ents, _ = merge_entities({
        "a": [m("Mark Montgomery"), m("Montgomery"), m("Montgomery"), m("Jane Roe"),
              m("Kyiv", "place", paragraph=HEADLINE), m("Oslo", "place"), m("Lima", "place")],
        "b": [m("Oslo", "place"), m("Kyiv", "place"), m("Lima", "place", paragraph=LEAD)],
        "c": [m("Jane Roe")],
    })
    one_story = {"a": "s", "b": "s", "c": "s"}
    # Kyiv and Lima: two reports, one about it; Oslo: two reports, in passing; the rest: one.
    assert {e.name for e in entities_worth_a_page(ents, one_story)} == {"Kyiv", "Lima"}
    # Jane Roe and Oslo connect two stories.
    two_stories = {"a": "s", "b": "t", "c": "t"}
    assert {e.name for e in entities_worth_a_page(ents, two_stories)} == \
        {"Kyiv", "Lima", "Oslo", "Jane Roe"}


def test_identical_copies_do_not_count_as_a_second_report():
    ents, _ = merge_entities({"a": [m("Kyiv", "place", paragraph=HEADLINE)],
                              "a2": [m("Kyiv", "place", paragraph=HEADLINE)]})
    assert entities_worth_a_page(ents, {"a": "s", "a2": "s"}, copies={"a2"}) == []
    assert [e.name for e in entities_worth_a_page(ents, {"a": "s", "a2": "s"})] == ["Kyiv"]


def test_junk_never_worth_a_page():
    junk = Entity("x", "the 3rd", "place", [], ["a", "b"], 5, ["a"])
    assert entities_worth_a_page([junk], {"a": "s", "b": "t"}) == []


def _worth_by_the_rule(e: Entity, story_of: dict[str, str], copies: set[str]) -> bool:
    """The page rule as stated (entities.py), test by test, for the fast version to match."""
    looks = len(e.name) >= 2 and all(
        any(c.isupper() for c in w) or w in entities_module._LOWER_PARTICLES
        for w in e.name.split()) and (e.type == "product" or not any(c.isdigit() for c in e.name))
    reports = [a for a in e.articles if a not in copies]
    stories = {story_of.get(a, a) for a in e.articles}
    about = any(a not in copies for a in e.lead_articles)
    return e.type in entities_module.PAGE_TYPES and looks and (
        len(stories) >= entities_module.PAGE_MIN_STORIES
        or (about and len(reports) >= entities_module.PAGE_MIN_ARTICLES_ABOUT))


@pytest.mark.parametrize("name", ["Jane Roe", "Éric Zemmour", "Ångström Labs", "de Gaulle",
                                  "Bank of England", "bank of England", "Boeing 787", "iPhone",
                                  "the 3rd", "X", "Boeing ٧٨٧", "Terminal ²", "ǅemal Bijedić",
                                  "Σωκράτης", "ωμέγα Group"])
@pytest.mark.parametrize("type_", ["person", "organisation", "place", "product", "event"])
def test_worth_a_page_as_the_rule_states(name, type_):
    """Every combination of articles, stories, copies and lead mentions gives the rule's
    answer, whatever order the tests are made in."""
    story_of = {"a": "s", "b": "s", "c": "t"}
    for articles in (["a"], ["a", "b"], ["a", "c"], ["a", "b", "c"], ["a", "a"]):
        for leads in ([], ["a"], ["b"]):
            for copies in (set(), {"b"}, {"a", "b"}):
                e = Entity("x", name, type_, [], articles, 3, leads)
                assert (entities_worth_a_page([e], story_of, copies) == [e]) == \
                    _worth_by_the_rule(e, story_of, copies)


def test_end_to_end_on_two_outlets_and_dict_round_trip():
    a = extract_mentions("U.S. President Donald Trump spoke to Zelenskiy in Kiev.")
    b = extract_mentions("Trump met Volodymyr Zelenskyy. Trump flew to Kyiv.")
    ents, per = merge_entities({"a": a, "b": b})
    by_name = {e.name: e for e in ents}
    assert set(by_name) == {"Donald Trump", "Volodymyr Zelenskyy", "Kyiv"}
    assert by_name["Kyiv"].articles == ["a", "b"]
    assert per["b"][0] == "donald-trump"
    assert Entity.from_dict(by_name["Kyiv"].to_dict()) == by_name["Kyiv"]


def test_model_numbers_keep_products_apart():
    from generator.analyse.entities import PRODUCT

    def product(name):
        return Mention(name, name, PRODUCT, 0, len(name), 3)

    entities, _ = merge_entities({"a": [product("Boeing 717")], "b": [product("Boeing 777")]})
    assert sorted(e.name for e in entities) == ["Boeing 717", "Boeing 777"]


def test_products_that_matter_get_a_page():
    from generator.analyse.entities import PRODUCT

    mentions = [Mention("iPhone", "iPhone", PRODUCT, 0, 6, i + 2) for i in range(4)]
    entities, _ = merge_entities({"a": mentions, "b": mentions})
    assert [e.name for e in entities_worth_a_page(entities, {"a": "s", "b": "t"})] == ["iPhone"]


def test_close_spellings_agree_with_the_full_ratio():
    from difflib import SequenceMatcher

    from generator.link.entities import FUZZY_SURNAME_RATIO, _close_spellings

    names = ["gaddafi", "qadhafi", "gadafi", "zelensky", "zelenskyy", "zelenskiy", "li", "lee",
             "obama", "osama", "smith", "smyth", "smithson", "o'neill", "oneil", "x", "xi"]
    for a in names:
        for b in names:
            full = SequenceMatcher(None, a, b).ratio() >= FUZZY_SURNAME_RATIO
            assert _close_spellings(a, b) == full, (a, b)


# ---- the person-name memo (a run after a small change compares only the first names it touches)

ARCHIVE = {
    "a": [m("Muammar Gaddafi"), m("Saif Gaddafi")],
    "b": [m("Muammar Qadhafi"), m("Gordon Brown")],
    "c": [m("Gordon Browne"), m("Zoe Brown")],
    "d": [m("Zoe Ball")],
}


def _merged(articles, memo=None):
    ents, per = merge_entities(articles, memo)
    return [e.to_dict() for e in ents], per


@pytest.mark.parametrize("change", ["add", "remove", "rename"])
def test_people_memo_gives_the_cold_result_after_a_change(change):
    after = dict(ARCHIVE)
    if change == "add":
        after["e"] = [m("Muammar Kadhafi"), m("Gordon Brwn")]
    elif change == "remove":
        del after["b"]  # Qadhafi and Gordon Brown go: Gaddafi and Browne stay apart
    else:
        after["c"] = [m("Gordon Brown"), m("Zoe Balls")]
    memo: dict = {}
    merge_entities(ARCHIVE, memo)
    assert _merged(after, memo) == _merged(after)


def test_people_memo_skips_unchanged_first_names(monkeypatch):
    def surname(name):
        return entities_module._name_key(name).split()[-1]

    memo: dict = {}
    merge_entities(ARCHIVE, memo)
    after = {**ARCHIVE, "e": [m("Zoe Balls")]}
    cold = _merged(after)
    compared: list[tuple[str, str]] = []
    real = entities_module._close_spellings
    monkeypatch.setattr(entities_module, "_close_spellings",
                        lambda a, b: compared.append((a, b)) or real(a, b))
    assert _merged(after, memo) == cold
    warm = {s for pair in compared for s in pair}
    # Only Zoe's full names changed: only her surnames are compared again.
    assert warm and warm <= {surname("Zoe Brown"), surname("Zoe Ball"), surname("Zoe Balls")}
    compared.clear()
    _merged(after)  # without the memo every first name is compared, Muammar's too
    assert (surname("Muammar Gaddafi"), surname("Muammar Qadhafi")) in compared


def test_people_memo_entry_for_other_names_is_not_used():
    memo: dict = {}
    merge_entities({"x": [m("Gordon Brown"), m("Gordon Smith")]}, memo)
    # Same first name, other full names: the stored unions (none) must not be reused.
    ents, _ = merge_entities({"a": [m("Gordon Brown")], "b": [m("Gordon Browne")]}, memo)
    assert [e.name for e in ents if "Gordon" in e.name] in (["Gordon Brown"], ["Gordon Browne"])
    # A planted entry that would merge Gordon Brown and Gordon Smith is ignored likewise.
    memo["gordon"] = (b"stale", ((0, 1),))
    ents, _ = merge_entities({"a": [m("Gordon Brown")], "b": [m("Gordon Smith")]}, memo)
    assert sorted(e.name for e in ents) == ["Gordon Brown", "Gordon Smith"]


def _entity_names(articles: dict[str, list[Mention]]) -> set[tuple[str, ...]]:
    """Each entity as the sorted names of its mentions."""
    entities, _ = merge_entities(articles)
    return {tuple(sorted(set(e.aliases) | {e.name})) for e in entities}


def test_shortened_organisation_means_the_long_name_its_report_named_before():
    articles = {
        "a": [m("United States Air Force", "organisation", 1),
              m("Air Force", "organisation", 3)],
        "b": [m("Air Force", "organisation", 2)],  # the short form alone: same entity
        "c": [m("Airbus A380", "product", 1), m("A380", "product", 4)],
    }
    names = _entity_names(articles)
    assert ("Air Force", "United States Air Force") in names
    assert ("A380", "Airbus A380") in names
    # A report using only the short form: which air force it means is not known there.
    assert ("Air Force",) in names
    _, per_article = merge_entities(articles)
    assert per_article["a"] == ["united-states-air-force"]
    assert per_article["b"] == ["air-force"]


def test_short_name_of_two_long_names_in_a_report_stays_apart():
    articles = {
        "a": [m("United States Air Force", "organisation", 1),
              m("Air Force", "organisation", 3)],
        "b": [m("Royal Air Force", "organisation", 1), m("Air Force", "organisation", 2)],
        "c": [m("Royal Air Force", "organisation", 1),
              m("United States Air Force", "organisation", 2),
              m("Air Force", "organisation", 3)],
    }
    _, per_article = merge_entities(articles)
    # Each report means the air force it named; the report naming two means neither.
    assert per_article["a"] == ["united-states-air-force"]
    assert per_article["b"] == ["royal-air-force"]
    assert per_article["c"] == ["royal-air-force", "united-states-air-force", "air-force"]


def test_short_name_needs_an_article_naming_the_long_one_first():
    # Only ever before the long name, or in other reports than it: not a shortening.
    before = {"a": [m("Air Force", "organisation", 1),
                    m("United States Air Force", "organisation", 3)]}
    apart = {"a": [m("United States Air Force", "organisation", 1)],
             "b": [m("Air Force", "organisation", 1)]}
    for articles in (before, apart):
        assert ("Air Force",) in _entity_names(articles)


def test_shortening_needs_the_same_type_and_the_last_words():
    articles = {
        "a": [m("Boeing 787", "product", 1), m("787", "organisation", 3)],  # not a product
        "b": [m("European Space Agency", "organisation", 1),
              m("Space", "organisation", 2)],  # inside the name, not its end
        # The first words name the parent or the brand, not the same entity.
        "c": [m("Apple Corps", "organisation", 1), m("Apple", "organisation", 2),
              m("iTunes Store", "product", 3), m("iTunes", "product", 4)],
    }
    names = _entity_names(articles)
    assert {("Boeing 787",), ("787",), ("Space",), ("European Space Agency",), ("Apple",),
            ("Apple Corps",), ("iTunes",), ("iTunes Store",)} <= names


def test_short_name_linking_is_independent_of_article_order():
    articles = {
        "b": [m("Royal Navy", "organisation", 1), m("Navy", "organisation", 2)],
        "a": [m("United States Air Force", "organisation", 1),
              m("Force", "organisation", 2), m("Air Force", "organisation", 3)],
    }
    forward = merge_entities(articles)
    backward = merge_entities(dict(reversed(list(articles.items()))))
    assert forward == backward
    # "Force" is the tail of "Air Force" and of "United States Air Force", itself a shortening
    # of the latter: the longest name is meant.
    assert ("Air Force", "Force", "United States Air Force") in _entity_names(articles)


def test_a_shortening_means_in_each_report_what_that_report_named():
    articles = {
        # "Royal Air Force" named after the last "Air Force": not what it shortened
        "a": [m("United States Air Force", "organisation", 1),
              m("Air Force", "organisation", 3), m("Royal Air Force", "organisation", 4)],
        "b": [m("Royal Air Force", "organisation", 1), m("Air Force", "organisation", 2),
              m("Air Force", "organisation", 2), m("Royal Air Force", "organisation", 3)],
        "c": [m("Air Force", "organisation", 1)],
    }
    linked = link_entities(articles)
    by_id = {e.id: e for e in linked.entities}
    # The full name names the entity, however often its shortening is used.
    assert by_id["royal-air-force"].name == "Royal Air Force"
    assert linked.names["a"]["Air Force"] == "united-states-air-force"
    assert linked.names["b"]["Air Force"] == "royal-air-force"
    assert linked.names["c"]["Air Force"] == "air-force"
    assert (linked.entities, linked.per_article) == merge_entities(articles)


@pytest.mark.parametrize("name", [
    "Donald Trump", "Boeing 787", "A380", "BBC", "iPhone 4", "Al Qaeda", "Zelenskyy",
    # not plain: through slugify
    "Al-Qaeda", "O'Neill", "Côte d'Ivoire", "U.S. Air Force", "AT&T", "Smith  Jones", " Lead",
    "Trail ", "Ben &amp; Jerry", "1,000 Club", "Łódź", "Müller", "",
])
def test_name_slug_is_slugify(name):
    assert entities_module.name_slug(name) == entities_module.slugify(name)


def test_name_slug_takes_the_short_way_only_for_plain_names(monkeypatch):
    calls: list[str] = []
    monkeypatch.setattr(entities_module, "slugify", lambda n: calls.append(n) or "x")
    assert entities_module.name_slug("Boeing 787") == "boeing-787"
    entities_module.name_slug("O'Neill")
    assert calls == ["O'Neill"]


# ---- the group memo (a run after a small change makes again only the groups it touches)

ORG = "organisation"
GROUPS_ARCHIVE = {
    "a": [m("Donald Trump", paragraph=HEADLINE), m("Trump"), m("Air France", ORG)],
    "b": [m("Vladimir Putin", paragraph=LEAD), m("Air France", ORG), m("Kyiv", "place")],
    "c": [m("Air-France", ORG), m("Kyiv", "place", paragraph=HEADLINE), m("Zoe Ball")],
    "d": [m("Trump"), m("United States Air Force", ORG), m("Air Force", ORG)],
}
GROUP_CHANGES = {
    "add": {**GROUPS_ARCHIVE, "e": [m("Kyiv", "place"), m("Vladimir Putin", paragraph=HEADLINE)]},
    # a bare surname joins Vladimir Putin's group, whose root becomes its key ("putin"): b's
    # mentions move to it though b did not change
    "surname": {**GROUPS_ARCHIVE, "e": [m("Putin", paragraph=HEADLINE)]},
    "remove": {k: v for k, v in GROUPS_ARCHIVE.items() if k != "b"},
    # the same id, other mentions: Kyiv is no longer in c's headline, Zoe Ball gone
    "change": {**GROUPS_ARCHIVE, "c": [m("Air-France", ORG), m("Kyiv", "place")]},
    # a second Trump: the bare "Trump" of a and d (unchanged reports) no longer has one
    # full name to join, so their mentions move to a group of their own
    "ambiguous": {**GROUPS_ARCHIVE, "e": [m("Melania Trump")]},
    # a name voted another type: Kyiv's group is made again as an organisation
    "retyped": {**GROUPS_ARCHIVE, "e": [m("Kyiv", ORG), m("Kyiv", ORG), m("Kyiv", ORG)]},
    # Air-France named twice more: it now has more mentions than Air France and takes the
    # slug "air-france" Air France had (slugs are unique in order of mentions)
    "slug": {**GROUPS_ARCHIVE, "e": [m("Air-France", ORG), m("Air-France", ORG)]},
}


def _linked(articles, memo=None):
    linked = link_entities(articles, None, memo)
    return ([(e.id, e.to_dict()) for e in linked.entities],
            [(k, v) for k, v in linked.per_article.items()],
            [(k, list(v.items())) for k, v in linked.names.items()])


@pytest.mark.parametrize("change", sorted(GROUP_CHANGES))
def test_group_memo_gives_the_cold_result_after_a_change(change):
    memo = entities_module.GroupMemo()
    link_entities(GROUPS_ARCHIVE, None, memo)
    after = {k: list(v) if k != "a" else GROUPS_ARCHIVE["a"] for k, v in
             GROUP_CHANGES[change].items()}  # some lists new objects, equal to the memo's
    assert _linked(after, memo) == _linked(after)
    assert _linked(GROUPS_ARCHIVE, memo) == _linked(GROUPS_ARCHIVE)  # and back again


def test_group_memo_slug_taken_by_a_new_group():
    before = {e.name: e.id for e in merge_entities(GROUPS_ARCHIVE)[0]}
    memo = entities_module.GroupMemo()
    link_entities(GROUPS_ARCHIVE, None, memo)
    after = {e.name: e.id for e in link_entities(GROUP_CHANGES["slug"], None, memo).entities}
    assert before["Air France"] == after["Air-France"] == "air-france"
    assert after["Air France"] != "air-france"


def test_group_memo_makes_again_only_the_groups_a_change_touches(monkeypatch):
    memo = entities_module.GroupMemo()
    link_entities(GROUPS_ARCHIVE, None, memo)
    made: list[str] = []
    real = entities_module._group
    monkeypatch.setattr(entities_module, "_group",
                        lambda counts, type_: made.append(real(counts, type_).name) or
                        real(counts, type_))
    link_entities(GROUP_CHANGES["add"], None, memo)
    assert sorted(made) == ["Kyiv", "Vladimir Putin"]  # e names Kyiv and Putin only
    made.clear()
    link_entities(GROUP_CHANGES["surname"], None, memo)
    # e leaves Kyiv; its "Putin" moves b's mentions (Putin, Air France, Kyiv) to new roots
    assert sorted(made) == ["Air France", "Kyiv", "Vladimir Putin"]
    made.clear()
    link_entities(GROUP_CHANGES["surname"], None, memo)
    assert made == []
    made.clear()
    link_entities(GROUP_CHANGES["surname"], None, None)  # without the memo: every group
    assert len(made) == len(merge_entities(GROUP_CHANGES["surname"])[0])


def test_group_memo_through_pickle_and_without_an_articles_mentions():
    """The run state gives a memo its articles' mentions as the articles it loads (equal
    lists); one it cannot name is an object equal to nothing: counted afresh, same result."""
    import pickle

    memo = entities_module.GroupMemo()
    link_entities(GROUPS_ARCHIVE, None, memo)
    loaded = pickle.loads(pickle.dumps(memo))
    assert _linked(GROUP_CHANGES["change"], loaded) == _linked(GROUP_CHANGES["change"])
    memo = pickle.loads(pickle.dumps(loaded))
    memo.articles["b"] = (object(), memo.articles["b"][1])
    assert _linked(GROUP_CHANGES["remove"], memo) == _linked(GROUP_CHANGES["remove"])


def test_group_memo_keys_only_the_names_new_to_it(monkeypatch):
    """A name's key is kept with the memo: a run after a change keys only its new names, and
    the memo holds this run's names only."""
    memo = entities_module.GroupMemo()
    link_entities(GROUPS_ARCHIVE, None, memo)
    keyed: list[str] = []
    real = entities_module._name_key.__wrapped__
    monkeypatch.setattr(entities_module, "_name_key",
                        lambda name: keyed.append(name) or real(name))
    after = {**GROUP_CHANGES["remove"], "e": [m("Kyiv", "place"), m("Olena Zelenska")]}
    warm = _linked(after, memo)
    assert keyed == ["Olena Zelenska"]
    assert warm == _linked(after)
    names = {x.name for ms in after.values() for x in ms}
    assert memo.keys == {name: real(name) for name in names}


# The straightforward form of translit_key (the function is the same with shortcuts taken).
def _translit_reference(word: str) -> str:
    import re
    import unicodedata

    w = unicodedata.normalize("NFKD", word.lower())
    w = "".join(c for c in w if c.isalpha())
    for a, b in (("yy", "y"), ("iy", "y"), ("yi", "y"), ("ij", "y"), ("ii", "y"), ("kh", "h"),
                 ("ph", "f"), ("ck", "k"), ("dh", "d"), ("tz", "ts"), ("q", "k"), ("w", "v")):
        w = w.replace(a, b)
    w = w.replace("y", "i").replace("j", "i")
    return re.sub(r"(.)\1+", r"\1", w)


@pytest.mark.parametrize("name", [
    "Zelenskyy", "Zelensky", "Zelenskiy", "Gaddafi", "Qadhafi", "Khodorkovsky", "Müller",
    "Mueller", "Éric Zemmour", "Ødegaard", "Łukasz", "Ångström", "Straße", "Ⅻ", "ﬁnn",
    "Зеленський", "Путин", "Τσίπρας", "Αλέξης", "O'Neill", "D’Souza", "Jean-Luc", "al-Assad",
    "Bin Laden", "A380", "Boeing 777", "F-35", "Ng", "Wójcik", "Nguyễn", "", "'", "---",
    "Xi Jinping", "Ahmadinejad", "Tzipi Livni", "McKinsey & Co", "Phuket", "Dhaka", "Ijssel",
])
def test_name_keys_are_the_straightforward_functions(name):
    from generator.analyse.entities import translit_key

    for word in name.split() or [name]:
        assert translit_key(word) == _translit_reference(word)
    reference = " ".join(w.lower() if any(c.isdigit() for c in w) else _translit_reference(w)
                         for w in name.split())
    assert entities_module._name_key(name) == reference


# ---- names and shortenings kept from last run (what link() gives link_entities)

def _run(articles, memo, last=None):
    """link_entities as link() calls it: with last run's entities and names (``last``, the
    LinkedEntities of the run that last updated ``memo``)."""
    return link_entities(articles, None, memo, entities_module.LastOutputs(
        {e.id: e for e in last.entities}, last.per_article, last.names) if last else None)


def _values(linked):
    return ([(e.id, e.to_dict()) for e in linked.entities],
            [(k, v) for k, v in linked.per_article.items()],
            sorted((k, list(v.items())) for k, v in linked.names.items()))


# d shortens the United States Air Force to "Air Force" in its next paragraph
NAMES_ARCHIVE = {**GROUPS_ARCHIVE, "d": [m("Trump"), m("United States Air Force", ORG),
                                         m("Air Force", ORG, paragraph=6)],
                 "g": [m("Armada", ORG, text="Navy"), m("Navy", ORG)]}
NAME_CHANGES = {
    **{change: {**NAMES_ARCHIVE, **{k: v for k, v in articles.items() if k != "d"}}
       for change, articles in GROUP_CHANGES.items()},
    "remove": {k: v for k, v in NAMES_ARCHIVE.items() if k != "b"},
    # "Navy" becomes a shortening (in f): in g, which did not change, "Navy" is then the
    # name of the Navy, no longer of the Armada it also writes so
    "shortened elsewhere": {**NAMES_ARCHIVE, "f": [m("Royal Navy", ORG),
                                                   m("Navy", ORG, paragraph=6)]},
    # a new written form of Kyiv: b and c name it too (their names gain the alias)
    "alias": {**NAMES_ARCHIVE, "e": [m("Kyiv", "place", text="Kiev")]},
    # d's shortening goes when "Air Force" is voted a place
    "shortening retyped": {**NAMES_ARCHIVE, "e": [m("Air Force", "place")] * 3},
    # d no longer shortens: no name of it is kept
    "shortening gone": {**NAMES_ARCHIVE, "d": GROUPS_ARCHIVE["d"]},
}


@pytest.mark.parametrize("change", sorted(NAME_CHANGES))
def test_names_kept_from_last_run_give_the_cold_result(change):
    memo = entities_module.GroupMemo()
    last = _run(NAMES_ARCHIVE, memo)
    after = {k: list(v) if k != "c" else NAMES_ARCHIVE["c"] for k, v in
             NAME_CHANGES[change].items()}
    warm = _run(after, memo, last)
    assert _values(warm) == _values(link_entities(after))
    back = _run(NAMES_ARCHIVE, memo, warm)
    assert _values(back) == _values(link_entities(NAMES_ARCHIVE))


def test_unchanged_articles_keep_last_runs_names_and_shortenings(monkeypatch):
    memo = entities_module.GroupMemo()
    last = _run(NAMES_ARCHIVE, memo)
    assert memo.tails == {"d": {"air force": ("united states air force",)}}
    looked: list[list[Mention]] = []
    real = entities_module._tails
    monkeypatch.setattr(entities_module, "_tails",
                        lambda mentions, *args: looked.append(mentions) or real(mentions, *args))
    after = {**NAMES_ARCHIVE, "e": [m("Zoe Ball", text="Zoe"), m("Lufthansa", ORG)]}
    warm = _run(after, memo, last)
    assert looked == [after["e"]]  # d's shortening is last run's
    assert warm.names["a"] is last.names["a"] and warm.names["b"] is last.names["b"]
    assert warm.names["d"] is not last.names["d"]  # it shortens: made again
    assert "Zoe" in warm.names["c"]  # c names Zoe Ball, who has a new alias: made again
    # each article's entities by salience come from last run's output, not a memo table
    assert warm.per_article["a"] is last.per_article["a"]
    assert not hasattr(memo, "salience") and "salience" not in memo.LOG_TABLES
    assert _values(warm) == _values(link_entities(after))
