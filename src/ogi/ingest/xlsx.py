"""Excel workbooks (.xlsx) to the common document, read with openpyxl.

Only the sheets the workbook shows are read: a hidden one (a draft, last year's figures) is none of
the report as published.

Some organs publish their report, or only its tables, as a workbook: the text on a sheet of its own
(a paragraph a row, in the first column), each table on a sheet with merged cells. A sheet whose
rows hold at most one value each is prose: a line a row; any other sheet holds tables, one after
another apart by an empty row: their rows and columns, a merged range a cell spanning them
(:mod:`ogi.ingest.grid`), each cell's place its table (``Where.table``, 0-based among the workbook's
tables), row and column (0-based, in the table). A number is written as it is stored
(``25``, not ``25.0``); a formula as the value the workbook saved with it (none: a blank cell).
"""

from __future__ import annotations

import datetime as dt
import io
import warnings
import zipfile
from typing import Any

from ogi.errors import InputError
from ogi.ingest.docx import read_parts
from ogi.ingest.grid import Span, grid_lines
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
    doc = Document(source=source)
    table = 0
    seen = 0
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue  # a hidden sheet (a draft, last year's figures) is no part of the report as published
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        seen += sum(len(r) for r in rows)
        if seen > MAX_CELLS:
            doc.notes.append(f"工作簿超过 {MAX_CELLS} 格，只读取了前面的工作表 (workbook too large, read in part)")
            break
        texts = [[_text(v) for v in r] for r in rows]
        # paragraphs, a row each (merged across the sheet or not), or all in one merged cell with line breaks
        if all(sum(1 for t in r if t) <= 1 for r in texts) and (
            not ws.merged_cells.ranges
            or all(rng.max_row == rng.min_row for rng in ws.merged_cells.ranges)
            or sum(1 for r in texts if any(r)) == 1
        ):
            for i, r in enumerate(texts):
                t = next((t for t in r if t), "")
                if t:
                    doc.lines.extend(
                        Line([Cell(part.strip(), Where(line=i + 1))]) for part in t.split("\n") if part.strip()
                    )
            continue
        origin: dict[tuple[int, int], tuple[int, int]] = {}  # (row, col) 0-based → (rowspan, colspan)
        inside: set[tuple[int, int]] = set()
        merged_rows: set[int] = set()  # rows a merged range runs on into (not its first)
        for rng in ws.merged_cells.ranges:
            r0, c0 = rng.min_row - 1, rng.min_col - 1
            origin[(r0, c0)] = (rng.max_row - rng.min_row + 1, rng.max_col - rng.min_col + 1)
            inside.update((r, c) for r in range(r0, rng.max_row) for c in range(c0, rng.max_col) if (r, c) != (r0, c0))
            merged_rows.update(range(r0 + 1, rng.max_row))
        # the tables of the sheet: rows apart from the next table's by a row with nothing in it
        block: list[list[Span]] = []
        for i, r in enumerate([*texts, []]):
            if not any(r) and i not in merged_rows:
                for part in _side_by_side(block):
                    doc.lines.extend(grid_lines(part, table))
                    table += 1
                block = []
                continue
            row = []
            for j, t in enumerate(r):
                if (i, j) in inside:
                    continue
                rs, cs = origin.get((i, j), (1, 1))
                row.append(Span(t.replace("\n", ""), rs, cs, col=j))
            block.append(row)
    return doc
