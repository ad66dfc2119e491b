"""Corpus analysis in the database: stats, roll-ups, series, regions and organs, computed by SQL over
``vals`` and the derived tables (:mod:`ogi.store.derive`), never by loading every reading.

The figures are those of :mod:`ogi.corpus` (``stats``, ``rollup``, ``group_series``), which compute
them from readings in memory: the same metric data (:mod:`ogi.store.measures`), the same series,
the same hierarchy; ``tests/store/test_store_analysis.py`` holds the two to the same results on
generated and real readings, on SQLite and PostgreSQL. Memory is bounded by the result: a stats
group, a region's years, one organ's series at a time (:meth:`Analysis.series_docs` streams).
"""

from __future__ import annotations

import itertools
import json
import operator
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

import sqlalchemy as sa

from ogi.corpus.identity import organ_type
from ogi.corpus.metrics import BY, Group, metrics
from ogi.corpus.rollup import Hierarchy, Rollup, RollupRow, summed_keys
from ogi.model import Finding, finding_from_row, with_basis
from ogi.store import schema as S
from ogi.store.derive import KEPT, Derive, _add, agg_columns, stage_one_sql
from ogi.store.measures import metric_aggregates, metric_value, q
from ogi.template import spec, template, template_of

UNNAMED = "机关未识别"


def _whole(v: Any) -> Any:
    v = float(v or 0)
    return int(v) if v.is_integer() else v


