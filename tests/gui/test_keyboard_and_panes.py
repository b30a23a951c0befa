"""Keyboard reachability of every pane, pane shortcuts, collapsing and restoring panes, and
the Help menu's shortcut list and user guide."""

from __future__ import annotations

import pytest

from briefapp.gui.qt import QApplication, Qt
from briefapp.resources import resource_path

pytestmark = pytest.mark.gui


def _focused():
    return QApplication.focusWidget()


def _pane_of(window, widget) -> str | None:
    for pane in window.panes.panes:
        if widget is pane.box or pane.box.isAncestorOf(widget):
            return pane.name
    return None


def test_tab_from_the_search_box_reaches_every_pane_and_comes_back(window, qtbot):
    window.activateWindow()
    window.browser.search.setFocus()
    qtbot.waitUntil(lambda: _focused() is window.browser.search)
    visited: list[str] = []
    for _ in range(200):
        qtbot.keyClick(_focused(), Qt.Key.Key_Tab)
        name = _pane_of(window, _focused())
        if name and (not visited or visited[-1] != name):
            visited.append(name)
        if name == "search":
            break
    assert visited == ["filters", "table", "reader", "briefing", "search"]


def test_shift_tab_runs_the_same_panes_backwards(window, qtbot):
    window.activateWindow()
    window.browser.search.setFocus()
    visited: list[str] = []
    for _ in range(200):
        qtbot.keyClick(_focused(), Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
        name = _pane_of(window, _focused())
        if name and (not visited or visited[-1] != name):
            visited.append(name)
        if name == "search":
            break
    assert visited == ["briefing", "reader", "table", "filters", "search"]


def test_f6_cycles_the_panes_and_ctrl_digits_jump_to_them(window, qtbot):
    window.activateWindow()
    window.browser.search.setFocus()
    order = []
    for _ in range(5):
        window.panes.next_action.trigger()
        order.append(_pane_of(window, _focused()))
    assert order == ["filters", "table", "reader", "briefing", "search"]
    window.panes.previous_action.trigger()
    assert _pane_of(window, _focused()) == "briefing"
    shortcuts = {a.shortcut().toString(): a for a in window.panes.jump_actions}
    for keys, pane in (
        ("Ctrl+1", "filters"),
        ("Ctrl+2", "table"),
        ("Ctrl+3", "reader"),
        ("Ctrl+4", "briefing"),
    ):
        shortcuts[keys].trigger()
        assert _pane_of(window, _focused()) == pane, keys


def test_every_menu_command_has_a_shortcut_and_none_is_taken_twice(window):
    from briefapp.gui.help import menu_shortcuts

    rows = menu_shortcuts(window)
    assert len(rows) > 20
    assert [r for r in rows if not r[2]] == []
    owners: dict[str, str] = {}
    for _menu, command, keys in rows:
        for key in keys.split(", "):
            assert owners.setdefault(key, command) == command, (key, owners[key], command)


def test_the_shortcuts_dialog_is_read_from_the_actions(window):
    window.panes.next_action.setText("&Hop To The Next Pane")
    dialog = window.help.show_shortcuts()
    text = dialog.browser.toPlainText()
    assert "Hop To The Next Pane" in text and "F6" in text
    assert "\nExport\nCtrl+E" in text
    dialog.close()


def test_the_user_guide_opens_from_the_bundled_resource(window):
    dialog = window.help.show_guide()
    text = dialog.browser.toPlainText()
    assert "briefapp user guide" in text and "Source grading" in text
    assert "| Format" not in text, "the guide's tables are rendered, not shown as Markdown"
    dialog.close()


def test_the_bundled_guide_is_the_one_in_docs():
    docs = resource_path().parent / "docs" / "user-guide.md"
    assert resource_path("user-guide.md").read_text() == docs.read_text()


def test_the_briefing_pane_hides_and_comes_back_at_its_width(window, qtbot):
    split = window.main_split
    split.setSizes([200, 800, 310])
    toggle = window.panes.toggles["briefing"]
    width = split.sizes()[2]
    toggle.trigger()
    assert split.sizes()[2] == 0 and not toggle.isChecked()
    toggle.trigger()
    assert toggle.isChecked() and abs(split.sizes()[2] - width) <= 2


def test_jumping_to_a_hidden_pane_shows_it(window):
    window.panes.set_shown("filters", False)
    assert window.main_split.sizes()[0] == 0
    window.panes.jump_actions[0].trigger()
    assert window.main_split.sizes()[0] > 0


def test_collapsed_panes_stay_collapsed_after_a_restart(qtbot, library, settings, window):
    from briefapp.gui.main_window import MainWindow

    window.panes.set_shown("briefing", False)
    window.save_state()
    again = MainWindow(library, settings)
    qtbot.addWidget(again)
    again.show()
    assert again.main_split.sizes()[2] == 0
    assert not again.panes.toggles["briefing"].isChecked()
    again.panes.toggles["briefing"].trigger()
    assert again.main_split.sizes()[2] > 150
    again.close()


def test_nothing_is_cut_off_at_1024_by_700(window, qtbot):
    window.panes.reset()
    window.resize(1024, 700)
    qtbot.waitUntil(lambda: window.width() == 1024)
    window.panes.reset()
    composer = window.composer
    export = composer.export_button
    right_edge = export.mapTo(composer, export.rect().topRight()).x()
    assert export.isVisible() and right_edge <= composer.width()
    assert export.width() >= export.sizeHint().width()
    table = window.browser.table
    assert table.width() >= 420
    assert window.reader.height() >= 180
    qtbot.waitUntil(lambda: not table.horizontalScrollBar().isVisible())
    assert table.columnWidth(0) >= 250, "the title keeps a readable width"
    toolbar = window.toolbar
    export_tool = toolbar.widgetForAction(window.export_action)
    assert export_tool.isVisible(), "Export stays on the bar, not in its overflow menu"
