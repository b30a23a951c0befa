"""The server library's facade: :class:`PgLibrary` offers every method of
:class:`~briefapp.library.Library`, on a PostgreSQL database instead of a folder.

``Library("postgresql://...")`` returns one, so callers never choose. It inherits the folder
library's methods and names its own role modules (``pg/reports.py``, ``pg/search.py``...) for
them to call; it writes out only what truly differs: opening, importing and backups. A test
checks that every function the facade calls exists here with the same parameters.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from briefapp.errors import BriefappError, NotFound
from briefapp.library import maintenance as folder_maintenance
from briefapp.library.importer import CancelFn, ImportResult, ProgressFn
from briefapp.library.library import Library
from briefapp.library.pg import (
    briefings,
    bulk,
    collections,
    importer,
    maintenance,
    reports,
    schema,
    search,
    trash,
)
from briefapp.library.pg.store import PgStore, display_url


class PgLibrary(Library):
    """A library on a PostgreSQL server. Use as a context manager or call :meth:`close`."""

    store: PgStore  # type: ignore[assignment]  # (the folder library's is a Store)

    # The server's role modules behind the inherited methods (see Library).
    _reports = reports
    _grouping = reports  # (near-duplicate groups are report queries on the server)
    _search = search
    _trash = trash
    _bulk = bulk
    _collections = collections
    _briefings = briefings
    _maintenance = maintenance
    _reparse = importer  # (reading again shares the server importer's batch writes)

    def __init__(self, folder: str | os.PathLike[str], *, create: bool = True) -> None:
        url = str(folder)
        self.store = PgStore(url)
        self.location = display_url(url)
        self.folder = self.store.folder
        try:
            with self.store.lock:
                conn = self.store.conn
                if schema.pending(conn):
                    if not create and schema.pending(conn) == [n for n, _ in schema.MIGRATIONS]:
                        raise NotFound(
                            f"no library at {self.location} yet (create it with `briefapp"
                            " init`, import reports there with `briefapp import`, or copy one"
                            " with `briefapp copy-library`)"
                        )
                    try:
                        with self.store._translated():
                            schema.migrate(conn)
                    except BriefappError as exc:
                        if "permission denied" not in str(exc):
                            raise
                        # Analysts and readers may not change tables: the owner creates and
                        # upgrades them (README, "A team library on PostgreSQL").
                        raise BriefappError(
                            f"the library at {self.location} needs its tables created or"
                            " brought up to this version of briefapp, which your role may not"
                            " do: ask the library's owner to run `briefapp --library"
                            f" {self.location} init`"
                        ) from None
        except BaseException:
            self.store.close()
            raise

    def __repr__(self) -> str:
        return f"PgLibrary({self.location!r})"

    # -- import ---------------------------------------------------------------------------
    # (no Importer object here: the server's importer is functions of the store)
    def import_paths(
        self,
        paths: Iterable[str | os.PathLike[str]],
        *,
        publisher: str | None = None,
        progress: ProgressFn | None = None,
        cancel: CancelFn | None = None,
        batch_size: int = 1000,
        batch_seconds: float = 1.5,
    ) -> list[ImportResult]:
        results = importer.import_paths(
            self.store,
            paths,
            publisher=publisher,
            progress=progress,
            cancel=cancel,
            batch_size=batch_size,
            batch_seconds=batch_seconds,
        )
        self._restore_reimported(results)
        return results

    def import_bytes(self, data: bytes, name: str, *, publisher: str | None = None) -> ImportResult:
        result = importer.import_bytes(self.store, data, name, publisher=publisher)
        self._restore_reimported([result])
        return result

    # -- maintenance ----------------------------------------------------------------------
    def backup(
        self, out: str | os.PathLike[str], *, overwrite: bool = False
    ) -> folder_maintenance.BackupResult:
        """A copy of the whole library into a new library folder at ``out`` (point
        --library at it, or copy it back with copy-library)."""
        import shutil
        import time

        from briefapp.library.storage import DB_NAME
        from briefapp.library.transfer import copy_library

        started = time.monotonic()
        target = Path(out).expanduser()
        if target.suffix.lower() in folder_maintenance.BACKUP_SUFFIXES:
            raise BriefappError(
                f"{out}: a server library is backed up into a library folder; name a folder"
            )
        if (target / DB_NAME).exists():
            if not overwrite:
                raise BriefappError(
                    f"{target / DB_NAME}: a backup is already there (use --overwrite to replace it)"
                )
            (target / DB_NAME).unlink()
            for suffix in ("-wal", "-shm"):
                (target / f"{DB_NAME}{suffix}").unlink(missing_ok=True)
        part = target.with_name(f".{target.name}.part")
        shutil.rmtree(part, ignore_errors=True)
        with Library(part) as copy:
            result = copy_library(self, copy)
        target.mkdir(parents=True, exist_ok=True)
        os.replace(part / DB_NAME, target / DB_NAME)
        shutil.rmtree(part, ignore_errors=True)
        if (self.folder / "brands").is_dir():
            shutil.copytree(self.folder / "brands", target / "brands", dirs_exist_ok=True)
        return folder_maintenance.BackupResult(
            database=str(target / DB_NAME),
            folder=str(target),
            reports=result.counts["reports"],
            originals=result.counts["originals"],
            bytes=(target / DB_NAME).stat().st_size,
            seconds=round(time.monotonic() - started, 3),
        )
