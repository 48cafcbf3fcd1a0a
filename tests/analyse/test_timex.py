import datetime
import json

import pytest

from generator.analyse.timex import TimeExpression, tag

DCT = datetime.date(2025, 10, 16)  # a Thursday


def values(text: str, dct: datetime.date = DCT, **kw) -> list[tuple[str, str]]:
    return [(t.text, t.value) for t in tag(text, dct, **kw)]


def only(text: str, dct: datetime.date = DCT, **kw) -> TimeExpression:
    found = tag(text, dct, **kw)
    assert len(found) == 1, found
    return found[0]


# --- weekdays: the publication week, direction from tense -------------------------------

@pytest.mark.parametrize("text, expected, direction", [
    ("Trump called Putin on Thursday.", "2025-10-16", ""),
    ("Trump will meet Zelenskyy on Friday.", "2025-10-17", "future"),
    ("Trump was already scheduled to meet on Friday with Zelenskyy.", "2025-10-17", "future"),
    ("Trump told reporters on Sunday that talks were useful.", "2025-10-12", "past"),
    ("He celebrated with a whirlwind trip to Israel and Egypt on Monday.", "2025-10-13", "past"),
    ("The talks will resume on Monday.", "2025-10-20", "future"),
    ("Trump met Netanyahu on Saturday.", "2025-10-11", "past"),
])
def test_weekday_resolves_in_publication_week_by_tense(text, expected, direction):
    found = only(text)
    assert (found.value, found.direction) == (expected, direction)
    assert found.text in text and found.type == "DATE"


def test_weekday_with_part_of_day_is_a_time():
    found = only("Trump remarked on Wednesday evening that progress was made.")
    assert (found.text, found.type, found.value) == ("Wednesday evening", "TIME", "2025-10-15TEV")


def test_last_and_next_weekday_are_strict():
    assert values("last Thursday") == [("last Thursday", "2025-10-09")]
    assert values("next Thursday") == [("next Thursday", "2025-10-23")]


# --- relative expressions against the DCT ------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Earlier this week in Jerusalem", "2025-W42"),
    ("as he did last year", "2024"),
    ("talks next month", "2025-11"),
    ("this year", "2025"),
    ("a conflict that began nearly four years ago", "2021"),
    ("a battle that started practically 4 years in the past", "2021"),  # spun text
    ("two weeks ago", "2025-W40"),
    ("three months ago", "2025-07"),
    ("a decade ago", "201"),
    ("today", "2025-10-16"),
    ("yesterday", "2025-10-15"),
    ("tomorrow", "2025-10-17"),
    ("tonight", "2025-10-16TNI"),
    ("this summer", "2025-SU"),
    ("this spring", "2025-SP"),
    ("the following year", "2026"),
    ("two days later", "2025-10-18"),
    ("his campaign pitch final yr, when", "2024"),  # spun "last year"
])
def test_relative_expressions(text, expected):
    assert only(text).value == expected


def test_ago_is_a_date_not_a_duration():
    found = only("nearly four years ago")
    assert (found.type, found.text) == ("DATE", "nearly four years ago")


@pytest.mark.parametrize("text", ["now", "currently", "right now", "at present"])
def test_present_ref(text):
    assert only(text).value == "PRESENT_REF"


def test_recent_weeks_is_past_ref_without_the_preposition():
    assert values("in recent weeks") == [("recent weeks", "PAST_REF")]
    assert only("the near future").value == "FUTURE_REF"


# --- absolute dates at their real granularity --------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Oct. 16", "2025-10-16"),
    ("October 16, 2025", "2025-10-16"),
    ("16 October 2025", "2025-10-16"),
    ("the 16th of October", "2025-10-16"),
    ("in August 2025", "2025-08"),
    ("February of 1940", "1940-02"),
    ("mid-2024", "2024"),
    ("the 1990s", "199"),
    ("the 20th century", "19"),
    ("the nineteenth century", "18"),
    ("in 1945", "1945"),
    ("2025-10-15", "2025-10-15"),
    ("the first quarter of 2025", "2025-Q1"),
    ("the summer of 1942", "1942-SU"),
    ("490 BC", "BC0490"),
])
def test_absolute_dates(text, expected):
    assert only(text).value == expected


