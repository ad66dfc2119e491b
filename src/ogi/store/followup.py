"""The follow-up of a season asked of the store: an organ-year's versions and, per version, its
findings an organ would be asked to correct, counted in SQL; one list of problems per batch or year.

An organ that corrects its report publishes it again: the same organ and year, another file. The
store's ``members`` table (:mod:`ogi.store.derive`) already places every readable report under its
organ's series and year (``kept``: the reading counted; ``duplicate``: another reading of the same
year): those are the organ-year's *versions*, ordered by report id.

A version's problems to send back are counted in SQL for a report no reviewer touched (no review
mark, no correction of its file): its findings of severity error or warning, not about the reading
(rules marked ``reading = true``), not in doubt (``values.doubt``), lateness aside (``published.late``:
a report published late cannot be corrected — it is 逾期 beside its state). This is exactly the
``sendable`` choice of :func:`ogi.export.notices.problems_of` without review marks; versions a
reviewer touched are flagged (``touched``) and decided from their reading by the caller
(:func:`ogi.export.followup.settle`), a few reports. Memory: the rows asked for, never the corpus.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import cache
from typing import Any

import sqlalchemy as sa

from ogi.check import LATE_RULE
from ogi.corpus.organs import as_listed
from ogi.store import schema as S
from ogi.store.analysis import Analysis
from ogi.template import rule, spec

VERSION_ROLES = ("kept", "duplicate")  # members' roles of an organ-year's readings
COUNTED = ("error", "warning")
CHUNK = 500


@cache
def reading_rules() -> tuple[str, ...]:
    """The template's rules about the reading rather than the report (``reading = true``)."""
    return tuple(sorted(r for r in spec().rules if rule(r).params.get("reading")))


def counted(severity: str) -> sa.ColumnElement[int]:
    """A report's findings of a severity, every scope (its own and those comparing it with other
    reports: cross-year, copies), as a column of a query on ``reports``."""
    F, R = S.findings, S.reports
    q = sa.select(sa.func.count()).where(F.c.report_id == R.c.id, F.c.severity == severity)
    return q.scalar_subquery()


def open_count() -> sa.ColumnElement[int]:
    """A report's findings to send back without a reviewer's marks (see the module doc), as a column
    of a query on ``reports``."""
    F, R = S.findings, S.reports
    q = sa.select(sa.func.count()).where(
        F.c.report_id == R.c.id,
        F.c.severity.in_(COUNTED),
        F.c.rule.not_in([LATE_RULE, *reading_rules()]),
        sa.not_(F.c.vals.contains('"doubt": ')),  # values as finding_rows writes them (json.dumps)
    )
    return q.scalar_subquery()


def _flags() -> list[sa.ColumnElement[Any]]:
    """Columns of a query on ``reports``: open (problems to send back, untouched), late, touched
    (a review mark or a correction of the file)."""
    F, R, V, K = S.findings, S.reports, S.reviews, S.corrections
    late = sa.exists().where(F.c.report_id == R.c.id, F.c.rule == LATE_RULE)
    touched = sa.or_(sa.exists().where(V.c.sha256 == R.c.sha256), sa.exists().where(K.c.sha256 == R.c.sha256))
    return [open_count().label("open"), late.label("late"), touched.label("touched")]


def _version(r: Any) -> dict[str, Any]:
    return {
        "id": int(r.id),
        "sha256": r.sha256,
        "open": int(r.open or 0),
        "late": bool(r.late),
        "touched": bool(r.touched),
    }


