"""The corpus as the pages see it: the store plus organ series, roll-ups and metrics.

Series, hierarchy and roll-up come from :mod:`ogi.corpus` over every stored reading (built ones
and uploads alike); they are computed once per state of the store (:meth:`ogi.store.Store.signature`)
and kept until the store changes, so browsing stays quick while a build runs: each page sees one
consistent state. Cross-year findings are the store's own (computed when readings were stored).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any

from ogi.corpus.metrics import evaluate, metric, metrics
from ogi.corpus.rollup import Rollup, hierarchy_from_list, rollup
from ogi.corpus.series import Series, group_series
from ogi.model import Report
from ogi.store import Store
from ogi.web.view import SEVERITY_ORDER

SIGNATURE_SECONDS = 0.5  # how long one look at the store's state serves the pages


@dataclass
class Model:
    """One consistent state of the corpus."""

    signature: tuple[Any, ...]
    series: list[Series]
    unnamed: list[Report]
    rollup: Rollup
    ids: dict[str, int]  # source path → stored report id
    counts: dict[int, tuple[int, int]]  # report id → (errors, warnings)
    series_of: dict[str, str] = field(default_factory=dict)  # source path → series id

    def report_id(self, r: Report) -> int | None:
        return self.ids.get(r.source.path or "")

    def find_series(self, sid: str) -> Series | None:
        return next((s for s in self.series if s.id == sid), None)


class Corpus:
    def __init__(self, store: Store) -> None:
        self.store = store
        self._model: Model | None = None
        self._lock = threading.Lock()
        self._seen: tuple[float, tuple[Any, ...]] | None = None

    # ------------------------------------------------------------ state
    def signature(self, *, fresh: bool = False) -> tuple[Any, ...]:
        """The store's state, looked at no more than every :data:`SIGNATURE_SECONDS` (``fresh``:
        now). A report's page is keyed by it: it may show what a build changed that long after."""
        now = time.monotonic()
        seen = self._seen
        if not fresh and seen is not None and now - seen[0] < SIGNATURE_SECONDS:
            return seen[1]
        sig = self.store.signature()
        self._seen = (now, sig)
        return sig

    def model(self) -> Model:
        """The series, roll-up and counts of the store as it is now."""
        sig = self.signature(fresh=True)
        m = self._model
        if m is not None and m.signature == sig:
            return m
        with self._lock:
            if self._model is not None and self._model.signature == sig:
                return self._model
            self._model = self._build(sig)
            return self._model

    def _build(self, sig: tuple[Any, ...]) -> Model:
        reps = self.store.lean_readings()
        ids = {r.source.path or "": rid for rid, r, _ in reps}
        counts = {rid: c for rid, _, c in reps}
        readings = [r for _, r, _ in reps]
        errors = {r.source.path: c[0] for _, r, c in reps}
        # the fuller of two readings of one year, as the store pairs them (ogi.store.Store.series)
        series, unnamed = group_series(
            readings, quality=lambda r: (sum(v is not None for v in r.cells.values()), -errors[r.source.path])
        )
        listed = self.store.organ_list()  # who must report, when an organ list was imported
        ru = rollup(readings, hierarchy_from_list(listed) if listed else None)
        m = Model(signature=sig, series=series, unnamed=unnamed, rollup=ru, ids=ids, counts=counts)
        for s in series:
            for r in [*s.by_year.values(), *s.duplicates, *s.undated]:
                m.series_of[r.source.path or ""] = s.id
        return m

    def organ_of(self, path: str | None) -> str | None:
        """The series a stored reading belongs to (its organ page), if any."""
        return self.model().series_of.get(path or "")

    def search(self, **filters: Any) -> tuple[int, list[dict[str, Any]]]:
        """:meth:`ogi.store.Store.search`, each row with its organ's series id (``organ``)."""
        total, rows = self.store.search(**filters)
        m = self.model()
        for r in rows:
            r["organ"] = m.series_of.get(r["path"] or "")
        return total, rows

    # ------------------------------------------------------------ organ
    def organ(self, sid: str) -> dict[str, Any] | None:
        m = self.model()
        s = m.find_series(sid)
        if s is None:
            return None
        years = []
        for y in s.years:
            r = s.by_year[y]
            rid = m.report_id(r)
            years.append(
                {
                    "year": y,
                    "id": rid,
                    "agency": r.agency,
                    "template": r.template,
                    "errors": m.counts.get(rid or -1, (0, 0))[0],
                    "warnings": m.counts.get(rid or -1, (0, 0))[1],
                    "metrics": evaluate(r),
                    "cells": {k: r.cells.get(k) for k in _series_keys()},
                    "outcomes": outcome_mix(r),
                }
            )
        ids = {m.report_id(cur) for _prev, cur in s.pairs()} - {None}
        found = {(p.report_id, p.previous_id): p.findings for p in self.store.stored_pairs(ids)}
        carried_out, carried_in = metric("carried_out"), metric("carried_in")
        chain = []
        for prev, cur in s.pairs():
            pid, cid = m.report_id(prev), m.report_id(cur)
            chain.append(
                {
                    "from": prev.year,
                    "to": cur.year,
                    "carried_out": carried_out.of(prev),
                    "carried_in": carried_in.of(cur),
                    "from_id": pid,
                    "to_id": cid,
                    "findings": [f.to_dict() for f in found.get((cid, pid), [])],  # type: ignore[arg-type]
                }
            )
        return {
            "id": s.id,
            "organ": s.organ.to_dict(),
            "years": years,
            "missing_years": s.missing_years(),
            "chain": chain,
            "duplicates": [m.report_id(r) for r in s.duplicates],
        }

    # ------------------------------------------------------------ regions
    def regions(self) -> list[dict[str, Any]]:
        """Every node a roll-up sums (regions, and listed organs with organs under them), in tree order."""
        m = self.model()
        h = m.rollup.hierarchy
        kids = h.children()
        out = []
        for node, name in h.name.items():
            if node in h.organs and not kids.get(node):
                continue
            organs = self._organs_under(node)
            out.append({"node": node, "name": name, "depth": len(h.ancestors(node)), "organs": len(organs)})
        out.sort(key=lambda d: ([h.name.get(a, a) for a in reversed(h.ancestors(d["node"]))], d["name"]))
        return out

    def listing(self) -> dict[str, Any]:
        """Whether the regions come from an imported organ list, and the organs outside it."""
        m = self.model()
        return {"from_list": m.rollup.hierarchy.from_list, "unplaced": m.rollup.unplaced}

    def _organs_under(self, node: str) -> list[str]:
        h = self.model().rollup.hierarchy
        return sorted(o for o in h.organs if o == node or node in h.ancestors(o))

    def region(self, node: str) -> dict[str, Any] | None:
        m = self.model()
        h = m.rollup.hierarchy
        if node not in h.name:
            return None
        organs = self._organs_under(node)
        rows = [r for r in m.rollup.rows if r.node == node]
        placed = m.rollup.placed

        def reading(o: str, y: int) -> Report | None:
            return next((s.by_year[y] for s in placed.get(o, ()) if y in s.by_year), None)

        def names(ids: list[str]) -> list[str]:
            return [h.name.get(o, o) for o in ids]

        per_year = []
        for row in rows:
            readings = [r for o in row.organs if (r := reading(o, row.year)) is not None]
            per_year.append(
                {
                    "year": row.year,
                    "expected": row.expected,
                    "reported": len(row.organs),
                    "on_time": names(row.on_time),
                    "late": names(row.late),
                    "undated": names(row.undated),
                    "missing": names(row.missing),
                    "missing_ids": row.missing,
                    "cells": row.cells,
                    "incomplete": row.incomplete,
                    "metrics": _sum_metrics(readings),
                    "outcomes": _sum_outcomes(readings),
                }
            )
        ranked = []
        for o in organs:
            ss = placed.get(o, [])
            entry = h.listed.get(o)
            base = {"id": o, "name": h.name.get(o, o), "kind": entry.kind_name if entry else None}
            if not ss:
                ranked.append({**base, "series": None, "errors": 0, "warnings": 0, "years": [], "rank": 9})
                continue
            errs = warns = 0
            worst = 9
            years: set[int] = set()
            for s in ss:
                for r in s.by_year.values():
                    e, w = m.counts.get(m.report_id(r) or -1, (0, 0))
                    errs += e
                    warns += w
                    worst = min(worst, 0 if e else 1 if w else 9)
                years.update(s.years)
            if entry is None:
                base["name"] = ss[0].organ.name
            ranked.append(
                {**base, "series": ss[0].id, "errors": errs, "warnings": warns, "years": sorted(years), "rank": worst}
            )
        ranked.sort(key=lambda d: (d["rank"], -d["errors"], -d["warnings"], d["name"]))
        kids = h.children()
        children = [
            {"node": c, "name": h.name.get(c, c)}
            for c in sorted(kids.get(node, []))
            if c not in h.organs or kids.get(c)
        ]
        parents = [{"node": a, "name": h.name.get(a, a)} for a in reversed(h.ancestors(node))]
        return {
            "node": node,
            "name": h.name[node],
            "from_list": h.from_list,
            "parents": parents,
            "children": children,
            "organs": ranked,
            "years": per_year,
        }


