"""A sample report as an HTML page, tables in the national layout (rowspan/colspan).

The page is what a government site publishes: a title, the prose, and the three
tables with merged header and label cells. With ``messy=True`` the markup gets
what real pages carry: ``<p>``/``<span>`` wrappers, ``&nbsp;``, labels broken
by ``<br>``, site navigation around the article. LibreOffice turns this page
into DOCX and PDF for the other formats' round trips.
"""

from __future__ import annotations

import html
import itertools
import random
import re

from ogi.samples.generate import SampleReport
from ogi.samples.printers import (
    HEADER_ROWS,
    TABLES,
    _groups,
    all_total,
    all_total_at,
    cell_text,
    column_label,
    contents_lines,
    intro,
    pieces,
    printed_rows,
    row_label,
    section_heading,
    section_texts,
    site_meta_grid,
    suits_totals,
    t2_columns,
    t2_group_turned,
    t3_cell,
    t3_columns,
    t3_headings,
    t3_printed,
    t4_columns,
    t4_groups,
    t4_suits_first,
    title_lines,
    turned_t2,
)
from ogi.samples.printers import (
    appendix_lines as appended_lines,
)
from ogi.samples.printers import (
    is_appended as appended_at,
)
from ogi.template import Row, Table

Cell = tuple[str, int, int]  # text, rowspan, colspan


def _t2_rows(rep: SampleReport, table: Table) -> list[list[Cell]]:
    if rep.layout.t2_turned:
        return [[(str(c), 1, 1) for c in row] for row in turned_t2(rep)]
    width = 1 + max(len(r.columns) for r in table.rows)
    rows: list[list[Cell]] = []
    for group, grows in _groups(printed_rows(rep, table)):
        rows.append([(group, 1, width)])
        if (turned := t2_group_turned(rep, table, grows)) is not None:  # the last cell to the table's width
            rows.extend(
                [*[(str(c), 1, 1) for c in line[:-1]], (str(line[-1]), 1, width - len(line) + 1)] for line in turned
            )
            continue
        cols = t2_columns(rep, grows[0].columns)
        span = (width - 1) // len(cols)
        head: list[Cell] = [("信息内容", 1, 1)]
        for i, c in enumerate(cols):
            head.append((column_label(rep, c), 1, span if i < len(cols) - 1 else width - 1 - span * (len(cols) - 1)))
        rows.append(head)
        for r in grows:
            row: list[Cell] = [(row_label(rep, table, r), 1, 1)]
            for i, c in enumerate(t2_columns(rep, r.columns)):
                key = f"{table.id}.{r.key}.{c.key}"
                v = rep.cells.get(key)
                text = cell_text(rep, key) + ("元" if c.unit == "元" and i == 1 and v else "")
                row.append((text, 1, span if i < len(cols) - 1 else width - 1 - span * (len(cols) - 1)))
            rows.append(row)
            for label, values in rep.layout.t2_own.get(r.key, ()):  # rows of the organ's own after it
                n = len(values)
                spans = [span if i < n - 1 else width - 1 - span * (n - 1) for i in range(n)]
                rows.append([(label, 1, 1), *[(v, 1, sp) for v, sp in zip(values, spans, strict=True)]])
    return rows


def _t3_rows(rep: SampleReport, table: Table) -> list[list[Cell]]:
    cols = t3_columns(rep)
    if rep.layout.t3_turned:  # a row per applicant column, the rows' labels across the top
        shown = printed_rows(rep, table)
        turned: list[list[Cell]] = [[("申请人情况", 1, 2), *[(r.display, 1, 1) for r in shown]]]
        width = sum(1 for c in cols if c.group)
        groups: set[str] = set()
        for c in cols:
            vals: list[Cell] = [(cell_text(rep, f"t3.{r.key}.{c.key}"), 1, 1) for r in shown]
            if not c.group:
                turned.append([(c.label, 1, 2), *vals])
            elif c.group not in groups:
                groups.add(c.group)
                turned.append([(c.group, width, 1), (c.label, 1, 1), *vals])
            else:
                turned.append([(c.label, 1, 1), *vals])
        return turned
    top, under = t3_headings(rep)
    shown_cols = t3_printed(rep)
    note = "(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)"
    rows: list[list[Cell]] = [
        [(note, 3, 3), ("申请人情况", 1, len(shown_cols))],
        [(name, 2 if span == 1 else 1, span) for name, span in top],
        [("  ".join(under), 1, len(under))] if rep.layout.t3_heads_in_one else [(label, 1, 1) for label in under],
    ]
    printed = printed_rows(rep, table)
    outcome_block = [r for r in printed if r.group == "三、本年度办理结果" or (r.group or "").startswith("(")]
    groups: dict[str, int] = {}
    for r in printed:
        if r.group and r.group.startswith("("):
            groups[r.group] = groups.get(r.group, 0) + 1
    seen: set[str] = set()
    for i, r in enumerate(printed):
        vals: list[Cell] = [(t3_cell(rep, r, c), 1, 1) for c in shown_cols]
        lead: list[Cell] = []
        if r in outcome_block:
            if i == 0 or printed[i - 1] not in outcome_block:  # (each run of them: a row moved out of it apart)
                run = next((k for k in range(i, len(printed)) if printed[k] not in outcome_block), len(printed)) - i
                lead.append(("三、本年度办理结果", run, 1))
            if r.group and r.group.startswith("("):
                if r.group not in seen:
                    lead.append((r.group, groups[r.group], 1))
                    seen.add(r.group)
                lead.append((row_label(rep, table, r), 1, 1))
            else:
                lead.append((row_label(rep, table, r), 1, 2))
        else:
            lead.append((row_label(rep, table, r), 1, 3))
        rows.append(lead + vals)
    if rep.layout.merged_zeros and not rep.layout.cuts.get("t3"):
        # a column of 0 in every row printed as one cell merged down them all; for an odd seed, columns of 0
        # side by side as one cell merged across them too (a block)
        body = rows[3:]
        zero = [c.group is not None and all(t3_cell(rep, r, c) == "0" for r in printed) for c in shown_cols]
        block = rep.seed % 2 == 1
        for j in range(len(shown_cols)):
            if not zero[j]:
                continue
            joined = block and j > 0 and zero[j - 1]
            width = 1
            while block and j + width < len(zero) and zero[j + width]:
                width += 1
            for i, row in enumerate(body):
                k = len(row) - len(shown_cols) + j
                row[k] = ("0", len(body), width) if i == 0 and not joined else ("", 0, 0)
        rows[3:] = [[x for x in row if x[1]] for row in body]
    if rep.layout.t3_spacers and not rep.layout.merged_zeros:
        return _spaced(rows, len(shown_cols))
    if rep.layout.t3_remarks:  # an empty column 备注 after the table's own
        rows[0].append(("备注", 3, 1))
        for row in rows[3:]:
            row.append(("", 1, 1))
    if rep.layout.t3_serials and not rep.layout.merged_zeros:  # a column 序号 before the labels: rows numbered
        rows[0].insert(0, ("序号", 3, 1))
        for i, row in enumerate(rows[3:], 1):
            row.insert(0, (str(i), 1, 1))
    return rows


