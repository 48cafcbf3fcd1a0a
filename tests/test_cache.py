import os
import pickle
import random
import shutil
from pathlib import Path

import pytest

from generator import cache
from generator.cache import AnalysisCache, analyse_all, cache_key
from generator.clean import clean
from generator.config import Settings
from generator.ingest import read_seeds
from tests.conftest import SEEDS


def docs():
    return [clean(d) for d in read_seeds(SEEDS).documents]


def counting(monkeypatch):
    calls = []
    real = cache.analyse

    def analyse(doc, settings):
        calls.append(doc.seed)
        return real(doc, settings)

    monkeypatch.setattr(cache, "analyse", analyse)
    return calls


def test_second_run_comes_from_the_cache(tmp_path, monkeypatch):
    settings = Settings(cache=tmp_path)
    calls = counting(monkeypatch)
    first, _ = analyse_all(docs(), settings, workers=1)
    assert len(calls) == 2
    second, _ = analyse_all(docs(), settings, workers=1)
    assert len(calls) == 2
    assert [a.to_dict() for a in first] == [a.to_dict() for a in second]


def test_content_change_invalidates_only_that_article(tmp_path, monkeypatch):
    settings = Settings(cache=tmp_path)
    analyse_all(docs(), settings, workers=1)
    calls = counting(monkeypatch)
    changed = docs()
    changed[0].blocks[0] = type(changed[0].blocks[0])("p", "An edited first paragraph.")
    analyse_all(changed, settings, workers=1)
    assert calls == [changed[0].seed]


def test_analysis_code_change_invalidates_everything(tmp_path, monkeypatch):
    settings = Settings(cache=tmp_path)
    analyse_all(docs(), settings, workers=1)
    monkeypatch.setattr(cache, "code_fingerprint", lambda module: "another-version")
    calls = counting(monkeypatch)
    analyse_all(docs(), settings, workers=1)
    assert len(calls) == 2


def test_unreadable_cache_entry_is_recomputed(tmp_path):
    settings = Settings(cache=tmp_path)
    doc = docs()[0]
    key = cache_key(doc, settings, cache.code_fingerprint(cache.ANALYSIS_MODULE))
    store = AnalysisCache(tmp_path)
    store.path(key).parent.mkdir(parents=True)
    store.path(key).write_text("{not json")
    (article,), _ = analyse_all([doc], settings, workers=1)
    assert article.seed == doc.seed


def test_parallel_analysis_gives_the_same_result_in_order(tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "PARALLEL_MIN", 2)
    many = docs() * 3
    for i, doc in enumerate(many):
        many[i] = type(doc)(**{**vars(doc), "seed": f"{i}-{doc.seed}"})
    parallel, _ = analyse_all(many, Settings(cache=tmp_path / "p"), workers=2)
    serial, _ = analyse_all(many, Settings(cache=tmp_path / "s"), workers=1)
    assert [a.to_dict() for a in parallel] == [a.to_dict() for a in serial]


def test_an_article_that_breaks_the_analysis_is_reported_not_fatal(tmp_path, monkeypatch):
    def broken(doc, settings):
        if doc.seed.startswith("000"):
            raise ValueError("boom")
        return real(doc, settings)

    real = cache.analyse
    monkeypatch.setattr(cache, "analyse", broken)
    articles, problems = analyse_all(docs(), Settings(cache=tmp_path), workers=1)
    assert [a.seed[:3] for a in articles] == ["004"]
    assert problems[0].seed.startswith("000") and "could not be analysed" in problems[0].reason


@pytest.fixture
def package(tmp_path, monkeypatch):
    """A copy of the generator package for the fingerprint to read, so a test can edit it."""
    copy = tmp_path / "generator"
    shutil.copytree(cache.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "PACKAGE", copy)
    cache.code_fingerprint.cache_clear()
    yield copy
    monkeypatch.undo()
    cache.code_fingerprint.cache_clear()  # later tests fingerprint the real package again


def fingerprint_after(edit) -> str:
    edit()
    cache.code_fingerprint.cache_clear()
    return cache.code_fingerprint(cache.ANALYSIS_MODULE)


