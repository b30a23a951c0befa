"""A corpus of hostile and broken input files, generated from code (nothing is downloaded).

Each builder writes one file into a folder and says what importing it must give: an error
whose message contains a phrase, a clean import, or either one (but never a crash).
"""

from __future__ import annotations

import io
import os
import random
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

SECRET = "TOP-SECRET-OUTSIDE-THE-LIBRARY"
REMOTE = "198.51.100.7"  # TEST-NET-2: never routable, and the tests forbid sockets anyway

REPORT_TEXT = """Convoy Attacks Rise on the Niamey Road

Executive Summary
Gunmen stopped a fuel convoy near Tillabéri and seized its cargo; the route remains open.

Strategic Outlook
Further incidents are likely along the route during the dry season.
"""


@dataclass
class Case:
    name: str  # file name inside the corpus folder
    expect: str  # "imported", "either", or "error:<phrase in the message>"
    absent: tuple[str, ...] = ()  # text that must never reach the library


def _pdf(text_lines: list[str], encrypt: str | None = None) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4, encrypt=encrypt, invariant=1)
    y = 780
    for line in text_lines:
        pdf.drawString(60, y, line)
        y -= 16
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def _docx(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _replace_member(data: bytes, member: str, content: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, content if info.filename == member else src.read(info))
    return out.getvalue()


def _zip_bomb(unpacked_mb: int) -> bytes:
    """A .docx-shaped zip whose document.xml inflates to ``unpacked_mb`` MB of zeros."""
    out = io.BytesIO()
    chunk = b"\0" * (1024 * 1024)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            for _ in range(unpacked_mb):
                member.write(chunk)
    return out.getvalue()


def _lying_zip() -> bytes:
    """document.xml inflates to 100 MB while its headers claim 1,000 bytes."""
    payload = b"<w:document>" + b" " * (100 * 1024 * 1024)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    deflated = compressor.compress(payload) + compressor.flush()
    crc = zlib.crc32(payload)
    name = b"word/document.xml"
    local = (
        struct.pack(
            "<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(deflated), 1000, len(name), 0
        )
        + name
    )
    central = (
        struct.pack(
            "<4s6H3L5H2L",
            b"PK\x01\x02",
            20,
            20,
            0,
            8,
            0,
            0,
            crc,
            len(deflated),
            1000,
            len(name),
            0,
            0,
            0,
            0,
            0,
            0,
        )
        + name
    )
    body = local + deflated
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 1, 1, len(central), len(body), 0)
    return body + central + end


def _many_members(count: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("word/document.xml", b"<w:document/>")
        for i in range(count):
            archive.writestr(f"junk/{i}", b"")
    return out.getvalue()


def _xxe_docx(secret_file: Path) -> bytes:
    data = _docx(
        ["Convoy Attacks Rise on the Niamey Road", "Gunmen stopped a fuel convoy near Tillabéri."]
    )
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    doctype = (
        f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{secret_file}">'
        f'<!ENTITY remote SYSTEM "http://{REMOTE}/dtd">]>'
    )
    xml = xml.replace("?>", "?>" + doctype, 1).replace("Tillabéri.", "Tillabéri &xxe; &remote;")
    return _replace_member(data, "word/document.xml", xml.encode())


def _laughs_docx() -> bytes:
    data = _docx(["Convoy Attacks Rise on the Niamey Road", "Gunmen stopped a fuel convoy."])
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol%d;" % (i - 1)) * 10}">' for i in range(1, 10)
    )
    xml = xml.replace("?>", f"?><!DOCTYPE w:document [{entities}]>", 1).replace(
        "fuel convoy.", "fuel convoy. &lol9;"
    )
    return _replace_member(data, "word/document.xml", xml.encode())


def _core_renamed_docx() -> bytes:
    """docProps/core.xml whose root element is not cp:coreProperties."""
    data = _docx(REPORT_TEXT.splitlines())
    core = zipfile.ZipFile(io.BytesIO(data)).read("docProps/core.xml").decode()
    return _replace_member(
        data, "docProps/core.xml", core.replace("cp:coreProperties", "cp:somethingElse").encode()
    )


def _core_wrong_type_docx() -> bytes:
    """[Content_Types].xml gives docProps/core.xml a content type that is not core properties."""
    data = _docx(REPORT_TEXT.splitlines())
    types = zipfile.ZipFile(io.BytesIO(data)).read("[Content_Types].xml").decode()
    wrong = types.replace("application/vnd.openxmlformats-package.core-properties+xml", "image/png")
    assert wrong != types
    return _replace_member(data, "[Content_Types].xml", wrong.encode())


