"""Extract a text-based PDF as Markdown blocks: headings from font size and weight, paragraphs
reflowed, running headers/footers and page numbers removed, hyphenated line ends joined.
"""

from __future__ import annotations

import io
import re
import time
from collections import Counter
from dataclasses import dataclass

from briefapp.errors import ImportFailed
from briefapp.ingest.blocks import HEADING, LIST, PARAGRAPH, Block, Extracted

MAX_PAGES = 500  # hostile or enormous documents: import the first pages only, and say so
MAX_SECONDS = 120.0
_HEADING_RATIO = 1.15  # a line this much larger than body text is a heading
_FURNITURE_ZONE = 0.14  # running headers/footers live in the top/bottom 14 % of a page

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
    box: int  # the pdfminer text box (roughly a paragraph) the line came from
    page_height: float


# --------------------------------------------------------------------------- entry point


def extract(data: bytes, name: str) -> Extracted:
    """Return the blocks and metadata hints of a text-based PDF."""
    if not data:
        raise ImportFailed(name, "empty file")
    if b"%PDF-" not in data[:1024]:
        raise ImportFailed(name, "not a PDF file")
    if b"%%EOF" not in data[-2048:]:
        # pdfminer would quietly recover part of a cut-off file; the user should know instead.
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


def read_lines(data: bytes, name: str) -> tuple[dict[str, str], list[Line], str | None]:
    """Lay out the pages with pdfminer; return metadata, text lines and why reading stopped early."""
    from briefapp.ingest.aes_fallback import install

    install()  # AES without the cryptography package, in the lean portable build
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams, LTTextBox, LTTextLine
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise ImportFailed(name, "password protected") from None
    except Exception:  # noqa: BLE001 - pdfminer raises many kinds (PSEOF, PDFSyntaxError, KeyError...)
        raise ImportFailed(name, "damaged file") from None
    info = _metadata(document)

    manager = PDFResourceManager()
    device = PDFPageAggregator(manager, laparams=LAParams())
    interpreter = PDFPageInterpreter(manager, device)
    lines: list[Line] = []
    truncated = None
    started = time.monotonic()
    box_id = 0
    try:
        for number, page in enumerate(PDFPage.create_pages(document)):
            if number >= MAX_PAGES:
                truncated = f"{MAX_PAGES} pages"
                break
            if time.monotonic() - started > MAX_SECONDS:
                truncated = f"{number} pages (reading took too long)"
                break
            interpreter.process_page(page)
            layout = device.get_result()
            height = layout.height or 1.0
            for element in layout:
                if not isinstance(element, LTTextBox):
                    continue
                box_id += 1
                for text_line in element:
                    if isinstance(text_line, LTTextLine):
                        line = _make_line(text_line, number, height, box_id)
                        if line:
                            lines.append(line)
    except ImportFailed:
        raise
    except Exception:  # noqa: BLE001
        if not lines:
            raise ImportFailed(name, "damaged file") from None
        truncated = "a damaged page"
    return info, lines, truncated


def _make_line(text_line, page: int, height: float, box: int) -> Line | None:
    from pdfminer.layout import LTChar

    text = _clean(text_line.get_text())
    if not text:
        return None
    sizes: Counter[float] = Counter()
    bold = 0
    chars = 0
    for char in text_line:
        if isinstance(char, LTChar) and char.get_text().strip():
            chars += 1
            sizes[round(char.size * 2) / 2] += 1
            if re.search(r"bold|black|heavy|semibold|demi", char.fontname, re.IGNORECASE):
                bold += 1
    if not chars:
        return None
    return Line(
        text=text,
        page=page,
        x0=text_line.x0,
        top=height - text_line.y1,
        bottom=height - text_line.y0,
        size=sizes.most_common(1)[0][0],
        bold=bold >= chars * 0.8,
        box=box,
        page_height=height,
    )


def _clean(text: str) -> str:
    text = text.replace("\u00a0", " ").replace("\ufb01", "fi").replace("\ufb02", "fl")
    return re.sub(r"[ \t\r\n\f\v]+", " ", text).strip()


def _metadata(document) -> dict[str, str]:
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    info: dict[str, str] = {}
    try:
        for entry in document.info or []:
            for key, value in (resolve1(entry) or {}).items():
                value = resolve1(value)
                if isinstance(value, bytes):
                    value = decode_text(value)
                if isinstance(value, str) and value.strip().lower() not in _PLACEHOLDERS:
                    info[str(key)] = _clean(value)
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


def _split_keywords(raw: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,;]", raw or "") if part.strip()]


def _merge_lone_bullets(lines: list[Line]) -> list[Line]:
    """Some writers draw the bullet glyph apart from its text; put them back together."""
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
    """The most common text size, by characters, away from the page margins where possible."""
    sizes: Counter[float] = Counter()
    inner = [line for line in lines if not _in_margin(line, 0.08)] or lines
    for line in inner:
        sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _take_title(lines: list[Line], body_size: float) -> tuple[str | None, list[Line]]:
    """The largest text on page 1 (if clearly larger than body text) is the title."""
    first_page = [line for line in lines if line.page == 0]
    if not first_page:
        return None, lines
    biggest = max(line.size for line in first_page)
    if biggest < body_size * _HEADING_RATIO:
        return None, lines
    title_lines = []
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
    vocabulary = Counter(w.lower() for line in lines for w in re.findall(r"\w[\w-]*\w", line.text))

    # First pass: runs of lines that belong together.
    groups: list[tuple[str, list[Line]]] = []
    previous: Line | None = None
    for line in lines:
        kind = _line_kind(line, body_size)
        if kind == "bold" and not _stands_alone(line, lines):
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
            and line.size != previous.size
        )
        if (
            current
            and current[0] == "item"
            and kind == "text"
            and not _continues_item(previous, line)
        ):
            starts_new = True
        if starts_new:
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


def _stands_alone(line: Line, lines: list[Line]) -> bool:
    """A bold line is a heading only if no other line shares its box (not bold words in prose)."""
    return sum(
        1 for other in lines if other.box == line.box and other.page == line.page
    ) == 1 or all(
        other.bold for other in lines if other.box == line.box and other.page == line.page
    )


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
    """A paragraph cut by a page break: no closing punctuation before, lowercase start after."""
    return not re.search(r"[.!?:;\"”’)]$", before) and bool(re.match(r"[a-zà-ÿ]", after))


def _item_markdown(text: str) -> str:
    bullet = _BULLET.match(text)
    if bullet:
        return f"- {bullet.group(2)}"
    number = _NUMBERED.match(text)
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
        match = re.search(r"(\w+)[-\u00ad]$", text)
        if match and part[:1].isalpha():
            first = re.match(r"[\w-]+", part).group(0).lower()
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
