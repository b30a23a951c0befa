"""The same article captured twice is stored once more but marked as repeating the first
capture; different reports sharing a publisher's template are never merged."""

from __future__ import annotations

import json

from briefapp.library import Library
from tests.conftest import both_backends

BODY = [
    "Armed men stopped four fuel tankers on the road north of Bol on Tuesday night.",
    "The drivers were released the next morning after the owners paid an unknown sum.",
    "Local traders say the route has seen three such seizures since the rains ended.",
    "The regional governor has promised mounted patrols but none have been seen so far.",
    "Fuel prices in the lakeside markets rose by a third within two days of the seizure.",
    "Smugglers are now shifting cargo to canoes that cross the open water at night.",
    "Humanitarian convoys have paused deliveries to two camps east of the lake shore.",
    "Officials expect the seizures to continue until the patrols are actually deployed.",
]
TEMPLATE_HEAD = "Lakeshore Monitor Daily Brief\n\nThis brief is produced for subscribers only. "
TEMPLATE_TAIL = (
    "\n\nLakeshore Monitor analysts compile this brief from local sources every weekday. "
    "Reproduction of this brief requires the written consent of the editors. "
    "Contact the duty desk for corrections and clarifications to any item. "
)


def article(title: str, body: list[str], extra: str = "") -> bytes:
    text = f"{title}\n\nExecutive Summary\n{' '.join(body[:4])}\n\nDetails\n"
    return (text + " ".join(body[4:]) + extra).encode()


def other_body(seed: int) -> list[str]:
    places = ["Mao", "Bol", "Diffa", "Kousseri", "Baga", "Ngouri", "Liwa", "Bosso"]
    return [
        f"Report {seed}: patrol number {n} visited {places[(seed + n) % 8]} market and counted"
        f" {seed * 7 + n} stalls selling grain, {seed + n * 3} selling fuel and {n} closed."
        for n in range(8)
    ]


@both_backends
def test_a_second_capture_with_an_extra_line_is_marked(library: Library):
    first = library.import_bytes(article("Tanker Seizures North of Bol", BODY), "bol.txt")
    again = library.import_bytes(
        article("Tanker Seizures North of Bol", BODY, extra="\n\nShare this article."),
        "bol (1).txt",
    )
    assert first.status == again.status == "imported"
    assert first.near_duplicate_of is None
    assert again.near_duplicate_of == first.report_id
    assert library.get_report(again.report_id).near_duplicate_of == first.report_id


@both_backends
def test_another_page_template_around_the_same_article_is_marked(library: Library):
    first = library.import_bytes(article("Tanker Seizures North of Bol", BODY), "bol.txt")
    wrapped = (
        "<html><head><title>Tanker Seizures North of Bol | Lake News</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/sahel'>Sahel</a></nav><article>"
        "<h1>Tanker Seizures North of Bol</h1><h2>Executive Summary</h2>"
        f"<p>{' '.join(BODY[:4])}</p><h2>Details</h2>"
        + "".join(f"<p>{s}</p>" for s in BODY[4:])
        + "</article><footer>Subscribe to our newsletter.</footer></body></html>"
    )
    again = library.import_bytes(wrapped.encode(), "bol.html")
    assert again.status == "imported"
    assert again.near_duplicate_of == first.report_id


@both_backends
def test_reports_sharing_a_template_are_not_merged(library: Library):
    results = [
        library.import_bytes(
            (
                TEMPLATE_HEAD + article(f"Market Count {n}", other_body(n)).decode() + TEMPLATE_TAIL
            ).encode(),
            f"count-{n}.txt",
        )
        for n in range(1, 6)
    ]
    assert all(r.status == "imported" for r in results)
    assert [r.near_duplicate_of for r in results] == [None] * 5