def _spaced(rows: list[list[Cell]], n: int) -> list[list[Cell]]:
    """Table 3 as a converter rebuilds a Word table (Layout.t3_spacers): an empty spacer column after each of
    its ``n`` value columns, each heading spanning both."""
    out = [[rows[0][0], (rows[0][1][0], 1, 2 * n)]]
    out += [[(t, rs, 2 * cs) for t, rs, cs in row] for row in rows[1:3]]
    for row in rows[3:]:
        lead, vals = row[: len(row) - n], row[len(row) - n :]
        out.append([*lead, *[x for v in vals for x in (v, ("", 1, 1))]])
    return out


def _t4_rows(rep: SampleReport, table: Table) -> list[list[Cell]]:
    printed = t4_columns(rep)  # a group's columns in the order printed (each group's the same)
    labels = [c.label for c in printed]
    if rep.layout.turned:  # a row per heading, a column per group
        return [
            [("类别", 2, 1), ("行政复议", 2, 1), ("行政诉讼", 1, 2)],
            [("未经复议直接起诉", 1, 1), ("复议后起诉", 1, 1)],
            *[
                [(c.label, 1, 1), *[(cell_text(rep, f"t4.{r.key}.{c.key}"), 1, 1) for r in printed_rows(rep, table)]]
                for c in table.columns
            ],
        ]
    extra = suits_totals(rep)
    group = bool(extra) and not rep.layout.suits_one
    if rep.layout.t4_totals and not extra and not t4_suits_first(rep):
        totals = [sum(int(rep.cells[f"t4.{r.key}.total"]) for r in table.rows[1:])]
        totals.append(totals[0] + int(rep.cells["t4.review.total"]))
        return [
            [("行政复议", 1, 5), ("行政诉讼", 1, 11), ("合计", 3, 1)],
            [
                *[(lab, 2, 1) for lab in labels],
                *[(h, 1, 5) for h in ("未经复议直接起诉", "复议后起诉")],
                ("行政诉讼小计", 2, 1),
            ],
            [(lab, 1, 1) for lab in labels * 2],
            [(cell_text(rep, f"t4.{r.key}.{c.key}"), 1, 1) for r in printed_rows(rep, table) for c in printed]
            + [(str(v), 1, 1) for v in totals],
        ]
    if (where := all_total_at(rep)) and not extra:
        values = [(cell_text(rep, f"t4.{r.key}.{c.key}"), 1, 1) for r in printed_rows(rep, table) for c in printed]
        total = (str(all_total(rep)), 1, 1)
        heads = [("行政复议", 1, 5), ("行政诉讼", 1, 10)]
        return [
            [("合计", 3, 1), *heads] if where == "before" else [*heads, ("合计", 3, 1)],
            [*[(lab, 2, 1) for lab in labels], ("未经复议直接起诉", 1, 5), ("复议后起诉", 1, 5)],
            [(lab, 1, 1) for lab in labels * 2],
            [total, *values] if where == "before" else [*values, total],
        ]
    if t4_suits_first(rep):
        return [
            [("行政诉讼", 1, 10), ("行政复议", 1, 5)],
            [("未经复议直接起诉", 1, 5), ("复议后起诉", 1, 5), *[(lab, 2, 1) for lab in labels]],
            [(lab, 1, 1) for lab in labels * 2],
            [(cell_text(rep, f"t4.{r.key}.{c.key}"), 1, 1) for r in t4_groups(rep) for c in printed],
        ]
    return [
        [("行政复议", 1, 5), ("行政诉讼", 1, 10 + len(extra))],
        [
            *[(lab, 2, 1) for lab in labels],
            ("未经复议直接起诉", 1, 5),
            ("复议后起诉", 1, 5),
            *([("合计", 1, 5)] if group else [("行政诉讼合计", 2, 1)] if extra else []),
        ],
        [(lab, 1, 1) for lab in labels * (3 if group else 2)],
        [(cell_text(rep, f"t4.{r.key}.{c.key}"), 1, 1) for r in printed_rows(rep, table) for c in printed]
        + [(v, 1, 1) for v in extra],
    ]


def layout(rows: list[list[Cell]]) -> tuple[list[tuple[int, int, int, int, str]], int]:
    """(row, col, rowspan, colspan, text) of each cell of a table with merged cells, and the grid width."""
    taken: set[tuple[int, int]] = set()
    out = []
    width = 0
    for r, row in enumerate(rows):
        c = 0
        for text, rs, cs in row:
            while (r, c) in taken:
                c += 1
            for i in range(r, r + rs):
                for j in range(c, c + cs):
                    taken.add((i, j))
            out.append((r, c, rs, cs, text))
            c += cs
            width = max(width, c)
    return out, width


