"""The whole digest built from the bundled seeds: stories, entities, quality and timeline."""

import shutil

import pytest

from generator.config import load_settings
from generator.pipeline import build_digest
from generator.render import render

CALL, FRIDAY, MONDAY, SUNDAY = "2025-10-16", "2025-10-17", "2025-10-13", "2025-10-12"


@pytest.fixture(scope="module")
def digest(tmp_path_factory):
    from tests.conftest import SEEDS
    root = tmp_path_factory.mktemp("digest")
    settings = load_settings(root, {"seeds": SEEDS, "cache": root / "cache"})
    digest, problems = build_digest(settings)
    assert problems == []
    return digest


def ids(digest):
    return {a.seed[:3]: a.id for a in digest.articles}


def test_the_seeds_form_one_story_led_by_the_clean_report(digest):
    (story,) = digest.links.stories
    assert sorted(story.articles) == sorted(ids(digest).values())
    assert story.lead_article == ids(digest)["004"]
    assert story.title.startswith("U.S. President Donald Trump announced")


def test_spun_copy_is_flagged_with_checkable_reasons_and_clean_one_is_not(digest):
    linked = digest.links.articles
    spun, clean = linked[ids(digest)["000"]].quality, linked[ids(digest)["004"]].quality
    assert spun.spun and not clean.spun
    details = " ".join(r.detail for r in spun.reasons)
    assert "White Home" in details and "White House" in details


def test_entity_pages_for_the_main_actors_and_none_for_junk(digest):
    links = digest.links
    names = {e.name: e for e in links.entities if e.page}
    for expected in ("Donald Trump", "Vladimir Putin", "Volodymyr Zelenskyy", "Ukraine",
                     "Russia", "Hungary", "White House"):
        assert expected in names, expected
    # Named once, outside any headline or lead: no page (issue 11: the offsets contract); and
    # Kyiv, named by both reports of the one story but only in passing: the story page is its
    # listing (issue 13: no near-empty entity pages).
    for passing in ("Budapest", "Alaska", "Egypt", "Lindsey Graham", "Capitol Hill", "Kyiv"):
        assert passing not in names, passing
    every = {e.name: e for e in links.entities}
    assert names["Donald Trump"].type == "person" and every["Kyiv"].type == "place"
    junk = ("Home", "Related Press", "Nationwide", "Trending", "Conflict", "Workplace",
            "Center East", "Leave", "However", "Thursday")
    for name in names:
        assert not any(j in name for j in junk), name


def test_spun_names_merge_into_the_real_entity(digest):
    white_house = next(e for e in digest.links.entities if e.name == "White House")
    assert set(white_house.articles) == set(ids(digest).values())


def entries(digest, date):
    return [e for e in digest.timeline if e.date == date]


def test_the_call_appears_once_citing_both_reports(digest):
    # Other things reported as done by the publication day are entries of that day too.
    (call,) = [e for e in entries(digest, CALL) if "call" in e.text.lower()]
    assert set(call.articles) == set(ids(digest).values())
    assert not call.upcoming


def test_friday_meeting_is_upcoming_and_merged(digest):
    (meeting,) = entries(digest, FRIDAY)
    assert meeting.upcoming
    assert set(meeting.articles) == set(ids(digest).values())
    assert "Zelenskyy" in meeting.text


def test_other_seed_events_have_their_dates(digest):
    assert any("Israel and Egypt" in e.text for e in entries(digest, MONDAY))
    assert any("reporters" in e.text for e in entries(digest, SUNDAY))
    assert any("dinner" in e.text for e in entries(digest, "2025-10-15TEV"))
    assert any("Alaska" in e.text for e in entries(digest, "2025-08"))
    (budapest,) = entries(digest, "XXXX-XX-XX")
    assert budapest.upcoming and set(budapest.articles) == set(ids(digest).values())


def test_timeline_text_comes_from_the_clean_source_when_it_has_one(digest):
    clean = ids(digest)["004"]
    for entry in digest.timeline:
        if clean in entry.articles:
            assert entry.lead.article == clean
            assert not entry.spun_text


