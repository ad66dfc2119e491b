"""The checks an office makes (issue 14), each on a generated report with its fault injected and
without it: the finding, its severity, its keys, a clerk's message with the template's labels and
both values, and its basis."""

from __future__ import annotations

import pytest

import ogi
from ogi.model import Finding
from ogi.samples import generate, print_report
from ogi.template import rule


def base(seed: int = 11, tid: str = "2021") -> tuple[object, str]:
    rep = generate(seed, tid=tid, scale=20)
    return rep, print_report(rep, "pipe")


def found(text: str, rid: str) -> list[Finding]:
    return [f for f in ogi.read(text).findings if f.rule == rid]


def test_clean_generated_reports_raise_none_of_the_office_rules() -> None:
    office = {
        "period.mismatch",
        "cells.unit",
        "section.incomplete",
        "fees.processing",
        "template.year",
        "narrative.mismatch",
    }
    for seed in range(20, 30):
        for tid in ("2021", "2019"):
            _, text = base(seed, tid)
            assert not {f.rule for f in ogi.read(text).findings} & office, (seed, tid)


def test_period_not_the_reporting_year() -> None:
    rep, text = base()
    y = rep.year  # type: ignore[attr-defined]
    assert ogi.read(text).period == f"{y}-01-01/{y}-12-31"
    wrong = text.replace(f"至{y}年12月31日止", f"至{y}年11月30日止")
    r = ogi.read(wrong)
    assert r.period == f"{y}-01-01/{y}-11-30"  # a value of the reading
    (f,) = [f for f in r.findings if f.rule == "period.mismatch"]
    assert f.severity == "warning" and f.basis == rule("period.mismatch").basis_for(None) and "第四十九条" in f.basis
    assert f"{y}年1月1日至{y}年11月30日" in f.message and f"应为{y}年1月1日至{y}年12月31日" in f.message
    assert f.where  # the line that states it


def test_format_for_the_year_is_a_warning() -> None:
    rep = generate(12, tid="2019", scale=20)
    assert not found(print_report(rep, "pipe"), "template.year")  # 2019 format for its own years
    rep.year = 2022
    (f,) = found(print_report(rep, "pipe"), "template.year")
    assert f.severity == "warning" and "2022年" in f.message and "2019年版" in f.message
    rep = generate(12, tid="2021", scale=20)
    rep.year = 2020
    (f,) = found(print_report(rep, "pipe"), "template.year")
    assert f.severity == "warning" and "2021年版" in f.message


def test_fee_printed_in_yuan_is_converted_and_said_with_both_values() -> None:
    rep, text = base()
    fee = rep.cells["t2.fees.amount"]  # type: ignore[attr-defined]
    row = f"行政事业性收费 | {fee} |"
    assert row in text and not found(text, "cells.unit")
    r = ogi.read(text.replace(row, f"行政事业性收费 | {fee * 10000}元 |"))
    assert r.cells["t2.fees.amount"] == fee  # read in the column's unit
    (f,) = [f for f in r.findings if f.rule == "cells.unit"]
    assert f.severity == "warning" and f.keys == ["t2.fees.amount"]
    assert f"印为「{fee * 10000}元」" in f.message and f"按{fee}万元读取" in f.message and "本年收费金额" in f.message
    assert "计量单位" in f.basis


def test_table_2_figures_in_the_prose() -> None:
    rep, text = base()
    n = rep.cells["t2.normative.issued"]  # type: ignore[attr-defined]
    said = f"制发行政规范性文件{n}件"
    assert said in text and not found(text, "narrative.mismatch")
    (f,) = found(text.replace(said, f"制发行政规范性文件{n + 3}件"), "narrative.mismatch")
    assert f.keys == ["t2.normative.issued"]
    assert f"制发行政规范性文件{n + 3}件" in f.message and "表二" in f.message and "本年制发件数" in f.message
    lic = rep.cells["t2.licensing.decisions"]  # type: ignore[attr-defined]
    (f,) = found(text.replace(f"行政许可决定{lic}件", f"行政许可决定{lic + 100}件"), "narrative.mismatch")
    assert f.keys == ["t2.licensing.decisions"]


