"""Dialog correcting a report's metadata: title, date, publisher, countries, topics, grade, tags."""

from __future__ import annotations

from datetime import datetime

from briefapp.errors import BriefappError
from briefapp.gui.date_range import locale_day_first, parse_typed_date
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
from briefapp.library.grading import describe, parse_grade
from briefapp.models import Report


def _split(text: str) -> list[str]:
    return [v.strip() for v in text.split(",") if v.strip()]


class MetadataDialog(QDialog):
    """Edits a copy of the values; :meth:`changes` gives ``Library.update_report`` keywords."""

    def __init__(self, report: Report, parent: QWidget | None = None) -> None:
        """Fill the fields with ``report``'s values."""
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
        # The forms the date filter takes ("4 Mar 2026", "04/03/2026"...); empty: unknown.
        self.published.setPlaceholderText("e.g. 2026-03-04 or 4 Mar 2026 (empty: unknown)")
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
        try:
            day = parse_typed_date(text, locale_day_first())
        except ValueError:
            raise BriefappError(
                f"The date {text!r} cannot be read: write it as 2026-03-04 or 4 Mar 2026"
            ) from None
        published = datetime(day.year, day.month, day.day) if day else None
        if published and self.report.published and self.report.published.date() == day:
            published = self.report.published  # keep the original time of day
        grade = self.grade.text().strip()
        if grade:
            try:
                parse_grade(grade)  # refused here, where the analyst can still correct it
            except ValueError as exc:
                problem = str(exc)
                raise BriefappError(problem[:1].upper() + problem[1:]) from None
        return {
            "title": self.title.text(),
            "published": published,
            "publisher": self.publisher.text(),
            "countries": _split(self.countries.text()),
            "topics": _split(self.topics.text()),
            "grade": grade or None,
            "tags": _split(self.tags.text()),
        }

    def accept(self) -> None:
        """Close only when every field reads; else say why under the fields."""
        try:
            self.changes()
        except BriefappError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        super().accept()
