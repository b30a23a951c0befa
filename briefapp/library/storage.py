"""The library's database connection and its public transaction API.

Every module of the library reads and writes through one :class:`Store`: ``write()`` is one
``BEGIN IMMEDIATE`` transaction (writers queue politely, across threads and processes),
``read()`` a consistent snapshot. The store's lock makes one connection safe to share between
the GUI's worker threads and the CLI, as calibre's ``db/cache.py`` does. This is also the seam a
server-backed library plugs into.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import sqlite_utils

from briefapp.errors import BriefappError, NotFound
from briefapp.library import migrations, word_forms
from briefapp.private_files import create_private_file, make_private_folder

DB_NAME = "library.db"
BUSY_TIMEOUT_S = 60
CACHE_KIB = 64 * 1024
WAL_AUTOCHECKPOINT_PAGES = 1000  # SQLite's default
IN_LIST_MAX = 500  # values bound in one IN (...) list, well under SQLite's variable limit


class Store:
    """An open library database: one connection, one lock, migrated on opening."""

    def __init__(self, folder: Path, *, create: bool = True) -> None:
        self.folder = folder
        self.path = folder / DB_NAME
        try:
            exists = self.path.exists()
        except OSError as exc:
            raise BriefappError(
                f"cannot read the library folder {folder}: {exc.strerror}"
            ) from None
        if not exists and not create:
            raise NotFound(
                f"no library at {folder} (import reports there with `briefapp import`, create"
                " an empty one with `briefapp init`, or choose another with --library)"
            )
        try:
            # The library holds the reports and their originals: private to the user (a folder
            # and files created here; an existing library keeps the modes its owner chose).
            make_private_folder(folder)
        except OSError as exc:
            raise BriefappError(
                f"cannot create the library folder {folder}: {exc.strerror}"
            ) from None
        try:
            create_private_file(self.path)
        except OSError as exc:
            raise BriefappError(f"cannot create {self.path}: {exc.strerror}") from None
        self.lock = threading.RLock()
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        while True:
            try:
                self.db = _open_database(self.path)
                break
            except sqlite3.OperationalError as exc:
                # Two processes creating or upgrading the same library at once: switching to
                # WAL can be refused without waiting for the busy timeout. Try again shortly.
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise BriefappError(
                        f"{self.path}: not a usable library database ({exc})"
                    ) from None
                time.sleep(0.05)
            except sqlite3.DatabaseError as exc:
                raise BriefappError(f"{self.path}: not a usable library database ({exc})") from None

    @property
    def conn(self) -> sqlite3.Connection:
        return self.db.conn

    def close(self) -> None:
        with self.lock:
            self.db.close()

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken at once (BEGIN IMMEDIATE) so writers queue politely.

        Committed when the block ends, rolled back when it raises."""
        with self.lock:
            conn = self.conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                # Also when COMMIT itself fails (disk full, I/O error): never leave the
                # connection inside a transaction that would swallow every later write.
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A consistent snapshot for several queries: no write, of this process or another,
        shows half-way through the block. Inside :meth:`write` it reads that transaction."""
        with self.lock:
            conn = self.conn
            if conn.in_transaction:
                yield conn
                return
            conn.execute("BEGIN")
            try:
                yield conn
            finally:
                if conn.in_transaction:
                    conn.execute("COMMIT")

    @contextmanager
    def session(self) -> Iterator[sqlite3.Connection]:
        """The connection with the lock held and no transaction opened: for settings
        (pragmas, checkpoints) and statements that manage their own transaction."""
        with self.lock:
            yield self.conn


def select_in(conn: sqlite3.Connection, sql: str, values: Sequence[Any]) -> Iterator[Any]:
    """The rows of ``sql``, which ends with ``IN``, for all of ``values``: they are bound
    :data:`IN_LIST_MAX` at a time (one query per chunk, not one per value)."""
    for start in range(0, len(values), IN_LIST_MAX):
        chunk = values[start : start + IN_LIST_MAX]
        yield from conn.execute(f"{sql} ({','.join('?' * len(chunk))})", chunk)


def now_iso() -> str:
    """The current UTC time as stored in the library (ISO 8601, seconds)."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def from_iso(value: str | None) -> datetime | None:
    """A stored ISO 8601 timestamp as a datetime (None stays None, garbage becomes None)."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def name_for_db(name: str) -> str | bytes:
    """A file name as stored in the library, exactly: text when it is valid Unicode, else the
    file system's own bytes (a BLOB) for a name that is not valid UTF-8 (Python holds those
    bytes as surrogate escapes, which SQLite cannot store as text)."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        try:
            return name.encode("utf-8", "surrogateescape")  # os.fsencode on POSIX
        except UnicodeEncodeError:  # a lone surrogate from a Windows name
            return name.encode("utf-8", "surrogatepass")


def name_from_db(value: str | bytes | None) -> str | None:
    """A stored file name as Python holds it (see :func:`name_for_db`): bytes that are not
    UTF-8 come back as surrogate escapes, so the name is the file's own."""
    if isinstance(value, bytes):
        return value.decode("utf-8", "surrogateescape")
    return value


def display_name(name: str) -> str:
    """A file name fit to show and to write as UTF-8: bytes that are not UTF-8 (surrogate
    escapes) become U+FFFD replacement characters."""
    stored = name_for_db(name)
    return stored if isinstance(stored, str) else stored.decode("utf-8", "replace")


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
        # Sorts and statement journals of big imports (search-index pages) stay in memory
        # rather than in files under /var/tmp, outside the library and its permissions.
        conn.execute("PRAGMA temp_store = MEMORY")
        word_forms.register(conn)  # (search SQL widens words to their forms: word_forms.py)
        db = sqlite_utils.Database(conn)
        migrations.migrate(db)
    except BaseException:
        conn.close()
        raise
    return db
