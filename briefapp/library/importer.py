"""Storing imported files: parsed outside any transaction, written in short batches.

Each file is wholly in the library or not at all: its original, its report, facet rows,
sections and search-index rows are written in one transaction. Re-importing the same bytes is
a duplicate.
"""

from __future__ import annotations

import gc
import os
import signal
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from briefapp.errors import Cancelled, ImportFailed
from briefapp.ingest.pipeline import parse_report
from briefapp.library import near_duplicates
from briefapp.library.migrations import SEARCH_TABLES
from briefapp.library.parsing import (
    PARALLEL_MIN_FILES,
    STORED_COLUMNS,
    SectionRow,
    StoredRow,
    import_entries,
    parsed_files,
    refused,
    stored_row,
)
from briefapp.library.storage import (
    BUSY_TIMEOUT_S,
    WAL_AUTOCHECKPOINT_PAGES,
    Store,
    display_name,
    name_for_db,
    now_iso,
    select_in,
)
from briefapp.models import ReportId, SectionKind

ProgressFn = Callable[[int, int, str], None]
CancelFn = Callable[[], bool]
ImportStatus = Literal["imported", "duplicate", "error"]

# Files per write transaction. Each transaction adds a segment to each search index, and FTS5
# merges segments as they pile up: 2,000 rather than 1,000 halves that merging (a 20,000-file
# import writes a fifth less), while another process importing at the same time still waits
# only a moment (a fraction of a second) for its turn.
BATCH_SIZE = 2000

# Fault injection for the test suite: the importing process kills itself inside its Nth write
# transaction, after writing that batch's reports and before COMMIT, the way a power cut or
# kill -9 would stop it; a crash test so needs no timing to land mid-import.
DIE_IN_BATCH = "BRIEFAPP_TEST_DIE_IN_BATCH"
# And it stops itself (SIGSTOP) right after committing its Nth batch, so a test can act while
# the import is half done (a backup alongside it) and then let it go on (SIGCONT).
PAUSE_IN_BATCH = "BRIEFAPP_TEST_PAUSE_IN_BATCH"

# Index rows for sections, each with its report's title and metadata, in every search index
# (callers add a WHERE clause).
INDEX_SECTIONS = [
    f"INSERT INTO {index} (rowid, title, meta, heading, text) SELECT s.id, r.title,"
    " r.search_meta, s.heading, s.text FROM sections s JOIN reports r ON r.id = s.report_id"
    for index in SEARCH_TABLES
]


# FTS5's own default: merge 4 segments of a level as the index grows. During a big import the
# indexes merge only when 16 segments of a level pile up (FTS5's "crisis merge"): each batch
# adds a segment, and merging them 4 by 4 rewrites every term's entries at each level (a tenth
# of the indexes' time), while 16 at once ends with fewer segments.
FTS_AUTOMERGE = 4

_INSERT_SECTION = (
    "INSERT INTO sections (report_id, position, heading, kind, text) VALUES (?, ?, ?, ?, ?)"
)


@dataclass
class ImportResult:
    """One file's outcome. ``path`` is fit to show: bytes of a file name that are not UTF-8
    (old shares, USB sticks) show as U+FFFD; the library stores the name exactly."""

    path: str
    status: ImportStatus
    report_id: ReportId | None = None
    error: str | None = None
    title: str | None = None
    near_duplicate_of: ReportId | None = None  # the report this one repeats (another capture)

    def as_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "status": self.status,
            "report_id": self.report_id,
            "error": self.error,
            "near_duplicate_of": self.near_duplicate_of,
        }


@dataclass
class _Pending:
    """A parsed file waiting for the next write batch."""

    index: int  # its place among the results
    path: str
    data: bytes
    row: StoredRow