def test_distinct_events_on_one_day_stay_separate(project):
    project.add_seed("a.txt", "---\ndate: 2025-03-06\n---\nDonald Trump called Vladimir Putin "
                     "on Thursday to discuss Ukraine.\n")
    project.add_seed("b.txt", "---\ndate: 2025-03-06\n---\nAngela Merkel opened a new bridge "
                          "in Hamburg on Thursday, officials said.\n")
    digest, _ = build_digest(load_settings(project.path))
    thursday = [e for e in digest.timeline if e.date == "2025-03-06"]
    assert len(thursday) == 2


def test_related_stories_carry_readable_reasons(project):
    common = "---\ndate: 2025-10-16\n---\n"
    project.add_seed("summit.txt", common + "Donald Trump said he would meet Vladimir Putin at "
                     "a summit in Budapest, Hungary. Trump said the summit would discuss the war "
                     "in Ukraine and a ceasefire. Putin's adviser Yuri Ushakov confirmed the "
                     "summit plans in Moscow.\n")
    project.add_seed("sanctions.txt", common + "The Senate weighed a sanctions bill against "
                     "Russia backed by Lindsey Graham. Donald Trump has not endorsed the bill, "
                     "which would impose tariffs on buyers of Russian oil. Vladimir Putin "
                     "called sanctions illegal. Senators debated tariffs, oil and uranium.\n")
    settings = load_settings(project.path)
    digest, _ = build_digest(settings)
    assert len(digest.links.stories) == 2
    # link gives entity ids; render words them (generator.models: ids, URLs and words)
    shared = [link.shared for s in digest.links.stories for link in s.related]
    assert any("donald-trump" in found.get("person", ()) for found in shared), shared
    files = render(digest, settings)
    story_pages = [text for path, text in files.items() if path.startswith("stories/s")]
    assert story_pages and all("shared people: Donald Trump" in p for p in story_pages)
    assert "donald-trump," not in "".join(story_pages)
    assert '"shared people: Donald Trump, Vladimir Putin"' in files["digest.json"]


# --- incremental runs --------------------------------------------------------------------------

def output_bytes(docs) -> dict[str, bytes]:
    return {p.relative_to(docs).as_posix(): p.read_bytes()
            for p in sorted(docs.rglob("*")) if p.is_file()}


def cold_output(seeds, tmp_path) -> dict[str, bytes]:
    """The same seeds generated from nothing: empty cache, empty docs, no state."""
    from tests.conftest import make_project
    cold = make_project(tmp_path / f"cold-{len(list(tmp_path.iterdir()))}")
    shutil.rmtree(cold.seeds)
    shutil.copytree(seeds, cold.seeds)  # copy2 keeps mtimes (the fallback publication date)
    cold.generate()
    return output_bytes(cold.docs)


EXTRA = ("---\ntitle: {title}\ndate: 2025-10-18\nsource: Probe Wire\ntags: [Probe]\n---\n\n"
         "Donald Trump spoke to {who} about Ukraine on Saturday. {who} said the talks in "
         "Budapest would go ahead.\n")


def test_warm_runs_give_the_bytes_of_a_cold_run_after_add_change_and_remove(seeded_project,
                                                                           tmp_path):
    seeded_project.generate()
    steps = [
        lambda: seeded_project.add_seed("extra.md", EXTRA.format(title="Budapest talks",
                                                                  who="Viktor Orban")),
        lambda: seeded_project.add_seed("extra.md", EXTRA.format(title="Budapest talks go on",
                                                                  who="Peter Szijjarto")),
        lambda: (seeded_project.seeds / "extra.md").unlink(),
    ]
    for step in steps:
        step()
        report = seeded_project.generate().report
        assert report.written or report.removed
        assert output_bytes(seeded_project.docs) == cold_output(seeded_project.seeds, tmp_path)


