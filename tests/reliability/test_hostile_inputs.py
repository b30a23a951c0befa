"""Hostile and broken files: each gives a clear error or a clean import, quickly, without a
network connection and without writing anywhere but the library."""

from __future__ import annotations

import os
import socket
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefapp.library import Library
from tests.reliability.corpus import (
    MARKUP_INJECTION,
    ODD_NAMES,
    REPORT_TEXT,
    SECRET,
    build,
    write_odd_names,
)
from tests.reliability.limits import time_limit

CORPUS_SECONDS = 60  # the whole corpus, zip bombs included


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to resolve a name or open a connection fails the test (and is recorded)."""
    attempts: list[str] = []

    def refuse(name):
        def blocked(*args, **kwargs):
            attempts.append(f"{name}{args[1:] if name.startswith('socket.') else args}")
            raise OSError(f"network access attempted in a test: {name}")

        return blocked

    monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("socket.connect_ex"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    yield attempts
    assert attempts == [], f"network access attempted: {attempts}"


def snapshot(folder: Path, skip: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``folder`` (outside ``skip``) with its size and modification time."""
    out = {}
    for root, _dirs, files in os.walk(folder):
        if Path(root) == skip or skip in Path(root).parents:
            continue
        for name in files:
            st = (Path(root) / name).lstat()
            out[str(Path(root) / name)] = (st.st_size, st.st_mtime_ns)
    return out


def all_stored_text(lib: Library) -> str:
    rows = lib.store.conn.execute(
        "SELECT r.title || ' ' || s.heading || ' ' || s.text FROM sections s"
        " JOIN reports r ON r.id = s.report_id"
    ).fetchall()
    return "\n".join(r[0] for r in rows)


def test_hostile_corpus_gives_clear_errors_or_clean_imports(tmp_path, no_network):
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    corpus = tmp_path / "corpus"
    cases = build(corpus, secret)
    library_dir = tmp_path / "library"
    before = snapshot(tmp_path, library_dir)
    started = time.monotonic()
    with time_limit(CORPUS_SECONDS), Library(library_dir) as lib:
        results = {Path(r.path).name: r for r in lib.import_paths([corpus])}
        elapsed = time.monotonic() - started
        stored = all_stored_text(lib)
        assert lib.search_index_in_sync()
        assert lib.store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert elapsed < CORPUS_SECONDS

    problems = []
    for case in cases:
        result = results[case.name]
        if case.expect == "imported" and result.status != "imported":
            problems.append(f"{case.name}: expected an import, got {result.status}: {result.error}")
        elif case.expect.startswith("error:"):
            phrase = case.expect.removeprefix("error:")
            if result.status != "error" or phrase not in (result.error or ""):
                problems.append(
                    f"{case.name}: expected an error with {phrase!r}, got {result.status}: {result.error}"
                )
        if result.status == "error":
            message = result.error or ""
            if not message or "Traceback" in message or "Error(" in message or len(message) > 200:
                problems.append(f"{case.name}: unclear error message {message!r}")
        for text in case.absent:
            if text in stored:
                problems.append(f"{case.name}: {text!r} reached the library")
    assert problems == []
    # Nothing was written beside the inputs, or anywhere else outside the library folder.
    assert snapshot(tmp_path, library_dir) == before
    assert {p.name for p in library_dir.iterdir()} <= {
        "library.db",
        "library.db-wal",
        "library.db-shm",
    }


def test_wrongly_encoded_files_keep_their_letters(tmp_path, no_network):
    cases = build(tmp_path / "corpus", tmp_path / "secret.txt")
    names = [
        c.name
        for c in cases
        if c.name
        in (
            "utf16-bom.txt",
            "latin1.md",
            "cp1252-quotes.txt",
            "mixed-encodings.txt",
            "utf8-declared-latin1.html",
        )
    ]
    with Library(tmp_path / "library") as lib:
        results = lib.import_paths([tmp_path / "corpus" / n for n in names])
        texts = {
            Path(r.path).name: " ".join(s.text for s in lib.get_report(r.report_id).sections)
            for r in results
        }
    assert "Tillabéri" in texts["utf16-bom.txt"]
    assert "Tillabéri" in texts["latin1.md"]
    assert "“route” – it’s" in texts["cp1252-quotes.txt"]
    assert "Tillabéri" in texts["mixed-encodings.txt"] or "Tillab" in texts["mixed-encodings.txt"]
    assert "Tillabéri" in texts["utf8-declared-latin1.html"]


