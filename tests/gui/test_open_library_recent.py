"""File › Open Library lists the library the analyst came from, to go back in one click."""

from __future__ import annotations

import pytest

from briefapp.gui.open_library import LOCATION_ROLE
from briefapp.gui.operations import wait_for_all
from briefapp.gui.session import forget, show_window

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def _no_sample_offer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFAPP_NO_SAMPLE_OFFER", "1")


def test_the_library_left_behind_is_among_the_recent_libraries(
    qtbot, library, settings, tmp_path
) -> None:
    """Started on a library (--library or BRIEFAPP_LIBRARY), then another opened: going back
    must not mean typing the first one's path again."""
    window = show_window(library, settings)
    window.show()
    with qtbot.waitSignal(window.library_loaded, timeout=15000):
        window.load()
    dialog = window.open_library_dialog()
    dialog.location.setText(str(tmp_path / "empty-library"))
    with qtbot.waitSignal(window.replaced, timeout=15000) as replaced:
        dialog.open_chosen()
    new = replaced.args[0]
    qtbot.waitUntil(lambda: new._loaded, timeout=15000)  # its first query is back
    try:
        again = new.open_library_dialog()
        recent = [again.recent.item(i).data(LOCATION_ROLE) for i in range(again.recent.count())]
        assert str(library.folder) in recent
        again.reject()
    finally:
        new.close()
        wait_for_all()
        new.library.close()
        forget(new)
    from briefapp.gui.qt import QApplication, QMessageBox

    boxes = [w.text() for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
    assert boxes == []
