"""Text lines of a PDF page, read from PDFium with their position, size and weight.

Reads a page's text in one call, looks styles up once per text object, cuts PDFium's lines
where a reader sees two (wide gaps, baseline moves), and groups closely set lines into boxes
(roughly paragraphs) by pdfminer's rule, which the heading and paragraph rules were tuned on.
"""

from __future__ import annotations

import ctypes
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from briefapp.ingest.pdf_limits import MAX_PAGE_CHARS

_COLUMN_GAP = 1.5  # text this many ems apart on one baseline is two lines (footer | page number)
_LINE_MARGIN = 0.5  # lines closer than half a line height belong to one block, as pdfminer had it
_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_TEXT_LINE = re.compile(r"[^\r\n]+")


@dataclass
class Line:
    """One text line as laid out on a page."""

    text: str
    page: int
    x0: float
    top: float  # distance from the top of the page
    bottom: float
    size: float
    bold: bool
    box: int  # the block of closely set lines (roughly a paragraph) the line belongs to
    page_height: float
    x1: float = 0.0


class TooLarge(Exception):
    """A page or the document holds more than the import will read."""


def page_lines(textpage: Any, page: Any, number: int) -> tuple[list[Line], int]:
    """Return the text lines of one page, and how many characters it holds.

    Per-character calls into PDFium cost about a microsecond each, so the page text is read in
    one call and styles are looked up once per run of characters drawn by one text object
    (bisecting a line when its two ends belong to different objects).
    """
    reader = _Reader(textpage)
    count = reader.count
    if count > MAX_PAGE_CHARS:
        raise TooLarge
    if not count:
        return [], 0
    left, bottom, right, top = page.get_cropbox()
    height = (top - bottom) or 1.0
    text = textpage.get_text_range()
    if len(text) != count:  # PDFium left out or added characters: read them one by one
        text = "".join(reader.char(i) for i in range(count))
    lines: list[Line] = []
    for match in _TEXT_LINE.finditer(text):
        start, end = match.span()
        runs = reader.runs(start, end)
        for segment in _split_at_gaps(runs, text, reader):
            line = _make_line(text, segment, reader, number, top, height)
            if line:
                lines.append(line)
    return lines, count


class _Reader:
    """Cached look-ups into one PDFium text page."""

    def __init__(self, textpage: Any) -> None:
        import pypdfium2.raw as pdfium_c

        self.raw = textpage.raw
        self.count = pdfium_c.FPDFText_CountChars(self.raw)
        self._pdfium = pdfium_c
        self._object_of, self._font_of = _fast_functions()
        self._boxes: dict[int, tuple[float, float, float, float]] = {}
        self._rect = pdfium_c.FS_RECTF()
        self._styles: dict[int, tuple[float, bool]] = {}

    def char(self, index: int) -> str:
        code = self._pdfium.FPDFText_GetUnicode(self.raw, index)
        return chr(code) if 0 < code < 0x110000 and not 0xD800 <= code < 0xE000 else "\ufffd"

    def obj(self, index: int) -> int:
        return self._object_of(self.raw, index) or 0

    def runs(self, start: int, end: int) -> list[tuple[int, int, int]]:
        """(start, end, text object) runs covering [start, end); 0 for generated characters."""
        out: list[tuple[int, int, int]] = []
        while start < end:
            first = self.obj(start)
            low, high = start, end - 1
            if self.obj(high) == first:
                low = high
            else:  # find the last character drawn by the same object
                while low < high:
                    middle = (low + high + 1) // 2
                    if self.obj(middle) == first:
                        low = middle
                    else:
                        high = middle - 1
            out.append((start, low + 1, first))
            start = low + 1
        return out

    def style(self, run: tuple[int, int, int]) -> tuple[float, bool]:
        """Font size (to half a point) and boldness of the text object that drew the run."""
        style = self._styles.get(run[2])
        if style is None:
            size = round(self._pdfium.FPDFText_GetFontSize(self.raw, run[0]) * 2) / 2
            style = self._styles[run[2]] = (size, _font_is_bold(self._font_of(run[2]) or 0))
        return style

    def box(self, index: int) -> tuple[float, float, float, float]:
        """Left, bottom, right, top of a character, by its font's ascent and descent."""
        box = self._boxes.get(index)
        if box is None:
            rect = self._rect
            if self._pdfium.FPDFText_GetLooseCharBox(self.raw, index, rect):
                box = rect.left, rect.bottom, rect.right, rect.top
            else:
                box = 0.0, 0.0, 0.0, 0.0
            self._boxes[index] = box
        return box


# Font handles live as long as their document; forget_fonts() clears this for each new
# document, as a later one may reuse an address.
_FONT_BOLD: dict[int, bool] = {}


def _font_is_bold(font: int) -> bool:
    import pypdfium2.raw as pdfium_c

    if font not in _FONT_BOLD:
        handle = ctypes.cast(font, pdfium_c.FPDF_FONT)
        buffer = ctypes.create_string_buffer(256)
        fontname = ""
        if font and pdfium_c.FPDFFont_GetBaseFontName(handle, buffer, len(buffer)):
            fontname = buffer.value.decode("latin-1")
        weight = pdfium_c.FPDFFont_GetWeight(handle) if font else 0
        _FONT_BOLD[font] = bool(_BOLD_NAME.search(fontname)) or weight >= 600
    return _FONT_BOLD[font]


