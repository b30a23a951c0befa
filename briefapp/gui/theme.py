"""The look: Fusion with a restrained light palette and a few stylesheet touches."""

from __future__ import annotations

from briefapp.gui.qt import QApplication, QColor, QFontDatabase, QPalette
from briefapp.resources import resource_path

ACCENT = "#2a5db0"
NAVY = "#1b2a4a"
FOCUS_ON_DARK = "#e0b45c"  # the ring on the navy toolbar

STYLESHEET = f"""
QMainWindow, QDialog {{ background: #f4f6f9; }}
QToolBar#mainToolbar {{ background: {NAVY}; border: none; padding: 6px 10px; spacing: 8px; }}
QToolBar#mainToolbar QToolButton {{ color: #e8ecf3; padding: 4px 8px; border-radius: 4px; }}
QToolBar#mainToolbar QToolButton:hover {{ background: #2c3e63; }}
QToolBar#mainToolbar QToolButton#accentTool {{
    background: #c8963e; color: #1b2a4a; font-weight: 600;
}}
QToolBar#mainToolbar QToolButton#accentTool:hover {{ background: #d6a650; }}
QLabel#appTitle {{ color: white; font-weight: 600; font-size: 11.5pt; padding-right: 16px; }}
QLineEdit#searchField {{ background: white; border: 1px solid #0f1b33; border-radius: 5px;
    padding: 5px 8px; font-size: 10.5pt; }}
QLabel#paneTitle {{ font-weight: 600; font-size: 10.5pt; color: {NAVY}; }}
QLabel#facetHeading {{ color: #5c6678; font-weight: 600; font-size: 8.5pt; margin-top: 6px;
    text-transform: uppercase; }}
QLabel#hint {{ color: #6b7486; }}
QLabel#error {{ color: #b3261e; }}
QLabel#matchInfo {{ background: #fff8e1; border-bottom: 1px solid #ecdcae; padding: 4px 10px; }}
QListWidget, QListView, QTableView, QTextBrowser, QPlainTextEdit {{
    background: white; border: 1px solid #d5dae3; border-radius: 4px; }}
QListWidget::item {{ padding: 2px 2px; }}
QTableView {{ selection-background-color: {ACCENT}; gridline-color: #e6e9ef; }}
QHeaderView::section {{ background: #eef1f6; color: #33415c; border: none;
    border-right: 1px solid #dde2ea; border-bottom: 1px solid #d5dae3; padding: 5px 6px;
    font-weight: 600; }}
QSplitter::handle {{ background: #e3e7ee; }}
QSplitter::handle:horizontal {{ width: 1px; }}
QSplitter::handle:vertical {{ height: 1px; }}
QPushButton#primary {{ background: {ACCENT}; color: white; border: 1px solid #1f4c95;
    border-radius: 4px; padding: 5px 14px; font-weight: 600; }}
QPushButton#primary:hover {{ background: #3468bd; }}
/* A visible focus ring on every pane and field: keyboard users see where they are. */
QListWidget:focus, QListView:focus, QTableView:focus, QTextBrowser:focus,
QPlainTextEdit:focus, QLineEdit:focus, QComboBox:focus {{ border: 2px solid {ACCENT}; }}
QLineEdit#searchField:focus {{ border: 2px solid {FOCUS_ON_DARK}; }}
QToolButton:focus, QPushButton:focus {{ border: 2px solid {ACCENT}; border-radius: 4px; }}
QToolBar#mainToolbar QToolButton:focus {{ border: 2px solid {FOCUS_ON_DARK}; }}
QLineEdit[invalid="true"] {{ border: 2px solid #b3261e; background: #fdecea; }}
QLabel#emptyState {{ color: #5c6678; font-size: 11pt; }}
QStatusBar {{ background: #eef1f6; color: #3d4659; border-top: 1px solid #d5dae3; }}
"""


# Scripts a desktop may have no font for: the fonts bundled for PDF export serve the window
# too, through Qt's font fallback (a field laptop without Arabic, Devanagari, Thai or CJK fonts
# still shows the reports' names in those scripts).
SCRIPT_FONTS = (
    "NotoNaskhArabic-Regular.ttf",
    "NotoNaskhArabic-Bold.ttf",
    "NotoSansHebrew-Regular.ttf",
    "NotoSansHebrew-Bold.ttf",
    "NotoSansDevanagari-Regular.ttf",
    "NotoSansDevanagari-Bold.ttf",
    "NotoSansThai-Regular.ttf",
    "NotoSansThai-Bold.ttf",
    "DroidSansFallback.ttf",
)


def register_script_fonts() -> list[str]:
    """Make the bundled script fonts available to the window; the family names added."""
    families: list[str] = []
    for name in SCRIPT_FONTS:
        font_id = QFontDatabase.addApplicationFont(str(resource_path("fonts", name)))
        if font_id >= 0:
            families += QFontDatabase.applicationFontFamilies(font_id)
    return families


def apply_theme(app: QApplication) -> None:
    register_script_fonts()
    app.setStyle("Fusion")
    p = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#f4f6f9",
        QPalette.ColorRole.WindowText: "#1f2430",
        QPalette.ColorRole.Base: "#ffffff",
        QPalette.ColorRole.AlternateBase: "#f7f9fc",
        QPalette.ColorRole.Text: "#1f2430",
        QPalette.ColorRole.Button: "#f1f3f7",
        QPalette.ColorRole.ButtonText: "#1f2430",
        QPalette.ColorRole.Highlight: ACCENT,
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: "#fffdf2",
        QPalette.ColorRole.ToolTipText: "#1f2430",
        QPalette.ColorRole.PlaceholderText: "#7b8494",
        QPalette.ColorRole.Link: ACCENT,
    }
    for role, colour in colours.items():
        p.setColor(role, QColor(colour))
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#9aa1ad"))
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor("#9aa1ad"))
    app.setPalette(p)
    app.setStyleSheet(STYLESHEET)
