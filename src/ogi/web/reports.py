"""Reports — built by ``ogi build`` or uploaded, alike: search (``/reports``), one report
(``/reports/ID``, ``.json``, ``.csv``, ``.xlsx``), its PDF pages, review marks and corrections.

A report's page is served from the stored reading (values, findings — cross-year ones included —,
sections and source lines as stored): nothing is read again.
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from ogi.check import expected_value
from ogi.check.score import evaluate
from ogi.corpus.identity import identify
from ogi.export import reading as downloads
from ogi.export.followup import MARK_LABELS, checked, distinct, marks, open_problems
from ogi.model import Report
from ogi.store import REVIEW_STATUSES
from ogi.store.browse import COUNT_CAP
from ogi.template import fmt_number
from ogi.web.deps import (
    Id,
    PageNo,
    Refused,
    Text,
    View,
    Year,
    audit,
    corpus,
    need,
    render,
    resource,
    reviewer,
    store,
    stored,
    wants_json,
)
from ogi.web.pagecache import SLOT
from ogi.web.scores import pack_of
from ogi.web.view import (
    FORMAT_LABELS,
    SEVERITY_LABELS,
    STATUS_LABELS,
    findings_view,
    fmt,
    labels,
    layout,
    meta_view,
    source_view,
)

router = APIRouter(tags=["reports"])


COMMENT = 4000  # characters of a reviewer's comment


class ReviewIn(BaseModel):
    finding: str = Field(max_length=2000, description="finding id: rule|keys, as in the report's findings[].id")
    status: Literal["confirmed", "dismissed"]
    comment: str = Field(default="", max_length=COMMENT)


class CorrectionIn(BaseModel):
    key: str = Field(max_length=200)
    value: float | None = Field(allow_inf_nan=False)
    comment: str = Field(default="", max_length=COMMENT)


# ---------------------------------------------------------------- search

SEARCH_SEVERITIES = ("error", "warning", "clean")  # reports with an error, with a warning, with neither


@resource(router, "/reports", summary="Search reports: q (organ or file), region, year, template, rule, severity")
def reports(
    request: Request,
    q: Text = None,
    region: Text = None,
    year: Year = None,
    template: Text = None,
    rule: Text = None,
    severity: Text = None,
    page: PageNo = 1,
) -> View:
    need(request)
    if severity and severity not in SEARCH_SEVERITIES:
        raise Refused(400, f"问题级别应为 {'、'.join(SEARCH_SEVERITIES)} 之一，不是“{severity}”。")
    params = {"q": q, "region": region, "year": year, "template": template, "rule": rule, "severity": severity}
    per = 100
    total, rows = corpus(request).search(
        q=q or None,
        region=region or None,
        year=year,
        template=template or None,
        rule=rule or None,
        severity=severity or None,
        limit=per,
        offset=(page - 1) * per,
    )
    # past COUNT_CAP the count is "more than": pages go on while they are full
    more = total > COUNT_CAP
    pages = max(1, -(-min(total, COUNT_CAP) // per), page + 1 if more and len(rows) == per else 1)
    data = {"total": min(total, COUNT_CAP), "more": more, "page": page, "pages": pages, "reports": rows}
    from ogi.web.corpus import rule_title

    facets = dict(corpus(request).facets())
    facets["rules"] = [(r, rule_title(r)) for r in facets["rules"]]
    return View(
        "reports.html",
        data,
        {
            "p": {k: str(v) for k, v in params.items() if v},
            "qs": urlencode({k: v for k, v in params.items() if v}),
            "facets": facets,
            "severity_labels": SEVERITY_LABELS,
        },
    )


# ---------------------------------------------------------------- one report


def report_data(request: Request, rid: int) -> dict[str, Any]:
    """A report as its page shows it: the reading, its tables laid out with findings and
    corrections, findings with their review marks, the source lines as stored."""
    r = stored(request, rid)
    st = store(request)
    ev = evaluate(r, pack_of(request))  # the findings as the office's rule pack says them, and the score
    r = dataclasses.replace(r, findings=ev.findings)
    sha = r.source.sha256 or ""
    reviews = st.reviews(sha) if sha else {}
    corrections = st.corrections(sha) if sha else {}
    findings = findings_view(r, reviews)
    # the organ-year's versions (the store's members of its series and year), this one's findings
    # marked against the version before
    sid, year = st.organ_year_of(rid)
    every = st.versions_of([(sid, year)]).get((sid, year), []) if sid is not None and year is not None else []
    versions = [v["id"] for v in distinct(every)] or [rid]
    # this reading, or the newest of the same file (the one its organ-year counts)
    this = rid if rid in versions else next((v["id"] for v in distinct(every) if v["sha256"] == sha), rid)
    before = [v for v in versions if v < this]
    previous = stored(request, before[-1]) if before else None
    got, gone = marks(previous, r)
    for f in findings:
        f["mark"] = got.get(f["index"])
    fixed = []
    if previous is not None:
        gone_ids = {id(g) for g in gone}
        was = findings_view(previous, {})
        fixed = [f | {"mark": "fixed"} for f in was if id(previous.findings[f["index"]]) in gone_ids]
    # the rules again on the reviewer's corrected values (the reading as read stays beside it)
    rechecked = None
    if corrections:
        again = checked(r, corrections)
        rechecked = {"findings": findings_view(again, reviews), "problems": len(open_problems(again, reviews))}
    organ = sid or _organ(request, r)
    last_year = None
    if sid is not None and year is not None and st.versions_of([(sid, year - 1)]):
        last_year = year - 1
    return {
        "score": ev.to_dict(),
        "id": rid,
        "name": Path(r.source.path or "").name,
        "sha256": sha,
        "upload": st.upload_of(rid),
        "organ": organ,
        "reading": r.to_dict(),
        "tables": layout(r, corrections),
        "findings": findings,
        "corrections": corrections,
        "reviews": reviews,
        "versions": [{"id": v, "current": v == versions[-1], "this": v == this} for v in versions],
        "previous_version": before[-1] if before else None,
        "fixed": fixed,
        "rechecked": rechecked,
        "last_year": last_year,
        "source": source_view(st.document(rid)),
        "_report": r,
    }


def _organ(request: Request, r: Report) -> str | None:
    """The organ page of the report's organ, when the corpus has one."""
    sid = corpus(request).organ_of(r.source.path)
    if sid is None and r.agency:
        ident = identify(r.agency, r.region)
        sid = ident.id if ident is not None and corpus(request).has_organ(ident.id) else None
    return sid


