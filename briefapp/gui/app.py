"""Start the desktop workstation: ``run_gui(library_dir) -> exit code``."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from briefapp.gui.platform_check import platform_problem

if TYPE_CHECKING:  # Qt is imported only once the platform check has passed
    from briefapp.gui.qt import QLabel
    from briefapp.library import Library


def run_gui(library_dir: str | os.PathLike | None = None) -> int:
    problem = platform_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    from briefapp.errors import BriefappError
    from briefapp.gui.qt import QApplication, QGuiApplication, QMessageBox, Qt, QTimer
    from briefapp.gui.settings import app_settings
    from briefapp.gui.theme import apply_theme
    from briefapp.paths import default_library_dir

    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("briefapp")
    app.setOrganizationName("briefapp")
    app.setApplicationDisplayName("briefapp")
    apply_theme(app)
    settings = app_settings()
    from briefapp.gui.open_library import last_library

    # --library and BRIEFAPP_LIBRARY choose; else the library opened last (File › Open Library)
    remembered = None
    if not library_dir and not os.environ.get("BRIEFAPP_LIBRARY"):
        remembered = last_library(settings)
    problem = ""
    try:
        library = _open(default_library_dir(library_dir or remembered))
    except BriefappError as exc:
        if remembered is None:
            QMessageBox.critical(None, "briefapp", str(exc))
            return 1
        # The last library is out of reach (a server down, a folder moved): open the user's
        # own library instead of refusing to start, and say so.
        problem = f"Could not open the last library, {remembered}:\n{exc}"
        try:
            library = _open(default_library_dir(None))
        except BriefappError as again:
            QMessageBox.critical(None, "briefapp", f"{problem}\n\n{again}")
            return 1
    from briefapp.gui.panes import fit_to_screen
    from briefapp.gui.session import close_libraries, show_window

    window = show_window(library, settings)
    fit_to_screen(window)  # the default size, or a bigger monitor's, on a laptop's screen
    window.show()
    window.load()
    if problem:
        QTimer.singleShot(
            0,
            lambda: QMessageBox.warning(
                window, "briefapp", f"{problem}\n\nFile › Open Library (Ctrl+L) tries again."
            ),
        )
    try:
        return app.exec()
    finally:
        close_libraries()


def _open(location: Path | str) -> Library:
    """Open a library, showing the one-time upgrade notice for a folder that needs one."""
    from briefapp.library import Library

    folder = Path(location) if isinstance(location, Path) else None  # None: a server library
    upgrading = _upgrade_notice(folder) if folder is not None else None
    try:
        return Library(location)
    finally:
        if upgrading is not None:
            upgrading.close()


def _upgrade_notice(folder: Path) -> QLabel | None:
    """A library made by an earlier version may need a one-time upgrade (rebuilding the search
    index takes seconds for a big library): say so in a small window while it runs."""
    from briefapp.gui.qt import QApplication, QFrame, QLabel, Qt
    from briefapp.library import DB_NAME, migrations

    if not migrations.pending(folder / DB_NAME):
        return None
    notice = QLabel(
        "Updating your report library for this version of briefapp…\n"
        "This happens once and can take a few seconds for a big library."
    )
    notice.setWindowTitle("briefapp")
    notice.setWindowFlag(Qt.WindowType.SplashScreen)
    notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
    notice.setMargin(28)
    notice.setFrameShape(QFrame.Shape.Box)
    notice.adjustSize()
    screen = QApplication.primaryScreen()
    if screen is not None:
        notice.move(screen.availableGeometry().center() - notice.rect().center())
    notice.show()
    for _ in range(3):  # let it be painted before the upgrade holds this thread
        QApplication.processEvents()
    return notice
