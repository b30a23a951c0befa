r"""Briefing specifications in TOML: what `briefapp export SPEC.toml` reads.

```toml
title = "Sahel Weekly Briefing"
subtitle = "Week 47"
classification = "RESTRICTED"
author = "Analysis Cell"
brand = "default"
scheme = "uk"                      # marking scheme: us, uk, nato, tlp or the brand's own
date = 2026-11-20                  # the briefing's date (default: today)
reference = "NAG/SAH/2026/047"
cutoff = 2026-11-18                # information cut-off
distribution = ["Head of Analysis", "Regional Desk"]
[[judgements]]
text = "The junta will extend the transition."
likelihood = "likely"              # a term of the estimative scale
confidence = "moderate"            # low | moderate | high
marking = "OS"
[[items]]
report = 12
section = "Executive Summary"
note = "optional analyst note"
marking = "SECRET"                 # portion marking (banner words or abbreviation)
[[items]]
markdown = "## Analyst Comment\n\nOwn text."
```
"""

from __future__ import annotations

import json
import os
import re
import stat
import tomllib
from collections.abc import Collection, Iterable
from datetime import date, datetime
from pathlib import Path

from briefapp.briefing.compose import find_section, item_from_section, own_text_item
from briefapp.briefing.estimative import any_scale_term
from briefapp.errors import BriefappError, NotFound
from briefapp.library import Library
from briefapp.models import CONFIDENCE_LEVELS, Briefing, Judgement, ReportId

_TOP_KEYS = {
    "title",
    "subtitle",
    "classification",
    "author",
    "brand",
    "date",
    "items",
    "scheme",
    "reference",
    "cutoff",
    "distribution",
    "judgements",
}
_ITEM_KEYS = {"report", "section", "note", "markdown", "heading", "text", "marking"}
_TEXT_KEYS = ("section", "note", "markdown", "heading", "text", "marking")
_JUDGEMENT_KEYS = ("text", "likelihood", "confidence", "marking")


MAX_SPEC_BYTES = 64 * 1024 * 1024  # far beyond any briefing's own text; a spec is read whole


