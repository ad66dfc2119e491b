"""Accounts that resist guessing (issue 13), against `ogi serve` on loopback: throttling of failed
log-ins per name and per address (backoff, then a lockout an admin lifts), the same answer and the
same argon2 work for unknown names, the password policy, password change, disabling and deleting
users (CLI and admin page), sessions kept server-side (logout, disabling and a new password end
them at once; idle and absolute expiry), the Secure cookie, security headers, and `ogi serve`
refusing a non-loopback address without an admin."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("fastapi")

import httpx

from webcorpus import write_corpus
from webtools import OGI, PASSWORD, add_users, client, free_port, serve

COOKIE = "ogi_session"
CJK = re.compile(r"[\u4e00-\u9fff]")
NEW_PASSWORD = "Tall-Lantern-Orbit-42"


def sqlite_db(tmp_path: Path) -> tuple[str, Path]:
    path = tmp_path / "web.sqlite3"
    return f"sqlite:///{path}", path


def login(base: str, name: str, password: str = PASSWORD, headers: dict[str, str] | None = None) -> httpx.Response:
    """One log-in attempt from a fresh client (its own CSRF token)."""
    with httpx.Client(base_url=base, timeout=30, headers=headers or {}) as c:
        c.headers["X-CSRF-Token"] = c.get("/me.json").json()["csrf"]
        return c.post("/login.json", json={"name": name, "password": password})


def who(base: str, cookie: str) -> str | None:
    """The user a session cookie's value signs in, asked by a fresh client sending only that cookie
    (so the client's own cookie expiry plays no part)."""
    with httpx.Client(base_url=base, timeout=30) as c:
        r = c.get("/me.json", headers={"Cookie": f"{COOKIE}={cookie}"})
        assert r.status_code == 200
        return r.json()["user"]  # type: ignore[no-any-return]


def age_guard(path: Path, seconds: float) -> None:
    """Move the failed log-ins' last attempt back in time (as if ``seconds`` had passed)."""
    with sqlite3.connect(path) as con:
        con.execute("UPDATE web_login_guard SET last = last - ?", (seconds,))


def just_now(path: Path, key: str) -> None:
    """Make a key's last failed attempt as recent as can be (a loaded machine may take more than
    the first backoff's second between two requests): a few seconds ahead of now."""
    with sqlite3.connect(path) as con:
        con.execute("UPDATE web_login_guard SET last = ? WHERE key = ?", (time.time() + 5, key))


def audit_actions(admin: httpx.Client, action: str) -> list[dict]:
    return admin.get("/audit.json", params={"action": action}).json()["entries"]  # type: ignore[no-any-return]


def test_failed_logins_back_off_then_lock_until_an_admin_lifts_it(tmp_path: Path) -> None:
    db, path = sqlite_db(tmp_path)
    add_users(db, {"admin": "admin", "vic": "viewer"})
    with serve(db) as base:
        for _ in range(5):  # BACKOFF_AFTER["user"]: answered, each a plain refusal
            r = login(base, "vic", "wrong-guess")
            assert r.status_code == 401 and r.json()["detail"] == "用户名或密码不正确。"
        just_now(path, "user:vic")
        r = login(base, "vic")  # at once after the 5th failure: must wait, even with the right password
        assert r.status_code == 429 and "秒后再试" in r.json()["detail"]
        assert int(r.headers["Retry-After"]) >= 1
        for _ in range(5):  # waiting out each backoff, up to LOCK_AFTER["user"] failures
            age_guard(path, 1000)
            assert login(base, "vic", "wrong-guess").status_code == 401
        age_guard(path, 1000)  # the backoff is past; the lock is not
        r = login(base, "vic")
        assert r.status_code == 429 and "已被锁定" in r.json()["detail"] and "管理员" in r.json()["detail"]
        admin = client(base, "admin")  # another name, and the address is under its own limits
        locks = admin.get("/users.json").json()["locks"]
        assert [(k["kind"], k["name"], k["failures"]) for k in locks] == [("user", "vic", 10)]
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", locks[0]["until_at"])  # UTC, said so
        page = admin.get("/users").text  # the page says when the lock ends in Beijing time
        assert "北京时间" in page and re.search(r"<td>\d{4}-\d\d-\d\d \d\d:\d\d</td>", page)
        assert admin.post("/locks.json", json={"key": "user:nobody"}).status_code == 404
        assert admin.post("/locks.json", json={"key": "user:vic"}).status_code == 200
        assert login(base, "vic").status_code == 200
        assert admin.get("/users.json").json()["locks"] == []
        assert len(audit_actions(admin, "login_failed")) == 10
        assert [e["target"] for e in audit_actions(admin, "locked")] == ["user:vic"]
        assert [e["target"] for e in audit_actions(admin, "unlocked")] == ["user:vic"]
        # locked again; lifted from the command line this time (the name in any case)
        for _ in range(10):
            age_guard(path, 1000)
            assert login(base, "vic", "wrong-guess").status_code == 401
        age_guard(path, 1000)
        assert login(base, "vic").status_code == 429
        r = subprocess.run([*OGI, "user", "unlock", "VIC", "--db", db], capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        assert login(base, "vic").status_code == 200
        r = subprocess.run([*OGI, "user", "unlock", "vic", "--db", db], capture_output=True, text=True)
        assert r.returncode != 0 and "没有被锁定" in r.stderr


def test_failures_from_one_address_are_throttled_across_names(tmp_path: Path) -> None:
    """One client trying many names (known or not) is slowed by its address; another is not."""
    db, path = sqlite_db(tmp_path)
    add_users(db, {"admin": "admin", "vic": "viewer"})
    attacker = {"X-Forwarded-For": "10.1.2.3"}  # uvicorn trusts the loopback proxy's header
    with serve(db) as base:
        for i in range(20):  # BACKOFF_AFTER["addr"], one failure per name: no name is throttled
            r = login(base, "vic" if i % 5 == 0 else f"guess{i}", "wrong-guess", attacker)
            assert r.status_code == 401, (i, r.text)
        just_now(path, "addr:10.1.2.3")
        r = login(base, "vic", PASSWORD, attacker)
        assert r.status_code == 429 and "秒后再试" in r.json()["detail"]
        assert login(base, "vic", PASSWORD, {"X-Forwarded-For": "10.9.9.9"}).status_code == 200
        admin = client(base, "admin")
        failed = audit_actions(admin, "login_failed")
        assert {e["address"] for e in failed} == {"10.1.2.3"} and len(failed) == 20


def test_an_office_logging_in_at_once_from_one_address_is_not_throttled(tmp_path: Path) -> None:
    """Twelve clerks behind one office address log in at the same moment, each with the right
    password: none has failed, so none is told to wait (the attempts queue for the guard's lock,
    and one that waited must not find the one before it "later" than itself)."""
    db, _ = sqlite_db(tmp_path)
    names = [f"clerk{i}" for i in range(12)]
    add_users(db, dict.fromkeys(names, "viewer"))
    with serve(db) as base:
        barrier = threading.Barrier(len(names), timeout=60)
        codes: dict[str, int] = {}

        def clerk(name: str) -> None:
            with httpx.Client(base_url=base, timeout=60) as c:
                c.headers["X-CSRF-Token"] = c.get("/me.json").json()["csrf"]
                barrier.wait()
                codes[name] = c.post("/login.json", json={"name": name, "password": PASSWORD}).status_code

        threads = [threading.Thread(target=clerk, args=(n,), daemon=True) for n in names]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
    assert codes == dict.fromkeys(names, 200)


def test_unknown_names_get_the_same_answer_and_the_same_work(tmp_path: Path) -> None:
    db, _ = sqlite_db(tmp_path)
    add_users(db, {"vic": "viewer"})
    with serve(db) as base:
        known, unknown = login(base, "vic", "wrong-guess"), login(base, "no-such-clerk", "wrong-guess")
        assert (known.status_code, known.json()) == (unknown.status_code, unknown.json()) == (401, known.json())
    # in process: an unknown name's password is checked against a hash of the same argon2
    # parameters (memory, iterations, lanes) as a user's, so it costs the same work
    from argon2 import extract_parameters

    from ogi.store import Store
    from ogi.web import auth

    with Store(db) as st:
        user_hash = st.user("vic")["pw_hash"]  # type: ignore[index]
    before = auth._nobody.cache_info()
    assert auth.check_password(None, PASSWORD) is False
    after = auth._nobody.cache_info()
    assert after.hits + after.misses == before.hits + before.misses + 1
    assert extract_parameters(auth._nobody()) == extract_parameters(user_hash)


def test_common_and_short_passwords_are_refused(tmp_path: Path) -> None:
    db, _ = sqlite_db(tmp_path)
    add_users(db, {"admin": "admin"})
    env = {**os.environ}
    for weak in ("12345678", "password", "password1234", "qwertyuiop123", "weakling-1", "weakling2024"):
        r = subprocess.run(
            [*OGI, "user", "add", "weakling", "--role", "viewer", "--db", db, "--password-stdin"],
            input=weak + "\n", capture_output=True, text=True, env=env,
        )  # fmt: skip
        assert r.returncode != 0, weak
        assert "密码" in r.stderr and "Traceback" not in r.stderr, r.stderr
    with serve(db) as base:
        admin = client(base, "admin")
        for weak in ("12345678", "password", "passwordpassword", "1qaz2wsx3edc"):
            r = admin.post("/users.json", json={"name": "clerk", "role": "viewer", "password": weak})
            assert r.status_code == 400 and CJK.search(r.json()["detail"]), (weak, r.text)
        clerk = {"name": "clerk", "role": "viewer", "password": NEW_PASSWORD}
        r = admin.post("/users.json", json=clerk)
        assert r.status_code == 200, r.text
        assert admin.post("/users.json", json=clerk).status_code == 409
        assert login(base, "clerk", NEW_PASSWORD).status_code == 200


def test_logout_and_a_new_password_end_sessions_at_once(tmp_path: Path) -> None:
    db, _ = sqlite_db(tmp_path)
    add_users(db, {"vic": "viewer"})
    with serve(db) as base:
        c = client(base, "vic")
        old = c.cookies[COOKIE]
        assert who(base, old) == "vic"
        assert c.post("/logout.json").status_code == 200
        assert who(base, old) is None  # the cookie, kept by an attacker, no longer signs anyone in
        with httpx.Client(base_url=base, timeout=30) as stolen:
            r = stolen.get("/reports.json", headers={"Cookie": f"{COOKIE}={old}"})
            assert r.status_code == 401

        mine, other = client(base, "vic"), client(base, "vic")
        other_cookie = other.cookies[COOKIE]
        r = mine.post("/password.json", json={"current": "not-it", "new": NEW_PASSWORD})
        assert r.status_code == 400 and r.json()["detail"] == "当前密码不正确。"
        r = mine.post("/password.json", json={"current": PASSWORD, "new": "12345678"})
        assert r.status_code == 400 and "至少" in r.json()["detail"]
        assert mine.post("/password.json", json={"current": PASSWORD, "new": NEW_PASSWORD}).status_code == 200
        assert mine.get("/me.json").json()["user"] == "vic"  # the session that changed it goes on
        assert who(base, other_cookie) is None  # the others end
        assert login(base, "vic", PASSWORD).status_code == 401
        assert login(base, "vic", NEW_PASSWORD).status_code == 200
        admin_view = [e["action"] for e in _audit_rows(db)]
        assert "password_failed" in admin_view and "password_changed" in admin_view and "logout" in admin_view


def _audit_rows(db: str) -> list[dict]:
    from ogi.store import Store

    with Store(db) as st:
        return st.audit_log(limit=None)[1]


def test_disable_and_delete_users_from_the_page_and_the_cli(tmp_path: Path) -> None:
    db, _ = sqlite_db(tmp_path)
    add_users(db, {"admin": "admin", "rita": "reviewer", "vic": "viewer"})
    with serve(db) as base:
        admin = client(base, "admin")
        vic = client(base, "vic")
        r = admin.post("/users/vic.json", json={"disabled": True})
        assert r.status_code == 200 and r.json()["disabled"] is True
        assert vic.get("/reports.json").status_code == 401  # ended at once
        r = login(base, "vic")
        assert r.status_code == 401 and r.json()["detail"] == "该账号已停用，请联系管理员。"
        assert admin.post("/users/vic.json", json={"disabled": False}).status_code == 200
        assert login(base, "vic").status_code == 200

        # the admin page's forms (CSRF in a hidden field)
        page = admin.get("/users")
        assert page.status_code == 200 and "rita" in page.text
        token = admin.headers["X-CSRF-Token"]
        rita = client(base, "rita")
        form = {"action": "disable", "csrf": token}
        r = admin.post("/users/rita", data=form, headers={"X-CSRF-Token": ""}, follow_redirects=False)
        assert r.status_code == 303
        assert rita.get("/me.json").json()["user"] is None
        assert admin.post("/users/rita", data={"action": "delete", "csrf": token}).status_code == 303
        assert "rita" not in {u["name"] for u in admin.get("/users.json").json()["users"]}
        assert login(base, "rita").status_code == 401

        # the CLI, on the live store: the session ends at once
        vic = client(base, "vic")
        r = subprocess.run([*OGI, "user", "disable", "vic", "--db", db], capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        assert vic.get("/reports.json").status_code == 401
        r = subprocess.run([*OGI, "user", "delete", "vic", "--db", db], capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        assert "vic" not in {u["name"] for u in admin.get("/users.json").json()["users"]}

        # the last admin cannot be disabled, demoted or deleted; an admin not themself
        assert admin.post("/users/admin.json", json={"disabled": True}).status_code == 400
        r = admin.post("/users/admin.json", json={"role": "viewer"})
        assert r.status_code == 409 and "管理员" in r.json()["detail"]
        r = subprocess.run([*OGI, "user", "delete", "admin", "--db", db], capture_output=True, text=True)
        assert r.returncode != 0 and "管理员" in r.stderr and "Traceback" not in r.stderr
        assert admin.delete("/users/nobody.json").status_code == 404
        actions = [e["action"] for e in admin.get("/audit.json").json()["entries"]]
        for a in ("user_disabled", "user_enabled", "user_deleted"):
            assert a in actions


def test_sessions_expire_when_idle_and_after_their_absolute_age(tmp_path: Path) -> None:
    db, _ = sqlite_db(tmp_path)
    add_users(db, {"vic": "viewer"})
    with serve(db, {"OGI_SESSION_IDLE_MINUTES": "0.15"}) as base:  # 9 s without a request (a loaded machine)
        cookie = client(base, "vic").cookies[COOKIE]
        assert who(base, cookie) == "vic"
        time.sleep(10)
        assert who(base, cookie) is None
    with serve(db, {"OGI_SESSION_HOURS": str(9 / 3600)}) as base:  # 9 s from log-in, however busy
        cookie = client(base, "vic").cookies[COOKIE]
        start = time.monotonic()
        seen = []
        while time.monotonic() - start < 30:
            seen.append(who(base, cookie))
            if seen[-1] is None:
                break
            time.sleep(0.5)
        assert seen[0] == "vic" and seen[-1] is None


def test_cookie_is_secure_over_https(tmp_path: Path) -> None:
    db, _ = sqlite_db(tmp_path)
    add_users(db, {"vic": "viewer"})

    def set_cookie(base: str, headers: dict[str, str]) -> str:
        """The session cookie a log-in sets (the anonymous cookie sent back by hand: a client keeps
        a Secure cookie off plain HTTP, and the loopback server is plain HTTP)."""
        with httpx.Client(base_url=base, timeout=30, headers=headers) as c:
            me = c.get("/me.json")
            anonymous = me.headers["set-cookie"].split(";", 1)[0]
            c.cookies.clear()
            r = c.post(
                "/login.json",
                json={"name": "vic", "password": PASSWORD},
                headers={"X-CSRF-Token": me.json()["csrf"], "Cookie": anonymous},
            )
            assert r.status_code == 200, r.text
            return r.headers["set-cookie"]

    with serve(db) as base:
        plain = set_cookie(base, {})
        assert "HttpOnly" in plain and "SameSite=lax" in plain and "Secure" not in plain
        proxied = set_cookie(base, {"X-Forwarded-Proto": "https"})  # a trusted proxy says HTTPS
        assert "Secure" in proxied
    with serve(db, {"OGI_SECURE_COOKIE": "on"}) as base:
        assert "Secure" in set_cookie(base, {})


def test_security_headers_and_no_inline_script(tmp_path: Path) -> None:
    db, _ = sqlite_db(tmp_path)
    write_corpus(tmp_path / "corpus")
    build = [*OGI, "build", str(tmp_path / "corpus"), "--db", db, "--jobs", "1"]
    subprocess.run(build, check=True, capture_output=True)
    add_users(db, {"admin": "admin"})
    with serve(db) as base:
        admin = client(base, "admin")
        rid = admin.get("/reports.json").json()["reports"][0]["id"]
        pages = ["/login", "/", "/uploads", "/reports", f"/reports/{rid}", "/users", "/audit", "/retention",
                 "/password", "/regions", f"/compare?a={rid}&b={rid}", "/reports?page=abc"]  # fmt: skip
        for path in [*pages, "/reports.json", "/static/app.js", "/no-such-page"]:
            r = admin.get(path)
            assert r.status_code < 500, path
            csp = dict(d.strip().split(" ", 1) for d in r.headers["content-security-policy"].split(";"))
            assert csp["script-src"] == "'self'" and csp["frame-ancestors"] == "'none'", path
            assert "unsafe-inline" not in r.headers["content-security-policy"]
            assert r.headers["x-frame-options"] == "DENY"
            assert r.headers["x-content-type-options"] == "nosniff"
            assert r.headers["referrer-policy"] == "same-origin"
        for path in pages:
            html = admin.get(path).text
            for tag in re.findall(r"<script\b[^>]*>", html):
                assert "src=" in tag or 'type="application/json"' in tag, (path, tag)  # no inline script
            assert not re.search(r"\son[a-z]+\s*=", html), path  # no inline event handlers either


def test_serve_beyond_loopback_needs_an_admin(tmp_path: Path) -> None:
    db, _ = sqlite_db(tmp_path)
    add_users(db, {"vic": "viewer"})
    port = str(free_port())
    r = subprocess.run(
        [*OGI, "serve", "--db", db, "--host", "0.0.0.0", "--port", port], capture_output=True, text=True, timeout=60
    )
    assert r.returncode != 0
    assert "管理员" in r.stderr and "ogi user add" in r.stderr and "--role admin" in r.stderr
    assert "Traceback" not in r.stderr and "Uvicorn running" not in r.stderr + r.stdout
    add_users(db, {"admin": "admin"})
    # with an admin the check passes: an address not on this machine (TEST-NET-1) is then tried, and fails to bind
    r = subprocess.run(
        [*OGI, "serve", "--db", db, "--host", "192.0.2.1", "--port", port], capture_output=True, text=True, timeout=60
    )
    assert "须先创建一位管理员" not in r.stderr
    assert "192.0.2.1" in r.stderr + r.stdout
