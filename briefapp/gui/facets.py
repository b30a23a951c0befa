"""Facet filters: checkable lists ("Niger (12)") per country, topic and publisher, and a date
range."""

from __future__ import annotations

from datetime import datetime

from briefapp.gui.date_range import DateRangeFilter
from briefapp.gui.qt import (
    QAbstractItemView,
    QHBoxLayout,
    QKeyEvent,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMouseEvent,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
    counted,
)
from briefapp.library.filters import ReportFilter
from briefapp.library.reports import FacetCounts, FacetName

FACETS: tuple[tuple[FacetName, str], ...] = (
    ("country", "Countries"),
    ("topic", "Topics"),
    ("publisher", "Publishers"),
)
VALUE_ROLE = Qt.ItemDataRole.UserRole + 1


class FacetList(QListWidget):
    """One facet: values with counts; checked values are the selection."""

    def __init__(self, facet: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.facet = facet
        self.setObjectName(f"facet-{facet}")
        # No selection: only the tick says a value is active; the current row keeps a focus
        # frame for the keyboard, never the highlight that read as "filter on".
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setUniformItemSizes(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # keeps the count visible

    def _toggle(self, item: QListWidgetItem) -> None:
        checked = item.checkState() == Qt.CheckState.Checked
        item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's virtual
        """A click anywhere on a row (label or box) toggles it: the items are not user
        checkable, so Qt's own indicator handling never toggles a second time."""
        item = self.itemAt(event.position().toPoint())
        super().mouseReleaseEvent(event)
        if item is not None and event.button() == Qt.MouseButton.LeftButton:
            self.setCurrentItem(item)
            self._toggle(item)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's virtual
        item = self.currentItem()
        if item is not None and event.key() in (
            Qt.Key.Key_Space,
            Qt.Key.Key_Return,
            Qt.Key.Key_Enter,
        ):
            self._toggle(item)
            return
        super().keyPressEvent(event)

    def checked_values(self) -> list[str]:
        return [
            self.item(i).data(VALUE_ROLE)
            for i in range(self.count())
            if self.item(i).checkState() == Qt.CheckState.Checked
        ]

    def set_counts(self, counts: list[tuple[str, int]]) -> None:
        """Show these counts, keeping checked values (at the top, with 0 when none match now)."""
        checked = self.checked_values()
        current = self.currentItem().data(VALUE_ROLE) if self.currentItem() else None
        by_value = dict(counts)
        rows = [(v, by_value.get(v, 0)) for v in checked]
        rows += [(v, n) for v, n in counts if v not in checked]
        self.blockSignals(True)
        self.clear()
        for value, n in rows:
            item = QListWidgetItem(f"{value} ({n})")
            item.setData(VALUE_ROLE, value)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            item.setCheckState(
                Qt.CheckState.Checked if value in checked else Qt.CheckState.Unchecked
            )
            item.setToolTip(counted(n, "report"))
            self.addItem(item)
            if value == current:
                self.setCurrentItem(item)
        self.blockSignals(False)

    def clear_checks(self) -> None:
        self.blockSignals(True)
        for i in range(self.count()):
            self.item(i).setCheckState(Qt.CheckState.Unchecked)
        self.blockSignals(False)

    def check_value(self, value: str, checked: bool = True) -> None:
        for i in range(self.count()):
            if self.item(i).data(VALUE_ROLE) == value:
                self.item(i).setCheckState(
                    Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
                )
                return
        raise KeyError(value)


class FacetPanel(QWidget):
    """The left pane. ``changed`` is emitted whenever the selection or the date range changes."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("facetPanel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 4, 8)
        layout.setSpacing(4)
        head = QHBoxLayout()
        title = QLabel("Filters")
        title.setObjectName("paneTitle")
        head.addWidget(title)
        head.addStretch(1)
        self.clear_button = QPushButton("Clear")
        self.clear_button.setFlat(True)
        self.clear_button.setToolTip("Clear every filter")
        self.clear_button.clicked.connect(self.clear)
        head.addWidget(self.clear_button)
        layout.addLayout(head)
        self.lists: dict[FacetName, FacetList] = {}
        for facet, label in FACETS:
            heading = QLabel(label)
            heading.setObjectName("facetHeading")
            layout.addWidget(heading)
            facet_list = FacetList(facet, self)
            facet_list.itemChanged.connect(lambda _item: self.changed.emit())
            heading.setBuddy(facet_list)
            layout.addWidget(facet_list, 1)
            self.lists[facet] = facet_list
        heading = QLabel("&Published")
        heading.setObjectName("facetHeading")
        layout.addWidget(heading)
        self.dates = DateRangeFilter(self)
        self.dates.changed.connect(self.changed)
        self.since, self.until = self.dates.since, self.dates.until
        heading.setBuddy(self.since)
        layout.addWidget(self.dates)

    # -- state -----------------------------------------------------------------------------
    def apply_to(self, filters: ReportFilter) -> ReportFilter:
        filters.countries = self.lists["country"].checked_values()
        filters.topics = self.lists["topic"].checked_values()
        filters.publishers = self.lists["publisher"].checked_values()
        since, until = self.dates.range()
        filters.since = datetime(since.year, since.month, since.day) if since else None
        # "To" is inclusive: up to the end of that day.
        filters.until = datetime(until.year, until.month, until.day, 23, 59, 59) if until else None
        return filters

    def select(self, filters: ReportFilter) -> None:
        """Tick exactly the values and set the dates of ``filters`` (a saved collection),
        emitting ``changed`` once. Values not listed yet are added, with no count."""
        chosen: dict[FacetName, list[str]] = {
            "country": filters.countries,
            "topic": filters.topics,
            "publisher": filters.publishers,
        }
        for facet, facet_list in self.lists.items():
            facet_list.clear_checks()
            facet_list.blockSignals(True)
            for value in chosen.get(facet, []):
                try:
                    facet_list.check_value(value)
                except KeyError:
                    facet_list.set_counts([(value, 0), *_rows(facet_list)])
                    facet_list.check_value(value)
            facet_list.blockSignals(False)
        self.dates.set_range(
            filters.since.date() if filters.since else None,
            filters.until.date() if filters.until else None,
            notify=False,
        )
        self.changed.emit()

    def set_counts(self, facets: FacetCounts) -> None:
        for facet, facet_list in self.lists.items():
            facet_list.set_counts(facets.get(facet, []))

    def clear(self) -> None:
        for facet_list in self.lists.values():
            facet_list.clear_checks()
        self.dates.set_range(None, None, notify=False)
        self.changed.emit()


def _rows(facet_list: FacetList) -> list[tuple[str, int]]:
    """The (value, count) rows a facet list shows now, unchecked ones included."""
    rows = []
    for i in range(facet_list.count()):
        item = facet_list.item(i)
        text = item.text()
        count = text[text.rfind("(") + 1 : -1] if text.endswith(")") else "0"
        rows.append((item.data(VALUE_ROLE), int(count) if count.isdigit() else 0))
    return rows
