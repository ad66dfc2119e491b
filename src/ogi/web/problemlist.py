"""One list of problems (``/problems``): after a batch (``?batch=``), or over the corpus, one row per
report — organ, year, format, errors, warnings, findings not yet reviewed, status — filtered by
severity, rule, organ, review state, status.

Counts are of every finding of the report (the cross-year ones included); the status is the
follow-up's (:mod:`ogi.export.followup`): 待整改 while the report has problems to send back, 已整改
when an earlier version had some and this one has none, 通过, or 已有新版本 for a version a newer
one of the same organ-year replaced; 无法读取 for a file that could not be read.

Rows, counts and the versions of their organ-years are the store's SQL
(:meth:`ogi.store.Store.problem_list`, :meth:`ogi.store.Store.versions_of`); only reports a
reviewer touched are read, to apply their marks. At most :data:`MAX_ROWS` reports in one list.
"""

from __future__ import annotations

from typing import Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request

from ogi.export.followup import STATE_LABELS, distinct, settle, state_of
from ogi.web.corpus import rule_title
from ogi.web.deps import Text, View, Year, corpus, need, resource, store
from ogi.web.view import FORMAT_LABELS, SEVERITY_LABELS

router = APIRouter(tags=["problems"])

ROW_LABELS = STATE_LABELS | {"superseded": "已有新版本", "unreadable": "无法读取"}
REVIEW_FILTERS = {"unreviewed": "有未审核的问题", "confirmed": "有已确认的问题", "dismissed": "有已驳回的问题"}
SEVERITIES = ("error", "warning")
MAX_ROWS = 2000  # reports in one list: narrow by batch, year or organ for more

Severity = Literal["", "error", "warning"]
Review = Literal["", "unreviewed", "confirmed", "dismissed"]
Status = Literal["", "pending", "fixed", "passed", "superseded", "unreadable"]


def _shown(path: str) -> str:
    """A stored path as a clerk knows the file: an upload's name as uploaded (a ZIP's member with
    its archive), else the file's name."""
    if path.startswith("upload:"):
        return path.split("/", 1)[-1]
    return path.rsplit("/", 1)[-1]


def problem_rows(
    st: Any, *, batch: str | None = None, year: int | None = None, organ: str = "", severity: str = "", rule: str = ""
) -> tuple[list[dict[str, Any]], int]:
    """The reports of a batch (or of the store, or of a year) as rows of the list, in the batch's
    order (else organ, year): at most :data:`MAX_ROWS`, and how many reports matched."""
    found, metas = st.problem_list(
        batch=batch, year=year, organ=organ or None, severity=severity or None, rule=rule or None, limit=MAX_ROWS
    )
    pairs = {(m["series"], m["series_year"]) for m in metas if m["series"] is not None}
    groups = st.versions_of(pairs)
    every = [v for vs in groups.values() for v in vs]
    settle(st, [*every, *metas])
    states = {k: (distinct(vs), state_of(distinct(vs))) for k, vs in groups.items()}
    rules = st.rules_of([m["id"] for m in metas])
    rows = []
    for m in metas:
        i = m["id"]
        c = m.get("counts") or {}
        row: dict[str, Any] = {
            "id": i,
            "organ": m["agency"],
            "year": m["year"],
            "format": m["format"],
            "format_label": FORMAT_LABELS.get(m["format"] or "", m["format"] or ""),
            "template": m["template"],
            "name": (m["path"] or "").rsplit("/", 1)[-1],
            "path_name": _shown(m["path"] or ""),
            "errors": c.get("errors", int(m["errors"] or 0)),
            "warnings": c.get("warnings", int(m["warnings"] or 0)),
            "unreviewed": c.get("unreviewed", int(m["errors"] or 0) + int(m["warnings"] or 0)),
            "confirmed": c.get("confirmed", 0),
            "dismissed": c.get("dismissed", 0),
            "problems": m["open"],
            "rules": rules.get(i, []),
            "newest": i,
            "late": False,
            "versions": 1,
        }
        if m["status"] != "ok":
            row |= {"status": "unreadable", "status_label": ROW_LABELS["unreadable"], "error": m["error_message"]}
            row["problems"] = 0
            rows.append(row)
            continue
        key = (m["series"], m["series_year"])
        if key in states:
            versions, st_ = states[key]
        else:  # no organ-year (its organ or year unknown): a version alone
            versions = [m]
            st_ = state_of(versions)
        newest = st_["report"] if st_["report"] is not None else i
        status = "superseded" if newest != i else st_["state"]
        row |= {"status": status, "status_label": ROW_LABELS[status], "late": st_["late"], "newest": newest}
        row["versions"] = len(versions)
        rows.append(row)
    return rows, found


def keep(row: dict[str, Any], review: str, status: str) -> bool:
    """Whether a row passes the filters made here (each empty: any)."""
    if review in REVIEW_FILTERS and not row[review]:
        return False
    return not (status and row["status"] != status)


@resource(router, "/problems", summary="One list of problems: a batch's (or the corpus's) reports, counts and status")
def problems(
    request: Request,
    batch: Text = None,
    year: Year = None,
    severity: Severity = "",
    rule: Text = None,
    organ: Text = None,
    review: Review = "",
    status: Status = "",
) -> View:
    need(request)
    st = store(request)
    batch = (batch or "").strip() or None
    if batch and not st.batch(batch):
        raise HTTPException(404, "批次不存在")
    organ_, rule_ = (organ or "").strip(), (rule or "").strip()
    every, found = problem_rows(st, batch=batch, year=year, organ=organ_, severity=severity, rule=rule_)
    rows = [r for r in every if keep(r, review, status)]
    totals = {
        "reports": len(rows),
        "errors": sum(r["errors"] for r in rows),
        "warnings": sum(r["warnings"] for r in rows),
        "unreviewed": sum(r["unreviewed"] for r in rows),
        "by_status": {s: sum(r["status"] == s for r in rows) for s in ROW_LABELS},
        "found": found,
        "shown": len(every),
        "cut": found > len(every),  # more reports than one list holds: narrow by year or organ
    }
    params = {"batch": batch, "year": year, "severity": severity, "rule": rule_, "organ": organ_}
    params |= {"review": review, "status": status}
    facets = corpus(request).facets() if not batch else {"rules": sorted({x for r in every for x in r["rules"]})}
    page = {
        "p": {k: str(v) for k, v in params.items() if v},
        "qs": urlencode({k: v for k, v in params.items() if v}),
        "rules": [(x, rule_title(x)) for x in facets["rules"]],
        "severity_labels": SEVERITY_LABELS,
        "review_filters": REVIEW_FILTERS,
        "row_labels": ROW_LABELS,
        "years": facets.get("years") or sorted({r["year"] for r in every if r["year"]}, reverse=True),
    }
    return View("problems.html", {"batch": batch, "totals": totals, "reports": rows}, page)
