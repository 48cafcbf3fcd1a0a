import datetime as dt

import pytest

from generator.analyse.events import extract_events, retold_past_verbs, verb_heads, verb_phrases
from generator.analyse.timex import tag
from generator.timex_value import UNDATED

DCT = dt.date(2025, 10, 16)


def events(text, names=()):
    sentence_names = [[tuple(names)] * 10]
    return extract_events([text], [tag(text, DCT)], sentence_names, DCT.isoformat())


def test_date_outside_the_quote_wins():
    (event,) = events("“We made progress today,” Trump said on Wednesday evening.")
    assert event.value == "2025-10-15TEV"


def test_durations_and_present_references_make_no_event():
    assert events("The war has lasted four years and continues now.") == []


def test_date_not_set_makes_an_undated_upcoming_event():
    (event,) = events("A date has not been set, but the summit will be in Budapest.")
    assert event.value == UNDATED and event.upcoming


def test_future_date_is_upcoming_and_paragraph_is_recorded():
    (event,) = events("Trump will meet Zelenskyy on Friday.", names=["Donald Trump"])
    assert (event.value, event.upcoming, event.paragraph) == ("2025-10-17", True, 1)
    assert event.entities == ("Donald Trump",)


def test_one_event_per_sentence():
    found = events("Trump met Putin in Alaska in August. He spoke to reporters on Sunday.")
    assert [e.value for e in found] == ["2025-08", "2025-10-12"]


def test_next_winter_is_upcoming_after_october():
    (event,) = events("The two leaders will meet again next winter.")
    assert (event.value, event.granularity, event.upcoming) == ("2025-WI", "season", True)


def test_undated_reporting_sentence_in_the_lead_is_dated_to_publication():
    (event,) = events("Airbus has announced 10,000 job cuts over the next four years.")
    assert (event.value, event.granularity, event.upcoming) == ("2025-10-16", "day", False)


def test_undated_sentences_after_the_lead_make_no_event():
    text = "Airbus has announced job cuts."
    sentence_names = [[()], [()], [()]]
    found = extract_events(["Intro.", "More.", text], [[], [], tag(text, DCT)],
                           sentence_names, DCT.isoformat())
    assert found == []


def test_a_named_actor_reported_as_having_acted_is_dated_to_the_report_anywhere():
    text = "Boeing has delivered the final 717 jet."
    found = extract_events(["Intro.", "More.", text], [[], [], tag(text, DCT)],
                           [[()], [()], [("Boeing",)]], DCT.isoformat())
    (event,) = found
    assert (event.paragraph, event.value, event.timex, event.upcoming) == \
        (3, "2025-10-16", "", False)


def paragraph_events(paragraphs, names_per_paragraph, people=()):
    """Events of several one-sentence paragraphs, each with the names given for it."""
    timexes = [tag(p, DCT) for p in paragraphs]
    return extract_events(paragraphs, timexes, [[tuple(n)] for n in names_per_paragraph],
                          DCT.isoformat(), people)


def test_a_reported_event_with_no_date_is_anchored_to_the_last_day_the_article_named():
    found = paragraph_events(
        ["Apple unveiled the new phone on Monday.", "Jobs praised its antenna design.",
         "Boeing expects more orders next year.", "Boeing said it will hire."],
        [["Apple"], ["Steve Jobs"], ["Boeing"], ["Boeing"]])
    assert [(e.paragraph, e.value, e.timex) for e in found] == [
        (1, "2025-10-13", "Monday"), (2, "2025-10-13", ""), (3, "2026", "next year"),
        (4, "2025-10-13", "")]  # a future date does not move the reference time


def test_with_no_day_named_before_a_reported_event_is_anchored_to_the_publication_day():
    (event,) = paragraph_events(["Intro without a date.", "Filler.", "Boeing received a "
                                 "congratulatory letter from Airbus."],
                                [[], [], ["Boeing", "Airbus"]])
    assert (event.paragraph, event.value, event.granularity, event.upcoming) == \
        (3, "2025-10-16", "day", False)


