"""`briefapp export`, `brief` and `brands` through the command line."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from tests.conftest import MARKDOWN_SAMPLES, TEXT_FILES


@pytest.fixture
def ids(cli):
    rows = cli("import", "--json", *TEXT_FILES, MARKDOWN_SAMPLES / "front_matter_full.md").json
    return {r["path"].rsplit("/", 1)[-1]: r["report_id"] for r in rows}


def write_spec(tmp_path, body: str):
    spec = tmp_path / "brief.toml"
    spec.write_text(body, encoding="utf-8")
    return spec


def test_export_spec_writes_a_branded_pdf(cli, ids, tmp_path):
    spec = write_spec(
        tmp_path,
        f"""
title = "Sahel Weekly Briefing"
subtitle = "Week 47"
classification = "RESTRICTED"
author = "Analysis Cell"
[[items]]
report = {ids["header_labels_full.txt"]}
section = "executive summary"
note = "Watch the Djado plateau."
[[items]]
report = {ids["key_judgements_forecast.txt"]}
section = "Strategic Outlook"
[[items]]
markdown = "## Analyst Comment\\n\\nOur own *assessment*."
""",
    )
    out = tmp_path / "out.pdf"
    result = cli("export", spec, "-o", out, "--json")
    assert result.code == 0, result.err
    assert result.json["pages"] >= 3 and result.json["items"] == 3
    reader = PdfReader(out)
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Sahel Weekly Briefing" in text and "Watch the Djado plateau." in text
    assert "Analyst Comment" in text and "RESTRICTED" in reader.pages[1].extract_text()
    # "Strategic Outlook" was asked of a report whose outlook is headed "Forecast".
    assert "Forecast" in text
    assert reader.metadata.title == "Sahel Weekly Briefing"


def test_spec_naming_a_missing_report_or_section_fails_and_writes_nothing(cli, ids, tmp_path):
    spec = write_spec(
        tmp_path,
        f"""
title = "Broken"
[[items]]
report = 9999
section = "Executive Summary"
[[items]]
report = {ids["iso_date.txt"]}
section = "Annexes"
""",
    )
    out = tmp_path / "out.pdf"
    result = cli("export", spec, "-o", out)
    assert result.code == 1
    assert "item 1: no report with id 9999" in result.err
    assert f'item 2: report {ids["iso_date.txt"]} has no section "Annexes"' in result.err
    assert not out.exists() and list(tmp_path.glob("*.pdf")) == []


def test_invalid_toml_is_a_clear_error(cli, tmp_path):
    spec = write_spec(tmp_path, "title = \n")
    result = cli("export", spec, "-o", tmp_path / "x.pdf")
    assert result.code == 1 and "not valid TOML" in result.err and str(spec) in result.err


def test_brief_collects_summaries_and_outlooks_newest_first(cli, ids, tmp_path):
    out = tmp_path / "brief.pdf"
    result = cli(
        "brief",
        "--country",
        "Burkina Faso",
        "--sections",
        "Executive Summary,Strategic Outlook",
        "-o",
        out,
        "--json",
    )
    assert result.code == 0, result.err
    text = "\n".join(p.extract_text() for p in PdfReader(out).pages)
    # BLUF and Prospects count as summary and outlook.
    assert "BLUF" in text and "Prospects" in text
    assert "Jihadist Coalition Claims" in text


def test_brief_with_no_match_is_a_clear_error(cli, ids, tmp_path):
    result = cli("brief", "--country", "Iceland", "-o", tmp_path / "none.pdf")
    assert result.code == 1 and "no report matches" in result.err


def test_unknown_brand_lists_the_available_ones(cli, ids, tmp_path):
    result = cli("brief", "--country", "Mali", "--brand", "nope", "-o", tmp_path / "b.pdf")
    assert result.code == 1 and "default" in result.err and "meridian" in result.err


def test_brands_lists_bundled_profiles(cli):
    names = [b["name"] for b in cli("brands", "--json").json]
    assert {"default", "meridian"} <= set(names)


def test_password_protected_export(cli, ids, tmp_path):
    out = tmp_path / "secret.pdf"
    result = cli("brief", "--country", "Mali", "--password", "s3cret", "-o", out)
    assert result.code == 0, result.err
    reader = PdfReader(out)
    assert reader.is_encrypted
    assert reader.decrypt("s3cret")
    assert "Mali" in reader.pages[0].extract_text() + reader.pages[2].extract_text()


def test_saved_briefing_round_trips_through_a_toml_spec(cli, ids, tmp_path, library_dir):
    from briefapp.briefing import item_from_section, own_text_item
    from briefapp.library import Library
    from briefapp.models import Briefing

    with Library(library_dir) as lib:
        report = lib.get_report(ids["iso_date.txt"])
        item = item_from_section(report, report.sections[0], note="Watch Kadugli.")
        item.edited_text = 'Shortened by the analyst: "quotes" and ƙ stay.'
        briefing = lib.save_briefing(
            Briefing(
                title="Kordofan Note",
                classification="RESTRICTED",
                items=[item, own_text_item("## Our View\n\nHold.")],
            ),
        )
    spec = tmp_path / "saved.toml"
    result = cli("briefings", "--spec", briefing.id)
    assert result.code == 0
    spec.write_text(result.out, encoding="utf-8")
    out = tmp_path / "saved.pdf"
    assert cli("export", spec, "-o", out).code == 0
    text = "\n".join(p.extract_text() for p in PdfReader(out).pages)
    assert "Shortened by the analyst" in text and "Watch Kadugli." in text and "Our View" in text
    assert "RESTRICTED" in text


def test_unknown_saved_briefing_is_a_clear_error(cli, ids):
    result = cli("briefings", "--spec", "42")
    assert result.code == 1 and "no briefing with id 42" in result.err


def test_export_to_a_docx_name_writes_a_word_document(cli, ids, tmp_path):
    import docx

    spec = write_spec(
        tmp_path,
        f"""