class Importer:
    """Imports files into one library; keeps count of the big imports running on it."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._big_imports = 0  # see _checkpoints_in_background
        self._batches = 0  # write transactions so far (for DIE_IN_BATCH)

    def import_paths(
        self,
        paths: Iterable[str | os.PathLike[str]],
        *,
        publisher: str | None = None,
        progress: ProgressFn | None = None,
        cancel: CancelFn | None = None,
        batch_size: int = BATCH_SIZE,
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
            entries = list(import_entries(paths))
            big = len(entries) >= PARALLEL_MIN_FILES
            with self._checkpoints_in_background(big) as checkpointer:
                return self._import_files(
                    entries, publisher, progress, cancel, batch_size, batch_seconds, checkpointer
                )
        finally:
            if gc_was_enabled:
                gc.enable()

    def import_bytes(self, data: bytes, name: str, *, publisher: str | None = None) -> ImportResult:
        """Import one file's content (used by tests and drag-and-drop of dropped data)."""
        results: list[ImportResult | None] = [None]
        try:
            report = parse_report(data, name)
        except ImportFailed as exc:
            return ImportResult(display_name(name), "error", error=exc.problem)
        self._store_batch([_Pending(0, name, data, stored_row(report, publisher))], results)
        result = results[0]
        assert result is not None
        return result

    @contextmanager
    def _checkpoints_in_background(self, enabled: bool) -> Iterator[_Checkpointer | None]:
        """During a big import, let a thread copy committed pages into the database (see
        :class:`_Checkpointer`); after the last big import running on this library, the
        connection checkpoints by itself again."""
        if not enabled:
            yield None
            return
        with self.store.session() as conn:
            self._big_imports += 1
            conn.execute("PRAGMA wal_autocheckpoint = 0")
            _set_automerge(conn, 0)
        checkpointer = _Checkpointer(self.store.path)
        try:
            yield checkpointer
        finally:
            checkpointer.stop()
            with self.store.session() as conn:
                self._big_imports -= 1
                if not self._big_imports:
                    _set_automerge(conn, FTS_AUTOMERGE)
                    try:
                        conn.execute(f"PRAGMA wal_autocheckpoint = {WAL_AUTOCHECKPOINT_PAGES}")
                        conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                    except sqlite3.Error:
                        pass  # (disk full): the import is stored; a later commit checkpoints

    def _import_files(
        self,
        entries: list[tuple[Path, str | None]],
        publisher: str | None,
        progress: ProgressFn | None,
        cancel: CancelFn | None,
        batch_size: int,
        batch_seconds: float,
        checkpointer: _Checkpointer | None,
    ) -> list[ImportResult]:
        results: list[ImportResult | None] = [None] * len(entries)
        pending: list[_Pending] = []
        last_flush = time.monotonic()
        total = len(entries)
        # The last batch is written once every file is parsed, while the parse workers have
        # nothing left to do: in a big import a batch ends a few files before the end, so the
        # last one is small and that wait short.
        last_batch_from = total - batch_size // 8 if checkpointer is not None else -1
        parsed_in_order = parsed_files([path for path, why in entries if why is None], publisher)
        with closing(parsed_in_order):  # stops the parse workers at once on the way out
            for index, (path, why) in enumerate(entries):
                parsed = next(parsed_in_order) if why is None else refused(path, why)
                if parsed.data is None or parsed.row is None:
                    results[index] = ImportResult(
                        display_name(parsed.path), "error", error=parsed.problem
                    )
                else:
                    pending.append(_Pending(index, parsed.path, parsed.data, parsed.row))
                due = pending and time.monotonic() - last_flush > batch_seconds
                if len(pending) >= batch_size or due or index + 1 == last_batch_from:
                    self._store_batch(pending, results, checkpointer)
                    last_flush = time.monotonic()
                if progress:
                    progress(index + 1, total, display_name(parsed.path))
                if cancel and cancel():
                    self._store_batch(pending, results, checkpointer)
                    raise Cancelled(f"import cancelled after {index + 1} of {total} files")
        self._store_batch(pending, results, checkpointer)
        return [r for r in results if r is not None]

    def _store_batch(
        self,
        pending: list[_Pending],
        results: list[ImportResult | None],
        checkpointer: _Checkpointer | None = None,
    ) -> None:
        """Write parsed files in one transaction. Should the database refuse one of them, the
        batch is rolled back and its files are stored one by one, so only that file fails."""
        if not pending:
            return
        try:
            self._write_reports(pending, results, checkpointer)
        except sqlite3.Error:
            if len(pending) == 1:
                one = pending[0]
                results[one.index] = ImportResult(
                    display_name(one.path), "error", error="could not be stored in the library"
                )
            else:
                for one in pending:
                    self._store_batch([one], results, checkpointer)
        pending.clear()

    def _write_reports(
        self,
        pending: list[_Pending],
        results: list[ImportResult | None],
        checkpointer: _Checkpointer | None,
    ) -> None:
        outcome: dict[int, ImportResult] = {}
        with self.store.write() as conn:
            last_id = conn.execute("SELECT coalesce(max(id), 0) FROM reports").fetchone()[0]
            stored = _stored_ids(conn, [one.row.content_hash for one in pending])
            # Rows are gathered and written with one statement per table for the whole batch
            # (report ids are those SQLite would give, see insert_report_rows, so the rows
            # are those that report-by-report statements would write).
            originals: list[tuple[str, str | bytes, int, bytes]] = []
            facets = _BatchRows()
            marker = near_duplicates.BatchMarker(
                conn, [one.row.sketch for one in pending if one.row.content_hash not in stored]
            )
            fresh: list[tuple[_Pending, ReportId]] = []
            for one in pending:
                title, content_hash = one.row.title, one.row.content_hash
                if content_hash in stored:
                    outcome[one.index] = ImportResult(
                        display_name(one.path),
                        "duplicate",
                        report_id=stored[content_hash],
                        title=title,
                    )
                    continue
                originals.append(
                    (
                        content_hash,
                        name_for_db(os.path.basename(one.path)),
                        len(one.data),
                        one.data,
                    )
                )
                # The ids SQLite would give, one after another (see insert_report_rows).
                report_id = ReportId(last_id + len(fresh) + 1)
                fresh.append((one, report_id))
                facets.add(report_id, one.row)
                stored[content_hash] = report_id  # the same bytes twice in one batch
            insert_report_rows(conn, [(report_id, one.row) for one, report_id in fresh])
            for one, report_id in fresh:
                outcome[one.index] = ImportResult(
                    display_name(one.path),
                    "imported",
                    report_id=report_id,
                    title=one.row.title,
                    near_duplicate_of=marker.mark(conn, report_id, one.row.sketch),
                )
            conn.executemany(
                "INSERT OR IGNORE INTO originals (hash, name, size, data) VALUES (?, ?, ?, ?)",
                originals,
            )
            facets.write(conn)
            marker.store(conn)
            # Index the batch's sections in one statement (see migrations.TRIGGERS).
            for statement in INDEX_SECTIONS:
                conn.execute(f"{statement} WHERE s.report_id > ?", [last_id])
            self._batches += 1
            if os.environ.get(DIE_IN_BATCH) == str(self._batches):
                os.kill(os.getpid(), signal.SIGKILL)
        if os.environ.get(PAUSE_IN_BATCH) == str(self._batches):
            os.kill(os.getpid(), signal.SIGSTOP)
        if checkpointer is not None:
            checkpointer.committed()
        for index, result in outcome.items():
            results[index] = result