def test_a_future_day_does_not_move_the_reference_time():
    found = paragraph_events(["Trump will meet Zelenskyy on Friday.",
                              "Trump called Putin."], [["Donald Trump"], ["Donald Trump"]])
    assert [e.value for e in found] == ["2025-10-17", "2025-10-16"]


def test_a_birth_date_does_not_move_the_reference_time():
    found = paragraph_events(["Apple unveiled the new phone on Monday.",
                              "Jobs, born in San Francisco on February 24, 1955, has built "
                              "Apple.", "Jobs praised its antenna design."],
                             [["Apple"], ["Steve Jobs", "Apple"], ["Steve Jobs"]])
    assert [e.value for e in found] == ["2025-10-13", "1955-02-24", "2025-10-13"]


def test_an_earlier_day_named_later_is_a_flashback_that_does_not_move_the_reference_time():
    found = paragraph_events(["Steve Jobs died on Wednesday.",
                              "On August 24, Jobs resigned from his post.",
                              "Bill Gates praised his work."],
                             [["Steve Jobs"], ["Steve Jobs"], ["Bill Gates"]])
    assert [e.value for e in found] == ["2025-10-15", "2025-08-24", "2025-10-15"]


def test_a_day_between_the_story_day_and_a_later_one_moves_the_reference_time_back():
    found = paragraph_events(["Apple unveiled the laptop on Monday.",
                              "Steve Jobs spoke to reporters today.",
                              "On Tuesday, Jobs met Intel.", "Jobs praised its chips."],
                             [["Apple"], ["Steve Jobs"], ["Steve Jobs", "Intel"],
                              ["Steve Jobs"]])
    assert [e.value for e in found] == ["2025-10-13", "2025-10-16", "2025-10-14", "2025-10-14"]


def test_a_leading_pronoun_gives_the_event_the_person_it_stands_for():
    found = paragraph_events(["Steve Jobs spoke in San Francisco on Monday.",
                              "He demoed the new widget."],
                             [["Steve Jobs", "San Francisco"], []], people=["Steve Jobs"])
    demo = found[-1]
    assert demo.statement == "Jobs demoed the new widget."
    assert demo.entities == ("Steve Jobs",) and demo.value == "2025-10-13"


def test_a_pronoun_takes_the_fuller_of_two_names_for_one_person_in_any_order():
    # "De Vido" sits inside "Julio De Vido": both end at the same place, and the choice must
    # not depend on the order of ``people`` (a set's order changes with the hash seed).
    paragraphs = ["Planning minister Julio De Vido met the firm on Monday.",
                  "He said a contribution could be made."]
    for people in (["De Vido", "Julio De Vido"], ["Julio De Vido", "De Vido"]):
        found = paragraph_events(paragraphs, [["Julio De Vido"], []], people=people)
        assert found[-1].entities == ("Julio De Vido",), people


def test_sentences_without_an_event_verb_or_an_actor_make_no_event():
    assert paragraph_events([
        "The aircraft has a wingspan of 79 metres and seats 555 passengers.",  # no event verb
        "“We made a wonderful plane, and we are proud of it.”",  # the verb is only quoted
        "Did Boeing expect the order?",  # a question
        "Airbus will deliver the proposed freighter.",  # a participle as adjective, future
        "The order was finally confirmed.",  # an event, but no actor
    ], [["Boeing"], ["Boeing"], ["Boeing"], ["Airbus"], []]) == []


def test_a_company_referred_to_as_the_company_is_an_actor():
    (event,) = paragraph_events(["Intro.", "Filler.", "The company said the planes would "
                                 "meet additional demand."], [[], [], []])
    assert event.paragraph == 3 and event.entities == ()


def test_the_headline_company_or_product_under_a_description_is_an_actor():
    found = paragraph_events(["Intro.", "Filler.", "The massive airliner flew on to Sydney.",
                              "The weather turned."], [[], [], [], []])
    assert [e.paragraph for e in found] == [3]


