"""A sample report as an Excel workbook (openpyxl), as some organs publish theirs: the text on a sheet
of its own, a paragraph a row, the sections that hold the tables saying where they are (（见附表一）);
each table on a sheet after it, merged over rows and columns as on the page (:mod:`ogi.samples.html`),
its numbers stored as numbers. :attr:`ogi.samples.generate.Layout.workbook` lays it out otherwise: the
sections holding the tables with a sentence of their figures, the tables' sheets first, all on one sheet
(each table right under its section's heading, merged across the sheet), or last year's table 3 beside
this year's."""

from __future__ import annotations

import io
import re
from itertools import pairwise
from typing import Any

from ogi.samples.generate import SampleReport, generate
from ogi.samples.html import Cell, layout, table_pieces, table_rows
from ogi.samples.printers import contents_lines, intro, section_heading, section_texts, site_meta_grid, title_lines

SHEETS = {"t2": "主动公开", "t3": "依申请公开", "t4": "复议诉讼"}
NUMBERED = {"t2": "一", "t3": "二", "t4": "三"}
TABLE_OF = {"二": "t2", "三": "t3", "四": "t4"}


def _said(rep: SampleReport, tid: str) -> str:
    """A sentence of a table's figures, as a section holding it says them (agreeing with it)."""
    c = rep.cells
    if tid == "t3":
        return f"本年度新收政府信息公开申请{c['t3.new.total']}件。"
    if tid == "t4":
        suits = c["t4.suit_direct.total"] + c["t4.suit_after_review.total"]
        return f"本年度发生政府信息公开行政复议{c['t4.review.total']}件、行政诉讼{suits}件。"
    return "本年度主动公开政府信息情况如下。"


def _put(sheet: Any, row: int, col: int, block: list[list[Cell]]) -> None:
    """A table's rows (merged cells as :mod:`ogi.samples.html` lays them out) from ``row``, ``col`` (1-based)."""
    cells, _ = layout(block)
    for r, c, rs, cs, t in cells:
        sheet.cell(row + r, col + c, int(t) if t.isascii() and t.isdigit() else t.replace("<br>", "\n"))
        if rs > 1 or cs > 1:
            sheet.merge_cells(
                start_row=row + r, start_column=col + c, end_row=row + r + rs - 1, end_column=col + c + cs - 1
            )


def _text_lines(rep: SampleReport) -> list[tuple[str, str | None]]:
    """The text's lines in order, each with the table whose place it is (a section's heading holding one)."""
    lay = rep.layout
    _, text = section_texts(rep)
    lines: list[tuple[str, str | None]] = [(f"{k}：{v}", None) for k, v in lay.wrapper]
    lines += [("".join(r), None) for r in site_meta_grid(rep)] if lay.meta else []
    lines += [(t, None) for t in (*title_lines(rep), *contents_lines(rep), intro(rep))]
    for sid in "一二三四五六":
        tid = TABLE_OF.get(sid)
        lines.append((section_heading(rep, sid), tid))
        if tid is None:
            lines += [(t, None) for t in text[sid].split("\n")]
        elif lay.workbook in ("sections", "one_sheet"):
            lines.append((_said(rep, tid), None))
        else:
            lines.append((f"（见附表{NUMBERED[tid]}）", None))
    return lines + [(t, None) for t in lay.back]


def _blocks(rep: SampleReport, tid: str) -> list[list[list[Cell]]]:
    lay = rep.layout
    blocks: list[list[list[Cell]]] = [[[(t, 1, 1)] for t in lay.above.get(tid, ())]]
    if tid in lay.others_before:
        blocks.append([[(c, 1, 1) for c in r] for r in lay.others_before[tid]])
    blocks += table_pieces(rep, tid, table_rows(rep, tid))
    blocks += [[[(t, 1, 1)] for t in lay.below.get(tid, ())]]
    if tid in lay.others_after:
        blocks.append([[(c, 1, 1) for c in r] for r in lay.others_after[tid]])
    return [b for b in blocks if b]


def _one_sheet(rep: SampleReport, sheet: Any) -> None:
    """All on one sheet: each line merged across it, each table right under its section's heading."""
    width = max(layout(table_rows(rep, tid))[1] for tid in SHEETS)
    row = 1
    for text, tid in _text_lines(rep):
        sheet.cell(row, 1, text)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        row += 1
        if tid is not None:
            for block in _blocks(rep, tid):
                _put(sheet, row, 1, block)
                row += len(block)


