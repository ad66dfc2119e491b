"""Tables written comma-separated in text (a table saved as CSV and pasted): each field a cell, a label
holding a comma quoted; prose with commas, and numbers with thousands separators, are no rows."""

from __future__ import annotations

import pytest

import ogi
from ogi.ingest.text import ingest_text
from ogi.model import Source
from ogi.samples import generate, print_report


def _cells(text: str) -> list[list[str]]:
    return [[c.text for c in ln.cells] for ln in ingest_text(text, Source(None, "text")).lines]


def test_a_row_of_fields_is_a_row_of_cells() -> None:
    rows = _cells('一、本年新收政府信息公开申请数量,,,60,12,0,0,1,0,73\n,"(二)部分公开(区分处理的,只计)",,5,1\n')
    assert rows == [
        ["一、本年新收政府信息公开申请数量", "", "", "60", "12", "0", "0", "1", "0", "73"],
        ["", "(二)部分公开(区分处理的,只计)", "", "5", "1"],
    ]
    assert _cells("行政许可,1\n规范性文件,26（含修订19件）,46,60\n") == [
        ["行政许可", "1"],
        ["规范性文件", "26（含修订19件）", "46", "60"],
    ]
    assert _cells("发布机构：,西岭区城市管理局,公开日期：,2024-01-10\n")[0][:2] == ["发布机构：", "西岭区城市管理局"]


@pytest.mark.parametrize(
    "line",
    [
        "2023年,本机关共收到申请27件,办结25件",  # prose with ASCII commas
        "收到申请27件,办结25件，结转2件。",
        "行政许可 17,970",  # thousands
        "行政许可17,970",
        "行政事业性收费 83,720.54",
        "规章 1,234 5,678 9",
    ],
)
def test_prose_and_thousands_are_no_rows(line: str) -> None:
    assert _cells(line + "\n") == [[line]]


def test_a_report_with_its_tables_comma_separated_reads_exactly() -> None:
    rep = generate(11, tid="2021", scale=30)
    r = ogi.read(print_report(rep, "csv"))
    assert {k: r.cells.get(k) for k in rep.cells} == rep.cells
    assert not [f for f in r.findings if f.severity == "error"]


def test_a_number_alone_with_thousands_separators_is_no_csv_row() -> None:
    from ogi.ingest.text import _csv_row

    # a cell a line (plain pdftotext): 74,080 is one number
    assert _csv_row("74,080") is None and _csv_row("1,234,567") is None
    # a label and its value with the unit before it: a row
    assert _csv_row("行政许可,（件）343,,") == ["行政许可", "（件）343", "", ""]


def test_a_row_of_quoted_thousands_and_accounting_negatives_is_a_csv_row() -> None:
    """A spreadsheet saved as CSV quotes a number with thousands apart ("11,292") and may write a
    change below zero in brackets ((13)): a row of values still (was taken for prose and read blank)."""
    from ogi.ingest.text import _csv_row

    assert _csv_row('行政强制,219,(13),"11,292"') == ["行政强制", "219", "(13)", "11,292"]
    assert _csv_row("我们,认真(落实),工作") is None
