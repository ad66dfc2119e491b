"""Check: every rule of the template that one report can be held to.

Each finding names its rule id (from the template data), the keys involved,
their values, where they stand, and a message in Chinese with the template's
own labels. Rules that need two reports live in :mod:`ogi.check.cross_year`.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from ogi.check.arithmetic import check_equations, equations, infer_missing
from ogi.check.findings import Finding
from ogi.document import Document
from ogi.extract import Extraction
from ogi.template import Template, spec

__all__ = ["Finding", "check", "infer_missing"]

# A value read by OCR below this confidence is uncertain unless the equations confirm it.
UNCERTAIN_BELOW = 0.85


def _fmt(v: object) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _by_row(tpl: Template, keys: list[str]) -> dict[tuple[str, str], list[str]]:
    rows: dict[tuple[str, str], list[str]] = defaultdict(list)
    for k in keys:
        key = tpl.keys[k]
        rows[(key.table.id, key.row.key)].append(k)
    return rows


def check_cells(tpl: Template, ex: Extraction) -> list[Finding]:
    r = ex.tables
    out: list[Finding] = []
    missing = [k for k, v in r.cells.items() if v is None and k not in r.where]
    for k in (k for k, v in r.cells.items() if v is None and k in r.where):  # printed, but no number
        out.append(
            Finding.of(
                "cells.invalid",
                f"{tpl.keys[k].label}的数值位数过多，超出可读取的范围，未能读取",
                [k],
                {k: None},
                [r.where[k]],
            )
        )
    for (tid, rkey), keys in _by_row(tpl, missing).items():
        table = tpl.table(tid)
        row = table.row(rkey)
        if tid not in r.tables_found:
            what = f"{table.heading}未找到"
        elif len(keys) == len(row.columns):
            what = f"表{table.number}缺少「{row.display}」行"
        else:
            cols = "、".join(f"「{tpl.keys[k].column.label}」" for k in keys)
            what = f"表{table.number}「{row.display}」行缺少{cols}"
        dev = [d for d in table.deviations if rkey in d.stands_for]
        if dev and any(k.startswith(f"{tid}.{dev[0].key}.") for k in r.extras):
            what += f"（报告按旧格式只列了一行「{dev[0].label}」，未分项填报）"
        out.append(Finding.of("cells.missing", what + "，数值缺失", keys))
    for (tid, rkey), keys in _by_row(tpl, r.blanks).items():
        table = tpl.table(tid)
        row = table.row(rkey)
        cols = "、".join(f"「{tpl.keys[k].column.label}」" for k in keys)
        out.append(
            Finding.of(
                "cells.blank",
                f"表{table.number}「{row.display}」行的{cols}为空白或“/”“—”，按0读取",
                keys,
                dict.fromkeys(keys, 0),
                [r.where[k] for k in keys if k in r.where],
            )
        )
    for k, v in r.cells.items():
        if v is None:
            continue
        kind = tpl.keys[k].column.kind
        bad = (v < 0 and kind != "change") or (kind != "amount" and isinstance(v, float))
        if bad:
            out.append(
                Finding.of(
                    "cells.invalid",
                    f"{tpl.keys[k].label}为{_fmt(v)}，应为{'非负整数' if kind == 'count' else '数值'}",
                    [k],
                    {k: v},
                    [r.where[k]] if k in r.where else [],
                )
            )
    if r.duplicates:
        differ = [d for d in r.duplicates if d.first != d.second]
        rows = sorted(
            {
                f"表{tpl.keys[d.key].table.number}「{tpl.keys[d.key].row.display}」"
                for d in r.duplicates
                if d.key in tpl.keys
            }
        )
        msg = "、".join(rows) + "重复出现"
        if differ:
            msg += "，且前后数值不一致：" + "；".join(
                f"{tpl.keys[d.key].label}先为{_fmt(d.first)}后为{_fmt(d.second)}" for d in differ[:5]
            )
        keys = [d.key for d in r.duplicates]
        out.append(
            Finding.of(
                "table.duplicate",
                msg,
                keys,
                {d.key: [d.first, d.second] for d in r.duplicates},
                [d.where for d in r.duplicates],
                severity="error" if differ else None,
            )
        )
    return out


def check_uncertain(tpl: Template, ex: Extraction, failing: list[Finding]) -> list[Finding]:
    """OCR'd values below the confidence bar that no satisfied equation confirms."""
    r = ex.tables
    low = {k: c for k, c in r.confidence.items() if c < UNCERTAIN_BELOW}
    if not low:
        return []
    failed = {(f.rule, tuple(f.keys)) for f in failing}
    confirmed: set[str] = set()
    for eq in equations(tpl):
        ks = [t[0] for t in eq.left + eq.right]
        if all(r.cells.get(x) is not None for x in ks) and (eq.rule.id, tuple(ks)) not in failed:
            confirmed.update(ks)
    out = []
    for k, c in low.items():
        if k in confirmed:
            continue
        out.append(
            Finding.of(
                "cells.uncertain",
                f"{tpl.keys[k].label}识别为{_fmt(r.cells[k])}，识别置信度{c:.0%}，且未被勾稽关系证实，请核对原件",
                [k],
                {k: r.cells[k]},
                [r.where[k]] if k in r.where else [],
            )
        )
    return out


