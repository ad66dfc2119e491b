"""Readings per second for the many-report analysis: series + cross-year checks, stats, roll-up.

    python bench/bench_analysis.py [--organs 500] [--years 5]

Readings are generated (``ogi.samples.generate``), one per organ and year, with some
prose in sections 一 and 五 so the repetition measure runs too.
"""

from __future__ import annotations

import argparse
import time

from ogi.corpus.metrics import stats
from ogi.corpus.rollup import rollup
from ogi.corpus.series import cross_year
from ogi.model import Report, Source
from ogi.samples import generate
from ogi.samples.generate import ORGANS, PLACES

CITIES = ("江北市", "海东市", "山南市", "河西市", "湖中市")


def readings(organs: int, years: int) -> list[Report]:
    out = []
    for i in range(organs):
        city = CITIES[i % len(CITIES)]
        place = PLACES[(i // len(CITIES)) % len(PLACES)]
        organ = ORGANS[i % len(ORGANS)] + (str(i // (len(CITIES) * len(PLACES))) if i >= 50 else "")
        for y in range(2025 - years + 1, 2026):
            s = generate(i * 100 + y)
            tid = "2021" if y >= 2021 else "2019"
            if s.template.id != tid:
                s = generate(i * 100 + y, tid)
            text = f"{y}年，本机关坚持以人民为中心，第{i}号工作方案，推进政务公开标准化规范化。" * 20
            out.append(
                Report(
                    source=Source(path=f"{i}-{y}", format="text"),
                    template=tid,
                    year=y,
                    agency=f"{city}{place}{organ}",
                    region=None,
                    cells=dict(s.cells),
                    provenance={},
                    findings=[],
                    sections={"一": text, "五": text[: len(text) // 3]},
                )
            )
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--organs", type=int, default=500)
    ap.add_argument("--years", type=int, default=5)
    a = ap.parse_args()
    rs = readings(a.organs, a.years)
    n = len(rs)
    for name, fn in (
        ("series + cross-year", lambda: sum(len(p.findings) for p in cross_year(rs))),
        ("stats --by region", lambda: len(stats(rs, by="region"))),
        ("stats --by organ-type", lambda: len(stats(rs, by="organ-type"))),
        ("rollup", lambda: len(rollup(rs).rows)),
    ):
        t = time.perf_counter()
        out = fn()
        dt = time.perf_counter() - t
        print(f"{name:24s} {n} readings  {dt:6.2f} s  {n / dt:8.0f} readings/s  ({out})")


if __name__ == "__main__":
    main()
