"""ogi stats / rollup / series as a user runs them on readings JSONL."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from analysis_data import REAL, altered, pingtan, real_truths, write_jsonl
from ogi.corpus.metrics import metrics, stats

OGI = [sys.executable, "-m", "ogi"]


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*OGI, *args], capture_output=True, text=True, timeout=120, input=stdin)


@pytest.fixture()
def readings(tmp_path: Path, shared: object) -> Path:
    return write_jsonl(tmp_path / "readings.jsonl", real_truths())


def test_stats_json_mirrors_the_api(readings: Path) -> None:
    p = run("stats", str(readings), "--by", "year", "--format", "json")
    assert p.returncode == 0, p.stderr
    doc = json.loads(p.stdout)
    assert doc["by"] == "year" and [m["id"] for m in doc["metrics"]] == [m.id for m in metrics()]
    api = [g.to_dict() for g in stats(real_truths(), by="year")]
    assert doc["groups"] == json.loads(json.dumps(api, ensure_ascii=False))


def test_stats_csv_and_table(readings: Path) -> None:
    p = run("stats", str(readings), "--by", "organ-type", "--format", "csv")
    assert p.returncode == 0, p.stderr
    rows = list(csv.DictReader(io.StringIO(p.stdout)))
    api = {g.key: g.reports for g in stats(real_truths(), by="organ-type")}
    assert {r["organ-type"]: int(r["reports"]) for r in rows} == api
    gov = next(r for r in rows if r["organ-type"] == "government")
    assert gov["label"] == "人民政府" and int(gov["reports"]) >= 10
    assert 0 < float(gov["disclosure_rate"]) < 1
    t = run("stats", str(readings), "--by", "region")
    assert t.returncode == 0 and "公开率" in t.stdout and "平潭综合实验区" in t.stdout and "%" in t.stdout


def test_series_on_a_real_series_and_an_altered_copy(tmp_path: Path, shared: object) -> None:
    good = write_jsonl(tmp_path / "good.jsonl", pingtan())
    p = run("series", str(good), "--format", "json")
    assert p.returncode == 0, p.stderr
    (doc,) = json.loads(p.stdout)
    assert doc["years"] == list(range(2019, 2026)) and doc["missing_years"] == []
    assert not [f for pair in doc["pairs"] for f in pair["findings"] if f["rule"] == "cross_year.carryover"]
    reports = pingtan()
    reports[3] = altered(reports[3], t3__carried_in__total=reports[3].cells["t3.carried_in.total"] + 1)
    bad = write_jsonl(tmp_path / "bad.jsonl", reports)
    p = run("series", str(bad))
    assert p.returncode == 1
    assert "cross_year.carryover" in p.stdout and "上年结转" in p.stdout and "1 个跨年错误" in p.stdout
    p = run("series", str(bad), "--format", "jsonl", "--errors-only")
    (line,) = p.stdout.splitlines()
    rules = [f["rule"] for pair in json.loads(line)["pairs"] for f in pair["findings"]]
    assert rules == ["cross_year.carryover"]


def test_parse_then_series_from_stdin(shared: object) -> None:
    files = [str(REAL / f"{y}-hongze-district.pdftext.txt") for y in (2023, 2024)]
    parsed = run("parse", "--format", "jsonl", *files)
    assert parsed.returncode == 1  # the reports' own error findings (cells.missing)
    p = run("series", "-", "--format", "json", stdin=parsed.stdout)
    assert p.returncode == 0, p.stderr
    (doc,) = json.loads(p.stdout)
    assert doc["organ"]["name"] == "淮安市洪泽区人民政府" and doc["years"] == [2023, 2024]
    assert [pair["previous"] for pair in doc["pairs"]] == [2023]


def test_rollup_with_hierarchy_and_year(tmp_path: Path, readings: Path) -> None:
    h = tmp_path / "organs.csv"
    h.write_text("洪泽区人民政府,淮安市人民政府\n淮安市清江浦区人民政府,淮安市人民政府\n", "utf-8")
    p = run("rollup", str(readings), "--hierarchy", str(h), "--year", "2024", "--format", "json")
    assert p.returncode == 0, p.stderr
    doc = json.loads(p.stdout)
    (row,) = doc["rows"]
    assert row["name"] == "淮安市人民政府" and row["year"] == 2024
    assert row["missing"] == ["淮安市清江浦区人民政府"] and len(row["reported"]) == 2
    assert doc["missing"] == {"2024": ["淮安市清江浦区人民政府"]}
    t = run("rollup", str(readings))
    assert t.returncode == 0 and "淮安市" in t.stdout and "未见报告" in t.stdout
    c = run("rollup", str(readings), "--format", "csv", "-y", "2024")
    rows = list(csv.DictReader(io.StringIO(c.stdout)))
    huaian = next(r for r in rows if r["name"] == "淮安市")
    assert int(huaian["t3.new.total"]) == sum(
        r.cells["t3.new.total"] for r in real_truths() if r.year == 2024 and "淮安" in (r.agency or "")
    )


@pytest.mark.parametrize("cmd", ["stats", "rollup", "series"])
def test_bad_readings_one_line_exit_2(tmp_path: Path, cmd: str) -> None:
    missing = run(cmd, str(tmp_path / "absent.jsonl"))
    assert missing.returncode == 2 and "Traceback" not in missing.stderr
    assert len(missing.stderr.strip().splitlines()) == 1
    junk = tmp_path / "junk.jsonl"
    junk.write_text('{"cells": {}}\nnot json\n', "utf-8")
    p = run(cmd, str(junk))
    assert p.returncode == 2 and "第2行" in p.stderr and "Traceback" not in p.stderr
    binary = tmp_path / "bin.jsonl"
    binary.write_bytes(b"\x00\xff\xfe\x81" * 50)
    p = run(cmd, str(binary))
    assert p.returncode == 2 and "Traceback" not in p.stderr


def test_error_lines_of_parse_are_skipped(tmp_path: Path, shared: object) -> None:
    f = write_jsonl(tmp_path / "r.jsonl", pingtan()[:2])
    with f.open("a", encoding="utf-8") as out:
        out.write(json.dumps({"source": {"path": "x.pdf"}, "error": {"code": "input", "message": "空文件"}}) + "\n")
    p = run("stats", str(f), "--format", "json")
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["groups"][0]["reports"] == 2


@pytest.mark.parametrize(
    "line",
    [
        '{"cells": 5}',
        '{"cells": {"t3.new.total": "12"}}',
        '{"cells": {}, "year": "2024"}',
        '{"cells": {}, "agency": ["a"]}',
        '{"cells": {}, "template": "1999"}',
        '{"cells": {}, "sections": []}',
        '{"cells": {}, "findings": {}}',
        '{"something": 1}',
        "[1, 2]",
        "42",
    ],
)
def test_malformed_readings_are_one_line_errors(tmp_path: Path, line: str) -> None:
    f = tmp_path / "r.jsonl"
    f.write_text(line + "\n", "utf-8")
    for cmd in ("stats", "series", "rollup"):
        p = run(cmd, str(f))
        assert p.returncode == 2, (cmd, p.stdout)
        assert "Traceback" not in p.stderr and len(p.stderr.strip().splitlines()) == 1, p.stderr