def cut(rows: list[list[Cell]], a: int, b: int) -> list[list[Cell]]:
    """Rows [a, b) of a table with merged cells, as a table of their own: spans clipped at its edges, a
    label merged down into it from above printed again at its top (as a table split across pages is)."""
    cells, _ = layout(rows)
    out: dict[int, list[tuple[int, Cell]]] = {}
    for r, c, rs, cs, t in cells:
        top, bottom = max(r, a), min(r + rs, b)
        if top < bottom:
            out.setdefault(top - a, []).append((c, (t, bottom - top, cs)))
    return [[cell for _, cell in sorted(out.get(i, []))] for i in range(b - a)]


def cut_columns(rows: list[list[Cell]], keep: list[int]) -> list[list[Cell]]:
    """The grid columns ``keep`` (in order) of a table with merged cells, as a table of their own: a cell
    spanning kept and other columns spans the kept ones (法人或其他组织 over the group's columns kept)."""
    cells, _ = layout(rows)
    at = {c: i for i, c in enumerate(keep)}
    out: dict[int, list[tuple[int, Cell]]] = {}
    for r, c, rs, cs, t in cells:
        kept = [at[j] for j in range(c, c + cs) if j in at]
        if kept:
            out.setdefault(r, []).append((kept[0], (t, rs, len(kept))))
    return [[cell for _, cell in sorted(out.get(i, []))] for i in range(len(rows))]


def table_pieces(rep: SampleReport, tid: str, rows: list[list[Cell]]) -> list[list[list[Cell]]]:
    """The tables ``tid`` is printed as: one, or its pieces (Layout.cuts), each printed once or twice."""
    lay = rep.layout
    if tid == "t3" and lay.t3_columns_split:  # its columns in two tables, each with the rows' labels
        _, width = layout(rows)
        first = 3 + lay.t3_columns_split  # the three label columns, then the first part's value columns
        return [cut_columns(rows, [*range(first)]), cut_columns(rows, [0, 1, 2, *range(first, width)])]
    if tid == "t4" and lay.t4_apart:  # 行政复议's columns and the suits' in two tables
        _, width = layout(rows)
        n = len(rep.template.table("t4").columns)
        return [cut_columns(rows, [*range(n)]), cut_columns(rows, [*range(n, width)])]
    out = []
    cuts = lay.cuts.get(tid, ())
    at, tail = -1, ""
    if tid == "t3" and lay.row_over_page:
        label = row_label(rep, rep.template.table("t3"), _row(rep, lay.row_over_page))
        rows, at = _row_over_page(rows, label)
        cuts = (*[c + (c > at) for c in cuts if c != at + 1], at + 1)
        tail = label[label.rindex("、") + 1 :]
    for n, (a, b) in enumerate(pieces(len(rows), cuts)):
        part = cut(rows, a, b)
        if (
            tail and a == at + 1
        ):  # the row's rest opening the next page: the cells merged down over it empty there (Word's)
            lead = next(i for i, (t, _, _) in enumerate(part[0]) if t == tail)
            part[0] = [("", rs, cs) for _, rs, cs in part[0][:lead]] + part[0][lead:]
        if n and lay.head == "repeat":
            part = cut(rows, 0, HEADER_ROWS[tid]) + part
        out.append(part)
    return out * (2 if tid in lay.twice else 1)


def _row(rep: SampleReport, key: str) -> Row:
    return next(r for r in rep.template.table("t3").rows if r.key == key)


def _row_over_page(rows: list[list[Cell]], label: str) -> tuple[list[list[Cell]], int]:
    """A table whose row labelled ``label`` a page break cuts (Layout.row_over_page): that row as two, the
    label's first part (to its 、) over empty cells, the rest of it over the values; cells merged down over
    the row span both. The rows, and the index of the first of the two."""
    cells, _ = layout(rows)
    at = next(r for r, _, _, _, t in cells if t == label)
    head, tail = label[: label.rindex("、") + 1], label[label.rindex("、") + 1 :]
    first = min(c for r, c, _, _, t in cells if r == at and t == label) + 1  # the values' first column
    out: dict[int, list[tuple[int, Cell]]] = {}
    for r, c, rs, cs, t in cells:
        if r == at and c >= first - 1:
            out.setdefault(r, []).append((c, (head if t == label else "", 1, cs)))
            out.setdefault(r + 1, []).append((c, (tail if t == label else t, 1, cs)))
            continue
        grown = rs + (r <= at < r + rs)  # merged over the row: over both
        out.setdefault(r + (r > at), []).append((c, (t, grown, cs)))
    return [[cell for _, cell in sorted(out.get(i, []))] for i in range(len(rows) + 1)], at


def _col_widths(rows: list[list[Cell]]) -> list[float]:
    """The widths (% of the page) of a table's grid columns, each by the longest text of a cell it holds
    alone (within bounds), so that pieces of one table line up."""
    cells, width = layout(rows)
    longest = [4] * width
    for _, c, _, cs, t in cells:
        if cs == 1:
            longest[c] = max(longest[c], min(len(t), 12))
    total = sum(longest)
    return [100 * w / total for w in longest]


def _wrapped(rows: list[list[Cell]], headings: set[str]) -> list[list[Cell]]:
    """A table as a page prints it in value columns too narrow for their numbers (an organ's Word
    table squeezed to the page): numbers of three digits or more wrapped after two ("16" over "1"),
    the columns' ``headings`` a character a line."""

    def text(t: str) -> str:
        if t in headings:
            return "\n".join(t)
        return t[:2] + "\n" + t[2:] if len(t) > 2 and t.isdigit() else t

    return [[(text(t), rs, cs) for t, rs, cs in row] for row in rows]


