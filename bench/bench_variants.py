"""How well the reader reads the report variants of issue 10, per kind and per format.

    python bench/bench_variants.py [--per 2 [--heavy-per 1] | --n 300] [--kinds blank,organ] [--formats pipe,html]
                                   [--seed 0] [--light] [--cli] [--out DIR] [--examples 2] [--by-form] [--timeout 300]

Generates the variants (``ogi.samples.variants``: every (kind, format) pair where the kind occurs,
``--per`` seeds each, ``--heavy-per`` for pdf and scans; consecutive seeds take a kind's forms in
turn), reads each one — in this process with ``ogi.read`` (default), or all of them by
``ogi parse --format jsonl`` (``--cli``, as shared/tools/score.py runs it) — and compares each reading
with its truth exactly as score.py does (:func:`ogi.samples.variants.compare`). Prints, per kind and
per format:

    docs      how many variants
    exact     readings with every cell right, template, year and organ right, every finding of the truth
              raised and no error outside it (score.py's "exact")
    strict    exact, and no false warning either (what tests/test_variants.py asserts)
    cells     cells right / all cells, and the share
    organ     readings whose agency is one of the truth's acceptable names
    false-err readings raising an error the truth does not list (an error finding must mean the source is
              wrong: each is a report wrongly accused)
    false-warn readings raising a warning of a rule the truth states completely (cells.blank, …)
    missed    readings missing a finding the truth requires
    unread    inputs the reader gave no reading of
    doubted   readings holding right cells in doubt (cells.uncertain): where the input is clear, a doubt of the
              reader's own making (a clerk checks the cell for nothing); scans and pictures doubt by design

then the kind × format table of exact readings, and ``--examples`` failures per kind × format with
what was read against the truth. ``--light`` leaves out pdf and the scans (which need LibreOffice and
poppler, and OCR takes seconds a page). ``--out DIR`` keeps the generated files (and their truth files
and manifest) for ``score.py``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import ogi
from ogi.samples.variants import FORMATS, HEAVY, KINDS, Outcome, Variant, cases, compare, make, write


@dataclass
class Tally:
    docs: int = 0
    exact: int = 0
    strict: int = 0
    cells_right: int = 0
    cells_all: int = 0
    organ: int = 0
    false_err: int = 0
    false_warn: int = 0
    missed: int = 0
    unread: int = 0
    doubted: int = 0  # docs with right cells in doubt (cells.uncertain)
    fails: list[tuple[Variant, Outcome]] = field(default_factory=list)

    def add(self, v: Variant, o: Outcome) -> None:
        self.docs += 1
        self.exact += o.exact
        self.strict += o.exact and not o.false_warnings
        self.cells_right += o.cells_right
        self.cells_all += o.cells_all
        self.organ += o.organ_ok
        self.false_err += bool(o.false_errors)
        self.false_warn += bool(o.false_warnings)
        self.missed += bool(o.missed)
        self.unread += o.error is not None
        self.doubted += bool(o.doubted)
        if not o.exact or o.false_warnings:
            self.fails.append((v, o))

    def row(self, name: str, width: int = 10) -> str:
        share = 100 * self.cells_right / max(self.cells_all, 1)
        return (
            f"{name:<{width}} {self.docs:>5} {self.exact:>5} {100 * self.exact / max(self.docs, 1):>5.0f}% "
            f"{self.strict:>6} "
            f"{self.cells_right:>7}/{self.cells_all:<7} {share:>7.3f}% {self.organ:>5} {self.false_err:>9} "
            f"{self.false_warn:>10} {self.missed:>6} {self.unread:>6} {self.doubted:>7}"
        )


HEADER = (
    f"{'docs':>5} {'exact':>5} {'':>6} {'strict':>6} {'cells right/all':>15} {'':>8} {'organ':>5} {'false-err':>9} "
    f"{'false-warn':>10} {'missed':>6} {'unread':>6} {'doubted':>7}"
)


def read_in_process(files: list[Path], timeout: float) -> dict[Path, tuple[dict | None, str | None]]:
    from ogi.runtime import time_limit

    out: dict[Path, tuple[dict | None, str | None]] = {}
    for f in files:
        try:
            with time_limit(timeout, str(f)):
                r = ogi.read(f)
            out[f] = (r.to_dict(sections=False), None)
        except ogi.OgiError as e:
            out[f] = (None, f"{type(e).__name__}: {e}")
        except Exception as e:  # a crash of the reader is a result here, not the end of the measurement
            out[f] = (None, f"crash {type(e).__name__}: {e}")
    return out


def read_by_cli(files: list[Path], timeout: float) -> dict[Path, tuple[dict | None, str | None]]:
    exe = Path(sys.executable).with_name("ogi")
    p = subprocess.run(
        [str(exe), "parse", "--format", "jsonl", "--timeout", str(timeout), *map(str, files)],
        capture_output=True,
        text=True,
    )
    got: dict[Path, tuple[dict | None, str | None]] = {}
    for line in p.stdout.splitlines():
        if not line.startswith("{"):
            continue
        o = json.loads(line)
        path = Path((o.get("source") or {}).get("path", "")).resolve()
        err = o.get("error")
        got[path] = (None, f"{err.get('code')}: {err.get('message')}") if err else (o, None)
    return {f: got.get(f.resolve(), (None, "no line in ogi parse's output")) for f in files}


def table(title: str, groups: dict[str, Tally], order: Iterable[str]) -> None:
    width = max(10, *(len(k) for k in groups))
    print(f"\n{title}")
    print(f"{'':<{width}} " + HEADER)
    total = Tally()
    for k in order:
        if k in groups:
            print(groups[k].row(k, width))
            for name in ("docs", "exact", "strict", "cells_right", "cells_all", "organ", "false_err", "false_warn"):
                setattr(total, name, getattr(total, name) + getattr(groups[k], name))
            total.missed += groups[k].missed
            total.unread += groups[k].unread
            total.doubted += groups[k].doubted
    print(total.row("all", width))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--per", type=int, default=2, help="seeds per (kind, format) pair")
    ap.add_argument("--heavy-per", type=int, default=None, help=f"seeds per pair in {', '.join(HEAVY)} (default --per)")
    ap.add_argument("--n", type=int, default=None, help="how many in all, pairs taken in turn (instead of --per)")
    ap.add_argument("--kinds", help=f"comma-separated, of: {', '.join(KINDS)}")
    ap.add_argument("--formats", help=f"comma-separated, of: {', '.join(FORMATS)}")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--light", action="store_true", help=f"leave out {', '.join(HEAVY)}")
    ap.add_argument("--cli", action="store_true", help="read by `ogi parse --format jsonl` (all cores)")
    ap.add_argument("--timeout", type=float, default=300.0, help="seconds one input may take")
    ap.add_argument("--examples", type=int, default=1, help="failures shown per kind × format")
    ap.add_argument("--out", type=Path, help="keep the generated files here")
    ap.add_argument("--by-form", action="store_true", help="also a table per kind and form")
    a = ap.parse_args()
    kinds = a.kinds.split(",") if a.kinds else list(KINDS)
    formats = a.formats.split(",") if a.formats else list(FORMATS)
    if a.light:
        formats = [f for f in formats if f not in HEAVY]
    light = [f for f in formats if f not in HEAVY]
    heavy = [f for f in formats if f in HEAVY]
    if a.n is not None or a.heavy_per is None:
        todo = cases(a.seed, a.n, kinds, formats, a.per)
    else:  # fewer seeds for the slow formats
        todo = cases(a.seed, None, kinds, light, a.per) + cases(a.seed, None, kinds, heavy, a.heavy_per)
    t0 = time.perf_counter()
    items = make(todo)
    t_gen = time.perf_counter() - t0
    with tempfile.TemporaryDirectory(prefix="bench-variants-") as tmp:
        out = a.out or Path(tmp)
        write(out, items)
        files = [out / v.filename for v in items]
        t0 = time.perf_counter()
        readings = read_by_cli(files, a.timeout) if a.cli else read_in_process(files, a.timeout)
        t_read = time.perf_counter() - t0
    by_kind: dict[str, Tally] = defaultdict(Tally)
    by_fmt: dict[str, Tally] = defaultdict(Tally)
    by_pair: dict[tuple[str, str], Tally] = defaultdict(Tally)
    by_form: dict[str, Tally] = defaultdict(Tally)
    for v, f in zip(items, files, strict=True):
        reading, err = readings[f]
        o = compare(reading, v.truth, err)
        by_kind[v.kind].add(v, o)
        by_fmt[v.fmt].add(v, o)
        by_pair[(v.kind, v.fmt)].add(v, o)
        by_form[f"{v.kind}/{v.form.split('/')[0]}"].add(v, o)
    print(
        f"{len(items)} variants ({len(todo)} planned), seed {a.seed}, "
        f"{'ogi parse' if a.cli else 'ogi.read in process'}; generated in {t_gen:.0f} s, read in {t_read:.0f} s"
    )
    table("per kind", by_kind, KINDS)
    table("per format", by_fmt, FORMATS)
    if a.by_form:
        table("per kind and form", by_form, sorted(by_form, key=lambda k: (list(KINDS).index(k.split("/")[0]), k)))
    fs = [f for f in FORMATS if f in by_fmt]
    print("\nstrict readings, kind × format (strict/docs, as tests/test_variants.py asserts; blank: does not occur)")
    print(f"{'':<8}" + "".join(f"{f:>9}" for f in fs))
    for k in (k for k in KINDS if k in by_kind):
        cells = [by_pair.get((k, f)) for f in fs]
        print(f"{k:<8}" + "".join(f"{f'{c.strict}/{c.docs}' if c else '':>9}" for c in cells))
    if a.examples:
        print("\nfailures (read vs truth)")
        for _, t in sorted(by_pair.items(), key=lambda kv: (list(KINDS).index(kv[0][0]), fs.index(kv[0][1]))):
            for v, o in t.fails[: a.examples]:
                why = o.describe()
                print(f"  {v.filename} [{v.form}{', ' + v.scan if v.scan else ''}]: {why}")


if __name__ == "__main__":
    main()
