"""PDF → the common document, from the text layer or, page by page, by OCR.

Words come from pdfplumber's text layer with the tolerances of its
``extract_text`` (so lines read exactly as the text the extractor is tested
on), split where a vertical ruling of a table passes between characters, and
laid out into lines by :mod:`ogi.ingest.layout`: every word of a table row is
its own cell with its page and box.

A page without a usable text layer — image only, or glyphs that decode to
garbage (a broken font encoding) — is rendered and read by OCR
(:mod:`ogi.ingest.ocr`) when the ``ocr`` extra is installed.

Bounded: at most :data:`MAX_TEXT_PAGES` pages are read from the text layer and
:data:`MAX_OCR_PAGES` by OCR; pages left out are named in ``doc.notes`` (an
``input.partial`` finding).
"""

from __future__ import annotations

import bisect
import io
import math
import os
import re
import zlib
from collections.abc import Collection
from dataclasses import replace
from functools import cache, partial
from typing import Any

from ogi.errors import InputError
from ogi.ingest.layout import HRule, PageLayout, Ruling, Word, page_lines, split_at_rulings
from ogi.ingest.pictures import Found, page_region_layout, page_region_lines, place
from ogi.model import Document, Line, Source

MAX_TEXT_PAGES = int(os.environ.get("OGI_PDF_MAX_PAGES", 100))
MAX_OCR_PAGES = int(os.environ.get("OGI_OCR_MAX_PAGES", 30))
# A text layer is usable when at least this share of its characters reads as
# Chinese, ASCII or common punctuation.
MIN_GOOD_SHARE = 0.8
MIN_CHARS = 10
OCR_SCALE = 2.0  # render at 144 dpi for OCR
_CID = re.compile(r"\(cid:\d+\)")
_RULING_MIN = 4.0  # points: shorter vertical edges are not rulings


def _overprinted(chars: list[dict[str, Any]]) -> bool:
    """Whether some character of a page is drawn twice where it stands (the same character within a point: a
    bold faked by drawing the text again a little aside, a page printed over itself), which a text layer gives
    twice (凤凤台台县县)."""
    seen: set[tuple[str, int, int]] = set()
    for c in chars:
        key = (c["text"], round(c["x0"]), round(c["top"]))
        if key in seen and not c["text"].isspace():
            return True
        seen.add(key)
    return False


# letters or Chinese characters a page's text layer must hold for :func:`reads_as_chinese` to judge it, and the
# share of its Chinese characters that must be ones the template's words are written with (a report's page:
# most; a text layer whose characters' codes are shifted — 政府 given as 敀庝 — a few in a hundred)
_JUDGED_MIN = 40
_TEMPLATE_CHARS_MIN = 0.2


@cache
def _template_chars() -> frozenset[str]:
    """The Chinese characters the template's words are written with (its sections' titles, tables' headings, rows'
    and columns' labels, both formats): a report's own characters."""
    from ogi.template import spec, templates

    words = [s.title for s in spec().sections]
    for tpl in templates():
        for t in tpl.tables:
            words += [t.heading, *(r.label for r in t.rows), *(c.label for c in t.columns)]
            words += [c.group or "" for c in t.columns]
    return frozenset(ch for w in words for ch in w if "\u4e00" <= ch <= "\u9fff")


def reads_as_chinese(text: str) -> bool:
    """Whether a page's text layer reads as a Chinese report's page: not mostly Latin letters where Chinese should
    be (an OCR layer of the wrong language: pinyin-like junk), its Chinese characters largely the template's own
    (not characters whose codes a font's map shifted). A page of too few letters (:data:`_JUDGED_MIN`: a table of
    numbers) is not judged: True."""
    han = [ch for ch in text if "\u4e00" <= ch <= "\u9fff"]
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    if len(han) + latin < _JUDGED_MIN:
        return True
    if len(han) < latin and len(han) < _JUDGED_MIN:
        return False  # (letters where characters should be)
    if len(han) < _JUDGED_MIN:
        return True
    own = _template_chars()
    return sum(1 for ch in han if ch in own) >= _TEMPLATE_CHARS_MIN * len(han)


def good_share(text: str) -> float:
    """Share of the characters of ``text`` that read as Chinese, ASCII or common punctuation."""
    text = _CID.sub("\ufffd", text)
    chars = [c for c in text if not c.isspace()]
    if not chars:
        return 0.0
    good = 0
    for c in chars:
        o = ord(c)
        if (
            0x21 <= o <= 0x7E
            or 0x4E00 <= o <= 0x9FFF
            or 0x3400 <= o <= 0x4DBF
            or 0x3000 <= o <= 0x303F
            or 0xFF00 <= o <= 0xFFEF
            or 0x2010 <= o <= 0x2027
            or o in (0xB7, 0xD7, 0x2116, 0x2103, 0x25CB, 0x25CF)
        ):
            good += 1
    return good / len(chars)


