"""The HTML reader's document: grids, prose blocks, noise, encodings, saved-page wrappers."""

from __future__ import annotations

import email.charset
import email.generator
import email.mime.multipart
import email.mime.text
import gzip
import html
import io
import math
import re
from pathlib import Path

import pytest

import ogi
from ogi.errors import InputError
from ogi.ingest import detect, ingest_bytes
from ogi.ingest.html import ingest
from ogi.model import Document, Source
from ogi.samples import generate
from ogi.samples.html import render_html


def read(page: str, encoding: str = "utf-8") -> Document:
    return ingest(page.encode(encoding), Source(path=None, format="html"))


def rows(doc: Document) -> list[list[tuple[str, int | None, int | None]]]:
    return [[(c.text, c.where.row, c.where.col) for c in ln.cells] for ln in doc.lines if ln.grid is not None]


def prose(doc: Document) -> list[tuple[str, int | None]]:
    return [(ln.cells[0].text, ln.cells[0].where.line) for ln in doc.lines if ln.grid is None]


def test_cells_hold_paragraphs_spans_breaks_and_nbsp() -> None:
    doc = read(
        "<table><tr><td><p><span>本年新</span><br/>制作数量</p></td><td>&nbsp;<span>13</span>&nbsp;</td>"
        "<td><p>&nbsp;</p></td><td><p>商业</p>\n<p>企业</p></td></tr></table>"
    )
    assert rows(doc) == [[("本年新制作数量", 0, 0), ("13", 0, 1), ("", 0, 2), ("商业 企业", 0, 3)]]


def test_table_caption_is_prose_before_the_rows() -> None:
    doc = read("<p>前</p><table><caption>表二 主动公开</caption><tr><td>规章</td><td>1</td></tr></table>")
    assert [(ln.text, ln.grid) for ln in doc.lines] == [("前", None), ("表二 主动公开", None), ("规章 1", 0)]


def test_spanned_cells_only_at_their_origin_with_true_columns() -> None:
    doc = read(
        "<table><tr><td rowspan=2>三、本年度办理结果</td><td colspan=2>(一)予以公开</td><td>7</td></tr>"
        "<tr><td>(三)不予公开</td><td>1.属于国家秘密</td><td>0</td></tr>"
        "<tr><th colspan=3>(七)总计</th><td>7</td></tr></table>"
    )
    assert rows(doc) == [
        [("三、本年度办理结果", 0, 0), ("(一)予以公开", 0, 1), ("7", 0, 3)],
        [("(三)不予公开", 1, 1), ("1.属于国家秘密", 1, 2), ("0", 1, 3)],
        [("(七)总计", 2, 0), ("7", 2, 3)],
    ]
    assert {ln.grid for ln in doc.lines} == {0}


def test_prose_blocks_numbered_in_reading_order() -> None:
    doc = read(
        "<body><h1>标题</h1><div>一、总体情况<br>第一段。</div><p>第二段<b>加粗</b>续。</p>"
        "<table><tr><td>a</td><td>1</td></tr></table><ul><li>条目</li></ul></body>"
    )
    assert prose(doc) == [("标题", 1), ("一、总体情况", 2), ("第一段。", 3), ("第二段加粗续。", 4), ("条目", 5)]
    assert [ln.grid for ln in doc.lines] == [None, None, None, None, 0, None]


def test_navigation_scripts_and_styles_are_dropped_report_text_kept() -> None:
    doc = read(
        "<html><head><title>x</title><style>p{color:red}</style></head><body>"
        '<div class="top-nav">首页 &gt; 政务公开</div><nav>导航</nav><script>var a="首页";</script>'
        '<div id="breadcrumb">当前位置</div><p>正文一</p><div class="footer">版权所有</div>'
        '<div class="nav-wrap"><p>一、总体情况</p><p>二、主动公开</p><p>三、依申请</p></div>'
        '<div style="display: none">隐藏</div></body></html>'
    )
    texts = [t for t, _ in prose(doc)]
    assert texts == ["正文一", "一、总体情况", "二、主动公开", "三、依申请"]


def test_layout_tables_are_read_as_blocks_and_the_inner_table_as_a_grid() -> None:
    doc = read(
        "<table><tr><td>栏目</td><td><p>标题段</p><table><tr><td>规章</td><td>5</td></tr></table>"
        "<p>结尾段</p></td></tr></table>"
    )
    assert prose(doc) == [("栏目", 1), ("标题段", 2), ("结尾段", 3)]
    assert rows(doc) == [[("规章", 0, 0), ("5", 0, 1)]]


