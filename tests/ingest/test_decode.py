import pytest

from generator.ingest.decode import ReadError, decode


def test_utf8_text_is_kept_and_nfc_normalised():
    assert decode("Cafe\u0301 in Kyiv 🇺🇦".encode()) == "Café in Kyiv 🇺🇦"


def test_windows_1252_curly_quotes_are_decoded_not_replaced():
    assert decode(b"Trump\x92s call \x93today\x94") == "Trump’s call “today”"


def test_latin_1_accents_are_decoded():
    assert decode("Zürich café".encode("latin-1")) == "Zürich café"


def test_utf16_with_bom():
    assert decode("Привет, мир".encode("utf-16")) == "Привет, мир"


def test_crlf_becomes_lf():
    assert decode(b"one\r\ntwo\rthree") == "one\ntwo\nthree"


def test_mojibake_is_repaired():
    assert decode("donâ€™t".encode()) == "don’t"


def test_right_to_left_text_survives():
    assert decode("שלום עולם مرحبا".encode()) == "שלום עולם مرحبا"


@pytest.mark.parametrize("data, reason", [
    (b"", "empty"),
    (b"  \n\t\n", "empty"),
    (b"text\x00with nul", "binary"),
    (b"\x89PNG\r\n\x1a\nrest", "binary"),
    ("\u200b\u3000".encode(), "whitespace"),
])
def test_unreadable_input_is_refused_with_a_reason(data, reason):
    with pytest.raises(ReadError, match=reason):
        decode(data)


def test_ascii_is_returned_as_ftfy_would_return_it():
    """The ASCII shortcut in repair_mojibake must agree with ftfy on any ASCII text, controls,
    entities and markup included (random strings over all 128 code points, fixed seed)."""
    import random

    import ftfy

    from generator.ingest.decode import repair_mojibake

    rng = random.Random(13)
    alphabet = [chr(c) for c in range(128)] + ["&amp;", "<b>", "\r\n", "\x1b[31m", " \n\n"]
    samples = ["".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 400)))
               for _ in range(300)]
    for text in samples:
        expected = ftfy.fix_text(text, normalization="NFC", uncurl_quotes=False,
                                 fix_character_width=False, unescape_html=False,
                                 remove_control_chars=False)
        assert repair_mojibake(text) == expected, repr(text)
