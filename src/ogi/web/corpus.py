"""The corpus as the pages see it: queries of the store, one page of rows at a time.

Everything a corpus page shows is read from the store's derived tables (:mod:`ogi.store.derive`,
brought up to date when readings are stored: organs, their reports by year, regions and their
years' sums) or from the few readings an organ page shows: no page loads the corpus, so a page
costs what it shows, whatever the corpus' size. What changes only with the store — the facets of the
search form — is kept per state of the store (:meth:`ogi.store.Store.signature`, looked at no more
than every :data:`SIGNATURE_SECONDS`). Cross-year findings are the store's own.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from ogi.corpus.metrics import evaluate, metric, metrics, outcome_labels, outcome_mix  # noqa: F401 (the pages' legends)
from ogi.model import Report
from ogi.store import Store
from ogi.web.view import SEVERITY_ORDER

log = logging.getLogger(__name__)
SIGNATURE_SECONDS = 0.5  # how long one look at the store's state serves the pages
PER_PAGE = 200  # rows of a list page: regions, a region's organs


class Corpus:
    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._seen: tuple[float, tuple[Any, ...]] | None = None
        self._facets: tuple[tuple[Any, ...], dict[str, list[Any]]] | None = None
        # a store whose readings were stored without the derived tables brought up to date (through
        # the API, or a build stopped before its last step): brought up to date once, beside serving
        threading.Thread(target=self._catch_up, name="ogi-derive", daemon=True).start()

    def _catch_up(self) -> None:
        try:
            self.store.ensure_fresh()
        except Exception as e:  # a page never fails for it: the pages show the last state made
            log.error("derived tables not brought up to date: %s", e)

    # ------------------------------------------------------------ state
    def signature(self, *, fresh: bool = False) -> tuple[Any, ...]:
        """The store's state, looked at no more than every :data:`SIGNATURE_SECONDS` (``fresh``:
        now). A report's page is keyed by it: it may show what a build changed that long after."""
        now = time.monotonic()
        seen = self._seen
        if not fresh and seen is not None and now - seen[0] < SIGNATURE_SECONDS:
            return seen[1]
        sig = self.store.signature()
        self._seen = (now, sig)
        return sig

    def facets(self) -> dict[str, list[Any]]:
        """:meth:`ogi.store.Store.facets`, kept until the store changes."""
        sig = self.signature()
        got = self._facets
        if got is not None and got[0] == sig:
            return got[1]
        with self._lock:
            f = self.store.facets()
            self._facets = (sig, f)
        return f

    def organ_of(self, path: str | None) -> str | None:
        """The series a stored reading belongs to (its organ page), if any."""
        try:
            rid = self.store.report_id(path or "")
        except KeyError:
            return None
        return self.store.organ_of(rid)

    def has_organ(self, sid: str) -> bool:
        return self.store.has_organ(sid)

    def search(self, **filters: Any) -> tuple[int, list[dict[str, Any]]]:
        """:meth:`ogi.store.Store.search`: each row with its organ's series id (``organ``)."""
        return self.store.search(**filters)  # type: ignore[no-any-return]

    # ------------------------------------------------------------ organ
    def organ(self, sid: str) -> dict[str, Any] | None:
        o = self.store.organ(sid)
        if o is None:
            return None
        ids = list(o["by_year"].values())
        got = dict(self.store.readings(ids, sections=False, provenance=False, scopes=("report",)))
        years = []
        for y, rid in o["by_year"].items():
            r = got[rid]
            assert isinstance(r, Report)
            years.append(
                {
                    "year": y,
                    "id": rid,
                    "agency": r.agency,
                    "template": r.template,
                    "errors": sum(f.severity == "error" for f in r.findings),
                    "warnings": sum(f.severity == "warning" for f in r.findings),
                    "metrics": evaluate(r),
                    "cells": {k: r.cells.get(k) for k in _series_keys()},
                    "outcomes": outcome_mix(r),
                }
            )
        by_year = o["by_year"]
        pairs = [(y - 1, y) for y in by_year if y - 1 in by_year]
        stored = self.store.stored_pairs([by_year[y] for _, y in pairs])
        found = {(p.report_id, p.previous_id): p.findings for p in stored}
        carried_out, carried_in = metric("carried_out"), metric("carried_in")
        chain = []
        for a, b in pairs:
            pid, cid = by_year[a], by_year[b]
            chain.append(
                {
                    "from": a,
                    "to": b,
                    "carried_out": carried_out.of(got[pid]),  # type: ignore[arg-type]
                    "carried_in": carried_in.of(got[cid]),  # type: ignore[arg-type]
                    "from_id": pid,
                    "to_id": cid,
                    "findings": [f.to_dict() for f in found.get((cid, pid), [])],
                }
            )
        ys = sorted(by_year)
        return {
            "id": sid,
            "organ": o["organ"],
            "years": years,
            "missing_years": [y for y in range(ys[0], ys[-1] + 1) if y not in by_year] if ys else [],
            "chain": chain,
            "duplicates": o["duplicates"],
        }

    # ------------------------------------------------------------ regions
    def regions(self, page: int = 1, per: int = PER_PAGE * 5) -> dict[str, Any]:
        """A page of the regions (in listing order, with their depth and organ counts)."""
        total, rows = self.store.regions_list(limit=per, offset=(page - 1) * per)
        return {"regions": rows, "total": total, "page": page, "pages": max(1, -(-total // per))}

    def region(self, node: str, page: int = 1, per: int = PER_PAGE) -> dict[str, Any] | None:
        """A region's page: its parents and children, its years (sums, metrics, outcome groups,
        organs without a report), and a page of its organs, those with errors first."""
        row = self.store.region_row(node)
        if row is None:
            return None
        years = self.store.region_years(node)
        names = self.store.organ_names({o for y in years for o in y["missing_ids"]})
        for y in years:
            y["missing"] = [names.get(o, o) for o in y["missing_ids"]]
        total, organs = self.store.region_organs(node, limit=per, offset=(page - 1) * per)
        parents = []
        up = row["parent"]
        while up is not None:
            p = self.store.region_row(up)
            if p is None:
                break
            parents.insert(0, {"node": p["node"], "name": p["name"]})
            up = p["parent"]
        children = [{"node": c["node"], "name": c["name"]} for c in self.store.region_children(node)]
        return {
            "node": node,
            "name": row["name"],
            "parents": parents,
            "children": children,
            "organs": organs,
            "organs_total": total,
            "page": page,
            "pages": max(1, -(-total // per)),
            "years": years,
        }


def rule_title(rid: str) -> str:
    from ogi.template import rule

    try:
        return rule(rid).title
    except KeyError:
        return rid


# The metrics an organ's years are shown by, as values (ids of ogi/corpus/metrics.toml).
SERIES_METRICS = ("received", "carried_in", "handled", "carried_out")


def _series_keys() -> tuple[str, ...]:
    """The keys of the series metrics (each a single key), in the newest format."""
    from ogi.corpus.metrics import metric
    from ogi.template import newest

    return tuple(k for m in SERIES_METRICS for _sign, k in metric(m).numerator.keys(newest()))


def metric_names() -> dict[str, str]:
    return {m.id: m.name for m in metrics()}


def rates() -> set[str]:
    return {m.id for m in metrics() if m.is_rate}


def worst_first(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(findings, key=lambda f: SEVERITY_ORDER.get(f.get("severity", ""), 9))
