"""A PDF's values held against its pages as printed: where the arithmetic of values read from a text layer fails,
the page's picture is read by OCR where they stand, and a value the picture shows otherwise is the picture's, in
doubt. A text layer may say other digits than the page shows — a font's map giving 3 for the glyph of 0, a
scanner's OCR layer under its scan misreading 57 as 67 — and a sum failing on such digits is the text layer's
error, not the report's: an error must mean the page as printed is wrong."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from ogi.extract.tokens import VALUE, parse_value
from ogi.model import Doubt

if TYPE_CHECKING:
    from ogi.extract import Extraction
    from ogi.ingest.layout import Word

# pages of values looked at again at most (each an OCR of the region of the page they stand in)
MAX_PAGES = 6
# points around a value's box its picture's word may stand in (a scan's text layer a little off its image)
_SLACK = 3.0

Box = tuple[float, float, float, float]


def against_the_pages(ex: Extraction, keys: Iterable[str], words_of: Callable[[int, Box], list[Word]]) -> list[str]:
    """The values of ``keys`` read from a PDF's text layer (each with its page and box, no OCR confidence) held
    against what OCR reads of the page where they stand (``words_of(page, box)``: the words of a region of a
    1-based page, boxes in the page's points): each whose picture shows another number is that number, in doubt
    (:attr:`Doubt.LAYER`), in place. Returns the keys changed (none: the page shows what the text layer says —
    the sums fail as printed). A region OCR cannot read (``words_of`` raising) leaves its values as read."""
    r = ex.tables
    by_page: dict[int, list[str]] = {}
    for k in dict.fromkeys(keys):
        w = r.where.get(k)
        if r.cells.get(k) is None or w is None or w.page is None or w.bbox is None or k in r.confidence:
            continue
        by_page.setdefault(w.page, []).append(k)
    changed: list[str] = []
    for page in sorted(by_page)[:MAX_PAGES]:
        ks = by_page[page]
        boxes = [r.where[k].bbox for k in ks]
        region = (
            min(b[0] for b in boxes) - 4 * _SLACK,  # type: ignore[index]
            min(b[1] for b in boxes) - 4 * _SLACK,  # type: ignore[index]
            max(b[2] for b in boxes) + 4 * _SLACK,  # type: ignore[index]
            max(b[3] for b in boxes) + 4 * _SLACK,  # type: ignore[index]
        )
        try:
            words = words_of(page, region)
        except Exception:
            continue
        for k in ks:
            shown = _shown(r.where[k].bbox, words)  # type: ignore[arg-type]
            if shown is not None and shown != r.cells[k]:
                r.cells[k] = shown
                r.doubts[k] = Doubt.LAYER
                changed.append(k)
    return changed


def _shown(box: Box, words: list[Word]) -> int | float | None:
    """The number the words whose centres stand in ``box`` (with :data:`_SLACK`) make, left to right; None where
    none stands there or they make no number."""
    x0, top, x1, bottom = box
    inside = sorted(
        (
            w
            for w in words
            if x0 - _SLACK <= (w.x0 + w.x1) / 2 <= x1 + _SLACK
            and top - _SLACK <= (w.top + w.bottom) / 2 <= bottom + _SLACK
        ),
        key=lambda w: w.x0,
    )
    if not inside:
        return None
    kind, value, _, _ = parse_value("".join(w.text for w in inside))
    return value if kind == VALUE else None
