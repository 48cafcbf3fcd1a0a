"""generator.render.export: digest.json, and the timeline records a run takes from the last one."""

import copy
import dataclasses

import pytest

from generator.config import load_settings
from generator.pipeline import build_digest
from generator.render.common import assign_unique_slugs
from generator.render.export import (
    PreviousRecords,
    PreviousTimeline,
    digest_json,
    export_articles,
    export_hash,
)


@pytest.fixture(scope="module")
def digest(tmp_path_factory):
    from tests.conftest import SEEDS
    root = tmp_path_factory.mktemp("export")
    digest, _ = build_digest(load_settings(root, {"seeds": SEEDS, "cache": root / "cache"}))
    assign_unique_slugs(digest.articles)
    assert len(digest.timeline) > 2
    return digest


def page_of(digest):
    return lambda article_id: digest.article_by_id[article_id].page


def test_the_previous_records_of_the_same_entries_are_used_and_give_the_same_text(digest):
    text = digest_json(digest, page_of(digest))
    previous = PreviousTimeline(text, digest.timeline)
    assert digest_json(digest, page_of(digest), previous) == text
    assert previous.used == len(digest.timeline)


def test_a_record_citing_an_article_whose_page_moved_is_made_again(digest):
    text = digest_json(digest, page_of(digest))
    moved = digest.timeline[0].sources[0].article
    pages = {a.id: a.page for a in digest.articles} | {moved: "articles/2025/10/elsewhere.md"}
    previous = PreviousTimeline(text, digest.timeline)
    again = digest_json(digest, pages.__getitem__, previous)
    assert again == digest_json(digest, pages.__getitem__) != text
    citing = sum(1 for e in digest.timeline if moved in e.articles)
    assert 0 < citing and previous.used == len(digest.timeline) - citing


def test_an_entry_object_the_previous_run_did_not_list_is_made_again(digest):
    text = digest_json(digest, page_of(digest))
    listed = list(digest.timeline)
    listed[1] = copy.copy(listed[1])  # equal fields, another object: not known to be the same
    previous = PreviousTimeline(text, listed)
    assert digest_json(digest, page_of(digest), previous) == text
    assert previous.used == len(listed) - 1


def test_a_text_that_does_not_hold_one_record_per_entry_is_refused(digest):
    text = digest_json(digest, page_of(digest))
    with pytest.raises(ValueError):
        PreviousTimeline(text, digest.timeline[1:])
    with pytest.raises(ValueError):
        PreviousTimeline(b"{}\n", digest.timeline)


def test_render_gives_digest_json_encoded_once_with_the_hash_the_writer_records(digest, tmp_path):
    """digest.json (13.7 MB at 2,225 articles) is encoded once: render hands the writer its
    bytes, and the memo keeps the same SHA-256 the writer's manifest records for it, which a
    later run compares with the file it finds (read back, not encoded again)."""
    import hashlib

    from generator.render import EXPORT, render_files
    from generator.render.signatures import Encoded
    from generator.write import read_manifest, write_outputs

    settings = load_settings(tmp_path, {"seeds": tmp_path / "seeds"})
    keys = {a.id: f"key-{a.id}" for a in digest.articles}
    memo: dict = {}
    files = dict(render_files(digest, settings, keys, memo, lambda made: None))
    encoded = files[EXPORT]
    assert isinstance(encoded, Encoded) and encoded.data == digest_json(digest, page_of(digest))
    assert memo["export"] == encoded.sha256 == hashlib.sha256(encoded.data).hexdigest()
    write_outputs({EXPORT: encoded}, tmp_path / "out")  # type: ignore[dict-item]
    assert read_manifest(tmp_path / "out")[EXPORT] == memo["export"]
    assert (tmp_path / "out" / EXPORT).read_bytes() == encoded.data


def test_the_entries_the_caller_knows_unchanged_are_the_records_used_again(digest):
    """With ``kept`` (render.signatures.PageSignatures.reused) the previous file's articles
    list is not read: the records of the entries kept are used again, the others made."""
    text = digest_json(digest, page_of(digest))
    moved = digest.timeline[0].sources[0].article
    kept = {id(e) for e in digest.timeline if moved not in e.articles}
    previous = PreviousTimeline(text, digest.timeline, kept)
    assert digest_json(digest, page_of(digest), previous) == text
    assert 0 < previous.used == len(kept) < len(digest.timeline)
    everything = PreviousTimeline(text, digest.timeline, {id(e) for e in digest.timeline})
    assert digest_json(digest, page_of(digest), everything) == text
    assert everything.used == len(digest.timeline)


