"""Builders for the PDF and DOCX samples the format tests read: made from code, fictional text."""

from __future__ import annotations

import io
from pathlib import Path

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")

# A layout item is (style, text). Styles: title, h2, h3, bold, p, bullet, subbullet, number,
# plain (a body-size line without a gap), gap, page (page break).
SIZES = {
    "title": 22,
    "h2": 16,
    "h3": 13,
    "bold": 10.5,
    "p": 10.5,
    "bullet": 10.5,
    "subbullet": 10.5,
    "number": 10.5,
    "plain": 10.5,
}


def _register_fonts() -> tuple[str, str]:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVuSans", str(FONT_DIR / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(FONT_DIR / "DejaVuSans-Bold.ttf")))
    return "DejaVuSans", "DejaVuSans-Bold"


def make_pdf(
    items: list[tuple[str, str]],
    *,
    header: str | None = "Sahel Policy Forum · Briefing Paper 7",
    footer: str | None = "© 2026 Sahel Policy Forum",
    page_numbers: str | None = "Page {n} of {total}",
    info: dict[str, str] | None = None,
    encrypt: str | None = None,
    lines_per_page: int = 40,
) -> bytes:
    r"""Draw items line by line with real fonts, running header/footer and page numbers.

    A "p" item's text is already broken into lines with "\\n" (so tests control line ends and
    hyphenation); each line is drawn as it is.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    regular, bold = _register_fonts()
    width, height = A4
    pages: list[list[tuple[str, str, float]]] = [[]]  # (font, text, y)

    # Lay out first so the total page count is known for "Page n of N".
    y = height - 90
    for style, text in items:
        if style == "page" or y < 100:
            pages.append([])
            y = height - 90
            if style == "page":
                continue
        if style == "gap":
            y -= 12
            continue
        size = SIZES[style]
        font = bold if style in {"title", "h2", "h3", "bold"} else regular
        if style in {"title", "h2", "h3"}:
            y -= size * 0.6
        x = {"bullet": 72, "subbullet": 90, "number": 72}.get(style, 60)
        prefix = {"bullet": "• ", "subbullet": "– "}.get(style, "")
        for line in text.split("\n"):
            pages[-1].append((font, size, prefix + line, x, y))
            prefix = ""
            y -= size * 1.35
            if y < 100:
                pages.append([])
                y = height - 90
        if style not in {"plain"}:
            y -= size * 0.8  # space after a paragraph/heading

    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4, encrypt=encrypt, invariant=1)
    for key, value in (info or {}).items():
        getattr(c, f"set{key}")(value)
    total = len(pages)
    for n, page in enumerate(pages, start=1):
        if header:
            c.setFont(regular, 8)
            c.drawString(60, height - 40, header)
        if footer:
            c.setFont(regular, 8)
            c.drawString(60, 40, footer)
        if page_numbers:
            c.setFont(regular, 8)
            c.drawRightString(width - 60, 40, page_numbers.format(n=n, total=total))
        for font, size, text, x, y in page:
            c.setFont(font, size)
            c.drawString(x, y, text)
        c.showPage()
    c.save()
    return out.getvalue()


def make_scanned_pdf() -> bytes:
    """A page holding only a picture, as a scanner would make it."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4, invariant=1)
    for _ in range(2):
        c.setFillGray(0.8)
        c.rect(60, 200, 400, 500, fill=1, stroke=0)
        c.setFillGray(0.1)
        for i in range(30):
            c.rect(70, 680 - i * 15, 300 + (i * 37) % 80, 6, fill=1, stroke=0)
        c.showPage()
    c.save()
    return out.getvalue()


MINING_REPORT = [
    ("title", "Water and Uranium in the Aïr:\nthe Tazerzait Dispute"),
    ("plain", "Published 14 November 2026"),
    ("gap", ""),
    ("h2", "Summary"),
    (
        "p",
        (
            "The dispute between the Tazerzait Mining Company and herding communities north\n"
            "of Agadez has entered its third month. The company says its new pit respects\n"
            "customary land use; herders say two wells have run dry since blasting began."
        ),
    ),
    (
        "p",
        (
            "Regional secu-\nrity forces have so far stayed out of the quarrel, but the post-\n"
            "Wagner arrangements in the north leave them thinly spread. Cross-border traders\n"
            "report that the cross-\nborder route through Assamaka is quieter than last year."
        ),
    ),
    ("h2", "Who is involved"),
    ("bullet", "The company and two local subcontractors"),
    ("subbullet", "a security firm from Niamey"),
    (
        "bullet",
        (
            "Herders from three Tuareg and Fulani lineages, including families\n"
            "who moved from Tillabéri in 2025"
        ),
    ),
    ("bullet", "The regional governor’s office"),
    ("h3", "Local voices"),
    (
        "p",
        (
            "Hausa traders use the word ƙasa for the land itself; a Fulfulde elder spoke of\n"
            "ɓaleeri and of the well at Ɗan Kano, where the water now tastes of diesel."
        ),
    ),
    ("page", ""),
    ("bold", "Outlook"),
    (
        "p",
        (
            "Mediation by the sultanate is likely before the rainy season. Escalation risk rises\n"
            "if the second pit opens, and the company has told investors it will open in"
        ),
    ),
    ("page", ""),
    ("p", "early 2027 whatever the outcome of the talks."),
    ("number", "1. Watch the governor’s statements."),
    ("number", "2. Watch water-truck prices in Arlit."),
]


def make_docx(build) -> bytes:
    """Run ``build(document)`` on a fresh python-docx Document and return the .docx bytes."""
    import docx

    document = docx.Document()
    build(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_looped_pdf() -> bytes:
    """A hand-written PDF whose page tree lists itself among its own kids (a hostile loop)."""
    stream = b"BT /F1 12 Tf 20 100 Td (Convoy delayed at the Maradi border post) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 1 >>",
        (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R"
            b" /Resources << /Font << /F1 5 0 R >> >> >>"
        ),
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer << /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out


def add_hyperlink(paragraph, text: str, url: str) -> None:
    """python-docx has no public API for hyperlinks; write the run XML the way Word does."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rel_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel_id)
    run = OxmlElement("w:r")
    text_el = OxmlElement("w:t")
    text_el.text = text
    run.append(text_el)
    link.append(run)
    paragraph._p.append(link)
