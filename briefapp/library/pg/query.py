r"""Anything a user types turned into a safe PostgreSQL ``tsquery``, with the same language and
plan as the folder library (``briefapp/library/query.py``): bare words match every English word
form, "quoted phrases" stay exact, ``prefix*`` matches words as written, ``a OR b``.

Sections carry one vector, their words as written (``briefapp_exact``: lower case, without
diacritics). As in a folder library (``word_forms.py``), a bare word is widened to the words
of the library's vocabulary (the ``words`` table, filled by imports and a trigger on sections)
that share its Porter stem: "robberies" becomes ``('robberies' | 'robbery')``. A second,
stemmed vector per section cost half of every import.

Only words (letters, digits, underscores and combining accents: ``query._WORD``) reach the
query, each quoted as a lexeme, so no input can make ``to_tsquery`` fail; the operators are
ours. AND binds tighter
than OR, as in FTS5 and tsquery alike, so the parts join without parentheses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from briefapp.library.query import _TOKEN, _WORD
from briefapp.library.word_forms import forms_among, stem_prefix

# The sections' search vector and its text search configuration (schema.py).
VECTOR, EXACT_CONFIG = "tsv_exact", "briefapp_exact"
# Every word of a vocabulary is below prefix + this (the last code point) in "C" order.
_LAST = "\U0010ffff"
# At most this many words under one prefix are read (a one-letter word's prefix is the letter).
_MOST_UNDER_PREFIX = 20_000

Forms = Callable[[str], list[str]]


@dataclass(frozen=True)
class PgSearchPlan:
    """The ``tsquery`` answering a query over the sections' :data:`VECTOR`, in
    :data:`EXACT_CONFIG`."""

    tsquery: str


def _lexemes(words: list[str], prefix: bool = False) -> str:
    """Words as a phrase of quoted lexemes (``'post' <-> 'wagner'``), the last a prefix."""
    quoted = [f"'{w}'" for w in words]
    if prefix:
        quoted[-1] += ":*"
    return quoted[0] if len(quoted) == 1 else "(" + " <-> ".join(quoted) + ")"


def _terms(text: str) -> list[tuple[str, list[str]]]:
    """(kind, words) for each term: kind is word, phrase, prefix or OR."""
    parts: list[tuple[str, list[str]]] = []
    for m in _TOKEN.finditer(text or ""):
        phrase, _closing, bare = m.groups()
        if phrase is not None:
            words = _WORD.findall(phrase)
            if words:
                parts.append(("phrase", words))
            continue
        if bare == "OR":
            if parts and parts[-1][0] != "OR":
                parts.append(("OR", []))
            continue
        words = _WORD.findall(bare)
        if not words:
            continue
        # "minin*" is a prefix search; "post-Wagner" is the phrase "post wagner".
        prefix = bare.rstrip("\"').,;:!?").endswith("*")
        kind = "prefix" if prefix else "word" if len(words) == 1 else "phrase"
        parts.append((kind, words))
    while parts and parts[-1][0] == "OR":
        parts.pop()
    if parts and parts[0][0] == "OR":
        parts.pop(0)
    return parts


def bare_words(text: str) -> list[str]:
    """The words of a query that match all their forms (neither quoted nor prefixes)."""
    return [words[0] for kind, words in _terms(text) if kind == "word"]


def plan_query(text: str, forms: Forms | None = None) -> PgSearchPlan | None:
    """The plan for a user's query, or None when it holds no searchable word. With ``forms``
    (see :func:`vocabulary_forms`) a bare word matches any of the forms it gives."""
    out: list[str] = []
    for kind, words in _terms(text):
        if kind == "OR":
            out.append("|")
            continue
        if out and out[-1] != "|":
            out.append("&")
        if kind == "word" and forms is not None:
            alternatives = [f"'{w}'" for w in forms(words[0])]
            out.append(
                alternatives[0] if len(alternatives) == 1 else f"({' | '.join(alternatives)})"
            )
        else:
            out.append(_lexemes(words, prefix=kind == "prefix"))
    return PgSearchPlan(" ".join(out)) if out else None


def vocabulary_forms(conn: Any, words: Iterable[str]) -> Forms:
    """The forms of these words in the library's vocabulary, read in one statement."""
    prefixes = {word: stem_prefix(word)[2] for word in words}
    under: dict[str, list[str]] = {}
    if prefixes:
        wanted = sorted(set(prefixes.values()))
        for prefix, word in conn.execute(
            "SELECT p, w.word FROM unnest(%s::text[]) p JOIN LATERAL (SELECT word FROM words"
            " WHERE word >= p AND word < p || %s ORDER BY word LIMIT %s) w ON true",
            [wanted, _LAST, _MOST_UNDER_PREFIX],
        ):
            if _WORD.fullmatch(word):
                under.setdefault(prefix, []).append(word)

    def forms(word: str) -> list[str]:
        return forms_among(word, lambda prefix: under.get(prefix, ()))

    return forms


def plan_with_forms(conn: Any, text: str) -> PgSearchPlan | None:
    """:func:`plan_query` with bare words widened to their forms in this library."""
    return plan_query(text, vocabulary_forms(conn, bare_words(text)))


def match_sql(plan: PgSearchPlan, alias: str = "s") -> tuple[str, list[str]]:
    """SQL condition on sections ``alias`` matching the plan, and its parameters."""
    return f"{alias}.{VECTOR} @@ to_tsquery('{EXACT_CONFIG}', %s)", [plan.tsquery]
