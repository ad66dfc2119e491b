"""Cross-year rules against the same organ's previous report: real series, and altered copies."""

from __future__ import annotations

import copy
import itertools

import pytest

import ogi
from analysis_data import REAL, altered, hongze, pingtan
from ogi.check.cross_year import (
    REPEATED_AT,
    carryover,
    check_pair,
    in_force,
    repeated,
    repetition,
    repetition_rate,
)
from ogi.corpus.series import cross_year
from ogi.template import rule, template


def test_pingtan_series_has_no_false_carryover(shared: object) -> None:
    pairs = list(cross_year(pingtan()))
    assert [(p.previous.year, p.current.year) for p in pairs] == [(y, y + 1) for y in range(2019, 2025)]
    assert len({p.series for p in pairs}) == 1
    for p in pairs:
        assert not [f for f in p.findings if f.rule == "cross_year.carryover"], (p.current.year, p.findings)
        assert not [f for f in p.findings if f.severity == "error"]


def test_carryover_across_formats_2020_to_2021_is_compared(shared: object) -> None:
    by_year = {r.year: r for r in pingtan()}
    prev, cur = by_year[2020], by_year[2021]
    assert (prev.template, cur.template) == ("2019", "2021")
    assert carryover(prev, cur) == []
    bad = altered(cur, t3__carried_in__total=cur.cells["t3.carried_in.total"] + 3)
    (f,) = carryover(prev, bad)
    assert f.keys == ["t3.carried_out.total", "t3.carried_in.total"]


def test_altered_carried_in_yields_one_error(shared: object) -> None:
    reports = pingtan()
    i = next(i for i, r in enumerate(reports) if r.year == 2022)
    cur = reports[i]
    was = cur.cells["t3.carried_in.natural"]
    assert was == reports[i - 1].cells["t3.carried_out.natural"]  # the real series agrees
    reports[i] = altered(cur, t3__carried_in__natural=was + 2)
    found = [(p.current.year, f) for p in cross_year(reports) for f in p.findings if f.rule == "cross_year.carryover"]
    assert len(found) == 1
    year, f = found[0]
    assert year == 2022 and f.severity == rule("cross_year.carryover").severity == "error"
    assert f.keys == ["t3.carried_out.natural", "t3.carried_in.natural"]
    assert f.values == {"2021": {"t3.carried_out.natural": was}, "2022": {"t3.carried_in.natural": was + 2}}
    tpl = template("2021")
    assert tpl.keys["t3.carried_in.natural"].label in f.message
    assert tpl.keys["t3.carried_out.natural"].label in f.message
    assert "2021年" in f.message


def test_hongze_pdftext_pair_carryover_zero_to_zero(shared: object) -> None:
    prev, cur = (ogi.read(REAL / f"{y}-hongze-district.pdftext.txt") for y in (2023, 2024))
    assert prev.cells["t3.carried_out.total"] == 0 and cur.cells["t3.carried_in.total"] == 0
    pairs = list(cross_year([prev, cur]))
    assert len(pairs) == 1 and pairs[0].organ.name == "淮安市洪泽区人民政府"
    assert not [f for f in pairs[0].findings if f.rule in ("cross_year.carryover", "cross_year.in_force")]
    # 行政许可 decisions went from 550 to 9487: a jump for the clerk to ask about, with both values
    (j,) = [f for f in pairs[0].findings if f.rule == "cross_year.jump"]
    assert j.keys == ["t2.licensing.decisions"] and j.severity == "warning"
    assert "550" in j.message and "9487" in j.message
    # a year between missing: no pair
    later = copy.deepcopy(cur)
    later.year = 2026
    assert [(p.previous.year, p.current.year) for p in cross_year([prev, later])] == []


