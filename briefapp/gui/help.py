"""The Help menu: the user guide (Markdown from resources/, shown like a report) and the
keyboard shortcuts, read from the window's own actions so the list never drifts."""

from __future__ import annotations

import html
from collections.abc import Callable

from briefapp.gui.qt import (
    QAction,
    QDialog,
    QDialogButtonBox,
    QKeySequence,
    QMainWindow,
    QMenu,
    QMessageBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)
from briefapp.gui.reader import READER_CSS, markdown_html
from briefapp.resources import resource_path

GUIDE = ("user-guide.md",)
# Keys that work without an action of their own (item views and the reader handle them).
VIEW_KEYS = (
    ("Tab / Shift+Tab", "Move through the panes' controls in reading order"),
    ("Space / Enter (filters)", "Tick or untick the current value"),
    ("Alt+Down (date fields)", "Open the calendar"),
    ("Enter (report table)", "Read the report in the reader"),
    ("Enter (briefing items)", "Edit the item's text and note"),
    ("Delete (briefing items)", "Remove the selected items"),
    ("Ctrl+Up / Ctrl+Down (briefing items)", "Move the item up or down"),
)


def _plain(text: str) -> str:
    """Menu text without its mnemonic ampersands or trailing ellipsis."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()


def menu_shortcuts(window: QMainWindow) -> list[tuple[str, str, str]]:
    """(menu, command, shortcut) for every action in the window's menus, in menu order."""
    rows: list[tuple[str, str, str]] = []

    def walk(menu: QMenu, path: str) -> None:
        for action in menu.actions():
            if action.isSeparator():
                continue
            submenu = action.menu()
            if isinstance(submenu, QMenu):
                walk(submenu, f"{path} › {_plain(action.text())}")
                continue
            keys = ", ".join(
                s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts()
            )
            rows.append((path, _plain(action.text()), keys))

    for top in window.menuBar().actions():
        menu = top.menu()
        if isinstance(menu, QMenu):
            walk(menu, _plain(top.text()))
    return rows


def shortcuts_html(window: QMainWindow) -> str:
    rows = []
    for menu, command, keys in menu_shortcuts(window):
        rows.append(
            f"<tr><td class='key'>{html.escape(menu)}</td><td>{html.escape(command)}</td>"
            f"<td><b>{html.escape(keys) or '—'}</b></td></tr>"
        )
    for keys, what in VIEW_KEYS:
        rows.append(
            f"<tr><td class='key'>Panes</td><td>{html.escape(what)}</td>"
            f"<td><b>{html.escape(keys)}</b></td></tr>"
        )
    return (
        "<h1>Keyboard shortcuts</h1>"
        "<table class='md' cellspacing='0'><tr><th>Menu</th><th>Command</th><th>Keys</th></tr>"
        + "".join(rows)
        + "</table>"
    )


def guide_text() -> str:
    """The user guide's Markdown, from the bundled resources (source and frozen build)."""
    return resource_path(*GUIDE).read_text(encoding="utf-8")


class HelpDialog(QDialog):
    """A page of help text, read-only, closed with Escape."""

    def __init__(self, title: str, page: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(760, 620)
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setObjectName("helpText")
        self.browser.setOpenExternalLinks(False)
        self.browser.setOpenLinks(False)
        self.browser.document().setDefaultStyleSheet(READER_CSS)
        self.browser.document().setDocumentMargin(14)
        self.browser.setHtml(page)
        layout.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class HelpMenu:
    """Fills the Help menu and opens its pages."""

    def __init__(self, window: QMainWindow, about_text: str) -> None:
        self.window = window
        self.about_text = about_text
        self.dialog: HelpDialog | None = None

        def action(text: str, shortcut: str, slot: Callable[[], object]) -> QAction:
            act = QAction(text, window)
            act.setShortcut(QKeySequence(shortcut))
            act.triggered.connect(lambda *_: slot())
            return act

        self.guide_action = action("&User Guide", "F1", self.show_guide)
        self.shortcuts_action = action("&Keyboard Shortcuts", "Ctrl+/", self.show_shortcuts)
        self.about_action = action("&About briefapp", "Shift+F1", self.about)

    def fill_menu(self, menu: QMenu) -> None:
        menu.addAction(self.guide_action)
        menu.addAction(self.shortcuts_action)
        menu.addSeparator()
        menu.addAction(self.about_action)

    def _show(self, title: str, page: str) -> HelpDialog:
        self.dialog = HelpDialog(title, page, self.window)
        self.dialog.open()
        return self.dialog

    def show_guide(self) -> HelpDialog:
        return self._show("briefapp user guide", markdown_html(guide_text()))

    def show_shortcuts(self) -> HelpDialog:
        return self._show("Keyboard shortcuts", shortcuts_html(self.window))

    def about(self) -> None:
        QMessageBox.about(self.window, "About briefapp", self.about_text)


def about_text(library_folder: object) -> str:
    return (
        "<b>briefapp</b><br>Report library and branded PDF briefings.<br>"
        f"Library: {html.escape(str(library_folder))}<br><br>"
        "Help › User Guide (F1) explains the workflow; Help › Keyboard Shortcuts (Ctrl+/)"
        " lists every key."
    )