def test_bare_month_is_a_month_in_the_recent_past_unless_future_tense():
    assert only("The two leaders met in Alaska in August.").value == "2025-08"
    assert only("They met in November.").value == "2024-11"
    found = only("The summit will take place in November.")
    assert (found.value, found.direction) == ("2025-11", "future")


def test_year_without_day_stays_a_year():
    assert only("Trump's 2024 campaign").value == "2024"


def test_month_day_without_year_takes_the_year_nearest_the_dct():
    assert only("on Jan. 3", datetime.date(2025, 12, 30)).value == "2026-01-03"


def test_year_range_gives_two_expressions():
    assert values("from 1939 to 1945") == [("1939", "1939"), ("1945", "1945")]
    assert values("the 1914-18 war") == [("1914", "1914"), ("18", "1918")]


def test_modal_may_and_verb_fall_are_not_dates():
    assert tag("Prices may fall sharply, and the fall of Paris", DCT) == []
    assert values("in May") == [("May", "2025-05")]


def test_counts_and_money_are_not_years():
    assert tag("He had 1500 troops and $2000 in cash, 1,945 in total.", DCT) == []


# --- durations and sets ------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("four years", "P4Y"),
    ("three months", "P3M"),
    ("a two-day visit", "P2D"),
    ("two and a half years", "P2.5Y"),
    ("for 2 hours", "PT2H"),
    ("several weeks", "PXW"),
])
def test_durations(text, expected):
    found = only(text)
    assert (found.type, found.value) == ("DURATION", expected)


@pytest.mark.parametrize("text, expected", [
    ("weekly", "P1W"), ("every week", "P1W"), ("twice a day", "P1D"),
    ("every Monday", "XXXX-WXX-1"),
])
def test_sets(text, expected):
    found = only(text)
    assert (found.type, found.value) == ("SET", expected)


# --- narrative anchoring -----------------------------------------------------------------

def test_narrative_anchor_follows_the_latest_absolute_date():
    text = ("The war began on 1 September 1939. The following year France fell. In April, "
            "Germany invaded Norway; two days later the fleet sailed.")
    got = values(text, datetime.date(2009, 12, 19), anchor="narrative")
    assert got == [("1 September 1939", "1939-09-01"), ("The following year", "1940"),
                   ("April", "1940-04"), ("two days later", "XXXX-XX-XX")]
    news = values(text, datetime.date(2009, 12, 19))
    # News resolve a bare month against the DCT, but an anaphoric "the following year" or
    # "two days later" counts from the last day the text named, as in narrative.
    assert ("April", "2009-04") in news
    assert ("The following year", "1940") in news and ("two days later", "1939-09-03") in news


def test_narrative_two_days_later_counts_from_the_last_day():
    text = "On 5 June 1944 the order came. Two days later the troops landed."
    got = values(text, datetime.date(2009, 12, 19), anchor="narrative")
    assert got[-1] == ("Two days later", "1944-06-07")


def test_unknown_anchor_is_rejected():
    with pytest.raises(ValueError):
        tag("today", DCT, anchor="bogus")


# --- API contract ------------------------------------------------------------------------

def test_offsets_sorted_and_non_overlapping():
    text = ("Trump called Putin on Thursday, four years after the invasion began in "
            "February 2022, and will meet him next month.")
    found = tag(text, DCT)
    for t in found:
        assert text[t.start:t.end] == t.text
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))


def test_to_dict_round_trips_through_json():
    found = only("He will arrive on Friday.")
    data = json.loads(json.dumps(found.to_dict()))
    assert data["direction"] == "future"
    assert TimeExpression.from_dict(data) == found
    assert "direction" not in only("in 1945").to_dict()


