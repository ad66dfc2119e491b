"""One reading as a download: JSON, CSV (one row per value) or XLSX, labels from the template.

The reading's hand corrections (newest version first, by key) and review marks (by finding id)
travel with it; the template's reading fields, each finding's basis and scope are in every form.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from ogi.model import Report
from ogi.template import fields, fmt_number, key_label, severity_labels

SEVERITY_LABELS = severity_labels()
LONG_HEADER = ["键", "项目", "数值", "推断值", "更正值", "位置", "问题"]


def _rows(r: Report, corrections: dict[str, list]) -> list[list[Any]]:
    notes: dict[str, list[str]] = {}
    for f in r.findings:
        for k in f.keys:
            notes.setdefault(k, []).append(f"[{SEVERITY_LABELS.get(f.severity, f.severity)}] {f.message}")
    out = []
    for k, v in r.cells.items():
        w = r.provenance.get(k)
        corr = corrections.get(k)
        out.append(
            [
                k,
                key_label(k, r.template),
                v,
                r.inferred.get(k),
                corr[0]["value"] if corr else None,
                " ".join(f"{a}={b}" for a, b in (w.to_dict() if w else {}).items()),
                "；".join(notes.get(k, [])),
            ]
        )
    return out


def to_json(r: Report, corrections: dict[str, list], reviews: dict[str, list]) -> bytes:
    """The reading (:meth:`Report.to_dict`) with ``corrections`` and ``reviews`` when there are any."""
    d = r.to_dict()
    if corrections:
        d["corrections"] = corrections
    if reviews:
        d["reviews"] = reviews
    return json.dumps(d, ensure_ascii=False, indent=1).encode("utf-8")


def to_csv(r: Report, corrections: dict[str, list]) -> bytes:
    """One row per value (:data:`LONG_HEADER`), UTF-8 with BOM (Excel opens Chinese CSV right)."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(LONG_HEADER)
    for row in _rows(r, corrections):
        w.writerow([x if isinstance(x, str) else fmt_number(x) for x in row])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def to_xlsx(r: Report, corrections: dict[str, list]) -> bytes:
    """Three sheets: 数值 (one row per value), 问题 (findings with their basis), 报告 (the source
    and the reading's fields)."""
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    bold = wb.add_format({"bold": True})
    ws = wb.add_worksheet("数值")
    ws.write_row(0, 0, LONG_HEADER, bold)
    for i, row in enumerate(_rows(r, corrections), start=1):
        ws.write_row(i, 0, row)
    ws.set_column(0, 0, 28)
    ws.set_column(1, 1, 60)
    ws.set_column(6, 6, 60)
    fs = wb.add_worksheet("问题")
    fs.write_row(0, 0, ["级别", "规则", "说明", "涉及项目", "依据"], bold)
    for i, f in enumerate(r.findings, start=1):
        fs.write_row(i, 0, [SEVERITY_LABELS.get(f.severity, f.severity), f.rule, f.message, " ".join(f.keys), f.basis])
    fs.set_column(2, 2, 80)
    fs.set_column(4, 4, 40)
    meta = wb.add_worksheet("报告")
    head = [("文件", r.source.path), ("SHA-256", r.source.sha256)]
    for i, (a, b) in enumerate(head + [(f.label, getattr(r, f.id)) for f in fields()]):
        meta.write_row(i, 0, [a, b])
    wb.close()
    return buf.getvalue()
