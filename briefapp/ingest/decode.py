"""Turn the raw bytes of a file into text and tell which format it is."""

from __future__ import annotations

import codecs
import os
import re

MAX_FILE_BYTES = 50 * 1024 * 1024
TEXT_EXTENSIONS = {".txt", ".text", ""}
MARKDOWN_EXTENSIONS = {".md", ".markdown", ".mdown"}
HTML_EXTENSIONS = {".html", ".htm", ".xhtml"}
SUPPORTED = sorted(
    (TEXT_EXTENSIONS | MARKDOWN_EXTENSIONS | HTML_EXTENSIONS | {".pdf", ".docx"}) - {""}
)


class FormatError(ValueError):
    """The bytes are not a report we can read; the message says why (shown to the user)."""


def decode_text(data: bytes, declared: str | None = None) -> str:
    """Decode text bytes: BOM first, then UTF-8, then the ``declared`` charset (a web page's
    ``<meta charset>``), then Windows-1252 (legacy captures).

    Valid UTF-8 wins over a declared single-byte charset because saved pages often keep a stale
    declaration; multi-byte UTF-8 runs are very unlikely to be accidental cp1252 text. Bytes
    undefined in cp1252 fall back to Latin-1 so decoding never fails.
    """
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if declared and _is_text_encoding(declared):
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            pass
    return "".join(
        chunk.decode("cp1252") if _cp1252_ok(chunk) else chunk.decode("latin-1")
        for chunk in re.split(rb"([\x81\x8d\x8f\x90\x9d])", data)
        if chunk
    )


_NOT_CHARSETS = {
    "unicode_escape",
    "raw_unicode_escape",
    "punycode",
    "idna",
    "uu_codec",
    "undefined",
    "utf_7",
}


def _is_text_encoding(name: str) -> bool:
    """True for a real character set; a page may declare any name, Python codecs included."""
    try:
        info = codecs.lookup(name)
    except LookupError:
        return False
    return (
        getattr(info, "_is_text_encoding", True)
        and info.name.replace("-", "_") not in _NOT_CHARSETS
    )


def _cp1252_ok(chunk: bytes) -> bool:
    try:
        chunk.decode("cp1252")
        return True
    except UnicodeDecodeError:
        return False


_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))


def looks_binary(data: bytes) -> bool:
    """True for data that is clearly not text (NUL bytes or many control characters)."""
    sample = data[:8192]
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if b"\x00" in sample:
        return True
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls > max(8, len(sample) // 50)


def file_suffix(name: str) -> str:
    """The lower-cased extension of a file name, as ``PurePath(name).suffix`` gives it (this
    runs for every imported file; building a path object costs more than the rest)."""
    base = os.path.basename(name.rstrip("/" + os.sep))
    dot = base.rfind(".")
    return base[dot:].lower() if 0 < dot < len(base) - 1 else ""


def detect_format(data: bytes, name: str) -> str:
    """One of text, markdown, html, pdf, docx; raises FormatError for what we cannot read."""
    if not data.strip():
        raise FormatError("empty file")
    if len(data) > MAX_FILE_BYTES:
        raise FormatError(
            f"file too large ({len(data) / 1048576:.0f} MB;"
            f" the limit is {MAX_FILE_BYTES // 1048576} MB)"
        )
    suffix = file_suffix(name)
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF") or suffix == ".pdf":
        return "pdf"
    if suffix == ".doc":
        raise FormatError("old Word format (.doc) is not supported — save it as .docx")
    if head.startswith(b"PK\x03\x04") or suffix == ".docx":
        return "docx"
    if looks_binary(data):
        raise FormatError("binary file, not a text report")
    if suffix in HTML_EXTENSIONS:
        return "html"
    if suffix in MARKDOWN_EXTENSIONS:
        return "markdown"
    if suffix in TEXT_EXTENSIONS:
        lowered = head[:200].lower()
        if lowered.startswith((b"<!doctype html", b"<html")):
            return "html"
        return "text"
    raise FormatError(f"unsupported file type '{suffix}' (supported: {', '.join(SUPPORTED)})")
