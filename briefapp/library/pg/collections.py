"""Saved collections (a named search with its facet filters) in a server library, as the
folder library's ``collections.py``."""

from __future__ import annotations

from briefapp.errors import BriefappError, NotFound
from briefapp.library.collections import Collection, _filters, _filters_json, _name
from briefapp.library.filters import ReportFilter
from briefapp.library.pg.store import PgStore
from briefapp.library.storage import now_iso


def save_collection(store: PgStore, name: str, filters: ReportFilter) -> Collection:
    """Save (or overwrite, by name) a collection."""
    clean = _name(name)
    with store.write() as conn:
        row = conn.execute(
            "INSERT INTO collections (name, filters, position, created_at) VALUES (%s, %s,"
            " (SELECT coalesce(max(position), 0) + 1 FROM collections), %s)"
            " ON CONFLICT (name) DO UPDATE SET filters = excluded.filters RETURNING id",
            [clean, _filters_json(filters), now_iso()],
        ).fetchone()
    return Collection(row[0], clean, filters)


def list_collections(store: PgStore) -> list[Collection]:
    with store.read() as conn:
        return [
            Collection(row[0], row[1], _filters(row[2]))
            for row in conn.execute(
                "SELECT id, name, filters FROM collections ORDER BY position, id"
            )
        ]


def rename_collection(store: PgStore, collection_id: int, name: str) -> None:
    import psycopg

    clean = _name(name)
    try:
        with store.write() as conn:
            cur = conn.execute(
                "UPDATE collections SET name = %s WHERE id = %s", [clean, collection_id]
            )
            if cur.rowcount == 0:
                raise NotFound(f"no collection with id {collection_id}")
    except psycopg.errors.UniqueViolation:
        raise BriefappError(f"there is already a collection named “{clean}”") from None


def delete_collection(store: PgStore, collection_id: int) -> None:
    with store.write() as conn:
        if conn.execute("DELETE FROM collections WHERE id = %s", [collection_id]).rowcount == 0:
            raise NotFound(f"no collection with id {collection_id}")
