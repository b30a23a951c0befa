"""Markdown to Word paragraphs and tables through a table of small per-element handlers.

The Markdown is parsed exactly as for the PDF (``markdown_flow.markdown_to_tree``: raw HTML
switched off), and each block element of the tree goes through ``BLOCK_HANDLERS`` (tag ->
function). Text only ever becomes ``w:t`` runs; links become hyperlinks only when they are
http(s) or mailto (``briefapp.links.safe_href``); images are never loaded, their description shows.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from xml.etree.ElementTree import Element

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.styles.style import CharacterStyle
from docx.text.paragraph import Paragraph

from briefapp.links import safe_href
from briefapp.render.docx_package import add_hyperlink, clean, styled
from briefapp.render.docx_styles import TABLE_STYLE, Styles
from briefapp.render.markdown_flow import INLINE_TAGS, MAX_NESTING, markdown_to_tree

_SPACES = re.compile(r"\s*\n\s*")
_ALIGN = {"right": WD_ALIGN_PARAGRAPH.RIGHT, "center": WD_ALIGN_PARAGRAPH.CENTER}


@dataclass
class Numbering:
    """Restarts of numbered lists: each ``<ol>`` gets its own ``w:num`` over the abstract
    numbering of its List Number style, numbered from its ``start``."""

    doc: DocxDocument
    abstract: dict[str, str | None] = field(default_factory=dict)

    def restart(self, style: CharacterStyle, start: int) -> str | None:
        """A new numId continuing ``style``'s list format from ``start`` (None: the style
        has no numbering, as in some reference documents)."""
        if style.name not in self.abstract:
            self.abstract[style.name] = self._abstract_of(style)
        abstract = self.abstract[style.name]
        if abstract is None:
            return None
        numbering = self.doc.part.numbering_part.element
        num = numbering.add_num(int(abstract))
        num.add_lvlOverride(ilvl=0).add_startOverride(start)
        return str(num.numId)

    def _abstract_of(self, style: CharacterStyle) -> str | None:
        ppr = style.element.pPr
        num_id = ppr.find(qn("w:numPr") + "/" + qn("w:numId")) if ppr is not None else None
        if num_id is None:
            return None
        numbering = self.doc.part.numbering_part.element
        for num in numbering.findall(qn("w:num")):
            if num.get(qn("w:numId")) == num_id.get(qn("w:val")):
                found = num.find(qn("w:abstractNumId"))
                return found.get(qn("w:val")) if found is not None else None
        return None


@dataclass(frozen=True)
class DocxContext:
    """Where blocks go and how they look: the document, its styles, the style of plain
    paragraphs here (Normal, Quote, Analyst Note) and the list depth."""

    doc: DocxDocument
    styles: Styles
    numbering: Numbering
    body: str = "Normal"
    list_depth: int = 0
    nesting: int = 0
    portion: str = ""  # a portion mark such as "(S)" opening every paragraph, as in the PDF

    def paragraph(self, style: str | None = None) -> Paragraph:
        return styled(self.doc, self.styles[style or self.body])

    def inner(self, *, body: str | None = None, list_depth: int | None = None) -> DocxContext:
        """The context one level further in (a quote, a note, a list), ``body`` or
        ``list_depth`` changed when given."""
        return replace(
            self,
            nesting=self.nesting + 1,
            body=self.body if body is None else body,
            list_depth=self.list_depth if list_depth is None else list_depth,
        )


Handler = Callable[[Element, DocxContext], None]


def add_markdown(text: str, ctx: DocxContext) -> None:
    """The Markdown ``text`` as paragraphs and tables at the end of the document."""
    try:
        tree = markdown_to_tree(text)
    except RecursionError:  # nested too deeply to parse: plain paragraphs
        for part in re.split(r"\n\s*\n", text):
            if part.strip():
                paragraph = ctx.paragraph()
                mark_portion(paragraph, ctx)
                paragraph.add_run(clean(part))
        return
    blocks(tree, ctx)


def blocks(parent: Element, ctx: DocxContext) -> None:
    """The children of ``parent``; loose inline content becomes a paragraph."""
    loose = Element("p")
    loose.text = parent.text if (parent.text or "").strip() else None

    def flush() -> None:
        nonlocal loose
        if (loose.text or "").strip() or len(loose):
            _paragraph(loose, ctx)
        loose = Element("p")

    for child in parent:
        if child.tag in INLINE_TAGS:
            loose.append(child)
            continue
        flush()
        BLOCK_HANDLERS.get(child.tag, blocks)(child, ctx)
        if (child.tail or "").strip():
            loose.text = child.tail
    flush()


def mark_portion(paragraph: Paragraph, ctx: DocxContext) -> None:
    """The context's portion mark, bold, opening ``paragraph`` (nothing without a scheme)."""
    if ctx.portion:
        paragraph.add_run(clean(ctx.portion)).bold = True
        paragraph.add_run("\u00a0")


