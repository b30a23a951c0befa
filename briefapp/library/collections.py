"""Saved collections: a named search text with its facet filters, kept in the library database
and shown by name in the window's left pane."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from briefapp.errors import BriefappError, NotFound
from briefapp.library.filters import ReportFilter
from briefapp.library.storage import Store, from_iso, now_iso


@dataclass
class Collection:
    """A saved search: its name and the filter it applies."""

    id: int
    name: str
    filters: ReportFilter


SUGGESTED_NAME_CHARS = 60


def suggested_name(f: ReportFilter) -> str:
    """A name for a collection of these filters, as the save dialog proposes it:
    ``"gold" · Mali · Mining · since Mar 2026``."""
    parts = [f"“{f.text.strip()}”"] if f.text.strip() else []
    parts += [*f.countries, *f.topics, *f.publishers, *(f"#{t}" for t in f.tags)]
    if f.since:
        parts.append(f"since {f.since:%d %b %Y}".replace(" 0", " "))
    if f.until:
        parts.append(f"before {f.until:%d %b %Y}".replace(" 0", " "))
    name = " · ".join(parts) or "All reports"
    if len(name) > SUGGESTED_NAME_CHARS:
        name = name[: SUGGESTED_NAME_CHARS - 1].rstrip(" ·") + "…"
    return name


def _filters_json(f: ReportFilter) -> str:
    return json.dumps(
        {
            "text": f.text,
            "countries": f.countries,
            "topics": f.topics,
            "publishers": f.publishers,
            "tags": f.tags,
            "since": f.since.isoformat() if f.since else None,
            "until": f.until.isoformat() if f.until else None,
        },
        ensure_ascii=False,
    )


def _filters(raw: str) -> ReportFilter:
    d: dict[str, Any] = json.loads(raw)
    return ReportFilter(
        text=d.get("text", ""),
        countries=list(d.get("countries", [])),
        topics=list(d.get("topics", [])),
        publishers=list(d.get("publishers", [])),
        tags=list(d.get("tags", [])),
        since=from_iso(d.get("since")),
        until=from_iso(d.get("until")),
    )


def _name(name: str) -> str:
    clean = " ".join(name.split())
    if not clean:
        raise BriefappError("a collection needs a name")
    return clean


def save_collection(store: Store, name: str, filters: ReportFilter) -> Collection:
    """Save (or overwrite, by name) a collection."""
    clean = _name(name)
    with store.write() as conn:
        position = conn.execute("SELECT coalesce(max(position), 0) + 1 FROM collections").fetchone()
        conn.execute(
            "INSERT INTO collections (name, filters, position, created_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT(name) DO UPDATE SET filters = excluded.filters",
            [clean, _filters_json(filters), position[0], now_iso()],
        )
        row = conn.execute("SELECT id FROM collections WHERE name = ?", [clean]).fetchone()
    return Collection(row[0], clean, filters)


def list_collections(store: Store) -> list[Collection]:
    with store.read() as conn:
        return [
            Collection(row[0], row[1], _filters(row[2]))
            for row in conn.execute("SELECT id, name, filters FROM collections ORDER BY position")
        ]


def rename_collection(store: Store, collection_id: int, name: str) -> None:
    clean = _name(name)
    try:
        with store.write() as conn:
            cur = conn.execute(
                "UPDATE collections SET name = ? WHERE id = ?", [clean, collection_id]
            )
            if cur.rowcount == 0:
                raise NotFound(f"no collection with id {collection_id}")
    except sqlite3.IntegrityError:
        raise BriefappError(f"there is already a collection named “{clean}”") from None


def delete_collection(store: Store, collection_id: int) -> None:
    with store.write() as conn:
        if conn.execute("DELETE FROM collections WHERE id = ?", [collection_id]).rowcount == 0:
            raise NotFound(f"no collection with id {collection_id}")
