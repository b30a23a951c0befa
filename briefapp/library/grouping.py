"""Near-duplicate groups among matching reports, for views that show one row per group: the
first capture with a count of its copies, the copies fetched when the group is opened."""

from __future__ import annotations

from briefapp.library.filters import ReportFilter, where_clause
from briefapp.library.storage import Store
from briefapp.models import ReportId


def copy_counts(store: Store, filters: ReportFilter | None = None) -> dict[ReportId, int]:
    """For each listed first capture, how many of its copies match too (copies only counted
    when their first capture matches, as :func:`reports.report_ids` lists them)."""
    where, params = where_clause(filters)
    with store.read() as conn:
        return {
            row[0]: row[1]
            for row in conn.execute(
                f"SELECT r.near_duplicate_of, count(*) FROM reports r WHERE {where}"
                " AND r.near_duplicate_of IS NOT NULL AND r.near_duplicate_of IN"
                f" (SELECT r.id FROM reports r WHERE {where}) GROUP BY r.near_duplicate_of",
                [*params, *params],
            )
        }


def copies_of(
    store: Store, report_id: ReportId, filters: ReportFilter | None = None
) -> list[ReportId]:
    """Ids of the matching copies of a first capture, in capture order."""
    where, params = where_clause(filters)
    with store.read() as conn:
        return [
            row[0]
            for row in conn.execute(
                f"SELECT r.id FROM reports r WHERE r.near_duplicate_of = ? AND {where}"
                " ORDER BY r.id",
                [report_id, *params],
            )
        ]
