"""What the prose says, held against the tables: each kind of sentence reports what disagrees and
nothing that agrees; and a year other than the report's is a finding only when a sentence states
the reporting period or its figures under it.

Every report is our own: a generated report whose application paragraph is rewritten.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ogi
from ogi.check import compare_statement
from ogi.extract import extract
from ogi.ingest import ingest_str
from ogi.model import Report
from ogi.normalize import normalize_document
from ogi.samples import SampleReport, generate, print_report

Cells = dict[str, int | float]


def find(pred: Callable[[Cells], bool], tid: str = "2021", scale: int = 20) -> SampleReport:
    for seed in range(3000):
        rep = generate(seed, tid=tid, scale=scale)
        if pred(rep.cells):
            return rep
    raise AssertionError("no generated report fits")


def with_prose(rep: SampleReport, sentences: str) -> str:
    """The printed report, its application paragraph (申请, 复议, 诉讼) replaced by ``sentences``."""
    text = print_report(rep, "pipe")
    start = text.index("(二)依申请公开\n") + len("(二)依申请公开\n")
    end = text.index("\n(三)政府信息管理")
    return text[:start] + sentences + text[end:]


def findings(text: str, rule: str) -> list:
    return [f for f in ogi.read(text).findings if f.rule == rule]


def prose_findings(r: Report) -> list:
    return [f for f in r.findings if f.rule in ("narrative.mismatch", "year.mismatch")]


def assert_clean(text: str) -> None:
    r = ogi.read(text)
    assert not [f for f in r.findings if f.severity in ("error", "warning")], [f.message for f in r.findings]


# ---------------------------------------------------------------- 行政复议X件、行政诉讼Y件

LAWSUITS = find(lambda c: c["t4.review.total"] > 0 and c["t4.suit_direct.total"] + c["t4.suit_after_review.total"] > 0)


def _rev_suits(c: Cells) -> tuple[int, int]:
    return int(c["t4.review.total"]), int(c["t4.suit_direct.total"] + c["t4.suit_after_review.total"])


@pytest.mark.parametrize(
    "form",
    [
        "全年发生政府信息公开行政复议{r}件、行政诉讼{s}件。",
        "因政府信息公开引起的行政复议{r}件，诉讼{s}件。",
        "因政府信息公开引起的行政复议、行政诉讼案件分别为{r}件、{s}件。",
        "全年办理因政府信息公开申请引发的行政复议{r}起，行政诉讼{s}起。",
    ],
)
def test_both_counts_of_reviews_and_suits(form: str) -> None:
    rev, suits = _rev_suits(LAWSUITS.cells)
    assert_clean(with_prose(LAWSUITS, form.format(r=rev, s=suits)))
    wrong_review = findings(with_prose(LAWSUITS, form.format(r=rev + 2, s=suits)), "narrative.mismatch")
    assert [f.keys for f in wrong_review] == [["t4.review.total"]]
    assert wrong_review[0].values == {"text": rev + 2, "table": rev}
    wrong_suits = findings(with_prose(LAWSUITS, form.format(r=rev, s=suits + 3)), "narrative.mismatch")
    assert [f.keys for f in wrong_suits] == [["t4.suit_direct.total", "t4.suit_after_review.total"]]
    assert "表四" in wrong_suits[0].message and wrong_suits[0].where and wrong_suits[0].where[0].line


def test_reviews_and_suits_each() -> None:
    rep = find(lambda c: c["t4.review.total"] > 0 and _rev_suits(c)[0] == _rev_suits(c)[1])
    n = int(rep.cells["t4.review.total"])
    assert_clean(with_prose(rep, f"因政府信息公开引起的行政复议、行政诉讼各{n}件。"))
    bad = findings(with_prose(rep, f"因政府信息公开引起的行政复议、行政诉讼各{n + 1}件。"), "narrative.mismatch")
    suits = ("t4.suit_direct.total", "t4.suit_after_review.total")
    assert {tuple(f.keys) for f in bad} == {("t4.review.total",), suits}


@pytest.mark.parametrize(
    "sentence",
    [
        "全年县司法局共办理各类行政复议案件{r}件，其中纠错19件；县人民法院审结以县政府为被告的行政诉讼案件{s}件。",
        "法治政府建设方面，全区办理各类行政复议案件{r}件、各类行政诉讼案件{s}件。",
    ],
)
def test_cases_of_every_kind_in_the_county_are_not_the_organs(sentence: str) -> None:
    """A county's 司法局 and courts handle cases of every kind: their counts are not the organ's cases
    about disclosure (table 4), and say nothing against it; the organ's own sentence still does."""
    rev, suits = _rev_suits(LAWSUITS.cells)
    own = f"全年发生政府信息公开行政复议{rev}件、行政诉讼{suits}件。"
    county = sentence.format(r=rev + 120, s=suits + 40)
    assert_clean(with_prose(LAWSUITS, own + county))
    bad = findings(with_prose(LAWSUITS, own.replace(f"复议{rev}件", f"复议{rev + 1}件") + county), "narrative.mismatch")
    assert [f.keys for f in bad] == [["t4.review.total"]]


