"""TempEval-3-style news cases for the tagger: extents and values as TimeML annotates them.

The sentences are written for these tests (business, sports and politics reporting), not
taken from any corpus. The DCT is Thursday 2025-10-16 unless a case says otherwise.
"""

import datetime

import pytest

from generator.analyse.timex import tag

DCT = datetime.date(2025, 10, 16)  # a Thursday


def values(text: str, dct: datetime.date = DCT) -> list[tuple[str, str, str]]:
    return [(t.text, t.type, t.value) for t in tag(text, dct)]


# A race, lap or score time ("7:46.78", "2:05:37") is a measure, not a time of day.
@pytest.mark.parametrize("text", [
    "She won the 3,000 metres in 7:46.78, a national record.",
    "He ran a 3:59.4 mile.",
    "The winner finished in 2:05:37.",
    "Her split was 1:02,5 at halfway.",
])
def test_a_race_time_is_not_a_clock_time(text):
    assert values(text) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("The meeting starts at 10:30, officials said.",
     [("10:30", "TIME", "2025-10-16T10:30")]),
    ("Polls close at 20:00.", [("20:00", "TIME", "2025-10-16T20:00")]),
])
def test_a_clock_time_beside_punctuation_is_still_a_clock_time(text, expected):
    assert values(text) == expected


# The clause that holds the date sets its side of the DCT: "cut" is a past tense here even
# though the sentence goes on in the future.
@pytest.mark.parametrize(("text", "expected"), [
    ("The company cut jobs in March and will hire again next year.",
     [("March", "DATE", "2025-03"), ("next year", "DATE", "2026")]),
    ("The storm hit the coast on Monday.", [("Monday", "DATE", "2025-10-13")]),
    ("Sales slid in May and are expected to recover.", [("May", "DATE", "2025-05")]),
    # an infinitive after a modal or "to" is no past tense; a noun ("the cost of", "cut-off")
    # is no verb
    ("The company will cut jobs in March.", [("March", "DATE", "2026-03")]),
    ("The company plans to cut jobs in March.", [("March", "DATE", "2026-03")]),
    ("Forecasters said the storm would hit the coast on Monday.",
     [("Monday", "DATE", "2025-10-20")]),
    ("The cut-off date is 1 April, when the tickets will go on sale.",
     [("1 April", "DATE", "2026-04-01")]),
    ("The festival, a low-cost event, runs until 26 March.", [("26 March", "DATE", "2026-03-26")]),
])
def test_a_bare_past_tense_verb_dates_its_clause(text, expected):
    assert values(text) == expected


# "the past year" is the stretch of time up to now: TimeML's duration P1Y. "last year" is
# the calendar year before the DCT.
@pytest.mark.parametrize(("text", "expected"), [
    ("Prices rose 4% over the past year.", [("the past year", "DURATION", "P1Y")]),
    ("The index fell 3% in the past week.", [("the past week", "DURATION", "P1W")]),
    ("Rents have climbed in the last month.", [("the last month", "DURATION", "P1M")]),
    ("Prices rose last year.", [("last year", "DATE", "2024")]),
    ("He met her last week.", [("last week", "DATE", "2025-W41")]),
])
def test_the_past_year_is_a_duration_last_year_a_date(text, expected):
    assert values(text) == expected


def test_the_last_year_of_something_is_not_a_stretch_to_now():
    (found,) = tag("It was the last year of the war.", DCT)
    assert found.type == "DATE"


