"""Page geometry to lines: numbers split at table rulings, rows by position, garbage text layers told apart."""

from __future__ import annotations

import pytest

from ogi.ingest.layout import HRule, PageLayout, Ruling, Word, page_lines, split_at_rulings
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


# A ruled row: a label space 60..300 and three value spaces 27 pt wide (a narrow Word table).
EDGES = (60.0, 300.0, 327.0, 354.0, 381.0)


def ruled(words: list[Word], top: float = 490.0, bottom: float = 530.0, by_center: bool = False) -> PageLayout:
    rulings = [Ruling(x, top, bottom) for x in EDGES]
    hrules = [HRule(top, EDGES[0], EDGES[-1]), HRule(bottom, EDGES[0], EDGES[-1])]
    return PageLayout(2, words, rulings, hrules, by_center=by_center)


def values(lines: list) -> list[list[str]]:  # type: ignore[type-arg]
    return [[c.text for c in ln.cells if c.where.col is not None and c.where.col > 0] for ln in lines]


@pytest.mark.parametrize("by_center", [False, True])
def test_a_number_wrapped_in_its_narrow_cell_is_one_value(by_center: bool) -> None:
    # 161 | 43 | 906 printed in cells too narrow for three digits: "16" over "1", "90" over "6"
    # (a text layer's words are two rows; OCR, grouping by centre, may make them one)
    words = [
        Word("一、本年新收政府信息公开申请数量", 62, 496, 290, 508),
        Word("16", 305.5, 496, 318.8, 508),
        Word("43", 332.5, 496, 345.8, 508),
        Word("90", 359.5, 496, 372.8, 508),
        Word("1", 305.5, 513.5, 312.2, 525.5),
        Word("6", 359.5, 513.5, 366.2, 525.5),
    ]
    lay = ruled(words, by_center=by_center)
    if by_center:
        lay.y_tolerance = 12.0  # OCR's tolerance: half a line of its words' median height and more
    assert values(page_lines(lay)) == [["161", "43", "906"]]


def test_numbers_not_filling_their_cells_are_two_rows() -> None:
    # two rows between the same two horizontal lines (a ruling between them not found): a 1 over a 2
    # in a cell with room for three more digits is two values, not 12
    words = [
        Word("（一）予以公开", 62, 496, 140, 508),
        Word("1", 310, 496, 316.7, 508),
        Word("0", 337, 496, 343.7, 508),
        Word("（二）部分公开", 62, 513.5, 140, 525.5),
        Word("2", 310, 513.5, 316.7, 525.5),
        Word("0", 337, 513.5, 343.7, 525.5),
    ]
    assert values(page_lines(ruled(words, bottom=540.0))) == [["1", "0"], ["2", "0"]]


def test_a_digits_stroke_read_apart_joins_nothing() -> None:
    # OCR re-reading a cell's ink may give a digit's stroke as a word a few points high, inside the
    # value's own box: the cell holds 21, not 4211
    words = [
        Word("一、本年新收政府信息公开申请数量", 62, 500, 290, 512),
        Word("21", 304, 497, 321, 514),
        Word("4", 307, 500, 317, 502),
        Word("1", 307, 507, 318, 510),
        Word("0", 334, 498, 343, 514),
    ]
    lay = ruled(words, by_center=True)
    lay.y_tolerance = 7.0
    assert "4211" not in [c.text for ln in page_lines(lay) for c in ln.cells]


def test_garbage_text_layer_is_told_apart(shared) -> None:  # type: ignore[no-untyped-def]
    with pdfplumber.open(shared / "hostile" / "garbled-glyphs.pdf") as pdf:
        assert good_share(pdf.pages[0].extract_text()) < MIN_GOOD_SHARE
    real = next((shared / "real").glob("*.pdf"))
    with pdfplumber.open(real) as pdf:
        assert good_share(pdf.pages[0].extract_text()) > 0.95


def test_a_heading_over_columns_ruled_below_it_is_a_cell_of_its_own() -> None:
    # a band between two full rulings: 法人或其他组织 over five columns whose rulings start below it
    # (the columns' rulings run on down the table; a letter's stroke, 118 to 130 at x 150, ends in it)
    rulings = [Ruling(x, 100, 300) for x in (0.0, 100.0, 140.0)] + [Ruling(150.0, 118, 130)]
    rulings += [Ruling(x, 118, 300) for x in (180.0, 220.0)] + [Ruling(260.0, 100, 300), Ruling(300.0, 100, 300)]
    hrules = [HRule(100.0, 0.0, 300.0), HRule(118.0, 140.0, 260.0), HRule(140.0, 0.0, 300.0), HRule(160.0, 0.0, 300.0)]
    words = [
        Word("自然人", 105, 113, 135, 123),
        Word("法人或其他组织", 165, 104, 235, 114),
        Word("商业", 145, 122, 175, 132),
        Word("科研", 185, 122, 215, 132),
        Word("其他", 225, 122, 255, 132),
        Word("总计", 270, 113, 290, 123),
    ]
    lines = page_lines(PageLayout(1, words, rulings, hrules))
    texts = [c.text for ln in lines for c in ln.cells]
    assert texts == ["自然人", "商业", "法人或其他组织", "科研", "其他", "总计"]


def test_ink_read_as_nothing_beside_a_word_read_is_no_word() -> None:
    """OCR marks ink it read nothing in as an empty word of confidence 0 (an unread value); in a cell where it
    read a word too (17 beside a smudge), the cell is that word, its confidence the word's — not 0 %."""
    from ogi.ingest.layout import Word, _cells_of

    cells = _cells_of([Word("17", 110, 10, 130, 20, 0.97), Word("", 132, 10, 140, 20, 0.0)], [100.0, 150.0], 1)
    assert [(c.text, c.confidence) for c in cells] == [("17", 0.97)]
    alone = _cells_of([Word("", 110, 10, 140, 20, 0.0)], [100.0, 150.0], 1)
    assert [(c.text, c.confidence) for c in alone] == [("", 0.0)]  # (a cell with ink and no word: unread)
