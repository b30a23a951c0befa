"""The items of the briefing being composed, as a list model whose every change is undoable.

Views call the Qt API (``moveRows`` on drag-and-drop); the model turns each request into a
QUndoCommand on its stack, so drag, Delete, edits and additions all undo with Ctrl+Z.

Custom roles: ``ITEM_ROLE`` – the :class:`briefapp.models.BriefingItem`;
``SUBTITLE_ROLE`` – the second line shown under the heading (source, note, edit markers).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import replace

from briefapp.gui.qt import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QUndoCommand,
    QUndoStack,
    Signal,
    counted,
    plain_tooltip,
)
from briefapp.models import Briefing, BriefingItem

_ROOT = QModelIndex()  # the invisible root: default parent of the flat models
ITEM_ROLE = Qt.ItemDataRole.UserRole + 1
SUBTITLE_ROLE = Qt.ItemDataRole.UserRole + 2


def item_heading(item: BriefingItem) -> str:
    """The first line of an item: its heading, with the section's kind when it is borrowed
    under a heading that does not say it ("Overview" is the summary of its report)."""
    if (
        item.source is not None
        and item.section_kind in ("summary", "outlook")
        and item.section_kind not in item.heading.lower()
    ):
        return f"{item.heading}  ({item.section_kind})"
    return item.heading


def item_subtitle(item: BriefingItem) -> str:
    if item.source is None:
        line = "Own text"
    else:
        src = item.source
        when = src.published.strftime("%Y-%m-%d") if src.published else "undated"
        line = f"{src.title} — {src.publisher or 'unknown publisher'}, {when} · {src.grade}"
        if src.source_deleted:
            line += " · source deleted"
    if item.marking:  # its portion marking, at a glance
        line = f"({item.marking}) {line}"
    if item.edited_text is not None:
        line = f"{line}  [edited]"
    if item.note:
        # The note leads: it is the analyst's own word on the item, the source is on record.
        line = f"✎ {' '.join(item.note.split())}  ·  {line}"
    return line


def item_tooltip(item: BriefingItem) -> str:
    """The source line, and the whole note under it when there is one."""
    source = item_subtitle(replace(item, note=None))
    return f"{source}\n\nAnalyst note:\n{item.note}" if item.note else source


class BriefingItemsModel(QAbstractListModel):
    """Rows are ``briefing.items``; ``contents_changed`` fires after every change (autosave)."""

    contents_changed = Signal()

    def __init__(self, undo_stack: QUndoStack, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = undo_stack
        self.briefing: Briefing | None = None
        for signal in (
            self.rowsInserted,
            self.rowsRemoved,
            self.rowsMoved,
            self.dataChanged,
            self.modelReset,
        ):
            signal.connect(lambda *_: self.contents_changed.emit())

    @property
    def items(self) -> list[BriefingItem]:
        return self.briefing.items if self.briefing is not None else []

    def set_briefing(self, briefing: Briefing | None) -> None:
        self.beginResetModel()
        self.briefing = briefing
        self.endResetModel()

    # -- undoable requests (what the GUI calls) --------------------------------------------
    def add_items(self, items: list[BriefingItem], row: int | None = None) -> None:
        if self.briefing is None or not items:
            return
        row = len(self.items) if row is None else row
        self.undo_stack.push(AddItemsCommand(self, row, items))

    def remove_items(self, rows: list[int]) -> None:
        rows = sorted({r for r in rows if 0 <= r < len(self.items)})
        if rows:
            self.undo_stack.push(RemoveItemsCommand(self, rows))

    def edit_item(self, row: int, **changes: object) -> None:
        before = self.items[row]
        after = copy.copy(before)
        for key, value in changes.items():
            setattr(after, key, value)
        if after != before:
            self.undo_stack.push(EditItemCommand(self, row, before, after))

    def moveRows(
        self,
        sourceParent: QModelIndex | QPersistentModelIndex,
        sourceRow: int,
        count: int,
        destinationParent: QModelIndex | QPersistentModelIndex,
        destinationChild: int,
    ) -> bool:
        """Qt's move request (drag-and-drop in the list view) made undoable."""
        if sourceParent.isValid() or destinationParent.isValid() or count < 1:
            return False
        if not (
            0 <= sourceRow
            and sourceRow + count <= len(self.items)
            and 0 <= destinationChild <= len(self.items)
        ):
            return False
        if sourceRow <= destinationChild <= sourceRow + count:
            return False  # onto itself
        self.undo_stack.push(MoveItemsCommand(self, sourceRow, count, destinationChild))
        return True

    # -- raw changes (used by the commands) ------------------------------------------------
    def _insert(self, row: int, items: list[BriefingItem]) -> None:
        self.beginInsertRows(QModelIndex(), row, row + len(items) - 1)
        self.items[row:row] = items
        self.endInsertRows()

    def _remove(self, row: int, count: int) -> list[BriefingItem]:
        self.beginRemoveRows(QModelIndex(), row, row + count - 1)
        removed = self.items[row : row + count]
        del self.items[row : row + count]
        self.endRemoveRows()
        return removed

    def _move(self, row: int, count: int, destination: int) -> None:
        if not self.beginMoveRows(QModelIndex(), row, row + count - 1, QModelIndex(), destination):
            return
        moving = self.items[row : row + count]
        del self.items[row : row + count]
        at = destination - count if destination > row else destination
        self.items[at:at] = moving
        self.endMoveRows()

    def _replace(self, row: int, item: BriefingItem) -> None:
        self.items[row] = item
        index = self.index(row, 0)
        self.dataChanged.emit(index, index)

    # -- Qt model API ----------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.items)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        item = self.items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{index.row() + 1}. {item_heading(item)}"
        if role == SUBTITLE_ROLE:
            return item_subtitle(item)
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(item_tooltip(item))
        if role == ITEM_ROLE:
            return item
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return (
            Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        )

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction


