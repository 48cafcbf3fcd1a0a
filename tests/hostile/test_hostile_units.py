"""Hostile input, stage by stage: limits, linear-time patterns, YAML traps, write recovery."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from generator.clean import MAX_PARAGRAPH_CHARS, clean
from generator.ingest import read_seeds
from generator.ingest.decode import ReadError, decode
from generator.ingest.frontmatter import normalise_fields, split_front_matter
from generator.ingest.readers import markdown_to_text
from generator.models import RawDocument
from generator.text import words
from generator.write import JOURNAL, MANIFEST, STAGING, read_manifest, recover, write_outputs


def test_oversized_seed_is_refused_without_being_read(tmp_path, monkeypatch):
    with open(tmp_path / "huge.txt", "wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: instant, takes no disk space
    (tmp_path / "small.txt").write_text("A small article about the council.\n")
    reads = []
    real_fdopen = os.fdopen

    def watching_fdopen(fd, *args, **kwargs):
        handle = real_fdopen(fd, *args, **kwargs)
        real_read = handle.read
        handle.read = lambda size=-1: reads.append((os.fstat(fd).st_size, size)) or \
            real_read(size)
        return handle

    monkeypatch.setattr(os, "fdopen", watching_fdopen)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail(f"read_bytes({self})"))
    result = read_seeds(tmp_path, max_bytes=10 * 1024 * 1024)
    assert [d.seed for d in result.documents] == ["small.txt"]
    assert [p.line() for p in result.problems] == [
        "skipped: seeds/huge.txt: file is 50.0 MB, over the 10 MB limit (max_file_mb in "
        "digest.yml)"]
    small = (tmp_path / "small.txt").stat().st_size
    assert reads == [(small, 10 * 1024 * 1024 + 1)]  # the big file was never read at all


def test_named_pipe_is_refused_without_blocking(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")  # a plain open() for reading would wait for a writer
    result = read_seeds(tmp_path)
    assert [p.line() for p in result.problems] == ["skipped: seeds/pipe.txt: not a regular file"]


# Each would take minutes with a pattern that rescans the rest of the line from every
# position (as the Markdown reducer's emphasis, link and image patterns did).
ADVERSARIAL_LINES = {
    "stars": "*a " * 100_000,
    "star run": "*" * 300_000 + " end",
    "open brackets": "[" * 300_000 + " end",
    "images": "![a " * 75_000,
    "link targets": "[a](" * 75_000,
    "heading spaces": "# " + " " * 300_000 + "end",
    "underscores": "_a " * 100_000,
    "backticks": "`a " * 100_000,
    "unclosed comments": "<!-- a " * 50_000,
}


@pytest.mark.parametrize("name", sorted(ADVERSARIAL_LINES))
def test_markdown_reduction_of_adversarial_lines_keeps_the_words(name):
    line = ADVERSARIAL_LINES[name]
    assert words(markdown_to_text(line)) == words(line)


def test_one_megabyte_paragraph_is_cut_at_sentence_ends_without_losing_words():
    text = ("U.S. officials said. Mr. A. B. met them " * 25_000).strip()
    doc = clean(RawDocument("x.txt", "txt", text, {}, "h", None, False))
    assert len(doc.blocks) > 100
    assert all(len(b.text) <= MAX_PARAGRAPH_CHARS and b.kind == "p" for b in doc.blocks)
    assert all(b.text.endswith(".") for b in doc.blocks[:-1])
    assert words(" ".join(b.text for b in doc.blocks)) == words(text)


def test_a_long_byline_like_paragraph_is_story_text_not_a_credit():
    text = "By " + "Ann Lee, " * 100 + "and others who wrote this."
    doc = clean(RawDocument("x.txt", "txt", text, {}, "h", None, False))
    assert doc.credits == [] and words(doc.blocks[0].text) == words(text)


@pytest.mark.parametrize("front, reason", [
    ("title: !!python/object:os.system x", "tags"),
    ("title: !custom x", "tags"),
    ("a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 30)) + "  " * 30 + "v: 1",
     "nested too deeply"),
    ("title: " + "[" * 50 + "]" * 50, "nested too deeply"),
    ("n: " + "9" * 5000, "malformed front matter"),  # int() refuses 5000 digits
])
def test_yaml_traps_are_refused_with_a_reason(front, reason):
    with pytest.raises(ReadError, match=reason):
        split_front_matter(f"---\n{front}\n---\nbody\n")


def test_yaml_dates_stay_text_until_validated():
    meta, _ = split_front_matter("---\ndate: 2025-02-30\nupdated: 2025-10-16\n---\nbody\n")
    assert meta == {"date": "2025-02-30", "updated": "2025-10-16"}
    fields, warnings = normalise_fields(meta)
    assert "date" not in fields and warnings == ["field 'date' ignored: '2025-02-30' is not a date"]


def test_field_names_and_values_cannot_break_a_message_line():
    fields, warnings = normalise_fields({"bad\nkey": [{"x": 1}], "title": "two\n\nlines\t here",
                                         "id": "../../x", "language": "en\" x"})
    assert fields == {"title": "two lines here", "id": "x"}
    assert warnings == ["field 'bad\\nkey' ignored: expected a single value",
                        "field 'language' ignored: 'en\" x' is not a language tag"]


PADDING = " and a sentence of ordinary words to go with them."  # a few controls in text


@pytest.mark.parametrize("data, text", [
    (b"one\x0btwo\x0cthree\x1ffour", "one\ntwo\nthree\nfour"),  # separators stay separators
    (b"one\x01two\x7fthree", "one two three"),  # other controls become spaces, not glue
    ("AT&amp;T and 東京，２０２５".encode(), "AT&amp;T and 東京，２０２５"),  # kept as written
])
def test_decoding_keeps_word_boundaries_and_text_as_written(data, text):
    assert decode(data + PADDING.encode()) == text + PADDING


def test_text_made_of_control_characters_is_binary():
    with pytest.raises(ReadError, match="binary"):
        decode(bytes(range(1, 32)) * 10)


def test_unreadable_journal_does_not_stop_every_later_run(tmp_path):
    write_outputs({"a.md": "v1"}, tmp_path)
    (tmp_path / JOURNAL).write_text('{"moves": ["../../etc/passwd"], "remove": []')
    (tmp_path / f"{MANIFEST}.tmp").write_text("half a manifest")
    (tmp_path / STAGING).mkdir()
    recover(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [MANIFEST, "a.md"]
    report = write_outputs({"a.md": "v2"}, tmp_path)
    assert report.written == ["a.md"] and (tmp_path / "a.md").read_text() == "v2"
    assert list(read_manifest(tmp_path)) == ["a.md"]


def test_journal_with_unsafe_paths_moves_and_deletes_nothing_outside(tmp_path):
    docs = tmp_path / "docs"
    write_outputs({"a.md": "v1"}, docs)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    (docs / JOURNAL).write_text(json.dumps({"moves": [], "remove": ["../victim.txt"],
                                            "previous": {}, "manifest": {}}))
    recover(docs)
    assert victim.read_text() == "keep me" and not (docs / JOURNAL).exists()


def test_bad_configuration_is_one_line_not_a_traceback(tmp_path, capsys):
    from generator.cli import main

    (tmp_path / "digest.yml").write_text("seeds: [unclosed\n")
    assert main(["--root", str(tmp_path), "generate"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("newsdigest: error:") and err.count("\n") == 1
