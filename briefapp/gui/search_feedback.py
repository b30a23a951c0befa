"""What a search tells the analyst besides its rows: an empty state when nothing matches
(with the way out: clear the filters or the search), and the matched passage highlighted
and scrolled into view in the reader.

The reader's page is not touched: the highlight is a set of extra selections over it, so
the reader's own HTML (and its link handling) stays exactly as it renders it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from briefapp.gui.browser import LibraryBrowser
from briefapp.gui.qt import (
    QColor,
    QEvent,
    QFont,
    QLabel,
    QObject,
    QPushButton,
    Qt,
    QTableView,
    QTextCursor,
    QTextDocument,
    QTextEdit,
    QVBoxLayout,
    QWidget,
    counted,
)
from briefapp.gui.reader import ReaderView
from briefapp.gui.report_model import (
    COL_COUNTRIES,
    COL_PUBLISHER,
    COL_SNIPPET,
    COL_TOPICS,
    SNIPPET_ROLE,
    snippet_html,
)
from briefapp.library import HIT_END, HIT_START
from briefapp.library.filters import ReportFilter
from briefapp.library.query import _WORD
from briefapp.library.search import plain_snippet
from briefapp.library.word_forms import fold, stem

WORD_COLOUR = "#ffe08a"  # the snippet's highlight colour in the table
PASSAGE_COLOUR = "#fff6d6"
NARROW_TABLE = 760  # px of table below which a search hides the publisher column too
# Without a search: (column, table width in px below which it is hidden).
NARROW_HIDES = ((COL_TOPICS, 1000), (COL_COUNTRIES, 800), (COL_PUBLISHER, 560))
_HIT = re.compile(re.escape(HIT_START) + "(.*?)" + re.escape(HIT_END), re.S)


def empty_message(text: str, filters: ReportFilter, trash: bool = False) -> tuple[str, str | None]:
    """(message, button) for a query without results; button None when there is nothing
    to clear (an empty library, or an empty trash)."""
    if trash:  # (search and filters are off while the trash is listed)
        return "The trash is empty.", None
    facets_on = bool(
        filters.countries or filters.topics or filters.publishers or filters.since or filters.until
    )
    if text and facets_on:
        return f"No reports match “{text}” with these filters.", "Clear filters"
    if text:
        return f"No reports match “{text}”.", "Clear search"
    if facets_on:
        return "No reports match these filters.", "Clear filters"
    return "The library is empty. Import reports (Ctrl+I) or drop files here.", None


def count_text(total: int, narrowed: bool) -> str:
    """The status bar's count: "18 reports", "1 matching report" (search or filters on)."""
    return counted(total, "matching report") if narrowed else counted(total, "report")


class EmptyState(QWidget):
    """Sits over the report table's viewport while the table has no rows."""

    def __init__(self, table: QTableView, clear: Callable[[], None]) -> None:
        super().__init__(table.viewport())
        self.setObjectName("emptyState")
        self.table = table
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        self.message = QLabel()
        self.message.setObjectName("emptyState")
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # the search text is the user's
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.button = QPushButton()
        self.button.clicked.connect(lambda: clear())
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        table.viewport().installEventFilter(self)
        self.hide()

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's
        if event.type() == QEvent.Type.Resize:
            self.setGeometry(self.table.viewport().rect())
            fit_search_columns(self.table)
        return False

    def show_for(self, total: int, text: str, filters: ReportFilter, trash: bool = False) -> None:
        """Show the message for ``total`` == 0 (hide it otherwise)."""
        if total:
            self.hide()
            return
        message, button = empty_message(text, filters, trash)
        self.message.setText(message)
        self.button.setVisible(button is not None)
        self.button.setText(button or "")
        self.setGeometry(self.table.viewport().rect())
        self.show()
        self.raise_()


def fit_search_columns(table: QTableView) -> None:
    """Columns that step aside on a narrow table, so the title never shrinks to a stub and
    nothing needs a horizontal scroll bar (the reader shows every detail of the current
    report). While searching, title and match share the width and the countries go first."""
    width = table.viewport().width()
    searching = not table.isColumnHidden(COL_SNIPPET)
    if searching:
        table.setColumnHidden(COL_COUNTRIES, True)
        table.setColumnHidden(COL_PUBLISHER, width < NARROW_TABLE)
        return
    for column, below in NARROW_HIDES:
        table.setColumnHidden(column, width < below)


def hit_words(snippet: str) -> list[str]:
    """The words the search matched, as the snippet marks them, each once."""
    words: list[str] = []
    for word in _HIT.findall(snippet):
        word = word.strip()
        if word and word.casefold() not in (w.casefold() for w in words):
            words.append(word)
    return words