def test_title_added_when_the_body_does_not_begin_with_it() -> None:
    doc = read("<html><head><title>某县教育局2023年政府信息公开工作年度报告</title></head><body><p>正文</p></body>")
    assert prose(doc) == [("某县教育局2023年政府信息公开工作年度报告", 1), ("正文", 2)]
    doc = read("<html><head><title>某县教育局 - 首页</title></head><body><p>正文</p></body>")
    assert prose(doc) == [("正文", 1)]


def test_declared_and_undeclared_encodings() -> None:
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=GB2312"></head>'
        "<body><p>政府信息公开</p></body></html>"
    )
    doc = read(page, "gb18030")
    assert prose(doc) == [("政府信息公开", 1)] and doc.source.encoding == "gb18030"
    lying = page.replace("GB2312", "utf-8")
    assert prose(read(lying, "gb18030")) == [("政府信息公开", 1)]


def test_word_html_markup() -> None:
    doc = read(
        '<html xmlns:o="urn:schemas-microsoft-com:office:office"><body><p class=MsoNormal><span>二、主动公开'
        "<o:p></o:p></span></p><table class=MsoTableGrid><tr><td><p class=MsoNormal><span>规章<o:p></o:p></span></p>"
        "</td><td><p class=MsoNormal><span>3<o:p></o:p></span></p></td></tr></table></body></html>"
    )
    assert prose(doc) == [("二、主动公开", 1)]
    assert rows(doc) == [[("规章", 0, 0), ("3", 0, 1)]]


def test_mht_single_file_web_page() -> None:
    rep = generate(31, tid="2021")
    msg = email.mime.multipart.MIMEMultipart("related")
    cs = email.charset.Charset("gb2312")
    cs.body_encoding = email.charset.QP  # as Word and IE save them
    msg.attach(email.mime.text.MIMEText(render_html(rep, messy=True), "html", cs))  # type: ignore[arg-type]
    buf = io.StringIO()
    email.generator.Generator(buf).flatten(msg)
    data = buf.getvalue().encode("ascii")
    assert detect(data) == "html"
    r = ogi.read(data)
    assert r.agency == rep.agency and r.year == rep.year
    assert all(math.isclose(float(r.cells[k]), float(v), abs_tol=1e-6) for k, v in rep.cells.items())  # type: ignore[arg-type]


def test_detected_as_html_from_content_whatever_comes_first() -> None:
    for page in ("<!DOCTYPE html><p>x</p>", "  <html><body>x</body></html>", "<table><tr><td>1</td></tr></table>"):
        assert detect(page.encode()) == "html"
        assert ingest_bytes(page.encode()).source.format == "html"


def test_markdown_opening_with_a_table_on_its_line_is_markdown() -> None:
    """MinerU's markdown of a page whose site metadata table stands above the report opens with that
    table's HTML on one line; its headings are markdown's (was read as one HTML page: no section)."""
    md = (
        "<html><body><table><tr><td>发布机构：</td><td>北原市财政局</td></tr></table></body></html>\n"
        "北原市财政局2023年政府信息公开工作年度报告\n# 一、总体情况\n正文。\n# 二、主动公开政府信息情况\n"
    )
    assert detect(md.encode()) == "text"


def test_saved_page_with_lists_of_other_reports() -> None:
    """Other years' reports linked around the article do not pass for its title or year."""
    rep = generate(33, tid="2021")
    page = render_html(rep)
    others = "".join(
        f'<li><a href="/{y}.html">{rep.agency}{y}年政府信息公开工作年度报告</a><span>{y + 1}-01-20</span></li>'
        for y in range(2015, 2021)
    )
    chrome = (
        '<div class="top"><div class="logo">某某市人民政府</div></div>'
        f'<div class="left"><h3>年度报告</h3><ul class="list">{others}</ul></div>'
        '<div class="right"><div class="position">您现在的位置：<a href="/">首页</a> &gt; <a>年度报告</a></div>'
    )
    saved = page.replace("<body>", "<body>" + chrome, 1).replace("</body>", "</div></body>", 1)
    r = ogi.read(saved.encode())
    assert (r.year, r.agency) == (rep.year, rep.agency)
    assert all(math.isclose(float(r.cells[k]), float(v), abs_tol=1e-6) for k, v in rep.cells.items())  # type: ignore[arg-type]
    texts = [ln.text for ln in r.document.lines if ln.grid is None]
    assert not any("2016年政府信息公开" in t for t in texts)
    assert "某某市人民政府" in texts  # a block that is not a link list is kept


