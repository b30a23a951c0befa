"""Bundled fonts: TrueType outlines, licences, and the characters our reports need."""

from __future__ import annotations

import pytest
from reportlab.pdfbase.ttfonts import TTFontFile

from briefapp.brands import list_brands
from briefapp.render.fonts import SCRIPT_FILES
from briefapp.resources import resource_path

# French accents, Hausa hooked letters, Yoruba under-dots and tone marks, typography, euro
NEEDED = "éèêàâçôœÉÇɓɗƙƁƊƘẹọṣẸỌṢ\u0300\u0301‘’“”–—€…·"


CJK_FALLBACK = "DroidSansFallback.ttf"  # not a brand font: see test_fallback_font_covers_cjk
# everyday Chinese (simplified and traditional), Japanese kana and Korean Hangul
CJK = "北京东京東京上海香港台北中华人民共和国國際経済あいうえおアイウエオーァ서울부산한국어가힣、。「」（），：；"


# fonts of one script each (Arabic, Hebrew, Devanagari, Thai): see test_scripts.py
SCRIPT_FONTS = {file for _, regular, bold in SCRIPT_FILES for file in (regular, bold)}


def _font_files():
    return sorted(
        f
        for f in resource_path("fonts").glob("*.ttf")
        if f.name != CJK_FALLBACK and f.name not in SCRIPT_FONTS
    )


def test_fonts_are_bundled_with_their_licences():
    folder = resource_path("fonts")
    assert _font_files()
    assert (folder / "OFL-Noto.txt").is_file() and (folder / "LICENSE-DejaVu.txt").is_file()
    assert "Apache License" in (folder / "LICENSE-DroidSansFallback.txt").read_text()
    total = sum(f.stat().st_size for f in _font_files())
    assert total < 6_000_000
    assert (folder / CJK_FALLBACK).stat().st_size < 3_600_000


def test_fallback_font_covers_cjk_with_truetype_outlines():
    font = TTFontFile(str(resource_path("fonts", CJK_FALLBACK)))
    assert "glyf" in font.table  # TrueType outlines: ReportLab cannot embed CFF
    missing = [f"U+{ord(ch):04X}" for ch in CJK if ord(ch) not in font.charToGlyph]
    assert not missing


@pytest.mark.parametrize("path", _font_files(), ids=lambda p: p.name)
def test_font_covers_african_and_european_characters(path):
    cmap = TTFontFile(str(path)).charToGlyph
    missing = [f"U+{ord(ch):04X}" for ch in NEEDED if ord(ch) not in cmap]
    assert not missing, f"{path.name} lacks {missing}"


def test_every_brand_uses_only_bundled_or_own_fonts():
    for brand in list_brands():
        for path in brand.fonts.values():
            assert path.suffix == ".ttf"
            assert path.parent in (resource_path("fonts"), brand.folder)
