"""A clerk's ZIP of reports for the tests: folders, a GBK name, a nested ZIP, hidden and macOS files,
an unsafe name and a zip bomb."""

from __future__ import annotations

import io
import zipfile
from functools import cache
from pathlib import Path

from ogi.runner.archive import SEP
from ogi.samples import generate, print_report
from ogi.samples.docx import render_docx
from ogi.samples.html import render_html


@cache
def docx_bytes(seed: int) -> bytes:
    return render_docx(generate(seed))  # the same bytes each time (a DOCX holds the time it was made)


def report_text(seed: int) -> bytes:
    return print_report(generate(seed), "pipe").encode("utf-8")


class _GbkName(zipfile.ZipInfo):
    def _encodeFilenameFlags(self) -> tuple[bytes, int]:  # zipfile's own name
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


def gbk_entry(z: zipfile.ZipFile, name: str, data: bytes) -> None:
    """A member whose name is stored in GBK without the UTF-8 flag, as Windows' zip tools write it."""
    info = _GbkName(name)
    info.compress_type = zipfile.ZIP_DEFLATED
    z.writestr(info, data)


def make_batch(path: Path, extra: dict[str, int] | None = None, leave_out: str = "") -> dict[str, int]:
    """A clerk's ZIP: text, HTML and DOCX reports in folders, a GBK name, a nested ZIP of two
    reports, hidden and macOS files, an unsafe name and a zip bomb. Returns the seeds by member."""
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("某镇/2024年报告.txt", report_text(21))
        z.writestr("某街道/报告.html", render_html(generate(22)).encode("utf-8"))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("县教育局/2024年度报告.txt", report_text(11))
        if leave_out != "县民政局":
            z.writestr("县民政局/报告.html", render_html(generate(12)).encode("utf-8"))
        z.writestr("县财政局/报告.docx", docx_bytes(13))
        gbk_entry(z, "县卫健委/年度报告.txt", report_text(14))
        z.writestr("乡镇.zip", inner.getvalue())
        z.writestr("__MACOSX/县教育局/._2024年度报告.txt", b"\x00\x05\x16\x07")
        z.writestr(".DS_Store", b"\x00" * 10)
        z.writestr("../../etc/passwd.txt", report_text(15))
        z.writestr("bomb.txt", b"0" * (4 * 1024 * 1024))  # inflates 4 MiB from ~4 KiB: past the ratio
        for name, seed in (extra or {}).items():
            z.writestr(name, report_text(seed))
    return {
        "县教育局/2024年度报告.txt": 11,
        "县民政局/报告.html": 12,
        "县财政局/报告.docx": 13,
        "县卫健委/年度报告.txt": 14,
        f"乡镇.zip{SEP}某镇/2024年报告.txt": 21,
        f"乡镇.zip{SEP}某街道/报告.html": 22,
        **(extra or {}),
    }
