"""Markdown and HTML tables as ReportLab tables, fitted to the width they are given.

A table is set at the usual size when every column gets room for a short word; with more
columns, in smaller type with narrower padding; with more still (a 40-column spreadsheet
pasted into a report), row by row: each row becomes a small two-column table of
"column heading: value", under a line saying so. Nothing here can ask ReportLab for a
column narrower than its padding, which is what failed the whole export with "negative
availWidth" before.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from xml.etree.ElementTree import Element

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Table, TableStyle

from briefapp.render.fallback import Paragraph
from briefapp.render.styles import Theme

if TYPE_CHECKING:
    from briefapp.render.markdown_flow import FlowContext


@dataclass(frozen=True)
class Fit:
    """How a table is set: type size, cell padding and the narrowest column's text width."""

    name: str
    font_size: float
    padding: float
    min_text: float  # points of text a column needs at least (a short word)

    def min_column(self) -> float:
        return self.min_text + 2 * self.padding

    def columns(self, width: float) -> int:
        """How many columns fit in ``width``."""
        return int(width // self.min_column())


NORMAL = Fit("normal", 0, 6, 24)  # 0: the brand's own table styles
COMPACT = Fit("compact", 6.8, 2.5, 17)
# the two-column tables of the row-by-row layout need this much room; less (a table nested
# deep in quotes and lists) gives plain "heading: value" lines
RECORD_MIN_WIDTH = 2 * COMPACT.min_column() + 40
RECORD_PAIR_WIDTH = 150  # points for one "heading: value" pair in the row-by-row layout


def table(el: Element, ctx: FlowContext) -> list[Flowable]:
    """Flowables for a ``<table>`` element, fitted to ``ctx.width``."""
    rows, header_rows = _rows(el)
    if not rows:
        return []
    ncols = max(len(r) for r in rows)
    rows = [cells + [Element("td")] * (ncols - len(cells)) for cells in rows]
    for fit in (NORMAL, COMPACT):  # the first size at which no word has to be broken
        widths = _fitted(rows, header_rows, ncols, fit, ctx)
        if widths:
            return [_grid(rows, header_rows, widths, fit, ctx)]
    if ncols <= COMPACT.columns(ctx.width):  # small type, long words broken
        widths = column_widths(rows, ncols, ctx.width, COMPACT.min_column())
        return [_grid(rows, header_rows, widths, COMPACT, ctx)]
    return _records(rows, header_rows, ncols, ctx)


def _fitted(
    rows: list[list[Element]], header_rows: int, ncols: int, fit: Fit, ctx: FlowContext
) -> list[float] | None:
    """Column widths at which every column holds its longest word (up to a third of the
    width), or None if they do not fit; the room left is shared as :func:`column_widths` does."""
    if ncols > fit.columns(ctx.width):
        return None
    header, cell = _styles(ctx, fit)
    need = [fit.min_text] * ncols
    for r, cells in enumerate(rows):
        style = header if r < header_rows else cell
        for i, c in enumerate(cells):
            words = "".join(c.itertext()).split()
            if words:
                longest = max(words, key=len)
                width = stringWidth(longest, style.fontName, style.fontSize) * 1.05
                need[i] = max(need[i], min(width, ctx.width / 3))
    need = [n + 2 * fit.padding for n in need]
    room = ctx.width - sum(need)
    if room < 0:
        return None
    share = column_widths(rows, ncols, room)
    return [n + extra for n, extra in zip(need, share, strict=True)]


def _rows(el: Element) -> tuple[list[list[Element]], int]:
    rows: list[list[Element]] = []
    header_rows = 0
    for section in el:
        for tr in section if section.tag in ("thead", "tbody", "tfoot") else [section]:
            if tr.tag != "tr":
                continue
            cells = [c for c in tr if c.tag in ("th", "td")]
            if cells:
                rows.append(cells)
                if section.tag == "thead":
                    header_rows += 1
    if not header_rows and rows and all(c.tag == "th" for c in rows[0]):
        header_rows = 1  # an HTML table whose first row is all <th>
    return rows, header_rows


def _grid(
    rows: list[list[Element]], header_rows: int, widths: list[float], fit: Fit, ctx: FlowContext
) -> Table:
    theme = ctx.theme
    header, cell = _styles(ctx, fit)
    data = []
    for r, cells in enumerate(rows):
        style = header if r < header_rows else cell
        data.append([Paragraph(ctx.inline.markup(c), aligned(style, _align(c))) for c in cells])
    grid = Table(data, colWidths=widths, repeatRows=header_rows, hAlign="LEFT", splitInRow=1)
    pad = fit.padding
    commands: list[tuple] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), pad),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), 4 if fit is NORMAL else 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4.5 if fit is NORMAL else 3),
        ("LINEBELOW", (0, -1), (-1, -1), 0.8, theme.colours["primary"]),
    ]
    if header_rows:
        commands.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), theme.colours["primary"]))
    for r in range(header_rows, len(data)):
        if (r - header_rows) % 2 == 1:
            commands.append(("BACKGROUND", (0, r), (-1, r), theme.colours["tint"]))
        commands.append(("LINEBELOW", (0, r), (-1, r), 0.3, theme.colours["rule"]))
    grid.setStyle(table_style(theme, commands))
    grid.spaceBefore, grid.spaceAfter = 4, 10
    return grid


