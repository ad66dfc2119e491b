"""Cross-year findings of a whole store: each organ's consecutive years checked against each other.

The pairing (which stored reports are the same organ's years) and the rules come from
:mod:`ogi.corpus.series` and :mod:`ogi.check.cross_year`; this module runs them over the store
and keeps their findings with the later report (scope ``cross_year``, ``related`` = the earlier
one).

Incremental: the pairing is redone from the reports' metadata alone (cheap), and only pairs not
checked before are checked — a pair is stored in ``series_pairs`` once checked, and re-reading
either report drops it. Checking loads just the values and sections the rules read. Pairs that
no longer hold (a report removed, a better reading of a year) are dropped with their findings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ogi.store.store import Store


@dataclass(slots=True)
class CrossYearRefresh:
    pairs: int = 0  # consecutive-year pairs in the store
    checked: int = 0  # pairs checked now (new, or either report re-read)
    dropped: int = 0  # pairs that no longer hold, forgotten with their findings
    findings: int = 0  # cross-year findings the store holds afterwards


def _stub(m: dict[str, Any]) -> Any:
    from ogi.document import Source
    from ogi.report import Report

    return Report(
        source=Source(path=m["path"], format=""),
        template=m["template"],
        year=m["year"],
        agency=m["agency"],
        region=m["region"],
        cells={},
        provenance={},
        findings=[],
        sections={},
    )


def refresh_cross_year(store: Store) -> CrossYearRefresh:
    """Bring the store's cross-year findings up to date with its readings (see the module doc)."""
    from ogi.check.cross_year import TEXT_SECTIONS, check_pair, keys_read
    from ogi.corpus.series import group_series
    from ogi.report import Report

    members = store.series_members()
    stubs = {m["id"]: _stub(m) for m in members}
    ident = {id(r): rid for rid, r in stubs.items()}
    quality = {m["id"]: (m["cells_read"], -m["errors"]) for m in members}
    series, _ = group_series(stubs.values(), quality=lambda r: quality[ident[id(r)]])
    pairs = {(ident[id(cur)], ident[id(prev)]): s.id for s in series for prev, cur in s.pairs()}
    had = store.series_pairs()
    todo = [p for p in pairs if p not in had]
    dropped = had - pairs.keys()
    res = CrossYearRefresh(pairs=len(pairs), checked=len(todo), dropped=len(dropped))
    if todo or dropped:
        need = sorted({i for p in todo for i in p})
        got = {d["id"]: Report.from_dict(d) for d in store.partial_dicts(need, keys_read(), TEXT_SECTIONS)}
        checked = [(cur, prev, pairs[cur, prev], check_pair(got[prev], got[cur])) for cur, prev in todo]
        store.put_pairs(checked, dropped)
    res.findings = store.count_findings("cross_year")
    return res
