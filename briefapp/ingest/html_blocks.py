"""Turn trafilatura's article tree (its XML: head, p, list/item, table/row/cell, quote, code,
hi, ref, lb) into our Markdown blocks.

Walks are iterative (``etree.iterwalk``) or bounded by ``MAX_NESTING``, so no page can raise
RecursionError here.
"""

from __future__ import annotations

import re

from lxml import etree

from briefapp.ingest.blocks import CODE, HEADING, LIST, PARAGRAPH, QUOTE, TABLE, Block
from briefapp.links import markdown_link_target

MAX_NESTING = 12  # lists and quotes nested deeper than this are flattened into their text

_SPACE = re.compile(r"[ \t\r\n\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\ufeff\u00ad]")
_LINE_BREAK = "\x00BR\x00"
# Emphasis goes out as private markers first, so spaces can be moved outside them afterwards
# ("**bold** text", never "** bold **").
_OPEN = {"b": "\x01B", "i": "\x01I", "c": "\x01C"}
_CLOSE = {"b": "\x02B", "i": "\x02I", "c": "\x02C"}
_MARKS = {"B": "**", "I": "*", "C": "`"}
_REND_KIND = {"#b": "b", "#i": "i", "#t": "c"}


def clean_text(text: str) -> str:
    """Collapse whitespace runs (including no-break spaces) and drop zero-width characters."""
    return _SPACE.sub(" ", _ZERO_WIDTH.sub("", text)).strip()


def inline_markdown(el: etree._Element, skip: frozenset[str] = frozenset()) -> str:
    """Render an element's inline content as Markdown; ``skip``: child tags left out."""
    out: list[str] = [el.text or ""]
    depth = {"b": 0, "i": 0, "c": 0}
    closers: list[str | None] = []
    skipping = 0
    walk = etree.iterwalk(el, events=("start", "end"))
    next(walk)  # the element itself: its text is already out
    for event, node in walk:
        if node is el:
            break
        if skipping:
            skipping += 1 if event == "start" else -1
            if skipping == 0:
                out.append(node.tail or "")
            continue
        tag = node.tag if isinstance(node.tag, str) else ""
        if event == "start":
            if tag in skip:
                skipping = 1
                continue
            out.append(_open(node, tag, depth, closers))
            out.append(node.text or "")
        else:
            closer = closers.pop()
            if closer is not None:
                kind = closer[1:2].lower() if closer.startswith("\x02") else ""
                if kind in depth:
                    depth[kind] -= 1
                    out.append(closer if depth[kind] == 0 else "")
                else:
                    out.append(closer)
            out.append(node.tail or "")
    return _finish_inline("".join(out))


def _open(node: etree._Element, tag: str, depth: dict[str, int], closers: list) -> str:
    """Return the opening mark for an inline element and remember how to close it."""
    if tag == "lb":
        closers.append(None)
        return _LINE_BREAK
    kind = _REND_KIND.get(node.get("rend", "")) if tag == "hi" else ("c" if tag == "code" else None)
    if kind:
        depth[kind] += 1
        closers.append(_CLOSE[kind])
        return _OPEN[kind] if depth[kind] == 1 else ""
    href = markdown_link_target(node.get("target")) if tag == "ref" else None
    if href and clean_text("".join(node.itertext())):
        closers.append(f"]({href})")
        return "["
    closers.append(" " if tag in {"p", "list", "item", "head", "quote", "table"} else None)
    return " " if closers[-1] else ""


def _finish_inline(text: str) -> str:
    lines = [_place_markers(clean_text(part)) for part in text.split(_LINE_BREAK)]
    text = "\n".join(line for line in lines if line)
    text = re.sub(r"\[\s+", "[", text)
    text = re.sub(r"\s+\]\(", "](", text)
    text = re.sub(r"\[\]\([^)]*\)", "", text)
    return text.strip()


def _place_markers(text: str) -> str:
    """Turn emphasis markers into Markdown, with spaces moved outside and empty pairs dropped."""
    for _ in range(3):
        text = re.sub(r"(\x01[BIC])(\s+)", r"\2\1", text)
        text = re.sub(r"(\s+)(\x02[BIC])", r"\2\1", text)
        text = re.sub(r"\x01([BIC])\x02\1", "", text)
    text = re.sub(r"[\x01\x02]([BIC])", lambda m: _MARKS[m.group(1)], text)
    return clean_text(text)


_BLOCK_TAGS = {"head", "p", "list", "table", "quote", "code"}


