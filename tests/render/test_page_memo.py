"""The page memo: a page is read back only when nothing it read changed, and then the output
is what a render without the memo gives.

Every check renders the bundled seeds' digest twice: once with the memo of a previous render
(its pages written to a folder, as the writer does) and once without any memo; the two must be
the same files. Between the two renders one value of the digest is changed, the way a new or
edited seed changes it.
"""

from dataclasses import replace
from pathlib import Path

import pytest

from generator.config import load_settings
from generator.models import Digest
from generator.pipeline import build_digest
from generator.render import render
from generator.render.page_memo import PageMemo, PageRenderer
from tests.conftest import make_project

UNRELATED = """---
date: 2025-10-12
source: Harbour Gazette
---
# Ferry service to Norland Island resumes after repairs

The ferry between Portwick and Norland Island sailed again on Sunday after three weeks of
repairs to its engine, the Portwick Ferry Company said.

Captain Maria Lindqvist said the crossing took the usual forty minutes. Islanders had relied
on a smaller boat from the Norland Fishing Cooperative while the ferry was out of service.
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A function giving a fresh digest of the bundled seeds and an unrelated report (each
    call its own objects)."""
    project = make_project(tmp_path_factory.mktemp("memo"))
    for path in (Path(__file__).parents[2] / "seeds").iterdir():
        (project.seeds / path.name).write_bytes(path.read_bytes())
    (project.seeds / "ferry.md").write_text(UNRELATED, encoding="utf-8")
    settings = load_settings(project.path)

    def fresh() -> Digest:
        return build_digest(settings, story_state=project.path / "no-state.json")[0]
    return fresh, settings


def write(files: dict[str, str], out: Path) -> None:
    for path, text in files.items():
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_text(text, encoding="utf-8")


def memo_run(built, tmp_path, change=None) -> tuple[dict[str, str], dict[str, str], int]:
    """(files rendered through the previous render's memo, files rendered afresh, pages
    read back) after `change` is applied to both digests."""
    fresh, settings = built
    memo = PageMemo()
    write(render(fresh(), settings, memo, tmp_path), tmp_path)
    assert memo.pages  # article, story and entity pages were recorded
    reused = []
    real = PageRenderer._reuse

    def counting(self, path, call):
        text = real(self, path, call)
        if text is not None:
            reused.append(path)
        return text

    PageRenderer._reuse = counting
    try:
        warm_digest, cold_digest = fresh(), fresh()
        if change:
            change(warm_digest)
            change(cold_digest)
        warm = render(warm_digest, settings, memo, tmp_path)
    finally:
        PageRenderer._reuse = real
    return warm, render(cold_digest, settings), len(reused)


def test_nothing_changed_every_memoised_page_is_read_back(built, tmp_path):
    warm, cold, reused = memo_run(built, tmp_path)
    assert warm == cold
    digest = built[0]()
    pages = len(digest.articles) + len(digest.links.stories) + \
        sum(e.page for e in digest.links.entities)
    assert reused == pages


def _retitle_first_article(digest: Digest) -> None:
    digest.articles[0].title = "A title changed by an edit"


def _rename_an_entity(digest: Digest) -> None:
    entity = next(e for e in digest.links.entities if e.page)
    entity.name = "Renamed Entity"


def _retitle_the_story(digest: Digest) -> None:
    digest.links.stories[0].title = "A story title changed"


def _drop_an_entity_page(digest: Digest) -> None:
    next(e for e in digest.links.entities if e.page).page = False


def _edit_a_timeline_entry(digest: Digest) -> None:
    digest.timeline[0] = replace(digest.timeline[0], text="An event text changed")


def _edit_a_paragraph(digest: Digest) -> None:
    article = digest.articles[-1]
    article.blocks = [replace(b, text=b.text + " Added words.") if i == 1 else b
                      for i, b in enumerate(article.blocks)]


@pytest.mark.parametrize("change", [_retitle_first_article, _rename_an_entity, _retitle_the_story,
                                    _drop_an_entity_page, _edit_a_timeline_entry,
                                    _edit_a_paragraph])
def test_a_changed_input_gives_the_pages_of_a_render_without_memo(built, tmp_path, change):
    before, _, _ = memo_run(built, tmp_path / "unchanged")
    warm, cold, reused = memo_run(built, tmp_path / "changed", change)
    assert warm == cold
    assert warm != before  # the change shows on some page, and the memo did not hide it
    assert reused  # while the pages it did not touch were read back


def test_a_page_edited_on_disk_is_rendered_again(built, tmp_path):
    fresh, settings = built
    memo = PageMemo()
    files = render(fresh(), settings, memo, tmp_path)
    write(files, tmp_path)
    page = next(iter(memo.pages))
    (tmp_path / page).write_text("tampered", encoding="utf-8")
    assert render(fresh(), settings, memo, tmp_path)[page] == files[page]


def test_without_the_previous_output_folder_nothing_is_read_back(built, tmp_path):
    fresh, settings = built
    memo = PageMemo()
    files = render(fresh(), settings, memo, tmp_path)  # not written anywhere
    assert render(fresh(), settings, memo, tmp_path) == files


def test_a_page_cannot_compare_or_change_records(built):
    fresh, _ = built
    digest = fresh()
    pages = PageRenderer(digest, None, None)
    article = digest.articles[0]

    def compares(record, view, page_of):
        return str(record == view.article_by_id[article.id])

    def changes(record, view, page_of):
        record.title = "changed"
        return ""

    for function in (compares, changes):
        with pytest.raises(TypeError):
            pages.page("p.md", function, "article", article.id)


def test_a_page_reading_a_whole_collection_is_not_memoised(built):
    fresh, _ = built
    digest = fresh()
    pages = PageRenderer(digest, None, None)
    story = digest.links.stories[0]
    pages.page("a.md", lambda record, view, page_of: str(len(view.articles)), "story", story.id)
    pages.page("b.md", lambda record, view, page_of: record.title, "story", story.id)
    assert list(pages.memo.pages) == ["b.md"]
    assert pages.memo.pages["b.md"].roots[("story", story.id)][1] == (("#in",), ("title",))


def test_every_record_of_the_package_shows_all_its_fields_in_repr():
    """The memo takes equal repr() for equal values: a dataclass field left out of repr, or a
    hand-written __repr__, would let a changed value pass as unchanged."""
    import dataclasses
    import importlib
    import pkgutil

    import generator
    records = set()
    for module in pkgutil.walk_packages(generator.__path__, "generator."):
        if module.name == "generator.mkdocs_plugin" or module.name.startswith("generator.__main"):
            continue
        for value in vars(importlib.import_module(module.name)).values():
            if isinstance(value, type) and dataclasses.is_dataclass(value):
                records.add(value)
    assert len(records) > 20
    for record in records:
        assert all(f.repr for f in dataclasses.fields(record)), record
        made = getattr(record.__repr__, "__wrapped__", record.__repr__)
        assert made.__code__.co_filename == "<string>", record  # written by dataclass()
