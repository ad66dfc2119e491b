"""Regional roll-up: regions' organs summed per year, and organs missing a report."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis_data import real_truths
from ogi.corpus.rollup import hierarchy_from_pairs, load_hierarchy, rollup, summed_keys
from ogi.errors import InputError
from ogi.template import template


def _row(ru, name: str, year: int):  # type: ignore[no-untyped-def]
    (row,) = [r for r in ru.rows if r.name == name and r.year == year]
    return row


def test_inferred_region_sums_its_organs(shared: object) -> None:
    readings = real_truths()
    ru = rollup(readings)
    huaian_2024 = [r for r in readings if r.year == 2024 and "淮安市" in (r.agency or "")]
    assert len(huaian_2024) == 2  # the city government and 洪泽区 (named 淮安市洪泽区人民政府)
    row = _row(ru, "淮安市", 2024)
    assert sorted(row.organs) == ["洪泽区人民政府", "淮安市人民政府"] and row.missing == []
    for k in ("t3.new.total", "t3.denied.third_party.natural", "t4.review.corrected", "t2.licensing.decisions"):
        assert row.cells[k] == sum(r.cells[k] for r in huaian_2024), k
    assert "t2.fees.amount" not in row.cells  # an amount, not a count
    # (六)其他处理 undivided in Hongze's report: the sum says it lacks one organ's value
    assert row.incomplete["t3.other.misc.total"] == 1
    # 洪泽区 sits in 淮安市 even in the year it called itself just 洪泽区人民政府
    row23 = _row(ru, "淮安市", 2023)
    assert row23.organs == ["洪泽区人民政府"] and row23.missing == ["淮安市人民政府"]
    assert row23.cells["t3.new.total"] == _row(ru, "淮安市洪泽区", 2023).cells["t3.new.total"]


def test_missing_reports_by_year(shared: object) -> None:
    ru = rollup(real_truths())
    missing = ru.missing()
    assert "淮安市人民政府" in missing[2023]
    assert "淮安市洪泽区人民政府" not in missing[2024]
    # the corpus holds nothing of 淮安市's organs for 2022: not a year they failed to report
    assert "淮安市洪泽区人民政府" not in missing[2022] and 2022 not in {r.year for r in ru.rows if r.name == "淮安市"}
    assert all("平潭综合实验区管理委员会" not in ms for ms in missing.values())
    only = rollup(real_truths(), years=[2024])
    assert {r.year for r in only.rows} == {2024}


def test_summed_keys_cover_tables_3_and_4_and_table_2_counts() -> None:
    keys = summed_keys(template("2021"))
    t3t4 = [k for k in template("2021").keys if k.startswith(("t3.", "t4."))]
    assert set(t3t4) <= set(keys)
    assert "t2.rules.in_force" in keys and "t2.fees.amount" not in keys
    assert "t2.licensing.change" not in summed_keys(template("2019"))


def test_hierarchy_from_csv(tmp_path: Path, shared: object) -> None:
    csv = tmp_path / "organs.csv"
    csv.write_text(
        "organ,parent\n洪泽区人民政府,淮安市\n淮安市清江浦区人民政府,淮安市人民政府\n淮安市,江苏省人民政府\n", "utf-8"
    )
    h = load_hierarchy(csv)
    assert h.parent["洪泽区人民政府"] == "淮安市人民政府"
    ru = rollup(real_truths(), h, years=[2024])
    row = _row(ru, "淮安市人民政府", 2024)
    assert sorted(row.organs) == ["洪泽区人民政府", "淮安市人民政府"]
    assert row.missing == ["清江浦区人民政府"]
    top = _row(ru, "江苏省人民政府", 2024)
    assert "江苏省人民政府" in top.missing and len(top.organs) == 2
    assert "平潭综合实验区管理委员会" in ru.unplaced
    assert ru.missing()[2024] == ["江苏省人民政府", "淮安市清江浦区人民政府"]


def test_hierarchy_pairs_and_bad_csv(tmp_path: Path) -> None:
    h = hierarchy_from_pairs([("平潭综合实验区管委会", None)])
    assert h.organs == {"平潭综合实验区管理委员会"}
    with pytest.raises(InputError):
        load_hierarchy(tmp_path / "absent.csv")
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(InputError):
        load_hierarchy(bad)