# % of the page a value column of a narrow table takes: two digits fit (LibreOffice's A4 page, 12 pt)
NARROW = 3.6


def _narrow_widths(rows: list[list[Cell]], values: int) -> list[float]:
    """The widths (% of the page) of a table whose ``values`` last grid columns are as narrow as
    :data:`NARROW` (its headings wrap too), the label columns sharing the rest."""
    _, width = layout(rows)
    rest = (100 - NARROW * values) / (width - values)
    return [rest] * (width - values) + [NARROW] * values


class _WordMarks:
    """A Word page's marks put on some values (:attr:`Layout.word_marks`), and the comments they anchor."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.comments: list[str] = []

    def body(self, text: str) -> str:
        """The markup of a value's cell ``text``: now and then with a mark the page does not show as text."""
        rng = self.rng
        if not (text.isascii() and text.isdigit()) or rng.random() > 0.12:
            return _escape(text)
        how = rng.randrange(3)
        if how == 0:  # a tracked change: the old value struck out, the new one inserted
            old = int(text) + rng.randint(1, 9)
            return f'<del cite="mailto:user" datetime="2024-01-10T09:12">{old}</del><ins>{text}</ins>'
        if how == 1:  # hidden text before the value
            return f"<span style='display:none;mso-hide:all'>{rng.randint(1, 99)}</span>{text}"
        n = len(self.comments) + 1  # a comment anchored after the value, listed at the page's end
        self.comments.append(f"上年报告数为{int(text) + rng.randint(1, 9)}件，请核实。")
        return (
            f'{text}<span class=MsoCommentReference><a class=msocomanchor id="_anchor_{n}" href="#_msocom_{n}" '
            f'name="_msoanchor_{n}">[D{n}]</a></span>'
        )

    def comment_list(self) -> list[str]:
        """The page's list of comments (Word prints it after the document)."""
        if not self.comments:
            return []
        out = ["<div style='mso-element:comment-list'><hr class=msocomoff align=left size=1 width=\"33%\">"]
        for n, c in enumerate(self.comments, 1):
            out.append(
                f'<div style=\'mso-element:comment\'><div class=msocomtxt id="_com_{n}"><a name="_msocom_{n}"></a>'
                f"<p class=MsoCommentText><span style='mso-special-character:comment'>&nbsp;</span>{c}</p></div></div>"
            )
        out.append("</div>")
        return out


class _Hidden(_WordMarks):
    """What a page (not Word's) hides in its tables (:attr:`Layout.hidden_old`): a number hidden before a shown
    one now and then, and a row of last year's figures hidden before the rows it repeats (:meth:`row`)."""

    def body(self, text: str) -> str:
        rng = self.rng
        if not (text.isascii() and text.isdigit()) or rng.random() > 0.08:
            return _escape(text)
        hide = rng.choice(('style="display:none"', "hidden", 'style="DISPLAY: none"'))
        return f"<span {hide}>{int(text) + rng.randint(1, 99)}</span>{text}"

    def row(self, row: list[Cell]) -> str:
        """A hidden copy of ``row`` with other figures, before it: a row of values not under a merged cell
        (表三's 一、本年新收…, table 4's row of values); "" for any other."""
        texts = [t for t, _, _ in row]
        if not (texts[0].startswith("一、") or all(t.isascii() and t.isdigit() for t in texts)) or any(
            rs > 1 for _, rs, _ in row
        ):
            return ""
        hide = self.rng.choice(('style="display:none"', "hidden"))
        cells = [
            (str(int(t) + self.rng.randint(1, 9)) if t.isascii() and t.isdigit() else t, rs, cs) for t, rs, cs in row
        ]
        return f"<tr {hide}>" + "".join(_cell(t, rs, cs, None) for t, rs, cs in cells) + "</tr>"


class _Struck(_WordMarks):
    """Values corrected in place on a page (:attr:`Layout.struck`): now and then the old value struck out before
    the new one, as editors and pages mark it."""

    def body(self, text: str) -> str:
        rng = self.rng
        if not (text.isascii() and text.isdigit()) or rng.random() > 0.15:
            return _escape(text)
        old = struck_old(int(text), rng)
        how = rng.randrange(4)
        if how == 0:
            return f"<del>{old}</del>{text}"
        if how == 1:
            return f"<s>{old}</s> {text}"
        if how == 2:
            return f"<strike>{old}</strike><ins>{text}</ins>"
        struck = '<span style="text-decoration: line-through; color: #999">'
        return f'{struck}{old}</span><span style="color:red">{text}</span>'


class _ScreenReader(_WordMarks):
    """Words for screen readers in a page's value cells (:attr:`Layout.responsive` "sr_only"), which a browser
    does not show: before a value (its row and column said, 第3行第2列 with digits too), or a value shown to the
    eye only beside its spoken copy (aria-hidden 53, sr-only 53件)."""

    def body(self, text: str) -> str:
        rng = self.rng
        if not (text.isascii() and text.isdigit()):
            return _escape(text)
        cls = rng.choice(("sr-only", "visually-hidden", "screen-reader-text"))
        how = rng.randrange(3)
        if how == 0:
            return f'<span class="{cls}">本项数值：</span>{text}'
        if how == 1:
            return f'<span class="{cls}">第{rng.randint(1, 30)}行第{rng.randint(1, 8)}列</span>{text}'
        return f'<span aria-hidden="true">{text}</span><span class="{cls}">{text}件</span>'


# how a phone's copy of a table is kept from a desktop's screen: (the block's class, the page's style for it)
_PHONE_BLOCKS = (
    ("visible-xs", ""),
    ("d-block d-md-none", ""),
    ("mobile", ".mobile{display:none}"),
    ("m-only", "@media (min-width: 768px) { .m-only { display: none; } }"),
)


