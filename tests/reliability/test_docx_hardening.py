"""Word files that broke the importer in review: malformed parts never stop a batch, and no
.docx may unpack past the per-file budget, whatever its zip directory says."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from briefapp.errors import ImportFailed
from briefapp.ingest import docx as docx_importer
from briefapp.ingest import docx_container
from briefapp.ingest import text as text_importer
from briefapp.library import Library
from tests.reliability.corpus import (
    REPORT_TEXT,
    _core_renamed_docx,
    _core_wrong_type_docx,
    _docx,
    _odd_body_docx,
    _replace_member,
    crc_lying_docx,
    dense_docx_bomb,
)

# Peak memory of a parse in a fresh interpreter may exceed that of a small document by this
# much. Before the budget, the dense bomb took 2.8 GB and the lying one 300 MB more.
RSS_HEADROOM_MB = 150

PEAK_RSS = """
import json, resource, sys
from briefapp.errors import ImportFailed
from briefapp.ingest.pipeline import parse_report
data = open(sys.argv[1], "rb").read()
try:
    parse_report(data, sys.argv[1])
    problem = None
except ImportFailed as exc:
    problem = exc.problem
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"problem": problem, "peak_mb": peak_mb}))
"""


def parse_in_subprocess(path: Path) -> dict:
    """Parse one file in a fresh interpreter: its error (or None) and its peak RSS in MB."""
    done = subprocess.run(
        [sys.executable, "-c", PEAK_RSS, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(done.stdout)


@pytest.fixture
def mixed_batch(tmp_path: Path) -> Path:
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "a-good.txt").write_text(REPORT_TEXT, encoding="utf-8")
    (folder / "b-good.docx").write_bytes(
        _docx(REPORT_TEXT.replace("fuel convoy", "grain convoy").splitlines())
    )
    (folder / "c-core-renamed.docx").write_bytes(_core_renamed_docx())
    (folder / "d-core-wrong-type.docx").write_bytes(_core_wrong_type_docx())
    garbage = _replace_member(_docx(["x"]), "word/document.xml", b"<w:document><<<")
    (folder / "e-damaged.docx").write_bytes(garbage)
    (folder / "f-good.md").write_text(REPORT_TEXT.replace("fuel", "water"), encoding="utf-8")
    return folder


def test_malformed_docx_in_a_batch_never_stops_it(cli, mixed_batch, library_dir):
    result = cli("import", "--json", mixed_batch)
    assert result.code == 1, result.err  # one file failed
    assert "Traceback" not in result.err
    outcome = {Path(row["path"]).name: row for row in result.json}
    assert {name: row["status"] for name, row in outcome.items()} == {
        "a-good.txt": "imported",
        "b-good.docx": "imported",
        # Core properties are hints: a broken core part costs the metadata, not the report.
        "c-core-renamed.docx": "imported",
        "d-core-wrong-type.docx": "imported",
        "e-damaged.docx": "error",
        "f-good.md": "imported",
    }
    assert outcome["e-damaged.docx"]["error"] == "damaged file"
    with Library(library_dir) as lib:
        assert lib.store.conn.execute("SELECT count(*) FROM reports").fetchone()[0] == 5
        report = lib.get_report(outcome["c-core-renamed.docx"]["report_id"])
        assert "Tillabéri" in " ".join(s.text for s in report.sections)


def test_an_unforeseen_failure_in_one_importer_is_that_files_error(
    cli, mixed_batch, library_dir, monkeypatch
):
    # Fault injection: the text importer meets a bug on one file (no real file does this today,
    # which is the point: the next bug must not stop a batch either).
    real_extract = text_importer.extract

    def buggy_extract(text: str, name: str):
        if name.endswith("a-good.txt"):
            raise AttributeError("'NoneType' object has no attribute 'group'")
        return real_extract(text, name)

    monkeypatch.setattr(text_importer, "extract", buggy_extract)
    result = cli("import", "--json", mixed_batch)
    assert result.code == 1
    outcome = {Path(row["path"]).name: row for row in result.json}
    assert outcome["a-good.txt"]["status"] == "error"
    assert outcome["a-good.txt"]["error"] == (
        "could not be read: AttributeError: 'NoneType' object has no attribute 'group'"
    )
    assert outcome["f-good.md"]["status"] == "imported"
    assert outcome["b-good.docx"]["status"] == "imported"


def test_an_unforeseen_failure_outside_the_parser_is_that_files_error(
    tmp_path, monkeypatch, mixed_batch
):
    # Fault injection after parsing (storing the parsed row), in parse_file's own steps.
    from briefapp.library import parsing as library_module

    real_row = library_module.stored_row

    def failing_row(report, publisher=None):
        if report.source_file == "f-good.md":
            raise UnicodeEncodeError("utf-8", "\udcff", 0, 1, "surrogates not allowed")
        return real_row(report, publisher)

    monkeypatch.setattr(library_module, "stored_row", failing_row)
    with Library(tmp_path / "library") as lib:
        results = {Path(r.path).name: r for r in lib.import_paths([mixed_batch])}
    assert results["f-good.md"].status == "error"
    assert results["f-good.md"].error.startswith("could not be read: UnicodeEncodeError: ")
    assert results["a-good.txt"].status == "imported"


def test_body_xml_python_docx_refuses_still_gives_the_text():
    extracted = docx_importer.extract(_odd_body_docx(), "odd.docx")
    text = "\n".join(b.text for b in extracted.blocks)
    for phrase in ("dangling link", "junk bold value", "odd list level", "odd span cell"):
        assert phrase in text


def test_core_properties_that_read_are_kept_when_others_do_not():
    data = _docx(REPORT_TEXT.splitlines())
    core = zipfile.ZipFile(io.BytesIO(data)).read("docProps/core.xml").decode()
    core = core.replace(
        "<dc:creator>python-docx</dc:creator>", "<dc:creator>Sahel Desk</dc:creator>"
    )
    core = core.replace("<cp:revision>1</cp:revision>", "<cp:revision>not a number</cp:revision>")
    extracted = docx_importer.extract(
        _replace_member(data, "docProps/core.xml", core.encode()), "x.docx"
    )
    assert extracted.author == "Sahel Desk"


def test_honest_bomb_under_the_old_ratio_guard_is_refused_from_the_directory(tmp_path):
    bomb = dense_docx_bomb(190)  # under the old 200 MB total, too
    member = zipfile.ZipFile(io.BytesIO(bomb)).getinfo("word/document.xml")
    assert member.file_size > 150 * 1024 * 1024 and member.file_size < 100 * member.compress_size
    (tmp_path / "bomb.docx").write_bytes(bomb)
    (tmp_path / "small.docx").write_bytes(_docx(REPORT_TEXT.splitlines()))
    small = parse_in_subprocess(tmp_path / "small.docx")
    refused = parse_in_subprocess(tmp_path / "bomb.docx")
    assert small["problem"] is None
    assert refused["problem"] == (
        "file too large when unpacked (zip bomb?): Word documents may hold at most 32 MB of text"
        " and markup"
    )
    assert refused["peak_mb"] < small["peak_mb"] + RSS_HEADROOM_MB, (refused, small)


def test_zip_directory_that_lies_with_a_matching_crc_is_not_inflated(tmp_path):
    (tmp_path / "lying.docx").write_bytes(crc_lying_docx(300))
    (tmp_path / "small.docx").write_bytes(_docx(REPORT_TEXT.splitlines()))
    small = parse_in_subprocess(tmp_path / "small.docx")
    lying = parse_in_subprocess(tmp_path / "lying.docx")
    assert lying["problem"] == "damaged file"  # the 1,000 declared bytes are half a document
    assert lying["peak_mb"] < small["peak_mb"] + RSS_HEADROOM_MB, (lying, small)


def test_markup_past_the_tag_budget_is_refused(monkeypatch):
    monkeypatch.setattr(docx_container, "MAX_XML_TAGS", 2_000)
    paragraphs = [f"Convoy {i} seen near Agadez." for i in range(400)]
    with pytest.raises(ImportFailed, match=r"more than 2,000 pieces of markup"):
        docx_importer.extract(_docx(paragraphs), "long.docx")


def test_pictures_are_not_unpacked_and_the_text_still_imports():
    import docx
    from PIL import Image

    picture = io.BytesIO()
    Image.new("RGB", (40, 40), (180, 20, 20)).save(picture, "PNG")
    picture.seek(0)
    document = docx.Document()
    document.add_paragraph("Convoy Attacks Rise on the Niamey Road", style="Title")
    document.add_picture(picture)
    document.add_paragraph("Gunmen stopped a fuel convoy near Tillabéri.")
    out = io.BytesIO()
    document.save(out)
    package = docx_container.read_package(out.getvalue(), "pictures.docx")
    pictures = [name for name in package if name.startswith("word/media/")]
    assert pictures and all(package[name] == b"" for name in pictures)
    extracted = docx_importer.extract(out.getvalue(), "pictures.docx")
    assert extracted.title == "Convoy Attacks Rise on the Niamey Road"
    assert "Tillabéri" in "\n".join(b.text for b in extracted.blocks)
