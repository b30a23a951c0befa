"""Edits to several reports of a server library at once, and the snapshots that undo them
exactly, as the folder library's ``bulk.py`` (whose :class:`BulkEdit` they take)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from briefapp.errors import NotFound
from briefapp.library.bulk import (
    _META_COLUMNS,
    SNAPSHOT_COLUMNS,
    BulkEdit,
    Snapshot,
    edit_changes,
    edit_grade,
)
from briefapp.library.pg.reports import refresh_search_meta
from briefapp.library.pg.store import PgStore
from briefapp.models import ReportId

_JSON_COLUMNS = {"countries", "topics", "tags"}


def snapshot(store: PgStore, ids: Iterable[ReportId]) -> Snapshot:
    """The stored values a bulk edit may change, per report, in the folder library's form
    (lists as JSON text) so a snapshot reads the same from either library."""
    out: Snapshot = {}
    with store.read() as conn:
        for row in conn.execute(
            f"SELECT id, {', '.join(SNAPSHOT_COLUMNS)} FROM reports WHERE id = ANY(%s)",
            [list(dict.fromkeys(ids))],
        ):
            values = dict(zip(SNAPSHOT_COLUMNS, row[1:], strict=True))
            for column in _JSON_COLUMNS:
                values[column] = json.dumps(values[column], ensure_ascii=False)
            out[row[0]] = values
    return out


def restore_snapshot(store: PgStore, saved: Snapshot) -> list[ReportId]:
    """Put back the values of a :func:`snapshot` (one transaction); returns the ids."""
    with store.write() as conn:
        for report_id, values in saved.items():
            _set(conn, report_id, values)
    return list(saved)


def update_reports(store: PgStore, ids: Sequence[ReportId], edit: BulkEdit) -> list[ReportId]:
    """Apply one edit to every report in ``ids`` in one transaction (all or nothing); an
    unknown id fails the whole edit with :class:`NotFound`."""
    grade = edit_grade(edit)
    wanted = list(dict.fromkeys(ids))
    with store.write() as conn:
        rows = {
            row[0]: row[1:]
            for row in conn.execute(
                "SELECT id, countries, topics, tags FROM reports WHERE id = ANY(%s) FOR UPDATE",
                [wanted],
            )
        }
        for report_id in wanted:
            if report_id not in rows:
                raise NotFound(f"no report with id {report_id}")
            lists = [list(v) for v in rows[report_id]]
            _set(conn, report_id, edit_changes(edit, grade, lists))
    return wanted


def _set(conn: Any, report_id: ReportId, changes: dict[str, Any]) -> None:
    if not changes:
        return
    marks = ", ".join(f"{k} = %s::jsonb" if k in _JSON_COLUMNS else f"{k} = %s" for k in changes)
    conn.execute(f"UPDATE reports SET {marks} WHERE id = %s", [*changes.values(), report_id])
    if changes.keys() & _META_COLUMNS:
        refresh_search_meta(conn, report_id)  # search finds the new labels at once