def append(path, text="\n# an edit\n"):
    return lambda: path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_analysis_fingerprint_covers_the_modules_analysis_imports_and_no_others(package):
    base = cache.code_fingerprint(cache.ANALYSIS_MODULE)
    for kept in ("render/pages.py", "render/frontmatter.py", "mkdocs_plugin.py", "write.py"):
        assert fingerprint_after(append(package / kept)) == base, kept
    changed = {base}
    # an analysis module, a module it imports indirectly (analyse -> ... -> text), a data file
    for edited in ("analyse/quotes.py", "text.py", "data/stopwords.txt"):
        changed.add(fingerprint_after(append(package / edited)))
    assert len(changed) == 4


def test_an_import_under_type_checking_is_not_followed(package):
    files = {p.relative_to(package).as_posix() for p in cache.imported_files("generator.analyse")}
    # models.py names the link and timeline stages for type checkers only
    assert "models.py" in files and "link/__init__.py" not in files
    (package / "analyse" / "extra.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import generator.write\n"
        "def late():\n    from generator.render import escape\n", encoding="utf-8")
    append(package / "analyse" / "__init__.py", "\nimport generator.analyse.extra\n")()
    files = {p.relative_to(package).as_posix() for p in cache.imported_files("generator.analyse")}
    assert {"analyse/extra.py", "render/escape.py", "render/__init__.py"} <= files
    assert "write.py" not in files


def test_a_render_change_keeps_the_analysis_cache(package, tmp_path, monkeypatch):
    settings = Settings(cache=tmp_path / "cache")
    analyse_all(docs(), settings, workers=1)
    append(package / "render" / "pages.py")()
    cache.code_fingerprint.cache_clear()
    calls = counting(monkeypatch)
    analyse_all(docs(), settings, workers=1)
    assert calls == []
    append(package / "analyse" / "quality.py")()
    cache.code_fingerprint.cache_clear()
    analyse_all(docs(), settings, workers=1)
    assert len(calls) == 2


def test_articles_from_the_cache_share_one_object_per_distinct_string(tmp_path):
    settings = Settings(cache=tmp_path)
    analyse_all(docs(), settings, workers=1)
    cold = [a.to_dict() for a in analyse_all(docs(), settings, workers=1)[0]]
    articles, _ = analyse_all(docs(), settings, workers=1, state=cache.RunState())
    assert [a.to_dict() for a in articles] == cold
    mentions = [m for a in articles for m in a.analysis.mentions]
    types = {m.type for m in mentions}
    assert len(mentions) > len(types) > 1
    assert len({id(m.type) for m in mentions}) == len(types)
    assert len({id(a.language) for a in articles}) == len({a.language for a in articles})


def test_share_strings_keeps_values_and_makes_equal_strings_one_object():
    first, second = "".join(["per", "son"]), "".join(["pers", "on"])
    assert first is not second
    value = {"a": [first, (second, 1)], "b": {first: second}}
    shared = cache.share_strings(value, {})
    assert shared == {"a": ["person", ("person", 1)], "b": {"person": "person"}}
    assert shared["a"][0] is shared["a"][1][0] is next(iter(shared["b"])) is shared["b"][first]


def state_file(project):
    from generator.config import load_settings
    return cache.RunState.path(load_settings(project.path))


def saved_as(path) -> tuple[int, int]:
    """The state file's inode and mtime: a save writes a new file and renames it over."""
    info = path.stat()
    return info.st_ino, info.st_mtime_ns


NEW_SEED = "Donald Trump spoke to Viktor Orban about Ukraine on Saturday.\n\nThe talks went on.\n"


def test_a_run_that_changes_nothing_does_not_save_the_state_again(seeded_project):
    from tests.test_pipeline import output_bytes
    seeded_project.generate()
    path = state_file(seeded_project)
    before, pages = saved_as(path), output_bytes(seeded_project.docs)
    report = seeded_project.generate().report
    assert not report.written and not report.removed
    assert saved_as(path) == before
    assert output_bytes(seeded_project.docs) == pages


