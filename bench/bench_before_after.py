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
module calling it names it (``ogi.pipeline.extract``, ``ogi.extract.read_tables``, ``ogi.extract.tables.tokens_of``)
or a method by its class (``ogi.extract.tables._Reader.put``) — callgrind counts only while a call of it runs, from its
entry to its return (``--collect-atstart=no``, collection switched on and off by a two-line helper compiled here with
``cc`` against valgrind's ``callgrind.h``: a C compiler and valgrind's headers are needed), over the counted reports:
the stage's instructions per report where it runs, in its place (no replay: a method, or a stage whose work depends
on what ran before it, counts as it runs), before and now, and its calls per report. Switching costs some thousands
of instructions a call: a second run calls a function of no work :data:`CALIBRATE` times between the same switches,
and that cost a call is taken off each of the stage's calls. A stage the earlier version does not have is said so.
"""

from __future__ import annotations

import argparse
import json
import math
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
# a run of a version reading its warm reports, then the counted ones with collection on only inside a stage's calls;
# then, ``calibrate`` times, a function of no work inside the same switches (``--stages``)
STAGE_CHILD = r"""
import ctypes, importlib, json, sys
from pathlib import Path
import ogi
helper, warm, paths, stage, calibrate = (json.loads(a) for a in sys.argv[1:6])
toggle = ctypes.CDLL(helper).toggle
for p in warm:
    ogi.read(Path(p))
parts = stage.split(".")
owner = None
for k in range(len(parts) - 1, 0, -1):  # the longest importable module, then attributes (a class, its method)
    try:
        owner = importlib.import_module(".".join(parts[:k]))
    except ImportError:
        continue
    for attr in parts[k:-1]:
        owner = getattr(owner, attr, None)
    break
f = getattr(owner, parts[-1], None) if owner is not None else None
state = [0, 0]  # calls running (a stage calling itself counts once), calls made
def counting(f):
    def counted(*a, **k):
        if state[0] == 0:
            toggle()
        state[0] += 1
        try:
            return f(*a, **k)
        finally:
            state[0] -= 1
            if state[0] == 0:
                toggle()
                state[1] += 1
    return counted
if f is None:
    print(json.dumps(None))
    sys.exit()
counted = counting(f)
setattr(owner, parts[-1], counted)
for m in list(sys.modules.values()):  # (modules that imported it by name: their calls are its calls too)
    if getattr(m, "__name__", "").startswith("ogi") and getattr(m, parts[-1], None) is f:
        setattr(m, parts[-1], counted)
for p in paths:
    ogi.read(Path(p))
print(json.dumps(state[1]))
nothing = counting(lambda: None)
for _ in range(calibrate):
    nothing()
"""
CALIBRATE = 20_000  # calls of a function of no work, for the cost of switching collection on and off (``--stages``)
# the helper switching callgrind's collection (``--stages``)
TOGGLE_C = "#include <valgrind/callgrind.h>\nvoid toggle(void) { CALLGRIND_TOGGLE_COLLECT; }\n"
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


def _collected(src: Path, child: str, args: list[object], inside: bool = False) -> tuple[int, str]:
    """Instructions callgrind counts in a run of the version at ``src`` running ``child`` (its arguments ``args``,
    each as JSON), and what it printed; ``inside``: collection off at the start (the child switches it)."""
    env = dict(os.environ, PYTHONPATH=str(src), PYTHONHASHSEED="0", OGI_OCR_THREADS="1")
    with tempfile.TemporaryDirectory(prefix="ogi-callgrind-") as tmp:
        cmd = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={tmp}/out"]
        cmd += ["--collect-atstart=no"] if inside else []
        given = list(map(json.dumps, args))
        run = subprocess.run([*cmd, sys.executable, "-c", child, *given], capture_output=True, text=True, env=env)
    m = re.search(r"Collected : (\d+)", run.stderr)
    if run.returncode != 0 or m is None:
        raise SystemExit(f"counting with {src} failed:\n{run.stderr[-2000:]}")
    return int(m.group(1)), run.stdout


def toggle_helper(folder: Path) -> Path:
    """The shared library switching callgrind's collection (:data:`TOGGLE_C`), compiled into ``folder``. Raises
    SystemExit where it cannot be (no ``cc``, or no valgrind headers)."""
    c, lib = folder / "toggle.c", folder / "libtoggle.so"
    c.write_text(TOGGLE_C)
    try:
        subprocess.run(["cc", "-O2", "-shared", "-fPIC", "-o", str(lib), str(c)], check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError) as e:
        raise SystemExit(f"--stages needs a C compiler (cc) and valgrind's headers (valgrind/callgrind.h): {e}") from e
    return lib


def stage_instructions(src: Path, paths: list[str], warm: list[str], stage: str, helper: Path) -> tuple[float, float]:
    """Instructions per report inside ``stage``'s calls, and its calls per report (:data:`STAGE_CHILD`), in the version
    at ``src``'s reading of ``paths`` after ``warm``, the cost of switching collection (measured by a second run's
    :data:`CALIBRATE` calls of a function of no work) taken off; (nan, nan) where that version has no such stage."""
    with ThreadPoolExecutor(2) as pool:
        (plain, said), (more, _) = pool.map(
            lambda k: _collected(src, STAGE_CHILD, [str(helper), warm, paths, stage, k], inside=True), (0, CALIBRATE)
        )
    calls = json.loads(said.splitlines()[-1])
    if calls is None:
        return math.nan, math.nan
    switching = (more - plain) / CALIBRATE
    return (plain - calls * switching) / len(paths), calls / len(paths)


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
            helper = toggle_helper(Path(tmp)) if stages else Path()
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
                        got = [
                            stage_instructions(src, paths, warm, stage, helper) for src in (base / "src", ROOT / "src")
                        ]
                        said = [f"{x / 1e6:7.2f} M ({k:.0f} calls)" if not math.isnan(x) else "absent" for x, k in got]
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
