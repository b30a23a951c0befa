"""The brand editor: create and change brands (organisation, logo with a preview, colours,
fonts from the bundled set, handling note) and save them where the user's brands live.

Saving goes through :func:`briefapp.brands.editing.save_brand`, which validates with the
renderer's own loader before anything is replaced; its message is shown in the dialog.
A bundled brand is never changed: saving it writes the user's own copy, which takes its
place (the user's folders are searched before the bundled brands).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from briefapp.brands import DEFAULT_COLOURS, PAGE_SIZES, list_brands
from briefapp.brands.editing import (
    FONT_ROLES,
    BrandDraft,
    bundled_fonts,
    draft_from_brand,
    save_brand,
)
from briefapp.errors import BriefappError
from briefapp.gui.qt import (
    QColor,
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPixmap,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    Qt,
    QVBoxLayout,
    QWidget,
)
from briefapp.models import Brand
from briefapp.paths import user_brands_dir

LOGO_FILTER = "Images (*.svg *.png *.jpg *.jpeg)"


class ColourField(QWidget):
    """A hex colour with a swatch button that opens the colour picker."""

    def __init__(self, role: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit()
        self.edit.setObjectName(f"colour-{role}")
        self.edit.setMaximumWidth(90)
        self.swatch = QPushButton()
        self.swatch.setFixedSize(28, 22)
        self.swatch.setToolTip(f"Pick the {role} colour")
        self.swatch.clicked.connect(self._pick)
        self.edit.textChanged.connect(self._show)
        layout.addWidget(self.edit)
        layout.addWidget(self.swatch)
        layout.addStretch(1)

    def _show(self, text: str) -> None:
        colour = QColor(text)
        fill = colour.name() if colour.isValid() else "transparent"
        self.swatch.setStyleSheet(f"background: {fill}; border: 1px solid #8a93a3;")

    def _pick(self) -> None:
        colour = QColorDialog.getColor(QColor(self.edit.text()), self, "Brand colour")
        if colour.isValid():
            self.edit.setText(colour.name().upper())


class BrandEditor(QDialog):
    """Pick a brand on the left, edit it on the right, Save. ``saved`` callbacks get the
    brand as the renderer loads it."""

    def __init__(
        self,
        brand_dirs: list[Path],
        save_dirs: list[tuple[str, Path]],
        parent: QWidget | None = None,
        on_saved: Callable[[Brand], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Brands")
        self.setObjectName("brandEditor")
        self.resize(820, 640)
        self.brand_dirs, self.on_saved = brand_dirs, on_saved
        self.brands: dict[str, Brand] = {}
        layout = QHBoxLayout(self)
        left = QVBoxLayout()
        self.list = QListWidget()
        self.list.setObjectName("brandList")
        self.list.currentTextChanged.connect(self._picked)
        left.addWidget(self.list, 1)
        self.new_button = QPushButton("&New Brand")
        self.new_button.clicked.connect(self.new_brand)
        left.addWidget(self.new_button)
        layout.addLayout(left, 1)

        right = QVBoxLayout()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        form_box = QWidget()
        form = QFormLayout(form_box)
        self.name = QLineEdit()
        self.name.setToolTip("Folder name: letters, digits, '-', '_' or '.'")
        form.addRow("&Name", self.name)
        self.organisation = QLineEdit()
        self.organisation.setPlaceholderText("none (a neutral brand)")
        form.addRow("&Organisation", self.organisation)
        self.tagline = QLineEdit()
        form.addRow("&Tagline", self.tagline)
        self.page_size = QComboBox()
        self.page_size.addItems(PAGE_SIZES)
        form.addRow("&Page size", self.page_size)
        self.classification = QLineEdit()
        self.classification.setToolTip("Printed when a briefing sets no classification")
        form.addRow("Default &classification", self.classification)
        logo_row = QHBoxLayout()
        self.logo = QLineEdit()
        self.logo.setPlaceholderText("no logo")
        self.logo.textChanged.connect(self._preview_logo)
        browse = QPushButton("&Browse…")
        browse.clicked.connect(self._browse_logo)
        logo_row.addWidget(self.logo, 1)
        logo_row.addWidget(browse)
        form.addRow("&Logo", logo_row)
        self.logo_preview = QLabel()
        self.logo_preview.setObjectName("logoPreview")
        self.logo_preview.setFixedSize(72, 72)
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        form.addRow("", self.logo_preview)
        self.handling = QPlainTextEdit()
        self.handling.setMaximumHeight(60)
        self.handling.setPlaceholderText("none: printed on the cover when set")
        form.addRow("&Handling note", self.handling)
        self.disclaimer = QPlainTextEdit()
        self.disclaimer.setMaximumHeight(60)
        form.addRow("&Disclaimer", self.disclaimer)
        colours = QGroupBox("Colours")
        colour_form = QFormLayout(colours)
        self.colours = {role: ColourField(role) for role in DEFAULT_COLOURS}
        for role, field in self.colours.items():
            colour_form.addRow(role.capitalize(), field)
        form.addRow(colours)
        fonts = QGroupBox("Fonts (bundled)")
        font_form = QFormLayout(fonts)
        self.fonts: dict[str, QComboBox] = {}
        for role in FONT_ROLES:
            combo = QComboBox()
            combo.addItems(bundled_fonts())
            self.fonts[role] = combo
            font_form.addRow(role.replace("_", " ").capitalize(), combo)
        form.addRow(fonts)
        scroll.setWidget(form_box)
        right.addWidget(scroll, 1)
        place = QHBoxLayout()
        place.addWidget(QLabel("Save in"))
        self.location = QComboBox()
        for label, folder in save_dirs:
            self.location.addItem(label, str(folder))
        place.addWidget(self.location, 1)
        right.addLayout(place)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        right.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.save_button = buttons.addButton("&Save", QDialogButtonBox.ButtonRole.ApplyRole)
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(self.save)
        buttons.rejected.connect(self.reject)
        right.addWidget(buttons)
        layout.addLayout(right, 3)
        self.reload()

    # -- brands ----------------------------------------------------------------------------
    def reload(self, select: str | None = None) -> None:
        self.brands = {b.name: b for b in list_brands(self.brand_dirs)}
        current = select or self.list.currentItem() and self.list.currentItem().text()
        self.list.clear()
        self.list.addItems(sorted(self.brands))
        matches = self.list.findItems(current or "default", Qt.MatchFlag.MatchExactly)
        self.list.setCurrentItem(matches[0] if matches else self.list.item(0))

    def _picked(self, name: str) -> None:
        if name in self.brands:
            self.show_draft(draft_from_brand(self.brands[name]))

    def new_brand(self) -> None:
        base = self.brands.get("default")
        draft = draft_from_brand(base) if base else BrandDraft(name="")
        draft.name, draft.organisation, draft.handling = "my-brand", "", ""
        self.show_draft(draft)
        self.name.setFocus()
        self.name.selectAll()

    def show_draft(self, draft: BrandDraft) -> None:
        self.error.clear()
        self.name.setText(draft.name)
        self.organisation.setText(draft.organisation)
        self.tagline.setText(draft.tagline)
        self.page_size.setCurrentText(draft.page_size)
        self.classification.setText(draft.classification)
        self.logo.setText(str(draft.logo) if draft.logo else "")
        self.handling.setPlainText(draft.handling)
        self.disclaimer.setPlainText(draft.disclaimer)
        for role, field in self.colours.items():
            field.edit.setText(draft.colours.get(role, DEFAULT_COLOURS[role]))
        for role, combo in self.fonts.items():
            combo.setCurrentText(draft.fonts.get(role, combo.itemText(0)))

    def draft(self) -> BrandDraft:
        logo = self.logo.text().strip()
        return BrandDraft(
            name=self.name.text().strip(),
            organisation=self.organisation.text(),
            tagline=self.tagline.text(),
            page_size=self.page_size.currentText(),
            classification=self.classification.text().strip() or "UNCLASSIFIED",
            handling=self.handling.toPlainText(),
            disclaimer=self.disclaimer.toPlainText(),
            logo=Path(logo).expanduser() if logo else None,
            colours={role: f.edit.text().strip() for role, f in self.colours.items()},
            fonts={role: combo.currentText() for role, combo in self.fonts.items()},
        )

    def save(self) -> Brand | None:
        """Validate and save; on a problem, say it in the dialog and keep the edits."""
        try:
            brand = save_brand(self.draft(), Path(self.location.currentData()))
        except BriefappError as exc:
            self.error.setText(f"Not saved: {exc}")
            return None
        except OSError as exc:
            self.error.setText(f"Not saved: {exc.filename or ''} {exc.strerror or exc}")
            return None
        self.error.clear()
        self.reload(select=brand.name)
        if self.on_saved is not None:
            self.on_saved(brand)
        return brand

    # -- logo ------------------------------------------------------------------------------
    def _browse_logo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Choose a logo", "", LOGO_FILTER)
        if path:
            self.logo.setText(path)

    def _preview_logo(self, text: str) -> None:
        pixmap = QPixmap(text.strip()) if text.strip() else QPixmap()
        if pixmap.isNull():
            self.logo_preview.setPixmap(QPixmap())
            self.logo_preview.setText("no preview" if text.strip() else "")
            return
        self.logo_preview.setPixmap(
            pixmap.scaled(
                self.logo_preview.size(),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )


def open_brand_editor(
    parent: QWidget,
    library_folder: Path,
    brand_dirs: list[Path],
    brand_names: list[str],
    brand_field: QComboBox | QLineEdit,
) -> BrandEditor:
    """Open the editor; a saved brand joins ``brand_names`` and the briefing's brand list."""

    def saved(brand: Brand) -> None:
        if brand.name not in brand_names:
            brand_names.append(brand.name)
            brand_names.sort()
        if isinstance(brand_field, QComboBox) and brand_field.findText(brand.name) < 0:
            brand_field.addItem(brand.name)

    editor = BrandEditor(
        brand_dirs,
        [
            ("Your configuration folder", user_brands_dir()),
            (f"This library ({library_folder / 'brands'})", library_folder / "brands"),
        ],
        parent,
        on_saved=saved,
    )
    editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    editor.open()
    return editor
