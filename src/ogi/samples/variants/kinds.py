"""The kinds of input reports are written in (issue 10), each as a plan: a sample report, how it is
printed (its :class:`~ogi.samples.generate.Layout`), and what a correct reading of it yields.

Every kind starts from :func:`ogi.samples.generate` (random tables that satisfy every rule of the
template, both formats) and changes what real reports change: it prints a blank where a zero is, leaves a
row out, cuts a table into pieces, names the organ elsewhere, words the prose otherwise. When it changes a
value it keeps the tables consistent (:func:`rebalance`); a fault is only there when the kind injects it,
and then the truth lists the rule it breaks.

A plan depends on the kind and the seed only, and on the format only where the format cannot print
something (an empty cell leaves no trace in a PDF's text, so there a blank is printed ``/`` or ``—``):
the same (kind, seed) is the same report in every format.
"""

from __future__ import annotations

import itertools
import math
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from ogi.samples.generate import SampleReport, generate
from ogi.samples.printers import (
    HEADER_ROWS,
    JOINED,
    RETITLED,
    is_blank,
    printed_rows,
    prose,
    self_word,
    t4_suits_first,
    title_lines,
)
from ogi.template import Row, template

TEXT = (
    "pipe",
    "markdown",
    "cells",
    "tabs",
    "pdftext",
    "lines",
    "layout",
    "csv",
    "mineru",
    "grid",
    "box",
    "bars",
    "bare",
    "runon",
)
# text a PDF's text layer gives (pdfplumber, pdftotext, pdftotext -layout) ...
FROM_PDF = ("pdftext", "lines", "layout")
# ... and those of it where an empty cell leaves nothing (-layout leaves its spaces)
PDF_TEXT = ("pdftext", "lines")
PAGED = ("pdf", "scan", "png", "jpg")  # made from the HTML page, printed by LibreOffice
SCANS = ("scan", "png", "jpg")
# a workbook a PDF converter made of the report's pages, laid out by position (ogi.samples.xlsx.render_positioned):
# the report planned and printed as ``layout`` text, then put on the sheets
PDF2XLSX = "pdf2xlsx"
# ... and a workbook as markitdown prints it (pandas' markdown of each sheet: NaN in its empty cells, Unnamed: N in its
# header: ogi.samples.xlsx.render_pandas_markdown), the report planned and printed as an ``xlsx``
MARKITDOWN = "markitdown"
MADE_FROM = {PDF2XLSX: "layout", MARKITDOWN: "xlsx"}  # a format → the format it is made from
FORMATS = (*TEXT, "html", "docx", "xlsx", PDF2XLSX, MARKITDOWN, "eml", *PAGED)

# Blank marks as reports print them; \xa0 is what an &nbsp; cell leaves in text, &nbsp; what a page
# copied or crawled as markup leaves.
BLANK_MARKS = ("", "/", "—", "－", "\xa0", "&nbsp;")
VISIBLE_MARKS = ("/", "—", "－")  # marks that survive in a PDF's text, where an empty cell leaves nothing


@dataclass(slots=True)
class Plan:
    """A report to print and what a correct reading of it yields, beyond its cells."""

    rep: SampleReport
    form: str
    agency: list[str | None]
    findings: set[str] = field(default_factory=set)
    stated: list[tuple[str, int]] = field(default_factory=list)  # figures the prose states: (words, figure)
    # cells printed so that no value is stated there and a correct reading doubts them (cells.uncertain: a character
    # the text's encoding lost): None in the truth, and no cells.missing of the source
    unread: set[str] = field(default_factory=set)
    messy: bool | None = None  # HTML, DOCX, PDF: the markup of real pages or not (None: by seed; PDF clean)
    split_rows: bool = False  # PDF, scans: tables may break across pages, inside a row (else kept whole)
    # the report's title the file is saved under, after the variant's own name (organ's form filename); "" none
    file_name: str = ""


def t3_columns(rep: SampleReport) -> list[str]:
    """Table 3's applicant columns (not 总计)."""
    return [c.key for c in rep.template.table("t3").columns if c.key != "total"]


def outcome_rows(rep: SampleReport) -> list[str]:
    return [r.key for r in rep.template.table("t3").rows if r.outcome]


def rebalance(rep: SampleReport) -> None:
    """Make tables 3 and 4 consistent again after values were set: in table 3 each column's (七)总计 is
    the sum of the outcomes and 本年新收 = 总计 + 结转下年度 − 上年结转 (上年结转 lowered when that would go
    below 0), the 总计 column the sum of the applicants; in table 4 each 总计 the sum of its results."""
    c = rep.cells
    for col in t3_columns(rep):
        total = sum(c[f"t3.{r}.{col}"] for r in outcome_rows(rep))
        c[f"t3.total.{col}"] = total
        new = total + c[f"t3.carried_out.{col}"] - c[f"t3.carried_in.{col}"]
        if new < 0:
            c[f"t3.carried_in.{col}"] += new
            new = 0
        c[f"t3.new.{col}"] = new
    for r in rep.template.table("t3").rows:
        c[f"t3.{r.key}.total"] = sum(c[f"t3.{r.key}.{col}"] for col in t3_columns(rep))
    for r in rep.template.table("t4").rows:
        c[f"t4.{r.key}.total"] = sum(c[f"t4.{r.key}.{k}"] for k in ("upheld", "corrected", "other", "pending"))


def _zero(rep: SampleReport, keys: list[str]) -> None:
    for k in keys:
        rep.cells[k] = 0
    rebalance(rep)


def _row_keys(rep: SampleReport, tid: str, row: str) -> list[str]:
    return [f"{tid}.{row}.{c.key}" for c in rep.template.table(tid).row(row).columns]


def _marks(rng: random.Random, fmt: str, partial: bool, shown: bool = False) -> str:
    """One blank mark for the report (reports use one throughout). In a PDF's text an empty cell leaves
    nothing: only a whole blank row (its label alone) can be printed empty there — unless the text writes an
    empty cell as an empty line (``shown``: a converter's text a cell a line, :attr:`Layout.empty_lines`). In a
    crawler's text of a page run together on one line (runon) an empty cell leaves nothing and a label stands
    against the next: only marks that show."""
    marks = VISIBLE_MARKS if (fmt in PDF_TEXT and partial and not shown) or fmt == "runon" else BLANK_MARKS
    mark = marks[int(rng.random() * len(marks))]  # one draw whatever the format: the same report in each
    if mark == "&nbsp;" and (fmt not in TEXT or fmt in FROM_PDF):
        return "\xa0"  # the entity is markup's: a page, a document or a PDF shows the space it stands for
    return mark


def turn(forms: Sequence[str], seed: int) -> str:
    """The form of a kind for ``seed``: the forms in turn, so that consecutive seeds cover them all."""
    return forms[seed % len(forms)]


def _realistic_t2(rep: SampleReport, rng: random.Random) -> None:
    """Table 2 in the sizes organs print: 规章 rare and few, 规范性文件 tens, 现行有效 up to hundreds,
    decisions from none to thousands, fees a decimal in 万元 or nothing; 2019: 采购总金额 in 元."""

    def some(p_zero: float, hi: int) -> int:
        return 0 if rng.random() < p_zero else int(10 ** rng.uniform(0, math.log10(hi)))

    c = rep.cells
    for key in list(c):
        if not key.startswith("t2."):
            continue
        _, row, col = key.split(".")
        if row == "rules":
            c[key] = some(0.8, 40 if col in ("in_force", "total") else 4)
        elif row == "normative":
            c[key] = some(0.3, 400 if col in ("in_force", "total") else 40)
        elif col == "decisions":
            c[key] = some(0.3, 20000 if row != "coercion" else 500)
        elif col == "prev_items":
            c[key] = some(0.3, 400)
        elif col == "change":
            c[key] = rng.randint(-15, 15) if rng.random() < 0.5 else 0
        elif row == "fees" and col == "amount":
            c[key] = 0 if rng.random() < 0.5 else round(10 ** rng.uniform(-2, 4), rng.choice((2, 4, 6)))
        elif row == "procurement" and col == "projects":
            c[key] = some(0.4, 60)
        elif row == "procurement" and col == "amount":
            c[key] = 0 if rng.random() < 0.4 else round(10 ** rng.uniform(3, 8), rng.choice((0, 2)))
        if isinstance(c[key], float) and c[key].is_integer():
            c[key] = int(c[key])


def _base(seed: int, tid: str | None = None, scale: int | None = None, busy: bool = False) -> SampleReport:
    """The report of ``seed`` (:func:`ogi.samples.generate`); ``busy``: one that received applications
    (a table 3 of zeros would not show where a kind puts its values)."""
    if busy and scale is None:
        scale = random.Random(f"scale:{seed}").choice((2, 5, 20, 200))
    rep = generate(seed, tid=tid, scale=scale)
    _realistic_t2(rep, random.Random(f"t2:{seed}"))
    return rep


# ----------------------------------------------------------------------------------------------- plain


def plain(seed: int, fmt: str, rng: random.Random) -> Plan:
    """The plain national layout: the control every other kind departs from."""
    rep = _base(seed)
    return Plan(rep, "plain", [rep.agency])


def doubt(seed: int, fmt: str, rng: random.Random) -> Plan:
    """A plain report, to be scanned (the format degrades it: resolution, speckle, blur, JPEG, rotation).
    The truth is what was printed; the reader may doubt (cells.uncertain) but must raise no false error."""
    rep = _base(seed)
    return Plan(rep, "scan", [rep.agency])


# ----------------------------------------------------------------------------------------------- blank

BLANK_FORMS = (
    "rows",
    "t3",
    "t4",
    "t2_row",
    "corp_columns",
    "cell",
    "missing_row",
    "undivided_other",
    "merged_zeros",
    "t4_zeros",
)


def blank(seed: int, fmt: str, rng: random.Random) -> Plan:
    """Kind 1: rows whose label is printed and whose cells are all blank — a present row of zeros
    (truth 0, finding cells.blank, never cells.missing): some rows of table 3, all of table 3 or table 4
    (small organs), table 2's 规章 row, only the 法人或其他组织 columns in every row (a county report printing
    自然人 and 总计 alone), a single cell — in a table 3 printing a column of its own now and then (小计 after
    法人或其他组织's columns, blank where they all are) —, table 4's zeros among its values (1 — — — 1 … —: a markdown
    row's first pipe leaves an empty cell before them; in -layout text now and then left as spaces, its header
    set over the columns: each value under its heading). Controls that are missing, not blank: a row not printed at all,
    and a 2021 table printing (六)其他处理 as one undivided row (the three (六) keys null) — cells.missing;
    and columns of 0 printed as one cell merged down the rows (merged_zeros): zeros, not blanks. In
    -layout text, the headings now and then broken over lines in pieces (自然 / 人). In text a cell a line, now
    and then as converters write it: an empty cell an empty line (LibreOffice's text export), or every cell
    followed by one (docx2txt)."""
    form = turn(BLANK_FORMS, seed)
    busy = form in ("rows", "corp_columns", "cell", "t4_zeros")  # blanks among values
    rep = _base(seed, tid="2021" if form == "undivided_other" else None, scale=0 if form == "t3" else None, busy=busy)
    lay = rep.layout
    plan = Plan(rep, form, [rep.agency])
    t3 = rep.template.table("t3")
    cols = [c.key for c in t3.columns]
    # -layout text of a table whose headings are set in narrow columns: 自然 / 人 (none a part table's)
    lay.heads_broken = fmt == "layout" and random.Random(f"{seed}-heads").random() < 0.5
    # a converter's text a cell a line that writes an empty cell as an empty line (LibreOffice's, docx2txt's)
    lay.empty_lines = random.Random(f"{seed}-empty").choice(("", "libreoffice", "docx2txt")) if fmt == "lines" else ""
    shown = bool(lay.empty_lines)
    if form in ("rows", "corp_columns", "cell") and random.Random(f"{seed}-extra").random() < 0.4:
        lay.extra = "小计"  # a column of the report's own in table 3 (the group's sum), a blank there a column too
    if form == "rows":
        cands = [*outcome_rows(rep), "carried_in", "carried_out"]
        rows = rng.sample(cands, rng.randint(1, 3))
        _zero(rep, [k for r in rows for k in _row_keys(rep, "t3", r)])
        mark = _marks(rng, fmt, partial=False, shown=shown)
        lay.texts.update({k: mark for r in rows for k in _row_keys(rep, "t3", r)})
    elif form == "t3":
        mark = _marks(rng, fmt, partial=False, shown=shown)
        lay.texts.update({k: mark for k in rep.cells if k.startswith("t3.")})
    elif form == "t4":
        _zero(rep, [k for k in rep.cells if k.startswith("t4.")])
        mark = _marks(rng, fmt, partial=False, shown=shown)
        lay.texts.update({k: mark for k in rep.cells if k.startswith("t4.")})
    elif form == "t4_zeros":  # table 4's zeros printed as a mark that shows (— or /), its other values as they are
        t4 = [k for k in rep.cells if k.startswith("t4.")]
        if rng.random() < 0.5:  # a small organ's one case: a review or a suit, the rest of the table zeros
            rep.cells[rng.choice([k for k in t4 if not k.endswith(".total")])] = 1
            _zero(rep, [k for k in t4 if rep.cells[k] != 1])
        elif rng.random() < 0.5:  # (suits after a review, the last group, are rare: often all zero)
            _zero(rep, [k for k in t4 if k.startswith("t4.suit_after_review.")])
        mark = VISIBLE_MARKS[int(rng.random() * len(VISIBLE_MARKS))]
        if fmt == "layout" and random.Random(f"{seed}-t4-spaces").random() < 0.5:
            mark = ""  # -layout leaves an empty cell as spaces: each value keeps its column by where it stands
        lay.texts.update({k: mark for k, v in rep.cells.items() if k.startswith("t4.") and v == 0})
    elif form == "t2_row":
        row = rng.choice(["rules", "rules", "normative", "coercion", "fees"])
        keys = _row_keys(rep, "t2", row)
        _zero(rep, keys)
        mark = _marks(rng, fmt, partial=False, shown=shown)
        lay.texts.update({k: mark for k in keys})
    elif form == "corp_columns":
        corp = [c for c in cols if c not in ("natural", "total")]
        _zero(rep, [f"t3.{r.key}.{c}" for r in t3.rows for c in corp])
        mark = _marks(rng, fmt, partial=True, shown=shown)
        lay.texts.update({f"t3.{r.key}.{c}": mark for r in t3.rows for c in corp})
    elif form == "cell":
        key = _blank_cells(rep, rng, 1, first=bool(lay.extra))[0]
        lay.texts[key] = _marks(rng, fmt, partial=True, shown=shown)
    elif form == "missing_row":
        row = rng.choice([r for r in outcome_rows(rep) if r.startswith(("denied.", "rejected.", "unable."))])
        _zero(rep, _row_keys(rep, "t3", row))
        lay.rows["t3"] = tuple(r for r in t3.rows if r.key != row)
        for k in _row_keys(rep, "t3", row):
            del rep.cells[k]
        plan.findings.add("cells.missing")
    elif form == "merged_zeros":  # no blank: columns of 0 printed as one merged cell (HTML, DOCX, pages)
        corp = rng.sample([c for c in cols if c not in ("natural", "total", "business")], 2)
        _zero(rep, [f"t3.{r.key}.{c}" for r in t3.rows for c in corp])
        lay.merged_zeros = True
    elif form == "undivided_other":
        merged = template("2019").table("t3").row("other")  # the same row, as the 2019 format has it
        parts = [r.key for r in t3.rows if r.key.startswith("other.")]
        for c in cols:
            lay.texts[f"t3.other.{c}"] = str(sum(rep.cells[f"t3.{p}.{c}"] for p in parts))
        at = [r.key for r in t3.rows].index(parts[0])
        rows = [r for r in t3.rows if r.key not in parts]
        rows.insert(at, merged)
        lay.rows["t3"] = tuple(rows)
        for p in parts:
            for c in cols:
                del rep.cells[f"t3.{p}.{c}"]
        plan.findings.add("cells.missing")
    return plan


