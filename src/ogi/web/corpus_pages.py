"""Corpus pages and their /api twins: search, stored report, organ, region, compare."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from ogi.diff import diff_reports
from ogi.web.api import ReviewIn
from ogi.web.deps import need, render, reviewer
from ogi.web.pages import add_correction, add_review, export_response, parse_value, reading_context
from ogi.web.view import SEVERITY_LABELS, document_lines, findings_view, fmt, key_label, layout

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["corpus"])

# Charts: which metrics to draw per year (ids of ogi/corpus/metrics.toml)
APPLICATION_METRICS = ("received", "carried_in", "handled", "carried_out")
LITIGATION_METRICS = ("reviews", "suits")
RATES = ("disclosure_rate", "review_correction_rate", "suit_loss_rate")


def corpus(request: Request) -> Any:
    c = request.app.state.corpus
    if c is None:
        raise HTTPException(404, "报告库不可用（未安装 corpus 组件）")
    return c


# ---------------------------------------------------------------- data shared by page and API


def search_data(request: Request, params: dict[str, Any]) -> dict[str, Any]:
    c = corpus(request)
    page = max(1, int(params.get("page") or 1))
    per = 100
    total, rows = c.search(
        q=params.get("q") or None,
        region=params.get("region") or None,
        year=int(params["year"]) if params.get("year") else None,
        template=params.get("template") or None,
        rule=params.get("rule") or None,
        severity=params.get("severity") or None,
        limit=per,
        offset=(page - 1) * per,
    )
    return {"total": total, "page": page, "pages": max(1, -(-total // per)), "reports": rows}


def stored_bundle(request: Request, rid: int) -> dict[str, Any]:
    """A stored reading in the shape the reading page needs; the source re-read from its file when it is unchanged."""
    c = corpus(request)
    try:
        d = c.store.get(rid)
    except KeyError:
        raise HTTPException(404, "报告不存在") from None
    if d.get("status") != "ok":
        raise HTTPException(404, f"该文件未能读取：{d.get('error', {}).get('message', '')}")
    src = d.get("source") or {}
    sha = src.get("sha256") or ""
    store = request.app.state.store
    return {
        "id": rid,
        "name": Path(src.get("path") or "").name,
        "sha256": sha,
        "status": "done",
        "reading": d,
        "document": _document(src.get("path"), sha),
        "reviews": store.reviews(sha) if sha else {},
        "corrections": store.corrections(sha) if sha else {},
    }


def _file(path: str | None, sha: str) -> bytes | None:
    if not path:
        return None
    try:
        data = Path(path).read_bytes()
    except OSError:
        return None
    return data if hashlib.sha256(data).hexdigest() == sha else None


def _document(path: str | None, sha: str) -> list[list[Any]] | None:
    data = _file(path, sha)
    if data is None:
        return None
    from ogi.errors import OgiError
    from ogi.ingest import ingest_bytes
    from ogi.normalize import normalize_document

    try:
        doc = ingest_bytes(data, path)
        normalize_document(doc)
    except OgiError:
        return None
    return document_lines(doc)


def compare_data(request: Request, a: int, b: int) -> dict[str, Any]:
    c = corpus(request)
    try:
        da, db = c.store.get(a), c.store.get(b)
    except KeyError:
        raise HTTPException(404, "报告不存在") from None
    return diff_reports(da, db)


def _chart(
    title: str, x: list[Any], series: list[dict[str, Any]], *, stack: bool = False, percent: bool = False
) -> str:
    """An ECharts option as JSON (drawn by static/charts.js)."""
    opt: dict[str, Any] = {
        "title": {"text": title, "left": "center", "textStyle": {"fontSize": 14}},
        "tooltip": {"trigger": "axis"},
        "legend": {"bottom": 0, "type": "scroll"},
        "grid": {"left": 50, "right": 20, "top": 40, "bottom": 56},
        "xAxis": {"type": "category", "data": [str(v) for v in x]},
        "yAxis": {"type": "value", **({"axisLabel": {"formatter": "{value}%"}} if percent else {})},
        "series": [{**s, "type": s.get("type", "bar"), **({"stack": "all"} if stack else {})} for s in series],
    }
    return json.dumps(opt, ensure_ascii=False)


def _pct(v: Any) -> float | None:
    return None if v is None else round(100 * float(v), 1)


def organ_charts(o: dict[str, Any]) -> list[str]:
    from ogi.web.corpus import metric_names, outcome_labels

    names = metric_names()
    ys = [y["year"] for y in o["years"]]
    apps = [{"name": names[m], "data": [y["metrics"].get(m) for y in o["years"]]} for m in APPLICATION_METRICS]
    lab = outcome_labels()
    mix = [{"name": lab[g], "data": [y["outcomes"].get(g) for y in o["years"]]} for g in lab]
    lit = [{"name": names[m], "data": [y["metrics"].get(m) for y in o["years"]]} for m in LITIGATION_METRICS]
    rates = [{"name": names[m], "type": "line", "data": [_pct(y["metrics"].get(m)) for y in o["years"]]} for m in RATES]
    return [
        _chart("申请数量（件）", ys, apps),
        _chart("办理结果构成（件）", ys, mix, stack=True),
        _chart("行政复议与诉讼（件）", ys, lit),
        _chart("比率（%）", ys, rates, percent=True),
    ]


def region_charts(g: dict[str, Any]) -> list[str]:
    from ogi.web.corpus import metric_names, outcome_labels

    names = metric_names()
    ys = [y["year"] for y in g["years"]]
    apps = [{"name": names[m], "data": [y["metrics"].get(m) for y in g["years"]]} for m in APPLICATION_METRICS]
    lab = outcome_labels()
    mix = [{"name": lab[k], "data": [y["outcomes"].get(k) for y in g["years"]]} for k in lab]
    lit = [{"name": names[m], "data": [y["metrics"].get(m) for y in g["years"]]} for m in LITIGATION_METRICS]
    rep = [
        {"name": "已报送", "data": [y["reported"] for y in g["years"]]},
        {"name": "未报送", "data": [len(y["missing"]) for y in g["years"]]},
    ]
    return [
        _chart("各年度申请数量（件）", ys, apps),
        _chart("办理结果构成（件）", ys, mix, stack=True),
        _chart("行政复议与诉讼（件）", ys, lit),
        _chart("报告报送情况（个机关）", ys, rep, stack=True),
    ]


# ---------------------------------------------------------------- pages


@pages.get("/reports")
def reports_page(request: Request) -> Response:
    need(request)
    params = dict(request.query_params)
    data = search_data(request, params)
    return render(
        request,
        "reports.html",
        {
            "p": params,
            "qs": urlencode({k: v for k, v in params.items() if k != "page" and v}),
            "facets": corpus(request).facets(),
            "severity_labels": SEVERITY_LABELS,
            **data,
        },
    )


@pages.get("/report/{rid}")
def report_page(request: Request, rid: int) -> Response:
    need(request)
    return render(request, "reading.html", reading_context(request, stored_bundle(request, rid), f"/report/{rid}"))


@pages.get("/report/{rid}/download.{kind}")
def report_download(request: Request, rid: int, kind: str) -> Response:
    need(request)
    return export_response(stored_bundle(request, rid), kind)


@pages.get("/report/{rid}/page/{page}.png")
def report_pdf_page(request: Request, rid: int, page: int) -> Response:
    need(request)
    from ogi.web.pdfpage import render_page

    b = stored_bundle(request, rid)
    data = _file(b["reading"]["source"].get("path"), b["sha256"])
    png = render_page(data, page) if data else None
    if png is None:
        raise HTTPException(404)
    return Response(png, media_type="image/png")


@pages.post("/report/{rid}/review")
def report_review(
    request: Request,
    rid: int,
    finding: Annotated[str, Form()],
    status: Annotated[str, Form()],
    comment: Annotated[str, Form()] = "",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    user = reviewer(request, csrf)
    index = add_review(request, stored_bundle(request, rid), finding, status, comment, user)
    return RedirectResponse(f"/report/{rid}#f-{index}", status_code=303)


@pages.post("/report/{rid}/correct")
def report_correct(
    request: Request,
    rid: int,
    key: Annotated[str, Form()],
    value: Annotated[str, Form()] = "",
    comment: Annotated[str, Form()] = "",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    user = reviewer(request, csrf)
    add_correction(request, stored_bundle(request, rid), key, parse_value(value), comment, user)
    return RedirectResponse(f"/report/{rid}?key={key}", status_code=303)


def _metrics_context() -> dict[str, Any]:
    """What the organ and region pages show metrics with: their names, which are rates, formats."""
    from ogi.web.corpus import metric_names, rates

    return {"names": metric_names(), "rates": rates(), "fmt": fmt, "label": key_label}


@pages.get("/organ/{sid}")
def organ_page(request: Request, sid: str) -> Response:
    need(request)
    o = corpus(request).organ(sid)
    if o is None:
        raise HTTPException(404, "机关不存在")
    return render(request, "organ.html", {"o": o, "charts": organ_charts(o), **_metrics_context()})


@pages.get("/regions")
def regions_page(request: Request) -> Response:
    need(request)
    return render(request, "regions.html", {"regions": corpus(request).regions()})


@pages.get("/region/{node:path}")
def region_page(request: Request, node: str) -> Response:
    need(request)
    g = corpus(request).region(node)
    if g is None:
        raise HTTPException(404, "地区不存在")
    return render(request, "region.html", {"g": g, "charts": region_charts(g), **_metrics_context()})


@pages.get("/compare")
def compare_page(request: Request, a: int | None = None, b: int | None = None) -> Response:
    need(request)
    d = compare_data(request, a, b) if a and b else None
    ra = corpus(request).store.get(a) if d else None
    rb = corpus(request).store.get(b) if d else None
    return render(
        request,
        "compare.html",
        {
            "a": a,
            "b": b,
            "d": d,
            "fa": findings_view(ra) if ra else [],
            "fb": findings_view(rb) if rb else [],
            "fmt": fmt,
            "changed": {c["key"] for c in d["changed"]} if d else set(),
            "choices": corpus(request).search(limit=1000)[1],
        },
    )


# ---------------------------------------------------------------- api


@api.get("/reports", summary="Search stored reports: q (organ name or file), region, year, template, rule, severity")
def api_reports(
    request: Request,
    q: str | None = None,
    region: str | None = None,
    year: int | None = None,
    template: str | None = None,
    rule: str | None = None,
    severity: str | None = None,
    page: int = 1,
) -> dict[str, Any]:
    need(request)
    params = {"q": q, "region": region, "year": year, "template": template, "rule": rule, "severity": severity}
    return search_data(request, {**params, "page": page})


@api.get("/reports/{rid}", summary="A stored report: reading, tables laid out, findings with review marks, corrections")
def api_report(request: Request, rid: int) -> dict[str, Any]:
    need(request)
    b = stored_bundle(request, rid)
    return {
        "id": rid,
        "sha256": b["sha256"],
        "reading": b["reading"],
        "tables": layout(b["reading"], b["corrections"]),
        "findings": findings_view(b["reading"], b["reviews"]),
        "corrections": b["corrections"],
    }


@api.get(
    "/organs/{sid}", summary="An organ's series: values and metrics by year, carry-over chain, cross-year findings"
)
def api_organ(request: Request, sid: str) -> dict[str, Any]:
    need(request)
    o = corpus(request).organ(sid)
    if o is None:
        raise HTTPException(404, "机关不存在")
    return o


@api.get("/regions", summary="Regions (inferred from organ names) with their organ counts")
def api_regions(request: Request) -> list[dict[str, Any]]:
    need(request)
    return corpus(request).regions()  # type: ignore[no-any-return]


@api.get(
    "/regions/{node:path}", summary="A region: totals and metrics by year, organs by severity, organs with no report"
)
def api_region(request: Request, node: str) -> dict[str, Any]:
    need(request)
    g = corpus(request).region(node)
    if g is None:
        raise HTTPException(404, "地区不存在")
    return g  # type: ignore[no-any-return]


@api.get("/compare", summary="Two stored reports compared (ogi diff)")
def api_compare(request: Request, a: int, b: int) -> dict[str, Any]:
    need(request)
    return compare_data(request, a, b)


@api.post("/reports/{rid}/reviews", summary="Mark a finding of a stored report (reviewer)")
def api_report_review(request: Request, rid: int, body: ReviewIn) -> dict[str, Any]:
    user = reviewer(request, None)
    b = stored_bundle(request, rid)
    add_review(request, b, body.finding, body.status, body.comment, user)
    return {"ok": True, "reviews": request.app.state.store.reviews(b["sha256"]).get(body.finding, [])}
