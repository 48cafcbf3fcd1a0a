"""generator.render.render_files: the timeline entries of the few story and entity pages a warm
run makes again are found for those alone (warm == cold over whole runs: tests/test_pipeline.py)."""

import copy

import pytest

from generator.config import load_settings
from generator.pipeline import build_digest
from generator.render import _entries_of_entities, _entries_of_stories


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from tests.conftest import SEEDS
    root = tmp_path_factory.mktemp("render-files")
    digest, problems = build_digest(load_settings(root, {"seeds": SEEDS, "cache": root / "c"}))
    assert problems == [] and len(digest.timeline) >= 2
    return digest


def test_the_entries_of_a_few_entities_are_the_indexs_without_building_it(built):
    digest = copy.deepcopy(built)
    digest.__dict__.pop("timeline_by_entity", None)
    named = [e.id for e in digest.links.entities
             if any(e.id in entry.entities for entry in digest.timeline)]
    wanted = {named[0], "no-such-entity"}
    found = _entries_of_entities(digest, wanted)
    assert "timeline_by_entity" not in digest.__dict__
    assert found is not None and found[named[0]]
    index = digest.timeline_by_entity
    assert {e: found.get(e, []) for e in wanted} == {e: index.get(e, []) for e in wanted}
    assert _entries_of_entities(digest, wanted) is None  # the index is built now: it is used
    everything = copy.deepcopy(built)
    everything.__dict__.pop("timeline_by_entity", None)
    assert _entries_of_entities(everything, {e.id for e in everything.links.entities}) is None


def test_the_entries_of_a_few_stories_are_the_indexs_without_building_it(built):
    digest = copy.deepcopy(built)
    digest.__dict__.pop("timeline_by_story", None)
    stories = [s.id for s in digest.links.stories]
    many = len(stories) * 4 + 4  # a few stories among many (most of them made up, here)
    wanted = {next(entry.story for entry in digest.timeline)}
    digest.links.stories.extend(copy.copy(digest.links.stories[0]) for _ in range(many))
    found = _entries_of_stories(digest, wanted)
    assert "timeline_by_story" not in digest.__dict__
    index = digest.timeline_by_story
    assert found is not None and {s: found.get(s, []) for s in wanted} == {
        s: index.get(s, []) for s in wanted} and all(found.values())