@pytest.mark.parametrize("unit", ["宗", "起"])
def test_figures_counted_in_zong_or_qi_are_checked(unit: str) -> None:
    """收到申请124宗, 被申请行政复议3起: checked as 件 are — in section 一's prose and in section 四's own
    sentence above its table."""
    rev = _rev_suits(LAWSUITS.cells)[0]
    new = int(LAWSUITS.cells["t3.new.total"])
    said = f"全年共收到政府信息公开申请{new}{unit}。"
    assert_clean(with_prose(LAWSUITS, said))
    bad = findings(with_prose(LAWSUITS, said.replace(f"{new}{unit}", f"{new + 5}{unit}")), "narrative.mismatch")
    assert [f.keys for f in bad] == [["t3.new.total"]]
    text = print_report(LAWSUITS, "pipe")
    head = "四、政府信息公开行政复议、行政诉讼情况\n"
    assert not findings(text.replace(head, f"{head}因政府信息公开被申请行政复议{rev}{unit}。\n"), "narrative.mismatch")
    bad = findings(text.replace(head, f"{head}因政府信息公开被申请行政复议{rev + 2}{unit}。\n"), "narrative.mismatch")
    assert [f.keys for f in bad] == [["t4.review.total"]]


# ---------------------------------------------------------------- 受理N件: new, or new + carried in

CARRIED = find(lambda c: c["t3.carried_in.total"] > 0 and c["t3.new.total"] > 0)


def _statement(text: str, measure: str):  # type: ignore[no-untyped-def]
    doc = ingest_str(text)
    normalize_document(doc)
    ex = extract(doc)
    st = next(s for s in ex.statements if s.measure == measure)
    assert ex.meta.template is not None
    return compare_statement(ex.meta.template, ex, st)


def test_accepted_counts_new_or_new_plus_carried_in_and_says_which() -> None:
    new, cin = int(CARRIED.cells["t3.new.total"]), int(CARRIED.cells["t3.carried_in.total"])
    for said, matched in ((new, ("t3.new.total",)), (new + cin, ("t3.new.total", "t3.carried_in.total"))):
        text = with_prose(CARRIED, f"全年共受理政府信息公开申请{said}件，均已按时答复。")
        assert_clean(text)
        c = _statement(text, "accepted")
        assert c is not None and c.matched == matched
    bad = findings(with_prose(CARRIED, f"全年共受理政府信息公开申请{new + cin + 4}件。"), "narrative.mismatch")
    assert len(bad) == 1 and bad[0].keys == ["t3.new.total"]
    assert f"为{new}" in bad[0].message and f"之和为{new + cin}" in bad[0].message
    assert "「二、上年结转政府信息公开申请数量」" in bad[0].message


def test_a_part_of_the_handled_total_is_not_the_total() -> None:
    # "办结依申请2件，其中公开答复1件": the 1 is 予以公开's, a part (其中) of the total before it
    total = int(CARRIED.cells["t3.total.total"])
    assert total > 1
    text = with_prose(CARRIED, f"全年办结政府信息公开申请{total}件，其中公开答复1件。")
    assert not findings(text, "narrative.mismatch")


def test_the_disclosure_attributes_of_documents_are_not_applications_outcomes() -> None:
    """ "审核公文N件，其中主动公开…、依申请公开…、不予公开M件": the 公开属性 of the documents reviewed, not
    table 3's outcomes; the same words about applications are still checked."""
    denied = sum(int(v or 0) for k, v in CARRIED.cells.items() if k.startswith("t3.denied.") and k.endswith(".total"))
    text = with_prose(CARRIED, f"全年审核公文2778件，其中主动公开1184件、依申请公开128件、不予公开{denied + 124}件。")
    assert not findings(text, "narrative.mismatch")
    bad = findings(with_prose(CARRIED, f"全年办理政府信息公开申请中，不予公开{denied + 3}件。"), "narrative.mismatch")
    assert len(bad) == 1