def test_a_changed_seed_or_output_folder_saves_the_state(seeded_project):
    seeded_project.generate()
    path = state_file(seeded_project)
    steps = [
        lambda: seeded_project.add_seed("extra.txt", NEW_SEED),  # a new seed
        # the same bytes written again: a new stat signature for the read memo
        lambda: seeded_project.add_seed("extra.txt", NEW_SEED),
        # a generated page deleted: written again, though from the same signature
        lambda: next((seeded_project.docs / "articles").rglob("*.md")).unlink(),
        lambda: (seeded_project.seeds / "extra.txt").unlink(),  # a removed seed
    ]
    for number, step in enumerate(steps):
        before = saved_as(path)
        step()
        seeded_project.generate()
        assert (number, saved_as(path)) != (number, before)


def test_a_touched_seed_is_not_read_again_after_the_run_that_saw_it(seeded_project,
                                                                      monkeypatch):
    from generator import ingest
    seeded_project.generate()
    seed = next(p for p in sorted(seeded_project.seeds.iterdir()) if p.suffix == ".txt")
    info = seed.stat()
    seed.write_bytes(seed.read_bytes())  # same bytes and times, a new change time
    os.utime(seed, ns=(info.st_atime_ns, info.st_mtime_ns))
    seeded_project.generate()
    read = []
    real = ingest.READERS[".txt"]
    monkeypatch.setitem(ingest.READERS, ".txt", lambda data: read.append(data) or real(data))
    seeded_project.generate()
    assert read == []


def test_one_state_serves_the_project_root_however_it_is_written(seeded_project, tmp_path,
                                                                 monkeypatch):
    """The CLI in the project (root "."), an absolute root (bench, `--root`) and a symlink to the
    project are one folder: the warm runs find the first run's state and read no seed again."""
    from generator import ingest
    from generator.config import load_settings
    from generator.pipeline import generate
    from tests.test_pipeline import output_bytes
    monkeypatch.chdir(seeded_project.path)
    generate(load_settings(Path(".")))
    pages = output_bytes(seeded_project.docs)
    link = tmp_path.parent / f"{tmp_path.name}-link"
    link.symlink_to(seeded_project.path, target_is_directory=True)
    read = []
    for suffix, real in list(ingest.READERS.items()):
        monkeypatch.setitem(ingest.READERS, suffix,
                            lambda data, real=real: read.append(data) or real(data))
    analysed = counting(monkeypatch)
    try:
        for root in (seeded_project.path.resolve(), link):
            report = generate(load_settings(root)).report
            assert (root, read, analysed) == (root, [], [])
            assert not report.written and not report.removed
    finally:
        link.unlink()
    manifest = state_file(seeded_project)
    assert [p for p in manifest.parent.iterdir() if p.suffix == manifest.suffix] == [manifest]
    assert output_bytes(seeded_project.docs) == pages


def test_warm_runs_after_an_unsaved_run_give_the_bytes_of_a_cold_run(seeded_project,
                                                                     tmp_path):
    from tests.test_pipeline import cold_output, output_bytes
    seeded_project.generate()
    seeded_project.generate()  # changes nothing: the state is not saved
    seeded_project.add_seed("extra.txt", NEW_SEED)
    assert seeded_project.generate().report.written
    assert output_bytes(seeded_project.docs) == cold_output(seeded_project.seeds, tmp_path)


def test_the_state_file_holds_no_basis_and_a_loaded_state_knows_its_own():
    state = cache.RunState(reads={"a.txt": ((1, 2), object(), "hash")})
    state.basis = ("anything",)
    copy = pickle.loads(pickle.dumps(state))
    assert copy.basis is None
    assert state.basis == ("anything",)
    assert copy._made_from()[0] == {"a.txt": (1, 2)}


def state_files(project) -> dict[str, tuple[int, int]]:
    """The state folder's files (manifest and segments) by name: inode and mtime."""
    folder = state_file(project).parent
    return {p.name: saved_as(p) for p in sorted(folder.iterdir())}


def segment(project, name: str):
    """The segment file named by the manifest (e.g. "articles", "articles-delta", "rest")."""
    files = cache._read_manifest(state_file(project))["files"]
    found = [f for f in files if f.split(".")[1] == name]
    return state_file(project).parent / found[0] if found else None


LOGS = ("articles", "seeds", "memo-timeline", "writer")