def test_markup_handed_over_as_a_string_is_read_as_a_page() -> None:
    rep = generate(34, tid="2019")
    page = render_html(rep, messy=True)
    a, b = ogi.read(page), ogi.read(page.encode("utf-8"))
    assert a.source.format == b.source.format == "html"
    assert a.cells == b.cells and (a.year, a.agency) == (rep.year, rep.agency)


def test_a_page_saved_with_its_report_in_a_frame_is_read_there() -> None:
    # SingleFile saves the frame's page in the iframe's srcdoc (escaped): the report is read in its place
    import html

    rep = generate(12, tid="2021", scale=20)
    page = (
        "<html><head><title>政务公开</title></head><body><div class='nav'>首页 > 政务公开</div>"
        f'<iframe srcdoc="{html.escape(render_html(rep), quote=True)}"></iframe><div>版权所有</div></body></html>'
    )
    r = ogi.read(page)
    assert r.cells == rep.cells
    assert rep.agency in (r.agency or "")
    assert not [f for f in r.findings if f.severity == "error"]


def test_a_hidden_print_copy_of_the_tables_is_no_second_table() -> None:
    # each table repeated in a display:none block (the page's print version): no table.duplicate; a page
    # whose whole report is hidden (shown by a script) is still read
    rep = generate(13, tid="2021", scale=20)
    page = render_html(rep)
    tables = re.findall(r"<table.*?</table>", page, flags=re.S)
    copy = "".join(f'<div style="display: none">{t}</div>' for t in tables)
    r = ogi.read(page.replace("</body>", copy + "</body>"))
    assert r.cells == rep.cells
    assert not [f for f in r.findings if f.rule == "table.duplicate"]
    hidden = page.replace("<body>", '<body><div style="display:none">').replace("</body>", "</div></body>")
    assert ogi.read(hidden).cells == rep.cells


def test_markdown_holding_its_tables_as_html_is_text() -> None:
    # MinerU's markdown of a PDF: headings and prose as markdown, each table an HTML line
    table = "<html><body><table><tr><td>规章</td></tr></table></body></html>"
    md = f"# 某局2024年政府信息公开工作年度报告\n\n# 一、总体情况\n\n全年…\n\n{table}\n"
    assert detect(md.encode()) == "text"
    assert detect("某局2024年报告\n一、总体情况\n全年…\n".encode() + table.encode()) == "text"  # headings plain
    assert detect(b"<div><p>\xe6\x8a\xa5\xe5\x91\x8a</p><table><tr><td>1</td></tr></table></div>") == "html"
    assert detect("标题：某局\n<p>一、总体情况</p>\n<table><tr><td>1</td></tr></table>\n".encode()) == "html"
    assert detect("标题：某局\n<div># 一、总体情况</div>\n".encode()) == "html"  # a tag inside a line: a page
    # pandoc's markdown of a converted page: its tables as markup over many lines, attributes on lines of their own
    spread = '<table width="576">\n<tr>\n<td colspan="4"\nstyle="border: 1px"><p>第二十条第(一)项</p></td>\n</tr>'
    spread += "\n</table>"
    assert detect(f"# 某局2024年政府信息公开工作年度报告\n\n一、总体情况\n\n全年…\n\n{spread}\n".encode()) == "text"


def test_a_superscript_note_number_is_a_mark_not_a_digit() -> None:
    from ogi.ingest.html import ingest_html
    from ogi.model import Source

    rows = "<tr><td>行政许可</td><td>70<sup>1</sup></td></tr><tr><td>行政处罚</td><td>5</td></tr>"
    page = f"<html><body><table>{rows}</table></body></html>"
    doc = ingest_html(page, Source(None, "html"))
    assert next([c.text for c in ln.cells] for ln in doc.lines if ln.grid is not None) == ["行政许可", "70[1]"]


