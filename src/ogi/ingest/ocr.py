"""Scans → the common document, by OCR (rapidocr-onnxruntime; its models ship in the wheel).

A page image is deskewed (projection profile, within ±3°), its vertical table
rulings are found (morphological opening), and the OCR's text boxes are cut into
words at character gaps and at rulings, so that two adjacent cells never glue.
In a table row, a cell between two rulings that holds ink but no text (a small
isolated ``0`` the detector missed) is read again on its own. The words then
go through the same line building as a PDF's text layer
(:mod:`ogi.ingest.layout`), each with its OCR confidence.

Boxes are in PDF points for PDF pages, and in points at the image's resolution
(its DPI, 150 when it does not say) for images.
"""

from __future__ import annotations

import io
import itertools
import os
import re
import threading
from functools import cached_property
from typing import Any

from ogi.errors import InputError
from ogi.ingest.layout import HRule, PageLayout, Ruling, Word, page_lines, split_at_rulings
from ogi.model import Document, Source

MAX_OCR_PAGES = int(os.environ.get("OGI_OCR_MAX_PAGES", 30))
MAX_WIDTH = 2600  # pixels: wider images are scaled down before OCR
MAX_BAND = 1800  # pixels: taller images are read in bands of about this height
BAND_MARGIN = 120  # pixels of the bands beside it read with each band (a table row or two)
SMALL_TEXT = 20  # pixels (a line's box): a picture whose figures' (or words') median height is less is read again …
UPSCALE = 3  # … this many times larger (once: its text then at least as tall)
MAX_PIXELS = 120_000_000  # larger images are refused
MAX_RENDER_PIXELS = 36_000_000  # a PDF page is rendered for OCR at no more pixels (2600 × 13846)
DEFAULT_DPI = 150.0
MAX_SKEW = 3.0  # degrees
INK = 150  # grey level below which a pixel is ink
LINE_INK = 210  # ... a pixel of a table line (thin lines scan light grey)
SPECK = 3  # pixels: a blot of ink no larger is a scan's speck, not a stroke
# pixels: the longest side of a page at which text is *found* (detection); the lines found are read
# (recognition) from the page at its own resolution. A4 at 150 dpi is 1754 high.
DET_SIDE = 1760

OCR_RUNTIME = "OGI_OCR_RUNTIME"  # openvino | onnxruntime (default: openvino when installed)

_lock = threading.Lock()
_engine: Any = None


def engine() -> Any:
    """The OCR engine, created once (loading its models takes a moment)."""
    global _engine
    with _lock:
        if _engine is None:
            import numpy as np

            try:
                from rapidocr_onnxruntime import RapidOCR
            except ImportError as e:  # pragma: no cover - depends on the installed extras
                raise InputError("文字识别需要安装 ocr 组件 (pip install 'ogi-reports[ocr]')") from e
            from ogi.runtime import OCR_THREADS

            # One text line per recognition: batches pad every line to the longest of them, which
            # costs a fifth more time than it saves (measured on the real PDFs, same results).
            kw: dict[str, Any] = {"rec_batch_num": 1}
            threads = int(os.environ.get(OCR_THREADS) or 0)
            if threads > 0:
                kw |= {"intra_op_num_threads": threads, "inter_op_num_threads": 1}
            eng = RapidOCR(**kw)
            # page images are normalized in float32, not float64 (a twentieth of a page's time)
            eng.text_det.mean = np.asarray(eng.text_det.mean, dtype=np.float32)
            eng.text_det.std = np.asarray(eng.text_det.std, dtype=np.float32)
            _coarse_detection(eng.text_det)
            if runtime() == "openvino":
                from ogi.ingest import ocr_openvino

                ocr_openvino.install(eng, threads)
            _engine = eng
        return _engine


class _Detection:
    """The preparation of an image for text detection: a page larger than :data:`DET_SIDE` is
    scaled down to it (never below the detector's own least side), others as rapidocr prepares
    them. Boxes come back in the image's own pixels either way (the detector's post-processing
    scales them to the shape it was given), and each line is then recognised from the image at its
    own resolution: a page read at its scan's 200 or 300 dpi keeps its thin digits, and finding
    its lines costs what it costs at 150 dpi (detection's time grows with the pixels; recognition's
    with the lines)."""

    def __init__(self, own: Any, coarse: Any, least: int) -> None:
        self.own, self.coarse, self.least = own, coarse, least

    def __call__(self, img: Any) -> Any:
        h, w = img.shape[:2]
        f = DET_SIDE / max(h, w)
        prep = self.coarse if f < 1 and min(h, w) * f >= self.least else self.own
        resized = prep.resize(img)
        return None if resized is None else _normalized(resized, prep.scale, prep.mean, prep.std)