def blocks_from(body: etree._Element) -> list[Block]:
    """Return the blocks of trafilatura's article body, in reading order."""
    blocks: list[Block] = []
    stack = list(reversed(body))
    while stack:
        el = stack.pop()
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "table" and _is_layout_table(el):
            stack.extend(reversed(_layout_cells(el)))
            continue
        if tag == "div" and any(isinstance(c.tag, str) and c.tag in _BLOCK_TAGS for c in el):
            # Read favouring recall, trafilatura keeps the page's own containers: open them.
            stack.extend(reversed(el))
            continue
        block = _block(el, tag, 0)
        if block is not None and block.text:
            blocks.append(block)
    return blocks


def _is_layout_table(table: etree._Element) -> bool:
    """Old sites lay whole pages out in tables: cells holding headings, paragraphs or lists."""
    return any(
        child.tag in _BLOCK_TAGS
        for row in table.iterchildren("row")
        for cell in row
        for child in cell
    )


def _layout_cells(table: etree._Element) -> list[etree._Element]:
    """Return what a layout table's cells hold, in reading order, without its link-only cells
    (the site's navigation)."""
    found: list[etree._Element] = []
    for row in table.iterchildren("row"):
        for cell in row.iterchildren("cell"):
            inner = [child for child in cell if child.tag in _BLOCK_TAGS]
            if inner:
                found += inner
            elif clean_text("".join(cell.itertext())) != clean_text(
                "".join(t for ref in cell.iter("ref") for t in ref.itertext())
            ):
                found.append(cell)
    return found


def _block(el: etree._Element, tag: str, depth: int) -> Block | None:
    if tag == "head":
        level = (
            int(el.get("rend", "h2")[1:2] or 2)
            if re.fullmatch(r"h[1-6]", el.get("rend", ""))
            else 2
        )
        text = re.sub(r"^\*\*(.*)\*\*$", r"\1", inline_markdown(el).replace("\n", " "))
        return Block(HEADING, text, level=level)
    if tag == "list":
        return Block(LIST, list_markdown(el, depth))
    if tag == "table":
        return Block(TABLE, table_markdown(el))
    if tag == "code" or (tag == "quote" and _is_preformatted(el)):
        code = "".join(el.itertext()).strip("\n")
        return Block(CODE, f"```\n{code}\n```") if code.strip() else None
    if tag == "quote":
        return Block(QUOTE, _quote_markdown(el, depth))
    return Block(PARAGRAPH, inline_markdown(el))


def _is_preformatted(el: etree._Element) -> bool:
    """A <pre> reaches us as a quote whose text keeps its line breaks and column spacing."""
    return len(el) == 0 and "\n" in (el.text or "").strip() and "  " in (el.text or "")


def _quote_markdown(el: etree._Element, depth: int) -> str:
    if depth >= MAX_NESTING or not any(isinstance(c.tag, str) and c.tag != "hi" for c in el):
        return _quoted(inline_markdown(el))
    parts = []
    if (el.text or "").strip():
        parts.append(clean_text(el.text or ""))
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        inner = _block(child, tag, depth + 1)
        if inner is not None and inner.text:
            parts.append(inner.text)
        if (child.tail or "").strip():
            parts.append(clean_text(child.tail or ""))
    return "\n>\n".join(_quoted(p) for p in parts)


def _quoted(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in text.split("\n"))


def list_markdown(el: etree._Element, depth: int = 0) -> str:
    """Return a list as Markdown lines; nested lists indented under their item."""
    ordered = el.get("rend") == "ol"
    indent = "   " if ordered else "  "
    lines = []
    number = 1
    for item in el:
        if item.tag != "item":
            continue
        text = inline_markdown(item, skip=frozenset({"list"})).replace("\n", " ")
        if text:
            lines.append(f"{number}. {text}" if ordered else f"- {text}")
            number += 1
        for sub in item.iterchildren("list"):
            if depth < MAX_NESTING:
                nested = list_markdown(sub, depth + 1)
            else:
                nested = "- " + clean_text(" ".join(sub.itertext()))
            lines += [indent + line for line in nested.split("\n") if line]
    return "\n".join(lines)


def table_markdown(table: etree._Element) -> str:
    """Return a table as a GitHub pipe table; the first row is the header row."""
    rows: list[list[str]] = []
    for row in table.iterchildren("row"):
        cells = []
        for cell in row.iterchildren("cell"):
            cells.append(inline_markdown(cell).replace("\n", " ").replace("|", "\\|"))
            try:
                span = min(int(cell.get("span", 1)), 50)
            except ValueError:
                span = 1
            cells += [""] * (span - 1)
        if any(cells):
            rows.append(cells)
    if not rows:
        return ""
    width = max(len(r) for r in rows)
    if width == 1 and len(rows) == 1:
        return ""  # a one-cell table holds no tabular data
    rows = [r + [""] * (width - len(r)) for r in rows]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "|".join(["---"] * width) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    return "\n".join(lines)
