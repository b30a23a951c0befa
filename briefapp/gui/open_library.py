"""File › Open Library…: choose a library folder or type a server address, see recent ones.

A library is a folder or a PostgreSQL address, ``postgresql://user@host:port/dbname``. The
address is remembered (recent libraries, and the one to open at the next start) without any
password: passwords come from libpq's password file (``~/.pgpass``) or ``PGPASSWORD``, as
PostgreSQL users expect. A password typed into the address is used for this session only.
Opening connects in the background (a server may be slow or out of reach): the dialog stays
open with the problem in words, and the current library stays open meanwhile.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from briefapp.errors import BriefappError
from briefapp.gui.operations import Operation
from briefapp.gui.qt import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSettings,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from briefapp.library import DB_NAME, Library
from briefapp.library.backend import is_library_url

RECENT_KEY = "library/recent"
LAST_KEY = "library/last"
MAX_RECENT = 8
LOCATION_ROLE = Qt.ItemDataRole.UserRole


# -- addresses -------------------------------------------------------------------------------
def split_password(location: str) -> tuple[str, str | None]:
    """A server address without its password, and the password (None when there is none)."""
    location = location.strip()
    if not is_library_url(location):
        return location, None
    parts = urlsplit(location)
    if parts.password is None:
        return location, None
    host = parts.netloc.rsplit("@", 1)[1]
    user = parts.username or ""
    netloc = f"{user}@{host}" if user else host
    return urlunsplit(parts._replace(netloc=netloc)), parts.password


def location_label(location: str | Path) -> str:
    """What the window title calls a library: the folder's name, or ``dbname on host``."""
    text = str(location)
    if not is_library_url(text):
        path = Path(text)
        return path.name or str(path)
    parts = urlsplit(split_password(text)[0])
    database = parts.path.strip("/") or "?"
    return f"{database} on {parts.hostname or 'localhost'}"


def recent_libraries(settings: QSettings | None) -> list[str]:
    if settings is None:
        return []
    value = settings.value(RECENT_KEY, [])
    # (an INI file gives one entry back as a string, several as a list)
    values = [value] if isinstance(value, str) else list(value) if isinstance(value, list) else []
    return [str(v) for v in values if v][:MAX_RECENT]


def remember_library(settings: QSettings | None, location: str) -> None:
    """Put ``location`` first among recent libraries and open it at the next start (a
    password in it is dropped first: settings never hold one)."""
    if settings is None:
        return
    location = split_password(location)[0]
    recent = [location] + [r for r in recent_libraries(settings) if r != location]
    settings.setValue(RECENT_KEY, recent[:MAX_RECENT])
    settings.setValue(LAST_KEY, location)
    settings.sync()


def last_library(settings: QSettings | None) -> str | None:
    value = settings.value(LAST_KEY, "") if settings is not None else ""
    return str(value) or None


def open_location(location: str) -> Library:
    """Open the library at ``location`` (runs on a worker thread: a server may take a while).

    A folder that holds other files but no library is refused rather than filled with one."""
    address, password = split_password(location)
    if is_library_url(address):
        if password is not None:
            from briefapp.library.pg.store import use_password_for_session

            use_password_for_session(address, password)
        return Library(address)
    folder = Path(address).expanduser()
    if folder.is_file():
        raise BriefappError(f"{folder}: this is a file; choose a library folder")
    if folder.is_dir() and not (folder / DB_NAME).exists() and any(folder.iterdir()):
        raise BriefappError(
            f"{folder}: no briefapp library here (no {DB_NAME}); choose a library folder, or an"
            " empty folder to start a new library"
        )
    return Library(folder)