def test_the_signatures_say_which_entries_are_listed_as_in_the_memos_run(digest):
    """PageSignatures.reused: the entries of the memo's run whose cited articles' pages did
    not move (None without a memo of a run)."""
    from generator.render.signatures import PageSignatures

    keys = {a.id: f"key-{a.id}" for a in digest.articles}
    memo: dict = {}
    assert PageSignatures(digest, keys, page_of(digest), memo).reused is None
    assert PageSignatures(digest, keys, page_of(digest), memo).reused == {
        id(e) for e in digest.timeline}
    moved = digest.timeline[0].sources[0].article
    pages = {a.id: a.page for a in digest.articles} | {moved: "articles/2025/10/elsewhere.md"}
    assert PageSignatures(digest, keys, pages.__getitem__, memo).reused == {
        id(e) for e in digest.timeline if moved not in e.articles}


def test_a_run_stopped_after_its_signatures_leaves_no_hash_of_an_older_file(digest, tmp_path):
    """The memo's entries are replaced when the signatures are made; the hash of the file
    the older entries made goes with them, so a run stopped before its digest.json is made
    cannot have the next run take that file's records for the new entries."""
    from generator.render import render_files

    settings = load_settings(tmp_path, {"seeds": tmp_path / "seeds"})
    keys = {a.id: f"key-{a.id}" for a in digest.articles}
    memo: dict = {}
    dict(render_files(digest, settings, keys, memo, lambda made: None))
    assert "export" in memo
    files = render_files(digest, settings, keys, memo, lambda made: None)
    next(files), next(files)  # stopped early: the signatures are made, digest.json is not
    files.close()
    assert "export" not in memo


def _ids(digest) -> dict[str, list[str]]:
    return {"articles": [a.id for a in export_articles(digest)],
            "stories": [s.id for s in digest.links.stories],
            "entities": [e.id for e in digest.links.entities]}


def every(name: str, values: list) -> set[str]:
    """All the values' ids (render.export.Unchanged: every record unchanged)."""
    return {v.id for v in values}


def test_the_records_of_objects_said_unchanged_are_the_previous_files(digest):
    """PreviousRecords: an article, story or entity the caller says is unchanged gets its
    line of the previous file (planted lines show which were used); the others are made."""
    text = digest_json(digest, page_of(digest))
    records = PreviousRecords(text, _ids(digest))
    assert digest_json(digest, page_of(digest), None, records, every) == text
    total = sum(map(len, _ids(digest).values()))
    assert records.used == total
    story = digest.links.stories[0]
    planted = text.replace(f'"id": "{story.id}", "page"'.encode(),
                           f'"id": "{story.id}", "planted": 1, "page"'.encode(), 1)
    assert planted != text
    used = digest_json(digest, page_of(digest), None, PreviousRecords(planted, _ids(digest)),
                       every)
    assert used == planted
    made = PreviousRecords(planted, _ids(digest))
    assert digest_json(digest, page_of(digest), None, made,
                       lambda name, values: {v.id for v in values if v is not story}) == text
    assert made.used == total - 1


def test_previous_records_refuse_a_file_of_other_ids(digest):
    text = digest_json(digest, page_of(digest))
    ids = _ids(digest)
    with pytest.raises(ValueError):
        PreviousRecords(text, {**ids, "entities": ids["entities"][1:]})
    with pytest.raises(ValueError):
        PreviousRecords(b"{}\n", ids)


def test_a_warm_render_takes_the_records_of_link_objects_it_held_and_makes_changed_ones(
        digest, tmp_path):
    """Through render_files and its memo: a second run over the same objects (as link hands
    them back) takes every article, story and entity record from the file the first made,
    and gives the same bytes; a story object link made anew (here: a changed title) has its
    record made again, and the file equals a run's without a memo."""
    from generator.render import EXPORT, render_files
    from generator.render.signatures import Encoded

    digest = copy.deepcopy(digest)
    settings = load_settings(tmp_path, {"seeds": tmp_path / "seeds"})
    keys = {a.id: f"key-{a.id}" for a in digest.articles}
    memo: dict = {}
    made: list[PreviousRecords] = []
    original = PreviousRecords.__init__

    def counted(self, text, ids):
        original(self, text, ids)
        made.append(self)

    def export(memo, previous):
        def on_disk(made: str) -> bytes | None:  # as pipeline._previous_export: by its hash
            return previous if previous is not None and export_hash(previous) == made else None

        files = dict(render_files(digest, settings, keys, memo, on_disk))
        encoded = files[EXPORT]
        assert isinstance(encoded, Encoded)
        return encoded.data

    first = export(memo, None)
    total = sum(map(len, _ids(digest).values()))
    PreviousRecords.__init__ = counted
    try:
        assert export(memo, first) == first
        assert [r.used for r in made] == [total]
        story = digest.links.stories[0]
        renamed = dataclasses.replace(story, title=story.title + " (updated)")
        digest.links.stories[0] = renamed
        digest.links.__dict__.pop("story_by_id", None)
        made.clear()
        again = export(memo, first)
    finally:
        PreviousRecords.__init__ = original
    assert again == export(None, None) != first
    assert [r.used for r in made] == [total - 1]


