"""`ogi build` keeps each organ's cross-year findings with its later report.

The Pingtan pages are a real seven-year series of one organ: no false carry-over finding;
a copy whose carried-in figure was altered yields one.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import SHARED
from ogi.store import Store, build

PINGTAN = sorted((SHARED / "real").glob("20*-pingtan.html"))


def cross(store: Store) -> list[dict]:
    return store.findings(scope="cross_year")


@pytest.mark.skipif(len(PINGTAN) < 7, reason="Pingtan series not in ../shared")
def test_real_series_has_no_false_carryover(tmp_path: Path) -> None:
    with Store(tmp_path / "c.db") as store:
        res = build(PINGTAN, store, jobs=1)
        assert res.ok == 7
        found = cross(store)
        assert not [f for f in found if f["rule"] == "cross_year.carryover"]
        # the real 行政规范性文件 in-force figures do not carry over (a warning, as the rule says)
        assert {f["rule"] for f in found} <= {"cross_year.in_force", "text.repeated"}
        assert all(f["severity"] == "warning" for f in found)


@pytest.mark.skipif(len(PINGTAN) < 7, reason="Pingtan series not in ../shared")
def test_altered_copy_yields_a_carryover_finding(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for p in PINGTAN:
        shutil.copy(p, src / p.name)
    page = src / "2022-pingtan.html"
    html = page.read_text("utf-8")
    altered, n = re.subn(r"(上年结转政府信息公开申请数量</p></td><td><p>)1(</p>)", r"\g<1>3\2", html, count=1)
    assert n == 1
    page.write_text(altered, encoding="utf-8")
    with Store(tmp_path / "c.db") as store:
        build([src], store, jobs=1)
        carry = [f for f in cross(store) if f["rule"] == "cross_year.carryover"]
        assert len(carry) == 1 and carry[0]["severity"] == "error"
        assert "t3.carried_in.natural" in carry[0]["keys"]
        # fixing the file and building again replaces the finding
        page.write_text(html, encoding="utf-8")
        res = build([src], store, jobs=1)
        assert res.read == 1
        assert not [f for f in cross(store) if f["rule"] == "cross_year.carryover"]