# Results news compares a period with the same one a year before: "the year-ago quarter" and
# "a year earlier" after a named quarter are that quarter a year back (TimeML values them at
# the quarter's granularity); with no quarter named, the last completed one.
@pytest.mark.parametrize(("text", "expected"), [
    ("Third-quarter profit rose to $5 million from $4 million a year earlier.",
     [("Third-quarter", "DATE", "2025-Q3"), ("a year earlier", "DATE", "2024-Q3")]),
    ("Third-quarter profit rose 5% from the year-earlier quarter.",
     [("Third-quarter", "DATE", "2025-Q3"), ("the year-earlier quarter", "DATE", "2024-Q3")]),
    ("Net income fell in the fiscal second quarter from the year-ago period.",
     [("the fiscal second quarter", "DATE", "2025-Q2"),
      ("the year-ago period", "DATE", "2024-Q2")]),
    ("Profit fell in the first half, compared with the year-ago half.",
     [("the first half", "DATE", "2025-H1"), ("the year-ago half", "DATE", "2024-H1")]),
    ("Sales in September rose from the year-ago month.",
     [("September", "DATE", "2025-09"), ("the year-ago month", "DATE", "2024-09")]),
    ("Profit rose 5% from the year-ago quarter.", [("the year-ago quarter", "DATE", "2024-Q3")]),
    ("Profit rose in the third quarter from the previous quarter.",
     [("the third quarter", "DATE", "2025-Q3"), ("the previous quarter", "DATE", "2025-Q2")]),
    ("Profit rose from the prior quarter.", [("the prior quarter", "DATE", "2025-Q3")]),
    ("Sales fell from the prior year.", [("the prior year", "DATE", "2024")]),
    # a year named last, not a quarter: "a year earlier" counts from it as before
    ("The firm was founded in 1990. A year earlier, its founder left school.",
     [("1990", "DATE", "1990"), ("A year earlier", "DATE", "1989")]),
    ("Sales fell in the third quarter. In 2019 a year earlier had been worse.",
     [("the third quarter", "DATE", "2025-Q3"), ("2019", "DATE", "2019"),
      ("a year earlier", "DATE", "2018")]),
])
def test_a_year_earlier_in_results_news_is_the_same_period_a_year_back(text, expected):
    assert values(text) == expected


# "the first week of March" is one expression: the month's n-th week as an ISO week (ISO
# 8601's rule applied to the month: the first week is the one whose Thursday is in it).
@pytest.mark.parametrize(("text", "expected"), [
    ("The plant will open in the first week of March.",
     [("the first week of March", "DATE", "2026-W10")]),
    ("Talks resume in the second week of January 2026.",
     [("the second week of January 2026", "DATE", "2026-W02")]),
    ("Sales rose in the last week of September.",
     [("the last week of September", "DATE", "2025-W39")]),
    ("It was the last week of the campaign.", [("the last week", "DATE", "2025-W41")]),
])
def test_the_nth_week_of_a_month_is_one_expression(text, expected):
    assert values(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("They met this past weekend.", [("this past weekend", "DATE", "2025-W41-WE")]),
    ("They met this past Sunday.", [("this past Sunday", "DATE", "2025-10-12")]),
    ("Rates rose this past summer.", [("this past summer", "DATE", "2025-SU")]),
])
def test_this_past_is_part_of_the_expression(text, expected):
    assert values(text) == expected


# A full stop inside a number ends no sentence: the tense before "$805.9m" still governs.
@pytest.mark.parametrize(("text", "expected"), [
    ("Sales surged to $805.9m in the third quarter, up from $393.9m a year earlier.",
     [("the third quarter", "DATE", "2024-Q3"), ("a year earlier", "DATE", "2023-Q3")]),
    ("The rate stayed at 5.4% in December.", [("December", "DATE", "2024-12")]),
])
def test_a_decimal_point_is_not_a_sentence_break(text, expected):
    assert values(text, datetime.date(2025, 3, 15)) == expected


# A quarter reported in the past whose last month is still ahead is last year's; a fiscal
# quarter (whose months are not written) only when its calendar namesake has not begun.
@pytest.mark.parametrize(("text", "expected"), [
    ("The economy grew 0.5% in the fourth quarter.", [("the fourth quarter", "DATE", "2024-Q4")]),
    ("Sales fell in the third quarter.", [("the third quarter", "DATE", "2025-Q3")]),
    ("Sales will rise in the fourth quarter.", [("the fourth quarter", "DATE", "2025-Q4")]),
    ("Apple reported fiscal fourth-quarter results.",
     [("fiscal fourth-quarter", "DATE", "2025-Q4")]),
])
def test_a_quarter_reported_in_the_past_has_ended(text, expected):
    assert values(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # the quarter named stays the reference across a day or week named after it
    ("Revenue tripled in the fourth quarter of 2004. Google reported earlier in the week. "
     "During the same quarter, Yahoo earned $187m.",
     [("the fourth quarter of 2004", "DATE", "2004-Q4"),
      ("earlier in the week", "DATE", "2025-W42"), ("the same quarter", "DATE", "2004-Q4")]),
    # "the same quarter" with no quarter named is no time ("the same quarter of the draw")
    ("He is in the same quarter of the draw.", []),
    ("He arrived on Monday. The next day, he met the king.",
     [("Monday", "DATE", "2025-10-13"), ("The next day", "DATE", "2025-10-14")]),
    ("Next week he meets the king.", [("Next week", "DATE", "2025-W43")]),
    ("Prices will rise in coming months.", [("coming months", "DATE", "FUTURE_REF")]),
    ("Officials said late Tuesday that the deal was off.",
     [("late Tuesday", "DATE", "2025-10-14")]),
])
def test_anaphoric_news_expressions(text, expected):
    assert values(text) == expected


