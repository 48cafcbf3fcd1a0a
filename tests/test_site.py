"""End to end: seeds -> generate -> mkdocs build --strict -> HTML a reader gets."""

import json
import re

from generator.write import MANIFEST
from tests.conftest import active_markup

HOSTILE_ARTICLE = """Hostile text arrives

This paragraph carries <script>alert('x')</script> and an image <img src=x onerror=alert(1)>.

A link [click me](javascript:alert(document.cookie)) and a data link [d](data:text/html,hi).

<div onclick="alert(2)">block html</div>

{{ jinja }} and {% raw %} and a --- rule.
"""


def test_seed_site_builds_with_titles_sources_dates_and_headings(seeded_project):
    result = seeded_project.generate()
    assert result.problems == []
    build = seeded_project.mkdocs_build()
    assert build.returncode == 0, build.stderr
    assert "WARNING" not in build.stderr
    html = seeded_project.built_html()
    assert "The Canadian Press" in html
    assert "16 October 2025" in html
    assert "U.S. President Donald Trump is redoubling his efforts" in html
    for furniture in ("Get breaking Nationwide information", "join breaking information alerts",
                      "Our reporters are currently covering", "Leave a comment"):
        assert furniture not in html
    assert re.search(r"<h2 id=\"trump-weighs-tomahawks-for-ukraine\">Trump weighs Tomahawks "
                     r"for Ukraine", html)
    digest = json.loads((seeded_project.site / "digest.json").read_text())
    seeds = {a["seed"]: a for a in digest["articles"]}
    assert set(seeds) == {"000_82f1fc805ef2a3d3.txt", "004_7ea99317f4e942c8.txt"}
    a000 = seeds["000_82f1fc805ef2a3d3.txt"]
    assert a000["source"] == "The Canadian Press" and a000["date"] == "2025-10-16"
    assert (seeded_project.site / a000["page"] / "index.html").is_file()


def test_hostile_article_produces_no_active_markup(project):
    project.add_seed("hostile.txt", HOSTILE_ARTICLE)
    project.generate()
    build = project.mkdocs_build()
    assert build.returncode == 0, build.stderr
    page = next(project.site.glob("articles/*/*/hostile-text-arrives/index.html")).read_text()
    article = page[page.index('<article'):page.index("</article>")]
    assert "<script>alert" not in article
    assert active_markup(page) == []
    assert 'href="javascript:' not in page and 'href="data:' not in page
    assert "<div onclick" not in page
    assert "&lt;script&gt;alert" in article  # shown as text, not dropped
    assert "{{ jinja }}" in article


def test_two_runs_give_identical_bytes(seeded_project, tmp_path):
    seeded_project.generate()
    first = {p.relative_to(seeded_project.docs): p.read_bytes()
             for p in seeded_project.docs.rglob("*") if p.is_file()}
    report = seeded_project.generate().report
    assert report.written == [] and report.removed == []
    second = {p.relative_to(seeded_project.docs): p.read_bytes()
              for p in seeded_project.docs.rglob("*") if p.is_file()}
    assert first == second


def test_removed_seed_page_disappears_hand_written_page_survives(seeded_project):
    hand = seeded_project.docs / "about.md"
    hand_text = hand.read_text()
    seeded_project.generate()
    pages = sorted(seeded_project.docs.glob("articles/2025/10/*.md"))
    assert len(pages) == 3  # two articles and the month index
    (seeded_project.seeds / "004_7ea99317f4e942c8.txt").unlink()
    report = seeded_project.generate().report
    assert any("announced-that-he-plans" in p for p in report.removed)
    assert len(list(seeded_project.docs.glob("articles/2025/10/*.md"))) == 2
    assert hand.read_text() == hand_text
    manifest = json.loads((seeded_project.docs / MANIFEST).read_text())
    assert "about.md" not in manifest["files"]


def test_bad_file_gets_a_line_and_others_build(seeded_project, capsys):
    from generator.cli import main
    seeded_project.add_seed("broken.txt", b"\x00\x01binary")
    code = main(["--root", str(seeded_project.path), "generate"])
    err = capsys.readouterr().err
    assert code == 0
    assert err.strip() == "newsdigest: skipped: seeds/broken.txt: binary file (contains NUL bytes)"
    assert len(list(seeded_project.docs.glob("articles/2025/10/*.md"))) == 3
    assert main(["--root", str(seeded_project.path), "generate", "--strict"]) == 1


def test_home_lists_the_seed_story_and_pages_cross_link(seeded_project):
    seeded_project.generate()
    assert seeded_project.mkdocs_build().returncode == 0
    home = (seeded_project.site / "index.html").read_text()
    assert "2 sources" in home and "stories/story-" in home
    digest = json.loads((seeded_project.site / "digest.json").read_text())
    (story,) = digest["stories"]
    story_html = (seeded_project.site / story["page"] / "index.html").read_text()
    assert "The Canadian Press" in story_html and "Spun copy" in story_html
    article = next(a for a in digest["articles"] if a["seed"].startswith("000"))
    article_html = (seeded_project.site / article["page"] / "index.html").read_text()
    assert "entities/donald-trump/" in article_html
    assert "Spun copy" in article_html and "White Home" in article_html  # the evidence shown
    assert story["page"].rstrip("/").split("/")[-1] in article_html
    timeline = (seeded_project.site / "timeline" / "index.html").read_text()
    assert "17 October 2025" in timeline and "Upcoming" in timeline
    trump = (seeded_project.site / "entities" / "donald-trump" / "index.html").read_text()
    assert "Where it is mentioned" in trump


def test_feeds_list_the_stories(seeded_project):
    seeded_project.generate()
    feed = json.loads((seeded_project.docs / "feed.json").read_text())
    digest = json.loads((seeded_project.docs / "digest.json").read_text())
    (story,) = digest["stories"]
    (item,) = feed["items"]
    assert item["title"] == story["title"]
    assert item["url"].endswith(story["page"])
