"""Generated reports rendered as web pages and Word documents read back to the same values.

HTML: ``ogi.samples.html.render_html`` (clean and messy markup, several
encodings, the report held in a JavaScript string). DOCX: our own renderer
with merged cells (``ogi.samples.docx``), and LibreOffice's conversion of the
HTML page. DOC and RTF: LibreOffice both ways (few: it is slow).
"""

from __future__ import annotations

import json
import math
import shutil

import pytest

import ogi
from ogi.ingest import detect
from ogi.model import Report, Where
from ogi.samples import SampleReport, generate
from ogi.samples.docx import render_docx
from ogi.samples.html import render_html

SEEDS = range(30)
needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")


def assert_same(r: Report, rep: SampleReport, fmt: str) -> None:
    assert r.source.format == fmt
    assert r.template == rep.template.id
    assert r.year == rep.year
    assert r.agency == rep.agency
    diff = {
        k: (r.cells.get(k), v)
        for k, v in rep.cells.items()
        if r.cells.get(k) is None or not math.isclose(float(r.cells[k]), float(v), abs_tol=1e-6)  # type: ignore[arg-type]
    }
    assert not diff, f"{len(diff)} cells differ (read, generated): {dict(list(diff.items())[:6])}"
    noisy = [(f.rule, f.keys[:3]) for f in r.findings if f.severity in ("error", "warning")]
    assert not noisy, noisy


def assert_table_provenance(r: Report) -> None:
    """Every value stands in a table cell whose text is that value."""
    at: dict[tuple[int | None, int | None, int | None], str] = {}
    for ln in r.document.lines:
        for c in ln.cells:
            if ln.grid is not None:
                key = (c.where.table, c.where.row, c.where.col)
                assert key not in at, f"two cells at {c.where}"
                at[key] = c.text
            else:
                assert c.where.line is not None and c.where.table is None
    for k, v in r.cells.items():
        w: Where = r.provenance[k]
        text = at[(w.table, w.row, w.col)].replace("元", "").strip()
        assert math.isclose(float(text), float(v), abs_tol=1e-6), (k, v, text)  # type: ignore[arg-type]


@pytest.mark.parametrize("messy", [False, True], ids=["clean", "messy"])
@pytest.mark.parametrize("seed", SEEDS)
def test_html_round_trip(seed: int, messy: bool) -> None:
    rep = generate(seed)
    page = render_html(rep, messy=messy).encode("utf-8")
    assert detect(page) == "html"
    r = ogi.read(page)
    assert_same(r, rep, "html")
    assert_table_provenance(r)


@pytest.mark.parametrize("seed", [0, 1, 2, 5])
def test_html_both_formats_covered(seed: int) -> None:
    for tid in ("2019", "2021"):
        rep = generate(seed, tid=tid)
        assert_same(ogi.read(render_html(rep, messy=True).encode()), rep, "html")


@pytest.mark.parametrize("seed", range(8))
def test_html_table_split_over_two_tables(seed: int) -> None:
    """Word exports break a long table at a page end into two <table>s."""
    rep = generate(seed)
    page = render_html(rep, messy=bool(seed % 2))
    at = page.index("<table", page.index("</table>"))  # table 3
    for _ in range(16):  # its 16th row: inside the outcome block
        at = page.index("<tr>", at + 1)
    split = page[:at] + '</table>\n<p>&nbsp;</p>\n<table border="1">' + page[at:]
    assert_same(ogi.read(split.encode()), rep, "html")


@pytest.mark.parametrize(
    "declare,encoding",
    [
        ('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', "gb18030"),
        ('<meta charset="GBK">', "gbk"),
        ('<meta charset="utf-8">', "gb18030"),  # the page lies: detected from the bytes
        ('<meta charset="gb2312">', "utf-8"),  # a site moved to UTF-8 and kept its old header
        ("", "gb18030"),  # no declaration at all
        ('<meta charset="big5">', "big5"),
    ],
)
def test_html_encodings(declare: str, encoding: str) -> None:
    rep = generate(7, tid="2021")
    page = render_html(rep, messy=True).replace('<meta charset="utf-8"/>', declare)
    if encoding == "big5":  # a traditional-script page; the reader converts it back
        from opencc import OpenCC

        page = OpenCC("s2tw").convert(page)
    r = ogi.read(page.encode(encoding))
    assert_same(r, rep, "html")


@pytest.mark.parametrize("bom", ["utf-8-sig", "utf-16"])
def test_html_with_bom(bom: str) -> None:
    rep = generate(8)
    r = ogi.read(render_html(rep).encode(bom))
    assert_same(r, rep, "html")