def check_narrative(tpl: Template, ex: Extraction) -> list[Finding]:
    cells = ex.tables.cells
    out = []
    seen: set[tuple[str, int]] = set()
    for st in ex.statements:
        keys = [k for k in st.keys if k in tpl.keys]
        if not keys or len(keys) != len(st.keys):  # a measure of the other format
            continue
        vals = [cells.get(k) for k in keys]
        if any(v is None for v in vals):
            continue
        table_v = sum(vals)  # type: ignore[arg-type]
        if abs(table_v - st.value) < 1e-6 or (st.measure, st.value) in seen:
            continue
        seen.add((st.measure, st.value))
        k0 = tpl.keys[keys[0]]
        label = (
            f"表{k0.table.number}「{k0.row.display}」"
            if len(keys) == 1
            else f"表{k0.table.number}"
            + "+".join(f"「{tpl.keys[k].row.display}」" for k in keys[:3])
            + ("等" if len(keys) > 3 else "")
        )
        out.append(
            Finding.of(
                "narrative.mismatch",
                f"正文称「{st.quote}」，而{label}「{k0.column.label}」为{_fmt(table_v)}，正文与表格不一致",
                keys,
                {"text": st.value, "table": table_v},
                [st.where],
            )
        )
    return out


def check_structure(doc: Document, tpl: Template, ex: Extraction) -> list[Finding]:
    out = []
    secs = spec().sections
    missing = [s for s in secs if s.id not in ex.sections.starts]
    if missing:
        out.append(
            Finding.of(
                "section.missing",
                "报告缺少以下部分：" + "、".join(f"{s.id}、{s.title}" for s in missing),
            )
        )
    five = ex.sections.texts.get("五")
    if "五" in ex.sections.starts and (not five or five.strip(" 。.") in ("无", "暂无", "没有")):
        out.append(Finding.of("section.missing", "第五部分「存在的主要问题及改进情况」为空或仅写“无”"))
    m = ex.meta
    ys = m.year_sources
    if len(set(ys.values())) > 1:
        desc = {"title": "标题", "period": "统计期限", "prose": "正文"}
        out.append(
            Finding.of(
                "year.mismatch",
                "报告年度前后不一：" + "，".join(f"{desc[k]}为{v}年" for k, v in ys.items()),
                values=dict(ys),
            )
        )
    if m.year is not None and m.template_by == "layout" and not tpl.covers(m.year):
        out.append(
            Finding.of(
                "template.year",
                f"报告年度为{m.year}年，但表格采用{tpl.id}年版格式（{tpl.notice}）",
            )
        )
    for note in doc.notes:
        out.append(Finding.of("input.partial", note))
    return out


def _cn_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def check_published(ex: Extraction) -> list[Finding]:
    """published.late: the date the report states it was published, against the deadline for its
    kind of organ (条例 第四十九条; the deadlines are template data)."""
    m = ex.meta
    if m.published is None or m.year is None or not m.agency:
        return []
    rule = spec().deadline(m.agency)
    due = rule.for_year(m.year) if rule else None
    if rule is None or due is None or m.published.date <= due:
        return []
    days = (m.published.date - due).days
    return [
        Finding.of(
            "published.late",
            f"报告{m.published.by}为{_cn_date(m.published.date)}，{rule.organs}应在"
            f"{_cn_date(due)}前公布{m.year}年度报告，逾期{days}天",
            values={"published": m.published.date.isoformat(), "deadline": due.isoformat(), "days_late": days},
            where=[m.published.where] if m.published.where else [],
        )
    ]


def check(doc: Document, ex: Extraction) -> list[Finding]:
    tpl = ex.meta.template
    assert tpl is not None
    r = ex.tables
    findings = check_cells(tpl, ex)
    arithmetic = check_equations(tpl, r.cells, r.extras, r.where)
    findings += arithmetic
    findings += check_uncertain(tpl, ex, arithmetic)
    findings += check_narrative(tpl, ex)
    findings += check_structure(doc, tpl, ex)
    findings += check_published(ex)
    return findings
