"""Sending problems back to the organs: per organ and year, an Excel list of its report's problems
(one row per finding) and a Word notice (整改通知) listing them, in the office's words.

Each finding is said as a clerk reads it: its rule's Chinese title and severity (``formats.toml``),
the cells involved by their template labels (表三「(一)予以公开」「自然人」), their values with their
own precision, and where each stands in the report — 「第2页 表三「(一)予以公开」「自然人」」,
「第12行」 — never a box's coordinates; with the reviewer's decision and comment when there is one
(kept by the report file's SHA-256, :meth:`ogi.store.Store.reviews`).

Which findings: ``select="sendable"`` (default) those an organ is asked to correct — errors and
warnings not dismissed by a reviewer, leaving out, unless a reviewer confirmed them, those about
the reading rather than the report (rules marked ``reading = true``: 读取存疑, 部分内容未能读取)
and those the reading was unsure of (``values.doubt``); ``"confirmed"`` only those a reviewer
confirmed; ``"all"`` every finding (the office's working list).

The notice's wording is a TOML file an office can edit (``notice.toml`` beside this module, or its
own: ``wording=``); every name of the template's things comes from the template.
"""

from __future__ import annotations

import dataclasses
import io
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from importlib import resources
from pathlib import Path
from typing import Any

from ogi.check.corrected import recheck
from ogi.model import Finding, Report, Where
from ogi.template import fields, fill, fmt_number, key_label, rule, severity_labels, spec

BEIJING = timezone(timedelta(hours=8), "北京时间")  # China keeps no summer time
SELECTIONS = ("sendable", "confirmed", "all")
MAX_PLACES = 6  # places named for one finding; more are counted


def wording(path: str | Path | None = None) -> dict[str, Any]:
    """The notice's wording: the office's TOML file, over the one shipped (its missing entries kept)."""
    base = tomllib.loads(resources.files("ogi.export").joinpath("notice.toml").read_text("utf-8"))
    if path is not None:
        own = tomllib.loads(Path(path).read_text("utf-8"))
        for part, entries in own.items():
            base.setdefault(part, {}).update(entries)
    return base


def cn_date(d: date | str) -> str:
    """``2025-04-15`` → ``2025年4月15日``."""
    if isinstance(d, str):
        d = date.fromisoformat(d)
    return f"{d.year}年{d.month}月{d.day}日"


def beijing(utc_text: str | None) -> str:
    """A time the store keeps in UTC (``2025-03-01 08:00:00``) in Beijing time."""
    if not utc_text:
        return ""
    t = datetime.strptime(utc_text[:19], "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    return t.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")


def where_words(w: Where | None, words: dict[str, str]) -> str:
    """Where a value stands, as a clerk reads it: 第2页, 第12行, 第1个表格第3行第2列 (never a box)."""
    if w is None:
        return ""
    parts = []
    if w.page is not None:
        parts.append(fill(words["page"], {"page": w.page}))
    if w.line is not None:
        parts.append(fill(words["line"], {"line": w.line}))
    if w.table is not None and w.row is not None and w.page is None:
        if w.col is not None:
            parts.append(fill(words["table"], {"table": w.table + 1, "row": w.row + 1, "col": w.col + 1}))
        else:
            parts.append(fill(words["table_row"], {"table": w.table + 1, "row": w.row + 1}))
    return "".join(parts)


@dataclass(slots=True)
class Problem:
    """One finding of one report, in words (what a row of the Excel list and an item of the notice say)."""

    organ: str
    year: int | None
    rule: str
    title: str
    severity: str  # in Chinese
    cells: list[str]  # the template's labels of the cells involved
    values: list[str]  # 「label」=value
    where: str  # where it stands, in words
    message: str
    basis: str
    review: str  # 已确认 / 已驳回 / 未审核
    comment: str
    reviewer: str
    reviewed_at: str  # Beijing time
    source: str
    finding: Finding = field(repr=False)


def _value(report: Report, key: str, f: Finding) -> Any:
    v = f.values.get(key)
    if isinstance(v, int | float) and not isinstance(v, bool):
        return v
    v = report.cells.get(key)
    return v if v is not None else report.inferred.get(key)


