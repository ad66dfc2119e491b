"""The corpus store: build, incremental rebuilds, interruption, SQLite and PostgreSQL alike."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("sqlalchemy")

import ogi
from conftest import SHARED
from ogi.errors import OgiError
from ogi.model import Rows
from ogi.runner.build import build
from ogi.samples import STYLES, generate, print_report
from ogi.samples.make import samples
from ogi.store import Store
from ogi.template import template

OGI = [sys.executable, "-m", "ogi"]
STORE_ONLY = ("id", "status", "removed")


def write_generated(d: Path, n: int, start: int = 0) -> list[Path]:
    d.mkdir(parents=True, exist_ok=True)
    styles = sorted(STYLES)
    out = []
    for i in range(start, start + n):
        p = d / f"gen-{i:05d}.txt"
        p.write_text(print_report(generate(i), styles[i % len(styles)]), encoding="utf-8")
        out.append(p)
    return out


def inputs(root: Path) -> list[Path]:
    """Seeds + real text fixtures + bundled samples + generated reports + two unreadable files."""
    gen = root / "generated"
    write_generated(gen, 12)
    for name, data in samples().items():
        (gen / name).write_bytes(data)
    (gen / "empty.txt").write_bytes(b"")
    (gen / "binary.doc").write_bytes(bytes(range(256)) * 8)
    paths = [gen]
    if (SHARED / "seeds").is_dir():
        paths.append(SHARED / "seeds")
    paths += sorted((SHARED / "real").glob("*.txt")) if (SHARED / "real").is_dir() else []
    return paths


def expected(paths: list[Path]) -> dict[str, dict | None]:
    """Each input file → its reading as `ogi.read` gives it, or None when it cannot be read."""
    from ogi.runner.build import iter_files

    out: dict[str, dict | None] = {}
    for f in iter_files(paths):
        try:
            d = ogi.read(f).to_dict()
            d["source"]["path"] = str(f)
            out[str(f)] = d
        except OgiError:
            out[str(f)] = None
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return inputs(tmp_path_factory.mktemp("corpus"))


def stored(store: Store) -> dict[str, dict]:
    """Each stored reading as data, with the reader's own findings (not those comparing it with other reports)."""
    return {
        d["source"]["path"]: {k: v for k, v in d.items() if k not in STORE_ONLY}
        for d in store.iter_dicts(scopes=("report",))
    }


def test_build_stores_every_reading_as_read(tmp_path: Path, corpus: list[Path]) -> None:
    want = expected(corpus)
    with Store(tmp_path / "c.db") as store:
        res = build(corpus, store, jobs=2)
        assert res.seen == len(want) and res.read == len(want)
        assert res.unreadable == sum(v is None for v in want.values()) >= 2
        got = stored(store)
        assert set(got) == set(want)
        for path, d in want.items():
            if d is None:
                assert got[path]["error"]["code"] in ("input", "not_a_report", "unsupported_format"), got[path]
            else:
                assert got[path] == d, path
                assert ogi.Report.from_dict(got[path]).cells == ogi.read(path).cells
        rows = store.reports()
        assert len({r["path"] for r in rows}) == len(rows) == len(want)
        c = store.count()
        assert c["ok"] == sum(v is not None for v in want.values())
        assert c["cells"] == sum(len(d["cells"]) for d in want.values() if d)
        # the keys table is the template's
        keys = {r["key"]: r for r in store.key_table()}
        assert set(template("2021").keys) | set(template("2019").keys) == set(keys)
        k = next(iter(template("2021").keys.values()))
        assert keys[k.key]["label"] == k.label


