import os

import pytest

from generator.ingest import _suffix, read_seeds
from generator.ingest import sidecar as sidecar_module
from generator.ingest.readers import markdown_to_text, read_html, read_markdown, read_txt


def test_txt_reader_keeps_lines_and_front_matter():
    out = read_txt(b"---\nsource: Reuters\n---\nFirst line.\nSecond line.\n")
    assert out.declared == {"source": "Reuters"}
    assert out.text == "First line.\nSecond line.\n"
    assert not out.heading_marks


def test_markdown_reader_keeps_headings_and_strips_markup():
    out = read_markdown(b"# Big day\n\nA **bold** [link](http://x) and <b>tag</b>.\n\n"
                        b"## Later\n\n- item one\n- item two\n")
    assert out.heading_marks
    assert out.text.split("\n\n") == ["# Big day", "A bold link and tag.", "# Later",
                                      "item one", "item two"]


def test_markdown_setext_heading_and_code_fence():
    text = markdown_to_text("Title here\n==========\n\n```\ncode line\n```\n")
    assert text.split("\n\n") == ["# Title here", "code line"]


def test_html_reader_extracts_text_and_metadata():
    page = b"""<html lang="en"><head><title>Big news | Example Times</title>
    <meta property="og:site_name" content="Example Times">
    <meta name="author" content="Jane Doe">
    <meta property="article:published_time" content="2025-10-16T10:00:00Z"></head>
    <body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
    <article><h1>Big news today</h1>
    <p>First paragraph of the article with enough words to be kept by the extractor.</p>
    <h2>A section</h2>
    <p>Second paragraph, also long enough to be kept by the extraction heuristics.</p>
    </article><footer>Copyright Example Times</footer></body></html>"""
    out = read_html(page)
    assert out.declared["title"] == "Big news today"
    assert out.declared["source"] == "Example Times"
    assert out.declared["authors"] == ["Jane Doe"]
    assert out.declared["date"] == "2025-10-16"
    blocks = out.text.split("\n\n")
    assert blocks[0].startswith("First paragraph")
    assert "# A section" in blocks
    assert "Home" not in out.text


def test_read_seeds_reports_bad_files_and_reads_the_rest(tmp_path):
    (tmp_path / "good.txt").write_text("A fine article about things.\n")
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "nested.md").write_text("# Nested\n\nBody text here.\n")
    result = read_seeds(tmp_path)
    assert [d.seed for d in result.documents] == ["good.txt", "sub/nested.md"]
    reasons = {p.seed: p.reason for p in result.problems}
    assert reasons.keys() == {"empty.txt", "picture.txt", "notes.pdf"}
    assert "empty" in reasons["empty.txt"]
    assert "binary" in reasons["picture.txt"]
    assert "unsupported" in reasons["notes.pdf"]


def test_sidecar_overrides_front_matter(tmp_path):
    (tmp_path / "a.txt").write_text("---\nsource: Wrong\n---\nText.\n")
    (tmp_path / "sources.yml").write_text("a.txt:\n  source: Right\n  date: 2025-10-16\n")
    doc = read_seeds(tmp_path).documents[0]
    assert doc.declared == {"source": "Right", "date": "2025-10-16"}


