"""Briefing composer: several briefings per library, their details and ordered items, with
undo and a debounced autosave in the background (a crash loses at most a second or two)."""

from __future__ import annotations

import copy
from datetime import date

from briefapp.briefing.compose import own_text_item
from briefapp.gui import actions
from briefapp.gui.autosave import BriefingAutosaver
from briefapp.gui.briefing_details import BriefingDetails
from briefapp.gui.briefing_model import (
    ITEM_ROLE,
    BriefingItemsModel,
    SetFieldCommand,
)
from briefapp.gui.changes import ChangeHub, LibraryChanges
from briefapp.gui.conflicts import BriefingConflicts
from briefapp.gui.errors import show_error
from briefapp.gui.item_dialog import ItemEditDialog
from briefapp.gui.item_list import ItemList
from briefapp.gui.operations import Operation
from briefapp.gui.qt import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QModelIndex,
    QPushButton,
    QSplitter,
    QStyle,
    Qt,
    QToolButton,
    QUndoStack,
    QVBoxLayout,
    QWidget,
    Signal,
    std_icon,
)
from briefapp.library import BriefingInfo, Library
from briefapp.models import Briefing, BriefingId, BriefingItem

FIELDS = ("title", "subtitle", "classification", "brand", "author")


class BriefingComposer(QWidget):
    """The right pane. ``saved`` is emitted after each background save."""

    saved = Signal()
    preview_requested = Signal()
    export_requested = Signal()

    def __init__(
        self,
        library: Library,
        brands: list[str],
        changes: ChangeHub | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("composer")
        self.library = library
        self.undo_stack = QUndoStack(self)
        self.model = BriefingItemsModel(self.undo_stack, self)
        self.briefing: Briefing | None = None
        self.changes = changes if changes is not None else ChangeHub(self)
        self.changes.changed.connect(self._library_changed)
        self.autosaver = BriefingAutosaver(library, self.changes, parent=self)
        self.autosaver.started.connect(self._save_started)
        self.autosaver.saved.connect(self._saved)
        self.autosaver.failed.connect(self._save_failed)
        self.conflicts = BriefingConflicts(self)  # another analyst saved it meanwhile
        self.model.contents_changed.connect(self.mark_dirty)
        self._build(brands)

    # -- layout ----------------------------------------------------------------------------
    def _build(self, brands: list[str]) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 8, 8, 8)
        layout.setSpacing(6)
        head = QHBoxLayout()
        title = QLabel("Briefing")
        title.setObjectName("paneTitle")
        head.addWidget(title)
        head.addStretch(1)
        self.status = QLabel("")
        self.status.setObjectName("hint")
        head.addWidget(self.status)
        layout.addLayout(head)

        picker = QHBoxLayout()
        self.picker = QComboBox()
        self.picker.setObjectName("briefingPicker")
        self.picker.setToolTip("Briefings in this library")
        self.picker.activated.connect(self._picked)
        picker.addWidget(self.picker, 1)
        self.new_button = self._tool(
            "document-new", QStyle.StandardPixmap.SP_FileIcon, "New briefing (Ctrl+N)"
        )
        self.new_button.clicked.connect(lambda: self.new_briefing())
        picker.addWidget(self.new_button)
        layout.addLayout(picker)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setHorizontalSpacing(8)
        form.setVerticalSpacing(4)
        self.fields: dict[str, QLineEdit | QComboBox] = {}
        for name, label in (
            ("title", "&Title"),
            ("subtitle", "Su&btitle"),
            ("classification", "C&lassification"),
            ("author", "A&uthor"),
        ):
            edit = QLineEdit()
            edit.setObjectName(f"field-{name}")
            edit.textEdited.connect(lambda text, n=name: self._field_edited(n, text))
            self.fields[name] = edit
            form.addRow(label, edit)
        self.fields["classification"].setPlaceholderText("brand default")
        brand = QComboBox()
        brand.setObjectName("field-brand")
        brand.addItems(brands or ["default"])
        brand.activated.connect(lambda _i: self._field_edited("brand", brand.currentText()))
        self.fields["brand"] = brand
        form.insertRow(3, "B&rand", brand)
        layout.addLayout(form)

        self.items = ItemList(self)
        self.items.setModel(self.model)
        self.items.delete_pressed.connect(self.remove_selected)
        self.items.move_pressed.connect(self.move_current)
        self.items.activated.connect(lambda _index: self.edit_current())
        # Items above, the assessment details (markings, judgements) below: a splitter, so on
        # a small screen the analyst gives the room to whichever is in use, or folds one away.
        self.split = QSplitter(Qt.Orientation.Vertical, self)
        self.split.setObjectName("composerSplit")
        self.split.setChildrenCollapsible(True)
        self.split.addWidget(self.items)
        layout.addWidget(self.split, 1)
        self.details = BriefingDetails(self)
        self.details.edited.connect(self.mark_dirty)
        self.model.contents_changed.connect(self.details.schedule_findings)
        self.items.selectionModel().currentChanged.connect(
            lambda index, _old: self.details.set_current_item(
                index.data(ITEM_ROLE) if index.isValid() else None
            )
        )
        self.split.addWidget(self.details)
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 2)

        row = QHBoxLayout()
        row.setSpacing(2)
        self.add_text_button = self._tool(
            "list-add",
            QStyle.StandardPixmap.SP_FileDialogNewFolder,
            "Add your own text (Ctrl+T)",
            "+ Text",
        )
        self.add_text_button.clicked.connect(self.add_own_text)
        self.edit_button = self._tool(
            "document-edit",
            QStyle.StandardPixmap.SP_FileDialogDetailedView,
            "Edit the item's text or note (Enter)",
            "Edit",
        )
        self.edit_button.clicked.connect(self.edit_current)
        self.up_button = self._tool("go-up", QStyle.StandardPixmap.SP_ArrowUp, "Move up (Ctrl+Up)")
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button = self._tool(
            "go-down", QStyle.StandardPixmap.SP_ArrowDown, "Move down (Ctrl+Down)"
        )
        self.down_button.clicked.connect(lambda: self.move_current(1))
        self.remove_button = self._tool(
            "edit-delete", QStyle.StandardPixmap.SP_TrashIcon, "Remove (Delete)", "Remove"
        )
        self.remove_button.clicked.connect(self.remove_selected)
        for b in (
            self.add_text_button,
            self.edit_button,
            self.up_button,
            self.down_button,
            self.remove_button,
        ):
            row.addWidget(b)
        row.addStretch(1)
        layout.addLayout(row)
        # Preview and Export on a row of their own: the pane can narrow on a small screen
        # without cutting the Export button off.
        row = QHBoxLayout()
        row.addStretch(1)
        self.preview_button = QPushButton("Preview")
        self.preview_button.setIcon(
            std_icon("document-print-preview", QStyle.StandardPixmap.SP_FileDialogContentsView)
        )
        self.preview_button.clicked.connect(self.preview_requested)
        self.export_button = QPushButton("Export…")
        self.export_button.setObjectName("primary")
        self.export_button.setIcon(
            std_icon("document-save-as", QStyle.StandardPixmap.SP_DialogSaveButton)
        )
        self.export_button.clicked.connect(self.export_requested)
        row.addWidget(self.preview_button)
        row.addWidget(self.export_button)
        layout.addLayout(row)

    def _tool(
        self, theme: str, fallback: QStyle.StandardPixmap, tip: str, text: str = ""
    ) -> QToolButton:
        button = QToolButton()
        if text:
            button.setText(text)
        else:
            button.setIcon(std_icon(theme, fallback))
        button.setToolTip(tip)
        button.setAutoRaise(True)
        return button

    # -- briefings -------------------------------------------------------------------------
    def load_list(self, select_id: BriefingId | None = None) -> Operation:
        """Fill the briefing picker (in the background) and open the most recent briefing."""

        def done(infos: list[BriefingInfo]) -> None:
            if not infos:
                if self.briefing is None:
                    self.new_briefing(push=False)
                return
            self._fill_picker([(i.id, i.title) for i in infos])
            if self.briefing is None:
                self.open_briefing(select_id or infos[0].id)

        return actions.list_briefings(self, self.library, done)

    def _fill_picker(self, entries: list[tuple[BriefingId | None, str]]) -> None:
        current = self.briefing.id if self.briefing else None
        self.picker.blockSignals(True)
        self.picker.clear()
        for briefing_id, title in entries:
            self.picker.addItem(title or "Untitled briefing", briefing_id)
        index = self.picker.findData(current)
        if index >= 0:
            self.picker.setCurrentIndex(index)
        self.picker.blockSignals(False)

    def _picked(self, index: int) -> None:
        briefing_id = self.picker.itemData(index)
        if briefing_id is not None and (self.briefing is None or briefing_id != self.briefing.id):
            self.open_briefing(briefing_id)

    def open_briefing(self, briefing_id: BriefingId) -> Operation:
        self.save_now()
        return actions.load_briefing(self, self.library, briefing_id, self.set_briefing)

    def new_briefing(self, title: str = "New briefing", push: bool = True) -> Briefing:
        self.save_now()
        briefing = Briefing(title=title, date=date.today())
        self.set_briefing(briefing)
        self.picker.insertItem(0, title, None)
        self.picker.setCurrentIndex(0)
        if push:
            self.mark_dirty()
            title_edit = self.fields["title"]
            assert isinstance(title_edit, QLineEdit)  # (only the brand is a combo box)
            title_edit.setFocus()
            title_edit.selectAll()
        return briefing

    def delete_current(self) -> Operation | None:
        """Delete the open briefing from the library and open the next one."""
        briefing = self.briefing
        if briefing is None:
            return None
        self.briefing = None
        self.model.set_briefing(None)
        self.undo_stack.clear()
        index = self.picker.currentIndex()
        if index >= 0:
            self.picker.removeItem(index)
        # Written after any save of the same briefing, so no late save brings it back; the
        # briefing list is read again once it is gone (a change announced on ``changes``).
        return self.autosaver.delete(briefing)

    def set_field(self, name: str, value: str) -> None:
        """Change a briefing field as the user would (undoable, saved)."""
        self._field_edited(name, value)

    def set_briefing(self, briefing: Briefing) -> None:
        self.briefing = briefing
        self.undo_stack.clear()
        for name in FIELDS:
            self._show_field(name, getattr(briefing, name))
        self.model.set_briefing(briefing)
        self.details.set_briefing(briefing)
        self.autosaver.discard(briefing)  # (the model's reset is not an edit)
        index = self.picker.findData(briefing.id)
        if index >= 0:
            self.picker.setCurrentIndex(index)
        self.status.setText("")

    def _show_field(self, name: str, value: str) -> None:
        widget = self.fields[name]
        if isinstance(widget, QComboBox):
            if widget.findText(value) < 0:
                widget.addItem(value)
            widget.setCurrentText(value)
        elif widget.text() != value:
            widget.setText(value)

    def _field_edited(self, name: str, value: str) -> None:
        if self.briefing is None:
            return
        before = getattr(self.briefing, name)
        if before != value:
            self.undo_stack.push(SetFieldCommand(self._apply_field, name, before, value))

    def _apply_field(self, name: str, value: str) -> None:
        if self.briefing is None:
            return
        setattr(self.briefing, name, value)
        self._show_field(name, value)
        if name == "title":
            self.picker.setItemText(self.picker.currentIndex(), value or "Untitled briefing")
        self.mark_dirty()

    # -- items -----------------------------------------------------------------------------
    def ensure_briefing(self) -> Briefing:
        if self.briefing is None:
            return self.new_briefing(push=False)
        return self.briefing

    def add_items(self, items: list[BriefingItem]) -> None:
        self.ensure_briefing()
        self.model.add_items(items)
        last = self.model.index(self.model.rowCount() - 1, 0)
        self.items.setCurrentIndex(last)
        self.items.scrollTo(last)

    def add_own_text(self) -> ItemEditDialog:
        """Ask for the analyst's own text; the item is added when the dialog is accepted."""
        self.ensure_briefing()
        item = own_text_item("", heading="Analyst Comment")
        dialog = ItemEditDialog(item, self)
        dialog.setWindowTitle("Add your own text")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def accepted() -> None:
            for key, value in dialog.changes().items():
                setattr(item, key, value)
            self.add_items([item])

        dialog.accepted.connect(accepted)
        dialog.open()
        return dialog

    def selected_rows(self) -> list[int]:
        return sorted({i.row() for i in self.items.selectionModel().selectedIndexes()})

    def remove_selected(self) -> None:
        rows = self.selected_rows()
        self.model.remove_items(rows)
        if self.model.rowCount():
            self.items.setCurrentIndex(
                self.model.index(min(rows[0] if rows else 0, self.model.rowCount() - 1), 0)
            )

    def move_current(self, step: int) -> None:
        row = self.items.currentIndex().row()
        target = row + step
        if row < 0 or not 0 <= target < self.model.rowCount():
            return
        self.model.moveRows(
            QModelIndex(), row, 1, QModelIndex(), target + 1 if step > 0 else target
        )
        self.items.setCurrentIndex(self.model.index(target, 0))

    def edit_current(self) -> ItemEditDialog | None:
        index = self.items.currentIndex()
        if not index.isValid():
            return None
        row = index.row()
        dialog = ItemEditDialog(index.data(ITEM_ROLE), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.model.edit_item(row, **dialog.changes()))
        dialog.open()
        return dialog

    # -- saving ----------------------------------------------------------------------------
    def mark_dirty(self) -> None:
        if self.briefing is None:
            return
        self.status.setText("Editing…")
        self.autosaver.edited(self.briefing)

    def save_now(self) -> Operation | None:
        """Queue a snapshot of the open briefing for saving, if it changed, and start saving.

        Saves run one at a time and in order (see :mod:`briefapp.gui.autosave`), so switching
        briefings while one is being written never drops the edits of the one left behind."""
        return self.autosaver.save_now()

    def save_blocking(self) -> list[Briefing]:
        """On quit, after background work has finished: write what is still waiting, in the
        calling thread (a moment, once). Returns the briefings saved as copies because
        someone else had saved them meanwhile."""
        return self.autosaver.flush()

    def _save_started(self, _live: Briefing) -> None:
        self.status.setText("Saving…")

    def _saved(self, live: Briefing) -> None:
        index = self.picker.findData(None)
        if index >= 0 and self.briefing is live:
            self.picker.setItemData(index, live.id)
        if self.briefing is live and self.autosaver.idle():
            self.status.setText("All changes saved")
        self.saved.emit()

    def _save_failed(self, _live: Briefing, error: BaseException) -> None:
        self.status.setText("Not saved")
        show_error(self, error)

    def _library_changed(self, changes: LibraryChanges) -> None:
        if changes.briefings:
            self.load_list()
        if changes.touches_trash() and self.briefing is not None:
            # Citations of reports now in the trash say "source deleted" (and back again).
            actions.mark_deleted_sources(
                self, self.library, self.briefing, self.items.viewport().update
            )

    def snapshot(self) -> Briefing | None:
        return copy.deepcopy(self.briefing) if self.briefing else None
