"""Entry point of the ``briefapp`` command. Library commands import only what they need
(never Qt or reportlab), so `briefapp search` starts fast."""

from __future__ import annotations

import argparse
import os
import sys

from briefapp.errors import BriefappError
from briefapp.models import EXPORT_FORMATS, BriefingId, ReportId

COMMANDS_HELP = {
    "gui": "open the desktop workstation (the default with no command)",
    "import": "import report files and folders into the library",
    "list": "list reports, newest first, optionally filtered",
    "show": "show one report with its sections",
    "search": "full-text search over titles and sections",
    "edit": "correct a report's metadata",
    "reparse": "read reports again from their stored originals with the current importer",
    "publisher": "set a publisher's source reliability (A–F)",
    "export": "export a briefing described in a TOML file as a branded PDF or Word document",
    "lint": "check a briefing spec's estimative language (vague or mixed likelihood terms)",
    "brief": "quick briefing: chosen sections of every matching report, as a PDF or Word document",
    "brands": "list the brand profiles available for export",
    "briefings": "list the briefings saved in the library",
    "backup": "copy the whole library (originals included) to a backup, safely while in use",
    "check": "check the library's database, search index and originals; --repair fixes the index",
    "delete": "move reports to the trash (they leave lists and search; `restore` brings them back)",
    "restore": "bring reports back from the trash",
    "trash": "list the reports in the trash; --empty removes them for good",
    "copy-library": "copy a whole library between a folder and a PostgreSQL server (either way)",
    "init": "create an empty library (a folder, or the tables in an empty PostgreSQL database)"
    " or bring an existing one's tables up to this version",
}


def _count(text: str) -> int:
    """A --limit: a whole number from 0 up."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 0 <= value <= 10**9:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1000000000, not {value}")
    return value


def _id(text: str) -> int:
    """A report or briefing id: a positive whole number."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an id: {text!r}") from None
    if not 1 <= value < 2**63:
        raise argparse.ArgumentTypeError(f"ids are positive whole numbers, not {value}")
    return value


def _report_id(text: str) -> ReportId:
    """A report id from the command line (where report ids enter the program)."""
    return ReportId(_id(text))


def _briefing_id(text: str) -> BriefingId:
    """A briefing id from the command line."""
    return BriefingId(_id(text))


