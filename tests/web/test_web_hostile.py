"""Random and hostile values sent to every route of the web app, against `ogi serve` on loopback.

The routes are enumerated from the app itself (its path, query, form, file and JSON body
parameters), so a route added later is covered too. Seeded and bounded: PER_ROUTE requests a
route (fewer on PostgreSQL), as an admin, a viewer or nobody, with the session's CSRF token most
of the time (so the handlers run past the checks). No answer may be a 500 (or any 5xx); an error
of ``PATH.json`` is JSON with a ``detail``; an error page is in Chinese; every answer carries the
security headers.
"""

from __future__ import annotations

import json
import random
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

pytest.importorskip("fastapi")

import httpx
from fastapi.routing import iter_route_contexts

from webcorpus import write_corpus
from webtools import OGI, add_users, client, postgres, serve, wait_batch

SEED = 13
PER_ROUTE = {"sqlite": 24, "postgresql": 8}
CJK = re.compile(r"[\u4e00-\u9fff]")
SECURITY_HEADERS = ("content-security-policy", "x-frame-options", "x-content-type-options", "referrer-policy")

STRINGS = [
    "",
    " ",
    "0",
    "-1",
    "1e20",
    "1e400",
    "NaN",
    "inf",
    "9" * 25,
    "abc",
    "' OR 1=1 --",
    '"; DROP TABLE web_user; --',
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "../../../../etc/passwd",
    "..\\..\\windows\\win.ini",
    "a\x00b",
    "\x00",
    "\r\nSet-Cookie: evil=1",
    "{{7*7}}",
    "${jndi:ldap://127.0.0.1/a}",
    "%s%s%s%n",
    "null",
    "[]",
    "{}",
    "//127.0.0.1/x",
    "报告" * 3000,
    "x" * 70_000,
    "😀\u202e\ufeff",
    "１２３",
    "t3.new.total",
    "admin",
]
INTS = [0, 1, 2, 3, -1, 2**31 - 1, 2**31, 2**63, 10**25]
URL_VALUE = 3000  # characters of a value in the URL (a client refuses URLs past 64 kB; request lines are bounded)


def app_routes(db: str) -> list[dict[str, Any]]:
    """Every route of the app: path, methods and its parameters by where they come from."""
    from ogi.web.app import create_app

    app = create_app(db)
    try:
        out = []
        for ctx in iter_route_contexts(app.router.routes):
            dep = getattr(ctx.route, "dependant", None)
            methods = sorted(ctx.methods or ["GET"])
            if dep is None:  # the static files
                out.append(
                    {"path": ctx.path + "/{file}", "methods": ["GET"], "path_params": ["file"], "query": []}
                    | {"form": [], "files": [], "json": None}
                )
                continue
            form, files, body = [], [], None
            for p in dep.body_params:
                kind = type(p.field_info).__name__
                if kind == "File":
                    files.append(p.name)
                elif kind == "Form":
                    form.append(p.name)
                else:
                    body = p.field_info.annotation
            out.append(
                {
                    "path": ctx.path,
                    "methods": methods,
                    "path_params": [p.name for p in dep.path_params],
                    "query": [p.name for p in dep.query_params],
                    "form": form,
                    "files": files,
                    "json": body,
                }
            )
        return out
    finally:
        app.state.reader.close()  # an app never served: no housekeeping thread to stop
        app.state.store.close()


def hostile(rng: random.Random) -> str:
    return str(rng.choice(INTS)) if rng.random() < 0.3 else rng.choice(STRINGS)


