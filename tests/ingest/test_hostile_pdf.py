"""Hostile PDFs and images through the command line: a clear one-line error or a partial reading, never a traceback."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SHARED, fixtures

pytest.importorskip("pdfplumber")


def run(*args: str, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ogi", "parse", "--format", "jsonl", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def make_pdf(texts: list[str], encrypt: bool = False) -> bytes:
    """A small PDF by hand: one page per text (ASCII, Helvetica); optionally with a password set."""
    objs: list[bytes] = []
    n = len(texts)
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(n))
    objs.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objs.append(f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode())
    objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for i, t in enumerate(texts):
        stream = f"BT /F1 12 Tf 72 720 Td ({t}) Tj ET".encode()
        objs.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
            f"/Contents {5 + 2 * i} 0 R >>".encode()
        )
        objs.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    if encrypt:
        objs.append(b"<< /Filter /Standard /V 1 /R 2 /O <" + b"ab" * 32 + b"> /U <" + b"cd" * 32 + b"> /P -4 >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for k, body in enumerate(objs):
        offsets.append(len(out))
        out += f"{k + 1} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    trailer = f"/Size {len(objs) + 1} /Root 1 0 R"
    if encrypt:
        trailer += f" /Encrypt {len(objs)} 0 R /ID [<{'12' * 16}> <{'12' * 16}>]"
    out += f"trailer\n<< {trailer} >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def error_of(p: subprocess.CompletedProcess[str]) -> dict:
    assert "Traceback" not in p.stderr, p.stderr
    assert p.returncode == 2, (p.returncode, p.stderr)
    assert len(p.stderr.strip().splitlines()) == 1, p.stderr
    return json.loads(p.stdout)["error"]


def test_truncated_pdf(tmp_path: Path) -> None:
    src = fixtures("real", (".pdf",))[0]
    f = tmp_path / "truncated.pdf"
    f.write_bytes(src.read_bytes()[: src.stat().st_size // 2])
    e = error_of(run(str(f)))
    assert e["code"] == "input" and "PDF" in e["message"]


def test_encrypted_pdf(tmp_path: Path) -> None:
    f = tmp_path / "encrypted.pdf"
    f.write_bytes(make_pdf(["secret"], encrypt=True))
    e = error_of(run(str(f)))
    assert "加密" in e["message"]


def test_thousand_pages_read_bounded(tmp_path: Path) -> None:
    f = tmp_path / "thousand.pdf"
    f.write_bytes(make_pdf([f"Page {i} of a long catalogue" for i in range(1000)]))
    e = error_of(run(str(f), timeout=180))
    assert e["code"] == "not_a_report"


def test_pdf_of_something_else(tmp_path: Path) -> None:
    f = tmp_path / "minutes.pdf"
    f.write_bytes(make_pdf(["Minutes of the meeting of the garden club", "Tea was served at four o'clock"]))
    e = error_of(run(str(f)))
    assert e["code"] == "not_a_report" and "不是政府信息公开工作年度报告" in e["message"]


@pytest.mark.needs_shared
def test_garbled_glyphs() -> None:
    f = SHARED / "hostile" / "garbled-glyphs.pdf"
    if not f.exists():
        pytest.skip("no hostile fixtures")
    p = run(str(f))
    assert "Traceback" not in p.stderr, p.stderr
    o = json.loads(p.stdout)
    if p.returncode == 2:
        assert o["error"]["message"] and len(p.stderr.strip().splitlines()) == 1
    else:  # a partial reading says what it missed
        assert any(x["rule"] == "input.partial" for x in o["findings"])


def test_corrupt_image(tmp_path: Path) -> None:
    pytest.importorskip("PIL")
    f = tmp_path / "broken.png"
    f.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 200)
    e = error_of(run(str(f)))
    assert e["code"] == "input"


def test_image_without_text(tmp_path: Path) -> None:
    pytest.importorskip("rapidocr_onnxruntime")
    from PIL import Image

    f = tmp_path / "blank.png"
    Image.new("RGB", (400, 300), "white").save(f)
    e = error_of(run(str(f)))
    assert e["code"] in ("input", "not_a_report")


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler not installed")
def test_image_only_pdf_beyond_the_ocr_cap_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An image-only PDF with more pages than the OCR cap is read in part, and says so."""
    pytest.importorskip("rapidocr_onnxruntime")
    from PIL import Image

    src = fixtures("real", (".pdf",))[-1]
    subprocess.run(["pdftoppm", "-r", "100", "-png", "-l", "6", str(src), str(tmp_path / "p")], check=True)
    pages = [Image.open(p).convert("RGB") for p in sorted(tmp_path.glob("p-*.png"))]
    f = tmp_path / "scan.pdf"
    pages[0].save(f, save_all=True, append_images=pages[1:], resolution=100)
    monkeypatch.setenv("OGI_OCR_MAX_PAGES", "2")
    p = run(str(f))
    assert "Traceback" not in p.stderr, p.stderr
    assert p.returncode in (0, 1), p.stderr  # the first two pages hold sections 一 and 二
    o = json.loads(p.stdout)
    partial = [x for x in o["findings"] if x["rule"] == "input.partial"]
    assert any("只识别了前 2 页" in x["message"] for x in partial), partial
    assert o["year"] == 2024  # read from the two pages OCR read
