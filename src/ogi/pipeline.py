"""The pipeline, stage by stage: ingest → normalize → extract → check → :class:`ogi.model.Report`.

``read`` is what ``ogi parse`` and every reader of the runner call; it runs in the caller's process
(the runner, :mod:`ogi.runner`, decides which process that is).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import cache
from pathlib import Path

from ogi.check import check, infer_missing
from ogi.check.arithmetic import check_equations
from ogi.errors import NotAReportError, OgiError
from ogi.extract import Extraction, extract, one_page_of_several
from ogi.extract.recheck import against_the_pages
from ogi.ingest import gunzipped, ingest_bytes, ingest_path, ingest_str
from ogi.ingest.layout import Word
from ogi.ingest.pictures import page_region_layout
from ogi.model import Document, Finding, Report, with_basis
from ogi.normalize import normalize_document
from ogi.template import Template, fields

_REPORT_WORDS = ("信息公开", "政务公开", "依申请", "主动公开")


def read_document(
    doc: Document,
    again: Callable[[frozenset[int]], Document] | None = None,
    page_words: Callable[[int, tuple[float, float, float, float]], list[Word]] | None = None,
) -> Report:
    """Normalize, extract and check an ingested document (changed in place: normalized).

    Returns the :class:`Report` (values as int, amounts as float; every finding with its rule's
    basis for the report's format; ``document`` the normalized document). Raises
    :class:`NotAReportError` when the document has neither the tables nor the sections of an
    annual report. ``again``: how to ingest the same input once more, reading the pictures of the given
    numbers by OCR (``ingest_path(path, pictures=…)``): where a table was not found and pictures stand in
    its section (a table printed as a picture: :func:`ogi.extract.pictured_tables`), the input is read so
    (its pictures' text in their places) and that reading returned. ``page_words``: what OCR reads of a region
    of a PDF's page (1-based page, box in points): where a sum of the tables fails on values read from a PDF's
    text layer, they are held against the page as printed (:func:`ogi.extract.recheck.against_the_pages`) —
    the page's number where it shows another, in doubt — and the report checked again."""
    normalize_document(doc)
    ex = extract(doc)
    if again is not None and (wanted := {n for nums in ex.pictured.values() for n in nums}):
        try:
            pictured = again(frozenset(wanted))
        except OgiError:
            pictured = None  # (the input changed since, or cannot be read again: the reading without them)
        if pictured is not None:
            return read_document(pictured)
    tpl = ex.meta.template
    assert tpl is not None
    tables = ex.tables
    if ex.meta.other_kind is not None:  # a school's report, a 解读, a work plan: its title says so
        raise NotAReportError(
            f"不是政府信息公开工作年度报告：{ex.meta.other_kind} (not an annual report)", path=doc.source.path
        )
    # A report has its tables, or at least most of its sections (a prose-only report of the
    # years before the national format); a text merely mentioning 信息公开 is not one.
    if not tables.tables_found and len(ex.sections.starts) < 3:
        head = doc.text()[:20000]
        # (a report's first page of several, its title and first section: the rest on its other pages)
        first_page = bool(ex.sections.starts) and one_page_of_several([ln.text for ln in doc.lines])
        if (len(ex.sections.starts) < 2 and not first_page) or not any(w in head for w in _REPORT_WORDS):
            raise NotAReportError(
                "不是政府信息公开工作年度报告：未找到报告的栏目或统计表 (not an annual report)", path=doc.source.path
            )
    findings = check(doc, ex)
    if page_words is not None and doc.source.format == "pdf":
        findings = _held_against_the_pages(doc, ex, findings, page_words)
    findings = with_basis(findings, tpl)
    missing = {k: v for k, v in tables.cells.items() if v is None}
    inferred = {k: v for k, v in infer_missing(tpl, tables.cells).items() if k in missing} if missing else {}
    return Report(
        source=doc.source,
        cells=tables.cells,
        provenance=tables.where,
        findings=findings,
        sections=ex.sections.texts,
        inferred=inferred,
        extras=tables.extras,
        document=doc,
        **{f.id: _value(getattr(ex.meta, f.id, None)) for f in fields()},
    )


def _held_against_the_pages(
    doc: Document,
    ex: Extraction,
    findings: list[Finding],
    page_words: Callable[[int, tuple[float, float, float, float]], list[Word]],
) -> list[Finding]:
    """The findings of a PDF's reading once the values of its failing sums are held against its pages
    (:func:`ogi.extract.recheck.against_the_pages`) — the page's numbers kept only where fewer of the tables'
    equations fail on the values themselves (an OCR misreading a value the text layer holds right makes no sum
    hold: the reading stays as it was, the failing sum the report's error); then every other value of the text
    layer held against its page too (the layer shown to say other digits), kept unless more of them then fail."""
    tpl = ex.meta.template
    assert tpl is not None
    sums = _sum_rules(tpl.id)
    r = ex.tables

    def failing() -> int:  # (on the values: a doubt turning an error into a warning is no sum holding)
        return len(check_equations(tpl, r.cells, r.extras, r.where))

    before = [f for f in findings if f.severity == "error" and f.rule in sums]
    if not before:
        return findings
    count = failing()
    cells, doubts = dict(r.cells), dict(r.doubts)
    if not against_the_pages(ex, [k for f in before for k in f.keys], page_words):
        return findings
    if (now := failing()) >= count:
        r.cells, r.doubts = cells, doubts  # (the page's picture read no better: as the text layer says)
        return findings
    cells, doubts = dict(r.cells), dict(r.doubts)
    if against_the_pages(ex, [k for k, v in r.cells.items() if v is not None], page_words) and failing() > now:
        r.cells, r.doubts = cells, doubts
    return check(doc, ex)


@cache
def _sum_rules(tid: str) -> frozenset[str]:
    """The rules of the tables' equations (勾稽关系) of the format ``tid``."""
    from ogi.check.arithmetic import equations
    from ogi.template import template

    return frozenset(eq.rule.id for eq in equations(template(tid)))


def region_words(data: bytes | Callable[[], bytes]) -> Callable[[int, tuple[float, float, float, float]], list[Word]]:
    """What OCR reads of a region of a page of the PDF ``data`` (its bytes, or how to have them: asked once, when a
    region is first read — most readings read none; a gzip-compressed file unpacked) (1-based page, box in points;
    rendered at :data:`RECHECK_SCALE`): :func:`read_document`'s ``page_words``."""
    got: list[bytes] = []

    def words(page: int, box: tuple[float, float, float, float]) -> list[Word]:
        if not got:
            raw = data() if callable(data) else data
            got.append(gunzipped(raw, None) if raw[:2] == b"\x1f\x8b" else raw)
        return page_region_layout(got[0], page - 1, box, RECHECK_SCALE).words

    return words


RECHECK_SCALE = 3.0  # pixels a point a PDF's region is read at when its values are held against it (216 dpi)


def _value(v: object) -> object:
    """A field of the extracted metadata as the reading keeps it (the template's ``[[field]]``, by
    name): a format by its id, a date — or what states one, with where — in ISO 8601."""
    if isinstance(v, Template):
        return v.id
    d = getattr(v, "date", v)
    return d.isoformat() if isinstance(d, date) else v


def read(source: str | Path | bytes) -> Report:
    """Read one report from a path, raw bytes, or the report's text itself.

    Raises :class:`ogi.errors.OgiError` (its subclasses: an input missing, empty, binary, too
    large, corrupt, unsupported, or not a report) — never for a report with problems: those are
    its findings."""
    if isinstance(source, bytes):
        data = source
        return read_document(ingest_bytes(data), lambda wanted: ingest_bytes(data, pictures=wanted), region_words(data))
    if isinstance(source, Path) or (
        "\n" not in source and len(source) < 4096 and (Path(source).exists() or not _looks_like_report(source))
    ):
        path = source
        doc = ingest_path(path)
        words = region_words(Path(path).read_bytes) if doc.source.format == "pdf" else None
        return read_document(doc, lambda wanted: ingest_path(path, pictures=wanted), words)
    return read_document(ingest_str(source))


def _looks_like_report(s: str) -> bool:
    return any(w in s for w in _REPORT_WORDS) or len(s) > 200
