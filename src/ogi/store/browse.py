"""What browsing the corpus asks of the store: its state, every reading's values, search and facets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa

from ogi.store import schema as S
from ogi.store.analysis import Analysis
from ogi.store.followup import counted

# Matches a search counts at most (past it, "more than 1,000", as search engines say): counting every
# match of a broad search grows with the corpus (a province's 100,000 reports of 2019–2025: a search
# for 教育局 matches 7,000), its page of 100 does not. Counts over the whole corpus are the region
# pages' and `ogi stats`'.
COUNT_CAP = 1_000


class Browse(Analysis):
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
        ``severity``: error, warning or clean), newest year first: (total — counted up to
        :data:`COUNT_CAP` + 1, so that a search costs what its page costs, not what its matches
        do: more than ``COUNT_CAP`` says "at least that many" —, rows of id, path, name,
        sha256, format, template, year, agency, region, status, error_message, errors, warnings,
        organ: the series of the report's organ, as of the last refresh). ``errors`` and ``warnings``
        count every finding of the report, those comparing it with other reports (cross-year) too."""
        R, F = S.reports, S.findings
        errors, warnings = counted("error"), counted("warning")
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
            cond.append(R.c.id.in_(sa.select(F.c.report_id).where(F.c.rule == rule)))
        # one lookup of (severity, report) a report: a page is read in the list's order and stops
        if severity in ("error", "warning"):
            cond.append(sa.exists().where(F.c.severity == severity, F.c.report_id == R.c.id))
        elif severity == "clean":
            flagged = [sa.exists().where(F.c.severity == s, F.c.report_id == R.c.id) for s in ("error", "warning")]
            cond += [R.c.status == "ok", *(~f for f in flagged)]
        # the page's reports first (an index's order, no count made), then their columns and counts
        order = (R.c.year.desc().nulls_last(), R.c.agency, R.c.id)
        page = sa.select(R.c.id).where(*cond).order_by(*order).limit(limit).offset(offset).subquery()
        cols = [R.c[n] for n in ("id", "path", "sha256", "format", "template", "year", "agency", "region")]
        cols += [R.c.status, R.c.error_message, errors.label("errors"), warnings.label("warnings")]
        with self._read() as c:
            matches = sa.select(R.c.id).where(*cond).limit(COUNT_CAP + 1).subquery()
            total = c.execute(sa.select(sa.func.count()).select_from(matches)).scalar() or 0
            M = S.members
            got = c.execute(
                sa.select(*cols, M.c.series.label("organ"))
                .join(page, page.c.id == R.c.id)
                .outerjoin(M, M.c.report_id == R.c.id)
                .order_by(*order)
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
