"""The item dialog is a form: Tab leaves its text boxes, as in every other field."""

from __future__ import annotations

import pytest

from briefapp.briefing.compose import own_text_item
from briefapp.gui.item_dialog import ItemEditDialog
from briefapp.gui.qt import Qt

pytestmark = pytest.mark.gui


def test_tab_moves_from_the_text_to_the_note_and_on_to_the_buttons(qtbot) -> None:
    """Tab is no trap: it leaves the text and the note without typing a tab into them."""
    dialog = ItemEditDialog(own_text_item("Grain prices rose in Kano.", heading="Comment"))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.text.setFocus()
    qtbot.keyClick(dialog.text, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.note and "\t" not in dialog.text.toPlainText()
    qtbot.keyClick(dialog.note, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is not dialog.note and dialog.note.toPlainText() == ""
