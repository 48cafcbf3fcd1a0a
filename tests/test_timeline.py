"""generator.timeline: events merged across articles, in time order, built by the real pipeline."""

import pickle
import pickletools
from dataclasses import fields, replace

import pytest

from generator.analyse.quality import SPIN_SIGNALS, assess
from generator.analyse.statements import _open_quote_count
from generator.config import load_settings
from generator.pipeline import build_digest
from generator.timeline import (
    _ENTRY_ROW_FIELDS,
    _FACT_COLUMNS,
    _FACTS_FROM_TOKENS,
    Citation,
    TimelineEntry,
    _GroupFacts,
    _pack_entries,
    _unpack_entries,
    build_timeline,
)
from generator.timex_value import UNDATED, parse


def build(project, seeds: dict[str, str]):
    for name, text in seeds.items():
        project.add_seed(name, text)
    digest, problems = build_digest(load_settings(project.path))
    assert problems == []
    return digest


def seed(date: str, source: str, body: str) -> str:
    return f"---\ndate: {date}\nsource: {source}\n---\n{body}\n"


def test_entries_are_in_time_order_winter_after_october_undated_last(project):
    digest = build(project, {"a.txt": seed("2025-10-16", "Daily", (
        "Donald Trump met Vladimir Putin in Alaska in August.\n\n"
        "Trump spoke to Volodymyr Zelenskyy on Thursday.\n\n"
        "Trump and Putin will meet again next winter.\n\n"
        "A date for the Budapest summit has not been set."))})
    dates = [e.date for e in digest.timeline]
    assert dates == ["2025-08", "2025-10-16", "2025-WI", UNDATED]
    assert [e.sort_key for e in digest.timeline] == sorted(e.sort_key for e in digest.timeline)
    winter = digest.timeline[2]
    assert winter.upcoming and winter.granularity == "season"


def test_one_event_reported_by_two_outlets_is_one_entry_citing_both(project):
    digest = build(project, {
        "a.txt": seed("2025-03-06", "Daily", "Filler about the weather.\n\nDonald Trump "
                      "called Vladimir Putin on Thursday to discuss the war in Ukraine."),
        "b.txt": seed("2025-03-06", "Herald", "Donald Trump called Vladimir Putin on "
                      "Thursday about Ukraine, the Kremlin said."),
    })
    (call,) = [e for e in digest.timeline if e.date == "2025-03-06"]
    cited = {(digest.article_by_id[c.article].source, c.paragraph) for c in call.sources}
    assert cited == {("Daily", 2), ("Herald", 1)}


def test_events_of_one_day_with_nothing_in_common_stay_apart(project):
    digest = build(project, {
        "a.txt": seed("2025-03-06", "Daily", "Donald Trump called Vladimir Putin on Thursday "
                      "to discuss Ukraine."),
        "b.txt": seed("2025-03-06", "Herald", "Angela Merkel opened a new bridge in Hamburg "
                      "on Thursday, officials said."),
    })
    assert len([e for e in digest.timeline if e.date == "2025-03-06"]) == 2


def test_entry_granularity_is_the_value_granularity(project):
    digest = build(project, {"a.txt": seed("2025-10-16", "Daily",
                                           "Airbus delivered 60 jets in the third quarter "
                                           "of 2025, Guillaume Faury said.")})
    (entry,) = digest.timeline
    assert (entry.date, entry.granularity) == ("2025-Q3", parse("2025-Q3").granularity)


# --- the bundled seeds: a clean report and a spun copy of the same story ---------------------


@pytest.fixture(scope="module")
def seeds_digest(tmp_path_factory):
    from tests.conftest import SEEDS
    root = tmp_path_factory.mktemp("timeline-seeds")
    digest, problems = build_digest(load_settings(root, {"seeds": SEEDS, "cache": root / "c"}))
    assert problems == []
    return digest


def on(digest, day):
    return [e for e in digest.timeline if parse(e.date).on_calendar
            and parse(e.date).start == tuple(int(x) for x in day.split("-"))
            and parse(e.date).granularity in ("day", "time")]


def test_seed_events_keep_their_dates(seeds_digest):
    both = {a.id for a in seeds_digest.articles}
    (call,) = [e for e in on(seeds_digest, "2025-10-16") if "call" in e.text.lower()]
    assert set(call.articles) == both and not call.upcoming
    (friday,) = on(seeds_digest, "2025-10-17")
    assert friday.upcoming and set(friday.articles) == both and "Zelenskyy" in friday.text
    assert any("Israel and Egypt" in e.text for e in on(seeds_digest, "2025-10-13"))
    assert any("Sunday" in e.text for e in on(seeds_digest, "2025-10-12"))
    assert any("dinner" in e.text for e in on(seeds_digest, "2025-10-15"))
    assert any("Alaska" in e.text for e in seeds_digest.timeline if e.date == "2025-08")
    (budapest,) = [e for e in seeds_digest.timeline if e.date == UNDATED]
    assert budapest.upcoming and set(budapest.articles) == both


