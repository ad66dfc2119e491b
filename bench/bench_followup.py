"""The follow-up's pages over a season's store: ``--n`` generated reports of one county (organs of
the samples in its districts, years 2022–2024), a tenth of them published again as a second version, built by
``ogi build`` into a fresh SQLite store; then the web app's list of problems (every report of a
year, its counts and its organ-year's versions asked of the store's SQL), the region page (each
organ's state, from SQL) and a report page with its versions, each asked ``--repeat`` times through
the app (in process, no HTTP).

    python bench/bench_followup.py [--n 500] [--repeat 3]

Prints seconds per page (the best of the repeats), reports per second for the list, and the most
Python memory one request of the page allocated (tracemalloc's peak, a run of its own): what the
page holds grows with what it shows, not with the store.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from fastapi.testclient import TestClient

from ogi.samples import generate, print_report
from ogi.samples.generate import ORGANS
from ogi.web.app import create_app
from ogi.web.auth import hash_password

# the city's districts and counties, each with the samples' 14 organs: 98 organs, 294 organ-years (reports past
# that many are further versions of the organ-years before them)
DISTRICTS = ("淮阴区", "清江浦区", "淮安区", "洪泽区", "涟水县", "盱眙县", "金湖县")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=500)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        root = Path(d)
        src = root / "in"
        src.mkdir()
        for i in range(a.n):
            rep = generate(5000 + i, tid="2021", scale=5)
            rep.year = 2022 + i % 3
            organ = i // 3  # one organ's three years
            place = DISTRICTS[organ // len(ORGANS) % len(DISTRICTS)]
            rep.agency = f"淮安市{place}{ORGANS[organ % len(ORGANS)]}"
            text = print_report(rep, "pipe")
            (src / f"{i:05d}.txt").write_text(text, encoding="utf-8")
            if i % 10 == 0:  # published again: another file of the same organ and year
                (src / f"{i:05d}-v2.txt").write_text(text + "\n修订说明：更正了部分数据。\n", encoding="utf-8")
        db = f"sqlite:///{root / 'season.sqlite3'}"
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "ogi", "build", str(src), "--db", db, "--quiet"], check=True)
        built = time.perf_counter() - t
        app = create_app(db)
        app.state.store.add_user("bench", "viewer", hash_password("bench-pass-1"))
        with TestClient(app) as c:
            c.headers["X-CSRF-Token"] = c.get("/me.json").json()["csrf"]
            c.post("/login.json", json={"name": "bench", "password": "bench-pass-1"}).raise_for_status()
            rows = c.get("/problems.json", params={"year": 2024}).json()["reports"]
            region = next(r["node"] for r in c.get("/regions.json").json()["regions"] if r["name"] == "淮安市")
            twice = next(r["id"] for r in rows if r["status"] in ("fixed", "pending", "passed") and r["versions"] > 1)
            pages = {
                f"/problems?year=2024 ({len(rows)} reports)": ("/problems", {"year": 2024}),
                "/regions/淮安市 (each organ's state)": (f"/regions/{region}", {"year": 2024}),
                "/reports/ID.json (two versions)": (f"/reports/{twice}.json", {}),
            }
            print(f"{a.n} reports (+{len(range(0, a.n, 10))} second versions) built in {built:.1f} s")
            for name, (path, params) in pages.items():
                best = float("inf")
                for _ in range(a.repeat):
                    t = time.perf_counter()
                    r = c.get(path, params=params)
                    best = min(best, time.perf_counter() - t)
                    assert r.status_code == 200, (path, r.status_code)
                tracemalloc.start()
                c.get(path, params=params)
                peak = tracemalloc.get_traced_memory()[1]
                tracemalloc.stop()
                extra = f" = {len(rows) / best:.0f} reports/s" if path == "/problems" else ""
                print(f"  {name}: {best:.2f} s{extra}, peak {peak / 2**20:.1f} MiB allocated")


if __name__ == "__main__":
    main()
