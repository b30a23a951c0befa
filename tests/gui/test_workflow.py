"""The whole workflow, headless: find reports, compose a briefing, export and preview it."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from briefapp.briefing.compose import item_from_section
from briefapp.gui.export import ExportSettings
from briefapp.gui.qt import QModelIndex, Qt
from briefapp.gui.report_model import COL_COUNTRIES, COL_SNIPPET, REPORT_ROLE, SNIPPET_ROLE
from briefapp.library import HIT_START

pytestmark = pytest.mark.gui


def _rows(window):
    model = window.browser.model
    return [model.index(r, 0).data(REPORT_ROLE) for r in range(model.rowCount())]


def test_window_opens_on_the_library_with_a_report_in_the_reader(window):
    assert window.browser.model.rowCount() == 16
    assert "16 reports" in window.count_label.text()
    assert window.browser.search.placeholderText() == "Search reports (Ctrl+F)"
    assert window.reader.report.sections, "the reader shows the report with its sections"
    assert "Add to briefing" in window.reader.toPlainText()


def test_search_ranks_hits_and_highlights_the_matched_words(window, qtbot):
    with qtbot.waitSignal(window.browser.results_shown, timeout=5000):
        qtbot.keyClicks(window.browser.search, "gold")
    model = window.browser.model
    assert 0 < model.rowCount() < 16
    assert not window.browser.table.isColumnHidden(COL_SNIPPET)
    assert HIT_START in model.index(0, COL_SNIPPET).data(SNIPPET_ROLE)
    assert (
        "gold" in model.index(0, 0).data().lower()
        or "gold" in model.index(0, COL_SNIPPET).data().lower()
    )
    qtbot.waitUntil(lambda: window.match_info.isVisible())
    assert "ffe08a" in window.match_info.text()


def test_typing_is_debounced_and_only_the_last_query_is_shown(window, qtbot):
    shown: list[int] = []
    window.browser.results_shown.connect(shown.append)
    with qtbot.waitSignal(window.browser.results_shown, timeout=5000):
        for ch in "sudan":
            qtbot.keyClick(window.browser.search, ch)
    assert len(shown) == 1  # one query for five key presses
    window.browser.refresh()
    window.browser.search.setText("niger")
    with qtbot.waitSignal(window.browser.results_shown, timeout=5000):
        window.browser.refresh()  # the first query's result is stale and dropped
    qtbot.waitUntil(lambda: not window.browser.busy)
    assert len(shown) == 2


def test_facet_filter_narrows_the_table_and_updates_the_counts(window, qtbot):
    countries = window.browser.facets.lists["country"]
    assert any(countries.item(i).text() == "Niger (3)" for i in range(countries.count()))
    with qtbot.waitSignals(
        [window.browser.results_shown, window.browser.facets_shown], timeout=5000
    ):
        countries.check_value("Niger")
    rows = _rows(window)
    assert len(rows) == 3 and all("Niger" in r.countries for r in rows)
    assert "3 matching reports" in window.count_label.text()
    publishers = window.browser.facets.lists["publisher"]
    total = sum(
        int(publishers.item(i).text().rsplit("(", 1)[1].rstrip(")"))
        for i in range(publishers.count())
    )
    assert total <= 3  # counts follow the filter
    with qtbot.waitSignal(window.browser.results_shown, timeout=5000):
        window.clear_filters()
    assert window.browser.model.rowCount() == 16


def test_sorting_by_clicking_a_header(window, qtbot):
    header = window.browser.table.horizontalHeader()
    with qtbot.waitSignal(window.browser.results_shown, timeout=5000):
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)  # what a header click does
    titles = [r.title.casefold() for r in _rows(window)]
    assert titles == sorted(titles)


def test_compose_reorder_edit_undo_export_and_preview(window, qtbot, tmp_path):
    composer = window.composer
    reader = window.reader
    report = reader.report
    # Add two sections through the reader's links.
    for section in report.sections[:2]:
        reader.anchorClicked.emit(reader.action_url(f"add/{section.id}"))
    assert [i.heading for i in composer.briefing.items] == [s.heading for s in report.sections[:2]]
    # Quick action: the summaries of the selected reports.
    window.browser.table.selectRow(1)
    window.browser.table.selectionModel().select(
        window.browser.model.index(2, 0),
        window.browser.table.selectionModel().SelectionFlag.Select
        | window.browser.table.selectionModel().SelectionFlag.Rows,
    )
    assert len(window.browser.selected_ids()) == 2
    with qtbot.waitSignal(composer.model.rowsInserted, timeout=5000):
        window.add_summaries_action.trigger()
    assert composer.model.rowCount() == 4
    assert all(i.section_kind == "summary" for i in composer.briefing.items[2:])
    # Reorder (what drag-and-drop asks of the model), then undo it.
    headings = [i.heading for i in composer.briefing.items]
    composer.items.setCurrentIndex(composer.model.index(0, 0))
    composer.move_current(1)
    assert [i.heading for i in composer.briefing.items][:2] == [headings[1], headings[0]]
    window.undo_action.trigger()
    assert [i.heading for i in composer.briefing.items] == headings
    composer.model.moveRows(QModelIndex(), 3, 1, QModelIndex(), 0)
    assert composer.briefing.items[0].heading == headings[3]
    # Edit an item's text and note through the dialog; the library keeps its original.
    composer.items.setCurrentIndex(composer.model.index(0, 0))
    dialog = composer.edit_current()
    dialog.text.setPlainText("A tighter summary for the manager.")
    dialog.note.setPlainText("Confirm with the desk")
    dialog.accept()
    item = composer.briefing.items[0]
    assert (
        item.body == "A tighter summary for the manager." and item.note == "Confirm with the desk"
    )
    assert item.text != item.body
    section = next(
        s
        for s in window.library.get_report(item.source.report_id).sections
        if s.heading == item.heading
    )
    assert section.text == item.text
    # Delete removes; undo brings it back.
    composer.items.setCurrentIndex(composer.model.index(1, 0))
    qtbot.keyClick(composer.items, Qt.Key.Key_Delete)
    assert composer.model.rowCount() == 3
    window.undo_action.trigger()
    assert composer.model.rowCount() == 4
    # Title edit, then autosave.
    composer.fields["title"].selectAll()
    qtbot.keyClicks(composer.fields["title"], "Sahel Weekly")
    assert composer.briefing.title == "Sahel Weekly"
    with qtbot.waitSignal(composer.saved, timeout=5000):
        pass
    qtbot.waitUntil(composer.autosaver.idle)
    stored = window.library.load_briefing(composer.briefing.id)
    assert stored.title == "Sahel Weekly" and len(stored.items) == 4
    assert stored.items[0].edited_text == "A tighter summary for the manager."
    # Preview before export.
    with qtbot.waitSignal(window.exports.preview_ready, timeout=20000) as preview:
        window.preview_action.trigger()
    assert preview.args[0].preview.page_count() >= 2
    preview.args[0].close()
    # Export.
    out = tmp_path / "brief.pdf"
    settings = ExportSettings(brand="default", classification="RESTRICTED", password=None, path=out)
    with qtbot.waitSignal(window.exports.exported, timeout=20000) as exported:
        window.exports.export(composer.snapshot(), settings)
    assert Path(exported.args[0]) == out and out.exists()
    reader_pdf = PdfReader(str(out))
    assert len(reader_pdf.pages) == exported.args[1] >= 2
    text = "".join(page.extract_text() for page in reader_pdf.pages)
    assert "Sahel Weekly" in text and "A tighter summary for the manager." in text
    # After export the preview shows the exported file.
    qtbot.waitUntil(
        lambda: (
            window.exports.preview_dialog is not None
            and window.exports.preview_dialog.preview.path == out
        )
    )
    assert window.exports.preview_dialog.preview.page_count() == len(reader_pdf.pages)


def test_editing_report_details_is_searchable_at_once(window, qtbot):
    report = window.reader.report
    dialog = window.edit_report(report.id)
    dialog.title.setText("Zanzibar Cloves Outlook")
    dialog.countries.setText("Tanzania")
    dialog.grade.setText("B2")
    with qtbot.waitSignals(
        [window.browser.results_shown, window.browser.facets_shown], timeout=5000
    ):
        dialog.accept()
    assert window.reader.report.title == "Zanzibar Cloves Outlook"
    countries = window.browser.facets.lists["country"]
    assert any(countries.item(i).text() == "Tanzania (1)" for i in range(countries.count()))
    with qtbot.waitSignal(window.browser.results_shown, timeout=5000):
        qtbot.keyClicks(window.browser.search, "zanzibar")
    assert window.browser.model.rowCount() == 1
    assert window.browser.model.index(0, COL_COUNTRIES).data() == "Tanzania"
    assert window.browser.model.index(0, 0).data(REPORT_ROLE).grade == "B2"


def test_briefings_are_listed_and_new_ones_start_empty(window, qtbot):
    composer = window.composer
    window.reader.anchorClicked.emit(
        window.reader.action_url(f"add/{window.reader.report.sections[0].id}")
    )
    with qtbot.waitSignal(composer.saved, timeout=5000):
        composer.save_now()
    first = composer.briefing.id
    window.new_briefing_action.trigger()
    assert composer.model.rowCount() == 0 and composer.picker.count() == 2
    with qtbot.waitSignal(composer.saved, timeout=5000):
        composer.save_now()
    with qtbot.waitSignal(composer.model.modelReset, timeout=5000):
        composer._picked(composer.picker.findData(first))
    assert composer.briefing.id == first and composer.model.rowCount() == 1


def test_cancelled_export_leaves_no_file(window, qtbot, tmp_path):
    report = window.reader.report
    window.composer.add_items([item_from_section(report, s) for s in report.sections])
    out = tmp_path / "cancelled.pdf"
    settings = ExportSettings(brand="default", classification="", password=None, path=out)
    with qtbot.waitSignal(window.exports.cancelled, timeout=20000):
        operation = window.exports.export(window.composer.snapshot(), settings)
        operation.cancel()  # what the progress dialog's Cancel button does
    assert not out.exists()
    assert not list(tmp_path.glob("*.part"))
    assert window.statusBar().currentMessage() == "Export cancelled"


def test_password_protected_export_is_encrypted(window, qtbot, tmp_path):
    report = window.reader.report
    window.composer.add_items([item_from_section(report, report.sections[0])])
    out = tmp_path / "secret.pdf"
    settings = ExportSettings(brand="default", classification="SECRET", password="s3cret", path=out)
    with qtbot.waitSignal(window.exports.exported, timeout=20000):
        window.exports.export(window.composer.snapshot(), settings)
    assert PdfReader(str(out)).is_encrypted


def test_own_text_items_are_added_and_undone(window, qtbot):
    composer = window.composer
    dialog = composer.add_own_text()
    dialog.heading.setText("Desk Assessment")
    dialog.text.setPlainText("We expect the blockade to **hold** through December.")
    dialog.accept()
    item = composer.briefing.items[-1]
    assert item.is_own_text and item.heading == "Desk Assessment" and "**hold**" in item.body
    window.undo_action.trigger()
    assert composer.model.rowCount() == 0
    window.redo_action.trigger()
    assert composer.model.rowCount() == 1


def test_date_range_filters_the_reports(window, qtbot):
    from datetime import date

    with qtbot.waitSignal(window.browser.results_shown, timeout=5000):
        window.browser.facets.since.set_date(date(2026, 6, 1))
    rows = _rows(window)
    assert 0 < len(rows) < 16
    assert all(r.published and r.published.date().isoformat() >= "2026-06-01" for r in rows)
    with qtbot.waitSignal(window.browser.results_shown, timeout=5000):
        window.browser.facets.until.set_date(date(2026, 8, 31))
    assert all(r.published.date().isoformat() <= "2026-08-31" for r in _rows(window))