def test_a_change_from_last_years_figure_checks_this_years() -> None:
    """ "行政复议案件由X件增加到Y件": X is the year before's (not compared), Y this year's (compared)."""
    review = int(LAWSUITS.cells["t4.review.total"])
    ok = with_prose(LAWSUITS, f"本年度发生政府信息公开行政复议案件由{review + 7}件减少到{review}件。")
    assert not findings(ok, "narrative.mismatch")
    bad = findings(
        with_prose(LAWSUITS, f"本年度发生政府信息公开行政复议案件由{review}件增加到{review + 7}件。"),
        "narrative.mismatch",
    )
    assert len(bad) == 1 and f"{review + 7}" in bad[0].message


def test_received_is_only_the_new_applications() -> None:
    new, cin = int(CARRIED.cells["t3.new.total"]), int(CARRIED.cells["t3.carried_in.total"])
    bad = findings(with_prose(CARRIED, f"全年收到政府信息公开申请{new + cin}件。"), "narrative.mismatch")
    assert [f.values for f in bad] == [{"text": new + cin, "table": new}]


# ---------------------------------------------------------------- 未发生…纠错或…败诉

UNCORRECTED = find(
    lambda c: (
        c["t4.review.total"] > 0
        and c["t4.review.corrected"] == 0
        and c["t4.suit_direct.corrected"] + c["t4.suit_after_review.corrected"] == 0
    )
)


@pytest.mark.parametrize(
    "sentence",
    [
        "全年未发生因政府信息公开被行政复议纠错或行政诉讼败诉的情况。",
        "该行政复议件未被复议机关纠错，没有发生行政诉讼败诉。",
        "未出现行政复议被撤销或纠正的情况。",
    ],
)
def test_denying_corrections_is_not_denying_cases(sentence: str) -> None:
    rev, suits = _rev_suits(UNCORRECTED.cells)
    assert_clean(with_prose(UNCORRECTED, f"全年发生政府信息公开行政复议{rev}件、行政诉讼{suits}件。{sentence}"))


def test_a_correction_denied_but_tabled_is_a_mismatch() -> None:
    rep = find(lambda c: c["t4.review.corrected"] > 0)
    bad = findings(with_prose(rep, "全年未发生被行政复议纠错的情况。"), "narrative.mismatch")
    assert [f.keys for f in bad] == [["t4.review.corrected"]]
    assert "「结果纠正」" in bad[0].message


def test_denying_cases_when_there_are_cases_is_a_mismatch() -> None:
    bad = findings(with_prose(UNCORRECTED, "全年未发生政府信息公开行政复议、行政诉讼案件。"), "narrative.mismatch")
    assert {tuple(f.keys) for f in bad} >= {("t4.review.total",)}


# ---------------------------------------------------------------- 转下一年度N件

CARRIED_OUT = find(lambda c: c["t3.carried_out.total"] > 0)


@pytest.mark.parametrize(
    "form", ["转下一年度办理答复的有{n}件", "结转至{y}年{n}件", "顺延至下一年度办理{n}件", "转入下一年度继续办理{n}件"]
)
def test_carried_to_the_next_year(form: str) -> None:
    rep = CARRIED_OUT
    n, y = int(rep.cells["t3.carried_out.total"]), rep.year + 1
    new = int(rep.cells["t3.new.total"])
    lead = f"{rep.year}年共收到政府信息公开申请{new}件，"
    assert_clean(with_prose(rep, lead + form.format(n=n, y=y) + "。"))
    bad = findings(with_prose(rep, lead + form.format(n=n + 5, y=y) + "。"), "narrative.mismatch")
    assert [f.keys for f in bad] == [["t3.carried_out.total"]]
    assert "表三「四、结转下年度继续办理」" in bad[0].message


def test_a_blank_total_is_compared_through_its_row() -> None:
    """The carried-out total printed blank (read as 0 by assumption): the prose agrees with the row."""
    rep = CARRIED_OUT
    n = int(rep.cells["t3.carried_out.total"])
    text = with_prose(rep, f"转下一年度办理答复的有{n}件。")
    lines = text.split("\n")
    i = next(i for i, ln in enumerate(lines) if ln.startswith("四、结转下年度继续办理"))
    lines[i] = lines[i].rsplit(f" | {n} |", 1)[0] + " |  |"
    r = ogi.read("\n".join(lines))
    assert "cells.blank" in {f.rule for f in r.findings}
    assert not [f for f in r.findings if f.rule == "narrative.mismatch"]
    bad = findings("\n".join(lines).replace(f"的有{n}件", f"的有{n + 2}件"), "narrative.mismatch")
    assert [f.values for f in bad] == [{"text": n + 2, "table": n}]


