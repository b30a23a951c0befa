"""What the window's commands do to the library, each a small function (Anki's ``aqt/operations``).

Each function takes the parent widget and the library, runs the work through
:class:`~briefapp.gui.operations.Operation` (never on the GUI thread, never touching widgets in
the worker) and returns the operation. Those that change the library announce what changed on
the window's :class:`~briefapp.gui.changes.ChangeHub`; the views follow from that.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from briefapp.briefing.compose import find_section, item_from_section
from briefapp.errors import BriefappError
from briefapp.gui.changes import ChangeHub, LibraryChanges
from briefapp.gui.errors import show_error
from briefapp.gui.operations import Job, Operation
from briefapp.gui.qt import QDesktopServices, QMainWindow, QMessageBox, QObject, QUrl, counted
from briefapp.library import (
    BriefingInfo,
    BulkEdit,
    Collection,
    Library,
    ReparseResult,
    ReportFilter,
    TrashResult,
)
from briefapp.models import Briefing, BriefingId, BriefingItem, Report, ReportId

if TYPE_CHECKING:  # (the composer runs its own operations through this module)
    from briefapp.gui.composer import BriefingComposer
    from briefapp.gui.export import ExportController

REPARSE_COUNTED = ("updated", "unchanged", "error")


# -- reading -------------------------------------------------------------------------------------
def load_report(
    parent: QObject, library: Library, report_id: ReportId, success: Callable[[Report], None]
) -> Operation:
    """Read one report with its sections."""
    return Operation(
        parent, lambda job: library.get_report(report_id), success=success
    ).run_in_background()


def list_briefings(
    parent: QObject, library: Library, success: Callable[[list[BriefingInfo]], None]
) -> Operation:
    """The saved briefings, most recent first."""
    return Operation(
        parent, lambda job: library.list_briefings(), success=success
    ).run_in_background()


def load_briefing(
    parent: QObject, library: Library, briefing_id: BriefingId, success: Callable[[Briefing], None]
) -> Operation:
    return Operation(
        parent, lambda job: library.load_briefing(briefing_id), success=success
    ).run_in_background()


def add_sections(
    window: QMainWindow,
    library: Library,
    ids: list[ReportId],
    kind: str,
    add: Callable[[list[BriefingItem]], None],
) -> Operation:
    """Give ``add`` the section of ``kind`` (summary, outlook) of each report that has one."""

    def op(job: Job) -> tuple[list[BriefingItem], int]:
        items, missing = [], 0
        for report_id in ids:
            report = library.get_report(report_id)
            section = find_section(report, kind)
            if section is None:
                missing += 1
            else:
                items.append(item_from_section(report, section))
        return items, missing

    def done(result: tuple[list[BriefingItem], int]) -> None:
        items, missing = result
        add(items)
        note = f"; {counted(missing, 'report')} without {kind}" if missing else ""
        window.statusBar().showMessage(
            f"Added {counted(len(items), kind + ' section')}{note}", 5000
        )

    return Operation(window, op, success=done).run_in_background()


def open_original(window: QMainWindow, library: Library, report_id: ReportId) -> Operation:
    """Write the stored original to a file (in the background: the library may be busy
    importing) and open it in the system's application for it."""

    def opened(path: Path) -> None:
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            window.statusBar().showMessage(f"No application to open {path.name}", 6000)

    return Operation(
        window,
        lambda job: library.original_path(report_id),
        success=opened,
    ).run_in_background()


# -- changing reports ----------------------------------------------------------------------------
def save_report_details(
    window: QMainWindow,
    library: Library,
    changes: ChangeHub,
    report_id: ReportId,
    fields: dict[str, object],
) -> Operation:
    """Store corrected metadata (``Library.update_report`` keywords) of one report."""

    def done(report: Report) -> None:
        # The fresh copy travels along: the table and the reader show it without reading it
        # again, and facet counts and search follow at once.
        changes.announce(
            LibraryChanges(report_ids=frozenset([report_id]), reports=(report,), facets=True)
        )
        window.statusBar().showMessage(f"Saved the details of “{report.title}”", 4000)

    return Operation(
        window,
        lambda job: library.update_report(report_id, **fields),  # type: ignore[arg-type]
        success=done,
    ).run_in_background()


