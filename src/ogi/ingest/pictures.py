"""Pictures in a document's text: a table printed as a picture, read by OCR.

Word files, web pages and PDF pages with a text layer often print a statistical table as a picture (a
screenshot or scan of it pasted in). Each reader notes the pictures it meets, where they stand among the
lines (:class:`ogi.model.Picture`), and reads none of them by itself: OCR costs seconds a picture, and most
pictures are no table (a seal, a photograph, a chart). ``ogi.pipeline.read`` asks for those standing where a
table was not found (``wanted``, by number); :func:`place` reads them and puts their lines in place. A
picture that cannot be read (no OCR installed, a web page's picture not saved beside it, a broken file) is
said in ``Document.notes`` (input.partial); a table not found where such a picture stands is doubt, not
cells.missing (``ogi.extract.tables``, ``Doubt.PICTURE``).
"""

from __future__ import annotations

import importlib.util
import io
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ogi.model import Document, Line, Picture, Where

if TYPE_CHECKING:
    from ogi.ingest.layout import PageLayout

# Pictures read by OCR in one document at most (a report prints three tables; some cut them into pages)
MAX_PICTURES = 12
# A picture smaller than this (pixels) is no table: an icon, a bullet, a line of a heading set as a picture
MIN_WIDTH, MIN_HEIGHT = 200, 60
# Words with a figure a picture's text holds at least to be a table's (table 4 prints one row of fifteen),
# not a seal's or a photograph's
MIN_FIGURES = 5
# A picture is read set on a page this wide (A4's, points) with this margin: the text detector reads a
# picture narrower than a page, alone, worse
_PAGE_WIDTH_PT = 595.0
_MARGIN_PT = 36.0
# A picture's bytes read at most (a web page's picture file beside it)
MAX_PICTURE_BYTES = 16 * 1024 * 1024


@dataclass(slots=True)
class Found:
    """A picture a reader met: before which of its lines it stands (``at``), what the source calls it, and
    its bytes (None: not at hand — a web page's picture not saved beside it); or ``lines``, how its lines
    are read (a PDF page's region: :func:`page_region_lines`)."""

    at: int
    name: str
    data: bytes | None
    lines: Callable[[], list[Line]] | None = None


def ocr_installed() -> bool:
    """Whether the OCR extra (rapidocr, Pillow, numpy) is installed."""
    return all(importlib.util.find_spec(m) is not None for m in ("rapidocr_onnxruntime", "PIL", "numpy"))


def big_enough(data: bytes) -> bool | None:
    """Whether a picture is big enough to be a table (:data:`MIN_WIDTH` × :data:`MIN_HEIGHT` pixels at
    least); None where its size cannot be read (Pillow missing, not a picture Pillow knows)."""
    if importlib.util.find_spec("PIL") is None:
        return None
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as im:
            w, h = im.size
    except Exception:  # (any picture Pillow cannot open: its reader's own errors)
        return None
    return w >= MIN_WIDTH and h >= MIN_HEIGHT


def _on_page(img: Any, px_per_pt: float) -> tuple[Any, int]:
    """A picture set on a white page (an A4 page's width at least, a margin round it), as OCR reads best (a
    picture narrower than a page, read alone, is read worse: the text detector's scale); and the margin,
    pixels."""
    from PIL import Image

    margin = int(_MARGIN_PT * px_per_pt)
    width = max(img.width + 2 * margin, int(_PAGE_WIDTH_PT * px_per_pt))
    page = Image.new("RGB", (width, img.height + 2 * margin), "white")
    page.paste(img.convert("RGB"), (margin, margin))
    return page, margin


def picture_lines(data: bytes, number: int) -> list[Line]:
    """The lines OCR reads in one picture (:func:`ogi.ingest.ocr.ocr_layout`, its rows and ruled cells as a
    scanned page's), each cell's place the picture (``Where.image`` = ``number``) and its box in the
    picture's points. Raises whatever Pillow or the OCR raise for a broken picture."""
    from PIL import Image

    from ogi.ingest.layout import page_lines
    from ogi.ingest.ocr import MAX_PIXELS, _dpi, _frame, ocr_layout

    with Image.open(io.BytesIO(data)) as im:
        if im.width * im.height > MAX_PIXELS:
            raise ValueError(f"{im.width}×{im.height} pixels")
        frame, px_per_pt = _frame(im, _dpi(im.info))
    page, margin = _on_page(frame, px_per_pt)
    lines = page_lines(ocr_layout(page, 1, px_per_pt))
    off = margin / px_per_pt
    for ln in lines:
        for c in ln.cells:
            w = c.where
            box = (w.bbox[0] - off, w.bbox[1] - off, w.bbox[2] - off, w.bbox[3] - off) if w.bbox is not None else None
            c.where = Where(bbox=box, col=w.col, image=number)
    return lines


