"""Dialog editing a briefing item's heading, text and analyst note (or adding own text)."""

from __future__ import annotations

from briefapp.gui.qt import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    Qt,
    QVBoxLayout,
    QWidget,
)
from briefapp.models import BriefingItem


class ItemEditDialog(QDialog):
    """Edit an item's text and note; a borrowed section's original stays in the library."""

    def __init__(self, item: BriefingItem, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self.setWindowTitle(f"Edit item — {item.heading}")
        self.resize(640, 520)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.heading = QLineEdit(item.heading)
        form.addRow("&Heading", self.heading)
        layout.addLayout(form)
        source = (
            "your own text"
            if item.source is None
            else f"from “{item.source.title}” — edits stay in this briefing;"
            " the library keeps the original"
        )
        hint = QLabel(f"Text ({source})")
        hint.setTextFormat(Qt.TextFormat.PlainText)  # a report title is not markup
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.text = QPlainTextEdit(item.body)
        self.text.setObjectName("itemText")
        # A form, not an editor: Tab goes on to the next field (Markdown needs no tab characters).
        self.text.setTabChangesFocus(True)
        layout.addWidget(self.text, 1)
        note_label = QLabel("Analyst &note (shown under the item)")
        layout.addWidget(note_label)
        self.note = QPlainTextEdit(item.note or "")
        note_label.setBuddy(self.note)  # a buddy makes "&n" a mnemonic, not a printed "&"
        self.note.setMaximumHeight(90)
        self.note.setTabChangesFocus(True)
        layout.addWidget(self.note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        if not item.is_own_text:
            revert = buttons.addButton("Revert to original", QDialogButtonBox.ButtonRole.ResetRole)
            revert.clicked.connect(lambda: self.text.setPlainText(item.text))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def changes(self) -> dict[str, str | None]:
        text = self.text.toPlainText()
        note = self.note.toPlainText().strip() or None
        out = {"heading": self.heading.text().strip() or self.item.heading, "note": note}
        if self.item.is_own_text:
            out["text"] = text
        else:
            out["edited_text"] = None if text == self.item.text else text
        return out
