"""Per-character font fallback: what a brand font lacks is set in a bundled fallback font.

The brand fonts cover Latin, Greek and Cyrillic; Chinese, Japanese and Korean text, and
symbols such as the minus sign or arrows, would print as empty boxes or nothing at all.
Every piece of text that reaches the PDF goes through :func:`runs`, which cuts it into runs
of the brand font and runs of the fallback fonts (``briefapp.render.fonts.FALLBACK_FILES``),
character by character:

* a character the brand font has stays in the brand font;
* one it lacks goes to the first fallback font that has it: the CJK font, or for symbols
  and punctuation only (never letters, which would need a font of their script), the
  symbols font;
* one that none has stays with its neighbour (a combining mark with its letter).

Paragraphs (:class:`Paragraph`) apply this to the fragments ReportLab parses out of their
markup, so escaping is untouched and ``<b>``, ``<i>`` and ``<font>`` have already resolved
to the face they name; text drawn on the canvas uses :func:`string_width` and
:func:`draw_string`; code blocks are :class:`CodeBlock`. Text the brand font covers fully
takes a fast path (one set test) and comes out exactly as without fallback; the fallback
fonts are only loaded the first time a character needs one.
"""

from __future__ import annotations

import copy
from typing import Any
from unicodedata import category, east_asian_width

from reportlab import platypus
from reportlab.lib import textsplit
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import paragraph as rl_paragraph
from reportlab.platypus.paraparser import ParaFrag

from briefapp.render import shaping
from briefapp.render.fonts import fallback_fonts, script_fonts

# control characters reach the fonts only as line breaks and tabs, never as glyphs
_CONTROL = frozenset(map(chr, range(32)))
_coverage: dict[str, frozenset[str]] = {}
# What may not start a line in CJK text: ReportLab's list (read by its CJK line breaking as a
# module global), with the full-width punctuation of Chinese it lacks (，．：；！？｝〉》)
CANNOT_START_LINE = (
    textsplit.ALL_CANNOT_START + "\uff0c\uff0e\uff1a\uff1b\uff01\uff1f\uff5d\u3009\u300b"
)
_chain_fonts: list[tuple[str, frozenset[str]]] = []  # see _chain
# spaces and joiners inside a run of a shaped script stay in its font: its words are one run
# (shaped, reordered and copied together), and a joiner shapes the letters on either side
_KEEP_IN_RUN = frozenset(" \u00a0\u200c\u200d")


def coverage(font: str) -> frozenset[str]:
    """The characters registered font ``font`` has a glyph for (cached per font)."""
    chars = _coverage.get(font)
    if chars is None:
        face = getattr(pdfmetrics.getFont(font), "face", None)
        cmap = getattr(face, "charToGlyph", None)
        # a standard Type 1 font (never used by the brands): Latin-1 only
        codes = cmap.keys() if cmap is not None else range(256)
        chars = _coverage[font] = frozenset(map(chr, codes)) | _CONTROL
    return chars


def covered(text: str, font: str) -> bool:
    """True when ``font`` has every character of ``text`` (the fast path)."""
    return coverage(font).issuperset(text)


def _chain() -> list[tuple[str, frozenset[str]]]:
    """(font, characters it stands in for) of each fallback font, in order."""
    if not _chain_fonts:
        # a script font stands in for letters, marks and digits, and the punctuation of the
        # blocks from Hebrew to Thai (Arabic comma, danda): symbols go to the symbols font
        for name in script_fonts():
            _chain_fonts.append(
                (
                    name,
                    frozenset(
                        ch
                        for ch in coverage(name)
                        if ch > "\xff" and (category(ch)[0] in "LMN" or "\u0590" <= ch <= "\u0eff")
                    ),
                )
            )
        cjk, symbols = fallback_fonts()
        _chain_fonts.append((cjk, coverage(cjk)))
        _chain_fonts.append(
            (symbols, frozenset(ch for ch in coverage(symbols) if category(ch)[0] in "SP"))
        )
    return _chain_fonts


def cjk_font() -> str:
    """The fallback font for Chinese, Japanese and Korean."""
    return _chain()[-2][0]


def is_script_font(font: str) -> bool:
    """True if ``font`` is one of the fonts of scripts that are shaped (regular or bold)."""
    return isinstance(pdfmetrics.getFont(font), shaping.ShapingTTFont)


def _fake_bold(piece: str, brand_font: str) -> bool:
    """True if a run in fallback font ``piece`` stands in a bold ``brand_font`` and has no
    bold face of its own (the CJK and symbols fonts): it is drawn with simulated bold."""
    return piece != brand_font and not is_script_font(piece) and shaping.is_bold(brand_font)


