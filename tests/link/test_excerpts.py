"""Story summary sentences and quotes, chosen from articles built through the real analyser."""

from generator.analyse import analyse
from generator.clean import clean
from generator.config import Settings
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
