"""Reader: the current report's metadata and sections as HTML, with per-section actions.

Links ``briefapp:add/<section_id>``, ``briefapp:edit`` and ``briefapp:open`` are handled in
Python (``anchorClicked``); nothing is loaded from the network.
"""

from __future__ import annotations

import html
import re

import markdown

from briefapp.gui.changes import LibraryChanges
from briefapp.gui.qt import QTextBrowser, QUrl, Signal
from briefapp.models import Report, Section
from briefapp.render.markdown_flow import defuse_brackets

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
.kind { color: #8a6d2f; font-size: 8.5pt; }
.actions { margin: 6px 0 2px 0; }
blockquote { color: #444c5c; margin-left: 12px; }
.empty { color: #7b8494; }
"""

_MD = markdown.Markdown(extensions=["tables", "sane_lists"])
PLAIN_TEXT_ABOVE = 200_000  # characters


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


def report_html(report: Report) -> str:
    """The whole report as one HTML page for the reader."""
    parts = [
        f"<h1>{html.escape(report.title)}</h1>",
        f'<table class="meta" cellspacing="0">{_meta_rows(report)}</table>',
        (
            '<p class="actions"><a href="briefapp:edit">Edit details…</a> &nbsp;·&nbsp; '
            '<a href="briefapp:open">Open original</a> &nbsp;·&nbsp; '
            '<a href="briefapp:add-summary">Add summary to briefing</a></p>'
        ),
    ]
    for section in report.sections:
        kind = (
            f' &nbsp;<span class="kind">· {section.kind} section</span>'
            if section.kind != "other"
            else ""
        )
        parts.append(f"<h2>{html.escape(section.heading)}</h2>")
        parts.append(
            f'<p><a class="add" href="briefapp:add/{section.id}">＋ Add to briefing</a>{kind}</p>'
        )
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

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("reader")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.document().setDefaultStyleSheet(READER_CSS)
        self.document().setDocumentMargin(14)
        self.report: Report | None = None
        self.anchorClicked.connect(self._link)
        self.show_report(None)

    def show_report(self, report: Report | None) -> None:
        self.report = report
        if report is None:
            self.setHtml('<p class="empty">Select a report to read it here.</p>')
            return
        self.setHtml(report_html(report))

    def section_by_id(self, section_id: int) -> Section | None:
        if self.report is None:
            return None
        return next((s for s in self.report.sections if s.id == section_id), None)

    def _link(self, url: QUrl) -> None:
        target = url.toString()
        if self.report is None or not target.startswith("briefapp:"):
            return
        action = target[len("briefapp:") :]
        if action.startswith("add/"):
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
