"""Scripts that need shaping (Arabic, Hebrew, Devanagari, Thai) and simulated bold, in PDFs.

Their letters change form with their neighbours (Arabic joining, Devanagari conjuncts, Thai
vowel marks), so a run of them is shaped by HarfBuzz (``uharfbuzz``, through ReportLab's
``shapeStr``) into glyphs; Arabic and Hebrew also read right to left. Everything here works
on lines already broken, at drawing time, so the logical text ReportLab splits and wraps is
never touched:

* :class:`ShapingTTFont` measures a string as shaped, so lines are broken at the width the
  shaped glyphs take;
* :func:`visual_pieces` puts one line's ``(font, text)`` pieces in visual order (a word-level
  form of the Unicode bidi algorithm: rules W, N1/N2, I and L2) and shapes the words in the
  script fonts;
* each shaped run carries the characters its glyphs show, written around it as
  ``/ActualText`` marked content, so copying from the PDF gives the characters typed, not
  glyph forms or private codes (Devanagari conjuncts have no character of their own). As
  with any PDF, right-to-left text is stored in visual order, character by character, and
  readers (PDFium, poppler, Acrobat) put it back in logical order;
* text in the fallback fonts that have no bold face (Droid Sans Fallback, DejaVu Sans Mono)
  is made bold by also stroking its outline (text render mode 2), as ReportLab's own
  simulated bold does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any
from unicodedata import bidirectional

from reportlab.lib.abag import ABag
from reportlab.lib.colors import CMYKColor, Color, toColor
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import FF_FORCEBOLD, ShapedStr, TTFont, shapeFragWord
from reportlab.pdfgen.textobject import PDFTextObject

# stroke width of simulated bold, as a fraction of the font size
FAKE_BOLD_STROKE = 0.035

_RTL = frozenset(("R", "AL"))
_NUMBER = frozenset(("EN", "AN"))


class ShapingTTFont(TTFont):
    """A TrueType font whose text is shaped: widths are those of the shaped glyphs."""

    def stringWidth(self, text: str, size: float, encoding: str = "utf8") -> float:  # noqa: N802
        if isinstance(text, ShapedStr):
            data = text.__shapeData__
            return float(sum(d.x_advance for d in data)) * size / 1000
        return _shaped_width(self.fontName, text) * size / 1000

    def shaped(self, text: str, size: float) -> ShapedStr:
        """``text`` (one word or run, no line break) as glyphs in visual order."""
        return _shape(self, text, size)


def _shape(font: TTFont, text: str, size: float) -> ShapedStr:
    """ReportLab's ``shapeStr``, measuring the unshaped text with TTFont's own widths (its
    ``stringWidth`` would call back here)."""
    word = [
        TTFont.stringWidth(font, text, size),
        (ABag(fontName=font.fontName, fontSize=size), text),
    ]
    shaped: ShapedStr = shapeFragWord(word, force=True)[1][1]
    return shaped


@lru_cache(maxsize=4096)
def _shaped_width(font: str, text: str) -> float:
    """Width of ``text`` shaped in ``font``, in thousandths of the font size."""
    if not text.strip():
        return float(TTFont.stringWidth(pdfmetrics.getFont(font), text, 1000))
    shaped = _shape(pdfmetrics.getFont(font), text, 1000)
    return float(sum(d.x_advance for d in shaped.__shapeData__))


@lru_cache(maxsize=256)
def is_bold(font: str) -> bool:
    """True if registered TrueType font ``font`` is a bold face (weight 600 or more)."""
    face = getattr(pdfmetrics.getFont(font), "face", None)
    return bool(getattr(face, "flags", 0) & FF_FORCEBOLD)


def _direction(token: str) -> str:
    """The bidi type of a word: "R", "L", "EN" (number), or "N" (spaces, punctuation)."""
    for ch in token:
        kind = bidirectional(ch)
        if kind in _RTL:
            return "R"
        if kind == "L":
            return "L"
        if kind in _NUMBER:
            return "EN"
    return "N"


def base_is_rtl(text: str) -> bool:
    """True when the first letter with a direction in ``text`` reads right to left (P2, P3)."""
    for ch in text:
        kind = bidirectional(ch)
        if kind in _RTL:
            return True
        if kind == "L":
            return False
    return False


def _tokens(pieces: Sequence[tuple[Any, str]]) -> list[tuple[int, str]]:
    """(piece index, word or run of spaces) of each piece's text, in logical order."""
    out: list[tuple[int, str]] = []
    for i, (_, text) in enumerate(pieces):
        word = ""
        for ch in text:
            if (ch == " ") != (word[:1] == " ") and word:
                out.append((i, word))
                word = ""
            word += ch
        if word:
            out.append((i, word))
    return out


def _levels(kinds: list[str], rtl: bool) -> list[int]:
    """Embedding level of each token of a line (numbers count as right to left for their
    neutral neighbours, rule N1; a neutral between two sides that differ takes the base)."""
    base = "R" if rtl else "L"
    last = base
    for i, kind in enumerate(kinds):  # rule W7: a number after left-to-right text is such text
        if kind == "EN" and last == "L":
            kinds[i] = "L"
        elif kind in ("R", "L"):
            last = kind
    strong = ["R" if k in ("R", "EN") else k for k in kinds]
    resolved = list(strong)
    i = 0
    while i < len(strong):
        if strong[i] != "N":
            i += 1
            continue
        j = i
        while j < len(strong) and strong[j] == "N":
            j += 1
        before = strong[i - 1] if i else base
        after = strong[j] if j < len(strong) else base
        side = before if before == after else base
        resolved[i:j] = [side] * (j - i)
        i = j
    levels = []
    for kind, side in zip(kinds, resolved, strict=True):
        if rtl:  # rule I2: left to right text and numbers one level up
            levels.append(1 if side == "R" and kind != "EN" else 2)
        else:  # rule I1
            levels.append(2 if kind == "EN" else 1 if side == "R" else 0)
    return levels


