"""Series: each organ's readings, one per year, grouped by organ identity; and the consecutive
years of each, checked against each other (:func:`cross_year`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from ogi.check.cross_year import check_history
from ogi.corpus import reports
from ogi.corpus.identity import OrganIdentity, identify
from ogi.model import Finding, Reading, Report


@dataclass(slots=True)
class Series:
    """One organ's reports. ``organ`` carries the fullest form of its name met."""

    id: str
    organ: OrganIdentity
    by_year: dict[int, Report] = field(default_factory=dict)
    duplicates: list[Report] = field(default_factory=list)
    undated: list[Report] = field(default_factory=list)

    @property
    def years(self) -> list[int]:
        return sorted(self.by_year)

    def readings(self) -> list[Report]:
        """Every reading of the series: each year's counted one, the other versions, the undated."""
        return [*self.by_year.values(), *self.duplicates, *self.undated]

    def pairs(self) -> Iterator[tuple[Report, Report]]:
        """Consecutive (year-1, year) pairs of readings."""
        for y in self.years:
            if y - 1 in self.by_year:
                yield self.by_year[y - 1], self.by_year[y]

    def histories(self) -> Iterator[tuple[list[Report], Report]]:
        """Each year with the earlier years of the series (oldest first): what the cross-year
        rules hold a report against (:func:`ogi.check.cross_year.check_history`)."""
        ys = self.years
        for i, y in enumerate(ys[1:], 1):
            yield [self.by_year[e] for e in ys[:i]], self.by_year[y]

    def missing_years(self, years: Iterable[int] | None = None) -> list[int]:
        """Years without a report: within the series' own span, or among ``years``."""
        if years is None:
            ys = self.years
            years = range(ys[0], ys[-1] + 1) if ys else ()
        return [y for y in years if y not in self.by_year]


def _quality(r: Report) -> tuple[int, int]:
    known = sum(v is not None for v in r.cells.values())
    return known, -len(r.errors)


def _compatible(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Two parent chains name the same place when one ends the other (江苏省淮安市 / 淮安市)."""
    n = min(len(a), len(b))
    return n == 0 or a[-n:] == b[-n:]


def _clusters(chains: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """The distinct places among parent chains, each as its longest chain."""
    out: list[tuple[str, ...]] = []
    for c in sorted({c for c in chains if c}, key=len, reverse=True):
        if not any(_compatible(c, o) for o in out):
            out.append(c)
    return out


def group_series(
    readings: Iterable[Reading], quality: Callable[[Report], tuple[int, int]] = _quality
) -> tuple[list[Series], list[Report]]:
    """Group readings into one series per organ.

    Of two readings of one organ's year, the one with more values read (then fewer errors) is
    kept and the other listed in ``duplicates``; ``quality`` measures that (readings whose
    cells are not loaded can be measured from elsewhere).

    Readings whose organ cannot be identified are returned separately; a relative name
    (县投资促进局) is placed in the reading's region, or else kept alone. Two organs
    sharing a name under different parent regions (北京市朝阳区 / 长春市朝阳区) are
    kept apart; a reading naming no parent joins the organ when only one is known.
    """
    unnamed: list[Report] = []
    groups: dict[str, list[tuple[OrganIdentity, Report]]] = defaultdict(list)
    for r in reports(readings):
        ident = identify(r.agency, r.region) if r.agency else None
        if ident is None:
            unnamed.append(r)
            continue
        if ident.relative:  # names no place: a series of its own, never merged by its words
            groups[f"{ident.id}@{r.source.path or id(r)}"].append((ident, r))
            continue
        groups[ident.id].append((ident, r))
    out: list[Series] = []
    for gid, members in groups.items():
        places = _clusters([i.parents for i, _ in members])
        parts: dict[tuple[str, ...], list[tuple[OrganIdentity, Report]]] = defaultdict(list)
        for ident, r in members:
            home = next((p for p in places if ident.parents and _compatible(ident.parents, p)), None)
            if home is None:
                home = places[0] if len(places) == 1 else ()
            parts[home].append((ident, r))
        for place, ms in parts.items():
            sid = gid if len(parts) == 1 else "".join(place) + gid
            best = max((i for i, _ in ms), key=lambda i: (len(i.regions), len(i.name)))
            s = Series(id=sid, organ=best)
            for _, r in ms:
                if r.year is None:
                    s.undated.append(r)
                elif r.year not in s.by_year:
                    s.by_year[r.year] = r
                elif quality(r) > quality(s.by_year[r.year]):
                    s.duplicates.append(s.by_year[r.year])
                    s.by_year[r.year] = r
                else:
                    s.duplicates.append(r)
            out.append(s)
    out.sort(key=lambda s: s.id)
    return out, unnamed


def region_chains(series: Iterable[Series]) -> dict[tuple[str, ...], tuple[str, ...]]:
    """Each organ's region chain, mapped to the fullest chain it ends (洪泽区 → 淮安市洪泽区),
    when that fuller chain is the only one it ends."""
    chains = {s.organ.regions for s in series if s.organ.regions}
    full: dict[tuple[str, ...], tuple[str, ...]] = {}
    for c in chains:
        longer = {o for o in chains if len(o) > len(c) and o[-len(c) :] == c}
        tops = {o for o in longer if not any(len(x) > len(o) and x[-len(o) :] == o for x in longer)}
        full[c] = next(iter(tops)) if len(tops) == 1 else c
    return full


@dataclass(slots=True)
class PairFindings:
    """The cross-year findings of one organ's report against an earlier year's (``previous``: the
    year before, or an earlier year whose text it repeats)."""

    series: str
    organ: OrganIdentity
    previous: Report
    current: Report
    findings: list[Finding] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            "series": self.series,
            "organ": self.organ.to_dict(),
            "previous": {"year": self.previous.year, "path": self.previous.source.path, "agency": self.previous.agency},
            "current": {"year": self.current.year, "path": self.current.source.path, "agency": self.current.agency},
            "findings": [f.to_dict() for f in self.findings],
        }


def cross_year(readings: Iterable[Reading], *, versions: bool = False) -> Iterator[PairFindings]:
    """Readings in memory grouped into series by organ, each year checked against the earlier ones
    (:func:`ogi.check.cross_year.check_history`): every consecutive (year-1, year) pair, and an
    earlier year that has a finding (the year whose text a report repeats most). With ``versions``,
    a year's other versions (``Series.duplicates``: a report published again) too, against the same
    earlier years, as the store keeps them. Stored readings have theirs in the store already
    (:mod:`ogi.store.crossyear`), computed the same way."""
    series, _ = group_series(readings)
    for s in series:
        todo = list(s.histories())
        if versions:
            for d in s.duplicates:
                before = [s.by_year[y] for y in s.years if d.year is not None and y < d.year]
                if before:
                    todo.append((before, d))
        for earlier, cur in todo:
            for prev, found in check_history(earlier, cur):
                if found or (prev.year is not None and cur.year is not None and prev.year == cur.year - 1):
                    yield PairFindings(s.id, s.organ, prev, cur, found)


__all__ = ["PairFindings", "Series", "cross_year", "group_series", "region_chains"]