def test_a_new_seed_writes_the_deltas_of_the_logs_not_their_bases(seeded_project):
    seeded_project.generate()
    bases = {name: saved_as(segment(seeded_project, name)) for name in LOGS}
    assert not any(segment(seeded_project, f"{name}-delta") for name in LOGS)
    seeded_project.add_seed("extra.txt", NEW_SEED)
    seeded_project.generate()
    for name, before in bases.items():
        assert saved_as(segment(seeded_project, name)) == before  # the base is kept
        assert segment(seeded_project, f"{name}-delta") is not None
    changed, _, _ = pickle.loads(segment(seeded_project, "articles-delta").read_bytes())
    assert list(changed["articles"]) == [key for seed, (_, key) in cache.RunState.load(
            _settings(seeded_project)).prepared.items() if seed == "extra.txt"]


def test_a_new_seed_rewrites_no_segment_whole(seeded_project):
    """Every segment is a log: link's excerpts, the page signatures' memo and the rest (the
    sidecars, the alignments) included, which were one pickle written whole on every run."""
    seeded_project.generate()
    files = cache._read_manifest(state_file(seeded_project))["files"]
    bases = {name.split(".")[1]: saved_as(state_file(seeded_project).parent / name)
             for name in files}
    assert {"memo-link-excerpts", "signatures", "rest"} <= bases.keys()
    seeded_project.add_seed("extra.txt", NEW_SEED)
    seeded_project.generate()
    for name, before in bases.items():
        assert saved_as(segment(seeded_project, name)) == before, name
    for name in ("memo-link-excerpts", "signatures"):  # the new seed's story and pages
        assert segment(seeded_project, f"{name}-delta") is not None, name


def _settings(project):
    from generator.config import load_settings
    return load_settings(project.path)


def test_warm_runs_from_segments_give_the_bytes_of_cold_runs(seeded_project, tmp_path):
    """Add, change and remove a seed, each run loading the segments the last one saved."""
    from tests.test_pipeline import cold_output, output_bytes
    seeded_project.generate()
    steps = [lambda: seeded_project.add_seed("extra.txt", NEW_SEED),
             lambda: seeded_project.add_seed("extra.txt", NEW_SEED.replace("Saturday", "Monday")),
             lambda: (seeded_project.seeds / "extra.txt").unlink()]
    for step in steps:
        step()
        assert seeded_project.generate().report.written
        assert output_bytes(seeded_project.docs) == cold_output(seeded_project.seeds, tmp_path)


def test_a_loaded_state_equals_the_state_it_was_saved_from(seeded_project):
    """The logs (a base and a delta each) and the rest give back the run's state: the memos
    equal, the signatures' entries the timeline memo's own objects, in the order of the run."""
    from generator.pipeline import generate
    settings = _settings(seeded_project)
    generate(settings)
    seeded_project.add_seed("extra.txt", NEW_SEED)
    state = cache.RunState.load(settings)
    generate(settings, state=state)  # as `mkdocs serve` runs it: the state stays in memory
    state.save(settings)  # as a base and a delta
    assert state.segments is not None and state.segments.logs["memo-timeline"].delta_file
    loaded = cache.RunState.load(settings)
    assert loaded.segments is not None
    for name in ("articles", "reads", "prepared", "sidecars", "pages", "files"):
        assert getattr(loaded, name) == getattr(state, name), name
    assert loaded.stage_memos.keys() == state.stage_memos.keys()
    for name, memo in state.stage_memos.items():  # link's TermMemo has no __eq__ of its own
        again = loaded.stage_memos[name]
        assert again == memo or vars(again) == vars(memo), name
    assert state.segments.logs["memo-timeline"].delta["readings"]  # the new seed's, in the delta
    entries = loaded.signatures["entries"]
    assert entries == state.signatures["entries"] and entries
    assert loaded.signatures.keys() == state.signatures.keys()
    assert all(loaded.signatures[k] == v for k, v in state.signatures.items()
               if k not in ("entries", "held"))
    # held link objects: saved by id if link's outputs memo holds them (render.signatures)
    from generator.render.signatures import LINK_OUTPUTS_MEMO, held_by_name
    named = held_by_name(state.signatures, state.stage_memos.get(LINK_OUTPUTS_MEMO))["held"]
    assert {kind: {key: token for key, (_, token) in parts.items()}
            for kind, parts in loaded.signatures["held"].items()} == named
    held = {id(entry) for entry in loaded.stage_memos["timeline"].entries.values()}
    assert all(id(entry) in held for entry in entries)


