"""The corpus as analysed, kept in the store and brought up to date when readings are stored.

:meth:`Derive.refresh_cross_year` (run by ``ogi build`` after its readings and by the web app after
each round of uploads) groups the readings into organ series (:func:`ogi.corpus.series.group_series`,
from the reports' metadata), checks the consecutive years not checked before (cross-year findings,
:mod:`ogi.store.crossyear`), and keeps what the grouping gives in the derived tables
(:data:`ogi.store.schema.derived`):

- ``members``: each readable report's series, year and role (kept, duplicate, undated, unnamed);
- ``organs``: each series' organ, its region in full, its node among the regions of the names, its
  years and its reports' errors and warnings (the region pages rank organs by them);
- ``regions`` and ``region_organs``: the regions inferred from the organs' names
  (:func:`ogi.corpus.rollup.infer_hierarchy`) and the organs under each;
- ``region_years``: per region and year, its organs' reports summed (every count of every format,
  the parts of every metric, table 3's outcome groups), the organs without a report, the keys some
  report lacks — what ``ogi rollup`` and the region pages show, read in one row.

Sums are computed in SQL over ``vals`` (:mod:`ogi.store.measures`) per region of an organ and year,
then added up the regions in Python (a few thousand rows); only the years whose reports changed are
summed again. ``ogi_meta.changes`` counts changes of the readings, ``ogi_meta.refreshed`` the count
the derived tables were made at: :meth:`Derive.fresh` compares them, and the analyses refresh a
store that is behind (a build stopped before this step, readings stored through the API).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa

from ogi.check import LATE_RULE, late, late_by
from ogi.corpus.metrics import metrics
from ogi.corpus.organs import ListedOrgan
from ogi.corpus.rollup import Hierarchy, hierarchy_from_list, infer_hierarchy
from ogi.corpus.series import Series, region_chains
from ogi.model import FINDING_COLUMNS, Report, finding_from_row, finding_rows
from ogi.store import schema as S
from ogi.store.crossyear import CrossYear, CrossYearRefresh
from ogi.store.measures import metric_aggregates, outcome_sql, q, summed_sql
from ogi.template import spec, template

KEPT = "kept"


def agg_columns() -> list[str]:
    """The numeric columns of ``region_years`` after ``reported``, in the order stage-one sums give them."""
    return (
        [f"f:{tid}" for tid in spec().templates]
        + [c for c, _k in S.summed_columns()]
        + [c for c, _m, _p in S.metric_columns()]
        + [c for c, _g in S.outcome_columns()]
    )


def stage_one_sql(group: str, joins: str, where: str) -> str:
    """Sums per (group, year) of kept reports: how many, per format, every summed key, every metric's
    three parts, every outcome group. ``group`` an SQL expression, ``joins`` what it needs."""
    parts = ["COUNT(*)"]
    parts += [f"SUM(CASE WHEN v.tpl = '{tid}' THEN 1 ELSE 0 END)" for tid in spec().templates]
    parts += [f"SUM({summed_sql(k)})" for _c, k in S.summed_columns()]
    for m in metrics():
        parts += metric_aggregates(m)
    parts += [f"SUM({outcome_sql(g)})" for _c, g in S.outcome_columns()]
    return (
        f"SELECT {group} AS grp, m.year AS year, {', '.join(parts)} "
        f"FROM members m JOIN vals v ON v.report_id = m.report_id {joins} "
        f"WHERE m.role = '{KEPT}' {where} GROUP BY {group}, m.year"
    )


def _add(acc: list[Any], row: Sequence[Any]) -> list[Any]:
    return [b if a is None else a if b is None else a + b for a, b in zip(acc, row, strict=True)]


class Derive(CrossYear):
    # ------------------------------------------------------------ state

    def fresh(self) -> bool:
        """Whether the derived tables were made from the readings as they are now."""
        with self._read() as conn:
            m = self._meta(conn, "changes", "refreshed")
        return bool(m.get("refreshed")) and m.get("refreshed") == m.get("changes")

    def ensure_fresh(self) -> None:
        """Bring the derived tables (and cross-year findings) up to date when readings changed since."""
        if not self.fresh():
            self.refresh_cross_year()

    def signature(self) -> tuple[Any, ...]:
        """The store's state, read in one query: changes whenever readings or findings are stored,
        replaced or removed, whenever the derived tables are made again, whenever an organ list
        is imported (``organ_list``: :meth:`ogi.store.organs.Organs.put_organ_list` counts imports),
        and whenever a reviewer marks a finding or corrects a value (``marks``)."""
        names = ("changes", "findings", "refreshed", "generation", "organ_list", "marks")
        with self._read() as conn:
            m = self._meta(conn, *names)
        return tuple(m.get(n) for n in names)

    def put_organ_list(
        self, organs: Iterable[ListedOrgan], *, user: str | None = None, source: str | None = None
    ) -> int:
        """:meth:`ogi.store.organs.Organs.put_organ_list`, then the series and each report's
        lateness made again by the new list at once (pages read them without refreshing)."""
        n = super().put_organ_list(organs, user=user, source=source)
        self.refresh_cross_year()
        return n

    # ------------------------------------------------------------ refresh

    def refresh_cross_year(self) -> CrossYearRefresh:
        """Cross-year findings of every new pair (:meth:`CrossYear.refresh_cross_year`) and the derived
        tables, brought up to date with the readings; run whenever readings have been stored."""
        with self._read() as conn:
            changes = self._meta(conn, "changes").get("changes", "")
        series, unnamed, ident = self.series()
        res = self._check_pairs(series, ident)
        self._listed_lateness(series, unnamed, ident)
        self._derive(series, unnamed, ident, changes)
        return res

    def _listed_lateness(self, series: list[Series], unnamed: list[Report], ident: dict[str, int]) -> None:
        """With an organ list, each report's own ``published.late`` finding measured against the
        deadline of the kind the list gives its organ (a 开发区管委会 listed as 政府 reports by 31
        March, whatever its name suggests), as the roll-up and the follow-up count it; the finding
        then names the kind (``values.kind``). Without the list (or off it), a finding so made is
        measured by the name again. Rows replaced in place, the reports' counts with them."""
        listed: dict[int, str] = {}
        entries = self.organ_list()
        if entries:
            h = hierarchy_from_list(entries)
            for s in series:
                e = h.listed.get(h.place(s) or "")
                if e is not None and e.kind:
                    for r in s.readings():
                        listed[ident[r.source.path or ""]] = e.kind
        F, R = S.findings, S.reports
        mine = (F.c.scope == "report") & (F.c.rule == LATE_RULE)
        with self._write() as conn:
            old = {row.report_id: row for row in conn.execute(sa.select(F).where(mine))}
            todo = set(listed) | {i for i, row in old.items() if json.loads(row.vals).get("kind")}
            generation = self._meta(conn, "organ_list").get("organ_list", "0")
            if self._meta(conn, "lateness_list").get("lateness_list", "0") != generation:
                # another list (or none now): every report measured again, those it took off too
                todo |= set(ident.values())
                self._set_meta(conn, "lateness_list", generation)
            if not todo:
                return
            meta = {ident[r.source.path or ""]: r for r in unnamed}
            for s in series:
                meta |= {ident[r.source.path or ""]: r for r in s.readings()}
            changed = False
            for rid in sorted(todo):
                r, prev = meta.get(rid), old.get(rid)
                before = finding_from_row(prev) if prev is not None else None
                kind = listed.get(rid)
                want = None
                if r is not None and r.published and r.year is not None and r.agency:
                    dl = spec().deadline_of_kind(kind) if kind else spec().deadline(r.agency)
                    by = late_by(before) if before else "发布日期"
                    where = before.where if before else []
                    want = late(date.fromisoformat(r.published), r.year, dl, by=by, where=where, kind=kind)
                if (before and before.values) == (want and want.values):
                    continue
                changed = True
                delta = {"error": 0, "warning": 0}
                if prev is not None:
                    conn.execute(sa.delete(F).where(F.c.id == prev.id))
                    delta[prev.severity] = delta.get(prev.severity, 0) - 1
                if want is not None:
                    cols = dict(zip(FINDING_COLUMNS, finding_rows([want], "report", None)[0], strict=True))
                    cols["ord"] = prev.ord if prev is not None else 10_000  # after the reading's own
                    conn.execute(F.insert().values(report_id=rid, **cols))
                    delta[want.severity] = delta.get(want.severity, 0) + 1
                counts = {c: R.c[c] + delta[sev] for sev, c in (("error", "errors"), ("warning", "warnings"))}
                conn.execute(sa.update(R).where(R.c.id == rid).values(**counts))
            if changed:
                self._changed(conn, "findings")

    def _derive(self, series: list[Series], unnamed: list[Report], ident: dict[str, int], changes: str) -> None:
        chains = region_chains(series)
        h = infer_hierarchy(series)
        members: dict[int, tuple[str | None, int | None, str]] = {}
        for s in series:
            for y, r in s.by_year.items():
                members[ident[r.source.path or ""]] = (s.id, y, KEPT)
            for r in s.duplicates:
                members[ident[r.source.path or ""]] = (s.id, r.year, "duplicate")
            for r in s.undated:
                members[ident[r.source.path or ""]] = (s.id, None, "undated")
        for r in unnamed:
            members[ident[r.source.path or ""]] = (None, r.year, "unnamed")
        node_of = {s.id: h.parent.get(s.id) for s in series}
        M, OG, RG, RO, RY = S.members, S.organs, S.regions, S.region_organs, S.region_years
        with self._write() as conn:
            got = conn.execute(sa.select(M.c.report_id, M.c.series, M.c.year, M.c.role))
            old = {r[0]: (r[1], r[2], r[3]) for r in got}
            old_node = dict(conn.execute(sa.select(OG.c.id, OG.c.node)).all())
            old_years = {y for (y,) in conn.execute(sa.select(RY.c.year).distinct())}
            # members
            gone = [i for i in old if i not in members]
            changed = [i for i, v in members.items() if old.get(i) != v]
            for i in range(0, len(gone), 500):
                conn.execute(sa.delete(M).where(M.c.report_id.in_(gone[i : i + 500])))
            upd = [i for i in changed if i in old]
            for i in range(0, len(upd), 500):
                conn.execute(sa.delete(M).where(M.c.report_id.in_(upd[i : i + 500])))
            cols = ("report_id", "series", "year", "role")
            self._insert_many(conn, "members", cols, [(i, *members[i]) for i in changed])
            touched: set[int] = set()
            for i in gone:
                if old[i][2] == KEPT and old[i][1] is not None:
                    touched.add(old[i][1])
            for i in changed:
                for v in (old.get(i), members[i]):
                    if v is not None and v[2] == KEPT and v[1] is not None:
                        touched.add(v[1])
            for s in series:
                if old_node.get(s.id, "") != node_of[s.id]:
                    touched.update(s.by_year)
            years = sorted({y for s in series for y in s.by_year})
            touched |= set(years) - old_years
            # organs: errors and warnings of their reports, the cross-year ones with them
            F = S.findings
            cross = (
                sa.select(
                    F.c.report_id.label("rid"),
                    sa.func.sum(sa.case((F.c.severity == "error", 1), else_=0)).label("e"),
                    sa.func.sum(sa.case((F.c.severity == "warning", 1), else_=0)).label("w"),
                )
                .where(F.c.scope == "cross_year")
                .group_by(F.c.report_id)
                .subquery()
            )
            errs = S.reports.c.errors + sa.func.coalesce(cross.c.e, 0)
            warns = S.reports.c.warnings + sa.func.coalesce(cross.c.w, 0)
            counts = {
                r[0]: (int(r[1] or 0), int(r[2] or 0), int(r[3] or 0), int(r[4] or 0))
                for r in conn.execute(
                    sa.select(
                        M.c.series,
                        sa.func.sum(errs),
                        sa.func.sum(warns),
                        sa.func.sum(sa.case((errs > 0, 1), else_=0)),
                        sa.func.sum(sa.case((warns > 0, 1), else_=0)),
                    )
                    .join(S.reports, S.reports.c.id == M.c.report_id)
                    .outerjoin(cross, cross.c.rid == M.c.report_id)
                    .where(M.c.role == KEPT)
                    .group_by(M.c.series)
                )
            }
            organ_rows = []
            for s in series:
                e, w, ne, nw = counts.get(s.id, (0, 0, 0, 0))
                region = "".join(chains.get(s.organ.regions, s.organ.regions)) or None
                organ_rows.append(
                    {
                        "id": s.id,
                        "name": s.organ.name,
                        "identity": json.dumps(s.organ.to_dict(), ensure_ascii=False),
                        "type": s.organ.type,
                        "region": region,
                        "node": node_of[s.id],
                        "years": json.dumps(s.years),
                        "errors": e,
                        "warnings": w,
                        "worst": 0 if ne else 1 if nw else 9,
                    }
                )
            self._replace(conn, OG, organ_rows, "id")
            # regions and the organs under each
            regions, closure = self._regions(h)
            self._replace(conn, RG, regions, "node")
            old_closure = {(a, b) for a, b in conn.execute(sa.select(RO.c.node, RO.c.series))}
            new_closure = set(closure)
            for n, o in old_closure - new_closure:
                conn.execute(sa.delete(RO).where(RO.c.node == n, RO.c.series == o))
            self._insert_many(conn, "region_organs", ("node", "series"), sorted(new_closure - old_closure))
            # the regions' years
            self._region_years(conn, h, series, years, touched)
            self._set_meta(conn, "refreshed", changes)
            g = self._meta(conn, "generation").get("generation", "0")
            self._set_meta(conn, "generation", str(int(g) + 1))

    def _replace(self, conn: sa.Connection, t: sa.Table, rows: list[dict[str, Any]], key: str) -> None:
        """Make table ``t`` hold exactly ``rows``, writing only the rows that differ."""
        cols = [c.name for c in t.c]
        old = {r[0]: tuple(r) for r in conn.execute(sa.select(*[t.c[c] for c in cols]))}
        new = {r[key]: tuple(r[c] for c in cols) for r in rows}
        drop = [k for k, v in old.items() if new.get(k) != v]
        for i in range(0, len(drop), 500):
            conn.execute(sa.delete(t).where(t.c[key].in_(drop[i : i + 500])))
        self._insert_many(conn, t.name, tuple(cols), [v for k, v in new.items() if old.get(k) != v])

    def _regions(self, h: Hierarchy) -> tuple[list[dict[str, Any]], list[tuple[str, str]]]:
        """The region nodes of a hierarchy (not organs) in listing order, and (node, organ) of every
        organ under each."""
        under: dict[str, int] = defaultdict(int)
        closure = []
        for o in h.organs:
            for a in h.ancestors(o):
                under[a] += 1
                closure.append((a, o))
        nodes = [n for n in h.name if n not in h.organs]
        key = {n: ([h.name.get(a, a) for a in reversed(h.ancestors(n))], h.name[n]) for n in nodes}
        nodes.sort(key=lambda n: key[n])
        rows = [
            {
                "node": n,
                "name": h.name[n],
                "parent": h.parent.get(n),
                "depth": len(h.ancestors(n)),
                "organs": under[n],
                "ord": i,
            }
            for i, n in enumerate(nodes)
        ]
        return rows, closure

    def _region_years(
        self, conn: sa.Connection, h: Hierarchy, series: list[Series], years: list[int], touched: set[int]
    ) -> None:
        """``region_years`` for every region node and year: the sums of the ``touched`` years made
        again; every row's organs without a report brought up to date."""
        RY = S.region_years
        nodes = [n for n in h.name if n not in h.organs]
        node_set = set(nodes)
        conn.execute(sa.delete(RY).where(RY.c.node.not_in(nodes) if nodes else sa.true()))
        conn.execute(sa.delete(RY).where(RY.c.year.not_in(years) if years else sa.true()))
        redo = sorted(y for y in touched if y in set(years))
        sums: dict[tuple[str, int], list[Any]] = {}
        nulls: dict[tuple[str, int], dict[str, int]] = {}
        if redo:
            sums, nulls = self._sums(conn, h, redo, node_set)
        reported: dict[int, set[str]] = defaultdict(set)
        for s in series:
            for y in s.by_year:
                reported[y].add(s.id)
        under: dict[str, list[str]] = {n: [] for n in nodes}
        for o in sorted(h.organs):
            for a in h.ancestors(o):
                if a in under:
                    under[a].append(o)
        cols = agg_columns()
        zero = [0] * len(spec().templates) + [None] * (len(cols) - len(spec().templates))
        have = {(r[0], r[1]): r[2] for r in conn.execute(sa.select(RY.c.node, RY.c.year, RY.c.missing))}
        if redo:
            conn.execute(sa.delete(RY).where(RY.c.year.in_(redo)))
        rows = []
        for n in nodes:
            organs = under[n]
            for y in years:
                missing = json.dumps([o for o in organs if o not in reported[y]], ensure_ascii=False)
                if y in redo:
                    vals = sums.get((n, y))
                    nums = vals[1:] if vals else zero
                    inc = json.dumps(nulls.get((n, y), {}), ensure_ascii=False)
                    rows.append((n, y, int(vals[0]) if vals else 0, missing, inc, *nums))
                elif (n, y) not in have:
                    rows.append((n, y, 0, missing, "{}", *zero))
                elif have[(n, y)] != missing:
                    conn.execute(sa.update(RY).where(RY.c.node == n, RY.c.year == y).values(missing=missing))
        self._insert_many(conn, "region_years", tuple(c.name for c in RY.c), rows)

    def _sums(
        self, conn: sa.Connection, h: Hierarchy, years: list[int], nodes: set[str]
    ) -> tuple[dict[tuple[str, int], list[Any]], dict[tuple[str, int], dict[str, int]]]:
        """Sums per (region node, year) of ``years``, from sums per (an organ's region, year) in SQL,
        added up the regions here; and per (node, year) the keys some report lacks a value of."""
        ys = ", ".join(str(int(y)) for y in years)
        sql = stage_one_sql("o.node", "JOIN organs o ON o.id = m.series", f"AND m.year IN ({ys})")
        sums: dict[tuple[str, int], list[Any]] = {}
        for grp, year, *vals in conn.exec_driver_sql(sql):
            for n in [grp, *h.ancestors(grp)]:
                if n in nodes:
                    k = (n, year)
                    sums[k] = _add(sums[k], vals) if k in sums else list(vals)
        return sums, self._incomplete(conn, h, years, nodes)

    def _incomplete(
        self,
        conn: sa.Connection,
        h: Hierarchy,
        years: list[int],
        nodes: set[str],
        group: str = "o.node",
        joins: str = "JOIN organs o ON o.id = m.series",
        up: Any = None,
    ) -> dict[tuple[str, int], dict[str, int]]:
        """Per (node, year): how many reports lack a value of each summed key of their format
        (reports with gaps only: few). A key of another format is counted where the sums are read."""
        from ogi.corpus.rollup import summed_keys

        ys = ", ".join(str(int(y)) for y in years)
        summed = {tid: summed_keys(template(tid)) for tid in spec().templates}
        cols = sorted({k for ks in summed.values() for k in ks})
        sql = (
            f"SELECT {group} AS grp, m.year, v.tpl, {', '.join('v.' + q(k) for k in cols)} "
            f"FROM members m JOIN vals v ON v.report_id = m.report_id {joins} "
            f"WHERE m.role = '{KEPT}' AND v.gaps > 0 AND m.year IN ({ys})"
        )
        out: dict[tuple[str, int], dict[str, int]] = {}
        for grp, year, tpl, *vals in conn.exec_driver_sql(sql):
            have = dict(zip(cols, vals, strict=True))
            lack = [k for k in summed[tpl] if have[k] is None]
            if not lack:
                continue
            for n in up(grp) if up else [grp, *h.ancestors(grp)]:
                if n in nodes:
                    d = out.setdefault((n, year), {})
                    for k in lack:
                        d[k] = d.get(k, 0) + 1
        return out
