"""Draw the boxes read on a page: every value's box with its key, over the rendered page.

For a PDF the page is rendered with pypdfium2; for an image, the image itself
is drawn on (after the same deskew the reader applied). Boxes are in points;
they are scaled to the picture's pixels.
"""

from __future__ import annotations

from pathlib import Path

from ogi.errors import InputError
from ogi.model import Report

SCALE = 2.0  # pixels per point for a rendered PDF page
COLOURS = {"t2": (0, 120, 255), "t3": (220, 30, 30), "t4": (0, 160, 60)}


def page_image(path: Path, page: int, report: Report) -> tuple[object, float]:
    """The page as a PIL image, and its pixels per point."""
    from PIL import Image

    data = path.read_bytes()
    if report.source.format == "pdf":
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(data)
        try:
            if not 1 <= page <= len(pdf):
                raise InputError(f"没有第 {page} 页 (no page {page}; the PDF has {len(pdf)})", path=str(path))
            return pdf[page - 1].render(scale=SCALE).to_pil().convert("RGB"), SCALE
        finally:
            pdf.close()
    if report.source.format == "image":
        import io

        from PIL import ImageSequence

        from ogi.ingest.ocr import DEFAULT_DPI, MAX_WIDTH, deskew

        im = Image.open(io.BytesIO(data))
        frames = list(ImageSequence.Iterator(im))
        if not 1 <= page <= len(frames):
            raise InputError(f"没有第 {page} 页 (no page {page})", path=str(path))
        fr = frames[page - 1].convert("RGB")
        px_per_pt = float(im.info.get("dpi", (DEFAULT_DPI, DEFAULT_DPI))[0] or DEFAULT_DPI) / 72.0
        if fr.width > MAX_WIDTH:
            f = MAX_WIDTH / fr.width
            fr = fr.resize((int(fr.width * f), int(fr.height * f)))
            px_per_pt *= f
        fr, _ = deskew(fr)
        return fr, px_per_pt
    raise InputError("只有 PDF 和图像可以绘制识别框 (debug images are for PDF and image inputs)", path=str(path))


def _font(size: int) -> object:
    from PIL import ImageFont

    for name in ("NotoSansCJK-Regular.ttc", "NotoSerifCJK-Regular.ttc", "DejaVuSans.ttf"):
        for d in ("/usr/share/fonts/opentype/noto", "/usr/share/fonts/truetype/dejavu"):
            p = Path(d) / name
            if p.exists():
                return ImageFont.truetype(str(p), size)
    return ImageFont.load_default()


def draw_boxes(path: Path, page: int, report: Report, out: Path) -> int:
    """Draw every value of ``report`` read on ``page`` over the page; returns how many were drawn."""
    from PIL import ImageDraw

    img, f = page_image(path, page, report)
    draw = ImageDraw.Draw(img)  # type: ignore[arg-type]
    font = _font(max(10, int(5 * f)))
    n = 0
    for key, w in {**report.provenance}.items():
        if w.page != page or w.bbox is None:
            continue
        x0, top, x1, bottom = (v * f for v in w.bbox)
        colour = COLOURS.get(key.split(".", 1)[0], (200, 0, 200))
        draw.rectangle((x0 - 1, top - 1, x1 + 1, bottom + 1), outline=colour, width=2)
        label = key.split(".", 1)[1]
        draw.text((x0, bottom + 1), label, fill=colour, font=font)
        n += 1
    out.parent.mkdir(parents=True, exist_ok=True)
    img.save(out)  # type: ignore[attr-defined]
    return n
