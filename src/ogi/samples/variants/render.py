"""Print a planned report in a format: the text styles, HTML, DOCX, PDF (the HTML page printed by
LibreOffice headless) and scans (the PDF's pages rasterized by pdftoppm, then degraded with
Pillow/numpy: resolution, speckle, noise, blur, JPEG compression, small rotation; saved as an
image-only PDF or as one tall PNG/JPEG, as a long screenshot is).

PDF and scans need ``soffice`` and ``pdftoppm`` on the PATH (:func:`heavy_tools`); they are made in
batches (:func:`to_pdfs`), one LibreOffice run for many pages.
"""

from __future__ import annotations

import io
import random
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ogi.samples.generate import SampleReport
from ogi.samples.printers import print_report

SUFFIX = {
    "pipe": ".txt",
    "markdown": ".md",
    "cells": ".txt",
    "tabs": ".txt",
    "csv": ".txt",
    "mineru": ".md",
    "grid": ".txt",
    "box": ".txt",
    "bars": ".txt",
    "bare": ".txt",
    "runon": ".txt",
    "pdftext": ".txt",
    "lines": ".txt",
    "layout": ".txt",
    "html": ".html",
    "docx": ".docx",
    "xlsx": ".xlsx",
    "pdf2xlsx": ".xlsx",
    "markitdown": ".md",
    "eml": ".eml",
    "pdf": ".pdf",
    "scan": ".pdf",
    "png": ".png",
    "jpg": ".jpg",
}


class ToolMissing(RuntimeError):
    """A format needs a program that is not installed (soffice, pdftoppm)."""


def heavy_tools() -> list[str]:
    """The programs PDF and scan formats need that are missing here (empty when all are installed)."""
    return [t for t in ("soffice", "pdftoppm") if shutil.which(t) is None]


def messy(seed: int, fmt: str, said: bool | None = None) -> bool:
    """Whether the page or document carries the markup of real pages (paragraphs and spans in cells,
    labels broken by <br>, &nbsp;): as the plan says, else half the HTML and DOCX by seed. A PDF is
    printed from clean markup unless the plan says otherwise (kind pieces, form across_pages)."""
    if said is not None:
        return said
    if fmt in ("html", "docx"):
        return random.Random(f"messy:{seed}").random() < 0.5
    return False


def render_light(rep: SampleReport, fmt: str, seed: int, markup: bool | None = None) -> bytes:
    """Text, HTML, DOCX or XLSX bytes of ``rep`` (``markup``: the plan's :func:`messy` choice, if any)."""
    if fmt == "pdf2xlsx":  # the layout text's pages (with a void version, if any) put on sheets by position
        from ogi.samples.xlsx import render_positioned

        charset, rep.layout.charset = rep.layout.charset, ""  # (a workbook keeps its characters: no codec of its own)
        try:
            return render_positioned(render_light(rep, "layout", seed, markup).decode("utf-8"))
        finally:
            rep.layout.charset = charset
    if fmt == "markitdown":  # the workbook as markitdown prints it
        from ogi.samples.xlsx import render_pandas_markdown

        return render_pandas_markdown(render_light(rep, "xlsx", seed, markup)).encode("utf-8")
    if rep.layout.versions is not None and fmt != "docx":  # with a void version of it (text styles, HTML)
        where, void = rep.layout.versions
        rep.layout.versions = None
        try:
            mine, other = render_light(rep, fmt, seed, markup), render_light(void, fmt, seed, markup)
        finally:
            rep.layout.versions = (where, void)
        if fmt == "html":  # one page: the other's body within this one's
            inner = other.split(b"<body>", 1)[-1].rsplit(b"</body>", 1)[0]
            head, body = mine.split(b"<body>", 1)
            return (
                head
                + b"<body>"
                + (inner + body if where == "first" else body.replace(b"</body>", inner + b"</body>", 1))
            )
        return other + b"\n\n" + mine if where == "first" else mine + b"\n\n" + other
    if fmt == "html":
        from ogi.samples.html import render_html

        page = scripted(render_html(rep, messy=messy(seed, fmt, markup)), rep.layout.script)
        return encoded(page, rep.layout.charset, html=True)
    if fmt == "docx":
        from ogi.samples.docx import render_docx

        return render_docx(rep, messy=messy(seed, fmt, markup))
    if fmt == "xlsx":
        from ogi.samples.xlsx import render_xlsx

        return render_xlsx(rep)
    if fmt == "eml":
        return mailed(rep, seed, markup)
    text = print_report(rep, fmt)
    if rep.layout.radicals:  # the radicals a PDF's font gave for the characters they look like
        from ogi.template.text import RADICALS

        back = {ord(c): r for r, c in RADICALS.items() if len(c) == 1 and r < 0x2F00}  # (the supplement's)
        back.update({ord(c): r for r, c in RADICALS.items() if len(c) == 1 and r >= 0x2F00})  # Kangxi's first
        text = text.translate(back)
    if rep.layout.margins:
        text = margined(text, rep.layout.margins, seed)
    if rep.layout.ocr_text:
        text = ocr_texted(text, rep.layout.ocr_text, seed)
    return encoded(scripted(text, rep.layout.script), rep.layout.charset)


