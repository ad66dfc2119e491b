"""Excel workbooks (.xlsx) to the common document, read with openpyxl.

Only the sheets the workbook shows are read: a hidden one (a draft, last year's figures) is none of
the report as published.

Some organs publish their report, or only its tables, as a workbook: the text on a sheet of its own
(a paragraph a row, in the first column), each table on a sheet with merged cells. A sheet whose
rows hold at most one value each is prose: a line a row; any other sheet holds tables, one after
another apart by an empty row: their rows and columns, a merged range a cell spanning them
(:mod:`ogi.ingest.grid`), each cell's place its table (``Where.table``, 0-based among the workbook's
tables), row and column (0-based, in the table). A number is written as it is stored
(``25``, not ``25.0``); a formula as the value the workbook saved with it, or where it saved none (a
workbook written by a program) the sum it makes of the sheet's numbers (=SUM(B5:G5), =B5+C5), any other as its
text (no value, not a blank). Hidden rows (a draft, last year's figures) are left out. A row whose one text,
merged across the sheet, is a section's heading or a sentence (三、…, …。) is text, and the tables either side of
it are tables of their own. A sheet a PDF converter laid out by position (:func:`_laid_by_position`) is read as
that page's text: each cell a word at its place, the words in rows (:func:`ogi.ingest.layout.page_lines`), each
value's place its sheet (``Where.page``, 1-based among the shown sheets) and box in points.
"""

from __future__ import annotations

import bisect
import datetime as dt
import io
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ogi.errors import InputError
from ogi.ingest.docx import read_parts
from ogi.ingest.grid import Span, grid_lines
from ogi.ingest.layout import PageLayout, Word, page_lines
from ogi.model import Cell, Document, Line, Source, Where

MAX_CELLS = 200_000  # cells read of one workbook (a report's tables hold a few hundred)


def _text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time() else v.isoformat(sep=" ")
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(v).strip()


def _side_by_side(block: list[list[Span]]) -> list[list[list[Span]]]:
    """The tables of a block of rows: apart by a column nothing fills (two tables side by side on one
    sheet: table 3 in A–J, table 4 from L), left to right, each with its own columns only (the sheet's
    are wider), its columns counted from its first. A block nothing fills is none."""
    used: set[int] = set()
    for row in block:
        for sp in row:
            if sp.text:
                used.update(range(sp.col or 0, (sp.col or 0) + sp.colspan))
    if not used:
        return []
    ranges: list[tuple[int, int]] = []  # [first, past-last) of each run of filled columns
    for c in sorted(used):
        if ranges and c == ranges[-1][1]:
            ranges[-1] = (ranges[-1][0], c + 1)
        else:
            ranges.append((c, c + 1))
    out = []
    for a, b in ranges:
        part = [
            [Span(sp.text, sp.rowspan, sp.colspan, (sp.col or 0) - a) for sp in row if a <= (sp.col or 0) < b]
            for row in block
        ]
        out.append(part)
    return out


# a row's one text merged across this many columns or more, a section's heading (四、…) or a sentence (…。): text
_WIDE = 4
_HEADING_ROW = re.compile(r"^\s*[一二三四五六七八九十]+\s*、|[。：:]\s*$")


def _hidden_rows(ws: Any) -> set[int]:
    """The sheet's hidden rows, 0-based (a draft row, last year's figures kept beside the table's): none of the
    report as the sheet shows it."""
    return {i - 1 for i, d in ws.row_dimensions.items() if d.hidden}


def _hidden_columns(ws: Any) -> set[int]:
    """The sheet's hidden columns, 0-based (a column of checks, 校验, kept beside table 3; last year's figures): none
    of the report as the sheet shows and prints it (trial 97: a hidden column of 0 after table 3 was read as its
    总计, every value a column off)."""
    out: set[int] = set()
    for d in ws.column_dimensions.values():
        if d.hidden and d.min and d.max:
            out.update(range(d.min - 1, min(d.max, d.min + _MAX_HIDDEN_RUN)))
    return out