def test_a_memo_log_names_articles_it_outlives_and_loads_them_as_nothing_equal(tmp_path):
    """A memo's base refers to an article's objects by id and place; an article removed since
    loads as an object that equals nothing (what holds it is made again)."""
    from generator.timeline import TimelineMemo, _ArticleReading
    kept, gone = (cache.article_from_dict(_article_dict(name)) for name in ("kept", "gone"))
    memo = TimelineMemo()
    for key, article in (("kept", kept), ("gone", gone)):
        memo.readings[key] = _ArticleReading(article.analysis.events, article.analysis.mentions,
                                             {}, (), (), (), (), (), (), 0)
    segments = cache._Segments(tmp_path)
    objects = {key: cache._article_objects(a) for key, a in (("kept", kept), ("gone", gone))}
    files = segments._save_log("k", "memo-timeline", memo, cache._article_refs(objects))
    known = cache._KnownObjects({"kept": objects["kept"]})
    loaded = cache._Segments(tmp_path)._load_log("memo-timeline", files, known)
    assert loaded.readings["kept"].events is kept.analysis.events
    assert loaded.readings["gone"].events != gone.analysis.events


def test_a_memo_row_kept_across_an_article_change_holds_the_new_articles_objects(tmp_path):
    """A reading kept because the edited article's events are equal refers, once loaded, to
    the article now bearing its id (named by analysis key, its objects were gone and every such
    reading was made again on the next run)."""
    from generator.timeline import TimelineMemo, _ArticleReading
    before, after = (cache.article_from_dict(_article_dict("same")) for _ in range(2))
    memo = TimelineMemo()
    memo.readings["same"] = _ArticleReading(before.analysis.events, before.analysis.mentions,
                                            {}, (), (), (), (), (), (), 0)
    segments = cache._Segments(tmp_path)
    saved = {"old-key": before}
    files = segments._save_log("k", "memo-timeline", memo, cache._article_refs(
        cache._by_article_id(saved, {k: cache._article_objects(a) for k, a in saved.items()})))
    now = {"new-key": after}  # the article's analysis key changed, its events did not
    known = cache._KnownObjects(cache._by_article_id(
        now, {k: cache._article_objects(a) for k, a in now.items()}))
    loaded = cache._Segments(tmp_path)._load_log("memo-timeline", files, known)
    assert loaded.readings["same"].events is after.analysis.events
    assert loaded.readings["same"].holds(after.analysis.events, after.analysis.mentions, {}, ())


def _article_dict(name: str) -> dict:
    article = analyse_all(docs()[:1], Settings())[0][0]
    data = article.to_dict()
    data["id"] = name
    return data


def test_a_loaded_state_equals_the_saved_one_and_shares_the_articles_objects(seeded_project):
    seeded_project.generate()
    seeded_project.add_seed("extra.txt", NEW_SEED)  # the next load reads a base and a delta
    seeded_project.generate()
    settings = _settings(seeded_project)
    state = cache.RunState.load(settings)
    assert state.segments is not None and state.articles  # loaded, not started afresh
    again = cache.RunState.load(settings)
    for name in ("reads", "prepared", "sidecars", "pages", "files"):
        assert getattr(state, name) == getattr(again, name)
    assert state.articles.keys() == again.articles.keys()
    # the memos' logs hold the articles' own objects (by article id and place)
    blocks = {id(a.blocks) for a in state.articles.values()}
    events = {id(a.analysis.events) for a in state.articles.values()}
    excerpts = state.stage_memos["link-excerpts"]
    assert excerpts and all(id(inputs[i]) in blocks for inputs, *_ in excerpts.values()
                            for i in range(1, len(inputs), 3))
    readings = state.stage_memos["timeline"].readings
    assert readings and all(id(r.events) in events for r in readings.values())


@pytest.mark.parametrize("damage", ["truncate", "remove"])
@pytest.mark.parametrize("name", ["articles", "articles-delta", "seeds-delta", "rest",
                                  "memo-timeline", "memo-timeline-delta", "writer",
                                  "writer-delta", "signatures", "signatures-delta",
                                  "memo-link-excerpts-delta"])
