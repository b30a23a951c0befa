"""Text-based PDFs: headings by font, reflowed paragraphs, page furniture removed, clear errors."""

from __future__ import annotations

import pytest
from format_samples import MINING_REPORT, make_looped_pdf, make_pdf, make_scanned_pdf

from briefapp.errors import ImportFailed
from briefapp.ingest import pdf
from briefapp.ingest.blocks import HEADING, LIST

PLACES = [
    "Zinder",
    "Maradi",
    "Tahoua",
    "Diffa",
    "Dosso",
    "Agadez",
    "Arlit",
    "Tillabéri",
    "Kano",
    "Katsina",
    "Sokoto",
    "Gaya",
]
ROUTES = ["grazing routes", "water points", "market days", "border posts", "grain stores"]


def varied_paragraphs(count: int) -> list[tuple[str, str]]:
    return [("p", f"Paragraph {i} on {ROUTES[i % 5]} near {PLACES[i % 12]}.") for i in range(count)]


INFO = {"Author": "Sahel Policy Forum", "Keywords": "Niger, mining", "Title": "Briefing paper 7"}


@pytest.fixture(scope="module")
def report():
    return pdf.extract(make_pdf(MINING_REPORT, info=INFO), "tazerzait.pdf")


def all_text(extracted) -> str:
    return "\n".join(b.text for b in extracted.blocks)


def paragraph(extracted, start: str) -> str:
    return next(b.text for b in extracted.blocks if b.text.startswith(start))


# --- structure


def test_largest_text_on_first_page_is_the_title(report):
    assert report.title == "Water and Uranium in the Aïr: the Tazerzait Dispute"
    assert "Tazerzait Dispute" not in all_text(report)


def test_headings_are_found_by_font_size_and_weight(report):
    headings = [(b.text, b.level) for b in report.blocks if b.kind == HEADING]
    # 16 pt -> section, 13 pt -> sub-section, a bold body-size line alone -> sub-section.
    assert headings == [("Summary", 2), ("Who is involved", 2), ("Local voices", 3), ("Outlook", 3)]


def test_bold_lines_are_sections_when_there_are_no_larger_headings():
    items = [
        ("bold", "Background"),
        ("p", "Grain prices in Kano rose again this week."),
        ("bold", "Outlook"),
        ("p", "Prices will likely keep rising until the harvest."),
    ]
    e = pdf.extract(make_pdf(items), "bold.pdf")
    assert [(b.text, b.level) for b in e.blocks if b.kind == HEADING] == [
        ("Background", 2),
        ("Outlook", 2),
    ]


def test_lines_are_reflowed_into_paragraphs(report):
    assert paragraph(report, "The dispute") == (
        "The dispute between the Tazerzait Mining Company and herding communities north of "
        "Agadez has entered its third month. The company says its new pit respects customary "
        "land use; herders say two wells have run dry since blasting began."
    )


def test_paragraph_cut_by_a_page_break_is_joined(report):
    assert paragraph(report, "Mediation").endswith(
        "it will open in early 2027 whatever the outcome of the talks."
    )


def test_hyphenated_line_ends_are_joined(report):
    text = paragraph(report, "Regional")
    assert text.startswith("Regional security forces")


def test_real_hyphens_at_line_ends_are_kept(report):
    text = paragraph(report, "Regional")
    assert "the post-Wagner arrangements" in text  # uppercase after the break: a real hyphen
    assert "the cross-border route" in text  # the document spells it with a hyphen elsewhere


def test_bullet_lines_become_list_items(report):
    lists = [b.text for b in report.blocks if b.kind == LIST]
    assert lists[0] == (
        "- The company and two local subcontractors\n"
        "  - a security firm from Niamey\n"
        "- Herders from three Tuareg and Fulani lineages, including families who moved from "
        "Tillabéri in 2025\n"
        "- The regional governor’s office"
    )
    assert lists[1] == "1. Watch the governor’s statements.\n2. Watch water-truck prices in Arlit."


def test_non_latin_letters_are_kept(report):
    text = paragraph(report, "Hausa")
    assert (
        "ƙasa" in text
        and "ɓaleeri" in text
        and "Ɗan Kano" in text
        and "Tillabéri" in all_text(report)
    )


# --- page furniture


def test_running_headers_and_page_numbers_are_removed(report):
    text = all_text(report)
    assert "Briefing Paper 7" not in text
    assert "© 2026" not in text
    assert "Page " not in text


