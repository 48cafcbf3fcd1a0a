"""TimeML/TIMEX3-style temporal tagger for English news, normalised against the DCT.

``tag(text, dct)`` finds time expressions with precompiled regular expressions
(timex_rules.py) and normalises each to a TIMEX3 value at its real granularity:
"in August" is a month (``2025-08``), "2024" a year, "the 1990s" the decade ``199``,
"four years" the duration ``P4Y``, "weekly" the set ``P1W``.

News conventions: a weekday name refers to the publication week and the tense of the
clause decides which way it goes (in an article of Thursday 2025-10-16, "met on Monday"
is 2025-10-13, "will meet on Friday" 2025-10-17, "on Thursday" the DCT itself); a bare
month is the most recent one unless the clause is in the future tense. With
``anchor="narrative"`` (history, Wikipedia) relative expressions ("the following year",
"in April", "two days later") are resolved against a reference time that moves to the
latest date mentioned so far, starting at the DCT.

Why not an off-the-shelf parser: dateparser 1.5.0 (checked with RELATIVE_BASE =
2025-10-16, a Thursday) has no notion of tense, only a global PREFER_DATES_FROM. With
"past" (the natural choice for news) "on Thursday" becomes 2025-10-09, a week before the
article; with the default, "Friday" becomes 2025-10-10 even in "will meet on Friday";
with "future", "on Thursday" jumps to 2025-10-23. It returns datetimes, never a
granularity: "in August" -> 2025-08-16, "2024" -> 2024-10-16, "last year" ->
2024-10-16 12:00, "four years" -> the date 2021-10-16 instead of a duration, and "the
1990s" -> 2025-10-15 23:26:50 (the wall clock leaks in). It returns None for "earlier
this week", "this summer", "mid-2024", "the 20th century", "recent weeks", "weekly" and
"nearly four years ago"; its search_dates() swallows neighbours ("in 1939 and").
"""

from __future__ import annotations

import bisect
import datetime
import re
from dataclasses import dataclass, field, replace

from generator.analyse.timex_rules import (
    DECADE_WORDS,
    DEFAULT_REACH,
    DIGIT_LED_GATES,
    GATE_UNIONS,
    GATE_WORDS,
    GATES,
    MATCH_REPORT,
    MONTHS,
    NUMBER_WORDS,
    ORDINAL_WORDS,
    PARTS_OF_DAY,
    REACH,
    RULES,
    SEASONS,
    SENTENCE_BREAK,
    TENSE_CUE,
    UNITS,
    WEEKDAYS,
    ZONES,
)
from generator.timex_value import GRANULARITIES, MONTH_NAMES, format_date, format_year, value_type
from generator.timex_value import parse as parse_value

__all__ = ["TimeExpression", "tag"]

ANCHORS = ("news", "narrative")
# Rules resolved against the writing time even in narrative text; they must not move the ref.
_DEICTIC_RULES = ("offset_deictic", "deictic_day", "this_time", "weeks_ago_weekday")


@dataclass(frozen=True)
class TimeExpression:
    start: int
    end: int
    text: str
    type: str  # "DATE" | "TIME" | "DURATION" | "SET"
    value: str
    direction: str = ""  # "past" | "future" | "": which way a relative expression went

    def to_dict(self) -> dict:
        out = {"start": self.start, "end": self.end, "text": self.text,
               "type": self.type, "value": self.value}
        if self.direction:
            out["direction"] = self.direction
        return out

    @classmethod
    def from_dict(cls, data: dict) -> TimeExpression:
        return cls(start=data["start"], end=data["end"], text=data["text"], type=data["type"],
                   value=data["value"], direction=data.get("direction", ""))


# A reference time: year (negative = BC), month and day, each possibly unknown.
Ref = tuple[int, "int | None", "int | None"]
Resolved = tuple[str, str, str]  # (type, value, direction)


@dataclass
class _Context:
    text: str
    dct: datetime.date
    narrative: bool
    ref: Ref = field(default=(0, None, None))
    ref_from_text: bool = False  # False while the ref is still the DCT
    # News: the last date the text named at any precision ("in 1984"), which "a year later"
    # counts from; ``ref`` stays the last named day, which "two days later" needs.
    last: Ref = field(default=(0, None, None))
    # News: the quarter or half the text last named ("2025-Q3"), "" once it names a month or
    # a longer period: what "the previous quarter" and "a year earlier" count from in results
    # news. A day or week leaves it: "said on Tuesday" is when the results came out.
    part: str = ""
    # News: the year of the last year, half or quarter this paragraph named by its number
    # (0: none), which "for the year" is about. A day or a month is a point in some year, not
    # the year reported on; "the previous year" is a comparison; an earlier paragraph's
    # year may be one the story looked back to.
    year: int = 0

    def anchor(self, deictic: bool) -> Ref:
        """News resolves everything against the DCT; narrative text against the moving ref,
        except truly deictic words ("ago", "from now", "today") that point at the writing
        time."""
        if self.narrative and not deictic:
            return self.ref
        return (self.dct.year, self.dct.month, self.dct.day)

    def anaphor(self, unit: str = "D") -> Ref:
        """What an anaphoric expression ("the following day", "two days later", "that
        year") counts from: the latest date the text has named (in news too), else the DCT.
        In news a count of years (or decades) counts from the last date named at any
        precision ("in 1984 ... one year later" is 1985), a count of months from the last
        one naming a month; a count of days or weeks needs a named day."""
        if not self.narrative and (unit in ("Y", "yr", "DE", "CE")
                                   or (unit == "M" and self.last[1] is not None)):
            return self.last
        return self.ref


def tag(text: str, dct: datetime.date, anchor: str = "news",
        before: list[TimeExpression] | None = None) -> list[TimeExpression]:
    """Time expressions in ``text``, sorted by start and non-overlapping. ``before``: the
    expressions of the text that precedes it (the article's earlier paragraphs), so that
    "one year later" at the start of a paragraph counts from the date named before it."""
    if anchor not in ANCHORS:
        raise ValueError(f"anchor must be one of {ANCHORS}, not {anchor!r}")
    today = (dct.year, dct.month, dct.day)
    ctx = _Context(text, dct, anchor == "narrative", today, last=today)
    for earlier in before or () if not ctx.narrative else ():
        _move_reference(ctx, earlier.type, earlier.value)
    out = []
    clocks = set()
    for start, end, name, match in _select(_candidates(text)):
        resolved = _HANDLERS[name](match, ctx)
        if resolved is None:
            continue
        kind, value, direction = resolved
        if name == "clock":
            clocks.add(len(out))
        out.append(TimeExpression(start, end, text[start:end], kind, value, direction))
        if name not in _DEICTIC_RULES and not (name in _MONTH_RULES and _OF_RELATIVE_YEAR.match(
                text, end)) and not (ctx.narrative and _PLANNED_FOR.search(
                    text, max(0, start - _PLANNED_REACH), start)):
            _move_reference(ctx, kind, value)
        if _NAMED_YEAR.search(text, start, end) and _PART_OR_YEAR.fullmatch(value):
            ctx.year = int(value[:4])
    out = _attach_clocks(text, out, clocks) if clocks else out
    out = _range_days(text, out) if _RANGE_JOIN_GATE.search(text) else out
    out = _months_of_years(text, out) if " of " in text else out
    return _weeks_of_days(text, out) if "eek" in text else out


# A time a plan was made for ("the offensive planned for 1976", "a planned campaign in
# 1976", "elections scheduled for May") is not a time the narrative has reached: the
# events told next are still before it, so it does not move the reference time.
_PLANNED_FOR = re.compile(r"\b(?:(?:planned|scheduled|projected|slated|intended|proposed"
                          r"|earmarked|targeted)(?:\s+\w+)?|due)\s+(?:for|in|by)\s+(?:the\s+)?$",
                          re.IGNORECASE)
_PLANNED_REACH = 40


# "March of last year", "August of that year", "January 24 of the same year": one
# expression, the month (day) in the year the relative expression names (TimeML annotates
# the whole phrase: 2024-03), not a month resolved on its own beside a year.
_OF = re.compile(r"\s+of\s+")
# The month (day) of "August of that year" must not move the reference "that year" counts
# from.
_OF_RELATIVE_YEAR = re.compile(r"\s+of\s+(?:the\s+)?(?:that|same|following|previous|next|last"
                               r"|this|preceding|prior)\s+year\b", re.IGNORECASE)
_YEAR_VALUE = re.compile(r"(?:BC)?\d{4}")
_MONTH_RULES = ("month", "month_day", "day_month")
_NAMED_YEAR = re.compile(r"\d{4}")
_PART_OR_YEAR = re.compile(r"\d{4}(?:-[QH][1-4])?")


def _months_of_years(text: str, found: list[TimeExpression]) -> list[TimeExpression]:
    out: list[TimeExpression] = []
    for x in found:
        month = out[-1] if out else None
        if month is not None and _YEAR_VALUE.fullmatch(x.value) and \
                _OF.fullmatch(text, month.end, x.start) and \
                not _NAMED_YEAR.search(month.text) and _in_year(month.value, x.value):
            out[-1] = TimeExpression(month.start, x.end, text[month.start:x.end], "DATE",
                                     f"{x.value}{month.value[4:]}", x.direction)
            continue
        out.append(x)
    return out


def _in_year(value: str, year: str) -> bool:
    """Whether a month or day value (its year to be replaced) exists in ``year``: a month
    always; "February 29 of that year" only in a leap year."""
    if _MONTH_VALUE.fullmatch(value):
        return True
    if not _DAY_VALUE.fullmatch(value) or not year.isdigit():
        return False
    return _date(int(year), int(value[5:7]), int(value[8:10])) is not None


