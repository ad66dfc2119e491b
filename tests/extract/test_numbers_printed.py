"""Numbers printed otherwise than in plain digits (a fresh user's trial of how numbers are printed): 负 for a
change's minus, a footnote's mark #, a fraction without its leading zero, counts typed in letters of the digits'
look only, counts set in brackets — and a cell no reading makes out, which leaves its row's other values in their
columns."""

from __future__ import annotations

import pytest

import ogi
from ogi.samples import generate, print_report
from ogi.samples.html import render_html
from ogi.samples.variants.kinds import cn_numeral


def _print(rep: object, fmt: str) -> str:
    return render_html(rep) if fmt == "html" else print_report(rep, fmt)  # type: ignore[arg-type]


def _said(r: ogi.Report, rule: str) -> dict[str, str | None]:
    """Keys of the findings of ``rule`` → the doubt each names (None: no doubt named)."""
    out: dict[str, str | None] = {}
    for f in r.findings:
        if f.rule == rule:
            for k in f.keys:
                out[k] = f.values.get("doubt") if isinstance(f.values.get("doubt"), str) else None
    return out


def _report_2019(seed_from: int = 0) -> object:
    """A 2019 report whose 行政许可 row shows a change below zero and decisions printed."""
    return next(
        r
        for s in range(seed_from, 300)
        if (r := generate(s, tid="2019", scale=20)).cells["t2.licensing.change"] < 0
        and r.cells["t2.licensing.decisions"] > 0
        and r.cells["t2.licensing.prev_items"] > 0
    )


@pytest.mark.parametrize("fmt", ["html", "pipe", "pdftext"])
@pytest.mark.parametrize("numerals", [False, True])
def test_a_change_after_the_word_fu_is_below_zero(fmt: str, numerals: bool) -> None:
    """本年增/减 printed 负2 or 负二 (2019 format): -2, sure, and the row's other values their own (trial: 负2 was no
    value, and the value after it, 283, read a blank 0; 负二 cost the row's three counts in Chinese numerals)."""
    rep = _report_2019()
    down = int(rep.cells["t2.licensing.change"])  # type: ignore[attr-defined]
    texts = rep.layout.texts  # type: ignore[attr-defined]
    if numerals:
        if fmt == "pdftext":
            pytest.skip("counts in Chinese numerals are read in a grid's cells")
        for k in ("t2.licensing.prev_items", "t2.licensing.decisions"):
            texts[k] = cn_numeral(int(rep.cells[k]))  # type: ignore[attr-defined]
    texts["t2.licensing.change"] = f"负{cn_numeral(-down) if numerals else -down}"
    r = ogi.read(_print(rep, fmt))
    assert r.cells == rep.cells  # type: ignore[attr-defined]
    assert not [f for f in r.findings if f.severity in ("error", "warning")], [f.message for f in r.findings]


@pytest.mark.parametrize("fmt", ["html", "pipe", "markdown"])
@pytest.mark.parametrize("shown", ["约{}", "{}a", "X"])
@pytest.mark.parametrize("key", ["t2.licensing.change", "t2.licensing.prev_items", "t2.licensing.decisions"])
def test_a_cell_not_read_leaves_the_rows_other_values_in_their_columns(fmt: str, shown: str, key: str) -> None:
    """A cell of a row holding no label and no number the reading makes out (约2, 2a, X), first, between the row's
    values or last: that value unread (None), said as doubt (cells.uncertain, unread), never a blank 0 nor the
    source's error; the row's other values each in its column (trial: the values after it were lost, those before
    read with blanks filled in)."""
    rep = _report_2019()
    v = abs(int(rep.cells[key]))  # type: ignore[attr-defined]
    if shown == "X" and key != "t2.licensing.change":
        pytest.skip("a cell with no digit before or after the row's values may be a label's")
    rep.layout.texts[key] = shown.format(v)  # type: ignore[attr-defined]
    r = ogi.read(_print(rep, fmt))
    want = dict(rep.cells)  # type: ignore[attr-defined]
    want[key] = None
    assert r.cells == want
    assert _said(r, "cells.uncertain").get(key) == "unread"
    assert not [f for f in r.findings if f.severity == "error"]
    assert key not in _said(r, "cells.blank") and key not in _said(r, "cells.missing")


def test_a_label_cut_after_a_rows_numbering_stays_a_label() -> None:
    """A grid's row numbered in a column of its own (5 | (三)不予公开 | 1.属 / 于国家秘密 | 0 …: its label broken over
    two lines) keeps its label: no text of a label is an unread value."""
    from ogi.extract.tokens import TEXT, VALUE, tokens_of
    from ogi.model import Cell, Line, Where

    def row(texts: tuple[str, ...], at: int) -> Line:
        return Line([Cell(t, Where(line=at, table=0, row=at, col=i)) for i, t in enumerate(texts)], grid=0)

    lines = [row(("5", "(三)不予公开", "1.属"), 1), row(("于国家秘密", "0", "0", "X", "0"), 2)]
    toks = tokens_of(lines, 0, 2, False)
    assert [(t.kind, t.value) for t in toks] == [
        (VALUE, 5),
        (TEXT, None),
        (TEXT, None),
        (TEXT, None),
        (VALUE, 0),
        (VALUE, 0),
        (VALUE, None),
        (VALUE, 0),
    ]
    assert toks[6].doubt == "unread"


@pytest.mark.parametrize("mark", ["#", "＃", "##"])
@pytest.mark.parametrize("fmt", ["pipe", "html", "pdftext"])
def test_a_hash_after_a_value_is_a_footnotes_mark(mark: str, fmt: str) -> None:
    """78# (a footnote's mark, its note under the table: #含简易程序。): 78 (trial: None)."""
    rep = generate(5, tid="2021", scale=20)
    n = rep.cells["t2.penalty.decisions"]
    rep.layout.texts["t2.penalty.decisions"] = f"{n}{mark}"
    rep.layout.below["t2"] = (f"{mark}含简易程序。",)
    r = ogi.read(_print(rep, fmt))
    assert r.cells == rep.cells
    assert not [f for f in r.findings if f.severity == "error"]


@pytest.mark.parametrize("fmt", ["pipe", "html", "pdftext"])
def test_a_fraction_without_its_leading_zero(fmt: str) -> None:
    """A fee of .35 (万元: as a spreadsheet shows 0.35): 0.35 (trial: None)."""
    rep = generate(5, tid="2021", scale=20)
    rep.cells["t2.fees.amount"] = 0.35
    rep.layout.texts["t2.fees.amount"] = ".35"
    r = ogi.read(_print(rep, fmt))
    assert r.cells == rep.cells
    assert not [f for f in r.findings if f.severity == "error"]