def problems_of(
    report: Report, reviews: dict[str, list[dict[str, Any]]], *, select: str = "sendable", words: dict[str, Any]
) -> list[Problem]:
    """The findings of a reading to send back (``select``: see the module doc), in words."""
    if select not in SELECTIONS:
        raise ValueError(f"select must be one of {SELECTIONS}")
    sev = severity_labels()
    from ogi.store import REVIEW_LABELS

    out = []
    for f in report.findings:
        marks = reviews.get(f.id) or []
        decision = marks[0]["status"] if marks else ""
        known = f.rule in spec().rules
        if select == "confirmed" and decision != "confirmed":
            continue
        if select == "sendable" and decision != "confirmed":
            about_reading = known and bool(rule(f.rule).params.get("reading"))
            if decision == "dismissed" or f.severity == "info" or about_reading or f.values.get("doubt"):
                continue
        tpl = report.template
        cells = [key_label(k, tpl) for k in f.keys]
        values = [f"{lab}={fmt_number(_value(report, k, f), '—')}" for k, lab in zip(f.keys, cells, strict=True)]
        places = []
        for k, lab in zip(f.keys, cells, strict=True):
            at = where_words(report.provenance.get(k), words["where"])
            places.append(f"{at} {lab}" if at else lab)
        if not f.keys:
            places = [p for p in (where_words(w, words["where"]) for w in f.where) if p]
        where = "；".join(places[:MAX_PLACES])
        if len(places) > MAX_PLACES:
            where += fill(words["where"]["more"], {"count": len(places)})
        out.append(
            Problem(
                organ=report.agency or "",
                year=report.year,
                rule=f.rule,
                title=rule(f.rule).title if known else f.rule,
                severity=sev.get(f.severity, f.severity),
                cells=cells,
                values=values,
                where=where or words["where"]["whole"],
                message=f.message,
                basis=f.basis or "",
                review=REVIEW_LABELS[decision],
                comment=(marks[0].get("comment") or "") if marks else "",
                reviewer=(marks[0].get("user") or "") if marks else "",
                reviewed_at=beijing(marks[0].get("at")) if marks else "",
                source=report.source.path or "",
                finding=f,
            )
        )
    return out


# ---------------------------------------------------------------- Excel


def excel(problems: Sequence[Problem], words: dict[str, Any]) -> bytes:
    """The list of problems as an Excel workbook (one row per finding; header frozen, filter)."""
    import xlsxwriter

    x = words["excel"]
    labels = {f.id: f.label for f in fields()}
    head = [labels["agency"], labels["year"], x["rule"], x["title"], x["severity"], x["cells"], x["values"]]
    head += [x["where"], x["message"], x["basis"], x["review"], x["comment"], x["reviewer"], x["reviewed_at"]]
    head += [x["source"]]
    widths = [24, 6, 20, 16, 6, 40, 30, 48, 70, 40, 8, 30, 10, 16, 40]
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    bold = wb.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    ws = wb.add_worksheet(x["sheet"])
    ws.write_row(0, 0, head, bold)
    for i, p in enumerate(problems, start=1):
        row = [p.organ, p.year, p.rule, p.title, p.severity, "\n".join(p.cells), "\n".join(p.values), p.where]
        row += [p.message, p.basis, p.review, p.comment, p.reviewer, p.reviewed_at, p.source]
        ws.write_row(i, 0, row, wrap)
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(1, len(problems)), len(head) - 1)
    wb.close()
    return buf.getvalue()


# ---------------------------------------------------------------- Word


@dataclass(slots=True)
class Letterhead:
    """What the office puts on its notices: its name (also the signature, unless one is given), the
    deadline for corrections (ISO day), the signature, the notice's date (ISO day; default today,
    Beijing time)."""

    office: str = ""
    deadline: str | None = None
    signature: str = ""
    date: str | None = None


def _font(run: Any, name: str, size: float | None = None, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = name
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), name)
    if size:
        run.font.size = Pt(size)
    run.bold = bold