def read_again(
    window: QMainWindow, library: Library, changes: ChangeHub, ids: list[ReportId]
) -> Operation:
    """Read reports again from their originals (in the background: a PDF takes a while)."""
    window.statusBar().showMessage(f"Reading {counted(len(ids), 'report')} again…")

    def done(results: list[ReparseResult]) -> None:
        counts = {s: sum(1 for r in results if r.status == s) for s in REPARSE_COUNTED}
        window.statusBar().showMessage(
            f"Read {counted(len(results), 'report')} again: {counts['updated']} updated,"
            f" {counts['unchanged']} unchanged",
            6000,
        )
        errors = [
            f"#{r.report_id} {r.title or ''}: {r.error}" for r in results if r.status == "error"
        ]
        if errors:
            show_error(
                window,
                BriefappError("Some reports could not be read again:\n" + "\n".join(errors)),
            )
        updated = frozenset(r.report_id for r in results if r.status == "updated")
        if updated:
            changes.announce(LibraryChanges(report_ids=updated, facets=True))

    def progress(done_count: int, total: int, _name: str) -> None:
        window.statusBar().showMessage(f"Reading reports again… {done_count} of {total}")

    return Operation(
        window,
        lambda job: library.reparse(ids, progress=job.progress, cancel=job.cancelled),
        success=done,
        progress=progress,
    ).run_in_background()


def _trash_op(
    window: QMainWindow,
    changes: ChangeHub,
    work: Callable[[], list[TrashResult]],
    status: str,
    message: Callable[[int], str],
    done: Callable[[list[ReportId]], None] | None = None,
) -> Operation:
    """Run a delete or restore and announce the ids it moved."""

    def finished(results: list[TrashResult]) -> None:
        moved = [r.report_id for r in results if r.status == status]
        errors = [f"#{r.report_id}: {r.error}" for r in results if r.status == "error"]
        if moved:
            ids = frozenset(moved)
            changes.announce(
                LibraryChanges(deleted=ids, facets=True)
                if status == "deleted"
                else LibraryChanges(restored=ids, facets=True)
            )
        if done is not None:
            done(moved)
        else:
            window.statusBar().showMessage(message(len(moved)), 6000)
        if errors:
            show_error(window, BriefappError("Some reports were not moved:\n" + "\n".join(errors)))

    return Operation(window, lambda job: work(), success=finished).run_in_background()


def delete_reports(
    window: QMainWindow,
    library: Library,
    changes: ChangeHub,
    ids: list[ReportId],
    done: Callable[[list[ReportId]], None] | None = None,
) -> Operation:
    """Move reports to the trash; ``done(ids moved)`` replaces the status message."""
    return _trash_op(
        window,
        changes,
        lambda: library.delete_reports(ids),
        "deleted",
        lambda n: f"Moved {counted(n, 'report')} to the trash",
        done,
    )


def restore_reports(
    window: QMainWindow,
    library: Library,
    changes: ChangeHub,
    ids: list[ReportId],
    done: Callable[[list[ReportId]], None] | None = None,
) -> Operation:
    """Bring reports back from the trash."""
    return _trash_op(
        window,
        changes,
        lambda: library.restore_reports(ids),
        "restored",
        lambda n: f"Restored {counted(n, 'report')} from the trash",
        done,
    )


def empty_trash(window: QMainWindow, library: Library, changes: ChangeHub) -> Operation:
    """Remove every report in the trash for good (the caller has asked the user)."""

    def done(removed: list[ReportId]) -> None:
        changes.announce(LibraryChanges(purged=frozenset(removed), facets=True))
        window.statusBar().showMessage(f"Removed {counted(len(removed), 'report')} for good", 6000)

    return Operation(
        window,
        lambda job: library.empty_trash(),
        success=done,
    ).run_in_background()


def sample_report_ids(
    parent: QObject, library: Library, success: Callable[[list[ReportId]], None]
) -> Operation:
    """The live reports imported from the bundled sample library (found by their bytes)."""
    from briefapp.gui.importing import sample_files

    def op(job: Job) -> list[ReportId]:
        hashes = [hashlib.sha256(p.read_bytes()).hexdigest() for p in sample_files()]
        return library.report_ids_with_content(hashes)

    return Operation(parent, op, success=success).run_in_background()


