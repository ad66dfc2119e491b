"""What browsing the corpus asks of the store: its state, every reading's values, search and facets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa

from ogi.model import Report, from_rows
from ogi.store import schema as S
from ogi.store.crossyear import CrossYear


class Browse(CrossYear):
    def signature(self) -> tuple[Any, ...]:
        """The store's state: changes whenever readings or findings are stored, replaced or removed,
        or the organ list is imported."""
        R = S.reports
        with self._read() as c:
            q = sa.select(sa.func.count(), sa.func.max(R.c.id), sa.func.max(R.c.stored_at))
            row = c.execute(q.where(R.c.removed.is_(False))).one()
            nf = c.execute(sa.select(sa.func.count()).select_from(S.findings)).scalar()
            L = S.organ_list
            listed = c.execute(sa.select(sa.func.count(), sa.func.max(L.c.imported_at))).one()
        return (row[0], row[1], str(row[2]), nf, listed[0], listed[1])

    def lean_readings(self) -> list[tuple[int, Report, tuple[int, int]]]:
        """Every readable stored reading not removed, with its metadata and values only (no
        provenance, findings, sections): (id, reading, (errors, warnings)). What series, roll-ups
        and metrics need, read in two queries."""
        R, C = S.reports, S.cells
        q = sa.select(R).where(R.c.status == "ok", R.c.removed.is_(False)).order_by(R.c.id)
        with self._read() as c:
            rows = c.execute(q).all()
            cells: dict[int, list[tuple[Any, ...]]] = {}
            for rid, key, value in c.execute(sa.select(C.c.report_id, C.c.key, C.c.value)):
                cells.setdefault(rid, []).append((key, value, None, None))
        out = []
        for r in rows:
            rep = from_rows(r, cells.get(r.id, []))
            assert isinstance(rep, Report)
            out.append((int(r.id), rep, (int(r.errors or 0), int(r.warnings or 0))))
        return out

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
        """Stored reports matching the filters (``q`` in the organ's name or the file's path;
        ``severity``: error, warning or clean), newest year first: (total, rows of id, path, name,
        sha256, format, template, year, agency, region, status, error_message, errors, warnings)."""
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
        with self._read() as c:
            total = c.execute(sa.select(sa.func.count()).select_from(R).where(*cond)).scalar() or 0
            got = c.execute(
                sa.select(*cols)
                .where(*cond)
                .order_by(R.c.year.desc().nulls_last(), R.c.agency, R.c.id)
                .limit(limit)
                .offset(offset)
            ).mappings()
            out = [dict(r) | {"name": Path(r["path"] or "").name} for r in got]
        return int(total), out

    def facets(self) -> dict[str, list[Any]]:
        """Values to filter by: years (newest first), templates, regions, rules met."""
        R, F = S.reports, S.findings
        with self._read() as c:
            years = [r[0] for r in c.execute(sa.select(R.c.year).where(R.c.year.is_not(None)).distinct())]
            tpls = [r[0] for r in c.execute(sa.select(R.c.template).where(R.c.template.is_not(None)).distinct())]
            regions = [r[0] for r in c.execute(sa.select(R.c.region).where(R.c.region.is_not(None)).distinct())]
            rules = [r[0] for r in c.execute(sa.select(F.c.rule).distinct())]
        return {
            "years": sorted(years, reverse=True),
            "templates": sorted(tpls),
            "regions": sorted(regions),
            "rules": sorted(rules),
        }
