"""A sample report as a Word document (python-docx), tables with merged cells.

The tables are those of :mod:`ogi.samples.html` (the national layout, labels
and headers merged over rows and columns), merged in Word the way Word does it
(``w:gridSpan`` across, ``w:vMerge`` down). With ``messy=True`` labels are
broken into runs and by line breaks, and empty paragraphs and a page header
are added, as documents typed by hand have them.
"""

from __future__ import annotations

import io
import random
from typing import Any
from xml.sax.saxutils import escape

from ogi.samples.generate import SampleReport
from ogi.samples.html import layout, table_pieces, table_rows
from ogi.samples.printers import (
    TABLES,
    contents_lines,
    intro,
    section_heading,
    section_texts,
    site_meta_grid,
    title_lines,
)
from ogi.samples.printers import (
    appendix_lines as appended_lines,
)
from ogi.samples.printers import (
    is_appended as appended_at,
)

Spanned = tuple[str, int, int]  # text, rowspan, colspan
_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _field(result: str, code: str, *nested: str) -> str:
    """A field as Word keeps it: begin, its code (``code`` with ``{}`` where each of ``nested`` — fields'
    runs — stands), separate, its cached ``result``, end."""
    parts = code.split("{}")
    codes = [f'<w:r><w:instrText xml:space="preserve">{escape(c)}</w:instrText></w:r>' for c in parts]
    inner = "".join(c + (nested[i] if i < len(nested) else "") for i, c in enumerate(codes))
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        + inner
        + '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        + f"<w:r><w:t>{escape(result)}</w:t></w:r>"
        + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def _runs(text: str, rng: random.Random | None, fields: bool = True) -> str:
    """The runs of a cell's paragraph; messy: a label broken into runs and by a line break, a value
    followed now and then by a digit set hidden (w:vanish: typed over and hidden, not printed), or a sum Word
    works out, a field whose code holds fields with their own results ({ IF {=SUM(LEFT)} > 0 "{=SUM(LEFT)}" "0" }:
    the value cached three times, shown once)."""

    def run(t: str) -> str:
        if "\n" in t:  # a line break inside the cell
            return "<w:r><w:br/></w:r>".join(run(part) for part in t.split("\n"))
        return f'<w:r><w:t xml:space="preserve">{escape(t)}</w:t></w:r>'

    if rng is not None and len(text) > 4 and not text[:1].isdigit() and rng.random() < 0.4:  # (a label, no value)
        cut = rng.randint(2, len(text) - 2)
        mid = "<w:r><w:br/></w:r>" if rng.random() < 0.5 else ""
        return run(text[:cut]) + mid + run(text[cut:])
    if rng is not None and text.isdigit() and rng.random() < 0.1:
        return run(text) + f"<w:r><w:rPr><w:vanish/></w:rPr><w:t>{rng.randint(0, 9)}</w:t></w:r>"
    if rng is not None and fields and text.isdigit() and rng.random() < 0.06:
        total = _field(text, " =SUM(LEFT) ")
        return _field(text, ' IF {} > 0 "{}" "0" ', total, total)
    return run(text) if text else ""


# a floating table's placing (w:tblpPr: anchored to the text, the paragraph after it in the XML, set under its top)
_FLOATING = (
    '<w:tblpPr w:leftFromText="180" w:rightFromText="180" w:vertAnchor="text" w:horzAnchor="margin" w:tblpY="620"/>'
    '<w:tblOverlap w:val="never"/>'
)


