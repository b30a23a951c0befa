"""Header tables at the top of captured reports: alternating and grouped, gaps, stray labels."""

from __future__ import annotations

from datetime import datetime

from briefapp.ingest.blocks import HEADING, PARAGRAPH, TABLE, Block, Extracted
from briefapp.ingest.header import read_header
from briefapp.ingest.pipeline import build_report, parse_report

BODY = (
    "Convoy Attacks Rise on the Northern Corridor\n\n"
    "Executive Summary\n"
    "Armed men stopped three fuel convoys on the northern corridor last week.\n\n"
    "Strategic Outlook\n"
    "Further stoppages are likely before the rains.\n"
)
GROUPED = (
    "When\nLocation\nTopic\n"
    "19 aug. 2025 23:01\nMali, Burkina Faso, Niger\nGovernance, Domestic Policy, Mining\n"
    "Stamp\n\n"
)
ALTERNATING = (
    "When\n19 aug. 2025 23:01\nLocation\nMali, Burkina Faso, Niger\n"
    "Topic\nGovernance, Domestic Policy, Mining\nStamp\n\n"
)
HEADER_WORDS = ("When", "Location", "Topic", "Stamp", "Governance, Domestic", "19 aug.")


def _all_text(report) -> str:
    return "\n".join([report.title] + [s.heading + "\n" + s.text for s in report.sections])


def _assert_header_read(report) -> None:
    assert report.title == "Convoy Attacks Rise on the Northern Corridor"
    assert report.published == datetime(2025, 8, 19, 23, 1)
    assert report.countries == ["Mali", "Burkina Faso", "Niger"]
    assert report.topics == ["Governance", "Domestic Policy", "Mining"]
    assert [s.heading for s in report.sections] == ["Executive Summary", "Strategic Outlook"]
    for word in HEADER_WORDS:
        assert word not in _all_text(report)


def test_grouped_header_labels_then_values_are_matched_by_position():
    _assert_header_read(parse_report((GROUPED + BODY).encode(), "grouped.txt"))


def test_alternating_header_label_value_pairs():
    _assert_header_read(parse_report((ALTERNATING + BODY).encode(), "alternating.txt"))


def test_grouped_header_with_the_date_missing_gives_no_date_and_keeps_the_rest():
    text = "When\nLocation\nTopic\nMali, Niger\nMining\nPrint\nShare\n\n" + BODY
    report = parse_report(text.encode(), "no-date.txt")
    assert report.published is None
    assert report.countries == ["Mali", "Niger"]
    assert report.topics == ["Mining"]
    assert report.title == "Convoy Attacks Rise on the Northern Corridor"
    assert "Print" not in _all_text(report) and "Share" not in _all_text(report)


def test_alternating_header_with_a_label_left_empty():
    text = "When\nLocation\nChad\nTopic\nSecurity\n\n" + BODY
    report = parse_report(text.encode(), "empty-when.txt")
    assert report.published is None
    assert report.countries == ["Chad"]
    assert report.topics == ["Security"]


def test_a_date_is_never_taken_as_topics_or_location():
    fields, end = read_header(["Location", "Topic", "3 March 2026", "Title of the Report Here"])
    assert fields == {}
    assert end == 2  # the labels are header lines; the date and the title are not their values


def test_missing_last_value_leaves_the_title_alone():
    fields, end = read_header(
        ["When", "Topic", "4 May 2026", "Ferry Operators Suspend Night Crossings on the Lake"]
    )
    assert fields == {"published": "4 May 2026"}
    assert end == 3


def test_stray_labels_alone_are_skipped_but_read_nothing():
    assert read_header(["Share", "Print", "A Title", "text"]) == ({}, 2)
    assert read_header(["A Title", "When", "4 May 2026"]) == ({}, 0)


def test_header_paragraphs_of_a_block_format_are_read_and_dropped():
    # As an HTML, DOCX or PDF extractor gives them: one paragraph per line of the page.
    paragraphs = ["When", "Location", "Topic", "19 aug. 2025 23:01", "Mali, Burkina Faso, Niger"]
    paragraphs += ["Governance, Domestic Policy, Mining", "Stamp"]
    extracted = Extracted(
        blocks=[Block(HEADING, "Convoy Attacks Rise on the Northern Corridor", level=1)]
        + [Block(PARAGRAPH, p) for p in paragraphs]
        + [
            Block(HEADING, "Executive Summary", level=2),
            Block(PARAGRAPH, "Armed men stopped three fuel convoys."),
            Block(HEADING, "Strategic Outlook", level=2),
            Block(PARAGRAPH, "Further stoppages are likely."),
        ],
        format="html",
    )
    _assert_header_read(build_report(extracted, "page.html"))


def test_header_table_of_labels_over_values_is_read_and_dropped():
    table = (
        "| When | Location | Topic |\n| --- | --- | --- |\n"
        "| 19 aug. 2025 23:01 | Mali, Burkina Faso, Niger | Governance, Domestic Policy, Mining |"
    )
    extracted = Extracted(
        blocks=[
            Block(HEADING, "Convoy Attacks Rise on the Northern Corridor", level=1),
            Block(TABLE, table),
            Block(HEADING, "Executive Summary", level=2),
            Block(PARAGRAPH, "Armed men stopped three fuel convoys."),
            Block(HEADING, "Strategic Outlook", level=2),
            Block(PARAGRAPH, "Further stoppages are likely."),
        ],
        format="docx",
    )
    _assert_header_read(build_report(extracted, "page.docx"))


def test_markdown_header_lines_under_the_title_are_metadata():
    text = (
        "# Convoy Attacks Rise on the Northern Corridor\n\n"
        "When\nLocation\nTopic\n19 aug. 2025 23:01\nMali, Burkina Faso, Niger\n"
        "Governance, Domestic Policy, Mining\nStamp\n\n"
        "## Executive Summary\n\nArmed men stopped three fuel convoys.\n\n"
        "## Strategic Outlook\n\nFurther stoppages are likely.\n"
    )
    _assert_header_read(parse_report(text.encode(), "grouped.md"))


def test_front_matter_stands_over_a_header_block():
    text = (
        "---\ntitle: Convoy Attacks Rise on the Northern Corridor\ncountries: [Chad]\n"
        "topics: [Energy]\n---\n"
        "When\nLocation\nTopic\n19 aug. 2025 23:01\nMali, Niger\nMining\n\n"
        "## Executive Summary\n\nArmed men stopped three fuel convoys.\n"
    )
    report = parse_report(text.encode(), "front.md")
    assert report.countries == ["Chad"]
    assert report.topics == ["Energy"]
    assert report.published == datetime(2025, 8, 19, 23, 1)  # the front matter gave none
    assert "Location" not in _all_text(report)


def test_a_report_whose_first_paragraph_merely_mentions_a_date_keeps_it():
    text = "# Title\n\nOn 4 May 2026 the ferry stopped.\n\n## Background\n\nMore text.\n"
    report = parse_report(text.encode(), "plain.md")
    assert "On 4 May 2026 the ferry stopped." in _all_text(report)
