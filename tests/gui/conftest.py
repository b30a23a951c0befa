"""Fixtures of the GUI tests: Qt offscreen, a library imported from the bundled samples."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before anything loads Qt

import shutil
from pathlib import Path

import pytest

from briefapp.library import Library
from briefapp.resources import resource_path

# Formats whose importers exist in every build of the core (PDF/DOCX importers are optional).
SAMPLE_SUFFIXES = (".txt", ".md", ".html")


def pytest_collection_modifyitems(items):
    gui_dir = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).parent == gui_dir:
            # The offscreen platform cannot propagate size hints; not a fault of ours.
            item.add_marker(pytest.mark.qt_log_ignore("propagateSizeHints"))


@pytest.fixture(scope="session")
def sample_library_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("samples") / "library"
    files = sorted(
        p
        for p in resource_path("samples").iterdir()
        if p.suffix in SAMPLE_SUFFIXES and p.name.lower() != "readme.md"
    )
    with Library(folder) as library:
        results = library.import_paths(files)
    assert all(r.status == "imported" for r in results), [
        r for r in results if r.status != "imported"
    ]
    return folder


@pytest.fixture
def library(sample_library_dir, tmp_path):
    folder = tmp_path / "library"
    shutil.copytree(sample_library_dir, folder)
    lib = Library(folder)
    yield lib
    lib.close()


@pytest.fixture
def settings(tmp_path):
    from briefapp.gui.qt import QSettings

    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, library, settings):
    from briefapp.gui.main_window import MainWindow

    win = MainWindow(library, settings)
    qtbot.addWidget(win)
    win.show()
    with qtbot.waitSignal(win.library_loaded, timeout=10000):
        win.load()
    qtbot.waitUntil(
        lambda: win.reader.report is not None and win.browser.facets.lists["country"].count() > 0,
        timeout=5000,
    )
    yield win
    win.close()
    from briefapp.gui.operations import wait_for_all

    wait_for_all()