def test_incremental_skip_replace_remove(tmp_path: Path) -> None:
    d = tmp_path / "in"
    files = write_generated(d, 6)
    with Store(d / "c.db") as store:  # the store's own files under the inputs are never read
        assert build([d], store, jobs=1).read == 6
        again = build([d], store, jobs=1)
        assert (again.read, again.skipped) == (0, 6)
        old = store.get(str(files[0]))
        files[0].write_text(print_report(generate(999), "pipe"), encoding="utf-8")  # changed content
        files[1].unlink()  # gone
        res = build([d], store, jobs=1)
        assert (res.read, res.skipped, res.removed) == (1, 4, 1)
        new = store.get(str(files[0]))
        assert new["source"]["sha256"] != old["source"]["sha256"]
        assert new["cells"] == ogi.read(files[0]).cells
        assert len(store.reports()) == 5
        gone = [r for r in store.reports(include_removed=True) if r["removed"]]
        assert [r["path"] for r in gone] == [str(files[1])]
        assert store.get(str(files[1]))["cells"]  # marked, not deleted
        files[1].write_text(print_report(generate(1), sorted(STYLES)[1]), encoding="utf-8")  # back as it was
        res = build([d], store, jobs=1)
        assert (res.read, res.restored) == (0, 1)
        assert store.count() | {"cells": 0} == {
            "reports": 6,
            "ok": 6,
            "error": 0,
            "removed": 0,
            "cells": 0,
            "findings": store.count()["findings"],
        }


def _db_state(db: Path) -> tuple[int, int, set[int]]:
    """(reports, distinct paths, cell counts per report) read with plain sqlite3."""
    con = sqlite3.connect(db)
    try:
        n, paths = con.execute("select count(*), count(distinct path) from reports").fetchone()
        per = {
            c
            for (c,) in con.execute(
                "select count(c.key) from reports r left join cells c on c.report_id = r.id group by r.id"
            )
        }
        return n, paths, per
    finally:
        con.close()


def _stored_count(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        con = sqlite3.connect(db, timeout=1)
        try:
            return con.execute("select count(*) from reports").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def _build_under_way(tmp_path: Path, n: int = 400) -> tuple[subprocess.Popen[bytes], Path, list[str]]:
    """An `ogi build` subprocess of ``n`` generated reports (its own session), once it has
    stored 20 of them: (process, database, command)."""
    d = tmp_path / "in"
    write_generated(d, n)
    db = tmp_path / "c.db"
    cmd = [*OGI, "build", str(d), "--db", str(db), "--jobs", "2", "--batch", "10", "--quiet"]
    p = subprocess.Popen(cmd, start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while _stored_count(db) < 20 and p.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    return p, db, cmd


def _reruns_to_exactly_once(cmd: list[str], db: Path, n: int, done: int) -> None:
    """Running the build again reads what is missing; every report is then stored once, whole."""
    p2 = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert p2.returncode == 0, p2.stderr
    assert f"{n} files: {n - done} read" in p2.stderr and f"{done} unchanged" in p2.stderr
    total, paths, per = _db_state(db)
    assert total == paths == n
    assert per <= {200, 198}


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT])
def test_interrupted_build_resumes_exactly_once(tmp_path: Path, sig: signal.Signals) -> None:
    n = 400
    p, db, cmd = _build_under_way(tmp_path, n)
    assert p.poll() is None, "the build finished before it could be interrupted"
    os.killpg(p.pid, sig)  # the whole group: writer and workers
    _, err = p.communicate(timeout=60)
    if sig == signal.SIGINT:
        assert p.returncode == 130, err
        assert b"Traceback" not in err
    else:
        assert p.returncode == -signal.SIGKILL
    done, paths, per = _db_state(db)
    assert 20 <= done < n
    assert paths == done
    assert per <= {200, 198}, "a report is half-written"
    _reruns_to_exactly_once(cmd, db, n, done)


