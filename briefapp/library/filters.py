"""Filters over the report table (facets, dates, text) turned into SQL."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from briefapp.library.query import SearchPlan, plan_query

# Every list, count, facet and search shows live reports only: trashed ones (deleted_at set)
# leave them at once. Callers compare with LIVE to take their unfiltered fast paths. Written
# as a test of the id against the (small) trash, found through its partial index, rather
# than as "r.deleted_at IS NULL": sorted lists then still walk their covering indexes
# without reading each report's row (5x faster on 100,000 reports).
TRASHED_IDS = "(SELECT id FROM reports WHERE deleted_at IS NOT NULL)"
LIVE = f"r.id NOT IN {TRASHED_IDS}"

SORTS = {
    # NULL dates sort as the oldest, and the plain column lets SQLite walk its index.
    "published": "r.published {dir}, r.id {dir}",
    "title": "r.title COLLATE NOCASE {dir}, r.id",
    "publisher": "coalesce(r.publisher, '') COLLATE NOCASE {dir}, r.id",
    "imported": "r.imported_at {dir}, r.id {dir}",
    "grade": "grade {dir}, r.id",
    "countries": "r.countries {dir}, r.id",
    "topics": "r.topics {dir}, r.id",
}


@dataclass
class ReportFilter:
    """Which reports to show. Within a facet values are alternatives (OR); facets combine (AND)."""

    countries: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    publishers: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    since: datetime | None = None
    until: datetime | None = None
    text: str = ""  # full-text query

    def is_empty(self) -> bool:
        return not (
            self.countries
            or self.topics
            or self.publishers
            or self.tags
            or self.since
            or self.until
            or self.text.strip()
        )


def where_clause(
    f: ReportFilter | None, skip: str | None = None, text_ids: str | None = None
) -> tuple[str, list]:
    """SQL condition on alias ``r`` (reports) and its parameters; always excludes the trash
    (:data:`LIVE` alone when nothing else is asked).

    ``skip`` leaves one facet out, which is how facet counts are computed (a facet's counts
    ignore its own selection so the user can widen it). ``text_ids`` names a table already
    holding the ids of the reports that match the text, to reuse across several queries.
    """
    if f is None:
        return LIVE, []
    conds: list[str] = [LIVE]
    params: list = []
    if f.countries and skip != "country":
        conds.append(
            "r.id IN (SELECT report_id FROM report_countries"
            f" WHERE country IN ({','.join('?' * len(f.countries))}))"
        )
        params += f.countries
    if f.topics and skip != "topic":
        conds.append(
            "r.id IN (SELECT report_id FROM report_topics"
            f" WHERE topic IN ({','.join('?' * len(f.topics))}))"
        )
        params += f.topics
    if f.publishers and skip != "publisher":
        conds.append(f"r.publisher IN ({','.join('?' * len(f.publishers))})")
        params += f.publishers
    for tag in f.tags:
        conds.append("EXISTS (SELECT 1 FROM json_each(r.tags) WHERE value = ?)")
        params.append(tag)
    if f.since:
        conds.append("r.published >= ?")
        params.append(f.since.isoformat())
    if f.until:
        conds.append("r.published < ?")
        params.append(f.until.isoformat())
    if f.text.strip() and text_ids:
        conds.append(f"r.id IN (SELECT report_id FROM {text_ids})")
    elif f.text.strip():
        plan = plan_query(f.text)
        if plan is None:
            conds.append("0")
        else:
            match, match_params = matching_rowids(plan)
            conds.append(f"r.id IN (SELECT s.report_id FROM sections s WHERE s.id IN ({match}))")
            params.extend(match_params)
    return " AND ".join(conds), params


def matching_rowids(plan: SearchPlan) -> tuple[str, list[Any]]:
    """SQL selecting the section ids that match a planned query, and its parameters."""
    sql = f"SELECT rowid FROM {plan.table} WHERE {plan.table} MATCH briefapp_match(?)"
    return sql, [plan.text]
