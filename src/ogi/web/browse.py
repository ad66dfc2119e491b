"""Browsing the corpus: an organ's years (``/organs/ID``), regions (``/regions``, ``/regions/NODE``),
two reports compared (``/compare?a=&b=``). Each page also as ``.json``."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, HTTPException, Request

from ogi.corpus.diff import diff_reports, signed
from ogi.corpus.identity import identify
from ogi.export.followup import MARK_LABELS, distinct, marks
from ogi.template import key_label
from ogi.web.deps import OptId, PageNo, Text, View, Year, corpus, need, resource, store, stored
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
        # counts (of organs, of applications) are whole numbers: no axis step below one
        "yAxis": {"type": "value", **({"axisLabel": {"formatter": "{value}%"}} if percent else {"minInterval": 1})},
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
    if g.get("from_list"):
        rep = [
            {"name": "按时", "data": [len(y["on_time"]) for y in g["years"]]},
            {"name": "逾期", "data": [len(y["late"]) for y in g["years"]]},
            {"name": "日期不详", "data": [len(y["undated"]) for y in g["years"]]},
        ]
    else:
        rep = [{"name": "已报送", "data": [y["reported"] for y in g["years"]]}]
    rep.append({"name": "未报送", "data": [len(y["missing"]) for y in g["years"]]})
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


@resource(
    router,
    "/regions",
    summary="Regions (from the organ list, else inferred from organ names) with their organ counts, a page at a time",
)
def regions(request: Request, page: PageNo = 1) -> View:
    need(request)
    return View("regions.html", corpus(request).regions(max(1, page)))


@resource(
    router,
    "/regions/{node:path}",
    summary="A region: per year organs expected, received, on time, late, missing (with an organ list); totals and"
    " metrics; its organs (a page at a time, worst first); each organ's follow-up state for a year",
)
def region(request: Request, node: str, page: PageNo = 1, year: Year = None) -> View:
    need(request)
    g = corpus(request).region(node, max(1, page), year=year)
    if g is None:
        raise HTTPException(404, "地区不存在")
    return View("region.html", g, {"g": g, "charts": region_charts(g), **_metrics_context()})


def find_organ(request: Request, text: str) -> str | None:
    """The series id of an organ given its id or any form of its name (one organ's name holding it)."""
    c, st = corpus(request), store(request)
    if c.has_organ(text):
        return text
    ident = identify(text)
    if ident is not None and c.has_organ(ident.id):
        return ident.id
    hits = st.find_organs(text)
    return hits[0] if len(hits) == 1 else None


def organ_year(request: Request, sid: str, year: int) -> int | None:
    """The newest version of an organ's report of a year (its report id), if any."""
    if not 1900 <= year <= 2200:
        return None
    vs = distinct(store(request).versions_of([(sid, year)]).get((sid, year), []))
    return vs[-1]["id"] if vs else None


@resource(router, "/compare", summary="Two reports compared (ogi diff): an organ and years a, b; or report ids a, b")
def compare(request: Request, organ: Text = None, a: OptId = None, b: OptId = None) -> View:
    """``organ`` (its id or any form of its name) with years ``a`` and ``b`` (each the newest version of
    that year; ``b`` defaults to the year after ``a``), or ``a`` and ``b`` report ids."""
    need(request)
    text = (organ or "").strip()
    sid = find_organ(request, text) if text else None
    if text and sid is None:
        raise HTTPException(404, f"未找到机关「{text}」的报告")
    ia = ib = None
    if sid is not None:
        if a is None:
            raise HTTPException(404, "请填写要比较的年度")
        yb = b if b is not None else a + 1
        ia, ib = organ_year(request, sid, a), organ_year(request, sid, yb)
        if ia is None or ib is None:
            raise HTTPException(404, f"该机关没有{a if ia is None else yb}年度的报告")
    elif a and b:
        ia, ib = a, b
    mark_a: dict[int, str] = {}
    mark_b: dict[int, str] = {}
    if ia is None or ib is None:
        d = None
        fa = fb = []
    else:
        ra, rb = stored(request, ia), stored(request, ib)
        d = diff_reports(ra, rb, ids=(ia, ib))
        fa, fb = findings_view(ra), findings_view(rb)
        mark_b, gone = marks(ra, rb)
        gone_ids = {id(g) for g in gone}
        mark_a = {i: "fixed" for i, f in enumerate(ra.findings) if id(f) in gone_ids}
        d["marks"] = {"a": {str(i): m for i, m in mark_a.items()}, "b": {str(i): m for i, m in mark_b.items()}}
    page = {
        "organ": text,
        "sid": sid,
        "a": a or "",
        "b": b or "",
        "ia": ia,
        "ib": ib,
        "d": d,
        "fa": fa,
        "fb": fb,
        "fmt": fmt,
        "signed": signed,
        "mark_a": mark_a,
        "mark_b": mark_b,
        "mark_labels": MARK_LABELS,
        "changed": {x["key"] for x in d["changed"]} if d else set(),
        "organs": store(request).organ_choices(),
    }
    return View("compare.html", d or {}, page)