# Bounds on what the streams of a PDF may inflate to, checked before any reader inflates one (a
# stream deflated twice inflates 10 KB to 4 GB): each stream, and all of them. Images are left to
# the renderer, which decodes no more than their size in pixels.
MAX_STREAM = 64 * 1024 * 1024
MAX_INFLATED = 256 * 1024 * 1024
MAX_LAYERS = 8  # FlateDecode filters applied one after the other to one stream
_STREAM = re.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")
_FLATE = re.compile(rb"/(?:FlateDecode|Fl)\b")
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")
_ALL_FLATE = re.compile(rb"/Filter\s*(?:/(?:FlateDecode|Fl)\b|\[(?:\s*/(?:FlateDecode|Fl)\b)+\s*\])")


def _inflated(data: bytes, start: int, layers: int, cap: int) -> int:
    """Bytes the stream at ``start``, deflated ``layers`` times, inflates to; no more than ``cap``
    + 1 are made (in pieces of a megabyte at most, each dropped once counted). A stream that does
    not inflate (damaged, encrypted) counts what it gave."""
    stages = [zlib.decompressobj() for _ in range(layers)]
    total = 0
    pos = start

    def feed(k: int, chunk: bytes) -> bool:
        """Push ``chunk`` through stage ``k`` and on; False once past the cap."""
        nonlocal total
        d = stages[k]
        while chunk and not d.eof:
            out = d.decompress(chunk, 1 << 20)
            chunk = d.unconsumed_tail
            if k + 1 < len(stages):
                if not feed(k + 1, out):
                    return False
            else:
                total += len(out)
                if total > cap:
                    return False
            if not out and not chunk:
                break
        return True

    try:
        while pos < len(data) and not stages[0].eof:
            if not feed(0, data[pos : pos + (1 << 16)]):
                break
            pos += 1 << 16
    except zlib.error:
        pass
    return total


def check_inflation(data: bytes, path: str | None) -> None:
    """Refuse a PDF whose streams (images aside) inflate past :data:`MAX_STREAM` each or
    :data:`MAX_INFLATED` in all: a compression bomb, which the PDF readers would inflate whole
    into memory. Streams whose filters are all ``FlateDecode`` are checked (the others are left
    to the readers' own bounds and the reading's memory limit)."""
    total = 0
    for n, m in enumerate(_STREAM.finditer(data), 1):
        head = data[max(0, m.start() - 2048) : m.start()]
        head = head[head.rfind(b"obj") + 1 :]  # the stream's dictionary, after its "N 0 obj"
        if _IMAGE.search(head) or not _ALL_FLATE.search(head):
            continue
        layers = len(_FLATE.findall(head))
        if layers > MAX_LAYERS:
            raise _bomb(f"第 {n} 个数据流压缩了 {layers} 层", path)
        got = _inflated(data, m.end(), layers, min(MAX_STREAM, MAX_INFLATED - total))
        total += got
        if got > MAX_STREAM:
            raise _bomb(f"第 {n} 个数据流解压后超过 {MAX_STREAM} 字节", path)
        if total > MAX_INFLATED:
            raise _bomb(f"数据流解压后共超过 {MAX_INFLATED} 字节", path)


def _bomb(what: str, path: str | None) -> InputError:
    return InputError(f"PDF 疑为压缩炸弹：{what}，已拒绝读取 (PDF stream inflates past the limit)", path=path)


def _is_encrypted(data: bytes) -> bool:
    return b"/Encrypt" in data[-65536:] or b"/Encrypt" in data[:65536]


def _open(data: bytes, path: str | None) -> Any:
    import pdfplumber

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        _ = pdf.pages  # parses the page tree
    except Exception as e:
        if _is_encrypted(data) or "password" in type(e).__name__.lower() or "encrypt" in str(e).lower():
            raise InputError("PDF 已加密，无法读取 (encrypted PDF)", path=path) from e
        raise InputError(f"PDF 文件损坏，无法读取 ({type(e).__name__}) (corrupt PDF)", path=path) from e
    return pdf


def _rulings(page: Any) -> list[Ruling]:
    """The page's vertical ruling lines (a table's), but a frame's round the whole page (:data:`_FRAME_SHARE` of
    its height or more: a border a report is printed in, no table's: its rows ran across the page)."""
    out = []
    sides = _frame_sides(page)
    for e in page.edges:
        if e.get("orientation") == "v" and e["bottom"] - e["top"] >= _RULING_MIN and float(e["x0"]) not in sides:
            out.append(Ruling(float(e["x0"]), float(e["top"]), float(e["bottom"])))
    return out


