"""Reports in the library: reading, listing, facet counts, corrections and the originals."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from briefapp.errors import BriefappError, NotFound
from briefapp.labels import unique_labels
from briefapp.library import grading
from briefapp.library.filters import LIVE, SORTS, TRASHED_IDS, ReportFilter, where_clause
from briefapp.library.metadata import refresh_search_meta
from briefapp.library.storage import Store, display_name, from_iso, name_from_db, select_in
from briefapp.models import Report, ReportId, Section, SectionId

FacetName = Literal["country", "topic", "publisher", "year"]
FacetCounts = dict[FacetName, list[tuple[str, int]]]

REPORT_COLUMNS = (
    "r.id, r.title, r.publisher, r.published, r.countries, r.topics, r.tags, r.source_file,"
    f" r.format, r.content_hash, r.imported_at, {grading.GRADE_SQL} AS grade, r.url,"
    " r.near_duplicate_of"
)
REPORT_FROM = "reports r LEFT JOIN publishers p ON p.name = r.publisher"

# facet -> (value and grouping, table, join condition on the ids table {t}, condition,
# condition leaving the trash out when the whole table is counted)
_FACET_QUERIES: dict[FacetName, tuple[str, str, str, str, str]] = {
    "country": (
        "country",
        "report_countries x",
        "x.report_id = {t}.report_id",
        "1",
        f"x.report_id NOT IN {TRASHED_IDS}",
    ),
    "topic": (
        "topic",
        "report_topics x",
        "x.report_id = {t}.report_id",
        "1",
        f"x.report_id NOT IN {TRASHED_IDS}",
    ),
    "publisher": (
        "publisher",
        "reports x",
        "x.id = {t}.report_id",
        "publisher IS NOT NULL",
        f"x.id NOT IN {TRASHED_IDS}",
    ),
    "year": (
        "substr(published, 1, 4)",
        "reports x",
        "x.id = {t}.report_id",
        "published IS NOT NULL",
        f"x.id NOT IN {TRASHED_IDS}",
    ),
}


def report_from_row(row: sqlite3.Row | tuple[Any, ...]) -> Report:
    """A report (without sections) from a row of :data:`REPORT_COLUMNS`."""
    return Report(
        id=ReportId(row[0]),
        title=row[1],
        publisher=row[2],
        published=from_iso(row[3]),
        countries=json.loads(row[4]),
        topics=json.loads(row[5]),
        tags=json.loads(row[6]),
        source_file=display_name(name_from_db(row[7]) or "") if row[7] is not None else None,
        format=row[8],
        content_hash=row[9],
        imported_at=from_iso(row[10]),
        grade=row[11],
        url=row[12],
        near_duplicate_of=ReportId(row[13]) if row[13] is not None else None,
    )


def get_report(store: Store, report_id: ReportId, *, with_sections: bool = True) -> Report:
    with store.read() as conn:
        row = conn.execute(
            f"SELECT {REPORT_COLUMNS} FROM {REPORT_FROM} WHERE r.id = ?", [report_id]
        ).fetchone()
        if row is None:
            raise NotFound(f"no report with id {report_id}")
        report = report_from_row(row)
        if with_sections:
            report.sections = [
                Section(
                    id=SectionId(r[0]),
                    report_id=report_id,
                    position=r[1],
                    heading=r[2],
                    kind=r[3],
                    text=r[4],
                )
                for r in conn.execute(
                    "SELECT id, position, heading, kind, text FROM sections WHERE report_id = ?"
                    " ORDER BY position",
                    [report_id],
                )
            ]
        return report


def report_ids(
    store: Store,
    filters: ReportFilter | None = None,
    sort: str = "published",
    descending: bool = True,
    *,
    group_copies: bool = False,
) -> list[ReportId]:
    """Ids of matching reports in display order: cheap even for 100,000 reports, so views
    can hold the ids and fetch rows on demand. ``group_copies``: one id per group of
    near-duplicates (see :func:`report_groups`)."""
    if group_copies:
        return report_groups(store, filters, sort, descending)[0]
    with store.read() as conn:
        return [row[0] for row in _ordered(conn, filters, sort, descending, "")]


def report_groups(
    store: Store,
    filters: ReportFilter | None = None,
    sort: str = "published",
    descending: bool = True,
) -> tuple[list[ReportId], dict[ReportId, int]]:
    """Matching reports in display order with near-duplicates grouped: the ids to list and,
    per listed first capture, how many of its copies match too.

    A copy is left out when its first capture is listed; one whose first capture does not
    match (filtered out, or in the trash) stays, standing for its group. One query: the
    filters (a full-text match, say) run once, and the grouping is a pass in Python."""
    with store.read() as conn:
        if (
            conn.execute(
                "SELECT 1 FROM reports WHERE near_duplicate_of IS NOT NULL LIMIT 1"
            ).fetchone()
            is None
        ):
            return [row[0] for row in _ordered(conn, filters, sort, descending, "")], {}
        rows = _ordered(conn, filters, sort, descending, ", r.near_duplicate_of")
    return group_rows(rows)


def group_rows(rows: list[Any]) -> tuple[list[ReportId], dict[ReportId, int]]:
    """The grouping pass of :func:`report_groups` over rows ``(id, ..., near_duplicate_of)``
    in display order (shared with the server library)."""
    listed = {row[0] for row in rows}
    ids: list[ReportId] = []
    counts: dict[ReportId, int] = {}
    for row in rows:
        first = row[-1]
        if first is not None and first in listed:
            counts[first] = counts.get(first, 0) + 1
        else:
            ids.append(row[0])
    return ids, counts


def _ordered(
    conn: sqlite3.Connection,
    filters: ReportFilter | None,
    sort: str,
    descending: bool,
    extra: str,
) -> list[Any]:
    """Rows ``(id, [grade,] ...extra)`` of the matching reports in display order."""
    where, params = where_clause(filters)
    order = SORTS.get(sort, SORTS["published"]).format(dir="DESC" if descending else "ASC")
    columns, source = "r.id", "reports r"
    if sort == "grade":
        columns, source = f"r.id, {grading.GRADE_SQL} AS grade", REPORT_FROM
    return conn.execute(
        f"SELECT {columns}{extra} FROM {source} WHERE {where} ORDER BY {order}", params
    ).fetchall()


def reports_by_ids(store: Store, ids: list[ReportId]) -> list[Report]:
    """Reports (without sections) in the order of ``ids``; unknown ids are skipped."""
    if not ids:
        return []
    found: dict[int, Report] = {}
    with store.read() as conn:
        for row in select_in(
            conn, f"SELECT {REPORT_COLUMNS} FROM {REPORT_FROM} WHERE r.id IN", ids
        ):
            found[row[0]] = report_from_row(row)
    return [found[i] for i in ids if i in found]


def count_reports(store: Store, filters: ReportFilter | None = None) -> int:
    where, params = where_clause(filters)
    with store.read() as conn:
        count: int = conn.execute(
            f"SELECT count(*) FROM reports r WHERE {where}", params
        ).fetchone()[0]
        return count


def facets(store: Store, filters: ReportFilter | None = None, limit: int = 200) -> FacetCounts:
    """Counts per country, topic, publisher and year among reports matching the filters;
    each facet ignores its own selection so the user can add alternatives.

    The reports matching each variant of the filters are gathered once into a temporary
    table of ids, and counts are grouped over it: a few tens of milliseconds on 100,000
    reports instead of re-running the filters inside every count.
    """
    out: FacetCounts = {}
    with store.read() as conn:
        text_ids = None
        if filters is not None and filters.text.strip():
            text_ids = _temp_ids(conn, "facet_text", *where_clause(ReportFilter(text=filters.text)))
        made: dict[tuple[str, tuple[Any, ...]], str] = {}
        for facet, (value, table, join, condition, live) in _FACET_QUERIES.items():
            where, params = where_clause(filters, skip=facet, text_ids=text_ids)
            if where == LIVE:
                source, condition = table, f"{condition} AND {live}"
            else:
                key = (where, tuple(params))
                if key not in made:
                    made[key] = _temp_ids(conn, f"facet_{len(made)}", where, params)
                # The (small) set of matching ids drives the join, through the facet's index.
                source = f"{made[key]} CROSS JOIN {table} ON {join.format(t=made[key])}"
            order = "v DESC" if facet == "year" else "n DESC, v"
            out[facet] = [
                (row[0], row[1])
                for row in conn.execute(
                    f"SELECT {value} AS v, count(*) AS n FROM {source} WHERE {condition}"
                    f" GROUP BY v ORDER BY {order} LIMIT ?",
                    [limit],
                )
            ]
    return out


def _temp_ids(conn: sqlite3.Connection, name: str, where: str, params: list[Any]) -> str:
    """A temporary table ``temp.<name>(report_id)`` of the reports matching a condition."""
    table = f"temp.{name}"
    conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {name} (report_id INTEGER PRIMARY KEY)")
    conn.execute(f"DELETE FROM {table}")
    conn.execute(f"INSERT INTO {table} SELECT r.id FROM reports r WHERE {where}", params)
    return table


def original(store: Store, report_id: ReportId) -> tuple[str, bytes]:
    """The imported file exactly as it was: (file name, bytes)."""
    with store.read() as conn:
        row = conn.execute(
            "SELECT o.name, o.data FROM reports r JOIN originals o ON o.hash = r.content_hash"
            " WHERE r.id = ?",
            [report_id],
        ).fetchone()
    if row is None:
        raise NotFound(f"no report with id {report_id}")
    return name_from_db(row[0]) or "", row[1]


def original_path(store: Store, report_id: ReportId) -> Path:
    """A file holding the original, for opening in another program (written on demand
    under the library's cache folder)."""
    return cached_original(store.folder, *original(store, report_id))


def cached_original(folder: Path, name: str, data: bytes) -> Path:
    """The original written (once) under ``folder``'s cache, named as it was imported."""
    digest = hashlib.sha256(data).hexdigest()
    target = folder / "cache" / "originals" / digest[:16] / name
    if not target.exists() or target.stat().st_size != len(data):
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.part")
        tmp.write_bytes(data)
        os.replace(tmp, target)
    return target


def update_report(
    store: Store,
    report_id: ReportId,
    *,
    title: str | None = None,
    published: datetime | None | str = "",
    publisher: str | None = None,
    countries: list[str] | None = None,
    topics: list[str] | None = None,
    grade: str | None = None,
    tags: list[str] | None = None,
) -> Report:
    """Correct what the importer got wrong. Only the given fields change; the search index
    and facets follow at once (triggers). ``published=None`` clears the date."""
    changes = report_changes(
        title=title,
        published=published,
        publisher=publisher,
        countries=countries,
        topics=topics,
        grade=grade,
        tags=tags,
    )
    if changes:
        with store.write() as conn:
            cur = conn.execute(
                f"UPDATE reports SET {', '.join(f'{k} = ?' for k in changes)} WHERE id = ?",
                [*changes.values(), report_id],
            )
            if cur.rowcount == 0:
                raise NotFound(f"no report with id {report_id}")
            if changes.keys() & {"countries", "topics", "publisher", "tags"}:
                refresh_search_meta(conn, report_id)
    return get_report(store, report_id)


def report_changes(
    *,
    title: str | None,
    published: datetime | None | str,
    publisher: str | None,
    countries: list[str] | None,
    topics: list[str] | None,
    grade: str | None,
    tags: list[str] | None,
) -> dict[str, object]:
    """The checked column values of an :func:`update_report` call (shared with the server
    library); raises BriefappError on an empty title or a bad grade."""
    changes: dict[str, object] = {}
    if title is not None:
        if not title.strip():
            raise BriefappError("the title cannot be empty")
        changes["title"] = title.strip()
    if published != "":
        changes["published"] = published.isoformat() if isinstance(published, datetime) else None
    if publisher is not None:
        changes["publisher"] = publisher.strip() or None
    for column, labels in (("countries", countries), ("topics", topics), ("tags", tags)):
        if labels is not None:
            changes[column] = json.dumps(unique_labels(labels), ensure_ascii=False)
    if grade is not None:
        try:
            changes["reliability"], changes["credibility"] = grading.parse_grade(grade)
        except ValueError as exc:
            raise BriefappError(str(exc)) from None
    return changes


def set_publisher_reliability(store: Store, publisher: str, reliability: str | None) -> None:
    """Set once how reliable a publisher is; its reports without a grade of their own follow."""
    letter = None
    if reliability:
        try:
            letter = grading.parse_reliability(reliability)
        except ValueError as exc:
            raise BriefappError(str(exc)) from None
    with store.write() as conn:
        conn.execute(
            "INSERT INTO publishers (name, reliability) VALUES (?, ?)"
            " ON CONFLICT(name) DO UPDATE SET reliability = excluded.reliability",
            [publisher, letter],
        )


def publishers(store: Store) -> list[tuple[str, str | None, int]]:
    """(publisher, reliability or None, report count) for every publisher."""
    with store.read() as conn:
        return [
            (row[0], row[1], row[2])
            for row in conn.execute(
                "SELECT r.publisher, p.reliability, count(*) FROM reports r"
                " LEFT JOIN publishers p ON p.name = r.publisher"
                " WHERE r.publisher IS NOT NULL AND r.deleted_at IS NULL"
                " GROUP BY r.publisher ORDER BY r.publisher"
            )
        ]


def delete_report(store: Store, report_id: ReportId) -> None:
    with store.write() as conn:
        if conn.execute("DELETE FROM reports WHERE id = ?", [report_id]).rowcount == 0:
            raise NotFound(f"no report with id {report_id}")