def test_background_both_sources_date_to_a_year_or_a_week_is_one_entry(seeds_digest):
    # The spun copy rewords it ("the truce" for "the ceasefire"): in one story the shared
    # actors and date suffice.
    both = {a.id for a in seeds_digest.articles}
    for value in ("2024", "2025-W42"):
        (entry,) = [e for e in seeds_digest.timeline if e.date == value]
        assert set(entry.articles) == both, value


def test_no_entry_has_spun_wording(seeds_digest):
    quality = {a: linked.quality for a, linked in seeds_digest.links.articles.items()}
    spun_ids = {a for a, q in quality.items() if q.spun}
    spun_forms = [s for a in spun_ids for s, _ in quality[a].substitutions]
    assert spun_forms  # the spun copy is recognised, so the check below means something
    for entry in seeds_digest.timeline:
        found = [r for r in assess(entry.text).reasons if r.signal in SPIN_SIGNALS]
        assert found == [], (entry.text, found)
        assert not any(form in entry.text for form in spun_forms), entry.text
        for word in ("beforehand", " yr", "give attention", "warfare", " 2 leaders"):
            assert word not in entry.text, entry.text


def test_events_only_a_spun_copy_reports_are_marked(seeds_digest):
    quality = {a: linked.quality for a, linked in seeds_digest.links.articles.items()}
    alaska = next(e for e in seeds_digest.timeline if e.date == "2025-08")
    assert quality[alaska.lead.article].spun and alaska.spun_text
    assert alaska.text == "The two leaders previously met in Alaska in August."
    for entry in seeds_digest.timeline:
        assert entry.spun_text == quality[entry.lead.article].spun


def test_every_entry_is_one_whole_statement(seeds_digest):
    for entry in seeds_digest.timeline:
        text = entry.text
        assert _open_quote_count(text) == 0 and text.count("“") == text.count("”"), text
        assert text.lstrip("“\"")[:1].isupper(), text
        assert text.rstrip("”\"’")[-1:] in ".!?", text
    sunday_quote = next(e.text for e in on(seeds_digest, "2025-10-12") if "believe" in e.text)
    assert sunday_quote.startswith("“Are they hoping")


def test_leading_pronoun_becomes_the_named_actor(seeds_digest):
    (monday,) = on(seeds_digest, "2025-10-13")
    assert monday.text.startswith("Trump celebrated")


def test_multi_event_sentence_gives_the_clause_of_the_dated_event(seeds_digest):
    (friday,) = on(seeds_digest, "2025-10-17")
    assert "who has been urging" not in friday.text  # another predication, about Zelenskyy


def test_one_day_told_at_two_precisions_is_one_entry_at_the_finer(project):
    digest = build(project, {
        "a.txt": seed("2025-10-16", "Daily", "Donald Trump dined with Steve Witkoff on "
                      "Wednesday at the White House."),
        "b.txt": seed("2025-10-16", "Herald", "Donald Trump dined with Steve Witkoff at the "
                      "White House on Wednesday evening."),
    })
    (dinner,) = [e for e in digest.timeline if e.date.startswith("2025-10-15")]
    assert dinner.date == "2025-10-15TEV" and len(dinner.articles) == 2


def test_a_company_event_told_as_the_firm_is_on_the_company_timeline(project):
    digest = build(project, {"a.txt": (
        "---\ndate: 2025-10-16\ntitle: Airbus delays A380 deliveries\nsource: Daily\n---\n"
        "Airbus said on Monday that deliveries would slip.\n\n"
        "The company cut its forecast in March.")})
    airbus = next(e.id for e in digest.links.entities if e.name == "Airbus")
    march = next(e for e in digest.timeline if e.date == "2025-03")
    assert airbus in march.entities


def test_an_undated_report_is_dated_by_context_and_joins_no_dated_entry_by_day_alone(project):
    digest = build(project, {"a.txt": seed("2025-03-07", "Daily", (
        "Donald Trump called Vladimir Putin on Thursday.\n\n"
        "Angela Merkel opened a new bridge in Hamburg."))})
    call, bridge = sorted(digest.timeline, key=lambda e: "Merkel" in e.text)
    assert (call.date, call.dated_by_context) == ("2025-03-06", False)
    assert (bridge.date, bridge.dated_by_context) == ("2025-03-06", True)


def test_one_event_told_in_a_year_and_on_a_day_by_two_outlets_is_one_entry(project):
    digest = build(project, {
        "a.txt": seed("2010-06-08", "Daily", "Filler about the weather.\n\nSteve Jobs "
                      "introduced the iPhone 4 at the Apple developers conference on Monday."),
        "b.txt": seed("2010-11-02", "Herald", "The iPhone 4 was introduced by Steve Jobs at "
                      "the Apple developers conference in 2010."),
    })
    (launch,) = [e for e in digest.timeline if "introduced" in e.text]
    assert launch.date == "2010-06-07" and not launch.dated_by_context
    assert {digest.article_by_id[c.article].source for c in launch.sources} == \
        {"Daily", "Herald"}


