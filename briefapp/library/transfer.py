"""Copying a whole library between a folder and a server (``briefapp copy-library SRC DST``).

Everything an analyst made is copied with its ids (so briefing citations and near-duplicate
marks still point at the right reports): reports with their corrected metadata and own grades
(and the trash: a trashed report stays in the trash), sections, originals, publishers'
reliabilities, briefings with their markings and judgements, their items, saved collections.
Derived data (search index, facet tables) is rebuilt by the target. The target must be empty;
the counts of both are compared at the end.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from briefapp.errors import BriefappError
from briefapp.library.library import Library

REPORT_FIELDS = (
    "id",
    "title",
    "publisher",
    "published",
    "countries",
    "topics",
    "tags",
    "reliability",
    "credibility",
    "source_file",
    "format",
    "content_hash",
    "imported_at",
    "url",
    "search_meta",
    "near_duplicate_of",
    "sketch",
    "deleted_at",
)
# Lists kept as JSON text in a folder library, as jsonb on a server.
_JSON = ("countries", "topics", "tags", "sketch")
SECTION_FIELDS = ("id", "report_id", "position", "heading", "kind", "text")
BRIEFING_FIELDS = (
    "id",
    "title",
    "subtitle",
    "author",
    "date",
    "classification",
    "brand",
    "created_at",
    "updated_at",
    "scheme",
    "reference",
    "cutoff",
    "distribution",
    "judgements",
)
ITEM_FIELDS = (
    "id",
    "briefing_id",
    "position",
    "heading",
    "text",
    "edited_text",
    "note",
    "section_kind",
    "source",
    "marking",
)
COLLECTION_FIELDS = ("id", "name", "filters", "position", "created_at")
COUNTED = (
    "reports",
    "sections",
    "originals",
    "publishers",
    "briefings",
    "briefing_items",
    "collections",
)
CHUNK = 200  # reports per transaction (their originals are in memory meanwhile)


@dataclass
class CopyResult:
    source: str
    target: str
    counts: dict[str, int]
    seconds: float

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def _is_server(lib: Library) -> bool:
    from briefapp.library.pg import PgLibrary

    return isinstance(lib, PgLibrary)


def _sql(lib: Library, sql: str) -> str:
    return sql.replace("?", "%s") if _is_server(lib) else sql


def counts(lib: Library) -> dict[str, int]:
    with lib.store.read() as conn:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in COUNTED}


def copy_library(
    source: Library, target: Library, progress: Callable[[int, int, str], None] | None = None
) -> CopyResult:
    """Copy everything from ``source`` into the empty ``target``; verify the counts."""
    started = time.monotonic()
    held = counts(target)
    if held["reports"] or held["briefings"]:
        raise BriefappError(
            f"{_name(target)} already holds {held['reports']} report(s) and"
            f" {held['briefings']} briefing(s): copy into a new, empty library"
        )
    with source.store.read() as conn:
        ids = [r[0] for r in conn.execute("SELECT id FROM reports ORDER BY id")]
        publishers = conn.execute("SELECT name, reliability FROM publishers").fetchall()
    _insert(target, "publishers", ("name", "reliability"), [tuple(p) for p in publishers])
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        reports, sections, originals = _read_reports(source, chunk[0], chunk[-1])
        with target.store.write() as conn:
            _insert_in(target, conn, "originals", ("hash", "name", "size", "data"), originals)
            _insert_in(target, conn, "reports", REPORT_FIELDS, reports)
            _insert_in(target, conn, "sections", SECTION_FIELDS, sections)
            _derive(target, conn, chunk[0], chunk[-1])
        if progress:
            progress(min(start + CHUNK, len(ids)), len(ids), "")
    with source.store.read() as conn:
        briefings = _rows(conn, f"SELECT {', '.join(BRIEFING_FIELDS)} FROM briefings ORDER BY id")
        items = _rows(conn, f"SELECT {', '.join(ITEM_FIELDS)} FROM briefing_items ORDER BY id")
        saved = _rows(conn, f"SELECT {', '.join(COLLECTION_FIELDS)} FROM collections ORDER BY id")
    _insert(target, "briefings", BRIEFING_FIELDS, briefings)
    _insert(target, "briefing_items", ITEM_FIELDS, items)
    _insert(target, "collections", COLLECTION_FIELDS, saved)
    if _is_server(target):
        with target.store.write() as conn:
            for table in ("reports", "sections", "briefings", "briefing_items", "collections"):
                conn.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                    f" greatest((SELECT max(id) FROM {table}), 1))"
                )
    else:
        target.rebuild_search_index()
    copied, expected = counts(target), counts(source)
    if copied != expected:
        differ = ", ".join(
            f"{t}: {copied[t]} of {expected[t]}" for t in COUNTED if copied[t] != expected[t]
        )
        raise BriefappError(f"the copy is incomplete ({differ}); run copy-library again")
    return CopyResult(_name(source), _name(target), copied, round(time.monotonic() - started, 3))


def _name(lib: Library) -> str:
    return getattr(lib, "location", None) or str(lib.folder)


def _rows(conn: Any, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in conn.execute(sql, params or [])]


def _read_reports(
    lib: Library, first: int, last: int
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    server = _is_server(lib)
    between = _sql(lib, "BETWEEN ? AND ?")
    with lib.store.read() as conn:
        reports = []
        for row in conn.execute(
            f"SELECT {', '.join(REPORT_FIELDS)} FROM reports WHERE id {between} ORDER BY id",
            [first, last],
        ):
            values = dict(zip(REPORT_FIELDS, row, strict=True))
            if not server:  # JSON text in a folder library, jsonb values on a server
                for key in _JSON:
                    values[key] = json.loads(values[key]) if values[key] else None
            reports.append(tuple(values.values()))
        sections = _rows(
            conn,
            f"SELECT {', '.join(SECTION_FIELDS)} FROM sections WHERE report_id {between}"
            " ORDER BY id",
            [first, last],
        )
        originals = [
            (r[0], r[1], r[2], bytes(r[3]))
            for r in conn.execute(
                "SELECT DISTINCT o.hash, o.name, o.size, o.data FROM originals o"
                f" JOIN reports r ON r.content_hash = o.hash WHERE r.id {between}",
                [first, last],
            )
        ]
    return reports, sections, originals


def _insert(
    lib: Library, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]
) -> None:
    if rows:
        with lib.store.write() as conn:
            _insert_in(lib, conn, table, columns, rows)


def _insert_in(
    lib: Library, conn: Any, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]
) -> None:
    if not rows:
        return
    server = _is_server(lib)
    marks = ", ".join(
        ("%s::jsonb" if server else "?")
        if c in _JSON and table == "reports"
        else ("%s" if server else "?")
        for c in columns
    )
    if table == "reports":
        at = [columns.index(c) for c in _JSON]
        rows = [
            tuple(
                (json.dumps(v, ensure_ascii=False) if v is not None else None) if i in at else v
                for i, v in enumerate(row)
            )
            for row in rows
        ]
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
    if server:
        with conn.cursor() as cur:
            cur.executemany(sql, rows)
    else:
        conn.executemany(sql, rows)


def _derive(lib: Library, conn: Any, first: int, last: int) -> None:
    """Facet and near-duplicate index rows of the copied reports (a server's triggers fill
    its facet tables and search vectors themselves)."""
    from briefapp.library.near_duplicates import INDEX_KEYS

    between = _sql(lib, "BETWEEN ? AND ?")
    sketches = [
        (rid, json.loads(s) if isinstance(s, str) else s)
        for rid, s in conn.execute(
            f"SELECT id, sketch FROM reports WHERE id {between} AND sketch IS NOT NULL",
            [first, last],
        )
    ]
    rows = [(h, rid) for rid, sketch in sketches for h in sketch[:INDEX_KEYS]]
    if _is_server(lib):
        if rows:
            with conn.cursor() as cur:
                cur.executemany(
                    "INSERT INTO report_sketch (hash, report_id) VALUES (%s, %s)"
                    " ON CONFLICT DO NOTHING",
                    rows,
                )
        return
    conn.executemany("INSERT OR IGNORE INTO report_sketch (hash, report_id) VALUES (?, ?)", rows)
    for table, column, source in (
        ("report_countries", "country", "countries"),
        ("report_topics", "topic", "topics"),
    ):
        conn.execute(
            f"INSERT OR IGNORE INTO {table} ({column}, report_id) SELECT j.value, r.id"
            f" FROM reports r, json_each(r.{source}) j WHERE r.id BETWEEN ? AND ?",
            [first, last],
        )
