"""The preview after an export shows whole pages, fit to the dialog's width."""

from __future__ import annotations

import pytest

from briefapp.brands import load_brand
from briefapp.gui.export import PreviewDialog
from briefapp.models import Briefing, BriefingItem
from briefapp.render import render_briefing

pytestmark = pytest.mark.gui


def test_a_file_loaded_before_the_dialog_shows_is_drawn_at_the_width_shown(qtbot, tmp_path) -> None:
    """Pages were sized for the hidden (tiny) viewport and drawn for the real one: cropped."""
    pdf = tmp_path / "lake-chad.pdf"
    briefing = Briefing(title="Lake Chad Weekly", items=[BriefingItem("Outlook", "Calm week.")])
    render_briefing(briefing, load_brand("default"), pdf)
    dialog = PreviewDialog("Preview")
    qtbot.addWidget(dialog)
    dialog.preview.load(pdf)  # as the export does: before show()
    dialog.show()
    qtbot.waitExposed(dialog)
    preview = dialog.preview
    first = preview._labels[0]
    qtbot.waitUntil(lambda: first.pixmap() is not None and not first.pixmap().isNull())
    shown = preview.page_area.viewport().width() - 2 * 12  # the margins of the page column
    assert first.width() == shown  # the page fills the width, not a 200-pixel stub
    drawn = first.pixmap().deviceIndependentSize().width()
    assert abs(drawn - first.width()) <= 1  # the whole page, not its top-left corner