def test_a_report_dated_by_context_joins_a_recent_date_of_another_source_not_an_old_one(
        project):
    digest = build(project, {
        "a.txt": seed("2007-10-15", "Daily", "Airbus delivered the first A380 superjumbo to "
                      "Singapore Airlines today in Toulouse."),
        # No date of its own: dated by context, five days later and five months later.
        "b.txt": seed("2007-10-20", "Herald", "Airbus delivered its first A380 superjumbo to "
                      "Singapore Airlines, the launch customer."),
        "c.txt": seed("2008-03-01", "Gazette", "Quarterly figures are out.\n\nAirbus "
                      "delivered the first A380 superjumbo to Singapore Airlines after delays."),
    })
    delivered = sorted((e for e in digest.timeline if "delivered" in e.text),
                       key=lambda e: e.sort_key)
    assert [(e.date, len(e.sources), e.dated_by_context) for e in delivered] == \
        [("2007-10-15", 2, False), ("2008-03-01", 1, True)]


def test_a_kept_join_choice_is_made_again_when_a_report_it_can_join_arrives(project):
    later = {"b.txt": seed("2007-10-20", "Herald", "Airbus delivered its first A380 "
                           "superjumbo to Singapore Airlines, the launch customer.")}
    digest = build(project, later)
    held: dict = {}
    build_timeline(digest.articles, digest.links, held)
    # The dated report arrives: the kept report (the same group) has a candidate now.
    digest = build(project, {"a.txt": seed("2007-10-15", "Daily", (
        "Airbus delivered the first A380 superjumbo to Singapore Airlines today in "
        "Toulouse."))})
    assert set(held["timeline"].readings) >= {a.id for a in digest.articles
                                              if a.seed == "b.txt"}
    warm = build_timeline(digest.articles, digest.links, held)
    assert [repr(e) for e in warm] == [repr(e) for e in digest.timeline]
    (delivered,) = [e for e in warm if "delivered" in e.text]
    assert (delivered.date, len(delivered.sources)) == ("2007-10-15", 2)


def test_a_kept_join_choice_is_made_again_when_the_report_it_joined_leaves(project):
    dated = {"a.txt": seed("2007-10-15", "Daily", "Airbus delivered the first A380 superjumbo "
                           "to Singapore Airlines today in Toulouse.")}
    later = {"b.txt": seed("2007-10-20", "Herald", "Airbus delivered its first A380 "
                           "superjumbo to Singapore Airlines, the launch customer.")}
    digest = build(project, {**dated, **later})
    held: dict = {}
    build_timeline(digest.articles, digest.links, held)
    (project.seeds / "a.txt").unlink()
    digest = build(project, {})
    held["timeline"] = pickle.loads(pickle.dumps(held["timeline"]))
    warm = build_timeline(digest.articles, digest.links, held)
    assert [repr(e) for e in warm] == [repr(e) for e in digest.timeline]
    (delivered,) = [e for e in warm if "delivered" in e.text]
    assert (delivered.date, delivered.dated_by_context) == ("2007-10-20", True)


def test_a_warm_run_knows_the_groups_that_came_and_went_from_their_serials(project,
                                                                          monkeypatch):
    import generator.timeline as timeline_stage
    came_or_went = []
    real = timeline_stage._serials_and_facts

    def spy(*args):
        found = real(*args)
        came_or_went.append(found[2])
        return found

    digest = build(project, {"a.txt": seed("2007-10-15", "Daily", "Airbus delivered the first "
                                           "A380 superjumbo to Singapore Airlines today."),
                             "b.txt": seed("2007-10-16", "Herald", "Boeing flew the 787 "
                                           "Dreamliner over Seattle on 16 October 2007.")})
    held: dict = {}
    build_timeline(digest.articles, digest.links, held)
    gone = {identity: fact for identity, (_, fact) in held["timeline"].facts.items()
            if "boeing" in fact.entities}
    (project.seeds / "b.txt").unlink()
    digest = build(project, {"c.txt": seed("2007-10-17", "Gazette", "Qantas flew its first "
                                           "A380 to Sydney on 17 October 2007.")})
    held["timeline"] = pickle.loads(pickle.dumps(held["timeline"]))
    monkeypatch.setattr(timeline_stage, "_serials_and_facts", spy)
    build_timeline(digest.articles, digest.links, held)
    (changed,) = came_or_went
    assert gone and changed
    # Only the groups of the removed and the new report, not the kept Airbus group.
    assert all("airbus" not in fact.entities or "qantas" in fact.entities for fact in changed)
    assert any("boeing" in fact.entities for fact in changed)
    assert any("qantas" in fact.entities for fact in changed)


