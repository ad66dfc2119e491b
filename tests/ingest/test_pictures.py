"""Tables printed as pictures (a screenshot pasted into a Word file or a web page, or onto a PDF page with a
text layer): read by OCR where they stand, and where they cannot be read, said as doubt — never a false
cells.missing error (issue 10: an error means the source, as printed, is wrong).

The pictures are drawn by the generator (:mod:`ogi.samples.picture`, kind ``pictures``); the readings are
held to its truth.
"""

from __future__ import annotations

import io
import math
import re
from pathlib import Path

import pytest

import ogi
from ogi.ingest import ingest_path
from ogi.model import Report
from ogi.runner import read_one
from ogi.samples.variants import variant

pytest.importorskip("rapidocr_onnxruntime")
pytest.importorskip("PIL")


def _wrong(r: Report, truth: dict[str, object], prefix: str = "") -> dict[str, tuple[object, object]]:
    cells = truth["cells"]
    assert isinstance(cells, dict)
    return {
        k: (r.cells.get(k), v)
        for k, v in cells.items()
        if k.startswith(prefix)
        and not (
            (v is None and r.cells.get(k) is None)
            or (v is not None and r.cells.get(k) is not None and math.isclose(float(r.cells[k]), float(v)))  # type: ignore[arg-type]
        )
    }


def test_a_word_files_table_pasted_as_a_picture_is_read_where_it_stands(tmp_path: Path) -> None:
    v = variant("pictures", "docx", 0)  # form t3: table 3 a picture, tables 2 and 4 Word's tables
    path = tmp_path / v.filename
    path.write_bytes(v.data)
    r = ogi.read(path)
    assert not _wrong(r, v.truth)
    assert not [f for f in r.findings if f.severity == "error" or f.rule == "cells.missing"]
    # every value of table 3 stood in the picture, and says so: the picture's number and its box there
    places = {k: w for k, w in r.provenance.items() if k.startswith("t3.")}
    assert places and all(w.image == 1 and w.bbox is not None and w.page is None for w in places.values())
    assert "第1幅图片" in str(places["t3.new.total"])
    t2 = [w for k, w in r.provenance.items() if k.startswith("t2.")]
    assert t2 and all(w.image is None and w.table is not None for w in t2)  # a Word table's: table, row, column
    # the reader read the picture it was asked for, and only then (a table found needs none)
    assert [(p.number, p.table) for p in r.document.pictures] == [(1, True)]


def test_the_runner_reads_pictures_as_the_api_does(tmp_path: Path) -> None:
    v = variant("pictures", "html", 2)  # form t4: table 4 a picture, in the page as a data: URI
    path = tmp_path / v.filename
    path.write_bytes(v.data)
    got = read_one(str(path))
    assert isinstance(got, Report)
    api = ogi.read(path)
    doubted = {k for f in got.findings if f.rule == "cells.uncertain" for k in f.keys}
    assert got.cells == api.cells and doubted == {
        k for f in api.findings if f.rule == "cells.uncertain" for k in f.keys
    }
    # what OCR reads differs a little between machines (the CPU's kernels): a value it misreads is in doubt
    assert set(_wrong(got, v.truth)) <= doubted
    # as an upload (bytes, no file): a picture inside the page is read all the same
    up = read_one((v.filename, v.data))
    assert isinstance(up, Report) and up.cells == api.cells


def test_a_pdf_page_with_text_and_a_tables_picture_is_read_there(tmp_path: Path) -> None:
    pytest.importorskip("pypdfium2")
    from ogi.samples.variants import heavy_tools

    if heavy_tools():
        pytest.skip(f"PDF needs {', '.join(heavy_tools())}")
    v = variant("pictures", "pdf", 1)  # form all: the three tables pictures on pages with a text layer
    path = tmp_path / v.filename
    path.write_bytes(v.data)
    r = ogi.read(path)
    assert not _wrong(r, v.truth)
    assert all(w.page is not None and w.bbox is not None for w in r.provenance.values())
    assert not [f for f in r.findings if f.severity == "error"]


def test_a_searchable_scan_whose_text_layer_left_the_tables_out(tmp_path: Path) -> None:
    """A "searchable" scan (each page its picture under an invisible text layer, as a scanner's OCR leaves it)
    whose layer holds only the prose — the OCR that made it skipped the tables: the picture's bands no text
    stands on read by OCR where the tables are missing (was: the tables missing, cells.missing errors)."""
    pytest.importorskip("pypdfium2")
    from ogi.samples.variants import heavy_tools
    from ogi.samples.variants.render import searchable

    if heavy_tools():
        pytest.skip(f"PDF needs {', '.join(heavy_tools())}")
    v = variant("plain", "pdf", 0)
    path = tmp_path / v.filename
    path.write_bytes(searchable(v.data))
    r = ogi.read(path)
    read = {k: x for k, x in r.cells.items() if x is not None}
    assert len(read) >= 0.9 * len(r.cells)  # (the rest: the OCR's doubt, said as such)
    assert not set(_wrong(r, v.truth)) - {k for k, x in r.cells.items() if x is None}
    assert not [f for f in r.findings if f.severity == "error"]


