from generator.analyse.content import analyse_content
from generator.analyse.entities import Mention, extract_mentions
from generator.link.entities import Entity, entities_worth_a_page, merge_entities
from generator.models import HEADLINE, LEAD


def m(name, type_="person", paragraph=5, text=None):
    """A mention at the start of body paragraph ``paragraph`` (5: outside the lead)."""
    return Mention(text or name, name, type_, 0, len(name), paragraph)


def _analysed(title: str, paragraphs: list[str]) -> list[Mention]:
    return analyse_content(title, paragraphs, [], "2025-10-16").mentions


def _pages(articles: dict[str, list[Mention]]) -> set[str]:
    entities, _ = merge_entities(articles)
    return {e.name for e in entities_worth_a_page(entities)}


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


def test_entity_pages_only_for_repeated_or_lead_entities_through_the_analyser():
    pages = _pages({"a": _analysed("Trump and Putin to meet again", BODY)})
    # Hungary: named once, in the lead. Egypt: once, early in a later paragraph (offset 0 there,
    # which an article-offset reading would take for the lead).
    assert "Hungary" in pages
    assert "Egypt" not in pages
    assert {"Donald Trump", "Vladimir Putin"} <= pages


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
              m("Kyiv", "place", paragraph=HEADLINE), m("Oslo", "place")],
        "b": [m("Oslo", "place")],
    })
    worth = {e.name for e in entities_worth_a_page(ents)}
    assert worth == {"Mark Montgomery", "Kyiv", "Oslo"}


def test_junk_never_worth_a_page():
    junk = Entity("x", "the 3rd", "place", [], ["a", "b"], 5)
    assert entities_worth_a_page([junk]) == []


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
    entities, _ = merge_entities({"a": mentions})
    assert [e.name for e in entities_worth_a_page(entities)] == ["iPhone"]
