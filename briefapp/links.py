"""One rule for links taken from report text: only web (http, https) and mail addresses may
become links — in the importer's Markdown, the window's reader and the PDF and Word exports.
Anything else (javascript:, file:, data:, the app's own briefapp: links) stays plain text."""

from __future__ import annotations

from urllib.parse import urlsplit

SAFE_SCHEMES = ("http", "https", "mailto")


def safe_href(href: str | None) -> str | None:
    """The link target if it is an http(s) or mailto address, else None."""
    if not href:
        return None
    href = href.strip()
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in href):
        return None
    try:
        scheme = urlsplit(href).scheme.lower()
    except ValueError:
        return None
    return href if scheme in SAFE_SCHEMES else None


def markdown_link_target(href: str | None) -> str | None:
    """A safe target that can also stand inside Markdown's ``[text](target)`` as it is (no
    white space, parentheses or angle brackets that would end or break the link)."""
    target = safe_href(href)
    if target is None or any(ch.isspace() or ch in "()<>" for ch in target):
        return None
    return target
