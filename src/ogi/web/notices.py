"""Sending problems back from the web app (``/notices``): per organ and year its Excel list of
problems and its Word notice (整改通知), and for a whole batch — a batch of uploads, a year, or
every organ — all of them in one ZIP with the summary list (:mod:`ogi.export.notices`, the same
files ``ogi notices`` writes). Which findings: those to correct (default), only those a reviewer
confirmed, or all; the letterhead (office, deadline, signature) as the page's form gives it.

- ``/notices?year=&batch=&select=&office=&deadline=&signature=`` (and ``.json``): the organs and
  their problems counted, with the links below;
- ``/notices/{id}.xlsx``, ``/notices/{id}.docx``: one stored report's list and notice;
- ``/notices/all.zip``, ``/notices/all.xlsx``: every organ's files and the summary, or the summary.
"""

from __future__ import annotations

from datetime import date
from typing import Literal
from urllib.parse import quote, urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from ogi.export.notices import (
    Letterhead,
    addressee,
    bundle,
    excel,
    latest_readings,
    listed_names,
    marked,
    organ_files,
    problems_of,
    wording,
)
from ogi.model import Report
from ogi.web.deps import Refused, View, need, resource, store, stored

router = APIRouter(tags=["notices"])

Select = Literal["sendable", "confirmed", "all"]
SELECT_LABELS = {
    "sendable": "需整改的问题（未驳回的错误和警告）",
    "confirmed": "仅审核确认的问题",
    "all": "全部问题（含提示和已驳回）",
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _head(office: str, deadline: str, signature: str) -> Letterhead:
    if deadline:
        try:
            date.fromisoformat(deadline)
        except ValueError:
            raise Refused(422, f"整改期限「{deadline}」不是日期，请按“2025-04-15”的格式填写。") from None
    return Letterhead(office=office.strip(), deadline=deadline or None, signature=signature.strip())


def _year(year: str | None) -> int | None:
    """The year a form gives (empty: every year)."""
    if not year or not year.strip():
        return None
    try:
        return int(year)
    except ValueError:
        raise Refused(422, f"年度「{year}」不是数字。") from None


def _readings(request: Request, year: int | None, batch: str | None) -> list[tuple[int, Report]]:
    """The readings sent back: a batch's uploads read as reports, else the newest per organ and year."""
    st = store(request)
    if batch:
        rows = st.batch(batch)
        if not rows:
            raise HTTPException(404, "批次不存在")
        out = []
        for u in rows:
            if u["report_id"] is not None:
                r = st.reading(u["report_id"])
                if isinstance(r, Report) and (year is None or r.year == year):
                    out.append((int(u["report_id"]), r))
        return out
    return latest_readings(st, year=year)


def _attachment(body: bytes, mime: str, name: str, ascii_name: str) -> Response:
    disp = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
    return Response(body, media_type=mime, headers={"Content-Disposition": disp})


@resource(router, "/notices", summary="Problems to send back: per organ and year its list and notice; a batch's all")
def notices(
    request: Request,
    year: str | None = None,
    batch: str | None = None,
    select: Select = "sendable",
    office: str = "",
    deadline: str = "",
    signature: str = "",
) -> View:
    need(request)
    _head(office, deadline, signature)
    y = _year(year)
    words = wording()
    st = store(request)
    rows = []
    for rid, rep in _readings(request, y, batch):
        rep, reviews = marked(st, rep)
        probs = problems_of(rep, reviews, select=select, words=words)
        rows.append(
            {
                "report_id": rid,
                "organ": rep.agency,
                "year": rep.year,
                "problems": len(probs),
                "errors": sum(p.finding.severity == "error" for p in probs),
                "warnings": sum(p.finding.severity == "warning" for p in probs),
                "unreviewed": sum(p.review == "未审核" for p in probs),
            }
        )
    query = {"select": select, "office": office, "deadline": deadline, "signature": signature}
    query = {k: v for k, v in query.items() if v}
    scope = {k: v for k, v in {"year": y, "batch": batch}.items() if v}
    q = urlencode(query)
    data = {
        "year": y,
        "batch": batch,
        "select": select,
        "organs": rows,
        "downloads": {
            "zip": f"/notices/all.zip?{urlencode(scope | query)}",
            "summary": f"/notices/all.xlsx?{urlencode(scope | query)}",
        },
        "query": q,
    }
    years = sorted({r["year"] for r in st.reports(status="ok") if r["year"]}, reverse=True)
    page = {"select_labels": SELECT_LABELS, "years": years, "office": office, "deadline": deadline}
    return View("notices.html", data, page | {"signature": signature})


@router.get(
    "/notices/{rid:int}.{kind}",
    summary="One report sent back: its Excel list of problems (xlsx) or its Word notice (docx)",
    responses={200: {"content": {XLSX: {}, DOCX: {}}}},
)
async def organ_download(
    request: Request,
    rid: int,
    kind: Literal["xlsx", "docx"],
    select: Select = "sendable",
    office: str = "",
    deadline: str = "",
    signature: str = "",
) -> Response:
    need(request)
    head = _head(office, deadline, signature)
    rep = await run_in_threadpool(stored, request, rid)
    words = wording()
    st = store(request)
    listed = await run_in_threadpool(listed_names, st)
    who = addressee(st, listed, rid)
    name, _probs, xlsx, docx = await run_in_threadpool(
        organ_files, st, rep, select=select, head=head, words=words, organ=who
    )
    what = words["files"]["list" if kind == "xlsx" else "notice"]
    body, mime = (xlsx, XLSX) if kind == "xlsx" else (docx, DOCX)
    return _attachment(body, mime, f"{name}-{what}.{kind}", f"notice-{rid}.{kind}")


@router.get(
    "/notices/all.{kind}",
    summary="A whole batch sent back (year and/or upload batch): every organ's files and the summary (zip), "
    "or the summary list alone (xlsx)",
    responses={200: {"content": {"application/zip": {}, XLSX: {}}}},
)
async def batch_download(
    request: Request,
    kind: Literal["zip", "xlsx"],
    year: str | None = None,
    batch: str | None = None,
    select: Select = "sendable",
    office: str = "",
    deadline: str = "",
    signature: str = "",
) -> Response:
    need(request)
    head = _head(office, deadline, signature)
    y = _year(year)
    readings = await run_in_threadpool(_readings, request, y, batch)
    if not readings:
        raise HTTPException(404, "没有符合条件的报告")
    words = wording()
    files = words["files"]
    stem = f"{y or files['every_year']}-{files['summary']}"
    if kind == "zip":
        body = await run_in_threadpool(bundle, store(request), readings, select=select, head=head, words=words, year=y)
        return _attachment(body, "application/zip", f"{stem}.zip", "notices.zip")

    def summary() -> bytes:
        st = store(request)
        probs = []
        for _rid, rep in readings:
            rep, reviews = marked(st, rep)
            probs += problems_of(rep, reviews, select=select, words=words)
        return excel(probs, words)

    return _attachment(await run_in_threadpool(summary), XLSX, f"{stem}.xlsx", "notices.xlsx")
