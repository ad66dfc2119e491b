"""``ogi followup``: each organ's state for a year from a store, without the web app — and for a
report published again, its findings against the version before (已整改 / 仍存在 / 新出现).

Expected findings come from ``ogi.read`` of the same texts."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import ogi
from ogi.export.followup import marks, same
from ogi.store import Store
from webcorpus import report_text

OGI = [sys.executable, "-m", "ogi"]
EDU, CIVIL, FIN = "淮安市洪泽区教育局", "淮安市洪泽区民政局", "淮安市洪泽区财政局"


def _read(d: Path, name: str, text: str) -> ogi.Report:
    p = d / name
    p.write_text(text, encoding="utf-8")
    r = ogi.read(p)
    assert isinstance(r, ogi.Report)
    return r


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*OGI, "followup", *args], capture_output=True, text=True, timeout=300)


def test_ogi_followup_states_and_marks(tmp_path: Path) -> None:
    db = str(tmp_path / "f.db")
    first = {
        "edu-2023.txt": report_text(EDU, 2023, 21, wrong=True),
        "civil-2023.txt": report_text(CIVIL, 2023, 22, published="2024-03-05"),
        "fin-2022.txt": report_text(FIN, 2022, 13),
    }
    reps = {n: _read(tmp_path, n, t) for n, t in first.items()}
    store = Store(db)
    store.put(list(reps.values()))
    store.refresh_cross_year()
    store.close()
    got = {r["name"]: r for r in map(json.loads, run("--db", db, "--year", "2023", "--json").stdout.splitlines())}
    assert got[EDU]["state"] == "pending" and got[EDU]["versions"] == 1 and got[EDU]["fixed"] is None
    assert got[FIN]["state"] == "missing" and got[FIN]["versions"] == 0  # reported 2022, not 2023
    assert got[CIVIL]["late"]  # published.late: 2023's report published in March 2024
    # the organ publishes its report again, corrected: a second version of the same organ-year
    v2 = _read(tmp_path, "edu-2023-v2.txt", report_text(EDU, 2023, 21))
    store = Store(db)
    store.put([v2])
    store.refresh_cross_year()
    store.close()
    got = {r["name"]: r for r in map(json.loads, run("--db", db, "--year", "2023", "--json").stdout.splitlines())}
    edu = got[EDU]
    mark, gone = marks(reps["edu-2023.txt"], v2)
    assert gone and (edu["state"], edu["state_label"], edu["versions"]) == ("fixed", "已整改", 2)
    assert (edu["fixed"], edu["still"], edu["new"]) == (
        len(gone),
        list(mark.values()).count("still"),
        list(mark.values()).count("new"),
    )
    # as a clerk reads it
    table = run("--db", db, "--year", "2023")
    assert table.returncode == 0, table.stderr
    line = next(ln for ln in table.stdout.splitlines() if EDU in ln)
    assert "已整改" in line and "第2版" in line and f"已整改 {len(gone)} 项" in line
    assert "未报送 1 个" in table.stdout.splitlines()[-1]
    # a region of the names only, and an unknown one refused
    only = run("--db", db, "--year", "2023", "--region", "region:淮安市洪泽区", "--json")
    assert only.returncode == 0 and len(only.stdout.splitlines()) == 3
    bad = run("--db", db, "--year", "2023", "--region", "region:没有")
    assert bad.returncode == 2 and "no region" in bad.stderr
    # with an organ list: its organs (one without any report: 未报送), late by its kind's deadline too
    county, water = "淮安市洪泽区人民政府", "淮安市洪泽区水务局"
    csv = tmp_path / "名单.csv"
    rows = [f"{county},,县,,政府"] + [f"{o},,县,{county},部门" for o in (EDU, CIVIL, FIN, water)]
    csv.write_text("机关,简称,层级,上级,类型\n" + "\n".join(rows) + "\n", encoding="utf-8")
    imp = subprocess.run([*OGI, "organs", "import", str(csv), "--db", db], capture_output=True, text=True, timeout=300)
    assert imp.returncode == 0, imp.stderr
    got = {r["name"]: r for r in map(json.loads, run("--db", db, "--year", "2023", "--json").stdout.splitlines())}
    assert set(got) == {county, EDU, CIVIL, FIN, water}
    assert (got[water]["state"], got[county]["state"], got[FIN]["state"]) == ("missing", "missing", "missing")
    assert got[EDU]["state"] == "fixed" and got[EDU]["versions"] == 2 and got[CIVIL]["late"]
    # the list's kind sets the deadline, not what the organ's name reads as: listed as a government
    # (reports due by the end of March), its report of 5 March is on time, as ogi rollup says
    rows[2] = f"{CIVIL},,县,{county},政府"
    csv.write_text("机关,简称,层级,上级,类型\n" + "\n".join(rows) + "\n", encoding="utf-8")
    imp = subprocess.run([*OGI, "organs", "import", str(csv), "--db", db], capture_output=True, text=True, timeout=300)
    assert imp.returncode == 0, imp.stderr
    got = {r["name"]: r for r in map(json.loads, run("--db", db, "--year", "2023", "--json").stdout.splitlines())}
    assert not got[CIVIL]["late"]


def test_a_corrected_version_keeps_its_cross_year_findings_as_still_there(tmp_path: Path) -> None:
    """The store keeps an organ-year's cross-year findings on its newest version; those the first
    version had (and were sent back) are 仍存在 in the corrected one, not 新出现."""
    db = str(tmp_path / "f.db")
    reps = [
        _read(tmp_path, "edu-2022.txt", report_text(EDU, 2022, 5)),
        _read(tmp_path, "edu-2023.txt", report_text(EDU, 2023, 21, wrong=True)),
    ]
    store = Store(db)
    store.put(reps)
    store.refresh_cross_year()
    v1 = store.reading(reps[1].source.path or "")
    assert isinstance(v1, ogi.Report)
    cross = {(f.rule, tuple(f.keys)) for f in v1.findings if f.scope == "cross_year"}
    assert cross  # last year's carried-out is not this year's carried-in
    v2 = _read(tmp_path, "edu-2023-v2.txt", report_text(EDU, 2023, 21))
    store.put([v2])
    store.refresh_cross_year()
    now = store.reading(v2.source.path or "")
    assert isinstance(now, ogi.Report)
    assert {(f.rule, tuple(f.keys)) for f in now.findings if f.scope == "cross_year"} == cross
    # the organ's counts (the region page's list of organs) hold its cross-year findings too
    sid = store.organ_of(store.report_id(v2.source.path or ""))
    assert sid is not None
    row = store.organ_rows([sid])[sid]
    kept = [f for f in now.findings if f.severity == "warning"] + [
        f for f in _read(tmp_path, "edu-2022b.txt", report_text(EDU, 2022, 5)).findings if f.severity == "warning"
    ]
    assert row["warnings"] == len(kept) and any(f.scope == "cross_year" for f in kept)
    store.close()
    got = {r["name"]: r for r in map(json.loads, run("--db", db, "--year", "2023", "--json").stdout.splitlines())}
    edu = got[EDU]
    assert edu["versions"] == 2 and edu["new"] == 0  # nothing new: the same values, last year's the same
    assert edu["still"] == len([f for f in now.findings if f.severity in ("error", "warning", "info")]) >= len(cross)
    gone = [f for f in reps[1].findings if same(f) not in {same(g) for g in v2.findings}]
    assert edu["fixed"] == len(gone) > 0 and all(f.scope == "report" for f in gone)


def test_a_version_published_again_unchanged_keeps_its_problems(tmp_path: Path) -> None:
    """A report published again without its cross-year problems corrected (only its date changed):
    the new version has them as well (held against the same earlier year), 仍存在, and the organ
    is still 待整改 — not 已整改 because the store kept the other version in its series."""
    db = str(tmp_path / "f.db")
    reps = [
        _read(tmp_path, "edu-2022.txt", report_text(EDU, 2022, 5)),
        _read(tmp_path, "edu-2023.txt", report_text(EDU, 2023, 21, published="2024-01-10")),
    ]
    store = Store(db)
    store.put(reps)
    store.refresh_cross_year()
    v2 = _read(tmp_path, "edu-2023-v2.txt", report_text(EDU, 2023, 21, published="2024-01-20"))
    store.put([v2])
    store.refresh_cross_year()
    first, again = store.reading(reps[1].source.path or ""), store.reading(v2.source.path or "")
    assert isinstance(first, ogi.Report) and isinstance(again, ogi.Report)
    cross = sorted((f.rule, tuple(f.keys)) for f in first.findings if f.scope == "cross_year")
    assert cross and sorted((f.rule, tuple(f.keys)) for f in again.findings if f.scope == "cross_year") == cross
    store.close()
    got = {r["name"]: r for r in map(json.loads, run("--db", db, "--year", "2023", "--json").stdout.splitlines())}
    edu = got[EDU]
    assert (edu["versions"], edu["state"], edu["fixed"], edu["new"]) == (2, "pending", 0, 0)
    assert edu["still"] >= len(cross)