def _normalized(img: Any, scale: float, mean: Any, std: Any) -> Any:
    """rapidocr's preparation of an image for detection (``(img × scale − mean) / std`` per channel,
    channels first, a batch of one: float32 of shape 1 × 3 × h × w) written channel by channel into
    one array, the same numbers: rapidocr makes five copies of the page in float (on a 200 dpi scan,
    a twenty-fifth of its reading time)."""
    import numpy as np

    h, w = img.shape[:2]
    out = np.empty((1, 3, h, w), dtype=np.float32)
    for c in range(3):
        np.multiply(img[:, :, c], np.float32(scale), out=out[0, c], casting="unsafe")
        out[0, c] -= np.float32(mean[c])
        out[0, c] /= np.float32(std[c])
    return out


def _coarse_detection(det: Any) -> None:
    """Have rapidocr's text detector (``TextDetector``) prepare images by :class:`_Detection`."""
    from rapidocr_onnxruntime.ch_ppocr_det.utils import DetPreProcess

    own = det.get_preprocess
    coarse = DetPreProcess(DET_SIDE, "max", det.mean, det.std)
    det.get_preprocess = lambda side: _Detection(own(side), coarse, int(det.limit_side_len))


def runtime() -> str:
    """The inference runtime OCR uses: ``openvino`` when installed (about three times faster),
    else ``onnxruntime``; ``OGI_OCR_RUNTIME=onnxruntime`` chooses the latter."""
    from ogi.ingest import ocr_openvino

    want = os.environ.get(OCR_RUNTIME, "").strip().lower()
    return "onnxruntime" if want in ("onnxruntime", "ort") or not ocr_openvino.available() else "openvino"


def skew_angle(gray: Any) -> float:
    """The angle (degrees, counter-clockwise) that makes text rows horizontal: the one whose
    row profile of ink is sharpest, the ink pixels' rows computed for each angle tried."""
    import numpy as np

    h, w = gray.shape
    # Subsampled for speed, but never below 800 pixels of width, across which a tenth of a degree
    # is a pixel: a tall image (a long screenshot) subsampled by its height found -0.4° in level text.
    f = max(1, min(int(max(h, w) / 900), int(w / 800)))
    small = gray[::f, ::f] < INK
    ys, xs = np.nonzero(small)
    if len(ys) == 0:
        return 0.0
    sh, sw = small.shape
    dx = xs - sw / 2
    dy = ys - sh / 2

    def score(a: float) -> float:
        r = np.deg2rad(a)
        y = np.rint(sh / 2 - dx * np.sin(r) + dy * np.cos(r)).astype(np.int64)
        rows = np.bincount(y[(y >= 0) & (y < sh)], minlength=sh).astype(np.float64)
        return float(np.sum(np.diff(rows) ** 2))

    best = max(np.arange(-MAX_SKEW, MAX_SKEW + 0.01, 0.5), key=score)
    best = max(np.arange(best - 0.5, best + 0.51, 0.1), key=score)
    return float(round(best, 2))


def deskew(img: Any) -> tuple[Any, float]:
    """An RGB page image turned upright (:func:`skew_angle`; less than 0.15° is left as it is) and
    the angle it was turned by (degrees, counter-clockwise), bicubically, corners filled white. A
    grey page (a scan: its three channels alike) is turned as one channel, the same pixels in a
    third of the time."""
    import numpy as np
    from PIL import Image

    gray = img.convert("L")
    a = skew_angle(np.asarray(gray))
    if abs(a) < 0.15:
        return img, 0.0
    rgb = np.asarray(img)
    grey = bool((rgb[:, :, 0] == rgb[:, :, 1]).all() and (rgb[:, :, 1] == rgb[:, :, 2]).all())
    if grey:
        turned = gray.rotate(a, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
        return turned.convert("RGB"), a
    return img.rotate(a, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=(255, 255, 255)), a


class _Ink:
    """The ink of one band of a page for finding its table lines, each mask computed once.

    ``gray`` is the band's greyscale image (uint8, rows × columns); every mask is uint8 of its shape,
    255 where there is ink. Finding the rulings, the lone rows' rulings and the lines to take out
    before OCR all start from the same smoothed threshold (and the bridged masks from the same
    closing), so it is made once per band rather than once per use.
    """

    def __init__(self, gray: Any) -> None:
        self.gray = gray
        self._bridged: dict[bool, Any] = {}

    @cached_property
    def ink(self) -> Any:
        """Pixels darker than a thin grey line after smoothing a scan's noise (:data:`LINE_INK`)."""
        import cv2
        import numpy as np

        return (cv2.GaussianBlur(self.gray, (3, 3), 0) < LINE_INK).astype(np.uint8) * 255

    def bridged(self, vertical: bool) -> Any:
        """:attr:`ink` with the gaps a noisy or compressed scan broke into its lines closed."""
        if vertical not in self._bridged:
            import cv2

            size = (1, 7) if vertical else (7, 1)
            kernel = cv2.getStructuringElement(cv2.MORPH_RECT, size)
            self._bridged[vertical] = cv2.morphologyEx(self.ink, cv2.MORPH_CLOSE, kernel)
        return self._bridged[vertical]


def _line_mask(page: _Ink, vertical: bool, bridge: bool = False, length: int | None = None) -> tuple[Any, int]:
    """The pixels of lines at least ``length`` pixels long (uint8 mask, 255 on a line), and that length.

    ``page``: a band's :class:`_Ink`. Where ``bridge``, a line a noisy or
    compressed scan broke is closed first (finding rulings)."""
    import cv2

    ink = page.bridged(vertical) if bridge else page.ink
    # longer than any stroke of a character (or a row of them), shorter than a table's lines
    if length is None:
        length = max(20, page.gray.shape[0] // 40 if vertical else page.gray.shape[1] // 8)
    size = (1, length) if vertical else (length, 1)
    return cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, size)), length


