"""Dialog correcting a report's metadata: title, date, publisher, countries, topics, grade, tags."""

from __future__ import annotations

from datetime import datetime

from briefapp.errors import BriefappError
from briefapp.gui.qt import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    Qt,
    QVBoxLayout,
    QWidget,
)
from briefapp.library.grading import describe
from briefapp.models import Report


def _split(text: str) -> list[str]:
    return [v.strip() for v in text.split(",") if v.strip()]


class MetadataDialog(QDialog):
    """Edits a copy of the values; :meth:`changes` gives ``Library.update_report`` keywords."""

    def __init__(self, report: Report, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit report details")
        self.setMinimumWidth(520)
        self.report = report
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.title = QLineEdit(report.title)
        self.published = QLineEdit(
            report.published.strftime("%Y-%m-%d") if report.published else ""
        )
        self.published.setPlaceholderText("YYYY-MM-DD (empty: unknown)")
        self.publisher = QLineEdit(report.publisher or "")
        self.countries = QLineEdit(", ".join(report.countries))
        self.topics = QLineEdit(", ".join(report.topics))
        self.grade = QLineEdit(report.grade)
        self.grade.setPlaceholderText("Admiralty grade, e.g. B2")
        # What the letters mean, as the analyst types (Admiralty: reliability, credibility).
        self.grade_meaning = QLabel(describe(report.grade))
        self.grade_meaning.setObjectName("hint")
        self.grade.textChanged.connect(lambda text: self.grade_meaning.setText(describe(text)))
        self.tags = QLineEdit(", ".join(report.tags))
        for label, widget in (
            ("&Title", self.title),
            ("&Date", self.published),
            ("&Publisher", self.publisher),
            ("&Countries", self.countries),
            ("To&pics", self.topics),
            ("&Grade", self.grade),
            ("", self.grade_meaning),
            ("T&ags", self.tags),
        ):
            form.addRow(label, widget)
        layout.addLayout(form)
        hint = QLabel("Separate several countries, topics or tags with commas.")
        hint.setObjectName("hint")
        layout.addWidget(hint)
        self.error = QLabel()
        self.error.setTextFormat(Qt.TextFormat.PlainText)  # the message may quote what was typed
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def changes(self) -> dict:
        """Keyword arguments for ``Library.update_report``; raises BriefappError on bad input."""
        text = self.published.text().strip()
        if text:
            try:
                published = datetime.strptime(text, "%Y-%m-%d")
            except ValueError:
                raise BriefappError(f"the date must be YYYY-MM-DD, not {text!r}") from None
            if self.report.published and self.report.published.date() == published.date():
                published = self.report.published  # keep the original time of day
        else:
            published = None
        return {
            "title": self.title.text(),
            "published": published,
            "publisher": self.publisher.text(),
            "countries": _split(self.countries.text()),
            "topics": _split(self.topics.text()),
            "grade": self.grade.text().strip() or None,
            "tags": _split(self.tags.text()),
        }

    def accept(self) -> None:
        try:
            self.changes()
        except BriefappError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        super().accept()
