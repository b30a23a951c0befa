"""Briefings in a server library, saved with optimistic versioning.

Several analysts may open one briefing. Each copy remembers the version it was loaded from;
a save raises the version by one only if the stored version is still that one, so the second
of two saves made from the same version is refused with :class:`~briefapp.errors.Conflict`
(the window offers to reload or to save as a copy) instead of silently replacing the first.
"""

from __future__ import annotations

from datetime import datetime

from briefapp.errors import Conflict, NotFound
from briefapp.library.briefings import (
    BriefingInfo,
    briefing_from_rows,
    briefing_values,
    item_values,
)
from briefapp.library.pg.store import PgStore
from briefapp.library.pg.trash import unavailable
from briefapp.library.storage import from_iso, now_iso
from briefapp.models import Briefing, BriefingId


def save_briefing(store: PgStore, briefing: Briefing) -> Briefing:
    """Insert or update a briefing and all its items in one transaction; sets ids and the
    new version. Raises Conflict when someone saved another version meanwhile."""
    now = now_iso()
    values = briefing_values(briefing, now)
    with store.write() as conn:
        stored = None
        if briefing.id is not None:
            stored = conn.execute(
                "SELECT version FROM briefings WHERE id = %s FOR UPDATE", [briefing.id]
            ).fetchone()
        if stored is None:
            row = conn.execute(
                "INSERT INTO briefings (title, subtitle, author, date, classification, brand,"
                " scheme, reference, cutoff, distribution, judgements, updated_at, created_at,"
                " version) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, 1)"
                " RETURNING id, version",
                [*values, now],
            ).fetchone()
        else:
            if briefing.version is not None and stored[0] != briefing.version:
                raise Conflict(
                    f"briefing #{briefing.id} “{briefing.title}” was saved by someone else"
                    f" since you opened it (version {stored[0]}, yours is {briefing.version}):"
                    " reload it to see their changes, or save yours as a copy"
                )
            row = conn.execute(
                "UPDATE briefings SET title = %s, subtitle = %s, author = %s, date = %s,"
                " classification = %s, brand = %s, scheme = %s, reference = %s, cutoff = %s,"
                " distribution = %s, judgements = %s, updated_at = %s, version = version + 1"
                " WHERE id = %s RETURNING id, version",
                [*values, briefing.id],
            ).fetchone()
        briefing.id, briefing.version = BriefingId(row[0]), row[1]
        conn.execute("DELETE FROM briefing_items WHERE briefing_id = %s", [briefing.id])
        for position, item in enumerate(briefing.items):
            item.id = conn.execute(
                "INSERT INTO briefing_items (briefing_id, position, heading, text, edited_text,"
                " note, section_kind, source, marking)"
                " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) RETURNING id",
                [briefing.id, position, *item_values(item)],
            ).fetchone()[0]
    briefing.updated_at = datetime.fromisoformat(now)
    return briefing


def load_briefing(store: PgStore, briefing_id: BriefingId) -> Briefing:
    with store.read() as conn:
        row = conn.execute(
            "SELECT id, title, subtitle, author, date, classification, brand, updated_at, scheme,"
            " reference, cutoff, distribution, judgements, version FROM briefings WHERE id = %s",
            [briefing_id],
        ).fetchone()
        if row is None:
            raise NotFound(f"no briefing with id {briefing_id}")
        items = conn.execute(
            "SELECT id, heading, text, edited_text, note, section_kind, source, marking"
            " FROM briefing_items WHERE briefing_id = %s ORDER BY position",
            [briefing_id],
        ).fetchall()
    briefing = briefing_from_rows(row, items, version=row[13])
    return mark_deleted_sources(store, briefing)


def mark_deleted_sources(store: PgStore, briefing: Briefing) -> Briefing:
    """Flag each citation whose report is in the trash or gone (``source_deleted``)."""
    cited = [i.source for i in briefing.items if i.source is not None]
    gone = unavailable(store, [c.report_id for c in cited if c.report_id is not None])
    for citation in cited:
        citation.source_deleted = citation.report_id in gone
    return briefing


def list_briefings(store: PgStore) -> list[BriefingInfo]:
    with store.read() as conn:
        rows = conn.execute(
            "SELECT b.id, b.title, b.subtitle, b.updated_at, count(i.id) FROM briefings b"
            " LEFT JOIN briefing_items i ON i.briefing_id = b.id GROUP BY b.id"
            " ORDER BY b.updated_at DESC, b.id DESC"
        ).fetchall()
    return [BriefingInfo(BriefingId(r[0]), r[1], r[2] or "", from_iso(r[3]), r[4]) for r in rows]


def delete_briefing(store: PgStore, briefing_id: BriefingId, *, version: int | None = None) -> None:
    """Delete a briefing; with ``version`` (the one this copy was loaded or saved as), only
    if nobody saved another since: else Conflict, and it stays."""
    with store.write() as conn:
        stored = conn.execute(
            "SELECT version, title FROM briefings WHERE id = %s FOR UPDATE", [briefing_id]
        ).fetchone()
        if stored is None:
            raise NotFound(f"no briefing with id {briefing_id}")
        if version is not None and stored[0] != version:
            raise Conflict(
                f"“{stored[1]}” was not deleted: someone else saved it since you opened it"
                f" (version {stored[0]}, yours is {version}); it is shown again with their changes"
            )
        conn.execute("DELETE FROM briefings WHERE id = %s", [briefing_id])
