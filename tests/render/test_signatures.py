"""generator.render.signatures: a page's signature moves with what the page shows, and only
with that (warm == cold over whole runs is tested in tests/test_pipeline.py)."""

import copy
import dataclasses
import pickle
import shutil
import types

import pytest

from generator.config import load_settings
from generator.link.related import RelatedLink
from generator.models import Digest
from generator.pipeline import build_digest
from generator.render.signatures import (
    PAGE_KINDS,
    TOKEN_BYTES,
    PageSignatures,
    held_by_name,
    held_from,
)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from tests.conftest import SEEDS
    root = tmp_path_factory.mktemp("signatures")
    digest, problems = build_digest(load_settings(root, {"seeds": SEEDS, "cache": root / "c"}))
    assert problems == [] and len(digest.articles) >= 2
    return digest


def signed(digest: Digest, keys: dict[str, str] | None = None,
           memo: dict | None = None) -> PageSignatures:
    keys = keys or {a.id: f"key-{a.id}" for a in digest.articles}
    return PageSignatures(digest, keys, lambda a: digest.article_by_id[a].page, memo)


def signing(digest: Digest, keys: dict[str, str] | None = None, memo: dict | None = None,
            cards: bool = False) -> tuple[dict[str, str], PageSignatures]:
    """Every article, story and entity page's signature (and each story's card, given cards),
    and the PageSignatures that made them."""
    pages = signed(digest, keys, memo)
    found = {a.page: pages.article(a) for a in digest.articles}
    found.update({s.page: pages.story(s) for s in digest.links.stories})
    found.update({e.id: pages.entity(e) for e in digest.links.entities})
    if cards:
        found.update({f"card {s.id}": pages.story_listing("x.md", "", [s])
                      for s in digest.links.stories})
    return found, pages


def all_signatures(digest: Digest, keys: dict[str, str] | None = None) -> dict[str, str]:
    return signing(digest, keys)[0]


def fresh(digest: Digest) -> Digest:
    """A deep copy, to change one thing in (its cached lookups are copied with it)."""
    return copy.deepcopy(digest)


def without_pages(memo: dict) -> dict:
    """The memo without its pages' signatures (PAGE_KINDS), so that its parts are asked for
    (tests that plant a part show it is used so)."""
    for kind in PAGE_KINDS:
        memo.get("held", {}).get(kind, {}).clear()
    return memo


def changed(before: dict[str, str], after: dict[str, str]) -> set[str]:
    return {page for page in before if before[page] != after.get(page)}


def test_the_same_digest_gives_the_same_signatures(built):
    assert all_signatures(built) == all_signatures(fresh(built))


def test_an_analysis_key_changes_its_article_and_story_pages(built):
    before = all_signatures(built)
    article = built.articles[0]
    keys = {a.id: f"key-{a.id}" for a in built.articles} | {article.id: "another"}
    after = all_signatures(built, keys)
    assert article.page in changed(before, after)
    assert built.links.stories[0].page in changed(before, after)


def test_a_related_score_alone_changes_nothing_but_its_target_or_evidence_does(built):
    digest = fresh(built)
    story = digest.links.stories[0]
    story.related = [RelatedLink(story.id, 0.5, terms=("ferry",))]
    before = all_signatures(digest)
    story.related = [RelatedLink(story.id, 0.25, terms=("ferry",))]
    assert all_signatures(digest) == before
    story.related = [RelatedLink(story.id, 0.25, terms=("harbour",))]
    after = all_signatures(digest)
    assert story.page in changed(before, after)
    assert {a.page for a in digest.articles} <= changed(before, after)


def test_an_entity_renamed_changes_the_pages_naming_it(built):
    digest = fresh(built)
    linked = digest.links.articles[digest.articles[0].id]
    entity = next(e for e in digest.links.entities if e.id in linked.entities and e.page)
    before = all_signatures(digest)
    renamed = dataclasses.replace(entity, name=entity.name + " Jr")
    digest.links.entities[digest.links.entities.index(entity)] = renamed
    digest.links.__dict__.pop("entity_by_id", None)
    after = all_signatures(digest)
    assert {digest.articles[0].page, entity.id} <= changed(before, after)


