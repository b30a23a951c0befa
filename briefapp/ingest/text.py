"""Extract blocks and metadata from plain text captured from web pages."""

from __future__ import annotations

import re

from briefapp.ingest import boilerplate
from briefapp.ingest.blocks import HEADING, LIST, PARAGRAPH, Block, Extracted
from briefapp.ingest.dates import parse_published, read_date_line
from briefapp.ingest.header import read_header, split_values
from briefapp.ingest.sections import LONGEST_HEADING, looks_like_heading

_BYLINE = re.compile(r"^\s*(by|par)\s+(?P<who>[^,|]{3,80})(?:[,|]\s*(?P<role>.*))?$", re.I)
_LIST_ITEM = re.compile(r"^\s*([-•*▪◦·]|\d{1,2}[.)])\s+")
_LIST_MARKERS = "-•*▪◦·"  # a stripped line opening with none of these (or a digit) is no item
_SENTENCE_END = '.!?:;"”’)»'


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_NUMBERED = re.compile(r"^(\d+)([.)])(?=\s)")
_BLOCK_OPENING = re.compile(r"^([#>]|[-+](?=\s))")
_SPECIAL_CHARACTERS = ("\\", "`", "*", "_", "[", "]", "&")  # (faster tested one by one)
_SPECIAL_OPENINGS = "#>-+"  # and digits of any script (\\d in _NUMBERED)


def escape_markdown(text: str) -> str:
    """Plain text as Markdown that reads the same: ``*``, ``_``, brackets and the like are
    literal characters in a captured page (``Name*``, ``john_doe``), never emphasis or links.
    A line opening with ``#`` or ``1.`` is escaped too, so it stays a sentence."""
    if (
        text[:1] not in _SPECIAL_OPENINGS
        and not text[:1].isdecimal()
        and not any(map(text.__contains__, _SPECIAL_CHARACTERS))
    ):
        return text  # most paragraphs: nothing to escape
    # Only an "&" that would read as an entity (&amp; &#233;) needs escaping; "AT&T" stays.
    text = _ENTITY.sub("&amp;", _MARKDOWN_SPECIAL.sub(r"\\\1", text))
    text = _NUMBERED.sub(r"\1\\\2", text)  # "1. " would start a list
    return _BLOCK_OPENING.sub(r"\\\1", text)


_NUMBERED_HEADING = re.compile(r"^(?P<number>\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+(?P<text>\S.*)$")


def _next_text_line(lines: list[str], idx: int) -> str | None:
    return next((line.strip() for line in lines[idx + 1 :] if line.strip()), None)


def _numbered_heading_level(lines: list[str], idx: int) -> int:
    """The level of a numbered heading ("1. Background" 2, "2.1 Security" 3), or 0.

    The line stands alone between blank lines, reads as a heading, and the text under it is a
    paragraph or a heading numbered below it ("2." then "2.1"); a line after a numbered line
    other than its parent is the next item of a numbered list, not a heading.
    """
    m = _NUMBERED_HEADING.match(lines[idx].strip())
    if not m or not looks_like_heading(m.group("text")):
        return 0
    if (idx and lines[idx - 1].strip()) or (idx + 1 < len(lines) and lines[idx + 1].strip()):
        return 0
    after = _next_text_line(lines, idx)
    if after is None:
        return 0
    number = m.group("number")
    before = next((line.strip() for line in reversed(lines[:idx]) if line.strip()), "")
    above = _NUMBERED_HEADING.match(before)
    if above and not number.startswith(above.group("number") + "."):
        return 0  # the next item of a list ("1. Diffa", "2. Tillabéri")
    below = _NUMBERED_HEADING.match(after)
    if below and not below.group("number").startswith(number + "."):
        return 0
    if not below and (_LIST_ITEM.match(after) or looks_like_heading(after)):
        return 0
    return 2 + number.count(".")


