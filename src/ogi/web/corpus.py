"""The corpus as the pages see it: queries of the store, one page of rows at a time.

Everything a corpus page shows is read from the store's derived tables (:mod:`ogi.store.derive`,
brought up to date when readings are stored: organs, their reports by year, regions and their
years' sums) or from the few readings an organ page shows: no page loads the corpus, so a page
costs what it shows, whatever the corpus' size. What changes only with the store — the facets of the
search form — is kept per state of the store (:meth:`ogi.store.Store.signature`, looked at no more
than every :data:`SIGNATURE_SECONDS`). Cross-year findings are the store's own.

When an organ list is imported (``ogi organs import``, ``/organ-list``) the regions are the list's
(:func:`ogi.corpus.rollup.hierarchy_from_list`): its roll-up — per node and year the organs expected,
received, on time, late, date unknown and missing, only listed organs, only the years its organs
have reports for — is summed in SQL (:meth:`ogi.store.Store.listed_rollup`) once per state of the
store and kept: its size is the list's (organs × years), never the corpus'.

A region's follow-up for a year (each organ's state: 未报送, 待整改, 已整改, 通过, 逾期) is asked of the
store (:meth:`ogi.store.Store.versions_of`, :meth:`ogi.store.Store.region_versions`): its organs'
versions that year with their problems counted in SQL; only versions a reviewer touched are read
(:func:`ogi.export.followup.settle`); it is kept per state of the store, reviewers' marks and
corrections included, for the regions and years asked last.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from typing import Any

from ogi.corpus.metrics import evaluate, metric, metrics, outcome_labels, outcome_mix  # noqa: F401 (the pages' legends)
from ogi.corpus.rollup import hierarchy_from_list
from ogi.export.followup import STATE_LABELS, counts, follow_up, state_of
from ogi.model import Report
from ogi.store import Store
from ogi.web.view import SEVERITY_ORDER

log = logging.getLogger(__name__)
SIGNATURE_SECONDS = 0.5  # how long one look at the store's state serves the pages
PER_PAGE = 200  # rows of a list page: regions, a region's organs
STATES_KEPT = 32  # regions' follow-ups kept (Corpus._states)


class Corpus:
    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._seen: tuple[float, tuple[Any, ...]] | None = None
        self._facets: tuple[tuple[Any, ...], dict[str, list[Any]]] | None = None
        self._list: tuple[tuple[Any, ...], dict[str, Any] | None] | None = None
        self._kept_states: OrderedDict[tuple[Any, ...], dict[str, dict[str, Any]]] = OrderedDict()
        self._warmed = False  # rewarm made the top regions' pages once
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

    def listed(self) -> dict[str, Any] | None:
        """The organ list's roll-up (:meth:`ogi.store.Store.listed_rollup`), kept until the store
        changes; None without a list."""
        sig = self.signature()
        got = self._list
        if got is not None and got[0] == sig:
            return got[1]
        with self._lock:
            entries = self.store.organ_list()
            view = self.store.listed_rollup(hierarchy_from_list(entries)) if entries else None
            self._list = (sig, view)
        return view

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
        """A page of the regions (in listing order, with their depth and organ counts); whether they
        come from the organ list (``from_list``) and the organs outside it (``unplaced``)."""
        lv = self.listed()
        if lv is None:
            total, rows = self.store.regions_list(limit=per, offset=(page - 1) * per)
            return _regions_page(rows, total, page, per, from_list=False, unplaced=[])
        ru = lv["rollup"]
        h = ru.hierarchy
        kids = h.children()
        under: dict[str, int] = {}
        for o in h.organs:
            for a in [o, *h.ancestors(o)]:
                under[a] = under.get(a, 0) + 1
        nodes = [n for n in h.name if n not in h.organs or kids.get(n)]
        nodes.sort(key=lambda n: ([h.name.get(a, a) for a in reversed(h.ancestors(n))], h.name[n]))
        rows = [
            {"node": n, "name": h.name[n], "depth": len(h.ancestors(n)), "organs": under.get(n, 0)}
            for n in nodes[(page - 1) * per : page * per]
        ]
        return _regions_page(rows, len(nodes), page, per, from_list=True, unplaced=ru.unplaced)

    def region(self, node: str, page: int = 1, per: int = PER_PAGE, year: int | None = None) -> dict[str, Any] | None:
        """A region's page: its parents and children, its years (organs expected, received, on time,
        late, date unknown and missing — the last four with an organ list only —, sums, metrics,
        outcome groups), a page of its organs, those with errors first; and the follow-up of
        ``year`` (default: the latest of its years): every organ's state (未报送, 待整改, 已整改, 通过;
        逾期 beside it) counted (``states``), each organ of the page with its own."""
        lv = self.listed()
        g = self._listed_region(lv, node, page, per) if lv is not None else self._names_region(node, page, per)
        if g is None:
            return g
        known = [y["year"] for y in g["years"]]
        chosen = year if year in known else (known[-1] if known else None)
        states: dict[str, dict[str, Any]] = {}
        under = g.pop("_under", None)
        if chosen is not None:
            states = self._states(lv, node, chosen, g["years"], under)
            for o in g["organs"]:
                o |= states.get(o["id"]) or state_of([])
        g |= {"year": chosen, "states": counts(states.values()) if chosen is not None else {}}
        g["state_labels"] = STATE_LABELS
        return g

    def _states(
        self, lv: dict[str, Any] | None, node: str, year: int, years: list[dict[str, Any]], under: Any
    ) -> dict[str, dict[str, Any]]:
        """The follow-up of a region's organs in ``year`` (organ → its state), kept per state of the
        store (its readings, findings, organ list, reviewers' marks and corrections) for the last
        :data:`STATES_KEPT` regions and years asked: a province's is every organ's, a second or so
        at 100,000 reports, and its page is asked again and again."""
        key = (self.signature(fresh=True), node, year)  # one small query: what was just stored or marked shows
        with self._lock:
            if key in self._kept_states:
                self._kept_states.move_to_end(key)
                return self._kept_states[key]
        late: set[str] | None = None  # without a list: each version's own lateness
        if lv is not None:
            placed: dict[str, list[str]] = lv["placed"]
            late = set(next((y["late_ids"] for y in years if y["year"] == year), []))
            got = self.store.versions_of([(sid, year) for o in under for sid in placed.get(o, ())])
            every = {o: [v for sid in placed.get(o, ()) for v in got.get((sid, year), [])] for o in under}
        else:
            got = self.store.region_versions(node, year)
            every = {sid: got.get(sid, []) for sid in self.store.region_series(node)}
        states = follow_up(self.store, every, late)
        with self._lock:
            self._kept_states[key] = states
            while len(self._kept_states) > STATES_KEPT:
                self._kept_states.popitem(last=False)
        return states

    def rewarm(self) -> int:
        """Make again, for the store's state now, the follow-ups kept for an earlier state (newest
        asked first), and at the first call those of the top regions (a province's office opens its
        province): the next view of a region asked before finds its page made, not a whole
        province's organs to follow up (half a second at 100,000 reports). The housekeeper calls
        it every :data:`ogi.web.housekeeping.WARM_SECONDS`. Returns how many regions were made."""
        sig = self.signature(fresh=True)
        with self._lock:
            first = not self._warmed
            self._warmed = True
            stale = [k for k in self._kept_states if k[0] != sig]
        todo = list(dict.fromkeys((node, year) for _, node, year in reversed(stale)))
        if first:
            top = [r["node"] for r in self.regions(per=50)["regions"] if r["depth"] == 0]
            todo += [(node, None) for node in top if all(node != n for n, _ in todo)]
        for node, year in todo:
            self.region(node, year=year)
        with self._lock:
            for k in stale:
                self._kept_states.pop(k, None)
        return len(todo)

    def _names_region(self, node: str, page: int, per: int) -> dict[str, Any] | None:
        row = self.store.region_row(node)
        if row is None:
            return None
        years = self.store.region_years(node)
        names = self.store.organ_names({o for y in years for o in y["missing_ids"]})
        for y in years:
            y["missing"] = [names.get(o, o) for o in y["missing_ids"]]
            y["expected"] = y["reported"] + len(y["missing_ids"])
            y["on_time"] = y["late"] = y["undated"] = None  # by the organ list's kinds: with a list only
        total, organs = self.store.region_organs(node, limit=per, offset=(page - 1) * per)
        for o in organs:
            o["series"], o["kind"] = o["id"], None
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
            "from_list": False,
            "parents": parents,
            "children": children,
            "organs": organs,
            "organs_total": total,
            "page": page,
            "pages": max(1, -(-total // per)),
            "years": years,
        }

    def _listed_region(self, lv: dict[str, Any], node: str, page: int, per: int) -> dict[str, Any] | None:
        ru = lv["rollup"]
        h = ru.hierarchy
        kids = h.children()
        if node not in h.name or (node in h.organs and not kids.get(node)):
            return None

        def names(ids: list[str]) -> list[str]:
            return [h.name.get(o, o) for o in ids]

        years = []
        for r in ru.rows:
            if r.node != node:
                continue
            met, outcomes = lv["measures"][(node, r.year)]
            years.append(
                {
                    "year": r.year,
                    "expected": r.expected,
                    "reported": len(r.organs),
                    "on_time": names(r.on_time),
                    "late": names(r.late),
                    "late_ids": r.late,
                    "undated": names(r.undated),
                    "missing": names(r.missing),
                    "missing_ids": r.missing,
                    "cells": r.cells,
                    "incomplete": r.incomplete,
                    "metrics": met,
                    "outcomes": outcomes,
                }
            )
        organs_under = sorted(o for o in h.organs if o == node or node in h.ancestors(o))
        placed: dict[str, list[str]] = lv["placed"]
        got = self.store.organ_rows({sid for o in organs_under for sid in placed.get(o, ())})
        ranked = []
        for o in organs_under:
            entry = h.listed.get(o)
            base = {"id": o, "name": h.name.get(o, o), "kind": entry.kind_name if entry else None}
            ss = [got[sid] for sid in placed.get(o, ()) if sid in got]
            if not ss:
                ranked.append({**base, "series": None, "errors": 0, "warnings": 0, "years": [], "rank": 9})
                continue
            if entry is None:
                base["name"] = ss[0]["name"]
            ranked.append(
                {
                    **base,
                    "series": ss[0]["id"],
                    "errors": sum(x["errors"] for x in ss),
                    "warnings": sum(x["warnings"] for x in ss),
                    "years": sorted({y for x in ss for y in x["years"]}),
                    "rank": min(x["rank"] for x in ss),
                }
            )
        ranked.sort(key=lambda d: (d["rank"], -d["errors"], -d["warnings"], d["name"]))
        total = len(ranked)
        children = [
            {"node": c, "name": h.name.get(c, c)}
            for c in sorted(kids.get(node, []))
            if c not in h.organs or kids.get(c)
        ]
        parents = [{"node": a, "name": h.name.get(a, a)} for a in reversed(h.ancestors(node))]
        return {
            "node": node,
            "name": h.name[node],
            "from_list": True,
            "parents": parents,
            "children": children,
            "organs": ranked[(page - 1) * per : page * per],
            "organs_total": total,
            "page": page,
            "pages": max(1, -(-total // per)),
            "years": years,
            "_under": organs_under,
        }


def _regions_page(
    rows: list[dict[str, Any]], total: int, page: int, per: int, *, from_list: bool, unplaced: list[Any]
) -> dict[str, Any]:
    """The regions list's page as :meth:`Corpus.regions` gives it, whichever made its rows."""
    pages = max(1, -(-total // per))
    return {"regions": rows, "total": total, "page": page, "pages": pages, "from_list": from_list, "unplaced": unplaced}


def finding_words(fid: str) -> str:
    """A finding's identity (:func:`ogi.model.finding_id`: ``rule|key,key`` or ``rule|#digest``)
    as a clerk reads it: the rule's Chinese title and the cells by their labels."""
    from ogi.template import key_label

    rid, _, keys = fid.partition("|")
    cells = "、".join(key_label(k) for k in keys.split(",")) if keys and not keys.startswith("#") else ""
    return f"{rule_title(rid)}（{cells}）" if cells else rule_title(rid)


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
