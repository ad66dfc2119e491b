"""Print a sample report as text, in each of the styles reports reach us in.

What is printed follows the report's :class:`~ogi.samples.generate.Layout` (title, blank or annotated
cells, rows left out, tables cut into pieces or printed twice, notes around tables); the defaults print
the plain national layout.
"""

from __future__ import annotations

import csv
import functools
import html
import io
import itertools
import random
import re
from collections.abc import Callable, Sequence

from ogi.samples.generate import SampleReport
from ogi.template import Column, Row, Section, Table, spec

Grid = list[list[str]]

# How many rows of a table's grid are its header, repeated by a piece that repeats it (Layout.head).
HEADER_ROWS = {"t2": 0, "t3": 3, "t4": 3}


class Value(str):
    """The text of a value cell in a grid (labels are plain ``str``): styles that print values apart
    from labels, as PDF text does, tell them apart by this."""


class Head(str):
    """A column heading in a grid, with the value columns it stands over (``first``, ``span``): styles
    that lay text out by position (``-layout``) print it over them."""

    first: int
    span: int

    def __new__(cls, text: str, first: int, span: int) -> Head:
        h = super().__new__(cls, text)
        h.first, h.span = first, span
        return h


def _v(x: int | float) -> str:
    if isinstance(x, float):
        return f"{x:.6f}".rstrip("0").rstrip(".")
    return str(x)


def is_blank(text: str) -> bool:
    """A printed cell that is blank: nothing, whitespace, or a blank mark."""
    return text.replace("\xa0", "").replace("&nbsp;", "").strip() in ("", "/", "—", "－")


def cell_text(rep: SampleReport, key: str) -> str:
    """The text printed in the cell of ``key``: the value, or what the layout prints instead
    (a blank mark, a value with a note)."""
    t = rep.layout.texts.get(key)
    return t if t is not None else _v(rep.cells[key])


def printed_rows(rep: SampleReport, table: Table) -> tuple[Row, ...]:
    """The rows of ``table`` the report prints, in order (the template's unless the layout says otherwise)."""
    return rep.layout.rows.get(table.id, table.rows)


def row_label(rep: SampleReport, table: Table, row: Row) -> str:
    """A row's label as printed (the template's, unless the layout prints it otherwise)."""
    return rep.layout.labels.get(f"{table.id}.{row.key}", row.label)


def title_lines(rep: SampleReport) -> list[str]:
    """The title as printed, one item per line."""
    t = rep.layout.title
    return list(t) if t is not None else [f"{rep.agency}{rep.year}年政府信息公开工作年度报告"]


def intro(rep: SampleReport) -> str:
    """The opening sentence."""
    if rep.layout.intro is not None:
        return rep.layout.intro
    return (
        f"本报告由{rep.agency}根据《中华人民共和国政府信息公开条例》编制，所列数据的统计期限自"
        f"{rep.year}年1月1日起至{rep.year}年12月31日止。"
    )


def pieces(n: int, cuts: Sequence[int]) -> list[tuple[int, int]]:
    """The row ranges [start, end) of a table of ``n`` rows cut before each row of ``cuts``."""
    bounds = [0, *sorted(c for c in cuts if 0 < c < n), n]
    return [(a, b) for a, b in itertools.pairwise(bounds) if b > a]


def t2_columns(rep: SampleReport, cols: Sequence[Column]) -> list[Column]:
    """The columns of a row of table 2 in the order the report prints them (:attr:`Layout.t2_order` for
    rows of as many columns as it orders; the template's otherwise)."""
    order = rep.layout.t2_order
    return [cols[i] for i in order] if order and len(order) == len(cols) else list(cols)


# the heading of table 2's fee column printing its amount in 元 (Layout.fee_yuan)
FEE_YUAN = "本年收费金额（单位：元）"


def column_label(rep: SampleReport, col: Column) -> str:
    """A column's heading as printed: the template's, or (Layout.fee_yuan) table 2's fee column's in 元."""
    return FEE_YUAN if rep.layout.fee_yuan and col.unit == "万元" else col.label


def t3_columns(rep: SampleReport) -> list[Column]:
    """Table 3's columns in the order the report prints them (the template's unless the layout says)."""
    cols = rep.template.table("t3").columns
    if not rep.layout.order:
        return list(cols)
    by_key = {c.key: c for c in cols}
    return [by_key[k] for k in rep.layout.order]


def t3_printed(rep: SampleReport) -> list[Column | str]:
    """Table 3's columns as printed: :func:`t3_columns`, the layout's column of its own (小计) after the
    group's columns and its columns after the table's (上年总计, 同比增减), as their headings."""
    cols: list[Column | str] = list(t3_columns(rep))
    extra = rep.layout.extra
    if extra:
        last = max(i for i, c in enumerate(cols) if isinstance(c, Column) and c.group)
        cols.insert(last + 1, extra)
    return [*cols, *rep.layout.after]


def t3_cell(rep: SampleReport, row: Row, col: Column | str) -> str:
    """The text of table 3's cell of ``row`` in printed column ``col`` (a column of the layout's own: the
    sum of the group's columns)."""
    if isinstance(col, Column):
        return cell_text(rep, f"t3.{row.key}.{col.key}")
    if col in rep.layout.after:  # last year's total (上年总计), and the change to this year's (同比增减)
        total = rep.cells[f"t3.{row.key}.total"]
        last = max(0, total + random.Random(f"{rep.seed}-{row.key}-last").randint(-9, 9))
        return _v(last if col == rep.layout.after[0] else total - last)
    grouped = [c for c in rep.template.table("t3").columns if c.group]
    marks = {rep.layout.texts.get(f"t3.{row.key}.{c.key}") for c in grouped}
    if len(marks) == 1 and (mark := marks.pop()) is not None and is_blank(mark):
        return mark  # the group's cells all blank: their sum too
    return _v(sum(rep.cells[f"t3.{row.key}.{c.key}"] for c in grouped))


def t3_headings(rep: SampleReport) -> tuple[list[tuple[str, int]], list[str]]:
    """Table 3's column headings as printed over its values: the first row's (each with how many
    columns it stands over: a group's heading, 法人或其他组织, over its columns) and the second row's
    (the group's columns, and a column of the layout's own among them)."""
    top: list[tuple[str, int]] = []
    under: list[str] = []
    for c in t3_printed(rep):
        group = c.group if isinstance(c, Column) else None if c in rep.layout.after else top[-1][0]
        name = group or (c if isinstance(c, str) else c.label)
        if top and group and top[-1][0] == name:
            top[-1] = (name, top[-1][1] + 1)
        else:
            top.append((name, 1))
        if group:
            under.append(c.label if isinstance(c, Column) else c)
    return top, under


def _groups(rows: Sequence[Row]) -> list[tuple[str, list[Row]]]:
    out: list[tuple[str, list[Row]]] = []
    for r in rows:
        g = r.group or ""
        if out and out[-1][0] == g:
            out[-1][1].append(r)
        else:
            out.append((g, [r]))
    return out


def table_grids(rep: SampleReport) -> dict[str, Grid]:
    """The three tables as rows of cell texts, laid out as the national format prints them."""
    tpl = rep.template
    grids: dict[str, Grid] = {}
    t2 = tpl.table("t2")
    g: Grid = []
    if rep.layout.t2_turned:
        grids["t2"] = turned_t2(rep)
    for group, rows in [] if rep.layout.t2_turned else _groups(printed_rows(rep, t2)):
        g.append([group])
        if (turned := t2_group_turned(rep, t2, rows)) is not None:
            g.extend(turned)
            continue
        g.append(["信息内容", *[column_label(rep, c) for c in t2_columns(rep, rows[0].columns)]])
        for r in rows:
            cols = t2_columns(rep, r.columns)
            g.append([row_label(rep, t2, r), *[Value(cell_text(rep, f"t2.{r.key}.{c.key}")) for c in cols]])
            for label, values in rep.layout.t2_own.get(r.key, ()):  # rows of the organ's own after it
                g.append([label, *[Value(v) for v in values]])
        cols = t2_columns(rep, rows[0].columns)
        summed = all(f"t2.{r.key}.{c.key}" in rep.cells for r in rows for c in cols)  # (rows of one kind only)
        if rep.layout.t2_sums and len(rows) > 1 and summed:  # the group's sum, a row of the report's own
            g.append(["合计", *[Value(_v(sum(rep.cells[f"t2.{r.key}.{c.key}"] for r in rows))) for c in cols]])
    if not rep.layout.t2_turned:
        grids["t2"] = g
    t3 = tpl.table("t3")
    if rep.layout.t3_turned:  # a row per applicant column, the rows' labels across the top
        rows = printed_rows(rep, t3)
        g = [["申请人情况", *[r.display for r in rows]]]
        groups: set[str] = set()
        for c in t3_columns(rep):
            lead = [c.group, c.label] if c.group and c.group not in groups else [c.label]
            groups.add(c.group or "")
            g.append([*lead, *[Value(cell_text(rep, f"t3.{r.key}.{c.key}")) for r in rows]])
        grids["t3"] = g
        return _t4_grid(rep, grids)
    top, under = t3_headings(rep)
    starts = list(itertools.accumulate([span for _, span in top], initial=0))
    grouped = next(i for (_, span), i in zip(top, starts, strict=False) if span > 1)
    g = [
        ["(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)", "申请人情况"],
        [Head(name, first, span) for (name, span), first in zip(top, starts, strict=False)],
        [Head(label, grouped + i, 1) for i, label in enumerate(under)],
    ]
    serials = rep.layout.t3_serials  # a column 序号 before the labels (Layout.t3_serials)
    if serials:
        g[0].insert(0, "序号")
    for i, r in enumerate(printed_rows(rep, t3), 1):
        vals = [Value(t3_cell(rep, r, c)) for c in t3_printed(rep)]
        lab = row_label(rep, t3, r)
        label = [r.group, lab] if r.group and r.group.startswith("(") else [lab]
        g.append([*([str(i)] if serials else []), *label, *vals])
    grids["t3"] = g
    return _t4_grid(rep, grids)