def _frame_sides(page: Any) -> set[float]:
    """The places (x) of the sides of a border round the page: vertical lines over :data:`_FRAME_SHARE` of its
    height standing within :data:`_FRAME_EDGE` of its width from its left edge and from its right edge, both (a
    table, however long, stands within the text's margins: one side of a wide one may come near an edge)."""
    w, tall = float(page.width), _FRAME_SHARE * float(page.height)
    xs = [float(e["x0"]) for e in page.edges if e.get("orientation") == "v" and e["bottom"] - e["top"] >= tall]
    left = {x for x in xs if x <= _FRAME_EDGE * w}
    right = {x for x in xs if x >= (1 - _FRAME_EDGE) * w}
    return left | right if left and right else set()


def _hrules(page: Any) -> list[HRule]:
    """The page's horizontal lines, but a frame's round the whole page (from one of its sides to the other: the
    vertical lines over :data:`_FRAME_SHARE` of the page's height). A table as wide as the page's text keeps its
    lines."""
    sides = _frame_sides(page)

    def framing(x0: float, x1: float) -> bool:
        return any(abs(x0 - a) <= 2 for a in sides) and any(abs(x1 - b) <= 2 for b in sides)

    return [
        HRule(float(e["top"]), float(e["x0"]), float(e["x1"]))
        for e in page.edges
        if e.get("orientation") == "h" and e["x1"] - e["x0"] >= _RULING_MIN and not framing(e["x0"], e["x1"])
    ]


# the share of a page's height a vertical line runs over that makes it a side of a border round the page
_FRAME_SHARE = 0.9
_FRAME_EDGE = 0.06  # the share of a page's width from its edge a border's side stands within


def text_words(page: Any, rulings: list[Ruling]) -> list[Word]:
    """Words of a page's text layer, split at vertical rulings."""
    out: list[Word] = []
    for w in page.extract_words(return_chars=True):
        chars = [(c["text"], float(c["x0"]), float(c["x1"])) for c in w["chars"]]
        top, bottom = float(w["top"]), float(w["bottom"])
        for part in split_at_rulings(chars, top, bottom, rulings):
            out.append(Word("".join(c[0] for c in part), part[0][1], top, part[-1][2], bottom))
    return out


def _lightness(color: Any) -> float:
    """How pale a fill colour is (pdfplumber's: grey, RGB or CMYK components 0..1): 0 black, 1 white."""
    if not isinstance(color, (tuple, list)) or not color or not all(isinstance(v, (int, float)) for v in color):
        return 0.0
    if len(color) == 4:  # CMYK: pale where little ink
        return 1.0 - max(color)
    return float(min(color))


