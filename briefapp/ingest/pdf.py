"""Extract a text-based PDF as Markdown blocks, on PDFium (pypdfium2).

Headings come from font size and weight, paragraphs are reflowed, running headers/footers and
page numbers removed, hyphenated line ends joined. Work per file is bounded in bytes, pages and
characters, so a hostile file is a clear error rather than a hang or gigabytes of memory.
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections import Counter
from typing import Any

from briefapp.errors import ImportFailed
from briefapp.ingest.blocks import PARAGRAPH, Block, Extracted, split_keywords
from briefapp.ingest.pdf_blocks import BULLET, HEADING_RATIO, join_lines, lines_to_blocks
from briefapp.ingest.pdf_limits import MAX_PAGE_CHARS, check_inflated_size
from briefapp.ingest.pdf_lines import (
    Line,
    TooLarge,
    clean_text,
    forget_fonts,
    group_boxes,
    page_lines,
)

MAX_PAGES = 500  # hostile or enormous documents: import the first pages only, and say so
MAX_SECONDS = 120.0
MAX_CHARS = 5_000_000
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
_SOFTWARE = re.compile(
    r"reportlab|microsoft|adobe|acrobat|libreoffice|openoffice|pdftex|latex|word|quartz|"
    r"ghostscript|skia|chrom|wkhtml|prince|itext|pdfsharp|aspose|pdfium|cairo|google|writer",
    re.IGNORECASE,
)


# Values writers fill in when the author left a field empty.
_PLACEHOLDERS = {"", "unspecified", "untitled", "anonymous", "(anonymous)", "unknown", "none"}


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

    keywords = split_keywords(info.get("Keywords") or "") + split_keywords(
        info.get("Subject") or ""
    )
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
                    found, page_chars = page_lines(textpage, page, number)
                finally:
                    textpage.close()
            finally:
                page.close()
            chars += page_chars
            if chars > MAX_CHARS:
                raise TooLarge
            lines.extend(found)
    except TooLarge:
        raise ImportFailed(
            name,
            f"too much text (more than {MAX_CHARS:,} characters, or {MAX_PAGE_CHARS:,} on a page)",
        ) from None
    except Exception:  # noqa: BLE001 - a page PDFium cannot read, or a broken character table
        if not lines:
            raise ImportFailed(name, "damaged file") from None
        truncated = "a damaged page"
    group_boxes(lines)
    return info, lines, truncated


def _metadata(document: Any) -> dict[str, str]:
    forget_fonts()
    info: dict[str, str] = {}
    try:
        for key, value in document.get_metadata_dict().items():
            if isinstance(value, str) and value.strip().lower() not in _PLACEHOLDERS:
                info[str(key)] = clean_text(value)
    except Exception:  # noqa: BLE001, S110 - broken metadata must not stop the import
        pass
    return info


def _pdf_date(raw: str) -> str | None:
    """PDF dates look like "D:20261114083000+01'00'"; give the pipeline an ISO date."""
    match = re.match(r"(?:D:)?(\d{4})(\d{2})?(\d{2})?", raw or "")
    if not match:
        return None
    year, month, day = match.group(1), match.group(2) or "01", match.group(3) or "01"
    return f"{year}-{month}-{day}"


def _merge_lone_bullets(lines: list[Line]) -> list[Line]:
    """Put bullet glyphs that some writers draw apart from their text back together."""
    merged: list[Line] = []
    pending: Line | None = None
    for line in lines:
        if len(line.text) == 1 and BULLET.match(line.text + " x"):
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
    if biggest < body_size * HEADING_RATIO:
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
    title = join_lines([line.text for line in title_lines])
    return title, [line for line in lines if id(line) not in taken]


def _adjacent(a: Line, b: Line) -> bool:
    return a.page == b.page and 0 <= b.top - a.bottom < a.size * 1.2