def test_in_force_follows_the_truth_arithmetic(shared: object) -> None:
    """A warning exactly where last year's in_force + issued − repealed ≠ this year's."""
    series = [r for r in pingtan() if r.template == "2021"] + hongze()
    checked = 0
    for p in cross_year(series):
        got = {f.keys[0] for f in p.findings if f.rule == "cross_year.in_force"}
        for row in ("rules", "normative"):
            k = f"t2.{row}.in_force"
            c = p.current.cells
            expect = p.previous.cells[k] + c[f"t2.{row}.issued"] - c[f"t2.{row}.repealed"]
            assert (k in got) == (expect != c[k]), (p.current.year, row)
            checked += 1
    assert checked == 10
    f = next(f for p in cross_year(series) for f in p.findings if f.rule == "cross_year.in_force")
    assert f.severity == "warning" and "现行有效件数" in f.message
    assert set(f.values) >= {"expected"}


def test_in_force_only_between_2021_format_reports(shared: object) -> None:
    by_year = {r.year: r for r in pingtan()}
    assert in_force(by_year[2020], by_year[2021]) == []  # 2019 format has no in_force column
    cur = altered(by_year[2022], t2__rules__in_force=by_year[2022].cells["t2.rules.in_force"] + 5)
    (f,) = [f for f in in_force(by_year[2021], cur) if f.keys[0] == "t2.rules.in_force"]
    assert f.values["2021"] == {"t2.rules.in_force": by_year[2021].cells["t2.rules.in_force"]}


# ---------------------------------------------------------------- text.repeated


def _pingtan_read_from_html() -> list[ogi.Report]:
    lexbor = pytest.importorskip("selectolax.lexbor")
    out = []
    for f in sorted(REAL.glob("20*-pingtan.html")):
        text = lexbor.LexborHTMLParser(f.read_text("utf-8")).body.text(separator="\n")
        out.append(ogi.read(text))
    return out


def test_pingtan_prose_is_new_each_year(shared: object) -> None:
    reports = _pingtan_read_from_html()
    assert [r.year for r in reports] == list(range(2019, 2026))
    for a, b in itertools.pairwise(reports):
        got = repetition_rate(a, b)
        assert got is not None and set(got[1]) == {"一", "五"}
        assert 0 <= got[0] < REPEATED_AT, (b.year, got)
        assert repeated(a, b) == []


def test_copied_prose_is_a_repetition_warning(shared: object) -> None:
    reports = _pingtan_read_from_html()
    prev = reports[-1]
    cur = copy.deepcopy(prev)
    cur.year = prev.year + 1  # same text, years bumped: a copy
    cur.sections = {k: (v.replace(str(prev.year), str(cur.year)) if v else v) for k, v in prev.sections.items()}
    (f,) = repeated(prev, cur)
    assert f.rule == "text.repeated" and f.severity == "warning"
    assert f.values["rate"] == 1.0 and f.values["sections"] == {"一": 1.0, "五": 1.0}
    assert "100%" in f.message
    # 五 copied, 一 new: the rate weighs both sections by their length
    half = copy.deepcopy(cur)
    half.sections["一"] = reports[-2].sections["一"]
    rate, per = repetition_rate(prev, half)  # type: ignore[misc]
    assert per["五"] == 1.0 and per["一"] < 0.5
    assert per["一"] < rate < per["五"]


def test_repetition_measure() -> None:
    para = "本机关认真贯彻落实政府信息公开条例，持续完善主动公开目录，加强政策解读和回应关切，提升公开质量。"
    other = "今年重点推进基层政务公开标准化规范化建设，梳理公开事项清单，优化依申请公开办理流程和答复文书。"
    assert repetition(para, para)[0] == 1.0  # type: ignore[index]
    assert repetition(para, other)[0] < 0.1  # type: ignore[index]
    # numbers and punctuation do not make a copy new
    assert repetition("2023年收到申请21件，" + para, "2024年收到申请95件。" + para)[0] == 1.0  # type: ignore[index]
    assert repetition(para, "无") is None  # too short to rate


def test_check_pair_of_hongze_reads(shared: object) -> None:
    prev, cur = (ogi.read(REAL / f"{y}-hongze-district.pdftext.txt") for y in (2023, 2024))
    rate, _ = repetition_rate(prev, cur)  # type: ignore[misc]
    assert 0 < rate < 1
    fs = check_pair(prev, cur)
    assert ("text.repeated" in {f.rule for f in fs}) == (rate >= REPEATED_AT)
