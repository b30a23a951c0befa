"""Library browser: the report table, the header search field and the facet panel, with every
query run off the GUI thread (debounced typing, stale results dropped by generation)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from briefapp.gui.changes import LibraryChanges
from briefapp.gui.facets import FacetPanel
from briefapp.gui.operations import Job, Operation
from briefapp.gui.qt import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QModelIndex,
    QObject,
    QPainter,
    QPersistentModelIndex,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    Qt,
    QTableView,
    QTextDocument,
    QTimer,
    QWidget,
    Signal,
    draw_item_background,
    search_icon,
)
from briefapp.gui.report_model import (
    COL_COPIES,
    COL_COUNTRIES,
    COL_DATE,
    COL_GRADE,
    COL_PUBLISHER,
    COL_SNIPPET,
    COL_TITLE,
    COL_TOPICS,
    COPIES_ROLE,
    PAGE_SIZE,
    REPORT_ID_ROLE,
    SNIPPET_ROLE,
    SORT_KEYS,
    ReportTableModel,
    snippet_html,
)
from briefapp.gui.sort_header import SortHeader
from briefapp.library import HIT_START, Library
from briefapp.library.filters import ReportFilter
from briefapp.library.reports import FacetCounts
from briefapp.models import Report, ReportId

DEBOUNCE_MS = 200
SEARCH_HIT_LIMIT = 500


@dataclass
class QueryResult:
    """What one query yields: ids in display order, snippets by report id, facet counts."""

    ids: list[ReportId]
    snippets: dict[ReportId, str] = field(default_factory=dict)
    first_page: list[Report] = field(default_factory=list)
    total: int = 0
    copy_counts: dict[ReportId, int] = field(default_factory=dict)


def run_query(
    library: Library,
    filters: ReportFilter,
    sort: str | None,
    descending: bool,
    trash: bool = False,
) -> QueryResult:
    """Plain function (no Qt): ranked hits first when searching without an explicit sort;
    one row per group of near-duplicates. ``trash``: the reports in the trash instead."""
    if trash:
        ids = library.trash_ids()
        return QueryResult(
            ids=ids, first_page=library.reports_by_ids(ids[:PAGE_SIZE]), total=len(ids)
        )
    snippets: dict[ReportId, str] = {}
    ranked: list[ReportId] = []
    if filters.text.strip():
        base = replace(filters, text="")
        for hit in library.search(filters.text, limit=SEARCH_HIT_LIMIT, filters=base):
            if hit.report_id not in snippets:
                ranked.append(hit.report_id)
                snippets[hit.report_id] = hit.snippet
            elif HIT_START not in snippets[hit.report_id] and HIT_START in hit.snippet:
                # The best hit may be the title alone: show the best passage with the words.
                snippets[hit.report_id] = hit.snippet
    ids, copy_counts = library.report_groups(filters, sort or "published", descending)
    if filters.text.strip() and sort is None:
        seen, matching = set(ranked), set(ids)
        ids = [i for i in ranked if i in matching] + [i for i in ids if i not in seen]
    return QueryResult(
        ids=ids,
        snippets=snippets,
        first_page=library.reports_by_ids(ids[:PAGE_SIZE]),
        total=len(ids),
        copy_counts=copy_counts,
    )


class SnippetDelegate(QStyledItemDelegate):
    """Paints the search snippet with the matched words highlighted."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        snippet = index.data(SNIPPET_ROLE)
        if not snippet:
            super().paint(painter, option, index)
            return
        opt = draw_item_background(self, painter, option, index)
        doc = QTextDocument()
        doc.setDefaultFont(opt.font)
        doc.setDocumentMargin(0)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        colour = opt.palette.highlightedText().color() if selected else opt.palette.text().color()
        doc.setHtml(f'<span style="color:{colour.name()}">{snippet_html(snippet)}</span>')
        doc.setTextWidth(10_000)  # one line; elided by the clip
        painter.save()
        rect = opt.rect.adjusted(4, 0, -4, 0)
        painter.setClipRect(rect)
        painter.translate(rect.left(), rect.top() + (rect.height() - doc.size().height()) / 2)
        doc.drawContents(painter)
        painter.restore()


