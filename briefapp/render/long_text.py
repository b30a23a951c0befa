"""Very long Markdown paragraphs cut into pieces of bounded length before they are parsed.

Both Python-Markdown (whose inline patterns rebuild a paragraph's text at every match) and
ReportLab (whose Paragraph breaks all its remaining lines again on every page it spills onto)
take time growing with the square of a paragraph's length: a megabyte of unbroken text held
an export for minutes. Cutting each paragraph longer than :data:`PIECE` characters into
pieces of at most that length makes both linear. Pieces are cut at a sentence end where the
inline markup (emphasis, code spans, links) is closed, else at a space, else anywhere (a
10,000-character token); a cut inside open emphasis or code closes it and opens it again in
the next piece, so the markup stays balanced. Each further piece starts with
:data:`CONTINUED`, which tells the renderer to set it flush under the piece before (no
paragraph spacing), so the reader sees one paragraph.
"""

from __future__ import annotations

import re

# A Unicode noncharacter, reserved for a program's internal use: never text a reader should see
# (any in the input are removed before the pieces are cut).
CONTINUED = "\ufdd0"
PIECE = 3000  # longest piece, in characters
_SHORTEST = PIECE // 3  # a cut is looked for in the last two thirds of a piece

_FENCE = re.compile(r"^ *(```|~~~)")
_LIST_ITEM = re.compile(r"^( *)(?:[-*+]|\d{1,9}[.)])( +)")
_QUOTE = re.compile(r"^ {0,3}(?:> ?)+")
_LEAF = re.compile(r"^ {0,3}(?:#|\||-{3,}\s*$|={3,}\s*$)")  # headings, table rows, rules
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+")
_TOKEN = re.compile(r"\\.|`+|\*\*|__|~~|\*|_|\]\(|\[|\]|\)|&|;|\s", re.DOTALL)


def split_long_paragraphs(text: str) -> str:
    """``text`` with every line longer than :data:`PIECE` cut into paragraph pieces.

    Lines of paragraphs, list items and quotes are cut; code, headings and table rows are
    left whole. A paragraph of many short lines is cut between lines once it grows long.
    """
    text = text.replace(CONTINUED, "")
    if len(text) <= PIECE:
        return text
    out: list[str] = []
    in_fence = False
    block = 0  # characters of the paragraph so far
    for line in text.split("\n"):
        if _FENCE.match(line):
            in_fence = not in_fence
            out.append(line)
            continue
        if in_fence or not line.strip() or _LEAF.match(line):
            block = 0
            out.append(line)
            continue
        prefix, body = _continuation(line)
        if prefix is None:  # indented code
            out.append(line)
            continue
        if block > PIECE and prefix == "" and _balanced_end(out[-1]):
            out.append("")  # a long paragraph of short lines: a new piece starts here
            line, block = CONTINUED + line, 0
        block += len(line)
        if len(line) <= PIECE:
            out.append(line)
            continue
        head = line[: len(line) - len(body)]
        pieces = cut(body)
        out.append(head + pieces[0])
        for piece in pieces[1:]:
            out.extend([prefix.rstrip(), prefix + CONTINUED + piece])
        block = len(pieces[-1])
    return "\n".join(out)


def _continuation(line: str) -> tuple[str | None, str]:
    """(what starts a further paragraph of the same item or quote, the text after the line's
    marker); None for an indented code line."""
    quote = _QUOTE.match(line)
    if quote:
        return quote.group().rstrip() + " ", line[quote.end() :]
    item = _LIST_ITEM.match(line)
    if item:
        # Python-Markdown reads four spaces a level (see normalise_list_indents)
        return " " * (len(item.group(1)) + 4), line[item.end() :]
    indent = len(line) - len(line.lstrip(" "))
    if indent >= 4:
        # a continuation line of a list item is indented too; a piece keeps its indent
        return (" " * indent if indent % 4 == 0 else None), line[indent:]
    return "", line[indent:]


def _balanced_end(line: str) -> bool:
    return _scan(line)[1] == ([], 0, False, "")


def cut(text: str, size: int = PIECE, *, markup: bool = True) -> list[str]:
    """``text`` in pieces of at most about ``size`` characters, Markdown inline markup balanced
    in each (``markup=False``: plain text, cut at sentence ends or spaces only)."""
    pieces: list[str] = []
    reopen = ""
    while len(reopen) + len(text) > size:
        window = reopen + text[: size - len(reopen)]
        if markup:
            balanced = _scan(window)[0]
        else:
            balanced = [m.end() for m in re.finditer(r"\s+", window)]
        at, closing = _cut_point(window, balanced, len(reopen), markup)
        pieces.append(window[:at].rstrip() + closing)
        consumed = at - len(reopen)
        text = text[consumed:].lstrip()
        reopen = _reopening(window[:at]) if closing else ""
    pieces.append(reopen + text)
    return [p for p in pieces if p.strip()]


def _cut_point(window: str, balanced: list[int], start: int, markup: bool) -> tuple[int, str]:
    """Where to cut ``window`` and the markup that closes what is open there."""
    lowest = start + max(1, _SHORTEST - start)
    ok = {i for i in balanced if i >= lowest}
    best = 0
    for m in _SENTENCE_END.finditer(window, lowest):
        if m.end() in ok:
            best = m.end()
    if best:
        return best, ""
    spaces = [m.end() for m in re.finditer(r"\s+", window[lowest:])]
    for end in reversed(spaces):
        if end + lowest in ok:
            return end + lowest, ""
    # nothing closed anywhere: cut at the last space (or anywhere), closing what is open
    at = lowest + spaces[-1] if spaces else len(window)
    if not spaces:
        amp = window.rfind("&", at - 12, at)  # never cut an entity such as &amp; in two
        if amp > lowest and ";" not in window[amp:at]:
            at = amp
    return at, _closing(window[:at]) if markup else ""


def _scan(text: str) -> tuple[list[int], tuple[list[str], int, bool, str]]:
    """Offsets of ``text`` after which no inline markup is open, and the state at its end:
    (open emphasis delimiters, link bracket depth, inside a link target, open code fence)."""
    emphasis: list[str] = []
    brackets, target, code = 0, False, ""
    balanced: list[int] = []
    for m in _TOKEN.finditer(text):
        tok = m.group()
        if code:
            if tok == code:
                code = ""
        elif tok.startswith("`"):
            code = tok
        elif tok.startswith("\\") or tok in "&;":
            pass
        elif target:
            target = tok != ")"
        elif tok == "[":
            brackets += 1
        elif tok == "]":
            brackets = max(0, brackets - 1)
        elif tok == "](":
            brackets, target = max(0, brackets - 1), True
        elif tok in ("**", "__", "~~", "*", "_"):
            if tok == "_" and _intraword(text, m.start()):
                continue
            if emphasis and emphasis[-1] == tok:
                emphasis.pop()
            elif _opens(text, m.end()):
                emphasis.append(tok)
        elif tok.isspace() and not (emphasis or brackets or code):
            balanced.append(m.end())
    return balanced, (emphasis, brackets, target, code)


def _intraword(text: str, at: int) -> bool:
    return 0 < at < len(text) - 1 and text[at - 1].isalnum() and text[at + 1].isalnum()


def _opens(text: str, after: int) -> bool:
    """A delimiter opens emphasis only when text (not a space) follows it."""
    return after < len(text) and not text[after].isspace()


def _closing(text: str) -> str:
    emphasis, _, _, code = _scan(text)[1]
    return code + "".join(reversed(emphasis))


def _reopening(text: str) -> str:
    emphasis, _, _, code = _scan(text)[1]
    return "".join(emphasis) + code
