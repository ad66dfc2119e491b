"""A sample report printed as OFD (GB/T 33190): a ZIP of XML — ``OFD.xml`` naming the document,
``Doc_0/Document.xml`` its pages, ``Doc_0/PublicRes.xml`` its font, each page's ``Content.xml``
its text objects (positions in millimetres) and the table's horizontal rules (path objects).

Each table row is printed as a PDF prints it: the label at the left (shrunk to fit its column),
each value a text object of its own in its column; prose wraps at the page's width.
"""

from __future__ import annotations

import io
import re
import zipfile
from xml.sax.saxutils import escape

from ogi.samples.generate import SampleReport
from ogi.samples.printers import print_report

NS = "http://www.ofdspec.org/2016"
PAGE_W, PAGE_H = 210.0, 297.0
LEFT, LABEL_W, VALUES_X, RIGHT = 15.0, 78.0, 95.0, 198.0
TOP, BOTTOM, LINE_H = 20.0, 280.0, 5.0
SIZE = 3.0  # mm
_NUMBER = re.compile(r"[+-]?[\d.,]+")


def _text(oid: int, x: float, y: float, text: str, size: float) -> str:
    w = max(size, size * sum(1.0 if ord(c) > 0x2E7F else 0.5 for c in text))
    return (
        f'<ofd:TextObject ID="{oid}" Boundary="{x:.2f} {y - size:.2f} {w:.2f} {size * 1.2:.2f}" Font="1" '
        f'Size="{size:.2f}"><ofd:TextCode X="0" Y="{size:.2f}">{escape(text)}</ofd:TextCode></ofd:TextObject>'
    )


def _rule(oid: int, y: float) -> str:
    return (
        f'<ofd:PathObject ID="{oid}" Boundary="{LEFT:.2f} {y:.2f} {RIGHT - LEFT:.2f} 0.5" LineWidth="0.25">'
        f"<ofd:AbbreviatedData>M 0 0 L {RIGHT - LEFT:.2f} 0</ofd:AbbreviatedData></ofd:PathObject>"
    )


def _wrap(text: str, width: int) -> list[str]:
    return [text[i : i + width] for i in range(0, len(text), width)] or [""]


def _glyphs(oid: int, x: float, y: float, text: str, size: float) -> tuple[int, list[str]]:
    """``text`` a text object per character, side by side (as a print driver writes them); the last
    object id used and the objects."""
    out = []
    for ch in text:
        oid += 1
        out.append(_text(oid, x, y, ch, size))
        # each object's box a full cell wide; the pen moves on by the glyph's own advance (a point, a
        # minus sign: narrower than their boxes, which overlap the next glyph's)
        x += size * (1.0 if ord(ch) > 0x2E7F else 0.25 if ch in ".-" else 0.5)
    return oid, out


def render_ofd(rep: SampleReport, per_glyph: bool = False) -> bytes:
    """The report as an OFD package (bytes); ``per_glyph``: each character a text object of its own,
    as a document printed to OFD by a print driver has it."""
    pages: list[list[str]] = [[]]
    y = TOP
    oid = 10

    def next_y() -> float:
        """The top of the next line, on a new page when this one is full."""
        nonlocal y
        if y > BOTTOM:
            pages.append([])
            y = TOP
        y += LINE_H
        return y - LINE_H

    for line in print_report(rep, "pipe").splitlines():
        cells = [c.strip() for c in line.split(" | ")] if " | " in line else [line.strip()]
        cells = [c.rstrip("|").strip() for c in cells if c.rstrip("|").strip()]
        values = [c for c in cells if _NUMBER.fullmatch(c)]
        if not values:
            for piece in _wrap(" ".join(cells), 56):
                top = next_y()
                if per_glyph:
                    oid, objs = _glyphs(oid, LEFT, top + SIZE, piece, SIZE)
                    pages[-1].extend(objs)
                    continue
                oid += 1
                pages[-1].append(_text(oid, LEFT, top + SIZE, piece, SIZE))
            continue
        top = next_y()
        label = "".join(c for c in cells if not _NUMBER.fullmatch(c))
        if label:  # shrunk to fit its column, centred in the row as a table cell's text is
            size = min(SIZE, LABEL_W / max(1, len(label)))
            oid += 1
            pages[-1].append(_text(oid, LEFT, top + (SIZE + size) / 2, label, size))
        step = (RIGHT - VALUES_X) / max(7, len(values))
        for i, v in enumerate(values):
            size = min(SIZE, step / max(1, len(v)) * 1.6)
            if per_glyph:
                oid, objs = _glyphs(oid, VALUES_X + i * step, top + (SIZE + size) / 2, v, size)
                pages[-1].extend(objs)
                continue
            oid += 1
            pages[-1].append(_text(oid, VALUES_X + i * step, top + (SIZE + size) / 2, v, size))
        oid += 1
        pages[-1].append(_rule(oid, top + LINE_H - 0.5))

    z = io.BytesIO()
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr(
            "OFD.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{NS}" Version="1.0" DocType="OFD">'
            f"<ofd:DocBody><ofd:DocInfo><ofd:DocID>{rep.seed:032x}</ofd:DocID><ofd:Title>{escape(rep.agency)}"
            f"</ofd:Title><ofd:CreationDate>{rep.year + 1}-01-20</ofd:CreationDate></ofd:DocInfo>"
            "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        )
        refs = "".join(f'<ofd:Page ID="{100 + i}" BaseLoc="Pages/Page_{i}/Content.xml"/>' for i in range(len(pages)))
        out.writestr(
            "Doc_0/Document.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{NS}"><ofd:CommonData>'
            f"<ofd:MaxUnitID>{oid + len(pages) + 100}</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 {PAGE_W} "
            f"{PAGE_H}</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData>"
            f"<ofd:Pages>{refs}</ofd:Pages></ofd:Document>",
        )
        out.writestr(
            "Doc_0/PublicRes.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="{NS}" BaseLoc="Res"><ofd:Fonts>'
            '<ofd:Font ID="1" FontName="宋体" FamilyName="宋体"/></ofd:Fonts></ofd:Res>',
        )
        for i, items in enumerate(pages):
            out.writestr(
                f"Doc_0/Pages/Page_{i}/Content.xml",
                f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{NS}"><ofd:Content>'
                f'<ofd:Layer ID="{2 + i}">{"".join(items)}</ofd:Layer></ofd:Content></ofd:Page>',
            )
    return z.getvalue()
