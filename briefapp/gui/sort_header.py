"""A table header whose sort arrow points the way the rows run: down for newest first.

Qt draws an ascending sort with a "sort down" indicator and Fusion paints that as an arrow
pointing up, so a Date column sorted newest first showed an arrow pointing up; analysts read
the arrow as the direction the values run. The header flips the indicator it hands the style.
"""

from __future__ import annotations

from briefapp.gui.qt import QHeaderView, QStyleOptionHeader, Qt, QWidget

_FLIP = {
    QStyleOptionHeader.SortIndicator.SortUp: QStyleOptionHeader.SortIndicator.SortDown,
    QStyleOptionHeader.SortIndicator.SortDown: QStyleOptionHeader.SortIndicator.SortUp,
}


class SortHeader(QHeaderView):
    """Horizontal header: descending shows ▼, ascending ▲."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)

    def initStyleOptionForIndex(  # noqa: N802 - Qt's virtual
        self, option: QStyleOptionHeader, logical_index: int
    ) -> None:
        super().initStyleOptionForIndex(option, logical_index)
        option.sortIndicator = _FLIP.get(option.sortIndicator, option.sortIndicator)