def _odd_body_docx() -> bytes:
    """Body XML python-docx refuses to interpret: a hyperlink to a missing relationship, a
    w:val Word never writes, a list level that is not a number, a non-numeric column span."""
    data = _docx(REPORT_TEXT.splitlines())
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    odd = (
        '<w:p><w:hyperlink r:id="rId999"><w:r><w:t>dangling link</w:t></w:r></w:hyperlink></w:p>'
        '<w:p><w:r><w:rPr><w:b w:val="junk"/></w:rPr><w:t>junk bold value</w:t></w:r></w:p>'
        '<w:p><w:pPr><w:numPr><w:ilvl w:val="x"/><w:numId w:val="1"/></w:numPr></w:pPr>'
        "<w:r><w:t>odd list level</w:t></w:r></w:p>"
        '<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="abc"/></w:tcPr><w:p><w:r>'
        "<w:t>odd span cell</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    )
    xml = xml.replace("<w:sectPr", odd + "<w:sectPr", 1)
    return _replace_member(data, "word/document.xml", xml.encode())


def dense_docx_bomb(unpacked_mb: int) -> bytes:
    """A .docx whose document.xml is ``unpacked_mb`` MB of paragraphs at a compression ratio
    just under 100 (what the old ratio guard let through), written in well under a second."""
    rng = random.Random(17)
    parts, size = [], 0
    while size < 1 << 20:
        number = b"%d" % rng.randrange(10**6) if rng.random() < 0.02 else b""
        parts.append(b"<w:p><w:r><w:t>Convoy seen near Agadez " + number + b"</w:t></w:r></w:p>")
        size += len(parts[-1])
    chunk = b"".join(parts)[: 1 << 20]
    template = _docx(["Convoy Attacks Rise on the Niamey Road"])
    out = io.BytesIO()
    source = zipfile.ZipFile(io.BytesIO(template))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for info in source.infolist():
            if info.filename != "word/document.xml":
                archive.writestr(info.filename, source.read(info))
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            for _ in range(unpacked_mb):
                member.write(chunk)
    return out.getvalue()


def crc_lying_docx(inflated_mb: int) -> bytes:
    """A .docx whose document.xml declares 1,000 bytes, with the CRC of its first 1,000 bytes,
    while its deflate stream inflates to ``inflated_mb`` MB: zipfile's ``read()`` inflates the
    whole stream before it cuts it to the declared size."""
    template = _docx(REPORT_TEXT.splitlines())
    source = zipfile.ZipFile(io.BytesIO(template))
    document = source.read("word/document.xml")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for info in source.infolist():
            if info.filename != "word/document.xml":
                archive.writestr(info.filename, source.read(info))
        with archive.open("word/document.xml", "w") as member:
            member.write(document)
            padding = b" " * (1024 * 1024)
            for _ in range(inflated_mb):
                member.write(padding)
    data = bytearray(out.getvalue())
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("word/document.xml")
    crc = zlib.crc32(document[:1000])
    struct.pack_into("<LLL", data, info.header_offset + 14, crc, info.compress_size, 1000)
    name = b"word/document.xml"
    start = 0
    while (start := data.find(b"PK\x01\x02", start + 1)) != -1:
        if data[start + 46 : start + 46 + len(name)] == name:
            struct.pack_into("<LLL", data, start + 16, crc, info.compress_size, 1000)
    return bytes(data)


REMOTE_HTML = f"""<!doctype html><html><head>
<title>Convoy Attacks Rise on the Niamey Road</title>
<base href="http://{REMOTE}/">
<meta http-equiv="refresh" content="0;url=http://{REMOTE}/go">
<link rel="stylesheet" href="http://{REMOTE}/style.css">
<link rel="preload" href="//{REMOTE}/font.woff2">
<script src="http://{REMOTE}/tracker.js"></script>
<script>document.write('INJECTED-BY-SCRIPT'); fetch('http://{REMOTE}/beacon')</script>
<style>@import url(http://{REMOTE}/more.css);
body {{ background: url(http://{REMOTE}/bg.png) }}</style>
</head><body><article>
<h1>Convoy Attacks Rise on the Niamey Road</h1>
<p>Gunmen stopped a fuel convoy near Tillabéri and seized its cargo.
<img src="http://{REMOTE}/pixel.gif" srcset="http://{REMOTE}/a.png 2x" alt="">
<img src="file:///etc/passwd"> <img src="data:image/png;base64,iVBORw0KGgo="></p>
<iframe src="http://{REMOTE}/frame">IFRAME-FALLBACK-TEXT</iframe>
<object data="http://{REMOTE}/obj.swf"></object><embed src="http://{REMOTE}/e.swf">
<video src="http://{REMOTE}/v.mp4" poster="http://{REMOTE}/p.jpg"></video>
<svg><image href="http://{REMOTE}/svg.png"/><script>alert('SVG-SCRIPT')</script></svg>
<h2>Strategic Outlook</h2>
<p onclick="alert('HANDLER')">Further incidents are likely during the dry season.</p>
<noscript><img src="http://{REMOTE}/noscript.gif">NOSCRIPT-TEXT</noscript>
</article></body></html>"""

MARKUP_INJECTION = """Markup Injection Test Report

Executive Summary
Literal markup: <font size=300 color=red>HUGE</font> <img src="/etc/passwd" width=500 height=500/>
<a href="javascript:alert(1)">click-me</a> <link href="http://198.51.100.7/x"/> <para>para</para>
<onDraw name=evil/> <seq id=x/> <br/> &#0; &nbsp; &amp;amp; <b>unclosed and <i>nested
[md link](javascript:alert(2)) ![img](/etc/passwd) <script>alert(3)</script> AT&T a<b c>d

Strategic Outlook
Nothing else to add; the markup above must print as typed.
"""


def build(folder: Path, secret_file: Path) -> list[Case]:
    """Write the corpus into ``folder``; return what each file must give."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(20260107)
    cases: list[Case] = []

    def add(name: str, data: bytes | str, expect: str, *absent: str) -> None:
        path = folder / name
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        cases.append(Case(name, expect, absent))

    add("empty.txt", b"", "error:empty file")
    add("empty.pdf", b"", "error:empty file")
    add("empty.docx", b"", "error:empty file")
    add("blank.md", b" \n\t\r\n  ", "error:empty file")
    add("random.bin", rng.randbytes(4096), "error:binary file")
    add(
        "random.xyz",
        b"plain words in an unknown kind of file",
        "error:unsupported file type '.xyz' (supported: .docx,",
    )
    add("random.txt", rng.randbytes(4096), "error:binary file")
    add("random.html", b"\0" + rng.randbytes(4096), "error:binary file")
    add("nul-in-text.md", REPORT_TEXT.replace("route", "ro\0ute"), "error:binary file")

    pdf = _pdf(REPORT_TEXT.splitlines())
    add("truncated.pdf", pdf[: len(pdf) // 2], "error:damaged")
    add("truncated-tiny.pdf", pdf[:40], "error:")
    add("header-only.pdf", b"%PDF-1.7\n", "error:")
    add("garbage.pdf", b"%PDF-1.4\n" + rng.randbytes(8000), "error:damaged")
    add(
        "encrypted.pdf",
        _pdf(REPORT_TEXT.splitlines(), encrypt="s3cret"),
        "error:password protected",
    )
    add("not-really.pdf", REPORT_TEXT, "error:")
    add("looped-xref.pdf", pdf.replace(b"/Root 1 0 R", b"/Root 99 0 R"), "either")

    add("zip-bomb.docx", _zip_bomb(150), "error:zip bomb")
    add("lying-sizes.docx", _lying_zip(), "error:")
    add("many-members.docx", _many_members(12_000), "error:zip bomb")
    add("truncated.docx", _docx(REPORT_TEXT.splitlines())[:3000], "error:damaged")
    add("xxe.docx", _xxe_docx(secret_file), "either", SECRET, "root:")
    add("billion-laughs.docx", _laughs_docx(), "either", "lollollol")
    add("core-renamed.docx", _core_renamed_docx(), "imported")
    add("core-wrong-type.docx", _core_wrong_type_docx(), "imported")
    add("odd-body.docx", _odd_body_docx(), "imported")
    add("dense-bomb.docx", dense_docx_bomb(190), "error:zip bomb")
    add("crc-lying.docx", crc_lying_docx(64), "error:damaged")
    add(
        "zip-named.docx",
        _replace_member(_docx(["x"]), "word/document.xml", b"not xml <<<"),
        "error:",
    )

    add(
        "deep-divs.html",
        "<html><body>" + "<div>" * 20000 + "Deep convoy text near Agadez." + "</div>" * 20000,
        "either",
    )
    add("deep-inline.html", "<p>" + "<b><i>" * 10000 + "Deep convoy text near Agadez.", "either")
    add(
        "unclosed.html",
        "<html><body><p>Convoy attacks near Agadez <div><table><tr><td>cell",
        "either",
    )
    add(
        "remote-resources.html",
        REMOTE_HTML,
        "imported",
        "INJECTED-BY-SCRIPT",
        "SVG-SCRIPT",
        "HANDLER",
        "tracker.js",
        "beacon",
        "IFRAME-FALLBACK-TEXT",
        "NOSCRIPT-TEXT",
        "root:",
    )
    add(
        "script-only.html",
        "<html><body><script>var x = 'only a script';</script></body></html>",
        "error:",
    )

    add("utf16-no-bom.txt", REPORT_TEXT.encode("utf-16-le"), "error:binary file")
    add("utf16-bom.txt", REPORT_TEXT.encode("utf-16"), "imported")
    add(
        "latin1.md",
        REPORT_TEXT.replace("Niamey", "Côte d'Ivoire Niamey").encode("latin-1"),
        "imported",
    )
    add(
        "cp1252-quotes.txt",
        REPORT_TEXT.replace("route", "“route” – it’s").encode("cp1252"),
        "imported",
    )
    add(
        "shift-jis.txt",
        ("報告書\n\n" + REPORT_TEXT.replace("é", "e")).encode("shift_jis"),
        "either",
    )
    add(
        "mixed-encodings.txt",
        REPORT_TEXT.encode("utf-8") + "Tillabéri".encode("latin-1") + b"\n",
        "imported",
    )
    add(
        "utf8-declared-latin1.html",
        (
            "<html><head><meta charset=utf-8><title>Convoy Report</title></head>"
            "<body><p>Convoy near Tillabéri and Agadez, again.</p></body></html>"
        ).encode("latin-1"),
        "imported",
    )
    add(
        "overlong-utf8.txt",
        b"Convoy Report\n\nBad bytes \xc0\xaf \xed\xa0\x80 \xf8\x88\x80\x80\x80 end.\n",
        "imported",
    )
    add("markup-injection.txt", MARKUP_INJECTION, "imported")
    add(
        "controls.txt",
        "Convoy Report\n\nBell\x07 escape\x1b[31m red\x1b[0m form\x0cfeed and text.\n",
        "either",
    )
    # issue 17, items 6, 7 and 9: they import; export and printing are tested with them
    add("escapes-in-title.txt", f"Convoy Report {ESCAPES} End\n\nText.\n", "either")
    add("wide-table.md", f"# Wide Indicators\n\n{wide_table(40)}\n", "imported")
    add("long-paragraph.md", f"# One Long Paragraph\n\n{long_paragraph(100_000)}\n", "imported")
    return cases


ODD_NAMES = [
    "report with spaces.txt",
    "rapport été ünïcödé ✓ 報告.txt",
    'quote\'s "double" `tick`.txt',
    "-leading-dash.txt",
    "--json.txt",
    "new\nline.txt",
    "tab\tand;semicolon&amp$HOME.txt",
    "back\\slash*?.md",
    "UPPER.TXT",
    "x" * 200 + ".txt",
    "trailing space .txt",
    "double..dot..txt",
    ".hidden-but-named.txt",
]


def write_odd_names(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, name in enumerate(ODD_NAMES):
        path = folder / name
        path.write_text(
            REPORT_TEXT.replace("fuel convoy", f"fuel convoy number {i}"), encoding="utf-8"
        )
        paths.append(path)
    return paths


LONG_WORDS = (
    "convoy market border harvest patrol governor trader river province security militia "
    "grain price fuel season road village council assessment evidence analyst outlook"
).split()


def long_paragraph(size: int, *, bold: bool = True, seed: int = 17) -> str:
    """One Markdown paragraph of ``size`` characters of fictional sentences, no blank line in
    it; with ``bold``, some sentences are bold (issue 17, item 6: export must stay linear)."""
    rng = random.Random(seed)
    parts: list[str] = []
    length = 0
    while length < size:
        words = [rng.choice(LONG_WORDS) for _ in range(rng.randint(8, 20))]
        sentence = " ".join(words).capitalize() + "."
        if bold and rng.random() < 0.2:
            sentence = f"**{sentence}**"
        parts.append(sentence)
        length += len(sentence) + 1
    return " ".join(parts)[:size].rstrip()


def wide_table(columns: int, rows: int = 3) -> str:
    """A Markdown table of ``columns`` columns (issue 17, item 7: 35 or more failed export)."""
    header = "| Province | " + " | ".join(f"Indicator {i}" for i in range(1, columns)) + " |"
    rule = "|" + "---|" * columns
    names = ["Tillabéri", "Dosso", "Maradi", "Zinder", "Agadez"]
    body = [
        f"| {names[r % len(names)]} | "
        + " | ".join(f"{(r * 7 + i * 3) % 97}.{i % 10}" for i in range(1, columns))
        + " |"
        for r in range(rows)
    ]
    return "\n".join([header, rule, *body])


ESCAPES = "\x1b]0;owned\x07\x1b[2J\x1b[31m\x9b2J\u202e"  # title set, clear, colour, C1 CSI, RTL


def hostile_specs(folder: Path) -> list[tuple[Path, str]]:
    """Briefing specs for `briefapp export` that once gave tracebacks (issue 17, item 8), each
    with a phrase the usage error must contain. A FIFO is made separately (it blocks)."""
    cases = {
        "inf.toml": (b'title = "T"\n[[items]]\nreport = inf\nsection = "Summary"\n', "report must"),
        "nan.toml": (b'title = "T"\n[[items]]\nreport = nan\nsection = "Summary"\n', "report must"),
        "huge_id.toml": (
            b'title = "T"\n[[items]]\nreport = 99999999999999999999\nsection = "S"\n',
            "report must",
        ),
        "int64_max.toml": (
            b'title = "T"\n[[items]]\nreport = 9223372036854775807\nsection = "S"\n',
            "no report with id 9223372036854775807",
        ),
        "bool_id.toml": (b'title = "T"\n[[items]]\nreport = true\nsection = "S"\n', "report must"),
        "nested.toml": (
            b"title = " + b"[" * 5000 + b"]" * 5000 + b"\n",
            "nested too deeply",
        ),
        "nested_tables.toml": (b"a = " + b"{b = " * 5000 + b"1" + b"}" * 5000, "nested too deep"),
        "latin1.toml": ('title = "Sécurité"\n'.encode("latin-1"), "not UTF-8"),
        "array_note.toml": (
            b'title = "T"\n[[items]]\nmarkdown = "x"\nnote = [[1, 2], [3]]\n',
            "note must be text",
        ),
        "table_section.toml": (
            b'title = "T"\n[[items]]\nreport = 1\nsection = {a = 1}\n',
            "section must be text",
        ),
        "binary.toml": (bytes(range(256)) * 4, "not UTF-8"),
    }
    out = []
    for name, (data, phrase) in cases.items():
        path = folder / name
        path.write_bytes(data)
        out.append((path, phrase))
    return out


# File names that are not valid UTF-8 (old shares, USB sticks formatted elsewhere), as the
# file system's bytes.
UNDECODABLE_NAMES = [
    b"rapport-\xff\xfe-nord.txt",
    b"\xe9t\xe9-latin1.md",  # "été" in Latin-1
    b"half-\xe2\x82.txt",  # a truncated UTF-8 sequence
    b"\xc0\xaf-overlong.txt",
]


def write_undecodable_names(folder: Path) -> list[bytes]:
    """One report per name of :data:`UNDECODABLE_NAMES`; the full paths, as bytes."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, name in enumerate(UNDECODABLE_NAMES):
        path = bytes(folder) + b"/" + name
        with open(path, "wb") as file:
            file.write(REPORT_TEXT.replace("fuel convoy", f"fuel convoy {i}").encode("utf-8"))
        paths.append(path)
    return paths


def write_links_out(folder: Path, secret_file: Path) -> dict[str, str]:
    """Links inside ``folder`` leading out of it (to ``secret_file``, its folder and
    /proc/self/status) and one leading inside it: link name -> what importing it must give
    ("error:<phrase>", or "stored": imported or a duplicate)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "inside").mkdir(exist_ok=True)
    (folder / "inside" / "real.txt").write_text(REPORT_TEXT, encoding="utf-8")
    links = {
        "id_ed25519.txt": (secret_file, "error:a link to a file outside the imported folder"),
        "status.txt": (Path("/proc/self/status"), "error:a link to a file outside"),
        "outside-folder": (secret_file.parent, "error:a link to a folder outside"),
        "relative.txt": (Path(os.path.relpath(secret_file, folder)), "error:outside"),
        "inside-link.txt": (Path("inside") / "real.txt", "stored"),  # a duplicate of real.txt
    }
    for name, (target, _) in links.items():
        (folder / name).symlink_to(target)
    return {name: expect for name, (_, expect) in links.items()}