# the codec of a Layout.charset's bytes and the charset its page declares
CHARSETS = {"big5_said_gb2312": ("big5", "gb2312"), "gbk_said_big5": ("gbk", "big5")}


def encoded(text: str, charset: str, html: bool = False) -> bytes:
    """``text`` as bytes: UTF-8 for ``charset`` "", else in the codec :data:`CHARSETS` gives it (a character the
    codec lacks as the browser saves it, &#NNNN; in a page, ``?`` in a text), a page's ``<meta charset>`` saying
    the other codec."""
    if not charset:
        return text.encode("utf-8")
    codec, said = CHARSETS[charset]
    if html:
        text = text.replace(
            '<meta charset="utf-8"/>', f'<meta http-equiv="Content-Type" content="text/html; charset={said}"/>'
        )
    return text.encode(codec, errors="xmlcharrefreplace" if html else "replace")


# a watermark's words (on lines of their own) and glyphs (among a row's values)
WATERMARK = "内部资料 仅供参考"
_ROW_VALUES = re.compile(r"(?<=\d) (?=\d+(?: \d+)* *$)")  # a space between a row's values, the last ones of its line
PAGE_LINES = 40  # lines of a page numbered page by page


def margined(text: str, form: str, seed: int) -> str:
    """``text`` (taken from a PDF's pages) with what the page printed beside the report (Layout.margins):
    "line_numbers" every line's number before it, "page_numbers" the same from 1 on each page of
    :data:`PAGE_LINES` lines, right-aligned, "watermark" a glyph of :data:`WATERMARK` between two of a row's
    values in a row of four or more now and then, and its words on a line of their own every so often, before
    a line of words (between two rows: a row's cells share their line on the page); and now and then the organ's
    seal over a row, its words run into one of the row's values (公开3专用章)."""
    lines = text.split("\n")
    if form == "line_numbers":
        return "\n".join(f"{i} {ln}".rstrip() for i, ln in enumerate(lines, 1))
    if form == "page_numbers":
        return "\n".join(f"{i % PAGE_LINES + 1:>3}  {ln}".rstrip() for i, ln in enumerate(lines))
    rng = random.Random(f"watermark:{seed}")
    seal, sealed = random.Random(f"seal:{seed}"), False
    glyphs = WATERMARK.replace(" ", "")
    out = []
    due = False  # the watermark's words due on a line of their own: between two rows (a row's cells share a line)
    for i, ln in enumerate(lines):
        due = due or i % 23 == 11
        if due and not ln.lstrip()[:1].isdigit():
            out.append(WATERMARK)
            due = False
        gaps = [m.start() for m in _ROW_VALUES.finditer(ln)]
        if len(gaps) >= 3 and rng.random() < 0.3:
            at = rng.choice(gaps[1:])  # (not before the row's first value: that one is its label's neighbour)
            ln = f"{ln[:at]} {rng.choice(glyphs)}{ln[at:]}"
        elif len(gaps) >= 5 and not sealed and seal.random() < 0.5:
            # the organ's seal over a row: its words run into a value's digits (公开3专用章), not the row's first
            words = list(_VALUE_WORD.finditer(ln))[1:-1]
            if words:
                w = seal.choice(words)
                ln = f"{ln[: w.start()]}公开{w.group(0)}专用章{ln[w.end() :]}"
                sealed = True
        out.append(ln)
    return "\n".join(out)


