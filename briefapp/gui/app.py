"""Start the desktop workstation: ``run_gui(library_dir) -> exit code``."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from briefapp.gui.platform_check import platform_problem


def run_gui(library_dir: str | os.PathLike | None = None) -> int:
    problem = platform_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    from briefapp.errors import BriefappError
    from briefapp.gui.qt import QApplication, QGuiApplication, QMessageBox, Qt, QTimer
    from briefapp.gui.settings import app_settings
    from briefapp.gui.theme import apply_theme
    from briefapp.library.library import Library
    from briefapp.paths import default_library_dir

    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("briefapp")
    app.setOrganizationName("briefapp")
    app.setApplicationDisplayName("briefapp")
    apply_theme(app)
    folder = Path(default_library_dir(library_dir))
    try:
        library = Library(folder)
    except BriefappError as exc:
        QMessageBox.critical(None, "briefapp", str(exc))
        return 1
    from briefapp.gui.main_window import MainWindow

    window = MainWindow(library, app_settings())
    window.show()
    window.load()
    if os.environ.get("BRIEFAPP_NO_SAMPLE_OFFER") != "1":
        window.library_loaded.connect(
            lambda: window.browser.model.rowCount() == 0 and window.browser.filters().is_empty()
            and QTimer.singleShot(0, window.offer_samples))
    try:
        return app.exec()
    finally:
        library.close()
