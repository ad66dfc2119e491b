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


def _read_unread(r: ogi.Report, rep: object, key: str) -> None:
    """``r`` holds ``rep``'s values but ``key``'s, not read and in doubt (unread): no blank, no missing, no error."""
    want = dict(rep.cells)  # type: ignore[attr-defined]
    want[key] = None
    assert r.cells == want
    assert _said(r, "cells.uncertain").get(key) == "unread"
    assert not [f for f in r.findings if f.severity == "error"]
    assert key not in _said(r, "cells.blank") and key not in _said(r, "cells.missing")


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
    _read_unread(r, rep, key)


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


@pytest.mark.parametrize("fmt", ["html", "pipe"])
def test_a_count_typed_in_letters_only_is_the_number_in_doubt(fmt: str) -> None:
    """A count of the digits 0 and 1 typed in letters of their look only (lO for 10, lOO, ll) in a grid's cell:
    that number, read in doubt (garbled) — never a blank 0 (trial: table 3's 总计 lO read 0, a false
    t3.column_sum error)."""
    rep = generate(5, tid="2021", scale=20)
    rep.cells.update({"t2.normative.issued": 10, "t2.licensing.decisions": 100, "t2.penalty.decisions": 11})
    shown = {"t2.normative.issued": "lO", "t2.licensing.decisions": "lOO", "t2.penalty.decisions": "ll"}
    rep.layout.texts.update(shown)
    r = ogi.read(_print(rep, fmt))
    assert r.cells == rep.cells
    said = _said(r, "cells.uncertain")
    assert {k: said.get(k) for k in shown} == dict.fromkeys(shown, "garbled")
    assert not [f for f in r.findings if f.severity == "error"]


def test_a_total_typed_in_letters_only_breaks_no_sum() -> None:
    """Table 3's 总计 of 10 printed lO: 10, its row's and column's sums holding (no t3 finding)."""
    rep = next(r for s in range(300) if (r := generate(s, tid="2021", scale=5)).cells["t3.granted.total"] == 10)
    rep.layout.texts["t3.granted.total"] = "lO"
    r = ogi.read(render_html(rep))
    assert r.cells == rep.cells
    assert not [f for f in r.findings if f.rule.startswith("t3.") or f.severity == "error"]


def test_letters_of_no_count_are_no_count() -> None:
    """Roman numerals (II, III: a row's numbering) and the Chinese numerals 〇〇 are no letters typed for a count."""
    from ogi.extract.tokens import TEXT, VALUE, _classify

    assert [_classify(t, False)[:3] for t in ("lO", "Il", "lOl", "ll")] == [
        (VALUE, "10", 10.0),
        (VALUE, "11", 11.0),
        (VALUE, "101", 101.0),
        (VALUE, "11", 11.0),
    ]
    assert [_classify(t, False)[0] for t in ("II", "III", "〇〇", "lO号", "Oil")] == [TEXT, TEXT, TEXT, TEXT, TEXT]
    assert _classify("lO", True)[0] == TEXT  # (a word of prose: among a row's values only, tokens_of)


@pytest.mark.parametrize("fmt", ["html", "pipe", "markdown"])
def test_a_count_in_brackets_is_the_count_in_doubt(fmt: str) -> None:
    """Counts set in brackets (（2）, (7)) in a count's column: the counts — no accounting negative where no number
    below zero can stand, no cells.invalid of the source — in doubt where no sum confirms them (bracketed);
    a fee's amount so too. A change in brackets ((3)) stays a change below zero, sure (trial: −2, eight false
    cells.invalid errors)."""
    rep = _report_2019()
    rep.cells["t2.procurement.amount"] = 12.5
    down = int(rep.cells["t2.licensing.change"])  # type: ignore[attr-defined]
    texts = {
        "t2.licensing.decisions": "（{}）",
        "t2.penalty.decisions": "({})",
        "t2.procurement.amount": "({})",
        "t4.review.upheld": "（{}）",
    }
    cells = rep.cells  # type: ignore[attr-defined]
    cells["t4.review.upheld"] += 2
    cells["t4.review.total"] += 2
    cells["t2.penalty.decisions"] = max(1, cells["t2.penalty.decisions"])
    rep.layout.texts.update({k: form.format(cells[k]) for k, form in texts.items()})  # type: ignore[attr-defined]
    rep.layout.texts["t2.licensing.change"] = f"({-down})"  # type: ignore[attr-defined]
    r = ogi.read(_print(rep, fmt))
    assert r.cells == cells
    said = _said(r, "cells.uncertain")
    assert {k: said.get(k) for k in texts if k.startswith("t2.")} == {
        k: "bracketed" for k in texts if k.startswith("t2.")
    }
    assert "t2.licensing.change" not in said
    assert not [f for f in r.findings if f.severity == "error" or f.rule == "cells.invalid"]


