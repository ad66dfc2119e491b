"""The Word reader's document, on hand-written WordprocessingML: merges, grids, paragraphs."""

from __future__ import annotations

import io
import zipfile

import pytest

from ogi.errors import InputError
from ogi.ingest import detect
from ogi.ingest.docx import ingest
from ogi.model import Document, Source

NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
)


def docx(body: str, **parts: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", f'<?xml version="1.0"?><w:document {NS}><w:body>{body}</w:body></w:document>')
        for name, xml in parts.items():
            z.writestr(f"word/{name}.xml", xml)
    return buf.getvalue()


def read(body: str, **parts: str) -> Document:
    data = docx(body, **parts)
    assert detect(data) == "docx"
    return ingest(data, Source(path=None, format="docx"))


def p(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def tc(text: str, span: int = 1, vmerge: str | None = None, hmerge: str | None = None) -> str:
    pr = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    if vmerge is not None:
        pr += f'<w:vMerge w:val="{vmerge}"/>' if vmerge else "<w:vMerge/>"
    if hmerge is not None:
        pr += f'<w:hMerge w:val="{hmerge}"/>' if hmerge else "<w:hMerge/>"
    return f"<w:tc><w:tcPr>{pr}</w:tcPr>{p(text) if text else '<w:p/>'}</w:tc>"


def rows(doc: Document) -> list[list[tuple[str, int | None, int | None]]]:
    return [[(c.text, c.where.row, c.where.col) for c in ln.cells] for ln in doc.lines if ln.grid is not None]


def test_vertical_and_horizontal_merges_resolve_to_grid_columns() -> None:
    doc = read(
        "<w:tbl>"
        f"<w:tr>{tc('三、本年度办理结果', vmerge='restart')}{tc('(一)予以公开', span=2)}{tc('7')}</w:tr>"
        f"<w:tr>{tc('', vmerge='')}{tc('(三)不予公开')}{tc('1.属于国家秘密')}{tc('')}</w:tr>"
        f"<w:tr>{tc('(七)总计', hmerge='restart')}{tc('', hmerge='')}{tc('', hmerge='continue')}{tc('7')}</w:tr>"
        "</w:tbl>"
    )
    assert rows(doc) == [
        [("三、本年度办理结果", 0, 0), ("(一)予以公开", 0, 1), ("7", 0, 3)],
        [("(三)不予公开", 1, 1), ("1.属于国家秘密", 1, 2), ("", 1, 3)],
        [("(七)总计", 2, 0), ("7", 2, 3)],
    ]


def test_grid_before_and_rows_in_content_controls() -> None:
    doc = read(
        "<w:tbl>"
        f"<w:tr>{tc('a')}{tc('b')}{tc('c')}</w:tr>"
        f'<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>{tc("x")}{tc("y")}</w:tr>'
        f"<w:sdt><w:sdtPr><w:alias w:val='q'/></w:sdtPr><w:sdtContent><w:tr>{tc('1')}{tc('2')}{tc('3')}</w:tr>"
        "</w:sdtContent></w:sdt></w:tbl>"
    )
    assert rows(doc) == [
        [("a", 0, 0), ("b", 0, 1), ("c", 0, 2)],
        [("x", 1, 1), ("y", 1, 2)],
        [("1", 2, 0), ("2", 2, 1), ("3", 2, 2)],
    ]


def test_paragraphs_breaks_tracked_changes_and_text_boxes() -> None:
    doc = read(
        p("标题")
        + '<w:p><w:r><w:t xml:space="preserve">一、总体情况</w:t><w:br/><w:t>正文</w:t></w:r></w:p>'
        + "<w:p><w:del><w:r><w:delText>删去</w:delText></w:r></w:del><w:ins><w:r><w:t>新增</w:t></w:r></w:ins>"
        + "<w:moveFrom><w:r><w:t>移走</w:t></w:r></w:moveFrom>"
        + '<w:r><w:fldChar w:fldCharType="begin"/><w:instrText>PAGE</w:instrText></w:r></w:p>'
        + "<w:p><w:r><mc:AlternateContent><mc:Choice><w:drawing><w:txbxContent>"
        + p("框内")
        + "</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict>"
        + p("框内")
        + "</w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"
        + "<w:sectPr/>"
    )
    assert [(ln.cells[0].text, ln.cells[0].where.line) for ln in doc.lines] == [
        ("标题", 1),
        ("一、总体情况", 2),
        ("正文", 3),
        ("新增", 4),
        ("框内", 5),
    ]


def test_hidden_runs_are_not_read() -> None:
    """Word prints no run set hidden (w:vanish): a value with a hidden digit after it is the value; a
    hidden paragraph mark (w:pPr/w:rPr/w:vanish) hides no text; w:vanish w:val="0" is shown."""
    hidden = "<w:r><w:rPr><w:vanish/></w:rPr><w:t>1</w:t></w:r>"
    shown = '<w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>3</w:t></w:r>'
    doc = read(
        "<w:tbl><w:tr>"
        f"<w:tc>{p('规章')}</w:tc>"
        f"<w:tc><w:p><w:r><w:t>20</w:t></w:r>{hidden}</w:p></w:tc>"
        f"<w:tc><w:p><w:r><w:t>2</w:t></w:r>{shown}</w:p></w:tc>"
        "</w:tr></w:tbl>"
        "<w:p><w:pPr><w:rPr><w:vanish/></w:rPr></w:pPr><w:r><w:t>正文</w:t></w:r></w:p>"
    )
    assert [c[0] for c in rows(doc)[0]] == ["规章", "20", "23"]
    assert [ln.cells[0].text for ln in doc.lines if ln.grid is None] == ["正文"]


def test_layout_table_holding_a_table() -> None:
    inner = f"<w:tbl><w:tr>{tc('规章')}{tc('5')}</w:tr></w:tbl>"
    doc = read(f"<w:tbl><w:tr><w:tc>{p('前言')}{inner}{p('后记')}</w:tc></w:tr></w:tbl>")
    assert [ln.cells[0].text for ln in doc.lines if ln.grid is None] == ["前言", "后记"]
    assert rows(doc) == [[("规章", 0, 0), ("5", 0, 1)]]


def test_entities_are_not_expanded() -> None:
    data = docx("")
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        f"<w:document {NS}><w:body>{p('&c;')}</w:body></w:document>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", src.read("[Content_Types].xml"))
        z.writestr("word/document.xml", bomb)
    try:
        doc = ingest(buf.getvalue(), Source(path=None, format="docx"))
    except InputError:
        return
    assert all(len(ln.text) < 100 for ln in doc.lines)


def test_not_a_zip() -> None:
    with pytest.raises(InputError):
        ingest(b"PK\x03\x04word/" + b"\x00" * 100, Source(path=None, format="docx"))


NUMBERING = (
    f"<w:numbering {NS}>"
    '<w:abstractNum w:abstractNumId="7">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
    '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>'
    "</w:abstractNum>"
    '<w:abstractNum w:abstractNumId="8"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>'
    "</w:abstractNum>"
    '<w:num w:numId="1"><w:abstractNumId w:val="7"/></w:num>'
    '<w:num w:numId="2"><w:abstractNumId w:val="8"/></w:num>'
    '<w:num w:numId="3"><w:abstractNumId w:val="7"/><w:lvlOverride w:ilvl="2"><w:startOverride w:val="1"/>'
    "</w:lvlOverride></w:num>"
    "</w:numbering>"
)
STYLES = (
    f'<w:styles {NS}><w:style w:styleId="H1"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
    '<w:style w:styleId="H1x"><w:basedOn w:val="H1"/></w:style></w:styles>'
)


def numbered(text: str, num: int | None = None, lvl: int = 0, style: str | None = None) -> str:
    pr = f'<w:pStyle w:val="{style}"/>' if style else ""
    if num is not None:
        pr += f'<w:numPr><w:ilvl w:val="{lvl}"/><w:numId w:val="{num}"/></w:numPr>'
    return f"<w:p><w:pPr>{pr}</w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"


def test_automatic_numbering_is_written_into_the_text() -> None:
    body = (
        numbered("总体情况", style="H1")
        + numbered("主动公开", 1, 1)
        + numbered("依申请公开", 1, 1)
        + numbered("主动公开政府信息情况", style="H1x")
        + numbered("要点", 2)
        + "<w:tbl><w:tr>"
        + f"<w:tc>{numbered('属于国家秘密', 3, 2)}</w:tc><w:tc>{p('0')}</w:tc></w:tr><w:tr>"
        + f"<w:tc>{numbered('其他法律行政法规禁止公开', 3, 2)}</w:tc><w:tc>{p('1')}</w:tc></w:tr></w:tbl>"
        + numbered("收到和处理政府信息公开申请情况", 1, 0)
    )
    doc = read(body, numbering=NUMBERING, styles=STYLES)
    assert [ln.text for ln in doc.lines if ln.grid is None] == [
        "一、总体情况",
        "（一）主动公开",
        "（二）依申请公开",
        "二、主动公开政府信息情况",
        "要点",
        "三、收到和处理政府信息公开申请情况",
    ]
    assert rows(doc) == [[("1.属于国家秘密", 0, 0), ("0", 0, 1)], [("2.其他法律行政法规禁止公开", 1, 0), ("1", 1, 1)]]


def test_chinese_counting() -> None:
    from ogi.ingest.wordnum import chinese, format_number

    assert [chinese(n) for n in (1, 6, 10, 11, 20, 21, 99)] == ["一", "六", "十", "十一", "二十", "二十一", "九十九"]
    assert format_number(3, "ideographTraditional") == "丙"
    assert format_number(4, "upperRoman") == "IV" and format_number(2, "decimalEnclosedCircle") == "②"


def test_html_imported_with_altchunk_as_export_to_word_tools_do() -> None:
    """html-docx-js and similar put the page itself in the DOCX (``w:altChunk`` → afchunk.mht)."""
    import math

    import ogi
    from ogi.samples import generate
    from ogi.samples.html import render_html

    rep = generate(41, tid="2021")
    mht = (
        'MIME-Version: 1.0\nContent-Type: multipart/related; type="text/html"; boundary="--b"\n\n----b\n'
        "Content-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: 8bit\nContent-Location: file:///C:/x.htm\n\n"
        + render_html(rep, messy=True)
        + "\n----b--\n"
    )
    data = _package(
        f'<w:body>{p("封面")}<w:altChunk r:id="htmlChunk"/><w:sectPr/></w:body>',
        '<Relationship Id="htmlChunk" Target="/word/afchunk.mht" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk"/>',
        {"word/afchunk.mht": mht.encode("utf-8")},
    )
    r = ogi.read(data)
    assert r.source.format == "docx"
    assert (r.template, r.year, r.agency) == (rep.template.id, rep.year, rep.agency)
    assert all(math.isclose(float(r.cells[k]), float(v), abs_tol=1e-6) for k, v in rep.cells.items())  # type: ignore[arg-type]
    lines = r.document.lines
    assert lines[0].text == "封面" and lines[0].cells[0].where.line == 1
    assert lines[1].cells[0].where.line == 2  # the imported page's paragraphs number on
    assert {ln.grid for ln in lines if ln.grid is not None} == {0, 1, 2}


def test_strict_open_xml_reads_as_transitional() -> None:
    # Word's "Strict Open XML" save: the same elements under the purl.oclc.org names
    import ogi
    from ogi.samples.docx import render_docx
    from ogi.samples.generate import generate

    rep = generate(3, tid="2021", scale=20)
    data = render_docx(rep)
    strict = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as z, zipfile.ZipFile(strict, "w", zipfile.ZIP_DEFLATED) as out:
        for info in z.infolist():
            body = z.read(info)
            if info.filename.endswith(".xml"):
                body = body.replace(
                    b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                    b"http://purl.oclc.org/ooxml/wordprocessingml/main",
                )
            out.writestr(info, body)
    assert b"purl.oclc.org" in zipfile.ZipFile(strict).read("word/document.xml")
    r = ogi.read(strict.getvalue())
    assert r.cells == rep.cells


def test_a_superscript_note_number_is_a_mark_not_a_digit() -> None:
    sup = '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:t>1</w:t></w:r>'
    cell = f"<w:tc><w:p><w:r><w:t>70</w:t></w:r>{sup}</w:p></w:tc>"
    doc = read(
        f"<w:tbl><w:tr><w:tc>{p('行政许可')}</w:tc>{cell}</w:tr><w:tr><w:tc>{p('a')}</w:tc><w:tc>{p('b')}</w:tc></w:tr></w:tbl>"
    )
    assert [c.text for c in doc.lines[0].cells] == ["行政许可", "70[1]"]


def test_cells_in_content_controls_however_deep() -> None:
    """A cell wrapped in a content control inside another (and in custom XML): a cell of its row still."""
    inner = f"<w:sdt><w:sdtContent>{tc('62')}</w:sdtContent></w:sdt>"
    wrapped = f"<w:customXml><w:sdt><w:sdtContent>{inner}</w:sdtContent></w:sdt></w:customXml>"
    doc = read(f"<w:tbl><w:tr>{tc('一、本年新收')}{wrapped}{tc('5')}</w:tr></w:tbl>")
    assert rows(doc) == [[("一、本年新收", 0, 0), ("62", 0, 1), ("5", 0, 2)]]


def test_text_hidden_by_its_character_style_is_not_read() -> None:
    """Last year's figure after this year's in a character style that hides it (w:rStyle → w:vanish in styles.xml,
    or in a style that one is based on): Word prints 61, not 6167; a run's own w:vanish off shows it."""
    styles = (
        f"<w:styles {NS}>"
        '<w:style w:type="character" w:styleId="Old"><w:rPr><w:vanish/></w:rPr></w:style>'
        '<w:style w:type="character" w:styleId="Older"><w:basedOn w:val="Old"/></w:style>'
        "</w:styles>"
    )
    hidden = '<w:r><w:rPr><w:rStyle w:val="{}"/>{}</w:rPr><w:t>{}</w:t></w:r>'
    cells = [
        f"<w:tc><w:p><w:r><w:t>61</w:t></w:r>{hidden.format('Old', '', '67')}</w:p></w:tc>",
        f"<w:tc><w:p><w:r><w:t>5</w:t></w:r>{hidden.format('Older', '', '9')}</w:p></w:tc>",
        "<w:tc><w:p>" + hidden.format("Old", '<w:vanish w:val="0"/>', "8") + "</w:p></w:tc>",
    ]
    doc = read(f"<w:tbl><w:tr>{tc('自然人')}{''.join(cells)}</w:tr></w:tbl>", styles=styles)
    assert [c.text for c in doc.lines[0].cells] == ["自然人", "61", "5", "8"]


def test_word_hyphens_and_a_symbol_fonts_minus_are_signs() -> None:
    """A change printed with Word's non-breaking hyphen, or the Symbol font's minus (w:sym F02D): -2, -5; a soft
    hyphen nothing; a check box's symbol nothing."""
    cell = "<w:tc><w:p><w:r>{}<w:t>{}</w:t></w:r></w:p></w:tc>"
    doc = read(
        "<w:tbl><w:tr>"
        + tc("行政许可")
        + cell.format("<w:noBreakHyphen/>", "2")
        + cell.format('<w:sym w:font="Symbol" w:char="F02D"/>', "5")
        + cell.format("<w:softHyphen/>", "12")
        + cell.format('<w:sym w:font="Wingdings" w:char="F0FE"/>', "")
        + "</w:tr></w:tbl>"
    )
    assert [c.text for c in doc.lines[0].cells] == ["行政许可", "-2", "-5", "12", ""]


def test_a_notes_own_mark_after_its_reference_is_no_digit() -> None:
    """A value with a footnote whose mark is typed after the reference (w:customMarkFollows: 28 then 注, a, ①):
    the value alone."""
    ref = '<w:footnoteReference w:customMarkFollows="1" w:id="1"/>'
    marked = "<w:tc><w:p><w:r><w:t>{}</w:t></w:r><w:r>" + ref + "<w:t>{}</w:t></w:r></w:p></w:tc>"
    values = marked.format("28", "注") + marked.format("16", "a") + marked.format("2", "①")
    doc = read(f"<w:tbl><w:tr>{tc('总计')}{values}</w:tr></w:tbl>")
    assert [c.text for c in doc.lines[0].cells] == ["总计", "28", "16", "2"]


def test_a_cell_deleted_with_changes_tracked_is_no_cell() -> None:
    """A cell deleted with changes tracked (``w:cellDel``, its digits in ``w:delText``) in table 4's row of
    values: no cell of the table as it stands (was: kept empty, the row's values after it moved a column on)."""
    import re

    import ogi
    from ogi.samples import generate
    from ogi.samples.docx import render_docx

    rep = generate(321, tid="2021", scale=20)
    data = render_docx(rep)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    xml = parts["word/document.xml"].decode("utf-8")
    last_table = xml.rindex("<w:tbl>")
    last_row = xml.rindex("<w:tr", last_table)
    cells = [m.start() for m in re.finditer(r"<w:tc>", xml[last_row:])]
    assert len(cells) >= 15
    at = last_row + cells[5]  # before the row's sixth value: after 行政复议's 总计
    deleted = '<w:tc><w:tcPr><w:cellDel w:id="9" w:author="审核" w:date="2024-01-20T10:00:00Z"/></w:tcPr>'
    deleted += "<w:p><w:r><w:delText>2</w:delText></w:r></w:p></w:tc>"
    parts["word/document.xml"] = (xml[:at] + deleted + xml[at:]).encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for n, b in parts.items():
            z.writestr(n, b)
    r = ogi.read(out.getvalue())
    assert r.cells == rep.cells
    assert not [f for f in r.findings if f.severity == "error" or f.rule == "cells.uncertain"]


def _field(result: str, code: str, *nested: str) -> str:
    parts = code.split("{}")
    inner = "".join(
        f"<w:r><w:instrText>{c}</w:instrText></w:r>" + (nested[i] if i < len(nested) else "")
        for i, c in enumerate(parts)
    )
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        + inner
        + '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        + f"<w:r><w:t>{result}</w:t></w:r>"
        + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def test_only_the_outer_fields_result_is_read() -> None:
    """A total Word works out, { IF {=SUM(LEFT)} > 0 "{=SUM(LEFT)}" "0" }: the nested fields' results stand in the
    outer field's code and are not shown (trial 94: 68 was read 686868); a field in a result shows its result,
    a field with no result (no separate) shows nothing."""
    total = _field("68", " =SUM(LEFT) ")
    nested = _field("68", ' IF {} > 0 "{}" "0" ', total, total)
    in_result = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> QUOTE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        + _field("7", " =1+6 ")
        + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    no_result = '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:t>9</w:t></w:r>'
    no_result += '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    doc = read(
        "<w:tbl><w:tr>"
        f"{tc('总计')}<w:tc><w:p>{nested}</w:p></w:tc><w:tc><w:p>{in_result}</w:p></w:tc>"
        f"<w:tc><w:p><w:r><w:t>5</w:t></w:r>{no_result}</w:p></w:tc>"
        "</w:tr></w:tbl>"
    )
    assert [c[0] for c in rows(doc)[0]] == ["总计", "68", "7", "5"]


