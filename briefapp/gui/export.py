"""Export and preview: the export dialog (PDF or Word), rendering in the background with
progress and cancel, and an in-app preview of the PDF pages (gui/pdf_preview.py)."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from briefapp.brands import load_brand
from briefapp.briefing.markings import Level, releasable, scheme_named
from briefapp.errors import BriefappError, Cancelled
from briefapp.gui.errors import show_error
from briefapp.gui.operations import Job, Operation
from briefapp.gui.pdf_preview import PdfPreview
from briefapp.gui.qt import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QObject,
    QProgressDialog,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
    progress_dialog,
)
from briefapp.models import Briefing

FORMATS = {"pdf": "PDF document (.pdf)", "docx": "Word document (.docx)"}


def default_file_name(briefing: Briefing, fmt: str = "pdf") -> str:
    stem = re.sub(r"[^\w\- ]+", "", briefing.title).strip().replace(" ", "-") or "briefing"
    return f"{stem}.{fmt}"


@dataclass
class ExportSettings:
    brand: str
    classification: str
    password: str | None
    path: Path
    format: str = "pdf"  # "pdf" or "docx"
    max_marking: str = ""  # a releasable version up to this level ("": everything)


class ExportDialog(QDialog):
    """Format, brand, classification, password and file name of one export."""

    def __init__(
        self,
        briefing: Briefing,
        brands: list[str],
        folder: Path,
        parent: QWidget | None = None,
        brand_dirs: list[Path] | None = None,
    ) -> None:
        super().__init__(parent)
        self._scheme = briefing.scheme
        self._brand_dirs = brand_dirs or []
        self.setWindowTitle("Export briefing")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.format = QComboBox()
        for key, label in FORMATS.items():
            self.format.addItem(label, key)
        self.brand = QComboBox()
        self.brand.addItems(brands or ["default"])
        self.brand.setCurrentText(briefing.brand)
        self.classification = QLineEdit(briefing.classification)
        self.classification.setPlaceholderText("brand default")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("optional: protect the PDF (AES-256)")
        self.path = QLineEdit(str(folder / default_file_name(briefing)))
        browse = QPushButton("Browse…")
        browse.setAutoDefault(False)  # Enter in the file name exports; it does not browse
        browse.clicked.connect(self._browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(browse)
        form.addRow("F&ormat", self.format)
        form.addRow("&Brand", self.brand)
        form.addRow("&Classification", self.classification)
        form.addRow("&Password", self.password)
        # A releasable version: leave out what is marked above a level (briefings with a
        # marking scheme only; the CLI's --max-marking). A brand may define its own scheme,
        # so the levels follow the chosen brand.
        self.releasable = QComboBox()
        form.addRow("&Releasable", self.releasable)
        self._form = form
        self._fill_levels()
        self.brand.currentTextChanged.connect(self._fill_levels)
        file_label = QLabel("&File")  # a layout gets no buddy from addRow: set it by hand
        file_label.setBuddy(self.path)
        form.addRow(file_label, file_row)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        export = buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        export.setDefault(True)  # (once in the dialog: a button outside one cannot be default)
        self.format.currentIndexChanged.connect(self._format_changed)

    def _fill_levels(self) -> None:
        """Offer the levels of the briefing's scheme as the chosen brand knows it; hide the row
        when the briefing has no scheme (or the brand does not know it)."""
        chosen = self.releasable.currentData() or ""
        self.releasable.clear()
        self.releasable.addItem("Everything (withhold nothing)", "")
        levels: tuple[Level, ...] = ()
        if self._scheme.strip():
            try:
                brand = load_brand(self.brand.currentText(), self._brand_dirs)
            except BriefappError:
                brand = None
            try:
                levels = tuple(scheme_named(self._scheme, brand).levels)
            except BriefappError:
                levels = ()
        for level in levels:
            self.releasable.addItem(f"Up to {level.banner}", level.banner)
        self.releasable.setCurrentIndex(max(0, self.releasable.findData(chosen)))
        self._form.setRowVisible(self.releasable, bool(levels))

    @property
    def chosen_format(self) -> str:
        return self.format.currentData() or "pdf"

    def _format_changed(self) -> None:
        """The file name follows the format; a password protects PDFs only."""
        fmt = self.chosen_format
        path = Path(self.path.text())
        if path.suffix.lower() in (".pdf", ".docx"):
            self.path.setText(str(path.with_suffix(f".{fmt}")))
        self.password.setEnabled(fmt == "pdf")
        self.password.setPlaceholderText(
            "optional: protect the PDF (AES-256)" if fmt == "pdf" else "PDF only"
        )

    def _browse(self) -> None:
        fmt = self.chosen_format
        pattern = "PDF files (*.pdf)" if fmt == "pdf" else "Word documents (*.docx)"
        name, _ = QFileDialog.getSaveFileName(self, "Export briefing", self.path.text(), pattern)
        if name:
            self.path.setText(name if name.lower().endswith(f".{fmt}") else f"{name}.{fmt}")

    def settings(self) -> ExportSettings:
        return ExportSettings(
            brand=self.brand.currentText(),
            classification=self.classification.text().strip(),
            password=(self.password.text() or None) if self.chosen_format == "pdf" else None,
            path=Path(self.path.text()).expanduser(),
            format=self.chosen_format,
            max_marking=self.releasable.currentData() or "",
        )


class PreviewDialog(QDialog):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(760, 900)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 8)
        self.preview = PdfPreview(self)
        layout.addWidget(self.preview, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.setContentsMargins(8, 0, 8, 0)
        layout.addWidget(buttons)

    def done(self, result: int) -> None:
        self.preview.close_document()
        super().done(result)


class ExportController(QObject):
    """Runs previews and exports in the background. ``exported(path, pages)`` and
    ``preview_ready(dialog)`` tell tests and the status bar what happened."""

    exported = Signal(object, int)
    preview_ready = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, window: QWidget, brand_dirs: list[Path]):
        super().__init__(window)
        self.window = window
        self.brand_dirs = brand_dirs
        self._tmp: tempfile.TemporaryDirectory | None = None  # made on the first preview
        self.last_folder = Path.home()
        self.preview_dialog: PreviewDialog | None = None

    def _preview_folder(self) -> Path:
        """Where preview PDFs go: the system's temporary folder, or inside the portable data
        folder in portable mode (nothing may be written elsewhere on a field machine)."""
        if self._tmp is None:
            from briefapp.paths import portable_dir

            base = portable_dir()
            if base is not None:
                base = base / "tmp"
                base.mkdir(parents=True, exist_ok=True)
            self._tmp = tempfile.TemporaryDirectory(prefix="briefapp-preview-", dir=base)
        return Path(self._tmp.name)

    def _render_op(
        self,
        whole: Briefing,
        out: Path,
        password: str | None,
        fmt: str = "pdf",
        max_marking: str = "",
    ) -> Callable[[Job], int]:
        brand_dirs = self.brand_dirs

        def op(job: Job) -> int:
            brand = load_brand(whole.brand or "default", brand_dirs)
            briefing = whole
            if max_marking:  # a copy without what is marked above the level
                briefing, _withheld = releasable(whole, brand, max_marking)
            if fmt == "docx":
                from briefapp.render.docx_export import export_docx

                export_docx(briefing, brand, out, progress=job.progress, cancel=job.cancelled)
                return 0  # Word lays out its own pages: no count to report
            # ReportLab loads on the first export, not with the window (it costs start-up time)
            from briefapp.render import render_briefing

            return render_briefing(
                briefing, brand, out, password=password, progress=job.progress, cancel=job.cancelled
            )

        return op

    def _progress_dialog(self, label: str) -> QProgressDialog:
        dialog = progress_dialog(self.window, label, "briefapp", 100, 300)
        dialog.setValue(0)
        return dialog

    def _run(
        self,
        briefing: Briefing,
        out: Path,
        password: str | None,
        label: str,
        on_done: Callable[[int], object],
        fmt: str = "pdf",
        max_marking: str = "",
    ) -> Operation:
        dialog = self._progress_dialog(label)

        def progress(fraction: float, message: str) -> None:
            dialog.setValue(int(fraction * 100))
            dialog.setLabelText(message or label)

        def finish() -> None:
            dialog.reset()
            dialog.hide()
            dialog.deleteLater()

        def failure(error: BaseException) -> None:
            if isinstance(error, Cancelled):
                self.cancelled.emit()
                return
            self.failed.emit(str(error))
            show_error(self.window, error)

        operation = Operation(
            self,
            self._render_op(briefing, out, password, fmt, max_marking),
            success=on_done,
            failure=failure,
            progress=progress,
            finished=finish,
        )
        dialog.canceled.connect(operation.cancel)
        return operation.run_in_background()

    def preview(self, briefing: Briefing) -> Operation | None:
        if not briefing.items:
            show_error(self.window, _empty_error())
            return None
        out = self._preview_folder() / f"preview-{id(briefing)}.pdf"
        return self._run(
            briefing,
            out,
            None,
            "Rendering preview…",
            lambda pages: self.show_preview(
                out,
                f"Preview — {briefing.title}",
                label=f"Preview of “{briefing.title}” (not saved)",
            ),
        )

    def show_preview(
        self, path: Path, title: str, password: str | None = None, label: str | None = None
    ) -> PreviewDialog:
        if self.preview_dialog is not None:
            self.preview_dialog.close()
        dialog = PreviewDialog(title, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.preview.load(path, password, label)
        self.preview_dialog = dialog
        dialog.destroyed.connect(lambda *_: setattr(self, "preview_dialog", None))
        dialog.show()
        self.preview_ready.emit(dialog)
        return dialog

    def export(self, briefing: Briefing, settings: ExportSettings) -> Operation | None:
        if not briefing.items:
            show_error(self.window, _empty_error())
            return None
        briefing.brand = settings.brand
        briefing.classification = settings.classification
        self.last_folder = settings.path.parent

        def done(pages: int) -> None:
            self.exported.emit(settings.path, pages)
            path = settings.path
            if settings.format == "docx":  # nothing to preview in the window: say where it is
                status = getattr(self.window, "statusBar", None)
                if status is not None:
                    status().showMessage(f"Exported the Word document to {path}", 10000)
                return
            self.show_preview(path, f"Exported — {path.name}", settings.password)

        if settings.format == "docx":
            return self._run(
                briefing,
                settings.path,
                None,
                "Exporting Word document…",
                done,
                "docx",
                settings.max_marking,
            )
        return self._run(
            briefing,
            settings.path,
            settings.password,
            "Exporting PDF…",
            done,
            "pdf",
            settings.max_marking,
        )

    def ask_settings(self, briefing: Briefing, brands: list[str]) -> ExportSettings | None:
        dialog = ExportDialog(
            briefing, brands, self.last_folder, self.window, brand_dirs=self.brand_dirs
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.settings()
        return None


def _empty_error() -> BriefappError:
    return BriefappError("the briefing has no items yet: add sections from the reader first")
