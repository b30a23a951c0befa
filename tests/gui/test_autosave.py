"""Autosave in the window keeps every edit (switching or quitting mid-save, deleting); originals
open off the GUI thread."""

from __future__ import annotations

import pytest

from briefapp.gui.operations import wait_for_all

pytestmark = pytest.mark.gui


def test_switching_briefings_while_one_is_saving_keeps_the_latest_edits(window, qtbot):
    composer, library = window.composer, window.library
    composer.set_field("title", "Briefing A")
    with qtbot.waitSignal(composer.saved, timeout=5000):
        composer.save_now()
    a = composer.briefing.id
    window.new_briefing_action.trigger()
    composer.set_field("title", "Briefing B")
    with qtbot.waitSignal(composer.saved, timeout=5000):
        composer.save_now()
    b = composer.briefing.id
    with qtbot.waitSignal(composer.model.modelReset, timeout=5000):
        composer.open_briefing(a)
    composer.set_field("title", "A edit 1")
    composer.save_now()  # still writing when the next edit and the switch happen
    composer.set_field("title", "A edit 2")
    with qtbot.waitSignal(composer.model.modelReset, timeout=5000):
        composer.open_briefing(b)
    qtbot.waitUntil(composer.autosaver.idle, timeout=5000)
    assert library.load_briefing(a).title == "A edit 2"


def test_quitting_during_the_first_save_of_a_new_briefing_saves_it_once(window, qtbot):
    composer, library = window.composer, window.library
    before = len(library.list_briefings())
    window.new_briefing_action.trigger()
    composer.set_field("title", "Draft")
    composer.save_now()
    composer.set_field("title", "Draft v2")
    wait_for_all()  # as closeEvent does, before any queued signal has been delivered
    composer.save_blocking()
    titles = [b.title for b in library.list_briefings()]
    assert len(titles) == before + 1 and "Draft v2" in titles and "Draft" not in titles


def test_a_deleted_briefing_is_not_brought_back_by_a_late_save(window, qtbot):
    composer, library = window.composer, window.library
    window.new_briefing_action.trigger()
    composer.set_field("title", "Short-lived")
    with qtbot.waitSignal(composer.saved, timeout=5000):
        composer.save_now()
    composer.set_field("title", "Short-lived, edited")
    composer.save_now()
    composer.delete_current()
    qtbot.waitUntil(composer.autosaver.idle, timeout=5000)
    assert not [b for b in library.list_briefings() if b.title.startswith("Short-lived")]


def test_open_original_writes_the_stored_file_in_the_background(window, qtbot, monkeypatch):
    import briefapp.gui.actions as actions

    opened = []

    class FakeDesktop:
        @staticmethod
        def openUrl(url):
            opened.append(url.toLocalFile())
            return True

    monkeypatch.setattr(actions, "QDesktopServices", FakeDesktop)
    report_id = window.reader.report.id
    window.open_original(report_id)
    qtbot.waitUntil(lambda: bool(opened), timeout=5000)
    name, data = window.library.original(report_id)
    assert opened[0].endswith(name) and open(opened[0], "rb").read() == data


def test_read_again_from_original_restores_the_sections_in_the_reader(window, qtbot):
    library = window.library
    report_id = window.reader.report.id
    good = window.reader.report.sections[0].text
    with library.write() as conn:
        conn.execute(
            "UPDATE sections SET text = 'Garbled by an old importer.' WHERE report_id = ?",
            [report_id],
        )
    window.show_report(report_id)
    qtbot.waitUntil(lambda: "Garbled" in window.reader.toPlainText(), timeout=5000)
    assert window.reparse_action.text() == "&Read Again from Original"
    window.reparse([report_id])
    qtbot.waitUntil(lambda: "Garbled" not in window.reader.toPlainText(), timeout=5000)
    assert window.reader.report.sections[0].text == good
    assert "1 updated" in window.statusBar().currentMessage()


def test_progress_reports_are_thinned_out_and_the_last_one_arrives(qtbot):
    """A fast import reports thousands of files a second; the GUI hears a few of them (a flood
    of queued signals starved the event loop and crashed PySide6), always the last one."""
    from briefapp.gui.operations import Operation

    heard = []

    def op(job):
        for n in range(1, 20001):
            job.progress(n, 20000, f"file-{n}.txt")
        return "done"

    finished = []
    operation = Operation(
        None, op, progress=lambda *args: heard.append(args), success=finished.append
    )
    operation.run_in_background()
    qtbot.waitUntil(lambda: finished == ["done"], timeout=10000)
    qtbot.waitUntil(lambda: heard and heard[-1][0] == 20000, timeout=5000)
    assert len(heard) < 200
    assert heard[-1] == (20000, 20000, "file-20000.txt")


def test_big_folder_import_through_the_window(window, qtbot, tmp_path):
    from briefapp.library.parsing import PARALLEL_MIN_FILES

    folder = tmp_path / "many"
    folder.mkdir()
    count = PARALLEL_MIN_FILES * 5
    for n in range(count):
        (folder / f"note-{n:05d}.txt").write_text(
            f"Patrol Note {n}\n\nExecutive Summary\nPatrol {n} crossed the Chad border at dawn.\n",
            encoding="utf-8",
        )
    before = window.library.count_reports()
    with qtbot.waitSignal(window.imports.finished, timeout=60000) as finished:
        window.imports.import_paths([str(folder)])
    assert len(finished.args[0]) == count
    assert window.library.count_reports() == before + count


def test_a_held_back_progress_report_arrives_before_the_result(qtbot):
    """Export reports fractions: the last one, held back by the thinning, still arrives."""
    from briefapp.gui.operations import Operation

    heard, finished = [], []

    def op(job):
        for n in range(1, 1001):
            job.progress(n / 1000, "Rendering")
        return "pdf"

    operation = Operation(
        None,
        op,
        progress=lambda *args: heard.append(args),
        success=lambda result: finished.append((result, list(heard))),
    )
    operation.run_in_background()
    qtbot.waitUntil(lambda: bool(finished), timeout=10000)
    result, heard_before_result = finished[0]
    assert heard_before_result[-1] == (1.0, "Rendering")
    assert len(heard_before_result) < 100


def test_the_end_of_a_job_waits_for_the_progress_dialog_and_nothing_follows_it(qtbot):
    """A modal progress dialog runs the event loop inside setValue(); the job's end (which
    closes the dialog) must not run inside that, and no progress may arrive after it."""
    import threading

    from briefapp.gui.operations import Operation
    from briefapp.gui.qt import QApplication

    log, release = [], threading.Event()

    def op(job):
        job.progress(1, 3, "a")
        release.wait(5)
        return "ok"

    def progress(done, total, name):
        log.append(("progress", done))
        release.set()
        for _ in range(50):  # what QProgressDialog.setValue does for a modal dialog
            QApplication.processEvents()
            threading.Event().wait(0.005)
        log.append(("progress shown", done))

    operation = Operation(
        None,
        op,
        progress=progress,
        success=lambda r: log.append(("success", r)),
        finished=lambda: log.append(("finished",)),
    )
    operation.run_in_background()
    qtbot.waitUntil(lambda: ("finished",) in log, timeout=10000)
    assert log == [("progress", 1), ("progress shown", 1), ("success", "ok"), ("finished",)]