def test_a_main_part_named_otherwise_is_found_by_the_packages_relationships() -> None:
    """Word saves the main part as word/document2.xml at times; the package's relationship (_rels/.rels, type
    officeDocument) names it, and the main part's own relationships (its pictures, imported parts) are beside it
    (trial 94: refused, 'Word 文件缺少正文')."""
    import ogi
    from ogi.samples import generate
    from ogi.samples.docx import _main_part_renamed, render_docx

    rep = generate(77, tid="2021", scale=20)
    data = _main_part_renamed(render_docx(rep))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert "word/document.xml" not in z.namelist() and "word/document2.xml" in z.namelist()
    r = ogi.read(data)
    assert r.cells == rep.cells and r.agency == rep.agency
    # a package with neither the usual name nor a relationship naming one is still refused, saying why
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/other.xml", "<x/>")
    with pytest.raises(InputError, match=r"word/document\.xml"):
        ingest(buf.getvalue(), Source(path=None, format="docx"))


def test_text_hidden_by_its_paragraphs_or_tables_style_is_not_read() -> None:
    """A reviewer's old draft kept in a paragraph style that hides it (w:pStyle → w:vanish, or a style it is based
    on; the default paragraph style too), cells in a table style that hides them: Word prints none of it. A run's
    own w:vanish off, or a character style showing it, shows it; a paragraph style saying nothing hides nothing."""
    styles = (
        f"<w:styles {NS}>"
        '<w:style w:type="paragraph" w:styleId="Draft"><w:rPr><w:vanish/></w:rPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="OldDraft"><w:basedOn w:val="Draft"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="Body"><w:rPr><w:b/></w:rPr></w:style>'
        '<w:style w:type="character" w:styleId="Shown"><w:rPr><w:vanish w:val="0"/></w:rPr></w:style>'
        '<w:style w:type="table" w:styleId="OldTable"><w:rPr><w:vanish/></w:rPr></w:style>'
        "</w:styles>"
    )

    def para(style: str, runs: str) -> str:
        return f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{runs}</w:p>'

    body = (
        para("Body", "<w:r><w:t>收到申请12件。</w:t></w:r>")
        + para("OldDraft", "<w:r><w:t>（旧稿）收到申请43件。</w:t></w:r>")
        + para("Draft", '<w:r><w:t>旧</w:t></w:r><w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>留下</w:t></w:r>')
        + para("Draft", '<w:r><w:rPr><w:rStyle w:val="Shown"/></w:rPr><w:t>也留下</w:t></w:r>')
        + '<w:tbl><w:tblPr><w:tblStyle w:val="OldTable"/></w:tblPr>'
        + f"<w:tr>{tc('旧表')}{tc('99')}</w:tr></w:tbl>"
        + f"<w:tbl><w:tr>{tc('自然人')}{tc('7')}</w:tr></w:tbl>"
    )
    doc = read(body, styles=styles)
    assert [ln.text for ln in doc.lines if ln.grid is None] == ["收到申请12件。", "留下", "也留下"]
    assert rows(doc) == [[("自然人", 0, 0), ("7", 0, 1)]]
    # the default paragraph style hiding its text: a paragraph naming no style is hidden, one naming another not
    default = styles.replace('w:styleId="Draft"', 'w:default="1" w:styleId="Draft"')
    doc = read(p("无样式") + para("Body", "<w:r><w:t>正文</w:t></w:r>"), styles=default)
    assert [ln.text for ln in doc.lines] == ["正文"]


