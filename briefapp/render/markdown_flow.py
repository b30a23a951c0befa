"""Markdown to ReportLab flowables through a table of small per-element handlers.

Raw HTML in the Markdown is never interpreted: the parser's HTML block and inline HTML
rules are switched off, so ``<script>`` or ``<font size=300>`` stay literal text. The
HTML that ``markdown`` produces is read back into an element tree, and each block element
goes through ``BLOCK_HANDLERS`` (a plain dict: tag -> function).
"""

from __future__ import annotations

import html.parser
import re
import threading
from collections.abc import Callable
from xml.etree.ElementTree import Element

import markdown
from reportlab.lib.colors import Color
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    Flowable,
    HRFlowable,
    ListFlowable,
    ListItem,
    Spacer,
    Table,
)

from briefapp.markdown_safety import defuse_brackets
from briefapp.render.fallback import CodeBlock, Paragraph, covered, wrap_to_width
from briefapp.render.inline import InlineRenderer, esc, nfc
from briefapp.render.long_text import CONTINUED, cut, split_long_paragraphs
from briefapp.render.styles import Theme
from briefapp.render.tables import table, table_style

INLINE_TAGS = frozenset(
    {"strong", "b", "em", "i", "code", "a", "br", "img", "del", "s", "span", "sup", "sub", "abbr"}
)
VOID_TAGS = frozenset({"br", "hr", "img"})
# Quotes and lists deeper than this are laid out flat: each level is a nested Table or list
# that ReportLab lays out again for every level above it, so hostile text nested a few
# hundred levels deep would take minutes or fail with a LayoutError.
MAX_NESTING = 6


def _markdown() -> markdown.Markdown:
    md = markdown.Markdown(extensions=["tables", "sane_lists", "fenced_code"])
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


_local = threading.local()  # a Markdown instance is not safe to share between threads


def markdown_to_tree(text: str) -> Element:
    """The ``<root>`` element of the HTML that Markdown makes of ``text``."""
    md = getattr(_local, "md", None)
    if md is None:
        md = _local.md = _markdown()
    md.reset()
    text = normalise_list_indents(nfc(text).replace("\r\n", "\n"))
    body = md.convert(split_long_paragraphs(defuse_brackets(text)))
    builder = _TreeBuilder()
    builder.feed(body)
    builder.close()
    return builder.root


_LIST_ITEM = re.compile(r"^( *)([-*+]|\d{1,9}[.)])( +|$)")
_FENCE = re.compile(r"^ *(```|~~~)")


def normalise_list_indents(text: str) -> str:
    """Re-indent nested lists to the four spaces per level that Python-Markdown needs.

    Analysts (and most editors) nest lists with two or three spaces, which Python-Markdown
    would flatten. Each list item's depth is taken from the indents seen so far, and items
    and their continuation lines are re-indented by four spaces per level; lists that
    already use four spaces come out unchanged.
    """
    out: list[str] = []
    levels: list[int] = []  # indents of the open list levels
    in_fence = previous_blank = False
    for line in text.split("\n"):
        if _FENCE.match(line):
            in_fence = not in_fence
        if in_fence or _FENCE.match(line):
            out.append(line)
            previous_blank = False
            continue
        indent = len(line) - len(line.lstrip(" "))
        item = _LIST_ITEM.match(line)
        if item and (levels or indent < 4):
            while levels and indent < levels[-1]:
                levels.pop()
            if not levels or indent > levels[-1]:
                levels.append(indent)
            out.append(" " * (4 * (len(levels) - 1)) + line[indent:])
        elif line.strip() and levels and indent > 0:
            depth = sum(1 for level in levels if level < indent)
            out.append(" " * (4 * depth) + line[indent:])
        else:
            if line.strip() and indent == 0 and previous_blank:
                levels = []
            out.append(line)
        previous_blank = not line.strip()
    return "\n".join(out)


