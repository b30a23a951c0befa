"""Markdown reports with YAML front matter."""

from __future__ import annotations

from datetime import datetime

import pytest

from briefapp.errors import ImportFailed
from briefapp.ingest.pipeline import parse_report
from tests.conftest import MARKDOWN_SAMPLES


def parse(name: str):
    return parse_report((MARKDOWN_SAMPLES / name).read_bytes(), name)


def test_front_matter_gives_the_metadata():
    report = parse("front_matter_full.md")
    assert report.title == "Gold, Guns and Checkpoints: Mining Revenue in the Liptako-Gourma"
    assert report.published == datetime(2026, 2, 19)
    assert report.publisher == "Meridian Analytics"
    assert report.countries == ["Mali", "Burkina Faso"]
    assert report.topics == ["Terrorism", "Mining", "Governance"]
    assert [(s.heading, s.kind) for s in report.sections] == [
        ("Executive Summary", "summary"),
        ("Key Developments", "other"),
        ("Strategic Outlook", "outlook"),
    ]
    assert not any("publisher:" in s.text or "---" == s.text[:3] for s in report.sections)


def test_tables_lists_quotes_and_emphasis_stay_markdown():
    report = parse("front_matter_full.md")
    developments = report.section("Key Developments").text
    assert "| Site cluster | Country |" in developments or "Site cluster | Country" in developments
    assert "Mali / Burkina Faso" in developments
    assert "\n- " in developments
    assert "> “They do not stop the work any more." in developments
    outlook = report.section("Strategic Outlook").text
    assert "1. " in outlook and "3. " in outlook
    assert outlook.endswith("contributed to armed-group financing.")
    assert "**taxing**" in report.section("Executive Summary").text


def test_minimal_front_matter_leaves_other_fields_empty():
    report = parse("front_matter_minimal.md")
    assert report.title == "Port Congestion at Tema Eases After Customs Reform"
    assert report.published is None and report.publisher is None
    assert report.countries == ["Ghana"]  # found in the text
    assert [s.kind for s in report.sections] == ["summary", "outlook"]
    assert report.sections[-1].text.endswith("backlogs that take days to clear.")


def test_title_comes_from_the_first_heading_without_front_matter():
    report = parse("no_front_matter.md")
    assert report.title == "Cameroon’s Far North: Kidnapping Economy Outgrows the Insurgency"
    assert [s.heading for s in report.sections] == ["Overview", "Key Developments", "Forecast"]
    developments = report.section("Key Developments").text
    assert "### Who is targeted" in developments and "### How ransoms are paid" in developments
    assert "- Ransoms typically range" in developments
    assert report.countries == ["Cameroon"]


def test_headings_inside_code_fences_are_not_sections():
    data = b"---\ntitle: Fenced\n---\n## Summary\n\n```\n## not a heading\n```\n\nText after.\n"
    report = parse_report(data, "fenced.md")
    assert [s.heading for s in report.sections] == ["Summary"]
    assert "## not a heading" in report.sections[0].text


def test_broken_front_matter_is_a_clear_error():
    with pytest.raises(ImportFailed, match=r"bad\.md: front matter is not valid YAML"):
        parse_report(b"---\ntitle: [unclosed\n---\n## Summary\n\ntext\n", "bad.md")


def test_trailing_call_to_action_paragraph_is_dropped_from_markdown():
    data = (
        b"---\ntitle: T\n---\n## Summary\n\nReal analysis of the situation.\n\n"
        b"Let Acme Risk be your trusted partner in navigating uncertainty.\n"
    )
    report = parse_report(data, "cta.md")
    assert report.sections[0].text == "Real analysis of the situation."


def test_opening_label_line_is_metadata_not_text():
    data = (
        b"---\ntitle: Labels\n---\nCountries: Mali, Ivory Coast \xc2\xb7 Topics: Security, Mining\n\n"
        b"## Summary\n\nThe text.\n"
    )
    report = parse_report(data, "labels.md")
    assert report.countries == ["Mali", "Côte d'Ivoire"] and report.topics == ["Security", "Mining"]
    assert [s.heading for s in report.sections] == ["Summary"]


def test_level_one_heading_per_section_gives_sections():
    data = (
        "# Convoy Attacks Near Diffa\n\n# Executive Summary\n\nThree convoys were attacked.\n\n"
        "## Details\n\nThe attacks came at dawn.\n\n# Outlook\n\nMore attacks are likely.\n"
    ).encode()
    report = parse_report(data, "h1s.md")
    assert report.title == "Convoy Attacks Near Diffa"
    assert [(s.heading, s.kind) for s in report.sections] == [
        ("Executive Summary", "summary"),
        ("Outlook", "outlook"),
    ]
    assert "### Details" in report.sections[0].text


def test_visible_date_line_dates_a_report_without_front_matter_date():
    data = b"# Water Points Dry Up in Kidal\n\nPublished 20 June 2026\n\n## Summary\n\nWells have failed.\n"
    report = parse_report(data, "dated.md")
    assert report.published is not None and report.published.date().isoformat() == "2026-06-20"
    assert "Published" not in report.sections[0].text


def test_kicker_and_byline_above_the_first_heading_are_not_a_section():
    data = (
        "# Offshore Gas and the Grid\n\nAnalysis · Energy\n\nBy A. Writer · 3 November 2026\n\n"
        "## Overview\n\nThe new fields supply four countries.\n"
    ).encode()
    report = parse_report(data, "kicker.md")
    assert [s.heading for s in report.sections] == ["Overview"]


def test_a_real_introduction_above_the_first_heading_is_kept():
    data = (
        "# Offshore Gas and the Grid\n\nThe grid links four countries and it is fragile.\n\n"
        "## Overview\n\nThe new fields supply four countries.\n"
    ).encode()
    report = parse_report(data, "intro.md")
    assert [s.heading for s in report.sections] == ["Introduction", "Overview"]


def test_front_matter_url_becomes_the_report_url():
    text = "---\ntitle: Depots\nurl: https://lake.example/fuel-depots\n---\n\nSmugglers moved.\n"
    assert parse_report(text.encode(), "d.md").url == "https://lake.example/fuel-depots"


def test_front_matter_source_address_is_the_url_and_a_source_name_the_publisher():
    text = "---\ntitle: Depots\nsource: https://lake.example/fuel-depots\n---\n\nSmugglers moved.\n"
    report = parse_report(text.encode(), "d.md")
    assert report.url == "https://lake.example/fuel-depots" and report.publisher is None
    text = "---\ntitle: Depots\nsource: Komadugu Monitor\n---\n\nSmugglers moved.\n"
    report = parse_report(text.encode(), "d.md")
    assert report.url is None and report.publisher == "Komadugu Monitor"


def test_front_matter_url_that_is_not_a_web_address_is_left_out():
    text = "---\ntitle: Depots\nurl: file:///etc/passwd\n---\n\nSmugglers moved.\n"
    assert parse_report(text.encode(), "d.md").url is None
