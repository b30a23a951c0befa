"""The portable field build: ``./dev build`` makes dist/briefapp/, whose one executable serves the
command line and the window, and in portable mode writes nothing outside its own folder.

Builds with ``./dev build`` into a temporary folder (about a minute), or reuses a finished build
when ``BRIEFAPP_FROZEN_DIR`` names its folder. See docs/portable.md.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "resources" / "samples"
ONE_SAMPLE = SAMPLES / "2026-01-29_harrowgate_mali-segou-fuel-blockade.txt"
NAME = "briefapp"
SIZE_LIMIT_MIB = 200  # about 165 MiB today; far above it means a stray Qt add-on or dependency
GUI_SECONDS = 4.0
# Logged by Qt when the main window's first frame is flushed to the (offscreen) screen.
FIRST_PAINT = re.compile(r"qt\.widgets\.painting: Flushing .* of MainWindow")


def _folder_mib(folder: Path) -> float:
    files = (f for f in folder.rglob("*") if f.is_file() and not f.is_symlink())
    return sum(f.stat().st_size for f in files) / 2**20


@pytest.fixture(scope="module")
def frozen_dir(tmp_path_factory) -> Path:
    """The built folder: $BRIEFAPP_FROZEN_DIR, else a fresh ``./dev build`` in a temp folder."""
    given = os.environ.get("BRIEFAPP_FROZEN_DIR")
    if given:
        folder = Path(given).resolve()
        assert (folder / NAME).is_file(), f"BRIEFAPP_FROZEN_DIR has no {NAME} executable: {folder}"
        return folder
    work = tmp_path_factory.mktemp("pyinstaller")
    log = work / "build.log"
    started = time.perf_counter()
    with log.open("w") as out:
        done = subprocess.run(
            [
                str(ROOT / "dev"),
                "build",
                "--distpath",
                str(work / "dist"),
                "--workpath",
                str(work / "work"),
            ],
            check=False,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            timeout=1200,
        )
    text = log.read_text(errors="replace")
    assert done.returncode == 0, f"./dev build failed:\n{text[-4000:]}"
    print(f"\n./dev build took {time.perf_counter() - started:.0f} s")
    return work / "dist" / NAME


@pytest.fixture
def outside(tmp_path) -> dict[str, Path]:
    """Empty HOME, XDG and temp folders the frozen program must leave empty."""
    names = [
        "HOME",
        "XDG_CONFIG_HOME",
        "XDG_DATA_HOME",
        "XDG_CACHE_HOME",
        "XDG_STATE_HOME",
        "XDG_RUNTIME_DIR",
        "TMPDIR",
    ]
    folders = {name: tmp_path / "outside" / name.lower() for name in names}
    for folder in folders.values():
        folder.mkdir(parents=True)
    folders["XDG_RUNTIME_DIR"].chmod(0o700)
    return folders


class FrozenApp:
    def __init__(self, folder: Path, outside: dict[str, Path]):
        self.folder = folder
        self.exe = folder / NAME
        self.outside = outside
        # A clean environment: no BRIEFAPP_LIBRARY (the test suite sets one), no display.
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "LANG": "C.UTF-8",
            **{name: str(path) for name, path in outside.items()},
        }

    def run(self, *args: str) -> subprocess.CompletedProcess:
        done = subprocess.run(
            [str(self.exe), *map(str, args)],
            check=False,
            env=self.env,
            cwd=self.folder.parent,
            capture_output=True,
            text=True,
            timeout=120,
            stdin=subprocess.DEVNULL,
        )
        assert done.returncode == 0, f"briefapp {' '.join(map(str, args))}:\n{done.stderr}"
        assert "Traceback" not in done.stderr, done.stderr
        return done

    def json(self, *args: str):
        return json.loads(self.run(*args, "--json").stdout)

    def written_outside(self) -> list[str]:
        return sorted(str(p) for folder in self.outside.values() for p in folder.rglob("*"))


@pytest.fixture
def app(frozen_dir, tmp_path, outside) -> FrozenApp:
    """A copy of the build, as field staff unpack it (the ``portable`` marker comes with it)."""
    folder = tmp_path / "briefapp-portable"
    shutil.copytree(frozen_dir, folder, symlinks=True)
    return FrozenApp(folder, outside)


def test_the_build_keeps_its_data_beside_the_executable_out_of_the_box(frozen_dir):
    assert (frozen_dir / "portable").is_file(), "the build lacks its portable marker"


def test_build_is_lean_and_bundles_the_resources(frozen_dir):
    size = _folder_mib(frozen_dir)
    print(f"\nportable folder: {size:.0f} MiB")
    assert size < SIZE_LIMIT_MIB, f"the portable folder grew to {size:.0f} MiB"
    bundled = frozen_dir / "_internal" / "resources"
    expected = {
        p.relative_to(ROOT / "resources")
        for p in (ROOT / "resources").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert {p.relative_to(bundled) for p in bundled.rglob("*") if p.is_file()} == expected
    internal = frozen_dir / "_internal"
    patterns = (
        "libQt6Qml*",
        "libQt6Quick*",
        "libQt6WebEngine*",
        "libQt6Multimedia*",
        "*tkinter*",
        "libtk*",
        "_pytest",
        "hypothesis",
        "pypdf",
        "numpy",
    )
    unused = [p.name for pattern in patterns for p in internal.rglob(pattern)]
    assert not unused, f"unused modules were bundled: {unused}"
    assert not (internal / "PySide6" / "Qt" / "translations").exists()


def test_command_line_works_in_the_portable_folder(app):
    assert app.run("--version").stdout.strip().startswith("briefapp ")

    imported = app.json("import", ONE_SAMPLE)
    assert [row["status"] for row in imported] == ["imported"]
    assert (app.folder / "data" / "library").is_dir()

    reports = app.json("list")
    assert [r["id"] for r in reports] == [imported[0]["report_id"]]
    assert "Ségou" in reports[0]["title"]
    hits = app.json("search", "blockade")
    assert hits and hits[0]["report_id"] == imported[0]["report_id"]

    out = app.folder.parent / "out.pdf"
    brief = app.json("brief", "--country", "Mali", "-o", out)
    assert brief["pages"] >= 1 and out.read_bytes().startswith(b"%PDF")

    # Every format the bundled samples come in parses in the frozen build (pdfminer, lxml, docx...).
    rows = app.json("import", SAMPLES)
    assert {row["status"] for row in rows} <= {"imported", "duplicate"}, rows
    assert {Path(row["path"]).suffix for row in rows} >= {".txt", ".md", ".html", ".pdf", ".docx"}
    assert {b["name"] for b in app.json("brands")} >= {"default", "meridian"}

    assert app.written_outside() == []


def test_window_opens_offscreen_and_keeps_running(app):
    app.json("import", ONE_SAMPLE)
    env = dict(
        app.env, QT_QPA_PLATFORM="offscreen", QT_LOGGING_RULES="qt.widgets.painting.debug=true"
    )
    started = time.perf_counter()
    proc = subprocess.Popen(
        [str(app.exe)],
        env=env,
        cwd=app.folder.parent,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    first_paint: list[float] = []
    lines: list[str] = []

    def read_stderr():
        for line in proc.stderr:
            if not first_paint and FIRST_PAINT.search(line):
                first_paint.append(time.perf_counter() - started)
            elif "qt.widgets.painting" not in line:
                lines.append(line)

    reader = threading.Thread(target=read_stderr, daemon=True)
    reader.start()
    try:
        proc.wait(timeout=GUI_SECONDS)
    except subprocess.TimeoutExpired:
        pass
    exited = proc.poll()
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    reader.join(timeout=10)
    stderr = "".join(lines)
    assert exited is None, f"the window closed by itself (exit {exited}):\n{stderr}"
    assert first_paint, f"no main window was painted within {GUI_SECONDS} s:\n{stderr}"
    print(f"\nstart to first window (offscreen): {first_paint[0]:.2f} s")
    assert "Traceback" not in stderr and "[PYI-" not in stderr, stderr
    assert "Could not load the Qt platform plugin" not in stderr, stderr

    assert (app.folder / "data" / "settings").is_dir(), "GUI settings are not in the portable data"
    outside = [p for p in app.written_outside() if not p.startswith(str(app.outside["TMPDIR"]))]
    assert outside == []


def test_window_writes_no_temporary_files_outside_the_portable_folder(app):
    env = dict(app.env, QT_QPA_PLATFORM="offscreen", BRIEFAPP_NO_SAMPLE_OFFER="1")
    proc = subprocess.Popen(
        [str(app.exe)],
        env=env,
        cwd=app.folder.parent,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        proc.wait(timeout=GUI_SECONDS)
    except subprocess.TimeoutExpired:
        proc.terminate()
        proc.wait(timeout=10)
    assert app.written_outside() == []