def test_records_taken_again_in_another_order_give_the_same_bytes(digest):
    """A record of the previous file is found by its number wherever it now stands: with the
    entities listed in reverse, every entity record is still taken, and the file is the one a
    run without the previous file makes."""
    text = digest_json(digest, page_of(digest))
    turned = copy.copy(digest)
    turned.links = dataclasses.replace(digest.links, entities=digest.links.entities[::-1])
    records = PreviousRecords(text, _ids(digest))
    again = digest_json(turned, page_of(turned), None, records, every)
    assert again == digest_json(turned, page_of(turned)) != text
    assert records.used == sum(map(len, _ids(digest).values()))


def test_runs_of_previous_records_are_taken_as_one_slice_each(digest):
    """_joined: records that follow one another in the previous file come as one part; made
    records and jumps start new parts; joined, the parts are the records joined one by one."""
    from generator.render.export import _BETWEEN, _joined

    text = digest_json(digest, page_of(digest))
    previous = PreviousTimeline(text, digest.timeline)
    lines = previous.lines
    count = len(digest.timeline)
    assert count >= 3
    one = [text[lines.starts[n]:lines.starts[n + 1] - len(_BETWEEN)] for n in range(count)]
    order = [0, 1, b"{\"made\": 1}", 2, 1, *range(count)]
    parts = _joined(lines, order)
    assert len(parts) == 5
    assert _BETWEEN.join(parts) == _BETWEEN.join(
        [one[n] if isinstance(n, int) else n for n in order])
    assert _BETWEEN.join(parts[-1:]) == _BETWEEN.join(one)


def test_numbers_of_kept_entries_answer_as_number_does_for_each(digest):
    """PreviousTimeline.numbers (one loop over the entries) gives number()'s answers: None
    for an entry not kept and for an object the previous run did not list."""
    text = digest_json(digest, page_of(digest))
    listed = list(digest.timeline)
    listed[2] = copy.copy(listed[2])
    kept = {id(e) for e in digest.timeline[1:]}
    site_of = page_of(digest)
    one, many = PreviousTimeline(text, listed, kept), PreviousTimeline(text, listed, kept)
    answers = [one.number(e, site_of) for e in digest.timeline]
    assert many.numbers(digest.timeline, site_of) == answers
    assert answers[0] is None and answers[2] is None and answers[1] == 1
    assert many.used == one.used == len(digest.timeline) - 2


def test_the_numbers_the_page_signatures_found_are_those_numbers_finds(digest):
    """PageSignatures.numbers (found while signing: each held entry's number in the memo's
    list, None for one not kept) is what PreviousTimeline.numbers answers for the timeline,
    and PreviousTimeline takes it as known; for another list it finds its own."""
    from generator.render.signatures import PageSignatures
    digest = copy.deepcopy(digest)
    text = digest_json(digest, page_of(digest))
    keys = {a.id: f"key-{a.id}" for a in digest.articles}
    memo: dict = {}
    PageSignatures(digest, keys, page_of(digest), memo)
    listed = memo["entries"]
    digest.timeline = [digest.timeline[1], digest.timeline[0], copy.copy(digest.timeline[2]),
                       *digest.timeline[3:]]
    signed = PageSignatures(digest, keys, page_of(digest), memo)
    found = PreviousTimeline(text, listed, signed.reused).numbers(digest.timeline,
                                                                 page_of(digest))
    assert signed.numbers[0] is digest.timeline and signed.numbers[1] == found
    assert found[:3] == [1, 0, None]
    known = PreviousTimeline(text, listed, signed.reused, signed.numbers)
    assert known.numbers(digest.timeline, page_of(digest)) is signed.numbers[1]
    assert known.used == len(found) - 1
    other = list(digest.timeline)
    assert PreviousTimeline(text, listed, signed.reused, signed.numbers).numbers(
        other, page_of(digest)) == found