def rule_title(rid: str) -> str:
    from ogi.template import rule

    try:
        return rule(rid).title
    except KeyError:
        return rid


# The metrics an organ's years are shown by, as values (ids of ogi/corpus/metrics.toml).
SERIES_METRICS = ("received", "carried_in", "handled", "carried_out")


def _series_keys() -> tuple[str, ...]:
    """The keys of the series metrics (each a single key), in the newest format."""
    from ogi.corpus.metrics import metric
    from ogi.template import newest

    return tuple(k for m in SERIES_METRICS for _sign, k in metric(m).numerator.keys(newest()))


def _outcome_table(tpl: Any) -> Any:
    """The table whose rows are marked outcome rows (表三)."""
    return next(t for t in tpl.tables if any(r.outcome for r in t.rows))


def outcome_mix(r: Report) -> dict[str, float | None]:
    """The 总计 column of 表三's outcome rows, summed by outcome group (予以公开, 部分公开, 不予公开…)."""
    tpl = r.format
    table = _outcome_table(tpl)
    total = table.columns[-1].key  # 总计, the last column
    out: dict[str, float | None] = {}
    for row in table.rows:
        if not row.outcome:
            continue
        group = row.key.split(".")[0]
        v = r.cells.get(f"{table.id}.{row.key}.{total}")
        if v is None:
            continue
        out[group] = (out.get(group) or 0) + v
    return out


