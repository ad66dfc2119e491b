"""Analysis over a PostgreSQL store of 1,000,000 readings' values, generated directly (not parsed).

    python bench/bench_pg_values.py [--rows 1000000] [--db postgresql://…]   # (empties that database)

Without ``--db`` a throw-away server is started (``tests/pgserver.py``: the ``postgresql`` Debian
package's binaries). The store's schema is made by ``ogi.store.Store``; then, in SQL
(``generate_series``), ``--rows`` reports of 1/7 as many organs over 2019–2025 in 1,000 regions:
their ``reports`` rows, their ``vals`` rows (every key of their format a random count, a few left
empty), and the derived ``members`` and ``organs`` rows a refresh would make. The store is marked
fresh, and ``Store.stats`` is timed by every grouping (the SQL of ``ogi stats``), with the peak
memory of this process (the client) and the size of the tables.
"""

from __future__ import annotations

import argparse
import contextlib
import resource
import sys
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from ogi.store import Store
from ogi.store import schema as S
from ogi.template import spec


@contextlib.contextmanager
def server(url: str | None) -> Iterator[str]:
    if url:
        yield url
        return
    from pgserver import postgres_server

    with postgres_server() as u:
        yield u


def generate(store: Store, rows: int) -> None:
    formats = spec().templates
    organs = -(-rows // 7)
    with store.engine.begin() as c:
        t0 = time.perf_counter()
        c.exec_driver_sql(
            "INSERT INTO reports (id, path, sha256, format, template, year, agency, region, status, errors, warnings, "
            "cells_read, removed, stored_at) "
            "SELECT i, 'gen:' || i, md5(i::text), 'text', "
            "CASE WHEN 2019 + mod(i, 7) >= 2021 THEN '2021' ELSE '2019' END, "
            "2019 + mod(i, 7), '江南省区' || mod(i / 7, 1000) || '机关' || (i / 7), NULL, 'ok', "
            "(random() < 0.1)::int, (random() < 0.3)::int, 200, false, now() "
            f"FROM generate_series(1, {rows}) AS i"
        )
        print(f"reports: {time.perf_counter() - t0:.0f}s", flush=True)
        t0 = time.perf_counter()
        for tid, tpl in formats.items():
            keys = list(tpl.keys)
            cols = ", ".join(f'"{k}"' for k in keys)
            vals = ", ".join("CASE WHEN random() < 0.002 THEN NULL ELSE floor(random() * 30) END" for _ in keys)
            cond = "2019 + mod(i, 7) >= 2021" if tid == "2021" else "2019 + mod(i, 7) < 2021"
            c.exec_driver_sql(
                f"INSERT INTO vals (report_id, tpl, gaps, {cols}) SELECT i, '{tid}', 0, {vals} "
                f"FROM generate_series(1, {rows}) AS i WHERE {cond}"
            )
        print(f"vals: {time.perf_counter() - t0:.0f}s", flush=True)
        t0 = time.perf_counter()
        c.exec_driver_sql(
            "INSERT INTO members (report_id, series, year, role) "
            f"SELECT i, 'o' || (i / 7), 2019 + mod(i, 7), 'kept' FROM generate_series(1, {rows}) AS i"
        )
        c.exec_driver_sql(
            "INSERT INTO organs (id, name, identity, type, region, node, years, errors, warnings, worst) "
            "SELECT 'o' || k, '江南省区' || mod(k, 1000) || '机关' || k, '{}', "
            "CASE WHEN mod(k, 15) = 0 THEN 'government' ELSE 'department' END, '江南省区' || mod(k, 1000), "
            "'region:江南省区' || mod(k, 1000), '[]', 0, 0, 9 "
            f"FROM generate_series(0, {organs}) AS k"
        )
        c.exec_driver_sql(
            "UPDATE ogi_meta SET value = (SELECT value FROM ogi_meta WHERE name = 'changes') WHERE name = 'refreshed'"
        )
        print(f"members, organs: {time.perf_counter() - t0:.0f}s", flush=True)
        t0 = time.perf_counter()
    with store.engine.connect() as c:
        c = c.execution_options(isolation_level="AUTOCOMMIT")
        for t in ("reports", "vals", "members", "organs"):
            c.exec_driver_sql(f"VACUUM ANALYZE {t}")
        print(f"vacuum analyze: {time.perf_counter() - t0:.0f}s", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--db", default=None, help="a PostgreSQL URL (emptied!) instead of a throw-away server")
    ap.add_argument("--repeat", type=int, default=2)
    a = ap.parse_args()
    with server(a.db) as url:
        store = Store(url)
        S.drop_all(store.engine)
        store.close()
        store = Store(url)
        generate(store, a.rows)
        assert store.fresh()
        with store.engine.connect() as c:
            for t in ("reports", "vals", "members", "organs"):
                size = c.exec_driver_sql(f"SELECT pg_total_relation_size('{t}')").scalar()
                print(f"  {t:<8} {size / 2**20:8.0f} MiB", flush=True)
        for by in ("year", "region", "organ-type", "all"):
            times = []
            for _ in range(a.repeat):
                t0 = time.perf_counter()
                groups = store.stats(by)
                times.append(time.perf_counter() - t0)
            n = sum(g.reports for g in groups)
            print(
                f"stats --by {by:<10} {min(times):6.1f} s (runs: {', '.join(f'{t:.1f}' for t in times)}); "
                f"{len(groups)} groups, {n} reports; client peak RSS "
                f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB",
                flush=True,
            )
        store.close()


if __name__ == "__main__":
    main()
