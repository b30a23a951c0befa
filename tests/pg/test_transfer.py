"""Copying a library keeps each stored value as it was, whatever the process's hash seed."""

from __future__ import annotations

from briefapp.library import Library
from briefapp.library.transfer import copy_library

SHORT_NOTE = b"Harbour note\n\nThe ferry to Vellmar Island left on time.\n"


def test_copy_keeps_a_missing_near_duplicate_sketch_missing(tmp_path):
    with Library(tmp_path / "source") as source, Library(tmp_path / "copy") as target:
        source.import_bytes(SHORT_NOTE, "harbour_note.txt")
        with source.store.read() as conn:
            before = conn.execute("SELECT id, sketch, tags FROM reports ORDER BY id").fetchall()
        assert before and all(row[1] is None for row in before)  # too short for a sketch

        copy_library(source, target)

        with target.store.read() as conn:
            after = conn.execute("SELECT id, sketch, tags FROM reports ORDER BY id").fetchall()
    assert [tuple(r) for r in after] == [tuple(r) for r in before]
