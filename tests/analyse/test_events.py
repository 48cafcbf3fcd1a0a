import datetime as dt

from generator.analyse.events import extract_events
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
