"""The trash with undo, the Trash view, bulk edits, saved collections and near-duplicate groups
in the window, driven as an analyst would (qtbot, no sleeps)."""

from __future__ import annotations

import pytest

from briefapp.briefing.compose import item_from_section
from briefapp.gui.bulk_dialog import BulkEditDialog
from briefapp.gui.qt import QItemSelectionModel, Qt
from briefapp.gui.report_model import (
    COL_COPIES,
    COL_TITLE,
    COPIES_ROLE,
    COPY_OF_ROLE,
    REPORT_ID_ROLE,
    REPORT_ROLE,
)
from briefapp.library import ReportFilter
from tests.library.test_near_duplicates import BODY, article

pytestmark = pytest.mark.gui


def _ids(window) -> list[int]:
    model = window.browser.model
    return [model.index(r, 0).data(REPORT_ID_ROLE) for r in range(model.rowCount())]


def _select(window, rows: list[int]) -> None:
    table, model = window.browser.table, window.browser.model
    table.clearSelection()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in rows:
        table.selectionModel().select(model.index(row, 0), flags)


def _delete_with_key(window, qtbot, rows: list[int]) -> list[int]:
    _select(window, rows)
    ids = window.browser.selected_ids()
    window.browser.table.setFocus()
    with qtbot.waitSignal(window.browser.results_shown, timeout=5000):
        qtbot.keyClick(window.browser.table, Qt.Key.Key_Delete)
    return ids


