"""The one module that imports PySide6; the rest of the GUI imports Qt names from here."""

from __future__ import annotations

import html

from PySide6.QtCore import (  # noqa: F401
    QAbstractListModel,
    QAbstractTableModel,
    QByteArray,
    QDate,
    QEvent,
    QEventLoop,
    QItemSelectionModel,
    QLocale,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QPointF,
    QRect,
    QRunnable,
    QSettings,
    QSize,
    Qt,
    QThreadPool,
    QTimer,
    QUrl,
    Signal,
    Slot,
)
from PySide6.QtGui import (  # noqa: F401
    QAbstractTextDocumentLayout,
    QAction,
    QActionGroup,
    QBrush,
    QCloseEvent,
    QColor,
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QFont,
    QFontDatabase,
    QFontMetrics,
    QGuiApplication,
    QIcon,
    QImage,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPalette,
    QPixmap,
    QResizeEvent,
    QShortcut,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QUndoCommand,
    QUndoStack,
)
from PySide6.QtWidgets import (  # noqa: F401
    QAbstractItemView,
    QApplication,
    QCalendarWidget,
    QCheckBox,
    QColorDialog,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QProgressDialog,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionHeader,
    QStyleOptionViewItem,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QTextEdit,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)


def plain_tooltip(text: str | None) -> str | None:
    """A tooltip that shows ``text`` as typed. Qt takes tooltip text that looks like HTML for
    rich text, and would load the pictures it names: report titles are not trusted."""
    if not text:
        return None
    return f'<p style="white-space: pre-wrap">{html.escape(text)}</p>'


def draw_item_background(
    delegate: QStyledItemDelegate,
    painter: QPainter,
    option: QStyleOptionViewItem,
    index: QModelIndex | QPersistentModelIndex,
) -> QStyleOptionViewItem:
    """Let the style paint an item view cell without its text (selection, focus, hover) and
    return the initialised option, for delegates that draw the text themselves."""
    opt = QStyleOptionViewItem(option)
    delegate.initStyleOption(opt, index)
    opt.text = ""
    style = opt.widget.style() if opt.widget else None
    if style:
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
    return opt


def progress_dialog(
    parent: QWidget | None, label: str, title: str, maximum: int, delay_ms: int
) -> QProgressDialog:
    """A window-modal progress dialog with Cancel that appears only if the work lasts."""
    dialog = QProgressDialog(label, "Cancel", 0, maximum, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(delay_ms)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    return dialog


def std_icon(name: str, fallback: QStyle.StandardPixmap) -> QIcon:
    """A themed icon when the desktop theme has it, else the style's standard pixmap."""
    if QIcon.hasThemeIcon(name):
        return QIcon.fromTheme(name)
    return QApplication.style().standardIcon(fallback)


def search_icon(colour: str = "#5c6678", size: int = 16) -> QIcon:
    """A magnifying glass drawn in code (themes without ``edit-find`` have none that fits)."""
    from PySide6.QtGui import QPen

    ratio = (
        QGuiApplication.primaryScreen().devicePixelRatio()
        if QGuiApplication.primaryScreen()
        else 1.0
    )
    pixmap = QPixmap(int(size * ratio), int(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(QColor(0, 0, 0, 0))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(QColor(colour), 1.8)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.drawEllipse(2, 2, 9, 9)
    painter.drawLine(10, 10, 14, 14)
    painter.end()
    return QIcon(pixmap)


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """``counted(1, "report")`` -> "1 report", ``counted(3, "report")`` -> "3 reports"."""
    return f"{n:,} {noun if n == 1 else (plural or noun + 's')}"


def owning_widget(obj: QObject | None) -> QWidget | None:
    """``obj`` itself if it is a widget, else its nearest parent that is (the one whose
    window a message about ``obj``'s work belongs to)."""
    while obj is not None and not isinstance(obj, QWidget):
        obj = obj.parent()
    return obj


def is_alive(obj: QObject) -> bool:
    """Whether the C++ side of ``obj`` still exists (a window going away deletes it first)."""
    import shiboken6

    return bool(shiboken6.isValid(obj))
