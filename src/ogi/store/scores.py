"""Scores of stored readings under rule packs (:mod:`ogi.template.packs`, :mod:`ogi.check.score`),
rankings per region and year, and the pack an office set for its web app.

:meth:`Scores.score_all` scores every readable report not removed under a pack and keeps the score,
its deductions and the findings' counts under the pack per (report, pack) in ``scores``: a
different office's pack scores the same corpus beside it. Incremental: a score is kept with a stamp
of the findings it was computed from (their number and last id, every scope: cross-year and corpus
findings count), and only readings whose findings changed since are scored again.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from ogi.check.score import evaluate
from ogi.model import Report
from ogi.store import schema as S
from ogi.store.readings import Readings
from ogi.template.packs import Pack, national, parse_pack

PACK_SETTING = "rule_pack"  # the web app's setting: the TOML text of the office's pack


@dataclass(slots=True)
class ScoreRefresh:
    pack: str
    scored: int = 0  # readings scored now
    total: int = 0  # readings with a score under the pack afterwards


class Scores(Readings):
    # ------------------------------------------------------------ the office's pack (a web setting)
    def office_pack(self) -> Pack:
        """The pack the web app's admin set (the national pack when none is set, or it no longer parses)."""
        T = S.settings  # set with Web.set_setting (the web app's settings)
        with self._read() as c:
            text = c.execute(sa.select(T.c.value).where(T.c.name == PACK_SETTING)).scalar()
        if not text:
            return national()
        try:
            return parse_pack(text, "web_setting")
        except Exception:
            return national()

    # ------------------------------------------------------------ scores
    def _stamps(self, conn: sa.Connection) -> dict[int, str]:
        F = S.findings
        q = sa.select(F.c.report_id, sa.func.count(), sa.func.max(F.c.id)).group_by(F.c.report_id)
        return {rid: f"{n}:{last}" for rid, n, last in conn.execute(q)}

    def score_all(self, pack: Pack | None = None, chunk: int = 500) -> ScoreRefresh:
        """Score every readable report not removed under ``pack`` (None: the national pack) whose
        findings changed since it was scored (see the module doc)."""
        pack = pack or national()
        R, Sc, P = S.reports, S.scores, S.score_packs
        res = ScoreRefresh(pack.id)
        with self._read() as conn:
            ids = [i for (i,) in conn.execute(sa.select(R.c.id).where(R.c.status == "ok", R.c.removed.is_(False)))]
            stamps = self._stamps(conn)
            have = dict(  # a score without its counts (an earlier version's) is made again
                conn.execute(
                    sa.select(Sc.c.report_id, Sc.c.stamp).where(Sc.c.pack == pack.id, Sc.c.errors.is_not(None))
                ).all()
            )
            known = conn.execute(sa.select(P.c.id).where(P.c.id == pack.id)).first() is not None
        if not known:
            with self._write() as conn:
                if conn.execute(sa.select(P.c.id).where(P.c.id == pack.id)).first() is None:
                    conn.execute(sa.insert(P).values(id=pack.id, name=pack.name, text=pack.text))
        todo = [i for i in ids if have.get(i) != stamps.get(i, "0:")]
        for i in range(0, len(todo), chunk):
            part = todo[i : i + chunk]
            rows = []
            for rid, r in self.readings(part, sections=False, provenance=False):
                if not isinstance(r, Report):
                    continue
                ev = evaluate(r, pack)
                errors, warnings, rules = ev.counts()
                rows.append(
                    {
                        "errors": errors,
                        "warnings": warnings,
                        "rules": rules,
                        "itemised": ev.itemised(),
                        "report_id": rid,
                        "pack": pack.id,
                        "score": ev.score,
                        "deducted": ev.deducted,
                        "deductions": json.dumps([d.to_dict() for d in ev.deductions], ensure_ascii=False),
                        "stamp": stamps.get(rid, "0:"),
                    }
                )
            with self._write() as conn:
                conn.execute(sa.delete(Sc).where(Sc.c.pack == pack.id, Sc.c.report_id.in_(part)))
                if rows:
                    conn.execute(sa.insert(Sc), rows)
            res.scored += len(rows)
        with self._read() as conn:
            res.total = int(conn.execute(sa.select(sa.func.count()).where(Sc.c.pack == pack.id)).scalar() or 0)
        return res

    def scores(self, pack: Pack | str | None = None, ids: Iterable[int] | None = None) -> dict[int, dict[str, Any]]:
        """Stored scores under a pack (its id, or None: the national pack): report id → score,
        deducted, deductions (decoded)."""
        pid = pack if isinstance(pack, str) else (pack or national()).id
        Sc = S.scores
        q = sa.select(Sc.c.report_id, Sc.c.score, Sc.c.deducted, Sc.c.deductions).where(Sc.c.pack == pid)
        if ids is not None:
            q = q.where(Sc.c.report_id.in_(list(ids)))
        with self._read() as conn:
            return {
                rid: {"score": s, "deducted": d, "deductions": json.loads(items)}
                for rid, s, d, items in conn.execute(q)
            }

    def rankings(
        self, pack: Pack | str | None = None, *, year: int | None = None, region: str | None = None
    ) -> list[dict[str, Any]]:
        """Stored scores under a pack ranked within each region and year (1 = the best score; equal
        scores share a rank): region, year, rank, of (how many ranked), report_id, agency, path,
        score, deducted, deductions; ordered by region, year, rank. ``region`` matches a region
        containing it."""
        pid = pack if isinstance(pack, str) else (pack or national()).id
        R, Sc = S.reports, S.scores
        part = [R.c.region, R.c.year]
        q = (
            sa.select(
                R.c.region,
                R.c.year,
                sa.func.rank().over(partition_by=part, order_by=Sc.c.score.desc()).label("rank"),
                sa.func.count().over(partition_by=part).label("of"),
                R.c.id.label("report_id"),
                R.c.agency,
                R.c.path,
                Sc.c.score,
                Sc.c.deducted,
                Sc.c.deductions,
            )
            .join(R, R.c.id == Sc.c.report_id)
            .where(Sc.c.pack == pid, R.c.removed.is_(False))
        )
        if year is not None:
            q = q.where(R.c.year == year)
        if region:
            q = q.where(R.c.region.contains(region))
        inner = q.subquery()
        outer = sa.select(inner).order_by(inner.c.region, inner.c.year, inner.c["rank"], inner.c.agency)
        with self._read() as conn:
            out = []
            for r in conn.execute(outer):
                d = dict(r._mapping)
                d["deductions"] = json.loads(d["deductions"])
                out.append(d)
            return out


__all__ = ["PACK_SETTING", "ScoreRefresh", "Scores"]
