"""Small text helpers of the briefing layout: dates, citation lines, item headings."""

from __future__ import annotations

import re
from datetime import date, datetime

from briefapp.models import BriefingItem, Citation

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
OWN_TEXT_HEADING = "Analyst comment"

_ATX = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")


def long_date(value: date | datetime | None) -> str:
    """``25 November 2026`` whatever the machine's locale."""
    if value is None:
        return ""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def citation_line(source: Citation) -> str:
    """``Source: <title> — <publisher>, 19 August 2025 · Grade B2`` (plain text)."""
    line = f"Source: {source.title.strip() or 'untitled report'}"
    details = ", ".join(
        p for p in ((source.publisher or "").strip(), long_date(source.published)) if p
    )
    if details:
        line += f" — {details}"
    if source.grade:
        line += f" · Grade {source.grade}"
    if source.source_deleted:
        line += " · source deleted"
    return line


def item_heading_and_body(item: BriefingItem) -> tuple[str, str]:
    """The heading to print and the Markdown body of an item.

    An own-text item without a heading takes the first Markdown heading of its text (which
    then leaves the body) or "Analyst comment"; a borrowed one takes its source's title.
    """
    body = item.body or ""
    heading = (item.heading or "").strip()
    if heading:
        return heading, body
    if item.source is not None:
        return item.source.title.strip() or "Untitled section", body
    found = first_markdown_heading(body)
    if found is None:
        return OWN_TEXT_HEADING, body
    text, start, end = found
    lines = body.split("\n")
    return text, "\n".join(lines[:start] + lines[end:])


def first_markdown_heading(text: str) -> tuple[str, int, int] | None:
    """(heading text, first line, line after it) of the first ATX or setext heading."""
    lines = text.split("\n")
    in_fence = False
    for i, line in enumerate(lines):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        m = _ATX.match(line)
        if m:
            return m.group(2).strip(), i, i + 1
        if (
            line.strip()
            and i + 1 < len(lines)
            and _SETEXT.match(lines[i + 1])
            and (i == 0 or not lines[i - 1].strip())
        ):
            return line.strip(), i, i + 2
    return None
