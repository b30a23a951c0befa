"""The command implementations: each opens the library and calls the same API as the GUI."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

from briefapp.cli.output import (
    Progress,
    iso,
    print_json,
    print_outcomes,
    print_table,
    printable,
    report_detail,
    report_summary,
)
from briefapp.cli.trash_commands import cmd_delete, cmd_restore, cmd_trash
from briefapp.errors import BriefappError
from briefapp.ingest.dates import parse_user_date
from briefapp.library import Library, ReportFilter
from briefapp.models import Briefing, ExportFormat
from briefapp.paths import default_library_dir

# stand-ins for the search snippet's highlight codes while it is made printable (Unicode
# noncharacters: never in a report's text)
_MARK_ON, _MARK_OFF = "\ufdd1", "\ufdd2"


def open_library(args: argparse.Namespace, create: bool = False) -> Library:
    """The library the command works on. Only commands that add to a library create one, so
    a mistyped --library path is an error rather than a new empty library."""
    return Library(default_library_dir(args.library), create=create)


def library_folder(location: Path | str) -> Path:
    """The local folder of a library (brands live there): the folder itself, or for a
    server library the folder this computer keeps for that server."""
    if isinstance(location, Path):
        return location
    from briefapp.library.pg.store import local_folder

    return local_folder(location)


def _date(text: str | None, what: str) -> datetime | None:
    if not text:
        return None
    try:
        return parse_user_date(text)
    except ValueError as exc:
        raise BriefappError(f"{what}: {exc}") from None


def _filters(args: argparse.Namespace) -> ReportFilter:
    from briefapp.ingest.countries import normalise_country

    return ReportFilter(
        countries=[normalise_country(c) or c for c in args.country],
        topics=args.topic,
        publishers=args.publisher,
        since=_date(args.since, "--since"),
    )


def cmd_import(args: argparse.Namespace) -> int:
    with open_library(args, create=True) as lib:
        results = lib.import_paths(
            args.paths,
            publisher=args.publisher,
            progress=Progress("Importing", enabled=not args.json),
        )
    return print_outcomes(
        args.json,
        results,
        [("imported", "imported"), ("duplicate", "duplicate(s)")],
        lambda r: f"{printable(r.path)}: {printable(r.error)}",
        lambda r: f"#{r.report_id:<6} {printable(r.path)}",
    )


def cmd_list(args: argparse.Namespace) -> int:
    with open_library(args) as lib:
        reports = lib.list_reports(_filters(args), limit=args.limit)
    if args.json:
        print_json([report_summary(r) for r in reports])
        return 0
    print_table(
        ["ID", "Published", "Title", "Publisher", "Countries", "Grade"],
        [
            [
                r.id,
                r.published.date().isoformat() if r.published else "—",
                r.title,
                r.publisher or "—",
                ", ".join(r.countries),
                r.grade,
            ]
            for r in reports
        ],
        flexible=2,
    )
    print(f"{len(reports)} report(s)")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    with open_library(args) as lib:
        report = lib.get_report(args.id)
        deleted = lib.deleted_at(args.id)
    if args.json:
        print_json({**report_detail(report), "deleted_at": iso(deleted)})
        return 0
    if deleted is not None:
        print(
            f"In the trash since {deleted.strftime('%d %B %Y %H:%M')} UTC"
            f" (bring it back with `briefapp restore {report.id}`)\n"
        )
    title = printable(report.title)
    print(title)
    print("=" * min(len(title), 100))
    published = report.published.strftime("%d %B %Y %H:%M") if report.published else "unknown"
    print(f"Published:  {published}")
    print(f"Publisher:  {printable(report.publisher or 'unknown')}   Grade: {report.grade}")
    print(f"Countries:  {printable(', '.join(report.countries)) or '—'}")
    print(f"Topics:     {printable(', '.join(report.topics)) or '—'}")
    if report.tags:
        print(f"Tags:       {printable(', '.join(report.tags))}")
    print(f"Source:     {printable(report.source_file)}")
    for s in report.sections:
        print(f"\n## {printable(s.heading)}  [{s.kind}]\n\n{printable(s.text, lines=True)}")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    with open_library(args) as lib:
        hits = lib.search(args.query, limit=args.limit, filters=_filters(args))
    if args.json:
        print_json(
            [
                {
                    "report_id": h.report_id,
                    "title": h.title,
                    "section": h.section,
                    "snippet": h.snippet_marked(),
                    "kind": h.section_kind,
                    "rank": round(h.rank, 4),
                    "published": iso(h.published),
                    "publisher": h.publisher,
                    "near_duplicate_of": h.near_duplicate_of,
                }
                for h in hits
            ]
        )
        return 0
    if not hits:
        print("no match")
        return 0
    bold, plain = ("\033[1m", "\033[0m") if sys.stdout.isatty() else ("[", "]")
    for h in hits:
        print(f"#{h.report_id}  {printable(h.title)} — {printable(h.section)}")
        # the snippet is made printable first, then our own bold codes go in
        snippet = printable(h.snippet_marked(_MARK_ON, _MARK_OFF))
        print(f"      {snippet.replace(_MARK_ON, bold).replace(_MARK_OFF, plain)}\n")
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    changes: dict = {}
    if args.title is not None:
        changes["title"] = args.title
    if args.published is not None:
        changes["published"] = (
            None if args.published.lower() in ("none", "") else _date(args.published, "--published")
        )
    if args.publisher is not None:
        changes["publisher"] = args.publisher
    if args.country is not None:
        from briefapp.ingest.countries import normalise_country

        unknown = [c for c in args.country if normalise_country(c) is None]
        if unknown:
            raise BriefappError(f"not a country: {', '.join(unknown)}")
        changes["countries"] = [normalise_country(c) for c in args.country]
    if args.topic is not None:
        changes["topics"] = args.topic
    if args.grade is not None:
        changes["grade"] = args.grade
    if args.tag is not None:
        changes["tags"] = args.tag
    if not changes:
        raise BriefappError("nothing to change (see briefapp edit --help)")
    with open_library(args) as lib:
        report = lib.update_report(args.id, **changes)
    if args.json:
        print_json(report_detail(report))
    else:
        print(f"updated report #{report.id}: {printable(report.title)}")
    return 0


def cmd_reparse(args: argparse.Namespace) -> int:
    with open_library(args) as lib:
        results = lib.reparse(
            None if args.all else args.ids,
            metadata=args.metadata,
            progress=Progress("Reading again", enabled=not args.json),
        )
    return print_outcomes(
        args.json,
        results,
        [("updated", "updated"), ("unchanged", "unchanged")],
        lambda r: f"#{r.report_id}: {printable(r.error)}",
        lambda r: f"#{r.report_id:<6} {printable(r.title)}",
    )


def cmd_publisher(args: argparse.Namespace) -> int:
    with open_library(args, create=True) as lib:
        if args.reliability is not None:
            lib.set_publisher_reliability(
                args.name, None if args.reliability.lower() == "none" else args.reliability
            )
        row = next((p for p in lib.publishers() if p[0] == args.name), (args.name, None, 0))
    if args.json:
        print_json({"publisher": row[0], "reliability": row[1], "reports": row[2]})
    else:
        print(f"{printable(row[0])}: reliability {row[1] or 'not set'}, {row[2]} report(s)")
    return 0


def _brand_dirs(lib: Library) -> list[Path]:
    from briefapp.paths import user_brands_dir

    return [lib.folder / "brands", user_brands_dir()]  # (the window's brand editor saves there)


def export_format(out: Path, forced: ExportFormat | None) -> ExportFormat:
    """``pdf`` or ``docx``: ``--format`` if given, else the output's extension, else pdf."""
    if forced:
        return forced
    return "docx" if out.suffix.lower() == ".docx" else "pdf"


