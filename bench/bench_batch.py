"""A supervising office's batch through ``ogi build``: ``--n`` generated reports (text styles, HTML,
DOCX and OFD in turn), half loose in a folder, half in a ZIP (a folder per organ, some in nested
ZIPs, GBK-named as Windows zips them), built into a fresh SQLite store by the ``ogi build``
command, as a clerk runs it.

    python bench/bench_batch.py [--n 500] [--jobs 2]

Prints files/s and MiB/s of the whole command (planning, reading, storing, cross-year findings),
then of a second run (nothing changed: every file and member hashed, nothing read).
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from ogi.samples import STYLES, generate, print_report
from ogi.samples.docx import render_docx
from ogi.samples.html import render_html
from ogi.samples.ofd import render_ofd


class _Gbk(zipfile.ZipInfo):
    def _encodeFilenameFlags(self) -> tuple[bytes, int]:  # zipfile's own name
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


def render(i: int) -> tuple[str, bytes]:
    rep = generate(i)
    kind = i % 4
    if kind == 0:
        return "html", render_html(rep).encode("utf-8")
    if kind == 1:
        return "docx", render_docx(rep)
    if kind == 2:
        return "ofd", render_ofd(rep)
    style = sorted(STYLES)[i % len(STYLES)]
    return "txt", print_report(rep, style).encode("utf-8")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=500)
    ap.add_argument("--jobs", type=int, default=2)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        root = Path(d)
        loose = root / "loose"
        loose.mkdir()
        total = 0
        inner = io.BytesIO()
        with (
            zipfile.ZipFile(root / "batch.zip", "w", zipfile.ZIP_DEFLATED) as z,
            zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED) as nested,
        ):
            for i in range(a.n):
                ext, data = render(i)
                total += len(data)
                name = f"{generate(i).agency}/{i:04d}年度报告.{ext}"
                if i % 2 == 0:
                    (loose / f"{i:04d}.{ext}").write_bytes(data)
                elif i % 10 == 1:
                    nested.writestr(name, data)
                else:
                    info = _Gbk(name)
                    info.compress_type = zipfile.ZIP_DEFLATED
                    z.writestr(info, data)
            nested.close()
            z.writestr("乡镇街道.zip", inner.getvalue())
        db = root / "c.db"
        cmd = [sys.executable, "-m", "ogi", "build", str(loose), str(root / "batch.zip"), "--db", str(db)]
        cmd += ["--jobs", str(a.jobs), "--quiet"]
        for run in ("first", "again"):
            t = time.perf_counter()
            out = subprocess.run(cmd, capture_output=True, text=True, check=True)
            s = time.perf_counter() - t
            print(
                f"{run}: {a.n} files ({total / 1048576:.1f} MiB, {a.n // 2} in a ZIP) in {s:.1f}s = "
                f"{a.n / s:.1f} files/s, {total / 1048576 / s:.2f} MiB/s — {out.stderr.strip().splitlines()[-1]}"
            )


if __name__ == "__main__":
    main()
