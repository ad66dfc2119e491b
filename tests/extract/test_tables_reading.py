"""How table values find their rows and columns, and what the reader says when it had to guess.

Reports of our own making (``ogi.samples``), printed and then damaged the ways extracted text and
scans damage them: labels lost or detached from their values, values lost from a row, blank rows,
notes, thousands separators read as decimal points. Page geometry is built directly (words with
boxes, table rulings) to test binding by position.
"""

from __future__ import annotations

import itertools
import random

import pytest

import ogi
from ogi.extract.tables import read_tables
from ogi.ingest.layout import PageLayout, Ruling, Word, page_lines
from ogi.model import Cell, Document, Line, Source, Where
from ogi.samples import generate, print_report
from ogi.samples.printers import DENIED_T4, SOLE, STYLES, ZERO_BODIES, zero_body
from ogi.samples.variants.kinds import T3_ORDERS
from ogi.template import template

T3 = template("2021").table("t3")


def t3_text(rep: object, rows: list[str]) -> str:
    """A report printed as PDF text whose table 3 is ``rows`` (lines)."""
    text = print_report(rep, "pdftext")  # type: ignore[arg-type]
    a = text.index("三、收到和处理政府信息公开申请情况")
    b = text.index("四、政府信息公开行政复议")
    head = ["申请人情况", "自然人 法人或其他组织 总计", "商业企业 科研机构 社会公益组织 法律服务机构 其他"]
    return text[:a] + "三、收到和处理政府信息公开申请情况\n" + "\n".join(head + rows) + "\n" + text[b:]


def label(row: object) -> str:
    r = row  # a template Row
    return (r.group + r.label) if (r.group and r.group.startswith("(")) else r.label  # type: ignore[attr-defined]


def values(rep: object, row: object) -> str:
    return " ".join(str(rep.cells[f"t3.{row.key}.{c.key}"]) for c in T3.columns)  # type: ignore[attr-defined]


def errors(r: ogi.Report) -> set[str]:
    return {f.rule for f in r.findings if f.severity == "error"}


@pytest.mark.parametrize("seed", range(6))
def test_value_rows_without_labels_take_the_rows_their_neighbours_leave(seed: int) -> None:
    rep = generate(seed, tid="2021", scale=20)
    rng = random.Random(seed)
    unlabelled = set(rng.sample(range(3, 22), 5))
    lines = []
    for i, row in enumerate(T3.rows):
        if i in unlabelled:
            lines += [values(rep, row)]  # its label lost: only the values
        else:
            lines += [f"{label(row)} {values(rep, row)}"]
    r = ogi.read(t3_text(rep, lines))
    assert r.cells == rep.cells
    assert not errors(r)
    for i in unlabelled:
        assert r.provenance[f"t3.{T3.rows[i].key}.total"].placed == "order"
    assert r.provenance["t3.new.total"].placed is None
    assert not [f for f in r.findings if f.rule == "cells.uncertain"]  # one place only: no doubt


@pytest.mark.parametrize("seed", range(4))
def test_labels_detached_before_or_after_their_values_and_stray_numbers(seed: int) -> None:
    rep = generate(seed, tid=("2021", "2019")[seed % 2], scale=5)
    t3 = rep.template.table("t3")
    rng = random.Random(seed)
    lines = []
    for row in t3.rows:
        lab = label(row)
        vals = " ".join(str(rep.cells[f"t3.{row.key}.{c.key}"]) for c in t3.columns)
        how = rng.choice(["before", "after", "cut", "cut2", "inline"])
        if how == "before":
            lines += [lab, vals]
        elif how == "after":
            lines += [vals, lab]
        elif how == "cut":
            k = rng.randint(3, len(lab) - 2)
            lines += [lab[:k] + " " + vals, lab[k:]]
        elif how == "cut2":
            k = rng.randint(3, len(lab) - 2)
            lines += [lab[:k], vals, lab[k:]]
        else:
            lines += [f"{lab} {vals}"]
        if rng.random() < 0.2:
            lines.append(str(rng.randint(1, 9)))  # a stray number (a footnote mark, a page number)
    r = ogi.read(t3_text(rep, lines))
    assert r.cells == rep.cells
    assert not errors(r)


def test_ambiguous_placement_is_doubt_and_its_arithmetic_a_warning() -> None:
    rep = generate(3, tid="2021", scale=20)
    rows = list(T3.rows)
    lines = []
    for i, row in enumerate(rows):
        if i in (5, 6):
            lines.append(values(rep, row))
        elif i == 7:
            continue  # a row lost altogether: two unlabelled rows for three places
        else:
            lines.append(f"{label(row)} {values(rep, row)}")
    r = ogi.read(t3_text(rep, lines))
    doubt = [f for f in r.findings if f.rule == "cells.uncertain"]
    assert doubt and all(f.severity == "warning" and "行序推定" in f.message for f in doubt)
    assert {k for f in doubt for k in f.keys} == {f"t3.{rows[i].key}.{c.key}" for i in (5, 6) for c in T3.columns}
    assert errors(r) == {"cells.missing"}  # the row the source does not print


def test_arithmetic_that_fails_on_a_doubtful_value_is_a_warning_not_an_error() -> None:
    from ogi.check import check
    from ogi.extract import extract
    from ogi.normalize import normalize_document

    printed = ["10", "1", "0", "0", "11", "0", "0", "0", "0", "0", "5", "0", "0", "0", "5"]
    seen: list[str | None] = list(printed)
    seen[1] = "7"  # a 1 misread as 7, the OCR unsure of it
    doc = t4_page(seen, 0.99)
    for ln in doc.lines:
        for c in ln.cells:
            if c.text == "7":
                c.confidence = 0.4
    normalize_document(doc)
    findings = check(doc, extract(doc))
    t4 = [f for f in findings if f.rule == "t4.sum"]
    assert len(t4) == 1 and t4[0].severity == "warning" and "可能源于识别" in t4[0].message
    assert t4[0].values["doubt"] == {"t4.review.corrected": "ocr"}
    assert any(f.rule == "cells.uncertain" and f.keys == ["t4.review.corrected"] for f in findings)
    # the same sum failing on values read with confidence is the source's error
    doc = t4_page(seen, 0.99)
    normalize_document(doc)
    t4 = [f for f in check(doc, extract(doc)) if f.rule == "t4.sum"]
    assert len(t4) == 1 and t4[0].severity == "error"


def _t4_findings(seen: list[str | None], unsure: set[int]) -> list:
    from ogi.check import check
    from ogi.extract import extract
    from ogi.normalize import normalize_document

    doc = t4_page(seen, 0.99)
    k = 0
    for ln in doc.lines:
        for c in ln.cells:
            if c.confidence is not None and c.text[:1].isdigit():
                if k in unsure:
                    c.confidence = 0.4
                k += 1
    normalize_document(doc)
    return check(doc, extract(doc))


def test_a_sum_confirms_a_doubtful_value_only_when_it_is_the_one_in_doubt() -> None:
    printed = ["1", "0", "0", "0", "1", "0", "0", "0", "0", "0", "5", "0", "0", "0", "5"]
    # one value read unsure, the others sure: the sum pins it, no doubt is left to say
    found = _t4_findings(printed, {0})
    assert not [f for f in found if f.rule == "cells.uncertain"]
    # a 1 lost from the total and from one of its parts (both read 0, unsure): the sum still holds,
    # but it cannot tell either value; both stay in doubt
    seen: list[str | None] = list(printed)
    seen[0] = seen[4] = "0"
    found = _t4_findings(seen, {0, 4})
    doubt = {k for f in found if f.rule == "cells.uncertain" for k in f.keys}
    assert doubt == {"t4.review.upheld", "t4.review.total"}
    assert not [f for f in found if f.rule.startswith("t4.")]  # the sum holds: no finding on it


def test_a_row_showing_fewer_values_is_read_by_its_total_rule_and_stays_in_doubt() -> None:
    rep = generate(5, tid="2021", scale=5)
    lines = []
    for row in T3.rows:
        n = rep.cells[f"t3.{row.key}.natural"]
        lines.append(f"{label(row)} {n} {n}")  # only 自然人 and 总计 printed; blanks dropped by the extractor
        for c in T3.columns[1:-1]:
            rep.cells[f"t3.{row.key}.{c.key}"] = 0
        rep.cells[f"t3.{row.key}.total"] = n
    r = ogi.read(t3_text(rep, lines))
    assert {k: r.cells[k] for k in rep.cells if k.startswith("t3.")} == {
        k: v for k, v in rep.cells.items() if k.startswith("t3.")
    }
    assert not errors(r)
    assert any(f.rule == "cells.uncertain" and f.values.get("doubt") == "count" for f in r.findings)


@pytest.mark.parametrize("seed", [1, 3, 6, 14])  # seeds whose rows leave values unread (others fill them in doubt)
def test_values_a_row_does_not_show_are_doubt_not_missing(seed: int) -> None:
    """A row showing fewer values than its columns, with nothing to tell which are left out (PDF text
    drops empty cells; which ones cannot be known): the ones not shown are unread, said as doubt
    (cells.uncertain, ``short``), never cells.missing — an error of the source the reading cannot
    know of."""
    rep = generate(seed, tid="2021", scale=20)
    rng = random.Random(seed)
    short = set(rng.sample(range(2, 20), 3))
    lines = []
    for i, row in enumerate(T3.rows):
        vals = values(rep, row).split()
        if i in short:
            del vals[rng.randrange(1, 5)]  # a value in the middle lost, the others' columns unknown
        lines.append(f"{label(row)} {' '.join(vals)}")
    r = ogi.read(t3_text(rep, lines))
    assert not errors(r)
    assert not any(f.rule == "cells.missing" for f in r.findings)
    doubted = {k for f in r.findings if f.rule == "cells.uncertain" for k in f.keys}
    wrong = {k for k, v in r.cells.items() if v != rep.cells[k]}
    assert wrong <= doubted  # a value not read right is one said to be in doubt
    unread = {k for k, v in r.cells.items() if v is None}
    assert unread and unread <= {k for f in r.findings if f.values.get("doubt") == "short" for k in f.keys}


def test_a_table_flattened_one_cell_per_line_reads_as_its_rows() -> None:
    """pdftotext's text of a PDF without -layout: every cell on a line of its own, a value's note on
    the line after it, a blank row's label wrapped over two lines with nothing after it."""
    rep = generate(11, tid="2021", scale=20)
    rep.layout.texts["t2.normative.issued"] = f"{rep.cells['t2.normative.issued']}\n（含修订1件）"
    text = print_report(rep, "lines")
    r = ogi.read(text)
    assert r.cells == rep.cells
    assert not errors(r)
    lines = []
    for row in T3.rows:  # table 3 as pdftext, one row left blank with its label wrapped
        if row.key == "denied.process":
            for c in T3.columns:
                rep.cells[f"t3.{row.key}.{c.key}"] = 0
            lines += ["(三)不予公开6.属于四类过程性信", "息"]
        else:
            lines.append(f"{label(row)} {values(rep, row)}")
    r = ogi.read(t3_text(rep, lines))
    assert {k: r.cells[k] for k in r.cells if k.startswith("t3.") and ".process." in k} == {
        k: 0 for k in r.cells if k.startswith("t3.") and ".process." in k
    }
    assert "cells.missing" not in {f.rule for f in r.findings}
    assert any(f.rule == "cells.blank" and "t3.denied.process.total" in f.keys for f in r.findings)


def test_a_count_printed_with_a_decimal_point_is_thousands_and_in_doubt() -> None:
    rep = generate(7, tid="2021", scale=200)
    delta = 1229 - rep.cells["t3.granted.natural"]
    for k in ("granted", "new", "total"):
        rep.cells[f"t3.{k}.natural"] += delta
        rep.cells[f"t3.{k}.total"] += delta
    text = print_report(rep, "pipe")
    assert " 1229 " in text
    r = ogi.read(text.replace(" 1229 ", " 1.229 ", 1))
    assert r.cells["t3.granted.natural"] == 1229
    f = next(f for f in r.findings if f.rule == "cells.uncertain")
    assert "千位分隔符" in f.message and f.values["doubt"] == "thousands"


def test_notes_in_and_around_a_table_are_not_values() -> None:
    rep = generate(2, tid="2021", scale=20)
    text = print_report(rep, "pipe")
    n = rep.cells["t2.normative.issued"]
    text = text.replace(f"行政规范性文件 | {n} |", f"行政规范性文件 | {n}（其中修订3件） |")
    heading = "三、收到和处理政府信息公开申请情况"
    text = text.replace(heading, "注：本表规范性文件含修订3件。\n单位：件\n" + heading)
    r = ogi.read(text)
    assert r.cells == rep.cells and not errors(r)


@pytest.mark.parametrize("mark", ["注1", "①", "[2]", "［2］", "*", "※"])
def test_a_footnotes_mark_after_a_value_is_not_part_of_it(mark: str) -> None:
    # a superscript in Word or on a page (76<sup>注1</sup>) flattened into the cell's text
    rep = generate(5, tid="2021", scale=20)
    text = print_report(rep, "pipe")
    n = rep.cells["t3.new.total"]
    row = "一、本年新收政府信息公开申请数量 | "
    at = text.index(row)
    end = text.index("\n", at)
    cells = text[at:end].split(" | ")
    assert cells[-1] == f"{n} |"
    cells[-1] = f"{n}{mark} |"
    text = text[:at] + " | ".join(cells) + text[end:]
    r = ogi.read(
        text.replace("四、政府信息公开行政复议", f"{mark}含通过政务服务网提交的申请。\n四、政府信息公开行政复议")
    )
    assert r.cells == rep.cells and not errors(r)


def test_a_number_after_a_word_is_no_footnotes_mark() -> None:
    from ogi.extract.tokens import TEXT, parse_value

    assert parse_value("1.属于国家秘密")[0] == TEXT and parse_value("第2号")[0] == TEXT


# ------------------------------------------------------------------ page geometry

EDGES = [60.0 + 30.0 * k for k in range(16)]  # table 4: fifteen ruled spaces


def t4_page(texts: list[str | None], conf: float | None) -> Document:
    """Table 4 on a page: its header and one ruled row of values (None: nothing printed there)."""
    words = [Word("行政复议", 60, 100, 200, 110), Word("行政诉讼", 220, 100, 400, 110)]
    heads = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3
    words += [Word(h, EDGES[k] + 2, 120, EDGES[k + 1] - 2, 130) for k, h in enumerate(heads)]
    for k, t in enumerate(texts):
        if t is not None:
            x = EDGES[k] + 10
            words.append(Word(t, x, 150, x + 6 * len(t), 160, conf))
    rulings = [Ruling(x, 95, 165) for x in EDGES]
    doc = Document(Source(None, "pdf"))
    doc.lines = page_lines(PageLayout(1, words, rulings, height=842.0))
    return doc


@pytest.mark.parametrize(("conf", "first"), [(None, None), (0.99, None), (0.99, "")])
def test_a_lost_value_moves_no_other_one(conf: float | None, first: str | None) -> None:
    printed = ["10", "1", "0", "0", "11", "0", "0", "0", "0", "0", "5", "0", "0", "0", "5"]
    seen: list[str | None] = list(printed)
    # the first value not read: nothing there (a text layer's empty cell; an image's cell without
    # ink), or, from an image, ink the OCR could not read (marked: a word of no text, confidence 0)
    seen[0] = first
    doc = t4_page(seen, conf)
    if first == "":
        for ln in doc.lines:
            for c in ln.cells:
                if c.text == "":
                    c.confidence = 0.0
    r = read_tables(doc, template("2021"), {"t4": (0, len(doc.lines))})
    keys = [k for k in template("2021").keys if k.startswith("t4.")]
    assert [r.cells[k] for k in keys[1:]] == [int(v) for v in printed[1:]]
    if first is None:  # nothing printed where the source shows everything (text, a ruled scan): blank
        assert r.cells[keys[0]] == 0 and keys[0] in r.blanks
    else:  # ink that did not read: unread, in doubt, never a value moved from its neighbour
        assert r.cells[keys[0]] is None and r.doubts[keys[0]] == "unread"


def test_glyphs_the_ocr_could_not_read_in_a_ruled_row_move_no_value() -> None:
    printed = ["0", "6", "0", "0", "6", "6", "6", "0", "0", "12", "0", "0", "5", "6", "11"]
    seen: list[str | None] = list(printed)
    seen[3] = "0.＇:"  # a 0 with specks, read as a run of glyphs that is no number
    seen[12] = None  # a 5 the OCR did not see at all
    doc = t4_page(seen, 0.99)
    stain_at = EDGES[7] + 24  # a stain beside the 0 of the eighth space, read as a word of its own
    for ln in doc.lines:
        for c in ln.cells:
            if c.text == "0.＇:":
                c.confidence = 0.29
        if any(c.text == "12" for c in ln.cells):
            w = ln.cells[0].where
            ln.cells.insert(8, Cell("..", Where(page=w.page, bbox=(stain_at, 150, stain_at + 4, 160), col=7), 0.48))
            # and ink beside the last value that read as nothing (an unread mark in a column it holds)
            end = EDGES[14] + 22
            ln.cells.append(Cell("", Where(page=w.page, bbox=(end, 150, end + 3, 160), col=14), 0.0))
    r = read_tables(doc, template("2021"), {"t4": (0, len(doc.lines))})
    keys = [k for k in template("2021").keys if k.startswith("t4.")]
    got = [r.cells[k] for k in keys]
    sure = [k for k in range(15) if k not in (3, 12)]
    assert [got[k] for k in sure] == [int(printed[k]) for k in sure]  # every value in its own column
    assert got[3] is None and r.doubts[keys[3]] == "unread"  # the glyphs: a value not read, in doubt


