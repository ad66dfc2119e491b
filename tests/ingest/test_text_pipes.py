"""Pipe tables in text: a block whose every line ends in a pipe is split line by line
(the fast path); it must give exactly the cells the general reading (cells spanning lines) gives."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ogi
from ogi.ingest.text import _pipe_rows, _pipe_spans
from ogi.model import Document, Source
from ogi.samples import generate

# what a cell of a report's pipe table holds: labels, numbers, blanks, markdown marks
CELL = st.sampled_from(
    ["", " ", "0", "12", "3,119", "/", "—", "（一）予以公开", "**合计**", "# 标题", "*", "新收 申请"]
)
# a row between pipes (| a | b |), or without the first (a | b |)
ROW = st.tuples(st.lists(CELL, min_size=0, max_size=8), st.booleans()).map(
    lambda x: ("|" if x[1] else "") + "|".join(x[0]) + "|"
)
LINE = st.one_of(ROW, ROW.map(lambda r: "  " + r + " "), st.just(""))


def _cells(block: list[tuple[int, str]], how) -> list[tuple[int | None, list[tuple[str, int | None]]]]:  # type: ignore[no-untyped-def]
    doc = Document(Source(None, "text"))
    how(block, 0, doc)
    return [(ln.grid, [(c.text, c.where.line) for c in ln.cells]) for ln in doc.lines]


@given(st.lists(LINE, min_size=1, max_size=12), st.integers(min_value=1, max_value=500))
def test_rows_ending_in_pipes_read_as_cells_spanning_lines_do(lines: list[str], first: int) -> None:
    block = [(first + i, t) for i, t in enumerate(lines)]
    assert _cells(block, _pipe_rows) == _cells(block, _pipe_spans)


def test_markdown_escapes_are_the_marks_they_escape() -> None:
    """Markdown as mammoth or pandoc write it escapes ASCII marks (18\\.42, 第二十条第\\(八\\)项): the marks, so
    the fee is 18.42 (was 0 with a false cells.blank); a backslash alone stays a blank's mark."""
    from ogi.ingest import ingest_str

    doc = ingest_str("| 第二十条第\\(八\\)项 | |\n|---|---|\n| 行政事业性收费 | 18\\.42 |\n| 规章 | \\ |\n")
    cells = [[c.text for c in ln.cells] for ln in doc.lines]
    assert cells == [["", "第二十条第(八)项", ""], ["", "行政事业性收费", "18.42"], ["", "规章", "\\"]]


def test_values_struck_out_in_markdown_are_gone() -> None:
    """Markdown's strikethrough (~~61~~ 54, GFM) and HTML's in markdown (<del>240</del>233): the value as it
    stands, one a cell, however many cells of a row hold one."""
    from ogi.ingest.text import ingest_text
    from ogi.model import Source

    doc = ingest_text(
        "| 一、本年新收政府信息公开申请数量 | ~~61~~ 54 | 51 | ~~112~~105 |\n"
        "| 行政许可 | <del>240</del>233 | <s>1</s> 2 |",
        Source(path=None, format="text"),
    )
    assert [[c.text for c in ln.cells if c.text] for ln in doc.lines] == [
        ["一、本年新收政府信息公开申请数量", "54", "51", "105"],
        ["行政许可", "233", "2"],
    ]


def test_latex_a_converter_wrote_reads_as_the_report() -> None:
    """A report as Nougat or Mathpix write a PDF: headings as \\section*{…}, the title \\title{…}, tables as tabular
    (cells apart by &, rows ending in \\\\, \\hline rules, a group's heading in \\multicolumn, a label down rows in
    \\multirow): read exactly as the report (before: each row's first value only, the rest pushed on by order)."""
    import re

    import ogi
    from ogi.samples import generate, print_report

    rep = generate(15, tid="2021", scale=20)
    out, inside = [], False
    for i, ln in enumerate(print_report(rep, "pipe").split("\n")):
        cells = [c.strip() for c in ln.strip().strip("|").split("|")] if "|" in ln else None
        if cells is not None:
            if not inside:
                out.append("\\begin{tabular}{|" + "c|" * 8 + "}")
                inside = True
            out.append("\\hline")
            if len(cells) == 1:  # (a group's heading across the table)
                cells = ["\\multicolumn{4}{|c|}{" + cells[0] + "}"]
            elif cells[0].startswith("三、本年度办理结果"):
                cells[0] = "\\multirow{2}{*}{" + cells[0] + "}"
            out.append(" & ".join(cells) + " \\\\")
            continue
        if inside:
            out += ["\\hline", "\\end{tabular}"]
            inside = False
        if i == 0:
            out.append("\\title{" + ln + "}")
        elif re.match(r"[一二三四五六]、", ln):
            out.append("\\section*{" + ln + "}")
        else:
            out.append(ln)
    got = ogi.read("\n".join(out))
    assert got.cells == rep.cells
    assert got.agency == rep.agency
    assert not [f.rule for f in got.findings if f.rule in ("section.missing", "cells.missing")]


def test_ruling_lines_an_ocr_tool_read_as_gun_l_or_i_are_bars() -> None:
    """A pipe table as an OCR tool read it, its ruling lines now and then 丨 (the character gun), l or I: bars —
    between two numbers or two words a letter alone is no cell's text (6 I 2, 结果纠正 l 其他结果)."""
    import itertools

    import ogi
    from ogi.samples import generate, print_report

    rep = generate(17, tid="2021", scale=20)
    marks = itertools.cycle([" 丨 ", " l ", " | ", " I ", " | "])
    out = []
    for ln in print_report(rep, "pipe").split("\n"):
        if ln.count("|") > 3:
            head, *rest = ln.split(" | ")
            ln = head + "".join(next(marks) + part for part in rest)
        out.append(ln)
    text = "\n".join(out)
    assert " 丨 " in text and " l " in text
    got = ogi.read(text)
    assert got.cells == rep.cells


@pytest.mark.parametrize("book", [None, "one_sheet", "tables_first"])
def test_a_workbook_as_markitdown_prints_it_reads_as_the_report(book: str | None) -> None:
    """A workbook turned into markdown by markitdown (pandas' ``to_markdown`` of each sheet): ``NaN`` in every empty
    cell, ``Unnamed: 3`` in the header where the sheet's first row holds nothing, a one-column table for the text
    sheet, a sheet's tables apart by a row of NaNs in one markdown table, each as wide as the sheet. Read as the
    workbook is: NaN and Unnamed no text (a section's heading in a row of NaNs was not found: section.missing), a
    column of paragraphs prose (its table of contents read as the headings), a row of empty cells ending a table
    (a table of applications by channel after table 3, its 总计 a false table.duplicate), each table's empty cells
    past its last column none of its blanks (a fresh user's conversions, trial 89)."""
    from ogi.samples.xlsx import render_pandas_markdown, render_xlsx

    for seed in range(4):
        rep = generate(seed, tid="2021" if seed % 2 else "2019", scale=20)
        rep.layout.workbook = book
        md = render_pandas_markdown(render_xlsx(rep))
        assert "NaN" in md or "Unnamed" in md or book is None
        r = ogi.read(md)
        assert {k: v for k, v in r.cells.items() if v != rep.cells[k]} == {}, (book, seed)
        assert r.agency == rep.agency and r.year == rep.year
        assert not [f.rule for f in r.findings if f.severity in ("error", "warning")], (book, seed)
