"""The export dialog makes releasable versions: a level chosen there leaves out what is marked
above it, as `briefapp export --max-marking` does."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefapp.gui.export import ExportDialog
from briefapp.models import Briefing, BriefingItem
from briefapp.resources import resource_path

pytestmark = pytest.mark.gui


def marked_briefing() -> Briefing:
    return Briefing(
        title="Lake Basin Weekly",
        scheme="uk",
        items=[
            BriefingItem("Market Prices", "Grain prices eased in Bol.", marking="OFFICIAL"),
            BriefingItem("Source Network", "The Kousseri contact is reliable.", marking="SECRET"),
        ],
    )


def test_the_dialog_offers_the_levels_of_the_briefings_scheme(qtbot, tmp_path):
    dialog = ExportDialog(marked_briefing(), ["default"], tmp_path)
    qtbot.addWidget(dialog)
    offered = [dialog.releasable.itemData(i) for i in range(dialog.releasable.count())]
    assert offered == ["", "OFFICIAL", "OFFICIAL-SENSITIVE", "SECRET", "TOP SECRET"]
    dialog.releasable.setCurrentIndex(dialog.releasable.findData("OFFICIAL"))
    assert dialog.settings().max_marking == "OFFICIAL"


def test_a_briefing_without_a_scheme_offers_no_releasable_choice(qtbot, tmp_path):
    plain = Briefing(title="Plain", items=[BriefingItem("H", "text")])
    dialog = ExportDialog(plain, ["default"], tmp_path)
    qtbot.addWidget(dialog)
    assert dialog.releasable.count() == 1 and dialog.settings().max_marking == ""
    assert not dialog.releasable.isVisibleTo(dialog)


def test_the_window_exports_a_releasable_version(window, qtbot, tmp_path):
    dialog = ExportDialog(marked_briefing(), ["default"], tmp_path)
    qtbot.addWidget(dialog)
    dialog.path.setText(str(tmp_path / "releasable.pdf"))
    dialog.releasable.setCurrentIndex(dialog.releasable.findData("OFFICIAL"))
    briefing = marked_briefing()
    with qtbot.waitSignal(window.exports.exported, timeout=30000) as exported:
        window.exports.export(briefing, dialog.settings())
    text = "\n".join(page.extract_text() for page in PdfReader(exported.args[0]).pages)
    assert "Grain prices eased" in text and "OFFICIAL" in text
    assert "Kousseri" not in text and "SECRET" not in text
    assert len(briefing.items) == 2  # the briefing itself keeps everything
    assert Path(exported.args[0]).exists()


def test_a_brands_own_scheme_offers_its_levels_when_that_brand_is_chosen(qtbot, tmp_path):
    own = tmp_path / "brands" / "cell"
    shutil.copytree(resource_path("brands", "default"), own)
    toml = own / "brand.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8")
        + '\n[markings]\nscheme = "cell"\nlevels = [["OPEN", "O"], ["CELL ONLY", "C"]]\n',
        encoding="utf-8",
    )
    briefing = Briefing(title="Cell notes", scheme="cell", brand="cell", items=[])
    dialog = ExportDialog(briefing, ["default", "cell"], tmp_path, brand_dirs=[own.parent])
    qtbot.addWidget(dialog)
    offered = [dialog.releasable.itemData(i) for i in range(dialog.releasable.count())]
    assert offered == ["", "OPEN", "CELL ONLY"]
    assert dialog.releasable.isVisibleTo(dialog)
    dialog.brand.setCurrentText("default")  # which does not know the scheme
    assert dialog.releasable.count() == 1 and not dialog.releasable.isVisibleTo(dialog)