def test_a_product_event_is_its_maker_event_too_listed_after_the_named_actors(project):
    digest = build(project, {"a.txt": seed("2007-07-09", "Daily", (
        "Boeing unveiled the Boeing 787 Dreamliner at its Everett factory on Sunday.\n\n"
        "The Boeing 787 Dreamliner flew over Seattle in Washington on Monday."))})
    (flight,) = [e for e in digest.timeline if "flew" in e.text]
    assert flight.entities[-1] == "boeing" and "boeing" not in flight.entities[:-1]


def test_a_kept_entry_is_made_again_when_its_actor_now_belongs_to_other_organisations(
        project):
    digest = build(project, {"a.txt": seed("2007-07-09", "Daily", (
        "Boeing unveiled the Boeing 787 Dreamliner at its Everett factory on Sunday.\n\n"
        "The Boeing 787 Dreamliner flew over Seattle in Washington on Monday."))})
    held: dict = {}
    first = build_timeline(digest.articles, digest.links, held)
    assert [repr(e) for e in first] == [repr(e) for e in digest.timeline]
    # The previous run had the product under another maker; its entries said so.
    memo = held["timeline"]
    (flight,) = [e for e in first if "flew" in e.text]
    product = flight.entities[0]
    memo.parents = {**memo.parents, product: ["airbus"]}
    memo.entries = {key: replace(e, entities=[*e.entities, "airbus"])
                    if product in e.entities else e for key, e in memo.entries.items()}
    again = build_timeline(digest.articles, digest.links, held)
    assert [repr(e) for e in again] == [repr(e) for e in first]


def test_the_aircraft_refers_to_the_product_the_lead_names_when_the_headline_names_none(
        project):
    digest = build(project, {"a.txt": (
        "---\ntitle: World's largest passenger airliner makes first flight\ndate: 2005-04-27\n"
        "source: Daily\n---\nThe Airbus A380 made its maiden flight from Toulouse on "
        "Wednesday morning.\n\nThe aircraft flew into clear blue skies with a crew of six.\n")})
    (flew,) = [e for e in digest.timeline if "flew" in e.text]
    assert "airbus-a380" in flew.entities and flew.dated_by_context


def test_a_terse_report_whose_words_a_fuller_one_holds_joins_it(project):
    digest = build(project, {
        "a.txt": seed("2011-08-25", "Daily", "Steve Jobs has been fighting pancreatic cancer "
                      "since 2004."),
        "b.txt": seed("2011-01-18", "Herald", "Steve Jobs fought pancreatic cancer in 2004 and "
                      "took six months off in early 2009 for a liver transplant."),
    })
    (cancer,) = [e for e in digest.timeline if e.date == "2004"]
    assert len(cancer.articles) == 2


def test_a_written_headline_joins_the_lead_event_and_is_cited_as_paragraph_0(project):
    digest = build(project, {"a.txt": (
        "---\ntitle: Boeing delays Dreamliner again\ndate: 2025-03-06\nsource: Daily\n---\n"
        "Boeing said on Tuesday that the 787 Dreamliner would be delayed by six months.\n\n"
        "Filler about the weather.\n")})
    (entry,) = [e for e in digest.timeline if e.date == "2025-03-04"]
    assert sorted(c.paragraph for c in entry.sources) == [0, 1]
    assert entry.text.startswith("Boeing said on Tuesday")  # the body's wording, not headline
    assert len(digest.timeline) == 1


def test_a_title_made_from_the_lead_makes_no_headline_event(project):
    digest = build(project, {"a.txt": seed(
        "2025-03-06", "Daily", "Boeing said on Tuesday that the Dreamliner is delayed.")})
    assert [c.paragraph for e in digest.timeline for c in e.sources] == [1]


def test_one_year_later_opening_a_paragraph_counts_from_the_year_named_before(project):
    digest = build(project, {"a.txt": seed("2011-10-06", "Daily", (
        "Steve Jobs introduced the Macintosh in 1984.\n\n"
        "One year later Steve Jobs was fired from Apple."))})
    assert {e.date for e in digest.timeline} == {"1984", "1985"}


def test_a_shorter_name_of_the_headline_product_is_that_product(project):
    digest = build(project, {"a.txt": (
        "---\ntitle: Apple unveils iPhone 4\ndate: 2010-06-08\nsource: Daily\n---\n"
        "Filler about the weather in California.\n\n"
        "The new iPhone was praised by Steve Jobs on Monday.\n\n"
        "Apple said on Tuesday that Apple makes computers.\n")})
    (praised,) = [e for e in digest.timeline if "praised" in e.text]
    assert "iphone-4" in praised.entities
    (computers,) = [e for e in digest.timeline if "computers" in e.text]
    assert "iphone-4" not in computers.entities  # the maker is not its product


