"""Report filters (facets, dates, text) as PostgreSQL conditions, mirroring ``filters.py``."""

from __future__ import annotations

from typing import Any

from briefapp.library.filters import ReportFilter
from briefapp.library.grading import UNKNOWN_CREDIBILITY, UNKNOWN_RELIABILITY
from briefapp.library.pg.query import PgSearchPlan, match_sql, plan_with_forms

# Every list, count, facet and search shows live reports only (see filters.LIVE): trashed
# reports leave them at once. Callers compare with LIVE to take their unfiltered fast paths.
LIVE = "r.deleted_at IS NULL"
# The (small) trash, found through its partial index, for tables joined on report ids.
TRASHED_IDS = "(SELECT id FROM reports WHERE deleted_at IS NOT NULL)"

SORTS = {
    # NULL dates sort as the oldest, as in a folder library.
    "published": "r.published {dir} NULLS {nulls}, r.id {dir}",
    "title": "lower(r.title) {dir}, r.id",
    "publisher": "lower(coalesce(r.publisher, '')) {dir}, r.id",
    "imported": "r.imported_at {dir}, r.id {dir}",
    "grade": "grade {dir}, r.id",
    "countries": "r.countries::text {dir}, r.id",
    "topics": "r.topics::text {dir}, r.id",
}
GRADE_SQL = (
    f"(coalesce(r.reliability, p.reliability, '{UNKNOWN_RELIABILITY}')"
    f" || coalesce(r.credibility, '{UNKNOWN_CREDIBILITY}'))"
)


def order_by(sort: str, descending: bool) -> str:
    direction = "DESC" if descending else "ASC"
    # SQLite sorts NULL as the smallest value: last when descending, first when ascending.
    nulls = "LAST" if descending else "FIRST"
    return SORTS.get(sort, SORTS["published"]).format(dir=direction, nulls=nulls)


def where_clause(
    conn: Any,
    f: ReportFilter | None,
    skip: str | None = None,
    text_plan: PgSearchPlan | None = None,
) -> tuple[str, list[Any]]:
    """SQL condition on alias ``r`` (reports) and its parameters; always excludes the trash
    (:data:`LIVE` alone when nothing else is asked). ``skip`` leaves one facet out (a facet's
    counts ignore its own selection). ``conn`` reads the word forms of a text filter, unless
    the caller gives its plan (``text_plan``, see :func:`text_filter_plan`)."""
    if f is None:
        return LIVE, []
    conds: list[str] = [LIVE]
    params: list[Any] = []
    if f.countries and skip != "country":
        conds.append("r.id IN (SELECT report_id FROM report_countries WHERE country = ANY(%s))")
        params.append(list(f.countries))
    if f.topics and skip != "topic":
        conds.append("r.id IN (SELECT report_id FROM report_topics WHERE topic = ANY(%s))")
        params.append(list(f.topics))
    if f.publishers and skip != "publisher":
        conds.append("r.publisher = ANY(%s)")
        params.append(list(f.publishers))
    for tag in f.tags:
        conds.append("r.tags @> jsonb_build_array(%s::text)")
        params.append(tag)
    if f.since:
        conds.append("r.published >= %s")
        params.append(f.since.isoformat())
    if f.until:
        conds.append("r.published < %s")
        params.append(f.until.isoformat())
    if f.text.strip():
        plan = text_plan or plan_with_forms(conn, f.text)
        if plan is None:
            conds.append("false")
        else:
            match, match_params = match_sql(plan)
            conds.append(f"r.id IN (SELECT s.report_id FROM sections s WHERE {match})")
            params.extend(match_params)
    return " AND ".join(conds), params


def text_filter_plan(conn: Any, f: ReportFilter | None) -> PgSearchPlan | None:
    """The plan of a filter's text, for several :func:`where_clause` calls on one filter."""
    return plan_with_forms(conn, f.text) if f is not None and f.text.strip() else None