def test_killing_the_build_alone_stops_its_writing_workers(tmp_path: Path) -> None:
    """kill -9 of the build process only (not its group): the workers that store readings end
    with it, leaving whole reports only; a re-run stores every report exactly once."""
    n = 400
    p, db, cmd = _build_under_way(tmp_path, n)
    assert p.poll() is None, "the build finished before it could be interrupted"
    os.kill(p.pid, signal.SIGKILL)
    try:
        p.communicate(timeout=60)  # the pipes close when every process holding them has ended
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        pytest.fail("workers outlived the build")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            os.killpg(p.pid, 0)  # any process of the build left?
        except ProcessLookupError:
            break
        time.sleep(0.05)
    else:
        os.killpg(p.pid, signal.SIGKILL)
        pytest.fail("workers outlived the build")
    done, paths, per = _db_state(db)
    assert 20 <= done < n and paths == done
    assert per <= {200, 198}, "a report is half-written"
    _reruns_to_exactly_once(cmd, db, n, done)


def _build_workers(build_pid: int) -> list[int]:
    """The processes forked for a build's pool (children of its forkserver), from /proc."""
    parent = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as f:
                    parent[int(d)] = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                pass
    servers = {p for p, pp in parent.items() if pp == build_pid}
    return [p for p, pp in parent.items() if pp in servers]


def test_a_worker_killed_midway_costs_nothing(tmp_path: Path) -> None:
    """A worker killed during a build (as the out-of-memory killer would): the chunks it held are
    read again, the build completes, every report is stored exactly once, none as unreadable."""
    n = 400
    p, db, _ = _build_under_way(tmp_path, n)
    workers = _build_workers(p.pid)
    assert p.poll() is None and workers, "the build finished before a worker could be killed"
    os.kill(workers[0], signal.SIGKILL)
    _, err = p.communicate(timeout=300)
    assert p.returncode == 0, err
    assert f"{n} files: {n} read ({n} ok" in err.decode()
    total, paths, per = _db_state(db)
    assert total == paths == n
    assert per <= {200, 198}
    con = sqlite3.connect(db)
    assert con.execute("select count(*) from reports where status = 'error'").fetchone()[0] == 0
    con.close()


def test_the_file_that_kills_its_reader_is_found_and_stored_as_unreadable(tmp_path: Path) -> None:
    """A worker process that dies on one file (for real: os._exit in the worker): the files read
    with it are read again, alone; only that file is reported, as unreadable (code crash)."""
    from dying_worker import store_or_die
    from ogi.runner.build import _run_local_writers

    d = tmp_path / "in"
    files = write_generated(d, 60)
    bad = d / "007-crash.txt"
    files[7].rename(bad)
    files[7] = bad
    with Store(tmp_path / "c.db") as store:
        got = list(_run_local_writers([str(f) for f in files], 2, 60, store.url, 4, work=store_or_die))
        crashed = [g for g in got if isinstance(g, Rows)]  # rows for this process to store
        assert [c.report["path"] for c in crashed] == [str(bad)]
        assert crashed[0].report["error_code"] == "crash"
        store.put(crashed)
        rows = store.reports()
        assert sorted(r["path"] for r in rows) == sorted(map(str, files))  # each exactly once
        assert {r["path"]: r["status"] for r in rows if r["status"] != "ok"} == {str(bad): "error"}
        assert len([g for g in got if not isinstance(g, Rows)]) == len(files) - 1
        # an unreadable-because-crashed file is read again by the next build
        assert str(bad) in store.retry_paths()


