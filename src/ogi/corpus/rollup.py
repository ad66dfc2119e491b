"""Regional roll-up: each region's (or parent organ's) organs summed, and who did not report.

The hierarchy is given (pairs organ → parent, e.g. from a CSV) or inferred from the
names: 淮安市洪泽区人民政府 sits in the region 淮安市洪泽区, which sits in 淮安市. A
node's roll-up sums the reports of every organ under it (itself included, when it
is an organ): all keys of tables 3 and 4, and the counts of table 2.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from ogi.corpus.identity import identify
from ogi.corpus.organs import ListedOrgan
from ogi.corpus.series import Series, group_series, region_chains
from ogi.errors import InputError
from ogi.model import Reading, Report
from ogi.template import Template, spec, template

UNKNOWN_REGION = "地区不详"


@dataclass(slots=True)
class Hierarchy:
    """Nodes by id: their display name, parent, and whether they are organs (report). A hierarchy
    from an organ list (:func:`hierarchy_from_list`) also knows each organ's list entry (its kind,
    so its deadline) and the identities of its short names (``alias``: identity id → node)."""

    parent: dict[str, str] = field(default_factory=dict)
    name: dict[str, str] = field(default_factory=dict)
    organs: set[str] = field(default_factory=set)
    listed: dict[str, ListedOrgan] = field(default_factory=dict)  # node → its entry in the organ list
    alias: dict[str, str] = field(default_factory=dict)

    @property
    def from_list(self) -> bool:
        return bool(self.listed)

    def place(self, s: Series) -> str | None:
        """The node a series reports as: its own id, its organ's, or a short name's."""
        return self.place_ids(s.id, s.organ.id)

    def place_ids(self, sid: str, organ_id: str) -> str | None:
        """:meth:`place` of a series by its id and its organ's identity id."""
        for cand in (sid, organ_id):
            if cand in self.name:
                return cand
        for cand in (sid, organ_id):
            if cand in self.alias:
                return self.alias[cand]
        return None

    def add(self, node: str, name: str, parent: str | None = None, organ: bool = False) -> None:
        self.name.setdefault(node, name)
        if parent and parent != node:
            self.parent[node] = parent
        if organ:
            self.organs.add(node)

    def ancestors(self, node: str) -> list[str]:
        out, seen = [], {node}
        while node in self.parent and self.parent[node] not in seen:
            node = self.parent[node]
            seen.add(node)
            out.append(node)
        return out

    def children(self) -> dict[str, list[str]]:
        kids: dict[str, list[str]] = defaultdict(list)
        for c, p in self.parent.items():
            kids[p].append(c)
        return kids


def _organ_node(name: str) -> tuple[str, str] | None:
    ident = identify(name)
    return (ident.id, ident.name) if ident else None


def hierarchy_from_pairs(pairs: Iterable[tuple[str, str | None]]) -> Hierarchy:
    """A hierarchy of organ → parent names (either may be a region's bare name: 淮安市
    stands for 淮安市人民政府). Every name listed is an organ expected to report."""
    h = Hierarchy()
    for organ, parent in pairs:
        o = _organ_node(organ)
        if o is None:
            continue
        p = _organ_node(parent) if parent else None
        if p is not None:
            h.add(p[0], p[1], organ=True)
        h.add(o[0], o[1], p[0] if p else None, organ=True)
    return h


LIST_ROOT = "list:"  # the node above a list's organs when the list has several tops


def hierarchy_from_list(entries: Iterable[ListedOrgan]) -> Hierarchy:
    """The hierarchy of an organ list (:func:`ogi.corpus.organs.read_organ_list`): every listed organ
    is expected to report, under its parent — a listed organ, or else a grouping named as the
    list names it (a region: not expected to report). Short names lead to their organ unless two
    organs share one. With several organs or groupings at the top, they hang under one node,
    机关名单."""
    h = Hierarchy()
    entries = list(entries)
    node_of: dict[str, str] = {}
    shared: set[str] = set()
    for e in entries:
        ident = identify(e.name)
        node = ident.id if ident else e.name
        node_of[e.name] = node
        h.add(node, e.name, organ=True)
        h.listed[node] = e
        for short in e.short:
            si = identify(short)
            if si is None or si.id == node:
                continue
            if h.alias.get(si.id, node) != node:
                shared.add(si.id)
            h.alias[si.id] = node
    for sid in shared:
        del h.alias[sid]
    for e in entries:
        if not e.parent:
            continue
        node = node_of[e.name]
        pi = identify(e.parent)
        pid = pi.id if pi else ""
        parent = node_of.get(e.parent) or (pid if pid in h.listed else None) or h.alias.get(pid)
        if parent is None:
            parent = "region:" + e.parent
            h.add(parent, e.parent)
        if parent != node:
            h.parent[node] = parent
    tops = [n for n in h.name if n not in h.parent]
    if len(tops) > 1:
        h.add(LIST_ROOT, "机关名单")
        for n in tops:
            h.parent[n] = LIST_ROOT
    return h


