"""Reports in a server library: reading, listing, facet counts, corrections, originals."""

from __future__ import annotations

import hashlib
import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any

from briefapp.errors import BriefappError, NotFound
from briefapp.labels import unique_labels
from briefapp.library import grading
from briefapp.library.filters import ReportFilter
from briefapp.library.metadata import search_meta
from briefapp.library.pg.filters import GRADE_SQL, order_by, where_clause
from briefapp.library.pg.store import PgStore
from briefapp.library.reports import FacetCounts, FacetName
from briefapp.library.storage import from_iso
from briefapp.models import Report, Section

REPORT_COLUMNS = (
    "r.id, r.title, r.publisher, r.published, r.countries, r.topics, r.tags, r.source_file,"
    f" r.format, r.content_hash, r.imported_at, {GRADE_SQL} AS grade, r.url,"
    " r.near_duplicate_of"
)
REPORT_FROM = "reports r LEFT JOIN publishers p ON p.name = r.publisher"

# facet -> (value, table joined on the matching ids m, condition)
_FACET_QUERIES: dict[FacetName, tuple[str, str, str]] = {
    "country": ("x.country", "report_countries x ON x.report_id = m.id", "true"),
    "topic": ("x.topic", "report_topics x ON x.report_id = m.id", "true"),
    "publisher": ("x.publisher", "reports x ON x.id = m.id", "x.publisher IS NOT NULL"),
    "year": ("substr(x.published, 1, 4)", "reports x ON x.id = m.id", "x.published IS NOT NULL"),
}


def report_from_row(row: tuple[Any, ...]) -> Report:
    """A report (without sections) from a row of :data:`REPORT_COLUMNS`."""
    return Report(
        id=row[0],
        title=row[1],
        publisher=row[2],
        published=from_iso(row[3]),
        countries=list(row[4]),
        topics=list(row[5]),
        tags=list(row[6]),
        source_file=row[7],
        format=row[8],
        content_hash=row[9],
        imported_at=from_iso(row[10]),
        grade=row[11],
        url=row[12],
        near_duplicate_of=row[13],
    )


def get_report(store: PgStore, report_id: int, *, with_sections: bool = True) -> Report:
    with store.read() as conn:
        row = conn.execute(
            f"SELECT {REPORT_COLUMNS} FROM {REPORT_FROM} WHERE r.id = %s", [report_id]
        ).fetchone()
        if row is None:
            raise NotFound(f"no report with id {report_id}")
        report = report_from_row(row)
        if with_sections:
            report.sections = [
                Section(
                    id=r[0], report_id=report_id, position=r[1], heading=r[2], kind=r[3], text=r[4]
                )
                for r in conn.execute(
                    "SELECT id, position, heading, kind, text FROM sections WHERE report_id = %s"
                    " ORDER BY position",
                    [report_id],
                )
            ]
    return report


def report_ids(
    store: PgStore, filters: ReportFilter | None, sort: str, descending: bool
) -> list[int]:
    where, params = where_clause(filters)
    source = REPORT_FROM if sort == "grade" else "reports r"
    columns = f"r.id, {GRADE_SQL} AS grade" if sort == "grade" else "r.id"
    order = order_by(sort, descending)
    with store.read() as conn:
        return [
            r[0]
            for r in conn.execute(
                f"SELECT {columns} FROM {source} WHERE {where} ORDER BY {order}", params
            )
        ]


def reports_by_ids(store: PgStore, ids: list[int]) -> list[Report]:
    if not ids:
        return []
    with store.read() as conn:
        found = {
            row[0]: report_from_row(row)
            for row in conn.execute(
                f"SELECT {REPORT_COLUMNS} FROM {REPORT_FROM} WHERE r.id = ANY(%s)", [list(ids)]
            )
        }
    return [found[i] for i in ids if i in found]


def count_reports(store: PgStore, filters: ReportFilter | None) -> int:
    where, params = where_clause(filters)
    with store.read() as conn:
        count: int = conn.execute(
            f"SELECT count(*) FROM reports r WHERE {where}", params
        ).fetchone()[0]
    return count


