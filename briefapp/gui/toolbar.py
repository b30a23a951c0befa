"""The window's top bar: the app's name, the search box and the main commands as words.

The search box grows and shrinks with the window (from 200 to 520 px), so on a small screen
the commands, Export last, stay on the bar instead of falling into its overflow menu.
"""

from __future__ import annotations

from briefapp.gui.qt import QAction, QLabel, QLineEdit, QSizePolicy, Qt, QToolBar, QWidget

SEARCH_WIDTH = (200, 520)


def build_toolbar(search: QLineEdit, commands: list[tuple[QAction, str]]) -> QToolBar:
    """The bar with ``search`` and each (action, short label); the last one is the accent."""
    toolbar = QToolBar("Main")
    toolbar.setObjectName("mainToolbar")
    toolbar.setMovable(False)
    toolbar.setFloatable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    title = QLabel("briefapp")
    title.setObjectName("appTitle")
    toolbar.addWidget(title)
    search.setMinimumWidth(SEARCH_WIDTH[0])
    search.setMaximumWidth(SEARCH_WIDTH[1])
    search.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    toolbar.addWidget(search)
    spacer = QWidget()
    spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    toolbar.addWidget(spacer)
    for action, label in commands:
        toolbar.addAction(action)
        action.setIconText(label)
    toolbar.widgetForAction(commands[-1][0]).setObjectName("accentTool")
    return toolbar