def read_spec(path: str | Path) -> dict:
    """The parsed TOML of the spec file at ``path``; every problem reading it is a
    :class:`BriefappError` naming the file (missing, not a regular file, too large, not UTF-8,
    not TOML, nested too deeply)."""
    path = Path(path)
    try:
        # non-blocking, so that a FIFO given as the spec cannot hold the command forever
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise BriefappError(f"{path}: no such file") from None
    except OSError as exc:
        raise BriefappError(f"{path}: cannot read ({exc.strerror})") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        if stat.S_ISDIR(mode):
            raise BriefappError(f"{path}: is a folder, not a briefing spec (a .toml file)")
        raise BriefappError(
            f"{path}: not a regular file (a pipe, socket or device); give the path of a .toml file"
        )
    with os.fdopen(fd, "rb") as fh:
        try:
            data = fh.read(MAX_SPEC_BYTES + 1)
        except OSError as exc:
            raise BriefappError(f"{path}: cannot read ({exc.strerror})") from None
    if len(data) > MAX_SPEC_BYTES:
        raise BriefappError(
            f"{path}: too large for a briefing spec (more than {MAX_SPEC_BYTES // 2**20} MB)"
        )
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")  # a byte-order mark is harmless
    except UnicodeDecodeError as exc:
        raise BriefappError(
            f"{path}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "save the spec as UTF-8"
        ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise BriefappError(f"{path}: not valid TOML ({exc})") from None
    except RecursionError:
        raise BriefappError(
            f"{path}: nested too deeply to read (arrays or tables hundreds of levels deep)"
        ) from None


def _shown(value: object) -> str:
    """A value as a problem message quotes it: its repr, cut short."""
    if isinstance(value, list | dict):
        return "an array" if isinstance(value, list) else "a table"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


_ID = re.compile(r"[0-9]{1,19}")


def _report_id(value: object) -> ReportId | None:
    """A report id from a spec (a whole number, or digits in a string), or None if ``value``
    is not one SQLite can hold (inf, 1.5, true, 10**30, an array...)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and _ID.fullmatch(value.strip()):
        value = int(value.strip())
    if isinstance(value, int) and 1 <= value < 2**63:
        return ReportId(value)
    return None


def briefing_from_spec(spec: dict, library: Library, source: str = "spec") -> Briefing:
    """Build a briefing from a parsed spec; every problem is reported at once, by item number."""
    problems: list[str] = []
    unknown = set(spec) - _TOP_KEYS
    if unknown:
        problems.append(f"unknown setting(s): {', '.join(sorted(unknown))}")
    title = spec.get("title")
    if not isinstance(title, str) or not title.strip():
        problems.append('a title is required (title = "...")')
    for key in ("subtitle", "author", "classification", "brand", "scheme", "reference"):
        if key in spec and not isinstance(spec[key], str):
            problems.append(f"{key} must be text in quotes, not {_shown(spec[key])}")
    when = _date(spec, "date", problems)
    distribution = spec.get("distribution", [])
    if isinstance(distribution, str):
        distribution = [distribution]
    if not isinstance(distribution, list) or not all(isinstance(d, str) for d in distribution):
        problems.append('distribution must be a list of names in quotes (["Desk A", "Desk B"])')
        distribution = []
    briefing = Briefing(
        title=str(title).strip() if isinstance(title, str) else "",
        subtitle=_text(spec, "subtitle"),
        author=_text(spec, "author"),
        classification=_text(spec, "classification"),
        brand=_text(spec, "brand") or "default",
        date=when,
        scheme=_text(spec, "scheme").strip(),
        reference=_text(spec, "reference").strip(),
        cutoff=_date(spec, "cutoff", problems),
        distribution=[d.strip() for d in distribution if d.strip()],
        judgements=_judgements(spec.get("judgements", []), problems),
    )
    items = spec.get("items", [])
    if not isinstance(items, list) or not items:
        problems.append("the briefing has no items ([[items]] tables)")
        items = []
    for number, table in enumerate(items, start=1):
        where = f"item {number}"
        raw = _table(table, where, _ITEM_KEYS, _TEXT_KEYS, problems)
        if raw is None:
            continue
        note = raw.get("note")
        if "markdown" in raw:
            own = own_text_item(raw["markdown"], raw.get("heading", ""), note)
            own.marking = raw.get("marking", "").strip()
            briefing.items.append(own)
            continue
        if "report" not in raw or "section" not in raw:
            problems.append(
                f'{where}: needs either markdown = "..." or report = ID and section = "..."'
            )
            continue
        report_id = _report_id(raw["report"])
        if report_id is None:
            problems.append(
                f"{where}: report must be a report id (a whole number from 1), "
                f"not {_shown(raw['report'])}"
            )
            continue
        try:
            report = library.get_report(report_id)
        except NotFound:
            problems.append(f"{where}: no report with id {report_id} in the library")
            continue
        section = find_section(report, raw["section"])
        if section is None:
            headings = ", ".join(f'"{s.heading}"' for s in report.sections)
            problems.append(
                f'{where}: report {report.id} has no section "{raw["section"]}" (it has {headings})'
            )
            continue
        item = item_from_section(report, section, note)
        if "text" in raw:
            item.edited_text = raw["text"]
        item.marking = raw.get("marking", "").strip()
        briefing.items.append(item)
    if problems:
        raise BriefappError(f"{source}: " + "; ".join(problems))
    return briefing


def _table(
    raw: object,
    where: str,
    keys: Collection[str],
    text_keys: Iterable[str],
    problems: list[str],
) -> dict | None:
    """``raw`` as one table of an array of tables (``[[items]]``, ``[[judgements]]``), or None
    when it cannot be used: not a table, or a text key holding something else. Unknown keys
    are reported as problems but do not stop the table being read."""
    if not isinstance(raw, dict):
        problems.append(f"{where}: must be a table")
        return None
    extra = set(raw) - set(keys)
    if extra:
        problems.append(f"{where}: unknown key(s) {', '.join(sorted(extra))}")
    wrong = [k for k in text_keys if k in raw and not isinstance(raw[k], str)]
    if wrong:
        problems.extend(f"{where}: {k} must be text in quotes, not {_shown(raw[k])}" for k in wrong)
        return None
    return raw


def _date(spec: dict, key: str, problems: list[str]) -> date | None:
    """A date given as a TOML date or as "YYYY-MM-DD"."""
    when = spec.get(key)
    if isinstance(when, datetime):
        return when.date()
    if isinstance(when, date) or when is None:
        return when
    if isinstance(when, str):
        try:
            return date.fromisoformat(when)
        except ValueError:
            pass
    problems.append(f"{key} must be YYYY-MM-DD, not {_shown(when)}")
    return None


def _judgements(raw: object, problems: list[str]) -> list[Judgement]:
    """The ``[[judgements]]`` tables; a likelihood must be a term of a known scale."""
    if not isinstance(raw, list):
        problems.append("judgements must be [[judgements]] tables")
        return []
    out = []
    for number, entry in enumerate(raw, start=1):
        where = f"judgement {number}"
        table = _table(entry, where, _JUDGEMENT_KEYS, _JUDGEMENT_KEYS, problems)
        if table is None:
            continue
        judgement = Judgement(
            text=table.get("text", "").strip(),
            likelihood=" ".join(table.get("likelihood", "").split()).lower(),
            confidence=table.get("confidence", "").strip().lower(),
            marking=table.get("marking", "").strip(),
        )
        if not judgement.text:
            problems.append(f'{where}: needs text = "..."')
        if judgement.likelihood and any_scale_term(judgement.likelihood) is None:
            problems.append(
                f"{where}: likelihood {_shown(table['likelihood'])} is not a term of an "
                'estimative scale (e.g. "likely", "highly unlikely", "realistic possibility")'
            )
        if judgement.confidence and judgement.confidence not in CONFIDENCE_LEVELS:
            problems.append(
                f"{where}: confidence must be low, moderate or high, not "
                f"{_shown(table['confidence'])}"
            )
        out.append(judgement)
    return out


def _text(spec: dict, key: str) -> str:
    value = spec.get(key, "")
    return value if isinstance(value, str) else ""


def _toml_str(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # JSON strings are valid TOML basic strings


def briefing_to_toml(briefing: Briefing) -> str:
    """A spec that rebuilds this briefing from the library (own text and edits included)."""
    lines = [f"title = {_toml_str(briefing.title)}"]
    for key in ("subtitle", "classification", "author", "brand", "scheme", "reference"):
        value = getattr(briefing, key)
        if value:
            lines.append(f"{key} = {_toml_str(value)}")
    if briefing.date:
        lines.append(f"date = {_toml_str(briefing.date.isoformat())}")
    if briefing.cutoff:
        lines.append(f"cutoff = {_toml_str(briefing.cutoff.isoformat())}")
    if briefing.distribution:
        lines.append(f"distribution = [{', '.join(map(_toml_str, briefing.distribution))}]")
    for judgement in briefing.judgements:
        lines.append("\n[[judgements]]")
        lines.append(f"text = {_toml_str(judgement.text)}")
        for key in ("likelihood", "confidence", "marking"):
            if getattr(judgement, key):
                lines.append(f"{key} = {_toml_str(getattr(judgement, key))}")
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
        if item.marking:
            lines.append(f"marking = {_toml_str(item.marking)}")
    return "\n".join(lines) + "\n"