def facets(store: PgStore, filters: ReportFilter | None, limit: int) -> FacetCounts:
    """Counts per country, topic, publisher and year; each facet ignores its own selection."""
    out: FacetCounts = {}
    with store.read() as conn:
        for facet, (value, joined, condition) in _FACET_QUERIES.items():
            where, params = where_clause(filters, skip=facet)
            order = "v DESC" if facet == "year" else "n DESC, v"
            if where == "true":
                source = joined.split(" ON ")[0]
            else:
                source = f"(SELECT r.id FROM reports r WHERE {where}) m JOIN {joined}"
            out[facet] = [
                (row[0], row[1])
                for row in conn.execute(
                    f"SELECT {value} AS v, count(*) AS n FROM {source} WHERE {condition}"
                    f" GROUP BY v ORDER BY {order} LIMIT %s",
                    [*params, limit],
                )
            ]
    return out


def original(store: PgStore, report_id: int) -> tuple[str, bytes]:
    with store.read() as conn:
        row = conn.execute(
            "SELECT o.name, o.data FROM reports r JOIN originals o ON o.hash = r.content_hash"
            " WHERE r.id = %s",
            [report_id],
        ).fetchone()
    if row is None:
        raise NotFound(f"no report with id {report_id}")
    return row[0], bytes(row[1])


def original_path(store: PgStore, folder: Path, report_id: int) -> Path:
    """A file holding the original, written on demand under the local cache folder."""
    name, data = original(store, report_id)
    digest = hashlib.sha256(data).hexdigest()
    target = folder / "cache" / "originals" / digest[:16] / name
    if not target.exists() or target.stat().st_size != len(data):
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.part")
        tmp.write_bytes(data)
        os.replace(tmp, target)
    return target


def update_report(
    store: PgStore,
    report_id: int,
    *,
    title: str | None = None,
    published: datetime | None | str = "",
    publisher: str | None = None,
    countries: list[str] | None = None,
    topics: list[str] | None = None,
    grade: str | None = None,
    tags: list[str] | None = None,
) -> Report:
    """Correct what the importer got wrong; triggers keep search and facets in step."""
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
    if changes:
        with store.write() as conn:
            cur = conn.execute(
                f"UPDATE reports SET {', '.join(f'{k} = %s' for k in changes)} WHERE id = %s",
                [*changes.values(), report_id],
            )
            if cur.rowcount == 0:
                raise NotFound(f"no report with id {report_id}")
            if changes.keys() & {"countries", "topics", "publisher", "tags"}:
                refresh_search_meta(conn, report_id)
    return get_report(store, report_id)


def refresh_search_meta(conn: Any, report_id: int) -> None:
    """Recompute a report's searchable metadata (a trigger re-indexes its sections)."""
    row = conn.execute(
        "SELECT countries, topics, publisher, tags FROM reports WHERE id = %s", [report_id]
    ).fetchone()
    if row is not None:
        meta = search_meta(row[0], row[1], row[2], row[3])
        conn.execute("UPDATE reports SET search_meta = %s WHERE id = %s", [meta, report_id])


def set_publisher_reliability(store: PgStore, publisher: str, reliability: str | None) -> None:
    letter = None
    if reliability:
        try:
            letter = grading.parse_reliability(reliability)
        except ValueError as exc:
            raise BriefappError(str(exc)) from None
    with store.write() as conn:
        conn.execute(
            "INSERT INTO publishers (name, reliability) VALUES (%s, %s)"
            " ON CONFLICT (name) DO UPDATE SET reliability = excluded.reliability",
            [publisher, letter],
        )


def publishers(store: PgStore) -> list[tuple[str, str | None, int]]:
    with store.read() as conn:
        return [
            (row[0], row[1], row[2])
            for row in conn.execute(
                "SELECT r.publisher, p.reliability, count(*) FROM reports r"
                " LEFT JOIN publishers p ON p.name = r.publisher WHERE r.publisher IS NOT NULL"
                " GROUP BY r.publisher, p.reliability ORDER BY r.publisher"
            )
        ]


def delete_report(store: PgStore, report_id: int) -> None:
    with store.write() as conn:
        # A deleted report's near-duplicates now repeat the oldest of them (as in a folder).
        conn.execute(
            "UPDATE reports SET near_duplicate_of = nullif((SELECT min(id) FROM reports"
            " WHERE near_duplicate_of = %s), id) WHERE near_duplicate_of = %s",
            [report_id, report_id],
        )
        if conn.execute("DELETE FROM reports WHERE id = %s", [report_id]).rowcount == 0:
            raise NotFound(f"no report with id {report_id}")