def t2_group_turned(rep: SampleReport, table: Table, rows: Sequence[Row]) -> Grid | None:
    """A group of table 2's rows printed turned (:attr:`Layout.t2_groups_turned`), the lines after its
    group's heading: its rows' names across the top, a line a column (信息内容 | 规章 | 行政规范性文件, then
    本年制发件数 | 0 | 4 …); rows of one column each named with it (行政处罚本年处理决定数量 | …) over one line
    of their values (行政处罚、行政强制 | 333 | 14). None where the layout does not turn it, or the group is
    one row, or its rows' columns differ."""
    if not rep.layout.t2_groups_turned or len(rows) < 2 or len({r.columns for r in rows}) > 1:
        return None
    cols = t2_columns(rep, rows[0].columns)
    names = [row_label(rep, table, r) for r in rows]
    if len(cols) == 1:
        return [
            ["信息内容", *[n + column_label(rep, cols[0]) for n in names]],
            ["、".join(names), *[Value(cell_text(rep, f"t2.{r.key}.{cols[0].key}")) for r in rows]],
        ]
    return [
        ["信息内容", *names],
        *[[column_label(rep, c), *[Value(cell_text(rep, f"t2.{r.key}.{c.key}")) for r in rows]] for c in cols],
    ]


def turned_t2(rep: SampleReport) -> Grid:
    """Table 2 printed turned (:attr:`Layout.t2_turned`): ``项目`` and the rows' labels across the top, then
    a row per column heading (in the order the rows first print them), ``——`` under a row without it."""
    t2 = rep.template.table("t2")
    rows = printed_rows(rep, t2)
    heads: list[Column] = []
    for r in rows:
        heads.extend(c for c in r.columns if c.key not in {h.key for h in heads})
    g: Grid = [["项目", *[row_label(rep, t2, r) for r in rows]]]
    for h in heads:
        keys = [{c.key for c in r.columns} for r in rows]
        g.append(
            [
                h.label,
                *[
                    Value(cell_text(rep, f"t2.{r.key}.{h.key}")) if h.key in k else "——"
                    for r, k in zip(rows, keys, strict=True)
                ],
            ]
        )
    return g


def _t4_grid(rep: SampleReport, grids: dict[str, Grid]) -> dict[str, Grid]:
    """``grids`` with table 4's."""
    t4 = rep.template.table("t4")
    printed = t4_columns(rep)
    cols = [c.label for c in printed]
    if rep.layout.turned:
        grids["t4"] = [
            ["类别", "行政复议", "行政诉讼"],
            ["未经复议直接起诉", "复议后起诉"],
            *[
                [c.label, *[Value(cell_text(rep, f"t4.{r.key}.{c.key}")) for r in printed_rows(rep, t4)]]
                for c in t4.columns
            ],
        ]
        return grids
    extra = suits_totals(rep)
    group = bool(extra) and not rep.layout.suits_one
    if (where := all_total_at(rep)) and not extra:
        values = [Value(cell_text(rep, f"t4.{r.key}.{c.key}")) for r in printed_rows(rep, t4) for c in printed]
        total = Value(str(all_total(rep)))
        grids["t4"] = [
            ["合计", "行政复议", "行政诉讼"] if where == "before" else ["行政复议", "行政诉讼", "合计"],
            [*cols, "未经复议直接起诉", "复议后起诉"],
            cols * 2,
            [total, *values] if where == "before" else [*values, total],
        ]
        return grids
    if t4_suits_first(rep):
        grids["t4"] = [
            ["行政诉讼", "行政复议"],
            ["未经复议直接起诉", "复议后起诉", *cols],
            cols * 2,
            [Value(cell_text(rep, f"t4.{r.key}.{c.key}")) for r in t4_groups(rep) for c in printed],
        ]
        return grids
    grids["t4"] = [
        ["行政复议", "行政诉讼"],
        [*cols, "未经复议直接起诉", "复议后起诉", *(["合计" if group else "行政诉讼合计"] if extra else [])],
        cols * (3 if group else 2),
        [Value(cell_text(rep, f"t4.{r.key}.{c.key}")) for r in printed_rows(rep, t4) for c in printed]
        + [Value(v) for v in extra],
    ]
    return grids


def all_total_at(rep: SampleReport) -> str:
    """Where table 4 prints its one column 合计 of every group's 总计 (:attr:`Layout.t4_all_total`: "before" the
    fifteen, "after" them; "" none — nor with the suits' 合计, with the suits first, or turned)."""
    lay = rep.layout
    return "" if lay.suits_total or lay.turned or t4_suits_first(rep) else lay.t4_all_total


def all_total(rep: SampleReport) -> int:
    """Table 4's 合计 of :func:`all_total_at`: its three groups' 总计 summed."""
    return sum(int(rep.cells[f"t4.{r.key}.total"]) for r in rep.template.table("t4").rows)


def t4_columns(rep: SampleReport) -> list[Column]:
    """Table 4's columns in the order each group prints them (:attr:`Layout.t4_order`; the template's unless it
    says otherwise)."""
    cols = list(rep.template.table("t4").columns)
    if not rep.layout.t4_order:
        return cols
    by_key = {c.key: c for c in cols}
    return [by_key[k] for k in rep.layout.t4_order]


def t4_suits_first(rep: SampleReport) -> bool:
    """Whether table 4 prints its 行政诉讼 groups before 行政复议 (:attr:`Layout.t4_suits_first`; not with
    a 合计 of the suits, nor turned)."""
    return rep.layout.t4_suits_first and not rep.layout.suits_total and not rep.layout.turned


def review_middle(rep: SampleReport) -> bool:
    """Whether table 4's header prints 行政复议 below 行政诉讼 in a PDF's text (:attr:`Layout.t4_review_middle`;
    the national order only)."""
    lay = rep.layout
    return lay.t4_review_middle and not t4_suits_first(rep) and not lay.suits_total and not lay.turned


def t4_groups(rep: SampleReport) -> list[Row]:
    """Table 4's groups in the order printed: the suits' first where :func:`t4_suits_first`."""
    rows = list(printed_rows(rep, rep.template.table("t4")))
    return [*rows[1:], rows[0]] if t4_suits_first(rep) else rows


def suits_totals(rep: SampleReport) -> list[str]:
    """Table 4's 行政诉讼 合计 group, where the report prints one (:attr:`Layout.suits_total`): each of the
    two suits' groups' columns summed (:attr:`Layout.suits_one`: their 总计 only, each group's last); else none."""
    if not rep.layout.suits_total:
        return []
    keys = [c.key for c in t4_columns(rep)]
    if rep.layout.suits_one:
        keys = keys[-1:]
    return [str(int(rep.cells[f"t4.suit_direct.{k}"]) + int(rep.cells[f"t4.suit_after_review.{k}"])) for k in keys]


