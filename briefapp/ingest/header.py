"""Read the header table that opens captured reports (When / Location / Topic ...).

Pages lay the table out in two shapes, and copying them as text keeps either: alternating
(label, value, label, value) or grouped (every label, then every value). Values can be missing
and page widgets leave stray labels behind (``Stamp``, ``Print``, ``Share``). Labels and values
are matched by position, and a value goes to a label only when its shape fits: a date for
``When``, a short list for ``Location`` or ``Topic``. The text extractor calls
:func:`read_header` on its lines; the pipeline calls it on the first blocks of every format.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from briefapp.ingest.countries import normalise_country
from briefapp.ingest.dates import parse_published

# Header label -> the metadata field its value fills.
LABELS: dict[str, str] = {
    "when": "published",
    "date": "published",
    "published": "published",
    "posted": "published",
    "location": "countries",
    "locations": "countries",
    "country": "countries",
    "countries": "countries",
    "region": "countries",
    "topic": "topics",
    "topics": "topics",
    "category": "topics",
    "categories": "topics",
    "theme": "topics",
    "themes": "topics",
    "source": "publisher",
    "publisher": "publisher",
    "by": "author",
    "author": "author",
}
# Labels with no value that captures carry over from page widgets.
STRAY_LABELS = frozenset(
    {
        "stamp",
        "share",
        "print",
        "save",
        "bookmark",
        "listen",
        "tags",
        "audio",
        "pdf",
        "download",
        "download pdf",
        "menu",
        "home",
        "search",
        "email",
        "copy link",
    }
)
_DECORATION = re.compile(r"^[\s*_#|]+|[\s*_|]+$")  # Markdown emphasis, table bars
_INLINE = re.compile(r"^([A-Za-z]+)\s*:\s*(.+)$")
_ITEM_SPLIT = re.compile(r"[,;/|·•]")
_VALUE_SPLIT = re.compile(r"[,;/|]")
_SENTENCE_END = re.compile(r"[.!?…]$")
_LONGEST_LINE = 300  # no label or value is longer


def _plain(line: str) -> str:
    line = line.strip()
    if line[:1] in "*_#|\\" or line[-1:] in "*_|" or "\\" in line:
        return _DECORATION.sub("", line.replace("\\", ""))
    return line  # most lines: nothing to take off


def _label_key(line: str) -> str:
    return _plain(line).rstrip(":").strip().casefold()


def _list_items(value: str) -> list[str]:
    return [v.strip() for v in _ITEM_SPLIT.split(value) if v.strip()]


def split_values(value: str) -> list[str]:
    """The items of a header value ("Mali, Burkina Faso; Niger")."""
    return [v.strip() for v in _VALUE_SPLIT.split(value) if v.strip()]


def _is_date(value: str) -> bool:
    return len(value) <= 60 and parse_published(value) is not None


# Captures from one site repeat their header values ("Mali, Niger", "Security"): the shape
# tests, pure functions of the value, keep their answers for the next report.
_VALUES_KEPT = 4096


@lru_cache(maxsize=_VALUES_KEPT)
def _is_short_list(value: str) -> bool:
    """A list of names: a few short items, no sentence, no date (a date is the When value)."""
    items = _list_items(value)
    return (
        bool(items)
        and len(value) <= 300
        and not _SENTENCE_END.search(value)
        and not _is_date(value)
        and all(len(item.split()) <= 4 for item in items)
        # A lone item of several words reads as a title rather than one topic.
        and (len(items) > 1 or len(items[0].split()) <= 3)
    )


@lru_cache(maxsize=_VALUES_KEPT)
def _is_place_list(value: str) -> bool:
    """Countries or regions: a short list, where a country's long name counts as one item."""
    if _is_short_list(value):
        return True
    items = _list_items(value)
    return (
        bool(items)
        and len(value) <= 300
        and not _is_date(value)
        and all(normalise_country(item) or len(item.split()) <= 4 for item in items)
    )


@lru_cache(maxsize=_VALUES_KEPT)
def _is_name(value: str) -> bool:
    return len(value) <= 80 and not _SENTENCE_END.search(value) and not _is_date(value)


_SHAPES: dict[str, Callable[[str], bool]] = {
    "published": _is_date,
    "countries": _is_place_list,
    "topics": _is_short_list,
    "publisher": _is_name,
    "author": _is_name,
}


_INLINE_SEPARATOR = re.compile(r"\s+[·|•]\s+")
_EMPHASIS = re.compile(r"\*\*|__")


def _inline_fields(line: str) -> list[tuple[str, str]]:
    """Fields of a line made only of "Label: value" parts ("Countries: Mali · Topics: Mining")."""
    found = []
    for part in _INLINE_SEPARATOR.split(line):
        m = _INLINE.match(_EMPHASIS.sub("", part).strip())  # "**Date:** 14 March 2026"
        field = LABELS.get(m.group(1).casefold()) if m else None
        if m is None or field is None or not _SHAPES[field](m.group(2).strip()):
            return []
        found.append((field, m.group(2).strip()))
    return found


def read_header(lines: Sequence[str]) -> tuple[dict[str, str], int]:
    """Header fields at the top of ``lines`` and the index of the first line after the header.

    Returns ``({}, 0)`` when the lines do not open with a header label (stray labels at the
    top are still skipped: ``({}, index after them)``). Fields are
    ``published``, ``countries``, ``topics``, ``publisher`` and ``author`` (raw value text).
    Each value goes to the first waiting label, in order, whose shape it fits; the labels it
    passes over have no value. The header ends at the first line that is neither a label nor
    a value some waiting label accepts.
    """
    fields: dict[str, str] = {}
    waiting: list[str] = []  # fields of labels read but not yet given a value
    end = 0  # index after the last line that belongs to the header
    seen_label = False
    for i, raw in enumerate(lines):
        if len(raw) > _LONGEST_LINE:
            break  # a paragraph: headers are short lines
        line = _plain(raw)
        if not line:
            continue
        key = line.rstrip(":").strip().casefold()
        if key in STRAY_LABELS:
            end = i + 1
            continue
        if key in LABELS:
            waiting.append(LABELS[key])
            seen_label = True
            end = i + 1
            continue
        inline = _inline_fields(line) if ":" in line else None
        if inline:
            for field, value in inline:
                fields.setdefault(field, value)
            seen_label = True
            end = i + 1
            continue
        taker = next((n for n, f in enumerate(waiting) if _SHAPES[f](line)), None)
        if taker is None:
            break
        fields.setdefault(waiting[taker], line)
        del waiting[: taker + 1]
        end = i + 1
    if not seen_label:
        fields = {}  # only stray labels (a "Share" line above the title): nothing to read
    return fields, end


def opens_header(line: str) -> bool:
    """Whether a line can open a header: a label, a stray label or "Label: value"."""
    if len(line) > _LONGEST_LINE:
        return False
    key = _label_key(line)
    return key in LABELS or key in STRAY_LABELS or (":" in line and bool(_inline_fields(line)))
