"""Hostile and broken seeds, all in one site: each bad file gets one line naming it and the
reason, every other article builds, and nothing from an article becomes markup or script."""

from __future__ import annotations

import gzip
import json
import re

import pytest

from generator.text import words
from tests.conftest import active_markup
from tests.hostile.seeds import (
    BAD_NAMES,
    LONG_LINE_END,
    MARKUP_NAME,
    REJECTED,
    SIDECAR_WARNINGS,
    text_seeds,
)
from tests.hostile.sitecheck import HostileBuild, html_text, injected_markup

BUILT = sorted(set(text_seeds()) - set(REJECTED) - {"sources.yml"}) + [MARKUP_NAME]


def _problem_lines(build: HostileBuild, verb: str) -> dict[str, list[str]]:
    """seed -> reasons, from the lines `newsdigest: <verb>: seeds/<seed>: <reason>`."""
    found: dict[str, list[str]] = {}
    for line in build.stderr_lines():
        match = re.fullmatch(rf"newsdigest: {verb}: seeds/(.+?): (.+)", line)
        if match:
            found.setdefault(match.group(1), []).append(match.group(2))
    return found


def test_the_run_reports_and_succeeds_and_strict_fails(hostile_build):
    assert hostile_build.default.returncode == 0, hostile_build.default.stderr
    assert hostile_build.strict.returncode == 1
    assert "Traceback" not in hostile_build.default.stderr + hostile_build.strict.stderr
    assert hostile_build.strict.stderr == hostile_build.default.stderr  # same report, again
    assert "WARNING" not in hostile_build.build.stderr


def test_every_stderr_line_is_one_problem_about_one_file(hostile_build):
    lines = hostile_build.stderr_lines()
    assert lines and all(re.fullmatch(r"newsdigest: (skipped|warning): seeds/\S.*: \S.*", line)
                         for line in lines), lines


@pytest.mark.parametrize("seed, reason", sorted(REJECTED.items()))
def test_rejected_seed_gets_one_line_and_no_page(hostile_build, seed, reason):
    reasons = _problem_lines(hostile_build, "skipped")
    assert len(reasons.get(seed, [])) == 1, reasons.get(seed)
    assert reason in reasons[seed][0].lower()
    assert seed not in {a["seed"] for a in hostile_build.digest["articles"]}


@pytest.mark.parametrize("raw, shown", sorted(BAD_NAMES.items()))
def test_unprintable_file_names_are_refused_and_shown_escaped(hostile_build, raw, shown):
    reasons = _problem_lines(hostile_build, "skipped")
    assert "rename the file" in reasons[shown][0]


def test_every_other_seed_is_built(hostile_build):
    seeds = sorted(a["seed"] for a in hostile_build.digest["articles"])
    assert seeds == sorted(BUILT)
    for seed in seeds:
        assert "<h1" in hostile_build.article(seed)
    pages = [a["page"] for a in hostile_build.digest["articles"]]
    assert len(set(pages)) == len(pages)


