"""The report library: a folder holding a SQLite database and copies of every original.

Thread-safe: every method takes the library's lock, so the GUI's worker threads and the CLI
share one API (as calibre's ``db/cache.py`` does). Writes run in ``BEGIN IMMEDIATE``
transactions with a generous busy timeout, so two processes importing at once both succeed.
"""

from __future__ import annotations

import gc
import hashlib
import html
import json
import os
import re
import sqlite3
import stat
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable, Iterator

import sqlite_utils

from briefapp.errors import BriefappError, Cancelled, ImportFailed, NotFound
from briefapp.ingest.dates import from_iso
from briefapp.ingest.decode import MAX_FILE_BYTES
from briefapp.ingest.pipeline import parse_report
from briefapp.library import grading, migrations
from briefapp.library.filters import SORTS, ReportFilter, where_clause
from briefapp.library.query import to_fts_query
from briefapp.models import Report, Section

DB_NAME = "library.db"
BUSY_TIMEOUT_S = 60
CACHE_KIB = 64 * 1024
WAL_AUTOCHECKPOINT_PAGES = 1000  # SQLite's default
HIT_START, HIT_END = "\x02", "\x03"  # snippet markers; callers turn them into their own markup
RANK = "bm25(search, 8.0, 4.0, 1.0)"  # weights: title, heading, text
GRADE_SQL = "(coalesce(r.reliability, p.reliability, 'F') || coalesce(r.credibility, '6'))"
# Index rows for sections, each with its report's title (the importer adds a WHERE clause).
INDEX_SECTIONS = (
    "INSERT INTO search (rowid, title, heading, text) SELECT s.id, r.title, s.heading,"
    " s.text FROM sections s JOIN reports r ON r.id = s.report_id"
)

# The report columns a parsed file fills, in the order of _stored_row's values.
STORED_COLUMNS = (
    "title",
    "publisher",
    "published",
    "countries",
    "topics",
    "tags",
    "source_file",
    "format",
    "content_hash",
)
_TITLE, _CONTENT_HASH = STORED_COLUMNS.index("title"), STORED_COLUMNS.index("content_hash")
# What reparse --metadata reads again (not the publisher: it may have been given at import,
# and it sets the grade).
REREAD_COLUMNS = ("title", "published", "countries", "topics", "format")
REPARSE_BATCH = 50  # reports per write transaction (and per check for cancel)

ProgressFn = Callable[[int, int, str], None]
CancelFn = Callable[[], bool]


@dataclass
class ImportResult:
    path: str
    status: str  # imported | duplicate | error
    report_id: int | None = None
    error: str | None = None
    title: str | None = None

    def as_json(self) -> dict:
        return {
            "path": self.path,
            "status": self.status,
            "report_id": self.report_id,
            "error": self.error,
        }


@dataclass
class SearchHit:
    report_id: int
    title: str
    section: str
    section_kind: str
    snippet: str  # matched words wrapped in HIT_START / HIT_END
    rank: float
    published: datetime | None = None
    publisher: str | None = None

    def snippet_marked(self, start: str = "**", end: str = "**") -> str:
        """The snippet as plain text (Markdown syntax removed) with the matches marked."""
        return plain_snippet(self.snippet).replace(HIT_START, start).replace(HIT_END, end)


@dataclass
class ReparseResult:
    report_id: int
    status: str  # updated | unchanged | error
    title: str | None = None
    error: str | None = None

    def as_json(self) -> dict:
        return {
            "report_id": self.report_id,
            "status": self.status,
            "title": self.title,
            "error": self.error,
        }


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
    return re.sub(r"\s+", " ", text).strip()


