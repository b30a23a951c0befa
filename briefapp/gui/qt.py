"""The one module that imports PySide6; the rest of the GUI imports Qt names from here."""

from __future__ import annotations

from PySide6.QtCore import (  # noqa: F401
    QAbstractListModel, QAbstractTableModel, QByteArray, QDate, QEvent, QEventLoop, QItemSelectionModel,
    QMimeData, QModelIndex, QObject, QPersistentModelIndex, QPoint, QRect, QRunnable, QSettings,
    QSize, QThreadPool, Qt, QTimer, QUrl, Signal, Slot,
)
from PySide6.QtGui import (  # noqa: F401
    QAbstractTextDocumentLayout, QAction, QBrush, QColor, QDesktopServices, QFont, QFontMetrics,
    QGuiApplication, QIcon, QKeySequence, QPainter, QPalette, QShortcut, QTextDocument,
    QUndoCommand, QUndoStack,
)
from PySide6.QtWidgets import (  # noqa: F401
    QAbstractItemView, QApplication, QCheckBox, QComboBox, QDateEdit, QDialog, QDialogButtonBox,
    QFileDialog, QFormLayout, QFrame, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
    QListView, QListWidget, QListWidgetItem, QMainWindow, QMenu, QMessageBox, QPlainTextEdit,
    QProgressBar, QProgressDialog, QPushButton, QScrollArea, QSizePolicy, QSplitter, QStyle,
    QStyledItemDelegate, QStyleOptionViewItem, QTableView, QTextBrowser, QToolBar, QToolButton,
    QVBoxLayout, QWidget,
)


def std_icon(name: str, fallback: "QStyle.StandardPixmap") -> QIcon:
    """A themed icon when the desktop theme has it, else the style's standard pixmap."""
    if QIcon.hasThemeIcon(name):
        return QIcon.fromTheme(name)
    return QApplication.style().standardIcon(fallback)


def pdf_classes():
    """QPdfDocument and QPdfView, imported on first use (QtPdf is a separate wheel)."""
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPdfWidgets import QPdfView

    return QPdfDocument, QPdfView
