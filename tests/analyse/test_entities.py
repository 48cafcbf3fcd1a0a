from pathlib import Path

import pytest

from generator.analyse.entities import Mention, extract_mentions

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def names(text: str) -> dict[str, str]:
    return {m.name: m.type for m in extract_mentions(text)}


def test_titles_are_stripped_and_surnames_attach_to_full_name():
    text = (
        "U.S. President Donald Trump met reporters on Monday. President Donald Trump said "
        "the talks went well. Later Trump left."
    )
    ms = extract_mentions(text)
    assert {m.name for m in ms} == {"Donald Trump"}
    first = ms[0]
    assert first.text == "U.S. President Donald Trump"
    assert text[first.start : first.end] == first.text
    assert all(m.type == "person" for m in ms)
    assert len(ms) == 3


def test_surname_attaches_to_unknown_full_name_in_same_article():
    text = "Yuri Ushakov, an aide, spoke on Friday. Later that day, Ushakov said no deal was near."
    ms = extract_mentions(text)
    assert [m.name for m in ms] == ["Yuri Ushakov", "Yuri Ushakov"]


@pytest.mark.parametrize("spelling", ["Zelenskyy", "Zelensky", "Zelenskiy"])
def test_zelenskyy_spellings(spelling):
    assert names(f"The talks with {spelling} ended.") == {"Volodymyr Zelenskyy": "person"}


def test_kiev_is_kyiv():
    assert names("Missiles were sent to Kiev last year.") == {"Kyiv": "place"}


def test_required_types():
    text = (
        "Officials in Ukraine, Russia, Hungary, Budapest, Israel, Gaza, Moscow and Washington "
        "watched. The Senate, Hamas, the Knesset, the White House and the Associated Press "
        "commented, as did analysts at the Foundation for Defense of Democracies. "
        "Vladimir Putin met envoy Steve Witkoff. Sen. Lindsey Graham and Joe Biden spoke. "
        "Yuri Ushakov, an adviser, agreed with analyst Mark Montgomery."
    )
    got = names(text)
    for place in ["Ukraine", "Russia", "Hungary", "Budapest", "Israel", "Gaza", "Moscow",
                  "Washington"]:
        assert got.get(place) == "place", place
    for org in ["Senate", "Hamas", "Knesset", "White House", "Associated Press",
                "Foundation for Defense of Democracies"]:
        assert got.get(org) == "organisation", org
    for person in ["Vladimir Putin", "Steve Witkoff", "Lindsey Graham", "Joe Biden",
                   "Yuri Ushakov", "Mark Montgomery"]:
        assert got.get(person) == "person", person


def test_no_junk_from_sentence_starts_dates_pronouns_and_boilerplate():
    text = (
        "However, the talks stalled on Thursday in March. Although He said nothing, They left.\n"
        "Leave a comment\nTrending\nGet breaking National news\n"
        "Related Press writers Fatima Hussein and Didi Tang contributed to this report."
    )
    assert names(text) == {}


def test_no_fragments_from_state_tags_oval_or_demonyms():
    text = (
        "The bill is sponsored by Sen. Lindsey Graham, R-S.C., after their Oval Workplace dialog. "
        "Ukrainian forces and Russian troops clashed."
    )
    assert names(text) == {"Lindsey Graham": "person"}


def test_title_case_headline_yields_only_confirmed_names():
    text = ("Trump Weighs Long-Range Missiles For Ukraine Amid Talks\n"
            "Donald Trump said Ukraine needs help.")
    assert names(text) == {"Donald Trump": "person", "Ukraine": "place"}


def test_spun_text_does_not_invent_home():
    text = "Trump met Zelenskyy on the White Home lawn. Related Press writers contributed."
    got = names(text)
    assert "Home" not in got and "White Home" not in got and "Related Press" not in got


def test_hyphenated_pair_yields_both_entities():
    assert names("A fragile Israel-Hamas truce held.") == {"Israel": "place",
                                                           "Hamas": "organisation"}


def test_mention_round_trips_and_output_is_deterministic():
    text = (SEEDS / "000_82f1fc805ef2a3d3.txt").read_text(encoding="utf-8")
    ms = extract_mentions(text)
    assert ms == extract_mentions(text)
    assert [Mention.from_dict(m.to_dict()) for m in ms] == ms
    assert ms == sorted(ms, key=lambda m: (m.start, m.end))
    assert all(text[m.start : m.end] == m.text for m in ms)