def update_reports(
    window: QMainWindow,
    library: Library,
    changes: ChangeHub,
    ids: list[ReportId],
    edit: BulkEdit,
    done: Callable[[dict[ReportId, dict[str, object]]], None] | None = None,
) -> Operation:
    """Apply one bulk edit to several reports; ``done`` receives the snapshot that undoes it."""

    def op(job: Job) -> dict[ReportId, dict[str, object]]:
        saved = library.snapshot_reports(ids)
        library.update_reports(ids, edit)
        return saved

    def finished(saved: dict[ReportId, dict[str, object]]) -> None:
        changes.announce(LibraryChanges(report_ids=frozenset(ids), facets=True))
        window.statusBar().showMessage(f"Updated {counted(len(ids), 'report')}", 5000)
        if done is not None:
            done(saved)

    return Operation(window, op, success=finished).run_in_background()


def restore_report_details(
    window: QMainWindow,
    library: Library,
    changes: ChangeHub,
    saved: dict[ReportId, dict[str, object]],
) -> Operation:
    """Put back the metadata of a snapshot taken before a bulk edit (its undo)."""

    def finished(ids: list[ReportId]) -> None:
        changes.announce(LibraryChanges(report_ids=frozenset(ids), facets=True))
        window.statusBar().showMessage(f"Undid the edit of {counted(len(ids), 'report')}", 5000)

    return Operation(
        window,
        lambda job: library.restore_snapshot(saved),
        success=finished,
    ).run_in_background()


def mark_deleted_sources(
    parent: QObject, library: Library, briefing: Briefing, done: Callable[[], None]
) -> Operation:
    """Flag the citations of ``briefing`` whose report is in the trash or gone."""
    cited = [i.source for i in briefing.items if i.source is not None]

    def apply(gone: set[ReportId]) -> None:
        for citation in cited:
            citation.source_deleted = citation.report_id in gone
        done()

    ids = [c.report_id for c in cited if c.report_id is not None]
    return Operation(
        parent, lambda job: library.unavailable_reports(ids), success=apply
    ).run_in_background()


# -- saved collections ---------------------------------------------------------------------------
def list_collections(
    parent: QObject, library: Library, success: Callable[[list[Collection]], None]
) -> Operation:
    return Operation(parent, lambda job: library.collections(), success=success).run_in_background()


def change_collections(
    window: QMainWindow, library: Library, changes: ChangeHub, work: Callable[[Library], object]
) -> Operation:
    """Save, rename or delete a collection (``work(library)``) and announce it."""
    return Operation(
        window,
        lambda job: work(library),
        success=lambda _result: changes.announce(LibraryChanges(collections=True)),
    ).run_in_background()


def save_collection(
    window: QMainWindow, library: Library, changes: ChangeHub, name: str, filters: ReportFilter
) -> Operation:
    return change_collections(
        window, library, changes, lambda lib: lib.save_collection(name, filters)
    )


# -- briefings -----------------------------------------------------------------------------------
def delete_briefing(window: QMainWindow, composer: BriefingComposer) -> None:
    """Delete the open briefing from the library, once the user confirms."""
    briefing = composer.briefing
    if briefing is None:
        return
    answer = QMessageBox.question(
        window,
        "Delete briefing",
        f"Delete the briefing “{briefing.title}”? This cannot be undone.",
    )
    if answer == QMessageBox.StandardButton.Yes:
        composer.delete_current()
        window.statusBar().showMessage(f"Deleted “{briefing.title}”", 4000)


def preview_briefing(
    window: QMainWindow, composer: BriefingComposer, exports: ExportController
) -> Operation | None:
    """Render the open briefing to a temporary PDF and show it."""
    briefing = composer.snapshot()
    if briefing is None:
        return None
    window.statusBar().showMessage("Rendering preview…")
    return exports.preview(briefing)


def export_briefing(
    composer: BriefingComposer, exports: ExportController, brands: list[str]
) -> Operation | None:
    """Ask for the export settings and write the open briefing as a branded PDF."""
    briefing = composer.snapshot()
    if briefing is None:
        return None
    settings = exports.ask_settings(briefing, brands)
    if settings is None:
        return None
    # The brand and classification chosen for the export become the briefing's own.
    composer.set_field("brand", settings.brand)
    composer.set_field("classification", settings.classification)
    briefing = composer.snapshot()  # again, with the fields just set
    if briefing is None:  # (cannot be: setting fields keeps the briefing open)
        return None
    return exports.export(briefing, settings)