def test_long_line_without_breaks_does_not_blow_up():
    line = ("the the 12 of of in in on " * 40000) + "1945"
    found = tag(line, DCT)
    assert found[-1].value == "1945"


def test_second_as_ordinal_and_long_march_are_not_timexes():
    assert tag("A second expedition joined the Long March.", DCT) == []


@pytest.mark.parametrize("text, expected", [
    ("by the end of the year", "2025"),
    ("later in the month", "2025-10"),
    ("Christmas 1963", "1963-12-25"),
    ("on Christmas Eve", "2025-12-24"),
])
def test_parts_of_units_and_holidays(text, expected):
    assert only(text).value == expected


def test_narrative_ignores_digressive_years_far_from_the_story():
    text = ("In June 1920 the army advanced, as Napoleon had in 1812. "
            "On 12 October an armistice was signed.")
    got = values(text, datetime.date(2009, 12, 19), anchor="narrative")
    assert got[-1] == ("12 October", "1920-10-12")


@pytest.mark.parametrize("plan", [
    "an offensive planned for 1976", "a planned campaign in 1976",
    "elections scheduled for 1976", "a withdrawal due by 1976"])
def test_narrative_a_planned_time_does_not_move_the_reference(plan):
    # A time a plan was made for is not one the story has reached: the events told next
    # are still before it.
    text = f"In January 1975 the generals agreed on {plan}. On 10 March the attack began."
    got = values(text, datetime.date(2009, 12, 19), anchor="narrative")
    assert got[-1] == ("10 March", "1975-03-10")


def test_narrative_a_date_that_is_reached_moves_the_reference():
    text = "In January 1975 the generals met. The attack began in 1976. On 10 March it ended."
    got = values(text, datetime.date(2009, 12, 19), anchor="narrative")
    assert got[-1] == ("10 March", "1976-03-10")


def test_subordinate_intention_does_not_flip_a_past_weekday():
    # Seed 004: the main verb "informed" governs "on Sunday"; "intended to" is reported intent.
    text = ("Trump informed reporters who were accompanying him to Israel on Sunday that he "
            "intended to bring up Tomahawks with Putin.")
    (sunday,) = [x for x in tag(text, datetime.date(2025, 10, 16)) if x.text == "Sunday"]
    assert sunday.value == "2025-10-12"


# --- news-style expressions (business and politics reporting) ---------------------------

NEWS_DCT = datetime.date(2025, 10, 16)  # a Thursday


@pytest.mark.parametrize(("text", "expected"), [
    ("The deal closed on Monday and shares rose the following day.",
     [("Monday", "2025-10-13"), ("the following day", "2025-10-14")]),
    ("Prices fell late last month.", [("late last month", "2025-09")]),
    ("He was arrested two weeks ago Friday.", [("two weeks ago Friday", "2025-10-03")]),
    ("Revenue rose in the fiscal third quarter.", [("the fiscal third quarter", "2025-Q3")]),
    ("Sales in the third quarter of fiscal 2024 rose.",
     [("the third quarter of fiscal 2024", "2024-Q3")]),
    ("Shares fell in Q3.", [("Q3", "2025-Q3")]),
    ("The firm reported results for Q2 2024.", [("Q2 2024", "2024-Q2")]),
    ("Profit fell last quarter.", [("last quarter", "2025-Q3")]),
    ("Sales are flat compared with this time last year.",
     [("this time last year", "2024-10-16")]),
    ("He met Putin on 3 March. Two days later, he resigned.",
     [("3 March", "2025-03-03"), ("Two days later", "2025-03-05")]),
    ("The law takes effect on 1 January.", [("1 January", "2026-01-01")]),
    # A fiscal year named before the quarter is one expression, in TimeML's notation (the
    # fiscal year's number and its quarter; where the fiscal year starts is not written).
    ("The fiscal 2026 second quarter ended.",
     [("The fiscal 2026 second quarter", "2026-Q2")]),
    ("Results for fiscal 2024's first half were weak.",
     [("fiscal 2024's first half", "2024-H1")]),
    ("Apple reported fiscal fourth-quarter results.", [("fiscal fourth-quarter", "2025-Q4")]),
    ("In the latest quarter, sales rose.", [("the latest quarter", "2025-Q3")]),
    ("Earlier this week, Trump met Putin.", [("Earlier this week", "2025-W42")]),
    ("The plant opened in mid-2024.", [("mid-2024", "2024")]),
    ("Trump spoke on Friday and will travel on Friday.",
     [("Friday", "2025-10-10"), ("Friday", "2025-10-17")]),
    # A plan told in the past says nothing of the side of the DCT: the nearest date.
    ("The filing was due Sept. 30.", [("Sept. 30", "2025-09-30")]),
    ("The vote was originally scheduled for Nov. 5.", [("Nov. 5", "2025-11-05")]),
    ("The payments were expected on Aug. 1.", [("Aug. 1", "2025-08-01")]),
    ("The vote is scheduled for Sept. 30.", [("Sept. 30", "2026-09-30")]),
    # "last"/"next" before a month and day: the side of the DCT it names, day included.
    ("The law passed last Dec. 12.", [("last Dec. 12", "2024-12-12")]),
    ("It ended last Oct. 20.", [("last Oct. 20", "2024-10-20")]),
    ("The law takes effect next March 3.", [("next March 3", "2026-03-03")]),
])
def test_news_expressions(text, expected):
    assert values(text, NEWS_DCT) == expected


