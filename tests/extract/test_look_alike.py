"""Documents a crawl of government sites holds beside the annual reports: refused as no report (exit 2, what
each is said), never read as a report full of false errors; a report of a year before the national format is
read with no table asked of it (a fresh user's look-alikes)."""

from __future__ import annotations

import pytest

import ogi
from ogi.errors import NotAReportError
from ogi.samples import generate, print_report


def report(title: str, seed: int = 5) -> str:
    rep = generate(seed, tid="2021", scale=5)
    rep.layout.title = (title,)
    return print_report(rep, "pipe")


@pytest.mark.parametrize(
    ("title", "said"),
    [
        ("青石县第一中学2023年信息公开工作年度报告", "公共企事业单位"),
        ("青石县人民医院2023年度信息公开工作年度报告", "公共企事业单位"),
        ("图解：青石县人民政府2023年政府信息公开工作年度报告", "解读或图解"),
        ("【解读】青石县2023年政府信息公开工作年度报告", "解读或图解"),
        ("青石县2024年政务公开工作要点", "工作要点"),
        ("青石县2024年第一季度政府信息公开申请办理情况统计表", "季度"),
    ],
)
def test_a_look_alike_is_no_report_and_says_what_it_is(title: str, said: str) -> None:
    with pytest.raises(NotAReportError) as e:
        ogi.read(report(title))
    assert said in e.value.message


def test_a_notice_publishing_reports_holds_none() -> None:
    text = "\n".join(
        [
            "关于公布青石县2023年度政府信息公开工作年度报告的公告",
            "根据《中华人民共和国政府信息公开条例》，现将各单位年度报告予以公布。",
            "| 序号 | 单位 | 新收申请（件） | 行政复议（件） | 行政诉讼（件） |",
            "|---|---|---|---|---|",
            "| 1 | 县人民政府 | 128 | 5 | 3 |",
            "| 2 | 县教育局 | 12 | 0 | 1 |",
        ]
    )
    with pytest.raises(NotAReportError, match="公告"):
        ogi.read(text)


def test_a_report_is_read_whatever_its_neighbours_say() -> None:
    """The national format's title (政府信息公开) is a report's, an organ's name holding 统计 or 学院 too."""
    for title in ("青石县统计局2023年政府信息公开工作年度报告", "青石县行政学院2023年政府信息公开工作年度报告"):
        r = ogi.read(report(title))
        assert r.agency == title.split("2023")[0]


def test_a_report_before_the_national_format_is_asked_for_no_table() -> None:
    text = "\n".join(
        [
            "青石县人民政府2015年政府信息公开工作年度报告",
            "本报告根据《中华人民共和国政府信息公开条例》编制，所列数据统计期限自2015年1月1日起至2015年12月31日止。",
            "一、概述",
            "2015年，县政府高度重视政府信息公开工作，全年主动公开政府信息1234条。",
            "二、主动公开政府信息情况",
            "全年通过政府网站公开信息980条。",
            "三、依申请公开政府信息情况",
            "全年共受理政府信息公开申请12件，均按时答复。",
            "四、存在的不足和改进措施",
            "公开内容的深度有待加强。",
        ]
    )
    r = ogi.read(text)
    assert r.year == 2015
    assert [f.rule for f in r.findings if f.severity in ("error", "warning")] == []
    assert [f.rule for f in r.findings if f.rule == "report.before_format"] == ["report.before_format"]


@pytest.mark.parametrize(
    "page",
    [
        # a page's header line above the title, an errata table naming a table's cell
        "<html><head><meta charset='utf-8'>"
        "<title>关于青石县人民政府办公室2023年政府信息公开工作年度报告的更正公告</title></head><body><div>发布时间：2024-03-06</div><h1>关于青石县人民政府办公室2023年政府信息公开工作年度报告的更正公告"
        "</h1><table><tr><td>位置</td><td>原数据</td><td>更正后数据</td></tr><tr><td>表四 行政复议 总计</td><td>4</td>"
        "<td>2</td></tr></table><p>特此公告。</p></body></html>",
        "青石县人民政府办公室2023年政府信息公开工作年度报告更正说明\n来源：青石县人民政府办公室\n"
        "原报告表三“一、本年新收政府信息公开申请数量”总计一栏原为115件，现更正为105件。\n"
        "| 位置 | 原数据 | 更正后数据 |\n|---|---|---|\n| 表三 一、本年新收政府信息公开申请数量 总计 | 115 | 105 |",
    ],
)
def test_a_correction_notice_alone_is_no_report(page: str) -> None:
    """A notice correcting a report (更正公告, 更正说明, 勘误表) that prints none of its sections: no report, said
    so, whatever header line stands above its title."""
    data = page.encode("utf-8")
    with pytest.raises(NotAReportError, match=r"更正|勘误"):
        ogi.read(data)


@pytest.mark.parametrize(("letter", "digit", "doubted"), [("O", "0", True), ("Z", "2", True), ("〇", "0", False)])
def test_a_letter_alone_among_a_rows_values_is_its_digit_in_doubt(letter: str, digit: str, doubted: bool) -> None:
    """A word alone among a PDF row's values written as a letter of a digit's look (O, Z): that digit, its reading in
    doubt (garbled: lifted where the sums confirm it) — was read sure, its text 0.0; the numeral 〇 a zero as
    printed."""
    import re

    from ogi.extract import extract
    from ogi.ingest import ingest_str
    from ogi.normalize.text import normalize_document

    rep = generate(361, tid="2021", scale=20)
    text = print_report(rep, "pdftext")
    at = text.index("四、政府信息公开行政复议")
    lines = text[at:].split("\n")
    k = next(k for k, ln in enumerate(lines) if re.fullmatch(r"[\d ]+", ln) and ln.count(" ") >= 14)
    words = lines[k].split(" ")
    j = next(j for j in range(2, len(words)) if words[j] == digit)
    words[j] = letter
    doc = ingest_str(text[:at] + "\n".join([*lines[:k], " ".join(words), *lines[k + 1 :]]))
    normalize_document(doc)
    ex = extract(doc)
    keys = [key for key in ex.meta.template.keys if key.startswith("t4.")]  # type: ignore[union-attr]
    assert ex.tables.cells[keys[j]] == int(digit)
    assert (ex.tables.doubts.get(keys[j]) == "garbled") is doubted
