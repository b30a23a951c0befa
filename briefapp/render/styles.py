"""The typographic theme of a brand: page geometry, colours and paragraph styles."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.colors import Color, HexColor, white
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from briefapp.models import Brand, PageSize
from briefapp.render.fonts import FontSet, register_brand_fonts

PAGE_SIZES: dict[PageSize, tuple[float, float]] = {"A4": A4, "Letter": LETTER}


@dataclass
class Theme:
    """Everything the layout needs from a brand, resolved to ReportLab objects."""

    brand: Brand
    fonts: FontSet
    colours: dict[str, Color]
    page_size: tuple[float, float]
    styles: dict[str, ParagraphStyle] = field(default_factory=dict)
    margin_left: float = 24 * mm
    margin_right: float = 24 * mm
    margin_top: float = 30 * mm
    margin_bottom: float = 26 * mm
    band_height: float = 5.2 * mm  # classification band at the top and bottom edges

    @property
    def frame_width(self) -> float:
        return self.page_size[0] - self.margin_left - self.margin_right

    @property
    def frame_height(self) -> float:
        return self.page_size[1] - self.margin_top - self.margin_bottom

    def hex(self, role: str) -> str:
        """A colour as ``#rrggbb`` for Paragraph markup."""
        return self.colours[role].hexval().replace("0x", "#")


def build_theme(brand: Brand) -> Theme:
    fonts = register_brand_fonts(brand)
    colours = {role: HexColor(value) for role, value in brand.colours.items()}
    theme = Theme(brand, fonts, colours, PAGE_SIZES.get(brand.page_size, A4))
    theme.styles = _styles(fonts, colours)
    return theme


def _styles(f: FontSet, c: dict[str, Color]) -> dict[str, ParagraphStyle]:
    text, primary, muted = c["text"], c["primary"], c["muted"]

    def style(name: str, **kw: Any) -> ParagraphStyle:
        kw.setdefault("fontName", f.body)
        kw.setdefault("textColor", text)
        kw.setdefault("alignment", TA_LEFT)
        return ParagraphStyle(name, **kw)

    body = style("body", fontSize=10, leading=14.6, spaceAfter=6.5)
    s = {
        "body": body,
        "item_heading": style(
            "item_heading",
            fontName=f.heading,
            fontSize=16,
            leading=20.5,
            textColor=primary,
            spaceBefore=0,
            spaceAfter=3,
            keepWithNext=1,
        ),
        "item_number": style(
            "item_number",
            fontName=f.heading,
            fontSize=8,
            leading=10,
            textColor=c["accent"],
            spaceBefore=22,
            spaceAfter=2,
            keepWithNext=1,
        ),
        "h1": style(
            "h1",
            fontName=f.heading,
            fontSize=12.5,
            leading=16,
            textColor=primary,
            spaceBefore=9,
            spaceAfter=4,
            keepWithNext=1,
        ),
        "h2": style(
            "h2",
            fontName=f.heading,
            fontSize=11,
            leading=14.5,
            textColor=primary,
            spaceBefore=8,
            spaceAfter=3,
            keepWithNext=1,
        ),
        "h3": style(
            "h3",
            fontName=f.heading,
            fontSize=10,
            leading=14,
            textColor=text,
            spaceBefore=6,
            spaceAfter=2,
            keepWithNext=1,
        ),
        "citation": style(
            "citation",
            fontName=f.heading_regular,
            fontSize=8.3,
            leading=11.5,
            textColor=muted,
            spaceAfter=9,
            keepWithNext=1,
        ),
        "note_label": style(
            "note_label",
            fontName=f.heading,
            fontSize=7.2,
            leading=9,
            textColor=primary,
            spaceAfter=3,
        ),
        "note": style("note", fontSize=9.4, leading=13.4, spaceAfter=3),
        "quote": style(
            "quote",
            fontName=f.body_italic,
            fontSize=10,
            leading=14.6,
            textColor=muted,
            spaceAfter=4,
        ),
        "table_header": style(
            "table_header", fontName=f.heading, fontSize=8.3, leading=10.8, textColor=white
        ),
        "table_cell": style("table_cell", fontSize=8.6, leading=11.6),
        "code": style("code", fontName=f.mono, fontSize=8.2, leading=11, textColor=text),
        "list": style("list", fontSize=10, leading=14.6, spaceAfter=2.5),
        "toc_title": style(
            "toc_title",
            fontName=f.heading,
            fontSize=22,
            leading=27,
            textColor=primary,
            spaceAfter=18,
        ),
        "judgement": style("judgement", fontSize=10.5, leading=15, spaceAfter=3),
        "judgement_tag": style(
            "judgement_tag", fontName=f.heading, fontSize=7.2, leading=9.5, textColor=c["accent"]
        ),
        "judgement_number": style(
            "judgement_number", fontName=f.heading, fontSize=10.5, leading=15, textColor=c["accent"]
        ),
        "toc_entry": style("toc_entry", fontName=f.heading_regular, fontSize=10.5, leading=14),
        "annex_title": style(
            "annex_title",
            fontName=f.heading,
            fontSize=16,
            leading=20.5,
            textColor=primary,
            spaceAfter=12,
        ),
        "source_entry": style(
            "source_entry",
            fontSize=9,
            leading=12.8,
            leftIndent=22,
            firstLineIndent=-22,
            spaceAfter=5,
        ),
        "disclaimer_label": style(
            "disclaimer_label",
            fontName=f.heading,
            fontSize=7.2,
            leading=9,
            textColor=muted,
            spaceAfter=3,
        ),
        "disclaimer": style(
            "disclaimer", fontName=f.heading_regular, fontSize=7.6, leading=10.4, textColor=muted
        ),
        "cover_org": style(
            "cover_org", fontName=f.heading, fontSize=13, leading=16, textColor=primary
        ),
        "cover_tagline": style(
            "cover_tagline", fontName=f.heading_regular, fontSize=8.6, leading=11, textColor=muted
        ),
        "cover_kicker": style(
            "cover_kicker", fontName=f.heading, fontSize=8.5, leading=11, textColor=c["accent"]
        ),
        "cover_title": style(
            "cover_title", fontName=f.heading, fontSize=30, leading=36, textColor=primary
        ),
        "cover_subtitle": style(
            "cover_subtitle", fontName=f.heading_regular, fontSize=14, leading=19, textColor=muted
        ),
        "cover_label": style(
            "cover_label", fontName=f.heading, fontSize=7.2, leading=10, textColor=muted
        ),
        "cover_value": style(
            "cover_value", fontName=f.heading_regular, fontSize=10, leading=13, textColor=text
        ),
        "handling": style(
            "handling", fontName=f.heading_regular, fontSize=8.4, leading=11.6, textColor=text
        ),
    }
    return s
