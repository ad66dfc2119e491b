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
from ogi.runner.build import build
from ogi.store import Store, crossyear

PINGTAN = sorted((SHARED / "real").glob("20*-pingtan.html"))


def _copy_series(tmp_path: Path) -> Path:
    """A copy of the Pingtan series to alter."""
    src = tmp_path / "in"
    src.mkdir()
    for p in PINGTAN:
        shutil.copy(p, src / p.name)
    return src


def cross(store: Store) -> list[dict]:
    return store.findings(scope="cross_year")


@pytest.fixture(params=[None, 3], ids=["one part", "parts of 3"])
def parts(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Reports checked at once in a refresh: as built, or a few (a large corpus's parts)."""
    if request.param is not None:
        monkeypatch.setattr(crossyear, "CHECKED_AT_ONCE", request.param)


@pytest.mark.needs_shared
@pytest.mark.skipif(len(PINGTAN) < 7, reason="Pingtan series not in ../shared")
def test_real_series_has_no_false_carryover(tmp_path: Path) -> None:
    with Store(tmp_path / "c.db") as store:
        res = build(PINGTAN, store, jobs=1)
        assert res.ok == 7
        found = cross(store)
        assert not [f for f in found if f["rule"] == "cross_year.carryover"]
        # the real 行政规范性文件 in-force figures do not carry over (a warning, as the rule says)
        assert {f["rule"] for f in found} <= {"cross_year.in_force", "cross_year.jump", "text.repeated"}
        assert all(f["severity"] == "warning" for f in found)


@pytest.mark.needs_shared
@pytest.mark.skipif(len(PINGTAN) < 7, reason="Pingtan series not in ../shared")
def test_altered_copy_yields_a_carryover_finding(tmp_path: Path) -> None:
    src = _copy_series(tmp_path)
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


def _by_pair(store: Store) -> dict[tuple[str, str], list[tuple[str, str]]]:
    paths = {r["id"]: r["path"] for r in store.reports(include_removed=True)}
    out: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for f in cross(store):
        out.setdefault((f["path"], paths[f["related_id"]]), []).append((f["rule"], f["message"]))
    return out


def _from_scratch(store: Store) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """The same findings computed the slow way: every reading loaded whole, every pair checked."""
    from ogi.corpus.series import cross_year

    readings = [r for _id, r in store.readings(scopes=("report",))]
    return {
        (p.current.source.path or "", p.previous.source.path or ""): [(f.rule, f.message) for f in p.findings]
        for p in cross_year(readings, versions=True)  # every version of a year, as the store keeps them
        if p.findings
    }


@pytest.mark.needs_shared
@pytest.mark.skipif(len(PINGTAN) < 7, reason="Pingtan series not in ../shared")
def test_only_pairs_touched_are_checked_again(tmp_path: Path, parts: None) -> None:
    src = _copy_series(tmp_path)
    with Store(tmp_path / "c.db") as store:
        res = build([src], store, jobs=1)
        assert res.pairs_checked == 21  # seven years: each against every earlier one
        first = _by_pair(store)
        assert first == _from_scratch(store) and first
        # nothing changed: nothing checked, nothing lost
        res = build([src], store, jobs=1)
        assert (res.read, res.pairs_checked) == (0, 0)
        assert _by_pair(store) == first
        # one year altered: it and the later years are checked again (against all their earlier years)
        page = src / "2022-pingtan.html"
        html = page.read_text("utf-8")
        altered = re.sub(r"(上年结转政府信息公开申请数量</p></td><td><p>)1(</p>)", r"\g<1>3\2", html, count=1)
        page.write_text(altered, encoding="utf-8")
        res = build([src], store, jobs=1)
        assert (res.read, res.pairs_checked) == (1, 3 + 4 + 5 + 6)
        now = _by_pair(store)
        assert now == _from_scratch(store)
        assert any(r == "cross_year.carryover" for r, _ in now[(str(page), str(src / "2021-pingtan.html"))])
        # a year gone: its pairs are dropped with their findings, the others stay as they were
        (src / "2020-pingtan.html").unlink()
        res = build([src], store, jobs=1)
        assert (res.removed, res.pairs_checked) == (1, 1 + 2 + 3 + 4 + 5)  # the later years, without it
        assert not [k for k in _by_pair(store) if str(src / "2020-pingtan.html") in k]
        assert _by_pair(store) == _from_scratch(store)
        # back again, unchanged: it and the later years are checked again
        shutil.copy(next(p for p in PINGTAN if p.name == "2020-pingtan.html"), src / "2020-pingtan.html")
        res = build([src], store, jobs=1)
        assert (res.restored, res.pairs_checked) == (1, 1 + 2 + 3 + 4 + 5 + 6)
        assert _by_pair(store) == _from_scratch(store)


def test_generated_series_match_a_full_recomputation(tmp_path: Path, parts: None) -> None:
    """Many organs over several years (duplicates of a year included), built in two halves
    by the parallel writers: the incremental findings equal the full recomputation."""
    from ogi.samples import STYLES, generate, print_report

    src = tmp_path / "in"
    src.mkdir()
    styles = sorted(STYLES)
    for i in range(240):
        (src / f"{i:04d}.txt").write_text(print_report(generate(i), styles[i % len(styles)]), encoding="utf-8")
    later = sorted(src.iterdir())[120:]
    hold = tmp_path / "later"
    hold.mkdir()
    for f in later:
        f.rename(hold / f.name)
    with Store(tmp_path / "c.db") as store:
        res = build([src], store, jobs=2)
        assert res.ok == 120
        assert _by_pair(store) == _from_scratch(store)
        for f in later:
            (hold / f.name).rename(src / f.name)
        res = build([src], store, jobs=2)
        assert res.read == 120 and res.pairs_checked > 0
        full = _from_scratch(store)
        assert _by_pair(store) == full and full
