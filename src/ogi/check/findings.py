"""A finding: one rule not satisfied, with the cells involved and a clerk's message."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ogi.document import Where
from ogi.template import rule as rule_spec


@dataclass(slots=True)
class Finding:
    rule: str
    severity: str
    message: str
    keys: list[str] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)
    where: list[Where] = field(default_factory=list)

    @classmethod
    def of(
        cls,
        rule: str,
        message: str,
        keys: list[str] | None = None,
        values: dict[str, Any] | None = None,
        where: list[Where] | None = None,
        severity: str | None = None,
    ) -> Finding:
        return cls(
            rule=rule,
            severity=severity or rule_spec(rule).severity,
            message=message,
            keys=keys or [],
            values=values or {},
            where=where or [],
        )

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"rule": self.rule, "severity": self.severity, "message": self.message}
        if self.keys:
            d["keys"] = self.keys
        if self.values:
            d["values"] = self.values
        if self.where:
            d["where"] = [w.to_dict() for w in self.where]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Finding:
        return cls(
            rule=d["rule"],
            severity=d["severity"],
            message=d.get("message", ""),
            keys=list(d.get("keys", [])),
            values=dict(d.get("values", {})),
            where=[Where(**{k: (tuple(v) if k == "bbox" else v) for k, v in w.items()}) for w in d.get("where", [])],
        )