# ---------------------------------------------------------------- N件（占P%）

SHARES = find(lambda c: c["t3.granted.total"] > 0 and c["t3.total.total"] > c["t3.granted.total"])


@pytest.mark.parametrize(
    "form", ["予以公开{g}件（占{p}%）", "予以公开{g}件，占{p}%", "予以公开{g}件，占办结总数的{p}%"]
)
def test_a_share_after_a_figure(form: str) -> None:
    g, tot = int(SHARES.cells["t3.granted.total"]), int(SHARES.cells["t3.total.total"])
    new = int(SHARES.cells["t3.new.total"])
    p = round(100 * g / tot, 2)
    lead = f"全年办结政府信息公开申请{tot}件，其中"
    rejected = int(sum(v for k, v in SHARES.cells.items() if k.startswith("t3.rejected.") and k.endswith(".total")))
    tail = f"，不予处理{rejected}件。"
    assert_clean(with_prose(SHARES, lead + form.format(g=g, p=p) + tail))
    # a share of the applications received is a share too
    q = round(100 * g / new, 1)
    assert not findings(with_prose(SHARES, lead + form.format(g=g, p=q) + "。"), "narrative.mismatch")
    bad = findings(with_prose(SHARES, lead + form.format(g=g, p=round(p + 7.5, 2)) + tail), "narrative.mismatch")
    assert len(bad) == 1 and "t3.granted.total" in bad[0].keys and bad[0].values["text"] == round(p + 7.5, 2)
    assert "比例" in bad[0].message and bad[0].where
    # the figure itself wrong: that is what is reported, once
    bad = findings(with_prose(SHARES, lead + form.format(g=g + 1, p=p) + tail), "narrative.mismatch")
    assert [f.values for f in bad] == [{"text": g + 1, "table": g}]


def test_a_percentage_not_of_a_figure_is_not_a_share() -> None:
    g = int(SHARES.cells["t3.granted.total"])
    assert not findings(with_prose(SHARES, f"予以公开{g}件，100%在法定期限内答复。"), "narrative.mismatch")


# ---------------------------------------------------------------- the wrong year

YEARS = find(lambda c: c["t3.new.total"] > 0 and c["t3.carried_in.total"] > 0)


def test_this_years_figure_under_another_year_is_year_mismatch() -> None:
    rep = YEARS
    y, new = rep.year, int(rep.cells["t3.new.total"])
    r = ogi.read(with_prose(rep, f"{y - 1}年，我局共收到政府信息公开申请{new}件，均按时答复。"))
    found = prose_findings(r)
    assert [f.rule for f in found] == ["year.mismatch"]
    f = found[0]
    assert f.severity == "warning" and f.keys == ["t3.new.total"] and f.where and f.where[0].line
    assert f"{y - 1}年" in f.message and f"报告年度为{y}年" in f.message and "「一、本年新收" in f.message


def test_another_years_figure_is_neither_compared_nor_a_wrong_year() -> None:
    rep = YEARS
    y, new = rep.year, int(rep.cells["t3.new.total"])
    r = ogi.read(with_prose(rep, f"{y - 1}年，我局共收到政府信息公开申请{new + 9}件。{y}年共收到申请{new}件。"))
    assert not prose_findings(r)


@pytest.mark.parametrize(
    "sentence",
    [
        "与{p}年相比，本年共收到政府信息公开申请{new}件。",
        "{p}年收到申请{x}件，{y}年收到申请{new}件。",
        "依据国办函〔{p}〕109号和《{p}年政务公开工作要点》，全年共收到政府信息公开申请{new}件。",
        "全年共收到政府信息公开申请{new}件，{p}年结转{cin}件。",
        "全年共收到政府信息公开申请{new}件。{n}年计划受理政府信息公开申请{new}件。",
        "全年共收到政府信息公开申请{new}件。自{p}年以来累计收到申请{new}件。",
        "全年共收到政府信息公开申请{new}件。截至{n}年1月10日，上年结转的{cin}件申请已全部办结。",
    ],
)
def test_years_that_do_not_state_the_period(sentence: str) -> None:
    rep = YEARS
    y, new, cin = rep.year, int(rep.cells["t3.new.total"]), int(rep.cells["t3.carried_in.total"])
    text = with_prose(rep, sentence.format(p=y - 1, y=y, n=y + 1, new=new, x=new + 3, cin=cin))
    r = ogi.read(text + f"\n北原市财政局\n{y + 1}年1月20日\n")
    assert not prose_findings(r), [f.message for f in prose_findings(r)]


