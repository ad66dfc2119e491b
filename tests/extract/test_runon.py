"""A report run together on one line (a crawler's text of a page: its paragraphs, headings and table
cells with no line breaks, some cells with no space between them): its sections and rows found again,
digits glued to their labels or to each other cut where only one way fits the row, and doubt said
where several do — never a value guessed silently."""

from __future__ import annotations

import ogi
from ogi.extract.tables import _cuttings
from ogi.extract.tokens import _joined, _signs_number, _unglued, _unit_of
from ogi.model import Doubt
from ogi.samples.generate import generate
from ogi.samples.printers import print_report


def test_numbers_glued_to_labels_are_cut_out_and_prose_figures_are_not() -> None:
    words, glued = _unglued(["规章000行政规范性文件008第二十条第（五）项行政许可1"])
    assert words == ["规章", "000", "行政规范性文件", "008", "第二十条第（五）项行政许可", "1"]
    assert glued == {1, 3, 5}
    # a row's numbering (2.) begins the next label; a value's note and footnote mark stay with it
    assert _unglued(["秘密00000002.其他法律"])[0] == ["秘密", "0000000", "2.其他法律"]
    assert _unglued(["文件26（含修订19件）"])[0] == ["文件", "26（含修订19件）"]
    assert _unglued(["公开13①"])[0] == ["公开", "13①"]
    # blank marks against labels
    assert _unglued(["禁止公开－"])[0] == ["禁止公开", "－"]
    assert _unglued(["/行政规范性文件"])[0] == ["/", "行政规范性文件"]
    # figures of prose, dates, document numbers: whole
    for w in ("案件2件。", "申请2件，", "2021年", "国办函〔2020〕109号", "第3页", "占12.5%"):
        assert _unglued([w]) == ([w], None)


def test_a_unit_or_sign_joined_to_its_number_keeps_the_glued_numbers_after_it_glued() -> None:
    """``0 件45654其他…00 84373``: the unit printed apart (``0 件``) joined to its number must not move
    which words are glued numbers — ``00`` is two zeros of two cells, whatever stands before it."""
    words = ["2", "0", "件45654其他对外管理服务事项00", "84373"]
    parts, glued = _unglued(words)
    parts, glued = _joined(parts, glued, _unit_of)
    assert parts == ["2", "0件", "45654", "其他对外管理服务事项", "00", "84373"]
    assert {parts[i] for i in glued or ()} == {"45654", "00", "84373"}
    parts, glued = _joined(["减", "12", "007"], {1, 2}, _signs_number)
    assert (parts, glued) == (["减12", "007"], {0, 1})


def test_glued_digits_cut_only_the_ways_no_number_has_a_leading_zero() -> None:
    assert _cuttings("00000") == [["0", "0", "0", "0", "0"]]
    assert _cuttings("008") == [["0", "0", "8"]]
    cuts = {("4", "500"), ("4", "50", "0"), ("4", "5", "0", "0"), ("45", "0", "0"), ("450", "0"), ("4500",)}
    assert set(map(tuple, _cuttings("4500"))) == cuts


def _runon(text: str) -> str:
    """``text`` (a pipe-style report) as a crawler's text of its page: the body on one line, a row's
    cells run together, its values apart by a space but a 0 after a 0."""
    lines = text.split("\n")
    out = []
    for ln in lines[1:]:
        cells = [c.strip() for c in ln.split("|") if c.strip()]
        row = ""
        prev = None
        for c in cells:
            num = c.isdigit()
            row += (" " if num and prev is not None and not (c == "0" and prev == "0") else "") + c
            prev = c if num else None
        out.append(row)
    return lines[0] + "\n" + "".join(out) + "\n"


def test_a_report_run_together_on_one_line_reads_as_printed() -> None:
    rep = generate(21, tid="2021", scale=5)
    text = _runon(print_report(rep, "pipe"))
    assert text.count("\n") == 2 and "一、总体情况" in text
    r = ogi.read(text)
    assert r.cells == rep.cells and r.agency == rep.agency and r.year == rep.year
    assert not r.errors
    assert set(r.sections) >= {"一", "二", "三", "四", "五", "六"} and all(r.sections[s] is not None for s in "一五六")


