"""link(): last run's outputs handed back when this run's are equal (LinkOutputs), on articles
built through the real cleaner and analyser (fixtures written for these tests)."""

import copy
import dataclasses
import pickle

import pytest

from generator.analyse import analyse
from generator.clean import clean
from generator.config import Settings
from generator.link import OUTPUTS_MEMO, LinkOutputs, StoryInfo, link
from generator.link.related import RelatedLink
from generator.models import RawDocument


def article(seed: str, text: str, date: str = "2025-10-16"):
    raw = RawDocument(seed=seed, format="txt", text=text, declared={"date": date},
                      content_hash=seed + text)
    return analyse(clean(raw), Settings())


SUMMIT = article("summit.txt", "Trump to meet Putin in Budapest\n\n"
                 "Donald Trump said on Thursday he would meet Vladimir Putin in Budapest within "
                 "two weeks to discuss the war in Ukraine.\n\n"
                 "Viktor Orban welcomed the plan and offered to host the summit in Hungary.\n")
SUMMIT_2 = article("summit-2.txt", "Putin and Trump plan Hungary summit\n\n"
                   "Donald Trump said on Thursday that he would meet Vladimir Putin in Budapest "
                   "within two weeks to discuss the war in Ukraine.\n\n"
                   "Viktor Orban said Hungary was ready to host the Budapest summit.\n")
FERRY = article("ferry.txt", "Harbour ferry timetable changes for winter\n\n"
                "The Harbour Ferry Company will run boats every forty minutes from November, "
                "Anna Lindqvist of the company said.\n\n"
                '"Passengers will still have a boat every hour at night," Anna Lindqvist said.\n',
                "2025-10-14")
FERRY_2 = article("ferry-2.txt", "Ferry company cuts winter sailings\n\n"
                  "The Harbour Ferry Company will cut its winter sailings to one every forty "
                  "minutes, Anna Lindqvist said on Tuesday.\n\n"
                  "Anna Lindqvist said night boats would still run every hour.\n", "2025-10-14")
# FERRY's seed with other words: the same id, a changed report of its story
FERRY_EDITED = article("ferry.txt", "Harbour ferry timetable changes for winter\n\n"
                       "The Harbour Ferry Company will run boats every fifty minutes from "
                       "December, Anna Lindqvist of the company said.\n\n"
                       "Night passengers will have a boat every two hours.\n", "2025-10-14")
assert FERRY_EDITED.id == FERRY.id

BEFORE = [SUMMIT, SUMMIT_2, FERRY, FERRY_2]
AFTER = {"same": BEFORE, "add": [*BEFORE, article("summit-3.txt", "Orban to host summit\n\n"
                                                 "Viktor Orban said Budapest would host Donald "
                                                 "Trump and Vladimir Putin.\n")],
         "remove": [SUMMIT, SUMMIT_2, FERRY], "change": [SUMMIT, SUMMIT_2, FERRY_EDITED, FERRY_2]}


def _warm(before, after, memos=None):
    """link on ``before`` keeping its memos, then on ``after`` (articles shallow copies, as a
    warm run's are): (the first run's Links, the second's)."""
    memos = {} if memos is None else memos
    first = link([copy.copy(a) for a in before], None, None, memos)
    return first, link([copy.copy(a) for a in after], None, None, memos)


def _value(links):
    """Everything link hands on, dicts in their order (render lists them in order)."""
    def plain(x):
        if dataclasses.is_dataclass(x):
            return (type(x).__name__, [(f.name, plain(getattr(x, f.name)))
                                       for f in dataclasses.fields(x)])
        if isinstance(x, dict):
            return [(k, plain(v)) for k, v in x.items()]
        if isinstance(x, list | tuple):
            return [plain(v) for v in x]
        return x
    return plain((links.stories, links.entities, links.articles, links.moved))


