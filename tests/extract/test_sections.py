"""Section headings as reports print them: the template's six, numbered otherwise or glued."""

from __future__ import annotations

import pytest

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


TITLES = {
    "一": "总体情况",
    "二": "主动公开政府信息情况",
    "三": "收到和处理政府信息公开申请情况",
    "四": "政府信息公开行政复议、行政诉讼情况",
    "五": "存在的主要问题及改进情况",
    "六": "其他需要报告的事项",
}


def _renumbered(form: str) -> str:
    t = text()
    for k, (sid, title) in enumerate(TITLES.items()):
        t = t.replace(f"{sid}、{title}", form.format(n=k + 1, sid=sid, title=title), 1)
    return t


def test_headings_numbered_in_figures_or_set_in_brackets() -> None:
    for form in ("{n}.{title}", "{n}、{title}", "{n}．{title}", "【{sid}、{title}】", "【{title}】"):
        r = ogi.read(_renumbered(form))
        assert not [f.message for f in r.findings if f.rule.startswith("section.")], form
        assert r.sections.get("六") is not None


def test_items_numbered_in_figures_within_sections_numbered_so_stand_for_no_section() -> None:
    # 一、总体情况 … 2.依申请公开情况: an item of section 一, never section 三's heading
    t = text().replace("(二)依申请公开", "2.依申请公开情况", 1)
    r = ogi.read(t)
    assert not missing(t)
    assert "依申请公开情况" in (r.sections.get("一") or "")


