"""The composer's assessment panel: scheme, item markings, front matter and judgements are
edited in the window and saved; estimative-language findings follow the text live."""

from __future__ import annotations

from datetime import date

import pytest

from briefapp.briefing.compose import own_text_item
from briefapp.models import Judgement

pytestmark = pytest.mark.gui


def test_assessment_fields_are_edited_and_saved(window, qtbot):
    composer, details = window.composer, window.composer.details
    window.new_briefing_action.trigger()
    composer.add_items([own_text_item("## Roads\n\nThe Kessara road is open.")])
    details.scheme.setCurrentIndex(details.scheme.findData("uk"))
    details.scheme.activated.emit(details.scheme.currentIndex())
    composer.items.setCurrentIndex(composer.model.index(0, 0))
    details.item_marking.setCurrentIndex(details.item_marking.findData("OFFICIAL-SENSITIVE"))
    details.item_marking.activated.emit(details.item_marking.currentIndex())
    for edit, text in (
        (details.date, "2026-11-02"),
        (details.cutoff, "2026-10-30"),
        (details.reference, "NAG/KES/2026/044"),
        (details.distribution, "Head of Analysis; Logistics Cell"),
    ):
        edit.setText(text)
        edit.textEdited.emit(text)
    details.add_judgement(Judgement("Grain deliveries will continue.", "likely", "high", "O"))
    with qtbot.waitSignal(composer.saved, timeout=5000):
        composer.save_now()
    saved = window.library.load_briefing(composer.briefing.id)
    assert saved.scheme == "uk"
    assert saved.items[0].marking == "OFFICIAL-SENSITIVE"
    assert (saved.date, saved.cutoff) == (date(2026, 11, 2), date(2026, 10, 30))
    assert saved.reference == "NAG/KES/2026/044"
    assert saved.distribution == ["Head of Analysis", "Logistics Cell"]
    assert saved.judgements == [Judgement("Grain deliveries will continue.", "likely", "high", "O")]


def test_findings_follow_the_text_live_without_blocking(window, qtbot):
    composer, details = window.composer, window.composer.details
    window.new_briefing_action.trigger()
    details.refresh_findings()
    assert details.findings_label.text() == "Estimative language: no findings"
    composer.add_items([own_text_item("## Roads\n\nThe militia may close the road.")])
    qtbot.waitUntil(lambda: details.findings.count() == 1, timeout=3000)
    assert details.findings.item(0).text().startswith('item 1: vague probability wording "may"')
    assert details.findings_for(1) == ['vague probability wording "may"']
    assert composer.export_button.isEnabled()
    details.add_judgement(Judgement("The ferry reopens."))
    qtbot.waitUntil(lambda: details.findings.count() == 2, timeout=3000)
    assert "no likelihood" in details.findings.item(1).text()


def test_the_item_marking_is_shown_whole_beside_a_wide_scheme_name(window, qtbot) -> None:
    """At the default width the item's marking reads "OFFICIAL-SENSITIVE", not "OFFICIAL-"."""
    window.resize(1440, 900)
    window.composer.add_items([own_text_item("Grain prices rose in Kano.", heading="Note")])
    details = window.composer.details
    details.scheme.setCurrentIndex(details.scheme.findData("uk"))
    details.scheme.activated.emit(details.scheme.currentIndex())
    marking = details.item_marking
    qtbot.waitUntil(lambda: marking.isEnabled() and marking.count() > 1)
    marking.setCurrentIndex(marking.findText("OFFICIAL-SENSITIVE"))
    text = marking.fontMetrics().horizontalAdvance("OFFICIAL-SENSITIVE")
    # (the text plus the arrow and the frame: a combo's own size hint is fixed at first show)
    qtbot.waitUntil(lambda: marking.width() >= text + 30, timeout=2000)


def test_an_item_without_its_own_marking_is_said_to_follow_the_briefing(window, qtbot) -> None:
    """Such an item is printed with the briefing's mark, e.g. (S): "unmarked" misled."""
    window.composer.add_items([own_text_item("Grain prices rose in Kano.", heading="Note")])
    details = window.composer.details
    details.scheme.setCurrentIndex(details.scheme.findData("uk"))
    details.scheme.activated.emit(details.scheme.currentIndex())
    assert details.item_marking.itemData(0) == ""
    assert details.item_marking.itemText(0) == "as the briefing"


def test_a_judgements_choices_read_whole_in_the_pane(window, qtbot) -> None:
    """The judgement's text has a row of its own; 'highly likely' fits its box; a marking shows
    as its abbreviation ("OS"), the banner in its tooltip, and is saved as the banner."""
    composer, details = window.composer, window.composer.details
    window.new_briefing_action.trigger()
    details.scheme.setCurrentIndex(details.scheme.findData("uk"))
    details.scheme.activated.emit(details.scheme.currentIndex())
    details.add_judgement(Judgement("The port stays shut.", "highly likely", "moderate", "OS"))
    table = details.judgements
    assert table.item(0, 0).text() == "The port stays shut."  # across the table's width
    likelihood, marking = table.cellWidget(1, 0), table.cellWidget(1, 2)
    assert likelihood.currentText() == "highly likely"
    assert likelihood.width() >= table.fontMetrics().horizontalAdvance("highly likely") + 20
    assert marking.currentText() == "OS" and marking.toolTip() == "OFFICIAL-SENSITIVE"
    marking.setCurrentIndex(marking.findText("S"))
    marking.activated.emit(marking.currentIndex())
    assert marking.toolTip() == "SECRET"
    with qtbot.waitSignal(composer.saved, timeout=5000):
        composer.save_now()
    saved = window.library.load_briefing(composer.briefing.id)
    assert saved.judgements == [
        Judgement("The port stays shut.", "highly likely", "moderate", "SECRET")
    ]