def _reorder(levels: list[int]) -> list[int]:
    """Token indices in visual order: rule L2, each run at or above a level reversed."""
    order = list(range(len(levels)))
    top = max(levels, default=0)
    lowest_odd = 1
    for level in range(top, lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if levels[order[i]] >= level:
                j = i
                while j < len(order) and levels[order[j]] >= level:
                    j += 1
                order[i:j] = order[i:j][::-1]
                i = j
            else:
                i += 1
    return order


def visual_pieces(
    pieces: Sequence[tuple[Any, str]],
    rtl: bool,
    shape: Callable[[Any, str], str | None],
) -> list[tuple[Any, str]]:
    """One line's ``(key, text)`` pieces, logical order, as pieces in visual order.

    ``shape(key, word)`` gives the glyphs (a ``ShapedStr``) of a word in a script font, or None
    for text drawn as it is. Consecutive words of one piece stay one piece; a shaped run
    carries its characters (see :func:`marked`) for copy and paste."""
    tokens = _tokens(pieces)
    kinds = [_direction(word) for _, word in tokens]
    if not tokens:
        return list(pieces)
    levels = _levels(kinds, rtl)
    order = _reorder(levels) if rtl or "R" in kinds else list(range(len(tokens)))
    out: list[tuple[Any, str]] = []
    run_key: Any = None
    run_tokens: list[int] = []

    def flush() -> None:
        if not run_tokens:
            return
        key = pieces[tokens[run_tokens[0]][0]][0]
        drawn = [None if tokens[t][1][:1] == " " else shape(key, tokens[t][1]) for t in run_tokens]
        shaped = [i for i, glyphs in enumerate(drawn) if glyphs is not None]
        # spaces at either end stay outside the marked run: readers would move them with it
        ends = (shaped[0], shaped[-1] + 1) if shaped else (len(drawn), len(drawn))
        for start, end in ((0, ends[0]), ends, (ends[1], len(drawn))):
            if start == end:
                continue
            text: str = ""
            for t, glyphs in zip(run_tokens[start:end], drawn[start:end], strict=True):
                text = (text + glyphs if text else glyphs) if glyphs else text + tokens[t][1]
            if (start, end) == ends:  # ActualText: the characters each glyph shows, in order
                shown = "".join(
                    tokens[t][1][:: -1 if levels[t] % 2 else 1] for t in run_tokens[start:end]
                )
                text = marked(text, *actual_text(shown))
            out.append((key, text))
        run_tokens.clear()

    for t in order:
        if tokens[t][0] != run_key:
            flush()
            run_key = tokens[t][0]
        run_tokens.append(t)
    flush()
    return out


def actual_text(text: str) -> tuple[str, str]:
    """PDF marked-content operators around a run whose copied text is ``text``."""
    hexed = ("\ufeff" + text).encode("utf-16-be").hex().upper()
    return f"/Span <</ActualText <{hexed}>>> BDC", "EMC"


def fake_bold(color: Any, size: float) -> tuple[str, str]:
    """Operators around text stroked as well as filled in ``color`` (simulated bold)."""
    color = toColor(color) if color is not None else Color(0, 0, 0)
    if isinstance(color, CMYKColor):
        stroke = f"{fp_str(*color.cmyk())} K"
    else:
        stroke = f"{fp_str(*color.rgb())} RG"
    return f"2 Tr {fp_str(size * FAKE_BOLD_STROKE)} w {stroke}", "0 Tr"


class _MarkedStr(str):
    """Plain text with PDF operators to write before and after it."""

    pdf_before: str
    pdf_after: str


def marked(text: str, before: str, after: str) -> str:
    """``text`` drawn between ``before`` and ``after`` (nested inside any marks it has)."""
    old = getattr(text, "pdf_before", None)
    if old is not None:
        before, after = f"{before} {old}", f"{text.pdf_after} {after}"  # type: ignore[attr-defined]
    if isinstance(text, ShapedStr):
        text = ShapedStr(str(text), shapeData=text.__shapeData__)
    else:
        text = _MarkedStr(text)
    text.pdf_before, text.pdf_after = before, after  # type: ignore[attr-defined]
    return text


_format_text = PDFTextObject._formatText


def _format_marked(self: PDFTextObject, text: str) -> str:
    """ReportLab's text operators for ``text``, between the marks :func:`marked` gave it.

    The line width and stroke colour a simulated bold sets are put back afterwards, so the
    canvas's idea of its graphics state stays true."""
    code: str = _format_text(self, text)
    before = getattr(text, "pdf_before", None)
    if before is None:
        return code
    after: str = text.pdf_after  # type: ignore[attr-defined]
    if " Tr " in before:
        canv = self._canvas
        after += f" {fp_str(canv._lineWidth)} w"
        stroke = canv._strokeColorObj
        if isinstance(stroke, CMYKColor):
            after += f" {fp_str(*stroke.cmyk())} K"
        elif isinstance(stroke, Color):
            after += f" {fp_str(*stroke.rgb())} RG"
        elif isinstance(stroke, tuple):
            after += f" {fp_str(*stroke)} RG"
    return f"{before} {code} {after}"


# Every piece of text a Paragraph or the canvas draws passes here: unmarked text (all text in
# a Latin-only briefing) costs one getattr and comes out unchanged.
PDFTextObject._formatText = _format_marked