def _export(args: argparse.Namespace, lib: Library, briefing: Briefing, brand_name: str) -> int:
    from briefapp.brands import load_brand
    from briefapp.briefing.markings import banner_text, releasable

    brand = load_brand(brand_name, _brand_dirs(lib))
    withheld: list[dict[str, object]] = []
    if getattr(args, "max_marking", None):
        briefing, withheld = releasable(briefing, brand, args.max_marking)
    marking = banner_text(briefing, brand)  # also refuses a classification below an item's
    out = Path(args.output)
    fmt = export_format(out, getattr(args, "format", None))
    pages: int | None
    if fmt == "docx":
        from briefapp.render.docx_export import export_docx

        if args.password:
            raise BriefappError("--password protects PDF exports only; leave it out for Word")
        export_docx(briefing, brand, out)
        pages = None  # Word lays out the pages itself, on the reader's machine
    else:
        from briefapp.render import render_briefing

        pages = render_briefing(briefing, brand, out, password=args.password)
    if args.json:
        print_json(
            {
                "output": str(out),
                "pages": pages,
                "brand": brand.name,
                "items": len(briefing.items),
                "title": briefing.title,
                "encrypted": bool(args.password),
                "marking": marking,
                "withheld": withheld,
                "format": fmt,
            }
        )
    else:
        size = f"{pages} pages, " if pages is not None else "Word document, "
        print(
            f"wrote {printable(out)} ({size}{len(briefing.items)} items, "
            f"brand {printable(brand.name)}, {printable(marking)})"
        )
        if withheld:
            print(
                f"withheld {len(withheld)} above {printable(args.max_marking)}: "
                + ", ".join(
                    f"item {w['item']}" if "item" in w else f"judgement {w['judgement']}"
                    for w in withheld
                )
            )
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from briefapp.briefing import briefing_from_spec, read_spec

    spec = read_spec(args.spec)
    with open_library(args) as lib:
        briefing = lib.mark_deleted_sources(briefing_from_spec(spec, lib, source=args.spec))
        return _export(args, lib, briefing, args.brand or briefing.brand or "default")


