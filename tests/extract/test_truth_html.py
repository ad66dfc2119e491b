"""Every real web-page fixture reads exactly to its truth file, with table provenance."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import ogi
from conftest import assert_matches_truth, fixture_params, truth
from ogi.ingest import detect

HTML_FIXTURES = [
    p for p in fixture_params("real", (".html", ".htm")) if not isinstance(p, Path) or detect(p.read_bytes()) == "html"
]


@pytest.mark.needs_shared
def test_fixtures_are_there() -> None:
    assert len(HTML_FIXTURES) >= 8


@pytest.mark.parametrize("path", HTML_FIXTURES, ids=lambda p: p.name)
def test_reads_to_truth(path: Path) -> None:
    r = ogi.read(path)
    assert r.source.format == "html"
    assert_matches_truth(r, truth(path))


@pytest.mark.parametrize("path", HTML_FIXTURES, ids=lambda p: p.name)
def test_every_value_comes_from_a_table_cell(path: Path) -> None:
    r = ogi.read(path)
    for k, v in r.cells.items():
        if v is None:
            continue
        w = r.provenance[k]
        assert w.table is not None and w.row is not None and w.col is not None, (k, w)
        # the cell at that place holds the value (or is blank, read as 0)
        cells = [c for ln in r.document.lines for c in ln.cells if c.where == w]
        assert len(cells) == 1, (k, w)
        text = cells[0].text.replace(",", "").replace("元", "").replace("万", "").strip()
        assert text == "" or float(text) == pytest.approx(float(v)) or float(text) * 10000 == pytest.approx(float(v)), (
            k,
            v,
            text,
        )


WORD_TWINS = [
    p for p in HTML_FIXTURES if not isinstance(p, Path) or p.name.startswith(("2019-pingtan", "2019-shanghai"))
]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
@pytest.mark.parametrize("path", WORD_TWINS, ids=lambda p: p.name)
def test_the_page_saved_as_a_word_document_reads_to_the_same_truth(path: Path) -> None:
    """LibreOffice turns the page into DOCX (merged cells as gridSpan/vMerge, no <title>)."""
    from ogi.ingest.office import convert

    r = ogi.read(convert(path.read_bytes(), "html", "docx"))
    assert r.source.format == "docx"
    assert_matches_truth(r, truth(path))
