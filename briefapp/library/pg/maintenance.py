"""Keeping a server library healthy: the check (counts, search vectors, facet tables,
originals) and its repair. Backups of a server library are copies into a library folder
(``transfer.py``); administrators back the whole server up with ``pg_dump`` (README)."""

from __future__ import annotations

import hashlib

from briefapp.library.maintenance import CheckResult, Problem
from briefapp.library.pg.schema import has_unaccent
from briefapp.library.pg.store import PgStore

_FACETS = (("report_countries", "country", "countries"), ("report_topics", "topic", "topics"))


def check(store: PgStore, *, repair: bool = False) -> CheckResult:
    """Check the library; ``repair`` recomputes the search vectors and facet tables."""
    result = _run_checks(store)
    kinds = {p.check for p in result.problems}
    if not repair or not kinds & {"search_index", "facets"}:
        return result
    repaired: list[str] = []
    if "search_index" in kinds:
        rebuild_search_index(store)
        repaired.append("rebuilt the search index")
    if "facets" in kinds:
        _rebuild_facets(store)
        repaired.append("rebuilt the country and topic tables")
    after = _run_checks(store)
    after.repaired = repaired
    return after


def _run_checks(store: PgStore) -> CheckResult:
    out = CheckResult()
    with store.read() as conn:
        out.reports = conn.execute("SELECT count(*) FROM reports").fetchone()[0]
        out.sections = conn.execute("SELECT count(*) FROM sections").fetchone()[0]
        out.originals = conn.execute("SELECT count(*) FROM originals").fetchone()[0]
        missing = search_index_drift_in(conn)[0]
        if missing:
            out.problems.append(
                Problem("search_index", f"{missing} section(s) missing from the search index")
            )
        if not has_unaccent(conn):
            out.problems.append(
                Problem(
                    "search_index",
                    "the server lacks the unaccent extension: diacritics must be typed as"
                    " written (install postgresql-contrib, then run check --repair)",
                )
            )
        for table, column, source in _FACETS:
            expected = (
                f"SELECT DISTINCT j.value, r.id FROM reports r,"
                f" jsonb_array_elements_text(r.{source}) j"
            )
            actual = f"SELECT {column}, report_id FROM {table}"
            diff = conn.execute(
                f"SELECT (SELECT count(*) FROM ({expected} EXCEPT {actual}) a),"
                f" (SELECT count(*) FROM ({actual} EXCEPT {expected}) b)"
            ).fetchone()
            if diff[0] or diff[1]:
                out.problems.append(
                    Problem(
                        "facets",
                        f"{table} differs from the reports ({diff[0]} missing, {diff[1]} extra)",
                    )
                )
        for (report_id,) in conn.execute(
            "SELECT r.id FROM reports r LEFT JOIN originals o ON o.hash = r.content_hash"
            " WHERE o.hash IS NULL ORDER BY r.id"
        ):
            out.problems.append(
                Problem("originals", f"report #{report_id}: its original file is missing")
            )
        for digest, name, data in conn.execute("SELECT hash, name, data FROM originals"):
            if hashlib.sha256(data).hexdigest() != digest:
                out.problems.append(
                    Problem(
                        "originals",
                        f"original {name!r} does not match its SHA-256: it was altered",
                    )
                )
    return out


def search_index_drift_in(conn: object) -> tuple[int, int, int]:
    missing = conn.execute(  # type: ignore[attr-defined]
        "SELECT count(*) FROM sections WHERE tsv_exact IS NULL"
    ).fetchone()[0]
    return (missing, 0, 0)


def search_index_drift(store: PgStore) -> tuple[int, int, int]:
    """(sections without search vectors, 0, 0): vectors are rows of the sections themselves,
    so none can be extra, and triggers keep them current."""
    with store.read() as conn:
        return search_index_drift_in(conn)


def rebuild_search_index(store: PgStore) -> None:
    with store.write() as conn:
        if not has_unaccent(conn):
            from briefapp.library.pg.schema import _create_unaccent

            if _create_unaccent(conn):
                conn.execute(
                    "ALTER TEXT SEARCH CONFIGURATION briefapp_exact ALTER MAPPING FOR"
                    " hword, hword_part, word WITH unaccent, simple"
                )
        # The vocabulary anew: the update's trigger (schema.py) adds the words of every vector.
        conn.execute("DELETE FROM words")
        conn.execute("UPDATE sections SET heading = heading")


def _rebuild_facets(store: PgStore) -> None:
    with store.write() as conn:
        for table, column, source in _FACETS:
            conn.execute(f"DELETE FROM {table}")
            conn.execute(
                f"INSERT INTO {table} ({column}, report_id) SELECT DISTINCT j.value, r.id"
                f" FROM reports r, jsonb_array_elements_text(r.{source}) j"
            )
