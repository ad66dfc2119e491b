"""Corpus analysis in the database: the store's SQL gives exactly what ogi.corpus computes from
readings in memory — stats, roll-ups, series — on generated and real readings, SQLite and PostgreSQL;
the derived tables follow the readings; a store of version 4 is brought up to date in place."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("sqlalchemy")

import sqlalchemy as sa

import ogi
from analysis_data import altered, pingtan, real_truths
from ogi.corpus.metrics import BY, stats
from ogi.corpus.rollup import hierarchy_from_pairs, rollup
from ogi.corpus.series import cross_year
from ogi.model import Report, Source, cell_tuples
from ogi.samples import generate, print_report
from ogi.store import Store
from ogi.store import schema as S

OGI = [sys.executable, "-m", "ogi"]
ORGANS = ("淮安市洪泽区教育局", "淮安市清江浦区财政局", "淮安市人民政府", "洪泽区民政局", "县投资促进局", "教育局")


def generated(n: int = 60, seed: int = 0) -> list[Report]:
    """Readings of a few organs over the years, both formats, some values missing (cells.missing),
    some organ-years read twice, an organ of no place, a reading of no organ."""
    out = []
    for i in range(n):
        rep = generate(seed + i, scale=[0, 2, 20, 200][i % 4])
        rep.agency = ORGANS[i % len(ORGANS)] if i % 17 else ""
        rep.year = 2019 + (i // len(ORGANS)) % 7
        if (rep.template.id == "2019") != (rep.year < 2021):
            rep = generate(seed + i, tid="2021" if rep.year >= 2021 else "2019")
            rep.agency, rep.year = ORGANS[i % len(ORGANS)] if i % 17 else "", 2019 + (i // len(ORGANS)) % 7
        text = print_report(rep, "pipe")
        if i % 5 == 0:  # a row left out: its values are missing
            text = "\n".join(ln for ln in text.splitlines() if "不予公开" not in ln or "第三方" not in ln)
        r = ogi.read(text)
        r.source = Source(path=f"/gen/{i}.txt", format="text")
        out.append(r)
    return out


@pytest.fixture(params=["sqlite", "postgresql"])
def make_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator:  # type: ignore[type-arg]
    made = []

    def make() -> Store:
        if request.param == "sqlite":
            s = Store(tmp_path / f"a{len(made)}.db")
        else:
            url = request.getfixturevalue("pg_url")
            s = Store(url)
            S.drop_all(s.engine)
            s.close()
            s = Store(url)
        made.append(s)
        return s

    yield make
    for s in made:
        s.close()


def plain(x: object) -> object:
    return json.loads(json.dumps(x, ensure_ascii=False, sort_keys=True))


def same_stats(store: Store, readings: list[Report]) -> None:
    for by in BY:
        assert plain([g.to_dict() for g in store.stats(by)]) == plain([g.to_dict() for g in stats(readings, by)]), by


def same_rollup(store: Store, readings: list[Report]) -> None:
    assert plain(store.rollup().to_dict()) == plain(rollup(readings).to_dict())
    years = sorted({r.year for r in readings if r.year})[-2:]
    assert plain(store.rollup(years=years).to_dict()) == plain(rollup(readings, years=years).to_dict())


def same_series(store: Store, readings: list[Report]) -> None:
    want = {
        (p.series, p.previous.year, p.current.year): sorted(f.rule for f in p.findings) for p in cross_year(readings)
    }
    got = {(d["series"], p, y): sorted(f.rule for f in fs) for d in store.series_docs() for p, y, fs in d["pairs"]}
    assert got == want


def test_sql_gives_what_python_computes_on_generated_readings(make_store) -> None:  # type: ignore[no-untyped-def]
    readings = generated()
    assert any(r.errors for r in readings) and any(not r.agency for r in readings)
    store = make_store()
    store.put(readings)
    assert not store.fresh()
    same_stats(store, readings)  # brings the derived tables up to date first
    assert store.fresh()
    same_rollup(store, readings)
    same_series(store, readings)
    # a hierarchy given: summed in SQL now, as rollup() sums it
    h = [("洪泽区教育局", "淮安市人民政府"), ("淮安市清江浦区财政局", "淮安市人民政府")]
    h.append(("淮安市人民政府", "江苏省人民政府"))
    got = store.rollup(hierarchy_from_pairs(h), years=[2021, 2022])
    assert plain(got.to_dict()) == plain(rollup(readings, hierarchy_from_pairs(h), years=[2021, 2022]).to_dict())


def test_derived_tables_follow_the_readings(make_store) -> None:  # type: ignore[no-untyped-def]
    readings = generated(42, seed=7)
    store = make_store()
    store.put(readings[:30])
    store.refresh_cross_year()
    same_rollup(store, readings[:30])
    # more readings, one replaced with other values, one file gone: the sums of the years touched follow
    changed = altered(readings[3], t3__new__total=(readings[3].cells["t3.new.total"] or 0) + 5)
    store.put([*readings[30:], changed])
    store.set_removed([readings[4].source.path or ""])
    now = [changed if r is readings[3] else r for r in readings if r is not readings[4]]
    store.refresh_cross_year()
    same_stats(store, now)
    same_rollup(store, now)
    same_series(store, now)
    sig = store.signature()
    store.refresh_cross_year()  # nothing changed: nothing to do
    assert store.fresh() and store.signature()[:2] == sig[:2]


@pytest.mark.needs_shared
def test_sql_gives_what_python_computes_on_real_readings(make_store) -> None:  # type: ignore[no-untyped-def]
    readings = real_truths()
    twice = [altered(r) for r in readings[:3]]
    for i, r in enumerate(twice):
        r.source = Source(path=f"{r.source.path}#{i}", format="truth")
        r.cells["t3.new.total"] = None  # a poorer reading of the same year
    pt = pingtan()
    pt[3] = altered(pt[3], t3__carried_in__total=pt[3].cells["t3.carried_in.total"] + 1)
    for r in pt:
        r.source = Source(path=f"{r.source.path}#pt", format="truth")
        r.agency = "平潭综合实验区党工委"  # another organ of the same place
    store = make_store()
    every = readings + twice + pt
    store.put(every)
    same_stats(store, every)
    same_rollup(store, every)
    same_series(store, every)


def test_region_pages_read_what_the_rollup_sums(tmp_path: Path) -> None:
    readings = generated(48, seed=3)
    with Store(tmp_path / "r.db") as store:
        store.put(readings)
        store.refresh_cross_year()
        ru = {(r.node, r.year): r for r in rollup(readings).rows}
        total, regions = store.regions_list()
        assert total == len(regions) > 0
        assert store.regions_list(limit=1, offset=1)[1] == regions[1:2]
        for g in regions:
            for y in store.region_years(g["node"]):
                row = ru[(g["node"], y["year"])]
                assert y["cells"] == row.cells and y["incomplete"] == row.incomplete
                assert y["reported"] == len(row.organs) and y["missing_ids"] == row.missing
            n, organs = store.region_organs(g["node"])
            assert n == g["organs"] == len(organs)
            assert [o["rank"] for o in organs] == sorted(o["rank"] for o in organs)


def _to_version_4(db: Path) -> None:
    """Make a store as version 4 kept it: values in the long table ``cells``, no derived tables."""
    with Store(db) as s:
        rows = []
        with s.engine.connect() as c:
            places = dict(c.execute(sa.select(S.provenance.c.report_id, S.provenance.c.cells)).all())
            for v in c.execute(sa.select(S.vals)):
                for k, val, inf, w in cell_tuples(v, places.get(v.report_id)):
                    rows.append((v.report_id, k, val, inf, json.dumps(w, separators=(",", ":")) if w else None))
    con = sqlite3.connect(db)
    try:
        con.execute("DROP VIEW cells")
        for t in ("vals", "provenance", *S.derived.tables):
            con.execute(f"DROP TABLE {t}")
        con.execute(
            "CREATE TABLE cells (report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE, key VARCHAR(120)"
            ' NOT NULL, value FLOAT, inferred FLOAT, "where" TEXT, PRIMARY KEY (report_id, key)) WITHOUT ROWID'
        )
        con.executemany("INSERT INTO cells VALUES (?, ?, ?, ?, ?)", rows)
        con.execute("DELETE FROM ogi_meta WHERE name != 'schema_version'")
        con.execute("UPDATE ogi_meta SET value = '4' WHERE name = 'schema_version'")
        con.commit()
    finally:
        con.close()


def test_a_store_of_version_4_is_brought_up_to_date_in_place(tmp_path: Path) -> None:
    d = tmp_path / "in"
    d.mkdir()
    for i in range(8):
        rep = generate(i)
        rep.agency, rep.year = ORGANS[i % 3], 2021 + i // 3
        (d / f"{i}.txt").write_text(print_report(rep, "pipe"), "utf-8")
    db = tmp_path / "old.db"
    assert subprocess.run([*OGI, "build", str(d), "--db", str(db), "-q"], capture_output=True).returncode == 0
    with Store(db) as s:
        before = {x["source"]["path"]: x for x in s.iter_dicts()}
    _to_version_4(db)
    con = sqlite3.connect(db)
    assert con.execute("select count(*) from cells").fetchone()[0] == sum(len(x["cells"]) for x in before.values())
    con.close()
    p = subprocess.run([*OGI, "stats", "--db", str(db), "--format", "json"], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    with Store(db) as s:
        assert {x["source"]["path"]: x for x in s.iter_dicts()} == before
        assert s.query("select value from ogi_meta where name = 'schema_version'") == [{"value": str(S.SCHEMA_VERSION)}]
        readings = [ogi.model.decode(x) for x in before.values()]
        assert json.loads(p.stdout)["groups"] == plain([g.to_dict() for g in stats(readings)])
    con = sqlite3.connect(db)
    assert "cells" in {r[0] for r in con.execute("select name from sqlite_master where type = 'view'")}
    con.close()


def test_an_index_a_later_version_replaced_is_dropped_and_the_new_one_made(tmp_path: Path) -> None:
    """A store made by an earlier version keeps the reports list's old index: opened by this version,
    it has the one this version declares (which a search by region and year reads, not each report's
    row) and not the old one; its readings and searches are the same."""
    db = tmp_path / "old.db"
    with Store(db) as s:
        s.put(generated(12))
        before = s.search(region="淮安", year=2020)
        assert before[0] > 0
    con = sqlite3.connect(db)
    con.execute("drop index ix_reports_listing")
    con.execute("create index ix_reports_listed on reports (year desc, agency, id)")
    con.commit()
    con.close()
    with Store(db) as s:
        assert s.search(region="淮安", year=2020) == before
    con = sqlite3.connect(db)
    names = {r[0] for r in con.execute("select name from sqlite_master where type = 'index' and tbl_name = 'reports'")}
    plan = " ".join(
        str(r)
        for r in con.execute(
            "explain query plan select id from reports where removed = 0 and region like '%淮安%' and year = 2023 "
            "order by year desc, agency, id limit 100"
        )
    )
    con.close()
    assert "ix_reports_listing" in names and not set(S.RETIRED_INDEXES) & names
    assert "COVERING INDEX ix_reports_listing" in plan


def test_export_streams_and_writes_to_standard_output(tmp_path: Path) -> None:
    readings = generated(12)
    db = tmp_path / "e.db"
    with Store(db) as s:
        s.put(readings)
    p = subprocess.run([*OGI, "export", "--db", str(db)], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    assert not (Path("-")).exists()
    rows = list(csv.reader(io.StringIO(p.stdout)))
    assert len(rows) == 1 + len(readings) and not rows[0][0].startswith("\ufeff")
    i = rows[0].index("t3.new.total")
    assert {r[0]: r[i] for r in rows[1:]} == {
        r.source.path: ("" if r.cells["t3.new.total"] is None else str(r.cells["t3.new.total"])) for r in readings
    }
    p = subprocess.run([*OGI, "export", "--db", str(db), "-o", "-", "-f", "jsonl"], capture_output=True, text=True)
    assert [json.loads(x)["cells"] for x in p.stdout.splitlines()] == [r.cells for r in readings]
    p = subprocess.run([*OGI, "export", "--db", str(db), "--format", "parquet"], capture_output=True, text=True)
    assert p.returncode == 2 and "-o" in p.stderr
    # an Excel sheet goes on in the next past its rows (a small limit to show it)
    from ogi.export import files

    with Store(db) as s:
        files.XLSX_ROWS, old = 5, files.XLSX_ROWS
        try:
            assert files.export_store(s, tmp_path / "x.xlsx", "xlsx") == len(readings)
        finally:
            files.XLSX_ROWS = old
    import zipfile

    with zipfile.ZipFile(tmp_path / "x.xlsx") as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
    assert len(sheets) >= 3 + 1  # 12 rows, 4 a sheet: 3 sheets, and the findings


def test_web_corpus_pages_a_page_at_a_time_and_follows_new_readings(tmp_path: Path) -> None:
    """The corpus pages' queries: regions and a region's organs a page at a time, the pages
    together the whole list; after readings are stored, the facets kept per state of the store
    and the region's years show them."""
    pytest.importorskip("fastapi")
    from ogi.web.corpus import Corpus

    readings = generated(48, seed=3)
    with Store(tmp_path / "w.db") as store:
        store.put(readings[:40])
        store.refresh_cross_year()
        corpus = Corpus(store)
        every = corpus.regions(page=1, per=10_000)
        assert every["total"] == len(every["regions"]) > 2 and every["pages"] == 1
        pages = [corpus.regions(page=p, per=2) for p in range(1, -(-every["total"] // 2) + 1)]
        assert all(p["pages"] == len(pages) for p in pages)
        assert [g for p in pages for g in p["regions"]] == every["regions"]
        node = max(every["regions"], key=lambda g: g["organs"])["node"]
        whole = corpus.region(node, per=10_000)
        assert whole is not None and whole["organs_total"] == len(whole["organs"]) > 2
        parts = [corpus.region(node, page=p, per=2) for p in range(1, -(-whole["organs_total"] // 2) + 1)]
        assert [o for p in parts if p for o in p["organs"]] == whole["organs"]
        assert corpus.region("region:nowhere") is None
        years_before = corpus.facets()["years"]
        assert 2026 not in years_before
        # more readings, one of a new year: the store's state changes, what was kept is made again
        rep = generate(99, tid="2021")
        rep.agency, rep.year = ORGANS[0], 2026
        late = ogi.read(print_report(rep, "pipe"))
        late.source = Source(path="/gen/late.txt", format="text")
        now = [*readings, late]
        store.put([*readings[40:], late])
        store.refresh_cross_year()
        corpus.signature(fresh=True)
        assert corpus.facets()["years"] == [2026, *years_before]
        ru = {(r.node, r.year): r for r in rollup(now).rows}
        # a region's years are those its organs have reports for: 2026 where the new reading's organ is
        sid = corpus.organ_of("/gen/late.txt")
        every = corpus.regions(page=1, per=10_000)["regions"]
        pages = {g["node"]: corpus.region(g["node"], per=10_000) for g in every}
        holding = {n for n, p in pages.items() if p and any(o["id"] == sid for o in p["organs"])}
        assert holding
        for n, after in pages.items():
            assert after is not None and (2026 in [y["year"] for y in after["years"]]) == (n in holding), n
            for y in after["years"]:
                row = ru[(n, y["year"])]
                assert y["cells"] == row.cells and y["reported"] == len(row.organs)
                assert y["expected"] == len(row.organs) + len(row.missing)


def test_a_reader_that_stops_early_is_not_an_error(tmp_path: Path) -> None:
    """`ogi series --db … | head` and `ogi export --db … | head`: a pipe closed before the command
    has written everything ends it quietly, exit 0 (as Unix tools do)."""
    db = tmp_path / "p.db"
    with Store(db) as s:
        s.put(generated())
        s.refresh_cross_year()
    for args in (["series"], ["series", "--format", "jsonl"], ["export"], ["export", "--format", "jsonl"]):
        p = subprocess.Popen([*OGI, *args, "--db", str(db)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert p.stdout is not None and p.stderr is not None
        p.stdout.close()  # the reader is gone before the first line: the first write meets a closed pipe
        err = p.stderr.read().decode()
        assert p.wait(60) == 0, (args, err)
        assert "Error" not in err and "错误" not in err, (args, err)


def test_the_wide_exports_columns_of_a_reading_are_its_scoring_under_the_pack(tmp_path: Path) -> None:
    """The wide table's counts, score and deductions are read from the store's scores (kept under
    each pack as readings are scored); each row is what scoring the stored reading under the pack
    gives (:func:`ogi.export.rows.wide_row`), a removed reading's too (it has no stored score)."""
    from ogi.export.files import store_table_chunks
    from ogi.export.rows import META, wide_row
    from ogi.template.packs import load_pack, pack_file

    readings = generated(30, seed=5)
    with Store(tmp_path / "w.db") as s:
        s.put(readings)
        s.refresh_cross_year()
        s.set_removed([readings[0].source.path])
        for pack in (None, load_pack(pack_file("example-local"))):
            rows = [r for chunk in store_table_chunks(s, pack=pack, include_removed=True) for r in chunk]
            stored = dict(s.readings(include_removed=True, sections=False))
            assert len(rows) == len(stored) == len(readings)
            want = [wide_row(r, pack) for _id, r in sorted(stored.items())]
            assert [r[: len(META)] for r in rows] == [w[: len(META)] for w in want]
            assert any(r[META.index("errors")] for r in rows) and any(r[META.index("deductions")] for r in rows)
            assert s.scores(pack) and len(s.scores(pack)) == len(readings) - 1  # the removed one is not scored