def _components(mask: Any) -> tuple[int, Any, Any]:
    """Connected components of a mask: their count (the background is 0), the label image and each one's
    stats (cv2's CC_STAT columns). Lines are few, so their labels fit in 16 bits, which halves the
    label image's memory traffic against cv2's default 32; a mask with more components than that
    (a page of noise) is labelled in 32."""
    import cv2

    try:
        n, labels, stats, _ = cv2.connectedComponentsWithStatsWithAlgorithm(mask, 8, cv2.CV_16U, cv2.CCL_DEFAULT)
    except cv2.error:
        n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    return n, labels, stats


def vertical_rulings(page: _Ink) -> list[Ruling]:
    """Vertical lines of a table, in pixels."""

    mask, length = _line_mask(page, True, bridge=True)
    n, _, stats = _components(mask)
    out = []
    for i in range(1, n):
        x, y, w, hh, _ = stats[i]
        if hh >= length and w <= 8:
            out.append(Ruling(x + w / 2, float(y), float(y + hh)))
    return out


def _in_a_table(rulings: list[Ruling], hrules: list[HRule], tol: float = 6.0) -> list[Ruling]:
    """Where the page has horizontal lines, a vertical line of a table meets two of them (a row's top
    and bottom, at its ends or crossing them); a stroke of a large character (a title's) that is as
    long meets at most the one its line's strokes make when they are bridged."""
    if not hrules:
        return rulings
    return [
        r
        for r in rulings
        if sum(h.x0 - tol <= r.x <= h.x1 + tol and r.top - tol <= h.y <= r.bottom + tol for h in hrules) >= 2
    ]


def _row_rulings(page: _Ink, hrules: list[HRule], rulings: list[Ruling], tol: float = 6.0) -> tuple[list[Ruling], Any]:
    """The vertical lines of table rows no ruling found crosses, in pixels, and the mask of their pixels
    (None when there are none).

    A ruling must be longer than a stroke of a large character (:func:`_line_mask`, a fortieth of the
    image); a row standing alone is shorter than that: the last row of a table a page break cut off,
    at the top of the next page (or at the bottom of this one). Its lines count when each runs from
    the horizontal line above the row to the one below it, and at least three do so (a row of cells:
    its two borders and a line between two cells); a character's stroke reaches neither line."""
    import numpy as np

    ys = horizontal_rulings(page, hrules)
    rows = [
        (a, b)
        for a, b in itertools.pairwise(ys)
        if b - a >= 12 and sum(r.top - tol <= (a + b) / 2 <= r.bottom + tol for r in rulings) < 3
    ]
    if not rows:
        return [], None
    mask, _ = _line_mask(page, True, bridge=True, length=max(12, int(0.7 * min(b - a for a, b in rows))))
    n, labels, stats = _components(mask)

    def on_line(x: float, y: float) -> bool:
        return any(abs(h.y - y) <= tol and h.x0 - tol <= x <= h.x1 + tol for h in hrules)

    found: dict[tuple[float, float], list[tuple[int, Ruling]]] = {}
    for i in range(1, n):
        x, y, w, hh, _ = stats[i]
        if w > 8:
            continue
        r = Ruling(x + w / 2, float(y), float(y + hh))
        for a, b in rows:
            if abs(r.top - a) <= tol and abs(r.bottom - b) <= tol and on_line(r.x, a) and on_line(r.x, b):
                found.setdefault((a, b), []).append((i, r))
                break
    kept = [(i, r) for group in found.values() if len(group) >= 3 for i, r in group]
    if not kept:
        return [], None
    keep = np.zeros(n, dtype=bool)
    keep[[i for i, _ in kept]] = True
    return [r for _, r in kept], keep[labels]