SNIPPET_MAX_CHARS = 100_000


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


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def iter_files(paths: Iterable[str | os.PathLike]) -> Iterator[Path]:
    """Files named and files under folders named (recursive, sorted, hidden files skipped)."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        yield Path(root) / name
        else:
            yield path


class Library:
    """A report library folder. Use as a context manager or call :meth:`close`."""

    def __init__(self, folder: str | os.PathLike, *, create: bool = True):
        self.folder = Path(folder)
        db_path = self.folder / DB_NAME
        try:
            exists = db_path.exists()
        except OSError as exc:
            raise BriefappError(
                f"cannot read the library folder {self.folder}: {exc.strerror}"
            ) from None
        if not exists and not create:
            raise NotFound(
                f"no library at {self.folder} (import reports there first with"
                " `briefapp import`, or choose another with --library)"
            )
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise BriefappError(
                f"cannot create the library folder {self.folder}: {exc.strerror}"
            ) from None
        self._lock = threading.RLock()
        self._big_imports = 0  # running on this library, see _checkpoints_in_background
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        while True:
            try:
                self.db = _open_database(db_path)
                break
            except sqlite3.OperationalError as exc:
                # Two processes creating or upgrading the same library at once: switching to
                # WAL can be refused without waiting for the busy timeout. Try again shortly.
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise BriefappError(
                        f"{db_path}: not a usable library database ({exc})"
                    ) from None
                time.sleep(0.05)
            except sqlite3.DatabaseError as exc:
                raise BriefappError(f"{db_path}: not a usable library database ({exc})") from None

    # -- lifecycle -----------------------------------------------------------------------
    def close(self) -> None:
        with self._lock:
            self.db.close()

    def __enter__(self) -> "Library":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def conn(self) -> sqlite3.Connection:
        return self.db.conn

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken at once (BEGIN IMMEDIATE) so writers queue politely."""
        with self._lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
                self.conn.execute("COMMIT")
            except BaseException:
                # Also when COMMIT itself fails (disk full, I/O error): never leave the
                # connection inside a transaction that would swallow every later write.
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise

    # -- import --------------------------------------------------------------------------
    def import_paths(
        self,
        paths: Iterable[str | os.PathLike],
        *,
        publisher: str | None = None,
        progress: ProgressFn | None = None,
        cancel: CancelFn | None = None,
        batch_size: int = 1000,
        batch_seconds: float = 1.5,
    ) -> list[ImportResult]:
        """Import files and folders. One result per file, in order; a bad file never stops
        the batch. Each file is wholly in the library or not at all.

        Files are parsed outside any transaction, then written in short batches so another
        process importing at the same time only waits a moment for its turn.
        """
        # The cyclic garbage collector keeps rescanning the growing heap of parsed reports and
        # doubles the time of a big import; nothing here makes reference cycles.
        gc_was_enabled = gc.isenabled()
        gc.disable()
        try:
            files = list(iter_files(paths))
            with self._checkpoints_in_background(len(files) >= PARALLEL_MIN_FILES) as checkpointer:
                return self._import_files(
                    files, publisher, progress, cancel, batch_size, batch_seconds, checkpointer
                )
        finally:
            if gc_was_enabled:
                gc.enable()

    @contextmanager
    def _checkpoints_in_background(self, enabled: bool) -> Iterator[_Checkpointer | None]:
        """During a big import, let a thread copy committed pages into the database (see
        :class:`_Checkpointer`); after the last big import running on this library, the
        connection checkpoints by itself again."""
        if not enabled:
            yield None
            return
        with self._lock:
            self._big_imports += 1
            self.conn.execute("PRAGMA wal_autocheckpoint = 0")
        checkpointer = _Checkpointer(self.folder / DB_NAME)
        try:
            yield checkpointer
        finally:
            checkpointer.stop()
            with self._lock:
                self._big_imports -= 1
                if not self._big_imports:
                    try:
                        self.conn.execute(f"PRAGMA wal_autocheckpoint = {WAL_AUTOCHECKPOINT_PAGES}")
                        self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                    except sqlite3.Error:
                        pass  # (disk full): the import is stored; a later commit checkpoints

    def _import_files(
        self,
        files: list[Path],
        publisher,
        progress,
        cancel,
        batch_size,
        batch_seconds,
        checkpointer: _Checkpointer | None = None,
    ) -> list[ImportResult]:
        results: list[ImportResult | None] = [None] * len(files)
        pending: list[tuple[int, str, bytes, tuple]] = []
        last_flush = time.monotonic()
        for index, (path, data, row, problem) in enumerate(_parsed_files(files, publisher)):
            if problem is not None:
                results[index] = ImportResult(path, "error", error=problem)
            else:
                pending.append((index, path, data, row))
            if len(pending) >= batch_size or (
                pending and time.monotonic() - last_flush > batch_seconds
            ):
                self._store_batch(pending, results, checkpointer)
                last_flush = time.monotonic()
            if progress:
                progress(index + 1, len(files), path)
            if cancel and cancel():
                self._store_batch(pending, results, checkpointer)
                raise Cancelled(f"import cancelled after {index + 1} of {len(files)} files")
        self._store_batch(pending, results, checkpointer)
        return [r for r in results if r is not None]

    def import_bytes(self, data: bytes, name: str, *, publisher: str | None = None) -> ImportResult:
        """Import one file's content (used by tests and drag-and-drop of dropped data)."""
        results: list[ImportResult | None] = [None]
        try:
            report = parse_report(data, name)
        except ImportFailed as exc:
            return ImportResult(name, "error", error=exc.problem)
        self._store_batch([(0, name, data, _stored_row(report, publisher))], results)
        return results[0]

    def _store_batch(
        self, pending: list, results: list, checkpointer: _Checkpointer | None = None
    ) -> None:
        """Write parsed files in one transaction. Should the database refuse one of them, the
        batch is rolled back and its files are stored one by one, so only that file fails."""
        if not pending:
            return
        try:
            self._write_reports(pending, results, checkpointer)
        except sqlite3.Error:
            if len(pending) == 1:
                index, path, _data, _row = pending[0]
                results[index] = ImportResult(
                    path, "error", error="could not be stored in the library"
                )
            else:
                for one in pending:
                    self._store_batch([one], results, checkpointer)
        pending.clear()

    def _write_reports(
        self, pending: list, results: list, checkpointer: _Checkpointer | None
    ) -> None:
        outcome: dict[int, ImportResult] = {}
        with self._write() as conn:
            last_id = conn.execute("SELECT coalesce(max(id), 0) FROM reports").fetchone()[0]
            for index, path, data, row in pending:
                values = row[0]
                title, content_hash = values[_TITLE], values[_CONTENT_HASH]
                existing = conn.execute(
                    "SELECT id FROM reports WHERE content_hash = ?", [content_hash]
                ).fetchone()
                if existing:
                    outcome[index] = ImportResult(
                        path, "duplicate", report_id=existing[0], title=title
                    )
                    continue
                conn.execute(
                    "INSERT OR IGNORE INTO originals (hash, name, size, data) VALUES (?, ?, ?, ?)",
                    [content_hash, os.path.basename(path), len(data), data],
                )
                report_id = self._insert_report(conn, row)
                outcome[index] = ImportResult(path, "imported", report_id=report_id, title=title)
            # Index the batch's sections in one statement (see migrations.TRIGGERS).
            conn.execute(f"{INDEX_SECTIONS} WHERE s.report_id > ?", [last_id])
        if checkpointer is not None:
            checkpointer.committed()
        for index, result in outcome.items():
            results[index] = result

    @staticmethod
    def _insert_report(conn: sqlite3.Connection, row: tuple) -> int:
        """Insert a report, its facet rows and its sections (see :func:`_stored_row`)."""
        values, countries, topics, sections = row
        cur = conn.execute(
            f"INSERT INTO reports ({', '.join(STORED_COLUMNS)}, imported_at)"
            f" VALUES ({', '.join('?' * len(STORED_COLUMNS))}, ?)",
            (*values, _now()),
        )
        report_id = cur.lastrowid
        if countries:
            conn.executemany(
                "INSERT OR IGNORE INTO report_countries (country, report_id) VALUES (?, ?)",
                [(country, report_id) for country in countries],
            )
        if topics:
            conn.executemany(
                "INSERT OR IGNORE INTO report_topics (topic, report_id) VALUES (?, ?)",
                [(topic, report_id) for topic in topics],
            )
        _insert_sections(conn, report_id, sections)
        return report_id

    # -- reading again from the originals -------------------------------------------------
    def reparse(
        self,
        report_ids: Iterable[int] | None = None,
        *,
        metadata: bool = False,
        progress: ProgressFn | None = None,
        cancel: CancelFn | None = None,
    ) -> list[ReparseResult]:
        """Read reports again from their stored originals with the current importer (all of
        them when ``report_ids`` is None) and replace their sections; briefings keep their own
        copies of what they borrowed. The metadata an analyst may have corrected (title, date,
        countries, topics) stays unless ``metadata`` is true; the publisher always stays. One
        result per report;
        a report whose original no longer reads keeps its sections and gets an error."""
        with self._lock:
            known = {row[0] for row in self.conn.execute("SELECT id FROM reports")}
        wanted = sorted(known) if report_ids is None else list(dict.fromkeys(report_ids))
        results: list[ReparseResult] = []
        for start in range(0, len(wanted), REPARSE_BATCH):
            batch = wanted[start : start + REPARSE_BATCH]
            results += self._reparse_batch([i for i in batch if i in known], metadata)
            results += [
                ReparseResult(i, "error", error=f"no report with id {i}")
                for i in batch
                if i not in known
            ]
            if progress:
                progress(min(start + REPARSE_BATCH, len(wanted)), len(wanted), "")
            if cancel and cancel():
                raise Cancelled(f"cancelled after {len(results)} of {len(wanted)} reports")
        order = {report_id: n for n, report_id in enumerate(wanted)}
        return sorted(results, key=lambda r: order[r.report_id])

    def _reparse_batch(self, ids: list[int], metadata: bool) -> list[ReparseResult]:
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        with self._lock:
            # The report's own file name decides the format (an original's first name may be
            # that of a deleted report with the same bytes).
            rows = self.conn.execute(
                f"SELECT r.id, coalesce(r.source_file, o.name), r.content_hash,"
                f" {', '.join('r.' + c for c in REREAD_COLUMNS)} FROM reports r"
                f" LEFT JOIN originals o ON o.hash = r.content_hash WHERE r.id IN ({marks})",
                ids,
            ).fetchall()
            old_sections: dict[int, list[tuple]] = {i: [] for i in ids}
            for report_id, *section in self.conn.execute(
                f"SELECT report_id, position, heading, kind, text FROM sections WHERE report_id IN ({marks})"
                " ORDER BY report_id, position",
                ids,
            ):
                old_sections[report_id].append(tuple(section))
        results, changes = [], []
        for report_id, name, content_hash, *current in rows:
            stored = dict(zip(REREAD_COLUMNS, current, strict=True))
            title = stored["title"]
            with self._lock:  # one original in memory at a time (they may be 50 MB each)
                found = self.conn.execute(
                    "SELECT data FROM originals WHERE hash = ?", [content_hash]
                ).fetchone()
            data = found[0] if found else None
            if data is None:
                results.append(
                    ReparseResult(report_id, "error", title, "its original file is missing")
                )
                continue
            try:
                report = parse_report(data, name)
            except ImportFailed as exc:
                results.append(ReparseResult(report_id, "error", title, exc.problem))
                continue
            values, _countries, _topics, sections = _stored_row(report)
            parsed = dict(zip(STORED_COLUMNS, values, strict=True))
            fields = (
                {c: parsed[c] for c in REREAD_COLUMNS if parsed[c] != stored[c]} if metadata else {}
            )
            if sections == old_sections[report_id] and not fields:
                results.append(ReparseResult(report_id, "unchanged", title))
                continue
            changes.append((report_id, sections, fields))
            results.append(ReparseResult(report_id, "updated", fields.get("title", title)))
        if changes:
            with self._write() as conn:
                for report_id, sections, fields in changes:
                    if not conn.execute(
                        "SELECT 1 FROM reports WHERE id = ?", [report_id]
                    ).fetchone():
                        gone = next(r for r in results if r.report_id == report_id)
                        gone.status, gone.error = "error", "the report was deleted meanwhile"
                        continue
                    if fields:  # (the triggers keep the search index and the facets in step)
                        conn.execute(
                            f"UPDATE reports SET {', '.join(f'{k} = ?' for k in fields)} WHERE id = ?",
                            [*fields.values(), report_id],
                        )
                    conn.execute("DELETE FROM sections WHERE report_id = ?", [report_id])
                    _insert_sections(conn, report_id, sections)
                    conn.execute(f"{INDEX_SECTIONS} WHERE s.report_id = ?", [report_id])
        return results

    # -- reading -------------------------------------------------------------------------
    _REPORT_COLUMNS = (
        "r.id, r.title, r.publisher, r.published, r.countries, r.topics, r.tags, r.source_file,"
        f" r.format, r.content_hash, r.imported_at, {GRADE_SQL} AS grade"
    )
    _REPORT_FROM = "reports r LEFT JOIN publishers p ON p.name = r.publisher"

    @staticmethod
    def _report_from_row(row) -> Report:
        return Report(
            id=row[0],
            title=row[1],
            publisher=row[2],
            published=from_iso(row[3]),
            countries=json.loads(row[4]),
            topics=json.loads(row[5]),
            tags=json.loads(row[6]),
            source_file=row[7],
            format=row[8],
            content_hash=row[9],
            imported_at=from_iso(row[10]),
            grade=row[11],
        )

    def get_report(self, report_id: int, *, with_sections: bool = True) -> Report:
        with self._lock:
            row = self.conn.execute(
                f"SELECT {self._REPORT_COLUMNS} FROM {self._REPORT_FROM} WHERE r.id = ?",
                [report_id],
            ).fetchone()
            if row is None:
                raise NotFound(f"no report with id {report_id}")
            report = self._report_from_row(row)
            if with_sections:
                report.sections = [
                    Section(
                        id=r[0],
                        report_id=report_id,
                        position=r[1],
                        heading=r[2],
                        kind=r[3],
                        text=r[4],
                    )
                    for r in self.conn.execute(
                        "SELECT id, position, heading, kind, text FROM sections WHERE report_id = ?"
                        " ORDER BY position",
                        [report_id],
                    )
                ]
            return report

    def report_ids(
        self, filters: ReportFilter | None = None, sort: str = "published", descending: bool = True
    ) -> list[int]:
        """Ids of matching reports in display order: cheap even for 100,000 reports, so views
        can hold the ids and fetch rows on demand."""
        where, params = where_clause(filters)
        order = SORTS.get(sort, SORTS["published"]).format(dir="DESC" if descending else "ASC")
        columns, source = "r.id", "reports r"
        if sort == "grade":
            columns, source = f"r.id, {GRADE_SQL} AS grade", self._REPORT_FROM
        with self._lock:
            return [
                r[0]
                for r in self.conn.execute(
                    f"SELECT {columns} FROM {source} WHERE {where} ORDER BY {order}", params
                )
            ]

    def reports_by_ids(self, ids: list[int]) -> list[Report]:
        """Reports (without sections) in the order of ``ids``; unknown ids are skipped."""
        if not ids:
            return []
        found: dict[int, Report] = {}
        with self._lock:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                for row in self.conn.execute(
                    f"SELECT {self._REPORT_COLUMNS} FROM {self._REPORT_FROM}"
                    f" WHERE r.id IN ({','.join('?' * len(chunk))})",
                    chunk,
                ):
                    found[row[0]] = self._report_from_row(row)
        return [found[i] for i in ids if i in found]

    def list_reports(
        self,
        filters: ReportFilter | None = None,
        *,
        sort: str = "published",
        descending: bool = True,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Report]:
        ids = self.report_ids(filters, sort, descending)
        end = None if limit is None else offset + limit
        return self.reports_by_ids(ids[offset:end])

    def count_reports(self, filters: ReportFilter | None = None) -> int:
        where, params = where_clause(filters)
        with self._lock:
            return self.conn.execute(
                f"SELECT count(*) FROM reports r WHERE {where}", params
            ).fetchone()[0]

    def facets(
        self, filters: ReportFilter | None = None, limit: int = 200
    ) -> dict[str, list[tuple[str, int]]]:
        """Counts per country, topic, publisher and year among reports matching the filters;
        each facet ignores its own selection so the user can add alternatives.

        The reports matching each variant of the filters are gathered once into a temporary
        table of ids, and counts are grouped over it: a few tens of milliseconds on 100,000
        reports instead of re-running the filters inside every count.
        """
        # facet -> (columns and grouping, table, join condition on the ids table {t}, condition)
        queries = {
            "country": ("country", "report_countries x", "x.report_id = {t}.report_id", "1"),
            "topic": ("topic", "report_topics x", "x.report_id = {t}.report_id", "1"),
            "publisher": (
                "publisher",
                "reports x",
                "x.id = {t}.report_id",
                "publisher IS NOT NULL",
            ),
            "year": (
                "substr(published, 1, 4)",
                "reports x",
                "x.id = {t}.report_id",
                "published IS NOT NULL",
            ),
        }
        out: dict[str, list[tuple[str, int]]] = {}
        with self._lock:
            text_ids = None
            if filters is not None and filters.text.strip():
                text_ids = self._temp_ids(
                    "facet_text", *where_clause(ReportFilter(text=filters.text))
                )
            made: dict[tuple, str] = {}
            for facet, (value, table, join, condition) in queries.items():
                where, params = where_clause(filters, skip=facet, text_ids=text_ids)
                if where == "1":
                    source = table
                else:
                    key = (where, tuple(params))
                    if key not in made:
                        made[key] = self._temp_ids(f"facet_{len(made)}", where, params)
                    # The (small) set of matching ids drives the join, through the facet's index.
                    source = f"{made[key]} CROSS JOIN {table} ON {join.format(t=made[key])}"
                order = "v DESC" if facet == "year" else "n DESC, v"
                out[facet] = self.conn.execute(
                    f"SELECT {value} AS v, count(*) AS n FROM {source} WHERE {condition}"
                    f" GROUP BY v ORDER BY {order} LIMIT ?",
                    [limit],
                ).fetchall()
        return {k: [(v[0], v[1]) for v in rows] for k, rows in out.items()}

    def _temp_ids(self, name: str, where: str, params: list) -> str:
        """A temporary table ``temp.<name>(report_id)`` of the reports matching a condition."""
        table = f"temp.{name}"
        self.conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {name} (report_id INTEGER PRIMARY KEY)")
        self.conn.execute(f"DELETE FROM {table}")
        self.conn.execute(f"INSERT INTO {table} SELECT r.id FROM reports r WHERE {where}", params)
        return table

    def search(
        self, text: str, *, limit: int = 20, filters: ReportFilter | None = None
    ) -> list[SearchHit]:
        """Ranked section hits (bm25; titles weigh most, then headings) with marked snippets.

        Ranking runs on the full-text index alone; snippets and report columns are fetched
        for the top hits only, which keeps a query fast even when it matches most sections.
        """
        fts = to_fts_query(text)
        if fts is None:
            return []
        where, params = where_clause(filters)
        with self._lock:
            if where == "1":
                top = self.conn.execute(
                    f"SELECT rowid, {RANK} AS rank FROM search WHERE search MATCH ? ORDER BY rank LIMIT ?",
                    [fts, limit],
                ).fetchall()
            else:
                top = self.conn.execute(
                    f"SELECT search.rowid, {RANK} AS rank FROM search JOIN sections s ON s.id = search.rowid"
                    f" JOIN reports r ON r.id = s.report_id WHERE search MATCH ? AND {where}"
                    " ORDER BY rank LIMIT ?",
                    [fts, *params, limit],
                ).fetchall()
            if not top:
                return []
            ids = ",".join(str(int(row[0])) for row in top)
            # FTS5's snippet() takes time growing with the square of the matches in a text:
            # minutes for a multi-megabyte section. Long texts get a simpler snippet.
            snippets = dict(
                self.conn.execute(
                    f"SELECT rowid, CASE WHEN length(text) <= {SNIPPET_MAX_CHARS} THEN"
                    f" snippet(search, 2, '{HIT_START}', '{HIT_END}', '…', 24) ELSE NULL END FROM search"
                    f" WHERE search MATCH ? AND rowid IN ({ids})",
                    [fts],
                ).fetchall()
            )
            for section_id in [k for k, v in snippets.items() if v is None]:
                long_text = self.conn.execute(
                    "SELECT text FROM sections WHERE id = ?", [section_id]
                ).fetchone()
                snippets[section_id] = _long_text_snippet(long_text[0] if long_text else "", text)
            rows = {
                r[0]: r[1:]
                for r in self.conn.execute(
                    "SELECT s.id, s.report_id, r.title, s.heading, s.kind, r.published, r.publisher"
                    f" FROM sections s JOIN reports r ON r.id = s.report_id WHERE s.id IN ({ids})"
                )
            }
        hits = []
        for section_id, rank in top:
            r = rows[section_id]
            hits.append(
                SearchHit(
                    report_id=r[0],
                    title=r[1],
                    section=r[2],
                    section_kind=r[3],
                    snippet=snippets.get(section_id, ""),
                    rank=rank,
                    published=from_iso(r[4]),
                    publisher=r[5],
                )
            )
        return hits

    def original(self, report_id: int) -> tuple[str, bytes]:
        """The imported file exactly as it was: (file name, bytes)."""
        with self._lock:
            row = self.conn.execute(
                "SELECT o.name, o.data FROM reports r JOIN originals o ON o.hash = r.content_hash"
                " WHERE r.id = ?",
                [report_id],
            ).fetchone()
        if row is None:
            raise NotFound(f"no report with id {report_id}")
        return row[0], row[1]

    def original_path(self, report_id: int) -> Path:
        """A file holding the original, for opening in another program (written on demand
        under the library's cache folder)."""
        name, data = self.original(report_id)
        digest = hashlib.sha256(data).hexdigest()
        target = self.folder / "cache" / "originals" / digest[:16] / name
        if not target.exists() or target.stat().st_size != len(data):
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(f".{target.name}.part")
            tmp.write_bytes(data)
            os.replace(tmp, target)
        return target

    def distinct_values(self, facet: str) -> list[str]:
        """Every country, topic, publisher or tag in the library (for completers)."""
        queries = {
            "country": "SELECT DISTINCT country FROM report_countries ORDER BY 1",
            "topic": "SELECT DISTINCT topic FROM report_topics ORDER BY 1",
            "publisher": "SELECT DISTINCT publisher FROM reports WHERE publisher IS NOT NULL ORDER BY 1",
            "tag": "SELECT DISTINCT j.value FROM reports, json_each(reports.tags) j ORDER BY 1",
        }
        with self._lock:
            return [r[0] for r in self.conn.execute(queries[facet])]

    # -- editing -------------------------------------------------------------------------
    def update_report(
        self,
        report_id: int,
        *,
        title: str | None = None,
        published: datetime | None | str = "",
        publisher: str | None = None,
        countries: list[str] | None = None,
        topics: list[str] | None = None,
        grade: str | None = None,
        tags: list[str] | None = None,
    ) -> Report:
        """Correct what the importer got wrong. Only the given fields change; the search index
        and facets follow at once (triggers). ``published=None`` clears the date."""
        changes: dict[str, object] = {}
        if title is not None:
            if not title.strip():
                raise BriefappError("the title cannot be empty")
            changes["title"] = title.strip()
        if published != "":
            changes["published"] = (
                published.isoformat() if isinstance(published, datetime) else None
            )
        if publisher is not None:
            changes["publisher"] = publisher.strip() or None
        if countries is not None:
            changes["countries"] = json.dumps(_dedupe(countries), ensure_ascii=False)
        if topics is not None:
            changes["topics"] = json.dumps(_dedupe(topics), ensure_ascii=False)
        if tags is not None:
            changes["tags"] = json.dumps(_dedupe(tags), ensure_ascii=False)
        if grade is not None:
            try:
                changes["reliability"], changes["credibility"] = grading.parse_grade(grade)
            except ValueError as exc:
                raise BriefappError(str(exc)) from None
        if changes:
            with self._write() as conn:
                cur = conn.execute(
                    f"UPDATE reports SET {', '.join(f'{k} = ?' for k in changes)} WHERE id = ?",
                    [*changes.values(), report_id],
                )
                if cur.rowcount == 0:
                    raise NotFound(f"no report with id {report_id}")
        return self.get_report(report_id)

    def set_publisher_reliability(self, publisher: str, reliability: str | None) -> None:
        """Set once how reliable a publisher is; its reports without a grade of their own follow."""
        letter = None
        if reliability:
            try:
                letter = grading.parse_reliability(reliability)
            except ValueError as exc:
                raise BriefappError(str(exc)) from None
        with self._write() as conn:
            conn.execute(
                "INSERT INTO publishers (name, reliability) VALUES (?, ?)"
                " ON CONFLICT(name) DO UPDATE SET reliability = excluded.reliability",
                [publisher, letter],
            )

    def publishers(self) -> list[tuple[str, str | None, int]]:
        """(publisher, reliability or None, report count) for every publisher."""
        with self._lock:
            return self.conn.execute(
                "SELECT r.publisher, p.reliability, count(*) FROM reports r"
                " LEFT JOIN publishers p ON p.name = r.publisher WHERE r.publisher IS NOT NULL"
                " GROUP BY r.publisher ORDER BY r.publisher"
            ).fetchall()

    def delete_report(self, report_id: int) -> None:
        with self._write() as conn:
            if conn.execute("DELETE FROM reports WHERE id = ?", [report_id]).rowcount == 0:
                raise NotFound(f"no report with id {report_id}")

    # -- maintenance ---------------------------------------------------------------------
    def search_index_drift(self) -> tuple[int, int, int]:
        """(sections missing from the search index, index rows out of date, index rows of
        sections that no longer exist). The index keeps no text of its own, so rows out of
        date are found by FTS5's check against the sections: 1 when some are, else 0."""
        with self._lock:
            missing, extra = (
                self.conn.execute(sql).fetchone()[0]
                for sql in (
                    "SELECT count(*) FROM sections s WHERE NOT EXISTS"
                    " (SELECT 1 FROM search_docsize d WHERE d.id = s.id)",
                    "SELECT count(*) FROM search_docsize d WHERE NOT EXISTS"
                    " (SELECT 1 FROM sections s WHERE s.id = d.id)",
                )
            )
            stale = 0
            if not missing and not extra:
                try:
                    self.conn.execute(
                        "INSERT INTO search (search, rank) VALUES ('integrity-check', 1)"
                    )
                except sqlite3.DatabaseError:
                    stale = 1
            return missing, stale, extra

    def search_index_in_sync(self) -> bool:
        """True when the search index covers exactly the sections, with their current text."""
        return self.search_index_drift() == (0, 0, 0)

    def rebuild_search_index(self) -> None:
        with self._write() as conn:
            conn.execute("INSERT INTO search (search) VALUES ('rebuild')")
            migrations.ensure_triggers(self.db)