# "for the quarter" in results news is the quarter reported on: the one the text named, else
# the last completed before the DCT (the DCT's own when the clause looks ahead).
@pytest.mark.parametrize(("text", "expected"), [
    ("Net income for the quarter rose 5%.", [("the quarter", "DATE", "2025-Q3")]),
    ("Sales fell in the fourth quarter of 2024. Profit for the quarter fell too.",
     [("the fourth quarter of 2024", "DATE", "2024-Q4"), ("the quarter", "DATE", "2024-Q4")]),
    ("The company expects to earn $2 a share in the quarter.",
     [("the quarter", "DATE", "2025-Q4")]),
    # no time: a place, a share, a round of a tournament; the day says which quarter
    ("He lives in the Latin Quarter.", []),
    ("He reached the quarter-final.", []),
    ("A quarter of households are poor; the quarter of the draw is hard.", []),
    ("Growth was 3% in the quarter ending September 30.",
     [("September 30", "DATE", "2025-09-30")]),
])
def test_the_quarter_in_results_news(text, expected):
    assert values(text) == expected


# "March of last year" is one expression: the month in the year the relative expression
# names (TimeML: 2024-03), not March resolved on its own beside "last year".
@pytest.mark.parametrize(("text", "expected"), [
    ("The plant closed in March of last year.", [("March of last year", "DATE", "2024-03")]),
    ("Talks will resume in June of next year.", [("June of next year", "DATE", "2026-06")]),
    ("The law takes effect in December of this year.",
     [("December of this year", "DATE", "2025-12")]),
    ("He met her in 2019 and married her in August of that year.",
     [("2019", "DATE", "2019"), ("August of that year", "DATE", "2019-08")]),
    ("The firm expanded in February of 1940.", [("February of 1940", "DATE", "1940-02")]),
])
def test_a_month_of_a_relative_year_is_one_expression(text, expected):
    assert values(text) == expected


# A day likewise: "March 3 of last year" (2024-03-03); in a narrative, "January 24 of the
# same year" is that day of the year the text last named, and the day does not move the
# reference "the same year" counts from.
@pytest.mark.parametrize(("text", "anchor", "expected"), [
    ("He resigned on March 3 of last year.", "news",
     [("March 3 of last year", "DATE", "2024-03-03")]),
    ("The war ended in 1954. On January 24 of the same year, the envoy left.", "narrative",
     [("1954", "DATE", "1954"), ("January 24 of the same year", "DATE", "1954-01-24")]),
    ("The siege began in 1916. On 29 February of that year, it was lifted.", "narrative",
     [("1916", "DATE", "1916"), ("29 February of that year", "DATE", "1916-02-29")]),
])
def test_a_day_of_a_relative_year_is_one_expression(text, anchor, expected):
    assert [(t.text, t.type, t.value) for t in tag(text, DCT, anchor=anchor)] == expected


# A decade or century counted from a year BC counts down (TIMEX3 "BC048" is 480-489 BC).
def test_relative_decades_and_centuries_before_christ():
    found = tag("In 490 BC the Persians invaded. The following decade saw war. In the "
                "previous century, Athens grew.", DCT, anchor="narrative")
    assert [(x.text, x.value) for x in found] == [
        ("490 BC", "BC0490"), ("The following decade", "BC048"),
        ("the previous century", "BC05")]


