"""Word documents: styles give title, sections and lists; bad containers get clear errors."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from format_samples import add_hyperlink, make_docx

from briefapp.errors import ImportFailed
from briefapp.ingest import docx as docx_extractor
from briefapp.ingest import docx_container
from briefapp.ingest.blocks import HEADING, LIST, PARAGRAPH, QUOTE, TABLE


def kano_brief(document) -> None:
    props = document.core_properties
    props.author = "Savanna Research Desk"
    props.keywords = "Nigeria, drought; food security"
    props.created = dt.datetime(2026, 11, 2, 9, 0)
    props.title = "Properties title"
    document.add_paragraph("Drought in Kano: harvest outlook", style="Title")
    document.add_paragraph("Published 14 November 2026")
    p = document.add_paragraph("Rains arrived ")
    p.add_run("five weeks late").bold = True
    p.add_run(" across northern Kano, and ")
    p.add_run("millet").italic = True
    p.add_run(" yields are expected to fall by a third.")
    document.add_heading("Key judgements", level=1)
    document.add_paragraph("Prices will keep rising until the next harvest.", style="List Bullet")
    document.add_paragraph("Sorghum is the worst affected", style="List Bullet 2")
    document.add_paragraph("Herders will move south earlier than usual.", style="List Bullet")
    document.add_heading("Market prices", level=2)
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate(
        [
            ("Market", "Millet (₦/100 kg)", "Change"),
            ("Dawanau", "61,000", "+48 %"),
            ("Kura | Garun Mallam", "58,500", "+41 %"),
        ]
    ):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_heading("Recommended steps", level=1)
    document.add_paragraph("Pre-position seed in Dawakin Kudu.", style="List Number")
    document.add_paragraph("Monitor cattle routes towards Jigawa.", style="List Number")
    document.add_paragraph(
        "“We planted twice and lost both,” said one farmer near Ɗanbatta.", style="Quote"
    )
    document.add_paragraph("Traders in the ƙauye markets expect ɓarna if the rains fail again.")


@pytest.fixture(scope="module")
def brief():
    return docx_extractor.extract(make_docx(kano_brief), "kano.docx")


def all_text(extracted) -> str:
    return "\n".join(b.text for b in extracted.blocks)


# --- structure


def test_title_style_gives_the_title(brief):
    assert brief.title == "Drought in Kano: harvest outlook"
    assert "harvest outlook" not in all_text(brief)


def test_headings_become_sections_below_the_title(brief):
    headings = [(b.text, b.level) for b in brief.blocks if b.kind == HEADING]
    assert headings == [("Key judgements", 2), ("Market prices", 3), ("Recommended steps", 2)]


def test_first_heading_1_is_the_title_without_title_style():
    def build(document):
        document.add_heading("Checkpoints on the Zinder road", level=1)
        document.add_paragraph("Drivers counted eleven checkpoints in one day.")
        document.add_heading("Fees", level=2)
        document.add_paragraph("Informal fees replaced receipts.")

    e = docx_extractor.extract(make_docx(build), "z.docx")
    assert e.title == "Checkpoints on the Zinder road"
    assert [(b.text, b.level) for b in e.blocks if b.kind == HEADING] == [("Fees", 2)]


def test_bold_short_paragraph_is_a_heading():
    def build(document):
        document.add_paragraph("Grain prices rose again in Kano markets this week.")
        document.add_paragraph().add_run("Outlook").bold = True
        document.add_paragraph("Prices will keep rising.")

    e = docx_extractor.extract(make_docx(build), "b.docx")
    assert [(b.kind, b.text, b.level) for b in e.blocks][1] == (HEADING, "Outlook", 2)


def test_bold_and_italic_runs_become_markdown(brief):
    first = next(b for b in brief.blocks if b.kind == PARAGRAPH)
    assert first.text == (
        "Rains arrived **five weeks late** across northern Kano, and *millet* "
        "yields are expected to fall by a third."
    )


def test_list_styles_become_markdown_lists(brief):
    lists = [b.text for b in brief.blocks if b.kind == LIST]
    assert lists == [
        (
            "- Prices will keep rising until the next harvest.\n  - Sorghum is the worst affected\n"
            "- Herders will move south earlier than usual."
        ),
        "1. Pre-position seed in Dawakin Kudu.\n2. Monitor cattle routes towards Jigawa.",
    ]


def test_tables_become_pipe_tables(brief):
    table = next(b.text for b in brief.blocks if b.kind == TABLE)
    assert table == (
        "| Market | Millet (₦/100 kg) | Change |\n|---|---|---|\n"
        "| Dawanau | 61,000 | +48 % |\n| Kura \\| Garun Mallam | 58,500 | +41 % |"
    )


def test_quote_style_becomes_a_quote_and_letters_survive(brief):
    quote = next(b for b in brief.blocks if b.kind == QUOTE)
    assert quote.text == "> “We planted twice and lost both,” said one farmer near Ɗanbatta."
    assert "ƙauye" in all_text(brief) and "ɓarna" in all_text(brief)


# --- metadata


def test_visible_date_line_is_the_publication_date(brief):
    assert brief.published == "14 November 2026"
    assert "Published 14 November" not in all_text(brief)


def test_created_date_is_used_without_a_date_line():
    def build(document):
        document.core_properties.created = dt.datetime(2026, 3, 5, 10, 30)
        document.add_paragraph("Herders reached Jigawa early.")

    published = docx_extractor.extract(make_docx(build), "d.docx").published
    assert published.startswith("2026-03-05T10:30:00")


def test_core_properties_give_author_publisher_keywords_and_title_fallback(brief):
    assert brief.author == "Savanna Research Desk"
    assert brief.publisher == "Savanna Research Desk"
    assert brief.topics == ["Nigeria", "drought", "food security"]
    assert "Nigeria" in brief.countries
    assert brief.format == "docx"

    def build(document):
        document.core_properties.title = "Weekly food security note"
        document.add_paragraph("Grain prices rose again.")

    e = docx_extractor.extract(make_docx(build), "t.docx")
    assert e.title == "Weekly food security note"
    assert e.author is None  # python-docx's placeholder author is not an author


# --- bad input


def zip_bytes(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def test_zip_bomb_is_refused():
    bomb = zip_bytes(
        {"[Content_Types].xml": b"<x/>", "word/document.xml": b"\0" * (60 * 1024 * 1024)}
    )
    assert len(bomb) < 200_000
    with pytest.raises(ImportFailed, match=r"file too large when unpacked \(zip bomb\?\)"):
        docx_extractor.extract(bomb, "bomb.docx")


def test_zip_with_huge_declared_total_is_refused(monkeypatch):
    monkeypatch.setattr(docx_container, "MAX_XML_BYTES", 1024)
    with pytest.raises(ImportFailed, match="zip bomb"):
        docx_extractor.extract(make_docx(kano_brief), "big.docx")


def test_legacy_doc_gets_save_as_docx_advice():
    legacy = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600
    with pytest.raises(
        ImportFailed, match=r"old Word format \(.doc\) is not supported — save as .docx"
    ):
        docx_extractor.extract(legacy, "old.doc")


def test_not_a_zip_is_not_a_word_document():
    with pytest.raises(ImportFailed, match=r"not a Word document \(.docx\)"):
        docx_extractor.extract(b"{\\rtf1 hello}", "x.docx")


def test_other_zip_is_not_a_word_document():
    with pytest.raises(ImportFailed, match=r"not a Word document \(.docx\)"):
        docx_extractor.extract(zip_bytes({"xl/workbook.xml": b"<x/>"}), "sheet.docx")


def test_truncated_docx_is_a_damaged_file():
    data = make_docx(kano_brief)
    with pytest.raises(ImportFailed, match="damaged file"):
        docx_extractor.extract(data[: len(data) // 2], "cut.docx")


def test_corrupted_document_xml_is_a_damaged_file():
    data = make_docx(kano_brief)
    source = zipfile.ZipFile(io.BytesIO(data))
    members = {info.filename: source.read(info) for info in source.infolist()}
    members["word/document.xml"] = members["word/document.xml"][:500]
    with pytest.raises(ImportFailed, match="damaged file"):
        docx_extractor.extract(zip_bytes(members), "broken.docx")


def test_empty_file_and_empty_document():
    with pytest.raises(ImportFailed, match="empty file"):
        docx_extractor.extract(b"", "e.docx")
    with pytest.raises(ImportFailed, match="no text"):
        docx_extractor.extract(make_docx(lambda d: None), "blank.docx")


def test_web_hyperlinks_become_markdown_links():
    def build(document):
        p = document.add_paragraph("See the ")
        add_hyperlink(p, "ministry notice", "https://example.org/notice")
        p.add_run(" for seed quotas.")

    e = docx_extractor.extract(make_docx(build), "l.docx")
    assert (
        e.blocks[0].text == "See the [ministry notice](https://example.org/notice) for seed quotas."
    )
