"""The corpus at scale: build generated corpora of 10,000 and 100,000 reports, then time every
command and page that reads them back, and print the growth from one size to the next.

    python bench/bench_corpus.py [--sizes 10000,100000] [--work /tmp/ogi-bench-corpus] [--db-url URL]
                                 [--skip-build] [--only commands|pages] [--keep] [--label before]

A benchmark, not a test: it measures what a user meets. The corpus is one province's organs in a
region hierarchy (江南省 → cities → districts and counties, each with its government and 14
departments), one report per organ and year (2019–2025), printed in every text style and as HTML
(one in five); about 2 % of organ-years have no report (the region pages' 未报送) and 1 % a second
reading of the same year in another format (counted once). The files are generated once per size
under ``--work`` and reused by later runs (before/after a change read the same inputs).

Each size: ``ogi build`` into a fresh store (wall time, peak memory of the process tree, store
size per report and what is in it, by table); each corpus command as a user runs it (its output to
/dev/null; wall time and peak memory of its process tree; a command past ``--timeout`` is stopped
and shown as ``>``); then ``ogi serve`` on the store and every corpus page (home, lists, search,
regions, region at each level, organ, report, and their ``.json``): the first view and the median
of the next ``--repeat`` views, and the server's memory at the end. A page that does not answer
within ``--page-timeout`` is shown as ``>``; the pages after it are not asked (the server is busy).

Machine load is printed with each figure (the machine's two cores are shared), and each command's
CPU time (user + system of its process tree), which the load does not change: on a busy machine
the wall time is what a user waits, the CPU time what the command costs.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PAGE = os.sysconf("SC_PAGE_SIZE")
OGI = [sys.executable, "-m", "ogi"]
PASSWORD = "bench-pass-1"

FIRST = "青白云东南北临石长西清金黄红绿龙凤华安平宁和兴永泰"
SECOND = "河山溪湖岭原江桥川林阳峰泉海田源水门沙坪塘湾岗"
PROVINCE = "江南省"
YEARS = range(2019, 2026)


# ---------------------------------------------------------------- the corpus


def organ_names(n_reports: int) -> list[str]:
    """Organs of the province, city by city, enough for ``n_reports`` reports over 2019–2025."""
    from ogi.samples.generate import ORGANS

    pairs = [a + b for a in FIRST for b in SECOND]
    cities, districts = pairs[:40], pairs[40:]
    district_names = [d + s for s in ("区", "县") for d in districts]
    per_district = len(ORGANS) + 1
    n_districts = max(1, -(-n_reports // (len(YEARS) * per_district)))
    per_city = 24
    out: list[str] = []
    used = 0
    for c in cities:
        city = PROVINCE + c + "市"
        out += [city + "人民政府", *(city + o for o in ORGANS)]
        for d in district_names[used : used + per_city]:
            out += [city + d + "人民政府", *(city + d + o for o in ORGANS)]
        used += per_city
        if used >= n_districts:
            break
    return out


def write_corpus(d: Path, n: int) -> None:
    """``n`` generated reports in ``d`` (reused when ``d`` already holds them)."""
    from ogi.samples import STYLES, generate, print_report
    from ogi.samples.html import render_html

    marker = d / ".complete"
    if marker.exists() and marker.read_text() == str(n):
        return
    if d.exists():
        shutil.rmtree(d)
    d.mkdir(parents=True)
    rng = random.Random(15)
    styles = sorted(STYLES)
    written = seed = 0
    t0 = time.perf_counter()
    for organ in organ_names(n):
        for year in YEARS:
            if rng.random() < 0.02:  # this organ-year has no report
                continue
            copies = 2 if rng.random() < 0.01 else 1  # a second reading of the same year, in another format
            for c in range(copies):
                if written >= n:
                    break
                seed += 1
                rep = generate(seed, tid="2021" if year >= 2021 else "2019")
                rep.year, rep.agency = year, organ
                sub = d / f"{written // 1000:04d}"
                sub.mkdir(exist_ok=True)
                if (seed % 5 == 0) != (c == 1):
                    (sub / f"{written:06d}.html").write_text(render_html(rep), encoding="utf-8")
                else:
                    (sub / f"{written:06d}.txt").write_text(print_report(rep, styles[seed % len(styles)]), "utf-8")
                written += 1
            if written >= n:
                break
        if written >= n:
            break
    marker.write_text(str(n))
    print(f"  generated {written} reports in {time.perf_counter() - t0:.0f}s → {d}", flush=True)


def bench_pages(n: int) -> dict[str, str]:
    """The pages measured, by name → path (ids as the corpus of ``n`` reports has them)."""
    organs = organ_names(n)
    city = organs[0][: len(PROVINCE) + 3]
    district = organs[15][: len(PROVINCE) + 6]
    organ_id = organs[16][len(PROVINCE) + 3 :]  # innermost region + organ: the series id
    return {
        "home": "/uploads",
        "reports list": "/reports",
        "reports list, page 50": "/reports?page=50",
        "search q=教育局": "/reports?q=教育局",
        "search region+year": f"/reports?region={district[len(PROVINCE) :]}&year=2024",
        "search severity=error": "/reports?severity=error",
        "regions": "/regions",
        "regions.json": "/regions.json",
        "region: province": f"/regions/region:{PROVINCE}",
        "region: city": f"/regions/region:{city}",
        "region: district": f"/regions/region:{district}",
        "region: district .json": f"/regions/region:{district}.json",
        "organ": f"/organs/{organ_id}",
        "organ .json": f"/organs/{organ_id}.json",
        "report": "/reports/1",
    }


# ---------------------------------------------------------------- measuring


def tree(root: int) -> list[int]:
    parent: dict[int, int] = {}
    for p in os.listdir("/proc"):
        if p.isdigit():
            try:
                with open(f"/proc/{p}/stat") as f:
                    parent[int(p)] = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                pass
    out, frontier = {root}, [root]
    while frontier:
        frontier = [p for p, pp in parent.items() if pp in frontier and p not in out]
        out.update(frontier)
    return list(out)


def rss(root: int) -> int:
    total = 0
    for p in tree(root):
        try:
            with open(f"/proc/{p}/statm") as f:
                total += int(f.read().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            pass
    return total


class Peak:
    """Peak RSS of a process tree, sampled every 50 ms."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak = pid, 0
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)
        self._t.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, rss(self.pid))
            time.sleep(0.05)

    def stop(self) -> int:
        self._stop.set()
        self._t.join()
        return self.peak


