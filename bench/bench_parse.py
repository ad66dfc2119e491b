"""Reports per second for reading text reports (parse + check), on one core.

    python bench/bench_parse.py [--n 2000] [--cli]

In-process: generated reports in every text style, ``ogi.read`` on each.
With --cli: the same reports written to a temporary folder and read by
``ogi parse --format jsonl`` (process start-up included).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import ogi
from ogi.samples import STYLES, generate, print_report


def corpus(n: int) -> list[str]:
    styles = sorted(STYLES)
    return [print_report(generate(i), styles[i % len(styles)]) for i in range(n)]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--cli", action="store_true")
    ap.add_argument("--default-gc", action="store_true", help="Python's GC thresholds, not the command's")
    a = ap.parse_args()
    texts = corpus(a.n)
    ogi.read(texts[0])  # warm caches (template, OpenCC tables)
    if not a.default_gc:
        from ogi.runtime import tune_gc

        tune_gc()  # as the `ogi` command runs
    t0, c0 = time.perf_counter(), time.process_time()
    for t in texts:
        ogi.read(t)
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    kb = sum(len(t.encode()) for t in texts) / len(texts) / 1024
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"in-process: {a.n} reports ({kb:.1f} KiB avg): {dt:.2f}s wall, {cpu:.2f}s CPU = "
        f"{a.n / cpu:.0f} reports per CPU-second ({a.n / dt:.0f}/s wall); peak RSS {rss:.0f} MiB"
    )
    if a.cli:
        with tempfile.TemporaryDirectory() as d:
            for i, t in enumerate(texts):
                Path(d, f"{i:06d}.txt").write_text(t, encoding="utf-8")
            t0 = time.perf_counter()
            p = subprocess.run(
                [sys.executable, "-m", "ogi", "parse", "--format", "jsonl", "--no-sections", d],
                stdout=subprocess.DEVNULL,
                env=dict(os.environ),
            )
            dt = time.perf_counter() - t0
            print(
                f"cli: ogi parse --format jsonl DIR: {a.n} reports in {dt:.2f}s = {a.n / dt:.0f} reports/s "
                f"(exit {p.returncode})"
            )


if __name__ == "__main__":
    main()