def test_symlink_out_of_seeds_is_refused(tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("secret")
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    os.symlink(outside, seeds / "link.txt")
    result = read_seeds(seeds)
    assert result.documents == []
    assert "outside seeds" in result.problems[0].reason


def test_links_inside_seeds_are_read_and_warm_reads_follow_the_link(tmp_path):
    # The listing says which files are links (no lstat per file): a link that stays inside
    # seeds/ is read like its target, and a warm read sees a change made through it.
    seeds = tmp_path / "seeds"
    (seeds / "real").mkdir(parents=True)
    (seeds / "real" / "a.txt").write_text("First text.\n")
    os.symlink(seeds / "real" / "a.txt", seeds / "link.txt")
    memo: dict = {}
    first = {d.seed: d.text for d in read_seeds(seeds, memo=memo).documents}
    assert first == {"link.txt": "First text.\n", "real/a.txt": "First text.\n"}
    (seeds / "real" / "a.txt").write_text("Second, longer text.\n")
    again = {d.seed: d.text for d in read_seeds(seeds, memo=memo).documents}
    assert again == {"link.txt": "Second, longer text.\n", "real/a.txt": "Second, longer text.\n"}


@pytest.mark.parametrize("name", ["a.txt", "a.b.MD", "a.", ".txt", "..txt", "a..txt", "noext",
                                  "a b.html", "x.tar.gz", "."])
def test_a_seed_suffix_is_the_one_path_gives(name):
    from pathlib import PurePosixPath
    assert _suffix(name) == PurePosixPath(name).suffix


def test_oversized_file_is_refused(tmp_path):
    (tmp_path / "big.txt").write_bytes(b"word " * 3000)
    result = read_seeds(tmp_path, max_bytes=10_000)
    assert "over the" in result.problems[0].reason


APPENDED_CASES = [  # (the remembered sidecar, what is appended)
    ("a.txt:\n  date: 2024-01-02\n", "b.txt:\n  source: Wire\n"),
    ("a.txt:\n  tags: [x, y]\n", "a.txt:\n  source: Again\n"),  # a key given again
    ("# comment\na.txt:\n  title: foo\n", "bar: {source: x}\n"),
    ("a.txt:\n  title: foo\n", "bar\n"),  # not a key: the whole file's error
    ("{a.txt: {title: x}}\n", "b.txt:\n  title: y\n"),  # flow mapping: whole file fails
    ("a.txt:\n  title: x\n...\n", "b.txt:\n  title: y\n"),  # document end marker
    ("a.txt:\n  title: x\n", "b.txt:\n  title: y\n---\nc: 1\n"),
    ("a.txt:\n  title: |\n    block\n", "b.txt:\n  title: y\n"),
    ("a.txt:\n  title: x\n", "b.txt:\n  title: &x y\n"),  # anchors refused
    ("a.txt:\n  title: x\n", "b.txt: 3\n"),  # an entry that is not a mapping
    ("a.txt:\n  title: x\n", "  more: 1\n"),  # indented: not an appended key
    ("a.txt:\n  title: x", "\nb.txt:\n  title: y\n"),  # no line break before the append
    ("a.txt:\n  title: x\n", "b.txt:\n  title: caf\u00e9\n"),  # not ASCII
]


@pytest.mark.parametrize(("old", "added"), APPENDED_CASES)
def test_an_appended_sidecar_reads_as_a_fresh_parse_of_the_whole_file(tmp_path, old, added):
    from generator.ingest.decode import ReadError
    from generator.ingest.sidecar import read_sidecar

    def outcome(memo):
        try:
            return read_sidecar(path, memo)
        except ReadError as error:
            return f"error: {error}"

    path = tmp_path / "sources.yml"
    path.write_text(old, encoding="utf-8")
    memo: dict = {}
    outcome(memo)
    path.write_text(old + added, encoding="utf-8")
    assert outcome(memo) == outcome(None)


def _recorded_parses(monkeypatch) -> list[str]:
    """The text of every YAML parse the sidecar reader makes from now on, in order."""
    parsed: list[str] = []
    real = sidecar_module.parse_yaml_mapping
    monkeypatch.setattr(sidecar_module, "parse_yaml_mapping",
                        lambda raw, what: parsed.append(raw) or real(raw, what))
    return parsed


def test_only_the_appended_part_of_a_sidecar_is_parsed(tmp_path, monkeypatch):
    parsed = _recorded_parses(monkeypatch)
    path, memo = tmp_path / "sources.yml", {}
    path.write_text("a.txt:\n  source: One\n", encoding="utf-8")
    sidecar_module.read_sidecar(path, memo)
    path.write_text("a.txt:\n  source: One\nb.txt:\n  source: Two\n", encoding="utf-8")
    assert sidecar_module.read_sidecar(path, memo) == {"a.txt": {"source": "One"},
                                                      "b.txt": {"source": "Two"}}
    assert parsed[1:] == ["b.txt:\n  source: Two\n"]


def test_seeds_are_read_in_name_order_leaving_out_hidden_ignored_and_linked_folders(tmp_path):
    seeds = tmp_path / "seeds"
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "far.txt").write_text("Far away\n\nNot a seed.\n", encoding="utf-8")
    # "a-b/..." < "a.txt" < "a/..." as names ('-' < '.' < '/'), not in the order a walk
    # lists folders and files
    for name in ("a/b.txt", "a.txt", "a-b/c.txt", "a/z/y.txt", "b.txt", ".hidden/x.txt",
                 "a/.secret.txt", "a/README.md", "a/sources.yml"):
        (seeds / name).parent.mkdir(parents=True, exist_ok=True)
        (seeds / name).write_text(f"Report {name}\n\nIt happened.\n", encoding="utf-8")
    os.symlink(outside, seeds / "a" / "linked")
    result = read_seeds(seeds)
    assert [d.seed for d in result.documents] == ["a-b/c.txt", "a.txt", "a/b.txt", "a/z/y.txt",
                                                  "b.txt"]
    assert [(p.seed, p.reason) for p in result.problems if p.fatal] == [
        ("a/linked", "symbolic link to a folder (not followed)")]