def test_text_a_word_page_does_not_show_is_not_read() -> None:
    """A Word page's tracked changes keep the struck-out digits beside the new ones (<del>32</del><ins>30</ins>),
    its hidden text stays in the markup (display:none; mso-hide:all), and its reviewers' comments leave an
    anchor after the value ([D1]) and their list at the page's end: the page shows 30, 49 and 17."""
    doc = read(
        "<table><tr><td>规章</td><td><del cite='mailto:a'>32</del><ins>30</ins></td>"
        "<td><span style='display:none;mso-hide:all'>56</span>49</td><td><s>8</s>9</td>"
        "<td>17<span class=MsoCommentReference><a class=msocomanchor id='_anchor_1' href='#_msocom_1' "
        "name='_msoanchor_1'>[D1]</a></span></td></tr></table>"
        "<div style='mso-element:comment-list'><div style='mso-element:comment'><p class=MsoCommentText>"
        "上年报告结转下年度为6件。</p></div></div>"
    )
    assert rows(doc) == [[("规章", 0, 0), ("30", 0, 1), ("49", 0, 2), ("9", 0, 3), ("17", 0, 4)]]
    assert prose(doc) == []


def test_hidden_text_is_read_where_the_page_has_no_hidden_markup() -> None:
    """The control: a span styled otherwise (shown) keeps its text."""
    doc = read("<table><tr><td>规章</td><td><span style='color:red'>56</span>49</td></tr></table>")
    assert rows(doc) == [[("规章", 0, 0), ("5649", 0, 1)]]


def test_what_a_browser_hides_in_a_table_is_not_read() -> None:
    """Any page (not Word's only): a row of last year's figures hidden before the row it repeats (display:none,
    the hidden attribute), a cell hidden in a row, a number hidden in a span before the shown one — none of the
    table as the page shows it (they were read: last year's figures, a false table.duplicate error, 113 and 78
    read 11378). A table all of whose rows are hidden (shown by a script) keeps them."""
    doc = read(
        "<table><tr style='display:none'><td>规章</td><td>1</td><td>2</td></tr>"
        "<tr><td>规章</td><td>3</td><td hidden>9</td><td><span style='DISPLAY: none'>113</span>78</td></tr>"
        "<tr hidden><td>规章</td><td>4</td><td>5</td></tr></table>"
    )
    assert rows(doc) == [[("规章", 0, 0), ("3", 0, 1), ("78", 0, 2)]]
    shown = read("<table><tr style='display:none'><td>规章</td><td>1</td></tr></table><p>正文</p>")
    assert rows(shown) == [[("规章", 0, 0), ("1", 0, 1)]]


def test_a_page_hiding_last_years_rows_reads_as_the_report() -> None:
    """The same through a whole page (a CMS's, hiding last year's rows and numbers: Layout.hidden_old)."""
    from ogi.samples.generate import generate
    from ogi.samples.html import render_html

    rep = generate(8, tid="2021", scale=30)
    rep.layout.hidden_old = True
    page = render_html(rep)
    assert "display:none" in page.replace(" ", "").lower() or " hidden>" in page
    got = ogi.read(page.encode("utf-8"))
    assert got.cells == rep.cells
    assert not [f for f in got.findings if f.severity == "error" or f.rule == "table.duplicate"]


# ------------------------------------------------------------------ a WeChat article, a Word page's row edge


def test_a_wechat_articles_byline_is_its_publisher_and_date_not_its_text() -> None:
    """The byline (原创, the author, the account's name: inline, run together) is page furniture; the account's
    name is the organ where the report names none of its own, and the time the script holds its publication."""
    from ogi.samples.variants import variant

    v = variant("organ", "html", 12)  # form wechat
    assert v.form == "wechat"
    page = v.data.decode("utf-8")
    doc = ingest_bytes(v.data, "wechat.html")
    assert not any("原创" in ln.text for ln in doc.lines)
    r = ogi.read(v.data)
    assert r.agency == v.truth["agency"][0]
    assert r.published is not None and r.published.startswith(str(v.truth["year"] + 1))
    # a page whose byline is filled by its scripts: the account's name and the time from them
    bare = re.sub(r'<div id="meta_content".*?</div>', "", page, flags=re.S)
    script = '<script>var nickname = htmlDecode("{}"); var ct = "1614328200";</script>'.format(v.truth["agency"][0])
    r2 = ogi.read(bare.replace("</body>", script + "</body>").encode("utf-8"))
    assert r2.agency == v.truth["agency"][0]
    assert r2.published == "2021-02-26"
    assert not any("阅读原文" in (t or "") for t in r2.sections.values())  # the page's furniture after it


