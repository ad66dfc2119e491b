"""Exports of stored readings to files: CSV, Parquet, Excel, JSON lines; wide or long.

Wide: one row per report, metadata first, then one column per template key
(:func:`ogi.export.rows.wide_header`). Long: one row per (report, key, value). Labels: ``keys``
(``t3.new.total``) or ``zh`` (表三「…」「…」). JSON lines: the objects of ``ogi parse --format jsonl``
(``Report.to_dict()``; unreadable inputs as ``{"source", "error"}``), findings of every scope
(cross-year ones carry ``scope`` and ``related``): every export carries the store's cross-year
findings, counted in the wide tables' ``errors``/``warnings``/``rules`` and listed in Excel's
findings sheet.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ogi.check.score import apply_pack
from ogi.export.rows import LONG_HEADER, META, META_LABELS, long_rows, wide_header, wide_row
from ogi.model import Reading, Report
from ogi.template import key_labels
from ogi.template.packs import Pack

FORMATS = ("csv", "parquet", "xlsx", "jsonl")
LONG_LABELS = {"key": "项目", "value": "数值", "label": "项目名称"}


def long_header(labels: str = "keys") -> list[str]:
    if labels == "zh":
        return [META_LABELS.get(h, LONG_LABELS.get(h, h)) for h in LONG_HEADER] + [LONG_LABELS["label"]]
    return list(LONG_HEADER)


def table_rows(
    readings: Iterable[Reading], *, long: bool = False, labels: str = "keys", pack: Pack | None = None
) -> tuple[list[str], Iterator[list[Any]]]:
    """(header, rows) of readings (unreadable inputs left out: they have no values)."""
    kl = key_labels()

    def rows() -> Iterator[list[Any]]:
        for r in readings:
            if not isinstance(r, Report):
                continue
            if long:
                for row in long_rows(r):
                    yield [*row, kl.get(row[5], row[5])] if labels == "zh" else row
            else:
                yield wide_row(r, pack)

    return (long_header(labels) if long else wide_header(labels)), rows()


def write_jsonl(readings: Iterable[Reading], out: Path) -> int:
    """Readings as ``ogi parse --format jsonl`` writes them; the number written."""
    n = 0
    with out.open("w", encoding="utf-8") as f:
        for r in readings:
            f.write(json.dumps(r.to_dict(), ensure_ascii=False) + "\n")
            n += 1
    return n


def write_csv(header: list[str], rows: Iterator[list[Any]], out: Path) -> int:
    n = 0
    with out.open("w", encoding="utf-8-sig", newline="") as f:  # BOM: Excel opens Chinese CSV right
        w = csv.writer(f)
        w.writerow(header)
        for r in rows:
            w.writerow(r)
            n += 1
    return n


def write_parquet(header: list[str], rows: Iterator[list[Any]], out: Path, *, long: bool) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    meta_types: dict[str, Any] = {"year": pa.int32(), "errors": pa.int32(), "warnings": pa.int32()}
    meta_types["score"] = pa.float64()
    names = list(LONG_HEADER) if long else [*META, *[None] * (len(header) - len(META))]
    types = []
    for i, _h in enumerate(header):
        name = names[i] if i < len(names) else None
        if long:
            types.append(pa.int32() if name == "year" else pa.float64() if name == "value" else pa.string())
        elif name is None:
            types.append(pa.float64())
        else:
            types.append(meta_types.get(name, pa.string()))
    schema = pa.schema([pa.field(h, t) for h, t in zip(header, types, strict=True)])
    n = 0
    writer = pq.ParquetWriter(str(out), schema, compression="zstd")
    try:
        buf: list[list[Any]] = []
        for r in rows:
            buf.append(r)
            if len(buf) >= 5000:
                writer.write_table(_arrow(buf, schema))
                n += len(buf)
                buf = []
        if buf or n == 0:
            writer.write_table(_arrow(buf, schema))
            n += len(buf)
    finally:
        writer.close()
    return n


def _arrow(buf: list[list[Any]], schema: Any) -> Any:
    import pyarrow as pa

    cols = list(zip(*buf, strict=True)) if buf else [[] for _ in schema]
    arrays = []
    for col, f in zip(cols, schema, strict=True):
        if pa.types.is_floating(f.type):
            col = [None if v is None else float(v) for v in col]
        elif pa.types.is_string(f.type):
            col = [None if v is None else str(v) for v in col]
        arrays.append(pa.array(col, type=f.type))
    return pa.Table.from_arrays(arrays, schema=schema)


def write_xlsx(
    header: list[str], rows: Iterator[list[Any]], out: Path, *, long: bool, findings: list[list[Any]] | None = None
) -> int:
    """An Excel workbook a person can read: bold wrapped header, frozen header row and first
    column, widths fitted to the content; a second sheet with the findings."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(out), {"constant_memory": True, "strings_to_numbers": False})
    try:
        head = wb.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#EEF2F7", "border": 1})
        ws = wb.add_worksheet("长表" if long else "报告")
        nmeta = len(LONG_HEADER) if long else len(META)
        widths = [min(max(8, _width(h) + 2), 40 if i < nmeta else 18) for i, h in enumerate(header)]
        if not long:
            for i in range(nmeta):
                widths[i] = max(widths[i], {0: 36, 1: 12, 5: 24, 9: 24}.get(i, 8))
        for i, w in enumerate(widths):
            ws.set_column(i, i, w)
        ws.set_row(0, 60 if any(_width(h) > 18 for h in header) else 20)
        ws.write_row(0, 0, header, head)
        ws.freeze_panes(1, 1)
        n = 0
        for n, r in enumerate(rows, 1):
            ws.write_row(n, 0, ["" if v is None else v for v in r])
        ws.autofilter(0, 0, max(n, 1), len(header) - 1)
        if findings is not None:
            fs = wb.add_worksheet("问题")
            fh = ["文件", "年度", "机关", "范围", "规则", "级别", "项目", "说明", "依据"]
            for i, w in enumerate((36, 6, 24, 10, 20, 8, 30, 80, 40)):
                fs.set_column(i, i, w)
            fs.write_row(0, 0, fh, head)
            fs.freeze_panes(1, 0)
            for i, r in enumerate(findings, 1):
                fs.write_row(i, 0, ["" if v is None else v for v in r])
    finally:
        wb.close()
    return n