class ReportTable(QTableView):
    """The report table: Enter opens the report (``activated``)."""

    def __init__(self, model: ReportTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportTable")
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setTabKeyNavigation(False)  # Tab leaves the table for the reader (no trap)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setHorizontalHeader(SortHeader(self))
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(COL_DATE, Qt.SortOrder.DescendingOrder)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        # The title takes whatever width is left, so every column fits without scrolling.
        widths = {
            COL_DATE: 88,
            COL_PUBLISHER: 150,
            COL_COUNTRIES: 140,
            COL_TOPICS: 130,
            COL_GRADE: 52,
            COL_SNIPPET: 300,
            COL_COPIES: 84,
        }
        for col, width in widths.items():
            self.setColumnWidth(col, width)
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(48)
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        # While searching, title and match share the width: the title stays readable.
        header.setSectionResizeMode(COL_SNIPPET, QHeaderView.ResizeMode.Stretch)
        header.moveSection(
            COL_SNIPPET, COL_TITLE + 1
        )  # when searching, the match is read next to the title
        self.setItemDelegateForColumn(COL_SNIPPET, SnippetDelegate(self))
        self.setColumnHidden(COL_SNIPPET, True)
        self.setColumnHidden(COL_COPIES, True)


class LibraryBrowser(QObject):
    """Owns the report model and runs the queries behind the search field and the facets.

    ``results_shown(total)`` after each query result is applied; ``current_report_changed(id)``
    when the current row changes (-1 for none).
    """

    results_shown = Signal(int)
    facets_shown = Signal()
    current_report_changed = Signal(int)

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.model = ReportTableModel(library.reports_by_ids, self, request_page=self._request_page)
        self.table = ReportTable(self.model)
        self.facets = FacetPanel()
        self.search = QLineEdit()
        self.search.setObjectName("searchField")
        self.search.setPlaceholderText("Search reports (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.addAction(search_icon(), QLineEdit.ActionPosition.LeadingPosition)
        self._sort: str | None = "published"
        self._descending = True
        self._generation = 0
        self.busy = False
        self.trash_mode = False  # the table lists the trash instead of the library
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.refresh)
        self.search.textEdited.connect(self._text_edited)
        self.search.returnPressed.connect(self._search_now)
        self.facets.changed.connect(self.refresh)
        self.table.horizontalHeader().sortIndicatorChanged.connect(self._sort_changed)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.clicked.connect(self._clicked)

    # -- state -----------------------------------------------------------------------------
    def filters(self) -> ReportFilter:
        return self.facets.apply_to(ReportFilter(text=self.search.text().strip()))

    def selected_ids(self) -> list[ReportId]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.index(r, 0).data(REPORT_ID_ROLE) for r in rows]

    def show_trash(self, on: bool) -> None:
        """List the trash (``on``) or the library again."""
        if on != self.trash_mode:
            self.trash_mode = on
            self.refresh()

    def _clicked(self, index: QModelIndex) -> None:
        if index.column() == COL_COPIES and index.data(COPIES_ROLE):
            self.toggle_group(index.data(REPORT_ID_ROLE))

    def toggle_group(self, report_id: ReportId) -> Operation | None:
        """Show or hide the other captures of a first capture, under it."""
        if self.model.is_open(report_id):
            self.model.close_group(report_id)
            return None
        library, filters = self.library, self.filters()
        return Operation(
            self,
            lambda job: library.copies_of(report_id, filters),
            success=lambda ids: self.model.open_group(report_id, ids),
        ).run_in_background()

    def current_id(self) -> ReportId | None:
        index = self.table.currentIndex()
        return index.data(REPORT_ID_ROLE) if index.isValid() else None

    # -- queries ---------------------------------------------------------------------------
    def _text_edited(self, text: str) -> None:
        header = self.table.horizontalHeader()
        header.blockSignals(True)  # changing the indicator here is not a user's sort request
        if text.strip() and self._sort == "published" and self._descending:
            self._sort = None  # a new search ranks by relevance until a header is clicked
            header.setSortIndicator(-1, Qt.SortOrder.DescendingOrder)
        elif not text.strip() and self._sort is None:
            self._sort, self._descending = "published", True
            header.setSortIndicator(COL_DATE, Qt.SortOrder.DescendingOrder)
        header.blockSignals(False)
        header.viewport().update()
        self._debounce.start()

    def _search_now(self) -> None:
        self._debounce.stop()
        self.refresh()

    def _sort_changed(self, column: int, order: Qt.SortOrder) -> None:
        key = SORT_KEYS[column] if 0 <= column < len(SORT_KEYS) else None
        if key is None:
            self._sort = None if self.search.text().strip() else "published"
        else:
            self._sort = key
        self._descending = order == Qt.SortOrder.DescendingOrder
        self.refresh()

    def refresh(self) -> None:
        """Query the library in the background; only the newest query's result is shown."""
        self._debounce.stop()
        self._generation += 1
        generation = self._generation
        filters, sort, descending = self.filters(), self._sort, self._descending
        library, trash = self.library, self.trash_mode
        self.busy = True
        Operation(
            self,
            lambda job: run_query(library, filters, sort, descending, trash),
            success=lambda result: self._apply(generation, result, filters),
        ).run_in_background()

    def library_changed(self, changes: LibraryChanges) -> None:
        """Follow an operation's changes: repaint the rows it carries fresh copies of at once,
        then run the query again (order, matches and facet counts may differ now)."""
        for report in changes.reports:
            self.model.refresh_report(report)
        if changes.touches_reports():
            self.refresh()

    def _count_facets(self, generation: int, filters: ReportFilter) -> None:
        """Facet counts come after the rows (they are the slow part on big libraries) and are
        skipped when a newer query has started meanwhile."""
        library = self.library

        def facets(job: Job) -> FacetCounts | None:
            return None if generation != self._generation else library.facets(filters)

        Operation(
            self, facets, success=lambda counts: self._apply_facets(generation, counts)
        ).run_in_background()

    def _apply_facets(self, generation: int, counts: FacetCounts | None) -> None:
        if counts is None or generation != self._generation:
            return
        self.facets.set_counts(counts)
        self.facets_shown.emit()

    def _request_page(self, epoch: int, number: int, ids: list[ReportId]) -> None:
        library = self.library
        Operation(
            self,
            lambda job: library.reports_by_ids(ids),
            success=lambda reports: self.model.put_page(epoch, number, reports),
        ).run_in_background()

    def _apply(self, generation: int, result: QueryResult, filters: ReportFilter) -> None:
        if generation != self._generation:
            return  # a newer query is on its way
        self._count_facets(generation, filters)
        current = self.current_id()
        searching = bool(result.snippets)
        self.model.set_ids(result.ids, result.snippets, result.first_page, result.copy_counts)
        self.table.setColumnHidden(COL_SNIPPET, not searching)
        self.table.setColumnHidden(COL_COPIES, not result.copy_counts)
        # While searching, the match takes the place of the topics column: title and match
        # are what the analyst reads (the reader below shows every detail of the report).
        self.table.setColumnHidden(COL_TOPICS, searching)
        self.busy = False
        row = self.model.row_of(current) if current is not None else -1
        if row < 0 and self.model.rowCount():
            row = 0
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        else:
            self.current_report_changed.emit(-1)
        self.results_shown.emit(result.total)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.current_report_changed.emit(current.data(REPORT_ID_ROLE) if current.isValid() else -1)