def _table_xml(
    rows: list[list[Spanned]], rng: random.Random | None, fields: bool = True, floating: bool = False
) -> str:
    """A w:tbl with merged cells as Word writes them: gridSpan across, vMerge restart/continue down; ``floating``:
    set floating (:data:`_FLOATING`)."""
    cells, width = layout(rows)
    nrows = max(r + rs for r, _, rs, _, _ in cells)
    origin = {(r, c): (rs, cs, t) for r, c, rs, cs, t in cells}
    below: dict[tuple[int, int], int] = {}  # (row, col) continuing a vertical merge → its colspan
    for r, c, rs, cs, _ in cells:
        for i in range(r + 1, r + rs):
            below[(i, c)] = cs
    out = [
        f'<w:tbl {_NS}><w:tblPr><w:tblStyle w:val="TableGrid"/>{_FLOATING if floating else ""}'
        '<w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid>',
        "<w:gridCol/>" * width,
        "</w:tblGrid>",
    ]
    for r in range(nrows):
        out.append("<w:tr>")
        c = 0
        while c < width:
            if (r, c) in origin:
                rs, cs, t = origin[(r, c)]
                merge = '<w:vMerge w:val="restart"/>' if rs > 1 else ""
                runs = _runs(t, rng, fields)
                out.append(f'<w:tc><w:tcPr><w:gridSpan w:val="{cs}"/>{merge}</w:tcPr><w:p>{runs}</w:p></w:tc>')
            elif (r, c) in below:
                cs = below[(r, c)]
                out.append(f'<w:tc><w:tcPr><w:gridSpan w:val="{cs}"/><w:vMerge/></w:tcPr><w:p/></w:tc>')
            else:
                cs = 1
                out.append("<w:tc><w:p/></w:tc>")
            c += cs
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def render_docx(rep: SampleReport, messy: bool = False, fields: bool = True) -> bytes:
    """The report as a Word file (``messy``: as typed by hand — :func:`_runs`; ``fields``: with it, now and then a
    sum Word works out, as a field holding fields: LibreOffice shows such a field empty, so a file it converts is
    made without). As offices leave it after review (the layout's): a hidden old draft (``hidden_draft``:
    :func:`_hidden_draft`), the organ only in the page header (``page_header``), tables set floating, each stored
    before its heading (``floating``: a table printed whole, alone in its place)."""
    import docx  # python-docx, in the ``docx`` extra
    from docx.enum.text import WD_BREAK
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    rng = random.Random(rep.seed) if messy else None
    lay = rep.layout
    secs, text = section_texts(rep)
    d = docx.Document()

    def add_table(rows: list[list[Spanned]], r: random.Random | None, floating: bool = False) -> None:
        tbl = parse_xml(_table_xml(rows, r, fields, floating))
        sect = d.element.body.find(qn("w:sectPr"))
        if sect is not None:
            sect.addprevious(tbl)  # the body ends with its section properties
        else:
            d.element.body.append(tbl)

    if messy:
        # the page header names the organ, unless the layout is about where the report names it
        d.sections[0].header.paragraphs[0].text = f"{rep.agency} 政务公开" if lay.title is None else "政务公开"
        d.add_paragraph("")
    if lay.page_header:  # the organ only there, the pages numbered in the footer by fields (第 1 页 共 4 页)
        d.sections[0].header.paragraphs[0].text = lay.page_header
        foot = d.sections[0].footer.paragraphs[0]._p
        runs = "<w:r><w:t xml:space='preserve'>第 </w:t></w:r>" + _field("1", " PAGE ")
        runs += "<w:r><w:t xml:space='preserve'> 页 共 </w:t></w:r>" + _field("4", " NUMPAGES ")
        for el in parse_xml(f"<w:p {_NS}>{runs}<w:r><w:t xml:space='preserve'> 页</w:t></w:r></w:p>"):
            foot.append(el)
    for k, v in lay.wrapper:
        d.add_paragraph(f"{k}：{v}")
    if lay.meta:
        add_table([[(t, 1, 1) for t in row] for row in site_meta_grid(rep)], None)
    title = title_lines(rep)
    if len(title) == 1:
        d.add_heading(title[0], level=1)
    else:
        for t in title:
            d.add_paragraph().add_run(t).bold = True
    for t in contents_lines(rep):
        d.add_paragraph(t)
    d.add_paragraph(intro(rep))

    def floats(tid: str) -> bool:
        """Whether table ``tid`` is set floating (``layout.floating``): one printed whole as a grid, nothing of
        its own around it."""
        return (
            tid in lay.floating
            and not appended_at(rep, tid)
            and not any(tid in x for x in (lay.retyped, lay.pictured, lay.above, lay.below))
            and not any(tid in x for x in (lay.others_before, lay.others_after))
            and len(table_pieces(rep, tid, table_rows(rep, tid))) == 1
        )

    def add_tables(tid: str) -> None:
        """The table as the document prints it: lines above it, a table of other figures before it,
        its pieces (a page break or joint lines between them), lines below, other figures after."""
        for t in lay.above.get(tid, ()):
            d.add_paragraph(t)
        if tid in lay.others_before:
            add_table([[(c, 1, 1) for c in r] for r in lay.others_before[tid]], None)
            d.add_paragraph("")  # Word joins two tables with nothing between them into one
        if tid in lay.retyped:  # retyped as text: a paragraph a line
            from ogi.samples.printers import retyped_lines

            for t in (*retyped_lines(rep, tid), *lay.below.get(tid, ())):
                d.add_paragraph(t)
            return
        if tid in lay.pictured:  # a screenshot of the table pasted in its place
            from docx.shared import Inches

            from ogi.samples.picture import DPI, LABEL_CHARS, table_picture

            png = table_picture(table_rows(rep, tid), LABEL_CHARS[tid])
            px = int.from_bytes(png[16:20], "big")
            d.add_picture(io.BytesIO(png), width=Inches(min(6.0, px / DPI)))
            for t in lay.below.get(tid, ()):
                d.add_paragraph(t)
            return
        for n, part in enumerate(table_pieces(rep, tid, table_rows(rep, tid))):
            if n:
                if lay.page_break:
                    d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
                else:
                    d.add_paragraph("")  # Word joins two tables with nothing between them into one
                for t in lay.joint:
                    d.add_paragraph(t)
            add_table(part, rng, floats(tid))
        for t in lay.below.get(tid, ()):
            d.add_paragraph(t)
        if tid in lay.others_after:
            d.add_paragraph("")
            add_table([[(c, 1, 1) for c in r] for r in lay.others_after[tid]], None)

    appended: list[str] = []  # the tables printed after the report (Layout.appendix)
    for sid in "一二三四五六":
        tid = {"二": "t2", "三": "t3", "四": "t4"}.get(sid)
        ref = appended_lines(rep, tid, secs[sid].title) if appended_at(rep, tid) else ("", [], [])
        if tid and floats(tid):  # Word keeps a floating table before the paragraph it hangs from, its heading
            add_tables(tid)
        for h in (section_heading(rep, sid) + ref[0]).split("\n"):
            d.add_heading(h, level=2)
        if not tid:
            for para in text[sid].split("\n"):
                d.add_paragraph(para)
                if messy and rng is not None and rng.random() < 0.3:
                    d.add_paragraph("")
            if sid == "一" and lay.hidden_draft:
                _hidden_draft(d, rep)
            continue
        if floats(tid):
            continue
        if appended_at(rep, tid):
            for t in ref[1]:
                d.add_paragraph(t)
            appended.append(sid)
            continue
        add_tables(tid)
    for t in lay.back:
        d.add_paragraph(t)
    order = lay.appendix_order or TABLES
    for sid in sorted(appended, key=lambda x: order.index({"二": "t2", "三": "t3", "四": "t4"}[x])):
        tid = {"二": "t2", "三": "t3", "四": "t4"}[sid]
        for t in appended_lines(rep, tid, secs[sid].title)[2]:
            d.add_paragraph().add_run(t).bold = True
        add_tables(tid)
    buf = io.BytesIO()
    d.save(buf)
    if messy and rng is not None and rng.random() < 0.25:
        return _main_part_renamed(buf.getvalue())
    return buf.getvalue()


