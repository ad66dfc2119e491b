"""Bounded readers (issue 13): hostile inputs and input paths through the command a user runs.

Every input here is generated at test time (:mod:`hostile_inputs`). Each command runs under an
address-space cap, so a reader without its bound fails the test (a MemoryError, a killed process)
instead of taking the machine.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

import hostile_inputs as h

OGI = [sys.executable, "-m", "ogi"]
CAP = 3 << 30  # bytes of address space a command may map


def _capped() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (CAP, CAP))


def _strict(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def ogi(*args: str | bytes | Path, env: dict[str, str] | None = None, timeout: float = 300) -> tuple[int, bytes, str]:
    """``ogi ARGS`` under the cap: exit code, stdout (bytes) and stderr; never a traceback."""
    p = subprocess.run(
        [*OGI, *(os.fspath(a) for a in args)],
        capture_output=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        preexec_fn=_capped,
    )
    err = p.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err[-3000:]
    assert "内部错误" not in err, err[-3000:]  # no unforeseen exception caught by the command
    return p.returncode, p.stdout, err


def jsonl(out: bytes) -> list[dict]:
    """The objects of ``--format jsonl`` output, which must be strict UTF-8 JSON (no NaN, no Infinity)."""
    return [json.loads(line, parse_constant=_strict) for line in out.decode("utf-8").splitlines()]


def parse(*args: str | bytes | Path, env: dict[str, str] | None = None) -> tuple[int, list[dict], str]:
    code, out, err = ogi("parse", "--format", "jsonl", *args, env=env)
    return code, jsonl(out), err


def one_error(code: int, objs: list[dict], err: str, kind: str) -> str:
    """The message of the one unreadable input, printed as one ``ogi:`` line and nothing else."""
    assert code == 2, (code, err)
    assert len(objs) == 1 and objs[0]["error"]["code"] == kind, objs
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ogi: "), err
    return objs[0]["error"]["message"]


# Input paths


def test_directory_a_thousand_deep_loses_nothing(tmp_path: Path) -> None:
    top = h.deep_dir(tmp_path, 1000)
    try:
        code, objs, err = parse(top)
        assert code == 0, err
        assert len(objs) == 2 and all("error" not in o for o in objs)
        assert {o["year"] for o in objs} == {h.generate(21, tid="2021").year, h.generate(22, tid="2021").year}
    finally:
        h.remove_tree(top)


def test_symlink_loops_are_no_inputs(tmp_path: Path) -> None:
    top = h.symlink_loop(tmp_path)
    code, objs, err = parse(top)
    assert code == 0, err
    assert [Path(o["source"]["path"]).name for o in objs] == ["report.html"]
    code, objs, err = parse(top / "x")  # named directly: a clear error
    assert "symbolic links" in one_error(code, objs, err, "input")


def test_dev_zero_is_read_no_further_than_the_size_limit() -> None:
    code, objs, err = parse("/dev/zero", env={"OGI_MAX_BYTES": str(1 << 20)})
    assert "input too large" in one_error(code, objs, err, "input")


@pytest.mark.parametrize("io_encoding", ["utf-8", "utf-8:surrogateescape"])
def test_file_name_in_gbk_bytes(tmp_path: Path, io_encoding: str) -> None:
    """Beside a good input, in a UTF-8 locale (strict) and in the C locale (surrogateescape): the
    output stays UTF-8 JSON, the name's bytes escaped, and no input is lost."""
    f = h.gbk_name(tmp_path)
    (tmp_path / "好.html").write_text(h.report_page(22), "utf-8")
    code, out, err = ogi("parse", "--format", "jsonl", tmp_path, env={"PYTHONIOENCODING": io_encoding})
    assert code == 0, err
    objs = jsonl(out)
    paths = sorted(o["source"]["path"] for o in objs)
    assert len(paths) == 2 and all("error" not in o for o in objs)
    escaped = os.fsencode(f.name).decode("utf-8", "backslashreplace")  # \xd5\xfe…, and what reads as UTF-8
    assert "\\xd5\\xfe" in escaped and paths[0].endswith("/" + escaped), paths
    assert paths[1].endswith("/好.html")


def test_build_stores_a_gbk_file_name_escaped_and_knows_it_next_time(tmp_path: Path) -> None:
    f = h.gbk_name(tmp_path)
    db = tmp_path / "g.db"
    for _ in range(2):  # the second build finds it stored, unchanged
        code, _, err = ogi("build", tmp_path, "--db", db, "--quiet", env={"PYTHONIOENCODING": "utf-8"})
        assert code == 0, err
    escaped = os.fsencode(f.name).decode("utf-8", "backslashreplace")
    assert stored(db) == [(escaped, "ok", None)]
    assert "1 unchanged" in err