def test_a_warm_run_reads_and_analyses_only_the_changed_seed(seeded_project, monkeypatch):
    from generator import cache, ingest
    seeded_project.generate()
    read, analysed = [], []
    for suffix in (".txt", ".md"):
        real = ingest.READERS[suffix]
        monkeypatch.setitem(ingest.READERS, suffix,
                            lambda data, real=real: read.append(len(data)) or real(data))
    real_analyse = cache.analyse
    monkeypatch.setattr(cache, "analyse",
                        lambda doc, settings: analysed.append(doc.seed) or real_analyse(doc,
                                                                                       settings))
    seeded_project.generate()
    assert read == [] and analysed == []  # nothing changed: nothing read, nothing analysed
    seeded_project.add_seed("extra.md", EXTRA.format(title="Budapest talks", who="Viktor Orban"))
    seeded_project.generate()
    assert len(read) == 1 and analysed == ["extra.md"]


def test_state_is_keyed_by_settings_and_code(project, monkeypatch):
    from generator import cache
    base = load_settings(project.path)
    other = load_settings(project.path, {"summary_words": base.summary_words + 1})
    before = cache.RunState.path(base)
    assert before != cache.RunState.path(other)
    monkeypatch.setattr(cache, "generator_fingerprint", lambda: "other code")
    assert before != cache.RunState.path(base)


def test_a_damaged_state_file_is_ignored(seeded_project):
    from generator.cache import RunState
    seeded_project.generate()
    first = output_bytes(seeded_project.docs)
    RunState.path(load_settings(seeded_project.path)).write_bytes(b"not a pickle")
    seeded_project.generate()
    assert output_bytes(seeded_project.docs) == first


def test_a_warm_run_reuses_the_spun_copy_checks_of_unchanged_stories(seeded_project,
                                                                      monkeypatch):
    import generator.link as link_stage
    from generator.cache import RunState
    checked = []
    real = link_stage.alignment_signal
    monkeypatch.setattr(link_stage, "alignment_signal",
                        lambda text, others, *split: checked.append(text)
                        or real(text, others, *split))
    seeded_project.generate()
    assert len(checked) == 2  # the seeds' story: each report against the other
    first = output_bytes(seeded_project.docs)
    seeded_project.generate()
    assert len(checked) == 2 and output_bytes(seeded_project.docs) == first
    state = RunState.load(load_settings(seeded_project.path))
    assert len(state.alignments) == 2  # this run's checks only: the memo does not grow


UNRELATED = ("---\ntitle: {title}\ndate: 2025-10-19\nsource: Probe Wire\ntags: [Probe]\n---\n\n"
             "The harbour authority of Valletta opened a new ferry terminal on Sunday. "
             "{who} said the terminal would handle two million passengers a year.\n")


def test_a_warm_run_reuses_the_timeline_groups_and_words_of_unchanged_days(seeded_project,
                                                                           monkeypatch,
                                                                           tmp_path):
    import generator.timeline as timeline_stage
    from generator.cache import RunState
    merged, worded = [], []
    real_merge, real_words = timeline_stage._merged_indices, timeline_stage._event_words
    monkeypatch.setattr(timeline_stage, "_merged_indices",
                        lambda items, *rest: merged.append(len(items)) or real_merge(items,
                                                                                     *rest))
    monkeypatch.setattr(timeline_stage, "_event_words",
                        lambda event: worded.append(event) or real_words(event))
    seeded_project.generate()
    buckets, events = len(merged), len(worded)
    assert buckets > 1 and events > 1
    merged.clear()
    worded.clear()
    seeded_project.add_seed("extra.md", UNRELATED.format(title="Valletta ferry terminal",
                                                          who="Joseph Borg"))
    digest = seeded_project.generate().digest
    new = [e for a in digest.articles if a.seed == "extra.md" for e in a.analysis.events]
    # Only the new report's events are read for words, only its days merged again.
    assert worded == new and 0 < len(merged) < buckets
    merged.clear()
    assert output_bytes(seeded_project.docs) == cold_output(seeded_project.seeds, tmp_path)
    buckets = len(merged)  # the cold run merges every bucket of these seeds
    memo = RunState.load(load_settings(seeded_project.path)).stage_memos["timeline"]
    # This run's articles only (an identical copy's events are not on the timeline).
    copies = {copy for story in digest.links.stories for copy in story.duplicates}
    assert set(memo.readings) == {a.id for a in digest.articles} - copies
    assert sum(len(r.words) for r in memo.readings.values()) == events + len(new)
    assert len(memo.buckets) == buckets  # this run's buckets only: the memo does not grow


