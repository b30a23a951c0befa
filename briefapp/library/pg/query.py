r"""Anything a user types turned into a safe PostgreSQL ``tsquery``, with the same language and
plan as the folder library (``briefapp/library/query.py``): bare words match every English word
form, "quoted phrases" stay exact, ``prefix*`` matches words as written, ``a OR b``.

Only words made of letters, digits and underscores (``\w+``) reach the query, each quoted as a
lexeme, so no input can make ``to_tsquery`` fail; the operators are ours. AND binds tighter
than OR, as in FTS5 and tsquery alike, so the parts join without parentheses.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefapp.library.query import _TOKEN, _WORD

EXACT_CONFIG, STEM_CONFIG = "briefapp_exact", "briefapp_stem"


@dataclass(frozen=True)
class PgSearchPlan:
    """Which vector answers a query (``tsv_exact`` or ``tsv_stem``), the query for it in
    ``config``, and a query the exact vector must also match (quoted phrases), if any."""

    column: str
    config: str
    tsquery: str
    exact: str | None = None


def _lexemes(words: list[str], prefix: bool = False) -> str:
    """Words as a phrase of quoted lexemes (``'post' <-> 'wagner'``), the last a prefix."""
    quoted = [f"'{w}'" for w in words]
    if prefix:
        quoted[-1] += ":*"
    return quoted[0] if len(quoted) == 1 else "(" + " <-> ".join(quoted) + ")"


def _parts(text: str) -> list[tuple[str, str]]:
    """(kind, tsquery part) for each term: kind is word, phrase, prefix or OR."""
    parts: list[tuple[str, str]] = []
    for m in _TOKEN.finditer(text or ""):
        phrase, _closing, bare = m.groups()
        if phrase is not None:
            words = _WORD.findall(phrase)
            if words:
                parts.append(("phrase", _lexemes(words)))
            continue
        if bare == "OR":
            if parts and parts[-1][0] != "OR":
                parts.append(("OR", "|"))
            continue
        words = _WORD.findall(bare)
        if not words:
            continue
        prefix = bare.rstrip("\"').,;:!?").endswith("*")
        parts.append(("prefix" if prefix else "word", _lexemes(words, prefix)))
    while parts and parts[-1][0] == "OR":
        parts.pop()
    if parts and parts[0][0] == "OR":
        parts.pop(0)
    return parts


def _join(parts: list[tuple[str, str]]) -> str:
    out: list[str] = []
    for kind, part in parts:
        if kind == "OR":
            out.append("|")
            continue
        if out and out[-1] != "|":
            out.append("&")
        out.append(part)
    return " ".join(out)


def plan_query(text: str) -> PgSearchPlan | None:
    """The plan for a user's query, or None when it holds no searchable word."""
    parts = _parts(text)
    if not parts:
        return None
    query = _join(parts)
    if any(kind == "prefix" for kind, _ in parts):
        return PgSearchPlan("tsv_exact", EXACT_CONFIG, query)
    phrases = [part for kind, part in parts if kind == "phrase"]
    if phrases and not any(kind == "OR" for kind, _ in parts):
        return PgSearchPlan("tsv_stem", STEM_CONFIG, query, " & ".join(phrases))
    return PgSearchPlan("tsv_stem", STEM_CONFIG, query)


def match_sql(plan: PgSearchPlan, alias: str = "s") -> tuple[str, list[str]]:
    """SQL condition on sections ``alias`` matching the plan, and its parameters."""
    sql = f"{alias}.{plan.column} @@ to_tsquery('{plan.config}', %s)"
    params = [plan.tsquery]
    if plan.exact:
        sql += f" AND {alias}.tsv_exact @@ to_tsquery('{EXACT_CONFIG}', %s)"
        params.append(plan.exact)
    return sql, params