def test_an_entry_object_kept_in_the_memo_keeps_its_part_and_the_memo_holds_this_runs_only(
        built):
    """The timeline hands the same entry object again when its inputs are the same: its part
    of the signatures is the memo's then. An equal entry that is another object is hashed."""
    digest = fresh(built)
    entry = next(e for e in digest.timeline if e.story)
    story = digest.links.story_by_id[entry.story]
    plain = signed(digest).story(story)
    memo: dict = {}
    keys = {a.id: f"key-{a.id}" for a in digest.articles}
    page_of = lambda a: digest.article_by_id[a].page  # noqa: E731
    assert PageSignatures(digest, keys, page_of, memo).story(story) == plain
    assert len(memo["entries"]) == len(digest.timeline)
    assert all(e is d for e, d in zip(memo["entries"], digest.timeline, strict=True))
    assert len(memo["tokens"]) == TOKEN_BYTES * len(digest.timeline)
    assert PageSignatures(digest, keys, page_of, memo).story(story) == plain
    # the memo's own part is used for an entry object it holds (planted: the page shows it)
    stale = {"entries": [entry, copy.copy(entry)], "tokens": b"e" * TOKEN_BYTES * 2,
             "listed": b"l" * TOKEN_BYTES * 2, "articles": {}}
    assert PageSignatures(digest, keys, page_of, stale).story(story) != plain
    copies = {"entries": [copy.copy(e) for e in digest.timeline],
              "tokens": b"c" * TOKEN_BYTES * len(digest.timeline)}
    assert PageSignatures(digest, keys, page_of, copies).story(story) == plain
    assert len(copies["entries"]) == len(digest.timeline)
    damaged = {"entries": [entry], "tokens": b"short"}  # not this code's: ignored
    assert PageSignatures(digest, keys, page_of, damaged).story(story) == plain


def test_an_entrys_part_as_listed_is_kept_unless_an_article_it_cites_changed(built):
    """Its part as listed (own part and cited articles) is the memo's while every article it
    cites has the part it had in the memo's run; a cited article that changed (here: another
    page) makes it again. Planted memo parts show which was used."""
    digest = fresh(built)
    entry = next(e for e in digest.timeline if e.story)
    story = digest.links.story_by_id[entry.story]
    keys = {a.id: f"key-{a.id}" for a in digest.articles}
    page_of = lambda a: digest.article_by_id[a].page  # noqa: E731
    memo: dict = {}
    plain = PageSignatures(digest, keys, page_of, memo).story(story)
    number = next(i for i, e in enumerate(memo["entries"]) if e is entry)
    at = slice(number * TOKEN_BYTES, (number + 1) * TOKEN_BYTES)
    planted = bytearray(memo["listed"])
    planted[at] = b"p" * TOKEN_BYTES
    memo["listed"] = bytes(planted)
    kept = without_pages(dict(memo))
    assert PageSignatures(digest, keys, page_of, kept).story(story) != plain  # planted used
    assert kept["listed"][at] == b"p" * TOKEN_BYTES
    memo["listed"] = bytes(planted)
    cited = digest.article_by_id[entry.sources[0].article]
    cited.slug = "elsewhere"
    fresh_memo: dict = {}
    moved = PageSignatures(digest, keys, page_of, fresh_memo).story(story)
    assert moved != plain
    assert PageSignatures(digest, keys, page_of, memo).story(story) == moved  # made again
    assert memo["listed"] == fresh_memo["listed"]


def test_a_warm_memo_gives_the_signatures_of_a_run_without_one(built):
    """A memo from a run of the same digest gives every page the signature a memo-less run
    gives it, and so does the memo of a run before an article's page moved."""
    digest = fresh(built)
    signatures = lambda memo: signing(digest, memo=memo)[0]  # noqa: E731
    memo: dict = {}
    assert signatures(memo) == signatures(None) == signatures(memo)
    digest.articles[0].slug = "moved"
    assert signatures(memo) == signatures(None)


