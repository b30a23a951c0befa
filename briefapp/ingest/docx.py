"""Extract a Word document (.docx) as Markdown blocks: styles give title, sections and lists.

The zip container is checked before python-docx sees it (docx_container.py): only the XML parts
are unpacked, by us, within a budget of bytes and tags, and python-docx opens a copy of what was
read, so no zip bomb or lying zip directory can make it unpack more.

Headings: a Title-style paragraph is the title and Heading N is level N+1. Without a Title style,
a Heading 1 that opens the document is the title; if it is the only Heading 1, Heading 2 and 3
are levels 2 and 3, otherwise every Heading N is level N+1. A short paragraph that is bold
throughout is a heading one level below the document's styled headings.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from docx.text.paragraph import Paragraph

from briefapp.errors import ImportFailed
from briefapp.ingest.blocks import (
    HEADING,
    LIST,
    PARAGRAPH,
    QUOTE,
    TABLE,
    Block,
    Extracted,
    split_keywords,
)
from briefapp.ingest.docx_container import open_document

_PLACEHOLDER_AUTHORS = {"", "python-docx", "author", "user", "unknown", "administrator"}
_DATE_LINE = re.compile(
    r"^(?:published|publication date|date|dated|issued|released)\s*(?:on)?\s*[:\-–—]?\s*(.*\d.*)$",
    re.IGNORECASE,
)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def extract(data: bytes, name: str) -> Extracted:
    """Return the blocks and metadata hints of a .docx file."""
    document = open_document(data, name)
    try:
        return _extract_document(document, name)
    except (ImportFailed, RecursionError, MemoryError):
        raise
    except Exception as exc:  # noqa: BLE001 - python-docx meets XML it cannot interpret
        detail = " ".join(f"{type(exc).__name__}: {exc}".split())[:120]
        raise ImportFailed(name, f"damaged file ({detail})") from None


def _extract_document(document: Any, name: str) -> Extracted:
    items = list(_body_items(document, name))

    headings = [_heading_number(p) for kind, p in items if kind == "p"]
    has_title_style = any(kind == "p" and "Title" in _style_names(p) for kind, p in items)
    first = next((p for kind, p in items if kind == "table" or p.text.strip()), None)
    h1_is_title = (
        not has_title_style
        and first is not None
        and not hasattr(first, "rows")
        and _heading_number(first) == 1
    )
    lone_h1 = h1_is_title and headings.count(1) == 1

    def level_of(number: int) -> int:
        return max(2, number) if lone_h1 else min(number + 1, 6)

    has_sections = any(n is not None and not (n == 1 and h1_is_title and lone_h1) for n in headings)
    bold_level = 3 if has_sections else 2

    title = None
    published = None
    blocks: list[Block] = []
    numbering = _Numbering(document)
    for kind, item in items:
        if kind == "table":
            text = table_markdown(item)
            if text:
                blocks.append(Block(TABLE, text))
            continue
        paragraph = item
        text = inline_markdown(paragraph)
        if not text:
            continue
        styles = _style_names(paragraph)
        number = _heading_number(paragraph)
        plain = _plain(text)
        if "Title" in styles or (h1_is_title and paragraph is first):
            title = title or plain
            continue
        if "Subtitle" in styles:
            blocks.append(Block(PARAGRAPH, f"*{plain}*"))
            continue
        if number is not None:
            blocks.append(Block(HEADING, plain, level=level_of(number)))
            continue
        date_line = _DATE_LINE.match(plain) if published is None and len(plain) <= 60 else None
        if date_line:
            published = date_line.group(1).strip()
            continue
        list_marker = _list_marker(paragraph, styles, numbering)
        if list_marker:
            marker, depth = list_marker
            if blocks and blocks[-1].kind == LIST:
                blocks[-1].text += "\n" + _list_line(blocks[-1].text, marker, depth, text)
            else:
                blocks.append(Block(LIST, _list_line("", marker, depth, text)))
        elif styles & {"Quote", "Intense Quote"}:
            blocks.append(Block(QUOTE, "\n".join(f"> {line}" for line in text.split("\n"))))
        elif _is_bold_heading(paragraph, plain):
            blocks.append(Block(HEADING, plain, level=bold_level))
        else:
            blocks.append(Block(PARAGRAPH, text))

    if not blocks and not title:
        raise ImportFailed(name, "the document has no text")
    props = core_properties(document)
    author = (props.get("author") or "").strip()
    author = None if author.lower() in _PLACEHOLDER_AUTHORS else author
    keywords = split_keywords(props.get("keywords") or "")
    category = split_keywords(props.get("category") or "")
    return Extracted(
        blocks=blocks,
        title=title or (props.get("title") or "").strip() or None,
        published=published or _iso(props.get("created")) or _iso(props.get("modified")),
        publisher=author,
        author=author,
        countries=list(keywords),
        topics=keywords + [c for c in category if c not in keywords],
        format="docx",
    )


# --------------------------------------------------------------------------- document walk


def _body_items(document: Any, name: str) -> Iterator[tuple[str, Any]]:
    """("p", Paragraph) and ("table", Table) in reading order; paragraphs without text are left
    out here, where it costs one lookup, rather than each costing python-docx's full walk."""
    text = f".//{_W}t"
    try:
        for item in document.iter_inner_content():
            if hasattr(item, "rows"):
                yield "table", item
            elif item._p.find(text) is not None:
                yield "p", item
    except Exception:  # noqa: BLE001
        raise ImportFailed(name, "damaged file") from None