@pytest.mark.parametrize("style", ["{n}", "- {n} -", "Page {n}", "{n} / {total}"])
def test_page_number_styles_are_removed(style):
    items = varied_paragraphs(60)
    e = pdf.extract(make_pdf(items, header=None, footer=None, page_numbers=style), "n.pdf")
    assert all(b.text.startswith("Paragraph") for b in e.blocks)
    assert len(e.blocks) == 60


# --- metadata


def test_publication_date_from_visible_line(report):
    assert report.published == "14 November 2026"
    assert "Published 14 November" not in all_text(report)


def test_publication_date_falls_back_to_creation_date():
    e = pdf.extract(make_pdf([("p", "Millet prices rose in Kano.")]), "d.pdf")
    assert e.published == "2000-01-01"  # reportlab's invariant mode fixes CreationDate


def test_title_falls_back_to_metadata_when_no_large_text():
    e = pdf.extract(make_pdf([("p", "Millet prices rose in Kano.")], info=INFO), "t.pdf")
    assert e.title == "Briefing paper 7"


def test_author_publisher_and_keywords_from_metadata(report):
    assert report.author == "Sahel Policy Forum"
    assert report.publisher == "Sahel Policy Forum"
    assert report.topics == ["Niger", "mining"] and "Niger" in report.countries
    assert report.format == "pdf"


def test_writer_placeholders_are_not_metadata():
    e = pdf.extract(make_pdf([("p", "Millet prices rose in Kano.")], footer=None), "p.pdf")
    assert e.author is None and e.topics == [] and e.title is None


# --- bad input


def test_scanned_pdf_gets_clear_error():
    with pytest.raises(ImportFailed, match="no text layer — scanned document"):
        pdf.extract(make_scanned_pdf(), "scan.pdf")


def test_encrypted_pdf_gets_clear_error():
    with pytest.raises(ImportFailed, match="password protected"):
        pdf.extract(make_pdf(MINING_REPORT, encrypt="secret"), "locked.pdf")


def test_truncated_pdf_is_a_damaged_file():
    data = make_pdf(MINING_REPORT)
    for cut in (len(data) // 2, len(data) - 200):
        with pytest.raises(ImportFailed, match="damaged file"):
            pdf.extract(data[:cut], "cut.pdf")


def test_garbage_after_pdf_header_is_a_damaged_file():
    with pytest.raises(ImportFailed, match="damaged file"):
        pdf.extract(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\n%%EOF", "bad.pdf")


def test_not_a_pdf_gets_clear_error():
    with pytest.raises(ImportFailed, match="not a PDF file"):
        pdf.extract(b"PK\x03\x04 this is a zip", "x.pdf")
    with pytest.raises(ImportFailed, match="empty file"):
        pdf.extract(b"", "x.pdf")


def test_page_cap_stops_long_documents_and_says_so(monkeypatch):
    monkeypatch.setattr(pdf, "MAX_PAGES", 2)
    items = varied_paragraphs(200)
    e = pdf.extract(make_pdf(items), "long.pdf")
    assert "Import stopped after 2 pages" in e.blocks[-1].text
    assert "Paragraph 199" not in all_text(e)


def test_looped_page_tree_does_not_hang():
    e = pdf.extract(make_looped_pdf(), "loop.pdf")
    assert all_text(e) == "Convoy delayed at the Maradi border post"


@pytest.mark.parametrize("font", ["HeiseiMin-W3", "STSong-Light", "HYSMyeongJo-Medium"])
def test_chinese_japanese_and_korean_text_in_standard_cid_fonts_is_read(font):
    """Fonts not embedded, named only by their CMaps: PDFium carries the character maps."""
    import io

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(font))
    out = io.BytesIO()
    c = canvas.Canvas(out, invariant=1)
    c.setFont(font, 12)
    c.drawString(72, 720, "ニアメ道路の護送車列 尼亚美公路车队 니아메 도로 호송대")
    c.drawString(72, 700, "サヘル地域の治安は悪化している。萨赫勒地区安全形势恶化。")
    c.save()
    text = all_text(pdf.extract(out.getvalue(), "cjk.pdf"))
    assert (
        "ニアメ道路の護送車列" in text and "尼亚美公路车队" in text and "니아메 도로 호송대" in text
    )
