"""The Published filter: typed dates in analysts' forms, the calendar's first month, quick
ranges; and the small facet fixes (label clicks, no false highlight, the Date arrow)."""

from __future__ import annotations

from datetime import date

import pytest

from briefapp.gui.date_range import DateField, parse_typed_date, quick_range
from briefapp.gui.qt import QHeaderView, QLocale, QStyleOptionHeader, Qt
from briefapp.gui.report_model import COL_DATE

pytestmark = pytest.mark.gui


@pytest.mark.parametrize(
    ("typed", "day_first", "expected"),
    [
        ("2026-03-04", True, date(2026, 3, 4)),
        ("4 Mar 2026", False, date(2026, 3, 4)),
        ("March 4, 2026", True, date(2026, 3, 4)),
        ("04/03/2026", True, date(2026, 3, 4)),
        ("04/03/2026", False, date(2026, 4, 3)),
        ("25/03/2026", False, date(2026, 3, 25)),  # only one reading makes sense
        ("4.3.26", True, date(2026, 3, 4)),
        ("", True, None),
    ],
)
def test_typed_dates_are_read_in_the_forms_analysts_use(typed, day_first, expected):
    assert parse_typed_date(typed, day_first) == expected


@pytest.mark.parametrize("typed", ["yesterday-ish", "31/02/2026", "2026"])
def test_text_that_is_no_date_is_refused_with_a_reason(typed):
    with pytest.raises(ValueError, match="not a date"):
        parse_typed_date(typed)


def test_numeric_dates_follow_the_locale_order(qtbot):
    field = DateField("From")
    qtbot.addWidget(field)
    field.setLocale(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    field.setText("04/03/2026")
    assert field.commit_text() and field.value() == date(2026, 4, 3)
    field.setLocale(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    field.setText("04/03/2026")
    assert field.commit_text() and field.value() == date(2026, 3, 4)
    assert field.text() == "2026-03-04"


def test_a_bad_date_stays_in_the_field_marked_and_explained(qtbot):
    field = DateField("To")
    qtbot.addWidget(field)
    field.set_date(date(2026, 1, 1))
    field.setText("32 Foo 2026")
    assert not field.commit_text()
    assert field.text() == "32 Foo 2026" and field.property("invalid") is True
    assert "not a date" in field.toolTip()
    assert field.value() == date(2026, 1, 1), "the last good bound stays in force"


def test_a_typed_date_filters_the_reports(window, qtbot):
    since = window.browser.facets.since
    since.setFocus()
    with qtbot.waitSignal(window.browser.results_shown, timeout=5000):
        qtbot.keyClicks(since, "1 Jun 2026")
        qtbot.keyClick(since, Qt.Key.Key_Return)
    model = window.browser.model
    assert 0 < model.rowCount() < 16
    assert window.browser.filters().since.date() == date(2026, 6, 1)
    with qtbot.waitSignal(window.browser.results_shown, timeout=5000):
        since.clear()
    assert model.rowCount() == 16


def test_the_calendar_opens_at_the_librarys_newest_month(window, qtbot):
    field = window.browser.facets.since
    qtbot.waitUntil(lambda: field.newest is not None)
    newest = max(
        r.published.date() for r in window.library.list_reports() if r.published is not None
    )
    field._turn_calendar()
    assert (field.calendar.yearShown(), field.calendar.monthShown()) == (
        newest.year,
        newest.month,
    )


def test_quick_ranges_set_both_bounds():
    today = date(2026, 3, 10)
    assert quick_range("Last 7 days", today) == (date(2026, 3, 4), today)
    assert quick_range("Last 30 days", today) == (date(2026, 2, 9), today)
    assert quick_range("This year", today) == (date(2026, 1, 1), today)
    assert quick_range("Any date", today) == (None, None)


def test_a_quick_range_filters_and_clear_removes_it(window, qtbot):
    dates = window.browser.facets.dates
    with qtbot.waitSignal(window.browser.results_shown, timeout=5000):
        dates.apply_quick("This year", today=date(2026, 12, 31))
    assert window.browser.filters().since.date() == date(2026, 1, 1)
    with qtbot.waitSignal(window.browser.results_shown, timeout=5000):
        window.clear_filters()
    assert dates.range() == (None, None)


def test_a_click_on_a_facet_label_toggles_its_box(window, qtbot):
    countries = window.browser.facets.lists["country"]
    item = countries.item(0)
    rect = countries.visualItemRect(item)
    label_point = rect.center()  # the text, well right of the box
    with qtbot.waitSignal(window.browser.results_shown, timeout=5000):
        qtbot.mouseClick(countries.viewport(), Qt.MouseButton.LeftButton, pos=label_point)
    assert countries.checked_values() == [item.data(Qt.ItemDataRole.UserRole + 1)]
    with qtbot.waitSignal(window.browser.results_shown, timeout=5000):
        qtbot.mouseClick(countries.viewport(), Qt.MouseButton.LeftButton, pos=label_point)
    assert countries.checked_values() == []


def test_a_current_but_unticked_facet_is_not_highlighted(window, qtbot):
    countries = window.browser.facets.lists["country"]
    countries.setFocus()
    countries.setCurrentRow(1)
    assert countries.selectedItems() == []
    assert countries.checked_values() == []


def test_space_ticks_the_current_facet(window, qtbot):
    topics = window.browser.facets.lists["topic"]
    topics.setFocus()
    topics.setCurrentRow(0)
    with qtbot.waitSignal(window.browser.results_shown, timeout=5000):
        qtbot.keyClick(topics, Qt.Key.Key_Space)
    assert len(topics.checked_values()) == 1


def arrow_of(header: QHeaderView, column: int) -> str:
    """Say which arrow the style is asked to draw on ``column``: down, up or none."""
    option = QStyleOptionHeader()
    header.initStyleOptionForIndex(option, column)
    if option.sortIndicator == QStyleOptionHeader.SortIndicator.SortDown:
        return "down"
    return "up" if option.sortIndicator == QStyleOptionHeader.SortIndicator.SortUp else "none"


def test_the_date_arrow_points_down_for_newest_first(window, qtbot):
    header = window.browser.table.horizontalHeader()
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert arrow_of(header, COL_DATE) == "down"
    with qtbot.waitSignal(window.browser.results_shown, timeout=5000):
        header.setSortIndicator(COL_DATE, Qt.SortOrder.AscendingOrder)
    assert arrow_of(header, COL_DATE) == "up"


def test_the_note_label_of_the_item_dialog_shows_no_ampersand(qtbot):
    from briefapp.briefing.compose import own_text_item
    from briefapp.gui.item_dialog import ItemEditDialog
    from briefapp.gui.qt import QLabel

    dialog = ItemEditDialog(own_text_item("Text", heading="Comment"))
    qtbot.addWidget(dialog)
    label = next(w for w in dialog.findChildren(QLabel) if "note" in w.text())
    assert label.buddy() is dialog.note, "with a buddy, '&n' is a mnemonic, not a character"


def test_the_quick_range_menu_applies_its_range(window, qtbot):
    dates = window.browser.facets.dates
    last_7 = next(a for a in dates.quick.menu().actions() if a.text() == "Last 7 days")
    with qtbot.waitSignal(window.browser.results_shown, timeout=5000):
        last_7.trigger()
    since, until = dates.range()
    assert until == date.today() and (until - since).days == 6
