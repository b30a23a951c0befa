"""Printing for the command line: JSON for scripts, readable tables for people."""

from __future__ import annotations

import json
import shutil
import sys
from datetime import datetime

from briefapp.models import Report


def print_json(value: object) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


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
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: max(1, width - 1)] + "…"


def print_table(headers: list[str], rows: list[list], flexible: int) -> None:
    """A plain-text table fitted to the terminal; column ``flexible`` takes the spare width."""
    if not rows:
        return
    total = shutil.get_terminal_size((120, 24)).columns
    cells = [[str(c) if c is not None else "" for c in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(headers)]
    widths = [min(w, 28) if i != flexible else w for i, w in enumerate(widths)]
    fixed = sum(w for i, w in enumerate(widths) if i != flexible) + 2 * (len(widths) - 1)
    widths[flexible] = max(20, min(widths[flexible], total - fixed))
    line = "  ".join(h.ljust(widths[i]) for i, h in enumerate(headers))
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
