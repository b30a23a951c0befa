"""The renderer and brands are core packages: they work with PySide6 unimportable."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = """
import sys
class BlockQt:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] == "PySide6":
            raise ImportError("PySide6 is blocked in this test")
sys.meta_path.insert(0, BlockQt())
import io
from briefapp.brands import load_brand
from briefapp.models import Briefing, BriefingItem
from briefapp.render import render_preview_bytes
data = render_preview_bytes(Briefing(title="T", items=[BriefingItem("H", "text")]),
                            load_brand("default"))
assert data.startswith(b"%PDF")
assert not any(m.startswith("PySide6") for m in sys.modules)
"""


def test_render_and_brands_work_without_pyside6():
    root = Path(__file__).resolve().parents[2]
    subprocess.run([sys.executable, "-c", SCRIPT], cwd=root, check=True, timeout=60)