def runs(text: str, font: str) -> list[tuple[str, str]]:
    """``text`` as ``(font name, run)`` pieces, in order; ``[(font, text)]`` if fully covered."""
    own = coverage(font)
    if own.issuperset(text):
        return [(font, text)]
    chain = _chain()
    pieces: list[tuple[str, str]] = []
    current, start = font, 0
    use: str | None
    scripts = script_fonts()
    for i, ch in enumerate(text):
        if current in scripts and ch in _KEEP_IN_RUN and ch in coverage(current):
            use = current
        elif ch in own:
            use = font
        else:
            use = next((name for name, chars in chain if ch in chars), None)
            if use is None:  # none has it: keep the font of the character before
                continue
        if use != current:
            if i > start:
                pieces.append((current, text[start:i]))
            current, start = use, i
    pieces.append((current, text[start:]))
    if shaping.is_bold(font):  # the bold face of a script font in bold text
        pieces = [(scripts.get(name, name), run) for name, run in pieces]
    return pieces


def string_width(text: str, font: str, size: float) -> float:
    """Width of ``text`` as :func:`draw_string` sets it."""
    return sum(stringWidth(run, name, size) for name, run in runs(text, font))


def draw_string(
    canv: Canvas, x: float, y: float, text: str, font: str, size: float, *, right: bool = False
) -> None:
    """``canv.drawString`` (or ``drawRightString`` to end at ``x``) with fallback runs.

    The canvas's current font must already be ``font`` at ``size``: fully covered text is
    drawn exactly as ``canv.drawString`` would."""
    if covered(text, font):
        (canv.drawRightString if right else canv.drawString)(x, y, text)
        return
    if right:
        x -= string_width(text, font, size)
    draw_runs(canv, canv.beginText(x, y), text, font, size)


def draw_runs(canv: Canvas, text_object: PDFTextObject, text: str, font: str, size: float) -> None:
    """Set ``text`` on a text object of ``canv``, switching fonts between runs; draw it.

    Runs of shaped scripts are shaped and, with right-to-left text, put in visual order."""
    pieces = runs(text, font)
    if any(is_script_font(name) for name, _ in pieces):
        pieces = shaping.visual_pieces(
            pieces, shaping.base_is_rtl(text), lambda name, word: _shape(name, word, size)
        )
    for name, run in pieces:
        text_object.setFont(name, size)
        if _fake_bold(name, font):
            run = shaping.marked(run, *shaping.fake_bold(canv._fillColorObj, size))
        text_object.textOut(run)
    canv.drawText(text_object)


def _shape(font: str, word: str, size: float) -> str | None:
    """``word`` shaped in ``font`` if that is a script font, else None (drawn as it is)."""
    face = pdfmetrics.getFont(font)
    if isinstance(face, shaping.ShapingTTFont):
        return face.shaped(word, size)
    return None


def fallback_frags(frags: list[ParaFrag]) -> list[ParaFrag]:
    """ReportLab's parsed paragraph fragments, those with missing characters cut into runs.

    Each fragment carries the concrete font its markup resolved to (``<b>``, ``<i>`` and
    ``<font face>`` applied); pieces are copies of it differing only in font and text."""
    for frag in frags:
        text = getattr(frag, "text", "")
        if text and not coverage(frag.fontName).issuperset(text):
            break
    else:
        return frags  # fast path: everything covered
    out: list[ParaFrag] = []
    for frag in frags:
        text = getattr(frag, "text", "")
        pieces = runs(text, frag.fontName) if text else [(frag.fontName, text)]
        if pieces == [(frag.fontName, text)]:
            out.append(frag)
            continue
        for name, run in pieces:
            piece = copy.copy(frag)
            piece.fontName, piece.text = name, run
            if _fake_bold(name, frag.fontName):
                piece.fake_bold = True
            out.append(piece)
    return out


def _visual_line(line: Any, rtl: bool) -> Any:
    """A copy of one broken line of fragments (ReportLab's kind 1) ready to draw: shaped
    runs shaped and marked with their text, in visual order; simulated bold marked."""
    words = [frag for frag in line.words if hasattr(frag, "text")]
    if len(words) != len(line.words):  # images or other inline objects: left as they are
        return line
    pieces = shaping.visual_pieces(
        [(frag, frag.text) for frag in words],
        rtl,
        lambda frag, word: _shape(frag.fontName, word, frag.fontSize),
    )
    visual = []
    for frag, text in pieces:
        piece = frag.clone()
        if getattr(frag, "fake_bold", False):
            text = shaping.marked(text, *shaping.fake_bold(frag.textColor, frag.fontSize))
        piece.text = text
        visual.append(piece)
    out = copy.copy(line)
    out.words = visual
    return out


def _wide(frags: list[ParaFrag]) -> bool:
    """True if a fragment in the fallback font holds Chinese, Japanese or Korean characters
    (East Asian wide or full-width), which are written without spaces between words."""
    name = cjk_font()
    return any(
        frag.fontName == name and any(east_asian_width(ch) in "WF" for ch in frag.text)
        for frag in frags
        if getattr(frag, "text", "")
    )


