"""The .html reader treats page metadata as evidence: small pages written for each rule."""

from generator.ingest.html_meta import (
    choose_source,
    clean_authors,
    declared_date,
    is_bare_url_or_timestamp,
    is_furniture_title,
    strip_site_name,
    url_date,
)
from generator.ingest.readers import read_html

PARAGRAPH = ("<p>The council voted on Tuesday to rebuild the old bridge over the river, "
             "after two years of delays and a long public consultation.</p>")


def page(head: str = "", body: str = "", charset: str = "utf-8") -> str:
    return (f'<html><head><meta charset="{charset}">{head}</head><body><article>{body}'
            f"{PARAGRAPH}<p>Work starts in spring and should take eighteen months, the "
            "engineers said at a meeting with residents.</p></article></body></html>")


def test_site_name_suffix_and_prefix_are_stripped():
    assert strip_site_name("NASA adds five - SpaceNews.com", [], "spacenews.com") == \
        "NASA adds five"
    assert strip_site_name("Clashes in the north | Al Bawaba", [], "www.albawaba.com") == \
        "Clashes in the north"
    assert strip_site_name("Example Times - Bridge vote", ["Example Times"], "") == "Bridge vote"
    # A segment that only mentions the site among other words is part of the headline.
    assert strip_site_name("Take care - Comwrap at the fair 2018", ["Comwrap"], "") == \
        "Take care - Comwrap at the fair 2018"


def test_furniture_title_falls_back_to_og_title():
    html = page('<title>Get Slate in your inbox.</title>'
                '<meta property="og:title" content="Bridge to be rebuilt">', "<h1>Other</h1>")
    assert read_html(html.encode()).declared["title"] == "Bridge to be rebuilt"
    assert is_furniture_title("Follow us on Twitter")
    assert not is_furniture_title("Council follows plan for bridge")


def test_authors_are_cleaned_and_agencies_go_to_source():
    assert clean_authors(["By Jane Doe, Senior Reporter"], [], "x.com") == (["Jane Doe"], None)
    assert clean_authors(["PATRICK REEVELL December 3, 2019"], [], "x.com") == \
        (["Patrick Reevell"], None)
    assert clean_authors(["Steven Shepard Link Copied"], [], "x.com") == (["Steven Shepard"], None)
    assert clean_authors(["ERIC TUCKER Associated Press"], [], "x.com") == \
        (["Eric Tucker"], "The Associated Press")
    for furniture in ("Lesedauer", "See full bio", "Dec", "Natasha Daly •12 min read"):
        names, _ = clean_authors([furniture], [], "x.com")
        assert names in ([], ["Natasha Daly"]), furniture


def test_invented_author_is_not_declared():
    html = page('<title>Bridge vote</title><meta name="author" content="See full bio">')
    assert "authors" not in read_html(html.encode()).declared


def test_stub_source_becomes_the_host():
    assert choose_source(["Nj"], "www.nj.com", None) == "nj.com"
    assert choose_source(["Hosted"], "hosted.ap.org", "The Associated Press") == \
        "The Associated Press"
    assert choose_source(["https://example.org/"], "example.org", None) == "example.org"
    assert choose_source(["CNN"], "edition.cnn.com", None) == "CNN"


def test_table_rows_are_kept_as_readable_rows():
    table = ("<p>Final standings after 36 rounds of the season are below, with points.</p>"
             "<table><tr><th>Team</th><th>Points</th></tr><tr><td>Alpha</td><td>80</td></tr>"
             "<tr><td>Beta</td><td>75</td></tr></table>")
    blocks = read_html(page("<title>Standings</title>", table).encode()).text.split("\n\n")
    assert "Alpha · 80" in blocks and "Beta · 75" in blocks


