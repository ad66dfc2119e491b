"""Page geometry to lines: numbers split at table rulings, rows by position, garbage text layers told apart."""

from __future__ import annotations

import pytest

from ogi.ingest.layout import PageLayout, Ruling, Word, page_lines, split_at_rulings
from ogi.ingest.pdf import MIN_GOOD_SHARE, good_share

pdfplumber = pytest.importorskip("pdfplumber")


def chars(text: str, x: float, w: float = 6.0) -> list[tuple[str, float, float]]:
    return [(c, x + i * w, x + (i + 1) * w) for i, c in enumerate(text)]


def test_adjacent_cells_do_not_glue() -> None:
    # "447228" ends at 36, "0" starts at 36: a ruling at 36 between them
    cs = chars("4472280", 0.0)
    parts = split_at_rulings(cs, 0, 10, [Ruling(36.0, -5, 20)])
    assert ["".join(c[0] for c in p) for p in parts] == ["447228", "0"]


def test_numbers_are_never_split_without_a_ruling() -> None:
    cs = chars("12", 0.0)
    assert len(split_at_rulings(cs, 0, 10, [Ruling(100.0, -5, 20)])) == 1
    # a ruling outside the word's height does not cut it
    assert len(split_at_rulings(cs, 0, 10, [Ruling(6.0, 50, 90)])) == 1


def test_prose_running_to_a_border_stays_whole() -> None:
    cs = chars("问题，", 0.0, 16.0)
    assert len(split_at_rulings(cs, 0, 10, [Ruling(32.0, -5, 20)])) == 1


def test_rows_with_numbers_keep_a_cell_per_word() -> None:
    words = [
        Word("行政许可", 70, 100, 120, 110),
        Word("447228", 250, 101, 290, 111),
        Word("一、总体情况", 70, 140, 150, 152),
        Word("- 3 -", 280, 800, 300, 810),
    ]
    lines = page_lines(PageLayout(3, words, height=842))
    assert [ln.text for ln in lines] == ["行政许可 447228", "一、总体情况"]  # the page number is dropped
    assert len(lines[0].cells) == 2 and lines[0].cells[1].where.bbox == (250, 101, 290, 111)
    assert lines[0].cells[1].where.page == 3
    assert len(lines[1].cells) == 1


def test_garbage_text_layer_is_told_apart(shared) -> None:  # type: ignore[no-untyped-def]
    with pdfplumber.open(shared / "hostile" / "garbled-glyphs.pdf") as pdf:
        assert good_share(pdf.pages[0].extract_text()) < MIN_GOOD_SHARE
    real = next((shared / "real").glob("*.pdf"))
    with pdfplumber.open(real) as pdf:
        assert good_share(pdf.pages[0].extract_text()) > 0.95
