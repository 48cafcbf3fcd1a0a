"""generator.render.timeline_pages: headings in time order, entries with date, text, sources."""

import re

from generator.config import load_settings
from generator.pipeline import build_digest
from generator.render.timeline_pages import (
    INDEX,
    timeline_page,
    timeline_pages,
    timeline_section,
)

BODY = ("Donald Trump met Vladimir Putin in Alaska in August.\n\n"
        "Trump spoke to Volodymyr Zelenskyy on Thursday.\n\n"
        "Trump and Putin will meet again next winter.\n\n"
        "A date for the Budapest summit has not been set.")


def digest_of(project, body=BODY, date="2025-10-16"):
    project.add_seed("a.txt", f"---\ndate: {date}\nsource: Daily <b>News</b>\n---\n{body}\n")
    digest, _ = build_digest(load_settings(project.path))
    return digest


def page_of(article_id: str) -> str:
    return f"articles/2025/10/{article_id}.md"


def test_headings_follow_time_winter_after_october_and_undated_last(project):
    digest = digest_of(project)
    page = timeline_page(digest.timeline, digest.article_by_id, page_of)
    headings = re.findall(r"^## (.+)$", page, re.M)
    assert headings == ["August 2025", "October 2025", "Winter 2025–26", "Date not set"]


def test_entry_shows_date_words_badges_text_and_paragraph_links(project):
    digest = digest_of(project)
    article_id = digest.articles[0].id
    page = timeline_page(digest.timeline, digest.article_by_id, page_of)
    line = next(x for x in page.splitlines() if "next winter" in x)
    assert line.startswith("- **Winter 2025–26** ")
    assert "nd-badge--upcoming" in line
    assert f"](articles/2025/10/{article_id}.md#p3)" in line
    assert "<b>" not in page  # the outlet's name is escaped text
    thursday = next(x for x in page.splitlines() if "Zelenskyy" in x)
    assert thursday.startswith("- **16 October 2025** ") and "Upcoming" not in thursday


def test_section_links_relative_to_the_page_it_is_on(project):
    digest = digest_of(project)
    article_id = digest.articles[0].id
    section = timeline_section(digest.timeline, digest.article_by_id, "stories/x.md", page_of)
    assert section.startswith("## Timeline")
    assert f"(../articles/2025/10/{article_id}.md#p1)" in section
    assert timeline_section([], digest.article_by_id, "stories/x.md", page_of) == ""


def test_empty_timeline_says_so(project):
    page = timeline_page([], {}, page_of)
    assert "No dated events yet." in page


# --- split by month once the timeline outgrows one page -----------------------------------

MONTHS_BODY = ("Donald Trump met Vladimir Putin in Alaska in August.\n\n"
               "Trump spoke to Volodymyr Zelenskyy on Thursday.\n\n"
               "Trump flew to Israel on Monday.\n\n"
               "Trump and Putin will meet again next winter.\n\n"
               "A date for the Budapest summit has not been set.")


def test_small_timeline_stays_on_one_page(project):
    digest = digest_of(project, MONTHS_BODY)
    files = timeline_pages(digest.timeline, digest.article_by_id, page_of)
    assert list(files) == [INDEX]
    assert files[INDEX] == timeline_page(digest.timeline, digest.article_by_id, page_of)


def test_large_timeline_is_split_by_month_with_previous_and_next(project):
    digest = digest_of(project, MONTHS_BODY)
    files = timeline_pages(digest.timeline, digest.article_by_id, page_of, per_page=1)
    # October's two events are in different weeks: a page each (render.months.WEEKS).
    assert sorted(files) == [INDEX, "timeline/2025.md", "timeline/2025/08.md",
                             "timeline/2025/10-08.md", "timeline/2025/10-15.md"]
    index = files[INDEX]
    months = re.findall(r"^- \[([^\]]+)\]\(([^)]+)\)", index, re.M)
    assert [m[1] for m in months] == ["timeline/2025/08.md", "timeline/2025/10-08.md",
                                      "timeline/2025/10-15.md", "timeline/2025.md"]
    assert "## Date not set" in index and "Budapest" in index  # undated stay on the index
    assert " event" not in index.split("## By month", 1)[1].split("## Date not set")[0]
    assert "*1 event*" in files["timeline/2025/08.md"]
    october = files["timeline/2025/10-08.md"]
    assert "[← August 2025](08.md)" in october
    assert "# Timeline: 8–14 October 2025" in october
    assert "[15–21 October 2025 →](10-15.md)" in october
    assert "[All months](../../timeline.md)" in october
    article_id = digest.articles[0].id
    assert f"](../../articles/2025/10/{article_id}.md#p3)" in october  # Monday, paragraph 3
    assert "Zelenskyy" in files["timeline/2025/10-15.md"]  # Thursday
    year = files["timeline/2025.md"]
    assert "Winter 2025–26" in year and "nd-badge--upcoming" in year and "→" not in year
    for path, text in files.items():
        assert len(text.encode()) < 200_000, path


def test_an_event_with_no_date_of_its_own_is_marked_as_dated_from_context(project):
    digest = digest_of(project, body=BODY + "\n\nPutin rejected the proposal, Trump said.")
    page = timeline_page(digest.timeline, digest.article_by_id, page_of)
    rejected = next(x for x in page.splitlines() if "rejected" in x)
    # The last day the article named before it is Thursday (16 October).
    assert rejected.startswith("- **16 October 2025** ") and "nd-badge--context" in rejected
    thursday = next(x for x in page.splitlines() if "Zelenskyy" in x)
    assert "nd-badge--context" not in thursday
    assert "Date from context" in page.split("## ")[0]  # the intro says what it means


def test_a_headline_citation_links_to_the_page_itself(project):
    project.add_seed("a.txt", "---\ntitle: Boeing delays Dreamliner\ndate: 2025-10-16\n"
                     "source: Daily\n---\nBoeing said on Tuesday the Dreamliner is late.\n")
    digest, _ = build_digest(load_settings(project.path))
    article_id = digest.articles[0].id
    section = timeline_section(digest.timeline, digest.article_by_id, "stories/x.md", page_of)
    assert f"[headline](../articles/2025/10/{article_id}.md)" in section
    assert f"[¶1](../articles/2025/10/{article_id}.md#p1)" in section
    assert "#p0" not in section


def test_a_new_event_in_a_month_changes_its_page_not_the_index(project):
    """The index lists the pages without counting their events: a count there changed it with
    nearly every new report."""
    import dataclasses

    digest = digest_of(project, MONTHS_BODY)
    before = timeline_pages(digest.timeline, digest.article_by_id, page_of, per_page=2)
    august = next(e for e in digest.timeline if e.date.startswith("2025-08"))
    more = sorted([*digest.timeline, dataclasses.replace(august, text="Another August event.")],
                  key=lambda e: e.date)
    after = timeline_pages(more, digest.article_by_id, page_of, per_page=2)
    assert after.keys() == before.keys()
    assert {path for path in after if after[path] != before[path]} == {"timeline/2025/08.md"}
    assert "*2 events*" in after["timeline/2025/08.md"]
