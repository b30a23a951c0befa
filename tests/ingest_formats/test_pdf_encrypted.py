"""Encrypted PDFs: those that open without a password import, whatever the cipher.

PDFium decrypts them itself (restricted printing or copying is the common case); a file that
needs a password to open is a clear per-file error.
"""

from __future__ import annotations

import io

import pytest

from briefapp.errors import ImportFailed
from briefapp.ingest import pdf
from briefapp.ingest.pipeline import parse_report

TITLE = "Restricted Note on the Zinder Road"
BODY = "Convoys between Zinder and Agadez now travel with a military escort."


def _plain_pdf() -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out, invariant=1)
    c.setTitle("Restricted Note")
    c.setFont("Helvetica-Bold", 20)
    c.drawString(72, 760, TITLE)
    c.setFont("Helvetica", 11)
    c.drawString(72, 720, BODY)
    c.drawString(72, 704, "Fuel prices in Zinder rose by a fifth over the month.")
    c.save()
    return out.getvalue()


def _reportlab_encrypted(user_password: str, strength: int) -> bytes:
    """Encrypt with ReportLab: RC4 (40, 128 bits) or AES-256 through the renderer's settings.

    Printing is forbidden either way.
    """
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    from briefapp.render import aes256_encryption

    if strength == 256:
        encrypt = aes256_encryption(user_password, "owner-secret", canPrint=0)
    else:
        encrypt = pdfencrypt.StandardEncryption(
            user_password, "owner-secret", canPrint=0, strength=strength
        )
    out = io.BytesIO()
    c = canvas.Canvas(out, encrypt=encrypt)
    c.setTitle("Restricted Note")
    c.setFont("Helvetica-Bold", 20)
    c.drawString(72, 760, TITLE)
    c.setFont("Helvetica", 11)
    c.drawString(72, 720, BODY)
    c.save()
    return out.getvalue()


def _pypdf_encrypted(user_password: str, algorithm: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_plain_pdf())))
    writer.encrypt(user_password, "owner-secret", permissions_flag=0, algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


ENCRYPTED = {
    "RC4-40": lambda password: _reportlab_encrypted(password, 40),
    "RC4-128": lambda password: _reportlab_encrypted(password, 128),
    "AES-128": lambda password: _pypdf_encrypted(password, "AES-128"),
    "AES-256 (ReportLab, revision 5)": lambda password: _reportlab_encrypted(password, 256),
    "AES-256 (pypdf, revision 6)": lambda password: _pypdf_encrypted(password, "AES-256"),
}


@pytest.mark.parametrize("cipher", ENCRYPTED)
def test_pdf_restricted_by_an_owner_password_only_imports(cipher: str) -> None:
    """A file that opens without a password imports with its title and text."""
    data = ENCRYPTED[cipher]("")
    assert b"/Encrypt" in data
    report = parse_report(data, "restricted.pdf")
    assert report.title == TITLE
    assert BODY in report.sections[0].text


@pytest.mark.parametrize("cipher", ENCRYPTED)
def test_pdf_that_needs_a_password_to_open_is_a_clear_error(cipher: str) -> None:
    """A user password stops that file only, with a message naming it."""
    with pytest.raises(ImportFailed, match="locked.pdf.*password protected"):
        pdf.extract(ENCRYPTED[cipher]("reader-secret"), "locked.pdf")
