"""ogi build / diff / export as a user runs them, and the Ray engine."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("sqlalchemy")

import ogi
from ogi.export.rows import LONG_HEADER, META
from ogi.runner.build import build
from ogi.samples import generate, print_report
from ogi.store import Store
from ogi.template import all_keys, key_labels

OGI = [sys.executable, "-m", "ogi"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*OGI, *args], capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """Two readings of one organ: B has one value changed (breaking two sums) and a sentence added;
    and a store holding both, plus a few more reports."""
    d = tmp_path_factory.mktemp("pair")
    rep = generate(5, tid="2021", scale=20)
    a = d / "a.txt"
    a.write_text(print_report(rep, "pipe"), encoding="utf-8")
    rep.cells["t3.granted.natural"] += 3
    text = print_report(rep, "pipe")
    stated = next(s for s in text.split("。") if "政策解读" in s) + "。"
    assert stated in text
    b = d / "b.txt"
    b.write_text(text.replace(stated, stated + "另新增一句说明。", 1), encoding="utf-8")
    for i in range(3):
        (d / f"more-{i}.txt").write_text(print_report(generate(40 + i), "markdown"), encoding="utf-8")
    (d / "empty.txt").write_bytes(b"")
    db = tmp_path_factory.mktemp("pairdb") / "store.db"
    p = run("build", str(d), "--db", str(db), "--jobs", "2")
    assert p.returncode == 0, p.stderr
    assert "6 files: 6 read (5 ok, 1 with error findings, 1 unreadable)" in p.stderr
    return a, b, db


def test_diff_files_text_and_json(pair: tuple[Path, Path, Path]) -> None:
    a, b, _ = pair
    ra, rb = ogi.read(a), ogi.read(b)
    p = run("diff", str(a), str(b), "--format", "json")
    assert p.returncode == 0, p.stderr
    d = json.loads(p.stdout)
    want = ra.cells["t3.granted.natural"], rb.cells["t3.granted.natural"]
    changed = {c["key"]: c for c in d["changed"]}
    assert changed["t3.granted.natural"] == {
        "key": "t3.granted.natural",
        "label": key_labels()["t3.granted.natural"],
        "a": want[0],
        "b": want[1],
        "change": 3,
    }
    assert len(changed) == sum(ra.cells[k] != rb.cells[k] for k in ra.cells) == 1
    assert d["findings"]["a"] == [f.to_dict() for f in ra.findings]
    assert (
        {f["rule"] for f in d["findings"]["only_b"]}
        == {f.rule for f in rb.errors}
        == {
            "t3.outcome_sum",
            "t3.column_sum",
        }
    )
    (sec,) = d["sections"]
    assert "+另新增一句说明。" in sec["diff"]
    t = run("diff", str(a), str(b))
    assert t.returncode == 0
    assert "t3.granted.natural" in t.stdout and "+3" in t.stdout and "+另新增一句说明。" in t.stdout


def test_diff_stored_reports(pair: tuple[Path, Path, Path]) -> None:
    a, b, db = pair
    with Store(db) as s:
        ida, idb = s.report_id(str(a)), s.report_id(str(b))
    by_id = json.loads(run("diff", str(ida), str(idb), "--db", str(db), "-f", "json").stdout)
    by_file = json.loads(run("diff", str(a), str(b), "-f", "json").stdout)
    assert by_id["changed"] == by_file["changed"]
    assert by_id["sections"] == by_file["sections"]
    assert (by_id["a"]["id"], by_id["b"]["id"]) == (ida, idb)
    p = run("diff", "999", str(b), "--db", str(db))
    assert p.returncode == 2 and "999" in p.stderr and "Traceback" not in p.stderr


def test_export_wide_long_csv_and_jsonl(pair: tuple[Path, Path, Path], tmp_path: Path) -> None:
    a, _, db = pair
    p = run("export", "--db", str(db), "--format", "csv", "-o", str(tmp_path / "w.csv"))
    assert p.returncode == 0, p.stderr
    rows = list(csv.reader((tmp_path / "w.csv").open(encoding="utf-8-sig")))
    assert rows[0] == [*META, *all_keys()]
    assert len(rows) == 1 + 5  # the unreadable input has no values
    ra = ogi.read(a)
    row = next(r for r in rows if r[0] == str(a))
    assert row[rows[0].index("t3.new.total")] == str(ra.cells["t3.new.total"])
    assert run("export", "--db", str(db), "--long", "--labels", "zh", "-o", str(tmp_path / "l.csv")).returncode == 0
    long = list(csv.reader((tmp_path / "l.csv").open(encoding="utf-8-sig")))
    assert long[0][-3:] == ["项目", "数值", "项目名称"] and len(long[0]) == len(LONG_HEADER) + 1
    assert len(long) == 1 + sum(len(ogi.read(p).cells) for p in a.parent.glob("*.txt") if p.stat().st_size)
    # jsonl: the objects of `ogi parse --format jsonl`, unreadable inputs included
    assert run("export", "--db", str(db), "-o", str(tmp_path / "x.jsonl")).returncode == 0
    got = {o["source"]["path"]: o for o in map(json.loads, (tmp_path / "x.jsonl").read_text("utf-8").splitlines())}
    parsed = run("parse", "--format", "jsonl", str(a.parent))
    want = {o["source"]["path"]: o for o in map(json.loads, parsed.stdout.splitlines())}
    assert {Path(k).name for k in got} == {Path(k).name for k in want} == {p.name for p in a.parent.glob("*.txt")}
    for k, o in want.items():
        g = got[str(Path(k).resolve())]
        if "error" in o:
            assert g["error"]["code"] == o["error"]["code"]
            continue
        g["source"]["path"] = o["source"]["path"]
        assert g == o


def test_export_parquet_and_xlsx(pair: tuple[Path, Path, Path], tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    a, _, db = pair
    assert run("export", "--db", str(db), "-o", str(tmp_path / "w.parquet")).returncode == 0
    t = pq.read_table(tmp_path / "w.parquet")
    assert t.num_rows == 5 and t.schema.names == [*META, *all_keys()]
    i = t.column("path").to_pylist().index(str(a))
    assert t.column("t3.new.total")[i].as_py() == ogi.read(a).cells["t3.new.total"]
    assert run("export", "--db", str(db), "--long", "-o", str(tmp_path / "l.parquet")).returncode == 0
    assert pq.read_table(tmp_path / "l.parquet").schema.names == LONG_HEADER
    x = tmp_path / "w.xlsx"
    p = run("export", "--db", str(db), "--labels", "zh", "-o", str(x))
    assert p.returncode == 0, p.stderr
    with zipfile.ZipFile(x) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
        strings = z.read("xl/sharedStrings.xml").decode() if "xl/sharedStrings.xml" in z.namelist() else sheet
        findings = z.read("xl/worksheets/sheet2.xml").decode()
    assert 'state="frozen"' in sheet and "<cols>" in sheet  # frozen header, set widths
    assert key_labels()["t3.new.total"] in strings
    assert "t3.outcome_sum" in findings or "t3.outcome_sum" in strings


def by_path(store: Store) -> dict[str, dict]:
    return {d["source"]["path"]: {k: v for k, v in d.items() if k != "id"} for d in store.iter_dicts()}


def test_ray_engine_builds_the_same_store(pair: tuple[Path, Path, Path], tmp_path: Path) -> None:
    pytest.importorskip("ray")
    a, _, db = pair
    folder = a.parent
    with Store(tmp_path / "ray.db") as s:
        res = build([folder], s, engine="ray", jobs=2)
        assert (res.read, res.ok, res.unreadable, res.engine) == (6, 5, 1, "ray")
        with Store(db) as local:
            assert by_path(s) == by_path(local)
            # and the same analysis: the derived tables the driver's refresh made
            for by in ("year", "region", "organ"):
                assert [g.to_dict() for g in s.stats(by)] == [g.to_dict() for g in local.stats(by)]
            assert s.rollup().to_dict() == local.rollup().to_dict()
            assert list(s.series_docs()) == list(local.series_docs())


def test_unreachable_database_is_one_line_exit_2(tmp_path: Path) -> None:
    p = run("build", str(tmp_path), "--db", f"postgresql://nobody@/nodb?host={tmp_path}/nosocket&port=1")
    assert p.returncode == 2
    assert "cannot open the database" in p.stderr and "Traceback" not in p.stderr
    assert len(p.stderr.strip().splitlines()) == 1


def test_scores_in_exports_check_and_rank(pair: tuple[Path, Path, Path], tmp_path: Path) -> None:
    """Each report's score and deductions under a rule pack: in the wide exports, `ogi check
    --rules`, `ogi rank`; a bad pack is one line, exit 2."""
    from ogi.check.score import evaluate
    from ogi.template.packs import load_pack, pack_file

    a, b, db = pair
    local = pack_file("example-local")
    rb = ogi.read(b)
    n_err = sum(f.severity == "error" for f in rb.findings)
    assert n_err == 2
    for pack, full, b_items in ((None, 100, "错误−2（2处）"), (local, 10, None)):
        out = tmp_path / f"w-{full}.csv"
        p = run("export", "--db", str(db), "-o", str(out), *(["--rules", str(pack)] if pack else []))
        assert p.returncode == 0, p.stderr
        rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
        by = {Path(r["path"]).name: r for r in rows}
        assert float(by["a.txt"]["score"]) == full and by["a.txt"]["deductions"] == ""
        ev = evaluate(rb, load_pack(pack))
        assert float(by["b.txt"]["score"]) == ev.score < full and by["b.txt"]["deductions"] == ev.itemised()
        if b_items:
            assert ev.itemised() == b_items and ev.score == 98
    # ogi check: the score line, each finding's basis
    p = run("check", str(b), "--rules", str(local))
    assert p.returncode == 1
    ev = evaluate(rb, load_pack(local))
    assert f"得分 {ev.score:g}/10（北原市政务公开工作年度报告评估细则（示例））" in p.stdout
    assert "依据：" in p.stdout and "错误（每处）−" in p.stdout
    # ogi rank: per region and year, a before b
    p = run("rank", "--db", str(db), "--rules", str(local), "--format", "json")
    assert p.returncode == 0, p.stderr
    got = json.loads(p.stdout)
    assert got["pack"] == "北原市政务公开工作年度报告评估细则（示例）"
    ranked = {Path(r["path"]).name: r for r in got["rankings"]}
    assert ranked["b.txt"]["score"] == ev.score and ranked["a.txt"]["score"] == 10
    assert ranked["a.txt"]["rank"] < ranked["b.txt"]["rank"]
    bad = tmp_path / "bad.toml"
    bad.write_text("[pack]\nname = 'x'\n[rules.\"no.such\"]\n", encoding="utf-8")
    export = ["export", "--db", str(db), "-o", str(tmp_path / "x.csv")]
    for cmd in (["check", str(a)], ["rank", "--db", str(db)], export):
        p = run(*cmd, "--rules", str(bad))
        assert p.returncode == 2 and "未知规则 no.such" in p.stderr and "Traceback" not in p.stderr, p.stderr


STORE_READERS = [
    ["export"],
    ["export", "-o", "{tmp}/wide.xlsx"],
    ["rank"],
    ["diff", "1", "2"],
    ["followup", "--year", "2024"],
    ["notices", "--out", "{tmp}/notices"],
    ["organs", "list"],
    ["stats"],
    ["rollup"],
    ["series"],
    ["user", "list"],
    ["user", "disable", "bob"],
    ["user", "unlock", "bob"],
    ["backup", "{tmp}/copy.db"],
]


@pytest.mark.parametrize("cmd", STORE_READERS, ids=lambda c: " ".join(c[:2]).replace("{tmp}/", ""))
def test_a_command_reading_a_store_that_is_not_there_exits_2(tmp_path: Path, cmd: list[str]) -> None:
    """A mistyped --db is a clear error (exit 2, the store named), never a new empty store read as
    one holding nothing (ogi export wrote an empty CSV and exited 0, leaving an empty ogi.db behind)."""
    from typer.testing import CliRunner

    from ogi.cli import app

    db = tmp_path / "nosuch.db"
    got = CliRunner().invoke(app, [*(a.format(tmp=tmp_path) for a in cmd), "--db", str(db)])
    assert got.exit_code == 2, (got.output, got.exception)
    assert str(db) in got.stderr and ("数据库不存在" in got.stderr or "文件不存在" in got.stderr), got.stderr
    assert "Traceback" not in got.stderr and not got.stdout
    assert list(tmp_path.iterdir()) == []  # nothing made: no store, no file, no folder


def test_export_without_db_where_there_is_no_store(tmp_path: Path) -> None:
    """No --db and no ./ogi.db (a new user's first try): said with the path, exit 2, nothing made."""
    env = {k: v for k, v in os.environ.items() if k != "OGI_DB"}
    p = subprocess.run([*OGI, "export"], capture_output=True, text=True, timeout=300, cwd=tmp_path, env=env)
    assert p.returncode == 2 and p.stdout == "", p.stderr
    assert p.stderr == f"ogi: {tmp_path / 'ogi.db'}: 数据库不存在 (no such store: build one with ogi build)\n"
    assert list(tmp_path.iterdir()) == []
