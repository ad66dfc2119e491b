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
from statistics import median

from ogi.model import Cell, Line, Where

_DIGIT = re.compile(r"\d")
_NUMBER_WORD = re.compile(r"[+-]?\d[\d,.]*")
_NOTED_VALUE = re.compile(r"[+-]?\d[\d,.]*\s*[（(][^（）()]*[）)]")
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
class HRule:
    """A horizontal ruling line of a table: y, and the span x0..x1 it covers."""

    y: float
    x0: float
    x1: float


@dataclass(slots=True)
class PageLayout:
    page: int  # 1-based
    words: list[Word]
    rulings: list[Ruling] = field(default_factory=list)
    hrules: list[HRule] = field(default_factory=list)  # horizontal lines: a table row lies between two
    tables: list[tuple[float, float, float, float]] = field(default_factory=list)  # x0, top, x1, bottom
    y_tolerance: float = Y_TOLERANCE
    by_center: bool = False  # group rows by the words' vertical centres (OCR boxes vary in height)
    height: float | None = None  # page height, to recognise page numbers in the margins
    # the page's text set a quarter turn (a wide table turned on a portrait page), read in its own frame (its
    # lines upright: ``turned.words`` in that frame), and how that frame maps back onto the page
    # (:func:`ogi.ingest.pdf.turned_back`): "left" (turned counter-clockwise, its lines read upward) or
    # "right", and the page's width and height in points
    turned: PageLayout | None = None
    turn: tuple[str, float, float] | None = None


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


