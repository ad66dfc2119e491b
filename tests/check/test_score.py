"""Rule packs and scores (issue 14): the national pack and the example office's as shipped, a pack's
errors said in Chinese, the findings as a pack says them (rules off, severities, stricter deadlines),
and the score with its deductions itemised."""

from __future__ import annotations

import dataclasses

import pytest

import ogi
from ogi.check.score import apply_pack, evaluate
from ogi.model import Report
from ogi.samples import generate, print_report
from ogi.template.packs import PackError, load_pack, national, pack_file, parse_pack


def reading(seed: int = 11) -> Report:
    rep = generate(seed, tid="2021", scale=20)
    text = print_report(rep, "pipe")
    r = ogi.read(text)
    assert isinstance(r, Report)
    return r


def test_shipped_packs() -> None:
    n = national()
    assert n.national and n.full == 100 and "国办公开办函〔2021〕30号" in (n.basis or "")
    local = load_pack(pack_file("example-local"))
    assert not local.national and local.full == 10 and local.id != n.id
    assert local.severity("cells.blank") == "error" and not local.enabled("input.partial")
    assert local.deadline("淮安市洪泽区高良涧街道办事处").deadline.month == 1  # type: ignore[union-attr]
    assert load_pack(None) is n


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("[pack\nname='x'", "不是有效的 TOML"),
        ("[rules.x]\n", "缺少 [pack] 的 name"),
        ("[pack]\nname='x'\n[rules.\"no.such\"]\n", "未知规则 no.such"),
        ("[pack]\nname='x'\n[rules.\"cells.blank\"]\nseverity='fatal'\n", "severity 应为 error、warning 或 info"),
        ("[pack]\nname='x'\n[[deduction]]\nlabel='a'\npoints=1\nper='value'\n", "须给出 keys"),
        ("[pack]\nname='x'\n[[deduction]]\nlabel='a'\npoints=1\nkeys=['t9.none']\n", "未知项目 t9.none"),
        ("[pack]\nname='x'\n[[deduction]]\nlabel='a'\npoints=-1\nseverity='error'\n", "应为非负数值"),
        ("[pack]\nname='x'\n[[deadline]]\norgans='a'\npattern='('\nmonth=1\nday=1\n", "[[deadline]] 有误"),
        ("[pack]\nname='x'\n[[deadline]]\norgans='a'\npattern='.'\nmonth=2\nday=30\n", "[[deadline]] 有误"),
    ],
)
def test_a_bad_pack_is_refused_saying_what_is_wrong(text: str, said: str) -> None:
    with pytest.raises(PackError) as e:
        parse_pack(text, "p.toml")
    assert said in e.value.message and "规则包有误" in e.value.message


def test_national_pack_keeps_the_findings_and_deducts_a_point_an_error() -> None:
    r = reading()
    assert evaluate(r).score == 100 and evaluate(r).deductions == []
    rep = generate(14, tid="2021", scale=20)
    rep.cells["t3.carried_out.natural"] += 1
    rep.cells["t3.carried_out.total"] += 1
    bad = ogi.read(print_report(rep, "tabs"))
    assert isinstance(bad, Report)
    ev = evaluate(bad)
    n_err = sum(f.severity == "error" for f in bad.findings)
    assert n_err >= 2 and [f.rule for f in ev.findings] == [f.rule for f in bad.findings]
    assert ev.score == 100 - n_err and ev.itemised() == f"错误−{n_err}（{n_err}处）"
    assert ev.deductions[0].findings == [f.id for f in bad.findings if f.severity == "error"]


