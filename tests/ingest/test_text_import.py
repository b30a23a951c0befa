"""Plain text captured from web pages: header labels, titles, sections, boilerplate."""

from __future__ import annotations

import unicodedata
from datetime import datetime

import pytest

from briefapp.ingest.pipeline import parse_report
from tests.conftest import TEXT_SAMPLES


def parse(name: str):
    return parse_report((TEXT_SAMPLES / name).read_bytes(), name)


def all_text(report) -> str:
    return "\n".join([report.title] + [s.heading + "\n" + s.text for s in report.sections])


EXPECTED = {
    # file: (title start, published, countries, topics, [(heading, kind)])
    "header_labels_full.txt": (
        "Armed Raids Disrupt Artisanal Gold Sites",
        datetime(2025, 8, 19, 23, 1),
        ["Niger", "Nigeria", "Chad"],
        ["Security", "Mining"],
        [
            ("Executive Summary", "summary"),
            ("Key Developments", "other"),
            ("Strategic Outlook", "outlook"),
        ],
    ),
    "no_headings.txt": (
        "Fuel Blockade Tightens Around Ségou",
        datetime(2026, 1, 29, 17, 6),
        ["Mali"],
        ["Security", "Migration"],
        [("Full Text", "other")],
    ),
    "marketing_cta_tail.txt": (
        "Ouagadougou Tightens Control",
        datetime(2025, 10, 3, 9, 45),
        ["Burkina Faso"],
        ["Terrorism", "Governance"],
        [("Summary", "summary"), ("Analysis", "other"), ("Outlook", "outlook")],
    ),
    "share_and_related_posts.txt": (
        "Jihadist Coalition Claims",
        datetime(2025, 11, 12, 14, 20),
        ["Burkina Faso", "Mali"],
        ["Terrorism"],
        [("Executive Summary", "summary"), ("Strategic Outlook", "outlook")],
    ),
    "contact_form.txt": (
        "Refugee Arrivals in Eastern Chad",
        datetime(2025, 12, 7, 10, 15),
        ["Chad", "Sudan"],
        ["Humanitarian", "Migration"],
        [("Overview", "summary"), ("Humanitarian Impact", "other"), ("Outlook", "outlook")],
    ),
    "comment_form.txt": (
        "Separatist Lockdown Paralyses Bamenda",
        datetime(2025, 9, 21, 18, 30),
        ["Cameroon"],
        ["Security", "Governance"],
        [("Executive Summary", "summary"), ("Strategic Outlook", "outlook")],
    ),
    "ivory_coast_alias.txt": (
        "Abidjan Braces",
        datetime(2026, 4, 14, 8, 10),
        ["Côte d'Ivoire", "Ghana"],
        ["Elections", "Governance"],
        [
            ("Executive Summary", "summary"),
            ("Key Developments", "other"),
            ("Strategic Outlook", "outlook"),
        ],
    ),
    "key_judgements_forecast.txt": (
        "Rebel Advance Puts Coltan Corridor",
        datetime(2026, 2, 18, 7, 55),
        ["Democratic Republic of the Congo"],
        ["Security", "Mining"],
        [("Key Judgements", "summary"), ("Background", "other"), ("Forecast", "outlook")],
    ),
    "bluf_prospects.txt": (
        "Northern Benin Parks",
        datetime(2026, 7, 9, 13, 5),
        ["Benin", "Burkina Faso"],
        ["Terrorism", "Security"],
        [
            ("BLUF", "summary"),
            ("Security Situation", "other"),
            ("Humanitarian Impact", "other"),
            ("Prospects", "outlook"),
        ],
    ),
    "iso_date.txt": (
        "Famine Conditions Spread",
        datetime(2026, 3, 4),
        ["Sudan"],
        ["Humanitarian"],
        [("Summary", "summary"), ("Humanitarian Impact", "other"), ("Outlook", "outlook")],
    ),
    "cp1252.txt": (
        "Ségou : le Ministère de la Défense",
        datetime(2026, 1, 16, 12, 0),
        ["Mali"],
        ["Governance", "Security"],
        [
            ("Executive Summary", "summary"),
            ("Key Developments", "other"),
            ("Strategic Outlook", "outlook"),
        ],
    ),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_metadata_and_sections_match_the_capture(name):
    title, published, countries, topics, sections = EXPECTED[name]
    report = parse(name)
    assert report.title.startswith(title)
    assert report.published == published
    assert report.countries == countries
    assert report.topics == topics
    assert [(s.heading, s.kind) for s in report.sections] == sections


def test_header_labels_and_stray_stamp_stay_out_of_the_text():
    report = parse("header_labels_full.txt")
    text = all_text(report)
    for label in ("When\n", "Location\n", "Topic\n", "Stamp", "19 aug. 2025"):
        assert label not in text
    assert report.sections[-1].text.endswith("measured in days rather than hours.")


def test_report_without_headings_is_one_section():
    report = parse("no_headings.txt")
    assert len(report.sections) == 1
    assert report.sections[0].text.count("\n\n") == 4  # five paragraphs
    assert report.sections[0].text.endswith("a higher risk of convoys being stopped or attacked.")


def test_marketing_call_to_action_is_left_out():
    report = parse("marketing_cta_tail.txt")
    text = all_text(report)
    assert report.sections[-1].text.endswith("more exposed to budget shortfalls.")
    for phrase in (
        "Should your organization",
        "Our team combines decades",
        "Contact us today",
        "trusted partner",
    ):
        assert phrase not in text


def test_publisher_is_read_from_the_marketing_tail():
    assert parse("marketing_cta_tail.txt").publisher == "Harrowgate Risk"


def test_share_bar_and_related_posts_are_left_out():
    report = parse("share_and_related_posts.txt")
    text = all_text(report)
    for phrase in (
        "Share this article",
        "Facebook",
        "LinkedIn",
        "Discover More",
        "Posts Grid",
        "Cocoa Smuggling Networks",
        "Customs officers in Ghana",
        "Load more",
    ):
        assert phrase not in text
    assert "\nX\n" not in text
    assert report.sections[-1].text.endswith("are at particular risk.")


def test_teaser_dates_and_countries_are_not_the_reports():
    report = parse("share_and_related_posts.txt")
    assert report.published == datetime(2025, 11, 12, 14, 20)
    assert "Ghana" not in report.countries and "Togo" not in report.countries


def test_contact_form_options_never_become_sections():
    report = parse("contact_form.txt")
    text = all_text(report)
    for phrase in (
        "Contact Us",
        "Request a Consultation",
        "Name*",
        "Travel Security",
        "Crisis Response",
        "privacy policy",
        "Subscribe to our newsletter",
        "Submit",
    ):
        assert phrase not in text
    assert report.sections[-1].text.endswith("over water and firewood are likely to grow.")


def test_comment_form_is_left_out():
    report = parse("comment_form.txt")
    text = all_text(report)
    for phrase in (
        "Leave a Reply",
        "will not be published",
        "Required fields",
        "Post Comment",
        "Website",
    ):
        assert phrase not in text
    assert not {"Comment", "Name", "Email", "Website"} & {s.heading for s in report.sections}


def test_news_byline_and_date_line_are_metadata():
    report = parse("news_byline.txt")
    assert report.published == datetime(2026, 2, 19)
    body = report.sections[0].text
    assert body.startswith("BOL, Chad — Dozens of fishing families")
    assert "By Amina Garba" not in body and "February 19, 2026" not in body
    assert body.endswith("“then we will all go.”")
    for phrase in (
        "Read more",
        "Related articles",
        "Rising Waters",
        "Subscribe to",
        "All rights reserved",
    ):
        assert phrase not in all_text(report)
    assert set(report.countries) == {"Chad", "Cameroon", "Nigeria"}


def test_niger_is_never_confused_with_nigeria():
    assert parse("niger_not_nigeria.txt").countries == ["Niger"]
    assert parse("nigeria_only.txt").countries == ["Nigeria"]


def test_african_language_letters_survive():
    text = unicodedata.normalize("NFC", all_text(parse("nigeria_only.txt")))
    for word in ("ƙauye", "ɗan sanda", "ɓarayi", "Ọ̀yọ́", "Ògùn", "“", "’", "—"):
        assert unicodedata.normalize("NFC", word) in text


def test_legacy_cp1252_capture_decodes_without_mojibake():
    report = parse("cp1252.txt")
    text = all_text(report)
    assert "\ufffd" not in text and "Ã©" not in text and "â€" not in text and "\r" not in text
    for phrase in ("Ségou", "Ministère de la Défense", "—", "“Stabilité 2026”", "ministry’s"):
        assert phrase in text


def test_key_judgement_lines_stay_separate_paragraphs():
    summary = parse("key_judgements_forecast.txt").sections[0]
    assert summary.text.count("\n\n") >= 2


def test_content_hash_identifies_the_bytes():
    a = parse("iso_date.txt")
    b = parse_report((TEXT_SAMPLES / "iso_date.txt").read_bytes() + b"\n", "copy.txt")
    assert a.content_hash and a.content_hash != b.content_hash


def test_markdown_characters_in_captured_text_stay_literal():
    import markdown

    from briefapp.ingest.text import escape_markdown

    text = "AT&T, port_authority, ref. [12], 2*3 shifts and a literal &amp; entity"
    html = markdown.markdown(escape_markdown(text))
    assert (
        html
        == "<p>AT&amp;T, port_authority, ref. [12], 2*3 shifts and a literal &amp;amp; entity</p>"
    )
    assert escape_markdown("AT&T") == "AT&T"  # readable in `show --json`


def test_cheap_prefilters_agree_with_the_patterns_on_non_ascii_lines():
    """Quick tests run before the boilerplate and escaping patterns; they must never reject a
    line the pattern would accept (dotted capitals, long s, narrow spaces, other digits)."""
    from briefapp.ingest.boilerplate import is_noise_line, is_zone_start
    from briefapp.ingest.text import escape_markdown

    assert (
        is_zone_start("SUBSCRİBE")
        and is_zone_start("ſhare this")
        and is_zone_start("Share this article")
    )
    assert not is_zone_start("The share of fuel imports rose.")
    assert is_noise_line("Organisation *\u202f:") and is_noise_line("COPYRİGHT 2024 Sahel Watch")
    assert is_noise_line("Facebook") and not is_noise_line(
        "Facebook was blocked for a week in the capital."
    )
    assert escape_markdown("٢٠٢٥. Une année difficile") == "٢٠٢٥\\. Une année difficile"
    assert escape_markdown("2025. A hard year") == "2025\\. A hard year"
    assert escape_markdown("Plain text stays as it is.") == "Plain text stays as it is."


def test_a_list_whose_bullets_the_copy_dropped_is_a_list_again():
    from briefapp.ingest.pipeline import parse_report

    text = (
        "Harbour Outlook\n\nStrategic Outlook\n"
        "Congestion will last into the dry season. Shipping agents should plan for:\n"
        "longer waits at the outer anchorage;\n"
        "higher demurrage charges on bulk carriers;\n"
        "a higher risk of theft from vessels at anchor.\n"
        "The port authority has promised a new berth by March.\n"
    )
    report = parse_report(text.encode(), "harbour.txt")
    body = report.sections[0].text
    assert "- longer waits at the outer anchorage;\n- higher demurrage" in body
    assert "- a higher risk of theft from vessels at anchor." in body
    assert "\n\nThe port authority has promised a new berth by March." in body


def test_sentences_after_a_colon_stay_paragraphs():
    from briefapp.ingest.pipeline import parse_report

    text = (
        "Harbour Outlook\n\nStrategic Outlook\n"
        "Two things matter here:\n"
        "The port authority has promised a new berth by March, although funding is unclear.\n"
        "Shipping agents doubt it will open before the rains.\n"
    )
    body = parse_report(text.encode(), "harbour.txt").sections[0].text
    assert "- " not in body
