"""Telling the analyst that the library server went away, without stopping the window.

A server library can lose its connection mid-import, mid-search or mid-save: the server then
rolls the interrupted transaction back whole, and the library reconnects at its next operation.
The window says so in its status bar and in one non-modal message naming the server (work
goes on in the window meanwhile); a failed import offers to run again.
"""

from __future__ import annotations

from collections.abc import Callable

from briefapp.errors import BriefappError
from briefapp.gui.qt import QMainWindow, QMessageBox, QObject, QPushButton, Qt

# How the server library words a lost or refused connection (briefapp/library/pg/store.py):
# import results carry these as text, not as exceptions.
_CONNECTION_WORDS = ("lost the connection to the library server", "cannot reach the library server")


def is_connection_problem(error: BaseException | str | None) -> bool:
    """Whether an error (or an import result's error text) says the server is out of reach."""
    if error is None:
        return False
    if isinstance(error, BaseException):
        if type(error).__name__ == "ConnectionLost":  # (pg/store.py, loaded only for servers)
            return True
        if not isinstance(error, BriefappError):
            return False
    text = str(error).lower()
    return any(words in text for words in _CONNECTION_WORDS)


class ConnectionNotice(QObject):
    """One non-modal message at a time about the server connection, plus the status bar."""

    def __init__(self, window: QMainWindow, server: str) -> None:
        super().__init__(window)
        self.window = window
        self.server = server  # e.g. "briefapp on db.example.org" (no password)
        self.box: QMessageBox | None = None
        self.retry_button: QPushButton | None = None
        self._retry: Callable[[], object] | None = None

    def report(self, problem: str, retry: Callable[[], object] | None = None) -> QMessageBox:
        """Show ``problem`` (a sentence from the library), with a Retry button when the
        failed work can simply run again."""
        self.window.statusBar().showMessage(
            f"Connection to the library server {self.server} lost — will reconnect at the"
            " next operation"
        )
        box = self.box
        if retry is None and box is not None:
            retry = self._retry  # (a failed search meanwhile: the import still waits to retry)
        if box is None:
            box = QMessageBox(self.window)
            box.setObjectName("connectionNotice")
            box.setIcon(QMessageBox.Icon.Warning)
            box.setWindowTitle("Library server unreachable")
            box.setTextFormat(Qt.TextFormat.PlainText)
            box.setWindowModality(Qt.WindowModality.NonModal)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.finished.connect(self._closed)
            self.box = box
        for button in box.buttons():
            box.removeButton(button)
        box.setText(f"The connection to the library server {self.server} was lost.")
        box.setInformativeText(
            _sentence(problem) + "\n\nNothing was half-written: the server keeps a change whole"
            " or not at all. briefapp reconnects at the next operation."
        )
        self._retry = retry
        self.retry_button = None
        if retry is not None:
            self.retry_button = box.addButton("&Retry Import", QMessageBox.ButtonRole.AcceptRole)
            self.retry_button.clicked.connect(self._run_retry)
        box.addButton(QMessageBox.StandardButton.Close)
        box.show()
        box.raise_()
        return box

    def clear(self, message: str = "") -> None:
        """The server answers again: close the message."""
        if self.box is not None:
            self.box.close()
        if message:
            self.window.statusBar().showMessage(message, 8000)

    def _run_retry(self) -> None:
        retry, self._retry = self._retry, None
        if retry is not None:
            self.window.statusBar().showMessage(f"Retrying on {self.server}…")
            retry()

    def _closed(self, _result: int) -> None:
        self.box = None
        self.retry_button = None


def _sentence(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")
