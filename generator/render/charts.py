"""A story's picture, drawn at build time as inline SVG (no script, no image file): which outlets
reported it on which days, and its dated events on a time axis.

Colours come from the theme's CSS variables (docs/stylesheets/extra.css, .nd-chart), so the
chart follows the light/dark toggle; the viewBox is phone-sized (400 units) and scales up.
Every name and text is escaped: outlets and event wordings come from untrusted articles.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from html import escape

from generator.models import Article
from generator.render.common import UNKNOWN_SOURCE, human_date
from generator.timex_value import parse

WIDTH = 400
LEFT = 118  # room for outlet names
RIGHT = 14
ROW = 22
MAX_OUTLETS = 6  # more are drawn as one row, "Other outlets"
MAX_EVENTS = 12
FINE_EVENT_DAYS = 31
NAME_CHARS = 18
DESC_EVENT_CHARS = 90


def _day(iso: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(iso[:10])
    except ValueError:
        return None


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class _Axis:
    """Days to x positions between LEFT and WIDTH - RIGHT."""

    def __init__(self, first: dt.date, last: dt.date) -> None:
        if last <= first:
            first, last = first - dt.timedelta(days=1), first + dt.timedelta(days=1)
        self.first, self.span = first, (last - first).days

    def x(self, day: dt.date) -> float:
        return round(LEFT + (WIDTH - LEFT - RIGHT) * (day - self.first).days / self.span, 1)


def _coverage_rows(reports: list[Article]) -> list[tuple[str, dict[dt.date, int]]]:
    by_outlet: dict[str, dict[dt.date, int]] = {}
    for article in reports:
        day = _day(article.date)
        if day is not None:
            days = by_outlet.setdefault(article.source or UNKNOWN_SOURCE, {})
            days[day] = days.get(day, 0) + 1
    ranked = sorted(by_outlet.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
    if len(ranked) <= MAX_OUTLETS:
        return ranked
    other: dict[dt.date, int] = {}
    for _, days in ranked[MAX_OUTLETS - 1:]:
        for day, n in days.items():
            other[day] = other.get(day, 0) + n
    return ranked[: MAX_OUTLETS - 1] + [("Other outlets", other)]


def _events(entries: list) -> list[tuple[dt.date, dt.date, object]]:
    dated = []
    for entry in entries:
        value = parse(entry.date)
        if value.on_calendar and value.start and value.end:
            try:
                dated.append((dt.date(*value.start), dt.date(*value.end), entry))
            except ValueError:  # outside Python's calendar (year 0, BC): not drawn
                continue
    # A year or a season would cover the whole axis: draw events of a month or finer when the
    # story has any (the timeline section lists the rest).
    fine = [e for e in dated if (e[1] - e[0]).days <= FINE_EVENT_DAYS]
    chosen = sorted(fine or dated, key=lambda e: (e[0], e[1]))
    return chosen[:MAX_EVENTS]


def story_chart(story_id: str, reports: list[Article], entries: list) -> str:
    """<figure> with the SVG, or "" when there is nothing dated to draw."""
    rows = _coverage_rows(reports)
    events = _events(entries)
    if not rows:
        return ""
    ident = "nd-chart-" + hashlib.sha1(story_id.encode()).hexdigest()[:8]
    parts: list[str] = []
    y = _coverage(parts, rows)
    if events:
        y = _timeline(parts, events, y + 12)
    height = y + 8
    title = "Coverage by outlet and the story's events over time"
    desc = _description(rows, events)
    svg = (f'<svg class="nd-chart" role="img" viewBox="0 0 {WIDTH} {height}" '
           f'aria-labelledby="{ident}-t {ident}-d" xmlns="http://www.w3.org/2000/svg">'
           f'<title id="{ident}-t">{escape(title)}</title>'
           f'<desc id="{ident}-d">{escape(desc)}</desc>' + "".join(parts) + "</svg>")
    return f'<figure class="nd-chart-figure">{svg}</figure>\n'


def _coverage(parts: list[str], rows: list[tuple[str, dict[dt.date, int]]]) -> int:
    days = [d for _, counts in rows for d in counts]
    axis = _Axis(min(days), max(days))
    parts.append('<text class="nd-chart__head" x="0" y="14">Reports by outlet</text>')
    y = 24
    for name, counts in rows:
        y += ROW
        parts.append(f'<text x="0" y="{y + 4}">{escape(_short(name, NAME_CHARS))}</text>')
        parts.append(f'<line class="nd-chart__grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" '
                     f'y1="{y}" y2="{y}"/>')
        for day, n in sorted(counts.items()):
            radius = min(4 + 1.5 * (n - 1), 9)
            parts.append(f'<circle class="nd-chart__dot" cx="{axis.x(day)}" cy="{y}" '
                         f'r="{radius}"/>')
    y += 20
    parts.append(_axis_labels(axis, min(days), max(days), y))
    return y


def _axis_labels(axis: _Axis, first: dt.date, last: dt.date, y: int) -> str:
    start = (f'<text class="nd-chart__axis" x="{axis.x(first)}" y="{y}">'
             f"{human_date(first.isoformat())}</text>")
    if first == last:
        return start
    return start + (f'<text class="nd-chart__axis" x="{axis.x(last)}" y="{y}" '
                    f'text-anchor="end">{human_date(last.isoformat())}</text>')


# Event numbers: events drawn at the same place share one label ("3–5"); labels that would
# still overlap go to the next free lane, alternately above and below the axis.
NUM_CHAR_WIDTH = 7.5  # a digit or dash at the labels' 12px (extra.css), in viewBox units, with room
LABEL_GAP = 4
LANE_HEIGHT = 14
FIRST_LANE_ABOVE = 10  # baseline of the nearest label above the axis
FIRST_LANE_BELOW = 20  # baseline of the nearest label below the axis


def _number_labels(xs: list[float]) -> list[tuple[float, str]]:
    """(x, text) for each run of events drawn at the same x: their numbers, '4' or '3–5'."""
    labels: list[tuple[float, str]] = []
    run_start = 0
    for index in range(1, len(xs) + 1):
        if index == len(xs) or xs[index] != xs[run_start]:
            first, last = run_start + 1, index
            labels.append((xs[run_start], str(first) if first == last else f"{first}–{last}"))
            run_start = index
    return labels


def _half_width(text: str) -> float:
    return len(text) * NUM_CHAR_WIDTH / 2


def _lanes(labels: list[tuple[float, str]]) -> list[int]:
    """A lane per label (0, 1, 2...), each the first where it clears the label before it."""
    lane_ends: list[float] = []
    chosen = []
    for x, text in labels:
        half = _half_width(text)
        lane = next((n for n, end in enumerate(lane_ends) if end + LABEL_GAP <= x - half),
                    len(lane_ends))
        if lane == len(lane_ends):
            lane_ends.append(x + half)
        lane_ends[lane] = x + half
        chosen.append(lane)
    return chosen


def _lane_offset(lane: int) -> int:
    """Even lanes above the axis, odd ones below, each further out than the last."""
    if lane % 2 == 0:
        return -(FIRST_LANE_ABOVE + LANE_HEIGHT * (lane // 2))
    return FIRST_LANE_BELOW + LANE_HEIGHT * (lane // 2)


def _timeline(parts: list[str], events: list, top: int) -> int:
    first = min(e[0] for e in events)
    last = max(e[1] for e in events)
    axis = _Axis(first, last)
    labels = [(min(x, WIDTH - _half_width(text)), text)  # not cut off at the right edge
              for x, text in _number_labels([axis.x(start) for start, _, _ in events])]
    lanes = _lanes(labels)
    above = max((lane // 2 for lane in lanes if lane % 2 == 0), default=0)
    below = max((lane // 2 for lane in lanes if lane % 2 == 1), default=-1)
    parts.append(f'<text class="nd-chart__head" x="0" y="{top + 14}">Events</text>')
    y = top + 34 + LANE_HEIGHT * above
    parts.append(f'<line class="nd-chart__axisline" x1="{LEFT}" x2="{WIDTH - RIGHT}" '
                 f'y1="{y}" y2="{y}"/>')
    for start, end, entry in events:
        x1, x2 = axis.x(start), axis.x(end)
        kind = "nd-chart__event nd-chart__event--upcoming" if entry.upcoming else \
            "nd-chart__event"
        if x2 - x1 >= 4:
            parts.append(f'<rect class="{kind}" x="{x1}" y="{y - 4}" '
                         f'width="{round(x2 - x1, 1)}" height="8" rx="3"/>')
        else:
            parts.append(f'<circle class="{kind}" cx="{x1}" cy="{y}" r="5"/>')
    for (x, text), lane in zip(labels, lanes, strict=True):
        parts.append(f'<text class="nd-chart__num" x="{x}" y="{y + _lane_offset(lane)}" '
                     f'text-anchor="middle">{text}</text>')
    y += 36 + LANE_HEIGHT * max(below, 0)
    parts.append(_axis_labels(axis, first, last, y))
    return y


def _description(rows: list[tuple[str, dict[dt.date, int]]], events: list) -> str:
    coverage = "; ".join(
        f"{name}: {sum(c.values())} report{'s' if sum(c.values()) != 1 else ''} "
        f"({_span(min(c), max(c))})" for name, c in rows)
    text = f"Reports by outlet — {coverage}."
    if events:
        listed = "; ".join(f"{n}. {parse(e.date).label()}: {_short(e.text, DESC_EVENT_CHARS)}"
                           for n, (_, _, e) in enumerate(events, start=1))
        text += f" Events — {listed}."
    return text


def _span(first: dt.date, last: dt.date) -> str:
    if first == last:
        return human_date(first.isoformat())
    return f"{human_date(first.isoformat())} to {human_date(last.isoformat())}"
