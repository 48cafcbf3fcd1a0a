import json
import subprocess
import sys
from pathlib import Path

from generator.analyse.quality import (
    W_FURNITURE,
    W_SPUN_PHRASE,
    Quality,
    QualityReason,
    assess,
)

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

CLEAN = (
    "The White House said on Monday that the Prime Minister would visit Washington next week.\n"
    "Officials said the meeting would focus on trade and security in the Middle East.\n"
    "The visit comes nearly four years after the last one, the Associated Press reported.\n"
)


def _signals(q: Quality) -> list[str]:
    return [r.signal for r in q.reasons]


def test_spun_names_are_found_and_mapped_back():
    text = CLEAN.replace("White House", "White Home").replace("Associated Press", "Related Press")
    q = assess(text)
    assert ("White Home", "White House") in q.substitutions
    assert ("Related Press", "Associated Press") in q.substitutions
    assert any("line 1" in r.detail for r in q.reasons if r.signal == "spun-phrase")


def test_clean_names_give_no_substitutions():
    q = assess(CLEAN)
    assert q.substitutions == ()
    assert not q.spun
    assert "spun-phrase" not in _signals(q)


def test_lowercase_home_is_not_a_spun_name():
    # "white home" in running prose is not the capitalised name
    q = assess("They bought a white home near the lake, the agent said on Friday.\n" * 3)
    assert q.substitutions == ()


def test_spelling_variant_is_not_a_spin():
    q = assess("The World Trade Organisation ruled against the tariffs, officials said.\n")
    assert q.substitutions == ()


def test_three_word_name_with_one_swapped_word_needs_no_table():
    q = assess("It was the largest conflict in Europe since World Conflict II, he said.\n")
    assert ("World Conflict II", "World War II") in q.substitutions


def test_single_piece_of_evidence_is_not_enough_for_spun():
    q = assess(CLEAN.replace("White House", "White Home"))
    assert "spun-phrase" in _signals(q)
    assert not q.spun


def test_fingerprint_idioms_and_names_together_mark_spun():
    text = CLEAN.replace("White House", "White Home").replace(
        "nearly four years after", "practically 4 years in the past, after"
    )
    q = assess(text)
    assert "collocation" in _signals(q)
    assert q.spun
    assert q.score < assess(CLEAN).score


def test_attribution_with_mentioned_instead_of_said():
    lines = [f'"We will act," {name} mentioned on day {i}.' for i, name in enumerate("ABCD")]
    q = assess("\n".join(lines) + "\n")
    assert any("attributed" in r.detail for r in q.reasons)
    plain = assess("\n".join(line.replace("mentioned", "said") for line in lines) + "\n")
    assert not any("attributed" in r.detail for r in plain.reasons)


def test_furniture_lines_are_reported_with_line_numbers():
    q = assess(CLEAN + "Leave a comment\nTrending\n")
    furniture = [r.detail for r in q.reasons if r.signal == "furniture"]
    assert any("Leave a comment" in d and "line 4" in d for d in furniture)
    assert any("Trending" in d for d in furniture)
    assert "furniture" not in _signals(assess(CLEAN))


def test_truncated_last_line():
    cut = CLEAN + "The two leaders are expected to discuss the sanctions bill and the\n"
    assert "truncated" in _signals(assess(cut))
    assert "truncated" not in _signals(assess(CLEAN))


def test_garbled_text_with_many_non_words():
    words = "the qzxv of brrtk and plmmo wxq said zzyt on frobnic kkrv lorp".split()
    q = assess(" ".join(words * 4) + ".\n")
    assert "garbled" in _signals(q)


def test_round_trip_through_json():
    q = assess(CLEAN.replace("White House", "White Home") + "Leave a comment\n")
    back = Quality.from_dict(json.loads(json.dumps(q.to_dict())))
    assert back == q
    assert all(isinstance(r, str) for r in q.to_dict()["reasons"])


def test_reason_string_parses_back():
    r = QualityReason("garbled", 'odd: "x" (line 2)', 0.25)
    assert QualityReason.parse(str(r)) == r


def test_score_multiplies_what_each_reason_leaves_and_spun_needs_two_spin_signals():
    one = assess(CLEAN.replace("White House", "White Home"))
    two = assess(CLEAN.replace("White House", "White Home")
                 .replace("Associated Press", "Related Press"))
    with_furniture = assess(CLEAN.replace("White House", "White Home")
                            .replace("Associated Press", "Related Press") + "Leave a comment\n")
    assert assess(CLEAN).score == 1.0 and not assess(CLEAN).spun
    assert _signals(one) == ["spun-phrase"] and not one.spun  # one piece of evidence: not spun
    assert one.score == round(1 - W_SPUN_PHRASE, 4)
    assert _signals(two) == ["spun-phrase", "spun-phrase"] and two.spun
    assert two.score == round((1 - W_SPUN_PHRASE) ** 2, 4)
    # furniture lowers the score but is no spin evidence
    assert with_furniture.spun
    assert with_furniture.score == round((1 - W_SPUN_PHRASE) ** 2 * (1 - W_FURNITURE), 4)