def test_a_quarter_not_begun_is_last_years_when_reported_in_the_past():
    assert values("Sales fell in the fourth quarter.", datetime.date(2025, 5, 1)) == \
        [("the fourth quarter", "2024-Q4")]
    assert values("Sales will rise in the fourth quarter.", datetime.date(2025, 5, 1)) == \
        [("the fourth quarter", "2025-Q4")]


# A holiday with no year: the nearest one on the side the tense or "last"/"next" says.
@pytest.mark.parametrize(("text", "dct", "expected"), [
    ("Demand was strong during the Christmas sales.", datetime.date(2007, 1, 10),
     [("Christmas", "2006-12-25")]),
    ("Sales were weak last Christmas.", NEWS_DCT, [("last Christmas", "2024-12-25")]),
    ("Stores will open on Christmas Eve.", NEWS_DCT, [("Christmas Eve", "2025-12-24")]),
    ("Stores opened on Christmas Eve.", NEWS_DCT, [("Christmas Eve", "2024-12-24")]),
    ("The album ships next Christmas.", datetime.date(2025, 12, 30),
     [("next Christmas", "2026-12-25")]),
])
def test_news_holidays_take_the_year_their_tense_or_modifier_says(text, dct, expected):
    assert values(text, dct) == expected


# News: "a year later" counts from the last date named at any precision, a day count from
# the last named day; the paragraphs before pass their dates on.
def test_news_a_year_later_counts_from_the_last_year_named():
    text = "Jobs was born on 24 February 1955. He introduced the Macintosh in 1984. " \
           "One year later he was fired. Two days later the board met."
    got = values(text, datetime.date(2011, 10, 6))
    assert ("One year later", "1985") in got
    assert ("Two days later", "1955-02-26") in got  # days count from the last named day


def test_news_the_same_year_and_the_following_month_count_from_the_last_date_named():
    got = values("Apple was founded in April 1976. The following month it sold its first "
                 "computer, and that year it moved.", datetime.date(2011, 10, 6))
    assert ("The following month", "1976-05") in got and ("that year", "1976") in got


def test_a_paragraph_counts_from_the_dates_the_paragraphs_before_named():
    before = tag("He introduced the Macintosh in 1984.", datetime.date(2011, 10, 6))
    (later,) = tag("One year later he was fired.", datetime.date(2011, 10, 6), before=before)
    assert later.value == "1985"
    (alone,) = tag("One year later he was fired.", datetime.date(2011, 10, 6))
    assert alone.value == "2012"  # with nothing named before, it counts from the DCT


