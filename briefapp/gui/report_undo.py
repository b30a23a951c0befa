"""Corrections of a report's details as undoable steps: Edit › Undo puts the fields back
as they were, like every other edit in the window."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from briefapp.gui.qt import QUndoCommand
from briefapp.models import Report

DETAIL_FIELDS = ("title", "published", "publisher", "countries", "topics", "grade", "tags")


def details_of(report: Report, fields: Iterable[str] = DETAIL_FIELDS) -> dict[str, object]:
    """The report's current values of ``fields`` as ``Library.update_report`` keywords."""
    values: dict[str, object] = {}
    for name in fields:
        value = getattr(report, name)
        values[name] = list(value) if isinstance(value, list) else value
    if "publisher" in values and values["publisher"] is None:
        values["publisher"] = ""  # (None would mean "leave as is")
    return values


class ReportDetailsCommand(QUndoCommand):
    """Saving ``after`` over ``before``; undo saves ``before`` again."""

    def __init__(
        self,
        report: Report,
        after: dict[str, object],
        save: Callable[[dict[str, object]], object],
    ) -> None:
        super().__init__(f"Edit details of “{report.title}”")
        self.before = details_of(report, after)
        self.after, self.save = dict(after), save

    def redo(self) -> None:
        self.save(self.after)

    def undo(self) -> None:
        self.save(self.before)
