"""Markdown text made safe to hand to Python-Markdown, shared by the reader (Qt) and the PDF
export (ReportLab) without either loading the other's toolkit."""

from __future__ import annotations

import re

MANY_BRACKETS = 256
_WHOLE_LINK = re.compile(r'(?<!\\)\[[^\[\]\n]{0,500}\]\([^()\s]{0,2000}(?:\s+"[^"\n]{0,500}")?\)')
_BRACKET = re.compile(r"(?<!\\)\[")


def defuse_brackets(text: str) -> str:
    """Escape every ``[`` that does not open a plain ``[text](url)`` link, in a text holding
    very many of them.

    Python-Markdown looks for the end of a link from every ``[``, which takes time growing with
    the square of their number: a few thousand unclosed brackets hold an export for minutes.
    Texts with fewer brackets than :data:`MANY_BRACKETS` are left untouched; in the others,
    reference links and footnotes show as typed.
    """
    if text.count("[") < MANY_BRACKETS:
        return text
    links = {m.start() for m in _WHOLE_LINK.finditer(text)}
    return _BRACKET.sub(lambda m: m.group() if m.start() in links else "\\[", text)