# "Over the weekend": a weekday's article reports the weekend before it, unless the clause
# is in the future; an article of a Saturday or Sunday means that weekend.
@pytest.mark.parametrize(("text", "dct", "expected"), [
    ("Boeing fixed the fault over the weekend.", NEWS_DCT, [("the weekend", "2025-W41-WE")]),
    ("At the weekend, talks broke down.", NEWS_DCT, [("the weekend", "2025-W41-WE")]),
    ("Boeing will fix the fault over the weekend.", NEWS_DCT,
     [("the weekend", "2025-W42-WE")]),
    ("Boeing fixed the fault over the weekend.", datetime.date(2025, 10, 19),
     [("the weekend", "2025-W42-WE")]),
    ("The weekend was quiet.", NEWS_DCT, []),  # no preposition: a topic, not a time
])
def test_news_the_weekend_after_a_preposition_is_the_one_the_tense_says(text, dct, expected):
    assert values(text, dct) == expected


# "on the 12th": a day of the reference month (TimeML resolves it like a full date). The
# clause's tense moves it a month when the day lies on the other side of the DCT; a range
# that names its month lends it to its first day.
@pytest.mark.parametrize(("text", "expected"), [
    ("The talks ended on the 12th.", [("the 12th", "2025-10-12")]),
    ("The strike began on the 3rd and ended on the 12th.",
     [("the 3rd", "2025-10-03"), ("the 12th", "2025-10-12")]),
    ("The talks ended on the 20th.", [("the 20th", "2025-09-20")]),
    ("The leaders will meet on the 3rd.", [("the 3rd", "2025-11-03")]),
    ("The vote is on the 21st.", [("the 21st", "2025-10-21")]),
    ("Protests ran from the 13th to the 19th of October 1950.",
     [("the 13th", "1950-10-13"), ("the 19th of October 1950", "1950-10-19")]),
])
def test_news_a_bare_ordinal_day_is_in_the_reference_month(text, expected):
    assert values(text, NEWS_DCT) == expected


@pytest.mark.parametrize("text", [
    "He was promoted to the 12th Army.",
    "The order was passed to the 3rd and 4th divisions.",
    "She lives on the 12th floor.",
    "It was built in the 12th century.",  # a century, not a day
])
def test_an_ordinal_before_a_noun_is_not_a_day(text):
    assert all(not v.startswith("2025-") for _, v in values(text, NEWS_DCT))


# A clock time next to a day is on that day (midnight is T24:00 of the day it ends, TimeML's
# convention). Written together they are one TIMEX3; joined by "on"/"at" two, the clock time
# taking the day's date.
@pytest.mark.parametrize(("text", "expected"), [
    ("The ceasefire began at midnight Sunday.", [("midnight Sunday", "2025-10-12T24:00")]),
    ("The ceasefire began at midnight on Sunday.",
     [("midnight", "2025-10-12T24:00"), ("Sunday", "2025-10-12")]),
    ("The deadline will expire at midnight on Sunday.",
     [("midnight", "2025-10-19T24:00"), ("Sunday", "2025-10-19")]),
    ("The rally starts Friday at 3 p.m.",
     [("Friday", "2025-10-17"), ("3 p.m.", "2025-10-17T15:00")]),
    ("Polls opened at 7 a.m. Oct. 12.", [("7 a.m. Oct. 12", "2025-10-12T07:00")]),
    ("Polls opened at 7 a.m. and closed in the evening.", [("7 a.m.", "2025-10-16T07:00")]),
])
def test_a_clock_time_beside_a_day_is_on_that_day(text, expected):
    assert values(text, NEWS_DCT) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("The deal should close by year-end.", [("year-end", "2025")]),
    ("Debt rose after last year-end.", [("last year-end", "2024")]),
    ("Cash is counted at month-end.", [("month-end", "2025-10")]),
    ("Sales will grow next fiscal year.", [("next fiscal year", "2026")]),
    ("Profit fell in the last financial year.", [("the last financial year", "2024")]),
    ("The budget for the current fiscal year is set.", [("the current fiscal year", "2025")]),
    ("Sales grew in fiscal 2024.", [("fiscal 2024", "2024")]),
    ("Sales grew in fiscal year 2024.", [("fiscal year 2024", "2024")]),
    ("The FY2024 results and FY 25 guidance", [("FY2024", "2024"), ("FY 25", "2025")]),
    ("Emissions must fall by the end of the decade.", [("the end of the decade", "202")]),
])
def test_news_year_end_fiscal_years_and_parts_of_units(text, expected):
    assert values(text, NEWS_DCT) == expected


