"""Reader: the current report's metadata and sections as HTML, with per-section actions.

Report text is untrusted: pictures in it are shown as their alt text, its links keep only
http(s) and mailto targets, and the reader loads no resource at all, local or remote. The
app's own actions are links ``briefapp:<session token>/add/<section_id>``, ``…/edit`` and
``…/open``, handled in Python (``anchorClicked``); the token is random for each run, so text
in a report cannot name an action.
"""

from __future__ import annotations

import html
import re
import secrets
import xml.etree.ElementTree as etree

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from briefapp.gui.changes import LibraryChanges
from briefapp.gui.qt import QImage, QTextBrowser, QTextDocument, QUrl, QWidget, Signal
from briefapp.links import safe_href
from briefapp.markdown_safety import defuse_brackets
from briefapp.models import Report, Section

READER_CSS = """
body { font-size: 10.5pt; color: #1f2430; }
h1 { font-size: 15pt; font-weight: 600; color: #1b2a4a; margin: 0 0 4px 0; }
h2 { font-size: 11.5pt; font-weight: 600; color: #1b2a4a; margin: 16px 0 4px 0; }
h3, h4 { font-size: 10.5pt; font-weight: 600; color: #33415c; margin: 10px 0 2px 0; }
p { margin: 4px 0 6px 0; line-height: 135%; }
table.meta td { padding: 1px 10px 1px 0; }
td.key { color: #5c6678; }
table.md { border-collapse: collapse; margin: 6px 0; }
table.md th, table.md td { border: 1px solid #c5ccd8; padding: 3px 6px; }
table.md th { background: #eef2f7; }
a { color: #2a5db0; text-decoration: none; }
a.add { color: #2a5db0; font-weight: 600; }
a.added { color: #2e7d32; font-weight: 600; }
.kind { color: #8a6d2f; font-size: 8.5pt; }
.actions { margin: 6px 0 2px 0; }
blockquote { color: #444c5c; margin-left: 12px; }
.empty { color: #7b8494; }
"""

ACTION_SCHEME = "briefapp"
# Unguessable for this run: report text, written before the run, cannot know it.
SESSION_TOKEN = secrets.token_hex(16)


class _InertReportText(Treeprocessor):
    """Pictures become their alt text and links to anything but the web or mail become plain
    text, whatever Markdown syntax made them (inline, reference, autolink)."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if element.tag == "img":
                alt = element.get("alt") or ""
                element.tag = "span"
                element.attrib.clear()
                element.text = alt
            elif element.tag == "a" and safe_href(element.get("href")) is None:
                element.tag = "span"
                element.attrib.clear()


class _InertReportTextExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Markdown's API
        # After the inline patterns (20) have made the <img> and <a> elements.
        md.treeprocessors.register(_InertReportText(md), "inert_report_text", 5)


_MD = markdown.Markdown(extensions=["tables", "sane_lists", _InertReportTextExtension()])
PLAIN_TEXT_ABOVE = 200_000  # characters


def action_href(action: str) -> str:
    """The link of one of the reader's own actions (``edit``, ``open``, ``add/<id>``)."""
    return f"{ACTION_SCHEME}:{SESSION_TOKEN}/{action}"


def markdown_html(text: str) -> str:
    """Markdown to HTML with any raw HTML in the source shown as text, never interpreted."""
    if len(text) > PLAIN_TEXT_ABOVE:
        # Markdown's parser slows badly on huge hostile texts: show them as plain paragraphs.
        return "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n\n")[:2000])
    escaped = html.escape(defuse_brackets(text), quote=False)
    escaped = re.sub(r"^(\s*)&gt;", r"\1>", escaped, flags=re.MULTILINE)  # keep blockquotes
    _MD.reset()
    out = _MD.convert(escaped)
    return out.replace("<table>", '<table class="md" cellspacing="0">')


def _meta_rows(report: Report) -> str:
    rows = [
        ("Published", report.published.strftime("%d %B %Y") if report.published else "unknown"),
        ("Publisher", report.publisher or "unknown"),
        ("Countries", ", ".join(report.countries) or "—"),
        ("Topics", ", ".join(report.topics) or "—"),
        ("Source grade", report.grade),
    ]
    if report.tags:
        rows.append(("Tags", ", ".join(report.tags)))
    return "".join(f'<tr><td class="key">{k}</td><td>{html.escape(v)}</td></tr>' for k, v in rows)