def test_a_report_naming_one_actor_and_its_day_joins_the_same_act_dated_by_context(project):
    digest = build(project, {
        # Its date is its own ("On August 24"): those words say nothing about the act.
        "a.txt": seed("2011-10-06", "Daily", "On August 24, Steve Jobs resigned from his "
                      "post as chief executive."),
        # No date of its own: dated by context, the next day; and another act of his.
        "b.txt": seed("2011-08-25", "Herald", "Steve Jobs resigned from his post in a letter "
                      "to the board.\n\nSteve Jobs praised the staff of the Cupertino campus."),
    })
    (resigned,) = [e for e in digest.timeline if "resigned" in e.text]
    assert resigned.date == "2011-08-24"
    assert {digest.article_by_id[c.article].source for c in resigned.sources} == \
        {"Daily", "Herald"}
    (praised,) = [e for e in digest.timeline if "praised" in e.text]
    assert (praised.date, len(praised.sources)) == ("2011-08-25", 1)


def test_a_terse_report_joins_a_finer_date_though_its_group_holds_a_wordier_report(project):
    digest = build(project, {
        "a.txt": seed("2008-01-09", "Daily", "Apple, the producer of the world's most "
                      "popular portable player, the iPod, launched the iTunes Music Store, an "
                      "online music store, on April 28, 2003."),
        "b.txt": seed("2006-05-02", "Herald", "Apple launched the iTunes Music Store in "
                      "2003."),
        "c.txt": seed("2008-04-04", "Gazette", "Apple said 4 billion songs had been "
                      "downloaded from the iTunes Music Store since its launch in 2003, and "
                      "that it accounts for 70% of digital music sales in the United States."),
    })
    (launch,) = [e for e in digest.timeline if e.date.startswith("2003")]
    assert launch.date == "2003-04-28"
    assert {digest.article_by_id[c.article].source for c in launch.sources} >= \
        {"Daily", "Herald"}


def test_two_acts_sharing_only_an_actor_on_one_day_stay_apart(project):
    # The second is dated by context (the day named before it); a shared name is a shared
    # actor, compared as such, not a shared word of what happened.
    digest = build(project, {"a.txt": seed("2011-10-06", "Daily", (
        "On August 24, Steve Jobs resigned.\n\n"
        "Bill Gates praised Steve Jobs on his blog."))})
    day = [e for e in digest.timeline if e.date == "2011-08-24"]
    assert sorted(len(e.sources) for e in day) == [1, 1]


def test_the_head_noun_of_the_one_name_ending_in_it_stands_for_that_name(project):
    digest = build(project, {
        # The lead names Apple, not the store: "the store" is not the article's topic.
        "a.txt": seed("2006-06-20", "Daily", "Apple said on Monday that its sales grew.\n\n"
                      "Steve Jobs talked about the iTunes Store.\n\nThe store sold a million "
                      "songs."),
        "b.txt": seed("2008-08-20", "Herald", "Boeing said on Tuesday that its sales grew.\n\n"
                      "Singapore Airlines and China Eastern Airlines talked to Boeing.\n\n"
                      "The airline paid in cash."),
    })
    by_source = {digest.article_by_id[e.lead.article].source: e for e in digest.timeline
                 if "sold" in e.text or "paid" in e.text}
    assert "itunes-store" in by_source["Daily"].entities
    # Two names end in "Airlines": "the airline" says neither.
    assert not {"singapore-airlines", "china-eastern-airlines"} & \
        set(by_source["Herald"].entities)


def test_two_acts_of_the_same_actors_in_one_year_stay_apart(project):
    digest = build(project, {
        "a.txt": seed("2010-11-02", "Daily", "Apple and Steve Jobs introduced the iPhone 4 "
                      "in 2010.\n\nThe phone has a glass back, a sharper screen and a new "
                      "camera for video calls."),
        "b.txt": seed("2011-09-02", "Herald", "Apple and Steve Jobs lost a patent lawsuit in "
                      "2010.\n\nA jury in Texas ruled against the company over a display "
                      "patent held by a small firm.\n\nLawyers for the firm asked the judge "
                      "for damages and an injunction on sales."),
    })
    assert len({digest.links.articles[a.id].story for a in digest.articles}) == 2
    year = [e for e in digest.timeline if e.date == "2010"]
    assert sorted(len(e.sources) for e in year) == [1, 1]


def test_the_news_of_a_day_joins_a_recent_date_of_the_same_actors_told_in_other_words(
        project):
    digest = build(project, {
        # The lead has no date of its own: it is the news of its day.
        "a.txt": seed("2008-03-01", "Daily", "Northrop Grumman and EADS have unexpectedly "
                      "defeated Boeing for a $40 billion contract with the Pentagon."),
        # Another outlet, weeks later: the same three actors and "defeated", other words.
        "b.txt": seed("2008-03-27", "Herald", "Sales rose again.\n\nLast month, Northrop "
                      "Grumman and EADS defeated Boeing to win a massive order for tankers."),
        # A body sentence with the same actors: background, not the news of its day.
        "c.txt": seed("2008-03-20", "Gazette", "Sales fell.\n\nNorthrop Grumman, EADS and "
                      "Boeing have long defeated smaller bidders for tanker work."),
    })
    defeated = [e for e in digest.timeline if "defeated" in e.text]
    merged = [e for e in defeated if len(e.articles) > 1]
    assert len(merged) == 1
    assert {digest.article_by_id[a].source for a in merged[0].articles} == {"Daily", "Herald"}
    assert merged[0].date == "2008-02"


