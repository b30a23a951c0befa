"""Showing errors: a BriefappError shows its message as it is; anything else is a bug."""

from __future__ import annotations

import logging

from briefapp.errors import BriefappError, Cancelled
from briefapp.gui.connection import is_connection_problem
from briefapp.gui.qt import QMessageBox, QObject, Qt, owning_widget

log = logging.getLogger(__name__)


def error_text(error: BaseException) -> str:
    if isinstance(error, BriefappError):
        return str(error)
    return f"An unexpected error occurred ({type(error).__name__}: {error}). Please report it."


def show_error(parent: QObject | None, error: BaseException, trace: str = "") -> None:
    """Tell the user what went wrong (never a traceback in the dialog; it goes to the log)."""
    if isinstance(error, Cancelled):
        return
    parent = owning_widget(parent)
    notice = getattr(parent.window(), "connection_notice", None) if parent is not None else None
    if notice is not None and is_connection_problem(error):
        notice.report(str(error))  # non-modal: the window goes on; the next operation reconnects
        return
    if not isinstance(error, BriefappError):
        log.error("unexpected error in the GUI:\n%s", trace or repr(error))
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "briefapp",
        error_text(error),
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setTextFormat(Qt.TextFormat.PlainText)  # messages quote file names and report text
    box.setModal(True)
    box.open()