class _TreeBuilder(html.parser.HTMLParser):
    """Reads markdown's (well-formed) HTML output into an ElementTree, entities decoded."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("root")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        el = Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].append(el)
        if tag not in VOID_TAGS:
            self.stack.append(el)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].append(Element(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                break

    def handle_data(self, data: str) -> None:
        parent = self.stack[-1]
        if len(parent):
            parent[-1].tail = (parent[-1].tail or "") + data
        else:
            parent.text = (parent.text or "") + data


class FlowContext:
    """What handlers share: the theme, the inline renderer and the available width."""

    def __init__(
        self,
        theme: Theme,
        width: float | None = None,
        list_depth: int = 0,
        *,
        nesting: int = 0,
        portion: str = "",
    ) -> None:
        self.theme = theme
        self.portion = portion  # a portion mark such as "(S)" opening every paragraph
        self.styles = theme.styles
        self.width = width if width is not None else theme.frame_width
        self.list_depth = list_depth
        self.nesting = nesting  # quotes, lists and boxes around this content
        self.inline = InlineRenderer(theme.fonts.mono, theme.hex("primary"))

    def narrower(self, by: float, *, list_depth: int | None = None) -> FlowContext:
        depth = self.list_depth if list_depth is None else list_depth
        return FlowContext(
            self.theme, self.width - by, depth, nesting=self.nesting + 1, portion=self.portion
        )

    @property
    def too_deep(self) -> bool:
        return self.nesting >= MAX_NESTING

    def para(self, element: Element, style: str) -> Paragraph:
        """A Paragraph of ``element``'s inline content; a further piece of a paragraph that
        was cut for length (see ``long_text``) is set flush under the piece before."""
        text = element.text or ""
        joined = text.startswith(CONTINUED)
        if joined:
            element.text = text[len(CONTINUED) :]
        markup = self.inline.markup(element)
        if self.portion and not joined:
            markup = f"<b>{esc(self.portion)}</b>\u00a0{markup}"
        paragraph = Paragraph(markup, self.styles[style])
        if joined:
            paragraph.spaceBefore = 0
            paragraph.joined = True
        return paragraph


Handler = Callable[[Element, FlowContext], list[Flowable]]


def markdown_flowables(text: str, ctx: FlowContext) -> list[Flowable]:
    """Flowables for a Markdown text (as plain paragraphs if it is nested too deeply to parse)."""
    try:
        return blocks(markdown_to_tree(text), ctx)
    except RecursionError:
        return [
            Paragraph(
                (f"<b>{esc(ctx.portion)}</b>\u00a0" if ctx.portion else "")
                + esc(piece).replace("\n", "<br/>"),
                ctx.styles["body"],
            )
            for part in re.split(r"\n\s*\n", nfc(text))
            for piece in cut(part, markup=False)
            if piece.strip()
        ]


def blocks(parent: Element, ctx: FlowContext) -> list[Flowable]:
    """Flowables for the children of ``parent``; loose inline content becomes a paragraph."""
    out: list[Flowable] = []
    loose = Element("p")
    loose.text = parent.text if (parent.text or "").strip() else None

    def flush() -> None:
        nonlocal loose
        if (loose.text or "").strip() or len(loose):
            out.append(ctx.para(loose, "body"))
        loose = Element("p")

    for child in parent:
        if child.tag in INLINE_TAGS:
            loose.append(child)
            continue
        flush()
        handler = BLOCK_HANDLERS.get(child.tag, _container)
        out.extend(handler(child, ctx))
        if (child.tail or "").strip():
            loose.text = child.tail
    flush()
    for before, flow in zip(out, out[1:], strict=False):
        if getattr(flow, "joined", False):
            before.spaceAfter = 0  # pieces of one long paragraph read as one
    return out


def _heading(style: str) -> Handler:
    return lambda el, ctx: [ctx.para(el, style)]


def _paragraph(el: Element, ctx: FlowContext) -> list[Flowable]:
    return [ctx.para(el, "body")]


def _container(el: Element, ctx: FlowContext) -> list[Flowable]:
    """Unknown block (div, section...): its content, never its tag."""
    return blocks(el, ctx)


def _list(el: Element, ctx: FlowContext) -> list[Flowable]:
    if ctx.too_deep:
        return [flow for li in el if li.tag == "li" for flow in _list_item(li, ctx)]
    ordered = el.tag == "ol"
    theme = ctx.theme
    indent = 18 if ordered else 14
    nested = ctx.list_depth > 0
    inner = ctx.narrower(indent, list_depth=ctx.list_depth + 1)
    items = []
    for li in el:
        if li.tag != "li":
            continue
        content = _list_item(li, inner)
        items.append(ListItem(content or [Spacer(0, 0)]))
    kwargs = dict(
        bulletType="1" if ordered else "bullet",
        leftIndent=indent,
        bulletFontName=theme.fonts.heading if ordered else theme.fonts.body,
        bulletFontSize=8.5 if ordered else 9,
        bulletColor=theme.colours["accent"] if not ordered else theme.colours["primary"],
        bulletDedent=indent,
        bulletOffsetY=0 if ordered else -0.5,
        spaceAfter=0 if nested else 5,
    )
    if ordered:
        kwargs["bulletFormat"] = "%s."
        start = el.get("start", "1")
        kwargs["start"] = int(start) if start.isdigit() else 1
    else:
        kwargs["start"] = "–" if nested else "•"
    return [ListFlowable(items, **kwargs)]


def _list_item(li: Element, ctx: FlowContext) -> list[Flowable]:
    if any(child.tag not in INLINE_TAGS for child in li):
        flows = blocks(li, ctx)
        for flow in flows:  # loose list items are <p>s: list spacing, not paragraph spacing
            if isinstance(flow, Paragraph) and flow.style.name == "body":
                flow.style = ctx.styles["list"]
        return flows
    return [ctx.para(li, "list")]


def _blockquote(el: Element, ctx: FlowContext) -> list[Flowable]:
    if ctx.too_deep:
        return blocks(el, ctx)
    theme = ctx.theme
    inner = ctx.narrower(16)
    flows = blocks(el, inner)
    for flow in flows:
        if isinstance(flow, Paragraph) and flow.style.name in ("body", "list"):
            flow.style = ctx.styles["quote"]
    if not flows:
        return []
    table = Table([[flows]], colWidths=[ctx.width], splitInRow=1)
    table.setStyle(
        table_style(
            ctx.theme,
            [
                ("LINEBEFORE", (0, 0), (0, -1), 2.2, theme.colours["accent"]),
                ("LEFTPADDING", (0, 0), (-1, -1), 13),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ],
        )
    )
    table.spaceBefore, table.spaceAfter = 3, 8
    return [table]


def _rule(el: Element, ctx: FlowContext) -> list[Flowable]:
    return [
        HRFlowable(
            width="100%",
            thickness=0.6,
            color=ctx.theme.colours["rule"],
            spaceBefore=6,
            spaceAfter=9,
        )
    ]


def _pre(el: Element, ctx: FlowContext) -> list[Flowable]:
    code = "".join(el.itertext()).rstrip("\n")
    style = ctx.styles["code"]
    pad = 8
    char_w = stringWidth("M", style.fontName, style.fontSize) or 5
    max_chars = max(20, int((ctx.width - 2 * pad) / char_w))
    code = nfc(code)
    if covered(code, style.fontName):
        pre = CodeBlock(code, style, maxLineLength=max_chars, newLineChars="")
    else:  # fallback characters are wider than the font's cells: cut the lines by width
        pre = CodeBlock(
            wrap_to_width(code, style.fontName, style.fontSize, ctx.width - 2 * pad), style
        )
    table = Table([[pre]], colWidths=[ctx.width], splitInRow=1)
    table.setStyle(
        table_style(
            ctx.theme,
            [
                ("BACKGROUND", (0, 0), (-1, -1), _lighten(ctx.theme.colours["tint"], 0.3)),
                ("BOX", (0, 0), (-1, -1), 0.5, ctx.theme.colours["rule"]),
                ("LEFTPADDING", (0, 0), (-1, -1), pad),
                ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ],
        )
    )
    table.spaceBefore, table.spaceAfter = 2, 9
    return [table]


def _lighten(colour: Color, amount: float) -> Color:
    return Color(*(c + (1 - c) * amount for c in colour.rgb()))


BLOCK_HANDLERS: dict[str, Handler] = {
    "h1": _heading("h1"),
    "h2": _heading("h1"),
    "h3": _heading("h2"),
    "h4": _heading("h3"),
    "h5": _heading("h3"),
    "h6": _heading("h3"),
    "p": _paragraph,
    "ul": _list,
    "ol": _list,
    "blockquote": _blockquote,
    "hr": _rule,
    "pre": _pre,
    "table": table,
}