def test_a_warm_run_reuses_the_joins_across_dates_of_unchanged_groups(seeded_project,
                                                                      monkeypatch, tmp_path):
    import generator.timeline as timeline_stage
    from generator.cache import RunState
    facts, chosen = [], []
    real_facts, real_best = timeline_stage._group_facts, timeline_stage._best_match
    monkeypatch.setattr(timeline_stage, "_group_facts",
                        lambda group, *rest: facts.append(group) or real_facts(group, *rest))
    monkeypatch.setattr(timeline_stage, "_best_match",
                        lambda fact, candidates: chosen.append(fact) or real_best(fact,
                                                                                 candidates))
    seeded_project.generate()
    groups, choices = len(facts), len(chosen)
    assert groups > 1 and choices >= 1
    facts.clear()
    chosen.clear()
    seeded_project.add_seed("extra.md", UNRELATED.format(title="Valletta ferry terminal",
                                                          who="Joseph Borg"))
    digest = seeded_project.generate().digest
    new = {e for a in digest.articles if a.seed == "extra.md" for e in a.analysis.events}
    # Only groups holding the new report's events are summed up again.
    assert facts and all(any(r.event in new for r in group) for group in facts)
    assert len(chosen) < choices
    facts.clear()
    chosen.clear()
    assert output_bytes(seeded_project.docs) == cold_output(seeded_project.seeds, tmp_path)
    groups, choices = len(facts), len(chosen)  # the cold run's: every group and choice
    memo = RunState.load(load_settings(seeded_project.path)).stage_memos["timeline"]
    # This run's groups and choices only: the memo does not grow.
    assert len(memo.facts) == groups and len(memo.choices) == choices
    serials = [serial for serial, _ in memo.facts.values()]
    assert len(set(serials)) == len(serials) and max(serials) < memo.serials


def test_a_warm_run_makes_again_only_the_entries_and_actors_of_new_reports(seeded_project,
                                                                          monkeypatch, tmp_path):
    import generator.timeline as timeline_stage
    from generator.cache import RunState
    made, asked = [], []
    real_entry, real_actors = timeline_stage._entry, timeline_stage._entity_ids
    monkeypatch.setattr(timeline_stage, "_entry",
                        lambda members, *rest: made.append(members) or real_entry(members,
                                                                                  *rest))
    monkeypatch.setattr(timeline_stage, "_entity_ids",
                        lambda article, event, *rest: asked.append(event)
                        or real_actors(article, event, *rest))
    digest = seeded_project.generate().digest
    assert len(made) == len(digest.timeline) > 1 and len(asked) > 1
    made.clear()
    asked.clear()
    seeded_project.add_seed("extra.md", UNRELATED.format(title="Valletta ferry terminal",
                                                          who="Joseph Borg"))
    digest = seeded_project.generate().digest
    new = [e for a in digest.articles if a.seed == "extra.md" for e in a.analysis.events]
    # Only the new report's actors are found, only entries holding its events made again.
    assert asked == new
    assert made and all(any(r.event in new for r in members) for members in made)
    assert len(made) < len(digest.timeline)
    assert output_bytes(seeded_project.docs) == cold_output(seeded_project.seeds, tmp_path)
    memo = RunState.load(load_settings(seeded_project.path)).stage_memos["timeline"]
    assert len(memo.entries) == len(digest.timeline)  # this run's entries: no growth


def count_article_pages(monkeypatch, stories: list[str] | None = None) -> list[str]:
    """Seeds whose article page is rendered (and, in ``stories``, story pages rendered)."""
    import generator.render as render_stage
    made: list[str] = []
    real = render_stage.article_page
    monkeypatch.setattr(render_stage, "article_page",
                        lambda article, digest: made.append(article.seed) or real(article,
                                                                                  digest))
    real_story = render_stage.story_page
    monkeypatch.setattr(render_stage, "story_page",
                        lambda story, digest, page_of, **given: (stories if stories is not None
                                                                 else [])
                        .append(story.id) or real_story(story, digest, page_of, **given))
    return made