def _paragraphs(lines: list[str]) -> list[Block]:
    """Group body lines into paragraph, list and heading blocks."""
    blocks: list[Block] = []
    para: list[str] = []
    items: list[str] = []

    def flush_para() -> None:
        if para:
            blocks.append(Block(PARAGRAPH, escape_markdown(" ".join(p.strip() for p in para))))
            para.clear()

    def flush_items() -> None:
        if items:
            blocks.append(Block(LIST, "\n".join(items)))
            items.clear()

    # The last line with text: a heading needs text after it.
    last = next((i for i in range(len(lines) - 1, -1, -1) if lines[i].strip()), -1)
    for idx, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            flush_para()
            flush_items()
            continue
        # (Cheap tests first: a numbered heading opens with a digit, a list item with a
        # marker or a digit, and a heading is short; most lines are none of these.)
        level = _numbered_heading_level(lines, idx) if line[0].isdecimal() else 0
        if level:
            flush_para()
            flush_items()
            blocks.append(Block(HEADING, line, level=level))
            continue
        m = _LIST_ITEM.match(line) if line[0] in _LIST_MARKERS or line[0].isdecimal() else None
        if (
            not m
            and len(line) <= LONGEST_HEADING
            and looks_like_heading(line)
            and (not para or idx == 0 or not lines[idx - 1].strip())
            and idx < last
        ):
            flush_para()
            flush_items()
            blocks.append(Block(HEADING, line, level=2))
            continue
        if m:
            flush_para()
            marker = "1." if m.group(1)[0].isdigit() else "-"
            if marker == "1.":
                items.append(f"{m.group(1)} {escape_markdown(line[m.end() :].strip())}")
            else:
                items.append(f"- {escape_markdown(line[m.end() :].strip())}")
            continue
        flush_items()
        # Web captures put one paragraph per line; hard-wrapped text continues in lower case.
        if para and para[-1].rstrip()[-1:] not in _SENTENCE_END and line[:1].islower():
            para.append(line)
        else:
            flush_para()
            para.append(line)
    flush_para()
    flush_items()
    return _lost_bullets(blocks)


LIST_ITEM_CHARS = 300  # a bulleted fragment, not a paragraph
SHORT_LAST_ITEM_WORDS = 25


def _lost_bullets(blocks: list[Block]) -> list[Block]:
    """Lists whose bullets a copy from a web page dropped, read as lists again: after a
    paragraph ending with a colon, two or more short one-line paragraphs of which all but the
    last end with a semicolon and the last with a full stop ("Operators should plan for:" /
    "reduced fuel;" / "longer travel times;" / "a higher risk of kidnapping.")."""
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        out.append(block)
        i += 1
        if block.kind != PARAGRAPH or not block.text.endswith(":"):
            continue
        items: list[str] = []
        j = i
        while j < len(blocks) and blocks[j].kind == PARAGRAPH:
            text = blocks[j].text
            if len(text) > LIST_ITEM_CHARS:
                break
            items.append(text)
            j += 1
            if not text.endswith(";"):
                break
        if (
            len(items) >= 2
            and all(t.endswith(";") for t in items[:-1])
            and items[-1].endswith((".", ";"))
            and (
                all(t[:1].islower() for t in items)
                or len(items[-1].split()) <= SHORT_LAST_ITEM_WORDS
            )
        ):
            out.append(Block(LIST, "\n".join(f"- {t}" for t in items)))
            i = j
    return out


_MAIL_FIELD = re.compile(
    r"^\s*(from|sent|date|to|cc|bcc|subject|objet|envoyé|de|à)\s*:\s*(.*)$", re.I
)
_MAIL_MARKER = re.compile(
    r"^\s*(-{2,}\s*(forwarded message|original message|message transféré)\s*-{2,}|"
    r"begin forwarded message:)\s*$",
    re.I,
)
_MAIL_FROM = re.compile(r"(?i)^\s*from\s*:")
_SUBJECT_PREFIX = re.compile(r"^(?:\s*(?:fwd?|fw|re|tr|aw|wg)\s*:\s*)+", re.I)
_MAIL_DATE_FIELDS = ("sent", "date", "envoyé")


