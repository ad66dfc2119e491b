"""A reading under a rule pack (:mod:`ogi.template.packs`): its findings as the office's rules say
them, its score and the deductions itemised.

:func:`apply_pack` gives the findings under the pack — a rule switched off dropped, a severity
changed (the pack's basis added to the finding's), lateness measured against the pack's stricter
deadline for the organ's kind; :func:`evaluate` adds the score: the pack's ``full`` less each
deduction (a finding counts toward the first deduction that takes it; an item is capped by its
``max``; the score is never below 0). The reading is not changed: any pack can score the same corpus.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ogi.check import LATE_RULE, late, late_by
from ogi.model import Finding, Report
from ogi.template import rule, spec
from ogi.template.packs import Pack, national
from ogi.template.text import fmt_number


@dataclass(slots=True)
class Deducted:
    """One deduction of a score: ``points`` in all, for ``count`` findings, reports or cases."""

    label: str
    points: float
    count: int
    rule: str | None = None
    basis: str | None = None
    findings: list[str] = field(default_factory=list)  # ids of the findings it took
    unit: str = "处"  # what ``count`` counts, as a clerk says it: 处 (findings), 件 (cases a value counts)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"label": self.label, "points": self.points, "count": self.count}
        for k in ("rule", "basis"):
            if getattr(self, k):
                d[k] = getattr(self, k)
        if self.findings:
            d["findings"] = self.findings
        return d


@dataclass(slots=True)
class Evaluation:
    """A reading under a pack: ``findings`` as the pack says them, ``score`` out of ``full``."""

    pack: str  # the pack's id
    name: str  # the pack's name
    full: float
    score: float
    deductions: list[Deducted]
    findings: list[Finding]

    @property
    def deducted(self) -> float:
        return round(self.full - self.score, 4)

    def to_dict(self) -> dict[str, Any]:
        return {
            "pack": self.pack,
            "name": self.name,
            "full": self.full,
            "score": self.score,
            "deducted": self.deducted,
            "deductions": [d.to_dict() for d in self.deductions],
        }

    def counts(self) -> tuple[int, int, str]:
        """The findings as the pack says them: errors, warnings, and the rules of either (their ids
        sorted, separated by spaces)."""
        fs = self.findings
        return (
            sum(1 for f in fs if f.severity == "error"),
            sum(1 for f in fs if f.severity == "warning"),
            " ".join(sorted({f.rule for f in fs if f.severity in ("error", "warning")})),
        )

    def itemised(self) -> str:
        """The deductions as a clerk reads them: 逾期发布−0.5；错误−2（2处）."""
        return "；".join(
            f"{d.label}−{fmt_number(d.points)}" + (f"（{d.count}{d.unit}）" if d.count > 1 else "")
            for d in self.deductions
        )


def _late(r: Report, pack: Pack, old: Finding | None) -> Finding | None:
    """published.late against the pack's deadline for the organ (the national one when the pack
    sets none for it: by the kind an organ list gave the reading's lateness, else by the name),
    from the reading's publication date, organ and year."""
    if not r.published or r.year is None or not r.agency:
        return None
    kind = old.values.get("kind") if old else None  # the kind an organ list gave: its deadline, not the name's
    local = pack.deadline_of_kind(kind) if kind else pack.deadline(r.agency)
    dl = local.deadline if local else spec().deadline_of_kind(kind) if kind else spec().deadline(r.agency)
    by = late_by(old) if old else "发布日期"
    where = old.where if old else ()
    f = late(date.fromisoformat(r.published), r.year, dl, by=by, where=where, kind=kind, template=r.format)
    if f is None:
        return None
    if local is not None:
        f.basis = local.basis or pack.basis or f.basis
    return f


def apply_pack(r: Report, pack: Pack) -> list[Finding]:
    """The reading's findings under ``pack`` (copies; the reading is not changed)."""
    out = []
    late_old = None
    known = spec().rules
    for f in r.findings:
        if f.rule in known and not pack.enabled(f.rule):
            continue
        if f.rule == LATE_RULE and pack.deadlines:
            late_old = f
            continue  # measured again below, against the pack's deadlines
        g = dataclasses.replace(f, values=dict(f.values), keys=list(f.keys), where=list(f.where))
        s = pack.setting(f.rule) if f.rule in known else None
        if s is not None and s.severity and s.severity != g.severity:
            g.severity = s.severity
            extra = s.basis or pack.basis
            if extra:
                g.basis = f"{g.basis}；{extra}" if g.basis else extra
        elif s is not None and s.basis:
            g.basis = f"{g.basis}；{s.basis}" if g.basis else s.basis
        out.append(g)
    if pack.deadlines and pack.enabled(LATE_RULE):
        f = _late(r, pack, late_old)
        if f is not None:
            s = pack.setting(LATE_RULE)
            f.severity = s.severity or rule(LATE_RULE).severity
            out.append(f)
    return out


def evaluate(r: Report, pack: Pack | None = None) -> Evaluation:
    """The reading's score under ``pack`` (None: the national pack), with its deductions."""
    pack = pack or national()
    findings = apply_pack(r, pack)
    taken: set[int] = set()
    items: list[Deducted] = []
    for d in pack.deductions:
        ids: list[str] = []
        if d.per == "value":
            count = int(sum(v for k in d.keys if isinstance(v := r.cells.get(k), int | float) and v > 0))
        else:
            hit = [
                i
                for i, f in enumerate(findings)
                if i not in taken
                and (d.rule is None or f.rule == d.rule)
                and (d.severity is None or f.severity == d.severity)
                and (d.rule is not None or d.severity is not None)
                and (d.above is None or float(f.values.get("rate", 0) or 0) > d.above)
            ]
            taken.update(hit)
            ids = [findings[i].id for i in hit]
            count = len(hit) if d.per == "finding" else int(bool(hit))
        points = d.points * count
        if d.max is not None:
            points = min(points, d.max)
        if points > 0:
            unit = "件" if d.per == "value" else "处"
            items.append(Deducted(d.label, round(points, 4), count, d.rule, d.basis or pack.basis, ids, unit))
    score = max(0.0, round(pack.full - sum(i.points for i in items), 4))
    return Evaluation(pack.id, pack.name, pack.full, score, items, findings)


def under(r: Report, pack: Pack | None) -> Report:
    """A copy of the reading with its findings as ``pack`` says them (the reading unchanged)."""
    if pack is None or pack.national:
        return r
    return dataclasses.replace(r, findings=apply_pack(r, pack))


__all__ = ["Deducted", "Evaluation", "apply_pack", "evaluate", "under"]