def test_a_warm_run_renders_only_the_article_pages_whose_inputs_changed(seeded_project,
                                                                        monkeypatch, tmp_path):
    stories: list[str] = []
    made = count_article_pages(monkeypatch, stories)
    seeded_project.generate()
    every = sorted(made)
    assert len(every) >= 2 and len(stories) == 1
    made.clear()
    stories.clear()
    seeded_project.generate()
    assert made == [] and stories == []  # nothing changed: no article or story page rendered
    # A report of another event: its own pages are rendered, the others are kept, and the
    # output is still a cold run's.
    seeded_project.add_seed("ferry.md", UNRELATED.format(title="Valletta ferry terminal opens",
                                                         who="Joe Borg"))
    made.clear()
    stories.clear()
    seeded_project.generate()
    assert made == ["ferry.md"] and len(stories) == 1
    assert output_bytes(seeded_project.docs) == cold_output(seeded_project.seeds, tmp_path)
    # A report on the seeds' event (a story of its own, related to theirs): exactly the
    # article pages whose text changes are rendered, its own among them; then it is removed.
    for step in ("add", "remove"):
        before = output_bytes(seeded_project.docs)
        if step == "add":
            seeded_project.add_seed("extra.md", EXTRA.format(title="Budapest talks",
                                                             who="Viktor Orban"))
        else:
            (seeded_project.seeds / "extra.md").unlink()
        made.clear()
        pages = {a.seed: a.page for a in seeded_project.generate().digest.articles}
        after = output_bytes(seeded_project.docs)
        changed = sorted(seed for seed, page in pages.items() if before.get(page) != after[page])
        assert sorted(made) == changed and changed
        assert ("extra.md" in made) == (step == "add")
        assert after == cold_output(seeded_project.seeds, tmp_path)


def test_generating_into_a_second_folder_copies_the_pages_the_first_made(seeded_project,
                                                                       monkeypatch):
    """The MkDocs plugin generates into the cache's page folder: right after `newsdigest
    generate` it renders no article or story page, it copies docs/'s (same bytes)."""
    from generator.cache import RunState
    from generator.pipeline import generate
    from generator.write import read_manifest

    stories: list[str] = []
    made = count_article_pages(monkeypatch, stories)
    seeded_project.generate()
    assert made and stories
    made.clear()
    stories.clear()
    settings = load_settings(seeded_project.path)
    other = seeded_project.path / "other"
    report = generate(settings, out_dir=other, state=RunState.load(settings)).report
    assert made == [] and stories == [] and report.kept == 0
    generated = read_manifest(other)
    assert generated == read_manifest(seeded_project.docs)
    assert all((other / p).read_bytes() == (seeded_project.docs / p).read_bytes()
               for p in generated)


def test_a_kept_article_page_edited_by_hand_is_written_again(seeded_project, monkeypatch):
    made = count_article_pages(monkeypatch)
    seeded_project.generate()
    first = output_bytes(seeded_project.docs)
    page = next(p for p in sorted(first) if p.startswith("articles/2") and p.endswith(".md")
                and "/index.md" not in p)
    (seeded_project.docs / page).write_text("edited by hand\n", encoding="utf-8")
    made.clear()
    report = seeded_project.generate().report
    assert report.written == [page] and len(made) == 1
    assert output_bytes(seeded_project.docs) == first


def test_a_warm_run_cleans_only_the_changed_seed(seeded_project, monkeypatch):
    from generator import pipeline
    cleaned: list[str] = []
    real = pipeline.clean
    monkeypatch.setattr(pipeline, "clean",
                        lambda doc, furniture: cleaned.append(doc.seed) or real(doc, furniture))
    seeded_project.generate()
    everything = sorted(cleaned)
    cleaned.clear()
    seeded_project.generate()
    assert cleaned == []
    seeded_project.add_seed("ferry.md", UNRELATED.format(title="Valletta ferry terminal opens",
                                                         who="Joe Borg"))
    seeded_project.generate()
    assert cleaned == ["ferry.md"]
    # The sidecar's fields are part of what a seed reads as: editing them cleans it again.
    sidecar = seeded_project.seeds / "sources.yml"
    seed = everything[0]
    text = sidecar.read_text(encoding="utf-8")
    assert f"{seed}:\n" in text
    cleaned.clear()
    sidecar.write_text(text.replace(f"{seed}:\n", f"{seed}:\n  authors: [Ann Probe]\n", 1),
                       encoding="utf-8")
    seeded_project.generate()
    assert cleaned == [seed]