def test_digits_glued_more_than_one_way_are_doubt_not_an_error() -> None:
    rep = generate(4, tid="2021", scale=5)
    c = rep.cells
    text = _runon(print_report(rep, "pipe"))
    row = f"行政规范性文件{c['t2.normative.issued']} {c['t2.normative.repealed']} {c['t2.normative.in_force']}"
    assert row in text
    r = ogi.read(text.replace(row, "行政规范性文件12345"))  # 1|23|45, 12|3|45, 1|2|345 …
    said = [f for f in r.findings if f.rule == "cells.uncertain" and f.values.get("doubt") == Doubt.GLUED]
    assert said and "数字连写" in said[0].message
    assert {k for f in said for k in f.keys} == {k for k in c if k.startswith("t2.normative.")}
    assert not r.errors


def test_a_cut_the_rows_count_alone_chose_is_in_doubt_unless_forced_or_summed() -> None:
    from ogi.extract.tables import _split_glued
    from ogi.extract.tokens import VALUE, Token
    from ogi.model import Cell, Where

    cell = Cell("x", Where(1))

    def tok(text: str, glued: bool = True) -> Token:
        return Token(VALUE, text, int(text), None, cell, 1, False, None, None, glued)

    # 209 and 0 for three columns: 20 9 0 — but a value the row printed may not have been seen
    out, whole = _split_glued([tok("209"), tok("0")], 3)
    assert whole and [t.value for t in out] == [20, 9, 0] and out[0].doubt == Doubt.GLUED
    # zeros cut the only way they can be: sure
    out, whole = _split_glued([tok("0"), tok("00")], 3)
    assert whole and [t.value for t in out] == [0, 0, 0] and all(t.doubt is None for t in out)


def test_reflow_keeps_a_word_ending_in_a_numeral_whole() -> None:
    from ogi.ingest.text import _reflowed

    line = "五、存在的主要问题及改进情况一是公开形式较为单一、基层人员业务能力有待提高。二、其他"
    assert _reflowed(line) == [
        "五、存在的主要问题及改进情况一是公开形式较为单一、基层人员业务能力有待提高。",
        "二、其他",
    ]


def test_a_glued_number_past_any_figure_is_no_crash() -> None:
    # a row's sum tried with a number of 100 001 digits (a mangled file): no cutting keeps it, no crash
    from ogi.extract.tables import _sum_holds
    from ogi.template import template

    holds = _sum_holds(template("2021").table("t3"))
    assert holds is not None and not holds([["1" * 100_001], ["0"], ["0"], ["0"], ["0"], ["0"], ["1"]])


def test_more_values_than_table_4_has_columns_on_a_run_on_line_are_doubt() -> None:
    """A stray number before table 4's fifteen values on a line run together: which values are whose
    is not known — doubt on the row, the sums warnings, never values taken in order as sure (they
    were, and t4.sum errors blamed the source)."""
    rep = generate(5, tid="2021", scale=20)
    text = print_report(rep, "runon")
    values = "0000000 1 3 4 00000"
    assert values in text
    r = ogi.read(text.replace(values, "7 " + values))
    assert any(f.rule == "cells.uncertain" for f in r.findings)
    assert not [f for f in r.findings if f.severity == "error"], [f.message for f in r.findings]


def test_table_4_with_the_suits_total_group_reads_without_it() -> None:
    """Table 4 with 行政诉讼's 合计 after the suits (twenty values, the last five the suits' sums), its
    values glued on a line run together: the template's fifteen, the 合计 left out."""
    rep = generate(5, tid="2021", scale=20)
    text = print_report(rep, "runon")
    values = "0000000 1 3 4 00000"
    r = ogi.read(text.replace(values, values + " 00 1 3 4"))
    assert {k: r.cells[k] for k in rep.cells if k.startswith("t4")} == {
        k: v for k, v in rep.cells.items() if k.startswith("t4")
    }
    assert not [f for f in r.findings if f.severity in ("error", "warning")], [f.message for f in r.findings]
