"""Shared fixtures: the real reports and their truth files, read in place from ../shared."""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("OGI_SHARED", ROOT.parent / "shared"))


def fixtures(folder: str, suffixes: tuple[str, ...]) -> list[Path]:
    d = SHARED / folder
    if not d.is_dir():
        return []
    out = []
    for f in sorted(d.iterdir()):
        if f.name.endswith(".truth.json") or not f.name.endswith(suffixes):
            continue
        if truth_path(f).exists():
            out.append(f)
    return out


def truth_path(f: Path) -> Path:
    return f.with_name(f.name.rsplit(".", 1)[0] + ".truth.json")


def truth(f: Path) -> dict:
    return json.loads(truth_path(f).read_text("utf-8"))


def same(a: object, b: object) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(float(a), float(b), rel_tol=0, abs_tol=1e-6)  # type: ignore[arg-type]


def assert_matches_truth(report, t: dict) -> None:  # type: ignore[no-untyped-def]
    assert report.template == t["template"]
    assert report.year == t["year"]
    assert report.agency in t["agency"], (report.agency, t["agency"])
    bad = {k: (report.cells.get(k), v) for k, v in t["cells"].items() if not same(report.cells.get(k), v)}
    assert not bad, f"{len(bad)} cells differ (got, truth): {dict(list(bad.items())[:8])}"
    raised = {f.rule for f in report.findings if f.severity in ("error", "warning")}
    errors = {f.rule for f in report.findings if f.severity == "error"}
    assert set(t["findings"]) <= raised, f"missed {set(t['findings']) - raised}"
    assert errors <= set(t["findings"]), f"false errors {errors - set(t['findings'])}"


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside the checkout")
    return SHARED
