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
from functools import cache
from pathlib import Path
from typing import Any

from ogi.corpus.identity import identify
from ogi.corpus.series import Series, group_series, region_chains
from ogi.errors import InputError
from ogi.model import Reading
from ogi.template import Template, template

UNKNOWN_REGION = "地区不详"


@dataclass(slots=True)
class Hierarchy:
    """Nodes by id: their display name, parent, and whether they are organs (report)."""

    parent: dict[str, str] = field(default_factory=dict)
    name: dict[str, str] = field(default_factory=dict)
    organs: set[str] = field(default_factory=set)

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
    node: str
    name: str
    year: int
    organs: list[str] = field(default_factory=list)  # organ ids that reported
    missing: list[str] = field(default_factory=list)  # organ ids expected, not reported
    cells: dict[str, float] = field(default_factory=dict)
    incomplete: dict[str, int] = field(default_factory=dict)  # key → reports without it

    def to_dict(self, names: dict[str, str] | None = None) -> dict[str, Any]:
        nm = names or {}
        return {
            "node": self.node,
            "name": self.name,
            "year": self.year,
            "reported": [nm.get(o, o) for o in self.organs],
            "missing": [nm.get(o, o) for o in self.missing],
            "cells": self.cells,
            "incomplete": self.incomplete,
        }


@dataclass(slots=True)
class Rollup:
    hierarchy: Hierarchy
    rows: list[RollupRow]
    unplaced: list[str] = field(default_factory=list)  # series not in a given hierarchy

    def missing(self) -> dict[int, list[str]]:
        """Year → names of organs without a report that year (known from the hierarchy
        or from their reports of other years)."""
        out: dict[int, set[str]] = defaultdict(set)
        for r in self.rows:
            out[r.year].update(r.missing)
        return {y: sorted(self.hierarchy.name.get(o, o) for o in ms) for y, ms in sorted(out.items())}

    def to_dict(self) -> dict[str, Any]:
        return {
            "rows": [r.to_dict(self.hierarchy.name) for r in self.rows],
            "missing": {str(y): ms for y, ms in self.missing().items()},
            "unplaced": self.unplaced,
        }


def rollup(
    readings: Iterable[Reading],
    hierarchy: Hierarchy | None = None,
    years: Iterable[int] | None = None,
) -> Rollup:
    """Sum each node's organs per year, and list organs missing a report that year.

    Without ``hierarchy`` it is inferred from the organs' names. ``years`` defaults to
    every year a reading has.
    """
    series, _unnamed = group_series(readings)
    h = hierarchy if hierarchy is not None else infer_hierarchy(series)
    by_node: dict[str, Series] = {}
    unplaced: list[str] = []
    for s in series:
        node = s.id if s.id in h.name else s.organ.id if s.organ.id in h.name else None
        if node is None:
            unplaced.append(s.organ.name)
            continue
        by_node[node] = s
        h.organs.add(node)
    all_years = sorted({y for s in series for y in s.by_year})
    wanted = sorted(set(years)) if years is not None else all_years
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
        for y in wanted:
            row = RollupRow(node=node, name=h.name.get(node, node), year=y)
            sums: dict[str, float] = defaultdict(float)
            have: dict[str, int] = defaultdict(int)
            keys: list[str] = []
            for o in organs:
                s = by_node.get(o)
                r = s.by_year.get(y) if s else None
                if r is None:
                    row.missing.append(o)
                    continue
                row.organs.append(o)
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
    return Rollup(hierarchy=h, rows=rows, unplaced=sorted(unplaced))


__all__ = [
    "Hierarchy",
    "Rollup",
    "RollupRow",
    "hierarchy_from_pairs",
    "infer_hierarchy",
    "load_hierarchy",
    "rollup",
    "summed_keys",
]