def test_words_empty_cell_closing_a_row_is_no_column() -> None:
    """Word's HTML closes each row of a table whose right edge is uneven with an empty cell of no width
    (``width=1``): no column — table 3's values stay under their own headings."""
    edge = '<td style="border:none" width="1"><p class="MsoNormal"><o:p>&nbsp;</o:p></p></td>'
    head = "<tr><td>申请人</td><td>自然人</td><td>总计</td>" + edge + "</tr>"
    page = f"<html><body><table>{head}<tr><td>a</td><td>3</td><td>4</td>{edge}</tr></table></body></html>"
    doc = ingest_bytes(page.encode("utf-8"))
    got = [[c.text for c in ln.cells] for ln in doc.lines if ln.grid is not None]
    assert got == [["申请人", "自然人", "总计"], ["a", "3", "4"]]
    # an empty cell of its own width stays a column (a blank)
    wide = ingest_bytes(b"<html><body><table><tr><td>a</td><td>3</td><td></td></tr></table></body></html>")
    assert [len(ln.cells) for ln in wide.lines if ln.grid is not None] == [3]


def test_a_picture_in_a_sentence_leaves_the_sentence_whole() -> None:
    """An emoji printed as a picture inside a sentence (a WeChat article's) is noted where it stands, the
    sentence one line."""
    page = '<html><body><p>全年共收到申请<img src="e.png" width="20"/>12件。</p></body></html>'
    doc = ingest_bytes(page.encode("utf-8"))
    assert [ln.text for ln in doc.lines] == ["全年共收到申请12件。"]
    assert [(p.number, p.at, p.name) for p in doc.pictures] == [(1, 0, "e.png")]


def test_values_corrected_in_place_are_the_new_ones_on_any_page() -> None:
    """A value struck out before the new one (<del>, <s>, <strike>, a span styled line-through; one inside
    another) is not the page's text as it stands: the new value alone, on any page, not only Word's."""
    doc = read(
        "<table><tr><td>行政许可</td><td><del>240</del>233</td><td><s>4</s> 0</td>"
        "<td><strike>7</strike><ins>5</ins></td>"
        '<td><span style="text-decoration: line-through">12</span><span style="color:red">10</span></td>'
        '<td><span style="TEXT-DECORATION:LINE-THROUGH"><del>3</del>9</span>8</td></tr></table>'
        "<p>全年共<s>收到</s>办理申请8件。</p>"
    )
    assert rows(doc) == [[("行政许可", 0, 0), ("233", 0, 1), ("0", 0, 2), ("5", 0, 3), ("10", 0, 4), ("8", 0, 5)]]
    assert prose(doc)[-1][0] == "全年共办理申请8件。"


def test_a_page_excel_wrote_gives_the_number_it_stored() -> None:
    """Excel's HTML keeps each number cell's value (x:num): a cell showing no number of it (#### where its column
    was too narrow, 1.23E+03 rounded to fit) is that number; one showing it (1,468, 12.00) is as shown."""
    doc = read(
        '<table><tr><td>行政许可</td><td x:num="3708">####</td><td x:num="1230">1.23E+03</td>'
        '<td x:num="1468">1,468</td><td x:num="12">12.00</td><td x:num>0</td></tr></table>'
    )
    assert [t for t, _, _ in rows(doc)[0]] == ["行政许可", "3708", "1230", "1,468", "12.00", "0"]


def test_a_formula_printed_in_place_of_a_figure_is_no_number() -> None:
    """A cell printing a spreadsheet's formula or error value instead of its figure (=SUM(D6:I6), #REF!, ####) is
    a value printed that no number holds: unread (cells.invalid says why), never a blank read as 0."""
    from ogi.extract.tokens import VALUE, parse_value

    for text in ("=SUM(D6:I6)", "=D5+E5", "#REF!", "#DIV/0!", "####"):
        assert parse_value(text)[:2] == (VALUE, None), text
    rep = generate(8, tid="2021", scale=20)
    page = render_html(rep)
    total = str(int(rep.cells["t3.new.total"]))
    row = page.index("一、本年新收政府信息公开申请数量")
    end = page.index("</tr>", row)
    at = page.rindex(f">{total}<", row, end)
    got = ogi.read(page[:at] + ">=SUM(D6:I6)<" + page[at + len(total) + 2 :])
    assert got.cells["t3.new.total"] is None
    bad = [f for f in got.findings if f.rule == "cells.invalid"]
    assert bad and bad[0].keys == ["t3.new.total"] and "公式" in bad[0].message
    assert not [f for f in got.findings if f.rule in ("cells.blank", "t3.column_sum", "t3.balance")]