# Holidays whose day moves with the year: computed for the year the tense or the text says.
@pytest.mark.parametrize(("text", "dct", "expected"), [
    ("Stores opened on Thanksgiving.", datetime.date(2013, 3, 13),
     [("Thanksgiving", "2012-11-22")]),
    ("Shoppers will queue on Black Friday.", datetime.date(2013, 3, 13),
     [("Black Friday", "2013-11-29")]),
    ("He spoke on Easter Sunday.", datetime.date(2013, 3, 13), [("Easter Sunday", "2012-04-08")]),
    ("Services will be held on Good Friday.", datetime.date(2013, 3, 13),
     [("Good Friday", "2013-03-29")]),
    ("It was Easter 2019.", NEWS_DCT, [("Easter 2019", "2019-04-21")]),
    ("Voters went to the polls on Election Day.", datetime.date(2012, 11, 8),
     [("Election Day", "2012-11-06")]),
    ("The pool reopens after Labor Day.", datetime.date(2013, 3, 13),
     [("Labor Day", "2013-09-02")]),
    ("The parade was held on Memorial Day.", NEWS_DCT, [("Memorial Day", "2025-05-26")]),
    ("Fireworks lit the sky on the Fourth of July.", NEWS_DCT,
     [("the Fourth of July", "2025-07-04")]),
    ("Sales rose around Valentine’s Day.", NEWS_DCT, [("Valentine’s Day", "2025-02-14")]),
    ("Troops moved east.", NEWS_DCT, []),  # "Eastern", "east" are not Easter
    ("On the Eastern Front the army advanced.", NEWS_DCT, []),
])
def test_movable_and_fixed_holidays(text, dct, expected):
    assert values(text, dct) == expected


# A future passive is one future cue: "held" in "will be held" is no past tense.
@pytest.mark.parametrize(("text", "expected"), [
    ("The meeting will be held on Friday.", [("Friday", "2025-10-17")]),
    ("The plant is to be opened on Monday.", [("Monday", "2025-10-20")]),
    ("The deal is expected to be signed on Monday.", [("Monday", "2025-10-20")]),
    ("The summit was held on Friday.", [("Friday", "2025-10-10")]),
])
def test_a_future_passive_points_ahead(text, expected):
    assert values(text, NEWS_DCT) == expected


# A possessive date names its noun's event, not the clause's: the main verb's tense does not
# move it; only a plan word in the noun phrase does.
@pytest.mark.parametrize(("text", "expected"), [
    ("Homes will be affected by Sunday's quake, officials said.", [("Sunday", "2025-10-12")]),
    ("Residents will long remember Monday’s storm.", [("Monday", "2025-10-13")]),
    ("The region will rebuild after August's floods.", [("August", "2025-08")]),
    ("Sunday's scheduled vote will go ahead.", [("Sunday", "2025-10-19")]),
    ("Officials met before Saturday's planned summit.", [("Saturday", "2025-10-18")]),
    ("Tomorrow's talks could be tense.", [("Tomorrow", "2025-10-17")]),
])
def test_a_possessive_date_is_not_moved_by_the_clauses_tense(text, expected):
    assert values(text, NEWS_DCT) == expected


