"""Parse the publication dates analysts meet in captured reports."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from typing import Literal

MONTHS = {
    "jan": 1,
    "january": 1,
    "janvier": 1,
    "janv": 1,
    "feb": 2,
    "february": 2,
    "fev": 2,
    "fév": 2,
    "février": 2,
    "fevrier": 2,
    "févr": 2,
    "mar": 3,
    "march": 3,
    "mars": 3,
    "apr": 4,
    "april": 4,
    "avr": 4,
    "avril": 4,
    "may": 5,
    "mai": 5,
    "jun": 6,
    "june": 6,
    "juin": 6,
    "jul": 7,
    "july": 7,
    "juil": 7,
    "juillet": 7,
    "aug": 8,
    "august": 8,
    "août": 8,
    "aout": 8,
    "sep": 9,
    "sept": 9,
    "september": 9,
    "septembre": 9,
    "oct": 10,
    "october": 10,
    "octobre": 10,
    "nov": 11,
    "november": 11,
    "novembre": 11,
    "dec": 12,
    "december": 12,
    "déc": 12,
    "décembre": 12,
    "decembre": 12,
}
_MONTH = r"(?P<month>[A-Za-zéèûÉ]{3,10})\.?"
_TIME = (
    r"(?:[ ,T]+(?:(?:at|à)\s+)?(?P<hour>\d{1,2})[:h](?P<minute>\d{2})(?::(?P<second>\d{2}))?"
    r"\s*(?P<ampm>[ap]\.?m\.?)?)?"
)
_ISO = re.compile(
    r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"
    r"(?:[T ](?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.\d+)?)?"
    r"(?P<tz>Z|[+-]\d{2}:?\d{2})?)?"
)
_DAY_MONTH_YEAR = re.compile(
    r"(?P<day>\d{1,2})(?:st|nd|rd|th|er)?\s+" + _MONTH + r",?\s+(?P<year>\d{4})" + _TIME, re.I
)
_MONTH_DAY_YEAR = re.compile(
    _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})" + _TIME, re.I
)
_SLASHED = re.compile(r"(?P<first>\d{1,2})/(?P<other>\d{1,2})/(?P<year>\d{4})" + _TIME)


_DIGIT = re.compile(r"\d")


def _build(year: int, month: int, day: int, m: re.Match) -> datetime | None:
    groups = m.groupdict()
    hour = int(groups.get("hour") or 0)
    minute = int(groups.get("minute") or 0)
    second = int(groups.get("second") or 0)
    ampm = (groups.get("ampm") or "").replace(".", "").lower()
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    tzinfo = None
    tz = groups.get("tz")
    if tz:
        if tz == "Z":
            tzinfo = timezone.utc
        else:
            sign = 1 if tz[0] == "+" else -1
            digits = tz[1:].replace(":", "")
            tzinfo = timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=tzinfo)
    except ValueError:
        return None


@lru_cache(maxsize=4096)  # header readers test a value's shape, then the pipeline parses it
def parse_published(text: str | None) -> datetime | None:
    """Parse a date (and optional time) from free text; None when there is none.

    Understands ``19 aug. 2025 23:01``, ``February 19, 2026``, ``14 November 2026``,
    ISO 8601 (``2026-03-04``, ``2026-03-04T10:00:00Z``), slashed dates and the French month
    names met in West African outlets. A slashed date is read day first (``04/03/2026`` is 4
    March: the convention of the African, European and Middle Eastern outlets analysts read)
    unless that cannot be a date and month first can (``08/19/2025`` is 19 August).
    """
    if not text or not _DIGIT.search(text):
        return None  # every form has a year in digits (any script's: \\d, like the patterns)
    text = text.strip()
    m = _ISO.search(text)
    if m:
        return _build(int(m.group("year")), int(m.group("month")), int(m.group("day")), m)
    for pattern in (_DAY_MONTH_YEAR, _MONTH_DAY_YEAR):
        m = pattern.search(text)
        if m:
            month = MONTHS.get(m.group("month").lower().rstrip("."))
            if month:
                return _build(int(m.group("year")), month, int(m.group("day")), m)
    m = _SLASHED.search(text)
    if m:
        day, month = int(m.group("first")), int(m.group("other"))
        if month > 12 >= day:
            day, month = month, day  # 08/19/2025 can only be month first (a US date)
        return _build(int(m.group("year")), month, day, m)
    return None


def parse_user_date(text: str) -> datetime:
    """A date typed by a user (``--since``, ``--published``); ValueError with a clear text."""
    parsed = parse_published(text)
    if parsed is None:
        raise ValueError(f"not a date: {text!r} (try 2026-02-19 or '19 Feb 2026')")
    return parsed


DateLineKind = Literal["published", "updated"]


@dataclass(frozen=True)
class DateLine:
    """A line that states when a report was published or updated, and nothing else."""

    kind: DateLineKind
    date: str | None  # the date text as written; None for "3 hours ago" (no date to keep)


_DATE_LABEL = (
    r"(?P<label>published|publication date|posted|first published|date|dated|issued|released|"
    r"publié|publiée|mis en ligne|updated|last updated|last modified|modified|revised|"
    r"mis à jour|mise à jour)"
)
_LABELLED_DATE = re.compile(
    r"^[*_\s]*" + _DATE_LABEL + r"\b[*_]*\s*(?:on|le|:)?[*_]*\s*:?\s*(?P<rest>.{0,80})$", re.I
)
_BYLINE_TAIL = re.compile(r"\s+(?:by|par)\s+.{2,60}$", re.I)
_RELATIVE = re.compile(
    r"^(?:(?:published|posted|updated|last updated)\s+)?(?:an?|\d{1,3})\s+"
    r"(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?)\s+ago$|^(?:just now|yesterday|today)$",
    re.I,
)
_UPDATED = ("updated", "last updated", "last modified", "modified", "revised", "mis", "mise")


def read_date_line(line: str) -> DateLine | None:
    """Read a line that only dates the report: ``Published: 19 August 2025``, ``Published on
    19 August 2025 by A. Writer``, ``Publié le 19 août 2025 à 10h30``, ``Updated 24 Nov 2025``,
    a bare date (``08/19/2025``) or a relative one (``Published 3 hours ago``, whose date the
    page's metadata holds). None for any other line, a sentence that mentions a date included.
    """
    text = line.strip().strip("*_").strip()
    if not text or len(text) > 100:
        return None
    if _RELATIVE.match(text):
        kind: DateLineKind = (
            "updated" if text.lower().startswith(("updated", "last")) else "published"
        )
        return DateLine(kind, None)
    m = _LABELLED_DATE.match(text)
    if m:
        rest = _BYLINE_TAIL.sub("", m.group("rest").strip(" *_:"))
        if _RELATIVE.match(rest):
            rest = ""
        elif parse_published(rest) is None or len(rest) > 60:
            return None
        label = m.group("label").lower()
        kind = "updated" if label.startswith(_UPDATED) else "published"
        return DateLine(kind, rest or None)
    if len(text) <= 40 and parse_published(text) and not re.search(r"[.!?]$", text):
        return DateLine("published", text)
    return None
