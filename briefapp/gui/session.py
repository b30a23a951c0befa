"""The window of the library open now, and switching the program to another library.

Every view of a window (table, facets, reader, composer, collections, trash, undo stacks)
holds the library it was made with, so opening another library makes a new window the way the
program starts one, in the old one's place (same size and panes), then closes the old window
(its briefing is saved first) and its library.
"""

from __future__ import annotations

import os

from briefapp.gui.main_window import MainWindow
from briefapp.gui.open_library import remember_library
from briefapp.gui.qt import QSettings, QTimer
from briefapp.library import Library

_windows: list[MainWindow] = []  # the window shown now (one), kept alive here


def show_window(library: Library, settings: QSettings | None) -> MainWindow:
    """Make, show and load the window of ``library``; it follows File › Open Library."""
    window = MainWindow(library, settings)
    _windows.append(window)
    window.library_opened.connect(lambda other, location: switch_library(window, other, location))
    if os.environ.get("BRIEFAPP_NO_SAMPLE_OFFER") != "1":
        window.library_loaded.connect(
            lambda: (
                window.browser.model.rowCount() == 0
                and window.browser.filters().is_empty()
                and QTimer.singleShot(0, window.imports.offer_samples)
            )
        )
    return window


def switch_library(old: MainWindow, library: Library, location: str) -> MainWindow:
    """Replace ``old`` by a window on ``library`` (already open), remembered for next start;
    ``old`` stays when its briefing cannot be saved and the analyst chooses to keep it."""
    old.save_state()  # (the new window restores the panes from the settings)
    previous = old.library.location  # listed among recent libraries, to come back
    new = show_window(library, old.settings)
    new.setGeometry(old.geometry())
    if old.isMaximized():
        new.showMaximized()
    else:
        new.show()
    if not old.close():  # waits for the old window's work and saves its briefing
        # Its briefing could not be saved and the analyst keeps it: stay where we were.
        forget(new)
        new.close()  # (waits for the work its start began, before its library closes)
        new.library.close()
        new.deleteLater()
        return old
    old.library.close()
    forget(old)
    old.replaced.emit(new)
    old.deleteLater()
    new.load()
    remember_library(new.settings, previous)
    remember_library(new.settings, location)
    new.statusBar().showMessage(f"Opened {new.library_label.text().strip()}", 6000)
    return new


def forget(window: MainWindow) -> None:
    """``window`` was closed for good: stop keeping it."""
    if window in _windows:
        _windows.remove(window)


def close_libraries() -> None:
    """On quit: close the library of the window still open."""
    while _windows:
        _windows.pop().library.close()