# A half or quarter of a match is a period of play, not of the calendar: the sentence that
# names it reports the match (a score, a goal).
@pytest.mark.parametrize("text", [
    "United scored twice in the first half and Rooney added a third in the second half.",
    "Chelsea led 1-0 at the end of the first half.",
    "The Eagles scored 14 points in the fourth quarter to win the game.",
    "Smith equalised with a penalty early in the second half.",
])
def test_a_half_of_a_match_is_no_calendar_half(text):
    assert values(text) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("The club's revenue rose 8% in the first half.", [("the first half", "DATE", "2025-H1")]),
    ("The team's owner reported a loss for the second half of 2024.",
     [("the second half of 2024", "DATE", "2024-H2")]),
    ("Goals were scarce at the club, whose sales fell in the third quarter of 2024.",
     [("the third quarter of 2024", "DATE", "2024-Q3")]),
])
def test_a_half_of_the_year_stays_a_date_beside_sports_words(text, expected):
    assert values(text) == expected


# The new date of a rescheduled event lies ahead of the report, whatever the tense of the
# verb that moved it ("has been put back to").
@pytest.mark.parametrize(("text", "expected"), [
    ("The final has been put back to 12 November.", [("12 November", "DATE", "2025-11-12")]),
    ("The vote was postponed until 3 December.", [("3 December", "DATE", "2025-12-03")]),
    ("The launch has been pushed back to January.", [("January", "DATE", "2026-01")]),
    ("The hearing was moved to Friday.", [("Friday", "DATE", "2025-10-17")]),
])
def test_the_new_date_of_a_rescheduled_event_is_ahead(text, expected):
    assert values(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("He moved to London on 3 October.", [("3 October", "DATE", "2025-10-03")]),
    ("The vote was held on 3 December.", [("3 December", "DATE", "2024-12-03")]),
])
def test_a_move_that_is_no_rescheduling_keeps_its_tense(text, expected):
    assert values(text) == expected


# "the same period last year": one expression, the period the report is about a year back.
@pytest.mark.parametrize(("text", "expected"), [
    ("Sales rose 5% in the third quarter from the same period last year.",
     [("the third quarter", "DATE", "2025-Q3"), ("the same period last year", "DATE", "2024-Q3")]),
    ("Revenue was flat compared with the same period last year.",
     [("the same period last year", "DATE", "2024")]),
    ("Profit in the first half beat the same half a year earlier.",
     [("the first half", "DATE", "2025-H1"), ("the same half a year earlier", "DATE", "2024-H1")]),
])
def test_the_same_period_last_year_is_one_expression(text, expected):
    assert values(text) == expected


# Bare "the year" after a preposition is the year the text is about: the one it last named;
# with none, the publication year, or the year before when a report looks back on it.
@pytest.mark.parametrize(("text", "dct", "expected"), [
    ("The firm cut 500 jobs in 2019; over the year its shares fell 30%.", DCT,
     [("2019", "DATE", "2019"), ("the year", "DATE", "2019")]),
    ("The company expects profit for the year to rise.", DCT,
     [("the year", "DATE", "2025")]),
    ("Profit for the year rose 12%, the bank said.", datetime.date(2025, 2, 20),
     [("the year", "DATE", "2024")]),
])
def test_the_year_is_the_year_the_text_is_about(text, dct, expected):
    assert values(text, dct) == expected


@pytest.mark.parametrize("text", [
    "He was named player of the year.",
    "The year's best film won again.",
    "It was the year of the dragon.",
    "Profit for the year to March rose.",
])
def test_the_year_of_a_title_or_a_fiscal_span_is_not_tagged(text):
    assert [v for v in values(text) if v[0].lower() == "the year"] == []


@pytest.mark.parametrize(("text", "expected"), [
    ("The plant had closed in the previous April.", [("the previous April", "DATE", "2025-04")]),
    ("Talks resume the following March.", [("the following March", "DATE", "2026-03")]),
])
def test_the_previous_month_keeps_its_article(text, expected):
    assert values(text) == expected


# "a year ago" in the sentence that names a quarter compares results: that quarter a year back.
@pytest.mark.parametrize(("text", "expected"), [
    ("Net income rose to $5m in the third quarter from $3m a year ago.",
     [("the third quarter", "DATE", "2025-Q3"), ("a year ago", "DATE", "2024-Q3")]),
    ("Sales in the first half were 3bn, against 2.5bn a year ago.",
     [("the first half", "DATE", "2025-H1"), ("a year ago", "DATE", "2024-H1")]),
    ("Sales rose in the third quarter. A year ago the firm was struggling.",
     [("the third quarter", "DATE", "2025-Q3"), ("A year ago", "DATE", "2024")]),
    ("A year ago, the company was in trouble.", [("A year ago", "DATE", "2024")]),
])
def test_a_year_ago_after_a_named_quarter_is_that_quarter(text, expected):
    assert values(text) == expected