class _Checkpointer:
    """A thread with its own connection that copies committed pages from the write-ahead log
    into the database (a checkpoint) after each import batch, so the importer never waits for
    that copy and its disk flush. Checkpoints are crash-safe wherever they stop.

    The thread starts at the first commit, once the parse workers exist: they are forked
    from a process with a single thread."""

    def __init__(self, db_path: Path):
        self._db_path = db_path
        self._wake = threading.Event()
        self._stopping = False
        self._thread: threading.Thread | None = None

    def committed(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._run, name="briefapp-checkpoint", daemon=True
            )
            self._thread.start()
        self._wake.set()

    def stop(self) -> None:
        self._stopping = True
        self._wake.set()
        if self._thread is not None:
            self._thread.join()

    def _run(self) -> None:
        conn = sqlite3.connect(self._db_path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        try:
            while not self._stopping:
                self._wake.wait()
                self._wake.clear()
                try:
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                except sqlite3.Error:
                    pass  # the importer's own checkpoint at the end catches up
        finally:
            conn.close()


def _open_database(db_path: Path) -> sqlite_utils.Database:
    conn = sqlite3.connect(
        db_path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
    )
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_S * 1000}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        # A batch of imported files fits in the page cache: pages are written once, at COMMIT.
        conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        conn.execute("PRAGMA foreign_keys = ON")
        db = sqlite_utils.Database(conn)
        migrations.migrate(db)
    except BaseException:
        conn.close()
        raise
    return db


