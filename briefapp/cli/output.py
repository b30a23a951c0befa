r"""Printing for the command line: JSON for scripts, readable tables for people.

Report titles, file names and section text come from untrusted files: printed raw, an escape
sequence in a title (``ESC ] 0 ; ... BEL`` sets the terminal's title, ``ESC [ 2 J`` clears
it, others remap keys in some terminals) would act on the user's terminal. Everything
printed as text goes through :func:`printable`, which shows control characters as visible
escapes (``\x1b``); JSON output stays exact, with those characters as JSON escapes.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, Protocol

from briefapp.models import Report

# C0 and C1 controls and DEL, bidirectional overrides and isolates (which reorder what the
# terminal shows), line and paragraph separators, and lone surrogates (undecodable file names)
_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_UNSAFE_LINES = re.compile(f"[{_CONTROLS}]")  # tab and newline allowed
_UNSAFE_LINE = re.compile(f"[\t\n{_CONTROLS}]")
# what json.dumps leaves raw in a string (it escapes only U+0000-U+001F)
_JSON_RAW = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escaped(match: re.Match[str]) -> str:
    ch = match.group()
    if ch in "\t\n":
        return " "
    if "\ud800" <= ch <= "\udfff":
        return "\ufffd"  # a byte of a file name that was not valid UTF-8
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(value: object, *, lines: bool = False) -> str:
    r"""``value`` as text safe to print to a terminal: control characters shown as escapes
    (``\x1b``), undecodable bytes as U+FFFD; with ``lines``, tabs and line breaks are kept,
    else they become spaces."""
    text = "" if value is None else str(value)
    return (_UNSAFE_LINES if lines else _UNSAFE_LINE).sub(_escaped, text)


def print_json(value: object) -> None:
    r"""``value`` as indented JSON on stdout. Every string comes back exactly as it was when
    the JSON is read; characters a terminal could act on are written as ``\uXXXX``."""
    text = json.dumps(value, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write(_JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text))
    sys.stdout.write("\n")


class Outcome(Protocol):
    """One item's outcome in a batch command (import, reparse, delete, restore)."""

    @property
    def status(self) -> str: ...

    def as_json(self) -> dict[str, Any]: ...


def print_outcomes(
    as_json: bool,
    results: Sequence[Outcome],
    tally: Sequence[tuple[str, str]],
    error_line: Callable[[Any], str],
    line: Callable[[Any], str],
) -> int:
    """Print per-item outcomes: JSON, or a line each and a count per (status, label) of
    ``tally`` and of errors. Exit status 1 when any item failed."""
    if as_json:
        print_json([r.as_json() for r in results])
    else:
        for r in results:
            if r.status == "error":
                print(f"error      {error_line(r)}", file=sys.stderr)
            else:
                print(f"{r.status:<10} {line(r)}")
        counts = [f"{sum(1 for r in results if r.status == s)} {label}" for s, label in tally]
        errors = sum(1 for r in results if r.status == "error")
        print(f"{', '.join(counts)}, {errors} error(s)")
    return 1 if any(r.status == "error" for r in results) else 0


def iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def report_summary(report: Report) -> dict:
    """The fields of `briefapp list --json` (a stable contract: add, never rename)."""
    return {
        "id": report.id,
        "title": report.title,
        "publisher": report.publisher,
        "published": iso(report.published),
        "countries": report.countries,
        "topics": report.topics,
        "grade": report.grade,
        "tags": report.tags,
        "url": report.url,
        "near_duplicate_of": report.near_duplicate_of,
    }


def report_detail(report: Report) -> dict:
    """The fields of `briefapp show --json`."""
    data = report_summary(report)
    data.update(
        {
            "source_file": report.source_file,
            "format": report.format,
            "imported_at": iso(report.imported_at),
            "sections": [
                {"heading": s.heading, "kind": s.kind, "text": s.text} for s in report.sections
            ],
        }
    )
    return data


def _clip(text: str, width: int) -> str:
    text = " ".join(printable(text).split())
    return text if len(text) <= width else text[: max(1, width - 1)] + "…"


def print_table(headers: list[str], rows: list[list], flexible: int) -> None:
    """A plain-text table fitted to the terminal; column ``flexible`` takes the spare width."""
    if not rows:
        return
    total = shutil.get_terminal_size((120, 24)).columns
    cells = [[" ".join(printable(c).split()) for c in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(headers)]
    widths = [min(w, 28) if i != flexible else w for i, w in enumerate(widths)]
    fixed = sum(w for i, w in enumerate(widths) if i != flexible) + 2 * (len(widths) - 1)
    widths[flexible] = max(20, min(widths[flexible], total - fixed))
    line = "  ".join(printable(h).ljust(widths[i]) for i, h in enumerate(headers))
    print(line.rstrip())
    print("  ".join("─" * w for w in widths))
    for row in cells:
        print("  ".join(_clip(c, widths[i]).ljust(widths[i]) for i, c in enumerate(row)).rstrip())


class Progress:
    """A one-line progress bar on stderr, shown only to a person at a terminal."""

    def __init__(self, label: str, enabled: bool = True):
        self.label = label
        self.enabled = enabled and sys.stderr.isatty()
        self._last = -1

    def __call__(self, done: int, total: int, current: str = "") -> None:
        if not self.enabled or total <= 1:
            return
        percent = int(100 * done / total)
        if percent == self._last and done != total:
            return
        self._last = percent
        width = 30
        filled = int(width * done / total)
        name = _clip(current.rsplit("/", 1)[-1], 30)
        sys.stderr.write(
            f"\r{self.label} [{'█' * filled}{' ' * (width - filled)}] {done}/{total} {name:<30}"
        )
        if done == total:
            sys.stderr.write("\n")
        sys.stderr.flush()
