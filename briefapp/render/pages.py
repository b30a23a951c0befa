"""What is drawn on the page itself: classification bands, running header, footer, cover."""

from __future__ import annotations

from reportlab.lib.colors import white
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from briefapp.render.fallback import Paragraph, draw_runs, draw_string, string_width
from briefapp.render.inline import esc, nfc
from briefapp.render.logo import draw_logo
from briefapp.render.styles import Theme


def page_number_form(page: int) -> str:
    return f"page-{page}"


def classification_bands(canv: Canvas, theme: Theme, marking: str) -> None:
    """The classification, centred in a coloured band along the top and bottom edges."""
    width, height = theme.page_size
    band = theme.band_height
    font, size = theme.fonts.heading, 7.6
    text = fit(nfc(marking).upper(), font, size, width - 20 * mm)
    canv.saveState()
    canv.setFillColor(theme.colours["classification"])
    canv.rect(0, height - band, width, band, stroke=0, fill=1)
    canv.rect(0, 0, width, band, stroke=0, fill=1)
    canv.setFillColor(white)
    for y in (height - band + (band - size) / 2 + 1.2, (band - size) / 2 + 1.2):
        draw_spaced(canv, width / 2, y, text, font, size, spacing=1.1)
    canv.restoreState()


def draw_spaced(
    canv: Canvas, x_centre: float, y: float, text: str, font: str, size: float, spacing: float
) -> None:
    """Centred, letter-spaced capitals (as a classification marking is usually set)."""
    width = string_width(text, font, size) + spacing * max(len(text) - 1, 0)
    t = canv.beginText(x_centre - width / 2, y)
    t.setCharSpace(spacing)
    draw_runs(canv, t, text, font, size)


