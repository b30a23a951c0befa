"""Captures in the shapes real sites and tools produce: what an analyst must be able to trust.

Each sample under tests/samples/*/captures/ is our own fictional text in the shape of one kind
of capture (a news agency page, a think-tank report page, an Obsidian clipping, a forwarded
e-mail ...). The title, date, publisher, address, countries and sections read from it are the
ones an analyst would write down.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from briefapp.ingest.pipeline import parse_report
from briefapp.models import Report

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def capture(kind: str, name: str) -> Report:
    return parse_report((SAMPLES / kind / "captures" / name).read_bytes(), name)


def html(name: str) -> Report:
    return capture("html", name)


def body(report: Report) -> str:
    return "\n".join(s.heading + "\n" + s.text for s in report.sections)


def headings(report: Report) -> list[tuple[str, str]]:
    return [(s.heading, s.kind) for s in report.sections]


def day(report: Report) -> tuple[int, int, int] | None:
    p = report.published
    return (p.year, p.month, p.day) if p else None


# --- web pages: titles without the site's name, which becomes the publisher


def test_site_name_suffix_leaves_the_title_for_the_publisher() -> None:
    report = html("dateline_agency.html")
    assert report.title == "Niger junta extends curfew in Tillabéri region"
    assert report.publisher == "Sahel Wire"


def test_site_name_before_the_headline_is_not_taken_for_the_title() -> None:
    report = html("site_name_first_title.html")
    assert report.title == "Piracy returns to the Gulf of Guinea anchorage off Lomé"
    assert report.publisher == "Gulf Watch"
    assert day(report) == (2026, 6, 2)


def test_agency_dateline_stays_and_credit_line_goes() -> None:
    report = html("dateline_agency.html")
    assert day(report) == (2025, 8, 19)
    assert report.url == (
        "https://www.sahelwire.example/world/africa/niger-curfew-tillaberi-2025-08-19/"
    )
    text = body(report)
    assert text.startswith("Full Text\nNIAMEY, Aug 19 (Sahel Wire)")
    assert "Editing by" not in text
    assert report.countries[0] == "Niger"


def test_article_in_main_keeps_sections_and_drops_sidebars_forms_and_banners() -> None:
    report = html("main_with_sidebars.html")
    assert report.title == "Gold Rush on the Mauritanian Border"
    assert report.publisher == "Desert Ledger"
    assert report.published == datetime(2026, 2, 11, 8, 0, tzinfo=timezone.utc)
    assert [h for h, _ in headings(report)][1:] == ["A Porous Frontier", "Who Profits"]
    text = body(report)
    for furniture in (
        "cookies",
        "Trending",
        "newsletter",
        "Related articles",
        "Leave a Reply",
        "Share this",
        "Mining code reform",
        "Your email",
    ):
        assert furniture not in text
    assert text.rstrip().endswith("but no date has been set.")


def test_amp_page_reads_json_ld_date_publisher_and_canonical_address() -> None:
    report = html("amp_article.html")
    assert report.title == "Chad reopens Libya border crossing at Ounianga"
    assert report.publisher == "Lake Chad Post"
    assert report.published == datetime(2026, 5, 6, 9, 15, tzinfo=timezone(timedelta(hours=1)))
    assert report.url == "https://www.lakechadpost.example/news/chad-reopens-libya-border-crossing"
    assert report.countries[:2] == ["Chad", "Libya"]
    assert "amp-start" not in body(report)


def test_blog_dated_only_by_its_address_gets_that_date() -> None:
    report = html("blog_date_in_url.html")
    assert report.title == "Notes on the Kidal water talks"
    assert day(report) == (2026, 3, 4)
    assert report.publisher == "The Dune Notebook"
    assert "Archives" not in body(report)


def test_json_ld_graph_gives_organisation_publisher_and_article_address() -> None:
    report = html("jsonld_graph.html")
    assert report.publisher == "North-East Monitor"
    assert report.published == datetime(2026, 1, 14, 7, 0, tzinfo=timezone(timedelta(hours=1)))
    assert report.url == "https://northeastmonitor.example/fuel-prices-maiduguri/"
    assert report.countries == ["Nigeria"]
    assert "Energy" in report.topics


def test_think_tank_page_keeps_key_takeaways_and_its_sections() -> None:
    report = html("think_tank_takeaways.html")
    assert report.title == (
        "Coastal Contagion: Jihadist Expansion Toward the Gulf of Guinea States"
    )
    assert report.publisher == "Institute for Sahel Studies"
    assert day(report) == (2026, 4, 22)
    assert headings(report) == [
        ("Key Takeaways", "summary"),
        ("Introduction", "other"),
        ("The Tri-Border Forests", "other"),
        ("Recommendations", "other"),
    ]
    assert "tri-border area" in report.sections[0].text
    text = body(report)
    for furniture in ("Download PDF", "Cite as", "donation", "April 22, 2026"):
        assert furniture not in text


def test_bold_paragraphs_head_sections_on_pages_without_heading_markup() -> None:
    report = html("strong_headings.html")
    assert headings(report) == [
        ("Summary", "summary"),
        ("Key Developments", "other"),
        ("Outlook", "outlook"),
    ]
    assert "**" not in body(report)


def test_french_date_line_dates_the_page_over_a_year_only_guess() -> None:
    report = html("french_title_english_body.html")
    assert report.title == "Burkina Faso : les routes du coton sous pression"
    assert report.published == datetime(2025, 8, 19, 10, 30)
    assert report.publisher == "L'Observateur du Faso"
    assert "Publié le" not in body(report)


def test_saved_page_keeps_its_address_and_none_of_its_scripts_or_styles() -> None:
    report = html("saved_page_inline.html")
    assert report.title == "Kidnapping economy grows in Cameroon's Far North"
    assert report.url == (
        "https://www.savannahreview.example/analysis/cameroon-far-north-kidnappings"
    )
    assert report.countries[0] == "Cameroon"
    text = body(report)
    for code in ("dataLayer", "font-family", "document.write", "cookies", "Advertisement"):
        assert code not in text


def test_relative_date_line_goes_and_the_meta_date_stands() -> None:
    report = html("relative_date_meta.html")
    assert report.published == datetime(2026, 8, 30, 5, 10, tzinfo=timezone.utc)
    assert "3 hours ago" not in body(report)
    assert report.countries == ["Chad", "Cameroon"]


def test_live_blog_keeps_its_title_date_and_every_entry() -> None:
    report = html("live_blog.html")
    assert report.title == "Live: Guinea referendum results as they come in"
    assert report.published == datetime(2026, 9, 21, 18, 0, tzinfo=timezone.utc)
    text = body(report)
    for entry in ("91 per cent", "fewer than one voter in three", "closed at six"):
        assert entry in text


# --- Markdown clippings


def test_obsidian_clipping_reads_source_address_published_date_and_no_clipper_tag() -> None:
    report = capture("markdown", "obsidian_clipper.md")
    assert report.title == "Herders and farmers clash near Mopti as rains fail"
    assert report.published == datetime(2025, 8, 19)  # published, not created
    assert report.url == "https://www.innerdelta.example/news/2025/08/herders-farmers-clash-mopti"
    assert "Clippings" not in report.topics
    assert report.countries == ["Mali"]  # the inner Niger delta is in Mali


def test_clipping_with_tags_as_a_string_and_only_a_created_date() -> None:
    report = capture("markdown", "clipper_tags_string.md")
    assert report.published == datetime(2026, 2, 3, 9, 12)  # saved: no better date
    assert report.publisher == "Benin Trade Journal"
    assert report.topics == ["Trade", "Customs"]


def test_bold_date_and_source_lines_under_the_title_are_metadata() -> None:
    report = capture("markdown", "title_and_date_lines.md")
    assert report.title == "Ghana Tightens Security in the Upper East Region"
    assert report.published == datetime(2026, 3, 14)
    assert report.publisher == "Volta Security Digest"
    assert headings(report) == [("Summary", "summary"), ("Analysis", "other")]
    assert "Kwame Mensah" not in body(report)


def test_markdownload_capture_drops_excerpt_and_site_suffix() -> None:
    report = capture("markdown", "markdownload.md")
    assert report.title == "Niger's uranium exports resume through Benin corridor"
    assert report.publisher == "Sahel Resources Review"
    assert report.published == datetime(2026, 10, 2)
    text = body(report)
    assert "Excerpt" not in text and "Published on" not in text
    assert report.countries[:2] == ["Niger", "Benin"]


# --- plain text: e-mails, date lines, headings


def test_forwarded_outlook_mail_is_titled_by_its_subject_and_dated_when_first_sent() -> None:
    report = capture("text", "email_forwarded_outlook.txt")
    assert report.title == "Weekly Lake Chad Basin Security Update"
    # No date in the report: the original message's sending time is the best there is.
    assert report.published == datetime(2025, 9, 3, 18, 2)
    assert headings(report) == [
        ("Summary", "summary"),
        ("Key Developments", "other"),
        ("Outlook", "outlook"),
    ]
    text = body(report)
    assert "From:" not in text and "Colleagues" not in text and "Subject" not in text


def test_forwarded_article_keeps_its_own_headline_and_published_date() -> None:
    report = capture("text", "email_forwarded_gmail.txt")
    assert report.title == "Libya: Militia Clashes Disrupt Fuel Supply in Zawiya"
    assert report.published == datetime(2026, 1, 9)  # not the day it was forwarded
    assert "Forwarded" not in body(report) and "Published" not in body(report)


def test_published_on_by_line_dates_the_report() -> None:
    report = capture("text", "published_on_by.txt")
    assert report.published == datetime(2025, 8, 19)
    assert "Published on" not in body(report)


def test_us_date_is_read_month_first_when_day_first_is_impossible() -> None:
    report = capture("text", "us_date.txt")
    assert report.published == datetime(2025, 8, 19)
    assert "08/19/2025" not in body(report)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("04/03/2026", datetime(2026, 3, 4)),
        ("19/08/2025", datetime(2025, 8, 19)),
        ("08/19/2025", datetime(2025, 8, 19)),
    ],
)
def test_ambiguous_slashed_dates_are_day_first(text: str, expected: datetime) -> None:
    from briefapp.ingest.dates import parse_published

    assert parse_published(text) == expected


def test_published_date_wins_over_an_updated_line_above_it() -> None:
    report = capture("text", "updated_before_published.txt")
    assert report.published == datetime(2025, 11, 21)
    assert "Updated" not in body(report)


def test_numbered_and_capitalised_headings_head_sections() -> None:
    report = capture("text", "caps_numbered_headings.txt")
    assert headings(report) == [
        ("1. Background", "other"),
        ("2. Security Situation", "other"),
        ("Outlook", "outlook"),
    ]
    assert "### 2.1 Kidnappings" in report.sections[1].text
    assert "### 2.2 Military Response" in report.sections[1].text


def test_numbered_list_of_short_items_is_not_taken_for_headings() -> None:
    text = (
        "Watch List\n\nPriority districts this month:\n\n1. Diffa\n\n2. Tillabéri\n\n"
        "3. Maradi\n\nEach will be reviewed weekly by the regional desk.\n"
    )
    report = parse_report(text.encode(), "watch.txt")
    assert all(s.heading == "Full Text" for s in report.sections)
    assert "Tillabéri" in body(report)
