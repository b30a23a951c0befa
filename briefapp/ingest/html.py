"""Read the article of a saved web page (.html/.htm) as Markdown blocks plus metadata hints.

trafilatura finds the article and the page's metadata (title, date through htmldate, site name,
author, canonical URL). What is ours: a bound on the work one page may cost, the page's declared
charset, the article tree as our blocks (headings become sections), the boilerplate trafilatura
leaves at the tail (calls to action, comment headings, citation lines), and JSON-LD keywords as
topics. Nothing in the page is executed or fetched.
"""

from __future__ import annotations

import codecs
import json
import logging
import re
from collections.abc import Iterator
from typing import Any

from lxml import etree

from briefapp.errors import ImportFailed
from briefapp.ingest import boilerplate
from briefapp.ingest.blocks import HEADING, PARAGRAPH, Block, Extracted, split_keywords
from briefapp.ingest.decode import decode_text
from briefapp.ingest.html_blocks import blocks_from, clean_text
from briefapp.ingest.topics import is_page_section
from briefapp.labels import unique_labels

# Work bounds, checked on the bytes before anything is parsed. trafilatura costs up to ~60 µs
# per element (10 MB of "<b>a</b>" would take 40 s and 1.6 GB); the largest of 181 real news
# pages measured holds under 2,000 elements and 1.5 MB.
MAX_PAGE_BYTES = 20_000_000  # trafilatura's own MAX_FILE_SIZE: past it, it silently gives up
MAX_TAGS = 250_000  # "<" characters: at most ~125,000 elements, a few seconds of work
MAX_NESTING = 256  # libxml2's own limit (without XML_PARSE_HUGE)
MIN_ARTICLE_WORDS = 3  # less is a link or a label ("Home"), not an article

# trafilatura and htmldate log what they could not read at ERROR level; with no logging set up
# that reaches the terminal through Python's last-resort handler. Our errors say it instead.
for _name in ("trafilatura", "htmldate", "courlan", "justext"):
    logging.getLogger(_name).addHandler(logging.NullHandler())


def decode_html(data: bytes) -> str:
    """Decode page bytes as text, honouring the page's declared charset after BOM and UTF-8."""
    return decode_text(data, _declared_charset(data[:4096]))


def _declared_charset(head: bytes) -> str | None:
    match = re.search(
        rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", head, re.IGNORECASE
    )
    if not match:
        return None
    name = match.group(1).decode("ascii", errors="ignore").lower()
    # As browsers do (WHATWG encoding spec): these labels mean windows-1252.
    if name in {"iso-8859-1", "latin1", "latin-1", "us-ascii", "ascii", "iso8859-1"}:
        return "cp1252"
    return name


def _check_size(data: bytes, name: str) -> None:
    if not data or not data.strip():
        raise ImportFailed(name, "empty file")
    if b"\x00" in data[:2048] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ImportFailed(name, "not a web page (binary data)")
    if len(data) > MAX_PAGE_BYTES:
        raise ImportFailed(
            name,
            f"web page too large to read ({len(data) / 1e6:.0f} MB; "
            f"the limit is {MAX_PAGE_BYTES // 1_000_000} MB)",
        )
    tags = data.count(b"<")
    if tags > MAX_TAGS:
        raise ImportFailed(
            name, f"web page has too much markup to read ({tags:,} tags; the limit is {MAX_TAGS:,})"
        )