def _width(s: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(s))


def finding_rows(readings: Iterable[Reading], pack: Pack | None = None) -> Iterator[list[Any]]:
    """Rows of the findings sheet: path, year, agency, scope, rule, severity, keys, message, basis
    (the findings as the rule pack says them)."""
    for r in readings:
        if not isinstance(r, Report):
            continue
        for f in apply_pack(r, pack) if pack is not None else r.findings:
            yield [r.source.path, r.year, r.agency, f.scope, f.rule, f.severity, " ".join(f.keys), f.message, f.basis]


def export_store(
    store: Any,
    out: Path,
    fmt: str,
    *,
    long: bool = False,
    labels: str = "keys",
    include_removed: bool = False,
    pack: Pack | None = None,
) -> int:
    """Write a store's readings to ``out`` in ``fmt`` (csv, parquet, xlsx, jsonl); return rows written
    (reports for wide and jsonl, values for long). The wide tables carry each reading's score under
    ``pack`` (None: the national rules) and its deductions; their finding counts and Excel's findings
    sheet follow the pack too."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    def readings(**kw: Any) -> Iterator[Reading]:
        return (r for _id, r in store.readings(include_removed=include_removed, **kw))

    if fmt == "jsonl":
        return write_jsonl(readings(sections=True), out)
    header, rows = table_rows(readings(sections=False, provenance=False), long=long, labels=labels, pack=pack)
    if fmt == "csv":
        return write_csv(header, rows, out)
    if fmt == "parquet":
        return write_parquet(header, rows, out, long=long)
    finds = list(finding_rows(readings(sections=False, provenance=False), pack))
    return write_xlsx(header, rows, out, long=long, findings=finds)