def test_postgres_gives_the_same_results(tmp_path: Path, corpus: list[Path], pg_url: str) -> None:
    with Store(tmp_path / "c.db") as lite, Store(pg_url) as pg:
        for s in (lite, pg):
            build(corpus, s, jobs=2)
        assert lite.count() == pg.count()
        assert stored(lite) == stored(pg)
        queries = [
            "select key, count(value) as n, sum(value) as total, max(inferred) as inf "
            "from cells group by key order by key",
            "select r.path, f.rule, f.severity, f.keys, f.vals, f.message from findings f "
            "join reports r on r.id = f.report_id order by r.path, f.scope, f.ord",
            "select path, status, error_code, template, year, agency, errors, warnings from reports order by path",
            "select r.path, s.name, length(s.text) as n from sections s join reports r on r.id = s.report_id "
            "order by r.path, s.ord",
            "select key, label, kind, in_2019 from keys order by ord",
        ]

        def rounded(rows: list[dict]) -> list[dict]:
            # a sum of doubles depends on the order rows are met in (parallel writers store them
            # in any order): equal to 9 significant digits, the same figure to a person
            return [{k: float(f"{v:.9g}") if isinstance(v, float) else v for k, v in r.items()} for r in rows]

        for q in queries:
            a, b = lite.query(q), pg.query(q)
            assert rounded(a) == rounded(b), q
            assert a, q

        def no_ids(rows: list[dict]) -> list[dict]:
            return sorted(
                ({k: v for k, v in r.items() if k not in ("report_id", "related_id")} for r in rows),
                key=lambda r: json.dumps(r, sort_keys=True, ensure_ascii=False),
            )

        assert no_ids(lite.findings()) == no_ids(pg.findings()) != []
        assert no_ids(lite.values("t3.new.total")) == no_ids(pg.values("t3.new.total")) != []
        # re-building changes nothing on either
        assert build(corpus, pg, jobs=2).read == 0


def test_cross_year_findings_hook(tmp_path: Path) -> None:
    d = tmp_path / "in"
    a, b = write_generated(d, 2)
    with Store(tmp_path / "c.db") as store:
        build([d], store, jobs=1)
        f = ogi.Finding.of(
            "t3.balance",
            "上年结转与本年新收不一致（跨年度）",
            keys=["t3.carried_in.total"],
            values={"t3.carried_in.total": 3},
            severity="warning",
        )
        store.put_findings(str(b), [f], scope="cross_year", related=str(a))
        got = store.get(str(b))["findings"]
        cross = [x for x in got if x.get("scope") == "cross_year"]
        basis = ogi.Finding.of("t3.balance", "", template=template("2021")).basis  # what every finding cites
        assert cross == [f.to_dict() | {"basis": basis, "scope": "cross_year", "related": str(a)}]
        assert ogi.Report.from_dict(store.get(str(b))).findings[-1].message == f.message
        store.put_findings(str(b), [f, f], scope="cross_year", related=str(a))  # replaces, not adds
        assert len([x for x in store.get(str(b))["findings"] if x.get("scope")]) == 2
        assert store.clear_findings("cross_year") == 2
        with pytest.raises(ValueError):
            store.clear_findings("report")


def carried_over(prev: ogi.Report, cur: ogi.Report) -> list[ogi.Finding]:
    """A real cross-year rule, as the analysis code would give it: what a report carries over to the
    next year must be what the next year's report says it carried in."""
    out = []
    a, b = prev.cells.get("t3.carried_out.total"), cur.cells.get("t3.carried_in.total")
    if a is not None and b is not None and a != b:
        out.append(
            ogi.Finding(
                rule="cross_year.carried",
                severity="warning",
                message=f"上年结转下年度{a}件，本年上年结转{b}件",
                keys=["t3.carried_in.total"],
                values={"prev.t3.carried_out.total": a, "t3.carried_in.total": b},
            )
        )
    return out


