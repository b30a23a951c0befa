r"""Briefing specifications in TOML: what `briefapp export SPEC.toml` reads.

```toml
title = "Sahel Weekly Briefing"
subtitle = "Week 47"
classification = "RESTRICTED"
author = "Analysis Cell"
brand = "default"
[[items]]
report = 12
section = "Executive Summary"
note = "optional analyst note"
[[items]]
markdown = "## Analyst Comment\n\nOwn text."
```
"""

from __future__ import annotations

import json
import tomllib
from datetime import date
from pathlib import Path

from briefapp.briefing.compose import find_section, item_from_section, own_text_item
from briefapp.errors import BriefappError, NotFound
from briefapp.library import Library
from briefapp.models import Briefing

_TOP_KEYS = {"title", "subtitle", "classification", "author", "brand", "date", "items"}
_ITEM_KEYS = {"report", "section", "note", "markdown", "heading", "text"}


def read_spec(path: str | Path) -> dict:
    path = Path(path)
    try:
        with path.open("rb") as fh:
            spec = tomllib.load(fh)
    except FileNotFoundError:
        raise BriefappError(f"{path}: no such file") from None
    except tomllib.TOMLDecodeError as exc:
        raise BriefappError(f"{path}: not valid TOML ({exc})") from None
    except OSError as exc:
        raise BriefappError(f"{path}: cannot read ({exc.strerror})") from None
    return spec


def briefing_from_spec(spec: dict, library: Library, source: str = "spec") -> Briefing:
    """Build a briefing from a parsed spec; every problem is reported at once, by item number."""
    problems: list[str] = []
    unknown = set(spec) - _TOP_KEYS
    if unknown:
        problems.append(f"unknown setting(s): {', '.join(sorted(unknown))}")
    title = spec.get("title")
    if not isinstance(title, str) or not title.strip():
        problems.append('a title is required (title = "...")')
    when = spec.get("date")
    if isinstance(when, str):
        try:
            when = date.fromisoformat(when)
        except ValueError:
            problems.append(f"date must be YYYY-MM-DD, not {when!r}")
            when = None
    briefing = Briefing(
        title=str(title or "").strip(),
        subtitle=str(spec.get("subtitle", "")),
        author=str(spec.get("author", "")),
        classification=str(spec.get("classification", "")),
        brand=str(spec.get("brand", "default")),
        date=when if isinstance(when, date) else None,
    )
    items = spec.get("items", [])
    if not isinstance(items, list) or not items:
        problems.append("the briefing has no items ([[items]] tables)")
        items = []
    for number, raw in enumerate(items, start=1):
        where = f"item {number}"
        if not isinstance(raw, dict):
            problems.append(f"{where}: must be a table")
            continue
        extra = set(raw) - _ITEM_KEYS
        if extra:
            problems.append(f"{where}: unknown key(s) {', '.join(sorted(extra))}")
        note = raw.get("note")
        if "markdown" in raw:
            briefing.items.append(
                own_text_item(str(raw["markdown"]), str(raw.get("heading", "")), note)
            )
            continue
        if "report" not in raw or "section" not in raw:
            problems.append(
                f'{where}: needs either markdown = "..." or report = ID and section = "..."'
            )
            continue
        try:
            report = library.get_report(int(raw["report"]))
        except (NotFound, ValueError, TypeError):
            problems.append(f"{where}: no report with id {raw['report']!r} in the library")
            continue
        section = find_section(report, str(raw["section"]))
        if section is None:
            headings = ", ".join(f'"{s.heading}"' for s in report.sections)
            problems.append(
                f'{where}: report {report.id} has no section "{raw["section"]}" (it has {headings})'
            )
            continue
        item = item_from_section(report, section, note)
        if "text" in raw:
            item.edited_text = str(raw["text"])
        briefing.items.append(item)
    if problems:
        raise BriefappError(f"{source}: " + "; ".join(problems))
    return briefing


def _toml_str(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # JSON strings are valid TOML basic strings


def briefing_to_toml(briefing: Briefing) -> str:
    """A spec that rebuilds this briefing from the library (own text and edits included)."""
    lines = [f"title = {_toml_str(briefing.title)}"]
    for key in ("subtitle", "classification", "author", "brand"):
        value = getattr(briefing, key)
        if value:
            lines.append(f"{key} = {_toml_str(value)}")
    if briefing.date:
        lines.append(f"date = {_toml_str(briefing.date.isoformat())}")
    for item in briefing.items:
        lines.append("\n[[items]]")
        if item.source is None:
            lines.append(f"heading = {_toml_str(item.heading)}")
            lines.append(f"markdown = {_toml_str(item.body)}")
        else:
            lines.append(f"report = {item.source.report_id}")
            lines.append(f"section = {_toml_str(item.heading)}")
            if item.edited_text is not None:
                lines.append(f"text = {_toml_str(item.edited_text)}")
        if item.note:
            lines.append(f"note = {_toml_str(item.note)}")
    return "\n".join(lines) + "\n"