# "the week of Oct. 20": one expression, the ISO week holding that day (TimeML annotates the
# whole phrase, value 2025-W43), not the day alone. "the first week of March": the month's
# n-th week, again one expression valued as an ISO week.
_WEEK_OF = re.compile(r"\b(?:the\s+)?week\s+of\s+$", re.IGNORECASE)
_WEEK_OF_REACH = 16  # characters of "the week of " before the day
_NTH_WEEK_OF = re.compile(r"\b(?:the\s+)?(?P<nth>first|second|third|fourth|last|final)\s+week"
                          r"\s+of\s+$", re.IGNORECASE)
_NTH_WEEK_OF_REACH = 26
_MONTH_VALUE = re.compile(r"\d{4}-[01]\d")
_DAY_VALUE = re.compile(r"\d{4}-[01]\d-[0-3]\d")
_NTH = {"first": 1, "second": 2, "third": 3, "fourth": 4}


def _weeks_of_days(text: str, found: list[TimeExpression]) -> list[TimeExpression]:
    out = []
    for x in found:
        before = _WEEK_OF.search(text, max(0, x.start - _WEEK_OF_REACH), x.start)
        nth = _NTH_WEEK_OF.search(text, max(0, x.start - _NTH_WEEK_OF_REACH), x.start)
        if nth and x.type == "DATE" and _MONTH_VALUE.fullmatch(x.value) and \
                (not out or out[-1].end <= nth.start()):
            day = _day_of_nth_week(x.value, nth.group("nth").lower())
            year, week, _ = day.isocalendar()
            x = replace(x, start=nth.start(), text=text[nth.start():x.end],
                        value=f"{year:04d}-W{week:02d}")
        elif before and x.type == "DATE" and _DAY_VALUE.fullmatch(x.value) and \
                (not out or out[-1].end <= before.start()):
            year, week, _ = datetime.date.fromisoformat(x.value).isocalendar()
            x = replace(x, start=before.start(), text=text[before.start():x.end],
                        value=f"{year:04d}-W{week:02d}")
        out.append(x)
    return out


# A range: "April 6-7", "May 4 and 5", "6-7 February", "from 13 to 15 April", "the night
# of 3-4 May", "499-493 BC". TimeML (like TIDES) tags each end point of a range as its own
# TIMEX3, so the bare number is a day of the same month and year as the day it is written
# against (a year of the same era as the year). Only a later day after the dated one (an
# earlier day, or BC year, before it), and the bare number not part of a clock, a score, an
# amount or a count ("May 4 and 5 others", "April 6-7 billion", "on May 4 and 5, 12 died").
_RANGE_JOIN_GATE = re.compile(r"\d(?:st|nd|rd|th)?(?:\s*[-–]\s*|\s+(?:and|to|through|or)\s+)\d")
_RANGE_JOIN = r"(?:\s*[-–]\s*|\s+(?:and|to|through|or|until|till)\s+)"
_RANGE_TAIL = re.compile(_RANGE_JOIN + r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?"
                         r"(?=\s*(?:[,.;:)!?]|$)(?!,?\s*\d(?!\d{3}\b))"
                         r"|\s+(?:in|at|on|of|and|were|was|when|as|the|with|but|before|after)\b)")
_RANGE_HEAD = re.compile(r"(?:\bthe\s+(?P<dp>morning|afternoon|evening|night)\s+of\s+)?"
                         r"(?:(?<=\s)|(?<=^)|(?<=\())(?P<d>[0-3]?\d)(?:st|nd|rd|th)?"
                         + _RANGE_JOIN + "$", re.IGNORECASE)
_RANGE_HEAD_REACH = 30
_ERA_HEAD = re.compile(r"(?:(?<=\s)|(?<=^)|(?<=\())(?P<y>\d{1,4})" + _RANGE_JOIN + "$")
_ERA_HEAD_REACH = 16
_BC_YEAR = re.compile(r"BC(?P<y>\d{4})")
_LETTER = re.compile(r"[A-Za-z]")
_ENDS_WITH_DAY = re.compile(r"\d(?:st|nd|rd|th)?$")
_RANGE_YEAR = re.compile(r",?\s+(?P<y>\d{4})\b")


def _range_days(text: str, found: list[TimeExpression]) -> list[TimeExpression]:
    out: list[TimeExpression] = []
    i = 0
    while i < len(found):
        x = found[i]
        head = _range_head(text, x, out[-1].end if out else 0)
        if head is not None:
            out.append(head)
        out.append(x)
        i += 1
        if x.type == "DATE" and _DAY_VALUE.fullmatch(x.value) and _LETTER.match(x.text) \
                and _ENDS_WITH_DAY.search(x.text):
            nxt = found[i] if i < len(found) else None
            tail = _range_tail(text, x, nxt)
            if tail is not None:
                out[-1], day, i = tail[0], tail[1], tail[2] + i
                out.append(day)
    return out


def _range_head(text: str, x: TimeExpression, free_from: int) -> TimeExpression | None:
    """The first end of a range written before ``x``'s number ("6-7 February", "499-493
    BC"), or None. ``free_from``: where the text is not yet tagged."""
    if not x.text[:1].isdigit() or x.type != "DATE":
        return None
    if _DAY_VALUE.fullmatch(x.value):
        head = _RANGE_HEAD.search(text, max(free_from, x.start - _RANGE_HEAD_REACH), x.start)
        if head is None or not 0 < int(head.group("d")) < int(x.value[8:10]):
            return None
        start = head.start() if head.group("dp") else head.start("d")
        value = x.value[:8] + f"{int(head.group('d')):02d}"
        if head.group("dp"):
            value += "T" + PARTS_OF_DAY[head.group("dp").lower()]
        return TimeExpression(start, head.end("d"), text[start:head.end("d")],
                              value_type(value), value, x.direction)
    bc = _BC_YEAR.fullmatch(x.value)
    head = _ERA_HEAD.search(text, max(free_from, x.start - _ERA_HEAD_REACH), x.start) \
        if bc else None
    if head is None or not int(bc.group("y")) < int(head.group("y")):
        return None
    return TimeExpression(head.start("y"), head.end("y"), head.group("y"), "DATE",
                          format_year(-int(head.group("y"))), x.direction)


def _range_tail(text: str, x: TimeExpression, nxt: TimeExpression | None,
                ) -> tuple[TimeExpression, TimeExpression, int] | None:
    """The second end of a range written after ``x`` ("April 6-7", "May 4 and 5, 1865"):
    ``x`` (its year set by a year written after the range), the day, and how many of the
    following expressions it takes in (1: that year), or None."""
    tail = _RANGE_TAIL.match(text, x.end)
    if tail is None or (nxt is not None and tail.end("d") > nxt.start):
        return None
    start, end, month, taken = tail.start("d"), tail.end(), x.value[:8], 0
    year = _RANGE_YEAR.match(text, end) if nxt is not None else None
    if year and nxt.start == year.start("y") and nxt.value == year.group("y"):
        # "May 4 and 5, 1865": the year is the range's, both days are in it
        end, month, taken = year.end(), year.group("y") + month[4:], 1
    day = int(tail.group("d"))
    if not int(x.value[8:10]) < day or not _date(int(month[:4]), int(month[5:7]), day):
        return None
    return (replace(x, value=month + x.value[8:]),
            TimeExpression(start, end, text[start:end], "DATE", f"{month}{day:02d}",
                           x.direction), taken)


def _day_of_nth_week(month_value: str, nth: str) -> datetime.date:
    """A day in a month's n-th week. ISO 8601's rule for a year's first week, applied to
    the month: the week whose Thursday is in the month, so the first week holds its 4th."""
    year, month = int(month_value[:4]), int(month_value[5:7])
    if nth in _NTH:
        return datetime.date(year, month, 7 * (_NTH[nth] - 1) + 4)
    last = datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(1)
    return last - datetime.timedelta(3)


# What may stand between a clock time and the day it is on: "midnight Sunday", "3 p.m. on
# Friday", "Oct. 12, 9 a.m."; "Friday at 3 p.m.".
# "9 a.m. local time on Tuesday", "5:34 AM Baghdad time on March 20": a clock time named
# by the place whose time it is, then its day; the two stay separate expressions.
_CLOCK_THEN_DAY = re.compile(r"\s*,?\s*(?P<zone>(?:local|(?-i:[A-Z][a-z]+))\s+time\s*,?\s*)?"
                             r"(?P<prep>on\s+)?")
_DAY_THEN_CLOCK = re.compile(r"\s*,?\s*(?P<prep>at\s+)?")
_DAY_VALUE = re.compile(r"\d{4}-\d\d-\d\d")
# "9:34 p.m., March 19 EST": the zone of a clock time written after its day
_TRAILING_ZONE = re.compile(r"\s*(?P<zone>" + "|".join(ZONES) + r")\b")
_ZONE_VALUE = re.compile(r"(?:Z|[+-]\d\d(?::\d\d)?)$")