# a line of a table: its headings (申请人情况's, 信息内容's), or two numbers or more
_TABLE_LINE = re.compile(r"自然人|商业企业|信息内容|结果维持|(?:\d\s+){2,}")
_CELL_GAP = re.compile(r"(?<=\S) +(?=\S)")
_VALUE_WORD = re.compile(r"(?<= )\d+(?= |$)")
_LOOKALIKE = {"0": ("O", "o", "〇", "~0", "0[?]"), "1": ("l",)}
_SECTION_HEADING = re.compile(r"^(\s*[一二三四五六]、)([\u4e00-\u9fff]{4,12})\s*$")
# digits a scan's text layer reads as letters of their shape, in a number or alone (Z6, 2B54, S)
_LETTER_OF = {"2": "Z", "5": "S", "8": "B", "6": "G"}


def ocr_texted(text: str, form: str, seed: int) -> str:
    """``text`` as another OCR tool gives it (Layout.ocr_text): "jittered" every gap between two words of a
    table's line (its headings, its rows) a run of one to five spaces; "lookalikes" now and then a row's
    value 0 or 1, not its first, as a letter or sign of its look or with the tool's mark of doubt, and a digit
    2, 5, 8 or 6 of a value, not the row's first, as the letter of its shape (Z6, 2B54, S); and now and then a
    character of a section's heading lost or read as another."""
    rng = random.Random(f"ocr_text:{seed}")
    heading = random.Random(f"ocr_heading:{seed}")
    out = []
    for ln in text.split("\n"):
        if form == "lookalikes" and (h := _SECTION_HEADING.match(ln)) and heading.random() < 0.3:
            # a character of a section's title lost or read as another (六、其 需要报告的事项, 一、总休情况)
            at = h.start(2) + heading.randrange(1, len(h.group(2)))
            ln = ln[:at] + heading.choice((" ", "", "口")) + ln[at + 1 :]
        if _TABLE_LINE.search(ln):
            if form == "jittered":
                ln = _CELL_GAP.sub(lambda m: " " * rng.randint(1, 5), ln.strip())
            else:
                words = re.split(r"( +)", ln)  # (the spaces kept: text laid out keeps its places)
                nums = [i for i, w in enumerate(words) if w in _LOOKALIKE and i > 1 and words[i - 2].isdigit()]
                for i in nums:
                    if rng.random() < 0.25:
                        w = rng.choice(_LOOKALIKE[words[i]])
                        words[i] = w
                        if len(w) > 1 and words[i - 1].startswith("  "):  # (a place kept: the spaces before it)
                            words[i - 1] = words[i - 1][len(w) - 1 :]
                for i, w in enumerate(words):
                    shaped = [k for k, ch in enumerate(w) if ch in _LETTER_OF]
                    if i > 1 and w.isdigit() and words[i - 2].isdigit() and shaped and rng.random() < 0.2:
                        k = rng.choice(shaped)
                        words[i] = w[:k] + _LETTER_OF[w[k]] + w[k + 1 :]
                ln = "".join(words)
        out.append(ln)
    return "\n".join(out)


