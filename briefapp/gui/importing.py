"""Importing files and folders (menu, drag-and-drop, bundled samples) with progress, cancel and
a readable, copyable list of per-file errors."""

from __future__ import annotations

from pathlib import Path

from briefapp.errors import BriefappError
from briefapp.gui.changes import ChangeHub, LibraryChanges
from briefapp.gui.connection import is_connection_problem
from briefapp.gui.operations import Job, Operation
from briefapp.gui.qt import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QObject,
    QPlainTextEdit,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
    counted,
    progress_dialog,
)
from briefapp.library import ImportResult, Library
from briefapp.resources import resource_path

SAMPLE_SUFFIXES = (".txt", ".md", ".html", ".pdf", ".docx")


def sample_files() -> list[Path]:
    """The bundled sample reports (README and scripts left out)."""
    folder = resource_path("samples")
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.iterdir()
        if p.suffix.lower() in SAMPLE_SUFFIXES and p.name.lower() != "readme.md"
    )


def import_job(library: Library, paths: list[str], job: Job) -> list[ImportResult]:
    """Import in one batch; should a file break the importer itself, go file by file so one
    bad file never loses the others."""
    try:
        return library.import_paths(paths, progress=job.progress, cancel=job.cancelled)
    except BriefappError:
        raise
    except Exception:  # noqa: BLE001 - an importer bug on one file
        from briefapp.library import iter_files

        files = [str(p) for p in iter_files(paths)]
        results: list[ImportResult] = []
        for done, path in enumerate(files, start=1):
            if job.cancelled():
                break
            try:
                results += library.import_paths([path])
            except BriefappError:
                raise
            except Exception as exc:  # noqa: BLE001
                results.append(
                    ImportResult(
                        path, "error", error=f"could not be read ({type(exc).__name__}: {exc})"
                    )
                )
            job.progress(done, len(files), path)
        return results


def summary(results: list[ImportResult]) -> str:
    counts = {
        s: sum(1 for r in results if r.status == s) for s in ("imported", "duplicate", "error")
    }
    return (
        f"Imported {counted(counts['imported'], 'report')};"
        f" {counts['duplicate']} already in the library;"
        f" {counted(counts['error'], 'error')}"
    )


class ImportErrorsDialog(QDialog):
    """Per-file errors as selectable text with a Copy button."""

    def __init__(self, results: list[ImportResult], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import problems")
        self.resize(720, 360)
        layout = QVBoxLayout(self)
        errors = [r for r in results if r.status == "error"]
        layout.addWidget(QLabel(f"{summary(results)}. These files were not imported:"))
        self.text = QPlainTextEdit("\n".join(f"{r.path}: {r.error}" for r in errors))
        self.text.setReadOnly(True)
        self.text.setObjectName("importErrors")
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        layout.addWidget(self.text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = buttons.addButton("Copy", QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(lambda: QApplication.clipboard().setText(self.text.toPlainText()))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class ImportController(QObject):
    """Runs imports and announces what they added on ``changes``; ``finished(results)`` after
    every import (the window shows a summary of it); ``connection_lost(problem, retry)`` when
    the library server went away (``retry()`` imports the files not imported again)."""

    finished = Signal(object)
    connection_lost = Signal(str, object)

    def __init__(self, window: QWidget, library: Library, changes: ChangeHub) -> None:
        super().__init__(window)
        self.window = window
        self.library = library
        self.changes = changes
        self.running: Operation | None = None

    def import_paths(self, paths: list[str], label: str = "Importing reports…") -> Operation | None:
        if not paths:
            return None
        if self.running is not None:
            from briefapp.gui.errors import show_error

            show_error(
                self.window, BriefappError("an import is already running; wait for it to finish")
            )
            return None
        dialog = progress_dialog(self.window, label, "Import", 0, 400)
        library = self.library

        def progress(done: int, total: int, path: str) -> None:
            dialog.setMaximum(total)
            dialog.setValue(done)
            dialog.setLabelText(f"{label}\n{Path(path).name} ({done} of {total})")

        def done(results: list[ImportResult]) -> None:
            lost = [r for r in results if r.status == "error" and is_connection_problem(r.error)]
            if lost:  # the server went away: each file is stored whole or not at all
                self.connection_lost.emit(
                    f"{len(lost)} of {counted(len(results), 'file')} not imported: {lost[0].error}",
                    lambda: self.import_paths([r.path for r in lost], label),
                )
            if any(r.status == "error" and r not in lost for r in results):
                errors = ImportErrorsDialog(results, self.window)
                errors.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
                errors.open()
                self.errors_dialog = errors
            added = frozenset(
                r.report_id for r in results if r.status == "imported" and r.report_id is not None
            )
            if added:
                self.changes.announce(LibraryChanges(report_ids=added, facets=True))
            self.finished.emit(results)

        def failure(error: BaseException) -> None:
            from briefapp.gui.errors import show_error

            if is_connection_problem(error):
                self.connection_lost.emit(str(error), lambda: self.import_paths(list(paths), label))
            else:
                show_error(self.window, error)
            # Batches written before the failure (or the cancel) stay in the library.
            self.changes.announce(LibraryChanges(facets=True))
            self.finished.emit([])

        def finish() -> None:
            self.running = None
            dialog.reset()
            dialog.hide()
            dialog.deleteLater()

        self.running = Operation(
            self,
            lambda job: import_job(library, list(paths), job),
            success=done,
            failure=failure,
            progress=progress,
            finished=finish,
        )
        dialog.canceled.connect(self.running.cancel)
        return self.running.run_in_background()

    def import_samples(self) -> Operation | None:
        return self.import_paths([str(p) for p in sample_files()], "Loading the sample library…")

    def ask_files(self) -> Operation | None:
        """Ask for report files and import them."""
        names, _ = QFileDialog.getOpenFileNames(
            self.window,
            "Import reports",
            str(Path.home()),
            "Reports (*.txt *.md *.markdown *.html *.htm *.pdf *.docx);;All files (*)",
        )
        return self.import_paths(names)

    def ask_folder(self) -> Operation | None:
        """Ask for a folder and import every report in it."""
        folder = QFileDialog.getExistingDirectory(
            self.window, "Import a folder of reports", str(Path.home())
        )
        return self.import_paths([folder]) if folder else None

    def offer_samples(self) -> None:
        """First run with an empty library: offer the bundled sample library."""
        count = len(sample_files())
        if not count:
            return
        answer = QMessageBox.question(
            self.window,
            "Welcome to briefapp",
            f"Your library is empty.\n\nLoad the bundled sample library ({count} fictional"
            " reports) to try the workflow now? You can import your own reports any time with"
            " File › Import (Ctrl+I).",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.import_samples()