def test_check_prints_any_file_name(tmp_path: Path) -> None:
    """Names holding what the terminal printer would take for markup, or GBK bytes."""
    h.gbk_name(tmp_path)
    d = tmp_path / "[" / "b]"  # the path holds "[/b]", a closing tag to the printer
    d.mkdir(parents=True)
    (d / "报告[red].html").write_text(h.report_page(22), "utf-8")
    code, out, err = ogi("check", tmp_path, env={"PYTHONIOENCODING": "utf-8"})
    assert code == 0, err
    text = out.decode("utf-8")
    assert "[/b]/报告[red].html" in text and "\\xd5\\xfe" in text
    assert "共 2 份：2 份无错误" in text


# One bad value costs that value


@pytest.mark.parametrize("text", ["9" * 400, "9" * 400 + ".5", "9" * 5000], ids=["400-digits", "past-float", "5000"])
def test_number_past_any_figure_is_an_invalid_cell(tmp_path: Path, text: str) -> None:
    rep = h.generate(21, tid="2021")
    code, objs, err = parse(h.html_with_cell(tmp_path, text))  # strict JSON: no Infinity
    assert code == 1, err
    (o,) = objs
    bad = [f for f in o["findings"] if f["rule"] == "cells.invalid"]
    assert [f["keys"] for f in bad] == [["t3.new.natural"]], o["findings"]
    assert "位数过多" in bad[0]["message"] and bad[0]["where"]
    assert o["cells"]["t3.new.natural"] is None
    assert o["inferred"]["t3.new.natural"] == rep.cells["t3.new.natural"]  # the equations still give it
    others = {k: v for k, v in rep.cells.items() if k != "t3.new.natural"}
    assert all(o["cells"][k] == pytest.approx(v) for k, v in others.items())
    assert not [f for f in o["findings"] if f["rule"] == "cells.missing"]


def test_colspan_of_a_circled_digit_is_one(tmp_path: Path) -> None:
    rep = h.generate(21, tid="2021")
    code, objs, err = parse(h.html_colspan(tmp_path, "②"))
    assert code == 0, err
    assert all(objs[0]["cells"][k] == pytest.approx(v) for k, v in rep.cells.items())


@pytest.mark.parametrize("charset", ["rot13", "zlib", "base64", "undefined", "punycode", "no-such-charset"])
def test_declared_charset_that_is_no_charset_is_detected_instead(tmp_path: Path, charset: str) -> None:
    rep = h.generate(21, tid="2021")
    code, objs, err = parse(h.html_charset(tmp_path, charset))
    assert code == 0, err
    (o,) = objs
    assert o["source"]["encoding"] == "gb18030" and o["agency"] == rep.agency


# Parts past a size


def test_thirty_megabyte_inline_script(tmp_path: Path) -> None:
    """A script string of 30 MB is left out (said so); the page around it is read."""
    rep = h.generate(21, tid="2021")
    code, objs, err = parse(h.html_inline_script(tmp_path, 30))
    assert code == 0, err  # read (the partial reading a warning)
    (o,) = objs
    assert o["agency"] == rep.agency
    assert all(o["cells"][k] == pytest.approx(v) for k, v in rep.cells.items())
    assert any("script content too large" in f["message"] for f in o["findings"] if f["rule"] == "input.partial")


def test_page_of_thousands_of_tables_reads_the_first_thousand(tmp_path: Path) -> None:
    rep = h.generate(21, tid="2021")
    tables = "<table><tr><td>其他</td><td>1</td></tr></table>" * 3000
    f = tmp_path / "tables.html"
    f.write_text(h.report_page().replace("</body>", tables + "</body>"), "utf-8")
    code, objs, err = parse(f)
    assert code == 0, err
    (o,) = objs
    assert all(o["cells"][k] == pytest.approx(v) for k, v in rep.cells.items())
    notes = [x["message"] for x in o["findings"] if x["rule"] == "input.partial"]
    assert any("too many tables" in m for m in notes), notes


def test_docx_zip_bomb_is_called_one(tmp_path: Path) -> None:
    """The message names the member that inflates and says it is a bomb; not the first member."""
    code, objs, err = parse(h.docx_zip_bomb(tmp_path, 400))
    msg = one_error(code, objs, err, "input")
    assert "压缩炸弹" in msg and "inflates past the limit" in msg and "word/document.xml" in msg
    assert "Content_Types" not in msg