def test_spacer_columns_between_every_column_are_no_columns() -> None:
    """A table with an empty cell of no width (width=1, 1px) between every two columns, a cell spanning columns
    spanning the spacers between them too (colspan 2n-1): read as without them (before: values moved onto the
    spacers' places, read 0)."""
    import re

    rep = generate(12, tid="2021", scale=20)
    page = render_html(rep)
    spacer = '<td width="1" style="width:1px;padding:0"></td>'

    def spaced_row(m: re.Match[str]) -> str:
        cells = re.findall(r"<t[dh][^>]*>.*?</t[dh]>", m.group(1), re.S)
        out = []
        for c in cells:
            c = re.sub(r'colspan="(\d+)"', lambda s: f'colspan="{2 * int(s.group(1)) - 1}"', c)
            out.append(c)
        return "<tr>" + spacer.join(out) + "</tr>"

    spaced = re.sub(r"<tr[^>]*>(.*?)</tr>", spaced_row, page, flags=re.S)
    assert spaced.count(spacer) > 100
    got = ogi.read(spaced)
    assert {k: v for k, v in got.cells.items() if v != rep.cells[k]} == {}


def _saved_reads_as_page(data: bytes, rep: object, path: Path | None = None) -> None:
    r = ogi.read(path if path is not None else data)
    assert r.source.format == "html"
    assert r.agency == rep.agency and r.cells == rep.cells  # type: ignore[attr-defined]
    assert not [f for f in r.findings if f.severity == "error" or f.rule in ("section.missing", "cells.blank")]


def test_a_page_in_utf16_without_its_byte_order_mark() -> None:
    """A page saved in UTF-16 without its mark, in either byte order: a page (was read as text, its tags in its
    lines: every section said missing)."""
    rep = generate(311, tid="2021", scale=20)
    page = render_html(rep)
    for enc in ("utf-16-le", "utf-16-be"):
        assert detect(page.encode(enc)) == "html"
        _saved_reads_as_page(page.encode(enc), rep)


def test_markup_escaped_once_more() -> None:
    """A CMS storing the report's markup as text (&lt;table&gt;…&lt;td&gt;12&lt;/td&gt;: the page shows the tags),
    the tables alone or the whole body: its tags read as tags (was: tables 2 and 3 missing, table 4 read as
    blanks — false errors)."""
    rep = generate(312, tid="2021", scale=20)
    page = render_html(rep)
    body = page[page.index("<body>") + len("<body>") : page.index("</body>")]
    tables_escaped = re.sub(r"<table.*?</table>", lambda m: html.escape(m.group(0), quote=False), page, flags=re.S)
    _saved_reads_as_page(tables_escaped.encode(), rep)
    whole = page.replace(body, "<div class='content'>" + html.escape(body, quote=False) + "</div>")
    _saved_reads_as_page(whole.encode(), rep)


def test_a_page_saved_gzip_compressed() -> None:
    """A page saved compressed (.html.gz, a server's reply kept as sent): its bytes unpacked and read; damaged
    compressed data a clear error, not binary data."""
    rep = generate(313, tid="2021", scale=20)
    packed = gzip.compress(render_html(rep).encode("gb18030"))
    _saved_reads_as_page(packed, rep)
    with pytest.raises(InputError, match="gzip"):
        ingest_bytes(packed[:12])


def test_frames_whose_pages_are_saved_beside_the_page(tmp_path: Path) -> None:
    """A page whose report stands in an ``<iframe>``, or a frameset's frame, its page saved in the folder beside
    it (a browser's "save page, complete"): that page read in the frame's place (was: not a report)."""
    rep = generate(314, tid="2021", scale=20)
    files = tmp_path / "page_files"
    files.mkdir()
    (files / "content.html").write_text(render_html(rep), "gb18030")
    (files / "top.html").write_text("<html><body><p>网站首页 | 信息公开</p></body></html>", "utf-8")
    inline = tmp_path / "inline.html"
    inline.write_text(
        '<html><head><meta charset="utf-8"></head><body><div class="nav">首页 &gt; 年报</div>'
        '<iframe src="page_files/content.html" width="100%" height="4000"></iframe></body></html>',
        "utf-8",
    )
    frames = tmp_path / "frames.html"
    frames.write_text(
        '<html><head><meta charset="utf-8"></head><frameset rows="90,*"><frame src="page_files/top.html">'
        '<frame name="main" src="page_files/content.html"><noframes>请使用支持框架的浏览器</noframes>'
        "</frameset></html>",
        "utf-8",
    )
    for page in (inline, frames):
        _saved_reads_as_page(page.read_bytes(), rep, page)
    # a frame naming a page out of the folder, or on the web: not followed
    away = tmp_path / "away.html"
    away.write_text('<html><body><iframe src="../../etc/passwd"></iframe><iframe src="http://x.cn/a.html"></iframe>')
    with pytest.raises(ogi.NotAReportError):
        ogi.read(away)