def test_section_one_without_one_of_its_parts() -> None:
    _, text = base()
    assert not found(text, "section.incomplete")
    i = text.index("(五)监督保障")
    j = text.index("\n", text.index("\n", i) + 1)
    (f,) = found(text[:i] + text[j:], "section.incomplete")
    assert f.severity == "warning" and f.message == "第一部分「总体情况」未写「监督保障」"
    assert "第五十条" in f.basis


def test_a_part_missing_from_headed_parts_though_its_words_stand_elsewhere() -> None:
    """Section 一 setting its parts out under headings: a part whose heading and text are gone is
    missing, even when its words (考核, 网站) turn up in another part's sentences."""
    _, text = base()
    i = text.index("(四)政府信息公开平台建设")
    j = text.index("(五)监督保障")
    cut = text[:i] + text[j:]
    k = cut.index("(五)监督保障")
    cut = cut[:k] + "(五)监督保障\n将网站信息发布纳入考核。" + cut[cut.index("\n", k + 8) :]
    (f,) = found(cut, "section.incomplete")
    assert f.message == "第一部分「总体情况」未写「政府信息公开平台建设」"


def test_headings_of_measures_are_not_the_parts_of_section_five() -> None:
    """Section 五 whose problems are prose (一是…二是…) and whose headings are its measures
    ("(一)继续完善信息公开机制"): both parts are there."""
    _, text = base()
    i = text.index("五、存在的主要问题及改进情况")
    j = text.index("六、其他需要报告的事项")
    five = (
        "五、存在的主要问题及改进情况\n工作仍存在一些不足。一是主动性仍待提高；二是队伍能力有欠缺。我们将采取以下措施：\n"
        "(一)继续强化信息公开责任。明确责任分工。\n(二)继续完善信息公开机制。健全审核发布机制。\n"
        "(三)继续加强督导协调工作。做好工作培训。\n"
    )
    assert not found(text[:i] + five + text[j:], "section.incomplete")


@pytest.mark.parametrize(
    "problem", ["依申请公开答复文书格式不统一", "各科室报送口径不一致", "公开栏目更新频率偏低", "缺乏专职人员"]
)
def test_section_five_stating_its_problem_in_a_word_of_its_own(problem: str) -> None:
    """Section 五 stating its one problem as 不统一, 不一致, 偏低, 缺乏 …, with its measure: both parts are there
    (a police sub-bureau's 答复文书格式不统一 was said to lack 存在的主要问题)."""
    _, text = base()
    i = text.index("五、存在的主要问题及改进情况")
    j = text.index("六、其他需要报告的事项")
    five = f"五、存在的主要问题及改进情况\n{problem}。下一步将统一文书模板。\n"
    assert not found(text[:i] + five + text[j:], "section.incomplete")


@pytest.mark.parametrize("organ", ["我镇", "我乡", "我街道", "我中心", "本局"])
def test_section_five_in_its_own_words(organ: str) -> None:
    """Section 五 without its parts' headings, its problems said as 滞后 and 偏少 and its measures as what the
    organ (a town, a street, a centre …) will do: both parts are there; without the measures, they are not."""
    rep, text = base()
    i = text.index("五、存在的主要问题及改进情况")
    j = text.index("六、其他需要报告的事项")
    problems = "一是村务公开栏内容更新滞后；二是涉农政策解读偏少。"
    measures = f"{rep.year + 1}年，{organ}将明确每村一名信息联络员。"  # type: ignore[attr-defined]
    five = f"五、存在的主要问题及改进情况\n{problems}{measures}\n"
    assert not found(text[:i] + five + text[j:], "section.incomplete")
    (f,) = found(text[:i] + five.replace(measures, "") + text[j:], "section.incomplete")
    assert f.message == "第五部分「存在的主要问题及改进情况」未写「改进情况（整改情况）」"


def test_section_five_without_improvements_or_only_none() -> None:
    _, text = base(13)  # (a report setting section 五's two parts out under their headings)
    i = text.index("(二)改进情况")
    j = text.index("六、其他需要报告的事项")
    (f,) = found(text[:i] + text[j:], "section.incomplete")
    assert "「改进情况（整改情况）」" in f.message and "存在的主要问题" not in f.message.split("未写")[1]
    start = text.index("五、存在的主要问题及改进情况")
    none = text[:start] + "五、存在的主要问题及改进情况\n无。\n" + text[j:]
    assert not found(none, "section.incomplete")
    (f,) = found(none, "section.missing")  # TEMPLATE.md: 五 is not empty or a bare 无
    assert f.message == "报告缺少以下部分：五、存在的主要问题及改进情况（为空或仅写“无”）"


