"""Keeping a library safe: online backups and a health check that can rebuild the index.

Both take an open library's :class:`Store` and return plain dataclasses; the CLI prints them
(through ``Library.backup`` and ``Library.check``).
A backup is a complete library folder (the database holds every original), so restoring is
pointing ``--library`` at it, or copying it back while the program is closed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from briefapp.errors import BriefappError
from briefapp.library import migrations
from briefapp.library.storage import (
    BUSY_TIMEOUT_S,
    DB_NAME,
    Store,
    display_name,
    name_from_db,
)
from briefapp.private_files import create_private_file, make_private_folder

BACKUP_SUFFIXES = (".db", ".sqlite", ".sqlite3")


@dataclass
class BackupResult:
    database: str  # the backup's library.db
    folder: str | None  # the backup library folder (None when a bare .db file was asked for)
    reports: int
    originals: int
    bytes: int
    seconds: float

    def as_json(self) -> dict:
        return asdict(self)


@dataclass
class Problem:
    check: str  # integrity | foreign_keys | search_index | facets | originals
    message: str

    def as_json(self) -> dict:
        return asdict(self)


@dataclass
class CheckResult:
    reports: int = 0
    sections: int = 0
    originals: int = 0
    problems: list[Problem] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_json(self) -> dict:
        return {
            "ok": self.ok,
            "reports": self.reports,
            "sections": self.sections,
            "originals": self.originals,
            "problems": [p.as_json() for p in self.problems],
            "repaired": self.repaired,
        }


# -- backup ------------------------------------------------------------------------------
def backup_target(out: str | os.PathLike) -> tuple[Path, Path | None]:
    """Where a backup goes: (database file, library folder or None).

    ``OUT`` ending in .db/.sqlite/.sqlite3 is a bare database file; anything else is a folder
    that becomes a library folder holding ``library.db`` (and a copy of the library's brands).
    """
    out = Path(out).expanduser()
    if out.suffix.lower() in BACKUP_SUFFIXES and not out.is_dir():
        return out, None
    return out / DB_NAME, out


def backup(store: Store, out: str | os.PathLike, *, overwrite: bool = False) -> BackupResult:
    """Copy the library's database (originals included) with SQLite's online backup API.

    Safe while this or another process writes: the copy is one consistent snapshot taken under
    a read transaction (WAL readers never block writers). It is written to a hidden ``.part``
    file, checked, and only then moved into place, so ``OUT`` is whole or absent.
    """
    started = time.monotonic()
    database, folder = backup_target(out)
    source = (store.folder / DB_NAME).resolve()
    if database.resolve() == source or (
        folder is not None and folder.resolve() == store.folder.resolve()
    ):
        raise BriefappError(
            f"{out}: that is the library itself; choose another place for the backup"
        )
    if database.exists() and not overwrite:
        raise BriefappError(
            f"{database}: a backup is already there (use --overwrite to replace it)"
        )
    try:
        # A backup holds the whole library: a folder created for it is private to the user.
        make_private_folder(database.parent)
    except OSError as exc:
        raise BriefappError(
            f"{database.parent}: cannot create the folder ({exc.strerror})"
        ) from None
    part = database.with_name(f".{database.name}.part")
    part.unlink(missing_ok=True)
    try:
        create_private_file(part)  # 0600 before SQLite writes a page into it
        _copy_database(source, part)
        os.replace(part, database)
        _fsync_dir(database.parent)
    except sqlite3.Error as exc:
        raise BriefappError(f"{database}: backup failed ({exc})") from None
    except OSError as exc:
        raise BriefappError(
            f"{database}: cannot write the backup ({exc.strerror or exc})"
        ) from None
    finally:
        part.unlink(missing_ok=True)
    if folder is not None:
        _copy_brands(store.folder / "brands", folder / "brands")
    conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        reports = conn.execute("SELECT count(*) FROM reports").fetchone()[0]
        originals = conn.execute("SELECT count(*) FROM originals").fetchone()[0]
    finally:
        conn.close()
    return BackupResult(
        database=str(database),
        folder=str(folder) if folder else None,
        reports=reports,
        originals=originals,
        bytes=database.stat().st_size,
        seconds=round(time.monotonic() - started, 3),
    )


def _copy_database(source: Path, target: Path) -> None:
    # A connection of our own, so the library's lock is not held (and its threads not
    # blocked) while a big database is copied.
    src = sqlite3.connect(source, timeout=BUSY_TIMEOUT_S)
    dst = sqlite3.connect(target)
    try:
        src.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_S * 1000}")
        for conn in (src, dst):  # no temporary files outside the library (see storage.py)
            conn.execute("PRAGMA temp_store = MEMORY")
        src.backup(dst)  # all pages in one step: one snapshot, never restarted by writers
        # One self-contained file: no -wal beside it to lose when it is copied elsewhere.
        dst.execute("PRAGMA journal_mode = DELETE")
        result = dst.execute("PRAGMA integrity_check").fetchone()[0]
        if result != "ok":
            raise BriefappError(f"the copy failed its integrity check ({result})")
    finally:
        dst.close()
        src.close()
    with open(target, "rb+") as fh:
        os.fsync(fh.fileno())


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # not possible on every platform (Windows); the rename is still atomic
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _copy_brands(source: Path, target: Path) -> None:
    if source.is_dir():
        shutil.copytree(source, target, dirs_exist_ok=True)


# -- check and repair --------------------------------------------------------------------
def check(store: Store, *, repair: bool = False) -> CheckResult:
    """Check the database, the search index, the facet tables and every original.

    ``repair`` rebuilds what can be derived again (search index, facet tables) and checks
    again; damage to the data itself (a corrupt page, an original that no longer matches its
    hash) is reported for restoring from a backup.
    """
    result = _checked(store)
    if not repair or result.ok:
        return result
    derived = {"search_index", "facets"}
    kinds = {p.check for p in result.problems}
    repaired: list[str] = []
    if "search_index" in kinds:
        rebuild_search_index(store)
        repaired.append("rebuilt the search index")
    if "facets" in kinds:
        _rebuild_facets(store)
        repaired.append("rebuilt the country and topic tables")
    if not kinds & derived:
        return result
    after = _checked(store)
    after.repaired = repaired
    return after


def _checked(store: Store) -> CheckResult:
    try:
        return _run_checks(store)
    except sqlite3.DatabaseError as exc:
        # So damaged that a check query itself fails: say so, as a problem, not a traceback.
        return CheckResult(problems=[Problem("integrity", f"database damaged: {exc}")])


def _run_checks(store: Store) -> CheckResult:
    out = CheckResult()
    # Statement by statement, not one snapshot: FTS5's integrity-check is written as an
    # INSERT, which would turn a read transaction into a write.
    with store.session() as conn:
        out.reports = conn.execute("SELECT count(*) FROM reports").fetchone()[0]
        out.sections = conn.execute("SELECT count(*) FROM sections").fetchone()[0]
        out.originals = conn.execute("SELECT count(*) FROM originals").fetchone()[0]

        rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        if rows != ["ok"]:
            out.problems += [Problem("integrity", f"database damaged: {r}") for r in rows[:20]]
        for table, rowid, parent, _fk in conn.execute("PRAGMA foreign_key_check").fetchall()[:20]:
            out.problems.append(
                Problem("foreign_keys", f"{table} row {rowid} points at a missing {parent} row")
            )

        out.problems += _index_problems(conn)
        out.problems += _facet_problems(conn)

        for (report_id,) in conn.execute(
            "SELECT r.id FROM reports r LEFT JOIN originals o ON o.hash = r.content_hash"
            " WHERE o.hash IS NULL ORDER BY r.id"
        ):
            out.problems.append(
                Problem("originals", f"report #{report_id}: its original file is missing")
            )
        for digest, name, data in conn.execute("SELECT hash, name, data FROM originals"):
            if hashlib.sha256(data).hexdigest() != digest:
                ids = [
                    r[0]
                    for r in conn.execute("SELECT id FROM reports WHERE content_hash = ?", [digest])
                ]
                who = ", ".join(f"#{i}" for i in ids) or "no report"
                out.problems.append(
                    Problem(
                        "originals",
                        f"original {display_name(name_from_db(name) or '')!r} ({who})"
                        " does not match its SHA-256: it was altered",
                    )
                )
    return out


def _index_problems(conn: sqlite3.Connection) -> list[Problem]:
    problems = []
    missing, stale, extra = _drift(conn)
    for count, what in (
        (missing, "section(s) missing from the search index"),
        (extra, "search index row(s) for sections that no longer exist"),
    ):
        if count:
            problems.append(Problem("search_index", f"{count} {what}"))
    if stale:
        problems.append(
            Problem("search_index", "the search index does not match the text of the sections")
        )
    for index in migrations.SEARCH_TABLES:
        try:
            conn.execute(f"INSERT INTO {index} ({index}) VALUES ('integrity-check')")
        except sqlite3.DatabaseError as exc:
            problems.append(Problem("search_index", f"the full-text index is damaged ({exc})"))
    triggers = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    if set(migrations.TRIGGERS) - triggers:
        problems.append(
            Problem(
                "search_index",
                "missing trigger(s): " + ", ".join(sorted(set(migrations.TRIGGERS) - triggers)),
            )
        )
    return problems


_FACETS = (("report_countries", "country", "countries"), ("report_topics", "topic", "topics"))


def _facet_problems(conn: sqlite3.Connection) -> list[Problem]:
    problems = []
    for table, column, source in _FACETS:
        expected = f"SELECT DISTINCT j.value, r.id FROM reports r, json_each(r.{source}) j"
        actual = f"SELECT {column}, report_id FROM {table}"
        diff = conn.execute(
            f"SELECT (SELECT count(*) FROM ({expected} EXCEPT {actual})),"
            f" (SELECT count(*) FROM ({actual} EXCEPT {expected}))"
        ).fetchone()
        if diff[0] or diff[1]:
            problems.append(
                Problem(
                    "facets",
                    f"{table} differs from the reports ({diff[0]} missing, {diff[1]} extra)",
                )
            )
    return problems


def _rebuild_facets(store: Store) -> None:
    with store.write() as conn:
        for table, column, source in _FACETS:
            conn.execute(f"DELETE FROM {table}")
            conn.execute(
                f"INSERT OR IGNORE INTO {table} ({column}, report_id)"
                f" SELECT j.value, r.id FROM reports r, json_each(r.{source}) j"
            )


def search_index_drift(store: Store) -> tuple[int, int, int]:
    """(sections missing from the search index, index rows out of date, index rows of
    sections that no longer exist). The index keeps no text of its own, so rows out of
    date are found by FTS5's check against the sections: 1 when some are, else 0."""
    with store.session() as conn:
        return _drift(conn)


def _drift(conn: sqlite3.Connection) -> tuple[int, int, int]:
    """The drift of the worst of the search indexes."""
    worst = (0, 0, 0)
    for index in migrations.SEARCH_TABLES:
        missing, extra = (
            conn.execute(sql).fetchone()[0]
            for sql in (
                "SELECT count(*) FROM sections s WHERE NOT EXISTS"
                f" (SELECT 1 FROM {index}_docsize d WHERE d.id = s.id)",
                f"SELECT count(*) FROM {index}_docsize d WHERE NOT EXISTS"
                " (SELECT 1 FROM sections s WHERE s.id = d.id)",
            )
        )
        stale = 0
        if not missing and not extra:
            try:
                conn.execute(f"INSERT INTO {index} ({index}, rank) VALUES ('integrity-check', 1)")
            except sqlite3.DatabaseError:
                stale = 1
        worst = max(worst, (missing, stale, extra))
    return worst


def rebuild_search_index(store: Store) -> None:
    with store.write() as conn:
        for index in migrations.SEARCH_TABLES:
            conn.execute(f"INSERT INTO {index} ({index}) VALUES ('rebuild')")
        migrations.ensure_triggers(store.db)
