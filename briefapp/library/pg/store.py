"""The connection to a library's PostgreSQL server and its transaction API.

Like the folder library's ``storage.Store``: one connection shared under a lock by the GUI's
worker threads, ``write()`` one transaction (committed at the end, rolled back on error),
``read()`` a consistent snapshot. A lost connection never leaves anything half-written (the
server rolls back the open transaction); the store says so in words and reconnects at the next
operation.

Credentials are never part of the address: libpq's password file (``~/.pgpass``), a service
file or the ``PG*`` environment supply them, as PostgreSQL users expect, so they end up in
neither the shell history nor the window's settings.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from briefapp.errors import BriefappError, NotFound

try:
    import psycopg
except ImportError:  # the portable build leaves the driver out (build.spec); say so
    psycopg = None  # type: ignore[assignment]

CONNECT_TIMEOUT_S = 10
APPLICATION_NAME = "briefapp"
# Session settings. JIT compilation (on by default) starts once a plan's estimated cost passes
# jit_above_cost, as a ranked search over 100,000 reports does: it added 10-100 ms to queries
# that run in a few milliseconds without it.
SESSION_OPTIONS = "-c jit=off"

# Passwords an analyst typed in the window for this session only (never stored): by address.
_session_passwords: dict[str, str] = {}


def use_password_for_session(url: str, password: str) -> None:
    """Connect to ``url`` (an address without password) with ``password`` until the program
    ends: the window's Open Library dialog passes a typed password here, never to settings."""
    _session_passwords[url.strip()] = password


def check_url(url: str) -> str:
    """The address as given, refused when it carries a password."""
    try:
        parts = urlsplit(url.strip())
    except ValueError as exc:
        raise BriefappError(f"not a PostgreSQL address: {url!r} ({exc})") from None
    if parts.password is not None:
        raise BriefappError(
            "the library address must not hold a password (it would stay in your shell history"
            " and the window's settings): put it in ~/.pgpass or PGPASSWORD instead, as for psql"
        )
    if not parts.path.strip("/"):
        raise BriefappError(
            f"{url}: name the database, e.g. postgresql://analyst@server:5432/briefapp"
        )
    return url.strip()


def display_url(url: str) -> str:
    """The address without query options (which may hold a passfile path or a service)."""
    return url.split("?", 1)[0]


def local_folder(url: str) -> Path:
    """A folder on this computer for what a server library keeps locally (brands, the
    originals opened in other programs), one per server address."""
    from briefapp.paths import user_library_dir

    parts = urlsplit(url)
    name = re.sub(r"[^\w.-]+", "_", f"{parts.hostname or 'local'}_{parts.port or 5432}")
    name += "_" + re.sub(r"[^\w.-]+", "_", parts.path.strip("/"))
    digest = hashlib.sha256(url.encode()).hexdigest()[:8]
    return user_library_dir().parent / "servers" / f"{name}_{digest}"


class ConnectionLost(BriefappError):
    """The server went away mid-operation; its transaction was rolled back whole."""


class PgStore:
    """An open connection to a library database, migrated on opening."""

    def __init__(self, url: str) -> None:
        if psycopg is None:
            raise BriefappError(
                "this installation of briefapp cannot open a server library (no PostgreSQL"
                " driver, psycopg; the portable field build works with library folders only)"
            )
        self.url = check_url(url)
        # Where this server's library keeps local files (brands, originals opened elsewhere).
        self.folder = local_folder(url)
        self.lock = threading.RLock()
        self._conn: Any = None
        self.connect()

    def connect(self) -> Any:
        """The open connection (a new one if the last one was lost)."""
        if self._conn is not None and not self._conn.closed and not self._conn.broken:
            return self._conn
        if self._conn is not None:
            self._conn.close()
        try:
            self._conn = psycopg.connect(
                self.url,
                autocommit=True,
                connect_timeout=CONNECT_TIMEOUT_S,
                application_name=APPLICATION_NAME,
                password=_session_passwords.get(self.url),  # (None: libpq finds it)
                options=_session_options(self.url),
            )
        except psycopg.OperationalError as exc:
            raise BriefappError(
                f"cannot reach the library server {display_url(self.url)}: {_first_line(exc)}"
            ) from None
        return self._conn

    @property
    def conn(self) -> Any:
        return self.connect()

    def close(self) -> None:
        with self.lock:
            if self._conn is not None:
                self._conn.close()

    @contextmanager
    def write(self) -> Iterator[Any]:
        """One transaction: committed when the block ends, rolled back when it raises."""
        with self.lock, self._translated():
            conn = self.connect()
            with conn.transaction():
                yield conn

    @contextmanager
    def read(self) -> Iterator[Any]:
        """A consistent snapshot for several queries (REPEATABLE READ, read only); inside
        :meth:`write` it reads that transaction."""
        with self.lock, self._translated():
            conn = self.connect()
            if conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
                yield conn
                return
            with conn.transaction():
                conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                yield conn

    @contextmanager
    def _translated(self) -> Iterator[None]:
        """Server and connection failures as messages a user can act on."""
        try:
            yield
        except psycopg.errors.InsufficientPrivilege as exc:
            raise BriefappError(
                f"the library server refused: {_first_line(exc)} (your role may only read"
                " this library; ask its administrator)"
            ) from None
        except psycopg.errors.ReadOnlySqlTransaction as exc:
            raise BriefappError(f"the library server refused: {_first_line(exc)}") from None
        except psycopg.OperationalError as exc:
            raise ConnectionLost(
                f"lost the connection to the library server {display_url(self.url)}"
                f" ({_first_line(exc)}); nothing of the interrupted change was kept: try again"
            ) from None


def _session_options(url: str) -> str:
    """Our session settings followed by any the address gives (``?options=...``), which win."""
    given = psycopg.conninfo.conninfo_to_dict(url).get("options")
    return f"{SESSION_OPTIONS} {given}" if given else SESSION_OPTIONS


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


__all__ = ["ConnectionLost", "PgStore", "check_url", "display_url", "local_folder", "NotFound"]
