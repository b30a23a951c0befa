"""Small pure steps of the pipeline: dates, countries, section kinds, decoding."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from briefapp.ingest.countries import find_countries, normalise_country
from briefapp.ingest.dates import parse_published
from briefapp.ingest.decode import decode_text
from briefapp.ingest.sections import looks_like_heading, section_kind


@pytest.mark.parametrize(
    "text, expected",
    [
        ("19 aug. 2025 23:01", datetime(2025, 8, 19, 23, 1)),
        ("29 jan. 2026 17:06", datetime(2026, 1, 29, 17, 6)),
        ("February 19, 2026", datetime(2026, 2, 19)),
        ("2026-03-04", datetime(2026, 3, 4)),
        ("Published 14 November 2026", datetime(2026, 11, 14)),
        (
            "2026-03-04T10:00:00+01:00",
            datetime(2026, 3, 4, 10, tzinfo=timezone(timedelta(hours=1))),
        ),
        ("19 août 2025", datetime(2025, 8, 19)),
        ("Sept. 3, 2025 at 4:05 pm", datetime(2025, 9, 3, 16, 5)),
    ],
)
def test_dates_in_the_forms_analysts_meet(text, expected):
    assert parse_published(text) == expected


@pytest.mark.parametrize("text", ["", "no date here", "31 feb. 2025", "Security, Mining"])
def test_no_date_or_impossible_date_is_none(text):
    assert parse_published(text) is None


@pytest.mark.parametrize(
    "alias, name",
    [
        ("Ivory Coast", "Côte d'Ivoire"),
        ("Côte d’Ivoire", "Côte d'Ivoire"),
        ("cote d'ivoire", "Côte d'Ivoire"),
        ("DRC", "Democratic Republic of the Congo"),
        ("Burkina", "Burkina Faso"),
        ("Niger", "Niger"),
        ("Nigeria", "Nigeria"),
        ("Sahel", None),
        ("us", None),
    ],
)
def test_countries_by_name_and_alias(alias, name):
    assert normalise_country(alias) == name


def test_niger_river_and_niger_delta_are_not_niger():
    assert find_countries("Floods along the Niger River") == []
    assert find_countries("Militants in the Niger Delta") == ["Nigeria"]
    assert find_countries("Nigeria and Niger signed a pact") == ["Nigeria", "Niger"]


@pytest.mark.parametrize(
    "heading, kind",
    [
        ("Executive Summary", "summary"),
        ("Key Judgements", "summary"),
        ("Key Judgments", "summary"),
        ("Summary", "summary"),
        ("BLUF", "summary"),
        ("Overview", "summary"),
        ("1. Executive Summary", "summary"),
        ("Strategic Outlook", "outlook"),
        ("Outlook", "outlook"),
        ("Forecast", "outlook"),
        ("Prospects", "outlook"),
        ("Background", "other"),
        ("Security Situation", "other"),
    ],
)
def test_section_kinds_are_normalised(heading, kind):
    assert section_kind(heading) == kind


@pytest.mark.parametrize(
    "line, heading",
    [
        ("Executive Summary", True),
        ("Humanitarian Impact", True),
        ("Key Developments", True),
        ("The army withdrew from the town.", False),
        ("Name*", False),
        ("12 mar. 2025", False),
        ("He said the talks would resume in the spring", False),
    ],
)
def test_heading_lines_are_short_title_case_without_a_full_stop(line, heading):
    assert looks_like_heading(line) is heading


def test_cp1252_bytes_decode_and_utf8_wins_when_valid():
    assert decode_text("Ségou — “ok”".encode("cp1252")) == "Ségou — “ok”"
    assert decode_text("Ségou ɓ".encode("utf-8")) == "Ségou ɓ"
    assert decode_text(b"\xef\xbb\xbfBOM") == "BOM"


def test_a_declared_python_codec_is_not_taken_for_a_charset():
    data = "Caf\u00e9 \\ud800".encode("cp1252")
    assert decode_text(data, "unicode_escape") == "Café \\ud800"
    assert decode_text("Ségou".encode("cp1252"), "not-a-codec") == "Ségou"


def test_dates_written_in_other_digits_are_read():
    # Arabic-Indic and full-width digits are digits too (the quick "has a digit" test must agree).
    assert parse_published("٢٠٢٥-٠٣-٠٤") == datetime(2025, 3, 4)
    assert parse_published("４ March ２０２６") == datetime(2026, 3, 4)
    assert parse_published("no date here") is None
