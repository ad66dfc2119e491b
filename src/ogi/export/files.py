"""Exports of stored readings to files: CSV, Parquet, Excel, JSON lines; wide or long.

Wide: one row per report, metadata first, then one column per template key
(:func:`ogi.export.rows.wide_header`). Long: one row per (report, key, value). Labels: ``keys``
(``t3.new.total``) or ``zh`` (表三「…」「…」). JSON lines: the objects of ``ogi parse --format jsonl``
(``Report.to_dict()``; unreadable inputs as ``{"source", "error"}``), findings of every scope
(cross-year ones carry ``scope`` and ``related``): every export carries the store's cross-year
findings, counted in the wide tables' ``errors``/``warnings``/``rules`` and listed in Excel's
findings sheet. The wide tables carry each reading's score under a rule pack and its deductions
(得分, 扣分明细; :mod:`ogi.check.score`), their counts and Excel's findings sheet as the pack says them.
"""

from __future__ import annotations

import contextlib
import csv
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from ogi.check.score import apply_pack
from ogi.export.rows import LONG_HEADER, META, META_LABELS, long_rows, meta_of, stored_meta, wide_header, wide_row
from ogi.model import VALUE_COLUMNS, Reading, Report, StoredCells, cell_tuples, finding_from_row, from_rows, json_text
from ogi.template import all_keys, key_labels, rule, template_of
from ogi.template.packs import Pack, national

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


XLSX_ROWS = 1_048_576  # rows of an Excel sheet, its header included: past them a sheet goes on in the next


def _open_text(out: Path | TextIO, bom: bool = False) -> Any:
    """A text file to write: ``out`` itself when it is a stream (standard output), else opened."""
    if not isinstance(out, Path):
        return contextlib.nullcontext(out)
    return out.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="")


def write_jsonl(readings: Iterable[Reading], out: Path | TextIO) -> int:
    """Readings as ``ogi parse --format jsonl`` writes them; the number written."""
    n = 0
    with _open_text(out) as f:
        for r in readings:
            f.write(json_text(r.to_dict()) + "\n")
            n += 1
    return n


def write_csv(header: list[str], rows: Iterable[list[Any]], out: Path | TextIO) -> int:
    """CSV: UTF-8 with a BOM in a file (Excel opens it right), without on standard output; whole
    numbers as such."""
    n = 0
    with _open_text(out, bom=isinstance(out, Path)) as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(header)
        for r in rows:
            w.writerow([_csv_value(v) for v in r])
            n += 1
    return n


def _csv_value(v: Any) -> Any:
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def _parquet_schema(header: list[str], long: bool) -> Any:
    import pyarrow as pa

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
    return pa.schema([pa.field(h, t) for h, t in zip(header, types, strict=True)])


def write_parquet(header: list[str], rows: Iterable[list[Any]], out: Path, *, long: bool) -> int:
    """Parquet (zstd), written a row group at a time: memory of one group."""
    return write_parquet_chunks(header, _chunked(rows, 5000), out, long=long)


def write_parquet_chunks(header: list[str], chunks: Iterable[list[list[Any]]], out: Path, *, long: bool) -> int:
    import pyarrow.parquet as pq

    schema = _parquet_schema(header, long)
    n = 0
    writer = pq.ParquetWriter(str(out), schema, compression="zstd")
    try:
        for buf in chunks:
            if buf:
                writer.write_table(_arrow(buf, schema))
                n += len(buf)
        if n == 0:
            writer.write_table(_arrow([], schema))
    finally:
        writer.close()
    return n


def _chunked(rows: Iterable[list[Any]], size: int) -> Iterator[list[list[Any]]]:
    buf: list[list[Any]] = []
    for r in rows:
        buf.append(r)
        if len(buf) >= size:
            yield buf
            buf = []
    if buf:
        yield buf


def _arrow(buf: list[list[Any]], schema: Any) -> Any:
    import pyarrow as pa

    cols = list(zip(*buf, strict=True)) if buf else [[] for _ in schema]
    arrays = []
    for col, f in zip(cols, schema, strict=True):
        if pa.types.is_floating(f.type):
            arrays.append(pa.array(col, type=pa.float64(), from_pandas=False))
        elif pa.types.is_string(f.type):
            arrays.append(pa.array([None if v is None else str(v) for v in col], type=f.type))
        else:
            arrays.append(pa.array(col, type=f.type))
    return pa.Table.from_arrays(arrays, schema=schema)