def test_docx_of_a_huge_numbering_definition(tmp_path: Path) -> None:
    """A level text of a thousand numbers, counted from 10^8 in letters: read, as Word bounds it."""
    rep = h.generate(3, tid="2021")
    code, objs, err = parse(h.docx_huge_numbering(tmp_path))
    assert code == 0, err
    (o,) = objs
    assert o["agency"] == rep.agency
    assert all(o["cells"][k] == pytest.approx(v) for k, v in rep.cells.items())


def test_pdf_stream_inflating_to_four_gigabytes_is_refused(tmp_path: Path) -> None:
    code, objs, err = parse(h.pdf_inflating_stream(tmp_path, 4.0))  # 12 KB on disk
    msg = one_error(code, objs, err, "input")
    assert "压缩炸弹" in msg and "inflates past the limit" in msg


def test_pdf_streams_that_inflate_within_bounds_are_read() -> None:
    from conftest import SHARED
    from ogi.ingest.pdf import check_inflation

    pdfs = sorted((SHARED / "real").glob("*.pdf"))
    if not pdfs:
        pytest.skip("no real PDFs beside the checkout")
    for f in pdfs:
        check_inflation(f.read_bytes(), str(f))  # raises for a bomb


def test_page_of_the_largest_size_is_rendered_within_the_pixel_bound(tmp_path: Path) -> None:
    """200 × 200 inches, no text: OCR renders it scaled down to the bound, and says so (at 144
    dpi it took 2.4 GB, then failed handing the image over)."""
    pytest.importorskip("rapidocr_onnxruntime")
    f = h.pdf_huge_page(tmp_path)
    script = (
        "import sys\nfrom ogi.model import Document, Source\nfrom ogi.ingest.ocr import ocr_pdf_pages\n"
        "doc = Document(source=Source(path=None, format='pdf'))\n"
        "ocr_pdf_pages(open(sys.argv[1], 'rb').read(), [0], 2.0, doc)\nprint('\\n'.join(doc.notes))\n"
    )
    p = subprocess.run([sys.executable, "-c", script, f], capture_output=True, text=True, preexec_fn=_capped)
    assert p.returncode == 0, p.stderr[-2000:]
    assert "page scaled down" in p.stdout and "识别失败" not in p.stdout, p.stdout


def test_tiff_of_many_large_frames_is_read_one_frame_at_a_time(tmp_path: Path) -> None:
    """Ten frames of 78 M pixels (RGB, 234 MB each): all of them at once were past the cap."""
    pytest.importorskip("rapidocr_onnxruntime")
    code, objs, err = parse(h.tiff_frames(tmp_path, 10, 30000, 2600))
    assert "no text found" in one_error(code, objs, err, "input")  # blank pages, every one read


# The time and memory limits of a reading, one input alone too


def stored(db: Path) -> list[tuple[str, str, str | None]]:
    """(file name, status, error code) of each reading ``ogi build`` stored in SQLite file ``db``."""
    import sqlite3

    with sqlite3.connect(db) as c:
        rows = c.execute("select path, status, error_code from reports order by path").fetchall()
    return [(Path(p).name, s, e) for p, s, e in rows]


def test_time_limit_holds_inside_the_renderer_for_one_input(tmp_path: Path) -> None:
    """A page the renderer takes minutes over, all in C (where no alarm reaches): stopped at the
    time limit by ogi parse and ogi check, and stored as timed out by ogi build, a file alone."""
    pytest.importorskip("rapidocr_onnxruntime")
    f = h.pdf_slow_render(tmp_path)
    code, out, err = ogi("parse", "--format", "jsonl", "--timeout", "3", f, timeout=90)
    assert "reading timed out" in one_error(code, jsonl(out), err, "timeout")
    code, out, err = ogi("check", "--timeout", "3", f, timeout=90)
    assert code == 2 and "读取超时" in out.decode()
    db = tmp_path / "c.db"
    code, _, err = ogi("build", f, "--db", db, "--timeout", "3", "--quiet", timeout=90)
    assert code == 0, err
    assert stored(db) == [("shading.pdf", "error", "timeout")]


