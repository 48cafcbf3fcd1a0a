"""The whole digest built from the bundled seeds: stories, entities, quality and timeline."""

import pytest

from generator.config import load_settings
from generator.pipeline import build_digest
from generator.render import render

CALL, FRIDAY, MONDAY, SUNDAY = "2025-10-16", "2025-10-17", "2025-10-13", "2025-10-12"


@pytest.fixture(scope="module")
def digest(tmp_path_factory):
    from tests.conftest import SEEDS
    root = tmp_path_factory.mktemp("digest")
    settings = load_settings(root, {"seeds": SEEDS, "cache": root / "cache"})
    digest, problems = build_digest(settings)
    assert problems == []
    return digest


def ids(digest):
    return {a.seed[:3]: a.id for a in digest.articles}


def test_the_seeds_form_one_story_led_by_the_clean_report(digest):
    (story,) = digest.links.stories
    assert sorted(story.articles) == sorted(ids(digest).values())
    assert story.lead_article == ids(digest)["004"]
    assert story.title.startswith("U.S. President Donald Trump announced")


def test_spun_copy_is_flagged_with_checkable_reasons_and_clean_one_is_not(digest):
    linked = digest.links.articles
    spun, clean = linked[ids(digest)["000"]].quality, linked[ids(digest)["004"]].quality
    assert spun.spun and not clean.spun
    details = " ".join(r.detail for r in spun.reasons)
    assert "White Home" in details and "White House" in details


def test_entity_pages_for_the_main_actors_and_none_for_junk(digest):
    links = digest.links
    names = {e.name: e for e in links.entities if e.page}
    for expected in ("Donald Trump", "Vladimir Putin", "Volodymyr Zelenskyy", "Ukraine",
                     "Russia", "Hungary", "White House"):
        assert expected in names, expected
    # Named once, outside any headline or lead: no page (issue 11: the offsets contract).
    for passing in ("Budapest", "Alaska", "Egypt", "Lindsey Graham", "Capitol Hill"):
        assert passing not in names, passing
    assert names["Donald Trump"].type == "person" and names["Kyiv"].type == "place"
    junk = ("Home", "Related Press", "Nationwide", "Trending", "Conflict", "Workplace",
            "Center East", "Leave", "However", "Thursday")
    for name in names:
        assert not any(j in name for j in junk), name


def test_spun_names_merge_into_the_real_entity(digest):
    white_house = next(e for e in digest.links.entities if e.name == "White House")
    assert set(white_house.articles) == set(ids(digest).values())


def entries(digest, date):
    return [e for e in digest.timeline if e.date == date]


def test_the_call_appears_once_citing_both_reports(digest):
    # Other things reported as done by the publication day are entries of that day too.
    (call,) = [e for e in entries(digest, CALL) if "call" in e.text.lower()]
    assert set(call.articles) == set(ids(digest).values())
    assert not call.upcoming


def test_friday_meeting_is_upcoming_and_merged(digest):
    (meeting,) = entries(digest, FRIDAY)
    assert meeting.upcoming
    assert set(meeting.articles) == set(ids(digest).values())
    assert "Zelenskyy" in meeting.text


def test_other_seed_events_have_their_dates(digest):
    assert any("Israel and Egypt" in e.text for e in entries(digest, MONDAY))
    assert any("reporters" in e.text for e in entries(digest, SUNDAY))
    assert any("dinner" in e.text for e in entries(digest, "2025-10-15TEV"))
    assert any("Alaska" in e.text for e in entries(digest, "2025-08"))
    (budapest,) = entries(digest, "XXXX-XX-XX")
    assert budapest.upcoming and set(budapest.articles) == set(ids(digest).values())


def test_timeline_text_comes_from_the_clean_source_when_it_has_one(digest):
    clean = ids(digest)["004"]
    for entry in digest.timeline:
        if clean in entry.articles:
            assert entry.lead.article == clean
            assert not entry.spun_text


def test_distinct_events_on_one_day_stay_separate(project):
    project.add_seed("a.txt", "---\ndate: 2025-03-06\n---\nDonald Trump called Vladimir Putin "
                     "on Thursday to discuss Ukraine.\n")
    project.add_seed("b.txt", "---\ndate: 2025-03-06\n---\nAngela Merkel opened a new bridge "
                          "in Hamburg on Thursday, officials said.\n")
    digest, _ = build_digest(load_settings(project.path))
    thursday = [e for e in digest.timeline if e.date == "2025-03-06"]
    assert len(thursday) == 2


def test_related_stories_carry_readable_reasons(project):
    common = "---\ndate: 2025-10-16\n---\n"
    project.add_seed("summit.txt", common + "Donald Trump said he would meet Vladimir Putin at "
                     "a summit in Budapest, Hungary. Trump said the summit would discuss the war "
                     "in Ukraine and a ceasefire. Putin's adviser Yuri Ushakov confirmed the "
                     "summit plans in Moscow.\n")
    project.add_seed("sanctions.txt", common + "The Senate weighed a sanctions bill against "
                     "Russia backed by Lindsey Graham. Donald Trump has not endorsed the bill, "
                     "which would impose tariffs on buyers of Russian oil. Vladimir Putin "
                     "called sanctions illegal. Senators debated tariffs, oil and uranium.\n")
    settings = load_settings(project.path)
    digest, _ = build_digest(settings)
    assert len(digest.links.stories) == 2
    # link gives entity ids; render words them (generator.models: ids, URLs and words)
    shared = [link.shared for s in digest.links.stories for link in s.related]
    assert any("donald-trump" in found.get("person", ()) for found in shared), shared
    files = render(digest, settings)
    story_pages = [text for path, text in files.items() if path.startswith("stories/s")]
    assert story_pages and all("shared people: Donald Trump" in p for p in story_pages)
    assert "donald-trump," not in "".join(story_pages)
    assert '"shared people: Donald Trump, Vladimir Putin"' in files["digest.json"]
