"""Section headings as reports print them: the template's six, numbered otherwise or glued."""

from __future__ import annotations

import ogi
from ogi.samples import generate, print_report


def text() -> str:
    return print_report(generate(11, tid="2021", scale=20), "pipe")


def missing(t: str) -> list[str]:
    return [f.message for f in ogi.read(t).findings if f.rule == "section.missing"]


def test_a_numeral_glued_to_its_title() -> None:
    assert not missing(text().replace("一、总体情况", "一总体情况"))


def test_a_sentence_beginning_with_a_numeral_is_no_heading() -> None:
    t = text()
    i = t.index("一、总体情况")
    t = t[:i] + "一是总体情况良好的说明。\n" + t[i:]
    r = ogi.read(t)
    assert not missing(t) and not [f for f in r.findings if f.rule == "section.incomplete"]


def test_a_section_of_its_own_renumbers_the_last_two() -> None:
    # "五、信息处理费收取情况" inserted: the problems are 六 (with 和 for 及), other matters 七
    t = text()
    five, six = t.index("五、存在的主要问题及改进情况"), t.index("六、其他需要报告的事项")
    t = (
        t[:five]
        + "五、信息处理费收取情况\n本年度未收取信息处理费。\n"
        + t[five:six].replace("五、存在的主要问题及改进情况", "六、存在的主要问题和改进情况")
        + t[six:].replace("六、其他需要报告的事项", "七、其他需要报告的事项")
    )
    assert not missing(t)