def test_a_table_printed_with_every_cell_blank_is_zeros() -> None:
    doc = t4_page([None] * 15, None)
    r = read_tables(doc, template("2021"), {"t4": (0, len(doc.lines))})
    keys = [k for k in template("2021").keys if k.startswith("t4.")]
    assert all(r.cells[k] == 0 for k in keys) and set(r.blanks) == set(keys)


def test_grid_blank_row_is_zeros_with_its_label() -> None:
    w = Where(table=0, row=0)
    doc = Document(Source(None, "html"))
    doc.lines = [
        Line([Cell("信息内容", w), Cell("本年制发件数", w), Cell("本年废止件数", w), Cell("现行有效件数", w)], grid=0),
        Line([Cell("规章", w), Cell("", w), Cell("—", w), Cell("/", w)], grid=0),
        Line([Cell("行政规范性文件", w), Cell("3", w), Cell("0", w), Cell("12", w)], grid=0),
    ]
    r = read_tables(doc, template("2021"), {"t2": (0, 3)})
    assert [r.cells[f"t2.rules.{c}"] for c in ("issued", "repealed", "in_force")] == [0, 0, 0]
    assert {"t2.rules.issued", "t2.rules.repealed", "t2.rules.in_force"} <= set(r.blanks)
    assert r.cells["t2.normative.in_force"] == 12


def test_section_headings_numbered_otherwise_or_without_numerals() -> None:
    rep = generate(9, tid="2021", scale=5)
    text = print_report(rep, "pipe")
    text = text.replace("一、总体情况", "一、总体情况\n二、工作机制保障\n本机关建立健全工作机制。")
    text = text.replace("二、主动公开政府信息情况", "、主动公开政府信息情况")  # numeral lost (OCR)
    text = text.replace("三、收到和处理政府信息公开申请情况", "二、收到和处理政府信息公开申请情况")
    r = ogi.read(text)
    assert r.cells == rep.cells
    assert not [f for f in r.findings if f.rule == "section.missing"]
    assert r.sections["二"] is not None and "第二十条" in r.sections["二"]


@pytest.mark.parametrize("mark", ["🔹", "● ", "▶", "📌 ", "\u2022"])
def test_section_headings_marked_with_a_bullet(mark: str) -> None:
    # a WeChat article's headings: 🔹一、总体情况
    rep = generate(9, tid="2021", scale=5)
    rep.layout.bullet = mark
    r = ogi.read(print_report(rep, "pipe"))
    assert r.cells == rep.cells
    assert not [f for f in r.findings if f.rule == "section.missing"]


def test_a_row_not_found_in_a_report_read_from_images_is_doubt() -> None:
    """A report read by OCR whose row of table 3 was not found: the OCR may have lost it, so the
    reading says so (cells.uncertain, ``unfound``, with what the equations give), not cells.missing;
    the same text read as text says cells.missing, an error of the source."""
    from ogi.ingest import ingest_str
    from ogi.pipeline import read_document

    rep = generate(4, tid="2021", scale=20)
    lines = [f"{label(row)} {values(rep, row)}" for row in T3.rows if row.key != "denied.internal"]
    text = t3_text(rep, lines)
    as_text = ogi.read(text)
    assert "cells.missing" in errors(as_text)
    doc = ingest_str(text)
    for ln in doc.lines:
        for c in ln.cells:
            c.confidence = 0.99
    r = read_document(doc)
    assert not errors(r)
    said = [f for f in r.findings if f.rule == "cells.uncertain" and f.values.get("doubt") == "unfound"]
    assert {k for f in said for k in f.keys} == {f"t3.denied.internal.{c.key}" for c in T3.columns}
    assert any(f.values.get("inferred") for f in said)  # the row's values as the equations give them


def _layout(rep: object, blanks: dict[str, set[str]], drift: dict[str, int]) -> str:
    """Table 3 as pdftotext -layout gives it: labels, then values in columns of spaces (an empty cell
    is spaces), each line's columns shifted by ``drift`` characters (Chinese characters placed
    approximately)."""
    lines = []
    for row in T3.rows:
        vals = "".join(
            "  " + ("" if c.key in blanks.get(row.key, ()) else str(rep.cells[f"t3.{row.key}.{c.key}"])).rjust(6)  # type: ignore[attr-defined]
            for c in T3.columns
        )
        lines.append((label(row).ljust(34 + drift.get(row.key, 0)) + vals).rstrip())
    return t3_text(rep, lines)


def test_text_laid_out_with_spaces_keeps_an_empty_cells_column() -> None:
    """A value beside an empty cell in text laid out with spaces (pdftotext -layout) stays in the
    column it stands in, by the columns' spacing, though each line's columns drift with its label; an
    empty cell inside the row leaves one placement and no doubt, an empty first cell of evenly spaced
    columns two (the nearer taken, said as doubt, and confirmed by the table's sums)."""
    rep = generate(21, tid="2021", scale=200)
    for row in ("granted", "denied.secret"):
        for c in ("corp", "natural"):
            rep.cells[f"t3.{row}.{c}"] = 0  # printed empty below
    from ogi.samples.variants.kinds import rebalance

    rebalance(rep)  # type: ignore[arg-type]
    blanks = {"granted": {"corp"}, "denied.secret": {"natural"}}
    r = ogi.read(_layout(rep, blanks, {"granted": 2, "partial": -1, "denied.secret": 1}))
    assert {k: v for k, v in r.cells.items() if k.startswith("t3.")} == {
        k: v for k, v in rep.cells.items() if k.startswith("t3.")
    }
    assert not errors(r)
    assert r.provenance["t3.granted.total"].chars is not None
    blank = {k for f in r.findings if f.rule == "cells.blank" for k in f.keys}
    assert {"t3.granted.corp", "t3.denied.secret.natural"} <= blank


def test_a_borderless_pdf_table_keeps_its_columns_from_its_headings_and_a_rows_values_at_a_page_top() -> None:
    """A PDF table without rulings (a web page printed): table 2's rows, none showing every column,
    take the columns' places from the headings above them; values of a row at the top of a page,
    apart by more than a line's height, are that row's, not a page number (a lone 3 there is one)."""
    from ogi.check import check
    from ogi.extract import extract
    from ogi.normalize import normalize_document

    heads = ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    xs = [58, 143, 216, 289]
    words = [Word("第二十条第(一)项", 58, 457, 157, 468)]
    words += [Word(h, x, 490, x + 66, 501) for h, x in zip(heads, xs, strict=True)]
    words += [Word("规章", 58, 522, 80, 533), Word("221", 330, 521, 341, 532)]  # 现行有效 only
    words += [
        Word("行政规范性文件", 58, 555, 135, 566),
        Word("986", 180, 554, 191, 565),
        Word("517", 330, 554, 341, 565),
    ]
    words += [Word("3", 290, 820, 296, 830)]  # the page's number
    doc = Document(Source(None, "pdf"))
    doc.lines = page_lines(PageLayout(1, words, height=842.0))
    assert "3" not in [c.text for ln in doc.lines for c in ln.cells]
    normalize_document(doc)
    ex = extract(doc)
    got = {k: v for k, v in ex.tables.cells.items() if k.startswith(("t2.rules.", "t2.normative."))}
    assert got == {
        "t2.rules.issued": 0,
        "t2.rules.repealed": 0,
        "t2.rules.in_force": 221,
        "t2.normative.issued": 986,
        "t2.normative.repealed": 0,
        "t2.normative.in_force": 517,
    }
    assert not [f for f in check(doc, ex) if f.severity == "error" and f.rule.startswith("t2")]
    top = [Word("1", 510, 38, 517, 49), Word("1", 538, 38, 545, 49)]  # a row's values at a page's top
    lines = page_lines(PageLayout(2, top, height=842.0))
    assert [c.text for ln in lines for c in ln.cells] == ["1", "1"]


@pytest.mark.parametrize("seed", range(4))
def test_a_flattened_table_out_of_order_is_doubt_never_an_error(seed: int) -> None:
    """Plain pdftotext of a PDF whose table it reads in blocks of columns: each cell on a line of
    its own, but out of the table's order. Read in order, its values land in wrong rows; the
    reading must say so (cells.uncertain), never accuse the source (no error), and a clean flattened
    table says nothing."""
    rep = generate(30 + seed, tid="2021", scale=20)
    text = print_report(rep, "lines")
    clean = ogi.read(text)
    assert clean.cells == rep.cells
    assert not [f for f in clean.findings if f.severity in ("error", "warning") and f.rule != "cells.blank"]
    lines = text.split("\n")
    a = lines.index("一、本年新收政府信息公开申请数量")
    b = lines.index("四、结转下年度继续办理")
    rng = random.Random(seed)
    body = lines[a:b]
    cut = sorted(rng.sample(range(len(body)), 2))
    body = body[cut[1] :] + body[: cut[0]] + body[cut[0] : cut[1]]  # blocks of the table moved about
    r = ogi.read("\n".join(lines[:a] + body + lines[b:]))
    assert not errors(r)
    doubted = {k for f in r.findings if f.rule == "cells.uncertain" for k in f.keys}
    assert {k for k, v in r.cells.items() if v != rep.cells[k] and k.startswith("t3.")} <= doubted


def test_a_change_written_with_a_word_for_its_sign() -> None:
    # 本年增/减 printed "减12" / "增3" (2019 format): -12 and 3, with no doubt
    rep = next(
        r
        for s in range(200)
        if (r := generate(s, tid="2019", scale=20)).cells["t2.licensing.change"] < 0
        and r.cells["t2.penalty.change"] > 0
    )
    down, up = int(rep.cells["t2.licensing.change"]), int(rep.cells["t2.penalty.change"])
    rep.layout.texts.update({"t2.licensing.change": f"减{-down}", "t2.penalty.change": f"增{up}"})
    r = ogi.read(print_report(rep, "pipe"))
    assert (r.cells["t2.licensing.change"], r.cells["t2.penalty.change"]) == (down, up)
    assert not [f for f in r.findings if f.severity in ("error", "warning")], [f.message for f in r.findings]


@pytest.mark.parametrize("order", T3_ORDERS)
@pytest.mark.parametrize("style", [*STYLES, "html", "docx"])
def test_columns_in_the_order_their_headings_print_them(style: str, order: tuple[str, ...]) -> None:
    # table 3's columns printed in another order (总计 first, 法人或其他组织 first …): each value is its
    # heading's. Text one cell per line tells the order only by its lines' order (a page's top to
    # bottom may come first there): a guess, in doubt, unless it moves 总计 and the rows' sums hold.
    from ogi.samples.docx import render_docx
    from ogi.samples.html import render_html

    rep = generate(5, tid="2021", scale=20)
    rep.layout.order = order
    data: str | bytes = {"html": render_html, "docx": render_docx}.get(style, lambda r: print_report(r, style))(rep)
    r = ogi.read(data)
    wrong = {k: (r.cells.get(k), v) for k, v in rep.cells.items() if k.startswith("t3.") and r.cells.get(k) != v}
    assert not wrong
    assert not [f for f in r.findings if f.severity == "error"]
    doubts = {f.values.get("doubt") for f in r.findings if f.rule == "cells.uncertain"}
    guessed = style in ("lines", "cells") and order.index("total") == len(order) - 1
    assert doubts == ({"heading"} if guessed else set())


@pytest.mark.parametrize("tid", ["2021", "2019"])
def test_no_rows_sign_stands_in_another_rows_label(tid: str) -> None:
    # a sign is what names its row in a label cut anywhere: one standing in another row's label
    # (无正当理由 is (六)1's and (五)4's) names two rows, and the reader falls back on row order
    from ogi.normalize import label_key

    for table in template(tid).tables:
        rows = [*table.rows, *table.deviations]
        for row in rows:
            for sign in row.signs:
                if sign.startswith("$"):
                    continue
                also = [o.key for o in rows if o is not row and sign in label_key(f"{o.group or ''}{o.label}")]
                assert not also, (table.id, row.key, sign, also)


def test_numbers_wrapped_in_text_laid_out_with_spaces() -> None:
    # pdftotext -layout of a table whose cells are too narrow: "16" on the row's line, "1" under it
    # on the next line (with a wrapped label's end): 161, said as doubt until the sums confirm it
    import re

    rep = next(r for s in range(300) if (r := generate(s, tid="2021", scale=200)).cells["t3.new.natural"] >= 100)
    lines = print_report(rep, "layout").split("\n")
    i = next(k for k, ln in enumerate(lines) if ln.startswith("一、本年新收"))
    nums = list(re.finditer(r"\d+", lines[i]))
    cont = [" "] * len(lines[i])
    row = list(lines[i])
    for m in nums:
        if len(m.group()) >= 3:  # each number of three digits or more wraps after two
            row[m.start() + 2 : m.end()] = " " * (m.end() - m.start() - 2)
            cont[m.start() : m.start() + len(m.group()) - 2] = m.group()[2:]
    lines[i : i + 1] = ["".join(row), "".join(cont).rstrip()]
    r = ogi.read("\n".join(lines))
    wrong = {k: (r.cells.get(k), v) for k, v in rep.cells.items() if r.cells.get(k) != v}
    assert not wrong
    assert not [f for f in r.findings if f.severity == "error"]


@pytest.mark.parametrize("minus", ["－", "−", "﹣"])
def test_a_change_printed_with_another_minus(minus: str) -> None:
    # 本年增/减 "－2" (full-width, typeset or small minus): -2, and the row's other values their own
    rep = next(r for s in range(200) if (r := generate(s, tid="2019", scale=20)).cells["t2.licensing.change"] < 0)
    down = int(rep.cells["t2.licensing.change"])
    rep.layout.texts["t2.licensing.change"] = f"{minus}{-down}"
    r = ogi.read(print_report(rep, "pipe"))
    assert {k: r.cells[k] for k in rep.cells if k.startswith("t2.")} == {
        k: v for k, v in rep.cells.items() if k.startswith("t2.")
    }


def test_table_4_groups_as_rows_beside_a_merged_labels_empty_cell() -> None:
    # tab text copied from a Word table 4 printed with a row per group: 行政复议's label spans two
    # columns and leaves an empty cell before its values — not a value, nothing moves
    rep = generate(7, tid="2021", scale=20)
    text = print_report(rep, "tabs")
    a, b = text.index("四、政府信息公开行政复议"), text.index("五、存在的主要问题")
    t4 = rep.template.table("t4")

    def vals(row: str) -> str:
        return "\t".join(str(rep.cells[f"t4.{row}.{c.key}"]) for c in t4.columns)

    rows = [
        "四、政府信息公开行政复议、行政诉讼情况",
        "类别\t\t" + "\t".join(c.label for c in t4.columns),
        "行政复议\t\t" + vals("review"),
        "行政诉讼\t未经复议直接起诉\t" + vals("suit_direct"),
        "\t复议后起诉\t" + vals("suit_after_review"),
        "",
    ]
    r = ogi.read(text[:a] + "\n".join(rows) + text[b:])
    assert {k: r.cells[k] for k in rep.cells if k.startswith("t4.")} == {
        k: v for k, v in rep.cells.items() if k.startswith("t4.")
    }
    assert not [f for f in r.findings if f.severity == "error"]


def _wrapped_new_row(rep: object) -> str:
    """The report as pdfplumber's text, the numbers of three digits or more of table 3's 本年新收 row
    wrapped after two digits, the rest of each on the next line in order ("483 … 629" / "9 7")."""
    lines = print_report(rep, "pdftext").split("\n")  # type: ignore[arg-type]
    i = next(k for k, ln in enumerate(lines) if ln.startswith("一、本年新收"))
    words, rest = lines[i].split(" "), []
    for j, w in enumerate(words):
        if w.isdigit() and len(w) >= 3:
            words[j] = w[:2]
            rest.append(w[2:])
    lines[i : i + 1] = [" ".join(words), " ".join(rest)]
    return "\n".join(lines)


def test_numbers_wrapped_in_text_without_positions() -> None:
    # pdfplumber's text of narrow cells: "483 … 629" on the row's line, "9 7" on the next: the row's
    # total is its sum only with those digits joined to the numbers they continue (in doubt)
    rep = next(
        r
        for s in range(300)
        if (r := generate(s, tid="2021", scale=200)).cells["t3.new.natural"] >= 100 and r.cells["t3.new.corp"] < 10
    )
    r = ogi.read(_wrapped_new_row(rep))
    wrong = {k: (r.cells.get(k), v) for k, v in rep.cells.items() if r.cells.get(k) != v}
    assert not wrong
    assert not [f for f in r.findings if f.severity == "error"]