def _parse(text: str, name: str) -> etree._Element:
    from trafilatura.utils import load_html

    # load_html refuses markup that does not open like a page ("<p>..." alone): wrap it.
    tree = load_html(text)
    if tree is None:
        tree = load_html(f"<html><body>{text}</body></html>")
    if tree is None:
        raise ImportFailed(name, "not a readable web page")
    # libxml2 stops reading a page at 256 levels of nesting and drops all its text: say so.
    depth = deepest = 0
    for event, _ in etree.iterwalk(tree, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    if deepest >= MAX_NESTING:
        raise ImportFailed(
            name,
            f"web page nests its markup too deeply to read (the limit is {MAX_NESTING} levels)",
        )
    return tree


def extract(data: bytes, name: str) -> Extracted:
    """Return the article blocks and metadata hints of a saved web page."""
    _check_size(data, name)
    text = decode_html(data)
    tree = _parse(text, name)
    keywords, sections, json_ld_url = _json_ld_keywords(tree)
    _strip_inert(tree)
    base = tree.find(".//head/base")
    try:
        from trafilatura import bare_extraction
        from trafilatura.settings import Document, set_date_params

        # A time of day where the page states one (htmldate keeps only the day by default).
        dates = set_date_params() | {"outputformat": "%Y-%m-%dT%H:%M:%S%z"}
        options: dict[str, Any] = {
            "date_extraction_params": dates,
            "include_comments": False,
            "include_tables": True,
            "include_formatting": True,
            "include_links": True,
            "with_metadata": True,
        }
        doc = bare_extraction(tree, **options)
        if isinstance(doc, Document) and doc.body is not None and doc.body.find(".//head") is None:
            # Pages whose article sits in no container trafilatura knows are read paragraph
            # by paragraph, without their headings and lists ("Key Takeaways"). When the page
            # has section headings over kept paragraphs, read it again favouring recall, and
            # keep that reading if it has the headings back. (bare_extraction prunes the tree
            # it is given: the page is parsed afresh.)
            spare = _parse(text, name)
            _strip_inert(spare)
            headed = _section_headings(spare)
            if _lost_headings(doc.body, headed):
                again = bare_extraction(spare, favor_recall=True, **options)
                if isinstance(again, Document) and not _lost_headings(again.body, headed):
                    doc = again
    except (ValueError, TypeError, LookupError, AttributeError, etree.LxmlError) as exc:
        # A hostile page must fail alone, with the file named, never stop the batch.
        raise ImportFailed(name, f"could not read the web page ({type(exc).__name__})") from None
    if doc is None or isinstance(doc, dict):  # (a dict only with as_dict=True)
        raise ImportFailed(name, "no article text found in the web page")
    blocks = _article_blocks(blocks_from(doc.body), doc.title)
    words = sum(len(b.text.split()) for b in blocks if b.kind != HEADING)
    if words < MIN_ARTICLE_WORDS:
        raise ImportFailed(name, "no article text found in the web page")

    tags = _split(doc.tags) + keywords
    url = doc.url if doc.url and re.match(r"(?i)https?://", doc.url) else None
    if url and base is not None and base.get("href") == url and not _declares_url(tree):
        url = None  # <base> names where links resolve, not the article's address
    url = url or json_ld_url or _saved_from_url(data)
    title = clean_text(doc.title) if doc.title else None
    if not title or (doc.sitename and title.casefold() == clean_text(doc.sitename).casefold()):
        # trafilatura split "Site - Headline" and kept the site: read the page title again.
        title = _page_title(tree) or title
    # htmldate answers January 1 at midnight when it found only a year: a guess, not a date.
    year_only = bool(doc.date and re.match(r"\d{4}-01-01(?:T00:00:00)?$", doc.date))
    return Extracted(
        blocks=blocks,
        title=title,
        published=None if year_only else doc.date,
        published_fallback=doc.date if year_only else None,
        publisher=doc.sitename,
        author=doc.author,
        countries=list(tags),
        topics=unique_labels(
            tags + [c for c in _split(doc.categories) + sections if not is_page_section(c)]
        ),
        url=url,
        format="html",
        boilerplate_free=True,
    )


# Never shown by a browser as the page's text (fallback content, code, drawings). trafilatura's
# main pass drops them, its fallback passes do not always.
_INERT = (
    *("iframe", "frame", "frameset", "noscript", "object", "embed", "applet", "template"),
    *("svg", "math", "canvas", "style"),
)


def _strip_inert(tree: etree._Element) -> None:
    for script in tree.iterfind(".//script"):
        if "ld+json" not in script.get("type", "").lower():  # JSON-LD stays: metadata
            script.text = None
    etree.strip_elements(tree, *_INERT, etree.Comment, with_tail=False)


_SAVED_FROM = re.compile(rb"<!-- saved from url=\(\d{1,5}\)(https?://[^\s>]{4,2000}?) ?-->")


def _saved_from_url(data: bytes) -> str | None:
    """The address a browser's "Save Page As" wrote at the top of the file ("<!-- saved from
    url=(0062)https://... -->"): where the page came from, when the page names no other."""
    m = _SAVED_FROM.search(data[:4096])
    return m.group(1).decode("ascii", errors="ignore") or None if m else None


def _page_title(tree: etree._Element) -> str | None:
    for found in tree.xpath('.//head/meta[@property="og:title"]/@content|.//head/title//text()'):
        text = clean_text(str(found))
        if text:
            return text
    return None


_LOST_HEADINGS = 2  # fewer lost section headings than this are no structure worth a re-read
_MAX_HEADINGS = 40
_PAGE_FRAME = {"nav", "header", "footer", "aside", "form"}
_KEY_CHARS = 60


def _text_key(el: etree._Element) -> str:
    return clean_text("".join(el.itertext()))[:_KEY_CHARS]


def _section_headings(tree: etree._Element) -> list[tuple[str, str]]:
    """The section headings (h2-h4) of a page, each with the opening of the paragraph after
    it, outside the page's navigation, header, footer and sidebars and bar the headings of its
    own tail ("Related articles", "Leave a reply")."""
    found: list[tuple[str, str]] = []
    for heading in tree.iterfind(".//body//*"):
        if heading.tag not in ("h2", "h3", "h4"):
            continue
        if len(found) >= _MAX_HEADINGS:
            break
        if any(a.tag in _PAGE_FRAME for a in heading.iterancestors()):
            continue
        text = clean_text("".join(heading.itertext()))
        after = heading.xpath("following::p[1]")
        if text and after and not boilerplate.is_zone_start(text):
            found.append((text, _text_key(after[0])))
    return found


def _lost_headings(body: etree._Element | None, headed: list[tuple[str, str]]) -> bool:
    """Whether trafilatura kept the paragraphs under a page's section headings but dropped
    the headings (its paragraph-by-paragraph recovery does)."""
    if body is None or len(headed) < _LOST_HEADINGS:
        return False
    kept_headings = {clean_text("".join(h.itertext())) for h in body.iter("head")}
    kept_paragraphs = {_text_key(p) for p in body.iter("p")}
    lost = [
        heading
        for heading, after in headed
        if heading not in kept_headings and after and after in kept_paragraphs
    ]
    return len(lost) >= _LOST_HEADINGS


def _declares_url(tree: etree._Element) -> bool:
    return bool(tree.xpath('.//head//link[@rel="canonical"]|.//meta[@property="og:url"]'))


def _split(values: list[str] | None) -> list[str]:
    """Return tag values one by one (meta keywords arrive as one comma-separated string)."""
    found = [part for value in values or [] for part in split_keywords(value)]
    return [f for f in found if not re.match(r"https?://", f)]


# --------------------------------------------------------------------------- our layer


def _article_blocks(blocks: list[Block], title: str | None) -> list[Block]:
    """Drop the title heading, and the furniture trafilatura leaves around the article."""
    for i, block in enumerate(blocks):
        if block.kind != HEADING or block.level != 1:
            continue
        # The article's own h1 is its title (metadata), not a section; later h1s are sections.
        if not any(b.kind != HEADING for b in blocks[:i]) or _same(block.text, title or ""):
            block.text = ""
        break
    for block in blocks:
        if block.kind == HEADING:
            block.level = max(2, block.level)
    blocks = [b for b in blocks if b.text and not _is_furniture(b)]
    return _trim_tail(blocks)


def _is_furniture(block: Block) -> bool:
    return block.kind == PARAGRAPH and boilerplate.is_furniture_line(block.text)


def _trim_tail(blocks: list[Block]) -> list[Block]:
    """End the article where the page's own tail begins: a heading such as "Related articles"
    or "Leave a reply", then a marketing call to action among the last paragraphs."""
    for i, block in enumerate(blocks):
        if block.kind == HEADING and boilerplate.is_zone_start(block.text):
            blocks = blocks[:i]
            break
    paragraphs = [i for i, b in enumerate(blocks) if b.kind == PARAGRAPH]
    # (Never the first paragraph: an article that opens by inviting mail is still an article.)
    for i in paragraphs[1:][-boilerplate.TAIL_PARAGRAPHS :]:
        if boilerplate.is_call_to_action(blocks[i].text):
            return blocks[:i]
    return blocks


def _same(a: str, b: str) -> bool:
    a, b = (re.sub(r"\W+", " ", s).strip().lower() for s in (a, b))
    return bool(a and b) and (a == b or b.startswith(a) or a.startswith(b))


# --------------------------------------------------------------------------- JSON-LD topics


_ARTICLE_TYPES = {
    "Article",
    "NewsArticle",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "BlogPosting",
    "Report",
    "ScholarlyArticle",
    "WebPage",
}


def _json_ld_keywords(tree: etree._Element) -> tuple[list[str], list[str], str | None]:
    """Return the keywords, article sections and address an article declares in JSON-LD
    (trafilatura reads its author, publisher and date, not these)."""
    keywords: list[str] = []
    sections: list[str] = []
    url: str | None = None
    for script in tree.iterfind(".//script[@type]"):
        if "ld+json" not in script.get("type", "").lower() or len(script.text or "") > 1_000_000:
            continue
        try:
            data = json.loads(script.text or "")
        except (ValueError, RecursionError):
            continue
        for node in _json_objects(data):
            keywords += _values(node.get("keywords"))
            sections += _values(node.get("articleSection"))
            kind = node.get("@type")
            kinds = set(kind) if isinstance(kind, list) else {kind}
            address = node.get("url")
            if (
                not url
                and kinds & _ARTICLE_TYPES
                and isinstance(address, str)
                and re.match(r"(?i)https?://\S+$", address)
            ):
                url = address
    return unique_labels(keywords), unique_labels(sections), url


def _values(value: Any) -> list[str]:
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list):
        return []
    return [clean_text(str(v)) for v in value if isinstance(v, str) and v.strip()]


def _json_objects(data: Any) -> Iterator[dict]:
    """Return every object of a JSON-LD document, iteratively (@graph and lists are common)."""
    stack = [data]
    seen = 0
    while stack and seen < 10_000:
        node = stack.pop()
        seen += 1
        if isinstance(node, list):
            stack.extend(reversed(node))
        elif isinstance(node, dict):
            yield node
            if "@graph" in node:
                stack.append(node["@graph"])