def _set_automerge(conn: sqlite3.Connection, segments: int) -> None:
    """Set how many segments of a level FTS5 merges as it goes (0: only when 16 pile up)."""
    try:
        for index in SEARCH_TABLES:
            conn.execute(f"INSERT INTO {index} ({index}, rank) VALUES ('automerge', ?)", [segments])
    except sqlite3.Error:
        pass  # (a busy or read-only library): merging as it goes only costs time


def _stored_ids(conn: sqlite3.Connection, hashes: list[str]) -> dict[str, ReportId]:
    """The reports already holding these contents (one query per 500, not one per file)."""
    return dict(
        select_in(conn, "SELECT content_hash, id FROM reports WHERE content_hash IN", hashes)
    )


def insert_report_rows(conn: sqlite3.Connection, rows: list[tuple[ReportId, StoredRow]]) -> None:
    """Insert reports' rows with one statement, each under the id given: the ids SQLite would
    give one by one (the largest id so far, plus one), which the batch's facet rows and
    sections need before the rows exist. A statement per report costs more than its row."""
    imported_at = now_iso()
    conn.executemany(
        f"INSERT INTO reports (id, {', '.join(STORED_COLUMNS)}, imported_at)"
        f" VALUES (?, {', '.join('?' * len(STORED_COLUMNS))}, ?)",
        [(report_id, *row.values, imported_at) for report_id, row in rows],
    )


class _BatchRows:
    """The country, topic and section rows of a batch of reports, written with one statement
    per table (a statement per report and table costs more than its rows)."""

    def __init__(self) -> None:
        self.countries: list[tuple[str, int]] = []
        self.topics: list[tuple[str, int]] = []
        self.sections: list[tuple[int, int, str, SectionKind, str]] = []

    def add(self, report_id: ReportId, row: StoredRow) -> None:
        self.countries.extend([(country, report_id) for country in row.countries])
        self.topics.extend([(topic, report_id) for topic in row.topics])
        self.sections.extend([(report_id, *section) for section in row.sections])

    def write(self, conn: sqlite3.Connection) -> None:
        conn.executemany(
            "INSERT OR IGNORE INTO report_countries (country, report_id) VALUES (?, ?)",
            self.countries,
        )
        conn.executemany(
            "INSERT OR IGNORE INTO report_topics (topic, report_id) VALUES (?, ?)", self.topics
        )
        conn.executemany(_INSERT_SECTION, self.sections)


def insert_sections(
    conn: sqlite3.Connection, report_id: ReportId, sections: list[SectionRow]
) -> None:
    """Store sections given as (position, heading, kind, text); the caller indexes them."""
    conn.executemany(_INSERT_SECTION, [(report_id, *section) for section in sections])


class _Checkpointer:
    """A thread with its own connection that copies committed pages from the write-ahead log
    into the database (a checkpoint) after each import batch, so the importer never waits for
    that copy and its disk flush. Checkpoints are crash-safe wherever they stop.

    The thread starts at the first commit, once the parse workers exist: they are forked
    from a process with a single thread."""

    def __init__(self, db_path: Path) -> None:
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