def _attach_clocks(text: str, found: list[TimeExpression], clocks: set[int],
                   ) -> list[TimeExpression]:
    """A clock time next to a day names a time on that day, not on the DCT. Written
    together ("midnight Sunday", "Friday 3 p.m.") they are one TIMEX3, as TimeML annotates
    them; joined by a preposition ("midnight on Sunday") they stay two, the clock time
    taking the day's date (TimeML leaves prepositions out of an extent). Midnight is T24:00
    of the day it ends, TimeML's convention."""
    out: list[TimeExpression] = []
    i = 0
    while i < len(found):
        here = found[i]
        after = found[i + 1] if i + 1 < len(found) else None
        day, clock, gap_rule = None, None, None
        if i in clocks and after is not None and _DAY_VALUE.fullmatch(after.value):
            day, clock, gap_rule = after, here, _CLOCK_THEN_DAY
        elif i + 1 in clocks and after is not None and _DAY_VALUE.fullmatch(here.value):
            day, clock, gap_rule = here, after, _DAY_THEN_CLOCK
        gap = gap_rule.fullmatch(text, here.end, after.start) if gap_rule else None
        if gap is None:
            out.append(here)
            i += 1
            continue
        value = day.value + clock.value[clock.value.index("T"):]
        if gap.group("prep") or gap.groupdict().get("zone"):
            out.append(here if here is day else replace(here, value=value))
            out.append(after if after is day else replace(after, value=value))
        else:
            end = after.end
            zone = _TRAILING_ZONE.match(text, end)
            if zone and here is clock and not _ZONE_VALUE.search(value):
                end, value = zone.end(), value + ZONES[zone.group("zone")]
            out.append(TimeExpression(here.start, end, text[here.start:end], "TIME", value,
                                      day.direction))
        i += 2
    return out


def _move_reference(ctx: _Context, kind: str, value: str) -> None:
    """The reference times after a date the text names (see _Context.anaphor)."""
    if kind not in ("DATE", "TIME"):
        return
    if ctx.narrative:
        ctx.ref = _next_ref(ctx, value)
        return
    parsed = parse_value(value)
    if _PART_VALUE.fullmatch(value):
        ctx.part = value
    elif parsed.on_calendar and parsed.precision > _WEEK_PRECISION:
        ctx.part = ""
    if parsed.ref is None:
        return
    ctx.last = parsed.ref
    if parsed.granularity in ("day", "time"):
        # News resolve against the DCT; only a named day is a point that "the following
        # day" can count from.
        ctx.ref = parsed.ref


_PART_VALUE = re.compile(r"\d{4}-[QH][1-4]")
_WEEK_PRECISION = GRANULARITIES.index("week")
_FIRST_DIGIT = re.compile(r"\d")


def _gate_hits(text: str, lowered: str) -> dict[str, list[tuple[int, int]]]:
    """Each gate's matches (start, end), skipping scans that cannot match: a digit-led gate
    before the first digit, a word gate in a text holding none of its words."""
    first_digit = _FIRST_DIGIT.search(lowered)
    hits = {}
    for name, (gate, low) in GATES.items():
        source = lowered if low else text
        words = GATE_WORDS.get(name)
        if name in DIGIT_LED_GATES:
            found_at = gate.finditer(lowered, first_digit.start()) if first_digit else ()
        elif words is not None and not any(word in source for word in words):
            found_at = ()
        else:
            found_at = gate.finditer(source)
        hits[name] = [(m.start(), m.end()) for m in found_at]
    return hits


def _candidates(text: str) -> list[tuple[int, int, int, str, re.Match[str]]]:
    found = []
    lowered = text.lower()
    if len(lowered) != len(text):  # a few Unicode letters lower-case to two characters
        lowered = text
    hits = _gate_hits(text, lowered)
    for name, others in GATE_UNIONS.items():
        hits[name] = sorted(hits[name] + [hit for other in others for hit in hits[other]])
    windows: dict[tuple[str, int, int], list[tuple[int, int]]] = {}
    for order, (name, gate, pattern) in enumerate(RULES):
        back, forward = REACH.get(name, DEFAULT_REACH)
        key = (gate, back, forward)
        if key not in windows:
            windows[key] = _windows(text, hits[gate], back, forward)
        for lo, hi in windows[key]:
            for m in pattern.finditer(text, lo, hi):
                start, end = _trim(text, m.start(), m.end())
                if end > start and _acceptable(name, m, text):
                    found.append((start, end, order, name, m))
    return found


def _windows(text: str, hits: list[tuple[int, int]], back: int, forward: int,
             ) -> list[tuple[int, int]]:
    """Merged stretches of text around each gate hit, widened to whole words at the end
    (a window must not cut a word, or "Mar|ch" would look like a month)."""
    merged: list[list[int]] = []
    n = len(text)
    for start, end in hits:
        lo, hi = max(0, start - back), min(n, end + forward)
        if merged and lo <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    for window in merged:
        hi = window[1]
        while hi < n and (text[hi].isalnum() or text[hi] == "."):
            hi += 1
        window[1] = hi
    return [(lo, hi) for lo, hi in merged]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The extent without edge spaces: a pattern whose optional head is absent may start
    with the space before its unit ("founded decades ago" matches " decades ago")."""
    while end > start and text[end - 1] in " \t\n,-":
        end -= 1
    while start < end and text[start] in " \t\n":
        start += 1
    return start, end


def _select(cands: list) -> list[tuple[int, int, str, re.Match[str]]]:
    """Longest span first, then earliest, then rule order; drop anything overlapping."""
    cands.sort(key=lambda c: (c[0] - c[1], c[0], c[2]))
    starts: list[int] = []
    chosen: list[tuple[int, int, str, re.Match[str]]] = []
    for start, end, _order, name, m in cands:
        i = bisect.bisect_left(starts, start)
        if i > 0 and chosen[i - 1][1] > start:
            continue
        if i < len(chosen) and chosen[i][0] < end:
            continue
        starts.insert(i, start)
        chosen.insert(i, (start, end, name, m))
    return chosen


_MONTH_CUE = re.compile(
    r"(?:\b(?:in|of|since|until|till|by|from|through|to|during|early|late|mid|before|after"
    r"|between|and|or|last|next|this|each|every|that)[\s-]+)$", re.IGNORECASE)


def _acceptable(name: str, m: re.Match[str], text: str) -> bool:
    """Cheap filters for readings the patterns cannot rule out by themselves."""
    if name == "month" and m.group("mon") in ("May", "March") and not (
            m.group("y") or m.group("rel") or m.group("edge")):
        # modal "May", the "Long March": a bare May/March needs a preposition before it
        return bool(_MONTH_CUE.search(text, max(0, m.start() - 12), m.start()))
    if name == "quarter" and not (m.group("y") or m.group("fy") or m.group("rel")):
        # "scored in the first half": a period of play, not of the calendar
        return MATCH_REPORT.search(text, max(0, m.start() - _MATCH_REACH),
                                   m.end() + _MATCH_REACH) is None
    if name == "present" and m.group(0).lower() == "current":
        return not _current_is_the_noun(text, m.start(), m.end())
    if name == "season" and m.group("season").lower() == "fall":
        return bool(m.group("y")) or (m.group("rel") or "the").lower() != "the"
    if name == "duration" and m.group("n") and m.group("n").lower() in ("a", "an"):
        if m.group("unit").lower().startswith("second"):
            return False  # "a second expedition"
        # "a day" inside "once a day" is a SET; "a year" after "per" likewise
        return not re.search(r"(?:once|twice|times|per)\s+$", text[max(0, m.start() - 8):
                                                                  m.start()])
    return True


# "current" is the adjective of time (TimeML PRESENT_REF: "the current crisis") only where
# it modifies a noun after it. It is the noun (a flow of water, air, electricity) where it
# heads its phrase: another modifier sits between an article and it ("an electric current",
# "the ocean current"), or the next word cannot be the noun it modifies: "of", another
# preposition, a relative or an auxiliary verb ("a current of air", "the current in the
# bay", "the current was strong"). The end of a phrase is already excluded by the pattern.
# With no POS tagger, a lexical verb after it ("the current flows") is left as an adjective:
# "-s" and "-ed" words after "current" are mostly nouns and participles in news ("current
# rules", "current depressed spending").
_CURRENT_NOUN_AFTER = re.compile(
    r"\s+(?:of|in|into|through|from|across|along|around|to|at|on|off|with|by|near|toward"
    r"|towards|that|which|who|is|was|are|were|has|had|have|will|would|can|could|may|might"
    r"|must|should|shall|does|did)\b", re.IGNORECASE)
_CURRENT_NOUN_BEFORE = re.compile(r"\b(?:a|an|the)\s+(?P<mod>(?-i:[a-z]+))\s+$", re.IGNORECASE)
# Words that can stand between an article and the adjective "current": quantities, ranks
# and degree words, which come before an adjective of age in English ("the most current
# figures", "the only current member", "the top current buyers"); superlatives likewise
# ("the biggest current threat", tested by their "-est" ending).
_CURRENT_PREMODIFIERS = frozenset((
    "most", "more", "only", "very", "then", "same", "other", "two", "three", "four", "five",
    "six", "seven", "eight", "nine", "ten", "many", "few", "first", "last", "top", "leading"))


def _current_is_the_noun(text: str, start: int, end: int) -> bool:
    """Whether ``current`` at ``start:end`` is the noun, not the adjective of time."""
    if _CURRENT_NOUN_AFTER.match(text, end):
        return True
    before = _CURRENT_NOUN_BEFORE.search(text, max(0, start - 40), start)
    if before is None:
        return False
    mod = before.group("mod")
    return mod not in _CURRENT_PREMODIFIERS and not mod.endswith("est")


# How far (characters either side) a word of a match report makes a half or quarter a
# period of play: a match report quotes "the first half" a sentence or two from the score.
_MATCH_REACH = 300
_PART_WORD = re.compile(r"\b(?:quarter|half|(?-i:[QH][1-4]))\b", re.IGNORECASE)


def _part_named_before(text: str, start: int) -> bool:
    """Whether the sentence names a quarter or half before ``start``."""
    breaks = list(SENTENCE_BREAK.finditer(text, max(0, start - 300), start))
    lo = breaks[-1].end() if breaks else max(0, start - 300)
    return _PART_WORD.search(text, lo, start) is not None


# ---------------------------------------------------------------- values

def _date(y: int, m: int, d: int) -> datetime.date | None:
    try:
        return datetime.date(y, m, d)
    except ValueError:
        return None


def _next_ref(ctx: _Context, value: str) -> Ref:
    """The narrative reference time after a date. A bare year far from the current
    reference ("founded in 1812" in a story of 1920) is a digression and leaves it alone."""
    new = parse_value(value).ref
    if new is None:
        return ctx.ref
    if ctx.ref_from_text and new[1] is None and abs(new[0] - ctx.ref[0]) > _DIGRESSION_YEARS:
        return ctx.ref
    ctx.ref_from_text = True
    return new


_DIGRESSION_YEARS = 20


def _month_number(name: str) -> int:
    return MONTHS[name[:3].lower()]


def _number(word: str) -> float | None:
    word = re.sub(r"\s+", " ", word.lower().strip())
    if word in NUMBER_WORDS:
        return NUMBER_WORDS[word]
    try:
        return float(word.replace(",", ""))
    except ValueError:
        return None


def _unit_code(unit: str) -> str:
    unit = unit.lower()
    for prefix, code in UNITS.items():
        if unit.startswith(prefix):
            return code
    raise KeyError(unit)


def _era_year(y: str, era: str | None) -> int:
    year = int(y)
    return -year if era and era.upper().startswith("B") else year


# ---------------------------------------------------------------- calendar arithmetic

def _shift(ref: Ref, unit: str, n: int) -> str:
    """The value of ``ref`` moved by ``n`` units, at the granularity of that unit."""
    y, m, d = ref
    if unit in ("Y", "yr"):
        return format_year(y + n)
    if unit in ("DE", "CE"):
        # BC counts down: 490 BC is in the decade BC049, the one after it is BC048
        size, width = (10, 3) if unit == "DE" else (100, 2)
        shifted = (y // size if y >= 0 else -(-y // size)) + n
        return f"BC{-shifted:0{width}d}" if shifted < 0 else f"{shifted:0{width}d}"
    if unit == "M":
        if m is None:
            return "XXXX-XX"
        total = y * 12 + (m - 1) + n
        return format_date(total // 12, total % 12 + 1)
    day = _date(y, m, d) if m and d and y > 0 else None
    if unit in ("W", "WE"):
        if day is None:
            return "XXXX-WXX"
        iso = (day + datetime.timedelta(weeks=n)).isocalendar()
        return f"{iso[0]:04d}-W{iso[1]:02d}" + ("-WE" if unit == "WE" else "")
    if day is None:
        return "XXXX-XX-XX"
    return (day + datetime.timedelta(days=n)).isoformat()


def _direction_from_tense(text: str, start: int, end: int) -> str:
    """'past' or 'future' from the nearest tense cue in the same sentence, '' if none.
    "since" before the expression says past whatever the clause's tense ("has been trying
    since December, as it intends to ...")."""
    if _SINCE.search(text, max(0, start - 12), start):
        return "past"
    if _rescheduled(text, start) or _IS_ON.search(text, max(0, start - 24), start):
        return "future"
    if POSSESSIVE.match(text, end):
        return _attributive_direction(text, end)
    lo = max(0, start - 160)
    left = text[lo:start]
    breaks = list(SENTENCE_BREAK.finditer(left))
    if breaks:
        lo += breaks[-1].end()
    right_end = min(len(text), end + 100)
    stop = SENTENCE_BREAK.search(text, end, right_end)
    if stop:
        right_end = stop.start()
    best: tuple[int, str] | None = None
    for cue in TENSE_CUE.finditer(text, lo, start):
        if _is_cue(text, cue):
            best = (start - cue.end(), "future" if cue.group("fut") else "past")
    for cue in TENSE_CUE.finditer(text, end, right_end):
        if cue.group("futurate"):
            # a present verb after the date is a larger clause's ("the deal signed on
            # 8 December goes through"): the futurate's verb comes before its day
            continue
        # A cue after the expression usually belongs to a subordinate clause ("told reporters
        # on Sunday that he intended to ..."): it counts only when much closer than the left one.
        dist = (cue.start() - end) * 3
        if best is None or dist < best[0]:
            best = (dist, "future" if cue.group("fut") else "past")
        break
    deadline = _DEADLINE.search(text, max(0, start - 8), start) if best is None else None
    if deadline and text[lo:deadline.start()].strip():
        # "the festival runs until 20 February", "bids are due by Monday": no tense cue, a
        # limit ahead. Not a sentence's opening "By September, ...": that frames the clause
        # after it, whose tense the cues here may not see.
        return "future"
    return best[1] if best else ""


