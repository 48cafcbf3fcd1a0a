import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

import generator.write as write_module
from generator.write import (
    JOURNAL,
    MANIFEST,
    STAGING,
    UnsafePath,
    check_relative,
    manifest_bytes,
    read_manifest,
    recover,
    write_outputs,
)


def test_only_changed_files_are_rewritten(tmp_path):
    write_outputs({"a.md": "one", "b/c.md": "two"}, tmp_path)
    before = (tmp_path / "a.md").stat().st_mtime_ns, (tmp_path / "a.md").stat().st_ino
    report = write_outputs({"a.md": "one", "b/c.md": "changed"}, tmp_path)
    assert report.written == ["b/c.md"] and report.unchanged == 1
    assert ((tmp_path / "a.md").stat().st_mtime_ns, (tmp_path / "a.md").stat().st_ino) == before


def test_nothing_is_touched_when_nothing_changed(tmp_path):
    write_outputs({"a.md": "one"}, tmp_path)
    stamp = (tmp_path / MANIFEST).stat().st_mtime_ns
    report = write_outputs({"a.md": "one"}, tmp_path)
    assert report.written == [] and (tmp_path / MANIFEST).stat().st_mtime_ns == stamp


def test_stale_generated_files_are_removed_hand_written_kept(tmp_path):
    (tmp_path / "about.md").write_text("hand-written")
    write_outputs({"x/old.md": "old", "keep.md": "k"}, tmp_path)
    report = write_outputs({"keep.md": "k"}, tmp_path)
    assert report.removed == ["x/old.md"]
    assert not (tmp_path / "x").exists()  # emptied folder pruned
    assert (tmp_path / "about.md").read_text() == "hand-written"
    assert read_manifest(tmp_path) == {"keep.md": read_manifest(tmp_path)["keep.md"]}


def test_hand_written_file_in_the_way_is_not_overwritten(tmp_path):
    (tmp_path / "index.md").write_text("mine")
    report = write_outputs({"index.md": "generated"}, tmp_path)
    assert report.conflicts == ["index.md"]
    assert (tmp_path / "index.md").read_text() == "mine"
    report = write_outputs({}, tmp_path)
    assert (tmp_path / "index.md").read_text() == "mine"  # and never deleted as stale


def test_edited_generated_file_is_not_deleted_when_stale(tmp_path):
    write_outputs({"a.md": "gen"}, tmp_path)
    (tmp_path / "a.md").write_text("edited by a person")
    write_outputs({}, tmp_path)
    assert (tmp_path / "a.md").read_text() == "edited by a person"


@pytest.mark.parametrize("path", ["../escape.md", "/etc/passwd", "a/../../b.md", ".hidden",
                                  "a\\..\\b"])
def test_paths_outside_the_folder_are_refused(tmp_path, path):
    with pytest.raises(UnsafePath):
        write_outputs({path: "x"}, tmp_path / "docs")
    assert not (tmp_path / "escape.md").exists()


def test_run_killed_before_the_journal_leaves_previous_output(tmp_path):
    write_outputs({"a.md": "v1"}, tmp_path)
    # Simulate a run killed while staging: a staged file exists, no journal.
    (tmp_path / STAGING).mkdir()
    (tmp_path / STAGING / "a.md").write_text("v2-partial")
    recover(tmp_path)
    assert (tmp_path / "a.md").read_text() == "v1"
    assert not (tmp_path / STAGING).exists()


def test_run_killed_after_the_journal_is_rolled_forward(tmp_path):
    write_outputs({"a.md": "v1", "old.md": "o"}, tmp_path)
    previous = read_manifest(tmp_path)
    (tmp_path / STAGING).mkdir()
    (tmp_path / STAGING / "a.md").write_text("v2")
    new_manifest = {"a.md": "hash-of-v2"}
    (tmp_path / JOURNAL).write_text(json.dumps(
        {"moves": ["a.md"], "remove": ["old.md"], "previous": previous,
         "manifest": new_manifest}))
    recover(tmp_path)
    assert (tmp_path / "a.md").read_text() == "v2"
    assert not (tmp_path / "old.md").exists()
    assert read_manifest(tmp_path) == new_manifest
    assert not (tmp_path / JOURNAL).exists()


