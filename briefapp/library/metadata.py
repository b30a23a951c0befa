"""The searchable text of a report's metadata: what makes a search for a country's alias, a
topic, a publisher or a tag find the reports tagged with it, even when their text never says
it ("Ivory Coast" finds the reports tagged Côte d'Ivoire)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable

from briefapp.ingest.countries import country_aliases
from briefapp.models import ReportId


def search_meta(
    countries: Iterable[str], topics: Iterable[str], publisher: str | None, tags: Iterable[str]
) -> str:
    """One line of words for the search index's ``meta`` column."""
    words: list[str] = []
    for country in countries:
        words.append(country)
        words.extend(country_aliases(country))
    words.extend(topics)
    if publisher:
        words.append(publisher)
    words.extend(tags)
    return " · ".join(dict.fromkeys(w for w in words if w))


def refresh_search_meta(conn: sqlite3.Connection, report_id: ReportId) -> None:
    """Recompute a report's searchable metadata after its countries, topics, publisher or tags
    changed (a trigger then re-indexes its sections)."""
    row = conn.execute(
        "SELECT countries, topics, publisher, tags FROM reports WHERE id = ?", [report_id]
    ).fetchone()
    if row is not None:
        meta = search_meta(json.loads(row[0]), json.loads(row[1]), row[2], json.loads(row[3]))
        conn.execute(
            "UPDATE reports SET search_meta = ? WHERE id = ? AND search_meta != ?",
            [meta, report_id, meta],
        )
