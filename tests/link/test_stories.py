import dataclasses
import datetime
import json
from pathlib import Path

import pytest

from generator.link.stories import (
    RelatedLink,
    Story,
    StoryConfig,
    StoryInput,
    build_stories,
    similarity,
)

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
DAY = datetime.date(2025, 10, 16)
TYPES = {
    "donald-trump": "person",
    "vladimir-putin": "person",
    "lindsey-graham": "person",
    "ukraine": "place",
    "hungary": "place",
    "us-senate": "organisation",
}

SUMMIT_A = (
    "President Donald Trump said he will hold a summit with Vladimir Putin in Budapest, "
    "Hungary, after a long phone call on Thursday. Viktor Orban offered to host the summit. "
    "Trump said the Budapest summit would focus on ending the war in Ukraine, and aides "
    "began planning the venue, the delegations and the agenda for the meeting."
)
SUMMIT_B = (
    "Hungary will host a Trump-Putin summit in Budapest, the White House confirmed, after "
    "the two leaders spoke by phone. Orban welcomed the decision to hold the summit in the "
    "Hungarian capital. Officials are planning the venue and agenda of the Budapest meeting "
    "meant to end the war in Ukraine."
)
SANCTIONS = (
    "Senator Lindsey Graham pushed his sanctions bill that would impose 500 percent tariffs "
    "on countries buying Russian oil, gas and uranium. The Senate bill needs Trump's "
    "approval; Graham said Putin must pay for the war in Ukraine. Republican leaders will "
    "not bring the tariffs legislation to a vote without the president's support."
)
FOOTBALL = (
    "Arsenal beat Chelsea three goals to one at the Emirates stadium. The striker scored "
    "twice in the second half and the goalkeeper saved a penalty before the final whistle."
)


def item(aid, text, date=DAY, entities=()):
    return StoryInput(id=aid, title="", text=text, date=date, entities=entities, entity_types=TYPES)


def story_of(stories, aid):
    return next(s for s in stories if aid in s.articles)


def fixture_items():
    summit_ents = ("donald-trump", "vladimir-putin", "hungary", "ukraine")
    return [
        item("summit-a", SUMMIT_A, entities=summit_ents),
        item("summit-b", SUMMIT_B, DAY + datetime.timedelta(days=1), summit_ents),
        item(
            "sanctions",
            SANCTIONS,
            entities=("donald-trump", "vladimir-putin", "lindsey-graham", "ukraine", "us-senate"),
        ),
        item("football", FOOTBALL),
    ]


@pytest.mark.skipif(not SEEDS.exists(), reason="seeds not found")
def test_seed_spun_copy_and_paraphrase_form_one_story():
    items = [item(p.stem, p.read_text()) for p in sorted(SEEDS.glob("*.txt"))]
    assert len(items) == 2
    stories = build_stories(items + fixture_items()[3:])  # plus an unrelated article
    seed_story = story_of(stories, items[0].id)
    assert seed_story.articles == sorted(it.id for it in items)
    assert seed_story.duplicates == {}  # a paraphrase is not a copy


def test_same_event_in_other_words_is_one_story():
    stories = build_stories(fixture_items())
    assert story_of(stories, "summit-a").articles == ["summit-a", "summit-b"]


def test_different_event_about_same_people_is_separate_but_related():
    stories = build_stories(fixture_items())
    summit, sanctions = story_of(stories, "summit-a"), story_of(stories, "sanctions")
    assert summit.id != sanctions.id
    link = next(r for r in summit.related if r.story == sanctions.id)
    assert "shared people: donald-trump, vladimir-putin" in link.reasons
    assert "shared places: ukraine" in link.reasons
    assert any(r.story == summit.id for r in sanctions.related)  # symmetric
    football = story_of(stories, "football")
    assert all(r.story != football.id for r in summit.related)


