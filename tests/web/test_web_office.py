"""The office's season in the web app, on a real server on loopback: the organ list imported and
counted against, uploads of ZIPs with their progress, fetching a site's column, and the problem
lists and notices downloaded (opened and read)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("openpyxl")

import openpyxl

from seasondata import LIST_CSV, season
from webtools import add_users, client, serve


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> object:
    tmp = tmp_path_factory.mktemp("office")
    season(tmp).close()
    db = str(tmp / "season.db")
    add_users(db)
    with serve(db) as base:
        yield base


def xlsx(text: str) -> bytes:
    wb = openpyxl.Workbook()
    for line in text.splitlines():
        wb.active.append(line.split(","))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_the_organ_list_is_imported_and_the_region_counts_against_it(site: str) -> None:
    vic, rita = client(site, "vic"), client(site, "rita")
    before = rita.get("/regions.json").json()
    assert before["from_list"] is False
    # a viewer may look, not import
    assert vic.post("/organ-list.json", files={"file": ("名单.xlsx", xlsx(LIST_CSV))}).status_code == 403
    bad = rita.post("/organ-list.json", files={"file": ("名单.csv", "机关,类型\n白水县教育局,委员会\n".encode())})
    assert bad.status_code == 422 and "第2行" in bad.json()["files"][0]
    page = rita.post("/organ-list", files={"file": ("名单.csv", "机关\n\n".encode())})
    assert page.status_code == 422 and "机关名单中没有机关" in page.text and "<html" in page.text
    r = rita.post("/organ-list.json", files={"file": ("名单.xlsx", xlsx(LIST_CSV))})
    assert r.status_code == 200, r.text
    assert r.json()["info"]["count"] == 6 and r.json()["info"]["imported_by"] == "rita"
    html = vic.get("/organ-list").text
    assert "白水县经济开发区管理委员会" in html and "县级以上地方人民政府" in html and "导入机关名单" not in html
    regions = vic.get("/regions.json").json()
    assert regions["from_list"] is True and regions["unplaced"] == ["南岭县公安局"]
    assert [g["name"] for g in regions["regions"]] == ["白水县人民政府"]
    g = vic.get("/regions/白水县人民政府.json").json()
    assert [y["year"] for y in g["years"]] == [2023, 2024]  # no 2022: no listed organ has a report of it
    y = g["years"][-1]
    assert (y["expected"], y["reported"], y["late"], y["missing"], y["undated"]) == (
        6, 5, ["白水县教育局"], ["白水县水务局"], ["青石镇人民政府"]
    )
    assert sorted(y["on_time"]) == ["白水县人民政府", "白水县经济开发区管理委员会", "白水县财政局"]
    organs = {o["name"]: o for o in g["organs"]}
    assert organs["白水县教育局"]["series"] and organs["白水县教育局"]["kind"] == "县级以上人民政府部门"
    assert organs["白水县水务局"]["series"] is None
    page = vic.get("/regions/白水县人民政府")
    assert page.status_code == 200
    text = re.sub(r"<[^>]+>", "", page.text)
    assert "2024 年：白水县教育局" in text and "2024 年：白水县水务局" in text and "按导入的机关名单计算" in text
