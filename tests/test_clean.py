from generator.clean import clean, looks_like_heading
from generator.ingest import read_seeds
from generator.models import RawDocument
from tests.conftest import SEEDS


def raw(text: str, heading_marks: bool = False) -> RawDocument:
    return RawDocument(seed="x.txt", format="txt", text=text, declared={}, content_hash="h",
                       heading_marks=heading_marks)


def seed_docs():
    return {d.seed[:3]: clean(d) for d in read_seeds(SEEDS).documents}


def test_seed_boilerplate_is_removed():
    docs = seed_docs()
    text_000 = " ".join(b.text for b in docs["000"].blocks)
    text_004 = " ".join(b.text for b in docs["004"].blocks)
    assert "Get breaking" not in text_000
    assert "breaking information alerts" not in text_000
    assert "Our reporters are currently covering" not in text_004
    assert "Leave a comment" not in text_004
    assert not text_004.endswith("Trending")
    assert docs["004"].removed == [
        "Our reporters are currently covering this news and will provide updates once "
        "additional details are obtained.", "Leave a comment", "Trending"]


def test_seed_credit_lines_are_kept_aside():
    doc = seed_docs()["000"]
    assert doc.credits == ["Related Press writers Fatima Hussein and Didi Tang contributed to "
                           "this report.", "© 2025 The Canadian Press"]
    assert all("©" not in b.text for b in doc.blocks)


def test_seed_section_headings_are_headings():
    headings = [b.text for b in seed_docs()["000"].blocks if b.kind == "h"]
    assert headings == ["Trump tries to show marketing campaign guarantees into actuality",
                        "Trump weighs Tomahawks for Ukraine",
                        "Indicators of White Home curiosity in new Russia sanctions"]


def test_common_furniture_from_other_sites_is_removed():
    lines = ["Advertisement", "Story continues below advertisement", "Share this article",
             "Sign up for our daily newsletter to get the news in your inbox.",
             "Follow us on Twitter", "Click here to read more", "5 min read",
             "Accept all cookies", "Real paragraph about the economy growing fast."]
    doc = clean(raw("\n".join(lines)))
    assert [b.text for b in doc.blocks] == ["Real paragraph about the economy growing fast."]
    assert len(doc.removed) == len(lines) - 1


def test_extra_furniture_patterns_from_config():
    doc = clean(raw("Paragraph one is here.\nBrought to you by Acme\n"),
                extra_furniture=[r"brought to you by .*"])
    assert doc.removed == ["Brought to you by Acme"]


def test_hard_wrapped_paragraph_is_joined():
    text = ("The government announced on Tuesday that it would raise\n"
            "taxes on fuel next year, a move that drew immediate protest\n"
            "from haulage firms and motoring groups across the country.\n")
    doc = clean(raw(text))
    assert len(doc.blocks) == 1 and doc.blocks[0].text.startswith("The government")


def test_blank_line_paragraphs_and_headline_line():
    doc = clean(raw("Ad sales boost Time Warner profit\n\nQuarterly profits at US media giant "
                    "TimeWarner jumped 76% to $1.13bn.\n"))
    assert doc.blocks[0].kind == "h"
    assert doc.blocks[1].kind == "p"


def test_heading_rule():
    assert looks_like_heading("Trump weighs Tomahawks for Ukraine")
    assert not looks_like_heading("He said it was over.")
    assert not looks_like_heading("“A quote without an end")
    assert not looks_like_heading("Trending")  # a single word is not a heading
    assert not looks_like_heading("lowercase start is not a heading")


def test_marked_headings_are_kept_for_markdown():
    doc = clean(raw("# Section\n\nText under it.", heading_marks=True))
    assert [(b.kind, b.text) for b in doc.blocks] == [("h", "Section"), ("p", "Text under it.")]


def test_headline_rules_from_the_bbc_corpus():
    from generator.clean import looks_like_headline
    body = "A much longer first paragraph follows the headline line in every case here."
    for headline in ("Economy 'stronger than forecast'", "What now for Kelly Holmes?",
                     "£1.8m indecency fine for Viacom", "iTunes now selling Band Aid song",
                     "Rivals of the £400 Apple..."):
        assert looks_like_headline(headline, body), headline
    assert not looks_like_headline("He said the plan had failed.", body)
    assert not looks_like_headline("Short", body)


def test_quoted_headline_end_and_broken_sentences():
    assert looks_like_heading("Economy 'stronger than forecast'")
    assert not looks_like_heading("The men's 800m went to form in Sheffield as")  # dangling
    doc = clean(raw("Intro paragraph that is long enough to be text.\n\nThe men's 800m went "
                    "to form in Sheffield\n\nwhen the favourite won easily.\n"))
    assert [b.kind for b in doc.blocks] == ["p", "p", "p"]  # next line continues the sentence