def struck_old(value: int, rng: random.Random) -> int:
    """A value's old figure, struck out before it (:attr:`Layout.struck`): another count near it."""
    return value + rng.randint(1, 9) if value < 3 or rng.random() < 0.5 else value - rng.randint(1, min(9, value))


_WORD_EDGE = (
    '<td style="border:none;border-left:solid windowtext 1.0pt;padding:0cm 0cm 0cm 0cm" width="1">'
    '<p class="MsoNormal"><span lang="EN-US"><o:p>&nbsp;</o:p></span></p></td>'
)


def _rows_html(
    part: list[list[Cell]], rng: random.Random | None, widths: list[float] | None, word: _WordMarks | None = None
) -> list[str]:
    """A table's rows; with ``widths``, each cell as wide as the grid columns it spans (LibreOffice takes
    a row's widths from its cells: a <col> does not reach the columns a merged cell spans); ``word``: Word's
    marks on some values (or what a page hides: :class:`_Hidden`)."""
    before = [word.row(row) if isinstance(word, _Hidden) else "" for row in part]
    # Word's page closes each row with an empty cell of no width (its table's right edge uneven)
    edge = _WORD_EDGE if word is not None and not isinstance(word, _Hidden | _ScreenReader) else ""
    if not widths:
        return [
            before[i] + "<tr>" + "".join(_cell(t, rs, cs, rng, None, word) for t, rs, cs in row) + edge + "</tr>"
            for i, row in enumerate(part)
        ]
    cells, _ = layout(part)
    out: dict[int, list[str]] = {}
    for r, c, rs, cs, t in cells:
        out.setdefault(r, []).append(_cell(t, rs, cs, rng, sum(widths[c : c + cs]), word))
    return [before[r] + "<tr>" + "".join(out.get(r, [])) + "</tr>" for r in range(len(part))]


def _cell(
    text: str,
    rs: int,
    cs: int,
    rng: random.Random | None,
    width: float | None = None,
    word: _WordMarks | None = None,
) -> str:
    attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
    attrs += f' width="{width:.1f}%"' if width else ""
    body = _escape(text) if word is None else word.body(text)
    if rng is not None:
        if len(text) > 4 and not text.replace(".", "").isdigit() and rng.random() < 0.3:
            cut = rng.randint(2, len(text) - 2)
            body = _escape(text[:cut]) + "<br/>" + _escape(text[cut:])
        if rng.random() < 0.5:
            body = f'<p style="text-align:center"><span style="font-size:12pt">{body}</span></p>'
        if rng.random() < 0.2:
            body = "&nbsp;" + body + "&nbsp;"
    return f'<td valign="middle"{attrs}>{body}</td>'


def _escape(text: str) -> str:
    """Cell or paragraph text as markup: a line break as <br/>, a no-break space as &nbsp;."""
    return html.escape(text).replace("\xa0", "&nbsp;").replace("\n", "<br/>")


def _other_table(rows: tuple[tuple[str, ...], ...] | None) -> list[str]:
    """A table of other figures (Layout.others_before/after) as markup; nothing for None."""
    if not rows:
        return []
    return [
        '<table border="1" cellspacing="0">',
        *_rows_html([[(c, 1, 1) for c in r] for r in rows], None, None),
        "</table>",
    ]


def table_lines(rep: SampleReport, tid: str) -> list[str]:
    """Table ``tid`` (its pieces) as MinerU's markdown of a PDF holds it: each table in HTML on a line."""
    rows = {"t2": _t2_rows, "t3": _t3_rows, "t4": _t4_rows}[tid](rep, rep.template.table(tid))
    return [
        "<html><body><table>" + "".join(_rows_html(part, None, None)) + "</table></body></html>"
        for part in table_pieces(rep, tid, rows)
    ]


def table_rows(rep: SampleReport, tid: str) -> list[list[Cell]]:
    """Table ``tid`` of ``rep`` as rows of merged cells (the national layout; what the page, the Word
    document and the workbook print)."""
    builders = {"t2": _t2_rows, "t3": _t3_rows, "t4": _t4_rows}
    return builders[tid](rep, rep.template.table(tid))