def test_apply_pairs_stores_cross_year_findings(tmp_path: Path) -> None:
    d = tmp_path / "in"
    d.mkdir()
    # the first generated report that carries something over, then two that follow it
    seed = next(i for i in range(500) if generate(i).cells["t3.carried_out.total"] > 0)
    files = []
    for i in (seed, seed + 1, seed + 2):
        files.append(d / f"r{i}.txt")
        files[-1].write_text(print_report(generate(i), "pipe"), encoding="utf-8")
    with Store(tmp_path / "c.db") as store:
        build([d], store, jobs=1)
        pairs = [(str(files[0]), str(files[1])), (str(files[1]), str(files[2]))]
        want = [carried_over(ogi.read(a), ogi.read(b)) for a, b in pairs]
        assert want[0], "the pair must disagree"
        assert store.apply_pairs(pairs, carried_over) == sum(map(len, want))
        for (a, b), fs in zip(pairs, want, strict=True):
            got = [f for f in store.get(b)["findings"] if f.get("scope") == "cross_year"]
            assert got == [f.to_dict() | {"scope": "cross_year", "related": a} for f in fs]
        assert {f["rule"] for f in store.findings(scope="cross_year")} == {"cross_year.carried"}
        # re-reading the earlier report drops the findings that compared against it
        files[0].write_text(print_report(generate(777), "pipe"), encoding="utf-8")
        build([d], store, jobs=1)
        assert not [f for f in store.get(str(files[1]))["findings"] if f.get("scope")]


def test_a_file_past_the_timeout_is_stored_as_unreadable(tmp_path: Path) -> None:
    d = tmp_path / "in"
    write_generated(d, 3)
    db = tmp_path / "c.db"
    # its own process: the time limit's signal, in a process where other tests ran OCR engines of
    # both runtimes, crashed it (a fault inside the engines' threads, not in ogi)
    p = subprocess.run(
        [sys.executable, "-m", "ogi", "build", str(d), "--db", str(db), "--jobs", "1", "--timeout", "0.0001"],
        capture_output=True,
        text=True,
        timeout=300,
    )  # no reading finishes in 0.1 ms
    assert p.returncode == 0 and "3 unreadable" in p.stderr + p.stdout, p.stderr
    with Store(db) as store:
        assert {r["error_code"] for r in store.reports()} == {"timeout"} and len(store.reports()) == 3
        res = build([d], store, jobs=2, timeout=60)  # unchanged, but a timeout may pass: read again
        assert (res.read, res.ok, res.skipped) == (3, 3, 0)
        assert store.count()["ok"] == 3


def test_readers_for_this_process_to_store(tmp_path: Path) -> None:
    """The engine behind stores other processes cannot open (an in-memory database): worker
    processes read, this process stores; each file's rows come back once, as read here."""
    from ogi.runner.build import _run_local, read_rows

    files = [str(f) for f in write_generated(tmp_path / "in", 24)]
    items = list(_run_local(files, 2, 60))
    assert sorted(i.report["path"] for i in items) == sorted(files)
    one = next(i for i in items if i.report["path"] == files[5])
    assert one.cells == read_rows(files[5]).cells and one.report["status"] == "ok"


def test_a_reader_stuck_in_c_code_is_killed_and_its_file_stored_as_timed_out(tmp_path: Path) -> None:
    """A worker stuck where the per-file alarm never reaches (C code) is killed once silent past
    the timeout; the files it held are read again, and the one it was stuck on alone is stored
    as unreadable with code ``timeout``."""
    from dying_worker import store_or_hang
    from ogi.runner.build import _run_local_writers

    files = write_generated(tmp_path / "in", 20)
    stuck = files[3].with_name("003-hang.txt")
    files[3] = files[3].rename(stuck)
    t0 = time.monotonic()
    with Store(tmp_path / "c.db") as store:
        # a limit no ordinary file comes near even on a loaded machine; the stuck one never ends
        got = list(_run_local_writers([str(f) for f in files], 2, 10.0, store.url, 4, work=store_or_hang))
        given_up = [g for g in got if isinstance(g, Rows)]
        assert [(g.report["path"], g.report["error_code"]) for g in given_up] == [(str(stuck), "timeout")]
        store.put(given_up)
        rows = store.reports()
        assert sorted(r["path"] for r in rows) == sorted(map(str, files))
        assert [r["path"] for r in rows if r["status"] != "ok"] == [str(stuck)]
    assert time.monotonic() - t0 < 600  # a guard against the build hanging, not a speed figure
