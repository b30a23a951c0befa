"""Starting the GUI: platform checks, first-run samples, import, remembered window state."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from briefapp.gui.importing import ImportErrorsDialog, sample_files
from briefapp.gui.platform_check import XCB_LIBRARIES, platform_problem
from briefapp.gui.qt import QApplication

pytestmark = pytest.mark.gui


def test_missing_xcb_libraries_name_the_debian_packages():
    env = {"DISPLAY": ":0"}
    message = platform_problem(env, "linux", loadable=lambda name: name != "libxcb-cursor.so.0")
    assert "libxcb-cursor.so.0" in message
    assert "sudo apt-get install libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4" in message
    assert all(pkg in message for pkg in XCB_LIBRARIES.values())


def test_no_display_is_a_clear_message_and_offscreen_needs_no_check():
    assert "no display available" in platform_problem({}, "linux", loadable=lambda n: True)
    assert (
        platform_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux", loadable=lambda n: False)
        is None
    )
    assert platform_problem({"DISPLAY": ":0"}, "linux", loadable=lambda n: True) is None
    assert platform_problem({}, "win32", loadable=lambda n: False) is None


def test_sample_library_holds_the_supported_files_only():
    names = [p.name for p in sample_files()]
    assert names and all(n.rsplit(".", 1)[1] in ("txt", "md", "html", "pdf", "docx") for n in names)
    assert "README.md" not in names and not any(n.endswith(".py") for n in names)


def test_first_run_imports_the_samples_into_an_empty_library(
    qtbot, tmp_path, settings, monkeypatch
):
    from briefapp.gui import importing
    from briefapp.gui.main_window import MainWindow
    from briefapp.library import Library

    # Only the formats every build can read, so the test does not depend on optional importers.
    monkeypatch.setattr(
        importing,
        "sample_files",
        lambda: [p for p in sample_files() if p.suffix in (".txt", ".md")],
    )
    with Library(tmp_path / "empty") as library:
        window = MainWindow(library, settings)
        qtbot.addWidget(window)
        with qtbot.waitSignal(window.library_loaded):
            window.load()
        assert window.browser.model.rowCount() == 0
        with qtbot.waitSignal(window.browser.results_shown, timeout=20000):
            window.samples_action.trigger()
        assert window.browser.model.rowCount() >= 10
        assert "Imported" in window.statusBar().currentMessage()
        window.close()


def test_import_errors_are_listed_as_copyable_text(window, qtbot, tmp_path):
    bad = tmp_path / "drop"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "fine.md").write_text(
        "# A Fresh Report on Lake Chad\n\n## Summary\n\nFishing resumed"
        " around the islands in March after two years.\n" * 3
    )
    with qtbot.waitSignal(window.imports.finished, timeout=10000) as finished:
        window.imports.import_paths([str(bad)])
    statuses = sorted(r.status for r in finished.args[0])
    assert "error" in statuses
    dialog = window.imports.errors_dialog
    assert isinstance(dialog, ImportErrorsDialog) and "empty.txt" in dialog.text.toPlainText()
    from briefapp.gui.qt import QPushButton

    copy = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Copy")
    copy.click()
    assert "empty.txt" in QApplication.clipboard().text()
    dialog.close()


def test_window_geometry_and_splitters_are_remembered(qtbot, library, settings):
    from briefapp.gui.main_window import MainWindow

    first = MainWindow(library, settings)
    qtbot.addWidget(first)
    first.show()
    first.resize(760, 600)
    first.main_split.setSizes([200, 360, 200])
    first.save_state()
    second = MainWindow(library, settings)
    qtbot.addWidget(second)
    second.show()
    assert second.size() == first.size()
    assert second.main_split.saveState() == first.main_split.saveState()
    first.close()
    second.close()


def test_shortcuts_of_the_main_actions(window):
    shortcuts = {
        a.text().replace("&", ""): a.shortcut().toString()
        for a in window.findChildren(type(window.quit_action))
    }
    assert shortcuts["Import Files…"] == "Ctrl+I"
    assert shortcuts["Find Reports"] == "Ctrl+F"
    assert shortcuts["Export…"] == "Ctrl+E"
    assert shortcuts["New Briefing"] == "Ctrl+N"
    assert shortcuts["Quit"] == "Ctrl+Q"
    window.find_action.trigger()
    assert window.browser.search.hasFocus() or QApplication.focusWidget() is window.browser.search


def test_dropping_files_on_the_window_imports_them(window, qtbot, tmp_path):
    from briefapp.gui.qt import QDropEvent, QMimeData, QPointF, Qt, QUrl

    report = tmp_path / "lake-chad.md"
    report.write_text(
        "# Lake Chad Fisheries Reopen\n\n## Summary\n\nFishing resumed around the"
        " islands in March after two years of closures.\n"
    )
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(report))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(window.browser.results_shown, timeout=10000):
        window.dropEvent(event)
    assert window.browser.model.rowCount() == 17
    assert "Imported 1 report" in window.statusBar().currentMessage()


def test_the_window_starts_without_loading_the_pdf_toolkits():
    # ReportLab and the web-page extractor cost start-up time the first screen never uses:
    # they load with the first export or import, not with the window.
    script = (
        "import sys; import briefapp.gui.main_window; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'reportlab', 'trafilatura'}))"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
    ).stdout
    assert out.strip() == "[]"