@pytest.mark.parametrize("fmt", ["tabs", "pipe"])
def test_table_4_printed_turned(fmt: str) -> None:
    # table 4 with a row per heading (结果维持 … 总计) and a column per group (复议, 直接起诉, 复议后起诉)
    rep = generate(7, tid="2021", scale=20)
    text = print_report(rep, "tabs")
    a, b = text.index("四、政府信息公开行政复议"), text.index("五、存在的主要问题")
    t4 = rep.template.table("t4")
    sep = "\t" if fmt == "tabs" else " | "
    rows = [
        "四、政府信息公开行政复议、行政诉讼情况",
        sep.join(["", "行政复议", "行政诉讼"]),
        sep.join(["", "", "未经复议直接起诉", "复议后起诉"]),
    ]
    for c in t4.columns:
        rows.append(sep.join([c.label, *(str(rep.cells[f"t4.{r.key}.{c.key}"]) for r in t4.rows)]))
    if fmt == "pipe":
        rows[1:] = [f"| {r} |" for r in rows[1:]]
    r = ogi.read(text[:a] + "\n".join(rows) + "\n" + text[b:])
    assert {k: r.cells[k] for k in rep.cells if k.startswith("t4.")} == {
        k: v for k, v in rep.cells.items() if k.startswith("t4.")
    }
    assert not [f for f in r.findings if f.severity == "error"]


def test_table_4_groups_as_rows_after_a_sentence_with_figures() -> None:
    # pdftotext -layout of a borderless table 4 a row per group, a sentence's figures above it
    rep = generate(7, tid="2021", scale=20)
    text = print_report(rep, "layout")
    a, b = text.index("四、政府信息公开行政复议"), text.index("五、存在的主要问题")
    t4 = rep.template.table("t4")
    review, direct = rep.cells["t4.review.total"], rep.cells["t4.suit_direct.total"]

    def vals(row: str) -> str:
        return "     ".join(str(rep.cells[f"t4.{row}.{c.key}"]) for c in t4.columns)

    rows = [
        "四、政府信息公开行政复议、行政诉讼情况",
        f"本年度发生政府信息公开行政复议 {review} 件，行政诉讼 {direct} 件。",
        "          " + "    ".join(c.label for c in t4.columns),
        "      行政复议            " + vals("review"),
        "行政诉   未经复议直接起   " + vals("suit_direct"),
        " 讼       诉",
        "       复议后起诉         " + vals("suit_after_review"),
        "",
    ]
    r = ogi.read(text[:a] + "\n".join(rows) + "\n" + text[b:])
    got = {k: r.cells[k] for k in rep.cells if k.startswith("t4.")}
    assert got == {k: v for k, v in rep.cells.items() if k.startswith("t4.")}
    assert not [f for f in r.findings if f.severity == "error"]


def test_a_sign_word_apart_from_its_number() -> None:
    # laid-out text of 本年增/减 "减 12": -12, and the row's other values their own
    rep = next(r for s in range(200) if (r := generate(s, tid="2019", scale=20)).cells["t2.licensing.change"] < 0)
    down = int(rep.cells["t2.licensing.change"])
    rep.layout.texts["t2.licensing.change"] = f"减 {-down}"
    r = ogi.read(print_report(rep, "layout"))
    t2 = {k: v for k, v in rep.cells.items() if k.startswith("t2.")}
    assert {k: r.cells[k] for k in t2} == t2


def test_a_table_whose_values_stand_past_the_next_heading_is_in_doubt() -> None:
    # plain pdftotext of a PDF printed in blocks of columns: table 3's labels, then table 4's heading,
    # then table 3's values — table 3 is not read as blank zeros: every value wrong is in doubt
    rep = generate(3, tid="2021", scale=20)
    lines = print_report(rep, "lines").split("\n")
    a = next(i for i, ln in enumerate(lines) if ln.startswith("三、收到和处理"))
    b = next(i for i, ln in enumerate(lines) if ln.startswith("四、政府信息公开行政复议"))
    values = [ln for ln in lines[a:b] if ln.strip().isdigit()]
    lines = [*lines[:a], *[ln for ln in lines[a:b] if not ln.strip().isdigit()], lines[b], *values, *lines[b + 1 :]]
    r = ogi.read("\n".join(lines))
    doubt = {k for f in r.findings if f.rule == "cells.uncertain" for k in f.keys}
    silent = {k for k, v in rep.cells.items() if k.startswith("t3.") and r.cells.get(k) != v and k not in doubt}
    assert not silent
    assert not [f for f in r.findings if f.severity == "error"]


def test_digits_below_a_row_no_sum_places_leave_its_numbers_in_doubt() -> None:
    # wrapped digits in text without positions on a row whose total is wrong as printed: no choice
    # makes the sum hold, so nothing is joined — and the row's long numbers are not taken as sure
    rep = next(r for s in range(300) if (r := generate(s, tid="2021", scale=200)).cells["t3.new.natural"] >= 100)
    rep.cells["t3.new.total"] += 1  # the source's own error
    r = ogi.read(_wrapped_new_row(rep))
    doubt = {k for f in r.findings if f.rule == "cells.uncertain" for k in f.keys}
    assert "t3.new.natural" in doubt
    assert not [f for f in r.findings if f.severity == "error" and "t3.new.natural" in f.keys]


@pytest.mark.parametrize("style", ["layout", "pdftext"])
def test_a_number_wrapped_in_table_2(style: str) -> None:
    # table 2 has no sums: laid out, "13" over "7" is joined by position (in doubt); without
    # positions it cannot be placed, and the row's long number is in doubt — never silently 13
    import re

    rep = next(r for s in range(300) if (r := generate(s, tid="2021", scale=20)).cells["t2.normative.in_force"] >= 100)
    lines = print_report(rep, style).split("\n")
    i = next(k for k, ln in enumerate(lines) if ln.startswith("行政规范性文件"))
    m = list(re.finditer(r"\d+", lines[i]))[-1]
    assert m.group() == str(rep.cells["t2.normative.in_force"])
    below = " " * m.start() + m.group()[2:] if style == "layout" else m.group()[2:]
    lines[i : i + 1] = [lines[i][: m.start() + 2] + lines[i][m.end() :], below]
    r = ogi.read("\n".join(lines))
    doubt = {k for f in r.findings if f.rule == "cells.uncertain" for k in f.keys}
    key = "t2.normative.in_force"
    assert r.cells[key] == rep.cells[key] or key in doubt
    assert key in doubt  # a join by position alone, or no join: either way said


def test_two_columns_headings_read_as_one_word_stand_each_over_its_part() -> None:
    # OCR reads the headings of two narrow cells as one word (自然人总计, across the ruling between them):
    # each heading stands over its characters' part of the word
    from ogi.extract.tables import _headings, _pos
    from ogi.extract.tokens import TEXT, Token

    word = Token(TEXT, "自然人总计", None, None, Cell("自然人总计", Where(page=1, bbox=(100.0, 10.0, 150.0, 20.0))), 1)
    other = Token(TEXT, "商业企业", None, None, Cell("商业企业", Where(page=1, bbox=(160.0, 10.0, 200.0, 20.0))), 1)
    heads = {k: _pos(t) for k, t in _headings([word, other], ["自然人", "商业企业", "总计"])}
    assert heads == {"自然人": 115.0, "总计": 140.0, "商业企业": 180.0}


def test_the_sums_tell_a_total_printed_first_where_the_headings_do_not() -> None:
    # table 3 with 总计 printed first and its headings broken past reading (PDF text): every row's sum
    # holds with the total first and not in the template's order
    rep = generate(31, tid="2021", scale=20)
    rep.layout.order = ("total", "natural", "corp", "research", "ngo", "legal", "other")
    text = print_report(rep, "pipe")
    text = text.replace("总计 | 自然人 | 法人或其他组织 |", "总 | 自 | 法人或 |")
    r = ogi.read(text)
    assert {k: r.cells[k] for k in rep.cells if k.startswith("t3.")} == {
        k: v for k, v in rep.cells.items() if k.startswith("t3.")
    }
    assert not [f for f in r.findings if f.severity == "error"]


def test_pipe_rows_without_their_outer_pipes() -> None:
    rep = generate(32, tid="2021", scale=20)
    lines = [ln.removesuffix(" |") for ln in print_report(rep, "pipe").split("\n")]
    r = ogi.read("\n".join(lines))
    assert r.cells == rep.cells
    assert not [f for f in r.findings if f.severity == "error"]


@pytest.mark.parametrize("style", ["html", "docx", "pipe", "tabs"])
def test_a_column_of_its_own_among_columns_in_another_order(style: str) -> None:
    # 小计 after 法人或其他组织's columns, and 总计 or the group printed first
    from ogi.samples.docx import render_docx
    from ogi.samples.html import render_html

    for order in T3_ORDERS[:2]:
        rep = generate(33, tid="2021", scale=20)
        rep.layout.order, rep.layout.extra = order, "小计"
        data = {"html": render_html, "docx": render_docx}.get(style, lambda r: print_report(r, style))(rep)
        r = ogi.read(data)
        assert {k: r.cells[k] for k in rep.cells} == rep.cells, order
        assert not [f for f in r.findings if f.severity == "error"]


def test_a_row_out_of_order_among_rows_whose_labels_went_unread() -> None:
    # 四、结转下年度 printed before (一)予以公开, and two rows' labels lost (PDF text): the moved row by
    # its label, the rest in the table's order
    rep = generate(34, tid="2021", scale=20)
    t3 = rep.template.table("t3")
    rows = list(t3.rows)
    moved = next(r for r in rows if r.key == "carried_out")
    rows.remove(moved)
    rows.insert(next(i for i, r in enumerate(rows) if r.key == "granted"), moved)
    rep.layout.rows["t3"] = tuple(rows)
    for key in ("denied.law", "unable.need_create"):
        rep.layout.labels[f"t3.{key}"] = "—"
    r = ogi.read(print_report(rep, "pipe"))
    wrong = {k: (r.cells[k], v) for k, v in rep.cells.items() if k.startswith("t3.") and r.cells[k] != v}
    assert not wrong
    assert not [f for f in r.findings if f.severity == "error"]


def test_units_and_signs_in_value_cells() -> None:
    from ogi.extract.tokens import VALUE, _classify, parse_value

    assert parse_value("（件）2963")[:2] == (VALUE, 2963) and parse_value("件2963")[:2] == (VALUE, 2963)
    assert parse_value("(万元)331.93")[:3] == (VALUE, 331.93, "万元")
    assert parse_value("5起")[:3] == (VALUE, 5, "起")
    # a number in brackets in a grid's cell, not a word of prose: the number, kept a float, its column telling what
    # the brackets say — below zero in a change's (an accounting format), the number in a count's, in doubt
    # (tables: _Reader.value; tests/extract/test_numbers_printed.py)
    assert _classify("(3)", False)[:3] == (VALUE, "3", 3.0)
    assert _classify("(3)", True)[0] != VALUE


def test_headings_read_in_part_on_a_page_are_no_table_of_fewer_columns() -> None:
    # table 3 on a page whose headings were read only in part (the others set vertically, broken):
    # 自然人 and 总计 alone. A ruled row of the whole table's width, values under those two, the other
    # ruled cells empty: blanks (0), not a table printing two columns whose others are missing.
    edges = [40.0, 160.0, *(200.0 + 40.0 * k for k in range(8))]  # a label, then seven value columns
    words = [Word("申请人情况", 300, 80, 360, 90), Word("自然人", 205, 100, 235, 110), Word("总计", 485, 100, 515, 110)]
    words += [
        Word("5.属于三类内部事务信息", 42, 150, 158, 160),
        Word("1", 218, 150, 224, 160),
        Word("1", 498, 150, 504, 160),
    ]
    rulings = [Ruling(x, 75, 165) for x in edges]
    doc = Document(Source(None, "pdf"))
    doc.lines = page_lines(PageLayout(1, words, rulings, height=842.0))
    r = read_tables(doc, template("2021"), {"t3": (0, len(doc.lines))})
    row = [r.cells[f"t3.denied.internal.{c.key}"] for c in template("2021").table("t3").columns]
    assert row == [1, 0, 0, 0, 0, 0, 1]


def test_table_3_cut_by_its_columns_in_text_reads_each_part_under_its_headings() -> None:
    from ogi.ingest.text import ingest_text

    text = (
        "| （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 申请人情况 | | | |\n"
        "| | 自然人 | 法人或其他组织 | | |\n"
        "| | | 商业企业 | 科研机构 | 社会公益组织 |\n"
        "| 一、本年新收政府信息公开申请数量 | 54 | 5 | 1 | 1 |\n"
        "| 二、上年结转政府信息公开申请数量 | 6 | 0 | 1 | 1 |\n"
        "（续表）\n"
        "| （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 申请人情况 | | |\n"
        "| | 法人或其他组织 | | 总计 |\n"
        "| | 法律服务机构 | 其他 | |\n"
        "| 一、本年新收政府信息公开申请数量 | 2 | 3 | 66 |\n"
        "| 二、上年结转政府信息公开申请数量 | 0 | 1 | 9 |\n"
    )
    doc = ingest_text(text, Source(None, "text"))
    r = read_tables(doc, template("2021"), {"t3": (0, len(doc.lines))})
    cols = [c.key for c in template("2021").table("t3").columns]
    assert [r.cells[f"t3.new.{c}"] for c in cols] == [54, 5, 1, 1, 2, 3, 66]
    assert [r.cells[f"t3.carried_in.{c}"] for c in cols] == [6, 0, 1, 1, 0, 1, 9]


def test_layout_text_whose_headings_are_broken_is_no_part_table() -> None:
    """``pdftotext -layout`` of a table 3 whose headings stand in narrow columns (自然 / 人, 商业 / 企业: only
    其他 and 总计 whole) and whose 法人或其他组织 cells are empty: the two whole headings are no part table
    of two columns (the rows' two values were read as 其他 and 总计, silently, and the others missing as
    errors). Whatever is not read surely is doubt; no value is wrong without a finding, no error."""
    from ogi.samples import generate, print_report
    from ogi.samples.variants.kinds import rebalance

    rep = generate(21, tid="2021", scale=30)
    rep.layout.heads_broken = True
    for r in rep.template.table("t3").rows:
        for c in ("corp", "research", "ngo", "legal", "other"):
            rep.cells[f"t3.{r.key}.{c}"] = 0
            rep.layout.texts[f"t3.{r.key}.{c}"] = ""
    rebalance(rep)
    r = ogi.read(print_report(rep, "layout"))
    named = {k for f in r.findings if f.severity in ("error", "warning") for k in f.keys}
    wrong = {k for k, v in rep.cells.items() if r.cells.get(k) != v}
    assert not wrong - named
    assert not [f.message for f in r.findings if f.severity == "error"]


def test_a_label_cut_where_its_column_wraps_still_names_its_row() -> None:
    """-layout text wraps a long label in its column: the value line holds only its start
    (``(六)其他处理1.申请人无正当理``), which names (六)1 (its values were placed in the blank row above)."""
    from ogi.extract.tables import match_row
    from ogi.template import template

    t3 = template("2021").table("t3")
    row = match_row("(六)其他处理1.申请人无正当理", t3)
    assert row is not None and row.key == "other.no_correction"
    massive = match_row("(五)不予处理4.无正当理由大量反复申请", t3)
    assert massive is not None and massive.key == "rejected.massive"


def test_table_4_headings_interleaved_with_values_out_of_order_is_doubt() -> None:
    """pdftotext's default order of a landscape table 4: pieces of the headings (结果 / 维持) between the
    values, a group's values not in its columns' order (总计 before 其他结果). Read in order they break
    t4.sum: doubt on the rows (a warning), not an error blaming the source."""
    from ogi.samples import generate, print_report

    rep = generate(13, tid="2021", scale=30)
    c = rep.cells
    while c["t4.review.total"] == 0 or c["t4.review.upheld"] == c["t4.review.total"]:
        rep = generate(rep.seed + 1, tid="2021", scale=30)
        c = rep.cells
    text = print_report(rep, "lines")
    start = text.index("四、政府信息公开行政复议、行政诉讼情况")
    end = text.index("五、", start)
    g = ("review", "suit_direct", "suit_after_review")
    jumbled = ["四、政府信息公开行政复议、行政诉讼情况", "结果", "维持", "行政复议", "结果", "其他", "尚未", "纠正"]
    jumbled += ["结果", "审结", "总计"]
    jumbled += [str(c[f"t4.review.{k}"]) for k in ("upheld", "total", "corrected", "other", "pending")]
    for grp in g[1:]:
        jumbled += ["结果", "维持", str(c[f"t4.{grp}.upheld"]), "结果", "纠正", "其他", "尚未"]
        jumbled += [str(c[f"t4.{grp}.{k}"]) for k in ("corrected", "other", "pending")]
        jumbled += ["总计", str(c[f"t4.{grp}.total"])]
    r = ogi.read(text[:start] + "\n".join(jumbled) + "\n" + text[end:])
    assert not [f.message for f in r.findings if f.severity == "error"]
    assert any(f.rule == "cells.uncertain" and any(k.startswith("t4.") for k in f.keys) for f in r.findings)


