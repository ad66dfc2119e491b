"""Totals and derived metrics (公开率, 复议纠错率, …) over readings.

Each metric is defined once, as data, in ``metrics.toml``: a numerator and an
optional denominator, each a sum of template keys. ``docs/metrics.md`` is generated
from the same data (:func:`metrics_markdown`; ``python -m ogi.corpus.metrics``).
"""

from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from functools import cache
from importlib import resources
from typing import Any

from ogi.model import Reading, Report
from ogi.template import Template, template, templates, whole

Value = int | float | None

_TERM = re.compile(r"\s*([+-])?\s*([a-z0-9_.*]+)\s*")


@dataclass(frozen=True, slots=True)
class Sum:
    """A signed sum of key patterns, e.g. ``t4.review.total - t4.review.pending``."""

    text: str
    terms: tuple[tuple[int, str], ...]

    @classmethod
    def parse(cls, text: str) -> Sum:
        terms: list[tuple[int, str]] = []
        pos = 0
        while pos < len(text):
            m = _TERM.match(text, pos)
            if not m or m.end() == pos or (terms and not m.group(1)):
                raise ValueError(f"bad metric formula at {pos}: {text!r}")
            terms.append((-1 if m.group(1) == "-" else 1, m.group(2)))
            pos = m.end()
        if not terms:
            raise ValueError(f"empty metric formula: {text!r}")
        return cls(text, tuple(terms))

    def keys(self, tpl: Template) -> list[tuple[int, str]]:
        """The signed keys of ``tpl`` the patterns stand for."""
        return list(_expand(self, tpl.id))

    def value(self, cells: Mapping[str, Value], tpl: Template) -> Value:
        """The sum over ``cells``; None when a key it needs is missing."""
        total: float = 0
        for sign, k in _expand(self, tpl.id):
            v = cells.get(k)
            if v is None:
                return None
            total += sign * v
        return total


@cache
def _expand(s: Sum, tid: str) -> tuple[tuple[int, str], ...]:
    tpl = template(tid)
    out: list[tuple[int, str]] = []
    for sign, pat in s.terms:
        ks = [k for k in tpl.keys if fnmatchcase(k, pat)] if "*" in pat else [pat]
        if not ks:
            raise KeyError(f"{pat} names no key of the {tpl.id} format")
        out.extend((sign, k) for k in ks)
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Metric:
    id: str
    name: str
    numerator: Sum
    denominator: Sum | None = None
    about: str | None = None

    @property
    def is_rate(self) -> bool:
        return self.denominator is not None

    @property
    def formula(self) -> str:
        if self.denominator is None:
            return self.numerator.text
        n, d = self.numerator.text, self.denominator.text
        wrap = lambda s: f"({s})" if len(Sum.parse(s).terms) > 1 else s  # noqa: E731
        return f"{wrap(n)} / {wrap(d)}"

    def parts(self, r: Report) -> tuple[Value, Value]:
        """(numerator, denominator) of one reading; the denominator is 1 for a count."""
        tpl = r.format
        num = self.numerator.value(r.cells, tpl)
        den = self.denominator.value(r.cells, tpl) if self.denominator else 1
        return num, den

    def of(self, r: Report) -> Value:
        """The metric of one reading (None when a value is missing or the denominator is 0)."""
        num, den = self.parts(r)
        return ratio(num, den) if self.denominator else num


def ratio(num: Value, den: Value) -> float | None:
    if num is None or den is None or den == 0:
        return None
    return num / den


@cache
def metrics() -> tuple[Metric, ...]:
    raw = tomllib.loads(resources.files("ogi.corpus").joinpath("metrics.toml").read_text("utf-8"))
    out = []
    for m in raw["metric"]:
        out.append(
            Metric(
                id=m["id"],
                name=m["name"],
                numerator=Sum.parse(m["numerator"]),
                denominator=Sum.parse(m["denominator"]) if m.get("denominator") else None,
                about=m.get("about"),
            )
        )
    return tuple(out)


def metric(mid: str) -> Metric:
    for m in metrics():
        if m.id == mid:
            return m
    raise KeyError(mid)


def evaluate(r: Report) -> dict[str, Value]:
    """Every metric of one reading."""
    return {m.id: m.of(r) for m in metrics()}


@dataclass(slots=True)
class MetricValue:
    """A metric over a group: the sums of the readings where both parts are known
    (and, for a rate, the denominator is not 0)."""

    value: Value = None
    numerator: float = 0
    denominator: float = 0
    n: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "numerator": self.numerator, "denominator": self.denominator, "n": self.n}


@dataclass(slots=True)
class Group:
    key: Any
    label: str
    reports: int = 0
    metrics: dict[str, MetricValue] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "reports": self.reports,
            "metrics": {k: v.to_dict() for k, v in self.metrics.items()},
        }


BY = ("all", "year", "region", "organ-type", "organ")


def aggregate(readings: Iterable[Report], key: Any = None, label: str = "全部") -> Group:
    g = Group(key=key, label=label)
    parts: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for r in readings:
        g.reports += 1
        for m in metrics():
            num, den = m.parts(r)
            if num is not None and den is not None and den != 0:
                parts[m.id].append((num, den))
    for m in metrics():
        ps = parts[m.id]
        mv = MetricValue(n=len(ps))
        if ps:
            mv.numerator = whole(sum(p[0] for p in ps))
            mv.denominator = whole(sum(p[1] for p in ps))
            mv.value = ratio(mv.numerator, mv.denominator) if m.is_rate else mv.numerator
        g.metrics[m.id] = mv
    return g


