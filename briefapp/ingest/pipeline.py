"""The import pipeline: bytes -> format -> blocks -> no boilerplate -> sections -> metadata.

Every step is a function of plain values; :func:`parse_report` ties them together and is what
the library calls for each file. It never touches the database.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from briefapp.errors import ImportFailed
from briefapp.ingest import boilerplate, markdown_source, text
from briefapp.ingest.blocks import (
    HEADING,
    LIST,
    PARAGRAPH,
    TABLE,
    Block,
    Extracted,
    split_keywords,
)
from briefapp.ingest.countries import curated_country, find_countries, normalise_countries
from briefapp.ingest.dates import parse_published, read_date_line
from briefapp.ingest.decode import FormatError, decode_text, detect_format
from briefapp.ingest.header import opens_header, read_header, split_values
from briefapp.ingest.sections import looks_like_heading, split_sections
from briefapp.ingest.titles import split_site_name
from briefapp.ingest.topics import guess_topics, normalise_topics
from briefapp.models import Report, Section

WHOLE_REPORT_HEADING = "Full Text"
INTRO_HEADING = "Introduction"


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def extract(data: bytes, name: str, fmt: str) -> Extracted:
    """Run the extractor for a format (binary formats import their parser lazily)."""
    if fmt == "text":
        return text.extract(decode_text(data), name)
    if fmt == "markdown":
        return markdown_source.extract(decode_text(data), name)
    if fmt == "html":
        from briefapp.ingest import html

        return html.extract(data, name)
    if fmt == "pdf":
        from briefapp.ingest import pdf

        return pdf.extract(data, name)
    if fmt == "docx":
        from briefapp.ingest import docx

        return docx.extract(data, name)
    raise FormatError(f"unsupported format {fmt}")


def _clean_blocks(extracted: Extracted) -> None:
    """Drop boilerplate the format extractor did not already remove."""
    if extracted.boilerplate_free:
        return
    blocks = extracted.blocks
    paragraphs = [i for i, b in enumerate(blocks) if b.kind == PARAGRAPH]
    for i in paragraphs[-boilerplate.TAIL_PARAGRAPHS :]:
        # Markdown keeps several paragraphs in one block: look at each.
        parts = blocks[i].text.split("\n\n")
        kept = boilerplate.drop_call_to_action_blocks(parts)
        if len(kept) < len(parts):
            blocks[i].text = "\n\n".join(kept)
            del blocks[i + 1 :]
            break
    extracted.blocks = [b for b in blocks if b.text.strip()]


_HEADER_BLOCKS = 12  # a header table sits in the first few blocks, above any section
_TABLE_RULE = re.compile(r"^\|?[\s:|-]+\|?$")
_LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d{1,2}[.)])\s+")


def _block_lines(block: Block) -> list[str]:
    """The lines a header reader sees in a block: table cells row by row, list items bare."""
    if block.kind == TABLE:
        cells: list[str] = []
        for row in block.text.splitlines():
            if not _TABLE_RULE.match(row):
                cells.extend(c.strip() for c in row.strip().strip("|").split("|"))
        return cells
    lines = block.text.splitlines()
    if block.kind == LIST:
        return [_LIST_MARKER.sub("", line) for line in lines]
    return lines


def _lift_header_block(extracted: Extracted) -> None:
    """Read a header table (When / Location / Topic ..., alternating or grouped) from the
    first blocks of any format, and drop its lines from the text. Metadata the format
    declared (front matter, meta tags) stands over the header's."""
    blocks = extracted.blocks
    first = next((i for i, b in enumerate(blocks[:3]) if b.kind != HEADING), None)
    if first is None or not any(opens_header(line) for line in _block_lines(blocks[first])[:1]):
        return
    owners: list[int] = []  # block index of each line
    lines: list[str] = []
    for i in range(first, min(len(blocks), first + _HEADER_BLOCKS)):
        if blocks[i].kind not in (PARAGRAPH, LIST, TABLE):
            break
        block_lines = _block_lines(blocks[i])
        owners.extend([i] * len(block_lines))
        lines.extend(block_lines)
    fields, end = read_header(lines)
    if end == 0:
        return
    consumed = owners[:end]
    for i in sorted(set(consumed)):
        left = owners.count(i) - consumed.count(i)
        if left and blocks[i].kind == TABLE:
            return  # a table that is only partly a header is a table of the report
        blocks[i].text = "\n".join(blocks[i].text.splitlines()[-left:]) if left else ""
    extracted.blocks = [b for b in blocks if b.text.strip()]
    extracted.published = extracted.published or fields.get("published")
    extracted.countries = extracted.countries or split_values(fields.get("countries", ""))
    extracted.topics = extracted.topics or split_values(fields.get("topics", ""))
    extracted.publisher = extracted.publisher or fields.get("publisher")
    extracted.author = extracted.author or fields.get("author")


