"""English word forms for full-text search in a folder library, found in the index itself.

The search index holds words as written (FTS5 ``unicode61``, without diacritics). A bare word
in a query also finds its other forms ("robberies" finds "robbery", "consolidating" finds
"consolidation"): the words of the index's own vocabulary (``search_vocab``, an ``fts5vocab``
table) that share its Porter stem (snowballstemmer) join the query as alternatives. Words
sharing a stem share all but its last letters, so only the vocabulary under that prefix is
read: a few milliseconds, where a second, stemmed index cost a third of every import.
"""

from __future__ import annotations

import sqlite3
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache

from snowballstemmer import stemmer

from briefapp.library.query import to_fts_query

# Porter rewrites at most the last three letters of a stem ("possibility" -> "possibl",
# "happy" -> "happi", "hoping" -> "hope"): every form shares the rest.
REWRITTEN_TAIL = 3
SHORTEST_PREFIX = 3
MOST_FORMS = 64  # (a query stays short; no English stem has this many forms)

_porter = stemmer("porter")


@lru_cache(maxsize=65_536)
def stem(word: str) -> str:
    """The Porter stem of a lower-case word."""
    stemmed: str = _porter.stemWord(word)
    return stemmed


def fold(word: str) -> str:
    """A word as the index holds it: lower case, without diacritics (``remove_diacritics``)."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def forms(conn: sqlite3.Connection, word: str) -> list[str]:
    """``word`` and the words of the index sharing its stem."""
    return forms_among(
        word,
        lambda prefix: (
            term
            for (term,) in conn.execute(
                "SELECT term FROM search_vocab WHERE term >= ? AND term < ?",
                [prefix, prefix + "\uffff"],
            )
        ),
    )


def stem_prefix(word: str) -> tuple[str, str, str]:
    """The folded word, its stem, and the prefix all words of that stem start with."""
    word = fold(word)
    root = stem(word)
    return word, root, root[: max(len(root) - REWRITTEN_TAIL, min(len(root), SHORTEST_PREFIX))]


def forms_among(word: str, terms_under: Callable[[str], Iterable[str]]) -> list[str]:
    """``word`` and the words sharing its stem among those ``terms_under(prefix)`` gives (a
    vocabulary's words starting with ``prefix``, in any order)."""
    word, root, prefix = stem_prefix(word)
    found = {word}
    for term in terms_under(prefix):
        if term != word and stem(term) == root:
            found.add(term)
            if len(found) >= MOST_FORMS:
                break
    return sorted(found)


def match_query(conn: sqlite3.Connection, text: str) -> str | None:
    """The FTS5 query for what a user typed, bare words widened to their forms (the SQL
    function ``briefapp_match``, registered on every connection by :func:`register`)."""
    try:
        return to_fts_query(text, forms=lambda word: forms(conn, word))
    except sqlite3.Error:  # (no vocabulary yet, e.g. mid-migration): the words as written
        return to_fts_query(text)


def register(conn: sqlite3.Connection) -> None:
    """Make ``briefapp_match(text)`` available in this connection's SQL.

    Declared deterministic (it is, within a statement): otherwise SQLite will not hand FTS5 a
    ``MATCH briefapp_match(?) AND rowid IN (...)`` pair as one constraint (a snippet query so
    written took 1.2 s instead of 11 ms for 200 hits on 100,000 reports). search.py widens the
    query once itself, for its ranking and snippets; list filters and facets use the function."""
    conn.create_function(
        "briefapp_match", 1, lambda text: match_query(conn, text or ""), deterministic=True
    )
