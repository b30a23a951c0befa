"""Word export: the same briefing as the PDF, on Word styles, safe and reproducible."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Pt
from render_samples import HOSTILE, sample_briefing

from briefapp.brands import load_brand_folder
from briefapp.errors import BriefappError, Cancelled
from briefapp.models import Briefing, BriefingItem
from briefapp.render.docx_export import docx_bytes, export_docx
from briefapp.render.docx_package import OWN_FIELDS, TOC_INSTRUCTION
from briefapp.resources import resource_path

W_INSTR = qn("w:instrText")


@pytest.fixture(scope="module")
def sample_docx(default_brand) -> bytes:
    return docx_bytes(sample_briefing(), default_brand)


@pytest.fixture(scope="module")
def document(sample_docx):
    return docx.Document(io.BytesIO(sample_docx))


def styled(document, style: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == style]


def fields(document) -> list[str]:
    """Every field instruction of the body, headers and footers."""
    parts = [document.element] + [
        part._element
        for section in document.sections
        for part in (
            section.header,
            section.footer,
            section.first_page_header,
            section.first_page_footer,
        )
    ]
    found = []
    for element in parts:
        found += [e.text.strip() for e in element.iter(W_INSTR)]
        found += [e.get(qn("w:instr")).strip() for e in element.iter(qn("w:fldSimple"))]
    return found


def test_items_are_heading_1_with_their_citation_lines(document):
    assert styled(document, "Heading 1") == [
        "Sahel Security Monitor, issue 41",
        "Gulf of Guinea Maritime Review",
        "Note de conjoncture : l’économie régionale au troisième trimestre",
        "Sahel Security Monitor, issue 41",
        "Implications for our operations",
        "Analyst comment",
        "Sources",
    ]
    citations = styled(document, "Citation")
    assert citations[0] == (
        "Source: Sahel Security Monitor, issue 41 — Harmattan Research, 19 August 2025 · Grade B2"
    )
    assert len(citations) == 4  # the two analyst's own texts cite nothing
    assert document.styles["Citation"].base_style.name == "Caption"
    assert "ITEM 01  ·  SECURITY SITUATION IN THE NORTHERN PROVINCES" in styled(
        document, "Item Label"
    )


def test_markdown_headings_inside_items_are_heading_2_and_3(document):
    assert "Incidents by quarter" in styled(document, "Heading 2")
    assert "What changed" in styled(document, "Heading 3")


def test_contents_is_a_toc_field_that_word_updates_on_opening(document, sample_docx):
    assert TOC_INSTRUCTION == 'TOC \\o "1-2" \\h \\z \\u'
    assert fields(document).count(TOC_INSTRUCTION) == 1
    toc = styled(document, "TOC 1")
    assert toc[0] == "Sahel Security Monitor, issue 41" and toc[-1] == "Sources"
    update = document.settings.element.find(qn("w:updateFields"))
    assert update is not None and update.get(qn("w:val")) == "true"


def test_classification_is_in_every_header_and_footer(default_brand):
    document = docx.Document(
        io.BytesIO(docx_bytes(sample_briefing(classification="Secret // Rel Sahel"), default_brand))
    )
    section = document.sections[0]
    for part in (
        section.header,
        section.footer,
        section.first_page_header,
        section.first_page_footer,
    ):
        assert not part.is_linked_to_previous
        assert "SECRET // REL SAHEL" in [p.text for p in part.paragraphs]
    assert "Northern Corridor: Security and Markets\tNorthbridge Analysis Group" in [
        p.text for p in section.header.paragraphs
    ]
    assert {"PAGE", "NUMPAGES"} <= set(fields(document))


def test_analyst_notes_use_the_note_style(document):
    assert styled(document, "Analyst Note Label").count("ANALYST NOTE") == 3
    notes = styled(document, "Analyst Note")
    assert "Figures exclude incidents reported only to flag states." in notes
    assert "Written on the day of issue." in notes


def test_quotes_lists_and_code_keep_their_styles(document):
    assert any("We pay the riders" in t for t in styled(document, "Quote"))
    assert "grain wholesalers near the border." in styled(document, "List Bullet 2")
    assert "Attacks on markets rose for the third month running." in styled(document, "List Bullet")
    assert any("Sorghum" in t and "\n" in t for t in styled(document, "Code"))


def test_each_numbered_list_starts_again_at_one(document):
    numbered = [p for p in document.paragraphs if p.style.name == "List Number"]
    assert len(numbered) == 6
    ids = {p._p.pPr.numPr.numId.val for p in numbered}
    assert len(ids) == 2  # two lists, two numberings
    numbering = document.part.numbering_part.element
    starts = {
        num.get(qn("w:numId")): num.find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}")
        for num in numbering.findall(qn("w:num"))
    }
    assert all(starts[str(i)].get(qn("w:val")) == "1" for i in ids)


def test_markdown_tables_are_word_tables_with_a_repeating_header_row(document):
    assert len(document.tables) == 1
    table = document.tables[0]
    assert table.style.name == "Briefing Table"
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0] == ["Quarter", "Boardings", "Kidnappings", "Trend"]
    assert rows[3] == ["Q2 2025", "14", "6", "rising — highest since 2021"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert table.rows[1].cells[1].paragraphs[0].alignment == 2  # right, as the Markdown asks
    assert table.rows[1].cells[1].paragraphs[0].style.name == "Table Text"


def test_emphasis_and_links_are_runs_and_hyperlinks(document):
    runs = [r for p in document.paragraphs for r in p.runs]
    assert any(r.text == "deteriorated" and r.bold for r in runs)
    assert any(r.text == "ẹ̀fọ́" and r.italic for r in runs)
    links = [link for p in document.paragraphs for link in p.hyperlinks]
    assert [(link.text, link.address) for link in links] == [
        ("regional reporting centre", "https://example.org/maritime-reports")
    ]


def test_sources_annex_lists_each_report_once(document):
    entries = styled(document, "Source Entry")
    assert len(entries) == 3
    assert entries[0].startswith("[1]\tSahel Security Monitor, issue 41 — Harmattan Research")
    assert entries[0].endswith("Used in items 01, 04")


def test_document_properties_come_from_the_briefing(document):
    props = document.core_properties
    assert props.title == "Northern Corridor: Security and Markets"
    assert props.author == "J. Adébáyọ̀, Regional Desk"
    assert props.subject == "Monthly situation briefing, November 2026"
    assert props.created.date().isoformat() == "2026-11-25" == props.modified.date().isoformat()


def test_styles_carry_the_brand_look(document, meridian_brand):
    heading = document.styles["Heading 1"]
    assert heading.font.name == "Noto Sans" and str(heading.font.color.rgb) == "1B2A4A"
    assert document.styles["Normal"].font.name == "Noto Serif"
    meridian = docx.Document(io.BytesIO(docx_bytes(sample_briefing(), meridian_brand)))
    assert meridian.styles["Heading 1"].font.name == "Noto Serif"
    assert round(meridian.sections[0].page_width.inches, 2) == 8.5  # Letter


def test_the_logo_is_on_the_cover_whether_png_or_svg(document, meridian_brand):
    assert len(document.inline_shapes) == 1
    meridian = docx.Document(io.BytesIO(docx_bytes(sample_briefing(), meridian_brand)))
    assert len(meridian.inline_shapes) == 1  # the SVG logo, drawn to a PNG


def test_same_briefing_gives_the_same_bytes(sample_docx, default_brand):
    assert docx_bytes(sample_briefing(), default_brand) == sample_docx
    with zipfile.ZipFile(io.BytesIO(sample_docx)) as package:
        infos = package.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}


def test_untrusted_text_is_never_a_field_macro_or_foreign_link(default_brand):
    hostile = (
        HOSTILE
        + '\n{ DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe "/k calc" }'
        + "\n[file](file:///etc/passwd) [mail](mailto:desk@example.org)"
        + "\ncontrol \x00\x07\x1b characters and a lone \ud800 surrogate"
    )
    briefing = Briefing(
        title="Hostile \x0c title",
        date=sample_briefing().date,
        items=[BriefingItem(heading="Hostile { PAGE }", text=hostile, note=hostile)],
    )
    data = docx_bytes(briefing, default_brand)
    document = docx.Document(io.BytesIO(data))
    assert set(fields(document)) <= OWN_FIELDS
    text = "\n".join(p.text for p in document.paragraphs)
    assert "<script>alert(1)</script>" in text and "DDEAUTO" in text
    targets = [rel.target_ref for rel in document.part.rels.values() if rel.is_external]
    assert set(targets) == {"https://example.org/report?a=1&b=2", "mailto:desk@example.org"}
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = package.namelist()
    assert not any("vba" in n.lower() or n.endswith(".bin") for n in names)
    assert document.core_properties.title == "Hostile  title"


def test_a_brand_reference_docx_gives_its_styles_header_and_footer(tmp_path):
    folder = tmp_path / "client"
    shutil.copytree(resource_path("brands", "default"), folder)
    reference = docx.Document()
    reference.styles["Heading 1"].font.name = "Garamond"
    reference.styles["Heading 1"].font.size = Pt(22)
    reference.sections[0].header.paragraphs[0].text = "Client template header"
    reference.sections[0].footer.paragraphs[0].text = "Client template footer"
    reference.add_paragraph("Template body text that must not appear")
    reference.save(folder / "reference.docx")
    brand = load_brand_folder(folder)
    document = docx.Document(io.BytesIO(docx_bytes(sample_briefing(), brand)))
    assert document.styles["Heading 1"].font.name == "Garamond"
    assert document.styles["Heading 1"].font.size == Pt(22)
    assert "Analyst Note" in [s.name for s in document.styles]  # what it lacked is added
    header = [p.text for p in document.sections[0].header.paragraphs]
    footer = [p.text for p in document.sections[0].footer.paragraphs]
    marking = brand.classification  # the brand's default: the briefing names none
    assert header == [marking, "Client template header"]
    assert footer == ["Client template footer", marking]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Template body text" not in text and "Sources" in text


def test_a_broken_reference_docx_is_a_clear_error(tmp_path):
    folder = tmp_path / "client"
    shutil.copytree(resource_path("brands", "default"), folder)
    (folder / "reference.docx").write_bytes(b"not a zip")
    with pytest.raises(BriefappError, match="reference.docx: not a usable Word document"):
        docx_bytes(sample_briefing(), load_brand_folder(folder))


def test_wrong_output_paths_are_clear_errors(tmp_path, default_brand):
    with pytest.raises(BriefappError, match="folder does not exist"):
        export_docx(sample_briefing(), default_brand, tmp_path / "missing" / "out.docx")
    with pytest.raises(BriefappError, match="is a folder"):
        export_docx(sample_briefing(), default_brand, tmp_path)


def test_a_cancelled_export_leaves_the_old_file_alone(tmp_path, default_brand):
    out = tmp_path / "out.docx"
    out.write_bytes(b"previous")
    with pytest.raises(Cancelled):
        export_docx(sample_briefing(), default_brand, out, cancel=lambda: True)
    assert out.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["out.docx"]


def test_export_writes_the_file_and_reports_progress(tmp_path, default_brand):
    seen: list[float] = []
    out = tmp_path / "out.docx"
    export_docx(sample_briefing(), default_brand, out, progress=lambda f, m: seen.append(f))
    assert docx.Document(str(out)).core_properties.title.startswith("Northern Corridor")
    assert seen[0] == 0.0 and seen[-1] == 1.0 and seen == sorted(seen)


def test_word_export_works_without_pyside6():
    script = """
import sys
class BlockQt:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] == "PySide6":
            raise ImportError("PySide6 is blocked in this test")
sys.meta_path.insert(0, BlockQt())
from briefapp.brands import load_brand
from briefapp.models import Briefing, BriefingItem
from briefapp.render.docx_export import docx_bytes
data = docx_bytes(Briefing(title="T", items=[BriefingItem("H", "text")]), load_brand("default"))
assert data.startswith(b"PK")
"""
    root = Path(__file__).resolve().parents[2]
    subprocess.run([sys.executable, "-c", script], cwd=root, check=True, timeout=60)
