"""Opening a Word file safely: the zip container is checked, and only its XML parts are
unpacked, by us, within a budget of bytes and tags, before python-docx opens a copy of exactly
what was read (so no zip bomb or lying zip directory can make it unpack more).
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from briefapp.errors import ImportFailed

# The budget of one Word file, for memory and time alike: the XML parts (text, styles,
# numbering, headers, properties; names ending .xml or .rels), all together, once unpacked.
# The tag count bounds the work: python-docx builds objects for every run and paragraph. At the
# limit the costliest shapes (tiny paragraphs; 19 MB of formatted text) take about 20 s and
# 200-400 MB on one core. Real reports stay far below: a 300-page report has a few MB of XML.
# Pictures and other binary parts are never unpacked (python-docx gets them empty).
MAX_XML_BYTES = 32 * 1024 * 1024
MAX_XML_TAGS = 1_000_000  # "<" characters in those parts: start and end tags
MAX_MEMBERS = 10_000
_READ_CHUNK = 1024 * 1024
_TOO_LARGE = (
    f"file too large when unpacked (zip bomb?): Word documents may hold at most"
    f" {MAX_XML_BYTES // (1024 * 1024)} MB of text and markup"
)

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


def open_document(data: bytes, name: str) -> Any:
    """Check the container, then open it with python-docx; raise ImportFailed for bad files."""
    if not data:
        raise ImportFailed(name, "empty file")
    if data.startswith(_OLE_MAGIC):
        if _ENCRYPTED_PACKAGE in data:
            raise ImportFailed(name, "password protected")
        raise ImportFailed(name, "old Word format (.doc) is not supported — save as .docx")
    if not data.startswith(b"PK"):
        raise ImportFailed(name, "not a Word document (.docx)")
    package = read_package(data, name)
    if "word/document.xml" not in package:
        raise ImportFailed(name, "not a Word document (.docx)")

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        return docx.Document(io.BytesIO(package_bytes(package)))
    except (PackageNotFoundError, ValueError, KeyError):
        raise ImportFailed(name, "not a Word document (.docx)") from None
    except Exception:  # noqa: BLE001 - lxml XMLSyntaxError, python-docx's own errors ...
        raise ImportFailed(name, "damaged file") from None


def is_xml_part(member_name: str) -> bool:
    """True for the parts python-docx parses or may parse; the rest (pictures) stay packed."""
    return member_name.lower().endswith((".xml", ".rels"))


def read_package(data: bytes, name: str) -> dict[str, bytes]:
    """Unpack the XML parts of a .docx within the budget; other parts map to empty bytes.

    The budget is checked first against the sizes the zip directory declares, then again
    against the bytes actually inflated, read a chunk at a time: the directory can lie, and
    zipfile's ``read()`` inflates a whole member before it cuts it to the declared size.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise ImportFailed(name, "damaged file") from None
    if len(members) > MAX_MEMBERS:
        raise ImportFailed(
            name, f"file too large when unpacked (zip bomb?): more than {MAX_MEMBERS:,} parts"
        )
    too_large = ImportFailed(name, _TOO_LARGE)
    xml_members = [m for m in members if is_xml_part(m.filename) and not m.is_dir()]
    if sum(m.file_size for m in xml_members) > MAX_XML_BYTES:
        raise too_large
    for member in xml_members:
        if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            # Word only deflates; other methods (bzip2, LZMA) inflate a chunk without bound.
            raise ImportFailed(name, "damaged file (unusual zip compression)")
    package: dict[str, bytes] = {m.filename: b"" for m in members if not m.is_dir()}
    total = tags = 0
    try:
        for member in xml_members:
            chunks = []
            with archive.open(member) as stream:
                while chunk := stream.read(_READ_CHUNK):
                    total += len(chunk)
                    tags += chunk.count(b"<")
                    if total > MAX_XML_BYTES:
                        raise too_large
                    if tags > MAX_XML_TAGS:
                        raise ImportFailed(
                            name,
                            f"document too large to read: more than {MAX_XML_TAGS:,} pieces of"
                            " markup (the limit for one Word file)",
                        )
                    chunks.append(chunk)
            package[member.filename] = b"".join(chunks)
    except ImportFailed:
        raise
    except Exception:  # noqa: BLE001 - BadZipFile (CRC), zlib.error, an encrypted member ...
        raise ImportFailed(name, "damaged file") from None
    return package


def package_bytes(package: dict[str, bytes]) -> bytes:
    """The parts as a new, uncompressed zip: python-docx reads exactly these bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for member_name, content in package.items():
            archive.writestr(member_name, content)
    return out.getvalue()