def report_html(
    report: Report, in_briefing: frozenset[int] = frozenset(), *, trashed: bool = False
) -> str:
    """The whole report as one HTML page for the reader; sections whose id is in
    ``in_briefing`` are marked as already in the open briefing. A ``trashed`` report (the
    table lists the trash) offers no edits and nothing to add: it is restored first."""
    actions = (
        f'<p class="actions"><a href="{action_href("open")}">Open original</a>'
        ' &nbsp;·&nbsp; <span class="kind">In the trash: restore it to edit its details or'
        " add its sections to a briefing</span></p>"
        if trashed
        else (
            f'<p class="actions"><a href="{action_href("edit")}">Edit details…</a> &nbsp;·&nbsp; '
            f'<a href="{action_href("open")}">Open original</a> &nbsp;·&nbsp; '
            f'<a href="{action_href("add-summary")}">Add summary to briefing</a></p>'
        )
    )
    parts = [
        f"<h1>{html.escape(report.title)}</h1>",
        f'<table class="meta" cellspacing="0">{_meta_rows(report)}</table>',
        actions,
    ]
    for section in report.sections:
        kind = (
            f' &nbsp;<span class="kind">· {section.kind} section</span>'
            if section.kind != "other"
            else ""
        )
        parts.append(f"<h2>{html.escape(section.heading)}</h2>")
        href = action_href(f"add/{section.id}")
        link = (
            f'<a class="added" href="{href}">✓ In briefing</a>'
            if section.id in in_briefing
            else f'<a class="add" href="{href}">＋ Add to briefing</a>'
        )
        if trashed:
            link = ""
        if link or kind:
            parts.append(f"<p>{link}{kind}</p>")
        parts.append(markdown_html(section.text))
    return "\n".join(parts)


class ReaderView(QTextBrowser):
    """Shows one report. Emits ``add_section(report, section)``, ``add_summary(report)``,
    ``edit_requested(report)``, ``open_original(report_id)`` and ``report_outdated(report_id)``
    (an operation changed the shown report without carrying a fresh copy of it)."""

    add_section = Signal(object, object)
    add_summary = Signal(object)
    edit_requested = Signal(object)
    open_original = Signal(int)
    report_outdated = Signal(int)
    page_rerendered = Signal()  # the same report drawn again (its marks changed)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reader")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setSearchPaths([])
        self.document().setDefaultStyleSheet(READER_CSS)
        self.document().setDocumentMargin(14)
        self.report: Report | None = None
        self.in_briefing: frozenset[int] = frozenset()  # ids of sections in the briefing
        self.trashed = False  # the reports shown are in the trash (the table lists it)
        self.refused_resources: list[str] = []  # what this page asked to load (tests read it)
        self.anchorClicked.connect(self._link)
        self.show_report(None)

    def show_report(self, report: Report | None) -> None:
        self.report = report
        self.refused_resources.clear()
        if report is None:
            self.setHtml('<p class="empty">Select a report to read it here.</p>')
            return
        self.setHtml(report_html(report, self.in_briefing, trashed=self.trashed))

    def show_trashed(self, on: bool) -> None:
        """Reports shown from now on are (``on``) or are not in the trash."""
        if on != self.trashed:
            self.trashed = on
            self.show_report(self.report)

    def set_in_briefing(self, section_ids: frozenset[int]) -> None:
        """Mark these sections of the shown report as in the briefing, keeping the place."""
        if section_ids == self.in_briefing:
            return
        self.in_briefing = section_ids
        if self.report is not None:
            position = self.verticalScrollBar().value()
            self.setHtml(report_html(self.report, section_ids, trashed=self.trashed))
            self.verticalScrollBar().setValue(position)
            self.page_rerendered.emit()

    def loadResource(self, kind: int, name: QUrl | str) -> object:  # noqa: N802 - Qt's virtual
        """Nothing is ever loaded: the reader's pages need no picture, style sheet or file.

        An empty answer would not do: QTextDocument then opens a local file itself. So every
        request gets a harmless non-null value (an empty image or text) instead.
        """
        # Qt passes a QUrl; the binding also lets Python callers pass a string.
        self.refused_resources.append(name.toString() if isinstance(name, QUrl) else name)
        if kind == QTextDocument.ResourceType.ImageResource.value:
            return _empty_image()
        return ""

    @staticmethod
    def action_url(action: str) -> QUrl:
        """The URL a click on one of the reader's own links gives (``edit``, ``add/<id>``...)."""
        return QUrl(action_href(action))

    def section_by_id(self, section_id: int) -> Section | None:
        if self.report is None:
            return None
        return next((s for s in self.report.sections if s.id == section_id), None)

    def _link(self, url: QUrl) -> None:
        target = url.toString()
        own = action_href("")
        if self.report is None or not target.startswith(own):
            return  # web links and anything a report's text could forge do nothing
        action = target[len(own) :]
        if self.trashed and action != "open":
            return  # (a trashed report is restored before anything else)
        if action.startswith("add/"):
            if not action[4:].isdigit():
                return
            section = self.section_by_id(int(action[4:]))
            if section is not None:
                self.add_section.emit(self.report, section)
        elif action == "add-summary":
            self.add_summary.emit(self.report)
        elif action == "edit":
            self.edit_requested.emit(self.report)
        elif action == "open":
            self.open_original.emit(self.report.id)

    def library_changed(self, changes: LibraryChanges) -> None:
        """Show the open report again when an operation changed it."""
        if self.report is None or self.report.id not in changes.report_ids:
            return
        fresh = changes.fresh_copy(self.report.id)
        if fresh is not None:
            self.show_report(fresh)
        else:
            self.report_outdated.emit(self.report.id)


def _empty_image() -> QImage:
    image = QImage(1, 1, QImage.Format.Format_ARGB32)
    image.fill(0)  # transparent
    return image
