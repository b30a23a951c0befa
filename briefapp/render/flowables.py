"""Flowables that know where they land: bookmarked headings and contents entries.

Page numbers are only known once a heading is drawn, so the contents entries draw their
page number through a form XObject named after the entry, filled in when the layout is
done (see ``document.finish_forms``): one layout pass instead of multiBuild's three.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from briefapp.render.fallback import Paragraph
from briefapp.render.styles import Theme

# what a heading's outline entry needs: key, outline title, level, page callback
Anchor = tuple[str, str, int, Callable[[str, int], None] | None]

FORM_BBOX = (-2000, -2000, 4000, 4000)  # generous: forms draw in the entry's own coordinates


class Anchored(Paragraph):
    """A heading that, when drawn, becomes a named destination and an outline entry."""

    def __init__(
        self,
        text: str,
        style: ParagraphStyle,
        *,
        key: str,
        outline: str,
        level: int = 0,
        on_draw: Callable[[str, int], None] | None = None,
    ) -> None:
        super().__init__(text, style)
        self.anchor: Anchor | None = (key, outline, level, on_draw)

    def split(self, availWidth: float, availHeight: float) -> list[Paragraph]:
        parts = super().split(availWidth, availHeight)
        if parts:  # the anchor travels with the first part only
            parts[0].anchor = self.anchor
            for part in parts[1:]:
                part.anchor = None
        return parts

    def draw(self) -> None:
        anchor: Anchor | None = getattr(self, "anchor", None)
        if anchor:
            key, outline, level, on_draw = anchor
            mark(self.canv, key, outline, level, top=self.height)
            if on_draw is not None:
                on_draw(key, self.canv.getPageNumber())
        super().draw()


def mark(canv: Canvas, key: str, title: str, level: int, top: float = 0) -> None:
    """Destination ``key`` at the current position and its outline entry."""
    _, y = canv.absolutePosition(0, top)
    canv.bookmarkPage(key, fit="XYZ", left=0, top=y + 6)
    canv.addOutlineEntry(title, key, level=level, closed=False)


class PageMark(Flowable):
    """An invisible outline entry for the top of the current page (cover, contents)."""

    def __init__(self, key: str, title: str) -> None:
        super().__init__()
        self.key, self.title = key, title
        self.width = self.height = 0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        canv = self.canv
        canv.bookmarkPage(self.key, fit="Fit")
        canv.addOutlineEntry(self.title, self.key, level=0, closed=False)


class TocEntry(Flowable):
    """One contents line: number, title (a link to ``key``) and a page number form."""

    NUMBER_WIDTH = 26
    PAGE_WIDTH = 44

    def __init__(
        self, number: str, title_markup: str, key: str, theme: Theme, forms: dict[str, str]
    ) -> None:
        super().__init__()
        self.number, self.key, self.theme, self.forms = number, key, theme, forms
        self.title = Paragraph(title_markup, theme.styles["toc_entry"])
        self.pad = 5.5

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        title_w = availWidth - self.NUMBER_WIDTH - self.PAGE_WIDTH
        _, h = self.title.wrap(title_w, availHeight)
        self.title_height = h
        self.height = h + 2 * self.pad
        return self.width, self.height

    def draw(self) -> None:
        canv, theme = self.canv, self.theme
        style = self.title.style
        baseline = self.pad + self.title_height - style.fontSize
        canv.saveState()
        canv.setStrokeColor(theme.colours["rule"])
        canv.setLineWidth(0.4)
        canv.line(0, 0, self.width, 0)
        canv.setFillColor(theme.colours["accent"])
        canv.setFont(theme.fonts.heading, style.fontSize)
        canv.drawString(0, baseline, self.number)
        canv.restoreState()
        self.title.drawOn(canv, self.NUMBER_WIDTH, self.pad)
        form = f"toc-{self.key}"
        self.forms[form] = self.key
        canv.saveState()
        canv.translate(self.width, baseline)
        canv.doForm(form)
        canv.restoreState()
        canv.linkRect("", self.key, (0, 0, self.width, self.height), relative=1, thickness=0)
