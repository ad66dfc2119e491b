"""Page geometry → lines of the common document.

PDF text layers and OCR both give words with boxes. Words are grouped into
rows by vertical position and ordered by x. A row holding a number (or inside
a table region) keeps one cell per word, each with its page and box, so every
value read from it knows where it stood; the extractor reads such a row word by
word, as it reads the text of a PDF. Other rows become one prose cell
(headings are matched as whole lines). Words are split where a vertical
ruling line of the table passes between their characters, so the numbers of
two adjacent cells never glue into one.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from itertools import pairwise

from ogi.document import Cell, Line, Where

_DIGIT = re.compile(r"\d")
# A page number as printed or as OCR reads it: "- 3 -", "—3-", "-3", "第3页", "3/6".
_PAGE_NUMBER = re.compile(r"^(?:[-—–一_~.·]*\d{1,4}[-—–一_~.·]*|第\d{1,4}页(?:共\d{1,4}页)?|\d{1,4}/\d{1,4})$")
MARGIN = 0.1  # share of the page height, at top and bottom, where page numbers stand
# Rows: words whose tops lie within this many points belong to one row (as pdfplumber's extract_text).
Y_TOLERANCE = 3.0


@dataclass(slots=True)
class Word:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    confidence: float | None = None


@dataclass(slots=True)
class Ruling:
    """A vertical ruling line of a table: x, and the span top..bottom it covers."""

    x: float
    top: float
    bottom: float


@dataclass(slots=True)
class PageLayout:
    page: int  # 1-based
    words: list[Word]
    rulings: list[Ruling] = field(default_factory=list)
    tables: list[tuple[float, float, float, float]] = field(default_factory=list)  # x0, top, x1, bottom
    y_tolerance: float = Y_TOLERANCE
    by_center: bool = False  # group rows by the words' vertical centres (OCR boxes vary in height)
    height: float | None = None  # page height, to recognise page numbers in the margins


def split_at_rulings(
    chars: list[tuple[str, float, float]], top: float, bottom: float, rulings: list[Ruling], tol: float = 0.5
) -> list[list[tuple[str, float, float]]]:
    """Split one word's characters (text, x0, x1) where a ruling passes between two of them.

    Only next to a digit: a value must not glue to its neighbour cell, while
    prose running up to a table's border stays whole.
    """
    if len(chars) < 2 or not rulings:
        return [chars]
    mid = (top + bottom) / 2
    xs = [r.x for r in rulings if r.top - tol <= mid <= r.bottom + tol]
    if not xs:
        return [chars]
    out = [[chars[0]]]
    for prev, ch in pairwise(chars):
        digit = prev[0][-1:].isdigit() or ch[0][:1].isdigit()
        a, b = (prev[1] + prev[2]) / 2, (ch[1] + ch[2]) / 2
        if digit and any(prev[2] - tol <= x <= ch[1] + tol or a < x < b for x in xs):
            out.append([])
        out[-1].append(ch)
    return out


def _cluster_rows(words: list[Word], tol: float, by_center: bool = False) -> list[list[Word]]:
    """Rows of words: sorted by top, a new row when a word's top is more than ``tol`` below the previous one's."""

    def key(w: Word) -> float:
        return (w.top + w.bottom) / 2 if by_center else w.top

    rows: list[list[Word]] = []
    last: float | None = None
    for w in sorted(words, key=key):
        if last is None or key(w) - last > tol:
            rows.append([])
        rows[-1].append(w)
        last = key(w)
    return [sorted(r, key=lambda w: w.x0) for r in rows]


def _inside(w: Word, box: tuple[float, float, float, float], margin: float = 2.0) -> bool:
    cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
    return box[0] - margin <= cx <= box[2] + margin and box[1] - margin <= cy <= box[3] + margin


# Rulings closer than this (points) are one line of the table (a border drawn as a thin box has two edges).
RULING_MERGE = 4.0


def column_edges(row: list[Word], rulings: list[Ruling]) -> list[float]:
    """The x of each vertical ruling crossing a row of words, left to right, near ones merged."""
    if len(rulings) < 3:
        return []
    top = min(w.top for w in row)
    bottom = max(w.bottom for w in row)
    mid = (top + bottom) / 2
    xs = sorted(r.x for r in rulings if r.top - 1 <= mid <= r.bottom + 1)
    out: list[float] = []
    for x in xs:
        if out and x - out[-1] <= RULING_MERGE:
            continue
        out.append(x)
    return out if len(out) >= 3 else []


def page_lines(layout: PageLayout) -> list[Line]:
    """Rows of words as document lines.

    A row of a ruled table (three or more vertical rulings crossing it) gets ``Line.width``, the
    spaces between its rulings, and each word ``where.col``, the space it stands in — so a value
    is bound to its column by where it stands, even when a neighbour's value was lost.
    """
    lines: list[Line] = []
    for row in _cluster_rows(layout.words, layout.y_tolerance, layout.by_center):
        if layout.height and _page_number(row, layout.height) and not column_edges(row, layout.rulings):
            continue  # a page number in the margin (a number inside a ruled table is a value)
        in_table = any(_DIGIT.search(w.text) for w in row) or any(_inside(w, b) for w in row for b in layout.tables)
        if in_table and len(row) > 1:
            edges = column_edges(row, layout.rulings)
            cells = []
            for w in row:
                col = None
                if edges:
                    cx = (w.x0 + w.x1) / 2
                    if edges[0] < cx < edges[-1]:
                        col = bisect.bisect_left(edges, cx) - 1
                where = Where(page=layout.page, bbox=(w.x0, w.top, w.x1, w.bottom), col=col)
                cells.append(Cell(w.text, where, w.confidence))
            lines.append(Line(cells, width=len(edges) - 1 if edges else None))
            continue
        x0 = min(w.x0 for w in row)
        x1 = max(w.x1 for w in row)
        top = min(w.top for w in row)
        bottom = max(w.bottom for w in row)
        confs = [w.confidence for w in row if w.confidence is not None]
        text = " ".join(w.text for w in row)
        where = Where(page=layout.page, bbox=(x0, top, x1, bottom))
        lines.append(Line([Cell(text, where, min(confs) if confs else None)]))
    return lines


def _page_number(row: list[Word], height: float) -> bool:
    top = min(w.top for w in row)
    bottom = max(w.bottom for w in row)
    if MARGIN * height < top and bottom < (1 - MARGIN) * height:
        return False
    return _PAGE_NUMBER.match("".join(w.text for w in row).replace(" ", "")) is not None
