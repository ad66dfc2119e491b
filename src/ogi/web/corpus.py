"""The corpus as the pages see it: the store (``ogi build``) plus organ series, roll-ups and metrics.

Series, hierarchy and roll-up come from :mod:`ogi.corpus` over every stored reading;
they are computed once per state of the store (its report count, last id and last
write) and kept until a build changes it, so browsing stays quick while a build
runs: each page sees one consistent state.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from ogi.check.cross_year import check_pair
from ogi.corpus.metrics import evaluate, metrics
from ogi.corpus.rollup import Rollup, rollup
from ogi.corpus.series import Series, group_series
from ogi.document import Source
from ogi.report import Report
from ogi.store import Store as CorpusStore
from ogi.store import schema as S
from ogi.web.view import SEVERITY_ORDER

# Outcome groups of 表三, for the outcome-mix chart: (label row key prefix in the template).
OUTCOME_PREFIXES = ("granted", "partial", "denied", "unable", "rejected", "other")


def open_corpus(url: str) -> Corpus:
    return Corpus(CorpusStore(url))


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
    def __init__(self, store: CorpusStore) -> None:
        self.store = store
        self._model: Model | None = None
        self._lock = threading.Lock()

    # ------------------------------------------------------------ state
    def signature(self) -> tuple[Any, ...]:
        R = S.reports
        with self.store.engine.connect() as c:
            row = c.execute(
                sa.select(sa.func.count(), sa.func.max(R.c.id), sa.func.max(R.c.stored_at)).where(
                    R.c.removed.is_(False)
                )
            ).one()
            nf = c.execute(sa.select(sa.func.count()).select_from(S.findings)).scalar()
        return (row[0], row[1], str(row[2]), nf)

    def model(self) -> Model:
        sig = self.signature()
        m = self._model
        if m is not None and m.signature == sig:
            return m
        with self._lock:
            if self._model is not None and self._model.signature == sig:
                return self._model
            self._model = self._build(sig)
            return self._model

    def _build(self, sig: tuple[Any, ...]) -> Model:
        reps = self._lean_readings()
        ids = {r.source.path or "": rid for rid, r, _ in reps}
        counts = {rid: c for rid, _, c in reps}
        readings = [r for _, r, _ in reps]
        series, unnamed = group_series(readings)
        ru = rollup(readings)
        m = Model(signature=sig, series=series, unnamed=unnamed, rollup=ru, ids=ids, counts=counts)
        for s in series:
            for r in [*s.by_year.values(), *s.duplicates, *s.undated]:
                m.series_of[r.source.path or ""] = s.id
        return m

    def _lean_readings(self) -> list[tuple[int, Report, tuple[int, int]]]:
        """Every stored reading's metadata and values only (no provenance, findings, sections):
        what series, roll-ups and metrics need, read in two queries."""
        R, C = S.reports, S.cells
        cols = [R.c[n] for n in ("id", "path", "sha256", "format", "template", "year", "agency", "region")]
        cols += [R.c.errors, R.c.warnings]
        with self.store.engine.connect() as c:
            rows = c.execute(sa.select(*cols).where(R.c.status == "ok", R.c.removed.is_(False)).order_by(R.c.id)).all()
            cells: dict[int, dict[str, Any]] = {}
            for rid, key, value in c.execute(sa.select(C.c.report_id, C.c.key, C.c.value)):
                cells.setdefault(rid, {})[key] = (
                    int(value) if isinstance(value, float) and value.is_integer() else value
                )
        out = []
        for r in rows:
            rep = Report(
                source=Source(path=r.path, format=r.format or "text", sha256=r.sha256),
                template=r.template,
                year=r.year,
                agency=r.agency,
                region=r.region,
                cells=cells.get(r.id, {}),
                provenance={},
                findings=[],
                sections={},
            )
            out.append((int(r.id), rep, (int(r.errors or 0), int(r.warnings or 0))))
        return out

    # ------------------------------------------------------------ search
    def search(
        self,
        *,
        q: str | None = None,
        region: str | None = None,
        year: int | None = None,
        template: str | None = None,
        rule: str | None = None,
        severity: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> tuple[int, list[dict[str, Any]]]:
        """Stored reports matching the filters, newest year first: (total, rows)."""
        R, F = S.reports, S.findings
        cond = [R.c.removed.is_(False)]
        if q:
            cond.append(sa.or_(R.c.agency.contains(q), R.c.path.contains(q)))
        if region:
            cond.append(R.c.region.contains(region))
        if year:
            cond.append(R.c.year == year)
        if template:
            cond.append(R.c.template == template)
        if rule:
            cond.append(sa.exists().where(F.c.report_id == R.c.id, F.c.rule == rule))
        if severity == "error":
            cond.append(R.c.errors > 0)
        elif severity == "warning":
            cond.append(R.c.warnings > 0)
        elif severity == "clean":
            cond.append(sa.and_(R.c.errors == 0, R.c.warnings == 0, R.c.status == "ok"))
        cols = [R.c[n] for n in ("id", "path", "sha256", "format", "template", "year", "agency", "region")]
        cols += [R.c[n] for n in ("status", "error_message", "errors", "warnings")]
        with self.store.engine.connect() as c:
            total = c.execute(sa.select(sa.func.count()).select_from(R).where(*cond)).scalar() or 0
            rows = c.execute(
                sa.select(*cols)
                .where(*cond)
                .order_by(R.c.year.desc().nulls_last(), R.c.agency, R.c.id)
                .limit(limit)
                .offset(offset)
            ).mappings()
            out = [dict(r) for r in rows]
        m = self.model()
        for r in out:
            r["organ"] = m.series_of.get(r["path"] or "")
            r["name"] = Path(r["path"] or "").name
        return int(total), out

    def facets(self) -> dict[str, list[Any]]:
        """Values to filter by: years, templates, regions, rules met."""
        R, F = S.reports, S.findings
        with self.store.engine.connect() as c:
            years = [r[0] for r in c.execute(sa.select(R.c.year).where(R.c.year.is_not(None)).distinct())]
            tpls = [r[0] for r in c.execute(sa.select(R.c.template).where(R.c.template.is_not(None)).distinct())]
            regions = [r[0] for r in c.execute(sa.select(R.c.region).where(R.c.region.is_not(None)).distinct())]
            rules = [r[0] for r in c.execute(sa.select(F.c.rule).distinct())]
        return {
            "years": sorted(years, reverse=True),
            "templates": sorted(tpls),
            "regions": sorted(regions),
            "rules": [(r, _rule_title(r)) for r in sorted(rules)],
        }

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
        chain = []
        full: dict[int, Report] = {}

        def whole(r: Report) -> Report:
            """The reading with its sections (for the prose-repetition check)."""
            rid = m.report_id(r)
            if rid is None:
                return r
            if rid not in full:
                full[rid] = Report.from_dict(self.store.get(rid))
            return full[rid]

        for prev, cur in s.pairs():
            found = check_pair(whole(prev), whole(cur))
            chain.append(
                {
                    "from": prev.year,
                    "to": cur.year,
                    "carried_out": prev.cells.get("t3.carried_out.total"),
                    "carried_in": cur.cells.get("t3.carried_in.total"),
                    "from_id": m.report_id(prev),
                    "to_id": m.report_id(cur),
                    "findings": [f.to_dict() for f in found],
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
        m = self.model()
        h = m.rollup.hierarchy
        out = []
        for node, name in h.name.items():
            if node in h.organs:
                continue
            organs = self._organs_under(node)
            out.append({"node": node, "name": name, "depth": len(h.ancestors(node)), "organs": len(organs)})
        out.sort(key=lambda d: ([h.name.get(a, a) for a in reversed(h.ancestors(d["node"]))], d["name"]))
        return out

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
        by_id = {s.id: s for s in m.series}
        per_year = []
        for row in rows:
            readings = [by_id[o].by_year[row.year] for o in row.organs if o in by_id and row.year in by_id[o].by_year]
            per_year.append(
                {
                    "year": row.year,
                    "reported": len(row.organs),
                    "missing": [h.name.get(o, o) for o in row.missing],
                    "missing_ids": row.missing,
                    "cells": row.cells,
                    "incomplete": row.incomplete,
                    "metrics": _sum_metrics(readings),
                    "outcomes": _sum_outcomes(readings),
                }
            )
        ranked = []
        for o in organs:
            s = by_id.get(o)
            if s is None:
                ranked.append({"id": o, "name": h.name.get(o, o), "errors": 0, "warnings": 0, "years": [], "rank": 9})
                continue
            errs = warns = 0
            worst = 9
            for r in s.by_year.values():
                rid = m.report_id(r)
                e, w = m.counts.get(rid or -1, (0, 0))
                errs += e
                warns += w
                worst = min(worst, 0 if e else 1 if w else 9)
            ranked.append(
                {"id": o, "name": s.organ.name, "errors": errs, "warnings": warns, "years": s.years, "rank": worst}
            )
        ranked.sort(key=lambda d: (d["rank"], -d["errors"], -d["warnings"], d["name"]))
        children = [
            {"node": c, "name": h.name.get(c, c)} for c in sorted(h.children().get(node, [])) if c not in h.organs
        ]
        parents = [{"node": a, "name": h.name.get(a, a)} for a in reversed(h.ancestors(node))]
        return {
            "node": node,
            "name": h.name[node],
            "parents": parents,
            "children": children,
            "organs": ranked,
            "years": per_year,
        }


def _rule_title(rid: str) -> str:
    from ogi.template import rule

    try:
        return rule(rid).title
    except KeyError:
        return rid


def _series_keys() -> tuple[str, ...]:
    return ("t3.new.total", "t3.carried_in.total", "t3.total.total", "t3.carried_out.total")


def outcome_mix(r: Report) -> dict[str, float | None]:
    """The 总计 column of 表三's outcome rows, summed by outcome group (予以公开, 部分公开, 不予公开…)."""
    from ogi.corpus.metrics import reading_template

    tpl = reading_template(r)
    out: dict[str, float | None] = {}
    for row in tpl.table("t3").rows:
        if not row.outcome:
            continue
        group = row.key.split(".")[0]
        v = r.cells.get(f"t3.{row.key}.total")
        if v is None:
            continue
        out[group] = (out.get(group) or 0) + v
    return out


def outcome_labels() -> dict[str, str]:
    """Outcome group → its label in the template (the group's own row label, or its group heading)."""
    from ogi.template import template

    labels: dict[str, str] = {}
    for row in template("2021").table("t3").rows:
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
