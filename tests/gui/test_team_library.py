"""The window on a team library (PostgreSQL): opening one from File › Open Library, its title,
two analysts saving one briefing (reload or save as copy), and a server that goes away."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefapp.gui.main_window import MainWindow
from briefapp.gui.operations import wait_for_all
from briefapp.gui.qt import QApplication, QMessageBox, QSettings
from briefapp.gui.session import forget, show_window, switch_library
from briefapp.library import Library
from tests.conftest import TEXT_FILES

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def _no_sample_offer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFAPP_NO_SAMPLE_OFFER", "1")


@pytest.fixture
def server_url(pg_server) -> Iterator[str]:  # noqa: ANN001 - (the session's server)
    """A database holding the sample text reports."""
    url = pg_server.create_database()
    with Library(url) as library:
        library.import_paths(TEXT_FILES)
    yield url
    pg_server.drop_database(url)


def _open_window(qtbot, library: Library, settings: QSettings | None) -> MainWindow:  # noqa: ANN001
    window = show_window(library, settings)
    window.show()
    with qtbot.waitSignal(window.library_loaded, timeout=15000):
        window.load()
    return window


def _close(window: MainWindow) -> None:
    window.close()
    wait_for_all()
    window.library.close()
    forget(window)
    notice = getattr(window, "copies_notice", None)
    if notice is not None:
        notice.close()
    window.deleteLater()


def _switch(qtbot, window: MainWindow, location: str) -> MainWindow:  # noqa: ANN001
    dialog = window.open_library_dialog()
    dialog.location.setText(location)
    with qtbot.waitSignal(window.replaced, timeout=15000) as replaced:
        dialog.open_chosen()
    new = replaced.args[0]
    qtbot.waitUntil(lambda: new.browser.model.rowCount() > 0, timeout=15000)
    return new


# -- opening a library ----------------------------------------------------------------------
def test_open_library_switches_the_window_to_a_server_library(qtbot, library, settings, server_url):
    window = _open_window(qtbot, library, settings)
    assert window.windowTitle() == "library"  # a folder: its name (Qt adds "— briefapp")
    new = _switch(qtbot, window, server_url)
    try:
        assert new.browser.model.rowCount() == len(TEXT_FILES)
        database = server_url.rsplit("/", 1)[1]
        assert new.windowTitle() == f"{database} on 127.0.0.1"
        assert new.library.count_reports() == len(TEXT_FILES)
        assert new.isVisible() and QApplication.activeModalWidget() is None
        # remembered for the next start, and listed first among recent libraries
        assert settings.value("library/last") == server_url
        assert new.open_library_dialog().recent.item(0).data(256) == server_url
        new.open_dialog.reject()
    finally:
        _close(new)


def test_a_typed_password_is_used_for_the_session_and_never_stored(
    qtbot, library, settings, server_url, tmp_path
):
    window = _open_window(qtbot, library, settings)
    with_password = server_url.replace("@", ":Tide-9-pass@", 1)
    new = _switch(qtbot, window, with_password)
    try:
        settings.sync()
        stored = Path(settings.fileName()).read_text(encoding="utf-8")
        assert "Tide-9-pass" not in stored and server_url in stored
        assert "Tide-9-pass" not in new.windowTitle()
        assert "Tide-9-pass" not in new.library_label.toolTip()
        assert new.library.store.conn.info.password == "Tide-9-pass"  # used to connect
    finally:
        _close(new)


def test_an_unreachable_server_is_named_and_the_current_library_stays_open(
    qtbot, library, settings
):
    window = _open_window(qtbot, library, settings)
    dialog = window.open_library_dialog()
    dialog.location.setText("postgresql://analyst@127.0.0.1:1/nowhere")
    dialog.open_chosen()
    qtbot.waitUntil(lambda: dialog.connecting is None, timeout=15000)
    message = dialog.message.text()
    assert "postgresql://analyst@127.0.0.1:1/nowhere" in message
    assert "cannot reach the library server" in message
    assert dialog.isVisible() and window.isVisible() and window.library is library
    assert dialog.open_button.isEnabled()  # try again, or another address
    dialog.reject()
    _close(window)


def test_a_folder_holding_other_files_is_not_taken_for_a_library(qtbot, library, tmp_path):
    window = _open_window(qtbot, library, None)
    papers = tmp_path / "papers"
    papers.mkdir()
    (papers / "notes.txt").write_text("Shopping list.", encoding="utf-8")
    dialog = window.open_library_dialog()
    dialog.location.setText(str(papers))
    dialog.open_chosen()
    qtbot.waitUntil(lambda: dialog.connecting is None, timeout=15000)
    assert "no briefapp library here" in dialog.message.text()
    assert not (papers / "library.db").exists()
    dialog.reject()
    _close(window)


# -- two analysts, one briefing -------------------------------------------------------------
@pytest.fixture
def two_windows(qtbot, server_url) -> Iterator[tuple[MainWindow, MainWindow]]:  # noqa: ANN001
    """Two windows, each with its own connection to one server library, on one briefing."""
    first = _open_window(qtbot, Library(server_url), None)
    composer = first.composer
    qtbot.waitUntil(lambda: composer.briefing is not None, timeout=10000)  # (a new, empty one)
    composer.set_field("title", "Harbour Watch")
    composer.set_field("subtitle", "Draft one")
    with qtbot.waitSignal(composer.saved, timeout=10000):
        composer.save_now()
    second = _open_window(qtbot, Library(server_url), None)
    qtbot.waitUntil(
        lambda: (
            second.composer.briefing is not None
            and second.composer.briefing.id == composer.briefing.id
        ),
        timeout=10000,
    )
    yield first, second
    for window in (first, second):
        if window.composer.conflicts.dialog is not None:
            window.composer.conflicts.dialog.done(0)
        _close(window)


def _conflict(qtbot, first: MainWindow, second: MainWindow):  # noqa: ANN001, ANN202
    """The first analyst saves, then the second (who loaded the same version) does."""
    with qtbot.waitSignal(first.composer.saved, timeout=10000):
        first.composer.set_field("subtitle", "Port closed at dawn")
        first.composer.save_now()
    with qtbot.waitSignal(second.composer.autosaver.conflict, timeout=10000):
        second.composer.set_field("subtitle", "Port reopened at noon")
        second.composer.save_now()
    dialog = second.composer.conflicts.dialog
    assert dialog is not None and dialog.isVisible()
    assert "Harbour Watch" in dialog.text() and "someone else" in dialog.text()
    return dialog


def test_a_window_saving_its_own_briefing_again_meets_no_conflict(qtbot, two_windows):
    first, _second = two_windows
    for subtitle in ("Second draft", "Third draft"):
        with qtbot.waitSignal(first.composer.saved, timeout=10000):
            first.composer.set_field("subtitle", subtitle)
            first.composer.save_now()
    assert first.composer.conflicts.dialog is None
    assert first.library.load_briefing(first.composer.briefing.id).subtitle == "Third draft"


def test_deleting_a_briefing_another_analyst_saved_since_keeps_it_and_says_why(qtbot, two_windows):
    first, second = two_windows
    with qtbot.waitSignal(first.composer.saved, timeout=10000):
        first.composer.set_field("subtitle", "Port closed at dawn")
        first.composer.save_now()
    live = second.composer.briefing  # loaded before the first window's save
    with qtbot.waitSignal(second.composer.autosaver.failed, timeout=10000) as failed:
        second.composer.autosaver.delete(live)
    assert "was not deleted" in str(failed.args[1])
    stored = second.library.load_briefing(live.id)
    assert stored.subtitle == "Port closed at dawn"  # their version, whole
    assert second.composer.conflicts.dialog is None  # (a deletion has nothing to copy)
    for box in QApplication.topLevelWidgets():  # the error the window showed
        if isinstance(box, QMessageBox) and "was not deleted" in box.text():
            box.close()


def test_save_as_copy_keeps_both_versions(qtbot, two_windows):
    first, second = two_windows
    dialog = _conflict(qtbot, first, second)
    with qtbot.waitSignal(second.composer.saved, timeout=10000):
        dialog.copy_button.click()
    qtbot.waitUntil(second.composer.autosaver.idle, timeout=10000)
    briefings = {b.title: b.id for b in second.library.list_briefings()}
    assert set(briefings) == {"Harbour Watch", "Harbour Watch (copy)"}
    theirs = second.library.load_briefing(briefings["Harbour Watch"])
    mine = second.library.load_briefing(briefings["Harbour Watch (copy)"])
    assert theirs.subtitle == "Port closed at dawn"
    assert mine.subtitle == "Port reopened at noon"
    assert second.composer.briefing.id == mine.id  # the window now shows the copy
    # and it is saved like any briefing afterwards, with no conflict
    with qtbot.waitSignal(second.composer.saved, timeout=10000):
        second.composer.set_field("author", "Desk B")
        second.composer.save_now()
    assert second.library.load_briefing(mine.id).author == "Desk B"


def test_reload_shows_the_other_analysts_version(qtbot, two_windows):
    first, second = two_windows
    dialog = _conflict(qtbot, first, second)
    dialog.reload_button.click()
    composer = second.composer
    qtbot.waitUntil(
        lambda: composer.fields["subtitle"].text() == "Port closed at dawn", timeout=10000
    )
    assert composer.status.text() == "Reloaded their version"
    with qtbot.waitSignal(composer.saved, timeout=10000):  # their version is the base now
        composer.set_field("author", "Desk B")
        composer.save_now()
    stored = second.library.load_briefing(composer.briefing.id)
    assert (stored.subtitle, stored.author) == ("Port closed at dawn", "Desk B")
    assert len(second.library.list_briefings()) == 1


def test_a_conflict_is_asked_once_and_not_retried(qtbot, two_windows):
    first, second = two_windows
    _conflict(qtbot, first, second)
    composer = second.composer
    composer.set_field("subtitle", "Port reopened at one")  # edits while the question is open
    composer.save_now()
    wait_for_all()
    QApplication.processEvents()
    assert composer.autosaver.idle()
    stored = first.library.load_briefing(first.composer.briefing.id)
    assert stored.subtitle == "Port closed at dawn"  # theirs stays until the analyst decides


def test_quitting_with_a_conflict_open_saves_the_window_version_as_a_copy(qtbot, two_windows):
    first, second = two_windows
    _conflict(qtbot, first, second)
    wait_for_all()
    copies = second.composer.save_blocking()
    assert [c.title for c in copies] == ["Harbour Watch (copy)"]
    titles = sorted(b.title for b in first.library.list_briefings())
    assert titles == ["Harbour Watch", "Harbour Watch (copy)"]


# -- the server goes away --------------------------------------------------------------------
@pytest.fixture
def own_server():  # noqa: ANN201
    """A server of this test's own, which the test stops and starts again."""
    from tests.pg_server import LocalServer, install_server

    bindir = install_server()
    if bindir is None:
        pytest.skip("PostgreSQL's server binaries are absent")
    server = LocalServer(bindir).start()
    yield server
    try:
        server.stop()
    except RuntimeError:  # (halted by a failing test: only its folder is left)
        shutil.rmtree(server.root, ignore_errors=True)