def cmd_lint(args: argparse.Namespace) -> int:
    from briefapp.brands import load_brand
    from briefapp.briefing import briefing_from_spec, read_spec
    from briefapp.briefing.estimative import lint_briefing

    spec = read_spec(args.spec)
    with open_library(args) as lib:
        briefing = briefing_from_spec(spec, lib, source=args.spec)
        brand = load_brand(args.brand or briefing.brand or "default", _brand_dirs(lib))
    findings = lint_briefing(briefing, brand)
    if args.json:
        print_json([f.as_json() for f in findings])
    else:
        for f in findings:
            print(f"{printable(args.spec)}: {f.item}: {printable(f.problem)}")
            print(f"    {printable(f.text)}")
            if f.suggestion:
                print(f"    suggestion: {printable(f.suggestion)}")
        count = len(findings)
        print(f"{count} finding{'' if count == 1 else 's'}", file=sys.stderr)
    return 1 if findings else 0


def cmd_brief(args: argparse.Namespace) -> int:
    from briefapp.briefing import quick_briefing

    sections = [s.strip() for s in args.sections.split(",") if s.strip()]
    if not sections:
        raise BriefappError("--sections needs at least one section heading")
    with open_library(args) as lib:
        briefing = quick_briefing(lib, _filters(args), sections, title=args.title)
        briefing.subtitle, briefing.author = args.subtitle, args.author
        briefing.classification, briefing.brand = args.classification, args.brand
        return _export(args, lib, briefing, args.brand)


def cmd_brands(args: argparse.Namespace) -> int:
    from briefapp.brands import list_brands

    brands = list_brands([library_folder(default_library_dir(args.library)) / "brands"])
    if args.json:
        print_json(
            [
                {
                    "name": b.name,
                    "organisation": b.organisation,
                    "page_size": b.page_size,
                    "classification": b.classification,
                    "folder": str(b.folder),
                }
                for b in brands
            ]
        )
    else:
        print_table(
            ["Name", "Organisation", "Page", "Default classification"],
            [[b.name, b.organisation, b.page_size, b.classification] for b in brands],
            flexible=1,
        )
    return 0


def cmd_briefings(args: argparse.Namespace) -> int:
    from briefapp.briefing import briefing_to_toml

    if args.spec is not None:
        with open_library(args) as lib:
            briefing = lib.load_briefing(args.spec)
        spec = briefing_to_toml(briefing)
        if args.json:
            print_json({"id": briefing.id, "title": briefing.title, "spec": spec})
        else:
            sys.stdout.write(spec)
        return 0
    with open_library(args) as lib:
        infos = lib.list_briefings()
    if args.json:
        print_json(
            [
                {
                    "id": b.id,
                    "title": b.title,
                    "subtitle": b.subtitle,
                    "items": b.item_count,
                    "updated_at": iso(b.updated_at),
                }
                for b in infos
            ]
        )
    elif infos:
        print_table(
            ["ID", "Title", "Items", "Updated"],
            [[b.id, b.title, b.item_count, iso(b.updated_at)] for b in infos],
            flexible=1,
        )
    else:
        print("no briefings saved (make one in the window, or write a spec for `export`)")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    with open_library(args) as lib:
        result = lib.backup(args.out, overwrite=args.overwrite)
    if args.json:
        print_json(result.as_json())
    else:
        where = result.folder or result.database
        print(
            f"backed up {result.reports} report(s) and {result.originals} original(s) to "
            f"{printable(where)}"
            f" ({result.bytes / 1048576:.1f} MB in {result.seconds:.1f} s)"
        )
    return 0


__all__ = ["cmd_delete", "cmd_restore", "cmd_trash"]  # (dispatched by name from main.py)


def cmd_check(args: argparse.Namespace) -> int:
    with open_library(args) as lib:
        result = lib.check(repair=args.repair)
    if args.json:
        print_json(result.as_json())
    else:
        for action in result.repaired:
            print(f"repaired   {printable(action)}")
        for problem in result.problems:
            print(f"problem    [{problem.check}] {printable(problem.message)}", file=sys.stderr)
        state = "ok" if result.ok else f"{len(result.problems)} problem(s)"
        print(
            f"{result.reports} report(s), {result.sections} section(s), "
            f"{result.originals} original(s): {state}"
        )
        if (
            not result.ok
            and not args.repair
            and {p.check for p in result.problems} & {"search_index", "facets"}
        ):
            print("run 'briefapp check --repair' to rebuild the search index", file=sys.stderr)
    return 0 if result.ok else 1


def cmd_init(args: argparse.Namespace) -> int:
    with open_library(args, create=True) as lib:
        reports = lib.count_reports()
        location = str(lib.location)
    if args.json:
        print_json({"library": location, "reports": reports})
    else:
        print(f"library ready at {printable(location)}: {reports} report(s)")
    return 0


def cmd_copy_library(args: argparse.Namespace) -> int:
    from briefapp.library.transfer import copy_library

    with Library(args.source, create=False) as source, Library(args.target) as target:
        result = copy_library(source, target, progress=Progress("Copying", enabled=not args.json))
    if args.json:
        print_json(result.as_json())
    else:
        counts = ", ".join(f"{n} {table}" for table, n in result.counts.items())
        print(
            f"copied {printable(result.source)} to {printable(result.target)}: {counts}"
            f" ({result.seconds:.1f} s, counts verified)"
        )
    return 0