def output_options(
    p: argparse.ArgumentParser, *, brand_help: str, brand_default: str | None = None
) -> None:
    """The options `export` and `brief` share: where to write, in which format, branded how."""
    p.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="OUT.pdf",
        help="file to write: .pdf, or .docx for a Word document",
    )
    p.add_argument(
        "--format",
        choices=EXPORT_FORMATS,
        help="pdf or docx (default: from the output's extension, else pdf)",
    )
    p.add_argument("--brand", default=brand_default, metavar="NAME", help=brand_help)
    p.add_argument("--password", metavar="PW", help="encrypt the PDF (AES-256)")


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--library",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="library folder or postgresql://user@host:port/dbname server library"
        " (default: $BRIEFAPP_LIBRARY, else your user data folder)",
    )
    common.add_argument(
        "--json",
        action="store_true",
        default=argparse.SUPPRESS,
        help="print machine-readable JSON on stdout",
    )

    parser = argparse.ArgumentParser(
        prog="briefapp",
        parents=[common],
        description="Intelligence-briefing workstation: a local report library and branded"
        " PDF briefings.",
    )
    from briefapp import __version__

    parser.add_argument(
        "--version",
        action="version",
        version=f"briefapp {__version__}",
        help="print the version and exit",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str) -> argparse.ArgumentParser:
        return sub.add_parser(
            name, parents=[common], help=COMMANDS_HELP[name], description=COMMANDS_HELP[name]
        )

    add("gui")
    p = add("import")
    p.add_argument(
        "paths", nargs="+", metavar="PATH", help="files or folders (searched recursively)"
    )
    p.add_argument("--publisher", help="set the publisher of every imported report")

    def filters(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--country", action="append", default=[], metavar="C", help="country (repeatable)"
        )
        p.add_argument(
            "--topic", action="append", default=[], metavar="T", help="topic (repeatable)"
        )
        p.add_argument(
            "--publisher", action="append", default=[], metavar="P", help="publisher (repeatable)"
        )
        p.add_argument("--since", metavar="DATE", help="published on or after DATE")

    p = add("list")
    filters(p)
    p.add_argument("--limit", type=_count, default=None, help="at most N reports")

    p = add("show")
    p.add_argument("id", type=_report_id, metavar="ID")

    p = add("search")
    p.add_argument("query", metavar="QUERY", help='words, "quoted phrases", prefix* and OR')
    p.add_argument(
        "--limit", type=_count, default=20, metavar="N", help="at most N hits (default 20)"
    )
    filters(p)

    p = add("edit")
    p.add_argument("id", type=_report_id, metavar="ID")
    p.add_argument("--title", metavar="T", help="new title")
    p.add_argument("--published", metavar="D", help="publication date; 'none' clears it")
    p.add_argument("--publisher", metavar="P", help="publisher name")
    p.add_argument(
        "--country", action="append", metavar="C", help="replaces the countries (repeatable)"
    )
    p.add_argument("--topic", action="append", metavar="T", help="replaces the topics (repeatable)")
    p.add_argument(
        "--grade", metavar="B2", help="source grade: reliability A–F and credibility 1–6"
    )
    p.add_argument(
        "--tag", action="append", metavar="X", help="replaces the analyst tags (repeatable)"
    )

    p = add("reparse")
    which = p.add_mutually_exclusive_group()
    which.add_argument(
        "ids", nargs="*", type=_report_id, metavar="ID", default=[], help="reports to read again"
    )
    which.add_argument("--all", action="store_true", help="every report in the library")
    p.add_argument(
        "--metadata",
        action="store_true",
        help="also read title, date, countries and topics again (replaces corrections"
        " made with `edit`; the publisher stays)",
    )

    p = add("publisher")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--reliability", metavar="A-F", help="source reliability; 'none' clears it")

    p = add("export")
    p.add_argument("spec", metavar="SPEC.toml")
    output_options(p, brand_help="brand profile (overrides the spec)")
    p.add_argument(
        "--max-marking",
        metavar="LEVEL",
        help="releasable version: leave out every item and judgement marked above LEVEL",
    )

    p = add("lint")
    p.add_argument("spec", metavar="SPEC.toml")
    p.add_argument("--brand", metavar="NAME", help="brand profile (its estimative scale)")

    p = add("brief")
    filters(p)
    p.add_argument(
        "--sections",
        default="Executive Summary,Strategic Outlook",
        help='comma-separated section headings (default "Executive Summary,Strategic Outlook")',
    )
    p.add_argument("--title", default="", help="briefing title")
    p.add_argument("--subtitle", default="", help="subtitle on the cover")
    p.add_argument("--author", default="", help="author on the cover")
    p.add_argument(
        "--classification", default="", help="classification marking (default: the brand's)"
    )
    output_options(p, brand_default="default", brand_help="brand profile (default: default)")

    add("brands")
    p = add("briefings")
    p.add_argument(
        "--spec",
        type=_briefing_id,
        metavar="ID",
        help="print briefing ID as a TOML spec for `briefapp export` (own text and edits kept)",
    )

    p = add("backup")
    p.add_argument(
        "out",
        metavar="OUT",
        help="backup folder (becomes a library folder: use it with --library to restore),"
        " or a file name ending in .db for the database alone",
    )
    p.add_argument("--overwrite", action="store_true", help="replace a backup already at OUT")

    for name, verb in (("delete", "move to the trash"), ("restore", "bring back")):
        p = add(name)
        p.add_argument("ids", nargs="+", type=_report_id, metavar="ID", help=f"reports to {verb}")
    p = add("trash")
    p.add_argument(
        "--empty",
        action="store_true",
        help="remove every report in the trash for good, with originals no other report uses",
    )

    p = add("check")
    p.add_argument(
        "--repair",
        action="store_true",
        help="rebuild the search index and facet tables when they are out of step",
    )

    add("init")

    p = add("copy-library")
    p.add_argument("source", metavar="SRC", help="library folder or postgresql:// address")
    p.add_argument("target", metavar="DST", help="new, empty library folder or database")
    return parser


def main(argv: list[str] | None = None) -> int:
    import multiprocessing

    multiprocessing.freeze_support()  # big imports parse in worker processes, frozen build too
    argv = sys.argv[1:] if argv is None else argv
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "reparse" and not args.ids and not args.all:
        parser.error("reparse: name the reports to read again (IDs) or use --all")
    args.json = getattr(args, "json", False)
    args.library = getattr(args, "library", None)
    if args.command in (None, "gui"):
        from briefapp.gui.app import run_gui

        return run_gui(args.library)
    from briefapp.cli import commands

    try:
        return getattr(commands, f"cmd_{args.command.replace('-', '_')}")(args)
    except BriefappError as exc:
        _fail(args, str(exc))
        return 1
    except KeyboardInterrupt:
        _fail(args, "interrupted")
        return 130
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _fail(args: argparse.Namespace, message: str) -> None:
    from briefapp.cli.output import print_json, printable

    if args.json:
        print_json({"error": message})
    print(f"briefapp: error: {printable(message)}", file=sys.stderr)


if __name__ == "__main__":
    raise SystemExit(main())