class AddItemsCommand(QUndoCommand):
    def __init__(self, model: BriefingItemsModel, row: int, items: list[BriefingItem]):
        what = items[0].heading if len(items) == 1 else f"{len(items)} items"
        super().__init__(f"Add {what}")
        self.model, self.row, self.items = model, row, list(items)

    def redo(self) -> None:
        self.model._insert(self.row, list(self.items))

    def undo(self) -> None:
        self.model._remove(self.row, len(self.items))


class RemoveItemsCommand(QUndoCommand):
    def __init__(self, model: BriefingItemsModel, rows: list[int]):
        super().__init__(f"Remove {counted(len(rows), 'item')}")
        self.model, self.rows = model, rows
        self.removed: list[tuple[int, BriefingItem]] = []

    def redo(self) -> None:
        self.removed = [(r, self.model.items[r]) for r in self.rows]
        for row in reversed(self.rows):
            self.model._remove(row, 1)

    def undo(self) -> None:
        for row, item in self.removed:
            self.model._insert(row, [item])


class MoveItemsCommand(QUndoCommand):
    def __init__(self, model: BriefingItemsModel, row: int, count: int, destination: int):
        super().__init__("Move item")
        self.model, self.row, self.count, self.destination = model, row, count, destination

    def redo(self) -> None:
        self.model._move(self.row, self.count, self.destination)

    def undo(self) -> None:
        if self.destination > self.row:
            self.model._move(self.destination - self.count, self.count, self.row)
        else:
            self.model._move(self.destination, self.count, self.row + self.count)


class EditItemCommand(QUndoCommand):
    def __init__(
        self, model: BriefingItemsModel, row: int, before: BriefingItem, after: BriefingItem
    ):
        super().__init__(f"Edit {before.heading}")
        self.model, self.row, self.before, self.after = model, row, before, after

    def redo(self) -> None:
        self.model._replace(self.row, self.after)

    def undo(self) -> None:
        self.model._replace(self.row, self.before)


class SetFieldCommand(QUndoCommand):
    """A briefing field (title, subtitle...) changed; consecutive typing merges into one step."""

    ID = 4711

    def __init__(
        self, apply: Callable[[str, str], None], name: str, before: str, after: str
    ) -> None:
        super().__init__(f"Change {name}")
        self.apply, self.name, self.before, self.after = apply, name, before, after

    def id(self) -> int:
        return self.ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SetFieldCommand) or other.name != self.name:
            return False
        self.after = other.after
        return True

    def redo(self) -> None:
        self.apply(self.name, self.after)

    def undo(self) -> None:
        self.apply(self.name, self.before)