def stats(readings: Iterable[Reading], by: str = "all") -> list[Group]:
    """Totals and metrics over readings, overall or grouped ``by`` year, region,
    organ-type or organ. Readings of the same organ and year are counted once
    (the fullest is kept, see :func:`ogi.corpus.series.group_series`)."""
    from ogi.corpus.identity import organ_type
    from ogi.corpus.series import group_series, region_chains

    by = by.replace("_", "-")
    if by not in BY:
        raise ValueError(f"--by must be one of {', '.join(BY)}")
    series, unnamed = group_series(readings)
    chains = region_chains(series)
    rows: list[tuple[Report, Any, str]] = []  # reading, group key, group label
    for s in series:
        for r in [*s.by_year.values(), *s.undated]:
            if by == "year":
                rows.append((r, r.year, f"{r.year}年" if r.year else "年度不详"))
            elif by == "region":
                region = "".join(chains.get(s.organ.regions, s.organ.regions)) or None
                rows.append((r, region, region or "地区不详"))
            elif by == "organ-type":
                rows.append((r, s.organ.type, organ_type(s.organ.type).name))
            elif by == "organ":
                rows.append((r, s.id, s.organ.name))
            else:
                rows.append((r, None, "全部"))
    for r in unnamed:
        if by == "year":
            rows.append((r, r.year, f"{r.year}年" if r.year else "年度不详"))
        elif by == "all":
            rows.append((r, None, "全部"))
        else:
            rows.append((r, None, "机关未识别"))
    groups: dict[Any, tuple[str, list[Report]]] = {}
    for r, k, lab in rows:
        groups.setdefault(k, (lab, []))[1].append(r)
    order = sorted(groups, key=lambda k: (k is None, str(k)))
    return [aggregate(groups[k][1], k, groups[k][0]) for k in order]


# ---------------------------------------------------------------- outcome mix (表三's outcome rows)


def _outcome_table(tpl: Template) -> Any:
    """The table whose rows are marked outcome rows (表三)."""
    return next(t for t in tpl.tables if any(r.outcome for r in t.rows))


@cache
def outcome_keys(tid: str) -> dict[str, tuple[str, ...]]:
    """Outcome group (予以公开 ``granted``, 不予公开 ``denied`` …) → the keys of its rows' 总计 in
    format ``tid``, in template order."""
    tpl = template(tid)
    table = _outcome_table(tpl)
    total = table.columns[-1].key  # 总计, the last column
    out: dict[str, list[str]] = {}
    for row in table.rows:
        if row.outcome:
            out.setdefault(row.key.split(".")[0], []).append(f"{table.id}.{row.key}.{total}")
    return {g: tuple(ks) for g, ks in out.items()}


@cache
def outcome_groups() -> tuple[str, ...]:
    """Every outcome group of every format, in template order (the newest format's first)."""
    seen: dict[str, None] = {}
    for t in templates():
        for g in outcome_keys(t.id):
            seen.setdefault(g, None)
    return tuple(seen)


def outcome_mix(r: Report) -> dict[str, float | None]:
    """The 总计 column of 表三's outcome rows, summed by outcome group (予以公开, 部分公开, 不予公开…);
    a group none of whose values the reading has is left out."""
    out: dict[str, float | None] = {}
    for g, keys in outcome_keys(r.format.id).items():
        for k in keys:
            v = r.cells.get(k)
            if v is not None:
                out[g] = (out.get(g) or 0) + v
    return out


def outcome_labels() -> dict[str, str]:
    """Outcome group → its label in the template (the group's own row label, or its group heading)."""
    from ogi.template import newest

    labels: dict[str, str] = {}
    for row in _outcome_table(newest()).rows:
        if row.outcome:
            g = row.key.split(".")[0]
            label = row.label if "." not in row.key else (row.group or row.label)
            cut = label.find("(", 1)  # (二)部分公开(区分处理的,…) → (二)部分公开: the remark is too long for a legend
            labels.setdefault(g, label[:cut] if cut > 0 else label)
    return labels


def metrics_markdown() -> str:
    """docs/metrics.md, from metrics.toml and the template's labels."""
    lines = [
        "# Metrics (`ogi stats`)",
        "",
        "Generated from `src/ogi/corpus/metrics.toml` by `python -m ogi.corpus.metrics`; do not edit by hand.",
        "",
        "A count is the sum of its keys. A rate is numerator / denominator; over many reports it is the",
        "sum of the numerators over the sum of the denominators, of the reports where both are known",
        "(a report missing a value is left out of that metric, and `n` says how many were used).",
        "A report whose denominator is 0 adds nothing to a rate; a denominator of 0 overall gives null.",
        "Keys with `*` stand for every matching key of the report's format:",
        "`t3.other*.total` is the 2019 format's single (六)其他处理 row, or the 2021 format's three rows.",
        "A reading of the same organ and year counted twice (e.g. a PDF and its text) is counted once.",
        "",
        "| id | 名称 | formula |",
        "|---|---|---|",
    ]
    for m in metrics():
        lines.append(f"| `{m.id}` | {m.name} | `{m.formula}` |")
    lines += ["", "## Keys", ""]
    for m in metrics():
        lines.append(f"### {m.name} (`{m.id}`)")
        lines.append("")
        if m.about:
            lines += [m.about, ""]
        lines += [f"`{m.formula}`", ""]
        for part, s in (("numerator", m.numerator), ("denominator", m.denominator)):
            if s is None:
                continue
            lines.append(f"- {part}:")
            for tpl in templates():
                labels = " ".join(f"{'−' if sign < 0 else '+'} {tpl.keys[k].label}" for sign, k in s.keys(tpl))
                lines.append(f"  - {tpl.id}: {labels.removeprefix('+ ')}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":  # pragma: no cover
    import sys

    sys.stdout.write(metrics_markdown())
