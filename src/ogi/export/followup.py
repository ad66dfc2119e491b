"""Following up: an organ's versions of one year's report, each finding of a version marked
against the version before, and the organ's state for the year.

An organ that corrects its report publishes it again: the same organ and year, another file. That
is a new *version* of the organ-year (not another organ-year); versions are ordered as they were
stored (the store's report id), the newest is the one that counts. Identical files (the same
SHA-256) are one version.

Each finding of a version is 仍存在 (the version before has it: same rule, same scope, same
cells), 新出现 (it has not), and each finding of the version before that the newest lacks is
已整改. An organ's state for a year: 未报送 (no report), 待整改 (its newest version has problems
to send back — :func:`ogi.export.notices.problems_of`, ``sendable``, on the findings as a
reviewer's corrections re-check them, :func:`ogi.check.corrected.recheck`), 已整改 (none, where an
earlier version had some), 通过 (none, and never had); 逾期 beside it when the newest version was
published late (the rule ``published.late``), or, with an organ list, after its kind's deadline.

The versions and their problems come from the store's SQL (:meth:`ogi.store.Store.versions_of`):
only the versions a reviewer touched (review marks, corrections) are read here, to apply their
marks (:func:`settle`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from typing import Any

from ogi.check import LATE_RULE
from ogi.check.corrected import recheck
from ogi.model import Finding, Report

MARK_LABELS = {"fixed": "已整改", "still": "仍存在", "new": "新出现"}
STATES = ("missing", "late", "pending", "fixed", "passed")
STATE_LABELS = {"missing": "未报送", "late": "逾期", "pending": "待整改", "fixed": "已整改", "passed": "通过"}
SEVERITIES = ("error", "warning")

Reviews = dict[str, list[dict[str, Any]]]


def same(f: Finding) -> tuple[str, str, tuple[str, ...]]:
    """What makes two versions' findings the same problem: rule, scope and cells (a finding
    naming no cell: its rule and message)."""
    return (f.rule, f.scope, tuple(f.keys) if f.keys else (f.message,))


def marks(previous: Report | None, current: Report) -> tuple[dict[int, str], list[Finding]]:
    """Each of ``current``'s findings (by index) → ``still`` or ``new`` against ``previous``, and
    the findings of ``previous`` that ``current`` no longer has (已整改). Without a previous
    version: nothing marked."""
    if previous is None:
        return {}, []
    before = {same(f) for f in previous.findings}
    now = {same(f) for f in current.findings}
    got = {i: ("still" if same(f) in before else "new") for i, f in enumerate(current.findings)}
    return got, [f for f in previous.findings if same(f) not in now]


def checked(report: Report, corrections: Reviews | None) -> Report:
    """The reading with its findings as the reviewer's corrections re-check them (the reading
    itself unchanged: a copy)."""
    if not corrections:
        return report
    return dataclasses.replace(report, findings=recheck(report, corrections))


@cache
def _words() -> dict[str, Any]:
    from ogi.export.notices import wording

    return wording()


def open_problems(report: Report, reviews: Reviews) -> list[Finding]:
    """The findings of a reading an organ is asked to correct (``sendable``: errors and warnings
    not dismissed; about the reading only when confirmed), lateness aside (a report published
    late cannot be corrected: it is 逾期, beside its state)."""
    from ogi.export.notices import problems_of

    sendable = problems_of(report, reviews, select="sendable", words=_words())
    return [p.finding for p in sendable if p.finding.rule != LATE_RULE]


def distinct(versions: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """An organ-year's versions (rows with ``id`` and ``sha256``), one per file content (its newest
    id), oldest first."""
    seen: dict[str, dict[str, Any]] = {}
    for v in sorted(versions, key=lambda x: x["id"]):
        k = v.get("sha256") or f"#{v['id']}"
        seen.pop(k, None)
        seen[k] = dict(v)
    return sorted(seen.values(), key=lambda x: x["id"])


def settle(store: Any, rows: Iterable[dict[str, Any]]) -> None:
    """Decide, in place, the rows a reviewer touched (``touched``: review marks or corrections of
    the file): their ``open`` problems and ``late`` from the reading re-checked on the corrections
    and marked by the reviews, and their counts (``errors``, ``warnings``, ``unreviewed``,
    ``confirmed``, ``dismissed``) as re-checked. Rows untouched keep the store's counts. Reads the
    touched reports only (``store``: :class:`ogi.store.Store`)."""
    touched: dict[int, list[dict[str, Any]]] = {}
    for r in rows:
        if r.get("touched"):
            touched.setdefault(int(r["id"]), []).append(r)
    if not touched:
        return
    reps = {rid: r for rid, r in store.readings(sorted(touched), sections=False) if isinstance(r, Report)}
    shas = sorted({r.source.sha256 for r in reps.values() if r.source.sha256})
    revs, corr = store.marks_of(shas)
    for rid, rep in reps.items():
        sha = rep.source.sha256 or ""
        marks_ = revs.get(sha, {})
        again = checked(rep, corr.get(sha))
        counts = dict.fromkeys(("errors", "warnings", "unreviewed", "confirmed", "dismissed"), 0)
        for f in again.findings:
            if f.severity in SEVERITIES:
                counts[f.severity + "s"] += 1
                m = marks_.get(f.id) or []
                counts[m[0]["status"] if m else "unreviewed"] += 1
        for row in touched[rid]:
            row["open"] = len(open_problems(again, marks_))
            row["late"] = any(f.rule == LATE_RULE for f in again.findings)
            row["counts"] = counts


def state_of(versions: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """An organ-year's state from its versions (as :func:`distinct` gives them, their ``open``
    settled): {state, state_label, late, report (the newest version's id), versions}."""
    if not versions:
        none = {"state": "missing", "state_label": STATE_LABELS["missing"], "late": False}
        return none | {"report": None, "versions": 0}
    cur = versions[-1]
    if cur["open"]:
        state = "pending"
    elif any(v["open"] for v in versions[:-1]):
        state = "fixed"
    else:
        state = "passed"
    return {
        "state": state,
        "state_label": STATE_LABELS[state],
        "late": bool(cur["late"]),
        "report": cur["id"],
        "versions": len(versions),
    }


def counts(states: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """How many organs are in each state (:data:`STATES`; ``late`` counts those late, whatever their state)."""
    out = dict.fromkeys(STATES, 0)
    for s in states:
        out[s["state"]] += 1
        out["late"] += bool(s["late"])
    return out


def follow_up(
    store: Any, versions: Mapping[str, Sequence[dict[str, Any]]], late: set[str] | None
) -> dict[str, dict[str, Any]]:
    """Each organ's follow-up state (:func:`state_of`) from its versions of one year (``versions``:
    organ → rows of :meth:`ogi.store.Store.versions_of`, settled here). ``late``: with an organ list,
    the organs its roll-up finds late by their listed kind's deadline — the list's kind sets 逾期,
    not the kind the organ's name reads as; None without a list (the versions' own lateness)."""
    settle(store, [v for vs in versions.values() for v in vs])
    out = {}
    for o, vs in versions.items():
        st = state_of(distinct(vs))
        if late is not None:
            st["late"] = st["state"] != "missing" and o in late
        out[o] = st
    return out


def organ_states(store: Any, year: int, region: str | None = None) -> list[dict[str, Any]]:
    """Every organ's follow-up for ``year`` (under ``region``, a node of the regions, when given), as
    a clerk lists it without the web app (``ogi followup``): {organ, name, state, state_label, late,
    versions, report, fixed, still, new} — the last three the newest version's findings against the
    version before (None with one version). The organs are the organ list's (``ogi organs import``;
    late by its kind's deadline too), else every organ with a stored report. Raises KeyError for an
    unknown region. Memory: the organs and their versions' rows; two readings at a time for marks."""
    from ogi.corpus.rollup import hierarchy_from_list

    entries = store.organ_list()
    groups: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    late: set[str] = set()
    if entries:
        lv = store.listed_rollup(hierarchy_from_list(entries))
        h = lv["rollup"].hierarchy
        if region is not None and region not in h.name:
            raise KeyError(region)
        for o in sorted(h.organs):
            if region is None or o == region or region in h.ancestors(o):
                groups[o] = list(lv["placed"].get(o, ()))
                names[o] = h.name.get(o, o)
        late = {o for r in lv["rollup"].rows if r.year == year for o in r.late}
    else:
        store.ensure_fresh()
        if region is not None and store.region_row(region) is None:
            raise KeyError(region)
        sids = store.region_series(region) if region is not None else store.series_ids()
        names = store.organ_names(sids)
        groups = {s: [s] for s in sids}
    got = store.versions_of([(sid, year) for ss in groups.values() for sid in ss])
    every = {o: [v for sid in ss for v in got.get((sid, year), [])] for o, ss in groups.items()}
    states = follow_up(store, every, late if entries else None)
    out = []
    for o, vs in sorted(every.items(), key=lambda kv: (names.get(kv[0], kv[0]), kv[0])):
        versions = distinct(vs)
        st = states[o]
        row = {"organ": o, "name": names.get(o, o), **st, "fixed": None, "still": None, "new": None}
        if len(versions) > 1:
            ids = [versions[-2]["id"], versions[-1]["id"]]
            reps = dict(store.readings(ids, sections=False, provenance=False))
            prev, cur = reps.get(ids[0]), reps.get(ids[1])
            if isinstance(prev, Report) and isinstance(cur, Report):
                got_marks, gone = marks(prev, cur)
                vals = list(got_marks.values())
                row |= {"fixed": len(gone), "still": vals.count("still"), "new": vals.count("new")}
        out.append(row)
    return out