def test_an_archive_month_is_signed_by_its_articles_as_listed(built):
    """render.pages._archive_month shows each article's title, date, source and summary (its
    analysis key stands for them) and links its page: the signature moves with either, and
    with the month's members, not otherwise."""
    digest = fresh(built)
    members = list(digest.articles)
    sign = lambda keys: signed(digest, keys).archive_month(  # noqa: E731
        "articles/2025/10/index.md", "October 2025", members)
    keys = {a.id: f"key-{a.id}" for a in digest.articles}
    before = sign(keys)
    assert sign(dict(keys)) == before
    assert sign(keys | {members[0].id: "another"}) != before
    members[0].slug = "moved"
    assert sign(keys) != before
    assert signed(digest, keys).archive_month("articles/2025/10/index.md", "October 2025",
                                              members[1:]) != sign(keys)


def test_a_story_listing_is_signed_by_its_cards(built):
    """render.story_index lists a card per story (render.cards.story_card): its headline is
    picked by the reports' quality verdicts and may be made of its entities' names; the
    signature moves with those, with the page's own text and with its stories."""
    digest = fresh(built)
    story = digest.links.stories[0]
    sign = lambda: signed(digest).story_listing("stories/index.md", "nav", [story])  # noqa: E731
    before = sign()
    assert sign() == before
    assert signed(digest).story_listing("stories/index.md", "other nav", [story]) != before
    assert signed(digest).story_listing("stories/index.md", "nav", []) != before
    verdict = digest.links.articles[story.lead_article]
    verdict.quality = dataclasses.replace(verdict.quality, score=verdict.quality.score + 1)
    assert sign() != before
    moved = sign()
    entity = digest.links.entity_by_id[story.entities[0]]
    entity.name = "Another Name"
    assert sign() != moved


def test_a_card_is_the_memos_while_its_story_object_and_reports_are(built):
    """Every story listing lists every card, each run: a card whose story object is the
    memo's, and whose original reports and entities did not change, is the memo's (planted,
    it shows); a report whose page moved makes it again, as a run without a memo does."""
    digest = fresh(built)
    story = next(s for s in digest.links.stories if s.articles)
    keys = {a.id: f"key-{a.id}" for a in digest.articles}
    page_of = lambda a: digest.article_by_id[a].page  # noqa: E731

    def listing(memo):
        return PageSignatures(digest, keys, page_of, memo).story_listing(
            "stories/index.md", "nav", [story])

    memo: dict = {}
    plain = listing(memo)
    assert listing(memo) == plain and memo["held"]["listed cards"][story.id][0] is story
    memo["held"]["listed cards"][story.id] = (story, b"p" * TOKEN_BYTES)
    assert listing(memo) != plain  # planted used
    assert memo["held"]["listed cards"][story.id][1] == b"p" * TOKEN_BYTES
    original = next(a for a in story.articles if a not in story.duplicates)
    digest.article_by_id[original].slug = "elsewhere"
    moved = listing(None)
    assert moved != plain
    assert listing(memo) == moved  # made again


def test_a_story_listing_does_not_move_with_what_a_card_does_not_show(built):
    """A card shows no related stories, summary or quotes: the listing keeps its signature
    when only those change (they move with many new reports)."""
    digest = fresh(built)
    story = digest.links.stories[0]
    before = signed(digest).story_listing("stories/index.md", "nav", [story])
    story.related = [RelatedLink("another", 1.0, {"person": ("p",)}, ("terms",))]
    story.summary, story.quotes = [], []
    assert signed(digest).story_listing("stories/index.md", "nav", [story]) == before
    story.lead_article = story.articles[-1] + "x"
    assert signed(digest).story_listing("stories/index.md", "nav", [story]) != before


