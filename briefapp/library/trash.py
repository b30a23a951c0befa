"""The trash: deleted reports leave every list, count, facet and search at once (``deleted_at``
is set) but stay readable, so they can be restored and briefings citing them still open.
Emptying the trash removes them for good, with their originals unless another report uses
the same bytes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from briefapp.library.reports import REPORT_COLUMNS, REPORT_FROM, report_from_row
from briefapp.library.storage import Store, from_iso, now_iso, select_in
from briefapp.models import Report, ReportId

TrashStatus = Literal["deleted", "restored", "error"]


@dataclass
class TrashResult:
    """The outcome for one report of ``delete`` or ``restore``."""

    report_id: ReportId
    status: TrashStatus
    error: str | None = None
    title: str | None = None

    def as_json(self) -> dict[str, object]:
        return {"report_id": self.report_id, "status": self.status, "error": self.error}


@dataclass
class TrashedReport:
    report: Report
    deleted_at: datetime | None


def delete_reports(store: Store, ids: Iterable[ReportId]) -> list[TrashResult]:
    """Move reports to the trash (one transaction). A report already there stays there,
    reported as deleted; an unknown id is an error for that id only."""
    results: list[TrashResult] = []
    stamp = now_iso()
    with store.write() as conn:
        for report_id in ids:
            row = conn.execute("SELECT title FROM reports WHERE id = ?", [report_id]).fetchone()
            if row is None:
                results.append(TrashResult(report_id, "error", f"no report with id {report_id}"))
                continue
            conn.execute(
                "UPDATE reports SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL",
                [stamp, report_id],
            )
            results.append(TrashResult(report_id, "deleted", title=row[0]))
    return results


def restore_reports(store: Store, ids: Iterable[ReportId]) -> list[TrashResult]:
    """Bring reports back from the trash (one transaction)."""
    results: list[TrashResult] = []
    with store.write() as conn:
        for report_id in ids:
            row = conn.execute(
                "SELECT title, deleted_at FROM reports WHERE id = ?", [report_id]
            ).fetchone()
            if row is None:
                results.append(TrashResult(report_id, "error", f"no report with id {report_id}"))
            elif row[1] is None:
                results.append(
                    TrashResult(report_id, "error", f"report {report_id} is not in the trash")
                )
            else:
                conn.execute("UPDATE reports SET deleted_at = NULL WHERE id = ?", [report_id])
                results.append(TrashResult(report_id, "restored", title=row[0]))
    return results


def list_trash(store: Store) -> list[TrashedReport]:
    """The reports in the trash, most recently deleted first."""
    with store.read() as conn:
        return [
            TrashedReport(report_from_row(row), from_iso(row[-1]))
            for row in conn.execute(
                f"SELECT {REPORT_COLUMNS}, r.deleted_at FROM {REPORT_FROM}"
                " WHERE r.deleted_at IS NOT NULL ORDER BY r.deleted_at DESC, r.id DESC"
            )
        ]


def trash_ids(store: Store) -> list[ReportId]:
    """Ids of the reports in the trash, most recently deleted first."""
    with store.read() as conn:
        return [
            row[0]
            for row in conn.execute(
                "SELECT id FROM reports WHERE deleted_at IS NOT NULL"
                " ORDER BY deleted_at DESC, id DESC"
            )
        ]


def empty_trash(store: Store, ids: Iterable[ReportId] | None = None) -> list[ReportId]:
    """Remove reports in the trash for good (all of them, or those of ``ids``), and each
    original no other report uses; returns the ids removed."""
    with store.write() as conn:
        if ids is None:
            rows = conn.execute(
                "SELECT id, content_hash FROM reports WHERE deleted_at IS NOT NULL"
            ).fetchall()
        else:
            rows = list(
                select_in(
                    conn,
                    "SELECT id, content_hash FROM reports WHERE deleted_at IS NOT NULL AND id IN",
                    list(ids),
                )
            )
        for report_id, _ in rows:
            # (Triggers remove the sections, their index rows and the facet rows first.)
            conn.execute("DELETE FROM reports WHERE id = ?", [report_id])
        for _, digest in rows:
            conn.execute(
                "DELETE FROM originals WHERE hash = ?"
                " AND NOT EXISTS (SELECT 1 FROM reports WHERE content_hash = ?)",
                [digest, digest],
            )
    return [row[0] for row in rows]


def unavailable(store: Store, ids: Iterable[ReportId]) -> set[ReportId]:
    """Those of ``ids`` whose report is in the trash or gone (briefings say "source deleted")."""
    wanted = list(dict.fromkeys(ids))
    with store.read() as conn:
        live = {
            row[0]
            for row in select_in(
                conn, "SELECT id FROM reports WHERE deleted_at IS NULL AND id IN", wanted
            )
        }
    return set(wanted) - live


def deleted_at(store: Store, report_id: ReportId) -> datetime | None:
    """When a report went to the trash; None when it is not there (or does not exist)."""
    with store.read() as conn:
        row = conn.execute("SELECT deleted_at FROM reports WHERE id = ?", [report_id]).fetchone()
    return from_iso(row[0]) if row else None


def live_ids_with_content(store: Store, hashes: Iterable[str]) -> list[ReportId]:
    """Ids of live reports whose original has one of these SHA-256 digests."""
    wanted = list(dict.fromkeys(hashes))
    with store.read() as conn:
        return sorted(
            row[0]
            for row in select_in(
                conn, "SELECT id FROM reports WHERE deleted_at IS NULL AND content_hash IN", wanted
            )
        )
