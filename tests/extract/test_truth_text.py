"""Every text fixture (seeds, PDF text layers, markdown) reads exactly to its truth file."""

from __future__ import annotations

from pathlib import Path

import pytest

import ogi
from conftest import assert_matches_truth, fixture_params, fixtures, truth

TEXT_SUFFIXES = (".txt", ".md")
TEXT_FIXTURES = fixture_params("seeds", TEXT_SUFFIXES) + fixture_params("real", TEXT_SUFFIXES)


def test_fixtures_are_there() -> None:
    assert len(fixtures("seeds", (".txt",))) >= 5


@pytest.mark.parametrize("path", TEXT_FIXTURES, ids=lambda p: p.name)
def test_reads_to_truth(path: Path) -> None:
    assert_matches_truth(ogi.read(path), truth(path))


@pytest.mark.parametrize("path", TEXT_FIXTURES, ids=lambda p: p.name)
def test_every_value_has_provenance(path: Path) -> None:
    r = ogi.read(path)
    for k, v in r.cells.items():
        if v is not None:
            assert k in r.provenance and r.provenance[k].line is not None, k


def test_read_text_directly_equals_read_path() -> None:
    path = fixtures("seeds", (".txt",))[1]
    a = ogi.read(path)
    b = ogi.read(path.read_text("utf-8"))
    assert a.cells == b.cells and a.year == b.year and a.agency == b.agency


def test_every_fixture_with_a_truth_file_is_read_by_a_suite(shared: Path) -> None:
    """A new fixture in ../shared is read by one of the truth suites, whatever its suffix."""
    from test_truth_html import HTML_FIXTURES
    from test_truth_pdf import PDF_FIXTURES

    covered = {p.resolve() for p in (*TEXT_FIXTURES, *HTML_FIXTURES, *PDF_FIXTURES)}
    every = {p.resolve() for folder in ("seeds", "real") for p in fixtures(folder, ("",))}
    assert every <= covered, sorted(p.name for p in every - covered)
