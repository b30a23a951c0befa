"""The export dialog offers Word beside PDF, and the window exports a briefing as DOCX."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from briefapp.gui.export import ExportDialog, ExportSettings
from briefapp.models import Briefing, BriefingItem

pytestmark = pytest.mark.gui


def test_choosing_word_renames_the_file_and_leaves_out_the_password(qtbot, tmp_path):
    briefing = Briefing(title="Sahel Weekly", items=[BriefingItem("H", "text")])
    dialog = ExportDialog(briefing, ["default", "meridian"], tmp_path)
    qtbot.addWidget(dialog)
    dialog.password.setText("s3cret")
    dialog.format.setCurrentIndex(dialog.format.findData("docx"))
    settings = dialog.settings()
    assert settings.format == "docx" and settings.path == tmp_path / "Sahel-Weekly.docx"
    assert settings.password is None and not dialog.password.isEnabled()
    dialog.format.setCurrentIndex(dialog.format.findData("pdf"))
    assert dialog.settings().path.suffix == ".pdf" and dialog.settings().password == "s3cret"


def test_the_window_exports_the_briefing_as_a_word_document(window, qtbot, tmp_path):
    briefing = Briefing(
        title="Sahel Weekly",
        items=[BriefingItem("Markets", "Prices **rose** in Gao.", note="Check with the desk")],
    )
    out = tmp_path / "brief.docx"
    settings = ExportSettings(
        brand="default", classification="RESTRICTED", password=None, path=out, format="docx"
    )
    with qtbot.waitSignal(window.exports.exported, timeout=20000) as exported:
        window.exports.export(briefing, settings)
    assert Path(exported.args[0]) == out
    document = docx.Document(str(out))
    assert "Markets" in [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert "RESTRICTED" in [p.text for p in document.sections[0].footer.paragraphs]
    assert "Word document" in window.statusBar().currentMessage()
