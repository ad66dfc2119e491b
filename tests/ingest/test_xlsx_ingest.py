"""Excel workbooks: a report's text on one sheet and its tables on others (merged cells), read as the
same report; what is not a workbook, or a broken one, said so."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

import ogi
from ogi.errors import InputError
from ogi.ingest import detect, ingest_bytes
from ogi.samples.generate import generate
from ogi.samples.xlsx import render_xlsx


def test_a_workbook_reads_as_the_report_it_holds() -> None:
    rep = generate(11, tid="2021", scale=30)
    data = render_xlsx(rep)
    assert detect(data) == "xlsx"
    r = ogi.read(data)
    assert r.cells == rep.cells and r.agency == rep.agency and r.year == rep.year
    assert not [f for f in r.findings if f.severity == "error"]
    # each value's place: its table (a sheet's), row and grid column
    w = r.provenance["t3.new.total"]
    assert w.table is not None and w.row is not None and w.col is not None


@pytest.mark.parametrize("tid", ["2021", "2019"])
@pytest.mark.parametrize("book", ["sections", "tables_first", "one_sheet", "last_year", "filled_form"])
def test_a_workbook_laid_out_as_organs_lay_theirs_reads_as_the_report(book: str, tid: str) -> None:
    """The sections holding the tables with a sentence of their figures (table 4 on its sheet was never read:
    its section's sentence held figures), the tables' sheets before the text's (none was read), all on one
    sheet with each table right under its heading merged across the sheet (table 3's values read from the
    sheet's rightmost columns), last year's table 3 beside this year's, each captioned with its year (last
    year's read, and a false table.duplicate), a form as an office fills it (trial 97: table 4 under table 2 on
    its sheet was not found; a hidden column of checks after table 3 was read as its 总计): the report's cells,
    no error."""
    rep = generate(13, tid=tid, scale=30)
    rep.layout.workbook = book
    rep.layout.beside = 4242 if book == "last_year" else 0
    r = ogi.read(render_xlsx(rep))
    assert r.cells == rep.cells and r.agency == rep.agency and r.year == rep.year
    assert not [f for f in r.findings if f.severity == "error" or f.rule == "table.duplicate"]


def test_tables_of_one_sheet_apart_by_an_empty_row_are_tables_of_their_own() -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    for row in (
        ["信息类别", "条数"],
        ["规章", 12],
        [],
        ["申请方式", "自然人", "法人或其他组织", "总计"],
        ["当面申请", 1, 2, 3],
    ):
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    doc = ingest_bytes(out.getvalue())
    assert [(ln.grid, ln.width, [c.text for c in ln.cells]) for ln in doc.lines] == [
        (0, 2, ["信息类别", "条数"]),
        (0, 2, ["规章", "12"]),
        (1, 4, ["申请方式", "自然人", "法人或其他组织", "总计"]),
        (1, 4, ["当面申请", "1", "2", "3"]),
    ]


def test_a_zip_without_a_workbook_or_broken_is_said_so() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/styles.xml", "<styleSheet/>")
    with pytest.raises(InputError, match="Excel 工作簿缺少正文"):
        ingest_bytes(buf.getvalue())
    data = render_xlsx(generate(1, tid="2021", scale=5))
    with pytest.raises(InputError, match="Excel 工作簿"):
        ingest_bytes(data[: len(data) // 2])


def test_the_text_in_one_merged_cell_reads_as_its_paragraphs() -> None:
    import openpyxl

    rep = generate(12, tid="2021", scale=20)
    wb = openpyxl.load_workbook(io.BytesIO(render_xlsx(rep)))
    ws = wb.worksheets[0]
    text = "\n".join(str(r[0]) for r in ws.iter_rows(values_only=True) if r[0])
    ws.delete_rows(1, ws.max_row)
    ws["A1"] = text
    ws.merge_cells("A1:J60")
    out = io.BytesIO()
    wb.save(out)
    r = ogi.read(out.getvalue())
    assert r.agency == rep.agency and r.cells == rep.cells
    assert all(r.sections.get(s) is not None for s in "一二三四五六")
    assert not [f for f in r.findings if f.rule == "section.missing"]


def test_a_hidden_sheet_is_no_part_of_the_report() -> None:
    import openpyxl

    rep = generate(13, tid="2021", scale=20)
    wb = openpyxl.load_workbook(io.BytesIO(render_xlsx(rep)))
    draft = wb.copy_worksheet(wb["依申请公开"])  # a draft of table 3 with other figures, hidden
    for row in draft.iter_rows():
        for c in row:
            if isinstance(c.value, int):
                c.value += 7
    draft.sheet_state = "hidden"
    wb.move_sheet(draft, offset=-2)  # just before the sheet it drafts
    out = io.BytesIO()
    wb.save(out)
    r = ogi.read(out.getvalue())
    assert r.cells == rep.cells and not r.errors


def test_tables_side_by_side_on_one_sheet_are_tables_of_their_own() -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    rows = [
        (["信息类别", "条数"], ["行政复议", "行政诉讼"]),
        (["规章", 12], [3, 4]),
        (["行政规范性文件", 7], []),
    ]
    for left, right in rows:
        ws.append([*left, None, *right])
    out = io.BytesIO()
    wb.save(out)
    doc = ingest_bytes(out.getvalue())
    assert [(ln.grid, [c.text for c in ln.cells]) for ln in doc.lines] == [
        (0, ["信息类别", "条数"]),
        (0, ["规章", "12"]),
        (0, ["行政规范性文件", "7"]),
        (1, ["行政复议", "行政诉讼"]),
        (1, ["3", "4"]),
    ]


def test_a_hidden_row_is_no_part_of_the_report() -> None:
    """A draft row kept hidden just above the one it drafts (the old 一、本年新收 row with other figures): the
    sheet does not show it, nor is it read (its values were read for the row's)."""
    import openpyxl

    rep = generate(13, tid="2021", scale=20)
    wb = openpyxl.load_workbook(io.BytesIO(render_xlsx(rep)))
    ws = wb["依申请公开"]
    at = next(c.row for row in ws.iter_rows() for c in row if isinstance(c.value, str) and "本年新收" in c.value)
    ws.insert_rows(at)
    for col in range(1, ws.max_column + 1):
        below = ws.cell(row=at + 1, column=col).value
        ws.cell(row=at, column=col).value = below + 7 if isinstance(below, int) else below
    ws.row_dimensions[at].hidden = True
    out = io.BytesIO()
    wb.save(out)
    r = ogi.read(out.getvalue())
    assert r.cells == rep.cells and not r.errors


def test_formulas_a_program_saved_without_their_values() -> None:
    """A workbook written by a program (openpyxl) with its totals as formulas and no values saved: each total
    is the sum its formula makes of the sheet's numbers (=SUM(D5:I5), =D5+E5), as the workbook shows it — not
    a blank read as 0 with false sum errors; a formula of another kind is no value (not a blank)."""
    import openpyxl
    from openpyxl.utils import get_column_letter

    rep = generate(14, tid="2021", scale=20)
    wb = openpyxl.load_workbook(io.BytesIO(render_xlsx(rep)))
    ws = wb["依申请公开"]
    made = 0
    for row in ws.iter_rows():
        nums = [c for c in row if isinstance(c.value, int)]
        if len(nums) >= 7:  # a row of table 3: its 总计 the sum of the six before it
            first, last = nums[0], nums[-2]
            span = f"{get_column_letter(first.column)}{first.row}:{get_column_letter(last.column)}{last.row}"
            nums[-1].value = f"=SUM({span})" if made % 2 else "=" + "+".join(c.coordinate for c in nums[:-1])
            made += 1
    assert made > 20
    out = io.BytesIO()
    wb.save(out)
    r = ogi.read(out.getvalue())
    assert r.cells == rep.cells and not r.errors
    assert not [f for f in r.findings if f.rule == "cells.blank"]


def test_a_broken_opendocument_spreadsheet_is_said_so() -> None:
    """An .ods whose content is no spreadsheet's XML: a clear error naming it, no traceback."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content")
    with pytest.raises(InputError, match="ODS"):
        ingest_bytes(out.getvalue(), "a.ods")


@pytest.mark.parametrize("tid", ["2021", "2019"])
@pytest.mark.parametrize("book", ["", "sections", "tables_first", "one_sheet", "last_year"])
@pytest.mark.parametrize("fmt", ["xls", "ods"])
def test_an_excel_97_or_opendocument_workbook_reads_as_the_report(fmt: str, book: str, tid: str) -> None:
    """The same workbooks saved as Excel 97–2003 (.xls; WPS's .et is one too: was handed to LibreOffice as a Word
    file, "conversion failed") or as OpenDocument spreadsheets (.ods, LibreOffice's or WPS's: was refused): read as
    the .xlsx is, their merged cells (an .ods's spans) and sheets alike."""
    from ogi.samples.xlsx import render_ods, render_xls

    rep = generate(13, tid=tid, scale=30)
    rep.layout.workbook = book
    rep.layout.beside = 4242 if book == "last_year" else 0
    data = (render_xls if fmt == "xls" else render_ods)(rep)
    assert detect(data) == fmt
    r = ogi.read(data)
    assert r.source.format == fmt
    assert r.cells == rep.cells and r.agency == rep.agency and r.year == rep.year
    assert not [f for f in r.findings if f.severity in ("error", "warning")]
    w = r.provenance["t3.new.total"]
    assert w.table is not None and w.row is not None and w.col is not None


def test_a_broken_excel_97_workbook_is_said_so() -> None:
    """A compound file holding a Workbook stream that is no workbook: a clear error, no traceback."""
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "Workbook".encode("utf-16-le") + bytes(2000)
    assert detect(ole) == "xls"
    with pytest.raises(InputError, match="XLS"):
        ogi.read(ole)


@pytest.mark.parametrize("tid", ["2021", "2019"])
def test_a_workbook_a_pdf_converter_laid_out_by_position_reads_as_the_report(tid: str) -> None:
    """A PDF converted to Excel by where its text stood (a sheet a page, a column for each place a text starts or
    ends, spacer columns, a merged range as wide as its text, a value right-aligned under its heading in none of
    the heading's columns but its last, table 3 continued on the next sheet) is read as the pages were: each value
    bound to the column whose heading stands over it, its place its sheet and box (was: read as grids, values in
    other columns, table 2 all zeros, false t4.sum errors — a fresh user's conversions). An ordinary workbook of a
    report's tables is still read by its grid (table, row, column)."""
    from ogi.samples import print_report
    from ogi.samples.xlsx import render_positioned

    rep = generate(23, tid=tid, scale=30)
    data = render_positioned(print_report(rep, "layout"))
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert len(book.worksheets) >= 2 and book.worksheets[0].max_column >= 30
    r = ogi.read(data)
    assert r.cells == rep.cells and r.agency == rep.agency and r.year == rep.year
    assert not [f for f in r.findings if f.severity == "error"]
    w = r.provenance["t3.new.total"]
    assert w.page is not None and w.bbox is not None and w.table is None
    grid = ogi.read(render_xlsx(rep)).provenance["t3.new.total"]
    assert grid.table is not None and grid.bbox is None


def test_a_hidden_column_of_the_reports_own_is_read() -> None:
    """A hidden column one of whose cells names a column of the template's (科研机构 hidden by mistake) is read still:
    it holds the report's values (a reviewer's: 25 cells.missing errors); a hidden column of checks (校验) is not."""
    from openpyxl.utils import get_column_letter

    rep = generate(13, tid="2021", scale=30)
    wb = openpyxl.load_workbook(io.BytesIO(render_xlsx(rep)))
    ws = next(w for w in wb.worksheets if any(c.value == "科研机构" for row in w.iter_rows() for c in row))
    col = next(c.column for row in ws.iter_rows() for c in row if c.value == "科研机构")
    ws.column_dimensions[get_column_letter(col)].hidden = True
    out = io.BytesIO()
    wb.save(out)
    r = ogi.read(out.getvalue())
    assert r.cells == rep.cells
    assert not [f for f in r.findings if f.severity == "error"]