def test_a_section_that_names_the_year_before_often_is_not_a_mismatch() -> None:
    rep = YEARS
    y = rep.year
    text = print_report(rep, "pipe").replace(
        "(二)依申请公开\n",
        f"对照{y - 1}年度报告问题清单整改，公开{y - 1}年度部门决算、{y - 1}年度审计报告和{y - 1}年度绩效报告。\n"
        "(二)依申请公开\n",
    )
    assert not prose_findings(ogi.read(text))


def test_title_and_period_disagree_with_where() -> None:
    rep = YEARS
    y = rep.year
    period = "自{0}年1月1日起至{0}年12月31日"
    text = print_report(rep, "pipe").replace(period.format(y), period.format(y - 1))
    found = findings(text, "year.mismatch")
    assert len(found) == 1 and f"标题为{y}年" in found[0].message and f"统计期限为{y - 1}年" in found[0].message
    assert [w.line for w in found[0].where] == [1, 2]


def test_the_figures_of_the_generated_prose_agree() -> None:
    """Every generated report's own sentences: nothing raised (the property tests run more)."""
    for seed in range(40):
        rep = generate(seed)
        assert not prose_findings(ogi.read(print_report(rep, "pipe"))), seed


def test_an_introduction_naming_another_year_is_year_mismatch() -> None:
    rep = YEARS
    y = rep.year
    lines = print_report(rep, "pipe").split("\n")
    intro = f"现向社会公布北原市财政局{y - 1}年度政府信息公开工作年度报告。"
    found = findings("\n".join([lines[0], intro, *lines[1:]]), "year.mismatch")
    assert len(found) == 1 and f"引言为{y - 1}年" in found[0].message and found[0].where[-1].line == 2
    notice = f"根据《关于编制公布{y - 1}年政府信息公开工作年度报告有关事项的通知》要求编制本报告。"
    assert not findings("\n".join([lines[0], notice, *lines[1:]]), "year.mismatch")
    own = f"现向社会公布北原市财政局{y}年度政府信息公开工作年度报告。"
    assert not findings("\n".join([lines[0], own, *lines[1:]]), "year.mismatch")


def test_a_figure_reads_the_words_of_its_own_part() -> None:
    """ "全年未收到行政复议申请，收到…申请N件": N is the applications, not reviews."""
    rep = find(lambda c: c["t4.review.total"] == 0 and c["t3.new.total"] > 0)
    new = int(rep.cells["t3.new.total"])
    for sentence in (
        f"全年未收到行政复议申请，收到政府信息公开申请{new}件。",
        f"全年未收到行政复议申请，共有{new}件政府信息公开申请。",
    ):
        assert not findings(with_prose(rep, sentence), "narrative.mismatch"), sentence
    bad = findings(with_prose(rep, f"全年未收到行政复议申请，收到政府信息公开申请{new + 1}件。"), "narrative.mismatch")
    assert [f.keys for f in bad] == [["t3.new.total"]]


def _sum(c: Cells, prefix: str) -> int:
    return int(sum(v for k, v in c.items() if k.startswith(prefix) and k.endswith(".total")))


def _agreeing_paragraph(rep: SampleReport, pick: int) -> str:
    """The application paragraph in one of several wordings, every figure as the tables say."""
    c, y = rep.cells, rep.year
    new, cin = int(c["t3.new.total"]), int(c["t3.carried_in.total"])
    tot, cout = int(c["t3.total.total"]), int(c["t3.carried_out.total"])
    rev, suits = _rev_suits(c)
    other = _sum(c, "t3.other.")
    share = f"（占{round(100 * c['t3.granted.total'] / tot, 2)}%）" if tot else ""
    applications = [
        f"{y}年，本机关共收到政府信息公开申请{new}件，上年结转{cin}件，全年办结{tot}件，结转下年度继续办理{cout}件。",
        f"全年共受理政府信息公开申请{new + cin}件（含上年结转{cin}件），办结{tot}件，转下一年度办理{cout}件。",
        f"本年度新收政府信息公开申请{new}件，上一年度结转{cin}件；其中予以公开{int(c['t3.granted.total'])}件{share}，"
        f"部分公开{int(c['t3.partial.total'])}件，不予公开{_sum(c, 't3.denied.')}件，"
        f"无法提供{_sum(c, 't3.unable.')}件，"
        f"不予处理{_sum(c, 't3.rejected.')}件，其他处理{other}件；结转至{y + 1}年{cout}件。",
    ]
    laws = [
        f"因政府信息公开引起的行政复议、行政诉讼分别为{rev}件、{suits}件。",
        f"全年发生政府信息公开行政复议{rev}起，诉讼{suits}起。",
    ]
    corrected = c["t4.review.corrected"] + c["t4.suit_direct.corrected"] + c["t4.suit_after_review.corrected"]
    tail = "全年未发生被行政复议纠错或行政诉讼败诉的情况。" if corrected == 0 else ""
    return applications[pick % 3] + laws[pick // 3 % 2] + tail


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**9), tid=st.sampled_from(["2021", "2019"]), pick=st.integers(0, 5))
def test_agreeing_prose_in_any_wording_raises_nothing(seed: int, tid: str, pick: int) -> None:
    rep = generate(seed, tid=tid, scale=20)
    text = with_prose(rep, _agreeing_paragraph(rep, pick))
    r = ogi.read(text)
    assert not prose_findings(r), [f.message for f in prose_findings(r)]
    # the same paragraph under the year before: this year's figures under another year
    if rep.cells["t3.new.total"] > 0 and pick % 3 == 0:
        wrong = text.replace(f"{rep.year}年，本机关共收到", f"{rep.year - 1}年，本机关共收到")
        assert [f.rule for f in prose_findings(ogi.read(wrong))] == ["year.mismatch"]