def load_hierarchy(path: Path) -> Hierarchy:
    """A CSV of ``organ,parent`` rows (a header row naming them is skipped)."""
    try:
        text = path.read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"层级文件无法读取：{e}", path=str(path)) from e
    rows = [r for r in csv.reader(text.splitlines()) if r and any(c.strip() for c in r)]
    if rows and rows[0][0].strip().lower() in ("organ", "name", "机关", "机关名称"):
        rows = rows[1:]
    pairs = []
    for i, r in enumerate(rows, 1):
        if len(r) < 1 or not r[0].strip():
            raise InputError(f"层级文件第{i}行缺少机关名称", path=str(path))
        pairs.append((r[0].strip(), r[1].strip() if len(r) > 1 and r[1].strip() else None))
    return hierarchy_from_pairs(pairs)


def infer_hierarchy(series: list[Series]) -> Hierarchy:
    """Organs under their regions, regions under their parent regions, from the names."""
    h = Hierarchy()
    full = region_chains(series)
    for s in series:
        chain = full.get(s.organ.regions, s.organ.regions)
        region = "".join(chain) if chain else UNKNOWN_REGION
        h.add(s.id, s.organ.name, "region:" + region, organ=True)
        for i in range(len(chain), 0, -1):
            node = "region:" + "".join(chain[:i])
            parent = "region:" + "".join(chain[: i - 1]) if i > 1 else None
            h.add(node, "".join(chain[:i]), parent)
        if not chain:
            h.add("region:" + UNKNOWN_REGION, UNKNOWN_REGION)
    return h


def summed_keys(tpl: Template) -> list[str]:
    """Keys a roll-up sums: every count (all of tables 3 and 4; table 2's amounts and 增/减 are not)."""
    return list(_summed(tpl.id))


@cache
def _summed(tid: str) -> tuple[str, ...]:
    tpl = template(tid)
    return tuple(k for k, key in tpl.keys.items() if key.column.kind == "count")


@dataclass(slots=True)
class RollupRow:
    """One node's year: the organs expected (``organs`` + ``missing``), those whose report is
    stored, split by publication date against their deadline into ``on_time``, ``late`` (as
    ``published.late`` finds it, the deadline of the kind the organ list gives) and ``undated``
    (no date stated, or no deadline for its kind: towns and streets), and the sums."""

    node: str
    name: str
    year: int
    organs: list[str] = field(default_factory=list)  # organ ids that reported
    missing: list[str] = field(default_factory=list)  # organ ids expected, not reported
    cells: dict[str, float] = field(default_factory=dict)
    incomplete: dict[str, int] = field(default_factory=dict)  # key → reports without it
    on_time: list[str] = field(default_factory=list)
    late: list[str] = field(default_factory=list)
    undated: list[str] = field(default_factory=list)

    @property
    def expected(self) -> int:
        return len(self.organs) + len(self.missing)

    def to_dict(self, names: dict[str, str] | None = None) -> dict[str, Any]:
        nm = names or {}
        return {
            "node": self.node,
            "name": self.name,
            "year": self.year,
            "expected": self.expected,
            "received": len(self.organs),
            "reported": [nm.get(o, o) for o in self.organs],
            "on_time": [nm.get(o, o) for o in self.on_time],
            "late": [nm.get(o, o) for o in self.late],
            "undated": [nm.get(o, o) for o in self.undated],
            "missing": [nm.get(o, o) for o in self.missing],
            "cells": self.cells,
            "incomplete": self.incomplete,
        }


@dataclass(slots=True)
class Rollup:
    hierarchy: Hierarchy
    rows: list[RollupRow]
    unplaced: list[str] = field(default_factory=list)  # series not in a given hierarchy
    placed: dict[str, list[Series]] = field(default_factory=dict)  # organ node → the series reporting as it

    def missing(self) -> dict[int, list[str]]:
        """Year → names of organs without a report that year (known from the hierarchy
        or from their reports of other years)."""
        out: dict[int, set[str]] = defaultdict(set)
        for r in self.rows:
            out[r.year].update(r.missing)
        return {y: sorted(self.hierarchy.name.get(o, o) for o in ms) for y, ms in sorted(out.items())}

    def to_dict(self) -> dict[str, Any]:
        return {
            "from_list": self.hierarchy.from_list,
            "rows": [r.to_dict(self.hierarchy.name) for r in self.rows],
            "missing": {str(y): ms for y, ms in self.missing().items()},
            "unplaced": self.unplaced,
        }