# TimeML's vague references to the present and the past: "these days" and the adjective
# "current" are PRESENT_REF, the adjective "recent" PAST_REF; "current" as an accounting
# term (short-term) is no time.
@pytest.mark.parametrize(("text", "expected"), [
    ("These days, investors are cautious.", [("These days", "DATE", "PRESENT_REF")]),
    ("The current crisis began in the banks.", [("current", "DATE", "PRESENT_REF")]),
    ("The recent crash hurt investors.", [("recent", "DATE", "PAST_REF")]),
    ("The current account deficit widened.", []),
    ("They kept the special nature of these days.", []),
    ("The current year will be tough.", [("The current year", "DATE", "2025")]),
])
def test_vague_present_and_past_references(text, expected):
    assert values(text) == expected


# "current" is the adjective of time only where it modifies a noun after it; the noun
# "current" (water, air, electricity) heads its phrase: a modifier between an article and it,
# or "of", a preposition or an auxiliary after it.
@pytest.mark.parametrize("text", [
    "An electric current ran through the wire.",
    "The ocean current carried the boat north.",
    "A current of air cooled the room.",
    "The current was too strong for the swimmers.",
    "She was swept away by a strong current near the pier.",
    "The current in the bay will turn at dusk.",
])
def test_current_as_a_noun_is_no_time(text):
    assert values(text) == []


@pytest.mark.parametrize("text", [
    "The club's current manager wants a new striker.",
    "Ministers said current laws were too weak.",
    "At current prices the deal is worth more.",
    "The most current figures show a rise.",
    "The biggest current threat is inflation.",
    "The board said current members will stay.",
])
def test_current_before_a_noun_is_the_present(text):
    assert values(text) == [("current", "DATE", "PRESENT_REF")]


@pytest.mark.parametrize(("text", "expected"), [
    ("Dividends are paid quarterly.", [("quarterly", "SET", "P3M")]),
    ("Interest is paid semiannually.", [("semiannually", "SET", "P6M")]),
])
def test_a_frequency_adverb_is_a_set(text, expected):
    assert values(text) == expected


# A modifier of a period is part of the expression (TimeML's extent); the value stays the
# period's.
@pytest.mark.parametrize(("text", "expected"), [
    ("Talks resume at the end of this year.", [("the end of this year", "DATE", "2025")]),
    ("The plant opens at the beginning of next month.",
     [("the beginning of next month", "DATE", "2025-11")]),
    ("Sales slowed at the end of last year.", [("the end of last year", "DATE", "2024")]),
    ("He left late yesterday.", [("late yesterday", "DATE", "2025-10-15")]),
    ("The board met earlier today.", [("earlier today", "DATE", "2025-10-16")]),
    ("Troops moved in early this morning.", [("early this morning", "TIME", "2025-10-16TMO")]),
    ("The bill passed late last night.", [("late last night", "TIME", "2025-10-15TNI")]),
    ("He left early yesterday morning.",
     [("early yesterday morning", "TIME", "2025-10-15TMO")]),
])
def test_a_modified_period_is_one_expression(text, expected):
    assert values(text) == expected


# "the weekend" after "on" (American usage) or with a possessive is a weekend like "over the
# weekend": the coming one in a future clause, the last one otherwise.
@pytest.mark.parametrize(("text", "expected"), [
    ("He will visit on the weekend.", [("the weekend", "DATE", "2025-W42-WE")]),
    ("The weekend's storms caused damage.", [("The weekend", "DATE", "2025-W41-WE")]),
    ("The ties will be played on the weekend of 18-19 October.",
     [("18", "DATE", "2025-10-18"), ("19 October", "DATE", "2025-10-19")]),
])
def test_the_weekend_on_or_with_a_possessive(text, expected):
    assert values(text) == expected