def test_every_negation_opens_with_a_word_of_denial() -> None:
    """The prose reader looks for the template's negations only in clauses holding a word of
    denial (narrative._DENIALS): each negation must open with one."""
    from ogi.extract.narrative import _DENIALS
    from ogi.template import spec

    def without_lookaheads(p: str) -> str:  # (未(?!经复议): a word of denial not followed by …)
        while (i := p.find("(?!")) >= 0:
            depth, j = 0, i
            for j in range(i, len(p)):
                depth += {"(": 1, ")": -1}.get(p[j], 0)
                if depth == 0:
                    break
            p = p[:i] + p[j + 1 :]
        return p

    for n in spec().negations:
        pattern = without_lookaheads(n.pattern)
        assert pattern.startswith("(?:"), n.id
        opening = pattern[3 : pattern.index(")")].split("|")
        assert opening and all(w in _DENIALS for w in opening), n.id


# ------------------------------------------------------ carried into the report's year, the year named

CARRIED = find(lambda c: c["t3.carried_in.total"] > 0 and c["t3.carried_in.total"] != c["t3.carried_out.total"])


def test_carried_to_the_reports_own_year_is_carried_in() -> None:
    """ "2022年结转至2023年办理的申请2件" in the report on 2023 is its 上年结转, not its 结转下年度."""
    c, y = CARRIED.cells, CARRIED.year
    cin, cout = int(c["t3.carried_in.total"]), int(c["t3.carried_out.total"])
    assert_clean(with_prose(CARRIED, f"{y - 1}年结转至{y}年办理的申请{cin}件，均已办结。"))
    assert_clean(with_prose(CARRIED, f"结转至{y + 1}年继续办理{cout}件。"))
    wrong = with_prose(CARRIED, f"{y - 1}年结转至{y}年办理的申请{cin + 1}件，均已办结。")
    assert [f.keys for f in findings(wrong, "narrative.mismatch")] == [["t3.carried_in.total"]]


def test_a_correction_of_a_figure_states_neither_figure() -> None:
    """更正说明：原报告“共收到申请115件”有误，应为105件 — the old figure and the new side by side: no statement of
    the year's (no narrative.mismatch for the old one), however the correction is worded."""
    from ogi.samples import generate, print_report

    rep = generate(7, tid="2021", scale=5)
    n, r = int(rep.cells["t3.new.total"]), int(rep.cells["t4.review.total"])
    for said in (
        f"更正说明：原报告“共收到政府信息公开申请{n + 10}件”有误，应为{n}件。",
        f"更正说明：本年新收政府信息公开申请数量由{n + 10}件更正为{n}件。",
        f"（更正：原报告表三“本年新收政府信息公开申请数量”总计一栏原为{n + 3}件，现更正为{n}件。）",
        f"更正说明：本报告首次发布时行政复议一项原为{r + 3}件，现更正为{r}件。",
    ):
        lines = print_report(rep, "pipe").split("\n")
        lines.insert(next(i for i, t in enumerate(lines) if t.startswith("一、")) + 1, said)
        got = ogi.read("\n".join(lines))
        assert not [f for f in got.findings if f.rule == "narrative.mismatch"], said


