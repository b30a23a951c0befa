"""The composer's assessment panel: marking scheme, item markings, front matter, key
judgements, and the estimative-language findings, refreshed live as the briefing changes.

Edits go straight to the open briefing and are saved by the composer's autosave; the
findings never block export.
"""

from __future__ import annotations

from datetime import date

from briefapp.briefing.estimative import lint_briefing, scale_for
from briefapp.briefing.markings import SCHEMES, Scheme
from briefapp.gui.qt import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from briefapp.models import CONFIDENCE_LEVELS, Briefing, BriefingItem, Judgement

# Each judgement takes two rows of the table: its text across the whole width, then its
# likelihood, confidence and marking, so that neither squeezes the other in a narrow pane.
JUDGEMENT_COLUMNS = ("Likelihood", "Confidence", "Marking")
ROWS_PER_JUDGEMENT = 2


def _parse_day(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip()) if text.strip() else None
    except ValueError:
        return None


class BriefingDetails(QWidget):
    """Scheme, markings, date, reference, cut-off, distribution and judgements of a briefing.

    ``edited`` is emitted after every change the user makes to the briefing.
    """

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("briefingDetails")
        self.briefing: Briefing | None = None
        self.item: BriefingItem | None = None
        self._filling = False
        self._lint_timer = QTimer(self)
        self._lint_timer.setSingleShot(True)
        self._lint_timer.setInterval(250)  # live, but not on every keystroke
        self._lint_timer.timeout.connect(self.refresh_findings)
        self._build()

    # -- layout ----------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(4)
        self.scheme = QComboBox()
        self.scheme.setObjectName("field-scheme")
        self.scheme.addItem("None (free classification)", "")
        for name in SCHEMES:
            self.scheme.addItem(name.upper(), name)
        self.scheme.activated.connect(lambda _i: self._scheme_changed())
        form.addRow("Scheme", self.scheme)
        self.item_marking = QComboBox()
        self.item_marking.setObjectName("field-item-marking")
        self.item_marking.setToolTip("Portion marking of the selected item")
        self.item_marking.activated.connect(lambda _i: self._item_marking_changed())
        # A row of its own: beside the scheme it was squeezed to "unmarke" / "OFFICIAL-"
        form.addRow("Item marking", self.item_marking)
        self.date = self._line("date", "today (YYYY-MM-DD)")
        self.cutoff = self._line("cutoff", "information cut-off (YYYY-MM-DD)")
        dates = QHBoxLayout()
        dates.addWidget(self.date)
        dates.addWidget(self.cutoff)
        form.addRow("Date, cut-off", dates)
        self.reference = self._line("reference", "e.g. NAG/KES/2026/044")
        form.addRow("Re&ference", self.reference)
        self.distribution = self._line("distribution", "recipients, separated by ;")
        form.addRow("Distri&bution", self.distribution)
        layout.addLayout(form)

        self.judgements = QTableWidget(0, len(JUDGEMENT_COLUMNS))
        self.judgements.setObjectName("judgements")
        self.judgements.setHorizontalHeaderLabels(list(JUDGEMENT_COLUMNS))
        header = self.judgements.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # "highly likely" and "moderate" read whole; markings show as "OS", "S".
        for column, width in ((1, 92), (2, 72)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            self.judgements.setColumnWidth(column, width)
        self.judgements.verticalHeader().setVisible(False)
        self.judgements.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.judgements.setMaximumHeight(170)
        self.judgements.itemChanged.connect(lambda _cell: self._judgements_edited())
        buttons = QHBoxLayout()
        label = QLabel("Key judgements")
        label.setObjectName("hint")
        buttons.addWidget(label)
        buttons.addStretch(1)
        self.add_judgement_button = QPushButton("+ Judgement")
        self.add_judgement_button.clicked.connect(lambda: self.add_judgement())
        self.remove_judgement_button = QPushButton("Remove")
        self.remove_judgement_button.clicked.connect(self.remove_judgement)
        buttons.addWidget(self.add_judgement_button)
        buttons.addWidget(self.remove_judgement_button)
        layout.addLayout(buttons)
        layout.addWidget(self.judgements)

        self.findings_label = QLabel("")
        self.findings_label.setObjectName("hint")
        layout.addWidget(self.findings_label)
        self.findings = QListWidget()
        self.findings.setObjectName("lintFindings")
        self.findings.setMaximumHeight(90)
        self.findings.setWordWrap(True)
        layout.addWidget(self.findings)

    def _line(self, name: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(f"field-{name}")
        edit.setPlaceholderText(placeholder)
        edit.textEdited.connect(lambda _text: self._front_matter_edited())
        return edit

    # -- showing a briefing ----------------------------------------------------------------
    def set_briefing(self, briefing: Briefing | None) -> None:
        self.briefing, self.item = briefing, None
        self._filling = True
        try:
            b = briefing or Briefing(title="")
            index = self.scheme.findData(b.scheme.casefold())
            if index < 0 and b.scheme:
                self.scheme.addItem(b.scheme, b.scheme)  # a brand's own scheme
                index = self.scheme.count() - 1
            self.scheme.setCurrentIndex(max(index, 0))
            self.date.setText(b.date.isoformat() if b.date else "")
            self.cutoff.setText(b.cutoff.isoformat() if b.cutoff else "")
            self.reference.setText(b.reference)
            self.distribution.setText("; ".join(b.distribution))
            self._fill_levels()
            self._fill_judgements()
        finally:
            self._filling = False
        self.refresh_findings()

    def set_current_item(self, item: BriefingItem | None) -> None:
        """The item whose portion marking the Item box edits."""
        self.item = item
        self._filling = True
        try:
            self._select_level(self.item_marking, item.marking if item else "")
            self.item_marking.setEnabled(item is not None and self._scheme() is not None)
        finally:
            self._filling = False

    def _scheme(self) -> Scheme | None:
        name = self.scheme.currentData() or ""
        return SCHEMES.get(name)

    def _levels(self) -> list[str]:
        scheme = self._scheme()
        return [""] + [level.banner for level in scheme.levels] if scheme else [""]

    def _fill_levels(self) -> None:
        self.item_marking.clear()
        for banner in self._levels():
            # No marking of its own: the item is printed with the briefing's classification
            # (else the scheme's lowest level), so "unmarked" would say the opposite.
            self.item_marking.addItem(banner or "as the briefing", banner)
        self.set_current_item(self.item)

    def _select_level(self, combo: QComboBox, marking: str) -> None:
        scheme = self._scheme()
        level = scheme.level(marking) if scheme and marking else None
        index = combo.findData(level.banner if level else "")
        combo.setCurrentIndex(max(index, 0))

    def _fill_judgements(self) -> None:
        table = self.judgements
        table.blockSignals(True)
        table.clearSpans()
        judgements = self.briefing.judgements if self.briefing else []
        table.setRowCount(len(judgements) * ROWS_PER_JUDGEMENT)
        for index, judgement in enumerate(judgements):
            row = index * ROWS_PER_JUDGEMENT
            text_item = QTableWidgetItem(judgement.text)
            text_item.setToolTip(judgement.text)
            table.setItem(row, 0, text_item)
            table.setSpan(row, 0, 1, len(JUDGEMENT_COLUMNS))
            for column, (values, value) in enumerate(
                (
                    (self._terms(), judgement.likelihood),
                    (["", *CONFIDENCE_LEVELS], judgement.confidence),
                    (self._levels(), judgement.marking),
                )
            ):
                combo = QComboBox()
                combo.setSizeAdjustPolicy(
                    QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
                )
                combo.setMinimumContentsLength(2)
                if column == 2:
                    self._fill_marking(combo, value)
                else:
                    combo.addItems(values)
                    if value and combo.findText(value) < 0:
                        combo.addItem(value)
                    combo.setCurrentText(value)
                combo.setToolTip(str(combo.currentData() or combo.currentText()))
                combo.activated.connect(lambda _i, c=combo: self._combo_chosen(c))
                table.setCellWidget(row + 1, column, combo)
        table.blockSignals(False)

    def _fill_marking(self, combo: QComboBox, value: str) -> None:
        """A judgement's marking as its portion abbreviation (the banner in the tooltip and the
        item's data): "OFFICIAL-SENSITIVE" does not fit a column of a narrow pane, "OS" does."""
        scheme = self._scheme()
        combo.addItem("", "")
        for level in scheme.levels if scheme else ():
            combo.addItem(level.portion, level.banner)
            combo.setItemData(combo.count() - 1, level.banner, Qt.ItemDataRole.ToolTipRole)
        known = scheme.level(value) if scheme and value else None
        if value and known is None:  # (a marking the scheme does not know: kept as typed)
            combo.addItem(value, value)
        index = combo.findData(known.banner if known else value)
        combo.setCurrentIndex(max(index, 0))

    def _combo_chosen(self, combo: QComboBox) -> None:
        combo.setToolTip(str(combo.currentData() or combo.currentText()))
        self._judgements_edited()

    def _terms(self) -> list[str]:
        briefing = self.briefing or Briefing(title="")
        return ["", *(t.term for t in scale_for(briefing).terms)]

    # -- edits -----------------------------------------------------------------------------
    def _changed(self) -> None:
        self.edited.emit()
        self._lint_timer.start()

    def _scheme_changed(self) -> None:
        if self.briefing is None or self._filling:
            return
        self.briefing.scheme = self.scheme.currentData() or ""
        self._filling = True
        try:
            self._fill_levels()
            self._fill_judgements()
        finally:
            self._filling = False
        self._changed()

    def _item_marking_changed(self) -> None:
        if self.item is None or self._filling:
            return
        self.item.marking = self.item_marking.currentData() or ""
        self._changed()

    def _front_matter_edited(self) -> None:
        b = self.briefing
        if b is None or self._filling:
            return
        b.date, b.cutoff = _parse_day(self.date.text()), _parse_day(self.cutoff.text())
        b.reference = self.reference.text().strip()
        b.distribution = [n.strip() for n in self.distribution.text().split(";") if n.strip()]
        self._changed()

    def _judgements_edited(self) -> None:
        if self.briefing is None or self._filling:
            return
        table, judgements = self.judgements, []
        for row in range(0, table.rowCount(), ROWS_PER_JUDGEMENT):
            cell = table.item(row, 0)
            combos = [table.cellWidget(row + 1, c) for c in range(len(JUDGEMENT_COLUMNS))]
            values = [
                ""
                if not isinstance(c, QComboBox)
                else str(c.currentData() or "")  # the marking's banner (its data)
                if i == 2
                else c.currentText()
                for i, c in enumerate(combos)
            ]
            judgements.append(Judgement(cell.text() if cell else "", *values))
        self.briefing.judgements = judgements
        self._changed()

    def add_judgement(self, judgement: Judgement | None = None) -> None:
        if self.briefing is None:
            return
        self.briefing.judgements.append(judgement or Judgement("New judgement"))
        self._fill_judgements()
        self.judgements.selectRow((len(self.briefing.judgements) - 1) * ROWS_PER_JUDGEMENT)
        self._changed()

    def remove_judgement(self) -> None:
        index = self.judgements.currentRow() // ROWS_PER_JUDGEMENT  # (either of its rows)
        if self.briefing is None or not 0 <= index < len(self.briefing.judgements):
            return
        del self.briefing.judgements[index]
        self._fill_judgements()
        self._changed()

    # -- findings --------------------------------------------------------------------------
    def schedule_findings(self) -> None:
        self._lint_timer.start()

    def refresh_findings(self) -> None:
        """Show the estimative-language findings of the briefing as it is now."""
        self.findings.clear()
        findings = lint_briefing(self.briefing) if self.briefing is not None else []
        for f in findings:
            self.findings.addItem(f"{f.item}: {f.problem} — {f.suggestion}")
            self.findings.item(self.findings.count() - 1).setToolTip(f.text)
        count = len(findings)
        self.findings_label.setText(
            f"Estimative language: {count} finding{'' if count == 1 else 's'}"
            if count
            else "Estimative language: no findings"
        )
        self.findings.setVisible(bool(count))

    def findings_for(self, item_number: int) -> list[str]:
        """The problems found in item ``item_number`` (1-based), for its tooltip."""
        if self.briefing is None:
            return []
        wanted = (f"item {item_number}", f"item {item_number} note")
        return [f.problem for f in lint_briefing(self.briefing) if f.item in wanted]
