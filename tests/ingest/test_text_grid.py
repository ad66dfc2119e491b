"""Tables drawn with rules between their rows (pandoc grid tables, box drawing as w3m and lynx dump
a page, full-width bars as WeChat text gives them) and pipe rows without their outer pipes: the
cells the rows print, a label wrapped inside its cell joined, whatever the drawing characters."""

from __future__ import annotations

from ogi.ingest.text import ingest_text
from ogi.model import Source


def _rows(text: str) -> list[list[str]]:
    return [[c.text for c in ln.cells] for ln in ingest_text(text, Source(None, "text")).lines if ln.grid is not None]


GRID = """\
+------------+----------------+------+------+
| 三、本年度 | （一）予以公开 | 6    | 9    |
|            +----------------+------+------+
| 办理结果   | （二）部分公开 | 1    | 1    |
|            | （区分处理的） |      |      |
+============+================+======+======+
| 四、结转下 | 年度继续办理   | 12   | 0    |
|            |                | （含 |      |
|            |                | 1件）|      |
+------------+----------------+------+------+
"""

ROWS = [
    ["三、本年度", "（一）予以公开", "6", "9"],
    ["办理结果", "（二）部分公开（区分处理的）", "1", "1"],
    ["四、结转下", "年度继续办理", "12（含1件）", "0"],
]


def test_a_grid_tables_lines_between_rules_are_one_row() -> None:
    assert _rows(GRID) == ROWS


def test_numbers_wrapped_in_narrow_cells_are_joined() -> None:
    text = (
        "+----------------------+--+--+---+\n"
        "|一、本年新收政府信息公|17|80|312|\n"
        "|开申请数量            | 6|  |   |\n"
        "+----------------------+--+--+---+\n"
        "|二、上年结转政府信息公| 0| 4|  6|\n"
        "|开申请数量            |  |  |   |\n"
        "+----------------------+--+--+---+\n"
    )
    assert _rows(text) == [
        ["一、本年新收政府信息公开申请数量", "176", "80", "312"],
        ["二、上年结转政府信息公开申请数量", "0", "4", "6"],
    ]


def test_box_drawing_reads_as_its_ascii() -> None:
    box = GRID.translate(str.maketrans({"+": "┼", "-": "─", "=": "═", "|": "│"}))
    assert _rows(box) == ROWS


def test_rows_between_full_width_bars() -> None:
    assert _rows("｜规章｜2｜1｜16｜\n｜行政规范性文件｜23｜1｜184｜\n") == [
        ["", "规章", "2", "1", "16"],  # the empty cell before a first pipe, as in every pipe table
        ["", "行政规范性文件", "23", "1", "184"],
    ]


def test_a_grid_ruled_only_under_its_header_keeps_its_rows_apart() -> None:
    # (its cells padded to their columns' width, as a drawn grid's are)
    text = (
        "+----------------+--------+--------+\n"
        "| 信息内容       | 制发   | 废止   |\n"
        "+================+========+========+\n"
        "| 规章           | 0      | 1      |\n"
        "| 行政规范性文件 | /      | 3      |\n"
        "+----------------+--------+--------+\n"
    )
    assert _rows(text) == [["信息内容", "制发", "废止"], ["规章", "0", "1"], ["行政规范性文件", "/", "3"]]


def test_a_rule_alone_is_no_table() -> None:
    doc = ingest_text("一、总体情况\n+--------+\n本机关全年主动公开信息12条。\n", Source(None, "text"))
    assert [ln.text for ln in doc.lines] == ["一、总体情况", "本机关全年主动公开信息12条。"]


def test_rows_without_outer_pipes_a_last_empty_cell_ending_in_a_pipe_and_space() -> None:
    # as markdown allows and a table pasted from a spreadsheet gives: "| " ends a row whose last cell is empty
    text = (
        " | 自然人 | 总计\n一、本年新收 | 34件 | 45件\n二、上年结转 |  | \n三、本年度办理结果 | （一）予以公开 | 13\n"
    )
    assert _rows(text) == [
        ["", "自然人", "总计"],
        ["一、本年新收", "34件", "45件"],
        ["二、上年结转", "", ""],
        ["三、本年度办理结果", "（一）予以公开", "13"],
    ]


def test_markdown_comments_are_not_read_and_keep_the_lines_numbered() -> None:
    """An HTML comment in markdown is not printed: last year's table kept in one (closed or never closed)
    is no table of the report and no second copy; the lines after it keep their numbers."""
    import ogi
    from ogi.samples import generate, print_report

    rep = generate(5, tid="2021", scale=20)
    text = print_report(rep, "markdown")
    lines = text.split("\n")
    t3 = next(i for i, ln in enumerate(lines) if "申请人情况" in ln)
    old = [ln.replace("|", "| 9", 1) if ln.startswith("|") else ln for ln in lines[t3 : t3 + 12]]
    commented = "\n".join([*lines[:t3], "<!-- 上年数据（勿删）", *old, "-->", *lines[t3:]])
    got = ogi.read(commented.encode())
    assert got.cells == rep.cells
    assert not [f for f in got.findings if f.rule == "table.duplicate" or f.severity == "error"]
    moved = ogi.read((commented + "\n<!-- never closed\n| 规章 | 1 | 2 | 3 |").encode())
    assert moved.cells == rep.cells
    doc = ingest_text("第一行\n<!-- 两行\n的注释 -->\n第四行", Source(None, "text"))
    assert [(ln.cells[0].where.line, ln.text) for ln in doc.lines] == [(1, "第一行"), (4, "第四行")]


def test_markdown_footnote_references_in_cells_are_marks() -> None:
    """A footnote's reference after a value (24,318[^1]) is no part of it; its definition stays prose."""
    doc = ingest_text("| 行政许可 | 24,318[^1] |\n|---|---|\n\n[^1]: 含容缺受理事项。", Source(None, "markdown"))
    assert [c.text for c in doc.lines[0].cells if c.text] == ["行政许可", "24,318"]
    assert doc.lines[-1].text == "[^1]: 含容缺受理事项。"
