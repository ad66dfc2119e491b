"""Every PDF fixture reads exactly to its truth file, each value with its page and box."""

from __future__ import annotations

from pathlib import Path

import pytest

import ogi
from conftest import assert_matches_truth, fixture_params, truth

pdfplumber = pytest.importorskip("pdfplumber")

PDF_FIXTURES = fixture_params("real", (".pdf",))


@pytest.mark.needs_shared
def test_fixtures_are_there() -> None:
    assert len(PDF_FIXTURES) >= 3


@pytest.mark.parametrize("path", PDF_FIXTURES, ids=lambda p: p.name)
def test_reads_to_truth(path: Path) -> None:
    r = ogi.read(path)
    assert r.source.format == "pdf" and r.source.pages and r.source.pages > 1
    assert_matches_truth(r, truth(path))


@pytest.mark.parametrize("path", PDF_FIXTURES, ids=lambda p: p.name)
def test_every_value_box_holds_its_number(path: Path) -> None:
    """The page and box given for a value hold that value's digits on the page."""
    r = ogi.read(path)
    checked = 0
    with pdfplumber.open(path) as pdf:
        for k, v in r.cells.items():
            if v is None:
                continue
            w = r.provenance[k]
            assert w.page is not None and w.bbox is not None, k
            x0, top, x1, bottom = w.bbox
            page = pdf.pages[w.page - 1]
            text = page.crop((x0 - 0.5, top - 0.5, x1 + 0.5, bottom + 0.5)).extract_text().replace(" ", "")
            if text in ("/", "—", "-", "－", "／", "无", ""):
                assert v == 0, (k, text)
            else:
                assert float(text.replace(",", "")) == float(v), (k, text, v)
            checked += 1
    assert checked >= 100


@pytest.mark.needs_shared
def test_jsonl_carries_page_and_bbox(tmp_path: Path) -> None:
    import json
    import subprocess
    import sys

    p = subprocess.run(
        [sys.executable, "-m", "ogi", "parse", "--format", "jsonl", str(PDF_FIXTURES[-1])],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert p.returncode in (0, 1), p.stderr
    o = json.loads(p.stdout)
    assert o["source"]["pages"] > 1
    prov = o["provenance"]
    assert all("page" in w and len(w["bbox"]) == 4 for w in prov.values())
