"""Split a report's blocks into sections and give each section a normalised kind."""

from __future__ import annotations

import re
from functools import lru_cache

from briefapp.ingest.blocks import HEADING, Block
from briefapp.models import Section, SectionKind

_SUMMARY = re.compile(
    r"^(executive summary|summary|key (judge?ments?|findings|points|takeaways)|bluf|"
    r"bottom line( up front)?|overview|at a glance|in brief|synopsis|abstract|highlights|"
    r"résumé|synthèse|key messages)$",
    re.I,
)
_OUTLOOK = re.compile(
    r"^((strategic |short[- ]term |medium[- ]term |long[- ]term |security |regional |"
    r"political |economic )?(outlook|forecast|prospects)|looking ahead|what (comes|to watch) next|"
    r"what to watch|the way (ahead|forward)|future scenarios|scenarios|implications( and outlook)?|"
    r"perspectives)$",
    re.I,
)
# Headings every analyst recognises, accepted even when not title-cased.
_KNOWN_HEADINGS = re.compile(
    r"^(background|context|analysis|assessment|key developments|recent developments|"
    r"security situation|humanitarian (impact|situation)|recommendations|conclusion|conclusions|"
    r"methodology|indicators|risks|timeline|actors|key actors)$",
    re.I,
)
_SMALL_WORDS = {
    "a",
    "an",
    "and",
    "as",
    "at",
    "by",
    "for",
    "from",
    "in",
    "into",
    "of",
    "on",
    "or",
    "the",
    "to",
    "vs",
    "via",
    "with",
    "de",
    "la",
    "le",
    "et",
    "du",
    "des",
}
DEFAULT_HEADING = "Report"
LONGEST_HEADING = 70  # characters: a longer line is never a heading


_TRAILING_PUNCTUATION = re.compile(r"[\s:.\-–—]+$")
# (Compiled once: re.match(string, ...) looks its pattern up in a cache at every call.)
_NUMBERED_ITEM = re.compile(r"^\d+[.)]\s")
_HEADING_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_YEAR = re.compile(r"\d{4}")
_SPACES = re.compile(r"\s+")
_BLUF = re.compile(r"\bBluf\b")
_NUMBERING = re.compile(r"^\d+(\.\d+)*\.?\s+")


# Reports repeat their headings ("Executive Summary", "Outlook"): the tests of a heading
# are kept for the next report (they are pure functions of the text).
_HEADINGS_KEPT = 4096


@lru_cache(maxsize=_HEADINGS_KEPT)
def section_kind(heading: str) -> SectionKind:
    """``summary``, ``outlook`` or ``other`` for a section heading."""
    h = _NUMBERING.sub(
        "", _TRAILING_PUNCTUATION.sub("", heading.strip())
    )  # "1. Executive Summary:"
    if _SUMMARY.match(h):
        return "summary"
    if _OUTLOOK.match(h):
        return "outlook"
    return "other"


def is_known_heading(line: str) -> bool:
    text = line.strip().rstrip(":")
    return bool(_SUMMARY.match(text) or _OUTLOOK.match(text) or _KNOWN_HEADINGS.match(text))


@lru_cache(maxsize=_HEADINGS_KEPT)
def looks_like_heading(line: str) -> bool:
    """A plain-text line that reads as a section heading: short, title case, no final stop."""
    text = line.strip()
    if not text or len(text) > LONGEST_HEADING:
        return False
    if is_known_heading(text):
        return True
    if text[-1] in '.,;:!?*"”’)' or text[0] in '-•*–—"“(' or _NUMBERED_ITEM.match(text):
        return False
    words = _HEADING_WORD.findall(text)
    if not words or len(words) > 8 or len(text.split()) > 9:
        return False
    if _YEAR.search(text):  # dates and years read as teaser lines, not headings
        return False
    significant = [w for w in words if w.lower() not in _SMALL_WORDS]
    if not significant:
        return False
    capitalised = sum(1 for w in significant if w[0].isupper())
    return capitalised == len(significant)


@lru_cache(maxsize=_HEADINGS_KEPT)
def tidy_heading(text: str) -> str:
    """Headings typed in capitals read better in title case; others are kept as written."""
    text = _SPACES.sub(" ", text.strip().rstrip(":"))
    if text.isupper() and len(text) > 4:
        words = text.title().split()
        text = " ".join(
            w.lower() if i and w.lower() in _SMALL_WORDS else w for i, w in enumerate(words)
        )
        text = _BLUF.sub("BLUF", text)
    return text


def split_sections(blocks: list[Block], default_heading: str = DEFAULT_HEADING) -> list[Section]:
    """Group blocks into sections at headings of level 2 and deeper.

    Level-3+ headings stay inside their section as Markdown sub-headings when a level-2
    section is open. Text before the first heading becomes a section of its own (headed
    ``default_heading``; "Summary" only if it is the whole report, see pipeline).
    """
    sections: list[Section] = []
    heading: str | None = None
    parts: list[str] = []
    top_level = min((b.level for b in blocks if b.kind == HEADING and b.level >= 2), default=2)

    def flush() -> None:
        text = "\n\n".join(p for p in parts if p.strip()).strip()
        if not text:
            return  # a heading with no text under it is not a section
        h = heading or default_heading
        sections.append(Section(heading=h, text=text, kind=section_kind(h) if heading else "other"))

    for block in blocks:
        if block.kind == HEADING and block.level >= 2:
            if block.level == top_level or heading is None:
                flush()
                heading, parts = tidy_heading(block.text), []
            else:
                parts.append("#" * min(block.level - top_level + 2, 6) + " " + block.text.strip())
        elif block.kind == HEADING:
            continue  # the title, handled by the pipeline
        else:
            parts.append(block.text)
    flush()
    for i, s in enumerate(sections):
        s.position = i
    return sections
