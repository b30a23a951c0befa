"""Extract a text-based PDF as Markdown blocks, on PDFium (pypdfium2).

Headings come from font size and weight, paragraphs are reflowed, running headers/footers and
page numbers removed, hyphenated line ends joined. Work per file is bounded in bytes, pages and
characters, so a hostile file is a clear error rather than a hang or gigabytes of memory.
"""

from __future__ import annotations

import bisect
import ctypes
import os
import re
import threading
import time
import zlib
from collections import Counter
from dataclasses import dataclass
from typing import Any

from briefapp.errors import ImportFailed
from briefapp.ingest.blocks import HEADING, LIST, PARAGRAPH, Block, Extracted

MAX_PAGES = 500  # hostile or enormous documents: import the first pages only, and say so
MAX_SECONDS = 120.0
# Work per file is bounded in bytes and characters, not only in pages: PDFium inflates a page's
# content in memory, and a 2 MB file can hold a stream of 2 GiB.
# PDFium holds about 120 bytes per byte of dense text content (a 15 MiB stream took 1.8 GB).
MAX_STREAM_BYTES = 4 * 2**20  # one decompressed content stream; a dense text page takes 50 KB
MAX_FONT_BYTES = 32 * 2**20  # one embedded font program (CJK fonts run to 20 MiB)
MAX_INFLATED_BYTES = 128 * 2**20  # all content and fonts together
MAX_IMAGE_BYTES = 512 * 2**20  # one image (never decoded for text): a 600 dpi A4 scan is 100
MAX_PAGE_CHARS = 200_000  # a dense page holds about 5,000
MAX_CHARS = 5_000_000
_COLUMN_GAP = 1.5  # text this many ems apart on one baseline is two lines (footer | page number)
_LINE_MARGIN = 0.5  # lines closer than half a line height belong to one block, as pdfminer had it
_HEADING_RATIO = 1.15  # a line this much larger than body text is a heading
_FURNITURE_ZONE = 0.14  # running headers/footers live in the top/bottom 14 % of a page
# PDFium is not thread-safe, and the window imports on worker threads.
_PDFIUM_LOCK = threading.Lock()


def _new_lock_after_fork() -> None:
    # A parse worker forked while a window thread held the lock would otherwise wait forever.
    global _PDFIUM_LOCK
    _PDFIUM_LOCK = threading.Lock()


os.register_at_fork(after_in_child=_new_lock_after_fork)


def pdfium_lock() -> threading.Lock:
    """The lock every use of PDFium in this process takes (the window's preview too)."""
    return _PDFIUM_LOCK


