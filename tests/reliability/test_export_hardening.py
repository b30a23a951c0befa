"""Export of hostile briefing text (issue 17): megabyte paragraphs, unbreakable words, wide
tables and encryption. Inputs are generated here; each test runs in a few seconds."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.platypus import Table

from briefapp.brands import load_brand
from briefapp.models import Briefing, BriefingItem
from briefapp.render import render_briefing, render_preview_bytes
from briefapp.render.encryption import aes_cbc, hash_r6, saslprep
from briefapp.render.long_text import CONTINUED, PIECE, cut, split_long_paragraphs
from briefapp.render.markdown_flow import FlowContext, markdown_flowables
from briefapp.render.styles import build_theme
from tests.reliability.corpus import long_paragraph, wide_table

ROOT = Path(__file__).resolve().parents[2]


def _pdf_text(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _briefing(text: str) -> Briefing:
    return Briefing(title="Hardening", items=[BriefingItem(heading="Long", text=text)])


def test_a_megabyte_paragraph_exports_in_a_bounded_time(tmp_path):
    # In a subprocess with a hard limit, so a return of the quadratic cost fails the test
    # instead of hanging the suite (it took minutes before; a few seconds now).
    script = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(ROOT)!r})
        from tests.reliability.corpus import long_paragraph, wide_table
        from briefapp.brands import load_brand
        from briefapp.models import Briefing, BriefingItem
        from briefapp.render import render_briefing
        text = long_paragraph(1_000_000, bold=False)
        item = BriefingItem(heading="Megabyte", text=text)
        pages = render_briefing(Briefing(title="M", items=[item]), load_brand("default"),
                                {str(tmp_path / "mega.pdf")!r})
        print(pages)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) > 100
    assert (tmp_path / "mega.pdf").stat().st_size > 100_000


def test_a_long_paragraph_is_cut_into_pieces_set_as_one():
    text = long_paragraph(4 * PIECE)
    flows = markdown_flowables(text, FlowContext(build_theme(load_brand("default"))))
    assert len(flows) >= 4
    assert all(getattr(f, "joined", False) for f in flows[1:])
    assert all(f.getSpaceAfter() == 0 for f in flows[:-1])
    assert all(f.getSpaceBefore() == 0 for f in flows[1:])
    assert CONTINUED not in "".join(f.text for f in flows)


def test_emphasis_open_across_a_cut_is_closed_and_reopened():
    text = "Opening words. **" + "harvest patrol " * 800 + "end** after."
    pieces = cut(text)
    assert len(pieces) > 2
    for piece in pieces:
        assert piece.count("**") % 2 == 0, piece[:40]
    code = "`" + "grain price " * 800 + "`"
    assert all(piece.count("`") % 2 == 0 for piece in cut(code))


def test_cuts_fall_at_sentence_ends_where_there_are_some():
    pieces = cut(long_paragraph(5 * PIECE, bold=False))
    assert all(piece.rstrip().endswith(".") for piece in pieces[:-1])
    assert all(len(piece) <= PIECE for piece in pieces)


def test_pieces_of_list_items_and_quotes_stay_in_their_item_and_quote():
    item = "- " + "Convoy seen near the river. " * 300
    quote = "> " + "Patrols resumed at dawn. " * 300
    tree_text = split_long_paragraphs(item + "\n\n" + quote)
    lines = tree_text.split("\n")
    assert any(line.startswith("    " + CONTINUED) for line in lines)
    assert any(line.startswith("> " + CONTINUED) for line in lines)
    pdf = render_preview_bytes(_briefing(item + "\n\n" + quote), load_brand("default"))
    assert "\ufdd0" not in _pdf_text(pdf)


def test_unbreakable_words_and_runs_of_links_and_entities_export_whole():
    token = "Q" * 10_000
    url = "https://example.org/" + "a" * 5_000
    links = " ".join(f"[site {i}](https://example.org/{i})" for i in range(400))
    entities = "&amp;&lt;&#169;" * 1_500
    text = "\n\n".join([token, url, links, entities])
    pdf = render_preview_bytes(_briefing(text), load_brand("default"))
    found = "".join(_pdf_text(pdf).split())
    assert found.count("Q") >= 10_000
    assert "site 399".replace(" ", "") in found
    assert "&<©" in found


@pytest.mark.parametrize("columns", [35, 60, 150])
def test_a_table_too_wide_for_the_page_is_shown_row_by_row(columns):
    flows = markdown_flowables(wide_table(columns), FlowContext(build_theme(load_brand("default"))))
    assert "shown row by row" in flows[0].text
    records = [f for f in flows if isinstance(f, Table)]
    assert len(records) == 3
    pdf = _pdf_text(render_preview_bytes(_briefing(wide_table(columns)), load_brand("default")))
    assert f"Indicator {columns - 1}" in pdf
    assert all(name in pdf for name in ("Tillabéri", "Dosso", "Maradi"))


def test_a_table_that_fits_in_smaller_type_stays_a_table():
    flows = markdown_flowables(wide_table(14), FlowContext(build_theme(load_brand("default"))))
    (grid,) = flows
    assert isinstance(grid, Table) and len(grid._colWidths) == 14
    cell = grid._cellvalues[1][0]
    assert cell.style.fontSize < build_theme(load_brand("default")).styles["table_cell"].fontSize
    assert all(w > 0 for w in grid._colWidths)


@pytest.mark.parametrize("depth", [0, 1, 3, 7])
def test_wide_tables_export_at_any_nesting_depth(depth):
    table = wide_table(40, rows=2)
    nested = "\n".join(("> " * depth) + line for line in table.split("\n"))
    listed = "- item\n\n" + "\n".join("    " + line for line in wide_table(36).split("\n"))
    huge_cells = wide_table(38, rows=1).replace("Tillabéri", "convoy " * 2000)
    text = "\n\n".join([nested, listed, huge_cells])
    pdf = _pdf_text(render_preview_bytes(_briefing(text), load_brand("default")))
    assert "Indicator 39" in pdf


def test_export_and_brief_write_a_pdf_with_a_forty_column_table(cli, tmp_path):
    report = tmp_path / "wide.md"
    report.write_text(
        "# Wide Indicators Report\n\n## Executive Summary\n\n"
        + wide_table(40)
        + "\n\n## Strategic Outlook\n\nMore of the same.\n",
        encoding="utf-8",
    )
    imported = cli("import", "--json", report)
    assert imported.code == 0, imported.err
    spec = tmp_path / "wide.toml"
    spec.write_text(
        f'title = "Wide"\n[[items]]\nmarkdown = """{wide_table(45)}"""\n', encoding="utf-8"
    )
    exported = cli("export", spec, "-o", tmp_path / "export.pdf")
    assert exported.code == 0, exported.err
    brief = cli("brief", "--sections", "Executive Summary", "-o", tmp_path / "brief.pdf")
    assert brief.code == 0, brief.err
    for name in ("export.pdf", "brief.pdf"):
        text = _pdf_text((tmp_path / name).read_bytes())
        assert "shown row by row" in text, name


PASSWORD = "Harmattan 2026 wïnd"


@pytest.fixture(scope="module")
def encrypted_pdf(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("encrypted") / "locked.pdf"
    briefing = _briefing("Gunmen stopped a fuel convoy near the river crossing.")
    render_briefing(briefing, load_brand("default"), out, password=PASSWORD)
    return out


def _qpdf(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["qpdf", *args], capture_output=True, text=True, timeout=60)


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed")
def test_qpdf_reads_the_encryption_as_aes_256_revision_6(encrypted_pdf):
    shown = _qpdf("--show-encryption", f"--password={PASSWORD}", str(encrypted_pdf))
    assert shown.returncode == 0, shown.stderr
    assert "R = 6" in shown.stdout and "AESv3" in shown.stdout
    assert "Supplied password is user password" in shown.stdout
    assert _qpdf("--check", f"--password={PASSWORD}", str(encrypted_pdf)).returncode == 0
    assert _qpdf("--check", "--password=wind", str(encrypted_pdf)).returncode != 0
    assert _qpdf("--requires-password", str(encrypted_pdf)).returncode == 0


def test_pypdf_opens_the_export_with_its_password_only(encrypted_pdf):
    reader = PdfReader(encrypted_pdf)
    assert reader.trailer["/Encrypt"]["/R"] == 6
    assert not reader.decrypt("Harmattan 2026 wind")
    assert reader.decrypt(PASSWORD)
    assert "fuel convoy" in "".join(page.extract_text() for page in reader.pages)
    assert reader.metadata.title == "Hardening"


def test_password_hash_matches_an_independent_implementation():
    algorithms = pytest.importorskip("pypdf._encryption", reason="pypdf's own R6 hash")
    pypdf_r6 = getattr(algorithms, "AlgV5", None)
    if pypdf_r6 is None:
        pytest.skip("this pypdf keeps its R6 hash elsewhere")
    for password, salt, udata in [
        (b"s3cret", b"12345678", b""),
        (saslprep(PASSWORD), os.urandom(8), os.urandom(48)),
        (b"", b"saltsalt", b""),
    ]:
        assert hash_r6(password, salt, udata) == pypdf_r6.calculate_hash(6, password, salt, udata)


def test_pure_python_aes_gives_the_same_ciphertext():
    import pyaes

    key, iv, data = os.urandom(16), os.urandom(16), os.urandom(64 * 5)
    cipher = pyaes.Encrypter(pyaes.AESModeOfOperationCBC(key, iv=iv), padding=pyaes.PADDING_NONE)
    assert cipher.feed(data) + cipher.feed() == aes_cbc(key, iv, data)


def test_unencrypted_export_stays_byte_identical(tmp_path):
    briefing = _briefing(long_paragraph(8 * PIECE) + "\n\n" + wide_table(40))
    brand = load_brand("default")
    render_briefing(briefing, brand, tmp_path / "a.pdf")
    render_briefing(briefing, brand, tmp_path / "b.pdf")
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()
