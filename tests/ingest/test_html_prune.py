"""Elements a browser would not show are not article text: small pages written for each rule."""

from lxml import html as lxml_html

from generator.ingest.html_prune import drop_hidden, is_hidden, is_teaser_block, teaser_texts
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


def test_teasers_for_other_stories_on_the_same_site_are_dropped():
    prose = [f"<p>Paragraph {i}: the council said the <a href='/bridge-plan'>new plan</a> for "
             "the old bridge over the river would be put to residents before any work began.</p>"
             for i in range(4)]
    teasers = ("<p>READ MORE: <a href='/news/2019/harbour-ferries-to-stop-running'>Harbour "
               "ferries to stop running after the winter storms</a></p>"
               "<p><a href='https://www.example.org/news/1/a'>Mayor denies claims about the "
               "budget</a> [INSIGHT]<br><a href='/news/2/b'>Rail strike called off at the last "
               "minute</a> [VIDEO]</p>")
    page = (f"<html><body><article>{''.join(prose[:2])}{teasers}{''.join(prose[2:])}"
            "</article></body></html>")
    text = read_html(page.encode(), url="https://www.example.org/news/bridge").text
    assert "Paragraph 3" in text and "new plan" in text
    for teaser in ("Harbour ferries", "Mayor denies", "Rail strike"):
        assert teaser not in text, teaser


def test_only_links_to_the_same_site_make_a_teaser():
    tree = lxml_html.fromstring(
        "<div><p><a href='https://other.example.net/report'>The engineers' full report on the "
        "bridge</a></p><p><a href='//www.example.org/a'>Mayor denies claims about the budget"
        "</a></p><p>Said <a href='/b'>the mayor</a> to reporters after the long meeting.</p>"
        "<p><a href='/c'>Short link</a></p></div>")
    assert teaser_texts(tree, "example.org") == {"mayor denies claims about the budget"}
    assert teaser_texts(tree, "") == set()  # no host known: only paths count, none long here


def test_teaser_blocks_are_recognised_when_joined_or_split():
    teasers = {"mayor denies claims about the budget insight rail strike called off video"}
    assert is_teaser_block("Mayor denies claims about the budget [INSIGHT]", teasers)
    assert is_teaser_block("Rail strike called off", teasers)
    assert not is_teaser_block("The mayor spoke about the budget on Tuesday.", teasers)
    assert not is_teaser_block("[VIDEO]", teasers)  # too short to say which block it was