def test_a_link_object_held_in_the_memo_keeps_its_parts_and_a_changed_one_is_made_again(built):
    """Link hands last run's object back when its value is the same: its parts are the
    memo's then (a run over the same objects makes none), and planted parts show they are
    used. Another object (link's new output, though equal) has its parts made again, giving
    the signatures of a run without a memo; the memo then holds this run's objects only."""
    digest = fresh(built)

    def signatures(memo):
        found, pages = signing(digest, memo=memo, cards=True)
        return found, pages.held.made

    plain, made = signatures(None)
    assert made > 0
    memo: dict = {}
    assert signatures(memo) == (plain, made)
    assert signatures(memo) == (plain, 0)  # every part the memo's
    story = digest.links.stories[0]
    assert memo["held"]["stories"][story.id][0] is story
    memo["held"]["stories"][story.id] = (story, b"p" * TOKEN_BYTES)  # planted
    planted, _ = signatures(without_pages(memo))
    assert planted[story.page] != plain[story.page]
    # link's new object for the story (equal, not the same): made again
    other = copy.copy(story)
    digest.links.stories[0] = other
    digest.links.__dict__.pop("story_by_id", None)
    memo["held"]["stories"][story.id] = (story, b"p" * TOKEN_BYTES)
    again, made = signatures(memo)
    assert again == plain and made == 2  # its fields' part and its card's
    assert memo["held"]["stories"][story.id][0] is other
    # an entity whose object changed (renamed) is made again, and pages naming it move
    entity = next(e for e in digest.links.entities if e.page)
    renamed = dataclasses.replace(entity, name=entity.name + " Jr")
    digest.links.entities[digest.links.entities.index(entity)] = renamed
    digest.links.__dict__.pop("entity_by_id", None)
    moved, made = signatures(memo)
    assert moved[entity.id] != plain[entity.id] and made == 2  # as a page, as named
    assert moved == signatures(None)[0]


def test_held_objects_are_saved_by_their_id_in_links_memo_and_come_back_as_its_objects(built):
    """The run state saves link's outputs memo apart from the signatures' memo: a held object
    that is link's is saved as its id and comes back as link's loaded object (so the next
    run's identity check can hit); one that is not link's is not saved at all."""
    digest = fresh(built)
    keys = {a.id: f"key-{a.id}" for a in digest.articles}
    memo: dict = {}
    pages = PageSignatures(digest, keys, lambda a: digest.article_by_id[a].page, memo)
    for story in digest.links.stories:
        pages.story(story)
    links = digest.links
    outputs = types.SimpleNamespace(stories={s.id: s for s in links.stories},
                                    entities={e.id: e for e in links.entities[1:]},
                                    articles=dict(links.articles))
    left_out = links.entities[0].id  # not link's (as if link made another object)
    assert left_out in memo["held"]["named"]
    saved = pickle.loads(pickle.dumps(held_by_name(memo, outputs)))
    loaded_outputs = pickle.loads(pickle.dumps(outputs))  # saved apart: other objects
    loaded = held_from(saved, loaded_outputs)
    for kind, parts in memo["held"].items():
        table = {"links": "articles", "stories": "stories", "cards": "stories",
                 "listed cards": "stories", "article pages": "articles",
                 "story pages": "stories"}.get(kind, "entities")
        expected = {k: token for k, (_, token) in parts.items() if k != left_out}
        assert {k: token for k, (_, token) in loaded["held"][kind].items()} == expected
        assert all(obj is getattr(loaded_outputs, table)[k]
                   for k, (obj, _) in loaded["held"][kind].items())
    assert memo["held"]["stories"]  # the run's memo itself is left as it was
    assert held_from(saved, None)["held"] == {k: {} for k in memo["held"]}


# Two more stories beside the bundled seeds' one (a page unrelated to a change keeps its
# signature: the bundled seeds alone make one story whose pages every change touches).
OTHER_SEEDS = {
    "ferry.md": "---\ntitle: Valletta ferry terminal opens\ndate: 2025-10-19\nsource: Probe "
                "Wire\n---\n\nThe harbour authority of Valletta opened a new ferry terminal on "
                "Sunday. Joseph Camilleri said the terminal would handle two million passengers a "
                "year.\n",
    "library.md": "---\ntitle: Lisbon library reopens\ndate: 2025-09-03\nsource: Probe Wire\n"
                  "---\n\nThe city library of Lisbon reopened on Wednesday after two years of "
                  "repairs. Maria Costa said the library would open on Sundays too.\n",
}


