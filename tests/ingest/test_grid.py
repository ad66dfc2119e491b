"""Merged cells resolved into a true grid (shared by the HTML and Word readers)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ogi.ingest.grid import MAX_COLSPAN, Span, grid_lines, place


def cols(rows: list[list[Span]]) -> list[list[tuple[str, int]]]:
    return [[(p.text, p.col) for p in row] for row in place(rows)]


def test_rowspan_and_colspan_take_their_slots() -> None:
    # the national table 3 header: a 3x3 corner, then 申请人情况 over 7 columns
    rows = [
        [Span("corner", 3, 3), Span("申请人情况", 1, 7)],
        [Span("自然人", 2, 1), Span("法人或其他组织", 1, 5), Span("总计", 2, 1)],
        [Span(x) for x in "abcde"],
        [Span("三、本年度办理结果", 2, 1), Span("(一)予以公开", 1, 2), *[Span(str(i)) for i in range(7)]],
        [Span("(二)部分公开", 1, 2), *[Span(str(i)) for i in range(7)]],
    ]
    got = cols(rows)
    assert got[0] == [("corner", 0), ("申请人情况", 3)]
    assert got[1] == [("自然人", 3), ("法人或其他组织", 4), ("总计", 9)]
    assert got[2] == [(x, 4 + i) for i, x in enumerate("abcde")]
    assert got[3][1] == ("(一)予以公开", 1) and got[3][2] == ("0", 3) and got[3][-1] == ("6", 9)
    assert got[4][0] == ("(二)部分公开", 1) and got[4][-1] == ("6", 9)


def test_rowspan_zero_and_past_the_end_are_clipped() -> None:
    # rowspan 0: to the end of the table (HTML); 99 on the last row: just that row
    rows = [[Span("a", 0), Span("b")], [Span("c")], [Span("d", 99), Span("e")], [Span("f")]]
    assert cols(rows) == [[("a", 0), ("b", 1)], [("c", 1)], [("d", 1), ("e", 2)], [("f", 2)]]


def test_fixed_columns_leave_holes() -> None:
    rows = [[Span("a", col=0), Span("b", col=3)]]
    assert cols(rows) == [[("a", 0), ("b", 3)]]


def test_huge_colspan_is_clipped() -> None:
    rows = [[Span("a", 1, 10**6), Span("b")]]
    assert cols(rows) == [[("a", 0), ("b", MAX_COLSPAN)]]


def test_lines_keep_blank_cells_and_drop_empty_rows() -> None:
    lines = grid_lines([[Span("x"), Span("")], [Span(""), Span("")], [Span("y", 1, 2)]], table=4)
    assert [[(c.text, c.where.table, c.where.row, c.where.col) for c in ln.cells] for ln in lines] == [
        [("x", 4, 0, 0), ("", 4, 0, 1)],
        [("y", 4, 2, 0)],
    ]
    assert all(ln.grid == 4 for ln in lines)


def test_a_zero_merged_down_and_across_is_a_zero_in_each_cell_it_covers() -> None:
    """Columns of 0 printed as one cell merged down the rows and across the columns: each covered cell
    0; a zero merged across a row only (one value spanning the row) stays one cell."""
    rows = [
        [Span("a"), Span("1"), Span("0", 3, 2), Span("5")],
        [Span("b"), Span("2"), Span("6")],
        [Span("c"), Span("3"), Span("7")],
    ]
    lines = grid_lines(rows, table=0)
    assert [[(c.text, c.where.col) for c in ln.cells] for ln in lines] == [
        [(t, k) for k, t in enumerate(("a", "1", "0", "0", "5"))],
        [(t, k) for k, t in enumerate(("b", "2", "0", "0", "6"))],
        [(t, k) for k, t in enumerate(("c", "3", "0", "0", "7"))],
    ]
    one = grid_lines([[Span("收费"), Span("0", 1, 3)]], table=0)
    assert [c.text for c in one[0].cells] == ["收费", "0"]


span = st.builds(Span, st.just("t"), st.integers(0, 4), st.integers(1, 4))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(span, max_size=6), max_size=8))
def test_no_cell_starts_on_a_taken_slot(rows: list[list[Span]]) -> None:
    """A cell never starts where a span from above or to its left lies (overlapping
    spans, an error of the table model, may still overlap further right, as in browsers)."""
    taken: set[tuple[int, int]] = set()
    n = len(rows)
    for r, placed in enumerate(place(rows)):
        last = -1
        for p, sp in zip(placed, rows[r], strict=False):
            assert p.col > last
            rs = sp.rowspan if 0 < sp.rowspan <= n - r else n - r
            slots = {(i, j) for i in range(r, r + rs) for j in range(p.col, p.col + sp.colspan)}
            assert (r, p.col) not in taken, (r, p)
            taken |= slots
            last = p.col + sp.colspan - 1