def test_the_planes_stand_for_the_product_the_article_is_about_the_airlines_do_not(project):
    # A plural product noun names units of the product ("the first planes" of an A380
    # article); a plural organisation noun names several organisations, not the topic.
    digest = build(project, {"a.txt": (
        "---\ntitle: Airbus A380 deliveries delayed\ndate: 2006-10-05\nsource: Daily\n---\n"
        "Airbus said on Tuesday that the Airbus A380 would be late.\n\n"
        "The first planes will be delivered in October 2007.\n\n"
        "The airlines were told in September.\n")})
    (planes,) = [e for e in digest.timeline if "planes" in e.text]
    assert "airbus-a380" in planes.entities
    (told,) = [e for e in digest.timeline if "told" in e.text]
    assert "airbus-a380" not in told.entities


def test_a_pickled_memo_loads_as_the_same_memo_and_a_warm_run_from_it_keeps_its_entries(
        seeds_digest):
    held: dict = {}
    first = build_timeline(seeds_digest.articles, seeds_digest.links, held)
    memo = held["timeline"]
    assert memo.readings and memo.facts and memo.entries and memo.buckets and memo.choices
    loaded = pickle.loads(pickle.dumps(memo))
    assert vars(loaded) == vars(memo)
    # The render stage's memo names the entries (cache._signatures_by_name): the same names.
    assert loaded.named_entries() == memo.named_entries()
    entries = list(loaded.entries.values())
    warm = build_timeline(seeds_digest.articles, seeds_digest.links, {"timeline": loaded})
    assert [repr(e) for e in warm] == [repr(e) for e in first]
    kept = {id(e) for e in entries}
    assert all(id(e) in kept for e in warm)  # unchanged inputs: the loaded entry itself


def test_a_pickled_memo_keeps_groups_of_several_reports_and_drops_facts_of_unknown_events(
        seeds_digest):
    held: dict = {}
    build_timeline(seeds_digest.articles, seeds_digest.links, held)
    memo = held["timeline"]
    several = [identity for identity in memo.facts if len(identity) > 1]
    assert several  # the bundled seeds have events told by several reports
    serial, fact = memo.facts[several[0]]
    stray = (memo.tokens + 5,)  # a token no reading gave: not made by the run that kept it
    memo.facts[stray] = (memo.serials, fact)
    memo.facts[(several[0][0], memo.tokens + 6)] = (memo.serials + 1, fact)
    loaded = pickle.loads(pickle.dumps(memo))
    del memo.facts[stray], memo.facts[(several[0][0], memo.tokens + 6)]
    assert loaded.facts == memo.facts
    again = loaded.facts[several[0]][1]
    assert (again.entities, again.reports, again.articles) == (
        fact.entities, fact.reports, fact.articles)


def test_a_loaded_memo_makes_a_facts_words_and_articles_when_first_asked_for(seeds_digest):
    # Only a join's candidates are asked for them: a warm run makes few (_unpack_facts).
    held: dict = {}
    build_timeline(seeds_digest.articles, seeds_digest.links, held)
    memo = held["timeline"]
    loaded = pickle.loads(pickle.dumps(memo))
    for identity, (_, fact) in memo.facts.items():
        again = loaded.facts[identity][1]
        assert "reports" not in vars(again) and "articles" not in vars(again)
        assert again.entities == fact.entities
        assert (again.reports, again.articles) == (fact.reports, fact.articles)
        assert set(vars(again)) == set(vars(fact))  # made and kept: no trace of the load
    # A loaded fact pickled as an object (a state log's changed row) carries its own values,
    # not the load's tables of every token.
    identity, (_, fact) = next(iter(memo.facts.items()))
    lone = pickle.loads(pickle.dumps(pickle.loads(pickle.dumps(memo)).facts[identity][1]))
    assert vars(lone) == vars(fact)
    # Every field is a packed column or made from the tokens.
    assert {*_FACT_COLUMNS, *_FACTS_FROM_TOKENS} == {f.name for f in fields(_GroupFacts)}


def test_a_loaded_memo_makes_an_events_words_when_first_asked_for_and_keeps_its_order(
        seeds_digest):
    # A warm run compares the words of few events (_PackedSets); a bucket's order is each
    # article's, by id (_bucket_order), whatever the order the articles come in.
    held: dict = {}
    first = build_timeline(seeds_digest.articles, seeds_digest.links, held)
    memo = held["timeline"]
    loaded = pickle.loads(pickle.dumps(memo))
    article, reading = max(memo.readings.items(), key=lambda item: len(item[1].events))
    again = loaded.readings[article]
    assert again.order == reading.order == tuple(sorted(
        range(len(reading.events)),
        key=lambda k: (reading.events[k].paragraph, reading.events[k].sentence)))
    assert reading.order != tuple(range(len(reading.events)))  # not the analysis order
    made = again.words.table.made
    assert not made
    assert list(again.words) == list(reading.words)
    assert set(made.values()) == set(reading.words)
    # Pickled as a changed row of a state log: its sets, not the load's table.
    assert pickle.loads(pickle.dumps(again.words)) == tuple(reading.words)
    backwards = build_timeline(seeds_digest.articles[::-1], seeds_digest.links,
                               {"timeline": loaded})
    assert [repr(e) for e in backwards] == [repr(e) for e in first]


