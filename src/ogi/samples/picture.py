"""A table as a picture: what an organ pastes into its Word file or web page when it prints a statistical
table as a screenshot (:attr:`ogi.samples.generate.Layout.pictured`).

The table is drawn as the national layout prints it (its merged headings, labels and values: the rows of
:func:`ogi.samples.html.table_rows`), ruled, black on white, in a CJK font the machine has (Noto Sans or
Serif CJK, which ``scripts/system-packages.txt`` installs), at 200 pixels per inch. Needs Pillow (the
``ocr`` extra).
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

from ogi.samples.html import Cell, layout

DPI = 200
FONT_PX = 22  # about 8 points at 200 dpi: a table's type as a screenshot of it prints it
_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
)
_PAD = 8
# characters a line of each label column holds (the rows' labels' grid columns, by table: table 3's group,
# its parts, their items)
LABEL_CHARS = {"t2": (14,), "t3": (9, 7, 13), "t4": ()}
_VALUE_WIDTH = 112  # pixels of a value column: a heading of four characters a line between its rulings
_HEAD_CHARS = 4  # characters a line of a value column's heading holds


class NoFont(RuntimeError):
    """No CJK font to draw a table's picture with."""


@cache
def _font_path() -> str:
    for p in _FONTS:
        if Path(p).exists():
            return p
    raise NoFont("no CJK font (fonts-noto-cjk) to draw a table's picture with")


def _wrap(text: str, chars: int) -> list[str]:
    return [text[i : i + chars] for i in range(0, len(text), chars)] or [""]


def table_picture(rows: list[list[Cell]], labels: tuple[int, ...] = ()) -> bytes:
    """A PNG of a table given as rows of merged cells (text, rowspan, colspan); its first grid columns hold
    the rows' labels, as many characters a line as ``labels`` gives each (:data:`LABEL_CHARS`), the rest
    values. Raises :class:`NoFont` where the machine has no CJK font, ImportError without Pillow."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(_font_path(), FONT_PX)
    cells, width = layout(rows)
    line_h = FONT_PX + 6
    col_w = [(labels[c] * FONT_PX + 2 * _PAD) if c < len(labels) else _VALUE_WIDTH for c in range(width)]
    xs = [0]
    for w in col_w:
        xs.append(xs[-1] + w)

    def lines_of(c: int, cs: int, text: str) -> list[str]:
        chars = max(1, (xs[c + cs] - xs[c] - 2 * _PAD) // FONT_PX)
        return _wrap(text, chars if c < len(labels) or cs > 1 else max(chars, _HEAD_CHARS))

    # each grid row as tall as its one-row cells' wrapped text needs
    n = len(rows)
    row_h = [line_h + 2 * _PAD] * n
    for r, c, rs, cs, text in cells:
        if rs == 1:
            row_h[r] = max(row_h[r], len(lines_of(c, cs, text)) * line_h + 2 * _PAD)
    ys = [0]
    for h in row_h:
        ys.append(ys[-1] + h)
    img = Image.new("L", (xs[-1] + 1, ys[-1] + 1), 255)
    draw = ImageDraw.Draw(img)
    for r, c, rs, cs, text in cells:
        x0, x1, y0, y1 = xs[c], xs[c + cs], ys[r], ys[r + rs]
        draw.rectangle((x0, y0, x1, y1), outline=0, width=2)
        lines = lines_of(c, cs, text)
        top = (y0 + y1 - len(lines) * line_h) // 2
        for k, t in enumerate(lines):
            tw = draw.textlength(t, font=font)
            left = x0 + _PAD if c < len(labels) and cs == 1 else (x0 + x1 - tw) / 2
            draw.text((left, top + k * line_h), t, fill=0, font=font)
    out = io.BytesIO()
    img.save(out, "PNG", dpi=(DPI, DPI))
    return out.getvalue()