def test_a_section_heading_alone_opens_no_clause_of_the_line_after_it() -> None:
    """A section's heading on a line of its own, the tables printed elsewhere (附表, a workbook's other sheets), a
    sentence after it (本年度…行政复议3件，行政诉讼2件。): the heading is no part of the sentence's first clause —
    before, 四、政府信息公开行政复议… joined to it read the 3 as applications received (政府信息公开 … 件), a false
    narrative.mismatch against 本年新收."""
    rep = find(lambda c: c["t4.review.total"] != c["t3.new.total"] and c["t4.review.total"] > 0)
    rep.layout.appendix = ("附表一", "附表二", "附表三")
    text = print_report(rep, "pipe")
    review, suits = (
        int(rep.cells["t4.review.total"]),
        int(rep.cells["t4.suit_direct.total"] + rep.cells["t4.suit_after_review.total"]),
    )
    heading = "四、政府信息公开行政复议、行政诉讼情况\n（详见附表三）\n"
    assert heading in text
    text = text.replace(
        heading,
        f"四、政府信息公开行政复议、行政诉讼情况\n本年度涉及政府信息公开的行政复议{review}件，行政诉讼{suits}件。\n",
        1,
    )
    got = ogi.read(text)
    assert got.cells == rep.cells
    assert not [f.message for f in got.findings if f.rule == "narrative.mismatch"]


@pytest.mark.parametrize(
    "sentence",
    [
        "全年受理行政许可申请3000件，办结2890件。",  # applications of another kind
        "本机关作为行政复议机关，全年收到行政复议申请45件。",  # cases it decides as the review body
        "2022—2024年累计收到申请150件。",  # a sum over several years
        "收到的依申请公开申请中，涉及征地拆迁类的18件。",  # a kind among the applications
        "全年办理以本机关为被申请人的行政复议案件6件（均不涉及政府信息公开）。",  # none of disclosure, it says
    ],
)
def test_figures_the_prose_says_count_other_things_are_not_held_against_the_tables(sentence: str) -> None:
    """A sentence whose figure the words before or around it say counts something else than the tables' values —
    applications for a licence or a claim, cases decided as the review body, several years' sum, a kind among
    the applications, cases it says concern no disclosure: no narrative.mismatch."""
    rep = LAWSUITS
    new, review = int(rep.cells["t3.new.total"]), int(rep.cells["t4.review.total"])
    text = with_prose(rep, f"全年共收到政府信息公开申请{new}件，发生行政复议{review}件。{sentence}")
    assert not findings(text, "narrative.mismatch")


# ---------------------------------------------------------------- a rate stated without a count (申请公开率为P%)

