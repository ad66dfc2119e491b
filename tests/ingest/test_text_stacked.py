"""Two rows of a table printed without a ruling between them, which PDF-to-markdown tools give as one
markdown row whose cells stack them with <br>: as many rows as the label cell stacks numbered labels."""

from __future__ import annotations

from ogi.ingest.text import ingest_text
from ogi.model import Source


def _rows(text: str) -> list[list[str]]:
    return [[c.text for c in ln.cells] for ln in ingest_text(text, Source(None, "text")).lines if ln.grid is not None]


def test_numbered_labels_stacked_over_stacked_values_are_rows() -> None:
    line = "| | （四）无法提供 | 1.本机关不掌握相关政府信息<br>2.没有现成信息需要另行制作 | 3<br>0 | 0<br/>0 | 3<br>0 |"
    rows = _rows(line + "\n")
    assert [r[-4:] for r in rows] == [
        ["1.本机关不掌握相关政府信息", "3", "0", "3"],
        ["2.没有现成信息需要另行制作", "0", "0", "0"],
    ]
    assert "（四）无法提供" in rows[0] and "（四）无法提供" not in rows[1]
    # a label wrapped inside the first of its rows
    rows = _rows("| 1.申请人无正当理由逾期不补<br>正、不再处理<br>2.申请人逾期未缴费 | 1<br>0 | 1<br>0 |\n")
    assert [r[-3] for r in rows] == ["1.申请人无正当理由逾期不补正、不再处理", "2.申请人逾期未缴费"]
    # rows numbered otherwise: the last of table 3's outcomes over the applications carried out (pymupdf4llm's)
    rows = _rows("|（七）总计<br>四、结转下年度继续办理|224<br>26|57<br>4|313<br>33|\n")
    assert [r[-4:] for r in rows] == [["（七）总计", "224", "57", "313"], ["四、结转下年度继续办理", "26", "4", "33"]]


def test_a_label_wrapped_a_note_or_a_wrapped_number_stays_one_row() -> None:
    for line in (
        "| 5.要求行政机关确认或重新出<br>具已获取信息 | 0 | 0 | 0 |",  # a wrapped label
        "| 规章 | 3<br>（含修订1件） | 0 | 5 |",  # a note under its value
        "| 1.本机关不掌握相关政府信息 | 16<br>1 | 0<br>0 | 16<br>1 |",  # digits wrapped in narrow cells
    ):
        assert len(_rows(line + "\n")) == 1, line


def test_line_breaks_inside_a_row_join_a_label_and_keep_values_with_units_apart() -> None:
    """A row that stacks no rows: a heading's pieces join (本年制<br>发件数), a number wrapped in a narrow
    cell joins (16<br>1: 161), two values each with its unit stay two (1 件<br>35 件: a cell under two
    headings merged, as pymupdf4llm gives a PDF's table)."""
    rows = _rows(
        "| 信 | 息 | 内 | 容 | 本年制<br>发件数 | 本年废<br>止件数<br>现行有<br>效件数 |\n"
        "| 规 | | | 章 | 0 件 | 1 件<br>35 件 |\n"
    )
    assert rows[0][-2:] == ["本年制发件数", "本年废止件数现行有效件数"]
    assert rows[1][-2:] == ["0 件", "1 件 35 件"]
    assert _rows("| 1.本机关不掌握相关政府信息 | 16<br>1 | 0<br>0 | 16<br>1 |\n")[0][-3:] == ["161", "00", "161"]