_SINCE = re.compile(r"\bsince\s+$", re.IGNORECASE)
_DEADLINE = re.compile(r"\b(?:by|until|till)\s+$", re.IGNORECASE)
# "the vote is Monday", "elections are on Sunday": a date as the predicate of a present
# copula is when the subject's event takes place, and a present tense cannot tell a past
# one, so it lies ahead (the DCT's own day needs no direction).
_IS_ON = re.compile(r"\b(?:is|are)\s+(?:(?:now|still|also)\s+)?(?:on\s+)?$", re.IGNORECASE)
# "has been put back to 12 November": the new date of a rescheduled event. A rescheduling
# is news before the new date comes, so the date lies ahead whatever the tense of the verb
# that moved it. Only right before the date: "moved to London on Monday" is no rescheduling.
_RESCHEDULED_TO = re.compile(
    r"\b(?:(?:put|pushed|set|moved)\s+back|brought\s+forward|put\s+off|postponed|delayed"
    r"|deferred|rescheduled|moved|adjourned)\s+(?:to|until|till|for)\s+(?:the\s+)?$",
    re.IGNORECASE)
# "Sunday's quake": the date names a noun's event, not the clause's, so the clause's tense
# ("homes will be affected by Sunday's quake") says nothing about its side of the DCT. Only
# a plan word inside the noun phrase does ("Sunday's scheduled vote").
POSSESSIVE = re.compile(r"['’]s\b")
_PLANNED_NOUN = re.compile(
    r"['’]s\s+(?:\w+\s+)?(?:upcoming|scheduled|planned|proposed|expected|forthcoming"
    r"|coming|anticipated|impending|looming)\b", re.IGNORECASE)


# "Friday's meeting will be held in Budapest": the noun phrase is the subject of a future
# verb that says its event happens (a light verb: "the meeting will be held" is "they will
# meet"), so the event itself lies ahead. Any other future predicate is about the event's
# consequences ("Sunday's quake will cost insurers billions": the quake is past).
_OCCURS_LATER = re.compile(
    r"['’]s(?:\s+[\w-]+){1,6}?\s+"  # the noun phrase: words only, no comma or clause break
    r"(?:will|shall|(?:is|are)\s+(?:(?:now|still|also)\s+)?(?:(?:expected|scheduled|set|due"
    r"|planned|going)\s+)?to)\s+(?:(?:now|still|also|then)\s+)?"
    r"(?:be\s+(?:held|staged|hosted|convened|played|run)|take\s+place|go\s+ahead|happen"
    r"|occur|begin|start|open|kick\s+off|get\s+under\s*way|convene|proceed|resume)\b"
    r"|['’]s(?:\s+[\w-]+){1,6}?\s+(?:is|are)\s+(?:now\s+)?(?:scheduled|set|planned|due)"
    r"\s+(?:for|on|at)\b",
    re.IGNORECASE)


# The subject before a futurate "-s" form that is also a plural noun ("faces", "plays"):
# a pronoun, a name, or "the" and a word or two ("the former president faces"). An adjective or
# a count before it ("big releases", "postal votes", "a few heads") makes it a noun.
_FUTURATE_SUBJECT = re.compile(
    r"(?:\b(?:he|she|it|who|which|that|everyone|everything|nobody)|\b[A-Z][\w'’.-]*"
    r"|\b(?:[Tt]he|[Tt]his)\s+(?!few\b|many\b|other\b)(?:[a-z][\w-]*\s+)?[a-z][\w-]*)\s+$")
_SUBJECT_REACH = 40


def _is_cue(text: str, cue: re.Match[str]) -> bool:
    """Whether a tense cue found before a date counts: a futurate "-s" form that is also a
    plural noun needs a subject before it."""
    return not cue.group("sn") or _FUTURATE_SUBJECT.search(
        text, max(0, cue.start() - _SUBJECT_REACH), cue.start()) is not None


def _rescheduled(text: str, start: int) -> bool:
    """Whether the expression at ``start`` is the new date of a rescheduled event."""
    return _RESCHEDULED_TO.search(text, max(0, start - 40), start) is not None


def _attributive_direction(text: str, end: int) -> str:
    """The side of a possessive date: future when its noun phrase names a plan or is the
    subject of a future verb of occurrence, otherwise untensed (the handler's default)."""
    return "future" if _PLANNED_NOUN.match(text, end) or _OCCURS_LATER.match(text, end) \
        else ""

# A plan told in the past ("was due", "were expected to", "was originally scheduled for").
_PAST_AUXILIARY = re.compile(r"\b(?:was|were)\s+(?:\w+ly\s+)?$", re.IGNORECASE)


