"""The pages' data (PATH.json) on SQLite and PostgreSQL, the OpenAPI schema, limits, concurrency."""

from __future__ import annotations

import io
import subprocess
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi")

import itertools

from fastapi.testclient import TestClient

import ogi
from ogi.template import template
from ogi.web import deps
from ogi.web.app import create_app
from ogi.web.auth import hash_password
from webcorpus import write_corpus, write_more
from webtools import OGI, PASSWORD, USERS, add_users, client, postgres, serve, wait_batch


def seeds(shared: Path) -> list[Path]:
    found = sorted((shared / "seeds").glob("00[0-4]_*.txt"))
    if len(found) < 3:
        pytest.skip("seeds missing")
    return found


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'web.sqlite3'}"
    else:
        pytest.importorskip("psycopg")
        with postgres() as url:
            yield url


def make_client(url: str, user: str | None) -> TestClient:
    app = create_app(url)
    for name, role in USERS.items():
        if app.state.store.user(name) is None:
            app.state.store.add_user(name, role, hash_password(PASSWORD))
    c = TestClient(app)
    c.headers["X-CSRF-Token"] = c.get("/me.json").json()["csrf"]
    if user:
        r = c.post("/login.json", json={"name": user, "password": PASSWORD})
        assert r.status_code == 200, r.text
        c.headers["X-CSRF-Token"] = r.json()["csrf"]
    return c


def test_openapi_schema_is_valid(tmp_path: Path) -> None:
    validator = pytest.importorskip("openapi_spec_validator")
    app = create_app(f"sqlite:///{tmp_path / 'w.sqlite3'}")
    schema = app.openapi()
    validator.validate(schema)
    paths = set(schema["paths"])
    for p in ("/uploads.json", "/batches/{batch}.json", "/reports/{rid}.json", "/reports/{rid}/reviews.json"):
        assert p in paths
    assert not any(p in paths for p in ("/reports/{rid}", "/uploads", "/login"))  # HTML pages stay out of the schema


def test_check_review_correct_export(db_url: str, shared: Path) -> None:
    files = seeds(shared)[:3]
    c = make_client(db_url, "rita")
    r = c.post("/uploads.json", files=[("files", (f.name, f.read_bytes())) for f in files])
    assert r.status_code == 200, r.text
    b = wait_batch(c, r.json()["batch"])
    assert [u["status"] for u in b["uploads"]] == ["done"] * 3
    for f, u in zip(files, b["uploads"], strict=True):
        expected = ogi.read(f)
        d = c.get(f"/reports/{u['report_id']}.json").json()
        assert d["reading"]["cells"] == expected.cells
        assert d["sha256"] == expected.source.sha256
        assert [x["rule"] for x in d["reading"]["findings"]] == [x.rule for x in expected.findings]
        # the laid-out tables hold every template key once, with its value
        laid = {}
        for t in d["tables"]:
            rows = t.get("rows") or [r for blk in t.get("blocks", []) for r in blk["rows"]]
            cells = t.get("cells") or [c for row in rows for c in row["cells"]]
            laid.update({c["key"]: c["value"] for c in cells})
        assert laid == {k: expected.cells.get(k) for k in template(expected.template).keys}
    # review: keyed by the file, visible from every upload of it
    target_file, target = next((f, u) for f, u in zip(files, b["uploads"], strict=True) if ogi.read(f).findings)
    rid = target["report_id"]
    d = c.get(f"/reports/{rid}.json").json()
    fid = d["findings"][0]["id"]
    r = c.post(f"/reports/{rid}/reviews.json", json={"finding": fid, "status": "dismissed", "comment": "原件无误"})
    assert r.status_code == 200, r.text
    r = c.post(f"/reports/{rid}/reviews.json", json={"finding": "no.such|rule", "status": "confirmed"})
    assert r.status_code == 400
    # corrections are new versions; the read value stays
    key = next(iter(d["reading"]["cells"]))
    read_value = d["reading"]["cells"][key]
    assert c.post(f"/reports/{rid}/corrections.json", json={"key": key, "value": 5}).json()["version"] == 2
    assert c.post(f"/reports/{rid}/corrections.json", json={"key": key, "value": 6}).json()["version"] == 3
    bad = c.post(f"/reports/{rid}/corrections.json", json={"key": "t9.nothing", "value": 1})
    assert bad.status_code == 400
    for slip in (9516.5, -1):  # a count is a whole number not below 0: a slip is refused, in Chinese
        r = c.post(f"/reports/{rid}/corrections.json", json={"key": "t3.new.total", "value": slip})
        assert r.status_code == 400 and "应为非负整数" in r.json()["detail"], r.text
    again = c.post("/uploads.json", files=[("files", ("same.txt", target_file.read_bytes()))])
    b2 = wait_batch(c, again.json()["batch"])
    d2 = c.get(f"/reports/{b2['uploads'][0]['report_id']}.json").json()
    assert d2["reading"]["cells"][key] == read_value
    assert [x["value"] for x in d2["corrections"][key]] == [6, 5]
    marked = next(x for x in d2["findings"] if x["id"] == fid)
    assert marked["review"]["status"] == "dismissed" and marked["review"]["comment"] == "原件无误"
    # exports
    j = c.get(f"/reports/{rid}.json").json()
    assert j["reading"]["cells"][key] == read_value and j["corrections"][key][0]["value"] == 6
    csv_text = c.get(f"/reports/{rid}.csv").content.decode("utf-8-sig")
    label = template(d["reading"]["template"]).keys[key].label
    assert label in csv_text
    x = c.get(f"/reports/{rid}.xlsx").content
    names = zipfile.ZipFile(io.BytesIO(x)).namelist()
    assert "xl/workbook.xml" in names


