"""Check: every rule of the template that one report can be held to.

Each finding names its rule id (from the template data), the keys involved,
their values, where they stand, and a message in Chinese with the template's
own labels. Rules that need two reports live in :mod:`ogi.check.cross_year`.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from ogi.check.arithmetic import check_equations, equations, infer_missing
from ogi.extract import Extraction
from ogi.model import Document, Finding
from ogi.template import Template, cell, rule, spec

__all__ = ["Finding", "check", "infer_missing"]

# A value read by OCR below this confidence is uncertain unless the equations confirm it.
UNCERTAIN_BELOW = 0.85


def _kind_word(kind: str) -> str:
    """Which of cells.invalid's words says what a value of this kind should be."""
    return "count" if kind == "count" else "number"


def _by_row(tpl: Template, keys: list[str]) -> dict[tuple[str, str], list[str]]:
    rows: dict[tuple[str, str], list[str]] = defaultdict(list)
    for k in keys:
        key = tpl.keys[k]
        rows[(key.table.id, key.row.key)].append(k)
    return rows


def check_cells(tpl: Template, ex: Extraction) -> list[Finding]:
    r = ex.tables
    out: list[Finding] = []
    missing = [k for k, v in r.cells.items() if v is None]
    for (tid, rkey), keys in _by_row(tpl, missing).items():
        table = tpl.table(tid)
        row = table.row(rkey)
        ru = rule("cells.missing")
        if tid not in r.tables_found:
            what = ru.text("table_missing", table=table.heading)
        elif len(keys) == len(row.columns):
            what = ru.text("row_missing", table=f"表{table.number}", row=row.display)
        else:
            cols = "、".join(f"「{tpl.keys[k].column.label}」" for k in keys)
            what = ru.text("cells_missing", table=f"表{table.number}", row=row.display, columns=cols)
        dev = [d for d in table.deviations if rkey in d.stands_for]
        old = ""
        if dev and any(k.startswith(f"{tid}.{dev[0].key}.") for k in r.extras):
            old = ru.text("old_format", row=dev[0].label)
        out.append(Finding.of("cells.missing", None, keys, says={"what": what, "old_format": old}))
    for (tid, rkey), keys in _by_row(tpl, r.blanks).items():
        table = tpl.table(tid)
        row = table.row(rkey)
        cols = "、".join(f"「{tpl.keys[k].column.label}」" for k in keys)
        out.append(
            Finding.of(
                "cells.blank",
                None,
                keys,
                dict.fromkeys(keys, 0),
                [r.where[k] for k in keys if k in r.where],
                says={"table": f"表{table.number}", "row": row.display, "columns": cols},
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
                    None,
                    [k],
                    {k: v},
                    [r.where[k]] if k in r.where else [],
                    says={"cell": cell(tpl, k, v), "expected": rule("cells.invalid").text(_kind_word(kind))},
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
        ru = rule("table.duplicate")
        pairs = "；".join(
            ru.text("pair", cell=cell(tpl, d.key), first=d.first, second=d.second) for d in differ[:5]
        )
        msg = ru.say(rows="、".join(rows), differ=ru.text("differ", pairs=pairs) if differ else "")
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
                None,
                [k],
                {k: r.cells[k]},
                [r.where[k]] if k in r.where else [],
                says={"cell": cell(tpl, k, r.cells[k]), "confidence": c},
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
                None,
                keys,
                {"text": st.value, "table": table_v},
                [st.where],
                says={"quote": st.quote, "rows": label, "column": k0.column.label, "value": table_v},
            )
        )
    return out


def check_structure(doc: Document, tpl: Template, ex: Extraction) -> list[Finding]:
    out = []
    secs = spec().sections
    missing = [s for s in secs if s.id not in ex.sections.starts]
    if missing:
        out.append(
            Finding.of("section.missing", None, says={"sections": "、".join(f"{s.id}、{s.title}" for s in missing)})
        )
    five = ex.sections.texts.get("五")
    if "五" in ex.sections.starts and (not five or five.strip(" 。.") in ("无", "暂无", "没有")):
        title = next(s.title for s in secs if s.id == "五")
        out.append(Finding.of("section.missing", rule("section.missing").text("empty", section="五", title=title)))
    m = ex.meta
    ys = m.year_sources
    if len(set(ys.values())) > 1:
        ru = rule("year.mismatch")
        years = "，".join(ru.text("part", source=ru.params["sources"][k], year=str(v)) for k, v in ys.items())
        out.append(Finding.of("year.mismatch", None, values=dict(ys), says={"years": years}))
    if m.year is not None and m.template_by == "layout" and not tpl.covers(m.year):
        out.append(
            Finding.of("template.year", None, says={"year": str(m.year), "format": tpl.id, "notice": tpl.notice})
        )
    for note in doc.notes:
        out.append(Finding.of("input.partial", None, says={"note": note}))
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
            values={"published": m.published.date.isoformat(), "deadline": due.isoformat(), "days_late": days},
            where=[m.published.where] if m.published.where else [],
            says={
                "by": m.published.by,
                "published": _cn_date(m.published.date),
                "organs": rule.organs,
                "deadline": _cn_date(due),
                "year": str(m.year),
                "days": days,
            },
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
