"""The trash on the command line: ``delete``, ``restore`` and ``trash [--empty]``."""

from __future__ import annotations

import argparse

from briefapp.cli.output import (
    iso,
    print_json,
    print_outcomes,
    print_table,
    printable,
    report_summary,
)
from briefapp.library import Library, TrashResult
from briefapp.paths import default_library_dir


def _open(args: argparse.Namespace) -> Library:
    return Library(default_library_dir(args.library), create=False)


def _outcomes(args: argparse.Namespace, results: list[TrashResult], status: str, done: str) -> int:
    """One JSON object or line per id; exit status 1 when any id failed."""
    return print_outcomes(
        args.json,
        results,
        [(status, done)],
        lambda r: f"#{r.report_id}: {printable(r.error)}",
        lambda r: f"#{r.report_id:<6} {printable(r.title)}",
    )


def cmd_delete(args: argparse.Namespace) -> int:
    with _open(args) as lib:
        results = lib.delete_reports(args.ids)
    return _outcomes(args, results, "deleted", "moved to the trash")


def cmd_restore(args: argparse.Namespace) -> int:
    with _open(args) as lib:
        results = lib.restore_reports(args.ids)
    return _outcomes(args, results, "restored", "restored")


def cmd_trash(args: argparse.Namespace) -> int:
    with _open(args) as lib:
        trashed = lib.trash()
        if args.empty:
            removed = lib.empty_trash([t.report.id for t in trashed if t.report.id is not None])
    if args.empty:
        if args.json:
            print_json([{"report_id": i, "status": "purged", "error": None} for i in removed])
        else:
            print(f"removed {len(removed)} report(s) for good")
        return 0
    if args.json:
        print_json([{**report_summary(t.report), "deleted_at": iso(t.deleted_at)} for t in trashed])
        return 0
    print_table(
        ["ID", "Deleted", "Title", "Publisher"],
        [
            [
                t.report.id,
                t.deleted_at.strftime("%Y-%m-%d %H:%M") if t.deleted_at else "—",
                t.report.title,
                t.report.publisher or "—",
            ]
            for t in trashed
        ],
        flexible=2,
    )
    print(f"{len(trashed)} report(s) in the trash")
    return 0
