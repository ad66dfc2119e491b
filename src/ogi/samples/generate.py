"""Random reports whose tables satisfy every rule of the template."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from ogi.template import Row, Template, template

ORGANS = (
    "教育局",
    "财政局",
    "自然资源局",
    "卫生健康委员会",
    "市场监督管理局",
    "人民政府办公室",
    "住房和城乡建设局",
    "交通运输局",
    "生态环境局",
    "司法局",
    "人力资源和社会保障局",
    "农业农村局",
    "民政局",
    "应急管理局",
)
PLACES = ("青山区", "白水县", "云溪市", "东湖区", "南岭县", "北原市", "临江区", "石桥县", "长川市", "西岭区")


@dataclass(slots=True)
class Layout:
    """How a sample report is printed, where it departs from the plain national layout.

    The defaults print the plain layout (what :func:`generate` makes); :mod:`ogi.samples.variants`
    sets the rest, and every printer (text styles, HTML, DOCX) follows it the same way.
    """

    title: tuple[str, ...] | None = None  # the title as printed, one item per line (None: 《organ》《year》年…年度报告)
    wrapper: tuple[tuple[str, str], ...] = ()  # a crawler's wrapper above the page: (标题, …), (单位, …), …
    meta: tuple[tuple[str, str], ...] = ()  # the site's metadata table above the report: (索引号, …), (发布机构, …), …
    intro: str | None = None  # the opening sentence (None: 本报告由《organ》根据…编制…)
    we: str | None = None  # how the prose names the organ (None: its name)
    back: tuple[str, ...] = ()  # lines after section 六: signature, date
    texts: dict[str, str] = field(default_factory=dict)  # key → the cell's text where not the value itself
    rows: dict[str, tuple[Row, ...]] = field(default_factory=dict)  # table id → rows printed (default: the template's)
    above: dict[str, tuple[str, ...]] = field(default_factory=dict)  # table id → lines just above it (单位：件)
    below: dict[str, tuple[str, ...]] = field(default_factory=dict)  # table id → lines just below it (注：…)
    # table id → a table of other figures printed just before / after it (信息类别 | 条数; 申请方式 …): rows of
    # cells, the first its headings, each row's first cell its label
    others_before: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    others_after: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    cuts: dict[str, tuple[int, ...]] = field(default_factory=dict)  # table id → printed rows where a new piece starts
    joint: tuple[str, ...] = ()  # lines between two pieces of a cut table (续表, a page footer, the heading again)
    whole_tables: bool = False  # HTML printed to pages: no table broken across a page (CSS page-break-inside)
    page_break: bool = False  # paged formats (HTML printed to PDF, DOCX): a new page before each piece after the first
    labels: dict[str, str] = field(default_factory=dict)  # "t3.partial" → the row's label as printed (broken, typo)
    head: str = "none"  # what a piece after the first starts with: none, repeat (the header rows), placeholder
    twice: tuple[str, ...] = ()  # table ids printed twice
    apart: bool = False  # text styles pdftext/markdown: labels apart from their values, as PDF text tools give them
    wrap: int = 0  # text style pdftext: prose broken into lines of this many characters, as on a PDF page (0: not)
    turned: bool = False  # table 4 printed turned: a row per heading (结果维持 … 总计), a column per group
    t3_turned: bool = False  # table 3 printed turned (a landscape page): a row per applicant column, a column per row
    borderless: bool = False  # tables printed without ruling lines (on pages: columns known by where values stand)
    narrow: tuple[str, ...] = ()  # table ids whose numbers of 3+ digits wrap in their cells on pages (PDF, scans)
    # the digits a narrow table's cell holds a line (-layout text: 1, 568 printed 5 / 6 / 8; pages: two)
    narrow_digits: int = 2
    page_in_row: bool = False  # -layout text: a page's end inside a narrow table's first wrapped row
    bullet: str = ""  # a mark before each section heading (WeChat articles' 🔹, bullets)
    # how the sections' headings are numbered: "" 一、总体情况; "arabic" 1.总体情况; "bracket" 【一、总体情况】;
    # "bracket_title" 【总体情况】
    numbering: str = ""
    # a table of contents (目录) after the title: "leaders" its headings with dot leaders and pages; "pages" a page
    # after each heading, no leaders (一、总体情况 1); "bare" the headings alone; "" none
    contents: str = ""
    extra: str = ""  # a column of table 3 the template lacks, after the group's columns (小计: their sum)
    # columns of table 3 the template lacks, after its 总计: last year's totals and the change (上年总计, 同比增减)
    after: tuple[str, ...] = ()
    order: tuple[str, ...] = ()  # table 3's column keys in the order printed (总计 first …; empty: the template's)
    # table 2's rows of several columns (规章, 行政规范性文件) with their columns in this order (indices into
    # theirs: (2, 0, 1) prints 现行有效件数 first), under headings in that order; empty: the template's
    t2_order: tuple[int, ...] = ()
    # table 4's 行政诉讼 groups printed before 行政复议, under headings in that order (not with suits_total)
    t4_suits_first: bool = False
    # table 4's column keys in the order each group prints them (总计 first …; empty: the template's)
    t4_order: tuple[str, ...] = ()
    # table 4's header as the national format sets it, 行政复议 spanning its first two rows, as a PDF's text
    # gives it: 行政复议 on a line of its own after 行政诉讼's, at the middle of the rows it spans (pdftext)
    t4_review_middle: bool = False
    # the tables printed after the report (after the signature), their sections saying where: the names of
    # tables 2, 3, 4 there (附表一, 附表二, 附表三; 表1 …; "": that one in its section); empty: all in their sections
    appendix: tuple[str, ...] = ()
    appendix_order: tuple[str, ...] = ()  # the order tables 2, 3, 4 are printed in there (empty: theirs)
    # the sections' headings naming their tables there (三、…情况（详见附表2）), a sentence with the year under
    # each, and each table's name and title there on two lines (附表2 / 收到和处理政府信息公开申请情况)
    appendix_said: bool = False
    # table 3's columns printed in two tables, the first with this many value columns (each with the
    # rows' labels and its own headings, side by side or one under the other: HTML, DOCX, XLSX); 0: one table
    t3_columns_split: int = 0
    # a row of table 3 (its key) broken across a page by a grid printed a page at a time (HTML, Word): its
    # label's first part, to its 、, with empty cells ending one table, the rest and its values opening the next
    row_over_page: str = ""
    # table 3 with an empty spacer column after each value column, its headings spanning both (a Word table a
    # converter rebuilt from a PDF: HTML, Word)
    t3_spacers: bool = False
    # table 3's headings under 法人或其他组织 typed in one cell spanning their columns (商业企业 科研机构 … 其他), and
    # an empty column 备注 after its own (a clerk's table typed by hand: HTML, Word)
    t3_heads_in_one: bool = False
    # the sections' headings drawn (a WeChat editor's: "svg" a title bar with a badge's figure, "img" a picture with
    # the heading as its alt text), HTML
    drawn_headings: str = ""
    t3_remarks: bool = False
    # table 3 with a column of the report's own before its labels, 序号: its rows numbered 1, 2, 3 … (grids, text)
    t3_serials: bool = False
    # how a workbook (XLSX) lays the report out: "" the text on a sheet, each section holding a table saying
    # where it is (（见附表一）), each table on a sheet after it; "sections" those sections with a sentence of
    # their figures instead; "tables_first" the tables' sheets before the text's; "one_sheet" all on one sheet,
    # each table right under its section's heading, merged across the sheet, no empty row between;
    # "last_year" table 3's sheet with last year's table (another report's, seed ``beside``) on its left, each
    # captioned with its year; "filled_form" table 4 on table 2's sheet under it, a hidden column 校验 after table 3
    workbook: str = ""
    beside: int = 0
    # table 4 in two tables: 行政复议's and 行政诉讼's, each under its own headings (HTML, DOCX)
    t4_apart: bool = False
    # table 4 written as lines "group column：value" (行政复议结果维持：2件), these the colon and the unit
    # after the value; empty: a table (text styles only)
    t4_lines: tuple[str, str] = ("", "")
    # the text folded at this many columns (a Chinese character two), as a mail client or ``fold -s`` folds
    # it: at the last space before the width, else at the width; 0: not folded (pipe and markdown text)
    fold: int = 0
    # table 4 as pdfminer gives a PDF's text: each column a box (its heading a character a line, then its
    # value), a group's columns in an order of their own, its name among them; the seed of that order
    # (0: a table)
    t4_boxes: int = 0
    joint_glued: bool = False  # a page footer between pieces set on the next line's start (— 2 —信息内容 …)
    heads_broken: bool = False  # headings broken into pieces of two characters over lines (-layout text)
    # table 2 as a PDF-to-markdown tool (pymupdf4llm) gives a PDF's: labels spaced out across four cells
    # (规 |  |  | 章), a row's last two values stacked in one cell with their units (1 件<br>35 件)
    spread: bool = False
    # table 2 as pandas writes a page's table (to markdown or CSV): a merged cell's text in every cell it spans
    spans_filled: bool = False
    # a Word page's marks on some values (HTML): a tracked change (<del>32</del><ins>30</ins>), hidden text
    # before the value (display:none; mso-hide:all), a reviewer's comment anchored after it ([D1]) and listed
    # at the page's end with a figure of its own
    word_marks: bool = False
    # a page (HTML, not Word's) holding what a browser hides in its tables: a row of last year's figures hidden
    # before the row it repeats (display:none, the hidden attribute), a number hidden before a shown one
    hidden_old: bool = False
    # values corrected in place, the old one struck out before the new (HTML: <del>240</del>233, <s>, <strike>,
    # a span styled line-through; markdown: ~~240~~ 233): the new is the value
    struck: bool = False
    # a responsive, accessible page (HTML; ogi.samples.variants.kinds.RESPONSIVE_FORMS): "sr_only" (words for screen
    # readers in the value cells, <span class="sr-only">自然人：</span>15), "phone_copy" (each table printed again
    # for phones, in a block a desktop does not show: Bootstrap's classes, or the page's own <style>),
    # "noscript_copy" (tables 3 and 4 again in a <noscript>), "hidden_cards" (the article again for phones as
    # cards, hidden), "fixed_copy" (a UI library's copy of table 3 for its fixed columns); "" none
    responsive: str = ""
    # the report printed with a void version of it in one file (a correction republished with the original):
    # ("first" or "after", the void version), each's title saying which it is (text styles, HTML)
    versions: tuple[str, SampleReport] | None = None
    # tables retyped as text, each value after its column's name (table id → how: "sentences" — a row a
    # sentence, 自然人15件，商业企业2件…; "key_value" — a line a cell, 规章 本年制发件数：0; "stated_zero" — not
    # printed, 表三各项数据均为0; "denied" — table 4 not printed, 本年度未发生政府信息公开行政复议、行政诉讼案件;
    # "header_zero" — its header printed, then 无 (均为0, 本表数据均为零) alone in its rows' place;
    # "rest_zero" — the rows holding figures, their figures only, then 其余各项数据均为0)
    retyped: dict[str, str] = field(default_factory=dict)
    # the page a WeChat article (mp.weixin.qq.com) saved: its byline (原创, the author, the account's name)
    # and its time over the report, 阅读原文 and the account's QR prompt under it: (author, account, date);
    # () none (HTML only)
    wechat: tuple[str, str, str] = ()
    # another article the page prints after the report (its 解读: a title of its own, its own date, last year's
    # figures beside this year's): its lines (text and HTML)
    next_article: tuple[str, ...] = ()
    # the characters as a converter or a reading aid left them (text and HTML): "traditional" (OpenCC s2t),
    # "taiwan" (s2tw, 信息 as 資訊), "hongkong" (s2hk: 卫 as 衞), "pinyin" (tone-marked pinyin glued after each
    # character: 政zhèng府fǔ), "pinyin_digits" (政zheng4府fu3), "pinyin_words" (政府(zhèngfǔ)), "zhuyin"
    # (政(ㄓㄥˋ)); "" as printed (:func:`ogi.samples.variants.render.scripted`)
    script: str = ""
    # the bytes in another codec than the page declares (text and HTML): "big5_said_gb2312" (traditional characters
    # in Big5, a page's <meta> saying gb2312: GBK's decoding of them succeeds, into nonsense), "gbk_said_big5"
    # (GBK, the page saying big5); a text file in that codec, declaring none; "" UTF-8 as declared
    # (:func:`ogi.samples.variants.render.encoded`)
    charset: str = ""
    # what a page printed beside the report that text taken from it keeps (text from PDFs): "line_numbers" (every
    # line numbered in the margin, through), "page_numbers" (numbered page by page from 1, right-aligned),
    # "watermark" (a watermark's glyphs among a row's values, its words on lines of their own); "" none
    # (:func:`ogi.samples.variants.render.margined`)
    margins: str = ""
    # text another OCR tool gave (pasted or saved as text): "jittered" (the spaces between a table's cells and
    # headings of uneven runs: their places no column's), "lookalikes" (zeros and ones among a row's values
    # read as letters or signs of their look, O o 〇 l, or with a tool's mark of doubt, ~0 0[?]); ""
    # none (:func:`ogi.samples.variants.render.ocr_texted`)
    ocr_text: str = ""
    # a page's tables made of other markup than <table> (HTML): "aria" (role=table/row/cell divs, each cell's
    # aria-colindex, empty cells left out), "grid" (a CSS grid: display:grid, each item's grid-column and grid-row),
    # "list" (<ul>, a row an <li>, a cell a <span>, no space between them), "cards" (a card a row: its label, then
    # a line a column, 自然人：15); "pre" the report's text in a <pre>, as typed (html.PRE_STYLES), "joined" in one
    # <p>, its lines run together; "" tables (:func:`ogi.samples.html.div_table`)
    markup: str = ""
    # tables printed as pictures, a screenshot of each pasted in (HTML, DOCX; the PDF printed from the page has
    # it on a page with a text layer): table id → "data" (in the page, a data: URI; in a Word file, its
    # picture), "absent" (a page's <img> whose file is not beside it: nothing to read the table from)
    pictured: dict[str, str] = field(default_factory=dict)
    # table 2's fee column headed in 元 (本年收费金额（单位：元）), its amount printed in 元 (Layout.texts)
    fee_yuan: bool = False
    # rows of table 2 the organ adds after a row of the template (its key → (label, values) each): 行政确认,
    # 行政检查; 其中：简易程序行政处罚 under 行政处罚; 行政许可（备案）
    t2_own: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = field(default_factory=dict)
    # a PDF's text whose font maps characters to radicals (⼈⺠政府, 2024年1⽉: Chrome's and some CJK fonts' PDFs)
    radicals: bool = False
    suits_total: bool = False  # table 4 with a group of its own after the suits': 行政诉讼's 合计 (their sums)
    # table 2 printed turned: its rows' labels across the top, a row per column heading below (a value under
    # each row that has the column, —— under one that has not): grid formats
    t2_turned: bool = False
    # table 2's groups of two rows or more printed turned, each in its place: the rows' names across the top, a line
    # a column (信息内容 | 规章 | 行政规范性文件; 本年制发件数 | 0 | 4); rows of one column each named with it over a
    # line of their values (行政处罚本年处理决定数量 | 行政强制本年处理决定数量; 行政处罚、行政强制 | 333 | 14)
    t2_groups_turned: bool = False
    # table 2 printed a column at a time, as a PDF's text copied column by column gives it: "group" each group's
    # rows' labels, then each column's heading and its values; "table" every group's labels first (the label
    # column one block of text, as pdftotext without -layout gives a LibreOffice PDF's), then the groups' columns;
    # "" row by row. Text of a cell a line (lines)
    t2_by_column: str = ""
    # text a cell a line (lines) as converters write it: "libreoffice" an empty cell an empty line (its text
    # export); "docx2txt" every cell followed by an empty line (an empty cell: two); "" an empty cell leaves nothing
    empty_lines: str = ""
    md_escaped: bool = False  # markdown as mammoth or pandoc write it: ASCII marks escaped (18\.42, 第二十条第\(八\)项)
    t2_sums: bool = False  # table 2 with a row of the report's own under each group of two rows or more (合计: sums)
    suits_one: bool = False  # that 合计 one column (行政诉讼合计: the two suits' 总计 summed), not a group
    # table 4 with two columns of its own after the fifteen, 行政诉讼小计 (the suits' 总计 summed) and 合计 (all
    # three groups' 总计 summed), each under its heading: grid formats (HTML, Word, workbook)
    t4_totals: bool = False
    # table 4 with one column of its own, 合计 (all three groups' 总计 summed), "before" the fifteen or "after" them,
    # as some counties' forms print it: every format
    t4_all_total: str = ""
    whole_twice: bool = False  # the whole report (title to signature) printed twice (text styles, HTML)
    merged_zeros: bool = False  # table 3's columns of 0 printed as one cell merged down its rows (HTML, DOCX, pages)
    # Word as offices leave it after review (DOCX): "hidden_draft" a reviewer's old draft of section 一's figures kept
    # in a paragraph style that hides it (w:pStyle → w:vanish, now and then through the style it is based on)
    hidden_draft: bool = False
    # the organ printed only in the page header (DOCX: word/header1.xml, a footer numbering the pages with PAGE and
    # NUMPAGES fields), its title naming none; "" the header as ever
    page_header: str = ""
    # tables set floating (DOCX: w:tblpPr), each stored before the heading of its section as Word keeps a floating
    # table before the paragraph it hangs from (shown under it): table ids
    floating: tuple[str, ...] = ()


@dataclass(slots=True)
class SampleReport:
    template: Template
    year: int
    agency: str
    cells: dict[str, int | float]
    seed: int
    prose: dict[str, str] = field(default_factory=dict)  # section id → its text, where not the default prose
    layout: Layout = field(default_factory=Layout)


def _t3(rng: random.Random, tpl: Template, scale: int) -> dict[str, int]:
    t3 = tpl.table("t3")
    cols = [c.key for c in t3.columns if c.key != "total"]
    out: dict[str, int] = {}
    outcomes = [r.key for r in t3.rows if r.outcome]
    for c in cols:
        busy = rng.random() < (0.9 if c in ("natural", "corp") else 0.25)
        hi = scale if busy else max(1, scale // 20)
        vals = {r: (rng.randint(0, hi) if rng.random() < 0.5 else 0) for r in outcomes}
        total = sum(vals.values())
        carried_out = rng.randint(0, max(1, total // 10)) if rng.random() < 0.3 else 0
        handled_plus = total + carried_out
        carried_in = rng.randint(0, handled_plus) if rng.random() < 0.3 else 0
        carried_in = min(carried_in, handled_plus)
        new = handled_plus - carried_in
        for r, v in vals.items():
            out[f"t3.{r}.{c}"] = v
        out[f"t3.total.{c}"] = total
        out[f"t3.carried_out.{c}"] = carried_out
        out[f"t3.carried_in.{c}"] = carried_in
        out[f"t3.new.{c}"] = new
    for r in t3.rows:
        out[f"t3.{r.key}.total"] = sum(out[f"t3.{r.key}.{c}"] for c in cols)
    return out


def _t4(rng: random.Random, tpl: Template) -> dict[str, int]:
    out: dict[str, int] = {}
    t4 = tpl.table("t4")
    for r in t4.rows:
        parts = [rng.randint(0, 6) if rng.random() < 0.4 else 0 for _ in range(4)]
        for c, v in zip(("upheld", "corrected", "other", "pending"), parts, strict=True):
            out[f"t4.{r.key}.{c}"] = v
        out[f"t4.{r.key}.total"] = sum(parts)
    return out


def _t2(rng: random.Random, tpl: Template, scale: int) -> dict[str, int | float]:
    out: dict[str, int | float] = {}
    for r in tpl.table("t2").rows:
        for c in r.columns:
            k = f"t2.{r.key}.{c.key}"
            if c.kind == "amount":
                out[k] = round(rng.uniform(0, 5000), rng.choice((0, 1, 2, 4))) if rng.random() < 0.6 else 0
                if isinstance(out[k], float) and out[k].is_integer():
                    out[k] = int(out[k])
            elif c.kind == "change":
                out[k] = rng.randint(-20, 20)
            else:
                out[k] = rng.randint(0, scale * 50) if rng.random() < 0.6 else 0
    return out


def generate(seed: int, tid: str | None = None, scale: int | None = None) -> SampleReport:
    """A random valid report. Same seed, same report."""
    rng = random.Random(seed)
    tid = tid or rng.choice(("2021", "2021", "2021", "2019"))
    tpl = template(tid)
    year = rng.randint(2021, 2025) if tid == "2021" else rng.choice((2019, 2020))
    scale = scale if scale is not None else rng.choice((0, 2, 5, 20, 200))
    cells: dict[str, int | float] = {}
    cells.update(_t2(rng, tpl, max(scale, 1)))
    cells.update(_t3(rng, tpl, scale) if scale else {k: 0 for k in tpl.keys if k.startswith("t3.")})
    cells.update(_t4(rng, tpl))
    agency = rng.choice(PLACES) + rng.choice(ORGANS)
    cells = {k: cells[k] for k in tpl.keys}
    return SampleReport(tpl, year, agency, cells, seed)
