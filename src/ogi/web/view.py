"""A reading laid out as the template prints it, ready for a page or its ``.json``.

Every label comes from :mod:`ogi.template`; nothing here spells one. Each value cell carries its
key, value, where it stood in the source, the worst finding on it, and the latest hand correction.
"""

from __future__ import annotations

from typing import Any

from ogi.model import Finding, Report
from ogi.template import Table, fields, fmt_number, key_label, rule, severity_labels

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
SEVERITY_LABELS = severity_labels()
STATUS_LABELS = {"confirmed": "已确认", "dismissed": "已驳回"}
UPLOAD_LABELS = {"queued": "排队中", "reading": "读取中", "done": "已完成", "error": "无法读取"}
FORMAT_LABELS = {"text": "文本", "html": "网页", "docx": "Word", "pdf": "PDF", "image": "图片", "office": "Office"}


def fmt(v: Any) -> str:
    return fmt_number(v)


class _Cells:
    """What every value cell of one reading needs, gathered once."""

    def __init__(self, r: Report, corrections: dict[str, list[dict[str, Any]]]) -> None:
        self.r, self.corr = r, corrections
        self.marks = cell_marks(r.findings)

    def __call__(self, key: str) -> dict[str, Any]:
        r = self.r
        v = r.cells.get(key)
        w = r.provenance.get(key)
        c: dict[str, Any] = {
            "key": key,
            "value": v,
            "text": fmt_number(v),
            "where": w.to_dict() if w is not None else None,
            "inferred": r.inferred.get(key) if v is None else None,
            "severity": None,
            "messages": [],
            "correction": None,
        }
        m = self.marks.get(key)
        if m:
            c["severity"] = m["severity"]
            c["messages"] = m["messages"]
        if self.corr.get(key):
            c["correction"] = self.corr[key][0]
        return c


def cell_marks(findings: list[Finding]) -> dict[str, dict[str, Any]]:
    """Key → worst severity and the messages of the findings on it."""
    out: dict[str, dict[str, Any]] = {}
    for i, f in enumerate(findings):
        for k in f.keys:
            m = out.setdefault(k, {"severity": f.severity, "messages": [], "findings": []})
            if SEVERITY_ORDER.get(f.severity, 9) < SEVERITY_ORDER.get(m["severity"], 9):
                m["severity"] = f.severity
            m["messages"].append(f.message)
            m["findings"].append(i)
    return out


def _grid_table(t: Table, cell: _Cells) -> dict[str, Any]:
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
        row["cells"] = [cell(f"{t.id}.{r.key}.{c.key}") for c in r.columns]
        rows.append(row)
    return {"id": t.id, "heading": t.heading, "kind": "grid", "head": [head1, head2], "rows": rows}


def _one_line_table(t: Table, cell: _Cells) -> dict[str, Any]:
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
    cells = [cell(f"{t.id}.{r.key}.{c.key}") for r in t.rows for c in r.columns]
    return {"id": t.id, "heading": t.heading, "kind": "one_line", "head": [top, mid, labels], "cells": cells}


def _block_table(t: Table, cell: _Cells) -> dict[str, Any]:
    """表二: blocks of rows, each under its group with its own column labels."""
    width = max(len(r.columns) for r in t.rows)
    blocks: list[dict[str, Any]] = []
    for r in t.rows:
        if not blocks or blocks[-1]["group"] != r.group or blocks[-1]["columns"] != [c.label for c in r.columns]:
            blocks.append({"group": r.group, "columns": [c.label for c in r.columns], "rows": []})
        blocks[-1]["rows"].append({"label": r.label, "cells": [cell(f"{t.id}.{r.key}.{c.key}") for c in r.columns]})
    for b in blocks:
        b["pad"] = width - len(b["columns"])
    return {"id": t.id, "heading": t.heading, "kind": "blocks", "width": width, "blocks": blocks}


def layout(r: Report, corrections: dict[str, list[dict[str, Any]]] | None = None) -> list[dict[str, Any]]:
    """The template's tables for this reading, in order, with values and marks."""
    cell = _Cells(r, corrections or {})
    out = []
    for t in r.format.tables:
        if t.layout == "one_line":
            out.append(_one_line_table(t, cell))
        elif t.columns:
            out.append(_grid_table(t, cell))
        else:
            out.append(_block_table(t, cell))
    return out


def meta_view(r: Report) -> list[dict[str, Any]]:
    """The reading's fields (the template's ``[[field]]``), each with its label and value shown."""
    return [{"id": f.id, "label": f.label, "value": getattr(r, f.id)} for f in fields()]


def findings_view(r: Report, reviews: dict[str, list[dict[str, Any]]] | None = None) -> list[dict[str, Any]]:
    """Findings worst first, each with its rule's title, its basis, its cells' labels and its review marks."""
    out = []
    for i, f in enumerate(r.findings):
        fid = f.id
        try:
            title = rule(f.rule).title
        except KeyError:
            title = f.rule
        marks = (reviews or {}).get(fid, [])
        out.append(
            {
                "index": i,
                "id": fid,
                "rule": f.rule,
                "title": title,
                "severity": f.severity,
                "severity_label": SEVERITY_LABELS.get(f.severity, f.severity),
                "message": f.message,
                "basis": f.basis,
                "scope": f.scope,
                "related": f.related,
                "cells": [{"key": k, "label": key_label(k, r.template)} for k in f.keys],
                "where": [w.to_dict() for w in f.where],
                "review": marks[0] if marks else None,
                "history": marks,
            }
        )
    out.sort(key=lambda d: (SEVERITY_ORDER.get(d["severity"], 9), d["index"]))
    return out


def source_view(lines: list[list[Any]] | None) -> list[dict[str, Any]]:
    """Stored document lines (:func:`ogi.model.document_lines`) → rows for the source pane, each
    with its line number or table place."""
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


def labels(r: Report) -> dict[str, str]:
    """Each of the reading's keys → its label."""
    return {k: key_label(k, r.template) for k in r.cells}