# "the first time in decades": a bare plural unit after "in" is an unspecified duration;
# "in years of war", "in days to come" are not durations.
@pytest.mark.parametrize(("text", "expected"), [
    ("It was the first time in decades.", [("decades", "DURATION", "PXDE")]),
    ("Prices hit their lowest level in years.", [("years", "DURATION", "PXY")]),
    ("Rescuers worked for hours.", [("hours", "DURATION", "PTXH")]),
    ("Within minutes, the site crashed.", [("minutes", "DURATION", "PTXM")]),
    ("The town was ruined in years of war.", []),
])
def test_a_bare_plural_unit_after_in_is_a_vague_duration(text, expected):
    assert values(text) == expected


# The scheduled present: a timetabled event told in the present simple lies ahead ("the
# trial begins Monday"), as one told as a plan ("slated for", "poised to"); the past tense,
# a negated past, a noun or an infinitive say nothing of the kind.
@pytest.mark.parametrize(("text", "expected"), [
    ("The trial begins Monday.", [("Monday", "DATE", "2025-10-20")]),
    ("New rules take effect Monday.", [("Monday", "DATE", "2025-10-20")]),
    ("Negotiations resume Tuesday in Geneva.", [("Tuesday", "DATE", "2025-10-21")]),
    ("He said the plant opens Monday.", [("Monday", "DATE", "2025-10-20")]),
    ("He takes office in January.", [("January", "DATE", "2026-01")]),
    ("The vote is slated for Monday.", [("Monday", "DATE", "2025-10-20")]),
    ("The firm is poised to report results on Monday.", [("Monday", "DATE", "2025-10-20")]),
    ("A ruling is likely Monday.", [("Monday", "DATE", "2025-10-20")]),
    ("The Australian Open starts on 17 January.", [("17 January", "DATE", "2026-01-17")]),
    ("The talks began Monday.", [("Monday", "DATE", "2025-10-13")]),
    ("The talks did not begin Monday as planned.", [("Monday", "DATE", "2025-10-13")]),
    ("Tax returns rose on Monday.", [("Monday", "DATE", "2025-10-13")]),
    ("He made an impressive start to the season in March.", [("March", "DATE", "2025-03")]),
    ("Meet the Parents topped the chart in March.", [("March", "DATE", "2025-03")]),
])
def test_the_scheduled_present_points_ahead(text, expected):
    assert values(text) == expected


# "every two weeks" is a set of that period (TimeML SET, P2W), not a duration.
@pytest.mark.parametrize(("text", "expected"), [
    ("Every two weeks, he calls.", [("Every two weeks", "SET", "P2W")]),
    ("Every few years, the law changes.", [("Every few years", "SET", "PXY")]),
])
def test_every_n_units_is_a_set(text, expected):
    assert values(text) == expected


# "the June quarter" (business news) is the calendar quarter holding that month, in the year
# the month itself would be in.
@pytest.mark.parametrize(("text", "expected"), [
    ("Profit in the June quarter rose.", [("the June quarter", "DATE", "2025-Q2")]),
    ("Profit in the December quarter will rise.", [("the December quarter", "DATE", "2025-Q4")]),
    ("Sales in the December quarter fell.", [("the December quarter", "DATE", "2024-Q4")]),
    ("Sales in the March quarter of 2024 fell.",
     [("the March quarter of 2024", "DATE", "2024-Q1")]),
])
def test_a_quarter_named_by_its_month(text, expected):
    assert values(text) == expected


# Business durations: a count of quarters is P<n>Q (not a fraction: "three quarters of");
# "straight", "consecutive" and "trading" days stay inside the duration.
@pytest.mark.parametrize(("text", "expected"), [
    ("Profit rose for three straight quarters.",
     [("three straight quarters", "DURATION", "P3Q")]),
    ("Sales fell in the past two quarters.", [("the past two quarters", "DURATION", "P2Q")]),
    ("Three quarters of the members voted.", []),
    ("He won three consecutive years.", [("three consecutive years", "DURATION", "P3Y")]),
    ("Shares fell for five trading days.", [("five trading days", "DURATION", "P5D")]),
])
def test_business_durations(text, expected):
    assert values(text) == expected


