"""Offline guarantee: importing (web pages with remote resources included), searching, exporting,
backing up and checking open no network connection; nor does the window's workflow."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.reliability.corpus import REMOTE, REMOTE_HTML, REPORT_TEXT

ROOT = Path(__file__).parent.parent.parent

# Runs first in the child process: every way Python code reaches the network fails and is recorded.
GUARD = """
import json, socket, sys
ATTEMPTS = []
def _refuse(name):
    def blocked(*args, **kwargs):
        ATTEMPTS.append(name + " " + repr(args[1:] if name.startswith("socket.") else args)[:200])
        raise OSError("network access is forbidden in this test: " + name)
    return blocked
for _name in ("connect", "connect_ex", "sendto", "sendmsg"):
    setattr(socket.socket, _name, _refuse("socket." + _name))
for _name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr"):
    setattr(socket, _name, _refuse(_name))
def report(extra=None):
    print("RESULT " + json.dumps({"attempts": ATTEMPTS, "extra": extra or {},
                                   "qtnetwork": "PySide6.QtNetwork" in sys.modules}))
"""

CLI_WORKFLOW = (
    GUARD
    + """
from briefapp.cli.main import main
lib, inputs, out = sys.argv[1], sys.argv[2], sys.argv[3]
codes = {}
for name, args in [
    ("import", ["import", "--json", inputs]),
    ("search", ["search", "convoy", "--json"]),
    ("list", ["list", "--json"]),
    ("show", ["show", "1", "--json"]),
    ("brief", ["brief", "--sections", "Executive Summary,Strategic Outlook", "-o", out + "/brief.pdf"]),
    ("export", ["export", out + "/spec.toml", "-o", out + "/spec.pdf"]),
    ("backup", ["backup", out + "/backup"]),
    ("check", ["check", "--repair"]),
]:
    codes[name] = main(["--library", lib, *args])
report(codes)
"""
)

GUI_WORKFLOW = (
    GUARD
    + """
import os
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from pathlib import Path
from briefapp.gui.qt import QApplication, QEventLoop, QSettings, QTimer, QUrl
from briefapp.library import Library
from briefapp.gui.main_window import MainWindow
from briefapp.gui.export import ExportSettings
from briefapp.briefing.compose import item_from_section

app = QApplication([])
lib_dir, out = Path(sys.argv[1]), Path(sys.argv[2])

def wait(signal, trigger, timeout_ms=20000):
    fired = []
    loop = QEventLoop()
    signal.connect(lambda *a: (fired.append(1), loop.quit()))
    trigger()
    if not fired:
        QTimer.singleShot(timeout_ms, loop.quit)
        loop.exec()
    return bool(fired)

def spin(ms=300):
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()

library = Library(lib_dir)
window = MainWindow(library, QSettings(str(out / "settings.ini"), QSettings.Format.IniFormat))
window.show()
loaded = wait(window.library_loaded, window.load)
window.browser.search.setText("convoy")
searched = wait(window.browser.results_shown, window.browser.search.returnPressed.emit)
shown = 0
for listed in library.list_reports():  # open every report in the reader (remote images included)
    window.reader.show_report(library.get_report(listed.id))
    spin(50)
    shown += 1
report_obj = library.get_report(library.list_reports()[0].id)
window.composer.add_items([item_from_section(report_obj, s) for s in report_obj.sections])
settings = ExportSettings(brand="default", classification="", password=None, path=out / "gui.pdf")
exported_signal = wait(window.exports.exported,
                       lambda: window.exports.export(window.composer.snapshot(), settings))
spin(200)
exported = (out / "gui.pdf").exists()
window.close()
from briefapp.gui.operations import wait_for_all
wait_for_all()
report({"exported": exported and exported_signal, "loaded": loaded, "searched": searched,
        "reports": shown})
"""
)


def run_guarded(script: str, *args: str, timeout: int = 120) -> dict:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "no_proxy": "*",
        "http_proxy": "http://127.0.0.1:9",
        "https_proxy": "http://127.0.0.1:9",
    }
    proc = subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("RESULT ")]
    assert lines, f"the workflow did not finish:\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}"
    assert "Traceback" not in proc.stderr, proc.stderr[-4000:]
    return json.loads(lines[-1].removeprefix("RESULT "))


def offline_inputs(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "report.txt").write_text(REPORT_TEXT, encoding="utf-8")
    (folder / "remote.html").write_text(REMOTE_HTML, encoding="utf-8")
    (folder / "links.md").write_text(
        f"# Links Everywhere\n\n## Executive Summary\n\nConvoy notes with ![map](http://{REMOTE}/map.png)"
        f" and [a source](https://{REMOTE}/src) and <http://{REMOTE}/auto>.\n",
        encoding="utf-8",
    )
    return folder


def test_cli_workflow_opens_no_network_connection(tmp_path):
    inputs = offline_inputs(tmp_path / "in")
    out = tmp_path / "out"
    out.mkdir()
    (out / "spec.toml").write_text(
        'title = "Offline"\n[[items]]\nreport = 1\nsection = "Executive Summary"\n'
        f'[[items]]\nmarkdown = "## Comment\\n\\n![remote](http://{REMOTE}/x.png) [link](http://{REMOTE}/)"\n',
        encoding="utf-8",
    )
    result = run_guarded(CLI_WORKFLOW, str(tmp_path / "library"), str(inputs), str(out))
    assert result["attempts"] == []
    assert result["extra"] == {
        "import": 0,
        "search": 0,
        "list": 0,
        "show": 0,
        "brief": 0,
        "export": 0,
        "backup": 0,
        "check": 0,
    }
    assert (
        (out / "brief.pdf").exists()
        and (out / "spec.pdf").exists()
        and (out / "backup" / "library.db").exists()
    )
    assert not result["qtnetwork"]


@pytest.mark.gui
def test_window_workflow_opens_no_network_connection(tmp_path):
    pytest.importorskip("PySide6.QtWidgets")
    from briefapp.library import Library

    with Library(tmp_path / "library") as lib:
        results = lib.import_paths([offline_inputs(tmp_path / "in")])
        assert {r.status for r in results} == {"imported"}
    out = tmp_path / "out"
    out.mkdir()
    result = run_guarded(GUI_WORKFLOW, str(tmp_path / "library"), str(out))
    assert result["attempts"] == []
    assert result["extra"] == {"exported": True, "loaded": True, "searched": True, "reports": 3}
    assert not result["qtnetwork"], "the window loaded Qt's networking module"


def test_the_guard_itself_catches_a_connection():
    script = (
        GUARD
        + """
import urllib.request
try:
    urllib.request.urlopen("http://%s/", timeout=1)
except OSError:
    pass
report()
"""
        % REMOTE
    )
    assert run_guarded(script)["attempts"]
