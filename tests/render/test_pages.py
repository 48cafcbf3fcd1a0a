"""Each page type rendered from a small digest built through the real pipeline.

Three reports: two outlets on one summit (one of them a near copy of the other's lead), one
on an unrelated football match. The checks follow the contract in generator/models.py: a
page links to a paragraph as "#p{n}", the n-th body paragraph of the article.
"""

import json
import re
from dataclasses import replace

import pytest

from generator.config import load_settings
from generator.pipeline import build_digest
from generator.render import render
from generator.render.common import assign_unique_slugs, reason_text
from generator.render.escape import escape_markdown

SUMMIT_A = """---
date: 2025-10-16
source: Wire One
---
# Trump and Putin agree to meet in Budapest

Donald Trump said on Thursday he would meet Vladimir Putin in Budapest within two weeks.

"We are going to have a summit in Hungary and we will see what happens," Trump told
reporters at the White House.

The announcement came after a long phone call. Hungary's prime minister welcomed the plan.

Officials in Kyiv said Ukraine must have a voice in any talks about the war.
"""

SUMMIT_B = """---
date: 2025-10-17
source: Daily Two
---
# Putin and Trump plan a Hungary summit

Vladimir Putin and Donald Trump plan to meet in Budapest, the Kremlin said on Friday.

"We are going to have a summit in Hungary and we will see what happens," Trump said.

"The call was very frank and businesslike indeed," said Yuri Ushakov, a Kremlin aide.

Ukraine's president is due in Washington for talks with Trump.
"""

