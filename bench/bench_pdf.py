"""Pages per second reading PDFs: from the text layer, and by OCR; peak memory.

    python bench/bench_pdf.py [--text-pages 200] [--ocr-pages 32] [--pdf FILE ...]

Text: the real PDF fixtures (../shared/real/*.pdf) read again and again with
``ogi.read`` (ingest, extract, check) until ``--text-pages`` pages have been read.
OCR: the same PDFs read with every page forced through OCR, ``--ocr-pages``
pages in all (the first pages also pay for compiling the models for new input
shapes), inference on one thread (``OGI_OCR_THREADS=1``, as in a build's workers;
set it to another number to see a single process using more cores;
``OGI_OCR_RUNTIME=onnxruntime`` to compare runtimes). Pages per CPU-second (every
thread counted) is the per-core figure; ``taskset`` alone does not make it, the
inference runtimes pin their own threads.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

import ogi
from ogi.ingest import source_of
from ogi.ingest.pdf import ingest
from ogi.pipeline import read_document

SHARED = Path(os.environ.get("OGI_SHARED", Path(__file__).resolve().parents[2] / "shared"))


def pages_until(
    datas: list[tuple[Path, bytes]], want: int, read: Callable[[Path, bytes], int | None]
) -> tuple[int, int, float, float]:
    """Read the PDFs in turn until ``want`` pages are read: (pages, reports, seconds, CPU seconds
    of every thread)."""
    pages = i = 0
    t0, c0 = time.perf_counter(), time.process_time()
    while pages < want:
        p, data = datas[i % len(datas)]
        pages += read(p, data) or 0
        i += 1
    return pages, i, time.perf_counter() - t0, time.process_time() - c0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--text-pages", type=int, default=200)
    ap.add_argument("--ocr-pages", type=int, default=32)
    ap.add_argument("--pdf", nargs="*", type=Path)
    a = ap.parse_args()
    pdfs = a.pdf or sorted((SHARED / "real").glob("*.pdf"))
    if not pdfs:
        sys.exit("no PDFs: pass --pdf FILE ...")
    datas = [(p, p.read_bytes()) for p in pdfs]

    ogi.read(datas[0][0])  # warm up
    pages, i, dt, dc = pages_until(datas, a.text_pages, lambda p, data: ogi.read(p).source.pages)
    print(
        f"text layer: {pages} pages in {dt:.2f} s = {pages / dt:.1f} pages/s, "
        f"{pages / dc:.1f} per CPU-second ({i} reports)"
    )

    from ogi.ingest.ocr import engine, runtime
    from ogi.runtime import OCR_THREADS

    os.environ.setdefault(OCR_THREADS, "1")
    rec = engine().text_rec.session  # model loading is not per page
    precision = getattr(rec, "precision", "f32")
    print(f"OCR runtime: {runtime()}, computing in {precision}")

    def by_ocr(p: Path, data: bytes) -> int | None:
        doc = ingest(data, source_of(data, str(p), "pdf"), force_ocr=True)
        read_document(doc)
        return doc.source.pages

    pages, i, dt, dc = pages_until(datas, a.ocr_pages, by_ocr)
    print(
        f"OCR ({os.environ[OCR_THREADS]} inference thread(s)): {pages} pages in {dt:.2f} s = {pages / dt:.2f} pages/s, "
        f"{pages / dc:.2f} pages per CPU-second ({i} reports)"
    )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (RSS): {rss:.0f} MiB; cores visible: {len(os.sched_getaffinity(0))}")


if __name__ == "__main__":
    main()
