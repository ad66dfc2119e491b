"""One page of an uploaded PDF as a PNG (pypdfium2), for showing where a value stood."""

from __future__ import annotations

import io

SCALE = 1.5  # pixels per PDF point; the page view scales boxes (given in points) by the same factor


def render_page(data: bytes, page: int) -> bytes | None:
    try:
        import pypdfium2 as pdfium
    except ImportError:
        return None
    if data.lstrip()[:5] != b"%PDF-" and b"%PDF-" not in data[:1024]:
        return None
    pdf = pdfium.PdfDocument(data)
    try:
        if not 1 <= page <= len(pdf):
            return None
        img = pdf[page - 1].render(scale=SCALE).to_pil()
        buf = io.BytesIO()
        img.save(buf, format="PNG")
        return buf.getvalue()
    finally:
        pdf.close()
