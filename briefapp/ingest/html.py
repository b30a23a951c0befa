"""Extract the article of a saved web page (.html/.htm) as Markdown blocks plus metadata hints.

Nothing in the page is executed or fetched: scripts, styles, frames and links are only text to us.
Tree walks are iterative, so pages with thousands of nested elements cannot raise RecursionError.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from bs4.element import CData, Declaration, Doctype, ProcessingInstruction

from briefapp.errors import ImportFailed
from briefapp.ingest.blocks import (
    CODE,
    HEADING,
    LIST,
    PARAGRAPH,
    QUOTE,
    TABLE,
    Block,
    Extracted,
)
from briefapp.ingest.decode import decode_text

try:  # lxml is much faster on big pages; html.parser keeps us working without it.
    import lxml  # noqa: F401

    _PARSER = "lxml"
except ImportError:  # pragma: no cover - depends on the build
    _PARSER = "html.parser"

# Elements whose content never reaches the output.
_DROP_TAGS = {
    "script",
    "style",
    "noscript",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "template",
    "svg",
    "canvas",
    "math",
    "form",
    "button",
    "input",
    "select",
    "textarea",
    "label",
    "nav",
    "aside",
    "dialog",
    "link",
    "meta",
    "head",
    "img",
    "picture",
    "video",
    "audio",
    "source",
    "map",
    "area",
    "figcaption",  # captions of pictures we never show read as stray lines
}
# Dropped outside the article root only: inside an article they usually hold its own byline.
_SITE_CHROME_TAGS = {"header", "footer"}

# class/id tokens that mark page furniture (matched on whole -/_ separated words).
_JUNK_WORDS = (
    "share|sharing|sharedaddy|social|socials|newsletter|subscribe|subscription|signup|"
    "cookie|cookies|consent|gdpr|related|relatedposts|recommended|recommendations|"
    "comment|comments|respond|reply|sidebar|widget|widgets|advert|advertisement|ads|ad|"
    "promo|promoted|sponsored|breadcrumb|breadcrumbs|pagination|pager|popup|modal|"
    "navbar|nav|menu|masthead|toolbar|skip|banner|discover|readnext|paywall|donate|"
    "print|outbrain|taboola|disqus|jp|trending|popular|tagcloud"
)
_JUNK_TOKEN = re.compile(rf"(?:^|[-_])(?:{_JUNK_WORDS})(?:$|[-_])", re.IGNORECASE)
# Not plain "tag"/"category": WordPress puts "tag-niger category-news" on the <article> itself.
_JUNK_COMPOUND = re.compile(
    r"read-?next|more-?stories|posts?-?grid|you-?may-?also|most-?read|tags?-links|cat-links|"
    r"(post|entry|article)-tags|tag-?list|^tags$|(entry|post|article)-meta|byline|dateline",
    re.IGNORECASE,
)
_JUNK_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alert"}

# Headings that open a furniture region: the heading and what follows it in its parent go.
_JUNK_HEADING = re.compile(
    r"^\s*(related( articles| posts| stories| content| reading)?|discover more|read next|"
    r"read more|more (stories|from|on this)|you may also like|recommended( for you)?|"
    r"posts grid|leave a (reply|comment)|comments?( \(\d+\))?|\d+ comments?|share( this)?( article| post| story)?|"
    r"subscribe.*|sign up.*|join our newsletter.*|newsletter|tags?|most read|trending|"
    r"popular (posts|stories)|(one|\d+) (thoughts?|responses?|replies|comments?) (on|to) .*)\s*:?\s*$",
    re.IGNORECASE,
)
# Short paragraphs that are calls to action or comment-form text, never article prose.
_JUNK_LINE = re.compile(
    r"your email address will not be published|required fields are marked|"
    r"subscribe to (our|the) newsletter|sign up for (our|the)|we use cookies|accept (all )?cookies|"
    r"share (this|on) (article|post|story|facebook|twitter|x|linkedin|whatsapp|email)|"
    r"^share:?$|^(print|email|tweet)$|^advertisement$|^leave a (reply|comment)$|"
    r"^(cite as|suggested citation|how to cite( this)?( (article|report|brief))?)\b|^download (the )?pdf\b",
    re.IGNORECASE,
)

_BLOCK_CONTAINERS = {
    "html",
    "body",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "figure",
    "center",
    "details",
    "summary",
    "fieldset",
    "hgroup",
    "dl",
    "tbody",
    "thead",
    "tfoot",
    "tr",
    "td",
    "th",
    "li",
}
_PARAGRAPH_TAGS = {"p", "dd", "dt", "address", "caption", "legend"}
_HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_BOLD = {"b", "strong"}
_EM = {"i", "em", "cite", "dfn"}
_INLINE_TAGS = (
    _BOLD
    | _EM
    | {
        "a",
        "code",
        "br",
        "span",
        "small",
        "sup",
        "sub",
        "abbr",
        "mark",
        "q",
        "time",
        "u",
        "s",
        "del",
        "ins",
        "var",
        "kbd",
        "samp",
        "bdi",
        "bdo",
        "data",
        "wbr",
        "nobr",
        "tt",
        "big",
        "font",
        "strike",
        "acronym",
        "label",
        "output",
        "ruby",
        "rt",
        "rp",
    }
)

_SPACE = re.compile(r"[ \t\r\n\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\ufeff\u00ad]")
_MAX_NESTING = 12  # lists/quotes nested deeper than this are flattened
_LINE_BREAK = "\x00BR\x00"


# --------------------------------------------------------------------------- decoding


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


# --------------------------------------------------------------------------- entry point


def extract(data: bytes, name: str) -> Extracted:
    """Return the article blocks and metadata hints of a saved web page."""
    if not data or not data.strip():
        raise ImportFailed(name, "empty file")
    if b"\x00" in data[:2048] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ImportFailed(name, "not a web page (binary data)")
    text = decode_html(data)
    soup = BeautifulSoup(text, _PARSER)

    meta = _read_meta(soup)
    ld = _read_json_ld(soup)
    for tag in list(soup.find_all(["script", "style", "noscript", "template", "iframe"])):
        tag.decompose()

    root = find_article_root(soup)
    h1 = _article_h1(root) or _article_h1(soup)
    tags = _tag_links(root) or _tag_links(soup)
    byline_date = _visible_date(root) or _visible_date(soup)
    time_date = _time_element(root) or _time_element(soup)

    remove_furniture(root)
    title = _choose_title(meta, ld, h1, soup)
    blocks = blocks_from(root, title)
    if not any(b.kind != HEADING for b in blocks):
        raise ImportFailed(name, "no article text found in the web page")

    topics = _dedupe(meta["tags"] + ld["keywords"] + tags)
    sections = _dedupe(meta["sections"] + ld["sections"])
    return Extracted(
        blocks=blocks,
        title=title,
        published=meta["published"] or ld["published"] or time_date or byline_date,
        publisher=meta["site"] or ld["publisher"] or meta["publisher"] or meta["author"],
        author=meta["author"] or ld["author"] or _byline_author(root),
        countries=list(topics),
        topics=_dedupe(topics + sections),
        format="html",
        boilerplate_free=True,
    )


# --------------------------------------------------------------------------- metadata


def _read_meta(soup: BeautifulSoup) -> dict:
    found: dict[str, list[str]] = {}
    for tag in soup.find_all("meta"):
        key = (tag.get("property") or tag.get("name") or tag.get("itemprop") or "").strip().lower()
        value = clean_text(tag.get("content") or "")
        if key and value:
            found.setdefault(key, []).append(value)

    def first(*keys: str) -> str | None:
        for key in keys:
            if found.get(key):
                return found[key][0]
        return None

    author = first("author", "article:author", "dc.creator", "byl", "parsely-author")
    if author and re.match(r"https?://", author):
        author = None
    tags = list(found.get("article:tag", []))
    for key in ("keywords", "news_keywords", "parsely-tags"):
        for value in found.get(key, []):
            tags.extend(part.strip() for part in re.split(r"[,;]", value))
    return {
        "title": first("og:title", "twitter:title", "dc.title"),
        "site": first("og:site_name", "application-name"),
        "publisher": first("publisher", "dc.publisher", "article:publisher", "citation_publisher"),
        "author": author,
        "published": first(
            "article:published_time",
            "datepublished",
            "og:published_time",
            "pubdate",
            "publish-date",
            "publication_date",
            "citation_publication_date",
            "dc.date.issued",
            "dc.date",
            "date",
            "sailthru.date",
            "parsely-pub-date",
        ),
        "tags": [t for t in tags if t and not re.match(r"https?://", t)],
        "sections": found.get("article:section", []),
    }


def _read_json_ld(soup: BeautifulSoup) -> dict:
    result = {
        "published": None,
        "publisher": None,
        "author": None,
        "headline": None,
        "keywords": [],
        "sections": [],
    }
    for script in soup.find_all("script", type=re.compile("ld\\+json", re.IGNORECASE)):
        try:
            data = json.loads(script.string or "")
        except (ValueError, TypeError):
            continue
        for node in _json_objects(data):
            if not isinstance(node, dict):
                continue
            if node.get("datePublished") and not result["published"]:
                result["published"] = str(node["datePublished"])
            if node.get("headline") and not result["headline"]:
                result["headline"] = clean_text(str(node["headline"]))
            if not result["author"]:
                result["author"] = _ld_name(node.get("author"))
            if not result["publisher"]:
                result["publisher"] = _ld_name(node.get("publisher"))
            keywords = node.get("keywords")
            if isinstance(keywords, str):
                keywords = keywords.split(",")
            if isinstance(keywords, list):
                result["keywords"] += [clean_text(str(k)) for k in keywords if str(k).strip()]
            section = node.get("articleSection")
            if isinstance(section, str):
                section = [section]
            if isinstance(section, list):
                result["sections"] += [clean_text(str(s)) for s in section if str(s).strip()]
    return result


def _json_objects(data) -> Iterator:
    """Every dict in a JSON-LD document (iteratively; @graph and lists are common)."""
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


def _ld_name(value) -> str | None:
    if isinstance(value, list):
        names = [_ld_name(v) for v in value]
        names = [n for n in names if n]
        return ", ".join(names) or None
    if isinstance(value, dict):
        value = value.get("name")
    if isinstance(value, str) and value.strip() and not re.match(r"https?://", value.strip()):
        return clean_text(value)
    return None


def _article_h1(root: Tag) -> str | None:
    h1 = root.find("h1")
    if h1 is None:
        return None
    return clean_text(h1.get_text(" ")) or None


def _choose_title(meta: dict, ld: dict, h1: str | None, soup: BeautifulSoup) -> str | None:
    site = meta["site"]
    page_title = soup.title.get_text(" ") if soup.title else None
    for candidate in (meta["title"], h1, ld["headline"], page_title):
        if candidate:
            title = strip_site_name(clean_text(candidate), site)
            if title:
                return title
    return None


_TITLE_SEPARATORS = (" | ", " — ", " – ", " - ", " · ", " :: ")


def strip_site_name(title: str, site: str | None = None) -> str:
    """Drop a trailing (or leading) " | Site", " - Site", " — Site" from a page title.

    With a known site name only that name is stripped. Without one, a " | " suffix is always
    taken for the site; a dash suffix only when it is short (three words at most) and the rest is
    a real headline, so "Drought deepens - farmers count the cost" keeps its second half.
    """
    if site:
        site_norm = site.strip().lower()
        for sep in _TITLE_SEPARATORS:
            if title.lower().endswith(sep.lower() + site_norm):
                return title[: -len(sep + site_norm)].strip()
            if title.lower().startswith(site_norm + sep.lower()):
                return title[len(site_norm + sep) :].strip()
        return title
    for sep in _TITLE_SEPARATORS:
        if sep in title:
            head, _, tail = title.rpartition(sep)
            if sep == " | " or (len(tail.split()) <= 3 and len(head.split()) >= 3):
                return head.strip()
            return title
    return title


_DATE_LABEL = re.compile(
    r"^\s*(?:published|posted|first published|date|dated|publication date)\s*(?:on|:)?\s*"
    r"(.{6,60}?)\s*$",
    re.IGNORECASE,
)


def _visible_date(root: Tag) -> str | None:
    """A short visible line such as "Published 14 November 2026" (label removed)."""
    for text in root.find_all(string=re.compile(r"(?i)published|posted|date")):
        line = clean_text(str(text.parent.get_text(" ") if text.parent else text))
        if len(line) > 80:
            line = clean_text(str(text))
        match = _DATE_LABEL.match(line)
        if match and re.search(r"\d", match.group(1)):
            return match.group(1).rstrip(".")
    return None


def _time_element(root: Tag) -> str | None:
    times = root.find_all("time")
    times.sort(
        key=lambda t: (
            not (
                t.has_attr("pubdate")
                or "publish" in str(t.get("itemprop", ""))
                or "publish" in " ".join(t.get("class", []))
            )
        )
    )
    for t in times:
        value = (t.get("datetime") or "").strip() or clean_text(t.get_text(" "))
        if value and re.search(r"\d", value):
            return value
    return None


def _byline_author(root: Tag) -> str | None:
    el = root.find(attrs={"rel": "author"}) or root.find(attrs={"itemprop": "author"})
    if el is None:
        el = root.find(class_=re.compile(r"(^|[-_])(byline|author)($|[-_])", re.IGNORECASE))
    if el is None:
        return None
    text = re.sub(r"^\s*by\s+", "", clean_text(el.get_text(" ")), flags=re.IGNORECASE)
    return text if 0 < len(text) <= 80 else None


def _tag_links(root: Tag) -> list[str]:
    """Tag link names of the article (site-wide tag clouds in sidebars are not the article's)."""
    names = []
    for a in root.find_all("a"):
        rel = a.get("rel") or []
        href = a.get("href") or ""
        if ("tag" in rel or re.search(r"/(tag|tags|topic|topics)/[^/]+/?$", href)) and not any(
            _is_sidebar(parent) for parent in _parents_below(a, root)
        ):
            text = clean_text(a.get_text(" "))
            if text and len(text) <= 60:
                names.append(text.lstrip("#"))
    return names


def _parents_below(el: Tag, root: Tag) -> Iterator[Tag]:
    for parent in el.parents:
        if parent is root:
            return
        yield parent


def _is_sidebar(el: Tag) -> bool:
    tokens = " ".join([*(el.get("class") or []), str(el.get("id", ""))]).lower()
    return el.name in {"aside", "nav"} or bool(
        re.search(r"sidebar|widget|cloud|site-footer", tokens)
    )


def _dedupe(items: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        key = item.strip().lower()
        if key and key not in seen:
            seen.add(key)
            out.append(item.strip())
    return out


# --------------------------------------------------------------------------- article root


def find_article_root(soup: BeautifulSoup) -> Tag:
    """The element holding the article: articleBody, <article>, <main>, else the densest container."""
    body = soup.body or soup
    for candidates in (
        soup.find_all(attrs={"itemprop": "articleBody"}),
        soup.find_all("article"),
        soup.find_all(["main"]) + soup.find_all(attrs={"role": "main"}),
    ):
        candidates = [c for c in candidates if isinstance(c, Tag) and not _is_junk(c)]
        if candidates:
            best = max(candidates, key=_paragraph_text_length)
            if _paragraph_text_length(best) >= 80 or len(candidates) == 1:
                return best
    return _densest_container(body)


def _paragraph_text_length(el: Tag) -> int:
    return sum(len(p.get_text()) for p in el.find_all("p")) or len(el.get_text()) // 4


def _densest_container(body: Tag) -> Tag:
    """Readability-style scoring: each paragraph credits its parent fully, its grandparent half."""
    scores: dict[int, float] = {}
    nodes: dict[int, Tag] = {}
    for p in body.find_all(["p", "pre", "td", "li"]):
        if p.name in {"td", "li"} and p.find("p") is not None:
            continue  # its paragraphs are scored themselves
        length = len(clean_text(p.get_text(" ")))
        if length < 25 or _has_junk_ancestor(p):
            continue
        score = 1 + length / 100 + p.get_text().count(",")
        for weight, ancestor in zip(
            (1.0, 0.5), (p.parent, p.parent.parent if p.parent else None), strict=True
        ):
            if isinstance(ancestor, Tag):
                scores[id(ancestor)] = scores.get(id(ancestor), 0) + score * weight
                nodes[id(ancestor)] = ancestor
    if not scores:
        return body
    return nodes[max(scores, key=scores.get)]


def _has_junk_ancestor(el: Tag) -> bool:
    return any(_is_junk(parent) for parent in el.parents if isinstance(parent, Tag))


def _is_junk(el: Tag) -> bool:
    if el.name in _DROP_TAGS:
        return True
    attrs = getattr(el, "attrs", None) or {}
    if str(attrs.get("role", "")).lower() in _JUNK_ROLES:
        return True
    if attrs.get("aria-hidden") == "true" or "hidden" in attrs:
        return True
    style = str(attrs.get("style", "")).replace(" ", "").lower()
    if "display:none" in style or "visibility:hidden" in style:
        return True
    classes = attrs.get("class") or []
    if isinstance(classes, str):
        classes = classes.split()
    for token in [*classes, str(attrs.get("id", ""))]:
        if token.lower().startswith(
            ("has-", "with-", "no-", "is-", "page-", "single-", "post-type")
        ):
            continue  # state classes on wrappers ("has-sidebar") say nothing about the content
        if token and (_JUNK_TOKEN.search(token) or _JUNK_COMPOUND.search(token)):
            return True
    return False


# --------------------------------------------------------------------------- furniture


def remove_furniture(root: Tag) -> None:
    """Remove navigation, share bars, comment forms, related lists and CTAs inside the root."""
    for el in list(root.find_all(True)):
        if _gone(el):
            continue
        if (
            el.name in _DROP_TAGS
            or _is_junk(el)
            or el.name in _SITE_CHROME_TAGS
            and not _is_inside_article(el, root)
        ):
            el.decompose()
    texts = _short_texts(root, 200)
    for heading in list(root.find_all(["h2", "h3", "h4", "h5", "h6", "p", "div", "span"])):
        text = texts.get(id(heading))
        if _gone(heading) or text is None or not _JUNK_HEADING.match(text):
            continue
        if heading.name.startswith("h"):
            _drop_heading_region(heading)
        elif len(text) <= 40 and not heading.find(["p", "div"]):
            heading.decompose()  # a lone label ("Share", "Related"): its siblings may be prose
    for el in list(root.find_all(["p", "div", "span", "li", "small"])):
        text = texts.get(id(el))
        if _gone(el) or text is None:
            continue
        if _JUNK_LINE.search(text) or _is_dateline(text):
            el.decompose()


def _gone(el: Tag) -> bool:
    """Whether ``el`` was decomposed (bs4's ``.decomposed`` falls back to a slow child search)."""
    return bool(el.__dict__.get("_decomposed"))


def _short_texts(root: Tag, limit: int) -> dict[int, str | None]:
    """Normalised text of every element under ``root`` up to ``limit`` chars (None if longer).

    Built bottom-up in one pass, so pages with thousands of nested elements stay linear
    (calling get_text() on each element would be quadratic).
    """
    raw: dict[int, str | None] = {}
    for el in reversed(list(root.find_all(True))):
        parts = []
        size = 0
        for child in el.children:
            if isinstance(child, Tag):
                piece = raw.get(id(child), "") if child.name not in _DROP_TAGS else ""
            elif _is_text(child):
                piece = str(child)
            else:
                continue
            if piece is None:
                size = limit + 1
                break
            parts.append(piece)
            size += len(piece)
            if size > limit * 4:  # raw text still holds whitespace runs; normalise later
                break
        text = " ".join(parts) if size <= limit * 4 else None
        if text is not None and len(text) > limit * 2:
            text = clean_text(text)
            if len(text) > limit:
                text = None
        raw[id(el)] = text
    return {key: (clean_text(t) if t is not None else None) for key, t in raw.items()}


def _is_dateline(text: str) -> bool:
    """A short "Published 14 November 2026 · By ..." line: metadata, already read."""
    return len(text) <= 100 and bool(
        re.match(r"(?i)(first )?(published|posted|updated)( on|:)?\s+(\w+\s+)?\d", text)
    )


def _is_inside_article(el: Tag, root: Tag) -> bool:
    return root.name in {"article", "main"} or root.get("itemprop") == "articleBody"


def _drop_heading_region(heading: Tag) -> None:
    """Drop a furniture heading and its following siblings up to the next same-or-higher heading."""
    level = int(heading.name[1]) if re.fullmatch(r"h[1-6]", heading.name or "") else 7
    sibling = heading.next_sibling
    heading.decompose()
    while sibling is not None:
        following = sibling.next_sibling
        is_heading = isinstance(sibling, Tag) and re.fullmatch(r"h[1-6]", sibling.name or "")
        if is_heading and int(sibling.name[1]) <= level:
            break
        sibling.extract()
        sibling = following


# --------------------------------------------------------------------------- text helpers


def clean_text(text: str) -> str:
    """Collapse whitespace runs (including no-break spaces) and drop zero-width characters."""
    return _SPACE.sub(" ", _ZERO_WIDTH.sub("", text)).strip()


def _is_text(node) -> bool:
    return isinstance(node, NavigableString) and not isinstance(
        node, (Comment, CData, Declaration, Doctype, ProcessingInstruction)
    )


def _safe_href(href: str | None) -> str | None:
    href = (href or "").strip()
    if re.match(r"(?i)(https?://|mailto:)[^\s()<>]+$", href):
        return href
    return None


def inline_markdown(el: Tag, skip: frozenset[str] | set[str] = frozenset()) -> str:
    """Render an element's inline content as Markdown (``skip``: child tags to leave out)."""
    return render_inline(list(el.children), skip)


_OPEN = {"b": "\x01B", "i": "\x01I", "c": "\x01C"}
_CLOSE = {"b": "\x02B", "i": "\x02I", "c": "\x02C"}
_MARKS = {"B": "**", "I": "*", "C": "`"}


def render_inline(nodes: list, skip: frozenset[str] | set[str] = frozenset()) -> str:
    """Render nodes as inline Markdown without recursion (deeply nested spans are fine).

    Emphasis is emitted as private marker characters first, so whitespace can be moved outside
    the markers afterwards ("**bold** text", never "** bold **"); nested repeats collapse.
    """
    out: list[str] = []
    depth = {"b": 0, "i": 0, "c": 0, "a": 0}
    stack: list = list(reversed(nodes))
    while stack:
        node = stack.pop()
        if isinstance(node, tuple):  # ("close", kind, text)
            _, kind, text = node
            depth[kind] -= 1
            if depth[kind] == 0:
                out.append(text)
            continue
        if isinstance(node, str) and not isinstance(node, NavigableString):
            out.append(node)
            continue
        if _is_text(node):
            out.append(str(node).replace("\x01", "").replace("\x02", ""))
            continue
        if not isinstance(node, Tag) or node.name in _DROP_TAGS or node.name in skip:
            continue
        name = node.name
        if name == "br":
            out.append(_LINE_BREAK)
            continue
        kind = opener = closer = None
        if name in _BOLD:
            kind, opener, closer = "b", _OPEN["b"], _CLOSE["b"]
        elif name in _EM:
            kind, opener, closer = "i", _OPEN["i"], _CLOSE["i"]
        elif name == "code":
            kind, opener, closer = "c", _OPEN["c"], _CLOSE["c"]
        elif name == "a":
            href = _safe_href(node.get("href"))
            if href and clean_text(node.get_text()):
                kind, opener, closer = "a", "[", f"]({href})"
        elif name not in _INLINE_TAGS:
            out.append(" ")  # a block inside inline content (broken markup): keep words apart
            stack.append(" ")
        if kind:
            if depth[kind] == 0:
                out.append(opener)
            depth[kind] += 1
            stack.append(("close", kind, closer))
        stack.extend(reversed(list(node.children)))
    return _finish_inline("".join(s for s in out if isinstance(s, str)))


def _finish_inline(text: str) -> str:
    lines = [_place_markers(clean_text(part)) for part in text.split(_LINE_BREAK)]
    text = "\n".join(line for line in lines if line)
    text = re.sub(r"\[\s+", "[", text)
    text = re.sub(r"\s+\]\(", "](", text)
    text = re.sub(r"\[\]\([^)]*\)", "", text)
    return text.strip()


def _place_markers(text: str) -> str:
    """Turn emphasis markers into Markdown, with spaces moved outside and empty pairs dropped."""
    for _ in range(3):
        text = re.sub(r"(\x01[BIC])(\s+)", r"\2\1", text)
        text = re.sub(r"(\s+)(\x02[BIC])", r"\2\1", text)
        text = re.sub(r"\x01([BIC])\x02\1", "", text)
    text = re.sub(r"[\x01\x02]([BIC])", lambda m: _MARKS[m.group(1)], text)
    return clean_text(text)


# --------------------------------------------------------------------------- blocks


def blocks_from(root: Tag, title: str | None = None, depth: int = 0) -> list[Block]:
    """Walk the article element (iteratively) and emit Markdown blocks in reading order."""
    blocks: list[Block] = []
    loose: list = []  # inline nodes sitting directly in a container

    def flush() -> None:
        text = render_inline(loose)
        loose.clear()
        if text and not _JUNK_LINE.search(text):
            blocks.append(Block(PARAGRAPH, text))

    title_seen = False
    stack: list = list(reversed(list(root.children)))
    while stack:
        node = stack.pop()
        if node is None:  # end of a container
            flush()
            continue
        if _is_text(node):
            loose.append(node)
            continue
        if not isinstance(node, Tag) or node.name in _DROP_TAGS:
            continue
        name = node.name
        if name in _HEADING_TAGS:
            flush()
            text = clean_text(inline_markdown(node))
            text = re.sub(r"^\*\*(.*)\*\*$", r"\1", text)
            if not text:
                continue
            if name == "h1" and depth == 0 and not title_seen:
                title_seen = True  # the article's own title is metadata, not a section
                if title is None or _same(text, title) or not blocks:
                    continue
            blocks.append(Block(HEADING, text, level=max(2, int(name[1]))))
        elif name in _PARAGRAPH_TAGS:
            flush()
            text = inline_markdown(node)
            if text and not (len(text) <= 200 and _JUNK_LINE.search(text)):
                blocks.append(Block(PARAGRAPH, text))
            # Broken markup can leave real blocks inside a <p>; inline_markdown flattened them.
        elif name in {"ul", "ol"}:
            flush()
            text = list_markdown(node)
            if text:
                blocks.append(Block(LIST, text))
        elif name == "table" and _is_layout_table(node):
            flush()  # old sites lay pages out with tables: read the cells as containers
            stack.append(None)
            stack.extend(reversed(list(node.children)))
        elif name == "table":
            flush()
            text = table_markdown(node)
            if text:
                blocks.append(Block(TABLE, text))
        elif name == "blockquote":
            flush()
            if depth < _MAX_NESTING:
                inner = blocks_from(node, None, depth + 1)
                text = "\n>\n".join(_quote(b.text) for b in inner if b.text)
            else:
                text = _quote(inline_markdown(node))
            if text:
                blocks.append(Block(QUOTE, text))
        elif name == "pre":
            flush()
            code = node.get_text().strip("\n")
            if code.strip():
                blocks.append(Block(CODE, f"```\n{code}\n```"))
        elif name == "hr":
            flush()
        elif name not in _INLINE_TAGS or any(
            isinstance(child, Tag) and child.name not in _INLINE_TAGS for child in node.children
        ):
            # Containers (and unknown elements, and inline elements wrapping blocks) are walked.
            flush()
            stack.append(None)
            stack.extend(reversed(list(node.children)))
        else:
            loose.append(node)
    flush()
    return blocks


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()


def _same(a: str, b: str) -> bool:
    a, b = _norm(a), _norm(b)
    return a == b or b.startswith(a) or a.startswith(b)


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in text.split("\n"))


def list_markdown(el: Tag, depth: int = 0) -> str:
    """A <ul>/<ol> as Markdown list lines; nested lists indented under their item."""
    ordered = el.name == "ol"
    indent = "   " if ordered else "  "
    lines = []
    number = 1
    try:
        number = int(el.get("start", 1))
    except ValueError:
        pass
    for li in el.find_all("li", recursive=False) or el.find_all("li"):
        text = inline_markdown(li, skip={"ul", "ol"}).replace("\n", " ")
        marker = f"{number}." if ordered else "-"
        if text:
            lines.append(f"{marker} {text}")
            number += 1
        for sub in li.find_all(["ul", "ol"], recursive=False):
            if depth < _MAX_NESTING:
                nested = list_markdown(sub, depth + 1)
            else:
                nested = "- " + clean_text(sub.get_text(" "))
            lines += [indent + line for line in nested.split("\n") if line]
    return "\n".join(lines)


def _is_layout_table(table: Tag) -> bool:
    """A table used for page layout: cells hold paragraphs, headings, lists or other tables."""
    if table.get("role") == "presentation":
        return True
    return table.find(["p", "h1", "h2", "h3", "h4", "ul", "ol", "table", "blockquote"]) is not None


def table_markdown(table: Tag) -> str:
    """A <table> as a GitHub pipe table; the first row is the header row."""
    rows: list[list[str]] = []
    for tr in table.find_all("tr"):
        if tr.find_parent("table") is not table:
            continue  # a nested table's rows are flattened into its cell's text
        cells = []
        for cell in tr.find_all(["td", "th"], recursive=False):
            text = inline_markdown(cell).replace("\n", " ").replace("|", "\\|")
            cells.append(text)
            try:
                span = min(int(cell.get("colspan", 1)), 50)
            except ValueError:
                span = 1
            cells += [""] * (span - 1)
        if any(cells):
            rows.append(cells)
    if not rows:
        return ""
    width = max(len(r) for r in rows)
    if width == 1 and len(rows) == 1:
        return ""  # a one-cell layout table: its text is not tabular
    rows = [r + [""] * (width - len(r)) for r in rows]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "|".join(["---"] * width) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    caption = table.find("caption")
    if caption and clean_text(caption.get_text(" ")):
        lines.insert(0, clean_text(caption.get_text(" ")) + "\n")
    return "\n".join(lines)