def _style_names(paragraph: Paragraph) -> set[str]:
    """The paragraph style and the styles it is based on (custom styles built on Heading 2...)."""
    # python-docx finds a style by scanning styles.xml each time: cache the answer per style id
    # on the document part (a 30-fold speed-up on ordinary documents).
    cache = paragraph.part.__dict__.setdefault("_briefapp_style_names", {})
    style_id = paragraph._p.style
    if style_id in cache:
        return cache[style_id]
    names: set[str] = set()
    try:
        style = paragraph.style
    except Exception:  # noqa: BLE001 - a style id missing from styles.xml
        style = None
    for _ in range(6):
        if style is None:
            break
        names.add(style.name or "")
        style = style.base_style
    cache[style_id] = names
    return names


def _heading_number(paragraph: Paragraph) -> int | None:
    for style_name in _style_names(paragraph):
        match = re.fullmatch(r"Heading (\d)", style_name)
        if match:
            return int(match.group(1))
    return None


def _is_bold_heading(paragraph: Paragraph, plain: str) -> bool:
    runs = [run for run in paragraph.runs if run.text.strip()]
    return (
        bool(runs)
        and all(_flag(run, "bold") for run in runs)
        and len(plain.split()) <= 12
        and not (plain.endswith((".", ",", ";", ":")))
    )


def _plain(markdown: str) -> str:
    return re.sub(r"\*\*?([^*]+)\*\*?", r"\1", markdown).replace("\n", " ").strip()


def core_properties(document: Any) -> dict[str, Any]:
    """Title, author, keywords, category and dates from docProps/core.xml, each one that reads.

    They are hints: a core part that is missing, renamed, of the wrong content type or holding
    bad values gives no metadata, never a refused document.
    """
    try:
        props = document.core_properties
    except Exception:  # noqa: BLE001 - python-docx's AttributeError on a part of the wrong type
        return {}
    values = {}
    for key in ("title", "author", "keywords", "category", "created", "modified"):
        try:
            value = getattr(props, key)
        except Exception:  # noqa: BLE001 - a renamed root element has none of the properties
            continue
        if isinstance(value, (str, dt.datetime)):
            values[key] = value
    return values


def _iso(value: object) -> str | None:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return None


# --------------------------------------------------------------------------- inline text


def inline_markdown(paragraph: Paragraph) -> str:
    """Runs as Markdown: bold/italic become **/*, http(s)/mailto hyperlinks become links."""
    from docx.text.hyperlink import Hyperlink

    pieces: list[tuple[str, bool, bool]] = []  # (text, bold, italic), links already rendered
    for item in paragraph.iter_inner_content():
        if isinstance(item, Hyperlink):
            text = item.text
            try:
                address = (item.address or "").strip()
            except Exception:  # noqa: BLE001 - a relationship id missing from the rels part
                address = ""
            if text.strip() and re.match(r"(?i)(https?://|mailto:)\S+$", address):
                pieces.append((f"[{text.strip()}]({address})", False, False))
            else:
                pieces.append((text, False, False))
        else:
            pieces.append(
                (item.text.replace("\t", " "), _flag(item, "bold"), _flag(item, "italic"))
            )
    # Merge neighbours with the same formatting so "**a****b**" never happens.
    merged: list[list] = []
    for text, bold, italic in pieces:
        if merged and merged[-1][1:] == [bold, italic]:
            merged[-1][0] += text
        else:
            merged.append([text, bold, italic])
    out = []
    for text, bold, italic in merged:
        marker = ("**" if bold else "") + ("*" if italic else "")
        if marker and text.strip():
            lead = text[: len(text) - len(text.lstrip())]
            trail = text[len(text.rstrip()) :]
            out.append(f"{lead}{marker}{text.strip()}{marker[::-1]}{trail}")
        else:
            out.append(text)
    lines = [re.sub(r"[ \u00a0]+", " ", line).strip() for line in "".join(out).split("\n")]
    return "\n".join(line for line in lines if line)