# A possessive date whose noun phrase is the subject of a future verb of occurrence ("will be
# held", "will take place", "is scheduled for") dates an event still ahead; a future verb of
# anything else is about the event's consequences, and the event stays past.
@pytest.mark.parametrize(("text", "expected"), [
    ("Tuesday's meeting will be held in Budapest.", [("Tuesday", "2025-10-21")]),
    ("Saturday’s summit of the two leaders is expected to take place in Geneva.",
     [("Saturday", "2025-10-18")]),
    ("Monday's vote is scheduled for the afternoon.", [("Monday", "2025-10-20")]),
    ("Wednesday's final will go ahead despite the rain.", [("Wednesday", "2025-10-22")]),
    # controls: the same clause shape with a verb that is no occurrence of the noun's event
    ("Sunday's quake will cost insurers billions.", [("Sunday", "2025-10-12")]),
    ("Monday's storm is expected to raise prices.", [("Monday", "2025-10-13")]),
])
def test_a_possessive_date_on_the_subject_of_a_future_occurrence_is_upcoming(text, expected):
    assert values(text, NEWS_DCT) == expected


# "the week of" a day is one expression whose value is that day's ISO week (TimeML).
@pytest.mark.parametrize(("text", "expected"), [
    ("Talks begin the week of Oct. 20.", [("the week of Oct. 20", "2025-W43")]),
    ("Prices fell in the week of 3 March 2025.", [("the week of 3 March 2025", "2025-W10")]),
    ("A week of protests began on Monday.", [("A week", "P1W"), ("Monday", "2025-10-13")]),
])
def test_the_week_of_a_day_is_that_days_week(text, expected):
    assert values(text, NEWS_DCT) == expected


def test_since_a_month_is_in_the_past_whatever_the_clause_says_next():
    text = "Ryanair has been trying to buy Aer Lingus since December, as it intends to grow."
    assert values(text, datetime.date(2007, 6, 9)) == [("December", "2006-12")]


# A time zone after a clock time is part of it, its value the ISO 8601 offset (TIMEX3).
@pytest.mark.parametrize(("text", "expected"), [
    ("Polls closed at 8 p.m. EST.", [("8 p.m. EST", "2025-10-16T20:00-05")]),
    ("The talks began at 14:00 GMT.", [("14:00 GMT", "2025-10-16T14:00Z")]),
    ("The vote ends at noon EDT Friday.", [("noon EDT Friday", "2025-10-17T12:00-04")]),
    ("The market opens at 9:30 a.m. ET.", [("9:30 a.m.", "2025-10-16T09:30")]),  # ET: no offset
    ("It began at 9:34 p.m., Oct. 14 EST.", [("9:34 p.m., Oct. 14 EST", "2025-10-14T21:34-05")]),
])
def test_a_time_zone_is_part_of_the_clock_time(text, expected):
    assert values(text, NEWS_DCT) == expected


# The gate shortcuts (a digit-led gate scanned from the first digit, a word gate skipped
# when none of its words is in the text) must find exactly what a full scan finds.
@pytest.mark.parametrize("text", [
    "No digits and no time words here at all.",
    "Shares fell 5% at 9:30 a.m. on 2024-03-05; the 1990s and 2001–02 saw Q3 losses.",
    "The 12th of May, 3/4 of the fiscal year, FY25 and financial results by midnight.",
    "Christmas Eve, Black Friday and Labor Day came in the past few weeks, ahead of winter.",
    "Sales rose in March and on Monday; it is now the second half, 200 BC to AD 14.",
    "Das ÄÖÜ İstanbul 1999 ﬁscal year-end, daily at noon; recently, in the near future.",
])
def test_gate_shortcuts_find_what_a_full_scan_finds(text):
    from generator.analyse.timex import _gate_hits
    from generator.analyse.timex_rules import GATES
    lowered = text.lower() if len(text.lower()) == len(text) else text
    full = {name: [(m.start(), m.end()) for m in gate.finditer(lowered if low else text)]
            for name, (gate, low) in GATES.items()}
    assert _gate_hits(text, lowered) == full
    assert any(full.values()) or text.startswith("No digits")