def test_seed_000_is_spun_and_004_is_not():
    spun = assess((SEEDS / "000_82f1fc805ef2a3d3.txt").read_text(encoding="utf-8"))
    clean = assess((SEEDS / "004_7ea99317f4e942c8.txt").read_text(encoding="utf-8"))
    assert spun.spun
    assert ("White Home", "White House") in spun.substitutions
    assert ("Related Press", "Associated Press") in spun.substitutions
    assert not clean.spun
    assert clean.substitutions == ()
    assert "furniture" in _signals(clean)  # "Leave a comment", "Trending"


def test_plain_english_zipf_frequency_equals_wordfreq_over_its_whole_english_list():
    """zipf_frequency's own table, read from wordfreq's data file without wordfreq, gives
    wordfreq's float for every plain word of wordfreq's English list, both ways it finds a rare
    word (bisecting a band: the first, middle and last word of every band and a sample; the
    whole table: every word); other words (capitals, apostrophes, digits, accents) and unlisted
    ones give wordfreq's answer too."""
    import wordfreq

    from generator.analyse.quality import (
        RARE_LOOKUPS_BEFORE_FULL_TABLE,
        _english_bands,
        _EnglishZipfs,
        _wordfreq_english_file,
        zipf_frequency,
    )

    def plain(word: str) -> bool:
        return word.isascii() and word.isalpha() and word.islower()

    # the installed wordfreq is the one read directly (an upgrade fails here until its file
    # and formulas are checked and WORDFREQ_READ_DIRECTLY raised)
    assert _wordfreq_english_file() is not None
    bands = _english_bands()
    assert bands == wordfreq.get_frequency_list("en")
    listed = [w for band in bands for w in band if plain(w)]
    assert len(listed) > 250_000
    table = _EnglishZipfs(bands)
    assert 0 < table.rare_from < len(bands)  # some bands bisected, not all
    probes = [w for band in bands[table.rare_from:]
              for w in (band[0], band[len(band) // 2], band[-1]) if plain(w)]
    probes = list(dict.fromkeys([*probes, *listed[::100], "qzxjvvq", "zzzzzzzzz", "aaaab"]))
    table.rare_asked = -len(probes)  # every probe by bisection
    assert [w for w in probes if table.get(w) != wordfreq.zipf_frequency(w, "en")] == []
    assert table.rare_from < len(bands)  # still bisecting
    table.rare_asked = RARE_LOOKUPS_BEFORE_FULL_TABLE
    assert table.get("qzxjvvq") == 0.0 and table.rare_from == len(bands)  # the whole table now
    assert [w for w in listed if table.get(w) != wordfreq.zipf_frequency(w, "en")] == []
    for word in ["said", "stated", "massive", "the", "qzxjvvq", "zelenskyy", "Said", "don't",
                 "covid19", "café", "naïve", "e-mail", "", "x"]:
        assert zipf_frequency(word, "en") == wordfreq.zipf_frequency(word, "en"), word


def test_another_wordfreq_version_or_file_format_is_read_by_wordfreq_itself(tmp_path,
                                                                            monkeypatch):
    import gzip

    import msgpack
    import wordfreq

    from generator.analyse import quality

    monkeypatch.setattr(quality, "WORDFREQ_READ_DIRECTLY", "0.0.1")
    assert quality._wordfreq_english_file() is None
    assert quality._english_bands() is wordfreq.get_frequency_list("en")
    other = tmp_path / "other.msgpack.gz"
    other.write_bytes(gzip.compress(msgpack.packb([{"format": "cB", "version": 2}, ["the"]])))
    assert quality._read_cbpack(other) is None
    monkeypatch.setattr(quality, "_wordfreq_english_file", lambda: other)
    assert quality._english_bands() is wordfreq.get_frequency_list("en")


def test_assessing_a_plain_english_article_imports_neither_wordfreq_nor_ftfy():
    # wordfreq's import (ftfy, langcodes, regex, a stack walk) was most of analysing one new
    # seed in a warm run; its English list is read without it.
    text = (CLEAN * 40).replace("would", "massively")
    script = ("import sys\nfrom generator.analyse.quality import assess\n"
              "assess(sys.stdin.read())\nprint(*sys.modules)")
    done = subprocess.run([sys.executable, "-c", script], input=text, capture_output=True,
                          text=True, check=True, cwd=SEEDS.parent)
    modules = set(done.stdout.split())
    assert "generator.analyse.quality" in modules and "msgpack" in modules  # the list was read
    assert not {"wordfreq", "ftfy", "langcodes"} & modules