def _planned_in_the_past(text: str, start: int) -> bool:
    """Whether the nearest tense cue before ``start`` in its sentence is a plan told in the
    past ("the filing was due Sept. 30"): a plan as it stood then, which says nothing about
    the side of the DCT its date lies on, so the nearest date is meant."""
    left = text[max(0, start - 160):start]
    breaks = list(SENTENCE_BREAK.finditer(left))
    if breaks:
        left = left[breaks[-1].end():]
    cues = [cue for cue in TENSE_CUE.finditer(left) if _is_cue(left, cue)]
    return bool(cues) and cues[-1].group("fut") is not None and \
        _PAST_AUXILIARY.search(left, 0, cues[-1].start()) is not None


_REL_STEP = {
    "this": 0, "current": 0, "same": 0, "that": 0,
    "last": -1, "past": -1, "previous": -1, "preceding": -1, "prior": -1, "final": -1,
    "next": 1, "coming": 1, "following": 1, "subsequent": 1,
}
_ANAPHORIC = ("same", "that", "following", "previous", "preceding", "prior", "subsequent")


def _rel(m: re.Match[str]) -> str:
    """The relative word of a match, lower-cased; "this past" is "past"."""
    words = (m.group("rel") or "").lower().split()
    return words[-1] if words else ""


def _step_direction(step: int) -> str:
    return "past" if step < 0 else "future" if step > 0 else ""


# ---------------------------------------------------------------- handlers

def _h_iso(m: re.Match[str], ctx: _Context) -> Resolved | None:
    y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
    if _date(y, mo, d) is None:
        return None
    value = format_date(y, mo, d)
    if m.group("H"):
        value += f"T{m.group('H')}:{m.group('M')}"
    return value_type(value), value, ""


def _h_numeric_date(m: re.Match[str], ctx: _Context) -> Resolved | None:
    y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
    return None if _date(y, mo, d) is None else ("DATE", format_date(y, mo, d), "")


def _year_for_month_day(ctx: _Context, month: int, day: int) -> int:
    """News: the year that puts the date closest to the DCT. Narrative: the ref year."""
    if ctx.narrative:
        return ctx.ref[0]
    best = ctx.dct.year
    best_gap = None
    for year in (ctx.dct.year - 1, ctx.dct.year, ctx.dct.year + 1):
        candidate = _date(year, month, min(day, 28))
        gap = abs((candidate - ctx.dct).days) if candidate else 10**6
        if best_gap is None or gap < best_gap:
            best, best_gap = year, gap
    return best


def _tense_year(ctx: _Context, m: re.Match[str], year: int, month: int, day: int) -> int:
    """The nearest year, unless the clause's tense puts the date on the other side of the
    DCT ("met on 3 March" in October is this March, not next)."""
    candidate = _date(year, month, min(day, 28))
    if candidate is None or candidate == ctx.dct or _rescheduled(ctx.text, m.start()):
        return year  # a new date is a plan: the nearest one is meant
    direction = _direction_from_tense(ctx.text, m.start(), m.end())
    if direction == "future" and _planned_in_the_past(ctx.text, m.start()):
        return year
    if direction == "past" and candidate > ctx.dct:
        return year - 1
    if direction == "future" and candidate < ctx.dct:
        return year + 1
    return year


def _named_side_year(ctx: _Context, rel: str, month: int, day: int) -> int:
    """The year of "last Dec. 12" (the latest before the DCT), "next March 3" (the first
    after it) or "this May 1" (the DCT's)."""
    year = ctx.dct.year
    candidate = _date(year, month, min(day, 28))
    if candidate is None or rel == "this":
        return year
    if rel == "last":
        return year if candidate < ctx.dct else year - 1
    return year if candidate > ctx.dct else year + 1


def _h_month_day(m: re.Match[str], ctx: _Context) -> Resolved | None:
    month, day = _month_number(m.group("mon")), int(m.group("d"))
    if not 1 <= day <= 31 or (day > 29 and month == 2):
        return None
    era = m.groupdict().get("era")
    rel = (m.groupdict().get("rel") or "").lower()
    if m.group("y"):
        year = _era_year(m.group("y"), era)
    elif rel and not ctx.narrative:
        year = _named_side_year(ctx, rel, month, day)
    else:
        year = _year_for_month_day(ctx, month, day)
        if not ctx.narrative:
            year = _tense_year(ctx, m, year, month, day)
    value = format_date(year, month, day)
    if m.group("dp"):
        value += "T" + PARTS_OF_DAY[m.group("dp").lower()]
    return value_type(value), value, ""


def _h_month(m: re.Match[str], ctx: _Context) -> Resolved | None:
    month = _month_number(m.group("mon"))
    if m.group("y"):
        return "DATE", format_date(_era_year(m.group("y"), m.group("era")), month), ""
    year, direction = _year_of_month(ctx, m, month, (m.group("rel") or "").lower())
    return "DATE", format_date(year, month), direction


def _year_of_month(ctx: _Context, m: re.Match[str], month: int, rel: str) -> tuple[int, str]:
    """The year of a month named without one, and the direction it went: the reference's
    year in narrative text; in news the side "last"/"next" or the clause's tense says
    (the most recent such month by default)."""
    ref_year, ref_month, _ = ctx.anchor(deictic=False)
    if ctx.narrative and not rel:
        return ref_year, ""
    ref_month = ref_month or 1
    if rel in ("last", "past", "previous"):
        direction = "past"
    elif rel in ("next", "coming", "following"):
        direction = "future"
    elif month == ref_month:
        return ref_year, ""
    else:
        direction = _direction_from_tense(ctx.text, m.start(), m.end()) or "past"
    if direction == "past":
        year = ref_year if month < ref_month or (month == ref_month and rel == "") else \
            ref_year - 1
    else:
        year = ref_year if month > ref_month else ref_year + 1
    return year, direction


def _h_year(m: re.Match[str], ctx: _Context) -> Resolved | None:
    return "DATE", format_year(_era_year(m.group("y"), m.group("era"))), ""


def _h_era_year(m: re.Match[str], ctx: _Context) -> Resolved | None:
    if m.group("y"):
        return "DATE", format_year(_era_year(m.group("y"), m.group("era"))), ""
    return "DATE", format_year(int(m.group("y2"))), ""


def _h_year_tail(m: re.Match[str], ctx: _Context) -> Resolved | None:
    first = int(ctx.text[m.start() - 5:m.start() - 1])
    year = first // 100 * 100 + int(m.group("yy"))
    if year <= first:
        year += 100
    return ("DATE", format_year(year), "") if year - first < 100 else None


def _h_decade(m: re.Match[str], ctx: _Context) -> Resolved | None:
    bc = bool(m.group("era")) and m.group("era").upper().startswith("B")
    if m.group("dig"):
        decade = int(m.group("dig"))
    else:
        digit = int(m.group("short")) if m.group("short") else DECADE_WORDS[
            m.group("word").lower()]
        century = abs(ctx.anchor(deictic=True)[0]) // 100
        decade = century * 10 + digit
        if decade * 10 > ctx.dct.year:
            decade -= 10
    return "DATE", (f"BC{decade:03d}" if bc else f"{decade:03d}"), ""


def _h_century(m: re.Match[str], ctx: _Context) -> Resolved | None:
    word = m.group("ord").lower().replace(" ", "-")
    n = ORDINAL_WORDS.get(word) or int(re.match(r"\d+", word).group())
    bc = bool(m.group("era")) and m.group("era").upper().startswith("B")
    return "DATE", (f"BC{n - 1:02d}" if bc else f"{n - 1:02d}"), ""


_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def _h_season(m: re.Match[str], ctx: _Context) -> Resolved | None:
    code = SEASONS[m.group("season").lower()]
    if m.group("y"):
        return "DATE", f"{format_year(_era_year(m.group('y'), m.group('era')))}-{code}", ""
    rel = _rel(m)
    year, month, _ = ctx.anchor(deictic=False)
    month = month or 6
    direction = ""
    if rel in ("last", "past", "previous"):
        direction = "past"
        year = year if _SEASON_START[code] + 3 <= month else year - 1
    elif rel in ("next", "coming", "following"):
        direction = "future"
        year = year if _SEASON_START[code] > month else year + 1
    return "DATE", f"{format_year(year)}-{code}", direction


def _h_quarter(m: re.Match[str], ctx: _Context) -> Resolved | None:
    ordinal = m.group("ord").lower()
    n = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
         "4th": 4}.get(ordinal)
    what = "Q" if m.group("what").lower() == "quarter" else "H"
    if n is None:  # "the last quarter"
        n = 4 if what == "Q" else 2
    if what == "H" and n > 2:
        return None
    if m.group("y") or m.group("fy"):
        year = int(m.group("y") or m.group("fy"))
    elif m.group("rel"):
        year = ctx.anchor(deictic=False)[0] + _REL_STEP.get(m.group("rel").lower(), 0)
    else:
        year = _year_of_part(ctx, m, what, n)
    return "DATE", f"{format_year(year)}-{what}{n}", ""


