"""What reading costs now against an earlier version of ogi, on the very same inputs.

    python bench/bench_before_after.py [--ref REF] [--n 300] [--warm 50] [--rounds 3] [--formats text,html,docx,scan]

Issue 10 asks that the reading fixes cost no more than 10 % for text, HTML and OCR. Timing two
versions one after the other on a shared machine measures the machine as much as the code, so this
benchmark makes the inputs once (ordinary reports of the ``plain`` kind from
:mod:`ogi.samples.variants`, in each format asked for), checks the earlier version out into a
temporary git worktree (the repository's history is needed), and has both versions read the same
files in alternating rounds, each in a child process of its own (``PYTHONPATH`` pointing at its
``src``; the earlier version's dependencies must be importable from this environment). A round's
figure is the reading process's CPU seconds (every thread); the best round of each version counts.
Before it is timed, each reader reads ``--warm`` other reports of the same format, as a worker of a
long build has (a build's workers stay resident: the template, the models and the label caches are
warm); the timed reports are different ones.

Prints per format: reports per CPU-second before and now, and now/before (1.00: the same cost;
0.90: ten per cent slower). ``text`` is the text styles in turn (pipe, markdown, cells, tabs,
pdftext); ``scan`` is image-only PDFs read by OCR (slow: a few reports are enough, ``--scan-n``).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The commit before issue 10's reading work began.
DEFAULT_REF = "3792908"
TEXT_STYLES = ("pipe", "markdown", "cells", "tabs", "pdftext")

CHILD = r"""
import json, sys, time
from pathlib import Path
import ogi
paths = [Path(p) for p in json.loads(sys.argv[1])]
for p in json.loads(sys.argv[2]):
    ogi.read(p)  # other reports first, as a worker of a long build has read (template, models, label caches)
c0 = time.process_time()
for p in paths:
    ogi.read(p)
print(json.dumps({"cpu": time.process_time() - c0, "n": len(paths)}))
"""


def make_inputs(
    out: Path, formats: list[str], n: int, scan_n: int, warm: int
) -> dict[str, tuple[list[str], list[str]]]:
    """Write the inputs of each format into ``out``; format → (file paths timed, paths read first)."""
    from ogi.samples.variants import variants

    got: dict[str, tuple[list[str], list[str]]] = {}
    for fmt in formats:
        fmts = list(TEXT_STYLES) if fmt == "text" else [fmt]
        first = 1 if fmt == "scan" else warm
        count = scan_n if fmt == "scan" else n
        paths = []
        for v in variants(kinds=["plain"], formats=fmts, n=first + count):
            p = out / f"{fmt}-{len(paths)}{v.suffix}"
            p.write_bytes(v.data)
            paths.append(str(p))
        got[fmt] = (paths[first:], paths[:first])
    return got


def read_once(src: Path, paths: list[str], warm: list[str]) -> float:
    """CPU seconds for the version whose source is ``src`` to read ``paths`` in a child process that
    has read ``warm`` (other reports) first."""
    env = dict(os.environ, PYTHONPATH=str(src), OGI_OCR_THREADS="1")
    res = subprocess.run(
        [sys.executable, "-c", CHILD, json.dumps(paths), json.dumps(warm)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if res.returncode != 0:
        raise SystemExit(f"reading with {src} failed:\n{res.stderr[-2000:]}")
    got = json.loads(res.stdout.strip().splitlines()[-1])
    return float(got["cpu"])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ref", default=DEFAULT_REF, help="the earlier version (a git ref)")
    ap.add_argument("--n", type=int, default=300, help="reports per format")
    ap.add_argument("--scan-n", type=int, default=4, help="reports for the scan format")
    ap.add_argument("--warm", type=int, default=50, help="other reports each reader reads first, not timed")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--formats", default="text,html,docx,scan")
    a = ap.parse_args()
    formats = [f for f in a.formats.split(",") if f]
    with tempfile.TemporaryDirectory(prefix="ogi-before-after-") as tmp:
        base = Path(tmp) / "before"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(base), a.ref],
            check=True,
            capture_output=True,
        )
        try:
            inputs = make_inputs(Path(tmp), formats, a.n, a.scan_n, a.warm)
            print(f"before: {a.ref}; now: the working tree; best of {a.rounds} rounds, CPU seconds of the reader")
            for fmt, (paths, warm) in inputs.items():
                best = {"before": float("inf"), "now": float("inf")}
                for _ in range(a.rounds):
                    for name, src in (("before", base / "src"), ("now", ROOT / "src")):
                        best[name] = min(best[name], read_once(src, paths, warm))
                rate = {k: len(paths) / v for k, v in best.items()}
                print(
                    f"{fmt:6} {len(paths):5} reports: before {rate['before']:8.1f}/CPU-s, "
                    f"now {rate['now']:8.1f}/CPU-s, now/before {rate['now'] / rate['before']:.2f}"
                )
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base)], check=False)


if __name__ == "__main__":
    main()
