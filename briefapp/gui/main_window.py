"""The main window: facets left, reports and reader in the middle, briefing composer right."""

from __future__ import annotations

from collections.abc import Callable

from briefapp.brands import list_brands
from briefapp.briefing.compose import item_from_section
from briefapp.gui import actions
from briefapp.gui.brand_editor import BrandEditor, open_brand_editor
from briefapp.gui.browser import LibraryBrowser
from briefapp.gui.changes import ChangeHub
from briefapp.gui.composer import BriefingComposer
from briefapp.gui.composition import CompositionMarks
from briefapp.gui.conflicts import close_unsaved, copied_text
from briefapp.gui.connection import ConnectionNotice, is_connection_problem
from briefapp.gui.date_range import follow_newest
from briefapp.gui.errors import error_text
from briefapp.gui.export import ExportController
from briefapp.gui.help import HelpMenu, about_text
from briefapp.gui.importing import ImportController, summary
from briefapp.gui.library_tools import LibraryTools
from briefapp.gui.menus import build_menus
from briefapp.gui.metadata_dialog import MetadataDialog
from briefapp.gui.open_library import OpenLibraryDialog, location_label
from briefapp.gui.operations import Operation, cancel_all, wait_for_all
from briefapp.gui.panes import Pane, PaneNavigator, chain_tab_order
from briefapp.gui.qt import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSettings,
    QSplitter,
    QStyle,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
    counted,
    std_icon,
)
from briefapp.gui.reader import ReaderView
from briefapp.gui.report_undo import ReportDetailsCommand
from briefapp.gui.search_feedback import SearchFeedback, count_text
from briefapp.library import ImportResult, Library
from briefapp.models import Report, ReportId, Section
from briefapp.paths import user_brands_dir


