"""End-to-end ``ogi build`` throughput: generated text reports into a store, local pool vs Ray.

    python bench/bench_build.py [--n 10000] [--engines local,ray] [--jobs 2] [--db URL]

Writes ``--n`` generated reports (every text style) to a temporary folder, then for each engine
builds them into a fresh store (a SQLite file by default, or the ``--db`` URL, emptied first) and
prints reports/s and the peak memory of the whole process tree (writer + workers, sampled). A
last line measures the writer alone: readings already prepared in memory, stored with
``Store.put`` in batches — the store's own ceiling.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import threading
import time
from pathlib import Path

import ogi
from ogi.runner.build import build, read_chunk
from ogi.samples import STYLES, generate, print_report
from ogi.store import Store

PAGE = os.sysconf("SC_PAGE_SIZE")


TICK = os.sysconf("SC_CLK_TCK")


def tree_rss(root: int, cpu: dict[int, float] | None = None) -> int:
    """Summed RSS (bytes) of a process and its descendants, from /proc (Linux); records each
    process's CPU seconds so far (user + system) in ``cpu``."""
    parent: dict[int, int] = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as f:
                    parent[int(d)] = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                pass
    tree, frontier = {root}, [root]
    while frontier:
        frontier = [p for p, pp in parent.items() if pp in frontier and p not in tree]
        tree.update(frontier)
    total = 0
    for p in tree:
        try:
            with open(f"/proc/{p}/statm") as f:
                total += int(f.read().split()[1]) * PAGE
            if cpu is not None:
                with open(f"/proc/{p}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                cpu[p] = (int(fields[11]) + int(fields[12])) / TICK
        except (OSError, IndexError, ValueError):
            pass
    return total


class PeakRSS:
    """Peak of the summed RSS of this process and all its descendants, sampled every 50 ms."""

    def __init__(self) -> None:
        self.peak = 0
        self.cpu: dict[int, float] = {}
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(os.getpid(), self.cpu))
            time.sleep(0.05)

    def __enter__(self) -> PeakRSS:
        tree_rss(os.getpid(), self.cpu)
        self.cpu0 = dict(self.cpu)
        self._t.start()
        return self

    @property
    def cpu_seconds(self) -> float:
        """CPU seconds used by the process tree while measured (processes sampled every 50 ms)."""
        return sum(v - self.cpu0.get(p, 0.0) for p, v in self.cpu.items())

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._t.join()


def write_corpus(d: Path, n: int) -> None:
    styles = sorted(STYLES)
    for i in range(n):
        (d / f"{i:06d}.txt").write_text(print_report(generate(i), styles[i % len(styles)]), encoding="utf-8")


def fresh_store(db: str | None, tmp: Path, name: str) -> Store:
    if db is None:
        return Store(tmp / f"{name}.db")
    s = Store(db)
    from ogi.store import schema

    drop = getattr(schema, "drop_all", None)  # the view cells depends on vals
    drop(s.engine) if drop else schema.metadata.drop_all(s.engine)
    s.close()
    return Store(db)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--engines", default="local,ray")
    ap.add_argument("--jobs", type=int, default=None)
    ap.add_argument("--db", default=None, help="a URL (emptied!) instead of a temporary SQLite file")
    ap.add_argument("--batch", type=int, default=200)
    ap.add_argument("--no-source", dest="source", action="store_false", help="as ogi build --no-source")
    a = ap.parse_args()
    cores = a.jobs or os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp_s:
        tmp = Path(tmp_s)
        src = tmp / "reports"
        src.mkdir()
        t0 = time.perf_counter()
        write_corpus(src, a.n)
        kb = sum(f.stat().st_size for f in src.iterdir()) / a.n / 1024
        print(f"generated {a.n} text reports ({kb:.1f} KiB avg) in {time.perf_counter() - t0:.1f}s")
        for engine in a.engines.split(","):
            store = fresh_store(a.db, tmp, engine)
            with PeakRSS() as mem:
                res = build([src], store, jobs=a.jobs, engine=engine, batch=a.batch, source=a.source)
            c = store.count()
            size = sum(f.stat().st_size for f in tmp.glob(f"{engine}.db*"))
            store.close()
            assert c["reports"] == a.n, c
            ms = mem.cpu_seconds / res.read * 1000
            print(
                f"{engine:>5}: {res.read} reports in {res.seconds:.1f}s = {res.read / res.seconds:.0f} reports/s "
                f"(jobs {a.jobs or 'all cores'}); CPU {ms:.2f} ms/report (≈{cores * 1000 / ms:.0f} reports/s "
                f"on {cores} idle cores); peak RSS (tree) {mem.peak / 2**20:.0f} MiB; {c['cells']} cells"
                + (f"; db {size / 2**20:.0f} MiB" if size else "")
            )
        files = sorted(str(f) for f in src.iterdir())[: min(a.n, 2000)]
        items = read_chunk(files)
        store = fresh_store(a.db, tmp, "writer")
        t0, c0 = time.perf_counter(), time.process_time()
        for i in range(0, len(items), a.batch):
            store.put(items[i : i + a.batch])
        dt, dc = time.perf_counter() - t0, time.process_time() - c0
        store.close()
        print(
            f"writer alone: {len(items)} prepared readings stored in {dt:.2f}s = {len(items) / dt:.0f} reports/s "
            f"({len(items) / dc:.0f} per CPU-second)"
        )
        t0, c0 = time.perf_counter(), time.process_time()
        few = files[:500]
        for f in few:
            ogi.read(f)
        dt, dc = time.perf_counter() - t0, time.process_time() - c0
        print(f"ogi.read alone, one core: {len(few) / dt:.0f} reports/s ({len(few) / dc:.0f} per CPU-second)")
        print(f"load average during the run: {os.getloadavg()[0]:.1f} (1 min), {cores} cores")


if __name__ == "__main__":
    main()
