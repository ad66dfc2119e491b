"""A reading laid out as the template prints it, ready for a page or the API.

Every label comes from :mod:`ogi.template`; nothing here spells one. Each value
cell carries its key, value, where it stood in the source, the worst finding on
it, and the latest hand correction.
"""

from __future__ import annotations

from typing import Any

from ogi.document import Document
from ogi.template import Table, Template, rule, template

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}
STATUS_LABELS = {"confirmed": "已确认", "dismissed": "已驳回"}
FORMAT_LABELS = {"text": "文本", "html": "网页", "docx": "Word", "pdf": "PDF", "image": "图片", "office": "Office"}


def fmt(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _cell(key: str, reading: dict[str, Any], marks: dict[str, dict[str, Any]], corr: dict[str, list]) -> dict[str, Any]:
    cells = reading.get("cells") or {}
    v = cells.get(key)
    inferred = (reading.get("inferred") or {}).get(key)
    c: dict[str, Any] = {
        "key": key,
        "value": v,
        "text": fmt(v),
        "where": (reading.get("provenance") or {}).get(key),
        "inferred": inferred if v is None else None,
        "severity": None,
        "messages": [],
        "correction": None,
    }
    m = marks.get(key)
    if m:
        c["severity"] = m["severity"]
        c["messages"] = m["messages"]
    if corr.get(key):
        c["correction"] = corr[key][0]
    return c


def cell_marks(findings: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Key → worst severity and the messages of the findings on it."""
    out: dict[str, dict[str, Any]] = {}
    for i, f in enumerate(findings):
        for k in f.get("keys") or []:
            m = out.setdefault(k, {"severity": f["severity"], "messages": [], "findings": []})
            if SEVERITY_ORDER.get(f["severity"], 9) < SEVERITY_ORDER.get(m["severity"], 9):
                m["severity"] = f["severity"]
            m["messages"].append(f["message"])
            m["findings"].append(i)
    return out


def _grid_table(t: Table, reading: dict, marks: dict, corr: dict) -> dict[str, Any]:
    """Tables with one set of columns for every row (表三): two header rows, group cells spanning rows."""
    cols = t.columns
    head1: list[dict[str, Any]] = [{"text": "", "colspan": 2, "rowspan": 2}]
    head2: list[dict[str, Any]] = []
    i = 0
    while i < len(cols):
        c = cols[i]
        if c.group:
            j = i
            while j < len(cols) and cols[j].group == c.group:
                head2.append({"text": cols[j].label})
                j += 1
            head1.append({"text": c.group, "colspan": j - i, "rowspan": 1})
            i = j
        else:
            head1.append({"text": c.label, "colspan": 1, "rowspan": 2})
            i += 1
    rows = []
    n = len(t.rows)
    for ri, r in enumerate(t.rows):
        row: dict[str, Any] = {"label": r.label, "group": None, "group_span": 0}
        if r.group:
            if ri == 0 or t.rows[ri - 1].group != r.group:
                span = 1
                while ri + span < n and t.rows[ri + span].group == r.group:
                    span += 1
                row["group"] = r.group
                row["group_span"] = span
            else:
                row["group_span"] = -1  # covered by the cell above
        row["cells"] = [_cell(f"{t.id}.{r.key}.{c.key}", reading, marks, corr) for c in r.columns]
        rows.append(row)
    return {"id": t.id, "heading": t.heading, "kind": "grid", "head": [head1, head2], "rows": rows}


def _one_line_table(t: Table, reading: dict, marks: dict, corr: dict) -> dict[str, Any]:
    """表四: every row of the template printed side by side on one line."""
    top: list[dict[str, Any]] = []
    mid: list[dict[str, Any]] = []
    for r in t.rows:
        span = len(r.columns)
        if r.short and r.label.endswith(r.short) and r.label != r.short:
            outer = r.label[: -len(r.short)].strip()
            if top and top[-1]["text"] == outer and top[-1].get("rowspan") == 1:
                top[-1]["colspan"] += span
            else:
                top.append({"text": outer, "colspan": span, "rowspan": 1})
            mid.append({"text": r.short, "colspan": span})
        else:
            top.append({"text": r.label, "colspan": span, "rowspan": 2})
    labels = [{"text": c.label} for r in t.rows for c in r.columns]
    cells = [_cell(f"{t.id}.{r.key}.{c.key}", reading, marks, corr) for r in t.rows for c in r.columns]
    return {"id": t.id, "heading": t.heading, "kind": "one_line", "head": [top, mid, labels], "cells": cells}


def _block_table(t: Table, reading: dict, marks: dict, corr: dict) -> dict[str, Any]:
    """表二: blocks of rows, each under its group with its own column labels."""
    width = max(len(r.columns) for r in t.rows)
    blocks: list[dict[str, Any]] = []
    for r in t.rows:
        if not blocks or blocks[-1]["group"] != r.group or blocks[-1]["columns"] != [c.label for c in r.columns]:
            blocks.append({"group": r.group, "columns": [c.label for c in r.columns], "rows": []})
        blocks[-1]["rows"].append(
            {"label": r.label, "cells": [_cell(f"{t.id}.{r.key}.{c.key}", reading, marks, corr) for c in r.columns]}
        )
    for b in blocks:
        b["pad"] = width - len(b["columns"])
    return {"id": t.id, "heading": t.heading, "kind": "blocks", "width": width, "blocks": blocks}


def layout(reading: dict[str, Any], corrections: dict[str, list] | None = None) -> list[dict[str, Any]]:
    """The template's tables for this reading, in order, with values and marks."""
    tpl: Template = template(reading.get("template") or "2021")
    marks = cell_marks(reading.get("findings") or [])
    corr = corrections or {}
    out = []
    for t in tpl.tables:
        if t.layout == "one_line":
            out.append(_one_line_table(t, reading, marks, corr))
        elif t.columns:
            out.append(_grid_table(t, reading, marks, corr))
        else:
            out.append(_block_table(t, reading, marks, corr))
    return out


def key_label(tid: str | None, key: str) -> str:
    tpl = template(tid or "2021")
    k = tpl.keys.get(key)
    if k is None:
        other = template("2019" if tpl.id == "2021" else "2021").keys.get(key)
        return other.label if other else key
    return k.label


def findings_view(
    reading: dict[str, Any], reviews: dict[str, list[dict[str, Any]]] | None = None
) -> list[dict[str, Any]]:
    """Findings worst first, each with its rule's title, its cells' labels and its review marks."""
    from ogi.web.db import finding_id

    out = []
    for i, f in enumerate(reading.get("findings") or []):
        fid = finding_id(f["rule"], f.get("keys") or [], f.get("message", ""))
        try:
            title = rule(f["rule"]).title
        except KeyError:
            title = f["rule"]
        marks = (reviews or {}).get(fid, [])
        out.append(
            {
                "index": i,
                "id": fid,
                "rule": f["rule"],
                "title": title,
                "severity": f["severity"],
                "severity_label": SEVERITY_LABELS.get(f["severity"], f["severity"]),
                "message": f.get("message", ""),
                "cells": [{"key": k, "label": key_label(reading.get("template"), k)} for k in (f.get("keys") or [])],
                "where": f.get("where") or [],
                "review": marks[0] if marks else None,
                "history": marks,
            }
        )
    out.sort(key=lambda d: (SEVERITY_ORDER.get(d["severity"], 9), d["index"]))
    return out


def document_lines(doc: Document) -> list[list[Any]]:
    """The document as stored for the source view: [grid, [[text, where], ...]] per line."""
    return [[ln.grid, [[c.text, c.where.to_dict()] for c in ln.cells]] for ln in doc.lines]


def source_view(lines: list[list[Any]] | None) -> list[dict[str, Any]]:
    """Stored document lines → rows for the source pane, each with its line number or table place."""
    out = []
    for grid, cells in lines or []:
        first = cells[0][1] if cells else {}
        out.append(
            {
                "grid": grid,
                "line": first.get("line"),
                "page": first.get("page"),
                "cells": [{"text": t, "where": w} for t, w in cells],
            }
        )
    return out