def _blank_cells(rep: SampleReport, rng: random.Random, n: int, first: bool = False) -> list[str]:
    """``n`` table 3/4 cells made 0 in rows that keep other non-zero values (so a blank that moved a value
    would show): zeros already there first, else values set to 0 (tables rebalanced); with ``first``, table
    3's cells of the column printed first only (a blank there, before a column of the report's own, is cut
    as filler by a reader not counting that column)."""
    cols = t3_columns(rep)[:1] if first else t3_columns(rep)
    busy = [r for r in outcome_rows(rep) if rep.cells[f"t3.{r}.total"] > 0]
    if len(busy) < 3:  # a quiet report: give some outcome rows values
        for r in rng.sample(outcome_rows(rep), 4):
            rep.cells[f"t3.{r}.natural"] += rng.randint(1, 9)
            rep.cells[f"t3.{r}.corp"] += rng.randint(1, 4)
        rebalance(rep)
        busy = [r for r in outcome_rows(rep) if rep.cells[f"t3.{r}.total"] > 0]
    zeros = [f"t3.{r}.{c}" for r in busy for c in cols if rep.cells[f"t3.{r}.{c}"] == 0]
    # cells with a value, whose row keeps another value when it is set to 0
    valued = [
        f"t3.{r}.{c}"
        for r in busy
        for c in cols
        if rep.cells[f"t3.{r}.{c}"] and rep.cells[f"t3.{r}.total"] > rep.cells[f"t3.{r}.{c}"]
    ]
    zeros_t4 = [k for k, v in rep.cells.items() if k.startswith("t4.") and not k.endswith(".total") and v == 0]
    t4 = [] if first else zeros_t4
    pool = zeros + t4 if rng.random() < 0.7 or len(valued) < n else valued
    picked = rng.sample(pool, min(n, len(pool)))
    if len(picked) < n:
        picked += rng.sample(valued, min(n - len(picked), len(valued)))
    _zero(rep, picked)
    return picked


# ----------------------------------------------------------------------------------------------- shift

# the formats a character the encoding lost (?) is printed in a table's cell in (kind shift's scattered blanks): those
# keeping a table's grid, where the cell stands in its column (in text laid out with spaces, or from a PDF, a word
# among a row's values has no column of its own)
LOST_IN = ("pipe", "markdown", "tabs", "html", "docx")
LOST_MARKS = ("?", "？")  # (what a narrower character set, or a CJK one's converter, writes for a character it lacks)
# formats that keep a table's grid (a cell a column): table 2 may be printed turned there
T2_TURNED = ("pipe", "markdown", "csv", "mineru", "grid", "box", "bars", "html", "docx", "xlsx")
# the formats table 3 is printed with a column 序号 in (Layout.t3_serials): a grid's, a text table's
SERIALS = ("pipe", "markdown", "tabs", "csv", "html", "docx", "xlsx")
SHIFT_FORMS = (
    "scattered",
    "t4_row",
    "multiline",
    "wrapped",
    "borderless",
    "turned",
    "reordered",
    "rows_moved",
    "folded",
    "suits_total",
    "t4_boxes",
    "spread",
    "filled",
)
# table 3's columns in the orders organs print them besides the template's (a group's columns together)
T3_ORDERS = (
    ("total", "natural", "corp", "research", "ngo", "legal", "other"),
    ("corp", "research", "ngo", "legal", "other", "natural", "total"),
    ("natural", "total", "corp", "research", "ngo", "legal", "other"),
)

# table 2's columns of its rows of three (本年制发件数, 本年废止件数, 现行有效件数) in other orders
T2_ORDERS = ((2, 0, 1), (1, 0, 2), (0, 2, 1))
T4_ORDERS = (  # table 4's columns as reports edited print them: 总计 first, 尚未审结 last after 总计
    ("total", "upheld", "corrected", "other", "pending"),
    ("upheld", "corrected", "other", "total", "pending"),
)


def shift(seed: int, fmt: str, rng: random.Random) -> Plan:
    """Kind 2: a blank never moves another value. Blank cells scattered inside rows that hold values (table 3) or in
    table 4's one row of fifteen; flattened text where an empty cell is still a column; labels broken over lines
    inside their cell (a multi-line cell) beside blank cells; numbers of three and four digits in value columns
    too narrow for them (on pages each wraps in its cell); tables without ruling lines and blanks among their
    values (on pages, each value's column known only by where it stands under the headings); table 4 printed
    turned (a row per heading, a column per group) beside blank cells, table 3 now and then too (a row per
    applicant column); table 3's columns printed in another order than the template's (总计 first, 法人或其他组织
    first), each value under its heading, and table 2's (现行有效件数 first) and table 4's (行政诉讼 before 行政复议;
    each group's columns, 总计 first) now and then; table 3's rows printed
    out of the template's order ((七)总计 or 四、结转下年度 before (一)予以公开), each beside its label; markdown
    folded at a mail client's width (folded);
    table 4 with 行政诉讼's 合计 group after the suits', or its one column 行政诉讼合计, or (grids) columns 行政诉讼小计
    and 合计 after the fifteen, or one column 合计 of every group's 总计 before the fifteen or after them (suits_total);
    table 4 as
    pdfminer's text gives it, a column a box (its heading a character a line, its value), a group's columns in an
    order of their own (t4_boxes); table 2 as pymupdf4llm's markdown, a label spaced out over four cells, two
    values stacked in a cell (spread); table 2 as pandas writes a page's table to markdown or CSV, a merged
    cell's text repeated in every cell it spans (行政许可 | 1236 | 1236 | 1236: filled)."""
    form = turn(SHIFT_FORMS, seed)
    rep = _base(seed, busy=True)
    unread: set[str] = set()
    lay = rep.layout
    mark = _marks(rng, fmt, partial=True)
    if form == "t4_boxes":  # table 4 as pdfminer's text of a PDF: a column a box, in an order of its own
        if fmt in ("lines", "pdftext"):
            _ensure(rep, "t4.suit_direct.upheld", 1, 5, rng)
            lay.t4_boxes = rng.randrange(1, 10**6)
        return Plan(rep, form, [rep.agency])
    if form == "spread":  # table 2 as pymupdf4llm's markdown: labels spaced out over cells, two values a cell
        if fmt == "markdown":
            rep.layout.spread = True
        return Plan(rep, form, [rep.agency])
    if form == "filled":  # table 2 as pandas writes a page's table: a merged cell's text in each cell it spans
        if fmt in ("markdown", "csv"):
            lay.spans_filled = True
        return Plan(rep, form, [rep.agency])
    if form == "suits_total":  # table 4 with 行政诉讼's 合计 after the suits (twenty values in its row)
        _ensure(rep, "t4.suit_direct.upheld", 1, 5, rng)
        lay.suits_total = True
        lay.suits_one = seed // len(SHIFT_FORMS) % 2 == 1  # now and then one column: 行政诉讼合计
        if fmt in ("html", "docx", "xlsx") and seed // len(SHIFT_FORMS) % 3 == 2:  # 行政诉讼小计 and 合计 instead
            lay.suits_total = lay.suits_one = False
            lay.t4_totals = True
        elif (grand := random.Random(f"{seed}-grand")).random() < 0.4 and fmt != "runon":
            # one column 合计 of every group, a county's (not in text run together: its digits glued to 总计's, the
            # row's one way to cut is not known with a column of its own)
            lay.suits_total = lay.suits_one = False
            lay.t4_all_total = grand.choice(("before", "after"))
        return Plan(rep, form, [rep.agency])
    if form == "folded":  # markdown folded at a mail client's width: long rows over two or three lines
        if fmt == "markdown":
            lay.fold = rng.choice((72, 76, 80, 100))
        return Plan(rep, form, [rep.agency])
    if form == "wrapped":
        # table 3's value columns too narrow for three digits (on pages: "16" over "1" in a cell; -layout text too)
        rows = [r for r in outcome_rows(rep) if r != "total"]
        for r in rng.sample(rows, 3):
            rep.cells[f"t3.{r}.natural"] += rng.randint(100, 900)
        if fmt == "layout" and seed // len(SHIFT_FORMS) % 2 == 0:
            # -layout text of cells a digit wide (568: 5 / 6 / 8), a row's every number wrapped (its middle line
            # as wide as the table); now and then a page's end inside the row
            lay.narrow_digits = 1
            row = rng.choice(rows)
            for c in rep.template.table("t3").columns:
                if c.key != "total":
                    rep.cells[f"t3.{row}.{c.key}"] += rng.randint(10, 40)
        lay.page_in_row = fmt == "layout" and seed // len(SHIFT_FORMS) % 4 < 2
        rebalance(rep)
        lay.narrow = ("t3",)
        return Plan(rep, form, [rep.agency])
    if form == "t4_row":
        for r in rep.template.table("t4").rows:  # some cases, so the row holds values between its blanks
            rep.cells[f"t4.{r.key}.upheld"] += rng.randint(0, 3)
            rep.cells[f"t4.{r.key}.pending"] += rng.randint(0, 2)
        rebalance(rep)
        zeros = [k for k in rep.cells if k.startswith("t4.") and rep.cells[k] == 0]
        lay.texts.update({k: mark for k in rng.sample(zeros, min(len(zeros), rng.randint(3, 8)))})
    else:
        blanks = _blank_cells(rep, rng, rng.randint(2, 6))
        lay.texts.update(dict.fromkeys(blanks, mark))
        lost = random.Random(f"{seed}-lost")
        if form == "scattered" and fmt in LOST_IN and seed // len(SHIFT_FORMS) % 2 == 0:
            # some of them a character the text's encoding lost (a dash written ?, as a page saved in a narrower
            # character set shows it, or ？): no value stated there, read in doubt in its column, never a blank
            for k in lost.sample(sorted(blanks), min(2, len(blanks))):
                lay.texts[k] = lost.choice(LOST_MARKS)
                rep.cells[k] = None
                unread.add(k)
    typed = random.Random(f"{seed}-typed")  # a clerk's table 3: five headings in one cell, a 备注 column after
    if form == "scattered" and fmt in ("html", "docx") and typed.random() < 0.5:
        lay.t3_heads_in_one = True
        lay.t3_remarks = typed.random() < 0.7
    # … or a column 序号 before its labels (its rows numbered), in the formats that print a table's columns
    numbered = random.Random(f"{seed}-serials").random() < 0.4
    lay.t3_serials = form in ("scattered", "multiline", "rows_moved") and fmt in SERIALS and numbered
    lay.borderless = form == "borderless"
    lay.turned = form == "turned"
    # table 2 turned too, in the formats that keep a table's grid (its labels across the top)
    lay.t2_turned = form == "turned" and fmt in T2_TURNED and random.Random(f"{seed}-t2").random() < 0.5
    # or its groups turned each in its place (信息内容 | 规章 | 行政规范性文件), in the formats that keep a grid (by
    # format, every other: both in a seed's formats)
    if lay.t2_turned and T2_TURNED.index(fmt) % 2 != seed % 2:
        lay.t2_turned = False
    lay.t2_groups_turned = form == "turned" and not lay.t2_turned and fmt in (*T2_TURNED, "tabs")
    # or a column at a time, as a PDF's text copied column by column gives it (a cell a line)
    if form == "turned" and fmt == "lines" and (by := random.Random(f"{seed}-t2")).random() < 0.5:
        lay.t2_by_column = by.choice(("group", "table"))  # each group's labels before its columns, or all first
    # table 3 turned too, as a landscape page prints it (its 26 columns: not on the portrait pages printed here)
    lay.t3_turned = form == "turned" and fmt not in (*PAGED, "runon") and random.Random(f"{seed}-t3").random() < 0.5
    if form == "reordered":
        lay.order = rng.choice(T3_ORDERS)
        if random.Random(f"{seed}-t2order").random() < 0.5:  # table 2's columns too, under their headings
            lay.t2_order = rng.choice(T2_ORDERS)
        lay.t4_suits_first = random.Random(f"{seed}-t4order").random() < 0.4  # table 4's suits first
        if random.Random(f"{seed}-t4cols").random() < 0.4:  # and its columns in another order, each group alike
            lay.t4_order = random.Random(f"{seed}-t4cols").choice(T4_ORDERS)
        # or in the national order, 行政复议 printed below 行政诉讼 (its heading spans two rows)
        lay.t4_review_middle = not lay.t4_suits_first and random.Random(f"{seed}-t4middle").random() < 0.5
    if form == "rows_moved":  # rows printed out of the template's order, each with its own label
        rows = list(rep.template.table("t3").rows)
        moved, before = rng.choice((("total", "granted"), ("carried_out", "granted"), ("total", "new")))
        row = next(r for r in rows if r.key == moved)
        rows.remove(row)
        rows.insert(next(i for i, r in enumerate(rows) if r.key == before), row)
        lay.rows["t3"] = tuple(rows)
    # a cell's line break: in tabs and CSV quoted, in PDF text lost
    if form == "multiline" and fmt not in ("tabs", "csv", "mineru", "pdftext"):
        t3 = rep.template.table("t3")
        for r in rng.sample(list(t3.rows), 6):
            if len(r.label) > 6:
                cut = rng.randint(3, len(r.label) - 2)
                lay.labels[f"t3.{r.key}"] = r.label[:cut] + "\n" + r.label[cut:]
    return Plan(rep, form, [rep.agency], unread=unread)


# ----------------------------------------------------------------------------------------------- apart


def apart(seed: int, fmt: str, rng: random.Random) -> Plan:
    """Kind 4: labels apart from their values, as pdfplumber / pdftotext (format pdftext) and
    PDF-to-markdown tools (format markdown) give a PDF's table 3: labels on lines of their own before or
    after the values, cut mid-word at the line end, value rows without their label, the vertical label
    三、本年度办理结果 interleaved a character a line, a page footer between rows, markdown tables broken into
    several ``|---|`` blocks with label lines between them. In pdftext the prose is broken into page-wide
    lines too, with spaces between digits and characters (``2024 年``)."""
    rep = _base(seed, busy=True)
    rep.layout.apart = True
    if fmt == "pdftext":
        rep.layout.wrap = rng.choice((28, 33, 38))
    return Plan(rep, "pdf2md" if fmt == "markdown" else "pdfplumber", [rep.agency])


