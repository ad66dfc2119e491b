"""Merged table cells (rowspan/colspan, Word's gridSpan/vMerge) resolved into a true grid.

Both the HTML and the Word readers describe a table as rows of
:class:`Span` (text, rowspan, colspan, and for Word a fixed start column);
:func:`place` gives each its origin (row, grid column), and :func:`grid_lines`
turns the placed cells into document lines: one :class:`~ogi.model.Line`
per row, a spanned cell only at its origin, columns the true grid columns.
"""

from __future__ import annotations

from dataclasses import dataclass

from ogi.model import Cell, Line, Where, bare

# Spans beyond these are clipped: a hostile page cannot make the grid huge.
MAX_COLSPAN = 256
MAX_COLS = 1024


@dataclass(slots=True)
class Span:
    """A table's cell as a source gives it: its text, the rows and columns it spans, a fixed first column (Word's
    grid) or None. :func:`spans_of` makes them without calling the class (every field set there)."""

    text: str
    rowspan: int = 1
    colspan: int = 1
    col: int | None = None  # a fixed start column (Word's grid), else the next free one


def spans_of(rows: list[list[tuple[str, int, int]]]) -> list[list[Span]]:
    """Rows of (text, rowspan, colspan) as :class:`Span` rows (no fixed column). Each span made without calling
    its class (object.__new__, then its fields), as the hot paths of ingest and extract make theirs: a
    dataclass's ``__init__`` is a Python call, two thirds of a small object's making."""
    out: list[list[Span]] = []
    for r in rows:
        row = []
        for t, rs, cs in r:
            sp = bare(Span)
            sp.text, sp.rowspan = t, rs
            sp.colspan, sp.col = cs, None
            row.append(sp)
        out.append(row)
    return out


@dataclass(slots=True)
class Placed:
    text: str
    row: int
    col: int
    rowspan: int = 1  # rows and columns it spans (clipped to the table)
    colspan: int = 1


def place(rows: list[list[Span]]) -> list[list[Placed]]:
    """Place each cell at its origin in the grid, skipping slots taken by spans from above.

    ``rowspan`` 0 (HTML: to the end of the table) and spans past the last row
    are clipped to the table; spans are clipped to :data:`MAX_COLSPAN`.
    """
    out: list[list[Placed]] = []
    for r, row in enumerate(_origins(rows)[0]):
        out.append([Placed(text, r, c, rs, cs) for text, c, rs, cs in row])
    return out


def _origins(rows: list[list[Span]]) -> tuple[list[list[tuple[str, int, int, int]]], bool]:
    """:func:`place`'s work: each row's cells as (text, grid column, rows spanned, columns spanned); and
    whether a cell spanning rows is a zero (:func:`_zeros_spread`)."""
    n = len(rows)
    taken: dict[int, int] = {}  # grid column → last row (exclusive) a span from above holds it
    out: list[list[tuple[str, int, int, int]]] = []
    down = False
    for r, row in enumerate(rows):
        placed: list[tuple[str, int, int, int]] = []
        if len(row) + len(taken) < MAX_COLS and all(
            sp.rowspan == 1 and sp.colspan == 1 and sp.col is None for sp in row
        ):  # (most rows: cells of one row and one column each, at the next free columns — the same, more cheaply)
            live = {k for k, last in taken.items() if last > r} if taken else None
            if not live:
                out.append([(sp.text, j, 1, 1) for j, sp in enumerate(row)])
                continue
            c = 0
            for sp in row:
                while c in live:
                    c += 1
                placed.append((sp.text, c, 1, 1))
                c += 1
            out.append(placed)
            continue
        c = 0
        for sp in row:
            if sp.col is not None:
                c = max(c, sp.col)
            if taken:
                while taken.get(c, 0) > r:
                    c += 1
            if c >= MAX_COLS:
                break
            cs = sp.colspan
            if cs > MAX_COLSPAN or cs > MAX_COLS - c:
                cs = min(MAX_COLSPAN, MAX_COLS - c)
            elif cs < 1:
                cs = 1
            rs = sp.rowspan
            if rs <= 0 or rs > n - r:  # 0: to the end of the table; clipped to the table
                rs = n - r
            placed.append((sp.text, c, rs, cs))
            if rs > 1:
                for k in range(c, c + cs):
                    taken[k] = max(taken.get(k, 0), r + rs)
                down = down or sp.text.strip() in _ZERO
            c += cs
        out.append(placed)
    return out, down


_ZERO = ("0", "０")


def _zeros_spread(grid: list[list[Placed]]) -> list[list[Placed]]:
    """The grid with each zero merged down several rows repeated in each row it covers; merged down
    and across (a block of columns of 0 printed as one cell), in each cell of the block."""
    extra: dict[int, list[Placed]] = {}
    out: list[list[Placed]] = []
    for placed in grid:
        row: list[Placed] = []
        for p in placed:
            if p.rowspan > 1 and p.text.strip() in _ZERO:
                cols = [(p.col + k, 1) for k in range(p.colspan)] if p.colspan > 1 else [(p.col, 1)]
                row.extend(Placed(p.text, p.row, c, 1, w) for c, w in cols)
                for i in range(p.row + 1, min(p.row + p.rowspan, len(grid))):
                    extra.setdefault(i, []).extend(Placed(p.text, i, c, 1, w) for c, w in cols)
            else:
                row.append(p)
        out.append(row)
    return [sorted([*placed, *extra.get(r, ())], key=lambda p: p.col) for r, placed in enumerate(out)]


def grid_lines(rows: list[list[Span]], table: int) -> list[Line]:
    """Document lines of one table; rows holding no text are left out. A zero merged down several
    rows (a column of 0 printed as one cell beside them all) is a zero in each: repeated in the rows
    it covers, each copy in its own row; merged down and across columns, in each column too. (Merged
    across columns only it stays one cell: a single value spanning a row's columns, as table 2's 收费
    row prints it, is one value.)"""
    lines: list[Line] = []
    origins, down = _origins(rows)
    if down:
        grid = _zeros_spread([[Placed(t, r, c, rs, cs) for t, c, rs, cs in row] for r, row in enumerate(origins)])
        width = max((p.col + 1 for placed in grid for p in placed), default=0)
        for placed in grid:
            if any(p.text for p in placed):
                cells = [Cell(p.text, Where(None, None, None, table, p.row, p.col)) for p in placed]
                lines.append(Line(cells, table, width))
        return lines
    width = max((row[-1][1] + 1 for row in origins if row), default=0)  # (a row's cells left to right)
    for r, row in enumerate(origins):
        for cell in row:
            if cell[0]:
                break
        else:
            continue  # (no text in the row)
        cells = []
        for t, c, _, _ in row:  # (place and cell made without their classes' call: ogi.model's note on them)
            w = bare(Where)
            w.line = w.page = w.bbox = w.placed = w.chars = w.image = None
            w.table, w.row, w.col = table, r, c
            cell = bare(Cell)
            cell.text, cell.where, cell.confidence = t, w, None
            cells.append(cell)
        ln = bare(Line)
        ln.cells, ln.grid, ln.width = cells, table, width
        lines.append(ln)
    return lines