def _mail_envelope(lines: list[str]) -> tuple[str | None, str | None, int] | None:
    """A forwarded or saved e-mail's headers ("From: / Sent: / To: / Subject:", once per
    message it forwards): the innermost message's subject and sending date, and the index of
    the first line of its body. None for text that does not open as an e-mail."""
    opening = next((line for line in lines[:5] if line.strip()), "")
    if not (_MAIL_MARKER.match(opening) or _MAIL_FROM.match(opening)):
        return None
    subject = sent = None
    start = 0
    fields: dict[str, str] = {}
    for i, line in enumerate(lines[:400]):
        m = _MAIL_FIELD.match(line)
        if m:
            fields[m.group(1).lower()] = m.group(2).strip()
            continue
        if fields:
            if "subject" in fields or "objet" in fields:  # a message's headers end here
                subject = fields.get("subject") or fields.get("objet")
                sent = next((fields[f] for f in _MAIL_DATE_FIELDS if fields.get(f)), None)
                start = i
            fields = {}
    if not start:
        return None
    return _SUBJECT_PREFIX.sub("", subject or "").strip() or None, sent, start


def _opens_as_news(lines: list[str]) -> bool:
    """Whether text opens with a headline followed by a date or byline line."""
    found = [line.strip() for line in lines[:12] if line.strip()][:2]
    if len(found) < 2 or len(found[0]) > 200:
        return False
    return bool(read_date_line(found[1]) or _BYLINE.match(found[1]))


def extract(data_text: str, name: str) -> Extracted:
    """Extract a captured plain-text report (header labels, title, byline, sections)."""
    if "\r" in data_text:  # (a quick test: a search for "\r\n" costs 2 us a page of text)
        data_text = data_text.replace("\r\n", "\n").replace("\r", "\n")
    lines = data_text.replace("\u00a0", " ").split("\n")
    # A forwarded e-mail: its subject is the title, unless the report it carries opens with a
    # headline of its own (the publication's words, where a subject is the sender's); when it
    # was sent dates the report only if the report states no date.
    envelope = _mail_envelope(lines)
    subject = sent = None
    if envelope:
        subject, sent, start = envelope
        lines = lines[start:]
        if _opens_as_news(lines):
            subject = None
    fields, start = read_header(lines)
    body_lines = lines[start:]
    article, tail = boilerplate.split_off_boilerplate(body_lines)

    # Title: the first non-empty line of the article.
    title = subject
    while article and not article[0].strip():
        article.pop(0)
    if article and not title:
        title = article.pop(0).strip()

    # News shape: a byline and date lines may follow the title ("Updated" gives way to
    # "Published", whatever their order).
    author = fields.get("author")
    published = fields.get("published")
    updated = None
    while article:
        line = article[0].strip()
        if not line:
            article.pop(0)
            continue
        byline = _BYLINE.match(line)
        if byline and len(line) < 120:
            author = author or byline.group("who").strip()
            article.pop(0)
            continue
        date_line = read_date_line(line)
        if date_line is not None:
            if date_line.kind == "updated":
                updated = updated or date_line.date
            else:
                published = published or date_line.date
            article.pop(0)
            continue
        if len(line) < 60 and parse_published(line):
            published = published or line
            article.pop(0)
            continue
        break

    return Extracted(
        blocks=_paragraphs(article),
        title=title,
        published=published,
        published_fallback=updated or sent,
        publisher=fields.get("publisher") or boilerplate.publisher_from_boilerplate(tail),
        author=author,
        countries=split_values(fields.get("countries", "")),
        topics=split_values(fields.get("topics", "")),
        format="text",
        boilerplate_free=True,
    )