def add_inline(paragraph: Paragraph, element: Element, ctx: DocxContext) -> None:
    """``element``'s text and inline children as runs of ``paragraph``."""
    _Inline(paragraph, ctx.styles).walk(element, frozenset(), None)


class _Inline:
    def __init__(self, paragraph: Paragraph, styles: Styles) -> None:
        self.paragraph, self.styles = paragraph, styles

    def text(self, text: str | None, marks: frozenset[str], link: BaseOxmlElement | None) -> None:
        if not text:
            return
        if "code" not in marks:
            text = _SPACES.sub(" ", text)  # a soft line break is a space, as in HTML
        text = clean(text)
        if not text:
            return
        style: CharacterStyle | None = self.styles["Code Char"] if "code" in marks else None
        if link is not None:
            style = self.styles["Hyperlink"]
        run = self.paragraph.add_run(text, style)
        if "b" in marks:
            run.bold = True
        if "i" in marks:
            run.italic = True
        if "s" in marks:
            run.font.strike = True
        if link is not None:
            link.append(run._r)  # moved from the paragraph into the hyperlink

    def walk(self, el: Element, marks: frozenset[str], link: BaseOxmlElement | None) -> None:
        self.text(el.text, marks, link)
        for child in el:
            self.node(child, marks, link)
            self.text(child.tail, marks, link)

    def node(self, el: Element, marks: frozenset[str], link: BaseOxmlElement | None) -> None:
        tag = el.tag
        if tag in ("strong", "b"):
            self.walk(el, marks | {"b"}, link)
        elif tag in ("em", "i"):
            self.walk(el, marks | {"i"}, link)
        elif tag in ("del", "s"):
            self.walk(el, marks | {"s"}, link)
        elif tag == "code":
            self.walk(el, marks | {"code"}, link)
        elif tag == "br":
            self.paragraph.add_run().add_break()
        elif tag == "img":  # never loaded: its description instead
            self.text(f"[{el.get('alt') or 'image'}]", marks | {"i"}, link)
        elif tag == "a":
            href = safe_href(el.get("href"))
            if href is None or link is not None:
                self.walk(el, marks, link)
            else:
                self.walk(el, marks, add_hyperlink(self.paragraph, href))
        else:  # unknown inline element: its text only
            self.walk(el, marks, link)


def _paragraph(el: Element, ctx: DocxContext) -> None:
    paragraph = ctx.paragraph()
    mark_portion(paragraph, ctx)
    add_inline(paragraph, el, ctx)


def _heading(level: int) -> Handler:
    def handler(el: Element, ctx: DocxContext) -> None:
        paragraph = ctx.paragraph(f"Heading {level}")
        mark_portion(paragraph, ctx)
        add_inline(paragraph, el, ctx)

    return handler


def _list(el: Element, ctx: DocxContext) -> None:
    ordered = el.tag == "ol"
    depth = min(ctx.list_depth + 1, 3)
    name = ("List Number" if ordered else "List Bullet") + ("" if depth == 1 else f" {depth}")
    num_id = None
    if ordered:
        start = el.get("start", "1")
        num_id = ctx.numbering.restart(ctx.styles[name], int(start) if start.isdigit() else 1)
    inner = ctx.inner(list_depth=ctx.list_depth + 1)
    for li in el:
        if li.tag == "li":
            _list_item(li, inner, name, num_id)