def test_numbers_wrapped_a_digit_a_line_in_narrow_columns_are_doubt_not_errors() -> None:
    """A city's table 3 in columns one digit wide, as pdfplumber's text of the PDF gives it: a row's first
    line holds each number's first digit (1 0 1 0 0 3 2), the lines below the rest of the long ones
    (6 1 8 / 6 5 2 / 4 5 2). No position tells which digits continue which number: the row is doubt, and
    no sum blames the source (18 errors were raised)."""
    from ogi.samples import generate, print_report

    rep = generate(17, tid="2021", scale=2000)
    t3 = rep.template.table("t3")
    row = next(
        r
        for r in t3.rows
        if sum(rep.cells[f"t3.{r.key}.{c.key}"] == 0 for c in t3.columns) >= 2 and rep.cells[f"t3.{r.key}.total"] >= 100
    )
    keys = [f"t3.{row.key}.{c.key}" for c in t3.columns]
    values = [str(rep.cells[k]) for k in keys]
    text = print_report(rep, "pdftext")
    line = next(ln for ln in text.split("\n") if ln.endswith(" ".join(values)))
    label = line[: -len(" ".join(values))]
    stacked = [label + " ".join(v[0] for v in values)]
    for k in range(1, max(map(len, values))):
        stacked.append(" ".join(v[k] for v in values if len(v) > k))
    r = ogi.read(text.replace(line, "\n".join(stacked), 1))
    assert not [f.message for f in r.findings if f.severity == "error"]
    named = {k for f in r.findings if f.severity in ("error", "warning") for k in f.keys}
    assert not {k for k in keys if r.cells.get(k) != rep.cells[k]} - named


def test_a_zero_written_as_the_numeral_or_the_letter_o_is_a_zero() -> None:
    """〇 (the Chinese numeral), ○ set for it, the letter O typed for 0 and 无 (none) in a grid's cells are
    zeros, no blanks (no cells.blank: 无 was one) and no text breaking the row; a ○ among prose words stays a
    bullet, 无 a word."""
    rep = generate(7, tid="2021", scale=20)
    zeros = [k for k, v in rep.cells.items() if v == 0 and k.startswith("t3.")][:6]
    assert zeros
    for sign in ("〇", "○", "O", "无"):
        rep.layout.texts.update(dict.fromkeys(zeros, sign))
        got = ogi.read(print_report(rep, "pipe"))
        assert all(got.cells[k] == 0 for k in zeros), sign
        assert got.cells == rep.cells
        assert not [f for f in got.findings if f.rule in ("cells.blank", "cells.missing", "cells.uncertain")]
    from ogi.extract.tokens import TEXT, _classify

    assert _classify("○", True)[0] == TEXT
    assert _classify("无", True)[0] == TEXT


@pytest.mark.parametrize("fmt", ["html", "docx"])
def test_a_grids_spacer_columns_are_no_columns(fmt: str) -> None:
    """Table 3 as a converter rebuilds a Word table from a PDF: an empty spacer column after each value column,
    each heading spanning both. Every value in its column, none in doubt (every row was said to stand off its
    columns: 175 cells.uncertain on a table read right)."""
    from ogi.samples.docx import render_docx
    from ogi.samples.html import render_html

    rep = generate(29, tid="2021", scale=40)
    rep.layout.t3_spacers = True
    got = ogi.read(render_html(rep) if fmt == "html" else render_docx(rep))
    assert got.cells == rep.cells
    assert not [f for f in got.findings if f.severity == "error" or f.rule == "cells.uncertain"]


@pytest.mark.parametrize("fmt", ["html", "docx"])
@pytest.mark.parametrize("key", ["other.no_correction", "other.no_fee"])
@pytest.mark.parametrize("joint", [(), ("- 3 -",), ("三、收到和处理政府信息公开申请情况",)])
def test_a_row_broken_across_a_page_is_one_row(fmt: str, key: str, joint: tuple[str, ...]) -> None:
    """Table 3 printed a page at a time (a Word table rebuilt by a PDF converter, a page's tables): a row the page
    break cuts — its label's first part, to its 、, over empty cells ending one table, the rest of the label and
    its values opening the next, the group's cells merged down empty there — is one row (its values were lost,
    the empty cells read as a blank row: a false t3.outcome_sum error)."""
    from ogi.samples.docx import render_docx
    from ogi.samples.html import render_html

    rep = generate(31, tid="2021", scale=40)
    assert any(rep.cells[f"t3.{key}.{c}"] for c in ("natural", "total"))
    rep.layout.row_over_page = key
    rep.layout.joint = joint
    got = ogi.read(render_html(rep) if fmt == "html" else render_docx(rep))
    assert got.cells == rep.cells
    assert not [f for f in got.findings if f.severity == "error" or f.rule == "cells.blank"]


@pytest.mark.parametrize("pad", [False, True])
def test_two_cells_whose_separator_was_lost_are_cut_where_the_row_needs_it(pad: bool) -> None:
    """Digits apart by a space in a cell of a row a cell short (| 9 0 | 176 |: a pipe lost) are the two cells:
    in table 3 cut where the row's sum holds (sure), in table 2, which has no sums, the one cut there is (in
    doubt) — with the table padded to its widest row too (an empty cell after the values). In a row showing
    every cell, the digits apart are one number (| 1 2 |: 12)."""
    from ogi.samples.printers import JOINED

    rep = generate(9, tid="2021", scale=20)
    c = rep.cells
    row3 = [k for k in c if k.startswith("t3.granted.")]
    a, b = next((x, y) for x, y in itertools.pairwise(row3) if 0 <= c[x] < 1000 and 0 <= c[y] < 1000)
    row2 = [k for k in c if k.startswith("t2.normative.")]
    rep.layout.texts.update({a: f"{c[a]} {c[b]}", b: JOINED, row2[0]: f"{c[row2[0]]} {c[row2[1]]}", row2[1]: JOINED})
    text = print_report(rep, "markdown")
    if pad:
        text = "\n".join(ln[:-1] + " |  |" if ln.startswith("| ") else ln for ln in text.splitlines())
    got = ogi.read(text)
    assert got.cells == rep.cells
    assert not [f for f in got.findings if f.severity == "error"]
    said = {k for f in got.findings if f.rule == "cells.uncertain" for k in f.keys}
    assert row2[0] in said and a not in said
    rep.layout.texts.clear()
    c[row2[0]] = 12
    rep.layout.texts[row2[0]] = "1 2"
    assert ogi.read(print_report(rep, "markdown")).cells[row2[0]] == 12


@pytest.mark.parametrize("space", ["", " "])
def test_a_rows_first_value_typed_into_its_labels_cell_is_its_value(space: str) -> None:
    """A row of table 3 whose first value stands in its label's cell (| (二)部分公开(…不计其他情形)14 | 0 | …: the
    separator lost, or a space for it): the label, and that value in the row's first column — not the row a
    value short, its values moved left (a false t3 sum error). A placeholder heading ending in a digit
    (数据1 | 数据2, no value after it) stays a heading."""
    from ogi.samples.printers import JOINED

    rep = generate(16, tid="2021", scale=40)
    t3 = template("2021").table("t3")
    row = next(r for r in t3.rows if r.key == "partial")
    k = f"t3.partial.{t3.columns[0].key}"
    assert rep.cells[k] > 0
    rep.layout.labels["t3.partial"] = f"{row.label}{space}{rep.cells[k]}"
    rep.layout.texts[k] = JOINED
    got = ogi.read(print_report(rep, "markdown"))
    assert got.cells == rep.cells
    assert not [f for f in got.findings if f.severity == "error"]
    from ogi.extract.tokens import tokens_of

    line = Line(
        [Cell(t, Where(line=1, table=0, row=0, col=i)) for i, t in enumerate(("项目", "数据1", "数据2"))], grid=0
    )
    assert [t.text for t in tokens_of([line], 0, 1, False)] == ["项目", "数据1", "数据2"]


@pytest.mark.parametrize("fmt", ["pipe", "pdftext", "html"])
def test_a_count_garbled_is_the_number_in_doubt(fmt: str) -> None:
    """A count garbled on its way to the text (a scan's OCR text pasted, a number retyped): letters of a digit's
    look among its digits (1O, l2, 2〇5, I7), a one printed as a lone l or I, a stray mark against it (1, ·7 26')
    is that number, read in doubt (cells.uncertain: garbled, where no sum confirms it). It was a label — its
    row's values one column to the left — and in a grid a blank 0, with a false t4.sum error."""
    from ogi.samples.html import render_html

    rep = generate(5, tid="2021", scale=40)
    rep.cells["t4.suit_direct.other"] += 1 - rep.cells["t4.suit_direct.other"]  # a one, printed l
    rep.cells["t4.suit_direct.total"] = sum(
        rep.cells[f"t4.suit_direct.{c}"] for c in ("upheld", "corrected", "other", "pending")
    )
    rep.cells["t4.review.upheld"] = max(rep.cells["t4.review.upheld"], 2)
    rep.cells["t4.review.total"] = sum(rep.cells[f"t4.review.{c}"] for c in ("upheld", "corrected", "other", "pending"))
    keys = [k for k, v in rep.cells.items() if type(v) is int and v >= 10 and set(str(v)) & {"0", "1"}][::7][:6]
    assert len(keys) >= 4 and any(k.startswith("t2.") for k in keys) and any(k.startswith("t3.") for k in keys)
    for i, k in enumerate(keys):
        shown = str(rep.cells[k])
        d = "0" if "0" in shown else "1"
        rep.layout.texts[k] = shown.replace(d, ("O", "〇")[i % 2] if d == "0" else ("l", "I")[i % 2], 1)
    t2 = [k for k, v in rep.cells.items() if k.startswith("t2.") and k not in keys and type(v) is int and v > 0]
    t3 = [k for k, v in rep.cells.items() if k.startswith("t3.") and k not in keys and v][::9]
    assert t2
    strays = dict(zip([*t2[:2], *t3][:4], ("{},", "·{}", "{}'", "{}，"), strict=True))
    strays |= {"t4.suit_direct.other": "l", "t4.review.upheld": "{}·"}
    rep.layout.texts.update({k: form.format(rep.cells[k]) for k, form in strays.items()})
    got = ogi.read(render_html(rep) if fmt == "html" else print_report(rep, fmt))
    assert got.cells == rep.cells
    # said as cells.uncertain where the tables' sums do not confirm the value (table 2's have none)
    shown = {k for k in [*keys, *strays] if k.startswith("t2.")}
    said = [f for f in got.findings if f.rule == "cells.uncertain" and shown & set(f.keys)]
    assert shown <= {k for f in said for k in f.keys} and {f.values.get("doubt") for f in said} == {"garbled"}
    assert not [f for f in got.findings if f.severity == "error"]
    from ogi.extract.tokens import TEXT, VALUE, _classify

    # (a count in letters only, lO, Il: tests/extract/test_numbers_printed.py)
    forms = ("1O", "l2", "2〇5", "l", "I", "1,", "·7", "26'", "O", "lO", "Il", "IO号", "l0.5", "1.", "1、", ",", "I类")
    assert [_classify(t, False)[0] for t in forms] == [*[VALUE] * 11, *[TEXT] * 6]


@pytest.mark.parametrize("fmt", ["pipe", "html", "csv"])
def test_counts_written_in_chinese_numerals_in_a_row_of_cells_are_counts(fmt: str) -> None:
    """Table 2's counts and table 4's row written in Chinese numerals (三, 十五, 一百零五, 零) in a row of
    cells are those counts: no cells.missing for rows the source prints, no blank read for 一."""
    from ogi.samples.html import render_html
    from ogi.samples.variants.kinds import cn_numeral

    rep = generate(11, tid="2021", scale=20)
    keys = [k for k, v in rep.cells.items() if k.startswith(("t2.", "t4.")) and type(v) is int and v < 10000]
    rep.layout.texts.update({k: cn_numeral(int(rep.cells[k])) for k in keys})
    assert any(rep.cells[k] >= 10 for k in keys) and any(rep.cells[k] for k in keys if k.startswith("t4."))
    got = ogi.read(render_html(rep) if fmt == "html" else print_report(rep, fmt))
    assert {k: got.cells[k] for k in keys} == {k: rep.cells[k] for k in keys}
    assert got.cells == rep.cells
    assert not [f for f in got.findings if f.rule in ("cells.blank", "cells.missing", "cells.uncertain")]


def test_chinese_numerals_are_counts_only_where_a_row_of_counts_stands() -> None:
    """A numeral among a label's pieces (第 | 二 | 十 | 条), before a label, or numbers out of their order
    (三三, 十百; 一百一 said for 110 as often as written for 101) are no counts."""
    from ogi.extract.tokens import TEXT, VALUE, numeral_value, tokens_of
    from ogi.model import Cell, Line, Where

    assert [numeral_value(t) for t in ("三", "十五", "二十", "一百零五", "一百一十", "一千二百", "零")] == [
        3,
        15,
        20,
        105,
        110,
        1200,
        0,
    ]
    assert [numeral_value(t) for t in ("三三", "十百", "一零五", "一百一", "一千二", "规章", "")] == [None] * 7

    def kinds(*texts: str) -> list[int]:
        line = Line([Cell(t, Where(1)) for t in texts], grid=0)
        return [t.kind for t in tokens_of([line], 0, 1, True)]

    assert kinds("行政许可", "一百一十二", "三", "/") == [TEXT, VALUE, VALUE, 2]
    assert kinds("一", "零", "零", "一") == [VALUE] * 4  # table 4's row, no label
    assert kinds("第", "二", "十", "条") == [TEXT] * 4  # a label spread a character a cell
    assert kinds("一", "行政许可") == [TEXT, TEXT]
    assert kinds("行政许可", "三", "件数") == [TEXT] * 3  # text after the numeral: no row of counts


@pytest.mark.parametrize("fmt", ["pipe", "markdown", "pdftext", "html"])
def test_table_4_with_one_column_of_the_suits_total_after_the_rest(fmt: str) -> None:
    """Table 4 printed with a 16th column, 行政诉讼合计 (the two suits' 总计 summed): read without it."""
    from ogi.samples.html import render_html

    rep = next(
        r
        for s in range(200)
        if (r := generate(s, tid="2021", scale=20)).cells["t4.suit_direct.total"] > 0
        and r.cells["t4.suit_after_review.total"] > 0
    )
    rep.layout.suits_total = rep.layout.suits_one = True
    text = render_html(rep) if fmt == "html" else print_report(rep, fmt)
    got = ogi.read(text.encode())
    assert {k: v for k, v in got.cells.items() if k.startswith("t4.")} == {
        k: v for k, v in rep.cells.items() if k.startswith("t4.")
    }
    assert not [f for f in got.findings if f.severity in ("error", "warning")]


@pytest.mark.parametrize("fmt", ["pipe", "csv", "html"])
def test_table_2_printed_turned_its_rows_labels_across_the_top(fmt: str) -> None:
    """Table 2 turned (项目 | 规章 | 行政规范性文件 | …, then a line per column heading, —— under a row that
    has no such column): each value from the column under its row's label, none from a ——."""
    from ogi.samples.html import render_html

    for tid in ("2021", "2019"):
        rep = generate(11, tid=tid, scale=20)
        rep.layout.t2_turned = True
        text = render_html(rep) if fmt == "html" else print_report(rep, fmt)
        got = ogi.read(text.encode())
        t2 = {k: v for k, v in rep.cells.items() if k.startswith("t2.")}
        assert {k: got.cells[k] for k in t2} == t2, tid
        assert not [f for f in got.findings if f.severity == "error"]


def test_a_sixteenth_value_without_a_heading_of_its_own_is_no_suits_total() -> None:
    """Fifteen columns and sixteen values where no heading prints a 合计 (a stray the OCR read, a value
    split in two): the last value's equalling the suits' 总计 summed (0 = 0 + 0) is no evidence that it is
    行政诉讼合计 — the row is in doubt, not read without its last value."""
    rep = next(
        r
        for s in range(200)
        if (r := generate(s, tid="2021", scale=20)).cells["t4.suit_direct.total"] > 0
        and r.cells["t4.suit_after_review.total"] > 0
    )
    rep.layout.suits_total = rep.layout.suits_one = True
    text = print_report(rep, "pipe").replace(" | 行政诉讼合计", "")
    got = ogi.read(text.encode())
    doubt = [f for f in got.findings if f.rule == "cells.uncertain"]
    assert doubt and any(k.startswith("t4.") for f in doubt for k in f.keys)
    assert not [f for f in got.findings if f.severity == "error"]


def _t3_undivided(rep: object) -> list[list[str]]:
    """Table 3's rows with 法人或其他组织 one column (its five not divided), as some organs print it:
    自然人 | 法人或其他组织 | 总计, the group's value the sum of its five; the header's two lines first."""
    tb = next(t for t in template("2021").tables if t.id == "t3")
    cells = rep.cells  # type: ignore[attr-defined]
    group = [c.key for c in tb.columns if c.group]
    rows = [
        ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"],
        ["", "自然人", "法人或其他组织", "总计"],
    ]
    for row in tb.rows:
        k = f"t3.{row.key}."
        rows.append(
            [row.label, *map(str, (cells[k + "natural"], sum(cells[k + c] for c in group), cells[k + "total"]))]
        )
    return rows