# A date as the predicate of a present copula ("the vote is Monday") is when the event
# takes place: ahead, since a present tense tells no past day; the past copula keeps it back.
@pytest.mark.parametrize(("text", "expected"), [
    ("The vote is Monday.", [("Monday", "DATE", "2025-10-20")]),
    ("Elections are on Sunday.", [("Sunday", "DATE", "2025-10-19")]),
    ("The deadline was Monday.", [("Monday", "DATE", "2025-10-13")]),
])
def test_a_date_after_a_present_copula_is_ahead(text, expected):
    assert values(text) == expected


# A limit ("until Monday", "by 20 February") in a clause with no tense cue lies ahead; a
# past tense keeps it back, and an opening "By September, ..." says nothing by itself.
@pytest.mark.parametrize(("text", "expected"), [
    ("The festival runs until 20 February.", [("20 February", "DATE", "2026-02-20")]),
    ("Clubs have until Monday to respond.", [("Monday", "DATE", "2025-10-20")]),
    ("The talks had stalled by Monday.", [("Monday", "DATE", "2025-10-13")]),
    ("By September, broadband overtook dial-up.", [("September", "DATE", "2025-09")]),
])
def test_an_untensed_limit_lies_ahead(text, expected):
    assert values(text) == expected


# The futurate present: the present simple or progressive of an event that can be arranged
# ("faces trial", "travels to", "polls close", "is flying to") with a day on it tells an
# arrangement ahead, as HeidelTime reads a present tense; the past tense keeps it back. A
# form that is also a plural noun is a verb only after a subject ("postal votes", "a few
# heads", "40 votes" are nouns), and a present verb after the day belongs to a larger clause.
@pytest.mark.parametrize(("text", "expected"), [
    ("He faces trial Monday.", [("Monday", "DATE", "2025-10-20")]),
    ("The former president faces trial on Monday in Paris.",
     [("Monday", "DATE", "2025-10-20")]),
    ("Polls close on Tuesday.", [("Tuesday", "DATE", "2025-10-21")]),
    ("Voters go to the polls on Sunday.", [("Sunday", "DATE", "2025-10-19")]),
    ("The minister travels to Brussels on Tuesday.", [("Tuesday", "DATE", "2025-10-21")]),
    ("The team plays Arsenal on Saturday.", [("Saturday", "DATE", "2025-10-18")]),
    ("He is flying to Paris on Monday.", [("Monday", "DATE", "2025-10-20")]),
    ("The console goes on sale in Japan on 2 December.",
     [("2 December", "DATE", "2025-12-02")]),
    ("He faced trial on Monday.", [("Monday", "DATE", "2025-10-13")]),
    ("He met the president on Friday.", [("Friday", "DATE", "2025-10-10")]),
    ("The party won 40 votes on Monday.", [("Monday", "DATE", "2025-10-13")]),
    ("They benefited from postal votes in the 10 June election.",
     [("the 10 June", "DATE", "2025-06-10")]),
    ("The release on 9 November might cause a few heads to turn.",
     [("9 November", "DATE", "2025-11-09")]),
    ("If the deal signed on 8 December goes through, it will be big.",
     [("8 December", "DATE", "2024-12-08")]),
])
def test_the_futurate_present_points_ahead(text, expected):
    assert values(text) == expected


# A pattern whose optional count is absent must not take the space before its unit into the
# extent (TempEval-3 scores strict matches on exact offsets).
@pytest.mark.parametrize(("text", "expected"), [
    ("The firm was founded decades ago.", [("decades ago", "DATE", "PAST_REF")]),
    ("He scored again minutes later.", [("minutes later", "DATE", "FUTURE_REF")]),
])
def test_an_extent_has_no_leading_space(text, expected):
    assert values(text) == expected


# "over the next decade", "in the coming year": in news, the stretch that starts now, a
# duration like its mirror "over the past decade"; without the preposition ("The next year,
# he moved") or in narrative it stays the anaphoric date.
@pytest.mark.parametrize(("text", "expected"), [
    ("The plan will cost $10bn over the next decade.",
     [("the next decade", "DURATION", "P1DE")]),
    ("Prices will rise in the coming year.", [("the coming year", "DURATION", "P1Y")]),
    ("He will decide within the next week.", [("the next week", "DURATION", "P1W")]),
    ("Prices rose over the past decade.", [("the past decade", "DURATION", "P1DE")]),
    ("The next year, he moved to Paris.", [("The next year", "DATE", "2026")]),
    ("He will retire next year.", [("next year", "DATE", "2026")]),
])
def test_over_the_next_unit_is_a_stretch_from_now(text, expected):
    assert values(text) == expected