def write_xlsx(
    header: list[str], rows: Iterable[list[Any]], out: Path, *, long: bool, findings: Iterable[list[Any]] | None = None
) -> int:
    """An Excel workbook a person can read: bold wrapped header, frozen header row and first
    column, widths fitted to the content; a second sheet with the findings. Written row by row
    (xlsxwriter's constant memory); a sheet past Excel's 1,048,576 rows goes on in another
    (报告 (2), …)."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(out), {"constant_memory": True, "strings_to_numbers": False})
    try:
        head = wb.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#EEF2F7", "border": 1})
        nmeta = len(LONG_HEADER) if long else len(META)
        widths = [min(max(8, _width(h) + 2), 40 if i < nmeta else 18) for i, h in enumerate(header)]
        if not long:
            for i in range(nmeta):
                widths[i] = max(widths[i], {0: 36, 1: 12, 5: 24, 9: 24}.get(i, 8))
        base = "长表" if long else "报告"

        def sheet(k: int) -> Any:
            ws = wb.add_worksheet(base if k == 1 else f"{base} ({k})")
            for i, w in enumerate(widths):
                ws.set_column(i, i, w)
            ws.set_row(0, 60 if any(_width(h) > 18 for h in header) else 20)
            ws.write_row(0, 0, header, head)
            ws.freeze_panes(1, 1)
            return ws

        k, ws, at, n = 1, sheet(1), 0, 0
        for r in rows:
            if at == XLSX_ROWS - 1:
                ws.autofilter(0, 0, at, len(header) - 1)
                k += 1
                ws, at = sheet(k), 0
            at += 1
            n += 1
            ws.write_row(at, 0, ["" if v is None else v for v in r])
        ws.autofilter(0, 0, max(at, 1), len(header) - 1)
        if findings is not None:
            fh = ["文件", "年度", "机关", "范围", "规则", "级别", "项目", "说明", "依据"]

            def fsheet(k: int) -> Any:
                fs = wb.add_worksheet("问题" if k == 1 else f"问题 ({k})")
                for i, w in enumerate((36, 6, 24, 10, 20, 8, 30, 80, 40)):
                    fs.set_column(i, i, w)
                fs.write_row(0, 0, fh, head)
                fs.freeze_panes(1, 0)
                return fs

            k, fs, at = 1, fsheet(1), 0
            for r in findings:
                if at == XLSX_ROWS - 1:
                    k += 1
                    fs, at = fsheet(k), 0
                at += 1
                fs.write_row(at, 0, ["" if v is None else v for v in r])
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


def store_finding_rows(store: Any, *, include_removed: bool = False) -> Iterator[list[Any]]:
    """:func:`finding_rows` of a store, streamed from its findings table (basis from the rule)."""
    basis: dict[tuple[str, str | None, int | None], str | None] = {}
    for f in store.finding_table(include_removed=include_removed):
        k = (f.rule, f.template, f.year)
        if k not in basis:
            try:
                basis[k] = rule(f.rule).basis_for(template_of(f.template, f.year))
            except KeyError:
                basis[k] = None
        keys = " ".join(finding_from_row(f).keys)
        yield [f.path, f.year, f.agency, f.scope, f.rule, f.severity, keys, f.message, basis[k]]


def store_table_chunks(
    store: Any, *, long: bool = False, labels: str = "keys", include_removed: bool = False, pack: Pack | None = None
) -> Iterator[list[list[Any]]]:
    """The rows of a store's wide (or long) table, a chunk of reports at a time, read by keyed
    queries (:meth:`ogi.store.Store.table_chunks`): the values as stored (floats), in
    :func:`ogi.export.rows.wide_header` order. The wide table's metadata (:func:`ogi.export.rows.meta_of`:
    finding counts, score and deductions under ``pack``, None: the national rules) is the store's
    (:meth:`ogi.store.Store.score_all` brings it up to date first: only readings whose findings
    changed are scored again), read beside the values; a reading without a score there (removed,
    with ``include_removed``) is made of its rows and findings and scored. Memory of one chunk,
    whatever the corpus' size."""
    first = 1 + len(VALUE_COLUMNS)  # a vals row: report_id, its value columns, then the keys in order
    none = [None] * len(all_keys())
    kl = key_labels() if labels == "zh" else None
    pid = (pack or national()).id
    if not long:  # scores and counts under the pack brought up to date, then read as stored
        store.score_all(pack)
    for chunk in store.table_chunks(include_removed=include_removed, pack=None if long else pid):
        out = []
        for rep, vals, finds in chunk:
            if long:
                head = [rep["path"], rep["sha256"], rep["template"], rep["year"], rep["agency"]]
                cells = cell_tuples(StoredCells(dict(vals._mapping)), provenance=False) if vals is not None else ()
                for k, v, _i, _w in cells:
                    out.append([*head, k, v, kl.get(k, k)] if kl is not None else [*head, k, v])
            else:
                values = list(vals[first:]) if vals is not None else none
                if rep["scored"] is not None:
                    out.append(stored_meta(rep, rep["scored"]) + values)
                    continue
                stored = StoredCells(dict(vals._mapping)) if vals is not None else None
                r = from_rows(rep, stored, finds, None, provenance=False)
                assert isinstance(r, Report)
                out.append(meta_of(r, pack) + values)
        yield out


def export_store(
    store: Any,
    out: Path | TextIO,
    fmt: str,
    *,
    long: bool = False,
    labels: str = "keys",
    include_removed: bool = False,
    pack: Pack | None = None,
) -> int:
    """Write a store's readings to ``out`` (a file, or a text stream for csv and jsonl) in ``fmt``
    (csv, parquet, xlsx, jsonl); return rows written (reports for wide and jsonl, values for long).
    Streams: the wide and long tables from keyed queries of a chunk of reports at a time, JSON lines
    from whole readings 500 at a time. The wide tables carry each reading's score under ``pack``
    (None: the national rules) and its deductions, scored a chunk at a time; their finding counts and
    Excel's findings sheet follow the pack too."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    if fmt in ("parquet", "xlsx") and not isinstance(out, Path):
        raise ValueError(f"{fmt} is written to a file, not to a stream")
    if fmt == "jsonl":
        return write_jsonl((r for _id, r in store.readings(include_removed=include_removed)), out)
    header = long_header(labels) if long else wide_header(labels)
    chunks = store_table_chunks(store, long=long, labels=labels, include_removed=include_removed, pack=pack)
    if fmt == "parquet":
        assert isinstance(out, Path)
        return write_parquet_chunks(header, chunks, out, long=long)
    rows = (r for c in chunks for r in c)
    if fmt == "csv":
        return write_csv(header, rows, out)
    assert isinstance(out, Path)
    if pack is None or pack.national:
        finds = store_finding_rows(store, include_removed=include_removed)
    else:  # the findings as the pack says them: whole readings, 500 at a time
        readings = (r for _id, r in store.readings(sections=False, provenance=False, include_removed=include_removed))
        finds = finding_rows(readings, pack)
    return write_xlsx(header, rows, out, long=long, findings=finds)