def test_roles_csrf_and_login(db_url: str, shared: Path) -> None:
    f = seeds(shared)[2]
    anon = make_client(db_url, None)
    assert anon.get("/uploads.json").status_code == 401
    assert anon.post("/login.json", json={"name": "rita", "password": "nope-nope"}).status_code == 401
    viewer = make_client(db_url, "vic")
    r = viewer.post("/uploads.json", files=[("files", (f.name, f.read_bytes()))])
    assert r.status_code == 200
    uid = wait_batch(viewer, r.json()["batch"])["uploads"][0]["report_id"]
    fid = viewer.get(f"/reports/{uid}.json").json()["findings"][0]["id"]
    assert viewer.post(f"/reports/{uid}/reviews.json", json={"finding": fid, "status": "confirmed"}).status_code == 403
    assert viewer.post(f"/reports/{uid}/corrections.json", json={"key": "t3.new.total", "value": 1}).status_code == 403
    assert viewer.get("/users.json").status_code == 403
    reviewer = make_client(db_url, "rita")
    token = reviewer.headers.pop("X-CSRF-Token")
    assert (
        reviewer.post(f"/reports/{uid}/reviews.json", json={"finding": fid, "status": "confirmed"}).status_code == 403
    )
    reviewer.headers["X-CSRF-Token"] = token
    assert (
        reviewer.post(f"/reports/{uid}/reviews.json", json={"finding": fid, "status": "confirmed"}).status_code == 200
    )
    admin = make_client(db_url, "admin")
    assert (
        admin.post("/users.json", json={"name": "new1", "role": "viewer", "password": "longenough1"}).status_code == 200
    )
    assert {"name": "new1", "role": "viewer"}.items() <= next(
        u for u in admin.get("/users.json").json()["users"] if u["name"] == "new1"
    ).items()
    # forms need the token too
    r = reviewer.post(
        f"/reports/{uid}/reviews",
        data={"finding": fid, "status": "confirmed", "csrf": "forged"},
        headers={"X-CSRF-Token": ""},
    )
    assert r.status_code == 403 and "CSRF" in r.text