def test_unpaid_fee_notices_and_section_six_silent_on_fees() -> None:
    rep, text = base()
    assert rep.cells["t3.other.no_fee.total"] > 0  # type: ignore[attr-defined]
    assert not found(text, "fees.processing")
    (f,) = found(text.replace("本年度未收取信息处理费。", ""), "fees.processing")
    assert f.severity == "warning" and f.keys == ["t3.other.no_fee.total"]
    assert "逾期未按收费通知要求缴纳费用" in f.message and "信息处理费" in f.message
    assert "国办函〔2020〕109号" in f.basis
    # every fee denied, this one with them: reported (was a warning: the sentence names no 信息处理费)
    assert not found(
        text.replace("本年度未收取信息处理费。", "本机关依申请公开政府信息未收取任何费用。"), "fees.processing"
    )
    # no fee notice went out (a generated report whose row is 0): nothing to report
    rep = generate(65, tid="2021", scale=20)
    assert rep.cells["t3.other.no_fee.total"] == 0
    assert not found(print_report(rep, "pipe").replace("本年度未收取信息处理费。", ""), "fees.processing")


def test_fee_said_collected_without_an_amount() -> None:
    _, text = base()
    (f,) = found(text.replace("本年度未收取信息处理费。", "本年度按规定收取信息处理费。"), "fees.processing")
    assert f.message == "第六部分称「本年度按规定收取信息处理费」，未写明收取信息处理费的金额"
    assert not found(text.replace("本年度未收取信息处理费。", "本年度收取信息处理费0.12万元。"), "fees.processing")


def test_a_heading_ending_in_its_mark_says_no_fee_was_collected() -> None:
    """六 in items: ``（一）收取信息处理费情况。`` names what follows; it says no fee was collected."""
    _, text = base()
    for head in ("（一）收取信息处理费情况。", "（一）关于收取信息处理费的情况。", "1.信息处理费收取情况。"):
        assert not found(text.replace("本年度未收取信息处理费。", f"{head}本年度未收取信息处理费。"), "fees.processing")
    # a statement that fees were collected is still one, after such a heading too
    (f,) = found(
        text.replace("本年度未收取信息处理费。", "（一）收取信息处理费情况。本年度按规定收取信息处理费。"),
        "fees.processing",
    )
    assert "本年度按规定收取信息处理费" in f.message


def test_2019_procurement_amount_printed_in_wan_yuan() -> None:
    rep = next(r for s in range(12, 60) if (r := generate(s, tid="2019", scale=20)).cells["t2.procurement.amount"] >= 1)
    a, p = rep.cells["t2.procurement.amount"], rep.cells["t2.procurement.projects"]
    text = print_report(rep, "pipe")
    row = f"政府集中采购 | {p} | {a} |"
    assert row in text and not found(text, "cells.unit")
    r = ogi.read(text.replace(row, f"政府集中采购 | {p} | 1.25万元 |"))
    # TEMPLATE.md: "amount as a number in 元 unless the cell says 万元": read as printed, and said
    assert r.cells["t2.procurement.amount"] == 1.25
    (f,) = [f for f in r.findings if f.rule == "cells.unit"]
    assert f.keys == ["t2.procurement.amount"]
    assert "印为「1.25万元」" in f.message and "按印出的1.25万元读取" in f.message


def test_fees_whose_amount_a_sentence_of_its_own_gives() -> None:
    # the title of the rules cited (《…信息处理费管理办法》) names the fee; the amount follows
    _, text = base()
    said = "本机关落实《政府信息公开信息处理费管理办法》要求，按规定收取费用。全年收取信息处理费共计380元。"
    assert not found(text.replace("本年度未收取信息处理费。", said), "fees.processing")
    alone = "本机关落实《政府信息公开信息处理费管理办法》要求，按规定收取费用。"
    assert not found(text.replace("本年度未收取信息处理费。", alone), "fees.processing")  # no fee said collected


