"""Markdown blocks from PDF text lines: headings, list items and reflowed paragraphs.

Headings come from font size and weight, list items from bullets and numbers; paragraphs are
reflowed and words hyphenated across line ends joined.
"""

from __future__ import annotations

import re
from collections import Counter

from briefapp.ingest.blocks import HEADING, LIST, PARAGRAPH, Block
from briefapp.ingest.pdf_lines import Line

HEADING_RATIO = 1.15  # a line this much larger than body text is a heading
BULLET = re.compile(r"^([•◦▪▫●○■□‣⁃∙·*\-–—])\s+(.*)$")
_NUMBERED = re.compile(r"^(\d{1,3}|[a-z])[.)]\s+(.*)$")


def _line_kind(line: Line, body_size: float) -> str:
    if line.size >= body_size * HEADING_RATIO:
        return "heading"
    if line.bold and len(line.text.split()) <= 14 and not line.text.endswith((".", ",", ";")):
        return "bold"
    if BULLET.match(line.text) or _NUMBERED.match(line.text):
        return "item"
    return "text"


def lines_to_blocks(lines: list[Line], body_size: float) -> list[Block]:
    """Group lines into headings, list items and reflowed paragraphs (by box, gap and style)."""
    heading_sizes = sorted(
        {line.size for line in lines if line.size >= body_size * HEADING_RATIO}, reverse=True
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
        text = join_lines([line.text for line in group], vocabulary)
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
            blocks[-1].text = join_lines([blocks[-1].text, text], vocabulary)
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
    bullet = BULLET.match(text)
    if bullet:
        return f"- {bullet.group(2)}"
    number = _NUMBERED.match(text)
    assert number is not None, text  # (only called on lines that are list items)
    return f"{number.group(1)}. {number.group(2)}"


def join_lines(parts: list[str], vocabulary: Counter | None = None) -> str:
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
