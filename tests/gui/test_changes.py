"""Operations announce what they changed once; the table, the reader and the composer follow."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from briefapp.gui.changes import LibraryChanges
from briefapp.gui.report_model import REPORT_ROLE
from briefapp.models import Briefing

pytestmark = pytest.mark.gui


def test_a_change_with_a_fresh_copy_reaches_the_table_and_the_reader(window, qtbot):
    shown = window.reader.report
    renamed = dataclasses.replace(shown, title="Lake Chad Fisheries Review")
    with qtbot.waitSignal(window.browser.results_shown, timeout=5000):
        window.changes.announce(
            LibraryChanges(report_ids=frozenset([shown.id]), reports=(renamed,))
        )
    assert window.reader.report.title == "Lake Chad Fisheries Review"
    row = window.browser.model.row_of(shown.id)
    # The query ran again and read the stored (unchanged) title: the library is the truth.
    assert window.browser.model.index(row, 0).data(REPORT_ROLE).title == shown.title


def test_a_change_without_a_copy_makes_the_reader_read_its_report_again(window, qtbot):
    report_id = window.reader.report.id
    with window.library.write() as conn:  # as a read-again from the original would
        conn.execute(
            "UPDATE sections SET text = 'Rewritten by a newer importer.' WHERE report_id = ?",
            [report_id],
        )
    with qtbot.waitSignal(window.report_shown, timeout=5000):
        window.changes.announce(LibraryChanges(report_ids=frozenset([report_id])))
    assert "Rewritten by a newer importer." in window.reader.toPlainText()


def test_a_change_of_another_report_leaves_the_reader_alone(window, qtbot):
    shown = window.reader.report
    other = next(i for i in window.browser.model.ids() if i != shown.id)
    with qtbot.assertNotEmitted(window.reader.report_outdated):
        window.changes.announce(LibraryChanges(report_ids=frozenset([other])))
    assert window.reader.report is shown


def test_editing_details_announces_one_change_naming_the_report(window, qtbot):
    heard: list[LibraryChanges] = []
    window.changes.changed.connect(heard.append)
    report = window.reader.report
    dialog = window.edit_report(report.id)
    dialog.title.setText("Sahel Grain Corridor Note")
    with qtbot.waitSignal(window.browser.results_shown, timeout=5000):
        dialog.accept()
    assert len(heard) == 1 and heard[0].report_ids == {report.id} and heard[0].facets
    assert window.browser.model.index(window.browser.model.row_of(report.id), 0).data(
        REPORT_ROLE
    ).title == ("Sahel Grain Corridor Note")


def test_an_import_announces_the_reports_it_added(window, qtbot, tmp_path):
    heard: list[LibraryChanges] = []
    window.changes.changed.connect(heard.append)
    note = tmp_path / "harbour-note.txt"
    note.write_text(
        "Harbour Note\n\nExecutive Summary\nThe ferry to Kisumu resumed on Monday.\n",
        encoding="utf-8",
    )
    with qtbot.waitSignal(window.browser.results_shown, timeout=20000):
        window.imports.import_paths([str(note)])
    (added,) = [r.id for r in window.library.list_reports() if r.title == "Harbour Note"]
    assert [c.report_ids for c in heard] == [{added}]
    assert window.browser.model.row_of(added) >= 0


def test_the_composer_lists_briefings_again_when_they_change(window, qtbot):
    composer = window.composer
    window.library.save_briefing(Briefing(title="Made Elsewhere", date=date(2026, 5, 2)))
    window.changes.announce(LibraryChanges(briefings=True))
    qtbot.waitUntil(lambda: composer.picker.findText("Made Elsewhere") >= 0, timeout=5000)
