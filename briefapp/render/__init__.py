"""Branded PDF export of a briefing (ReportLab; no Qt).

``render_briefing`` is the one entry point of the CLI and the GUI. The PDF is written to a
temporary file beside the target and moved into place only when complete, so a failed or
cancelled export never leaves a partial file behind.
"""

from __future__ import annotations

import io
import os
import tempfile
import threading
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from reportlab import rl_config

from briefapp.errors import BriefappError
from briefapp.models import Brand, Briefing

__all__ = ["render_briefing", "render_preview_bytes"]

# ReportLab keeps global state (font registry, rl_config): one rendering at a time
_lock = threading.Lock()


def render_briefing(
    briefing: Briefing,
    brand: Brand,
    out_path: Path,
    *,
    password: str | None = None,
    progress: Callable[[float, str], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> int:
    """Write ``briefing`` as a branded PDF to ``out_path``; return its page count.

    ``password`` protects the file with AES-256. ``progress(fraction, message)`` is called
    as the work advances; ``cancel()`` returning True stops it with
    :class:`briefapp.errors.Cancelled`. Either way nothing is left at ``out_path`` on failure
    (an existing file there is kept as it was).
    """
    from briefapp.render.document import build_document

    out_path = Path(out_path)
    if out_path.is_dir():
        raise BriefappError(f"{out_path}: is a folder; choose a file name for the PDF")
    folder = out_path.parent
    if not folder.is_dir():
        raise BriefappError(f"{folder}: folder does not exist")
    encrypt = _encryption(password)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{out_path.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise BriefappError(f"{folder}: cannot write here ({exc.strerror})") from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        with _lock, _rendering_settings():
            pages = build_document(
                briefing, brand, str(tmp), encrypt=encrypt, progress=progress, cancel=cancel
            )
        os.replace(tmp, out_path)
    except OSError as exc:
        raise BriefappError(f"{out_path}: cannot write the PDF ({exc.strerror})") from None
    finally:
        tmp.unlink(missing_ok=True)
    return pages


def render_preview_bytes(
    briefing: Briefing,
    brand: Brand,
    *,
    progress: Callable[[float, str], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> bytes:
    """The PDF as bytes (for an in-app preview), without touching the disk."""
    from briefapp.render.document import build_document

    buffer = io.BytesIO()
    with _lock, _rendering_settings():
        build_document(briefing, brand, buffer, progress=progress, cancel=cancel)
    return buffer.getvalue()


@contextmanager
def _rendering_settings():
    """Same input, same bytes: no timestamps or random IDs while rendering.

    ASCII85 stream encoding is switched off too: it only makes files bigger, and ReportLab
    applies it in an order that breaks encrypted streams for other readers.
    """
    saved = rl_config.invariant, rl_config.useA85
    rl_config.invariant, rl_config.useA85 = 1, 0
    try:
        yield
    finally:
        rl_config.invariant, rl_config.useA85 = saved


def _encryption(password: str | None):
    return aes256_encryption(password, password) if password else None


def aes256_encryption(user_password: str, owner_password: str, **permissions):
    """ReportLab encryption settings for AES-256 (``canPrint=0`` and the like may follow).

    An empty user password gives a file that opens without one but keeps its restrictions."""
    from reportlab.lib import pdfencrypt

    if not getattr(pdfencrypt, "pyaes", None):
        raise BriefappError(
            "Password protection needs the 'pyaes' package, which is not installed."
        )

    class _Aes256(pdfencrypt.StandardEncryption):
        """ReportLab's AES-256 with two of its ReportLab 5.1 bugs put right.

        It pads UE, OE (32 bytes) and Perms (16 bytes) to a further AES block; with a zero
        IV the leading blocks are the right values, and readers such as pypdf reject the
        padded ones. It also pads strings and streams twice, so decrypted metadata ends in
        stray padding characters: encode them once, with PKCS#7 as the spec says.
        """

        def prepare(self, document, overrideID=None):
            super().prepare(document, overrideID)
            if self.revision == 5:
                self.UE, self.OE, self.Perms = self.UE[:32], self.OE[:32], self.Perms[:16]

        def encode(self, t):
            if self.revision != 5:
                return super().encode(t)
            data = t if isinstance(t, bytes) else str(t).encode("latin-1", "replace")
            iv = pdfencrypt.os_urandom(16)
            encrypter = pdfencrypt.pyaes.Encrypter(
                pdfencrypt.pyaes.AESModeOfOperationCBC(self.key, iv=iv)
            )
            return iv + encrypter.feed(data) + encrypter.feed()

    return _Aes256(user_password, owner_password, strength=256, **permissions)
