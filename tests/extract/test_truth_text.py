"""Every text fixture (seeds and PDF text layers) reads exactly to its truth file."""

from __future__ import annotations

from pathlib import Path

import pytest

import ogi
from conftest import assert_matches_truth, fixture_params, fixtures, truth

TEXT_FIXTURES = fixture_params("seeds", (".txt",)) + fixture_params("real", (".txt",))


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