def _table_verticals(page: _Ink, rulings: list[Ruling]) -> Any:
    """The mask of vertical line pixels that are a table's: a line at a ruling found, or one at
    least twice as long as a line must be (a slightly skewed ruling is no ruling found, but as long)."""
    import cv2
    import numpy as np

    mask, length = _line_mask(page, True)
    n, labels, stats = _components(mask)
    keep = np.zeros(n, dtype=bool)
    keep[1:] = stats[1:, cv2.CC_STAT_HEIGHT] >= 2 * length
    xs = stats[:, cv2.CC_STAT_LEFT] + stats[:, cv2.CC_STAT_WIDTH] / 2
    for r in rulings:
        near = (np.abs(xs - r.x) <= 6) & (stats[:, cv2.CC_STAT_TOP] <= r.bottom)
        near &= stats[:, cv2.CC_STAT_TOP] + stats[:, cv2.CC_STAT_HEIGHT] >= r.top
        keep |= near
    keep[0] = False
    return keep[labels]


def horizontal_lines(page: _Ink) -> list[HRule]:
    """Horizontal lines of a table, in pixels: y and the span x0..x1 each covers."""

    mask, length = _line_mask(page, False, bridge=True)
    n, _, stats = _components(mask)
    return sorted(
        (
            HRule(float(stats[i][1] + stats[i][3] / 2), float(stats[i][0]), float(stats[i][0] + stats[i][2]))
            for i in range(1, n)
            if stats[i][2] >= length and stats[i][3] <= 8
        ),
        key=lambda h: h.y,
    )


def horizontal_rulings(page: _Ink, lines: list[HRule] | None = None) -> list[float]:
    """The y of each horizontal line of a table, in pixels (lines closer than 4 pixels are one)."""
    out: list[float] = []
    for h in lines if lines is not None else horizontal_lines(page):
        if out and h.y - out[-1] < 4:
            continue
        out.append(h.y)
    return out


def _ink_box(gray: Any, x0: int, y0: int, x1: int, y1: int) -> tuple[float, float, float, float] | None:
    """The box of the ink inside a cell, ruling remnants and specks left out; None when the cell is empty."""
    import cv2
    import numpy as np

    crop = gray[y0:y1, x0:x1]
    if crop.size == 0:
        return None
    ink = crop < INK
    ink[:, ink.mean(axis=0) > 0.6] = False  # remnants of a vertical ruling
    ink[ink.mean(axis=1) > 0.6, :] = False  # ... of a horizontal one
    if ink.sum() < 12:
        return None
    # specks of a noisy scan left out: a box reaching from a digit to a speck at the cell's end reads
    # as the speck ("。." for "0 ·")
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    if n > 2:
        ink = (stats[:, cv2.CC_STAT_AREA] > SPECK)[labels] & ink
        if ink.sum() < 12:
            return None
    cols = np.where(ink.any(axis=0))[0]
    rows = np.where(ink.any(axis=1))[0]
    return (float(x0 + cols[0]), float(y0 + rows[0]), float(x0 + cols[-1] + 1), float(y0 + rows[-1] + 1))


_NUMBER = re.compile(r"[+-]?\d[\d,.]*")


def _overlaps(w: Word, x0: float, y0: float, x1: float, y1: float) -> bool:
    """Whether a word read already covers part of a box (its centre inside, or a third of its height)."""
    if x0 < (w.x0 + w.x1) / 2 < x1 and y0 < (w.top + w.bottom) / 2 < y1:
        return True
    dy = min(w.bottom, y1) - max(w.top, y0)
    dx = min(w.x1, x1) - max(w.x0, x0)
    return dx > 0 and dy > (w.bottom - w.top) / 3


def _centred(w: Word, x0: float, y0: float, x1: float, y1: float) -> bool:
    """Whether a word's centre lies in a box."""
    return x0 < (w.x0 + w.x1) / 2 < x1 and y0 < (w.top + w.bottom) / 2 < y1


def _missed_in_grid(
    gray: Any, words: list[Word], rulings: list[Ruling], hlines: list[float]
) -> list[tuple[float, float, float, float]]:
    """Cells of a ruled table that hold ink where no word was read."""
    from itertools import pairwise

    out = []
    for ya, yb in pairwise(hlines):
        if yb - ya < 12:
            continue
        mid = (ya + yb) / 2
        xs = sorted({round(r.x) for r in rulings if r.top - 3 <= mid <= r.bottom + 3})
        # only the words reaching into the row can be centred in its cells or cover their ink
        near = [w for w in words if w.bottom > ya and w.top < yb]
        for a, b in pairwise(xs):
            if b - a < 10:
                continue
            if any(_centred(w, a, ya, b, yb) for w in near):
                continue
            box = _ink_box(gray, int(a + 2), int(ya + 2), int(b - 1), int(yb - 1))
            # the ink not under a word read (the OCR places the characters of a run of values roughly:
            # a 0 read in one cell may reach into the one before it, whose own 0 it did not read)
            if box is not None and not any(_overlaps(w, *box) for w in near):
                out.append(box)
    return out