@dataclass
class Result:
    seconds: float | None  # None: past the time limit
    limit: float = 0
    mib: float | None = None
    cpu: float | None = None  # CPU seconds of the process tree (user + system): what the load does not change
    note: str = ""
    load: float = field(default_factory=lambda: os.getloadavg()[0])

    def time(self) -> str:
        return f">{self.limit:.0f} s" if self.seconds is None else fmt_s(self.seconds)


def fmt_s(s: float) -> str:
    return f"{s * 1000:.0f} ms" if s < 1 else f"{s:.1f} s" if s < 100 else f"{s:.0f} s"


def run(cmd: list[str], timeout: float, env: dict[str, str] | None = None) -> Result:
    t0 = time.perf_counter()
    ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    p = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, start_new_session=True, text=True
    )
    peak = Peak(p.pid)
    try:
        _, err = p.communicate(timeout=timeout)
        dt: float | None = time.perf_counter() - t0
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        p.communicate()
        dt, err = None, ""
    mib = peak.stop() / 2**20
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)  # the command's tree: its processes were all waited for
    cpu = ru.ru_utime + ru.ru_stime - ru0.ru_utime - ru0.ru_stime
    note = "" if p.returncode in (0, 1, None) or dt is None else f"exit {p.returncode}: {err.strip()[-200:]}"
    return Result(dt, timeout, mib, cpu, note)