def _year_of_part(ctx: _Context, m: re.Match[str], what: str, n: int) -> int:
    """A quarter or half named without a year: the current one's year, unless its last month
    is still ahead and the clause reports it in the past (then last year's: "the economy grew
    in the fourth quarter" in October is about last year's, which has its figures). A fiscal
    quarter's months are not known (a fiscal year may end in September): it goes back only
    when its calendar namesake has not even begun."""
    year = ctx.anchor(deictic=False)[0]
    size = 3 if what == "Q" else 6
    month = ctx.anchor(deictic=False)[1] or 12
    if _FISCAL.search(m.group(0)):
        unreported = (n - 1) * size + 1 > month  # not begun
    else:
        unreported = n * size > month  # its last month still ahead
    if unreported and _direction_from_tense(ctx.text, m.start(), m.end()) == "past":
        year -= 1
    return year


_FISCAL = re.compile(r"fiscal|financial", re.IGNORECASE)


def _h_quarter_code(m: re.Match[str], ctx: _Context) -> Resolved | None:
    what, n = m.group("what"), int(m.group("n"))
    if what == "H" and n > 2:
        return None
    year = int(m.group("y")) if m.group("y") else _year_of_part(ctx, m, what, n)
    return "DATE", f"{format_year(year)}-{what}{n}", ""


def _h_fiscal_year(m: re.Match[str], ctx: _Context) -> Resolved | None:
    if m.group("y"):
        return "DATE", format_year(int(m.group("y"))), ""
    year = int(m.group("yy"))
    if year < 100:  # FY25: the century that puts it nearest the DCT
        year += 2000 if 2000 + year <= ctx.dct.year + _TWO_DIGIT_YEAR_AHEAD else 1900
    return "DATE", format_year(year), ""


_TWO_DIGIT_YEAR_AHEAD = 10


def _h_relative_fiscal_year(m: re.Match[str], ctx: _Context) -> Resolved | None:
    """"next fiscal year": the calendar year after the DCT's. Fiscal years start in
    different months for different bodies, which the text rarely says; the DCT's own
    calendar year is the one it is mostly in."""
    rel = m.group("rel").lower()
    step = _REL_STEP[rel]
    ref = ctx.anaphor("Y") if rel in _ANAPHORIC else ctx.anchor(deictic=not ctx.narrative)
    return "DATE", _shift(ref, "Y", step), _step_direction(step)


# The end of a range of days that names the month: "[the 13th] to the 19th of October".
_RANGE_END = re.compile(
    r"\s*(?:to|and|until|till|through|-|–)\s+(?:the\s+)?[0-3]?\d(?:st|nd|rd|th)?"
    r"(?:\s+of)?\s+(?P<mon>(?-i:" + "|".join(MONTH_NAMES) + r"))(?:,?\s+(?P<y>\d{4})\b)?",
    re.IGNORECASE)


def _h_ordinal_day(m: re.Match[str], ctx: _Context) -> Resolved | None:
    """"on the 12th": that day of the reference month (the DCT's in news). In news the
    clause's tense may move it a month: "ended on the 20th" in an article of the 16th is
    last month's 20th, "will meet on the 3rd" next month's."""
    day = int(m.group("d"))
    later = _RANGE_END.match(ctx.text, m.end())
    if later:  # "from the 13th to the 19th of October 1950": the range's month
        month = _month_number(later.group("mon"))
        year = int(later.group("y")) if later.group("y") else _year_for_month_day(
            ctx, month, day)
        return ("DATE", format_date(year, month, day), "") if _date(year, month, day) \
            else None
    year, month, ref_day = ctx.anchor(deictic=False)
    if month is None or year <= 0:
        return None
    step = 0
    if not ctx.narrative and ref_day is not None and day != ref_day:
        direction = _direction_from_tense(ctx.text, m.start(), m.end())
        if direction == "past" and day > ref_day:
            step = -1
        elif direction == "future" and day < ref_day and not _planned_in_the_past(
                ctx.text, m.start()):
            step = 1
    total = year * 12 + (month - 1) + step
    year, month = total // 12, total % 12 + 1
    if _date(year, month, day) is None:
        return None
    return "DATE", format_date(year, month, day), _step_direction(step)


def _h_month_quarter(m: re.Match[str], ctx: _Context) -> Resolved | None:
    """"the September quarter": the calendar quarter holding that month, in the year a bare
    month would be in ("profit in the June quarter rose" in October is this June's)."""
    month = _month_number(m.group("mon"))
    year = int(m.group("y")) if m.group("y") else _year_of_month(ctx, m, month, "")[0]
    return "DATE", f"{format_year(year)}-Q{(month - 1) // 3 + 1}", ""


def _h_relative_quarter(m: re.Match[str], ctx: _Context) -> Resolved | None:
    """"last quarter" counts from the DCT's quarter; "the previous quarter" from the quarter
    the text last named, when it named one ("the third quarter ... the previous quarter")."""
    rel = m.group("rel").lower()
    # "the latest quarter" of a company report is the last one completed.
    step = -1 if rel == "latest" or rel.startswith("most") else _REL_STEP[rel]
    if rel in _ANAPHORIC and ctx.part[-2:-1] == "Q":
        year, month = int(ctx.part[:4]), int(ctx.part[-1]) * 3
    elif rel == "same":
        return None  # "the same quarter of the draw": no quarter named for it to repeat
    else:
        year, month, _ = ctx.anchor(deictic=False)
        if month is None:
            return None
    return "DATE", _quarter_value(year, month, step), _step_direction(step)


def _h_the_quarter(m: re.Match[str], ctx: _Context) -> Resolved | None:
    """"for the quarter": the quarter the text last named; with none, the one a report is
    about: the last completed (the DCT's own when the clause looks ahead)."""
    if ctx.narrative:
        return None  # history rarely reports by quarter; "the quarter" is then a place
    if ctx.part[-2:-1] == "Q":
        return "DATE", ctx.part, ""
    ahead = _direction_from_tense(ctx.text, m.start(), m.end()) == "future"
    return "DATE", _quarter_value(ctx.dct.year, ctx.dct.month, 0 if ahead else -1), ""


def _quarter_value(year: int, month: int, step: int) -> str:
    """The quarter holding ``month`` of ``year``, moved by ``step`` quarters."""
    total = year * 4 + (month - 1) // 3 + step
    return f"{format_year(total // 4)}-Q{total % 4 + 1}"


def _part_years_back(part: str, years: int) -> str:
    """A quarter or half value moved by whole years: "2025-Q3" -> "2024-Q3"."""
    return f"{format_year(int(part[:4]) + years)}{part[4:]}"


