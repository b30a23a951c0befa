"""The intermediate form every format extractor produces: ordered blocks plus metadata hints.

Pipeline: decode bytes -> detect format -> extract blocks (one module per format) ->
drop boilerplate -> split sections -> derive metadata -> store.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final, Literal

# Block kinds. Text is Markdown for the block (a list is "- a\n- b", a table is a pipe table).
BlockKind = Literal["heading", "paragraph", "list", "table", "quote", "code"]
HEADING: Final = "heading"
PARAGRAPH: Final = "paragraph"
LIST: Final = "list"
TABLE: Final = "table"
QUOTE: Final = "quote"
CODE: Final = "code"


@dataclass
class Block:
    kind: BlockKind
    text: str
    level: int = 0  # headings: 1 = document title, 2 = section, 3+ = sub-section


@dataclass
class Extracted:
    """What a format extractor found. Metadata fields are hints the pipeline may complete.

    ``published`` is the raw date text as found ("19 aug. 2025 23:01", ISO, ...); the pipeline
    parses it. ``countries`` and ``topics`` are raw names; the pipeline normalises them.
    ``published_fallback`` is a date to take only when the capture states no better one: when
    an e-mail was sent, when a clipper saved the page, a page's year-only guess or "Updated" line.
    ``boilerplate_free`` tells the pipeline the extractor already removed web boilerplate.
    """

    blocks: list[Block] = field(default_factory=list)
    title: str | None = None
    published: str | None = None
    published_fallback: str | None = None
    publisher: str | None = None
    author: str | None = None
    countries: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    url: str | None = None  # the page's canonical address, when the capture states one
    format: str = "text"
    boilerplate_free: bool = False


_KEYWORD_SEPARATOR = re.compile(r"[,;]")


def split_keywords(value: str) -> list[str]:
    """The items of a declared keyword list ("Mali; Niger, Chad"), split at commas and
    semicolons only (meta keywords, document properties, front matter, label lines)."""
    return [part.strip() for part in _KEYWORD_SEPARATOR.split(value) if part.strip()]