def _fast_functions() -> tuple[Any, Any]:
    """FPDFText_GetTextObject and FPDFTextObj_GetFont taking and giving plain addresses.

    Plain integers compare and hash fast; these are second function objects on the same
    symbols, so pypdfium2's own keep their types.
    """
    global _FAST
    if _FAST is None:
        import pypdfium2.raw as pdfium_c

        def plain(function: Any, *argtypes: Any) -> Any:
            address = ctypes.cast(function, ctypes.c_void_p).value
            assert address is not None
            return ctypes.CFUNCTYPE(ctypes.c_void_p, *argtypes)(address)

        _FAST = (
            plain(pdfium_c.FPDFText_GetTextObject, ctypes.c_void_p, ctypes.c_int),
            plain(pdfium_c.FPDFTextObj_GetFont, ctypes.c_void_p),
        )
    return _FAST


_FAST: tuple[Any, Any] | None = None


def _split_at_gaps(
    runs: list[tuple[int, int, int]], text: str, reader: _Reader
) -> list[list[tuple[int, int, int]]]:
    """Cut a PDFium line into the lines a reader sees.

    Cuts where text on one baseline is far apart (a left footer and a right-aligned page
    number), where the baseline moves, and after a hyphen PDFium joined across two lines (our
    own joining decides whether the hyphen stays).
    """
    segments: list[list[tuple[int, int, int]]] = [[]]
    previous: tuple[float, float, float] | None = None  # right, bottom, top
    for run in runs:
        if not run[2]:
            segments[-1].append(run)
            continue
        left, bottom, _, top = reader.box(run[0])
        if previous is not None:
            size = max(reader.style(run)[0], 1.0)
            right, low, high = previous
            if (
                left - right > size * _COLUMN_GAP
                or left < right - size
                or abs((top + bottom) - (high + low)) > size
                or text[run[0] - 1] in "\ufffe\x02"
            ):
                segments.append([])
        segments[-1].append(run)
        previous = reader.box(run[1] - 1)[2], bottom, top
    return [segment for segment in segments if any(run[2] for run in segment)]


def _make_line(
    text: str,
    runs: list[tuple[int, int, int]],
    reader: _Reader,
    page: int,
    page_top: float,
    height: float,
) -> Line | None:
    start, end = runs[0][0], runs[-1][1]
    line_text = clean_text(text[start:end].replace("\ufffe", "-").replace("\x02", "-"))
    if not line_text:
        return None
    sizes: Counter[float] = Counter()
    bold = chars = 0
    x0 = x1 = bottom = None
    for run in runs:
        if not run[2]:
            continue
        visible = len("".join(text[run[0] : run[1]].split()))
        if not visible:
            continue
        size, is_bold = reader.style(run)
        chars += visible
        sizes[size] += visible
        bold += visible if is_bold else 0
        left, low, _, _ = reader.box(run[0])
        right = reader.box(run[1] - 1)[2]
        x0 = left if x0 is None else min(x0, left)
        x1 = right if x1 is None else max(x1, right)
        bottom = low if bottom is None else min(bottom, low)
    if not chars or x0 is None or x1 is None or bottom is None:
        return None
    size = sizes.most_common(1)[0][0]
    # As tall as the type size from the descender up (as pdfminer measured lines): fonts'
    # ascent and descent vary, and the gaps between lines are what tell paragraphs apart.
    return Line(
        text=line_text,
        page=page,
        x0=x0,
        top=page_top - bottom - size,
        bottom=page_top - bottom,
        size=size,
        bold=bold >= chars * 0.8,
        box=0,
        page_height=height,
        x1=x1,
    )


def group_boxes(lines: list[Line]) -> None:
    """Give each block of closely set lines (as a reader sees paragraphs) its own number.

    pdfminer's rule, which the heading and paragraph rules were tuned on: a line joins the
    previous one's block when it is at most half a line below it, of about the same height,
    and aligned with it on the left, the right or the centre.
    """
    box = 0
    previous: Line | None = None
    for line in lines:
        if previous is None or not _same_block(previous, line):
            box += 1
        line.box = box
        previous = line


def _same_block(above: Line, below: Line) -> bool:
    tolerance = _LINE_MARGIN * above.size
    return (
        below.page == above.page
        and -tolerance <= below.top - above.bottom <= tolerance
        and abs(below.size - above.size) <= tolerance
        and (
            abs(below.x0 - above.x0) <= tolerance
            or abs(below.x1 - above.x1) <= tolerance
            or abs(below.x0 + below.x1 - above.x0 - above.x1) <= 2 * tolerance
        )
    )


def clean_text(text: str) -> str:
    """Collapse white space, and spell out the fi and fl ligatures and no-break spaces."""
    text = text.replace("\u00a0", " ").replace("\ufb01", "fi").replace("\ufb02", "fl")
    return re.sub(r"[ \t\r\n\f\v]+", " ", text).strip()


def forget_fonts() -> None:
    """Forget the weights of the last document's fonts (a new one may reuse their addresses)."""
    _FONT_BOLD.clear()
