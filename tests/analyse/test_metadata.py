from generator.analyse import analyse, summarise
from generator.analyse.metadata import find_full_date, headline_from_lead
from generator.clean import clean
from generator.config import Settings
from generator.ingest import read_seeds
from generator.models import Block, CleanDocument, FileDate, RawDocument
from tests.conftest import SEEDS


def article(text: str, declared: dict | None = None, file_date: FileDate | None = None):
    raw = RawDocument(seed="s.txt", format="txt", text=text, declared=declared or {},
                      content_hash="h", file_date=file_date)
    return analyse(clean(raw), Settings())


def test_seed_metadata():
    docs = {d.seed[:3]: analyse(clean(d), Settings()) for d in read_seeds(SEEDS).documents}
    a000, a004 = docs["000"], docs["004"]
    assert a000.source == "The Canadian Press"
    assert a000.inferred["source"] == "copyright line"
    assert a000.contributors == ["Fatima Hussein", "Didi Tang"]
    assert a000.date == a004.date == "2025-10-16"
    assert "date" not in a000.inferred  # declared by the sidecar
    assert a000.title.startswith("U.S. President Donald Trump is redoubling his efforts")
    assert a004.title.startswith("U.S. President Donald Trump announced")
    assert a000.inferred["title"] == a004.inferred["title"] == "lead"
    assert a004.source == "" and "source" not in a004.inferred


def test_headline_line_becomes_the_title_and_leaves_the_body():
    a = article("Ad sales boost Time Warner profit\n\nQuarterly profits at US media giant "
                "TimeWarner jumped 76% to $1.13bn (£600m).\n")
    assert a.title == "Ad sales boost Time Warner profit"
    assert a.inferred["title"] == "headline line"
    assert a.blocks[0].text.startswith("Quarterly profits")


def test_headline_from_lead_drops_time_phrase_and_cuts_long_clauses():
    lead = ("On Thursday, the finance minister announced a sweeping package of tax cuts for small "
            "businesses and families in the north of the country, which critics called a bribe.")
    title = headline_from_lead(lead)
    assert title.startswith("The finance minister announced")
    assert len(title.split()) <= 16
    assert not title.endswith((",", "."))


def test_source_from_agency_dateline_and_byline():
    assert article("WASHINGTON (AP) — The Senate voted on a bill.").source \
        == "The Associated Press"
    a = article("By Jane Doe and John Roe, Reuters\nThe markets fell sharply today.")
    assert a.source == "Reuters"
    assert a.authors == ["Jane Doe", "John Roe"]
    assert a.inferred["authors"] == "byline"


def test_copyright_line_with_all_rights_reserved():
    a = article("Story text here.\nCopyright 2024 The Associated Press. All rights reserved.")
    assert a.source == "The Associated Press"


def test_date_from_publication_line_then_text_then_file():
    assert article("Published October 16, 2025\nText.").date == "2025-10-16"
    assert article("Kyiv, 3 March 2024 - Text of the story.").date == "2024-03-03"
    a = article("Undated text.", file_date=FileDate("2023-01-02", "git"))
    assert (a.date, a.inferred["date"]) == ("2023-01-02", "git commit")
    a = article("Undated text.", file_date=FileDate("2023-01-02", "mtime"))
    assert a.inferred["date"] == "file modification time (guess)"


def test_declared_fields_win_and_are_not_marked_inferred():
    a = article("Headline here now\n\nBody.", declared={"title": "Given", "source": "Given Times"})
    assert (a.title, a.source) == ("Given", "Given Times")
    assert "title" not in a.inferred and "source" not in a.inferred


def test_full_date_forms():
    assert find_full_date("Oct. 16, 2025") == "2025-10-16"
    assert find_full_date("16th October 2025") == "2025-10-16"
    assert find_full_date("2025-10-16") == "2025-10-16"
    assert find_full_date("February 30, 2025") is None


def test_summary_is_whole_sentences_within_limit():
    blocks = [Block("p", "First sentence is here. Second one follows it. " * 10)]
    summary = summarise(blocks, 20)
    assert summary.endswith(".")
    assert len(summary.split()) <= 20


def test_slug_cannot_escape_and_ids_are_stable():
    a = article("Text.", declared={"slug": "../../etc/passwd"})
    assert a.slug == "etc-passwd"
    b = article("Other text entirely.", declared={})
    assert a.id == b.id  # same seed path -> same id, whatever the content


def test_reading_time_and_word_count():
    a = article("word " * 460 + ".")
    assert a.word_count == 460
    assert a.reading_minutes == 2


def test_clean_document_type_is_what_analyse_takes():
    doc = CleanDocument(seed="z.txt", format="txt", blocks=[Block("p", "Only text.")],
                        credits=[], removed=[], declared={}, content_hash="h")
    assert analyse(doc, Settings()).title == "Only text"