# Sentences the prose of sections 一 and 五 is made of, a few drawn from each pool per report (in a
# random order), so that two reports' texts differ as two organs' do: a copy stands out (text.copied).
POOLS: dict[str, tuple[str, ...]] = {
    "active": (
        "围绕重大决策部署及时发布政策文件和解读材料。",
        "重点领域信息公开专栏按月更新，做到应公开尽公开。",
        "财政预决算、重大建设项目等信息按规定时限公开。",
        "规范性文件统一登载，方便公众集中查阅。",
        "建议提案办理结果按要求全文公开。",
        "通过图片、图表、视频等多种形式解读政策。",
        "主动回应社会关切，及时发布权威信息。",
        "人事任免、招考录用信息依法及时公开。",
        "行政执法公示信息在网站集中展示。",
        "政府工作报告涉及事项的落实情况定期公开。",
    ),
    "manage": (
        "严格落实信息发布审核制度，做好保密审查。",
        "公文在拟制环节即明确公开属性，源头把关。",
        "对规范性文件开展清理，结果向社会公布。",
        "政府信息公开指南和目录及时更新。",
        "建立信息公开台账，做到件件有记录。",
        "完善依申请公开办理流程，规范答复文书。",
        "加强政策文件库建设，实现分类检索。",
        "定期检查网站内容，及时处理错链断链。",
        "涉及个人隐私的信息发布前逐条审查。",
        "明确各科室信息报送责任人，压实责任。",
    ),
    "platform": (
        "持续优化政府网站栏目设置。",
        "政务新媒体与门户网站信息同步发布。",
        "政府信息公开专栏按新版目录重新梳理。",
        "在政务服务大厅设置公开查阅点。",
        "网站无障碍和适老化改造全面完成。",
        "政府公报电子版在网站同步刊登。",
        "留言咨询栏目实行限时答复。",
        "搭建政策问答库，提升智能检索能力。",
        "对所属政务新媒体开展常态化巡查。",
        "新闻发布会和政策吹风会同步网络直播。",
    ),
    "oversee": (
        "将政务公开纳入年度考核。",
        "组织政务公开业务培训，提升队伍能力。",
        "聘请社会监督员对公开工作提出意见。",
        "开展政务公开自查，问题立查立改。",
        "主要负责同志定期听取公开工作汇报。",
        "畅通投诉举报渠道，接受社会监督。",
        "对工作不力的单位进行通报提醒。",
        "第三方评估结果作为改进工作的依据。",
        "建立政务公开联络员制度，保障工作经费。",
        "年度报告按时编制并在网站公布。",
    ),
    "problems": (
        "公开内容的深度和广度有待提升，政策解读形式较为单一。",
        "部分栏目更新不够及时，信息分类仍需细化。",
        "基层工作人员业务水平参差不齐。",
        "依申请公开答复的规范性还有差距。",
        "政策解读的针对性和可读性不足。",
        "与公众的互动回应还不够充分。",
        "信息发布的审核流程仍有薄弱环节。",
        "数据开放工作起步较晚，开放数据集数量偏少。",
        "部分信息以附件形式发布，检索不够便捷。",
        "公开工作的考核评价机制尚待完善。",
    ),
    "improve": (
        "加强业务培训，提高工作人员能力",
        "丰富解读形式，推动政务公开工作提质增效",
        "完善栏目设置，确保信息更新及时准确",
        "规范依申请公开办理，统一答复文书格式",
        "加大数据开放力度，扩大开放范围",
        "健全审核机制，防范信息发布风险",
        "强化考核督导，压实各方工作责任",
        "拓展互动渠道，及时回应公众关切",
        "优化检索功能，方便公众查找信息",
        "深化基层政务公开标准化建设",
    ),
}


# Sentences made of parts (one drawn from each), for most of a report's prose: the few hundred
# sentences each pool can make keep two organs' texts as apart as real ones are (a corpus of a
# hundred thousand generated reports is not one of near-copies). No figure, year or count is
# said in them: they never contradict the tables.
COMPOSED: dict[str, tuple[tuple[str, ...], ...]] = {
    "active": (
        ("围绕", "聚焦", "结合", "紧扣", "对标"),
        (
            "优化营商环境",
            "乡村振兴",
            "民生保障",
            "生态环境保护",
            "安全生产",
            "教育医疗",
            "城市更新",
            "稳就业",
            "防汛抗旱",
            "公共卫生",
        ),
        (
            "，及时发布相关政策文件和解读材料。",
            "，集中公开办事指南和服务事项。",
            "，逐项公开办理进度和结果。",
            "，按月更新专栏信息。",
            "，主动发布权威信息。",
            "，做好政策解读和回应。",
        ),
    ),
    "manage": (
        ("坚持", "严格执行", "不断完善", "全面落实", "进一步健全"),
        (
            "信息发布审核制度",
            "公开属性源头认定机制",
            "保密审查机制",
            "公文公开属性审核",
            "政策文件清理机制",
            "公开目录动态调整机制",
            "信息公开台账管理",
            "涉密信息排查制度",
        ),
        (
            "，确保发布信息安全准确。",
            "，做到先审后发。",
            "，压实各环节责任。",
            "，有效防范泄密风险。",
            "，提升信息管理水平。",
        ),
    ),
    "platform": (
        ("优化", "整合", "升级", "规范", "完善"),
        (
            "门户网站政府信息公开专栏",
            "政务新媒体矩阵",
            "政策文件库",
            "政府公报数字化平台",
            "互动交流栏目",
            "公开查阅点",
        ),
        ("，提升用户体验。", "，方便公众查询。", "，实现信息同步发布。", "，增强平台服务能力。", "，推动集约化建设。"),
    ),
    "oversee": (
        ("将政务公开工作纳入", "把信息公开情况列入", "围绕政务公开开展", "结合年度重点工作组织"),
        ("绩效考核", "专项督查", "业务培训", "自查评估", "社会评议"),
        ("，推动各项要求落到实处。", "，及时发现和整改问题。", "，持续提升工作质量。", "，切实发挥监督作用。"),
    ),
    "problems": (
        ("部分", "个别", "少数"),
        ("单位", "科室", "栏目", "领域"),
        (
            "信息更新不够及时。",
            "政策解读深度不够。",
            "公开内容不够全面。",
            "信息发布不够规范。",
            "互动回应不够充分。",
            "公开形式较为单一。",
            "数据开放程度不高。",
        ),
    ),
    "improve": (
        ("进一步", "持续", "着力", "切实"),
        ("加强", "完善", "优化", "深化", "规范"),
        (
            "政策解读工作",
            "信息发布审核",
            "公开专栏建设",
            "依申请公开办理",
            "基层政务公开",
            "政务新媒体管理",
            "考核评估机制",
        ),
    ),
}


# section 五 worded without its parts' headings and the words most reports use (不够, 进一步, 加强 …): its problems
# as 滞后, 偏少, 把握不准 say them (一是…；二是…), its measures what the organ will do (我局将明确…)
PLAIN_PROBLEMS = (
    "公开属性认定把握不准",
    "个别栏目信息更新滞后",
    "政策解读数量偏少",
    "依申请公开答复说理偏弱",
    "信息发布不及时、不规范的情况仍有发生",
)
PLAIN_MEASURES = ("明确专人负责栏目更新", "建立信息更新月度台账", "落实公开属性源头认定", "规范答复文书格式")


def self_word(agency: str) -> str:
    """How an organ names itself in its report: 我局, 我办, 我委, 我镇, 我行 … (the character its name ends in,
    its second name's where it has one in brackets: …人民政府（办公室） 我办); 我们 for an organ without a name."""
    agency = agency.rstrip("）")
    for end, word in (("委员会", "委"), ("办公室", "办"), ("街道办事处", "街道"), ("中心", "中心")):
        if agency.endswith(end):
            return f"我{word}"
    if agency.endswith("人民政府") and len(agency) > 4:
        return f"我{agency[-5]}"
    return f"我{agency[-1]}" if agency else "我们"  # (a report that never names itself)


def _pick(rng: random.Random, pool: str, n: int = 2) -> list[str]:
    """``n`` different sentences of ``pool``: most made of parts (:data:`COMPOSED`), some whole."""
    fixed = rng.sample(POOLS[pool], n)
    out: list[str] = []
    for i in range(n):
        s = "".join(rng.choice(p) for p in COMPOSED[pool]) if rng.random() < 0.75 else fixed[i]
        out.append(s if s not in out else fixed[i])
    return out


