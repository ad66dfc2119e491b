"""What admins keep and manage (issue 13), against `ogi serve` on loopback: concurrent corrections of
one value (each kept as its version, or a Chinese 409 — never a 500), retention of uploaded files
(by age, once reviewed) and their deletion, the audit log paged and exported, and `ogi backup` of a
live SQLite store brought back by `ogi restore` and compared; uploads read in worker processes the
server replaces when they die."""

from __future__ import annotations

import contextlib
import csv
import html
import io
import os
import re
import signal
import sqlite3
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi")

import httpx

from ogi.template import key_label
from webcorpus import write_corpus
from webtools import OGI, add_users, client, postgres, serve, serving, wait_batch

CJK = re.compile(r"[\u4e00-\u9fff]")
KEY = "t3.new.total"


def build(tmp_path: Path, db: str) -> None:
    write_corpus(tmp_path / "corpus")
    cmd = [*OGI, "build", str(tmp_path / "corpus"), "--db", db, "--jobs", "1"]
    subprocess.run(cmd, check=True, capture_output=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'web.sqlite3'}"
    else:
        pytest.importorskip("psycopg")
        with postgres() as url:
            yield url


def test_fifty_concurrent_corrections_of_one_value_and_the_audit_log(db_url: str, tmp_path: Path) -> None:
    build(tmp_path, db_url)
    add_users(db_url, {"admin": "admin", "rita": "reviewer", "vic": "viewer"})
    with serve(db_url) as base:
        rita = client(base, "rita")
        rid = rita.get("/reports.json").json()["reports"][0]["id"]
        barrier = threading.Barrier(50)
        answers: list[httpx.Response] = []

        def correct(v: int) -> None:
            barrier.wait(60)
            answers.append(rita.post(f"/reports/{rid}/corrections.json", json={"key": KEY, "value": v}))

        threads = [threading.Thread(target=correct, args=(v,), daemon=True) for v in range(50)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        assert len(answers) == 50
        assert {r.status_code for r in answers} <= {200, 409}, [r.text for r in answers if r.status_code >= 500]
        for r in answers:
            if r.status_code == 409:
                assert CJK.search(r.json()["detail"])
        versions = sorted(r.json()["version"] for r in answers if r.status_code == 200)
        assert versions == list(range(2, 2 + len(versions)))  # each success its own version, none lost
        kept = rita.get(f"/reports/{rid}.json").json()["corrections"][KEY]
        assert len(kept) == len(versions)
        for v in range(60):  # more entries than a page of the audit log holds
            assert rita.post(f"/reports/{rid}/corrections.json", json={"key": KEY, "value": 100 + v}).status_code == 200

        # the audit log: admins only, newest first, 100 a page, filtered, exported whole
        vic = client(base, "vic")
        assert vic.get("/audit.json").status_code == 403 and vic.get("/audit.csv").status_code == 403
        admin = client(base, "admin")
        first = admin.get("/audit.json").json()
        total = first["total"]
        assert total >= len(versions) + 60 + 3 and first["pages"] == -(-total // 100)
        second = admin.get("/audit.json", params={"page": 2}).json()
        assert len(first["entries"]) == 100 and len(second["entries"]) == min(100, total - 100)
        ids = [e["id"] for e in first["entries"] + second["entries"]]
        assert ids == sorted(ids, reverse=True) and len(set(ids)) == len(ids)
        fixes = admin.get("/audit.json", params={"action": "correction"}).json()
        assert fixes["total"] == len(versions) + 60
        e = fixes["entries"][0]
        assert (e["user"], e["target"], e["detail"]["key"], e["detail"]["value"]) == ("rita", str(rid), KEY, 159)
        assert e["address"] == "127.0.0.1"
        logins = admin.get("/audit.json", params={"action": "login"}).json()["entries"]
        assert {x["user"] for x in logins} == {"admin", "rita", "vic"}
        assert e["at"].endswith("Z")  # the data's times say their zone
        page = admin.get("/audit", params={"action": "correction"})
        assert page.status_code == 200 and "更正数值" in page.text
        assert "北京时间" in page.text and "单元格：" in page.text and "key=" not in page.text  # said in Chinese
        assert f"单元格：{html.escape(key_label(KEY))}" in page.text and f"单元格：{KEY}" not in page.text
        exported = admin.get("/audit.csv")
        assert exported.headers["content-type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
        assert rows[0][:5] == ["id", "时间（UTC）", "用户", "地址", "操作"]
        assert len(rows) - 1 >= total  # every entry (and the log-in that fetched it)
        assert [int(r[0]) for r in rows[1:]] == sorted(int(r[0]) for r in rows[1:])


def test_retention_and_deletion_of_uploaded_files(tmp_path: Path) -> None:
    path = tmp_path / "web.sqlite3"
    db = f"sqlite:///{path}"
    corpus = tmp_path / "corpus"
    write_corpus(corpus)
    # the first with findings (an arithmetic error), the others none; one year of each organ (no cross-year findings)
    names = ["2022-淮安市洪泽区民政局", "2021-淮安市洪泽区教育局", "2021-淮安市清江浦区财政局"]
    texts = [corpus / f"{n}.txt" for n in names]
    add_users(db, {"admin": "admin", "rita": "reviewer"})
    with serve(db) as base:
        admin = client(base, "admin")
        up = admin.post("/uploads.json", files=[("files", (f.name, f.read_bytes())) for f in texts])
        uploads = wait_batch(admin, up.json()["batch"])["uploads"]
        assert [u["status"] for u in uploads] == ["done"] * 3
        (u1, r1), (u2, _), (u3, r3) = [(u["id"], u["report_id"]) for u in uploads]
        kept = admin.get("/retention.json").json()
        assert kept["kept"]["files"] == 3 and [u["id"] for u in kept["uploads"]] == [u1, u2, u3]
        assert kept["settings"] == {"days": 0, "reviewed": False}

        # by age: one read long ago
        with contextlib.closing(sqlite3.connect(path)) as con, con:
            con.execute("UPDATE web_upload SET finished_at = '2001-01-01 00:00:00' WHERE id = ?", (u2,))
        rita = client(base, "rita")
        assert rita.post("/retention.json", json={"days": 30, "reviewed": False}).status_code == 403
        got = admin.post("/retention.json", json={"days": 30, "reviewed": False}).json()
        assert got == {"settings": {"days": 30, "reviewed": False}, "deleted": [u2]}

        # once reviewed: the readings with no error or warning at once, the other once its findings are marked
        got = admin.post("/retention.json", json={"days": 0, "reviewed": True}).json()
        assert got["deleted"] == [u3]
        found = rita.get(f"/reports/{r1}.json").json()["findings"]
        findings = [f for f in found if f["severity"] in ("error", "warning")]
        assert findings
        for f in findings:
            mark = {"finding": f["id"], "status": "confirmed"}
            assert rita.post(f"/reports/{r1}/reviews.json", json=mark).status_code == 200
        assert admin.post("/retention.json", json={"days": 0, "reviewed": True}).json()["deleted"] == [u1]
        assert admin.get(f"/reports/{r1}.json").status_code == 200  # the reading stays
        left = admin.get("/retention.json").json()
        assert left["uploads"] == [] and left["kept"] == {"files": 0, "bytes": 0, "purged": 3}
        with contextlib.closing(sqlite3.connect(path)) as con:
            assert con.execute("SELECT count(*) FROM web_upload WHERE data IS NOT NULL").fetchone()[0] == 0

        # an admin deletes an upload with its reading
        assert rita.delete(f"/uploads/{u3}.json", params={"what": "all"}).status_code == 403
        assert admin.delete(f"/uploads/{u3}.json", params={"what": "all"}).status_code == 200
        assert admin.get(f"/reports/{r3}.json").status_code == 404
        assert admin.delete(f"/uploads/{u3}.json").status_code == 404
        actions = [e["action"] for e in admin.get("/audit.json").json()["entries"]]
        assert actions.count("upload") == 3 and actions.count("file_purged") == 3
        assert actions.count("upload_deleted") == 1 and actions.count("retention_changed") == 3
        assert actions.count("review") == len(findings)


def table_rows(path: Path) -> dict[str, list[tuple]]:
    """Every table of a SQLite file, its rows in a fixed order."""
    with contextlib.closing(sqlite3.connect(path)) as c:
        names = [r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {n: sorted(c.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr) for n in names}


def test_backup_of_a_live_store_restores_equal(tmp_path: Path) -> None:
    path = tmp_path / "web.sqlite3"
    db = f"sqlite:///{path}"
    build(tmp_path, db)
    add_users(db, {"admin": "admin", "rita": "reviewer"})
    copy, restored = tmp_path / "backup.sqlite3", tmp_path / "restored.sqlite3"
    with serve(db) as base:
        rita = client(base, "rita")
        rid = rita.get("/reports.json").json()["reports"][0]["id"]
        stop = threading.Event()
        written: list[int] = []

        def write() -> None:  # corrections go on while the backup is made
            v = 0
            while not stop.is_set() and v < 2000:
                r = rita.post(f"/reports/{rid}/corrections.json", json={"key": KEY, "value": v})
                if r.status_code == 200:
                    written.append(v)
                v += 1

        th = threading.Thread(target=write, daemon=True)
        th.start()
        try:
            r = subprocess.run([*OGI, "backup", str(copy), "--db", db], capture_output=True, text=True, timeout=300)
        finally:
            stop.set()
            th.join(120)
        assert r.returncode == 0, r.stderr
        assert "已备份到" in r.stdout
    live = table_rows(path)
    got = table_rows(copy)
    assert set(got) == set(live)
    marks = [("marks",)]  # the count of marks and corrections (Store.signature): written with each correction
    for name, rows in live.items():
        if name in ("web_correction", "web_audit", "web_session", "web_login_guard", "web_setting"):
            continue  # written during the copy
        if name == "ogi_meta":
            rows, got_rows = ([r for r in x if r[:1] not in marks] for x in (rows, got[name]))
            assert got_rows == rows, name
            continue
        assert got[name] == rows, name
    # the copy is one moment: its corrections are the first ones written, versions without a gap,
    # and its count of them the same moment's
    versions = sorted(v[0] for v in sqlite3.connect(copy).execute("SELECT version FROM web_correction"))
    assert versions == list(range(2, 2 + len(versions))) and len(versions) <= len(written)
    counted = sqlite3.connect(copy).execute("SELECT value FROM ogi_meta WHERE name = 'marks'").fetchall()
    assert [int(v) for (v,) in counted] == ([len(versions)] if versions else [])

    r = subprocess.run([*OGI, "restore", str(copy), "--db", f"sqlite:///{restored}"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert table_rows(restored) == got
    # the restored store serves: its reports and its users' log-ins
    with serve(f"sqlite:///{restored}") as base:
        c = client(base, "admin")
        assert c.get(f"/reports/{rid}.json").json()["corrections"][KEY][0]["version"] == 1 + len(versions)

    # refusals: an existing store without --force, a file that is not a store, a PostgreSQL URL
    again = subprocess.run([*OGI, "restore", str(copy), "--db", str(restored)], capture_output=True, text=True)
    assert again.returncode != 0 and "--force" in again.stderr and "Traceback" not in again.stderr
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database" * 100)
    bad = subprocess.run([*OGI, "restore", str(junk), "--db", str(tmp_path / "x.db")], capture_output=True, text=True)
    assert bad.returncode != 0 and CJK.search(bad.stderr) and "Traceback" not in bad.stderr
    to_pg = [*OGI, "backup", str(tmp_path / "pg.bak"), "--db", "postgresql://u@127.0.0.1:1/x"]
    pg = subprocess.run(to_pg, capture_output=True, text=True)
    assert pg.returncode != 0 and "pg_dump" in pg.stderr


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (from /proc)."""
    out: list[int] = []
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            for t in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{t}/children") as f:
                    kids = [int(x) for x in f.read().split()]
                out += kids
                todo += kids
        except OSError:
            continue
    return out


def test_uploads_are_read_in_worker_processes_the_server_replaces(tmp_path: Path) -> None:
    """Reading happens in processes below the server, not in it: killed (as the out-of-memory
    killer would), they are replaced, and the server goes on answering and reading."""
    db = f"sqlite:///{tmp_path / 'web.sqlite3'}"
    corpus = tmp_path / "corpus"
    texts = sorted(write_corpus(corpus))
    add_users(db, {"vic": "viewer"})
    with serving(db) as (base, server):
        vic = client(base, "vic")
        up = vic.post("/uploads.json", files=[("files", (texts[0].name, texts[0].read_bytes()))])
        assert wait_batch(vic, up.json()["batch"])["uploads"][0]["status"] == "done"
        workers = descendants(server.pid)
        assert workers  # the reading's processes (forkserver, workers), idle now
        for pid in workers:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        up = vic.post("/uploads.json", files=[("files", (texts[1].name, texts[1].read_bytes()))])
        b = wait_batch(vic, up.json()["batch"])
        assert b["uploads"][0]["status"] == "done"
        assert vic.get(f"/reports/{b['uploads'][0]['report_id']}.json").status_code == 200
        assert server.poll() is None
        assert set(descendants(server.pid)).isdisjoint(workers)  # new ones
