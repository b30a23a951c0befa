"""The window's menu bar, toolbar and the library table's context menu, from its actions.

MainWindow makes the actions (main_window.py); this module places them, so the order of the
menus reads in one place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from briefapp.gui.qt import QAction, QMenu, Qt, QToolBar
from briefapp.gui.toolbar import build_toolbar

if TYPE_CHECKING:
    from briefapp.gui.main_window import MainWindow


def build_menus(window: MainWindow) -> QToolBar:
    """Fill the menus (File, Edit, Briefing, View, Help), the toolbar and the table's menu.

    Returns the toolbar, which the window keeps.
    """
    w = window
    _fill(
        w.menuBar().addMenu("&File"),
        [
            w.open_library_action,
            None,
            w.import_files_action,
            w.import_folder_action,
            w.samples_action,
            None,
            w.preview_action,
            w.export_action,
            None,
            w.quit_action,
        ],
    )
    _fill(
        w.menuBar().addMenu("&Edit"),
        [
            w.undo_action,
            w.redo_action,
            None,
            w.find_action,
            w.clear_filters_action,
            None,
            w.edit_report_action,
            w.open_original_action,
            w.reparse_action,
        ],
    )
    _fill(
        w.menuBar().addMenu("&Briefing"),
        [
            w.new_briefing_action,
            None,
            w.add_summaries_action,
            w.add_outlooks_action,
            w.add_text_action,
            w.edit_item_action,
            None,
            w.preview_action,
            w.export_action,
            w.brands_action,
            None,
            w.delete_briefing_action,
        ],
    )
    w.panes.fill_menu(w.menuBar().addMenu("&View"))
    w.help.fill_menu(w.menuBar().addMenu("&Help"))

    toolbar = build_toolbar(
        w.browser.search,
        [
            (w.import_files_action, "Import"),
            (w.add_summaries_action, "Add summaries"),
            (w.new_briefing_action, "New briefing"),
            (w.export_action, "Export"),
        ],
    )
    w.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
    w.browser.table.addActions([w.add_summaries_action, w.edit_report_action])
    w.browser.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    w.browser.table.addAction(w.open_original_action)
    return toolbar


def _fill(menu: QMenu, entries: list[QAction | None]) -> None:
    """Add each action to the menu, and a separator for each None."""
    for action in entries:
        if action is None:
            menu.addSeparator()
        else:
            menu.addAction(action)