_LONE_ZERO = frozenset(")）(（DOoQ〇口UC【】[]〔〕「」『』。°ºL一")  # 一, L: a small 0 squashed or cut
# A number with a speck read beside it: "0." "。5" "1—" "·12" (the digits are the cell's value)
_SPECKED = re.compile(r"[.。·、,'`_:：;]*([+-]?\d+(?:[.,]\d+)?)[.。·、,'`_—–\-:：;]*")
_CONFUSED = str.maketrans({"o": "0", "O": "0", "|": ""})


def _digits(word: str) -> str:
    """A number OCR read with letters for digits (``1o`` → ``10``); other words unchanged."""
    if len(word) <= 12 and re.fullmatch(r"[0-9oO|.,]+", word) and re.search(r"[0-9oO]", word):
        return word.translate(_CONFUSED)
    return word


def _chars_of(box: list[Any]) -> list[tuple[str, float, float, float]]:
    """Characters of one OCR result: (text, x0, x1, confidence), from its per-character boxes."""
    pts, text, score = box[0], box[1], float(box[2])
    x0 = min(p[0] for p in pts)
    x1 = max(p[0] for p in pts)
    if len(box) >= 6 and box[3] and len(box[4]) == len(box[3]):
        out = []
        for cb, ch, cs in zip(box[3], box[4], box[5], strict=False):
            out.append((ch, float(min(p[0] for p in cb)), float(max(p[0] for p in cb)), float(cs)))
        return out
    # no character boxes: spread the characters evenly over the box
    chars = list(text)
    step = (x1 - x0) / max(1, len(chars))
    return [(c, x0 + i * step, x0 + (i + 1) * step, score) for i, c in enumerate(chars)]


def _words_of(box: list[Any], rulings: list[Ruling]) -> list[Word]:
    pts = box[0]
    top = float(min(p[1] for p in pts))
    bottom = float(max(p[1] for p in pts))
    height = bottom - top
    chars = [c for c in _chars_of(box) if not c[0].isspace()]
    if not chars:
        return []
    # words: a gap wider than half the text height separates them
    groups: list[list[tuple[str, float, float, float]]] = [[chars[0]]]
    for prev, ch in itertools.pairwise(chars):
        if ch[1] - prev[2] > 0.5 * height:
            groups.append([])
        groups[-1].append(ch)
    out = []
    for g in groups:
        conf = {(c[0], c[1], c[2]): c[3] for c in g}
        for whole in split_at_rulings([(c[0], c[1], c[2]) for c in g], top, bottom, rulings, tol=2.0):
            for part in _trailing_number(whole):
                c = min(conf[p] for p in part)
                text = _digits("".join(p[0] for p in part))
                m = _SPECKED.fullmatch(text)
                if m and m.group(1) != text:
                    text, c = m.group(1), min(c, 0.5)  # kept, but in doubt
                out.append(Word(text, part[0][1], top, part[-1][2], bottom, c))
    return out


def _trailing_number(chars: list[tuple[str, float, float]]) -> list[list[tuple[str, float, float]]]:
    """A label with a number glued at its end (``不再处0``: the cell border between them was missed)
    is two words. Prose loses nothing: its spaces are dropped when it is read."""
    k = len(chars)
    while k > 0 and (chars[k - 1][0].isdigit() or chars[k - 1][0] == "."):
        k -= 1
    if 0 < k < len(chars) and "\u4e00" <= chars[k - 1][0] <= "\u9fff" and chars[k][0].isdigit():
        return [chars[:k], chars[k:]]
    return [chars]


def _missed_cells(gray: Any, words: list[Word], rulings: list[Ruling]) -> list[tuple[float, float, float, float]]:
    """Boxes between two rulings, in rows holding numbers, with ink but no word read."""
    import numpy as np

    if len(rulings) < 3:
        return []
    heights = sorted(w.bottom - w.top for w in words) or [20.0]
    tol = heights[len(heights) // 2] * 0.5
    rows: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.top + w.bottom) / 2):
        c = (w.top + w.bottom) / 2
        if rows and c - (rows[-1][-1].top + rows[-1][-1].bottom) / 2 <= tol:
            rows[-1].append(w)
        else:
            rows.append([w])
    out = []
    for row in rows:
        nums = [w for w in row if w.text[:1].isdigit()]
        if not nums:
            continue
        top = min(w.top for w in nums)
        bottom = max(w.bottom for w in nums)
        mid = (top + bottom) / 2
        xs = sorted({round(r.x) for r in rulings if r.top <= mid <= r.bottom})
        if len(xs) < 3:
            continue
        first_num = min(w.x0 for w in nums)
        for a, b in itertools.pairwise(xs):
            if b - a < 8 or b < first_num:
                continue
            if any(w.x1 > a and w.x0 < b for w in row):
                continue
            y0, y1 = int(max(0, top - 2)), int(bottom + 2)
            x0, x1 = int(a + 4), int(b - 4)
            crop = gray[y0:y1, x0:x1]
            if crop.size == 0:
                continue
            ink = crop < INK
            if ink.sum() < 12:
                continue
            cols = np.where(ink.any(axis=0))[0]
            lines = np.where(ink.any(axis=1))[0]
            out.append((float(x0 + cols[0]), float(y0 + lines[0]), float(x0 + cols[-1] + 1), float(y0 + lines[-1] + 1)))
    return out