def prose(rep: SampleReport, rng: random.Random) -> dict[str, str]:
    """The six sections' prose of a sample report (sections 一, 五, 六; the others hold tables):
    一's five parts of the 2021 format, 五's problems and improvements, 六's processing fees. The
    figures it states agree with the tables."""
    c = rep.cells
    y = rep.year
    a = rep.layout.we or rep.agency
    new, cin, tot, cout = c["t3.new.total"], c["t3.carried_in.total"], c["t3.total.total"], c["t3.carried_out.total"]
    rev = c["t4.review.total"]
    suits = c["t4.suit_direct.total"] + c["t4.suit_after_review.total"]
    if new == 0 and cin == 0:
        apply = f"{y}年，{a}未收到政府信息公开申请。"
    else:
        apply = (
            f"{y}年，{a}共收到政府信息公开申请{new}件，上年结转{cin}件，全年办结{tot}件，结转下年度继续办理{cout}件。"
        )
    if rev == 0 and suits == 0:
        law = "全年未发生政府信息公开行政复议、行政诉讼案件。"
    else:
        law = f"全年发生政府信息公开行政复议{rev}件、行政诉讼{suits}件。"
    posted = rng.randint(10, 900)
    explained = rng.randint(1, 30)
    issued = "issued" if "t2.rules.issued" in c else "made"
    docs = (
        f"全年制发规章{c[f't2.rules.{issued}']}件、制发行政规范性文件{c[f't2.normative.{issued}']}件，"
        f"作出行政许可决定{c['t2.licensing.decisions']}件、行政处罚决定{c['t2.penalty.decisions']}件。"
    )
    return {
        "一": (
            f"(一)主动公开\n{y}年，{a}坚持以公开为常态、不公开为例外，通过门户网站发布各类信息{posted}条，"
            f"更新政策解读{explained}篇。{docs}{''.join(_pick(rng, 'active'))}\n(二)依申请公开\n{apply}{law}\n"
            f"(三)政府信息管理\n{''.join(_pick(rng, 'manage'))}\n"
            f"(四)政府信息公开平台建设\n{''.join(_pick(rng, 'platform'))}\n"
            f"(五)监督保障\n{''.join(_pick(rng, 'oversee'))}"
        ),
        "五": (
            "一是{}；二是{}。".format(*plain.sample(PLAIN_PROBLEMS, 2))
            + f"{y + 1}年，{self_word(rep.agency)}将{'，'.join(plain.sample(PLAIN_MEASURES, 2))}。"
            if (plain := random.Random(f"{rep.agency}:{y}:五")).random() < 0.3
            else f"(一)存在的主要问题\n{''.join(_pick(rng, 'problems'))}\n"
            f"(二)改进情况\n{y + 1}年将{'，'.join(_pick(rng, 'improve', 3))}。"
        ),
        "六": f"本年度未收取信息处理费。{a}无其他需要报告的事项。",
    }


# A cell's text (Layout.texts) saying the cell is printed in the one before it, its separator lost
# (| 9 0 | of a row a cell short): the markdown style only
JOINED = "\x00joined"


def _style_pipe(grid: Grid) -> list[str]:
    return [" | ".join(row) + " |" for row in grid]


def _style_markdown(grid: Grid) -> list[str]:
    width = max(len(r) for r in grid)
    rows = [[c for c in r + [""] * (width - len(r)) if c != JOINED] for r in grid]
    lines = ["| " + " | ".join(c.replace("\n", "<br>") for c in r) + " |" for r in rows]
    return [lines[0], "|" + "---|" * width, *lines[1:]]


def _style_cells(grid: Grid) -> list[str]:
    out = []
    width = max(len(r) for r in grid)
    for r in grid:
        out.append("|")
        out.extend(f"{c} |" for c in r)
        if len(r) < width:
            out.append("|" * (width - len(r)))
    return out


def _style_tabs(grid: Grid) -> list[str]:
    width = max(len(r) for r in grid)
    return ["\t".join(r + [""] * (width - len(r))) for r in grid]


def _style_csv(grid: Grid) -> list[str]:
    """A table saved as comma-separated values and pasted as text: a cell holding a comma quoted."""
    out = io.StringIO()
    width = max(len(r) for r in grid)
    csv.writer(out, lineterminator="\n").writerows(r + [""] * (width - len(r)) for r in grid)
    return out.getvalue().splitlines()


def _style_mineru(grid: Grid) -> list[str]:
    """A table as MinerU's markdown of a PDF gives it: HTML on one line, a ``<td>`` a cell (the report's
    own tables with their merged cells: :func:`ogi.samples.html.table_lines`)."""
    rows = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in grid)
    return [f"<html><body><table>{rows}</table></body></html>"]


def _style_pdftext(grid: Grid) -> list[str]:
    out = []
    for r in grid:
        label = [c for c in r if not isinstance(c, Value)]
        values = [c for c in r if isinstance(c, Value) and c.strip()]  # an empty cell leaves no text in a PDF's text
        nums = [c.split("\n")[0] for c in values]
        text = "".join(label)
        if len(text) > 18 and any(isinstance(c, Value) for c in r):  # wrapped in its column, a blank row's too
            out.append(" ".join([text[:16], *nums]))
            out.append(text[16:])
        else:
            out.append(" ".join([text, *nums]).strip())
        out.extend(part for c in values for part in c.split("\n")[1:])  # a cell's second line, below its row
    return out


def _style_lines(grid: Grid, empty_shown: bool = False) -> list[str]:
    """A table as pdftotext gives a PDF's table without ``-layout``: every cell's text on lines of its
    own, row after row (a cell of two lines on two); an empty cell leaves nothing — or, ``empty_shown``, as a
    converter writes it (LibreOffice's text export, docx2txt), an empty value cell an empty line of its own."""
    out = []
    for r in grid:
        for c in r:
            if empty_shown and isinstance(c, Value) and not c.replace("\xa0", "").replace("&nbsp;", "").strip():
                out.append("")
                continue
            out.extend(part.strip() for part in c.split("\n") if part.strip() and c.replace("\xa0", "").strip())
    return out


def _narrow_layout(grid: Grid, header: int, digits: int, running: list[str] | None) -> list[str]:
    """A table as ``pdftotext -layout`` gives a PDF's whose value columns are too narrow for its numbers
    (:func:`_style_layout` otherwise): each number wrapped after ``digits`` digits in its cell, the rest on
    the lines below, right-aligned under its column (568 a digit a line: 5 / 6 / 8); with ``running`` (the
    report's title), a page's end inside the first row so wrapped: its first line at a page's foot, then a
    form feed, the next page's running title and the table's ``header`` rows again, then the row's rest."""
    out: list[str] = []
    broken = running is None
    for r in grid:
        values = [c for c in r if isinstance(c, Value)]
        numbers = [c.split("\n")[0].replace("\xa0", " ").strip() for c in values]
        parts = [_wrap(x, digits) if x.isdigit() else [x] for x in numbers]
        if not values or max(len(p) for p in parts) == 1 or any("\n" in c for c in r):
            out.extend(_style_layout([r]))
            continue
        # the label wrapped in its column too (16 characters a line), beside the numbers' lines
        labels = _wrap("".join(c.replace("\n", "") for c in r if not isinstance(c, Value)), 16)
        for k in range(max(len(labels), *(len(p) for p in parts))):
            cells = "".join("  " + (p[k] if k < len(p) else "").rjust(6) for p in parts)
            words = labels[k] if k < len(labels) else ""
            out.append(((words if k == 0 else "  " + words).ljust(18) + cells).rstrip())
            if not broken and k == 0:
                out.extend(["\f" + running[0], *running[1:], *_style_layout(grid[:header])])
                broken = True
    return out


