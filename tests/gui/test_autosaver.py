"""BriefingAutosaver on its own, with no widget: saves in order, the latest edit wins, a deletion
stays deleted, and quitting writes what is pending once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from briefapp.briefing.compose import own_text_item
from briefapp.gui.autosave import BriefingAutosaver
from briefapp.gui.changes import ChangeHub, LibraryChanges
from briefapp.gui.operations import wait_for_all
from briefapp.gui.qt import QApplication
from briefapp.library import Library
from briefapp.models import Briefing

pytestmark = pytest.mark.gui


@pytest.fixture
def empty_library(tmp_path: Path) -> Iterator[Library]:
    library = Library(tmp_path / "library")
    yield library
    wait_for_all()
    library.close()


@pytest.fixture
def hub(qapp: QApplication) -> ChangeHub:
    return ChangeHub()


@pytest.fixture
def autosaver(qapp: QApplication, empty_library: Library, hub: ChangeHub) -> BriefingAutosaver:
    before = set(QApplication.topLevelWidgets())  # (earlier tests' windows may linger)
    saver = BriefingAutosaver(empty_library, hub, delay_ms=20)
    assert set(QApplication.topLevelWidgets()) == before  # nothing here needs a widget
    return saver


def _briefing(title: str) -> Briefing:
    return Briefing(title=title, date=date(2026, 3, 14), items=[own_text_item("Desk note.")])


def _titles(library: Library) -> list[str]:
    return sorted(info.title for info in library.list_briefings())


def test_an_edit_is_saved_after_a_pause_and_the_new_id_is_written_back(
    qtbot, autosaver, empty_library
):
    draft = _briefing("Harbour Watch")
    with qtbot.waitSignal(autosaver.saved, timeout=5000) as saved:
        autosaver.edited(draft)  # no save_now: the pause after the edit saves it
    assert saved.args == [draft] and draft.id is not None
    assert empty_library.load_briefing(draft.id).title == "Harbour Watch"
    assert autosaver.idle()


def test_saves_are_written_one_at_a_time_in_the_order_made(qtbot, autosaver, empty_library):
    first, second, third = _briefing("First"), _briefing("Second"), _briefing("Third")
    heard: list[str] = []
    autosaver.saved.connect(lambda live: heard.append(live.title))
    autosaver.edited(first)
    autosaver.save_now()
    autosaver.edited(second)
    autosaver.edited(third)  # another briefing edited: the second's edits are queued first
    autosaver.save_now()
    qtbot.waitUntil(autosaver.idle, timeout=5000)
    assert heard == ["First", "Second", "Third"]
    assert _titles(empty_library) == ["First", "Second", "Third"]


def test_switching_mid_save_keeps_the_latest_edit_in_one_row(qtbot, autosaver, empty_library):
    a, b = _briefing("A"), _briefing("B")
    autosaver.edited(a)
    autosaver.save_now()  # a's first save, still being written (it has no id yet)
    a.title = "A edit 2"
    autosaver.edited(a)
    autosaver.edited(b)  # the analyst switches to b: a's latest edit is queued behind
    autosaver.save_now()
    qtbot.waitUntil(autosaver.idle, timeout=5000)
    assert a.id is not None and empty_library.load_briefing(a.id).title == "A edit 2"
    assert _titles(empty_library) == ["A edit 2", "B"]  # one row for a, not two


def test_a_deletion_is_never_undone_by_a_late_save(qtbot, autosaver, empty_library, hub):
    announced: list[LibraryChanges] = []
    hub.changed.connect(announced.append)
    doomed = _briefing("Short-lived")
    with qtbot.waitSignal(autosaver.saved, timeout=5000):
        autosaver.edited(doomed)
        autosaver.save_now()
    doomed.title = "Short-lived, edited"
    autosaver.edited(doomed)
    autosaver.save_now()  # queued or being written when the deletion comes
    doomed.title = "Short-lived, edited again"
    autosaver.edited(doomed)  # not queued yet: dropped with the briefing
    with qtbot.waitSignal(autosaver.deleted, timeout=5000):
        autosaver.delete(doomed)
    qtbot.waitUntil(autosaver.idle, timeout=5000)
    assert _titles(empty_library) == []
    assert announced == [LibraryChanges(briefings=True)]


def test_a_new_briefing_deleted_before_its_first_save_lands_leaves_nothing(
    qtbot, autosaver, empty_library
):
    other, fresh = _briefing("Other"), _briefing("Never kept")
    autosaver.edited(other)
    autosaver.save_now()  # the writer is busy with this one
    autosaver.edited(fresh)
    autosaver.save_now()  # waits in the queue
    autosaver.delete(fresh)  # the save still gives it an id; the deletion then removes it
    qtbot.waitUntil(autosaver.idle, timeout=5000)
    assert _titles(empty_library) == ["Other"]


def test_quitting_mid_save_writes_the_pending_edits_once(qtbot, autosaver, empty_library):
    draft = _briefing("Draft")
    autosaver.edited(draft)
    autosaver.save_now()
    draft.title = "Draft v2"
    autosaver.edited(draft)
    wait_for_all()  # as the window's closeEvent does, before queued results are delivered
    autosaver.flush()
    assert _titles(empty_library) == ["Draft v2"]
    qtbot.waitUntil(autosaver.idle, timeout=5000)  # the first save's late result arrives
    autosaver.flush()  # nothing left: a second quit writes nothing
    assert _titles(empty_library) == ["Draft v2"]
