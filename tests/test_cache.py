import shutil

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
