"""What reading costs now against an earlier version of ogi, on the very same inputs.

    python bench/bench_before_after.py [--ref REF] [--n 300] [--warm 50] [--rounds 1] [--formats text,html,docx,scan]
                                       [--shared ../shared --repeat 20]

Issue 10 asks that the reading fixes cost no more than 10 % for text, HTML and OCR. Timing two
versions one after the other on a shared machine measures the machine as much as the code (its
speed here drifts by a fifth within minutes), so this benchmark makes the inputs once (ordinary
reports of the ``plain`` kind from :mod:`ogi.samples.variants`, in each format asked for), checks the
earlier version out into a temporary git worktree (the repository's history is needed), and starts a
resident reader process for each version (``PYTHONPATH`` pointing at its ``src``; the earlier
version's dependencies must be importable from this environment). The readers take the reports in
turns of 25 (before reads 25, now the same 25; then now first …), so a slow minute of the machine
falls on both alike; each reports the CPU seconds (every thread) it spent on them. Before
it is timed, each reader reads ``--warm`` other reports of the same format, as a worker of a long
build has (a build's workers stay resident: the template, the models and the label caches are warm);
each timed report is one it has not read before. ``--rounds`` passes, each by new readers, summed.

Prints per format: reports per CPU-second before and now, and now/before (1.00: the same cost;
0.90: ten per cent slower), from the CPU seconds summed; and the median and quartiles of now/before
over the turns (how much the machine moved the figure). ``text`` is the text styles in
turn (pipe, markdown, cells, tabs, pdftext); ``scan`` is image-only PDFs read by OCR (slow: a few
reports are enough, ``--scan-n``).

``--shared DIR`` times the real reports of ``DIR/seeds`` and ``DIR/real`` too (those with a truth file
beside them), as ``real-text`` (.txt, .md) and ``real-html``: written in ways the generator's plain
reports are not (labels apart from their values, tables in pieces), where the reading does more.
There are few, so each is read ``--repeat`` times (after one reading of each, not timed).

``--instructions`` counts instead of timing: the instructions the CPU runs for each version's reading of the
same reports (``valgrind --tool=callgrind``: a run reading the warm reports and the timed ones less a run
reading the warm ones only; hash seed fixed), per report, and before/now (1.00: the same work; 0.90: ten per
cent more now). It does not move with the machine's load (a slow minute, other jobs) as CPU seconds do, and is
the same from run to run; it weighs every instruction alike (no cache misses, no memory), and takes a minute
or two a format (valgrind runs Python some fifty times slower). Needs ``valgrind``.

``--stages`` (with ``--instructions``) says where the instructions go: for each stage named — a function as the
module calling it names it: ``ogi.pipeline.extract``, ``ogi.extract.read_tables``, ``ogi.extract.tables.tokens_of``
— its calls made while reading the counted reports are kept and replayed :data:`REPLAYS` times after, and the
instructions of the replays (a run with them less a run without) give that stage's per report, before and now (a
stage the earlier version does not have: said so). Lists, sets and dicts passed to a call are copied for each replay;
a stage that changes other inputs in place (``ogi.pipeline.normalize_document``: the document) is replayed on what
it left.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The commit before issue 10's reading work began.
DEFAULT_REF = "3792908"
TEXT_STYLES = ("pipe", "markdown", "cells", "tabs", "pdftext")

CHILD = r"""
import json, sys, time
from pathlib import Path
import ogi
for p in json.loads(sys.argv[1]):
    ogi.read(Path(p))  # other reports first, as a worker of a long build has read (template, models, label caches)
print("ready", flush=True)
for line in sys.stdin:
    paths = [Path(p) for p in json.loads(line)]
    c0 = time.process_time()
    for p in paths:
        ogi.read(p)
    print(time.process_time() - c0, flush=True)
"""
BLOCK = 25  # reports a reader reads in its turn
REPLAYS = 5  # replays of a stage's calls (``--stages``)
# a run of a version reading its warm reports, then the counted ones with the stages' calls kept, then replaying
# them (``--stages``)
STAGE_CHILD = r"""
import importlib, json, sys
from pathlib import Path
import ogi
warm, paths, stages, replays = (json.loads(a) for a in sys.argv[1:5])
for p in warm:
    ogi.read(Path(p))
