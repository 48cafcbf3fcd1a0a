"""Near copies: the verdicts a run keeps for the next give the copies checking again gives, and
an edited text is checked again (small fixtures written for these tests)."""

import datetime

import numpy as np
import pytest

from generator.link import duplicates
from generator.link.duplicates import near_copies
from generator.link.scoring import StoryInput

DAY = datetime.date(2025, 6, 2)
REPORT = ("The harbour authority closed the northern pier on Tuesday after divers found cracks "
          "in three of its concrete piles, and ferries to the islands will sail from the old "
          "quay until engineers have surveyed the rest of the structure next month. ") * 3


def item(aid: str, text: str) -> StoryInput:
    return StoryInput(id=aid, title="Pier closed", text=text, date=DAY)


def test_kept_verdicts_give_the_same_copies_without_checking_again(monkeypatch):
    items = [item("a", REPORT), item("b", REPORT.replace("Tuesday", "Monday", 1)),
             item("c", "Storm warnings for the coast as gales close schools and roads. " * 6)]
    pairs, cosine = [(0, 1), (0, 2), (1, 2)], np.array([0.97, 0.7, 0.7])
    memo: dict = {}
    first = near_copies(items, pairs, cosine, {}, memo)
    assert first == {"b": "a"} and len(memo) == 3  # one copy, three pairs checked

    def no_jaccard(*_):
        raise AssertionError("a kept verdict was checked again")

    monkeypatch.setattr(duplicates.sim, "jaccard", no_jaccard)
    assert near_copies(items, pairs, cosine, {}, memo) == first


def test_an_edited_text_is_checked_again():
    copy = REPORT.replace("Tuesday", "Monday", 1)
    memo: dict = {}
    assert near_copies([item("a", REPORT), item("b", copy)], [(0, 1)], np.array([0.9]), {},
                       memo) == {"b": "a"}
    rewritten = " ".join(reversed(copy.split()))  # the same words: a high cosine, no shingles
    assert near_copies([item("a", REPORT), item("b", rewritten)], [(0, 1)], np.array([0.9]),
                       {}, memo) == {}
    assert len(memo) == 1  # this run's pair only


@pytest.mark.parametrize("order", [(0, 1), (1, 0)])
def test_a_verdict_is_the_same_whichever_text_comes_first(order):
    texts = [REPORT, REPORT.replace("Tuesday", "Monday", 1)]
    memo: dict = {}
    near_copies([item("a", texts[0]), item("b", texts[1])], [(0, 1)], np.array([0.9]), {}, memo)
    swapped = [item("x", texts[order[0]]), item("y", texts[order[1]])]
    assert len(memo) == 1
    kept = dict(memo)
    near_copies(swapped, [(0, 1)], np.array([0.9]), {}, memo)
    assert memo == kept  # the same key either way round
