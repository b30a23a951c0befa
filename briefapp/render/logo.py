"""Brand logos on the page: PNG and JPEG through ReportLab's images, SVG through svglib."""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing
    from reportlab.pdfgen.canvas import Canvas

MAX_SVG_BYTES = 2 * 1024 * 1024


@lru_cache(maxsize=8)
def load_svg(path: Path) -> Drawing | None:
    """The SVG file as a ReportLab Drawing, or None when it cannot be read as one.

    svglib logs what it does not understand rather than raising; a file that yields no
    drawing (not SVG, empty, too large) is refused. Only the brand's own folder is ever read.
    """
    try:
        if path.stat().st_size > MAX_SVG_BYTES:
            return None
        from svglib.svglib import svg2rlg

        quiet = logging.getLogger("svglib.svglib")
        level = quiet.level
        quiet.setLevel(logging.CRITICAL)
        try:
            drawing = svg2rlg(str(path))
        finally:
            quiet.setLevel(level)
    except Exception:  # noqa: BLE001 - svglib and lxml raise many kinds of parse errors
        return None
    if drawing is None or not drawing.width or not drawing.height:
        return None
    return drawing


def draw_logo(
    canv: Canvas, path: Path, x: float, y: float, size: float, font: str | None = None
) -> None:
    """Draw the logo into a ``size`` square whose lower-left corner is (x, y), keeping its
    proportions. ``font``: an embedded font for the drawing's initial state."""
    if path.suffix.lower() != ".svg":
        canv.drawImage(
            str(path), x, y, size, size, mask="auto", preserveAspectRatio=True, anchor="sw"
        )
        return
    drawing = load_svg(path)
    if drawing is None:
        return
    from reportlab.graphics import renderPDF

    if font:  # else the drawing starts in Helvetica, listed in the PDF though never embedded
        drawing.initialFontName = font
    scale = min(size / drawing.width, size / drawing.height)
    canv.saveState()
    canv.translate(x, y)
    canv.scale(scale, scale)
    renderPDF.draw(drawing, canv, 0, 0)
    canv.restoreState()
