"""generator.analyse.statements: the clause of a dated event, readable on its own."""

from generator.analyse.statements import statement
from generator.text import sentence_spans


def state(paragraph: str, timex: str, sentence: int = 0, actor: str = "") -> str:
    spans = sentence_spans(paragraph)
    start, end = spans[sentence]
    return statement(paragraph, start, end, paragraph.index(timex), spans,
                     (lambda _position: actor) if actor else None)


def test_a_quote_split_by_the_sentence_splitter_is_taken_whole():
    text = "“Are they hoping for that? I don’t believe so,” Trump said on Sunday. Next."
    assert state(text, "Sunday", 1) == "“Are they hoping for that? I don’t believe so,” " \
        "Trump said on Sunday."


def test_a_paragraph_that_lost_its_opening_quote_gets_it_back():
    text = "Are they hoping for that? I don’t believe so,” Trump said on Sunday."
    assert state(text, "Sunday", 1) == "“Are they hoping for that? I don’t believe so,” " \
        "Trump said on Sunday."


def test_a_quote_left_open_is_closed():
    text = "“We will meet on Friday, Trump said. It will be fine"
    said = state(text, "Friday", 0)
    assert said.count("“") == said.count("”")


def test_trailing_relative_clause_about_someone_else_is_cut():
    text = ("The call comes before Trump’s meeting on Friday with Volodymyr Zelenskyy, who has "
            "been urging the U.S. to sell missiles.")
    assert state(text, "Friday") == ("The call comes before Trump’s meeting on Friday with "
                                     "Volodymyr Zelenskyy.")


def test_a_clause_before_the_date_is_kept():
    text = "Trump, who returned from Israel, spoke to Putin on Thursday."
    assert state(text, "Thursday") == text


def test_appositive_relative_clause_carries_the_event_and_its_pronoun_is_named():
    text = ("The focus comes after a ceasefire in Gaza, an accomplishment that he celebrated "
            "with a trip to Israel and Egypt on Monday.")
    assert state(text, "Monday", actor="Trump") == ("Trump celebrated with a trip to Israel "
                                                   "and Egypt on Monday.")


def test_leading_pronoun_without_a_named_person_stays():
    assert state("He met Putin on Monday.", "Monday") == "He met Putin on Monday."
    assert state("He met Putin on Monday.", "Monday", actor="Trump") == "Trump met Putin on " \
        "Monday."


def test_his_is_not_a_subject_pronoun():
    assert state("His trip began on Monday.", "Monday", actor="Trump") == \
        "His trip began on Monday."
