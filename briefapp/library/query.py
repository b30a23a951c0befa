"""Turn anything a user types into a safe FTS5 query.

Users type hyphenated names (``post-Wagner``), quotes, ``C++``, a lone ``OR`` or an unbalanced
``"``; none of these may raise an FTS5 syntax error. We keep what users mean — quoted phrases,
prefix search (``minin*``) and ``OR`` between two terms — and quote everything else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORD = re.compile(r"\w+", re.UNICODE)
_TOKEN = re.compile(r'"([^"]*)("|$)|(\S+)')


def _phrase(words: list[str], prefix: bool = False) -> str:
    quoted = '"' + " ".join(words) + '"'
    return quoted + ("*" if prefix else "")


def to_fts_query(text: str) -> str | None:
    """An FTS5 MATCH expression for free text, or None when the text holds no searchable word."""
    parts: list[str] = []
    for m in _TOKEN.finditer(text or ""):
        phrase, _closing, bare = m.groups()
        if phrase is not None:
            words = _WORD.findall(phrase)
            if words:
                parts.append(_phrase(words))
            continue
        if bare == "OR":
            if parts and parts[-1] != "OR":
                parts.append("OR")
            continue
        words = _WORD.findall(bare)
        if not words:
            continue
        # "minin*" is a prefix search; "post-Wagner" is the phrase "post wagner".
        parts.append(_phrase(words, prefix=bare.rstrip("\"').,;:!?").endswith("*")))
    while parts and parts[-1] == "OR":
        parts.pop()
    return " ".join(parts) or None


@dataclass(frozen=True)
class SearchPlan:
    """Which index answers a query: ``search`` holds words as written, ``search_stem`` their
    English stems. Bare words match every word form ("consolidating" finds "consolidation");
    a quoted phrase stays exact (``exact`` is then a query the exact index must also match);
    a prefix (``minin*``) is a prefix of words as written."""

    table: str
    fts: str
    exact: str | None = None


def plan_query(text: str) -> SearchPlan | None:
    """The plan for a user's query, or None when it holds no searchable word."""
    fts = to_fts_query(text)
    if fts is None:
        return None
    if any(part.endswith("*") for part in _parts(fts)):
        return SearchPlan("search", fts)
    phrases = [m.group(1) for m in _TOKEN.finditer(text or "") if m.group(1) is not None]
    exact = " ".join(_phrase(w) for p in phrases if (w := _WORD.findall(p)))
    if exact and " OR " not in f" {fts} ":
        return SearchPlan("search_stem", fts, exact)
    return SearchPlan("search_stem", fts)


def _parts(fts: str) -> list[str]:
    return re.findall(r'"[^"]*"\*?|\S+', fts)
