"""TIMEX3 values: the one place that reads and writes them.

A TIMEX3 value names a period of the calendar at its own granularity. Every stage that needs
to know what a value means -- the tagger moving its reference time, events deciding whether
something is upcoming, the timeline ordering and merging entries, the pages labelling them and
filing them under a month, the evaluations comparing them with gold -- asks this module.

Values understood (TimeML 1.2 / TIMEX3, as the tagger writes them):

=================  =============  ==============================================
value              granularity    period (first day .. last day, inclusive)
=================  =============  ==============================================
2025-10-16T14:30   time           that day (a zone may follow: T14:30-05, T14:30Z)
2025-10-16TEV      day            that day ("evening" kept in the label)
2025-10-16         day            that day
2025-W42-WE        weekend        Saturday and Sunday of ISO week 42
2025-W42           week           Monday .. Sunday of ISO week 42
2025-10            month          1 .. 31 October 2025
2025-WI            season         meteorological seasons: SP Mar-May, SU Jun-Aug,
                                  FA Sep-Nov, WI Dec 2025 - Feb 2026
2025-Q3 / 2025-H1  quarter/half   Jul-Sep / Jan-Jun
2025, BC0490       year           the year (BC years negative)
202                decade         2020 .. 2029
19                 century        1900 .. 1999 (TIMEX3: "19" is the 20th century)
=================  =============  ==============================================

Winter starts in December of the value's year: TIMEX3 fixes no convention, and this is the one
the tagger resolves with ("next winter" in October 2025 is 2025-WI, "last winter" 2024-WI), so
2025-WI follows October 2025 on the timeline. Anything else -- durations (P4Y), sets,
PRESENT_REF/PAST_REF/FUTURE_REF, partly unknown dates (XXXX-10), the undated marker
XXXX-XX-XX -- is not on the calendar: ``granularity`` is "" and it sorts after every dated
value.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "GRANULARITIES", "UNDATED", "TimexValue", "format_date", "format_year", "parse",
    "value_type",
]

UNDATED = "XXXX-XX-XX"  # an event whose date is not set (or not known)

# Finest first: a value is "at least as precise" as another when its index is lower or equal.
GRANULARITIES = ("time", "day", "weekend", "week", "month", "season", "quarter", "half",
                 "year", "decade", "century")

Day = tuple[int, int, int]  # (year, month, day); BC years negative, no year 0 checks

MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")
_PARTS_OF_DAY = {"MO": "morning", "AF": "afternoon", "EV": "evening", "NI": "night",
                 "MI": "midday"}
# Meteorological seasons (northern hemisphere): first month and length in months.
_SEASONS = {"SP": (3, "Spring"), "SU": (6, "Summer"), "FA": (9, "Autumn"),
            "WI": (12, "Winter")}
_ORDINALS = ("First", "Second", "Third", "Fourth")

_DATE = re.compile(r"(?P<bc>BC)?(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?"
                   r"(?:T(?P<t>\d{2}:\d{2}(?::\d{2})?(?P<zone>Z|[+-]\d{2}(?::\d{2})?)?"
                   r"|MO|AF|EV|NI|MI))?")
_ZONE = re.compile(r"(?:Z|[+-]\d{2}(?::\d{2})?)$")
_WEEK = re.compile(r"(?P<y>\d{4})-W(?P<w>\d{2})(?P<we>-WE)?")
_SEASON = re.compile(r"(?P<y>\d{4})-(?P<s>SP|SU|FA|WI)")
_PART_OF_YEAR = re.compile(r"(?P<y>\d{4})-(?P<p>[QH])(?P<n>\d)")
_DECADE = re.compile(r"(?P<bc>BC)?(?P<n>\d{3})")
_CENTURY = re.compile(r"(?P<bc>BC)?(?P<n>\d{2})")


@dataclass(frozen=True)
class TimexValue:
    """A parsed TIMEX3 value. ``start``/``end`` are the first and last day of its period,
    None when the value is not on the calendar."""

    value: str
    granularity: str  # one of GRANULARITIES, or "" when not on the calendar
    start: Day | None = None
    end: Day | None = None

    @property
    def on_calendar(self) -> bool:
        return self.start is not None

    @property
    def sort_key(self) -> tuple:
        """Time order: by first day, then the longer period first (a month heads the days in
        it), then the value; values off the calendar last."""
        if self.start is None or self.end is None:
            return (1, (0, 0, 0), (0, 0, 0), self.value)
        return (0, self.start, tuple(-part for part in self.end), self.value)

    @property
    def precision(self) -> int:
        """Index in GRANULARITIES (lower = finer); len(GRANULARITIES) off the calendar."""
        return GRANULARITIES.index(self.granularity) if self.granularity else len(GRANULARITIES)

    @property
    def month(self) -> str:
        """'YYYY-MM' of the first day ('' off the calendar): the month a value is filed under."""
        return _month_key(self.start) if self.start else ""

    @property
    def ref(self) -> Day | tuple[int, int | None, int | None] | None:
        """(year, month or None, day or None) for a year, month or day value: what a narrative
        reference time can move to. None for other granularities."""
        if self.start is None or self.granularity not in ("time", "day", "month", "year"):
            return None
        year, month, day = self.start
        if self.granularity == "year":
            return (year, None, None)
        if self.granularity == "month":
            return (year, month, None)
        return (year, month, day)

    def starts_after(self, day: dt.date) -> bool:
        """The whole period lies after ``day`` (an event of it has not happened yet)."""
        return self.start is not None and self.start > (day.year, day.month, day.day)

    def within(self, other: TimexValue) -> bool:
        """This period lies inside ``other``'s (a day inside its month; equal periods too)."""
        if not (self.on_calendar and other.on_calendar):
            return False
        return other.start <= self.start and self.end <= other.end  # type: ignore[operator]

    def overlaps(self, other: TimexValue) -> bool:
        if not (self.on_calendar and other.on_calendar):
            return False
        return self.start <= other.end and other.start <= self.end  # type: ignore[operator]

    def label(self) -> str:
        """The value in words: '16 October 2025', 'Week of 13 October 2025', 'Winter
        2025–26', 'Date not set'."""
        return _label(self)


