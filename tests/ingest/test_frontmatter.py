import pytest

from generator.ingest.decode import ReadError
from generator.ingest.frontmatter import normalise_fields, split_front_matter


def test_front_matter_is_split_from_the_body():
    meta, body = split_front_matter("---\ntitle: Hello\ndate: 2025-10-16\n---\nBody text.\n")
    assert meta["title"] == "Hello"
    assert body == "Body text.\n"


def test_text_without_fence_has_no_front_matter():
    assert split_front_matter("Just text\n---\nmore") == ({}, "Just text\n---\nmore")


def test_unclosed_front_matter_is_an_error():
    with pytest.raises(ReadError, match="no closing"):
        split_front_matter("---\ntitle: x\nbody without end\n")


def test_invalid_yaml_names_the_line():
    with pytest.raises(ReadError, match="malformed front matter at line"):
        split_front_matter("---\ntitle: [unclosed\n---\nbody\n")


def test_yaml_alias_bomb_is_refused():
    bomb = "---\na: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n---\nbody\n"
    with pytest.raises(ReadError, match="aliases"):
        split_front_matter(bomb)


def test_front_matter_must_be_a_mapping():
    with pytest.raises(ReadError, match="mapping"):
        split_front_matter("---\n- a\n- b\n---\nbody\n")


def test_fields_are_coerced_and_bad_values_reported():
    fields, warnings = normalise_fields({
        "title": {"nested": "map"}, "date": "not a date", "authors": "Ann Lee, Bo Chan",
        "tags": ["a", 2], "url": "javascript:alert(1)", "source": "Reuters",
    })
    assert fields == {"authors": ["Ann Lee", "Bo Chan"], "tags": ["a", "2"], "source": "Reuters"}
    assert any("'title' ignored" in w for w in warnings)
    assert any("'date' ignored" in w for w in warnings)
    assert any("'url' ignored" in w for w in warnings)


def test_dates_in_several_forms_become_iso():
    import datetime as dt
    fields, _ = normalise_fields({"date": dt.datetime(2025, 10, 16, 9, 30)})
    assert fields["date"] == "2025-10-16"
    fields, _ = normalise_fields({"date": "2025-10-16T09:30:00Z"})
    assert fields["date"] == "2025-10-16"
    _, warnings = normalise_fields({"date": "2025-02-30"})
    assert warnings
