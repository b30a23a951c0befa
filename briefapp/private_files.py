"""Files and folders private to the user: what the program creates for itself (the library,
its backups, exports) is readable by its owner alone (files 0600, folders 0700), whatever the
umask. Files and folders that already exist keep the modes their owner gave them.
"""

from __future__ import annotations

import os
from pathlib import Path

FILE_MODE = 0o600
FOLDER_MODE = 0o700


def make_private_folder(path: Path) -> bool:
    """Create ``path`` (and missing parents, with the usual modes) as a folder only its owner
    can enter. True when it was created here; an existing folder is left as it is."""
    if path.is_dir():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        path.mkdir(mode=FOLDER_MODE)
    except FileExistsError:
        return False  # created by another process meanwhile: theirs, and no longer ours to set
    # mkdir's mode passes through the umask, which may take bits from the owner too.
    os.chmod(path, FOLDER_MODE)
    return True


def private_opener(path: str | os.PathLike[str], flags: int) -> int:
    """An ``opener`` for :func:`open`: a file created by the call is private to the owner
    (0600 whatever the umask); an existing file keeps its mode.

    ``open(target, "wb", opener=private_opener)``."""
    if flags & os.O_CREAT:
        try:
            fd = os.open(path, flags | os.O_EXCL, FILE_MODE)
        except FileExistsError:
            if flags & os.O_EXCL:
                raise
        else:
            if hasattr(os, "fchmod"):  # not on Windows, where modes do not apply
                os.fchmod(fd, FILE_MODE)
            return fd
    return os.open(path, flags, FILE_MODE)


def create_private_file(path: Path) -> bool:
    """Create ``path`` empty and private (0600) unless it exists; True when created here.
    For files another library creates by name, such as an SQLite database."""
    try:
        fd = private_opener(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL)
    except FileExistsError:
        return False
    os.close(fd)
    return True
