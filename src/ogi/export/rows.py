"""Readings as rows: wide (one row per report, one column per key) and long (one per value).

The metadata columns are the source's, the template's reading fields (``[[field]]``) and the
finding counts; their Chinese labels come from the template too.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ogi.check.score import evaluate
from ogi.model import Report
from ogi.template import all_keys, fields, key_labels
from ogi.template.packs import Pack

# path, sha256, format; every reading field of the template; errors, warnings, rules; the score
# under a rule pack and its deductions itemised
META: tuple[str, ...] = (
    "path",
    "sha256",
    "format",
    *(f.id for f in fields()),
    "errors",
    "warnings",
    "rules",
    "score",
    "deductions",
)
META_LABELS: dict[str, str] = {
    "path": "文件",
    "sha256": "SHA-256",
    "format": "格式",
    **{f.id: f.label for f in fields()},
    "errors": "错误数",
    "warnings": "警告数",
    "rules": "问题规则",
    "score": "得分",
    "deductions": "扣分明细",
}
LONG_HEADER = ["path", "sha256", "template", "year", "agency", "key", "value"]


def wide_header(labels: str = "keys") -> list[str]:
    """The wide table's header: :data:`META` then every key; ``labels="zh"``: their Chinese labels."""
    if labels == "zh":
        kl = key_labels()
        return [META_LABELS[m] for m in META] + [kl[k] for k in all_keys()]
    return [*META, *all_keys()]


def meta_of(r: Report, pack: Pack | None = None) -> list[Any]:
    """The :data:`META` columns of one reading under a rule pack (None: the national rules):
    counts over every finding it carries as the pack says them, its score and deductions."""
    ev = evaluate(r, pack)
    head = [r.source.path, r.source.sha256, r.source.format, *r.fields().values()]
    return [*head, *ev.counts(), ev.score, ev.itemised()]


def stored_meta(rep: dict[str, Any], scored: dict[str, Any]) -> list[Any]:
    """:func:`meta_of` as the store keeps it: ``rep`` a ``reports`` row (a dict), ``scored`` its
    ``scores`` row under the pack (score, errors, warnings, rules, itemised), without making the
    reading again (:meth:`ogi.store.Store.table_chunks` gives both)."""
    head = [rep["path"], rep["sha256"], rep["format"], *(rep[f.id] for f in fields())]
    return [*head, scored["errors"], scored["warnings"], scored["rules"], scored["score"], scored["itemised"]]


def wide_row(r: Report, pack: Pack | None = None) -> list[Any]:
    """One reading as a row of :func:`wide_header` (None for a key it does not have)."""
    cells = r.cells
    return meta_of(r, pack) + [cells.get(k) for k in all_keys()]


def long_rows(r: Report) -> Iterator[list[Any]]:
    """One reading as rows of :data:`LONG_HEADER`, one per value."""
    head = [r.source.path, r.source.sha256, r.template, r.year, r.agency]
    for k, v in r.cells.items():
        yield [*head, k, v]


__all__ = ["LONG_HEADER", "META", "META_LABELS", "long_rows", "meta_of", "stored_meta", "wide_header", "wide_row"]
