"""Full-text search: ranked section hits with marked snippets (SQLite FTS5, bm25)."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from briefapp.library.filters import LIVE, ReportFilter, where_clause
from briefapp.library.query import plan_query
from briefapp.library.storage import Store, from_iso
from briefapp.library.word_forms import match_query
from briefapp.models import ReportId

HIT_START, HIT_END = "\x02", "\x03"  # snippet markers; callers turn them into their own markup
RANK_WEIGHTS = "8.0, 6.0, 4.0, 1.0"  # bm25 weights: title, metadata, heading, text
SNIPPET_MAX_CHARS = 100_000
MAX_TRASHED_SECTIONS_SKIPPED = 20_000  # beyond, unfiltered searches join to leave them out


@dataclass
class SearchHit:
    report_id: ReportId
    title: str
    section: str
    section_kind: str
    snippet: str  # matched words wrapped in HIT_START / HIT_END
    rank: float
    published: datetime | None = None
    publisher: str | None = None
    near_duplicate_of: ReportId | None = None

    def snippet_marked(self, start: str = "**", end: str = "**") -> str:
        """The snippet as plain text (Markdown syntax removed) with the matches marked."""
        return plain_snippet(self.snippet).replace(HIT_START, start).replace(HIT_END, end)


def plain_snippet(snippet: str) -> str:
    """Drop the Markdown syntax a snippet cut out of section text may carry."""
    # Backslash-escaped characters are literal: keep them aside while emphasis marks go.
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!>])", lambda m: chr(0xE000 + ord(m.group(1))), snippet)
    text = re.sub(r"(\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)|`)", "", text)
    text = re.sub("[\ue000-\ue0ff]", lambda m: chr(ord(m.group()) - 0xE000), text)
    text = html.unescape(text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # [text](url) -> text
    text = re.sub(r"^\s*(#+|>|[-*]|\d+\.)\s+", "", text, flags=re.M)
    text = re.sub(r"\|?-{3,}(\|-{3,})*\|?", " ", text)  # table separators
    text = text.replace("|", " · ")
    # Cells become "a · b": empty cells and a row's outer bars leave no "· ·" behind.
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"(?: ?· ?)+", " · ", text)
    return text.strip(" ·")


def _long_text_snippet(text: str, query: str, width: int = 160) -> str:
    """A snippet around the first word of a long text that starts like a query word."""
    terms = [t for t in re.findall(r"\w+", query) if t not in ("OR", "AND", "NOT", "NEAR")]
    if not terms:
        return text[:width]
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, terms)) + r")\w*", re.IGNORECASE)
    first = pattern.search(text)
    start = max(0, first.start() - width // 3) if first else 0
    window = text[start : start + width]
    marked = pattern.sub(lambda m: f"{HIT_START}{m.group()}{HIT_END}", window)
    return ("…" if start else "") + marked + ("…" if start + width < len(text) else "")


def search(
    store: Store, text: str, *, limit: int = 20, filters: ReportFilter | None = None
) -> list[SearchHit]:
    """Ranked section hits (bm25; titles weigh most, then headings) with marked snippets.

    Ranking runs on the full-text index alone; snippets and report columns are fetched
    for the top hits only, which keeps a query fast even when it matches most sections.
    """
    plan = plan_query(text)
    if plan is None:
        return []
    index = plan.table
    rank = f"bm25({index}, {RANK_WEIGHTS})"
    where, params = where_clause(filters)
    with store.read() as conn:
        # Widened to word forms once, for the ranking and the snippets alike.
        fts = match_query(conn, plan.text)
        trashed = 0
        if where == LIVE:
            trashed = conn.execute(
                "SELECT count(*) FROM sections WHERE report_id IN"
                " (SELECT id FROM reports WHERE deleted_at IS NOT NULL)"
            ).fetchone()[0]
        if where == LIVE and trashed <= MAX_TRASHED_SECTIONS_SKIPPED:
            # Ranked on the index alone, asking for as many more hits as there are sections
            # in the trash (few), whose hits are then dropped: no join over every match.
            top = conn.execute(
                f"SELECT x.rowid, {rank} AS rank FROM {index} x"
                f" WHERE {index} MATCH ? ORDER BY rank LIMIT ?",
                [fts, limit + trashed if limit >= 0 else limit],
            ).fetchall()
            if trashed and top:
                ids = ",".join(str(int(row[0])) for row in top)
                gone = {
                    row[0]
                    for row in conn.execute(
                        "SELECT s.id FROM sections s JOIN reports r ON r.id = s.report_id"
                        f" WHERE s.id IN ({ids}) AND r.deleted_at IS NOT NULL"
                    )
                }
                top = [row for row in top if row[0] not in gone]
                if limit >= 0:
                    top = top[:limit]
        else:
            top = conn.execute(
                f"SELECT x.rowid, {rank} AS rank FROM {index} x"
                " JOIN sections s ON s.id = x.rowid JOIN reports r ON r.id = s.report_id"
                f" WHERE {index} MATCH ? AND {where} ORDER BY rank LIMIT ?",
                [fts, *params, limit],
            ).fetchall()
        if not top:
            return []
        ids = ",".join(str(int(row[0])) for row in top)
        # FTS5's snippet() takes time growing with the square of the matches in a text:
        # minutes for a multi-megabyte section. Long texts get a simpler snippet.
        snippets: dict[int, str | None] = dict(
            conn.execute(
                f"SELECT rowid, CASE WHEN length(text) <= {SNIPPET_MAX_CHARS} THEN"
                f" snippet({index}, 3, '{HIT_START}', '{HIT_END}', '…', 24) ELSE NULL END"
                f" FROM {index} WHERE {index} MATCH ? AND rowid IN ({ids})",
                [fts],
            ).fetchall()
        )
        for section_id in [k for k, v in snippets.items() if v is None]:
            long_text = conn.execute(
                "SELECT text FROM sections WHERE id = ?", [section_id]
            ).fetchone()
            snippets[section_id] = _long_text_snippet(long_text[0] if long_text else "", text)
        rows = {
            r[0]: r[1:]
            for r in conn.execute(
                "SELECT s.id, s.report_id, r.title, s.heading, s.kind, r.published, r.publisher,"
                " r.near_duplicate_of"
                f" FROM sections s JOIN reports r ON r.id = s.report_id WHERE s.id IN ({ids})"
            )
        }
    hits = []
    for section_id, rank in top:
        hits.append(hit_from_row(rows[section_id], snippets.get(section_id) or "", rank))
    return hits


def hit_from_row(r: Sequence[Any], snippet: str, rank: float) -> SearchHit:
    """A hit from a row (report id, title, heading, kind, published, publisher,
    near_duplicate_of) of its section (shared with the server library)."""
    return SearchHit(
        report_id=ReportId(r[0]),
        title=r[1],
        section=r[2],
        section_kind=r[3],
        snippet=snippet,
        rank=rank,
        published=from_iso(r[4]),
        publisher=r[5],
        near_duplicate_of=ReportId(r[6]) if r[6] is not None else None,
    )
