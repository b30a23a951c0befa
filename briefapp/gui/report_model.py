"""Lazy table model over report ids: rows are fetched in pages on demand, so 100,000 reports
cost one list of ints plus a small cache.

Custom roles:

* ``REPORT_ID_ROLE`` – the report's id (int)
* ``REPORT_ROLE`` – the :class:`briefapp.models.Report` (without sections)
* ``SNIPPET_ROLE`` – the search snippet for the row, matches wrapped in HIT_START/HIT_END, or None
* ``COPIES_ROLE`` – for a first capture, how many near-duplicate copies it has (0 for none)
* ``COPY_OF_ROLE`` – for a copy shown under its opened group, the first capture's id, else None

Near-duplicates are grouped: the query lists first captures only, with a count of their copies
(``set_ids(copy_counts=...)``); :meth:`ReportTableModel.open_group` inserts a group's copies
under it and :meth:`close_group` takes them out again.
"""

from __future__ import annotations

import html
from collections import OrderedDict
from collections.abc import Callable

from briefapp.gui.qt import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    plain_tooltip,
)
from briefapp.library import HIT_END, HIT_START, plain_snippet
from briefapp.models import Report, ReportId

_ROOT = QModelIndex()  # the invisible root: default parent of the flat models
COL_TITLE, COL_DATE, COL_PUBLISHER, COL_COUNTRIES, COL_TOPICS, COL_GRADE, COL_SNIPPET = range(7)
COL_COPIES = 7
HEADERS = ("Title", "Date", "Publisher", "Countries", "Topics", "Grade", "Match", "Captures")
# Library sort key of each column (None: not sortable, e.g. the search snippet).
SORT_KEYS = ("title", "published", "publisher", "countries", "topics", "grade", None, None)

REPORT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
REPORT_ROLE = Qt.ItemDataRole.UserRole + 2
SNIPPET_ROLE = Qt.ItemDataRole.UserRole + 3
COPIES_ROLE = Qt.ItemDataRole.UserRole + 4
COPY_OF_ROLE = Qt.ItemDataRole.UserRole + 5

PAGE_SIZE = 200
MAX_PAGES = 40  # cache at most 8,000 rows

Fetcher = Callable[[list[ReportId]], list[Report]]


def snippet_html(snippet: str) -> str:
    """A search snippet as HTML with the matched words highlighted."""
    text = html.escape(plain_snippet(snippet))
    return text.replace(HIT_START, '<span style="background:#ffe08a;font-weight:600">').replace(
        HIT_END, "</span>"
    )


def _by_id(reports: list[Report]) -> dict[ReportId, Report]:
    """Key reports by id (a report from the library always has one)."""
    return {r.id: r for r in reports if r.id is not None}