def test_a_pickled_memo_holds_no_set_or_fact_objects(seeds_digest):
    held: dict = {}
    build_timeline(seeds_digest.articles, seeds_digest.links, held)
    data = pickle.dumps(held["timeline"], protocol=pickle.HIGHEST_PROTOCOL)
    ops = {op.name for op, _, _ in pickletools.genops(data)}
    assert not ops & {"FROZENSET", "EMPTY_SET", "ADDITEMS"}
    assert b"_GroupFacts" not in data and b"_ArticleReading" not in data


def test_packed_entries_keep_every_field_and_order_and_share_equal_citations():
    entries = [TimelineEntry(date="2007-10-15", granularity="day", text="Airbus delivered it.",
                             lead=Citation("b", 2),
                             sources=[Citation("a", 0), Citation("b", 2), Citation("b", 3)],
                             story="airbus-a380", entities=["airbus", "singapore-airlines"],
                             upcoming=True, spun_text=False, dated_by_context=True),
               TimelineEntry(date="XXXX-XX-XX", granularity="day", text="Airbus", lead=Citation(
                   "a", 0), spun_text=True),
               TimelineEntry(date="2007", granularity="year", text="", lead=Citation("b", 3),
                             sources=[Citation("b", 3)], story="b", entities=["b"],
                             upcoming=True, spun_text=True, dated_by_context=True)]
    loaded = _unpack_entries(pickle.loads(pickle.dumps(_pack_entries(entries))))
    assert loaded == entries
    assert [list(vars(e)) for e in loaded] == [list(vars(e)) for e in entries]  # field order
    assert loaded[0].sources[1] is loaded[0].lead and loaded[2].lead is loaded[0].sources[2]
    assert loaded[0].sources is not loaded[2].sources  # lists of their own: not shared


def test_a_pickled_entry_keeps_every_field():
    entry = TimelineEntry(date="2007-10-15", granularity="day", text="Airbus delivered it.",
                          lead=Citation("b", 2),
                          sources=[Citation("a", 0), Citation("b", 2), Citation("b", 3)],
                          story="airbus-a380", entities=["airbus", "singapore-airlines"],
                          upcoming=True, spun_text=False, dated_by_context=True)
    assert pickle.loads(pickle.dumps(entry)) == entry
    assert _ENTRY_ROW_FIELDS == tuple(f.name for f in fields(TimelineEntry))


TRANSPLANT = seed("2009-06-23", "Daily", (
    "Quarterly figures are out.\n\nShares rose in early trading.\n\n"
    "Steve Jobs received a liver transplant in April 2009."))


def retold(project, sentence: str, date: str = "2011-08-25", extra: dict | None = None):
    """The timeline of TRANSPLANT and a later article telling ``sentence`` in its body."""
    later = seed(date, "Herald", "Apple named a new chief executive.\n\n"
                 f"The board met in Cupertino.\n\n{sentence}")
    return build(project, {"a.txt": TRANSPLANT, "b.txt": later, **(extra or {})})


def cited_with(digest, article_date: str) -> list[TimelineEntry]:
    return [e for e in digest.timeline
            if any(digest.article_by_id[c.article].date == article_date for c in e.sources)
            and "transplant" in e.text]


def test_a_retold_past_act_takes_the_date_another_article_gives_it_and_cites_both(project):
    digest = retold(project, "A deputy ran operations while Steve Jobs received a liver "
                    "transplant.")
    (entry,) = cited_with(digest, "2011-08-25")
    assert (entry.date, entry.dated_by_context) == ("2009-04", False)
    assert {digest.article_by_id[c.article].source for c in entry.sources} == \
        {"Daily", "Herald"}


def test_a_past_act_told_as_the_day_news_keeps_its_report_day(project):
    # No retelling mark (no "had", "first", "while ..."): a simple past narrates the day.
    digest = retold(project, "Steve Jobs received a liver transplant.")
    (entry,) = cited_with(digest, "2011-08-25")
    assert (entry.date, entry.dated_by_context, len(entry.articles)) == \
        ("2011-08-25", True, 1)


def test_a_retold_act_in_reported_speech_keeps_its_report_day(project):
    digest = retold(project, "A spokesman said that Steve Jobs had received a liver "
                    "transplant.")
    (entry,) = cited_with(digest, "2011-08-25")
    assert (entry.date, len(entry.articles)) == ("2011-08-25", 1)


