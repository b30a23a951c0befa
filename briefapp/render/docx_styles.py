"""Word styles of the DOCX export, made from the brand (fonts, colours, page size).

The document is built on named styles only (Heading 1/2, Quote, Analyst Note, Citation on
Caption...), so a recipient's template restyles it in one step. Without a brand
``reference.docx`` the built-in styles of python-docx's template are set to the brand's
fonts and colours; with one, its styles are kept as they are and only the styles it lacks
are added.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import CharacterStyle, ParagraphStyle

from briefapp.models import Brand, PageSize

PARAGRAPH, CHARACTER = WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER
TABLE_STYLE = "Briefing Table"
PAGE_WIDTH_CM: dict[PageSize, float] = {"A4": 21.0, "Letter": 21.59}
PAGE_HEIGHT_CM: dict[PageSize, float] = {"A4": 29.7, "Letter": 27.94}
MARGIN_CM = 2.2
# the export's styles by name (character, paragraph and the table style, all CharacterStyles)
Styles = dict[str, CharacterStyle]


@lru_cache(maxsize=32)
def font_family(path: Path) -> str:
    """The family name inside a TrueType file ("Noto Serif"), as Word names fonts."""
    from reportlab.pdfbase.ttfonts import TTFontFile

    try:
        name = TTFontFile(str(path)).familyName
    except Exception:  # noqa: BLE001 - a font ReportLab cannot read: name it after the file
        return path.stem.split("-")[0]
    return name.decode("latin-1") if isinstance(name, bytes) else str(name)


@dataclass(frozen=True)
class Look:
    """The brand's fonts (family names) and colours as the styles use them."""

    heading: str
    body: str
    mono: str
    colours: dict[str, RGBColor]
    text_width_cm: float

    @classmethod
    def of(cls, brand: Brand) -> Look:
        fonts = brand.fonts
        colours = {k: RGBColor.from_string(v.lstrip("#")) for k, v in brand.colours.items()}
        return cls(
            heading=font_family(fonts["heading"]),
            body=font_family(fonts["body"]),
            mono=font_family(fonts["mono"]) if "mono" in fonts else "Courier New",
            colours=colours,
            text_width_cm=PAGE_WIDTH_CM[brand.page_size] - 2 * MARGIN_CM,
        )


# a character style's setter takes a CharacterStyle, which a ParagraphStyle is too
Setter = Callable[[ParagraphStyle, Look], None]


def _font(style: CharacterStyle, name: str, size: float, colour: RGBColor | None = None) -> None:
    font = style.font
    font.name, font.size = name, Pt(size)
    if colour is not None:
        font.color.rgb = colour
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)  # theme fonts would win over the brand's


def _spacing(style: ParagraphStyle, before: float, after: float, line: float | None = None) -> None:
    fmt = style.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if line is not None:
        fmt.line_spacing = line


def _border(style: ParagraphStyle, side: str, colour: RGBColor, size: int, space: int = 4) -> None:
    ppr = style.element.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        # pBdr sits after keepNext...numPr and before shd, tabs, spacing, ind, jc
        later = [ppr.find(qn(f"w:{t}")) for t in ("shd", "tabs", "spacing", "ind", "jc")]
        anchor = next((e for e in later if e is not None), None)
        if anchor is not None:
            anchor.addprevious(borders)
        else:
            ppr.append(borders)
    edge = OxmlElement(f"w:{side}")
    for key, value in (("val", "single"), ("sz", str(size)), ("space", str(space))):
        edge.set(qn(f"w:{key}"), value)
    edge.set(qn("w:color"), str(colour))
    borders.append(edge)


def _shade(style: ParagraphStyle, colour: RGBColor) -> None:
    ppr = style.element.get_or_add_pPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), str(colour))
    later = [ppr.find(qn(f"w:{t}")) for t in ("tabs", "spacing", "ind", "jc")]
    anchor = next((e for e in later if e is not None), None)
    if anchor is not None:
        anchor.addprevious(shd)
    else:
        ppr.append(shd)


def _normal(s: ParagraphStyle, k: Look) -> None:
    _font(s, k.body, 10.5, k.colours["text"])
    _spacing(s, 0, 7, 1.15)


def _heading(size: float, before: float, after: float, colour: str = "primary") -> Setter:
    def setter(s: ParagraphStyle, k: Look) -> None:
        _font(s, k.heading, size, k.colours[colour])
        s.font.bold, s.font.italic = True, False
        _spacing(s, before, after, 1.0)
        s.paragraph_format.keep_with_next = True

    return setter


def _title(s: ParagraphStyle, k: Look) -> None:
    _font(s, k.heading, 30, k.colours["primary"])
    s.font.bold = True
    _spacing(s, 48, 10, 1.0)
    s.element.get_or_add_pPr()  # python-docx's Title has a bottom border: keep the look quiet
    for borders in s.element.pPr.findall(qn("w:pBdr")):
        s.element.pPr.remove(borders)


def _subtitle(s: ParagraphStyle, k: Look) -> None:
    _font(s, k.heading, 15, k.colours["muted"])
    s.font.bold, s.font.italic = False, False
    _spacing(s, 0, 28, 1.1)


