"""Write a folder of report variants with their truth files:

    python -m ogi.samples.variants OUT_DIR [--n 200 | --per 2] [--kinds blank,organ] [--formats pipe,html]
                                           [--seed 0] [--light]

Every (kind, format) pair where the kind occurs is taken in turn, with seeds S, S+1, …; ``--light``
leaves out the formats that need LibreOffice and poppler (pdf, scan, png, jpg). Score the folder with
``python3 ../shared/tools/score.py OUT_DIR --cmd ".venv/bin/ogi parse --format jsonl"`` or measure
it per kind and format with ``bench/bench_variants.py``. Exit 2 on a bad argument or a missing program.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ogi.samples.variants import FORMATS, HEAVY, KINDS, LIGHT, ToolMissing, cases, variants, write


def _list(s: str | None) -> list[str] | None:
    return [x.strip() for x in s.split(",") if x.strip()] if s else None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m ogi.samples.variants", description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--n", type=int, default=None, help="how many in all (default: --per seeds of every pair)")
    ap.add_argument("--per", type=int, default=1, help="seeds per (kind, format) pair when --n is not given")
    ap.add_argument("--kinds", help=f"comma-separated, of: {', '.join(KINDS)}")
    ap.add_argument("--formats", help=f"comma-separated, of: {', '.join(FORMATS)}")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--light", action="store_true", help=f"leave out {', '.join(HEAVY)}")
    a = ap.parse_args(argv)
    formats = _list(a.formats) or list(FORMATS)
    if a.light:
        formats = [f for f in formats if f in LIGHT]
    try:
        todo = cases(a.seed, a.n, _list(a.kinds), formats, a.per)
        n = write(a.out, variants(a.seed, a.n, _list(a.kinds), formats, a.per))
    except KeyError as e:
        print(f"error: {e.args[0]}", file=sys.stderr)
        return 2
    except ToolMissing as e:
        print(f"error: {e} (or pass --light)", file=sys.stderr)
        return 2
    assert n == len(todo)
    print(f"wrote {n} variants with truth files and manifest.jsonl to {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