@pytest.mark.parametrize("change", ["same", "add", "remove", "change"])
def test_a_warm_link_gives_the_values_of_a_cold_one(change):
    _, warm = _warm(BEFORE, AFTER[change])
    assert _value(warm) == _value(link([copy.copy(a) for a in AFTER[change]]))


def test_unchanged_outputs_come_back_as_last_runs_objects():
    first, warm = _warm(BEFORE, AFTER["same"])
    assert warm.stories and all(
        new is old for new, old in zip(warm.stories, first.stories, strict=True))
    assert warm.entities and all(
        new is old for new, old in zip(warm.entities, first.entities, strict=True))
    assert all(warm.articles[k] is first.articles[k] for k in first.articles)


def test_a_changed_report_gives_new_objects_only_where_its_outputs_changed():
    first, warm = _warm(BEFORE, AFTER["change"])
    old = first.story_by_id
    ferry = warm.articles[FERRY.id].story
    summit = warm.articles[SUMMIT.id].story
    assert ferry != summit
    assert warm.story_by_id[ferry] is not old[ferry]  # its report's words changed
    assert warm.story_by_id[ferry] != old[ferry]
    assert warm.story_by_id[summit] is old[summit]  # the other story did not change
    assert warm.articles[SUMMIT.id] is first.articles[SUMMIT.id]
    # an entity the edited report names and the others name too keeps its value, and object;
    # one whose mentions changed is made again
    orban = next(e for e in warm.entities if e.name == "Viktor Orban")
    assert orban is first.entity_by_id[orban.id]
    lindqvist = next(e for e in warm.entities if e.name == "Anna Lindqvist")
    assert lindqvist != first.entity_by_id[lindqvist.id]  # fewer mentions
    assert lindqvist is not first.entity_by_id[lindqvist.id]


def test_outputs_kept_through_a_pickled_state_are_handed_back():
    """A run in a new process has last run's outputs from the state file: equal objects, not
    the same ones; link hands back those it loaded."""
    memos: dict = {}
    link([copy.copy(a) for a in BEFORE], None, None, memos)
    memos = pickle.loads(pickle.dumps(memos))
    loaded = memos[OUTPUTS_MEMO]
    warm = link([copy.copy(a) for a in BEFORE], None, None, memos)
    assert all(s is loaded.stories[s.id] for s in warm.stories)
    assert all(warm.articles[a] is loaded.articles[a] for a in warm.articles)
    assert all(e is loaded.entities[e.id] for e in warm.entities)


def test_the_memo_keeps_only_this_runs_outputs():
    memos: dict = {}
    _warm(BEFORE, AFTER["remove"], memos)
    kept = memos[OUTPUTS_MEMO]
    assert set(kept.articles) == {a.id for a in AFTER["remove"]}
    assert FERRY_2.id not in kept.articles


def _story(**changes) -> StoryInfo:
    fields = dict(id="s", title="t", lead_article="a", articles=["a", "b"],
                  duplicates={"b": "a", "c": "a"}, related=[], shared={"person": ("x",)},
                  terms=(), entities=[], first_date="2025-10-16", last_date="2025-10-16")
    return StoryInfo(**{**fields, **changes})


@pytest.mark.parametrize("field, old, new", [
    ("duplicates", {"b": "a", "c": "a"}, {"c": "a", "b": "a"}),
    ("shared", {"person": ("x",), "place": ("y",)}, {"place": ("y",), "person": ("x",)}),
    ("related", [RelatedLink("r", 0.5, {"person": ("x",), "place": ("y",)})],
     [RelatedLink("r", 0.5, {"place": ("y",), "person": ("x",)})]),
])
def test_an_equal_story_whose_dicts_are_in_another_order_is_not_last_runs(field, old, new):
    """== ignores a dict's order, but a page lists it in order."""
    kept = LinkOutputs()
    last = _story(**{field: old})
    kept.stories = {last.id: last}
    assert kept.story(_story(**{field: copy.deepcopy(old)})) is last
    reordered = _story(**{field: new})
    assert reordered == last
    assert kept.story(reordered) is reordered
