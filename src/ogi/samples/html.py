"""A sample report as an HTML page, tables in the national layout (rowspan/colspan).

The page is what a government site publishes: a title, the prose, and the three
tables with merged header and label cells. With ``messy=True`` the markup gets
what real pages carry: ``<p>``/``<span>`` wrappers, ``&nbsp;``, labels broken
by ``<br>``, site navigation around the article. LibreOffice turns this page
into DOCX and PDF for the other formats' round trips.
"""

from __future__ import annotations

import html
import random

from ogi.samples.generate import SampleReport
from ogi.samples.printers import _groups, _v, prose
from ogi.template import Table, spec

Cell = tuple[str, int, int]  # text, rowspan, colspan


def _t2_rows(rep: SampleReport, table: Table) -> list[list[Cell]]:
    width = 1 + max(len(r.columns) for r in table.rows)
    rows: list[list[Cell]] = []
    for group, grows in _groups(table):
        rows.append([(group, 1, width)])
        cols = grows[0].columns
        span = (width - 1) // len(cols)
        head: list[Cell] = [("信息内容", 1, 1)]
        for i, c in enumerate(cols):
            head.append((c.label, 1, span if i < len(cols) - 1 else width - 1 - span * (len(cols) - 1)))
        rows.append(head)
        for r in grows:
            row: list[Cell] = [(r.label, 1, 1)]
            for i, c in enumerate(r.columns):
                v = rep.cells[f"{table.id}.{r.key}.{c.key}"]
                text = _v(v) + ("元" if c.unit == "元" and i == 1 and v else "")
                row.append((text, 1, span if i < len(cols) - 1 else width - 1 - span * (len(cols) - 1)))
            rows.append(row)
    return rows


def _t3_rows(rep: SampleReport, table: Table) -> list[list[Cell]]:
    cols = table.columns
    rows: list[list[Cell]] = [
        [("(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)", 3, 3), ("申请人情况", 1, 7)],
        [("自然人", 2, 1), ("法人或其他组织", 1, 5), ("总计", 2, 1)],
        [(c.label, 1, 1) for c in cols[1:6]],
    ]
    outcome_block = [r for r in table.rows if r.group == "三、本年度办理结果" or (r.group or "").startswith("(")]
    groups: dict[str, int] = {}
    for r in table.rows:
        if r.group and r.group.startswith("("):
            groups[r.group] = groups.get(r.group, 0) + 1
    seen: set[str] = set()
    first_outcome = True
    for r in table.rows:
        vals: list[Cell] = [(_v(rep.cells[f"t3.{r.key}.{c.key}"]), 1, 1) for c in cols]
        lead: list[Cell] = []
        if r in outcome_block:
            if first_outcome:
                lead.append(("三、本年度办理结果", len(outcome_block), 1))
                first_outcome = False
            if r.group and r.group.startswith("("):
                if r.group not in seen:
                    lead.append((r.group, groups[r.group], 1))
                    seen.add(r.group)
                lead.append((r.label, 1, 1))
            else:
                lead.append((r.label, 1, 2))
        else:
            lead.append((r.label, 1, 3))
        rows.append(lead + vals)
    return rows


def _t4_rows(rep: SampleReport, table: Table) -> list[list[Cell]]:
    labels = [c.label for c in table.columns]
    return [
        [("行政复议", 1, 5), ("行政诉讼", 1, 10)],
        [*[(lab, 2, 1) for lab in labels], ("未经复议直接起诉", 1, 5), ("复议后起诉", 1, 5)],
        [(lab, 1, 1) for lab in labels * 2],
        [(_v(rep.cells[f"t4.{r.key}.{c.key}"]), 1, 1) for r in table.rows for c in table.columns],
    ]


def _cell(text: str, rs: int, cs: int, rng: random.Random | None) -> str:
    attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
    body = html.escape(text)
    if rng is not None:
        if len(text) > 4 and not text.replace(".", "").isdigit() and rng.random() < 0.3:
            cut = rng.randint(2, len(text) - 2)
            body = html.escape(text[:cut]) + "<br/>" + html.escape(text[cut:])
        if rng.random() < 0.5:
            body = f'<p style="text-align:center"><span style="font-size:12pt">{body}</span></p>'
        if rng.random() < 0.2:
            body = "&nbsp;" + body + "&nbsp;"
    return f'<td valign="middle"{attrs}>{body}</td>'


def render_html(rep: SampleReport, messy: bool = False) -> str:
    rng = random.Random(rep.seed) if messy else None
    tpl = rep.template
    secs = {s.id: s for s in spec().sections}
    text = prose(rep, random.Random(rep.seed))
    builders = {"t2": _t2_rows, "t3": _t3_rows, "t4": _t4_rows}
    out = [
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"/>',
        f"<title>{html.escape(rep.agency)}{rep.year}年政府信息公开工作年度报告</title></head><body>",
    ]
    if messy:
        out.append('<div class="nav"><a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 年度报告</div>')
    out.append(f"<h1>{html.escape(rep.agency)}{rep.year}年政府信息公开工作年度报告</h1>")
    out.append(
        f"<p>本报告由{html.escape(rep.agency)}根据《中华人民共和国政府信息公开条例》编制，所列数据的统计期限自"
        f"{rep.year}年1月1日起至{rep.year}年12月31日止。</p>"
    )
    for sid in "一二三四五六":
        out.append(f"<h2>{sid}、{secs[sid].title}</h2>")
        tid = {"二": "t2", "三": "t3", "四": "t4"}.get(sid)
        if tid:
            out.append('<table border="1" cellspacing="0" cellpadding="2">')
            for row in builders[tid](rep, tpl.table(tid)):
                out.append("<tr>" + "".join(_cell(t, rs, cs, rng) for t, rs, cs in row) + "</tr>")
            out.append("</table>")
        else:
            for para in text[sid].split("\n"):
                out.append(f"<p>{html.escape(para)}</p>")
    if messy:
        out.append('<div class="footer">主办单位：某某人民政府办公室 &nbsp; 网站标识码：0000000000</div>')
    out.append("</body></html>")
    return "\n".join(out)
