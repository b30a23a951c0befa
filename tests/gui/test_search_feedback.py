"""Search feedback: the empty state says what matched nothing and offers the way out; the
reader highlights the matched passage and scrolls to it; the title stays readable."""

from __future__ import annotations

import pytest

from briefapp.gui.facets import VALUE_ROLE
from briefapp.gui.report_model import COL_SNIPPET, COL_TITLE

pytestmark = pytest.mark.gui


def _search(window, qtbot, text: str) -> None:
    with qtbot.waitSignal(window.browser.results_shown, timeout=5000):
        window.browser.search.setText(text)
        window.browser.refresh()


def test_a_search_without_hits_says_so_and_offers_to_clear_it(window, qtbot):
    _search(window, qtbot, "zanzibarquokka")
    empty = window.feedback.empty
    assert window.browser.model.rowCount() == 0
    assert empty.isVisible()
    assert empty.message.text() == "No reports match “zanzibarquokka”."
    assert empty.button.text() == "Clear search"
    with qtbot.waitSignal(window.browser.results_shown, timeout=5000):
        empty.button.click()
    assert window.browser.model.rowCount() == 16 and not empty.isVisible()


def test_with_filters_on_the_empty_state_offers_to_clear_them(window, qtbot):
    countries = window.browser.facets.lists["country"]
    with qtbot.waitSignal(window.browser.results_shown, timeout=5000):
        countries.check_value(countries.item(0).data(VALUE_ROLE))
    _search(window, qtbot, "zanzibarquokka")
    empty = window.feedback.empty
    assert "with these filters" in empty.message.text()
    assert empty.button.text() == "Clear filters"
    with qtbot.waitSignal(window.browser.results_shown, timeout=5000):
        empty.button.click()
    assert countries.checked_values() == [] and window.browser.model.rowCount() == 16


def test_the_search_text_in_the_empty_state_is_shown_as_typed(window, qtbot):
    _search(window, qtbot, "<b>zanzibarquokka</b>")
    assert window.feedback.empty.message.text() == "No reports match “<b>zanzibarquokka</b>”."


def test_the_reader_highlights_the_matched_passage_and_scrolls_to_it(window, qtbot):
    window.resize(1024, 700)
    _search(window, qtbot, "gold")
    qtbot.waitUntil(lambda: bool(window.reader.extraSelections()), timeout=5000)
    selections = window.reader.extraSelections()
    words = [s.cursor.selectedText().lower() for s in selections]
    assert any(w.startswith("gold") for w in words)
    passage = selections[0].cursor
    assert len(passage.selectedText()) > len("gold"), "the passage, not just the word"
    top = window.reader.cursorRect(passage).top()
    assert 0 <= top < window.reader.viewport().height(), "the passage is in view"


def test_a_new_report_without_a_search_has_no_highlight(window, qtbot):
    _search(window, qtbot, "gold")
    qtbot.waitUntil(lambda: bool(window.reader.extraSelections()), timeout=5000)
    _search(window, qtbot, "")
    qtbot.waitUntil(lambda: not window.reader.extraSelections(), timeout=5000)


def test_the_title_keeps_a_readable_width_while_searching(window, qtbot):
    window.resize(1024, 700)
    window.panes.reset()
    _search(window, qtbot, "gold")
    table = window.browser.table
    assert not table.isColumnHidden(COL_SNIPPET)
    assert table.columnWidth(COL_TITLE) >= 150
    assert table.columnWidth(COL_TITLE) >= table.columnWidth(COL_SNIPPET) - 2


def test_a_passage_deep_in_the_report_is_scrolled_into_view(window, qtbot):
    window.resize(1024, 700)
    _search(window, qtbot, "retraining")
    assert window.browser.model.rowCount() == 1
    qtbot.waitUntil(lambda: bool(window.reader.extraSelections()), timeout=5000)
    selections = window.reader.extraSelections()  # (kept: the cursors live as long as it)
    passage = selections[0].cursor
    assert "retraining" in passage.selectedText().lower()
    assert window.reader.verticalScrollBar().value() > 0, "the page moved to the passage"
    top = window.reader.cursorRect(passage).top()
    assert 0 <= top < window.reader.viewport().height()


def test_the_status_bar_counts_one_match_in_the_singular(window, qtbot) -> None:
    """One match reads "1 matching report", never "1 matching reports"."""
    _search(window, qtbot, '"war economy is likely"')
    assert window.browser.model.rowCount() == 1
    assert window.count_label.text().strip() == "1 matching report"
    _search(window, qtbot, "")
    assert window.count_label.text().strip() == "16 reports"


def test_the_reader_marks_every_form_of_a_word_the_search_found(window, qtbot):
    from briefapp.gui.search_feedback import page_forms

    page = "Two kidnappings in May; the crew kidnapped in June; a kidnapper; kidneys."
    assert page_forms(page, ["kidnappings"]) == ["kidnappings", "kidnapped"]
    assert page_forms(page, ["kidnapper"]) == ["kidnapper"]  # (another stem)
    _search(window, qtbot, "gold")
    qtbot.waitUntil(lambda: bool(window.reader.extraSelections()), timeout=5000)
    selections = window.reader.extraSelections()
    marked = {s.cursor.selectedText().lower() for s in selections[1:]}
    page = window.reader.toPlainText().lower()
    assert "gold" in marked and all(w in ("gold", "golds") for w in marked)
    assert page.count("gold") >= len(selections) - 1  # (whole words, never "golden" parts)
