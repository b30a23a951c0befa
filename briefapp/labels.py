"""One rule for lists of labels (countries, topics, tags): trimmed, empty ones dropped, and
de-duplicated case-insensitively, keeping the first spelling and the order."""

from __future__ import annotations

from collections.abc import Iterable


def unique_labels(values: Iterable[str]) -> list[str]:
    """``[" Mali", "mali", "", "Niger"]`` -> ``["Mali", "Niger"]``."""
    seen: set[str] = set()
    out: list[str] = []
    for value in values:
        label = value.strip()
        key = label.casefold()
        if label and key not in seen:
            seen.add(key)
            out.append(label)
    return out
