"""Parse the publication dates analysts meet in captured reports."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from functools import lru_cache

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
    r"(?:[ ,T]+(?:at\s+)?(?P<hour>\d{1,2})[:h](?P<minute>\d{2})(?::(?P<second>\d{2}))?"
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
_SLASHED = re.compile(r"(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4})" + _TIME)


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
    ISO 8601 (``2026-03-04``, ``2026-03-04T10:00:00Z``), ``19/08/2025`` (day first) and the
    French month names met in West African outlets.
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
        return _build(int(m.group("year")), int(m.group("month")), int(m.group("day")), m)
    return None


def parse_user_date(text: str) -> datetime:
    """A date typed by a user (``--since``, ``--published``); ValueError with a clear text."""
    parsed = parse_published(text)
    if parsed is None:
        raise ValueError(f"not a date: {text!r} (try 2026-02-19 or '19 Feb 2026')")
    return parsed