def test_a_warm_run_parses_the_sidecar_only_when_its_bytes_changed(seeded_project, monkeypatch):
    from generator.ingest import sidecar as sidecar_module
    parsed: list[str] = []
    real = sidecar_module.parse_yaml_mapping
    monkeypatch.setattr(sidecar_module, "parse_yaml_mapping",
                        lambda raw, what: parsed.append(what) or real(raw, what))
    first = seeded_project.generate()
    assert parsed == ["sources.yml"]
    again = seeded_project.generate()
    assert parsed == ["sources.yml"]
    assert [a.date for a in again.digest.articles] == [a.date for a in first.digest.articles]
    sidecar = seeded_project.seeds / "sources.yml"
    seed = first.digest.articles[0].seed
    sidecar.write_text(sidecar.read_text(encoding="utf-8").replace(
        f"{seed}:\n", f"{seed}:\n  source: Probe Wire\n", 1), encoding="utf-8")
    changed = seeded_project.generate()
    assert parsed == ["sources.yml", "sources.yml"]
    assert next(a for a in changed.digest.articles if a.seed == seed).source == "Probe Wire"


def test_render_and_write_run_with_the_kept_objects_frozen_and_leave_none_frozen(
        seeded_project, monkeypatch):
    """The cyclic collector skips the state and digest while pages are made, and a process
    that keeps running (`mkdocs serve`) gets them back to collect."""
    import gc

    from generator import pipeline
    frozen_while_rendering = []
    real = pipeline.render_files

    def recording(*args, **kwargs):
        frozen_while_rendering.append(gc.get_freeze_count())
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "render_files", recording)
    seeded_project.generate()
    assert frozen_while_rendering and frozen_while_rendering[0] > 0
    assert gc.get_freeze_count() == 0


LATER = ("---\ntitle: {title}\ndate: 2025-12-02\nsource: Probe Wire\ntags: [Probe]\n---\n\n"
         "The harbour authority of Valletta opened a new ferry terminal on 3 December 2025. "
         "{who} said the terminal would handle two million passengers a year.\n")


def test_a_warm_run_renders_only_the_timeline_months_whose_lines_changed(seeded_project,
                                                                        monkeypatch, tmp_path):
    import sys
    months = sys.modules["generator.render.timeline_pages"]
    monkeypatch.setattr(months, "ENTRIES_PER_PAGE", 2)  # the seeds' timeline in several pages
    made: list[str] = []
    real = months._month_page
    monkeypatch.setattr(months, "_month_page",
                        lambda page, *rest: made.append(page.path) or real(page, *rest))
    seeded_project.generate()
    every = sorted(made)
    assert len(every) >= 3
    made.clear()
    seeded_project.generate()
    assert made == []  # nothing changed: no month page rendered
    before = output_bytes(seeded_project.docs)
    seeded_project.add_seed("ferry.md", LATER.format(title="Valletta ferry terminal opens",
                                                     who="Joe Borg"))
    made.clear()
    seeded_project.generate()
    after = output_bytes(seeded_project.docs)
    changed = {path for path in after if before.get(path) != after[path]}
    # A later month is added: it and the page before it (whose pager now links it) are made,
    # no page whose bytes stay the same is, and the output is still a cold run's.
    assert made and set(made) <= changed and len(set(every) - set(made)) >= 2
    assert any(path not in every for path in made)
    assert output_bytes(seeded_project.docs) == cold_output(seeded_project.seeds, tmp_path)