def test_over_the_next_unit_in_narrative_stays_a_date():
    found = tag("In 1941 he moved; over the next year he fought.", DCT, anchor="narrative")
    assert [(t.text, t.value) for t in found] == [("1941", "1941"), ("the next year", "1942")]


# TimeML, like TIDES, tags each end point of a range as a TIMEX3 of its own: the bare day
# number of "Oct. 6-8" is a date in the month and year of the day it is written against;
# the bare year of "499-493 BC" is in the era of the year after it.
@pytest.mark.parametrize(("text", "expected"), [
    ("The talks ran on Oct. 6-8 in Geneva.",
     [("Oct. 6", "DATE", "2025-10-06"), ("8", "DATE", "2025-10-08")]),
    ("The strike was held on Sept. 3 and 4, union leaders said.",
     [("Sept. 3", "DATE", "2025-09-03"), ("4", "DATE", "2025-09-04")]),
    ("Hearings were held from 13 to 15 May.",
     [("13", "DATE", "2025-05-13"), ("15 May", "DATE", "2025-05-15")]),
    ("The summit met on Feb. 2nd-4th.",
     [("Feb. 2nd", "DATE", "2025-02-02"), ("4th", "DATE", "2025-02-04")]),
    ("Floods struck on March 9 and 10, 2019, in the valley.",
     [("March 9", "DATE", "2019-03-09"), ("10, 2019", "DATE", "2019-03-10")]),
    ("Raids on the night of 8-9 June were reported.",
     [("the night of 8", "TIME", "2025-06-08TNI"), ("9 June", "DATE", "2025-06-09")]),
    ("The city was besieged in 415-413 BC.",
     [("415", "DATE", "BC0415"), ("413 BC", "DATE", "BC0413")]),
])
def test_each_end_of_a_range_is_a_date(text, expected):
    assert values(text) == expected


# Controls: a number after a date that counts something, or a later number that is no day.
@pytest.mark.parametrize(("text", "expected"), [
    ("On May 4 and 5 others were hurt.", [("May 4", "DATE", "2025-05-04")]),
    ("On April 6, 12 people died.", [("April 6", "DATE", "2025-04-06")]),
    ("On April 16-7 billion shares traded.", [("April 16", "DATE", "2025-04-16")]),
    ("By June 9 and 3 weeks later, it ended.",
     [("June 9", "DATE", "2025-06-09"), ("3 weeks later", "DATE", "2025-W27")]),
])
def test_a_count_after_a_date_is_no_range(text, expected):
    assert values(text) == expected


# "the following days", "the final weeks": an unstated number of units, the fuzzy duration
# TIDES and TimeML write PXD, PXW (as "for days" is).
@pytest.mark.parametrize(("text", "expected"), [
    ("Protests spread in the following days.", [("the following days", "DURATION", "PXD")]),
    ("In the final weeks of the campaign, polls narrowed.",
     [("the final weeks", "DURATION", "PXW")]),
    ("Prices doubled in the intervening years.",
     [("the intervening years", "DURATION", "PXY")]),
    ("Shares slid in the succeeding months.", [("the succeeding months", "DURATION", "PXM")]),
])
def test_the_following_units_is_a_vague_duration(text, expected):
    assert values(text) == expected


# A clock time named by the place whose time it is ("local time", "Baghdad time") is still
# on the day written after it: the clock takes that day's date.
@pytest.mark.parametrize(("text", "expected"), [
    ("The quake struck at 9 a.m. local time on Tuesday.",
     [("9 a.m.", "TIME", "2025-10-14T09:00"), ("Tuesday", "DATE", "2025-10-14")]),
    ("The polls opened at 7:30 a.m. Kyiv time Sunday.",
     [("7:30 a.m.", "TIME", "2025-10-12T07:30"), ("Sunday", "DATE", "2025-10-12")]),
    ("At 5:34 a.m. Baghdad time on March 20, 2003, the strikes began.",
     [("5:34 a.m.", "TIME", "2003-03-20T05:34"), ("March 20, 2003", "DATE", "2003-03-20")]),
])
def test_a_clock_in_local_time_is_on_the_day_after_it(text, expected):
    assert values(text) == expected
