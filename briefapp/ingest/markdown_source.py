"""Extract blocks and metadata from Markdown reports with optional YAML front matter."""

from __future__ import annotations

import re

from briefapp.ingest.blocks import HEADING, PARAGRAPH, Block, Extracted, split_keywords

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_ATX = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_WEB_ADDRESS = re.compile(r"(?i)https?://\S+$")


def _front_matter(text: str) -> tuple[dict, str]:
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, text
    import yaml

    try:
        meta = yaml.safe_load(m.group(1)) or {}
    except yaml.YAMLError as exc:
        raise ValueError(f"front matter is not valid YAML ({str(exc).splitlines()[0]})") from None
    if not isinstance(meta, dict):
        raise ValueError("front matter must be a list of 'key: value' lines")
    return {str(k).lower(): v for k, v in meta.items()}, text[m.end() :]


def _as_list(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if str(v).strip()]
    return split_keywords(str(value))


# MarkDownload (and clippers on its model) open a capture with the page's description as a
# quoted "Excerpt" and a rule: the page's summary for search engines, not the article.
_CLIPPER_EXCERPT = re.compile(
    r"\A\s*>\s*#{1,6}\s*excerpt\s*\n(?:>.*\n)*\s*(?:(?:---|\*\*\*)\s*\n)?", re.I
)
# Tags web clippers give every capture: they say how it was saved, not what it is about.
_CLIPPER_TAGS = frozenset({"clippings", "clipping", "clipped", "web clip", "webclip", "inbox"})
_WIKI_LINK = re.compile(r"^\[\[(?:[^|\]]*\|)?([^\]]+)\]\]$")


def _drop_excerpt(body: str) -> str:
    """The body without a clipper's opening excerpt, wherever the title heading put it."""
    head, sep, rest = body.partition("\n")
    if _ATX.match(head) and _CLIPPER_EXCERPT.match(rest.lstrip("\n")):
        return head + sep + _CLIPPER_EXCERPT.sub("", rest.lstrip("\n"), count=1)
    return _CLIPPER_EXCERPT.sub("", body, count=1)


def _author(value: object) -> str | None:
    """Authors as clippers write them: a name, a list, Obsidian links ("[[A. Writer]]")."""
    names = [_WIKI_LINK.sub(r"\1", name) for name in _as_list(value)]
    return ", ".join(names) or None


def _blocks(body: str) -> list[Block]:
    """Headings become blocks; everything between them stays Markdown as written."""
    blocks: list[Block] = []
    chunk: list[str] = []
    in_fence = False

    def flush() -> None:
        text = "\n".join(chunk).strip("\n")
        if text.strip():
            blocks.append(Block(PARAGRAPH, text))
        chunk.clear()

    lines = body.split("\n")
    for line in lines:
        if _FENCE.match(line):
            in_fence = not in_fence
            chunk.append(line)
            continue
        m = None if in_fence else _ATX.match(line)
        if m:
            flush()
            blocks.append(Block(HEADING, m.group(2).strip(), level=len(m.group(1))))
        else:
            chunk.append(line)
    flush()
    return blocks


def _demote_section_h1s(blocks: list[Block], title: str | None) -> None:
    """Some writers head every section with ``#``: apart from the title, such level-1
    headings are sections, so every heading moves one level down."""
    h1s = [b for b in blocks if b.kind == HEADING and b.level == 1 and b.text.strip() != title]
    if not h1s:
        return
    for block in blocks:
        if block.kind == HEADING and not (block.level == 1 and block.text.strip() == title):
            block.level = min(block.level + 1, 6)


def extract(text: str, name: str) -> Extracted:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    meta, body = _front_matter(text.lstrip("\ufeff"))
    blocks = _blocks(_drop_excerpt(body.lstrip("\n")))
    title = meta.get("title")
    if title is None:
        first = next((b for b in blocks if b.kind == HEADING and b.level == 1), None)
        if first is not None:
            title = first.text
    _demote_section_h1s(blocks, str(title).strip() if title else None)
    date = meta.get("date") or meta.get("published")
    # A clipper's "created" is when the page was saved: the date only when none is stated.
    saved = meta.get("created") or meta.get("clipped") or meta.get("saved")
    # "source" is either where the capture came from (an address) or who published it.
    source = str(meta.get("source") or "").strip()
    url = str(meta.get("url") or "").strip() or (source if _WEB_ADDRESS.match(source) else "")
    if _WEB_ADDRESS.match(source):
        source = ""
    return Extracted(
        blocks=blocks,
        title=str(title).strip() if title else None,
        published=str(date) if date else None,
        published_fallback=str(saved) if saved else None,
        publisher=str(meta.get("publisher") or source or "") or None,
        author=_author(meta.get("author")),
        countries=_as_list(meta.get("countries") or meta.get("country") or meta.get("location")),
        topics=[
            t
            for t in _as_list(meta.get("topics") or meta.get("topic") or meta.get("tags"))
            if t.casefold() not in _CLIPPER_TAGS
        ],
        url=url if _WEB_ADDRESS.match(url) else None,
        format="markdown",
        boilerplate_free=False,
    )