def test_spun_seed_has_expected_people_and_no_junk():
    got = names((SEEDS / "000_82f1fc805ef2a3d3.txt").read_text(encoding="utf-8"))
    for person in ["Donald Trump", "Vladimir Putin", "Volodymyr Zelenskyy", "Yuri Ushakov",
                   "Steve Witkoff", "Mark Montgomery", "Lindsey Graham", "Joe Biden"]:
        assert got.get(person) == "person"
    for junk in ["Home", "White Home", "Oval", "Related Press", "Though", "Trump Weighs"]:
        assert junk not in got


def test_employer_before_role_noun_is_not_a_person():
    text = "Prices rose, said Global Insight analyst Howard Archer on Monday."
    assert names(text) == {"Howard Archer": "person"}


def test_capitalised_run_ending_in_an_organisation_head_is_an_organisation():
    text = ("Singapore Airlines and China Eastern Airlines ordered jets. The United States "
            "Air Force chose a tanker. Apple Corps sued.")
    got = names(text)
    for org in ["Singapore Airlines", "China Eastern Airlines", "United States Air Force",
                "Apple Corps"]:
        assert got.get(org) == "organisation", org
    assert "Singapore" not in got and "Airlines" not in got


def test_of_complement_stays_with_the_organisation():
    got = names("He spoke to the Westminster Foundation for Democracy on Monday.")
    assert got == {"Westminster Foundation for Democracy": "organisation"}


def test_acronym_used_twice_is_an_organisation():
    text = "ZAXO said profits rose. Analysts expect ZAXO to grow. The CEO left. NBQ is new."
    got = names(text)
    assert got.get("ZAXO") == "organisation"
    assert "CEO" not in got and "NBQ" not in got  # listed non-organisation / seen once


def test_role_words_are_not_people():
    text = ("Boeing Chief Financial Officer Michael Sears resigned. Spokeswoman Sandy Angers "
            "said so. Airlines said nothing. General Motors and the Justice Department agreed.")
    got = names(text)
    assert got.get("Michael Sears") == "person" and got.get("Sandy Angers") == "person"
    assert got.get("General Motors") == "organisation"
    assert got.get("Justice Department") == "organisation"
    assert not any(w in n for n in got for w in ("Officer", "Airlines", "Spokeswoman"))


def test_products_from_makers_model_numbers_and_i_names():
    text = ("Airbus delivered its first Airbus A380 while Boeing 787 Dreamliners waited. "
            "The A380 seats 500. Apple sold iPhones and the iPhone 4 through iTunes.")
    got = names(text)
    assert got.get("Airbus A380") == "product" and got.get("Boeing 787 Dreamliner") == "product"
    assert got.get("iPhone") == "product" and got.get("iPhone 4") == "product"
    assert got.get("iTunes") == "product"
    assert got.get("Airbus") == "organisation" and got.get("Apple") == "organisation"
    bare = [m for m in extract_mentions(text) if m.text == "A380"]
    assert bare and bare[0].name == "Airbus A380"  # the bare code resolves in the article


def test_an_acronym_of_an_organisation_the_article_names_is_that_organisation():
    text = ("Singapore Airlines took delivery of its first jet on Monday. SIA chief executive "
            "Chew Choon Seng spoke. SIA has ordered 19 jets.")
    mentions = extract_mentions(text)
    assert {m.name for m in mentions if m.text == "SIA"} == {"Singapore Airlines"}
    assert "SIA" not in names(text)


def test_an_acronym_that_fits_no_or_two_organisations_stays_as_it_is():
    alone = "SIA said profits rose. Analysts expect SIA to grow."
    assert names(alone).get("SIA") == "organisation"
    two = ("Singapore Airlines and Sabah Island Airways met. SIA said profits rose. "
           "Analysts expect SIA to grow.")
    assert names(two).get("SIA") == "organisation"


@pytest.mark.parametrize(("acronym", "name", "expected"), [
    ("SIA", "Singapore Airlines", True),  # S-I-ngapore A-irlines
    ("USAF", "United States Air Force", True),
    ("NASA", "National Aeronautics and Space Administration", True),  # "and" is minor
    ("SIA", "Southwest Airlines", False),  # no "i" before "Airlines"
    ("EADS", "European Space Agency", False),
    ("BA", "Airbus Boeing", False),  # the first letter starts the name
    ("EADS", "European Aeronautic Defence and Space Company", False),  # "Company" unused
])
def test_abbreviates_reads_the_letters_off_every_major_word_in_order(acronym, name, expected):
    from generator.analyse.entities.resolve import abbreviates
    assert abbreviates(acronym, name) is expected
