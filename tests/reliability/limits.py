"""Shared helpers of the reliability tests: a hard time limit and the Hypothesis settings."""

from __future__ import annotations

import re
import signal
import unicodedata
from contextlib import contextmanager

from hypothesis import HealthCheck, settings

# Deterministic in CI: the same examples every run (derandomize), few enough to stay fast.
FUZZ = settings(
    derandomize=True,
    max_examples=60,
    deadline=3000,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)


class Hang(Exception):
    """The code under test ran past its time limit."""


@contextmanager
def time_limit(seconds: float):
    """Raise :class:`Hang` in the main thread when the block runs longer than ``seconds``.

    Hypothesis' deadline only judges an example once it returns; this stops one that never does.
    """

    def on_alarm(signum, frame):
        raise Hang(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def words(text: str) -> list[str]:
    """Alphanumeric words of ``text``, NFC-normalised (underscores are Markdown, not words)."""
    return re.findall(r"[^\W_]+", unicodedata.normalize("NFC", text))


def squeezed(text: str) -> str:
    """NFC text with all whitespace removed, so line wrapping cannot split a word."""
    text = unicodedata.normalize("NFC", text).replace("\u00ad", "")
    return re.sub(r"\s+", "", text)
