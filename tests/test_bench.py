"""The bench's corpus replication: deterministic, edited copies, a sidecar for every seed."""

import random
from pathlib import Path

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


def test_remove_article_undoes_add_article_byte_for_byte(tmp_path):
    from bench.corpus import add_article, remove_article

    write_seeds(tmp_path, CORPUS, copies=1)
    sidecar = (tmp_path / "sources.yml").read_bytes()
    first = add_article(tmp_path, CORPUS, name="extra/a.txt")
    add_article(tmp_path, CORPUS, name="extra/b.txt")
    remove_article(tmp_path, first)
    assert not (tmp_path / first).exists() and (tmp_path / "extra/b.txt").is_file()
    assert set(yaml.safe_load((tmp_path / "sources.yml").read_text())) == \
        {"sport/001.txt", "tech/002.txt", "extra/b.txt"}
    remove_article(tmp_path, "extra/b.txt")
    assert (tmp_path / "sources.yml").read_bytes() == sidecar


def test_each_warm_run_adds_a_seed_of_its_own_text(tmp_path):
    from bench.__main__ import WARM_RUNS, new_seed
    from bench.corpus import add_article

    names = [new_seed(run) for run in range(WARM_RUNS)]
    assert len(set(names)) == WARM_RUNS
    texts = {(tmp_path / add_article(tmp_path, CORPUS * 3, name=name)).read_bytes()
             for name in names}
    assert len(texts) == WARM_RUNS  # a new content hash each run: no analysis cache hit


def run_row(total: float, cpu: float, **stages: float) -> dict:
    return {"total_s": total, "cpu_s": cpu, "stages": stages, "peak_rss_mb": 100 + total,
            "files_written": int(total * 10), "written": ["x.md"]}


def test_a_median_row_gives_median_min_and_max_and_the_median_runs_other_fields():
    from bench.__main__ import median_row

    runs = [run_row(3.0, 1.3, link=0.5), run_row(1.0, 0.9, link=0.9, render=0.2),
            run_row(2.0, 2.1, link=0.1), run_row(5.0, 1.1, link=0.3), run_row(4.0, 1.0)]
    row = median_row(runs, "600", "warm (+1 seed)")
    assert (row["total_s"], row["total_s_min"], row["total_s_max"]) == (3.0, 1.0, 5.0)
    assert (row["cpu_s"], row["cpu_s_min"], row["cpu_s_max"]) == (1.1, 0.9, 2.1)
    assert row["stages"] == {"link": 0.3, "render": 0.0}  # each stage's own median
    assert row["files_written"] == 30  # from the run of median wall time
    assert row["peak_rss_mb"] == 105.0
    assert row["runs"] == 5 and [r["total_s"] for r in row["each"]] == [3.0, 1.0, 2.0, 5.0, 4.0]
    assert all("written" not in r for r in row["each"]) and "written" in runs[0]
    even = median_row(runs[:4], "600", "warm (+1 seed)")
    assert even["total_s"] == 2.5 and even["files_written"] == 20  # the lower middle run


def seed_names(seeds: Path) -> set[str]:
    return {p.relative_to(seeds).as_posix() for p in seeds.rglob("*.txt")}


def seeded_archive(tmp_path: Path) -> tuple[Path, set[str]]:
    """The bench corpus written as seeds once, and the names of its seeds."""
    seeds = tmp_path / "seeds"
    write_seeds(seeds, CORPUS, copies=1)
    return seeds, seed_names(seeds)


def test_warm_runs_toggle_a_new_seed_so_each_run_is_one_change_of_the_same_archive(
        tmp_path, monkeypatch):
    import bench.__main__ as bench_main

    seeds, archive = seeded_archive(tmp_path)
    seen: list[set[str]] = []

    def fake_generator(project, profile=None):
        seen.append(seed_names(seeds))
        return {**run_row(float(len(seen)), 1.0), "articles": len(seen[-1])}

    monkeypatch.setattr(bench_main, "run_generator", fake_generator)
    plus, minus = bench_main.warm_rows(tmp_path, CORPUS, "600", 3, profile=False)
    assert [len(s - archive) for s in seen] == [1, 0, 1, 0, 1]
    assert all(s >= archive for s in seen)
    assert len({frozenset(s - archive) for s in seen[::2]}) == 3  # a new seed each time
    assert (plus["mode"], plus["runs"], minus["mode"], minus["runs"]) == \
        ("warm (+1 seed)", 3, "warm (-1 seed)", 2)
    assert plus["total_s"] == 3.0  # runs 1, 3, 5 of the sequence


