"""The composer's list of briefing items: two lines per item, drag to reorder, keys to edit.

Delete removes the selected items, Ctrl+Up/Down moves the current one (the composer acts on
the signals), Enter edits.
"""

from __future__ import annotations

from briefapp.gui.briefing_model import SUBTITLE_ROLE
from briefapp.gui.qt import (
    QAbstractItemView,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QListView,
    QModelIndex,
    QPainter,
    QPersistentModelIndex,
    QSize,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    Qt,
    QWidget,
    Signal,
    draw_item_background,
)


class ItemDelegate(QStyledItemDelegate):
    """Two lines per item: the heading, and its source in a smaller muted font."""

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        fm = QFontMetrics(option.font)
        return QSize(200, fm.height() * 2 + 14)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        opt = draw_item_background(self, painter, option, index)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        main = opt.palette.highlightedText().color() if selected else opt.palette.text().color()
        muted = main if selected else opt.palette.placeholderText().color()
        rect = opt.rect.adjusted(8, 5, -8, -5)
        fm = QFontMetrics(opt.font)
        painter.save()
        bold = QFont(opt.font)
        bold.setWeight(QFont.Weight.DemiBold)
        painter.setFont(bold)
        painter.setPen(main)
        heading = QFontMetrics(bold).elidedText(
            index.data() or "", Qt.TextElideMode.ElideRight, rect.width()
        )
        painter.drawText(rect.left(), rect.top() + fm.ascent(), heading)
        small = QFont(opt.font)
        small.setPointSizeF(max(opt.font.pointSizeF() - 1, 6))
        painter.setFont(small)
        painter.setPen(muted)
        sub = QFontMetrics(small).elidedText(
            index.data(SUBTITLE_ROLE) or "", Qt.TextElideMode.ElideRight, rect.width()
        )
        painter.drawText(
            rect.left(), rect.top() + fm.height() + 2 + QFontMetrics(small).ascent(), sub
        )
        painter.restore()


class ItemList(QListView):
    """Drag-and-drop reordering; Delete removes, Enter edits."""

    delete_pressed = Signal()
    move_pressed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("briefingItems")
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setItemDelegate(ItemDelegate(self))
        self.setAlternatingRowColors(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if (
            event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
            and self.selectionModel().hasSelection()
        ):
            self.delete_pressed.emit()
            return
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier and event.key() in (
            Qt.Key.Key_Up,
            Qt.Key.Key_Down,
        ):
            self.move_pressed.emit(-1 if event.key() == Qt.Key.Key_Up else 1)
            return
        super().keyPressEvent(event)
