"""Register a brand's TrueType fonts with ReportLab and name its font families.

ReportLab's font registry is global; fonts are registered once per (brand, role, file)
and reused by later exports in the same process.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from briefapp.errors import BriefappError
from briefapp.models import Brand
from briefapp.render.shaping import ShapingTTFont
from briefapp.resources import resource_path

# Fonts for the characters a brand's fonts lack, in order (see render/fallback.py): Chinese,
# Japanese and Korean (TrueType outlines: ReportLab embeds no CFF fonts), then symbols such
# as the minus sign, arrows and maths operators, which DejaVu Sans Mono has and Noto lacks.
FALLBACK_FILES = (
    ("briefapp.fallback", "DroidSansFallback.ttf"),
    ("briefapp.symbols", "DejaVuSansMono.ttf"),
)

# Fonts for the scripts whose letters are shaped (see render/shaping.py), regular and bold:
# Arabic, Hebrew, Devanagari, Thai (Noto, OFL). They come before FALLBACK_FILES, and stand in
# only for characters beyond Latin-1 (the brand fonts set digits and Latin punctuation).
SCRIPT_FILES = (
    ("briefapp.arabic", "NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf"),
    ("briefapp.hebrew", "NotoSansHebrew-Regular.ttf", "NotoSansHebrew-Bold.ttf"),
    ("briefapp.devanagari", "NotoSansDevanagari-Regular.ttf", "NotoSansDevanagari-Bold.ttf"),
    ("briefapp.thai", "NotoSansThai-Regular.ttf", "NotoSansThai-Bold.ttf"),
)

_registered: dict[str, Path] = {}
_fallbacks: list[str] = []  # registered names of FALLBACK_FILES, once loaded
_scripts: dict[str, str] = {}  # registered name of each SCRIPT_FILES regular face: its bold


@dataclass(frozen=True)
class FontSet:
    """ReportLab font names for each role of a brand."""

    heading: str
    heading_regular: str
    body: str
    body_bold: str
    body_italic: str
    body_bold_italic: str
    mono: str


def _register(name: str, path: Path, kind: type[TTFont] = TTFont) -> str:
    """Register ``path`` under ``name`` (or a name derived from the path if taken)."""
    path = Path(path).resolve()
    if _registered.get(name) not in (None, path):
        name = f"{name}~{hashlib.sha1(str(path).encode()).hexdigest()[:8]}"
    if name not in _registered:
        try:
            pdfmetrics.registerFont(kind(name, str(path)))
        except (TTFError, OSError) as exc:
            raise BriefappError(f"{path}: cannot use this font ({exc})") from None
        _registered[name] = path
    return name


def _family(normal: str, bold: str, italic: str, bold_italic: str) -> None:
    """Make <b> and <i> inside a Paragraph pick the right face of the family."""
    addMapping(normal, 0, 0, normal)
    addMapping(normal, 1, 0, bold)
    addMapping(normal, 0, 1, italic)
    addMapping(normal, 1, 1, bold_italic)


def register_brand_fonts(brand: Brand) -> FontSet:
    """Register the brand's fonts and families; return the names to use in styles."""
    fonts = brand.fonts
    prefix = f"{brand.name}."

    def reg(role: str, fallback: str | None = None) -> str:
        if role not in fonts and fallback:
            return reg(fallback)
        if role not in fonts:
            raise BriefappError(f"brand {brand.name!r} has no {role} font")
        return _register(prefix + role, fonts[role])

    body = reg("body")
    body_bold = reg("body_bold")
    body_italic = reg("body_italic")
    body_bold_italic = reg("body_bold_italic", "body_bold")
    heading = reg("heading")
    heading_regular = reg("heading_regular", "body")
    mono = reg("mono")
    _family(body, body_bold, body_italic, body_bold_italic)
    _family(heading_regular, heading, heading_regular, heading)
    # headings are already bold: <b> keeps them so, <i> has no face of its own
    _family(heading, heading, heading, heading)
    _family(mono, mono, mono, mono)
    return FontSet(heading, heading_regular, body, body_bold, body_italic, body_bold_italic, mono)


def fallback_fonts() -> list[str]:
    """Registered names of the fallback fonts, loaded on first use (the first is big, and
    most briefings need neither)."""
    if not _fallbacks:
        for name, file in FALLBACK_FILES:
            name = _register(name, resource_path("fonts", file))
            _family(name, name, name, name)  # no bold or italic faces
            _fallbacks.append(name)
    return _fallbacks


def script_fonts() -> dict[str, str]:
    """Registered names of the regular faces of SCRIPT_FILES, each with its bold face's name,
    loaded on first use."""
    if not _scripts:
        for name, regular, bold in SCRIPT_FILES:
            normal = _register(name, resource_path("fonts", regular), ShapingTTFont)
            heavy = _register(name + ".bold", resource_path("fonts", bold), ShapingTTFont)
            _family(normal, heavy, normal, heavy)
            _family(heavy, heavy, heavy, heavy)
            _scripts[normal] = heavy
    return _scripts