def _template_columns(rows: list[list[Any]]) -> set[int]:
    """The columns (0-based) of a sheet one of whose cells names a column of the template's tables (科研机构,
    本年制发件数): a column of the report's, hidden or not (one hidden by mistake holds the report's values still)."""
    names = _column_names()
    return {c for r in rows for c, v in enumerate(r) if isinstance(v, str) and "".join(v.split()) in names}


@cache
def _column_names() -> frozenset[str]:
    from ogi.template import spec

    return frozenset(c.label for t in spec().templates.values() for table in t.tables for c in table.columns)


_MAX_HIDDEN_RUN = 1024  # columns of one hidden range taken (a sheet hiding every column past its tables: 16384)


def shown_columns(sheet: Sheet, hidden: set[int]) -> Sheet:
    """``sheet`` without its ``hidden`` columns (0-based), as the sheet shows it: the columns after each moved
    left, a merged range as wide as its shown columns (none where all are hidden)."""
    if not hidden:
        return sheet
    cut = sorted(hidden)

    def moved(c: int) -> int:
        return c - bisect.bisect_left(cut, c)

    rows = [[v for c, v in enumerate(r) if c not in hidden] for r in sheet.rows]
    merged = []
    for r0, c0, r1, c1 in sheet.merged:
        shown = [c for c in range(c0, c1) if c not in hidden]
        if shown:
            merged.append((r0, moved(shown[0]), r1, moved(shown[-1]) + 1))
    widths = {moved(c): w for c, w in sheet.widths.items() if c not in hidden}
    return Sheet(rows, merged, sheet.hidden, widths, sheet.heights)


# a formula without its value: no <v> after it, or an empty one (<v></v>, <v/>: openpyxl's)
_UNSAVED = re.compile(rb"<f(?:\s[^>]*)?>[^<]*</f>(?:<v\s*/>|<v></v>|(?!<v))")


