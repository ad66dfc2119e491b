"""A sample report's PDF with its text layer made as untrustworthy as published PDFs' often is (pypdfium2): each
page drawn twice a little aside (a bold faked so: its text layer gives every character twice), or text turned into
outlines (转曲: glyphs drawn as filled shapes, no characters; all of it, or only what ``keep`` does not keep), or a
scan under an invisible text layer saying other digits than the page shows (a scanner's OCR misreading them)."""

from __future__ import annotations

import ctypes
import io
from collections.abc import Callable


def overprinted(data: bytes, dx: float = 0.0, dy: float = 0.0) -> bytes:
    """Every page of the PDF ``data`` drawn over itself again, shifted by ``dx``, ``dy`` points."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument(data)
    other = pdfium.PdfDocument(data)
    for i in range(len(pdf)):
        page = pdf[i]
        xo = raw.FPDF_NewXObjectFromPage(pdf.raw, other.raw, i)
        form = raw.FPDF_NewFormObjectFromXObject(xo)
        raw.FPDFPageObj_Transform(form, 1, 0, 0, 1, dx, dy)
        page.insert_obj(pdfium.PdfObject(form, pdf=pdf))
        page.gen_content()
        raw.FPDF_CloseXObject(xo)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def outlined(data: bytes, keep: Callable[[str], bool] | None = None) -> bytes:
    """The PDF ``data`` with its text objects turned into filled outlines of their glyphs, but those whose text
    ``keep`` keeps (None: none kept)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument(data)
    for pi in range(len(pdf)):
        page = pdf[pi]
        tp = page.get_textpage()
        runs: dict[int, tuple[object, list[tuple[int, float, float]]]] = {}
        for i in range(tp.count_chars()):
            obj = raw.FPDFText_GetTextObject(tp.raw, i)
            if not obj:
                continue
            x, y = ctypes.c_double(), ctypes.c_double()
            raw.FPDFText_GetCharOrigin(tp.raw, i, x, y)
            key = ctypes.cast(obj, ctypes.c_void_p).value or 0
            runs.setdefault(key, (obj, []))[1].append((raw.FPDFText_GetUnicode(tp.raw, i), x.value, y.value))
        for obj, chars in runs.values():
            if keep is not None and keep("".join(chr(u) for u, _, _ in chars)):
                continue
            font = raw.FPDFTextObj_GetFont(obj)
            fs = ctypes.c_float()
            raw.FPDFTextObj_GetFontSize(obj, fs)
            m = raw.FS_MATRIX()
            raw.FPDFPageObj_GetMatrix(obj, m)
            size = fs.value * (m.a**2 + m.b**2) ** 0.5
            for u, ox, oy in chars:
                if chr(u).isspace() or u in (0xFFFE, 2):
                    continue
                path = _glyph(raw, font, u, size, ox, oy)
                if path is not None:
                    raw.FPDFPage_InsertObject(page.raw, path)
            raw.FPDFPage_RemoveObject(page.raw, obj)
        raw.FPDFPage_GenerateContent(page.raw)
        tp.close()
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _glyph(raw: object, font: object, u: int, size: float, ox: float, oy: float) -> object | None:
    """A filled path of the outline of character ``u`` of ``font`` at ``size``, its origin at (``ox``, ``oy``)."""
    r = raw  # (pypdfium2.raw: its functions by name)
    gp = r.FPDFFont_GetGlyphPath(font, u, ctypes.c_float(size))  # type: ignore[attr-defined]
    if not gp:
        return None
    path = r.FPDFPageObj_CreateNewPath(0, 0)  # type: ignore[attr-defined]
    curve: list[tuple[float, float]] = []
    for k in range(r.FPDFGlyphPath_CountGlyphSegments(gp)):  # type: ignore[attr-defined]
        seg = r.FPDFGlyphPath_GetGlyphPathSegment(gp, k)  # type: ignore[attr-defined]
        x, y = ctypes.c_float(), ctypes.c_float()
        r.FPDFPathSegment_GetPoint(seg, x, y)  # type: ignore[attr-defined]
        at = (ox + x.value * size, oy + y.value * size)
        kind = r.FPDFPathSegment_GetType(seg)  # type: ignore[attr-defined]
        if kind == r.FPDF_SEGMENT_MOVETO:  # type: ignore[attr-defined]
            r.FPDFPath_MoveTo(path, *at)  # type: ignore[attr-defined]
        elif kind == r.FPDF_SEGMENT_LINETO:  # type: ignore[attr-defined]
            r.FPDFPath_LineTo(path, *at)  # type: ignore[attr-defined]
        elif kind == r.FPDF_SEGMENT_BEZIERTO:  # type: ignore[attr-defined]
            curve.append(at)
            if len(curve) == 3:
                r.FPDFPath_BezierTo(path, *curve[0], *curve[1], *curve[2])  # type: ignore[attr-defined]
                curve = []
        if r.FPDFPathSegment_GetClose(seg):  # type: ignore[attr-defined]
            r.FPDFPath_Close(path)  # type: ignore[attr-defined]
    r.FPDFPageObj_SetFillColor(path, 0, 0, 0, 255)  # type: ignore[attr-defined]
    r.FPDFPath_SetDrawMode(path, r.FPDF_FILLMODE_WINDING, 0)  # type: ignore[attr-defined]
    return path


