"""Composing: the reader marks sections already in the briefing, adding one again asks
first, notes show in the briefing list, and report details edits undo."""

from __future__ import annotations

import pytest

from briefapp.briefing.compose import item_from_section
from briefapp.gui.briefing_model import SUBTITLE_ROLE, item_subtitle, item_tooltip
from briefapp.gui.qt import QMessageBox

pytestmark = pytest.mark.gui


def _click_add(window, section) -> None:
    window.reader.anchorClicked.emit(window.reader.action_url(f"add/{section.id}"))


def test_the_reader_marks_sections_already_in_the_briefing(window):
    report = window.reader.report
    assert "In briefing" not in window.reader.toPlainText()
    _click_add(window, report.sections[0])
    text = window.reader.toPlainText()
    assert text.count("✓ In briefing") == 1
    assert text.count("Add to briefing") == len(report.sections) - 1
    window.undo_action.trigger()
    assert "In briefing" not in window.reader.toPlainText()


def test_adding_a_section_twice_asks_first(window):
    section = window.reader.report.sections[0]
    _click_add(window, section)
    _click_add(window, section)
    box = window.composition.question
    assert box is not None and box.isVisible() and "already in this briefing" in box.text()
    assert window.composer.model.rowCount() == 1, "nothing is added before the answer"
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert window.composer.model.rowCount() == 1
    _click_add(window, section)
    again = next(b for b in window.composition.question.buttons() if b.text() == "Add again")
    again.click()
    assert window.composer.model.rowCount() == 2


def test_adding_several_with_some_doubles_can_add_only_the_new(window):
    report = window.reader.report
    window.composer.add_items([item_from_section(report, report.sections[0])])
    items = [item_from_section(report, s) for s in report.sections[:3]]
    window.composition.add(items)
    box = window.composition.question
    assert box is not None
    only_new = next(b for b in box.buttons() if b.text().startswith("Add only"))
    only_new.click()
    headings = [i.heading for i in window.composer.model.items]
    assert headings == [s.heading for s in report.sections[:3]]


def test_an_items_note_shows_in_the_briefing_list(window):
    report = window.reader.report
    item = item_from_section(report, report.sections[0], note="Confirm with the desk\nby Friday")
    assert item_subtitle(item).startswith("✎ Confirm with the desk by Friday")
    assert report.title in item_subtitle(item)
    assert "Analyst note:\nConfirm with the desk\nby Friday" in item_tooltip(item)
    window.composer.add_items([item])
    index = window.composer.model.index(0, 0)
    assert "Confirm with the desk" in index.data(SUBTITLE_ROLE)


def test_report_details_edits_undo_and_redo(window, qtbot):
    report = window.reader.report
    old_title = report.title
    dialog = window.edit_report(report.id)
    dialog.title.setText("Zanzibar Cloves Outlook")
    with qtbot.waitSignal(window.browser.results_shown, timeout=5000):
        dialog.accept()
    assert window.library.get_report(report.id).title == "Zanzibar Cloves Outlook"
    assert window.undo_action.isEnabled()
    with qtbot.waitSignal(window.browser.results_shown, timeout=5000):
        window.undo_action.trigger()
    assert window.library.get_report(report.id).title == old_title
    with qtbot.waitSignal(window.browser.results_shown, timeout=5000):
        window.redo_action.trigger()
    assert window.library.get_report(report.id).title == "Zanzibar Cloves Outlook"