_LABEL_LINE = re.compile(r"^\s*(countries|country|location|topics?|themes?)\s*:\s*(.+)$", re.I)


def _lift_label_lines(extracted: Extracted) -> None:
    """Documents often open with a line such as "Countries: Mali, Niger · Topics: Security":
    it is metadata, not text. Read it (unless the format gave metadata) and drop it."""
    for block in extracted.blocks[:4]:
        if block.kind != PARAGRAPH or not _LABEL_LINE.match(block.text.lstrip().partition("\n")[0]):
            continue  # (a label line opens the block: a quick test before splitting it)
        parts = [p for p in re.split(r"\s+[·|•]\s+|\n", block.text) if p.strip()]
        labelled = [_LABEL_LINE.match(p) for p in parts]
        if not parts or not all(labelled):
            continue
        for m in filter(None, labelled):
            values = split_keywords(m.group(2))
            if m.group(1).lower().startswith(("countr", "locat")):
                extracted.countries = extracted.countries or values
            else:
                extracted.topics = extracted.topics or values
        block.text = ""
    extracted.blocks = [b for b in extracted.blocks if b.text.strip()]


_DATE_LINE_BLOCKS = 4  # date lines sit between the title and the first paragraph
_DATE_LINE_PARTS = 6


def _lift_date_line(extracted: Extracted) -> None:
    """Pages state their date in a line near the top ("Published 20 June 2026", "Publié le
    19 août 2025", "Updated: ...", "3 hours ago"): such lines are furniture, never text. The
    first "published" one dates a report whose metadata gave none; an "Updated" one dates it
    only when nothing else does."""
    updated: str | None = None
    parts_seen = 0
    for block in extracted.blocks[:_DATE_LINE_BLOCKS]:
        if block.kind != PARAGRAPH or parts_seen >= _DATE_LINE_PARTS:
            continue
        parts = block.text.split("\n\n")  # (Markdown keeps several paragraphs in one block)
        kept_parts = []
        for part in parts:
            parts_seen += 1
            lines = part.split("\n")
            found = [read_date_line(line) if len(line) <= 100 else None for line in lines]
            if parts_seen > _DATE_LINE_PARTS or not any(found):
                kept_parts.append(part)
                continue
            for line in found:
                if line is None or line.date is None:
                    continue
                if line.kind == "published":
                    extracted.published = extracted.published or line.date
                else:
                    updated = updated or line.date
            kept = [text for text, line in zip(lines, found, strict=True) if line is None]
            if kept:
                kept_parts.append("\n".join(kept))
        if len(kept_parts) < len(parts):
            block.text = "\n\n".join(kept_parts)
    extracted.published_fallback = extracted.published_fallback or updated
    extracted.blocks = [b for b in extracted.blocks if b.text.strip()]


_BOLD_LINE = re.compile(r"^(?:\*\*|__)([^*_\n]{2,70}?)[:.]?(?:\*\*|__)[:.]?$")


def _bold_heading(text: str) -> str | None:
    m = _BOLD_LINE.match(text.strip())
    return m.group(1).strip() if m and looks_like_heading(m.group(1)) else None


def _promote_bold_headings(blocks: list[Block]) -> list[Block]:
    """Pages and documents without heading markup head their sections with a bold line
    ("<p><strong>Summary</strong></p>", "**Outlook**"): in a report with no other headings,
    such a line alone in its paragraph is a section heading."""
    if any(b.kind == HEADING and b.level >= 2 for b in blocks):
        return blocks
    if not any(b.kind == PARAGRAPH and ("**" in b.text or "__" in b.text) for b in blocks):
        return blocks
    out: list[Block] = []
    for block in blocks:
        if block.kind != PARAGRAPH:
            out.append(block)
            continue
        parts: list[str] = []
        for part in block.text.split("\n\n"):
            heading = _bold_heading(part)
            if heading is None:
                parts.append(part)
                continue
            if parts:
                out.append(Block(PARAGRAPH, "\n\n".join(parts)))
                parts = []
            out.append(Block(HEADING, heading, level=2))
        if parts:
            out.append(Block(PARAGRAPH, "\n\n".join(parts)))
    if out and out[-1].kind == HEADING:  # (a level-1 title never ends the blocks)
        # A bold line with no text after it is emphasis at the end, not a heading.
        out[-1] = Block(PARAGRAPH, f"**{out[-1].text}**")
    return out