calls, kept = {}, {}
for name in stages:
    where, _, attr = name.rpartition(".")
    module = importlib.import_module(where)
    if not hasattr(module, attr):
        continue
    kept[name] = f = getattr(module, attr)
    def keep(*a, _f=f, _n=name, **k):
        calls.setdefault(_n, []).append((a, k))
        return _f(*a, **k)
    setattr(module, attr, keep)
for p in paths:
    ogi.read(Path(p))
def fresh(x):
    return type(x)(x) if isinstance(x, (list, set, dict)) else x
for name, f in kept.items():
    for _ in range(replays):
        for a, k in calls.get(name, []):
            f(*map(fresh, a), **{key: fresh(v) for key, v in k.items()})
print(json.dumps(sorted(kept)))
"""
# a run of a version reading its warm reports, then the counted ones (``--instructions``)
COUNT_CHILD = r"""
import json, sys
from pathlib import Path
import ogi
for p in json.loads(sys.argv[1]) + json.loads(sys.argv[2]):
    ogi.read(Path(p))
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


REAL = {"real-text": (".txt", ".md"), "real-html": (".html", ".htm")}


def real_inputs(shared: Path, repeat: int) -> dict[str, tuple[list[str], list[str]]]:
    """The real reports of ``shared`` (seeds, real) with a truth file, by :data:`REAL` group: (the
    paths timed, each ``repeat`` times; the paths read first, each once)."""
    got: dict[str, tuple[list[str], list[str]]] = {}
    for name, suffixes in REAL.items():
        paths = sorted(
            str(p)
            for d in ("seeds", "real")
            for p in (shared / d).iterdir()
            if p.suffix in suffixes and p.with_name(p.stem + ".truth.json").exists()
        )
        if paths:
            got[name] = (paths * repeat, paths)
    return got