@lru_cache(maxsize=4096)
def parse(value: str) -> TimexValue:
    """The meaning of a TIMEX3 value; never raises (unknown shapes are off the calendar)."""
    value = value or ""
    for reader in (_read_date, _read_week, _read_season, _read_part_of_year, _read_decade,
                   _read_century):
        parsed = reader(value)
        if parsed is not None:
            return parsed
    return TimexValue(value, "")


def value_type(value: str) -> str:
    """The TIMEX3 type a value implies: DURATION, TIME (a time of day) or DATE."""
    if value.startswith("P"):
        return "DURATION"
    return "TIME" if "T" in value.removeprefix("BC") and not value.startswith("XXXX-WXX") \
        else "DATE"


def format_year(year: int) -> str:
    return f"BC{-year:04d}" if year < 0 else f"{year:04d}"


def format_date(year: int | None, month: int | None = None, day: int | None = None) -> str:
    """'2025', '2025-10' or '2025-10-16' (an unknown year as XXXX)."""
    out = "XXXX" if year is None else format_year(year)
    if month is not None:
        out += f"-{month:02d}"
        if day is not None:
            out += f"-{day:02d}"
    return out


# ---------------------------------------------------------------- readers


def _days_in_month(year: int, month: int) -> int:
    if month == 2:
        return 29 if calendar.isleap(abs(year)) else 28
    return (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[month - 1]


def _month_end(year: int, month: int) -> Day:
    return (year, month, _days_in_month(year, month))


def _read_date(value: str) -> TimexValue | None:
    m = _DATE.fullmatch(value)
    if not m:
        return None
    year = int(m.group("y")) * (-1 if m.group("bc") else 1)
    if m.group("m") is None:
        return TimexValue(value, "year", (year, 1, 1), (year, 12, 31))
    month = int(m.group("m"))
    if not 1 <= month <= 12:
        return None
    if m.group("d") is None:
        return TimexValue(value, "month", (year, month, 1), _month_end(year, month))
    day = int(m.group("d"))
    if not 1 <= day <= _days_in_month(year, month):
        return None
    time = m.group("t") or ""
    granularity = "time" if ":" in time else "day"
    return TimexValue(value, granularity, (year, month, day), (year, month, day))


def _read_week(value: str) -> TimexValue | None:
    m = _WEEK.fullmatch(value)
    if not m:
        return None
    try:
        monday = dt.date.fromisocalendar(int(m.group("y")), int(m.group("w")), 1)
    except ValueError:
        return None
    if m.group("we"):
        first, last = monday + dt.timedelta(days=5), monday + dt.timedelta(days=6)
        return TimexValue(value, "weekend", _day(first), _day(last))
    return TimexValue(value, "week", _day(monday), _day(monday + dt.timedelta(days=6)))


def _read_season(value: str) -> TimexValue | None:
    m = _SEASON.fullmatch(value)
    if not m:
        return None
    year, (first, _name) = int(m.group("y")), _SEASONS[m.group("s")]
    last_total = year * 12 + (first - 1) + 2  # three months: first .. first + 2
    end = _month_end(last_total // 12, last_total % 12 + 1)
    return TimexValue(value, "season", (year, first, 1), end)


def _read_part_of_year(value: str) -> TimexValue | None:
    m = _PART_OF_YEAR.fullmatch(value)
    if not m:
        return None
    year, n = int(m.group("y")), int(m.group("n"))
    months = 3 if m.group("p") == "Q" else 6
    if not 1 <= n <= 12 // months:
        return None
    first = (n - 1) * months + 1
    granularity = "quarter" if months == 3 else "half"
    return TimexValue(value, granularity, (year, first, 1), _month_end(year, first + months - 1))


def _read_decade(value: str) -> TimexValue | None:
    m = _DECADE.fullmatch(value)
    if not m:
        return None
    first = int(m.group("n")) * 10
    if m.group("bc"):  # BC020: the 200s BC, years -209 .. -200
        return TimexValue(value, "decade", (-first - 9, 1, 1), (-first, 12, 31))
    return TimexValue(value, "decade", (first, 1, 1), (first + 9, 12, 31))


def _read_century(value: str) -> TimexValue | None:
    m = _CENTURY.fullmatch(value)
    if not m:
        return None
    first = int(m.group("n")) * 100
    if m.group("bc"):
        return TimexValue(value, "century", (-first - 99, 1, 1), (-first, 12, 31))
    return TimexValue(value, "century", (first, 1, 1), (first + 99, 12, 31))


def _day(date: dt.date) -> Day:
    return (date.year, date.month, date.day)


def _month_key(day: Day) -> str:
    return f"{format_year(day[0])}-{day[1]:02d}"


# ---------------------------------------------------------------- words


def _year_words(year: int) -> str:
    return f"{-year} BC" if year < 0 else str(year)


def _day_words(day: Day) -> str:
    return f"{day[2]} {MONTH_NAMES[day[1] - 1]} {_year_words(day[0])}"


def _ordinal_suffix(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def _label(v: TimexValue) -> str:
    if v.value == UNDATED:
        return "Date not set"
    if v.start is None or v.end is None:
        return v.value
    year = v.start[0]
    if v.granularity in ("time", "day"):
        time = v.value.rpartition("T")[2] if "T" in v.value.removeprefix("BC") else ""
        words = _day_words(v.start)
        zone = _ZONE.search(time)
        if zone:  # 21:34-05 -> "21:34 UTC-05", 09:00Z -> "09:00 UTC"
            time = f"{time[:zone.start()]} UTC{zone.group().removeprefix('Z')}"
        return f"{words}, {_PARTS_OF_DAY.get(time, time)}" if time else words
    if v.granularity == "weekend":
        return f"Weekend of {_day_words(v.start)}"
    if v.granularity == "week":
        return f"Week of {_day_words(v.start)}"
    if v.granularity == "month":
        return f"{MONTH_NAMES[v.start[1] - 1]} {_year_words(year)}"
    if v.granularity == "season":
        name = _SEASONS[v.value[-2:]][1]
        if v.end[0] != year:  # winter spans the turn of the year
            return f"{name} {year}–{str(v.end[0])[-2:]}"
        return f"{name} {year}"
    if v.granularity in ("quarter", "half"):
        n = int(v.value[-1])
        return f"{_ORDINALS[n - 1]} {v.granularity} of {year}"
    if v.granularity == "year":
        return _year_words(year)
    if v.granularity == "decade":
        return f"{-v.end[0] if year < 0 else year}s" + (" BC" if year < 0 else "")
    number = (-v.end[0] if year < 0 else year) // 100 + 1
    return f"{number}{_ordinal_suffix(number)} century" + (" BC" if year < 0 else "")