@resource(router, "/reports/{rid:int}", summary="A report: reading, tables, findings with review marks, source lines")
def report(request: Request, rid: Id) -> View | Response:
    s = need(request)
    key = None
    if not wants_json(request):  # a page viewed again is served as kept (see ogi.web.pagecache)
        marks = store(request).marks_state(rid)
        key = (rid, corpus(request).signature(), marks, s.user, s.role, pack_of(request).id)
        html = request.app.state.pages.get(key, s.csrf)
        if html is not None:
            return HTMLResponse(html)
    d = report_data(request, rid)
    r: Report = d.pop("_report")
    page = {
        "r": d["reading"],
        "meta": meta_view(r),
        "base": f"/reports/{rid}",
        "severity_labels": SEVERITY_LABELS,
        "status_labels": STATUS_LABELS,
        "format_labels": FORMAT_LABELS,
        "mark_labels": MARK_LABELS,
        "labels": labels(r),
        "fmt": fmt,
    }
    if key is None:
        return View("reading.html", d, page)
    kept = render(request, "reading.html", {**d, **page}, csrf=SLOT).body.decode("utf-8")
    request.app.state.pages.put(key, kept)
    return HTMLResponse(kept.replace(SLOT, s.csrf))


@router.get(
    "/reports/{rid:int}.{kind}",
    summary="A report as a download: csv (one row per value) or xlsx",
    responses={200: {"content": {"text/csv": {}, "application/octet-stream": {}}}},
)
def report_download(request: Request, rid: Id, kind: Literal["csv", "xlsx"]) -> Response:
    need(request)
    r = stored(request, rid)
    sha = r.source.sha256 or ""
    corrections = store(request).corrections(sha) if sha else {}
    if kind == "csv":
        body, mime = downloads.to_csv(r, corrections), "text/csv; charset=utf-8"
    else:
        body = downloads.to_xlsx(r, corrections)
        mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    stem = (r.agency or "报告") + (f"-{r.year}" if r.year else "")
    disp = f"attachment; filename=\"report-{rid}.{kind}\"; filename*=UTF-8''{quote(stem)}.{kind}"
    return Response(body, media_type=mime, headers={"Content-Disposition": disp})