def _quote(s: ParagraphStyle, k: Look) -> None:
    _font(s, k.body, 10.5, k.colours["text"])
    s.font.italic = True
    _spacing(s, 3, 7, 1.15)
    s.paragraph_format.left_indent = Cm(0.6)
    _border(s, "left", k.colours["accent"], 18, 10)


def _note(s: ParagraphStyle, k: Look) -> None:
    _font(s, k.body, 10, k.colours["text"])
    _spacing(s, 0, 0, 1.15)
    s.paragraph_format.left_indent = Cm(0.35)
    s.paragraph_format.right_indent = Cm(0.35)
    _border(s, "left", k.colours["primary"], 24, 8)
    _shade(s, k.colours["tint"])


def _note_label(s: ParagraphStyle, k: Look) -> None:
    _note(s, k)
    _font(s, k.heading, 7.5, k.colours["primary"])
    s.font.bold = True
    _spacing(s, 4, 0, 1.4)
    s.paragraph_format.keep_with_next = True


def _kicker(s: ParagraphStyle, k: Look) -> None:
    _font(s, k.heading, 8, k.colours["accent"])
    s.font.bold = True
    _spacing(s, 20, 0, 1.0)
    s.paragraph_format.keep_with_next = True


def _caption(s: ParagraphStyle, k: Look) -> None:
    _font(s, k.body, 9, k.colours["muted"])
    s.font.bold, s.font.italic = False, True
    _spacing(s, 0, 10, 1.1)


def _citation(s: ParagraphStyle, k: Look) -> None:
    _caption(s, k)
    s.paragraph_format.keep_with_next = True


def _small(size: float, colour: str, align: WD_ALIGN_PARAGRAPH | None = None) -> Setter:
    def setter(s: ParagraphStyle, k: Look) -> None:
        _font(s, k.heading, size, k.colours[colour])
        _spacing(s, 0, 0, 1.0)
        if align is not None:
            s.paragraph_format.alignment = align

    return setter


def _classification(s: ParagraphStyle, k: Look) -> None:
    _font(s, k.heading, 8, k.colours["classification"])
    s.font.bold = True
    _spacing(s, 0, 2, 1.0)
    s.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), "20")  # letter-spaced, as markings are usually set
    s.element.get_or_add_rPr().append(spacing)


def _code(s: ParagraphStyle, k: Look) -> None:
    _font(s, k.mono, 8.5, k.colours["text"])
    _spacing(s, 2, 9, 1.0)
    s.paragraph_format.left_indent = s.paragraph_format.right_indent = Cm(0.2)
    _shade(s, k.colours["tint"])


def _toc(level: int) -> Setter:
    def setter(s: ParagraphStyle, k: Look) -> None:
        size = 10.5 if level == 1 else 9.5
        _font(s, k.heading, size, k.colours["primary" if level == 1 else "muted"])
        _spacing(s, 5 if level == 1 else 0, 1, 1.0)
        s.paragraph_format.left_indent = Cm(0 if level == 1 else 0.6)

    return setter


def _toc_heading(s: ParagraphStyle, k: Look) -> None:
    _heading(20, 0, 14)(s, k)


def _list(level: int) -> Setter:
    def setter(s: ParagraphStyle, k: Look) -> None:
        _spacing(s, 0, 3, 1.15)

    return setter


def _table_text(s: ParagraphStyle, k: Look) -> None:
    _font(s, k.body, 9, k.colours["text"])
    _spacing(s, 1, 1, 1.0)


def _table_heading(s: ParagraphStyle, k: Look) -> None:
    _font(s, k.heading, 9, RGBColor(0xFF, 0xFF, 0xFF))  # on the table style's header shading
    s.font.bold = True
    _spacing(s, 1, 1, 1.0)


def _source(s: ParagraphStyle, k: Look) -> None:
    _font(s, k.body, 9.5, k.colours["text"])
    _spacing(s, 0, 6, 1.15)
    s.paragraph_format.left_indent = Cm(0.8)
    s.paragraph_format.first_line_indent = Cm(-0.8)


def _disclaimer(s: ParagraphStyle, k: Look) -> None:
    _font(s, k.body, 8, k.colours["muted"])
    _spacing(s, 0, 4, 1.15)


def _cover_detail(s: ParagraphStyle, k: Look) -> None:
    _font(s, k.heading, 11, k.colours["text"])
    _spacing(s, 0, 3, 1.1)


def _rule(s: ParagraphStyle, k: Look) -> None:
    _spacing(s, 2, 8, 0.5)
    _border(s, "bottom", k.colours["rule"], 6, 1)


def _hyperlink(s: CharacterStyle, k: Look) -> None:
    s.font.color.rgb = k.colours["primary"]
    s.font.underline = True


def _code_char(s: CharacterStyle, k: Look) -> None:
    s.font.name = k.mono
    s.font.size = Pt(9)


def _header(s: ParagraphStyle, k: Look) -> None:
    _small(7.5, "muted")(s, k)
    tabs = s.paragraph_format.tab_stops
    tabs.clear_all()
    tabs.add_tab_stop(Cm(k.text_width_cm), WD_TAB_ALIGNMENT.RIGHT)


