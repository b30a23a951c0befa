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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from reportlab import rl_config

from briefapp.errors import BriefappError
from briefapp.models import Brand, Briefing
from briefapp.render.encryption import Aes256, aes256_encryption

__all__ = ["aes256_encryption", "render_briefing", "render_preview_bytes"]

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

    ``password`` protects the file with AES-256 (security handler revision 6).
    ``progress(fraction, message)`` is called as the work advances; ``cancel()`` returning
    True stops it with :class:`briefapp.errors.Cancelled`. Either way nothing is left at
    ``out_path`` on failure (an existing file there is kept as it was).
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
def _rendering_settings() -> Iterator[None]:
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


def _encryption(password: str | None) -> Aes256 | None:
    return aes256_encryption(password, password) if password else None