def _style_layout(grid: Grid) -> list[str]:
    """A table as ``pdftotext -layout`` gives a PDF's: a row's label, then its values in columns of
    spaces, an empty cell left as spaces; a row's columns drift a little with its label (pdftotext
    places Chinese characters only approximately), their spacing does not; a long label wraps onto
    the next line, a cell's second line goes below its row."""
    out = []
    for r in grid:
        label = "".join(c.replace("\n", "") for c in r if not isinstance(c, Value))
        values = [c for c in r if isinstance(c, Value)]
        if r and all(isinstance(c, Head) for c in r):  # headings over their columns
            line = ""
            for h in r:
                width = 8 * h.span  # of the columns below: each "  " and six characters
                at = 18 + 8 * h.first + 2 + max(0, (width - 2 - len(h)) // 2)
                line = line.ljust(max(at, len(line) + 1 if line else at)) + h
            out.append(line)
            continue
        if not values:
            out.append("  ".join(c.replace("\n", "") for c in r))
            continue
        head, rest = (label[:16], label[16:]) if len(label) > 18 else (label, "")
        cells = "".join("  " + c.split("\n")[0].replace("\xa0", " ").strip().rjust(6) for c in values)
        out.append((head.ljust(18 + len(head) % 2) + cells).rstrip())
        if rest:
            out.append("  " + rest)
        out.extend("  " + part for c in values for part in c.split("\n")[1:])
    return out


def _grid_table(grid: Grid, bar: str, rule: str, header_rule: str, cross: str, narrow: int = 0) -> list[str]:
    """A table drawn with rules between its rows: each row's cells in columns of their own width, a
    label wrapped over lines in its cell (seven characters a line), a value's note under it; with
    ``narrow``, a number longer than that wrapped in its cell too (176: 17 over 6)."""
    out: list[str] = []
    above_head = False
    for r in grid:
        cells = [
            (_wrap(c, narrow) if narrow and "\n" not in c else c.split("\n"))
            if isinstance(c, Value)
            else _wrap(c.replace("\n", ""), 7)
            for c in r
        ]
        widths = [max(len(p) for p in c) + 2 for c in cells]
        dash = header_rule if above_head and not all(isinstance(c, Head) for c in r) else rule
        out.append(cross + cross.join(dash * w for w in widths) + cross)
        for k in range(max(len(c) for c in cells)):
            out.append(
                bar
                + bar.join(f" {(c[k] if k < len(c) else '').ljust(w - 1)}" for c, w in zip(cells, widths, strict=True))
                + bar
            )
        above_head = bool(r) and all(isinstance(c, Head) for c in r)
    if grid:
        out.append(cross + cross.join(rule * (max(len(p) for p in c.split("\n")) + 2) for c in grid[-1]) + cross)
    return out


def _style_grid(grid: Grid) -> list[str]:
    """A table as pandoc writes a grid table: ``+----+`` between rows, ``+====+`` under the headings."""
    return _grid_table(grid, "|", "-", "=", "+")


def _style_box(grid: Grid) -> list[str]:
    """A table drawn in box-drawing characters, as w3m and lynx dump a page's (``│ ├──┼──┤``), its value
    columns narrow: a number of three digits or more wrapped in its cell."""
    return _grid_table(grid, "│", "─", "═", "┼", narrow=2)


def _style_runon(grid: Grid) -> list[str]:
    """A table as a crawler's text of a page gives it (its cells' text run together, :func:`print_report`
    puts the whole body on one line): a row's label cells and its first value with nothing between them,
    its other values apart by a space — but a 0 after a 0, which runs on (``0 0 0 0 0 00``)."""
    out = []
    for r in grid:
        line = ""
        prev: str | None = None
        for c in r:
            text = c.replace("\n", "")
            if not isinstance(c, Value) or prev is None or (text == "0" and prev == "0"):
                line += text
            else:
                line += " " + text
            prev = text if isinstance(c, Value) else None
        out.append(line)
    return out


def _style_bars(grid: Grid) -> list[str]:
    """Rows between full-width bars (``｜规章｜2｜1｜16｜``), as text pasted from WeChat or WPS gives them."""
    return ["｜" + "｜".join(c.replace("\n", "") for c in r) + "｜" for r in grid]


def _style_bare(grid: Grid) -> list[str]:
    """Rows of a pipe table without their outer pipes (markdown allows it): a row whose last cell is
    empty ends in ``| `` and looks like one with its outer pipe."""
    return [" | ".join(c.replace("\n", "") for c in r) for r in grid]


STYLES: dict[str, Callable[[Grid], list[str]]] = {
    "pipe": _style_pipe,
    "markdown": _style_markdown,
    "cells": _style_cells,
    "tabs": _style_tabs,
    "pdftext": _style_pdftext,
    "lines": _style_lines,
    "layout": _style_layout,
    "csv": _style_csv,
    "mineru": _style_mineru,
    "grid": _style_grid,
    "runon": _style_runon,
    "box": _style_box,
    "bars": _style_bars,
    "bare": _style_bare,
}


def _fold(line: str, width: int) -> list[str]:
    """``line`` folded at ``width`` columns (a Chinese character two), as ``fold -s`` folds it: after the
    last space before the width, else at the width."""
    out: list[str] = []
    while True:
        cols, cut, space = 0, len(line), -1
        for i, ch in enumerate(line):
            cols += 2 if ord(ch) > 0x2E7F else 1
            if cols > width:
                cut = i
                break
            if ch == " ":
                space = i + 1
        if cut == len(line):
            out.append(line)
            return out
        at = space if space > 0 else cut
        out.append(line[:at].rstrip())
        line = line[at:]


def _wrap(text: str, width: int) -> list[str]:
    return [text[i : i + width] for i in range(0, len(text), width)] or [""]


def _split_row(row: list[str]) -> tuple[list[str], list[str]]:
    return [c for c in row if not isinstance(c, Value)], [c for c in row if isinstance(c, Value) and c.strip()]


def _apart_pdftext(grid: Grid, rng: random.Random) -> list[str]:
    """Table 3 as pdfplumber's text of a PDF gives it: labels wrapped in their narrow column (cut mid-word),
    values on the middle line of their label or on a line of their own before or after it, the vertical
    label 三、本年度办理结果 one or two characters a line between rows, a group label such as (三)不予公开
    broken in two beside its rows, header words in fragments, a page footer (``- 3 -``) between rows."""
    head, body = grid[:3], grid[3:]
    out = [
        "申请人情况",
        "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)"[:22] + " 法人或其他组织",
        "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)"[22:],
        "自然人 总计",
    ]
    cols = head[2]
    out.append(" ".join(c[:2] for c in cols if len(c) > 2) + " " + " ".join(c for c in cols if len(c) <= 2))
    out.append(" ".join(c[2:] for c in cols if len(c) > 2))
    width = rng.choice((12, 14, 16, 18))
    vertical = [ch for ch in "三、本年度办理结果"]
    v_at = 0
    group_seen: set[str] = set()
    footer_at = rng.randrange(4, max(5, len(body) - 2))
    for i, row in enumerate(body):
        if i == footer_at:  # the page's footer: its number, bare or dashed — a stray number between rows
            out.append(rng.choice(("- {} -", "{}", "第{}页")).format(rng.randint(2, 4)))
        labels, vals = _split_row(row)
        group = labels[0] if len(labels) > 1 else ""
        label = labels[-1] if labels else ""
        lines = _wrap(label, width)
        if group and group not in group_seen:
            group_seen.add(group)
            cut = rng.randint(2, max(2, len(group) - 2))
            lines[0] = group[:cut] + " " + lines[0]
            lines.append(group[cut:])
        numbers = " ".join(vals)
        # Where pdfplumber puts the values: on the label's line, or on a line of their own just above
        # a one-line label (their baseline a little higher), or between the lines of a wrapped label
        # (centred in the cell). Never after the whole label: the next row's values come there.
        where = rng.random()
        if not numbers:
            pass
        elif len(lines) > 1 and where < 0.6:
            lines.insert(rng.randint(1, len(lines) - 1), numbers)
        elif where < 0.75:
            lines.insert(0, numbers)
        else:
            lines[0] = lines[0] + " " + numbers
        in_outcomes = row is not body[0] and row is not body[1] and i < len(body) - 2
        for ln in lines:
            out.append(ln)
            if in_outcomes and v_at < len(vertical) and rng.random() < 0.5:
                out.append(vertical[v_at])
                v_at += 1
    return out


# a row's label numbered (1.本机关不掌握…, (七)总计, 四、结转下年度继续办理)
_NUMBERED_LABEL = re.compile(r"\d+[.、]|[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、")


def _stacked(rows: Grid, rng: random.Random) -> Grid:
    """Rows printed without a ruling between them, which PDF-to-markdown tools give as one row whose
    cells stack them with ``<br>`` (``1.本机关不掌握…<br>2.没有现成…`` over ``3<br>0``; ``(七)总计<br>四、结转下年度
    继续办理`` over ``224<br>26``): now and then two numbered rows with every value printed, stacked so."""
    out: Grid = []
    i = 0
    while i < len(rows):
        a = rows[i]
        b = rows[i + 1] if i + 1 < len(rows) else None
        if b is not None and rng.random() < 0.2:
            (la, va), (lb, vb) = _split_row(a), _split_row(b)
            numbered = all(x and _NUMBERED_LABEL.match(x[-1]) for x in (la, lb))  # (1. 2., (七)总计 四、结转…)
            if numbered and len(va) == len(vb) == len([c for c in a if isinstance(c, Value)]) == 7:
                group = [la[0]] if len(la) > 1 else []
                stacked = [Value(x + "<br>" + y) for x, y in zip(va, vb, strict=True)]
                out.append([*group, la[-1] + "<br>" + lb[-1], *stacked])
                i += 2
                continue
        out.append(a)
        i += 1
    return out


def _apart_markdown(grid: Grid, rng: random.Random) -> list[str]:
    """Table 3 as PDF-to-markdown tools give it: the header as loose text fragments, the rows in several
    markdown tables (each with its own ``|---|`` line), some value rows without their label, whose label
    stands as text lines (wrapped, cut mid-word) between the tables, before or after its values; two
    rows now and then stacked in one (:func:`_stacked`)."""
    head, body = grid[:3], _stacked(grid[3:], rng)
    out = ["申请人情况", "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)", "自然人总计"]
    out.append("".join(c[:2] for c in head[2]))
    i = 0
    width = rng.choice((10, 12, 14))
    pending: list[str] = []  # detached labels not printed yet
    seen: set[str] = set()
    while i < len(body):
        n = rng.randint(1, 4)
        block = body[i : i + n]
        i += n
        rows, loose = [], []
        for row in block:
            labels, _ = _split_row(row)
            vals = [c if c.strip() else "" for c in row if isinstance(c, Value)]
            group = labels[0] if len(labels) > 1 else ""
            label = labels[-1] if labels else ""
            first = group and group not in seen  # a group's label stands once, beside its first row
            seen.add(group)
            if labels and "<br>" not in label and rng.random() < 0.45:
                loose.extend(_wrap((group if first else "") + label, width))
                rows.append(vals)
            elif first and rng.random() < 0.5:
                rows.append([group[:3], label, *vals])  # the group's cell, cut, in a column of its own
                loose.append(group[3:])
            else:
                rows.append([label, *vals])
        if rng.random() < 0.5:  # the loose labels before their block, or after it
            out.extend(pending + loose)
            pending = []
        else:
            out.extend(pending)
            pending = loose
        if out and out[-1].startswith("|"):
            out.append("")
        out.append("| " + " | ".join(rows[0]) + " |")
        out.append("|" + "---|" * len(rows[0]))
        out.extend("| " + " | ".join(r) + " |" for r in rows[1:])
        if rng.random() < 0.3:
            out.append("")
        if rng.random() < 0.08:  # a page number or a footnote's mark, alone on its line
            out.append(str(rng.randint(1, 4)))
    out.extend(pending)
    return out


APART: dict[str, Callable[[Grid, random.Random], list[str]]] = {"pdftext": _apart_pdftext, "markdown": _apart_markdown}


# sentences a small organ prints for table 4, denying every case it counts (its values 0, none printed)
DENIED_T4 = (
    "本年度未发生政府信息公开行政复议、行政诉讼案件。",
    "本年度未发生因政府信息公开引起的行政复议和行政诉讼。",
    "无行政复议、行政诉讼情况。",
    "全年没有发生政府信息公开行政复议、行政诉讼案件。",
)


# what a small organ prints under a table's header alone, in its rows' place, its values all 0
ZERO_BODIES = ("无", "均为0", "本表数据均为零", "全部为0")


def zero_body(rep: SampleReport, tid: str) -> str:
    """The line a table retyped "header_zero" has under its header (:data:`ZERO_BODIES`), the same in every
    format of ``rep``."""
    return random.Random(f"{rep.seed}-zero-body-{tid}").choice(ZERO_BODIES)


# words a small organ says every application came from one kind of applicant with (table 3's column's prose name)
SOLE = ("均为{}提出", "全部为{}申请", "均由{}提出")
# notes after table 3's figures told in sentences, saying the rest of it is 0
REST_NOTES = ("表三其余各项均为0。", "其余各项数据均为0。", "表中其他各项均为零。")
# a row's or group's number before its words: (一), (三), 1.
_NUMBERED = re.compile(r"^(?:\([一二三四五六七八九十]\)|\d\.)")


def rest_said(rep: SampleReport, rng: random.Random) -> str:
    """Table 3 told in the prose's own sentences (a count of :func:`ogi.extract.narrative.statements`'s each): the
    applications received, the one column they all came from (均为自然人提出), each outcome not 0 by its group and
    label (不予公开（属于国家秘密）1件), then a note that the rest is 0 (表三其余各项均为0): one paragraph."""
    table = rep.template.table("t3")
    new = rep.cells["t3.new.total"]
    col = next(c for c in table.columns[:-1] if rep.cells[f"t3.new.{c.key}"] == new)
    head = f"本年度共收到政府信息公开申请{new}件，{rng.choice(SOLE).format(col.label)}。其中"
    said = []
    for row in table.rows:
        v = rep.cells[f"t3.{row.key}.total"]
        if not row.outcome or not v:
            continue
        label = _NUMBERED.sub("", row.label).split("(")[0]  # ((一)予以公开 → 予以公开)
        if row.group and not row.group.startswith("三、"):  # (不予公开（属于国家秘密）)
            label = f"{_NUMBERED.sub('', row.group)}（{_NUMBERED.sub('', row.label)}）"
        said.append(f"{label}{v}件")
    return head + "，".join(said) + "，均已按期办结。" + rng.choice(REST_NOTES)


def retyped_lines(rep: SampleReport, tid: str) -> list[str]:
    """A table retyped as text (:attr:`Layout.retyped`), each value after its column's name: a row a sentence,
    a line a cell, a sentence saying it is all 0 — its lines as the report prints them."""
    how = rep.layout.retyped[tid]
    table = rep.template.table(tid)
    rng = random.Random(f"{rep.seed}-retyped-{tid}")
    if how == "stated_zero":
        said = {"t2": "表二各项数据均为0。", "t3": "本年度未收到政府信息公开申请，表三各项数据均为0。"}
        return [said.get(tid, "本年度未发生政府信息公开行政复议、行政诉讼案件，表四各项数据均为0。")]
    if how == "denied":  # table 4 not printed, a sentence denying every case it counts (no 0 said)
        return [rng.choice(DENIED_T4)]
    if how == "rest_said":  # table 3 told in the prose's own sentences, then 表三其余各项均为0
        return [rest_said(rep, rng)]
    if how == "header_zero":  # its header's lines, then a line in its rows' place saying all are 0 (无, 均为0)
        from ogi.samples.html import table_rows

        heads = table_rows(rep, tid)[: HEADER_ROWS[tid]]
        return [*(" ".join(t for t, _, _ in row) for row in heads), zero_body(rep, tid)]

    def name(c: Column) -> str:  # a column as a clerk writes it: its label, its unit apart (本年收费金额…万元)
        label = c.label.split("(")[0]
        return label[:-2] if label.endswith("件数") and rng.random() < 0.5 else label

    def value(row: Row, c: Column) -> str:
        v = rep.cells[f"{tid}.{row.key}.{c.key}"]
        text = _v(v)
        if c.kind == "change" and v >= 0:
            text = f"+{text}"
        return f"{text}{'万元' if c.unit == '万元' else '' if c.kind == 'amount' else '件'}"

    out: list[str] = []
    group = None
    for row in printed_rows(rep, table):
        if tid == "t3" and row.group and row.group != group and not row.group.startswith("三、"):
            out.append(row.group)  # (三)不予公开 over its rows
        group = row.group
        if tid == "t3" and row.key == "granted" and how != "rest_zero":
            out.insert(len(out), "三、本年度办理结果")
        cols = list(row.columns)
        if how == "rest_zero":
            cols = [c for c in cols if rep.cells[f"{tid}.{row.key}.{c.key}"] != 0]
            if not cols:
                continue
        if how == "key_value":
            out.extend(f"{row.label} {c.label}：{rep.cells[f'{tid}.{row.key}.{c.key}']}" for c in cols)
        else:
            out.append(f"{row.label}：" + "，".join(f"{name(c)}{value(row, c)}" for c in cols) + "。")
    if how == "rest_zero":
        out.append("表中其余各项数据均为0。")
    if tid == "t4" and how == "sentences":  # table 4 as one paragraph
        return ["".join(out)]
    return out


def _struck(grid: Grid, rng: random.Random) -> Grid:
    """Now and then a value's old figure struck out before it, as markdown writes it (~~240~~ 233)."""
    from ogi.samples.html import struck_old

    def one(c: str) -> str:
        if not (c.isascii() and c.isdigit()) or rng.random() > 0.15:
            return c
        return f"~~{struck_old(int(c), rng)}~~{rng.choice(('', ' '))}{c}"

    return [[one(c) for c in row] for row in grid]


def _table_lines(rep: SampleReport, tid: str, grid: Grid, style: str, rng: random.Random) -> list[str]:
    """One table (all its pieces, printed once or twice) in ``style``."""
    lay = rep.layout
    if lay.retyped.get(tid) == "header_zero":  # its header as the style prints it, then 无 (or 均为0) alone
        return [*STYLES[style](grid[: HEADER_ROWS[tid]]), zero_body(rep, tid)]
    if tid in lay.retyped:  # retyped as text: its lines whatever the style
        return retyped_lines(rep, tid)
    if lay.apart and tid == "t3" and style in APART:
        return APART[style](grid, rng)
    if tid == "t4" and lay.t4_boxes:  # a column a box: 结/果/纠/正/11, a group's in an order of its own
        boxes = random.Random(lay.t4_boxes)
        table = rep.template.table(tid)
        out = []
        for r in table.rows:
            cols = list(table.columns)
            boxes.shuffle(cols)
            name_at = boxes.randrange(2)
            for k, c in enumerate(cols):
                if k == name_at:
                    out.append(r.label.split(" ")[-1])
                out.extend([*c.label, str(rep.cells[f"{tid}.{r.key}.{c.key}"]), ""])
        return out
    if tid == "t4" and lay.t4_lines[0]:  # a line a cell: 行政诉讼（复议后起诉）结果维持：2件
        colon, unit = lay.t4_lines
        table = rep.template.table(tid)
        return [
            f"{_t4_group(r.label)}{c.label}{colon}{rep.cells[f'{tid}.{r.key}.{c.key}']}{unit}"
            for r in table.rows
            for c in table.columns
        ]
    if style == "mineru":  # its merged cells as the page's
        from ogi.samples.html import table_lines

        if rng.random() < 0.5:
            return table_lines(rep, tid)
        # a tag a line, a cell's text in a paragraph, as pandoc's markdown holds a table with merged cells
        lines = []
        for t in table_lines(rep, tid):
            t = re.sub(r"(<td[^>]*>)(.*?)</td>", r"\1<p>\2</p></td>", t)
            lines.extend(re.sub(r"(<(?:tr|td|/tr|/table)\b)", r"\n\1", t).split("\n"))
        return lines
    show = STYLES[style]
    if style == "lines" and lay.empty_lines:
        show = functools.partial(_style_lines, empty_shown=True)
    if tid == "t4" and style == "pdftext" and review_middle(rep) and not lay.cuts.get(tid) and tid not in lay.twice:
        # the national format's header (the grid's own headings): 行政复议 over two rows, at their middle in
        # the text, after 行政诉讼; the columns' headings in one row under both groups
        (review, suits), (*cols, direct, after), _ = grid[: HEADER_ROWS[tid]]
        heads = [suits, review, f"{direct} {after}", " ".join(cols * 3)]
        return [*heads, *show(grid[HEADER_ROWS[tid] :])]
    if tid in lay.narrow and style == "layout" and not lay.cuts.get(tid) and tid not in lay.twice:
        return _narrow_layout(grid, HEADER_ROWS[tid], lay.narrow_digits, title_lines(rep) if lay.page_in_row else None)
    if tid == "t4" and style == "layout" and not lay.turned and not t4_suits_first(rep):
        grid = _t4_placed_heads(grid)
    if lay.heads_broken and style == "layout":
        grid = _broken_heads(grid)
    if lay.spread and style == "markdown" and tid == "t2":
        grid = _spread(grid)
    if lay.struck and style == "markdown":  # a value corrected in place: ~~240~~ 233
        grid = _struck(grid, random.Random(f"{rep.seed}-struck-{tid}"))
    if lay.spans_filled and tid == "t2":
        grid = _spans_filled(grid)
    if lay.t2_by_column and tid == "t2" and style == "lines":
        grid = _by_column(grid, whole=lay.t2_by_column == "table")
    out: list[str] = []
    for _ in range(2 if tid in lay.twice else 1):
        for n, (a, b) in enumerate(pieces(len(grid), lay.cuts.get(tid, ()))):
            part = grid[a:b]
            glue = ""
            if n and lay.joint_glued and lay.joint:  # the footer on the next line's start (PyMuPDF's text)
                out.extend(lay.joint[:-1])
                glue = lay.joint[-1]
            elif n:
                out.extend(lay.joint)
                if lay.head == "repeat":
                    part = grid[: HEADER_ROWS[tid]] + part
                elif lay.head == "placeholder" and style == "markdown":
                    width = max(len(r) for r in part)
                    part = [["项目", *[f"数据{i}" for i in range(1, width)]], *part]
            shown = show(part)
            if glue and shown:
                shown[0] = f"{glue}{shown[0]}"
            out.extend(shown)
    return out


def _t4_placed_heads(grid: Grid) -> Grid:
    """Table 4's grid in the national order with its header as ``pdftotext -layout`` sets it over the values'
    columns: 行政复议 and 行政诉讼; the suits' groups (a 合计 of theirs after them); then every column's heading
    in one line (行政复议's, merged down two rows, printed at their middle: on the suits' columns' line); a column
    合计 of every group's (:func:`all_total_at`) before them or after, its heading over its value."""
    first, second, third, *values = grid
    lead = int(first[0] == "合计")  # (the 合计 column before the groups: each group's columns one on)
    trail = int(first[-1] == "合计" and not lead)
    review, suits = first[lead : len(first) - trail]
    each = next(i for i, h in enumerate(second) if h not in third)  # a group's columns (headed again in the third)
    width = len(values[0]) if values else 3 * each + lead + trail
    heads = [Head(review, lead, each), Head(suits, lead + each, width - lead - trail - each)]
    if lead or trail:
        heads.insert(0 if lead else 2, Head("合计", 0 if lead else width - 1, 1))
    under = [
        Head(g, lead + each * (k + 1), min(each, width - trail - lead - each * (k + 1)))
        for k, g in enumerate(second[each:])
    ]
    line = [Head(c, lead + i, 1) for i, c in enumerate([*second[:each], *third])]
    return [heads, under, line, *values]


def _broken_heads(grid: Grid) -> Grid:
    """A grid whose headings are set in narrow columns: each broken into pieces of two characters, a
    line each (自然 / 人, 商业 / 企业), as ``pdftotext -layout`` gives a table's header."""
    out: Grid = []
    for row in grid:
        if not (row and all(isinstance(c, Head) for c in row)):
            out.append(row)
            continue
        pieces = [[h[i : i + 2] for i in range(0, len(h), 2)] for h in row]
        for k in range(max(map(len, pieces))):
            out.append([Head(p[k], h.first, h.span) for h, p in zip(row, pieces, strict=True) if k < len(p)])
    return out


def _by_column(grid: Grid, whole: bool = False) -> Grid:
    """Table 2 as a PDF's text copied a column at a time gives it, a cell a row: each group's heading, 信息内容
    and its rows' labels, then each column's heading followed by its value in each row; with ``whole``, every
    group's heading and labels first (the table's label column one block of text), then each group's columns."""
    labels: Grid = []
    columns: Grid = []
    i = 0
    while i < len(grid):
        row = grid[i]
        body = []
        j = i + 1
        while j < len(grid) and any(isinstance(c, Value) for c in grid[j]):
            body.append(grid[j])
            j += 1
        if not body or len(row) < 2:
            labels.append(row)
            i += 1
            continue
        labels.append([row[0]])
        labels.extend([r[0]] for r in body)
        for c, head in enumerate(row[1:], 1):
            columns.append([head])
            columns.extend([r[c]] for r in body)
        if not whole:
            labels.extend(columns)
            columns = []
        i = j
    return labels + columns


def _spans_filled(grid: Grid) -> Grid:
    """A grid as pandas reads a page's table and writes it (to markdown, to CSV): a cell merged across the
    columns after it — a group's heading, a row's one heading or value in a table of wider rows — has its
    text in each of them (第二十条第(五)项 | 第二十条第(五)项 | …, 行政许可 | 1236 | 1236 | 1236)."""
    width = max(len(r) for r in grid)
    return [r + [r[-1]] * (width - len(r)) if r else r for r in grid]


def _spread(grid: Grid) -> Grid:
    """Table 2 as pymupdf4llm gives a PDF's whose labels are spaced out across their cell: each label over
    four cells (规 |  |  | 章, 行政 | 规范 | 性 | 文件), every value with its unit, and a row's last two
    values stacked in one cell under their two headings stacked (本年废止件数 / 现行有效件数) — where both
    are printed."""
    out: Grid = []
    for row in grid:
        label, rest = row[0], list(row[1:])
        k = len(label)
        if k <= 4:
            cells = [label[0], *[""] * 2, label[-1]] if k == 2 else [*label, *[""] * (4 - k)]
        else:
            cut = [round(k * i / 4) for i in range(5)]
            cells = [label[cut[i] : cut[i + 1]] for i in range(4)]
        values = [c for c in rest if isinstance(c, Value)]
        if values and all(c.strip() for c in values):
            unit = "万元" if any("." in c for c in values) else "件"
            rest = [Value(f"{c} {unit}") for c in rest]
        if len(rest) == 3 and (not values or all(c.strip() for c in values)):
            both = f"{rest[1]}\n{rest[2]}"
            rest = [rest[0], Value(both) if values else both]
        out.append([*cells, *rest])
    return out


def _t4_group(label: str) -> str:
    """A group of table 4 as a line names it: 行政诉讼（未经复议直接起诉） for 行政诉讼 未经复议直接起诉."""
    head, _, sub = label.partition(" ")
    return f"{head}（{sub}）" if sub else head


def other_grid(rows: Sequence[Sequence[str]]) -> Grid:
    """A table of other figures (Layout.others_before/after) as a grid: its numbers value cells."""
    return [[Value(c) if c.isdigit() else c for c in r] for r in rows]


def site_meta_grid(rep: SampleReport) -> Grid:
    """The site's metadata table above a report (索引号, 发布机构, …), two pairs a row."""
    pairs = [(f"{k}：", v) for k, v in rep.layout.meta]
    return [[a, b, *(pairs[i + 1] if i + 1 < len(pairs) else ())] for i, (a, b) in enumerate(pairs) if i % 2 == 0]


def _pdf_spacing(line: str) -> str:
    """Spaces between digits and Chinese characters, as PDF text extraction puts them (``2024 年``)."""
    line = re.sub(r"(?<=[\u4e00-\u9fff])(\d+)", r" \1", line)
    return re.sub(r"(\d)(?=[\u4e00-\u9fff])", r"\1 ", line)


TABLES = ("t2", "t3", "t4")  # the tables in order (Layout.appendix names them so)


def is_appended(rep: SampleReport, tid: str | None) -> bool:
    """Whether table ``tid`` is printed after the report (:attr:`Layout.appendix` names it; "" there: in its
    section, as the others' are not)."""
    return tid is not None and bool(rep.layout.appendix) and bool(rep.layout.appendix[TABLES.index(tid)])


def appendix_lines(rep: SampleReport, tid: str, title: str) -> tuple[str, list[str], list[str]]:
    """Table ``tid`` printed after the report (:attr:`Layout.appendix`): what its section's heading ends
    with, the lines under that heading, and the lines naming and titling the table there."""
    ref = rep.layout.appendix[TABLES.index(tid)]
    if rep.layout.appendix_said:
        return f"（详见{ref}）", [f"{rep.year}年有关情况详见{ref}。"], [ref, title]
    return "", [f"（详见{ref}）"], [f"{ref}：{title}"]


def section_texts(rep: SampleReport) -> tuple[dict[str, Section], dict[str, str]]:
    """The template's sections by id, and the prose of each section that holds no table (the
    layout's own where it gives it): what every printer prints between the tables."""
    return {s.id: s for s in spec().sections}, {**prose(rep, random.Random(rep.seed)), **rep.prose}


# the sections' titles as some reports word them (with the headings numbered apart from them, or not at all)
REWORDED = {
    "一": "基本情况",
    "二": "主动公开情况",
    "三": "依申请公开情况",
    "四": "行政复议和行政诉讼情况",
    "五": "存在的主要问题和改进措施",
    "六": "其他需要报告的事项",
}
# numberings that print the titles worded otherwise (:data:`REWORDED`)
RETITLED = ("apart", "badge", "badge_inline", "none")


def section_heading(rep: SampleReport, sid: str) -> str:
    """Section ``sid``'s heading as the report numbers it (:attr:`Layout.numbering`), its mark before it; a
    heading of two lines (its numeral on a line of its own) holds a line break."""
    lay = rep.layout
    title = REWORDED[sid] if lay.numbering in RETITLED else next(s.title for s in spec().sections if s.id == sid)
    k = "一二三四五六".index(sid) + 1
    numbered = {
        "arabic": f"{k}.{title}",
        "bracket": f"【{sid}、{title}】",
        "bracket_title": f"【{title}】",
        "apart": f"{sid}、\n{title}",
        "badge": f"{k:02d}\n{title}",
        "badge_inline": f"{k:02d} {title}",
        "none": title,
    }.get(lay.numbering, f"{sid}、{title}")
    return f"{lay.bullet}{numbered}"


def contents_lines(rep: SampleReport) -> list[str]:
    """The report's table of contents (目录) after its title, where it prints one (:attr:`Layout.contents`): the
    headings, with dot leaders and pages, with pages only, or alone."""
    form = rep.layout.contents
    if not form:
        return []
    lines = ["目  录"]
    for k, sid in enumerate("一二三四五六"):
        head = section_heading(rep, sid).removeprefix(rep.layout.bullet).replace("\n", "")
        page = 1 + k // 2
        lines.append(
            f"{head}{'…' * max(4, 30 - len(head))}{page}"
            if form == "leaders"
            else f"{head} {page}"
            if form == "pages"
            else head
        )
    return lines


def print_report(rep: SampleReport, style: str = "pipe") -> str:
    """The whole report as text in ``style`` (one of :data:`STYLES`), laid out as ``rep.layout`` says."""
    lay = rep.layout
    secs, text = section_texts(rep)
    grids = table_grids(rep)
    table_rng = random.Random(f"{rep.seed}-{style}")

    def para(s: str) -> list[str]:
        if lay.wrap and style == "pdftext":
            return _wrap(_pdf_spacing(s), lay.wrap)
        return [s]

    lines = [f"{k}：{v}" for k, v in lay.wrapper]
    if lay.meta:
        lines.extend(STYLES[style](site_meta_grid(rep)))
    article = len(lines)  # where the report itself begins (Layout.whole_twice prints it again from here)
    lines.extend(title_lines(rep))
    lines.extend(contents_lines(rep))
    lines.extend(para(intro(rep)))
    appended_by: dict[str, list[str]] = {}  # the tables printed after the report (Layout.appendix)
    for sid in "一二三四五六":
        table = {"二": "t2", "三": "t3", "四": "t4"}.get(sid)
        ref = appendix_lines(rep, table, secs[sid].title) if is_appended(rep, table) else ("", [], [])
        lines.extend(
            f"{'# ' if style == 'mineru' else ''}{h}" for h in f"{section_heading(rep, sid)}{ref[0]}".split("\n")
        )
        if table:
            printed = [*lay.above.get(table, ())]
            if table in lay.others_before:
                printed.extend(STYLES[style](other_grid(lay.others_before[table])))
            printed.extend(_table_lines(rep, table, grids[table], style, table_rng))
            printed.extend(lay.below.get(table, ()))
            if table in lay.others_after:
                printed.extend(STYLES[style](other_grid(lay.others_after[table])))
            if is_appended(rep, table):
                lines.extend(ref[1])
                appended_by[table] = ["", *ref[2], *printed]
            else:
                lines.extend(printed)
        else:
            for p in text[sid].split("\n"):
                lines.extend(para(p))
    lines.extend(lay.back)
    appended = [ln for tid in (lay.appendix_order or TABLES) for ln in appended_by.get(tid, ())]
    lines.extend(appended)
    if lay.whole_twice:  # the report pasted twice
        lines.extend(["", *lines[article:]])
    if lay.next_article and style != "runon":  # another article after the report (its 解读)
        lines.extend(["", *lay.next_article])
    if style == "runon":  # the whole page on one line, as a crawler's text of it gives it
        head = len(lay.wrapper) + (len(STYLES[style](site_meta_grid(rep))) if lay.meta else 0) + len(title_lines(rep))
        back = len(lines) - len(appended) - len(lay.back)  # the signature apart by spaces, as it is set apart
        # the page's head (a crawler's wrapper, the site's metadata, the title) apart by spaces before it
        lines = [" ".join([*lines[:head], "".join(lines[head:back])]) + "".join(f" {t}" for t in lines[back:])]
    if lay.fold:
        lines = [part for ln in lines for part in _fold(ln, lay.fold)]
    if lay.empty_lines == "docx2txt" and style == "lines":  # every line followed by an empty one
        lines = [x for ln in lines for x in (ln, "")]
    if lay.md_escaped and style == "markdown":  # its marks escaped, as mammoth's or pandoc's markdown has them
        lines = [ln if ln.startswith("|---") else re.sub(r"([.()])", r"\\\1", ln) for ln in lines]
    return "\n".join(lines) + "\n"