def test_a_damaged_or_missing_segment_costs_time_never_bytes(seeded_project, tmp_path,
                                                            damage, name):
    from tests.test_pipeline import cold_output, output_bytes
    seeded_project.generate()
    seeded_project.add_seed("extra.txt", NEW_SEED)
    seeded_project.generate()
    path = segment(seeded_project, name)
    if damage == "truncate":
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    else:
        path.unlink()
    assert cache.RunState.load(_settings(seeded_project)).articles == {}  # started afresh
    seeded_project.add_seed("other.txt", NEW_SEED.replace("Viktor Orban", "Keir Starmer"))
    seeded_project.generate()
    assert output_bytes(seeded_project.docs) == cold_output(seeded_project.seeds, tmp_path)
    assert cache.RunState.load(_settings(seeded_project)).articles  # saved whole again


def test_an_interrupted_save_leaves_the_previous_state_loadable(seeded_project, monkeypatch):
    seeded_project.generate()
    settings = _settings(seeded_project)
    before = cache.RunState.load(settings)
    real = cache._replace

    def replace(path, value, *args, **kwargs):
        if path.suffix == ".pickle":  # the manifest: killed just before it
            raise KeyboardInterrupt
        real(path, value, *args, **kwargs)

    monkeypatch.setattr(cache, "_replace", replace)
    seeded_project.add_seed("extra.txt", NEW_SEED)
    with pytest.raises(KeyboardInterrupt):
        seeded_project.generate()
    monkeypatch.undo()
    after = cache.RunState.load(settings)
    assert after.segments is not None and after.articles.keys() == before.articles.keys()
    assert after.reads == before.reads


def test_a_delta_past_its_share_of_the_base_is_folded_in(tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "COMPACT_MIN", 2)
    segments = cache._Segments(tmp_path)
    entries = {str(n): (n,) for n in range(16)}  # 16 // COMPACT_FRACTION: 2 changes kept apart
    base, delta = segments._save_log("k", "seeds", cache._Plain({"seeds": entries}))
    assert delta is None
    for n, changed in enumerate(["a", "b", "c"]):  # one more entry each save
        segments.generation += 1
        entries[changed] = (changed,)
        files = segments._save_log("k", "seeds", cache._Plain({"seeds": entries}))
        assert (files[0] == base) == (n < 2) and (files[1] is None) == (n == 2)
    log = segments.logs["seeds"]
    loaded = cache._Segments(tmp_path)._load_log("seeds", (log.base_file, log.delta_file))
    assert loaded.tables["seeds"] == entries


def test_an_unchanged_delta_is_not_written_again(tmp_path):
    segments = cache._Segments(tmp_path)
    entries = {str(n): (n,) for n in range(100)}
    segments._save_log("k", "seeds", cache._Plain({"seeds": entries}))
    entries.pop("7")
    entries["new"] = ("new",)
    segments.generation += 1
    first = segments._save_log("k", "seeds", cache._Plain({"seeds": entries}))
    segments.generation += 1
    assert segments._save_log("k", "seeds", cache._Plain({"seeds": dict(entries)})) == first
    loaded = cache._Segments(tmp_path)._load_log("seeds", first)
    assert loaded.tables["seeds"] == entries


def test_a_save_from_the_same_manifest_never_replaces_the_files_of_another(seeded_project,
                                                                            monkeypatch):
    """Two states loaded from one manifest (the CLI beside a long `mkdocs serve`): the second
    save, interrupted before its manifest, leaves the first save's state whole."""
    seeded_project.generate()
    settings = _settings(seeded_project)
    first, second = cache.RunState.load(settings), cache.RunState.load(settings)
    first.sidecars["first.yml"] = (b"first", b"")
    first.save(settings)
    second.sidecars["second.yml"] = (b"second", b"")
    real = cache._replace

    def replace(path, value, *args, **kwargs):
        if path.suffix == ".pickle":
            raise KeyboardInterrupt
        real(path, value, *args, **kwargs)

    monkeypatch.setattr(cache, "_replace", replace)
    with pytest.raises(KeyboardInterrupt):
        second.save(settings)
    monkeypatch.undo()
    loaded = cache.RunState.load(settings)
    assert "first.yml" in loaded.sidecars and "second.yml" not in loaded.sidecars


