"""The main window's frame: a title that names the library once, a size that fits the screen."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.gui


def test_the_title_names_the_library_and_leaves_the_program_name_to_the_platform(
    window,
) -> None:
    """Qt adds " — briefapp" (the display name) itself: "briefapp — library — briefapp" no more."""
    assert window.windowTitle() == "library"


def test_a_window_larger_than_the_screen_is_brought_inside_it(window) -> None:
    """A 1366×768 laptop keeps the status bar and the Export button on the screen."""
    from briefapp.gui.panes import fit_to_screen

    window.resize(4000, 3000)
    window.move(-50, -40)
    fit_to_screen(window)
    available = window.screen().availableGeometry()
    assert available.contains(window.geometry())


def test_results_arriving_after_the_window_closed_start_no_work_on_its_closed_library(
    window,
) -> None:
    """Switching library closes the old window, waits for its work, then closes its library:
    a search result still queued for delivery must not start a facet count on it."""
    from briefapp.gui.operations import wait_for_all
    from briefapp.gui.qt import QApplication, QMessageBox

    window.browser.search.setText("gold")
    window.browser.refresh()  # a query on its way...
    window.close()
    wait_for_all()
    window.library.close()  # ...delivered only now, as when the window is replaced
    for _ in range(5):
        QApplication.processEvents()
    wait_for_all()
    QApplication.processEvents()
    errors = [
        w.text()
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox) and w.isVisible()
    ]
    assert errors == []
