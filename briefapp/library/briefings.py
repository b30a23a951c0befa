"""Briefings saved in the library database (several per library), each with its items."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from briefapp.errors import NotFound
from briefapp.library.storage import Store, from_iso, now_iso
from briefapp.models import (
    UNKNOWN_GRADE,
    Briefing,
    BriefingId,
    BriefingItem,
    Citation,
    Judgement,
    ReportId,
)


def _citation_json(c: Citation | None) -> str | None:
    if c is None:
        return None
    return json.dumps(
        {
            "report_id": c.report_id,
            "title": c.title,
            "publisher": c.publisher,
            "published": c.published.isoformat() if c.published else None,
            "grade": c.grade,
            "source_file": c.source_file,
            "url": c.url,
        },
        ensure_ascii=False,
    )


def _citation(raw: str | None) -> Citation | None:
    if not raw:
        return None
    d = json.loads(raw)
    return Citation(
        report_id=ReportId(d["report_id"]) if d.get("report_id") is not None else None,
        title=d.get("title", ""),
        publisher=d.get("publisher"),
        published=from_iso(d.get("published")),
        grade=d.get("grade", UNKNOWN_GRADE),
        source_file=d.get("source_file"),
        url=d.get("url"),
    )


def _judgements_json(judgements: list[Judgement]) -> str:
    return json.dumps([asdict(j) for j in judgements], ensure_ascii=False)


def _judgements(raw: str | None) -> list[Judgement]:
    return [
        Judgement(
            text=d.get("text", ""),
            likelihood=d.get("likelihood", ""),
            confidence=d.get("confidence", ""),
            marking=d.get("marking", ""),
        )
        for d in json.loads(raw or "[]")
    ]


def save_briefing(store: Store, briefing: Briefing) -> Briefing:
    """Insert or update a briefing and all its items in one transaction; sets ids."""
    now = now_iso()
    values = briefing_values(briefing, now)
    with store.write() as conn:
        if (
            briefing.id is None
            or conn.execute("SELECT 1 FROM briefings WHERE id = ?", [briefing.id]).fetchone()
            is None
        ):
            cur = conn.execute(
                "INSERT INTO briefings (title, subtitle, author, date, classification, brand,"
                " scheme, reference, cutoff, distribution, judgements, updated_at, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                values + [now],
            )
            assert cur.lastrowid is not None
            briefing.id = BriefingId(cur.lastrowid)
        else:
            conn.execute(
                "UPDATE briefings SET title = ?, subtitle = ?, author = ?, date = ?,"
                " classification = ?, brand = ?, scheme = ?, reference = ?, cutoff = ?,"
                " distribution = ?, judgements = ?, updated_at = ? WHERE id = ?",
                values + [briefing.id],
            )
        conn.execute("DELETE FROM briefing_items WHERE briefing_id = ?", [briefing.id])
        for position, item in enumerate(briefing.items):
            cur = conn.execute(
                "INSERT INTO briefing_items (briefing_id, position, heading, text, edited_text,"
                " note, section_kind, source, marking) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [briefing.id, position, *item_values(item)],
            )
            item.id = cur.lastrowid
    briefing.updated_at = datetime.fromisoformat(now)
    return briefing


def mark_deleted_sources(store: Store, briefing: Briefing) -> Briefing:
    """Flag each citation whose report is in the trash or gone (``source_deleted``)."""
    from briefapp.library.trash import unavailable

    cited = [i.source for i in briefing.items if i.source is not None]
    gone = unavailable(store, [c.report_id for c in cited if c.report_id is not None])
    for citation in cited:
        citation.source_deleted = citation.report_id in gone
    return briefing


def load_briefing(store: Store, briefing_id: BriefingId) -> Briefing:
    with store.read() as conn:
        row = conn.execute(
            "SELECT id, title, subtitle, author, date, classification, brand, updated_at, scheme,"
            " reference, cutoff, distribution, judgements FROM briefings WHERE id = ?",
            [briefing_id],
        ).fetchone()
        if row is None:
            raise NotFound(f"no briefing with id {briefing_id}")
        items = conn.execute(
            "SELECT id, heading, text, edited_text, note, section_kind, source, marking"
            " FROM briefing_items WHERE briefing_id = ? ORDER BY position",
            [briefing_id],
        ).fetchall()
    return mark_deleted_sources(store, briefing_from_rows(row, items))


def briefing_values(briefing: Briefing, now: str) -> list[object]:
    """The stored values of a briefing's own columns, from title to ``updated_at`` (shared
    with the server library)."""
    return [
        briefing.title,
        briefing.subtitle,
        briefing.author,
        briefing.date.isoformat() if briefing.date else None,
        briefing.classification,
        briefing.brand,
        briefing.scheme,
        briefing.reference,
        briefing.cutoff.isoformat() if briefing.cutoff else "",
        json.dumps(briefing.distribution, ensure_ascii=False),
        _judgements_json(briefing.judgements),
        now,
    ]


def item_values(item: BriefingItem) -> list[object]:
    """The stored values of an item, from heading to marking (shared with the server library)."""
    return [
        item.heading,
        item.text,
        item.edited_text,
        item.note,
        item.section_kind,
        _citation_json(item.source),
        item.marking,
    ]


def briefing_from_rows(
    row: Sequence[Any], items: Sequence[Sequence[Any]], version: int | None = None
) -> Briefing:
    """A briefing from its row (id, title, subtitle, author, date, classification, brand,
    updated_at, scheme, reference, cutoff, distribution, judgements) and its item rows (id,
    heading, text, edited_text, note, section_kind, source, marking) in order."""
    return Briefing(
        id=BriefingId(row[0]),
        title=row[1],
        subtitle=row[2] or "",
        author=row[3] or "",
        date=date.fromisoformat(row[4]) if row[4] else None,
        classification=row[5] or "",
        brand=row[6] or "default",
        updated_at=from_iso(row[7]),
        version=version,
        scheme=row[8] or "",
        reference=row[9] or "",
        cutoff=date.fromisoformat(row[10]) if row[10] else None,
        distribution=json.loads(row[11] or "[]"),
        judgements=_judgements(row[12]),
        items=[
            BriefingItem(
                id=i[0],
                heading=i[1] or "",
                text=i[2],
                edited_text=i[3],
                note=i[4],
                section_kind=i[5] or "other",
                source=_citation(i[6]),
                marking=i[7] or "",
            )
            for i in items
        ],
    )


@dataclass
class BriefingInfo:
    """A line of the briefing list: enough to show it without loading its items."""

    id: BriefingId
    title: str
    subtitle: str
    updated_at: datetime | None
    item_count: int


def list_briefings(store: Store) -> list[BriefingInfo]:
    """Every saved briefing, most recently changed first."""
    with store.read() as conn:
        rows = conn.execute(
            "SELECT b.id, b.title, b.subtitle, b.updated_at, count(i.id) FROM briefings b"
            " LEFT JOIN briefing_items i ON i.briefing_id = b.id GROUP BY b.id"
            " ORDER BY b.updated_at DESC, b.id DESC"
        ).fetchall()
    return [BriefingInfo(BriefingId(r[0]), r[1], r[2] or "", from_iso(r[3]), r[4]) for r in rows]


def delete_briefing(store: Store, briefing_id: BriefingId, *, version: int | None = None) -> None:
    """Delete a briefing; ``version`` guards deletions on a server (a folder library keeps no
    versions)."""
    with store.write() as conn:
        if conn.execute("DELETE FROM briefings WHERE id = ?", [briefing_id]).rowcount == 0:
            raise NotFound(f"no briefing with id {briefing_id}")
