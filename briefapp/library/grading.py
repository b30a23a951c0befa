"""Source grading in the Admiralty system: source reliability A–F, information credibility 1–6."""

from __future__ import annotations

import re

from briefapp.models import UNKNOWN_GRADE

RELIABILITY = {
    "A": "Completely reliable",
    "B": "Usually reliable",
    "C": "Fairly reliable",
    "D": "Not usually reliable",
    "E": "Unreliable",
    "F": "Reliability cannot be judged",
}
CREDIBILITY = {
    "1": "Confirmed by other sources",
    "2": "Probably true",
    "3": "Possibly true",
    "4": "Doubtful",
    "5": "Improbable",
    "6": "Truth cannot be judged",
}
UNKNOWN_RELIABILITY, UNKNOWN_CREDIBILITY = UNKNOWN_GRADE[0], UNKNOWN_GRADE[1]  # "F6"
# The effective grade of report r (joined to its publisher p): its own, else its publisher's
# reliability, else unknown.
GRADE_SQL = (
    f"(coalesce(r.reliability, p.reliability, '{UNKNOWN_RELIABILITY}')"
    f" || coalesce(r.credibility, '{UNKNOWN_CREDIBILITY}'))"
)


def parse_grade(text: str) -> tuple[str, str]:
    """``B2`` -> ("B", "2"); raises ValueError with a readable message for anything else."""
    m = re.fullmatch(r"\s*([A-Fa-f])\s*([1-6])\s*", text or "")
    if not m:
        raise ValueError(
            f"not a source grade: {text!r} (reliability A–F then credibility 1–6, e.g. B2)"
        )
    return m.group(1).upper(), m.group(2)


def parse_reliability(text: str) -> str:
    letter = (text or "").strip().upper()
    if letter not in RELIABILITY:
        raise ValueError(f"not a source reliability: {text!r} (one letter A–F)")
    return letter


def describe(grade: str) -> str:
    """``B2`` -> "Usually reliable; probably true" ("" for what is not a grade)."""
    try:
        reliability, credibility = parse_grade(grade)
    except ValueError:
        return ""
    return f"{RELIABILITY[reliability]}; {CREDIBILITY[credibility].lower()}"