def test_upload_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    c = make_client(f"sqlite:///{tmp_path / 'w.sqlite3'}", "vic")
    r = c.post(
        "/uploads", files=[("files", ("a.zip", b"PK\x03\x04" + bytes(300)))], data={"csrf": c.headers["X-CSRF-Token"]}
    )
    assert r.status_code == 415 and "不支持的文件类型" in r.text and "a.zip" in r.text
    r = c.post("/uploads.json", files=[("files", ("e.txt", b"   "))])
    assert r.status_code == 415 and "文件为空" in r.json()["files"][0]
    r = c.post("/uploads.json", data={"text": ""})
    assert r.status_code == 400
    monkeypatch.setattr(deps, "MAX_FILE_BYTES", 1000)
    r = c.post(
        "/uploads", files=[("files", ("big.txt", "报告".encode() * 1000))], data={"csrf": c.headers["X-CSRF-Token"]}
    )
    assert r.status_code == 413 and "文件过大" in r.text
    monkeypatch.setattr(deps, "MAX_FILES", 1)
    r = c.post("/uploads.json", files=[("files", ("a.txt", b"a")), ("files", ("b.txt", b"b"))])
    assert r.status_code == 413


def test_two_uploads_at_once_lose_nothing(tmp_path: Path, shared: Path) -> None:
    """Two clerks upload batches at the same moment to a running server; every file is read and kept."""
    files = seeds(shared)
    db = f"sqlite:///{tmp_path / 'web.sqlite3'}"
    add_users(db, {"rita": "reviewer", "vic": "viewer"})
    with serve(db) as base:
        results: dict[str, dict] = {}
        barrier = threading.Barrier(2, timeout=60)

        def clerk(name: str) -> None:
            c = client(base, name)
            barrier.wait()
            r = c.post("/uploads.json", files=[("files", (f.name, f.read_bytes())) for f in files])
            r.raise_for_status()
            results[name] = wait_batch(c, r.json()["batch"])

        threads = [threading.Thread(target=clerk, args=(n,), daemon=True) for n in ("rita", "vic")]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        assert set(results) == {"rita", "vic"}
        c = client(base, "rita")
        ids = [u["id"] for b in results.values() for u in b["uploads"]]
        assert len(set(ids)) == 2 * len(files)
        for b in results.values():
            for f, u in zip(files, b["uploads"], strict=True):
                assert u["status"] == "done", u
                assert c.get(f"/reports/{u['report_id']}.json").json()["reading"]["cells"] == ogi.read(f).cells
        # corrections of one value from several reviewers at once: each gets its own version
        uid = next(iter(results.values()))["uploads"][0]["report_id"]
        key = "t3.new.total"
        versions: list[int] = []

        def correct(v: int) -> None:
            cc = client(base, "rita")
            versions.append(
                cc.post(f"/reports/{uid}/corrections.json", json={"key": key, "value": v}).json()["version"]
            )

        ts = [threading.Thread(target=correct, args=(v,), daemon=True) for v in range(4)]
        for t in ts:
            t.start()
        for t in ts:
            t.join(60)
        assert sorted(versions) == [2, 3, 4, 5]


