"""Pages per second reading PDFs: from the text layer, and by OCR; peak memory.

    python bench/bench_pdf.py [--text-pages 200] [--ocr-pages 6] [--pdf FILE ...]

Text: the real PDF fixtures (../shared/real/*.pdf) read again and again with
``ogi.read`` (ingest, extract, check) until ``--text-pages`` pages have been read.
OCR: the same PDFs read with every page forced through OCR, ``--ocr-pages``
pages in all. Run it pinned to one core for per-core figures:
``taskset -c 0 python bench/bench_pdf.py``.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

import ogi
from ogi.ingest import source_of
from ogi.ingest.pdf import ingest
from ogi.pipeline import read_document

SHARED = Path(os.environ.get("OGI_SHARED", Path(__file__).resolve().parents[2] / "shared"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--text-pages", type=int, default=200)
    ap.add_argument("--ocr-pages", type=int, default=6)
    ap.add_argument("--pdf", nargs="*", type=Path)
    a = ap.parse_args()
    pdfs = a.pdf or sorted((SHARED / "real").glob("*.pdf"))
    if not pdfs:
        sys.exit("no PDFs: pass --pdf FILE ...")
    datas = [(p, p.read_bytes()) for p in pdfs]

    ogi.read(datas[0][0])  # warm up
    pages = 0
    t0 = time.perf_counter()
    i = 0
    while pages < a.text_pages:
        p, _ = datas[i % len(datas)]
        r = ogi.read(p)
        pages += r.source.pages or 0
        i += 1
    dt = time.perf_counter() - t0
    print(f"text layer: {pages} pages in {dt:.2f} s = {pages / dt:.1f} pages/s ({i} reports)")

    from ogi.ingest.ocr import engine

    engine()  # model loading is not per page
    pages = 0
    t0 = time.perf_counter()
    i = 0
    while pages < a.ocr_pages:
        p, data = datas[i % len(datas)]
        doc = ingest(data, source_of(data, str(p), "pdf"), force_ocr=True)
        read_document(doc)
        pages += doc.source.pages or 0
        i += 1
    dt = time.perf_counter() - t0
    print(f"OCR: {pages} pages in {dt:.2f} s = {pages / dt:.2f} pages/s ({i} reports)")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (RSS): {rss:.0f} MiB; cores visible: {len(os.sched_getaffinity(0))}")


if __name__ == "__main__":
    main()
