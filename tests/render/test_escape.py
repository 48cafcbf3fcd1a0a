import markdown
import pytest

from generator.render.escape import escape_markdown, safe_inline, safe_tag

# The extensions mkdocs.yml enables, so the check matches what the site does.
EXTENSIONS = ["toc", "attr_list"]

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "![x](data:text/html;base64,PHNjcmlwdD4=)",
    "<div>\nblock html\n</div>",
    "--- ",
    "# fake heading",
    "1. fake list",
    "- fake item",
    "> fake quote",
    "`code` *em* __strong__",
    "{: onclick=\"alert(1)\" }",
    "&lt;script&gt; stays text",
    "{{ jinja }} {% block %}",
    "<https://example.com>",
    "=== ",
    "\\<script>",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_renders_as_one_plain_paragraph(text):
    html = markdown.markdown(escape_markdown(text), extensions=EXTENSIONS)
    assert html.startswith("<p>") and html.endswith("</p>")
    inner = html[3:-4]
    assert "<" not in inner and ">" not in inner  # no tag of any kind inside


def test_words_survive_escaping():
    text = "Trump’s *call* with [Putin] costs $5 & more — 100% (sure) #1"
    html = markdown.markdown(escape_markdown(text), extensions=EXTENSIONS)
    assert html == ("<p>Trump’s *call* with [Putin] costs $5 &amp; more — 100% (sure) #1</p>")


def test_safe_inline_leaves_no_tag_or_attribute_breakout():
    out = safe_inline('Title </title><script>x</script> "quoted" & more')
    assert "<" not in out and ">" not in out and '"' not in out
    assert "“quoted”" in out


def test_safe_tag_keeps_words_only():
    assert safe_tag("Ukraine war!") == "Ukraine war"
    assert "<" not in safe_tag("<script>x</script>")
