"""Turn anything a user types into a safe FTS5 query.

Users type hyphenated names (``post-Wagner``), quotes, ``C++``, a lone ``OR`` or an unbalanced
``"``; none of these may raise an FTS5 syntax error. We keep what users mean — quoted phrases,
prefix search (``minin*``) and ``OR`` between two terms — and quote everything else.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

# Letters, digits and the combining accents of Latin, Greek and Cyrillic letters: Yoruba's
# "Amọ̀tẹ́kùn" has no precomposed form, and both indexes (FTS5, PostgreSQL's parser) hold it as
# one word, "amotekun", where \w+ alone made it three.
_WORD = re.compile(r"(?:\w|[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f])+")
_TOKEN = re.compile(r'"([^"]*)("|$)|(\S+)')


def _phrase(words: list[str], prefix: bool = False) -> str:
    quoted = '"' + " ".join(words) + '"'
    return quoted + ("*" if prefix else "")


def to_fts_query(text: str, forms: Callable[[str], list[str]] | None = None) -> str | None:
    """An FTS5 MATCH expression for free text, or None when the text holds no searchable word.

    With ``forms`` (see word_forms.py), a bare word matches any of the forms it gives
    ("robberies" -> ``("robberies" OR "robbery")``); phrases and prefixes stay as written."""
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
        prefix = bare.rstrip("\"').,;:!?").endswith("*")
        if forms is not None and len(words) == 1 and not prefix:
            parts.append("(" + " OR ".join(_phrase([w]) for w in forms(words[0])) + ")")
        else:
            parts.append(_phrase(words, prefix=prefix))
    while parts and parts[-1] == "OR":
        parts.pop()
    # AND spelled out: FTS5 takes "a b" as both, but not next to a parenthesised group.
    joined: list[str] = []
    for part in parts:
        if joined and part != "OR" and joined[-1] != "OR":
            joined.append("AND")
        joined.append(part)
    return " ".join(joined) or None


@dataclass(frozen=True)
class SearchPlan:
    """How the index answers a query: ``text`` as typed goes through the SQL function
    ``briefapp_match`` (word_forms.py), which widens bare words to their English forms
    ("consolidating" finds "consolidation"); a quoted phrase and a prefix (``minin*``) match
    words as written."""

    table: str
    text: str


def plan_query(text: str) -> SearchPlan | None:
    """The plan for a user's query, or None when it holds no searchable word."""
    if to_fts_query(text) is None:
        return None
    return SearchPlan("search", text)
