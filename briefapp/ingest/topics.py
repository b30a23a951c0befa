"""Normalise declared topics, and derive topics for reports that declare none.

Derived topics come from a vocabulary of analysis topics with their keywords, shipped in
resources/topics.toml and matched in the title and summary only: the body of a long report
touches on everything, its title and summary say what it is about.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache

from briefapp.ingest.countries import fold


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


TITLE_WEIGHT = 2  # a keyword in the title is enough on its own
MIN_SCORE = 2  # else two keyword hits in the summary


def _keyword_pattern(keyword: str) -> str:
    words = fold(keyword).rstrip("*").split()
    body = r"[\s-]+".join(re.escape(w) for w in words)
    return body + (r"[\w'-]*" if keyword.endswith("*") else "")


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[re.Pattern[str], tuple[str, ...]]:
    """One pattern for the whole vocabulary (a named group per topic) and the topic names."""
    from briefapp.resources import resource_path

    with resource_path("topics.toml").open("rb") as fh:
        topics = tomllib.load(fh)["topics"]
    names = tuple(topics)
    groups = []
    for n, name in enumerate(names):
        # longest keywords first, so "drone strike" is read before "strike" could be
        keywords = sorted(topics[name]["keywords"], key=len, reverse=True)
        groups.append(f"(?P<t{n}>" + "|".join(_keyword_pattern(k) for k in keywords) + ")")
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(groups) + r")(?![\w-])")
    return pattern, names


def guess_topics(title: str, summary: str, limit: int = 3) -> list[str]:
    """Topics of the bundled vocabulary (resources/topics.toml) the title and summary show.

    A topic needs a keyword in the title or two keyword hits in the summary, so that a
    passing word ("fuel" once in a report on elections) gives no topic; the strongest
    ``limit`` topics are returned, strongest first (ties: vocabulary order).
    """
    pattern, names = _vocabulary()
    scores: dict[str, int] = {}
    for text, weight in ((title, TITLE_WEIGHT), (summary, 1)):
        for m in pattern.finditer(fold(text)):
            topic = names[int(m.lastgroup[1:])]  # type: ignore[index]
            scores[topic] = scores.get(topic, 0) + weight
    strong = [t for t in names if scores.get(t, 0) >= MIN_SCORE]
    return sorted(strong, key=lambda t: -scores[t])[:limit]