def _has_formulas(data: bytes) -> bool:
    """Whether a sheet of the workbook holds a formula whose value was not saved (a workbook written by a
    program, not by Excel: ``<f>`` with no ``<v>`` after it)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                xml = z.read(name)
                if b"<f" in xml and _UNSAVED.search(xml):
                    return True
    return False


def _formulas(data: bytes) -> Any:
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return openpyxl.load_workbook(io.BytesIO(data), data_only=False)


_SUM = re.compile(r"=\s*SUM\(\s*([A-Z]{1,3})(\d+)\s*:\s*([A-Z]{1,3})(\d+)\s*\)", re.I)
_TERMS = re.compile(r"=\s*([A-Z]{1,3}\d+(?:\s*[+-]\s*[A-Z]{1,3}\d+)*)\s*$", re.I)
_REF = re.compile(r"([+-]?)\s*([A-Z]{1,3})(\d+)", re.I)


def _computed(rows: list[list[Any]], ws: Any) -> None:
    """The values of the sheet's formulas the workbook did not save, in place: a sum of a range (=SUM(B5:G5))
    or of cells (=B5+C5-D5) of numbers, as the workbook shows it (a formula over others' results once those
    are known); any other formula (or one over text) as its text, read as no value (a blank would be a 0 the
    sheet does not show)."""
    from openpyxl.utils import column_index_from_string

    todo = {
        (i, j): f
        for i, r in enumerate(rows)
        for j, v in enumerate(r)
        if v is None and isinstance(f := ws.cell(row=i + 1, column=j + 1).value, str) and f.startswith("=")
    }

    def cells(f: str) -> list[tuple[int, tuple[int, int]]] | None:
        """The (sign, place) of each cell the formula sums; None for another formula."""
        f = f.strip()
        if m := _SUM.fullmatch(f):
            c0, c1 = column_index_from_string(m.group(1).upper()) - 1, column_index_from_string(m.group(3).upper()) - 1
            return [(1, (r, c)) for r in range(int(m.group(2)) - 1, int(m.group(4))) for c in range(c0, c1 + 1)]
        if _TERMS.fullmatch(f):
            return [
                (-1 if sign == "-" else 1, (int(row) - 1, column_index_from_string(col.upper()) - 1))
                for sign, col, row in _REF.findall(f)
            ]
        return None

    for _ in range(4):  # (a total of totals: its terms' formulas first)
        done = []
        for (i, j), f in todo.items():
            terms = cells(f)
            if terms is None or any(at in todo for _, at in terms):
                continue
            vals = [(s, rows[r][c] if r < len(rows) and c < len(rows[r]) else None) for s, (r, c) in terms]
            if all(v is None or isinstance(v, (int, float)) for _, v in vals):
                rows[i][j] = sum(s * (v or 0) for s, v in vals)
                done.append((i, j))
        if not done:
            break
        for at in done:
            del todo[at]
    for (i, j), f in todo.items():
        rows[i][j] = f


def ingest(data: bytes, source: Source) -> Document:
    """The workbook's sheets in order. Raises :class:`InputError` for a broken or oversized archive
    (the same bounds as a Word file's: :func:`ogi.ingest.docx.read_parts`)."""
    read_parts(data, ("xl/workbook.xml",), source.path, kind=("Excel 工作簿", "XLSX"))  # no bomb; a workbook
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns of styles and extensions it drops
            wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as e:
        raise InputError(f"Excel 工作簿已损坏，无法读取 (corrupt XLSX: {e})", path=source.path) from e
    formulas = _formulas(data) if _has_formulas(data) else None
    doc = Document(source=source)
    sheets: list[Sheet] = []
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue  # a hidden sheet (a draft, last year's figures) is no part of the report as published
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        if formulas is not None and ws.title in formulas.sheetnames:
            _computed(rows, formulas[ws.title])
        merged = [(g.min_row - 1, g.min_col - 1, g.max_row, g.max_col) for g in ws.merged_cells.ranges]
        sheet = Sheet(rows, merged, _hidden_rows(ws), _column_widths(ws), _row_heights(ws))
        sheets.append(shown_columns(sheet, _hidden_columns(ws) - _template_columns(rows)))
    _read_sheets(doc, sheets)
    return doc


def ingest_xls(data: bytes, source: Source) -> Document:
    """An Excel 97–2003 workbook (.xls; WPS's .et is one too), read with xlrd as :func:`ingest` reads a .xlsx:
    its shown sheets in order, merged cells and hidden rows as the sheet shows them, a formula as the value saved
    with it. Raises :class:`InputError` for a file xlrd cannot read (broken, encrypted), or without xlrd."""
    try:
        import xlrd
    except ImportError as e:
        raise InputError("读取 xls 需要的组件未安装：xlrd (missing dependency)", path=source.path) from e

    doc = Document(source=source)
    sheets: list[Sheet] = []
    cells = 0
    try:  # (xlrd's errors of a broken file are of many classes, its compound-file reader's its own)
        wb = xlrd.open_workbook(file_contents=data, formatting_info=True, logfile=io.StringIO())
        for k in range(wb.nsheets):
            ws = wb.sheet_by_index(k)
            if ws.visibility != 0:
                continue  # (hidden, very hidden)
            # (no more rows than the cells left to read allow, and one past: _read_sheets says the rest unread)
            upto = min(ws.nrows, (MAX_CELLS - cells) // max(ws.ncols, 1) + 1)
            rows = [[_xls_value(ws.cell(r, c), wb.datemode) for c in range(ws.ncols)] for r in range(upto)]
            cells += upto * ws.ncols
            merged = [(r0, c0, r1, c1) for r0, r1, c0, c1 in ws.merged_cells]
            hidden = {r for r, info in ws.rowinfo_map.items() if info.hidden}
            widths = {c: _points(info.width / 256) for c, info in ws.colinfo_map.items() if info.width}
            heights = {r: info.height / 20 for r, info in ws.rowinfo_map.items() if info.height}
            sheets.append(Sheet(rows, merged, hidden, widths, heights))
    except Exception as e:
        raise InputError(f"Excel 97–2003 工作簿已损坏或已加密，无法读取 (corrupt XLS: {e})", path=source.path) from e
    _read_sheets(doc, sheets)
    return doc


def _xls_value(cell: Any, datemode: int) -> Any:
    """A cell of an Excel 97 sheet as openpyxl gives a .xlsx's: a number, a date, text, a truth value or None."""
    import xlrd

    t, v = cell.ctype, cell.value
    if t in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if t == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate.xldate_as_datetime(v, datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return v
    if t == xlrd.XL_CELL_BOOLEAN:
        return bool(v)
    if t == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(v, "#ERR")
    return v


@dataclass(slots=True)
class Sheet:
    """A shown sheet: its rows of values, its merged ranges (first row and column 0-based, last ones past the
    range), its hidden rows (0-based); and where the workbook says them, its columns' widths and rows' heights in
    points (0-based column or row → points; others Excel's defaults, :data:`DEFAULT_WIDTH`, :data:`DEFAULT_HEIGHT`)."""

    rows: list[list[Any]]
    merged: list[tuple[int, int, int, int]]
    hidden: set[int]
    widths: dict[int, float] = field(default_factory=dict)
    heights: dict[int, float] = field(default_factory=dict)


# Excel's default column width (8.43 characters: 64 pixels) and row height, in points
DEFAULT_WIDTH = 48.0
DEFAULT_HEIGHT = 15.0


def _points(chars: float) -> float:
    """A column's width in points from Excel's measure: characters of the default font's digit, 7 pixels each
    (the padding counted in), 96 pixels an inch, 72 points."""
    return chars * 7 * 0.75


# A sheet a PDF converter laid out by where the text stood on the page (a column for each place a text starts,
# narrow spacer columns between, a merged range as wide as its text, values not under their heading's first
# column): its filled columns span this many at least, and they are at most this share of that span, or its numbers
# stand in twice as many columns as a row holds numbers (a table's column in several of the sheet's)
_POSITIONED_SPAN = 30
_POSITIONED_FILLED = 2 / 3
_NUMBER_CELL = re.compile(r"[-+]?\d[\d,.]*")


def _laid_by_position(texts: list[list[str]]) -> bool:
    """Whether a sheet's text stands where a converter put it by position on a page (:data:`_POSITIONED_SPAN`),
    not in a table's columns."""
    cols = {j for r in texts for j, t in enumerate(r) if t}
    if not cols:
        return False
    span = max(cols) - min(cols) + 1
    if span < _POSITIONED_SPAN:
        return False
    if len(cols) <= span * _POSITIONED_FILLED:
        return True
    numbers = [[j for j, t in enumerate(r) if t and _NUMBER_CELL.fullmatch(t)] for r in texts]
    most = max(map(len, numbers))
    return most > 0 and len({j for r in numbers for j in r}) >= 2 * most


def _positioned_lines(texts: list[list[str]], sheet: Sheet, page: int) -> list[Line]:
    """A sheet laid out by position (:func:`_laid_by_position`) read as a page is: each cell's text a word at
    its place on the sheet (its merged range's width; columns' widths and rows' heights in points), the words
    in rows by where they stand (:func:`ogi.ingest.layout.page_lines`), each value's place its sheet (``page``,
    1-based among the shown sheets) and box — so a value is bound to the column whose heading stands over it, as
    on a PDF's page, not by the sheet's column it happens to start in."""
    ends = {(r0, c0): c1 for r0, c0, _, c1 in sheet.merged}
    inside = {
        (r, c) for r0, c0, r1, c1 in sheet.merged for r in range(r0, r1) for c in range(c0, c1) if (r, c) != (r0, c0)
    }
    n = max((len(r) for r in texts), default=0) + max((c1 for *_, c1 in sheet.merged), default=0)
    xs = [0.0]
    for c in range(n + 1):
        xs.append(xs[-1] + sheet.widths.get(c, DEFAULT_WIDTH))
    words: list[Word] = []
    y = 0.0
    for i, r in enumerate(texts):
        if i in sheet.hidden:
            continue  # (as the sheet shows it: the rows around it meet)
        h = sheet.heights.get(i, DEFAULT_HEIGHT)
        for j, t in enumerate(r):
            if t and ((i, j) in ends or (i, j) not in inside):
                end = ends.get((i, j), j + 1)
                words.append(Word(t.replace("\n", ""), xs[j], y, xs[min(end, len(xs) - 1)], y + h * 0.8))
        y += h
    return page_lines(PageLayout(page, words))


def _column_widths(ws: Any) -> dict[int, float]:
    """A .xlsx sheet's columns' widths in points, where the sheet sets them (0-based column → points)."""
    from openpyxl.utils import column_index_from_string

    out: dict[int, float] = {}
    for key, d in ws.column_dimensions.items():
        if not d.width:
            continue
        first = (d.min or column_index_from_string(key)) - 1
        last = (d.max or first + 1) - 1
        for c in range(first, min(last, first + 1024) + 1):
            out[c] = _points(d.width)
    return out


def _row_heights(ws: Any) -> dict[int, float]:
    """A .xlsx sheet's rows' heights in points, where the sheet sets them (0-based row → points)."""
    return {i - 1: float(d.ht) for i, d in ws.row_dimensions.items() if d.ht}


def _read_sheets(doc: Document, sheets: list[Sheet]) -> None:
    """The shown sheets of a workbook (:data:`Sheet`) into ``doc``, in order."""
    table = 0
    seen = 0
    for page, sheet in enumerate(sheets, 1):
        rows, merged, hidden_rows = sheet.rows, sheet.merged, sheet.hidden
        seen += sum(len(r) for r in rows)
        if seen > MAX_CELLS:
            doc.notes.append(f"工作簿超过 {MAX_CELLS} 格，只读取了前面的工作表 (workbook too large, read in part)")
            break
        texts = [[_text(v) for v in r] for r in rows]
        # paragraphs, a row each (merged across the sheet or not), or all in one merged cell with line breaks
        if all(sum(1 for t in r if t) <= 1 for r in texts) and (
            not merged or all(r1 - r0 == 1 for r0, _, r1, _ in merged) or sum(1 for r in texts if any(r)) == 1
        ):
            for i, r in enumerate(texts):
                t = next((t for t in r if t), "")
                if t:
                    doc.lines.extend(
                        Line([Cell(part.strip(), Where(line=i + 1))]) for part in t.split("\n") if part.strip()
                    )
            continue
        if _laid_by_position(texts):
            doc.lines.extend(_positioned_lines(texts, sheet, page))
            continue
        origin: dict[tuple[int, int], tuple[int, int]] = {}  # (row, col) 0-based → (rowspan, colspan)
        inside: set[tuple[int, int]] = set()
        merged_rows: set[int] = set()  # rows a merged range runs on into (not its first)
        for r0, c0, r1, c1 in merged:
            origin[(r0, c0)] = (r1 - r0, c1 - c0)
            inside.update((r, c) for r in range(r0, r1) for c in range(c0, c1) if (r, c) != (r0, c0))
            merged_rows.update(range(r0 + 1, r1))
        # the tables of the sheet: rows apart from the next table's by a row with nothing in it
        block: list[list[Span]] = []
        for i, r in enumerate([*texts, []]):
            if i in hidden_rows:
                continue  # as the sheet shows it: the rows around it meet
            filled = [j for j, t in enumerate(r) if t]
            # a section's heading or a paragraph merged across the sheet between tables (三、… over table 3,
            # 四、… between it and table 4): text, and the tables apart — not a table's row as wide as the sheet
            heading = (
                len(filled) == 1
                and origin.get((i, filled[0]), (1, 1))[1] >= _WIDE
                and _HEADING_ROW.search(r[filled[0]]) is not None
            )
            if heading or (not filled and i not in merged_rows):  # the block's tables end
                for part in _side_by_side(block):
                    doc.lines.extend(grid_lines(part, table))
                    table += 1
                block = []
                if heading:
                    doc.lines.append(Line([Cell(r[filled[0]].replace("\n", ""), Where(line=i + 1))]))
                continue
            row = []
            for j, t in enumerate(r):
                if (i, j) in inside:
                    continue
                rs, cs = origin.get((i, j), (1, 1))
                if rs > 1 and hidden_rows:  # (a merged range over hidden rows: as tall as it shows)
                    rs -= sum(1 for h in hidden_rows if i < h < i + rs)
                row.append(Span(t.replace("\n", ""), rs, cs, col=j))
            block.append(row)


# OpenDocument's vocabularies (a spreadsheet's content.xml)
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
_NUMBERS = ("float", "percentage", "currency")


def ingest_ods(data: bytes, source: Source) -> Document:
    """An OpenDocument spreadsheet (.ods: LibreOffice's, WPS's) read as :func:`ingest` reads a .xlsx: its shown
    sheets in order (one whose style says ``table:display="false"`` hidden), each cell's value (a number as stored,
    else its text), spans as merged ranges, collapsed rows hidden; a row or cell repeated (the format's run of
    empty ones to the sheet's edge) only as far as :data:`MAX_CELLS` allows. Raises :class:`InputError` for a
    broken or oversized archive (:func:`ogi.ingest.docx.read_parts`) or content that is no XML."""
    from lxml import etree

    xml = read_parts(data, ("content.xml",), source.path, kind=("OpenDocument 电子表格", "ODS"))["content.xml"]
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as e:
        raise InputError(f"OpenDocument 电子表格已损坏，无法读取 (corrupt ODS: {e})", path=source.path) from e
    hidden_styles = {
        st.get(_STYLE + "name")
        for st in root.iter(_STYLE + "style")
        if any(p.get(_TABLE + "display") == "false" for p in st.iter(_STYLE + "table-properties"))
    }
    doc = Document(source=source)
    sheets: list[Sheet] = []
    left = MAX_CELLS
    for table in root.iter(_TABLE + "table"):
        if table.get(_TABLE + "style-name") in hidden_styles:
            continue
        rows: list[list[Any]] = []
        merged: list[tuple[int, int, int, int]] = []
        hidden: set[int] = set()
        for row in table.iter(_TABLE + "table-row"):
            values, spans = _ods_row(row, len(rows))
            times = int(row.get(_TABLE + "number-rows-repeated") or 1)
            if not any(v is not None for v in values):
                times = min(times, 1)  # (a run of empty rows: one keeps the tables apart)
            for _ in range(times):
                if left <= 0:
                    break
                if row.get(_TABLE + "visibility") in ("collapse", "filter"):
                    hidden.add(len(rows))
                merged += [(len(rows), c0, len(rows) + rs, c0 + cs) for c0, rs, cs in spans]
                rows.append(list(values))
                left -= max(len(values), 1)
        while rows and not any(v is not None for v in rows[-1]):
            rows.pop()
        sheets.append(Sheet(rows, merged, hidden))
    _read_sheets(doc, sheets)
    if left <= 0:
        doc.notes.append(f"工作簿超过 {MAX_CELLS} 格，只读取了前面的部分 (workbook too large, read in part)")
    return doc


def _ods_row(row: Any, r: int) -> tuple[list[Any], list[tuple[int, int, int]]]:
    """A spreadsheet row's values (a cell repeated as often as it says, trailing empty ones left out) and its
    spans: (column, rows, columns) of each cell spanning more than one."""
    values: list[Any] = []
    spans: list[tuple[int, int, int]] = []
    for cell in row:
        if cell.tag not in (_TABLE + "table-cell", _TABLE + "covered-table-cell"):
            continue
        times = min(int(cell.get(_TABLE + "number-columns-repeated") or 1), MAX_CELLS)
        value = _ods_value(cell)
        rs = int(cell.get(_TABLE + "number-rows-spanned") or 1)
        cs = int(cell.get(_TABLE + "number-columns-spanned") or 1)
        if value is None and times > 1:
            values.extend([None] * min(times, 256))  # (a run of empty cells to the sheet's edge: trimmed below)
            continue
        for _ in range(times):
            if rs > 1 or cs > 1:
                spans.append((len(values), rs, cs))
            values.append(value)
    while values and values[-1] is None:
        values.pop()
    return values, spans


def _ods_value(cell: Any) -> Any:
    """A spreadsheet cell's value: a number as stored (office:value), else the text of its paragraphs (a line
    each), None where empty."""
    kind = cell.get(_OFFICE + "value-type")
    if kind in _NUMBERS and (v := cell.get(_OFFICE + "value")) is not None:
        try:
            n = float(v)
        except ValueError:
            return v
        return int(n) if n.is_integer() else n
    text = "\n".join("".join(p.itertext()) for p in cell if isinstance(p.tag, str) and p.tag.endswith("}p"))
    return text or None
