"""Tradecraft in the Word export: banner, portion marks, key judgements, front matter,
annexes and releasable versions, resolved exactly as for the PDF."""

from __future__ import annotations

import io
from dataclasses import replace

import docx
import pytest
from assessment_samples import SECRET_JUDGEMENT, SECRET_WORD, marked_briefing

from briefapp.briefing.markings import releasable
from briefapp.render.docx_export import docx_bytes


def open_docx(briefing, brand):
    return docx.Document(io.BytesIO(docx_bytes(briefing, brand)))


def header_footer_texts(document) -> list[list[str]]:
    section = document.sections[0]
    return [
        [p.text for p in part.paragraphs]
        for part in (
            section.header,
            section.footer,
            section.first_page_header,
            section.first_page_footer,
        )
    ]


def every_text(document) -> str:
    """All the text of the body (tables included), headers, footers and properties."""
    texts = [p.text for p in document.paragraphs]
    texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    texts += [t for part in header_footer_texts(document) for t in part]
    props = document.core_properties
    texts += [props.title, props.subject, props.keywords]
    return "\n".join(texts)


def paragraph_after(document, heading: str) -> list[str]:
    """The texts of the paragraphs after the Heading 1 ``heading`` (not its contents entry)."""
    paragraphs = document.paragraphs
    at = next(
        i for i, p in enumerate(paragraphs) if p.text == heading and p.style.name == "Heading 1"
    )
    return [p.text for p in paragraphs[at + 1 :]]


@pytest.fixture(scope="module")
def uk_document(default_brand):
    return open_docx(marked_briefing("uk"), default_brand)


@pytest.mark.parametrize(("scheme", "banner"), [("uk", "SECRET"), ("nato", "NATO SECRET")])
def test_banner_is_the_highest_marking_in_every_header_and_footer(scheme, banner, default_brand):
    document = open_docx(marked_briefing(scheme), default_brand)
    for texts in header_footer_texts(document):
        assert banner in texts
    cover = [p.text for p in document.paragraphs[:12]]
    assert banner in cover
    assert "OFFICIAL" not in [t for part in header_footer_texts(document) for t in part]


def test_paragraphs_and_list_items_of_marked_items_open_with_their_portion_marks(uk_document):
    texts = [p.text for p in uk_document.paragraphs]
    grain = next(t for t in texts if "Grain convoys" in t)
    assert grain.startswith("(O)\u00a0")
    bullets = [t for t in texts if "Market prices" in t or "Fuel queues" in t]
    assert len(bullets) == 2 and all(t.startswith("(O)\u00a0") for t in bullets)
    assert next(t for t in texts if SECRET_WORD in t).startswith("(S)\u00a0")
    assert next(t for t in texts if "governor privately" in t).startswith("(OS)\u00a0")
    assert "ITEM 02  ·  MILITIA PREPARATIONS  ·  (S)" in texts
    marks = [r for p in uk_document.paragraphs for r in p.runs if r.text == "(S)"]
    assert marks and all(r.bold for r in marks)


def test_key_judgements_section_follows_the_contents_with_terms_and_confidence(uk_document):
    headings = [p.text for p in uk_document.paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == "Key Judgements"
    assert headings[1:4] == [
        "Lower Kessara River Watch, bulletin 9",
        "Orvale Hill Country Notes",
        "Council vote",
    ]
    texts = [p.text for p in uk_document.paragraphs]
    contents = texts.index("Contents")
    assert contents < texts.index("Key Judgements")
    after = paragraph_after(uk_document, "Key Judgements")
    assert after[0].startswith("01\t(O)\u00a0Grain deliveries")
    assert after[1].startswith("LIKELY (")
    assert after[1].endswith("MODERATE CONFIDENCE")
    assert after[2].startswith("02\t(S)\u00a0The " + SECRET_JUDGEMENT)
    assert after[3].startswith("REALISTIC POSSIBILITY (") and "LOW CONFIDENCE" in after[3]
    toc = [p.text for p in uk_document.paragraphs if p.style.name == "TOC 1"]
    assert toc[0] == "Key Judgements"
    assert toc[-3:] == ["Sources", "Estimative language", "Distribution"]


def test_cover_has_reference_and_cutoff_and_annexes_follow_the_sources(uk_document):
    texts = [p.text for p in uk_document.paragraphs]
    cover = texts[: texts.index("Contents")]
    assert "Reference NAG/KES/2026/044" in cover
    assert "Information cut-off 30 October 2026" in cover
    headings = [p.text for p in uk_document.paragraphs if p.style.name == "Heading 1"]
    assert headings[-3:] == ["Sources", "Estimative language", "Distribution"]
    scale = uk_document.tables[-1]
    assert [c.text for c in scale.rows[0].cells] == ["TERM", "PROBABILITY"]
    assert any("Realistic possibility" in row.cells[0].text for row in scale.rows)
    assert paragraph_after(uk_document, "Distribution")[:3] == [
        "Head of Analysis",
        "Regional Security Manager",
        "Logistics Cell",
    ]


def test_releasable_copy_leaves_nothing_above_the_level(default_brand):
    released, withheld = releasable(marked_briefing("uk"), default_brand, "OFFICIAL-SENSITIVE")
    assert withheld
    document = open_docx(released, default_brand)
    text = every_text(document)
    assert SECRET_WORD not in text
    assert SECRET_JUDGEMENT not in text
    assert "SECRET" not in text
    assert "(S)" not in text
    for texts in header_footer_texts(document):
        assert "OFFICIAL-SENSITIVE" in texts


def test_a_briefing_without_a_scheme_has_no_portion_marks(default_brand):
    briefing = replace(marked_briefing("uk"), scheme="", judgements=[])
    document = open_docx(briefing, default_brand)
    text = every_text(document)
    assert "(O)" not in text and "(S)" not in text
    assert "Key Judgements" not in text
    for texts in header_footer_texts(document):
        assert "OFFICIAL" in texts