def test_the_whole_command_row_times_newsdigest_generate_on_one_new_seed_each_run(
        tmp_path, monkeypatch):
    import bench.__main__ as bench_main

    seeds, archive = seeded_archive(tmp_path)
    timed: list[set[str]] = []
    restores: list[set[str]] = []
    events: list[str] = []
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")  # as on this machine

    def fake_process(args, cwd, env=None):
        # the root as the worker gives it: the same run state key as the runs around it
        assert args[1:] == ["-m", "generator", "--root", str(tmp_path), "generate", "--quiet"]
        assert cwd == tmp_path
        # a maintainer's environment: bytecode used and written; the checkout on the path
        assert env is not None and "PYTHONDONTWRITEBYTECODE" not in env
        assert env["PYTHONPATH"] == str(bench_main.REPO)
        events.append("timed")
        timed.append(seed_names(seeds))
        return (float(len(timed)), 10.0 - len(timed), 50.0, 0)

    def fake_generator(project, profile=None):
        events.append("restore")
        restores.append(seed_names(seeds))
        return {}

    def fake_compile(package=bench_main.COMMAND_PACKAGE):
        events.append(f"compile {package}")

    monkeypatch.setattr(bench_main, "run_process", fake_process)
    monkeypatch.setattr(bench_main, "run_generator", fake_generator)
    monkeypatch.setattr(bench_main, "compile_package", fake_compile)
    row = bench_main.command_row(tmp_path, CORPUS, "600", 3)
    # the generator compiled once, before the first timed run
    assert events == [f"compile {bench_main.REPO / 'generator'}"] + ["timed", "restore"] * 3
    assert [len(s - archive) for s in timed] == [1, 1, 1]  # one new seed each timed run
    assert len({frozenset(s - archive) for s in timed}) == 3  # a different one each time
    assert all(s == archive for s in restores) and len(restores) == 3  # removed again
    warm_seeds = {bench_main.new_seed(run) for run in range(bench_main.WARM_RUNS + 1)}
    assert not warm_seeds & set().union(*timed)  # never a warm run's seed (cached analysis)
    assert (row["mode"], row["runs"]) == (bench_main.WHOLE_COMMAND, 3)
    assert (row["total_s"], row["total_s_min"], row["total_s_max"]) == (2.0, 1.0, 3.0)
    assert (row["cpu_s"], row["cpu_s_min"], row["cpu_s_max"]) == (8.0, 7.0, 9.0)


def test_the_table_gives_the_whole_command_and_serve_rows_as_medians_with_their_spread():
    from bench.__main__ import WHOLE_COMMAND, table

    rows = [{"project": "600", "mode": WHOLE_COMMAND, "articles": 602, "runs": 3,
             "total_s": 2.5, "total_s_min": 2.25, "total_s_max": 3.75,
             "cpu_s": 2.0, "cpu_s_min": 1.5, "cpu_s_max": 2.25},
            {"project": "600", "mode": "warm (+1 seed)", "articles": 601, "runs": 5,
             "total_s": 1.0, "total_s_min": 0.9, "total_s_max": 1.2, "stages": {}},
            {"project": "600", "mode": "serve --dirty", "runs": 3, "new_seed_served_s": 2.5,
             "new_seed_served_s_min": 1.5, "new_seed_served_s_max": 3.5, "rebuilds": 1,
             "search_complete": True}]
    lines = table(rows).splitlines()
    whole = next(line for line in lines if "whole command" in line)
    assert "at 602" in whole and "median 2.50 s (2.25-3.75, 3 runs)" in whole
    assert "CPU median 2.00 s (1.50-2.25, 3 runs)" in whole
    dirty = next(line for line in lines if line.startswith("mkdocs serve --dirty"))
    assert "median 2.5 s (1.5-3.5, 3 runs)" in dirty and "1 rebuild(s) at most" in dirty


def test_only_the_whole_command_runs_without_pythondontwritebytecode(monkeypatch):
    from bench.__main__ import REPO, child_env

    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    assert child_env()["PYTHONDONTWRITEBYTECODE"] == "1"  # the other rows: as before
    assert "PYTHONDONTWRITEBYTECODE" not in child_env(bytecode=True)
    assert child_env(bytecode=True)["PYTHONPATH"] == child_env()["PYTHONPATH"] == str(REPO)


def test_the_package_is_compiled_where_the_command_imports_it_even_with_bytecode_off(
        tmp_path, monkeypatch):
    import importlib.util
    import subprocess
    import sys

    from bench.__main__ import COMMAND_PACKAGE, child_env, compile_package

    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    for name in ("__init__.py", "a.py", "sub/__init__.py", "sub/b.py"):
        (package / name).write_text("X = 1\n", encoding="utf-8")
    monkeypatch.setattr(sys, "dont_write_bytecode", True)  # PYTHONDONTWRITEBYTECODE=1
    compile_package(package)
    for source in package.rglob("*.py"):
        assert Path(importlib.util.cache_from_source(str(source))).is_file(), source
    # the package compiled is the one `python -m generator` imports in the row's environment
    child = subprocess.run(
        [sys.executable, "-c",
         "import sys, generator; print(generator.__file__); print(sys.dont_write_bytecode)"],
        cwd=tmp_path, env=child_env(bytecode=True), capture_output=True, text=True, check=True)
    imported, dont_write = child.stdout.split()
    assert Path(imported).parent == COMMAND_PACKAGE and dont_write == "False"
