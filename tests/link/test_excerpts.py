"""Story summary sentences and quotes, chosen from articles built through the real analyser."""

import copy

import pytest

from generator.analyse import analyse
from generator.clean import clean
from generator.config import Settings
from generator.link import link
from generator.link.excerpts import MAX_QUOTES, SUMMARY_WORDS, story_quotes, summary_sentences
from generator.models import RawDocument


def article(seed: str, text: str):
    raw = RawDocument(seed=seed, format="txt", text=text, declared={"date": "2025-10-16"},
                      content_hash=seed)
    return analyse(clean(raw), Settings())


LEAD = ("Donald Trump said on Thursday he would meet Vladimir Putin in Budapest within two weeks "
        "to discuss the war in Ukraine.")
A = article("a.txt", "Trump to meet Putin in Budapest\n\n" + LEAD + "\n\n"
            "The announcement followed a phone call of more than two hours.\n\n"
            '"We are going to have a summit in Hungary and see what happens," Trump said.\n')
B = article("b.txt", "Putin and Trump plan Hungary summit\n\n"
            "Donald Trump said on Thursday that he would meet Vladimir Putin in Budapest within "
            "two weeks to discuss the war in Ukraine.\n\n"
            "Hungary's prime minister Viktor Orban welcomed the plan and offered to host.\n\n"
            '"We are going to have a summit in Hungary and see what happens," Trump said.\n')


def _paragraph(art, number):
    return [b.text for b in art.blocks if b.kind == "p"][number - 1]


def test_summary_takes_each_report_once_and_skips_a_repeated_lead():
    chosen = summary_sentences([A, B])
    texts = [e.text for e in chosen]
    assert texts[0] == LEAD and chosen[0].article == A.id
    assert not any(e.article == B.id and "would meet Vladimir Putin" in e.text for e in chosen)
    assert any("Viktor Orban" in t for t in texts)  # new information from the second report
    for excerpt in chosen:  # the paragraph number is the contract's: body paragraphs from 1
        source = A if excerpt.article == A.id else B
        assert excerpt.text in _paragraph(source, excerpt.paragraph)
    assert sum(len(t.split()) for t in texts) <= SUMMARY_WORDS


def test_a_quote_two_reports_carry_is_chosen_once_from_the_first():
    chosen = story_quotes([A, B])
    texts = [c.quote.text for c in chosen]
    assert texts.count("We are going to have a summit in Hungary and see what happens") == 1
    assert chosen[0].article == A.id and chosen[0].quote.paragraph == 3


VOCABULARY = ("harbour ferry timetable winter", "budget deficit pension reform", "river flood "
              "barrier repairs", "school meals funding rise", "railway signal upgrade delays",
              "hospital waiting list targets", "airport runway noise limits", "farm subsidy "
              "payment changes", "museum roof restoration grant", "bridge toll price freeze",
              "coastal erosion defence plan", "library opening hours cut", "tram line extension "
              "route", "water meter billing errors", "housing permit backlog fix", "police "
              "station closure review")


def test_quotes_are_capped_across_reports():
    topics = iter(VOCABULARY)
    reports = []
    for i in range(2):  # two reports of MAX_QUOTES distinct quotes each
        quotes = [f'"The {next(topics)} matter," Trump said.'
                  for _ in range(MAX_QUOTES)]
        reports.append(article(f"m{i}.txt", f"Headline {i} about talks\n\n"
                               + "\n\n".join(quotes) + "\n"))
    assert [len(r.analysis.quotes) for r in reports] == [MAX_QUOTES, MAX_QUOTES]
    chosen = story_quotes(reports)
    assert len(chosen) == MAX_QUOTES
    assert {c.article for c in chosen} == {reports[0].id}  # the first report's, in order


# ---- the run state's memo of story summaries and quotes (link's EXCERPTS_MEMO)

C = article("c.txt", "Harbour ferry timetable changes for winter\n\n"
            "The harbour ferry will run every forty minutes from November, the operator said.\n\n"
            '"Passengers will still have a boat every hour at night," a spokesman said.\n')


def _story_choices(links):
    return [(s.articles, s.summary, s.quotes) for s in links.stories]


def _warm_run(before, after):
    """link on ``before`` with a memo, then on ``after``: each article a shallow copy, as
    cache.analyse_all gives a warm run (same blocks and analysis objects)."""
    memos: dict = {}
    link([copy.copy(a) for a in before], None, None, memos)
    return link([copy.copy(a) for a in after], None, None, memos)


def _edited(art, text):
    """The same seed (same id) with other words: a new article object."""
    edited = article(art.seed, text)
    assert edited.id == art.id
    return edited


# C with its quote reworded: its story stays the same one, only its words change
EDIT = ("Harbour ferry timetable changes for winter\n\n"
        "The harbour ferry will run every forty minutes from November, the operator said.\n\n"
        '"Night passengers will still find a boat every hour," a spokeswoman said.\n')


@pytest.mark.parametrize("change", ["same", "add", "remove", "edit"])
def test_excerpts_memo_gives_the_cold_choices(change):
    before = [A, B, C]
    after = {"same": before, "add": [*before, article("d.txt", LEAD_D)],
             "remove": [A, C], "edit": [A, B, _edited(C, EDIT)]}[change]
    assert _story_choices(_warm_run(before, after)) == _story_choices(link(after))


LEAD_D = ("Trump said on Friday the Budapest meeting with Putin would go ahead.\n\n"
          "Trump said on Friday the Budapest meeting with Vladimir Putin would go ahead within "
          "two weeks.\n")


def test_excerpts_memo_reuses_only_stories_whose_reports_are_the_same_objects(monkeypatch):
    import generator.link as link_stage

    calls: list[str] = []
    real = link_stage.summary_sentences
    monkeypatch.setattr(link_stage, "summary_sentences",
                        lambda ordered: calls.append(ordered[0].id) or real(ordered))
    memos: dict = {}
    link([copy.copy(a) for a in (A, B, C)], None, None, memos)
    calls.clear()
    link([copy.copy(a) for a in (A, B, C)], None, None, memos)
    assert calls == []  # nothing changed: every story's choice is the memo's
    link([copy.copy(a) for a in (A, B, _edited(C, EDIT))], None, None, memos)
    # The edited report's story chooses again (an equal id is not enough); A and B's does not.
    assert calls == [C.id]


def test_excerpts_memo_takes_ids_by_value(monkeypatch):
    """A warm run's articles hold the memo's blocks and analysis but their own id strings (the
    run state's segments are unpickled apart): the memo still answers."""
    import dataclasses

    import generator.link as link_stage

    calls: list[str] = []
    real = link_stage.summary_sentences
    monkeypatch.setattr(link_stage, "summary_sentences",
                        lambda ordered: calls.append(ordered[0].id) or real(ordered))
    memos: dict = {}
    link([copy.copy(a) for a in (A, B, C)], None, None, memos)
    calls.clear()
    fresh = [dataclasses.replace(a, id=a.id[:1] + a.id[1:]) for a in (A, B, C)]
    assert all(f.id == a.id and f.id is not a.id for f, a in zip(fresh, (A, B, C), strict=True))
    link(fresh, None, None, memos)
    assert calls == []