@pytest.mark.parametrize("fmt", ["html", "docx", "markdown", "pipe"])
def test_table_3_with_its_legal_persons_in_one_column(fmt: str) -> None:
    """Table 3 printing 法人或其他组织 as one column (自然人 | 法人或其他组织 | 总计): 自然人 and 总计 read in their
    columns, the group's five not printed — cells.missing, no value placed in 商业企业 and no doubt."""
    from ogi.samples.html import render_html

    rep = generate(23, tid="2021", scale=20)
    rows = _t3_undivided(rep)
    if fmt in ("markdown", "pipe"):
        text = print_report(rep, fmt)
        start = text.rindex("\n", 0, text.index("申请人情况")) + 1
        end = text.index("四、政府信息公开行政复议")
        lines = [" | ".join(r) + " |" for r in rows]
        if fmt == "markdown":
            lines = ["| " + line for line in lines]
            lines.insert(1, "|---|---|---|---|")
        data: str | bytes = text[:start] + "\n".join(lines) + "\n" + text[end:]
    else:
        page = render_html(rep)
        start = page.index("<table", page.index("三、收到和处理政府信息公开申请情况"))
        end = page.index("</table>", start) + len("</table>")

        def td(i: int, j: int, text: str) -> str:
            return f'<td colspan="3">{text}</td>' if (i, j) == (0, 1) else f"<td>{text}</td>"

        html_rows = "".join(
            "<tr>" + "".join(td(i, j, c) for j, c in enumerate(r)) + "</tr>" for i, r in enumerate(rows)
        )
        page = page[:start] + '<table border="1">' + html_rows + "</table>" + page[end:]
        data = page
    if fmt == "docx":
        import io

        import docx  # type: ignore[import-untyped]
        from lxml import html as lhtml

        d = docx.Document()
        for el in lhtml.fromstring(page).body.iter("h1", "h2", "p", "table"):
            if el.tag != "table":
                d.add_paragraph(el.text_content())
                continue
            trs = el.findall(".//tr")
            width = max(sum(int(td.get("colspan", 1)) for td in tr.findall("td")) for tr in trs)
            grid = d.add_table(rows=len(trs), cols=width)
            for i, tr in enumerate(trs):
                j = 0
                for td in tr.findall("td"):
                    span = int(td.get("colspan", 1))
                    cell = grid.cell(i, j)
                    if span > 1:
                        cell = cell.merge(grid.cell(i, j + span - 1))
                    cell.text = td.text_content()
                    j += span
        buf = io.BytesIO()
        d.save(buf)
        data = buf.getvalue()
    got = ogi.read(data)
    group = ("corp", "research", "ngo", "legal", "other")
    t3 = [k for k in rep.cells if k.startswith("t3.")]
    assert {k: got.cells[k] for k in t3 if k.endswith((".natural", ".total"))} == {
        k: rep.cells[k] for k in t3 if k.endswith((".natural", ".total"))
    }
    assert all(got.cells[k] is None for k in t3 if k.rsplit(".", 1)[1] in group)
    missing = [f for f in got.findings if f.rule == "cells.missing"]
    assert len(missing) == 25 and all("商业企业" in f.message for f in missing)
    assert not [f for f in got.findings if f.rule == "cells.uncertain"]
    assert not [f for f in got.findings if f.severity == "error" and f.rule != "cells.missing"]
    assert {k: got.cells[k] for k in rep.cells if not k.startswith("t3.")} == {
        k: v for k, v in rep.cells.items() if not k.startswith("t3.")
    }


@pytest.mark.parametrize("style", ["pipe", "markdown", "cells", "pdftext", "html", "docx"])
@pytest.mark.parametrize("order", [(2, 0, 1), (1, 0, 2)])
def test_table_2_with_its_columns_in_another_order_under_their_headings(style: str, order: tuple[int, ...]) -> None:
    """Table 2's rows of three columns printed 现行有效件数 first (or 本年废止件数 first) under headings in
    that order, the headings apart or run together: each value in the column its heading names."""
    from ogi.samples.docx import render_docx
    from ogi.samples.html import render_html

    rep = generate(29, tid="2021", scale=20)
    keys = [k for k in rep.cells if k.startswith(("t2.rules.", "t2.normative."))]
    assert len({rep.cells[k] for k in keys}) >= 4  # values that tell the columns apart
    rep.layout.t2_order = order
    data = {"html": render_html, "docx": render_docx}.get(style, lambda r: print_report(r, style))(rep)
    got = ogi.read(data)
    assert {k: got.cells[k] for k in keys} == {k: rep.cells[k] for k in keys}
    assert got.cells == rep.cells


@pytest.mark.parametrize("style", ["pipe", "markdown", "tabs", "pdftext", "runon", "html", "docx"])
def test_table_4_with_its_suits_before_the_reviews(style: str) -> None:
    """Table 4 printing 行政诉讼's two groups before 行政复议 under headings in that order (apart, or run
    together as a PDF's text and a page run together give them): each group's values in its own row."""
    from ogi.samples.docx import render_docx
    from ogi.samples.html import render_html

    rep = generate(31, tid="2021", scale=20)
    t4 = [k for k in rep.cells if k.startswith("t4.")]
    rep.cells.update(
        {
            "t4.review.upheld": 3,
            "t4.review.total": 3 + sum(rep.cells[f"t4.review.{c}"] for c in ("corrected", "other", "pending")),
        }
    )
    rep.layout.t4_suits_first = True
    data = {"html": render_html, "docx": render_docx}.get(style, lambda r: print_report(r, style))(rep)
    got = ogi.read(data)
    assert {k: got.cells[k] for k in t4} == {k: rep.cells[k] for k in t4}
    assert not [f for f in got.findings if f.severity == "error"]


def test_table_4_with_its_review_heading_below_the_suits_in_pdf_text() -> None:
    """The national format's table 4 header as a PDF's text gives it: 行政复议 spans the header's first two
    rows, so its heading is printed at their middle, on a line after 行政诉讼's. Headings on lines of their
    own in a header printed a row a line say nothing of which group comes first across: the template's
    order (were the suits' groups first, every value in another group's columns and no sum to tell)."""
    rep = generate(33, tid="2021", scale=20)
    rep.cells.update(
        {"t4.review.upheld": 2, "t4.review.total": 2 + rep.cells["t4.review.total"] - rep.cells["t4.review.upheld"]}
    )
    rep.layout.t4_review_middle = True
    text = print_report(rep, "pdftext")
    assert "\n行政诉讼\n行政复议\n未经复议直接起诉 复议后起诉\n" in text
    got = ogi.read(text)
    t4 = [k for k in rep.cells if k.startswith("t4.")]
    assert {k: got.cells[k] for k in t4} == {k: rep.cells[k] for k in t4}
    assert not [f for f in got.findings if f.severity == "error"]


@pytest.mark.parametrize("mark", ["—", "/"])
@pytest.mark.parametrize("style", ["markdown", "pipe"])
def test_table_4_of_one_case_with_its_zeros_marked(style: str, mark: str) -> None:
    """Table 4 of a small organ, one review and its zeros printed as a mark (| 1 | — | — | — | 1 | — … — |):
    the empty cell a markdown row's first pipe leaves is cut, not the last column's mark (every value was
    read a column to the right, with two false t4.sum errors)."""
    rep = generate(35, tid="2021", scale=20)
    t4 = [k for k in rep.cells if k.startswith("t4.")]
    rep.cells.update(dict.fromkeys(t4, 0) | {"t4.review.upheld": 1, "t4.review.total": 1})
    rep.layout.texts.update({k: mark for k in t4 if rep.cells[k] == 0})
    got = ogi.read(print_report(rep, style))
    assert {k: got.cells[k] for k in t4} == {k: rep.cells[k] for k in t4}
    assert not [f for f in got.findings if f.severity == "error"]


@pytest.mark.parametrize("style", ["html", "docx", "xlsx"])
def test_table_4_with_columns_of_its_own_after_the_fifteen(style: str) -> None:
    """A grid of table 4 with 行政诉讼小计 and 合计 after its fifteen columns, each under its heading: the
    fifteen read in their columns, the two of the report's own not read (were the last fifteen of seventeen)."""
    from ogi.samples.docx import render_docx
    from ogi.samples.html import render_html
    from ogi.samples.xlsx import render_xlsx

    rep = generate(37, tid="2021", scale=20)
    rep.cells.update(
        {
            "t4.review.upheld": 4,
            "t4.review.total": 4 + sum(rep.cells[f"t4.review.{c}"] for c in ("corrected", "other", "pending")),
        }
    )
    rep.layout.t4_totals = True
    got = ogi.read({"html": render_html, "docx": render_docx, "xlsx": render_xlsx}[style](rep))
    t4 = [k for k in rep.cells if k.startswith("t4.")]
    assert {k: got.cells[k] for k in t4} == {k: rep.cells[k] for k in t4}
    assert not [f for f in got.findings if f.severity == "error" or f.rule == "cells.uncertain"]
    if style == "html":  # each group's 总计 printed 合计, under the group's heading: that group's, read
        rep.layout.t4_totals = False
        page = render_html(rep)
        start = page.index("<table", page.index("四、政府信息公开行政复议"))
        end = page.index("</table>", start)
        got = ogi.read(page[:start] + page[start:end].replace("总计", "合计") + page[end:])
        assert {k: got.cells[k] for k in t4} == {k: rep.cells[k] for k in t4}


@pytest.mark.parametrize("labels", [("{prev}年", "{year}年"), ("{year}年", "{prev}年"), ("上年", "本年")])
def test_table_4_printed_a_row_a_year_reads_the_reports_year(labels: tuple[str, str]) -> None:
    """Table 4 with a row for last year beside this year's (2022年 | …, 2023年 | …; 上年, 本年): this year's
    row is read, last year's is no second copy of it (no table.duplicate) whatever its order."""
    rep = generate(41, tid="2021", scale=20)
    text = print_report(rep, "pipe")
    lines = text.split("\n")
    at = (
        next(
            i
            for i, ln in enumerate(lines)
            if ln.startswith("结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持")
        )
        + 1
    )
    now = lines[at]
    before = " | ".join(str(int(v) + 1) if v.strip().isdigit() else v for v in now.split(" | "))
    rows = {labels[0]: before, labels[1]: now}
    if labels[0] == "{year}年":
        rows = {labels[0]: now, labels[1]: before}
    lines[at : at + 1] = [f"{lab.format(year=rep.year, prev=rep.year - 1)} | {row}" for lab, row in rows.items()]
    got = ogi.read("\n".join(lines))
    t4 = [k for k in rep.cells if k.startswith("t4.")]
    assert {k: got.cells[k] for k in t4} == {k: rep.cells[k] for k in t4}
    assert not [f for f in got.findings if f.rule == "table.duplicate" or f.severity == "error"]


@pytest.mark.parametrize("style", ["html", "docx"])
def test_table_4_as_a_review_table_and_a_suits_table(style: str) -> None:
    """Table 4 printed as two tables, 行政复议's and 行政诉讼's, each under its own headings: each group's
    values by their headings, with no doubt (was every value's column said to be guessed)."""
    from ogi.samples.docx import render_docx
    from ogi.samples.html import render_html

    rep = generate(43, tid="2021", scale=20)
    rep.layout.t4_apart = True
    got = ogi.read({"html": render_html, "docx": render_docx}[style](rep))
    t4 = [k for k in rep.cells if k.startswith("t4.")]
    assert {k: got.cells[k] for k in t4} == {k: rep.cells[k] for k in t4}
    assert not [f for f in got.findings if f.rule == "cells.uncertain" or f.severity == "error"]


@pytest.mark.parametrize("mark", ["/", "—", ""])
@pytest.mark.parametrize("style", ["markdown", "tabs", "pipe", "html", "docx", "layout"])
def test_table_3_with_a_column_of_its_own_and_its_first_column_blank(style: str, mark: str) -> None:
    """Table 3 printing 小计 after 法人或其他组织's columns, rows whose 自然人 is blank among values
    (| / | 2 | / | / | / | / | 2 | 2 |): the blank is a column — eight values a row, not seven — so no value
    moves (the blank was cut as filler: every value a column to the left, the 小计 read as 其他, false sums)."""
    from ogi.samples.docx import render_docx
    from ogi.samples.html import render_html

    rep = generate(41, tid="2021", scale=20)
    rep.layout.extra = "小计"
    rows = [r.key for r in T3.rows if r.key.startswith(("denied.", "unable.", "rejected."))][:4]
    for k in rows:  # each row: 自然人 blank, a value of 商业企业
        rep.cells[f"t3.{k}.natural"] = 0
        rep.cells[f"t3.{k}.corp"] = 2 + len(k) % 3
    from ogi.samples.variants.kinds import rebalance

    rebalance(rep)
    for k in rows:
        rep.layout.texts[f"t3.{k}.natural"] = mark
    render = {"html": render_html, "docx": render_docx}
    got = ogi.read(render[style](rep) if style in render else print_report(rep, style))
    t3 = [k for k in rep.cells if k.startswith("t3.")]
    assert {k: got.cells[k] for k in t3} == {k: rep.cells[k] for k in t3}
    assert not [f for f in got.findings if f.severity == "error"]
    if style == "layout" and not mark:
        return  # (laid out with spaces, a first column printing nothing: two placements fit its spacing, in doubt)
    assert not [f for f in got.findings if f.rule == "cells.uncertain"]
    blank = {k for f in got.findings if f.rule == "cells.blank" for k in f.keys}
    assert {f"t3.{k}.natural" for k in rows} <= blank


@pytest.mark.parametrize("style", ["markdown", "csv"])
def test_table_2_with_merged_cells_filled(style: str) -> None:
    """Table 2 as pandas writes a page's table: a merged cell's text in every cell it spans (第二十条第(五)项
    four times, 行政许可 | 1236 | 1236 | 1236): the value once, and no doubt (each row was said to show more
    values than its columns)."""
    for tid in ("2021", "2019"):
        rep = generate(43, tid=tid, scale=20)
        rep.layout.spans_filled = True
        text = print_report(rep, style)
        got = ogi.read(text)
        t2 = [k for k in rep.cells if k.startswith("t2.")]
        assert {k: got.cells[k] for k in t2} == {k: rep.cells[k] for k in t2}
        assert not [f for f in got.findings if f.severity == "error" or f.rule == "cells.uncertain"]
        rep.layout.spans_filled = False  # (the control: printed so, a row's value is not repeated)
        assert print_report(rep, style) != text


@pytest.mark.parametrize("style", ["layout", "pdftext"])
def test_thousands_with_commas_in_a_row_laid_out_with_spaces(style: str) -> None:
    """A page's text keeps a number's commas (规范性文件  17  17  1,034): the row's cells are apart by spaces,
    its commas split no fields (read as a line of CSV, the row gave 34 in its first column and lost the rest)."""
    for tid in ("2021", "2019"):
        rep = generate(47, tid=tid, scale=20)
        for row in template(tid).table("t2").rows:  # the last value of each row of several: thousands
            if len(row.columns) > 1 and row.columns[-1].kind == "count":
                k = f"t2.{row.key}.{row.columns[-1].key}"
                rep.cells[k] = int(rep.cells[k]) + 1000 * (len(k) % 7 + 1)
                rep.layout.texts[k] = f"{rep.cells[k]:,}"
        text = print_report(rep, style)
        assert "," in text
        got = ogi.read(text)
        t2 = [k for k in rep.cells if k.startswith("t2.")]
        assert {k: got.cells[k] for k in t2} == {k: rep.cells[k] for k in t2}
        assert not [f for f in got.findings if f.severity == "error" or f.rule == "cells.uncertain"]


@pytest.mark.parametrize("by", ["group", "table"])
def test_table_2_printed_a_column_at_a_time(by: str) -> None:
    """Table 2 as a PDF's text copied column by column gives it, a cell a line: each group's rows' labels, then
    each column's heading and a value per row (规章 / 行政规范性文件 / 本年制发件数 / 0 / 33 / 本年废止件数 / …; a row
    of its own: 行政事业性收费 / 上一年项目数量 / 13 / 本年增/减 / 9); or (``table``: pdftotext without -layout of a
    LibreOffice PDF) every group's labels first, then the groups' columns (… 行政事业性收费 / 本年制发件数 / 0 / 33 /
    … / 本年处理决定数量 / 3416 / 本年处理决定数量 / 1127 / 38 / …: were all read 0, in doubt). Each value in its row
    and column, no doubt."""
    for tid in ("2021", "2019"):
        rep = generate(53, tid=tid, scale=20)
        for k in [k for k in rep.cells if k.startswith("t2.")]:  # values apart, so a swap would show
            if type(rep.cells[k]) is int:
                rep.cells[k] += 1 + len(k) % 5
        rep.layout.t2_by_column = by
        text = print_report(rep, "lines")
        got = ogi.read(text)
        t2 = [k for k in rep.cells if k.startswith("t2.")]
        assert {k: got.cells[k] for k in t2} == {k: rep.cells[k] for k in t2}
        assert not [f for f in got.findings if f.severity == "error" or f.rule == "cells.uncertain"]
        rep.layout.t2_by_column = ""  # (the control: printed so, the text is another)
        assert print_report(rep, "lines") != text
        if by == "table":  # its last row's cell empty: nothing after the last heading, a blank (0, cells.blank)
            last = template(tid).table("t2").rows[-1]
            keys = [f"t2.{last.key}.{c.key}" for c in last.columns]
            rep.cells.update(dict.fromkeys(keys, 0))
            rep.layout.texts.update(dict.fromkeys(keys, ""))
            rep.layout.t2_by_column = by
            got = ogi.read(print_report(rep, "lines"))
            assert {k: got.cells[k] for k in t2} == {k: rep.cells[k] for k in t2}
            assert "cells.blank" in {f.rule for f in got.findings}
            assert not [f for f in got.findings if f.severity == "error" or f.rule == "cells.uncertain"]