def under_picture(shown: bytes, layer: bytes, dpi: int = 150) -> bytes:
    """A scan with an invisible text layer that says what another PDF says (a scanner's OCR misreading some digits):
    each page of ``shown`` rendered at ``dpi`` as the page's picture, over the text of the same page of ``layer``
    set invisible (its other objects left out). Both laid out alike: ``layer`` a copy of ``shown`` with other
    digits in some places."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pictures = pdfium.PdfDocument(shown)
    doc = pdfium.PdfDocument(layer)
    for i in range(len(doc)):
        page = doc[i]
        picture = pictures[i].render(scale=dpi / 72).to_pil().convert("RGB")
        for o in list(page.get_objects(max_depth=1)):
            if o.type == raw.FPDF_PAGEOBJ_TEXT:
                raw.FPDFTextObj_SetTextRenderMode(o, raw.FPDF_TEXTRENDERMODE_INVISIBLE)
            else:
                page.remove_obj(o)
        over_page(doc, page, picture)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def over_page(doc: object, page: object, picture: object) -> None:
    """``picture`` (a PIL image) put over the whole of ``page`` of the pypdfium2 document ``doc`` (a scan's page
    over its text layer, which shows nothing: the order is no matter), the page's content made anew."""
    import pypdfium2 as pdfium

    width, height = page.get_size()  # type: ignore[attr-defined]
    image = pdfium.PdfImage.new(doc)
    image.set_bitmap(pdfium.PdfBitmap.from_pil(picture))
    image.set_matrix(pdfium.PdfMatrix().scale(width, height))
    page.insert_obj(image)  # type: ignore[attr-defined]
    page.gen_content()  # type: ignore[attr-defined]


def bulleted(data: bytes, size: float = 3.0, grey: int = 0) -> bytes:
    """The PDF ``data`` with a small filled disc (``size`` points across, of grey level ``grey``: 0 black) drawn
    before each number its text layer holds — a bullet, a mark a form prints beside its values; with a pale
    ``grey`` (200), a watermark's speck over them — shapes that are no text drawn as outlines."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument(data)
    for pi in range(len(pdf)):
        page = pdf[pi]
        tp = page.get_textpage()
        prev = ""
        for i in range(tp.count_chars()):
            ch = chr(raw.FPDFText_GetUnicode(tp.raw, i))
            if ch.isdigit() and not prev.isdigit():
                left, right, bottom, top = (ctypes.c_double() for _ in range(4))
                raw.FPDFText_GetCharBox(tp.raw, i, left, right, bottom, top)
                cx, cy, r = left.value - size, (bottom.value + top.value) / 2, size / 2
                k = 0.5523 * r  # (a circle of four Bézier curves)
                path = raw.FPDFPageObj_CreateNewPath(cx + r, cy)
                for (x1, y1), (x2, y2), (x3, y3) in (
                    ((cx + r, cy + k), (cx + k, cy + r), (cx, cy + r)),
                    ((cx - k, cy + r), (cx - r, cy + k), (cx - r, cy)),
                    ((cx - r, cy - k), (cx - k, cy - r), (cx, cy - r)),
                    ((cx + k, cy - r), (cx + r, cy - k), (cx + r, cy)),
                ):
                    raw.FPDFPath_BezierTo(path, x1, y1, x2, y2, x3, y3)
                raw.FPDFPath_Close(path)
                raw.FPDFPageObj_SetFillColor(path, grey, grey, grey, 255)
                raw.FPDFPath_SetDrawMode(path, raw.FPDF_FILLMODE_WINDING, 0)
                raw.FPDFPage_InsertObject(page.raw, path)
            prev = ch
        raw.FPDFPage_GenerateContent(page.raw)
        tp.close()
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def framed(data: bytes, margin: float = 22.0) -> bytes:
    """The PDF ``data`` with each page printed in a border: two rectangles round the page, ``margin`` points and
    five more inside its edges (a report's red double frame)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument(data)
    for pi in range(len(pdf)):
        page = pdf[pi]
        w, h = page.get_size()
        for m in (margin, margin + 5):
            rect = raw.FPDFPageObj_CreateNewRect(m, m, w - 2 * m, h - 2 * m)
            raw.FPDFPageObj_SetStrokeColor(rect, 200, 0, 0, 255)
            raw.FPDFPageObj_SetStrokeWidth(rect, 1.0)
            raw.FPDFPath_SetDrawMode(rect, raw.FPDF_FILLMODE_NONE, 1)
            raw.FPDFPage_InsertObject(page.raw, rect)
        raw.FPDFPage_GenerateContent(page.raw)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()
