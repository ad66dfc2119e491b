"""A wide table set a quarter turn on a portrait page (a Word table's text direction, a page's CSS rotate):
its characters turned, read in the block's own frame — every value in its cell, each value's box where it
stands on the page (a fresh user's rotated PDFs: 162 of 175 cells wrong and false cells.missing before)."""

from __future__ import annotations

import pytest

import ogi
from ogi.samples import generate
from ogi.samples.turned import H, W, turned_pdf


@pytest.mark.parametrize("side", ["left", "right"])
@pytest.mark.parametrize("seed", [4, 9])
def test_a_table_turned_on_its_page_reads_exactly(side: str, seed: int) -> None:
    rep = generate(seed, tid="2021", scale=5)
    got = ogi.read(turned_pdf(rep, side))
    assert {k: v for k, v in got.cells.items() if v != rep.cells[k]} == {}
    assert not [f for f in got.findings if f.severity == "error"]
    new, total = got.provenance["t3.new.natural"], got.provenance["t3.new.total"]
    assert new.page == total.page and new.bbox is not None and total.bbox is not None
    assert all(0 <= b[0] < b[2] <= W and 0 <= b[1] < b[3] <= H for b in (new.bbox, total.bbox))
    # its lines read upward (left) or downward (right): 自然人 below 总计 on the page, or above it
    assert (new.bbox[1] > total.bbox[1]) == (side == "left")
