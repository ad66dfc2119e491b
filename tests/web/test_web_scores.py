"""The office's rule pack and the scores in the web app (issue 14), on SQLite and PostgreSQL: /rules
(the pack in force; an admin sets the office's own), /rankings (scores per region and year, the
deductions itemised), a report's page with its score and its findings as the pack says them."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient

from ogi.check.score import evaluate
from ogi.template.packs import national, pack_file, parse_pack
from ogi.web.app import create_app
from ogi.web.auth import hash_password
from ogi.web.view import SEVERITY_ORDER
from webcorpus import write_corpus
from webtools import OGI, PASSWORD, USERS, postgres


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'web.sqlite3'}"
    else:
        pytest.importorskip("psycopg")
        with postgres() as url:
            yield url


def make_client(app: object, user: str) -> TestClient:
    c = TestClient(app)  # type: ignore[arg-type]
    c.headers["X-CSRF-Token"] = c.get("/me.json").json()["csrf"]
    r = c.post("/login.json", json={"name": user, "password": PASSWORD})
    assert r.status_code == 200, r.text
    c.headers["X-CSRF-Token"] = r.json()["csrf"]
    return c


def test_rules_rankings_and_a_reports_score(db_url: str, tmp_path: Path) -> None:
    files = write_corpus(tmp_path / "corpus")
    subprocess.run(
        [*OGI, "build", str(tmp_path / "corpus"), "--db", db_url, "--jobs", "1"], check=True, capture_output=True
    )
    app = create_app(db_url)
    for name, role in USERS.items():
        if app.state.store.user(name) is None:
            app.state.store.add_user(name, role, hash_password(PASSWORD))
    admin, viewer = make_client(app, "admin"), make_client(app, "vic")

    # the national rules by default: every rule with its basis
    rules = viewer.get("/rules.json").json()
    assert rules["national"] and rules["name"] == national().name and rules["full"] == 100
    assert {r["rule"] for r in rules["rules"]} >= {"period.mismatch", "cells.unit", "text.copied", "fees.processing"}
    assert all(r["basis"] for r in rules["rules"] if r["rule"] in ("period.mismatch", "fees.processing"))
    page = viewer.get("/rules")
    assert page.status_code == 200 and "评分规则" in page.text and "设置本单位的规则包" not in page.text

    # rankings: every report, ranked within its region and year
    ranked = viewer.get("/rankings.json").json()
    assert ranked["pack"]["name"] == national().name
    rows = ranked["rankings"]
    assert len(rows) == len(files)
    store = app.state.store
    for r in rows:
        reading = store.reading(r["report_id"])
        assert r["score"] == evaluate(reading).score
        same = [x for x in rows if (x["region"], x["year"]) == (r["region"], r["year"])]
        assert r["of"] == len(same) and r["rank"] == 1 + sum(x["score"] > r["score"] for x in same)
    worst = min(rows, key=lambda r: r["score"])
    assert worst["score"] < 100 and "错误" in {d["label"] for d in worst["deductions"]}
    # the report with the arithmetic error: its errors deducted, last of its region and year
    wrong = next(r for r in rows if r["agency"] == "淮安市洪泽区民政局" and r["year"] == 2022)
    assert "错误" in {d["label"] for d in wrong["deductions"]} and wrong["rank"] == wrong["of"] > 1
    assert [r["year"] for r in viewer.get("/rankings.json", params={"year": 2022}).json()["rankings"]] == [2022] * 3
    assert viewer.get("/rankings", params={"year": "x"}).status_code == 400  # a year is a year, as on every page
    html = viewer.get("/rankings", params={"year": "2022", "region": "<b>"})
    assert html.status_code == 200 and "<b>" not in html.text.split("<main", 1)[-1].split("</form>")[0].replace(
        'value="&lt;b&gt;"', ""
    )

    # an admin sets the office's pack: the rankings, the report's page follow it
    text = pack_file("example-local").read_text("utf-8")
    assert viewer.post("/rules.json", json={"text": text}).status_code == 403
    r = admin.post("/rules.json", json={"text": text})
    assert r.status_code == 200, r.text
    local = parse_pack(text)
    assert r.json()["name"] == local.name and not r.json()["national"]
    changed = {x["rule"]: x for x in r.json()["rules"] if x["changed"]}
    assert changed["cells.blank"]["severity"] == "error" and not changed["input.partial"]["enabled"]
    ranked = viewer.get("/rankings.json").json()
    assert ranked["pack"]["full"] == 10 and len(ranked["rankings"]) == len(files)
    rid = worst["report_id"]
    d = viewer.get(f"/reports/{rid}.json").json()
    ev = evaluate(store.reading(rid), local)
    assert d["score"]["name"] == local.name and d["score"]["score"] == ev.score < 10
    # the findings as the pack says them, worst first as the page lists them
    worst_first = sorted(ev.findings, key=lambda f: SEVERITY_ORDER.get(f.severity, 9))
    assert [f["rule"] for f in d["findings"]] == [f.rule for f in worst_first]
    assert next(x for x in ranked["rankings"] if x["report_id"] == rid)["score"] == ev.score
    page = viewer.get(f"/reports/{rid}")
    assert page.status_code == 200 and f"得分 {ev.score:g}/10" in page.text
    assert "设置本单位的规则包" in admin.get("/rules").text

    # a bad pack is refused, saying why; the office's stays
    bad = admin.post("/rules.json", json={"text": "[pack]\nname='x'\n[rules.\"no.such\"]\n"})
    assert bad.status_code == 400 and "未知规则 no.such" in bad.text
    assert viewer.get("/rules.json").json()["name"] == local.name
    form = admin.post("/rules", data={"text": "not toml [", "csrf": admin.headers["X-CSRF-Token"]})
    assert form.status_code == 400 and "规则包有误" in form.text
    # back to the national rules from the page's form
    back = admin.post("/rules", data={"reset": "1", "csrf": admin.headers["X-CSRF-Token"]}, follow_redirects=False)
    assert back.status_code == 303
    assert viewer.get("/rules.json").json()["national"]
    d = viewer.get(f"/reports/{rid}.json").json()
    assert d["score"]["full"] == 100 and d["score"]["score"] == evaluate(store.reading(rid)).score
