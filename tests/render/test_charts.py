"""generator.render.charts: a story's SVG: outlets by day, events on a time axis, escaped."""

import re
from types import SimpleNamespace as NS

from generator.render.charts import MAX_OUTLETS, story_chart


def report(source, date):
    return NS(source=source, date=date)


def event(date, text, upcoming=False):
    return NS(date=date, text=text, upcoming=upcoming)


def test_chart_is_an_image_with_title_and_text_alternative_and_no_script():
    svg = story_chart("s1", [report("Daily <b>News</b>", "2025-10-14"),
                             report("Daily <b>News</b>", "2025-10-14"),
                             report("", "2025-10-16")],
                      [event("2025-10-15", "Talks <script>x</script> begin"),
                       event("2025-10-20", "Summit", upcoming=True), event("2025", "The year")])
    assert 'role="img"' in svg and "<script" not in svg
    ids = re.search(r'aria-labelledby="([^ "]+) ([^"]+)"', svg).groups()
    assert f'<title id="{ids[0]}">' in svg and f'<desc id="{ids[1]}">' in svg
    desc = re.search(r"<desc[^>]*>(.*)</desc>", svg).group(1)
    assert "Daily &lt;b&gt;News&lt;/b&gt;: 2 reports (14 October 2025)" in desc
    assert "Unknown source: 1 report (16 October 2025)" in desc
    assert "1. 15 October 2025: Talks &lt;script&gt;x&lt;/script&gt; begin" in desc
    assert "The year" not in desc  # a year-long event is not drawn beside day events
    assert svg.count('class="nd-chart__dot"') == 2  # one dot per outlet and day
    assert svg.count("nd-chart__event--upcoming") == 1


def test_many_outlets_fold_into_other_and_nothing_dated_draws_nothing():
    reports = [report(f"Outlet {i}", "2025-10-16") for i in range(MAX_OUTLETS + 3)]
    svg = story_chart("s2", reports, [])
    assert "Other outlets: 4 reports" in svg and "Events" not in svg
    assert story_chart("s3", [report("A", "someday")], []) == ""
    ancient = story_chart("s4", [report("A", "2025-10-16")],
                          [event("0000", "Year zero"), event("BC0044-03-15", "Ides")])
    assert 'role="img"' in ancient and "Events" not in ancient  # off Python's calendar


def _number_boxes(svg):
    """(left, right, baseline, text) of each event-number label, at the chart's label size."""
    from generator.render.charts import NUM_CHAR_WIDTH
    found = re.findall(r'<text class="nd-chart__num" x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]+)<',
                       svg)
    return [(float(x) - len(t) * NUM_CHAR_WIDTH / 2, float(x) + len(t) * NUM_CHAR_WIDTH / 2,
             float(y), t) for x, y, t in found]


def test_bunched_events_get_labels_that_do_not_overlap():
    days = ["2025-10-01", "2025-10-01", "2025-10-01", "2025-10-02", "2025-10-03", "2025-10-03",
            "2025-10-04", "2025-10-05", "2025-10-30", "2025-10-31", "2025-10-31", "2025-10-31"]
    svg = story_chart("s5", [report("A", "2025-10-01"), report("B", "2025-10-31")],
                      [event(d, f"Event {n}") for n, d in enumerate(days, start=1)])
    boxes = _number_boxes(svg)
    assert [b[3] for b in boxes][:2] == ["1–3", "4"]  # same day: one label for the run
    assert sorted(n for b in boxes for n in _numbers(b[3])) == list(range(1, 13))
    width = int(re.search(r'viewBox="0 0 (\d+) ', svg).group(1))
    assert all(0 <= left and right <= width for left, right, _, _ in boxes)
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a[2] != b[2] or a[1] <= b[0] or b[1] <= a[0], (a, b)
    assert len({b[2] for b in boxes}) > 2  # they needed more than one lane above and below


def _numbers(label):
    first, _, last = label.partition("–")
    return range(int(first), int(last or first) + 1)
