"""How the reader and the briefing know of each other while the analyst composes: sections
already in the open briefing are marked in the reader, and adding one again asks first.

A borrowed item keeps no section id (it is a snapshot), so a section counts as in the
briefing when an item cites its report and carries its heading.
"""

from __future__ import annotations

from collections.abc import Iterable

from briefapp.gui.composer import BriefingComposer
from briefapp.gui.qt import QMessageBox, QObject, QWidget
from briefapp.gui.reader import ReaderView
from briefapp.models import BriefingItem, Report

ItemKey = tuple[int, str]


def item_key(item: BriefingItem) -> ItemKey | None:
    """(report id, heading) of a borrowed item; None for own text."""
    if item.source is None or item.source.report_id is None:
        return None
    return item.source.report_id, item.heading.strip().casefold()


def keys_of(items: Iterable[BriefingItem]) -> set[ItemKey]:
    return {key for key in map(item_key, items) if key is not None}


def sections_in(report: Report | None, keys: set[ItemKey]) -> frozenset[int]:
    """Ids of the report's sections that the briefing already holds."""
    if report is None:
        return frozenset()
    return frozenset(
        s.id
        for s in report.sections
        if s.id is not None and (report.id, s.heading.strip().casefold()) in keys
    )


class CompositionMarks(QObject):
    """Keeps the reader's "✓ In briefing" marks current and guards against doubles."""

    def __init__(self, parent: QWidget, composer: BriefingComposer, reader: ReaderView) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.composer, self.reader = composer, reader
        self.question: QMessageBox | None = None  # the open "add again?" question, if any
        composer.model.contents_changed.connect(self.refresh)
        composer.model.modelReset.connect(self.refresh)

    def refresh(self) -> None:
        keys = keys_of(self.composer.model.items)
        self.reader.set_in_briefing(sections_in(self.reader.report, keys))

    def add(self, items: list[BriefingItem]) -> None:
        """Add ``items`` to the open briefing; when some are in it already, ask first (the
        question is :attr:`question`, open: nothing is added until it is answered)."""
        held = keys_of(self.composer.model.items)
        doubles = [i for i in items if item_key(i) in held]
        if not doubles:
            self.composer.add_items(items)
            return
        fresh = [i for i in items if item_key(i) not in held]
        box = QMessageBox(self.parent_widget)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Already in the briefing")
        if len(items) == 1:
            box.setText(f"“{items[0].heading}” is already in this briefing. Add it again?")
        else:
            box.setText(
                f"{len(doubles)} of these {len(items)} sections are already in this briefing."
            )
        again = box.addButton("Add again", QMessageBox.ButtonRole.AcceptRole)
        skip = None
        if fresh:
            skip = box.addButton(f"Add only the {len(fresh)} new", QMessageBox.ButtonRole.ApplyRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        if skip is not None:
            box.setDefaultButton(skip)
        else:
            box.setDefaultButton(QMessageBox.StandardButton.Cancel)

        def answered() -> None:
            clicked = box.clickedButton()
            if clicked is again:
                self.composer.add_items(items)
            elif skip is not None and clicked is skip:
                self.composer.add_items(fresh)
            self.question = None

        box.finished.connect(lambda _result: answered())
        box.open()
        self.question = box