def test_a_pronoun_inside_the_sentence_gives_the_event_its_person():
    found = paragraph_events(["Steve Jobs founded Apple in 1976.",
                              "In 1986 he bought Pixar from Lucasfilm."],
                             [["Steve Jobs", "Apple"], ["Pixar", "Lucasfilm"]],
                             people=["Steve Jobs"])
    assert found[-1].value == "1986" and found[-1].entities[0] == "Steve Jobs"
    assert found[-1].statement.startswith("In 1986 he bought")  # only a leading one is named


def test_a_pronoun_after_a_person_named_in_the_sentence_is_that_person():
    found = paragraph_events(["Donald Trump spoke to reporters on Monday.",
                              "Vladimir Putin said he rejected the offer."],
                             [["Donald Trump"], ["Vladimir Putin"]],
                             people=["Donald Trump", "Vladimir Putin"])
    assert found[-1].entities == ("Vladimir Putin",)


def test_a_date_of_an_announced_plan_does_not_date_the_announcement():
    found = paragraph_events(["Apple held its conference on Monday.",
                              "Jobs announced that Leopard would be released in 2007."],
                             [["Apple"], ["Steve Jobs", "Leopard"]])
    assert [(e.value, e.timex) for e in found] == [("2025-10-13", "Monday"),
                                                    ("2025-10-13", "")]
    (plan,) = paragraph_events(["Leopard will be released in 2026, Apple said."],
                               [["Apple", "Leopard"]])
    assert plan.value == "2026" and plan.upcoming  # the plan itself keeps its date


# The headline (paragraph 0) reports the article's main event.

def _with_headline(title, paragraphs, names=("Airbus",)):
    from generator.analyse.events import Headline
    headline = Headline(title, tuple(tag(title, DCT)), tuple(names))
    sentence_names = [[tuple(names)] * 10 for _ in paragraphs]
    return extract_events(paragraphs, [tag(p, DCT) for p in paragraphs], sentence_names,
                          DCT.isoformat(), headline=headline)


def test_the_headline_event_takes_the_date_of_the_lead_event():
    found = _with_headline("Airbus cuts 10,000 jobs",
                           ["Airbus said on Monday it would cut 10,000 jobs.", "Filler."])
    headline = found[0]
    assert (headline.paragraph, headline.value, headline.timex) == (0, "2025-10-13", "")
    assert headline.statement == "Airbus cuts 10,000 jobs"
    assert found[1].paragraph == 1 and found[1].value == "2025-10-13"


def test_a_headline_with_its_own_date_keeps_it_and_without_a_dated_lead_takes_the_dct():
    (own, *_) = _with_headline("Airbus A380 flies on Monday", ["Nothing dated here."])
    assert (own.value, own.timex) == ("2025-10-13", "Monday")
    (dct, *_) = _with_headline("Airbus A380 makes first flight", ["Nothing dated here."])
    assert (dct.value, dct.granularity, dct.timex) == ("2025-10-16", "day", "")


def test_a_headline_naming_no_actor_or_asking_a_question_makes_no_event():
    lead = ["Airbus said on Monday it would cut jobs."]
    assert [e.paragraph for e in _with_headline("Jobs cut in Europe", lead, names=())] == [1]
    assert [e.paragraph for e in _with_headline("Will Airbus cut jobs?", lead)] == [1]


def test_an_upcoming_lead_event_does_not_date_the_headline():
    (headline, *_) = _with_headline("Airbus plans cuts",
                                    ["Airbus will announce cuts on Friday."])
    assert (headline.value, headline.upcoming) == ("2025-10-16", False)


def test_coordinated_predicates_with_their_own_dates_are_two_events_with_the_subject():
    text = ("Apple Computer was started by Steve Jobs and Steve Wozniak in 1976, and launched "
            "the iTunes Music Store in 2003.")
    found = events(text, names=["Apple Computer"])
    assert [(e.value, e.statement) for e in found] == [
        ("1976", "Apple Computer was started by Steve Jobs and Steve Wozniak in 1976."),
        ("2003", "Apple Computer launched the iTunes Music Store in 2003.")]