@pytest.mark.parametrize("extra", ["", "小计"])
@pytest.mark.parametrize("style", ["pipe", "markdown", "cells", "tabs", "layout", "lines", "csv", "html", "docx"])
def test_table_3_with_last_years_totals_after_its_own(style: str, extra: str) -> None:
    """Table 3 printing 上年总计 and 同比增减 after 总计 (the template's ``after_columns``; 小计 among the
    applicants too, now and then): each value in its column — 上年总计 is no 总计 (its last two characters
    named the total's column: last year's totals read as this year's, false sums) — and no doubt (each row
    was said to show more values than its columns)."""
    from ogi.samples.docx import render_docx
    from ogi.samples.html import render_html

    rep = generate(59, tid="2021", scale=20)
    rep.layout.after = ("上年总计", "同比增减")
    rep.layout.extra = extra
    render = {"html": render_html, "docx": render_docx}
    text = render[style](rep) if style in render else print_report(rep, style)
    got = ogi.read(text)
    t3 = [k for k in rep.cells if k.startswith("t3.")]
    assert {k: got.cells[k] for k in t3} == {k: rep.cells[k] for k in t3}
    assert not [f for f in got.findings if f.severity == "error" or f.rule == "cells.uncertain"]


def test_last_years_table_printed_for_comparison_is_no_copy() -> None:
    """Table 3 followed by last year's table 3 for comparison, its caption naming the year before (表3-2
    上年（2023年度）…（对比参考）): this year's values are read, last year's are none of them, and no
    table.duplicate (an error: the table printed twice with its values differing)."""
    rep = generate(61, tid="2021", scale=20)
    last = generate(62, tid="2021", scale=20)
    text = print_report(rep, "markdown")
    t3 = print_report(last, "markdown").split("\n")
    first = next(i for i, ln in enumerate(t3) if "勾稽关系" in ln)
    end = next(i for i, ln in enumerate(t3) if ln.startswith("四、") or "行政复议、行政诉讼情况" in ln)
    block = "\n".join(t3[first - 1 : end])
    cut = text.index("四、政府信息公开行政复议")
    before = rep.year - 1
    caption = f"为便于对比，列出上年（{before}年度）同口径数据如下：\n\n"
    caption += f"表3-2 上年（{before}年度）收到和处理政府信息公开申请情况（对比参考）\n\n"
    got = ogi.read(text[:cut] + caption + block + "\n\n" + text[cut:])
    keys = [k for k in rep.cells if k.startswith("t3.")]
    assert {k: got.cells[k] for k in keys} == {k: rep.cells[k] for k in keys}
    assert not [f for f in got.findings if f.severity == "error" or f.rule == "table.duplicate"]