def timeliness(r: Report, year: int, entry: ListedOrgan | None = None) -> str:
    """``on_time``, ``late`` or ``undated``: a report's publication date against the deadline of
    its organ's kind — the organ list's ``entry`` when given, else the kind its name shows (as
    ``published.late``: 条例 第四十九条). ``undated`` when it states no date or its kind has no
    deadline (towns and streets)."""
    return timeliness_of(r.published, r.agency, year, entry)


def timeliness_of(published: str | None, agency: str | None, year: int, entry: ListedOrgan | None = None) -> str:
    """:func:`timeliness` from a report's publication date (ISO day) and agency alone, as the store
    keeps them (``reports.published``, ``reports.agency``)."""
    deadline = entry.deadline if entry is not None else spec().deadline(agency or "")
    due = deadline.for_year(year) if deadline else None
    if due is None or not published:
        return "undated"
    try:
        day = date.fromisoformat(published)
    except ValueError:
        return "undated"
    return "late" if day > due else "on_time"


def rollup(
    readings: Iterable[Reading],
    hierarchy: Hierarchy | None = None,
    years: Iterable[int] | None = None,
) -> Rollup:
    """Sum each node's organs per year, and list organs missing a report that year.

    Without ``hierarchy`` it is inferred from the organs' names (every organ met is expected in
    every year); with an organ list's (:func:`hierarchy_from_list`) only listed organs are
    counted. A node's years are ``years``, by default the years its organs have reports for: a
    year the corpus holds nothing of a node's organs is not listed as every organ missing.
    """
    series, _unnamed = group_series(readings)
    h = hierarchy if hierarchy is not None else infer_hierarchy(series)
    by_node: dict[str, list[Series]] = defaultdict(list)
    unplaced: list[str] = []
    for s in series:
        node = h.place(s)
        if node is None:
            unplaced.append(s.organ.name)
            continue
        by_node[node].append(s)
        h.organs.add(node)
    wanted = sorted(set(years)) if years is not None else None

    def report_of(o: str, y: int) -> Report | None:
        return next((s.by_year[y] for s in by_node.get(o, ()) if y in s.by_year), None)

    # every organ under each node (itself included)
    under: dict[str, list[str]] = defaultdict(list)
    for o in sorted(h.organs):
        for n in [o, *h.ancestors(o)]:
            under[n].append(o)
    rows: list[RollupRow] = []
    for node in sorted(under, key=lambda n: (len(h.ancestors(n)), n)):
        organs = under[node]
        if node in h.organs and len(organs) == 1:
            continue  # a lone organ: its own report, nothing to roll up
        node_years = wanted
        if node_years is None:
            node_years = sorted({y for o in organs for s in by_node.get(o, ()) for y in s.by_year})
        for y in node_years:
            row = RollupRow(node=node, name=h.name.get(node, node), year=y)
            sums: dict[str, float] = defaultdict(float)
            have: dict[str, int] = defaultdict(int)
            keys: list[str] = []
            for o in organs:
                r = report_of(o, y)
                if r is None:
                    row.missing.append(o)
                    continue
                row.organs.append(o)
                getattr(row, timeliness(r, y, h.listed.get(o))).append(o)
                for k in _summed(r.format.id):
                    if k not in sums:
                        keys.append(k)
                        sums[k] = 0
                    v = r.cells.get(k)
                    if v is not None:
                        sums[k] += v
                        have[k] += 1
            row.cells = {k: (int(sums[k]) if float(sums[k]).is_integer() else sums[k]) for k in keys}
            row.incomplete = {k: len(row.organs) - have[k] for k in keys if have[k] < len(row.organs)}
            rows.append(row)
    return Rollup(hierarchy=h, rows=rows, unplaced=sorted(unplaced), placed=dict(by_node))


__all__ = [
    "Hierarchy",
    "Rollup",
    "RollupRow",
    "hierarchy_from_list",
    "hierarchy_from_pairs",
    "infer_hierarchy",
    "load_hierarchy",
    "rollup",
    "summed_keys",
    "timeliness",
    "timeliness_of",
]
