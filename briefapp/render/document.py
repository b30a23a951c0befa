"""Lay out a briefing: cover, contents, items, sources annex; one layout pass.

Page numbers that are unknown while a page is drawn ("Page X of Y", the contents'
page numbers) are drawn through form XObjects and filled in after the last page, so the
layout runs once; bookmarks and links are named destinations set where headings land.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import IO, Any

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    HRFlowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Spacer,
    Table,
)

from briefapp.briefing.estimative import Scale, scale_for
from briefapp.briefing.markings import Markings, resolve
from briefapp.errors import Cancelled
from briefapp.models import Brand, Briefing, BriefingItem
from briefapp.render import assessment, pages
from briefapp.render.assessment import Landed
from briefapp.render.encryption import Aes256
from briefapp.render.fallback import Paragraph
from briefapp.render.flowables import FORM_BBOX, Anchored, PageMark, TocEntry
from briefapp.render.inline import esc, nfc
from briefapp.render.markdown_flow import FlowContext, markdown_flowables
from briefapp.render.styles import Theme, build_theme
from briefapp.render.tables import table_style
from briefapp.render.text import (
    citation_line,
    continued_source,
    display_title,
    item_heading_and_body,
    items_citing,
    long_date,
)

Progress = Callable[[float, str], None]
CancelCheck = Callable[[], bool]


class _Job:
    """Progress reporting and cancellation checks shared by the layout steps."""

    def __init__(self, progress: Progress | None, cancel: CancelCheck | None, items: int) -> None:
        self.progress, self.cancel, self.items = progress, cancel, max(items, 1)

    def check(self) -> None:
        if self.cancel is not None and self.cancel():
            raise Cancelled("Export cancelled.")

    def report(self, fraction: float, message: str) -> None:
        if self.progress is not None:
            self.progress(round(min(max(fraction, 0.0), 1.0), 4), message)


class BriefingDocument(BaseDocTemplate):
    """The page templates (cover, body) and the bookkeeping of where headings landed."""

    def __init__(
        self,
        filename: str | IO[bytes],
        theme: Theme,
        *,
        marking: str,
        briefing: Briefing,
        when: str,
        **kw: Any,
    ) -> None:
        self.theme, self.marking, self.briefing, self.when = theme, marking, briefing, when
        self.landed: dict[str, int] = {}  # destination key -> page number
        self.toc_forms: dict[str, str] = {}  # form name -> destination key
        super().__init__(
            filename,
            pagesize=theme.page_size,
            leftMargin=theme.margin_left,
            rightMargin=theme.margin_right,
            topMargin=theme.margin_top,
            bottomMargin=theme.margin_bottom,
            initialFontName=theme.fonts.body,
            **kw,
        )
        frame = Frame(
            theme.margin_left,
            theme.margin_bottom,
            theme.frame_width,
            theme.frame_height,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="body",
        )
        self.addPageTemplates(
            [
                PageTemplate("cover", [frame], onPage=self._cover),
                PageTemplate("body", [frame], onPage=self._body),
            ]
        )

    def _cover(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        canv.showOutline()  # the viewer opens with the bookmarks panel (items, sources)
        b = self.briefing
        details = [
            ("DATE", self.when),
            ("REFERENCE", b.reference),
            ("INFORMATION CUT-OFF", long_date(b.cutoff)),
            ("PREPARED BY", b.author),
            ("CLASSIFICATION", self.marking),
        ]
        pages.cover_page(
            canv,
            self.theme,
            marking=self.marking,
            title=b.title,
            subtitle=b.subtitle,
            details=[(label, value) for label, value in details if value],
        )

    def _body(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        pages.body_page(
            canv, self.theme, self.marking, self.briefing.title, self.when, canv.getPageNumber()
        )

    def finish_forms(self) -> None:
        """Define the forms the pages refer to, now that every page number is known."""
        canv, theme = self.canv, self.theme
        total = canv.getPageNumber() - 1  # the build has already started an empty next page
        for page in range(2, total + 1):
            canv.beginForm(pages.page_number_form(page))
            pages.fill_page_number(canv, theme, page, total)
            canv.endForm()
        style = theme.styles["toc_entry"]
        for form, key in self.toc_forms.items():
            canv.beginForm(form, *FORM_BBOX)
            canv.setFont(theme.fonts.heading_regular, style.fontSize)
            canv.setFillColor(theme.colours["primary"])
            canv.drawRightString(0, 0, str(self.landed.get(key, "")))
            canv.endForm()


def build_document(
    briefing: Briefing,
    brand: Brand,
    target: str | IO[bytes],
    *,
    encrypt: Aes256 | None = None,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
) -> int:
    """Write the PDF to ``target`` (a path or a binary file); return the page count."""
    job = _Job(progress, cancel, len(briefing.items))
    job.report(0.0, "Preparing the layout")
    markings = resolve(briefing, brand)  # a marking above the classification stops here
    marking = (
        markings.banner.banner
        if markings is not None
        else (briefing.classification or "").strip() or brand.classification
    )
    theme = build_theme(brand)
    when = long_date(briefing.date or date.today())
    doc = BriefingDocument(
        target,
        theme,
        marking=marking,
        briefing=briefing,
        when=when,
        title=nfc(briefing.title),
        author=nfc(briefing.author),
        subject=nfc(briefing.subtitle),
        keywords=[k for k in (marking, brand.organisation) if k],
        creator="briefapp",
        producer="briefapp",
        encrypt=encrypt,
        invariant=1,
        lang="en",
    )
    drawn = 0

    def landed(key: str, page: int) -> None:
        nonlocal drawn
        doc.landed[key] = page
        if key.startswith("item-"):
            drawn += 1
            job.check()
            job.report(0.4 + 0.5 * drawn / job.items, f"Laying out item {drawn} of {job.items}")

    story = _story(briefing, theme, doc, landed, job, markings, scale_for(briefing, brand))
    job.check()
    job.report(0.4, "Laying out pages")
    doc._doSave = 0  # forms must be defined before the file is written
    doc.build(story)
    job.check()
    job.report(0.95, "Writing the PDF")
    doc.finish_forms()
    doc.canv.save()
    job.report(1.0, "Done")
    return doc.canv.getPageNumber() - 1


def _story(
    briefing: Briefing,
    theme: Theme,
    doc: BriefingDocument,
    landed: Landed,
    job: _Job,
    markings: Markings | None,
    scale: Scale,
) -> list[Flowable]:
    s = theme.styles
    story: list[Flowable] = [NextPageTemplate("body"), PageMark("cover", "Cover"), PageBreak()]
    if briefing.judgements:
        story.extend(assessment.key_judgements(briefing, markings, scale, theme, landed))

    entries: list[Flowable] = []
    body: list[Flowable] = []
    for n, item in enumerate(briefing.items, start=1):
        job.check()
        key = f"item-{n}"
        heading, text = item_heading_and_body(item)
        title, label = display_title(item, heading)
        continued = continued_source(briefing.items[n - 2], item) if n > 1 else None
        if continued is not None:
            # A further section of the report just above: headed by the section, not the title
            # again.
            toc = f'<font color="{theme.hex("muted")}">{esc(label)}</font>'
            title, label = label, "Same source"
        else:
            toc = esc(title)
            if item.source is not None:
                toc += f' <font color="{theme.hex("muted")}">· {esc(label)}</font>'
        entries.append(TocEntry(f"{n:02d}", toc, key, theme, doc.toc_forms))
        body.extend(
            _item(
                n,
                item,
                title,
                label,
                text,
                key,
                FlowContext(theme, portion=assessment.portion(markings, n)),
                landed,
                outline=f"{continued.title.strip()} — {title}" if continued is not None else None,
            )
        )
        job.report(0.4 * n / job.items, f"Preparing item {n} of {job.items}")

    story.append(
        Anchored("Contents", s["toc_title"], key="contents", outline="Contents", on_draw=landed)
    )
    story.extend(entries)
    story.append(TocEntry("", "Sources", "sources", theme, doc.toc_forms))
    if briefing.judgements:
        story.append(TocEntry("", "Estimative language", "estimative", theme, doc.toc_forms))
    if briefing.distribution:
        story.append(TocEntry("", "Distribution", "distribution", theme, doc.toc_forms))
    story.append(PageBreak())
    if body:
        story.extend(body)
        story.append(PageBreak())
    story.extend(_sources(briefing, theme, landed))
    if briefing.judgements:
        story.extend(assessment.estimative_annex(scale, theme, landed))
    if briefing.distribution:
        story.extend(assessment.distribution(briefing, theme, landed))
    if theme.brand.disclaimer:
        story.append(_disclaimer(theme))
    return story


def _item(
    n: int,
    item: BriefingItem,
    title: str,
    label: str,
    text: str,
    key: str,
    ctx: FlowContext,
    landed: Landed,
    outline: str | None = None,
) -> list[Flowable]:
    s = ctx.styles
    kicker = f"ITEM {n:02d}" + (f"  ·  {esc(label.upper())}" if label else "")
    if ctx.portion:
        kicker += f"  ·  {esc(ctx.portion)}"
    if outline is None:
        outline = f"{title} — {label}" if item.source is not None else title
    out: list[Flowable] = [
        Paragraph(kicker, s["item_number"]),
        Anchored(esc(title), s["item_heading"], key=key, outline=nfc(outline), on_draw=landed),
    ]
    if item.source is not None:
        out.append(Paragraph(esc(citation_line(item.source)), s["citation"]))
    else:
        out.append(Spacer(0, 6))
    if item.note and item.note.strip():
        out.append(_note_box(item.note, ctx))
    for flow in out[2:]:  # heading, citation and note stay with the start of the text
        flow.keepWithNext = 1
    if (item.note or "").strip() and _too_tall_to_keep(out[-1], ctx):
        # A long note cannot be kept with what follows: ReportLab would re-split it forever.
        out[-1].keepWithNext = 0
    out.extend(markdown_flowables(text, ctx))
    return out


def _too_tall_to_keep(flow: Flowable, ctx: FlowContext) -> bool:
    _, height = flow.wrap(ctx.width, ctx.theme.frame_height)
    return height > ctx.theme.frame_height / 3


def _note_box(note: str, ctx: FlowContext) -> Flowable:
    theme, s = ctx.theme, ctx.styles
    pad = 9
    inner = ctx.narrower(2 * pad + 3)
    flows = markdown_flowables(note, inner)
    for flow in flows:
        if isinstance(flow, Paragraph) and flow.style.name in ("body", "list"):
            flow.style = s["note"]
    label = Paragraph("ANALYST NOTE", s["note_label"])
    table = Table([[label], [flows]], colWidths=[ctx.width], splitInRow=1)
    table.setStyle(
        table_style(
            theme,
            [
                ("BACKGROUND", (0, 0), (-1, -1), theme.colours["tint"]),
                ("LINEBEFORE", (0, 0), (0, -1), 3, theme.colours["primary"]),
                ("LEFTPADDING", (0, 0), (-1, -1), pad + 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                ("TOPPADDING", (0, 0), (-1, 0), pad - 1),
                ("TOPPADDING", (0, 1), (-1, 1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, 0), 0),
                ("BOTTOMPADDING", (0, 1), (-1, 1), pad - 3),
            ],
        )
    )
    table.spaceBefore, table.spaceAfter = 2, 12
    return table


def _sources(briefing: Briefing, theme: Theme, landed: Landed) -> list[Flowable]:
    s = theme.styles
    out: list[Flowable] = [
        Anchored("Sources", s["annex_title"], key="sources", outline="Sources", on_draw=landed)
    ]
    cited = briefing.cited_reports()
    used_in = items_citing(briefing, cited)
    if not cited:
        out.append(Paragraph("This briefing cites no external reports.", s["body"]))
    muted = theme.hex("muted")
    for i, citation in enumerate(cited):
        details = ", ".join(
            p for p in ((citation.publisher or "").strip(), long_date(citation.published)) if p
        )
        line = f"[{i + 1}]\u2002<b>{esc(citation.title.strip() or 'untitled report')}</b>"
        if details:
            line += f" — {esc(details)}"
        line += f" · Grade {esc(citation.grade)}"
        if citation.source_deleted:
            line += " · source deleted"
        line += assessment.source_url_line(citation, theme)
        items = used_in.get(i, [])
        if items:
            label = "item" if len(items) == 1 else "items"
            line += (
                f'<br/><font color="{muted}">Used in {label} '
                f"{', '.join(f'{n:02d}' for n in items)}</font>"
            )
        out.append(Paragraph(line, s["source_entry"]))
    if cited:
        grades = assessment.grades_explained([c.grade for c in cited])
        out.append(Paragraph(f'<font color="{muted}">{esc(grades)}</font>', s["note"]))
    return out


def _disclaimer(theme: Theme) -> Flowable:
    """The brand's disclaimer, last in the document."""
    s = theme.styles
    return KeepTogether(
        [
            Spacer(0, 10 * mm),
            _rule(theme),
            Paragraph("DISCLAIMER", s["disclaimer_label"]),
            Paragraph(esc(theme.brand.disclaimer), s["disclaimer"]),
        ]
    )


def _rule(theme: Theme) -> Flowable:
    return HRFlowable(width="100%", thickness=0.5, color=theme.colours["rule"], spaceAfter=6)