def _list_item(li: Element, ctx: DocxContext, style: str, num_id: str | None) -> None:
    """The first paragraph of an item carries the bullet or number; further paragraphs of a
    loose item continue it without one, nested lists go one level deeper."""
    first = ctx.paragraph(style)
    if num_id is not None:
        _number(first, num_id)
    mark_portion(first, ctx)
    children = list(li)
    if all(child.tag in INLINE_TAGS for child in children):
        add_inline(first, li, ctx)
        return
    lead = Element("li")
    lead.text = li.text
    rest: list[Element] = []
    for child in children:
        if not rest and child.tag in INLINE_TAGS:
            lead.append(child)
        elif not rest and child.tag == "p" and not (lead.text or "").strip() and not len(lead):
            lead = child  # a loose item's first paragraph
            rest.append(Element("_"))  # anything after it is a block of its own
        else:
            rest.append(child)
    add_inline(first, lead, ctx)
    holder = Element("div")
    holder.extend(c for c in rest if c.tag != "_")
    blocks(holder, replace(ctx, body="List Continue"))


def _number(paragraph: Paragraph, num_id: str) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    num_pr = ppr.get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = 0
    num_pr.get_or_add_numId().val = int(num_id)


def _blockquote(el: Element, ctx: DocxContext) -> None:
    if ctx.nesting >= MAX_NESTING:
        blocks(el, ctx)
        return
    body = ctx.body if ctx.body == "Analyst Note" else "Quote"
    blocks(el, ctx.inner(body=body))


def _rule(el: Element, ctx: DocxContext) -> None:
    ctx.paragraph("Rule")


def _pre(el: Element, ctx: DocxContext) -> None:
    code = clean("".join(el.itertext()).rstrip("\n"))
    paragraph = ctx.paragraph("Code")
    for i, line in enumerate(code.split("\n")):
        if i:
            paragraph.add_run().add_break()
        paragraph.add_run(line.replace("\t", "    "))


def _table(el: Element, ctx: DocxContext) -> None:
    rows: list[tuple[bool, list[Element]]] = []
    for section in el:
        for tr in section.iter("tr") if section.tag != "tr" else [section]:
            cells = [c for c in tr if c.tag in ("td", "th")]
            rows.append((section.tag == "thead" or all(c.tag == "th" for c in cells), cells))
    rows = [(head, cells) for head, cells in rows if cells]
    if not rows:
        return
    ncols = max(len(cells) for _, cells in rows)
    table = ctx.doc.add_table(rows=len(rows), cols=ncols)
    table._tbl.tblPr.style = ctx.styles[TABLE_STYLE].style_id
    for (head, cells), row in zip(rows, table.rows, strict=True):
        if head:
            row._tr.get_or_add_trPr().append(_on("w:tblHeader"))  # repeats on each page
        for cell_el, cell in zip(cells, row.cells, strict=False):
            paragraph = cell.paragraphs[0]
            paragraph._p.style = ctx.styles["Table Heading" if head else "Table Text"].style_id
            align = re.search(r"text-align:\s*(\w+)", cell_el.get("style", "") or "")
            if align and align.group(1) in _ALIGN:
                paragraph.alignment = _ALIGN[align.group(1)]
            add_inline(paragraph, cell_el, ctx)
    styled(ctx.doc, ctx.styles["Normal"])  # Word joins tables that touch


def _on(tag: str) -> BaseOxmlElement:
    element = OxmlElement(tag)
    element.set(qn("w:val"), "true")
    return element


BLOCK_HANDLERS: dict[str, Handler] = {
    "h1": _heading(2),
    "h2": _heading(2),
    "h3": _heading(3),
    "h4": _heading(3),
    "h5": _heading(3),
    "h6": _heading(3),
    "p": _paragraph,
    "ul": _list,
    "ol": _list,
    "blockquote": _blockquote,
    "hr": _rule,
    "pre": _pre,
    "table": _table,
}
