"""The code base passes its checks: ruff (lint and format), mypy and vulture, as ./dev test runs
them before the tests. Here too, so a plain `pytest` run cannot skip them; a missing tool is a
failure (it is in the test extra), never a skip."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
BIN = Path(sys.executable).parent


@pytest.mark.parametrize(
    "command",
    [["ruff", "check", "."], ["ruff", "format", "--check", "."], ["mypy"], ["vulture"]],
    ids=["ruff-check", "ruff-format", "mypy", "vulture"],
)
def test_the_code_base_passes(command):
    tool = BIN / command[0]
    assert tool.exists(), f"{command[0]} is missing: pip install -e '.[test]'"
    result = subprocess.run([str(tool), *command[1:]], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
