"""The rules again on a reviewer's corrected values, beside the reading as read.

A reviewer who reads a value differently from the reader (the original shows 12, the reading
took 17) enters a correction (:meth:`ogi.store.Store.add_correction`); the reading stays as read,
and :func:`recheck` gives the findings of the report with the corrected values in place: the
template's equations summed again over them, the findings about a corrected cell's reading
(missing, unreadable, in doubt, not a valid number) settled by the reviewer's value, re-judged
for a value that is itself not valid, and a prose figure the corrected cells now agree with
settled. Findings about anything else (the year, the publication
date, the prose, other years' reports) stay as they were.
"""

from __future__ import annotations

from collections.abc import Mapping

from ogi.check.arithmetic import check_equations, equations
from ogi.model import Finding, Report, Value, with_basis
from ogi.template import cell, rule

# Rules about one cell's reading, which a corrected value answers (the template's rule ids).
CELL_READING_RULES = ("cells.missing", "cells.blank", "cells.invalid", "cells.uncertain")


def corrected_cells(report: Report, corrections: Mapping[str, list[dict[str, object]]]) -> dict[str, Value]:
    """The report's values with each corrected key's newest correction in place (``corrections``
    as :meth:`ogi.store.Store.corrections` gives them: key → versions, newest first)."""
    out: dict[str, Value] = dict(report.cells)
    for key, versions in corrections.items():
        if versions and key in out:
            v = versions[0].get("value")
            out[key] = v if isinstance(v, int | float) and not isinstance(v, bool) else None
    return out


def _prose_agrees(f: Finding, cells: Mapping[str, Value], changed: set[str]) -> bool:
    """Whether a finding comparing the prose with the tables (values ``text`` and ``table``: the
    sum of its cells) is settled by corrected cells: the sum of the cells as corrected is what the
    prose states."""
    text, table = f.values.get("text"), f.values.get("table")
    if not (changed & set(f.keys)) or not isinstance(text, int | float) or not isinstance(table, int | float):
        return False
    vals = [cells.get(k) for k in f.keys]
    if any(v is None for v in vals):
        return False
    return abs(sum(vals) - text) < 1e-6  # type: ignore[arg-type]


def recheck(report: Report, corrections: Mapping[str, list[dict[str, object]]]) -> list[Finding]:
    """The report's findings with the corrected values in place of the read ones (see the module
    doc), in the order the reader gives them: those kept, then the sums and invalid values found
    again. Without corrections, the findings as read."""
    changed = {k for k, vs in corrections.items() if vs and k in report.cells}
    if not changed:
        return list(report.findings)
    tpl = report.format
    cells = corrected_cells(report, corrections)
    summed = {eq.rule.id for eq in equations(tpl)}
    kept = [
        f
        for f in report.findings
        if f.scope != "report"
        or (
            f.rule not in summed
            and not (f.rule in CELL_READING_RULES and changed & set(f.keys))
            and not _prose_agrees(f, cells, changed)
        )
    ]
    found: list[Finding] = []
    for k in sorted(changed):
        v = cells.get(k)
        kind = tpl.keys[k].column.kind if k in tpl.keys else "count"
        fractional = isinstance(v, float) and not v.is_integer()
        if v is not None and ((v < 0 and kind != "change") or (kind != "amount" and fractional)):
            ru = rule("cells.invalid")
            says = {"cell": cell(tpl, k, v), "expected": ru.text("count" if kind == "count" else "number"), "doubt": ""}
            where = [report.provenance[k]] if k in report.provenance else []
            found.append(Finding.of("cells.invalid", None, [k], {k: v}, where, says=says))
    found += check_equations(tpl, cells, report.extras, report.provenance)
    return kept + with_basis(found, tpl)  # each with its basis, as the reading's own findings