def mailed(rep: SampleReport, seed: int, markup: bool | None = None) -> bytes:
    """The report as a supervising office receives it by mail (a saved ``.eml``), by seed: its page as the
    message's HTML body (quoted-printable, GB18030), its Word file attached (base64, its name in RFC 2231)
    under a cover note, or its text in a reply quoting it (``> ``) under the reply's own lines."""
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["From"] = "gongkai@example.gov.cn"
    msg["To"] = "zwgkb@example.gov.cn"
    msg["Subject"] = f"报送{rep.year}年度政府信息公开工作年度报告"
    msg["Date"] = f"Mon, 15 Jan {rep.year + 1} 10:23:45 +0800"
    form = seed % 3
    if form == 0:
        from ogi.samples.html import render_html

        page = scripted(render_html(rep, messy=messy(seed, "html", markup)), rep.layout.script)
        msg.set_content("请查收。", charset="utf-8")
        msg.add_alternative(page, subtype="html", charset="gb18030", cte="quoted-printable")
    elif form == 1:
        from ogi.samples.docx import render_docx

        msg.set_content("您好：附件为我单位年度报告，请审阅。\n\n办公室", charset="utf-8")
        subtype = "vnd.openxmlformats-officedocument.wordprocessingml.document"
        name = f"{rep.year}年政府信息公开工作年度报告.docx"
        msg.add_attachment(render_docx(rep, messy=messy(seed, "docx", markup)), "application", subtype, filename=name)
    else:
        text = scripted(print_report(rep, "pipe"), rep.layout.script)
        quoted = "\n".join(f"> {ln}" if ln else ">" for ln in text.split("\n"))
        reply = f"已收到，谢谢。\n\n在 {rep.year + 1}年1月15日，来信写道：\n{quoted}"
        msg.set_content(reply, charset="utf-8", cte="base64")
    return bytes(msg)


# pinyin's shape as reading aids glue it (any syllable will do: the reader takes out the annotation, never reads it)
_SYLLABLES = ("zhèng", "fǔ", "xìn", "xī", "gōng", "kāi", "nián", "dù", "bào", "gào", "shēn", "qǐng", "chǔ", "lǐ")
_DIGITS = ("zheng4", "fu3", "xin4", "xi1", "gong1", "kai1", "nian2", "du4", "bao4", "gao4", "shen1", "qing3")
_ZHUYIN = ("ㄓㄥˋ", "ㄈㄨˇ", "ㄒㄧㄣˋ", "ㄒㄧ", "ㄍㄨㄥ", "ㄎㄞ")


def scripted(text: str, script: str) -> str:
    """``text`` as a converter or a reading aid leaves it (:attr:`Layout.script`): traditional characters
    (OpenCC's s2t, s2tw with 信息 as 資訊, s2hk), or each character with its pinyin glued after it (tone marks,
    tone digits, a word's in brackets) or its zhuyin in brackets; ``text`` itself for ""."""
    if not script:
        return text
    if script in ("traditional", "taiwan", "hongkong"):
        import opencc

        config = {"traditional": "s2t", "taiwan": "s2tw", "hongkong": "s2hk"}[script]
        out = opencc.OpenCC(config).convert(text)
        return out.replace("信息", "資訊") if script == "taiwan" else out
    han = re.compile(r"[\u4e00-\u9fff]{2}" if script == "pinyin_words" else r"[\u4e00-\u9fff]")

    def annotate(m: re.Match[str]) -> str:
        word = m.group(0)
        k = sum(map(ord, word))
        if script == "pinyin":
            return word + _SYLLABLES[k % len(_SYLLABLES)]
        if script == "pinyin_digits":
            return word + _DIGITS[k % len(_DIGITS)]
        if script == "zhuyin":
            return f"{word}({_ZHUYIN[k % len(_ZHUYIN)]})"
        return f"{word}({''.join(_SYLLABLES[(ord(c) + i) % len(_SYLLABLES)] for i, c in enumerate(word))})"

    return han.sub(annotate, text)


def to_pdfs(pages: list[str], timeout: float = 900) -> list[bytes]:
    """HTML pages printed to PDF by LibreOffice headless (imported into Writer, A4), in one run with
    its own throwaway profile.

    Raises ToolMissing without ``soffice``, RuntimeError when a page yields no PDF."""
    if shutil.which("soffice") is None:
        raise ToolMissing("PDF needs LibreOffice (soffice) on the PATH")
    if not pages:
        return []
    with tempfile.TemporaryDirectory(prefix="ogi-variants-") as d:
        files = []
        for i, page in enumerate(pages):
            f = Path(d) / f"p{i:05d}.html"
            f.write_text(page, "utf-8")
            files.append(f)
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{d}/profile",
                "--headless",
                # into Writer proper: Writer/Web (the default for .html) prints a blank first page here
                # (LibreOffice 7.4), the title and opening paragraphs lost
                "--infilter=HTML (StarWriter)",
                "--convert-to",
                "pdf",
                "--outdir",
                d,
                *map(str, files),
            ],
            capture_output=True,
            timeout=timeout,
            check=True,
        )
        out = []
        for f in files:
            pdf = f.with_suffix(".pdf")
            if not pdf.exists():
                raise RuntimeError(f"LibreOffice made no PDF of {f.name}")
            out.append(pdf.read_bytes())
        return out