def _measures(m: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """Every metric's value and the outcome groups of a region's year of sums (a mapping by the
    columns of :func:`ogi.store.derive.agg_columns`)."""
    mcols = S.metric_columns()
    met = {}
    for i, mt in enumerate(metrics()):
        num, den, n = (m[c] for c, _m, _p in mcols[3 * i : 3 * i + 3])
        met[mt.id] = metric_value(mt, num, den, n).value
    outcomes = {g: _whole(m[c]) for c, g in S.outcome_columns() if m[c] is not None}
    return met, outcomes


class Analysis(Derive):
    def _text_order(self, c: Any) -> Any:
        """Order text by code point on every backend (as Python sorts)."""
        return c.collate("C") if self.engine.dialect.name == "postgresql" else c

    # ------------------------------------------------------------ stats

    def stats(self, by: str = "all") -> list[Group]:
        """:func:`ogi.corpus.metrics.stats` of the stored readings (readable, not removed), in SQL:
        one query grouping the counted reports (a report of an organ's year read twice counted
        once). Raises ValueError for an unknown ``by``."""
        by = by.replace("_", "-")
        if by not in BY:
            raise ValueError(f"--by must be one of {', '.join(BY)}")
        self.ensure_fresh()
        key = {"all": "NULL", "year": "m.year", "region": "o.region", "organ-type": "o.type", "organ": "m.series"}[by]
        aggs = [a for m in metrics() for a in metric_aggregates(m)]
        sql = (
            f"SELECT {key} AS k, CASE WHEN m.series IS NULL THEN 1 ELSE 0 END AS unnamed, MAX(o.name) AS name, "
            f"COUNT(*) AS n, {', '.join(aggs)} FROM members m JOIN vals v ON v.report_id = m.report_id "
            f"LEFT JOIN organs o ON o.id = m.series WHERE m.role <> 'duplicate' "
            f"GROUP BY {'' if by == 'all' else key + ', '}CASE WHEN m.series IS NULL THEN 1 ELSE 0 END"
        )
        groups: dict[Any, tuple[str, list[Any]]] = {}
        with self._read() as conn:
            rows = list(conn.exec_driver_sql(sql))
        rows.sort(key=lambda r: r[1])  # the series' rows first, as stats() meets them
        for k, unnamed, name, n, *parts in rows:
            k = None if by == "all" else k
            if by == "all":
                label = "全部"
            elif by == "year":
                label = f"{k}年" if k else "年度不详"
            elif k is None:
                label = UNNAMED if unnamed else "地区不详"
            elif by == "region":
                label = k
            elif by == "organ-type":
                label = organ_type(k).name
            else:
                label = name
            if k in groups:
                groups[k] = (groups[k][0], _add(groups[k][1], [n, *parts]))
            else:
                groups[k] = (label, [n, *parts])
        out = []
        for k in sorted(groups, key=lambda k: (k is None, str(k))):
            label, (n, *parts) = groups[k]
            g = Group(key=k, label=label, reports=int(n))
            for i, m in enumerate(metrics()):
                g.metrics[m.id] = metric_value(m, *parts[3 * i : 3 * i + 3])
            out.append(g)
        return out

    # ------------------------------------------------------------ roll-up

    def names(self) -> Hierarchy:
        """The regions of the organs' names with every organ (series) under its region: the
        hierarchy the derived tables are made by (:func:`ogi.corpus.rollup.infer_hierarchy`)."""
        self.ensure_fresh()
        h = Hierarchy()
        with self._read() as conn:
            RG = S.regions
            for node, name, parent in conn.execute(sa.select(RG.c.node, RG.c.name, RG.c.parent)):
                h.add(node, name, parent)
            for sid, name, node in conn.execute(sa.select(S.organs.c.id, S.organs.c.name, S.organs.c.node)):
                h.add(sid, name, node, organ=True)
        return h

    def rollup(self, hierarchy: Hierarchy | None = None, years: Iterable[int] | None = None) -> Rollup:
        """:func:`ogi.corpus.rollup.rollup` of the stored readings: with the regions of the names
        (no ``hierarchy``), read from ``region_years``; with a hierarchy given (an organ list's:
        :func:`ogi.corpus.rollup.hierarchy_from_list`), summed in SQL now. A node's years are
        ``years``, by default those its organs have reports for; each row's received organs are
        split into on time, late and date unknown (:func:`ogi.corpus.rollup.timeliness_of`)."""
        if hierarchy is not None:
            return self._given(hierarchy, years)[0]
        h = self.names()
        want = sorted(set(years)) if years is not None else None
        RY = S.region_years
        under: dict[str, list[str]] = defaultdict(list)
        with self._read() as conn:
            q = sa.select(S.region_organs.c.node, S.region_organs.c.series)
            for n, o in conn.execute(q):
                under[n].append(o)
            q2 = sa.select(RY)
            if want is not None:
                q2 = q2.where(RY.c.year.in_(want))
            got = {(r.node, r.year): r for r in conn.execute(q2)}
            when = self._timeliness(conn, want)
        cols = agg_columns()
        rows = []
        years_of: dict[str, list[int]] = defaultdict(list)
        for n, y in got:
            years_of[n].append(y)
        for node in sorted(under, key=lambda n: (len(h.ancestors(n)), n)):
            for y in sorted(years_of[node]):
                r = got[(node, y)]._mapping
                if want is None and not r["reported"]:
                    continue  # a year the corpus holds nothing of this region's organs
                missing = json.loads(r["missing"])
                gone = set(missing)
                organs = [o for o in sorted(under[node]) if o not in gone]
                vals, inc = [r[c] for c in cols], json.loads(r["incomplete"])
                row = self._row(node, h.name.get(node, node), y, organs, missing, vals, inc)
                for o in organs:
                    getattr(row, when.get((o, y), "undated")).append(o)
                rows.append(row)
        return Rollup(hierarchy=h, rows=rows, unplaced=[])

    def _kept_dates(
        self, conn: Any, years: list[int] | None, series: str | None = None
    ) -> dict[tuple[str, int], tuple[str | None, str | None]]:
        """(series, year) → (publication date, agency) of its kept report; ``series``: a temporary
        table of the series wanted (column ``series``). One row per report, its date and agency alone."""
        if years is not None and not years:
            return {}
        M, R = S.members, S.reports
        join = f"JOIN {series} t ON t.series = m.series " if series else ""
        ys = f"AND m.year IN ({', '.join(str(int(y)) for y in years)}) " if years else ""
        sql = (
            f"SELECT m.series, m.year, r.{q(R.c.published.name)}, r.{q(R.c.agency.name)} FROM {M.name} m "
            f"JOIN {R.name} r ON r.id = m.report_id {join}WHERE m.role = '{KEPT}' {ys}"
        )
        return {(sid, y): (pub, ag) for sid, y, pub, ag in conn.exec_driver_sql(sql)}

    def _timeliness(self, conn: Any, years: list[int] | None) -> dict[tuple[str, int], str]:
        """(series, year) → on_time, late or undated of its kept report, by the deadline its agency's
        name shows (:func:`ogi.corpus.rollup.timeliness_of`)."""
        from ogi.corpus.rollup import timeliness_of

        return {(sid, y): timeliness_of(pub, ag, y) for (sid, y), (pub, ag) in self._kept_dates(conn, years).items()}

    def _row(
        self,
        node: str,
        name: str,
        year: int,
        organs: list[str],
        missing: list[str],
        vals: list[Any],
        nulls: dict[str, int],
    ) -> RollupRow:
        """A roll-up row from a region's year of sums (:func:`ogi.store.derive.agg_columns` order)."""
        row = RollupRow(node=node, name=name, year=year, organs=organs, missing=missing)
        if not organs:
            return row
        tids = list(spec().templates)
        per = dict(zip(tids, vals[: len(tids)], strict=True))
        present = [t for t in tids if per[t]]
        counted = {t: set(summed_keys(template(t))) for t in tids}
        keys = {k for t in present for k in counted[t]}
        sums = dict(zip((k for _c, k in S.summed_columns()), vals[len(tids) :], strict=False))
        for _c, k in S.summed_columns():
            if k not in keys:
                continue
            row.cells[k] = _whole(sums[k])
            lack = nulls.get(k, 0) + sum(int(per[t] or 0) for t in present if k not in counted[t])
            if lack:
                row.incomplete[k] = lack
        return row

    def _given(
        self, h: Hierarchy, years: Iterable[int] | None
    ) -> tuple[Rollup, dict[tuple[str, int], list[Any]], dict[str, list[str]]]:
        """A roll-up of a given hierarchy, as :func:`ogi.corpus.rollup.rollup` makes it: series placed
        at their node (their id, their organ's, a short name's: :meth:`Hierarchy.place_ids`), an
        organ's year given by the first of its series (by id) with a report of it; sums per group of
        organs with the same nodes above them in SQL, added up here. Also the sums per (node, year)
        (count first, then :func:`ogi.store.derive.agg_columns`) and the series placed at each organ
        node. Memory: the hierarchy's organs and their years, never the readings."""
        from ogi.corpus.rollup import timeliness_of

        self.ensure_fresh()
        placed: dict[str, list[str]] = defaultdict(list)
        unplaced = []
        with self._read() as conn:
            q1 = sa.select(S.organs.c.id, S.organs.c.name, S.organs.c.identity)
            for sid, name, ident in conn.execute(q1.order_by(self._text_order(S.organs.c.id))):
                node = h.place_ids(sid, json.loads(ident)["id"])
                if node is None:
                    unplaced.append(name)
                    continue
                placed[node].append(sid)
                h.organs.add(node)
        wanted = sorted(set(years)) if years is not None else None
        under: dict[str, list[str]] = defaultdict(list)
        for o in sorted(h.organs):
            for n in [o, *h.ancestors(o)]:
                under[n].append(o)
        rolled = sorted(
            (n for n in under if not (n in h.organs and len(under[n]) == 1)), key=lambda n: (len(h.ancestors(n)), n)
        )
        rolled_set = set(rolled)
        ups: dict[str, list[str]] = {o: [n for n in [o, *h.ancestors(o)] if n in rolled_set] for o in placed}
        sums: dict[tuple[str, int], list[Any]] = {}
        nulls: dict[tuple[str, int], dict[str, int]] = {}
        chosen: dict[tuple[str, int], tuple[str, str | None, str | None]] = {}  # (organ, year) → its report's
        if placed and wanted != []:
            with self._read() as conn:
                conn.exec_driver_sql("CREATE TEMPORARY TABLE ogi_placed (series TEXT PRIMARY KEY)")
                conn.exec_driver_sql(
                    "CREATE TEMPORARY TABLE ogi_groups"
                    " (series TEXT, year INTEGER, grp INTEGER, PRIMARY KEY (series, year))"
                )
                try:
                    self._insert_many(conn, "ogi_placed", ("series",), [(sid,) for ss in placed.values() for sid in ss])
                    dates = self._kept_dates(conn, wanted, "ogi_placed")
                    of_series: dict[str, list[tuple[int, str | None, str | None]]] = defaultdict(list)
                    for (sid, y), (pub, ag) in sorted(dates.items()):
                        of_series[sid].append((y, pub, ag))
                    groups: dict[tuple[str, ...], int] = {}
                    member = []
                    for o, ss in placed.items():
                        grp = groups.setdefault(tuple(ups[o]), len(groups))
                        for sid in ss:  # the first series (by id) with a report of the year gives it
                            for y, pub, ag in of_series.get(sid, ()):
                                if (o, y) not in chosen:
                                    chosen[(o, y)] = (sid, pub, ag)
                                    member.append((sid, y, grp))
                    up_of = {g: list(a) for a, g in groups.items()}
                    self._insert_many(conn, "ogi_groups", ("series", "year", "grp"), member)
                    join = "JOIN ogi_groups t ON t.series = m.series AND t.year = m.year"
                    for grp, year, *vals in conn.exec_driver_sql(stage_one_sql("t.grp", join, "")):
                        for n in up_of[grp]:
                            k = (n, year)
                            sums[k] = _add(sums[k], vals) if k in sums else list(vals)
                    got_years = sorted({y for _o, y in chosen})
                    if got_years:
                        nulls = self._incomplete(conn, h, got_years, rolled_set, "t.grp", join, up=lambda g: up_of[g])
                finally:
                    conn.exec_driver_sql("DROP TABLE ogi_groups")
                    conn.exec_driver_sql("DROP TABLE ogi_placed")
        rows = []
        ncols = len(agg_columns())
        years_of: dict[str, set[int]] = defaultdict(set)
        for o, y in chosen:
            years_of[o].add(y)
        for node in rolled:
            node_years = wanted
            if node_years is None:
                node_years = sorted({y for o in under[node] for y in years_of.get(o, ())})
            for y in node_years:
                organs, missing = [], []
                for o in under[node]:
                    (organs if (o, y) in chosen else missing).append(o)
                vals = sums.get((node, y))
                got = vals[1:] if vals else [0] * ncols
                row = self._row(node, h.name.get(node, node), y, organs, missing, got, nulls.get((node, y), {}))
                for o in organs:
                    _sid, pub, ag = chosen[(o, y)]
                    getattr(row, timeliness_of(pub, ag, y, h.listed.get(o))).append(o)
                rows.append(row)
        return Rollup(hierarchy=h, rows=rows, unplaced=sorted(unplaced)), sums, dict(placed)

    # ------------------------------------------------------------ regions (the web pages)

    def listed_rollup(self, h: Hierarchy) -> dict[str, Any]:
        """What the region pages show of a given hierarchy (an organ list's): ``rollup`` (its
        :class:`Rollup`, every node's years of reports), ``measures`` ((node, year) → (every
        metric's value, the outcome groups)) and ``placed`` (organ node → the series reporting as
        it). Summed in SQL (:meth:`rollup`); memory: the list's organs and their years."""
        ru, sums, placed = self._given(h, None)
        cols = agg_columns()
        none = [None] * (len(cols) + 1)
        measures = {
            (r.node, r.year): _measures(dict(zip(cols, (sums.get((r.node, r.year)) or none)[1:], strict=True)))
            for r in ru.rows
        }
        return {"rollup": ru, "measures": measures, "placed": placed}

    def organ_rows(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """Series by id: name, errors, warnings, years, rank (as :meth:`region_organs`)."""
        OG = S.organs
        ids = list(ids)
        out: dict[str, dict[str, Any]] = {}
        with self._read() as conn:
            for i in range(0, len(ids), 500):
                q1 = sa.select(OG.c.id, OG.c.name, OG.c.errors, OG.c.warnings, OG.c.years, OG.c.worst)
                for r in conn.execute(q1.where(OG.c.id.in_(ids[i : i + 500]))):
                    out[r.id] = {
                        "id": r.id,
                        "name": r.name,
                        "errors": r.errors,
                        "warnings": r.warnings,
                        "years": json.loads(r.years),
                        "rank": r.worst,
                    }
        return out

    def regions_list(self, *, limit: int | None = None, offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
        """(how many, the region nodes in listing order: node, name, depth, organs)."""
        RG = S.regions
        with self._read() as conn:
            total = conn.execute(sa.select(sa.func.count()).select_from(RG)).scalar() or 0
            q = sa.select(RG.c.node, RG.c.name, RG.c.depth, RG.c.organs).order_by(RG.c.ord).offset(offset)
            if limit is not None:
                q = q.limit(limit)
            return int(total), [dict(r._mapping) for r in conn.execute(q)]

    def region_row(self, node: str) -> dict[str, Any] | None:
        RG = S.regions
        with self._read() as conn:
            r = conn.execute(sa.select(RG).where(RG.c.node == node)).first()
        return dict(r._mapping) if r else None

    def region_children(self, node: str) -> list[dict[str, Any]]:
        """The regions right under one, by name."""
        RG = S.regions
        with self._read() as conn:
            q = sa.select(RG.c.node, RG.c.name).where(RG.c.parent == node).order_by(self._text_order(RG.c.node))
            return [dict(r._mapping) for r in conn.execute(q)]

    def region_years(self, node: str) -> list[dict[str, Any]]:
        """A region's years as its page shows them: reported, the organs without a report (ids),
        the sums (cells), the keys some report lacks, every metric's value, the outcome groups."""
        RY = S.region_years
        cols = agg_columns()
        out = []
        with self._read() as conn:
            q1 = sa.select(RY).where(RY.c.node == node, RY.c.reported > 0)  # years of its organs' reports
            for r in conn.execute(q1.order_by(RY.c.year)):
                m = r._mapping
                missing = json.loads(m["missing"])
                organs = ["?"] * int(m["reported"])
                vals = [m[c] for c in cols]
                row = self._row(node, node, r.year, organs, missing, vals, json.loads(m["incomplete"]))
                met, outcomes = _measures(m)
                out.append(
                    {
                        "year": r.year,
                        "reported": int(m["reported"]),
                        "missing_ids": missing,
                        "cells": row.cells,
                        "incomplete": row.incomplete,
                        "metrics": met,
                        "outcomes": outcomes,
                    }
                )
        return out

    def region_organs(
        self, node: str, *, limit: int | None = None, offset: int = 0
    ) -> tuple[int, list[dict[str, Any]]]:
        """(how many, the organs under a region, those with errors first, then warnings): id, name,
        errors, warnings, years, rank (0 a report with errors, 1 warnings only, 9 none)."""
        RO, OG = S.region_organs, S.organs
        cond = RO.c.node == node
        with self._read() as conn:
            total = conn.execute(sa.select(sa.func.count()).select_from(RO).where(cond)).scalar() or 0
            q = (
                sa.select(OG.c.id, OG.c.name, OG.c.errors, OG.c.warnings, OG.c.years, OG.c.worst)
                .join(RO, RO.c.series == OG.c.id)
                .where(cond)
                .order_by(OG.c.worst, OG.c.errors.desc(), OG.c.warnings.desc(), self._text_order(OG.c.name))
                .offset(offset)
            )
            if limit is not None:
                q = q.limit(limit)
            rows = [
                {
                    "id": r.id,
                    "name": r.name,
                    "errors": r.errors,
                    "warnings": r.warnings,
                    "years": json.loads(r.years),
                    "rank": r.worst,
                }
                for r in conn.execute(q)
            ]
        return int(total), rows

    def organ_names(self, ids: Iterable[str]) -> dict[str, str]:
        ids = list(ids)
        out: dict[str, str] = {}
        with self._read() as conn:
            for i in range(0, len(ids), 500):
                q = sa.select(S.organs.c.id, S.organs.c.name).where(S.organs.c.id.in_(ids[i : i + 500]))
                out.update(dict(conn.execute(q).all()))
        return out

    # ------------------------------------------------------------ organs

    def organ(self, sid: str) -> dict[str, Any] | None:
        """An organ's series: its identity, years, and its reports (id by year, duplicates)."""
        OG, M = S.organs, S.members
        with self._read() as conn:
            o = conn.execute(sa.select(OG).where(OG.c.id == sid)).first()
            if o is None:
                return None
            q = sa.select(M.c.report_id, M.c.year, M.c.role).where(M.c.series == sid).order_by(M.c.report_id)
            kept, dups = {}, []
            for rid, year, role in conn.execute(q):
                if role == KEPT:
                    kept[year] = rid
                elif role == "duplicate":
                    dups.append(rid)
        return {"id": sid, "organ": json.loads(o.identity), "by_year": dict(sorted(kept.items())), "duplicates": dups}

    def organ_of(self, report: int) -> str | None:
        """The series a stored report belongs to, if any."""
        with self._read() as conn:
            return conn.execute(sa.select(S.members.c.series).where(S.members.c.report_id == report)).scalar()

    def has_organ(self, sid: str) -> bool:
        with self._read() as conn:
            return conn.execute(sa.select(S.organs.c.id).where(S.organs.c.id == sid)).first() is not None

    # ------------------------------------------------------------ series (ogi series)

    def series_docs(self, *, detail: bool = True) -> Iterator[dict[str, Any]]:
        """Every organ's series in series id order, one at a time: series, organ, years, missing_years,
        reports (year → path), pairs (previous, year, findings: the stored cross-year findings as
        :class:`ogi.model.Finding`) — every consecutive pair, and an earlier year than the last that
        has a finding (the year a report's text repeats most), by year. ``detail=False``: each
        finding its rule, severity and message only (what a list of them shows; keys, values,
        places and basis not read). Three ordered queries read side by side: memory of one series."""
        self.ensure_fresh()
        OG, M, R, P, F = S.organs, S.members, S.reports, S.series_pairs, S.findings
        with self._read() as conn:
            c1 = c2 = c3 = conn
            organs = c1.execution_options(stream_results=True, yield_per=500).execute(
                sa.select(OG.c.id, OG.c.identity).order_by(self._text_order(OG.c.id))
            )
            kept = c2.execution_options(stream_results=True, yield_per=2000).execute(
                sa.select(M.c.series, M.c.year, R.c.path)
                .join(R, R.c.id == M.c.report_id)
                .where(M.c.role == KEPT)
                .order_by(self._text_order(M.c.series), M.c.year)
            )
            Rel, Mk = R.alias("related"), M.alias("kept")
            head = (P.c.series, R.c.template, R.c.year.label("ryear"), Rel.c.year.label("pyear"))
            fcols = (*F.c, Rel.c.path.label("related_path")) if detail else (F.c.rule, F.c.severity, F.c.message)
            finds = c3.execution_options(stream_results=True, yield_per=2000).execute(
                sa.select(*head, *fcols)
                .join(F, (F.c.report_id == P.c.report_id) & (F.c.related_id == P.c.previous_id))
                .join(Mk, (Mk.c.report_id == P.c.report_id) & (Mk.c.role == KEPT))  # the year's counted version
                .where(F.c.scope == "cross_year")
                .join(R, R.c.id == F.c.report_id)
                .outerjoin(Rel, Rel.c.id == F.c.related_id)
                .order_by(self._text_order(P.c.series), P.c.report_id, F.c.ord)
            )
            # each stream in runs of one series (the rows' first column), read beside the organs
            kept_runs = itertools.groupby(kept, key=operator.itemgetter(0))
            find_runs = itertools.groupby(finds, key=operator.itemgetter(0))
            k_sid, k_rows = next(kept_runs, (None, ()))
            f_sid, f_rows = next(find_runs, (None, ()))
            for sid, ident in organs:
                reports: dict[int, str] = {}
                if k_sid == sid:
                    reports = {year: path for _s, year, path in k_rows}
                    k_sid, k_rows = next(kept_runs, (None, ()))
                found: dict[tuple[int, int], list[Any]] = defaultdict(list)  # (year, earlier year) → findings
                if f_sid == sid:
                    if detail:
                        for f in f_rows:
                            found[f[2], f[3]] += with_basis([finding_from_row(f)], template_of(f[1], f[2]))
                    else:
                        for _s, _t, ryear, pyear, rule, severity, message in f_rows:
                            found[ryear, pyear].append(Finding(rule, severity, message, scope="cross_year"))
                    f_sid, f_rows = next(find_runs, (None, ()))
                ys = sorted(reports)
                pairs = {(y - 1, y) for y in ys if y - 1 in reports} | {(p, y) for y, p in found}
                span = range(ys[0], ys[-1] + 1) if ys else range(0)
                yield {
                    "series": sid,
                    "organ": json.loads(ident),
                    "years": ys,
                    "missing_years": [y for y in span if y not in reports],
                    "reports": {y: reports[y] for y in ys},
                    "pairs": [(p, y, found.get((y, p), [])) for p, y in sorted(pairs, key=lambda t: (t[1], t[0]))],
                }

    def unnamed_count(self) -> int:
        with self._read() as conn:
            q = sa.select(sa.func.count()).select_from(S.members).where(S.members.c.role == "unnamed")
            return int(conn.execute(q).scalar() or 0)


__all__ = ["Analysis"]
