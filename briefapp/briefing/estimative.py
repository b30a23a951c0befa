"""Estimative language: the probability scales in use and a lint for vague or mixed wording.

Two scales are built in: the US Intelligence Community's (ICD 203, Analytic Standards) and the
UK Professional Head of Intelligence Assessment (PHIA) Probability Yardstick. ICD 203 asks that
likelihood and analytic confidence are not stated in the same sentence; the lint checks that
too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefapp.models import CONFIDENCE_LEVELS, Brand, Briefing, Confidence, EstimativeKey


@dataclass(frozen=True)
class Term:
    """A term of a scale, the words that mean the same, and its probability range."""

    term: str
    synonyms: tuple[str, ...]
    low: int
    high: int

    @property
    def range(self) -> str:
        return f"{self.low}–{self.high} %"


@dataclass(frozen=True)
class Scale:
    """An estimative scale: its terms from least to most likely, and where it is published."""

    key: EstimativeKey
    name: str
    terms: tuple[Term, ...]
    citation: str
    approximate: bool = False  # the yardstick's ranges are "≈": its gaps are deliberate

    def find(self, text: str) -> Term | None:
        wanted = " ".join(text.strip().split()).casefold().removeprefix("a ")
        for term in self.terms:
            if wanted == term.term or wanted in term.synonyms:
                return term
        return None

    def range_of(self, term: Term) -> str:
        return ("≈" if self.approximate else "") + term.range


ICD_203 = Scale(
    "us",
    "ICD 203 expressions of likelihood",
    (
        Term("almost no chance", (), 1, 5),
        Term("very unlikely", ("highly improbable",), 5, 20),
        Term("unlikely", ("improbable", "improbably"), 20, 45),
        Term("roughly even chance", ("roughly even odds",), 45, 55),
        Term("likely", ("probable", "probably"), 55, 80),
        Term("very likely", ("highly probable",), 80, 95),
        Term("almost certain", ("nearly certain", "almost certainly"), 95, 99),
    ),
    "US Office of the Director of National Intelligence, Intelligence Community Directive 203, "
    "Analytic Standards",
)
PHIA_YARDSTICK = Scale(
    "uk",
    "PHIA Probability Yardstick",
    (
        Term("remote chance", (), 0, 5),
        Term("highly unlikely", (), 10, 20),
        Term("unlikely", (), 25, 35),
        Term("realistic possibility", (), 40, 50),
        Term("likely", ("probably", "probable"), 55, 75),
        Term("highly likely", (), 80, 90),
        Term("almost certain", ("almost certainly",), 95, 100),
    ),
    "UK Professional Head of Intelligence Assessment (PHIA), Probability Yardstick",
    approximate=True,
)
SCALES: dict[EstimativeKey, Scale] = {"us": ICD_203, "uk": PHIA_YARDSTICK}

CONFIDENCE_MEANINGS: dict[Confidence, str] = {
    "high": "well-corroborated information from proven sources; a firm judgement",
    "moderate": "credibly sourced and plausible, but not corroborated enough for high",
    "low": "scant, questionable or fragmented information; the judgement may change",
}


def scale_for(briefing: Briefing, brand: Brand | None = None) -> Scale:
    """The brand's chosen scale, else the scheme's own (PHIA for ``uk``), else ICD 203."""
    if brand is not None and brand.estimative in SCALES:
        return SCALES[brand.estimative]
    return PHIA_YARDSTICK if briefing.scheme.strip().casefold() == "uk" else ICD_203


def any_scale_term(text: str) -> Term | None:
    return ICD_203.find(text) or PHIA_YARDSTICK.find(text)


def _other(scale: Scale) -> Scale:
    return PHIA_YARDSTICK if scale is ICD_203 else ICD_203


def equivalent(text: str, scale: Scale) -> Term | None:
    """The term of ``scale`` in the place of ``text``, a term of the other scale (both have
    seven steps, from the least to the most likely)."""
    if scale.find(text) is not None:
        return scale.find(text)
    term = _other(scale).find(text)
    return scale.terms[_other(scale).terms.index(term)] if term is not None else None


@dataclass(frozen=True)
class Finding:
    """One lint finding: where, the sentence, what is wrong and what to write instead."""

    item: str
    text: str
    problem: str
    suggestion: str

    def as_json(self) -> dict[str, str]:
        return {
            "item": self.item,
            "text": self.text,
            "problem": self.problem,
            "suggestion": self.suggestion,
        }


# "may" only in lower case: "May" is usually the month
_VAGUE = re.compile(
    r"\b((?i:cannot rule out|can't rule out|can not rule out|not rule out|possibly|possible|"
    r"perhaps|could|might)|may)\b"
)
_CONFIDENCE = re.compile(r"\b(low|moderate|medium|high)[ -]confidence\b", re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n\s*\n")


def _phrases(terms: list[str]) -> re.Pattern[str]:
    ordered = sorted(set(terms), key=len, reverse=True)  # "highly unlikely" before "unlikely"
    return re.compile(r"\b(" + "|".join(re.escape(t) for t in ordered) + r")\b", re.IGNORECASE)


def _all_terms(scale: Scale) -> list[str]:
    return [w for t in scale.terms for w in (t.term, *t.synonyms)]


def _vague_suggestion(word: str, scale: Scale) -> str:
    if "rule out" in word:
        picks = [scale.terms[0], scale.terms[1]]
    else:
        picks = [scale.terms[2], scale.terms[3], scale.terms[4]]
    shown = ", ".join(f'"{t.term}" ({scale.range_of(t)})' for t in picks)
    return f"say how likely with a term of the {scale.name}: {shown}"


def lint_text(where: str, text: str, scale: Scale) -> list[Finding]:
    """Findings in one text (an item's body or note, a judgement)."""
    other = _other(scale)
    ours = set(_all_terms(scale))
    foreign = _phrases([t for t in _all_terms(other) if t not in ours])
    likelihood = _phrases(_all_terms(scale) + _all_terms(other))
    findings = []
    for sentence in _SENTENCE.split(text):
        sentence = " ".join(sentence.split())
        if not sentence:
            continue
        for m in _VAGUE.finditer(sentence):
            findings.append(
                Finding(
                    where,
                    sentence,
                    f'vague probability wording "{m.group(1)}"',
                    _vague_suggestion(m.group(1), scale),
                )
            )
        for m in foreign.finditer(sentence):
            match = equivalent(m.group(1), scale)
            findings.append(
                Finding(
                    where,
                    sentence,
                    f'"{m.group(1)}" is a term of the {other.name}, but this briefing uses '
                    f"the {scale.name}: two scales mixed",
                    f'write "{match.term}" ({scale.range_of(match)})' if match else "",
                )
            )
        if _CONFIDENCE.search(sentence) and likelihood.search(sentence):
            findings.append(
                Finding(
                    where,
                    sentence,
                    "a confidence level and a likelihood term in the same sentence",
                    "state the likelihood in one sentence and the analytic confidence in "
                    "another (ICD 203 keeps them apart)",
                )
            )
    return findings


def lint_briefing(briefing: Briefing, brand: Brand | None = None) -> list[Finding]:
    """Every finding of the briefing: items' text and notes, then the key judgements."""
    scale = scale_for(briefing, brand)
    findings: list[Finding] = []
    for n, item in enumerate(briefing.items, start=1):
        findings.extend(lint_text(f"item {n}", item.body or "", scale))
        if (item.note or "").strip():
            findings.extend(lint_text(f"item {n} note", item.note or "", scale))
    for n, judgement in enumerate(briefing.judgements, start=1):
        where = f"judgement {n}"
        findings.extend(lint_text(where, judgement.text, scale))
        text = " ".join(judgement.text.split())
        if not judgement.likelihood.strip():
            findings.append(
                Finding(
                    where,
                    text,
                    "a key judgement with no likelihood",
                    f"add likelihood = one of {', '.join(t.term for t in scale.terms)}",
                )
            )
        elif scale.find(judgement.likelihood) is None:
            match = equivalent(judgement.likelihood, scale)
            findings.append(
                Finding(
                    where,
                    text,
                    f'likelihood "{judgement.likelihood}" is not a term of the {scale.name}'
                    + (": two scales mixed" if match else ""),
                    f'write "{match.term}"'
                    if match
                    else f"use one of {', '.join(t.term for t in scale.terms)}",
                )
            )
        if judgement.confidence and judgement.confidence not in CONFIDENCE_LEVELS:
            findings.append(
                Finding(
                    where,
                    text,
                    f'confidence "{judgement.confidence}" is not low, moderate or high',
                    "use low, moderate or high",
                )
            )
    return findings