def _dedupe(values: list[str]) -> list[str]:
    out: list[str] = []
    for v in values:
        v = v.strip()
        if v and v not in out:
            out.append(v)
    return out


PARALLEL_MIN_FILES = 400
CHUNK = 64  # files per parse job
CHUNK_BYTES = 8 * 1024 * 1024
IN_FLIGHT_CHUNKS = 32  # at most 256 MB of parsed files waiting for the writer
POOL_AHEAD_CHUNKS = 16  # per worker: about one database batch


def _stored_row(report: Report, publisher: str | None = None) -> tuple:
    """A parsed report as the plain values the importer stores: (values of STORED_COLUMNS,
    countries, topics, sections as (position, heading, kind, text)). Plain tuples and strings
    cross from a parse worker at a fraction of the cost of dataclasses, and the JSON is encoded
    in the worker rather than by the writer."""
    values = (
        report.title,
        publisher or report.publisher,
        report.published.isoformat() if report.published else None,
        json.dumps(report.countries, ensure_ascii=False),
        json.dumps(report.topics, ensure_ascii=False),
        json.dumps(report.tags, ensure_ascii=False),
        report.source_file,
        report.format,
        report.content_hash,
    )
    sections = [(i, s.heading, s.kind, s.text) for i, s in enumerate(report.sections)]
    return values, report.countries, report.topics, sections