def test_fees_the_organ_may_collect_are_not_fees_collected() -> None:
    _, text = base()
    may = "申请人申请公开政府信息的数量、频次明显超过合理范围的，本机关将依照规定收取信息处理费。"
    assert not found(text.replace("本年度未收取信息处理费。", may), "fees.processing")


@pytest.mark.parametrize(
    "five",
    [
        "但还存在主动公开内容精准性不够等情况。2026年，我局将进一步加强和改进政府信息公开工作。",
        "工作中还有一些不足，一是业务不熟。明年我办将抓好以下两个方面的工作：一是提高业务水平。",
        "政策解读的形式有待丰富。为此，我局将探索与全媒体资源平台开展合作。",
        # a problem said as what still needs doing, an improvement as what the next year will do (no 改进 nor 将进一步)
        "政策解读形式较为单一，基层公开专栏更新不及时。2027年将推广图解、视频解读，强化乡镇专栏日常巡查。",
        "信息公开的主动性仍需加强。2027年将加强业务培训。",
        "依申请公开答复文书的说理尚需细化。2027年，局将优化答复模板，健全内部会商机制。",
    ],
)
def test_problems_and_improvements_in_other_words(five: str) -> None:
    _, text = base()
    i = text.index("五、存在的主要问题及改进情况")
    j = text.index("六、其他需要报告的事项")
    assert not found(text[:i] + "五、存在的主要问题及改进情况\n" + five + "\n" + text[j:], "section.incomplete")


@pytest.mark.parametrize(("printed", "value"), [("1.25 万元", 1.25), ("1,234.56 万元", 1234.56)])
def test_a_unit_laid_out_apart_from_its_value_is_still_said(printed: str, value: float) -> None:
    # PDF text puts a space between a value and its unit (126.5 万元; in groups of thousands too): the unit is the
    # cell's still
    rep = next(r for s in range(12, 60) if (r := generate(s, tid="2019", scale=20)).cells["t2.procurement.amount"] >= 1)
    p = rep.cells["t2.procurement.projects"]
    text = print_report(rep, "pdftext")
    row = next(ln for ln in text.split("\n") if ln.startswith("政府集中采购"))
    r = ogi.read(text.replace(row, f"政府集中采购 {p} {printed}"))
    assert r.cells["t2.procurement.amount"] == value
    assert [f.keys for f in r.findings if f.rule == "cells.unit"] == [["t2.procurement.amount"]]


@pytest.mark.parametrize("style", ["pipe", "markdown", "cells", "tabs", "csv", "bars", "pdftext"])
def test_fees_in_yuan_under_a_heading_saying_so_are_read_in_wanyuan_in_every_style(style: str) -> None:
    """Table 2's fee amount printed in 元 under its heading's 本年收费金额（单位：元） is its column's 万元, said
    (cells.unit) — in text whose header row is a run of its own too (a markdown row's empty first cell, a cell a
    line): the amount was read 10,000 times too large, silently."""
    from ogi.samples.printers import print_report

    rep = generate(11, tid="2021", scale=20)
    rep.cells["t2.fees.amount"] = 223.24  # type: ignore[attr-defined]
    rep.layout.fee_yuan = True  # type: ignore[attr-defined]
    rep.layout.texts["t2.fees.amount"] = "2232400.00"  # type: ignore[attr-defined]
    r = ogi.read(print_report(rep, style))  # type: ignore[arg-type]
    assert r.cells["t2.fees.amount"] == 223.24
    (f,) = [f for f in r.findings if f.rule == "cells.unit"]
    assert f.keys == ["t2.fees.amount"]


def test_a_table_of_fees_in_section_six_says_their_amount() -> None:
    """Section 六 printing a table of the fees (收费项目 | 收费依据 | 金额（元）, 信息处理费 … 0): the amount is
    said — no fees.processing warning that it is not."""
    _, text = base()
    j = text.index("六、其他需要报告的事项")
    table = "\n| 收费项目 | 收费依据 | 金额（元） |\n|---|---|---|\n"
    table += "| 信息处理费 | 国办函〔2020〕109号 | 0 |\n| 合计 | — | 0 |\n"
    end = text.index("\n", text.index("\n", j) + 1)
    assert not found(text[:end] + table + text[end:], "fees.processing")