# ----------------------------------------------------------------------------------------------- notes

NOTE_FORMS = ("in_cells", "cell_second_line", "around", "t3_cell", "marks", "units")
# formats whose table cells are cells (a grid): a number in brackets there is an accounting negative
GRID_CELLS = (*(f for f in TEXT if f not in (*FROM_PDF, "runon")), "html", "docx", "xlsx")
# footnotes' marks after a value (a superscript in the source, flattened: 76注1, 19①, 4[2], 112*) and
# what the note under the table says
FOOTNOTE_MARKS = ("注1", "①", "[1]", "*", "※", "#")
# what number formatters put between thousands: a comma, a space, a thin or a narrow no-break space
THOUSANDS = (",", "，", " ", "\u2009", "\u202f", "\xa0")
NOTE_WORDS = {  # notes printed in table 2's document cells, by column
    "issued": ("其中修订{n}件", "含修订{n}件", "其中新制定{n}件"),
    "repealed": ("含自然失效{n}件", "含宣布失效{n}件", "其中废止{n}件"),
    "in_force": ("其中本年修订{n}件", "含修订{n}件"),
    "made": ("其中修订{n}件", "含修订{n}件"),
    "published": ("其中修订{n}件", "含修订{n}件"),
    "total": ("含修订{n}件", "其中现行有效{n}件"),
}


# counts written otherwise in a grid's cells: financial numerals (壹佰贰拾叁), in ten thousands (1.2345万), thousands
# apart by apostrophes (12'345), a change's sign an arrow (↓3), a footnote's mark a superscript digit (35¹), the fee
# in 元 after its sign (￥1,200.00: read in 万元, cells.unit)
WRITTEN_FORMS = ("financial", "wan", "apostrophe", "arrow", "superscript", "yen")
_FINANCIAL = str.maketrans("一二三四五六七八九十百千", "壹贰叁肆伍陆柒捌玖拾佰仟")


def _written(rep: SampleReport, form: str, rng: random.Random) -> set[str]:
    """Some of ``rep``'s counts written in ``form`` (:data:`WRITTEN_FORMS`), in place; the findings it
    asks for."""
    lay, cells = rep.layout, rep.cells
    free = [k for k, v in cells.items() if k not in lay.texts and type(v) is int and v >= 0]
    if form == "financial":
        for k in rng.sample(free, min(6, len(free))):
            lay.texts[k] = cn_numeral(int(cells[k])).translate(_FINANCIAL) if cells[k] < 10000 else str(cells[k])
    elif form == "wan":
        for k in [k for k in free if cells[k] >= 1000][:3]:
            lay.texts[k] = f"{cells[k] / 10000:g}万"
    elif form == "apostrophe":
        for k in [k for k in free if cells[k] >= 1000]:
            lay.texts[k] = f"{cells[k]:,}".replace(",", "'")
    elif form == "arrow":
        for k, v in cells.items():
            if k.endswith(".change") and k not in lay.texts and type(v) is int and v != 0:
                lay.texts[k] = f"{'↑' if v > 0 else '↓'}{abs(v)}"
    elif form == "superscript":
        keys = [k for k in ("t3.new.total", "t4.review.total") if k in free]
        for k in keys:
            lay.texts[k] = f"{cells[k]}¹"
        if keys:
            lay.below["t4"] = (*lay.below.get("t4", ()), "¹含通过政务服务网提交的申请。")
    elif form == "yen" and "t2.fees.amount" in cells and "t2.fees.amount" not in lay.texts and cells["t2.fees.amount"]:
        lay.texts["t2.fees.amount"] = f"￥{cells['t2.fees.amount'] * 10000:,.2f}"
        return {"cells.unit"}
    return set()


def _numbers_otherwise(rep: SampleReport, fmt: str, seed: int) -> None:
    """Numbers printed otherwise now and then (a fresh user's trial), in place: a change below zero after the word
    负 (负2; 负二 in Chinese numerals in a grid's cells: -2); in a grid's cells, a fee below one without its leading
    zero (.35, as a spreadsheet shows 0.35), counts of the digits 0 and 1 typed in letters only (lO, lOO, ll: read
    in doubt), and counts set in brackets (（2）, (7): the counts, in doubt — no accounting negative in a count's
    column)."""
    lay, cells = rep.layout, rep.cells
    fu = random.Random(f"{seed}-fu")
    if fu.random() < 0.5 and fmt != "runon":  # (run together, the word is the label's)
        down = [
            k for k, v in cells.items() if k.endswith(".change") and k not in lay.texts and type(v) is int and v < 0
        ]
        for i, k in enumerate(down):  # (in Chinese numerals and in digits by turns)
            lay.texts[k] = f"负{cn_numeral(-int(cells[k])) if fmt in GRID_CELLS and i % 2 == 0 else -int(cells[k])}"
    if fmt not in GRID_CELLS:
        return
    point = random.Random(f"{seed}-point")
    if point.random() < 0.5 and "t2.fees.amount" in cells and "t2.fees.amount" not in lay.texts:
        v = cells["t2.fees.amount"]
        if not 0 < v < 1:
            cells["t2.fees.amount"] = v = round(point.uniform(0.01, 0.99), 2)
        lay.texts["t2.fees.amount"] = f"{v:g}".removeprefix("0")
    letters = random.Random(f"{seed}-letters")
    if letters.random() < 0.5:
        ones = [k for k, v in cells.items() if type(v) is int and v >= 10 and set(str(v)) <= {"0", "1"}]
        for k in ones:
            if k not in lay.texts and letters.random() < 0.5:
                lay.texts[k] = str(cells[k]).translate(str.maketrans("01", "Ol"))
    brackets = random.Random(f"{seed}-brackets")
    if brackets.random() < 0.4:
        keys = [k for k, v in cells.items() if k.startswith(("t2.", "t4.")) and k not in lay.texts]
        for k in brackets.sample(keys, min(4, len(keys))):
            if type(v := cells[k]) is int and v > 0 and not k.endswith(".change"):
                lay.texts[k] = brackets.choice(("（{}）", "({})")).format(v)