def _watermark(chars: list[dict[str, Any]]) -> set[int]:
    """Indices of the characters of a watermark: set at a slant (neither level nor upright: 35°, as
    stamps are, whatever their colour), or pale — very pale at any size (a site's name and telephone
    tiled under the text in 9-point #D9D9D9), pale and far larger than the page's text (迎江区政府信息公开
    across a table in 28-point light grey over 8-point black) — or of a seal drawn as text (:func:`_seal`)."""
    sizes = sorted(float(c.get("size") or 0) for c in chars)
    body = sizes[len(sizes) // 2] if sizes else 0.0
    out = set()
    for i, c in enumerate(chars):
        m = c.get("matrix") or (1, 0, 0, 1)
        if abs(m[1]) > 0.01 or abs(m[2]) > 0.01:  # turned: a slant, not a quarter turn (vertical text)
            angle = math.degrees(math.atan2(m[1], m[0])) % 90
            if 5 < angle < 85:
                out.add(i)
                continue
        pale = _lightness(c.get("non_stroking_color"))
        if pale >= 0.8 or (pale >= 0.7 and float(c.get("size") or 0) >= 1.8 * body):
            out.add(i)
    return out | _seal(chars)


# where a line through characters stands in their box (from its top, a share of its height): a strikethrough's, not
# an underline's (under them) nor a ruling's (between rows); and how far past the characters it may run (points)
_STRIKE_BAND = (0.3, 0.85)
_STRIKE_SLACK = 2.5


def _struck(page: Any, chars: list[dict[str, Any]]) -> set[int]:
    """Indices of the characters struck through — a value corrected in place, its old figure struck beside the new
    one (a tracked change's deletion exported with its markup, a hand's strikethrough): no text of the page as it
    now reads (trial 99: 1520 struck before 2881 was read 15202881). A strike is a level line (or a rect a point
    high) through the characters' middles, no longer than they are (within :data:`_STRIKE_SLACK`): a ruling runs
    between rows and past the text."""
    level = [
        (float(o["x0"]), float(o["x1"]), (float(o["top"]) + float(o["bottom"])) / 2)
        for o in (*page.lines, *page.rects)
        if float(o["bottom"]) - float(o["top"]) <= 1.5 and float(o["x1"]) - float(o["x0"]) >= 3
    ]
    if not level:
        return set()
    lo, hi = _STRIKE_BAND
    order = sorted(range(len(chars)), key=lambda i: float(chars[i]["top"]))
    tops = [float(chars[i]["top"]) for i in order]
    tallest = max((float(c["bottom"]) - float(c["top"]) for c in chars), default=0.0)
    out: set[int] = set()
    for x0, x1, y in level:
        hit = []
        for i in order[bisect.bisect_left(tops, y - tallest) : bisect.bisect_right(tops, y)]:  # (lines crossing y)
            c = chars[i]
            top, h = float(c["top"]), float(c["bottom"]) - float(c["top"])
            if (
                x0 - _STRIKE_SLACK <= float(c["x0"])
                and float(c["x1"]) <= x1 + _STRIKE_SLACK
                and top + lo * h <= y <= top + hi * h
            ):
                hit.append(i)
        if (
            hit
            and min(float(chars[i]["x0"]) for i in hit) <= x0 + _STRIKE_SLACK
            and max(float(chars[i]["x1"]) for i in hit) >= x1 - _STRIKE_SLACK
        ):
            out.update(hit)  # (the line as long as the characters it crosses: theirs)
    return out


def _red(color: Any) -> bool:
    """Whether a fill colour (pdfplumber's: grey, RGB or CMYK components 0..1) is a seal's red."""
    if not isinstance(color, (tuple, list)) or not all(isinstance(v, (int, float)) for v in color):
        return False
    if len(color) == 3:
        return color[0] >= 0.6 and color[1] <= 0.45 and color[2] <= 0.45
    if len(color) == 4:
        return color[0] <= 0.3 and color[1] >= 0.6 and color[2] >= 0.5 and color[3] <= 0.4
    return False


def _seal(chars: list[dict[str, Any]]) -> set[int]:
    """Indices of the characters of a seal drawn as text (公章: the organ's name red on an arc, a ★, its
    code): red characters within the box of the red ones set turned — three or more, at angles other than
    level (a seal's arc turns each character its own way; the ones at its top stand level, inside the box).
    Laid over a table, they are no text of it (桐2: a seal's character joined to the digit it covers)."""
    red = [i for i, c in enumerate(chars) if _red(c.get("non_stroking_color"))]
    if len(red) < 3:
        return set()
    turned = []
    for i in red:
        m = chars[i].get("matrix") or (1, 0, 0, 1)
        if abs(m[1]) > 0.01 or abs(m[2]) > 0.01:
            turned.append(i)
    if len(turned) < 3:
        return set()
    pad = max(float(chars[i].get("size") or 0) for i in turned)
    x0 = min(float(chars[i]["x0"]) for i in turned) - pad
    x1 = max(float(chars[i]["x1"]) for i in turned) + pad
    top = min(float(chars[i]["top"]) for i in turned) - pad
    bottom = max(float(chars[i]["bottom"]) for i in turned) + pad
    return {
        i
        for i in red
        if x0 <= float(chars[i]["x0"])
        and float(chars[i]["x1"]) <= x1
        and top <= float(chars[i]["top"])
        and float(chars[i]["bottom"]) <= bottom
    }


def text_layout(page: Any, number: int) -> PageLayout | None:
    """The page read from its text layer, or None when the layer is missing or garbage. A
    watermark's characters (:func:`_watermark`) are no text of the page."""
    chars = page.chars
    if len(chars) < MIN_CHARS:
        return None
    text = "".join(c["text"] for c in chars)
    if good_share(text) < MIN_GOOD_SHARE or not reads_as_chinese(text):
        return None
    if _overprinted(chars):  # each character drawn twice (a bold faked so, a page printed over itself): once
        page = page.dedupe_chars(tolerance=1, extra_attrs=("fontname",))  # (its size a hair apart: not compared)
        chars = page.chars
    mark = _watermark(chars) | _struck(page, chars)
    if mark:
        marked = {id(c) for i, c in enumerate(chars) if i in mark}
        page = page.filter(lambda o: id(o) not in marked)
    turned = _turned(page)
    if turned is not None:  # (a block set a quarter turn: read apart, in its own frame)
        ids = {id(c) for c in turned[1]}
        page = page.filter(lambda o: id(o) not in ids)
    rulings = _rulings(page)
    lay = PageLayout(number, text_words(page, rulings), rulings, _hrules(page), height=float(page.height))
    if turned is not None:
        lay.turned = _turned_layout(page, number, *turned)
        lay.turn = (turned[0], float(page.width), float(page.height))
    return lay


# characters set a quarter turn, this many at least, make a block of the page read in its own frame (a wide
# table turned on a portrait page: a Word table's text direction, a page's CSS rotate)
_TURNED_MIN = 20


def _turned(page: Any) -> tuple[str, list[dict[str, Any]]] | None:
    """The page's characters set a quarter turn — "left" (counter-clockwise: its lines read upward, the
    matrix (0, 1, -1, 0)) or "right" (clockwise: read downward) —, the more of the two, where there are
    :data:`_TURNED_MIN` at least; None on most pages."""
    left: list[dict[str, Any]] = []
    right: list[dict[str, Any]] = []
    for c in page.chars:
        if c.get("upright", True):
            continue
        m = c.get("matrix") or (1, 0, 0, 1)
        if abs(m[0]) < 0.01 and abs(m[3]) < 0.01:
            (left if m[1] > 0 else right).append(c)
    side, chars = ("left", left) if len(left) >= len(right) else ("right", right)
    return (side, chars) if len(chars) >= _TURNED_MIN else None


def _turn_box(side: str, w: float, h: float, x0: float, top: float, x1: float, bottom: float) -> tuple[float, ...]:
    """A box of the page (x0, top, x1, bottom) in the frame of a block turned to ``side`` (its lines level)."""
    if side == "left":
        return h - bottom, x0, h - top, x1
    return top, w - x1, bottom, w - x0


def turned_back(side: str, w: float, h: float, box: tuple[float, float, float, float]) -> tuple[float, ...]:
    """A box of a turned block's frame (:func:`_turn_box`) back on its page (points, x0, top, x1, bottom)."""
    x0, top, x1, bottom = box
    if side == "left":
        return top, h - x1, bottom, h - x0
    return w - bottom, x0, w - top, x1


def _turned_layout(page: Any, number: int, side: str, chars: list[dict[str, Any]]) -> PageLayout:
    """The block of ``chars`` set a quarter turn to ``side``, read upright in its own frame: its words, and the
    page's lines across its box as its rulings (a horizontal line of the page is a vertical one of the block)."""
    from pdfplumber.utils import extract_words

    w, h = float(page.width), float(page.height)
    level = []
    for c in chars:
        x0, top, x1, bottom = _turn_box(side, w, h, float(c["x0"]), float(c["top"]), float(c["x1"]), float(c["bottom"]))
        level.append({**c, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top, "upright": True})
    x0s = [float(c["x0"]) for c in chars]
    tops = [float(c["top"]) for c in chars]
    box = (
        min(x0s) - 6,
        min(tops) - 6,
        max(float(c["x1"]) for c in chars) + 6,
        max(float(c["bottom"]) for c in chars) + 6,
    )
    rulings: list[Ruling] = []
    hrules: list[HRule] = []
    for e in page.edges:
        ex0, etop, ex1, ebottom = float(e["x0"]), float(e["top"]), float(e["x1"]), float(e["bottom"])
        if ex1 < box[0] or ex0 > box[2] or ebottom < box[1] or etop > box[3]:
            continue
        a0, atop, a1, abottom = _turn_box(side, w, h, ex0, etop, ex1, ebottom)
        if e.get("orientation") == "h" and ex1 - ex0 >= _RULING_MIN:  # (across the page: down the block)
            rulings.append(Ruling((a0 + a1) / 2, atop, abottom))
        elif e.get("orientation") == "v" and ebottom - etop >= _RULING_MIN:
            hrules.append(HRule((atop + abottom) / 2, a0, a1))
    words: list[Word] = []
    for wd in extract_words(level, return_chars=True):
        cs = [(c["text"], float(c["x0"]), float(c["x1"])) for c in wd["chars"]]
        top, bottom = float(wd["top"]), float(wd["bottom"])
        for part in split_at_rulings(cs, top, bottom, rulings):
            words.append(Word("".join(c[0] for c in part), part[0][1], top, part[-1][2], bottom))
    return PageLayout(number, words, rulings, hrules, height=w)


# A picture on a page with a text layer that may be a table printed as one: this share of the page's width at
# least, this many points high, and no text of the layer over it (a scanned page's own picture under its OCR
# text is that text)
_PICTURE_WIDTH = 0.3
_PICTURE_HEIGHT = 40.0
_PICTURE_SCALE_MAX = 4.0  # pixels a point a picture is rendered at most (288 dpi)


def _pictures_on(page: Any) -> list[tuple[tuple[float, float, float, float], float]]:
    """The boxes (x0, top, x1, bottom, points) of the pictures on a page read from its text layer that may
    be a table printed as a picture (:data:`_PICTURE_WIDTH`, :data:`_PICTURE_HEIGHT`), top first, each with
    the scale (pixels a point) that renders it at its own resolution (:data:`OCR_SCALE` to
    :data:`_PICTURE_SCALE_MAX`)."""
    width = float(page.width)
    out = []
    for im in page.images:
        x0, top, x1, bottom = (float(im[k]) for k in ("x0", "top", "x1", "bottom"))
        if x1 - x0 < width * _PICTURE_WIDTH or bottom - top < _PICTURE_HEIGHT:
            continue
        chars = page.chars
        over = [(c["top"], c["bottom"]) for c in chars if x0 <= c["x0"] and c["x1"] <= x1 and top <= c["top"] <= bottom]
        src = im.get("srcsize") or (0, 0)
        own = float(src[0]) / (x1 - x0) if src and src[0] else OCR_SCALE
        scale = min(max(own, OCR_SCALE), _PICTURE_SCALE_MAX)
        if len(over) < 5:
            out.append(((x0, top, x1, bottom), scale))
            continue
        # a page's scan under a text layer that holds only some of it (the OCR that made the layer left its
        # tables out): the bands of the picture no text stands on, each a picture of its own
        reach = top
        for a, b in sorted(over):
            if a - reach >= _BAND_HEIGHT:
                out.append(((x0, reach, x1, a), scale))
            reach = max(reach, b)
        if bottom - reach >= _BAND_HEIGHT:
            out.append(((x0, reach, x1, bottom), scale))
    return sorted(out, key=lambda b: b[0][1])


Band = tuple[tuple[float, float, float, float], float]  # a box of a page (x0, top, x1, bottom: points), its scale


Glyph = tuple[float, float, float, float]  # a shape of text drawn as outlines: (top, bottom, x0, x1), points


def _drawn_on(page: Any) -> tuple[list[Band], list[Band], list[Glyph]]:
    """Where a page read from its text layer holds text drawn as shapes, not set as characters (its glyphs turned
    into outlines, 转曲: a table's values or whole tables so, the page's prose text) — small filled curves no
    character stands on: (the bands of :data:`_DRAWN_MIN` of them or more one under the other less than
    :data:`_DRAWN_GAP` apart with no line of characters between, read as a picture is where the table of their
    section is not found: :mod:`ogi.ingest.pictures`; the bands of :data:`_DRAWN_RULED_MIN` or more whatever stands
    between, those within a table's rulings read by OCR into the page's words: :func:`_read_drawn`), each box with
    the scale to render it at for OCR; and the shapes themselves, no character standing on them."""
    glyphs = []
    for c in page.curves:
        x0, top, x1, bottom = float(c["x0"]), float(c["top"]), float(c["x1"]), float(c["bottom"])
        if not c.get("fill") or x1 - x0 > _GLYPH_MAX or bottom - top > _GLYPH_MAX or bottom - top < _GLYPH_MIN:
            continue  # (a bullet or a dot is lower than a digit)
        if _lightness(c.get("non_stroking_color")) > _GLYPH_LIGHTEST:
            continue  # (a pale watermark's letters over the tables, a cell's shading: no text of the report)
        glyphs.append((top, bottom, x0, x1))
    if not glyphs:
        return [], [], []
    taken = sorted((float(c["top"]), float(c["bottom"]), float(c["x0"]), float(c["x1"])) for c in page.chars)
    tops = [t for t, _, _, _ in taken]
    # (characters whose tops stand this far above a shape may reach it: twice a line's usual height — not the
    # page's tallest character, a watermark's or a title's, which made the window most of the page)
    heights = sorted(b - t for t, b, _, _ in taken)
    tallest = 2 * heights[len(heights) // 2] if heights else 0.0

    def free(g: tuple[float, float, float, float]) -> bool:  # (the characters on its line only: by their tops)
        lo, hi = bisect.bisect_left(tops, g[0] - tallest), bisect.bisect_right(tops, g[1])
        return not any(t <= g[1] and g[0] <= b and a <= g[3] and g[2] <= z for t, b, a, z in taken[lo:hi])

    glyphs = sorted(g for g in glyphs if free(g))

    def bands(split: bool) -> list[list[float]]:
        out: list[list[float]] = []
        for top, bottom, x0, x1 in glyphs:
            # (a line of characters between them, wholly above this shape — a heading set as text, not a row's
            # label beside its drawn values: the band ends, each table a band of its own)
            lo, hi = bisect.bisect_right(tops, out[-1][1]) if out else 0, bisect.bisect_left(tops, top)
            between = split and any(b < top for _, b, _, _ in taken[lo:hi])
            if out and top - out[-1][1] < _DRAWN_GAP and not between:
                band = out[-1]
                band[1], band[2], band[3], band[4] = (
                    max(band[1], bottom),
                    min(band[2], x0),
                    max(band[3], x1),
                    band[4] + 1,
                )
            else:
                out.append([top, bottom, x0, x1, 1])
        return out

    pad = 2.0

    def boxes(found: list[list[float]], least: int) -> list[Band]:
        return [
            ((max(x0 - pad, 0.0), max(top - pad, 0.0), x1 + pad, bottom + pad), OCR_SCALE)
            for top, bottom, x0, x1, n in found
            if n >= least
        ]

    return boxes(bands(True), _DRAWN_MIN), boxes(bands(False), _DRAWN_RULED_MIN), glyphs


def _in_rulings(box: tuple[float, float, float, float], rulings: list[Ruling]) -> bool:
    """Whether a band of a page stands within a table's vertical rulings (three or more running its whole height;
    half of it at least between the leftmost and rightmost of them: not a logo's own frame above the text)."""
    x0, top, x1, bottom = box
    xs = [r.x for r in rulings if r.top <= top + _RULED_SLACK and r.bottom >= bottom - _RULED_SLACK]
    if len(xs) < 3:
        return False
    lo, hi = min(xs), max(xs)
    return min(x1, hi) - max(x0, lo) >= (x1 - x0) / 2


def _read_drawn(data: bytes, index: int, bands: list[Band], lay: PageLayout, glyphs: list[Glyph]) -> None:
    """The words OCR reads in the bands of a page where text is drawn as shapes within a table's rulings, put
    among the page's words read from its text layer (``lay``, in place), but those standing on one of them (the
    text-layer's labels the band's picture shows too). The shapes (``glyphs``) say where each number stands: the
    OCR's words on a run of them (:func:`_glyph_runs`, cut at the table's rulings) are that number, with the run's
    box (OCR may read 54 as 5 and 4, its box a few points high: the row above's); a run no word read stands on is
    an unread word (text "", confidence 0: a value there, not read — its doubt said, never a blank read as 0)."""
    cuts = [(r.x, r.top, r.bottom) for r in lay.rulings]
    for box, scale in bands:
        try:
            got = page_region_layout(data, index, box, scale).words
        except Exception:
            continue
        x0, top, x1, bottom = box
        runs = _glyph_runs([g for g in glyphs if x0 <= g[2] and g[3] <= x1 and top <= g[0] and g[1] <= bottom], cuts)
        on: dict[int, list[Word]] = {}  # run → the OCR's words on it
        free: list[Word] = []
        for w in got:
            shares = [_shared_box((a, t, b, z), (w.x0, w.top, w.x1, w.bottom)) for t, z, a, b in runs]
            best = max(range(len(runs)), key=shares.__getitem__, default=-1)
            if best >= 0 and shares[best] > 0:
                on.setdefault(best, []).append(w)
            else:
                free.append(w)
        read = list(free)
        for k, (t, z, a, b) in enumerate(runs):
            ws = sorted(on.get(k, ()), key=lambda w: w.x0)
            text = "".join(w.text for w in ws)
            conf = min((w.confidence for w in ws if w.confidence is not None), default=0.0) if ws else 0.0
            read.append(Word(text, a, t, b, z, conf))
        have = [w for w in lay.words if w.top < bottom and w.bottom > top]
        for w in read:
            area = max((w.x1 - w.x0) * (w.bottom - w.top), 1e-6)
            if all(_shared(w, h) < 0.3 * area for h in have):
                lay.words.append(w)
    lay.words.sort(key=lambda w: (w.top, w.x0))


def _glyph_runs(glyphs: list[Glyph], cuts: list[tuple[float, float, float]]) -> list[Glyph]:
    """Shapes of text standing on one line (their middles within half a glyph's height), each within a glyph's
    height of the next and no ruling (``cuts``: x, top, bottom) between them, as one box each (top, bottom, x0,
    x1): a number's digits, one run."""
    lines: list[list[Glyph]] = []
    for g in sorted(glyphs, key=lambda g: (g[0] + g[1]) / 2):
        mid, h = (g[0] + g[1]) / 2, g[1] - g[0]
        if lines and abs(mid - (lines[-1][0][0] + lines[-1][0][1]) / 2) < max(h, lines[-1][0][1] - lines[-1][0][0]) / 2:
            lines[-1].append(g)
        else:
            lines.append([g])
    runs: list[list[float]] = []
    for line in lines:
        start = len(runs)
        for top, bottom, x0, x1 in sorted(line, key=lambda g: g[2]):
            h = bottom - top
            if len(runs) > start:
                r = runs[-1]
                if x0 - r[3] < h and not any(r[3] <= c <= x0 and t0 <= bottom and top <= b0 for c, t0, b0 in cuts):
                    r[0], r[1], r[2], r[3] = min(r[0], top), max(r[1], bottom), min(r[2], x0), max(r[3], x1)
                    continue
            runs.append([top, bottom, x0, x1])
    return [(a, b, c, d) for a, b, c, d in runs]


def _shared_box(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    """The area two boxes (x0, top, x1, bottom) share (points²)."""
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


def _shared(a: Word, b: Word) -> float:
    """The area two words' boxes share (points²)."""
    return max(0.0, min(a.x1, b.x1) - max(a.x0, b.x0)) * max(0.0, min(a.bottom, b.bottom) - max(a.top, b.top))


# shapes of text drawn as outlines a band of them must hold to be read as a picture; a glyph's size (points) at
# most and at least; the gap (points) between lines of them within one band (a table's tall row: no line of text
# between them)
_DRAWN_MIN = 20
_RULED_SLACK = 4.0  # points a band may stand past the ends of the rulings it is within (its padding)
_DRAWN_RULED_MIN = 3  # such shapes a band within a table's rulings must hold to be read (not a tick, a bullet)
_GLYPH_MAX = 24.0
_GLYPH_MIN = 4.0  # (a digit of 7-point print stands 5 points)
_GLYPH_LIGHTEST = 0.6  # the palest fill (0 black, 1 white) text drawn as shapes is printed in
_DRAWN_GAP = 36.0


# the height (points) of a band of a page's scan without text over it that may be a table printed there (three
# rows at the least)
_BAND_HEIGHT = 60.0


def _line_top(ln: Line) -> float:
    return min((c.where.bbox[1] for c in ln.cells if c.where.bbox is not None), default=0.0)


def ingest(data: bytes, source: Source, force_ocr: bool = False, pictures: Collection[int] | None = None) -> Document:
    """Read a PDF; ``force_ocr`` reads every page by OCR, ignoring the text layer; ``pictures``: the numbers
    (1-based, in order) of the pictures on pages read from their text layer to read by OCR (a table printed
    as a picture: :mod:`ogi.ingest.pictures`)."""
    doc = Document(source=source)
    check_inflation(data, source.path)
    pdf = _open(data, source.path)
    try:
        n = len(pdf.pages)
        source.pages = n
        if n == 0:
            raise InputError("PDF 没有页面 (no pages)", path=source.path)
        need_ocr: list[int] = []
        layouts: dict[int, PageLayout] = {}
        pictured: dict[int, list[tuple[tuple[float, float, float, float], float]]] = {}  # pictures on text pages
        read_pages = min(n, MAX_TEXT_PAGES)
        for i in range(read_pages):
            page = pdf.pages[i]
            try:
                lay = None if force_ocr else text_layout(page, i + 1)
                if lay is not None and page.images and (boxes := _pictures_on(page)):
                    pictured[i] = boxes
                if lay is not None and page.curves:
                    # text drawn as shapes within a table's rulings (its values so, its labels set as text): read by
                    # OCR now, into the page's words; elsewhere (a page's prose, an emblem) only where a table is
                    # not found, as a picture
                    drawn, joined, glyphs = _drawn_on(page)
                    ruled = [b for b in joined if lay.rulings and _in_rulings(b[0], lay.rulings)]
                    if ruled:
                        _read_drawn(data, i, ruled, lay, glyphs)
                    rest = [b for b in drawn if not any(_shared_box(b[0], r[0]) > 0 for r in ruled)]
                    if rest:
                        pictured[i] = sorted([*pictured.get(i, []), *rest], key=lambda b: b[0][1])
            except Exception as e:  # one broken page does not stop the others
                doc.notes.append(f"第{i + 1}页无法读取 ({type(e).__name__})")
                lay = None
                continue
            finally:
                page.close()
            if lay is None:
                need_ocr.append(i)
            else:
                layouts[i] = lay
        if n > read_pages:
            doc.notes.append(f"PDF 共 {n} 页，只读取了前 {read_pages} 页")
        if need_ocr:
            _ocr_pages(data, need_ocr, layouts, doc)
        found: list[Found] = []
        for i in sorted(layouts):
            lines = page_lines(layouts[i])
            if (turned := layouts[i].turned) is not None and layouts[i].turn is not None:
                lines += _turned_lines(turned, layouts[i].turn)  # (after the page's level text)
            for box, scale in pictured.get(i, ()):
                k = next((j for j, ln in enumerate(lines) if _line_top(ln) >= box[1]), len(lines))
                read = partial(page_region_lines, data, i, box, scale)
                found.append(Found(len(doc.lines) + k, f"第{i + 1}页的图片", b"", read))
            doc.lines.extend(lines)
        if found:
            place(doc, found, pictures)
    finally:
        pdf.close()
    if not doc.lines:
        raise InputError("PDF 中没有可读取的文字 (no readable text)", path=source.path)
    return doc


def _turned_lines(turned: PageLayout, turn: tuple[str, float, float]) -> list[Line]:
    """The lines of a page's block set a quarter turn (:attr:`PageLayout.turned`), each word's box back on the
    page (:func:`turned_back`)."""
    side, w, h = turn
    lines = page_lines(turned)
    for ln in lines:
        for c in ln.cells:
            b = c.where.bbox
            if b is not None:
                c.where = replace(c.where, bbox=turned_back(side, w, h, b))
    return lines


def _ocr_pages(data: bytes, pages: list[int], layouts: dict[int, PageLayout], doc: Document) -> None:
    import importlib.util

    if any(importlib.util.find_spec(m) is None for m in ("rapidocr_onnxruntime", "PIL", "numpy")):
        doc.notes.append(f"{len(pages)} 页没有可用的文字层，未安装文字识别组件 (ocr extra)，未能识别")
        return
    from ogi.ingest.ocr import ocr_pdf_pages

    todo = pages[:MAX_OCR_PAGES]
    if len(pages) > len(todo):
        doc.notes.append(f"{len(pages)} 页需要文字识别，只识别了前 {len(todo)} 页")
    layouts.update(ocr_pdf_pages(data, todo, OCR_SCALE, doc))