def outcome_labels() -> dict[str, str]:
    """Outcome group → its label in the template (the group's own row label, or its group heading)."""
    from ogi.template import newest

    labels: dict[str, str] = {}
    for row in _outcome_table(newest()).rows:
        if row.outcome:
            g = row.key.split(".")[0]
            label = row.label if "." not in row.key else (row.group or row.label)
            cut = label.find("(", 1)  # (二)部分公开(区分处理的,…) → (二)部分公开: the remark is too long for a legend
            labels.setdefault(g, label[:cut] if cut > 0 else label)
    return labels


def _sum_metrics(readings: list[Report]) -> dict[str, Any]:
    from ogi.corpus.metrics import aggregate

    g = aggregate(readings)
    return {k: v.value for k, v in g.metrics.items()}


def _sum_outcomes(readings: list[Report]) -> dict[str, float]:
    out: dict[str, float] = {}
    for r in readings:
        for k, v in outcome_mix(r).items():
            out[k] = out.get(k, 0) + (v or 0)
    return out


def metric_names() -> dict[str, str]:
    return {m.id: m.name for m in metrics()}


def rates() -> set[str]:
    return {m.id for m in metrics() if m.is_rate}


def worst_first(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(findings, key=lambda f: SEVERITY_ORDER.get(f.get("severity", ""), 9))
