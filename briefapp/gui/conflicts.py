"""Settling a briefing that another analyst saved meanwhile (a shared library on a server).

When the autosave meets a :class:`~briefapp.errors.Conflict`, the composer asks once: reload
their version (this window's unsaved changes go), or save this window's version as a new
briefing, “<title> (copy)”, beside theirs. Until the analyst answers, that briefing is not
saved again (see :class:`~briefapp.gui.autosave.BriefingAutosaver`), so nothing is retried in
a loop and nothing is lost silently.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from briefapp.gui import actions
from briefapp.gui.autosave import copy_of
from briefapp.gui.changes import LibraryChanges
from briefapp.gui.qt import QMessageBox, QObject, QPushButton, Qt, QWidget
from briefapp.models import Briefing

if TYPE_CHECKING:
    from briefapp.gui.composer import BriefingComposer


def copied_text(copies: list[Briefing]) -> str:
    """What quitting says of briefings saved as copies (another analyst saved them)."""
    names = "\n".join(f"  • {b.title}" for b in copies)
    return (
        "Someone else saved these briefings while you were editing them, so your versions"
        f" were saved as new briefings beside theirs:\n{names}"
    )


def close_unsaved(parent: QWidget, problem: str) -> bool:
    """Whether to close a window whose open briefing could not be saved (``problem`` says
    why, e.g. the server is out of reach): by default the window stays, so the changes do too,
    and the analyst can try again once the server is back."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Briefing not saved", "", parent=parent)
    box.setObjectName("unsavedOnClose")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(f"The open briefing could not be saved: {problem}")
    box.setInformativeText(
        "Keep the window open to try again later (your changes stay), or close it and lose"
        " the changes made since the last save."
    )
    keep = box.addButton("&Keep Window Open", QMessageBox.ButtonRole.RejectRole)
    close = box.addButton("&Close Without Saving", QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.exec()
    return box.clickedButton() is close


class ConflictDialog(QMessageBox):
    """Reload theirs, or save mine as a copy. No third way out (Escape does nothing): leaving
    the conflict open would only bring it back at the next save."""

    def __init__(self, briefing: Briefing, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = briefing.title or "Untitled briefing"
        self.setObjectName("conflictDialog")
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle("Briefing changed by someone else")
        self.setTextFormat(Qt.TextFormat.PlainText)  # (titles are the analysts' text)
        self.setText(f"“{title}” was saved by someone else since you opened it.")
        self.setInformativeText(
            "Your latest changes are not saved yet.\n\n"
            "Reload: open their version; your changes since your last save are discarded.\n"
            f"Save as copy: keep your version as a new briefing, “{copy_of(briefing).title}”,"
            " beside theirs."
        )
        self.reload_button: QPushButton = self.addButton(
            "&Reload Their Version", QMessageBox.ButtonRole.DestructiveRole
        )
        self.copy_button: QPushButton = self.addButton(
            "&Save Mine as Copy", QMessageBox.ButtonRole.AcceptRole
        )
        self.setDefaultButton(self.copy_button)  # the choice that loses nothing


class BriefingConflicts(QObject):
    """The composer's answer to a conflicting save: one dialog per briefing in conflict."""

    def __init__(self, composer: BriefingComposer) -> None:
        super().__init__(composer)
        self.composer = composer
        self.dialog: ConflictDialog | None = None
        composer.autosaver.conflict.connect(self.ask)

    def ask(self, live: Briefing, _error: BaseException) -> ConflictDialog:
        composer = self.composer
        if composer.briefing is live:
            composer.status.setText("Saved by someone else")
        dialog = ConflictDialog(live, composer.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.buttonClicked.connect(
            lambda button: (
                self.reload(live) if button is dialog.reload_button else self.save_as_copy(live)
            )
        )
        dialog.finished.connect(lambda _result: self._closed(dialog))
        dialog.open()
        self.dialog = dialog
        return dialog

    def _closed(self, dialog: ConflictDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def reload(self, live: Briefing) -> None:
        """Drop this window's changes to ``live`` and show the stored version."""
        composer = self.composer
        composer.autosaver.settled(live)
        composer.autosaver.discard(live)
        if live.id is None:
            return

        def loaded(theirs: Briefing) -> None:
            if composer.briefing is live or composer.briefing is None:
                composer.set_briefing(theirs)
                composer.status.setText("Reloaded their version")
            composer.changes.announce(LibraryChanges(briefings=True))  # (their title)

        actions.load_briefing(composer, composer.library, live.id, loaded)

    def save_as_copy(self, live: Briefing) -> None:
        """Keep this window's version of ``live`` as a new briefing, opened in its place."""
        composer = self.composer
        composer.autosaver.settled(live)
        duplicate = copy_of(live)
        if composer.briefing is live:
            composer.set_briefing(duplicate)
            composer.picker.insertItem(0, duplicate.title, None)
            composer.picker.setCurrentIndex(0)

        def saved(briefing: Briefing) -> None:
            if briefing is duplicate:
                composer.autosaver.saved.disconnect(saved)
                composer.changes.announce(LibraryChanges(briefings=True))

        composer.autosaver.saved.connect(saved)
        composer.autosaver.edited(duplicate)
        composer.autosaver.save_now()