# name -> (type, based on, setter); styles python-docx's template lacks are created
STYLES: dict[str, tuple[WD_STYLE_TYPE, str | None, Setter]] = {
    "Normal": (PARAGRAPH, None, _normal),
    "Heading 1": (PARAGRAPH, "Normal", _heading(17, 4, 4)),
    "Heading 2": (PARAGRAPH, "Normal", _heading(13, 14, 4)),
    "Heading 3": (PARAGRAPH, "Normal", _heading(11, 10, 3)),
    "Title": (PARAGRAPH, "Normal", _title),
    "Subtitle": (PARAGRAPH, "Normal", _subtitle),
    "Quote": (PARAGRAPH, "Normal", _quote),
    "Caption": (PARAGRAPH, "Normal", _caption),
    "Citation": (PARAGRAPH, "Caption", _citation),
    "Analyst Note": (PARAGRAPH, "Normal", _note),
    "Analyst Note Label": (PARAGRAPH, "Analyst Note", _note_label),
    "Item Label": (PARAGRAPH, "Normal", _kicker),
    "Classification": (PARAGRAPH, "Normal", _classification),
    "Header": (PARAGRAPH, "Normal", _header),
    "Footer": (PARAGRAPH, "Normal", _header),
    "Code": (PARAGRAPH, "Normal", _code),
    "TOC Heading": (PARAGRAPH, "Normal", _toc_heading),
    "TOC 1": (PARAGRAPH, "Normal", _toc(1)),
    "TOC 2": (PARAGRAPH, "Normal", _toc(2)),
    "List Bullet": (PARAGRAPH, "Normal", _list(1)),
    "List Bullet 2": (PARAGRAPH, "Normal", _list(2)),
    "List Bullet 3": (PARAGRAPH, "Normal", _list(3)),
    "List Number": (PARAGRAPH, "Normal", _list(1)),
    "List Number 2": (PARAGRAPH, "Normal", _list(2)),
    "List Number 3": (PARAGRAPH, "Normal", _list(3)),
    "List Continue": (PARAGRAPH, "Normal", _list(1)),
    "Table Text": (PARAGRAPH, "Normal", _table_text),
    "Table Heading": (PARAGRAPH, "Table Text", _table_heading),
    "Source Entry": (PARAGRAPH, "Normal", _source),
    "Disclaimer": (PARAGRAPH, "Normal", _disclaimer),
    "Cover Detail": (PARAGRAPH, "Normal", _cover_detail),
    "Rule": (PARAGRAPH, "Normal", _rule),
    "Hyperlink": (CHARACTER, None, _hyperlink),
    "Code Char": (CHARACTER, None, _code_char),
}


def prepare_styles(doc: DocxDocument, brand: Brand, *, restyle: bool) -> Styles:
    """Every style the export uses, by name. ``restyle``: set the existing ones to the
    brand's look too (python-docx's template); otherwise (a brand reference.docx) only the
    missing ones get it."""
    look = Look.of(brand)
    styles = doc.styles
    present = {s.name for s in styles}
    out: Styles = {}
    for name, (kind, base, setter) in STYLES.items():
        if name in present:
            style = styles[name]
            if restyle:
                setter(style, look)
        else:
            style = styles.add_style(name, kind)
            if base is not None:
                style.base_style = out.get(base) or styles[base]
            style.quick_style = True
            setter(style, look)
        out[name] = style
    if TABLE_STYLE not in present:
        styles.element.append(parse_xml(_table_style_xml(look)))
    out[TABLE_STYLE] = styles[TABLE_STYLE]
    return out


def _table_style_xml(k: Look) -> str:
    """A table style: thin rules, a header row in the brand's primary colour."""
    primary, rule, tint = str(k.colours["primary"]), str(k.colours["rule"]), str(k.colours["tint"])

    def edge(side: str, colour: str, size: int = 4) -> str:
        return f'<w:{side} w:val="single" w:sz="{size}" w:space="0" w:color="{colour}"/>'

    return (
        f'<w:style {nsdecls("w")} w:type="table" w:customStyle="1" w:styleId="BriefingTable">'
        f'<w:name w:val="{TABLE_STYLE}"/><w:basedOn w:val="TableNormal"/><w:qFormat/>'
        '<w:pPr><w:spacing w:before="20" w:after="20"/></w:pPr>'
        f'<w:rPr><w:sz w:val="18"/></w:rPr>'
        "<w:tblPr><w:tblBorders>"
        f"{edge('top', primary, 8)}{edge('bottom', primary, 8)}{edge('insideH', rule)}"
        "</w:tblBorders>"
        '<w:tblCellMar><w:left w:w="100" w:type="dxa"/><w:right w:w="100" w:type="dxa"/>'
        "</w:tblCellMar></w:tblPr>"
        '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:color w:val="FFFFFF"/></w:rPr>'
        f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{primary}"/></w:tcPr>'
        "</w:tblStylePr>"
        '<w:tblStylePr w:type="band2Horz">'
        f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{tint}"/></w:tcPr>'
        "</w:tblStylePr></w:style>"
    )