@dataclass(frozen=True, slots=True)
class Scan:
    """How a page is scanned: resolution (dpi), speckle (share of pixels flipped black or white),
    noise (σ of Gaussian grey noise), blur (Gaussian radius in pixels), JPEG quality (None: lossless),
    rotation (degrees)."""

    dpi: int = 200
    speckle: float = 0.0
    noise: float = 0.0
    blur: float = 0.0
    jpeg: int | None = None
    rotate: float = 0.0
    # the page's light: its paper's grey (1.0 white; 0.8 grey paper) and how much darker toward its lower left
    # (0.0 even; 0.5 half as light at that corner: a page photographed with its light to one side)
    paper: float = 1.0
    falloff: float = 0.0

    def describe(self) -> str:
        parts = [f"{self.dpi}dpi"]
        if self.paper < 1.0:
            parts.append(f"paper{self.paper:g}")
        if self.falloff:
            parts.append(f"falloff{self.falloff:g}")
        if self.speckle:
            parts.append(f"speckle{self.speckle:g}")
        if self.noise:
            parts.append(f"noise{self.noise:g}")
        if self.blur:
            parts.append(f"blur{self.blur:g}")
        if self.jpeg:
            parts.append(f"q{self.jpeg}")
        if self.rotate:
            parts.append(f"rot{self.rotate:+.1f}")
        return ",".join(parts)


def scan_of(seed: int, fmt: str, harsh: bool) -> Scan:
    """The scan of ``seed``: harsh (kind doubt) draws every degradation, otherwise a clean office scan.
    Tall PNG/JPEG images are screenshots, at 150 or 200 dpi."""
    rng = random.Random(f"scan:{seed}")
    dpis = (150, 200) if fmt in ("png", "jpg") else (150, 200, 300)
    if not harsh:  # an office scanner's page (a little noise, a slight skew), or a clean screenshot
        if fmt == "scan":
            return Scan(dpi=200, noise=4.0, rotate=rng.choice((0.0, 0.0, 0.4, -0.4)))
        return Scan(dpi=rng.choice(dpis), jpeg=85 if fmt == "jpg" else None)
    light = random.Random(f"light:{seed}")  # grey paper or light falling off, now and then
    return Scan(
        dpi=rng.choice(dpis),
        speckle=rng.choice((0.0, 0.0005, 0.002)),
        noise=rng.choice((0.0, 6.0, 12.0)),
        blur=rng.choice((0.0, 0.0, 0.6, 1.0)),
        jpeg=rng.choice((90, 70, 45)) if fmt == "jpg" else rng.choice((None, None, 80, 50)),
        rotate=rng.choice((0.0, round(rng.uniform(-1.5, 1.5), 1))),
        paper=light.choice((1.0, 1.0, 1.0, 0.8, 0.7)),
        falloff=light.choice((0.0, 0.0, 0.0, 0.35, 0.5)),
    )