class ReportTableModel(QAbstractTableModel):
    """Rows are ``ids``; a page of reports is loaded when one of its rows is first shown.

    With ``request_page`` the model never waits for the database: a missing page is asked
    for (``request_page(epoch, page, ids)``, answered later by :meth:`put_page`) and its rows
    are blank for that moment. Without it, ``fetch(ids)`` (``Library.reports_by_ids``) loads
    the page at once.
    """

    def __init__(
        self,
        fetch: Fetcher | None = None,
        parent: QObject | None = None,
        request_page: Callable[[int, int, list[ReportId]], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self._request_page = request_page
        self._ids: list[ReportId] = []
        self._snippets: dict[ReportId, str] = {}
        self._pages: OrderedDict[int, dict[ReportId, Report]] = OrderedDict()
        self._requested: set[int] = set()
        self._epoch = 0  # bumped on every reset, so late pages of an old result are dropped
        self._copy_counts: dict[ReportId, int] = {}
        self._copy_of: dict[ReportId, ReportId] = {}  # copy id -> first capture, for opened groups
        self._asked: set[ReportId] = set()  # ids asked for again after rows moved between pages

    # -- contents ----------------------------------------------------------------------
    def set_ids(
        self,
        ids: list[ReportId],
        snippets: dict[ReportId, str] | None = None,
        first_page: list[Report] | None = None,
        copy_counts: dict[ReportId, int] | None = None,
    ) -> None:
        """Show these reports in this order (a query result); ``first_page`` seeds the cache;
        ``copy_counts``: first capture id -> its near-duplicate copies (groups start closed)."""
        self.beginResetModel()
        self._epoch += 1
        self._ids = list(ids)
        self._snippets = dict(snippets or {})
        self._copy_counts = dict(copy_counts or {})
        self._copy_of.clear()
        self._asked.clear()
        self._pages.clear()
        self._requested.clear()
        if first_page:
            self._pages[0] = _by_id(first_page)
        self.endResetModel()

    def put_page(self, epoch: int, number: int, reports: list[Report]) -> None:
        """A page asked for with ``request_page`` has arrived."""
        if epoch != self._epoch:
            return
        self._requested.discard(number)
        self._store_page(number, _by_id(reports))
        first = number * PAGE_SIZE
        last = min(first + PAGE_SIZE, len(self._ids)) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(HEADERS) - 1))

    def _store_page(self, number: int, page: dict[ReportId, Report]) -> None:
        self._pages[number] = page
        while len(self._pages) > MAX_PAGES:
            self._pages.popitem(last=False)

    def ids(self) -> list[ReportId]:
        return list(self._ids)

    # -- near-duplicate groups -----------------------------------------------------------
    def copies(self, report_id: ReportId) -> int:
        """How many copies the group of this first capture has (0: not a group)."""
        return self._copy_counts.get(report_id, 0)

    def is_open(self, report_id: ReportId) -> bool:
        return report_id in self._copy_of.values()

    def open_group(self, report_id: ReportId, copy_ids: list[ReportId]) -> None:
        """Show a group's copies right under its first capture."""
        row = self.row_of(report_id)
        new = [i for i in copy_ids if i not in self._copy_of and i != report_id]
        if row < 0 or not new or self.is_open(report_id):
            return
        self.beginInsertRows(_ROOT, row + 1, row + len(new))
        self._ids[row + 1 : row + 1] = new
        for copy_id in new:
            self._copy_of[copy_id] = report_id
        self._pages_moved()
        self.endInsertRows()
        self.dataChanged.emit(self.index(row, COL_COPIES), self.index(row, COL_COPIES))

    def close_group(self, report_id: ReportId) -> None:
        row = self.row_of(report_id)
        count = sum(1 for parent in self._copy_of.values() if parent == report_id)
        if row < 0 or not count:
            return
        self.beginRemoveRows(_ROOT, row + 1, row + count)
        for copy_id in self._ids[row + 1 : row + 1 + count]:
            self._copy_of.pop(copy_id, None)
        del self._ids[row + 1 : row + 1 + count]
        self._pages_moved()
        self.endRemoveRows()
        self.dataChanged.emit(self.index(row, COL_COPIES), self.index(row, COL_COPIES))

    def _pages_moved(self) -> None:
        """Rows moved (a group opened or closed): cached pages stay (they are keyed by report
        id), and a row whose report is not in its page's cache any more is asked for again."""
        self._asked.clear()

    def row_of(self, report_id: ReportId) -> int:
        try:
            return self._ids.index(report_id)
        except ValueError:
            return -1

    def refresh_report(self, report: Report) -> None:
        """Replace one cached report after an edit and repaint its row."""
        if report.id is None:
            return
        row = self.row_of(report.id)
        if row < 0:
            return
        page = self._pages.get(row // PAGE_SIZE)
        if page is not None:
            page[report.id] = report
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))

    def report_at(self, row: int) -> Report | None:
        if not 0 <= row < len(self._ids):
            return None
        number = row // PAGE_SIZE
        page = self._pages.get(number)
        if page is None:
            start = number * PAGE_SIZE
            chunk = self._ids[start : start + PAGE_SIZE]
            if self._request_page is not None:
                if number not in self._requested:
                    self._requested.add(number)
                    self._request_page(self._epoch, number, chunk)
                return None
            if self._fetch is None:  # neither way to load a page: the row stays blank
                return None
            page = _by_id(self._fetch(chunk))
            self._store_page(number, page)
        else:
            self._pages.move_to_end(number)
        report = page.get(self._ids[row])
        if report is None:
            report = self._moved_row(row)
        return report

    def _moved_row(self, row: int) -> Report | None:
        """A row that moved to another page (a group opened or closed above it): look in
        every cached page, else ask for its page again, once."""
        report_id = self._ids[row]
        for page in self._pages.values():
            if report_id in page:
                return page[report_id]
        if report_id in self._asked:
            return None
        number = row // PAGE_SIZE
        chunk = self._ids[number * PAGE_SIZE : (number + 1) * PAGE_SIZE]
        self._asked.update(chunk)
        if self._request_page is not None:
            self._requested.add(number)
            self._request_page(self._epoch, number, chunk)
            return None
        if self._fetch is None:
            return None
        fetched = _by_id(self._fetch(chunk))
        self._store_page(number, {**self._pages.get(number, {}), **fetched})
        return fetched.get(report_id)

    # -- Qt model API --------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> str | None:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(HEADERS)
        ):
            return HEADERS[section]
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if not index.isValid() or index.row() >= len(self._ids):
            return None
        row, col = index.row(), index.column()
        if role == REPORT_ID_ROLE:
            return self._ids[row]
        if role == SNIPPET_ROLE:
            return self._snippets.get(self._ids[row])
        if role == COPIES_ROLE:
            return self._copy_counts.get(self._ids[row], 0)
        if role == COPY_OF_ROLE:
            return self._copy_of.get(self._ids[row])
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            REPORT_ROLE,
            Qt.ItemDataRole.TextAlignmentRole,
        ):
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col in (COL_DATE, COL_GRADE, COL_COPIES):
                return int(Qt.AlignmentFlag.AlignCenter)
            return None
        report = self.report_at(row)
        if report is None:
            return None
        if role == REPORT_ROLE:
            return report
        if role == Qt.ItemDataRole.ToolTipRole:
            copies = self._copy_counts.get(self._ids[row], 0)
            if col == COL_COPIES and copies:
                verb = "hide" if self.is_open(self._ids[row]) else "show"
                return f"Captured {copies + 1} times: click to {verb} the others"
            if col == COL_SNIPPET:
                snippet = self._snippets.get(self._ids[row])
                return snippet_html(snippet) if snippet else None
            return plain_tooltip(report.title) if col == COL_TITLE else None
        return self._display(report, col)

    def _display(self, report: Report, col: int) -> str:
        if col == COL_TITLE:
            # A copy under its opened group is indented with a corner, like a tree's child.
            return f"    ↳ {report.title}" if report.id in self._copy_of else report.title
        if col == COL_COPIES:
            count = self._copy_counts.get(report.id, 0) if report.id is not None else 0
            if not count or report.id is None:
                return ""
            arrow = "▾" if self.is_open(report.id) else "▸"
            return f"{arrow} {count} more"
        if col == COL_DATE:
            return report.published.strftime("%Y-%m-%d") if report.published else ""
        if col == COL_PUBLISHER:
            return report.publisher or ""
        if col == COL_COUNTRIES:
            return ", ".join(report.countries)
        if col == COL_TOPICS:
            return ", ".join(report.topics)
        if col == COL_GRADE:
            return report.grade
        if col == COL_SNIPPET:
            snippet = self._snippets.get(report.id) if report.id is not None else None
            return (
                plain_snippet(snippet).replace(HIT_START, "").replace(HIT_END, "")
                if snippet
                else ""
            )
        return ""