@both_backends
def test_captures_in_one_import_batch_are_marked_like_captures_imported_apart(
    library: Library, tmp_path
):
    folder = tmp_path / "captures"
    folder.mkdir()
    files = {
        "1-bol.txt": article("Tanker Seizures North of Bol", BODY),
        "2-count.txt": article("Market Count 1", other_body(1)),
        "3-bol-again.txt": article("Tanker Seizures", BODY, extra="\n\nShare this article."),
        "4-count-again.txt": article("Market Count 1", other_body(1), extra="\n\nCopy 2."),
        "5-bol-third.txt": article("Tanker Seizures North of Bol", BODY, extra="\n\nCopy 3."),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    results = library.import_paths([folder], batch_size=3)  # two batches: 3 files, then 2
    ids = {r.path.rsplit("/", 1)[-1]: r.report_id for r in results}
    marks = {name: r.near_duplicate_of for name, r in zip(ids, results, strict=True)}
    assert marks == {
        "1-bol.txt": None,
        "2-count.txt": None,
        "3-bol-again.txt": ids["1-bol.txt"],
        "4-count-again.txt": ids["2-count.txt"],
        "5-bol-third.txt": ids["1-bol.txt"],
    }
    later = library.import_bytes(article("Bol Tankers", BODY, extra="\n\nCopy 4."), "later.txt")
    assert later.near_duplicate_of == ids["1-bol.txt"]


@both_backends
def test_a_group_keeps_pointing_at_its_first_capture(library: Library):
    ids = [
        library.import_bytes(
            article("Tanker Seizures", BODY, extra=f"\n\nCopy {n}."), f"{n}.txt"
        ).report_id
        for n in range(3)
    ]
    assert [library.get_report(i).near_duplicate_of for i in ids] == [None, ids[0], ids[0]]
    library.delete_report(ids[0])
    assert [library.get_report(i).near_duplicate_of for i in ids[1:]] == [None, ids[1]]


@both_backends
def test_import_json_and_show_json_carry_the_mark(cli, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_bytes(article("Tanker Seizures North of Bol", BODY))
    (tmp_path / "in" / "b.txt").write_bytes(
        article("Tanker Seizures North of Bol", BODY, extra="\n\nPrint this page.")
    )
    result = cli("import", "--json", str(tmp_path / "in"))
    items = json.loads(result.out)
    assert [i["near_duplicate_of"] for i in items] == [None, items[0]["report_id"]]
    shown = json.loads(cli("show", "--json", str(items[1]["report_id"])).out)
    assert shown["near_duplicate_of"] == items[0]["report_id"]
    listed = json.loads(cli("list", "--json").out)
    assert {r["id"]: r["near_duplicate_of"] for r in listed} == {
        items[0]["report_id"]: None,
        items[1]["report_id"]: items[0]["report_id"],
    }
    assert all("url" in r for r in listed)


@both_backends
def test_search_json_carries_the_mark(cli, tmp_path):
    (tmp_path / "a.txt").write_bytes(article("Tanker Seizures North of Bol", BODY))
    (tmp_path / "b.txt").write_bytes(article("Tanker Seizures North of Bol", BODY, extra="\n\nX."))
    cli("import", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"))
    hits = json.loads(cli("search", "--json", "tankers").out)
    assert {h["report_id"]: h["near_duplicate_of"] for h in hits} == {1: None, 2: 1}


@both_backends
def test_reparse_marks_repeats_in_a_library_stored_before_marks_existed(library: Library):
    first = library.import_bytes(article("Tanker Seizures", BODY), "a.txt")
    again = library.import_bytes(article("Tanker Seizures", BODY, extra="\n\nX."), "b.txt")
    with library.write() as conn:  # as an older importer left them: no sketches, no marks
        conn.execute("UPDATE reports SET near_duplicate_of = NULL, sketch = NULL")
        conn.execute("DELETE FROM report_sketch")
        conn.execute("UPDATE sections SET text = text || ' Old parse.'")
    library.reparse()
    assert library.get_report(again.report_id).near_duplicate_of == first.report_id
