"""The top of the left pane: what the table lists — all reports, a saved collection (a search
with its filters, stored in the library) or the trash."""

from __future__ import annotations

from briefapp.gui.qt import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPoint,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from briefapp.library import Collection

KIND_ROLE = Qt.ItemDataRole.UserRole + 1  # "all" | "collection" | "trash"
COLLECTION_ROLE = Qt.ItemDataRole.UserRole + 2  # the Collection of a collection row
ROW_HEIGHT_PADDING = 8


class SourcesPane(QWidget):
    """``all_chosen`` / ``trash_chosen`` / ``collection_chosen(Collection)`` when the user picks
    a row; ``save_requested`` for the Save button; ``rename_requested(Collection)`` and
    ``delete_requested(Collection)`` from a collection's context menu."""

    all_chosen = Signal()
    trash_chosen = Signal()
    collection_chosen = Signal(object)
    save_requested = Signal()
    rename_requested = Signal(object)
    delete_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sourcesPane")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 4, 0)
        layout.setSpacing(4)
        head = QHBoxLayout()
        title = QLabel("Library")
        title.setObjectName("paneTitle")
        head.addWidget(title)
        head.addStretch(1)
        self.save_button = QPushButton("Save search")
        self.save_button.setFlat(True)
        self.save_button.setToolTip("Save the search and filters as a collection (Ctrl+D)")
        self.save_button.clicked.connect(self.save_requested.emit)
        head.addWidget(self.save_button)
        layout.addLayout(head)
        self.list = QListWidget()
        self.list.setObjectName("sourcesList")
        self.list.setUniformItemSizes(True)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._context_menu)
        self.list.itemClicked.connect(self._chosen)
        self.list.itemActivated.connect(self._chosen)
        layout.addWidget(self.list)
        self.trash_count = 0
        self.set_collections([])

    # -- contents ----------------------------------------------------------------------------
    def set_collections(self, collections: list[Collection]) -> None:
        """Show these collections between "All reports" and "Trash", keeping the choice."""
        current = self.current_kind(), self._current_collection_id()
        self.list.blockSignals(True)
        self.list.clear()
        self._add("All reports", "all")
        for collection in collections:
            item = self._add(f"★ {collection.name}", "collection")
            item.setData(COLLECTION_ROLE, collection)
            item.setToolTip(_describe(collection))
        self._add(self._trash_label(), "trash")
        for row in range(self.list.count()):
            item = self.list.item(row)
            same_collection = (
                item.data(COLLECTION_ROLE) is not None
                and item.data(COLLECTION_ROLE).id == current[1]
            )
            if item.data(KIND_ROLE) == current[0] and (
                current[0] != "collection" or same_collection
            ):
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None:
            self.list.setCurrentRow(0)
        self.list.blockSignals(False)
        rows = self.list.count()
        height = self.list.sizeHintForRow(0) if rows else 20
        self.list.setFixedHeight(min(rows, 8) * height + ROW_HEIGHT_PADDING)

    def set_trash_count(self, count: int) -> None:
        self.trash_count = count
        trash = self.list.item(self.list.count() - 1)
        if trash is not None:
            trash.setText(self._trash_label())

    def _trash_label(self) -> str:
        return f"Trash ({self.trash_count})" if self.trash_count else "Trash"

    def _add(self, text: str, kind: str) -> QListWidgetItem:
        item = QListWidgetItem(text)
        item.setData(KIND_ROLE, kind)
        self.list.addItem(item)
        return item

    def collections(self) -> list[Collection]:
        return [
            self.list.item(r).data(COLLECTION_ROLE)
            for r in range(self.list.count())
            if self.list.item(r).data(KIND_ROLE) == "collection"
        ]

    def current_kind(self) -> str:
        item = self.list.currentItem()
        return item.data(KIND_ROLE) if item is not None else "all"

    def _current_collection_id(self) -> int | None:
        item = self.list.currentItem()
        collection = item.data(COLLECTION_ROLE) if item is not None else None
        return collection.id if collection is not None else None

    def choose(self, kind: str, collection_id: int | None = None) -> None:
        """Pick a row as the user would (tests, and "All reports" after a filter is edited)."""
        for row in range(self.list.count()):
            item = self.list.item(row)
            collection = item.data(COLLECTION_ROLE)
            if item.data(KIND_ROLE) == kind and (
                collection_id is None or (collection is not None and collection.id == collection_id)
            ):
                self.list.setCurrentItem(item)
                self._chosen(item)
                return

    def mark_all(self) -> None:
        """Show "All reports" as current without emitting anything (filters were edited)."""
        self.list.blockSignals(True)
        self.list.setCurrentRow(0)
        self.list.blockSignals(False)

    # -- user actions ------------------------------------------------------------------------
    def _chosen(self, item: QListWidgetItem) -> None:
        kind = item.data(KIND_ROLE)
        if kind == "trash":
            self.trash_chosen.emit()
        elif kind == "collection":
            self.collection_chosen.emit(item.data(COLLECTION_ROLE))
        else:
            self.all_chosen.emit()

    def _context_menu(self, pos: QPoint) -> None:
        item = self.list.itemAt(pos)
        if item is None or item.data(KIND_ROLE) != "collection":
            return
        collection = item.data(COLLECTION_ROLE)
        menu = QMenu(self)
        menu.addAction("Rename…", lambda: self.rename_requested.emit(collection))
        menu.addAction("Delete", lambda: self.delete_requested.emit(collection))
        menu.exec(self.list.viewport().mapToGlobal(pos))


def _describe(collection: Collection) -> str:
    f = collection.filters
    parts = [f"“{f.text}”"] if f.text else []
    for label, values in (
        ("countries", f.countries),
        ("topics", f.topics),
        ("publishers", f.publishers),
    ):
        if values:
            parts.append(f"{label}: {', '.join(values)}")
    if f.since or f.until:
        since = f.since.date().isoformat() if f.since else "…"
        until = f.until.date().isoformat() if f.until else "…"
        parts.append(f"published {since} – {until}")
    return "; ".join(parts) or "every report"