@pytest.fixture(scope="module")
def several(tmp_path_factory):
    """A digest of three stories: the bundled seeds' and OTHER_SEEDS'."""
    from tests.conftest import SEEDS
    root = tmp_path_factory.mktemp("several")
    seeds = root / "seeds"
    shutil.copytree(SEEDS, seeds)
    for name, text in OTHER_SEEDS.items():
        (seeds / name).write_text(text, encoding="utf-8")
    digest, problems = build_digest(load_settings(root, {"seeds": seeds, "cache": root / "c"}))
    assert problems == [] and len(digest.links.stories) >= 3
    return digest


def relooked(digest: Digest) -> Digest:
    """The digest's lookups dropped, after an object of it was replaced (as link and the
    timeline hand a new object for a changed value, and never change one they handed out)."""
    for holder, names in ((digest.links, ("story_by_id", "entity_by_id")),
                          (digest, ("article_by_id", "timeline_by_story",
                                    "timeline_by_entity"))):
        for name in names:
            holder.__dict__.pop(name, None)
    return digest


def warm_and_cold(digest: Digest, memo: dict, keys: dict[str, str] | None = None
                  ) -> tuple[dict[str, str], dict[str, str], int]:
    """Every page's signature with the memo (updated) and without one, and how many pages
    the memo's run's signature was kept for."""
    warm, pages = signing(digest, keys, memo=memo)
    return warm, all_signatures(digest, keys), pages.kept_pages


def replaced_story(digest: Digest, story, **changes):
    other = dataclasses.replace(story, **changes)
    digest.links.stories[digest.links.stories.index(story)] = other
    relooked(digest)
    return other


def test_a_page_whose_inputs_are_the_memo_runs_keeps_its_signature_and_each_input_moves_it(
        several):
    """Pages of objects link handed back unchanged keep the memo's signatures: with every
    input the same, all of them. Then one kind of input at a time is changed as link or the
    timeline would change it (a new object): each time the memo gives exactly the signatures
    of a run without one, and the page that shows the change moves."""
    digest = fresh(several)
    memo: dict = {}
    first, cold, _ = warm_and_cold(digest, memo)
    assert first == cold
    again, cold, kept = warm_and_cold(digest, memo)
    assert again == cold and kept == len(cold)
    links = digest.links
    story = next(s for s in links.stories if len(s.articles) >= 1)
    member = digest.article_by_id[story.articles[0]]
    # an article's own part (its analysis key: its content)
    keys = {a.id: f"key-{a.id}" for a in digest.articles} | {member.id: "another"}
    before = again
    after, cold, kept = warm_and_cold(digest, memo, keys)
    assert after == cold and 0 < kept < len(cold)
    assert {member.page, story.page} <= changed(before, after)
    # its links: another object naming other entities
    linked = links.articles[member.id]
    links.articles[member.id] = dataclasses.replace(linked, entities=linked.entities[1:])
    before = after
    after, cold, kept = warm_and_cold(digest, memo, keys)
    assert after == cold and 0 < kept < len(cold)
    assert member.page in changed(before, after)
    # a story's fields (its title): its page, its members' and pages linking to it move
    story = replaced_story(digest, story, title=story.title + " again")
    before = after
    after, cold, kept = warm_and_cold(digest, memo, keys)
    assert after == cold and 0 < kept < len(cold)
    assert {story.page, member.page} <= changed(before, after)
    # another story object showing the same (its related links' scores halved): all kept
    story = replaced_story(digest, story, related=[dataclasses.replace(r, score=r.score / 2)
                                                   for r in story.related])
    before = after
    after, cold, kept = warm_and_cold(digest, memo, keys)
    assert after == cold == before and kept == len(cold)
    # a story another one links to (related) retitled: the linking story's pages move
    target = next(s for s in links.stories if s.id != story.id)
    story = replaced_story(digest, story, related=[RelatedLink(target.id, 0.5,
                                                               terms=("ferry",))])
    before, _, _ = warm_and_cold(digest, memo, keys)
    replaced_story(digest, target, title=target.title + " again")
    after, cold, kept = warm_and_cold(digest, memo, keys)
    assert after == cold and 0 < kept < len(cold)
    assert {story.page, member.page} <= changed(before, after)
    # an article's links put it in another story: entity pages listing it move (they show
    # its story's title)
    listed, entity = next((a, e) for e in links.entities for a in e.articles
                          if e.page and links.articles[a].story)
    elsewhere = next(s.id for s in links.stories if s.id != links.articles[listed].story)
    links.articles[listed] = dataclasses.replace(links.articles[listed], story=elsewhere)
    before = after
    after, cold, kept = warm_and_cold(digest, memo, keys)
    assert after == cold and 0 < kept < len(cold)
    assert entity.id in changed(before, after)
    # an entity renamed: the pages naming it move
    naming, entity = next((a, e) for a in digest.articles for e in links.entities
                          if e.page and e.id in links.articles[a.id].entities)
    links.entities[links.entities.index(entity)] = dataclasses.replace(
        entity, name=entity.name + " Jr")
    relooked(digest)
    before = after
    after, cold, kept = warm_and_cold(digest, memo, keys)
    assert after == cold and 0 < kept < len(cold)
    assert {naming.page, entity.id} <= changed(before, after)


