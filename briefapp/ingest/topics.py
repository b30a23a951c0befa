"""Normalise topic names and guess topics from text when a report declares none."""

from __future__ import annotations

import re

# Topic -> words that signal it. Used only when a report declares no topics.
LEXICON: dict[str, tuple[str, ...]] = {
    "Terrorism": (
        "jihadist",
        "insurgent",
        "insurgency",
        "terrorist",
        "jnim",
        "islamic state",
        "boko haram",
        "iswap",
        "al-shabaab",
    ),
    "Security": (
        "attack",
        "ambush",
        "armed",
        "military",
        "troops",
        "kidnapping",
        "bandit",
        "checkpoint",
        "militia",
    ),
    "Mining": ("mine", "mining", "gold", "uranium", "lithium", "artisanal", "concession"),
    "Maritime": ("piracy", "vessel", "maritime", "port", "tanker", "shipping", "coast guard"),
    "Elections": ("election", "ballot", "polling", "electoral", "candidate", "referendum"),
    "Humanitarian": (
        "displaced",
        "refugee",
        "humanitarian",
        "famine",
        "food insecurity",
        "aid convoy",
        "cholera",
    ),
    "Energy": ("oil", "pipeline", "refinery", "electricity", "power grid", "fuel", "gas field"),
    "Governance": (
        "junta",
        "coup",
        "transition",
        "constitution",
        "parliament",
        "corruption",
        "decree",
    ),
    "Migration": ("migrant", "migration", "smuggling", "border crossing", "trafficking"),
    "Economy": ("inflation", "currency", "debt", "imf", "budget", "tariff", "trade"),
}


def normalise_topics(values: list[str]) -> list[str]:
    """Tidy declared topics: trimmed, first letter capitalised, duplicates removed."""
    out: list[str] = []
    seen: set[str] = set()
    for value in values:
        topic = re.sub(r"\s+", " ", str(value)).strip().strip("#")
        if not topic:
            continue
        if topic.islower():
            topic = topic[0].upper() + topic[1:]
        key = topic.casefold()
        if key not in seen:
            seen.add(key)
            out.append(topic)
    return out


_SIGNALS = {
    topic: re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + ")")
    for topic, words in LEXICON.items()
}


def guess_topics(text: str, limit: int = 3) -> list[str]:
    """The topics whose signal words occur most often (at least twice) in the text."""
    lowered = text.lower()
    scores = {}
    for topic, pattern in _SIGNALS.items():
        score = len(pattern.findall(lowered))
        if score >= 2:
            scores[topic] = score
    return sorted(scores, key=lambda t: -scores[t])[:limit]