def _with_furniture(body: str, parts: dict[str, str]) -> bytes:
    """A Word file whose section names the page headers and footers ``parts`` (name → its XML's body: hdr, ftr)."""
    rels = "".join(
        f'<Relationship Id="rId{k}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        f'{"header" if n.startswith("header") else "footer"}" Target="{n}.xml"/>'
        for k, n in enumerate(parts)
    )
    refs = "".join(
        f'<w:{"header" if n.startswith("header") else "footer"}Reference w:type="{t}" r:id="rId{k}"/>'
        for k, (n, t) in enumerate(zip(parts, ("default", "first", "default", "even"), strict=False))
    )
    tags = {n: "hdr" if n.startswith("header") else "ftr" for n in parts}
    return _package(
        f"<w:body>{body}<w:sectPr>{refs}</w:sectPr></w:body>",
        rels,
        {f"word/{n}.xml": f'<?xml version="1.0"?><w:{tags[n]} {NS}>{xml}</w:{tags[n]}>' for n, xml in parts.items()},
    )


def _package(body: str, rels: str, parts: dict[str, str | bytes]) -> bytes:
    """A minimal Word package: ``word/document.xml`` holding ``body`` (its ``w:body`` element), its relationships
    ``rels`` (``Relationship`` elements), and the other ``parts`` (name in the package → content)."""
    r_ns = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", f'<?xml version="1.0"?><w:document {NS} {r_ns}>{body}</w:document>')
        z.writestr(
            "word/_rels/document.xml.rels",
            f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>',
        )
        for name, content in parts.items():
            z.writestr(name, content)
    return buf.getvalue()