def render_xlsx(rep: SampleReport) -> bytes:
    import openpyxl

    lay = rep.layout
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "报告正文"
    if lay.workbook == "one_sheet":
        _one_sheet(rep, ws)
    else:
        for t, _ in _text_lines(rep):
            ws.append([t])
        form = lay.workbook == "filled_form"  # a form as an office fills it in: table 4 under table 2, a check hidden
        sheet = None
        for tid in ("t2", "t3", "t4"):
            if not (form and tid == "t4" and sheet is not None):
                sheet = wb.create_sheet(SHEETS[tid])
                row, col = 1, 1
            else:
                sheet = wb[SHEETS["t2"]]  # table 4 on table 2's sheet, under it, no heading between
                row, col = sheet.max_row + 2, 1
            if tid == "t3" and lay.workbook == "last_year":  # last year's table on the left, each captioned
                other = generate(lay.beside, tid=rep.template.id, scale=20)
                last = table_rows(other, "t3")
                sheet.cell(1, 1, f"{rep.year - 1}年度（上年）")
                _put(sheet, 2, 1, last)
                col = layout(last)[1] + 2
                sheet.cell(1, col, f"{rep.year}年度")
                row = 2
            for block in _blocks(rep, tid):
                _put(sheet, row, col, block)
                row += len(block) + 1  # an empty row between tables
            if form and tid == "t3":  # a column of the office's checks after the table's, 0 a row, hidden
                from openpyxl.utils import get_column_letter

                at = sheet.max_column + 1
                sheet.cell(1, at, "校验")
                for r in range(4, sheet.max_row + 1):
                    if sheet.cell(r, at - 1).value not in (None, ""):
                        sheet.cell(r, at, 0)
                sheet.column_dimensions[get_column_letter(at)].hidden = True
        if lay.workbook == "tables_first":
            wb.move_sheet(ws, offset=len(wb.sheetnames) - 1)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _merged(ws: Any) -> tuple[dict[tuple[int, int], Any], set[tuple[int, int]]]:
    """An openpyxl sheet's merged ranges by their first cell (row, column: 1-based), and every cell they cover."""
    merged = {(g.min_row, g.min_col): g for g in ws.merged_cells.ranges}
    covered = {
        (r, c)
        for g in merged.values()
        for r in range(g.min_row, g.max_row + 1)
        for c in range(g.min_col, g.max_col + 1)
    }
    return merged, covered


def render_xls(rep: SampleReport) -> bytes:
    """The workbook of :func:`render_xlsx` as Excel 97–2003 saves it (.xls, with xlwt: a test's writer, not ogi's),
    its sheets, values and merged ranges the same."""
    import openpyxl
    import xlwt

    src = openpyxl.load_workbook(io.BytesIO(render_xlsx(rep)))
    book = xlwt.Workbook(encoding="utf-8")
    for ws in src.worksheets:
        sheet = book.add_sheet(ws.title, cell_overwrite_ok=True)
        merged, covered = _merged(ws)
        for row in ws.iter_rows():
            for cell in row:
                at = (cell.row, cell.column)
                if at in merged:
                    g = merged[at]
                    sheet.write_merge(g.min_row - 1, g.max_row - 1, g.min_col - 1, g.max_col - 1, cell.value)
                elif at not in covered and cell.value is not None:
                    sheet.write(cell.row - 1, cell.column - 1, cell.value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def render_ods(rep: SampleReport) -> bytes:
    """The workbook of :func:`render_xlsx` as an OpenDocument spreadsheet (.ods, as LibreOffice or WPS saves it):
    its sheets, values (numbers as floats) and merged ranges (spans, the cells under them covered) the same."""
    import zipfile
    from xml.sax.saxutils import escape, quoteattr

    import openpyxl

    src = openpyxl.load_workbook(io.BytesIO(render_xlsx(rep)))
    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    )
    body = []
    for ws in src.worksheets:
        spans, covered = _merged(ws)
        rows = []
        for r in range(1, ws.max_row + 1):
            cells = []
            for c in range(1, ws.max_column + 1):
                v = ws.cell(r, c).value
                if (r, c) in covered and (r, c) not in spans:
                    cells.append("<table:covered-table-cell/>")
                    continue
                span = ""
                if (g := spans.get((r, c))) is not None:
                    rs, cs = g.max_row - g.min_row + 1, g.max_col - g.min_col + 1
                    span = f' table:number-rows-spanned="{rs}" table:number-columns-spanned="{cs}"'
                if v is None:
                    cells.append(f"<table:table-cell{span}/>")
                elif isinstance(v, (int, float)):
                    value = f'office:value-type="float" office:value="{v}"'
                    cells.append(f"<table:table-cell {value}{span}><text:p>{v}</text:p></table:table-cell>")
                else:
                    paras = "".join(f"<text:p>{escape(p)}</text:p>" for p in str(v).split("\n"))
                    cells.append(f'<table:table-cell office:value-type="string"{span}>{paras}</table:table-cell>')
            rows.append("<table:table-row>" + "".join(cells) + "</table:table-row>")
        body.append(f"<table:table table:name={quoteattr(ws.title)}>" + "".join(rows) + "</table:table>")
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} office:version="1.2">'
        f"<office:body><office:spreadsheet>{''.join(body)}</office:spreadsheet></office:body></office:document-content>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content)
    return out.getvalue()


