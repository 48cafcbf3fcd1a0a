"""Stable story ids: a story keeps its id (its page URL, its feed entry id) from run to run.

The previous run's assignment (article id -> story id, plus the ids of stories that were merged
away) is kept in a small JSON file beside the analysis cache (``.cache/newsdigest/stories.json``;
the deploy workflow restores that folder, so ids survive between deploys). Without it, ids are
made fresh and deterministically from each story's earliest article, so the first run, and any
run after the cache was deleted, gives the same ids for the same seeds.

Rules, applied to the groups the grouping step made (deterministic, order-independent):
1. Each previous story id goes to the new group holding most of its former articles (ties: the
   group whose earliest article is earliest).
2. A group that won several old ids (stories that merged) keeps the oldest one: the story whose
   earliest article is earliest, then the smaller id. The others are *moved* to it: their
   pages become redirects to the surviving story.
3. A group that won none gets a fresh id from its earliest article (salted if taken).
4. Moved ids are kept across runs (chains resolved), so an old link keeps working; a moved id
   that is a live story again is no longer a redirect; one whose target is gone is dropped.

Re-running on the same seeds with the state it wrote gives the same ids (fixed point), so a
warm run writes what a cold run writes.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

STATE_FILE = "stories.json"
STATE_VERSION = 1


@dataclass
class StoryState:
    """What one run leaves for the next: who was in which story, and which ids moved where."""

    story_of: dict[str, str] = field(default_factory=dict)  # article id -> story id
    moved: dict[str, str] = field(default_factory=dict)  # merged-away story id -> story id

    def to_dict(self) -> dict:
        return {"version": STATE_VERSION, "story_of": dict(sorted(self.story_of.items())),
                "moved": dict(sorted(self.moved.items()))}

    @classmethod
    def from_dict(cls, data: dict) -> StoryState:
        if data.get("version") != STATE_VERSION:
            return cls()
        return cls(story_of={str(k): str(v) for k, v in data.get("story_of", {}).items()},
                   moved={str(k): str(v) for k, v in data.get("moved", {}).items()})


def load_state(path: Path | None) -> StoryState:
    """The saved state, or an empty one when there is none or it cannot be read."""
    if path is None:
        return StoryState()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return StoryState.from_dict(data) if isinstance(data, dict) else StoryState()
    except (OSError, ValueError, AttributeError):
        return StoryState()


def save_state(path: Path, links) -> None:
    """Write the state of ``links`` (a generator.link.Links) atomically."""
    state = StoryState(story_of={a: own.story for a, own in links.articles.items()},
                       moved=dict(links.moved))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(state.to_dict(), indent=0, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def fresh_id(earliest_article: str, salt: int = 0) -> str:
    key = earliest_article if not salt else f"{earliest_article}#{salt}"
    return "story-" + hashlib.sha1(key.encode()).hexdigest()[:12]


def assign_ids(groups: list[list[str]], rank: dict[str, tuple],
               previous: StoryState) -> tuple[list[str], dict[str, str]]:
    """An id for each group (members given earliest first) and the moved ids.

    ``rank`` orders articles by age ((date, id) for each article id); a story's age is its
    earliest article's rank.
    """
    votes: dict[str, Counter] = {}
    for g, members in enumerate(groups):
        for article in members:
            old = previous.story_of.get(article)
            if old is not None:
                votes.setdefault(old, Counter())[g] += 1
    first_rank = [rank[m[0]] for m in groups]
    winner = {old: min(c, key=lambda g: (-c[g], first_rank[g])) for old, c in votes.items()}
    won: dict[int, list[str]] = {}
    for old, g in winner.items():
        won.setdefault(g, []).append(old)
    old_age: dict[str, tuple] = {}
    for article, old in previous.story_of.items():
        if article in rank and (old not in old_age or rank[article] < old_age[old]):
            old_age[old] = rank[article]
    ids: list[str | None] = [None] * len(groups)
    moved: dict[str, str] = {}
    for g, olds in won.items():
        keep = min(olds, key=lambda o: (old_age[o], o))
        ids[g] = keep
        moved.update({o: keep for o in olds if o != keep})
    taken = {i for i in ids if i} | set(moved) | set(previous.moved)
    for g in sorted(range(len(groups)), key=lambda g: first_rank[g]):
        if ids[g] is None:
            salt = 0
            while fresh_id(groups[g][0], salt) in taken:
                salt += 1
            ids[g] = fresh_id(groups[g][0], salt)
            taken.add(ids[g])
    live = set(ids)
    final = [i for i in ids if i is not None]
    return final, _carry_moved(previous.moved, moved, live, previous.story_of)


def _carry_moved(old_moved: dict[str, str], new_moved: dict[str, str], live: set[str],
                 old_story_of: dict[str, str]) -> dict[str, str]:
    """Moved ids from earlier runs plus this run's; each points at a live story.

    An id whose story was dropped (all its articles gone, none merged on) is not moved: its
    page simply goes, as an article's page does when its seed is removed.
    """
    step = {**old_moved, **new_moved}
    resolved: dict[str, str] = {}
    for old in sorted(step):
        if old in live:
            continue  # live again: its own page, not a redirect
        target, seen = step[old], {old}
        while target not in live and target in step and target not in seen:
            seen.add(target)
            target = step[target]
        if target in live:
            resolved[old] = target
    return resolved