def _hidden_draft(d: Any, rep: SampleReport) -> None:
    """A reviewer's old draft of section 一's figures (applications received and carried over, reviews: each other
    than the report's) added to python-docx document ``d`` in a paragraph style that hides its text (w:vanish in
    the style's run properties; on the seed, through the style it is based on): Word prints none of it."""
    from docx.enum.style import WD_STYLE_TYPE

    hiding = d.styles.add_style("旧稿", WD_STYLE_TYPE.PARAGRAPH)
    hiding.font.hidden = True
    style = hiding
    if rep.seed % 2:
        style = d.styles.add_style("旧稿正文", WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = hiding
    y, c = rep.year, rep.cells
    new, carried, review = (c.get(k) for k in ("t3.new.total", "t3.carried_in.total", "t4.review.total"))
    if isinstance(new, int) and isinstance(carried, int):
        d.add_paragraph(f"（旧稿）{y}年共收到政府信息公开申请{new + 31}件，上年结转{carried + 4}件。", style)
    if isinstance(review, int):
        d.add_paragraph(f"（旧稿）全年因政府信息公开被申请行政复议{review + 6}件。", style)


def _main_part_renamed(data: bytes) -> bytes:
    """The package with its main part saved as ``word/document2.xml`` (as Word does at times): its
    relationships, content type and the package's relationship to it renamed too."""
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            body = src.read(info)
            name = info.filename
            if name == "word/document.xml":
                name = "word/document2.xml"
            elif name == "word/_rels/document.xml.rels":
                name = "word/_rels/document2.xml.rels"
            elif name in ("[Content_Types].xml", "_rels/.rels"):
                body = body.replace(b"word/document.xml", b"word/document2.xml")
            z.writestr(name, body)
    return out.getvalue()
