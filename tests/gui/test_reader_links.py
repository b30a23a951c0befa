"""The reader loads nothing a report's text names, and only the app's own links act."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefapp.errors import ImportFailed
from briefapp.gui.briefing_model import BriefingItemsModel
from briefapp.gui.errors import show_error
from briefapp.gui.qt import (
    QImage,
    QLabel,
    QMessageBox,
    QPoint,
    Qt,
    QTextBrowser,
    QTextDocument,
    QUndoStack,
    QUrl,
    QWidget,
)
from briefapp.gui.reader import ReaderView, action_href
from briefapp.gui.report_model import COL_TITLE, ReportTableModel
from briefapp.models import Briefing, BriefingItem, Citation, Report, Section

pytestmark = pytest.mark.gui

IMAGE = QTextDocument.ResourceType.ImageResource.value


@pytest.fixture
def picture(tmp_path: Path) -> Path:
    """A real picture on disk, 37 x 23 pixels, that report text points at."""
    path = tmp_path / "chart.png"
    image = QImage(37, 23, QImage.Format.Format_ARGB32)
    image.fill(0xFF8A2BE2)
    assert image.save(str(path))
    return path


def hostile_report(picture: Path) -> Report:
    text = (
        f"Convoy losses rose. ![chart of losses]({picture}) and ![uri form](file://{picture})\n\n"
        "![by reference][pic] and [Open the original](briefapp:open), [Edit it](briefapp:edit),"
        " [Add me](briefapp:add/11), [Guessed](briefapp:0123456789abcdef/open),"
        " [Script](javascript:alert(1)) and [the ministry](https://example.org/brief).\n\n"
        f"[pic]: {picture}\n"
    )
    return Report(
        title="Convoy Attacks Rise on the Niamey Road",
        sections=[Section("Executive Summary", text, kind="summary", id=11, report_id=5)],
        id=5,
    )


@pytest.fixture
def reader(qtbot) -> ReaderView:
    view = ReaderView()
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    qtbot.waitExposed(view)
    return view


@pytest.fixture
def actions(reader: ReaderView) -> list[tuple]:
    """Every signal the reader emits, in order."""
    seen: list[tuple] = []
    reader.add_section.connect(lambda report, section: seen.append(("add", section.id)))
    reader.add_summary.connect(lambda report: seen.append(("add-summary",)))
    reader.edit_requested.connect(lambda report: seen.append(("edit",)))
    reader.open_original.connect(lambda report_id: seen.append(("open", report_id)))
    return seen


def image_names(document: QTextDocument) -> list[str]:
    """The image names of every picture laid out in a document."""
    names = []
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            if fmt.isImageFormat():
                names.append(fmt.toImageFormat().name())
            it += 1
        block = block.next()
    return names


def click_text(qtbot, reader: ReaderView, text: str) -> None:
    """Click the middle of the first occurrence of ``text``, as a user would."""
    cursor = reader.document().find(text)
    assert not cursor.isNull(), text
    start = reader.cursorRect(cursor)
    middle = QPoint(start.left() - len(text) * 3, start.center().y())
    qtbot.mouseClick(reader.viewport(), Qt.MouseButton.LeftButton, pos=middle)


def test_pictures_named_in_report_text_are_shown_as_alt_text_and_never_loaded(reader, picture):
    reader.show_report(hostile_report(picture))
    reader.document().documentLayout().documentSize()  # lays out: pictures would load now
    assert image_names(reader.document()) == []
    assert "<img" not in reader.toHtml()
    assert reader.refused_resources == []  # nothing was even asked for
    shown = reader.toPlainText()
    assert "chart of losses" in shown and "uri form" in shown and "by reference" in shown
    # (Asking the document for the picture asks the reader: it answers with an empty image.)
    cached = reader.document().resource(IMAGE, QUrl.fromLocalFile(str(picture)))
    assert cached is None or cached.width() <= 1


def test_the_reader_loads_no_file_even_for_an_img_in_its_html(qtbot, reader, picture):
    page = (
        f'<p>x<img src="{picture}"> <img src="file://{picture}"></p>'
        f'<link rel="stylesheet" href="{picture.with_suffix(".css")}">'
    )
    # A plain QTextBrowser opens the file: the test would notice if the reader did.
    plain = QTextBrowser()
    qtbot.addWidget(plain)
    plain.setHtml(page)
    plain.document().documentLayout().documentSize()
    loaded = plain.document().resource(IMAGE, QUrl(str(picture)))
    assert loaded is not None and loaded.width() == 37  # a QPixmap of the file

    reader.setHtml(page)
    reader.document().documentLayout().documentSize()
    assert str(picture) in reader.refused_resources
    for name in (QUrl(str(picture)), QUrl(f"file://{picture}")):
        cached = reader.document().resource(IMAGE, name)
        assert cached is None or cached.width() <= 1, name


@pytest.mark.qt_log_ignore("not accepted by receiving widget")  # a click on plain text
def test_links_forged_in_report_text_do_nothing(qtbot, reader, picture, actions):
    reader.show_report(hostile_report(picture))
    hrefs = re.findall(r'href="([^"]*)"', reader.toHtml())
    own = [h for h in hrefs if h.startswith(action_href(""))]
    assert len(own) == 4  # edit, open, add summary, add this section: the app's own
    assert sorted(set(hrefs) - set(own)) == ["https://example.org/brief"]
    for text in ("Open the original", "Edit it", "Add me", "Guessed", "Script"):
        click_text(qtbot, reader, text)
    # Whatever Qt would hand the slot for such a link does nothing either.
    for forged in ("briefapp:open", "briefapp:edit", "briefapp:add/11", "briefapp:add-summary"):
        reader.anchorClicked.emit(QUrl(forged))
    assert actions == []


def test_the_apps_own_links_still_act(qtbot, reader, picture, actions):
    reader.show_report(hostile_report(picture))
    click_text(qtbot, reader, "Open original")
    click_text(qtbot, reader, "Add to briefing")
    reader.anchorClicked.emit(reader.action_url("edit"))
    assert actions == [("open", 5), ("add", 11), ("edit",)]


def test_web_links_in_report_text_stay_links_and_open_nothing_by_themselves(reader, picture):
    reader.show_report(hostile_report(picture))
    page = reader.toHtml()
    assert 'href="https://example.org/brief"' in page
    assert "javascript:" not in page


def shows_a_picture(text: str) -> bool:
    """True when Qt, given ``text`` as a label would get it, lays out a picture (and so has
    opened the file): the 23-pixel picture makes the label taller than a line of text."""
    label = QLabel(text)
    return label.sizeHint().height() >= 23


def test_report_titles_in_tooltips_and_labels_are_text(qtbot, picture, tmp_path):
    hostile = f'<img src="{picture}"> Convoy Attacks Rise'
    assert shows_a_picture(hostile)  # what a tooltip or label would do with it as it is
    model = ReportTableModel(lambda ids: [Report(title=hostile, id=i) for i in ids])
    model.set_ids([1])
    tooltip = model.index(0, COL_TITLE).data(Qt.ItemDataRole.ToolTipRole)
    assert not shows_a_picture(tooltip) and "Convoy Attacks Rise" in QLabel(tooltip).text()
    item = BriefingItem(
        heading="Summary", text="Convoy losses rose.", source=Citation(report_id=1, title=hostile)
    )
    items = BriefingItemsModel(QUndoStack())
    items.set_briefing(Briefing(title="Weekly", items=[item]))
    assert not shows_a_picture(items.index(0, 0).data(Qt.ItemDataRole.ToolTipRole))


def test_error_messages_quoting_file_names_are_text(qtbot, picture):
    parent = QWidget()
    qtbot.addWidget(parent)
    show_error(parent, ImportFailed(f'<img src="{picture}">.txt', "empty file"))
    box = parent.findChild(QMessageBox)
    assert box.textFormat() == Qt.TextFormat.PlainText
    box.close()