def test_html_held_in_a_javascript_string() -> None:
    """Some sites ship the report as a JS string (``let content = "…"``) written into the page."""
    rep = generate(9, tid="2019")
    page = render_html(rep, messy=True)
    body = page[page.index("<body>") + 6 : page.index("</body>")]
    shell = (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开</title></head><body>'
        '<div id="content"></div><script>//字典项\nlet ascceptanceArea = "1";\n'
        f"let content = {json.dumps(body, ensure_ascii=True)};\n"
        'document.getElementById("content").innerHTML = content;</script></body></html>'
    )
    assert_same(ogi.read(shell.encode()), rep, "html")


@pytest.mark.parametrize("messy", [False, True], ids=["clean", "messy"])
@pytest.mark.parametrize("seed", SEEDS)
def test_docx_round_trip(seed: int, messy: bool) -> None:
    rep = generate(seed)
    data = render_docx(rep, messy=messy)
    assert detect(data) == "docx"
    r = ogi.read(data)
    assert_same(r, rep, "docx")
    assert_table_provenance(r)


@needs_soffice
@pytest.mark.parametrize("seed,tid", [(11, "2021"), (12, "2019")])
def test_docx_made_by_libreoffice_from_the_page(seed: int, tid: str) -> None:
    from ogi.ingest.office import convert

    rep = generate(seed, tid=tid)
    data = convert(render_html(rep, messy=True).encode(), "html", "docx")
    r = ogi.read(data)
    assert_same(r, rep, "docx")
    assert_table_provenance(r)


@needs_soffice
@pytest.mark.parametrize("target", ["doc", "rtf"])
def test_legacy_word_and_rtf_round_trip(target: str) -> None:
    from ogi.ingest.office import convert

    rep = generate(13, tid="2021")
    data = convert(render_docx(rep, messy=True, fields=False), "docx", target)  # (LibreOffice: fields' results)
    assert detect(data) == "office"
    r = ogi.read(data)
    assert_same(r, rep, target)
    assert_table_provenance(r)


@needs_soffice
@pytest.mark.parametrize(("seed", "tid"), [(13, "2021"), (14, "2021"), (15, "2019")])
def test_word_2003_xml_is_read_as_a_word_document(seed: int, tid: str) -> None:
    """A Word 2003 XML file (one XML file, "WordprocessingML", as Word and OA systems save it; here LibreOffice's)
    is a Word document: read exactly, its merged cells as merged (was read as text: no organ, its column widths
    read as values, false errors; LibreOffice's own reading of the format drops a merged cell's continuations)."""
    from ogi.ingest.office import convert

    rep = generate(seed, tid=tid)
    data = convert(render_docx(rep), "docx", "xml")  # (messy: LibreOffice's export drops a run's hidden mark)
    assert b"wordDocument" in data[:4096] and detect(data) == "office"
    r = ogi.read(data)
    assert_same(r, rep, "xml")
    assert_table_provenance(r)


def test_word_2003_xml_notes_and_comments_are_no_text_of_the_body() -> None:
    """Word 2003 XML keeps a footnote and a reviewer's comment inline in the runs (w:footnote, aml:annotation): no
    text of the paragraph (a value's cell read 15含转办3件, a comment joined the prose)."""
    from ogi.ingest.docx import from_word_2003, ingest
    from ogi.model import Source

    xml = (
        '<?xml version="1.0" encoding="UTF-8"?><?mso-application progid="Word.Document"?>'
        '<w:wordDocument xmlns:w="http://schemas.microsoft.com/office/word/2003/wordml" '
        'xmlns:aml="http://schemas.microsoft.com/aml/2001/core"><w:body>'
        "<w:p><w:r><w:t>收到申请15件</w:t></w:r><w:r><w:footnote><w:p><w:r><w:t>含转办3件</w:t></w:r></w:p>"
        "</w:footnote></w:r><w:r><w:t>。</w:t></w:r></w:p>"
        '<w:p><aml:annotation w:type="Word.Comment"><aml:content><w:p><w:r><w:t>此处应为12件</w:t></w:r></w:p>'
        "</aml:content></aml:annotation><w:r><w:t>结转2件</w:t></w:r></w:p></w:body></w:wordDocument>"
    ).encode()
    assert detect(xml) == "office"
    doc = ingest(from_word_2003(xml), Source(None, "xml"))
    assert [ln.text for ln in doc.lines] == ["收到申请15件。", "结转2件"]
