"""A report as a PDF whose table 3 is set a quarter turn on a portrait page (a wide table turned, as a Word
table's text direction or a page's CSS rotate prints it): the text layer only, written here.

The report's text as laid out with spaces (:func:`ogi.samples.printers.print_report`, style ``layout``) is
set word by word (a word where its display column puts it: a CJK character two columns, 4 points a column
at 8 points), the lines of table 3 on a page of their own, turned to the ``left`` (counter-clockwise: its
lines read upward) or the ``right``; the other lines upright, 60 to a page. The font is Adobe's
``STSong-Light`` (not embedded: the text layer is what is read), its characters in UCS-2.
"""

from __future__ import annotations

import unicodedata

from ogi.samples.generate import SampleReport
from ogi.samples.printers import print_report

W, H = 595.0, 842.0  # A4 in points
SIZE = 8.0
COLUMN = SIZE / 2  # points a display column
LEADING = 12.0
MARGIN = 40.0
PER_PAGE = 60
WRAP = 120  # display columns a line holds at most (upright: the page's width)


def _width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _words(line: str) -> list[tuple[int, str]]:
    """The words of a line laid out with spaces, each with its display column."""
    out: list[tuple[int, str]] = []
    col, word, start = 0, "", 0
    for ch in line:
        if ch == " ":
            if word:
                out.append((start, word))
                word = ""
            col += 1
            continue
        if not word:
            start = col
        word += ch
        col += _width(ch)
    if word:
        out.append((start, word))
    return out


def _wrapped(line: str) -> list[str]:
    out, cur, width = [], "", 0
    for ch in line:
        if width + _width(ch) > WRAP:
            out.append(cur)
            cur, width = "", 0
        cur += ch
        width += _width(ch)
    return [*out, cur]


def _hex(text: str) -> str:
    return "".join(f"{ord(ch):04X}" for ch in text if ord(ch) <= 0xFFFF)


def _page(lines: list[str], side: str | None) -> bytes:
    """A page's content stream: ``lines`` upright (``side`` None) or turned to ``side``."""
    ops = []
    for i, line in enumerate(lines):
        base = MARGIN + i * LEADING + SIZE  # the line's baseline, down its frame
        for col, word in _words(line):
            x = MARGIN + col * COLUMN  # along the line, in its frame
            if side is None:
                m = f"1 0 0 1 {x:.2f} {H - base:.2f}"
            elif side == "left":  # its lines read upward: frame (x, y down) is the page's (y, x) from below
                m = f"0 1 -1 0 {base:.2f} {x:.2f}"
            else:  # read downward: the page's (W - y, H - x)
                m = f"0 -1 1 0 {W - base:.2f} {H - x:.2f}"
            ops.append(f"BT /F1 {SIZE:g} Tf {m} Tm <{_hex(word)}> Tj ET")
    return "\n".join(ops).encode("ascii")


def turned_pdf(rep: SampleReport, side: str = "left") -> bytes:
    """The PDF bytes of ``rep``, its table 3 turned to ``side`` ("left" or "right") on a page of its own."""
    text = print_report(rep, "layout").split("\n")
    head = next(i for i, t in enumerate(text) if t.startswith("三、收到和处理"))
    end = next(i for i, t in enumerate(text) if i > head and t.startswith("四、政府信息公开行政复议"))
    before = [w for t in text[: head + 1] for w in _wrapped(t)]
    after = [w for t in text[end:] for w in _wrapped(t)]
    pages: list[tuple[list[str], str | None]] = [
        (before[i : i + PER_PAGE], None) for i in range(0, len(before), PER_PAGE)
    ]
    pages.append((text[head + 1 : end], side))
    pages += [(after[i : i + PER_PAGE], None) for i in range(0, len(after), PER_PAGE)]
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # the page tree, once the pages are numbered
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [4 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) "
        b"/Ordering (GB1) /Supplement 4 >> /FontDescriptor 5 0 R /DW 1000 /W [1 95 500] >>",
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 "
        b"/Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
    ]
    kids = []
    for lines, side_of in pages:
        stream = _page(lines, side_of)
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        content = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /Font << /F1 3 0 R >> >> "
            b"/Contents %d 0 R >>" % (int(W), int(H), content)
        )
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


__all__ = ["turned_pdf"]