def test_a_coordinated_predicate_after_he_takes_the_person_named_before():
    paragraphs = ["Steve Jobs led Apple.",
                  "He fought cancer in 2004 and took six months off in early 2009."]
    found = extract_events(paragraphs, [tag(p, DCT) for p in paragraphs],
                           [[("Steve Jobs",)], [()]], DCT.isoformat(), people=["Steve Jobs"])
    assert [(e.value, e.statement) for e in found if e.timex] == [
        ("2004", "Jobs fought cancer in 2004."),
        ("2009", "Jobs took six months off in early 2009.")]


def test_no_split_without_a_date_in_each_predicate_or_a_subject_before_the_verb():
    (one,) = events("Boeing said on Monday it delayed the plane and cut jobs.", names=["Boeing"])
    assert one.statement.startswith("Boeing said on Monday")
    (adverbial,) = events("In 2004, Jobs fought cancer and took leave in 2009.",
                          names=["Steve Jobs"])
    assert adverbial.value == "2004"


def test_a_date_of_a_plan_the_sentence_says_changed_yields_to_the_date_that_holds():
    (event,) = events("The jet's delivery, originally due later this year, will be delayed "
                      "until October 2026.", names=["Airbus"])
    assert (event.value, event.upcoming) == ("2026-10", True)
    (event,) = events("Airbus postponed the launch from 2024 to 2027.", names=["Airbus"])
    assert event.value == "2027"
    (event,) = events("The launch, initially scheduled for 2023, took place in May 2024.",
                      names=["Airbus"])
    assert event.value == "2024-05"


def test_a_changed_plans_date_still_dates_a_sentence_naming_no_other():
    (event,) = events("The launch was originally scheduled for 2023.", names=["Airbus"])
    assert event.value == "2023"


def test_a_plan_told_in_the_past_yields_to_the_date_that_now_holds():
    (event,) = events("ANA were to take delivery in May 2024, but will now receive the "
                      "aircraft next month.", names=["ANA"])
    assert event.value == "2025-11"


# A date in a comma-delimited aside describes the noun the aside is about, not the event the
# sentence reports (TimeML anchors each event to the TIMEX of its own clause).
def test_a_date_in_a_participle_aside_does_not_date_the_main_clause():
    text = ("The carmaker has confirmed that the factory, opened three years ago, "
            "will close.")
    found = events(text, ["Volvo"])
    assert [(e.value, e.timex) for e in found] == [(DCT.isoformat(), "")]
    assert found[0].statement == "The carmaker has confirmed that the factory will close."


def test_a_relative_aside_with_its_own_date_is_an_event_of_its_own():
    text = "Smith, who joined the club in 2019, signed a new contract on Monday."
    found = events(text, ["Smith"])
    assert [(e.value, e.statement) for e in found] == [
        ("2019", "Smith joined the club in 2019."),
        ("2025-10-13", "Smith signed a new contract on Monday."),
    ]


def test_a_relative_aside_holding_the_only_date_leaves_the_main_event_to_context():
    text = "Jones, who resigned in March, said the board had failed."
    found = events(text, ["Jones"])
    assert [(e.value, e.statement) for e in found] == [
        ("2025-03", "Jones resigned in March."),
        (DCT.isoformat(), "Jones said the board had failed."),
    ]


def test_a_birth_date_aside_still_dates_the_sentence():
    text = "Jobs, born in San Francisco on February 24, 1955, has built a company."
    assert [e.value for e in events(text, ["Jobs"])] == ["1955-02-24"]


def test_an_aside_with_no_date_changes_nothing():
    text = "The plant, which employs 500 people, was sold on Monday."
    found = events(text, ["Ford"])
    assert [(e.value, e.statement) for e in found] == [
        ("2025-10-13", "The plant, which employs 500 people, was sold on Monday.")]


# A list of dates ("in March and June") gives the event at each; a range does not.
def test_each_date_of_a_list_is_an_occurrence_of_the_event():
    text = "Ford cut jobs in 2008, 2009 and 2010."
    assert [e.value for e in events(text, ["Ford"])] == ["2008", "2009", "2010"]


