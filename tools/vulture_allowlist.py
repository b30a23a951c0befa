"""Names vulture would call dead that are used outside briefapp/ (tests, tools) on purpose.

Each line is a use vulture can see; keep it short: dead code is deleted, not listed here.
"""

# ruff: noqa: B018
from briefapp.gui.browser import LibraryBrowser
from briefapp.gui.facets import FacetPanel
from briefapp.gui.importing import ImportController
from briefapp.gui.main_window import MainWindow
from briefapp.gui.pdf_preview import PdfPreview
from briefapp.gui.reader import ReaderView
from briefapp.ingest.countries import curated_keys
from briefapp.library import Library
from briefapp.library.migrations import schema_version

LibraryBrowser.busy  # tests wait on it
FacetPanel.check_value  # tests tick facets by value
ImportController.errors_dialog  # holds the dialog (and tests read it)
MainWindow.metadata_dialog  # holds the dialog (and tests read it)
PdfPreview.page_count  # tests compare it with the PDF
ReaderView.action_url  # tests follow the reader's own links
Library.search_index_in_sync  # tests and check
curated_keys  # tools/make_gazetteer.py
schema_version  # tests of migrations

from briefapp.gui.briefing_details import BriefingDetails  # noqa: E402
from briefapp.gui.library_tools import LibraryTools  # noqa: E402

BriefingDetails.findings_for  # tests read the lint findings of an item
LibraryTools.bulk_dialog  # holds the open dialog (and tests read it)
MainWindow.tools  # holds the library tools (menus, panes, undo history)

from briefapp.gui.composer import BriefingComposer  # noqa: E402

BriefingComposer.conflicts  # answers conflicting saves (and tests read its dialog)
MainWindow.open_dialog  # holds the Open Library dialog (and tests read it)
MainWindow.copies_notice  # holds the notice of briefings saved as copies on closing

from reportlab.graphics.shapes import Drawing  # noqa: E402

Drawing.initialFontName  # read by ReportLab's renderer (render/logo.py sets it)