# Sidecar entries, plain and hostile, for the chunked read: each is whole lines at column 0 on.
SIDECAR_ENTRIES = [
    "a.txt:\n  title: One\n", "b.txt:\n  source: Wire\n  tags: [x, y]\n",
    "c/d.md:\n  date: 2024-01-02\n# a comment\n\n", "/a.txt:\n  title: Slash\n",
    "e.txt:\n  title: \"open\n", "f.txt:\n  title: shut\"\n", "g.txt: {title: [open,\n",
    "h.txt:\n  title: |\n    block\n", "1:\n  title: number\n", "true:\n  title: bool\n",
    "~:\n  title: null\n", "None:\n  title: text\n", "i.txt:\n  title: &x y\n",
    "j.txt:\n  title: !!str y\n", "<<: {k.txt: {title: merged}}\n", "---\n", "...\n",
    "l.txt: 3\n", "m.txt:\n  title: 'it''s\n", "n.txt:\n\ttitle: tab\n", "o.txt\n",
    "p.txt:\n- a\n- b\n", "q.txt:\n  title: caf\u00e9\n", "r.txt:\n  title: x\n  title: y\n",
    "s.txt: {title: \"a\nb.txt: c\"}\n", "a.txt:\n  source: Again\n", "1.0:\n  title: float\n",
]


def _sidecar_outcome(path, memo):
    from generator.ingest.decode import ReadError
    from generator.ingest.sidecar import read_sidecar
    try:
        return read_sidecar(path, memo)
    except ReadError as error:
        return f"error: {error}"


@pytest.mark.parametrize("seed", range(40))
def test_a_sidecar_edited_reordered_or_cut_reads_as_a_fresh_parse_of_the_whole_file(
        tmp_path, seed):
    import random
    rng = random.Random(seed)
    plain, hostile = SIDECAR_ENTRIES[:4], SIDECAR_ENTRIES[4:]
    entries = [f"s{n}.txt:\n  title: T{n}\n" for n in range(8)] + rng.sample(plain, 2)
    path, memo = tmp_path / "sources.yml", {}
    for _ in range(6):  # edit, reorder, remove, add (sometimes hostile), and read again
        move = rng.randrange(4)
        if move == 0 and entries:
            entries[rng.randrange(len(entries))] = f"s{rng.randrange(99)}.txt:\n  title: E\n"
        elif move == 1:
            rng.shuffle(entries)
        elif move == 2 and entries:
            entries.pop(rng.randrange(len(entries)))
        else:
            pool = hostile if rng.random() < 0.5 else plain
            entries.insert(rng.randrange(len(entries) + 1), rng.choice(pool))
        path.write_text("".join(entries), encoding="utf-8")
        assert _sidecar_outcome(path, memo) == _sidecar_outcome(path, None), "".join(entries)


