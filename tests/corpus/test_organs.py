"""Who must report: an organ list (CSV, XLSX) imported into the store, and the roll-up per year —
expected, received, on time / late by the listed kind's deadline, missing — only for listed organs,
only for years the corpus has reports of the region's organs."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("sqlalchemy")
pytest.importorskip("openpyxl")

import openpyxl

from ogi.corpus.organs import read_organ_list
from ogi.corpus.rollup import hierarchy_from_list, rollup
from ogi.errors import InputError
from ogi.runner.build import build
from ogi.store import Store
from seasondata import LIST_CSV, season

OGI = [sys.executable, "-m", "ogi"]


def test_a_list_is_read_from_csv_and_xlsx_alike(tmp_path: Path) -> None:
    from_csv = read_organ_list(LIST_CSV.encode("gb18030"), "名单.csv")  # a GBK file from Excel
    wb = openpyxl.Workbook()
    ws = wb.active
    for line in LIST_CSV.splitlines():
        ws.append(line.split(","))
    buf = io.BytesIO()
    wb.save(buf)
    from_xlsx = read_organ_list(buf.getvalue(), "名单.xlsx")
    assert from_csv == from_xlsx
    kinds = [o.kind for o in from_csv]
    assert kinds == ["government", "department", "department", "department", "government", "township"]
    edu = from_csv[1]
    assert edu.short == ("县教育局", "白水教育局") and edu.parent == "白水县人民政府" and edu.level == "县"
    assert str(edu.due(2024)) == "2025-01-31" and str(from_csv[4].due(2024)) == "2025-03-31"
    assert from_csv[5].due(2024) is None
    # no kind: taken from the name, as published.late takes it
    [o] = read_organ_list("机关\n北原市人民政府\n".encode(), "a.csv")
    assert o.kind == "government"


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("机关,类型\n白水县教育局,委员会\n", "第2行：类型「委员会」无法识别"),
        ("机关,上级\n,白水县\n", "第2行缺少机关名称"),
        ("机关\n白水县教育局\n白水县教育局\n", "第3行：「白水县教育局」与第2行是同一机关"),
        ("", "机关名单为空"),
        ("机关,简称\n", "机关名单中没有机关"),
    ],
)
def test_a_bad_list_is_refused_naming_the_row(text: str, says: str) -> None:
    with pytest.raises(InputError) as e:
        read_organ_list(text.encode(), "a.csv")
    assert says in e.value.message


def test_a_damaged_xlsx_is_refused() -> None:
    with pytest.raises(InputError, match="Excel 机关名单无法打开"):
        read_organ_list(b"PK\x03\x04 not a workbook", "a.xlsx")


def test_rollup_against_the_list_counts_on_time_late_and_missing(tmp_path: Path) -> None:
    store = season(tmp_path)
    readings = [r for _id, r in store.readings(sections=False, provenance=False, scopes=("report",))]
    edu = next(r for r in readings if r.agency == "县教育局")
    assert [f.rule for f in edu.findings if f.rule == "published.late"] == ["published.late"]
    h = hierarchy_from_list(read_organ_list(LIST_CSV.encode(), "a.csv"))
    ru = rollup(readings, h)
    names = ru.hierarchy.name
    rows = {r.year: r for r in ru.rows if r.name == "白水县人民政府"}
    assert set(rows) == {2023, 2024}  # 2022: only an unlisted organ reported; not a year anyone missed
    y = rows[2024]
    assert y.expected == 6 and len(y.organs) == 5
    assert [names[o] for o in y.missing] == ["白水县水务局"]
    assert sorted(names[o] for o in y.late) == ["白水县教育局"]
    assert sorted(names[o] for o in y.on_time) == ["白水县人民政府", "白水县经济开发区管理委员会", "白水县财政局"]
    assert [names[o] for o in y.undated] == ["青石镇人民政府"]
    assert rows[2023].expected == 6 and [names[o] for o in rows[2023].organs] == ["白水县财政局"]
    assert ru.unplaced == ["南岭县公安局"]
    # the sums hold only listed organs' reports
    fin = next(r for r in readings if r.agency == "白水县财政局" and r.year == 2023)
    assert rows[2023].cells["t3.new.total"] == fin.cells["t3.new.total"]


def test_ogi_organs_import_and_rollup_from_the_store(tmp_path: Path) -> None:
    store = season(tmp_path)
    store.close()
    db = str(tmp_path / "season.db")
    wb = openpyxl.Workbook()
    for line in LIST_CSV.splitlines():
        wb.active.append(line.split(","))
    xlsx = tmp_path / "机关名单.xlsx"
    wb.save(xlsx)
    run = subprocess.run([*OGI, "organs", "import", str(xlsx), "--db", db], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "已导入机关名单：6 个机关" in run.stderr
    listed = json.loads(subprocess.run([*OGI, "organs", "list", "--db", db, "--json"], capture_output=True).stdout)
    assert [o["name"] for o in listed][:2] == ["白水县人民政府", "白水县教育局"]
    assert listed[1]["kind_name"] == "县级以上人民政府部门"
    got = json.loads(subprocess.run([*OGI, "rollup", "--db", db, "-f", "json"], capture_output=True).stdout)
    assert got["from_list"] is True
    [row] = [r for r in got["rows"] if r["name"] == "白水县人民政府" and r["year"] == 2024]
    assert (row["expected"], row["received"], len(row["on_time"]), row["late"], row["missing"]) == (
        6,
        5,
        3,
        ["白水县教育局"],
        ["白水县水务局"],
    )
    table = subprocess.run([*OGI, "rollup", "--db", db], capture_output=True, text=True).stdout
    assert "2024年逾期发布（1）：白水县教育局" in table and "不在机关名单中的机关：南岭县公安局" in table
    bad = tmp_path / "bad.csv"
    bad.write_text("机关,类型\n白水县教育局,委员会\n", "utf-8")
    run = subprocess.run([*OGI, "organs", "import", str(bad), "--db", db], capture_output=True, text=True)
    assert run.returncode == 2 and "第2行" in run.stderr
    assert len(Store(db).organ_list()) == 6  # a refused file leaves the list as it was


def test_the_store_counts_against_the_list_as_the_readings_do(tmp_path: Path) -> None:
    """The roll-up against an organ list summed in SQL (Store.rollup) is the one computed from the
    readings in memory (ogi.corpus.rollup.rollup): the same rows, counts, sums and organs outside."""
    with season(tmp_path) as store:
        listed = read_organ_list(LIST_CSV.encode(), "名单.csv")
        readings = [r for _id, r in store.readings(sections=False, provenance=False, scopes=("report",))]
        for years in (None, [2023, 2024], [2022]):
            got = store.rollup(hierarchy_from_list(listed), years)
            want = rollup(readings, hierarchy_from_list(listed), years)
            assert json.dumps(got.to_dict(), sort_keys=True) == json.dumps(want.to_dict(), sort_keys=True), years
        ru = store.rollup(hierarchy_from_list(listed))
        assert [r.year for r in ru.rows] == [2023, 2024] and ru.unplaced == ["南岭县公安局"]
        y = ru.rows[-1]
        assert (len(y.on_time), len(y.late), len(y.undated), len(y.missing)) == (3, 1, 1, 1)


def test_a_short_name_joins_its_listed_organs_series(tmp_path: Path) -> None:
    """A report printing only its organ's short name (县教育局) is a series of its own until an
    organ list gives that short name; then it is the listed organ's year, checked against its
    other years (the cross-year pair is there) and counted in one organ's row."""
    from seasondata import season_report

    with season(tmp_path) as store:
        more = tmp_path / "more"
        more.mkdir()
        (more / "edu23.txt").write_text(season_report("白水县教育局", 2023, "2024-01-20", 9), "utf-8")
        build([more], store, jobs=1)
        ids = {Path(r.source.path or "").name: rid for rid, r in store.readings(sections=False, provenance=False)}
        pair = (ids["edu.txt"], ids["edu23.txt"])
        store.ensure_fresh()
        assert pair not in store.series_pairs()
        store.put_organ_list(read_organ_list(LIST_CSV.encode(), "名单.csv"))
        store.ensure_fresh()
        assert pair in store.series_pairs()
        series, _, ident = store.series()
        [edu] = [s for s in series if ident[s.by_year[2024].source.path or ""] == ids["edu.txt"]]
        assert edu.organ.name == "白水县教育局" and edu.years == [2023, 2024]
        assert store.find_organs("白水教育局") == [edu.id]  # another short name the list gives
        from ogi.export.notices import latest_readings

        got = latest_readings(store, organ="白水县教育局", year=2024)  # the notices, by the list's name
        assert [Path(r.source.path or "").name for _, r in got] == ["edu.txt"]


