"""Load on the web server (issue 13): requests per second and p50/p95/p99 latency per route at 1, 10
and 50 clients, and the server's memory before and after.

    .venv/bin/python bench/bench_load.py [--clients 1,10,50] [--seconds 15] [--reports 30]

Builds a store of ``--reports`` generated reports (three years of ten organs of one city) on a
fresh SQLite file, starts ``ogi serve`` on a free port of 127.0.0.1 (loopback only: the address is
not an option), and logs one clerk (a viewer) in per client, each with its own session. At each
level of ``--clients``, every client (a thread with its own HTTP connection) requests the routes
in turn, as a clerk browsing would, for ``--seconds``; the level then stops by itself. Reports,
per level and route: requests, requests/s, p50/p95/p99 in ms and answers that were not 200; and
the server process's resident memory (RSS) after start, after each level and at the end.

The clients run in this process beside the server on the same machine: on a machine of few cores
the figures are the pair's, not the server's alone (run it on a quiet machine; the load average
at start is printed).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import httpx

from ogi.runner.workers import resident
from ogi.samples import generate, print_report

OGI = [sys.executable, "-m", "ogi"]
PASSWORD = "bench-load-pass-7"
HOST = "127.0.0.1"
ORGANS = [f"淮安市{d}{o}" for d in ("洪泽区", "清江浦区") for o in ("教育局", "民政局", "财政局", "卫健委", "住建局")]


def rss_mb(pid: int) -> float:
    """Resident memory of process ``pid`` in MiB (0 when it is gone)."""
    return (resident(pid) or 0) / 2**20


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def write_corpus(d: Path, n: int) -> None:
    d.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        rep = generate(1000 + i, tid="2021", scale=5)
        rep.year = 2021 + i // len(ORGANS) % 3
        rep.agency = ORGANS[i % len(ORGANS)]
        (d / f"{rep.year}-{rep.agency}-{i}.txt").write_text(print_report(rep, "pipe"), encoding="utf-8")


def routes(c: httpx.Client) -> list[tuple[str, str]]:
    """(label, path) of what a clerk browses: lists, a report and its data, a region, a comparison."""
    rows = c.get("/reports.json").json()["reports"]
    a, b = rows[0]["id"], rows[-1]["id"]
    return [
        ("GET /uploads", "/uploads"),
        ("GET /me.json", "/me.json"),
        ("GET /reports", "/reports"),
        ("GET /reports.json", "/reports.json"),
        ("GET /reports.json?year=", "/reports.json?year=2022&page=1"),
        ("GET /reports/ID", f"/reports/{a}"),
        ("GET /reports/ID.json", f"/reports/{a}.json"),
        ("GET /regions.json", "/regions.json"),
        ("GET /compare.json", f"/compare.json?a={a}&b={b}"),
    ]


def level(base: str, clients: list[httpx.Client], paths: list[tuple[str, str]], seconds: float) -> dict:
    took: dict[str, list[float]] = defaultdict(list)
    bad: dict[str, int] = defaultdict(int)
    lock = threading.Lock()
    start = threading.Barrier(len(clients) + 1)
    end = [0.0]

    def run(i: int, c: httpx.Client) -> None:
        mine: dict[str, list[float]] = defaultdict(list)
        wrong: dict[str, int] = defaultdict(int)
        start.wait()
        k = i
        while time.monotonic() < end[0]:
            label, path = paths[k % len(paths)]
            k += 1
            t0 = time.perf_counter()
            try:
                status = c.get(path).status_code
            except httpx.HTTPError:
                status = 0
            mine[label].append(time.perf_counter() - t0)
            if status != 200:
                wrong[label] += 1
        with lock:
            for label, xs in mine.items():
                took[label] += xs
            for label, n in wrong.items():
                bad[label] += n

    threads = [threading.Thread(target=run, args=(i, c), daemon=True) for i, c in enumerate(clients)]
    for t in threads:
        t.start()
    end[0] = time.monotonic() + seconds
    t0 = time.perf_counter()
    start.wait()
    for t in threads:
        t.join(seconds + 120)  # a request in flight at the end finishes (client timeout 60 s)
    wall = time.perf_counter() - t0
    return {"took": took, "bad": bad, "wall": wall}


def pct(xs: list[float], p: int) -> float:
    if len(xs) < 2:
        return 1000 * xs[0] if xs else 0.0
    return 1000 * statistics.quantiles(xs, n=100, method="inclusive")[p - 1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clients", default="1,10,50", help="levels of concurrent clients, comma-separated")
    ap.add_argument("--seconds", type=float, default=15.0, help="seconds each level runs (at most 600)")
    ap.add_argument("--reports", type=int, default=30)
    a = ap.parse_args()
    levels = [int(x) for x in a.clients.split(",") if x.strip()]
    if not levels or min(levels) < 1 or max(levels) > 200:
        raise SystemExit("--clients: 1–200 each")
    seconds = min(max(a.seconds, 1.0), 600.0)
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())} ({os.cpu_count()} cores)")
    with tempfile.TemporaryDirectory(prefix="ogi-bench-load-") as tmp:
        d = Path(tmp)
        db = str(d / "web.db")
        write_corpus(d / "corpus", a.reports)
        subprocess.run([*OGI, "build", str(d / "corpus"), "--db", db, "--jobs", "1"], check=True, capture_output=True)
        subprocess.run(
            [*OGI, "user", "add", "clerk", "--role", "viewer", "--db", db, "--password-stdin"],
            input=PASSWORD + "\n", text=True, check=True, capture_output=True,
        )  # fmt: skip
        port = free_port()
        base = f"http://{HOST}:{port}"
        log = d / "server.log"
        server = subprocess.Popen(
            [*OGI, "serve", "--db", db, "--host", HOST, "--port", str(port)],
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
        )
        clients: list[httpx.Client] = []
        try:
            for _ in range(600):
                if server.poll() is not None:
                    raise SystemExit(f"ogi serve exited: {log.read_text()[-2000:]}")
                try:
                    httpx.get(base + "/login", timeout=1)
                    break
                except httpx.HTTPError:
                    time.sleep(0.1)
            for _ in range(max(levels)):
                c = httpx.Client(base_url=base, timeout=60)
                c.headers["X-CSRF-Token"] = c.get("/me.json").json()["csrf"]
                r = c.post("/login.json", json={"name": "clerk", "password": PASSWORD})
                r.raise_for_status()
                clients.append(c)
            paths = routes(clients[0])
            for _, p in paths:  # warm: templates compiled, caches filled
                clients[0].get(p)
            before = rss_mb(server.pid)
            print(f"{a.reports} reports; server RSS after start, {len(clients)} log-ins and one pass: {before:.0f} MB")
            for n in levels:
                got = level(base, clients[:n], paths, seconds)
                total = sum(len(xs) for xs in got["took"].values())
                print(
                    f"\n{n} client(s), {got['wall']:.1f} s: {total} requests, {total / got['wall']:.1f} req/s; "
                    f"server RSS {rss_mb(server.pid):.0f} MB"
                )
                head = ("requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "not 200")
                print(f"  {'route':<26} " + " ".join(f"{h:>8}" if i == 0 else f"{h:>7}" for i, h in enumerate(head)))
                for label, _ in paths:
                    xs = got["took"].get(label, [])
                    print(
                        f"  {label:<26} {len(xs):>8} {len(xs) / got['wall']:>7.1f} {pct(xs, 50):>7.0f} "
                        f"{pct(xs, 95):>7.0f} {pct(xs, 99):>7.0f} {got['bad'].get(label, 0):>7}"
                    )
            after = rss_mb(server.pid)
            print(f"\nserver RSS: before {before:.0f} MB, after {after:.0f} MB ({after - before:+.0f} MB)")
        finally:
            for c in clients:
                c.close()
            server.terminate()
            server.wait(30)


if __name__ == "__main__":
    main()
