"""Scripts that need shaping (Arabic, Hebrew, Devanagari, Thai) print, read and copy right."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader
from render_samples import sample_briefing

from briefapp.models import Briefing, BriefingItem
from briefapp.render import render_briefing
from briefapp.render.fallback import coverage, is_script_font, runs
from briefapp.render.shaping import visual_pieces

# our own fictional places and slogans
ARABIC = "قلعة الزرقاء الجديدة"
HEBREW = "רמת שקד הצפונית"
DEVANAGARI = "नवगढ़ क्षेत्रीय परिषद्"
THAI = "เกาะมะยางน้อย"
ARABIC_LONG = (
    "مجلس مدينة الزرقاء الجديدة يرحب بالوفد القادم من الساحل في زيارته الثالثة "
    "لمناقشة مشاريع المياه والطرق في المنطقة الشمالية من المحافظة"
)
TEXT = f"""\
The delegation from Qal'at Zarqa, {ARABIC}, met the mayor of Ramat Shaked, {HEBREW}, on Tuesday.

Signs in Navgarh read {DEVANAGARI} and the ferry to Ko Mayang, {THAI}, leaves at dawn.

A banner over the harbour road read {ARABIC_LONG} and was taken down by noon.

**Bold names: {ARABIC}, {HEBREW}, {DEVANAGARI}, {THAI} and 北京港口.**
"""
SAMPLES = (ARABIC, HEBREW, DEVANAGARI, THAI, ARABIC_LONG)
# direction marks an extractor may add around right-to-left runs
_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def scripts_briefing() -> Briefing:
    return Briefing(
        title=f"Coastal towns: {ARABIC}",
        subtitle=None,
        author="Analyst",
        date=date(2026, 3, 2),
        items=[BriefingItem(heading=f"Visit to {HEBREW}", text=TEXT)],
    )


def flat(text: str) -> str:
    return " ".join(_MARKS.sub("", text).split())


@pytest.fixture(scope="module")
def scripts_pdf(tmp_path_factory, default_brand) -> Path:
    out = tmp_path_factory.mktemp("scripts") / "scripts.pdf"
    render_briefing(scripts_briefing(), default_brand, out)
    return out


@pytest.fixture(scope="module")
def poppler_text(scripts_pdf) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    done = subprocess.run(
        ["pdftotext", str(scripts_pdf), "-"], capture_output=True, text=True, check=True
    )
    return flat(done.stdout)


def test_every_script_copies_back_as_typed(poppler_text):
    for sample in SAMPLES:
        assert sample in poppler_text, sample
    assert f"Qal'at Zarqa, {ARABIC}, met the mayor" in poppler_text
    assert f"Visit to {HEBREW}" in poppler_text


def test_a_right_to_left_run_wrapped_over_two_lines_keeps_its_word_order(poppler_text):
    # the long slogan is wider than a line: its first words end the first line. (poppler
    # moves the space after a right-to-left run at a line's end into the run, before it)
    expected = f"read {ARABIC_LONG} and was taken down".replace(" ", "")
    assert expected in poppler_text.replace(" ", "")


def test_devanagari_conjuncts_and_thai_marks_copy_back_through_pdfium(scripts_pdf):
    # PDFium is also what briefapp's own PDF import reads with
    pdf = pdfium.PdfDocument(scripts_pdf)
    text = flat(" ".join(page.get_textpage().get_text_range() for page in pdf))
    assert DEVANAGARI in text
    assert THAI in text


def test_each_script_is_set_in_a_font_that_has_its_letters():
    for sample in SAMPLES:
        for bold in (False, True):
            font = "default.body_bold" if bold else "default.body"
            pieces = runs(f"Towns: {sample}.", font)
            shaped = [(name, run) for name, run in pieces if is_script_font(name)]
            assert shaped, sample
            for name, run in pieces:
                assert coverage(name).issuperset(run), (name, run)
            assert all(name.endswith(".bold") == bold for name, _ in shaped)


def test_script_fonts_are_embedded_regular_and_bold(scripts_pdf):
    fonts = {
        str(font.get_object()["/BaseFont"]).split("+")[-1]
        for page in PdfReader(scripts_pdf).pages
        for font in page["/Resources"]["/Font"].values()
    }
    for face in ("NotoNaskhArabic", "NotoSansHebrew", "NotoSansDevanagari", "NotoSansThai"):
        assert f"{face}-Regular" in fonts, face
        assert f"{face}-Bold" in fonts, face


def test_bold_cjk_is_stroked_as_well_as_filled(scripts_pdf):
    content = b"".join(page.get_contents().get_data() for page in PdfReader(scripts_pdf).pages)
    assert b" 2 Tr " in content
    assert b"/ActualText" in content


def test_latin_only_export_has_no_shaping_marks(tmp_path, default_brand):
    out = tmp_path / "latin.pdf"
    render_briefing(sample_briefing(), default_brand, out)
    reader = PdfReader(out)
    content = b"".join(page.get_contents().get_data() for page in reader.pages)
    assert b"ActualText" not in content
    assert b" Tr " not in content
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert not any("Naskh" in name or "Devanagari" in name for name in fonts)


def _order(text: str, rtl: bool = False) -> list[str]:
    pieces = visual_pieces([(0, text)], rtl, lambda key, word: None)
    return pieces[0][1].split()


def test_right_to_left_words_are_laid_out_right_to_left_inside_left_to_right_text():
    assert _order("Visit رمات شاكيد today") == ["Visit", "شاكيد", "رمات", "today"]


def test_a_number_inside_arabic_keeps_its_digits_in_order():
    assert _order("زيارة عام 2026 الثالثة", rtl=True) == ["الثالثة", "2026", "عام", "زيارة"]


def test_latin_inside_a_right_to_left_paragraph_reads_left_to_right():
    assert _order("وفد Port Authority الساحل", rtl=True) == ["الساحل", "Port", "Authority", "وفد"]
