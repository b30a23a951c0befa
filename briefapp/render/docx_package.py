"""Word package details of the DOCX export: safe text, fields, settings, properties, bytes.

Everything untrusted reaches the document as plain ``w:t`` text through :func:`clean`; the
only fields in the document are the ones written here (the table of contents and page
numbers), and the only external relationships are http(s) and mailto links. The saved
package is rewritten with fixed zip timestamps so the same briefing gives the same bytes.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime, time
from pathlib import Path
from typing import Protocol

from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.styles.style import CharacterStyle
from docx.text.paragraph import Paragraph

from briefapp.render.docx_styles import Styles
from briefapp.render.inline import nfc

TOC_INSTRUCTION = 'TOC \\o "1-2" \\h \\z \\u'
# fields this module writes; a test checks that no other reaches the document
OWN_FIELDS = frozenset({TOC_INSTRUCTION, "PAGE", "NUMPAGES"})
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry

# characters XML 1.0 cannot hold (lxml refuses them), apart from tab and line feed
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# elements of w:settings that must come after w:updateFields (ECMA-376 CT_Settings order)
_AFTER_UPDATE_FIELDS = (
    "hdrShapeDefaults",
    "footnotePr",
    "endnotePr",
    "compat",
    "docVars",
    "rsids",
    "attachedSchema",
    "themeFontLang",
    "clrSchemeMapping",
    "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures",
    "forceUpgrade",
    "captions",
    "readModeInkLockDown",
    "smartTagType",
    "shapeDefaults",
    "doNotEmbedSmartTags",
    "decimalSymbol",
    "listSeparator",
)


def clean(text: str | None) -> str:
    """``text`` NFC-normalised, without the characters an XML document cannot hold."""
    return _NOT_XML.sub("", nfc(text or "").replace("\r\n", "\n").replace("\r", "\n"))


class ParagraphContainer(Protocol):
    """Where paragraphs can be added: the document, a header or footer, a table cell."""

    def add_paragraph(self) -> Paragraph: ...


def styled(container: ParagraphContainer, style: CharacterStyle) -> Paragraph:
    """A new paragraph of ``style`` at the end of ``container`` (document, header, cell).

    The style id is set directly: python-docx's ``style=`` looks for the default style
    among all styles on every call, which was most of the export time."""
    paragraph = container.add_paragraph()
    paragraph._p.style = style.style_id
    return paragraph


def add_text(paragraph: Paragraph, text: str, style: CharacterStyle | None = None) -> None:
    """A run of plain text (tabs and line breaks kept as Word tabs and breaks)."""
    paragraph.add_run(clean(text), style)


def add_field(paragraph: Paragraph, instruction: str, shown: str) -> None:
    """A simple field (``PAGE``, ``NUMPAGES``) showing ``shown`` until Word updates it."""
    assert instruction in OWN_FIELDS, instruction
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" {instruction} ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = shown
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _field_char(kind: str) -> BaseOxmlElement:
    run = OxmlElement("w:r")
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    if kind == "begin":
        char.set(qn("w:dirty"), "true")  # Word recomputes it on opening
    run.append(char)
    return run


def add_toc(doc: DocxDocument, entries: list[tuple[int, str]], styles: Styles) -> None:
    """A Word table-of-contents field over headings 1-2, pre-filled with ``entries``
    ((level, text), no page numbers) so the document reads well before Word updates it."""
    if not entries:
        entries = [(1, "Contents are built when the document is opened in Word.")]
    paragraphs = [styled(doc, styles["TOC 1" if level == 1 else "TOC 2"]) for level, _ in entries]
    first = paragraphs[0]._p
    instr_run = OxmlElement("w:r")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {TOC_INSTRUCTION} "
    instr_run.append(instr)
    for element in (_field_char("begin"), instr_run, _field_char("separate")):
        first.append(element)
    for paragraph, (_, text) in zip(paragraphs, entries, strict=True):
        add_text(paragraph, text)
    paragraphs[-1]._p.append(_field_char("end"))


def update_fields_on_open(doc: DocxDocument) -> None:
    """``w:updateFields``: Word fills in the contents and page numbers when it opens the file."""
    settings = doc.settings.element
    for old in settings.findall(qn("w:updateFields")):
        settings.remove(old)
    flag = OxmlElement("w:updateFields")
    flag.set(qn("w:val"), "true")
    for name in _AFTER_UPDATE_FIELDS:
        later = settings.find(qn(f"w:{name}"))
        if later is not None:
            later.addprevious(flag)
            return
    settings.append(flag)


def set_properties(
    doc: DocxDocument, *, title: str, author: str, subject: str, keywords: str, when: date
) -> None:
    """Core properties from the briefing alone (its date, never the clock)."""
    props = doc.core_properties
    stamp = datetime.combine(when, time(9, 0))
    props.title = clean(title)[:255]
    props.author = clean(author)[:255]
    props.last_modified_by = clean(author)[:255]
    props.subject = clean(subject)[:255]
    props.keywords = clean(keywords)[:255]
    props.comments = ""
    props.category = "Briefing"
    props.content_status = ""
    props.identifier = ""
    props.language = "en-GB"
    props.version = ""
    props.revision = 1
    props.created = props.modified = props.last_printed = stamp


def add_hyperlink(paragraph: Paragraph, url: str) -> BaseOxmlElement:
    """An external hyperlink element appended to ``paragraph`` (``url`` already checked to
    be http(s) or mailto); runs are added to it by the caller."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    r_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    paragraph._p.append(link)
    return link


def fixed_zip(data: bytes) -> bytes:
    """The package ``data`` again with fixed timestamps and a fixed entry order."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        names = src.namelist()
        # [Content_Types].xml first, as Word writes it; then python-docx's own (stable) order
        names.sort(key=lambda n: n != "[Content_Types].xml")
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for name in names:
                info = zipfile.ZipInfo(name, ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o600 << 16
                dst.writestr(info, src.read(name))
    return out.getvalue()


def logo_png(path: Path) -> io.BytesIO | None:
    """The brand logo as an image Word can show: PNG and JPEG as they are, SVG drawn to a
    PNG (through a one-page PDF and PDFium, as ReportLab's own bitmap renderer needs Cairo)."""
    if path.suffix.lower() != ".svg":
        return io.BytesIO(path.read_bytes())
    from briefapp.render.logo import load_svg

    drawing = load_svg(path)
    if drawing is None:
        return None
    import pypdfium2
    from reportlab.graphics import renderPDF

    pdf = renderPDF.drawToString(drawing)
    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        scale = 600 / max(page.get_width(), page.get_height())  # about 600 pixels across
        image = page.render(scale=scale, draw_annots=False, fill_color=(255, 255, 255, 0)).to_pil()
    finally:
        document.close()
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    out.seek(0)
    return out
