from pathlib import Path

import pytest

from generator.analyse.quotes import Quote, extract_quotes

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def speakers(text: str) -> list[tuple[str, str]]:
    return [(q.speaker, q.text) for q in extract_quotes(text)]


def test_quote_then_speaker_then_verb():
    text = "“I believe great progress was made with today’s telephone conversation,” Trump wrote."
    assert speakers(text) == [
        ("Trump", "I believe great progress was made with today’s telephone conversation")
    ]


def test_verb_before_full_name_with_apposition():
    text = (
        '"It would take years to produce the equipment," said Mark Montgomery, an analyst '
        "at the Foundation for Defense of Democracies."
    )
    assert speakers(text) == [("Mark Montgomery", "It would take years to produce the equipment")]


def test_speaker_introduces_quote():
    text = 'Montgomery said, "The ERAM is shorter range, but this can help them."'
    assert speakers(text) == [("Montgomery", "The ERAM is shorter range, but this can help them.")]


def test_follow_on_quote_keeps_speaker():
    text = (
        "“First we’ve got to get Russia done,” Trump said, turning to his envoy Steve Witkoff. "
        "“We gotta get that one done. Let’s focus on Russia first.”"
    )
    assert [q.speaker for q in extract_quotes(text)] == ["Trump", "Trump"]


def test_scare_quotes_are_skipped():
    text = 'The senator called the bill "a disaster" and the plan "utterly bad," he said.'
    assert extract_quotes(text) == []


def test_unattributed_quote_is_not_returned():
    text = "The sign read “no entry for anyone after dark today.” Nobody knew why."
    assert extract_quotes(text) == []


def test_offsets_point_at_the_quote_text():
    text = 'Intro line.\nShe said, "We are done with this deal for good."'
    (quote,) = extract_quotes(text)
    assert text[quote.start : quote.end] == quote.text == "We are done with this deal for good."


def test_lost_opening_mark_starts_at_paragraph():
    text = "Are they hoping for that? I don’t believe so,” Trump stated on Sunday."
    assert speakers(text) == [("Trump", "Are they hoping for that? I don’t believe so")]


def test_round_trip_dict():
    q = Quote(text="We will win this", speaker="Trump", start=1, end=17)
    assert Quote.from_dict(q.to_dict()) == q


@pytest.mark.skipif(not SEEDS.exists(), reason="seeds not found")
def test_seed_quotes():
    spun = (SEEDS / "000_82f1fc805ef2a3d3.txt").read_text()
    found = speakers(spun)
    assert (
        "Trump",
        "I imagine nice progress was made with in the present day’s phone dialog",
    ) in found
    montgomery = [t for s, t in found if s == "Montgomery"]
    assert montgomery[0].startswith("To supply Tomahawks is as a lot a political choice")
    assert montgomery[1].startswith("The ERAM is shorter vary")
    assert not any(t == "very frank and trusting." for _, t in found)  # no speaker adjacent

    paraphrase = (SEEDS / "004_7ea99317f4e942c8.txt").read_text()
    found = speakers(paraphrase)
    assert ("Trump", "Initially, we need to handle Russia") in found
    assert ("Trump", "I think I will have a conversation with Russia regarding that.") in found
