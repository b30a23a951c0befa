"""Word (DOCX) export of a briefing with python-docx: the same content as the PDF, on styles.

Cover (logo, title, subtitle, date, reference, cut-off, author, classification), a Word
table-of-contents field that Word fills in on opening, the key judgements, each item as a
Heading 1 with its citation line, analyst note and Markdown text, the Sources, estimative
language and distribution annexes, the classification in every header and footer, and the
document properties. Markings are resolved as for the PDF (``markings.resolve``): the banner
is the highest level in the briefing and marked paragraphs open with their portion mark.
A brand may ship ``reference.docx`` in its folder: its styles, headers and footers are used,
and the export adds only what it lacks. Same briefing, same bytes. No Qt, no ReportLab
canvas: this module can run beside a PDF export.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from xml.etree.ElementTree import Element, SubElement

import docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.image.exceptions import UnrecognizedImageError
from docx.opc.exceptions import PackageNotFoundError
from docx.shared import Cm

from briefapp.briefing.estimative import CONFIDENCE_MEANINGS, Scale, scale_for
from briefapp.briefing.markings import Markings, resolve
from briefapp.errors import BriefappError, Cancelled
from briefapp.models import Brand, Briefing, BriefingItem
from briefapp.render.docx_markdown import BLOCK_HANDLERS, DocxContext, Numbering, add_markdown
from briefapp.render.docx_package import (
    add_field,
    add_text,
    add_toc,
    clean,
    fixed_zip,
    logo_png,
    set_properties,
    styled,
    update_fields_on_open,
)
from briefapp.render.docx_styles import (
    MARGIN_CM,
    PAGE_HEIGHT_CM,
    PAGE_WIDTH_CM,
    Styles,
    prepare_styles,
)
from briefapp.render.text import (
    citation_line,
    continued_source,
    display_title,
    item_heading_and_body,
    items_citing,
    judgement_tags,
    long_date,
    portion,
    scale_intro,
    scale_rows,
)

REFERENCE_FILE = "reference.docx"
Progress = Callable[[float, str], None]
CancelCheck = Callable[[], bool]


def export_docx(
    briefing: Briefing,
    brand: Brand,
    out_path: Path,
    *,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
) -> None:
    """Write ``briefing`` as a Word document to ``out_path``, atomically: the file is written
    beside the target under a hidden name and renamed into place only when complete, so a
    failed or cancelled export leaves nothing (an existing file there is kept)."""
    out_path = Path(out_path)
    if out_path.is_dir():
        raise BriefappError(f"{out_path}: is a folder; choose a file name for the document")
    folder = out_path.parent
    if not folder.is_dir():
        raise BriefappError(f"{folder}: folder does not exist")
    data = docx_bytes(briefing, brand, progress=progress, cancel=cancel)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{out_path.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise BriefappError(f"{folder}: cannot write here ({exc.strerror})") from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, out_path)
    except OSError as exc:
        raise BriefappError(f"{out_path}: cannot write the document ({exc.strerror})") from None
    finally:
        tmp.unlink(missing_ok=True)


def docx_bytes(
    briefing: Briefing,
    brand: Brand,
    *,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
) -> bytes:
    """The Word document of ``briefing`` as bytes."""

    def report(fraction: float, message: str) -> None:
        if cancel is not None and cancel():
            raise Cancelled("Export cancelled.")
        if progress is not None:
            progress(round(min(max(fraction, 0.0), 1.0), 4), message)

    report(0.0, "Preparing the document")
    doc, reference = _start(brand)
    styles = prepare_styles(doc, brand, restyle=not reference)
    markings = resolve(briefing, brand)  # a marking above the classification stops here
    marking = clean(
        markings.banner.banner
        if markings is not None
        else (briefing.classification or "").strip() or brand.classification
    )
    when = briefing.date or date.today()
    _page_setup(doc, brand, reference)
    _headers(doc, styles, briefing, brand, marking, long_date(when), reference)
    _cover(doc, styles, briefing, brand, marking, long_date(when))
    ctx = DocxContext(doc, styles, Numbering(doc))
    entries = _plan(briefing)
    scale = scale_for(briefing, brand)
    contents = [title for _, title, _, _ in entries] + ["Sources"]
    if briefing.judgements:
        contents = ["Key Judgements", *contents, "Estimative language"]
    if briefing.distribution:
        contents.append("Distribution")
    add_text(styled(doc, styles["TOC Heading"]), "Contents")
    add_toc(doc, [(1, title) for title in contents], styles)
    doc.add_page_break()
    if briefing.judgements:
        _key_judgements(doc, styles, briefing, markings, scale)
        doc.add_page_break()
    total = max(len(entries), 1)
    for n, (item, title, label, text) in enumerate(entries, start=1):
        report(0.9 * (n - 1) / total, f"Writing item {n} of {len(entries)}")
        _item(replace(ctx, portion=portion(markings, n)), n, item, title, label, text)
    if entries:
        doc.add_page_break()
    _sources(doc, styles, briefing)
    if briefing.judgements:
        _estimative_annex(ctx, scale)
    if briefing.distribution:
        add_text(styled(doc, styles["Heading 1"]), "Distribution")
        for name in briefing.distribution:
            add_text(styled(doc, styles["Normal"]), name)
    if brand.disclaimer:
        styled(doc, styles["Rule"])
        add_text(styled(doc, styles["Item Label"]), "DISCLAIMER")
        add_text(styled(doc, styles["Disclaimer"]), brand.disclaimer)
    report(0.95, "Writing the document")
    set_properties(
        doc,
        title=briefing.title,
        author=briefing.author,
        subject=briefing.subtitle,
        keywords=", ".join(k for k in (marking, brand.organisation) if k),
        when=when,
    )
    update_fields_on_open(doc)
    buffer = io.BytesIO()
    doc.save(buffer)
    data = fixed_zip(buffer.getvalue())
    report(1.0, "Done")
    return data


def _start(brand: Brand) -> tuple[DocxDocument, bool]:
    """python-docx's template, or the brand's ``reference.docx`` emptied of its body."""
    path = brand.folder / REFERENCE_FILE
    if not path.is_file():
        return docx.Document(), False
    try:
        doc = docx.Document(str(path))
    except (PackageNotFoundError, ValueError, KeyError, OSError) as exc:
        raise BriefappError(f"{path}: not a usable Word document ({exc})") from None
    body = doc.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)
    return doc, True


def _page_setup(doc: DocxDocument, brand: Brand, reference: bool) -> None:
    section = doc.sections[0]
    if not reference:  # a reference document keeps its own page
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width = Cm(PAGE_WIDTH_CM[brand.page_size])
        section.page_height = Cm(PAGE_HEIGHT_CM[brand.page_size])
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(MARGIN_CM))
        section.header_distance = section.footer_distance = Cm(1.0)
    section.different_first_page_header_footer = True


def _headers(
    doc: DocxDocument,
    styles: Styles,
    briefing: Briefing,
    brand: Brand,
    marking: str,
    when: str,
    reference: bool,
) -> None:
    """The classification at the top and bottom of every page; on pages after the cover,
    the title and organisation above, the date and page number below."""
    section = doc.sections[0]
    for part, top, cover in (
        (section.header, True, False),
        (section.footer, False, False),
        (section.first_page_header, True, True),
        (section.first_page_footer, False, True),
    ):
        part.is_linked_to_previous = False
        own = "\n".join(p.text for p in part.paragraphs).strip() or part.tables
        if own:  # the reference document's header or footer stays; the marking is added
            if marking in "\n".join(p.text for p in part.paragraphs):
                continue
            mark = styled(part, styles["Classification"])
            add_text(mark, marking.upper())
            if top:
                part._element.insert(0, mark._p)
            continue
        for p in part.paragraphs:
            p._p.getparent().remove(p._p)
        if not top and not cover:
            line = styled(part, styles["Footer"])
            add_text(line, f"{when}\tPage ")
            add_field(line, "PAGE", "1")
            add_text(line, " of ")
            add_field(line, "NUMPAGES", "1")
        add_text(styled(part, styles["Classification"]), marking.upper())
        if top and not cover:
            line = styled(part, styles["Header"])
            add_text(line, f"{briefing.title}\t{brand.organisation}")


def _cover(
    doc: DocxDocument,
    styles: Styles,
    briefing: Briefing,
    brand: Brand,
    marking: str,
    when: str,
) -> None:
    if brand.logo is not None:
        try:
            image = logo_png(brand.logo)
            if image is not None:
                doc.add_picture(image, width=Cm(3.0))
                doc.paragraphs[-1]._p.style = styles["Cover Detail"].style_id
        except (OSError, ValueError, UnrecognizedImageError):
            pass  # an unreadable logo leaves the cover without it, as in the PDF
    org = styled(doc, styles["Cover Detail"])
    add_text(org, brand.organisation)
    if brand.tagline:
        add_text(styled(doc, styles["Caption"]), brand.tagline)
    add_text(styled(doc, styles["Title"]), briefing.title or "Briefing")
    if briefing.subtitle.strip():
        add_text(styled(doc, styles["Subtitle"]), briefing.subtitle)
    add_text(styled(doc, styles["Cover Detail"]), when)
    if briefing.reference.strip():
        add_text(styled(doc, styles["Cover Detail"]), f"Reference {briefing.reference.strip()}")
    if briefing.cutoff is not None:
        add_text(
            styled(doc, styles["Cover Detail"]),
            f"Information cut-off {long_date(briefing.cutoff)}",
        )
    if briefing.author.strip():
        add_text(styled(doc, styles["Cover Detail"]), f"Prepared by {briefing.author}")
    add_text(styled(doc, styles["Item Label"]), marking.upper())
    if brand.handling:
        add_text(styled(doc, styles["Disclaimer"]), brand.handling)
    doc.add_page_break()


def _plan(briefing: Briefing) -> list[tuple[BriefingItem, str, str, str]]:
    """(item, title, label, Markdown text) of each item, titled as in the PDF: a further
    section of the report just above is headed by its section, labelled "Same source"."""
    out = []
    previous: BriefingItem | None = None
    for item in briefing.items:
        heading, text = item_heading_and_body(item)
        title, label = display_title(item, heading)
        if previous is not None and continued_source(previous, item) is not None:
            title, label = label, "Same source"
        out.append((item, title, label, text))
        previous = item
    return out


def _item(ctx: DocxContext, n: int, item: BriefingItem, title: str, label: str, text: str) -> None:
    doc, styles = ctx.doc, ctx.styles
    kicker = f"ITEM {n:02d}" + (f"  ·  {label.upper()}" if label else "")
    if ctx.portion:
        kicker += f"  ·  {ctx.portion}"
    add_text(styled(doc, styles["Item Label"]), kicker)
    add_text(styled(doc, styles["Heading 1"]), title)
    if item.source is not None:
        add_text(styled(doc, styles["Citation"]), citation_line(item.source))
    if (item.note or "").strip():
        add_text(styled(doc, styles["Analyst Note Label"]), "ANALYST NOTE")
        add_markdown(item.note or "", ctx.inner(body="Analyst Note"))
        styled(doc, styles["Caption"])  # the shaded note box ends here
    add_markdown(text, ctx)


def _key_judgements(
    doc: DocxDocument,
    styles: Styles,
    briefing: Briefing,
    markings: Markings | None,
    scale: Scale,
) -> None:
    """Each judgement numbered, with its portion mark, its estimative term and confidence."""
    add_text(styled(doc, styles["Heading 1"]), "Key Judgements")
    for n, judgement in enumerate(briefing.judgements, start=1):
        line = styled(doc, styles["Normal"])
        line.add_run(f"{n:02d}\t").bold = True
        mark = portion(markings, n, judgement=True)
        if mark:
            line.add_run(clean(mark)).bold = True
            line.add_run("\u00a0")
        add_text(line, judgement.text)
        tags = judgement_tags(judgement, scale)
        if tags:
            add_text(styled(doc, styles["Citation"]), "  ·  ".join(tags))
    add_text(
        styled(doc, styles["Caption"]),
        f"Likelihood terms follow the {scale.name}; the ranges are explained in the annex "
        "Estimative language. Confidence describes the quality of the information and "
        "analysis behind a judgement, not its probability.",
    )


def _estimative_annex(ctx: DocxContext, scale: Scale) -> None:
    """The scale in use with its ranges and published source, and the confidence levels."""
    doc, styles = ctx.doc, ctx.styles
    add_text(styled(doc, styles["Heading 1"]), "Estimative language")
    add_text(styled(doc, styles["Normal"]), scale_intro(scale))
    # the table goes through the Markdown table handler, so it looks like the items' tables
    table = Element("table")
    head = SubElement(SubElement(table, "thead"), "tr")
    for text in ("TERM", "PROBABILITY"):
        SubElement(head, "th").text = text
    body = SubElement(table, "tbody")
    for name, probability in scale_rows(scale):
        row = SubElement(body, "tr")
        SubElement(row, "td").text = name
        SubElement(row, "td").text = probability
    BLOCK_HANDLERS["table"](table, ctx)
    add_text(styled(doc, styles["Normal"]), "Analytic confidence is stated separately:")
    for level, meaning in reversed(list(CONFIDENCE_MEANINGS.items())):
        entry = styled(doc, styles["Source Entry"])
        entry.add_run(f"{level.capitalize()} confidence").bold = True
        add_text(entry, f": {meaning}.")


def _sources(doc: DocxDocument, styles: Styles, briefing: Briefing) -> None:
    add_text(styled(doc, styles["Heading 1"]), "Sources")
    cited = briefing.cited_reports()
    used_in = items_citing(briefing, cited)
    if not cited:
        add_text(styled(doc, styles["Normal"]), "This briefing cites no reports.")
    for i, citation in enumerate(cited):
        entry = styled(doc, styles["Source Entry"])
        add_text(entry, f"[{i + 1}]\t")
        entry.add_run(clean(citation.title.strip() or "untitled report")).bold = True
        details = ", ".join(
            p for p in ((citation.publisher or "").strip(), long_date(citation.published)) if p
        )
        add_text(entry, (f" — {details}" if details else "") + f" · Grade {citation.grade}")
        items = used_in.get(i, [])
        if items:
            entry.add_run().add_break()
            label = "item" if len(items) == 1 else "items"
            used = entry.add_run(f"Used in {label} {', '.join(f'{n:02d}' for n in items)}")
            used.italic = True