def _h_year_ago_period(m: re.Match[str], ctx: _Context) -> Resolved | None:
    """"the year-ago quarter": the quarter (half, month, period) the text reports on, a
    year back. That is the part of the year it last named; with none named, a results
    report is about the last one completed before the DCT (a month: the DCT's previous)."""
    what = m.group("what").lower()
    if ctx.part and (what == "period" or ctx.part[5] == what[0].upper()):
        return "DATE", _part_years_back(ctx.part, -1), "past"
    year, month = ctx.dct.year, ctx.dct.month
    if what in ("month", "period") and ctx.last[1] is not None and ctx.last != (
            year, month, ctx.dct.day):
        return "DATE", format_date(ctx.last[0] - 1, ctx.last[1]), "past"
    if what == "month":
        total = year * 12 + month - 2 - 12
        return "DATE", format_date(total // 12, total % 12 + 1), "past"
    if what == "period":
        return "DATE", format_year(year - 1), "past"
    size = 3 if what == "quarter" else 6
    total = year * (12 // size) + (month - 1) // size - 1 - 12 // size
    per_year = 12 // size
    return "DATE", f"{format_year(total // per_year)}-{what[0].upper()}{total % per_year + 1}", \
        "past"


def _h_the_year(m: re.Match[str], ctx: _Context) -> Resolved | None:
    """"for the year": the year of the last year, half or quarter the paragraph named by its
    number (_Context.year); with none, the DCT's year, or the one before when the clause
    reports it in the past (a year still under way has no results to report: "profit for
    the year rose" is last year's). Narrative: the year of the reference time."""
    if ctx.narrative:
        year = ctx.ref[0]
        return ("DATE", format_year(year), "") if year else None
    if ctx.year:
        return "DATE", format_year(ctx.year), ""
    past = _direction_from_tense(ctx.text, m.start(), m.end()) == "past"
    return "DATE", format_year(ctx.dct.year - past), ""


def _h_this_time(m: re.Match[str], ctx: _Context) -> Resolved | None:
    step = -1 if m.group("rel").lower() == "last" else 1
    day = ctx.dct
    same = _date(day.year + step, day.month, day.day) or _date(day.year + step, day.month, 28)
    return "DATE", same.isoformat() if same else format_date(day.year + step), \
        _step_direction(step)


def _h_weeks_ago_weekday(m: re.Match[str], ctx: _Context) -> Resolved | None:
    n = _number(m.group("n"))
    if n is None:
        return None
    base = ctx.dct - datetime.timedelta(weeks=int(n))
    weekday = WEEKDAYS[m.group("wd")[:3].lower()]
    day = base + datetime.timedelta(days=weekday - base.isoweekday())
    return "DATE", day.isoformat(), "past"


def _h_deictic_day(m: re.Match[str], ctx: _Context) -> Resolved | None:
    word = (m.group("word") or m.group("pre") or "").lower()
    if word == "today":
        if ctx.narrative:
            return "DATE", "PRESENT_REF", ""
        return "DATE", ctx.dct.isoformat(), ""
    if m.group("ba"):
        step = -2 if m.group("ba").lower().startswith("before") else 2
        value, suffix = _shift(ctx.anchor(True), "D", step), ""
    else:
        step = {"yesterday": -1, "tomorrow": 1, "last": -1}.get(word, 0)
        part = m.group("dp") or ("night" if word == "tonight" else "")
        if word == "last" and part.lower() != "night":
            step = 0  # "last evening" is rare; treat like "this evening"
        value = _shift(ctx.anchor(True), "D", step)
        suffix = "T" + PARTS_OF_DAY[part.lower()] if part else ""
    return value_type(value + suffix), value + suffix, _step_direction(step)


# "over the past year", "in the last month": TimeML annotates the stretch of time that ends
# now, a duration (P1Y), not the calendar year before the DCT ("last year", 2024). "The last
# year of the war" names a year of something else and is left as it was.
_STRETCH_UNITS = ("week", "month", "year", "yr", "decade", "century")
_OF_AFTER = re.compile(r"\s+of\b", re.IGNORECASE)
_OF_MONTH = re.compile(r"\s+of\s+(?-i:" + "|".join(MONTH_NAMES) + r")\b", re.IGNORECASE)


# "over the next decade", "within the next year": in news, the stretch that starts now, the
# same duration as its mirror "over the past decade" (P1DE), not the calendar decade after
# the DCT's. Only after a preposition of a stretch: "the next year, he moved" (narrative or
# news) is the year after a named one, an anaphoric date.
_STRETCH_PREPOSITION = re.compile(r"\b(?:over|during|within|in|for|throughout)\s+$",
                                  re.IGNORECASE)


def _is_stretch_to_now(m: re.Match[str], ctx: _Context) -> bool:
    if m.group(0)[:4].lower() != "the " or m.group("unit").lower() not in _STRETCH_UNITS \
            or _OF_AFTER.match(ctx.text, m.end()):
        return False
    rel = _rel(m)
    return rel in ("past", "last") or (
        rel in ("next", "coming") and not ctx.narrative
        and _STRETCH_PREPOSITION.search(ctx.text, max(0, m.start() - 12), m.start()) is not None)


def _h_relative_unit(m: re.Match[str], ctx: _Context) -> Resolved | None:
    rel = _rel(m)
    unit = m.group("unit").lower()
    if _is_stretch_to_now(m, ctx):
        return "DURATION", _duration(1, unit), ""
    if unit == "week" and _OF_MONTH.match(ctx.text, m.end()):
        return None  # "the last week of September": one expression, see _weeks_of_days
    step = _REL_STEP[rel]
    code = "D" if unit in PARTS_OF_DAY else {
        "weekend": "WE", "week": "W", "month": "M", "year": "Y", "yr": "Y",
        "decade": "DE", "century": "CE", "day": "D"}[unit]
    # "the next day" follows the day the text named, like "the following day"; "next week"
    # is the DCT's.
    anaphoric = rel in _ANAPHORIC or (rel == "next" and code == "D" and
                                      m.group(0)[:4].lower() == "the ")
    ref = ctx.anaphor(code) if anaphoric else ctx.anchor(deictic=not ctx.narrative)
    if unit in PARTS_OF_DAY:
        value = _shift(ref, "D", step) + "T" + PARTS_OF_DAY[unit]
        return "TIME", value, _step_direction(step)
    value = _shift(ref, code, step)
    when = (m.group("when") or "").lower()
    direction = _step_direction(step) or {"earlier": "past", "later": "future"}.get(when, "")
    return "DATE", value, direction


def _h_within_unit(m: re.Match[str], ctx: _Context) -> Resolved | None:
    """"the end of the year" is the year; "the end of next year" next year's, as "next
    year" alone (TimeML puts the part in a modifier, not in the value)."""
    unit = m.group("unit").lower()
    code = {"week": "W", "month": "M", "year": "Y", "decade": "DE", "century": "CE"}[unit]
    rel = _rel(m)
    if not rel:
        return "DATE", _shift(ctx.anchor(deictic=False), code, 0), ""
    step = _REL_STEP[rel]
    ref = ctx.anaphor(code) if rel in _ANAPHORIC else ctx.anchor(deictic=not ctx.narrative)
    return "DATE", _shift(ref, code, step), _step_direction(step)


def _h_unit_end(m: re.Match[str], ctx: _Context) -> Resolved | None:
    """"by year-end": the year (TimeML marks the end with a modifier, not in the value)."""
    step = _REL_STEP.get((m.group("rel") or "").lower(), 0)
    code = "Y" if m.group("unit").lower() == "year" else "M"
    return "DATE", _shift(ctx.anchor(deictic=False), code, step), _step_direction(step)


def _h_the_weekend(m: re.Match[str], ctx: _Context) -> Resolved | None:
    """"Over the weekend" in news: on a weekday, the weekend before the DCT when the clause
    is in the past (the default: news report what happened), the coming one when it is in
    the future; on a Saturday or Sunday, that weekend. Narrative: the reference's week."""
    if ctx.narrative:
        return "DATE", _shift(ctx.anchor(deictic=False), "WE", 0), ""
    direction = _direction_from_tense(ctx.text, m.start(), m.end()) or "past"
    on_weekend = ctx.dct.weekday() >= _SATURDAY
    step = -1 if direction == "past" and not on_weekend else 0
    today = (ctx.dct.year, ctx.dct.month, ctx.dct.day)
    return "DATE", _shift(today, "WE", step), direction


_SATURDAY = 5  # datetime.date.weekday()


def _easter(year: int) -> datetime.date:
    """Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday_offset = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday_offset) // 451
    month, day = divmod(h + weekday_offset - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> datetime.date:
    """The ``n``-th ``weekday`` (ISO, Monday 1) of a month; ``n`` = -1 for the last."""
    if n < 0:
        last = datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(1)
        return last - datetime.timedelta((last.isoweekday() - weekday) % 7)
    first = datetime.date(year, month, 1)
    return first + datetime.timedelta((weekday - first.isoweekday()) % 7 + 7 * (n - 1))


def _fixed(month: int, day: int):
    return lambda year: _date(year, month, day)


_THANKSGIVING = 4, 11, 4  # US: the fourth Thursday of November
# Each holiday's day in a given year (US dates where only the US keeps it under that name).
_HOLIDAYS = {
    "christmas eve": _fixed(12, 24), "christmas": _fixed(12, 25),
    "christmas day": _fixed(12, 25), "boxing day": _fixed(12, 26),
    "new year's eve": _fixed(12, 31), "new year's day": _fixed(1, 1),
    "halloween": _fixed(10, 31), "valentine's day": _fixed(2, 14),
    "st. patrick's day": _fixed(3, 17), "fourth of july": _fixed(7, 4),
    "july fourth": _fixed(7, 4), "veterans day": _fixed(11, 11),
    "armistice day": _fixed(11, 11), "bastille day": _fixed(7, 14),
    "easter": _easter, "easter sunday": _easter,
    "easter monday": lambda y: _easter(y) + datetime.timedelta(1),
    "good friday": lambda y: _easter(y) - datetime.timedelta(2),
    "thanksgiving": lambda y: _nth_weekday(y, 11, 4, 4),
    "black friday": lambda y: _nth_weekday(y, 11, 4, 4) + datetime.timedelta(1),
    "cyber monday": lambda y: _nth_weekday(y, 11, 4, 4) + datetime.timedelta(4),
    "memorial day": lambda y: _nth_weekday(y, 5, 1, -1),
    "labor day": lambda y: _nth_weekday(y, 9, 1, 1),
    # the Tuesday after the first Monday of November
    "election day": lambda y: _nth_weekday(y, 11, 1, 1) + datetime.timedelta(1),
    "mother's day": lambda y: _nth_weekday(y, 5, 7, 2),
    "father's day": lambda y: _nth_weekday(y, 6, 7, 3),
    "martin luther king day": lambda y: _nth_weekday(y, 1, 1, 3),
    "presidents day": lambda y: _nth_weekday(y, 2, 1, 3),
    "columbus day": lambda y: _nth_weekday(y, 10, 1, 2),
}


def _holiday_key(name: str) -> str:
    key = re.sub(r"\s+", " ", name.lower().replace("’", "'"))
    key = re.sub(r"^(?:the |saint |st\.? )(?!patrick)", "", key)
    key = re.sub(r"^saint |^st ", "st. ", key)
    key = re.sub(r" jr\.?", "", key).replace("hallowe'en", "halloween")
    key = key.replace("labour", "labor").replace("veterans'", "veterans")
    key = key.replace("presidents'", "presidents").replace("thanksgiving day", "thanksgiving")
    return key


def _h_holiday(m: re.Match[str], ctx: _Context) -> Resolved | None:
    """A holiday is a day of a year: narrative text puts it in the reference year; news in
    the year "last"/"next" say, else the nearest one on the side the clause's tense says
    ("demand during the Christmas sales" in January is last December's Christmas)."""
    day_in = _HOLIDAYS[_holiday_key(m.group("name"))]
    if m.group("y"):
        day = day_in(int(m.group("y")))
        return ("DATE", day.isoformat(), "") if day else None
    if ctx.narrative:
        year = ctx.anchor(deictic=False)[0]
        day = day_in(year) if year > 0 else None
        return ("DATE", day.isoformat(), "") if day else None
    step = _REL_STEP.get((m.group("rel") or "").lower(), 0)
    this_year = day_in(ctx.dct.year)
    if step < 0:
        year = ctx.dct.year - (this_year >= ctx.dct)
    elif step > 0:
        year = ctx.dct.year + (this_year <= ctx.dct)
    else:
        year = _year_for_month_day(ctx, this_year.month, this_year.day)
        year = _tense_year(ctx, m, year, this_year.month, this_year.day)
    return "DATE", day_in(year).isoformat(), _step_direction(step)


def _h_unit_before_after(m: re.Match[str], ctx: _Context) -> Resolved | None:
    step = -1 if m.group("ba").lower() == "before" else 1
    unit = m.group("unit").lower()
    code = {"day": "D", "night": "D", "week": "W", "month": "M", "year": "Y"}[unit]
    value = _shift(ctx.anaphor(code), code, step)
    if unit == "night":
        value += "TNI"
    return value_type(value), value, _step_direction(step)


def _h_offset(m: re.Match[str], ctx: _Context) -> Resolved | None:
    word = m.group("dir").lower()
    step_sign = -1 if word in ("ago", "earlier", "before") or word.startswith("in") else 1
    direction = "past" if step_sign < 0 else "future"
    n = _number(m.group("n")) if m.group("n") else None
    if n is None:
        return "DATE", "PAST_REF" if step_sign < 0 else "FUTURE_REF", direction
    code = _unit_code(m.group("unit"))
    if code in ("S", "H") or m.group("unit").lower().startswith("min"):
        code = "D"
        n = 0
    if m.group("unit").lower().startswith("fortnight"):
        code, n = "W", n * 2
    deictic = word in ("ago", "from now", "hence") or word.startswith("in")
    compared = not deictic or (word == "ago" and _part_named_before(ctx.text, m.start()))
    if code == "Y" and compared and ctx.part and not ctx.narrative:
        # "third-quarter profit rose from $4 million a year earlier (a year ago)": that
        # quarter, a year back; "ago" only in the sentence that names the quarter, a
        # comparison of results (on its own it counts from the DCT)
        return "DATE", _part_years_back(ctx.part, int(n) * step_sign), direction
    ref = ctx.anchor(True) if deictic else ctx.anaphor(code)  # "two days later": after what?
    return "DATE", _shift(ref, code, int(n) * step_sign), direction


def _duration(n: float | None, unit: str) -> str:
    code = _unit_code(unit)
    if unit.lower().startswith("fortnight") and n is not None:
        n *= 2
    amount = "X" if n is None else (f"{n:g}" if n % 1 else str(int(n)))
    if code in ("H", "S") or unit.lower().startswith("min"):
        return f"PT{amount}{'M' if unit.lower().startswith('min') else code}"
    return f"P{amount}{code}"


def _h_duration(m: re.Match[str], ctx: _Context) -> Resolved | None:
    n = None
    if m.group("n"):
        n = _number(m.group("n"))
        if n is None or n == 0:
            return None
        if m.group("half"):
            n += 0.5
    return "DURATION", _duration(n, m.group("unit")), ""


def _h_duration_quarters(m: re.Match[str], ctx: _Context) -> Resolved | None:
    n = _number(m.group("n"))
    return ("DURATION", f"P{int(n)}Q", "") if n else None


def _h_duration_bare(m: re.Match[str], ctx: _Context) -> Resolved | None:
    return "DURATION", _duration(None, m.group("unit")), ""


def _h_duration_half(m: re.Match[str], ctx: _Context) -> Resolved | None:
    unit = (m.group("unit") or m.group("unit2")).lower()
    value = {"hour": "PT30M", "day": "PT12H", "year": "P6M", "century": "P50Y"}[unit]
    return "DURATION", value, ""


def _h_duration_long(m: re.Match[str], ctx: _Context) -> Resolved | None:
    return "DURATION", _duration(1, m.group("unit")), ""


_SET_ADVERBS = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y",
                "yearly": "P1Y", "nightly": "P1D", "hourly": "PT1H", "fortnightly": "P2W",
                "quarterly": "P3M", "semiannually": "P6M", "semi-annually": "P6M",
                "biannually": "P6M"}


def _h_set(m: re.Match[str], ctx: _Context) -> Resolved | None:
    if m.group("adv"):
        return "SET", _SET_ADVERBS[m.group("adv").lower()], ""
    unit = (m.group("unit") or m.group("unit2") or m.group("unit3")).rstrip(".")
    low = unit.lower()
    if low in PARTS_OF_DAY:
        return "SET", "XXXX-XX-XXT" + PARTS_OF_DAY[low], ""
    if low == "weekend":
        return "SET", "XXXX-WXX-WE", ""
    if low not in ("day", "week", "month", "year", "hour"):  # a weekday name
        return "SET", f"XXXX-WXX-{WEEKDAYS[low[:3]]}", ""
    n = 2 if m.group("other") else 1
    return "SET", _duration(n, low), ""


def _h_set_every_n(m: re.Match[str], ctx: _Context) -> Resolved | None:
    n = _number(m.group("n")) if m.group("n") else None
    if m.group("n") and not n:
        return None
    return "SET", _duration(n, m.group("unit")), ""


def _h_weekday_plural(m: re.Match[str], ctx: _Context) -> Resolved | None:
    return "SET", f"XXXX-WXX-{WEEKDAYS[m.group('wd')[:3].lower()]}", ""


def _h_weekday(m: re.Match[str], ctx: _Context) -> Resolved | None:
    weekday = WEEKDAYS[m.group("wd")[:3].lower()]
    part = "T" + PARTS_OF_DAY[m.group("dp").lower()] if m.group("dp") else ""
    y, mo, d = ctx.anchor(deictic=False)
    base = _date(y, mo, d) if mo and d and y > 0 else None
    if base is None:
        value = f"XXXX-WXX-{weekday}{part}"
        return value_type(value), value, ""
    rel = _rel(m)
    back = (base.isoweekday() - weekday) % 7  # days back to the most recent such weekday
    forward = (weekday - base.isoweekday()) % 7
    if rel in ("last", "past"):
        direction, back = "past", back or 7
    elif rel in ("next", "coming"):
        direction, forward = "future", forward or 7
    elif back == 0:
        direction = ""
    else:
        direction = _direction_from_tense(ctx.text, m.start(), m.end())
        if not direction:  # untensed: the day after publication is the upcoming one
            direction = "future" if forward == 1 else "past"
    shift = -back if direction == "past" else forward if direction == "future" else 0
    value = (base + datetime.timedelta(days=shift)).isoformat() + part
    return value_type(value), value, direction


def _day_anchor(ctx: _Context) -> str:
    y, mo, d = ctx.anchor(deictic=False)
    return format_date(y, mo, d) if mo and d else "XXXX-XX-XX"


def _h_clock(m: re.Match[str], ctx: _Context) -> Resolved | None:
    if m.group("word"):
        hhmm = "12:00" if m.group("word").lower() == "noon" else "24:00"
    else:
        hour = int(m.group("H") or m.group("H2"))
        minute = int(m.group("M") or m.group("M2") or 0)
        ampm = (m.group("ampm") or "").lower()
        if ampm:
            if not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if ampm.startswith("p") else 0)
        hhmm = f"{hour:02d}:{minute:02d}"
    zone = ZONES[m.group("zone")] if m.group("zone") else ""
    return "TIME", f"{_day_anchor(ctx)}T{hhmm}{zone}", ""


def _h_that_daypart(m: re.Match[str], ctx: _Context) -> Resolved | None:
    word = m.group(0).lower()
    step = 1 if ("following" in word or "next" in word) else -1 if "previous" in word else 0
    base = _shift(ctx.anaphor(), "D", step)
    return "TIME", f"{base}T{PARTS_OF_DAY[m.group('dp').lower()]}", _step_direction(step)


def _constant(value: str):
    def handler(m: re.Match[str], ctx: _Context) -> Resolved:
        return "DATE", value, ""
    return handler


_HANDLERS = {
    "iso": _h_iso,
    "numeric_date": _h_numeric_date,
    "month_day": _h_month_day,
    "day_month": _h_month_day,
    "month": _h_month,
    "year": _h_year,
    "era_year": _h_era_year,
    "year_tail": _h_year_tail,
    "decade": _h_decade,
    "century": _h_century,
    "season": _h_season,
    "quarter": _h_quarter,
    "quarter_code": _h_quarter_code,
    "fiscal_year": _h_fiscal_year,
    "relative_fiscal_year": _h_relative_fiscal_year,
    "ordinal_day": _h_ordinal_day,
    "unit_end": _h_unit_end,
    "month_quarter": _h_month_quarter,
    "relative_quarter": _h_relative_quarter,
    "year_ago_period": _h_year_ago_period,
    "same_period": _h_year_ago_period,
    "the_year": _h_the_year,
    "the_quarter": _h_the_quarter,
    "this_time": _h_this_time,
    "weeks_ago_weekday": _h_weeks_ago_weekday,
    "deictic_day": _h_deictic_day,
    "relative_unit": _h_relative_unit,
    "unit_before_after": _h_unit_before_after,
    "within_unit": _h_within_unit,
    "holiday": _h_holiday,
    "the_weekend": _h_the_weekend,
    "offset": _h_offset,
    "offset_deictic": _h_offset,
    "duration": _h_duration,
    "duration_quarters": _h_duration_quarters,
    "duration_bare": _h_duration_bare,
    "duration_vague_span": _h_duration_bare,
    "duration_half": _h_duration_half,
    "duration_long": _h_duration_long,
    "set": _h_set,
    "set_every_n": _h_set_every_n,
    "weekday_plural": _h_weekday_plural,
    "weekday": _h_weekday,
    "clock": _h_clock,
    "that_daypart": _h_that_daypart,
    "present": _constant("PRESENT_REF"),
    "past_ref": _constant("PAST_REF"),
    "future_ref": _constant("FUTURE_REF"),
}
assert set(_HANDLERS) == {name for name, _, _ in RULES}, "every rule needs a handler"