def notice(organ: str, year: int | None, problems: Sequence[Problem], head: Letterhead, words: dict[str, Any]) -> bytes:
    """The 整改通知 to one organ for its report on ``year`` (a .docx): title, salutation, the
    problems numbered with where each stands, the deadline, the signature and the date."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    def body(text: str, size: float = 14) -> Any:
        """A paragraph of the notice's body, indented two characters as official documents are."""
        para = doc.add_paragraph()
        para.paragraph_format.first_line_indent = Pt(size * 2)
        _font(para.add_run(text), "仿宋", size)
        return para

    n = words["notice"]
    today = head.date or datetime.now(BEIJING).date().isoformat()
    office = head.office or n["office"]
    vals = {"organ": organ, "year": year if year is not None else "", "office": office, "count": len(problems)}
    vals["report_title"] = fill(n["report_title"], vals)
    vals["deadline"] = cn_date(head.deadline) if head.deadline else ""
    doc = Document()
    for s in ("Normal",):
        _font(doc.styles[s], "仿宋", 14)  # type: ignore[arg-type]
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(p.add_run(fill(n["title"], vals)), "黑体", 18, bold=True)
    _font(doc.add_paragraph().add_run(fill(n["salutation"], vals)), "仿宋", 14)
    if not problems:
        body(fill(n["nothing"], vals))
    else:
        body(fill(n["intro"], vals))
        for i, pr in enumerate(problems, 1):
            said = {"n": i, "rule_title": pr.title, "severity": pr.severity, "message": pr.message}
            para = body(fill(n["item"], vals | said))
            if pr.where:
                para.add_run("\n")
                _font(para.add_run(fill(n["item_where"], {"where": pr.where})), "楷体", 12)
        body(fill(n["deadline" if head.deadline else "no_deadline"], vals))
        body(fill(n["attachment"], vals), 12)
    for text in (head.signature or office, cn_date(today)):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _font(p.add_run(text), "仿宋", 14)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


# ---------------------------------------------------------------- from the store


@dataclass(slots=True)
class Sent:
    """What :func:`write_notices` wrote: per organ and year, its files and problems counted."""

    organ: str
    year: int | None
    report_id: int
    problems: int
    excel: Path
    notice: Path


def _file_name(s: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "_", s).strip("_") or "未识别机关"


def latest_readings(store: Any, *, year: int | None = None, organ: str | None = None) -> list[tuple[int, Report]]:
    """Per organ and year, the newest readable stored reading (the highest id), ``organ`` matched by
    its identity (any of its name's forms: :func:`ogi.corpus.identity.identify`; a short name the
    organ list gives stands for its organ) or as part of the name; in organ order."""
    from ogi.corpus.identity import identify
    from ogi.corpus.organs import as_listed

    listed = store.listed_short_names()  # a short name the organ list gives: its organ's name there
    want = identify(as_listed(organ, listed)) if organ else None
    best: dict[tuple[str, int | None], int] = {}
    for row in store.reports(status="ok", year=year):
        name = as_listed(row["agency"] or "", listed, row["region"])
        ident = identify(name, within=row["region"]) if name else None
        if organ and not ((want and ident and ident.id == want.id) or organ in name):
            continue
        k = (name, row["year"])
        best[k] = max(best.get(k, 0), row["id"])
    out = []
    for (_name, _y), rid in sorted(best.items(), key=lambda kv: (kv[0][0], kv[0][1] or 0)):
        r = store.reading(rid)
        if isinstance(r, Report):
            out.append((rid, r))
    return out


def marked(store: Any, rep: Report) -> tuple[Report, dict[str, list[dict[str, Any]]]]:
    """A stored reading as it is sent back: its findings re-checked on a reviewer's corrected
    values, when there are any (:func:`ogi.check.corrected.recheck`; the reading as read is kept in
    the store), and its review marks (both kept by the file's SHA-256)."""
    sha = rep.source.sha256
    if not sha:
        return rep, {}
    corrections = store.corrections(sha)
    if corrections:
        rep = dataclasses.replace(rep, findings=recheck(rep, corrections))
    return rep, store.reviews(sha)


def listed_names(store: Any) -> dict[str, str]:
    """Series id → the organ list's name of the organ it reports as (``ogi organs import``): a
    notice is addressed to an organ as the office lists it (白水县教育局), not as its report printed
    its name (县教育局). Empty without an organ list."""
    entries = store.organ_list()
    if not entries:
        return {}
    from ogi.corpus.rollup import hierarchy_from_list

    h = hierarchy_from_list(entries)
    placed = store.listed_rollup(h)["placed"]
    return {sid: h.name.get(o, o) for o, sids in placed.items() for sid in sids}