def test_shift_jis_and_euc_jp_pages_are_decoded_by_their_meta_charset():
    japanese = "橋の再建が決まりました。工事は春に始まります。"
    for charset in ("shift_jis", "euc-jp"):
        html = page("<title>橋</title>", f"<p>{japanese * 4}</p>", charset=charset)
        out = read_html(html.encode(charset))
        assert japanese in out.text, charset


def test_http_header_charset_is_used_when_the_page_declares_none():
    russian = "Совет проголосовал за восстановление старого моста через реку. "
    html = ("<html><head><title>Мост</title></head><body><article><p>" + russian * 3
            + "</p></article></body></html>")
    out = read_html(html.encode("koi8-r"), http_charset="koi8-r")
    assert russian.strip() in out.text


def test_leading_heading_like_the_title_and_timestamp_are_dropped():
    body = "<h2>Bridge to be rebuilt soon</h2><p>Published 10:32 AM EST Nov 19, 2019</p>"
    out = read_html(page("<title>Bridge to be rebuilt</title>", body).encode())
    assert out.text.startswith("The council voted")
    assert is_bare_url_or_timestamp("https://example.org/a")
    assert not is_bare_url_or_timestamp("The council said on Nov 19 that it would vote.")


def test_date_from_the_url_when_it_carries_one():
    out = read_html(page("<title>Bridge</title>").encode(),
                    url="https://example.org/2019/11/19/bridge.html")
    assert out.declared["date"] == "2019-11-19"
    assert url_date("https://example.org/2999/01/01/x") is None  # never in the future
    assert url_date("https://example.org/a-11574168580") is None


def test_undated_page_says_date_unknown_on_its_page(tmp_path):
    from generator.config import load_settings
    from generator.pipeline import generate
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "bridge.html").write_text(page("<title>Bridge vote</title>"), encoding="utf-8")
    settings = load_settings(tmp_path, {"seeds": seeds, "docs": tmp_path / "docs",
                                        "cache": tmp_path / "cache"})
    result = generate(settings)
    (article,) = result.digest.articles
    text = (tmp_path / "docs" / article.page).read_text(encoding="utf-8")
    assert "date unknown" in text
    assert article.inferred["date"].endswith("(guess)")


def test_repeated_headline_block_is_dropped():
    body = "<p>Bridge to be rebuilt</p>"
    out = read_html(page("<title>Bridge to be rebuilt</title>", PARAGRAPH + body).encode())
    assert "Bridge to be rebuilt" not in out.text.split("\n\n")


def test_outlets_credited_as_authors_are_not_people():
    for outlet in ("Jerusalem Post", "Fox News", "The Water Coolest", "Science X staff"):
        assert clean_authors([outlet], [], "x.com")[0] == [], outlet
    assert clean_authors(["Ann Daly"], [], "x.com")[0] == ["Ann Daly"]


def test_section_labels_and_the_pages_own_headline_wording():
    assert strip_site_name("Opinion | Is the bridge worth it?", [], "x.com") == \
        "Is the bridge worth it?"
    # A site's name followed by more words (no separator) is part of the headline.
    assert strip_site_name("The Courier view on the bridge | Editorial", ["The Courier"],
                           "courier.example") == "The Courier view on the bridge"
    html = page("<title>'We will build it,' mayor says | Courier</title>",
                "<h1>‘We will build it,’ mayor says</h1>")
    assert read_html(html.encode()).declared["title"] == "‘We will build it,’ mayor says"


def test_json_ld_person_wins_over_a_company_in_meta_author():
    graph = ('{"@context": "https://schema.org", "@graph": ['
             '{"@type": "WebPage", "name": "Bridge"},'
             '{"@type": "Organization", "name": "Example Holdings"},'
             '{"@type": "NewsArticle", "headline": "Bridge to be rebuilt",'
             ' "author": [{"@type": "Person", "name": "Jane Roe"}],'
             ' "datePublished": "2019-11-19T08:00:00Z"}]}')
    html = page('<title>Bridge to be rebuilt</title><meta name="author" content="Acme Holdings">'
                f'<script type="application/ld+json">{graph}</script>')
    declared = read_html(html.encode()).declared
    assert declared["authors"] == ["Jane Roe"]
    assert declared["date"] == "2019-11-19"


