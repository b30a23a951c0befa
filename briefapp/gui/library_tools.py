"""The window's commands over many reports: Move to Trash (Delete) with undo, the Trash view,
Remove Sample Reports, bulk edits, and saved collections in the left pane.

Every change runs through :mod:`briefapp.gui.actions` and is announced on the window's
:class:`~briefapp.gui.changes.ChangeHub`; library changes go on their own undo stack
(``library_undo``), undone with Ctrl+Z while the report table has the focus or with the Undo
button of the message that follows a deletion. Kept apart from ``main_window.py`` so that
module stays short.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from briefapp.gui import actions
from briefapp.gui.bulk_dialog import BulkEditDialog
from briefapp.gui.changes import LibraryChanges
from briefapp.gui.operations import Operation
from briefapp.gui.qt import (
    QAction,
    QEvent,
    QHBoxLayout,
    QInputDialog,
    QKeyEvent,
    QKeySequence,
    QLabel,
    QMenu,
    QMessageBox,
    QObject,
    QPushButton,
    QStyle,
    Qt,
    QTimer,
    QUndoCommand,
    QUndoStack,
    QVBoxLayout,
    QWidget,
    Slot,
    counted,
    is_alive,
    std_icon,
)
from briefapp.gui.sources_pane import SourcesPane
from briefapp.library import BulkEdit, Collection
from briefapp.library.collections import suggested_name
from briefapp.models import ReportId

if TYPE_CHECKING:
    from briefapp.gui.main_window import MainWindow

UNDO_BAR_MS = 12000  # how long "Moved … to the trash [Undo]" stays in the status bar


class LibraryCommand(QUndoCommand):
    """An undoable library change: ``do`` and ``undo`` each start a background operation."""

    def __init__(self, text: str, do: Callable[[], object], undo: Callable[[], object]) -> None:
        super().__init__(text)
        self._do, self._undo = do, undo

    def redo(self) -> None:
        self._do()

    def undo(self) -> None:
        self._undo()


class UndoBar(QWidget):
    """A status-bar message with an Undo button, after a deletion."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("undoBar")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 0, 6, 0)
        self.label = QLabel()
        self.button = QPushButton("Undo")
        self.button.setObjectName("undoButton")
        self.button.setToolTip("Bring the reports back (Ctrl+Z in the table)")
        layout.addWidget(self.label)
        layout.addWidget(self.button)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.hide)
        self.hide()

    def show_message(self, text: str) -> None:
        self.label.setText(text)
        self.show()
        self.timer.start(UNDO_BAR_MS)


