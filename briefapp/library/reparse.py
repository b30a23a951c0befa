"""Reading reports again from their kept originals with the current importer.

Sections are replaced (briefings keep their own copies of what they borrowed); the metadata an
analyst may have corrected stays unless asked for; the publisher always stays.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from briefapp.errors import Cancelled, ImportFailed
from briefapp.ingest import pipeline
from briefapp.library import near_duplicates
from briefapp.library.importer import INDEX_SECTIONS, CancelFn, ProgressFn, insert_sections
from briefapp.library.metadata import refresh_search_meta
from briefapp.library.near_duplicates import sketch
from briefapp.library.parsing import STORED_COLUMNS, SectionRow, stored_row
from briefapp.library.storage import Store, name_from_db
from briefapp.models import ReportId

# What reparse --metadata reads again (not the publisher: it may have been given at import,
# and it sets the grade).
REREAD_COLUMNS = ("title", "published", "countries", "topics", "format", "url")
REPARSE_BATCH = 50  # reports per write transaction (and per check for cancel)
ReparseStatus = Literal["updated", "unchanged", "error"]


@dataclass
class ReparseResult:
    report_id: ReportId
    status: ReparseStatus
    title: str | None = None
    error: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "report_id": self.report_id,
            "status": self.status,
            "title": self.title,
            "error": self.error,
        }


@dataclass
class _Change:
    report_id: ReportId
    sections: list[SectionRow]
    fields: dict[str, Any]


def reparse(
    store: Store,
    report_ids: Iterable[ReportId] | None = None,
    *,
    metadata: bool = False,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> list[ReparseResult]:
    """Read reports again (all of them when ``report_ids`` is None); one result per report.
    A report whose original no longer reads keeps its sections and gets an error."""
    with store.read() as conn:
        known = {row[0] for row in conn.execute("SELECT id FROM reports")}
    wanted = sorted(known) if report_ids is None else list(dict.fromkeys(report_ids))
    results: list[ReparseResult] = []
    for start in range(0, len(wanted), REPARSE_BATCH):
        batch = wanted[start : start + REPARSE_BATCH]
        results += _reparse_batch(store, [i for i in batch if i in known], metadata)
        results += [
            ReparseResult(i, "error", error=f"no report with id {i}")
            for i in batch
            if i not in known
        ]
        if progress:
            progress(min(start + REPARSE_BATCH, len(wanted)), len(wanted), "")
        if cancel and cancel():
            raise Cancelled(f"cancelled after {len(results)} of {len(wanted)} reports")
    order = {report_id: n for n, report_id in enumerate(wanted)}
    return sorted(results, key=lambda r: order[r.report_id])


def _reparse_batch(store: Store, ids: list[ReportId], metadata: bool) -> list[ReparseResult]:
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    with store.read() as conn:
        # The report's own file name decides the format (an original's first name may be
        # that of a deleted report with the same bytes).
        rows = conn.execute(
            f"SELECT r.id, coalesce(r.source_file, o.name), r.content_hash,"
            f" {', '.join('r.' + c for c in REREAD_COLUMNS)} FROM reports r"
            f" LEFT JOIN originals o ON o.hash = r.content_hash WHERE r.id IN ({marks})",
            ids,
        ).fetchall()
        old_sections: dict[int, list[SectionRow]] = {i: [] for i in ids}
        for report_id, *section in conn.execute(
            "SELECT report_id, position, heading, kind, text FROM sections"
            f" WHERE report_id IN ({marks}) ORDER BY report_id, position",
            ids,
        ):
            old_sections[report_id].append((section[0], section[1], section[2], section[3]))
    results: list[ReparseResult] = []
    changes: list[_Change] = []
    for report_id, name, content_hash, *current in rows:
        stored = dict(zip(REREAD_COLUMNS, current, strict=True))
        title = stored["title"]
        with store.read() as conn:  # one original in memory at a time (they may be 50 MB each)
            found = conn.execute(
                "SELECT data FROM originals WHERE hash = ?", [content_hash]
            ).fetchone()
        data = found[0] if found else None
        if data is None:
            results.append(ReparseResult(report_id, "error", title, "its original file is missing"))
            continue
        try:
            report = pipeline.parse_report(data, name_from_db(name) or "")
        except ImportFailed as exc:
            results.append(ReparseResult(report_id, "error", title, exc.problem))
            continue
        row = stored_row(report)
        parsed = dict(zip(STORED_COLUMNS, row.values, strict=True))
        fields = (
            {c: parsed[c] for c in REREAD_COLUMNS if parsed[c] != stored[c]} if metadata else {}
        )
        if row.sections == old_sections[report_id] and not fields:
            results.append(ReparseResult(report_id, "unchanged", title))
            continue
        changes.append(_Change(report_id, row.sections, fields))
        results.append(ReparseResult(report_id, "updated", str(fields.get("title") or title)))
    if changes:
        _write_changes(store, changes, results)
    return results


def _write_changes(store: Store, changes: list[_Change], results: list[ReparseResult]) -> None:
    with store.write() as conn:
        for change in changes:
            report_id = change.report_id
            if not conn.execute("SELECT 1 FROM reports WHERE id = ?", [report_id]).fetchone():
                gone = next(r for r in results if r.report_id == report_id)
                gone.status, gone.error = "error", "the report was deleted meanwhile"
                continue
            if change.fields:  # (the triggers keep the search index and the facets in step)
                conn.execute(
                    f"UPDATE reports SET {', '.join(f'{k} = ?' for k in change.fields)}"
                    " WHERE id = ?",
                    [*change.fields.values(), report_id],
                )
                refresh_search_meta(conn, report_id)
            conn.execute("DELETE FROM sections WHERE report_id = ?", [report_id])
            insert_sections(conn, report_id, change.sections)
            near_duplicates.link(conn, report_id, sketch(s[3] for s in change.sections))
            for statement in INDEX_SECTIONS:
                conn.execute(f"{statement} WHERE s.report_id = ?", [report_id])
