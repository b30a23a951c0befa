"""Byte and character limits of a PDF import, and the guard against streams inflating too far.

A 2 MB file can hold a content stream of 2 GiB; PDFium would inflate it in memory with no
limit. check_inflated_size() counts what every Flate stream inflates to before PDFium sees it.
"""

from __future__ import annotations

import bisect
import re
import zlib

from briefapp.errors import ImportFailed

# Work per file is bounded in bytes and characters, not only in pages: PDFium inflates a page's
# content in memory, and a 2 MB file can hold a stream of 2 GiB.
# PDFium holds about 120 bytes per byte of dense text content (a 15 MiB stream took 1.8 GB).
MAX_STREAM_BYTES = 4 * 2**20  # one decompressed content stream; a dense text page takes 50 KB
MAX_FONT_BYTES = 32 * 2**20  # one embedded font program (CJK fonts run to 20 MiB)
MAX_INFLATED_BYTES = 128 * 2**20  # all content and fonts together
MAX_IMAGE_BYTES = 512 * 2**20  # one image (never decoded for text): a 600 dpi A4 scan is 100
MAX_PAGE_CHARS = 200_000  # a dense page holds about 5,000

_STREAM_START = re.compile(rb">>\s*stream\r?\n")
_NOT_READ_FOR_TEXT = re.compile(rb"/Subtype\s*/Image|/Type\s*/EmbeddedFile|/Type\s*/Metadata")
_FONT_PROGRAM = re.compile(rb"/Length[123]\b|/Subtype\s*/(?:Type1C|CIDFontType0C|OpenType)")


def check_inflated_size(data: bytes, name: str) -> None:
    """Refuse a PDF whose compressed streams inflate beyond what a report needs.

    PDFium inflates a page's whole content stream in memory before reading it, with no limit:
    a 2 MB file can hold a stream of 2 GiB (3 GB of memory, 12 s). So every Flate stream is
    inflated here first, a megabyte at a time, counting bytes only. Font programs get a larger
    cap than page content. Images, attachments and XMP are never decoded to read text, so they
    get the largest cap and stay out of the total (the cap still holds if a content stream lies
    about being an image). Streams of an encrypted file cannot be inflated before decryption:
    those are PDFium's to read.
    """
    ends = [match.start() for match in re.finditer(rb"endstream", data)]
    total = 0
    for match in _STREAM_START.finditer(data):
        head = data[max(0, match.start() - 2000) : match.start()]
        head = head[head.rfind(b"obj") + 1 :]  # the stream's own dictionary
        position = match.end()
        following = bisect.bisect_left(ends, position)
        stop = ends[following] if following < len(ends) else len(data)
        if _NOT_READ_FOR_TEXT.search(head):
            if _inflated_size(data, position, stop, MAX_IMAGE_BYTES) > MAX_IMAGE_BYTES:
                raise ImportFailed(name, _too_large(MAX_IMAGE_BYTES, "an image"))
            continue
        if _FONT_PROGRAM.search(head):
            limit, what = MAX_FONT_BYTES, "an embedded font"
        else:
            limit, what = MAX_STREAM_BYTES, "a page's content"
        size = _inflated_size(data, position, stop, limit)
        if size > limit:
            raise ImportFailed(name, _too_large(limit, what))
        total += size
        if total > MAX_INFLATED_BYTES:
            raise ImportFailed(name, _too_large(MAX_INFLATED_BYTES, "all pages and fonts"))


def _too_large(limit: int, what: str) -> str:
    return f"too large when decompressed ({what} would take more than {limit // 2**20} MiB)"


def _inflated_size(data: bytes, start: int, stop: int, limit: int) -> int:
    """Bytes that data[start:stop] inflates to, counted up to just past ``limit``."""
    inflater = zlib.decompressobj()
    size = 0
    view = memoryview(data)[start:stop]
    try:
        pending = bytes(view[:65536])
        position = 65536
        while pending and not inflater.eof and size <= limit:
            size += len(inflater.decompress(pending, 1 << 20))
            pending = inflater.unconsumed_tail or bytes(view[position : position + 65536])
            if not inflater.unconsumed_tail:
                position += 65536
    except zlib.error:
        pass  # not plain Flate (encrypted, or another filter first): PDFium decides
    return size
