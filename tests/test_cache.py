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


def test_generator_version_change_invalidates_everything(tmp_path, monkeypatch):
    settings = Settings(cache=tmp_path)
    analyse_all(docs(), settings, workers=1)
    monkeypatch.setattr(cache, "generator_fingerprint", lambda: "another-version")
    calls = counting(monkeypatch)
    analyse_all(docs(), settings, workers=1)
    assert len(calls) == 2


def test_unreadable_cache_entry_is_recomputed(tmp_path):
    settings = Settings(cache=tmp_path)
    doc = docs()[0]
    key = cache_key(doc, settings, cache.generator_fingerprint())
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