_PAGE_NUMBER = re.compile(
    r"^(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$|^[-–—]\s*\d{1,4}\s*[-–—]$|^[ivxlcdm]{1,6}$",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^([•◦▪▫●○■□‣⁃∙·*\-–—])\s+(.*)$")
_NUMBERED = re.compile(r"^(\d{1,3}|[a-z])[.)]\s+(.*)$")
_DATE_LINE = re.compile(
    r"^(?:published|publication date|date|dated|issued|released)\s*(?:on)?\s*[:\-–—]?\s*(.*\d.*)$",
    re.IGNORECASE,
)
_BARE_DATE = re.compile(
    r"^(?:\d{1,2}\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?:\d{1,2},\s+)?"
    r"\d{4}$|^\d{4}-\d{2}-\d{2}$",
    re.IGNORECASE,
)
_PUBLISHER_LINE = re.compile(
    r"^(?:published by|©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}\s*)?(.+)$", re.IGNORECASE
)
_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_TEXT_LINE = re.compile(r"[^\r\n]+")
_SOFTWARE = re.compile(
    r"reportlab|microsoft|adobe|acrobat|libreoffice|openoffice|pdftex|latex|word|quartz|"
    r"ghostscript|skia|chrom|wkhtml|prince|itext|pdfsharp|aspose|pdfium|cairo|google|writer",
    re.IGNORECASE,
)


# Values writers fill in when the author left a field empty.
_PLACEHOLDERS = {"", "unspecified", "untitled", "anonymous", "(anonymous)", "unknown", "none"}


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


# --------------------------------------------------------------------------- entry point


def extract(data: bytes, name: str) -> Extracted:
    """Return the blocks and metadata hints of a text-based PDF."""
    if not data:
        raise ImportFailed(name, "empty file")
    if b"%PDF-" not in data[:1024]:
        raise ImportFailed(name, "not a PDF file")
    if b"%%EOF" not in data[-2048:]:
        # PDFium would quietly recover part of a cut-off file; the user should know instead.
        raise ImportFailed(name, "damaged file (it looks cut off)")
    info, lines, truncated = read_lines(data, name)
    if sum(len(line.text) for line in lines) < 20:
        raise ImportFailed(name, "no text layer — scanned document?")

    lines = _merge_lone_bullets(lines)
    published = _visible_date(lines)
    publisher = _visible_publisher(lines)
    lines = remove_page_furniture(lines)
    body_size = _body_size(lines)
    title, lines = _take_title(lines, body_size)
    lines = [line for line in lines if not _is_metadata_line(line.text)]
    blocks = lines_to_blocks(lines, body_size)
    if truncated:
        blocks.append(
            Block(
                PARAGRAPH,
                f"*(Import stopped after {truncated}: the rest of the document was not read.)*",
            )
        )

    keywords = _split_keywords(info.get("Keywords", "")) + _split_keywords(info.get("Subject", ""))
    author = info.get("Author") or None
    return Extracted(
        blocks=blocks,
        title=title or info.get("Title") or None,
        published=published or _pdf_date(info.get("CreationDate", "")),
        publisher=publisher or (author if author and not _SOFTWARE.search(author) else None),
        author=author,
        countries=list(keywords),
        topics=list(keywords),
        format="pdf",
    )


# --------------------------------------------------------------------------- reading


class _TooLarge(Exception):
    """A page or the document holds more than the import will read."""


def read_lines(data: bytes, name: str) -> tuple[dict[str, str], list[Line], str | None]:
    """Read the pages with PDFium; return metadata, text lines and why reading stopped early."""
    check_inflated_size(data, name)
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    # PDFium is not thread-safe, and the window imports on worker threads.
    with _PDFIUM_LOCK:
        try:
            document = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as error:
            if getattr(error, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
                raise ImportFailed(name, "password protected") from None
            raise ImportFailed(name, "damaged file") from None
        try:
            return _read_document(document, name)
        finally:
            document.close()


def _read_document(document: Any, name: str) -> tuple[dict[str, str], list[Line], str | None]:
    info = _metadata(document)
    lines: list[Line] = []
    truncated = None
    started = time.monotonic()
    chars = 0
    try:
        for number in range(len(document)):
            if number >= MAX_PAGES:
                truncated = f"{MAX_PAGES} pages"
                break
            if time.monotonic() - started > MAX_SECONDS:
                truncated = f"{number} pages (reading took too long)"
                break
            page = document[number]
            try:
                textpage = page.get_textpage()
                try:
                    page_lines, page_chars = _page_lines(textpage, page, number)
                finally:
                    textpage.close()
            finally:
                page.close()
            chars += page_chars
            if chars > MAX_CHARS:
                raise _TooLarge
            lines.extend(page_lines)
    except _TooLarge:
        raise ImportFailed(
            name,
            f"too much text (more than {MAX_CHARS:,} characters, or {MAX_PAGE_CHARS:,} on a page)",
        ) from None
    except Exception:  # noqa: BLE001 - a page PDFium cannot read, or a broken character table
        if not lines:
            raise ImportFailed(name, "damaged file") from None
        truncated = "a damaged page"
    _group_boxes(lines)
    return info, lines, truncated


def _page_lines(textpage: Any, page: Any, number: int) -> tuple[list[Line], int]:
    """Return the text lines of one page, and how many characters it holds.

    Per-character calls into PDFium cost about a microsecond each, so the page text is read in
    one call and styles are looked up once per run of characters drawn by one text object
    (bisecting a line when its two ends belong to different objects).
    """
    reader = _Reader(textpage)
    count = reader.count
    if count > MAX_PAGE_CHARS:
        raise _TooLarge
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


# Font handles live as long as their document; _metadata() clears this for each new document,
# as a later one may reuse an address.
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
    line_text = _clean(text[start:end].replace("\ufffe", "-").replace("\x02", "-"))
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


def _group_boxes(lines: list[Line]) -> None:
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


def _clean(text: str) -> str:
    text = text.replace("\u00a0", " ").replace("\ufb01", "fi").replace("\ufb02", "fl")
    return re.sub(r"[ \t\r\n\f\v]+", " ", text).strip()


def _metadata(document: Any) -> dict[str, str]:
    _FONT_BOLD.clear()
    info: dict[str, str] = {}
    try:
        for key, value in document.get_metadata_dict().items():
            if isinstance(value, str) and value.strip().lower() not in _PLACEHOLDERS:
                info[str(key)] = _clean(value)
    except Exception:  # noqa: BLE001, S110 - broken metadata must not stop the import
        pass
    return info


# --------------------------------------------------------------------------- size guard


_STREAM_START = re.compile(rb">>\s*stream\r?\n")
_NOT_READ_FOR_TEXT = re.compile(rb"/Subtype\s*/Image|/Type\s*/EmbeddedFile|/Type\s*/Metadata")
_FONT_PROGRAM = re.compile(rb"/Length[123]\b|/Subtype\s*/(?:Type1C|CIDFontType0C|OpenType)")


def check_inflated_size(data: bytes, name: str) -> None:
    """Refuse a PDF whose compressed streams inflate beyond what a report needs.

    PDFium inflates a page's whole content stream in memory before reading it, with no limit:
    a 2 MB file can hold a stream of 2 GiB (3 GB of memory, 12 s). So every Flate stream is
    inflated here first, a megabyte at a time, counting bytes only. Font programs get a larger
    cap than page content. Images, attachments and XMP are never decoded to read text, so they
    get the largest cap and stay out of the total (the cap still holds if a content stream lies
    about being an image). Streams of an encrypted file cannot be inflated before decryption:
    those are PDFium's to read.
    """
    ends = [match.start() for match in re.finditer(rb"endstream", data)]
    total = 0
    for match in _STREAM_START.finditer(data):
        head = data[max(0, match.start() - 2000) : match.start()]
        head = head[head.rfind(b"obj") + 1 :]  # the stream's own dictionary
        position = match.end()
        following = bisect.bisect_left(ends, position)
        stop = ends[following] if following < len(ends) else len(data)
        if _NOT_READ_FOR_TEXT.search(head):
            if _inflated_size(data, position, stop, MAX_IMAGE_BYTES) > MAX_IMAGE_BYTES:
                raise ImportFailed(name, _too_large(MAX_IMAGE_BYTES, "an image"))
            continue
        if _FONT_PROGRAM.search(head):
            limit, what = MAX_FONT_BYTES, "an embedded font"
        else:
            limit, what = MAX_STREAM_BYTES, "a page's content"
        size = _inflated_size(data, position, stop, limit)
        if size > limit:
            raise ImportFailed(name, _too_large(limit, what))
        total += size
        if total > MAX_INFLATED_BYTES:
            raise ImportFailed(name, _too_large(MAX_INFLATED_BYTES, "all pages and fonts"))


def _too_large(limit: int, what: str) -> str:
    return f"too large when decompressed ({what} would take more than {limit // 2**20} MiB)"


def _inflated_size(data: bytes, start: int, stop: int, limit: int) -> int:
    """Bytes that data[start:stop] inflates to, counted up to just past ``limit``."""
    inflater = zlib.decompressobj()
    size = 0
    view = memoryview(data)[start:stop]
    try:
        pending = bytes(view[:65536])
        position = 65536
        while pending and not inflater.eof and size <= limit:
            size += len(inflater.decompress(pending, 1 << 20))
            pending = inflater.unconsumed_tail or bytes(view[position : position + 65536])
            if not inflater.unconsumed_tail:
                position += 65536
    except zlib.error:
        pass  # not plain Flate (encrypted, or another filter first): PDFium decides
    return size


def _pdf_date(raw: str) -> str | None:
    """PDF dates look like "D:20261114083000+01'00'"; give the pipeline an ISO date."""
    match = re.match(r"(?:D:)?(\d{4})(\d{2})?(\d{2})?", raw or "")
    if not match:
        return None
    year, month, day = match.group(1), match.group(2) or "01", match.group(3) or "01"
    return f"{year}-{month}-{day}"


def _split_keywords(raw: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,;]", raw or "") if part.strip()]


def _merge_lone_bullets(lines: list[Line]) -> list[Line]:
    """Put bullet glyphs that some writers draw apart from their text back together."""
    merged: list[Line] = []
    pending: Line | None = None
    for line in lines:
        if len(line.text) == 1 and _BULLET.match(line.text + " x"):
            pending = line
            continue
        if pending is not None and pending.page == line.page and abs(pending.top - line.top) < 4:
            line.text = f"{pending.text} {line.text}"
            line.x0 = pending.x0
        pending = None
        merged.append(line)
    return merged


# --------------------------------------------------------------------------- furniture


def remove_page_furniture(lines: list[Line]) -> list[Line]:
    """Drop page numbers and lines repeated at the same place on most pages (running heads)."""
    pages = {line.page for line in lines}
    seen_on: dict[tuple, set[int]] = {}
    for line in lines:
        if _in_margin(line):
            seen_on.setdefault(_furniture_key(line), set()).add(line.page)
    needed = max(2, (len(pages) + 1) // 2)
    kept = []
    for line in lines:
        if _in_margin(line):
            if _PAGE_NUMBER.match(line.text):
                continue
            if len(pages) >= 2 and len(seen_on[_furniture_key(line)]) >= needed:
                continue
        kept.append(line)
    return kept


def _in_margin(line: Line, share: float = _FURNITURE_ZONE) -> bool:
    zone = line.page_height * share
    return line.top < zone or line.bottom > line.page_height - zone


def _furniture_key(line: Line) -> tuple:
    # Digits vary ("Page 3 of 9", dates); position is rounded to absorb tiny offsets.
    return re.sub(r"\d+", "#", line.text.lower()), round(line.top / 6)


# --------------------------------------------------------------------------- metadata lines


def _visible_date(lines: list[Line]) -> str | None:
    for line in lines[:400]:
        match = _DATE_LINE.match(line.text)
        if match and len(line.text) <= 60:
            return match.group(1).strip()
    for line in lines[:60]:
        if line.page == 0 and _BARE_DATE.match(line.text):
            return line.text
    return None


def _visible_publisher(lines: list[Line]) -> str | None:
    for line in lines[:400]:
        match = _PUBLISHER_LINE.match(line.text)
        if match and len(line.text) <= 80:
            name = re.sub(r"\.?\s*all rights reserved\.?$", "", match.group(1), flags=re.IGNORECASE)
            name = name.strip(" .,")
            if name and not re.search(r"\d{1,2}\s+\w+\s+\d{4}", name):
                return name
    return None


def _is_metadata_line(text: str) -> bool:
    return len(text) <= 60 and bool(_DATE_LINE.match(text) or _BARE_DATE.match(text))


# --------------------------------------------------------------------------- structure


def _body_size(lines: list[Line]) -> float:
    """Return the most common text size, by characters, away from the page margins if possible."""
    sizes: Counter[float] = Counter()
    inner = [line for line in lines if not _in_margin(line, 0.08)] or lines
    for line in inner:
        sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _take_title(lines: list[Line], body_size: float) -> tuple[str | None, list[Line]]:
    """Take the largest text on page 1 as the title, if clearly larger than body text."""
    first_page = [line for line in lines if line.page == 0]
    if not first_page:
        return None, lines
    biggest = max(line.size for line in first_page)
    if biggest < body_size * _HEADING_RATIO:
        return None, lines
    title_lines: list[Line] = []
    for line in first_page:
        if line.size == biggest:
            if (
                title_lines
                and line.box != title_lines[-1].box
                and not _adjacent(title_lines[-1], line)
            ):
                break
            title_lines.append(line)
        elif title_lines:
            break
    taken = {id(line) for line in title_lines}
    title = _join_lines([line.text for line in title_lines])
    return title, [line for line in lines if id(line) not in taken]


def _adjacent(a: Line, b: Line) -> bool:
    return a.page == b.page and 0 <= b.top - a.bottom < a.size * 1.2


def _line_kind(line: Line, body_size: float) -> str:
    if line.size >= body_size * _HEADING_RATIO:
        return "heading"
    if line.bold and len(line.text.split()) <= 14 and not line.text.endswith((".", ",", ";")):
        return "bold"
    if _BULLET.match(line.text) or _NUMBERED.match(line.text):
        return "item"
    return "text"


def lines_to_blocks(lines: list[Line], body_size: float) -> list[Block]:
    """Group lines into headings, list items and reflowed paragraphs (by box, gap and style)."""
    heading_sizes = sorted(
        {line.size for line in lines if line.size >= body_size * _HEADING_RATIO}, reverse=True
    )
    levels = {size: min(2 + i, 3) for i, size in enumerate(heading_sizes)}
    bold_level = 2 if not heading_sizes else 3
    words = "\n".join(line.text for line in lines).lower()
    vocabulary = Counter(re.findall(r"\w[\w-]*\w", words))
    boxes: dict[tuple[int, int], list[Line]] = {}
    for line in lines:
        boxes.setdefault((line.page, line.box), []).append(line)

    # First pass: runs of lines that belong together.
    groups: list[tuple[str, list[Line]]] = []
    previous: Line | None = None
    for line in lines:
        kind = _line_kind(line, body_size)
        if kind == "bold" and not _stands_alone(boxes[line.page, line.box]):
            kind = "text"
        current = groups[-1] if groups else None
        starts_new = (
            current is None
            or kind == "item"
            or kind != current[0]
            and not (current[0] == "item" and kind == "text")
            or previous is not None
            and _paragraph_break(previous, line)
            or kind == "heading"
            and previous is not None
            and line.size != previous.size
        )
        if (
            current
            and current[0] == "item"
            and kind == "text"
            and previous is not None
            and not _continues_item(previous, line)
        ):
            starts_new = True
        if starts_new or current is None:
            groups.append((kind, [line]))
        else:
            current[1].append(line)
        previous = line

    blocks: list[Block] = []
    list_x0: dict[int, float] = {}  # where each list block's first bullet sits
    for kind, group in groups:
        text = _join_lines([line.text for line in group], vocabulary)
        if kind == "heading":
            blocks.append(Block(HEADING, text, level=levels.get(group[0].size, 3)))
        elif kind == "bold":
            blocks.append(Block(HEADING, text, level=bold_level))
        elif kind == "item":
            item = _item_markdown(text)
            if blocks and blocks[-1].kind == LIST:
                nested = group[0].x0 > list_x0[len(blocks) - 1] + 8
                blocks[-1].text += "\n" + ("  " if nested else "") + item
            else:
                blocks.append(Block(LIST, item))
                list_x0[len(blocks) - 1] = group[0].x0
        elif (
            blocks and blocks[-1].kind == PARAGRAPH and _continues_paragraph(blocks[-1].text, text)
        ):
            blocks[-1].text = _join_lines([blocks[-1].text, text], vocabulary)
        else:
            blocks.append(Block(PARAGRAPH, text))
    return blocks


def _stands_alone(box: list[Line]) -> bool:
    """Tell whether a bold line is alone in its box (a heading, not bold words in prose)."""
    return len(box) == 1 or all(other.bold for other in box)


def _paragraph_break(previous: Line, line: Line) -> bool:
    if line.page != previous.page:
        return True  # joined again later if the sentence clearly runs on
    gap = line.top - previous.bottom
    return line.box != previous.box and gap > previous.size * 0.5 or gap > previous.size * 0.9


def _continues_item(previous: Line | None, line: Line) -> bool:
    return (
        previous is not None
        and line.page == previous.page
        and line.top - previous.bottom < (previous.size * 0.6)
    )


def _continues_paragraph(before: str, after: str) -> bool:
    """Tell a paragraph cut by a page break: no closing punctuation, then lowercase."""
    return not re.search(r"[.!?:;\"”’)]$", before) and bool(re.match(r"[a-zà-ÿ]", after))


def _item_markdown(text: str) -> str:
    bullet = _BULLET.match(text)
    if bullet:
        return f"- {bullet.group(2)}"
    number = _NUMBERED.match(text)
    assert number is not None, text  # (only called on lines that are list items)
    return f"{number.group(1)}. {number.group(2)}"


def _join_lines(parts: list[str], vocabulary: Counter | None = None) -> str:
    """Reflow lines into one paragraph, joining words hyphenated across line ends.

    "secu-" + "rity" becomes "security" when the next part starts lowercase; a hyphen before an
    uppercase letter or digit is a real one ("post-" + "Wagner" gives "post-Wagner"). When the
    document itself uses the hyphenated form elsewhere ("cross-border"), the hyphen is kept.
    """
    text = ""
    for part in parts:
        if not text:
            text = part
            continue
        # endswith first: searching the growing paragraph each time would be quadratic
        match = (
            re.search(r"(\w+)[-\u00ad]$", text[-200:]) if text.endswith(("-", "\u00ad")) else None
        )
        if match and part[:1].isalpha():
            word = re.match(r"[\w-]+", part)
            first = word.group(0).lower() if word else part[:1].lower()
            hyphenated = f"{match.group(1).lower()}-{first}"
            if part[0].islower() and not (
                vocabulary
                and vocabulary[hyphenated] > 0
                and vocabulary[match.group(1).lower() + first] == 0
            ):
                text = text[:-1] + part
            else:
                text = text[:-1] + "-" + part if text.endswith("\u00ad") else text + part
        else:
            text = f"{text} {part}"
    return text
