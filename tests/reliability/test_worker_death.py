"""Parse workers killed at any moment (the out-of-memory killer, a crash, kill -9): the import
finishes in bounded time, the library is sound, and nothing is lost. A file that kills its
worker once is read again and imported; one that kills every worker is reported, the rest
imported; one that hangs its worker is given up after the per-file time budget."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from briefapp.library import Library
from briefapp.library.parsing import KILL_WORKER_ON, PARALLEL_MIN_FILES
from briefapp.library.workers import (
    DIED_TWICE,
    FILE_TIMEOUT_ENV,
    HANG_WORKER_ON,
    KILL_WORKER_ONCE,
)

ROOT = Path(__file__).resolve().parents[2]
SEED = 20261201
ROUNDS = 10
ROUND_SECONDS = 60  # an import of a few hundred files takes 2 to 5 s here; a hang is forever

IMPORT = """
import json, sys
from briefapp.library import Library
with Library(sys.argv[1]) as lib:
    results = lib.import_paths([sys.argv[2]], batch_size=100)
print(json.dumps([[r.path, r.status, r.error] for r in results]))
"""


def make_reports(folder: Path, count: int, tag: str) -> list[Path]:
    folder.mkdir(parents=True)
    paths = []
    for n in range(count):
        path = folder / f"note-{n:04d}.txt"
        path.write_text(
            f"Ferry Note {tag} {n}\n\nExecutive Summary\nFerry {n} ({tag}) crossed the lake at"
            f" dawn with {n % 17} lorries and fuel for the northern camps.\n",
            encoding="utf-8",
        )
        paths.append(path)
    return paths


def start_import(library: Path, folder: Path, **env: str) -> subprocess.Popen[str]:
    # A session of its own, so a kill of the whole group never outlives the test.
    return subprocess.Popen(
        [sys.executable, "-c", IMPORT, str(library), str(folder)],
        cwd=ROOT,
        env={**os.environ, **env},
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(proc: subprocess.Popen[str]) -> list[list[str | None]]:
    """The import's results, or a failure if it does not end within ROUND_SECONDS."""
    try:
        out, err = proc.communicate(timeout=ROUND_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise AssertionError(f"the import hung (> {ROUND_SECONDS} s)") from None
    assert proc.returncode == 0, err
    assert "Traceback" not in err, err
    return json.loads(out)


def children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def assert_sound(library: Path, stored: int) -> None:
    with Library(library) as lib:
        check = lib.check()
        assert check.ok, check.problems
        assert lib.count_reports() == stored


def test_workers_killed_at_random_moments_never_hang_or_lose_a_file(tmp_path):
    rng = random.Random(SEED)
    count = PARALLEL_MIN_FILES * 3
    killed = 0
    for round_ in range(ROUNDS):
        folder = tmp_path / f"in-{round_}"
        make_reports(folder, count, f"r{round_}")
        library = tmp_path / f"lib-{round_}"
        proc = start_import(library, folder)
        deadline = time.monotonic() + ROUND_SECONDS
        while not children(proc.pid) and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)  # until the first worker exists
        time.sleep(rng.uniform(0.0, 0.5))
        workers = children(proc.pid)
        if workers:
            try:
                os.kill(rng.choice(workers), signal.SIGKILL)
                killed += 1
            except ProcessLookupError:
                pass
        results = finish(proc)
        assert len(results) == count
        assert all(status == "imported" for _path, status, _error in results), [
            r for r in results if r[1] != "imported"
        ]
        assert_sound(library, count)
    assert killed >= ROUNDS // 2  # most kills landed while workers were running


def test_a_file_that_kills_its_worker_once_is_read_again_and_imported(tmp_path):
    paths = make_reports(tmp_path / "in", PARALLEL_MIN_FILES + 50, "once")
    marker = tmp_path / "killed-once"
    proc = start_import(
        tmp_path / "lib",
        tmp_path / "in",
        **{KILL_WORKER_ON: paths[5].name, KILL_WORKER_ONCE: str(marker)},
    )
    results = finish(proc)
    assert marker.exists()  # a worker did die on it
    assert all(status == "imported" for _path, status, _error in results)
    assert_sound(tmp_path / "lib", len(paths))


def test_a_file_that_kills_every_worker_is_reported_and_the_rest_imported(tmp_path):
    paths = make_reports(tmp_path / "in", PARALLEL_MIN_FILES + 50, "every")
    doomed = paths[len(paths) // 2]
    results = finish(
        start_import(tmp_path / "lib", tmp_path / "in", **{KILL_WORKER_ON: doomed.name})
    )
    assert [[path, error] for path, status, error in results if status != "imported"] == [
        [str(doomed), DIED_TWICE]
    ]
    assert_sound(tmp_path / "lib", len(paths) - 1)


def test_a_file_that_hangs_its_worker_is_given_up_after_the_time_budget(tmp_path):
    paths = make_reports(tmp_path / "in", PARALLEL_MIN_FILES + 50, "hang")
    stuck = paths[70]
    results = finish(
        start_import(
            tmp_path / "lib", tmp_path / "in", **{HANG_WORKER_ON: stuck.name, FILE_TIMEOUT_ENV: "2"}
        )
    )
    failed = [[path, error] for path, status, error in results if status != "imported"]
    assert failed == [[str(stuck), "reading it took longer than 2 s; not imported"]]
    assert_sound(tmp_path / "lib", len(paths) - 1)