def page_forms(page: str, words: list[str]) -> list[str]:
    """The words of the page sharing an English stem with a hit word, each once, the hit
    words first: a search for "kidnapping" matched "kidnappings" in the snippet, and the
    page's "kidnapping" and "kidnapped" are what the search found too."""
    roots = {stem(fold(w)) for w in words if _WORD.fullmatch(w)}
    out = list(words)
    seen = {w.casefold() for w in words}
    for found in dict.fromkeys(_WORD.findall(page)):
        if found.casefold() not in seen and stem(fold(found)) in roots:
            seen.add(found.casefold())
            out.append(found)
    return out


def passage_candidates(snippet: str) -> list[str]:
    """Pieces of the snippet to look for in the page, most telling first: the longest
    stretch between ellipses, then a few words around the first hit."""
    pieces = [p.strip() for p in plain_snippet(snippet).split("…")]
    pieces = sorted((p for p in pieces if HIT_START in p), key=len, reverse=True)
    out = []
    for piece in pieces[:1]:
        clean = " ".join(piece.replace(HIT_START, "").replace(HIT_END, "").split())
        out.append(clean)
        words = piece.split()
        first = next((i for i, w in enumerate(words) if HIT_START in w), 0)
        near = words[max(first - 3, 0) : first + 4]
        out.append(" ".join(near).replace(HIT_START, "").replace(HIT_END, ""))
    return [c for c in out if len(c) >= 3]


def highlight_match(reader: QTextEdit, snippet: str | None, scroll: bool = True) -> bool:
    """Highlight the matched passage and words in the reader and scroll the passage into
    view; True when the passage (or at least a word) was found on the page."""
    reader.setExtraSelections([])
    if not snippet or HIT_START not in snippet:
        return False
    document = reader.document()
    selections = []
    passage = QTextCursor()
    for candidate in passage_candidates(snippet):
        passage = document.find(candidate)
        if not passage.isNull():
            selections.append(_selection(passage, PASSAGE_COLOUR, bold=False))
            break
    earliest = QTextCursor()  # where to scroll when the passage itself is not found
    whole = QTextDocument.FindFlag.FindWholeWords
    for word in page_forms(document.toPlainText(), hit_words(plain_snippet(snippet))):
        cursor = document.find(word, 0, whole)
        while not cursor.isNull():
            selections.append(_selection(cursor, WORD_COLOUR, bold=True))
            if earliest.isNull() or cursor.selectionStart() < earliest.selectionStart():
                earliest = QTextCursor(cursor)
            cursor = document.find(word, cursor, whole)
    reader.setExtraSelections(selections)
    target = passage if not passage.isNull() else earliest
    if target.isNull():
        return False
    if scroll:
        _scroll_to(reader, target)
    return True


def _selection(cursor: QTextCursor, colour: str, bold: bool) -> QTextEdit.ExtraSelection:
    selection = QTextEdit.ExtraSelection()
    selection.cursor = QTextCursor(cursor)
    selection.format.setBackground(QColor(colour))
    if bold:
        selection.format.setFontWeight(QFont.Weight.DemiBold)
    return selection


def _scroll_to(reader: QTextEdit, cursor: QTextCursor) -> None:
    """Put the passage a third of the way down the reader, where the eye starts reading;
    a passage already in the upper part of the page stays where it is (the title with it)."""
    start = QTextCursor(cursor)
    start.setPosition(cursor.selectionStart())
    bar = reader.verticalScrollBar()
    top = reader.cursorRect(start).top()
    height = reader.viewport().height()
    if 0 <= top < height * 2 // 3:
        return
    bar.setValue(bar.value() + top - height // 3)


class SearchFeedback(QObject):
    """The match line above the reader, the highlight in it and the table's empty state."""

    def __init__(
        self, browser: LibraryBrowser, reader: ReaderView, clear: Callable[[], None]
    ) -> None:
        super().__init__(browser)
        self.browser, self.reader = browser, reader
        self.match_info = QLabel()
        self.match_info.setObjectName("matchInfo")
        self.match_info.setWordWrap(True)
        self.match_info.setTextFormat(Qt.TextFormat.RichText)
        self.match_info.hide()
        self.empty = EmptyState(browser.table, clear)
        browser.results_shown.connect(self._results_shown)
        # The reader redraws its page when its marks change: the highlight comes back,
        # without moving the page under the analyst's eyes.
        reader.page_rerendered.connect(
            lambda: highlight_match(reader, self.current_snippet(), scroll=False)
        )

    def _results_shown(self, total: int) -> None:
        fit_search_columns(self.browser.table)
        self.empty.show_for(
            total,
            self.browser.search.text().strip(),
            self.browser.filters(),
            self.browser.trash_mode,
        )

    def current_snippet(self) -> str | None:
        index = self.browser.table.currentIndex()
        return index.data(SNIPPET_ROLE) if index.isValid() else None

    def update_match_info(self) -> None:
        snippet = self.current_snippet()
        self.match_info.setVisible(bool(snippet))
        if snippet:
            self.match_info.setText(f"<b>Match:</b> {snippet_html(snippet)}")

    def report_shown(self) -> None:
        """Call once the reader shows the current report: highlight what the search found."""
        highlight_match(self.reader, self.current_snippet())
