"""The reading of one report: what the API returns and every output is made of."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ogi.check.findings import Finding
from ogi.document import Document, Source, Where

Value = int | float | None


@dataclass(slots=True)
class Report:
    source: Source
    template: str | None
    year: int | None
    agency: str | None
    region: str | None
    cells: dict[str, Value]
    provenance: dict[str, Where]
    findings: list[Finding]
    sections: dict[str, str | None]
    inferred: dict[str, Value] = field(default_factory=dict)
    extras: dict[str, Value] = field(default_factory=dict)
    published: str | None = None  # the publication date the report states (ISO), when it states one
    document: Document | None = field(default=None, repr=False)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_dict(self, *, sections: bool = True) -> dict[str, Any]:
        d: dict[str, Any] = {
            "source": self.source.to_dict(),
            "template": self.template,
            "year": self.year,
            "agency": self.agency,
            "region": self.region,
            "published": self.published,
            "cells": self.cells,
            "provenance": {k: w.to_dict() for k, w in self.provenance.items()},
            "findings": [f.to_dict() for f in self.findings],
        }
        if self.inferred:
            d["inferred"] = self.inferred
        if self.extras:
            d["extras"] = self.extras
        if sections:
            d["sections"] = self.sections
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Report:
        src = d.get("source") or {}
        return cls(
            source=Source(
                **{k: src.get(k) for k in ("path", "format", "sha256", "size", "encoding", "pages") if k in src}
                | {"path": src.get("path"), "format": src.get("format", "text")}
            ),
            template=d.get("template"),
            year=d.get("year"),
            agency=d.get("agency"),
            region=d.get("region"),
            published=d.get("published"),
            cells=dict(d.get("cells", {})),
            provenance={
                k: Where(**{a: (tuple(b) if a == "bbox" else b) for a, b in w.items()})
                for k, w in d.get("provenance", {}).items()
            },
            findings=[Finding.from_dict(f) for f in d.get("findings", [])],
            sections=dict(d.get("sections", {})),
            inferred=dict(d.get("inferred", {})),
            extras=dict(d.get("extras", {})),
        )
