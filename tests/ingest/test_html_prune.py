"""Elements a browser would not show are not article text: small pages written for each rule."""

from lxml import html as lxml_html

from generator.ingest.html_prune import drop_hidden, is_hidden
from generator.ingest.readers import read_html

ARTICLE = ("<p>The council voted on Tuesday to rebuild the old bridge over the river, after "
           "two years of delays and a long public consultation with residents.</p>"
           "<p>Work starts in spring and should take eighteen months, the engineers said at a "
           "meeting in the town hall on Tuesday evening.</p>")


def test_hidden_block_does_not_reach_the_body():
    # A long hidden block makes the visible article look like a small share of the page, so
    # trafilatura's recall fallback reads the raw page, hidden text included (unless pruned).
    hidden = ('<div style="display: none">' + "".join(
        f"<p>Hidden story {i}: a different article about the harbour, its ferries and the "
        "fishermen who still land their catch at dawn every morning.</p>" for i in range(12))
        + '<div itemprop="datePublished">2019-11-19T08:57:40+01:00</div></div>')
    page = f"<html><body><article>{ARTICLE}{hidden}</article></body></html>"
    text = read_html(page.encode()).text
    assert "eighteen months" in text
    assert "Hidden story" not in text and "2019-11-19T08" not in text


def test_hidden_inline_element_keeps_the_text_after_it():
    tree = lxml_html.fromstring('<div><p>Before <span hidden>secret</span> after.</p>'
                                '<p style="visibility:hidden">gone</p><p>kept</p></div>')
    drop_hidden(tree)
    assert " ".join(tree.text_content().split()) == "Before after.kept"


def test_only_styles_that_hide_count():
    assert is_hidden(lxml_html.fromstring('<p style="color:red; display:none">x</p>'))
    assert not is_hidden(lxml_html.fromstring('<p style="display:block">x</p>'))
    assert not is_hidden(lxml_html.fromstring('<p data-display="none">x</p>'))