def test_enormous_single_line_imports_in_reasonable_time_and_stays_searchable(tmp_path, no_network):
    line = ("Gunmen stopped a fuel convoy near Agadez and seized its cargo. " * 330_000)[
        :20_000_000
    ]
    titled = tmp_path / "one-line.txt"
    titled.write_text("Convoy Report\n\n" + line + "\n", encoding="utf-8")
    bare = tmp_path / "bare-line.txt"
    bare.write_text(line, encoding="utf-8")
    with time_limit(60), Library(tmp_path / "library") as lib:
        started = time.monotonic()
        first, second = lib.import_paths([titled, bare])
        imported_in = time.monotonic() - started
        assert first.status == "imported"
        assert second.status == "error" and "no report text found" in second.error
        started = time.monotonic()
        hits = lib.search("Agadez")  # FTS5's snippet() alone took minutes on such a section
        searched_in = time.monotonic() - started
        assert hits and "\x02Agadez\x03" in hits[0].snippet and len(hits[0].snippet) < 400
    assert imported_in < 40 and searched_in < 2


def test_paths_with_odd_characters_import_and_round_trip(cli, tmp_path, monkeypatch, no_network):
    folder = tmp_path / "odd names ✓ 'quoted'"
    paths = write_odd_names(folder)
    result = cli("import", "--json", folder)
    assert result.code == 0, result.err
    rows = result.json
    # Hidden files are skipped inside folders, imported when named.
    assert {Path(r["path"]).name for r in rows} == {n for n in ODD_NAMES if not n.startswith(".")}
    assert {r["status"] for r in rows} == {"imported"}
    ids = {Path(r["path"]).name: r["report_id"] for r in rows}
    for name in ("new\nline.txt", "-leading-dash.txt", 'quote\'s "double" `tick`.txt'):
        assert cli("show", ids[name], "--json").json["source_file"] == name
    # Names that look like options, given relative to the working folder.
    monkeypatch.chdir(folder)
    again = cli(
        "import", "--json", "--", "-leading-dash.txt", "--json.txt", ".hidden-but-named.txt"
    )
    assert again.code == 0, again.err
    assert [r["status"] for r in again.json] == ["duplicate", "duplicate", "imported"]
    assert [p for p in paths if not p.exists()] == []


def test_special_files_are_refused_without_hanging(tmp_path, no_network):
    folder = tmp_path / "special"
    folder.mkdir()
    (folder / "report.txt").write_text(REPORT_TEXT, encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")  # reading it would block for ever
    (folder / "loop").symlink_to(folder, target_is_directory=True)
    (folder / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    with time_limit(20), Library(tmp_path / "library") as lib:
        results = {
            Path(r.path).name: r
            for r in lib.import_paths([folder, "/dev/zero", tmp_path / "missing.md"])
        }
    assert results["report.txt"].status == "imported"
    assert (
        results["pipe.txt"].status == "error" and "not a regular file" in results["pipe.txt"].error
    )
    assert (
        results["dangling.txt"].status == "error"
        and "no such file" in results["dangling.txt"].error
    )
    assert results["zero"].status == "error" and "not a regular file" in results["zero"].error
    assert results["missing.md"].status == "error" and "no such file" in results["missing.md"].error


def test_markup_in_report_text_prints_literally_in_the_export(cli, tmp_path, no_network):
    source = tmp_path / "markup-injection.txt"
    source.write_text(MARKUP_INJECTION, encoding="utf-8")
    assert cli("import", source).code == 0
    out = tmp_path / "out.pdf"
    result = cli(
        "brief",
        "--sections",
        "Executive Summary,Strategic Outlook",
        "--title",
        "Injection",
        "-o",
        out,
        "--json",
    )
    assert result.code == 0, result.err
    assert result.json["items"] == 2
    raw = out.read_bytes()
    reader = PdfReader(out)
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    for literal in (
        "<font size=300 color=red>HUGE</font>",
        '<a href="javascript:alert(1)">click-me</a>',
        "<para>para</para>",
        "<script>alert(3)</script>",
        "AT&T a<b c>d",
        "<seq id=x/>",
    ):
        assert literal in text, literal
    assert b"javascript" not in raw.lower() and b"/JavaScript" not in raw and b"/JS" not in raw
    # No picture was loaded from the text: only the brand's own images, as in a harmless briefing.
    plain = tmp_path / "plain.txt"
    plain.write_text(REPORT_TEXT, encoding="utf-8")
    assert cli("import", plain, library=tmp_path / "plain-library").code == 0
    assert (
        cli(
            "brief",
            "--sections",
            "Executive Summary,Strategic Outlook",
            "--title",
            "Injection",
            "-o",
            tmp_path / "plain.pdf",
            library=tmp_path / "plain-library",
        ).code
        == 0
    )
    images = b"/Subtype /Image"
    assert raw.count(images) == (tmp_path / "plain.pdf").read_bytes().count(images)
    assert b"root:" not in raw
    uris = [
        a.get_object()["/A"].get("/URI")
        for page in reader.pages
        for a in page.get("/Annots", [])
        if a.get_object().get("/A")
    ]
    assert all(str(u).startswith(("http://", "https://", "mailto:")) for u in uris if u)
