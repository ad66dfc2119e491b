"""A reading's fields travel by the template's list: the statistics period (统计期限), declared in
``formats.toml``, an attribute of the model and found by the reader, is carried by the JSON, the
CSV exports, the store (a column, added to a store made before it), the pages and their ``.json``
— and none of those has a line of code about it."""

from __future__ import annotations

import csv
import json
import re
import sqlite3
from pathlib import Path

import pytest

import ogi
from ogi.export.rows import META, META_LABELS, wide_header, wide_row
from ogi.model import decode
from ogi.samples import generate, print_report
from ogi.template import fields

SRC = Path(__file__).resolve().parents[1] / "src" / "ogi"
PERIOD = "2022-01-01/2022-12-31"


def sample(tmp_path: Path) -> Path:
    rep = generate(7, tid="2021", scale=5)
    rep.year = 2022
    f = tmp_path / "r.txt"
    f.write_text(print_report(rep, "pipe"), encoding="utf-8")
    return f


def test_the_template_declares_it_with_its_label() -> None:
    (f,) = [f for f in fields() if f.id == "period"]
    assert f.label == "统计期限" and META_LABELS["period"] == "统计期限"


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("所列数据的统计期限自2024年1月1日起至2024年12月31日止。", "2024-01-01/2024-12-31"),
        ("报告所列数据统计周期为2023年1月1日至12月31日。", "2023-01-01/2023-12-31"),
        ("所列统计期限自 2024 年 1 月 1 日至 2024 年 12 月 31 日。", "2024-01-01/2024-12-31"),
        ("统计时限为2022年1月1日到2022年12月31日", "2022-01-01/2022-12-31"),
        ("统计时段为2022年1月1日至2022年12月31日。", "2022-01-01/2022-12-31"),
        ("统计期间为2022年1月1日至12月31日。", "2022-01-01/2022-12-31"),
        ("本报告数据时间范围为2021年1月1日至2021年12月31日。", "2021-01-01/2021-12-31"),
        ("所列数据的统计期限为2023年度。", "2023-01-01/2023-12-31"),  # the year as a whole
        # the days in characters, as a date under a signature is written
        ("统计期限自二〇一九年一月一日起至二〇一九年十二月三十一日止。", "2019-01-01/2019-12-31"),
        ("统计期限为二〇二三年一月一日至十二月二十日。", "2023-01-01/2023-12-20"),
        ("统计期限自2024年1月1日起至2024年2月30日止。", None),  # no such day
        ("本报告没有说统计期限。", None),
    ],
)
def test_the_reader_finds_it(text: str, period: str | None) -> None:
    from ogi.extract.meta import find_period
    from ogi.model import Cell, Document, Line, Source, Where

    doc = Document(Source(None, "text"), [Line([Cell(text, Where(line=1))])])
    assert find_period(doc) == period


def test_json_csv_store_and_pages_carry_it(tmp_path: Path) -> None:
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from ogi.export.files import export_store
    from ogi.store import Store
    from ogi.web.app import create_app
    from ogi.web.auth import hash_password

    f = sample(tmp_path)
    r = ogi.read(f)
    assert r.period == PERIOD
    # JSON, and back
    d = r.to_dict()
    assert d["period"] == PERIOD and decode(json.loads(json.dumps(d))).period == PERIOD
    # CSV columns
    assert "period" in wide_header() and "统计期限" in wide_header("zh")
    assert wide_row(r)[META.index("period")] == PERIOD
    # the store: a column of reports, the stored reading, an export of the store
    db = tmp_path / "c.db"
    with Store(db) as store:
        (rid,) = store.put([r])
        assert store.get(rid)["period"] == PERIOD and store.reading(rid).period == PERIOD
        assert store.reports()[0]["period"] == PERIOD
        export_store(store, tmp_path / "wide.csv", "csv")
    rows = list(csv.DictReader((tmp_path / "wide.csv").open(encoding="utf-8-sig")))
    assert rows[0]["period"] == PERIOD
    # the page and its .json
    app = create_app(str(db))
    app.state.store.add_user("vic", "viewer", hash_password("secret-pass-1"))
    with TestClient(app) as c:
        c.headers["X-CSRF-Token"] = c.get("/me.json").json()["csrf"]
        r2 = c.post("/login.json", json={"name": "vic", "password": "secret-pass-1"})
        c.headers["X-CSRF-Token"] = r2.json()["csrf"]
        assert c.get(f"/reports/{rid}.json").json()["reading"]["period"] == PERIOD
        page = c.get(f"/reports/{rid}").text
        assert f"统计期限：{PERIOD}" in page


def test_a_store_made_before_the_field_gets_its_column(tmp_path: Path) -> None:
    from ogi.store import Store

    f = sample(tmp_path)
    db = tmp_path / "old.db"
    with Store(db) as store:
        store.put([ogi.read(f)])
    con = sqlite3.connect(db)
    con.execute("ALTER TABLE reports DROP COLUMN period")  # as a store of an earlier version was
    con.commit()
    con.close()
    with Store(db) as store:  # opening brings it up to date
        assert "period" in store.reports()[0]
        (rid,) = store.put([ogi.read(f)])
        assert store.get(rid)["period"] == PERIOD


def test_no_code_downstream_names_it() -> None:
    """The store, runner, exports, corpus, web app and command carry it without naming it."""
    named = re.compile(r"""["'.]period\b|统计期限""")
    found = []
    for part in ("store", "runner", "export", "corpus", "web", "cli"):
        for p in (SRC / part).rglob("*"):
            if p.suffix in (".py", ".html") and named.search(p.read_text("utf-8")):
                found.append(str(p.relative_to(SRC)))
    assert not found, found