def test_files_given_one_at_a_time_keep_the_later_text_of_a_repeated_path(tmp_path):
    write_outputs({"a.md": "one", "b.md": "two"}, tmp_path)
    pairs = iter([("a.md", "changed"), ("b.md", "changed"), ("a.md", "one"), ("b.md", "two"),
                  ("c.md", "new"), ("c.md", "newer")])
    report = write_outputs(pairs, tmp_path)
    assert report.written == ["c.md"] and report.unchanged == 2
    assert [(tmp_path / n).read_text() for n in ("a.md", "b.md", "c.md")] == \
        ["one", "two", "newer"]
    assert sorted(read_manifest(tmp_path)) == ["a.md", "b.md", "c.md"]


def test_a_bad_path_late_in_the_files_leaves_the_previous_output(tmp_path):
    write_outputs({"a.md": "one"}, tmp_path)
    with pytest.raises(UnsafePath):
        write_outputs(iter([("a.md", "changed"), ("b.md", "new"), ("../x.md", "bad")]),
                      tmp_path)
    assert (tmp_path / "a.md").read_text() == "one" and not (tmp_path / "b.md").exists()
    assert write_outputs({"a.md": "one"}, tmp_path).written == []


def test_a_deferred_page_is_rendered_only_when_its_signature_or_file_changed(tmp_path):
    from generator.render.signatures import Deferred
    made: list[str] = []

    def page(signature: str, text: str) -> Deferred:
        return Deferred(signature, lambda: made.append(signature) or text)

    memo: dict[str, tuple[str, str]] = {}
    write_outputs([("a.md", page("s1", "one\n")), ("b.md", "plain\n")], tmp_path, memo)
    assert made == ["s1"] and (tmp_path / "a.md").read_text() == "one\n"
    assert set(memo) == {"a.md"}  # only deferred pages are remembered
    report = write_outputs([("a.md", page("s1", "never made\n")), ("b.md", "plain\n")],
                           tmp_path, memo)
    assert made == ["s1"] and report.unchanged == 2 and report.written == []
    assert report.kept == 1
    write_outputs([("a.md", page("s2", "two\n")), ("b.md", "plain\n")], tmp_path, memo)
    assert made == ["s1", "s2"] and (tmp_path / "a.md").read_text() == "two\n"
    (tmp_path / "a.md").write_text("edited\n")  # the file no longer holds what was written
    report = write_outputs([("a.md", page("s2", "two\n"))], tmp_path, memo)
    assert made == ["s1", "s2", "s2"] and report.written == ["a.md"]
    assert (tmp_path / "a.md").read_text() == "two\n" and not (tmp_path / "b.md").exists()
    write_outputs([("a.md", page("s2", "two again\n"))], tmp_path, {})  # no memo: rendered
    assert (tmp_path / "a.md").read_text() == "two again\n"


