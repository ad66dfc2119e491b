"""The stored report's page under load: views/s with one client, p50/p99 with many at once.

    python bench/bench_pages.py [--reports 60] [--seconds 10] [--clients 50] [--route /reports/{id}]

Builds ``--reports`` generated text reports (a few organs over several years, so pages carry
cross-year findings) into a fresh SQLite store with ``ogi build``, starts ``ogi serve`` on a free
loopback port, logs one viewer in, then requests one stored report's page:

1. one client, one request after the other, for ``--seconds``: views/s and the median;
2. ``--clients`` clients at once (each its own keep-alive connection), for ``--seconds``:
   views/s, p50 and p99 of the response times.

Every response must be 200 with the page's body; the run stops by itself and stops the server.
The home page (``/uploads``, before: ``/``) is measured the same way with one client, for scale. Loopback only. The load
comes from a small asyncio HTTP/1.1 client (a few dozen microseconds a request), not from a
library that would spend more time than the server it measures.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

from ogi.runner.workers import resident
from ogi.samples import generate, print_report

OGI = [sys.executable, "-m", "ogi"]
PASSWORD = "bench-pass-1"
ORGANS = ("淮安市洪泽区教育局", "淮安市洪泽区民政局", "淮安市清江浦区财政局", "淮安市淮阴区卫生健康委员会")


def write_reports(d: Path, n: int) -> None:
    """``n`` generated reports: the organs above over consecutive years, then more organs."""
    for i in range(n):
        rep = generate(500 + i, tid="2021", scale=20)
        organ = ORGANS[i % len(ORGANS)] if i < 4 * len(ORGANS) else f"淮安市淮安区第{i}局"
        rep.year = 2021 + (i // len(ORGANS)) % 4
        rep.agency = organ
        (d / f"{rep.year}-{organ}-{i}.txt").write_text(print_report(rep, "pipe"), encoding="utf-8")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Conn:
    """One keep-alive HTTP/1.1 connection (Content-Length or chunked bodies)."""

    def __init__(self, port: int, cookie: str = "") -> None:
        self.port, self.cookie = port, cookie
        self.r: asyncio.StreamReader | None = None
        self.w: asyncio.StreamWriter | None = None

    async def request(
        self, method: str, path: str, body: bytes = b"", ctype: str = ""
    ) -> tuple[int, dict[str, str], bytes]:
        if self.w is None:
            self.r, self.w = await asyncio.open_connection("127.0.0.1", self.port)
        assert self.r is not None
        head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n"
        if self.cookie:
            head += f"Cookie: {self.cookie}\r\n"
        if body or method == "POST":
            head += f"Content-Type: {ctype}\r\nContent-Length: {len(body)}\r\n"
        self.w.write(head.encode() + b"\r\n" + body)
        raw = await self.r.readuntil(b"\r\n\r\n")
        lines = raw.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers: dict[str, str] = {}
        for ln in lines[1:]:
            if ":" in ln:
                k, v = ln.split(":", 1)
                k = k.strip().lower()
                headers[k] = headers[k] + "; " + v.strip() if k in headers else v.strip()
        if "content-length" in headers:
            data = await self.r.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding") == "chunked":
            parts = []
            while True:
                size = int((await self.r.readuntil(b"\r\n")).strip(), 16)
                parts.append(await self.r.readexactly(size + 2))
                if size == 0:
                    break
            data = b"".join(p[:-2] for p in parts)
        else:
            data = b""
        for c in re.findall(r"ogi_session=([^;]+)", headers.get("set-cookie", "")):
            self.cookie = f"ogi_session={c}"
        return status, headers, data

    def close(self) -> None:
        if self.w is not None:
            self.w.close()


async def login(port: int, user: str) -> str:
    c = Conn(port)
    _, _, page = await c.request("GET", "/login")
    token = re.search(rb'name="csrf" value="([^"]+)"', page)
    assert token, "no CSRF field on the login page"
    form = urlencode({"name": user, "password": PASSWORD, "csrf": token.group(1).decode(), "next": "/"})
    status, _, _ = await c.request("POST", "/login", form.encode(), "application/x-www-form-urlencoded")
    assert status == 303, f"login failed: {status}"
    c.close()
    return c.cookie


async def one_client(port: int, cookie: str, path: str, seconds: float, marker: bytes) -> list[float]:
    c = Conn(port, cookie)
    times: list[float] = []
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        t = time.perf_counter()
        status, _, body = await c.request("GET", path)
        times.append(time.perf_counter() - t)
        assert status == 200 and marker in body, f"{path}: {status} {body[:200]!r}"
    c.close()
    return times


async def many_clients(port: int, cookie: str, path: str, seconds: float, n: int, marker: bytes) -> list[float]:
    got = await asyncio.gather(*(one_client(port, cookie, path, seconds, marker) for _ in range(n)))
    return [t for ts in got for t in ts]


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(p * len(xs)))]


def report(name: str, times: list[float], seconds: float) -> None:
    print(
        f"{name}: {len(times) / seconds:.0f} views/s, p50 {1000 * statistics.median(times):.1f} ms, "
        f"p99 {1000 * pct(times, 0.99):.1f} ms ({len(times)} views)"
    )


async def find_page(
    port: int, cookie: str, rid: int, routes: list[str], marker: bytes = b"<table"
) -> tuple[str, bytes]:
    c = Conn(port, cookie)
    try:
        for r in routes:
            path = r.format(id=rid)
            status, _, body = await c.request("GET", path)
            if status == 200 and marker in body:
                return path, body
    finally:
        c.close()
    raise SystemExit(f"no stored report page among {routes}")


def rss_mb(pid: int) -> float:
    """Resident memory of process ``pid`` in MiB (0 when it is gone)."""
    return (resident(pid) or 0) / 2**20


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reports", type=int, default=60)
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--route", action="append", help="page path with {id}; default: /reports/{id}, /report/{id}")
    a = ap.parse_args()
    routes = a.route or ["/reports/{id}", "/report/{id}"]
    with tempfile.TemporaryDirectory(prefix="ogi-bench-pages-") as tmp:
        d = Path(tmp)
        (d / "in").mkdir()
        write_reports(d / "in", a.reports)
        db = str(d / "corpus.db")
        subprocess.run([*OGI, "build", str(d / "in"), "--db", db, "--quiet"], check=True, capture_output=True)
        env = {**os.environ, "OGI_PASSWORD": PASSWORD}
        subprocess.run([*OGI, "user", "add", "bench", "--role", "viewer", "--db", db], check=True, env=env)
        port = free_port()
        log = open(d / "server.log", "wb")  # noqa: SIM115
        server = subprocess.Popen(
            [*OGI, "serve", "--db", db, "--host", "127.0.0.1", "--port", str(port)], stdout=log, stderr=log
        )
        try:
            for _ in range(600):  # a loaded machine starts the server slowly
                if server.poll() is not None:
                    raise SystemExit(f"ogi serve exited: {(d / 'server.log').read_text()[-2000:]}")
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.1)
            cookie = asyncio.run(login(port, "bench"))
            # a report of the second year of the first organ: it has a previous year to be compared with
            path, body = asyncio.run(find_page(port, cookie, 1 + len(ORGANS), routes))
            print(f"page {path}: {len(body) / 1024:.0f} KiB; server RSS {rss_mb(server.pid):.0f} MB")
            marker = b"</html>"
            asyncio.run(one_client(port, cookie, path, 1.0, marker))  # warm up
            home_path, _ = asyncio.run(find_page(port, cookie, 0, ["/uploads", "/"], b"<form"))
            home = asyncio.run(one_client(port, cookie, home_path, a.seconds / 2, marker))
            report("home page, 1 client", home, a.seconds / 2)
            one = asyncio.run(one_client(port, cookie, path, a.seconds, marker))
            report("stored report page, 1 client", one, a.seconds)
            many = asyncio.run(many_clients(port, cookie, path, a.seconds, a.clients, marker))
            report(f"stored report page, {a.clients} clients", many, a.seconds)
            print(f"server RSS after: {rss_mb(server.pid):.0f} MB")
        finally:
            server.terminate()
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                server.kill()
            log.close()


if __name__ == "__main__":
    main()
