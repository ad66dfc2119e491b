"""Cross-year findings, computed in one place: when readings are stored, for the whole store.

Which stored reports are the same organ's years is :mod:`ogi.corpus.series`'s to say, the rules
are :func:`ogi.check.cross_year.check_history` (each year against every earlier year of its organ);
:func:`refresh_cross_year` runs them over the store and keeps their findings with the later report
(scope ``cross_year``, ``related`` = the earlier one); another version of a year (a report published
again) is held against the same earlier years. Everything that shows them — the reading
and organ pages, the exports, ``ogi series`` — reads them from here; nothing computes them again.

Incremental: the pairing is redone from the reports' metadata alone (cheap), and only reports with
a pair (report, earlier year) not checked before are checked again, against all their earlier
years — a pair is stored in ``series_pairs`` once checked, and re-reading either report drops it.
Checking loads just the values and sections the rules read. Pairs that no longer hold (a report
removed, a better reading of a year) are dropped with their findings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

import sqlalchemy as sa

from ogi.check.cross_year import TEXT_SECTIONS, check_history, keys_read
from ogi.corpus.organs import as_listed
from ogi.corpus.rollup import hierarchy_from_list
from ogi.corpus.series import Series, group_series
from ogi.model import FINDING_COLUMNS, Finding, Report, finding_from_row, finding_rows, from_rows, with_basis
from ogi.store import schema as S
from ogi.store.organs import Organs
from ogi.template import template_of


@dataclass(slots=True)
class CrossYearRefresh:
    pairs: int = 0  # (report, earlier year of its organ) pairs in the store
    checked: int = 0  # pairs checked now (a report with a new pair is checked against all its earlier years)
    dropped: int = 0  # pairs that no longer hold, forgotten with their findings
    findings: int = 0  # cross-year findings the store holds afterwards


@dataclass(slots=True)
class StoredPair:
    """One organ's consecutive years as stored: the later report, the earlier, and the findings
    of the later against the earlier."""

    series: str
    report_id: int
    previous_id: int
    findings: list[Finding]


class CrossYear(Organs):
    def series_members(self) -> list[tuple[int, Report, tuple[int, int]]]:
        """What pairing readings into series needs, for every readable report not removed:
        (id, the reading's metadata alone — no values, findings nor sections —, (values read,
        −errors) to choose the fuller of two readings of one year)."""
        R = S.reports
        q = sa.select(R).where(R.c.status == "ok", R.c.removed.is_(False)).order_by(R.c.id)
        with self._read() as conn:
            out = []
            for r in conn.execute(q):
                rep = from_rows(r)
                assert isinstance(rep, Report)
                out.append((int(r.id), rep, (int(r.cells_read or 0), -int(r.errors or 0))))
            return out

    def partial_readings(
        self, ids: Iterable[int], keys: Iterable[str], sections: Iterable[str], chunk: int = 500
    ) -> dict[int, Report]:
        """Readings cut down to some keys (values and where they stood) and some sections, without
        findings: what cross-year checks read, at a fraction of the cost of whole readings."""
        R, SE = S.reports, S.sections
        keys, names, ids = list(keys), list(sections), list(ids)
        out: dict[int, Report] = {}
        with self._read() as conn:
            for i in range(0, len(ids), chunk):
                part = ids[i : i + chunk]
                cells = self._stored_cells(conn, part, True, keys)
                secs: dict[int, list[tuple[str, str | None]]] = {r: [] for r in part}
                q2 = sa.select(SE.c.report_id, SE.c.name, SE.c.text).order_by(SE.c.report_id, SE.c.ord)
                for rid, name, text in conn.execute(q2.where(SE.c.report_id.in_(part), SE.c.name.in_(names))):
                    secs[rid].append((name, text))
                for r in conn.execute(sa.select(R).where(R.c.id.in_(part))):
                    rep = from_rows(r, cells.get(r.id), [], secs[r.id])
                    assert isinstance(rep, Report)
                    out[int(r.id)] = rep
        return out

    def series_pairs(self) -> set[tuple[int, int]]:
        """(report id, previous year's report id) of every pair whose cross-year findings are stored."""
        P = S.series_pairs
        with self._read() as conn:
            return {(a, b) for a, b in conn.execute(sa.select(P.c.report_id, P.c.previous_id))}

    def put_pairs(
        self,
        checked: Sequence[tuple[int, int, str, Sequence[Finding]]],
        dropped: Iterable[tuple[int, int]] = (),
        *,
        scope: str = "cross_year",
        sweep: bool = True,
    ) -> None:
        """In ONE transaction: forget ``dropped`` (report, previous) pairs and their findings, and store
        ``checked`` ones as (report id, previous id, series id, findings), the findings kept on the
        report with ``related`` = previous. Then (``sweep``: a scan of the scope's findings, left to
        the last of several calls) no finding of ``scope`` is left without its pair."""
        P, F = S.series_pairs, S.findings
        pairs = [{"r": r, "p": p} for r, p in dropped] + [{"r": r, "p": p} for r, p, _s, _f in checked]
        rows = []
        for r, p, _s, finds in checked:
            rows += [(r, *row) for row in finding_rows(list(finds), scope, p)]
        with self._write() as conn:
            if pairs:
                conn.execute(
                    sa.delete(P).where(P.c.report_id == sa.bindparam("r"), P.c.previous_id == sa.bindparam("p")),
                    pairs,
                )
                conn.execute(
                    sa.delete(F).where(
                        F.c.scope == scope, F.c.report_id == sa.bindparam("r"), F.c.related_id == sa.bindparam("p")
                    ),
                    pairs,
                )
            if checked:
                conn.execute(sa.insert(P), [{"report_id": r, "previous_id": p, "series": s} for r, p, s, _ in checked])
            self._insert_many(conn, "findings", ("report_id", *FINDING_COLUMNS), rows)
            if sweep:
                orphan = ~sa.exists().where(P.c.report_id == F.c.report_id, P.c.previous_id == F.c.related_id)
                conn.execute(sa.delete(F).where(F.c.scope == scope, orphan))

    def apply_pairs(
        self,
        pairs: Iterable[tuple[int | str, int | str]],
        fn: Callable[[Report, Report], Iterable[Finding]],
        *,
        scope: str = "cross_year",
    ) -> int:
        """For each (prev, cur) pair of stored reports (ids or paths), store ``fn(prev, cur)``'s
        findings on ``cur`` with ``related`` = prev: a rule of one's own over pairs one chooses (the
        store's own cross-year findings are :meth:`refresh_cross_year`'s). Returns findings stored."""
        n = 0
        for prev, cur in pairs:
            a, b = self.reading(prev), self.reading(cur)
            assert isinstance(a, Report) and isinstance(b, Report), "a pair of readable reports"
            n += self.put_findings(cur, list(fn(a, b)), scope=scope, related=prev)
        return n

    def stored_pairs(self, ids: Iterable[int] | None = None) -> list[StoredPair]:
        """The stored pairs (all, or those whose later report is among ``ids``) with their
        cross-year findings, in (series, later report) order."""
        P, F, R = S.series_pairs, S.findings, S.reports
        q = sa.select(P.c.series, P.c.report_id, P.c.previous_id).order_by(P.c.series, P.c.report_id)
        fq = sa.select(F, R.c.template, R.c.year).join(R, R.c.id == F.c.report_id).where(F.c.scope == "cross_year")
        fq = fq.order_by(F.c.report_id, F.c.related_id, F.c.ord)
        if ids is not None:
            ids = list(ids)
            q = q.where(P.c.report_id.in_(ids))
            fq = fq.where(F.c.report_id.in_(ids))
        with self._read() as conn:
            pairs = [StoredPair(s, r, p, []) for s, r, p in conn.execute(q)]
            by = {(p.report_id, p.previous_id): p for p in pairs}
            for f in conn.execute(fq):
                pair = by.get((f.report_id, f.related_id))
                if pair is not None:
                    pair.findings += with_basis([finding_from_row(f)], template_of(f.template, f.year))
        return pairs

    def listed_short_names(self) -> dict[str, str]:
        """With an organ list: the identity of each short name the list gives (one organ's only)
        → that organ's name in the list. Empty without a list."""
        h = hierarchy_from_list(self.organ_list())
        return {alias: h.listed[node].name for alias, node in h.alias.items() if alias not in h.listed}

    def series(self) -> tuple[list[Series], list[Report], dict[str, int]]:
        """Every readable stored report not removed, grouped by organ (:func:`ogi.corpus.series.group_series`;
        of two readings of one year, the one with more values read): (series, readings naming no
        organ, path → report id). The readings hold metadata alone."""
        members = self.series_members()
        listed = self.listed_short_names()
        if listed:  # a report printing its organ's short name (县教育局) is that listed organ's
            for _rid, r, _q in members:
                r.agency = as_listed(r.agency or "", listed, r.region) or r.agency
        ident = {r.source.path or "": rid for rid, r, _q in members}  # paths are unique in the store
        quality = {r.source.path: q for _rid, r, q in members}
        series, unnamed = group_series([r for _rid, r, _q in members], quality=lambda r: quality[r.source.path])
        return series, unnamed, ident

    def refresh_cross_year(self) -> CrossYearRefresh:
        """Bring the store's cross-year findings up to date with its readings (see the module doc);
        run whenever readings have been stored."""
        series, _, ident = self.series()
        return self._check_pairs(series, ident)

    def _check_pairs(self, series: list[Series], ident: dict[str, int]) -> CrossYearRefresh:
        """Check every report of ``series`` with a (report, earlier year) pair not checked before
        against all its earlier years; forget pairs that no longer hold (see the module doc)."""
        history: dict[int, tuple[str, list[int]]] = {}  # report → (series, its earlier years' reports, oldest first)
        for s in series:
            for earlier, cur in s.histories():
                history[ident[cur.source.path or ""]] = (s.id, [ident[p.source.path or ""] for p in earlier])
            # another version of a year (a report published again, the same report in another
            # format) is held against the same earlier years: every version has its cross-year
            # findings, so that a corrected version's are there to compare and to send back
            for d in s.duplicates:
                if d.year is None:
                    continue
                before = [s.by_year[y] for y in s.years if y < d.year]
                if before:
                    history[ident[d.source.path or ""]] = (s.id, [ident[p.source.path or ""] for p in before])
        pairs = {(cur, prev) for cur, (_s, earlier) in history.items() for prev in earlier}
        had = self.series_pairs()
        # a report with a pair new, or one gone (an earlier year removed or re-read), is checked again
        # against all its earlier years: which earlier year it repeats most may have changed
        gone = had - pairs
        new = {cur for cur, prev in pairs if (cur, prev) not in had}
        todo = sorted(new | {cur for cur, _ in gone if cur in history})
        redo = set(todo)
        dropped = gone | {p for p in had if p[0] in redo}
        res = CrossYearRefresh(pairs=len(pairs), dropped=len(gone))
        if todo or dropped:
            # a part of the series at a time (each organ's years read once, together): memory of a
            # part, whatever the corpus's size; the pairs dropped go with the first part, and the
            # findings left without a pair are swept with the last
            parts = list(_parts(todo, lambda cur: history[cur][0], CHECKED_AT_ONCE)) or [[]]
            for i, part in enumerate(parts):
                need = sorted({r for cur in part for r in (cur, *history[cur][1])})
                got = self.partial_readings(need, keys_read(), TEXT_SECTIONS)
                checked = []
                for cur in part:
                    sid, earlier = history[cur]
                    by_report = {id(got[p]): p for p in earlier}
                    for prev, found in check_history([got[p] for p in earlier], got[cur]):
                        checked.append((cur, by_report[id(prev)], sid, found))
                res.checked += len(checked)
                self.put_pairs(checked, dropped if i == 0 else (), sweep=i == len(parts) - 1)
        res.findings = self.count_findings("cross_year")
        return res


CHECKED_AT_ONCE = 2000  # reports checked against their earlier years in one part (and one transaction)


def _parts(ids: Sequence[int], group: Callable[[int], str], size: int) -> Iterator[list[int]]:
    """``ids`` in parts of about ``size``, each id's ``group`` (its series) whole in one part."""
    by: dict[str, list[int]] = {}
    for i in ids:
        by.setdefault(group(i), []).append(i)
    part: list[int] = []
    for g in sorted(by):
        part += by[g]
        if len(part) >= size:
            yield part
            part = []
    if part:
        yield part


def refresh_cross_year(store: CrossYear) -> CrossYearRefresh:
    """:meth:`CrossYear.refresh_cross_year` of ``store``."""
    return store.refresh_cross_year()