class FollowUps(Analysis):
    # ------------------------------------------------------------ versions

    def _versions(self, cond: list[Any], join: Any = None) -> dict[tuple[str, int], list[dict[str, Any]]]:
        M, R = S.members, S.reports
        src = M.join(R, R.c.id == M.c.report_id)
        if join is not None:
            src = src.join(*join)
        q = (
            sa.select(M.c.series, M.c.year, R.c.id, R.c.sha256, *_flags())
            .select_from(src)
            .where(M.c.role.in_(VERSION_ROLES), M.c.series.is_not(None), M.c.year.is_not(None), *cond)
            .order_by(M.c.report_id)
        )
        out: dict[tuple[str, int], list[dict[str, Any]]] = defaultdict(list)
        with self._read() as c:
            for r in c.execute(q):
                out[(r.series, int(r.year))].append(_version(r))
        return dict(out)

    def versions_of(self, pairs: Iterable[tuple[str, int]]) -> dict[tuple[str, int], list[dict[str, Any]]]:
        """(series, year) → the organ-year's stored versions, oldest first: {id, sha256, open (its
        problems to send back, counted as the module doc says), late (a ``published.late`` finding),
        touched (reviewed or corrected: ``open`` to be decided from the reading)}. An organ-year
        without a report is absent. Queries of :data:`CHUNK` series per year."""
        by_year: dict[int, list[str]] = defaultdict(list)
        for sid, y in set(pairs):
            by_year[int(y)].append(sid)
        M = S.members
        out: dict[tuple[str, int], list[dict[str, Any]]] = {}
        for y, sids in by_year.items():
            sids.sort()
            for i in range(0, len(sids), CHUNK):
                out.update(self._versions([M.c.year == y, M.c.series.in_(sids[i : i + CHUNK])]))
        return out

    def region_versions(self, node: str, year: int) -> dict[str, list[dict[str, Any]]]:
        """Series under a region of the names (``region_organs``) → its versions of ``year`` (as
        :meth:`versions_of`); a series without a report of the year is absent."""
        M, RO = S.members, S.region_organs
        got = self._versions([M.c.year == year, RO.c.node == node], (RO, RO.c.series == M.c.series))
        return {sid: vs for (sid, _y), vs in got.items()}

    def organ_year_of(self, report: int) -> tuple[str | None, int | None]:
        """The series and year a stored report counts under (a version of that organ-year), if any."""
        M = S.members
        with self._read() as c:
            r = c.execute(sa.select(M.c.series, M.c.year).where(M.c.report_id == report)).first()
        return (r.series, r.year) if r is not None else (None, None)

    def region_series(self, node: str) -> list[str]:
        """Every series under a region of the names."""
        RO = S.region_organs
        with self._read() as c:
            return [s for (s,) in c.execute(sa.select(RO.c.series).where(RO.c.node == node).order_by(RO.c.series))]

    # ------------------------------------------------------------ organs by name

    def find_organs(self, text: str, limit: int = 2) -> list[str]:
        """Series whose organ's name holds ``text`` (at most ``limit``, by id); a short name the
        organ list gives (白水教育局) is its organ's name in the list."""
        OG = S.organs
        text = as_listed(text, self.listed_short_names())
        with self._read() as c:
            q = sa.select(OG.c.id).where(OG.c.name.contains(text, autoescape=True)).order_by(OG.c.id).limit(limit)
            return [s for (s,) in c.execute(q)]

    def organ_choices(self, limit: int = 2000) -> list[dict[str, Any]]:
        """Organs with a stored report, by name (at most ``limit``): id, name, years."""
        import json

        OG = S.organs
        with self._read() as c:
            q = sa.select(OG.c.id, OG.c.name, OG.c.years).order_by(self._text_order(OG.c.name)).limit(limit)
            return [{"id": r.id, "name": r.name, "years": json.loads(r.years)} for r in c.execute(q)]

    # ------------------------------------------------------------ the list of problems

    def problem_list(
        self,
        *,
        batch: str | None = None,
        year: int | None = None,
        organ: str | None = None,
        severity: str | None = None,
        rule: str | None = None,
        limit: int = 2000,
    ) -> tuple[int, list[dict[str, Any]]]:
        """The reports of a batch (its uploads read so far, in upload order) or of the store (not
        removed; of ``year``), by organ then year: (how many match, at most ``limit`` rows of id,
        path, sha256, format, template, year, agency, region, status, error_message, errors and
        warnings (every scope), series and its year (None: no organ-year), open, late, touched (as
        :meth:`versions_of`)). ``organ`` in the organ's name or the file's path; ``severity``
        error or warning: reports with one; ``rule``: reports with a finding of it."""
        R, F, M, U = S.reports, S.findings, S.members, S.uploads
        errors, warnings = counted("error"), counted("warning")
        cond: list[Any] = [R.c.removed.is_(False)]
        src: Any = R.outerjoin(M, M.c.report_id == R.c.id)
        if batch:
            src = src.join(U, U.c.report_id == R.c.id)
            cond.append(U.c.batch == batch)
            order = [U.c.id]
        else:
            order = [R.c.agency.is_(None), R.c.agency, R.c.year, R.c.id]
        if year is not None:
            cond.append(R.c.year == year)
        if organ:
            cond.append(sa.or_(R.c.agency.contains(organ, autoescape=True), R.c.path.contains(organ, autoescape=True)))
        if rule:
            cond.append(sa.exists().where(F.c.report_id == R.c.id, F.c.rule == rule))
        if severity == "error":
            cond.append(errors > 0)
        elif severity == "warning":
            cond.append(warnings > 0)
        cols = [R.c[n] for n in ("id", "path", "sha256", "format", "template", "year", "agency", "region")]
        cols += [R.c.status, R.c.error_message, errors.label("errors"), warnings.label("warnings")]
        cols += [M.c.series, M.c.year.label("series_year"), M.c.role, *_flags()]
        with self._read() as c:
            total = c.execute(sa.select(sa.func.count()).select_from(src).where(*cond)).scalar() or 0
            got = c.execute(sa.select(*cols).select_from(src).where(*cond).order_by(*order).limit(limit)).mappings()
            rows = [dict(r) for r in got]
        for r in rows:
            r["late"], r["touched"] = bool(r["late"]), bool(r["touched"])
            if r["role"] not in VERSION_ROLES:
                r["series"] = r["series_year"] = None
        return int(total), rows

    def rules_of(self, ids: list[int]) -> dict[int, list[str]]:
        """Stored reports' rules met (any scope), each report's sorted."""
        F = S.findings
        out: dict[int, set[str]] = defaultdict(set)
        with self._read() as c:
            for i in range(0, len(ids), CHUNK):
                q = sa.select(F.c.report_id, F.c.rule).where(F.c.report_id.in_(ids[i : i + CHUNK])).distinct()
                for rid, ru in c.execute(q):
                    out[int(rid)].add(ru)
        return {i: sorted(out.get(i, ())) for i in ids}

    def series_ids(self) -> list[str]:
        """Every series (organ with a stored report), by id."""
        OG = S.organs
        with self._read() as c:
            return [s for (s,) in c.execute(sa.select(OG.c.id).order_by(self._text_order(OG.c.id)))]
