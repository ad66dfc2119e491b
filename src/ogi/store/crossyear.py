"""Cross-year findings of a whole store: each organ's consecutive years checked against each other.

The pairing (which stored reports are the same organ's years) and the rules come from
:mod:`ogi.corpus.series` and :mod:`ogi.check.cross_year`; this module only runs them over the
stored readings and keeps their findings with the later report (scope ``cross_year``,
``related`` = the earlier one), replacing the previous run's.
"""

from __future__ import annotations

from ogi.store.store import Store


def refresh_cross_year(store: Store) -> int:
    """Recompute and store every cross-year finding; returns how many were stored."""
    from ogi.check.cross_year import cross_year

    readings = [
        d for d in store.iter_dicts(sections=True, provenance=False, scopes=("report",)) if d.get("status") != "error"
    ]
    store.clear_findings("cross_year")
    n = 0
    for pair in cross_year(readings):
        if pair.findings:
            n += store.put_findings(
                pair.current.source.path or "",
                pair.findings,
                scope="cross_year",
                related=pair.previous.source.path,
            )
    return n