def _page_with_a_missing_picture(tmp_path: Path, beside: bool) -> tuple[Path, dict[str, object], bytes]:
    """The generator's page with table 3 as a data: URI, rewritten to name a file instead (``beside``: the
    file saved next to the page, as a browser saves a page whole)."""
    v = variant("pictures", "html", 0)  # form t3
    page = v.data.decode("utf-8")
    m = re.search(r'src="data:image/png;base64,([^"]+)"', page)
    assert m is not None
    import base64

    png = base64.b64decode(m.group(1))
    folder = tmp_path / "report_files"
    folder.mkdir()
    if beside:
        (folder / "t3.png").write_bytes(png)
    path = tmp_path / "report.html"
    path.write_text(page.replace(m.group(0), 'src="report_files/t3.png"'), "utf-8")
    return path, v.truth, png


def test_a_saved_pages_picture_beside_it_is_read(tmp_path: Path) -> None:
    path, truth, _ = _page_with_a_missing_picture(tmp_path, beside=True)
    r = ogi.read(path)
    assert not _wrong(r, truth)
    assert not [f for f in r.findings if f.severity == "error"]


def test_a_picture_not_at_hand_is_doubt_never_a_missing_table(tmp_path: Path) -> None:
    path, truth, _ = _page_with_a_missing_picture(tmp_path, beside=False)
    r = ogi.read(path)
    assert not _wrong(r, truth, "t2.") and not _wrong(r, truth, "t4.")  # the tables printed as tables
    assert all(v is None for k, v in r.cells.items() if k.startswith("t3."))
    assert not [f for f in r.findings if f.severity == "error"], [f.message for f in r.findings]
    said = [f for f in r.findings if f.rule == "cells.uncertain" and f.values.get("doubt") == "picture"]
    assert len(said) == 1 and said[0].keys == [k for k in r.cells if k.startswith("t3.")]  # one for the table
    assert said[0].message.startswith("表三「收到和处理政府信息公开申请情况」") and "印为图片" in said[0].message
    notes = [f.message for f in r.findings if f.rule == "input.partial"]
    assert any("t3.png" in m and "不在本地" in m for m in notes)


def test_an_uploaded_page_never_reads_files_of_the_server(tmp_path: Path) -> None:
    path, _, _ = _page_with_a_missing_picture(tmp_path, beside=True)
    got = read_one((str(path), path.read_bytes()))  # bytes under the file's own name: an upload
    assert isinstance(got, Report)
    assert all(v is None for k, v in got.cells.items() if k.startswith("t3."))
    assert not [f for f in got.findings if f.severity == "error"]


def test_pictures_are_read_only_where_a_table_was_not_found(tmp_path: Path) -> None:
    """A picture where every table was found (a photograph, a seal) is never read by OCR: the reading is the
    page's without it, at no cost."""
    from PIL import Image, ImageDraw

    v = variant("plain", "html", 0)
    img = Image.new("RGB", (400, 400), "white")
    ImageDraw.Draw(img).ellipse((20, 20, 380, 380), outline="red", width=12)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    import base64

    tag = f'<p><img src="data:image/png;base64,{base64.b64encode(buf.getvalue()).decode()}"/></p>'
    page = v.data.decode("utf-8").replace("</body>", tag + "</body>")
    path = tmp_path / "sealed.html"
    path.write_text(page, "utf-8")
    r = ogi.read(path)
    assert not _wrong(r, v.truth)
    assert [(p.number, p.table) for p in r.document.pictures] == [(1, None)]  # noted, never read
    assert ingest_path(path).pictures[0].at == len(ingest_path(path).lines)  # it stands after the last line


def test_a_pictures_place_is_kept_in_the_stores_codec() -> None:
    from ogi.model import Where, pack_places, unpack_places

    w = Where(bbox=(1.0, 2.0, 3.0, 4.0), col=2, image=3)
    assert Where.from_dict(w.to_dict()) == w
    assert unpack_places(pack_places([w]), 1) == [w.to_dict()]
    assert not w.line_only


def test_a_broken_picture_is_said_and_its_table_is_doubt(tmp_path: Path) -> None:
    v = variant("pictures", "html", 0)  # form t3
    page = re.sub(
        r'src="data:image/png;base64,[^"]+"', 'src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUg=="', v.data.decode()
    )
    path = tmp_path / "broken.html"
    path.write_text(page, "utf-8")
    r = ogi.read(path)
    assert all(v is None for k, v in r.cells.items() if k.startswith("t3."))
    assert not [f for f in r.findings if f.severity == "error"]
    assert any("无法识别" in f.message for f in r.findings if f.rule == "input.partial")
    assert any(f.values.get("doubt") == "picture" for f in r.findings if f.rule == "cells.uncertain")
