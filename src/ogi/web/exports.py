"""A reading as a download: JSON, CSV (one row per value) or XLSX, labels from the template."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from ogi.web.view import SEVERITY_LABELS, fmt, key_label

LONG_HEADER = ["键", "项目", "数值", "推断值", "更正值", "位置", "问题"]


def _rows(reading: dict[str, Any], corrections: dict[str, list]) -> list[list[Any]]:
    tid = reading.get("template")
    cells = reading.get("cells") or {}
    inferred = reading.get("inferred") or {}
    prov = reading.get("provenance") or {}
    notes: dict[str, list[str]] = {}
    for f in reading.get("findings") or []:
        for k in f.get("keys") or []:
            notes.setdefault(k, []).append(f"[{SEVERITY_LABELS.get(f['severity'], f['severity'])}] {f['message']}")
    rows = []
    for k, v in cells.items():
        w = prov.get(k) or {}
        corr = corrections.get(k)
        rows.append(
            [
                k,
                key_label(tid, k),
                v,
                inferred.get(k),
                corr[0]["value"] if corr else None,
                " ".join(f"{a}={b}" for a, b in w.items()),
                "；".join(notes.get(k, [])),
            ]
        )
    return rows


def to_json(reading: dict[str, Any], corrections: dict[str, list], reviews: dict[str, list]) -> bytes:
    d = dict(reading)
    if corrections:
        d["corrections"] = {k: v for k, v in corrections.items()}
    if reviews:
        d["reviews"] = reviews
    return json.dumps(d, ensure_ascii=False, indent=1).encode("utf-8")


def to_csv(reading: dict[str, Any], corrections: dict[str, list]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(LONG_HEADER)
    for r in _rows(reading, corrections):
        w.writerow([fmt(x) if not isinstance(x, str) else x for x in r])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")  # BOM: Excel opens Chinese CSV correctly


def to_xlsx(reading: dict[str, Any], corrections: dict[str, list]) -> bytes:
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    bold = wb.add_format({"bold": True})
    ws = wb.add_worksheet("数值")
    ws.write_row(0, 0, LONG_HEADER, bold)
    for i, r in enumerate(_rows(reading, corrections), start=1):
        ws.write_row(i, 0, r)
    ws.set_column(0, 0, 28)
    ws.set_column(1, 1, 60)
    ws.set_column(6, 6, 60)
    fs = wb.add_worksheet("问题")
    fs.write_row(0, 0, ["级别", "规则", "说明", "涉及项目"], bold)
    for i, f in enumerate(reading.get("findings") or [], start=1):
        fs.write_row(
            i,
            0,
            [SEVERITY_LABELS.get(f["severity"], f["severity"]), f["rule"], f["message"], " ".join(f.get("keys", []))],
        )
    fs.set_column(2, 2, 80)
    meta = wb.add_worksheet("报告")
    src = reading.get("source") or {}
    for i, (a, b) in enumerate(
        [
            ("文件", src.get("path")),
            ("SHA-256", src.get("sha256")),
            ("格式版本", reading.get("template")),
            ("年度", reading.get("year")),
            ("机关", reading.get("agency")),
            ("地区", reading.get("region")),
        ]
    ):
        meta.write_row(i, 0, [a, b])
    wb.close()
    return buf.getvalue()