def _halt(server) -> None:  # noqa: ANN001
    server._run(str(server.bindir / "pg_ctl"), "-D", str(server.data), "-m", "fast", "stop")


def _resume(server) -> None:  # noqa: ANN001
    options = f"-p {server.port} -k {server.root} -c listen_addresses=127.0.0.1 -c fsync=off"
    log = str(server.root / "server.log")
    server._run(
        str(server.bindir / "pg_ctl"),
        "-D",
        str(server.data),
        "-o",
        options,
        "-l",
        log,
        "-w",
        "start",
    )


@pytest.mark.qt_log_ignore(
    "does not support raise", "propagateSizeHints"
)  # (the offscreen platform's limit)
def test_a_lost_server_is_said_and_the_import_retried_once_it_is_back(qtbot, own_server):
    url = own_server.create_database()
    with Library(url) as library:
        library.import_paths(TEXT_FILES[:2])
    window = _open_window(qtbot, Library(url), None)
    try:
        _halt(own_server)
        with qtbot.waitSignal(window.imports.finished, timeout=30000):
            window.imports.import_paths([str(p) for p in TEXT_FILES[2:]])
        notice = window.connection_notice
        assert notice.box is not None and notice.box.isVisible()
        database = url.rsplit("/", 1)[1]
        assert f"{database} on 127.0.0.1" in notice.box.text()
        assert "Nothing was half-written" in notice.box.informativeText()
        assert f"{database} on 127.0.0.1" in window.statusBar().currentMessage()
        assert notice.retry_button is not None
        # a search meanwhile: the same notice, no crash, no modal error
        window.browser.search.setText("harbour")
        window.browser.refresh()
        wait_for_all()
        QApplication.processEvents()
        assert window.isVisible() and not [
            w for w in QApplication.topLevelWidgets() if w.isModal() and w.isVisible()
        ]

        _resume(own_server)
        with Library(url) as check:  # nothing half-written: the first two reports only
            assert check.count_reports() == 2
        with qtbot.waitSignal(window.imports.finished, timeout=30000) as finished:
            notice.retry_button.click()
        assert all(r.status == "imported" for r in finished.args[0])
        assert window.library.count_reports() == len(TEXT_FILES)
        with qtbot.waitSignal(window.browser.results_shown, timeout=15000):
            window.browser.search.clear()
            window.browser.refresh()
        assert window.browser.model.rowCount() == len(TEXT_FILES)
    finally:
        _close(window)