def _picture_img(tid: str, grid: list[list[Cell]], how: str) -> str:
    """The ``<img>`` of a table printed as a picture (:attr:`Layout.pictured`): ``data``, the picture in the
    page (its width in the page's pixels, 96 an inch, no wider than the text); else a file that is not
    there."""
    if how != "data":
        return f'<img src="{tid}-table.png" alt="{tid}"/>'
    import base64

    from ogi.samples.picture import DPI, LABEL_CHARS, table_picture

    png = table_picture(grid, LABEL_CHARS[tid])
    px = int.from_bytes(png[16:20], "big")  # (the PNG's width, from its header)
    width = min(600, px * 96 // DPI)
    return f'<img src="data:image/png;base64,{base64.b64encode(png).decode()}" width="{width}"/>'


def _table_html(
    rep: SampleReport, tid: str, rng: random.Random | None, paged: bool, word: _WordMarks | None = None
) -> list[str]:
    """A table as the page prints it: the lines above it, a table of other figures before it, its
    pieces (each a ``<table>``; joints between them), the lines below it, a table of other figures after."""
    lay = rep.layout
    tpl = rep.template
    out: list[str] = []
    out.extend(f"<p>{_escape(t)}</p>" for t in lay.above.get(tid, ()))
    out.extend(_other_table(lay.others_before.get(tid)))
    if lay.retyped.get(tid) == "header_zero":  # its header, then a row merged across saying all are 0
        from ogi.samples.printers import HEADER_ROWS, zero_body

        heads = table_rows(rep, tid)[: HEADER_ROWS[tid]]
        width = sum(cs for _, _, cs in heads[0])
        out.append("<table>" + "".join(_rows_html([*heads, [(zero_body(rep, tid), 1, width)]], None, None)))
        out.append("</table>")
        out.extend(f"<p>{_escape(t)}</p>" for t in lay.below.get(tid, ()))
        return out
    if tid in lay.retyped:  # retyped as text: a paragraph a line
        from ogi.samples.printers import retyped_lines

        out.extend(f"<p>{_escape(t)}</p>" for t in retyped_lines(rep, tid))
        out.extend(f"<p>{_escape(t)}</p>" for t in lay.below.get(tid, ()))
        return out
    grid = table_rows(rep, tid)
    if tid in lay.pictured:  # a screenshot of the table pasted in its place
        out.append(f"<p>{_picture_img(tid, grid, lay.pictured[tid])}</p>")
        out.extend(f"<p>{_escape(t)}</p>" for t in lay.below.get(tid, ()))
        return out
    if lay.markup:  # made of other markup than <table>
        out.extend(div_table(rep, tid, grid, lay.markup))
        out.extend(f"<p>{_escape(t)}</p>" for t in lay.below.get(tid, ()))
        return out
    if paged and tid in lay.narrow:
        grid = _wrapped(grid, {c.label for c in tpl.table(tid).columns})
    parts = table_pieces(rep, tid, grid)
    # pieces on pages of their own are one table continued: its columns as wide on every page
    widths = _col_widths(grid) if lay.page_break and len(parts) > 1 else None
    if paged and tid in lay.narrow:
        widths = _narrow_widths(grid, len(tpl.table(tid).columns))
    for n, part in enumerate(parts):
        # a new page: LibreOffice breaks before a paragraph or a table, not an empty block
        brk = bool(n) and lay.page_break
        if n:
            for i, t in enumerate(lay.joint):
                new_page = ' style="page-break-before:always"' if brk and not i else ""
                out.append(f"<p{new_page}>{_escape(t)}</p>")
        styles = ["page-break-inside:avoid"] if lay.whole_tables else []
        if brk and not lay.joint:
            styles.append("page-break-before:always")
        style = f' style="{"; ".join(styles)}"' if styles else ""
        width = ' width="100%"' if widths else ""
        border = 0 if lay.borderless else 1
        out.append(f'<table border="{border}" cellspacing="0" cellpadding="2"{width}{style}>')
        out.extend(_rows_html(part, rng, widths, word))
        out.append("</table>")
    out.extend(f"<p>{_escape(t)}</p>" for t in lay.below.get(tid, ()))
    out.extend(_other_table(lay.others_after.get(tid)))
    return out


def _responsive_copy(rep: SampleReport, tid: str, phone: tuple[str, str] | None) -> list[str]:
    """What a responsive page prints after a table besides (:attr:`Layout.responsive`): its copy for phones in a
    block a desktop does not show (``phone``: the block's class), tables 3 and 4 again in a ``<noscript>``, table
    3's copy for a UI library's fixed columns; nothing for another page."""
    form = rep.layout.responsive
    grid = table_rows(rep, tid)
    copy = ['<table border="1">', *_rows_html(grid, None, None), "</table>"]
    if form == "phone_copy" and phone is not None:
        return [f'<div class="{phone[0]}">', *copy, "</div>"]
    if form == "noscript_copy" and tid in ("t3", "t4"):
        return ["<noscript>", *copy, "</noscript>"]
    if form == "fixed_copy" and tid == "t3":
        return ['<div class="el-table__fixed" style="width: 180px">', *copy, "</div>"]
    return []


def div_table(rep: SampleReport, tid: str, rows: list[list[Cell]], how: str) -> list[str]:
    """A table as a page makes it of other markup than ``<table>`` (:attr:`Layout.markup`): "aria" (ARIA roles,
    each cell's ``aria-colindex`` and spans, empty cells left out), "grid" (a CSS grid, each item placed by its
    ``grid-column`` and ``grid-row``), "list" (``<ul>``, a row an ``<li>``, a cell a ``<span>``, nothing
    between them; the spans only the page's classes give), "cards" (a card a row of values: its label, then
    a line a column, ``自然人：15``; for an odd seed, each column's name over its value, a block each in a flex row,
    as WeChat editors make them)."""
    if how == "cards":
        table = rep.template.table(tid)
        apart = rep.seed % 2 == 1  # (a WeChat editor's: each column's name over its value, a block each, in a row)
        out = []
        for row in printed_rows(rep, table):
            out.append(f'<div class="card"><h5>{_escape(row_label(rep, table, row))}</h5>')
            if apart:
                out.append('<section style="display:flex">')
            for c in row.columns:
                value = cell_text(rep, f"{tid}.{row.key}.{c.key}")
                if apart:
                    name = _escape(column_label(rep, c))
                    out.append(
                        f'<section style="flex:1"><p style="font-size:10px">{name}</p><p>{_escape(value)}</p></section>'
                    )
                else:
                    out.append(f"<p><span>{_escape(column_label(rep, c))}：</span><span>{_escape(value)}</span></p>")
            out.append("</section></div>" if apart else "</div>")
        return out
    placed, width = layout(rows)
    if how == "list":
        out = ['<ul class="lt-body">']
        for row in rows:
            cells = "".join(f"<span class=w{cs}>{_escape(t)}</span>" for t, _, cs in row)
            out.append(f'<li class="lt-row">{cells}</li>')
        return [*out, "</ul>"]
    if how == "aria":
        out = [f'<div role="table" aria-colcount="{width}">']
        for r in range(len(rows)):
            cells = [
                f'<div role="cell" aria-colindex="{c + 1}" aria-colspan="{cs}" aria-rowspan="{rs}">{_escape(t)}</div>'
                for rr, c, rs, cs, t in placed
                if rr == r and t.strip()  # (an empty cell left out: its place its neighbours' indexes tell)
            ]
            out.append(f'<div role="row">{"".join(cells)}</div>')
        return [*out, "</div>"]
    out = [f'<div class="grid" style="display:grid;grid-template-columns:repeat({width},auto)">']
    for rr, c, rs, cs, t in placed:
        out.append(f'<div style="grid-column:{c + 1} / span {cs};grid-row:{rr + 1} / span {rs}">{_escape(t)}</div>')
    return [*out, "</div>"]


# a text layer's type: its size in pixels, a character's advance (the layout text's places: a character each), its
# lines' height, and the lines of a page
LAYER_SIZE = 13.33
LAYER_LINES = 48


def text_layer(text: str, rng: random.Random) -> str:
    """``text`` laid out by position (the ``layout`` style: a character a place) as pdf.js's text layer of the PDF's
    pages: a ``<div class="page" data-page-number>`` a page of :data:`LAYER_LINES` lines; each run of the text (words
    apart by two spaces or more) a ``<span>`` at its place (``left``, ``top`` in pixels), its ``transform:
    scaleX()`` making its width its places' (a Chinese character as wide as a digit there), its top a fraction of a
    pixel off its line's; a run now and then cut in touching pieces (232 | 1: a PDF placing its glyphs one by one),
    each a span of its own."""
    size = LAYER_SIZE
    advance = size * 0.55
    lines = text.split("\n")
    out = ["<style>.textLayer span{position:absolute;white-space:pre;color:transparent}</style>"]
    for p in range(0, max(len(lines), 1), LAYER_LINES):
        out.append(f'<div class="page" data-page-number="{p // LAYER_LINES + 1}" style="position:relative">')
        out.append('<div class="textLayer">')
        for i, ln in enumerate(lines[p : p + LAYER_LINES]):
            top = 50 + i * size * 1.4
            for m in re.finditer(r"\S+(?: \S+)*", ln):
                run, at = m.group(0), m.start()
                cuts = (
                    sorted(rng.sample(range(1, len(run)), min(2, len(run) - 1)))
                    if len(run) > 2 and rng.random() < 0.3
                    else []
                )
                for a, b in itertools.pairwise([0, *cuts, len(run)]):
                    piece = run[a:b]
                    natural = sum(1.0 if ord(c) > 0x2E7F else 0.55 for c in piece) * size
                    scale = len(piece) * advance / natural if natural else 1.0
                    y = top + rng.uniform(-0.4, 0.4)  # (a glyph's top where its height puts it: a fraction off)
                    out.append(
                        f'<span style="left: {60 + (at + a) * advance:.2f}px; top: {y:.2f}px; font-size: {size}px; '
                        f'font-family: sans-serif; transform: scaleX({scale:.3f});">{html.escape(piece)}</span>'
                    )
        out.append("</div></div>")
    return "\n".join(out)


def _drawn(heading: str, number: int, how: str) -> str:
    """A section's heading as a WeChat editor prints it (Layout.drawn_headings): "svg" a title bar drawn with its
    badge's figure (01) and the heading as ``<text>``s, "img" a picture whose alt text is the heading."""
    if how == "img":
        picture = f"https://mmbiz.qpic.cn/{number}.png"
        return f'<p><img class="rich_pages" data-src="{picture}" alt="{html.escape(heading)}"/></p>'
    return (
        '<svg viewBox="0 0 640 60"><rect width="640" height="60" rx="8" fill="#0b6bcb"></rect>'
        f'<text x="32" y="36">{number:02d}</text><text x="70" y="36">{html.escape(heading)}</text></svg>'
    )


# the text styles a report pasted into a page's <pre> is typed in (Layout.markup "pre")
PRE_STYLES = ("pipe", "tabs", "grid", "layout", "markdown")


def render_html(rep: SampleReport, messy: bool = False, paged: bool = False) -> str:
    """The report as an HTML page (``messy``: with the markup of real pages); ``paged``: the page
    LibreOffice prints to PDF, where the tables of ``layout.narrow`` wrap their long numbers."""
    rng = random.Random(rep.seed) if messy else None
    lay = rep.layout
    word = _WordMarks(random.Random(f"{rep.seed}-word")) if lay.word_marks else None
    if word is None and lay.hidden_old:
        word = _Hidden(random.Random(f"{rep.seed}-hidden"))
    if word is None and lay.struck:
        word = _Struck(random.Random(f"{rep.seed}-struck"))
    if word is None and lay.responsive == "sr_only":
        word = _ScreenReader(random.Random(f"{rep.seed}-sr"))
    phone = _PHONE_BLOCKS[rep.seed % len(_PHONE_BLOCKS)] if lay.responsive == "phone_copy" else None
    secs, text = section_texts(rep)
    title = title_lines(rep)
    out = [
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"/>',
        f"<title>{html.escape(''.join(title))}</title></head><body>",
    ]
    if phone is not None and phone[1]:  # the page's own style keeping the phone's copies off a desktop's screen
        out[0] += f"<style>{phone[1]}</style>"
    if lay.word_marks:  # the styles Word saves a page with
        styles = 'p.MsoNormal {mso-style-parent:""; margin:0cm;}'
        out[0] += f'<meta name="Generator" content="Microsoft Word 15"/><style>{styles}</style>'

    if lay.wrapper:
        out.append('<div class="meta">' + "<br/>".join(_escape(f"{k}：{v}") for k, v in lay.wrapper) + "</div>")
    if messy:
        out.append('<div class="nav"><a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 年度报告</div>')
    if lay.meta:
        out.append('<table class="xxgk-info">')
        for row in site_meta_grid(rep):
            out.append("<tr>" + "".join(f"<td>{_escape(t)}</td>" for t in row) + "</tr>")
        out.append("</table>")
    if lay.wechat:  # a WeChat article's page: its byline over the report (inline, no space between its parts)
        author, account, when = lay.wechat
        out.append(
            '<div id="js_article" class="rich_media"><div id="meta_content" class="rich_media_meta_list">'
            '<span id="copyright_logo" class="rich_media_meta icon_appmsg_tag">原创</span>\n'
            f'<span class="rich_media_meta rich_media_meta_text">{_escape(author)}</span>\n'
            '<span class="rich_media_meta rich_media_meta_nickname" id="profileBt">'
            f'<a href="javascript:void(0);" id="js_name">\n        {_escape(account)}      </a></span>\n'
            f'<em id="publish_time" class="rich_media_meta rich_media_meta_text">{when}</em></div>'
        )
    if lay.markup == "text_layer":  # the report's pages as a PDF viewer's text layer (pdf.js): a span a run
        from ogi.samples.printers import print_report

        out.append(text_layer(print_report(rep, "layout"), random.Random(f"{rep.seed}-layer")))
        out.append("</body></html>")
        return "\n".join(out)
    if lay.markup in ("pre", "joined"):  # the report's text pasted into the page: as typed, or its lines joined
        from ogi.samples.printers import print_report

        if lay.markup == "pre":  # one <pre>, its tables as typed
            out.append(f"<pre>{html.escape(print_report(rep, PRE_STYLES[rep.seed % len(PRE_STYLES)]))}</pre>")
        else:  # one paragraph: a CMS joined its lines (its tables' cells and rows run together)
            out.append(f"<p>{html.escape(print_report(rep, 'runon'))}</p>")
        out.append("</body></html>")
        return "\n".join(out)
    article = len(out)  # where the report itself begins (Layout.whole_twice prints it again from here)
    if len(title) == 1:
        out.append(f"<h1>{html.escape(title[0])}</h1>")
    else:
        out.extend(f'<p style="text-align:center"><strong>{_escape(t)}</strong></p>' for t in title)
    out.extend(f"<p>{_escape(t)}</p>" for t in contents_lines(rep))
    out.append(f"<p>{_escape(intro(rep))}</p>")
    appended: dict[str, list[str]] = {}  # the tables printed after the report (Layout.appendix)
    for sid in "一二三四五六":
        tid = {"二": "t2", "三": "t3", "四": "t4"}.get(sid)
        ref = appended_lines(rep, tid, secs[sid].title) if appended_at(rep, tid) else ("", [], [])
        heads = (section_heading(rep, sid) + ref[0]).split("\n")
        if rep.layout.drawn_headings and len(heads) == 1 and not ref[0]:  # a WeChat editor's title bar or picture
            out.append(_drawn(heads[0], "一二三四五六".index(sid) + 1, rep.layout.drawn_headings))
        else:
            out.extend(f"<h2>{_escape(h)}</h2>" for h in heads)
        if tid and appended_at(rep, tid):
            out.extend(f"<p>{_escape(t)}</p>" for t in ref[1])
            titles = [f"<p><strong>{_escape(t)}</strong></p>" for t in ref[2]]
            appended[tid] = [*titles, *_table_html(rep, tid, rng, paged, word)]
        elif tid:
            out.extend(_table_html(rep, tid, rng, paged, word))
            out.extend(_responsive_copy(rep, tid, phone))
        else:
            for para in text[sid].split("\n"):
                out.append(f"<p>{_escape(para)}</p>")
    out.extend(f'<p style="text-align:right">{_escape(t)}</p>' for t in lay.back)
    out.extend(x for tid in (lay.appendix_order or TABLES) for x in appended.get(tid, ()))
    if lay.responsive == "hidden_cards":  # the article again for phones, its tables as cards, hidden
        out.append('<div class="wap-article" style="display:none">')
        for sid in "一二三四五六":
            out.append(f"<h3>{_escape(section_heading(rep, sid))}</h3>")
            tid = {"二": "t2", "三": "t3", "四": "t4"}.get(sid)
            out.extend(div_table(rep, tid, table_rows(rep, tid), "cards") if tid else [f"<p>{_escape(text[sid])}</p>"])
        out.append("</div>")
    if lay.whole_twice:  # the report pasted twice into the page
        out.extend(["<p>&nbsp;</p>", *out[article:]])
    if lay.markup == "held":  # the article held for the page's script to show (a CMS's): an empty block, its markup
        held = "\n".join(out[article:])
        del out[article:]
        out.append('<div id="content" class="article-content"></div>')
        how = random.Random(f"{rep.seed}-held").choice(("textarea", "template", "script"))
        if how == "textarea":  # kept entity-escaped in a hidden form field
            out.append(f'<textarea id="contentData" style="display:none">{html.escape(held)}</textarea>')
        elif how == "template":
            out.append(f'<template id="tpl-article">{held}</template>')
        else:
            out.append(f'<script type="text/template" id="tpl-article">{held}</script>')
        source = "contentData').value" if how == "textarea" else "tpl-article').innerHTML"
        shown = f"document.getElementById('content').innerHTML = document.getElementById('{source};"
        out.append(f"<script>{shown}</script>")
    if word is not None:
        out.extend(word.comment_list())
    out.extend(f"<p>{_escape(t)}</p>" for t in lay.next_article)  # another article after the report (its 解读)
    if lay.wechat:  # under a WeChat article: its link, its readers, the account's QR prompt
        out.extend(["<p>阅读原文</p>", "<p>阅读 512</p>", "<p>微信扫一扫</p>", "<p>关注该公众号</p>", "</div>"])
    if messy:
        out.append('<div class="footer">主办单位：某某人民政府办公室 &nbsp; 网站标识码：0000000000</div>')
    out.append("</body></html>")
    return "\n".join(out)