def test_a_pack_turns_rules_off_changes_severities_and_adds_its_basis() -> None:
    blank = ogi.read(print_report(generate(12, tid="2021", scale=20), "pipe").replace("| 0 |", "| - |", 1))
    assert isinstance(blank, Report)
    assert [f for f in blank.findings if f.rule == "cells.blank" and f.severity == "warning"]
    local = load_pack(pack_file("example-local"))
    got = [f for f in apply_pack(blank, local) if f.rule == "cells.blank"]
    assert got and all(f.severity == "error" for f in got)
    assert all(f.basis.endswith("北政公办〔2024〕3号第二条：统计表数值为零的填写“0”，不得留空") for f in got)
    own = next(f for f in blank.findings if f.rule == "cells.blank").basis
    assert own and all(f.basis == f"{own}；北政公办〔2024〕3号第二条：统计表数值为零的填写“0”，不得留空" for f in got)
    assert next(f for f in blank.findings if f.rule == "cells.blank").severity == "warning"  # the reading unchanged
    off = parse_pack("[pack]\nname='off'\n[rules.\"cells.blank\"]\nenabled = false\n")
    assert not [f for f in apply_pack(blank, off) if f.rule == "cells.blank"]


LOCAL_LATE = """
[pack]
name = "县规则"
basis = "某县通知"
full = 10
[[deadline]]
organs = "县级以上人民政府部门"
pattern = "局$"
month = 1
day = 20
basis = "某县通知第四条"
[[deduction]]
label = "逾期发布"
rule = "published.late"
points = 0.5
per = "report"
[[deduction]]
label = "行政复议纠错（每件）"
keys = ["t4.review.corrected"]
points = 2
max = 6
[[deduction]]
label = "错误（每处）"
severity = "error"
points = 1
max = 3
"""


def test_a_stricter_deadline_makes_a_report_late_with_the_local_basis() -> None:
    r = dataclasses.replace(reading(), agency="北原市农业农村局", published="2025-01-25", year=2024)
    assert not [f for f in r.findings if f.rule == "published.late"]
    assert not [f for f in evaluate(r).findings if f.rule == "published.late"]  # national: by 31 January
    pack = parse_pack(LOCAL_LATE)
    (late,) = [f for f in apply_pack(r, pack) if f.rule == "published.late"]
    assert late.severity == "warning" and late.basis == "某县通知第四条"
    assert "2025年1月20日前" in late.message and "逾期5天" in late.message
    on_time = dataclasses.replace(r, published="2025-01-20")
    assert not [f for f in apply_pack(on_time, pack) if f.rule == "published.late"]


def test_deductions_per_report_per_case_and_capped() -> None:
    r = reading()
    pack = parse_pack(LOCAL_LATE)
    corrected = r.cells["t4.review.corrected"]
    r = dataclasses.replace(r, agency="北原市农业农村局", published="2025-02-01", year=2024)
    ev = evaluate(r, pack)
    items = {d.label: d for d in ev.deductions}
    assert items["逾期发布"].points == 0.5 and items["逾期发布"].count == 1
    if corrected:
        assert items["行政复议纠错（每件）"].count == corrected
        assert items["行政复议纠错（每件）"].points == min(6, 2 * corrected)
    four = dataclasses.replace(r, cells={**r.cells, "t4.review.corrected": 4})
    ev = evaluate(four, pack)
    assert {d.label: d.points for d in ev.deductions}["行政复议纠错（每件）"] == 6  # capped by max
    assert ev.score == 10 - 6 - 0.5 and ev.deducted == 6.5
    assert ev.itemised() == "逾期发布−0.5；行政复议纠错（每件）−6（4件）"
    # never below 0
    harsh = parse_pack("[pack]\nname='h'\nfull=1\n[[deduction]]\nlabel='x'\nkeys=['t4.review.corrected']\npoints=5\n")
    assert evaluate(four, harsh).score == 0


def test_repetition_deducted_only_above_the_packs_rate() -> None:
    from ogi.model import Finding

    r = reading()
    pack = national()

    def with_rate(rate: float) -> Report:
        f = Finding.of("text.repeated", "x", values={"rate": rate})
        return dataclasses.replace(r, findings=[*r.findings, f])

    assert evaluate(with_rate(0.5), pack).score == 100  # "over 50 %"
    ev = evaluate(with_rate(0.72), pack)
    assert ev.score == 99.5 and ev.deductions[0].label == "正文与往年重复率超过50%"