def test_delete_key_moves_selected_reports_to_the_trash_and_ctrl_z_brings_them_back(window, qtbot):
    tools = window.tools
    deleted = _delete_with_key(window, qtbot, [0, 2, 3])
    assert len(deleted) == 3 and not set(deleted) & set(_ids(window))
    assert window.browser.model.rowCount() == 13
    assert "13 reports" in window.count_label.text()
    qtbot.waitUntil(lambda: tools.undo_bar.isVisible(), timeout=5000)
    assert "Moved 3 reports to the trash" in tools.undo_bar.label.text()
    qtbot.waitUntil(lambda: tools.sources.trash_count == 3, timeout=5000)
    # The facets follow at once too.
    qtbot.waitUntil(
        lambda: (
            sum(
                int(i.text().rsplit("(", 1)[1].rstrip(")"))
                for i in (
                    window.browser.facets.lists["publisher"].item(r)
                    for r in range(window.browser.facets.lists["publisher"].count())
                )
            )
            <= 13
        ),
        timeout=5000,
    )
    window.browser.table.setFocus()
    with qtbot.waitSignal(window.browser.results_shown, timeout=5000):
        qtbot.keyClick(window.browser.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert set(deleted) <= set(_ids(window)) and window.browser.model.rowCount() == 16
    assert window.library.trash() == []


def test_the_undo_button_of_the_status_message_restores(window, qtbot):
    deleted = _delete_with_key(window, qtbot, [1])
    qtbot.waitUntil(lambda: window.tools.undo_bar.isVisible(), timeout=5000)
    with qtbot.waitSignal(window.browser.results_shown, timeout=5000):
        qtbot.mouseClick(window.tools.undo_bar.button, Qt.MouseButton.LeftButton)
    assert deleted[0] in _ids(window)
    assert not window.tools.undo_bar.isVisible()


def test_delete_in_the_search_field_edits_text_and_deletes_nothing(window, qtbot):
    window.browser.search.setText("mali")
    window.browser.search.setFocus()
    window.browser.search.setCursorPosition(0)
    qtbot.keyClick(window.browser.search, Qt.Key.Key_Delete)
    assert window.browser.search.text() == "ali"
    assert window.library.trash() == []


def test_trash_view_lists_deleted_reports_and_restores_and_empties(window, qtbot, monkeypatch):
    deleted = _delete_with_key(window, qtbot, [0, 1])
    tools = window.tools
    qtbot.waitUntil(lambda: tools.sources.trash_count == 2, timeout=5000)
    with qtbot.waitSignal(window.browser.results_shown, timeout=5000):
        tools.sources.choose("trash")
    assert sorted(_ids(window)) == sorted(deleted)
    assert tools.trash_bar.isVisible() and not window.browser.facets.isEnabled()
    assert "2 in the trash" in window.count_label.text()
    _select(window, [0])
    restored = window.browser.selected_ids()
    with qtbot.waitSignal(window.browser.results_shown, timeout=5000):
        qtbot.mouseClick(tools.trash_bar.restore_button, Qt.MouseButton.LeftButton)
    assert _ids(window) == [i for i in deleted if i not in restored]
    from briefapp.gui.qt import QMessageBox

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(window.browser.results_shown, timeout=5000):
        qtbot.mouseClick(tools.trash_bar.empty_button, Qt.MouseButton.LeftButton)
    assert _ids(window) == []
    qtbot.waitUntil(lambda: tools.sources.trash_count == 0, timeout=5000)
    assert window.library.count_reports() == 15
    with qtbot.waitSignal(window.browser.results_shown, timeout=5000):
        tools.sources.choose("all")
    assert window.browser.model.rowCount() == 15 and not tools.trash_bar.isVisible()


def test_the_whole_sample_library_goes_in_one_undoable_action(window, qtbot):
    with qtbot.waitSignal(window.browser.results_shown, timeout=5000):
        window.tools.remove_samples_action.trigger()
    assert window.browser.model.rowCount() == 0
    assert window.tools.library_undo.count() == 1
    with qtbot.waitSignal(window.browser.results_shown, timeout=5000):
        window.tools.undo()
    assert window.browser.model.rowCount() == 16


def test_select_all_and_delete_empties_the_table(window, qtbot):
    window.browser.table.setFocus()
    window.browser.table.selectAll()
    with qtbot.waitSignal(window.browser.results_shown, timeout=5000):
        window.tools.trash_action.trigger()
    assert window.browser.model.rowCount() == 0


def test_a_briefing_citing_a_trashed_report_says_source_deleted(window, qtbot):
    report = window.reader.report
    window.composer.add_items([item_from_section(report, report.sections[0])])
    model = window.composer.model
    assert "source deleted" not in model.index(0, 0).data(Qt.ItemDataRole.UserRole + 2)
    window.tools.delete([report.id], "Move to Trash")
    qtbot.waitUntil(lambda: model.items[0].source.source_deleted, timeout=5000)
    assert "source deleted" in model.index(0, 0).data(Qt.ItemDataRole.UserRole + 2)
    assert model.items[0].text == report.sections[0].text


def test_bulk_edit_sets_fields_on_several_reports_in_one_undoable_step(window, qtbot):
    _select(window, [0, 1, 2])
    ids = window.browser.selected_ids()
    before = {r.id: r for r in window.library.reports_by_ids(ids)}
    dialog = window.tools.ask_bulk_edit()
    assert isinstance(dialog, BulkEditDialog)
    dialog.lists["topics"].setText("Fuel smuggling, Lake Chad")
    dialog.lists["tags"].setText("weekly")
    dialog.modes["tags"].setCurrentIndex(1)  # replace
    qtbot.keyClicks(dialog.grade, "B2")
    assert dialog.grade_box.isChecked()
    with qtbot.waitSignal(window.browser.results_shown, timeout=5000):
        dialog.accept()
    after = {r.id: r for r in window.library.reports_by_ids(ids)}
    for report_id in ids:
        assert after[report_id].topics[-2:] == ["Fuel smuggling", "Lake Chad"]
        assert after[report_id].tags == ["weekly"] and after[report_id].grade == "B2"
    topics = window.browser.facets.lists["topic"]
    qtbot.waitUntil(
        lambda: any(topics.item(i).text() == "Lake Chad (3)" for i in range(topics.count())),
        timeout=5000,
    )
    assert window.tools.library_undo.count() == 1
    window.browser.table.setFocus()
    with qtbot.waitSignal(window.browser.results_shown, timeout=5000):
        qtbot.keyClick(window.browser.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    restored = {r.id: r for r in window.library.reports_by_ids(ids)}
    for report_id in ids:
        assert restored[report_id].topics == before[report_id].topics
        assert restored[report_id].tags == before[report_id].tags
        assert restored[report_id].grade == before[report_id].grade


def test_a_saved_collection_is_listed_applied_renamed_and_deleted(window, qtbot):
    tools = window.tools
    with qtbot.waitSignal(window.browser.results_shown, timeout=5000):
        window.browser.facets.lists["country"].check_value("Niger")
    window.browser.search.setText("mining")
    with qtbot.waitSignal(window.changes.changed, timeout=5000):
        tools.save_collection("Niger mining")
    qtbot.waitUntil(lambda: [c.name for c in tools.sources.collections()] == ["Niger mining"])
    [saved] = window.library.collections()
    assert saved.filters.countries == ["Niger"] and saved.filters.text == "mining"
    expected = window.library.report_ids(ReportFilter(countries=["Niger"], text="mining"))
    with qtbot.waitSignal(window.browser.results_shown, timeout=5000):
        window.clear_filters()
    assert window.browser.model.rowCount() == 16
    with qtbot.waitSignal(window.browser.results_shown, timeout=5000):
        tools.sources.choose("collection", saved.id)
    assert sorted(_ids(window)) == sorted(expected)
    assert window.browser.search.text() == "mining"
    assert window.browser.facets.lists["country"].checked_values() == ["Niger"]
    with qtbot.waitSignal(window.changes.changed, timeout=5000):
        tools.rename_collection(saved, "Mining in Niger")
    qtbot.waitUntil(lambda: [c.name for c in tools.sources.collections()] == ["Mining in Niger"])
    with qtbot.waitSignal(window.changes.changed, timeout=5000):
        tools.delete_collection(saved)
    qtbot.waitUntil(lambda: tools.sources.collections() == [])
    assert window.library.collections() == []


def test_near_duplicates_show_as_one_row_with_a_count_and_open_on_click(window, qtbot):
    library = window.library
    first = library.import_bytes(article("Fuel seizures near Bol", BODY), "bol.txt").report_id
    copies = [
        library.import_bytes(
            article("Fuel seizures near Bol", BODY, f"\n\nSaved copy {n} of the article."),
            f"bol-{n}.txt",
        ).report_id
        for n in range(2)
    ]
    with qtbot.waitSignal(window.browser.results_shown, timeout=5000):
        window.browser.refresh()
    ids = _ids(window)
    assert first in ids and not set(copies) & set(ids)
    assert window.browser.model.rowCount() == 17
    assert not window.browser.table.isColumnHidden(COL_COPIES)
    row = ids.index(first)
    model = window.browser.model
    assert model.index(row, 0).data(COPIES_ROLE) == 2
    assert model.index(row, COL_COPIES).data() == "▸ 2 more"
    rect = window.browser.table.visualRect(model.index(row, COL_COPIES))
    window.browser.table.scrollTo(model.index(row, COL_COPIES))
    rect = window.browser.table.visualRect(model.index(row, COL_COPIES))
    with qtbot.waitSignal(model.rowsInserted, timeout=5000):
        qtbot.mouseClick(
            window.browser.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center()
        )
    assert _ids(window)[row : row + 3] == [first, *copies]
    assert model.index(row + 1, 0).data(COPY_OF_ROLE) == first
    qtbot.waitUntil(lambda: model.index(row + 1, COL_TITLE).data() is not None, timeout=5000)
    assert model.index(row + 1, COL_TITLE).data().startswith("    ↳ Fuel seizures")
    assert model.index(row + 1, 0).data(REPORT_ROLE).id == copies[0]
    assert model.index(row, COL_COPIES).data() == "▾ 2 more"
    # Rows below the opened group still show their reports.
    last = model.rowCount() - 1
    qtbot.waitUntil(lambda: model.index(last, 0).data(REPORT_ROLE) is not None, timeout=5000)
    window.browser.toggle_group(first)
    assert _ids(window) == ids


def test_an_empty_trash_says_the_trash_is_empty_not_the_library(window, qtbot) -> None:
    """The Trash view with nothing in it must not tell the analyst to import reports."""
    with qtbot.waitSignal(window.browser.results_shown, timeout=5000):
        window.tools.sources.choose("trash")
    empty = window.feedback.empty
    assert empty.isVisible() and empty.message.text() == "The trash is empty."
    assert not empty.button.isVisible()
    bar = window.tools.trash_bar
    assert not bar.restore_button.isEnabled() and not bar.empty_button.isEnabled()


def test_a_report_read_from_the_trash_offers_nothing_to_add_or_edit(window, qtbot) -> None:
    deleted = _delete_with_key(window, qtbot, [0])
    with qtbot.waitSignal(window.browser.results_shown, timeout=5000):
        window.tools.sources.choose("trash")
    _select(window, [0])
    qtbot.waitUntil(
        lambda: window.reader.report is not None and window.reader.report.id == deleted[0],
        timeout=5000,
    )
    page = window.reader.toPlainText()
    assert "In the trash: restore it" in page and "Open original" in page
    assert "Add to briefing" not in page and "Edit details" not in page
    items = len(window.composer.briefing.items) if window.composer.briefing else 0
    section = window.reader.report.sections[0]
    window.reader.anchorClicked.emit(window.reader.action_url(f"add/{section.id}"))
    assert (len(window.composer.briefing.items) if window.composer.briefing else 0) == items
    assert window.tools.trash_bar.restore_button.isEnabled()
    with qtbot.waitSignal(window.browser.results_shown, timeout=5000):
        window.tools.sources.choose("all")
    qtbot.waitUntil(lambda: window.reader.report is not None, timeout=5000)
    assert "Add to briefing" in window.reader.toPlainText()


def test_one_report_moved_to_the_trash_is_counted_in_the_singular(window, qtbot) -> None:
    """Moved 1 report to the trash: no "report(s)" in what the analyst reads."""
    _delete_with_key(window, qtbot, [0])
    assert window.tools.undo_bar.label.text() == "Moved 1 report to the trash"


def test_the_library_undo_entries_have_no_dangling_colon(window, qtbot) -> None:
    """Edit › "Undo in Library" with nothing to undo; "Undo in Library: Move…" after a move."""
    tools = window.tools
    assert tools.undo_action.text() == "Undo in Library"
    assert tools.redo_action.text() == "Redo in Library"
    _delete_with_key(window, qtbot, [0])
    assert tools.undo_action.text() == "Undo in Library: Move 1 Report to Trash"