def test_a_warm_run_renders_only_the_archive_months_whose_articles_changed(seeded_project,
                                                                         monkeypatch, tmp_path):
    import sys
    pages = sys.modules["generator.render.pages"]
    made: list[str] = []
    real = pages._archive_month
    monkeypatch.setattr(pages, "_archive_month",
                        lambda page, *rest: made.append(page) or real(page, *rest))
    seeded_project.generate()
    every = sorted(made)
    assert every
    made.clear()
    seeded_project.generate()
    assert made == []  # nothing changed: no month of the archive rendered
    before = output_bytes(seeded_project.docs)
    seeded_project.add_seed("ferry.md", LATER.format(title="Valletta ferry terminal opens",
                                                     who="Joe Borg"))
    made.clear()
    seeded_project.generate()
    after = output_bytes(seeded_project.docs)
    changed = {path for path in after if before.get(path) != after[path]}
    # The new report's month (December 2025) is made; the months it does not list are not.
    assert made == ["articles/2025/12/index.md"] and set(made) <= changed
    assert not set(every) & set(made)
    assert output_bytes(seeded_project.docs) == cold_output(seeded_project.seeds, tmp_path)


OLDER = ("---\ntitle: Lisbon library reopens\ndate: 2025-09-03\nsource: Probe Wire\n---\n\n"
         "The city library of Lisbon reopened on Wednesday after two years of repairs. Maria "
         "Costa said the library would open on Sundays too.\n")


def test_a_warm_run_renders_only_the_story_listings_whose_cards_changed(seeded_project,
                                                                       monkeypatch, tmp_path):
    import sys
    listing = sys.modules["generator.render.story_index"]
    monkeypatch.setattr(listing, "STORIES_PER_PAGE", 1)  # the seeds' stories on several pages
    made: list[str] = []
    real_page, real_index = listing._listing_page, listing.index_page
    monkeypatch.setattr(listing, "_listing_page",
                        lambda digest, page, nav: made.append(page.path)
                        or real_page(digest, page, nav))
    monkeypatch.setattr(listing, "index_page", lambda digest, pages: made.append(listing.INDEX)
                        or real_index(digest, pages))
    seeded_project.add_seed("library.md", OLDER)  # a story of an older month
    seeded_project.generate()
    every = sorted(made)
    assert len(every) >= 3
    made.clear()
    seeded_project.generate()
    assert made == []  # nothing changed: no listing of stories rendered
    before = output_bytes(seeded_project.docs)
    seeded_project.add_seed("ferry.md", LATER.format(title="Valletta ferry terminal opens",
                                                     who="Joe Borg"))
    made.clear()
    seeded_project.generate()
    after = output_bytes(seeded_project.docs)
    changed = {path for path in after if before.get(path) != after[path]}
    # The new story's month page, the index (its newest cards) and the page whose pager now
    # links the new one are made; the older pages are not, and the output is a cold run's.
    assert listing.INDEX in made and set(made) <= changed
    assert any(path not in every for path in made) and set(every) - set(made)
    assert output_bytes(seeded_project.docs) == cold_output(seeded_project.seeds, tmp_path)


def test_a_warm_run_makes_again_only_the_export_records_of_new_timeline_entries(seeded_project,
                                                                               monkeypatch,
                                                                               tmp_path):
    import sys
    export = sys.modules["generator.render.export"]
    made: list = []
    real = export.timeline_record
    monkeypatch.setattr(export, "timeline_record",
                        lambda entry, site_of: made.append(entry) or real(entry, site_of))
    digest = seeded_project.generate().digest
    assert len(made) == len(digest.timeline) > 2
    made.clear()
    seeded_project.add_seed("ferry.md", UNRELATED.format(title="Valletta ferry terminal opens",
                                                         who="Joe Borg"))
    digest = seeded_project.generate().digest
    ferry = next(a.id for a in digest.articles if a.seed == "ferry.md")
    assert made and len(made) < len(digest.timeline)
    assert all(ferry in entry.articles for entry in made)  # only the new report's entries
    assert output_bytes(seeded_project.docs) == cold_output(seeded_project.seeds, tmp_path)
    # A digest.json that is not the one the last run wrote is not used: every record is made.
    export_file = seeded_project.docs / "digest.json"
    export_file.write_text(export_file.read_text(encoding="utf-8").replace("Joe Borg", "Joe"),
                           encoding="utf-8")
    made.clear()
    seeded_project.generate()
    assert len(made) == len(digest.timeline)
    assert output_bytes(seeded_project.docs) == cold_output(seeded_project.seeds, tmp_path)


