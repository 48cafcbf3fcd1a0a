"""generator.timex_value: granularity, period, order and words of TIMEX3 values."""

import datetime as dt

import pytest

from generator.analyse.timex import tag
from generator.timex_value import UNDATED, format_date, parse, value_type


@pytest.mark.parametrize(("value", "granularity", "start", "end"), [
    ("2025-10-16", "day", (2025, 10, 16), (2025, 10, 16)),
    ("2025-10-16TEV", "day", (2025, 10, 16), (2025, 10, 16)),
    ("2025-10-16T14:30", "time", (2025, 10, 16), (2025, 10, 16)),
    ("2003-03-19T21:34-05", "time", (2003, 3, 19), (2003, 3, 19)),
    ("2003-03-19T21:34Z", "time", (2003, 3, 19), (2003, 3, 19)),
    ("2025-W42", "week", (2025, 10, 13), (2025, 10, 19)),
    ("2025-W42-WE", "weekend", (2025, 10, 18), (2025, 10, 19)),
    ("2024-02", "month", (2024, 2, 1), (2024, 2, 29)),
    ("2025-SU", "season", (2025, 6, 1), (2025, 8, 31)),
    ("2025-WI", "season", (2025, 12, 1), (2026, 2, 28)),
    ("2025-Q3", "quarter", (2025, 7, 1), (2025, 9, 30)),
    ("2025-H2", "half", (2025, 7, 1), (2025, 12, 31)),
    ("2025", "year", (2025, 1, 1), (2025, 12, 31)),
    ("BC0490", "year", (-490, 1, 1), (-490, 12, 31)),
    ("202", "decade", (2020, 1, 1), (2029, 12, 31)),
    ("19", "century", (1900, 1, 1), (1999, 12, 31)),
])
def test_granularity_and_period(value, granularity, start, end):
    parsed = parse(value)
    assert (parsed.granularity, parsed.start, parsed.end) == (granularity, start, end)


@pytest.mark.parametrize("value", [UNDATED, "P4Y", "PRESENT_REF", "XXXX-10", "XXXX-WXX-1",
                                   "2025-13", "2025-02-30", "2025-W54", "", "nonsense"])
def test_values_off_the_calendar(value):
    parsed = parse(value)
    assert not parsed.on_calendar and parsed.granularity == ""
    assert parsed.sort_key > parse("9999-12-31").sort_key


def test_order_is_by_first_day_longer_period_first():
    values = ["2025-WI", UNDATED, "2025-10-16", "2025-10", "2025", "2025-10-13", "2025-Q4",
              "2024-WI"]
    ordered = sorted(values, key=lambda v: parse(v).sort_key)
    assert ordered == ["2024-WI", "2025", "2025-Q4", "2025-10", "2025-10-13", "2025-10-16",
                       "2025-WI", UNDATED]


def test_next_winter_in_october_is_after_october_and_upcoming():
    text = "The leaders will meet again next winter."
    (winter,) = tag(text, dt.date(2025, 10, 16))
    value = parse(winter.value)
    assert value.month == "2025-12"
    assert value.sort_key > parse("2025-10-31").sort_key
    assert value.starts_after(dt.date(2025, 10, 16))
    assert not parse("2025-10").starts_after(dt.date(2025, 10, 16))


@pytest.mark.parametrize(("value", "words"), [
    ("2025-10-16", "16 October 2025"),
    ("2025-10-15TEV", "15 October 2025, evening"),
    ("2025-10-15T09:30", "15 October 2025, 09:30"),
    ("2003-03-19T21:34-05", "19 March 2003, 21:34 UTC-05"),
    ("2025-10-15T09:30Z", "15 October 2025, 09:30 UTC"),
    ("2025-W42", "Week of 13 October 2025"),
    ("2025-W42-WE", "Weekend of 18 October 2025"),
    ("2025-08", "August 2025"),
    ("2025-WI", "Winter 2025–26"),
    ("2025-SP", "Spring 2025"),
    ("2025-Q3", "Third quarter of 2025"),
    ("2025-H1", "First half of 2025"),
    ("2024", "2024"),
    ("BC0490", "490 BC"),
    ("199", "1990s"),
    ("19", "20th century"),
    ("BC04", "5th century BC"),
    (UNDATED, "Date not set"),
])
def test_label(value, words):
    assert parse(value).label() == words


def test_within_and_overlaps():
    assert parse("2025-10-16").within(parse("2025-10"))
    assert parse("2025-10").within(parse("2025-10"))
    assert not parse("2025").within(parse("2025-10"))
    assert parse("2025-W40").overlaps(parse("2025-10"))  # 29 September .. 5 October
    assert not parse("2025-W40").within(parse("2025-10"))
    assert not parse(UNDATED).within(parse("2025"))


def test_ref_and_formatting_round_trip():
    assert parse(format_date(2025, 10, 16)).ref == (2025, 10, 16)
    assert parse(format_date(2025, 8)).ref == (2025, 8, None)
    assert parse(format_date(-44)).ref == (-44, None, None)
    assert parse("2025-W42").ref is None
    assert [value_type(v) for v in ("P4Y", "2025-10-16TEV", "2025-10-16", "XXXX-WXX-1")] == \
        ["DURATION", "TIME", "DATE", "DATE"]
