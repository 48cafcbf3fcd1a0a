"""The bench's corpus replication: deterministic, edited copies, a sidecar for every seed."""

import random

import yaml

from bench.__main__ import main, written_kinds
from bench.corpus import CorpusFile, swap_words, write_seeds

CORPUS = [CorpusFile("sport", "001.txt", b"Headline one\n\nA b c d e f g h i j k l m n o p.\n"),
          CorpusFile("tech", "002.txt", "Caf\xe9 headline\n\nLatin one text here now ok.\n"
                     .encode("latin-1"))]


def test_swaps_change_the_body_not_the_headline_and_are_repeatable():
    text = "Headline stays\n" + " ".join(f"w{i}" for i in range(50))
    first = swap_words(text, random.Random(1))
    assert first == swap_words(text, random.Random(1))
    assert first != text and first.splitlines()[0] == "Headline stays"
    assert sorted(first.split()) == sorted(text.split())  # words moved, none lost


def test_copies_get_their_own_folder_date_outlet_and_the_latin1_file_is_kept(tmp_path):
    assert write_seeds(tmp_path, CORPUS, copies=3) == 6
    sidecar = yaml.safe_load((tmp_path / "sources.yml").read_text(encoding="utf-8"))
    assert set(sidecar) == {"sport/001.txt", "tech/002.txt", "copy01/sport/001.txt",
                            "copy01/tech/002.txt", "copy02/sport/001.txt", "copy02/tech/002.txt"}
    assert sidecar["sport/001.txt"]["source"] == "BBC News"
    assert sidecar["copy02/tech/002.txt"]["source"] == "Wire 02"
    assert (tmp_path / "tech/002.txt").read_bytes() == CORPUS[1].data
    copy = (tmp_path / "copy01/tech/002.txt").read_text(encoding="utf-8")
    assert copy.startswith("Café headline")


def test_missing_corpus_is_skipped_with_a_message(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("NEWSDIGEST_CORPORA", str(tmp_path))
    assert main(["--quick", "--output", str(tmp_path / "r.json")]) == 0
    assert "skipped: corpus not found" in capsys.readouterr().out


def test_written_files_are_counted_by_kind():
    kinds = written_kinds(["index.md", "articles/2005/03/x.md", "articles/2005/03/index.md",
                           "entities/a.md", "entities/b.md"])
    assert kinds == {"articles": 1, "articles (month/index)": 1, "entities": 2, "index.md": 1}


def test_the_worker_reports_the_size_of_the_state_it_left(seeded_project, tmp_path):
    import json

    from bench import worker
    from generator.cache import RunState
    from generator.config import load_settings

    out = tmp_path / "run.json"
    assert worker.main([str(seeded_project.path), str(out)]) == 0
    state = RunState.path(load_settings(seeded_project.path))
    files = [state, *state.parent.glob(f"{state.stem}.*.seg")]  # the manifest and segments
    assert json.loads(out.read_text())["state_mb"] == sum(f.stat().st_size for f in files) / 1e6
