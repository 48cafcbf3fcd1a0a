"""generator.render.cards: ranking by coverage and recency; concise headlines, never cut."""

from types import SimpleNamespace as NS

from generator.render.cards import HEADLINE_MAX_CHARS, card_headline, ranked, story_card

LONG = ("Officials in the capital said on Monday that the new bridge across the river would open "
        "next spring after three years of delays.")


def article(id_, source="", title="A headline", how="headline line", summary=LONG):
    inferred = {"title": how} if how else {}
    return NS(id=id_, source=source, title=title, inferred=inferred, summary=summary)


def story(id_, members, last="2025-10-16", lead=None, entities=()):
    return NS(id=id_, page=f"stories/{id_}.md", articles=[a.id for a in members], duplicates={},
              lead_article=lead or members[0].id, first_date=last, last_date=last,
              entities=list(entities))


def digest(articles, spun=(), entities=()):
    verdicts = {a.id: NS(quality=NS(spun=a.id in spun, score=0.5)) for a in articles}
    names = {e: NS(name=name) for e, name in entities}
    return NS(article_by_id={a.id: a for a in articles},
              links=NS(articles=verdicts, entity_by_id=names))


def test_more_outlets_rank_higher_and_age_halves_the_weight():
    arts = [article(f"a{i}", source=f"Outlet {i}") for i in range(4)]
    wide_old = story("wide", arts[:4], last="2025-10-14")  # 4 outlets, 2 days old: weight 1
    narrow_new = story("narrow", arts[:1], last="2025-10-16")  # 1 outlet, today: weight 1
    pair_new = story("pair", arts[:2], last="2025-10-16")  # 2 outlets, today: weight 2
    wide_older = story("older", arts[:4], last="2025-10-13")  # weight 0.5
    d = digest(arts)
    order = [s.id for s in ranked([wide_older, narrow_new, wide_old, pair_new], d)]
    assert order[0] == "pair" and order[-1] == "older"
    # Equal weight: the newer story first.
    assert order[1:3] == ["narrow", "wide"]


def test_headline_is_the_best_reports_real_headline_when_it_fits():
    lead = article("a", title="Cut lead sentence of the report", how="lead")
    other = article("b", title="Bridge to open next spring", how="headline line")
    d = digest([lead, other])
    assert card_headline(story("s", [lead, other]), d) == "Bridge to open next spring"


def test_spun_copy_never_gives_the_headline():
    clean = article("a", title="Bridge opening delayed", how="")
    spun = article("b", title="Bridge starting postponed", how="")
    d = digest([clean, spun], spun={"b"})
    assert card_headline(story("s", [spun, clean], lead="b"), d) == "Bridge opening delayed"


def test_no_headline_fits_a_whole_short_sentence_or_the_main_names_never_a_cut():
    short = article("a", title="x" * 120, how="", summary="The bridge opened. It rained.")
    d = digest([short])
    assert card_headline(story("s", [short]), d) == "The bridge opened"
    long_one = article("b", title="y" * 120, how="lead", summary=LONG)
    d = digest([long_one], entities=[("e1", "Jane Doe"), ("e2", "Springfield")])
    headline = card_headline(story("t", [long_one], entities=["e1", "e2"]), d)
    assert headline == "Jane Doe and Springfield"
    assert len(LONG) > HEADLINE_MAX_CHARS


def test_card_counts_reports_names_outlets_and_keeps_one_sentence():
    a = article("a", source="Daily News", summary="First sentence here. Second one.")
    b = article("b", source="")
    card = story_card(story("s", [a, b]), digest([a, b]))
    assert card.reports == 2
    assert card.outlets == ["Daily News", "Unknown source"]
    assert card.summary == "First sentence here."