@pytest.mark.parametrize("remark", ["注1", "注①", "×2", "*1", "2020年"])
def test_a_remark_after_a_rows_values_is_no_value(remark: str) -> None:
    """A cell after a row's last value holding a remark (a note's mark, a multiplier, a year: 行政许可 | 10 | 注1 |) is
    no value the reading could not make out: the row reads as printed, with no doubt (a reviewer's: a false
    cells.uncertain, a value too many). In the 2019 format, whose 行政许可 row fills its three columns."""
    rep = _report_2019()
    text = print_report(rep, "pipe")  # type: ignore[arg-type]
    lines = text.split("\n")
    at = next(i for i, ln in enumerate(lines) if ln.lstrip("| ").startswith("行政许可"))
    lines[at] = lines[at].rstrip() + f" {remark} |"
    r = ogi.read("\n".join(lines))
    assert r.cells == rep.cells
    assert not [f for f in r.findings if f.rule == "cells.uncertain"]


@pytest.mark.parametrize("fmt", ["html", "pipe", "markdown", "tabs", "docx"])
@pytest.mark.parametrize("lost", ["?", "？", "\ufffd", "??"])
@pytest.mark.parametrize(
    "key",
    ["t2.licensing.prev_items", "t2.licensing.change", "t3.granted.natural", "t3.granted.corp", "t4.review.upheld"],
)
def test_a_character_the_encoding_lost_is_a_value_not_read_in_its_column(fmt: str, lost: str, key: str) -> None:
    """A cell printed ? (a character the text's encoding had no byte for — a dash, a full-width digit — as a page
    saved in a narrower character set shows it; ？, �): a value not read (None, in doubt: unread), never a blank 0,
    and the row's other values each in its column — first in its row (table 4's fifteen, after a label), between
    values or last (trial: the cell was dropped and the values after it moved a column left, false t3.column_sum
    errors in tabs; in a page's table read a blank 0)."""
    from ogi.samples.docx import render_docx

    rep = _report_2019() if key.startswith("t2.") else generate(5, tid="2021", scale=20)
    rep.layout.texts[key] = lost  # type: ignore[attr-defined]
    r = ogi.read(render_docx(rep) if fmt == "docx" else _print(rep, fmt))  # type: ignore[arg-type]
    _read_unread(r, rep, key)


@pytest.mark.parametrize("fmt", ["html", "pipe", "tabs", "cells", "docx"])
def test_a_row_of_characters_the_encoding_lost_is_a_row_not_read(fmt: str) -> None:
    """Table 4's row of fifteen printed ? every one (counts typed in full-width digits, saved in a narrower character
    set), or a table flattened a cell a line (``? |``): each value not read, in doubt — no row of blanks read 0, no
    value moved (trial: the row read fifteen sure zeros, cells.blank; a cell a line dropped moved every later value,
    false sums' errors)."""
    from ogi.samples.docx import render_docx

    rep = generate(5, tid="2021", scale=20)
    keys = [k for k in rep.cells if k.startswith("t4.")] if fmt != "cells" else ["t3.granted.natural"]
    for k in keys:
        rep.layout.texts[k] = "?"
    r = ogi.read(render_docx(rep) if fmt == "docx" else _print(rep, fmt))
    assert {k: r.cells[k] for k in rep.cells if r.cells[k] != rep.cells[k]} == dict.fromkeys(keys)
    assert set(keys) <= {k for k, why in _said(r, "cells.uncertain").items() if why == "unread"}
    assert not [f for f in r.findings if f.severity == "error" or f.rule == "cells.blank"]
