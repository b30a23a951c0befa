"""The report library: a folder holding a SQLite database and copies of every original.

:class:`Library` is the one API the CLI, the GUI and the tests use. It is a thin facade over
role modules, each small enough to read in one sitting (as calibre splits its backend from its
cache, and Anki gives each domain a small manager):

- ``storage.py``: the connection, its lock, and the public transaction API (``write``/``read``);
- ``parsing.py`` and ``importer.py``: reading files (in worker processes) and storing them;
- ``reparse.py``: reading reports again from their kept originals;
- ``reports.py``: reading, listing, facets, corrections, originals;
- ``search.py``: full-text search; ``briefings.py``: saved briefings;
- ``trash.py``: deleting and restoring reports; ``bulk.py``: edits to many reports at once;
- ``collections.py``: saved searches; ``grouping.py``: near-duplicate groups for views;
- ``maintenance.py``: backups, the health check, the search index's upkeep.

Thread-safe: every operation goes through the store's lock, so the GUI's worker threads and the
CLI share one API. Writes run in ``BEGIN IMMEDIATE`` transactions with a generous busy timeout,
so two processes importing at once both succeed.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from types import TracebackType

from briefapp.library import (
    briefings,
    bulk,
    collections,
    grouping,
    maintenance,
    reparse,
    reports,
    search,
    trash,
)
from briefapp.library.backend import is_library_url
from briefapp.library.bulk import BulkEdit
from briefapp.library.collections import Collection
from briefapp.library.filters import ReportFilter
from briefapp.library.importer import BATCH_SIZE, CancelFn, Importer, ImportResult, ProgressFn
from briefapp.library.reparse import ReparseResult
from briefapp.library.reports import FacetCounts
from briefapp.library.search import SearchHit
from briefapp.library.storage import Store
from briefapp.library.trash import TrashedReport, TrashResult
from briefapp.models import Briefing, BriefingId, Report, ReportId


class Library:
    """A report library folder. Use as a context manager or call :meth:`close`."""

    # The role modules the methods below call, so each method is written once: the server
    # library (pg/library.py) names its own modules, with the same functions and parameters.
    _reports = reports
    _grouping = grouping
    _search = search
    _trash = trash
    _bulk = bulk
    _collections = collections
    _briefings = briefings
    _maintenance = maintenance
    _reparse = reparse

    def __new__(cls, folder: str | os.PathLike[str], *, create: bool = True) -> Library:
        # A postgresql:// address opens a server library with the same API (pg/library.py).
        if cls is Library and is_library_url(folder):
            from briefapp.library.pg import PgLibrary

            return super().__new__(PgLibrary)
        return super().__new__(cls)

    def __init__(self, folder: str | os.PathLike[str], *, create: bool = True) -> None:
        self.folder = Path(folder)
        # Where the library is, fit to show: its folder, or a server's address (pg/library.py).
        self.location = str(self.folder)
        self.store = Store(self.folder, create=create)
        self._importer = Importer(self.store)

    # -- lifecycle and transactions -------------------------------------------------------
    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE): committed at the end, rolled back on error."""
        with self.store.write() as conn:
            yield conn

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A consistent read snapshot for several queries."""
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
        batch_size: int = BATCH_SIZE,
        batch_seconds: float = 1.5,
    ) -> list[ImportResult]:
        """Import files and folders: one result per file, in order; a bad file never stops
        the batch, and each file is wholly in the library or not at all.

        The bytes of a report in the trash are a ``duplicate`` of it, as always, and bring
        it back from the trash."""
        results = self._importer.import_paths(
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
        """Import one file's content (tests, and data dropped on the window)."""
        result = self._importer.import_bytes(data, name, publisher=publisher)
        self._restore_reimported([result])
        return result

    def _restore_reimported(self, results: list[ImportResult]) -> None:
        duplicates = [r.report_id for r in results if r.status == "duplicate" and r.report_id]
        if duplicates:
            trashed = list(self.unavailable_reports(duplicates))
            if trashed:
                self._trash.restore_reports(self.store, trashed)

    def reparse(
        self,
        report_ids: Iterable[ReportId] | None = None,
        *,
        metadata: bool = False,
        progress: ProgressFn | None = None,
        cancel: CancelFn | None = None,
    ) -> list[ReparseResult]:
        """Read reports again from their originals (all when ``report_ids`` is None) and
        replace their sections; corrected metadata stays unless ``metadata``."""
        return self._reparse.reparse(
            self.store, report_ids, metadata=metadata, progress=progress, cancel=cancel
        )

    # -- reading --------------------------------------------------------------------------
    def get_report(self, report_id: ReportId, *, with_sections: bool = True) -> Report:
        return self._reports.get_report(self.store, report_id, with_sections=with_sections)

    def report_ids(
        self,
        filters: ReportFilter | None = None,
        sort: str = "published",
        descending: bool = True,
        *,
        group_copies: bool = False,
    ) -> list[ReportId]:
        """Ids of matching reports in display order (cheap: views fetch rows on demand);
        ``group_copies``: one id per group of near-duplicates (see :meth:`copy_counts`)."""
        return self._reports.report_ids(
            self.store, filters, sort, descending, group_copies=group_copies
        )

    def report_groups(
        self,
        filters: ReportFilter | None = None,
        sort: str = "published",
        descending: bool = True,
    ) -> tuple[list[ReportId], dict[ReportId, int]]:
        """Ids in display order with near-duplicates grouped (one row per group), and per
        listed first capture the number of its matching copies."""
        return self._reports.report_groups(self.store, filters, sort, descending)

    def copy_counts(self, filters: ReportFilter | None = None) -> dict[ReportId, int]:
        """First capture id -> how many matching near-duplicate copies it has."""
        return self._grouping.copy_counts(self.store, filters)

    def copies_of(self, report_id: ReportId, filters: ReportFilter | None = None) -> list[ReportId]:
        """The matching near-duplicate copies of a first capture, in capture order."""
        return self._grouping.copies_of(self.store, report_id, filters)

    def reports_by_ids(self, ids: list[ReportId]) -> list[Report]:
        """Reports (without sections) in the order of ``ids``; unknown ids are skipped."""
        return self._reports.reports_by_ids(self.store, ids)

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
        return self._reports.count_reports(self.store, filters)

    def facets(self, filters: ReportFilter | None = None, limit: int = 200) -> FacetCounts:
        """Counts per country, topic, publisher and year among the matching reports."""
        return self._reports.facets(self.store, filters, limit)

    def search(
        self, text: str, *, limit: int = 20, filters: ReportFilter | None = None
    ) -> list[SearchHit]:
        """Ranked section hits with marked snippets."""
        return self._search.search(self.store, text, limit=limit, filters=filters)

    def original(self, report_id: ReportId) -> tuple[str, bytes]:
        """The imported file exactly as it was: (file name, bytes)."""
        return self._reports.original(self.store, report_id)

    def original_path(self, report_id: ReportId) -> Path:
        """A file holding the original, for opening in another program."""
        return self._reports.original_path(self.store, report_id)

    def publishers(self) -> list[tuple[str, str | None, int]]:
        """(publisher, reliability or None, report count) for every publisher."""
        return self._reports.publishers(self.store)

    # -- editing --------------------------------------------------------------------------
    def update_report(
        self,
        report_id: ReportId,
        *,
        title: str | None = None,
        published: datetime | None | str = "",
        publisher: str | None = None,
        countries: list[str] | None = None,
        topics: list[str] | None = None,
        grade: str | None = None,
        tags: list[str] | None = None,
    ) -> Report:
        """Correct what the importer got wrong; only the given fields change.
        ``published=None`` clears the date."""
        return self._reports.update_report(
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
        self._reports.set_publisher_reliability(self.store, publisher, reliability)

    def update_reports(
        self, report_ids: Iterable[ReportId], edit: BulkEdit | None = None, **fields: object
    ) -> list[ReportId]:
        """Change several reports at once in one transaction: a :class:`BulkEdit`, or its
        fields as keywords (``countries=[...]``, ``mode="replace"``, ``grade="B2"``...)."""
        if edit is None:
            edit = BulkEdit(**fields)  # type: ignore[arg-type]
        return self._bulk.update_reports(self.store, list(report_ids), edit)

    def snapshot_reports(self, report_ids: Iterable[ReportId]) -> bulk.Snapshot:
        """The stored metadata a bulk edit may change (to undo it with restore_snapshot)."""
        return self._bulk.snapshot(self.store, report_ids)

    def restore_snapshot(self, saved: bulk.Snapshot) -> list[ReportId]:
        return self._bulk.restore_snapshot(self.store, saved)

    def delete_report(self, report_id: ReportId) -> None:
        """Remove a report for good at once (the trash is :meth:`delete_reports`)."""
        self._reports.delete_report(self.store, report_id)

    # -- trash ----------------------------------------------------------------------------
    def delete_reports(self, report_ids: Iterable[ReportId]) -> list[TrashResult]:
        """Move reports to the trash: they leave lists, facets and search at once."""
        return self._trash.delete_reports(self.store, report_ids)

    def restore_reports(self, report_ids: Iterable[ReportId]) -> list[TrashResult]:
        """Bring reports back from the trash."""
        return self._trash.restore_reports(self.store, report_ids)

    def trash(self) -> list[TrashedReport]:
        """The reports in the trash with when they were deleted, most recent first."""
        return self._trash.list_trash(self.store)

    def trash_ids(self) -> list[ReportId]:
        return self._trash.trash_ids(self.store)

    def empty_trash(self, report_ids: Iterable[ReportId] | None = None) -> list[ReportId]:
        """Remove reports in the trash (all, or those of ``report_ids``) for good, with
        originals no other report uses; returns the ids removed."""
        return self._trash.empty_trash(self.store, report_ids)

    def deleted_at(self, report_id: ReportId) -> datetime | None:
        """When the report went to the trash, or None when it is not in the trash."""
        return self._trash.deleted_at(self.store, report_id)

    def report_ids_with_content(self, hashes: Iterable[str]) -> list[ReportId]:
        """Live reports whose original has one of these SHA-256 digests (e.g. the samples)."""
        return self._trash.live_ids_with_content(self.store, hashes)

    def unavailable_reports(self, report_ids: Iterable[ReportId]) -> set[ReportId]:
        """Those of ``report_ids`` in the trash or gone for good."""
        return self._trash.unavailable(self.store, report_ids)

    # -- saved collections ----------------------------------------------------------------
    def save_collection(self, name: str, filters: ReportFilter) -> Collection:
        return self._collections.save_collection(self.store, name, filters)

    def collections(self) -> list[Collection]:
        return self._collections.list_collections(self.store)

    def rename_collection(self, collection_id: int, name: str) -> None:
        self._collections.rename_collection(self.store, collection_id, name)

    def delete_collection(self, collection_id: int) -> None:
        self._collections.delete_collection(self.store, collection_id)

    # -- briefings ------------------------------------------------------------------------
    def save_briefing(self, briefing: Briefing) -> Briefing:
        """Insert or update a briefing and all its items in one transaction; sets ids. On a
        server, raises Conflict when someone else saved it since this copy was loaded."""
        return self._briefings.save_briefing(self.store, briefing)

    def load_briefing(self, briefing_id: BriefingId) -> Briefing:
        return self._briefings.load_briefing(self.store, briefing_id)

    def mark_deleted_sources(self, briefing: Briefing) -> Briefing:
        """Flag the citations whose report is in the trash or gone (``source_deleted``)."""
        return self._briefings.mark_deleted_sources(self.store, briefing)

    def list_briefings(self) -> list[briefings.BriefingInfo]:
        """Every saved briefing, most recently changed first."""
        return self._briefings.list_briefings(self.store)

    def delete_briefing(self, briefing_id: BriefingId, *, version: int | None = None) -> None:
        """Delete a briefing. On a server, with the ``version`` this copy was loaded as, it
        raises Conflict instead when someone else saved the briefing since."""
        self._briefings.delete_briefing(self.store, briefing_id, version=version)

    # -- maintenance ----------------------------------------------------------------------
    def backup(
        self, out: str | os.PathLike[str], *, overwrite: bool = False
    ) -> maintenance.BackupResult:
        """An online, consistent copy of the library at ``out``."""
        return self._maintenance.backup(self.store, out, overwrite=overwrite)

    def check(self, *, repair: bool = False) -> maintenance.CheckResult:
        """The health check; ``repair`` rebuilds what can be derived again."""
        return self._maintenance.check(self.store, repair=repair)

    def search_index_drift(self) -> tuple[int, int, int]:
        """(sections missing from the index, 1 if index rows are out of date, extra rows)."""
        return self._maintenance.search_index_drift(self.store)

    def search_index_in_sync(self) -> bool:
        """True when the search index covers exactly the sections, with their current text."""
        return self.search_index_drift() == (0, 0, 0)

    def rebuild_search_index(self) -> None:
        self._maintenance.rebuild_search_index(self.store)