FOOTBALL = """---
date: 2025-10-12
source: Sports Desk
---
# Arsenal beat Chelsea at the Emirates

Arsenal beat Chelsea 2-0 at the Emirates Stadium on Sunday.

"The players were brilliant from the first minute to the last," Mikel Arteta said afterwards.

Arsenal are now top of the table.
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from tests.conftest import make_project

    project = make_project(tmp_path_factory.mktemp("pages"))
    project.add_seed("summit-a.md", SUMMIT_A)
    project.add_seed("summit-b.md", SUMMIT_B)
    project.add_seed("football.md", FOOTBALL)
    settings = load_settings(project.path)
    digest, problems = build_digest(settings)
    assert problems == []
    return digest, render(digest, settings)


def _article(digest, source):
    return next(a for a in digest.articles if a.source == source)


def _paragraph(article, number):
    return [b.text for b in article.blocks if b.kind == "p"][number - 1]


def test_article_page_anchors_every_body_paragraph_in_order(built):
    digest, files = built
    article = _article(digest, "Wire One")
    page = files[article.page]
    anchors = [int(n) for n in re.findall(r"\{: #p(\d+) \}", page)]
    body = [b.text for b in article.blocks if b.kind == "p"]
    assert anchors == list(range(1, len(body) + 1))
    for number, text in enumerate(body, start=1):  # paragraph n's text carries anchor n
        assert f"{escape_markdown(text)}\n{{: #p{number} }}" in page


def test_article_page_links_its_story_and_only_entities_with_pages(built):
    digest, files = built
    article = _article(digest, "Wire One")
    page = files[article.page]
    story = digest.links.story_by_id[digest.links.articles[article.id].story]
    assert f"stories/{story.id}.md" in page
    linked = re.findall(r"\(\.\./\.\./\.\./entities/([\w-]+)\.md\)", page)
    assert linked, page
    for entity_id in linked:
        assert digest.links.entity_by_id[entity_id].page
        assert f"entities/{entity_id}.md" in files


def test_story_page_summary_sentences_link_to_the_paragraph_they_come_from(built):
    digest, files = built
    story = next(s for s in digest.links.stories if len(s.articles) == 2)
    page = files[story.page]
    summary = page.split("## Summary")[1].split("\n## ")[0]
    links = re.findall(r"\]\(([^)]+)#p(\d+)\)", summary)
    assert len(links) == len(story.summary) >= 2
    by_id = digest.article_by_id
    for excerpt in story.summary:
        assert excerpt.text in _paragraph(by_id[excerpt.article], excerpt.paragraph)
    # the shared Trump quote is given once though both reports carry it
    quotes = page.split("## Quotes")[1].split("\n## ")[0]
    assert quotes.count("We are going to have a summit in Hungary") == 1
    assert "very frank and businesslike indeed" in quotes


def test_only_stories_with_several_reports_are_searched(built):
    digest, files = built
    searched = {len(s.articles): "search:" not in files[s.page].split("\n---", 1)[0]
                for s in digest.links.stories}
    # the one-report football story is found through its article, the summit through both
    assert searched == {1: False, 2: True}


def test_story_quotes_point_at_the_paragraph_holding_them(built):
    digest, _ = built
    by_id = digest.article_by_id
    for story in digest.links.stories:
        for choice in story.quotes:
            paragraph = _paragraph(by_id[choice.article], choice.quote.paragraph)
            assert paragraph[choice.quote.start:choice.quote.end] == choice.quote.text


def test_entity_page_cites_a_sentence_and_its_paragraph(built):
    digest, files = built
    putin = next(e for e in digest.links.entities if e.name == "Vladimir Putin")
    assert putin.page
    page = files[f"entities/{putin.id}.md"]
    assert page.startswith("---\n") and "# Vladimir Putin" in page
    cited = re.findall(r"#p(\d+)\) · [^:]+: “([^”]+)”", page)
    assert len(cited) == 2
    for number, snippet in cited:
        assert any(snippet in _paragraph(a, int(number)) for a in digest.articles)


def test_entity_index_lists_exactly_the_entities_with_pages(built):
    digest, files = built
    index = files["entities/index.md"]
    listed = set(re.findall(r"\]\(([\w-]+)\.md\)", index))
    assert listed == {e.id for e in digest.links.entities if e.page}
    # By name within each type, no counts (a count changed the page with every report)
    for section in index.split("\n## ")[1:]:
        names = re.findall(r"^- \[([^\]]+)\]\([\w-]+\.md\)$", section, re.M)
        assert names and names == sorted(names, key=str.casefold)
    # a name said once, outside a headline or lead, has no page
    said_once = [e for e in digest.links.entities
                 if e.mentions == 1 and not e.lead_articles and e.type != "product"]
    assert said_once and not any(e.page for e in said_once)


def test_story_index_and_digest_json_agree_on_pages(built):
    digest, files = built
    data = json.loads(files["digest.json"])
    for record in data["stories"]:
        assert f"stories/{record['id']}.md" in files
        assert record["id"] in files["stories/index.md"]
    for record in data["articles"]:
        assert record["page"].endswith("/") and record["page"][:-1] + ".md" in files
    for record in data["entities"]:
        assert (record["page"] is not None) == (f"entities/{record['id']}.md" in files)


def test_digest_json_lists_moved_story_ids(built):
    from generator.render.export import digest_json

    digest, files = built
    assert json.loads(files["digest.json"])["moved_stories"] == {}  # one run: nothing moved
    survivor = digest.links.stories[0].id
    moved = replace(digest, links=replace(digest.links, moved={"story-0123456789ab": survivor}))
    by_id = digest.article_by_id
    data = json.loads(digest_json(moved, lambda a: by_id[a].page))
    assert data["moved_stories"] == {"story-0123456789ab": survivor}


def test_related_reasons_are_worded_by_render():
    from generator.link.entities import Entity
    from generator.link.related import RelatedLink

    trump = Entity("donald-trump", "Donald Trump", "person", [], ["a"], 2)
    shared = RelatedLink("story-x", 0.5, shared={"person": ("donald-trump", "nobody"),
                                                 "place": ("kyiv",)})
    assert reason_text(shared, {"donald-trump": trump}) == \
        "shared people: Donald Trump, nobody; shared places: kyiv"
    terms = RelatedLink("story-x", 0.2, terms=("summit", "oil"))
    assert reason_text(terms, {}) == "shared terms: summit, oil"


def test_clashing_and_reserved_slugs_get_distinct_pages(built):
    digest, _ = built
    real = _article(digest, "Wire One")
    first, second = (replace(real, id=i, slug="same", date="2025-10-16") for i in ("a1", "a2"))
    reserved = replace(real, id="a3", slug="index")
    assign_unique_slugs([second, first, reserved])
    assert first.slug == "same" and second.slug == "same-a2"  # smallest id keeps the plain one
    assert reserved.slug == "index-a3"