def test_exact_and_near_exact_copies_are_marked():
    body = SANCTIONS + " " + SUMMIT_A
    copy = body.replace("  ", " ").upper()  # same words: exact copy after normalisation
    near = body.replace("three", "3").replace("Thursday", "Friday")
    stories = build_stories(
        [item("orig", body), item("copy", copy), item("near", near), item("foot", FOOTBALL)]
    )
    story = story_of(stories, "orig")
    assert story.articles == ["copy", "near", "orig"]
    assert story.duplicates == {"copy": "orig", "near": "orig"} or story.duplicates == {
        "near": "copy",
        "orig": "copy",
    }


def test_copy_maps_to_earliest_article():
    later = DAY + datetime.timedelta(days=2)
    stories = build_stories([item("b-late", SUMMIT_A, later), item("z-early", SUMMIT_A)])
    assert stories[0].duplicates == {"b-late": "z-early"}
    assert stories[0].articles == ["z-early", "b-late"]


def test_far_apart_dates_lower_similarity():
    a = item("a", SUMMIT_A)
    near = similarity(a, item("b", SUMMIT_B, DAY + datetime.timedelta(days=1)))
    far = similarity(a, item("b", SUMMIT_B, DAY + datetime.timedelta(days=60)))
    assert far < near / 3


def test_far_apart_dates_split_the_same_topic():
    later = DAY + datetime.timedelta(days=90)
    stories = build_stories([item("a", SUMMIT_A), item("b", SUMMIT_B, later)])
    assert len(stories) == 2


def test_no_chaining_through_a_bridge_article():
    # The bridge shares half its text with each side; the two sides share nothing.
    left = SUMMIT_A
    right = FOOTBALL + " " + FOOTBALL.replace("Arsenal", "Spurs")
    bridge = SUMMIT_A[:160] + " " + right[:160]
    stories = build_stories([item("left", left), item("bridge", bridge), item("right", right)])
    assert story_of(stories, "left").id != story_of(stories, "right").id


def test_deterministic_and_order_independent():
    items = fixture_items()
    first = [s.to_dict() for s in build_stories(items)]
    second = [s.to_dict() for s in build_stories(list(reversed(items)))]
    assert first == second


def test_round_trip_json():
    for story in build_stories(fixture_items()):
        restored = Story.from_dict(json.loads(json.dumps(story.to_dict())))
        assert restored == story
    link = RelatedLink(story="story-x", score=0.5, reasons=("shared people: a",))
    assert RelatedLink.from_dict(link.to_dict()) == link


def test_every_article_in_exactly_one_story():
    items = fixture_items()
    stories = build_stories(items)
    members = [a for s in stories for a in s.articles]
    assert sorted(members) == sorted(it.id for it in items)


def test_duplicate_ids_rejected():
    with pytest.raises(ValueError):
        build_stories([item("x", SUMMIT_A), item("x", SUMMIT_B)])


def test_stricter_threshold_splits_paraphrases():
    strict = dataclasses.replace(StoryConfig(), same_story=0.95, link_min=0.95)
    stories = build_stories(fixture_items(), strict)
    assert story_of(stories, "summit-a").id != story_of(stories, "summit-b").id


def test_related_links_are_symmetric_when_room_allows():
    from generator.link.stories import _pick_links

    # story 0 is everyone's best match; with room for 2, 0 keeps its 2 best partners and the
    # others list each other rather than 0 (one-way links would point at a full list)
    pairs = [(0.9, 0, 1), (0.8, 0, 2), (0.7, 0, 3), (0.6, 1, 2), (0.5, 2, 3), (0.4, 1, 3)]
    chosen = _pick_links(pairs, limit=2)
    links = {(a, b) for a, lst in chosen.items() for _, b in lst}
    for a, b in links:
        assert (b, a) in links or len(chosen[b]) == 2
    assert (0, 3) not in links and (3, 0) in links  # 3's only room goes to its best candidate


def test_rare_shared_entities_outweigh_common_ones():
    from generator.link.stories import _weighted_overlap

    weight = {"apple": 0.05, "usa": 0.05, "beatles": 2.0, "ipod": 1.5}
    common = _weighted_overlap(frozenset({"apple", "usa", "ipod"}),
                               frozenset({"apple", "usa", "beatles"}), weight)
    rare = _weighted_overlap(frozenset({"apple", "beatles", "ipod"}),
                             frozenset({"beatles", "usa"}), weight)
    assert rare > common