def scanned(pdf: bytes, fmt: str, how: Scan, seed: int) -> bytes:
    """A PDF's pages scanned as ``how`` says: an image-only PDF (fmt scan) or one tall image (png, jpg).

    Raises ToolMissing without ``pdftoppm``."""
    if shutil.which("pdftoppm") is None:
        raise ToolMissing("scans need pdftoppm (poppler-utils) on the PATH")
    import numpy as np
    from PIL import Image, ImageFilter

    rng = np.random.default_rng(seed)
    with tempfile.TemporaryDirectory(prefix="ogi-scan-") as d:
        src = Path(d) / "in.pdf"
        src.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", str(how.dpi), "-gray", "-png", str(src), f"{d}/p"], check=True, timeout=300)
        pages = []
        for p in sorted(Path(d).glob("p-*.png")):
            im = Image.open(p).convert("L")
            if how.blur:
                im = im.filter(ImageFilter.GaussianBlur(how.blur))
            if how.rotate:
                im = im.rotate(how.rotate, resample=Image.Resampling.BICUBIC, fillcolor=255)
            a = np.asarray(im, dtype=np.float32)
            if how.paper < 1.0 or how.falloff:  # the page's light: grey paper, darker toward its lower left
                yy, xx = np.mgrid[0 : a.shape[0], 0 : a.shape[1]].astype(np.float32)
                toward = (yy / a.shape[0] + (1 - xx / a.shape[1])) / 2  # 0 at the upper right, 1 at the lower left
                a = a * how.paper * (1 - how.falloff * toward)
            if how.noise:
                a = a + rng.normal(0, how.noise, a.shape)
            if how.speckle:
                flip = rng.random(a.shape)
                a[flip < how.speckle / 2] = 0
                a[(flip >= how.speckle / 2) & (flip < how.speckle)] = 255
            im = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
            if how.jpeg and fmt != "jpg":  # the page went through JPEG once, as a scanner's PDF does
                buf = io.BytesIO()
                im.save(buf, "JPEG", quality=how.jpeg)
                im = Image.open(io.BytesIO(buf.getvalue())).convert("L")
            pages.append(im)
    out = io.BytesIO()
    if fmt == "scan":
        pages[0].save(out, "PDF", save_all=True, append_images=pages[1:], resolution=how.dpi)
        return out.getvalue()
    tall = Image.new("L", (max(p.width for p in pages), sum(p.height for p in pages)), 255)
    y = 0
    for p in pages:
        tall.paste(p, (0, y))
        y += p.height
    if fmt == "png":
        tall.save(out, "PNG", dpi=(how.dpi, how.dpi))
    else:
        tall.save(out, "JPEG", quality=how.jpeg or 85, dpi=(how.dpi, how.dpi))
    return out.getvalue()


def searchable(pdf: bytes, dpi: int = 150) -> bytes:
    """A PDF of text made a "searchable" scan, as a scanner's OCR leaves one: each page its picture (rendered at
    ``dpi``) under an invisible text layer that holds only the page's prose — the text standing within its
    tables' ruling lines left out (an OCR that skipped the tables), the rulings themselves only in the picture.

    Raises ImportError without pypdfium2 (the ``pdf`` extra)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    from ogi.samples.pdftext import over_page

    doc = pdfium.PdfDocument(pdf)
    try:
        for i in range(len(doc)):
            page = doc[i]
            picture = page.render(scale=dpi / 72).to_pil().convert("RGB")
            objs = list(page.get_objects(max_depth=1))
            ruled = _ruled_boxes([o.get_bounds() for o in objs if o.type == raw.FPDF_PAGEOBJ_PATH])
            for o in objs:
                left, bottom, right, top = o.get_bounds()
                mid = (bottom + top) / 2
                in_table = any(
                    b - 2 <= mid <= t + 2 and x0 - 2 <= (left + right) / 2 <= x1 + 2 for x0, b, x1, t in ruled
                )
                if o.type == raw.FPDF_PAGEOBJ_TEXT and not in_table:
                    raw.FPDFTextObj_SetTextRenderMode(o, raw.FPDF_TEXTRENDERMODE_INVISIBLE)
                else:
                    page.remove_obj(o)
            over_page(doc, page, picture)
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()
    finally:
        doc.close()


def _ruled_boxes(rules: list[tuple[float, float, float, float]]) -> list[tuple[float, float, float, float]]:
    """The boxes (left, bottom, right, top) of the tables a page's ruling lines draw: the lines that touch one
    another (within 3 points) joined into one box."""
    boxes: list[list[float]] = []
    for r in rules:
        box = list(r)
        for b in [
            b for b in boxes if b[0] - 3 <= box[2] and box[0] <= b[2] + 3 and b[1] - 3 <= box[3] and box[1] <= b[3] + 3
        ]:
            boxes.remove(b)
            box = [min(box[0], b[0]), min(box[1], b[1]), max(box[2], b[2]), max(box[3], b[3])]
        boxes.append(box)
    return [(a, b, c, d) for a, b, c, d in boxes]
