"""Extract blocks and metadata from plain text captured from web pages."""

from __future__ import annotations

import re

from briefapp.ingest import boilerplate
from briefapp.ingest.blocks import HEADING, LIST, PARAGRAPH, Block, Extracted
from briefapp.ingest.dates import parse_published
from briefapp.ingest.header import read_header, split_values
from briefapp.ingest.sections import looks_like_heading

_BYLINE = re.compile(r"^\s*(by|par)\s+(?P<who>[^,|]{3,80})(?:[,|]\s*(?P<role>.*))?$", re.I)
_LIST_ITEM = re.compile(r"^\s*([-•*▪◦·]|\d{1,2}[.)])\s+")
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
    last = max((i for i, line in enumerate(lines) if line.strip()), default=-1)
    for idx, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            flush_para()
            flush_items()
            continue
        m = _LIST_ITEM.match(line)
        if (
            not m
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
    return blocks


def extract(data_text: str, name: str) -> Extracted:
    """Extract a captured plain-text report (header labels, title, byline, sections)."""
    lines = data_text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").split("\n")
    fields, start = read_header(lines)
    body_lines = lines[start:]
    article, tail = boilerplate.split_off_boilerplate(body_lines)

    # Title: the first non-empty line of the article.
    title = None
    while article and not article[0].strip():
        article.pop(0)
    if article:
        title = article.pop(0).strip()

    # News shape: a byline and a date line may follow the title.
    author = fields.get("author")
    published = fields.get("published")
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
        if len(line) < 60 and parse_published(line):
            published = published or line  # a second date line ("Updated …") is dropped too
            article.pop(0)
            continue
        break

    return Extracted(
        blocks=_paragraphs(article),
        title=title,
        published=published,
        publisher=fields.get("publisher") or boilerplate.publisher_from_boilerplate(tail),
        author=author,
        countries=split_values(fields.get("countries", "")),
        topics=split_values(fields.get("topics", "")),
        format="text",
        boilerplate_free=True,
    )
