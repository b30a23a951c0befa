"""The GUI's models: lazy report rows and the undoable briefing items."""

from __future__ import annotations

import pytest

from briefapp.briefing.compose import item_from_section, own_text_item
from briefapp.gui.briefing_model import BriefingItemsModel
from briefapp.gui.qt import QModelIndex, Qt, QUndoStack
from briefapp.gui.report_model import (
    COL_COPIES,
    COL_SNIPPET,
    COL_TITLE,
    COPIES_ROLE,
    COPY_OF_ROLE,
    PAGE_SIZE,
    REPORT_ID_ROLE,
    REPORT_ROLE,
    SNIPPET_ROLE,
    ReportTableModel,
    snippet_html,
)
from briefapp.library import HIT_END, HIT_START
from briefapp.models import Briefing, Report

pytestmark = pytest.mark.gui


def test_report_model_passes_the_model_tester(qtmodeltester, library):
    model = ReportTableModel(library.reports_by_ids)
    model.set_ids(
        library.report_ids(), {library.report_ids()[0]: f"a {HIT_START}hit{HIT_END} here"}
    )
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 16


def test_report_model_fetches_rows_a_page_at_a_time(qtbot):
    calls: list[list[int]] = []

    def fetch(ids):
        calls.append(ids)
        return [Report(title=f"Report {i}", id=i) for i in ids]

    model = ReportTableModel(fetch)
    model.set_ids(list(range(1, 100_001)))
    assert model.rowCount() == 100_000 and calls == []  # nothing fetched until shown
    assert model.index(0, COL_TITLE).data() == "Report 1"
    assert model.index(5, COL_TITLE).data() == "Report 6"
    assert len(calls) == 1 and len(calls[0]) == PAGE_SIZE
    assert model.index(99_999, COL_TITLE).data(REPORT_ID_ROLE) == 100_000
    assert model.index(99_999, COL_TITLE).data(REPORT_ROLE).title == "Report 100000"
    assert len(calls) == 2


def test_pages_can_arrive_later_without_blocking(qtbot):
    requests: list[tuple[int, int, list[int]]] = []
    model = ReportTableModel(
        request_page=lambda epoch, page, ids: requests.append((epoch, page, ids))
    )
    model.set_ids(list(range(1, 501)))
    assert model.index(250, COL_TITLE).data() is None  # not there yet: asked for, not awaited
    assert model.index(251, COL_TITLE).data() is None and len(requests) == 1
    epoch, page, ids = requests[0]
    assert page == 1 and ids[0] == PAGE_SIZE + 1
    with qtbot.waitSignal(model.dataChanged):
        model.put_page(epoch, page, [Report(title=f"R{i}", id=i) for i in ids])
    assert model.index(250, COL_TITLE).data() == "R251"
    model.set_ids([1, 2])
    model.put_page(epoch, 0, [Report(title="stale", id=1)])  # from the previous result: dropped
    assert model.index(0, COL_TITLE).data() is None


def test_snippets_highlight_the_matched_words():
    html = snippet_html(f"Control of {HIT_START}gold{HIT_END}-producing <areas>")
    assert "background:#ffe08a" in html and ">gold</span>" in html
    assert "&lt;areas&gt;" in html  # never interpreted as markup


def test_snippet_column_shows_plain_text(library):
    model = ReportTableModel(library.reports_by_ids)
    first = library.report_ids()[0]
    model.set_ids([first], {first: f"some {HIT_START}gold{HIT_END}"})
    assert model.index(0, COL_SNIPPET).data() == "some gold"
    assert HIT_START in model.index(0, COL_SNIPPET).data(SNIPPET_ROLE)


def _items_model(library):
    stack = QUndoStack()
    model = BriefingItemsModel(stack)
    briefing = Briefing(title="Test")
    model.set_briefing(briefing)
    report = library.get_report(library.report_ids()[0])
    model.add_items([item_from_section(report, s) for s in report.sections[:3]])
    return model, stack, briefing


def test_briefing_items_model_passes_the_model_tester(qtmodeltester, library):
    model, _stack, _briefing = _items_model(library)
    qtmodeltester.check(model, force_py=True)


def test_moves_removals_and_edits_undo_and_redo(library):
    model, stack, briefing = _items_model(library)
    headings = [i.heading for i in briefing.items]
    assert model.moveRows(QModelIndex(), 0, 1, QModelIndex(), 3)  # first to the end (drag-and-drop)
    assert [i.heading for i in briefing.items] == headings[1:] + headings[:1]
    stack.undo()
    assert [i.heading for i in briefing.items] == headings
    assert model.moveRows(QModelIndex(), 2, 1, QModelIndex(), 0)  # last to the top
    assert [i.heading for i in briefing.items] == [headings[2]] + headings[:2]
    stack.undo()
    model.remove_items([0, 2])
    assert [i.heading for i in briefing.items] == [headings[1]]
    stack.undo()
    assert [i.heading for i in briefing.items] == headings
    original = briefing.items[1].text
    model.edit_item(1, edited_text="Shorter.", note="Check with desk")
    assert briefing.items[1].body == "Shorter." and briefing.items[1].text == original
    stack.undo()
    assert briefing.items[1].edited_text is None and briefing.items[1].note is None
    stack.redo()
    assert briefing.items[1].body == "Shorter."
    model.add_items([own_text_item("## Comment\n\nOwn words.")])
    assert model.index(3, 0).data(Qt.ItemDataRole.DisplayRole) == "4. Comment"
    stack.undo()
    assert model.rowCount() == 3


def test_opening_a_group_inserts_its_copies_and_rows_below_keep_their_reports(qtmodeltester, qtbot):
    def fetch(ids):
        return [Report(title=f"Report {i}", id=i) for i in ids]

    model = ReportTableModel(fetch)
    first = PAGE_SIZE - 1  # the last row of the first page: copies push rows to the next
    model.set_ids(list(range(1, 2 * PAGE_SIZE + 1)), copy_counts={first + 1: 2})
    assert model.index(first, 0).data(COPIES_ROLE) == 2
    assert model.index(first, COL_COPIES).data() == "▸ 2 more"
    assert model.index(first + 1, COL_TITLE).data() == f"Report {first + 2}"  # pages cached
    with qtbot.waitSignal(model.rowsInserted):
        model.open_group(first + 1, [5000, 5001])
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 2 * PAGE_SIZE + 2
    assert model.index(first + 1, COL_TITLE).data() == "    ↳ Report 5000"
    assert model.index(first + 2, 0).data(COPY_OF_ROLE) == first + 1
    assert model.index(first + 3, COL_TITLE).data() == f"Report {first + 2}"
    assert model.index(first, COL_COPIES).data() == "▾ 2 more"
    model.close_group(first + 1)
    assert model.rowCount() == 2 * PAGE_SIZE
    assert model.index(first + 1, COL_TITLE).data() == f"Report {first + 2}"
