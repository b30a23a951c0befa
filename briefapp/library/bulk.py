"""Edits to several reports at once (country, topic, tag, publisher, grade) in one transaction,
and the snapshots that let the window undo them exactly."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from briefapp.errors import BriefappError, NotFound
from briefapp.labels import unique_labels
from briefapp.library import grading
from briefapp.library.metadata import refresh_search_meta
from briefapp.library.storage import Store, select_in
from briefapp.models import ReportId

ListMode = Literal["add", "replace", "remove"]
# The stored columns a bulk edit may change; a snapshot holds exactly these.
SNAPSHOT_COLUMNS = ("countries", "topics", "tags", "publisher", "reliability", "credibility")
_META_COLUMNS = {"countries", "topics", "tags", "publisher"}


@dataclass
class BulkEdit:
    """What to change on every chosen report. A list field that is None stays as it is;
    ``mode`` says whether its values are added to each report's list, replace it, or are
    removed from it. ``publisher``/``grade`` None stay; an empty string clears them."""

    countries: list[str] | None = None
    topics: list[str] | None = None
    tags: list[str] | None = None
    publisher: str | None = None
    grade: str | None = None
    mode: ListMode = "add"
    modes: dict[str, ListMode] = field(default_factory=dict)  # per-field override

    def is_empty(self) -> bool:
        return all(
            v is None for v in (self.countries, self.topics, self.tags, self.publisher, self.grade)
        )


Snapshot = dict[ReportId, dict[str, Any]]


def snapshot(store: Store, ids: Iterable[ReportId]) -> Snapshot:
    """The stored values a bulk edit may change, per report (for undo)."""
    wanted = list(dict.fromkeys(ids))
    out: Snapshot = {}
    with store.read() as conn:
        for row in select_in(
            conn, f"SELECT id, {', '.join(SNAPSHOT_COLUMNS)} FROM reports WHERE id IN", wanted
        ):
            out[row[0]] = dict(zip(SNAPSHOT_COLUMNS, row[1:], strict=True))
    return out


def restore_snapshot(store: Store, saved: Snapshot) -> list[ReportId]:
    """Put back the values of a :func:`snapshot` (one transaction); returns the ids."""
    with store.write() as conn:
        for report_id, values in saved.items():
            _set(conn, report_id, values)
    return list(saved)


def _merge(current: list[str], values: Sequence[str], mode: ListMode) -> list[str]:
    if mode == "replace":
        return unique_labels(values)
    if mode == "remove":
        gone = {v.strip().casefold() for v in values}
        return [v for v in current if v.casefold() not in gone]
    return unique_labels([*current, *values])


def update_reports(store: Store, ids: Sequence[ReportId], edit: BulkEdit) -> list[ReportId]:
    """Apply one :class:`BulkEdit` to every report in ``ids`` in one transaction (all or
    nothing); returns the ids. Unknown ids fail the whole edit with :class:`NotFound`."""
    grade = edit_grade(edit)
    wanted = list(dict.fromkeys(ids))
    with store.write() as conn:
        for report_id in wanted:
            row = conn.execute(
                "SELECT countries, topics, tags FROM reports WHERE id = ?", [report_id]
            ).fetchone()
            if row is None:
                raise NotFound(f"no report with id {report_id}")
            _set(conn, report_id, edit_changes(edit, grade, [json.loads(v) for v in row]))
    return wanted


Grade = tuple[str | None, str | None]


def edit_grade(edit: BulkEdit) -> Grade | None:
    """The (reliability, credibility) an edit sets, (None, None) to clear, None to keep;
    raises BriefappError on a bad grade (shared with the server library)."""
    if edit.grade is None:
        return None
    if not edit.grade.strip():
        return (None, None)
    try:
        return grading.parse_grade(edit.grade)
    except ValueError as exc:
        raise BriefappError(str(exc)) from None


def edit_changes(edit: BulkEdit, grade: Grade | None, lists: Sequence[list[str]]) -> dict[str, Any]:
    """The column values an edit gives one report whose (countries, topics, tags) are
    ``lists``; lists as JSON text (shared with the server library)."""
    changes: dict[str, Any] = {}
    for current, name in zip(lists, ("countries", "topics", "tags"), strict=True):
        values = getattr(edit, name)
        if values is not None:
            merged = _merge(current, values, edit.modes.get(name, edit.mode))
            changes[name] = json.dumps(merged, ensure_ascii=False)
    if edit.publisher is not None:
        changes["publisher"] = edit.publisher.strip() or None
    if grade is not None:
        changes["reliability"], changes["credibility"] = grade
    return changes


def _set(conn: sqlite3.Connection, report_id: ReportId, changes: dict[str, Any]) -> None:
    if not changes:
        return
    conn.execute(
        f"UPDATE reports SET {', '.join(f'{k} = ?' for k in changes)} WHERE id = ?",
        [*changes.values(), report_id],
    )
    if changes.keys() & _META_COLUMNS:
        refresh_search_meta(conn, report_id)  # search finds the new labels at once
