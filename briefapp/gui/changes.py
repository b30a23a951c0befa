"""What an operation changed in the library, announced once to every view that shows it.

Modelled on Anki's ``OpChanges``: an operation that writes to the library announces a
:class:`LibraryChanges` on the window's :class:`ChangeHub`, and the report table, the reader and
the briefing composer each decide from it what to show again, instead of the window telling
each of them by hand.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefapp.gui.qt import QObject, Signal
from briefapp.models import Report, ReportId


@dataclass(frozen=True)
class LibraryChanges:
    """``report_ids``: reports added, edited or read again. ``reports``: fresh copies of some
    of them that the operation already holds (so a view need not read them again).
    ``facets``: facet counts may differ. ``briefings``: the list of saved briefings changed.
    ``deleted``/``restored``: reports that went to the trash or came back from it (or were
    removed for good: ``purged``). ``collections``: the saved collections changed."""

    report_ids: frozenset[ReportId] = frozenset()
    reports: tuple[Report, ...] = ()
    briefings: bool = False
    facets: bool = False
    deleted: frozenset[ReportId] = frozenset()
    restored: frozenset[ReportId] = frozenset()
    purged: frozenset[ReportId] = frozenset()
    collections: bool = False

    def fresh_copy(self, report_id: ReportId) -> Report | None:
        """The operation's fresh copy of a report, if it carried one."""
        return next((r for r in self.reports if r.id == report_id), None)

    def touches_reports(self) -> bool:
        """Whether the report list or its facet counts may show something else now."""
        return bool(self.report_ids or self.deleted or self.restored or self.purged) or self.facets

    def touches_trash(self) -> bool:
        """Whether reports went to the trash, came back, or left it for good."""
        return bool(self.deleted or self.restored or self.purged)


class ChangeHub(QObject):
    """One per window: ``changed(LibraryChanges)`` after each operation that wrote something."""

    changed = Signal(object)

    def announce(self, changes: LibraryChanges) -> None:
        self.changed.emit(changes)
