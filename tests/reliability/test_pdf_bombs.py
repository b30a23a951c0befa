"""PDFs built to exhaust the importer: inflation bombs, floods of text, hostile structure.

Each file is generated here (nothing is downloaded). Every one must end, quickly and within a
bounded amount of memory, as a clear per-file error or a clean import.
"""

from __future__ import annotations

import io
import struct
import subprocess
import sys
import textwrap
import zlib
from pathlib import Path

import pytest
from limits import time_limit

from briefapp.errors import ImportFailed
from briefapp.ingest import pdf, pdf_limits
from briefapp.ingest.pipeline import parse_report

VISIBLE = b"BT /F1 12 Tf 20 100 Td (Convoy delayed at the Maradi border post) Tj ET\n"


def _flate_bomb(mebibytes: int, prefix: bytes = VISIBLE) -> bytes:
    """Deflate ``prefix`` and then ``mebibytes`` MiB of spaces, about 1,000:1.

    After a full flush deflate starts afresh, so one flushed mebibyte of spaces compresses to
    the same bytes every time: repeating them builds a 2 GiB stream without compressing it.
    """
    chunk = b" " * 2**20
    deflater = zlib.compressobj(9)
    start = deflater.compress(prefix + chunk) + deflater.flush(zlib.Z_FULL_FLUSH)
    again = deflater.compress(chunk) + deflater.flush(zlib.Z_FULL_FLUSH)
    end = deflater.flush()[:-4]  # the checksum deflater gives covers only what it saw
    checksum = zlib.adler32(prefix + chunk)
    for _ in range(mebibytes - 1):
        checksum = zlib.adler32(chunk, checksum)
    return start + again * (mebibytes - 1) + end + struct.pack(">I", checksum)


def _pdf(page_contents: list[bytes], extra_dict: bytes = b"", catalog_extra: bytes = b"") -> bytes:
    """Write a PDF by hand, one page per content stream (given already deflated)."""
    count = len(page_contents)
    font = 3 + 2 * count
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b">>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (b" ".join(b"%d 0 R" % (3 + 2 * i) for i in range(count)), count),
    ]
    for i, stream in enumerate(page_contents):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents %d 0 R"
            b" /Resources << /Font << /F1 %d 0 R >> >> >>" % (4 + 2 * i, font)
        )
        objects.append(
            b"<< /Length %d /Filter /FlateDecode %s>>\nstream\n" % (len(stream), extra_dict)
            + stream
            + b"\nendstream"
        )
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer << /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out


def _import_in_child(path: Path) -> tuple[str, int]:
    """Import ``path`` in a fresh interpreter; return what it said and its peak memory in MiB.

    Linux carries a process's peak over exec, so getrusage in the child would report the
    test runner's own size when that is larger; VmHWM starts afresh with the new program.
    """
    script = textwrap.dedent(f"""
        import resource
        from briefapp.errors import ImportFailed
        from briefapp.ingest.pipeline import parse_report
        try:
            report = parse_report(open({str(path)!r}, "rb").read(), {path.name!r})
            print("imported", report.title)
        except ImportFailed as error:
            print("error", error)
        try:  # the peak of this program alone (Linux)
            status = open("/proc/self/status").read()
            print(int(status.split("VmHWM:")[1].split()[0]) // 1024)
        except (OSError, IndexError):
            print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
    """)
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    said, peak = out.stdout.strip().rsplit("\n", 1)
    return said, int(peak)


def test_content_stream_inflating_to_2_gib_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    """2 MB on disk, 2 GiB inflated: a clear error, and the importer stays far below 1 GB."""
    path = tmp_path / "bomb.pdf"
    path.write_bytes(_pdf([_flate_bomb(2048)]))
    assert path.stat().st_size < 3 * 2**20
    said, peak_mib = _import_in_child(path)
    assert said.startswith("error") and "bomb.pdf: too large when decompressed" in said
    print(f"peak RSS importing a 2 GiB content-stream bomb: {peak_mib} MiB")
    assert peak_mib < 512


def test_many_streams_each_under_the_cap_are_refused_together() -> None:
    """Fifty pages of 3 MiB each pass one by one but not as a document."""
    data = _pdf([_flate_bomb(3)] * 50)
    with time_limit(30), pytest.raises(ImportFailed, match="too large when decompressed"):
        pdf.extract(data, "pages.pdf")


