"""The web server's memory while it has scans read by OCR: issue 13's bound (the server's own
memory within 200 MB of its start after 20 OCR uploads).

    .venv/bin/python bench/bench_memory.py [--uploads 20] [--per-request 5] [--idle 70]

Makes ``--uploads`` scans (the real PDFs of ../shared/real, every page rendered at 150 dpi in
grey through JPEG with a little noise, a different seed each: image-only PDFs that only OCR
reads), starts ``ogi serve`` on a fresh SQLite store on a free loopback port, logs one clerk in
and uploads them, ``--per-request`` files a request. While they are read it samples, every half
second, the resident memory (RSS) of the server's own process and of its child processes (the
reading workers and their forkserver). Reports the server's memory at start (after the first
log-in), its peak and its memory once every upload is read, the children's peak, then the
children's memory after ``--idle`` seconds (idle workers end; default 70, past the reader's 60).
Loopback only; bounded (each upload 300 s at most); stops the server it started.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

from ogi.runner.workers import resident
from ogi.samples.variants.render import Scan, scanned

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "real"
OGI = [sys.executable, "-m", "ogi"]
PASSWORD = "bench-pass-1"


def rss_mb(pid: int) -> float:
    """Resident memory of process ``pid`` in MiB (0 when it is gone)."""
    return (resident(pid) or 0) / 2**20


def children(pid: int) -> list[int]:
    """Every descendant process of ``pid``."""
    out: list[int] = []
    todo = [pid]
    while todo:
        p = todo.pop()
        kids = []
        try:
            for t in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{t}/children") as f:
                    kids += [int(x) for x in f.read().split()]
        except OSError:
            continue
        out += kids
        todo += kids
    return out


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--uploads", type=int, default=20)
    ap.add_argument("--per-request", type=int, default=5)
    ap.add_argument("--idle", type=float, default=70.0)
    a = ap.parse_args()
    pdfs = sorted(REAL.glob("*.pdf"))
    if not pdfs:
        raise SystemExit(f"no PDFs in {REAL}")
    t0 = time.perf_counter()
    scans = [
        (f"scan-{i}.pdf", scanned(pdfs[i % len(pdfs)].read_bytes(), "scan", Scan(dpi=150, noise=3.0, jpeg=70), seed=i))
        for i in range(a.uploads)
    ]
    size = sum(len(s) for _, s in scans) / 2**20
    print(f"{len(scans)} scans made in {time.perf_counter() - t0:.0f} s ({size:.1f} MB)")
    with tempfile.TemporaryDirectory(prefix="ogi-bench-memory-") as tmp:
        d = Path(tmp)
        db = str(d / "web.db")
        subprocess.run(
            [*OGI, "user", "add", "clerk", "--role", "viewer", "--db", db, "--password-stdin"],
            input=PASSWORD + "\n",
            text=True,
            check=True,
            capture_output=True,
        )
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        log = d / "server.log"
        server = subprocess.Popen(
            [*OGI, "serve", "--db", db, "--host", "127.0.0.1", "--port", str(port)],
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
        )
        try:
            for _ in range(600):
                if server.poll() is not None:
                    raise SystemExit(f"ogi serve exited: {log.read_text()[-2000:]}")
                try:
                    httpx.get(base + "/login", timeout=1)
                    break
                except httpx.HTTPError:
                    time.sleep(0.1)
            c = httpx.Client(base_url=base, timeout=300)
            c.headers["X-CSRF-Token"] = c.get("/me.json").json()["csrf"]
            r = c.post("/login.json", json={"name": "clerk", "password": PASSWORD})
            r.raise_for_status()
            c.headers["X-CSRF-Token"] = r.json()["csrf"]
            c.get("/uploads")
            start = rss_mb(server.pid)
            peak = {"server": start, "children": 0.0}
            stop = threading.Event()

            def sample() -> None:
                while not stop.wait(0.5):
                    peak["server"] = max(peak["server"], rss_mb(server.pid))
                    peak["children"] = max(peak["children"], sum(rss_mb(p) for p in children(server.pid)))

            th = threading.Thread(target=sample, daemon=True)
            th.start()
            t0 = time.perf_counter()
            batches = []
            for i in range(0, len(scans), a.per_request):
                files = [("files", (n, data, "application/pdf")) for n, data in scans[i : i + a.per_request]]
                r = c.post("/uploads.json", files=files)
                r.raise_for_status()
                batches.append(r.json()["batch"])
            statuses: dict[str, int] = {}
            deadline = time.monotonic() + 300 * len(scans)
            for b in batches:
                while time.monotonic() < deadline:
                    got = c.get(f"/batches/{b}.json").json()
                    if got["done"]:
                        for u in got["uploads"]:
                            statuses[u["status"]] = statuses.get(u["status"], 0) + 1
                        break
                    time.sleep(1)
            took = time.perf_counter() - t0
            stop.set()
            th.join()
            end = rss_mb(server.pid)
            kids_end = sum(rss_mb(p) for p in children(server.pid))
            print(f"{len(scans)} OCR uploads read in {took:.0f} s: {statuses}")
            print(
                f"server process: start {start:.0f} MB, peak {peak['server']:.0f} MB, after {end:.0f} MB "
                f"(+{end - start:.0f} MB; bound: +200 MB)"
            )
            print(f"reading workers and forkserver: peak {peak['children']:.0f} MB, when done {kids_end:.0f} MB")
            if a.idle:
                time.sleep(a.idle)
                kids = children(server.pid)
                print(
                    f"after {a.idle:.0f} s idle: server {rss_mb(server.pid):.0f} MB, "
                    f"{len(kids)} child processes {sum(rss_mb(p) for p in kids):.0f} MB"
                )
        finally:
            server.terminate()
            server.wait(30)


if __name__ == "__main__":
    main()
