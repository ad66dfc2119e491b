"""The template as data: both national formats, their keys, labels, rules and a reading's fields.

Everything here comes from ``formats.toml``; no format id, key or label is spelled in code.

>>> from ogi.template import template, templates
>>> [t.id for t in templates()]
['2021', '2019']
>>> len(template("2021").keys), len(template("2019").keys)
(200, 198)
"""

from __future__ import annotations

from functools import cache
from typing import Any

from ogi.template.model import Column, Deadline, Field, Key, Row, Rule, Section, Spec, Table, Template, spec
from ogi.template.text import CellRef, fill, fmt_number, whole


def template(tid: str) -> Template:
    """The format ``tid`` (``"2021"``, ``"2019"``). Raises KeyError for an unknown id."""
    return spec().templates[tid]


def templates() -> tuple[Template, ...]:
    """Every format, newest first (the file's order)."""
    return tuple(spec().templates.values())


def template_ids() -> tuple[str, ...]:
    return tuple(spec().templates)


def rule(rid: str) -> Rule:
    """The rule ``rid``. Raises KeyError for an unknown rule."""
    return spec().rules[rid]


def fields() -> tuple[Field, ...]:
    """What a reading states about its report beside the values, in output order."""
    return spec().fields


def severity_labels() -> dict[str, str]:
    """Each severity (error, warning, info) → what a clerk calls it (错误, 警告, 提示)."""
    return spec().severities


def template_for_year(year: int | None) -> Template:
    """The format reports on ``year`` follow; the newest when the year is unknown or none covers it."""
    if year is not None:
        for t in spec().templates.values():
            if t.covers(year):
                return t
    return newest()


def newest() -> Template:
    return max(spec().templates.values(), key=lambda t: t.first_year)


def template_of(tid: str | None, year: int | None = None) -> Template:
    """The format of a reading: its own (``tid``), else the one its year follows."""
    return template(tid) if tid else template_for_year(year)


@cache
def all_keys() -> tuple[str, ...]:
    """Every key of every format: the newest format's keys in template order, then the others'."""
    seen: dict[str, None] = {}
    for t in spec().templates.values():
        for k in t.keys:
            seen.setdefault(k, None)
    return tuple(seen)


@cache
def key_labels() -> dict[str, str]:
    """Every key's label (表三「…」「…」), from the first format that has it."""
    out: dict[str, str] = {}
    for t in spec().templates.values():
        for k, key in t.keys.items():
            out.setdefault(k, key.label)
    return out


def key_label(key: str, tid: str | None = None) -> str:
    """A key's label in format ``tid`` when it has the key, else in any format; the key itself
    when no format has it."""
    k = spec().templates[tid].keys.get(key) if tid in spec().templates else None
    return k.label if k else key_labels().get(key, key)


def cell(tpl: Template, key: str, value: Any = None) -> CellRef:
    """A value of ``tpl`` as a message names it (labels from the template)."""
    k = tpl.keys[key]
    return CellRef(
        key=key,
        label=k.label,
        table=k.table.name,
        row=k.row.label,
        display=k.row.display,
        column=k.column.label,
        value=value,
    )


__all__ = [
    "CellRef",
    "Column",
    "Deadline",
    "Field",
    "Key",
    "Row",
    "Rule",
    "Section",
    "Spec",
    "Table",
    "Template",
    "all_keys",
    "cell",
    "fields",
    "fill",
    "fmt_number",
    "key_label",
    "key_labels",
    "newest",
    "rule",
    "severity_labels",
    "spec",
    "template",
    "template_for_year",
    "template_ids",
    "template_of",
    "templates",
    "whole",
]