def test_content_stream_posing_as_an_image_is_still_capped() -> None:
    """Calling the content stream an image buys a larger cap, not an unlimited one."""
    data = _pdf([_flate_bomb(2048)], extra_dict=b"/Subtype /Image ")
    with time_limit(30), pytest.raises(ImportFailed, match="too large when decompressed"):
        pdf.extract(data, "image.pdf")


def test_dense_text_stream_is_refused_before_pdfium_reads_it() -> None:
    """6 MiB of text operators would take PDFium some 700 MB; they never reach it."""
    line = b"(convoy convoy convoy convoy convoy convoy convoy convoy convoy convoy) ' "
    flood = b"BT /F1 1 Tf 1 0 0 1 2 190 Tm 1.2 TL " + line * (6 * 2**20 // len(line)) + b"ET\n"
    data = _pdf([zlib.compress(flood)])
    with time_limit(10), pytest.raises(ImportFailed, match="dense.pdf: too large when decomp"):
        pdf.extract(data, "dense.pdf")


def test_page_with_too_much_text_is_refused() -> None:
    """A quarter of a million characters on one page (a normal page holds a few thousand)."""
    line = b"(convoy convoy convoy convoy convoy convoy convoy convoy convoy convoy) ' "
    flood = b"BT /F1 1 Tf 1 0 0 1 2 190 Tm 1.2 TL " + line * 4000 + b"ET\n"
    data = _pdf([zlib.compress(flood)])
    with time_limit(30), pytest.raises(ImportFailed, match="flood.pdf: too much text"):
        pdf.extract(data, "flood.pdf")


def test_document_with_too_much_text_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """The cap on the whole document counts every page read (lowered here to stay quick)."""
    monkeypatch.setattr(pdf, "MAX_CHARS", 500)
    page = zlib.compress(b"BT /F1 10 Tf 20 100 Td (" + b"Convoy report line. " * 10 + b") Tj ET")
    assert pdf.extract(_pdf([page] * 2), "short.pdf").blocks
    with pytest.raises(ImportFailed, match="long.pdf: too much text"):
        pdf.extract(_pdf([page] * 4), "long.pdf")


def test_ten_thousand_pages_stop_at_the_page_cap_quickly() -> None:
    """The first pages are imported and the report says where reading stopped."""
    page = zlib.compress(VISIBLE)
    data = _pdf([page] * 10_000)
    with time_limit(60):
        extracted = pdf.extract(data, "long.pdf")
    assert f"Import stopped after {pdf.MAX_PAGES} pages" in extracted.blocks[-1].text


def test_javascript_and_launch_actions_are_never_run() -> None:
    """Document JavaScript and an OpenAction launch are inert; only the visible text comes in."""
    catalog = (
        b"/OpenAction << /S /JavaScript /JS (app.alert('SCRIPT-RAN'); this.print();) >> "
        b"/Names << /JavaScript << /Names [(x) << /S /JavaScript /JS (app.launchURL"
        b"('http://198.51.100.7/'); ) >>] >> >> "
        b"/AA << /WC << /S /Launch /F (/bin/sh) >> >> "
    )
    report = parse_report(_pdf([zlib.compress(VISIBLE * 2)], catalog_extra=catalog), "js.pdf")
    text = "\n".join(section.text for section in report.sections)
    assert "Convoy delayed at the Maradi border post" in (report.title or "") + text
    assert "SCRIPT-RAN" not in text and "launchURL" not in text


def test_stream_without_endstream_or_zlib_data_does_not_trip_the_guard() -> None:
    """Damaged or non-Flate streams are PDFium's to judge: the guard only counts bytes."""
    data = _pdf([b"not zlib at all"]) + b"1 0 obj << /Filter /FlateDecode >>\nstream\n\x78\x9c"
    try:
        pdf_limits.check_inflated_size(data, "odd.pdf")
    except ImportFailed as error:  # pragma: no cover - the assertion below explains
        raise AssertionError(f"guard refused a small file: {error}") from None


def test_scanned_page_images_are_not_counted_as_text(tmp_path: Path) -> None:
    """A large Flate image (a screenshot-like page) imports: images never count as text."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    pil = pytest.importorskip("PIL.Image")
    picture = pil.new("RGB", (3000, 3000), (200, 200, 200))
    out = io.BytesIO()
    c = canvas.Canvas(out, invariant=1)
    c.drawImage(ImageReader(picture), 0, 0, 500, 500)
    c.setFont("Helvetica", 11)
    c.drawString(72, 720, "Convoys between Zinder and Agadez now travel with an escort.")
    c.save()
    extracted = pdf.extract(out.getvalue(), "picture.pdf")
    assert "Zinder" in extracted.blocks[0].text
