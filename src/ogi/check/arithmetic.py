"""The equation rules of the template (勾稽关系), and values they determine."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ogi.model import Finding, Where
from ogi.template import Rule, Table, Template, spec

Value = int | float | None


@dataclass(slots=True)
class Equation:
    rule: Rule
    table: Table
    subject: str  # the column (each=column) or row (each=row) label
    left: list[list[str]]  # each term: one key, or several keys standing in for it
    right: list[list[str]]
    left_text: str
    right_text: str
    # the first key of each term of either side, for summing without walking the terms
    left_keys: tuple[str, ...] = field(init=False)
    right_keys: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        self.left_keys = tuple(t[0] for t in self.left)
        self.right_keys = tuple(t[0] for t in self.right)


def _row_terms(table: Table, names: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for n in names:
        if n == "@outcome":
            out.extend(r.key for r in table.rows if r.outcome)
        else:
            out.append(n)
    return out


def _short(table: Table, row_key: str) -> str:
    r = table.row(row_key)
    return r.short or r.label


def equations(tpl: Template) -> tuple[Equation, ...]:
    """Every instance of every equation rule for ``tpl`` (computed once per template)."""
    return _equations(tpl.id)


@cache
def _equations(tid: str) -> tuple[Equation, ...]:
    return tuple(_iter_equations(spec().templates[tid]))


def _iter_equations(tpl: Template) -> Iterator[Equation]:
    for rule in spec().rules.values():
        if not rule.each or not rule.table:
            continue
        table = tpl.table(rule.table)
        if rule.each == "column":
            lrows, rrows = _row_terms(table, rule.left), _row_terms(table, rule.right)
            lt = rule.left_text or "+".join(_short(table, r) for r in lrows)
            rt = rule.right_text or "+".join(_short(table, r) for r in rrows)
            for col in table.columns:
                yield Equation(
                    rule,
                    table,
                    f"「{col.label}」列",
                    [[f"{table.id}.{r}.{col.key}"] for r in lrows],
                    [[f"{table.id}.{r}.{col.key}"] for r in rrows],
                    lt,
                    rt,
                )
        else:
            cols = {c.key: c for c in table.columns}
            lt = rule.left_text or "+".join(cols[c].label for c in rule.left)
            rt = rule.right_text or "+".join(cols[c].label for c in rule.right)
            for row in table.rows:
                yield Equation(
                    rule,
                    table,
                    f"「{row.display}」行",
                    [[f"{table.id}.{row.key}.{c}"] for c in rule.left],
                    [[f"{table.id}.{row.key}.{c}"] for c in rule.right],
                    lt,
                    rt,
                )


def _side(
    terms: list[list[str]], get: Callable[[str], Value], substitute: Mapping[str, list[tuple[str, Value]]]
) -> tuple[float | None, list[str]]:
    total = 0.0
    used: list[str] = []
    done_subs: set[str] = set()
    for term in terms:
        k = term[0]
        v = get(k)
        if v is None and k in substitute:
            for sub_key, sub_v in substitute[k]:  # (a deviation standing for several keys counts once)
                if sub_key in done_subs:
                    continue
                done_subs.add(sub_key)
                total += sub_v  # type: ignore[operator]
                used.append(sub_key)
            continue
        if v is None:
            return None, used
        total += v
        used.append(k)
    return total, used


def substitutes(
    tpl: Template, cells: Mapping[str, Value], extras: Mapping[str, Value]
) -> dict[str, list[tuple[str, Value]]]:
    """Keys printed deviation rows stand in for, where those keys are all missing: each key → the deviation
    values that stand for it (one row for several keys: 2021's three rows of (六) printed as one; several rows
    for one key, summed: those three printed in a 2019 table), where every deviation standing for it was read."""
    subs: dict[str, list[tuple[str, Value]]] = {}
    standing: dict[str, int] = {}  # key → the deviations that stand for it
    for table in tpl.tables:
        for dev in table.deviations:
            for col in dev.columns:
                dk = f"{table.id}.{dev.key}.{col.key}"
                targets = [f"{table.id}.{r}.{col.key}" for r in dev.stands_for]
                for t in targets:
                    standing[t] = standing.get(t, 0) + 1
                if extras.get(dk) is not None and all(cells.get(t) is None for t in targets):
                    for t in targets:
                        subs.setdefault(t, []).append((dk, extras[dk]))
    return {t: v for t, v in subs.items() if len(v) == standing[t]}


def check_equations(
    tpl: Template, cells: Mapping[str, Value], extras: Mapping[str, Value], where: Mapping[str, Where]
) -> list[Finding]:
    subs = substitutes(tpl, cells, extras) if extras else {}
    out = []
    get = cells.get
    for eq in equations(tpl):
        if not subs:  # the common case, summed without the bookkeeping of substitutes
            try:
                lsum = sum(map(get, eq.left_keys))  # type: ignore[arg-type]
                rsum = sum(map(get, eq.right_keys))  # type: ignore[arg-type]
            except TypeError:  # a missing term: the rule cannot be judged
                continue
            if abs(lsum - rsum) < 1e-6:
                continue
        lv, lkeys = _side(eq.left, get, subs)
        rv, rkeys = _side(eq.right, get, subs)
        if lv is None or rv is None:
            continue
        if abs(lv - rv) < 1e-6:
            continue
        keys = lkeys + rkeys
        values: dict[str, Any] = {k: cells.get(k, extras.get(k)) for k in keys}
        says = {"table": eq.table.name, "subject": eq.subject, "left_text": eq.left_text, "left": lv}
        says |= {"right_text": eq.right_text, "right": rv}
        out.append(Finding.of(eq.rule.id, None, keys, values, [where[k] for k in keys if k in where], says=says))
    return out


def infer_missing(tpl: Template, cells: Mapping[str, Value]) -> dict[str, Value]:
    """Values the equations determine where exactly one term is missing."""
    known: dict[str, Value] = dict(cells)
    inferred: dict[str, Value] = {}
    changed = True
    eqs = equations(tpl)
    while changed:
        changed = False
        for eq in eqs:
            terms = [(t[0], 1) for t in eq.left] + [(t[0], -1) for t in eq.right]
            missing = [(k, s) for k, s in terms if known.get(k) is None]
            if len(missing) != 1:
                continue
            k, sign = missing[0]
            rest = sum(s * float(known[t]) for t, s in terms if t != k)  # type: ignore[arg-type]
            v = -rest * sign
            if v < 0:
                continue
            val: int | float = int(v) if float(v).is_integer() else round(v, 6)
            known[k] = val
            inferred[k] = val
            changed = True
    return inferred