def test_frozen_any_sees_the_generators_freezes_and_anyone_elses():
    import gc
    assert not cache.frozen_any()
    cache.freeze_kept()
    try:
        assert cache.frozen_any()
    finally:
        cache.thaw_kept()
    assert not cache.frozen_any()
    gc.freeze()  # another caller's (the MkDocs plugin's, a test's)
    try:
        assert cache.frozen_any()
    finally:
        gc.unfreeze()
    assert not cache.frozen_any()


def _held_replaced(state: cache.RunState) -> dict[str, tuple[int, int]]:
    """Per log: the rows its base holds that the state no longer holds alike (changed or
    removed since: the delta a save would write), and the most it may hold (COMPACT_FRACTION
    of the base, COMPACT_MIN)."""
    held = {}
    for segment, value in cache._logged(state).items():
        log = state.segments.logs.get(segment) if state.segments is not None else None
        if log is None:
            continue
        delta, removed = cache._changes(log.base, cache._tables(value))
        replaced = sum(key in log.base[name] for name, rows in delta.items() for key in rows)
        replaced += sum(map(len, removed.values()))
        size = sum(map(len, log.base.values()))
        held[segment] = (replaced, max(cache.COMPACT_MIN, size // cache.COMPACT_FRACTION))
    return held


def test_a_state_held_across_many_runs_keeps_few_replaced_rows(seeded_project, monkeypatch):
    """As `mkdocs serve` holds it (saved only at shutdown): each run changes a seed, and the
    logs' bases let go of the rows the runs replaced once they outgrow their share."""
    from generator.pipeline import generate
    monkeypatch.setattr(cache, "COMPACT_MIN", 8)  # the bundled seeds' logs are small
    settings = _settings(seeded_project)
    generate(settings)
    state = cache.RunState.load(settings)
    bases = {segment: id(log) for segment, log in state.segments.logs.items()}
    for run in range(8):
        seeded_project.add_seed(f"extra{run % 3}.txt", NEW_SEED + f"\nRun {run} went on.\n")
        generate(settings, state=state)
        held = _held_replaced(state)
        assert all(replaced <= most for replaced, most in held.values()), (run, held)
    released = [s for s, log in state.segments.logs.items() if id(log) != bases.get(s)]
    assert set(bases) - set(state.segments.logs) or released  # the rule let some base go
    state.save(settings)  # the next save writes the released bases whole
    loaded = cache.RunState.load(settings)
    assert loaded.articles == state.articles and loaded.pages == state.pages


def _changes_by_definition(base: dict, table: dict) -> tuple[dict, frozenset]:
    delta = {k: v for k, v in table.items() if not cache._same(base.get(k, cache._MISSING), v)}
    return delta, frozenset(k for k in base if k not in table)


@pytest.mark.parametrize("seed", range(40))
def test_changes_are_the_rows_not_the_bases_wherever_the_table_moved_them(seed):
    """_changes walks the rows in the base's order by identity and looks up by key only past
    the first key out of place: its answer is the definition's, for tables changed in place,
    grown, shrunk, re-ordered, with equal rows made again and keys made again."""
    rng = random.Random(seed)
    base = {(i, str(i)): [i] for i in range(rng.randrange(0, 60))}
    table = dict(base)
    for _ in range(rng.randrange(0, 12)):
        keys = list(table)
        action = rng.choice(["change", "equal", "add", "remove", "back", "rekey"])
        if action == "add":
            table[(100 + rng.randrange(50), "new")] = ["new"]
        elif not keys:
            continue
        elif action == "change":
            table[rng.choice(keys)] = ["changed"]
        elif action == "equal":  # an equal row, not the base's object: no change
            key = rng.choice(keys)
            table[key] = list(table[key])
        elif action == "remove":
            del table[rng.choice(keys)]
        elif action == "back":  # removed and put back: the same row, now last
            key = rng.choice(keys)
            table[key] = table.pop(key)
        else:  # the same key as a new object
            key = rng.choice(keys)
            row = table.pop(key)
            table[(key[0], "".join(key[1]))] = row
    delta, removed = cache._changes({"t": base}, {"t": table})
    assert (delta["t"], removed["t"]) == _changes_by_definition(base, table)
