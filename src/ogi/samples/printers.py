"""Print a sample report as text, in each of the styles reports reach us in."""

from __future__ import annotations

import random
from collections.abc import Callable

from ogi.samples.generate import SampleReport
from ogi.template import Row, Table, spec

Grid = list[list[str]]


def _v(x: int | float) -> str:
    if isinstance(x, float):
        return f"{x:.6f}".rstrip("0").rstrip(".")
    return str(x)


def _groups(table: Table) -> list[tuple[str, list[Row]]]:
    out: list[tuple[str, list[Row]]] = []
    for r in table.rows:
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
    for group, rows in _groups(t2):
        g.append([group])
        g.append(["信息内容", *[c.label for c in rows[0].columns]])
        for r in rows:
            g.append([r.label, *[_v(rep.cells[f"t2.{r.key}.{c.key}"]) for c in r.columns]])
    grids["t2"] = g
    t3 = tpl.table("t3")
    g = [
        ["(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)", "申请人情况"],
        ["自然人", "法人或其他组织", "总计"],
        [c.label for c in t3.columns[1:6]],
    ]
    for r in t3.rows:
        vals = [_v(rep.cells[f"t3.{r.key}.{c.key}"]) for c in t3.columns]
        label = [r.group, r.label] if r.group and r.group.startswith("(") else [r.label]
        g.append([*label, *vals])
    grids["t3"] = g
    t4 = tpl.table("t4")
    cols = [c.label for c in t4.columns]
    grids["t4"] = [
        ["行政复议", "行政诉讼"],
        [*cols, "未经复议直接起诉", "复议后起诉"],
        cols + cols,
        [_v(rep.cells[f"t4.{r.key}.{c.key}"]) for r in t4.rows for c in t4.columns],
    ]
    return grids


def prose(rep: SampleReport, rng: random.Random) -> dict[str, str]:
    c = rep.cells
    y = rep.year
    a = rep.agency
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
    return {
        "一": (
            f"(一)主动公开\n{y}年，{a}坚持以公开为常态、不公开为例外，通过门户网站发布各类信息{posted}条，"
            f"更新政策解读{rng.randint(1, 30)}篇。\n(二)依申请公开\n{apply}{law}\n"
            "(三)政府信息管理\n严格落实信息发布审核制度，做好保密审查。\n"
            "(四)政府信息公开平台建设\n持续优化政府网站栏目设置。\n(五)监督保障\n将政务公开纳入年度考核。"
        ),
        "五": (
            "(一)存在的主要问题\n公开内容的深度和广度有待提升，政策解读形式较为单一。\n"
            f"(二)改进情况\n{y + 1}年将加强业务培训，丰富解读形式，推动政务公开工作提质增效。"
        ),
        "六": f"本年度未收取信息处理费。{a}无其他需要报告的事项。",
    }


def _style_pipe(grid: Grid) -> list[str]:
    return [" | ".join(row) + " |" for row in grid]


def _style_markdown(grid: Grid) -> list[str]:
    width = max(len(r) for r in grid)
    lines = ["| " + " | ".join(r + [""] * (width - len(r))) + " |" for r in grid]
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


def _style_pdftext(grid: Grid) -> list[str]:
    out = []
    for r in grid:
        label = [c for c in r if not c.lstrip("-").replace(".", "", 1).isdigit()]
        nums = [c for c in r if c not in label]
        text = "".join(label)
        if len(text) > 18 and nums:
            out.append(text[:16] + " " + " ".join(nums))
            out.append(text[16:])
        else:
            out.append(" ".join([text, *nums]).strip())
    return out


STYLES: dict[str, Callable[[Grid], list[str]]] = {
    "pipe": _style_pipe,
    "markdown": _style_markdown,
    "cells": _style_cells,
    "tabs": _style_tabs,
    "pdftext": _style_pdftext,
}


def print_report(rep: SampleReport, style: str = "pipe") -> str:
    """The whole report as text in ``style``."""
    rng = random.Random(rep.seed)
    secs = {s.id: s for s in spec().sections}
    text = prose(rep, rng)
    grids = table_grids(rep)
    lines = [
        f"{rep.agency}{rep.year}年政府信息公开工作年度报告",
        f"本报告由{rep.agency}根据《中华人民共和国政府信息公开条例》编制，所列数据的统计期限自"
        f"{rep.year}年1月1日起至{rep.year}年12月31日止。",
    ]
    for sid in "一二三四五六":
        lines.append(f"{sid}、{secs[sid].title}")
        table = {"二": "t2", "三": "t3", "四": "t4"}.get(sid)
        if table:
            lines.extend(STYLES[style](grids[table]))
        else:
            lines.extend(text[sid].split("\n"))
    return "\n".join(lines) + "\n"
