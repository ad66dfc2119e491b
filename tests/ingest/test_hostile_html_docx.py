"""Hostile web pages and Word files, through the command a user runs: a clear
one-line error (exit 2) or a partial reading, never a traceback."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from ogi.samples import generate
from ogi.samples.docx import render_docx
from ogi.samples.html import render_html

OGI = [sys.executable, "-m", "ogi"]


def parse(path: Path, env: dict[str, str] | None = None) -> tuple[int, list[dict], str]:
    p = subprocess.run(
        [*OGI, "parse", "--format", "jsonl", str(path)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **(env or {})},
    )
    assert "Traceback" not in p.stderr, p.stderr[-2000:]
    assert "内部错误" not in p.stdout + p.stderr, p.stderr  # no unforeseen exception caught by the CLI
    return p.returncode, [json.loads(x) for x in p.stdout.splitlines()], p.stderr


def assert_one_line_error(code: int, objs: list[dict], err: str, kind: str) -> None:
    assert code == 2
    assert len(objs) == 1 and objs[0]["error"]["code"] == kind, objs
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ogi: "), err


def test_twenty_megabyte_page_with_huge_navigation(tmp_path: Path) -> None:
    rep = generate(21, tid="2021")
    page = render_html(rep, messy=True)
    links = "".join(f'<li><a href="/zwgk/{i}.html">政务公开栏目第{i}条</a></li>' for i in range(300000))
    big = page.replace("<body>", f'<body><div class="nav"><ul>{links}</ul></div>', 1).encode()
    assert len(big) >= 20 * 1000 * 1000
    f = tmp_path / "page"
    f.write_bytes(big)
    code, objs, err = parse(f)
    assert code == 0, err
    (o,) = objs
    assert o["source"]["format"] == "html"
    assert o["agency"] == rep.agency and o["year"] == rep.year
    assert all(o["cells"][k] == pytest.approx(v) for k, v in rep.cells.items())


def test_pathologically_nested_page_reads_partially(tmp_path: Path) -> None:
    n = 100000
    f = tmp_path / "deep"
    f.write_text(f"<html><body>{'<div><font>' * n}2019年政府信息公开工作年度报告{'</font></div>' * n}</body></html>")
    code, objs, _ = parse(f)
    assert code in (1, 2)
    (o,) = objs
    if code == 1:
        assert o["year"] == 2019
        assert any(x["rule"] == "input.partial" for x in o["findings"])
    else:  # refused outright, or read and found to hold no report (a title alone is none)
        assert o["error"]["code"] in ("input", "not_a_report")


def test_docx_zip_bomb_is_refused(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as w:
            chunk = b" " * (1 << 20)
            for _ in range(100):  # 100 MiB of spaces, ~100 KiB compressed
                w.write(chunk)
    f = tmp_path / "bomb"
    f.write_bytes(buf.getvalue())
    code, objs, err = parse(f)
    assert_one_line_error(code, objs, err, "input")
    assert "zip bomb" in err


def test_docx_whose_directory_lies_about_sizes(tmp_path: Path) -> None:
    """A member that claims gigabytes in the zip directory is refused before inflating."""
    data = bytearray(render_docx(generate(3)))
    end = data.rfind(b"PK\x05\x06")
    cd = int.from_bytes(data[end + 16 : end + 20], "little")
    while data[cd : cd + 4] == b"PK\x01\x02":
        name_len, extra_len, comment_len = (int.from_bytes(data[cd + o : cd + o + 2], "little") for o in (28, 30, 32))
        if data[cd + 46 : cd + 46 + name_len] == b"word/document.xml":
            data[cd + 24 : cd + 28] = (3 * 10**9).to_bytes(4, "little")  # uncompressed size
        cd += 46 + name_len + extra_len + comment_len
    f = tmp_path / "lying"
    f.write_bytes(bytes(data))
    code, objs, err = parse(f)
    assert_one_line_error(code, objs, err, "input")


def test_corrupt_docx(tmp_path: Path) -> None:
    """Cut before its text's part: nothing to read, refused in a line."""
    data = render_docx(generate(4))
    f = tmp_path / "cut"
    f.write_bytes(data[: _member(data, "word/document.xml")[0] + 20])
    code, objs, err = parse(f)
    assert_one_line_error(code, objs, err, "input")


