"""The brand editor: brands are validated by the renderer's loader, saved outside the
installed program, and appear in the briefing's brand list at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefapp.brands import bundled_brands_dir, load_brand
from briefapp.brands.editing import BrandDraft, save_brand
from briefapp.errors import BriefappError
from briefapp.gui.brand_editor import BrandEditor
from briefapp.gui.qt import QImage

pytestmark = pytest.mark.gui


@pytest.fixture
def editor(qtbot, tmp_path):
    dialog = BrandEditor([tmp_path / "brands"], [("Test folder", tmp_path / "brands")])
    qtbot.addWidget(dialog)
    return dialog


def _png(path: Path) -> Path:
    image = QImage(40, 20, QImage.Format.Format_RGB32)
    image.fill(0x2A5DB0)
    assert image.save(str(path))
    return path


def test_a_new_brand_is_saved_validated_and_loadable(editor, tmp_path):
    editor.new_brand()
    editor.name.setText("desk-brand")
    editor.organisation.setText("Regional Desk")
    editor.handling.setPlainText("Internal to the desk.")
    editor.logo.setText(str(_png(tmp_path / "mark.png")))
    assert editor.logo_preview.pixmap() is not None and not editor.logo_preview.pixmap().isNull()
    editor.colours["primary"].edit.setText("#224466")
    editor.fonts["body"].setCurrentText("NotoSans-Regular.ttf")
    brand = editor.save()
    assert brand is not None and editor.error.text() == ""
    loaded = load_brand("desk-brand", [tmp_path / "brands"])
    assert loaded.organisation == "Regional Desk" and loaded.handling == "Internal to the desk."
    assert loaded.colours["primary"] == "#224466"
    assert loaded.fonts["body"].name == "NotoSans-Regular.ttf"
    assert loaded.logo == tmp_path / "brands" / "desk-brand" / "logo.png"
    assert [editor.list.item(i).text() for i in range(editor.list.count())].count("desk-brand") == 1


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("colour", "navy", "colour 'primary' must look like"),
        ("name", "my brand/2", "brand name"),
        ("logo", "nowhere.png", "logo file not found"),
        ("logo", "notes.txt", "must be an SVG, PNG or JPEG"),
    ],
)
def test_a_bad_brand_is_refused_with_the_reason_and_nothing_is_written(
    editor, tmp_path, field, value, problem
):
    editor.new_brand()
    editor.name.setText("checked")
    if field == "colour":
        editor.colours["primary"].edit.setText(value)
    elif field == "name":
        editor.name.setText(value)
    else:
        editor.logo.setText(str(tmp_path / value))
    assert editor.save() is None
    assert problem in editor.error.text() and editor.error.text().startswith("Not saved:")
    brands = tmp_path / "brands"
    assert not brands.exists() or [p.name for p in brands.iterdir()] == []


def test_a_logo_that_is_not_an_image_is_refused_by_the_loader(editor, tmp_path):
    fake = tmp_path / "fake.png"
    fake.write_bytes(b"not a picture")
    editor.new_brand()
    editor.logo.setText(str(fake))
    assert editor.save() is None
    assert "not a readable SVG, PNG or JPEG" in editor.error.text()
    assert str(tmp_path / "brands" / "my-brand" / "brand.toml") in editor.error.text()


def test_saving_a_bad_edit_leaves_the_saved_brand_as_it_was(editor, tmp_path):
    editor.new_brand()
    editor.organisation.setText("First")
    assert editor.save() is not None
    editor.organisation.setText("Second")
    editor.colours["accent"].edit.setText("#12")
    assert editor.save() is None
    assert load_brand("my-brand", [tmp_path / "brands"]).organisation == "First"


def test_brands_are_never_saved_among_the_bundled_ones():
    with pytest.raises(BriefappError, match="never inside the installed program"):
        save_brand(BrandDraft(name="sneaky"), bundled_brands_dir())
    assert not (bundled_brands_dir() / "sneaky").exists()


def test_editing_the_bundled_default_saves_the_users_own_copy(editor, tmp_path):
    editor.reload(select="default")
    assert editor.name.text() == "default" and editor.organisation.text() == ""
    editor.organisation.setText("Field Office")
    assert editor.save() is not None
    assert load_brand("default", [tmp_path / "brands"]).organisation == "Field Office"
    assert load_brand("default").organisation == "", "the bundled brand is untouched"


def test_text_with_quotes_and_new_lines_round_trips(tmp_path):
    draft = BrandDraft(
        name="q", organisation='The "Desk" \\ Unit', handling="Line one\nLine two\ttab"
    )
    draft.fonts = {
        "heading": "NotoSans-Bold.ttf",
        "body": "NotoSerif-Regular.ttf",
        "body_bold": "NotoSerif-Bold.ttf",
        "body_italic": "NotoSerif-Italic.ttf",
    }
    brand = save_brand(draft, tmp_path)
    assert brand.organisation == 'The "Desk" \\ Unit'
    assert brand.handling == "Line one\nLine two\ttab"


def test_the_window_opens_the_editor_and_a_saved_brand_joins_the_briefing(
    window, tmp_path, monkeypatch
):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    editor = window.edit_brands()
    editor.new_brand()
    editor.name.setText("library-brand")
    editor.location.setCurrentIndex(1)  # the library's brands/ folder
    assert editor.save() is not None
    assert (window.library.folder / "brands" / "library-brand" / "brand.toml").is_file()
    assert "library-brand" in window.brands
    assert window.composer.fields["brand"].findText("library-brand") >= 0
    editor.close()
