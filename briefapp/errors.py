"""Exceptions for problems a user can fix; their messages are shown as they are."""

from __future__ import annotations

import os


class BriefappError(Exception):
    """A problem the user can act on (bad file, unknown report, bad spec...).

    The CLI and the GUI show ``str(error)`` and never a traceback.
    """


class ImportFailed(BriefappError):
    """One input file could not be imported; the message names the file and the problem."""

    def __init__(self, path: str | os.PathLike[str], problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class NotFound(BriefappError):
    """A report, section, briefing or brand that does not exist."""


class Cancelled(BriefappError):
    """Long work stopped because the user asked for it."""

    def __init__(self, message: str = "cancelled"):
        super().__init__(message)


class Conflict(BriefappError):
    """Someone else saved the same thing meanwhile (a briefing in a shared library): the
    window offers to reload it or to save this copy as a new one."""
