"""Edit details: a mistake in the dialog is shown in it, and the analyst's typing survives."""

from __future__ import annotations

from datetime import date

import pytest

pytestmark = pytest.mark.gui


def test_a_bad_grade_keeps_the_dialog_open_with_what_was_typed(window, qtbot) -> None:
    """Z9 is refused in the dialog; the tags typed beside it stay."""
    report = window.reader.report
    dialog = window.edit_report(report.id)
    dialog.tags.setText("piracy, shipping")
    dialog.grade.setText("Z9")
    dialog.accept()
    assert dialog.isVisible()  # nothing typed is lost
    assert dialog.tags.text() == "piracy, shipping"
    assert "Z9" in dialog.error.text() and dialog.error.text()[0].isupper()
    assert window.library.get_report(report.id).tags == report.tags


def test_the_date_takes_the_forms_the_date_filter_takes(window, qtbot) -> None:
    """4 Mar 2026 is read as in the filter, not refused for lacking YYYY-MM-DD."""
    report = window.reader.report
    dialog = window.edit_report(report.id)
    dialog.published.setText("4 Mar 2026")
    assert dialog.changes()["published"].date() == date(2026, 3, 4)


def test_a_date_that_cannot_be_read_is_named_in_the_dialog(window, qtbot) -> None:
    """What was typed is quoted in the message, in the dialog."""
    dialog = window.edit_report(window.reader.report.id)
    dialog.published.setText("next Tuesday-ish")
    dialog.accept()
    assert dialog.isVisible() and "next Tuesday-ish" in dialog.error.text()
