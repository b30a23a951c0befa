"""Plain dataclasses that cross every boundary (core, CLI, GUI, renderer).

Never database rows or Qt objects: the GUI and the renderer receive these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Literal, NewType

# What a section is for a briefing (normalised from headings: see ingest/sections.py).
SectionKind = Literal["summary", "outlook", "other"]
# What an export writes: a PDF, or a Word document (the CLI's --format, the GUI's choice).
ExportFormat = Literal["pdf", "docx"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = ("pdf", "docx")
PageSize = Literal["A4", "Letter"]
# An estimative scale: "us" (ICD 203) or "uk" (PHIA probability yardstick).
EstimativeKey = Literal["us", "uk"]
# Analytic confidence in a judgement (kept apart from its likelihood).
Confidence = Literal["low", "moderate", "high"]
Day = date  # inside Briefing, "date" names a field
# Ids of their own type (as Anki's NoteId/DeckId), so that passing a briefing's id where a
# report's is wanted is a type error; free at run time. Made once where ids enter the program
# (database rows, the command line, JSON), never scattered.
ReportId = NewType("ReportId", int)
SectionId = NewType("SectionId", int)
BriefingId = NewType("BriefingId", int)
UNKNOWN_GRADE = "F6"


@dataclass
class Section:
    """One section of a report: a heading and its Markdown text."""

    heading: str
    text: str
    kind: SectionKind = "other"
    position: int = 0
    id: SectionId | None = None
    report_id: ReportId | None = None


@dataclass
class Report:
    """A report in the library (metadata plus its sections)."""

    title: str
    publisher: str | None = None
    published: datetime | None = None
    countries: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    source_file: str | None = None
    content_hash: str | None = None
    format: str | None = None
    imported_at: datetime | None = None
    grade: str = UNKNOWN_GRADE
    tags: list[str] = field(default_factory=list)
    url: str | None = None  # the captured page's canonical address (web pages, front matter)
    id: ReportId | None = None
    near_duplicate_of: ReportId | None = None  # the report this one repeats (another capture)

    def section(self, heading: str) -> Section | None:
        """The first section whose heading matches case-insensitively."""
        wanted = heading.strip().casefold()
        return next((s for s in self.sections if s.heading.strip().casefold() == wanted), None)

    def sections_of_kind(self, kind: SectionKind) -> list[Section]:
        return [s for s in self.sections if s.kind == kind]


@dataclass
class Citation:
    """Where a borrowed section came from, frozen when it was added to a briefing."""

    report_id: ReportId | None
    title: str
    publisher: str | None = None
    published: datetime | None = None
    grade: str = UNKNOWN_GRADE
    source_file: str | None = None
    url: str | None = None  # the report's web address, for readers to check the source
    # Not stored: set when the briefing is loaded or shown, if the report is in the library's
    # trash or gone (the briefing keeps its copy of the text; the PDF says so).
    source_deleted: bool = False


@dataclass
class BriefingItem:
    """One item of a briefing: a snapshot of a report's section, or the analyst's own Markdown.

    ``text`` is the snapshot (or own text); ``edited_text`` is the analyst's edit of a borrowed
    section, which never touches the library's original.
    """

    heading: str
    text: str
    source: Citation | None = None  # None: the analyst's own text
    section_kind: SectionKind = "other"
    note: str | None = None
    edited_text: str | None = None
    marking: str = ""  # portion marking, a level of the briefing's scheme ("" : unmarked)
    id: int | None = None  # its row among the items (not a BriefingId: nothing looks it up)

    @property
    def is_own_text(self) -> bool:
        return self.source is None

    @property
    def body(self) -> str:
        """The Markdown to publish: the analyst's edit when there is one."""
        return self.edited_text if self.edited_text is not None else self.text


CONFIDENCE_LEVELS: tuple[Confidence, ...] = ("low", "moderate", "high")


@dataclass
class Judgement:
    """A key judgement: one estimative statement printed on the Key Judgements page."""

    text: str
    likelihood: str = ""  # a term of the estimative scale ("likely", "realistic possibility")
    confidence: str = ""  # low | moderate | high (analytic confidence, kept apart)
    marking: str = ""


@dataclass
class Briefing:
    """A briefing being composed: metadata and an ordered list of items."""

    title: str
    subtitle: str = ""
    author: str = ""
    date: date | None = None
    classification: str = ""  # empty: the brand's default
    brand: str = "default"
    items: list[BriefingItem] = field(default_factory=list)
    scheme: str = ""  # marking scheme (us, uk, nato, tlp or a brand's); "": free classification
    reference: str = ""
    cutoff: Day | None = None  # information cut-off
    distribution: list[str] = field(default_factory=list)
    judgements: list[Judgement] = field(default_factory=list)
    id: BriefingId | None = None
    updated_at: datetime | None = None
    # The saved version this copy was loaded from (server libraries): a save over a newer
    # version is refused as a conflict rather than losing another analyst's changes.
    version: int | None = None

    def cited_reports(self) -> list[Citation]:
        """Distinct citations in order of first use (for the Sources annex)."""
        seen: dict[object, Citation] = {}
        for item in self.items:
            if item.source is not None:
                key = (
                    item.source.report_id
                    if item.source.report_id is not None
                    else item.source.title
                )
                seen.setdefault(key, item.source)
        return list(seen.values())


@dataclass
class Brand:
    """A branding profile loaded from a brand folder."""

    name: str
    organisation: str
    folder: Path
    logo: Path | None = None
    colours: dict[str, str] = field(default_factory=dict)
    fonts: dict[str, Path] = field(default_factory=dict)
    page_size: PageSize = "A4"
    classification: str = "UNCLASSIFIED"
    handling: str = ""
    disclaimer: str = ""
    tagline: str = ""
    markings: tuple[tuple[str, str], ...] = ()  # a brand's own scheme: (banner, portion) levels
    marking_scheme: str = ""  # the name of that scheme
    estimative: EstimativeKey | Literal[""] = ""  # "": the scheme's own scale