class Reader:
    """A resident reader process of the version whose source is ``src``, having read ``warm`` first:
    :meth:`read` gives the CPU seconds it spent reading one report."""

    def __init__(self, src: Path, warm: list[str]) -> None:
        env = dict(os.environ, PYTHONPATH=str(src), OGI_OCR_THREADS="1")
        self.src = src
        self.proc = subprocess.Popen(
            [sys.executable, "-c", CHILD, json.dumps(warm)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        self._expect("ready")

    def _expect(self, what: str | None = None) -> str:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line or (what is not None and line.strip() != what):
            err = self.proc.stderr.read() if self.proc.stderr is not None else ""
            raise SystemExit(f"reading with {self.src} failed:\n{err[-2000:]}")
        return line

    def read(self, paths: list[str]) -> float:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(paths) + "\n")
        self.proc.stdin.flush()
        return float(self._expect())

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait(timeout=60)


def interleaved(before: Path, now: Path, paths: list[str], warm: list[str]) -> tuple[float, float, list[float]]:
    """CPU seconds of each version over ``paths`` (read by resident readers in turns of :data:`BLOCK`
    reports, the same reports each turn, the order alternating), and now/before of each turn."""
    readers = {"before": Reader(before, warm), "now": Reader(now, warm)}
    total = {"before": 0.0, "now": 0.0}
    ratios: list[float] = []
    try:
        for k, i in enumerate(range(0, len(paths), BLOCK)):
            block = paths[i : i + BLOCK]
            got = {}
            for name in ("before", "now") if k % 2 == 0 else ("now", "before"):
                got[name] = readers[name].read(block)
                total[name] += got[name]
            if got["now"] > 0:
                ratios.append(got["before"] / got["now"])
    finally:
        for r in readers.values():
            r.close()
    return total["before"], total["now"], ratios


def _collected(src: Path, child: str, args: list[object]) -> tuple[int, str]:
    """Instructions callgrind counts in a run of the version at ``src`` running ``child`` (its arguments ``args``,
    each as JSON), and what it printed."""
    env = dict(os.environ, PYTHONPATH=str(src), PYTHONHASHSEED="0", OGI_OCR_THREADS="1")
    with tempfile.TemporaryDirectory(prefix="ogi-callgrind-") as tmp:
        cmd = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={tmp}/out", sys.executable, "-c", child]
        run = subprocess.run([*cmd, *map(json.dumps, args)], capture_output=True, text=True, env=env)
    m = re.search(r"Collected : (\d+)", run.stderr)
    if run.returncode != 0 or m is None:
        raise SystemExit(f"counting with {src} failed:\n{run.stderr[-2000:]}")
    return int(m.group(1)), run.stdout


def stage_instructions(src: Path, paths: list[str], warm: list[str], stage: str) -> float | None:
    """Instructions per report of ``stage``'s calls (:data:`STAGE_CHILD`, replayed :data:`REPLAYS` times) in the
    version at ``src``'s reading of ``paths`` after ``warm``; None where that version has no such stage."""
    with ThreadPoolExecutor(2) as pool:
        (without, has), (with_, _) = pool.map(
            lambda replays: _collected(src, STAGE_CHILD, [warm, paths, [stage], replays]), (0, REPLAYS)
        )
    return (with_ - without) / (REPLAYS * len(paths)) if json.loads(has.splitlines()[-1]) else None


def instructions(src: Path, paths: list[str], warm: list[str]) -> float:
    """Instructions per report the version at ``src`` runs reading ``paths`` after ``warm`` (two runs of
    :func:`_collected`, side by side: with ``paths`` and without)."""
    with ThreadPoolExecutor(2) as pool:
        without, with_ = (n for n, _ in pool.map(lambda todo: _collected(src, COUNT_CHILD, [warm, todo]), ([], paths)))
    return (with_ - without) / len(paths)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ref", default=DEFAULT_REF, help="the earlier version (a git ref)")
    ap.add_argument("--n", type=int, default=300, help="reports per format")
    ap.add_argument("--scan-n", type=int, default=4, help="reports for the scan format")
    ap.add_argument("--warm", type=int, default=50, help="other reports each reader reads first, not timed")
    ap.add_argument("--rounds", type=int, default=1, help="passes over the reports, each by new readers")
    ap.add_argument("--formats", default="text,html,docx,scan")
    ap.add_argument("--shared", type=Path, help="time the real reports of this folder's seeds and real too")
    ap.add_argument("--repeat", type=int, default=20, help="readings of each real report")
    ap.add_argument("--instructions", action="store_true", help="count instructions (valgrind) instead of timing")
    ap.add_argument("--stages", default="", help="with --instructions: the stages to count apart (comma-separated)")
    a = ap.parse_args()
    stages = [s for s in a.stages.split(",") if s]
    if stages and not a.instructions:
        raise SystemExit("--stages counts instructions: give --instructions too")
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
            if a.shared is not None:
                inputs.update(real_inputs(a.shared, a.repeat))
            print(
                f"before: {a.ref}; now: the working tree; "
                + (
                    "instructions counted by callgrind"
                    if a.instructions
                    else f"{a.rounds} round(s), reports read in turn by resident readers, CPU seconds of each"
                )
            )
            for fmt, (paths, warm) in inputs.items():
                if a.instructions:
                    ib, inow = instructions(base / "src", paths, warm), instructions(ROOT / "src", paths, warm)
                    print(
                        f"{fmt:9} {len(paths):5} reports: before {ib / 1e6:7.2f} M instructions/report, "
                        f"now {inow / 1e6:7.2f} M, before/now {ib / inow:.3f}"
                    )
                    for stage in stages:
                        sb, snow = (stage_instructions(src, paths, warm, stage) for src in (base / "src", ROOT / "src"))
                        said = [f"{x / 1e6:7.2f} M" if x is not None else "   absent" for x in (sb, snow)]
                        print(f"  {stage:40} before {said[0]}, now {said[1]}")
                    continue
                cpu = {"before": 0.0, "now": 0.0}
                ratios: list[float] = []
                for _ in range(a.rounds):
                    b, n, r = interleaved(base / "src", ROOT / "src", paths, warm)
                    cpu["before"] += b
                    cpu["now"] += n
                    ratios += r
                count = len(paths) * a.rounds
                rate = {k: count / v for k, v in cpu.items()}
                spread = ""
                if len(ratios) >= 4:
                    q = statistics.quantiles(ratios, n=4)
                    mid = statistics.median(ratios)
                    spread = f"; turns of {BLOCK}: median {mid:.2f}, quartiles {q[0]:.2f}-{q[2]:.2f}"
                print(
                    f"{fmt:9} {len(paths):5} reports: before {rate['before']:8.1f}/CPU-s, "
                    f"now {rate['now']:8.1f}/CPU-s, now/before {rate['now'] / rate['before']:.2f}{spread}"
                )
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base)], check=False)


if __name__ == "__main__":
    main()
