"""Issue 13's checks of the web service, made as a tester would, on a fresh store and ``ogi serve``
on a free loopback port:

1. policy: whether ``ogi user add`` accepts ``12345678`` and ``password``;
2. timing: ``--rounds`` log-in attempts with unknown names and as many with known names (wrong
   passwords), interleaved: the median and spread of each (when they differ, an attacker learns
   which names exist);
3. sessions: whether a session cookie still works after logging out; the cookie's attributes;
4. headers of a page: Content-Security-Policy, X-Frame-Options, X-Content-Type-Options,
   Referrer-Policy;
5. hostile parameters: the status of ``?year=abc``, ``?page=abc``, ``?page=1e20``, a report id of 25
   digits, and of ``--concurrent`` corrections of one value sent at once;
6. brute force: ``--attempts`` wrong passwords for one known user from one client, one after the
   other: seconds, answers by status (401 refused, 429 throttled) and whether the right password
   is let in afterwards;
7. opening: whether ``ogi serve --host 0.0.0.0`` starts on a store with no users (stopped at once
   either way; no request is sent to it; ``--no-open`` skips it).

Each client but step 6's comes from an address of its own (``X-Forwarded-For``, which the server
trusts from loopback), so one step's failures do not slow the next; step 6 is one client.

    .venv/bin/python bench/bench_accounts.py [--attempts 200] [--rounds 10] [--concurrent 50]

Loopback only; every loop is bounded and the run stops the servers it started.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

from ogi.samples import generate, print_report

OGI = [sys.executable, "-m", "ogi"]
PASSWORD = "bench-pass-1"
USERS = ("wang", "li", "zhao", "chen", "liu", "yang", "huang", "zhou", "wu", "xu")


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def add_user(db: str, name: str, role: str, password: str = PASSWORD) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*OGI, "user", "add", name, "--role", role, "--db", db, "--password-stdin"],
        input=password + "\n",
        capture_output=True,
        text=True,
    )


def start(db: str, host: str, port: int, log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [*OGI, "serve", "--db", db, "--host", host, "--port", str(port)],
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )


def wait_up(proc: subprocess.Popen[bytes], base: str, log: Path) -> None:
    for _ in range(600):
        if proc.poll() is not None:
            raise SystemExit(f"ogi serve exited: {log.read_text()[-2000:]}")
        try:
            httpx.get(base + "/login", timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise SystemExit("ogi serve did not start")


_clients = iter(range(1, 60000))


def address() -> str:
    """A client address of its own (the server trusts X-Forwarded-For from loopback): the steps
    other than 6 are not slowed by the failures of the others from 127.0.0.1."""
    n = next(_clients)
    return f"10.{n >> 8 & 255}.{n & 255}.1"


def session(base: str, user: str | None = None, addr: str | None = None) -> httpx.Client:
    c = httpx.Client(base_url=base, timeout=60, headers={"X-Forwarded-For": addr or address()})
    c.headers["X-CSRF-Token"] = c.get("/me.json").json()["csrf"]
    if user:
        r = c.post("/login.json", json={"name": user, "password": PASSWORD})
        r.raise_for_status()
        c.headers["X-CSRF-Token"] = r.json()["csrf"]
    return c


def ms(xs: list[float]) -> str:
    q = statistics.quantiles(xs, n=10) if len(xs) > 1 else xs * 9
    return f"median {1000 * statistics.median(xs):.0f} ms (p10 {1000 * q[0]:.0f}, p90 {1000 * q[-1]:.0f})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--attempts", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--concurrent", type=int, default=50)
    ap.add_argument(
        "--no-open",
        action="store_true",
        help="skip 7 (against a version without the check, it would listen on every address for up to 120 s)",
    )
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="ogi-bench-accounts-") as tmp:
        d = Path(tmp)
        db = str(d / "web.db")
        print("1. policy")
        for weak in ("12345678", "password"):
            r = add_user(db, "weak", "viewer", weak)
            got = "accepted" if r.returncode == 0 else "refused: " + r.stderr.strip()
            print(f"   ogi user add with {weak!r}: {got}")
        for i, name in enumerate(("admin", "rita", *USERS)):
            r = add_user(db, name, "admin" if i == 0 else "reviewer")
            assert r.returncode == 0, r.stderr
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        log = d / "server.log"
        server = start(db, "127.0.0.1", port, log)
        try:
            wait_up(server, base, log)
            anon = session(base)
            anon.post("/login.json", json={"name": "warm-up", "password": "x"})  # first request's imports
            print(f"2. timing: {a.rounds} wrong log-ins each, unknown and known names interleaved")
            unknown: list[float] = []
            known: list[float] = []
            for i in range(a.rounds):
                for names, into in ((f"nobody{i}", unknown), (USERS[i % len(USERS)], known)):
                    t = time.perf_counter()
                    r = anon.post(
                        "/login.json",
                        json={"name": names, "password": f"wrong-{i}"},
                        headers={"X-Forwarded-For": address()},  # each attempt as from its own client
                    )
                    into.append(time.perf_counter() - t)
                    assert r.status_code == 401, r.status_code
            print(f"   unknown names: {ms(unknown)}")
            print(f"   known names:   {ms(known)}")

            print("3. sessions")
            c = session(base, "rita")
            cookie = c.cookies.get("ogi_session")
            me = session(base)
            r = me.post("/login.json", json={"name": "rita", "password": PASSWORD})
            print(f"   Set-Cookie: {r.headers.get('set-cookie', '').split(';', 1)[-1].strip()}")
            c.post("/logout", data={"csrf": c.headers["X-CSRF-Token"]})
            old = httpx.get(base + "/me.json", cookies={"ogi_session": cookie or ""}).json()
            print(f"   the cookie of before logging out, on /me.json: user {old.get('user')!r}")

            print("4. headers of /login")
            h = httpx.get(base + "/login").headers
            for name in ("content-security-policy", "x-frame-options", "x-content-type-options", "referrer-policy"):
                print(f"   {name}: {h.get(name, '(none)')}")

            print("5. hostile parameters")
            rita = session(base, "rita")
            for path in ("/reports?year=abc", "/reports?page=abc", "/reports?page=1e20", "/reports/" + "9" * 25):
                r = rita.get(path)
                print(f"   GET {path}: {r.status_code}")
            text = print_report(generate(7, tid="2021", scale=20), "pipe")
            up = rita.post("/uploads.json", data={"text": text})
            up.raise_for_status()
            for _ in range(600):
                b = rita.get(f"/batches/{up.json()['batch']}.json").json()
                if b["done"]:
                    break
                time.sleep(0.2)
            rid = b["uploads"][0]["report_id"]
            statuses: list[int] = []
            barrier = threading.Barrier(a.concurrent)

            # one session each, logged in one after the other (50 log-ins of one name at once are a
            # burst of guesses the throttle refuses)
            reviewers = [session(base, "rita") for _ in range(a.concurrent)]

            def correct(v: int) -> None:
                barrier.wait(120)
                statuses.append(
                    reviewers[v]
                    .post(f"/reports/{rid}/corrections.json", json={"key": "t3.new.total", "value": v})
                    .status_code
                )

            ts = [threading.Thread(target=correct, args=(v,)) for v in range(a.concurrent)]
            for t in ts:
                t.start()
            for t in ts:
                t.join(120)
            counts = {s: statuses.count(s) for s in sorted(set(statuses))}
            print(f"   {a.concurrent} corrections of one value at once: statuses {counts}")

            print(f"6. brute force: {a.attempts} wrong passwords for one known user, one client")
            bf = session(base, addr="10.255.255.1")
            got: dict[int, int] = {}
            first_429 = None
            t0 = time.perf_counter()
            for i in range(a.attempts):
                r = bf.post("/login.json", json={"name": "wang", "password": f"guess-{i}"})
                got[r.status_code] = got.get(r.status_code, 0) + 1
                if r.status_code == 429 and first_429 is None:
                    first_429 = i + 1
            took = time.perf_counter() - t0
            print(f"   {took:.1f} s; answers {dict(sorted(got.items()))}; first 429 at attempt {first_429}")
            r = bf.post("/login.json", json={"name": "wang", "password": PASSWORD})
            print(f"   then the right password: {r.status_code} {r.json().get('detail', '')}")
        finally:
            server.terminate()
            server.wait(30)

        if a.no_open:
            return
        print("7. opening to the network on a store with no users")
        empty = str(d / "empty.db")
        port = free_port()
        log = d / "open.log"
        proc = start(empty, "0.0.0.0", port, log)
        try:
            proc.wait(120)
            print(f"   ogi serve --host 0.0.0.0: exited {proc.returncode}: {log.read_text().strip()[-300:]}")
        except subprocess.TimeoutExpired:
            print("   ogi serve --host 0.0.0.0: started (still running after 120 s)")
        finally:
            if proc.poll() is None:
                proc.terminate()
                proc.wait(30)


if __name__ == "__main__":
    main()