def _insert_sections(conn: sqlite3.Connection, report_id: int, sections: list[tuple]) -> None:
    """Store sections given as (position, heading, kind, text); the caller indexes them."""
    conn.executemany(
        "INSERT INTO sections (report_id, position, heading, kind, text) VALUES (?, ?, ?, ?, ?)",
        [(report_id, *section) for section in sections],
    )


def _parse_file(
    path: Path, publisher: str | None = None
) -> tuple[str, bytes | None, tuple | None, str | None]:
    """Read and parse one file: (path, bytes, stored row, None) or (path, None, None, problem)."""
    name = str(path)
    try:
        data = _read_file(path)
        return name, data, _stored_row(parse_report(data, name), publisher), None
    except ImportFailed as exc:
        return name, None, None, exc.problem
    except Exception as exc:  # noqa: BLE001 - one bad file never stops a batch
        from briefapp.ingest.pipeline import unexpected_problem

        return name, None, None, unexpected_problem(exc)


def _worker_init() -> None:
    """Parse workers die with the importer: a killed import must not leave them behind."""
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        try:
            ctypes.CDLL("libc.so.6").prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except OSError:
            pass


# Fault injection for the test suite: a parse worker given this file name dies at once, the
# way an out-of-memory kill would take it (never the importing process itself).
KILL_WORKER_ON = "BRIEFAPP_TEST_KILL_WORKER_ON"