class MainWindow(QMainWindow):
    """``library_loaded`` fires once, when the first query result is on screen."""

    library_loaded = Signal()
    report_shown = Signal(int)
    library_opened = Signal(object, str)  # File › Open Library: (Library, address) to switch to
    replaced = Signal(object)  # the window of the library opened in this one's place

    def __init__(self, library: Library, settings: QSettings | None = None):
        super().__init__()
        self.library = library
        self.settings = settings
        address = library.location  # (a server's without password)
        self.setWindowTitle(location_label(address))  # (Qt adds " — briefapp" itself)
        self.setObjectName("mainWindow")
        self.setAcceptDrops(True)
        self.brand_dirs = [library.folder / "brands", user_brands_dir()]
        try:
            self.brands = [b.name for b in list_brands(self.brand_dirs)]
        except Exception:  # noqa: BLE001 - a broken brand folder must not stop the window
            self.brands = ["default"]
        self._loaded = False
        self._reader_generation = 0

        # Operations that change the library announce it here; the views follow (see _connect).
        self.changes = ChangeHub(self)
        self.browser = LibraryBrowser(library, self)
        self.reader = ReaderView()
        self.composer = BriefingComposer(library, self.brands, self.changes)
        self.exports = ExportController(self, self.brand_dirs)
        self.imports = ImportController(self, library, self.changes)
        self.feedback = SearchFeedback(self.browser, self.reader, self.clear_filters)
        self.composition = CompositionMarks(self, self.composer, self.reader)
        self.match_info = self.feedback.match_info
        self.count_label = QLabel()
        self.library_label = QLabel(f"  {location_label(address)}  ")
        self.library_label.setToolTip(f"Library: {address}")
        self.connection_notice = ConnectionNotice(self, location_label(address))

        self._build_layout()
        self._build_actions()
        self._connect()
        self.tools = LibraryTools(self)  # trash, bulk edits, collections (own module)
        self.restore_state()

    # -- layout ----------------------------------------------------------------------------
    def _build_layout(self) -> None:
        middle = QWidget()
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(4, 8, 4, 8)
        middle_layout.setSpacing(0)
        self.center_split = QSplitter(Qt.Orientation.Vertical)
        self.center_split.setObjectName("centerSplit")
        self.center_split.setChildrenCollapsible(False)
        self.center_split.addWidget(self.browser.table)
        reader_box = QWidget()
        reader_layout = QVBoxLayout(reader_box)
        reader_layout.setContentsMargins(0, 6, 0, 0)
        reader_layout.setSpacing(0)
        reader_layout.addWidget(self.match_info)
        reader_layout.addWidget(self.reader, 1)
        self.center_split.addWidget(reader_box)
        self.center_split.setStretchFactor(0, 2)
        self.center_split.setStretchFactor(1, 3)
        middle_layout.addWidget(self.center_split)

        self.main_split = QSplitter(Qt.Orientation.Horizontal)
        self.main_split.setObjectName("mainSplit")
        self.main_split.addWidget(self.browser.facets)
        self.main_split.addWidget(middle)
        self.main_split.addWidget(self.composer)
        self.main_split.setStretchFactor(0, 0)
        self.main_split.setStretchFactor(1, 1)
        self.main_split.setStretchFactor(2, 0)
        self.main_split.setSizes([220, 940, 340])
        self.panes = PaneNavigator(
            self,
            [
                Pane("search", "Search", self.browser.search, lambda: self.browser.search),
                Pane("filters", "Filters", self.browser.facets, self._filters_target, "Ctrl+1"),
                Pane("table", "Library", self.browser.table, lambda: self.browser.table, "Ctrl+2"),
                Pane("reader", "Reader", reader_box, lambda: self.reader, "Ctrl+3"),
                Pane("briefing", "Briefing", self.composer, lambda: self.composer.items, "Ctrl+4"),
            ],
            self.main_split,
            self.center_split,
            {"filters": 0, "briefing": 2},
        )
        self.setCentralWidget(self.main_split)
        self.statusBar().addPermanentWidget(self.library_label)
        self.statusBar().addPermanentWidget(self.count_label)
        self.resize(1500, 920)

    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        shortcut: str | QKeySequence.StandardKey | None = None,
        icon: tuple[str, QStyle.StandardPixmap] | None = None,
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if icon is not None:
            action.setIcon(std_icon(*icon))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(lambda *_: slot())
        return action

    def _build_actions(self) -> None:
        SP = QStyle.StandardPixmap
        self.import_files_action = self._action(
            "&Import Files…",
            self.imports.ask_files,
            "Ctrl+I",
            ("document-import", SP.SP_DialogOpenButton),
            "Import report files into the library",
        )
        self.import_folder_action = self._action(
            "Import &Folder…",
            self.imports.ask_folder,
            "Ctrl+Shift+I",
            ("folder-open", SP.SP_DirOpenIcon),
        )
        self.open_library_action = self._action(
            "&Open Library…",
            self.open_library_dialog,
            "Ctrl+L",
            ("folder-open", SP.SP_DirOpenIcon),
            "Open another library: a folder, or a team library on a server",
        )
        self.samples_action = self._action(
            "Load &Sample Library", self.imports.import_samples, "Ctrl+Shift+M"
        )
        self.export_action = self._action(
            "&Export…",
            self.export_dialog,
            "Ctrl+E",
            ("document-save-as", SP.SP_DialogSaveButton),
            "Export the briefing as a branded PDF or Word document",
        )
        self.preview_action = self._action(
            "Pre&view PDF",
            self.preview,
            "Ctrl+P",
            ("document-print-preview", SP.SP_FileDialogContentsView),
        )
        self.quit_action = self._action(
            "&Quit",
            self.close,
            QKeySequence.StandardKey.Quit,
            ("application-exit", SP.SP_DialogCloseButton),
        )
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))

        stack = self.composer.undo_stack
        self.undo_action = stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence("Ctrl+Z"))
        self.undo_action.setIcon(std_icon("edit-undo", SP.SP_ArrowBack))
        self.redo_action = stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.redo_action.setIcon(std_icon("edit-redo", SP.SP_ArrowForward))
        self.find_action = self._action(
            "&Find Reports",
            self.focus_search,
            "Ctrl+F",
            ("edit-find", SP.SP_FileDialogContentsView),
        )
        self.edit_report_action = self._action(
            "Edit Report &Details…", self.edit_current_report, "F2"
        )
        self.open_original_action = self._action(
            "&Open Original",
            self.open_current_original,
            "Ctrl+O",
            ("document-open", SP.SP_DialogOpenButton),
        )
        self.reparse_action = self._action(
            "&Read Again from Original", self.reparse_selected, "Ctrl+R"
        )
        self.reparse_action.setStatusTip(
            "Read the selected reports again from their kept originals with"
            " the current importer (your corrections stay)"
        )
        self.clear_filters_action = self._action(
            "&Clear Filters", self.clear_filters, "Ctrl+Shift+L"
        )

        self.new_briefing_action = self._action(
            "&New Briefing", self.new_briefing, "Ctrl+N", ("document-new", SP.SP_FileIcon)
        )
        self.add_summaries_action = self._action(
            "Add &Summaries of Selected Reports",
            lambda: self.add_sections_of_selected("summary"),
            "Ctrl+Shift+S",
            ("list-add", SP.SP_ArrowRight),
        )
        self.add_outlooks_action = self._action(
            "Add &Outlooks of Selected Reports",
            lambda: self.add_sections_of_selected("outlook"),
            "Ctrl+Shift+O",
        )
        self.add_text_action = self._action("Add Own &Text…", self.composer.add_own_text, "Ctrl+T")
        self.edit_item_action = self._action(
            "&Edit Item…", self.composer.edit_current, "Ctrl+Shift+E"
        )
        self.delete_briefing_action = self._action(
            "&Delete Briefing…",
            lambda: actions.delete_briefing(self, self.composer),
            "Ctrl+Shift+Del",
            ("edit-delete", SP.SP_TrashIcon),
        )
        self.brands_action = self._action("&Brands…", self.edit_brands, "Ctrl+Shift+R")

        self.help = HelpMenu(self, about_text(self.library.location))
        self.toolbar = build_menus(self)  # the menu bar, toolbar and table's context menu
        chain_tab_order(  # reading order: search, filters, table, reader, briefing
            [self.browser.search, self.browser.facets, self.browser.table, self.reader]
            + [self.composer]
        )

    def _connect(self) -> None:
        self.browser.results_shown.connect(self._results_shown)
        self.browser.current_report_changed.connect(self.show_report)
        self.browser.table.activated.connect(lambda _index: self.reader.setFocus())
        self.reader.add_section.connect(self.add_section)
        self.reader.add_summary.connect(lambda report: self.add_sections_of([report.id], "summary"))
        self.reader.edit_requested.connect(lambda report: self.edit_report(report.id))
        self.reader.open_original.connect(self.open_original)
        self.reader.report_outdated.connect(self.show_report)
        self.changes.changed.connect(self.browser.library_changed)
        self.changes.changed.connect(self.reader.library_changed)
        self.composer.preview_requested.connect(self.preview)
        self.composer.export_requested.connect(self.export_dialog)
        self.imports.finished.connect(self._imported)
        self.imports.connection_lost.connect(self.connection_notice.report)
        self.exports.exported.connect(
            lambda path, pages: self.statusBar().showMessage(
                f"Exported {counted(pages, 'page')} to {path}", 10000
            )
        )
        self.exports.preview_ready.connect(lambda _d: self.statusBar().clearMessage())
        self.exports.failed.connect(
            lambda message: self.statusBar().showMessage(f"Export failed: {message}", 8000)
        )
        self.exports.cancelled.connect(
            lambda: self.statusBar().showMessage("Export cancelled", 5000)
        )

    # -- startup ---------------------------------------------------------------------------
    def load(self) -> None:
        """Run the first queries (reports, facets, briefings) in the background."""
        self.browser.refresh()
        self.composer.load_list()
        follow_newest(self, self.library, self.browser.facets.dates)

    def _results_shown(self, total: int) -> None:
        narrowed = bool(self.browser.search.text().strip()) or not self.browser.filters().is_empty()
        self.count_label.setText(f"  {count_text(total, narrowed)}  ")
        if not self._loaded:
            self._loaded = True
            self.library_loaded.emit()

    # -- reader ----------------------------------------------------------------------------
    def show_report(self, report_id: ReportId) -> None:
        self._reader_generation += 1
        generation = self._reader_generation
        self.feedback.update_match_info()
        if report_id < 0:
            self.reader.show_report(None)
            return

        def shown(report: Report) -> None:
            if generation == self._reader_generation:
                self.reader.show_report(report)
                self.composition.refresh()
                self.feedback.report_shown()
                self.report_shown.emit(report.id)

        actions.load_report(self, self.library, report_id, shown)

    def add_section(self, report: Report, section: Section) -> None:
        self.composition.add([item_from_section(report, section)])
        if self.composition.question is None:
            self.statusBar().showMessage(f"Added “{section.heading}” from {report.title}", 4000)

    def add_sections_of_selected(self, kind: str) -> Operation | None:
        ids = self.browser.selected_ids()
        if not ids:
            self.statusBar().showMessage("Select one or more reports first", 4000)
            return None
        return self.add_sections_of(ids, kind)

    def add_sections_of(self, ids: list[ReportId], kind: str) -> Operation:
        return actions.add_sections(self, self.library, ids, kind, self.composition.add)

    def current_report_id(self) -> ReportId | None:
        return (
            self.reader.report.id if self.reader.report is not None else self.browser.current_id()
        )

    def edit_current_report(self) -> None:
        report_id = self.current_report_id()
        if report_id is not None:
            self.edit_report(report_id)

    def edit_report(self, report_id: ReportId) -> MetadataDialog | None:
        report = self.reader.report
        if report is None or report.id != report_id:
            return None
        dialog = MetadataDialog(report, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(  # undoable: Edit › Undo puts the old details back
            lambda: self.composer.undo_stack.push(
                ReportDetailsCommand(
                    report, dialog.changes(), lambda f: self.save_report_details(report_id, f)
                )
            )
        )
        dialog.open()
        self.metadata_dialog = dialog
        return dialog

    def save_report_details(self, report_id: ReportId, changes: dict[str, object]) -> Operation:
        return actions.save_report_details(self, self.library, self.changes, report_id, changes)

    def open_current_original(self) -> None:
        report_id = self.current_report_id()
        if report_id is not None:
            self.open_original(report_id)

    def open_original(self, report_id: ReportId) -> Operation:
        return actions.open_original(self, self.library, report_id)

    def reparse_selected(self) -> Operation | None:
        current = self.current_report_id()
        ids = self.browser.selected_ids() or ([current] if current is not None else [])
        if not ids:
            self.statusBar().showMessage("Select one or more reports first", 4000)
            return None
        return self.reparse(ids)

    def reparse(self, ids: list[ReportId]) -> Operation:
        return actions.read_again(self, self.library, self.changes, ids)

    # -- search and filters -----------------------------------------------------------------
    def _filters_target(self) -> QWidget:
        """The ticked facet list, else the first: where Ctrl+1 lands."""
        lists = list(self.browser.facets.lists.values())
        return next((f for f in lists if f.checked_values()), lists[0])

    def focus_search(self) -> None:
        self.browser.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.browser.search.selectAll()

    def clear_filters(self) -> None:
        self.browser.search.clear()
        self.browser.facets.clear()

    # -- briefing, export ---------------------------------------------------------------------
    def new_briefing(self) -> None:
        self.composer.new_briefing()
        self.statusBar().showMessage("New briefing", 3000)

    def edit_brands(self) -> BrandEditor:
        brand_field = self.composer.fields["brand"]
        return open_brand_editor(
            self, self.library.folder, self.brand_dirs, self.brands, brand_field
        )

    def preview(self) -> Operation | None:
        return actions.preview_briefing(self, self.composer, self.exports)

    def export_dialog(self) -> Operation | None:
        return actions.export_briefing(self.composer, self.exports, self.brands)

    def open_library_dialog(self) -> OpenLibraryDialog:
        """Ask for another library; once open, ``library_opened`` switches to it."""
        dialog = OpenLibraryDialog(self.library.location, self.settings, self)
        dialog.opened.connect(self.library_opened)
        dialog.open()
        self.open_dialog = dialog
        return dialog

    # -- import ----------------------------------------------------------------------------
    def _imported(self, results: list[ImportResult]) -> None:
        if results:  # (the views follow the change the import announced)
            if any(is_connection_problem(r.error) for r in results):
                server = self.connection_notice.server
                self.statusBar().showMessage(f"{summary(results)} — {server} is out of reach")
                return
            self.connection_notice.clear()
            self.statusBar().showMessage(summary(results), 10000)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.imports.import_paths(paths)

    # -- state -----------------------------------------------------------------------------
    def restore_state(self) -> None:
        if self.settings is not None:
            self.panes.restore(self.settings)

    def save_state(self) -> None:
        if self.settings is not None:
            self.panes.save(self.settings)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        cancel_all()  # imports and renders stop at their next step; queries finish quickly
        wait_for_all()
        # What closing says is a window of its own, which outlives this one (the program ends
        # once it is read; switching library, the next window goes on meanwhile).
        try:
            copies = self.composer.save_blocking()
        except Exception as exc:  # noqa: BLE001
            if not close_unsaved(self, error_text(exc)):
                event.ignore()  # (the changes stay; File › Open Library is cancelled too)
                return
        else:
            if copies:  # someone else saved them meanwhile: never lost, and said so
                self._closing_notice(copied_text(copies))
        super().closeEvent(event)
        self.closed_for_good = True  # (results still on their way are dropped: operations.py)

    def _closing_notice(self, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, "briefapp", text)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setModal(False)
        box.show()
        self.copies_notice = box