def fit(text: str, font: str, size: float, width: float) -> str:
    """``text`` shortened with an ellipsis to fit ``width``."""
    if string_width(text, font, size) <= width:
        return text
    while text and string_width(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _shrink_to_fit(
    markup: str, style: ParagraphStyle, width: float, height: float
) -> tuple[Paragraph, float]:
    """A Paragraph of ``markup`` whose type is made smaller until it fits ``height``."""
    while True:
        para = Paragraph(markup, style)
        _, h = para.wrap(width, height)
        if h <= height or style.fontSize <= 9:
            return para, h
        style = ParagraphStyle(
            style.name, parent=style, fontSize=style.fontSize * 0.85, leading=style.leading * 0.85
        )


def body_page(canv: Canvas, theme: Theme, marking: str, title: str, when: str, page: int) -> None:
    """Decorations of every page after the cover."""
    width, height = theme.page_size
    left, right = theme.margin_left, width - theme.margin_right
    muted, rule = theme.colours["muted"], theme.colours["rule"]
    classification_bands(canv, theme, marking)
    canv.saveState()
    # running header: briefing title left, organisation right, hairline below
    y = height - theme.margin_top + 11 * mm
    org = nfc(theme.brand.organisation)
    canv.setFont(theme.fonts.heading, 7.6)
    canv.setFillColor(theme.colours["primary"])
    org_w = string_width(org, theme.fonts.heading, 7.6)
    draw_string(canv, right, y, org, theme.fonts.heading, 7.6, right=True)
    canv.setFont(theme.fonts.heading_regular, 7.6)
    canv.setFillColor(muted)
    draw_string(
        canv,
        left,
        y,
        fit(nfc(title), theme.fonts.heading_regular, 7.6, right - left - org_w - 12 * mm),
        theme.fonts.heading_regular,
        7.6,
    )
    canv.setStrokeColor(rule)
    canv.setLineWidth(0.5)
    canv.line(left, y - 5, right, y - 5)
    # footer: hairline, date left, "Page X of Y" right (a form filled in at the end)
    fy = theme.margin_bottom - 12 * mm
    canv.line(left, fy + 10, right, fy + 10)
    canv.setFont(theme.fonts.heading_regular, 7.6)
    canv.drawString(left, fy, when)
    canv.restoreState()
    canv.doForm(page_number_form(page))


def fill_page_number(canv: Canvas, theme: Theme, page: int, total: int) -> None:
    """Body of the form drawn by :func:`body_page` on page ``page``."""
    width = theme.page_size[0]
    canv.setFont(theme.fonts.heading_regular, 7.6)
    canv.setFillColor(theme.colours["muted"])
    canv.drawRightString(
        width - theme.margin_right, theme.margin_bottom - 12 * mm, f"Page {page} of {total}"
    )


def cover_page(
    canv: Canvas,
    theme: Theme,
    *,
    marking: str,
    title: str,
    subtitle: str,
    details: list[tuple[str, str]],
) -> None:
    """The cover: logo and organisation, title block, details and handling text."""
    width, height = theme.page_size
    s, c = theme.styles, theme.colours
    left, right = theme.margin_left, width - theme.margin_right
    text_w = right - left
    classification_bands(canv, theme, marking)
    canv.saveState()

    # masthead: logo and organisation, an accent rule below
    top = height - theme.band_height - 20 * mm
    logo_size = 17 * mm
    x_text = left
    if theme.brand.logo is not None:
        draw_logo(canv, theme.brand.logo, left, top - logo_size, logo_size, theme.fonts.body)
        x_text = left + logo_size + 5 * mm
    org = Paragraph(esc(theme.brand.organisation), s["cover_org"])
    _, oh = org.wrap(right - x_text, 50 * mm)
    tag = Paragraph(esc(theme.brand.tagline), s["cover_tagline"]) if theme.brand.tagline else None
    th = tag.wrap(right - x_text, 30 * mm)[1] if tag else 0
    block_h = oh + (th + 3 if tag else 0)
    y0 = top - logo_size / 2 + block_h / 2
    org.drawOn(canv, x_text, y0 - oh)
    if tag:
        tag.drawOn(canv, x_text, y0 - oh - 3 - th)
    rule_y = top - logo_size - 8 * mm
    canv.setStrokeColor(c["primary"])
    canv.setLineWidth(1.2)
    canv.line(left, rule_y, right, rule_y)

    # title block, from about 40 % down the page
    y = height * 0.62
    kicker = Paragraph("BRIEFING", s["cover_kicker"])
    kicker.wrap(text_w, 20)
    kicker.drawOn(canv, left, y)
    y -= 6
    for text, style, room in ((title, "cover_title", 0.24), (subtitle, "cover_subtitle", 0.1)):
        if not text:
            continue
        para, h = _shrink_to_fit(esc(text), s[style], text_w * 0.92, height * room)
        y -= h
        para.drawOn(canv, left, y)
        y -= 8
    y -= 10
    canv.setStrokeColor(c["accent"])
    canv.setLineWidth(2.2)
    canv.line(left, y, left + 28 * mm, y)

    # details: label over value, side by side, three to a row
    y -= 14 * mm
    per_row = 3 if len(details) > 3 else max(len(details), 1)
    col_w = text_w / per_row
    for start in range(0, len(details), per_row):
        row_h = 0.0
        for i, (label, value) in enumerate(details[start : start + per_row]):
            x = left + i * col_w
            lab = Paragraph(label, s["cover_label"])
            lab.wrap(col_w - 6, 20)
            lab.drawOn(canv, x, y)
            val = Paragraph(esc(value), s["cover_value"])
            _, vh = val.wrap(col_w - 8, 40 * mm)
            val.drawOn(canv, x, y - 3 - vh)
            row_h = max(row_h, vh)
        y -= row_h + 12 * mm

    # handling text in a tinted box above the bottom band
    if theme.brand.handling:
        pad = 4.5 * mm
        label = Paragraph("HANDLING", s["cover_label"])
        _, lh = label.wrap(text_w - 2 * pad, 20)
        body = Paragraph(esc(theme.brand.handling), s["handling"])
        _, bh = body.wrap(text_w - 2 * pad - 3, 60 * mm)
        box_h = lh + bh + 3 + 2 * pad
        box_y = theme.band_height + 18 * mm
        canv.setFillColor(c["tint"])
        canv.rect(left, box_y, text_w, box_h, stroke=0, fill=1)
        canv.setFillColor(c["primary"])
        canv.rect(left, box_y, 2.2, box_h, stroke=0, fill=1)
        label.drawOn(canv, left + pad, box_y + box_h - pad - lh)
        body.drawOn(canv, left + pad, box_y + pad)
    canv.restoreState()
