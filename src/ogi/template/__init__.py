"""The template as data: both national formats, their keys, labels and rules.

>>> from ogi.template import template
>>> len(template("2021").keys), len(template("2019").keys)
(200, 198)
"""

from __future__ import annotations

from ogi.template.model import Column, Key, Row, Rule, Section, Spec, Table, Template, spec

TEMPLATE_IDS = ("2021", "2019")


def template(tid: str) -> Template:
    return spec().templates[tid]


def rule(rid: str) -> Rule:
    return spec().rules[rid]


def template_for_year(year: int | None) -> Template:
    if year is not None:
        for t in spec().templates.values():
            if t.covers(year):
                return t
    return template("2021")


__all__ = [
    "TEMPLATE_IDS",
    "Column",
    "Key",
    "Row",
    "Rule",
    "Section",
    "Spec",
    "Table",
    "Template",
    "rule",
    "spec",
    "template",
    "template_for_year",
]
