"""Small text helpers of the briefing layout (PDF and Word alike): dates, citation lines,
item headings and titles, which items cite which report, portion marks and the estimative
tags of key judgements."""

from __future__ import annotations

import re
from datetime import date, datetime

from briefapp.briefing.estimative import Scale
from briefapp.briefing.markings import Markings
from briefapp.models import Briefing, BriefingItem, Citation, Judgement

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
KIND_LABELS = {"summary": "Summary", "outlook": "Outlook"}

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


def display_title(item: BriefingItem, heading: str) -> tuple[str, str]:
    """(title, label) of an item: a borrowed section is headed by its report's title and
    labelled with the section's own heading; the analyst's text by its heading."""
    if item.source is not None and item.source.title.strip():
        return item.source.title.strip(), heading
    label = "Analyst comment" if item.is_own_text else KIND_LABELS.get(item.section_kind, "")
    return heading, label


def same_report(a: Citation, b: Citation) -> bool:
    """Whether two citations name the same report (by id, or by title when neither has one)."""
    if a.report_id is not None or b.report_id is not None:
        return a.report_id == b.report_id
    return a.title == b.title


def continued_source(previous: BriefingItem, item: BriefingItem) -> Citation | None:
    """``item``'s source when it is a further section of the report ``previous`` cites."""
    if previous.source is None or item.source is None:
        return None
    return item.source if same_report(previous.source, item.source) else None


def items_citing(briefing: Briefing, cited: list[Citation]) -> dict[int, list[int]]:
    """Index in ``cited`` -> the numbers (from 1) of the items that cite that report."""
    used_in: dict[int, list[int]] = {}
    for n, item in enumerate(briefing.items, start=1):
        if item.source is not None:
            for i, citation in enumerate(cited):
                if citation is item.source or same_report(citation, item.source):
                    used_in.setdefault(i, []).append(n)
                    break
    return used_in


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


def portion(markings: Markings | None, n: int, *, judgement: bool = False) -> str:
    """The portion mark of item (or judgement) ``n`` (1-based), or "" without a scheme."""
    if markings is None:
        return ""
    levels = markings.judgements if judgement else markings.items
    return levels[n - 1].mark


def judgement_tags(judgement: Judgement, scale: Scale) -> list[str]:
    """``["LIKELY (55–80 %)", "MODERATE CONFIDENCE"]``: what a judgement states, in capitals."""
    tags = []
    term = scale.find(judgement.likelihood) if judgement.likelihood else None
    if term is not None:
        tags.append(f"{term.term.upper()} ({scale.range_of(term)})")
    elif judgement.likelihood:
        tags.append(judgement.likelihood.upper())
    if judgement.confidence:
        tags.append(f"{judgement.confidence.upper()} CONFIDENCE")
    return tags


def scale_rows(scale: Scale) -> list[tuple[str, str]]:
    """(term with its synonyms, probability range) of each term of ``scale``."""
    rows = []
    for term in scale.terms:
        name = term.term.capitalize()
        if term.synonyms:
            name += f" ({', '.join(term.synonyms)})"
        rows.append((name, scale.range_of(term)))
    return rows


def scale_intro(scale: Scale) -> str:
    """The sentence opening the estimative-language annex."""
    return f"Likelihood is expressed with the terms of the {scale.name}. Source: {scale.citation}."