def notes(seed: int, fmt: str, rng: random.Random) -> Plan:
    """Kind 5: notes in and around cells. ``22（其中修订16件）`` and ``55（含自然失效29件）`` in table 2's cells
    are 22 and 55 (on the cell's second line too); ``单位：件`` above a table, ``注：…`` and a bracketed note
    below it are no values, nor a table of other figures beside it (信息类别 | 条数 before table 2, whose rows
    bear table 2's names; 申请方式 after table 3, ending in its own 总计), nor a column of the report's own
    in table 3 (小计 after 法人或其他组织's columns); a note in table 3's 本年新收 总计 cell
    (``58（其中网上申请41件）``); a footnote's mark after a value (``76注1``, ``19①``), its note under the table;
    units in value cells (``5起``, ``（件）2963``, ``1215条``), a change below zero in brackets (``(3)``) and none as
    a word (``持平``, ``无变化``); zeros in a grid's
    cells written 〇, typed as the letter O or said 无 (zeros, no blanks); counts in a row of cells written in Chinese
    numerals (一百一十二, 零); now and then a row of the report's own under table 2's groups (合计, their sums), and
    invisible marks inside numbers (a zero-width joiner, a soft hyphen: 7\u200d5), counts garbled (letters of a
    digit's look among the digits, 1O, l2; a one as a lone l; a stray mark against a number, 7,: read in doubt),
    table 2's fees in 元 under a heading saying so (本年收费金额（单位：元）: read in 万元, cells.unit), rows of
    the organ's own in table 2 (行政确认, 行政检查, 其中：简易程序行政处罚, 行政许可（备案）: none of the
    template's), and
    markdown whose ASCII
    marks are escaped as converters write it (18\\.42, 第二十条第\\(八\\)项); a Word file as left after review,
    a reviewer's old draft of section 一's figures kept in a paragraph style that hides it (hidden_draft)."""
    forms = sorted({turn(NOTE_FORMS, seed), *rng.sample(NOTE_FORMS, rng.randint(0, 1))}, key=NOTE_FORMS.index)
    asked: set[str] = set()  # findings the forms ask for
    rep = _base(seed, busy=True)
    lay = rep.layout
    y = rep.year
    docs = [r for r in rep.template.table("t2").rows if r.key in ("rules", "normative")]
    if "in_cells" in forms or "cell_second_line" in forms:
        # a note on the cell's second line; one line where the text has no line breaks inside a row
        sep = "\n" if "cell_second_line" in forms and fmt not in ("pipe", "markdown", "tabs", "csv") else ""
        for r in docs:
            for c in r.columns:
                k = f"t2.{r.key}.{c.key}"
                if rng.random() < 0.5 or (r.key == "rules" and rep.cells[k] < 3):  # 规章 are few
                    continue
                if rep.cells[k] < 3:
                    rep.cells[k] = rng.randint(3, 60)
                part = rng.randint(1, int(rep.cells[k]) - 1)
                what = rng.choice(NOTE_WORDS[c.key])
                bracket = rng.choice((("（", "）"), ("(", ")"), ("（", ")")))
                if fmt != "pdftext" and rng.random() < 0.3:  # the number set apart (as OCR reads it too)
                    what = what.replace("{n}", " {n}")
                lay.texts[k] = f"{rep.cells[k]}{sep}{bracket[0]}{what.format(n=part)}{bracket[1]}"
        if not any(k.startswith("t2.") for k in lay.texts):  # at least one note
            r = docs[-1]
            k = f"t2.{r.key}.{r.columns[-1].key}"
            rep.cells[k] = max(int(rep.cells[k]), 12)
            lay.texts[k] = f"{rep.cells[k]}{sep}（其中修订{rng.randint(1, 10)}件）"
    if "around" in forms:
        unit = rng.choice(("单位：件", "（单位：件）", "单位:件"))
        lay.above["t3"] = (unit,)
        lay.above["t4"] = (unit,)
        n = rng.randint(1, 9)
        lay.below["t2"] = (
            rng.choice(
                (
                    f"（注：行政规范性文件本年制发件数含修订{n}件。）",
                    f"注：现行有效件数含本年修订的文件{n}件。",
                    f"（其中规章修订{n}件，规范性文件修订{n + 1}件）",
                )
            ),
        )
        lay.below["t3"] = (
            rng.choice(
                (
                    f"注：表中数据统计期限为{y}年1月1日至{y}年12月31日。",
                    "注：申请人情况中的“其他”指个体工商户等。",
                    f"注：本年新收申请中通过网络提交{rng.randint(1, 50)}件，信函提交{rng.randint(1, 9)}件。",
                )
            ),
        )
    kept = random.Random(f"{seed}-kept")  # a 2021 table 2 that kept the 2019 format's row 其他对外管理服务事项
    if "around" in forms and rep.template.id == "2021" and kept.random() < 0.4:
        t2 = rep.template.table("t2")
        old = template("2019").table("t2").row("other_services")
        licensing = t2.row("licensing")
        extra = replace(licensing, key=old.key, label=old.label)  # printed with 行政许可's columns, after it
        rows = list(printed_rows(rep, t2))
        rows.insert(rows.index(licensing) + 1, extra)
        lay.rows["t2"] = tuple(rows)
        lay.texts[f"t2.{old.key}.{licensing.columns[0].key}"] = str(kept.randint(1, 90))
    others = random.Random(f"{seed}-others")  # tables of other figures beside tables 2 and 3, now and then
    if "around" in forms and others.random() < 0.6:
        c = rep.cells
        lay.others_before["t2"] = (
            ("信息类别", "条数"),
            *(
                (name, str(others.randint(1, 400)))
                for name in ("规范性文件", "工作动态", "行政许可", "行政处罚", "惠民政策")
            ),
        )
        # and a catalogue's table after table 2, its rows bearing table 2's names (where its header stays a line
        # of cells: text flattened a cell a line or run together leaves it none, read so still — issue 10's note)
        if others.random() < 0.5 and fmt in ("pipe", "markdown", "tabs", "csv", "grid", "box", "bars", "html", "docx"):
            lay.others_after["t2"] = (
                ("信息内容", "目录条目数", "本年新增", "本年删除"),
                *(
                    (name, *(str(others.randint(0, 40)) for _ in range(3)))
                    for name in ("规章", "行政规范性文件", "行政许可", "行政处罚", "行政强制")
                ),
            )
        natural = int(c["t3.new.natural"])
        corp = int(c["t3.new.total"]) - natural
        split = [(others.randint(0, natural), others.randint(0, corp))]
        split.append((natural - split[0][0], corp - split[0][1]))
        lay.others_after["t3"] = (
            ("申请方式", "自然人", "法人或其他组织", "总计"),
            *((way, str(a), str(b), str(a + b)) for way, (a, b) in zip(("当面申请", "网络申请"), split, strict=True)),
            ("总计", str(natural), str(corp), str(natural + corp)),
        )
    if "around" in forms and others.random() < 0.5:
        lay.extra = "小计"  # a column of the report's own in table 3: the sum of 法人或其他组织's columns
    if "around" in forms and random.Random(f"{seed}-after").random() < 0.3:  # last year's beside this year's
        lay.after = ("上年总计", "同比增减")
    if "t3_cell" in forms:
        total = rep.cells["t3.new.total"]
        if total < 2:
            rep.cells["t3.granted.natural"] += 5
            rebalance(rep)
            total = rep.cells["t3.new.total"]
        lay.texts["t3.new.total"] = f"{total}（其中网上申请{rng.randint(1, total - 1)}件）"
    if "units" in forms:
        big = [k for k in rep.cells if k.endswith(".decisions")]
        for k in rng.sample(big, min(2, len(big))):  # a busy organ's decisions: thousands
            rep.cells[k] = max(int(rep.cells[k]), rng.randint(1000, 99999))
        # units in the value cells: 起 after table 4's cases, the unit before table 2's decisions ((件)2963),
        # a 2019 change below zero as a spreadsheet's accounting format writes it ((3)) in a grid's cells
        for k in rng.sample([k for k in rep.cells if k.startswith("t4.")], 5):
            lay.texts.setdefault(k, f"{rep.cells[k]}起")
        for r in rep.template.table("t2").rows:
            k = f"t2.{r.key}.decisions"
            if k in rep.cells and rng.random() < 0.6:
                before = rng.choice(("（件）", "(件)", "件"))
                after = random.Random(f"{seed}-{k}-after")  # or after it, 件 or 条 (1215条), now and then
                unit = after.choice(("条", "件")) if after.random() < 0.4 else ""
                lay.texts.setdefault(k, f"{rep.cells[k]}{unit}" if unit else f"{before}{rep.cells[k]}")
            k = f"t2.{r.key}.change"
            if k in rep.cells and rep.cells[k] < 0 and fmt in GRID_CELLS:
                lay.texts.setdefault(k, f"({-rep.cells[k]})")
            elif k in rep.cells and rep.cells[k] == 0 and random.Random(f"{seed}-{k}").random() < 0.5:
                lay.texts.setdefault(k, random.Random(f"{seed}-{k}").choice(("无变化", "持平", "不变")))  # no change
        if fmt in GRID_CELLS:  # thousands apart, as number formatters write them (1,302; 1 302; 1 302)
            sep = rng.choice(THOUSANDS)
            for k, v in rep.cells.items():
                if isinstance(v, int) and v >= 1000 and k not in lay.texts:
                    lay.texts[k] = f"{v:,}".replace(",", sep)
            zeros = random.Random(f"{seed}-zeros")  # zeros written 〇 or typed as the letter O, now and then
            if zeros.random() < 0.4:
                sign = zeros.choice(("〇", "○", "O", "无"))
                for k, v in rep.cells.items():
                    if v == 0 and k not in lay.texts and k.startswith(("t3.", "t4.")) and zeros.random() < 0.5:
                        lay.texts[k] = sign
            numerals = random.Random(f"{seed}-numerals")  # counts in Chinese numerals (一百一十二, 零), now and then
            if fmt != "cells" and numerals.random() < 0.3:  # (in a row of cells: a label's own line apart is not)
                tables = numerals.choice((("t2.",), ("t4.",), ("t2.", "t4.")))
                for k, v in rep.cells.items():
                    counted = type(v) is int and 0 <= v < 10000 and k not in lay.texts and k.startswith(tables)
                    if counted and numerals.random() < 0.5:
                        lay.texts[k] = cn_numeral(v)
            written = random.Random(f"{seed}-written")  # counts as clerks write them otherwise, now and then
            if written.random() < 0.4:
                asked |= _written(rep, written.choice(WRITTEN_FORMS), written)
        elif fmt in FROM_PDF:  # a PDF's text keeps a number's commas (1,302), its spaces being the cells' own
            for k, v in rep.cells.items():
                if isinstance(v, int) and v >= 1000 and k not in lay.texts:
                    lay.texts[k] = f"{v:,}"
    lay.t2_sums = random.Random(f"{seed}-sums").random() < 0.3  # a 合计 row under table 2's groups, now and then
    own = random.Random(f"{seed}-own")  # rows of the organ's own in table 2 (none of the template's), now and then
    if own.random() < 0.3 and not lay.t2_turned:
        keyed = {r.key: r for r in rep.template.table("t2").rows}
        picks = [
            ("licensing", own.choice(("行政确认", "行政给付", "行政奖励"))),
            ("penalty", own.choice(("行政检查", "行政裁决"))),
            ("penalty", "其中：简易程序行政处罚"),
            ("licensing", "行政许可（备案）"),
        ]
        for key, label in own.sample(picks, own.randint(1, 3)):
            if key in keyed and key not in lay.t2_own:
                values = tuple(str(own.randint(0, 400)) for _ in keyed[key].columns)
                lay.t2_own[key] = ((label, values),)
        if "procurement" in keyed and own.random() < 0.5:  # a row's short form beside them (政府集中采购: 政府采购)
            lay.labels["t2.procurement"] = "政府采购"
        if "licensing" in keyed and own.random() < 0.3 and "licensing" not in lay.t2_own:
            lay.labels["t2.licensing"] = "行政审批"  # (its older name: 行政审批 for 行政许可)
    lay.md_escaped = random.Random(f"{seed}-escaped").random() < 0.3  # markdown's marks escaped (18\.42)
    hidden = random.Random(f"{seed}-invisible")  # invisible marks inside numbers now and then (7‍5: a joiner)
    if hidden.random() < 0.25:
        mark = hidden.choice(("\u200d", "\u200c", "\u2060", "\u00ad", "\u200b"))
        for k, v in rep.cells.items():
            if k.startswith("t3.") and type(v) is int and v >= 10 and k not in lay.texts and hidden.random() < 0.3:
                lay.texts[k] = f"{str(v)[0]}{mark}{str(v)[1:]}"
    # counts garbled now and then, as text that went through OCR or was retyped before it was published prints them:
    # letters of a digit's look among the digits (1O, l2, 2〇5), a one as a lone l or I, a stray mark against a
    # number (7, ·3 26'): read as the numbers, in doubt
    alike = random.Random(f"{seed}-lookalike")
    if alike.random() < 0.3 and fmt != "runon":  # (run together, a letter against a label is the label's)
        strays = ("·{}", "{}·", "{}'", "{}，") if fmt == "csv" else ("·{}", "{}·", "{}'", "{}，", "{},")
        for k, v in rep.cells.items():
            shown = str(v)
            if type(v) is not int or v < 0 or k in lay.texts or alike.random() >= 0.15:
                continue
            if v == 1:
                lay.texts[k] = alike.choice(("l", "I"))
            elif v >= 10 and ("0" in shown or "1" in shown) and alike.random() < 0.6:
                d = alike.choice([d for d in "01" if d in shown])
                lay.texts[k] = shown.replace(d, alike.choice(("O", "〇")) if d == "0" else alike.choice(("l", "I")), 1)
            elif v > 0:
                lay.texts[k] = alike.choice(strays).format(shown)
    _numbers_otherwise(rep, fmt, seed)
    joined = random.Random(f"{seed}-joined")  # two cells' separator lost now and then (| 9 0 |, a row a cell short)
    if fmt == "markdown" and joined.random() < 0.3:
        for tid in ("t2", "t3"):
            pairs = []
            for r in rep.template.table(tid).rows:
                keys = [f"{tid}.{r.key}.{c.key}" for c in r.columns]
                for ka, kb in itertools.pairwise(keys):
                    if all(
                        type(v := rep.cells.get(k)) is int and 0 <= v < 1000 and k not in lay.texts for k in (ka, kb)
                    ):
                        pairs.append((ka, kb))
            if pairs:
                ka, kb = joined.choice(pairs)
                lay.texts[ka], lay.texts[kb] = f"{rep.cells[ka]} {rep.cells[kb]}", JOINED
        # a table as pdfplumber's markdown gives a PDF's (markitdown): a row's values two a cell (| 170 5 | 2 4 |), an
        # empty cell after its label (the label's cell spanning two columns); table 4's values so too
        pairs_of = random.Random(f"{seed}-pairs")
        if pairs_of.random() < 0.4 and not lay.extra:  # (a column of the report's own among them: not so)
            t3 = rep.template.table("t3")
            whole = [
                r
                for r in t3.rows
                if all(f"t3.{r.key}.{c.key}" not in lay.texts for c in r.columns)
                and all(type(rep.cells.get(f"t3.{r.key}.{c.key}")) is int for c in r.columns)
            ]
            for r in pairs_of.sample(whole, min(len(whole), pairs_of.randint(1, 3))):
                keys = [f"t3.{r.key}.{c.key}" for c in r.columns]
                for i in range(0, len(keys) - 1, 2):
                    ka, kb = keys[i], keys[i + 1]
                    lay.texts[ka], lay.texts[kb] = f"{rep.cells[ka]} {rep.cells[kb]}", JOINED
                # (an empty cell before the values, or two: the label's cell spanning its group's columns too)
                lay.texts[keys[0]] = " | " * pairs_of.randint(1, 2) + lay.texts[keys[0]]
            t4 = [f"t4.{r.key}.{c.key}" for r in rep.template.table("t4").rows for c in r.columns]
            if pairs_of.random() < 0.5 and not any(k in lay.texts for k in t4) and not lay.turned:
                for i in sorted(pairs_of.sample(range(0, len(t4) - 1, 3), 3)):  # (three pairs apart, as printed)
                    lay.texts[t4[i]], lay.texts[t4[i + 1]] = f"{rep.cells[t4[i]]} {rep.cells[t4[i + 1]]}", JOINED
        # a row's first value typed into its label's cell (…不计其他情形)14 |), its separator lost
        t3 = rep.template.table("t3")
        rows = [r for r in t3.rows if f"t3.{r.key}.natural" not in lay.texts and f"t3.{r.key}" not in lay.labels]
        if rows and joined.random() < 0.5:
            r = joined.choice(rows)
            k = f"t3.{r.key}.{t3.columns[0].key}"
            lay.labels[f"t3.{r.key}"] = f"{r.label}{joined.choice(('', ' '))}{rep.cells[k]}"
            lay.texts[k] = JOINED
    if "marks" in forms:
        for tid, keys in (("t3", ("t3.new.total", "t3.granted.natural")), ("t4", ("t4.review.total",))):
            mark = rng.choice(FOOTNOTE_MARKS)
            for k in keys:
                if k not in lay.texts:
                    lay.texts[k] = f"{rep.cells[k]}{mark}"
            note = f"{mark}：含" if mark.startswith("注") else f"{mark}含"
            lay.below[tid] = (*lay.below.get(tid, ()), f"{note}通过政务服务网提交的申请。")
        # a page saved by Word with its marks: tracked changes, hidden text, reviewers' comments
        lay.word_marks = fmt == "html" and random.Random(f"{seed}-word").random() < 0.5
    # a page holding what a browser hides in its tables: last year's row hidden before the row, a hidden number
    lay.hidden_old = fmt == "html" and not lay.word_marks and random.Random(f"{seed}-hidden").random() < 0.3
    # a Word file as left after review: a reviewer's old draft of section 一's figures in a paragraph style hiding it
    lay.hidden_draft = fmt == "docx" and random.Random(f"{seed}-draft").random() < 0.4
    # values corrected in place, the old one struck out before the new (a page's <del>240</del>233, markdown's ~~)
    lay.struck = fmt in ("html", "markdown") and not lay.word_marks and not lay.hidden_old
    lay.struck = lay.struck and random.Random(f"{seed}-struck").random() < 0.4
    # table 2's fees printed in 元 under a heading saying so (本年收费金额（单位：元）): read in 万元, said (cells.unit)
    yuan = "t2.fees.amount" in rep.cells and "t2.fees.amount" not in lay.texts and not lay.t2_turned
    lay.fee_yuan = yuan and fmt not in ("runon",) and random.Random(f"{seed}-yuan").random() < 0.2
    if lay.fee_yuan:
        lay.texts["t2.fees.amount"] = f"{rep.cells['t2.fees.amount'] * 10000:.2f}"
    return Plan(rep, "+".join(forms), [rep.agency], asked | ({"cells.unit"} if lay.fee_yuan else set()))


def cn_numeral(v: int) -> str:
    """A count below ten thousand in Chinese numerals as a table's cell may print it: 3 → 三,
    15 → 十五, 105 → 一百零五, 1200 → 一千二百, 0 → 零."""
    digits = "零一二三四五六七八九"
    if v < 10:
        return digits[v]
    out, gap = "", False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = v // unit % 10
        if d:
            out += ("零" if gap else "") + ("" if unit == 10 and d == 1 and v < 20 else digits[d]) + name
            gap = False
        elif out:
            gap = True
    return out


# ----------------------------------------------------------------------------------------------- pieces

PIECE_FORMS = (
    "t3_two",
    "t3_three",
    "t2_two",
    "across_pages",
    "duplicate",
    "last_row",
    "appendix",
    "t3_columns",
    "t4_lines",
    "whole_twice",
    "t4_other",
    "workbook",
)
# how a workbook lays the report out (Layout.workbook), in turn
WORKBOOKS = ("sections", "tables_first", "one_sheet", "last_year", "filled_form")


