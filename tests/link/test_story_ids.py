"""Story ids: kept across runs, the older id survives a merge, moved ids forward."""

import datetime

from generator.link.story_ids import (
    StoryState,
    assign_ids,
    fresh_id,
    load_state,
    save_state,
)

DAY = datetime.date(2025, 1, 1)


def rank(*ids):
    """Articles aged in the order given (first = oldest)."""
    return {a: (DAY + datetime.timedelta(days=k), a) for k, a in enumerate(ids)}


def test_first_run_ids_come_from_the_earliest_article():
    ids, moved = assign_ids([["a", "b"], ["c"]], rank("a", "b", "c"), StoryState())
    assert ids == [fresh_id("a"), fresh_id("c")]
    assert moved == {}


def test_story_keeps_its_id_when_articles_join_and_unrelated_ones_arrive():
    previous = StoryState(story_of={"b": "story-old", "c": "story-other"})
    # "a" is older than "b" and joins its story: the id stays, although "a" is now earliest
    ids, moved = assign_ids([["a", "b"], ["c"], ["d"]], rank("a", "b", "c", "d"), previous)
    assert ids[:2] == ["story-old", "story-other"]
    assert ids[2] == fresh_id("d")
    assert moved == {}


def test_merged_stories_keep_the_older_id_and_the_other_moves():
    previous = StoryState(story_of={"a": "story-young", "b": "story-old"})
    ids, moved = assign_ids([["b", "a"]], rank("b", "a"), previous)
    assert ids == ["story-old"]  # b is the older article, so its story is the older one
    assert moved == {"story-young": "story-old"}


def test_split_story_keeps_its_id_on_the_larger_part():
    previous = StoryState(story_of={"a": "story-x", "b": "story-x", "c": "story-x"})
    ids, _ = assign_ids([["a"], ["b", "c"]], rank("a", "b", "c"), previous)
    assert ids[1] == "story-x"
    assert ids[0] != "story-x"  # a fresh id, even though "a" made story-x's first id


def test_moved_ids_are_kept_chained_and_dropped_when_their_story_is_gone():
    previous = StoryState(story_of={"a": "story-b"}, moved={"story-a": "story-b",
                                                            "story-gone": "story-nowhere"})
    ids, moved = assign_ids([["a", "z"]], rank("a", "z"), previous)
    assert ids == ["story-b"]
    assert moved == {"story-a": "story-b"}
    # the target merges on: the old redirect follows it
    later = StoryState(story_of={"a": "story-b", "y": "story-c"}, moved=moved)
    ids, moved = assign_ids([["y", "a"]], rank("y", "a"), later)
    assert ids == ["story-c"]
    assert moved == {"story-a": "story-c", "story-b": "story-c"}


def test_same_input_and_its_own_state_give_the_same_ids():
    groups, ages = [["a", "b"], ["c"]], rank("a", "b", "c")
    ids, moved = assign_ids(groups, ages, StoryState())
    state = StoryState(story_of={a: i for g, i in zip(groups, ids, strict=True) for a in g},
                       moved=moved)
    assert assign_ids(groups, ages, state) == (ids, moved)


def test_state_round_trips_and_a_bad_file_is_an_empty_state(tmp_path):
    class Links:
        class _Own:
            def __init__(self, story):
                self.story = story

        articles = {"a": _Own("story-1")}
        moved = {"story-0": "story-1"}

    path = tmp_path / "stories.json"
    save_state(path, Links)
    assert load_state(path) == StoryState(story_of={"a": "story-1"}, moved={"story-0": "story-1"})
    path.write_text("{not json", encoding="utf-8")
    assert load_state(path) == StoryState()
    assert load_state(tmp_path / "missing.json") == StoryState()


SUMMIT = ("---\ndate: 2025-10-16\n---\nPresident Donald Trump said he will hold a summit with "
          "Vladimir Putin in Budapest, Hungary, after a long phone call. Viktor Orban offered "
          "to host the Budapest summit, and aides began planning the venue and the agenda.\n")
SUMMIT_AGAIN = ("---\ndate: 2025-10-17\n---\nHungary will host the Trump-Putin summit in "
                "Budapest, the White House confirmed. Orban welcomed the decision to hold the "
                "summit in his capital; officials are planning the venue and the agenda.\n")
RATES = ("---\ndate: 2025-10-16\n---\nThe central bank held interest rates at four percent and "
         "said inflation was easing faster than expected; mortgage lenders cut their rates.\n")
MUSEUM = ("---\ndate: 2025-10-18\n---\nA museum of modern design opened in the harbour district "
          "with an exhibition of chairs, lamps and posters from the last century.\n")


def _story_ids(result):
    return {a: own.story for a, own in result.digest.links.articles.items()}


def test_generate_keeps_story_ids_when_articles_arrive(project):
    project.add_seed("summit.txt", SUMMIT)
    project.add_seed("rates.txt", RATES)
    before = _story_ids(project.generate())
    project.add_seed("summit-again.txt", SUMMIT_AGAIN)
    project.add_seed("museum.txt", MUSEUM)
    after = _story_ids(project.generate())
    assert all(after[a] == story for a, story in before.items())
    assert len(set(after.values())) == 3  # the second summit report joined the first


def test_merged_story_leaves_a_page_saying_where_it_went(project):
    project.add_seed("summit.txt", SUMMIT)
    project.add_seed("summit-again.txt", SUMMIT_AGAIN)
    project.add_seed("rates.txt", RATES)
    first = project.generate()
    ids = _story_ids(first)
    by_seed = {a.seed: a.id for a in first.digest.articles}
    kept = ids[by_seed["summit.txt"]]
    # As if the previous run had the second report in a story of its own:
    state_file = project.path / ".cache" / "newsdigest" / "stories.json"
    state = load_state(state_file)
    state.story_of[by_seed["summit-again.txt"]] = "story-was-apart"
    Links = type("Links", (), {"articles": {a: type("O", (), {"story": s})()
                                            for a, s in state.story_of.items()},
                               "moved": {}})
    save_state(state_file, Links)
    second = project.generate()
    assert _story_ids(second)[by_seed["summit-again.txt"]] == kept  # the older id survives
    assert second.digest.links.moved == {"story-was-apart": kept}
    page = (project.path / "docs" / "stories" / "story-was-apart.md").read_text()
    assert f'<meta http-equiv="refresh" content="0; url=../{kept}/">' in page
    assert f"]({kept}.md)" in page
    # it stays a redirect on later runs
    project.generate()
    assert (project.path / "docs" / "stories" / "story-was-apart.md").exists()
