"""The dialog that sets country, topic, tag, publisher or grade on several reports at once."""

from __future__ import annotations

from briefapp.gui.qt import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
    counted,
)
from briefapp.ingest.countries import normalise_country
from briefapp.library import BulkEdit
from briefapp.library.bulk import ListMode

MODES: tuple[tuple[str, ListMode], ...] = (
    ("Add to each report", "add"),
    ("Replace", "replace"),
    ("Remove from each report", "remove"),
)
LIST_FIELDS = (("countries", "&Countries"), ("topics", "&Topics"), ("tags", "T&ags"))


def split_labels(text: str) -> list[str]:
    """``"Mali; Niger, Chad"`` -> ``["Mali", "Niger", "Chad"]`` (commas or semicolons)."""
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


class BulkEditDialog(QDialog):
    """Fields left empty (and unticked) stay as they are on every report."""

    def __init__(self, count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bulkEditDialog")
        self.setWindowTitle("Edit selected reports")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"Change <b>{counted(count, 'report')}</b> at once. Empty fields stay as they are;"
            " separate several values with commas. One Undo (Ctrl+Z in the table) reverts it."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.lists: dict[str, QLineEdit] = {}
        self.modes: dict[str, QComboBox] = {}
        for name, label in LIST_FIELDS:
            row = QHBoxLayout()
            edit = QLineEdit()
            edit.setObjectName(f"bulk-{name}")
            edit.setPlaceholderText("unchanged")
            mode = QComboBox()
            mode.setObjectName(f"bulk-{name}-mode")
            for text, value in MODES:
                mode.addItem(text, value)
            row.addWidget(edit, 1)
            row.addWidget(mode)
            form.addRow(label, row)
            self.lists[name], self.modes[name] = edit, mode
        self.publisher_box = QCheckBox("Set &publisher")
        self.publisher = QLineEdit()
        self.publisher.setPlaceholderText("empty clears it")
        self.publisher.textEdited.connect(lambda _t: self.publisher_box.setChecked(True))
        form.addRow(self.publisher_box, self.publisher)
        self.grade_box = QCheckBox("Set &grade")
        self.grade = QLineEdit()
        self.grade.setPlaceholderText("e.g. B2 (reliability A–F, credibility 1–6); empty clears")
        self.grade.textEdited.connect(lambda _t: self.grade_box.setChecked(True))
        form.addRow(self.grade_box, self.grade)
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Apply to all")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def edit(self) -> BulkEdit:
        """The change the user asked for."""
        result = BulkEdit()
        for name, field in self.lists.items():
            values = split_labels(field.text())
            if name == "countries":  # "Ivory Coast" is stored as the library names it
                values = [normalise_country(v) or v for v in values]
            mode: ListMode = self.modes[name].currentData()
            if values or mode == "replace" and field.text().strip():
                setattr(result, name, values)
                result.modes[name] = mode
        if self.publisher_box.isChecked():
            result.publisher = self.publisher.text().strip()
        if self.grade_box.isChecked():
            result.grade = self.grade.text().strip()
        return result