def organ_files(
    store: Any,
    rep: Report,
    *,
    select: str = "sendable",
    head: Letterhead | None = None,
    words: dict[str, Any],
    organ: str | None = None,
) -> tuple[str, list[Problem], bytes, bytes]:
    """One organ's report sent back: the files' common name (``机关-年度``), its problems (``select``:
    see the module doc; review marks from the store), the Excel list and the Word notice. ``organ``:
    the name it is addressed by (the organ list's, :func:`listed_names`), else the report's own."""
    rep, reviews = marked(store, rep)
    if organ and organ != rep.agency:  # its rows in the lists name it as the notice does
        rep = dataclasses.replace(rep, agency=organ)
    probs = problems_of(rep, reviews, select=select, words=words)
    who = organ or rep.agency or ""
    name = f"{_file_name(who)}-{rep.year or ''}"
    return name, probs, excel(probs, words), notice(who, rep.year, probs, head or Letterhead(), words)


def addressee(store: Any, listed: dict[str, str], rid: int) -> str | None:
    """The organ list's name of stored report ``rid``'s organ (``listed``: :func:`listed_names`), or None."""
    return listed.get(store.organ_of(rid) or "") if listed else None


def bundle(
    store: Any,
    readings: Sequence[tuple[int, Report]],
    *,
    select: str = "sendable",
    head: Letterhead | None = None,
    words: dict[str, Any],
    year: int | None = None,
) -> bytes:
    """Every organ's Excel list and Word notice in one ZIP (names as :func:`write_notices` writes
    them, UTF-8), with the summary list of every organ's rows (``YEAR-问题汇总.xlsx``)."""
    import zipfile

    files = words["files"]
    buf = io.BytesIO()
    everything: list[Problem] = []
    taken: set[str] = set()
    listed = listed_names(store)
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for rid, rep in readings:
            who = addressee(store, listed, rid)
            name, probs, xlsx, docx = organ_files(store, rep, select=select, head=head, words=words, organ=who)
            if name in taken:  # two readings of one organ-year named alike: kept apart by their ids
                name = f"{name}-{rid}"
            taken.add(name)
            everything += probs
            z.writestr(f"{name}-{files['list']}.xlsx", xlsx)
            z.writestr(f"{name}-{files['notice']}.docx", docx)
        z.writestr(f"{year or files['every_year']}-{files['summary']}.xlsx", excel(everything, words))
    return buf.getvalue()


def write_notices(
    store: Any,
    out: str | Path,
    *,
    year: int | None = None,
    organ: str | None = None,
    select: str = "sendable",
    head: Letterhead | None = None,
    wording_file: str | Path | None = None,
) -> tuple[list[Sent], Path | None]:
    """For each organ (one, or every organ of ``year``): ``ORGAN-YEAR-问题清单.xlsx`` and
    ``ORGAN-YEAR-整改通知.docx`` in ``out`` (names: the wording's ``[files]``); with more than one
    organ also ``YEAR-问题汇总.xlsx``, every organ's rows together. Returns what was written and
    the summary's path (or None)."""
    words = wording(wording_file)
    head = head or Letterhead()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    sent: list[Sent] = []
    everything: list[Problem] = []
    listed = listed_names(store)
    for rid, rep in latest_readings(store, year=year, organ=organ):
        who = addressee(store, listed, rid)
        name, probs, xlsx, docx = organ_files(store, rep, select=select, head=head, words=words, organ=who)
        everything += probs
        x = out / f"{name}-{words['files']['list']}.xlsx"
        x.write_bytes(xlsx)
        d = out / f"{name}-{words['files']['notice']}.docx"
        d.write_bytes(docx)
        sent.append(Sent(who or rep.agency or "", rep.year, rid, len(probs), x, d))
    summary = None
    if len(sent) > 1:
        files = words["files"]
        summary = out / f"{year or files['every_year']}-{files['summary']}.xlsx"
        summary.write_bytes(excel(everything, words))
    return sent, summary