def test_a_page_missing_here_is_copied_from_a_sibling_folder_made_from_its_signature(
        tmp_path):
    """The first `mkdocs serve` after `newsdigest generate`: the plugin's page folder holds
    nothing yet, docs/ holds every page made from the same signatures."""
    from generator.render.signatures import Deferred
    from generator.write import Sibling
    made: list[str] = []

    def page(signature: str, text: str) -> Deferred:
        return Deferred(signature, lambda: made.append(signature) or text)

    docs, pages = tmp_path / "docs", tmp_path / "pages"
    docs_memo: dict[str, tuple[str, str]] = {}
    write_outputs([("a.md", page("s1", "one\n")), ("b.md", page("t1", "bee\n")),
                   ("c.md", page("u1", "sea\n"))], docs, docs_memo)
    assert made == ["s1", "t1", "u1"]
    (docs / "c.md").write_text("edited\n")  # no longer what was made from u1
    made.clear()
    memo: dict[str, tuple[str, str]] = {}
    report = write_outputs([("a.md", page("s1", "never made\n")),
                            ("b.md", page("t2", "bee two\n")),
                            ("c.md", page("u1", "sea\n"))], pages, memo,
                           sibling=Sibling(docs, docs_memo))
    assert made == ["t2", "u1"]  # a.md copied; b.md's signature changed; c.md was edited
    assert (pages / "a.md").read_text() == "one\n" and (pages / "c.md").read_text() == "sea\n"
    assert sorted(report.written) == ["a.md", "b.md", "c.md"]
    assert memo["a.md"] == docs_memo["a.md"]  # remembered here as if made here
    made.clear()
    write_outputs([("a.md", page("s1", "never made\n"))], pages, memo)
    assert made == []


def _reference_check(path: str) -> str | None:
    """check_relative as written before its shortcut: PurePosixPath on every path."""
    from pathlib import PurePosixPath

    pure = PurePosixPath(path)
    if pure.is_absolute() or ".." in pure.parts or "\\" in path or not pure.parts \
            or any(part.startswith(".") for part in pure.parts):
        return None
    return pure.as_posix()


@given(st.text(alphabet="ab./\\ ", max_size=12))
def test_check_relative_agrees_with_pure_path_on_any_path(path):
    try:
        checked = check_relative(path)
    except UnsafePath:
        checked = None
    assert checked == _reference_check(path)


def _hashed_files(monkeypatch) -> list[str]:
    """The sizes of what the writer hashes (new texts and files it reads), in order."""
    import generator.write as write_module

    read: list[str] = []
    real = write_module.sha256

    def counting(data: bytes) -> str:
        read.append(len(data))
        return real(data)

    monkeypatch.setattr(write_module, "sha256", counting)
    return read


def _age(path, seconds: int = 60) -> None:
    import os
    import time

    past = time.time() - seconds
    os.utime(path, (past, past))


def test_a_file_whose_stat_did_not_change_is_not_read_again(tmp_path, monkeypatch):
    stats: dict = {}
    write_outputs({"a.md": "one\n"}, tmp_path, stats=stats)
    _age(tmp_path / "a.md")
    write_outputs({"a.md": "one\n"}, tmp_path, stats=stats)  # hashed once, remembered
    assert set(stats) == {"a.md"}
    hashed = _hashed_files(monkeypatch)
    report = write_outputs({"a.md": "one\n"}, tmp_path, stats=stats)
    assert report.unchanged == 1 and hashed == [len("one\n")]  # the new text only, not the file


def test_a_file_edited_by_hand_is_read_again_even_at_the_same_size(tmp_path):
    stats: dict = {}
    write_outputs({"a.md": "one\n"}, tmp_path, stats=stats)
    _age(tmp_path / "a.md")
    write_outputs({"a.md": "one\n"}, tmp_path, stats=stats)
    (tmp_path / "a.md").write_text("two\n", encoding="utf-8")  # same size, new mtime
    report = write_outputs({"a.md": "one\n"}, tmp_path, stats=stats)
    assert report.written == ["a.md"] and (tmp_path / "a.md").read_text() == "one\n"


def test_a_file_hashed_right_after_it_was_written_is_not_remembered(tmp_path):
    """An edit in the same clock tick as the write would keep size and mtime: such a file is
    hashed again next time (git's racy-clean rule)."""
    import os

    stats: dict = {}
    write_outputs({"a.md": "one\n"}, tmp_path, stats=stats)
    write_outputs({"a.md": "one\n"}, tmp_path, stats=stats)  # just written: racy
    assert stats == {}
    mtime = (tmp_path / "a.md").stat().st_mtime_ns
    with open(tmp_path / "a.md", "r+b") as handle:  # same inode, size and mtime
        handle.write(b"two\n")
    os.utime(tmp_path / "a.md", ns=(mtime, mtime))
    report = write_outputs({"a.md": "one\n"}, tmp_path, stats=stats)
    assert report.written == ["a.md"]


