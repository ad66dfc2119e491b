"""OFD (GB/T 33190, the national fixed-layout format: a ZIP of XML pages) → the common document.

The package is read by ofdkit (Apache-2.0, standard library only, bounded: at most 50,000
entries and 64 MiB inflated per part, read in pieces whatever the directory says), which gives
each page's text runs with their position in millimetres (templates and composite objects
included). Runs are split into words and laid out into lines as a PDF's text layer is
(:mod:`ogi.ingest.layout`, rows by the words' vertical centres): every word of a table row is its
own cell with its page and box (in points, as a PDF's), so every value read from it knows where it
stood. OFD's table rulings (path objects) are not read: a table's columns are found from the
positions of its values.

Bounded besides: all parts together at most :data:`MAX_TOTAL` inflated as the directory states
them, a part past a megabyte at most :data:`MAX_RATIO` times its compressed size; at most
:data:`MAX_PAGES` pages (the others named in ``doc.notes``: an ``input.partial`` finding).
"""

from __future__ import annotations

import io
import os
import unicodedata
import zipfile
from typing import Any

from ogi.errors import InputError
from ogi.ingest.layout import PageLayout, Word, page_lines
from ogi.model import Document, Source

MAX_PAGES = int(os.environ.get("OGI_OFD_MAX_PAGES", 100))
MAX_TOTAL = 256 * 1024 * 1024
MAX_RATIO = 200
PT_PER_MM = 72 / 25.4


def _check_package(data: bytes, path: str | None) -> None:
    """Refuse a package whose directory states more than :data:`MAX_TOTAL` bytes inflated, or a
    part past a megabyte inflating past :data:`MAX_RATIO` times its size (a zip bomb)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError) as e:
        raise InputError(f"OFD 文件已损坏，无法读取 ({type(e).__name__})", path=path) from None
    total = 0
    for i in infos:
        total += i.file_size
        if i.file_size > 1024 * 1024 and i.file_size > MAX_RATIO * max(i.compress_size, 1):
            raise _bomb(f"{i.filename} 压缩比超过 {MAX_RATIO}", path)
    if total > MAX_TOTAL:
        raise _bomb(f"解压后共 {total} 字节，超过上限 {MAX_TOTAL} 字节", path)


def _bomb(what: str, path: str | None) -> InputError:
    return InputError(f"OFD 文件疑为压缩炸弹：{what}，已拒绝读取 (zip bomb refused)", path=path)


def _width(ch: str, size: float) -> float:
    return size if unicodedata.east_asian_width(ch) in ("W", "F") else size * 0.5


def words_of(run: Any) -> list[Word]:
    """A text run (ofdkit's ``TextRun``: x, baseline y, size and width in millimetres) as words
    in points, split at spaces; each word's x from the run's width shared out by the characters'
    widths (wide characters a full em, others half)."""
    text: str = run.text
    est = [_width(c, run.size) for c in text]
    scale = (run.width / sum(est)) if sum(est) > 0 and run.width > 0 else 1.0
    top, bottom = (run.y - run.size) * PT_PER_MM, run.y * PT_PER_MM
    out: list[Word] = []
    x = run.x
    start: float | None = None
    chars: list[str] = []
    for ch, w in zip(text, est, strict=True):
        if ch.isspace():
            if chars:
                out.append(Word("".join(chars), start * PT_PER_MM, top, x * PT_PER_MM, bottom))  # type: ignore[operator]
                chars, start = [], None
        else:
            if start is None:
                start = x
            chars.append(ch)
        x += w * scale
    if chars:
        out.append(Word("".join(chars), start * PT_PER_MM, top, x * PT_PER_MM, bottom))  # type: ignore[operator]
    return out


def _joined(words: list[Word]) -> list[Word]:
    """Words that abut on one line joined into one: a document printed to OFD by a print driver puts
    each glyph in a text object of its own (``1931`` four objects), which are one word where no gap
    of a space's width (a fifth of their height) stands between them — a narrow glyph given a full
    cell's width (a decimal point, a minus sign) overlapping the next."""
    if len(words) < 2:
        return words
    out: list[Word] = []
    for w in sorted(words, key=lambda w: (round(w.bottom, 1), w.x0)):
        last = out[-1] if out else None
        if (
            last is not None
            and abs(last.bottom - w.bottom) < 0.5
            and abs(last.top - w.top) < 0.5
            and -0.5 * (w.bottom - w.top) <= w.x0 - last.x1 <= 0.2 * (w.bottom - w.top)
        ):
            out[-1] = Word(last.text + w.text, last.x0, last.top, w.x1, last.bottom)
        else:
            out.append(w)
    return out


def ingest(data: bytes, source: Source) -> Document:
    """Read an OFD package (see the module doc). Raises :class:`InputError` for a damaged
    package, a zip bomb, or one without text."""
    import ofdkit

    _check_package(data, source.path)
    doc = Document(source=source)
    try:
        ofd = ofdkit.open(data)
    except ofdkit.OFDLimitError as e:
        raise InputError(f"OFD 文件超出读取限制，已拒绝读取 ({e})", path=source.path) from None
    except (ofdkit.OFDError, zipfile.BadZipFile, ValueError, EOFError) as e:
        raise InputError(f"OFD 文件已损坏，无法读取 ({e})", path=source.path) from None
    with ofd:
        n = len(ofd.pages)
        source.pages = n
        if n > MAX_PAGES:
            doc.notes.append(f"OFD 共 {n} 页，只读取了前 {MAX_PAGES} 页")
        for i, page in enumerate(ofd.pages[:MAX_PAGES]):
            try:
                x0, y0, width, height = page.box
                runs = [r for r in page.runs if x0 - 5 <= r.x <= x0 + width + 5 and y0 - 5 <= r.y <= y0 + height + 5]
            except ofdkit.OFDError as e:
                doc.notes.append(f"第{i + 1}页无法读取 ({e})")
                continue
            words = _joined([w for r in runs for w in words_of(r)])
            if words:
                # rows by the words' centres: a table's cells centre their text, whatever its size
                lay = PageLayout(i + 1, words, height=height * PT_PER_MM, by_center=True)
                doc.lines.extend(page_lines(lay))
    if not doc.lines:
        raise InputError("OFD 中没有可读取的文字 (no readable text)", path=source.path)
    return doc