title = "Sahel Weekly Briefing"
author = "Analysis Cell"
classification = "RESTRICTED"
[[items]]
report = {ids["header_labels_full.txt"]}
section = "executive summary"
note = "Watch the Djado plateau."
""",
    )
    out = tmp_path / "out.docx"
    result = cli("export", spec, "-o", out, "--json")
    assert result.code == 0, result.err
    assert result.json["format"] == "docx" and result.json["pages"] is None
    assert result.json["items"] == 1 and result.json["encrypted"] is False
    document = docx.Document(str(out))
    assert document.core_properties.title == "Sahel Weekly Briefing"
    assert "Watch the Djado plateau." in [p.text for p in document.paragraphs]
    assert "RESTRICTED" in [p.text for p in document.sections[0].header.paragraphs]


def test_format_option_overrides_the_extension(cli, ids, tmp_path):
    out = tmp_path / "brief.bin"
    result = cli("brief", "--country", "Mali", "--format", "docx", "-o", out, "--json")
    assert result.code == 0, result.err
    assert result.json["format"] == "docx" and out.read_bytes()[:2] == b"PK"
    pdf = tmp_path / "brief.pdf"
    result = cli("brief", "--country", "Mali", "-o", pdf, "--json")
    assert result.json["format"] == "pdf" and pdf.read_bytes()[:5] == b"%PDF-"
    assert "Word document" in cli("brief", "--country", "Mali", "-o", tmp_path / "b.docx").out


def test_a_password_for_a_word_export_is_refused(cli, ids, tmp_path):
    out = tmp_path / "b.docx"
    result = cli("brief", "--country", "Mali", "--password", "pw", "-o", out)
    assert result.code == 1 and "PDF exports only" in result.err and not out.exists()


def test_word_export_into_a_missing_folder_is_a_clear_error(cli, ids, tmp_path):
    result = cli("brief", "--country", "Mali", "-o", tmp_path / "nowhere" / "b.docx")
    assert result.code == 1 and "folder does not exist" in result.err
    assert "Traceback" not in result.err