# -- the dialog -----------------------------------------------------------------------------
class OpenLibraryDialog(QDialog):
    """``opened(library, location)`` once a library is open (the window switches to it);
    ``location`` is the address as remembered, without password."""

    opened = Signal(object, str)

    def __init__(
        self, current: str, settings: QSettings | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("openLibraryDialog")
        self.setWindowTitle("Open Library")
        self.setMinimumWidth(560)
        self.current = current
        self.connecting: Operation | None = None
        layout = QVBoxLayout(self)
        layout.setSpacing(8)

        intro = QLabel("Choose a library folder, or type the address of a team library server.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.location = QLineEdit()
        self.location.setObjectName("libraryLocation")
        self.location.setPlaceholderText("/path/to/library  or  postgresql://user@host:5432/dbname")
        self.location.setClearButtonEnabled(True)
        self.location.textChanged.connect(self._edited)
        row.addWidget(self.location, 1)
        self.browse_button = QPushButton("&Browse…")
        self.browse_button.clicked.connect(self.browse)
        row.addWidget(self.browse_button)
        layout.addLayout(row)
        hint = QLabel(
            "Server passwords come from your PostgreSQL password file (~/.pgpass) or"
            " PGPASSWORD. A password typed in the address is used for this session only and"
            " never saved."
        )
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        layout.addWidget(hint)

        recent_label = QLabel("&Recent libraries")
        layout.addWidget(recent_label)
        self.recent = QListWidget()
        self.recent.setObjectName("recentLibraries")
        recent_label.setBuddy(self.recent)
        for location in recent_libraries(settings):
            item = QListWidgetItem(f"{location_label(location)}    —    {location}")
            item.setData(LOCATION_ROLE, location)
            item.setToolTip(location)
            if location == current:
                item.setText(item.text() + "    (open)")
            self.recent.addItem(item)
        self.recent.setMinimumHeight(120)
        self.recent.currentItemChanged.connect(self._recent_chosen)
        self.recent.itemActivated.connect(lambda _item: self.open_chosen())
        layout.addWidget(self.recent, 1)

        self.message = QLabel("")
        self.message.setObjectName("openLibraryMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # (addresses and server words)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel
        )
        self.open_button = self.buttons.button(QDialogButtonBox.StandardButton.Open)
        self.buttons.accepted.connect(self.open_chosen)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._edited(self.location.text())

    def browse(self) -> None:
        start = self.location.text().strip()
        if not start or is_library_url(start):
            start = self.current if not is_library_url(self.current) else str(Path.home())
        folder = QFileDialog.getExistingDirectory(self, "Choose a library folder", start)
        if folder:
            self.location.setText(folder)

    def open_chosen(self) -> Operation | None:
        """Open the library named in the address field, in the background."""
        location = self.location.text().strip()
        if not location or self.connecting is not None:
            return None
        address = split_password(location)[0]
        if address == self.current:
            self._say(f"{location_label(address)} is the library open now.", error=True)
            return None
        server = is_library_url(address)
        self._say(f"Connecting to {location_label(address)}…" if server else "Opening the library…")
        self._set_busy(True)

        def opened(library: Library) -> None:
            self.connecting = None
            if not self.isVisible():  # cancelled meanwhile: the current library stays
                library.close()
                return
            self.opened.emit(library, address)
            self.accept()

        def failed(error: BaseException) -> None:
            self.connecting = None
            self._set_busy(False)
            if self.isVisible():
                text = str(error) if isinstance(error, BriefappError) else f"{error!r}"
                if address not in text:  # (the server's messages name it already)
                    text = f"{address}: {text}"
                self._say(f"Could not open the library.\n{text}", error=True)

        self.connecting = Operation(
            self, lambda _job: open_location(location), success=opened, failure=failed
        ).run_in_background()
        return self.connecting

    def _recent_chosen(self, item: QListWidgetItem | None, _previous: object) -> None:
        if item is not None:
            self.location.setText(item.data(LOCATION_ROLE))

    def _edited(self, text: str) -> None:
        self.open_button.setEnabled(bool(text.strip()) and self.connecting is None)
        if self.connecting is None:
            self._say("")

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.location, self.browse_button, self.recent, self.open_button):
            widget.setEnabled(not busy)
        if not busy:
            self._edited(self.location.text())

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setProperty("error", error)
        self.message.setStyleSheet("color: #b3261e;" if error else "")