class Paragraph(platypus.Paragraph):
    """ReportLab's Paragraph whose characters missing from its fonts use the fallback font.

    Every Paragraph of the PDF is one of these (``reportlab.platypus.Paragraph`` is not
    imported elsewhere in ``briefapp.render``). A paragraph with Chinese, Japanese or Korean
    text may break its lines between any two of those characters (ReportLab's CJK line
    breaking, which keeps Latin words whole where it can); the others break at spaces only.
    """

    cjk = False
    shaped = False  # has runs of shaped scripts or simulated bold: see drawPara
    rtl = False  # the paragraph's direction (its first letter with one) is right to left
    frags: list[ParaFrag]  # set by ReportLab's Paragraph from the markup
    blPara: Any  # set by ReportLab's Paragraph.wrap: the broken lines

    def __init__(
        self,
        text: str,
        style: ParagraphStyle | None = None,
        bulletText: str | None = None,
        frags: list[ParaFrag] | None = None,
        *args: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(text, style, bulletText, frags, *args, **kwargs)
        if frags is None:  # parts made by split() come with fragments already cut
            cut = fallback_frags(self.frags)
            if cut is not self.frags:
                self.frags, self.cjk = cut, _wide(cut)
                self._mark_shaped()

    def _mark_shaped(self) -> None:
        frags = [frag for frag in self.frags if getattr(frag, "text", "")]
        self.shaped = any(
            is_script_font(frag.fontName) or getattr(frag, "fake_bold", False) for frag in frags
        )
        if self.shaped:
            self.rtl = shaping.base_is_rtl("".join(frag.text for frag in frags))
            if len(self.frags) == 1:  # ReportLab's one-fragment lines are plain strings
                self.frags[0].backColor = None

    def drawPara(self, debug: int = 0) -> Any:  # noqa: N802
        # lines are broken on the logical text (so split() and wrap() see only that); they
        # are shaped and put in visual order only while they are drawn
        if not self.shaped or self.blPara.kind != 1:
            return super().drawPara(debug)
        logical = self.blPara
        visual = copy.copy(logical)
        visual.lines = [_visual_line(line, self.rtl) for line in logical.lines]
        self.blPara = visual
        try:
            return super().drawPara(debug)
        finally:
            self.blPara = logical

    def breakLines(self, width: float | list[float]) -> Any:
        # the line breaking is chosen here, not by the style's wordWrap: the quote, note and
        # list code swaps the style of a paragraph after it is made
        if not self.cjk:
            return super().breakLines(width)
        saved = rl_paragraph.ALL_CANNOT_START, textsplit.ALL_CANNOT_START
        rl_paragraph.ALL_CANNOT_START = textsplit.ALL_CANNOT_START = CANNOT_START_LINE
        try:
            return self.breakLinesCJK(width)
        finally:
            rl_paragraph.ALL_CANNOT_START, textsplit.ALL_CANNOT_START = saved

    def split(self, availWidth: float, availHeight: float) -> list[Paragraph]:
        parts: list[Paragraph] = super().split(availWidth, availHeight)
        for part in parts:
            part.cjk, part.shaped, part.rtl = self.cjk, self.shaped, self.rtl
        if len(parts) == 2:  # spacing set on this paragraph (see markdown_flow) stays at its ends
            if "spaceBefore" in self.__dict__:
                parts[0].spaceBefore = self.spaceBefore
            if "spaceAfter" in self.__dict__:
                parts[1].spaceAfter = self.spaceAfter
        return parts


class CodeBlock(platypus.Preformatted):
    """Preformatted code whose lines fall back like the rest of the text."""

    def draw(self) -> None:
        style = self.style
        if all(covered(line, style.fontName) for line in self.lines):
            return super().draw()
        canv = self.canv
        canv.addLiteral("%PreformattedPara")
        if style.textColor:
            canv.setFillColor(style.textColor)
        y = self.height - style.fontSize
        for line in self.lines:
            if line:
                draw_runs(
                    canv, canv.beginText(style.leftIndent, y), line, style.fontName, style.fontSize
                )
            y -= style.leading
        return None

    def split(self, availWidth: float, availHeight: float) -> list[CodeBlock]:
        parts: list[CodeBlock] = super().split(availWidth, availHeight)
        for part in parts:  # Preformatted.split makes plain Preformatted parts
            part.__class__ = CodeBlock
        return parts


def wrap_to_width(text: str, font: str, size: float, width: float) -> str:
    """``text`` with each line cut where it would run past ``width`` (after a space in its
    second half if it has one): for code whose fallback characters are wider than a cell."""
    lines: list[str] = []
    for line in text.split("\n"):
        widths = [stringWidth(ch, name, size) for name, run in runs(line, font) for ch in run]
        start, used = 0, 0.0
        for i, w in enumerate(widths):
            if used + w > width and i > start:
                space = line.rfind(" ", start, i)
                end = space + 1 if space > start + (i - start) // 2 else i
                lines.append(line[start:end].rstrip(" "))
                start, used = end, sum(widths[end:i])
            used += w
        lines.append(line[start:])
    return "\n".join(lines)