def place(doc: Document, found: list[Found], wanted: Collection[int] | None) -> None:
    """Note each picture of ``found`` in ``doc.pictures`` (numbered from 1 in order) and read those whose
    number ``wanted`` holds by OCR (at most :data:`MAX_PICTURES`), their lines put where the picture
    stands (only a picture whose text holds :data:`MIN_FIGURES` words with a figure: a table's, not a seal's or
    a photograph's: :attr:`Picture.table`). What could not be read is said in ``doc.notes``. ``found`` in
    document order."""
    pictures = [Picture(k + 1, f.at, f.name) for k, f in enumerate(found)]
    doc.pictures = pictures
    if not wanted:
        return
    todo = [p.number for p in pictures if p.number in wanted]
    if not ocr_installed():
        doc.notes.append(f"报告中有{len(todo)}幅图片可能是统计表，未安装文字识别组件（ocr），未能识别")
        return
    if len(todo) > MAX_PICTURES:
        doc.notes.append(f"报告中有{len(todo)}幅图片待识别，只识别了前 {MAX_PICTURES} 幅")
    reading = set(todo[:MAX_PICTURES])
    shift = 0  # lines put in before the picture: its place among the lines moves on by them
    for p, f in zip(pictures, found, strict=True):
        p.at += shift
        if p.number not in reading:
            continue
        if f.data is None:
            doc.notes.append(f"图片「{f.name}」不在本地，未能识别（表格可能印为图片）")
            continue
        if f.lines is None and big_enough(f.data) is False:
            p.table = False  # an icon, a bullet
            continue
        try:
            lines = f.lines() if f.lines is not None else picture_lines(f.data, p.number)
        except Exception as e:  # one picture failing does not stop the others
            doc.notes.append(f"图片「{f.name}」无法识别 ({type(e).__name__})")
            continue
        p.table = sum(1 for ln in lines for c in ln.cells if any(ch.isdigit() for ch in c.text)) >= MIN_FIGURES
        if not p.table:
            continue  # no table's: a seal, a photograph
        doc.lines[p.at : p.at] = lines
        shift += len(lines)


def page_region_lines(data: bytes, index: int, box: tuple[float, float, float, float], scale: float) -> list[Line]:
    """The lines OCR reads in a region of a PDF's page (0-based ``index``; ``box``: x0, top, x1, bottom in
    points — a picture on a page with a text layer), rendered at ``scale`` pixels a point; each cell's
    place the page and its box in the page's points. Raises whatever pypdfium2 or the OCR raise."""
    from ogi.ingest.layout import page_lines

    return page_lines(page_region_layout(data, index, box, scale))


def page_region_layout(data: bytes, index: int, box: tuple[float, float, float, float], scale: float) -> PageLayout:
    """What OCR reads in a region of a PDF's page (:func:`page_region_lines`): its words and rulings, in the page's
    points. Raises whatever pypdfium2 or the OCR raise."""
    import pypdfium2 as pdfium

    from ogi.ingest.layout import HRule, PageLayout, Ruling, Word
    from ogi.ingest.ocr import ocr_layout

    pdf = pdfium.PdfDocument(data)
    try:
        page = pdf[index]
        w, h = page.get_size()
        x0, top, x1, bottom = box
        crop = (max(0.0, x0), max(0.0, h - bottom), max(0.0, w - x1), max(0.0, top))  # left, bottom, right, top
        img = page.render(scale=scale, crop=crop).to_pil()
        page.close()
    finally:
        pdf.close()
    img, margin = _on_page(img, scale)
    lay = ocr_layout(img, index + 1, scale)
    dx, dy = max(0.0, x0) - margin / scale, max(0.0, top) - margin / scale
    return PageLayout(
        lay.page,
        [Word(t.text, t.x0 + dx, t.top + dy, t.x1 + dx, t.bottom + dy, t.confidence) for t in lay.words],
        [Ruling(r.x + dx, r.top + dy, r.bottom + dy) for r in lay.rulings],
        [HRule(r.y + dy, r.x0 + dx, r.x1 + dx) for r in lay.hrules],
        y_tolerance=lay.y_tolerance,
        by_center=lay.by_center,
    )


def is_data_uri(src: str) -> bool:
    return src[:5].lower() == "data:"


def data_uri_bytes(src: str) -> bytes | None:
    """The bytes of a ``data:`` URI's picture (base64 or percent-encoded); None where it holds none."""
    import base64
    import binascii
    from urllib.parse import unquote_to_bytes

    head, sep, body = src.partition(",")
    if not sep or not head[5:].lower().startswith("image/"):
        return None
    try:
        if head.lower().endswith(";base64"):
            return base64.b64decode("".join(body.split()), validate=False)
        return unquote_to_bytes(body)
    except (binascii.Error, ValueError):
        return None
