"""Browsing the corpus: an organ's years (``/organs/ID``), regions (``/regions``, ``/regions/NODE``),
two reports compared (``/compare?a=&b=``). Each page also as ``.json``."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, HTTPException, Request

from ogi.corpus.diff import diff_reports
from ogi.template import key_label
from ogi.web.deps import OptId, PageNo, View, corpus, need, resource, stored
from ogi.web.view import findings_view, fmt

router = APIRouter(tags=["corpus"])

# Charts: which metrics to draw per year (ids of ogi/corpus/metrics.toml)
APPLICATION_METRICS = ("received", "carried_in", "handled", "carried_out")
LITIGATION_METRICS = ("reviews", "suits")
RATES = ("disclosure_rate", "review_correction_rate", "suit_loss_rate")


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


def _yearly(g: dict[str, Any]) -> tuple[list[Any], list[dict], list[dict], list[dict]]:
    """Years, and per year: applications, outcome mix and litigation series of a page's data."""
    from ogi.web.corpus import metric_names, outcome_labels

    names = metric_names()
    ys = [y["year"] for y in g["years"]]
    apps = [{"name": names[m], "data": [y["metrics"].get(m) for y in g["years"]]} for m in APPLICATION_METRICS]
    lab = outcome_labels()
    mix = [{"name": lab[k], "data": [y["outcomes"].get(k) for y in g["years"]]} for k in lab]
    lit = [{"name": names[m], "data": [y["metrics"].get(m) for y in g["years"]]} for m in LITIGATION_METRICS]
    return ys, apps, mix, lit


def organ_charts(o: dict[str, Any]) -> list[str]:
    from ogi.web.corpus import metric_names

    names = metric_names()
    ys, apps, mix, lit = _yearly(o)
    rates = [{"name": names[m], "type": "line", "data": [_pct(y["metrics"].get(m)) for y in o["years"]]} for m in RATES]
    return [
        _chart("申请数量（件）", ys, apps),
        _chart("办理结果构成（件）", ys, mix, stack=True),
        _chart("行政复议与诉讼（件）", ys, lit),
        _chart("比率（%）", ys, rates, percent=True),
    ]


def region_charts(g: dict[str, Any]) -> list[str]:
    ys, apps, mix, lit = _yearly(g)
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


def _metrics_context() -> dict[str, Any]:
    """What the organ and region pages show metrics with: their names, which are rates, formats."""
    from ogi.web.corpus import metric_names, rates

    return {"names": metric_names(), "rates": rates(), "fmt": fmt, "label": lambda tid, k: key_label(k, tid)}


@resource(router, "/organs/{sid:path}", summary="An organ's years: values, metrics, carry-over, cross-year findings")
def organ(request: Request, sid: str) -> View:
    need(request)
    o = corpus(request).organ(sid)
    if o is None:
        raise HTTPException(404, "机关不存在")
    return View("organ.html", o, {"o": o, "charts": organ_charts(o), **_metrics_context()})


@resource(router, "/regions", summary="Regions (inferred from organ names) with their organ counts, a page at a time")
def regions(request: Request, page: PageNo = 1) -> View:
    need(request)
    return View("regions.html", corpus(request).regions(max(1, page)))


@resource(
    router,
    "/regions/{node:path}",
    summary="A region: totals and metrics by year, its organs (a page at a time, worst first), the unreported",
)
def region(request: Request, node: str, page: PageNo = 1) -> View:
    need(request)
    g = corpus(request).region(node, max(1, page))
    if g is None:
        raise HTTPException(404, "地区不存在")
    return View("region.html", g, {"g": g, "charts": region_charts(g), **_metrics_context()})


@resource(router, "/compare", summary="Two reports compared (ogi diff): a, b report ids")
def compare(request: Request, a: OptId = None, b: OptId = None) -> View:
    need(request)
    if not (a and b):
        d = None
        fa = fb = []
    else:
        ra, rb = stored(request, a), stored(request, b)
        d = diff_reports(ra, rb, ids=(a, b))
        fa, fb = findings_view(ra), findings_view(rb)
    page = {
        "a": a,
        "b": b,
        "d": d,
        "fa": fa,
        "fb": fb,
        "fmt": fmt,
        "changed": {c["key"] for c in d["changed"]} if d else set(),
        "choices": corpus(request).search(limit=1000)[1],
    }
    return View("compare.html", d or {}, page)