def _flag(run: Any, name: str) -> bool:
    """A run's bold or italic; a value Word would not write (w:val="junk") counts as off."""
    try:
        return bool(getattr(run, name))
    except Exception:  # noqa: BLE001 - python-docx's InvalidXmlError
        return False


# --------------------------------------------------------------------------- lists


class _Numbering:
    """Tells bullets from numbers for paragraphs numbered directly (List Paragraph + numPr)."""

    def __init__(self, document: Any) -> None:
        self.formats: dict[tuple[str, str], str] = {}
        try:
            root = document.part.numbering_part.element
        except Exception:  # noqa: BLE001 - no numbering part
            return
        abstract = {}
        for node in root.iter(f"{_W}abstractNum"):
            levels = {}
            for lvl in node.iter(f"{_W}lvl"):
                fmt = lvl.find(f"{_W}numFmt")
                levels[lvl.get(f"{_W}ilvl")] = fmt.get(f"{_W}val") if fmt is not None else "bullet"
            abstract[node.get(f"{_W}abstractNumId")] = levels
        for num in root.iter(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            if ref is not None:
                for ilvl, fmt in abstract.get(ref.get(f"{_W}val"), {}).items():
                    self.formats[(num.get(f"{_W}numId"), ilvl)] = fmt

    def marker(self, paragraph: Paragraph) -> tuple[str, int] | None:
        num_pr = paragraph._p.find(f"{_W}pPr/{_W}numPr")
        if num_pr is None:
            return None
        num_id = num_pr.find(f"{_W}numId")
        ilvl = num_pr.find(f"{_W}ilvl")
        num = num_id.get(f"{_W}val") if num_id is not None else None
        if num in (None, "0"):
            return None
        level = ilvl.get(f"{_W}val") if ilvl is not None else "0"
        fmt = self.formats.get((num, level), "bullet")
        depth = int(level) if level and level.isdigit() else 0
        return ("-" if fmt in {"bullet", "none"} else "1."), min(depth, 8)


def _list_marker(
    paragraph: Paragraph, styles: set[str], numbering: _Numbering
) -> tuple[str, int] | None:
    for style_name in styles:
        match = re.fullmatch(r"List (Bullet|Number)(?: (\d))?", style_name)
        if match:
            depth = int(match.group(2) or 1) - 1
            return ("-" if match.group(1) == "Bullet" else "1."), depth
    return numbering.marker(paragraph)


def _list_line(previous: str, marker: str, depth: int, text: str) -> str:
    """One Markdown list line; numbered items count on from the last item at the same depth."""
    indent = "   " * depth if marker == "1." else "  " * depth
    if marker == "1.":
        count = 1
        for line in reversed(previous.split("\n") if previous else []):
            stripped = line.lstrip(" ")
            line_indent = len(line) - len(stripped)
            if line_indent < len(indent):
                break
            if line_indent == len(indent):
                match = re.match(r"(\d+)\. ", stripped)
                if match:
                    count = int(match.group(1)) + 1
                break
        marker = f"{count}."
    return f"{indent}{marker} {text.replace(chr(10), ' ')}"


# --------------------------------------------------------------------------- tables


def table_markdown(table: Any) -> str:
    """A Word table as a pipe table; merged cells are written once; the first row is the header."""
    try:
        rows = _table_rows(table)
    except (RecursionError, MemoryError):
        raise
    except Exception:  # noqa: BLE001 - python-docx refuses odd merges and spans: read the XML
        rows = _raw_table_rows(table)
    if not rows:
        return ""
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "|".join(["---"] * width) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    return "\n".join(lines)


def _raw_table_rows(table: Any) -> list[list[str]]:
    """Each row's cells as plain text, straight from the XML (no merges, no formatting)."""
    rows = []
    for tr in table._tbl.iterchildren(f"{_W}tr"):
        cells = [
            " ".join("".join(t.text or "" for t in tc.iter(f"{_W}t")).split()).replace("|", "\\|")
            for tc in tr.iterchildren(f"{_W}tc")
        ]
        if any(cells):
            rows.append(cells)
    return rows


def _table_rows(table: Any) -> list[list[str]]:
    rows = []
    for row in table.rows:
        cells = []
        previous = None
        for cell in row.cells:
            if previous is not None and cell._tc is previous:
                cells.append("")  # the rest of a horizontally merged cell
                continue
            previous = cell._tc
            text = " ".join(inline_markdown(p) for p in cell.paragraphs).strip()
            cells.append(text.replace("\n", " ").replace("|", "\\|"))
        if any(cells):
            rows.append(cells)
    return rows
