"""The real PDFs of ../shared/real as scans: each page rendered to an image (150, 200 and 300 dpi,
greyscale, through JPEG, with and without a small rotation), wrapped as an image-only PDF, read
by OCR and compared with the truth file.

For each scan: cells right / all, cells wrong that no finding flags (a silent wrong value, the one
outcome that must not happen), false errors (errors the truth does not list) and seconds.

    .venv/bin/python bench/bench_scans.py [--dpi 150,200,300] [--rotate 0,0.7] [--jpeg 70] [--only hongze]

A benchmark, not a test: tests/test_scans_real.py runs one of these settings per PDF.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import ogi
from ogi.samples.variants.render import Scan, scanned

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "real"


def score(r: ogi.Report, truth: dict) -> dict:
    """Cells right, wrong cells no finding flags, false errors."""
    bad = {
        k
        for k, v in truth["cells"].items()
        if not (r.cells.get(k) == v or (r.cells.get(k) is not None and v is not None and abs(r.cells[k] - v) < 1e-6))
    }
    flagged = {k for f in r.findings if f.severity in ("error", "warning") for k in f.keys}
    errors = {f.rule for f in r.findings if f.severity == "error"} - set(truth["findings"])
    return {
        "cells": len(truth["cells"]) - len(bad),
        "all": len(truth["cells"]),
        "silent": len(bad - flagged),
        "false_errors": sorted(errors),
        "organ": r.agency in truth["agency"],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dpi", default="150,200,300")
    ap.add_argument("--rotate", default="0,0.7")
    ap.add_argument("--jpeg", type=int, default=70)
    ap.add_argument("--only", default="", help="only PDFs whose name holds this")
    a = ap.parse_args()
    pdfs = sorted(p for p in REAL.glob("*.pdf") if a.only in p.name)
    rows = []
    print(f"{'scan':<52} {'cells':>9} {'silent':>6} {'false errors':<24} {'organ':<5} {'s':>5}")
    for pdf in pdfs:
        truth = json.loads(pdf.with_name(pdf.stem + ".truth.json").read_text("utf-8"))
        for dpi in map(int, a.dpi.split(",")):
            for rot in map(float, a.rotate.split(",")):
                how = Scan(dpi=dpi, jpeg=a.jpeg, rotate=rot)
                data = scanned(pdf.read_bytes(), "scan", how, seed=dpi)
                t0 = time.perf_counter()
                r = ogi.read(data)
                dt = time.perf_counter() - t0
                s = score(r, truth)
                rows.append(s)
                name = f"{pdf.stem} {how.describe()}"
                errors = ",".join(s["false_errors"]) or "-"
                print(
                    f"{name:<52} {s['cells']:>4}/{s['all']:<4} {s['silent']:>6} {errors:<24}"
                    f" {'yes' if s['organ'] else 'no':<5} {dt:5.1f}",
                    flush=True,
                )
    cells = sum(s["cells"] for s in rows)
    total = sum(s["all"] for s in rows)
    print(
        f"\n{len(rows)} scans: cells {cells}/{total} = {100 * cells / max(total, 1):.2f}% | "
        f"silent wrong cells {sum(s['silent'] for s in rows)} | "
        f"scans with a false error {sum(1 for s in rows if s['false_errors'])} | "
        f"organ right {sum(s['organ'] for s in rows)}/{len(rows)}"
    )


if __name__ == "__main__":
    main()