def test_nothing_from_any_article_is_active_in_the_site(hostile_build):
    site = hostile_build.project.site
    for path in sorted(site.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        assert active_markup(html) == [], path
        # Every alert(n) of the seeds is text: no tag the seeds wrote made it into a page
        # (a quoted attribute value such as the description meta may hold it, as text).
        assert not re.search(r"<(script|img|svg|iframe|div|b|a)\b[^>]*alert\(", html), path
    for seed in BUILT:
        assert injected_markup(hostile_build.article(seed)) == [], seed


def search_fragments(site) -> list[dict]:
    """Pagefind's per-page records (gzip: a signature, then JSON): what a search can show."""
    signature = b"pagefind_dcd"
    fragments = []
    for path in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        fragments.append(json.loads(data.removeprefix(signature)))
    return fragments


def test_search_index_holds_the_pages_text_not_their_markup(hostile_build):
    """Pagefind indexes the text a reader sees: a seed's literal "<script>" is text there, as
    on the page (the search script shows excerpts as text nodes and <mark> only, see
    tests/browser/test_reader.py), and no markup of the generator's pages is in the index."""
    fragments = search_fragments(hostile_build.project.site)
    assert len(fragments) >= len(BUILT)
    page = hostile_build.article("hostile.txt")
    assert "<script>alert('x1')</script>" in html_text(page)
    for doc in fragments:
        for text in (doc["content"], doc["meta"].get("title", "")):
            assert not re.search(r'class="(md|nd)-|href="\.\./|data-pagefind', text), doc["url"]
    assert any(f["url"].startswith("/articles/") and "<script>alert('x1')</script>"
               in f["content"] for f in fragments)  # the article's literal text, as text


def test_hostile_text_is_shown_as_text(hostile_build):
    article = hostile_build.article("hostile.txt")
    text = html_text(article)
    for literal in ("<script>alert('x1')</script>", "<img src=x onerror=alert(2)>",
                    "[click me](javascript:alert(document.cookie))",
                    "[d](data:text/html,hi)", '<div onclick="alert(3)">',
                    "<!-- a comment that never closes", "---",
                    "{{ config.site_name }} and {% include 'x' %} and {# note #} stay literal.",
                    '{: onclick="alert(5)" #injected }', '<a href="javascript:alert(6)">'):
        assert literal in text, literal
    assert "News Digest and" not in text  # no template was evaluated
    assert 'id="injected"' not in article


def test_markdown_and_html_seeds_keep_words_and_lose_markup(hostile_build):
    md = html_text(hostile_build.article("hostile.md"))
    assert "Paragraph with a js link and img." in md
    assert "{{ page.title }} {% if true %}jinja{% endif %}" in md
    page = html_text(hostile_build.article("hostile.html"))
    # Text that was visible in the page, markup-like or not, survives as text.
    assert "Second paragraph carries <script>alert(21)</script> as visible text" in page
    assert "alert(18)" not in page and "alert(19)" not in page  # page scripts are not text


def test_page_metadata_is_inert(hostile_build):
    page = hostile_build.page("hostile-meta.txt")
    record = hostile_build.record("hostile-meta.txt")
    head = page[:page.index("</head>")]
    assert "<script>alert(23)" not in head and "onmouseover=\"alert" not in head
    assert "alert(23)" in head  # the title is shown, defused
    assert record["authors"][0] == '"><script>alert(26)</script>'  # data keeps the value
    assert record["language"] != 'en" onload="alert(28)'
    shown_tags = re.findall(r'class="md-tag"[^>]*>([^<]*)<', page)
    assert shown_tags and all(re.fullmatch(r"[\w .'’-]+", tag) for tag in shown_tags), shown_tags
    warnings = _problem_lines(hostile_build, "warning")
    assert any("'language' ignored" in w for w in warnings["hostile-meta.txt"])


def test_non_utf8_text_is_decoded_not_replaced(hostile_build):
    expected = {
        "windows-1252.txt": "Café owner says prices “will rise” – it’s the € Cp1252marker.",
        "latin-1.txt": "Straße in München: señor Ñandú paid ½ of the bill Latin1marker.",
        "utf-16.txt": "Ελληνικά and 日本語 text, Utf16marker.",
        "utf-16-be.txt": "Кириллица Utf16bemarker.",
    }
    for seed, sentence in expected.items():
        text = html_text(hostile_build.article(seed))
        assert sentence in text, seed
        assert "\ufffd" not in text and "Ã" not in text


def test_crlf_line_endings_become_paragraphs(hostile_build):
    article = hostile_build.article("crlf.txt")
    paragraphs = re.findall(r'<p id="p\d+">(.*?)</p>', article)
    assert paragraphs == ["First CRLF paragraph ends here.",
                          "Second CRLF paragraph, old Mac line end.", "Third CRLF paragraph."]
    assert hostile_build.record("crlf.txt")["title"] == "Crlf headline marker"
    page_md = hostile_build.project.docs / (hostile_build.record("crlf.txt")["page"][:-1] + ".md")
    assert b"\r" not in page_md.read_bytes()


def test_one_megabyte_line_builds_with_every_word(hostile_build):
    article = hostile_build.article("long-line.txt")
    paragraphs = re.findall(r'<p id="p\d+">(.*?)</p>', article)
    assert len(paragraphs) > 100  # cut into paragraphs, at sentence ends
    body = html_text("".join(f"<p>{p}</p>" for p in paragraphs))
    original = text_seeds()["long-line.txt"].decode("utf-8")
    assert words(body) == words(original)
    assert body.rstrip().endswith(LONG_LINE_END + ".")


def test_bad_and_non_scalar_fields_are_ignored_with_a_warning(hostile_build):
    warnings = _problem_lines(hostile_build, "warning")
    assert {w.split("'")[1] for w in warnings["non-scalar.txt"]} == {
        "title", "source", "authors", "tags", "slug", "id", "url", "date"}
    record = hostile_build.record("non-scalar.txt")
    assert record["title"].startswith("Nonscalarmarker opens the text")
    assert record["inferred"]["title"] == "lead"
    for seed, bad in (("bad-date.txt", "not a date"), ("impossible-date.txt", "2025-02-30")):
        assert any(bad in w for w in warnings[seed]), seed
        record = hostile_build.record(seed)
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", record["date"]) and record["date"] != bad
        assert "date" in record["inferred"]


def test_sidecar_problems_are_warnings(hostile_build):
    warnings = _problem_lines(hostile_build, "warning")
    for seed, warning in SIDECAR_WARNINGS.items():
        assert warning in warnings[seed]
    assert hostile_build.record("crlf.txt")["date"] != "2025-13-01"
    assert "Escaping sidecar entry" not in json.dumps(hostile_build.digest)


def test_titles_and_ids_that_clash_get_distinct_pages(hostile_build):
    for first, second, markers in (("same-title-1.txt", "same-title-2.txt",
                                    ("Samefirst", "Samesecond")),
                                   ("same-id-1.txt", "same-id-2.txt",
                                    ("Twinfirst", "Twinsecond"))):
        one, two = hostile_build.record(first), hostile_build.record(second)
        assert one["page"] != two["page"] and one["id"] != two["id"]
        assert markers[0] in hostile_build.article(first)
        assert markers[1] in hostile_build.article(second)
    assert any("already the id of same-id-1.txt" in w
               for w in _problem_lines(hostile_build, "warning")["same-id-2.txt"])


def test_fields_cannot_move_pages_out_of_the_output_folder(hostile_build):
    for seed in ("escape-relative.txt", "escape-absolute.txt"):
        record = hostile_build.record(seed)
        assert re.fullmatch(r"articles/\d{4}/\d{2}/[a-z0-9-]+/", record["page"]), record
        assert record["url"] == ""
        assert re.fullmatch(r"[a-z0-9-]+", record["id"])
    escaped = [path for path in hostile_build.after if "escaped" in path]
    # Output folders: docs/ (`generate`), the plugin's page folder in the cache, site/.
    assert all(path.startswith(("project/docs/articles/", "project/site/articles/",
                                "project/.cache/newsdigest/pages/articles/"))
               for path in escaped), escaped


def test_symlinks_out_of_seeds_publish_nothing(hostile_build):
    for folder in (hostile_build.project.site, hostile_build.project.docs):
        for path in folder.rglob("*"):
            if path.is_file():
                assert b"Secretoutside" not in path.read_bytes(), path


def test_nothing_written_or_deleted_outside_the_output(hostile_build):
    # Output folders: the site, the generated pages and the analysis cache (digest.yml: cache).
    outputs = ("project/site", "project/.cache")
    after = {path: digest for path, digest in hostile_build.after.items()
             if not path.startswith(outputs) and path not in hostile_build.generated()}
    generated_dirs = {path for path in after if after[path] == "dir"
                      and path.startswith("project/docs/") and path not in hostile_build.before}
    for path in generated_dirs:  # folders that only hold generated pages
        del after[path]
    assert after == hostile_build.before


def test_right_to_left_text_and_emoji_are_intact(hostile_build):
    text = html_text(hostile_build.article("rtl-emoji.txt"))
    for piece in ("שלום עולם", "مرحبا بالعالم", "النص العربي يبقى كما هو: السلام عليكم ورحمة الله.",
                  "עברית נשארת עברית, גם עם סימן \u200f כיוון.",
                  "👩‍👩‍👧 family, 🇺🇦 flag, 👍🏽 thumbs, ❤️ heart, 🧑🏿‍🚀 astronaut, "  # a line break
                  "🏴\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F Scotland.",
                  "全角の句読点もそのまま：２０２５年，東京！"):
        assert piece in text, piece
    assert hostile_build.record("rtl-emoji.txt")["title"].startswith("Rtlmarker שלום עולם")


def test_markup_in_a_file_name_is_shown_as_text(hostile_build):
    article = hostile_build.article(MARKUP_NAME)
    assert "<code>&lt;img src=x onerror=alert(29)&gt; name.txt</code>" in article