def test_a_browsers_archive_whose_report_stands_in_an_iframe() -> None:
    """A browser's single-file archive (.mhtml) whose page holds the report in an ``<iframe src="cid:…">``, the
    frame's page another part of the archive: read in the frame's place (was: that part never read)."""
    rep = generate(315, tid="2021", scale=20)
    outer = '<html><body><h2>年度报告</h2><iframe src="cid:frame-2@mhtml.blink"></iframe></body></html>'
    msg = email.mime.multipart.MIMEMultipart("related")
    msg["Snapshot-Content-Location"] = "http://www.example.gov.cn/a.html"
    for k, page in enumerate((outer, render_html(rep))):
        part = email.mime.text.MIMEText(page, "html", "utf-8")
        part["Content-ID"] = f"<frame-{k + 1}@mhtml.blink>"
        part["Content-Location"] = f"http://www.example.gov.cn/{'a' if k == 0 else 'content'}.html"
        msg.attach(part)
    buf = io.BytesIO()
    email.generator.BytesGenerator(buf).flatten(msg)
    _saved_reads_as_page(b"MIME-Version: 1.0\r\n" + buf.getvalue(), rep)


def test_a_report_a_page_holds_for_readers_without_scripts() -> None:
    """A page whose report stands in ``<noscript>`` (its scripts show it otherwise): read; a notice to turn scripts
    on there is no text of the report."""
    rep = generate(316, tid="2021", scale=20)
    page = render_html(rep)
    body = page[page.index("<body>") + len("<body>") : page.index("</body>")]
    held = page.replace(
        body, '<div id="app"></div><noscript><p>请开启JavaScript</p></noscript><noscript>' + body + "</noscript>"
    )
    _saved_reads_as_page(held.encode(), rep)
    r = ogi.read(held.encode())
    assert "请开启JavaScript" not in r.document.text()


def test_a_pre_wrapping_markup_is_read_as_the_page_is() -> None:
    """A ``<pre>`` holding a table (a CMS wrapping its content so) is read as the page's blocks are — its table a
    table — not as text (its cells would run together)."""
    from ogi.ingest import ingest_bytes

    page = (
        "<html><body><pre>说明\n<table border=1><tr><td>一、本年新收政府信息公开申请数量</td><td>15</td></tr>"
        "<tr><td>二、上年结转政府信息公开申请数量</td><td>3</td></tr></table>\n</pre></body></html>"
    )
    doc = ingest_bytes(page.encode())
    rows = [[c.text for c in ln.cells] for ln in doc.lines if ln.grid is not None]
    assert rows == [["一、本年新收政府信息公开申请数量", "15"], ["二、上年结转政府信息公开申请数量", "3"]]


@pytest.mark.parametrize(
    "wrap",
    [
        ("<noscript>", "</noscript>"),  # the page renders the table by script; without scripts, this one
        ('<div class="hidden-xs hidden-sm hidden-md">', "</div>"),  # shown at 1200 px and wider: a desktop's
    ],
)
def test_a_table_the_page_shows_nowhere_else_is_no_copy(wrap: tuple[str, str]) -> None:
    """A report's table in a block that is no copy of what the page shows — the page's other tables its layout's
    (navigation, a footer's links), holding none of its figures — is read (was dropped: as many tables shown)."""
    from ogi.samples.html import render_html

    rep = generate(43, tid="2021", scale=20)
    page = render_html(rep)
    nav = "<table><tr><td><a href='/'>首页</a></td><td><a href='/zwgk'>政务公开</a></td></tr></table>"
    start = page.index("<table", page.index("三、"))
    end = page.index("</table>", start) + len("</table>")
    page = page[:start] + wrap[0] + page[start:end] + wrap[1] + page[end:]
    page = page.replace("<body>", f"<body>{nav}{nav}{nav}", 1)
    r = ogi.read(page.encode())
    assert r.cells == rep.cells