def _answer_when_asked(button_text: str) -> list[str]:
    """Click ``button_text`` in the "Briefing not saved" question once it shows; the texts
    the question showed are collected in the list returned."""
    from briefapp.gui.qt import QTimer

    seen: list[str] = []

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or box.objectName() != "unsavedOnClose":
            QTimer.singleShot(50, click)
            return
        seen.append(box.text())
        next(b for b in box.buttons() if b.text().replace("&", "") == button_text).click()

    QTimer.singleShot(50, click)
    return seen


@pytest.mark.qt_log_ignore("does not support raise", "propagateSizeHints")
def test_switching_library_with_an_unsaved_briefing_on_a_lost_server_keeps_the_window(
    qtbot, own_server, tmp_path
):
    url = own_server.create_database()
    with Library(url) as library:
        library.import_paths(TEXT_FILES[:1])
    window = _open_window(qtbot, Library(url), None)
    composer = window.composer
    qtbot.waitUntil(lambda: composer.briefing is not None, timeout=10000)
    try:
        _halt(own_server)
        composer.set_field("title", "Night shift notes")  # not saved yet: the server is gone
        seen = _answer_when_asked("Keep Window Open")
        stayed = switch_library(window, Library(tmp_path / "other"), str(tmp_path / "other"))
        assert seen and "could not be saved" in seen[0]
        assert stayed is window and window.isVisible()
        assert composer.briefing is not None and composer.briefing.title == "Night shift notes"

        _resume(own_server)  # back: the switch goes through and the briefing is saved
        with qtbot.waitSignal(window.replaced, timeout=15000) as replaced:
            new = switch_library(window, Library(tmp_path / "other"), str(tmp_path / "other"))
        assert replaced.args[0] is new and new.library.location == str(tmp_path / "other")
        with Library(url) as check:
            assert "Night shift notes" in [b.title for b in check.list_briefings()]
        QApplication.processEvents()
        errors = [
            w.text()
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and "unexpected" in w.text()
        ]
        assert errors == []
        _close(new)
    finally:
        if window.isVisible():
            _answer_when_asked("Close Without Saving")
            _close(window)