class TrashBar(QWidget):
    """Shown above the table while it lists the trash: Restore and Empty Trash."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trashBar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(
            "QWidget#trashBar { background: #fff4e5; border: 1px solid #f0d3a8;"
            " border-radius: 4px; } QLabel { color: #5a4320; }"
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 6, 4)
        self.label = QLabel(
            "<b>Trash</b> — these reports are left out of lists, filters and search."
        )
        self.restore_button = QPushButton("Restore")
        self.restore_button.setObjectName("restoreButton")
        self.empty_button = QPushButton("Empty Trash…")
        self.empty_button.setObjectName("emptyTrashButton")
        layout.addWidget(self.label, 1)
        layout.addWidget(self.restore_button)
        layout.addWidget(self.empty_button)
        self.hide()


class LibraryTools(QObject):
    """Installs the commands, the sources pane and the trash bar into the main window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.library = window.library
        self.changes = window.changes
        self.browser = window.browser
        self.library_undo = QUndoStack(self)
        self.undo_bar = UndoBar()
        self.trash_bar = TrashBar()
        self.sources = SourcesPane()
        self._build_panes()
        self._build_actions()
        self.changes.changed.connect(self._library_changed)
        self.browser.results_shown.connect(self._results_shown)
        self.browser.table.installEventFilter(self)
        self.sources.all_chosen.connect(self.show_all)
        self.sources.trash_chosen.connect(lambda: self.show_trash(True))
        self.sources.collection_chosen.connect(self.apply_collection)
        # Filters or search edited by hand: the left pane stops naming a collection.
        self._applying = False
        self.browser.facets.changed.connect(self._filters_edited)
        self.browser.search.textEdited.connect(self._filters_edited)
        self.sources.save_requested.connect(self.ask_save_collection)
        self.sources.rename_requested.connect(self.ask_rename_collection)
        self.sources.delete_requested.connect(self.delete_collection)
        self.trash_bar.restore_button.clicked.connect(self.restore_selected)
        self.trash_bar.empty_button.clicked.connect(self.ask_empty_trash)
        self.undo_bar.button.clicked.connect(self.undo)
        self.refresh_sources()

    # -- building ----------------------------------------------------------------------------
    def _build_panes(self) -> None:
        w = self.window
        left = QWidget()
        left.setObjectName("leftPane")
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.setSpacing(0)
        w.main_split.insertWidget(0, left)  # (before the facets, which move into it)
        left_layout.addWidget(self.sources)
        left_layout.addWidget(self.browser.facets, 1)
        table_box = QWidget()
        table_layout = QVBoxLayout(table_box)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.setSpacing(4)
        w.center_split.insertWidget(0, table_box)
        table_layout.addWidget(self.trash_bar)
        table_layout.addWidget(self.browser.table, 1)
        w.statusBar().addWidget(self.undo_bar)

    def _action(
        self, text: str, slot: Callable[[], object], shortcut: str | None = None
    ) -> QAction:
        action = QAction(text, self.window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda *_: slot())
        return action

    def _build_actions(self) -> None:
        w, table = self.window, self.browser.table
        self.trash_action = self._action("Move to &Trash", self.delete_selected, "Delete")
        self.trash_action.setIcon(std_icon("user-trash", QStyle.StandardPixmap.SP_TrashIcon))
        # Only while the table has the focus: Delete in the search field deletes text.
        self.trash_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.restore_action = self._action(
            "&Restore from Trash", self.restore_selected, "Ctrl+Alt+R"
        )
        self.restore_action.setVisible(False)
        self.bulk_action = self._action("Edit &Selected Reports…", self.ask_bulk_edit, "Ctrl+Alt+E")
        self.save_collection_action = self._action(
            "Save Search as &Collection…", self.ask_save_collection, "Ctrl+D"
        )
        self.trash_view_action = self._action(
            "Show T&rash", lambda: self.sources.choose("trash"), "Ctrl+Shift+T"
        )
        self.remove_samples_action = self._action(
            "&Remove Sample Reports", self.remove_sample_reports, "Ctrl+Alt+M"
        )
        # The library's own undo history (trash, bulk edits): Ctrl+Z in the table, or these.
        self.undo_action = self.library_undo.createUndoAction(self.window)
        self.undo_action.setShortcut(QKeySequence("Ctrl+Alt+Z"))
        self.redo_action = self.library_undo.createRedoAction(self.window)
        self.redo_action.setShortcut(QKeySequence("Ctrl+Alt+Shift+Z"))
        # Qt's own label with a prefix ends in a bare "Undo in Library:" when there is nothing
        # to undo; these run after Qt's and say it whole. (The briefing has its own undo.)
        for undo, verb, signal in (
            (self.undo_action, "Undo", self.library_undo.undoTextChanged),
            (self.redo_action, "Redo", self.library_undo.redoTextChanged),
        ):
            signal.connect(_UndoLabel(undo, verb).show)
        table.addActions([self.trash_action, self.restore_action, self.bulk_action])
        menus = {a.text(): a.menu() for a in w.menuBar().actions()}
        edit_menu = menus["&Edit"]
        assert isinstance(edit_menu, QMenu)
        edit_menu.addSeparator()
        for action in (
            self.trash_action,
            self.restore_action,
            self.bulk_action,
            self.save_collection_action,
            self.trash_view_action,
            None,
            self.undo_action,
            self.redo_action,
        ):
            edit_menu.addSeparator() if action is None else edit_menu.addAction(action)
        file_menu = menus["&File"]
        assert isinstance(file_menu, QMenu)
        listed = file_menu.actions()
        file_menu.insertAction(
            listed[listed.index(w.samples_action) + 1], self.remove_samples_action
        )

    # -- Ctrl+Z in the table -------------------------------------------------------------------
    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        """In the table, Ctrl+Z / Ctrl+Shift+Z undo and redo library changes (elsewhere they
        stay the briefing's): the table takes the key before the window's shortcut does."""
        kind = event.type()
        if kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) and isinstance(
            event, QKeyEvent
        ):
            combo = QKeySequence(event.keyCombination())
            stack = self.library_undo
            if (
                combo.matches(QKeySequence.StandardKey.Undo)
                == QKeySequence.SequenceMatch.ExactMatch
            ):
                wanted = stack.canUndo()
                step = stack.undo
            elif (
                combo.matches(QKeySequence("Ctrl+Shift+Z")) == QKeySequence.SequenceMatch.ExactMatch
            ):
                wanted = stack.canRedo()
                step = stack.redo
            else:
                return False
            if wanted:
                event.accept()
                if kind == QEvent.Type.KeyPress:
                    step()
                return True
        return False

    def undo(self) -> None:
        self.undo_bar.hide()
        self.library_undo.undo()

    # -- trash ---------------------------------------------------------------------------------
    def delete_selected(self) -> None:
        ids = self.browser.selected_ids()
        if not ids or self.browser.trash_mode:
            if not ids:
                self.window.statusBar().showMessage("Select one or more reports first", 4000)
            return
        self.delete(ids, f"Move {counted(len(ids), 'Report')} to Trash")

    def delete(self, ids: list[ReportId], text: str) -> None:
        """Move reports to the trash as one undoable step."""

        def moved(done: list[ReportId]) -> None:
            self.undo_bar.show_message(f"Moved {counted(len(done), 'report')} to the trash")

        self.library_undo.push(
            LibraryCommand(
                text,
                lambda: actions.delete_reports(
                    self.window, self.library, self.changes, ids, done=moved
                ),
                lambda: actions.restore_reports(self.window, self.library, self.changes, ids),
            )
        )

    def restore_selected(self) -> Operation | None:
        ids = self.browser.selected_ids()
        if not ids:
            return None
        return actions.restore_reports(self.window, self.library, self.changes, ids)

    def ask_empty_trash(self) -> None:
        count = self.sources.trash_count
        if not count:
            return
        answer = QMessageBox.question(
            self.window,
            "Empty Trash",
            f"Remove the {counted(count, 'report')} in the trash for good,"
            " with their original files?"
            " This cannot be undone; briefings keep their copies of the text.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.empty_trash()

    def empty_trash(self) -> Operation:
        self.library_undo.clear()  # restoring a report removed for good is not possible
        return actions.empty_trash(self.window, self.library, self.changes)

    def remove_sample_reports(self) -> Operation:
        """Move every report of the bundled sample library to the trash (one undoable step)."""

        def found(ids: list[ReportId]) -> None:
            if not ids:
                self.window.statusBar().showMessage("No sample reports in the library", 4000)
            else:
                self.delete(ids, "Remove Sample Reports")

        return actions.sample_report_ids(self, self.library, found)

    def show_trash(self, on: bool) -> None:
        self.trash_bar.setVisible(on)
        self.browser.facets.setEnabled(not on)
        self.trash_action.setVisible(not on)
        self.restore_action.setVisible(on)
        self.window.reader.show_trashed(on)
        self.browser.show_trash(on)

    def show_all(self) -> None:
        was_trash = self.browser.trash_mode
        self.show_trash(False)
        if not was_trash:
            self.window.clear_filters()

    # -- bulk edit -------------------------------------------------------------------------------
    def ask_bulk_edit(self) -> BulkEditDialog | None:
        ids = self.browser.selected_ids()
        if not ids:
            self.window.statusBar().showMessage("Select one or more reports first", 4000)
            return None
        dialog = BulkEditDialog(len(ids), self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.bulk_edit(ids, dialog.edit()))
        dialog.open()
        self.bulk_dialog = dialog
        return dialog

    def bulk_edit(self, ids: list[ReportId], edit: BulkEdit) -> None:
        """Apply one bulk edit as one undoable step (undo puts back what each report had)."""
        if edit.is_empty():
            return
        saved: dict[str, dict[ReportId, dict[str, object]]] = {}

        def keep(snapshot: dict[ReportId, dict[str, object]]) -> None:
            saved["before"] = snapshot

        def undo() -> None:
            if "before" in saved:
                actions.restore_report_details(
                    self.window, self.library, self.changes, saved["before"]
                )

        self.library_undo.push(
            LibraryCommand(
                f"Edit {counted(len(ids), 'Report')}",
                lambda: actions.update_reports(
                    self.window, self.library, self.changes, ids, edit, done=keep
                ),
                undo,
            )
        )

    # -- collections -----------------------------------------------------------------------------
    def refresh_sources(self) -> None:
        actions.list_collections(self, self.library, self.sources.set_collections)
        self._count_trash()

    def _count_trash(self) -> None:
        library = self.library
        Operation(
            self,
            lambda job: len(library.trash_ids()),
            success=self.sources.set_trash_count,
        ).run_in_background()

    def ask_save_collection(self) -> None:
        name, ok = QInputDialog.getText(
            self.window,
            "Save collection",
            "Name of the collection (the search and filters):",
            text=suggested_name(self.browser.filters()),
        )
        if ok and name.strip():
            self.save_collection(name)

    def save_collection(self, name: str) -> Operation:
        return actions.save_collection(
            self.window, self.library, self.changes, name, self.browser.filters()
        )

    def apply_collection(self, collection: Collection) -> None:
        """Show the collection's search and filters (the table follows)."""
        self.show_trash(False)
        self._applying = True
        try:
            self.browser.search.setText(collection.filters.text)
            self.browser._text_edited(collection.filters.text)  # the sort follows the search
            self.browser.facets.select(collection.filters)
        finally:
            self._applying = False

    def _filters_edited(self, *_args: object) -> None:
        if not self._applying:
            self.sources.mark_all()

    def ask_rename_collection(self, collection: Collection) -> None:
        name, ok = QInputDialog.getText(
            self.window, "Rename collection", "New name:", text=collection.name
        )
        if ok and name.strip():
            self.rename_collection(collection, name)

    def rename_collection(self, collection: Collection, name: str) -> Operation:
        return actions.change_collections(
            self.window,
            self.library,
            self.changes,
            lambda lib: lib.rename_collection(collection.id, name),
        )

    def delete_collection(self, collection: Collection) -> Operation:
        return actions.change_collections(
            self.window,
            self.library,
            self.changes,
            lambda lib: lib.delete_collection(collection.id),
        )

    # -- following changes -----------------------------------------------------------------------
    def _library_changed(self, changes: LibraryChanges) -> None:
        if changes.collections:
            actions.list_collections(self, self.library, self.sources.set_collections)
        if changes.touches_trash() or changes.report_ids:
            self._count_trash()

    def _results_shown(self, total: int) -> None:
        if self.browser.trash_mode:
            self.window.count_label.setText(f"  {total:,} in the trash  ")
            # (nothing to restore or empty in an empty trash)
            self.trash_bar.restore_button.setEnabled(total > 0)
            self.trash_bar.empty_button.setEnabled(total > 0)


class _UndoLabel(QObject):
    """Label a library undo or redo action (a child of it) as the undo stack changes."""

    def __init__(self, action: QAction, verb: str) -> None:
        super().__init__(action)
        self.action, self.verb = action, verb
        self.show("")

    @Slot(str)
    def show(self, text: str) -> None:
        """Say "Undo in Library: Move 2 Reports to Trash", or "Undo in Library" alone."""
        if not is_alive(self.action):  # the window is going; the stack clears last
            return
        self.action.setText(
            f"{self.verb} in Library: {text}" if text else f"{self.verb} in Library"
        )