def test_surname_that_is_an_outlet_word_is_a_person():
    assert clean_authors(["Jane Post"], [], "x.com")[0] == ["Jane Post"]
    assert clean_authors(["Bill Press"], [], "x.com")[0] == ["Bill Press"]
    for outlet in ("Washington Post", "New York Post", "Detroit Free Press"):
        assert clean_authors([outlet], [], "x.com")[0] == [], outlet


def test_credit_labels_affiliations_and_initials():
    assert clean_authors(["Text: Jane Roe"], [], "x.com")[0] == ["Jane Roe"]
    assert clean_authors(["Текст Анна Петрова"], [], "x.ru")[0] == ["Анна Петрова"]
    assert clean_authors(["Jane Roe. Example International"], [], "x.com")[0] == ["Jane Roe"]
    assert clean_authors(["Sarah E. Needleman"], [], "x.com")[0] == ["Sarah E. Needleman"]
    # The same person written twice, with and without a middle initial, is one author.
    assert clean_authors(["Troy Smith; Troy L. Smith"], [], "x.com")[0] == ["Troy Smith"]


def test_credit_starting_with_the_sites_name_is_the_outlet():
    assert clean_authors(["Jill Roe, CNN Business"], ["CNN"], "edition.cnn.com") == \
        (["Jill Roe"], "CNN Business")


def test_placeholder_date_is_no_date():
    assert declared_date("0001-01-01T00:00:00Z") is None
    assert declared_date("2019-11-19T23:30:00-05:00") == "2019-11-19"
    html = page('<title>Bridge vote</title>'
                '<meta property="article:published_time" content="0001-01-01T00:00:00Z">')
    assert "date" not in read_html(html.encode()).declared


def test_sources_that_name_nothing_fall_back():
    assert choose_source(["Copyright 2014"], "www.example.com.br", None) == "example.com.br"
    assert choose_source(["detroitnews", "The Detroit News"], "www.detroitnews.com", None) \
        == "The Detroit News"
    assert choose_source(["Wday_"], "www.wday.ru", None) == "wday.ru"
    assert choose_source(["oregonlive"], "www.oregonlive.com", None) == "oregonlive.com"
    assert choose_source(["Newsweek"], "www.newsweek.com", None) == "Newsweek"


def test_short_logo_heading_is_not_the_title():
    html = page('<title>Bridge to be rebuilt after years of delay - Courier</title>'
                '<meta property="og:site_name" content="Courier">', "<h1>Courier Daily</h1>")
    assert read_html(html.encode()).declared["title"] == \
        "Bridge to be rebuilt after years of delay"
    # A short headline that the <title> repeats is the headline.
    html = page("<title>About bridges – Example Engineering Works</title>",
                "<h1>About bridges</h1>")
    assert read_html(html.encode()).declared["title"] == "About bridges"


def test_credit_found_only_in_metadata_is_not_an_author():
    # A CMS account in a JSON-LD @graph Person node, never shown on the page.
    graph = ('{"@graph": [{"@type": "Article", "author": {"@id": "#p"}},'
             '{"@type": "Person", "@id": "#p", "name": "Site Admin Account"}]}')
    filler = "".join(f"<p>Residents met again on day {i} to discuss the bridge plans "
                     "and the road closures they will bring.</p>" for i in range(8))
    html = page('<title>Bridge vote</title><meta name="author" content="Jane Roe">'
                '<meta name="author" content="Kevin Account">'
                f'<script type="application/ld+json">{graph}</script>',
                f"<p class='byline'>By Jane Roe</p>{filler}")
    assert read_html(html.encode()).declared["authors"] == ["Jane Roe"]