def test_a_pdf_viewers_text_layer_reads_as_the_pages_it_shows() -> None:
    """A page saved from a PDF viewer (pdf.js's text layer: each run of the PDF's text a span placed with ``left``
    and ``top``, its width by ``scaleX``; a number printed in touching pieces, 232 | 1) is read as the PDF's pages
    are: words in rows by where they stand, the touching pieces one word (was: each piece a value — 2321 read
    232, values shifted — a fresh user's conversions, trial 87), each value's place its page and box."""
    import random

    from ogi.samples import generate, print_report
    from ogi.samples.html import text_layer

    for seed in range(3):
        rep = generate(seed, tid="2021", scale=200)
        page = f"<html><body>{text_layer(print_report(rep, 'layout'), random.Random(seed))}</body></html>"
        assert page.count("<span") > len(print_report(rep, "layout").split("\n"))  # (runs cut in pieces too)
        r = ogi.read(page.encode("utf-8"))
        assert {k: v for k, v in r.cells.items() if v != rep.cells[k]} == {}, seed
        assert r.agency == rep.agency and not [f for f in r.findings if f.severity == "error"]
        w = r.provenance["t3.new.total"]
        assert w.page is not None and w.bbox is not None


@pytest.mark.parametrize("how", ["svg", "img"])
def test_section_headings_drawn_as_a_wechat_editor_draws_them_are_headings(how: str) -> None:
    """A WeChat editor's section headings drawn (a title bar in ``<svg>``: its badge's figure 01 and the heading as
    ``<text>``s; a picture whose alt text is the heading): the sections' headings — were none (every section
    missing, their texts empty), and a badge's figure (04 over table 4) was read as the table's first value."""
    from ogi.samples import generate
    from ogi.samples.html import render_html

    rep = generate(4, tid="2021", scale=20)
    rep.layout.drawn_headings = how
    page = render_html(rep)
    assert "<h2>" not in page
    r = ogi.read(page.encode("utf-8"))
    assert r.cells == rep.cells and r.agency == rep.agency
    assert not [f for f in r.findings if f.rule.startswith("section.")]
    assert r.sections and all(r.sections.get(s) for s in "一二五六")


def test_an_ordinary_page_styled_with_margins_is_no_text_layer() -> None:
    """A page whose cells and paragraphs carry inline ``margin-left`` and ``padding-top`` (a CMS's, an editor's) is
    read as its tables and paragraphs: only ``left`` and ``top`` of their own place text (a text layer) — read as
    one, its tables were lost (190 cells, false cells.missing errors)."""
    import re

    from ogi.samples import generate
    from ogi.samples.html import render_html

    rep = generate(6, tid="2021", scale=20)
    page = re.sub(r"<(p|td|h1|h2|h3)(?=[ >])", r'<\1 style="margin-left: 8px; padding-top: 4px"', render_html(rep))
    assert page.count("margin-left") >= 100
    r = ogi.read(page.encode("utf-8"))
    assert r.cells == rep.cells and not [f for f in r.findings if f.severity == "error"]


@pytest.mark.parametrize("holder", ["textarea", "template", "script"])
def test_an_article_held_for_the_pages_script_is_read(holder: str) -> None:
    """A CMS's page whose article block is empty, the article's markup held for its script to put there: entity-
    escaped in a hidden <textarea>, in a <template>, in a <script type="text/template"> (trial 95: not a report).
    Read as the browser shows it; a page that shows the report itself does not read a held copy too."""
    rep = generate(41, tid="2021", scale=20)
    page = render_html(rep)
    head, _, rest = page.partition("<body>")
    body = rest.rpartition("</body>")[0]
    held = {
        "textarea": f'<textarea id="contentData" style="display:none">{html.escape(body)}</textarea>',
        "template": f"<template id='tpl'>{body}</template>",
        "script": f'<script type="text/template" id="tpl">{body}</script>',
    }[holder]
    empty = f"{head}<body><div id='content'></div>{held}<script>show('content')</script></body></html>"
    r = ogi.read(empty.encode())
    assert r.cells == rep.cells and r.agency == rep.agency
    shown = f"{head}<body>{body}{held}</body></html>"  # the report shown, and a copy held: read once
    r = ogi.read(shown.encode())
    assert r.cells == rep.cells and not [f for f in r.findings if f.rule == "table.duplicate"]
    # markup of no report held (a widget's template) is no report
    widget = f"{head}<body><p>首页</p><template><li><a href='#'>链接</a></li></template></body></html>"
    with pytest.raises(ogi.OgiError):
        ogi.read(widget.encode())
