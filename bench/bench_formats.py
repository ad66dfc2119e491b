"""Reports per second for web pages and Word documents, on one core.

    python bench/bench_formats.py [--n 300] [--formats html,docx]

Generated reports (both formats of the template, clean and messy markup) are
rendered as HTML (``ogi.samples.html``) and DOCX (``ogi.samples.docx``), then
read in-process, timed in CPU seconds of the process: the ingester alone (bytes → document) and the whole reading
(``ogi.read``: ingest, normalize, extract, check). Peak RSS is the process's.
"""

from __future__ import annotations

import argparse
import resource
import time
from collections.abc import Callable

import ogi
from ogi.ingest import ingest_bytes
from ogi.samples import generate
from ogi.samples.docx import render_docx
from ogi.samples.html import render_html

RENDER: dict[str, Callable[[int], bytes]] = {
    "html": lambda i: render_html(generate(i), messy=bool(i % 2)).encode("utf-8"),
    "docx": lambda i: render_docx(generate(i), messy=bool(i % 2)),
}


def rate(fn: Callable[[bytes], object], items: list[bytes]) -> float:
    """Reports per CPU second of this process (one core; steady on a shared machine)."""
    fn(items[0])  # warm caches (template, OpenCC tables, imports)
    t0 = time.process_time()
    for b in items:
        fn(b)
    return len(items) / (time.process_time() - t0)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--formats", default="html,docx")
    a = ap.parse_args()
    for fmt in a.formats.split(","):
        items = [RENDER[fmt](i) for i in range(a.n)]
        kb = sum(len(b) for b in items) / len(items) / 1024
        ingest = rate(ingest_bytes, items)
        full = rate(ogi.read, items)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"{fmt}: {a.n} reports ({kb:.1f} KiB avg): ingest {ingest:.0f} reports/s/core, "
            f"ingest+extract+check {full:.0f} reports/s/core; peak RSS {rss:.0f} MiB"
        )


if __name__ == "__main__":
    main()