def _read_words(eng: Any, rgb: Any, gray: Any) -> tuple[list[Word], list[Ruling], list[HRule]]:
    """Words (pixels) and vertical rulings of one upright image no taller than the engine reads whole."""
    import cv2
    import numpy as np

    page = _Ink(gray)
    hrules = horizontal_lines(page)
    rulings = _in_a_table(vertical_rulings(page), hrules)
    short, short_mask = _row_rulings(page, hrules, rulings)
    hlines = horizontal_rulings(page, hrules)
    # OCR reads the page without its table lines: a line beside a 0 reads as 1. Only the vertical
    # lines of a table are taken out: a large character's long stroke (a title's 卫, 亻) stays.
    lines = (_table_verticals(page, rulings) > 0) | (_line_mask(page, False)[0] > 0)
    if short:
        rulings = rulings + short
        lines |= short_mask
    lines = cv2.dilate(lines.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    bgr = cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)  # a copy, in the order of channels the engine reads
    bgr[lines] = 255
    gray = gray.copy()
    gray[lines] = 255
    res, _ = eng(
        bgr,
        use_cls=False,
        box_thresh=0.3,
        unclip_ratio=1.6,
        text_score=0.3,
        return_word_box=True,
    )
    words: list[Word] = []
    for box in res or []:
        words.extend(_words_of(box, rulings))
    if len(hlines) >= 2:
        missed = _missed_in_grid(gray, words, rulings, hlines)
    else:
        missed = _missed_cells(gray, words, rulings)
    if missed:
        crops = []
        for x0, y0, x1, y1 in missed:
            c = bgr[int(y0) : int(y1), int(x0) : int(x1)]
            pad = max(6, int(y1 - y0) // 2)
            crops.append(np.pad(c, ((pad, pad), (pad, pad), (0, 0)), constant_values=255))
        rec, _ = eng.text_rec(crops)
        unread = []
        for (x0, y0, x1, y1), r in zip(missed, rec, strict=True):
            text, score = _digits(str(r[0]).strip()), float(r[1])
            m = _SPECKED.fullmatch(text)
            if m and m.group(1) != text:
                text, score = m.group(1), min(score, 0.5)  # a number with a speck beside it: kept, in doubt
            if score >= 0.3 and (_NUMBER.fullmatch(text) or text in _LONE_ZERO):  # a digit recovered, not noise
                words.append(Word(text, x0, y0, x1, y1, score))
            else:
                unread.append((x0, y0, x1, y1))
        # ink in a value's cell that reads as nothing: an unread value (confidence 0), so that a cell
        # without a word and without ink is known to be blank. A value's cell is known by the numbers
        # left of it, those just recovered too (a row's first values may all have been missed).
        found = list(words)
        words.extend(Word("", x0, y0, x1, y1, 0.0) for x0, y0, x1, y1 in unread if _among_values(found, x0, y0, y1))
    return _lone_zeros(words), rulings, hrules


def _among_values(words: list[Word], x0: float, y0: float, y1: float) -> bool:
    """Whether a cell stands in a row of numbers, right of its first one (a value's cell)."""
    mid = (y0 + y1) / 2
    xs = [w.x0 for w in words if _NUMBER.fullmatch(w.text) and w.top <= mid <= w.bottom]
    return bool(xs) and x0 > min(xs)


def _lone_zeros(words: list[Word]) -> list[Word]:
    """A lone glyph among the numbers of a table row, read as a bracket or a letter, is a 0.

    Its confidence stays low, so the checks flag it unless the arithmetic confirms it.
    """
    nums = [w for w in words if w.text[:1].isdigit()]
    out = []
    for w in words:
        if w.text in _LONE_ZERO and (w.x1 - w.x0) < (w.bottom - w.top) * 1.2:
            c = (w.top + w.bottom) / 2
            h = (w.bottom - w.top) / 2
            if any(abs((n.top + n.bottom) / 2 - c) < h for n in nums):
                w = Word("0", w.x0, w.top, w.x1, w.bottom, min(w.confidence or 0.5, 0.5))
        out.append(w)
    return out


def _slices(gray: Any, limit: int) -> list[tuple[int, int]]:
    """Cut a tall image into bands no taller than ``limit``, at the emptiest rows near each cut."""
    import numpy as np

    h = gray.shape[0]
    if h <= limit:
        return [(0, h)]
    ink = (gray < INK).sum(axis=1)
    out = []
    top = 0
    while h - top > limit:
        lo = top + int(limit * 0.75)
        cut = lo + int(np.argmin(ink[lo : top + limit]))
        out.append((top, cut))
        top = cut
    out.append((top, h))
    return out


# the paper's grey level below which a page is lit again before it is read (white paper scans 240 and more)
PAPER = 235


def _evenly_lit(gray: Any) -> Any | None:
    """The gain (float32, the page's shape) that makes the paper of a page white again where it is grey — grey
    paper, a page photographed with its light falling off toward a corner — or None where the paper is white
    already. The paper's level is the brightest near each place (the page shrunk eightfold and dilated: text and
    table lines are darker than the paper around them); a fixed grey level cut the page's ink from its paper (a
    page evenly grey at 204 was all ink: nothing read)."""
    import cv2
    import numpy as np

    h, w = gray.shape
    small = cv2.resize(gray, (max(1, w // 8), max(1, h // 8)), interpolation=cv2.INTER_AREA)
    paper = cv2.dilate(small, np.ones((9, 9), np.uint8))
    if np.percentile(paper, 5) >= PAPER:
        return None
    paper = cv2.GaussianBlur(paper, (0, 0), 3)
    level = cv2.resize(paper, (w, h), interpolation=cv2.INTER_LINEAR).astype(np.float32)
    return 255.0 / np.maximum(level, 32.0)


def ocr_layout(img: Any, page: int, px_per_pt: float) -> PageLayout:
    """Read one page image: words with boxes in points (pixels / ``px_per_pt``) and confidence.

    A long image (a whole report as one screenshot) is read in bands.
    """
    import numpy as np

    img = img.convert("RGB")
    img, _ = deskew(img)
    rgb = np.asarray(img)
    gray = np.asarray(img.convert("L"))
    if (gain := _evenly_lit(gray)) is not None:  # grey paper, light falling off: the paper white again
        rgb = np.clip(rgb.astype(np.float32) * gain[:, :, None], 0, 255).astype(np.uint8)
        gray = np.clip(gray.astype(np.float32) * gain, 0, 255).astype(np.uint8)
    eng = engine()
    words: list[Word] = []
    rulings: list[Ruling] = []
    hrules: list[HRule] = []
    limit = max(MAX_BAND, int(gray.shape[1] * 1.5))
    h = gray.shape[0]
    for y0, y1 in _slices(gray, limit):
        # Each band is read with a margin of the bands beside it, so that a row at a cut is read
        # whole (its digits and both its rulings); what stands in the margins is the other band's.
        r0, r1 = max(0, y0 - BAND_MARGIN), min(h, y1 + BAND_MARGIN)
        ws, rs, hs = _read_words(eng, rgb[r0:r1], gray[r0:r1])
        for w in ws:
            if y0 <= r0 + (w.top + w.bottom) / 2 < y1:
                words.append(Word(w.text, w.x0, w.top + r0, w.x1, w.bottom + r0, w.confidence))
        for r in rs:
            top, bottom = max(y0, r.top + r0), min(y1, r.bottom + r0)
            if bottom > top:
                rulings.append(Ruling(r.x, top, bottom))
        hrules.extend(HRule(x.y + r0, x.x0, x.x1) for x in hs if y0 <= x.y + r0 < y1)
    figures = [w for w in words if any(ch.isdigit() for ch in w.text)]  # (a table's figures: prose may be larger)
    small = sorted(w.bottom - w.top for w in (figures if len(figures) >= 10 else words))
    times = min(UPSCALE, MAX_WIDTH // gray.shape[1])
    if small and small[len(small) // 2] < SMALL_TEXT and times >= 2:
        # text too small for the recogniser to read its digits surely (a screenshot's 8 or 9 px figures): the
        # picture read again at a larger scale (as wide as OCR reads at most), its boxes in the same points
        bigger = img.resize((img.width * times, img.height * times), resample=3)  # (bicubic)
        return ocr_layout(bigger, page, px_per_pt * times)
    f = 1.0 / px_per_pt
    pts = [Word(w.text, w.x0 * f, w.top * f, w.x1 * f, w.bottom * f, w.confidence) for w in words]
    heights = sorted(w.bottom - w.top for w in pts)
    tol = heights[len(heights) // 2] * 0.45 if heights else 3.0
    return PageLayout(
        page,
        pts,
        [Ruling(r.x * f, r.top * f, r.bottom * f) for r in rulings],
        [HRule(h.y * f, h.x0 * f, h.x1 * f) for h in hrules],
        y_tolerance=tol,
        by_center=True,
        height=gray.shape[0] * f,
    )


def page_scale(page: Any, scale: float) -> float:
    """Pixels per point to render a page for OCR: ``scale``, or the resolution of the scan the page
    holds when that is finer (a 300 dpi scan read at 144 dpi loses its thin digits), the page at
    most :data:`MAX_WIDTH` pixels wide."""
    import pypdfium2.raw as pdfium_c

    width = page.get_width() or 1.0
    best = scale
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=1):
        x0, _, x1, _ = obj.get_bounds()
        if x1 - x0 >= width / 2:
            best = max(best, obj.get_px_size()[0] / (x1 - x0))
    return min(best, max(scale, MAX_WIDTH / width))


def render_scale(width: float, height: float, scale: float) -> float:
    """The scale (pixels per point) to render a page of ``width`` × ``height`` points at: ``scale``,
    or less, so that the image is no wider than :data:`MAX_WIDTH` (as images are read) and holds
    no more than :data:`MAX_RENDER_PIXELS` (the largest page a PDF may have, 200 inches square,
    took 2.4 GB at 144 dpi, and more to hand over)."""
    width, height = max(width, 1.0), max(height, 1.0)
    return min(scale, MAX_WIDTH / width, (MAX_RENDER_PIXELS / (width * height)) ** 0.5)


def ocr_pdf_pages(data: bytes, pages: list[int], scale: float, doc: Document) -> dict[int, PageLayout]:
    """OCR the given 0-based pages of a PDF, rendered at ``scale`` pixels per point."""
    import pypdfium2 as pdfium

    out: dict[int, PageLayout] = {}
    pdf = pdfium.PdfDocument(data)
    try:
        for i in pages:
            try:
                page = pdf[i]
                w, h = page.get_size()
                at = page_scale(page, scale)
                f = render_scale(w, h, at)
                if f < at * 0.999:
                    doc.notes.append(f"第{i + 1}页幅面过大（{w:.0f}×{h:.0f} 点），按较低分辨率识别 (page scaled down)")
                img = page.render(scale=f).to_pil()
                page.close()
                out[i] = ocr_layout(img, i + 1, f)
            except InputError:
                raise
            except Exception as e:  # one page failing does not stop the others
                doc.notes.append(f"第{i + 1}页文字识别失败 ({type(e).__name__})")
    finally:
        pdf.close()
    return out


def ingest_image(data: bytes, source: Source) -> Document:
    """Read a scan (PNG, JPEG, TIFF, …; every frame of a multi-page TIFF up to
    :data:`MAX_OCR_PAGES`), one frame at a time: no frame past :data:`MAX_PIXELS`, each narrowed
    to :data:`MAX_WIDTH` before it is made RGB (thirty frames of 81 M pixels took 3.9 GB at once)."""
    import warnings

    from PIL import Image, ImageSequence

    doc = Document(source=source)
    frames = 0
    try:
        with warnings.catch_warnings():
            # the pixel count is checked here, frame by frame, against a bound of its own
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            im = Image.open(io.BytesIO(data))
            dpi = _dpi(im.info)
            for k, fr in enumerate(ImageSequence.Iterator(im)):
                if k >= MAX_OCR_PAGES:
                    doc.notes.append(f"图像共有多于 {MAX_OCR_PAGES} 页，只识别了前 {MAX_OCR_PAGES} 页")
                    break
                if fr.width * fr.height > MAX_PIXELS:
                    raise InputError(f"图像过大：{fr.width}×{fr.height} 像素 (image too large)", path=source.path)
                page, px_per_pt = _frame(fr, dpi)
                frames += 1
                doc.lines.extend(page_lines(ocr_layout(page, k + 1, px_per_pt)))
                del page
    except InputError:
        raise
    except Image.DecompressionBombError as e:
        raise InputError("图像过大，无法识别 (image too large)", path=source.path) from e
    except Exception as e:
        if not frames:
            raise InputError(f"图像文件损坏，无法读取 ({type(e).__name__}) (corrupt image)", path=source.path) from e
        doc.notes.append(f"图像第{frames + 1}页起无法读取 ({type(e).__name__})")
    source.pages = frames
    if not doc.lines:
        raise InputError("图像中没有识别出文字 (no text found in the image)", path=source.path)
    return doc


def _dpi(info: dict[str, Any]) -> float:
    try:
        dpi = float(info.get("dpi", (DEFAULT_DPI, DEFAULT_DPI))[0])
    except (TypeError, ValueError, IndexError):
        return DEFAULT_DPI
    return dpi if 1.0 <= dpi <= 10000.0 else DEFAULT_DPI


def _frame(fr: Any, dpi: float) -> tuple[Any, float]:
    """One frame as an RGB image no wider than :data:`MAX_WIDTH`, and its pixels per point."""
    fr.load()
    px_per_pt = dpi / 72.0
    if fr.width > MAX_WIDTH:
        f = MAX_WIDTH / fr.width
        if fr.mode not in ("RGB", "L"):
            fr = fr.convert("L" if fr.mode in ("1", "I;16", "I", "F") else "RGB")  # one byte a pixel where it can
        fr = fr.resize((MAX_WIDTH, max(1, int(fr.height * f))))
        px_per_pt *= f
    return fr.convert("RGB"), px_per_pt
