"""Hostile inputs of issue 13, generated (small on disk, written where the caller says).

Each maker writes one input under ``d`` and returns its path. Shared by the tests
(``tests/test_bounds.py``) and the before/after measurement (``bench/bench_hostile.py``).
"""

from __future__ import annotations

import io
import os
import struct
import subprocess
import zipfile
import zlib
from pathlib import Path

from ogi.samples import generate
from ogi.samples.docx import render_docx
from ogi.samples.html import render_html

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def report_page(seed: int = 21) -> str:
    return render_html(generate(seed, tid="2021"))


def html_inline_script(d: Path, megabytes: int = 30) -> Path:
    """A report page with a ``<script>`` of ``megabytes`` MB: one JavaScript string holding markup
    (``let content = "<table>…"``), as sites that fill the page from a script do."""
    page = report_page()
    unit = "<table><tr><td>信息公开</td><td>1</td></tr></table>"
    body = (unit * (megabytes * 1024 * 1024 // len(unit.encode()) + 1)).replace('"', '\\"')
    script = f'<script>let content = "{body}";</script>'
    f = d / "inline-script.html"
    f.write_text(page.replace("</body>", script + "</body>", 1), "utf-8")
    return f


def _docx_with(parts: dict[str, bytes], seed: int = 3) -> bytes:
    """The sample DOCX of ``seed`` with ``parts`` replaced or added."""
    src = zipfile.ZipFile(io.BytesIO(render_docx(generate(seed, tid="2021"))))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            if info.filename not in parts:
                z.writestr(info.filename, src.read(info))
        for name, body in parts.items():
            z.writestr(name, body)
    return buf.getvalue()


def docx_huge_numbering(d: Path) -> Path:
    """The sample DOCX of seed 3 with a last paragraph numbered by a huge definition: a level text
    of a thousand numbers (Word's has one or two) starting at 10^8 in letters (Word's own lists end
    at 32767); small enough compressed to pass the zip checks."""
    src = zipfile.ZipFile(io.BytesIO(render_docx(generate(3, tid="2021"))))
    doc = src.read("word/document.xml").decode()
    numbered = '<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>附件'
    doc = doc.replace("</w:body>", numbered + "</w:t></w:r></w:p></w:body>")
    numbering = (
        f'<w:numbering xmlns:w="{W_NS}"><w:abstractNum w:abstractNumId="0">'
        f'<w:lvl w:ilvl="0"><w:start w:val="100000000"/><w:numFmt w:val="upperLetter"/>'
        f'<w:lvlText w:val="{"%1、" * 1000}"/></w:lvl></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
    )
    f = d / "numbering.docx"
    f.write_bytes(_docx_with({"word/document.xml": doc.encode(), "word/numbering.xml": numbering.encode()}))
    return f


def docx_zip_bomb(d: Path, megabytes: int = 400) -> Path:
    """A DOCX whose main part inflates to ``megabytes`` MB (each member's header telling the truth)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as w:
            chunk = b" " * (1 << 20)
            for _ in range(megabytes):
                w.write(chunk)
    f = d / "bomb.docx"
    f.write_bytes(buf.getvalue())
    return f


def pdf(objects: list[bytes]) -> bytes:
    """A PDF of ``objects`` (numbered from 1; object 1 the catalog), with its cross-reference table."""
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for k, body in enumerate(objects):
        offsets.append(len(out))
        out += f"{k + 1} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _stream(data: bytes, filters: int = 0, extra: str = "") -> bytes:
    """A stream object: ``data`` deflated ``filters`` times."""
    for _ in range(filters):
        data = zlib.compress(data, 9)
    f = "" if not filters else " /Filter [" + " /FlateDecode" * filters + " ]"
    return f"<< /Length {len(data)}{f}{extra} >>\nstream\n".encode() + data + b"\nendstream"


def _one_page(content: bytes, media: str = "0 0 595 842") -> list[bytes]:
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [{media}] /Resources << /Font << /F1 5 0 R >> >> "
        "/Contents 4 0 R >>".encode(),
        content,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]


def deflated_spaces(n: int) -> bytes:
    """A zlib stream of ``n`` spaces, made in time proportional to its (compressed) size: one
    block deflated after a full flush is the same bytes every time, so it is repeated."""
    block = 1 << 22
    z = zlib.compressobj(9, zlib.DEFLATED, -15)
    one = z.compress(b" " * block) + z.flush(zlib.Z_FULL_FLUSH)
    k, rest = divmod(n, block)
    tail = z.compress(b" " * rest) + z.flush()
    a = (1 + n * 32) % 65521  # Adler-32 of n bytes of value 32, in closed form
    b = (n + 32 * n * (n + 1) // 2) % 65521
    return b"\x78\xda" + one * k + tail + ((b << 16) | a).to_bytes(4, "big")


def pdf_inflating_stream(d: Path, gigabytes: float = 4.0) -> Path:
    """A one-page PDF whose content stream inflates to ``gigabytes`` GB (of spaces, deflated
    twice: a few kilobytes on disk)."""
    once = deflated_spaces(int(gigabytes * (1 << 30)))
    twice = zlib.compress(once, 9)
    stream = f"<< /Length {len(twice)} /Filter [ /FlateDecode /FlateDecode ] >>\nstream\n".encode()
    f = d / "inflating.pdf"
    f.write_bytes(pdf(_one_page(stream + twice + b"\nendstream")))
    return f


def pdf_huge_path(d: Path, segments: int = 1_500_000) -> Path:
    """A one-page PDF holding one vector path of ``segments`` line segments and no text."""
    ops = [b"0.1 w 10 10 m"]
    for i in range(segments):
        ops.append(b"%d %d l" % (10 + (i * 7919) % 575, 10 + (i * 104729) % 822))
    ops.append(b"S")
    f = d / "path.pdf"
    f.write_bytes(pdf(_one_page(_stream(b"\n".join(ops), 1))))
    return f


def pdf_slow_render(d: Path, triangles: int = 100_000) -> Path:
    """A one-page PDF without text whose only drawing is a shading of ``triangles`` page-sized
    triangles (a free-form Gouraud mesh): nothing for the text layer, minutes for the renderer
    (OCR renders the page), all of them inside its C code."""
    verts = bytearray()
    for i in range(triangles):
        for x, y in ((0, 0), (65535, (i * 7919) % 65535), ((i * 104729) % 65535, 65535)):
            verts += struct.pack(">BHHBBB", 0, x, y, i % 256, (i * 3) % 256, 128)
    shading = _stream(
        bytes(verts),
        1,
        " /ShadingType 4 /ColorSpace /DeviceRGB /BitsPerCoordinate 16 /BitsPerComponent 8 /BitsPerFlag 8"
        " /Decode [0 595 0 842 0 1 0 1 0 1]",
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Shading << /Sh0 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        _stream(b"/Sh0 sh"),
        shading,
    ]
    f = d / "shading.pdf"
    f.write_bytes(pdf(objects))
    return f


def pdf_huge_page(d: Path) -> Path:
    """A one-page PDF of the largest page size PDF allows (200 × 200 inches), one line on it, no text."""
    f = d / "huge-page.pdf"
    f.write_bytes(pdf(_one_page(_stream(b"0 0 m 100 100 l S", 1), media="0 0 14400 14400")))
    return f


def tiff_frames(d: Path, frames: int = 30, width: int = 9000, height: int = 9000) -> Path:
    """A TIFF of ``frames`` blank bilevel pages of ``width`` × ``height`` pixels (Group 4: small)."""
    from PIL import Image

    pages = [Image.new("1", (width, height), 1) for _ in range(frames)]
    f = d / "frames.tiff"
    pages[0].save(f, save_all=True, append_images=pages[1:], compression="group4")
    return f


def html_with_cell(d: Path, text: str, name: str = "cell.html") -> Path:
    """The sample page with the first value of table 3 (自然人 of 新收政府信息公开申请) replaced by ``text``."""
    rep = generate(21, tid="2021")
    page = render_html(rep)
    v = rep.cells["t3.new.natural"]
    marker = f'<td valign="middle">{v}</td>'
    assert marker in page, marker
    f = d / name
    f.write_text(page.replace(marker, f'<td valign="middle">{text}</td>', 1), "utf-8")
    return f


def html_colspan(d: Path, value: str = "②") -> Path:
    page = report_page().replace("<td", f'<td colspan="{value}"', 1)
    f = d / "colspan.html"
    f.write_text(page, "utf-8")
    return f


def html_charset(d: Path, charset: str = "rot13") -> Path:
    """A page declaring ``charset``, its bytes not UTF-8 (GB18030), so the declaration is tried."""
    page = report_page().replace("<head>", f'<head><meta charset="{charset}">', 1)
    f = d / "charset.html"
    f.write_bytes(page.encode("gb18030"))
    return f


def gbk_name(d: Path) -> Path:
    """The sample report under a file name in GBK bytes (not UTF-8: a name from a Windows zip)."""
    name = os.fsdecode("政府信息公开年度报告.txt".encode("gbk"))
    f = d / name
    f.write_text(report_page(), "utf-8")
    return f


def deep_dir(d: Path, depth: int = 1000) -> Path:
    """A report ``depth`` directories down (``d/deep/a/a/…/report.html``), beside one at the top."""
    top = d / "deep"
    top.mkdir()
    (top / "top.html").write_text(report_page(), "utf-8")
    fd = os.open(top, os.O_RDONLY)
    try:
        for _ in range(depth):  # relative to a directory handle: no path grows past PATH_MAX here
            os.mkdir("a", dir_fd=fd)
            nxt = os.open("a", os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = nxt
        with os.fdopen(os.open("report.html", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd), "w") as w:
            fd = -1
            w.write(report_page(22))
    finally:
        if fd >= 0:
            os.close(fd)
    return top


def symlink_loop(d: Path) -> Path:
    """A directory holding a report, a link to itself and two links to each other."""
    top = d / "loop"
    top.mkdir()
    (top / "report.html").write_text(report_page(), "utf-8")
    (top / "self").symlink_to(".")
    (top / "x").symlink_to("y")
    (top / "y").symlink_to("x")
    return top


def remove_tree(top: Path) -> None:
    """Remove a tree of any depth (``shutil.rmtree`` recurses, and fails a thousand levels down)."""
    subprocess.run(["rm", "-rf", "--", os.fsencode(top)], check=True)


MAKERS = {
    "html-30mb-script": html_inline_script,
    "docx-huge-numbering": docx_huge_numbering,
    "docx-zip-bomb": docx_zip_bomb,
    "pdf-4gb-stream": pdf_inflating_stream,
    "pdf-huge-path": pdf_huge_path,
    "pdf-slow-render": pdf_slow_render,
    "pdf-huge-page": pdf_huge_page,
    "tiff-30-frames": tiff_frames,
    "html-400-digit-cell": lambda d: html_with_cell(d, "9" * 400, "digits.html"),
    "html-past-float-range": lambda d: html_with_cell(d, "9" * 400 + ".5", "float.html"),
    "html-colspan-circled": html_colspan,
    "html-charset-rot13": html_charset,
    "gbk-file-name": gbk_name,
    "dir-1000-deep": deep_dir,
    "symlink-loop": symlink_loop,
}