def test_a_retold_act_two_articles_date_apart_joins_neither(project):
    other = seed("2010-02-01", "Gazette", "Quarterly figures are out.\n\nShares fell.\n\n"
                 "Steve Jobs received a liver transplant in January 2010.")
    digest = retold(project, "A deputy ran operations while Steve Jobs received a liver "
                    "transplant.", extra={"c.txt": other})
    (entry,) = cited_with(digest, "2011-08-25")
    assert (entry.date, len(entry.articles)) == ("2011-08-25", 1)


@pytest.mark.parametrize("first", ["a.txt", "b.txt"])
def test_a_retold_act_joins_the_same_in_a_warm_run_from_a_pickled_memo(project, first):
    # The +1 seed case, each way round: the run before read one of the two articles (its
    # verbs kept with its reading, pickled as the run state keeps it), this run adds the other.
    later = seed("2011-08-25", "Herald", "Apple named a new chief executive.\n\n"
                 "The board met in Cupertino.\n\nA deputy ran operations while Steve Jobs "
                 "received a liver transplant.")
    seeds = {"a.txt": TRANSPLANT, "b.txt": later}
    before = build(project, {first: seeds.pop(first)})
    held: dict = {}
    build_timeline(before.articles, before.links, held)
    loaded = pickle.loads(pickle.dumps(held["timeline"]))
    assert any(loaded.readings[a.id].told != ((),) * len(a.analysis.events)
               for a in before.articles)  # the verbs' roots were kept
    now = build(project, seeds)
    warm = build_timeline(now.articles, now.links, {"timeline": loaded})
    cold = build_timeline(now.articles, now.links)
    assert [repr(e) for e in warm] == [repr(e) for e in cold]
    (joined,) = [e for e in warm if "transplant" in e.text]
    assert (joined.date, len(joined.articles)) == ("2009-04", 2)


AIRBUS = seed("2007-10-16", "Daily", "Airbus handed the first A380 superjumbo to Singapore "
              "Airlines on 15 October 2007.")
QANTAS = seed("2007-10-16", "Courier", "Qantas and Singapore Airlines agreed to share lounges "
              "in Sydney on 15 October 2007.")
# Shares two actors with each of the others, so it joins them into one group; they share one.
BRIDGE = seed("2007-10-16", "Herald", "Airbus, Singapore Airlines and Qantas signed a pilot "
              "training pact on 15 October 2007.")


def test_a_warm_run_merges_a_changed_day_from_its_kept_groups_as_a_cold_run_does(
        project, monkeypatch):
    import generator.timeline as timeline_stage
    compared = []
    real_same = timeline_stage._same_event
    monkeypatch.setattr(timeline_stage, "_same_event",
                        lambda a, b, *rest: compared.append((a, b)) or real_same(a, b, *rest))
    digest = build(project, {"a.txt": AIRBUS, "b.txt": QANTAS})
    held: dict = {}
    build_timeline(digest.articles, digest.links, held)

    def warm_run(digest) -> list:
        held["timeline"] = pickle.loads(pickle.dumps(held["timeline"]))
        compared.clear()
        warm = build_timeline(digest.articles, digest.links, held)
        assert [repr(e) for e in warm] == [repr(e) for e in digest.timeline]
        return [sorted(e.articles) for e in warm if e.date == "2007-10-15"]

    def ids(*names) -> list[str]:
        return sorted(a.id for a in digest.articles if a.seed in names)

    # Added: the new report joins both kept groups; only its pairs are compared again.
    digest = build(project, {"c.txt": BRIDGE})
    assert warm_run(digest) == [ids("a.txt", "b.txt", "c.txt")]
    (bridge,) = held["timeline"].readings[ids("c.txt")[0]].actors
    assert compared and all(bridge in pair for pair in compared)
    # Removed: the group that held it splits again.
    (project.seeds / "c.txt").unlink()
    digest = build(project, {})
    assert warm_run(digest) == [ids("a.txt"), ids("b.txt")]
    # Changed: a kept report's new wording is merged again with the day's others.
    digest = build(project, {"c.txt": BRIDGE})
    warm_run(digest)
    digest = build(project, {"b.txt": QANTAS.replace("share lounges", "pool pilot training")})
    warm_run(digest)


def test_a_retold_act_no_report_can_tell_is_not_read_for_its_phrases(project, monkeypatch):
    import generator.timeline as timeline_stage
    read = []
    real_phrases = timeline_stage._verb_phrases
    monkeypatch.setattr(timeline_stage, "_verb_phrases", lambda event, with_ing=False: read.append(
        (event.sentence, with_ing)) or real_phrases(event, with_ing))
    digest = retold(project, "A deputy ran operations while Steve Jobs received a liver "
                    "transplant.\n\nA deputy ran sales while Tim Cook received an award.")
    (entry,) = cited_with(digest, "2011-08-25")
    assert entry.date == "2009-04"
    retold_read = [sentence for sentence, with_ing in read if not with_ing]
    assert any("Jobs" in s for s in retold_read) and not any("Cook" in s for s in retold_read)
