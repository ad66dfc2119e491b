"""The hostile inputs of issue 13 through ``ogi parse --format jsonl --timeout T``: outcome, seconds
and peak memory (``/usr/bin/time -v``'s maximum resident set size, the largest process of the
command: a reading worker included) of each.

    python bench/bench_hostile.py [--timeout 60] [--only NAME ...] [--cap-gb 4]

The inputs are generated in a temporary folder (:mod:`tests.hostile_inputs`), plus ``/dev/zero``.
Every command runs under an address-space cap (``--cap-gb``, default 4 GB; 0: none) and a
wall-clock bound of three times the timeout, so a reader without bounds fails here instead of
taking the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import hostile_inputs


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def outcome(code: int | None, out: bytes, err: bytes) -> str:
    """What happened, in a few words: the error codes printed, or the reading's findings."""
    text = err.decode("utf-8", "replace")
    if code is None:
        return "killed by the bench (wall clock)"
    if "Traceback" in text:
        last = [ln for ln in text.splitlines() if ln.strip()][-1:]
        return f"traceback ({last[0][:60] if last else '?'})"
    if code < 0:
        return f"died (signal {-code})"
    kinds = []
    for line in out.splitlines():
        try:
            o = json.loads(line, parse_constant=_no_constant)
        except ValueError:
            kinds.append("invalid JSON")
            continue
        if "error" in o:
            kinds.append(f"error {o['error']['code']}")
        else:
            errs = sorted({f["rule"] for f in o["findings"] if f["severity"] == "error"})
            kinds.append("read" + (f" ({', '.join(errs)})" if errs else ""))
    noise = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("ogi: ")]
    s = f"exit {code}: " + ("; ".join(kinds) if kinds else "no output")
    return s + (f" + {len(noise)} stderr lines" if noise else "")


def run(target: bytes, timeout: float, cap_gb: float) -> tuple[str, float, float, str]:
    def limit() -> None:
        if cap_gb:
            b = int(cap_gb * (1 << 30))
            resource.setrlimit(resource.RLIMIT_AS, (b, b))

    cmd = [b"/usr/bin/time", b"-v", os.fsencode(sys.executable), b"-m", b"ogi", b"parse", b"--format", b"jsonl"]
    cmd += [b"--timeout", str(timeout).encode(), target]
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=limit, start_new_session=True)
    try:
        out, err = p.communicate(timeout=max(3 * timeout, 60))
        code: int | None = p.returncode
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, 9)
        out, err = p.communicate()
        code = None
    secs = time.perf_counter() - t0
    m = re.search(rb"Maximum resident set size \(kbytes\): (\d+)", err)
    rss = int(m.group(1)) / 1024 if m else float("nan")
    m = re.search(rb"Exit status: (-?\d+)", err)
    if code is not None and m:
        code = int(m.group(1))
    if code is not None and b"Command terminated by signal" in err:
        code = -int(re.search(rb"terminated by signal (\d+)", err).group(1))  # type: ignore[union-attr]
    err = err.split(b"\tCommand being timed:")[0]
    err = re.sub(rb"Command (exited with non-zero status|terminated by signal) \d+\n", b"", err)
    return outcome(code, out, err), secs, rss, err.decode("utf-8", "replace").strip()[-300:]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--timeout", type=float, default=60.0)
    ap.add_argument("--cap-gb", type=float, default=4.0)
    ap.add_argument("--only", nargs="*")
    ap.add_argument("--stderr", action="store_true", help="print the end of each command's stderr")
    a = ap.parse_args()
    names = [*hostile_inputs.MAKERS, "dev-zero"]
    rows = []
    tmp = tempfile.mkdtemp(prefix="ogi-hostile-")
    try:
        for name in names:
            if a.only and name not in a.only:
                continue
            if name == "dev-zero":
                target = b"/dev/zero"
            else:
                d = Path(tmp, name)
                d.mkdir()
                target = os.fsencode(hostile_inputs.MAKERS[name](d))
            what, secs, rss, err = run(target, a.timeout, a.cap_gb)
            rows.append((name, what, secs, rss))
            print(f"{name:24} {secs:7.1f} s {rss:8.0f} MB  {what}", flush=True)
            if a.stderr and err:
                print("    " + err.replace("\n", "\n    "))
    finally:
        hostile_inputs.remove_tree(Path(tmp))
    print()
    print("| input | outcome | seconds | peak MB |")
    print("|---|---|---:|---:|")
    for name, what, secs, rss in rows:
        print(f"| {name} | {what} | {secs:.1f} | {rss:.0f} |")


if __name__ == "__main__":
    main()