_SENTENCE_END = re.compile(r"[.!?…”\"]$")


def _is_page_furniture(text: str) -> bool:
    """Short lines with no sentence in them: a category kicker, a byline, a date, a download
    link — what pages put between the title and the first heading."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return (
        bool(lines)
        and len(text) < 300
        and all(len(line) < 80 and not _SENTENCE_END.search(line) for line in lines)
    )


_SUMMARY_CHARS = 1500  # a report without a summary section: its opening stands for one


def _summary_text(sections: list[Section]) -> str:
    """The summary sections' text, or else the opening of the report."""
    summary = "\n".join(s.text for s in sections if s.kind == "summary")
    return summary or "\n".join(s.text for s in sections)[:_SUMMARY_CHARS]


_SPACES = re.compile(r"\s+")


def build_report(extracted: Extracted, name: str) -> Report:
    """Turn extracted blocks and hints into a Report with sections and normalised metadata."""
    _clean_blocks(extracted)
    _lift_header_block(extracted)
    _lift_label_lines(extracted)
    _lift_date_line(extracted)
    blocks = extracted.blocks
    title = (extracted.title or "").strip()
    if not title:
        first = next((b for b in blocks if b.kind == HEADING and b.level == 1), None)
        title = (
            first.text.strip()
            if first
            else Path(name).stem.replace("_", " ").replace("-", " ").strip()
        )
    title = _SPACES.sub(" ", title).lstrip("# ").strip()
    publisher = (extracted.publisher or "").strip() or None
    if extracted.format in ("html", "markdown"):
        # Page titles carry the site's name ("Headline | Site"): it is the publisher.
        headline, site = split_site_name(title, publisher)
        if site and headline:
            if any(b.kind == HEADING and b.level == 1 and b.text.strip() == title for b in blocks):
                blocks = [b for b in blocks if not (b.kind == HEADING and b.text.strip() == title)]
            title, publisher = headline, publisher or site
    # A level-1 heading equal to the title is the title, not a section.
    blocks = [
        b for b in blocks if not (b.kind == HEADING and b.level == 1 and b.text.strip() == title)
    ]

    blocks = _promote_bold_headings(blocks)
    has_headings = any(b.kind == HEADING and b.level >= 2 for b in blocks)
    sections = split_sections(blocks, INTRO_HEADING if has_headings else WHOLE_REPORT_HEADING)
    if (
        len(sections) > 1
        and sections[0].heading == INTRO_HEADING
        and _is_page_furniture(sections[0].text)
    ):
        sections = sections[1:]  # a kicker, byline or "Download PDF" line above the first heading
        for position, section in enumerate(sections):
            section.position = position
    if not sections:
        raise ValueError("no report text found (only a title, boilerplate or nothing readable)")

    body = "\n".join(s.text for s in sections)
    countries = normalise_countries(extracted.countries)
    if not countries:
        countries = find_countries(title + "\n" + body)
    topics = normalise_topics([t for t in extracted.topics if not curated_country(t)])
    if not topics:
        topics = guess_topics(title, _summary_text(sections))
    return Report(
        title=title,
        publisher=publisher,
        published=parse_published(extracted.published)
        or parse_published(extracted.published_fallback),
        countries=countries,
        topics=topics,
        sections=sections,
        source_file=os.path.basename(name),
        format=extracted.format,
        url=extracted.url,
    )


def parse_report(data: bytes, name: str) -> Report:
    """Parse one file's bytes into a Report; raises ImportFailed naming the file and the problem."""
    try:
        fmt = detect_format(data, name)
        report = build_report(extract(data, name, fmt), name)
    except ImportFailed:
        raise
    except (FormatError, ValueError) as exc:
        raise ImportFailed(name, str(exc)) from None
    except RecursionError:
        raise ImportFailed(name, "document is nested too deeply to read") from None
    except MemoryError:
        raise ImportFailed(name, "document is too large to read") from None
    except Exception as exc:  # noqa: BLE001 - one bad file never stops a batch
        raise ImportFailed(name, unexpected_problem(exc)) from None
    report.content_hash = content_hash(data)
    return report


def unexpected_problem(exc: BaseException) -> str:
    """The message for a failure no importer foresaw (a bug or a file of a new kind): short,
    on one line, and naming the exception so that a bug report can quote it."""
    detail = " ".join(f"{type(exc).__name__}: {exc}".split())
    return f"could not be read: {detail[:150]}"