def _member(data: bytes, name: str) -> tuple[int, int]:
    """Where the compressed bytes of member ``name`` begin in the package, and how many there are."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(name)
    at = info.header_offset
    start = (
        at + 30 + int.from_bytes(data[at + 26 : at + 28], "little") + int.from_bytes(data[at + 28 : at + 30], "little")
    )
    return start, info.compress_size


@pytest.mark.parametrize("damage", ["cut_after_text", "cut_in_text", "damaged_in_text"])
def test_a_damaged_docx_reads_what_its_bytes_hold(tmp_path: Path, damage: str) -> None:
    """A Word file cut short (a download stopped: no zip directory at its end) or with bytes of its text's
    compressed part damaged: its parts read from their local headers, its text as far as it inflates —
    what that holds read as printed, the rest in doubt (cells.uncertain: cut), said by input.partial; no
    error of the source's, no section said missing that the cut may have taken."""
    rep = generate(4, tid="2021")
    data = render_docx(rep)
    start, size = _member(data, "word/document.xml")
    if damage == "cut_after_text":
        data = data[: start + size + 40]
    elif damage == "cut_in_text":
        data = data[: start + size * 2 // 3]
    else:
        data = data[: start + size // 2] + bytes(range(7, 47)) + data[start + size // 2 + 40 :]
    f = tmp_path / "damaged.docx"
    f.write_bytes(data)
    code, objs, err = parse(f)
    assert code in (0, 1), err
    (o,) = objs
    rules = [x["rule"] for x in o["findings"]]
    assert "input.partial" in rules
    assert not [x for x in o["findings"] if x["severity"] == "error"], rules
    assert "section.missing" not in rules
    read = {k: v for k, v in o["cells"].items() if v is not None}
    assert o["agency"] == rep.agency and read and all(v == rep.cells[k] for k, v in read.items())
    if damage == "cut_after_text":
        assert o["cells"] == rep.cells  # the whole text was there
    else:
        assert len(read) < len(rep.cells) and "cells.uncertain" in rules


def test_a_docx_cut_short_is_still_no_bomb(tmp_path: Path) -> None:
    """A package without its directory whose text's part inflates past the bound: refused, whatever is cut."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as w:
            for _ in range(70):  # 70 MiB of spaces, past the main part's 64 MiB
                w.write(b" " * (1 << 20))
    data = buf.getvalue()
    f = tmp_path / "bomb"
    f.write_bytes(data[: data.rfind(b"PK\x01\x02")])  # the directory gone
    code, objs, err = parse(f)
    assert_one_line_error(code, objs, err, "input")
    assert "zip bomb" in err


def test_docx_with_broken_xml_reads_what_it_can(tmp_path: Path) -> None:
    rep = generate(5, tid="2021")
    src = zipfile.ZipFile(io.BytesIO(render_docx(rep)))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "word/document.xml":
                body = body[: int(len(body) * 0.8)]  # the end of the document is lost
            z.writestr(info.filename, body)
    f = tmp_path / "broken"
    f.write_bytes(buf.getvalue())
    code, objs, _ = parse(f)
    assert code in (0, 1, 2)
    if code in (0, 1):  # (read in part: what it holds as printed, what it lost in doubt — no error of the source's)
        (o,) = objs
        assert any(x["rule"] == "input.partial" for x in o["findings"])
        assert o["cells"]["t2.rules.issued"] == rep.cells["t2.rules.issued"]
        assert not [x for x in o["findings"] if x["rule"] == "cells.missing"]


def test_docx_without_a_document_part(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/styles.xml", "<styles/>")
    f = tmp_path / "empty"
    f.write_bytes(buf.getvalue())
    code, objs, err = parse(f)
    assert_one_line_error(code, objs, err, "input")


def test_unrelated_web_page(tmp_path: Path) -> None:
    f = tmp_path / "shop"
    f.write_text(
        '<html><head><meta charset="utf-8"><title>每日菜价</title></head><body><div class="nav">首页</div>'
        "<h1>今日菜价</h1><table><tr><td>品名</td><td>价格</td></tr><tr><td>白菜</td><td>2.5</td></tr></table>"
        "<p>欢迎光临本店，价格随行就市。</p></body></html>",
        encoding="utf-8",
    )
    code, objs, err = parse(f)
    assert code == 2
    assert "error" in objs[0] and len(err.strip().splitlines()) == 1


def test_corrupt_legacy_word_file(tmp_path: Path) -> None:
    """An OLE header with nothing behind it: LibreOffice cannot convert it."""
    import shutil

    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice not installed")
    f = tmp_path / "old"
    f.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00\x13garbage" * 500)
    code, objs, err = parse(f)
    assert_one_line_error(code, objs, err, "input")


def test_libreoffice_conversion_that_overruns_its_time_limit(tmp_path: Path) -> None:
    import shutil

    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice not installed")
    f = tmp_path / "slow"
    f.write_bytes(b"{\\rtf1\\ansi " + "政府信息公开工作年度报告".encode("gbk") + b"}")
    code, objs, err = parse(f, {"OGI_OFFICE_TIMEOUT": "0.05"})
    assert_one_line_error(code, objs, err, "input")
    assert "timed out" in err


def test_a_page_of_thousands_of_struck_and_spoken_marks(tmp_path: Path) -> None:
    """Thousands of struck-out values and of words for screen readers, nested, in one page: each taken out once
    (which of them stand inside another was asked by comparing nodes, whose ``==`` compares their markup: a page of
    a few hundred took minutes, past the command's time limit), the report read as shown."""
    rep = generate(41, tid="2021")
    page = render_html(rep)
    marks = "".join(
        f'<del>{i}<s>{i}</s></del><span class="sr-only">第{i}项<span class="sr-only">{i}</span></span>'
        for i in range(3000)
    )
    path = tmp_path / "marks.html"
    path.write_text(page.replace("</body>", f"<p>{marks}</p></body>"), "utf-8")
    code, objs, err = parse(path)
    assert code == 0, err
    assert objs[0]["cells"] == rep.cells
