"""Content-addressed copies of every imported original, so nothing a user imported is lost."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path, PurePath


class OriginalStore:
    def __init__(self, root: Path):
        self.root = root

    def relative_path(self, digest: str, name: str) -> str:
        suffix = PurePath(name).suffix.lower()
        if not suffix.isascii() or len(suffix) > 10 or not suffix[1:].isalnum():
            suffix = ""
        return f"{digest[:2]}/{digest}{suffix}"

    def path(self, relative: str) -> Path:
        return self.root / relative

    def put(self, data: bytes, digest: str, name: str) -> str:
        """Store bytes under their digest (atomically: temporary file, then rename)."""
        relative = self.relative_path(digest, name)
        target = self.root / relative
        if target.exists() and target.stat().st_size == len(data):
            return relative
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return relative
