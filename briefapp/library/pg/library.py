"""The server library's facade: :class:`PgLibrary` offers every method of
:class:`~briefapp.library.Library`, on a PostgreSQL database instead of a folder.

``Library("postgresql://...")`` returns one, so callers never choose. A test checks that it
overrides every public method of ``Library``: a method added to the folder library fails that
test until the server library has it too, instead of reaching for a folder it does not have.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from briefapp.errors import BriefappError, NotFound
from briefapp.library import maintenance as folder_maintenance
from briefapp.library.briefings import BriefingInfo
from briefapp.library.bulk import BulkEdit, Snapshot
from briefapp.library.collections import Collection
from briefapp.library.filters import ReportFilter
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
from briefapp.library.pg.store import PgStore, display_url, local_folder
from briefapp.library.reparse import ReparseResult
from briefapp.library.reports import FacetCounts
from briefapp.library.search import SearchHit
from briefapp.library.trash import TrashedReport, TrashResult
from briefapp.models import Briefing, Report


class PgLibrary(Library):
    """A library on a PostgreSQL server. Use as a context manager or call :meth:`close`."""

    store: PgStore  # type: ignore[assignment]  # (the folder library's is a Store)

    def __init__(self, folder: str | os.PathLike[str], *, create: bool = True) -> None:
        url = str(folder)
        self.store = PgStore(url)
        self.location = display_url(url)
        self.folder = local_folder(url)
        try:
            with self.store.lock:
                conn = self.store.conn
                if schema.pending(conn):
                    if not create and schema.pending(conn) == [n for n, _ in schema.MIGRATIONS]:
                        raise NotFound(
                            f"no library at {self.location} yet (import reports there first"
                            " with `briefapp import`, or copy one with `briefapp copy-library`)"
                        )
                    with self.store._translated():
                        schema.migrate(conn)
        except BaseException:
            self.store.close()
            raise

    def __repr__(self) -> str:
        return f"PgLibrary({self.location!r})"

    # -- lifecycle and transactions -------------------------------------------------------
    def close(self) -> None:
        self.store.close()

    @contextmanager
    def write(self) -> Iterator[Any]:
        with self.store.write() as conn:
            yield conn

    @contextmanager
    def read(self) -> Iterator[Any]:
        with self.store.read() as conn:
            yield conn

    # -- import ---------------------------------------------------------------------------
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

    def _restore_reimported(self, results: list[ImportResult]) -> None:
        # The bytes of a report in the trash bring it back, as in a folder library.
        duplicates = [r.report_id for r in results if r.status == "duplicate" and r.report_id]
        if duplicates:
            trashed = list(self.unavailable_reports(duplicates))
            if trashed:
                trash.restore_reports(self.store, trashed)

    def reparse(
        self,
        report_ids: Iterable[int] | None = None,
        *,
        metadata: bool = False,
        progress: ProgressFn | None = None,
        cancel: CancelFn | None = None,
    ) -> list[ReparseResult]:
        return importer.reparse(
            self.store, report_ids, metadata=metadata, progress=progress, cancel=cancel
        )

    # -- reading --------------------------------------------------------------------------
    def get_report(self, report_id: int, *, with_sections: bool = True) -> Report:
        return reports.get_report(self.store, report_id, with_sections=with_sections)

    def report_ids(
        self,
        filters: ReportFilter | None = None,
        sort: str = "published",
        descending: bool = True,
        *,
        group_copies: bool = False,
    ) -> list[int]:
        return reports.report_ids(self.store, filters, sort, descending, group_copies=group_copies)

    def report_groups(
        self,
        filters: ReportFilter | None = None,
        sort: str = "published",
        descending: bool = True,
    ) -> tuple[list[int], dict[int, int]]:
        return reports.report_groups(self.store, filters, sort, descending)

    def copy_counts(self, filters: ReportFilter | None = None) -> dict[int, int]:
        return reports.copy_counts(self.store, filters)

    def copies_of(self, report_id: int, filters: ReportFilter | None = None) -> list[int]:
        return reports.copies_of(self.store, report_id, filters)

    def reports_by_ids(self, ids: list[int]) -> list[Report]:
        return reports.reports_by_ids(self.store, ids)

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
        return reports.count_reports(self.store, filters)

    def facets(self, filters: ReportFilter | None = None, limit: int = 200) -> FacetCounts:
        return reports.facets(self.store, filters, limit)

    def search(
        self, text: str, *, limit: int = 20, filters: ReportFilter | None = None
    ) -> list[SearchHit]:
        return search.search(self.store, text, limit=limit, filters=filters)

    def original(self, report_id: int) -> tuple[str, bytes]:
        return reports.original(self.store, report_id)

    def original_path(self, report_id: int) -> Path:
        return reports.original_path(self.store, self.folder, report_id)

    def publishers(self) -> list[tuple[str, str | None, int]]:
        return reports.publishers(self.store)

    # -- editing --------------------------------------------------------------------------
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
        return reports.update_report(
            self.store,
            report_id,
            title=title,
            published=published,
            publisher=publisher,
            countries=countries,
            topics=topics,
            grade=grade,
            tags=tags,
        )

    def set_publisher_reliability(self, publisher: str, reliability: str | None) -> None:
        reports.set_publisher_reliability(self.store, publisher, reliability)

    def update_reports(
        self, report_ids: Iterable[int], edit: BulkEdit | None = None, **fields: object
    ) -> list[int]:
        if edit is None:
            edit = BulkEdit(**fields)  # type: ignore[arg-type]
        return bulk.update_reports(self.store, list(report_ids), edit)

    def snapshot_reports(self, report_ids: Iterable[int]) -> Snapshot:
        return bulk.snapshot(self.store, report_ids)

    def restore_snapshot(self, saved: Snapshot) -> list[int]:
        return bulk.restore_snapshot(self.store, saved)

    def delete_report(self, report_id: int) -> None:
        reports.delete_report(self.store, report_id)

    # -- trash ----------------------------------------------------------------------------
    def delete_reports(self, report_ids: Iterable[int]) -> list[TrashResult]:
        return trash.delete_reports(self.store, report_ids)

    def restore_reports(self, report_ids: Iterable[int]) -> list[TrashResult]:
        return trash.restore_reports(self.store, report_ids)

    def trash(self) -> list[TrashedReport]:
        return trash.list_trash(self.store)

    def trash_ids(self) -> list[int]:
        return trash.trash_ids(self.store)

    def empty_trash(self, report_ids: Iterable[int] | None = None) -> list[int]:
        return trash.empty_trash(self.store, report_ids)

    def deleted_at(self, report_id: int) -> datetime | None:
        return trash.deleted_at(self.store, report_id)

    def report_ids_with_content(self, hashes: Iterable[str]) -> list[int]:
        return trash.live_ids_with_content(self.store, hashes)

    def unavailable_reports(self, report_ids: Iterable[int]) -> set[int]:
        return trash.unavailable(self.store, report_ids)

    # -- saved collections ----------------------------------------------------------------
    def save_collection(self, name: str, filters: ReportFilter) -> Collection:
        return collections.save_collection(self.store, name, filters)

    def collections(self) -> list[Collection]:
        return collections.list_collections(self.store)

    def rename_collection(self, collection_id: int, name: str) -> None:
        collections.rename_collection(self.store, collection_id, name)

    def delete_collection(self, collection_id: int) -> None:
        collections.delete_collection(self.store, collection_id)

    # -- briefings ------------------------------------------------------------------------
    def save_briefing(self, briefing: Briefing) -> Briefing:
        """Insert or update a briefing; raises Conflict when someone else saved it since
        this copy was loaded (see ``pg/briefings.py``)."""
        return briefings.save_briefing(self.store, briefing)

    def load_briefing(self, briefing_id: int) -> Briefing:
        return briefings.load_briefing(self.store, briefing_id)

    def mark_deleted_sources(self, briefing: Briefing) -> Briefing:
        return briefings.mark_deleted_sources(self.store, briefing)

    def list_briefings(self) -> list[BriefingInfo]:
        return briefings.list_briefings(self.store)

    def delete_briefing(self, briefing_id: int) -> None:
        briefings.delete_briefing(self.store, briefing_id)

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

    def check(self, *, repair: bool = False) -> folder_maintenance.CheckResult:
        return maintenance.check(self.store, repair=repair)

    def search_index_drift(self) -> tuple[int, int, int]:
        return maintenance.search_index_drift(self.store)

    def search_index_in_sync(self) -> bool:
        return self.search_index_drift() == (0, 0, 0)

    def rebuild_search_index(self) -> None:
        maintenance.rebuild_search_index(self.store)