@pytest.mark.parametrize("text", [
    "Ford cut jobs between March and June.",  # a range
    "On March 3, April's vote was called off by Ford.",  # a possessive date: another noun's
])
def test_dates_that_are_no_list_give_one_event(text):
    assert len(events(text, ["Ford"])) == 1


def test_a_relative_aside_after_a_later_noun_gives_no_event_under_its_date():
    # The whole sentence under 1976 would tell the praise at the wrong date.
    text = "Smith praised the design of the Rover, which was first built in 1976."
    found = events(text, ["Smith"])
    assert [(e.value, e.statement) for e in found] == [
        (DCT.isoformat(), "Smith praised the design of the Rover.")]


def test_a_date_in_an_aside_does_not_move_the_reference_time():
    # The narrative's time is the main events', not the asides' (TimeML news anchoring).
    found = paragraph_events(
        ["Smith, who arrived on Monday, praised the team.", "The club said it was pleased."],
        [["Smith"], ["Smith"]])
    assert [(e.paragraph, e.value, e.statement) for e in found] == [
        (1, "2025-10-13", "Smith arrived on Monday."),
        (1, "2025-10-16", "Smith praised the team."),
        (2, "2025-10-16", "The club said it was pleased.")]


def test_a_delay_of_an_event_takes_the_new_date_the_next_sentence_gives():
    text = ("The council said it regrets the latest delay in opening of the new bridge. "
            "The opening, first planned for this summer, has been postponed until March 2026.")
    found = events(text, names=["Riverside Council"])
    delay = [e for e in found if e.sentence.startswith("The council")]
    assert sorted(e.value for e in delay) == ["2025-10-16", "2026-03"]


def test_a_dated_sentence_about_another_noun_gives_the_delay_no_new_date():
    text = ("The council said it regrets the latest delay in opening of the new bridge. "
            "The contract for the tunnel has been postponed until March 2026.")
    found = events(text, names=["Riverside Council"])
    assert [e.value for e in found if e.sentence.startswith("The council")] == ["2025-10-16"]


@pytest.mark.parametrize(("sentence", "retold"), [
    ("When Apple CEO Steve Jobs first introduced iPhone 4, he praised the antenna.",
     {"introduced"}),
    ("Jobs took six months off, later revealing he had undergone a liver transplant.",
     {"undergo"}),
    ("A deputy ran the firm while the chief executive underwent surgery.", {"undergo"}),
    # The day's news, a present state, a preposition, reported speech: no retold act.
    ("Jobs returned to the stage to reveal the new service.", set()),
    ("The use of stem cells is already allowed and has been extended.", set()),
    ("Riise volleyed Liverpool ahead after 45 seconds but Gerrard scored an own goal.", set()),
    ("Howard said Lord Butler had given damaging testimony.", set()),
])
def test_retold_past_verbs_are_background_acts_outside_reported_speech(sentence, retold):
    assert retold_past_verbs(sentence) == retold


def test_a_verb_phrase_holds_what_was_done_and_a_passive_subject():
    phrases = {p.verb: p for p in verb_phrases(
        "Apple has sold six million iPods since the gadget was launched in shops.")}
    assert set(phrases) == {"launched"}  # "has sold" is a present perfect
    assert phrases["launched"].retold
    assert phrases["launched"].words.split() == ["iPods", "since", "the", "gadget", "in", "shops"]
    ing = verb_phrases("While introducing iPhone 4, Jobs joked.", with_ing=True)
    assert {(p.verb, p.retold) for p in ing} == {("joked", False), ("introducing", False)}


@pytest.mark.parametrize(("sentence", "heads"), [
    ("While introducing iPhone 4, Jobs joked that he had underwent surgery.",
     ("joked", "undergo", "introducing")),
    ("Apple has sold six million iPods since the gadget was launched in shops.", ("launched",)),
    ('"We proposed it," the chairman said, after the board voted.', ("voted",)),
    ("The proposed sale is expected to close.", ()),
])
def test_verb_heads_are_the_verbs_of_verb_phrases_with_ing_forms(sentence, heads):
    assert verb_heads(sentence) == heads
    assert heads == tuple(p.verb for p in verb_phrases(sentence, with_ing=True))
