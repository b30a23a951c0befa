"""The in-app preview of an exported PDF: its pages, fit to the width, drawn by PDFium.

The importer already reads PDFs with PDFium (pypdfium2), so the preview draws pages with it
too rather than with QtPdf, a second copy of PDFium (with QtPdf gone, the portable build also
drops Qt's network library, which only QtPdf linked). Only the pages in view are drawn, at
the width shown; PDFium is shared with importing threads, so drawing waits its turn without
ever blocking the window (a busy PDFium is tried again a moment later).
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from briefapp.gui.qt import (
    QDesktopServices,
    QEvent,
    QHBoxLayout,
    QImage,
    QLabel,
    QObject,
    QPixmap,
    QPushButton,
    QRect,
    QResizeEvent,
    QScrollArea,
    QSize,
    QStyle,
    Qt,
    QTimer,
    QUrl,
    QVBoxLayout,
    QWidget,
    std_icon,
)
from briefapp.ingest.pdf import pdfium_lock

PAGE_SPACING = 12
MARGIN = 12


class PdfPreview(QWidget):
    """The pages of a PDF file, one under another, fit to width, with an Open button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        bar.setContentsMargins(8, 6, 8, 6)
        self.info = QLabel("")
        self.info.setTextFormat(Qt.TextFormat.PlainText)  # a briefing title is not markup
        bar.addWidget(self.info, 1)
        self.open_button = QPushButton("Open in viewer")
        self.open_button.setIcon(
            std_icon("document-open", QStyle.StandardPixmap.SP_DialogOpenButton)
        )
        self.open_button.clicked.connect(self.open_external)
        bar.addWidget(self.open_button)
        layout.addLayout(bar)
        self.page_area = QScrollArea(self)
        self.page_area.setObjectName("pdfPages")
        self.page_area.setWidgetResizable(True)
        self.page_area.setStyleSheet(
            "QScrollArea#pdfPages > QWidget > QWidget { background: #6b7280; }"
        )
        self.pages = QWidget()
        self.column = QVBoxLayout(self.pages)
        self.column.setContentsMargins(MARGIN, MARGIN, MARGIN, MARGIN)
        self.column.setSpacing(PAGE_SPACING)
        self.column.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.page_area.setWidget(self.pages)
        layout.addWidget(self.page_area, 1)
        self.path: Path | None = None
        self._document: pdfium.PdfDocument | None = None
        self._sizes: list[tuple[float, float]] = []  # page sizes in points
        self._labels: list[QLabel] = []
        self._drawn: dict[int, int] = {}  # page -> the width it was drawn at
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(30)
        self._timer.timeout.connect(self._draw_visible)
        self.page_area.verticalScrollBar().valueChanged.connect(lambda _value: self._timer.start())
        # The pages follow the viewport's width, which settles only once the dialog is shown
        # (and changes when the scroll bar comes or goes): sized earlier, they stayed narrow.
        self.page_area.viewport().installEventFilter(self)

    def load(self, path: Path, password: str | None = None, label: str | None = None) -> int:
        """Show a PDF file; the number of its pages."""
        self.close_document()
        self.path = Path(path)
        with pdfium_lock():
            self._document = pdfium.PdfDocument(str(path), password=password)
            self._sizes = [self._document.get_page_size(i) for i in range(len(self._document))]
        for _size in self._sizes:
            page = QLabel(self.pages)
            page.setAlignment(Qt.AlignmentFlag.AlignCenter)
            page.setStyleSheet("background: white;")
            self.column.addWidget(page)
            self._labels.append(page)
        self._fit()
        count = len(self._sizes)
        self.info.setText(f"{label or self.path.name} — {count} page{'' if count == 1 else 's'}")
        return len(self._sizes)

    def page_count(self) -> int:
        return len(self._sizes)

    def close_document(self) -> None:
        """Let go of the file (before the dialog closes or another file is shown)."""
        for page in self._labels:
            page.deleteLater()
        self._labels, self._sizes, self._drawn = [], [], {}
        if self._document is not None:
            with pdfium_lock():
                self._document.close()
            self._document = None

    def open_external(self) -> None:
        if self.path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path)))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        """Fit the pages again when the viewport's width changes."""
        if watched is self.page_area.viewport() and event.type() == QEvent.Type.Resize:
            self._fit()
        return super().eventFilter(watched, event)

    def _width(self) -> int:
        return max(200, self.page_area.viewport().width() - 2 * MARGIN)

    def _fit(self) -> None:
        """Size every page to the width (drawn later, when in view)."""
        width = self._width()
        for page, (w, h) in zip(self._labels, self._sizes, strict=True):
            page.setFixedSize(QSize(width, round(width * h / w)))
        self._timer.start()

    def _draw_visible(self) -> None:
        if self._document is None:
            return
        view = self.page_area.viewport()
        top = self.page_area.verticalScrollBar().value()
        visible = QRect(0, top - view.height(), self.pages.width(), 3 * view.height())
        width = self._width()
        lock = pdfium_lock()
        if not lock.acquire(blocking=False):  # an import is reading a PDF: try again soon
            self._timer.start(200)
            return
        try:
            for number, page in enumerate(self._labels):
                if self._drawn.get(number) == width or not page.geometry().intersects(visible):
                    continue
                page.setPixmap(self._render(number, width))
                self._drawn[number] = width
        finally:
            lock.release()

    def _render(self, number: int, width: int) -> QPixmap:
        assert self._document is not None
        ratio = self.devicePixelRatioF()
        scale = width * ratio / self._sizes[number][0]
        page = self._document[number]
        try:
            bitmap = page.render(scale=scale, rev_byteorder=True)
            image = QImage(
                bytes(bitmap.buffer),
                bitmap.width,
                bitmap.height,
                bitmap.stride,
                QImage.Format.Format_RGB888
                if bitmap.n_channels == 3
                else QImage.Format.Format_RGBA8888,
            ).copy()  # (own the pixels: the buffer goes with the bitmap)
        finally:
            page.close()
        image.setDevicePixelRatio(ratio)
        return QPixmap.fromImage(image)
