"""The trash of a server library, as the folder library's ``trash.py``: deleted reports leave
every list, count, facet and search at once (``deleted_at`` is set) but stay readable; emptying
the trash removes them for good, with their originals unless another report uses them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from briefapp.library.pg.reports import REPORT_COLUMNS, REPORT_FROM, report_from_row
from briefapp.library.pg.store import PgStore
from briefapp.library.storage import from_iso, now_iso
from briefapp.library.trash import TrashedReport, TrashResult
from briefapp.models import ReportId


def delete_reports(store: PgStore, ids: Iterable[ReportId]) -> list[TrashResult]:
    """Move reports to the trash (one transaction); an unknown id is an error for it only."""
    wanted = list(ids)
    stamp = now_iso()
    with store.write() as conn:
        titles = dict(
            conn.execute("SELECT id, title FROM reports WHERE id = ANY(%s)", [wanted]).fetchall()
        )
        conn.execute(
            "UPDATE reports SET deleted_at = %s WHERE id = ANY(%s) AND deleted_at IS NULL",
            [stamp, wanted],
        )
    return [
        TrashResult(i, "deleted", title=titles[i])
        if i in titles
        else TrashResult(i, "error", f"no report with id {i}")
        for i in wanted
    ]


def restore_reports(store: PgStore, ids: Iterable[ReportId]) -> list[TrashResult]:
    """Bring reports back from the trash (one transaction)."""
    results: list[TrashResult] = []
    wanted = list(ids)
    with store.write() as conn:
        found = {
            row[0]: (row[1], row[2])
            for row in conn.execute(
                "SELECT id, title, deleted_at FROM reports WHERE id = ANY(%s) FOR UPDATE",
                [wanted],
            )
        }
        for report_id in wanted:
            if report_id not in found:
                results.append(TrashResult(report_id, "error", f"no report with id {report_id}"))
            elif found[report_id][1] is None:
                results.append(
                    TrashResult(report_id, "error", f"report {report_id} is not in the trash")
                )
            else:
                conn.execute("UPDATE reports SET deleted_at = NULL WHERE id = %s", [report_id])
                found[report_id] = (found[report_id][0], None)
                results.append(TrashResult(report_id, "restored", title=found[report_id][0]))
    return results


def list_trash(store: PgStore) -> list[TrashedReport]:
    """The reports in the trash, most recently deleted first."""
    with store.read() as conn:
        return [
            TrashedReport(report_from_row(row), from_iso(row[-1]))
            for row in conn.execute(
                f"SELECT {REPORT_COLUMNS}, r.deleted_at FROM {REPORT_FROM}"
                " WHERE r.deleted_at IS NOT NULL ORDER BY r.deleted_at DESC, r.id DESC"
            )
        ]


def trash_ids(store: PgStore) -> list[ReportId]:
    """Ids of the reports in the trash, most recently deleted first."""
    with store.read() as conn:
        return [
            row[0]
            for row in conn.execute(
                "SELECT id FROM reports WHERE deleted_at IS NOT NULL"
                " ORDER BY deleted_at DESC, id DESC"
            )
        ]


def empty_trash(store: PgStore, ids: Iterable[ReportId] | None = None) -> list[ReportId]:
    """Remove reports in the trash for good (all, or those of ``ids``) with each original no
    other report uses; returns the ids removed."""
    with store.write() as conn:
        if ids is None:
            rows = conn.execute(
                "SELECT id, content_hash FROM reports WHERE deleted_at IS NOT NULL ORDER BY id"
            ).fetchall()
        else:
            rows = conn.execute(
                "SELECT id, content_hash FROM reports WHERE deleted_at IS NOT NULL"
                " AND id = ANY(%s) ORDER BY id",
                [list(ids)],
            ).fetchall()
        removed = [row[0] for row in rows]
        # A removed report's near-duplicates now repeat the oldest of them (as in a folder).
        for report_id in removed:
            conn.execute(
                "UPDATE reports SET near_duplicate_of = nullif((SELECT min(id) FROM reports"
                " WHERE near_duplicate_of = %s AND id <> ALL(%s)), id)"
                " WHERE near_duplicate_of = %s",
                [report_id, removed, report_id],
            )
        # (Sections, facet and sketch rows go with their report: ON DELETE CASCADE.)
        conn.execute("DELETE FROM reports WHERE id = ANY(%s)", [removed])
        conn.execute(
            "DELETE FROM originals o WHERE o.hash = ANY(%s)"
            " AND NOT EXISTS (SELECT 1 FROM reports r WHERE r.content_hash = o.hash)",
            [[row[1] for row in rows]],
        )
    return removed


def unavailable(store: PgStore, ids: Iterable[ReportId]) -> set[ReportId]:
    """Those of ``ids`` whose report is in the trash or gone."""
    wanted = list(dict.fromkeys(ids))
    with store.read() as conn:
        live = {
            row[0]
            for row in conn.execute(
                "SELECT id FROM reports WHERE deleted_at IS NULL AND id = ANY(%s)", [wanted]
            )
        }
    return set(wanted) - live


def deleted_at(store: PgStore, report_id: ReportId) -> datetime | None:
    """When a report went to the trash; None when it is not there (or does not exist)."""
    with store.read() as conn:
        row = conn.execute("SELECT deleted_at FROM reports WHERE id = %s", [report_id]).fetchone()
    return from_iso(row[0]) if row else None


def live_ids_with_content(store: PgStore, hashes: Iterable[str]) -> list[ReportId]:
    """Ids of live reports whose original has one of these SHA-256 digests."""
    with store.read() as conn:
        return [
            row[0]
            for row in conn.execute(
                "SELECT id FROM reports WHERE deleted_at IS NULL AND content_hash = ANY(%s)"
                " ORDER BY id",
                [list(dict.fromkeys(hashes))],
            )
        ]