# lines of text a sheet holds, as a converter puts a PDF's page on a sheet of its own
PAGE_ROWS = 48


def render_positioned(text: str) -> bytes:
    """A report's text laid out by position (the ``layout`` style: pdftotext -layout, a character a place) as a PDF
    converter puts it in a workbook: a sheet a page of :data:`PAGE_ROWS` lines; on each, a column for each place a
    run of text (words apart by two spaces or more) starts or ends, as wide as the characters between (narrow
    spacer columns between runs); each run in the column it starts in, merged across to where it ends (as wide as
    its text: a value right-aligned under its heading stands in none of the heading's columns but its last); a
    number stored as a number. The text's page breaks are the sheets'."""
    import openpyxl
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE as ILLEGAL  # (what a sheet cannot hold: control codes)
    from openpyxl.utils import get_column_letter

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    lines = text.split("\n")
    for p in range(0, max(len(lines), 1), PAGE_ROWS):
        page = lines[p : p + PAGE_ROWS]
        runs = [[(m.start(), m.end(), m.group(0)) for m in re.finditer(r"\S+(?: \S+)*", ln)] for ln in page]
        edges = sorted({x for row in runs for a, b, _ in row for x in (a, b)} | {0})
        col = {x: k + 1 for k, x in enumerate(edges)}  # a place → its column (1-based)
        ws = wb.create_sheet(f"Page {p // PAGE_ROWS + 1}")
        for k, (a, b) in enumerate(pairwise(edges)):
            ws.column_dimensions[get_column_letter(k + 1)].width = max(b - a, 1) * 1.1
        for r, row in enumerate(runs, 1):
            for a, b, t in row:
                value: object = int(t) if t.isascii() and t.isdigit() and len(t) < 15 else ILLEGAL.sub("", t)
                ws.cell(r, col[a], value)
                if col[b] - 1 > col[a]:
                    ws.merge_cells(start_row=r, start_column=col[a], end_row=r, end_column=col[b] - 1)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def render_pandas_markdown(data: bytes) -> str:
    """A workbook as markitdown prints it (pandas' ``to_markdown`` of each sheet read with ``read_excel``): a
    heading a sheet (``## 名称``), its first row the table's header (``Unnamed: 3`` where that row holds nothing),
    a rule, then its rows, an empty cell ``NaN`` (a merged range's value in its first cell only, as pandas reads it),
    a whole number stored as a float's (``12.0`` as pandas prints it: ``12``, and in a column holding a text, as it
    is)."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    out: list[str] = []
    for ws in book.worksheets:
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        if not rows:
            continue
        width = max(len(r) for r in rows)
        rows = [r + [None] * (width - len(r)) for r in rows]

        def shown(v: object) -> str:
            if v is None:
                return "NaN"
            return str(v).replace("\n", " ").replace("|", "\\|")

        head = [shown(v) if v is not None else f"Unnamed: {j}" for j, v in enumerate(rows[0])]
        out.append(f"## {ws.title}")
        out.append("| " + " | ".join(head) + " |")
        out.append("| " + " | ".join("---" for _ in head) + " |")
        out += ["| " + " | ".join(shown(v) for v in r) + " |" for r in rows[1:]]
        out.append("")
    return "\n".join(out)
