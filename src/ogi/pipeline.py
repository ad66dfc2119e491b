"""The pipeline, stage by stage: ingest → normalize → extract → check → Report."""

from __future__ import annotations

from pathlib import Path

from ogi.check import check, infer_missing
from ogi.document import Document
from ogi.errors import NotAReportError
from ogi.extract import extract
from ogi.ingest import ingest_bytes, ingest_path, ingest_str
from ogi.normalize import normalize_document
from ogi.report import Report

_REPORT_WORDS = ("信息公开", "政务公开", "依申请", "主动公开")


def read_document(doc: Document) -> Report:
    normalize_document(doc)
    ex = extract(doc)
    tpl = ex.meta.template
    assert tpl is not None
    tables = ex.tables
    # A report has its tables, or at least most of its sections (a prose-only report of the
    # years before the national format); a text merely mentioning 信息公开 is not one.
    if not tables.tables_found and len(ex.sections.starts) < 3:
        head = doc.text()[:20000]
        if len(ex.sections.starts) < 2 or not any(w in head for w in _REPORT_WORDS):
            raise NotAReportError(
                "不是政府信息公开工作年度报告：未找到报告的栏目或统计表 (not an annual report)", path=doc.source.path
            )
    findings = check(doc, ex)
    missing = {k: v for k, v in tables.cells.items() if v is None}
    inferred = {k: v for k, v in infer_missing(tpl, tables.cells).items() if k in missing} if missing else {}
    return Report(
        source=doc.source,
        template=tpl.id,
        year=ex.meta.year,
        agency=ex.meta.agency,
        region=ex.meta.region,
        cells=tables.cells,
        provenance=tables.where,
        findings=findings,
        sections=ex.sections.texts,
        inferred=inferred,
        extras=tables.extras,
        published=ex.meta.published.date.isoformat() if ex.meta.published else None,
        document=doc,
    )


def read(source: str | Path | bytes) -> Report:
    """Read one report from a path, raw bytes, or the report's text itself."""
    if isinstance(source, bytes):
        return read_document(ingest_bytes(source))
    if isinstance(source, Path):
        return read_document(ingest_path(source))
    if "\n" not in source and len(source) < 4096 and (Path(source).exists() or not _looks_like_report(source)):
        return read_document(ingest_path(source))
    return read_document(ingest_str(source))


def _looks_like_report(s: str) -> bool:
    return any(w in s for w in _REPORT_WORDS) or len(s) > 200
