"""Safe text for ReportLab Paragraph markup: escaping, inline elements, allowed links.

ReportLab's Paragraph parses a small HTML-like markup and has sharp edges: a bare ``<``
aborts the build, unknown tags vanish, ``<img src>`` opens local files and ``javascript:``
links pass through. Every text node is escaped here, and only the tags this module writes
reach Paragraph.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from xml.etree.ElementTree import Element
from xml.sax.saxutils import escape, quoteattr

from briefapp.links import safe_href


def nfc(text: str) -> str:
    """NFC-normalise so composed letters use the font's precomposed glyphs."""
    return unicodedata.normalize("NFC", text or "")


def esc(text: str) -> str:
    """Escape text for Paragraph markup (``&``, ``<``, ``>``), NFC-normalised."""
    return escape(nfc(text))


class InlineRenderer:
    """Turns the inline content of an element into Paragraph markup."""

    def __init__(self, mono_font: str, link_colour: str):
        self.mono_font = mono_font
        self.link_colour = link_colour
        self.handlers = {
            "strong": self._wrap("b"),
            "b": self._wrap("b"),
            "em": self._wrap("i"),
            "i": self._wrap("i"),
            "del": self._wrap("strike"),
            "s": self._wrap("strike"),
            "code": self._code,
            "a": self._link,
            "br": lambda el: "<br/>",
            "img": self._image,
        }

    def markup(self, element: Element) -> str:
        """Markup for ``element``'s text and inline children."""
        parts = [esc(element.text or "")]
        for child in element:
            parts.append(self.node(child))
            parts.append(esc(child.tail or ""))
        return "".join(parts)

    def node(self, element: Element) -> str:
        handler = self.handlers.get(element.tag)
        if handler is None:  # unknown inline element: keep its text only
            return self.markup(element)
        return handler(element)

    def _wrap(self, tag: str) -> Callable[[Element], str]:
        return lambda el: f"<{tag}>{self.markup(el)}</{tag}>"

    def _code(self, el: Element) -> str:
        return f"<font face={quoteattr(self.mono_font)}>{self.markup(el)}</font>"

    def _link(self, el: Element) -> str:
        inner = self.markup(el)
        href = safe_href(el.get("href"))
        if href is None:
            return inner
        return f"<a href={quoteattr(href)} color={quoteattr(self.link_colour)}><u>{inner}</u></a>"

    def _image(self, el: Element) -> str:
        # images from the text are never loaded: show their description instead
        alt = el.get("alt") or "image"
        return f"<i>[{esc(alt)}]</i>"