def pieces(seed: int, fmt: str, rng: random.Random) -> Plan:
    """Kind 6: one table in pieces — table 3 cut into two or three tables (separate tables in HTML and
    DOCX, separate markdown tables, possibly with placeholder headers 项目 | 数据1 …; continued on a new page
    in paged formats; in HTML and Word now and then a row broken across the cut, its label's first part to its
    、 over empty cells, the rest and its values opening the next table), table 2 cut between its groups; a
    piece may repeat the header, and between pieces
    may stand 续表, a page footer, or the section heading again. One table, not table.duplicate. The
    control: a table truly printed twice, table.duplicate. And table 3's last row alone on the next page
    (last_row: a page break just before 四、结转下年度继续办理, as a table that just fails to fit is broken;
    in a scan, a row of cells standing alone, its lines as short as the row); text: after a page footer.
    In HTML and Word (across_pages) now and then table 3 with an empty spacer column after each value column,
    its headings spanning both (a Word table a PDF converter rebuilt); in Word now and then tables set floating,
    each stored before its section's heading as Word keeps them (Layout.floating). A workbook's layouts (workbook,
    XLSX:
    the sections holding the tables saying their figures, the tables' sheets before the text's, all on one
    sheet each table right under its heading merged across it, last year's table 3 beside this year's, each
    captioned with its year, a form as an office fills it: table 4 on table 2's sheet under it, a hidden column of
    its checks, 校验, after table 3's).
    And the tables printed after the report (appendix: 附表一 … after the signature, the sections saying
    （详见附表一）; now and then each named in its section's heading, a sentence with the year under it, and its
    name over its title on two lines), table 3 now and then in pieces there too; table 3's columns in two tables,
    each with the rows' labels and its own headings (t3_columns: HTML, DOCX, XLSX; table 4 now and then as
    行政复议's table and the suits': HTML, DOCX). Table 4 as fifteen lines ``行政复议结果维持：2件`` (t4_lines:
    text). The whole report pasted twice into its page (whole_twice: text,
    HTML): table.duplicate. After table 4, another under its headings (last year's row, the organ's other cases):
    no copy of it (t4_other)."""
    form = turn(PIECE_FORMS, seed)
    rep = _base(seed, busy=True)
    lay = rep.layout
    plan = Plan(rep, form, [rep.agency])
    if form == "t3_columns":  # in a grid's formats (HTML, DOCX, XLSX); text and pages print it whole
        if fmt in ("html", "docx", "xlsx"):
            lay.t3_columns_split = rng.randint(2, 5)
            if random.Random(f"{seed}-total-alone").random() < 0.3:
                lay.t3_columns_split = 6  # 总计 alone in the second table (the rows' labels beside it)
            lay.t4_apart = fmt != "xlsx" and random.Random(f"{seed}-t4apart").random() < 0.5  # table 4 too
        elif fmt in PAGED:  # on a page, table 4 as two blocks one under the other (行政复议's, the suits')
            lay.t4_apart = random.Random(f"{seed}-t4apart").random() < 0.7
        return plan
    if form == "workbook":  # a workbook's layouts (XLSX); the other formats print the report as ever
        if fmt == "xlsx":
            lay.workbook = WORKBOOKS[seed // len(PIECE_FORMS) % len(WORKBOOKS)]
            lay.beside = seed + 100_003 if lay.workbook == "last_year" else 0
            plan.form = f"workbook_{lay.workbook}"
        return plan
    if form == "whole_twice":  # a page holding the report twice (pasted twice): its tables twice
        if (fmt in TEXT and fmt != "runon") or fmt == "html":
            lay.whole_twice = True
            plan.findings.add("table.duplicate")
        return plan
    if form == "t4_other":  # after table 4, another under its headings: last year's row, or other cases
        t4 = rep.template.table("t4")
        cols = [c.label for c in t4.columns]
        values = [rng.randint(1, 40) for _ in range(len(t4.rows) * len(cols))]
        if random.Random(f"{seed}-other").random() < 0.5:
            lead, title = [f"{rep.year - 1}年"], f"附：{rep.year - 1}年情况"
        else:
            lead, title = [], "此外，本机关作为被申请人、被告的其他（非政府信息公开类）行政复议、行政诉讼案件情况如下："
        lay.below["t4"] = (*lay.below.get("t4", ()), title)
        lay.others_after["t4"] = (
            (*[""] * len(lead), "行政复议", "行政诉讼"),
            (*[""] * len(lead), *cols, "未经复议直接起诉", "复议后起诉"),
            (*[""] * len(lead), *cols, *cols, *cols),
            (*lead, *map(str, values)),
        )
        return plan
    if form == "t4_lines":  # in text (a run-on line runs them together: a table there)
        if fmt in TEXT and fmt != "runon":
            lay.t4_lines = (rng.choice(("：", ":", "： ")), rng.choice(("件", "", " 件")))
        return plan
    if form == "appendix":
        lay.appendix = rng.choice((("附表一", "附表二", "附表三"), ("附表1", "附表2", "附表3"), ("表1", "表2", "表3")))
        some = random.Random(f"{seed}-some")  # now and then one table or two after the report, the others in place
        if some.random() < 0.4:
            kept = set(some.sample(range(3), some.randint(1, 2)))
            lay.appendix = tuple(name if i in kept else "" for i, name in enumerate(lay.appendix))
        if random.Random(f"{seed}-order").random() < 0.4:  # printed in another order there (附表二 first)
            lay.appendix_order = random.Random(f"{seed}-order").choice((("t3", "t2", "t4"), ("t4", "t2", "t3")))
        if rng.random() < 0.3:
            lay.cuts["t3"] = (rng.randrange(8, len(rep.template.table("t3").rows) + 2),)
        # the headings naming their tables, a sentence with the year under each, names and titles over two lines
        lay.appendix_said = random.Random(f"{seed}-said").random() < 0.4
        return plan
    if form == "duplicate":
        lay.twice = (rng.choice(("t3", "t4")),)
        plan.findings.add("table.duplicate")
        return plan
    if form == "across_pages":
        # Paged formats: tables left to break across pages, inside rows too (Word's and Writer's
        # default; a label's end or some of a row's values on the next page), printed from a real
        # page's markup, whose rows are tall. Text: the table continued after a page footer; HTML,
        # DOCX: that markup.
        plan.messy = True
        plan.split_rows = True
        # a Word table a PDF converter rebuilt: an empty spacer column after each of table 3's value columns
        lay.t3_spacers = fmt in ("html", "docx") and random.Random(f"{seed}-spacers").random() < 0.5
        # Word's floating tables (placed on the page, the next paragraph their anchor): each stored before its heading
        if fmt == "docx" and seed // len(PIECE_FORMS) % 2 == 0:
            floating = (("t3", "t4"), ("t2", "t3", "t4"), ("t3",), ("t2", "t4"))  # (the first at the first seed)
            lay.floating = floating[seed // len(PIECE_FORMS) // 2 % len(floating)]
        if fmt in TEXT:
            lay.cuts["t3"] = (rng.randrange(8, len(rep.template.table("t3").rows) + 2),)
            lay.joint = (f"- {rng.randint(2, 5)} -",) if rng.random() < 0.7 else (f"第{rng.randint(2, 5)}页", "")
            if fmt == "runon":
                lay.joint = ()  # a page's text has no page footers
            elif fmt in FROM_PDF and lay.joint[0].startswith("- ") and rng.random() < 0.5:
                lay.joint = (lay.joint[0].replace("- ", "— ").replace(" -", " —") + "   ",)
                lay.joint_glued = True  # PyMuPDF's sorted text: the footer on the next line's start
        return plan
    if form == "last_row":
        lay.cuts["t3"] = (HEADER_ROWS["t3"] + len(rep.template.table("t3").rows) - 1,)  # the grid's last row
        lay.page_break = fmt in PAGED
        if fmt not in PAGED:
            lay.joint = (f"- {rng.randint(2, 5)} -",)
        return plan
    if form == "t2_two":
        starts = []
        i = 0
        from ogi.samples.printers import _groups

        for _, rows in _groups(rep.template.table("t2").rows):
            starts.append(i)
            i += 2 + len(rows)
        lay.cuts["t2"] = (rng.choice(starts[1:]),)
    else:
        n = len(rep.template.table("t3").rows) + 3
        k = 2 if form == "t3_two" else 3
        lay.cuts["t3"] = tuple(sorted(rng.sample(range(5, n - 1), k - 1)))
        over = random.Random(f"{seed}-over")  # a row broken across the page, its label cut at its 、 (grids)
        cut_rows = [r.key for r in rep.template.table("t3").rows if r.label.rfind("、") > 4]  # (not 四、's)
        if fmt in ("html", "docx") and cut_rows and over.random() < 0.4:
            lay.row_over_page = over.choice(cut_rows)

    heads = ["none", "repeat"] + (["placeholder", "placeholder"] if fmt == "markdown" else [])
    lay.head = rng.choice(heads)
    secs = {"t2": "二、主动公开政府信息情况", "t3": "三、收到和处理政府信息公开申请情况"}
    tid = "t2" if form == "t2_two" else "t3"
    lay.joint = rng.choice(((), ("续表",), (f"- {rng.randint(2, 5)} -",), (secs[tid],), ("",)))
    if fmt == "runon" and lay.joint and lay.joint[0].startswith("- "):
        lay.joint = ("续表",)  # a page's text has no page footers
    lay.page_break = fmt in PAGED and rng.random() < 0.6
    plan.form = f"{form}/{lay.head}"
    return plan


# ----------------------------------------------------------------------------------------------- organ

ORGAN_FORMS = (
    "name_first",
    "year_first",
    "guanyu",
    "title_broken",
    "title_label",
    "site_meta",
    "body",
    "signature",
    "short",
    "unnamed",
    "area_signed",
    "area_only",
    "wechat",
    "beside",
    "filename",
)
TOWNS = ("白沙", "桃源", "石桥", "清水", "龙泉")  # a town's or a street's name, under a county's or a district's
SHORT_NAMES = (  # organs with a common short form
    ("发展和改革局", "发改局", "我局"),
    ("科学技术委员会", "科委", "我委"),
    ("卫生健康委员会", "卫健委", "我委"),
    ("人力资源和社会保障局", "人社局", "我局"),
    ("住房和城乡建设局", "住建局", "我局"),
    ("市场监督管理局", "市场监管局", "我局"),
)

# organs of other kinds than a government's departments, whose names hold words prose also uses (编制)
# or stand before the area (中共, 国家税务总局), or begin like an area (城市管理…)
OTHER_ORGANS = (
    "中共{place}委机构编制委员会办公室",
    "{place}委机构编制委员会办公室",
    "中共{place}委宣传部",
    "国家税务总局{place}税务局",
    "{place}城市管理综合行政执法局",
    "{place}人民政府（办公室）",  # a second name in brackets; its prose says 县政府办
    "中国人民银行{place}分行",  # a bank's branch under vertical management
    "{place}第二中学",  # units under an organ, reporting themselves: a school, a cooperative, a forest farm
    "{place}实验小学",
    "{place}供销合作社联合社",
    "{place}青山林场",
)
# what a unit's prose calls itself, by its name's end (a school 我校; a cooperative 我社; a farm 我场)
UNITS_WE = (("学", "我校"), ("社", "我社"), ("场", "我场"))


def _date(rng: random.Random, year: int) -> str:
    return f"{year}年{rng.randint(1, 3)}月{rng.randint(1, 28)}日"


def organ(seed: int, fmt: str, rng: random.Random) -> Plan:
    """Kind 7: where the report names its organ. The title in every form (name first, year first,
    ``XX关于2023年政府信息公开工作的年度报告``, a covering letter's ``XX关于报送2023年度…年度报告的函``, broken
    over two lines anywhere); a ``标题：`` line or a crawler's wrapper (HTML), or one naming no organ above the
    report's own title; a notice printing the report (X办公室关于印发Y…的通知); the site's metadata table above
    the report (名称/索引号/发布机构/…); only the body; only the signature at the end; a short form alone
    (``县发改局``, ``市科委``: the truth lists the acceptable names); a town's title without its county and its
    signature with it (白沙镇人民政府 / 南江县白沙镇人民政府: the fuller name); a government's title naming its
    area alone, its office compiling it (梧岭县…年度报告 / 梧岭县人民政府办公室); a notice printing the report, its
    title in 《》; the year before 年度报告 (…政府信息公开工作2023年度报告), or in characters with a letter O for 〇;
    the organ on a page's header line above a title naming none (XX局 · 政府信息公开) or on the line under it (beside;
    a Word file's, now and then only in its pages' header: XX局, XX局 · 政府信息公开, XX局文件);
    only in the file's name, the report's title (filename: ``…-青山区司法局2022年政府信息公开工作年度报告.txt``, the
    document's title naming none); nowhere (truth ``[null]``).
    Some organs are of other kinds (:data:`OTHER_ORGANS`: the party's offices, vertical management, units under an
    organ: 平原县第二中学, 平原县供销合作社联合社 — never read as their area alone). Where one
    place names it, the prose says 我局 and the opening sentence names no one, so that place alone tells the
    organ."""
    # a Word document has no crawler's wrapper and no site metadata
    allowed = [f for f in ORGAN_FORMS if not (fmt == "docx" and f in ("title_label", "site_meta"))]
    form = turn(allowed, seed)
    rep = _base(seed)
    lay = rep.layout
    y = rep.year
    full = rep.agency
    place = full[:3]
    we = "我局"
    accept: list[str | None] = [full]
    if form != "short" and rng.random() < 0.3:  # an organ of another kind
        full = rep.agency = rng.choice(OTHER_ORGANS).format(place=place)
        accept = [full]
        if full.endswith("（办公室）"):
            we = f"{place[-1]}政府办"
        we = next((w for end, w in UNITS_WE if full.endswith(end)), we)
    if form == "short":
        long, short, we = rng.choice(SHORT_NAMES)
        level = place[-1]
        printed = rng.choice((f"{level}{short}", f"{place}{short}"))
        accept = [printed, printed.replace(short, long)]
        full = printed
    if form == "area_signed":  # a town's report titled without its county, signed with it (南江县白沙镇人民政府)
        unit = rng.choice(("镇人民政府", "乡人民政府", "街道办事处"))
        titled = f"{rng.choice(TOWNS)}{unit}"
        full = rep.agency = f"{place}{titled}"
        accept = [full]
        we = {"镇": "我镇", "乡": "我乡", "街": "我街道"}[unit[0]]
        lay.back = (full, _date(rng, y + 1))
    if form == "area_only":  # a government's report titled with its area alone, its office compiling it
        full = rep.agency = f"{place}人民政府"
        accept = [full]
        we = f"我{place[-1]}"
    plain_title = rng.choice((f"{y}年政府信息公开工作年度报告", f"{y}年度政府信息公开工作年度报告"))
    title = {
        "name_first": f"{full}{y}年政府信息公开工作年度报告",
        "year_first": f"{y}年{full}政府信息公开工作年度报告",
        "guanyu": (  # the report's own title, its covering letter's, or a notice's printing it (with 《》 or not)
            f"{full}关于{y}年政府信息公开工作的年度报告"
            if seed // len(ORGAN_FORMS) % 4 == 0
            else f"{full}关于报送{y}年度政府信息公开工作年度报告的函"
            if seed // len(ORGAN_FORMS) % 4 == 1
            else f"{place}人民政府办公室关于印发{full}{y}年政府信息公开工作年度报告的通知"
            if seed // len(ORGAN_FORMS) % 4 == 2
            else f"{full}关于印发《{full}{y}年政府信息公开工作年度报告》的通知"
        ),
        "title_broken": rng.choice((f"{full}{y}年政府信息公开工作年度报告", f"{y}年{full}政府信息公开工作年度报告")),
        "short": f"{full}{y}年政府信息公开工作年度报告",
        "area_signed": f"{full.removeprefix(place)}{y}年政府信息公开工作年度报告",
        "area_only": f"{place}{y}年政府信息公开工作年度报告",
    }.get(form, plain_title)
    if form == "name_first" and seed // len(ORGAN_FORMS) % 3 == 1:  # a mark before it (a WeChat article's 📢)
        title = rng.choice(("📢", "🔹", "■", "● ", "★")) + title
    elif form == "name_first" and fmt == "xlsx" and seed // len(ORGAN_FORMS) % 3 == 2:
        title += rng.choice(("附表", "统计表"))  # a spreadsheet of the report's tables, titled so
    elif form == "name_first" and fmt in FROM_PDF and seed // len(ORGAN_FORMS) % 3 == 2:
        lay.radicals = True  # a PDF's text whose font gave radicals for characters (⼈⺠政府)
    titled = random.Random(f"{seed}-titled")  # the year before 年度报告, or in characters with a letter O for 〇
    if form == "name_first" and titled.random() < 0.4 and fmt != "runon":  # (run together: lines not known)
        cn = "".join("〇一二三四五六七八九"[int(d)] for d in str(y)).replace("〇", titled.choice(("O", "〇")))
        title = titled.choice((f"{full}政府信息公开工作{y}年度报告", f"{full}{cn}年政府信息公开工作年度报告"))
    lay.title = (title,)
    if form == "beside":  # the organ on a header line above a title naming none, or the line under it (run together:
        lay.title = (  # lines not known, the title names it)
            (f"{full}{y}年政府信息公开工作年度报告",)
            if fmt == "runon"
            else (f"{full} · 政府信息公开", plain_title)
            if seed // len(ORGAN_FORMS) % 2 == 0
            else ("政府信息公开工作年度报告", full)
        )
    if form == "beside" and fmt == "docx" and seed // len(ORGAN_FORMS) % 3 == 0:  # (a Word file: only in its header)
        lay.title = (plain_title,)
        lay.page_header = random.Random(f"{seed}-header").choice((full, f"{full} · 政府信息公开", f"{full}文件"))
    if form == "title_broken":
        cut = rng.randint(2, len(title) - 2)
        lay.title = (title[:cut], title[cut:])
    lay.we = we
    lay.intro = (
        f"本报告根据《中华人民共和国政府信息公开条例》编制，所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。"
    )
    if form == "area_only":
        lay.intro = (
            f"本报告由{full}办公室根据《中华人民共和国政府信息公开条例》编制，"
            f"所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。"
        )
    if form == "title_label":
        full_title = f"{full}{y}年政府信息公开工作年度报告"
        lay.wrapper = (
            ("标题", full_title),
            ("单位", full),
            ("来源", f"http://www.example.gov.cn/zwgk/{y + 1}0{rng.randint(1, 3)}/t{rng.randint(10**5, 10**6)}.html"),
            ("采集时间", f"{y + 1}-0{rng.randint(4, 9)}-1{rng.randint(0, 9)} 10:2{rng.randint(0, 9)}:00"),
        )
        if rng.random() < 0.5:
            lay.wrapper = lay.wrapper[:1]
        if seed // len(ORGAN_FORMS) % 2:  # a page's 标题 naming no organ, its publisher the portal's office; the
            lay.wrapper = (("标题", plain_title), ("发布机构", f"{place}人民政府办公室"))  # report's own title names it
            lay.title = (full_title,)
    elif form == "site_meta":
        lay.meta = (
            ("索引号", f"{rng.randint(10**7, 10**8)}/{y + 1}-{rng.randint(10, 99):05d}"),
            ("分类", "政府信息公开年报"),
            ("发布机构", full),
            ("公开日期", f"{y + 1}-01-{rng.randint(10, 28)}"),
            ("名称", f"{full}{y}年政府信息公开工作年度报告"),
            ("文号", ""),
        )
        if (portal := random.Random(f"{seed}-portal")).random() < 0.4:
            # the office running the county's site its publisher (信息来源), the report signed by its organ
            label = portal.choice(("发布机构", "信息来源"))
            lay.meta = tuple((label, f"{place}人民政府办公室") if k == "发布机构" else (k, v) for k, v in lay.meta)
            lay.back = (full, _date(portal, y + 1))
        elif portal.random() < 0.5:  # where it came from, the site's short name for the organ, before its publisher
            lay.meta = (("信息来源", f"{place[-1]}{full[len(place) :]}"), *lay.meta)
    elif form == "body":
        lay.intro = (
            f"本报告由{full}根据《中华人民共和国政府信息公开条例》编制，所列数据的统计期限自"
            f"{y}年1月1日起至{y}年12月31日止。"
        )
        if rng.random() < 0.5:
            lay.we = None  # the prose names it too
            lay.intro = f"现将{full}{y}年政府信息公开工作情况报告如下。"
        elif (gives := random.Random(f"{seed}-gives")).random() < 0.5:  # named once: the organ giving its report
            lay.intro = gives.choice(
                (
                    f"{full}现将{y}年政府信息公开工作情况报告如下。",
                    f"根据《中华人民共和国政府信息公开条例》规定，{full}现将{y}年度政府信息公开工作年度报告公布如下。",
                    f"现公布{full}{y}年度政府信息公开工作年度报告。",
                )
            )
    elif form == "signature":
        lay.back = (full, _date(rng, y + 1))
        if seed // len(ORGAN_FORMS) % 2:  # section 六 a "none" run into the signature (a page's text)
            rep.prose["六"] = f"暂无{full} {lay.back[1]}"
            lay.back = ()
    elif form == "unnamed":
        accept = [None]
    elif form == "wechat":  # a WeChat article: the account's name in the byline, glued to the author's
        author = rng.choice(("党政办", "综合办公室", "宣传办", "政务公开办", f"{place[-1]}政府办"))
        if fmt == "html":
            when = f"{y + 1}-01-{rng.randint(5, 28):02d} {rng.randint(8, 18)}:{rng.randint(10, 59)}"  # (in time)
            lay.wechat = (author, full, when)
        else:  # (copied out of the page, the report keeps its signature)
            lay.back = (full, _date(rng, y + 1))
    plan = Plan(rep, form, accept)
    if form == "filename":  # (saved under the report's title, which the document prints without its organ)
        plan.file_name = f"{full}{y}年政府信息公开工作年度报告"
    if "暂无" in rep.prose.get("六", "") and (rep.cells.get("t3.other.no_fee.total") or 0) > 0:
        plan.findings.add("fees.processing")  # fee notices sent and 六 silent on fees: so the source says
    return plan


# ----------------------------------------------------------------------------------------------- prose

PROSE_FORMS = ("review_suit", "accepted", "no_loss", "carry_next", "percent", "mismatch", "rate", "rate_mismatch")

# a rate the prose states without a count, as reports word it and define it: the words, the parts summed, the base
RATES = (
    ("申请公开率（予以公开和部分公开占办结数）", ("t3.granted.total", "t3.partial.total"), ("t3.total.total",)),
    ("依申请公开率", ("t3.granted.total", "t3.partial.total"), ("t3.total.total",)),
    ("予以公开率", ("t3.granted.total",), ("t3.total.total",)),
    ("政府信息公开申请公开率", ("t3.granted.total", "t3.partial.total"), ("t3.new.total",)),
)


def _ensure(rep: SampleReport, key: str, lo: int, hi: int, rng: random.Random) -> None:
    """Give table 3 (or 4) column ``natural`` (or the review group) a value in [lo, hi] at ``key``'s row."""
    if rep.cells[key] < lo:
        rep.cells[key] = rng.randint(lo, hi)
        rebalance(rep)


STATED = {  # the words before a figure the prose states → the table values it must equal (summed)
    "收到政府信息公开申请": ("t3.new.total",),
    "上年结转": ("t3.carried_in.total",),
    "办结": ("t3.total.total",),
    "结转下年度继续办理": ("t3.carried_out.total",),
    "转下一年度": ("t3.carried_out.total",),
    "予以公开": ("t3.granted.total",),
    "部分公开": ("t3.partial.total",),
    "行政复议": ("t4.review.total",),
    "行政诉讼": ("t4.suit_direct.total", "t4.suit_after_review.total"),
    "被复议机关纠错": ("t4.review.corrected",),
    # (the applications carried into the report's year, the year named by its number: 2022年结转至2023年办理的申请)
    **{f"结转至{y}年办理的申请": ("t3.carried_in.total",) for y in range(2019, 2031)},
}


def _say(rep: SampleReport, rng: random.Random, form: str) -> tuple[str, list[tuple[str, int]]]:
    """The sentences of 一(二)依申请公开 for ``form``, and the figures they state that the reader checks:
    (the words before the figure, as in :data:`STATED`; the figure)."""
    c = rep.cells
    y = rep.year
    new, cin, tot = c["t3.new.total"], c["t3.carried_in.total"], c["t3.total.total"]
    rev = c["t4.review.total"]
    suits = c["t4.suit_direct.total"] + c["t4.suit_after_review.total"]
    said: list[tuple[str, int]] = []

    def fig(words: str) -> str:
        n = int(sum(c[k] for k in STATED[words]))
        said.append((words, n))
        return f"{words}{n}件"

    if form == "accepted":  # 受理 N = new + carried in: not the 本年新收 figure
        if rng.random() < 0.5:
            s = f"{y}年共受理政府信息公开申请{new + cin}件（含{fig('上年结转')}），办结{tot}件。"
        else:
            s = f"{y}年，本机关共受理政府信息公开申请{new + cin}件，其中本年新收{new}件、{fig('上年结转')}。"
    elif form == "carry_next":
        s = f"全年共{fig('收到政府信息公开申请')}，已全部按期答复，{fig('转下一年度')}。"
    elif form in ("rate", "rate_mismatch"):  # 申请公开率…为P% (rate_mismatch: P off by a few points)
        words, parts, base = RATES[rng.randrange(len(RATES))]
        pct = 100 * sum(c[k] for k in parts) / sum(c[k] for k in base)
        if form == "rate_mismatch":  # off by more than any other way of counting it gives
            others = [100 * sum(c[k] for k in p) / sum(c[k] for k in b) for _, p, b in RATES if sum(c[k] for k in b)]
            pct += rng.choice((-1, 1)) * rng.randint(3, 9)
            while pct < 0 or pct > 99 or any(abs(pct - o) < 1.5 for o in others):  # (100%: said loosely, not held)
                pct = (pct + 7) % 100
        s = f"全年共{fig('收到政府信息公开申请')}，{fig('办结')}，{words}为{pct:.1f}%。"
    elif form == "percent":
        g = c["t3.granted.total"]
        p = c["t3.partial.total"]
        s = f"全年共{fig('收到政府信息公开申请')}，办结{tot}件。其中{fig('予以公开')}（占{100 * g / tot:.1f}%），"
        s += f"{fig('部分公开')}（占{100 * p / tot:.1f}%）。"
    else:
        carried = fig("上年结转") if rng.random() < 0.7 else f"{y - 1}年{fig(f'结转至{y}年办理的申请')}"
        s = f"{y}年，我们共{fig('收到政府信息公开申请')}，{carried}，{fig('办结')}，"
        s += f"{fig('结转下年度继续办理')}。"
    if form == "review_suit":
        if rng.random() < 0.5:
            s += f"全年发生政府信息公开{fig('行政复议')}、{fig('行政诉讼')}。"
        else:
            s += f"因政府信息公开被申请{fig('行政复议')}、被提起{fig('行政诉讼')}。"
        if c["t4.review.corrected"]:  # the corrections of its decisions
            s = s[:-1] + f"，其中{fig('被复议机关纠错')}。"
        upheld, said_upheld = int(c["t4.review.upheld"]), random.Random(f"{rep.seed}-upheld")
        if upheld and upheld != c["t4.review.total"] and said_upheld.random() < 0.5:
            # the figure counts the cases its words after it name (维持原决定): a part, not the review total
            part = said_upheld.choice(("，其中行政复议{}件维持原决定。", "，行政复议{}件结果维持。"))
            s = s[:-1] + part.format(upheld)
    elif form == "no_loss":  # denies corrections and lost suits, not cases
        s += f"全年发生政府信息公开{fig('行政复议')}、{fig('行政诉讼')}，"
        s += rng.choice(("未发生被行政复议纠错或行政诉讼败诉的情况。", "未发生行政复议被纠错或行政诉讼败诉案件。"))
    elif rev or suits:
        s += f"全年发生政府信息公开{fig('行政复议')}、{fig('行政诉讼')}。"
    else:
        s += "全年未发生政府信息公开行政复议、行政诉讼案件。"
    more = random.Random(f"{rep.seed}-wordings")  # figures said otherwise, none a table's total: no warning
    if more.random() < 0.5:
        parts = [f"全年收到申请{new - new % 10}余件"] if new >= 20 else []  # an approximation
        if c["t3.new.corp"]:
            parts.append(f"收到的申请中，企业申请{int(c['t3.new.corp'])}件")  # an applicant's kind (商业企业)
        if c["t4.suit_direct.total"]:
            parts.append(f"未经复议直接起诉的行政诉讼{int(c['t4.suit_direct.total'])}件")  # (no denial: 未经)
        if c["t4.suit_direct.upheld"]:
            parts.append(f"一审判决驳回原告诉讼请求{int(c['t4.suit_direct.upheld'])}件")  # a suit's outcome
        if parts:
            s += "，".join(more.sample(parts, more.randint(1, len(parts)))) + "。"
    applicants = random.Random(f"{rep.seed}-applicants")  # the new applications by applicant, now and then
    if applicants.random() < 0.4:
        corp = int(c["t3.new.total"] - c["t3.new.natural"])
        if applicants.random() < 0.4:  # listed with 分别: each figure its column's (自然人, 法人或其他组织)
            s += f"收到自然人、法人或其他组织的申请分别为{int(c['t3.new.natural'])}件、{corp}件。"
        else:
            lead = applicants.choice(("其中新收申请中", "新收申请中，", "按申请人分，"))
            s += f"{lead}自然人{int(c['t3.new.natural'])}件、法人或其他组织{corp}件。"
    if new >= 5 and random.Random(f"{rep.seed}-from").random() < 0.25:  # 由上年的X件增加到Y件: Y this year's
        s += f"收到的申请由上年的{int(new) - 3}件增加到{int(new)}件。"
    # a county's parts' figures (各乡镇, 县直部门, 县本级): not the table's
    county = random.Random(f"{rep.seed}-county")
    if county.random() < 0.35:
        k = int(new) // 3 + 1 + (int(new) // 3 + 1 == int(new))
        parts = [
            f"{county.choice(('各乡镇', '各乡镇人民政府', '各街道'))}共收到申请{k}件",
            f"{county.choice(('县直部门', '市直各部门', '区直单位'))}共收到申请{k + 2}件",
            f"{county.choice(('其余乡镇', '其他街道'))}未收到申请",
            f"其中{county.choice(('县本级', '区本级'))}行政复议{int(rev) + 1}件",
        ]
        s += "，".join(county.sample(parts, county.randint(1, len(parts)))) + "。"
    # a unit under the organ's figures (其中，局属执法支队收到申请N件): a part, not the table's; the organ with its
    # units (本局及所属单位共收到申请N件) is the whole, its figure the table's
    units = random.Random(f"{rep.seed}-units")
    if units.random() < 0.3 and new >= 2:
        unit = units.choice(("局属执法支队", "下属单位", "直属机构", "所属事业单位", "二级单位", "局属学校"))
        if units.random() < 0.3:  # a body under the organ reporting on its own
            s += f"另，局属国有林场作为独立公开主体收到申请{int(new) // 2 + 1}件，已在其年度报告中单独报告。"
        else:
            s += f"其中，{unit}收到申请{int(new) // 2}件，已全部办结。"
    elif units.random() < 0.2:
        s += f"本机关及所属单位共收到申请{int(new)}件。"
    return s, said


def prose_kind(seed: int, fmt: str, rng: random.Random) -> Plan:
    """Kind 8: what the prose says, worded as reports word it, agreeing with the tables: ``行政复议X件、
    行政诉讼Y件`` (both checked); ``受理N件`` where N is new plus carried in; ``未发生…纠错或…败诉`` with cases
    in table 4 (it denies corrections and lost suits, not cases); ``转下一年度N件`` (the carried-out row);
    ``N件（占P%）``; the new applications by applicant (``其中新收申请中自然人N件``: not the total); 六 in items
    whose headings end in a sentence's mark (``（一）收取信息处理费情况。``: no statement that fees were
    collected); cases of every kind the county's 司法局 or courts handled (not the organ's); a county's parts'
    figures (各乡镇共收到申请N件, 县直部门…, 其余乡镇未收到申请: not the table's whole); a unit under the organ
    (其中，局属执法支队收到申请N件: a part; 本机关及所属单位共收到申请N件: the whole; 局属国有林场作为独立公开主体收到
    申请N件: its own report's); the applicants' figures listed (收到自然人、法人或其他组织的申请分别为N件、M件: each its
    column's); 由上年的X件增加到Y件 (Y this year's); figures counted in
    宗 or 起 as well as 件; a rate stated without a count (申请公开率（予以公开和部分公开占办结数）为37.2%, 予以公开率…:
    as the report defines it). And one injected disagreement: a stated figure off by a few, or a rate off by a few
    points, narrative.mismatch."""
    form = turn(PROSE_FORMS, seed)
    rep = _base(seed, tid="2021" if rng.random() < 0.8 else "2019", scale=rng.choice((2, 5, 20, 200)))
    marks = random.Random(f"{seed}-bullet")  # headings marked as a WeChat article marks them, now and then
    if marks.random() < 0.3:
        rep.layout.bullet = marks.choice(("🔹", "● ", "■", "▶ ", "◆", "📌"))
    elif marks.random() < 0.4 and fmt != "runon":  # headings numbered otherwise (a run-on line's are 一、)
        rep.layout.numbering = marks.choice(("arabic", "bracket", "bracket_title"))
        # or their numerals on lines of their own, as a page's badges, or none, the titles worded otherwise (in
        # text, pages and Word files: a PDF's text and a workbook print a heading on one line)
        retitled = random.Random(f"{seed}-retitled").choice(RETITLED)
        if fmt not in ("xlsx", *FROM_PDF, "mineru") and random.Random(f"{seed}-retitle").random() < 0.5:
            rep.layout.numbering = retitled
    # (with dot leaders and pages, pages only, or the headings alone)
    if marks.random() < 0.2 and fmt != "runon" and rep.layout.numbering not in RETITLED:
        rep.layout.contents = random.Random(f"{seed}-contents").choice(("leaders", "pages", "bare"))
    c = rep.cells
    if form in ("review_suit", "no_loss"):
        _ensure(rep, "t4.review.upheld", 1, 6, rng)
        _ensure(rep, "t4.suit_direct.pending", 1, 3, rng)
        if form == "review_suit" and random.Random(f"{seed}-corrected").random() < 0.5:
            _ensure(rep, "t4.review.corrected", 1, 2, rng)  # a decision corrected, said so (其中被复议机关纠错N件)
        if form == "no_loss":
            for g in ("review", "suit_direct", "suit_after_review"):
                c[f"t4.{g}.upheld"] += c[f"t4.{g}.corrected"]
                c[f"t4.{g}.corrected"] = 0
            rebalance(rep)
    if form == "accepted" and c["t3.carried_in.total"] < 1:
        k = rng.randint(1, 5)  # carried in, and handled: 本年新收 unchanged
        c["t3.carried_in.natural"] += k
        c["t3.granted.natural"] += k
        rebalance(rep)
    if form == "carry_next":
        _ensure(rep, "t3.carried_out.natural", 1, 6, rng)
    if form in ("percent", "mismatch", "rate", "rate_mismatch") and c["t3.total.total"] < 3:
        c["t3.granted.natural"] += rng.randint(3, 20)
        c["t3.partial.natural"] += rng.randint(0, 3)
        rebalance(rep)
    if c["t3.new.total"] < 1:  # the sentences state figures: something was received
        c["t3.granted.natural"] += rng.randint(1, 9)
        rebalance(rep)
    text, said = _say(rep, rng, form)
    plan = Plan(rep, form, [rep.agency], stated=said)
    if form == "rate_mismatch":
        plan.findings.add("narrative.mismatch")
    if form == "mismatch":
        i = rng.randrange(len(said))
        words, n = said[i]
        wrong = n + rng.randint(1, 9)
        text = text.replace(f"{words}{n}件", f"{words}{wrong}件", 1)
        plan.stated = [*said[:i], (words, wrong), *said[i + 1 :]]
        plan.findings.add("narrative.mismatch")
        plan.form = f"mismatch/{words}"
    counted = random.Random(f"{seed}-unit")  # figures counted in 宗 or 起 instead of 件, now and then
    if counted.random() < 0.3:
        text = re.sub(r"(\d)件", r"\g<1>" + counted.choice(("宗", "起")), text)
    lines = prose(rep, random.Random(rep.seed))["一"].split("\n")
    at = lines.index("(二)依申请公开") + 1
    lines[at] = text
    fixed = random.Random(f"{seed}-correction")  # a figure of the report as first published corrected, said so
    if fixed.random() < 0.3:
        n, r = int(c["t3.new.total"]), int(c["t4.review.total"])
        was, r_was = n + fixed.randint(1, 9), r + fixed.randint(1, 3)
        lines.insert(
            at + 1,
            fixed.choice(
                (
                    f"更正说明：原报告“共收到政府信息公开申请{was}件”有误，应为{n}件。",
                    f"（更正：本年新收政府信息公开申请数量由{was}件更正为{n}件。）",
                    f"更正说明：原报告表三“本年新收政府信息公开申请数量”总计一栏原为{was}件，现更正为{n}件。",
                    f"更正说明：本报告首次发布时政府信息公开行政复议一项原为{r_was}件，现更正为{r}件。",
                )
            ),
        )
    county = random.Random(f"{seed}-county")  # cases of every kind in the county: not the organ's disclosure cases
    if county.random() < 0.3:
        rev = int(c["t4.review.total"]) + county.randint(20, 150)
        suits = int(c["t4.suit_direct.total"] + c["t4.suit_after_review.total"]) + county.randint(10, 60)
        lines.append(
            county.choice(
                (
                    f"全年司法局共办理各类行政复议案件{rev}件；人民法院审结以本级政府为被告的行政诉讼案件{suits}件。",
                    f"法治政府建设方面，全区办理各类行政复议案件{rev}件、各类行政诉讼案件{suits}件。",
                )
            )
        )
    rep.prose["一"] = "\n".join(lines)
    six = random.Random(f"{seed}-six")  # 六 in items, each a heading ending in its mark, now and then
    if six.random() < 0.4:
        head = six.choice(("（一）收取信息处理费情况。", "（一）关于收取信息处理费的情况。", "1.信息处理费收取情况："))
        other = six.choice(("（二）其他需要报告的事项。", "（二）其他事项说明。", "2.其他事项："))
        rep.prose["六"] = f"{head}{rep.year}年度未收取信息处理费。\n{other}本机关无其他需要报告的事项。"
    after = random.Random(f"{seed}-after")  # what a page or a notice prints after the report, now and then
    if after.random() < 0.3:
        rep.layout.back = after_report(rep, after.choice(("reading", "links", "attachment")), after)
    versions = random.Random(f"{seed}-versions")  # republished corrected, the original printed with it, now and then
    if versions.random() < 0.2 and (fmt in TEXT or fmt == "html") and not rep.layout.back:
        void_version(rep, versions)
    fixed = random.Random(f"{seed}-errata")  # figures printed wrong, an errata table after the report, now and then
    if fixed.random() < 0.25 and fmt in ("pipe", "markdown") and not rep.layout.back and not rep.layout.versions:
        errata(rep, fixed)  # (said as cells.corrected: info, no finding a truth lists)
    return plan


def errata(rep: SampleReport, rng: random.Random) -> None:
    """Print some of ``rep``'s figures wrong in its tables, and a table of corrections after its signature
    (勘误表: 位置 | 原数据 | 更正后数据) naming each cell and its right figure: the truth the corrected one."""
    c = rep.cells
    k = rng.randint(1, 9)
    lines = [
        rep.agency,
        f"{rep.year + 1}年1月{rng.randint(10, 28)}日",
        "勘误表",
        "| 序号 | 位置 | 原数据 | 更正后数据 |",
    ]
    wrong = [
        ("t3.new.natural", "表三 一、本年新收政府信息公开申请数量 自然人"),
        ("t3.new.total", "表三 一、本年新收政府信息公开申请数量 总计"),
    ]
    if rng.random() < 0.5:
        decisions = rep.template.table("t2").row("licensing").columns[-1]
        wrong.append((f"t2.licensing.{decisions.key}", f"表二 第二十条第(五)项 行政许可 {decisions.label}"))
    for n, (key, where) in enumerate(wrong, 1):
        printed = int(c[key]) + k
        rep.layout.texts[key] = str(printed)
        lines.append(f"| {n} | {where} | {printed} | {int(c[key])} |")
    rep.layout.back = tuple(lines)


VERSION_TITLES = (
    ("（原发布版本）", "（更正后版本）"),
    ("（更正前）", "（更正后）"),
    ("（原文，已作废）", "（更正）"),
    ("（原版本）", "（修订版）"),
)


def void_version(rep: SampleReport, rng: random.Random) -> None:
    """Print ``rep`` with a void version of it (:attr:`Layout.versions`): other figures in table 3, before it or
    appended after it (附：), the titles saying which is void and which stands (one of them, or both)."""
    import copy

    void = copy.deepcopy(rep)
    k = rng.randint(1, 9)
    void.cells["t3.new.natural"] += k
    void.cells["t3.granted.natural"] += k
    rebalance(void)
    where = rng.choice(("first", "after"))
    old, new = rng.choice(VERSION_TITLES)
    both = rng.random() < 0.6
    title = title_lines(rep)
    void.layout.title = (f"{'附：' if where == 'after' else ''}{title[0]}{old}", *title[1:])
    if both or where == "after":
        rep.layout.title = (f"{title[0]}{new}", *title[1:])
    rep.layout.versions = (where, void)


def after_report(rep: SampleReport, form: str, rng: random.Random) -> tuple[str, ...]:
    """The report's signature (organ, date) and what follows it on a page or in a notice, none of it the
    report's: a reading of last year's report with its figures (相关解读: 上年结转 of that year, not this);
    the page's buttons and links (【打印本页】, 相关链接); a notice's second attachment, a work plan for the next
    year with figures of its own (附件2: after the signature, or straight after section 六)."""
    y, agency, c = rep.year, rep.agency, rep.cells
    we = self_word(agency)
    signed = (agency, _date(rng, y + 1))
    if form == "reading":
        return (
            *signed,
            "相关解读",
            f"一图读懂｜{agency}{y - 1}年政府信息公开工作年度报告",
            f"{y - 1}年，{we}共收到政府信息公开申请{int(c['t3.new.total']) + rng.randint(2, 9)}件，"
            f"上年结转{int(c['t3.carried_in.total']) + rng.randint(1, 4)}件，"
            f"发生政府信息公开行政复议{int(c['t4.review.total']) + 1}件。",
        )
    if form == "links":
        return (
            *signed,
            "【打印本页】 【关闭窗口】",
            "相关链接",
            f"{agency}{y - 1}年政府信息公开工作年度报告 {y}-01-{rng.randint(10, 28)}",
            f"{agency}{y - 2}年政府信息公开工作年度报告 {y - 1}-01-{rng.randint(10, 28)}",
        )
    plan = (
        "附件2",
        f"{agency}{y + 1}年政务公开工作要点",
        "一、总体要求",
        f"{y + 1}年，{we}计划主动公开政府信息不少于{rng.randint(100, 400)}条，"
        f"上年结转政府信息公开申请{int(c['t3.carried_out.total']) + rng.randint(1, 4)}件须在一季度内办结。",
        "二、保障措施",
        f"各科室明确1名信息员，{y + 1}年12月底前完成政府信息公开目录梳理。",
    )
    return (*signed, *plan) if rng.random() < 0.5 else plan


# ----------------------------------------------------------------------------------------------- year

YEAR_FORMS = (
    "doc_numbers",
    "next_year",
    "publication_date",
    "previous_year",
    "stale_period",
    "stale_body",
    "stale_intro",
    "interpretation",
    "stale_title",
)


def year(seed: int, fmt: str, rng: random.Random) -> Plan:
    """Kind 9: the years a report names. A sentence about the reporting period naming another year —
    the statistics period copied from last year's report, the body's opening year, the introduction naming
    the report (现将2023年度政府信息公开工作情况报告如下) — is year.mismatch. Not
    so: a cited document's number (国办函〔2020〕109号, 国办公开办函〔2021〕30号), a plan for the next year
    (``2025年将…``), the publication date (signature, 发布日期), a comparison with the previous year. A title kept
    from last year's report, the period and the body's paragraphs this year's: the report is this year's (and
    year.mismatch)."""
    form = turn(YEAR_FORMS, seed)
    rep = _base(seed)
    lay = rep.layout
    y = rep.year
    plan = Plan(rep, form, [rep.agency])
    base = prose(rep, random.Random(rep.seed))
    notice = rep.template.notice
    if form == "doc_numbers":
        lay.intro = (
            f"本报告由{rep.agency}根据《中华人民共和国政府信息公开条例》（国务院令第711号）和《中华人民共和国政府信息"
            f"公开工作年度报告格式》（{notice}）要求编制，所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。"
        )
        if y >= 2021:
            rep.prose["六"] = (
                f"依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），{y}年度未收取信息处理费。"
                f"{rep.agency}无其他需要报告的事项。"
            )
    elif form == "next_year":
        rep.prose["五"] = (
            base["五"] + f"\n{y + 1}年，我们将进一步完善依申请公开工作机制，力争在{y + 1}年底前完成目录更新。"
        )
    elif form == "publication_date":
        lay.back = (rep.agency, _date(rng, y + 1))
        if rng.random() < 0.5:
            lay.wrapper = (("发布日期", f"{y + 1}-01-{rng.randint(10, 28)}"),)
    elif form == "interpretation":  # the page prints the report's 解读 after it: its own (late) date, its figures
        if fmt in (*TEXT, "html") and fmt != "runon":
            c = rep.cells
            lay.next_article = (
                f"《{rep.agency}{y}年政府信息公开工作年度报告》解读",
                f"发布时间：{y + 1}-0{rng.randint(4, 6)}-{rng.randint(10, 28)}  来源：{rep.agency}",
                f"{y}年，共收到政府信息公开申请{int(c['t3.new.total']) + rng.randint(3, 9)}件（含{y - 1}年度），"
                f"较上年增长{rng.randint(2, 20)}%；{y - 1}年收到申请{rng.randint(10, 99)}件。",
            )
    elif form == "previous_year":
        rep.prose["一"] = base["一"].replace(
            "坚持以公开为常态", f"较{y - 1}年新增信息{rng.randint(5, 90)}条，坚持以公开为常态", 1
        )
    elif form == "stale_period":  # the period worded as reports word it (统计时段为…, 数据时间范围为…, …年度)
        x = y - 1
        said = random.Random(f"{seed}-period").choice(
            (
                f"所列数据的统计期限自{x}年1月1日起至{x}年12月31日止",
                f"统计时段为{x}年1月1日至{x}年12月31日",
                f"统计期间为{x}年1月1日至12月31日",
                f"数据时间范围为{x}年1月1日至{x}年12月31日",
                f"所列数据的统计期限为{x}年度",
            )
        )
        lay.intro = f"本报告由{rep.agency}根据《中华人民共和国政府信息公开条例》编制，{said}。"
        plan.findings.add("year.mismatch")
    elif form == "stale_body":
        rep.prose["一"] = base["一"].replace(f"(一)主动公开\n{y}年，", f"(一)主动公开\n{y - 1}年，", 1)
        plan.findings.add("year.mismatch")
    elif form == "stale_intro":  # the introduction copied from last year's report, as reports word it
        x = y - 1
        said = (
            f"现将{x}年度政府信息公开工作情况报告如下。",
            f"现将{rep.agency}{x}年政府信息公开工作情况报告如下。",
            f"现向社会公布{x}年度政府信息公开工作年度报告。",
            f"特公布{x}年政府信息公开工作年度报告。",
        )
        lay.intro = said[seed // len(YEAR_FORMS) % len(said)]  # (the wordings in turn)
        plan.findings.add("year.mismatch")
    elif form == "stale_title":  # the title kept from last year's report; the period and the body this year's
        lay.title = (f"{rep.agency}{y - 1}年政府信息公开工作年度报告",)
        lay.intro = (
            f"本报告由{rep.agency}根据《中华人民共和国政府信息公开条例》编制，所列数据的统计期限自{y}年1月1日起"
            f"至{y}年12月31日止。"
        )
        plan.findings.add("year.mismatch")
    return plan


# --------------------------------------------------------------------------------------------- script

SCRIPT_FORMS = (
    "traditional",
    "taiwan",
    "hongkong",
    "pinyin",
    "pinyin_digits",
    "pinyin_words",
    "zhuyin",
    "big5_said_gb2312",
    "gbk_said_big5",
)


def script(seed: int, fmt: str, rng: random.Random) -> Plan:
    """The characters as a converter or a reading aid left them: traditional characters (a browser or a
    converter set for Taiwan or Hong Kong: 資訊 for 信息, 衞 for 卫), pinyin glued after each character
    (tone marks, tone digits, a word's in brackets), zhuyin in brackets. Read as the report printed: the
    organ's name, the labels and the figures as a mainland reader reads them. Or the bytes in another codec than
    the page declares: traditional characters in Big5 under ``<meta charset=gb2312>`` (GBK decodes them without an
    error, into nonsense: 現┎戈癟そ秨), simplified in GBK under ``big5``; a text file in those codecs, declaring
    none. Read in the codec the bytes are in."""
    form = turn(SCRIPT_FORMS, seed)
    rep = _base(seed, busy=True)
    if form in ("big5_said_gb2312", "gbk_said_big5"):
        rep.layout.charset = form
        rep.layout.script = "taiwan" if form == "big5_said_gb2312" else ""
        return Plan(rep, form, [rep.agency])
    # (annotations lengthen the text: text laid out by the characters' places, -layout, and a CSV's fields,
    # read before the text is normalized, keep their characters as converted only)
    rep.layout.script = form if fmt not in ("layout", "csv") or form in ("traditional", "taiwan", "hongkong") else ""
    return Plan(rep, form, [rep.agency])


# -------------------------------------------------------------------------------------------- margins

MARGIN_FORMS = ("line_numbers", "page_numbers", "watermark")


def margins(seed: int, fmt: str, rng: random.Random) -> Plan:
    """What a page prints beside the report that the text taken from it keeps (text from PDFs): every line
    numbered in the margin (a draft's, numbered through; or page by page from 1, right-aligned: ``54 9 3 0 0 1
    0 13`` is line 54's values), a watermark's glyphs among a row's values (``规章 1 1 供 13``) and its words on
    lines of their own. Read as the report: no number of the margin, no glyph of the watermark a value."""
    form = turn(MARGIN_FORMS, seed)
    rep = _base(seed, busy=True)
    rep.layout.margins = form
    return Plan(rep, form, [rep.agency])


# ------------------------------------------------------------------------------------------- ocr_text

OCR_TEXT_FORMS = ("jittered", "lookalikes")
OCR_TEXTED = ("layout", "pdftext")  # text laid out with spaces, or a space between cells


def ocr_text(seed: int, fmt: str, rng: random.Random) -> Plan:
    """Text another OCR tool gave (Tesseract's, a phone scanner's, pasted or saved as text): the spaces
    between a table's cells and headings of uneven runs, so their places tell no column (the table's own
    sums do: the headings' places never reorder columns the rows' sums deny), or zeros and ones among a
    row's values read as letters or signs of their look (``1 0 O 0 0``, ``l``, ``〇``) or marked with the
    tool's doubt (``~0``, ``0[?]``): read as the digits, a letter's reading in doubt."""
    form = turn(OCR_TEXT_FORMS, seed)
    rep = _base(seed, busy=True)
    rep.layout.ocr_text = form
    return Plan(rep, form, [rep.agency])


# --------------------------------------------------------------------------------------------- markup

MARKUP_FORMS = ("aria", "grid", "list", "cards", "pre", "joined", "text_layer", "held")


def markup(seed: int, fmt: str, rng: random.Random) -> Plan:
    """A page's tables made of other markup than ``<table>`` (a CMS's, a mobile page's, an accessible one's):
    ARIA roles (empty cells left out, their places the others' ``aria-colindex``), a CSS grid (each item's
    ``grid-column``/``grid-row``), a list (a row an ``<li>``, a cell a ``<span>``, nothing between them), cards
    (a row's label, then a line a column: 自然人：15); or the report's text pasted into the page in a ``<pre>`` as
    it was typed, its tables in pipes, tabs, rules or spaces (was read as one line of prose: no table), or in one
    paragraph, its lines joined by a CMS (read as a text run together is); or the report's pages as a PDF viewer's
    text layer (pdf.js: a span a run at its place, a run now and then in touching pieces); or the article held for
    the page's script to show, its block empty (a CMS's: entity-escaped in a hidden ``<textarea>``, in a
    ``<template>``, in a ``<script type="text/template">``). Read as tables: an empty cell a cell, no value moved."""
    form = turn(MARKUP_FORMS, seed)
    rep = _base(seed, busy=True)
    rep.layout.markup = form
    drawn = random.Random(f"{seed}-drawn")  # the sections' headings drawn, as WeChat editors print them, now and then
    if form not in ("pre", "joined", "text_layer") and drawn.random() < 0.5:
        rep.layout.drawn_headings = drawn.choice(("svg", "img"))
    p = Plan(rep, form, [rep.agency])
    if form == "text_layer":  # (printed as the layout text is: its blanks where their columns cannot be told)
        _layout_marks(p)
    return p


# ----------------------------------------------------------------------------------------- responsive

RESPONSIVE_FORMS = ("sr_only", "phone_copy", "noscript_copy", "hidden_cards", "fixed_copy")


def responsive(seed: int, fmt: str, rng: random.Random) -> Plan:
    """A responsive, accessible portal's page (适老化、无障碍): words for screen readers in the value cells
    (<span class="sr-only">自然人：</span>15; a value beside its spoken copy), each table printed again for phones
    in a block a desktop does not show (Bootstrap's visible-xs, d-md-none; a class the page's own <style> hides),
    tables 3 and 4 again in a <noscript>, the article again for phones as cards, hidden, table 3's copy for a UI
    library's fixed columns. Read as a desktop browser shows the page: every value once, no table.duplicate."""
    form = turn(RESPONSIVE_FORMS, seed)
    rep = _base(seed, busy=True)
    rep.layout.responsive = form
    return Plan(rep, form, [rep.agency])


# ------------------------------------------------------------------------------------------- pictures

PICTURE_FORMS = ("t3", "all", "t4")
# the formats a table may be printed as a picture in (a PDF: the page printed from the HTML, the picture on a
# page with a text layer)
PICTURED = ("html", "docx", "pdf")


def pictures(seed: int, fmt: str, rng: random.Random) -> Plan:
    """Tables printed as pictures: a screenshot of table 3, of table 4, or of all three pasted into the Word
    file or the web page in the table's place (in the PDF printed from the page: a picture on a page whose
    text the text layer holds). Read by OCR where it stands (the pictures standing where a table was not
    found): the values read from the picture, those OCR is not sure of in doubt, never cells.missing."""
    form = turn(PICTURE_FORMS, seed)
    rep = _base(seed, busy=True)
    tids = {"t3": ("t3",), "all": ("t2", "t3", "t4"), "t4": ("t4",)}[form]
    rep.layout.pictured = dict.fromkeys(tids, "data")
    return Plan(rep, form, [rep.agency])


# ------------------------------------------------------------------------------------------- retyped

RETYPED_FORMS = ("sentences", "key_value", "mixed", "stated_zero", "rest_zero", "denied", "header_zero", "rest_said")
# the formats a table is retyped in (its lines as prose: text, a page's paragraphs, a Word file's)
RETYPED = (*(f for f in TEXT if f not in ("runon", "csv", "layout", "mineru")), "html", "docx")


def retyped(seed: int, fmt: str, rng: random.Random) -> Plan:
    """Tables retyped as text by a small organ or a clerk, each value after its column's name: a row a
    sentence (一、本年新收政府信息公开申请数量：自然人15件，商业企业2件，…总计17件。 table 4 one paragraph:
    行政复议：结果维持3件，…), a line a cell (规章 本年制发件数：0), those with a table as a grid (mixed); a table
    not printed, said to be all 0 (本年度未收到政府信息公开申请，表三各项数据均为0: 0 each, cells.stated), or
    its rows holding figures printed with their figures only, then 表中其余各项数据均为0, or table 4 replaced by a
    sentence denying every case it counts (本年度未发生政府信息公开行政复议、行政诉讼案件。 无行政复议、行政诉讼情况。:
    0 each, cells.stated), or table 3's header printed with one line in its rows' place saying they are 0 (无,
    均为0, a row merged across: 本表数据均为零; 0 each, cells.stated), or table 3 told in the prose's own sentences
    (本年度共收到政府信息公开申请3件，均为自然人提出。其中予以公开2件，无法提供（本机关不掌握相关政府信息）1件), then
    表三其余各项均为0: the figures stated as stated, in the one column named, their sums summed, the rest 0
    (cells.stated). Read as printed: every value in its cell, the zeros said so, no cells.missing."""
    form = turn(RETYPED_FORMS, seed)
    rep = _base(seed, busy=form not in ("stated_zero", "header_zero"))
    lay = rep.layout
    findings: set[str] = set()
    if form in ("sentences", "key_value"):
        lay.retyped = dict.fromkeys(("t2", "t3", "t4"), form)
    elif form == "mixed":
        tids = rng.sample(("t2", "t3", "t4"), rng.randint(1, 2))
        lay.retyped = {t: rng.choice(("sentences", "key_value")) for t in tids}
    elif form == "stated_zero":
        for tid in rng.choice((("t3",), ("t4",), ("t3", "t4"))):
            for k in rep.cells:
                if k.startswith(f"{tid}."):
                    rep.cells[k] = 0
            lay.retyped[tid] = "stated_zero"
        lay.retyped.setdefault("t4", "sentences")
        findings.add("cells.stated")
    elif form in ("denied", "header_zero"):
        tid = "t4" if form == "denied" else "t3"
        for k in rep.cells:
            if k.startswith(f"{tid}."):
                rep.cells[k] = 0
        lay.retyped[tid] = form
        findings.add("cells.stated")
    elif form == "rest_said":  # a few applications, all of one kind of applicant, a few outcomes
        t3 = rep.template.table("t3")
        for k in rep.cells:
            if k.startswith("t3."):
                rep.cells[k] = 0
        col = rng.choice(("natural", "corp"))
        outcomes = rng.sample(
            [r.key for r in t3.rows if r.outcome and not r.key.startswith("other.")], rng.randint(1, 3)
        )
        for key in outcomes:
            rep.cells[f"t3.{key}.{col}"] = rep.cells[f"t3.{key}.total"] = rng.randint(1, 4)
        n = sum(rep.cells[f"t3.{key}.total"] for key in outcomes)
        for key in ("new", "total"):
            rep.cells[f"t3.{key}.{col}"] = rep.cells[f"t3.{key}.total"] = n
        lay.retyped = {"t3": "rest_said", "t4": rng.choice(("sentences", "key_value"))}
        findings.add("cells.stated")
    else:
        lay.retyped = {"t3": "rest_zero", "t4": rng.choice(("sentences", "key_value"))}
        findings.add("cells.stated")
    return Plan(rep, form, [rep.agency], findings)


KINDS: dict[str, Callable[[int, str, random.Random], Plan]] = {
    "plain": plain,
    "blank": blank,
    "shift": shift,
    "doubt": doubt,
    "apart": apart,
    "notes": notes,
    "pieces": pieces,
    "organ": organ,
    "prose": prose_kind,
    "year": year,
    "pictures": pictures,
    "script": script,
    "margins": margins,
    "ocr_text": ocr_text,
    "markup": markup,
    "responsive": responsive,
    "retyped": retyped,
}

FORMS: dict[str, tuple[str, ...]] = {
    "blank": BLANK_FORMS,
    "shift": SHIFT_FORMS,
    "notes": NOTE_FORMS,
    "pieces": PIECE_FORMS,
    "organ": ORGAN_FORMS,
    "prose": PROSE_FORMS,
    "year": YEAR_FORMS,
    "pictures": PICTURE_FORMS,
    "script": SCRIPT_FORMS,
    "margins": MARGIN_FORMS,
    "ocr_text": OCR_TEXT_FORMS,
    "markup": MARKUP_FORMS,
    "responsive": RESPONSIVE_FORMS,
    "retyped": RETYPED_FORMS,
}


def applies(kind: str, fmt: str) -> bool:
    """Whether ``kind`` occurs in ``fmt``: doubt in scans only, labels apart in the text PDF tools give
    (pdftext, markdown) only, tables as pictures in the formats that hold pictures (:data:`PICTURED`); every
    other kind in every format. A workbook a PDF converter laid out (:data:`PDF2XLSX`) as the layout text it is made
    of, but the margins' line numbers (as a PDF's pages, read by position: no format of those has them); a
    workbook's markdown (:data:`MARKITDOWN`) as the workbook."""
    if fmt == PDF2XLSX and kind == "margins":
        return False
    fmt = MADE_FROM.get(fmt, fmt)
    if kind == "doubt":
        return fmt in SCANS
    if kind == "apart":
        return fmt in ("pdftext", "markdown")
    if kind == "pictures":
        return fmt in PICTURED
    if kind == "retyped":
        return fmt in RETYPED
    if kind == "margins":  # (text taken from a PDF's pages)
        return fmt in FROM_PDF
    if kind == "ocr_text":
        return fmt in OCR_TEXTED
    if kind in ("markup", "responsive"):
        return fmt == "html"
    if kind == "script":  # (text and pages: a Word file or a workbook keeps its characters as typed)
        return fmt in (*TEXT, "html") and fmt != "runon"
    return fmt in FORMATS


def plan(kind: str, seed: int, fmt: str = "pipe") -> Plan:
    """The plan of ``kind`` for ``seed`` (deterministic), printable in ``fmt``."""
    if kind not in KINDS:
        raise KeyError(f"unknown kind {kind!r} (kinds: {', '.join(KINDS)})")
    made = fmt
    fmt = MADE_FROM.get(fmt, fmt)  # (printed so, then made the other: put on sheets, printed as markdown)
    p = KINDS[kind](seed, fmt, random.Random(f"{kind}:{seed}"))
    if made == MARKITDOWN:
        # table 3 cut into parts side by side, printed by pandas: its labels' merged columns empty cells the reader
        # takes for blanks of the first rows — not read yet (docs/reading.md); the workbook's table 3 whole. And a
        # zero merged down a column is one cell's in pandas' print, the others NaN: blanks as printed, no merge left
        p.rep.layout.t3_columns_split = 0
        p.rep.layout.merged_zeros = False
    if fmt == "layout":
        _layout_marks(p)
    return p


def _layout_marks(p: Plan) -> None:
    """Text laid out with spaces (pdftotext -layout) keeps an empty cell's column only where the table
    shows the columns' spacing: in table 3, beside rows showing every column; in table 4's one line, under its
    columns' headings set over them (the national order: :func:`~ogi.samples.printers.t4_suits_first` and
    turned tables print theirs otherwise). Elsewhere — a table 3 none of whose rows shows every column — the
    reader cannot tell the column of a value beside an empty cell (it says so as doubt); there this format
    prints the blanks visibly (—), as many reports do."""
    lay, tpl = p.rep.layout, p.rep.template
    hidden = {k for k, t in lay.texts.items() if is_blank(t) and t.strip() not in VISIBLE_MARKS}
    t3 = tpl.table("t3")
    rows = [[f"t3.{r.key}.{c.key}" for c in r.columns] for r in t3.rows]
    whole = [ks for ks in rows if not any(k in hidden for k in ks)]
    placed_t4 = not (lay.turned or t4_suits_first(p.rep) or lay.t4_boxes or lay.t4_lines[0])
    for k in hidden:
        row = next((ks for ks in rows if k in ks), None)
        partial = row is not None and not all(x in hidden for x in row)
        if (k.startswith("t4.") and not placed_t4) or (partial and not whole):
            lay.texts[k] = "—"


__all__ = ["BLANK_MARKS", "FORMATS", "KINDS", "Plan", "Row", "applies", "is_blank", "plan", "rebalance"]