def test_memory_limit_stops_one_reading_not_the_others(tmp_path: Path) -> None:
    """A page of 400,000 tables takes 600 MB to parse: past a limit of 300 MB its reading is
    stopped (code memory); the report beside it is read, by ogi parse and ogi build."""
    page = tmp_path / "tables.html"
    tables = "<table><tr><td>其他</td><td>1</td></tr></table>" * 400_000
    page.write_text(h.report_page().replace("</body>", tables + "</body>"), "utf-8")
    good = tmp_path / "good.html"
    good.write_text(h.report_page(22), "utf-8")
    env = {"OGI_MAX_MEMORY": "300"}
    code, objs, err = parse(page, env=env)
    assert "memory limit" in one_error(code, objs, err, "memory")
    code, objs, err = parse(tmp_path, env=env)
    assert code == 2 and [o.get("error", {}).get("code") for o in objs] == [None, "memory"], objs
    db = tmp_path / "m.db"
    code, _, err = ogi("build", tmp_path, "--db", db, "--quiet", env=env)
    assert code == 0, err
    assert stored(db) == [("good.html", "ok", None), ("tables.html", "error", "memory")]


@pytest.mark.parametrize("kind", ["text", "html"])
def test_a_million_lines_are_read_to_the_line_limit(tmp_path: Path, kind: str) -> None:
    """A report followed by a million short lines (a gigabyte of lines and cells read whole): the
    first hundred thousand lines are read, and the reading says it is partial."""
    from ogi.samples import print_report

    rep = h.generate(21, tid="2021")
    if kind == "text":
        f = tmp_path / "long.txt"
        f.write_text(print_report(rep, "pipe") + "\n其他 | 1" * 1_000_000, "utf-8")
    else:
        f = tmp_path / "long.html"
        f.write_text(h.report_page().replace("</body>", "<p>其他</p>" * 1_000_000 + "</body>"), "utf-8")
    code, objs, err = parse(f, env={"OGI_MAX_MEMORY": "600"})
    assert code == 0, err
    (o,) = objs
    assert all(o["cells"][k] == pytest.approx(v) for k, v in rep.cells.items())
    notes = [x["message"] for x in o["findings"] if x["rule"] == "input.partial"]
    assert any("document too long" in m for m in notes), notes


# Library warnings


@pytest.mark.parametrize("where", ["worker", "in-process"])
def test_library_warnings_stay_off_stderr(tmp_path: Path, where: str) -> None:
    """pdfminer logs a warning of a transformation matrix it cannot parse: the user sees the one
    ``ogi:`` line of the input, read in a worker or (no limits) in the command's own process."""
    content = b"/A /B /C /D /E /F cm BT /F1 10 Tf 72 720 Td (Hello there, not a report at all) Tj ET"
    f = tmp_path / "noisy.pdf"
    f.write_bytes(h.pdf(h._one_page(h._stream(content, 1))))
    args: list[str | Path] = [f] if where == "worker" else ["--timeout", "0", f]
    code, objs, err = parse(*args, env={"OGI_MAX_MEMORY": "0"} if where == "in-process" else None)
    one_error(code, objs, err, "not_a_report")


def test_docx_whose_deflated_text_is_damaged(tmp_path: Path) -> None:
    """Bytes flipped inside the compressed main part (the fuzz found it: zlib's error was no
    error the reader caught)."""
    data = bytearray(h._docx_with({}))
    at = data.find(b"word/document.xml") + len("word/document.xml") + 100  # into its deflated data
    data[at : at + 8] = b"\xff" * 8
    f = tmp_path / "damaged.docx"
    f.write_bytes(bytes(data))
    assert "corrupt DOCX" in one_error(*parse(f), "input")


@pytest.mark.parametrize("library", ["converts", "swallows"])
def test_a_timeout_a_library_turns_into_its_own_error_is_still_a_timeout(library: str) -> None:
    """An extension module interrupted while it loads raises ImportError in place of the alarm's
    exception (OCR's runtime did, and the reading said the OCR component was not installed); a
    library may also swallow it. Either way, the time has run out. In a process of its own: an
    alarm in a process holding OCR engines (the other tests') crashed it."""
    script = f"""
import time
from ogi.errors import ReadTimeoutError
from ogi.runtime import time_limit
try:
    with time_limit(0.05, "x"):
        try:
            time.sleep(5)  # interrupted by the alarm
        except BaseException as e:
            if {library == "converts"}:
                raise ImportError("initialization failed") from e
except ReadTimeoutError:
    print("timeout")
"""
    p = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert p.stdout.strip() == "timeout", (p.stdout, p.stderr[-2000:])
