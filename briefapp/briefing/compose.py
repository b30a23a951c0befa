"""Build briefing items from report sections (frozen snapshots with provenance)."""

from __future__ import annotations

import re

from briefapp.errors import BriefappError
from briefapp.ingest.sections import section_kind
from briefapp.library import Library, ReportFilter
from briefapp.models import Briefing, BriefingItem, Citation, Report, Section, SectionKind

DEFAULT_SECTIONS = ("Executive Summary", "Strategic Outlook")


def citation_for(report: Report) -> Citation:
    return Citation(
        report_id=report.id,
        title=report.title,
        publisher=report.publisher,
        published=report.published,
        grade=report.grade,
        source_file=report.source_file,
        url=report.url,
    )


def item_from_section(report: Report, section: Section, note: str | None = None) -> BriefingItem:
    """A snapshot of a section as it is now: later edits to the library do not change it."""
    return BriefingItem(
        heading=section.heading,
        text=section.text,
        source=citation_for(report),
        section_kind=section.kind,
        note=note or None,
    )


def own_text_item(markdown: str, heading: str = "", note: str | None = None) -> BriefingItem:
    """The analyst's own text. A leading Markdown heading becomes the item's heading."""
    text = markdown.strip()
    if not heading:
        m = re.match(r"^#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*(\n|$)", text)
        if m:
            heading, text = m.group(1).strip(), text[m.end() :].strip()
    return BriefingItem(heading=heading or "Analyst Comment", text=text, note=note or None)


def find_section(report: Report, wanted: str) -> Section | None:
    """The section headed ``wanted`` (case-insensitive), else the first of the same kind, so a
    request for "Executive Summary" also finds "Key Judgements" or "BLUF"."""
    exact = report.section(wanted)
    if exact is not None:
        return exact
    kind: SectionKind = section_kind(wanted)
    if wanted in ("summary", "outlook"):
        kind = "summary" if wanted == "summary" else "outlook"
    if kind == "other":
        return None
    return next(iter(report.sections_of_kind(kind)), None)


def quick_briefing(
    library: Library,
    filters: ReportFilter,
    sections: list[str] | tuple[str, ...] = DEFAULT_SECTIONS,
    title: str = "",
    limit: int = 200,
) -> Briefing:
    """Those sections of every matching report, newest first."""
    ids = library.report_ids(filters, sort="published", descending=True)[:limit]
    if not ids:
        raise BriefappError("no report matches these filters")
    briefing = Briefing(title=title or _quick_title(filters))
    for report_id in ids:
        report = library.get_report(report_id)
        for wanted in sections:
            section = find_section(report, wanted)
            if section is not None:
                briefing.items.append(item_from_section(report, section))
    if not briefing.items:
        raise BriefappError(
            f"none of the {len(ids)} matching reports has a section like {', '.join(sections)}"
        )
    return briefing


def _quick_title(filters: ReportFilter) -> str:
    scope = ", ".join(filters.countries + filters.topics)
    return f"{scope} Briefing" if scope else "Situation Briefing"
