"""The "Published" date filter: two fields that take dates as analysts type them, a calendar
that opens at the library's newest month, and quick ranges (last 7 or 30 days, this year).

Typed text is read by :func:`parse_typed_date`: ISO (2026-03-04), day and month name
(4 Mar 2026, March 4, 2026) through :func:`briefapp.ingest.dates.parse_user_date`, and
numeric 04/03/2026 in the day/month order of the locale (QLocale's short date format).
A date that cannot be read is kept in the field, marked, and explained in its tooltip.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import partial

from briefapp.gui.operations import Operation
from briefapp.gui.qt import (
    QCalendarWidget,
    QDate,
    QHBoxLayout,
    QKeyEvent,
    QLabel,
    QLineEdit,
    QLocale,
    QMenu,
    QObject,
    QStyle,
    Qt,
    QToolButton,
    QWidget,
    QWidgetAction,
    Signal,
    std_icon,
)
from briefapp.ingest.dates import parse_user_date
from briefapp.library import Library

_NUMERIC = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})\s*$")
QUICK_RANGES = ("Last 7 days", "Last 30 days", "This year", "Any date")


def locale_day_first(locale: QLocale | None = None) -> bool:
    """Whether the locale writes the day before the month in short numeric dates."""
    fmt = (locale or QLocale()).dateFormat(QLocale.FormatType.ShortFormat)
    day, month = fmt.find("d"), fmt.find("M")
    return not (0 <= month < day) if day >= 0 else True


def parse_typed_date(text: str, day_first: bool = True) -> date | None:
    """The date in ``text``; None for an empty field; ValueError (a message fit to show)
    when the text is not a date."""
    text = text.strip()
    if not text:
        return None
    numeric = _NUMERIC.match(text)
    if numeric:
        a, b, year = (int(g) for g in numeric.groups())
        year += 2000 if year < 100 else 0
        if a > 12 or b > 12:  # only one reading makes sense
            day, month = (a, b) if a > 12 else (b, a)
        else:
            day, month = (a, b) if day_first else (b, a)
        try:
            return date(year, month, day)
        except ValueError:
            raise ValueError(f"not a date: {text!r}") from None
    return parse_user_date(text).date()


def quick_range(name: str, today: date) -> tuple[date | None, date | None]:
    """(from, to) of one of :data:`QUICK_RANGES`; "to" is today, inclusive."""
    if name == "Last 7 days":
        return today - timedelta(days=6), today
    if name == "Last 30 days":
        return today - timedelta(days=29), today
    if name == "This year":
        return date(today.year, 1, 1), today
    return None, None


class DateField(QLineEdit):
    """One bound of the range. ``date_changed`` fires with the new date (or None: no bound)
    when a typed date is accepted or a day is picked in the calendar."""

    date_changed = Signal(object)

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = label
        self.setObjectName(f"date{label}")
        self.setPlaceholderText("Any")
        self.setClearButtonEnabled(True)
        self.setAccessibleName(f"Published {label.lower()}")
        self._hint = f"{label} this date: 2026-03-04, 4 Mar 2026 or 04/03/2026; empty for any"
        self.setToolTip(self._hint)
        self._date: date | None = None
        self.newest: date | None = None  # the month the calendar opens at when empty
        self.calendar = QCalendarWidget()
        self.calendar.setObjectName(f"calendar{label}")
        self.calendar.setGridVisible(False)
        self.calendar.clicked.connect(self._picked)
        self.calendar.activated.connect(self._picked)
        self.menu = QMenu(self)
        holder = QWidgetAction(self.menu)
        holder.setDefaultWidget(self.calendar)
        self.menu.addAction(holder)
        self.menu.aboutToShow.connect(self._turn_calendar)
        pick = self.addAction(
            std_icon("view-calendar", QStyle.StandardPixmap.SP_FileDialogDetailedView),
            QLineEdit.ActionPosition.TrailingPosition,
        )
        pick.setToolTip("Pick from a calendar (Alt+Down)")
        pick.triggered.connect(self.show_calendar)
        self.editingFinished.connect(self.commit_text)
        self.textChanged.connect(self._text_changed)

    # -- value -----------------------------------------------------------------------------
    def value(self) -> date | None:
        """The bound in force: the last date accepted (None: no bound)."""
        return self._date

    def set_date(self, value: date | None, notify: bool = True) -> None:
        self._set_invalid(None)
        self.setText(value.isoformat() if value else "")
        if value != self._date:
            self._date = value
            if notify:
                self.date_changed.emit(value)

    def commit_text(self) -> bool:
        """Read the typed text; True when it is a date (or empty)."""
        try:
            value = parse_typed_date(self.text(), locale_day_first(self.locale()))
        except ValueError as exc:
            self._set_invalid(str(exc))
            return False
        self.set_date(value)
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's virtual
        if event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier:
            self.show_calendar()
            return
        super().keyPressEvent(event)

    # -- calendar --------------------------------------------------------------------------
    def show_calendar(self) -> None:
        self.menu.popup(self.mapToGlobal(self.rect().bottomLeft()))
        self.calendar.setFocus()

    def _turn_calendar(self) -> None:
        shown = self._date or self.newest or date.today()
        self.calendar.setSelectedDate(QDate(shown.year, shown.month, shown.day))
        self.calendar.setCurrentPage(shown.year, shown.month)

    def _picked(self, day: QDate) -> None:
        self.menu.close()
        self.set_date(date(day.year(), day.month(), day.day()))

    # -- marking ---------------------------------------------------------------------------
    def _text_changed(self, text: str) -> None:
        if not text:  # the clear button: no bound, at once
            self.set_date(None)

    def _set_invalid(self, problem: str | None) -> None:
        self.setProperty("invalid", problem is not None)
        self.setToolTip(f"{problem}. {self._hint}" if problem else self._hint)
        self.style().unpolish(self)
        self.style().polish(self)


class DateRangeFilter(QWidget):
    """From and To fields with a quick-range menu. ``changed`` after either bound changes."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dateRange")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.since = DateField("From")
        self.until = DateField("To")
        self.quick = QToolButton()
        self.quick.setObjectName("quickRanges")
        self.quick.setText("▾")
        self.quick.setToolTip("Quick ranges: last 7 days, last 30 days, this year")
        self.quick.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.quick)
        for name in QUICK_RANGES:
            menu.addAction(name).triggered.connect(partial(self._quick_picked, name))
        self.quick.setMenu(menu)
        layout.addWidget(self.since, 1)
        layout.addWidget(QLabel("–"))
        layout.addWidget(self.until, 1)
        layout.addWidget(self.quick)
        for field in (self.since, self.until):
            field.date_changed.connect(self._bound_changed)

    def _bound_changed(self, _value: object) -> None:
        self.changed.emit()

    def set_newest(self, newest: date | None) -> None:
        """The library's newest publication date: where the calendars open."""
        self.since.newest = self.until.newest = newest

    def _quick_picked(self, name: str, _checked: bool = False) -> None:
        self.apply_quick(name)

    def apply_quick(self, name: str, today: date | None = None) -> None:
        since, until = quick_range(name, today or date.today())
        self.set_range(since, until)

    def set_range(self, since: date | None, until: date | None, notify: bool = True) -> None:
        before = self.range()
        self.since.set_date(since, notify=False)
        self.until.set_date(until, notify=False)
        if notify and before != (since, until):
            self.changed.emit()

    def range(self) -> tuple[date | None, date | None]:
        return self.since.value(), self.until.value()


def newest_published(library: Library) -> date | None:
    """The newest publication date in the library (no Qt: runs in the background)."""
    newest = library.list_reports(sort="published", descending=True, limit=1)
    published = newest[0].published if newest else None
    return published.date() if published else None


def follow_newest(parent: QObject, library: Library, dates: DateRangeFilter) -> Operation:
    """Point the calendars at the library's newest month, once it is known."""
    return Operation(
        parent, lambda job: newest_published(library), success=dates.set_newest
    ).run_in_background()