def _parse_chunk(paths: list[Path], publisher: str | None, in_worker: bool = False) -> list:
    doomed = os.environ.get(KILL_WORKER_ON) if in_worker else None
    if doomed and any(Path(p).name == doomed for p in paths):
        os._exit(70)
    return [_parse_file(p, publisher) for p in paths]


def _parsed_files(files: list[Path], publisher: str | None) -> Iterator[tuple]:
    """Parsed files in order. Big imports parse in worker processes while this process writes
    the database. Workers are forked from a single-threaded process (the CLI) and spawned
    from a threaded one (the GUI), where forking is unsafe."""
    workers = min(4, (os.cpu_count() or 1) - 1)  # one core stays with the writer, the critical path
    if len(files) < PARALLEL_MIN_FILES or workers < 1:
        for path in files:
            yield _parse_file(path, publisher)
        return
    import multiprocessing
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    chunks: list[list[Path]] = [[]]
    size = 0
    for path in files:
        try:
            file_size = path.stat().st_size
        except OSError:
            file_size = 0
        if chunks[-1] and (len(chunks[-1]) >= CHUNK or size + file_size > CHUNK_BYTES):
            chunks.append([])
            size = 0
        chunks[-1].append(path)
        size += file_size
    method = (
        "fork"
        if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()
        else "spawn"
    )
    with ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context(method), initializer=_worker_init
    ) as pool:
        in_flight: deque = deque()  # [chunk, future or None, results or None], in file order
        queued = 0
        broken = False  # a worker died (killed, out of memory): this process parses the rest
        try:
            while queued < len(chunks) or in_flight:
                # Keep each worker a database batch ahead of the writer (not the whole import
                # in memory), so it never idles while this process writes.
                while (
                    queued < len(chunks)
                    and not broken
                    and len(in_flight) < IN_FLIGHT_CHUNKS
                    and sum(e[1] is not None for e in in_flight) < POOL_AHEAD_CHUNKS * workers
                ):
                    try:
                        in_flight.append(
                            [
                                chunks[queued],
                                pool.submit(_parse_chunk, chunks[queued], publisher, True),
                                None,
                            ]
                        )
                        queued += 1
                    except BrokenProcessPool:
                        broken = True
                head = in_flight[0] if in_flight else None
                if head is None or (head[2] is None and head[1] is not None and not head[1].done()):
                    # Nothing to write yet: rather than wait, parse the next chunk here. (With
                    # two workers or more the pool fills the window and keeps ahead of this
                    # process, the bottleneck then, which so never parses.)
                    if queued < len(chunks) and len(in_flight) < IN_FLIGHT_CHUNKS:
                        in_flight.append(
                            [chunks[queued], None, _parse_chunk(chunks[queued], publisher)]
                        )
                        queued += 1
                        continue
                in_flight.popleft()
                if head[2] is None and head[1] is not None:
                    try:
                        head[2] = head[1].result()
                    except BrokenProcessPool:
                        broken = True
                yield from head[2] if head[2] is not None else _parse_chunk(head[0], publisher)
        finally:
            for entry in in_flight:
                if entry[1] is not None:
                    entry[1].cancel()


def _read_file(path: Path) -> bytes:
    try:
        info = os.stat(path)  # before opening: opening a named pipe would wait forever
        if not stat.S_ISREG(info.st_mode):
            raise ImportFailed(
                path, "is a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
            )
        if info.st_size > MAX_FILE_BYTES:
            raise ImportFailed(
                path,
                f"file too large ({info.st_size / 1048576:.0f} MB; the limit is"
                f" {MAX_FILE_BYTES // 1048576} MB)",
            )
        with open(path, "rb") as file:
            return file.read()
    except FileNotFoundError:
        raise ImportFailed(path, "no such file or folder") from None
    except PermissionError:
        raise ImportFailed(path, "permission denied (cannot read the file)") from None
    except IsADirectoryError:
        raise ImportFailed(path, "is a folder") from None
    except OSError as exc:
        raise ImportFailed(path, f"cannot read the file ({exc.strerror or exc})") from None
