"""The template's keys and the metrics of ``ogi/corpus/metrics.toml`` as SQL over the ``vals`` table.

Each metric is a numerator and a denominator, sums of keys that differ by format (``t3.other*.total``
is one key of the 2019 format, three of the 2021 format): per reading, ``CASE v.tpl WHEN '2021'
THEN (…) WHEN '2019' THEN (…) END``, NULL when a key is missing (as :meth:`ogi.corpus.metrics.Sum.value`
gives None). Over many readings a metric is the sum of the numerators over the sum of the
denominators of the readings where both are known and the denominator is not 0 — three aggregates
per metric (numerator, denominator, n), finished in Python by :func:`metric_value` exactly as
:func:`ogi.corpus.metrics.aggregate` finishes its own sums. ``tests/store/test_store_analysis.py``
holds the two to the same figures.

Identifiers are quoted (keys hold dots); the SQL is the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from ogi.corpus.metrics import Metric, MetricValue, Sum, metrics, outcome_keys, ratio
from ogi.corpus.rollup import summed_keys
from ogi.template import spec, whole


def q(name: str) -> str:
    """A quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def col(key: str, alias: str = "v") -> str:
    return f"{alias}.{q(key)}"


def _formats() -> dict[str, Any]:
    return spec().templates


def _case(by_format: dict[str, str], alias: str = "v") -> str:
    """``CASE v.tpl WHEN 'f' THEN expr … END`` (NULL for a format not listed); the expression
    alone when every format has the same."""
    if len(by_format) == len(_formats()) and len(set(by_format.values())) == 1:
        return next(iter(by_format.values()))
    whens = " ".join(f"WHEN '{tid}' THEN {e}" for tid, e in by_format.items())
    return f"(CASE {alias}.tpl {whens} END)"


def sum_sql(s: Sum, tid: str, alias: str = "v") -> str:
    """A signed sum of keys of format ``tid`` (NULL when one is)."""
    terms = s.keys(_formats()[tid])
    out = ""
    for i, (sign, k) in enumerate(terms):
        op = ("- " if sign < 0 else "") if i == 0 else (" - " if sign < 0 else " + ")
        out += op + col(k, alias)
    return f"({out})"


@cache
def metric_sql(mid: str, alias: str = "v") -> tuple[str, str]:
    """(numerator, denominator) of one reading as SQL; the denominator of a count is 1."""
    m = next(x for x in metrics() if x.id == mid)
    num = _case({tid: sum_sql(m.numerator, tid, alias) for tid in _formats()}, alias)
    if m.denominator is None:
        return num, "1"
    den = _case({tid: sum_sql(m.denominator, tid, alias) for tid in _formats()}, alias)
    return num, den


def metric_aggregates(m: Metric, alias: str = "v") -> list[str]:
    """Three aggregates of a metric over rows: the sum of numerators, of denominators, and how
    many readings had both known with a denominator other than 0."""
    num, den = metric_sql(m.id, alias)
    ok = f"{num} IS NOT NULL" if den == "1" else f"{num} IS NOT NULL AND {den} IS NOT NULL AND {den} <> 0"
    return [
        f"SUM(CASE WHEN {ok} THEN {num} END)",
        f"SUM(CASE WHEN {ok} THEN {den} END)",
        f"SUM(CASE WHEN {ok} THEN 1 ELSE 0 END)",
    ]


def metric_value(m: Metric, num: Any, den: Any, n: Any) -> MetricValue:
    """A metric over a group from its three aggregates (as :func:`ogi.corpus.metrics.aggregate`)."""
    mv = MetricValue(n=int(n or 0))
    if mv.n:
        mv.numerator = whole(float(num or 0))  # type: ignore[assignment]
        mv.denominator = whole(float(den or 0))  # type: ignore[assignment]
        mv.value = ratio(mv.numerator, mv.denominator) if m.is_rate else mv.numerator
    return mv


@cache
def _count_formats() -> dict[str, tuple[str, ...]]:
    """Key → the formats in which it is a count (summed by roll-ups)."""
    out: dict[str, list[str]] = {}
    for tid, t in _formats().items():
        for k in summed_keys(t):
            out.setdefault(k, []).append(tid)
    return {k: tuple(v) for k, v in out.items()}


def summed_sql(key: str, alias: str = "v") -> str:
    """A key's value where the reading's format counts it (what a roll-up sums), else NULL."""
    tids = _count_formats()[key]
    if len(tids) == len(_formats()):
        return col(key, alias)
    return f"(CASE WHEN {alias}.tpl IN ({', '.join(repr(t) for t in tids)}) THEN {col(key, alias)} END)"


def outcome_sql(group: str, alias: str = "v") -> str:
    """One reading's 总计 of an outcome group (the sum of its rows' values it has; NULL when it has
    none), as :func:`ogi.corpus.metrics.outcome_mix`."""
    by: dict[str, str] = {}
    for tid in _formats():
        keys = outcome_keys(tid).get(group)
        if not keys:
            continue
        cols = [col(k, alias) for k in keys]
        if len(cols) == 1:
            by[tid] = cols[0]
        else:
            none = " AND ".join(f"{c} IS NULL" for c in cols)
            by[tid] = f"(CASE WHEN {none} THEN NULL ELSE {' + '.join(f'COALESCE({c}, 0)' for c in cols)} END)"
    return _case(by, alias)


__all__ = ["col", "metric_aggregates", "metric_sql", "metric_value", "outcome_sql", "q", "sum_sql", "summed_sql"]
