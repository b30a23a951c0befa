"""The exported PDF, read back with pypdf: text, outline, links, fonts, markings, safety."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader
from render_samples import HOSTILE, all_text, flat, sample_briefing

from briefapp.errors import BriefappError, Cancelled
from briefapp.models import Briefing, BriefingItem
from briefapp.render import render_briefing, render_preview_bytes


def test_cover_shows_title_organisation_date_author_and_handling(sample_reader):
    cover = flat(sample_reader.pages[0].extract_text())
    for expected in (
        "Northern Corridor: Security and Markets",
        "Northbridge Analysis Group",
        "25 November 2026",
        "J. Adébáyọ̀, Regional Desk",
        "OFFICIAL",
        "Monthly situation briefing",
        "Prepared for the named recipients",
    ):
        assert expected in cover


def test_unicode_text_survives_extraction(sample_reader):
    text = all_text(sample_reader)
    for word in (
        "Ɗanɓaki",
        "Ƙauran",
        "Ɓauchi",
        "échanges",
        "“fragile but contained”",
        "naira’s",
        "€45,000",
        "—",
        "Ìbàdàn",
    ):
        assert word in text


def test_outline_points_at_cover_contents_items_and_sources(sample_reader):
    outline = [
        (o.title, sample_reader.get_destination_page_number(o)) for o in sample_reader.outline
    ]
    titles = [t for t, _ in outline]
    sections = [
        "Security situation in the northern provinces",
        "Maritime security in the Gulf of Guinea",
        "Prix et échanges transfrontaliers",
        "Outlook to March 2026",
        "Implications for our operations",
        "Analyst comment",
    ]
    assert titles[:2] == ["Cover", "Contents"] and titles[-1] == "Sources"
    # Borrowed sections are bookmarked as "report title — section heading".
    assert [t.rsplit(" — ", 1)[-1] for t in titles[2:-1]] == sections
    assert any(" — " in t for t in titles[2:-1])
    pages = dict(outline)
    assert pages["Cover"] == 0 and pages["Contents"] == 1
    for title, page in outline[2:]:
        heading = title.rsplit(" — ", 1)[0]
        assert " ".join(heading.split()[:4]) in " ".join(
            sample_reader.pages[page].extract_text().split()
        ), title
    assert pages["Sources"] == len(sample_reader.pages) - 1


def test_contents_entries_are_links_with_the_right_page_numbers(sample_reader):
    contents = sample_reader.pages[1]
    links = [a.get_object() for a in contents.get("/Annots", [])]
    links = [a for a in links if a["/Subtype"] == "/Link"]
    assert len(links) == 7  # six items and the sources annex
    targets = [sample_reader.get_page_number(a["/Dest"][0].get_object()) for a in links]
    outline_pages = [
        sample_reader.get_destination_page_number(o) for o in sample_reader.outline[2:]
    ]
    assert targets == outline_pages
    text = contents.extract_text()
    for title, page in (
        ("Security situation in the northern provinces", targets[0]),
        ("Sources", targets[-1]),
    ):
        assert re.search(re.escape(title) + r"\s*\n?\s*" + str(page + 1), text), title


def test_own_text_item_uses_first_heading_and_no_citation(sample_reader):
    text = all_text(sample_reader)
    assert text.count("Implications for our operations") == 2  # contents and heading
    assert "# Implications" not in text
    assert (
        "Source: Sahel Security Monitor, issue 41 — Harmattan Research, 19 August 2025 · Grade B2"
    ) in text
    assert text.count("Source: ") == 4  # four borrowed items, none for own text


def test_analyst_note_and_sources_annex(sample_reader):
    text = all_text(sample_reader)
    assert "ANALYST NOTE" in text and "treat the eastern figures with caution" in text
    last = flat(sample_reader.pages[-1].extract_text())
    assert "Sources" in last and "DISCLAIMER" in last and "accepts no liability" in last
    for title in (
        "Sahel Security Monitor, issue 41",
        "Gulf of Guinea Maritime Review",
        "Note de conjoncture",
    ):
        assert last.count(title) == 1


def test_metadata(sample_reader):
    meta = sample_reader.metadata
    assert meta.title == "Northern Corridor: Security and Markets"
    assert meta.author == "J. Adébáyọ̀, Regional Desk"
    assert meta.subject == "Monthly situation briefing, November 2026"
    assert meta.creator == "briefapp"
    assert "OFFICIAL" in meta["/Keywords"]


def test_fonts_are_embedded_truetype_subsets_without_helvetica(sample_reader):
    seen = set()
    for page in sample_reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            seen.add(font["/BaseFont"])
            assert font["/Subtype"] == "/TrueType", font["/BaseFont"]
            assert "/FontFile2" in font["/FontDescriptor"].get_object()
    assert all(re.match(r"/[A-Z]{6}\+", name) for name in seen)
    assert not any("Helvetica" in name or "Times" in name for name in seen)


def test_classification_on_every_page_and_page_x_of_y_after_cover(sample_reader):
    total = len(sample_reader.pages)
    for number, page in enumerate(sample_reader.pages, start=1):
        text = page.extract_text()
        assert text.count("OFFICIAL") >= 2, number  # top and bottom bands
        if number == 1:
            assert "Page " not in text
        else:
            assert f"Page {number} of {total}" in text


def test_briefing_classification_overrides_brand_default(tmp_path, default_brand):
    out = tmp_path / "secret.pdf"
    render_briefing(sample_briefing(classification="SECRET // REL EU"), default_brand, out)
    reader = PdfReader(out)
    for page in reader.pages:
        assert "SECRET // REL EU" in page.extract_text()


def test_same_briefing_gives_byte_identical_pdf(tmp_path, default_brand):
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    render_briefing(sample_briefing(), default_brand, a)
    render_briefing(sample_briefing(), default_brand, b)
    assert a.read_bytes() == b.read_bytes()
    assert render_preview_bytes(sample_briefing(), default_brand) == a.read_bytes()


def test_hostile_markup_renders_as_literal_text(tmp_path, default_brand):
    briefing = Briefing(
        title="Hostile <b>title & co",
        items=[
            BriefingItem(heading="Markup <i>in heading", text=HOSTILE, note="<script>x</script>")
        ],
    )
    out = tmp_path / "hostile.pdf"
    render_briefing(briefing, default_brand, out)
    reader = PdfReader(out)
    text = all_text(reader)
    for literal in (
        "<font size=300>huge</font>",
        "<script>alert(1)</script>",
        "a<b and AT&T.",
        "Unclosed <b>bold",
        '<img src="/etc/passwd">',
        "<script>x</script>",
        "Hostile <b>title & co",
        "Markup <i>in heading",
    ):
        assert literal in text, literal
    assert "AT&T;" not in text and "[map]" in text
    uris = [
        a.get_object().get("/A", {}).get("/URI")
        for page in reader.pages
        for a in page.get("/Annots", [])
    ]
    uris = [u for u in uris if u]
    assert uris == ["https://example.org/report?a=1&b=2"]


def test_item_heading_falls_back_to_analyst_comment(sample_reader):
    assert "Analyst comment" in [o.title for o in sample_reader.outline]


def test_empty_briefing_still_renders(tmp_path, meridian_brand):
    out = tmp_path / "empty.pdf"
    pages = render_briefing(Briefing(title="Nothing yet"), meridian_brand, out)
    reader = PdfReader(out)
    assert pages == len(reader.pages) == 3
    assert "cites no external reports" in reader.pages[-1].extract_text()


def test_second_brand_renders_on_letter_paper(tmp_path, meridian_brand):
    out = tmp_path / "meridian.pdf"
    render_briefing(sample_briefing(), meridian_brand, out)
    reader = PdfReader(out)
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    assert "Meridian Risk Advisory" in reader.pages[0].extract_text()
    assert "CONFIDENTIAL" in reader.pages[-1].extract_text()


def test_progress_is_reported_and_ends_at_one(tmp_path, default_brand):
    seen = []
    render_briefing(
        sample_briefing(),
        default_brand,
        tmp_path / "p.pdf",
        progress=lambda f, m: seen.append((f, m)),
    )
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert all(isinstance(m, str) and m for _, m in seen)


@pytest.mark.parametrize("after", [0, 3, 8])
def test_cancelled_export_leaves_nothing_behind(tmp_path, default_brand, after):
    calls = 0

    def cancel():
        nonlocal calls
        calls += 1
        return calls > after

    out = tmp_path / "briefing.pdf"
    with pytest.raises(Cancelled):
        render_briefing(sample_briefing(), default_brand, out, cancel=cancel)
    assert list(tmp_path.iterdir()) == []


def test_cancelled_export_keeps_the_previous_file(tmp_path, default_brand):
    out = tmp_path / "briefing.pdf"
    out.write_bytes(b"previous version")
    with pytest.raises(Cancelled):
        render_briefing(sample_briefing(), default_brand, out, cancel=lambda: True)
    assert out.read_bytes() == b"previous version"
    assert [p.name for p in tmp_path.iterdir()] == ["briefing.pdf"]


def test_export_to_a_folder_path_fails_cleanly(tmp_path, default_brand):
    target = tmp_path / "a-folder.pdf"
    target.mkdir()
    with pytest.raises(BriefappError, match="is a folder"):
        render_briefing(sample_briefing(), default_brand, target)
    assert [p.name for p in tmp_path.iterdir()] == ["a-folder.pdf"]
    assert list(target.iterdir()) == []


def test_export_to_missing_folder_fails_cleanly(tmp_path, default_brand):
    with pytest.raises(BriefappError, match="does not exist"):
        render_briefing(sample_briefing(), default_brand, tmp_path / "nope" / "b.pdf")


def test_failed_layout_leaves_no_partial_file(tmp_path, default_brand, monkeypatch):
    from briefapp.render import document

    def explode(*args, **kwargs):
        raise RuntimeError("layout bug")

    monkeypatch.setattr(document.BriefingDocument, "finish_forms", explode)
    with pytest.raises(RuntimeError):
        render_briefing(sample_briefing(), default_brand, tmp_path / "b.pdf")
    assert list(tmp_path.iterdir()) == []


def test_password_encrypts_with_aes_256(tmp_path, default_brand):
    pytest.importorskip("pyaes", reason="reportlab needs pyaes for AES-256")
    out = tmp_path / "locked.pdf"
    render_briefing(sample_briefing(), default_brand, out, password="s3cret")
    reader = PdfReader(out)
    assert reader.is_encrypted
    assert reader.trailer["/Encrypt"]["/V"] == 5  # AES-256
    assert reader.trailer["/Encrypt"]["/R"] == 6  # ISO 32000-2 password hashing
    assert not reader.decrypt("wrong")
    assert reader.decrypt("s3cret")
    assert "Northern Corridor" in reader.pages[0].extract_text()
    assert reader.metadata.title == "Northern Corridor: Security and Markets"  # no stray padding
    assert reader.metadata.author == "J. Adébáyọ̀, Regional Desk"


def test_long_contents_spans_pages_and_still_points_right(tmp_path, default_brand):
    items = [
        BriefingItem(heading=f"Topic number {n}", text=f"Body of topic {n}.\n\n" * 12)
        for n in range(1, 71)
    ]
    out = tmp_path / "long.pdf"
    pages = render_briefing(Briefing(title="Long", items=items), default_brand, out)
    reader = PdfReader(out)
    assert pages == len(reader.pages)
    outline = {o.title: reader.get_destination_page_number(o) for o in reader.outline}
    assert outline["Contents"] == 1 and outline["Topic number 1"] > 2  # contents took 2+ pages
    for n in (1, 35, 70):
        page = outline[f"Topic number {n}"]
        assert f"Topic number {n}" in reader.pages[page].extract_text()
    contents = " ".join(
        flat(reader.pages[i].extract_text()) for i in range(1, outline["Topic number 1"])
    )
    assert f"Topic number 70 {outline['Topic number 70'] + 1}" in contents
    assert f"Page {pages} of {pages}" in reader.pages[-1].extract_text()


def test_item_heading_is_never_stranded_at_the_foot_of_a_page(tmp_path, meridian_brand):
    out = tmp_path / "m.pdf"
    render_briefing(sample_briefing(), meridian_brand, out)
    reader = PdfReader(out)
    firsts = {
        "Analyst comment": "A short closing remark",
        "Implications for our operations": "Travel on the Gusau road",
        "Outlook to March 2026": "We expect the pattern",
    }
    for entry in reader.outline:
        if entry.title in firsts:
            page = flat(reader.pages[reader.get_destination_page_number(entry)].extract_text())
            assert firsts[entry.title] in page, entry.title


def test_very_long_title_shrinks_instead_of_overrunning_the_cover(tmp_path, default_brand):
    title = " ".join(["An extraordinarily long briefing title"] * 8)
    out = tmp_path / "t.pdf"
    render_briefing(sample_briefing(title=title), default_brand, out)
    cover = flat(PdfReader(out).pages[0].extract_text())
    assert title in cover and "25 November 2026" in cover and "Prepared for" in cover


def test_note_longer_than_a_page_on_a_list_section_exports(default_brand):
    """A long note used to be kept with a list that follows it; ReportLab re-split it forever."""
    import io

    from pypdf import PdfReader

    from briefapp.models import Briefing, BriefingItem, Citation
    from briefapp.render import render_preview_bytes

    points = "\n".join(f"- point {i} on the convoy routes" for i in range(40))
    item = BriefingItem(
        heading="Outlook",
        text=points,
        note="Watch the escorts. " * 600,
        source=Citation(report_id=1, title="Road Report"),
    )
    reader = PdfReader(
        io.BytesIO(render_preview_bytes(Briefing(title="T", items=[item]), default_brand))
    )
    text = "".join(page.extract_text() for page in reader.pages)
    assert "point 39 on the convoy routes" in text and text.count("Watch the escorts.") > 100


def test_an_svg_logo_brings_no_unembedded_helvetica(tmp_path, meridian_brand) -> None:
    """The logo drawing starts in the brand's font: pdffonts lists no bare Helvetica."""
    out = tmp_path / "meridian.pdf"
    briefing = Briefing(title="Lake Chad Weekly", items=[BriefingItem("Outlook", "Calm week.")])
    render_briefing(briefing, meridian_brand, out)
    names = {
        font.get_object()["/BaseFont"]
        for page in PdfReader(out).pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert not any("Helvetica" in name for name in names), names


def test_the_pdf_opens_with_its_bookmarks_shown(sample_reader) -> None:
    """A manager opening the file sees the outline panel, not a hidden outline."""
    assert sample_reader.page_mode == "/UseOutlines"