def test_lateness_follows_the_kind_the_list_gives(tmp_path: Path) -> None:
    """A report's own published.late finding is measured against the deadline of the kind the
    organ list gives its organ, as the roll-up counts it: the 开发区管委会 listed as 政府 (31 March)
    is on time, though its name reads as a department's (31 January); without the list it is late
    again. The report's count of warnings follows."""
    with season(tmp_path) as store:
        ids = {Path(r.source.path or "").name: rid for rid, r in store.readings(sections=False, provenance=False)}

        def lateness(name: str) -> tuple[list[dict], int]:
            r = store.reading(ids[name], sections=False)
            late = [f.values for f in r.findings if f.rule == "published.late"]
            return late, sum(f.severity == "warning" for f in r.findings)

        store.ensure_fresh()
        (zone, zone_warnings), (edu, _) = lateness("zone.txt"), lateness("edu.txt")
        assert [v["deadline"] for v in zone] == ["2025-01-31"] and "kind" not in zone[0]
        assert [v["days_late"] for v in edu] == [5]
        store.put_organ_list(read_organ_list(LIST_CSV.encode(), "名单.csv"))  # measured again at once
        assert lateness("zone.txt") == ([], zone_warnings - 1)
        [late] = lateness("edu.txt")[0]
        assert (late["kind"], late["days_late"], late["by"]) == ("department", 5, edu[0]["by"])
        assert lateness("fin.txt")[0] == []  # on time either way
        store.put_organ_list([])
        assert lateness("zone.txt") == (zone, zone_warnings)
