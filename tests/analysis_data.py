"""Readings for the analysis tests, built from the shared truth files (never copied)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from conftest import SHARED
from ogi.model import Report, Source

REAL = SHARED / "real"


def truth_report(truth_file: Path) -> Report:
    """The reading a correct reader gives of a fixture, from its truth file."""
    t = json.loads(truth_file.read_text("utf-8"))
    return Report(
        source=Source(path=str(truth_file), format="truth"),
        template=t["template"],
        year=t["year"],
        agency=t["agency"][0],
        region=None,
        cells=dict(t["cells"]),
        provenance={},
        findings=[],
        sections={},
    )


def pingtan() -> list[Report]:
    """Pingtan 2019–2025: one organ, seven years, both formats."""
    files = sorted(REAL.glob("20*-pingtan.truth.json"))
    return [truth_report(f) for f in files]


def hongze() -> list[Report]:
    return [truth_report(REAL / f"{y}-hongze-district.truth.json") for y in (2023, 2024)]


def real_truths() -> list[Report]:
    """One reading per real report (the .pdftext twins are the same reports)."""
    return [truth_report(f) for f in sorted(REAL.glob("*.truth.json")) if ".pdftext." not in f.name]


def altered(r: Report, **cells: float) -> Report:
    """A copy of a reading with some cells changed (keys with dots as ``__``)."""
    out = copy.deepcopy(r)
    for k, v in cells.items():
        key = k.replace("__", ".")
        assert key in out.cells, key
        out.cells[key] = v
    return out


def write_jsonl(path: Path, readings: list[Report]) -> Path:
    path.write_text("".join(json.dumps(r.to_dict(), ensure_ascii=False) + "\n" for r in readings), "utf-8")
    return path