@router.get("/reports/{rid:int}/pages/{page:int}.png", include_in_schema=False)
def pdf_page(request: Request, rid: Id, page: Annotated[int, PathParam(ge=1, le=100_000)]) -> Response:
    """A page of the report's PDF (the file as uploaded, or the file built from when unchanged)."""
    need(request)
    from ogi.web.pdfpage import render_page

    st = store(request)
    uid = st.upload_of(rid)
    data = st.upload_data(uid) if uid is not None else None
    if data is None:
        try:
            row = st.report_row(rid)
        except KeyError:
            raise HTTPException(404) from None
        data = _file(row["path"], row["sha256"] or "")
    png = render_page(data, page) if data else None
    if png is None:
        raise HTTPException(404)
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"})


def _file(path: str | None, sha: str) -> bytes | None:
    if not path:
        return None
    try:
        data = Path(path).read_bytes()
    except OSError:
        return None
    return data if hashlib.sha256(data).hexdigest() == sha else None


# ---------------------------------------------------------------- review


def add_review(request: Request, rid: int, finding: str, status: str, comment: str, user: str) -> int:
    """Keep a reviewer's mark on one finding of the report; returns the finding's index."""
    if status not in REVIEW_STATUSES:
        raise Refused(400, "审核结果无效。")
    r = stored(request, rid)
    f = next((x for x in findings_view(r) if x["id"] == finding), None)
    if f is None:
        raise Refused(400, "该问题不属于此报告。")
    store(request).add_review(r.source.sha256 or "", finding, f["rule"], status, comment.strip(), user)
    audit(request, "review", rid, finding=finding, status=status, comment=comment.strip())
    return int(f["index"])


@router.post("/reports/{rid:int}/reviews", include_in_schema=False)
def review(
    request: Request,
    rid: Id,
    finding: Annotated[str, Form(max_length=2000)],
    status: Annotated[str, Form(max_length=20)],
    comment: Annotated[str, Form(max_length=COMMENT)] = "",
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    user = reviewer(request, csrf)
    index = add_review(request, rid, finding, status, comment, user)
    return RedirectResponse(f"/reports/{rid}#f-{index}", status_code=303)


@router.post("/reports/{rid:int}/reviews.json", summary="Mark a finding confirmed or dismissed (reviewer)")
def review_json(request: Request, rid: Id, body: ReviewIn) -> dict[str, Any]:
    user = reviewer(request, None)
    add_review(request, rid, body.finding, body.status, body.comment, user)
    sha = stored(request, rid).source.sha256 or ""
    return {"ok": True, "reviews": store(request).reviews(sha).get(body.finding, [])}


def add_correction(request: Request, rid: int, key: str, value: float | None, comment: str, user: str) -> int:
    """Keep a corrected value as a new version beside the read one; returns its version."""
    r = stored(request, rid)
    if key not in r.cells:
        raise Refused(400, "该项目不属于此报告的模板。")
    if value is not None and not (math.isfinite(value) and abs(value) < 1e15):
        raise Refused(400, "更正值超出范围。")
    k = r.format.keys.get(key)
    expected = expected_value(k.column.kind, value) if value is not None and k is not None else None
    if expected:  # not what the column holds (a count: a whole number not below 0): a slip, not a correction
        raise Refused(400, f"{k.label}应为{expected}，更正值「{fmt_number(value)}」不是。")
    version = store(request).add_correction(r.source.sha256 or "", key, value, comment.strip(), user)
    audit(request, "correction", rid, key=key, value=value, version=version, comment=comment.strip())
    return version


def parse_value(value: str) -> float | None:
    t = value.strip().replace(",", "").replace("，", "")
    if t in ("", "—", "-", "/"):
        return None
    try:
        return float(t)
    except ValueError:
        raise Refused(400, f"更正值「{value}」不是数字。") from None


@router.post("/reports/{rid:int}/corrections", include_in_schema=False)
def correct(
    request: Request,
    rid: Id,
    key: Annotated[str, Form(max_length=200)],
    value: Annotated[str, Form(max_length=100)] = "",
    comment: Annotated[str, Form(max_length=COMMENT)] = "",
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    user = reviewer(request, csrf)
    add_correction(request, rid, key, parse_value(value), comment, user)
    return RedirectResponse(f"/reports/{rid}?key={quote(key)}", status_code=303)


@router.post("/reports/{rid:int}/corrections.json", summary="Enter a corrected value, kept as a new version (reviewer)")
def correct_json(request: Request, rid: Id, body: CorrectionIn) -> dict[str, Any]:
    user = reviewer(request, None)
    version = add_correction(request, rid, body.key, body.value, body.comment, user)
    return {"ok": True, "version": version, "read": stored(request, rid).cells.get(body.key)}
