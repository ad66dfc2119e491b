"""Legacy Word (DOC), WPS, RTF and OpenDocument text (ODT): converted to DOCX by LibreOffice, then read as DOCX.

LibreOffice runs headless with a profile of its own in a temporary folder (so
parallel conversions and a user's running LibreOffice do not collide), in its
own process group, killed when it overruns the time limit
(``OGI_OFFICE_TIMEOUT`` seconds, default 120). Anything that goes wrong is an
:class:`~ogi.errors.InputError` with one clear line.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from ogi.errors import InputError
from ogi.ingest import docx
from ogi.model import Document, Source

TIMEOUT = float(os.environ.get("OGI_OFFICE_TIMEOUT", 120))
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def kind(data: bytes) -> str:
    """doc, wps, rtf, odt, xml (Word 2003 XML) or ole (some other compound file: an Excel 97 workbook is read
    apart, :func:`ogi.ingest.xlsx.ingest_xls`)."""
    if data.lstrip()[:5] == b"{\\rtf":
        return "rtf"
    if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:5] == b"<?xml":
        return "xml"
    if data.startswith(b"PK\x03\x04") and b"application/vnd.oasis.opendocument.text" in data[:200]:
        return "odt"
    if data.startswith(_OLE):
        head = data[: 1024 * 1024]
        if "WordDocument".encode("utf-16-le") in head:
            return "doc"
        if "CONTENTS".encode("utf-16-le") in head or "MatOST".encode("utf-16-le") in head:
            return "wps"  # Works/WPS word processor
        return "ole"
    return "doc"


def soffice() -> str:
    for name in ("soffice", "libreoffice"):
        exe = shutil.which(name)
        if exe:
            return exe
    raise InputError("读取 DOC/WPS/RTF 需要 LibreOffice (soffice)，未安装 (LibreOffice not found)")


def convert(
    data: bytes, suffix: str, target: str = "docx", timeout: float | None = None, path: str | None = None
) -> bytes:
    """Convert ``data`` (a file of type ``suffix``) with LibreOffice; the converted file's bytes."""
    exe = soffice()
    limit = TIMEOUT if timeout is None else timeout
    filters = {
        "docx": "docx:MS Word 2007 XML",
        "doc": "doc:MS Word 97",
        "rtf": "rtf:Rich Text Format",
        "odt": "odt:writer8",
        "xml": "xml:MS Word 2003 XML",
    }
    with tempfile.TemporaryDirectory(prefix="ogi-office-") as tmp:
        src = Path(tmp, "input." + suffix.lstrip("."))
        src.write_bytes(data)
        out_dir = Path(tmp, "out")
        cmd = [
            exe,
            f"-env:UserInstallation={Path(tmp, 'profile').as_uri()}",
            "--headless",
            "--invisible",
            "--nologo",
            "--norestore",
            "--nolockcheck",
            "--nodefault",
            "--convert-to",
            filters.get(target, target),
            "--outdir",
            str(out_dir),
            str(src),
        ]
        try:
            proc = subprocess.Popen(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                start_new_session=True,
                env={**os.environ, "HOME": tmp},
            )
        except OSError as e:
            raise InputError(f"无法启动 LibreOffice：{e.strerror} (cannot run soffice)", path=path) from e
        try:
            _, err = proc.communicate(timeout=limit)
        except subprocess.TimeoutExpired:
            _kill(proc)
            raise InputError(f"LibreOffice 转换超时（{limit:.0f} 秒）(conversion timed out)", path=path) from None
        finally:
            if proc.poll() is None:
                _kill(proc)
        result = out_dir / f"input.{target}"
        if proc.returncode != 0 or not result.is_file() or result.stat().st_size == 0:
            why = (err or b"").decode("utf-8", "replace").strip().splitlines()
            detail = why[-1][:200] if why else f"exit {proc.returncode}"
            raise InputError(f"LibreOffice 无法转换此文件 (conversion failed: {detail})", path=path)
        return result.read_bytes()


def _kill(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def ingest(data: bytes, source: Source) -> Document:
    k = kind(data)
    if k == "ole":
        # Not a Word or WPS text document (a spreadsheet, a presentation...): LibreOffice decides.
        k = "doc"
    source.format = k
    if k == "xml" and b"wordDocument" in data[:65536]:  # Word 2003 XML: read as the Word package it makes
        doc = docx.ingest(docx.from_word_2003(data, source.path), source)
        doc.source.format = k
        return doc
    converted = convert(data, k, "docx", path=source.path)
    doc = docx.ingest(converted, source)
    doc.source.format = k
    return doc