def test_a_quote_left_open_across_a_key_at_column_0_takes_the_whole_parse(tmp_path):
    from generator.ingest.sidecar import _chunked_entries
    path, memo = tmp_path / "sources.yml", {}
    path.write_text("a.txt:\n  title: x\nb.txt:\n  title: y\n", encoding="utf-8")
    _sidecar_outcome(path, memo)
    path.write_text("b.txt:\n  title: y\n", encoding="utf-8")
    _sidecar_outcome(path, memo)  # a chunked read: the memo now knows the chunks
    planted = 'a.txt:\n  title: "x\nb.txt:\n  title: y\n  more: z"\n'
    assert _chunked_entries(path, planted.encode(), {}) is None
    path.write_text(planted, encoding="utf-8")
    assert _sidecar_outcome(path, memo) == {"a.txt": {"title": "x b.txt: title: y more: z"}}


def test_a_sidecar_edited_mid_file_has_only_its_changed_entries_parsed(tmp_path, monkeypatch):
    parsed = _recorded_parses(monkeypatch)
    path, memo = tmp_path / "sources.yml", {}
    entries = [f"s{n}.txt:\n  source: W{n}\n" for n in range(5)]
    path.write_text("".join(entries), encoding="utf-8")
    sidecar_module.read_sidecar(path, memo)
    path.write_text("".join(entries[:2] + entries[3:]), encoding="utf-8")  # one removed
    sidecar_module.read_sidecar(path, memo)
    del parsed[:]
    path.write_text("".join(entries[:1] + entries[3:]), encoding="utf-8")
    assert sidecar_module.read_sidecar(path, memo) == {
        "s0.txt": {"source": "W0"}, "s3.txt": {"source": "W3"}, "s4.txt": {"source": "W4"}}
    assert parsed == []
    path.write_text("".join(entries[:1] + ["s3.txt:\n  source: New\n"] + entries[4:]),
                    encoding="utf-8")
    assert sidecar_module.read_sidecar(path, memo)["s3.txt"] == {"source": "New"}
    assert parsed == ["s3.txt:\n  source: New\n"]


@pytest.mark.parametrize("text", [
    "1:\n  title: number\ntrue:\n  title: bool\n",  # equal once loaded, not as text
    "0:\n  title: zero\nfalse:\n  title: no\n1.0:\n  title: float\n",
    "~:\n  title: null\nNone:\n  title: text\n", "a.txt:\n  title: x\na.txt:\n  title: y\n",
    "/a.txt:\n  title: x\na.txt:\n  title: y\n/a.txt:\n  title: z\n",
    "# head\n\na.txt:\n  title: x\n<<: {b.txt: {title: m}}\n",
    "a.txt:\n  title: [x,\nb.txt: y]\n", "a.txt:\n  title: |\n    x\nb.txt:\n  title: y\n",
])
def test_a_sidecar_first_read_in_chunks_equals_a_whole_parse(tmp_path, text):
    path = tmp_path / "sources.yml"
    path.write_text(text, encoding="utf-8")
    assert _sidecar_outcome(path, {}) == _sidecar_outcome(path, None)


@pytest.mark.parametrize(("before", "after"), [
    ("a.txt:\n  title: x\n1:\n  title: number\n", "true:\n  title: bool\n"),
    ("a.txt:\n  title: x\n0:\n  title: zero\n", "0.0:\n  title: float\n"),
    ("a.txt:\n  title: x\n~:\n  title: null\n", "None:\n  title: text\n"),
])
def test_a_key_equal_to_a_known_one_once_loaded_takes_the_whole_parse(tmp_path, before, after):
    path, memo = tmp_path / "sources.yml", {}
    path.write_text(before, encoding="utf-8")
    _sidecar_outcome(path, memo)
    path.write_text(after + before, encoding="utf-8")  # inserted first: not an append
    assert _sidecar_outcome(path, memo) == _sidecar_outcome(path, None)