@pytest.mark.parametrize("form", ["{h}{leaders}{page}", "{h} {page}", "{h}\t{page}", "{h}"])
@pytest.mark.parametrize("numbered", ["{sid}、{title}", "【{title}】"])
def test_a_table_of_contents_is_no_heading(form: str, numbered: str) -> None:
    """A table of contents (目录) listing the sections' headings — with dot leaders and pages, with a page
    after each (一、总体情况 1), or the headings alone — is none of the report's headings: the body's are (with
    pages and no leaders, or none, the contents' lines were the sections, 一 to 五 read empty, 六 the whole
    report: false section.missing; or the body read as the report printed again)."""
    t = _renumbered(numbered)
    title_end = t.index("\n") + 1
    lines = [
        form.format(h=numbered.format(sid=sid, title=title), leaders="…" * 12, page=k // 2 + 1)
        for k, (sid, title) in enumerate(TITLES.items())
    ]
    contents = "目  录\n" + "".join(f"{ln}\n" for ln in lines)
    r = ogi.read(t[:title_end] + contents + t[title_end:])
    assert not [f.message for f in r.findings if f.rule.startswith("section.") or f.rule == "table.duplicate"]
    assert "主动公开" in (r.sections.get("一") or "")  # section 一 is the body's, not the contents line


def test_a_heading_cut_into_a_table_rows_cells_is_found() -> None:
    """A PDF-to-markdown tool (pymupdf4llm) puts a heading standing over a table into a row of cells:
    ``| |四、|政府信息公开行|政复议|、行|政诉|讼情况| | |``. Its cells joined are section 四's heading, and
    table 4 is read below it (was 表四…未找到: false cells.missing errors)."""
    from ogi.samples import generate, print_report

    rep = generate(11, tid="2021", scale=20)
    text = print_report(rep, "markdown")
    head = "四、政府信息公开行政复议、行政诉讼情况"
    assert f"\n{head}\n" in text
    text = text.replace(f"\n{head}\n", "\n| |四、|政府信息公开行|政复议|、行|政诉|讼情况| | |\n", 1)
    r = ogi.read(text)
    assert {k: r.cells[k] for k in rep.cells if k.startswith("t4.")} == {
        k: v for k, v in rep.cells.items() if k.startswith("t4.")
    }
    assert not [f.message for f in r.findings if f.severity == "error" or f.rule.startswith("section.")]


@pytest.mark.parametrize("style", ["pipe", "runon", "html", "docx"])
def test_tables_after_the_report_named_in_their_sections_headings(style: str) -> None:
    """三、收到和处理政府信息公开申请情况（详见附表2） with a sentence of figures under it, and 附表2 over its title
    on two lines after the signature: each table read there (were not found: cells.missing)."""
    from ogi.samples.docx import render_docx
    from ogi.samples.html import render_html

    rep = generate(17, tid="2021", scale=20)
    rep.layout.appendix = ("附表1", "附表2", "附表3")
    rep.layout.appendix_said = True
    data = {"html": render_html, "docx": render_docx}.get(style, lambda r: print_report(r, style))(rep)
    got = ogi.read(data)
    assert got.cells == rep.cells
    assert not [f for f in got.findings if f.severity == "error"]


@pytest.mark.parametrize("style", ["pipe", "runon", "html", "docx"])
@pytest.mark.parametrize("form", ["reading", "links", "attachment"])
def test_what_follows_the_report_is_no_text_of_it(form: str, style: str) -> None:
    """What a page prints after the report (its signature's date, then 相关解读 with last year's figures, or
    【打印本页】 【关闭窗口】 and 相关链接) and a notice's second attachment (附件2: a work plan's figures) are no
    text of section 六 and no prose of the report: no narrative.mismatch nor year.mismatch of theirs (the
    reading's 上年结转 was checked against this year's table); a line with a full-width bar (一图读懂｜…) is no
    table's row (a page run together on one line was read as one: no report)."""
    import random

    from ogi.samples.variants.kinds import after_report
    from ogi.samples.variants.render import render_light

    rep = generate(23, tid="2021", scale=20)
    rep.layout.back = after_report(rep, form, random.Random(form))
    r = ogi.read(render_light(rep, style, 23))
    six = r.sections.get("六") or ""
    assert "相关" not in six and "附件" not in six and "一图读懂" not in six and "工作要点" not in six
    assert "其他需要报告" in print_report(rep, "pipe") and six
    assert not [f.message for f in r.findings if f.rule in ("narrative.mismatch", "year.mismatch")]
    assert {k: r.cells[k] for k in rep.cells} == rep.cells


@pytest.mark.parametrize("numbering", ["apart", "badge", "badge_inline", "none"])
def test_headings_numbered_apart_or_not_and_worded_otherwise(numbering: str) -> None:
    """A heading's numeral on a line of its own (五、 / 存在的主要问题和改进措施), a page's badge over or before its
    title (05), or no numeral at all, the titles worded as reports word them (基本情况, 依申请公开情况 …): the six
    sections, each with its text (the generator's forms: printers.RETITLED)."""
    from ogi.samples.printers import REWORDED

    rep = generate(seed=4)
    rep.layout.numbering = numbering
    r = ogi.read(print_report(rep, "pipe"))
    assert not [f for f in r.findings if f.rule.startswith("section.")]
    assert all(r.sections.get(sid) for sid in REWORDED)
    assert not r.sections["四"].startswith(REWORDED["四"])  # (the title is the heading's, not its text's)


def test_a_value_alone_on_its_line_before_a_label_is_no_numeral_of_a_heading() -> None:
    """A table flattened a cell a line: ``6`` then ``(二)部分公开（…不计其他情形）`` is a value and a label, not
    section 六 (其他) numbered apart."""
    said = "本年度工作按计划推进，存在的不足将在下一年度改进。"
    lines = ["1.总体情况", said, "2.主动公开政府信息情况", said, "3.收到和处理政府信息公开申请情况", "申请人情况", "6"]
    lines += ["(二)部分公开(区分处理的,只计这一情形,不计其他情形)", "4.政府信息公开行政复议、行政诉讼情况", said]
    t = "\n".join([*lines, "5.存在的主要问题及改进情况", said, "6.其他需要报告的事项", said])
    r = ogi.read(t)
    assert not [f for f in r.findings if f.rule == "section.missing"]
    assert r.sections["六"] == said


@pytest.mark.parametrize("contents", [None, "bare"])
@pytest.mark.parametrize(
    ("void", "current", "first"),
    [
        ("（原发布版本）", "（更正后版本）", True),
        ("（原文，已作废）", "（更正）", False),
        ("", "（修订版）", True),
        ("（原文，已作废）", "", True),
    ],
)
def test_two_versions_in_one_file_read_as_the_one_that_stands(
    void: str, current: str, first: bool, contents: str | None
) -> None:
    """A correction republished with the original (the original first, or appended after: 附：…（原文，已作废）):
    the titles say which stands — its figures are the report's, the other's no copy of it (no table.duplicate);
    printed twice with nothing said of either, the copies' differences are the source's (table.duplicate). Each
    version with a table of contents between its title and its first heading too (目录 and the sections' titles:
    the title was looked for in the four lines above the first heading only, so a void version printed first was
    read as the report, its copy a false table.duplicate)."""
    import ogi
    from ogi.samples import generate, print_report

    rep = generate(3, tid="2021", scale=5)
    old = generate(3, tid="2021", scale=5)
    rep.layout.contents = old.layout.contents = contents
    old.cells["t3.new.natural"] += 4
    old.cells["t3.granted.natural"] += 4
    old.cells["t3.new.total"] += 4
    old.cells["t3.granted.total"] += 4
    old.cells["t3.total.natural"] += 4
    old.cells["t3.total.total"] += 4
    title = f"{rep.agency}{rep.year}年政府信息公开工作年度报告"
    rep.layout.title = (f"{title}{current}",)
    old.layout.title = (f"{'' if first else '附：'}{title}{void}",)
    mine, other = print_report(rep, "pipe"), print_report(old, "pipe")
    got = ogi.read(other + "\n\n" + mine if first else mine + "\n\n" + other)
    assert {k: v for k, v in got.cells.items() if v != rep.cells[k]} == {}
    assert not [f for f in got.findings if f.rule == "table.duplicate"]
    old.layout.title = None  # the same report twice, neither said void: its copies' differences are the source's
    twice = ogi.read(mine.replace(current, "") + "\n\n" + print_report(old, "pipe"))
    assert [f for f in twice.findings if f.rule == "table.duplicate"]


@pytest.mark.parametrize(
    ("printed", "ocr"),
    [
        ("六、其他需要报告的事项", "六、其 需要报告的事项"),
        ("一、总体情况", "一、总休情况"),
        ("一、总体情况", "一、总体 况"),
        ("二、主动公开政府信息情况", "二、主劫公开政府倍息情况"),
        ("五、存在的主要问题及改进情况", "五、存在的要问题及口进情况"),
    ],
)
def test_a_heading_with_a_character_lost_or_misread(printed: str, ocr: str) -> None:
    """A section's heading as OCR may give it, a character of its title lost or read as another (a bold heading's
    他 dropped): the section's heading, numbered as the next one (was: section.missing)."""

    rep = generate(341, tid="2021", scale=20)
    text = print_report(rep, "pipe")
    assert printed in text
    r = ogi.read(text.replace(printed, ocr))
    assert not [f for f in r.findings if f.rule.startswith("section.")]
    assert r.cells == rep.cells


def test_a_contents_entry_naming_the_void_version_is_no_title_of_the_one_that_stands() -> None:
    """The current version first, its table of contents listing the void one appended (附：原发布报告（已作废）): the
    contents' entries are no title — the first version's title is above 目录 (read as void, the two were taken
    for copies: a false table.duplicate — a fresh reviewer's)."""
    import ogi
    from ogi.samples import generate, print_report

    rep, old = generate(3, tid="2021", scale=5), generate(3, tid="2021", scale=5)
    rep.layout.contents = old.layout.contents = "bare"
    for k in ("t3.new.natural", "t3.granted.natural", "t3.new.total", "t3.granted.total"):
        old.cells[k] += 4
    for k in ("t3.total.natural", "t3.total.total"):
        old.cells[k] += 4
    title = f"{rep.agency}{rep.year}年政府信息公开工作年度报告"
    rep.layout.title, old.layout.title = (title,), (f"附：{title}（原文，已作废）",)
    mine = print_report(rep, "pipe").replace("目  录\n", "目  录\n附：原发布报告（已作废）\n", 1)
    got = ogi.read(mine + "\n\n" + print_report(old, "pipe"))
    assert {k: v for k, v in got.cells.items() if v != rep.cells[k]} == {}
    assert not [f for f in got.findings if f.rule == "table.duplicate"]


def _above_headings(page: str, sids: str) -> str:
    """An HTML page with the tables of sections ``sids`` (三, 四) each set just above its heading."""
    import re

    for sid in sids:
        m = re.search(rf"(<h2>{sid}、[^<]*</h2>\n)(<table.*?</table>\n)", page, re.S)
        assert m is not None
        page = page[: m.start()] + m.group(2) + m.group(1) + page[m.end() :]
    return page


@pytest.mark.parametrize("style", ["docx", "html"])
@pytest.mark.parametrize("tables", [("t3", "t4"), ("t2", "t3", "t4"), ("t3",), ("t2", "t4")])
def test_tables_stored_above_their_headings_are_read_as_theirs(style: str, tables: tuple[str, ...]) -> None:
    """Word keeps a floating table (w:tblpPr) before the paragraph it hangs from, its section's heading; a page may
    set its tables above their headings. Table 3 above 三's heading and table 4 above 四's: section 三 then holds table
    4's grid, table 3's stands before its heading — each table read from its own grid (table 3 was lost: 175
    cells.missing), whichever tables stand so."""
    from ogi.samples.docx import render_docx
    from ogi.samples.html import render_html

    rep = generate(17, tid="2021", scale=20)
    if style == "docx":
        rep.layout.floating = tables
        data: str | bytes = render_docx(rep)
        assert data.count(b"tblpPr") == 0  # (compressed: the part itself is looked at below)
        import io
        import zipfile

        xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
        assert xml.count("<w:tblpPr") == len(tables)
        heading = xml.find("三、收到和处理政府信息公开申请情况")
        assert (xml.rfind("申请人情况", 0, heading) >= 0) == ("t3" in tables)  # (stored before its heading)
    else:
        data = _above_headings(render_html(rep), "".join({"t2": "二", "t3": "三", "t4": "四"}[t] for t in tables))
    got = ogi.read(data)
    assert got.cells == rep.cells
    assert not [f.rule for f in got.findings if f.severity in ("error", "warning")]


def test_a_table_above_its_heading_known_by_its_rows_labels() -> None:
    """Table 3 above its heading, table 4 above its own, table 3's header naming none of its anchors (项目 for the
    勾稽关系 note, 申请人类型 for 申请人情况): its grid is known as table 3's by its rows' labels, one a line."""
    import re

    from ogi.samples.html import render_html

    rep = generate(17, tid="2021", scale=20)
    page = re.sub(r"\(本列数据的勾稽关系为[^<]*\)", "项目", render_html(rep)).replace("申请人情况", "申请人类型")
    assert "勾稽关系" not in page and "申请人情况" not in page
    got = ogi.read(_above_headings(page, "三四"))
    assert got.cells == rep.cells
    assert not [f.rule for f in got.findings if f.severity in ("error", "warning")]