def _band(row: list[Word], edges: list[float], hrules: list[HRule]) -> tuple[float, float] | None:
    """The two horizontal rulings of a ruled table that enclose a row of words (those spanning
    most of the row's table width), or None."""
    if not edges or len(hrules) < 2:
        return None
    left, right = edges[0], edges[-1]
    span = right - left
    ys = sorted({round(h.y, 1) for h in hrules if min(h.x1, right) - max(h.x0, left) >= span * 0.5})
    mid = sorted((w.top + w.bottom) / 2 for w in row)[len(row) // 2]
    i = bisect.bisect_left(ys, mid)
    return (ys[i - 1], ys[i]) if 0 < i < len(ys) else None


def _band_of(row: list[Word], layout: PageLayout) -> tuple[float, float] | None:
    return _band(row, column_edges(row, layout.rulings), layout.hrules)


def _one_row(group: list[list[Word]], edges: list[float]) -> bool:
    """Whether lines of words between the same two rulings are one table row whose spaces are its
    cells: no space holds two numbers, one above the other (a table ruled only at its border
    holds many rows in one band) or side by side (rulings between its columns were not found)."""
    numbers: dict[int, int] = {}
    words: dict[int, list[Word]] = {}
    for row in group:
        for w in row:
            col = _slot(w, edges)
            words.setdefault(col, []).append(w)
            if _NUMBER_WORD.fullmatch(w.text):
                numbers[col] = numbers.get(col, 0) + 1
    for col, n in numbers.items():
        if n > 1:  # two numbers in one space: a value with a note about it ("2805（其中网上申请2442件）") only
            text = "".join(w.text for w in sorted(words[col], key=lambda w: (w.top, w.x0)))
            wrapped = 0 <= col < len(edges) - 1 and _wrapped(words[col], edges[col + 1] - edges[col])
            if not (_NOTED_VALUE.fullmatch(text) or wrapped):
                return False
    return True


# A line of a cell is full when less room than this many of its characters is left beside it: the
# cell's margins (Word's 0.19 cm each side, two digits at 10.5 pt) and less than one character.
FULL_LINE = 2.6


def _wrapped(words: list[Word], width: float) -> bool:
    """Whether the words of one cell ``width`` points wide are one number wrapped over lines (a
    column too narrow for its digits prints 161 as "16" over "1"): each line digits only, every line
    but the last full, none wider than the first (by more than half an em: OCR's boxes are rough)."""
    lines = _cluster_rows(words, 2.0, True)
    if len(lines) < 2 or any(len(ln) != 1 or not _NUMBER_WORD.fullmatch(ln[0].text) for ln in lines):
        return False
    em = max(w.bottom - w.top for (w,) in lines)
    if any(w.bottom - w.top < em * 0.7 for (w,) in lines):  # a digit's stroke OCR read apart is no line
        return False
    if any(b.top < a.bottom - em / 3 for (a,), (b,) in pairwise(lines)):  # lines one below the other
        return False
    if lines[0][0].text.startswith("0"):
        return False
    for (w,) in lines[:-1]:
        char = max((w.x1 - w.x0) / len(w.text), em / 2)  # a digit is half an em or wider
        # OCR's boxes hug the ink (a 1 is a thin stroke): its line is allowed another character
        if width - (w.x1 - w.x0) >= (FULL_LINE if w.confidence is None else FULL_LINE + 0.6) * char:
            return False
    first = lines[0][0].x1 - lines[0][0].x0
    return all(w.x1 - w.x0 <= first + em / 2 for (w,) in lines[1:])


def _stacked(row: list[Word], edges: list[float]) -> bool:
    """Whether two words of one row of words stand one above the other in a space between rulings
    (OCR's rows gather by centre: a number wrapped in its cell is one row of words)."""
    seen: dict[int, list[Word]] = {}
    for w in row:
        space = seen.setdefault(_slot(w, edges), [])
        if any(_overlap(w, v) < min(w.bottom - w.top, v.bottom - v.top) / 2 for v in space):
            return True
        space.append(w)
    return False


def _overlap(a: Word, b: Word) -> float:
    """How far two words' heights overlap (points; negative: the gap between them)."""
    return min(a.bottom, b.bottom) - max(a.top, b.top)


def _slot(w: Word, edges: list[float]) -> int:
    """The space between rulings a word stands in: -1 left of the table, len(edges) - 1 right of it."""
    return bisect.bisect_left(edges, (w.x0 + w.x1) / 2) - 1


def _cells_of(words: list[Word], edges: list[float], page: int) -> list[Cell]:
    """One cell per space between rulings: its words read top to bottom, left to right (a cell's
    text wrapped over lines is one text again: "51（其" + "中网上申请40件）"); words outside the
    rulings one cell each."""
    by_slot: dict[int, list[Word]] = {}
    for w in words:
        by_slot.setdefault(_slot(w, edges), []).append(w)
    cells = []
    inner = range(len(edges) - 1)
    for slot in sorted(by_slot):
        ws = sorted(by_slot[slot], key=lambda w: (w.top, w.x0))
        if len(ws) > 1 and any(not w.text for w in ws) and any(w.text for w in ws):
            ws = [w for w in ws if w.text]  # ink the OCR read nothing in (confidence 0) beside a word it read: none
        if slot not in inner:
            for w in sorted(ws, key=lambda w: w.x0):
                cells.append(Cell(w.text, Where(page=page, bbox=(w.x0, w.top, w.x1, w.bottom)), w.confidence))
            continue
        lines = _cluster_rows(ws, 2.0, True)
        text = "".join("".join(w.text for w in ln) if len(ln) == 1 else " ".join(w.text for w in ln) for ln in lines)
        box = (min(w.x0 for w in ws), min(w.top for w in ws), max(w.x1 for w in ws), max(w.bottom for w in ws))
        confs = [w.confidence for w in ws if w.confidence is not None]
        if len(lines) > 1 or len(ws) == 1:
            cells.append(Cell(text, Where(page=page, bbox=box, col=slot), min(confs) if confs else None))
        else:  # words side by side in one cell (a number and a mark): kept apart
            for w in lines[0]:
                cells.append(Cell(w.text, Where(page=page, bbox=(w.x0, w.top, w.x1, w.bottom), col=slot), w.confidence))
    return cells


def _cells_under_rulings(group: list[list[Word]], layout: PageLayout) -> list[Cell] | None:
    """The cells of a band of headings whose rows are crossed by different rulings (a group's heading,
    法人或其他组织, over its columns, each ruled off below it only): each word in its space between
    the rulings of all the band's rows, the words of one space (a heading wrapped over lines) one cell,
    and a word standing over rulings that do not cross its own line (the group's heading) a cell of
    its own. None for a band holding a number (a row of values: its own rulings keep it) or whose
    rows share their rulings. Only rulings that run on down the table count (a column's; the strokes
    of letters stacked in a heading, which an image's rulings found in its pixels include, end in it)."""
    words = [w for r in group for w in r]
    if any(_DIGIT.search(w.text) for w in words):
        return None
    em = median(w.bottom - w.top for w in words)
    bottom = max(w.bottom for w in words)
    rulings = [r for r in layout.rulings if r.bottom >= bottom + 2 * em]
    per_row = [column_edges(r, rulings) for r in group]
    if len({tuple(e) for e in per_row}) < 2:
        return None
    union: list[float] = []
    for x in sorted(x for e in per_row for x in e):
        if not union or x - union[-1] > RULING_MERGE:
            union.append(x)
    over: list[Word] = []
    under: list[Word] = []
    for w in (w for r in group for w in r):
        inside = [x for x in union if w.x0 + RULING_MERGE < x < w.x1 - RULING_MERGE]
        own = column_edges([w], rulings)
        (over if inside and not any(abs(x - y) <= RULING_MERGE for x in inside for y in own) else under).append(w)
    cells = _cells_of(under, union, layout.page)
    cells += [Cell(w.text, Where(page=layout.page, bbox=(w.x0, w.top, w.x1, w.bottom)), w.confidence) for w in over]
    return sorted(cells, key=lambda c: (c.where.bbox or (0.0,))[0])


def page_lines(layout: PageLayout) -> list[Line]:
    """Rows of words as document lines.

    A row of a ruled table (three or more vertical rulings crossing it) gets ``Line.width``, the
    spaces between its rulings, and each word ``where.col``, the space it stands in — so a value
    is bound to its column by where it stands, even when a neighbour's value was lost. Where the
    table's horizontal lines are known, the lines of words between two of them are one table row
    (a label over two lines, its values centred between them), each cell's words one text.
    """
    lines: list[Line] = []
    rows = [
        row
        for row in _cluster_rows(layout.words, layout.y_tolerance, layout.by_center)
        # a page number in the margin (a number inside a ruled table is a value)
        if not (layout.height and _page_number(row, layout.height) and not column_edges(row, layout.rulings))
    ]
    i = 0
    while i < len(rows):
        row = rows[i]
        edges = column_edges(row, layout.rulings)
        band = _band(row, edges, layout.hrules)
        if band is not None:
            group = [row]
            while i + 1 < len(rows) and _band_of(rows[i + 1], layout) == band:
                group.append(rows[i + 1])
                i += 1
            if (len(group) > 1 or _stacked(row, edges)) and _one_row(group, edges):
                cells = _cells_under_rulings(group, layout)  # a heading over columns ruled below it
                if cells is None:
                    cells = _cells_of([w for r in group for w in r], edges, layout.page)
                lines.append(Line(cells, width=len(edges) - 1))
                i += 1
                continue
            i -= len(group) - 1
        i += 1
        in_table = (
            any(_DIGIT.search(w.text) for w in row)
            or any(_inside(w, b) for w in row for b in layout.tables)
            or _headings_apart(row)
        )
        if in_table and len(row) > 1:
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


def _gaps(row: list[Word]) -> tuple[list[float], float]:
    """The spaces between a row's words from left to right, and the row's height (points)."""
    xs = sorted(row, key=lambda w: w.x0)
    return [b.x0 - a.x1 for a, b in pairwise(xs)], max(w.bottom for w in row) - min(w.top for w in row)


def _headings_apart(row: list[Word]) -> bool:
    """Three words or more standing apart by more than half a line's height, wider than a space, or
    two by more than two lines' heights, or four and more without a figure (a borderless table's
    column headings: 信息内容  本年制发件数  本年废止件数; 自然人 … 总计 over table 3's narrow columns;
    结果维 结果纠 其他结 尚未审 …): kept one cell each, with its box, so that the columns' places are
    known."""
    if len(row) < 2:
        return False
    gaps, height = _gaps(row)
    if len(row) >= 4 and not any(_DIGIT.search(w.text) for w in row) and all(g > height / 6 for g in gaps):
        return True  # four words and more, no figure: no line of Chinese prose (it has no spaces)
    return all(g > (height / 2 if len(row) > 2 else height * 2) for g in gaps)


def _page_number(row: list[Word], height: float) -> bool:
    """A page number in the margin (``3``, ``- 3 -``, ``第3页``): its words stand together; numbers
    apart by more than a line's height are a table row's values at the top of a page (``1    1``)."""
    top = min(w.top for w in row)
    bottom = max(w.bottom for w in row)
    if MARGIN * height < top and bottom < (1 - MARGIN) * height:
        return False
    gaps, line = _gaps(row)
    if any(g > line for g in gaps):
        return False
    return _PAGE_NUMBER.match("".join(w.text for w in row).replace(" ", "")) is not None