def _records(
    rows: list[list[Element]], header_rows: int, ncols: int, ctx: FlowContext
) -> list[Flowable]:
    """The table row by row: "heading: value" pairs for each row, headed by its first cell."""
    theme, inline = ctx.theme, ctx.inline
    header, cell = _styles(ctx, COMPACT)
    key_style = _derived(cell, "key", textColor=theme.colours["muted"])
    headings = [
        inline.markup(c) if header_rows else "" for c in (rows[0] if header_rows else [])
    ] + [""] * ncols
    names = [h if h.strip() else f"Column {i + 1}" for i, h in enumerate(headings[:ncols])]
    body = rows[header_rows:]
    note = Paragraph(
        f"Table of {ncols} columns and {len(body)} rows, too wide for the page: shown row by row.",
        _derived(
            ctx.styles["body"],
            "table_note",
            textColor=theme.colours["muted"],
            fontSize=8.6,
            leading=11.6,
            spaceBefore=4,
            spaceAfter=4,
        ),
    )
    out: list[Flowable] = [note]
    plain = ctx.width < RECORD_MIN_WIDTH
    per_line = max(1, int(ctx.width // RECORD_PAIR_WIDTH))  # pairs side by side
    pair = ctx.width / per_line
    widths = [pair * 0.55, pair * 0.45] * per_line
    for n, cells in enumerate(body, start=1):
        values = [inline.markup(c) for c in cells]
        # the first cell heads its row, unless it is long: a heading row cannot be split
        title = values[0].strip() if len(values[0]) <= 300 else ""
        pairs = [(names[i], v) for i, v in enumerate(values) if (i or not title) and v.strip()]
        title = title or f"Row {n}"
        if plain:
            out.append(Paragraph(f"<b>{title}</b>", cell))
            out.extend(Paragraph(f"{k}: {v}", cell) for k, v in pairs)
            continue
        data: list[list] = [[Paragraph(title, header)] + [""] * (2 * per_line - 1)]
        for start in range(0, len(pairs), per_line):
            line: list = []
            for key, value in pairs[start : start + per_line]:
                line += [Paragraph(key, key_style), Paragraph(value, cell)]
            data.append(line + [""] * (2 * per_line - len(line)))
        record = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT", splitInRow=1)
        commands: list[tuple] = [
            ("SPAN", (0, 0), (-1, 0)),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), COMPACT.padding + 1),
            ("RIGHTPADDING", (0, 0), (-1, -1), COMPACT.padding + 1),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ("BACKGROUND", (0, 0), (-1, 0), theme.colours["primary"]),
            ("LINEBELOW", (0, -1), (-1, -1), 0.8, theme.colours["primary"]),
        ]
        for r in range(1, len(data)):
            commands.append(("LINEBELOW", (0, r), (-1, r), 0.3, theme.colours["rule"]))
            if r % 2 == 0:
                commands.append(("BACKGROUND", (0, r), (-1, r), theme.colours["tint"]))
        for column in range(2, 2 * per_line, 2):  # a faint rule between the pairs
            commands.append(("LINEBEFORE", (column, 1), (column, -1), 0.3, theme.colours["rule"]))
        if len(data) > 2 and sum(map(len, values)) < 2000:
            commands.append(("NOSPLIT", (0, 0), (-1, 2)))  # no heading alone at a page foot
        record.setStyle(table_style(theme, commands))
        record.spaceBefore, record.spaceAfter = 3, 7
        out.append(record)
    return out


def table_style(theme: Theme, commands: list) -> TableStyle:
    """A TableStyle whose cell font is the brand's (Table's own default is Helvetica)."""
    return TableStyle([("FONT", (0, 0), (-1, -1), theme.fonts.body, 10)] + commands)


def _styles(ctx: FlowContext, fit: Fit) -> tuple[ParagraphStyle, ParagraphStyle]:
    header, cell = ctx.styles["table_header"], ctx.styles["table_cell"]
    if not fit.font_size:
        return header, cell
    scale = fit.font_size / cell.fontSize
    return (
        _derived(
            header, fit.name, fontSize=header.fontSize * scale, leading=header.leading * scale
        ),
        _derived(cell, fit.name, fontSize=fit.font_size, leading=cell.leading * scale),
    )


def _derived(style: ParagraphStyle, suffix: str, **changes: object) -> ParagraphStyle:
    """A variant of ``style``, made once per style and suffix."""
    cache = style.__dict__.setdefault("_variants", {})
    if suffix not in cache:
        cache[suffix] = ParagraphStyle(f"{style.name}_{suffix}", parent=style, **changes)
    return cache[suffix]


def _align(cell: Element) -> int:
    style = cell.get("style", "")
    if "text-align:" in style:
        value = style.split("text-align:", 1)[1].strip().rstrip(";").strip()
    else:
        value = cell.get("align", "")
    return {"center": 1, "right": 2}.get(value, 0)


def aligned(style: ParagraphStyle, align: int) -> ParagraphStyle:
    """``style`` centred (1) or right-aligned (2), made once per style."""
    if align == 0:
        return style
    return _derived(style, f"align{align}", alignment=align)


def column_widths(
    rows: list[list[Element]], ncols: int, width: float, least: float = 0.0
) -> list[float]:
    """Share ``width`` by the longest text of each column (words up to 48 characters count),
    giving no column less than ``least`` points."""
    longest = [4] * ncols
    for cells in rows:
        for i, cell in enumerate(cells):
            words = "".join(cell.itertext()).split()
            longest[i] = max(
                longest[i], min(len(" ".join(words)), 48), max((len(w) for w in words), default=0)
            )
    widths = [0.0] * ncols
    free = list(range(ncols))
    room = width
    while free:  # columns whose share falls below the floor get the floor; the rest share
        total = sum(longest[i] for i in free)
        short = [i for i in free if room * longest[i] / total < least]
        if not short:
            for i in free:
                widths[i] = room * longest[i] / total
            break
        for i in short:
            widths[i] = least
            room -= least
        free = [i for i in free if i not in short]
    return widths