def test_a_2019_table_printing_the_2021_rows_of_its_other_handling() -> None:
    """A 2019-format report whose table 3 prints (六)其他处理 as the 2021 format's three rows: the three rows'
    values are kept aside and (六) is their sum (its provenance ``placed`` "sum"), said as a warning that the
    table does not follow its format there (cells.other_format, naming the rows printed) — no cells.missing
    error (nothing is missing: was one, with (六) null) and no false arithmetic error (the first row was read
    as (六), the others dropped: false t3.outcome_sum errors)."""
    from ogi.samples.variants.kinds import rebalance

    rep = generate(63, tid="2019", scale=20)
    c = rep.cells
    cols = [col.key for col in template("2019").table("t3").columns]
    c["t3.other.natural"] += 3  # (六) of a few applications, so the rows' values show
    c["t3.other.corp"] += 2
    rebalance(rep)
    text = print_report(rep, "pipe")
    line = next(ln for ln in text.split("\n") if ln.startswith("(六)其他处理"))
    one = [c[f"t3.other.{k}"] for k in cols]
    two = [v // 2 for v in one]  # the row's values split over 1. and 3.
    three = [a - b for a, b in zip(one, two, strict=True)]
    rows = [
        "(六)其他处理 | 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 | "
        + " | ".join(map(str, two))
        + " |",
        "(六)其他处理 | 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 | "
        + " | ".join("0" for _ in cols)
        + " |",
        "(六)其他处理 | 3.其他 | " + " | ".join(map(str, three)) + " |",
    ]
    got = ogi.read(text.replace(line, "\n".join(rows)))
    assert got.template == "2019"
    said = [f for f in got.findings if f.rule == "cells.other_format"]
    assert len(said) == 1 and said[0].severity == "warning" and "(六)1" in said[0].message
    assert not [f for f in got.findings if f.rule == "cells.missing" or f.severity == "error"]
    assert [got.cells[f"t3.other.{k}"] for k in cols] == one
    assert got.provenance["t3.other.natural"].placed == "sum"
    assert not [f for f in got.findings if f.rule.startswith("t3.")], [f.message for f in got.findings]
    assert [got.extras.get(f"t3.other.no_correction.{k}") for k in cols] == two
    assert [got.extras.get(f"t3.other.misc.{k}") for k in cols] == three


@pytest.mark.parametrize("broken", [False, True])
def test_table_4_in_layout_text_with_a_group_blank_reads_each_value_under_its_heading(broken: bool) -> None:
    """``pdftotext -layout`` of a table 4 whose cells of one group (or scattered zeros) are empty: the values
    line holds fewer values than columns, each under its heading (two lines, 结果 / 维持, where ``broken``).
    Each value in the column its heading names, the empty ones blank (0, cells.blank), no doubt — where
    before the values were read in order, the rest unread (null, cells.uncertain)."""
    rep = generate(61, tid="2021", scale=20)
    t4 = [k for k in rep.cells if k.startswith("t4.")]
    after = [k for k in t4 if k.startswith("t4.suit_after_review.")]
    rep.cells.update(dict.fromkeys(after, 0) | {"t4.review.other": 0, "t4.review.total": 0})
    rep.cells["t4.review.total"] = sum(rep.cells[f"t4.review.{c}"] for c in ("upheld", "corrected", "other", "pending"))
    rep.layout.texts.update({k: "" for k in [*after, "t4.review.other"]})
    rep.layout.heads_broken = broken
    text = print_report(rep, "layout")
    assert len(text.split("四、")[1].split("五、")[0].strip().splitlines()[-1].split()) < 15  # values left out
    got = ogi.read(text)
    assert {k: got.cells[k] for k in t4} == {k: rep.cells[k] for k in t4}
    assert all(got.provenance[k] is not None for k in after)
    assert "cells.blank" in {f.rule for f in got.findings}
    assert not [f for f in got.findings if f.severity == "error" or f.rule == "cells.uncertain"]


def test_table_4_in_text_spaced_otherwise_under_its_headings_is_read_in_order_in_doubt() -> None:
    """Text whose spaces set table 4's headings otherwise than its values (PyMuPDF's sorted text: two spaces
    between headings, more between values) with a group's cells empty: placed under the headings the values
    break the groups' sums, so they are read in order and the rest said unread (doubt) — not placed wrong
    with a false t4.sum error."""
    heads = "  ".join(["结果", "结果", "其他", "尚未", "总计"] * 3)
    under = "  ".join(["维持", "纠正", "结果", "审结", "    "] * 3)
    text = "\n".join(
        [
            "某县某局2023年政府信息公开工作年度报告",
            "四、政府信息公开行政复议、行政诉讼情况",
            "行政复议              行政诉讼",
            "                  未经复议直接起诉          复议后起诉",
            heads,
            under,
            "     ".join(["3", "1", "0", "0", "4", "1", "0", "1", "0", "2"]),
            "五、存在的主要问题及改进情况",
        ]
    )
    got = ogi.read(text)
    review = [got.cells[f"t4.review.{c}"] for c in ("upheld", "corrected", "other", "pending", "total")]
    assert review == [3, 1, 0, 0, 4]
    assert got.cells["t4.suit_direct.total"] == 2 and got.cells["t4.suit_after_review.total"] is None
    doubt = {k for f in got.findings if f.rule == "cells.uncertain" for k in f.keys}
    assert "t4.suit_after_review.total" in doubt
    assert not [f for f in got.findings if f.rule == "t4.sum"]


@pytest.mark.parametrize("style", ["tabs", "markdown", "lines", "html", "docx"])
def test_a_sum_row_of_the_reports_own_in_table_2_is_no_row(style: str) -> None:
    """A 合计 row a clerk added under table 2's groups (行政处罚 / 行政强制 / 合计 251): no row of the table — it
    was read as the next row in the template's order (行政事业性收费: its amount the sum, the real one then a
    false table.duplicate error)."""
    from ogi.samples.variants.render import render_light

    rep = generate(71, tid="2021", scale=20)
    rep.layout.t2_sums = True
    got = ogi.read(render_light(rep, style, 71))
    t2 = [k for k in rep.cells if k.startswith("t2.")]
    assert "合计" in print_report(rep, "pipe")
    assert {k: got.cells[k] for k in t2} == {k: rep.cells[k] for k in t2}
    assert not [f for f in got.findings if f.severity == "error" or f.rule == "table.duplicate"]


@pytest.mark.parametrize("style", ["pipe", "tabs", "markdown", "runon", "html", "docx"])
@pytest.mark.parametrize("order", [("total", "upheld", "corrected", "other", "pending")])
def test_table_4_with_each_groups_columns_in_another_order(style: str, order: tuple[str, ...]) -> None:
    """Table 4 whose groups each print 总计 first (总计 | 结果维持 | … under 行政复议 and each suit): each value in
    the column its heading names — in text without places too, by the order the headings are printed in (was
    read in the template's order: false t4.sum errors)."""
    from ogi.samples.variants.render import render_light

    rep = generate(73, tid="2021", scale=20)
    rep.layout.t4_order = order
    got = ogi.read(render_light(rep, style, 73))
    t4 = [k for k in rep.cells if k.startswith("t4.")]
    assert {k: got.cells[k] for k in t4} == {k: rep.cells[k] for k in t4}
    assert not [f for f in got.findings if f.severity == "error" or f.rule == "cells.uncertain"]


def test_a_sum_failing_on_a_value_other_sums_confirm_is_the_sources_error() -> None:
    """A value read unsure (OCR) that its row's sum confirms (the only doubt there, the row holding) is no
    doubt of another sum it stands in: table 3's (七)总计 printed 3 too many fails the 总计 column's sum, which
    holds (一)予以公开's 总计 read unsure — the source's error, not a warning blaming the reading (it named a
    cell no cells.uncertain finding named)."""
    from ogi.check import check
    from ogi.extract import extract
    from ogi.ingest import ingest_str
    from ogi.normalize import normalize_document

    rep = generate(81, tid="2021", scale=20)
    rep.layout.texts["t3.total.total"] = str(int(rep.cells["t3.total.total"]) + 3)
    doc = ingest_str(print_report(rep, "tabs"))
    row = next(ln for ln in doc.lines if ln.grid is not None and "予以公开" in ln.text)
    [*_, last] = [c for c in row.cells if c.text]
    last.confidence = 0.4  # (一)予以公开's 总计, read unsure
    normalize_document(doc)
    ex = extract(doc)
    assert ex.tables.cells["t3.granted.total"] == rep.cells["t3.granted.total"]
    findings = check(doc, ex)
    assert not [f for f in findings if f.rule == "cells.uncertain"]
    column = [f for f in findings if f.rule == "t3.outcome_sum" and "t3.granted.total" in f.keys]
    assert column and all(f.severity == "error" and "doubt" not in f.values for f in column)


@pytest.mark.parametrize("converter", ["libreoffice", "docx2txt"])
def test_a_table_a_cell_a_line_whose_empty_cells_are_empty_lines(converter: str) -> None:
    """Text a cell a line as converters write a Word table: LibreOffice's text export an empty cell as an empty
    line, docx2txt every cell followed by one (an empty cell: two). The empty lines past those every cell has
    are empty cells — a blank each, the values after them in their own columns (table 4's 1 / 0 / 0 / (empty)
    / 1 read 1 into 尚未审结 and 总计 not at all; a row's first cell empty moved its values left), with
    cells.blank and no doubt."""
    rep = generate(85, tid="2021", scale=20)
    c = rep.cells
    for k in ("t3.granted.research", "t3.granted.ngo", "t3.denied.law.natural", "t4.suit_after_review.pending"):
        c[k] = 0
        rep.layout.texts[k] = ""
    from ogi.samples.variants.kinds import rebalance

    rebalance(rep)
    rep.layout.empty_lines = converter
    text = print_report(rep, "lines")
    got = ogi.read(text)
    assert {k: got.cells[k] for k in c} == c
    assert "cells.blank" in {f.rule for f in got.findings}
    assert not [f for f in got.findings if f.severity == "error" or f.rule == "cells.uncertain"]
    rep.layout.empty_lines = ""  # (the control: an empty cell leaves nothing there)
    assert print_report(rep, "lines") != text


def test_cells_a_paragraph_each_with_a_label_wrapped_round_its_first_value() -> None:
    """pdftotext's paragraphs (every cell followed by an empty line) where a label's two lines hold the row's first
    value between them (2.其他法律行政法规 / 15 / 禁止公开): the empty lines after every cell are no cells (the
    label set closer to its value says nothing of them) — before, every empty line was read as a blank, and
    each row took every other value."""
    rep = generate(85, tid="2021", scale=20)
    rep.layout.empty_lines = "docx2txt"
    text = print_report(rep, "lines")
    v = rep.cells["t3.denied.law.natural"]
    wrapped = text.replace(f"2.其他法律行政法规禁止公开\n\n{v}\n\n", f"2.其他法律行政法规\n{v}\n禁止公开\n\n", 1)
    assert wrapped != text
    got = ogi.read(wrapped)
    assert {k: got.cells[k] for k in rep.cells} == rep.cells
    assert not [f for f in got.findings if f.severity == "error" or f.rule == "cells.blank"]


def test_numbers_wrapped_in_cells_centred_top_to_bottom_are_joined_around_their_row() -> None:
    """A ruled table 3 in small type whose long numbers wrap in their narrow cells, each cell's text centred
    from top to bottom (Word's, WPS's): the row's label and one-line values on a line between the halves of
    its wrapped numbers ("1213" above it, "1" below: 12131). Each joined into its row, the sums holding —
    not the bottom half read as the value and the top half as another row's spill (silent, false errors)."""
    edges = [40.0, 160.0, *(200.0 + 40.0 * k for k in range(8))]  # a label, then seven value columns
    words = [Word("申请人情况", 300, 80, 360, 90), Word("自然人", 205, 100, 235, 110), Word("总计", 485, 100, 515, 110)]
    heads = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    words += [Word(h, 242 + 40 * k, 100, 278 + 40 * k, 110) for k, h in enumerate(heads)]
    rows = [  # (label, the row's values; those of five digits wrap after four)
        ("一、本年新收政府信息公开申请数量", [12131, 0, 0, 0, 0, 15, 12146]),
        ("二、上年结转政府信息公开申请数量", [4, 0, 0, 0, 0, 1, 5]),
    ]
    y = 140.0
    for label, values in rows:
        wraps = any(v >= 10000 for v in values)
        mid = y + (9 if wraps else 0)  # the row's one-line text centred between a wrapped number's lines
        words.append(Word(label, 42, mid, 158, mid + 9))
        for k, v in enumerate(values):
            x = edges[k + 2] - 30
            t = str(v)
            if v >= 10000:
                words += [Word(t[:4], x, y, x + 24, y + 9), Word(t[4:], x + 9, y + 15, x + 15, y + 24)]
            else:
                words.append(Word(t, x, mid, x + 6 * len(t), mid + 9))
        y += 34 if wraps else 22
    rulings = [Ruling(x, 75, y + 5) for x in edges]
    doc = Document(Source(None, "pdf"))
    doc.lines = page_lines(PageLayout(1, words, rulings, height=842.0))
    r = read_tables(doc, template("2021"), {"t3": (0, len(doc.lines))})
    cols = [c.key for c in template("2021").table("t3").columns]
    for (_, values), key in zip(rows, ("new", "carried_in"), strict=True):
        assert [r.cells[f"t3.{key}.{c}"] for c in cols] == values


@pytest.mark.parametrize("fmt", ["pipe", "lines", "pdftext", "html", "docx"])
def test_rows_an_organ_adds_to_table_2_are_none_of_its_rows(fmt: str) -> None:
    """Table 2 holding rows the template does not have — 行政确认 after 行政许可, 行政检查 after 行政处罚, a
    part under a row (其中：简易程序行政处罚), a row qualified (行政许可（备案）) — reads the template's rows only:
    an added row took the next empty row's place (a count another row's, silent) and the real row then read
    as a false table.duplicate error."""
    from ogi.samples.docx import render_docx
    from ogi.samples.html import render_html

    for tid in ("2021", "2019"):
        rep = generate(27, tid=tid, scale=40)
        n = {r.key: len(r.columns) for r in rep.template.table("t2").rows}
        rep.layout.t2_own = {
            "licensing": (("行政确认", ("37",) * n["licensing"]), ("行政许可（备案）", ("12",) * n["licensing"])),
            "penalty": (("其中：简易程序行政处罚", ("218",) * n["penalty"]), ("行政检查", ("512",) * n["penalty"])),
        }
        if tid == "2019":  # a row's short form beside them (政府集中采购 printed 政府采购): the row's, placed
            rep.layout.labels["t2.procurement"] = "政府采购"
        data = {"html": render_html, "docx": render_docx}.get(fmt, lambda r: print_report(r, fmt))(rep)
        got = ogi.read(data)
        assert got.cells == rep.cells, tid
        assert not [f for f in got.findings if f.severity == "error" or f.rule == "table.duplicate"], tid


def test_a_number_in_a_translation_beside_a_label_is_no_value() -> None:
    """Bilingual reports print each label's translation beside it; a number there follows a word written in
    letters (Item 1, ᠵᠦᠢᠯ ᠑, 제 20 조, Table 3): part of that text, no value moving the row's values a column —
    in a table flattened one cell a line, as in a PDF's row of words."""
    import ogi
    from ogi.samples import generate, print_report

    rep = generate(11, tid="2021", scale=5)
    lines = print_report(rep, "lines").split("\n")
    said = {"属于国家秘密": "Item 1", "其他法律行政法规禁止公开": "ᠵᠦᠢᠯ ᠓", "不是《条例》所指政府信息": "제 2 조"}
    out: list[str] = []
    for t in lines:
        out.append(t)
        if t.startswith("三、收到和处理"):
            out.append("Table 3 Applications received and handled")
        for label, words in said.items():
            if label in t and len(t) < 30:
                out.append(words)
    got = ogi.read("\n".join(out))
    assert {k: v for k, v in got.cells.items() if v != rep.cells[k]} == {}
    assert not [f for f in got.findings if f.severity == "error"]


def test_a_table_retyped_as_sentences_and_one_said_to_be_zero() -> None:
    """Each value after its column's name (a row a sentence, table 4 one paragraph) is read where it stands; a
    row naming some of its columns only has those read and the others unread in doubt (cells.uncertain: no
    zeros, no false arithmetic error); a table said in words to be all 0 is 0, each value's place the
    sentence's, with one cells.stated finding quoting it."""
    import ogi
    from ogi.samples import generate, print_report

    rep = generate(12, tid="2021", scale=5)
    rep.layout.retyped = {"t3": "sentences", "t4": "sentences"}
    got = ogi.read(print_report(rep, "pipe"))
    assert {k: v for k, v in got.cells.items() if v != rep.cells[k]} == {}
    assert got.provenance["t3.new.total"].line == got.provenance["t3.new.natural"].line
    short = print_report(rep, "pipe").replace("，其他0件，总计", "，总计", 1)
    assert short != print_report(rep, "pipe")
    row = ogi.read(short)
    left = [k for k, v in row.cells.items() if v != rep.cells[k]]
    assert len(left) == 1 and row.cells[left[0]] is None
    assert [f.rule for f in row.findings if f.severity != "info"] == ["cells.uncertain"]
    for k in rep.cells:
        if k.startswith("t4."):
            rep.cells[k] = 0
    rep.layout.retyped = {"t4": "stated_zero"}
    zero = ogi.read(print_report(rep, "pipe"))
    assert all(zero.cells[k] == 0 and zero.provenance[k].placed == "stated" for k in rep.cells if k.startswith("t4."))
    stated = [f for f in zero.findings if f.rule == "cells.stated"]
    assert len(stated) == 1 and "表四各项数据均为0" in stated[0].message and stated[0].severity == "warning"
    assert not [f for f in zero.findings if f.rule == "cells.missing"]


def test_table_3_told_in_sentences_then_the_rest_said_zero_keeps_what_is_stated() -> None:
    """Table 3 told in the prose's sentences (收到申请4件，均为自然人提出。其中部分公开1件，无法提供（没有现成信息需要
    另行制作）2件…), then 表三其余各项均为0: each figure stated stands in its row's total (a group's figure in the
    row its words name), in the one column its applicants came from, the sums ((七)总计) their parts', the rest 0 —
    no narrative.mismatch, no error. Said of the whole table (表三各项数据均为0) the figures are 0 and the prose
    disagrees; the applicants not named, the stated rows' columns are unread in doubt (cells.uncertain), no zeros."""
    from ogi.samples.variants.kinds import RETYPED_FORMS, retyped

    seed = RETYPED_FORMS.index("rest_said")
    plan = retyped(seed, "pipe", random.Random(seed))
    rep = plan.rep
    text = print_report(rep, "pipe")
    note = next(ln for ln in text.splitlines() if "其余各项" in ln or "其他各项" in ln)
    got = ogi.read(text)
    t3 = [k for k in rep.cells if k.startswith("t3.")]
    assert sum(rep.cells[k] != 0 for k in t3) >= 6  # (figures stated, in a column and the totals)
    assert {k: got.cells[k] for k in t3 if got.cells[k] != rep.cells[k]} == {}
    assert all(got.provenance[k].placed == "stated" for k in t3)
    assert not [f for f in got.findings if f.severity == "error" or f.rule == "narrative.mismatch"]
    assert [f.rule for f in got.findings if f.rule.startswith("cells.")] == ["cells.stated"]
    whole = ogi.read(text.replace(note, note.split("。")[0] + "。表三各项数据均为0。"))
    assert all(whole.cells[k] == 0 for k in t3)
    assert [f for f in whole.findings if f.rule == "narrative.mismatch"]
    sole = next(w.format(c) for w in SOLE for c in ("自然人", "商业企业") if w.format(c) in note)
    unnamed = ogi.read(text.replace(sole, "均已受理"))
    assert unnamed.cells["t3.new.total"] == rep.cells["t3.new.total"]
    assert unnamed.cells["t3.new.natural"] is None and unnamed.cells["t3.carried_in.natural"] == 0
    assert "cells.uncertain" in {f.rule for f in unnamed.findings}
    assert not [f for f in unnamed.findings if f.severity == "error" or f.rule == "narrative.mismatch"]


@pytest.mark.parametrize("where", ["under", "row"])
def test_table_3_printing_its_rows_not_zero_then_a_note_in_the_table_says_the_rest_are_zero(where: str) -> None:
    """Table 3 printing only its rows holding a figure, then a note that the rest are 0 directly under its last
    pipe row (no blank line: the grid's own one-cell line) or as an HTML table's last row one cell across
    (<td colspan=8>注：其余各项均为0</td>): the rows not printed are 0, placed "stated" (cells.stated), no
    cells.missing. Without the note they are missing (an error)."""

    rep = generate(5, tid="2021", scale=2)
    zero = [
        r.key
        for r in template("2021").table("t3").rows
        if all(
            rep.cells[k] == 0
            for k in rep.cells
            if k.startswith(f"t3.{r.key}.") and k.count(".") == r.key.count(".") + 2
        )
    ]
    assert zero and len(zero) < 20
    lines = print_report(rep, "pipe").splitlines()
    first = next(i for i, ln in enumerate(lines) if ln.startswith("一、本年新收") and " | " in ln)
    end = next(i for i, ln in enumerate(lines) if ln.startswith("四、结转下年度") and " | " in ln) + 1
    cells = [[c.strip() for c in ln.split("|") if c.strip()] for ln in lines]
    gone = {i for i in range(first, end) if all(c == "0" for c in cells[i] if c.isdigit()) and cells[i][-1] == "0"}
    assert 2 <= len(gone) < end - first - 2
    note = "注：表中未列出的其余各项均为0。"
    kept = [ln for i, ln in enumerate(lines) if i not in gone]
    at = max(kept.index(lines[i]) for i in range(first, end) if i not in gone) + 1
    if where == "under":
        kept.insert(at, note)
        got = ogi.read("\n".join(kept))
    else:  # every line a paragraph, each pipe row a table's row, the note its last row one cell across
        out, rows_html = ["<html><body>"], []
        for i, ln in enumerate(kept):
            if " | " in ln:
                if "---" not in ln:
                    cells = ln.strip().strip("|").split("|")
                    rows_html.append("<tr>" + "".join(f"<td>{c.strip()}</td>" for c in cells) + "</tr>")
                if i + 1 < len(kept) and " | " in kept[i + 1]:
                    continue
                if i + 1 == at:
                    rows_html.append("<tr><td colspan=8>注：其余各项均为0</td></tr>")
                out.append("<table>" + "".join(rows_html) + "</table>")
                rows_html = []
            elif ln.strip():
                out.append(f"<p>{ln}</p>")
        got = ogi.read("\n".join([*out, "</body></html>"]))
    t3keys = [k for k in rep.cells if k.startswith("t3.")]
    assert {k: got.cells[k] for k in t3keys if got.cells[k] != rep.cells[k]} == {}
    said = {
        f"t3.{row.key}." for row in template("2021").table("t3").rows if row.label in "".join(lines[i] for i in gone)
    }
    assert said and all(got.provenance[k].placed == "stated" for k in t3keys if k.startswith(tuple(said)))
    assert "cells.stated" in {f.rule for f in got.findings}
    assert not [f for f in got.findings if f.rule == "cells.missing"]
    bare = ogi.read("\n".join(k for k in kept if k != note))
    assert [f for f in bare.findings if f.rule == "cells.missing" and f.severity == "error"]


@pytest.mark.parametrize("said", DENIED_T4)
def test_table_4_replaced_by_a_sentence_denying_every_case_is_all_zero(said: str) -> None:
    """Table 4 not printed, a sentence in its section denying every case it counts (本年度未发生政府信息公开行政
    复议、行政诉讼案件。 无行政复议、行政诉讼情况。): its fifteen values 0, each placed "stated" on the sentence's line,
    one cells.stated finding quoting it, no cells.missing. A sentence denying the reviews only leaves the suits
    unread (cells.missing), and one denying corrections only (未发生行政复议被纠错) no row at all."""
    import ogi
    from ogi.samples import generate, print_report

    rep = generate(12, tid="2021", scale=5)
    for k in rep.cells:
        if k.startswith("t4."):
            rep.cells[k] = 0
    rep.layout.retyped = {"t4": "denied"}
    text = print_report(rep, "pipe")
    denial = next(ln for ln in text.splitlines() if ln in DENIED_T4)
    text = text.replace(denial, said)
    got = ogi.read(text)
    t4 = [k for k in rep.cells if k.startswith("t4.")]
    assert len(t4) == 15 and all(got.cells[k] == 0 and got.provenance[k].placed == "stated" for k in t4)
    stated = [f for f in got.findings if f.rule == "cells.stated"]
    assert len(stated) == 1 and said in stated[0].message
    assert not [f for f in got.findings if f.rule in ("cells.missing", "cells.blank")]
    reviews = ogi.read(text.replace(said, "本年度未发生政府信息公开行政复议案件。"))
    assert all(reviews.cells[k] == 0 for k in t4 if k.startswith("t4.review."))
    assert all(reviews.cells[k] is None for k in t4 if not k.startswith("t4.review."))
    missing = [f for f in reviews.findings if f.rule == "cells.missing"]
    assert missing and all(f.severity == "error" and "行政诉讼" in f.message for f in missing)
    corrections = ogi.read(text.replace(said, "本年度未发生政府信息公开行政复议被纠错的情况。"))
    assert all(corrections.cells[k] is None for k in t4)


@pytest.mark.parametrize("body", ZERO_BODIES)
@pytest.mark.parametrize("style", ["pipe", "markdown", "lines"])
def test_table_3_header_then_a_line_saying_all_zero_is_zero(style: str, body: str) -> None:
    """Table 3's header printed (自然人 | 法人或其他组织 | 总计 …), then one line in its rows' place saying they are
    all 0 (无 — as 无 in a cell is 0 —, 均为0, 本表数据均为零): every value 0, placed "stated", one cells.stated
    quoting the line; the header's 总计 no row (七)总计 printed blank (no cells.blank), no cells.missing. The
    same line with a row printed after it says nothing of the table: the rows not printed missing."""
    import ogi
    from ogi.samples import generate, print_report

    rep = generate(3, tid="2021", scale=5)
    for k in rep.cells:
        if k.startswith("t3."):
            rep.cells[k] = 0
    rep.layout.retyped = {"t3": "header_zero"}
    lines = print_report(rep, style).splitlines()
    at = lines.index(zero_body(rep, "t3"), next(i for i, ln in enumerate(lines) if ln.startswith("三、")))
    text = "\n".join([*lines[:at], body, *lines[at + 1 :]])
    got = ogi.read(text)
    t3 = [k for k in rep.cells if k.startswith("t3.")]
    assert all(got.cells[k] == 0 and got.provenance[k].placed == "stated" for k in t3)
    stated = [f for f in got.findings if f.rule == "cells.stated"]
    assert len(stated) == 1 and f"「{body}」" in stated[0].message
    assert not [f for f in got.findings if f.rule in ("cells.missing", "cells.blank")]
    if "表" in body:
        return  # (本表数据均为零 over rows printed says the others are 0: 表中其余各项均为0's kind)
    row = "一、本年新收政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1"
    more = ogi.read("\n".join([*lines[:at], body, row, *lines[at + 1 :]]))
    assert more.cells["t3.granted.total"] is None
    assert not [f for f in more.findings if f.rule == "cells.stated"]


def test_a_report_with_its_errata_reads_as_corrected() -> None:
    """A 勘误表 after the report (位置 | 原数据 | 更正后数据, a row a cell: its table, row and column named) stands:
    each cell read as the old figure is the new one, its place the correction's (placed "errata"), said as
    cells.corrected (info) — no false arithmetic error of the figures it corrects; a cell read as neither is
    left as read; a row naming no cell is passed over."""
    import ogi
    from ogi.samples import generate, print_report

    rep = generate(6, tid="2021", scale=5)
    n, t = int(rep.cells["t3.new.natural"]), int(rep.cells["t3.new.total"])
    rep.layout.texts["t3.new.natural"], rep.layout.texts["t3.new.total"] = str(n + 3), str(t + 3)
    rep.layout.back = (
        rep.agency,
        "勘误表",
        "| 位置 | 原数据 | 更正后数据 |",
        f"| 表三 一、本年新收政府信息公开申请数量 自然人 | {n + 3} | {n} |",
        f"| 表三 一、本年新收政府信息公开申请数量 总计 | {t + 3} | {t} |",
        f"| 表四 行政复议 总计 | {int(rep.cells['t4.review.total']) + 5} | 1 |",  # read as neither: as read
        "| 第一部分 第二段 | 2 | 3 |",
    )
    got = ogi.read(print_report(rep, "pipe"))
    assert {k: v for k, v in got.cells.items() if v != rep.cells[k]} == {}
    assert got.provenance["t3.new.natural"].placed == "errata"
    said = sorted(f.keys[0] for f in got.findings if f.rule == "cells.corrected")
    assert said == ["t3.new.natural", "t3.new.total"]
    assert not [f for f in got.findings if f.severity == "error"]


@pytest.mark.parametrize("where", ["mid_row", "heading", "html"])
def test_an_input_cut_short_says_doubt_not_missing(where: str) -> None:
    """A download cut part way (inside table 3's rows, at its heading; a page's markup ending inside a
    table): what it holds read as printed, what it does not null and in doubt (cells.uncertain: cut) — never
    cells.missing, an error of the source's — and the last row's cells it ends before no blanks."""
    import ogi
    from ogi.samples import generate, print_report
    from ogi.samples.html import render_html

    rep = generate(5, tid="2021", scale=5)
    if where == "html":
        page = render_html(rep)
        text = page[: page.index("属于国家秘密") + 40]
        text = text[: text.rindex("<td")]
    else:
        text = print_report(rep, "pipe")
        at = text.index("3.危及") if where == "mid_row" else text.index("三、收到和处理")
        text = text[: text.index("|", text.index("|", at + 12) + 1) + 1] if where == "mid_row" else text[: at + 20]
    got = ogi.read(text)
    assert not [f for f in got.findings if f.severity == "error"], [f.message for f in got.findings]
    read = {k: v for k, v in got.cells.items() if v is not None}
    assert read and all(v == rep.cells[k] for k, v in read.items())
    assert any(f.rule == "cells.uncertain" and f.values.get("doubt") == "cut" for f in got.findings)
    # the sections after the cut are not said missing: the source may print them
    assert not [f for f in got.findings if f.rule == "section.missing"], [f.message for f in got.findings]


def test_a_row_printed_with_its_values_past_reading_is_doubt_not_missing() -> None:
    """A row of table 3 whose label is printed whole and whose values are smudged past reading (an OCR tool's ▇,
    ■, ?): its values unread and in doubt (cells.uncertain, ``labelled``) — not cells.missing, an error that
    says the source lacks the row. A 2021 table printing (六)其他处理 undivided still lacks its three rows."""
    rep = generate(21, tid="2021", scale=20)
    text = print_report(rep, "pipe")
    line = next(ln for ln in text.split("\n") if "2.其他法律行政法规禁止公开" in ln)
    cells = line.split(" | ")
    label = 2 if not cells[1][:1].isdigit() or "." in cells[1] else 1  # (the row's label in one cell or two)
    smudged = " | ".join([*cells[:label], *["▇■" for _ in cells[label:-1]], "?? |"])
    got = ogi.read(text.replace(line, smudged, 1))
    row = [k for k in rep.cells if k.startswith("t3.denied.law.")]
    assert all(got.cells[k] is None for k in row)
    assert not [f.message for f in got.findings if f.rule == "cells.missing"]
    said = [f for f in got.findings if f.rule == "cells.uncertain" and f.values.get("doubt") == "labelled"]
    assert said and set(row) <= {k for f in said for k in f.keys}
    assert all(v == rep.cells[k] for k, v in got.cells.items() if v is not None)


def test_table_4_with_a_total_column_headed_on_its_top_line_only() -> None:
    """Table 4 in a grid with a 合计 column of the organ's own after the fifteen, headed on the top line only (行政复议
    | 行政诉讼 | 合计, the lines below ending under 复议后起诉): the fifteen read, 合计 none of 复议后起诉's —
    before, the last group's heading was taken to span it, and every group moved a column."""
    import re

    from ogi.samples.html import render_html

    rep = generate(31, tid="2021", scale=20)
    t4 = rep.template.table("t4")
    values = [int(rep.cells[f"t4.{r.key}.{c.key}"]) for r in t4.rows for c in r.columns]
    heads = "".join(f"<td>{c.label}</td>" for c in t4.rows[0].columns)
    table = (
        "<table border=1>"
        '<tr><td colspan="5">行政复议</td><td colspan="10">行政诉讼</td><td rowspan="3">合计</td></tr>'
        f"<tr>{''.join(f'<td rowspan=2>{c.label}</td>' for c in t4.rows[0].columns)}"
        '<td colspan="5">未经复议直接起诉</td><td colspan="5">复议后起诉</td></tr>'
        f"<tr>{heads}{heads}</tr>"
        f"<tr>{''.join(f'<td>{v}</td>' for v in values)}<td>{values[4] + values[9] + values[14]}</td></tr>"
        "</table>"
    )
    page = render_html(rep)
    start = page.index("<table", page.index("四、政府信息公开行政复议"))
    page = page[:start] + table + page[page.index("</table>", start) + len("</table>") :]
    assert re.search(r"<td rowspan=\"3\">合计</td>", page)
    got = ogi.read(page)
    assert {k: v for k, v in got.cells.items() if k.startswith("t4.")} == {
        k: v for k, v in rep.cells.items() if k.startswith("t4.")
    }
    assert not [f for f in got.findings if f.severity == "error"]


@pytest.mark.parametrize("how", ["attachment", "pages", "picture", "script", "site_script"])
def test_a_table_the_input_says_is_elsewhere_is_doubt_not_missing(how: str) -> None:
    """A table not in the file held that the report says is elsewhere — its section pointing to an attachment not
    saved (详见附表三, 附件：…统计表.xls), the input one page of several (第1页 共2页, 下一页), the table a picture
    whose file a markdown text does not hold (![](t3.png)), a page's table a script loads (an empty
    <div id="table3"> and $.load): its values doubt (cells.uncertain, one for the table), never cells.missing —
    which says the source lacks it."""
    from ogi.samples.html import render_html

    rep = generate(9, tid="2021", scale=20)
    text = print_report(rep, "pipe")
    start = text.index("三、收到和处理政府信息公开申请情况")
    end = text.index("四、政府信息公开行政复议")
    heading = "三、收到和处理政府信息公开申请情况\n"
    if how == "attachment":
        text = text[:start] + heading + "（详见附表三）\n附件：2023年政府信息公开工作年度报告统计表.xls\n" + text[end:]
    elif how == "pages":
        text = text[:start] + heading + "第1页 共2页 下一页\n"
    elif how == "picture":
        text = text[:start] + heading + "![](images/t3.png)\n" + text[end:]
    else:
        page = render_html(rep)
        s = page.index("<table", page.index("三、收到和处理"))
        e = page.index("</table>", s) + len("</table>")
        script = '<script>$("#table3").load("/api/nb/table3.html");</script>'
        if how == "site_script":  # (a site's own function given the data's address)
            script = '<script>loadTable("#table3", "/xxgk/nb/2023/sqgk.json");</script>'
        text = page[:s] + '<div id="table3"></div>' + page[e:].replace("</body>", script + "</body>", 1)
    got = ogi.read(text)
    t3 = [k for k in rep.cells if k.startswith("t3.")]
    assert all(got.cells[k] is None for k in t3)
    assert all(got.cells[k] == rep.cells[k] for k in rep.cells if k.startswith("t2."))
    assert not [f.message for f in got.findings if f.rule == "cells.missing" or f.severity == "error"]
    said = [f for f in got.findings if f.rule == "cells.uncertain" and set(t3) <= set(f.keys)]
    assert len(said) == 1


def test_a_reports_first_page_of_several_is_read_not_refused() -> None:
    """A report's first web page of several (its title and section 一, then 第1页 共3页 下一页): a report read in
    part — its organ and year, its tables doubt (elsewhere) — not refused as no report."""
    rep = generate(9, tid="2021", scale=20)
    text = print_report(rep, "pipe")
    text = text[: text.index("二、主动公开政府信息情况")] + "第1页 共3页 下一页\n"
    got = ogi.read(text)
    assert (got.agency, got.year) == (rep.agency, rep.year)
    assert all(v is None for v in got.cells.values())
    assert not [f.message for f in got.findings if f.severity == "error"]


def test_tables_comparing_the_years_read_this_years_columns_and_rows() -> None:
    """Tables printing last year's figures beside this year's: table 3 with 本年 | 上年 under each applicant, table 4
    with rows 本年 / 上年 / 同比增减 — this year's read, the other year's and the change's left out (before: the first
    seven numbers of a row read in order, false t3.column_sum errors; a false table.duplicate error of table 4)."""
    import random

    rep = generate(23, tid="2021", scale=20)
    rng = random.Random(5)
    t3, t4 = rep.template.table("t3"), rep.template.table("t4")
    text = print_report(rep, "markdown")
    s3 = text.index("| (本列数据")
    e3 = text.index("\n四、", s3)
    cols = [c.label for c in t3.columns]
    lines = [
        "| 项目 | " + " | ".join(f"{c} | " for c in cols) + "|",
        "|---|" + "---|" * (2 * len(cols)),
        "| | " + " | ".join("本年 | 上年" for _ in cols) + " |",
    ]
    for r in t3.rows:
        cells = []
        for c in t3.columns:
            cells += [str(int(rep.cells[f"t3.{r.key}.{c.key}"])), str(rng.randint(0, 40))]
        lines.append(f"| {r.display} | " + " | ".join(cells) + " |")
    text = text[:s3] + "\n".join(lines) + text[e3:]
    values = [int(rep.cells[f"t4.{r.key}.{c.key}"]) for r in t4.rows for c in r.columns]
    s4 = text.index("|", text.index("四、政府信息公开行政复议"))
    e4 = text.index("\n五、", s4)
    heads = text[s4:e4].split("\n")[:-1]  # (its headings' lines, a column before them: the year)
    last = [rng.randint(0, 3) for _ in values]
    t4_lines = [
        *[("| 年度 " if i == 0 else "| ") + ln for i, ln in enumerate(heads)],
        "| 本年 | " + " | ".join(map(str, values)) + " |",
        "| 上年 | " + " | ".join(map(str, last)) + " |",
        "| 同比增减 | "
        + " | ".join(f"{v - w:+d}" if v != w else "0" for v, w in zip(values, last, strict=True))
        + " |",
    ]
    text = text[:s4] + "\n".join(t4_lines) + text[e4:]
    got = ogi.read(text)
    assert {k: v for k, v in got.cells.items() if v != rep.cells[k]} == {}
    assert not [f.message for f in got.findings if f.severity == "error"]


@pytest.mark.parametrize("fmt", ["html", "docx", "xlsx"])
def test_table_3s_total_column_cut_off_into_a_table_of_its_own(fmt: str) -> None:
    """Table 3's columns in two tables, the second its 总计 alone beside the rows' labels (one heading naming one
    column): each total under its heading (was: 25 totals missing, false cells.missing errors)."""
    from ogi.samples.variants import variant

    v = variant("pieces", fmt, 31)  # form t3_columns, 总计 alone (kinds.pieces)
    assert v.form == "t3_columns"
    r = ogi.read(v.data)
    assert r.cells == v.truth["cells"]
    assert not [f for f in r.findings if f.severity == "error"]


def test_table_3_printed_a_column_at_a_time_before_its_labels_is_doubt_not_error() -> None:
    """Table 3 as pdfminer's text of a PDF can give it: its first rows' labels, the headings, those rows' values
    a column at a time (each a paragraph), the other rows' labels, and their values past the next section's
    heading — no value after its own label. The values are placed by order only: where the reading's sums fail
    it says so as doubt (cells.uncertain), never as the source's error (was: t3.outcome_sum and t3.column_sum
    errors)."""
    rep = generate(331, tid="2021", scale=200)
    text = print_report(rep, "lines")
    table = rep.template.table("t3")
    start = text.index("申请人情况")
    end = text.index("四、政府信息公开行政复议")
    heads = ["申请人情况", "法人或其他组织", "自然人", "商业企业", "科研", "机构", "社会公益组织", "法律服务机构"]
    heads += ["总计", "其他"]
    rows = list(table.rows)

    def down(part: list[object]) -> list[str]:
        return [str(rep.cells[f"t3.{r.key}.{c.key}"]) for c in table.columns for r in part]  # type: ignore[attr-defined]

    labels = [r.label.replace(" ", "") for r in rows]
    first = "\n\n".join([*labels[:4], *heads, *down(rows[:4]), *labels[4:]])
    rest = "\n\n".join(down(rows[4:]))
    after = text[end:]
    cut = after.index("\n") + 1  # the rest of table 3's values past table 4's section heading
    r = ogi.read(text[:start] + first + "\n" + after[:cut] + rest + "\n" + after[cut:])
    assert not [f for f in r.findings if f.severity == "error"]
    doubted = {k for f in r.findings if f.rule == "cells.uncertain" for k in f.keys}
    wrong = {k for k in rep.cells if r.cells.get(k) != rep.cells[k]}
    assert wrong <= doubted


def test_a_digit_among_table_4s_headings_is_no_value_of_its_row() -> None:
    """A photograph's OCR reading a stroke of table 4's headings as a digit (结果维持 | 结果纠正 | 1 | 其他结果 …, its
    headings' words run together past placing the values under them) and losing the row's last value: the digit
    no value of the row (was the row's first, every value a column on, false t4.sum errors) — the row a value
    short, in doubt."""

    def line(words: list[tuple[str, float]], y: float) -> Line:
        return Line([Cell(t, Where(page=2, bbox=(x, y, x + 9 * len(t), y + 10)), 0.95) for t, x in words])

    heads = [("结果维", 95), ("持", 101), ("结果纠其他结尚未审", 129), ("正", 135), ("果", 168), ("结", 202)]
    heads += [("总计", 231), ("结果维持", 258), ("正", 297), ("结果纠其他结尚未审果", 291), ("1", 337), ("结", 359)]
    heads += [("总计", 390), ("持", 424), ("结果维结果纠正", 419), ("其他结", 480), ("尚未审", 514), ("总计", 553)]
    printed = [0, 0, 6, 0, 6, 0, 0, 8, 0, 8, 0, 1, 0, 0, 1]
    xs = [103, 136, 169, 203, 235, 267, 298, 331, 363, 394, 428, 459, 493, 527]
    doc = Document(
        Source(path=None, format="pdf"),
        [
            line([("行政复议", 157), ("行政诉讼", 395)], 100),
            line([("未经复议直接起诉", 301), ("复议后起诉", 471)], 120),
            line(heads, 140),
            line([(str(v), x) for v, x in zip(printed, xs, strict=False)], 160),  # (the last 1 not read)
        ],
    )
    r = read_tables(doc, template("2021"), {"t4": (0, len(doc.lines))})
    keys = [k for k in template("2021").keys if k.startswith("t4.")]
    assert all(r.cells[k] == v or k in r.doubts for k, v in zip(keys, printed, strict=True))
    assert any(r.cells[k] == 6 for k in keys[:5])  # (行政复议's 6 in its columns, not moved on)


@pytest.mark.parametrize("fmt", ["pipe", "markdown", "tabs", "html", "docx", "xlsx"])
def test_a_column_of_serial_numbers_is_no_values(fmt: str) -> None:
    """Table 3 with a column 序号 before its labels (1, 2, 3 … a row), as clerks add one (trial 93): its numbers are
    none of the table's values — no value moved, and no doubt of a number no row could hold (was: each row before
    the next's number doubted, 下一行另有未能归属的数字)."""
    from ogi.samples.variants.render import render_light

    rep = generate(58, tid="2021", scale=20)
    rep.layout.t3_serials = True
    r = ogi.read(render_light(rep, fmt, rep.seed, False))
    assert r.cells == rep.cells
    assert not [f for f in r.findings if f.rule == "cells.uncertain" or f.severity == "error"]


@pytest.mark.parametrize(
    ("fmt", "where"), list(itertools.product(["pipe", "markdown", "tabs", "html"], ["before", "after"]))
)
def test_table_4_with_a_column_totalling_every_group(fmt: str, where: str) -> None:
    """Table 4 with one column 合计 of its own, every group's 总计 summed, before the fifteen or after them (a county's
    form; trial 93: before them, in text, every value was read a column off, three false t4.sum)."""
    from ogi.samples.variants.render import render_light

    rep = generate(59, tid="2021", scale=20)
    rep.cells["t4.review.upheld"] += 2
    rep.cells["t4.review.total"] += 2
    rep.layout.t4_all_total = where
    r = ogi.read(render_light(rep, fmt, rep.seed, False))
    assert r.cells == rep.cells
    assert not [f for f in r.findings if f.rule in ("cells.uncertain", "t4.sum")]


@pytest.mark.parametrize("where", ["before", "after"])
def test_a_column_totalling_every_group_where_zeros_fit_either_place(where: str) -> None:
    """Table 4's 合计 column where the groups' 总计 of 0 make it fit before or after alike (16 | 0 5 0 6 11 | 3 2 0 0
    5 | 0 … 0): the headings say where it stands (a reviewer's: read after, every value a column off, t4.sum errors)."""
    from ogi.samples.variants.render import render_light

    rep = generate(59, tid="2021", scale=20)
    for k in [k for k in rep.cells if k.startswith("t4.")]:
        rep.cells[k] = 0
    rep.cells.update({"t4.review.corrected": 5, "t4.review.pending": 6, "t4.review.total": 11})
    rep.cells.update({"t4.suit_direct.upheld": 3, "t4.suit_direct.corrected": 2, "t4.suit_direct.total": 5})
    rep.layout.t4_all_total = where
    for fmt in ("pipe", "markdown", "tabs"):
        r = ogi.read(render_light(rep, fmt, rep.seed, False))
        assert r.cells == rep.cells, fmt
        assert not [f for f in r.findings if f.rule.startswith("t4.")]


def test_table_3_told_in_sentences_in_the_2019_format_holds_the_other_formats_rows_in_its_own() -> None:
    """A 2019-format report telling table 3 in sentences, 其他处理1件 among them, then 表三其余各项均为0:
    the prose's measure of (六)其他处理 names the 2021 format's three rows, which the 2019 table holds as one — the
    figure is that row's (a reviewer's: KeyError, the report unread), the rest 0, no error."""
    rep = generate(4, tid="2019", scale=20)
    lines = print_report(rep, "pipe").split("\n")
    head = next(i for i, ln in enumerate(lines) if "收到和处理政府信息公开申请情况" in ln)
    nxt = next(i for i in range(head + 1, len(lines)) if "政府信息公开行政复议" in lines[i])
    said = "本年度共收到政府信息公开申请2件，均为自然人提出。其中予以公开1件，其他处理1件。表三其余各项均为0。"
    r = ogi.read("\n".join([*lines[: head + 1], said, *lines[nxt:]]))
    assert r.template == "2019"
    assert (r.cells["t3.new.total"], r.cells["t3.granted.total"], r.cells["t3.other.total"]) == (2, 1, 1)
    assert r.cells["t3.new.natural"] == 2 and r.cells["t3.total.total"] == 2
    assert not [f for f in r.findings if f.severity == "error"]