def test_a_file_staged_long_before_its_move_is_not_read_back(tmp_path, monkeypatch):
    """A file staged more than RACY_NS before it was moved into place and unchanged by the
    move keeps its stat: the next run does not read it again, yet an edit after the move
    (a newer mtime) is seen."""
    import os

    monkeypatch.setattr(write_module, "RACY_NS", 0)  # every staged file is old enough
    stats: dict = {}
    write_outputs({"a.md": "one\n", "b.md": "bee\n"}, tmp_path, stats=stats)
    assert set(stats) == {"a.md", "b.md"}
    hashed = _hashed_files(monkeypatch)
    report = write_outputs({"a.md": "one\n", "b.md": "bee\n"}, tmp_path, stats=stats)
    assert report.unchanged == 2 and sorted(hashed) == [4, 4]  # the new texts only
    mtime = (tmp_path / "b.md").stat().st_mtime_ns
    (tmp_path / "b.md").write_text("BEE\n", encoding="utf-8")  # same size, later mtime
    os.utime(tmp_path / "b.md", ns=(mtime + 10**9, mtime + 10**9))
    report = write_outputs({"a.md": "one\n", "b.md": "bee\n"}, tmp_path, stats=stats)
    assert report.written == ["b.md"] and (tmp_path / "b.md").read_text() == "bee\n"


def test_a_file_changed_between_staging_and_the_record_is_not_remembered(tmp_path, monkeypatch):
    """The stat recorded after a move must be the staged file's own: a file edited once in
    place (here: right after the journal moved it) is read again next time."""
    monkeypatch.setattr(write_module, "RACY_NS", 0)
    moved = write_module._apply_journal

    def move_then_edit(out_dir):
        removed = moved(out_dir)
        (out_dir / "a.md").write_text("edited by hand, longer\n", encoding="utf-8")
        return removed

    monkeypatch.setattr(write_module, "_apply_journal", move_then_edit)
    stats: dict = {}
    write_outputs({"a.md": "one\n"}, tmp_path, stats=stats)
    assert stats == {}


def test_a_file_given_with_its_hash_is_written_and_listed_under_that_hash(tmp_path):
    """render.signatures.Encoded: bytes hashed by their maker (digest.json) are not hashed
    again; the manifest lists the given hash."""
    import hashlib

    from generator.render.signatures import Encoded

    data = b'{"a": 1}\n'
    report = write_outputs([("d.json", Encoded(data, hashlib.sha256(data).hexdigest()))],
                           tmp_path)
    assert report.written == ["d.json"] and (tmp_path / "d.json").read_bytes() == data
    assert read_manifest(tmp_path)["d.json"] == hashlib.sha256(data).hexdigest()
    again = write_outputs([("d.json", Encoded(data, hashlib.sha256(data).hexdigest()))],
                          tmp_path)
    assert again.written == [] and again.unchanged == 1


@given(st.dictionaries(st.text(alphabet="ab./\\\"\n é\u2028{},:", max_size=10),
                       st.text(alphabet="0af\"\\", max_size=6), max_size=6))
def test_the_manifest_is_written_as_json_dumps_with_indent_0_writes_it(files):
    """manifest_bytes (json's C encoder) gives the bytes of the indented dump it replaced,
    which read_manifest and earlier manifests rely on."""
    expected = json.dumps({"version": 1, "files": files}, indent=0, sort_keys=True)
    assert manifest_bytes(files) == expected.encode("utf-8")
    assert json.loads(manifest_bytes(files)) == {"version": 1, "files": files}