def test_a_timeline_entry_new_gone_or_out_of_the_memos_order_moves_the_pages_listing_it(
        several):
    """A story's or entity's page lists the timeline's entries of it in timeline order: an
    entry added or removed moves the pages of its story and entities, and entries of a story
    in another order than the memo's run's move its page; each time the memo gives the
    signatures of a run without one."""
    digest = fresh(several)
    memo: dict = {}
    warm_and_cold(digest, memo)
    entry = next(e for e in digest.timeline if e.story and e.entities)
    story = digest.links.story_by_id[entry.story]
    entity = next(e for e in digest.links.entities if e.page and e.id in entry.entities)
    before, _, _ = warm_and_cold(digest, memo)
    digest.timeline = [e for e in digest.timeline if e is not entry]  # gone
    relooked(digest)
    after, cold, kept = warm_and_cold(digest, memo)
    assert after == cold and 0 < kept < len(cold)
    assert {story.page, entity.id} <= changed(before, after)
    at = next(i for i, e in enumerate(several.timeline) if e.story == entry.story
              and e.text == entry.text)
    digest.timeline.insert(at, entry)  # back: a new entry to the memo
    relooked(digest)
    again, cold, kept = warm_and_cold(digest, memo)
    assert again == cold == before and 0 < kept < len(cold)
    # two entries of the story swap places: its page moves (the memo's order is not kept)
    mine = [i for i, e in enumerate(digest.timeline) if e.story == story.id]
    assert len(mine) >= 2, "the test needs a story with two timeline entries"
    first, second = mine[0], mine[1]
    digest.timeline[first], digest.timeline[second] = \
        digest.timeline[second], digest.timeline[first]
    relooked(digest)
    swapped, cold, kept = warm_and_cold(digest, memo)
    assert swapped == cold and story.page in changed(again, swapped)


def test_the_entries_parts_found_in_bulk_are_those_the_loop_finds(several, monkeypatch):
    """With no cited article moved, _entry_tokens finds the held entries' parts in bulk: the
    same parts, memo, numbers, kept entries and changes as its loop, with entries new, gone
    and out of the memo's order."""
    import generator.render.signatures as signatures
    digest = fresh(several)
    keys = {a.id: f"key-{a.id}" for a in digest.articles}
    page_of = lambda a: digest.article_by_id[a].page  # noqa: E731
    memo: dict = {}
    PageSignatures(digest, keys, page_of, memo)
    timeline = digest.timeline
    changes = [timeline[2:], [copy.copy(timeline[0]), *timeline[1:]],
               [timeline[1], timeline[0], *timeline[2:]], list(timeline)]

    def found(in_bulk: bool, entries: list) -> tuple:
        monkeypatch.setattr(signatures, "IN_BULK", in_bulk)
        digest.timeline = entries
        relooked(digest)
        mine = dict(memo)
        pages = PageSignatures(digest, keys, page_of, mine)
        return (pages._entries, pages.reused, pages.numbers[1],
                [id(e) for e in pages._other_entries], pages._in_order, mine["tokens"],
                mine["listed"], [id(e) for e in mine["entries"]], pages._dirty)

    for entries in changes:
        assert found(True, entries) == found(False, entries)
    assert found(True, changes[2])[4] is False and found(True, changes[3])[4] is True