def store_report(db: Path, n: int) -> list[str]:
    """The store's size per report and its tables' share (SQLite dbstat)."""
    files = [Path(str(db) + s) for s in ("", "-wal")]
    size = sum(f.stat().st_size for f in files if f.exists())
    out = [f"store: {size / 2**20:.0f} MiB = {size / n / 1024:.1f} KiB per report"]
    con = sqlite3.connect(db)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        rows = con.execute("select name, sum(pgsize) from dbstat group by name order by 2 desc").fetchall()
        idx = dict(con.execute("select name, tbl_name from sqlite_master where type = 'index'").fetchall())
    finally:
        con.close()
    by: dict[str, int] = {}
    for name, b in rows:
        table = idx.get(name, name)
        by[table] = by.get(table, 0) + b
    out += [f"  {t:<16} {b / n / 1024:6.2f} KiB/report" for t, b in sorted(by.items(), key=lambda x: -x[1]) if b]
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def measure_pages(db: str, n: int, repeat: int, page_timeout: float) -> tuple[dict[str, tuple[Result, Result]], float]:
    """(page → (first view, median of the next views)), the server's memory (MiB) at the end."""
    import httpx

    env = {**os.environ, "OGI_PASSWORD": PASSWORD}
    subprocess.run(
        [*OGI, "user", "add", "bench", "--role", "viewer", "--db", db], check=True, env=env, capture_output=True
    )
    port = free_port()
    log = open(f"/tmp/ogi-bench-serve-{port}.log", "wb")  # noqa: SIM115
    server = subprocess.Popen(
        [*OGI, "serve", "--db", db, "--port", str(port)], stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    base = f"http://127.0.0.1:{port}"
    out: dict[str, tuple[Result, Result]] = {}
    peak = Peak(server.pid)
    try:
        for _ in range(600):
            try:
                if httpx.get(base + "/login", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        c = httpx.Client(base_url=base, timeout=page_timeout)
        c.headers["X-CSRF-Token"] = c.get("/me.json").json()["csrf"]
        r = c.post("/login.json", json={"name": "bench", "password": PASSWORD})
        r.raise_for_status()
        c.headers["X-CSRF-Token"] = r.json()["csrf"]
        busy = False
        for name, path in bench_pages(n).items():
            if busy:
                out[name] = (Result(None, page_timeout, note="not asked"), Result(None, page_timeout))
                continue
            times: list[float] = []
            note = ""
            for i in range(repeat + 1):
                t0 = time.perf_counter()
                try:
                    resp = c.get(path)
                except httpx.TimeoutException:
                    busy = True
                    break
                times.append(time.perf_counter() - t0)
                if resp.status_code != 200:
                    note = f"HTTP {resp.status_code}"
                if i == 0 and times[0] > 30:  # one slow view says enough
                    break
            if not times:
                out[name] = (Result(None, page_timeout, note="no answer"), Result(None, page_timeout))
                continue
            rest = times[1:]
            out[name] = (
                Result(times[0], page_timeout, note=note),
                Result(statistics.median(rest) if rest else None, page_timeout),
            )
    finally:
        mib = peak.stop() / 2**20
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        log.close()
    return out, mib


def commands(db: str, work: Path) -> dict[str, list[str]]:
    o = work / "out"
    return {
        "stats --by year": ["stats", "--db", db, "--by", "year"],
        "stats --by region": ["stats", "--db", db, "--by", "region"],
        "stats --by organ": ["stats", "--db", db, "--by", "organ", "--format", "csv"],
        "series": ["series", "--db", db],
        "series --format jsonl": ["series", "--db", db, "--format", "jsonl"],
        "rollup": ["rollup", "--db", db],
        "rollup --format csv": ["rollup", "--db", db, "--format", "csv"],
        "export -o x.csv": ["export", "--db", db, "-o", str(o / "x.csv")],
        "export -o x.parquet": ["export", "--db", db, "-o", str(o / "x.parquet")],
        "export --long -o x.parquet": ["export", "--db", db, "--long", "-o", str(o / "long.parquet")],
        "export -o x.xlsx": ["export", "--db", db, "-o", str(o / "x.xlsx")],
        "export -o x.jsonl": ["export", "--db", db, "-o", str(o / "x.jsonl")],
    }


# ---------------------------------------------------------------- main


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--work", type=Path, default=Path("/tmp/ogi-bench-corpus"))
    ap.add_argument("--db-url", default=None, help="build into this URL instead of a SQLite file (emptied!)")
    ap.add_argument("--label", default="", help="a name for this run in the results file")
    ap.add_argument("--skip-build", action="store_true", help="measure the stores a previous run left (--keep)")
    ap.add_argument("--only", choices=("commands", "pages"), default=None)
    ap.add_argument("--timeout", type=float, default=900, help="seconds a command may take")
    ap.add_argument("--page-timeout", type=float, default=300, help="seconds a page may take")
    ap.add_argument("--repeat", type=int, default=5, help="views of each page after the first")
    ap.add_argument("--jobs", type=int, default=None)
    ap.add_argument("--keep", action="store_true", help="keep the stores")
    a = ap.parse_args()
    sizes = [int(s) for s in a.sizes.split(",")]
    a.work.mkdir(parents=True, exist_ok=True)
    (a.work / "out").mkdir(exist_ok=True)
    table: dict[str, dict[int, Result]] = {}
    pages: dict[str, dict[int, tuple[Result, Result]]] = {}
    notes: list[str] = []
    for n in sizes:
        print(f"== {n} reports", flush=True)
        src = a.work / f"reports-{n}"
        write_corpus(src, n)
        db_path = a.work / f"store-{n}.db"
        db = a.db_url or str(db_path)
        if not a.skip_build:
            if a.db_url:
                sys.path.insert(0, str(Path(__file__).parent))
                from bench_build import fresh_store

                fresh_store(a.db_url, a.work, "x").close()
            else:
                for s in ("", "-wal", "-shm"):
                    Path(str(db_path) + s).unlink(missing_ok=True)
            jobs = ["--jobs", str(a.jobs)] if a.jobs else []
            r = run([*OGI, "build", str(src), "--db", db, "--quiet", *jobs], timeout=4 * 3600)
            table.setdefault("ogi build", {})[n] = r
            print(f"  build: {r.time()} {r.mib:.0f} MiB, CPU {r.cpu:.0f} s (load {r.load:.1f}) {r.note}", flush=True)
            r = run([*OGI, "build", str(src), "--db", db, "--quiet", *jobs], timeout=4 * 3600)
            table.setdefault("ogi build (nothing changed)", {})[n] = r
            print(
                f"  build again: {r.time()} {r.mib:.0f} MiB, CPU {r.cpu:.1f} s (load {r.load:.1f}) {r.note}", flush=True
            )
        if not a.db_url:
            for line in store_report(db_path, n):
                print("  " + line, flush=True)
                notes.append(f"{n}: {line}")
        if a.only in (None, "commands"):
            for name, args in commands(db, a.work).items():
                r = run([*OGI, *args], a.timeout)
                table.setdefault(name, {})[n] = r
                print(
                    f"  {name:<28} {r.time():>9} {r.mib or 0:7.0f} MiB  CPU {r.cpu or 0:6.1f} s"
                    f"  (load {r.load:.1f}) {r.note}",
                    flush=True,
                )
        if a.only in (None, "pages"):
            got, mib = measure_pages(db, n, a.repeat, a.page_timeout)
            for name, (first, warm) in got.items():
                pages.setdefault(name, {})[n] = (first, warm)
                print(f"  page {name:<26} first {first.time():>9}  then {warm.time():>9}  {first.note}", flush=True)
            print(f"  server peak memory: {mib:.0f} MiB", flush=True)
            notes.append(f"{n}: server peak memory {mib:.0f} MiB")
        if not a.keep and not a.db_url and not a.skip_build:
            for s in ("", "-wal", "-shm"):
                Path(str(db_path) + s).unlink(missing_ok=True)
    # the table
    print()
    head = "| | " + " | ".join(f"{n:,} reports" for n in sizes) + (" | growth |" if len(sizes) > 1 else " |")
    print(head)
    print("|---" * (len(sizes) + 1 + (len(sizes) > 1)) + "|")
    for name, by in table.items():
        cells = [
            f"{by[n].time()}, {by[n].mib:.0f} MiB, CPU {fmt_s(by[n].cpu or 0)}" if n in by and by[n].mib else ""
            for n in sizes
        ]
        print(f"| `{name}` | " + " | ".join(cells) + (f" | {growth(by, sizes)} |" if len(sizes) > 1 else " |"))
    for name, by in pages.items():
        cells = [f"{by[n][1].time()} (first {by[n][0].time()})" if n in by else "" for n in sizes]
        warm = {n: by[n][1] for n in by}
        print(f"| page {name} | " + " | ".join(cells) + (f" | {growth(warm, sizes)} |" if len(sizes) > 1 else " |"))
    for note in notes:
        print(note)
    res = a.work / f"results-{a.label or 'run'}-{int(time.time())}.json"
    res.write_text(
        json.dumps(
            {
                "label": a.label,
                "sizes": sizes,
                "commands": {k: {n: vars(r) for n, r in v.items()} for k, v in table.items()},
                "pages": {k: {n: [vars(r[0]), vars(r[1])] for n, r in v.items()} for k, v in pages.items()},
                "notes": notes,
            },
            ensure_ascii=False,
            indent=1,
        )
    )
    print(f"results → {res}")


def growth(by: dict[int, Any], sizes: list[int]) -> str:
    a, b = by.get(sizes[0]), by.get(sizes[-1])
    if a is None or b is None or a.seconds is None or not a.seconds:
        return ""
    if b.seconds is None:
        return f">{b.limit / a.seconds:.1f}×"
    return f"{b.seconds / a.seconds:.1f}×"


if __name__ == "__main__":
    main()
