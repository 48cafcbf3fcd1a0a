"""generator.timeline: events merged across articles, in time order, built by the real pipeline."""

from generator.config import load_settings
from generator.pipeline import build_digest
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