def test_the_pages_headers_and_footers_are_read_beside_the_body() -> None:
    """What the pages' headers and footers print (the parts the section names) is the document's, beside its body
    (``Document.meta[PAGE_HEADER]``: a line each, once, a first page's header repeating the default's read once),
    not among its lines; the pages' numbers (PAGE, NUMPAGES fields, complex or simple) and hidden runs are not."""
    from ogi.model import PAGE_HEADER

    page = (
        "<w:p><w:r><w:t xml:space='preserve'>第 </w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> 页 共 </w:t></w:r>'
        '<w:fldSimple w:instr=" NUMPAGES \\* MERGEFORMAT "><w:r><w:t>4</w:t></w:r></w:fldSimple>'
        "<w:r><w:t xml:space='preserve'> 页</w:t></w:r></w:p>"
    )
    parts = {
        "header1": p("清河县统计局") + "<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>旧局名</w:t></w:r></w:p>",
        "header2": p("清河县统计局"),
        "footer1": page,
    }
    data = _with_furniture(p("2022年政府信息公开工作年度报告") + p("一、总体情况"), parts)
    doc = ingest(data, Source(path=None, format="docx"))
    assert [ln.text for ln in doc.lines] == ["2022年政府信息公开工作年度报告", "一、总体情况"]
    assert doc.meta[PAGE_HEADER] == "清河县统计局\n第 页 共 页"
    # none named: none read (a header part the package lacks, or none at all)
    assert PAGE_HEADER not in ingest(docx(p("正文")), Source(path=None, format="docx")).meta
    broken = _with_furniture(p("正文"), {"header1": p("某局")}).replace(b"word/header1.xml", b"word/headerX.xml")
    assert PAGE_HEADER not in ingest(broken, Source(path=None, format="docx")).meta


def test_a_word_file_whose_parts_relationships_are_broken_is_read_without_its_headers() -> None:
    """``word/_rels/document.xml.rels`` past reading (garbage bytes): the document is read all the same, without its
    page headers and footers (a reviewer's: the headers' reading refused the whole file)."""
    import ogi
    from ogi.samples import generate
    from ogi.samples.docx import render_docx

    rep = generate(3, tid="2021", scale=20)
    rep.layout.page_header = "北原县统计局"  # (a header part the relationships name)
    src = zipfile.ZipFile(io.BytesIO(render_docx(rep)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for info in src.infolist():
            data = src.read(info)
            z.writestr(info, b"\x00garbage<<" if info.filename == "word/_rels/document.xml.rels" else data)
    assert ogi.read(out.getvalue()).cells == rep.cells