def json_value(rng: random.Random, depth: int = 0) -> Any:
    pick = rng.random()
    if depth > 2 or pick < 0.35:
        return rng.choice([None, True, -1, 0, 2**70, 1e308, -1e-308, 3.5, *STRINGS[:20]])
    if pick < 0.6:
        return [json_value(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    return {hostile(rng)[:20]: json_value(rng, depth + 1) for _ in range(rng.randint(0, 3))}


def json_body(rng: random.Random, model: Any) -> bytes:
    """A JSON body: the model's fields with hostile values, or another shape, or not JSON at all."""
    fields = list(getattr(model, "model_fields", {}) or {})
    pick = rng.random()
    if pick < 0.55 and fields:
        body = {f: json_value(rng) if rng.random() < 0.7 else hostile(rng) for f in fields if rng.random() < 0.85}
        return json.dumps(body).encode()
    if pick < 0.7:
        return json.dumps(json_value(rng)).encode()
    if pick < 0.8:
        return b"[" * 100_000 + b"]" * 100_000  # nested deeper than a parser's stack
    if pick < 0.9:
        return rng.randbytes(rng.randint(0, 300))
    return b'{"a": ' + b"1" * 5000 + b"}"


def fill_path(rng: random.Random, path: str, ids: dict[str, list[str]]) -> str:
    def one(m: re.Match[str]) -> str:
        name, conv = m.group(1), m.group(2) or ""
        known = ids.get(name, [])
        if known and rng.random() < 0.4:
            return quote(rng.choice(known), safe="")
        if conv == ":int":
            return str(abs(rng.choice(INTS)))
        v = hostile(rng)[:URL_VALUE]
        return quote(v, safe="/." if conv == ":path" and rng.random() < 0.3 else "")

    return re.sub(r"\{(\w+)(:\w+)?\}", one, path)


def upload_file(rng: random.Random) -> tuple[str, tuple[str, bytes]]:
    name = rng.choice(STRINGS[:25]) + rng.choice([".txt", ".pdf", ".docx", ".zip", ""])
    pick = rng.random()
    if pick < 0.3:
        data = rng.randbytes(rng.randint(0, 2000))
    elif pick < 0.5:
        data = b"%PDF-1.4\n" + rng.randbytes(500)
    elif pick < 0.6:
        data = b"PK\x03\x04" + rng.randbytes(300)
    else:
        data = ("政府信息公开工作年度报告\n" + hostile(rng)[:2000]).encode()
    return "files", (name, data)


class Clients:
    """An admin, a viewer and nobody, each with its session; logged in again when a session ends
    (the fuzz may log itself out or reset a password)."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.by: dict[str, httpx.Client] = {}

    def get(self, who: str) -> httpx.Client:
        c = self.by.get(who)
        if c is not None and (who == "nobody" or c.get("/me.json").json().get("user") == who):
            return c
        try:
            c = client(self.base, None if who == "nobody" else who)
        except httpx.HTTPStatusError:  # disabled, deleted or locked by the fuzz: as nobody
            c = client(self.base)
        self.by[who] = c
        return c

    def close(self) -> None:
        for c in self.by.values():
            c.close()


def send(
    rng: random.Random, c: httpx.Client, route: dict[str, Any], method: str, ids: dict[str, list[str]]
) -> httpx.Response:
    path = fill_path(rng, route["path"], ids)
    params: list[tuple[str, str]] = []
    for q in route["query"]:
        if rng.random() < 0.7:
            params.append((q, hostile(rng)[:URL_VALUE] if rng.random() < 0.8 else rng.choice(ids.get(q, ["1"]))))
    if rng.random() < 0.2:
        params.append((hostile(rng)[:30] or "x", hostile(rng)[:URL_VALUE]))
    token = c.headers.get("X-CSRF-Token", "")
    headers = {"X-Forwarded-For": f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"}
    if rng.random() < 0.15:
        headers["X-CSRF-Token"] = bytes(b for b in hostile(rng)[:200].encode("utf-8") if b > 0x20) or b"x"
    kw: dict[str, Any] = {"params": params, "headers": headers}
    if method in ("POST", "PUT", "PATCH", "DELETE"):
        if route["json"] is not None:
            kw["content"] = json_body(rng, route["json"])
            headers["Content-Type"] = "application/json"
        elif route["form"] or route["files"]:
            data = {f: hostile(rng) for f in route["form"] if rng.random() < 0.8}
            if "csrf" in route["form"]:
                data["csrf"] = token if rng.random() < 0.85 else hostile(rng)
            kw["data"] = data
            if route["files"] and rng.random() < 0.8:
                kw["files"] = [upload_file(rng) for _ in range(rng.randint(1, 3))]
    return c.request(method, path, **kw)


def check(r: httpx.Response, what: str) -> None:
    assert r.status_code < 500, f"{what}: {r.status_code} {r.text[:300]}"
    for h in SECURITY_HEADERS:
        assert h in r.headers, f"{what}: no {h}"
    if r.status_code >= 400:
        path = r.request.url.path
        if path.endswith(".json"):
            assert isinstance(r.json().get("detail"), (str, list)), f"{what}: {r.text[:200]}"
        elif r.headers.get("content-type", "").startswith("text/html"):
            assert CJK.search(r.text), f"{what}: an error page not in Chinese: {r.text[:200]}"


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str]]:
    if request.param == "sqlite":
        yield "sqlite", f"sqlite:///{tmp_path / 'web.sqlite3'}"
    else:
        pytest.importorskip("psycopg")
        with postgres() as url:
            yield "postgresql", url


def test_every_route_answers_hostile_values_without_a_500(store_url: tuple[str, str], tmp_path: Path) -> None:
    kind, db = store_url
    write_corpus(tmp_path / "corpus")
    build = [*OGI, "build", str(tmp_path / "corpus"), "--db", db, "--jobs", "1"]
    subprocess.run(build, check=True, capture_output=True)
    add_users(db, {"admin": "admin", "vic": "viewer"})
    routes = app_routes(db)
    assert len(routes) > 40  # every resource: pages, data, forms
    rng = random.Random(SEED)
    with serve(db) as base:
        admin = client(base, "admin")
        text = (tmp_path / "corpus" / "2021-淮安市洪泽区教育局.txt").read_text("utf-8")
        up = admin.post("/uploads.json", data={"text": text})
        b = wait_batch(admin, up.json()["batch"])
        rows = admin.get("/reports.json").json()["reports"]
        reports = [str(r["id"]) for r in rows]
        organs = sorted({r["organ"] for r in rows if r.get("organ")})
        ids = {
            "rid": reports,
            "a": reports,
            "b": reports,
            "uid": [str(b["uploads"][0]["id"])],
            "batch": [b["batch"]],
            "name": ["vic", "admin", "nobody"],
            "node": ["region:淮安市", "region:淮安市洪泽区"],
            "sid": ["洪泽区教育局", *organs],
            "kind": ["csv", "xlsx", "json"],
            "file": ["app.css", "app.js", "../../../etc/passwd"],
        }
        clients = Clients(base)
        sent = 0
        try:
            for route in routes:
                for method in route["methods"]:
                    for _ in range(PER_ROUTE[kind]):
                        who = rng.choices(["admin", "vic", "nobody"], weights=[6, 2, 2])[0]
                        r = send(rng, clients.get(who), route, method, ids)
                        check(r, f"{method} {route['path']} as {who}: {r.request.url}")
                        sent += 1
        finally:
            clients.close()
        assert sent >= len(routes) * PER_ROUTE[kind]
        # the server is still whole: it answers, its admin can still log in
        assert client(base, "admin").get("/users.json").status_code == 200


def test_hostile_parameters_answer_400_in_chinese(tmp_path: Path) -> None:
    """The issue's cases: ?year=abc, ?page=abc, ?page=1e20, an id of 25 digits: a Chinese 400 page,
    or a JSON error naming the parameter; never a 500."""
    db = f"sqlite:///{tmp_path / 'web.sqlite3'}"
    add_users(db, {"vic": "viewer"})
    with serve(db) as base:
        c = client(base, "vic")
        for path, param in (
            ("/reports?year=abc", "year"),
            ("/reports?page=abc", "page"),
            ("/reports?page=1e20", "page"),
            ("/reports?page=" + "9" * 25, "page"),
            ("/reports/" + "9" * 25, "rid"),
            ("/compare?a=1&b=" + "9" * 25, "b"),
            ("/uploads?limit=-5", "limit"),
        ):
            page = c.get(path)
            assert page.status_code == 400, (path, page.status_code)
            assert "请求中的参数无效" in page.text and param in page.text, path
            base_path, _, query = path.partition("?")
            data = c.get(base_path + ".json" + (f"?{query}" if query else ""))
            assert data.status_code == 400, (path, data.status_code)
            assert param in {e["field"] for e in data.json()["errors"]}, data.json()
        assert c.get("/reports?year=").status_code == 200  # the search form's "all years"
        assert c.get("/compare.json?a=&b=").status_code == 200  # an empty id: none chosen (was a 500)
        assert c.get("/reports?year=2023&page=1").status_code == 200
