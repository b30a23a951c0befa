"""The window's panes as the keyboard and small screens need them.

Panes (filters, library table, reader, briefing) sit in splitters; the side panes collapse
(dragged shut or View › Show Filters / Show Briefing) and come back at their last width.
F6 and Shift+F6 cycle the focus through the panes, Ctrl+1…4 jump to one; Tab runs through
every pane in reading order (search, filters, table, reader, briefing). Splitter sizes are
kept in the window's QSettings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from briefapp.gui.qt import (
    QAction,
    QApplication,
    QKeySequence,
    QMainWindow,
    QMenu,
    QObject,
    QSettings,
    QSplitter,
    Qt,
    QWidget,
)

SIDE_MIN_WIDTH = 170  # below this a side pane collapses rather than squeezing its text
DEFAULT_WIDTHS = {"filters": 220, "briefing": 340}


@dataclass
class Pane:
    """One pane: ``box`` is what the splitter holds, ``target`` takes the focus."""

    name: str
    title: str
    box: QWidget
    target: Callable[[], QWidget]
    shortcut: str = ""


class PaneNavigator(QObject):
    """Moves the focus between panes and shows, hides and remembers the side panes."""

    def __init__(
        self,
        window: QMainWindow,
        panes: list[Pane],
        main_split: QSplitter,
        center_split: QSplitter,
        sides: dict[str, int],
    ) -> None:
        super().__init__(window)
        self.window = window
        self.panes = panes
        self.main_split, self.center_split = main_split, center_split
        self.sides = sides  # pane name -> index in main_split
        self._last_width = dict(DEFAULT_WIDTHS)
        main_split.setChildrenCollapsible(True)
        main_split.setCollapsible(1, False)  # the table and reader always stay
        for index in sides.values():
            self._box(index).setMinimumWidth(SIDE_MIN_WIDTH)
        self.toggles: dict[str, QAction] = {}
        self.actions: list[QAction] = []
        self._build_actions()
        main_split.splitterMoved.connect(lambda *_: self._sync_toggles())

    # -- actions ---------------------------------------------------------------------------
    def _build_actions(self) -> None:
        def action(text: str, shortcut: str, slot: Callable[[], object]) -> QAction:
            act = QAction(text, self.window)
            act.setShortcut(QKeySequence(shortcut))
            act.triggered.connect(lambda *_: slot())
            self.window.addAction(act)  # works while the menu bar is hidden or collapsed
            self.actions.append(act)
            return act

        self.next_action = action("&Next Pane", "F6", lambda: self.cycle(1))
        self.previous_action = action("&Previous Pane", "Shift+F6", lambda: self.cycle(-1))
        self.jump_actions = [
            action(f"Go to {pane.title}", pane.shortcut, partial(self.focus, pane.name))
            for pane in self.panes
            if pane.shortcut
        ]
        for name, text, shortcut in (
            ("filters", "Show &Filters", "Ctrl+Shift+B"),
            ("briefing", "Show &Briefing", "Ctrl+B"),
        ):
            toggle = action(text, shortcut, partial(self.toggle, name))
            toggle.setCheckable(True)
            toggle.setChecked(True)
            self.toggles[name] = toggle
        self.reset_action = action("&Reset Layout", "Ctrl+Shift+0", self.reset)

    def fill_menu(self, menu: QMenu) -> None:
        for act in (*self.toggles.values(), None, self.next_action, self.previous_action):
            menu.addSeparator() if act is None else menu.addAction(act)
        menu.addSeparator()
        for act in self.jump_actions:
            menu.addAction(act)
        menu.addSeparator()
        menu.addAction(self.reset_action)

    # -- focus -----------------------------------------------------------------------------
    def current(self) -> int:
        """Index of the pane holding the focus, -1 when none does."""
        widget = QApplication.focusWidget()
        for i, pane in enumerate(self.panes):
            box = pane.box
            if widget is not None and (widget is box or box.isAncestorOf(widget)):
                return i
        return -1

    def focus(self, name: str) -> QWidget:
        """Give the focus to pane ``name``, showing it first if it was collapsed."""
        if name in self.sides and not self.shown(name):
            self.set_shown(name, True)
        pane = next(p for p in self.panes if p.name == name)
        target = pane.target()
        target.setFocus()
        return target

    def cycle(self, step: int) -> QWidget:
        """Focus the next (step 1) or previous (-1) pane that is on screen."""
        start = self.current()
        count = len(self.panes)
        index = start if start >= 0 else (-1 if step > 0 else 0)
        for _ in range(count):
            index = (index + step) % count
            pane = self.panes[index]
            if pane.name not in self.sides or self.shown(pane.name):
                return self.focus(pane.name)
        return self.focus(self.panes[0].name)

    # -- showing and hiding ----------------------------------------------------------------
    def _box(self, index: int) -> QWidget:
        widget = self.main_split.widget(index)
        assert widget is not None, index
        return widget

    def shown(self, name: str) -> bool:
        index = self.sides[name]
        return self.main_split.sizes()[index] > 0 and not self._box(index).isHidden()

    def toggle(self, name: str) -> None:
        self.set_shown(name, not self.shown(name))

    def set_shown(self, name: str, shown: bool) -> None:
        index = self.sides[name]
        sizes = self.main_split.sizes()
        middle = 1
        if shown:
            width = self._last_width.get(name) or DEFAULT_WIDTHS[name]
            self._box(index).show()
            taken = min(width, max(sizes[middle] - 320, SIDE_MIN_WIDTH))
            sizes[index], sizes[middle] = taken, sizes[middle] - taken + sizes[index]
        else:
            if sizes[index] > 0:
                self._last_width[name] = sizes[index]
            sizes[middle] += sizes[index]
            sizes[index] = 0
        self.main_split.setSizes(sizes)
        self._sync_toggles()

    def _sync_toggles(self) -> None:
        sizes = self.main_split.sizes()
        for name, toggle in self.toggles.items():
            width = sizes[self.sides[name]]
            if width > 0:
                self._last_width[name] = width
            toggle.setChecked(width > 0)

    def reset(self) -> None:
        total = sum(self.main_split.sizes())
        left, right = DEFAULT_WIDTHS["filters"], DEFAULT_WIDTHS["briefing"]
        if total < 1100:  # a small screen: narrower side panes leave the reader room
            left, right = 190, 290
        self.main_split.setSizes([left, max(total - left - right, 300), right])
        self._sync_toggles()

    # -- state -----------------------------------------------------------------------------
    def restore(self, settings: QSettings) -> None:
        """Window geometry, toolbars, splitter sizes (collapsed panes stay collapsed)."""
        for key, restore in (
            ("geometry", self.window.restoreGeometry),
            ("windowState", self.window.restoreState),
            ("mainSplit", self.main_split.restoreState),
            ("centerSplit", self.center_split.restoreState),
        ):
            value = settings.value(key)
            if value is not None:
                restore(value)
        for name in self.sides:
            width = settings.value(f"paneWidth/{name}")
            if width is not None and int(width) > 0:
                self._last_width[name] = int(width)
        self._sync_toggles()

    def save(self, settings: QSettings) -> None:
        self._sync_toggles()
        settings.setValue("geometry", self.window.saveGeometry())
        settings.setValue("windowState", self.window.saveState())
        settings.setValue("mainSplit", self.main_split.saveState())
        settings.setValue("centerSplit", self.center_split.saveState())
        for name, width in self._last_width.items():
            settings.setValue(f"paneWidth/{name}", width)
        settings.sync()


def chain_tab_order(widgets: list[QWidget]) -> None:
    """Tab runs through ``widgets`` in this order, each with the focusable widgets inside it
    in their own order (a pane is a block: Tab never jumps back into an earlier pane)."""

    def focusable(widget: QWidget) -> list[QWidget]:
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            return [widget]
        return [
            w
            for w in widget.findChildren(QWidget)
            if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.window() is widget.window()
        ]

    chain = [w for widget in widgets for w in focusable(widget)]
    for first, second in zip(chain, chain[1:], strict=False):
        QWidget.setTabOrder(first, second)


def fit_to_screen(window: QWidget) -> None:
    """Bring ``window``, its frame included, inside its screen's free area.

    The default size, or one remembered from a bigger monitor, must not hide the status bar or
    the Export button past the edge of a laptop's screen.
    """
    screen = window.screen() or QApplication.primaryScreen()
    if screen is None:
        return
    area = screen.availableGeometry()
    frame = window.frameGeometry()
    extra_w = frame.width() - window.width()  # the window manager's borders and title bar
    extra_h = frame.height() - window.height()
    width = min(window.width(), area.width() - extra_w)
    height = min(window.height(), area.height() - extra_h)
    if (width, height) != (window.width(), window.height()):
        window.resize(width, height)
    x = min(max(frame.x(), area.left()), area.right() + 1 - width - extra_w)
    y = min(max(frame.y(), area.top()), area.bottom() + 1 - height - extra_h)
    if (x, y) != (frame.x(), frame.y()):
        window.move(x, y)