def test_a_run_never_counts_the_objects_it_froze_itself(seeded_project, monkeypatch):
    """gc.get_freeze_count walks every frozen object (a few hundredths of a second a call at
    2,225 articles): once generate froze the state, it knows, and does not ask."""
    import gc
    counts = []
    real = gc.get_freeze_count

    def counting() -> int:
        counts.append(real())
        return counts[-1]

    monkeypatch.setattr(gc, "get_freeze_count", counting)
    seeded_project.generate()
    assert counts and all(count == 0 for count in counts)
    assert real() == 0


def test_objects_frozen_by_a_caller_stay_the_callers_to_thaw():
    """The MkDocs plugin freezes around a rebuild and thaws itself: the run joins its freeze
    and, once the plugin thawed, nothing is taken for frozen any more."""
    import gc

    from generator import cache, pipeline
    gc.freeze()
    try:
        with pipeline._kept_objects_frozen():
            assert cache.frozen_any()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
    assert not cache.frozen_any()


def test_a_warm_run_hashes_last_runs_export_once(seeded_project, monkeypatch):
    """Render reads last run's digest.json to use its records again, and the writer checks the
    same file before replacing it: its bytes are hashed once between them (13.6 MB at 2,225
    articles, hashed twice a run before)."""
    import hashlib
    import os
    import time
    seeded_project.generate()
    old = (seeded_project.docs / "digest.json").read_bytes()
    past = time.time() - 60  # outputs older than the writer's racy window, as between runs
    for path in seeded_project.docs.rglob("*"):
        os.utime(path, (past, past))
    hashed = []
    real = hashlib.sha256

    def counting(data=b"", *args, **kwargs):
        if data == old:
            hashed.append(len(data))
        return real(data, *args, **kwargs)

    monkeypatch.setattr(hashlib, "sha256", counting)
    seeded_project.add_seed("extra.md", EXTRA.format(title="Budapest talks", who="Viktor Orban"))
    seeded_project.generate()
    assert hashed == [len(old)]
    assert (seeded_project.docs / "digest.json").read_bytes() != old


def test_runs_alternating_between_two_code_versions_give_the_bytes_of_a_cold_run(
        seeded_project, monkeypatch, tmp_path):
    """Two versions of the code in one project (a bisect, an A/B timing) keep a state each
    (the state's name covers the code), and each finds docs/ as the other left it: a run
    whose own state is from before the other's runs must still add, keep and remove exactly
    the pages of a cold run (once, a removed seed's page was seen to stay for one run)."""
    from generator import cache
    versions = {"a": "code version a", "b": "code version b"}

    def generate_with(version: str):
        monkeypatch.setattr(cache, "generator_fingerprint", lambda: versions[version])
        return seeded_project.generate().report

    generate_with("a")
    generate_with("b")
    extra = seeded_project.seeds / "extra.md"
    steps = [("a", "add"), ("b", "remove"), ("b", "add"), ("a", "remove"), ("a", "add"),
             ("a", "remove"), ("b", "add"), ("a", "remove")]
    for version, step in steps:
        if step == "add":
            seeded_project.add_seed("extra.md", EXTRA.format(title="Budapest talks",
                                                              who="Viktor Orban"))
        else:
            extra.unlink()
        report = generate_with(version)
        assert report.written or report.removed, (version, step)
        assert output_bytes(seeded_project.docs) == cold_output(seeded_project.seeds, tmp_path), \
            (version, step)


def test_a_warm_run_finds_the_timeline_entries_of_the_pages_it_makes_again_alone(
        seeded_project, tmp_path):
    """The digest's index of the timeline by entity (tens of thousands of entries at 2,225
    articles) is not built for the few entity pages a new report changes (nor the one by
    story, on an archive of more than these few stories: tests/render/test_render_files.py)."""
    seeded_project.generate()
    seeded_project.add_seed("extra.md", EXTRA.format(title="Budapest talks", who="Viktor Orban"))
    result = seeded_project.generate()
    assert any(p.startswith("entities/") for p in result.report.written)
    assert "timeline_by_entity" not in result.digest.__dict__
    assert output_bytes(seeded_project.docs) == cold_output(seeded_project.seeds, tmp_path)
