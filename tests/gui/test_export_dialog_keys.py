"""Enter in the export dialog exports; it never opens the file browser instead."""

from __future__ import annotations

import pytest

from briefapp.gui.export import ExportDialog
from briefapp.gui.qt import QDialog, QPushButton, Qt
from briefapp.models import Briefing, BriefingItem

pytestmark = pytest.mark.gui


def test_enter_in_the_file_name_exports(qtbot, tmp_path) -> None:
    """Typing a file name and pressing Enter accepts the dialog (Export is the default)."""
    briefing = Briefing(title="Lake Chad Weekly", items=[BriefingItem("H", "text")])
    dialog = ExportDialog(briefing, ["default"], tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    defaults = [b.text() for b in dialog.findChildren(QPushButton) if b.isDefault()]
    assert defaults == ["Export"]  # not "Browse…", which opens a modal file dialog
    dialog.path.setFocus()
    dialog.path.setText(str(tmp_path / "lake-chad.pdf"))
    qtbot.keyClick(dialog.path, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_the_export_commands_do_not_promise_only_a_pdf(window) -> None:
    """Export offers PDF and Word: its menu entry and buttons say "Export", not "Export PDF"."""
    labels = [
        window.export_action.text(),
        window.export_action.toolTip(),
        window.composer.export_button.text(),
    ]
    assert labels[0].replace("&", "") == "Export…"
    assert not any("PDF" in label for label in labels), labels