RATED = find(lambda c: c["t3.total.total"] >= 20 and 0 < c["t3.granted.total"] < c["t3.total.total"] // 2)


def _rate(parts: tuple[str, ...], base: tuple[str, ...], rep: SampleReport = RATED) -> float:
    return 100 * sum(rep.cells[k] for k in parts) / sum(rep.cells[k] for k in base)


@pytest.mark.parametrize(
    ("words", "parts", "base", "digits"),
    [
        ("申请公开率（予以公开和部分公开占办结数）", ("t3.granted.total", "t3.partial.total"), ("t3.total.total",), 1),
        ("依申请公开率", ("t3.granted.total", "t3.partial.total"), ("t3.new.total",), 2),
        ("予以公开率", ("t3.granted.total",), ("t3.total.total",), 0),
    ],
)
def test_a_rate_agreeing_by_its_definition_is_no_finding_and_one_off_is(
    words: str, parts: tuple[str, ...], base: tuple[str, ...], digits: int
) -> None:
    """A rate the prose states without a count (申请公开率（予以公开和部分公开占办结数）为37.2%) agrees when a way
    reports count it (with or without the partly granted, of the applications handled or received) gives it as printed,
    rounded or cut; off by a few points it is narrative.mismatch, naming the rows it was counted from (was: never
    looked at — a fresh user's planted wrong rate passed)."""
    right = _rate(parts, base)
    assert_clean(
        with_prose(RATED, f"全年办结申请{int(RATED.cells['t3.total.total'])}件，{words}为{right:.{digits}f}%。")
    )
    g, p, t, n = (("t3.granted.total",), ("t3.partial.total",), ("t3.total.total",), ("t3.new.total",))
    ways = [_rate(a, b) for a in (g, g + p) for b in (t, n, (*n, "t3.carried_in.total"))]
    wrongs = [w for d in (6, -6, 11, -11, 17, -17) if 0 < (w := right + d) < 100 and all(abs(w - x) > 2 for x in ways)]
    assert wrongs, "no wrong rate apart from every way of counting it"
    wrong = wrongs[0]
    (f,) = findings(with_prose(RATED, f"{words}为{wrong:.{digits}f}%。"), "narrative.mismatch")
    assert "比率" in f.message and "t3.granted.total" in f.keys and f.severity == "warning"


def test_a_rate_of_another_year_or_of_active_disclosure_is_not_held_against_the_tables() -> None:
    """A rate compared with last year's, of another year, or of active disclosure (主动公开率) is no rate of the
    applications this year: not held against table 3."""
    y = RATED.year
    for said in (
        "申请公开率为99.9%，较上年提高3个百分点。",
        f"{y - 1}年申请公开率为99.9%。",
        "主动公开率达99.9%。",
        "部门预决算公开率达99.9%，重大行政决策公开率99%。",  # (rates of other things than applications)
        "不予公开率为99.9%，部分公开率为88.8%。",
        "依申请公开率稳步提升，按时答复率达99%。",  # (the percentage another rate's)
        "提高依申请公开率，群众满意度达98%。",
        "依申请公开率100%。",  # (said loosely of every application answered)
    ):
        assert not findings(with_prose(RATED, said), "narrative.mismatch"), said


def test_a_title_agreeing_with_the_period_keeps_its_year_against_a_stale_introduction() -> None:
    """Title and statistics period name the report's year, the introduction and a paragraph last year's (kept from
    last year's report): the report's year is the title's, and year.mismatch says the introduction's and the
    paragraph's are stale — the paragraphs' year chooses only where the title is the odd one out (a fresh
    reviewer's: read as last year's, the paragraph's finding lost)."""
    rep = find(lambda c: c["t3.new.total"] > 0)
    y = rep.year
    text = print_report(rep, "pipe")
    assert f"(一)主动公开\n{y}年，" in text
    title_end = text.index("\n") + 1
    text = text[:title_end] + f"现将{y - 1}年度政府信息公开工作情况报告如下。\n" + text[title_end:]
    text = text.replace(f"(一)主动公开\n{y}年，", f"(一)主动公开\n{y - 1}年，", 1)
    r = ogi.read(text)
    assert r.year == y
    assert any(f.rule == "year.mismatch" for f in r.findings)


def test_an_example_of_counting_is_no_statement() -> None:
    """A form's instructions (填表说明) giving an example of how to count (例如：新收10件、上年结转2件，…): figures of
    no report (trial 97: three false narrative.mismatch); the report's own sentence is still held."""
    rep = find(lambda c: c["t3.new.total"] > 12 and c["t3.carried_in.total"] != 2)
    new = int(rep.cells["t3.new.total"])
    example = "例如：新收10件、上年结转2件，办结11件，则结转下年度1件。"
    assert_clean(with_prose(rep, f"全年共收到政府信息公开申请{new}件。{example}"))
    got = findings(with_prose(rep, f"全年共收到政府信息公开申请{new + 3}件。{example}"), "narrative.mismatch")
    assert len(got) == 1 and got[0].keys == ["t3.new.total"]


@pytest.mark.parametrize(
    "sentence",
    [
        "新收和上年结转申请分别为{a}件和{b}件。",
        "共收到和办结政府信息公开申请分别为{a}件、{b}件。",
        "本年度收到的政府信息公开申请中，通过网络、信函、当面提交的分别为{a}件、{b}件、1件。",
    ],
)
def test_a_list_of_parts_is_read_and_never_breaks_the_reading(sentence: str) -> None:
    """A 分别 list whose items are no applicant columns (a reviewer's: the whole report failed, IndexError): read
    figure by figure as ever."""
    rep = find(lambda c: c["t3.new.total"] > 3)
    r = ogi.read(with_prose(rep, sentence.format(a=int(rep.cells["t3.new.total"]), b=2)))
    assert r.cells == rep.cells


LEADS = ["严格落实二级审核后再处理，", "申请内容所属领域主要为市场监管，", "本局作为独立公开主体，"]


@pytest.mark.parametrize("lead", LEADS)
def test_words_like_a_units_are_no_unit_under_the_organ(lead: str) -> None:
    """处理 and 市场 are no unit's name (二级…处, 所属…场), and an organ saying it reports on its own speaks of itself:
    its figure is held (a reviewer's: each silenced a real mismatch)."""
    rep = find(lambda c: c["t3.new.total"] > 3)
    wrong = int(rep.cells["t3.new.total"]) + 3
    got = findings(with_prose(rep, f"{lead}共收到政府信息公开申请{wrong}件。"), "narrative.mismatch")
    assert [f.keys for f in got] == [["t3.new.total"]]