def test_build_while_browsing(tmp_path: Path, shared: Path) -> None:
    """`ogi build` writes the store while clerks read pages and upload: every request answers, nothing is lost."""
    db = f"sqlite:///{tmp_path / 'web.sqlite3'}"
    first = write_corpus(tmp_path / "a")
    subprocess.run([*OGI, "build", str(tmp_path / "a"), "--db", db, "--jobs", "1"], check=True, capture_output=True)
    more = write_more(tmp_path / "b", 24)
    add_users(db, {"vic": "viewer"})
    upload = seeds(shared)[0]
    with serve(db) as base:
        c = client(base, "vic")
        assert c.get("/reports.json").json()["total"] == len(first)
        build = subprocess.Popen(
            [*OGI, "build", str(tmp_path / "b"), "--db", db, "--jobs", "1"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        seen: list[int] = []
        batch = None
        while build.poll() is None:
            r = c.get("/reports.json")
            assert r.status_code == 200, r.text
            seen.append(r.json()["total"])
            for page in ("/reports", "/regions", "/regions/region:淮安市"):
                assert c.get(page).status_code == 200, page
            if batch is None:
                batch = c.post("/uploads.json", files=[("files", (upload.name, upload.read_bytes()))]).json()["batch"]
        assert build.returncode == 0, build.stderr.read() if build.stderr else ""
        assert seen and seen == sorted(seen)  # each page saw a consistent, growing store
        regions = {g["name"]: g["organs"] for g in c.get("/regions.json").json()["regions"]}
        assert "淮安市淮阴区" in regions
        assert batch is not None
        b = wait_batch(c, batch)
        assert b["uploads"][0]["status"] == "done"
        assert c.get("/reports.json").json()["total"] == len(first) + len(more) + 1  # the upload is a report too
        rid = b["uploads"][0]["report_id"]
        assert c.get(f"/reports/{rid}.json").json()["reading"]["cells"] == ogi.read(upload).cells


def test_pdf_page_drawn_for_the_source_view(tmp_path: Path) -> None:
    """A PDF's page is drawn as a PNG at the scale the page view uses to place value boxes."""
    pdfium = pytest.importorskip("pypdfium2")
    from PIL import Image

    from ogi.web.pdfpage import SCALE

    pdf = pdfium.PdfDocument.new()
    pdf.new_page(200, 300)
    buf = io.BytesIO()
    pdf.save(buf)
    c = make_client(f"sqlite:///{tmp_path / 'w.sqlite3'}", "vic")
    r = c.post("/uploads.json", files=[("files", ("blank.pdf", buf.getvalue()))])
    assert r.status_code == 200
    u = wait_batch(c, r.json()["batch"])["uploads"][0]
    assert u["status"] == "error" and u["error"]  # nothing to read on a blank page, said in one line
    png = c.get(f"/reports/{u['report_id']}/pages/1.png")
    assert png.status_code == 200 and png.headers["content-type"] == "image/png"
    assert Image.open(io.BytesIO(png.content)).size == (round(200 * SCALE), round(300 * SCALE))
    assert c.get(f"/reports/{u['report_id']}/pages/2.png").status_code == 404


def test_corpus_api(db_url: str, tmp_path: Path) -> None:
    """Search, stored report, review, organ, region and compare over a corpus built by `ogi build`."""
    files = write_corpus(tmp_path / "corpus")
    subprocess.run(
        [*OGI, "build", str(tmp_path / "corpus"), "--db", db_url, "--jobs", "1"], check=True, capture_output=True
    )
    c = make_client(db_url, "rita")
    every = c.get("/reports.json").json()
    assert every["total"] == len(files)
    readings = {str(f.resolve()): ogi.read(f) for f in files}
    with_errors = {p for p, r in readings.items() if r.errors}
    # a report's list counts hold the findings comparing it with its organ's year before too
    from ogi.corpus.series import cross_year

    pairs = list(cross_year(readings.values()))
    crossed = {p.current.source.path for p in pairs if any(f.severity == "error" for f in p.findings)}
    got = c.get("/reports.json", params={"severity": "error"}).json()["reports"]
    assert {r["path"] for r in got} == with_errors | crossed
    for r in got:
        cur = readings[r["path"]]
        extra = [f for p in pairs if p.current is cur for f in p.findings if f.severity == "error"]
        assert r["errors"] == len(cur.errors) + len(extra)
    assert {r["year"] for r in c.get("/reports.json", params={"year": 2022}).json()["reports"]} == {2022}
    rule = next(f.rule for p in with_errors for f in readings[p].errors)
    assert {r["path"] for r in c.get("/reports.json", params={"rule": rule}).json()["reports"]} == {
        p for p, r in readings.items() if any(f.rule == rule for f in r.findings)
    }
    # a stored report, its findings reviewed like an upload's
    rid = next(r["id"] for r in every["reports"] if r["path"] in with_errors)  # an error of its own
    d = c.get(f"/reports/{rid}.json").json()
    assert d["reading"]["cells"] == readings[d["reading"]["source"]["path"]].cells
    fid = d["findings"][0]["id"]
    r = c.post(f"/reports/{rid}/reviews.json", json={"finding": fid, "status": "confirmed", "comment": "核实"})
    assert r.status_code == 200, r.text
    assert c.get(f"/reports/{rid}.json").json()["findings"][0]["review"]["status"] == "confirmed"
    viewer = make_client(db_url, "vic")
    assert viewer.post(f"/reports/{rid}/reviews.json", json={"finding": fid, "status": "dismissed"}).status_code == 403
    # organ series and carry-over chain
    o = c.get("/organs/洪泽区教育局.json").json()
    edu = sorted((r for r in readings.values() if r.agency == "淮安市洪泽区教育局"), key=lambda r: r.year)
    assert [y["year"] for y in o["years"]] == [r.year for r in edu]
    assert [y["cells"]["t3.new.total"] for y in o["years"]] == [r.cells["t3.new.total"] for r in edu]
    for link, (prev, cur) in zip(o["chain"], itertools.pairwise(edu), strict=True):
        assert (link["carried_out"], link["carried_in"]) == (
            prev.cells["t3.carried_out.total"],
            cur.cells["t3.carried_in.total"],
        )
        broken = prev.cells["t3.carried_out.total"] != cur.cells["t3.carried_in.total"]
        assert broken == any(f["rule"] == "cross_year.carryover" for f in link["findings"])
    assert c.get("/organs/no-such-organ.json").status_code == 404
    # region: totals are sums over its organs, organs with no report listed
    g = c.get("/regions/region:淮安市.json").json()
    for y in g["years"]:
        assert y["cells"]["t3.new.total"] == sum(
            r.cells["t3.new.total"] for r in readings.values() if r.year == y["year"]
        )
    assert g["years"][-1]["missing"] == ["淮安市清江浦区财政局"]
    # compare
    a, b = o["years"][0]["id"], o["years"][1]["id"]
    cmp = c.get("/compare.json", params={"a": a, "b": b}).json()
    changed = {x["key"] for x in cmp["changed"]}
    assert changed == {k for k in edu[0].cells if edu[0].cells[k] != edu[1].cells.get(k)}


def test_uploads_left_unread_by_a_stopped_server_are_read_at_start(tmp_path: Path, shared: Path) -> None:
    from ogi.store import Store

    url = f"sqlite:///{tmp_path / 'w.sqlite3'}"
    f = seeds(shared)[2]
    with Store(url) as store:
        batch, (uid,) = store.new_batch([(f.name, f.read_bytes())], "vic")  # queued, never read
    c = make_client(url, "vic")
    b = wait_batch(c, batch)
    assert b["uploads"][0]["status"] == "done" and b["uploads"][0]["id"] == uid
    assert c.get(f"/reports/{b['uploads'][0]['report_id']}.json").json()["reading"]["cells"] == ogi.read(f).cells


def test_names_are_escaped(tmp_path: Path) -> None:
    c = make_client(f"sqlite:///{tmp_path / 'w.sqlite3'}", "vic")
    evil = "<img src=x onerror=alert(1)>.txt"
    token = {"csrf": c.headers["X-CSRF-Token"]}
    r = c.post("/uploads", files=[("files", (evil, "今天天气很好。".encode()))], data=token)
    assert r.status_code == 200
    assert "<img src=x" not in r.text and "&lt;img src=x" in r.text


def test_user_cli(tmp_path: Path) -> None:
    db = str(tmp_path / "u.db")
    ok = subprocess.run(
        [*OGI, "user", "add", "zhang", "--role", "reviewer", "--password-stdin", "--db", db],
        input="a-long-password\n",
        capture_output=True,
        text=True,
    )
    assert ok.returncode == 0, ok.stderr
    listed = subprocess.run([*OGI, "user", "list", "--db", db], capture_output=True, text=True, check=True).stdout
    assert listed.startswith("zhang\treviewer")
    bad = subprocess.run(
        [*OGI, "user", "add", "li", "--role", "boss", "--password-stdin", "--db", db],
        input="a-long-password\n",
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "角色" in bad.stderr
    short = subprocess.run(
        [*OGI, "user", "add", "li", "--password-stdin", "--db", db], input="short\n", capture_output=True, text=True
    )
    assert short.returncode == 2 and "10" in short.stderr
    c = make_client(db, None)
    assert c.post("/login.json", json={"name": "zhang", "password": "a-long-password"}).json()["role"] == "reviewer"


def test_pasted_text_over_the_form_limit_gets_a_chinese_page(tmp_path: Path) -> None:
    c = make_client(f"sqlite:///{tmp_path / 'w.sqlite3'}", "vic")
    form = {"text": "报" * 700_000, "csrf": c.headers["X-CSRF-Token"]}
    r = c.post("/uploads", data=form, files=[("files", ("", b""))])
    assert r.status_code == 400 and "1 MB" in r.text and "无法完成操作" in r.text
